use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{Check, Context, declare_rule};
use crate::draft::Span;
use crate::finding::Finding;
use crate::msg;

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

/// What a run of punctuation reads as ("exasperation", "shouting"), as a message.
fn kind_msg(kind: &str) -> crate::i18n::Msg {
    match kind {
        "exasperation" => msg!("angry-tone-exasperation"),
        _ => msg!("angry-tone-shouting"),
    }
}

impl Check for AngryTone {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // Each sign weighs: a hostile word 1, or 2 in a sentence that addresses the reader
        // ("your work is useless"); an accusation 2; shouting and "!!!"/"?!" 1 each. The draft is
        // reported only when they add up to `min_weight`: one "stupid" about a third party, a
        // heading in capitals or a cheerful "!!!" alone are not anger.
        let mut found = Vec::new();
        let mut weight = 0;
        let own = &cx.draft.own;
        // Where the words for the reader ("you") are, found once: asking each hostile word's
        // sentence on its own folded the text again for every match.
        let readers: Vec<Range<usize>> = cx
            .own_matches("reader")
            .into_iter()
            .filter_map(|(_, w)| own.offset_of(w).map(|at| at..at + w.len()))
            .collect();
        for (list, what, base) in [
            ("hostile", msg!("angry-tone-hostile"), 1),
            ("accusations", msg!("angry-tone-accusation"), 2),
        ] {
            for (span, words) in cx.own_matches(list) {
                weight += base;
                if base == 1
                    && !readers.is_empty()
                    && let Some(at) = own.offset_of(words)
                {
                    let sentence = sentence_around(&own.text, at, at + words.len());
                    if contains_any(&readers, sentence) {
                        weight += 1;
                    }
                }
                found.push(
                    Finding::new(msg!(
                        "angry-tone-words",
                        what = what.clone(),
                        words = one_line(words)
                    ))
                    .at(span)
                    .label(what.clone())
                    .help(msg!("angry-tone-help")),
                );
            }
        }
        let run = cx.usize("caps_run_words").max(1);
        let min_letters = cx.usize("caps_min_letters");
        let bangs = cx.usize("exclamation_run").max(2);
        for (line, _, text) in own.lines() {
            // A run needs `run` words of at least `min_letters` capitals each, in a sentence of
            // prose: a line with lower-case letters too, or one that ends like a sentence (not a
            // heading, a table header or a product name on its own line).
            let capitals = text.chars().filter(|c| c.is_uppercase()).count();
            let prose =
                text.chars().any(char::is_lowercase) || text.trim_end().ends_with(['.', '!', '?']);
            let caps = if prose && capitals >= run * min_letters.max(1) {
                caps_runs(text, run, min_letters)
            } else {
                Vec::new()
            };
            for (start, end) in caps {
                weight += 1;
                found.push(
                    Finding::new(msg!("angry-tone-capitals"))
                        .at(Span { line, start, end })
                        .label(msg!("angry-tone-shouting"))
                        .help(msg!("angry-tone-help")),
                );
            }
            for (start, end, kind) in punctuation_runs(text, bangs) {
                weight += 1;
                found.push(
                    Finding::new(msg!(
                        "angry-tone-punctuation",
                        marks = &text[start..end],
                        kind = kind_msg(kind)
                    ))
                    .at(Span { line, start, end })
                    .label(kind_msg(kind))
                    .help(msg!("angry-tone-help")),
                );
            }
        }
        if weight >= cx.usize("min_weight").max(1) {
            out.extend(found);
        }
    }
}

/// Whether one of `found` (sorted byte ranges of `own.text`) lies inside `part`, a slice of the
/// same text.
fn contains_any(found: &[Range<usize>], part: Range<usize>) -> bool {
    let first = found.partition_point(|r| r.start < part.start);
    found.get(first).is_some_and(|r| r.end <= part.end)
}

/// How far (bytes) either side of a match its sentence is looked for.
const SENTENCE_REACH: usize = 600;

