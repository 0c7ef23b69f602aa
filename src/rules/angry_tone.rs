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
        // Each sign weighs, in halves: a hostile word about a third party or oneself a half
        // ("the tactic is stupid"), 1 in a sentence that ends with "!" or holds shouting, 2 in a
        // sentence that addresses the reader ("your work is useless"); an accusation 2; shouting
        // and "!!!"/"?!" 1 each, 1 in all. The draft is reported only when they add up to `min_weight`:
        // one "stupid" about a third party, an argument about "stupid" spammers, a heading in
        // capitals or a cheerful "!!!" alone are not anger.
        let mut found = Vec::new();
        let bulk = cx.draft.shape.bulk;
        let mut halves = 0;
        let mut loud = 0;
        let run = cx.usize("caps_run_words").max(1);
        let min_letters = cx.usize("caps_min_letters");
        let own = &cx.draft.own;
        // Where the words for the reader ("you") are, found once: asking each hostile word's
        // sentence on its own folded the text again for every match.
        let readers: Vec<Range<usize>> = cx
            .own_matches("reader")
            .into_iter()
            .filter_map(|(_, w)| own.offset_of(w).map(|at| at..at + w.len()))
            .collect();
        // Runs of capitals that read as shouting, as (line, start, end) and own-text bytes.
        let caps_typed = caps_typed_lines(own);
        let mut shouted: Vec<(Span, Range<usize>)> = Vec::new();
        for (line, offset, text) in own.lines() {
            // A run needs `run` words of at least `min_letters` capitals each, in a sentence of
            // prose: a line with lower-case letters too, or one that ends like a sentence (not a
            // heading, a table header or a product name on its own line), and not a line typed
            // in capitals (a short headline, a bulletin or licence paragraph in capitals).
            let capitals = text.chars().filter(|c| c.is_uppercase()).count();
            let prose =
                text.chars().any(char::is_lowercase) || text.trim_end().ends_with(['.', '!', '?']);
            if !prose || capitals < run * min_letters.max(1) || caps_typed.contains(&line) {
                continue;
            }
            // A run that is a whole sentence opening its line ("<b>GET WINDOWS XP TIPS:</b>",
            // "04. MOUSELESS WAY HOME.") is a heading; one in quotation marks is a title.
            for (start, end) in caps_runs(text, run, min_letters) {
                if !heading_run(text, start, end)
                    && !in_quotes(&own.text, offset + start, offset + end)
                {
                    shouted.push((Span { line, start, end }, offset + start..offset + end));
                }
            }
        }
        // Capitals all through the text are its style for names and titles (a newsletter's
        // "THE GUARDIAN GREAT ... RED NOSE DAY"), not shouting.
        if shouted.len() >= cx.usize("caps_style_runs").max(1) {
            shouted.clear();
        }
        // Phrases that hold a hostile word without hostility ("I feel like an idiot", "damned
        // sure"): a match inside one does not count.
        let excused = Cover::new(
            cx.own_matches("not_hostile")
                .into_iter()
                .filter_map(|(_, w)| own.offset_of(w).map(|at| at..at + w.len()))
                .collect(),
        );
        let mut seen = std::collections::HashSet::new();
        // The writer's own hostile words and accusations, as (span, words, bytes, base weight).
        let mut signs = Vec::new();
        for (list, base) in [("hostile", 1), ("accusations", 2)] {
            for (span, words) in cx.own_matches(list) {
                let Some(at) = own.offset_of(words) else {
                    continue;
                };
                let end = at + words.len();
                // Not the writer's words: inside a URL or address ("craphound.com"), or in
                // quotation marks (reported speech, a title: "people are stupid").
                if excused.holds(at..end)
                    || in_a_token(&own.text, at, end)
                    || in_quotes(&own.text, at, end)
                {
                    continue;
                }
                signs.push((span, words, at..end, base));
            }
        }
        // The signs by where they start, their words folded once: "another hostile word in the
        // sentence" is then a binary search, not a scan of every sign per sign (1 MB of "IDIOT "
        // is 174,763 signs, and that scan took minutes).
        let mut by_start: Vec<(usize, usize, String)> = signs
            .iter()
            .map(|(_, w, r, _)| (r.start, r.end, w.to_lowercase().chars().take(4).collect()))
            .collect();
        by_start.sort_unstable_by_key(|s| s.0);
        for (span, words, bytes, base) in &signs {
            let (at, end) = (bytes.start, bytes.end);
            // Keyed by its first four letters: "damn" and "damned", "scam" and "scams",
            // "stupid" and "stupidity" are the same word again.
            let key: String = words.to_lowercase().chars().take(4).collect();
            // The same word again ("stupid" five times in one argument) adds nothing, so only
            // its first use is weighed.
            if seen.insert(key.clone()) {
                let w = weigh(
                    &own.text,
                    &readers,
                    &shouted,
                    &by_start,
                    *base,
                    at..end,
                    &key,
                );
                // A bulk text (a newsletter, a digest: `Draft::shape`) argues about third
                // parties and the world and writes "you" to every subscriber: only a hostile
                // word aimed at its reader counts there, and half (two are anger).
                halves += match (bulk, *base == 1 && w == 4) {
                    (false, _) => w,
                    (true, true) => 2,
                    (true, false) => 0,
                };
            }
            let what = if *base == 2 {
                msg!("angry-tone-accusation")
            } else {
                msg!("angry-tone-hostile")
            };
            found.push(
                Finding::new(msg!(
                    "angry-tone-words",
                    what = what.clone(),
                    words = one_line(words)
                ))
                .at(*span)
                .label(what.clone())
                .help(msg!("angry-tone-help")),
            );
        }
        let bangs = cx.usize("exclamation_run").max(2);
        for (span, _) in shouted {
            loud += 2;
            found.push(
                Finding::new(msg!("angry-tone-capitals"))
                    .at(span)
                    .label(msg!("angry-tone-shouting"))
                    .help(msg!("angry-tone-help")),
            );
        }
        for (line, _, text) in own.lines() {
            for (start, end, kind) in punctuation_runs(text, bangs) {
                loud += 2;
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
        // Loudness alone is not anger (capitals for titles and names in a newsletter, a cheerful
        // "!!!" twice): shouting and punctuation runs together weigh at most 1, nothing in a
        // bulk text (its capitals and "!!!" are its style).
        if !bulk {
            halves += loud.min(2);
        }
        if halves >= 2 * cx.usize("min_weight").max(1) {
            out.extend(found);
        }
    }
}

