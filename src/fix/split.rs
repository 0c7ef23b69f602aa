//! `mailcheck split`: a draft about several topics cut into one draft per topic (or, with one
//! topic over the word limit, per group of paragraphs), each with the greeting and the closing.

use crate::draft::{Draft, LineKind};

/// The own text cut at `topic_starts` (line indexes where a topic begins: what the
/// `multiple-topics` rule finds); with fewer than two, cut between paragraphs so each part has at
/// most `max_words` words. Text before the first cut (an introduction) goes with the first part.
pub fn sections(draft: &Draft, topic_starts: Vec<usize>, max_words: usize) -> Vec<String> {
    let own: Vec<(usize, &str)> = draft
        .lines
        .iter()
        .enumerate()
        .filter(|(i, l)| l.kind == LineKind::Own && Some(*i) != draft.greeting)
        .map(|(i, l)| (i, l.text.as_str()))
        .collect();
    let mut starts = topic_starts;
    if starts.len() < 2 {
        starts = paragraph_chunks(&own, max_words);
    }
    let mut parts: Vec<String> = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(usize::MAX);
        let lines: Vec<&str> = own
            .iter()
            .filter(|(i, _)| *i >= start && *i < end)
            .map(|(_, t)| *t)
            .collect();
        parts.push(lines.join("\n"));
    }
    // Text before the first topic (an introduction) goes with the first part.
    if let (Some(&first), Some(p)) = (starts.first(), parts.first_mut()) {
        let intro: Vec<&str> = own
            .iter()
            .filter(|(i, _)| *i < first)
            .map(|(_, t)| *t)
            .collect();
        let intro = intro.join("\n");
        if !intro.trim().is_empty() {
            *p = format!("{}\n\n{p}", intro.trim_end());
        }
    }
    parts
}

/// Paragraph starts grouped so that each group has at most `max` words.
fn paragraph_chunks(own: &[(usize, &str)], max: usize) -> Vec<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut starts = Vec::new();
    let mut words = 0;
    let mut prev_blank = true;
    for &(i, t) in own {
        let blank = t.trim().is_empty();
        if !blank && prev_blank {
            let para_words: usize = own
                .iter()
                .skip_while(|(j, _)| *j < i)
                .take_while(|(_, t)| !t.trim().is_empty())
                .map(|(_, t)| t.unicode_words().count())
                .sum();
            if starts.is_empty() || words + para_words > max {
                starts.push(i);
                words = 0;
            }
            words += para_words;
        }
        prev_blank = blank;
    }
    starts
}

/// The body of each part: the greeting, the part's text and the closing; the quoted thread with
/// the last part only (it is answered once); link references ("\[1\]: https://...") at the end,
/// for the links the part has.
pub fn bodies(draft: &Draft, parts: &[String]) -> Vec<String> {
    let n = parts.len();
    let opening = draft.greeting.map(|g| draft.lines[g].text.clone());
    let tail = Tail::of(draft);
    let mut out = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let mut body = String::new();
        if let Some(g) = &opening {
            body.push_str(g);
            body.push_str("\n\n");
        }
        let (text, _) = split_links(part);
        body.push_str(text.trim_matches('\n'));
        if !tail.closing.is_empty() {
            body.push_str("\n\n");
            body.push_str(&tail.closing.join("\n"));
        }
        // The quoted thread goes with the last part only: it is answered once.
        if k + 1 == n && !tail.quote.is_empty() {
            body.push_str("\n\n");
            body.push_str(&tail.quote.join("\n"));
        }
        // Link references ("[1]: https://...") stay at the end, for the links this part has.
        let refs: Vec<&String> = tail
            .links
            .iter()
            .filter(|l| {
                let label = l.split(':').next().unwrap_or("");
                body.contains(label)
            })
            .collect();
        if !refs.is_empty() {
            body.push_str("\n\n");
            body.push_str(
                &refs
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
        out.push(body);
    }
    out
}

/// What follows the writer's own text: the sign-off and signature (every part gets them), the
/// quoted thread (the last part only) and link references (where their links are).
struct Tail {
    closing: Vec<String>,
    quote: Vec<String>,
    links: Vec<String>,
}

impl Tail {
    fn of(draft: &Draft) -> Tail {
        let lines = &draft.lines;
        let mut links = Vec::new();
        let mut closing = Vec::new();
        let mut quote = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if is_link_ref(&l.text) {
                links.push(l.text.trim().to_string());
                continue;
            }
            match l.kind {
                LineKind::Signature => {
                    // The first half of a wrapped quote header ("On Mon, 23 Nov 2026, Anna
                    // <anna@example.com>" + "wrote:") belongs to the quote, not the signature.
                    let header_start = lines.get(i + 1).is_some_and(|next| {
                        next.kind == LineKind::Attribution
                            && next.text.split_whitespace().count() <= 3
                            && !l.text.trim().is_empty()
                    });
                    if header_start {
                        quote.push(l.text.clone());
                    } else {
                        closing.push(l.text.clone());
                    }
                }
                LineKind::Attribution | LineKind::Quote => quote.push(l.text.clone()),
                _ => {}
            }
        }
        while closing.last().is_some_and(|l| l.trim().is_empty()) {
            closing.pop();
        }
        Tail {
            closing,
            quote,
            links,
        }
    }
}

/// "[1]: https://example.com": a link reference line (as the HTML reader writes links).
fn is_link_ref(line: &str) -> bool {
    let t = line.trim();
    t.strip_prefix('[')
        .and_then(|r| r.split_once("]:"))
        .is_some_and(|(n, url)| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && url.trim().contains("://")
        })
}

/// A part's own text without link reference lines, and those lines.
fn split_links(part: &str) -> (String, Vec<String>) {
    let (links, text): (Vec<&str>, Vec<&str>) = part.lines().partition(|l| is_link_ref(l));
    (
        text.join("\n"),
        links.into_iter().map(str::to_string).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_grouped_within_the_word_limit() {
        let own = [
            (1, "one two three"),
            (2, "four"),
            (3, ""),
            (4, "five six"),
            (5, ""),
            (6, "seven eight nine ten"),
        ];
        assert_eq!(paragraph_chunks(&own, 6), [1, 6]);
        assert_eq!(paragraph_chunks(&own, 4), [1, 4, 6]);
        assert_eq!(paragraph_chunks(&own, 100), [1]);
    }

    #[test]
    fn link_references_are_told_from_text() {
        assert!(is_link_ref("[1]: https://example.com"));
        assert!(!is_link_ref("[a]: https://example.com"));
        assert!(!is_link_ref("[1]: not a link"));
        let (text, links) = split_links("see [1]\n[1]: https://example.com\nbye");
        assert_eq!(text, "see [1]\nbye");
        assert_eq!(links, ["[1]: https://example.com"]);
    }
}
