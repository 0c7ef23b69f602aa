//! Signature shapes the plain delimiter and sign-off miss:
//!
//! - the "-- " delimiter indented (" -- ") or centred and decorated ("   -- \m/ --"), over a
//!   short block: at most `max_signature_lines` lines of text below it in its block;
//! - a signature drawn in a box of `*` or `#` at the end of the text ("*-----*" / "* James H.
//!   McCullars   I Phone: ... *" / "*-----*"): three or more lines that each open and close with
//!   the same frame character, when it is the text's only box.

use super::{LineKind, Segmenter};

/// Characters a decorated delimiter may hold at most ("-- \m/ --").
const MAX_DECORATED: usize = 24;

/// Lines a signature box needs at least: a top, a line of text, a bottom.
const MIN_BOX_LINES: usize = 3;

impl Segmenter<'_> {
    /// Whether own line `i` is an indented or decorated "-- " delimiter over a short block.
    pub(super) fn is_shaped_delimiter(&self, lines: &[&str], kinds: &[LineKind], i: usize) -> bool {
        let t = lines[i].trim();
        let indented = t == "--" && lines[i].starts_with([' ', '\t']);
        let decorated = t.chars().count() <= MAX_DECORATED
            && t.len() > 6
            && t.starts_with("-- ")
            && t.ends_with(" --")
            && t[3..t.len() - 3]
                .chars()
                .any(|c| !c.is_whitespace() && c != '-');
        if !indented && !decorated {
            return false;
        }
        let below = (i + 1..lines.len())
            .take_while(|&j| kinds[j] == LineKind::Own)
            .filter(|&j| !lines[j].trim().is_empty())
            .count();
        (1..=self.max_signature_lines).contains(&below)
    }

    /// The first line of a boxed signature ending the writer's text, if there is one.
    pub(super) fn boxed_signature(&self, lines: &[&str], kinds: &[LineKind]) -> Option<usize> {
        let is_text = |j: usize| !lines[j].trim().is_empty();
        let last = (0..lines.len())
            .rev()
            .find(|&j| kinds[j] == LineKind::Own && is_text(j))?;
        // Only when nothing own follows it (blank lines, a footer, the quote may).
        let frame = lines[last]
            .trim()
            .chars()
            .next()
            .filter(|c| ['*', '#'].contains(c))?;
        let framed = |j: usize| {
            let t = lines[j].trim();
            kinds[j] == LineKind::Own && t.len() >= 2 && t.starts_with(frame) && t.ends_with(frame)
        };
        let mut start = last;
        while start > 0 && framed(start - 1) {
            start -= 1;
        }
        let count = last + 1 - start;
        let has_text_above = (0..start).any(|j| kinds[j] == LineKind::Own && is_text(j));
        // The text's only box: a newsletter that frames its headings the same way ("****" /
        // "* Newsletter Sign-up Confirmation *") frames its footer as layout, not a signature.
        let box_above = (0..start).any(|j| framed(j) && lines[j].trim().len() > 2);
        (framed(last) && count >= MIN_BOX_LINES && has_text_above && !box_above).then_some(start)
    }
}

#[cfg(test)]
mod tests;
