use super::{Check, Context, declare_rule};
use crate::draft::Span;
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Counts the topics of the writer's own text and reports more than 3. How it decides:
    /// the own text is cut into paragraphs (blank lines); a paragraph starts a new topic when
    /// its first words shift the subject ("Also,", "Regarding", "As for"; "Inoltre", "Per quanto
    /// riguarda", "Quanto a"; "Кроме того", "Что касается", "По поводу") or when its first line
    /// is a short heading ("Invoice:", "## Shipping"). The first paragraph of content is a topic
    /// of its own. The greeting and the "Next steps" block are not topics.
    ///
    /// ## Why is this bad?
    /// A message about four things gets an answer about one. The service rule: split long emails
    /// by action item or topic, so each thread is about one thing and nothing is forgotten.
    ///
    /// ## Example
    /// An update on the launch, then "Also, the invoice...", "Regarding the photos...", "As for
    /// next month's maintenance...".
    ///
    /// Use instead: one message per topic (`mailcheck split` writes them).
    ///
    /// ## Configuration
    /// `max_topics` (3), `heading_max_words` (6) and the `shifts` list per language in
    /// `lints/multiple-topics.toml`.
    pub struct MultipleTopics {
        id: "multiple-topics",
        severity: Warning,
        summary: "several distinct topics in one message",
        own_text: ["shifts"],
    }
}

/// A paragraph of own text: its first line's index in `Draft::lines` and text.
struct Paragraph<'a> {
    line: usize,
    /// Byte offset in the own text.
    offset: usize,
    first: &'a str,
    /// The paragraph's second line, if any: code under a "# comment" line.
    second: Option<&'a str>,
}

impl Check for MultipleTopics {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let topics = topic_starts(cx);
        let max = cx.usize("max_topics");
        if topics.len() > max
            && let Some(&line) = topics.get(max)
        {
            let text = &cx.draft.lines[line].text;
            let start = text.len() - text.trim_start().len();
            let end = text.trim_end().len().max(start);
            out.push(
                Finding::new(msg!(
                    "multiple-topics-message",
                    topics = topics.len(),
                    max = max
                ))
                .at(Span { line, start, end })
                .label(msg!("multiple-topics-label", topic = max + 1))
                .help(msg!("multiple-topics-help")),
            );
        }
    }
}

/// The lines (indices in `Draft::lines`) where the own text's topics start, by the rule's
/// reading (see the doc above). `cx.rule` must be `multiple-topics`; `mailcheck split` uses it
/// too.
pub fn topic_starts(cx: &Context<'_>) -> Vec<usize> {
    {
        let heading_words = cx.usize("heading_max_words");
        let mut paragraphs: Vec<Paragraph<'_>> = Vec::new();
        let mut prev_line: Option<usize> = None;
        for (line, offset, text) in cx.draft.own.lines() {
            let blank = text.trim().is_empty();
            let continues = prev_line.is_some_and(|p| p + 1 == line);
            if !blank && !continues {
                paragraphs.push(Paragraph {
                    line,
                    offset,
                    first: text,
                    second: None,
                });
            } else if !blank
                && let Some(p) = paragraphs.last_mut()
                && p.line + 1 == line
            {
                p.second = Some(text);
            }
            prev_line = (!blank).then_some(line);
        }
        let mut topics: Vec<usize> = Vec::new();
        let mut in_next_steps = false;
        let mut first_content = true;
        for p in &paragraphs {
            let t = p.first.trim().trim_start_matches(['#', '*', ' ']);
            if Some(p.line) == cx.draft.greeting {
                continue;
            }
            if cx
                .find_in_own(("next-steps", "headings"), Some(cx.draft.language), t)
                .is_some_and(|m| m.start == 0)
            {
                in_next_steps = true;
                continue;
            }
            let is_item = t.starts_with(['-', '•'])
                || t.split_once(['.', ')'])
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
            if in_next_steps && is_item {
                continue;
            }
            in_next_steps = false;
            // "# Source networking configuration." over ". /etc/sysconfig/network": a comment.
            let over_code = p.first.trim_start().starts_with('#') && p.second.is_some_and(is_code);
            let heading = is_heading(p.first, heading_words) && !over_code;
            let lang = cx.draft.own.lang_at(p.offset, cx.draft.language);
            let shift = cx
                .find_in_own((cx.rule, "shifts"), Some(lang), t)
                .is_some_and(|m| m.start == 0);
            if heading || shift || first_content {
                topics.push(p.line);
            }
            first_content = false;
        }
        topics
    }
}

