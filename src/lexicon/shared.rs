//! Every own-text list, and the stop words, in one automaton per language.

use std::ops::Range;

use aho_corasick::AhoCorasick;

use super::folded::*;
use super::matcher::*;
use super::{Lexicon, Scope};
use crate::lang::Lang;

/// Every own-text list (see [`Lexicon::with_own_text_lists`]) in one language: their plain entries in one automaton
/// (pattern -> list), their `re:` entries one regex per list. Matches are the same as each
/// list's own [`Matcher`]: every occurrence of every pattern is found (overlapping search), and
/// a list's hits inside a part of the text are checked and resolved as that list alone would.
#[derive(Debug)]
pub struct SharedLists {
    pub(super) ac: Option<AhoCorasick>,
    /// Per pattern: its list (index in the lexicon's own-text lists) and checks.
    pub(super) list_of: Vec<u8>,
    pub(super) words: Vec<Word>,
    /// Per list: the regex of its `re:` entries.
    pub(super) re: Vec<Option<Re>>,
}

/// One occurrence of a shared pattern: folded byte range in the draft's folded own text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
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
    pub(super) fn build(lex: &Lexicon, lang: Lang, how: Build) -> Result<Self, regex::Error> {
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
    pub(super) fn find(
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
    /// `SharedLists::find`), or `None` when `text` is not inside one stretch searched in
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
        // The stretches are in the order of the text and do not overlap: the one holding
        // `base` by binary search (a draft of 40,000 paragraphs has as many stretches).
        // (An empty part at a boundary is in both stretches around it: the first is taken.)
        let at = self.stretches.partition_point(|(r, _, _)| r.end < base);
        let (_, _, per_list) = self.stretches[at..]
            .iter()
            .take(2)
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
    pub(super) fn build(lex: &Lexicon, how: Build) -> Option<Self> {
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
