//! Questions that are headings: a line of its own in title case ("Where Can I Get It?", "What
//! Is New In Version 2?") heads a pasted web page or a FAQ's section; it asks the reader
//! nothing. A sentence in running text, or a line in sentence case ("Where can I get it?"),
//! still asks.

/// Bytes a title line holds at most around its question.
const MAX_TITLE: usize = 120;

/// Words of a title that stay in lower case.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "by", "with", "from",
];

/// Whether the question at `range` of the own `text` (its lines as written, not joined) is a
/// line of its own in title case: three words or more, each capitalised but the small words of
/// a title.
pub(super) fn title_line(text: &str, range: std::ops::Range<usize>) -> bool {
    // A title is short: only `MAX_TITLE` bytes either side are read (a text of one long line
    // full of questions stays linear).
    let mut low = range.start.saturating_sub(MAX_TITLE);
    while !text.is_char_boundary(low) {
        low += 1;
    }
    let mut high = range.end.saturating_add(MAX_TITLE).min(text.len());
    while !text.is_char_boundary(high) {
        high -= 1;
    }
    let (Some(before), Some(after)) = (text.get(low..range.start), text.get(range.end..high))
    else {
        return false;
    };
    let before = match before.rfind('\n') {
        Some(i) => &before[i + 1..],
        None if low == 0 => before,
        None => return false,
    };
    let after = match after.find('\n') {
        Some(i) => &after[..i],
        None if high == text.len() => after,
        None => return false,
    };
    if !before.trim().is_empty() || !after.trim().is_empty() {
        return false;
    }
    let Some(sentence) = text.get(range) else {
        return false;
    };
    let words: Vec<&str> = sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    words.len() >= 3
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || SMALL_WORDS.contains(&w.to_lowercase().as_str())
        })
        && words
            .iter()
            .skip(1)
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && **w != "I")
            .count()
            >= 2
}

#[cfg(test)]
mod tests {
    use super::title_line;

    fn whole(text: &str, sentence: &str) -> bool {
        let start = text.find(sentence).unwrap_or(0);
        title_line(text, start..start + sentence.len())
    }

    #[test]
    fn title_case_question_lines_are_headings() {
        for (text, q) in [
            (
                "Product\n\nWhere Can I Get It?\n\nFrom our shop.",
                "Where Can I Get It?",
            ),
            (
                "Novità\n\nDove Posso Comprarlo?\n\nNel negozio.",
                "Dove Posso Comprarlo?",
            ),
            (
                "Новости\n\nГде Это Можно Купить?\n\nВ магазине.",
                "Где Это Можно Купить?",
            ),
            (
                "What Is New in the Version of May?\n",
                "What Is New in the Version of May?",
            ),
        ] {
            assert!(whole(text, q), "{q}");
        }
        // Near misses: sentence case, a question inside running text, two words.
        for (text, q) in [
            (
                "Hi,\n\nWhere can I get it?\n\nThanks.",
                "Where can I get it?",
            ),
            ("Ciao,\n\nDove posso comprarlo?\n", "Dove posso comprarlo?"),
            (
                "Привет,\n\nГде это можно купить?\n",
                "Где это можно купить?",
            ),
            ("We met Anna. Can You Send It? Thanks.", "Can You Send It?"),
            ("Any Ideas?\n", "Any Ideas?"),
            ("Can I ask?\n", "Can I ask?"),
        ] {
            assert!(!whole(text, q), "{q}");
        }
    }
}
