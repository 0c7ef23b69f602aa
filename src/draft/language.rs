//! Which language the writer wrote in: English, Italian or Russian.

use std::cell::OnceCell;
use std::sync::LazyLock;

use serde::Serialize;

pub use crate::lang::Lang;
use crate::lexicon::{Lexicon, Matcher, Scope};

/// How the draft's language was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LangSource {
    /// `--lang` on the command line.
    Override,
    /// Detected from the writer's own text.
    Detected,
    /// Too little text to tell: English.
    Default,
}

impl Lang {
    /// Detects the language of `text`: Cyrillic script means Russian; otherwise a clear lead in
    /// frequent words (`stopwords` in `lints/draft.toml`) decides, else whatlang's trigram model
    /// restricted to English and Italian. `None` when there are too few letters to tell.
    pub fn detect(text: &str, lex: &Lexicon) -> Option<Lang> {
        Sample::new(text, |l| stopwords(lex, l).find_iter(text).count()).detect()
    }

    /// Like `detect`, but only when the text says so clearly: enough letters, one script, and
    /// for English/Italian a clear lead in frequent words or a reliable trigram score. Used per
    /// paragraph, so a mixed-language draft is read paragraph by paragraph.
    pub fn detect_confident(text: &str, lex: &Lexicon) -> Option<Lang> {
        Sample::new(text, |l| stopwords(lex, l).find_iter(text).count()).detect_confident()
    }
}

/// The `stopwords` list of `lints/draft.toml` in a language.
pub fn stopwords(lex: &Lexicon, lang: Lang) -> &Matcher {
    lex.matcher("draft", "stopwords", Scope::Lang(lang))
}

/// English and Italian only: Russian is told by its script.
static TRIGRAMS: LazyLock<whatlang::Detector> = LazyLock::new(|| {
    whatlang::Detector::with_allowlist(vec![whatlang::Lang::Eng, whatlang::Lang::Ita])
});

/// One text read for its language. The stop-word counts and the trigram verdict are worked out
/// on first need and kept, so `detect` and `detect_confident` on the same text (a draft of one
/// paragraph) pay for them once. `stopwords(lang)` counts the stop words of `lang` in the text.
pub struct Sample<'a, F> {
    text: &'a str,
    stopwords: F,
    counts: OnceCell<(usize, usize)>,
    letters: OnceCell<Letters>,
    /// whatlang's language and whether it is reliable.
    trigrams: OnceCell<Option<(whatlang::Lang, bool)>>,
}

impl<'a, F: Fn(Lang) -> usize> Sample<'a, F> {
    pub fn new(text: &'a str, stopwords: F) -> Self {
        Sample {
            text,
            stopwords,
            counts: OnceCell::new(),
            letters: OnceCell::new(),
            trigrams: OnceCell::new(),
        }
    }

    /// The text's letters by script, counted once for `detect` and `detect_confident`.
    fn letters(&self) -> Letters {
        *self.letters.get_or_init(|| Letters::count(self.text))
    }

    /// Stop words of English and of Italian.
    fn counts(&self) -> (usize, usize) {
        *self
            .counts
            .get_or_init(|| ((self.stopwords)(Lang::En), (self.stopwords)(Lang::It)))
    }

    fn trigrams(&self) -> Option<(whatlang::Lang, bool)> {
        *self.trigrams.get_or_init(|| {
            TRIGRAMS
                .detect(self.text)
                .map(|info| (info.lang(), info.is_reliable()))
        })
    }

    /// See [`Lang::detect`].
    pub fn detect(&self) -> Option<Lang> {
        let Letters {
            cyrillic, latin, ..
        } = self.letters();
        if cyrillic + latin < 3 {
            return None;
        }
        if cyrillic >= latin {
            return Some(Lang::Ru);
        }
        let (en, it) = self.counts();
        let by_words = match en.cmp(&it) {
            std::cmp::Ordering::Greater => Some(Lang::En),
            std::cmp::Ordering::Less => Some(Lang::It),
            std::cmp::Ordering::Equal => None,
        };
        if en.abs_diff(it) >= 2 {
            return by_words;
        }
        match self.trigrams() {
            Some((whatlang::Lang::Ita, _)) => Some(Lang::It),
            Some(_) => Some(Lang::En),
            None => by_words,
        }
    }

    /// See [`Lang::detect_confident`].
    pub fn detect_confident(&self) -> Option<Lang> {
        let Letters {
            letters, cyrillic, ..
        } = self.letters();
        if letters < 12 {
            return None;
        }
        if cyrillic * 5 >= letters * 4 {
            return Some(Lang::Ru);
        }
        if cyrillic * 5 > letters {
            return None;
        }
        let (en, it) = self.counts();
        if en.abs_diff(it) >= 2 {
            return Some(if en > it { Lang::En } else { Lang::It });
        }
        let (lang, reliable) = self.trigrams()?;
        reliable.then_some(match lang {
            whatlang::Lang::Ita => Lang::It,
            _ => Lang::En,
        })
    }
}

/// Letters of a text (alphabetic characters), those in the Cyrillic block, and the Latin ones
/// (ASCII letters and U+00C0..U+024F).
#[derive(Debug, Clone, Copy)]
struct Letters {
    letters: usize,
    cyrillic: usize,
    latin: usize,
}

impl Letters {
    fn count(text: &str) -> Self {
        let mut n = Letters {
            letters: 0,
            cyrillic: 0,
            latin: 0,
        };
        for c in text.chars() {
            // ASCII and the Russian alphabet first: no Unicode table look-up for them.
            let (alphabetic, cyrillic) = match c {
                'a'..='z' | 'A'..='Z' => (true, false),
                '\u{0410}'..='\u{044F}' | 'ё' | 'Ё' => (true, true),
                c if c.is_ascii() => (false, false),
                c => (c.is_alphabetic(), is_cyrillic(c)),
            };
            if !alphabetic {
                continue;
            }
            n.letters += 1;
            if cyrillic {
                n.cyrillic += 1;
            } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
                n.latin += 1;
            }
        }
        n
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_counted_as_the_unicode_tables_say() {
        let text = "Hi Ёжик, ёлка! Ça va? ҂ ҃ Ӂ ß 日本 ٣ 123 _";
        let n = Letters::count(text);
        let letters = text.chars().filter(|c| c.is_alphabetic());
        assert_eq!(n.letters, letters.clone().count());
        assert_eq!(
            n.cyrillic,
            letters.clone().filter(|&c| is_cyrillic(c)).count()
        );
        let latin = letters
            .filter(|&c| !is_cyrillic(c))
            .filter(|&c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c));
        assert_eq!(n.latin, latin.count());
    }

    #[test]
    fn detects_the_three_languages() {
        let lex = crate::rules::builtin_lexicon();
        let detect = |t: &str| Lang::detect(t, &lex);
        assert_eq!(detect("Hello Bob,\nsee you."), Some(Lang::En));
        assert_eq!(detect("Ciao Bob, a domani."), Some(Lang::It));
        assert_eq!(
            detect("Thank you for your order, the table will be ready next week."),
            Some(Lang::En)
        );
        assert_eq!(
            detect("Grazie per l'ordine, il tavolo sarà pronto la prossima settimana."),
            Some(Lang::It)
        );
        assert_eq!(
            detect("Спасибо за заказ, стол будет готов на следующей неделе."),
            Some(Lang::Ru)
        );
        assert_eq!(detect("ok"), None);
    }
}
