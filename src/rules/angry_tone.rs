use unicode_segmentation::UnicodeSegmentation;

use super::{Check, Context, declare_rule};
use crate::draft::Span;
use crate::finding::Finding;

declare_rule! {
    /// ## What it does
    /// Looks for anger in the writer's own text: hostile words ("ridiculous", "vergognoso",
    /// "безобразие", in all their inflections), accusations aimed at the reader ("you never",
    /// "quante volte", "вы всегда"), shouting (several ALL-CAPS words in a row) and "!!!" or
    /// "?!" runs. Quoted text and the signature are never read: a calm reply that quotes an
    /// angry client is calm.
    ///
    /// ## Why is this bad?
    /// An email written in anger cannot be taken back, and it turns a problem into a quarrel.
    /// The seed's rule: never send an angry email; wait a few hours or until the next day, then
    /// reread it. `mailcheck send` holds such a draft for a cool-down instead of refusing it.
    ///
    /// ## Example
    /// ```text
    /// This is RIDICULOUS!!! How many times do I have to ask for the logo?
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// I still don't have the logo, and the print run starts on Friday. Could you send it by
    /// Wednesday?
    /// ```
    ///
    /// ## Configuration
    /// Lists `hostile` and `accusations` per language in `lints/angry-tone.toml` (add words under
    /// `[rules.angry-tone.it]` etc. in the config); thresholds `caps_run_words` (3),
    /// `caps_min_letters` (2) and `exclamation_run` (3).
    pub struct AngryTone {
        id: "angry-tone",
        severity: Error,
        summary: "hostile words, accusations, shouting or \"!!!\" in the writer's own text",
        on_send: Hold,
        own_text: ["hostile", "accusations"],
    }
}

const HELP: &str =
    "let it rest and reread it later; say what happened and what you will do about it";

impl Check for AngryTone {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (list, what) in [
            ("hostile", "hostile wording"),
            ("accusations", "an accusation"),
        ] {
            for (span, words) in cx.own_matches(list) {
                out.push(
                    Finding::new(format!("{what}: \"{}\"", one_line(words)))
                        .at(span)
                        .label(what)
                        .help(HELP),
                );
            }
        }
        let run = cx.usize("caps_run_words").max(1);
        let min_letters = cx.usize("caps_min_letters");
        let bangs = cx.usize("exclamation_run").max(2);
        for (line, _, text) in cx.draft.own.lines() {
            // A run needs `run` words of at least `min_letters` capitals each.
            let capitals = text.chars().filter(|c| c.is_uppercase()).count();
            let caps = if capitals >= run * min_letters.max(1) {
                caps_runs(text, run, min_letters)
            } else {
                Vec::new()
            };
            for (start, end) in caps {
                out.push(
                    Finding::new("shouting: several words in capitals")
                        .at(Span { line, start, end })
                        .label("shouting")
                        .help(HELP),
                );
            }
            for (start, end, kind) in punctuation_runs(text, bangs) {
                out.push(
                    Finding::new(format!("\"{}\" reads as {kind}", &text[start..end]))
                        .at(Span { line, start, end })
                        .label(kind)
                        .help(HELP),
                );
            }
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs of at least `run` consecutive words in capitals, each with at least `min_letters`
/// letters, as byte ranges.
fn caps_runs(text: &str, run: usize, min_letters: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut current: Vec<(usize, usize)> = Vec::new();
    let mut flush = |current: &mut Vec<(usize, usize)>| {
        if current.len() >= run
            && let (Some(first), Some(last)) = (current.first(), current.last())
        {
            out.push((first.0, last.1));
        }
        current.clear();
    };
    for (at, word) in text.unicode_word_indices() {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let caps = letters >= min_letters.max(1)
            && word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        if caps {
            current.push((at, at + word.len()));
        } else {
            flush(&mut current);
        }
    }
    flush(&mut current);
    out
}

/// "!!!" runs (at least `bangs` exclamation marks) and "?!"/"!?" runs.
fn punctuation_runs(text: &str, bangs: usize) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'!' || bytes[i] == b'?' {
            let start = i;
            while i < bytes.len() && (bytes[i] == b'!' || bytes[i] == b'?') {
                i += 1;
            }
            let run = &bytes[start..i];
            let excl = run.iter().filter(|&&b| b == b'!').count();
            if excl > 0 && run.contains(&b'?') {
                out.push((start, i, "exasperation"));
            } else if excl >= bangs {
                out.push((start, i, "shouting"));
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Lang;
    use crate::rules::testing::*;

    #[test]
    fn hostile_words_in_three_languages_with_inflections() {
        for (lang, body, word) in [
            (
                Lang::En,
                "Hi Anna,\nthis delay is unacceptable.",
                "unacceptable",
            ),
            (
                Lang::It,
                "Buongiorno,\nritardi inaccettabili, una vergogna.",
                "inaccettabili",
            ),
            (
                Lang::Ru,
                "Здравствуйте.\nЭто недопустимая задержка.",
                "недопустимая",
            ),
        ] {
            let d = draft(Some(lang), body);
            let f = run(&AngryTone, &d);
            assert!(
                flagged(&d, &f).contains(&word.to_string()),
                "{lang}: {:?}",
                flagged(&d, &f)
            );
        }
    }

    #[test]
    fn accusations_shouting_and_punctuation() {
        let d = draft(
            Some(Lang::En),
            "You never answer. THIS IS NOT OK. Why?! Stop!!!",
        );
        let words = flagged(&d, &run(&AngryTone, &d));
        assert_eq!(words, vec!["You never", "THIS IS NOT OK", "?!", "!!!"]);
        let d = draft(Some(Lang::It), "Quante volte devo chiederlo?!");
        assert_eq!(run(&AngryTone, &d).len(), 2);
        let d = draft(
            Some(Lang::Ru),
            "Сколько раз повторять? Вы всегда опаздываете.",
        );
        assert_eq!(run(&AngryTone, &d).len(), 2);
    }

    #[test]
    fn mixed_language_draft_reads_each_paragraph_in_its_language() {
        let body = "Ciao Anna,\ngrazie per l'ordine, il tavolo sarà pronto la prossima settimana e lo consegniamo noi.\n\nHonestly, this delay from the supplier is unacceptable and I told them so.";
        let d = draft(None, body);
        assert_eq!(d.language, Lang::It);
        assert_eq!(flagged(&d, &run(&AngryTone, &d)), vec!["unacceptable"]);
    }

    #[test]
    fn calm_text_acronyms_and_quotes_are_fine() {
        for body in [
            "Hi Anna,\nthe PDF and the SVG are ready. Thank you!",
            "Ciao Anna,\ngrazie mille! A presto.",
            "Thanks, I understand.\n\nOn Mon, Anna wrote:\n> This is RIDICULOUS!!! You NEVER listen.",
            "Спасибо, всё понятно.\n\n16 нояб. 2026 г., в 08:02, Анна пишет:\n> Это безобразие!!!",
        ] {
            let d = draft(None, body);
            assert!(
                run(&AngryTone, &d).is_empty(),
                "{body}: {:?}",
                flagged(&d, &run(&AngryTone, &d))
            );
        }
    }
}
