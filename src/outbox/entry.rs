//! One queued message: its schedule and state (stored as `meta/<id>.json`), and the edits made
//! to the message's header block at enqueue (a Message-ID) and before it leaves (Date, Bcc and
//! `X-Mailcheck-*` removal, CRLF line endings).
//!
//! The header edits work on the raw header block (field lines and their continuation lines); the
//! body is never touched except for line endings.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where an entry is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Waiting for its send time.
    Queued,
    /// Waiting for a person (`hold` says why): a cool-down, or found too late by a runner.
    Held,
    /// A runner is talking to the server now (or died doing so: then it is treated as uncertain).
    Sending,
    /// Everything accepted by the server; a copy is in `sent/`.
    Sent,
    /// A temporary failure (4xx, network): tried again at `due`.
    Deferred,
    /// Permanently rejected (5xx), or undelivered after `give_up_after`; `last_reply` says why.
    Failed,
    /// The connection was lost after the message data was sent: the server may have it. Sent
    /// again at `due` with the same Message-ID (at-least-once).
    Uncertain,
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            State::Queued => "queued",
            State::Held => "held",
            State::Sending => "sending",
            State::Sent => "sent",
            State::Deferred => "deferred",
            State::Failed => "failed",
            State::Uncertain => "uncertain",
        })
    }
}

/// Why a message is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hold {
    /// An angry draft cooling down; released at `due`.
    Cooldown,
    /// A runner found it due longer ago than `max_lateness`; waits for `outbox retry` or
    /// `outbox reschedule`.
    Late,
}

/// One envelope recipient and what the server said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub address: String,
    pub state: RcptState,
    /// The server's last reply about this recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RcptState {
    /// Not delivered yet (never tried, or a temporary failure).
    Pending,
    /// The server accepted the message for this recipient: never sent to it again.
    Sent,
    /// The server rejected this recipient permanently.
    Failed,
    /// The data was sent but the server's answer was lost: sent again (at-least-once).
    Uncertain,
}

/// The schedule and state of one queued message. Never holds a password or the message body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub id: String,
    /// The Message-ID (without angle brackets), assigned at enqueue if the draft had none; it never
    /// changes.
    pub message_id: String,
    pub state: State,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<Hold>,
    pub created: DateTime<Utc>,
    /// The next send attempt (or the end of a cool-down).
    pub due: DateTime<Utc>,
    /// The send time chosen at enqueue (or by `outbox reschedule`); retries give up
    /// `give_up_after` past it.
    pub first_due: DateTime<Utc>,
    /// Why the send time is what it is ("off-hours: ...", "cool-down: ...").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// The sender's zone, to show times in.
    pub sender_zone: String,
    /// The envelope sender.
    pub from: String,
    pub recipients: Vec<Recipient>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt: Option<DateTime<Utc>>,
    /// The server's last reply, or what went wrong talking to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reply: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
}

impl Meta {
    /// A queued entry due at `due` (RFC 3339) for one recipient, for tests.
    #[cfg(test)]
    pub fn sample(id: &str, due: &str) -> Meta {
        let due = DateTime::parse_from_rfc3339(due)
            .expect("test time")
            .with_timezone(&Utc);
        Meta {
            id: id.into(),
            message_id: format!("{id}@example.it"),
            state: State::Queued,
            hold: None,
            created: due,
            due,
            first_due: due,
            reasons: vec![],
            sender_zone: "Europe/Rome".into(),
            from: "a@example.it".into(),
            recipients: vec![Recipient {
                address: "b@example.jp".into(),
                state: RcptState::Pending,
                reply: None,
            }],
            subject: None,
            attempts: 0,
            last_attempt: None,
            last_reply: None,
            sent_at: None,
        }
    }

    /// Whether a runner acts on this entry when its due marker comes up.
    pub fn is_scheduled(&self) -> bool {
        match self.state {
            State::Queued | State::Deferred | State::Uncertain | State::Sending => true,
            State::Held => self.hold == Some(Hold::Cooldown),
            State::Sent | State::Failed => false,
        }
    }

