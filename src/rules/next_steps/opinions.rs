//! Opinion questions that argue: a question that asks the reader's opinion on a claim of its own
//! ("Which side do you suppose the Police sit?", "which do you think is the worse indictment -
//! overregulation or overspending?", "Secondo te, da che parte stanno?", "Как вы думаете, на
//! чьей они стороне?") with the argument going on after it in the same paragraph is a point made,
//! not a question the writer waits on (issue 14, helper C). "What do you think of the draft?"
//! asks for feedback (the frame is followed by `opinion_topics`: "of", "about"), and an opinion
//! question that ends its paragraph still asks.

use super::{Context, paragraph_around};

/// Whether the question at `range` of `flat` (`sentence`, its text) is an opinion question
/// (`opinions`) on a clause of its own (not "... of X?") and its paragraph goes on with prose.
pub(super) fn argued_opinion(
    cx: &Context<'_>,
    flat: &str,
    range: std::ops::Range<usize>,
    sentence: &str,
) -> bool {
    let Some(frame) = cx
        .find_list_at((cx.rule, "opinions"), None, sentence, range.start)
        .into_iter()
        .next()
    else {
        return false;
    };
    // What follows the frame: a clause ("... do you suppose the Police sit?"), not the topic of
    // a request for feedback ("What do you think of the draft?", "... about it?") and not the
    // question's end ("What do you think?").
    let after = sentence[frame.end..].trim_start_matches([' ', ',', '\t', '\n']);
    let after_at = range.start + (sentence.len() - after.len());
    let words = after
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    if words == 0
        || cx
            .find_list_at((cx.rule, "opinion_topics"), None, after, after_at)
            .first()
            .is_some_and(|m| m.start == 0)
    {
        return false;
    }
    // The argument goes on after it in the same paragraph.
    let (_, para_end) = paragraph_around(flat, range.start, range.end);
    let rest = flat.get(range.end..para_end).unwrap_or("");
    rest.lines().any(is_prose) || is_prose(rest)
}

/// A line of words: at least three plain words ("is it in 2.6.35?" counts "is", "it", "in") and
/// no link. "Patch refs: http://…", "dest_Fixed = 0," and "};" are not.
fn is_prose(line: &str) -> bool {
    !line.contains("://") && super::prose::plain_words(line) >= 3
}