/// What one hostile word or accusation at `at` weighs, in halves: an accusation, or a hostile
/// word aimed at the reader, 4; a hostile word in a heated sentence 2; else 1. `by_start`: every
/// sign as (start, end, folded words), sorted by start.
fn weigh(
    text: &str,
    readers: &[Range<usize>],
    shouted: &[(Span, Range<usize>)],
    by_start: &[(usize, usize, String)],
    base: usize,
    at: Range<usize>,
    key: &str,
) -> usize {
    let sentence = sentence_around(text, at.start, at.end);
    // Aimed at the reader: a word for "you" close by ("your work is useless", "you are an
    // idiot") or in a short sentence ("Un servizio vergognoso, dopo otto anni che lavoriamo con
    // voi"), not anywhere in a long one ("you think they are so useless").
    let short = text[sentence.clone()].split_whitespace().count() <= AIM_SENTENCE;
    let aimed = base == 1
        && !readers.is_empty()
        && (contains_any(readers, near(text, sentence.clone(), at.start, at.end))
            || short && contains_any(readers, sentence.clone()));
    // Heated: the sentence ends with "!", shouts, or holds another hostile word ("ritardi
    // inaccettabili, una vergogna").
    let first = by_start.partition_point(|s| s.0 < sentence.start);
    let heated = text.as_bytes().get(sentence.end) == Some(&b'!')
        || shouted
            .iter()
            .any(|(_, r)| r.start < sentence.end && sentence.start < r.end)
        || by_start[first..]
            .iter()
            .take_while(|s| s.0 < sentence.end)
            .any(|s| s.1 <= sentence.end && s.2 != key);
    match (base, aimed, heated) {
        (2, ..) | (_, true, _) => 4,
        (_, false, true) => 2,
        (_, false, false) => 1,
    }
}

