//! Delivery status notifications (RFC 3464) for mail the server accepted and that then failed for
//! good: a `multipart/report; report-type=delivery-status` message, built with `mail-builder`,
//! queued in the outbox to the writer and sent through the same account, as any MTA does, so the
//! failure reaches the mail client's inbox.
//!
//! A notification is never made about a notification (its queue entry carries
//! [`DSN_REASON`]), so a writer's address that fails too cannot start a loop.

use chrono::{DateTime, Utc};
use mail_builder::MessageBuilder;
use mail_builder::headers::content_type::ContentType;
use mail_builder::mime::{BodyPart, MimePart};

use crate::lang::Lang;
use crate::msg;
use crate::outbox::{Meta, RcptState};

/// The first reason of a notification's queue entry (a message id; entries queued before
/// reasons were messages have [`OLD_DSN_REASON`] and the queue id).
pub const DSN_REASON: &str = "reason-dsn";
/// What a notification's entry said before.
pub const OLD_DSN_REASON: &str = "delivery status notification for";

/// The headers of the failed message shown in the report, at most.
const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Whether `meta` failed for some recipient for good and deserves a notification.
pub fn wanted(meta: &Meta) -> bool {
    meta.recipients.iter().any(|r| r.state == RcptState::Failed) && !meta.reasons.iter().any(|r| {
        r.is(DSN_REASON)
            || matches!(r, crate::outbox::reason::Reason::Text(t) if t.starts_with(OLD_DSN_REASON))
    }) && !meta.from.trim().is_empty()
}

/// The notification for `meta` (whose original bytes are `original`, if still at hand), from and
/// to the writer; `reporting` names this machine (the Reporting-MTA). The human-readable part
/// and the subject are in `lang` (UTF-8: it is a MIME message); the machine-readable
/// `message/delivery-status` part is ASCII, as RFC 3464 has it.
pub fn build(
    meta: &Meta,
    original: Option<&[u8]>,
    reporting: &str,
    now: DateTime<Utc>,
    lang: Lang,
) -> Vec<u8> {
    let failed: Vec<_> = meta
        .recipients
        .iter()
        .filter(|r| r.state == RcptState::Failed)
        .collect();
    let no_subject = msg!("dsn-no-subject").text(lang);
    let subject = meta.subject.as_deref().unwrap_or(&no_subject);
    let mut text = msg!(
        "dsn-intro",
        subject = subject,
        id = meta.message_id.as_str()
    )
    .text(lang);
    text.push_str("\r\n\r\n");
    let refused = msg!("dsn-refused").text(lang);
    // The server's own words, as it gave them (mailcheck's own in `lang`).
    let last = meta.last_reply.as_ref().map(|r| r.text(lang));
    for r in &failed {
        text.push_str(&format!(
            "  {}: {}\r\n",
            r.address,
            r.reply.as_deref().or(last.as_deref()).unwrap_or(&refused)
        ));
    }
    text.push_str("\r\n");
    // For programs (and to tell an expired message from a refused one): the stored reply in
    // English, a server's words as it gave them.
    let last_en = meta.last_reply.as_ref().map(|r| r.en());
    let reply_of = |r: &&crate::outbox::entry::Recipient| {
        r.reply
            .as_deref()
            .or(last_en.as_deref())
            .unwrap_or("refused")
            .to_string()
    };
    if failed.iter().any(|r| !expired(&reply_of(r))) {
        text.push_str(&msg!("dsn-outro").text(lang));
        text.push_str("\r\n");
    }
    if failed.iter().any(|r| expired(&reply_of(r))) {
        text.push_str(&msg!("dsn-outro-expired").text(lang));
        text.push_str("\r\n");
    }
    // Those who got it: sent again to everyone, it would reach them twice.
    let delivered: Vec<&str> = meta
        .recipients
        .iter()
        .filter(|r| r.state == RcptState::Sent)
        .map(|r| r.address.as_str())
        .collect();
    if !delivered.is_empty() {
        text.push_str("\r\n");
        text.push_str(&msg!("dsn-delivered-to", recipients = delivered.join(", ")).text(lang));
        text.push_str("\r\n");
    }
    let mut status = format!(
        "Reporting-MTA: dns; {reporting}\r\nX-Mailcheck-Queue-ID: {}\r\nArrival-Date: {}\r\n",
        meta.id,
        meta.created.to_rfc2822()
    );
    for r in &failed {
        let reply = reply_of(r);
        let reply = reply.as_str();
        status.push_str(&format!(
            "\r\nFinal-Recipient: rfc822; {}\r\nAction: failed\r\nStatus: {}\r\n\
             Diagnostic-Code: smtp; {}\r\nLast-Attempt-Date: {}\r\n",
            ascii(&r.address),
            status_code(reply),
            ascii(reply),
            meta.last_attempt.unwrap_or(now).to_rfc2822()
        ));
    }
    let mut parts = vec![
        MimePart::new("text/plain", BodyPart::Text(text.into())),
        MimePart::new(
            ContentType::new("message/delivery-status"),
            BodyPart::Text(status.into()),
        ),
    ];
    if let Some(raw) = original {
        let end = memchr::memmem::find(raw, b"\r\n\r\n")
            .or_else(|| memchr::memmem::find(raw, b"\n\n"))
            .unwrap_or(raw.len())
            .min(MAX_HEADER_BYTES);
        let headers = String::from_utf8_lossy(&raw[..end]).into_owned() + "\r\n";
        parts.push(MimePart::new(
            ContentType::new("text/rfc822-headers"),
            BodyPart::Text(headers.into()),
        ));
    }
    let report = MimePart::new(
        ContentType::new("multipart/report").attribute("report-type", "delivery-status"),
        BodyPart::Multipart(parts),
    );
    let domain = meta
        .from
        .rsplit_once('@')
        .map(|(_, d)| d.to_string())
        .unwrap_or_else(|| "mailcheck.invalid".into());
    let from_name = msg!("dsn-from-name").text(lang);
    MessageBuilder::new()
        .from((from_name.as_str(), meta.from.as_str()))
        .to(meta.from.as_str())
        .subject(msg!("dsn-subject", subject = subject).text(lang))
        .message_id(format!("dsn.{}.{}@{domain}", meta.id, now.timestamp()))
        .date(now.timestamp())
        .header(
            "Auto-Submitted",
            mail_builder::headers::raw::Raw::new("auto-replied"),
        )
        .body(report)
        .write_to_vec()
        .unwrap_or_default()
}

