//! Reminders of a thing, not of a step: "Don't forget the double-quotes around the -p argument",
//! "Non dimenticare le virgolette", "Не забудьте про кавычки" remind the reader of a fact about
//! their own affairs; "Don't forget to send me the invoice", "Non dimenticare di firmare", "Не
//! забудьте подписать" ask for a step (the reminder is followed by `reminder_actions`: "to",
//! "di", an infinitive). A reminder of a thing still asks with "please", the writer or a
//! deadline in its sentence ("Please don't forget the tickets", "Don't forget the keys for us",
//! "Don't forget your passport tomorrow"; the writer only in the reminder's clause, before its
//! first comma) (issue 14, helper C).

use super::Context;

/// Whether the request phrase at `r` of `sentence` (at `base` in the own text) is a reminder
/// (`reminders`) of a thing that asks nothing.
pub(super) fn reminds_of_a_thing(
    cx: &Context<'_>,
    sentence: &str,
    r: &std::ops::Range<usize>,
    base: usize,
) -> bool {
    let is_reminder = cx
        .find_list_at((cx.rule, "reminders"), None, sentence, base)
        .iter()
        .any(|m| m == r);
    if !is_reminder {
        return false;
    }
    let after = sentence[r.end..].trim_start();
    let after_at = base + (sentence.len() - after.len());
    if after.is_empty()
        || cx
            .find_list_at((cx.rule, "reminder_actions"), None, after, after_at)
            .first()
            .is_some_and(|m| m.start == 0)
    {
        return false;
    }
    let none = |list: &str, part: &str| {
        cx.find_list_at((cx.rule, list), None, part, base)
            .is_empty()
    };
    // The writer counts only in the reminder's own clause, up to its first comma: "Don't
    // forget the keys for us" asks; "Don't forget slithy, mimsy, ..., bequeathed to us by Lewis
    // Carroll" names the writer in a description of the thing.
    let clause = sentence[r.end..]
        .find(',')
        .map_or(sentence, |comma| &sentence[..r.end + comma]);
    none("fillers", sentence) && none("writers", clause) && none("deadlines", sentence)
}
