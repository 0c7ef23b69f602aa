//! A question put to no one in particular by an impersonal "is there", "are there" ("..., but is
//! there actually any advantage in using an overloaded function?", "C'è davvero un vantaggio?",
//! "Есть ли в этом смысл?"): in a text that argues in questions (`arguing_questions`) it muses,
//! like the plain "do you" questions there (issue 14, helper C). Elsewhere ("Is there a way to
//! keep the old address?") it still asks.

use super::Context;

/// Whether `sentence` (at `at` in the own text) is put to someone only by `impersonal_asking`:
/// no addressee ("Is there anyone who ...?", "... can you ...?") and no other of `asking`
/// ("should I", "how do I").
pub(super) fn impersonally_put(cx: &Context<'_>, sentence: &str, at: usize) -> bool {
    let asking = cx.find_list_at((cx.rule, "asking"), None, sentence, at);
    let impersonal = cx.find_list_at((cx.rule, "impersonal_asking"), None, sentence, at);
    !asking.is_empty()
        && asking.iter().all(|m| {
            impersonal
                .iter()
                .any(|i| i.start <= m.start && m.end <= i.end)
        })
        && cx
            .find_list_at((cx.rule, "addressees"), None, sentence, at)
            .is_empty()
}
