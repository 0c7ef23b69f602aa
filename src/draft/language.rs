//! Which language the writer wrote in: English, Italian or Russian.

use serde::Serialize;

use crate::lexicon::{Lexicon, Scope};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    It,
    Ru,
}

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
    pub const ALL: [Lang; 3] = [Lang::En, Lang::It, Lang::Ru];

    /// The code used in lint files, templates and `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
            Lang::Ru => "ru",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italian",
            Lang::Ru => "Russian",
        }
    }

    /// Detects the language of `text`: Cyrillic script means Russian; otherwise a clear lead in
    /// frequent words (`stopwords` in `lints/draft.toml`) decides, else whatlang's trigram model
    /// restricted to English and Italian. `None` when there are too few letters to tell.
    pub fn detect(text: &str, lex: &Lexicon) -> Option<Lang> {
        let (mut cyrillic, mut latin) = (0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            if ('\u{0400}'..='\u{04FF}').contains(&c) {
                cyrillic += 1;
            } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
                latin += 1;
            }
        }
        if cyrillic + latin < 3 {
            return None;
        }
        if cyrillic >= latin {
            return Some(Lang::Ru);
        }
        let count = |l: Lang| {
            lex.matcher("draft", "stopwords", Scope::Lang(l))
                .find_iter(text)
                .count()
        };
        let (en, it) = (count(Lang::En), count(Lang::It));
        let by_words = match en.cmp(&it) {
            std::cmp::Ordering::Greater => Some(Lang::En),
            std::cmp::Ordering::Less => Some(Lang::It),
            std::cmp::Ordering::Equal => None,
        };
        if en.abs_diff(it) >= 2 {
            return by_words;
        }
        let detector =
            whatlang::Detector::with_allowlist(vec![whatlang::Lang::Eng, whatlang::Lang::Ita]);
        match detector.detect_lang(text) {
            Some(whatlang::Lang::Ita) => Some(Lang::It),
            Some(_) => Some(Lang::En),
            None => by_words,
        }
    }
}

impl Lang {
    /// Like `detect`, but only when the text says so clearly: enough letters, one script, and
    /// for English/Italian a clear lead in frequent words or a reliable trigram score. Used per
    /// paragraph, so a mixed-language draft is read paragraph by paragraph.
    pub fn detect_confident(text: &str, lex: &Lexicon) -> Option<Lang> {
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 12 {
            return None;
        }
        let cyrillic = letters
            .iter()
            .filter(|c| ('\u{0400}'..='\u{04FF}').contains(*c))
            .count();
        if cyrillic * 5 >= letters.len() * 4 {
            return Some(Lang::Ru);
        }
        if cyrillic * 5 > letters.len() {
            return None;
        }
        let count = |l: Lang| {
            lex.matcher("draft", "stopwords", Scope::Lang(l))
                .find_iter(text)
                .count()
        };
        let (en, it) = (count(Lang::En), count(Lang::It));
        if en.abs_diff(it) >= 2 {
            return Some(if en > it { Lang::En } else { Lang::It });
        }
        let detector =
            whatlang::Detector::with_allowlist(vec![whatlang::Lang::Eng, whatlang::Lang::Ita]);
        let info = detector.detect(text)?;
        info.is_reliable().then_some(match info.lang() {
            whatlang::Lang::Ita => Lang::It,
            _ => Lang::En,
        })
    }
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
