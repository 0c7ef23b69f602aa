//! Remarks put as questions (issue 14, helper R): the writer's own talk that happens to end in a
//! question mark, with nothing asked of the reader.
//!
//! - A **recollection poll** opening the writer's own reminiscence ("anyone remember the polaroid
//!   photo sticker fad? low quality, small in size. but kids totally dug that stuff ...",
//!   "Qualcuno si ricorda la moda degli adesivi? ...", "Кто-нибудь помнит моду на наклейки?
//!   ..."): a `recollections` question with the paragraph going on in prose after it. One that
//!   asks for a particular (`recollection_asks`: "Does anyone remember the name of that fad?",
//!   "... where it was sold?") or ends its paragraph still asks.
//! - A **complaint** about what someone did ("Did someone invert the spam filters? I'm getting
//!   almost nothing but spam", "Chi ha cambiato i filtri? Ricevo solo spam", "Кто-то сломал
//!   фильтры? Мне приходит один спам"): a question opening with an unnamed agent's act
//!   (`blamed_acts`) followed in its paragraph by the writer's own report (`reports`). "Did
//!   someone fix the build?" with nothing after it still asks.
//! - A **lead-in** the writer answers himself ("Have you got the closed source drivers from
//!   Nvidia? ... Installation is well detailed, you should see the splash screen", "Do I get
//!   beaten round the head for saying floppy? ... you could use netboot"): a question opening its
//!   paragraph, a yes/no question put to the reader only by a plain "do you", "have you"
//!   (`plainly_put`) or to the writer (`self_asking`), opening with it, with no request phrase, and followed within [`ANSWER_REACH`] bytes by
//!   a statement that tells the reader what to do (`answers`: "you can", "you should", "have a
//!   look at") and names neither the writer (`writers`) nor a deadline. "Do you have the log? I
//!   need it to debug" and "What do you mean by X? You need to be more explicit" still ask.

use unicode_segmentation::UnicodeSegmentation;

use super::{Context, paragraph_around, plainly_put};

/// How far after a lead-in question its answer is looked for (bytes of the flattened own text).
const ANSWER_REACH: usize = 1200;

/// Whether the question `sentence` at `range` of `flat` is a remark: a recollection poll, a
/// complaint or a lead-in the writer answers (see the module's documentation).
pub(super) fn remark(
    cx: &Context<'_>,
    flat: &str,
    range: std::ops::Range<usize>,
    sentence: &str,
) -> bool {
    let none = |list: &str, part: &str, at: usize| {
        cx.find_list_at((cx.rule, list), None, part, at).is_empty()
    };
    if !none("requests", sentence, range.start) {
        return false;
    }
    recollection(cx, flat, range.clone(), sentence)
        || complaint(cx, flat, range.clone(), sentence)
        || lead_in(cx, flat, range, sentence)
}

/// The first match of `list` in `sentence` when it opens the sentence (after at most one word:
/// "So anyone remember ...", "But did someone ..."), relative to `sentence`.
fn opening(
    cx: &Context<'_>,
    list: &str,
    sentence: &str,
    at: usize,
) -> Option<std::ops::Range<usize>> {
    cx.find_list_at((cx.rule, list), None, sentence, at)
        .into_iter()
        .next()
        .filter(|m| sentence[..m.start].split_whitespace().count() <= 1)
}

/// The rest of the paragraph of `flat` after the question at `range`.
fn rest_of_paragraph<'a>(flat: &'a str, range: &std::ops::Range<usize>) -> (usize, &'a str) {
    let (_, para_end) = paragraph_around(flat, range.start, range.end);
    (range.end, flat.get(range.end..para_end).unwrap_or(""))
}

/// A recollection poll with the writer's reminiscence going on after it in its paragraph.
fn recollection(
    cx: &Context<'_>,
    flat: &str,
    range: std::ops::Range<usize>,
    sentence: &str,
) -> bool {
    let Some(m) = opening(cx, "recollections", sentence, range.start) else {
        return false;
    };
    let after = &sentence[m.end..];
    if !cx
        .find_list_at(
            (cx.rule, "recollection_asks"),
            None,
            after,
            range.start + m.end,
        )
        .is_empty()
    {
        return false;
    }
    let (_, rest) = rest_of_paragraph(flat, &range);
    super::prose::plain_words(rest) >= 3 && !rest.contains("://")
}

/// A question on an unnamed agent's act followed in its paragraph by the writer's own report.
fn complaint(cx: &Context<'_>, flat: &str, range: std::ops::Range<usize>, sentence: &str) -> bool {
    if opening(cx, "blamed_acts", sentence, range.start).is_none() {
        return false;
    }
    let (at, rest) = rest_of_paragraph(flat, &range);
    let next = rest.trim_start_matches([' ', '\t', '\n', '"', '\'', ')']);
    let next_at = at + (rest.len() - next.len());
    // The next sentence's first 40 bytes.
    let mut cut = next.len().min(40);
    while !next.is_char_boundary(cut) {
        cut -= 1;
    }
    cx.find_list_at((cx.rule, "reports"), None, &next[..cut], next_at)
        .first()
        .is_some_and(|m| m.start == 0)
}

/// A question opening its paragraph, put plainly or to the writer, answered by the writer's
/// advice after it.
fn lead_in(cx: &Context<'_>, flat: &str, range: std::ops::Range<usize>, sentence: &str) -> bool {
    let (para_start, _) = paragraph_around(flat, range.start, range.end);
    if !flat
        .get(para_start..range.start)
        .unwrap_or("x")
        .trim()
        .is_empty()
    {
        return false;
    }
    let find = |list: &str, part: &str, at: usize| cx.find_list_at((cx.rule, list), None, part, at);
    let to_self = || {
        let asking = find("asking", sentence, range.start);
        let own = find("self_asking", sentence, range.start);
        !asking.is_empty()
            && asking
                .iter()
                .all(|a| own.iter().any(|o| o.start <= a.start && a.end <= o.end))
            && find("addressees", sentence, range.start).is_empty()
    };
    // A yes/no question: it opens with whom it is put to ("Have you ...?", "So do I ...?"); a
    // question for a particular ("What do you mean by ...?", "How did you fix it?") asks.
    let opens_yes_no = ["soft_addressees", "self_asking"].iter().any(|list| {
        opening(cx, list, sentence, range.start).is_some_and(|m| {
            // Right at its start or after a linking word ("So do you ...?", not "What do you").
            let before = sentence[..m.start].trim();
            before.is_empty()
                || cx
                    .find_list_at((cx.rule, "before_imperative"), None, before, range.start)
                    .first()
                    .is_some_and(|w| w.start == 0 && w.end == before.len())
        })
    });
    if !opens_yes_no || !(plainly_put(cx, sentence, range.start) || to_self()) {
        return false;
    }
    // The statements after it, within reach.
    let mut high = range.end.saturating_add(ANSWER_REACH).min(flat.len());
    while !flat.is_char_boundary(high) {
        high -= 1;
    }
    let after = flat.get(range.end..high).unwrap_or("");
    after.split_sentence_bound_indices().take(40).any(|(i, s)| {
        let t = s.trim();
        if t.is_empty() || t.ends_with('?') {
            return false;
        }
        let lead = s.len() - s.trim_start().len();
        let at = range.end + i + lead;
        !find("answers", t, at).is_empty()
            && find("writers", t, at).is_empty()
            && find("deadlines", t, at).is_empty()
    })
}
