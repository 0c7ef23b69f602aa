use unicode_segmentation::UnicodeSegmentation;

use super::{Check, Context, declare_rule};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Counts the words the writer wrote (the quoted reply and the signature do not count, nor a
    /// "Next steps" block, which repeats the asks as `next-steps` wants them) and reports a
    /// draft over the limit, pointing at the first word past it.
    ///
    /// ## Why is this bad?
    /// A long message mixes topics and buries what the client must do. The service rule: split
    /// long emails by action item or topic, one message each, so every thread stays about one thing.
    ///
    /// ## Example
    /// A 350-word update on the site launch, the invoice and next month's maintenance.
    ///
    /// Use instead: three short messages ("Launch (1/3)", "Invoice (2/3)", "Maintenance (3/3)").
    ///
    /// ## Configuration
    /// `max_words` (default 200) in `lints/too-long.toml`, or in the config:
    /// ```toml
    /// [rules.too-long]
    /// max_words = 300
    /// ```
    pub struct TooLong {
        id: "too-long",
        severity: Warning,
        summary: "the writer's own text is over the word limit (quote and signature excluded)",
    }
}

impl Check for TooLong {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let max = cx.usize("max_words");
        let own = &cx.draft.own;
        if own.max_word_count() <= max {
            return;
        }
        let words = own.word_count().saturating_sub(steps_block_words(cx));
        if words <= max {
            return;
        }
        let mut finding = Finding::new(msg!("too-long-message", words = words, max = max))
            .help(msg!("too-long-help"));
        if let Some((at, w)) = own.text.unicode_word_indices().nth(max)
            && let Some(span) = own.locate(at..at + w.len())
        {
            finding = finding
                .at(span)
                .label(msg!("too-long-label", word = max + 1));
        }
        out.push(finding);
    }
}

/// The words of a "Next steps" block: a heading line as next-steps tells it
/// ([`super::next_steps::is_heading`]) and the lines under it up to a blank line. The summary next-steps asks for,
/// and `fix` inserts, repeats what the text asks: it makes no message too long.
fn steps_block_words(cx: &Context<'_>) -> usize {
    let own = &cx.draft.own;
    let mut words = 0;
    let mut in_block = false;
    for (_, offset, line) in own.lines() {
        let t = line.trim();
        if t.is_empty() {
            in_block = false;
            continue;
        }
        if !in_block {
            in_block = super::next_steps::is_heading(cx, offset, line);
        }
        if in_block {
            words += t.unicode_words().count();
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn counts_only_own_words_in_every_language() {
        for word in ["word", "parola", "слово"] {
            let long = vec![word; 210].join(" ");
            assert_eq!(run(&TooLong, &draft(None, &long)).len(), 1, "{word}");
            let short = vec![word; 150].join(" ");
            let quoted = format!("{short}\n\nOn Mon, Anna wrote:\n> {long}\n");
            assert!(run(&TooLong, &draft(None, &quoted)).is_empty(), "{word}");
        }
    }

    #[test]
    fn points_at_the_first_word_past_the_limit() {
        let text = format!("{}\nlast words here", vec!["w"; 199].join(" "));
        let d = draft(Some(crate::draft::Lang::En), &text);
        let f = run(&TooLong, &d);
        assert_eq!(flagged(&d, &f), vec!["words"]);
    }

    /// The "Next steps" block that next-steps asks for (and `fix` inserts) does not count: a
    /// draft under the limit stays under it once fixed. Near misses: the heading inside a
    /// sentence, and the text after the block's blank line, count.
    #[test]
    fn a_next_steps_block_is_not_length() {
        for (word, heading, item) in [
            (
                "word",
                "Next steps:",
                "- send me the logo in SVG by Friday please",
            ),
            (
                "parola",
                "Prossimi passi:",
                "- mandami il logo in SVG entro venerdì per favore",
            ),
            (
                "слово",
                "Следующие шаги:",
                "- пришлите логотип в SVG до пятницы пожалуйста",
            ),
        ] {
            let text = vec![word; 195].join(" ");
            let items = [item; 3].join("\n");
            let fixed = format!("{text}\n\n{heading}\n{items}\n");
            assert!(run(&TooLong, &draft(None, &fixed)).is_empty(), "{heading}");
            let in_prose = format!("{text}\n\nThe {heading} {items}\n");
            assert_eq!(run(&TooLong, &draft(None, &in_prose)).len(), 1, "{heading}");
            let after = format!("{text}\n\n{heading}\n{items}\n\n{}\n", [word; 10].join(" "));
            assert_eq!(run(&TooLong, &draft(None, &after)).len(), 1, "{heading}");
        }
    }
}
