//! Questions in brackets: an aside the writer puts in parentheses ("Maybe sf.net should provide
//! automated (how much more automated can it get? Well, ...) repositories", "(How much do we owe
//! to our frontiers?)", "(quanto dobbiamo alle frontiere?)", "(сколько мы должны границам?)")
//! is said in passing, not put to the reader (issue 14, helper C). One put to the reader by more
//! than a plain "do you" ("(can you send the log too?)", "(could you check?)") still asks.

use super::{Context, paragraph_around, plainly_put};

/// Whether the question at `range` of `flat` (`sentence`, its text) ends inside brackets opened
/// in its paragraph and is put to the reader by at most a plain "do you" (`plainly_put`). Only
/// the bracket's words are read when it opens inside the sentence: "So how much logic is
/// involved for each IPC (why are you limiting yourself to sockets?" asks in brackets, whatever
/// the words before it.
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
    // The brackets still open at the question mark, by where they open (the paragraph is bounded
    // by `paragraph_around`); a closing bracket with none open is ignored.
    let mut open = Vec::new();
    for (i, c) in before.char_indices() {
        match c {
            '(' => open.push(para_start + i),
            ')' => {
                open.pop();
            }
            _ => {}
        }
    }
    let Some(&innermost) = open.last() else {
        return false;
    };
    // Only the innermost bracket's words, when it opens in the sentence.
    let from = innermost.checked_sub(range.start).map_or(0, |i| i + 1);
    let (part, at) = (&sentence[from..], range.start + from);
    (cx.find_list_at((cx.rule, "addressees"), None, part, at)
        .is_empty()
        || plainly_put(cx, part, at))
        && cx
            .find_list_at((cx.rule, "requests"), None, part, at)
            .is_empty()
}

/// Whether the sentence `sentence` (at `at` in the own text) ends with a question closed in
/// brackets ("Not terribly violent (I mean, how much damage can you -really- do with a
/// supersoaker?)", "(quanti danni puoi fare davvero con una pistola ad acqua?)", "(сколько вреда
/// вы можете причинить водяным пистолетом?)") whose request phrases are all inside the brackets
/// and each follows a question word and two more words of its clause (`question_words`: "how
/// much damage can you ...?"): the reader is a generic "you" in an aside. "(can you send the log
/// too?)", "(when can you send it?)" and one with a deadline still ask.
pub(super) fn aside_request(cx: &Context<'_>, sentence: &str, at: usize) -> bool {
    let Some(inner) = sentence.trim_end().strip_suffix(')') else {
        return false;
    };
    let inner = inner.trim_end();
    let Some(open) = inner.rfind('(').filter(|_| inner.ends_with('?')) else {
        return false;
    };
    let find =
        |list: &str, part: &str, base: usize| cx.find_list_at((cx.rule, list), None, part, base);
    let phrases = find("requests", sentence, at);
    if phrases.is_empty()
        || phrases.iter().any(|r| r.start <= open)
        || !find("deadlines", sentence, at).is_empty()
    {
        return false;
    }
    phrases.iter().all(|r| {
        // Its clause, read within the 120 bytes before it (a long bracket full of request
        // phrases stays linear).
        let mut from = (open + 1).max(r.start.saturating_sub(120));
        while !sentence.is_char_boundary(from) {
            from += 1;
        }
        let before = &sentence[from..r.start];
        let clause = before.rsplit([',', ';', ':']).next().unwrap_or("");
        let clause_at = at + r.start - clause.len();
        clause.split_whitespace().count() >= 3
            && find("question_words", clause, clause_at)
                .first()
                .is_some_and(|m| clause[..m.start].trim().is_empty())
    })
}
