//! A FAQ: a text that is a question heading and its answer, again and again ("What is MIME?" /
//! a paragraph that says what it is / "How can I read a MIME message?" / a paragraph on how).
//! Its questions are headings the writer answers, not asks of this reader.
//!
//! A **heading** is a paragraph of one line that is a short question (at most `faq_heading_words`
//! words, ending in "?") followed by an answer: a paragraph of at least `faq_answer_words` words
//! that does not end in a question. A text with at least `faq_pairs` such pairs is a FAQ and its
//! headings ask nothing. A question with no answer under it ("Can you confirm the delivery
//! address?" closing the draft) still asks, and so does a heading that is a request in its words
//! ("Can you send the logo?" over a paragraph on why: `requests`).
//!
//! One pass over the lines, then one over the paragraphs.

use std::ops::Range;

use super::Context;

/// A paragraph of the own text: its byte range, lines, words and whether it ends in "?".
struct Paragraph {
    range: Range<usize>,
    lines: usize,
    words: usize,
    asks: bool,
}

/// Byte ranges of the own text that are a FAQ's question headings (none if it is no FAQ).
pub(super) fn headings(cx: &Context<'_>) -> Vec<Range<usize>> {
    let own = &cx.draft.own;
    if !own.text.contains('?') {
        return Vec::new();
    }
    let heading_words = cx.usize("faq_heading_words");
    let answer_words = cx.usize("faq_answer_words").max(1);
    let pairs = cx.usize("faq_pairs").max(2);
    let paragraphs = paragraphs(own.lines().map(|(_, offset, t)| (offset, t)));
    let mut found = Vec::new();
    for pair in paragraphs.windows(2) {
        let (question, answer) = (&pair[0], &pair[1]);
        let heading = question.lines == 1
            && question.asks
            && question.words <= heading_words
            && !answer.asks
            && answer.words >= answer_words;
        if !heading {
            continue;
        }
        let text = &own.text[question.range.clone()];
        let requests = cx.find_list_at((cx.rule, "requests"), None, text, question.range.start);
        if requests.is_empty() {
            found.push(question.range.clone());
        }
    }
    if found.len() < pairs {
        found.clear();
    }
    found
}

/// The paragraphs (runs of non-empty lines) of lines given with their byte offsets.
fn paragraphs<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open = false;
    for (offset, text) in lines {
        let t = text.trim();
        if t.is_empty() {
            open = false;
            continue;
        }
        let start = offset + (text.len() - text.trim_start().len());
        let end = start + t.len();
        let words = t.split_whitespace().count();
        match out.last_mut() {
            Some(p) if open => {
                p.range.end = end;
                p.lines += 1;
                p.words += words;
                p.asks = t.ends_with('?');
            }
            _ => out.push(Paragraph {
                range: start..end,
                lines: 1,
                words,
                asks: t.ends_with('?'),
            }),
        }
        open = true;
    }
    out
}

#[cfg(test)]
mod tests;
