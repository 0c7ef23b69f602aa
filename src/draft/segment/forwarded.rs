//! Forwarded messages between their client's markers: Eudora's "--- begin forwarded text" /
//! "--- end forwarded text", nmh's "------- Forwarded Message" / "------- End of Forwarded
//! Message", mutt's "----- Forwarded message from X -----" / "----- End forwarded message -----",
//! Gmail's "---------- Forwarded message ---------", Apple Mail's "Begin forwarded message:" and
//! their Italian and Russian forms (`forward_start`, `forward_end` in `lints/draft.toml`).
//!
//! What the writer forwards is somebody else's text: the markers are attributions and the lines
//! between them quoted. The writer's words above the start and below the end stay the writer's
//! (a note over the forward, a signature under it); with no end marker the forward runs to the
//! end of the text. Forwards inside forwards nest: the block ends at the end marker that closes
//! its own start.
//!
//! A forward with no marker (its header lost on the way, or the message pasted in by hand) is
//! told by its subject (`forward_subjects`: "Fw:", "Fwd:", "I:", "Пересл:"): there the writer's
//! note ends with a sign-off and the writer's name, and the text under them, after a blank line,
//! is the forwarded message ("FYI ..." / "Regards," / "Gaz" / blank / the vendor's mail).

use super::{LineKind, Segmenter};

impl Segmenter<'_> {
    pub(super) fn mark_forwarded_blocks(&self, lines: &[&str], kinds: &mut [LineKind]) {
        let n = lines.len();
        let mut i = 0;
        while i < n {
            if kinds[i] != LineKind::Own || !self.is_forward_marker(lines[i], "forward_start") {
                i += 1;
                continue;
            }
            // One pass to the end marker that closes this start (nested starts count up).
            let mut depth = 0usize;
            let mut end = None;
            for (j, line) in lines.iter().enumerate().skip(i + 1) {
                if self.is_forward_marker(line, "forward_start") {
                    depth += 1;
                } else if self.is_forward_marker(line, "forward_end") {
                    if depth == 0 {
                        end = Some(j);
                        break;
                    }
                    depth -= 1;
                }
            }
            kinds[i] = LineKind::Attribution;
            let Some(e) = end else {
                for k in &mut kinds[i + 1..] {
                    *k = LineKind::Quote;
                }
                return;
            };
            for k in &mut kinds[i + 1..e] {
                *k = LineKind::Quote;
            }
            kinds[e] = LineKind::Attribution;
            i = e + 1;
        }
    }

    /// In a forward (`Segmenter::subject`) with no marker: from the first blank line after a
    /// sign-off and one to three short name lines to the end of the text, all of it still own
    /// text, is the forwarded message.
    pub(super) fn mark_forward_under_signoff(&self, lines: &[&str], kinds: &mut [LineKind]) {
        if !self.forward || kinds.iter().any(|k| *k != LineKind::Own) {
            return;
        }
        let text = |i: usize| !lines[i].trim().is_empty();
        let Some(signoff) =
            (0..lines.len()).find(|&i| self.is_signoff(lines[i]) && (0..i).any(&text))
        else {
            return;
        };
        // The writer's name: short lines, no sentence, up to the blank line.
        let names = (signoff + 1..lines.len())
            .take_while(|&i| text(i))
            .collect::<Vec<_>>();
        let named = (1..=3).contains(&names.len())
            && names.iter().all(|&i| {
                let t = lines[i].trim();
                t.split_whitespace().count() <= 4 && !t.ends_with(['.', '?', '!', ':', ','])
            });
        let blank = signoff + names.len() + 1;
        // The forwarded text: something under the blank line, and not the writer's postscript.
        let Some(first) = (blank..lines.len()).find(|&i| text(i)) else {
            return;
        };
        let head = lines[first].trim_start().to_lowercase();
        let postscript = ["p.s", "p.p.s", "ps", "pps"].iter().any(|p| {
            head.strip_prefix(p)
                .is_some_and(|r| !r.starts_with(char::is_alphabetic))
        });
        if !named || postscript {
            return;
        }
        for k in &mut kinds[blank..] {
            *k = LineKind::Quote;
        }
    }

    /// A marker line is short and starts with a dash or a word ("Begin forwarded message:"),
    /// never with a quote's `>`: a forward quoted in a reply is the reply's quote.
    fn is_forward_marker(&self, line: &str, list: &str) -> bool {
        let t = line.trim();
        (t.starts_with('-') || t.ends_with(':'))
            && t.chars().count() <= 120
            && !line.trim_start().starts_with(['>', '|'])
            && self.lazy(list).is_match(t)
    }
}

#[cfg(test)]
mod tests;
