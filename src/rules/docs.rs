//! Each rule's documentation in the three languages: English is the rule's doc comment,
//! Italian and Russian are `src/rules/docs/<id>.it.md` and `<id>.ru.md`, embedded at build
//! time. They have the same four sections, with translated headings (`tests::HEADINGS`), and the
//! same examples.

use std::sync::LazyLock;

use super::RULES;
use crate::lang::Lang;

/// (rule id, Italian, Russian): one row per rule.
macro_rules! translated {
    ($($id:literal),* $(,)?) => {
        &[$((
            $id,
            include_str!(concat!("docs/", $id, ".it.md")),
            include_str!(concat!("docs/", $id, ".ru.md")),
        )),*]
    };
}

static TRANSLATED: &[(&str, &str, &str)] = translated![
    "too-long",
    "next-steps",
    "angry-tone",
    "off-hours",
    "placeholder",
    "missing-attachment",
    "empty-subject",
    "late-reply",
    "blame-shifting",
    "greeting-mismatch",
    "multiple-topics",
    "subject-length",
    "long-thread",
    "recipients-exposed",
    "html-only",
    "large-attachment",
    "no-support-offer",
    "explain-with-docs",
];

/// The English documentation of every rule (its doc comment, cleaned), in `RULES` order.
static ENGLISH: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    RULES
        .iter()
        .map(|r| (r.info().id, r.info().doc_text()))
        .collect()
});

