//! A request as a Next-steps item: one line, no markup, the polite frame and the fillers gone
//! ("Could you please send me the logo?" -> "Send me the logo"), and what only joined it to the
//! text before it: a connective ("And ...", "Also, ...", "E ...", "И ...": `connectives`) and
//! the recipient's name it was addressed with ("Bob, please check ..." -> "Check ...").

use super::capitalize;

/// The words that shorten a request into an item, in the request's language.
#[derive(Debug, Default)]
pub(super) struct Shortening<'a> {
    pub openings: Vec<&'a str>,
    pub fillers: Vec<&'a str>,
    pub connectives: Vec<&'a str>,
    /// The recipients' first names (To and Cc), lower-cased.
    pub names: Vec<String>,
}

/// The first word of each To and Cc display name, lower-cased ("Bob Warehouse" -> "bob").
pub(super) fn first_names(draft: &crate::draft::Draft) -> Vec<String> {
    let h = &draft.headers;
    h.to.iter()
        .chain(&h.cc)
        .filter_map(|m| m.name.as_deref())
        .filter_map(|n| n.split_whitespace().next())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.chars().count() > 1)
        .collect()
}

/// `text` without what only joins it to the text before it: a leading connective or the name
/// of a recipient followed by a comma, as many as lead it ("And Bob, ..."). Whole words only.
fn unjoined<'t>(text: &'t str, words: &Shortening<'_>) -> &'t str {
    let mut rest = text;
    loop {
        let lower = rest.to_lowercase();
        if lower.len() != rest.len() {
            return rest;
        }
        let connective = words
            .connectives
            .iter()
            .map(|c| c.to_lowercase())
            .filter(|c| lower.starts_with(c.as_str()) && lower[c.len()..].starts_with([' ', ',']))
            .max_by_key(String::len);
        let name = words.names.iter().find(|n| {
            lower.starts_with(n.as_str()) && lower[n.len()..].trim_start().starts_with(',')
        });
        let cut = match (connective, name) {
            (Some(c), _) => c.len(),
            (None, Some(n)) => n.len(),
            (None, None) => return rest,
        };
        let next = rest[cut..].trim_start_matches([' ', ',']);
        // Never down to nothing, nor to a single word.
        if next.split_whitespace().count() < 2 {
            return rest;
        }
        rest = next;
    }
}

