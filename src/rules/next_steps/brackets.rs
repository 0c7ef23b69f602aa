//! Questions in brackets: an aside the writer puts in parentheses ("Maybe sf.net should provide
//! automated (how much more automated can it get? Well, ...) repositories", "(How much do we owe
//! to our frontiers?)", "(quanto dobbiamo alle frontiere?)", "(сколько мы должны границам?)")
//! is said in passing, not put to the reader (issue 14, helper C). One put to the reader by more
//! than a plain "do you" ("(can you send the log too?)", "(could you check?)") still asks.

use super::{Context, paragraph_around, plainly_put};

/// Whether the question at `range` of `flat` (`sentence`, its text) ends inside brackets opened
/// in its paragraph and is put to the reader by at most a plain "do you" (`plainly_put`).
pub(super) fn in_brackets(
    cx: &Context<'_>,
    flat: &str,
    range: std::ops::Range<usize>,
    sentence: &str,
) -> bool {
    let Some(mark) = sentence.rfind('?') else {
        return false;
    };
    let (para_start, _) = paragraph_around(flat, range.start, range.end);
    let before = flat.get(para_start..range.start + mark).unwrap_or("");
    // Depth of brackets at the question mark (the paragraph is bounded by `paragraph_around`).
    let mut depth = 0usize;
    for c in before.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth > 0
        && (cx
            .find_list_at((cx.rule, "addressees"), None, sentence, range.start)
            .is_empty()
            || plainly_put(cx, sentence, range.start))
        && cx
            .find_list_at((cx.rule, "requests"), None, sentence, range.start)
            .is_empty()
}
