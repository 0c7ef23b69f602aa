//! Request categories: the word lists of `lints/report.toml` (and the user's additions).
//!
//! Every list of the file is a category, except `stopwords` (words the FAQ grouping ignores) and
//! `other` (what matches nothing). A request goes to the category whose list matches most often
//! in its text, ties going to the category that comes first; the built-in ones come in the order
//! of the `order` threshold, the user's own after them, by name.

use std::collections::BTreeSet;

use crate::lexicon::{Lexicon, Scope};

/// The lint file the categories live in.
pub const FILE: &str = "report";
/// The category of a request that matches no list.
pub const OTHER: &str = "other";
/// List names of the file that are not categories.
const RESERVED: [&str; 2] = ["stopwords", OTHER];

/// The categories in force, in order. Index `names.len()` is "other".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Categories {
    pub names: Vec<String>,
}

impl Categories {
    pub fn from_lexicon(lex: &Lexicon) -> Self {
        let Some(data) = lex.data(FILE) else {
            return Categories { names: Vec::new() };
        };
        let mut rest: BTreeSet<String> = data
            .lists
            .values()
            .flat_map(|lists| lists.keys().cloned())
            .filter(|n| !RESERVED.contains(&n.as_str()))
            .collect();
        let order: Vec<String> = lex
            .threshold(FILE, "order")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mut names = Vec::new();
        for name in order {
            if rest.remove(&name) {
                names.push(name);
            }
        }
        names.extend(rest);
        Categories { names }
    }

    /// The index of "other".
    pub fn other(&self) -> usize {
        self.names.len()
    }

    /// Every name, "other" last.
    pub fn all(&self) -> Vec<String> {
        let mut all = self.names.clone();
        all.push(OTHER.to_string());
        all
    }

    pub fn name(&self, i: usize) -> &str {
        self.names.get(i).map_or(OTHER, String::as_str)
    }

    /// The category of `text`: the most matches, ties by order, none: "other". Every
    /// language's list counts (a client may write Italian with English product words).
    pub fn classify(&self, lex: &Lexicon, text: &str) -> usize {
        let mut best = (0, self.other());
        for (i, name) in self.names.iter().enumerate() {
            let n = lex.matcher(FILE, name, Scope::All).find_iter(text).count();
            if n > best.0 {
                best = (n, i);
            }
        }
        best.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::lexicon::LintData;

    fn lexicon(extra: Option<&str>) -> Lexicon {
        let mut files = crate::rules::builtin_lint_data();
        if let Some(text) = extra {
            let more = LintData::parse("mine", text).unwrap();
            files.get_mut(FILE).unwrap().merge("mine", more).unwrap();
        }
        Lexicon::new(files)
    }

    #[test]
    fn built_in_categories_come_in_order() {
        let cats = Categories::from_lexicon(&Settings::for_tests().lexicon);
        assert_eq!(
            cats.all(),
            [
                "information",
                "shipping",
                "order",
                "problem",
                "appointment",
                "administration",
                "other"
            ]
        );
    }

    #[test]
    fn most_matches_win_ties_go_by_order_nothing_is_other() {
        let lex = lexicon(None);
        let cats = Categories::from_lexicon(&lex);
        let name = |t: &str| cats.name(cats.classify(&lex, t)).to_string();
        assert_eq!(
            name("Where is my parcel? The tracking says nothing."),
            "shipping"
        );
        // "order" once, "arrived" once: a tie, shipping comes first.
        assert_eq!(name("My order has not arrived"), "shipping");
        assert_eq!(name("I want to order two more, and order a third"), "order");
        assert_eq!(
            name("Il vaso è arrivato danneggiato, anzi rotto: non funziona"),
            "problem"
        );
        assert_eq!(name("Можно перенести встречу на четверг?"), "appointment");
        assert_eq!(
            name("Пришлите, пожалуйста, счёт на оплату"),
            "administration"
        );
        assert_eq!(
            name("Quanto costa il modello blu? È disponibile?"),
            "information"
        );
        assert_eq!(name("Ciao, come stai?"), "other");
    }

    #[test]
    fn a_users_list_is_a_new_category_after_the_built_in_ones() {
        let lex = lexicon(Some(
            "[en]\nwholesale = [\"wholesale\", \"reseller*\"]\n[it]\nwholesale = [\"rivendit*\"]\n",
        ));
        let cats = Categories::from_lexicon(&lex);
        assert_eq!(cats.names.last().map(String::as_str), Some("wholesale"));
        assert_eq!(cats.names.len(), 7);
        assert_eq!(
            cats.name(cats.classify(&lex, "Siamo rivenditori, avete un listino rivenditori?")),
            "wholesale"
        );
    }
}
