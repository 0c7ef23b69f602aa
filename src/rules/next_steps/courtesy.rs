//! Courtesies, conditional asks and offers of help: request phrases that leave the reader
//! nothing the writer waits for.
//!
//! - "let me know" whose object is the reader's own outcome (`outcomes`: "Experiment and let me
//!   know what works for you", "Let us know whether it helps you!", "fammi sapere se funziona",
//!   "дайте знать, если получится") or an offer ("let me know if there is something I can
//!   test");
//! - "let me know" with no object after a condition opening its sentence or a clause
//!   (`conditions`: "If you find one, let me know."), unless the condition is a decision the writer waits for
//!   (`decisions`: "If you agree, let me know.");
//! - a question that offers the writer's help (`help_offers`: "Or you could let me write one
//!   for you?").
//!
//! None of them is a courtesy with a deadline (`deadlines`) or something the writer waits for
//! in its sentence (`waits`: "so I can ship it", "così posso", "чтобы я мог").

use std::ops::Range;

use super::Context;

/// Whether the sentence names a deadline or what the writer waits on it for.
fn awaited(cx: &Context<'_>, sentence: &str, base: usize) -> bool {
    !cx.find_list_at((cx.rule, "deadlines"), None, sentence, base)
        .is_empty()
        || !cx
            .find_list_at((cx.rule, "waits"), None, sentence, base)
            .is_empty()
}

/// The byte ranges of `sentence` (at `base` in the own text) that are courtesies: a "let me
/// know" (`tell_me`) with the request phrases that frame it right before it ("could you please
/// let me know": at most one word between). `requests` are the sentence's request phrases.
pub(super) fn courtesies(
    cx: &Context<'_>,
    sentence: &str,
    base: usize,
    requests: &[Range<usize>],
) -> Vec<Range<usize>> {
    let tells = cx.find_list_at((cx.rule, "tell_me"), None, sentence, base);
    if tells.is_empty() || awaited(cx, sentence, base) {
        return Vec::new();
    }
    // A condition opening the sentence or a clause of it (after at most two words: "And if you
    // find one, ...", "It's hackish, so if someone has a better way, let me know.", "так что
    // если").
    let condition = cx
        .find_list_at((cx.rule, "conditions"), None, sentence, base)
        .into_iter()
        .find(|m| {
            sentence[..m.start]
                .rsplit([',', ';', ':', '(', '—', '–'])
                .next()
                .unwrap_or("")
                .split_whitespace()
                .count()
                <= 2
        });
    let decision = !cx
        .find_list_at((cx.rule, "decisions"), None, sentence, base)
        .is_empty();
    let mut out = Vec::new();
    for t in tells {
        let after = &sentence[t.end..];
        let rest = after.trim_start_matches([' ', ',', '\t', '\n', '\u{a0}']);
        let rest_at = t.end + (after.len() - rest.len());
        let outcome = !rest.is_empty()
            && cx
                .find_list_at((cx.rule, "outcomes"), None, rest, base + rest_at)
                .first()
                .is_some_and(|m| m.start == 0);
        let bare = rest.chars().all(|c| !c.is_alphanumeric());
        let conditional = bare && !decision && condition.as_ref().is_some_and(|c| c.end <= t.start);
        if !(outcome || conditional) {
            continue;
        }
        // The frame: request phrases ending at most one word before it, walking back.
        let mut start = t.start;
        let mut framed: Vec<&Range<usize>> = requests.iter().filter(|r| r.end <= t.start).collect();
        framed.sort_by_key(|r| std::cmp::Reverse(r.end));
        for r in framed {
            if sentence[r.end..start].split_whitespace().count() <= 1 {
                start = start.min(r.start);
            } else {
                break;
            }
        }
        out.push(start..t.end);
    }
    out
}

/// Whether a question offers the writer's help ("Or you could let me write one for you?",
/// "Vuoi che lo scriva io?", "Давайте я напишу его за вас?") and names no deadline.
pub(super) fn offers_help(cx: &Context<'_>, sentence: &str, base: usize) -> bool {
    !cx.find_list_at((cx.rule, "help_offers"), None, sentence, base)
        .is_empty()
        && !awaited(cx, sentence, base)
}
