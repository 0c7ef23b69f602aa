//! Request categories: the word lists of `lints/report.toml` (and the user's additions).
//!
//! Every list of the file is a category, except `stopwords` (words the FAQ grouping ignores),
//! `other` (what matches nothing) and `broken` (words saying something is broken). A request that
//! says something is broken goes to the `broken_category` threshold's category (`problem`):
//! "Форма заказа не работает" is a problem first, not an order. Any other request goes to the
//! category whose list matches most often in its text, ties going to the category that comes
//! first; the built-in ones come in the order of the `order` threshold, the user's own after
//! them, by name.

use std::collections::BTreeSet;

use crate::lexicon::{Lexicon, Scope};

/// The lint file the categories live in.
pub const FILE: &str = "report";
/// The category of a request that matches no list.
pub const OTHER: &str = "other";
/// The list of words that say something is broken (not a category).
pub const BROKEN: &str = "broken";
/// List names of the file that are not categories.
const RESERVED: [&str; 3] = ["stopwords", OTHER, BROKEN];

/// The categories in force, in order. Index `names.len()` is "other".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Categories {
    pub names: Vec<String>,
    /// The index of `broken_category` in `names`, when that is a category.
    pub broken: Option<usize>,
}

impl Categories {
    pub fn from_lexicon(lex: &Lexicon) -> Self {
        let Some(data) = lex.data(FILE) else {
            return Categories {
                names: Vec::new(),
                broken: None,
            };
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
        let broken = lex
            .threshold(FILE, "broken_category")
            .and_then(|v| v.as_str())
            .and_then(|b| names.iter().position(|n| n == b));
        Categories { names, broken }
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

    /// The category of `text`: `broken_category` when it says something is broken, else the
    /// most matches, ties by order, none: "other". Every language's list counts (a client may
    /// write Italian with English product words).
    pub fn classify(&self, lex: &Lexicon, text: &str) -> usize {
        if let Some(b) = self.broken
            && lex
                .matcher(FILE, BROKEN, Scope::All)
                .find_iter(text)
                .next()
                .is_some()
        {
            return b;
        }
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
        let cats = Categories::from_lexicon(&Settings::for_tests().env.lexicon);
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

    /// Issue 16: a request that says something is broken is a problem first, whatever it is
    /// about (the order form, the payment page), in every language.
    #[test]
    fn a_request_saying_something_is_broken_is_a_problem_first() {
        let lex = lexicon(None);
        let cats = Categories::from_lexicon(&lex);
        let name = |t: &str| cats.name(cats.classify(&lex, t)).to_string();
        for text in [
            "Форма заказа не работает",
            "Не могу оформить заказ: корзина выдаёт ошибку",
            "Il modulo d'ordine non funziona",
            "Ordine 123: errore al pagamento dell'ordine",
            "The order form doesn't work",
            "The checkout page is broken, I cannot place an order",
            "My order confirmation email shows an error",
        ] {
            assert_eq!(name(text), "problem", "{text}");
        }
        // Without such words, the order is an order.
        assert_eq!(name("Vorrei ordinare due vasi"), "order");
        assert_eq!(name("Хочу оформить заказ"), "order");
        assert_eq!(name("I want to place an order"), "order");
    }

    #[test]
    fn broken_words_follow_the_broken_category_threshold() {
        // A user who wants them elsewhere, or nowhere (a name that is no category).
        let lex = lexicon(Some("[thresholds]\nbroken_category = \"order\"\n"));
        let cats = Categories::from_lexicon(&lex);
        assert_eq!(
            cats.name(cats.classify(&lex, "The shipping page is broken")),
            "order"
        );
        let lex = lexicon(Some("[thresholds]\nbroken_category = \"none\"\n"));
        let cats = Categories::from_lexicon(&lex);
        assert_eq!(cats.broken, None);
        assert_eq!(
            cats.name(cats.classify(&lex, "Форма заказа не работает")),
            "order"
        );
        assert!(!cats.all().iter().any(|n| n == BROKEN));
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
