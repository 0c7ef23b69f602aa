//! Compiled word lists: plain entries in an Aho-Corasick automaton, `re:` entries in one regex.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use super::folded::*;

/// How a matcher's automaton is built. The results are the same; the costs differ. A DFA
/// searches fastest but takes milliseconds to build: worth it when many drafts are checked,
/// most of the start-up time of a one-draft run. A contiguous NFA builds in a fraction of that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// Quick to build (one draft: `mailcheck draft.eml`, `inspect`, `fix`, `send`).
    Quick,
    /// Fast to search, whatever the automaton the library finds best (many drafts).
    FastSearch,
}

/// A compiled word list. Plain entries (words, phrases, stems) go into one Aho-Corasick
/// automaton over case-folded text, with word boundaries checked on each hit: it builds in
/// microseconds, where a Unicode-aware regex of the same list takes milliseconds to compile.
/// `re:` entries go into one regex. Matches are leftmost, then longest, never overlapping.
#[derive(Debug)]
pub struct Matcher {
    pub(super) words: Option<WordSet>,
    pub(super) re: Option<Re>,
}

#[derive(Debug)]
pub(super) struct WordSet {
    ac: AhoCorasick,
    /// Per pattern: how its hits are checked.
    words: Vec<Word>,
    /// The first characters of the (folded) patterns, sorted.
    first_chars: Vec<char>,
}

/// How a hit of one plain entry is checked and extended.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word {
    /// A trailing `*` (any word ending may follow).
    stem: bool,
    /// It starts / ends with a word character, so a word boundary is needed there.
    starts_word: bool,
    ends_word: bool,
}

/// The entries of a list split into Aho-Corasick patterns (folded, with their checks) and the
/// regex of its `re:` entries (as one alternation, longest first).
pub(super) fn split_entries<S: AsRef<str>>(entries: &[S]) -> (Vec<String>, Vec<Word>, Vec<String>) {
    let mut regexes: Vec<String> = Vec::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    for e in entries {
        let e = e.as_ref();
        if e.starts_with("re:") {
            regexes.push(entry_to_regex(e));
            continue;
        }
        let e = e.trim();
        let (body, star) = match e.strip_suffix('*') {
            Some(b) => (b.trim_end(), true),
            None => (e, false),
        };
        let folded = Folded::new(body).text;
        if folded.is_empty() {
            continue;
        }
        words.push(Word {
            stem: star,
            starts_word: folded.chars().next().is_some_and(is_word_char),
            ends_word: folded.chars().last().is_some_and(is_word_char),
        });
        patterns.push(folded);
    }
    (patterns, words, regexes)
}

pub(super) fn build_ac(patterns: &[String], how: Build) -> Result<AhoCorasick, regex::Error> {
    let kind = match how {
        Build::Quick => Some(AhoCorasickKind::ContiguousNFA),
        Build::FastSearch => None,
    };
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(kind)
        .build(patterns)
        .map_err(|e| regex::Error::Syntax(e.to_string()))
}

pub(super) fn build_regex(mut regexes: Vec<String>) -> Result<Option<Re>, regex::Error> {
    if regexes.is_empty() {
        return Ok(None);
    }
    regexes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    regexes.dedup();
    let pattern = regexes.join("|");
    let pre = without_word_boundaries(&pattern).and_then(|p| compile(&p).ok());
    let re = OnceLock::new();
    if pre.is_none() {
        re.set(compile(&pattern)?).ok();
    }
    Ok(Some(Re { pattern, re, pre }))
}

pub(super) fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .multi_line(true)
        .size_limit(64 << 20)
        .build()
}

