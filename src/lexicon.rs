//! Word lists and thresholds: the `lints/*.toml` data, merged with what the user adds, turned into
//! matchers once per run.
//!
//! Entry syntax (documented for users in `lints/README.md`): case-insensitive whole words; a
//! trailing `*` matches any ending; a space matches any white space; `re:` starts a regex.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use crate::error::ConfigError;
use crate::lang::Lang;

/// The tables of one lint file besides `[thresholds]`: `any`, `en`, `it`, `ru`.
pub const LIST_SCOPES: [&str; 4] = ["any", "en", "it", "ru"];

/// The data of one lint file, as read and merged, before compiling.
#[derive(Debug, Clone, Default)]
pub struct LintData {
    pub thresholds: toml::Table,
    /// scope ("any", "en", "it", "ru") -> list name -> entries
    pub lists: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl LintData {
    /// Parses one lint file. `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Self, ConfigError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| ConfigError::Lint {
                file: origin.to_string(),
                message: e.to_string(),
            })?;
        Self::from_table(origin, table)
    }

    /// Reads the same shape from a TOML table (a lint file, or a config `[rules.<id>]` table
    /// without its `severity` key).
    pub fn from_table(origin: &str, table: toml::Table) -> Result<Self, ConfigError> {
        let err = |message: String| ConfigError::Lint {
            file: origin.to_string(),
            message,
        };
        let mut data = LintData::default();
        for (key, value) in table {
            if key == "thresholds" {
                match value {
                    toml::Value::Table(t) => data.thresholds = t,
                    _ => return Err(err("`thresholds` must be a table".into())),
                }
            } else if LIST_SCOPES.contains(&key.as_str()) {
                let toml::Value::Table(lists) = value else {
                    return Err(err(format!("`{key}` must be a table of word lists")));
                };
                let mut out = BTreeMap::new();
                for (name, entries) in lists {
                    let toml::Value::Array(items) = entries else {
                        return Err(err(format!("`{key}.{name}` must be a list of strings")));
                    };
                    let mut words = Vec::with_capacity(items.len());
                    for item in items {
                        match item {
                            toml::Value::String(s) => words.push(s),
                            other => {
                                return Err(err(format!(
                                    "`{key}.{name}`: {other} is not a string"
                                )));
                            }
                        }
                    }
                    out.insert(name, words);
                }
                data.lists.insert(key, out);
            } else {
                return Err(err(format!(
                    "unknown table `{key}` (expected `thresholds`, `any`, `en`, `it` or `ru`)"
                )));
            }
        }
        Ok(data)
    }

    /// Merges `other` into `self`: lists are appended, thresholds replaced. A threshold that the
    /// built-in file does not have, or of another type, is an error naming the key.
    pub fn merge(&mut self, origin: &str, other: LintData) -> Result<(), ConfigError> {
        for (key, value) in other.thresholds {
            match self.thresholds.get(&key) {
                Some(old) if old.type_str() == value.type_str() => {
                    self.thresholds.insert(key, value);
                }
                Some(old) => {
                    return Err(ConfigError::Lint {
                        file: origin.to_string(),
                        message: format!(
                            "threshold `{key}` must be a {}, not a {}",
                            old.type_str(),
                            value.type_str()
                        ),
                    });
                }
                None => {
                    let known: Vec<&str> = self.thresholds.keys().map(String::as_str).collect();
                    return Err(ConfigError::Lint {
                        file: origin.to_string(),
                        message: format!(
                            "unknown threshold `{key}` (known: {})",
                            if known.is_empty() {
                                "none".to_string()
                            } else {
                                known.join(", ")
                            }
                        ),
                    });
                }
            }
        }
        for (scope, lists) in other.lists {
            let mine = self.lists.entry(scope).or_default();
            for (name, words) in lists {
                mine.entry(name).or_default().extend(words);
            }
        }
        Ok(())
    }

    /// Checks that every `re:` entry compiles, naming the file and list when one does not.
    pub fn validate(&self, origin: &str) -> Result<(), ConfigError> {
        for (scope, lists) in &self.lists {
            for (name, words) in lists {
                for w in words {
                    if let Err(e) = Regex::new(&entry_to_regex(w)) {
                        return Err(ConfigError::Lint {
                            file: origin.to_string(),
                            message: format!("`{scope}.{name}`: entry {w:?} is not valid: {e}"),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

/// Which lists a matcher is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The language's own list plus the `any` list.
    Lang(Lang),
    /// Every language's list and the `any` list (how the draft reader reads reply headers).
    All,
}

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
    words: Option<WordSet>,
    re: Option<Re>,
}

#[derive(Debug)]
struct WordSet {
    ac: AhoCorasick,
    /// Per pattern: how its hits are checked.
    words: Vec<Word>,
    /// The first characters of the (folded) patterns, sorted.
    first_chars: Vec<char>,
}

/// How a hit of one plain entry is checked and extended.
#[derive(Debug, Clone, Copy)]
struct Word {
    /// A trailing `*` (any word ending may follow).
    stem: bool,
    /// It starts / ends with a word character, so a word boundary is needed there.
    starts_word: bool,
    ends_word: bool,
}

/// The entries of a list split into Aho-Corasick patterns (folded, with their checks) and the
/// regex of its `re:` entries (as one alternation, longest first).
fn split_entries<S: AsRef<str>>(entries: &[S]) -> (Vec<String>, Vec<Word>, Vec<String>) {
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

fn build_ac(patterns: &[String], how: Build) -> Result<AhoCorasick, regex::Error> {
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

fn build_regex(mut regexes: Vec<String>) -> Result<Option<Re>, regex::Error> {
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

fn compile(pattern: &str) -> Result<Regex, regex::Error> {
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
struct Re {
    pattern: String,
    re: OnceLock<Regex>,
    pre: Option<Regex>,
}

impl Re {
    fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
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
fn never() -> Regex {
    Regex::new(r"[^\s\S]").expect("valid")
}

/// `pattern` with its `\b` and `\B` assertions removed, if it has any (`None` also when one is
/// followed by `{`, the `\b{start}` forms, which are left alone). A `\b` can only be an
/// assertion: the regex syntax rejects it inside a class.
fn without_word_boundaries(pattern: &str) -> Option<String> {
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
fn push_word_hits(
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
fn finish_matches(mut found: Vec<Range<usize>>, re: Option<&Re>, text: &str) -> Vec<Range<usize>> {
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

/// A text as the word lists see it: lower case, white space runs as one space, with the way back
/// to the original's byte offsets. Folding is most of the cost of matching, so a text searched by
/// many lists (the own text of a draft) is folded once and kept (see `OwnText::folded`).
#[derive(Debug, Clone, Default)]
pub struct Folded {
    text: String,
    /// For each byte of `text`, the byte offset in the original of the character it came from,
    /// plus one entry for the end. `None` when that is the identity (byte `i` came from byte
    /// `i`: no run of white space collapsed, no case mapping changed a length), the usual case,
    /// which costs no allocation.
    map: Option<Vec<usize>>,
}

impl Folded {
    pub fn new(text: &str) -> Self {
        let mut out = String::with_capacity(text.len());
        let mut map: Option<Vec<usize>> = None;
        // Called when byte `i` of the output no longer comes from byte `i` of the input.
        let identity_ends = |map: &mut Option<Vec<usize>>, upto: usize| {
            if map.is_none() {
                let mut m = Vec::with_capacity(text.len() + 1);
                m.extend(0..upto);
                *map = Some(m);
            }
        };
        let mut in_space = false;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                if in_space {
                    identity_ends(&mut map, out.len());
                    continue;
                }
                in_space = true;
                if c.len_utf8() != 1 {
                    identity_ends(&mut map, out.len());
                }
                out.push(' ');
                if let Some(m) = &mut map {
                    m.push(i);
                }
                continue;
            }
            in_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                if let Some(m) = &mut map {
                    m.push(i);
                }
                continue;
            }
            let before = out.len();
            let lower = c.to_lowercase();
            let single = lower.len() == 1;
            out.extend(lower);
            let n = out.len() - before;
            if !single || n != c.len_utf8() {
                identity_ends(&mut map, before);
            }
            if let Some(m) = &mut map {
                m.extend(std::iter::repeat_n(i, n));
            }
        }
        if let Some(m) = &mut map {
            m.push(text.len());
        }
        Folded { text: out, map }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original offset of folded byte `i` (`i` may be the end).
    fn original(&self, i: usize) -> usize {
        match &self.map {
            Some(m) => m[i],
            None => i,
        }
    }

    /// The folded bytes that come from the original bytes `range` (which falls on character
    /// boundaries): the folded form of that part of the original.
    fn folded_range(&self, range: Range<usize>) -> Range<usize> {
        match &self.map {
            None => range,
            Some(m) => {
                m.partition_point(|&o| o < range.start)..m.partition_point(|&o| o < range.end)
            }
        }
    }
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
    fn matches(&self, text: &str, folded: Option<(&Folded, usize)>) -> Vec<Range<usize>> {
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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every own-text list (see [`Lexicon::with_own_text_lists`]) in one language: their plain entries in one automaton
/// (pattern -> list), their `re:` entries one regex per list. Matches are the same as each
/// list's own [`Matcher`]: every occurrence of every pattern is found (overlapping search), and
/// a list's hits inside a part of the text are checked and resolved as that list alone would.
#[derive(Debug)]
pub struct SharedLists {
    ac: Option<AhoCorasick>,
    /// Per pattern: its list (index in the lexicon's own-text lists) and checks.
    list_of: Vec<u8>,
    words: Vec<Word>,
    /// Per list: the regex of its `re:` entries.
    re: Vec<Option<Re>>,
}

/// One occurrence of a shared pattern: folded byte range in the draft's folded own text.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: u32,
    end: u32,
    pattern: u32,
}

/// The shared lists' occurrences in one draft's own text: per stretch of one language (its
/// original byte range and language), per list, in the order the search found them (by end).
#[derive(Debug, Clone, Default)]
pub struct SharedHits {
    stretches: Vec<(Range<usize>, Lang, Vec<Vec<Hit>>)>,
}

impl SharedLists {
    fn build(lex: &Lexicon, lang: Lang, how: Build) -> Result<Self, regex::Error> {
        let mut patterns = Vec::new();
        let mut list_of = Vec::new();
        let mut words = Vec::new();
        let mut re = Vec::new();
        for (i, &(file, name)) in lex.own_text.iter().enumerate() {
            let entries = lex.entries(file, name, Scope::Lang(lang));
            let (p, w, r) = split_entries(&entries);
            list_of.extend(std::iter::repeat_n(i as u8, p.len()));
            patterns.extend(p);
            words.extend(w);
            re.push(build_regex(r)?);
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(build_ac(&patterns, how)?)
        };
        Ok(SharedLists {
            ac,
            list_of,
            words,
            re,
        })
    }

    /// Searches each stretch of `folded` (original byte range, language) with that language's
    /// lists, once.
    pub fn search(
        lex: &Lexicon,
        folded: &Folded,
        stretches: Vec<(Range<usize>, Lang)>,
    ) -> SharedHits {
        let stretches = stretches
            .into_iter()
            .map(|(range, lang)| {
                let shared = lex.shared(lang);
                let mut per_list: Vec<Vec<Hit>> = vec![Vec::new(); lex.own_text.len()];
                if let Some(ac) = &shared.ac {
                    let part = folded.folded_range(range.clone());
                    let offset = part.start;
                    for m in ac.find_overlapping_iter(&folded.text[part]) {
                        let p = m.pattern().as_usize();
                        per_list[usize::from(shared.list_of[p])].push(Hit {
                            start: (offset + m.start()) as u32,
                            end: (offset + m.end()) as u32,
                            pattern: p as u32,
                        });
                    }
                }
                (range, lang, per_list)
            })
            .collect();
        SharedHits { stretches }
    }

    /// The matches of list `list` in `text`, a string that folds like the part of `folded`'s
    /// original starting at byte `base` and lying inside stretch `hits` (searched with these
    /// lists): as `Matcher::find_folded` with that list's own matcher.
    fn find(
        &self,
        list: usize,
        hits: &[Hit],
        text: &str,
        folded: &Folded,
        base: usize,
    ) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = Vec::new();
        if !hits.is_empty() {
            let part = folded.folded_range(base..base + text.len());
            let (lo, hi) = (part.start, part.end);
            let folded_text = &folded.text[part];
            // Hits come by end: those inside the part end in (lo, hi] and start at lo or later.
            let first = hits.partition_point(|h| (h.end as usize) <= lo);
            let inside = hits[first..]
                .iter()
                .take_while(|h| (h.end as usize) <= hi)
                .filter(|h| (h.start as usize) >= lo)
                .map(|h| {
                    (
                        h.start as usize - lo,
                        h.end as usize - lo,
                        self.words[h.pattern as usize],
                    )
                });
            push_word_hits(&mut found, folded, lo, base, folded_text, inside);
        }
        finish_matches(found, self.re[list].as_ref(), text)
    }
}

impl SharedHits {
    /// The matches of shared list `list` in language `lang` in `text` (see
    /// [`SharedLists::find`]), or `None` when `text` is not inside one stretch searched in
    /// `lang`.
    pub fn find(
        &self,
        lex: &Lexicon,
        list: usize,
        lang: Lang,
        text: &str,
        folded: &Folded,
        base: usize,
    ) -> Option<Vec<Range<usize>>> {
        let (_, _, per_list) = self
            .stretches
            .iter()
            .find(|(r, l, _)| *l == lang && r.start <= base && base + text.len() <= r.end)?;
        Some(
            lex.shared(lang)
                .find(list, &per_list[list], text, folded, base),
        )
    }

    /// Whether list `list` may match in some stretch (in that stretch's language): false means
    /// no part of the text has a match in its language.
    pub fn may_match(&self, lex: &Lexicon, list: usize) -> bool {
        self.stretches
            .iter()
            .any(|(_, l, per_list)| !per_list[list].is_empty() || lex.shared(*l).re[list].is_some())
    }
}

/// The `stopwords` lists of `lints/draft.toml` in English and Italian in one automaton, for
/// counting them in a draft's own text in one pass (they occur everywhere: a list of where
/// each one is costs little next to searching each paragraph twice). Built only when every
/// entry is a plain word (word characters, maybe a trailing `*`): then every match is one whole
/// word, so the matches in a part of the text that starts and ends at white space are the
/// matches of the whole text that fall in it.
#[derive(Debug)]
pub struct StopWords {
    ac: AhoCorasick,
    /// Per pattern: English (false) or Italian (true), and its checks.
    italian: Vec<bool>,
    words: Vec<Word>,
}

impl StopWords {
    fn build(lex: &Lexicon, how: Build) -> Option<Self> {
        let mut patterns = Vec::new();
        let mut italian = Vec::new();
        let mut words = Vec::new();
        for lang in [Lang::En, Lang::It] {
            let entries = lex.entries("draft", "stopwords", Scope::Lang(lang));
            let (p, w, r) = split_entries(&entries);
            let plain = |e: &&str| {
                let e = e.trim();
                let body = e.strip_suffix('*').map_or(e, str::trim_end);
                let folded = Folded::new(body).text;
                !e.starts_with("re:") && !folded.is_empty() && folded.chars().all(is_word_char)
            };
            if !r.is_empty() || !entries.iter().all(plain) {
                return None;
            }
            italian.extend(std::iter::repeat_n(lang == Lang::It, p.len()));
            patterns.extend(p);
            words.extend(w);
        }
        if patterns.is_empty() {
            return None;
        }
        Some(StopWords {
            ac: build_ac(&patterns, how).ok()?,
            italian,
            words,
        })
    }

    /// The stop words of `folded`'s original text: (byte offset where the word starts,
    /// language), in text order, each word once per language. The stop words of language `l`
    /// in a part of the text that starts and ends at white space (or the text's ends) are the
    /// entries for `l` that start in it: as many as that language's `stopwords` matcher finds
    /// in the part.
    pub fn find(&self, folded: &Folded) -> Vec<(usize, Lang)> {
        let mut found: Vec<Range<usize>> = Vec::new();
        let mut out = Vec::new();
        let mut last: [Option<usize>; 2] = [None, None];
        for m in self.ac.find_overlapping_iter(folded.as_str()) {
            let p = m.pattern().as_usize();
            found.clear();
            push_word_hits(
                &mut found,
                folded,
                0,
                0,
                folded.as_str(),
                std::iter::once((m.start(), m.end(), self.words[p])),
            );
            let Some(r) = found.first() else {
                continue;
            };
            let i = usize::from(self.italian[p]);
            // Every match is one whole word; the same word found twice counts once.
            if last[i] != Some(r.start) {
                last[i] = Some(r.start);
                out.push((r.start, if i == 1 { Lang::It } else { Lang::En }));
            }
        }
        out
    }
}

/// All lint data of a run, with matchers compiled on first use and kept for the whole run.
#[derive(Debug, Default)]
pub struct Lexicon {
    files: HashMap<String, LintData>,
    /// file -> list name -> the list's compiled forms. Looked up by `&str`, with no allocation:
    /// rules ask for their matchers many times per draft.
    lists: HashMap<String, HashMap<String, Compiled>>,
    /// Build matchers for searching many drafts (see [`Build`]); set before the first draft.
    many: AtomicBool,
    /// The word lists searched in the writer's own text, as (rule id, list name): the rules
    /// declare them (`own_text` in `declare_rule!`). Their plain entries are found in one
    /// Aho-Corasick pass per draft and language (see [`SharedLists`]) instead of one pass per
    /// list; the stop words, which occur everywhere, are not among them (see [`StopWords`]).
    /// Empty: every list is searched alone (same matches, slower).
    own_text: Vec<(&'static str, &'static str)>,
    /// The own-text lists per language (En, It, Ru), built on first use.
    shared: [OnceLock<SharedLists>; 3],
    /// The stop words of English and Italian, when they are plain words.
    stopwords: OnceLock<Option<StopWords>>,
}

/// The compiled forms of one list, one cell per scope (see `scope_index`), built on first use.
#[derive(Debug, Default)]
struct Compiled {
    whole: [OnceLock<Matcher>; 4],
    /// One matcher per entry, for lists whose order means something (month names).
    per_entry: [OnceLock<Vec<Matcher>>; 4],
}

fn scope_index(scope: Scope) -> usize {
    match scope {
        Scope::All => 0,
        Scope::Lang(Lang::En) => 1,
        Scope::Lang(Lang::It) => 2,
        Scope::Lang(Lang::Ru) => 3,
    }
}

impl Lexicon {
    /// Builds the lexicon from merged lint data, keyed by file name (rule id, or `draft`).
    /// Nothing is compiled here: each list is compiled, per language, when a rule first asks.
    pub fn new(files: HashMap<String, LintData>) -> Self {
        let lists = files
            .iter()
            .map(|(file, data)| {
                let names = data
                    .lists
                    .values()
                    .flat_map(|l| l.keys())
                    .map(|name| (name.clone(), Compiled::default()))
                    .collect();
                (file.clone(), names)
            })
            .collect();
        Lexicon {
            files,
            lists,
            many: AtomicBool::new(false),
            own_text: Vec::new(),
            shared: Default::default(),
            stopwords: OnceLock::new(),
        }
    }

    /// Searches these lists (rule id, list name) of the writer's own text in one pass per
    /// language; at most 255 (their index is a byte). Matches are the same as each list alone.
    pub fn with_own_text_lists(mut self, mut lists: Vec<(&'static str, &'static str)>) -> Self {
        lists.truncate(usize::from(u8::MAX));
        self.own_text = lists;
        self
    }

    /// The index of a list among the own-text lists, if it is one.
    pub fn own_text_list(&self, file: &str, name: &str) -> Option<usize> {
        self.own_text
            .iter()
            .position(|&(f, n)| f == file && n == name)
    }

    /// Many drafts are coming: build the matchers not compiled yet for search speed rather
    /// than build speed (see [`Build`]). Matches are the same either way.
    pub fn expect_many_drafts(&self) {
        self.many.store(true, Ordering::Relaxed);
    }

    fn build_kind(&self) -> Build {
        if self.many.load(Ordering::Relaxed) {
            Build::FastSearch
        } else {
            Build::Quick
        }
    }

    fn compiled(&self, file: &str, name: &str) -> Option<&Compiled> {
        self.lists.get(file)?.get(name)
    }

    /// The list `name` of lint file `file` in `scope`, compiled on first use. An unknown list is
    /// an empty matcher (a user may remove a list by leaving it out of a language).
    pub fn matcher(&self, file: &str, name: &str, scope: Scope) -> &Matcher {
        static EMPTY: Matcher = Matcher::empty();
        let Some(c) = self.compiled(file, name) else {
            return &EMPTY;
        };
        c.whole[scope_index(scope)].get_or_init(|| {
            let entries = self.entries(file, name, scope);
            // Every entry was validated when the data was loaded; an error here would be a bug
            // in the built-in lists, which the unit tests compile.
            Matcher::build(&entries, self.build_kind()).unwrap_or(Matcher::empty())
        })
    }

    /// The own-text lists in `lang`, built on first use.
    pub fn shared(&self, lang: Lang) -> &SharedLists {
        let i = match lang {
            Lang::En => 0,
            Lang::It => 1,
            Lang::Ru => 2,
        };
        self.shared[i].get_or_init(|| {
            // Every entry was validated when the data was loaded (see `matcher`).
            SharedLists::build(self, lang, self.build_kind()).unwrap_or(SharedLists {
                ac: None,
                list_of: Vec::new(),
                words: Vec::new(),
                re: (0..self.own_text.len()).map(|_| None).collect(),
            })
        })
    }

    /// The English and Italian stop words in one automaton, built on first use; `None` when an
    /// entry is not a plain word (then each language's `stopwords` matcher counts them).
    pub fn stopwords(&self) -> Option<&StopWords> {
        self.stopwords
            .get_or_init(|| StopWords::build(self, self.build_kind()))
            .as_ref()
    }

    /// A matcher for each entry of a list, in order, compiled on first use (for lists whose
    /// position means something, like month names).
    pub fn entry_matchers(&self, file: &str, name: &str, scope: Scope) -> &[Matcher] {
        let Some(c) = self.compiled(file, name) else {
            return &[];
        };
        c.per_entry[scope_index(scope)].get_or_init(|| {
            self.entries(file, name, scope)
                .iter()
                .map(|e| Matcher::build(&[e], self.build_kind()).unwrap_or(Matcher::empty()))
                .collect()
        })
    }

    /// The raw entries of a list in a scope.
    pub fn entries(&self, file: &str, name: &str, scope: Scope) -> Vec<&str> {
        let Some(data) = self.files.get(file) else {
            return Vec::new();
        };
        let scopes: Vec<&str> = match scope {
            Scope::All => LIST_SCOPES.to_vec(),
            Scope::Lang(l) => vec!["any", l.code()],
        };
        scopes
            .into_iter()
            .filter_map(|s| data.lists.get(s))
            .filter_map(|lists| lists.get(name))
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// A threshold of lint file `file`.
    pub fn threshold(&self, file: &str, key: &str) -> Option<&toml::Value> {
        self.files.get(file)?.thresholds.get(key)
    }

    pub fn int(&self, file: &str, key: &str) -> Option<i64> {
        self.threshold(file, key)?.as_integer()
    }

    pub fn bool(&self, file: &str, key: &str) -> Option<bool> {
        self.threshold(file, key)?.as_bool()
    }

    /// The merged data of one file (for `mailcheck explain` and tests).
    pub fn data(&self, file: &str) -> Option<&LintData> {
        self.files.get(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(entries: &[&str]) -> Matcher {
        Matcher::new(entries).expect("valid")
    }

    fn found(m: &Matcher, text: &str) -> Vec<String> {
        m.find_iter(text).map(|r| text[r].to_string()).collect()
    }

    #[test]
    fn whole_words_only() {
        let m = m(&["late"]);
        assert_eq!(found(&m, "Late again, latest news"), vec!["Late"]);
    }

    #[test]
    fn star_matches_inflections() {
        let m = m(&["недопустим*"]);
        assert_eq!(
            found(&m, "Это недопустимо, недопустимая задержка"),
            vec!["недопустимо", "недопустимая"]
        );
        assert!(!m.is_match("допустимо"));
    }

    #[test]
    fn phrases_span_line_breaks_and_prefer_longest() {
        let m = m(&["next", "next steps"]);
        assert_eq!(found(&m, "Next\n  steps:"), vec!["Next\n  steps"]);
    }

    #[test]
    fn regex_entries_and_case_sensitivity() {
        let m = m(&["re:(?-i)\\bX{3,}\\b"]);
        assert_eq!(found(&m, "Buongiorno XXX, xxx"), vec!["XXX"]);
    }

    #[test]
    fn punctuation_entries_have_no_word_boundary() {
        let m = m(&["?!"]);
        assert_eq!(found(&m, "Really?!"), vec!["?!"]);
    }

    #[test]
    fn a_part_of_a_folded_text_matches_like_the_part_folded_alone() {
        let m = m(&[
            "next steps",
            "недопустим*",
            "?!",
            "late",
            "re:(?m)^\\s*1[.)]",
        ]);
        for text in [
            "Next\n  steps: late?! later\n1. Late",
            "Это  НЕДОПУСТИМО,\tнедопустимая\u{a0}задержка?!",
            "İstanbul late\n\n\nnext   STEPS",
            "plain ascii, no runs: next steps late",
        ] {
            let folded = Folded::new(text);
            let cuts: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &a in &cuts {
                for &b in cuts.iter().filter(|&&b| b >= a) {
                    let part = &text[a..b];
                    let alone: Vec<_> = m.find_iter(part).collect();
                    assert_eq!(m.find_folded(part, &folded, a), alone, "{text:?} {a}..{b}");
                }
            }
        }
    }

    #[test]
    fn word_boundaries_are_dropped_only_as_assertions() {
        assert_eq!(
            without_word_boundaries(r"(?-i)\bX{3,}\b|\\b\Bq").as_deref(),
            Some(r"(?-i)X{3,}|\\bq")
        );
        assert_eq!(without_word_boundaries(r"^\s*[0-9]"), None);
        assert_eq!(without_word_boundaries(r"\b{start}x"), None);
        let class_item = ["[", r"\b", "]"].concat();
        assert!(
            Regex::new(&class_item).is_err(),
            "\\b is never a class item"
        );
    }

    #[test]
    fn regexes_with_word_boundaries_match_the_same_with_their_prefilter() {
        let m = m(&["re:(?-i)\\bX{3,}\\b", "re:\\byou keep \\w+ing\\b", "late"]);
        assert!(m.re.as_ref().is_some_and(|r| r.pre.is_some()));
        let plain = Regex::new(r"(?i)(?m)(?:\byou keep \w+ing\b)|(?:(?-i)\bX{3,}\b)").unwrap();
        for text in [
            "àXXX XXX",
            "Вы XXX, you keep asking",
            "nothing here",
            "XXXà late",
        ] {
            let from_re: Vec<_> = m.re.as_ref().unwrap().find_iter(text).collect();
            let direct: Vec<_> = plain.find_iter(text).map(|x| x.range()).collect();
            assert_eq!(from_re, direct, "{text}");
        }
    }

    #[test]
    fn shared_lists_match_like_each_list_alone() {
        let lex = crate::rules::builtin_lexicon();
        let texts = [
            "Hi Anna,\nplease send the logo?! This is unacceptable.\n\nAlso, you never told me.\nNext steps:\n- logo",
            "Ciao,\nin allegato il preventivo. Potresti confermare?\n\nPer quanto riguarda la consegna, è colpa mia. Prossimi passi",
            "Добрый день!\nПришлите, пожалуйста, логотип. Это недопустимо!\n\nКроме того, сайт запущен.",
        ];
        for text in texts {
            let folded = Folded::new(text);
            let cuts: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .step_by(3)
                .collect();
            for lang in Lang::ALL {
                let hits = SharedLists::search(&lex, &folded, vec![(0..text.len(), lang)]);
                for (list, &(file, name)) in lex.own_text.iter().enumerate() {
                    let alone = lex.matcher(file, name, Scope::Lang(lang));
                    for &a in &cuts {
                        for &b in cuts.iter().filter(|&&b| b >= a) {
                            let part = &text[a..b];
                            let shared = hits.find(&lex, list, lang, part, &folded, a);
                            assert_eq!(
                                shared,
                                Some(alone.find_folded(part, &folded, a)),
                                "{file}.{name} {lang} {a}..{b} {part:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn stop_words_in_one_pass_count_like_each_language_alone() {
        let lex = crate::rules::builtin_lexicon();
        let stop = lex
            .stopwords()
            .expect("the built-in stop words are plain words");
        let text = "Hi Anna, the table is ready.\n\nGrazie per l'ordine, il tavolo è pronto.\n\nThe THE the. Ciao e grazie";
        let folded = Folded::new(text);
        let hits = stop.find(&folded);
        let mut parts = vec![(0, text.len())];
        let mut start = 0;
        for (at, _) in text.match_indices("\n\n") {
            parts.push((start, at));
            start = at + 1;
        }
        parts.push((start, text.len()));
        for (from, to) in parts {
            for lang in [Lang::En, Lang::It] {
                let alone = lex
                    .matcher("draft", "stopwords", Scope::Lang(lang))
                    .find_folded(&text[from..to], &folded, from)
                    .len();
                let shared = hits
                    .iter()
                    .filter(|h| h.1 == lang && (from..to).contains(&h.0))
                    .count();
                assert_eq!(shared, alone, "{lang} {from}..{to}");
            }
        }
    }

    #[test]
    fn may_match_at_start_is_false_only_without_a_match_there() {
        let m = m(&["best regards", "ciao", "здравствуйте"]);
        for text in [
            "Best regards,",
            "CIAO",
            "Здравствуйте!",
            "Regards",
            "x ciao",
            "",
        ] {
            let at_start = m.find(text).is_some_and(|r| r.start == 0);
            assert!(!at_start || m.may_match_at_start(text), "{text}");
        }
        assert!(!m.may_match_at_start("Regards"));
        assert!(!m.may_match_at_start("x ciao"));
    }

    #[test]
    fn may_match_is_false_only_without_any_occurrence() {
        let m = m(&["please"]);
        assert!(!m.may_match(&Folded::new("Thanks, see you")));
        assert!(m.may_match(&Folded::new("PLEASE send")));
        assert!(m.may_match(&Folded::new("displease")));
    }

    #[test]
    fn quick_and_fast_search_builds_agree() {
        let entries = ["next steps", "next", "недопустим*", "?!"];
        let quick = Matcher::build(&entries, Build::Quick).unwrap();
        let fast = Matcher::build(&entries, Build::FastSearch).unwrap();
        let text = "Next steps?! next, НЕДОПУСТИМО";
        assert_eq!(
            quick.find_iter(text).collect::<Vec<_>>(),
            fast.find_iter(text).collect::<Vec<_>>()
        );
    }

    #[test]
    fn merge_rejects_unknown_and_mistyped_thresholds() {
        let mut base = LintData::parse("base", "[thresholds]\nmax_words = 200\n").unwrap();
        let bad = LintData::parse("user", "[thresholds]\nmax_wrods = 1\n").unwrap();
        let e = base.merge("user", bad).unwrap_err().to_string();
        assert!(e.contains("max_wrods"), "{e}");
        let bad = LintData::parse("user", "[thresholds]\nmax_words = \"x\"\n").unwrap();
        assert!(base.merge("user", bad).is_err());
        let good =
            LintData::parse("user", "[thresholds]\nmax_words = 5\n[en]\nw = [\"a\"]").unwrap();
        base.merge("user", good).unwrap();
        assert_eq!(base.thresholds["max_words"].as_integer(), Some(5));
    }

    #[test]
    fn validate_names_the_bad_entry() {
        let d = LintData::parse("f.toml", "[en]\nwords = [\"re:(\"]").unwrap();
        let e = d.validate("f.toml").unwrap_err().to_string();
        assert!(e.contains("f.toml") && e.contains("en.words"), "{e}");
    }
}
