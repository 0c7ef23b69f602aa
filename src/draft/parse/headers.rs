//! The top-level header fields a rule reads: addresses, Message-IDs, the subject on one line,
//! `X-Mailcheck-Allow`, and every field with its file line.

use mail_parser::HeaderValue;

use super::LineIndex;
use crate::draft::{HeaderField, Headers, Mailbox};

fn mailboxes(value: Option<&mail_parser::Address<'_>>) -> Vec<Mailbox> {
    value
        .map(|a| {
            a.iter()
                .map(|m| Mailbox {
                    name: m
                        .name()
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                    address: m.address().map(|s| s.trim().to_string()),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The mailboxes of every field called `name`, in order.
fn all_mailboxes<'x>(
    message: &mail_parser::Message<'x>,
    name: mail_parser::HeaderName<'x>,
) -> Vec<Mailbox> {
    message
        .header_values(name)
        .filter_map(HeaderValue::as_address)
        .flat_map(|a| mailboxes(Some(a)))
        .collect()
}

fn id_list(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => vec![t.to_string()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// The words of `s` joined by single spaces (a folded header value on one line), in one
/// allocation.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

pub(super) fn read_headers(message: &mail_parser::Message<'_>, line_at: &LineIndex) -> Headers {
    let raw = message.raw_message();
    let fields = message
        .headers()
        .iter()
        .map(|h| {
            let start = h.offset_start() as usize;
            let end = (h.offset_end() as usize)
                .min(raw.len())
                .max(start.min(raw.len()));
            let value = one_line(&String::from_utf8_lossy(&raw[start.min(raw.len())..end]));
            HeaderField {
                name: h.name().to_string(),
                value,
                line: line_at.line(h.offset_field() as usize),
            }
        })
        .collect::<Vec<_>>();
    let allow = fields
        .iter()
        .filter(|f| f.name.eq_ignore_ascii_case("x-mailcheck-allow"))
        .flat_map(|f| f.value.split([',', ' ']).map(str::trim).map(str::to_string))
        .filter(|s| !s.is_empty())
        .collect();
    Headers {
        subject: message.subject().map(str::to_string),
        from: mailboxes(message.from()),
        // Every To, Cc and Bcc field, not only the last of each: a draft with two `To:` lines
        // goes to everyone in both (the wire carries both lines).
        to: all_mailboxes(message, mail_parser::HeaderName::To),
        cc: all_mailboxes(message, mail_parser::HeaderName::Cc),
        bcc: all_mailboxes(message, mail_parser::HeaderName::Bcc),
        reply_to: mailboxes(message.reply_to()),
        date: message
            .date()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(&d.to_rfc3339()).ok()),
        message_id: message.message_id().map(str::to_string),
        in_reply_to: id_list(message.in_reply_to()),
        references: id_list(message.references()),
        allow,
        fields,
    }
}
