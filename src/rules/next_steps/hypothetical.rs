//! Hypotheticals: a question that opens on a supposed case of the reader's ("If you had a piece
//! of software that ..., would you run that software?", "Se tu avessi un programma ..., lo
//! useresti?", "Если бы у вас была программа ..., вы бы её запустили?") argues by example; it
//! asks no step (issue 14, helper C). A request phrase in it other than the supposition's own
//! "would you" (`hypothetical_asks`), the writer ("would you send it to me?") or a deadline makes
//! it a request again: "If you had time, could you review it by Friday?".

use super::Context;

/// Whether `sentence` (at `at` in the own text) opens with one of `hypotheticals` (after at most
/// one word: "So if you had ...") and asks nothing besides its supposition.
pub(super) fn supposes(cx: &Context<'_>, sentence: &str, at: usize) -> bool {
    let opens = cx
        .find_list_at((cx.rule, "hypotheticals"), None, sentence, at)
        .first()
        .is_some_and(|m| sentence[..m.start].split_whitespace().count() <= 1);
    if !opens {
        return false;
    }
    let own_asks = cx.find_list_at((cx.rule, "hypothetical_asks"), None, sentence, at);
    let none = |list: &str| {
        cx.find_list_at((cx.rule, list), None, sentence, at)
            .is_empty()
    };
    cx.find_list_at((cx.rule, "requests"), None, sentence, at)
        .iter()
        .all(|r| own_asks.contains(r))
        && none("writers")
        && none("deadlines")
}