/// Whether one of `found` (sorted byte ranges of `own.text`) lies inside `part`, a slice of the
/// same text.
fn contains_any(found: &[Range<usize>], part: Range<usize>) -> bool {
    let first = found.partition_point(|r| r.start < part.start);
    found.get(first).is_some_and(|r| r.end <= part.end)
}

/// Ranges sorted by start, each with the furthest end of it and all before it: whether one of
/// them holds a part is then one binary search (a text of 50,000 "I feel like an idiot" is
/// 50,000 ranges, asked once for each hostile word).
struct Cover(Vec<(usize, usize)>);

impl Cover {
    fn new(mut ranges: Vec<Range<usize>>) -> Cover {
        ranges.sort_unstable_by_key(|r| r.start);
        let mut furthest = 0;
        Cover(
            ranges
                .into_iter()
                .map(|r| {
                    furthest = furthest.max(r.end);
                    (r.start, furthest)
                })
                .collect(),
        )
    }

    /// Whether one of the ranges holds all of `part`.
    fn holds(&self, part: Range<usize>) -> bool {
        let upto = self.0.partition_point(|&(start, _)| start <= part.start);
        upto > 0 && self.0[upto - 1].1 >= part.end
    }
}

/// `start - by .. end + by`, cut to `text` and to character boundaries: how far a look around a
/// match goes, so that each match costs the same however long the text is.
fn around(text: &str, start: usize, end: usize, by: usize) -> Range<usize> {
    let mut low = start.saturating_sub(by);
    while low < start && !text.is_char_boundary(low) {
        low += 1;
    }
    let mut high = end.saturating_add(by).min(text.len());
    while high > end && !text.is_char_boundary(high) {
        high -= 1;
    }
    low..high
}

/// Words before and after a hostile word in which a word for the reader aims it at them.
const AIM_BEFORE: usize = 4;
const AIM_AFTER: usize = 2;
/// In a sentence of at most this many words, a word for the reader anywhere aims it at them.
const AIM_SENTENCE: usize = 12;

/// The part of `sentence` (a range of `text`) from [`AIM_BEFORE`] words before `start..end` to
/// [`AIM_AFTER`] words after it.
fn near(text: &str, sentence: Range<usize>, start: usize, end: usize) -> Range<usize> {
    let before = &text[sentence.start..start.max(sentence.start)];
    let from = before
        .char_indices()
        .rev()
        .filter(|&(i, c)| {
            !c.is_whitespace()
                && before[..i]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
        })
        .nth(AIM_BEFORE - 1)
        .map_or(sentence.start, |(i, _)| sentence.start + i);
    let after = &text[end.min(sentence.end)..sentence.end];
    let to = after
        .char_indices()
        .filter(|&(i, c)| {
            c.is_whitespace()
                && after[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|p| !p.is_whitespace())
        })
        .nth(AIM_AFTER)
        .map_or(sentence.end, |(i, _)| end + i);
    from..to
}

/// How far (bytes) either side of a match its sentence is looked for.
const SENTENCE_REACH: usize = 600;
/// How far from a word [`in_quotes`] looks for the quotation marks around it.
const QUOTE_REACH: usize = 2000;

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
    // The reach ends on character boundaries, and a sentence end is an ASCII byte, so the
    // sentence is a range of whole characters.
    let reach = around(text, start, end, SENTENCE_REACH);
    let from = (reach.start..start)
        .rev()
        .find(|&i| is_end(i))
        .map_or(reach.start, |i| i + 1);
    let to = (end..reach.end).find(|&i| is_end(i)).unwrap_or(reach.end);
    from..to
}

/// Whether bytes `start..end` of `text` lie in a token that is a URL, a path, an address or a
/// domain ("http://www.craphound.com/x.jpg", "lazy@example.org").
fn in_a_token(text: &str, start: usize, end: usize) -> bool {
    let reach = around(text, start, end, SENTENCE_REACH);
    let from = text[reach.start..start]
        .rfind(char::is_whitespace)
        .map_or(reach.start, |i| reach.start + i + 1);
    let to = text[end..reach.end]
        .find(char::is_whitespace)
        .map_or(reach.end, |i| end + i);
    let token = &text[from..to];
    // "craphound.com", "/lazy/": joined to more of a name by a dot, slash or underscore.
    let glued = |a: Option<char>, b: Option<char>| {
        a.is_some_and(|c| matches!(c, '.' | '/' | '@' | '_' | '='))
            && b.is_some_and(char::is_alphanumeric)
    };
    let (mut back, mut on) = (text[..start].chars().rev(), text[end..].chars());
    token.contains("://")
        || token.starts_with("www.")
        || token.contains('@')
        || glued(back.next(), back.next())
        || glued(on.next(), on.next())
}