/// The documentation of rule `id` in `lang` (what `mailcheck explain` prints), `None` for an
/// unknown rule.
pub fn doc(id: &str, lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::En => ENGLISH
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, text)| text.as_str()),
        Lang::It | Lang::Ru => TRANSLATED
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|&(_, it, ru)| if lang == Lang::It { it } else { ru }.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The four section headings of a rule's documentation, in order, per language.
    const HEADINGS: [(Lang, [&str; 4]); 3] = [
        (
            Lang::En,
            [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Configuration",
            ],
        ),
        (
            Lang::It,
            [
                "## Cosa fa",
                "## Perché è un problema",
                "## Esempio",
                "## Configurazione",
            ],
        ),
        (
            Lang::Ru,
            [
                "## Что делает",
                "## Почему это плохо",
                "## Пример",
                "## Настройка",
            ],
        ),
    ];

    /// Whether `line` opens or closes a fenced code block ("```" or "```toml"; not a line
    /// that starts with an inline "```` ``` ````").
    fn is_fence(line: &str) -> bool {
        line.trim_start()
            .strip_prefix("```")
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_alphanumeric()))
    }

    /// The lines outside fenced code blocks, and the number of code blocks.
    fn prose(text: &str) -> (Vec<&str>, usize) {
        let mut lines = Vec::new();
        let mut fences = 0;
        for line in text.lines() {
            if is_fence(line) {
                fences += 1;
            } else if fences % 2 == 0 {
                lines.push(line);
            }
        }
        assert_eq!(fences % 2, 0, "an unclosed code block in:\n{text}");
        (lines, fences / 2)
    }

    /// The lines inside fenced code blocks.
    fn code_lines(text: &str) -> Vec<&str> {
        let mut inside = false;
        let mut lines = Vec::new();
        for line in text.lines() {
            if is_fence(line) {
                inside = !inside;
            } else if inside {
                lines.push(line);
            }
        }
        lines
    }

    /// The text of the last section (Configuration), code blocks included.
    fn last_section(text: &str, heading: &str) -> String {
        text.split(&format!("\n{heading}\n"))
            .nth(1)
            .unwrap_or_default()
            .to_string()
    }

    /// The `inline code` spans of a text's prose (code blocks skipped).
    fn code_spans(text: &str) -> Vec<String> {
        let (lines, _) = prose(text);
        let joined = lines.join("\n");
        let mut spans = Vec::new();
        let mut rest = joined.as_str();
        while let Some(start) = rest.find('`') {
            let ticks = rest[start..].chars().take_while(|&c| c == '`').count();
            let fence = "`".repeat(ticks);
            let after = &rest[start + ticks..];
            let Some(end) = after.find(&fence) else { break };
            spans.push(after[..end].trim().to_string());
            rest = &after[end + ticks..];
        }
        spans
    }

    fn headings(lang: Lang) -> [&'static str; 4] {
        HEADINGS
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, h)| *h)
            .expect("headings of every language")
    }

    #[test]
    fn every_rule_has_all_three_languages() {
        for rule in RULES {
            let id = rule.info().id;
            for lang in Lang::ALL {
                let text = doc(id, lang);
                assert!(
                    text.is_some_and(|t| !t.is_empty()),
                    "{id} has no {} documentation",
                    lang.name()
                );
            }
        }
        assert_eq!(TRANSLATED.len(), RULES.len());
        assert_eq!(doc("nope", Lang::It), None);
        assert_eq!(doc("nope", Lang::En), None);
    }

    #[test]
    fn english_is_the_doc_comment() {
        for rule in RULES {
            let info = rule.info();
            assert_eq!(doc(info.id, Lang::En), Some(info.doc_text().as_str()));
        }
    }

    /// Every file in `src/rules/docs/` is `<id>.it.md` or `<id>.ru.md` of a rule in `RULES`.
    #[test]
    fn every_doc_file_belongs_to_a_rule() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/docs");
        let ids: Vec<&str> = RULES.iter().map(|r| r.info().id).collect();
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).expect("src/rules/docs") {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy();
            let id = name
                .strip_suffix(".it.md")
                .or_else(|| name.strip_suffix(".ru.md"));
            assert!(
                id.is_some_and(|id| ids.contains(&id)),
                "src/rules/docs/{name} is not <rule id>.it.md or <rule id>.ru.md of a rule in RULES"
            );
            count += 1;
        }
        assert_eq!(count, 2 * RULES.len());
    }

    #[test]
    fn translations_have_the_four_sections_and_the_same_code_blocks() {
        for rule in RULES {
            let id = rule.info().id;
            let english = doc(id, Lang::En).expect("english");
            let (en_prose, en_blocks) = prose(english);
            let en_headings: Vec<&str> = en_prose
                .iter()
                .copied()
                .filter(|l| l.starts_with("## "))
                .collect();
            assert_eq!(en_headings, headings(Lang::En), "{id} (English)");
            for lang in [Lang::It, Lang::Ru] {
                let text = doc(id, lang).expect("translated");
                let (lines, blocks) = prose(text);
                let found: Vec<&str> = lines
                    .iter()
                    .copied()
                    .filter(|l| l.starts_with('#'))
                    .collect();
                assert_eq!(found, headings(lang), "{id}.{}.md: headings", lang.code());
                assert!(
                    text.starts_with(headings(lang)[0]),
                    "{id}.{}.md starts with its first heading",
                    lang.code()
                );
                assert_eq!(
                    blocks,
                    en_blocks,
                    "{id}.{}.md: code blocks (English has {en_blocks})",
                    lang.code()
                );
            }
        }
    }

    /// Config keys, file names and values in the English "Configuration" section stay
    /// verbatim in the translations.
    #[test]
    fn translations_name_every_config_key_of_the_english() {
        for rule in RULES {
            let id = rule.info().id;
            let english = last_section(doc(id, Lang::En).expect("english"), headings(Lang::En)[3]);
            let keys = code_spans(&english);
            for lang in [Lang::It, Lang::Ru] {
                let text = doc(id, lang).expect("translated");
                let section = last_section(text, headings(lang)[3]);
                let theirs = code_spans(&section);
                for key in &keys {
                    assert!(
                        theirs.contains(key),
                        "{id}.{}.md: `{key}` missing from the configuration section",
                        lang.code()
                    );
                }
                // Code blocks are copied as they are (their comments may be translated).
                for line in code_lines(&english) {
                    let code = line.split('#').next().unwrap_or_default().trim_end();
                    assert!(
                        code.is_empty() || section.contains(code),
                        "{id}.{}.md: `{code}` missing from the configuration section",
                        lang.code()
                    );
                }
            }
        }
    }
}