/// The `re:` entries of a list as one regex. A Unicode word boundary (`\b`) makes the regex
/// crate give up its fast engine (the lazy DFA) on any non-ASCII text and search with a slow
/// one (the backtracker): so such a regex comes with `pre`, the same pattern without its word
/// boundaries, which the fast engine runs everywhere. Dropping an assertion only allows more
/// matches, so where `pre` finds nothing the regex finds nothing either; most texts are ruled
/// out by `pre` alone, and the regex itself is compiled only when `pre` first finds something
/// (a single draft seldom needs it).
#[derive(Debug)]
pub(super) struct Re {
    pattern: String,
    re: OnceLock<Regex>,
    pub(super) pre: Option<Regex>,
}

impl Re {
    pub(super) fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = Range<usize>> + 'a {
        let possible = self.pre.as_ref().is_none_or(|p| p.is_match(text));
        // Every entry was validated when the data was loaded; should the alternation of them
        // all still not compile (over the size limit), it matches nothing.
        let re = possible.then(|| {
            self.re
                .get_or_init(|| compile(&self.pattern).unwrap_or_else(|_| never()))
        });
        re.into_iter()
            .flat_map(move |re| re.find_iter(text).map(|m| m.range()))
    }
}

/// A regex that matches nothing.
pub(super) fn never() -> Regex {
    Regex::new(r"[^\s\S]").expect("valid")
}

/// `pattern` with its `\b` and `\B` assertions removed, if it has any (`None` also when one is
/// followed by `{`, the `\b{start}` forms, which are left alone). A `\b` can only be an
/// assertion: the regex syntax rejects it inside a class.
pub(super) fn without_word_boundaries(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len());
    let mut removed = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b' | 'B') => {
                if chars.peek() == Some(&'{') {
                    return None;
                }
                removed = true;
            }
            Some(next) => {
                out.push(c);
                out.push(next);
            }
            None => out.push(c),
        }
    }
    removed.then_some(out)
}

/// Pushes onto `found` the hits of plain entries in `folded_text` (the folded form of the part
/// searched, which starts at folded byte `offset` of `folded`), as original byte ranges relative
/// to `base`: each hit is (start, end, checks), relative to `folded_text`. Word boundaries are
/// those of the part: its edges count as boundaries.
pub(super) fn push_word_hits(
    found: &mut Vec<Range<usize>>,
    folded: &Folded,
    offset: usize,
    base: usize,
    folded_text: &str,
    hits: impl Iterator<Item = (usize, usize, Word)>,
) {
    let word_before = |at: usize| {
        folded_text[..at]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
    };
    for (start, mut end, w) in hits {
        if w.starts_word && word_before(start) {
            continue;
        }
        let next_is_word = folded_text[end..].chars().next().is_some_and(is_word_char);
        if w.stem {
            end += folded_text[end..]
                .chars()
                .take_while(|&c| is_word_char(c))
                .map(char::len_utf8)
                .sum::<usize>();
        } else if w.ends_word && next_is_word {
            continue;
        }
        found.push(folded.original(offset + start) - base..folded.original(offset + end) - base);
    }
}

/// Adds the regex matches in `text` to `found`, then keeps the leftmost-longest
/// non-overlapping ones, in order.
pub(super) fn finish_matches(
    mut found: Vec<Range<usize>>,
    re: Option<&Re>,
    text: &str,
) -> Vec<Range<usize>> {
    if let Some(re) = re {
        found.extend(re.find_iter(text));
    }
    if found.len() > 1 {
        found.retain(|r| !r.is_empty());
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut last_end = 0;
        found.retain(|r| {
            let keep = r.start >= last_end;
            if keep {
                last_end = r.end;
            }
            keep
        });
    } else {
        found.retain(|r| !r.is_empty());
    }
    found
}

impl Matcher {
    pub const fn empty() -> Self {
        Matcher {
            words: None,
            re: None,
        }
    }

    /// Builds a matcher from lint entries, quick to build (see [`Build`]). Errors only on an
    /// invalid `re:` entry.
    pub fn new<S: AsRef<str>>(entries: &[S]) -> Result<Self, regex::Error> {
        Self::build(entries, Build::Quick)
    }