/// A request as a list item, on one line, without markup (`**`, `__`) and without the final full
/// stop; never cut. A request that opens with a polite frame ("Could you", "Potresti", "Не могли
/// бы вы": the lint file's `openings`) becomes a short imperative ("Send me the logo"); the
/// words in `fillers` ("please", "пожалуйста") go. Otherwise the whole sentence is kept.
pub(super) fn item_text(sentence: &str, words: &Shortening<'_>) -> String {
    let one_line = sentence
        .replace("**", "")
        .replace("__", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let full = one_line.trim_end_matches(['.', '!']);
    let joined = unjoined(full, words);
    let whole = if joined.len() < full.len() {
        capitalize(joined)
    } else {
        full.to_string()
    };
    let lower = whole.to_lowercase();
    // The longest opening the sentence starts with, as whole words.
    let opening = words
        .openings
        .iter()
        .filter(|o| {
            lower.starts_with(&o.to_lowercase())
                && lower[o.to_lowercase().len()..].starts_with([' ', ','])
        })
        .max_by_key(|o| o.len());
    let mut rest = match opening {
        // `lower` and `whole` have the same length where the opening matched (its letters
        // lower-case to letters of the same size in the three languages).
        Some(o) => match whole.get(o.to_lowercase().len()..) {
            Some(r) => r.to_string(),
            None => return whole,
        },
        None => whole.clone(),
    };
    for filler in &words.fillers {
        rest = remove_word(&rest, filler);
    }
    let rest = rest
        .trim_matches([' ', ','])
        .trim_end_matches(['?', '.', '!', ' '])
        .to_string();
    if rest.split_whitespace().count() < 2 || (opening.is_none() && whole.ends_with('?')) {
        return whole;
    }
    capitalize(&rest)
}

/// `text` without the word or phrase `word` (any case) and the commas around it.
fn remove_word(text: &str, word: &str) -> String {
    let lower = text.to_lowercase();
    let w = word.to_lowercase();
    if lower.len() != text.len() || w.is_empty() {
        return text.to_string();
    }
    let mut out = String::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find(&w).map(|i| at + i) {
        let end = i + w.len();
        let before_ok = i == 0
            || !lower[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let after_ok = !lower[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if !(before_ok && after_ok) {
            out.push_str(&text[at..end]);
            at = end;
            continue;
        }
        // Between two commas it is an aside and both go ("Send, please, the logo"); after a
        // comma alone, that comma ends what comes before ("Marco, please check" -> "Marco,
        // check").
        let tail = text[end..].trim_start_matches([',']);
        let aside = tail.len() < text.len() - end;
        let before = text[at..i].trim_end_matches(' ');
        out.push_str(if aside {
            before.trim_end_matches([' ', ','])
        } else {
            before
        });
        at = text.len() - tail.len();
    }
    out.push_str(&text[at..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'a>(
        openings: &[&'a str],
        fillers: &[&'a str],
        connectives: &[&'a str],
    ) -> Shortening<'a> {
        Shortening {
            openings: openings.to_vec(),
            fillers: fillers.to_vec(),
            connectives: connectives.to_vec(),
            names: vec!["bob".into(), "anna".into(), "олег".into()],
        }
    }

    #[test]
    fn items_are_short_imperatives_without_markup_and_never_cut() {
        let en = words(
            &["could you", "could you please", "please"],
            &["please"],
            &[],
        );
        assert_eq!(
            item_text("Could you please send me the **logo** as SVG?", &en),
            "Send me the logo as SVG"
        );
        assert_eq!(
            item_text("What time suits you?", &en),
            "What time suits you?"
        );
        let it = words(&["potresti"], &["per favore"], &[]);
        assert_eq!(
            item_text(
                "Potresti chiedere al fornitore, per favore, il colore?",
                &it
            ),
            "Chiedere al fornitore il colore"
        );
        let ru = words(&["не могли бы вы"], &["пожалуйста"], &[]);
        assert_eq!(
            item_text("Пришлите, пожалуйста, размер стены.", &ru),
            "Пришлите размер стены"
        );
        assert_eq!(
            item_text("Не могли бы вы прислать логотип?", &ru),
            "Прислать логотип"
        );
        let long = "Please ".to_string() + &"check the list again ".repeat(10);
        let item = item_text(&long, &en);
        assert!(!item.contains('…') && item.ends_with("again"), "{item}");
    }

    /// What joined the request to the text before it goes: a connective, the name the
    /// recipient was addressed with (a new-user audit: "- Bob check the attached complaint",
    /// "- E mi faccia sapere se ...").
    #[test]
    fn items_drop_connectives_and_the_recipients_name() {
        let en = words(
            &["could you", "please"],
            &["please"],
            &["and", "also", "oh and"],
        );
        assert_eq!(
            item_text("Bob, please check the attached complaint.", &en),
            "Check the attached complaint"
        );
        assert_eq!(
            item_text("And could you send the invoice?", &en),
            "Send the invoice"
        );
        assert_eq!(
            item_text("Also, Anna, please confirm the address.", &en),
            "Confirm the address"
        );
        let it = words(&["potrebbe"], &["per favore"], &["e", "inoltre"]);
        assert_eq!(
            item_text("E mi faccia sapere se c'è un ascensore.", &it),
            "Mi faccia sapere se c'è un ascensore"
        );
        let ru = words(&["не могли бы вы"], &["пожалуйста"], &["и", "а также"]);
        assert_eq!(
            item_text("Олег, и пришлите, пожалуйста, размер стены.", &ru),
            "Пришлите размер стены"
        );
        // Near misses: a name that is not a recipient's, a word that only starts like a
        // connective ("Andrea", "Estate"), a connective that would leave one word.
        assert_eq!(
            item_text("Marco, please check the complaint.", &en),
            "Marco, check the complaint"
        );
        assert_eq!(
            item_text("Andrea will send it, could you check it?", &en),
            "Andrea will send it, could you check it?"
        );
        assert_eq!(
            item_text("Estate: mandami le foto.", &it),
            "Estate: mandami le foto"
        );
        assert_eq!(item_text("And why?", &en), "And why?");
    }
}
