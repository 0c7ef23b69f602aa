//! Where a fix goes in the draft's text, and what text marks that place in an HTML part.
//!
//! Before the sign-off when there is one. Without one, right after the writer's own text: after
//! the last own line with words, so before whatever follows it (an attribution line, a quote,
//! a signature, a forwarded message), never inside that. The blank line Gmail leaves between
//! "On ..., X wrote:" and the quote is read as an own line; it has no words and does not count.
//! A top-posted reply's own text ends above the first part that is not the writer's; an inline
//! reply's (own paragraphs between quotes) ends with its last own paragraph, where a summary of
//! what was asked reads last, as a sign-off would (see `docs/rewrites.md`).
//!
//! After the greeting when there is one; without one, at the top of the text (above a quote an
//! inline reply opens with).

use crate::draft::{Draft, LineKind, TextLine};
use crate::finding::FixPlace;

fn blank(line: &TextLine) -> bool {
    line.text.trim().is_empty()
}

/// The writer's last own line with words, if any.
fn last_own(draft: &Draft) -> Option<usize> {
    draft
        .lines
        .iter()
        .rposition(|l| l.kind == LineKind::Own && !blank(l))
}

/// The line of `draft.lines` before which a fix goes (`lines.len()`: after everything).
pub(super) fn anchor_line(draft: &Draft, place: FixPlace) -> usize {
    let lines = &draft.lines;
    match place {
        FixPlace::BeforeSignoff => draft.signoff.unwrap_or_else(|| match last_own(draft) {
            // The next line with words after the own text (blank lines stay above the block).
            Some(i) => (i + 1..lines.len())
                .find(|&j| !blank(&lines[j]))
                .unwrap_or(lines.len()),
            None => lines.len(),
        }),
        FixPlace::AfterGreeting => match draft.greeting {
            Some(g) if lines.get(g + 1).is_some_and(blank) => g + 2,
            Some(g) => g + 1,
            None => lines.iter().position(|l| !blank(l)).unwrap_or(0),
        },
    }
}

/// Whether a block inserted before line `anchor` needs a blank line above it: the line above
/// has words and is not the greeting the block follows.
pub(super) fn needs_gap_above(draft: &Draft, anchor: usize, place: FixPlace) -> bool {
    if place == FixPlace::AfterGreeting {
        return false;
    }
    anchor
        .checked_sub(1)
        .and_then(|i| draft.lines.get(i))
        .is_some_and(|l| !blank(l))
}

/// How to find, in an HTML part, the place of a fix that goes before line `anchor`: the text to
/// look for, and whether the fix goes before the element holding it or right after the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Probe {
    pub text: String,
    pub side: Side,
}

/// Before the element holding the text, or at the first element boundary after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
}

/// The texts to look for in the HTML part, best first, for a fix at `place` (whose line in the
/// text is `anchor`), and the text to search after (the greeting).
pub(super) fn html_probes(
    draft: &Draft,
    anchor: usize,
    place: FixPlace,
) -> (Vec<Probe>, Option<String>) {
    let line = |i: usize| -> Option<String> {
        let t = draft.lines.get(i)?.text.trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let greeting = draft.greeting.and_then(line);
    let before = |i: usize| {
        line(i).map(|text| Probe {
            text,
            side: Side::Before,
        })
    };
    match place {
        FixPlace::AfterGreeting => match draft.greeting.and_then(line) {
            Some(text) => (
                vec![Probe {
                    text,
                    side: Side::After,
                }],
                None,
            ),
            None => (before(anchor).into_iter().collect(), None),
        },
        FixPlace::BeforeSignoff if draft.signoff.is_some() => {
            (before(anchor).into_iter().collect(), greeting)
        }
        FixPlace::BeforeSignoff => {
            let mut probes = Vec::new();
            if let Some(last) = last_own(draft) {
                // The last own paragraph, below the greeting.
                let floor = draft.greeting.map_or(0, |g| g + 1);
                let first = (floor..=last)
                    .rev()
                    .take_while(|&i| {
                        draft.lines[i].kind == LineKind::Own && !blank(&draft.lines[i])
                    })
                    .last()
                    .unwrap_or(last);
                if first <= last && last >= floor {
                    let words: Vec<&str> = draft.lines[first..=last]
                        .iter()
                        .map(|l| l.text.trim())
                        .collect();
                    for text in [words.join(" "), words.last().unwrap_or(&"").to_string()] {
                        if !text.is_empty() && probes.iter().all(|p: &Probe| p.text != text) {
                            probes.push(Probe {
                                text,
                                side: Side::After,
                            });
                        }
                    }
                } else if let Some(g) = &greeting {
                    // Nothing but the greeting: right after it.
                    probes.push(Probe {
                        text: g.clone(),
                        side: Side::After,
                    });
                    return (probes, None);
                }
            }
            probes.extend(before(anchor));
            (probes, greeting)
        }
    }
}

#[cfg(test)]
#[path = "place/tests.rs"]
mod tests;
