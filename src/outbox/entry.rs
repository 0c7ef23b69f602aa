//! One queued message: its schedule and state (stored as `meta/<id>.json`), and the edits made
//! to the message's header block at enqueue (a Message-ID) and before it leaves (Date, Bcc and
//! `X-Mailcheck-*` removal, CRLF line endings).
//!
//! The header edits work on the raw header block (field lines and their continuation lines); the
//! body is never touched except for line endings.

use std::fmt;

use chrono::{DateTime, FixedOffset, Utc};
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

impl State {
    /// The id of the state's name in the locale files (`outbox-state-queued`, ...).
    pub fn msg_id(self) -> &'static str {
        match self {
            State::Queued => "outbox-state-queued",
            State::Held => "outbox-state-held",
            State::Sending => "outbox-state-sending",
            State::Sent => "outbox-state-sent",
            State::Deferred => "outbox-state-deferred",
            State::Failed => "outbox-state-failed",
            State::Uncertain => "outbox-state-uncertain",
        }
    }
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
    pub reasons: Vec<super::reason::Reason>,
    /// The sender's zone, to show times in.
    pub sender_zone: String,
    /// The envelope sender.
    pub from: String,
    /// The `[smtp.accounts]` entry (a sender address, lower case) chosen for this message when
    /// it was queued; none: the default `[smtp]` account (one person's config).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub recipients: Vec<Recipient>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt: Option<DateTime<Utc>>,
    /// The server's last reply, or what went wrong talking to it: the server's (or the
    /// system's) words verbatim as [`Reason::Text`](super::reason::Reason::Text), mailcheck's own
    /// sentences as ids (`last-reply-*`), worded when shown. An entry written before has a
    /// plain string, which loads as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reply: Option<super::reason::Reason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
    /// `sha256:<hex>` of the message file, checked before every send (entries queued before
    /// there was one have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
}