    /// Builds a matcher from lint entries, for one draft or for many.
    pub fn build<S: AsRef<str>>(entries: &[S], how: Build) -> Result<Self, regex::Error> {
        let (patterns, words, regexes) = split_entries(entries);
        let words = if patterns.is_empty() {
            None
        } else {
            let mut first_chars: Vec<char> =
                patterns.iter().filter_map(|p| p.chars().next()).collect();
            first_chars.sort_unstable();
            first_chars.dedup();
            Some(WordSet {
                ac: build_ac(&patterns, how)?,
                words,
                first_chars,
            })
        };
        Ok(Matcher {
            words,
            re: build_regex(regexes)?,
        })
    }

    /// Byte ranges of the non-overlapping matches in `text`: leftmost first, the longest of
    /// those that start at the same place.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        let folded = self.words.as_ref().map(|_| Folded::new(text));
        self.matches(text, folded.as_ref().map(|f| (f, 0)))
            .into_iter()
    }

    /// Like `find_iter`, for a `text` that is the part of a longer text starting at byte
    /// `start`, with that longer text already folded (`folded`): the part is not folded again.
    /// `text` may differ from that part in white space only (it folds the same). Ranges are
    /// relative to `text`.
    pub fn find_folded(&self, text: &str, folded: &Folded, start: usize) -> Vec<Range<usize>> {
        self.matches(text, Some((folded, start)))
    }

    /// The matches in `text`; `folded` is the folded longer text `text` starts in, and where.
    pub(super) fn matches(
        &self,
        text: &str,
        folded: Option<(&Folded, usize)>,
    ) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = Vec::new();
        if let (Some(w), Some((folded, base))) = (&self.words, folded) {
            let part = folded.folded_range(base..base + text.len());
            let offset = part.start;
            let folded_text = &folded.text[part];
            let hits = w.ac.find_overlapping_iter(folded_text).map(|m| {
                let p = m.pattern().as_usize();
                (m.start(), m.end(), w.words[p])
            });
            push_word_hits(&mut found, folded, offset, base, folded_text, hits);
        }
        finish_matches(found, self.re.as_ref(), text)
    }

    /// Whether this list can match anywhere in the text `folded` was made from: false means no
    /// part of that text has a match, so a caller may skip searching its parts one by one.
    /// (True when an entry occurs at all, word boundaries unchecked, or the list has a regex.)
    pub fn may_match(&self, folded: &Folded) -> bool {
        self.re.is_some()
            || self
                .words
                .as_ref()
                .is_some_and(|w| w.ac.is_match(folded.as_str()))
    }

    /// Whether a match may start at the beginning of `text` (which does not start with white
    /// space): false when no entry starts with a character its first character folds to (and
    /// the list has no regex), so a caller that wants only such matches need not search.
    pub fn may_match_at_start(&self, text: &str) -> bool {
        let Some(c) = text.chars().next() else {
            return false;
        };
        self.re.is_some()
            || self.words.as_ref().is_some_and(|w| {
                c.to_lowercase()
                    .any(|l| w.first_chars.binary_search(&l).is_ok())
            })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }

    /// The first match in `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_iter(text).next()
    }
}

/// Turns one lint entry into a regex fragment (see the module doc for the syntax).
pub fn entry_to_regex(entry: &str) -> String {
    if let Some(re) = entry.strip_prefix("re:") {
        return format!("(?:{re})");
    }
    let entry = entry.trim();
    let (body, star) = match entry.strip_suffix('*') {
        Some(b) => (b.trim_end(), true),
        None => (entry, false),
    };
    let words: Vec<String> = body.split_whitespace().map(regex::escape).collect();
    let mut out = String::from("(?:");
    if body.chars().next().is_some_and(is_word_char) {
        out.push_str(r"\b");
    }
    out.push_str(&words.join(r"\s+"));
    if star {
        out.push_str(r"\w*");
    }
    if star || body.chars().last().is_some_and(is_word_char) {
        out.push_str(r"\b");
    }
    out.push(')');
    out
}

pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}