    /// Recipients still to be sent to (pending, or uncertain: at-least-once).
    pub fn undelivered(&self) -> impl Iterator<Item = &Recipient> {
        self.recipients
            .iter()
            .filter(|r| matches!(r.state, RcptState::Pending | RcptState::Uncertain))
    }
}

/// The header block's end: the byte offset where the body starts, and the header part's length
/// without the blank line.
fn split_header(raw: &[u8]) -> (usize, usize) {
    let mut i = 0;
    while i < raw.len() {
        let end = raw[i..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(raw.len(), |p| i + p + 1);
        let line = &raw[i..end];
        let content = line
            .strip_suffix(b"\n")
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .unwrap_or(line);
        if content.is_empty() {
            return (end, i);
        }
        i = end;
    }
    (raw.len(), raw.len())
}

/// The header fields as raw byte ranges (a field with its continuation lines).
fn fields(raw: &[u8]) -> Vec<std::ops::Range<usize>> {
    let (_, header_len) = split_header(raw);
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while i < header_len {
        let end = raw[i..header_len]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(header_len, |p| i + p + 1);
        let continuation = matches!(raw[i], b' ' | b'\t');
        match out.last_mut() {
            Some(last) if continuation => last.end = end,
            _ => out.push(i..end),
        }
        i = end;
    }
    out
}

fn field_name(field: &[u8]) -> &[u8] {
    let colon = field.iter().position(|&b| b == b':').unwrap_or(field.len());
    field[..colon].trim_ascii()
}

/// Whether the header block has a field called `name`.
pub fn has_header(raw: &[u8], name: &str) -> bool {
    fields(raw)
        .into_iter()
        .any(|r| field_name(&raw[r]).eq_ignore_ascii_case(name.as_bytes()))
}

/// The line ending the message uses (CRLF if its first line ends with one).
fn eol(raw: &[u8]) -> &'static [u8] {
    match raw.iter().position(|&b| b == b'\n') {
        Some(p) if p > 0 && raw[p - 1] == b'\r' => b"\r\n",
        _ => b"\n",
    }
}

/// The message with `field` ("Name: value") added at the top of the header block.
pub fn prepend_header(raw: &[u8], field: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + field.len() + 2);
    out.extend_from_slice(field.as_bytes());
    out.extend_from_slice(eol(raw));
    out.extend_from_slice(raw);
    out
}

/// The message without the header fields `drop` says to drop.
pub fn remove_headers(raw: &[u8], drop: impl Fn(&str) -> bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    for r in fields(raw) {
        let name = String::from_utf8_lossy(field_name(&raw[r.clone()])).into_owned();
        out.extend_from_slice(&raw[at..r.start]);
        if !drop(&name) {
            out.extend_from_slice(&raw[r.clone()]);
        }
        at = r.end;
    }
    out.extend_from_slice(&raw[at..]);
    out
}

/// Every line ending as CRLF: no bare LF or bare CR is left.
pub fn to_crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32);
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\r' if raw.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 1;
            }
            b'\r' | b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Every line ending as LF (for the `sent/` Maildir copy).
pub fn to_lf(raw: &[u8]) -> Vec<u8> {
    let crlf = to_crlf(raw);
    let mut out = Vec::with_capacity(crlf.len());
    let mut i = 0;
    while i < crlf.len() {
        if crlf[i] == b'\r' && crlf.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(crlf[i]);
        i += 1;
    }
    out
}

fn is_mailcheck_header(name: &str) -> bool {
    name.len() >= 12 && name[..12].eq_ignore_ascii_case("x-mailcheck-")
}

