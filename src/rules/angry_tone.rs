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
    /// "?!" runs. Quoted text, the signature and text the writer copied in (a pasted article or
    /// chat) are never read: a calm reply that quotes an angry client is calm. A negated word
    /// ("it's not your fault"), the reader's own feeling ("if you are fed up with your bank"),
    /// the reader who knows or agrees ("you know it's stupid") and a word bound to someone else
    /// ("which liar would you take?", "the absurd Hollywood depictions") are no anger at the
    /// reader.
    ///
    /// ## Why is this bad?
    /// An email written in anger cannot be taken back, and it turns a problem into a quarrel.
    /// The service rule: never send an angry email; wait a few hours or until the next day, then
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
    /// `[rules.angry-tone.it]` etc. in the config); who is meant: `reader`, `reader_views`,
    /// `writer`, `feelings`, `binders`, `determiners`, `acting`, `negations`, `not_negating`;
    /// thresholds `caps_run_words` (3), `caps_min_letters` (2) and `exclamation_run` (3).
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
        // Text the writer copied in (a pasted article or chat: `Draft::copied`) is not theirs.
        let copied = |at: usize| cx.draft.copied.iter().any(|r| r.contains(&at));
        let mut halves = 0;
        let mut loud = 0;
        let run = cx.usize("caps_run_words").max(1);
        let min_letters = cx.usize("caps_min_letters");
        let own = &cx.draft.own;
        // Where the words for the reader ("you") are, found once: asking each hostile word's
        // sentence on its own folded the text again for every match.
        let ranges = |list: &str| -> Vec<Range<usize>> {
            let mut found: Vec<Range<usize>> = cx
                .own_matches(list)
                .into_iter()
                .filter_map(|(_, w)| own.offset_of(w).map(|at| at..at + w.len()))
                .collect();
            found.sort_unstable_by_key(|r| r.start);
            found
        };
        // "You" as the one who knows, thinks or agrees ("You know it's stupid - I know it's
        // stupid", "as you know") is the reader beside the writer, not the target.
        let views = Cover::new(ranges("reader_views"));
        let readers: Vec<Range<usize>> = ranges("reader")
            .into_iter()
            .filter(|r| !views.holds(r.clone()))
            .collect();
        let marks = Marks {
            text: &own.text,
            writers: ranges("writer"),
            binders: ranges("binders"),
            determiners: ranges("determiners"),
            acting: ranges("acting"),
            negations: ranges("negations"),
            breakers: ranges("not_negating"),
            readers,
        };
        let feelings = Cover::new(ranges("feelings"));
        let headlines = title_case_lines(own);
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
                    && !copied(offset + start)
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
                // Nor hostility: negated ("it's not your fault", "no scam", "a no-nonsense
                // approach"), in a headline in Title Case ("Rates Slashed For The Last Time!"),
                // or the reader's own feeling ("Are you fed up with your bank?").
                let feeling = feelings.holds(at..end);
                if excused.holds(at..end)
                    || copied(at)
                    || in_a_token(&own.text, at, end)
                    || in_quotes(&own.text, at, end)
                    || marks.negated(at)
                    || headlines.contains(&span.line)
                    || feeling && marks.readers_feeling(at)
                {
                    continue;
                }
                signs.push((span, words, at..end, base, feeling));
            }
        }
        // The signs by where they start, their words folded once: "another hostile word in the
        // sentence" is then a binary search, not a scan of every sign per sign (1 MB of "IDIOT "
        // is 174,763 signs, and that scan took minutes).
        let mut by_start: Vec<(usize, usize, String)> = signs
            .iter()
            .map(|(_, w, r, ..)| (r.start, r.end, w.to_lowercase().chars().take(4).collect()))
            .collect();
        by_start.sort_unstable_by_key(|s| s.0);
        for (span, words, bytes, base, feeling) in &signs {
            let (at, end) = (bytes.start, bytes.end);
            // Keyed by its first four letters: "damn" and "damned", "scam" and "scams",
            // "stupid" and "stupidity" are the same word again.
            let key: String = words.to_lowercase().chars().take(4).collect();
            // The same word again ("stupid" five times in one argument) adds nothing, so only
            // its first use is weighed.
            if seen.insert(key.clone()) {
                let w = weigh(
                    &marks,
                    &shouted,
                    &by_start,
                    (*base, *feeling),
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
        for (line, offset, text) in own.lines() {
            for (start, end, kind) in punctuation_runs(text, bangs) {
                if copied(offset + start) {
                    continue;
                }
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
/// sign as (start, end, folded words), sorted by start; `feeling`: the word names a feeling of
/// whoever is fed up ("fed up", "stufo", "надоело"), aimed only at what they are fed up with.
fn weigh(
    marks: &Marks<'_>,
    shouted: &[(Span, Range<usize>)],
    by_start: &[(usize, usize, String)],
    (base, feeling): (usize, bool),
    at: Range<usize>,
    key: &str,
) -> usize {
    let (text, readers) = (marks.text, &marks.readers[..]);
    let sentence = sentence_around(text, at.start, at.end);
    // Aimed at the reader: a word for "you" close by ("your work is useless", "you are an
    // idiot") or in a short sentence ("Un servizio vergognoso, dopo otto anni che lavoriamo con
    // voi"), not anywhere in a long one ("you think they are so useless"). Not a word bound to
    // someone else ("which liar would you take?", "their stupid ideas"); a "you" after the word
    // only when nothing it does stands between ("the clueless asking you" ask the reader); a
    // feeling only at what it is about ("I'm fed up with your excuses").
    let short = text[sentence.clone()].split_whitespace().count() <= AIM_SENTENCE;
    let near = near(text, sentence.clone(), at.start, at.end);
    let aimed = base == 1
        && !readers.is_empty()
        && !marks.bound(at.start)
        && !marks.named(at.clone())
        && (contains_any(readers, at.clone())
            || marks.aimed_after(at.end, near.end)
            || feeling && marks.aimed_in_clause(near.start, at.start)
            || !feeling
                && (contains_any(readers, near.start..at.start)
                    || short && contains_any(readers, sentence.clone())));
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

/// The own text's words that tell whom a hostile word is about, each list's matches as byte
/// ranges sorted by start (found once, so each question is a binary search).
struct Marks<'a> {
    text: &'a str,
    /// Words for the reader ("you", "tuo", "вам"), without those that only know or think
    /// (`reader_views`).
    readers: Vec<Range<usize>>,
    /// Words for the writer ("I", "we", "mi", "мне"): whose feeling a "fed up" is.
    writers: Vec<Range<usize>>,
    /// Words that bind the next word to someone else ("which", "those", "their", "quei", "их").
    binders: Vec<Range<usize>>,
    /// Articles and demonstratives ("the", "that", "il", "этот"): with a capitalised name after
    /// the word, they bind it to that name (`named`).
    determiners: Vec<Range<usize>>,
    /// Participles, gerunds and relative pronouns ("asking", "che", "которые"): what someone
    /// else does to the reader after them.
    acting: Vec<Range<usize>>,
    /// Negations ("not", "no", "non", "не") and the words after one that keep it from negating
    /// ("not only", "non solo", "не только").
    negations: Vec<Range<usize>>,
    breakers: Vec<Range<usize>>,
}

/// How far (bytes) before a word its negation or binding word is looked for.
const NEGATION_REACH: usize = 40;

impl Marks<'_> {
    /// The last range of `found` that ends at or before byte `at`, with the text between.
    fn before<'r>(&self, found: &'r [Range<usize>], at: usize) -> Option<(&'r Range<usize>, &str)> {
        let i = found.partition_point(|r| r.start < at);
        let r = found[..i].iter().rev().find(|r| r.end <= at)?;
        (at - r.end <= NEGATION_REACH).then(|| (r, &self.text[r.end..at]))
    }

    /// Whether the word at `at` is negated: right after a negation, or one word after it in the
    /// same clause ("not your fault", "no-nonsense", "non è colpa tua", "не ваша вина"), unless
    /// that word keeps the negation off it ("not only rude").
    fn negated(&self, at: usize) -> bool {
        let Some((r, gap)) = self.before(&self.negations, at) else {
            return false;
        };
        let words: Vec<&str> = gap
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .collect();
        words.len() <= 1
            && words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’'))
            })
            && !contains_any(&self.breakers, r.end..at)
    }

    /// Whether the word at `at` stands right after a word that binds it to someone other than
    /// the reader ("which liar", "those idiots", "their pathetic egos").
    fn bound(&self, at: usize) -> bool {
        self.before(&self.binders, at)
            .is_some_and(|(_, gap)| !gap.is_empty() && gap.trim().is_empty())
    }

    /// Whether the word at `at` stands between an article or demonstrative and a capitalised
    /// name ("the absurd Hollywood depictions", "quella stupida Microsoft", "этот дурацкий
    /// Microsoft"): it says what that name's thing is, not the reader's. Not "I", not a word in
    /// capitals (shouting), not a name that starts a new sentence.
    fn named(&self, at: Range<usize>) -> bool {
        let after = &self.text[at.end..];
        let next = after
            .strip_prefix(' ')
            .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
            .unwrap_or("");
        let mut chars = next.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase)
            && chars.clone().next().is_some()
            && chars.all(|c| !c.is_uppercase());
        capitalised
            && self
                .before(&self.determiners, at.start)
                .is_some_and(|(_, gap)| !gap.is_empty() && gap.trim().is_empty())
    }

    /// Whether a feeling at `at` is the reader's: the nearest word for a person before it in
    /// its sentence is the reader ("If you are fed up with ...", "Вам надоели счета?"), not the
    /// writer ("I'm fed up with your excuses", "вы мне надоели").
    fn readers_feeling(&self, at: usize) -> bool {
        let sentence = sentence_around(self.text, at, at);
        let last = |found: &[Range<usize>]| {
            let i = found.partition_point(|r| r.start < at);
            found[..i]
                .last()
                .filter(|r| r.start >= sentence.start && r.end <= at)
                .map(|r| r.start)
        };
        match (last(&self.readers), last(&self.writers)) {
            (Some(reader), writer) => writer.is_none_or(|w| w < reader),
            (None, _) => false,
        }
    }

    /// Whether a word for the reader stands in `from..at` with no punctuation between it and
    /// `at`: whom the writer is fed up with in "вы мне надоели", not the reader in "I don't
    /// know about you, but I am sick and tired of ...".
    fn aimed_in_clause(&self, from: usize, at: usize) -> bool {
        let i = self.readers.partition_point(|r| r.start < at);
        self.readers[..i]
            .last()
            .filter(|r| r.start >= from && r.end <= at)
            .is_some_and(|r| !self.text[r.end..at].contains([',', ';', ':', '.', '—', '–']))
    }

    /// Whether a word for the reader follows byte `end` before `to` with no `acting` word between:
    /// "useless to you", not "the clueless asking you".
    fn aimed_after(&self, end: usize, to: usize) -> bool {
        let i = self.readers.partition_point(|r| r.start < end);
        self.readers
            .get(i)
            .is_some_and(|r| r.end <= to && !contains_any(&self.acting, end..r.start))
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

/// The own lines that are a headline in Title Case: at least three words of four or more
/// letters, each capitalised with lower case after ("Mortgage Rates Slashed For The Last
/// Time!"), none in lower case, at most twelve words. An accusation there is a slogan.
fn title_case_lines(own: &crate::draft::OwnText) -> std::collections::HashSet<usize> {
    let mut out = std::collections::HashSet::new();
    for (line, _, text) in own.lines() {
        let (mut title, mut other, mut words) = (0usize, 0usize, 0usize);
        for w in text.unicode_words() {
            words += 1;
            if w.chars().filter(|c| c.is_alphabetic()).count() < 4 {
                continue;
            }
            let mut chars = w.chars();
            if chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase) {
                title += 1;
            } else {
                other += 1;
            }
        }
        if title >= 3 && other == 0 && words <= 12 {
            out.insert(line);
        }
    }
    out
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
mod tests;