/// Whether a recipient failed because its lifetime (`[outbox] give_up_after`) ran out: its last
/// reply was a temporary one (4xx) or no reply at all (a network error), not a 5xx refusal.
fn expired(reply: &str) -> bool {
    !matches!(basic_code(reply), Some(500..=599))
}

/// The reply code in "550 5.1.1 ..." or "RCPT TO: permanent error (550): 5.1.1 ...".
fn basic_code(reply: &str) -> Option<u16> {
    reply.split_whitespace().find_map(|w| {
        let w = w.trim_matches(|c: char| matches!(c, '(' | ')' | ':' | '-'));
        (w.len() == 3 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
            .filter(|c| (200..600).contains(c))
    })
}

/// "5.1.1" from a reply like "550 5.1.1 no such user", else "5.0.0"; "4.4.7" (delivery time
/// expired, RFC 3463) for a recipient given up after temporary failures.
fn status_code(reply: &str) -> String {
    if expired(reply) {
        return "4.4.7".into();
    }
    reply
        .split_whitespace()
        .find(|w| {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() == 3
                && parts[0] == "5"
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })
        .unwrap_or("5.0.0")
        .to_string()
}

/// A header-safe ASCII line.
fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .take(500)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_from_replies() {
        assert_eq!(status_code("550 5.1.1 <a@b>: no such user here"), "5.1.1");
        assert_eq!(status_code("554 transaction failed"), "5.0.0");
        assert_eq!(status_code("451 4.3.0 try that one later"), "4.4.7");
        assert_eq!(status_code("connection refused"), "4.4.7");
        assert_eq!(
            status_code("RCPT TO: permanent error (550): 5.1.1 <a@b>: no such user here"),
            "5.1.1"
        );
        assert_eq!(
            status_code("RCPT TO: transient error (451): 4.3.0 <a@b>: try later"),
            "4.4.7"
        );
    }

    #[test]
    fn a_recipient_given_up_after_temporary_failures_is_reported_as_expired() {
        let mut meta = Meta::sample("q1", "2026-11-23T09:00:00Z");
        meta.recipients[0].state = RcptState::Failed;
        meta.recipients[0].reply = Some("451 4.3.0 try that one later".into());
        let bytes = build(&meta, None, "localhost", meta.due, Lang::En);
        let raw = String::from_utf8_lossy(&bytes);
        assert!(raw.contains("Action: failed\r\nStatus: 4.4.7\r\n"), "{raw}");
        assert!(
            raw.contains("Diagnostic-Code: smtp; 451 4.3.0 try that one later"),
            "{raw}"
        );
        let text = mail_parser::MessageParser::default()
            .parse(&bytes)
            .and_then(|m| m.body_text(0).map(|t| t.into_owned()))
            .expect("a text part");
        assert!(text.contains("give_up_after"), "{text}");
        assert!(!text.contains("refused it for good"), "{text}");
    }

    #[test]
    fn the_human_part_is_in_the_users_language_the_report_stays_ascii() {
        let mut meta = Meta::sample("q1", "2026-11-23T09:00:00Z");
        meta.subject = Some("Ordine 1182".into());
        meta.recipients[0].state = RcptState::Failed;
        meta.recipients[0].reply = Some("550 5.1.1 no such user".into());
        let now = meta.due;
        let said = |lang| {
            let bytes = build(&meta, None, "localhost", now, lang);
            let m = mail_parser::MessageParser::default()
                .parse(&bytes)
                .expect("a message");
            let text = m.body_text(0).expect("a text part").into_owned();
            let status = String::from_utf8_lossy(&bytes).into_owned();
            (m.subject().unwrap_or("").to_string(), text, status)
        };
        let (subject, text, raw) = said(Lang::En);
        assert_eq!(subject, "Undelivered mail: Ordine 1182");
        assert!(text.starts_with("Your message \"Ordine 1182\""), "{text}");
        assert!(raw.contains("Status: 5.1.1"), "{raw}");
        let (subject, text, raw) = said(Lang::It);
        assert_eq!(subject, "Messaggio non recapitato: Ordine 1182");
        assert!(text.contains("non è stato recapitato a:"), "{text}");
        // The server's words stay its own.
        assert!(
            text.contains("b@example.jp: 550 5.1.1 no such user"),
            "{text}"
        );
        assert!(
            raw.contains("Diagnostic-Code: smtp; 550 5.1.1 no such user"),
            "{raw}"
        );
        let (subject, text, _) = said(Lang::Ru);
        assert_eq!(subject, "Письмо не доставлено: Ordine 1182");
        assert!(text.contains("не удалось доставить"), "{text}");
        assert!(text.contains("Исправьте адрес"), "{text}");
    }
}