/// Whether bytes `start..end` of `text` stand inside quotation marks in their paragraph:
/// reported speech or a title ("people are stupid", "THE SECRET LIFE OF ZOEY", a quotation over
/// several wrapped lines), not the writer's voice.
pub(super) fn in_quotes(text: &str, start: usize, end: usize) -> bool {
    // Within QUOTE_REACH bytes each way: quotation marks further off quote something else.
    let reach = around(text, start, end, QUOTE_REACH);
    let line_start = text[reach.start..start]
        .rfind("\n\n")
        .map_or(reach.start, |i| reach.start + i + 2);
    let line_end = text[end..reach.end]
        .find("\n\n")
        .map_or(reach.end, |i| end + i);
    let (before, after) = (&text[line_start..start], &text[end..line_end]);
    let straight = before.matches('"').count() % 2 == 1 && after.contains('"');
    let paired = |open: char, close: char| {
        before.matches(open).count() > before.matches(close).count() && after.contains(close)
    };
    // Also as HTML entities left in a text part ("&#8220;I'm fed up&#8221;"), looked for only
    // when there is a "&" (a string search per word is slow on a long text).
    let entities = |open: &str, close: &str| {
        before.matches(open).count() > before.matches(close).count() && after.contains(close)
    };
    straight
        || paired('“', '”')
        || paired('«', '»')
        || before.contains('&')
            && (entities("&#8220;", "&#8221;") || entities("&ldquo;", "&rdquo;"))
}

/// Whether the capitals run `start..end` of line `text` is a heading: only markup, numbering or
/// bullets before it on the line, and the sentence ends with it.
fn heading_run(text: &str, start: usize, end: usize) -> bool {
    let mut before = String::new();
    let mut in_tag = false;
    for c in text[..start].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => before.push(c),
            _ => {}
        }
    }
    let after = text[end..].trim_start_matches([' ', '"', '\'', '”', '»', '*', '_']);
    !before.chars().any(char::is_alphabetic)
        && (after.is_empty() || after.starts_with(['.', ':', '?', '!', '<', '(', '-', '–', '—']))
}

