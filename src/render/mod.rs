//! Findings as text for people (`human`), editors (`short`) and tools (`json`, `sarif`).
//!
//! Coordinates: `line` is the 1-based line in the file. Columns count characters of the decoded
//! line (for a UTF-8 7bit/8bit body they are the columns in the file). A finding about the whole
//! message has no line. Text in a base64 body has no line of its own in the file: every format
//! then places it on the file line where that body starts, at its column in the decoded line
//! (human and short agree), and `text_line` (JSON, and a note in the human output) gives its
//! line within the decoded text.

mod human;
mod json;
mod sarif;
mod short;

use std::ops::Range;

use crate::draft::Draft;
use crate::finding::{Finding, Location};
use crate::lang::Lang;

pub use human::{render_human, summary_line};
pub use json::{JsonFinding, json_lines, render_json};
pub use sarif::{render_sarif, sarif_document, sarif_notification, sarif_results};
pub use short::render_short;

/// Text from a message, a queue entry or a server made safe to print on a terminal: control
/// characters (escape sequences, carriage returns, backspaces, line breaks) and the bidi
/// controls that reorder what is shown come out as visible `\x1b` / `\u{202e}` escapes, so
/// nothing a sender wrote can move the cursor, recolour or retitle the terminal, or hide text.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !bad(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A finding placed in the file.
#[derive(Debug, Clone, Default)]
pub struct Placed {
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_column: Option<u32>,
    /// `line` is the text's own line in the file (false: the line where its base64 body starts).
    pub in_file: bool,
    /// 1-based line within the decoded text body, for text findings.
    pub text_line: Option<usize>,
    /// The line to show (decoded), and the byte range to underline in it.
    pub source: Option<(String, Range<usize>)>,
}

pub fn place(draft: &Draft, f: &Finding) -> Placed {
    match &f.location {
        Location::Message => Placed::default(),
        Location::Header(name) => {
            let field = draft
                .headers
                .fields
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name));
            let value = match (*name, &draft.headers.subject) {
                ("Subject", Some(s)) => s.clone(),
                _ => field.map(|h| h.value.clone()).unwrap_or_default(),
            };
            let shown_name = field.map(|h| h.name.as_str()).unwrap_or(name);
            let text = format!("{shown_name}: {value}");
            let start = shown_name.len() + 2;
            let range = if value.trim().is_empty() {
                shown_name.len()..shown_name.len() + 1
            } else {
                start..text.len()
            };
            Placed {
                line: field.map(|h| h.line),
                in_file: true,
                column: Some(char_col(&text, range.start)),
                end_column: Some(char_col(&text, range.end)),
                text_line: None,
                source: Some((text, range)),
            }
        }
        Location::Text(span) => {
            let Some(l) = draft.lines.get(span.line) else {
                return Placed::default();
            };
            let start = floor_char(&l.text, span.start);
            let end = floor_char(&l.text, span.end.max(span.start));
            // Show the part of the text that is on the file line (quoted-printable lines may
            // continue over several).
            let (file_line, from) = l.file_position(start);
            let from = floor_char(&l.text, from);
            let to = l
                .continuations
                .iter()
                .map(|&(at, _)| floor_char(&l.text, at))
                .find(|&at| at > from)
                .unwrap_or(l.text.len());
            let end = end.clamp(start, to);
            // A long line is shown around the words only (as `…words…`): showing all of it
            // for each of its findings would cost its length times their number.
            let win_from = if start - from > CONTEXT {
                floor_char(&l.text, start - CONTEXT)
            } else {
                from
            };
            let win_to = if to - end > CONTEXT {
                floor_char(&l.text, end + CONTEXT)
            } else {
                to
            };
            let lead = if win_from > from { "…" } else { "" };
            let tail = if win_to < to { "…" } else { "" };
            let shown = format!("{lead}{}{tail}", &l.text[win_from..win_to]);
            let range = start - win_from + lead.len()..end - win_from + lead.len();
            Placed {
                line: file_line.or(draft.body.text_first_line),
                in_file: file_line.is_some(),
                column: Some(line_col(&l.text, from, start)),
                end_column: Some(line_col(&l.text, from, end)),
                text_line: Some(span.line + 1),
                source: Some((shown, range)),
            }
        }
    }
}

/// Bytes of a long line shown on each side of a finding's words.
const CONTEXT: usize = 80;

thread_local! {
    /// The last column counted: (line text's address and length, from, byte, characters in
    /// `from..byte`). Findings come in the order of the text, so counting on from the last
    /// one keeps a line's many findings linear in its length.
    static LAST_COL: std::cell::Cell<ColKey> = const { std::cell::Cell::new((0, 0, 0, 0, 0, 0)) };
}

/// (line text's address, its length, from, byte, characters in `from..byte`, a checksum of the
/// bytes before `byte`: another line at a reused address is not mistaken for this one).
type ColKey = (usize, usize, usize, usize, usize, u64);

fn tail_sum(line: &str, byte: usize) -> u64 {
    line.as_bytes()[byte.saturating_sub(32)..byte]
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
}

/// 1-based character column of byte `byte` of `line`, counted from byte `from`.
fn line_col(line: &str, from: usize, byte: usize) -> u32 {
    let byte = floor_char(line, byte.max(from));
    let key = (line.as_ptr() as usize, line.len(), from);
    let (base, counted) = LAST_COL.with(|c| {
        let (p, n, f, b, chars, sum) = c.get();
        if (p, n, f) == key && b <= byte && line.is_char_boundary(b) && tail_sum(line, b) == sum {
            (b, chars)
        } else {
            (from, 0)
        }
    });
    let chars = counted + line[base..byte].chars().count();
    LAST_COL.with(|c| c.set((key.0, key.1, from, byte, chars, tail_sum(line, byte))));
    u32::try_from(chars + 1).unwrap_or(u32::MAX)
}

/// 1-based character column of a byte offset.
fn char_col(text: &str, byte: usize) -> u32 {
    let byte = floor_char(text, byte);
    u32::try_from(text[..byte].chars().count() + 1).unwrap_or(u32::MAX)
}

fn floor_char(text: &str, mut byte: usize) -> usize {
    byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// One checked file, for the renderers.
pub struct FileFindings<'a> {
    pub path: &'a str,
    pub draft: &'a Draft,
    pub findings: &'a [Finding],
    /// The language the findings are said in (`crate::i18n::resolve`).
    pub ui: Lang,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(escape_controls("Hi"), "Hi");
        assert_eq!(
            escape_controls("Hi\x1b[31m red\r\x08\x7f\u{9b}"),
            "Hi\\x1b[31m red\\x0d\\x08\\x7f\\x9b"
        );
        assert_eq!(escape_controls("a\u{202e}b ciao é"), "a\\u{202e}b ciao é");
    }
}
