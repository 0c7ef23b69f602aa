//! Word lists and thresholds: the `lints/*.toml` data, merged with what the user adds, turned into
//! matchers once per run.
//!
//! Entry syntax (documented for users in `lints/README.md`): case-insensitive whole words; a
//! trailing `*` matches any ending; a space matches any white space; `re:` starts a regex.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use regex::Regex;

use crate::error::ConfigError;
use crate::lang::Lang;

mod folded;
mod matcher;
mod shared;

pub use folded::Folded;
pub use matcher::{Build, Matcher, entry_to_regex};
pub use shared::{SharedHits, SharedLists, StopWords};

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
    use super::matcher::without_word_boundaries;
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