/// The message as it goes on the wire: `Bcc:` and every `X-Mailcheck-*` field removed, `Date:`
/// set to `now` (the moment it leaves, as a mail program sets it at send: a draft written on
/// Saturday night and held to Monday morning says Monday morning), CRLF line endings.
/// Dot-stuffing is done by the SMTP client.
pub fn wire_bytes(stored: &[u8], now: DateTime<Utc>) -> Vec<u8> {
    let cleaned = remove_headers(stored, |n| {
        n.eq_ignore_ascii_case("bcc") || n.eq_ignore_ascii_case("date") || is_mailcheck_header(n)
    });
    let dated = prepend_header(&cleaned, &format!("Date: {}", now.to_rfc2822()));
    to_crlf(&dated)
}

/// The copy kept in `sent/`: like the wire message but with `Bcc:` kept (the sender's record of
/// who got it) and LF line endings, as Maildir files have; `Date:` is when it was sent.
pub fn sent_copy(stored: &[u8], sent_at: DateTime<Utc>) -> Vec<u8> {
    let cleaned = remove_headers(stored, |n| {
        n.eq_ignore_ascii_case("date") || is_mailcheck_header(n)
    });
    let dated = prepend_header(&cleaned, &format!("Date: {}", sent_at.to_rfc2822()));
    to_lf(&dated)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MSG: &[u8] = b"From: a@example.it\nTo: b@example.jp\nBcc: secret@example.it,\n  other@example.it\nX-Mailcheck-Allow: too-long\nSubject: hi\n\nBody\nBcc: not a header\n.dot\n";

    #[test]
    fn removes_bcc_and_mailcheck_headers_with_continuations_only_in_the_header() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let wire = wire_bytes(MSG, now);
        let text = String::from_utf8(wire.clone()).unwrap();
        assert!(!text.contains("secret@"), "{text}");
        assert!(!text.contains("other@"), "{text}");
        assert!(!text.to_lowercase().contains("x-mailcheck"), "{text}");
        assert!(text.contains("\r\nBcc: not a header\r\n"), "{text}");
        assert!(text.starts_with("Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n"));
        for (i, &b) in wire.iter().enumerate() {
            if b == b'\n' {
                assert_eq!(wire[i - 1], b'\r');
            }
            if b == b'\r' {
                assert_eq!(wire[i + 1], b'\n');
            }
        }
        // A draft's own Date (written Saturday night) is replaced by the moment it leaves.
        let dated = [b"Date: Sat, 21 Nov 2026 23:40:00 +0100\n".as_slice(), MSG].concat();
        let text = String::from_utf8(wire_bytes(&dated, now)).unwrap();
        assert!(
            text.starts_with("Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n"),
            "{text}"
        );
        assert!(!text.contains("Sat, 21 Nov"), "{text}");
        let copy = String::from_utf8(sent_copy(&dated, now)).unwrap();
        assert!(
            copy.starts_with("Date: Mon, 23 Nov 2026 09:00:00 +0000\n"),
            "{copy}"
        );
        assert!(!copy.contains("Sat, 21"), "{copy}");
        let copy = String::from_utf8(sent_copy(MSG, now)).unwrap();
        assert!(copy.contains("Bcc: secret@example.it,\n  other@example.it\n"));
        assert!(!copy.contains('\r'));
    }

    #[test]
    fn crlf_normalisation() {
        assert_eq!(to_crlf(b"a\nb\rc\r\nd"), b"a\r\nb\r\nc\r\nd");
        assert_eq!(to_crlf(b"\r\r\n"), b"\r\n\r\n");
        assert_eq!(to_lf(b"a\r\nb\rc\n"), b"a\nb\nc\n");
    }

    #[test]
    fn header_lookup_and_prepend() {
        assert!(has_header(MSG, "subject"));
        assert!(!has_header(MSG, "Message-ID"));
        let crlf = to_crlf(MSG);
        let with = prepend_header(&crlf, "Message-ID: <x@y>");
        assert!(with.starts_with(b"Message-ID: <x@y>\r\nFrom:"));
        assert!(has_header(&with, "message-id"));
        // No header block at all: everything is header.
        assert!(!has_header(b"", "Date"));
    }
}