/// A topic heading: a bold line ("**Budget**", "**Budget:**", "*Invoice*" as HTML mail reads
/// as text) or a Markdown heading ("## Budget") of at most `max_words` words. A plain line ending
/// in ":" ("Links:", "CONTACT:", "Discuss this story at:") is a label, and "# ..." over code or
/// "#!/bin/sh" a comment, not a topic.
fn is_heading(line: &str, max_words: usize) -> bool {
    let raw = line.trim();
    let words = raw.split_whitespace().count();
    if words == 0 || words > max_words {
        return false;
    }
    // A rule of stars ("***", "*****") is a separator; a line ending in "." a sentence (a
    // comment over code: "# Source the configuration.").
    if !raw.chars().any(char::is_alphanumeric) || raw.trim_end_matches(['*', '_']).ends_with('.') {
        return false;
    }
    let code = raw.contains(['=', ';', '{', '}', '$', '(', '/', '<']);
    if let Some(rest) = raw.strip_prefix('#') {
        let rest = rest.trim_start_matches('#');
        return rest.starts_with(' ')
            && rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            && !code;
    }
    for mark in ["**", "__", "*"] {
        if let Some(inner) = raw.strip_prefix(mark) {
            let inner = inner.trim_end_matches(':').trim_end();
            if inner.ends_with(mark) && inner.len() > mark.len() && !code {
                return true;
            }
        }
    }
    false
}

/// A line of shell, Perl or C rather than prose: it starts with a command's punctuation (". ",
/// "$", "./", "/") or holds an operator of code ("=", ";", "{", "}", "[ ", "()", "->").
fn is_code(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(['.', '$', '/', '[', '{', '}'])
        || ["=", ";", "{", "}", "[ ", "()", "->", "&&", "||"]
            .iter()
            .any(|op| t.contains(op))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Lang;
    use crate::rules::testing::*;

    #[test]
    fn counts_topic_shifts_and_headings() {
        let en = "Hi Anna,\n\nThe site is ready.\n\nAlso, the invoice is out.\n\nRegarding the photos, they look great.\n\nAs for maintenance, we start in January.\n\nNext steps:\n- pay the invoice";
        assert_eq!(run(&MultipleTopics, &draft(Some(Lang::En), en)).len(), 1);
        let three = "Hi Anna,\n\nThe site is ready.\n\nAlso, the invoice is out.\n\nRegarding the photos, they look great.";
        assert!(run(&MultipleTopics, &draft(Some(Lang::En), three)).is_empty());
        let it = "Ciao Anna,\n\nIl tavolo è pronto.\n\nInoltre la fattura è pronta.\n\nPer quanto riguarda la consegna, giovedì.\n\nQuanto alla garanzia, due anni.";
        assert_eq!(run(&MultipleTopics, &draft(Some(Lang::It), it)).len(), 1);
        let ru = "Анна, добрый день!\n\nСайт готов.\n\nКроме того, счёт отправлен.\n\nЧто касается фото, они отличные.\n\nПо поводу поддержки: начнём в январе.";
        assert_eq!(run(&MultipleTopics, &draft(Some(Lang::Ru), ru)).len(), 1);
        let headings = "Hi,\n\n**Invoice:**\npaid.\n\n**Shipping**\nThursday.\n\n## Photos\nattached soon.\n\n*Warranty:*\ntwo years.";
        assert_eq!(
            run(&MultipleTopics, &draft(Some(Lang::En), headings)).len(),
            1
        );
    }

    #[test]
    fn colon_labels_and_code_comments_are_not_headings() {
        let labels = "Hi,\n\nThe new release is out.\n\nLinks:\nhttp://example.com/a\n\nCONTACT:\nJohn\n\nDiscuss this story at:\nhttp://example.com/b\n\n# set the path\nPATH=/usr/bin";
        assert!(run(&MultipleTopics, &draft(Some(Lang::En), labels)).is_empty());
        // A shell script's comments, and a newsletter's rules of stars.
        let script = "Hi,\n\nmy init script:\n\n# Source function library.\n. /etc/init.d/functions\n\n# Source networking configuration\n. /etc/sysconfig/network\n\n# Check that networking is up\n[ ${NETWORKING} = \"no\" ] && exit 0\n\n# Start daemons\nif [ -f /etc/x ] ; then\n\nThanks";
        assert!(run(&MultipleTopics, &draft(Some(Lang::En), script)).is_empty());
        let stars = "Hi,\n\nNews.\n\n***\n\nMore news.\n\n*****\n\nEven more.\n\n***\n\nThe end.";
        assert!(run(&MultipleTopics, &draft(Some(Lang::En), stars)).is_empty());
        // Near miss: Markdown headings over prose still count (IT/RU too).
        let md = "Ciao,\n\n# Fattura\nè pagata.\n\n# Consegna\ngiovedì.\n\n# Foto\narrivano.\n\n# Garanzia\ndue anni.";
        assert_eq!(run(&MultipleTopics, &draft(Some(Lang::It), md)).len(), 1);
        let ru = "Привет,\n\n**Счёт**\nоплачен.\n\n**Доставка**\nв четверг.\n\n**Фото**\nскоро.\n\n**Гарантия**\nдва года.";
        assert_eq!(run(&MultipleTopics, &draft(Some(Lang::Ru), ru)).len(), 1);
    }
}