/// The own lines typed in capitals: more words in capitals than words with lower-case letters,
/// on a short line (a headline) or in a paragraph that is mostly capitals (a bulletin, a licence
/// clause). Shouting is capitals against the writer's ordinary text.
fn caps_typed_lines(own: &crate::draft::OwnText) -> std::collections::HashSet<usize> {
    let count = |text: &str| {
        let (mut caps, mut lower, mut words) = (0usize, 0usize, 0usize);
        for w in text.unicode_words() {
            words += 1;
            if w.chars().any(char::is_lowercase) {
                lower += 1;
            } else if w.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                caps += 1;
            }
        }
        (caps, lower, words)
    };
    let mut out = std::collections::HashSet::new();
    let mut para: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut flush = |para: &mut Vec<(usize, usize, usize, usize)>| {
        let caps: usize = para.iter().map(|p| p.1).sum();
        let lower: usize = para.iter().map(|p| p.2).sum();
        for &(line, c, l, words) in para.iter() {
            if c > l && (words <= 12 || caps > lower) {
                out.insert(line);
            }
        }
        para.clear();
    };
    for (line, _, text) in own.lines() {
        if text.trim().is_empty() {
            flush(&mut para);
        } else {
            let (c, l, w) = count(text);
            para.push((line, c, l, w));
        }
    }
    flush(&mut para);
    out
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

    /// No body (its language detected) raises an angry-tone finding; a failure shows what flagged.
    fn assert_calm(bodies: &[&str]) {
        for body in bodies {
            let d = draft(None, body);
            assert!(
                run(&AngryTone, &d).is_empty(),
                "{body}: {:?}",
                flagged(&d, &run(&AngryTone, &d))
            );
        }
    }

    /// Every body (its language detected) raises at least one angry-tone finding.
    fn assert_angry(bodies: &[&str]) {
        for body in bodies {
            let d = draft(None, body);
            assert!(!run(&AngryTone, &d).is_empty(), "{body}");
        }
    }

    #[test]
    fn a_cover_holds_a_part_inside_any_range_not_only_the_nearest() {
        // A long excusing phrase, then many short ones inside it before the word.
        let ranges = std::iter::once(0..100).chain((0..20).map(|i| 10 + i..12 + i));
        let cover = Cover::new(ranges.collect());
        assert!(cover.holds(50..60));
        assert!(!cover.holds(95..105));
        assert!(!cover.holds(150..160));
        assert!(!Cover::new(Vec::new()).holds(0..1));
    }

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
        assert_eq!(
            words,
            vec!["You never answer", "THIS IS NOT OK", "?!", "!!!"]
        );
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
        assert_calm(&[
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
        ]);
        // Aimed at the reader, or two signs together: anger.
        assert_angry(&[
            "Hi,\nyour work is useless.",
            "Hi,\nthe delay is unacceptable!!!",
            "Hi,\nTHIS IS NOT ACCEPTABLE, the delay is ridiculous.",
            "Ciao,\nil vostro ritardo è inaccettabile.",
            "Привет,\nваша задержка недопустима.",
        ]);
    }

    #[test]
    fn calm_text_acronyms_and_quotes_are_fine() {
        assert_calm(&[
            "Hi Anna,\nthe PDF and the SVG are ready. Thank you!",
            "Ciao Anna,\ngrazie mille! A presto.",
            "Thanks, I understand.\n\nOn Mon, Anna wrote:\n> This is RIDICULOUS!!! You NEVER listen.",
            "Спасибо, всё понятно.\n\n16 нояб. 2026 г., в 08:02, Анна пишет:\n> Это безобразие!!!",
        ]);
    }

    /// Issue 14, SpamAssassin ham: newsletter headings, titles in quotation marks, lines typed in
    /// capitals and a newsletter's capitals for names are no shouting; capitals amid the
    /// writer's prose still are.
    #[test]
    fn headings_titles_and_caps_typed_lines_are_no_shouting() {
        for body in [
            "Hi,\n<b>GET WINDOWS XP TIPS:</b> Months after the release, people still learn.\nYou never answer.",
            "Hi,\n04. MOUSELESS WAY HOME.  To go home quickly, touch F6.\nYou never answer.",
            "Hi,\nwe watched \"THE SECRET LIFE OF ZOEY\" on Monday.\nYou never answer.",
            "Hi,\nAT 514 PM EDT NATIONAL WEATHER SERVICE RADAR INDICATED A SEVERE STORM.\nRECEIVE THIS FORM NO LATER THAN MAY 28 IN ORDER TO GET THE PRIZE.\n\nYou never answer.",
            "Hi,\nsee THE GUARDIAN GREAT debate, RED NOSE DAY fun, the PUERILE GOOGLE MISSPELLINGS and\nTHE NINTH CONFIGURATION late on Friday.\nYou never answer.",
            "Ciao,\n<b>OFFERTA DEL GIORNO:</b> il tavolo in rovere costa meno.\nNon hai mai risposto.",
            "Привет,\n1. НОВАЯ ВЕРСИЯ ПРОГРАММЫ. Скачайте её с сайта.\nВы никогда не отвечаете.",
        ] {
            let d = draft(None, body);
            let f = run(&AngryTone, &d);
            assert!(
                !f.is_empty()
                    && f.iter()
                        .all(|f| f.label.as_ref().map(|m| m.id) != Some("angry-tone-shouting")),
                "{body}: {:?}",
                flagged(&d, &f)
            );
        }
        // Near misses: capitals inside the writer's sentence.
        for body in [
            "Hi,\nI asked twice. SEND THE FILES NOW, the print run is Friday. You never answer.",
            "Ciao,\nte l'ho detto. MANDA SUBITO TUTTO ADESSO, la stampa è venerdì. Non hai mai risposto.",
            "Привет,\nя просил дважды. ПРИШЛИТЕ ФАЙЛЫ СЕЙЧАС, печать в пятницу. Вы никогда не отвечаете.",
        ] {
            let d = draft(None, body);
            let f = run(&AngryTone, &d);
            assert!(
                f.iter()
                    .any(|f| f.label.as_ref().map(|m| m.id) == Some("angry-tone-shouting")),
                "{body}: {:?}",
                flagged(&d, &f)
            );
        }
    }

    /// Issue 14: hostile words in a URL, in quotation marks (reported speech), about oneself, the
    /// same word repeated, or single words about third parties in an argument are not anger;
    /// two in one sentence, or one aimed at the reader, are.
    #[test]
    fn hostile_words_not_aimed_at_the_reader_weigh_less() {
        assert_calm(&[
            "Hi,\nstupid me, I lost the file. See http://www.craphound.com/idiots.jpg for \"idiots\".",
            "Hi,\nhe writes: \"All this crap about diets, it's just a load of\nnonsense. We can all be lazy, I'm sick of excuses.\"",
            "Hi,\nthe tactic is stupid. Stupid tactics lose, and some stupid people use them.",
            "Hi,\nyou never know when it breaks. The tactic is stupid, I think. Later it failed in a\nway that took the whole of last week to understand; the result was useless for us.",
            "Ciao,\nmi sento un idiota, ho perso il file. Lui ha detto \"che idioti\" e se n'è andato.",
            "Привет,\nчувствую себя идиотом, потерял файл. Он сказал «это идиотизм» и ушёл.",
        ]);
        assert_angry(&[
            "Hi,\nthe tactic is stupid and the result pathetic.",
            "Hi,\nyou are an idiot.",
            "Hi,\nYou never answer my calls.",
            "Ciao,\nritardi inaccettabili, una vergogna.",
            "Привет,\nэто безобразие и позор.",
        ]);
    }

    /// "You always/never" accuses only with a habit of the reader's ("you never answer"), not
    /// anyone's ("you always end up adding bits", "because you always have a pointer").
    #[test]
    fn habit_accusations_name_the_readers_habit() {
        for (angry, body) in [
            (true, "You never answer my emails."),
            (true, "You always forget the attachment."),
            (
                false,
                "Code is like networks: you always end up adding bits where you didn't expect to.",
            ),
            (
                false,
                "It is faster because you always have a pointer to the character.",
            ),
        ] {
            let d = draft(Some(Lang::En), body);
            assert_eq!(!run(&AngryTone, &d).is_empty(), angry, "{body}");
        }
    }

    /// The same word again in another form ("damned", "damn") weighs once; "we're lazy" is the
    /// writer about themselves; quotation marks written as HTML entities quote.
    #[test]
    fn inflections_self_description_and_entity_quotes() {
        for body in [
            "I checked every damned box and clicked on every damn list I could find.",
            "Because we're inherently lazy, this works for windows only.",
            "The blog says &#8220;Are you also fed up with the war on RSS, you idiot?&#8221; and links it.",
        ] {
            let d = draft(Some(Lang::En), body);
            assert!(run(&AngryTone, &d).is_empty(), "{body}");
        }
    }

    /// In a bulk text only hostile words aimed at its reader count, half each: a newsletter's
    /// capitals, "!!!" and insults about third parties are not anger; two aimed at the reader are.
    #[test]
    fn a_bulk_text_is_angry_only_at_its_reader() {
        let news = |line: &str| {
            format!(
                "NEWS OF THE MONTH\n\nTOP STORY\nhttps://x.example/a\n------\n\n{line}\n\
                 https://x.example/b\n------\n------\n\nTo unsubscribe, go to https://x.example/u\n"
            )
        };
        for (angry, line) in [
            (
                false,
                "The CLICK ON THE LINK campaign was stupid and useless!!!",
            ),
            (false, "Your report is useless."),
            (true, "Your report is useless and your team is incompetent."),
        ] {
            let d = draft(Some(Lang::En), &news(line));
            assert!(d.shape.bulk, "{:?}", d.shape);
            assert_eq!(!run(&AngryTone, &d).is_empty(), angry, "{line}");
        }
    }
}