/// The sentence of `text` around bytes `start..end`: back to the previous ".", "!", "?" or blank
/// line, on to the next.
fn sentence_around(text: &str, start: usize, end: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let is_end = |i: usize| {
        matches!(bytes[i], b'.' | b'!' | b'?')
            || (bytes[i] == b'\n' && bytes.get(i + 1) == Some(&b'\n'))
    };
    // Looked for within SENTENCE_REACH bytes each way, so every match costs the same however
    // long a text with no full stop is (1 MB of "IDIOT " took many minutes).
    let low = start.saturating_sub(SENTENCE_REACH);
    let high = end.saturating_add(SENTENCE_REACH).min(bytes.len());
    let mut from = (low..start)
        .rev()
        .find(|&i| is_end(i))
        .map_or(low, |i| i + 1);
    let mut to = (end..high).find(|&i| is_end(i)).unwrap_or(high);
    // A sentence end is an ASCII byte; a cut at the reach may fall inside a character.
    while from < start && !text.is_char_boundary(from) {
        from += 1;
    }
    while to > end && !text.is_char_boundary(to) {
        to -= 1;
    }
    from..to
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
        // A run of acronyms ("GNU GPL FAQ") is no shouting: one word needs four letters.
        if current.len() >= run
            && current
                .iter()
                .any(|&(a, b)| text[a..b].chars().count() >= 4)
            && let (Some(first), Some(last)) = (current.first(), current.last())
        {
            out.push((first.0, last.1));
        }
        current.clear();
    };
    for (at, word) in text.unicode_word_indices() {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        // Not words: "MD5", "0xDEADBEEF", a key id "A1B2C3D4", a hex hash.
        let code = word.chars().any(|c| c.is_ascii_digit())
            || (word.len() >= 6 && word.chars().all(|c| c.is_ascii_hexdigit()));
        let caps = !code
            && letters >= min_letters.max(1)
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
    fn the_sentence_around_a_word_is_cut_at_a_reach_and_a_char_boundary() {
        let text = format!("{}idiot{}", "é".repeat(1000), "ж".repeat(1000));
        let at = 2000;
        let s = &text[sentence_around(&text, at, at + 5)];
        assert!(
            s.contains("idiot") && s.len() <= 2 * SENTENCE_REACH + 5,
            "{}",
            s.len()
        );
        let text = "Fine. You idiot! Bye.";
        assert_eq!(&text[sentence_around(text, 10, 15)], " You idiot");
        assert!(contains_any(&[1..3, 6..9], 5..10));
        assert!(!contains_any(&[1..3, 6..11], 5..10));
    }

    #[test]
    fn hostile_words_in_three_languages_with_inflections() {
        for (lang, body, word) in [
            (
                Lang::En,
                "Hi Anna,\nyour delay is unacceptable.",
                "unacceptable",
            ),
            (
                Lang::It,
                "Buongiorno,\nritardi inaccettabili, una vergogna.",
                "inaccettabili",
            ),
            (
                Lang::Ru,
                "Здравствуйте.\nВаша задержка недопустима, это безобразие.",
                "недопустима",
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

    /// "How many times" accuses only when it asks how often the writer must repeat themselves
    /// (SpamAssassin ham: "no matter how many times you have to look", "to see how many times
    /// they'd mail me" were flagged).
    #[test]
    fn how_many_times_accuses_only_as_a_complaint() {
        for (lang, angry, calm) in [
            (
                Lang::En,
                "How many times do I have to ask for the invoice? You always forget it.",
                "Tell me how many times the course runs, no matter how many times you looked.",
            ),
            (
                Lang::It,
                "Quante volte devo chiederlo? Non hai mai risposto.",
                "Mi dica quante volte si ripete il corso e quante volte al mese.",
            ),
            (
                Lang::Ru,
                "Сколько раз можно переносить встречу? Вы никогда не звоните.",
                "Напишите, сколько раз в месяц проходит курс и сколько раз вы были.",
            ),
        ] {
            let d = draft(Some(lang), angry);
            assert_eq!(run(&AngryTone, &d).len(), 2, "{lang}: {angry}");
            let d = draft(Some(lang), calm);
            assert!(run(&AngryTone, &d).is_empty(), "{lang}: {calm}");
        }
    }

    #[test]
    fn mixed_language_draft_reads_each_paragraph_in_its_language() {
        let body = "Ciao Anna,\ngrazie per l'ordine, il tavolo sarà pronto la prossima settimana e lo consegniamo noi.\n\nHonestly, your delay is unacceptable and I told you so.";
        let d = draft(None, body);
        assert_eq!(d.language, Lang::It);
        assert_eq!(flagged(&d, &run(&AngryTone, &d)), vec!["unacceptable"]);
    }

    #[test]
    fn one_weak_sign_is_not_anger() {
        for body in [
            // A hostile word about a third party, alone.
            "Hi,\nthe supplier's delay is unacceptable, I told them so.",
            // A heading, a table header, acronyms, hex, a cheerful "!!!".
            "Hi,\nRELEASE NOTES FOR VERSION TWO\nAll fixed.",
            "Hi,\nNAME     SIZE     DATE\nfoo      12       today",
            "Hi,\nwe use GNU GPL FAQ texts.",
            "Hi,\nthe key is DEADBEEF CAFEBABE FACADE0 in the log.",
            "Great news!!! The release is out.",
            "Ciao,\nil ritardo del fornitore è inaccettabile.",
            "Привет,\nу поставщика бардак, это недопустимо.",
        ] {
            let d = draft(None, body);
            assert!(
                run(&AngryTone, &d).is_empty(),
                "{body}: {:?}",
                flagged(&d, &run(&AngryTone, &d))
            );
        }
        // Aimed at the reader, or two signs together: anger.
        for body in [
            "Hi,\nyour work is useless.",
            "Hi,\nthe delay is unacceptable!!!",
            "Hi,\nTHIS IS NOT ACCEPTABLE, the delay is ridiculous.",
            "Ciao,\nil vostro ritardo è inaccettabile.",
            "Привет,\nваша задержка недопустима.",
        ] {
            let d = draft(None, body);
            assert!(!run(&AngryTone, &d).is_empty(), "{body}");
        }
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