/// The checksum a meta keeps of its message bytes: `sha256:<hex>`.
pub fn checksum(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest.as_ref() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

impl Meta {
    /// Marks an entry that will never be sent (damaged bytes, no account for its sender) as
    /// `failed` for `why`: every recipient not yet answered, and the entry itself.
    pub fn fail_unsent(&mut self, why: super::reason::Reason) {
        for r in &mut self.recipients {
            if matches!(r.state, RcptState::Pending | RcptState::Uncertain) {
                r.state = RcptState::Failed;
                r.reply = Some(why.en());
            }
        }
        self.state = State::Failed;
        self.last_reply = Some(why);
    }

    /// `t` in the sender's zone (`sender_zone`; UTC if it is not a zone): the `Date:` a message
    /// leaves with reads as the writer's own clock, as a mail program writes it.
    pub fn sender_time(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self.sender_zone.parse::<chrono_tz::Tz>() {
            Ok(tz) => t.with_timezone(&tz).fixed_offset(),
            Err(_) => t.fixed_offset(),
        }
    }

    /// Why the stored message bytes are not the ones queued, if they are not.
    pub fn damaged_message(&self, bytes: &[u8]) -> Option<super::reason::Reason> {
        let want = self.checksum.as_deref()?;
        let got = checksum(bytes);
        (got != want).then(|| {
            super::reason::Reason::new("last-reply-damaged")
                .num("bytes", i64::try_from(bytes.len()).unwrap_or(i64::MAX))
                .str("got", got)
                .str("want", want)
        })
    }
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
            account: None,
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
            checksum: None,
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

/// The longest line SMTP carries (RFC 5321 4.5.3.1.6), without its CRLF.
pub const MAX_LINE_OCTETS: usize = 998;

/// The message made fit for SMTP before it is queued, or why it cannot be (RFC 5322 2.1.1):
/// header lines over [`MAX_LINE_OCTETS`] folded at white space; a body with a longer line, or a
/// NUL byte, re-encoded as quoted-printable when it is a single part sent as it is (7bit, 8bit
/// or no Content-Transfer-Encoding), its base64 lines re-wrapped when it is base64. Anything
/// else with such a line (a multipart message, a NUL in a header) is refused: never sent cut or
/// broken. A message that is already fit comes back unchanged, byte for byte.
pub fn fit_for_smtp(raw: &[u8]) -> Result<Vec<u8>, String> {
    let crlf = to_crlf(raw);
    let (body_start, header_len) = split_header(&crlf);
    let too_long = |part: &[u8]| {
        part.split(|&b| b == b'\n')
            .any(|l| l.len() > MAX_LINE_OCTETS + 1)
    };
    let head_bad = too_long(&crlf[..header_len]) || crlf[..header_len].contains(&0);
    let body_bad = too_long(&crlf[body_start..]) || crlf[body_start..].contains(&0);
    if !head_bad && !body_bad {
        return Ok(raw.to_vec());
    }
    let mut out = Vec::with_capacity(crlf.len() + crlf.len() / 50);
    let mut cte: Option<(std::ops::Range<usize>, String)> = None;
    let mut multipart = false;
    for r in fields(&crlf) {
        let field = &crlf[r.clone()];
        let name = String::from_utf8_lossy(field_name(field)).to_ascii_lowercase();
        if field.contains(&0) {
            return Err(format!("the `{name}` header has a NUL byte"));
        }
        let value = String::from_utf8_lossy(
            &field[field.iter().position(|&b| b == b':').map_or(0, |p| p + 1)..],
        )
        .trim()
        .to_ascii_lowercase();
        if name == "content-type" && value.starts_with("multipart/") {
            multipart = true;
        }
        if name == "content-transfer-encoding" {
            let start = out.len();
            out.extend_from_slice(field);
            cte = Some((start..out.len(), value));
            continue;
        }
        fold_field(field, &name, &mut out)?;
    }
    out.extend_from_slice(&crlf[header_len..body_start]);
    let body = &crlf[body_start..];
    if !body_bad {
        out.extend_from_slice(body);
        return Ok(out);
    }
    let why = if body.contains(&0) {
        "a NUL byte".to_string()
    } else {
        format!("a line longer than {MAX_LINE_OCTETS} octets")
    };
    if multipart {
        return Err(format!(
            "its body has {why} in a multipart message, which cannot be sent as it is; \
             encode that part (quoted-printable or base64) in the mail program"
        ));
    }
    let encoding = cte.as_ref().map_or("7bit", |(_, v)| v.as_str()).to_string();
    let new_body: Vec<u8> = match encoding.as_str() {
        "7bit" | "8bit" | "binary" => {
            let text = quoted_printable::encode_to_str(body);
            let mut b = to_crlf(text.as_bytes());
            if !b.ends_with(b"\r\n") {
                b.extend_from_slice(b"\r\n");
            }
            // The header says so, in place of the old field (or added at the end).
            let field = b"Content-Transfer-Encoding: quoted-printable\r\n";
            match &cte {
                Some((range, _)) => {
                    out.splice(range.clone(), field.iter().copied());
                }
                None => {
                    let at = out.len() - (body_start - header_len);
                    out.splice(at..at, field.iter().copied());
                }
            }
            b
        }
        "base64" if !body.contains(&0) => {
            let letters: Vec<u8> = body
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            let mut b = Vec::with_capacity(letters.len() + letters.len() / 38);
            for chunk in letters.chunks(76) {
                b.extend_from_slice(chunk);
                b.extend_from_slice(b"\r\n");
            }
            b
        }
        other => {
            return Err(format!(
                "its body has {why} and is sent as `{other}`, which cannot carry it"
            ));
        }
    };
    out.extend_from_slice(&new_body);
    Ok(out)
}

/// A header field (CRLF, with its continuations) with every line over [`MAX_LINE_OCTETS`]
/// folded at its last white space before the limit.
fn fold_field(field: &[u8], name: &str, out: &mut Vec<u8>) -> Result<(), String> {
    for line in field.split_inclusive(|&b| b == b'\n') {
        let mut rest = line.strip_suffix(b"\r\n").unwrap_or(line);
        while rest.len() > MAX_LINE_OCTETS {
            // Fold before a space or tab (it starts the continuation line), not at the start.
            let cut = rest[1..=MAX_LINE_OCTETS]
                .iter()
                .rposition(|&b| b == b' ' || b == b'\t')
                .map(|p| p + 1)
                .filter(|&p| {
                    !rest[..p]
                        .iter()
                        .all(|b| b.is_ascii_whitespace() || *b == b':')
                })
                .ok_or_else(|| {
                    format!(
                        "the `{name}` header has a word longer than {MAX_LINE_OCTETS} octets, \
                         which cannot be folded"
                    )
                })?;
            out.extend_from_slice(&rest[..cut]);
            out.extend_from_slice(b"\r\n");
            rest = &rest[cut..];
        }
        out.extend_from_slice(rest);
        out.extend_from_slice(b"\r\n");
    }
    Ok(())
}

fn is_mailcheck_header(name: &str) -> bool {
    name.len() >= 12 && name[..12].eq_ignore_ascii_case("x-mailcheck-")
}

/// The message as it goes on the wire: CRLF line endings (made first, so a bare CR cannot hide
/// a field from what follows: `Subject: x\rBcc: y` is two fields, and the Bcc goes), `Bcc:`,
/// `Resent-Bcc:` and every `X-Mailcheck-*` field removed, `Date:` set to `now` (the moment it
/// leaves, in the sender's zone: [`Meta::sender_time`]; as a mail program sets it at send: a draft written on Saturday night and held to
/// Monday morning says Monday morning). Dot-stuffing is done by the SMTP client.
pub fn wire_bytes(stored: &[u8], now: DateTime<FixedOffset>) -> Vec<u8> {
    let cleaned = remove_headers(&to_crlf(stored), |n| {
        n.eq_ignore_ascii_case("bcc")
            || n.eq_ignore_ascii_case("resent-bcc")
            || n.eq_ignore_ascii_case("date")
            || is_mailcheck_header(n)
    });
    let dated = prepend_header(&cleaned, &format!("Date: {}", now.to_rfc2822()));
    to_crlf(&dated)
}

/// The copy kept in `sent/`: like the wire message but with `Bcc:` kept (the sender's record of
/// who got it) and LF line endings, as Maildir files have; `Date:` is when it was sent.
pub fn sent_copy(stored: &[u8], sent_at: DateTime<FixedOffset>) -> Vec<u8> {
    let cleaned = remove_headers(&to_crlf(stored), |n| {
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
        let now = DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z").unwrap();
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
        // In the sender's zone, as a mail program dates it (an audit: it was always +0000).
        let mut meta = Meta::sample("aaaaaaaaaaaa", "2026-11-23T09:00:00Z");
        let at = now.with_timezone(&Utc);
        for (zone, date) in [
            ("Europe/Rome", "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n"),
            ("Europe/Moscow", "Date: Mon, 23 Nov 2026 12:00:00 +0300\r\n"),
            ("not a zone", "Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n"),
        ] {
            meta.sender_zone = zone.into();
            let text = String::from_utf8(wire_bytes(MSG, meta.sender_time(at))).unwrap();
            assert!(text.starts_with(date), "{zone}: {text}");
        }
    }

    /// Trust boundaries 11, 12: a bare CR cannot hide a Bcc; Resent-Bcc goes too.
    #[test]
    fn line_endings_are_normalised_before_any_field_is_removed() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z").unwrap();
        let msg = b"From: a@example.it\nTo: b@example.jp\nSubject: x\rBcc: leak@hidden.example\nResent-Bcc: r@hidden.example\nDate: Mon, 23 Nov 2026 09:00:00 +0000\n\nBody\n";
        let wire = String::from_utf8(wire_bytes(msg, now)).unwrap();
        assert!(!wire.contains("hidden.example"), "{wire:?}");
        assert!(wire.contains("Subject: x\r\n"), "{wire:?}");
    }

    /// Trust boundaries 12: long lines folded or encoded, NUL encoded or refused, a fit message
    /// untouched.
    #[test]
    fn messages_are_made_fit_for_smtp_or_refused() {
        let fit = b"From: a@example.it\nSubject: hi\n\nBody \xe8\n";
        assert_eq!(fit_for_smtp(fit).unwrap(), fit);
        let long_words = "word ".repeat(300);
        let long_line = "x".repeat(1500);
        let msg = format!("From: a@example.it\nSubject: {long_words}\n\n{long_line}\nnul\0here\n");
        let out = fit_for_smtp(msg.as_bytes()).unwrap();
        for line in out.split(|&b| b == b'\n') {
            assert!(line.len() <= MAX_LINE_OCTETS + 1, "{}", line.len());
        }
        assert!(!out.contains(&0));
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("Content-Transfer-Encoding: quoted-printable\r\n\r\n"),
            "{text}"
        );
        assert!(text.contains("nul=00here"), "{text}");
        // Decoded, the body and the subject are what was written.
        let parsed = mail_parser::MessageParser::default()
            .parse(text.as_bytes())
            .unwrap();
        assert_eq!(parsed.subject().unwrap().trim(), long_words.trim());
        assert!(parsed.body_text(0).unwrap().contains(&long_line));
        // A 7bit CTE is replaced, not doubled.
        let msg = format!("From: a@example.it\nContent-Transfer-Encoding: 7bit\n\n{long_line}\n");
        let text = String::from_utf8(fit_for_smtp(msg.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            text.matches("Content-Transfer-Encoding").count(),
            1,
            "{text}"
        );
        // base64 on one long line: re-wrapped.
        let msg = format!(
            "Content-Transfer-Encoding: base64\n\n{}\n",
            "QUJD".repeat(400)
        );
        let out = fit_for_smtp(msg.as_bytes()).unwrap();
        assert!(out.split(|&b| b == b'\n').all(|l| l.len() <= 78));
        // Refused: NUL in a header, an unfoldable header word, a long line in a multipart.
        assert!(
            fit_for_smtp(b"Subject: a\0b\n\nx\n")
                .unwrap_err()
                .contains("NUL")
        );
        let msg = format!("Subject: {long_line}\n\nx\n");
        assert!(
            fit_for_smtp(msg.as_bytes())
                .unwrap_err()
                .contains("cannot be folded")
        );
        let msg =
            format!("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n{long_line}\n--b--\n");
        assert!(
            fit_for_smtp(msg.as_bytes())
                .unwrap_err()
                .contains("multipart")
        );
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
