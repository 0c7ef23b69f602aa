//! Writing new messages (split parts, drafts from templates): header values encoded per RFC 2047
//! when they are not ASCII, text bodies as UTF-8 8bit.

use base64::Engine;

/// A header value as it may appear in a message: as is when ASCII, else RFC 2047 encoded-words
/// (UTF-8, base64, at most 75 characters each, split between characters).
pub fn encode_header_value(value: &str) -> String {
    if value.is_ascii() {
        return value.to_string();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in value.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| {
            format!(
                "=?UTF-8?B?{}?=",
                base64::engine::general_purpose::STANDARD.encode(w.as_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join("\r\n ")
        .replace("\r\n", "\n")
}

/// A text/plain UTF-8 message from header fields (name, value already safe) and a body.
pub fn text_message(headers: &[(String, String)], body: &str) -> Vec<u8> {
    let mut out = String::new();
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push_str("MIME-Version: 1.0\n");
    out.push_str("Content-Type: text/plain; charset=utf-8\n");
    out.push_str("Content-Transfer-Encoding: 8bit\n\n");
    out.push_str(body.trim_end());
    out.push('\n');
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_only_what_needs_it() {
        assert_eq!(encode_header_value("Order 12 (1/2)"), "Order 12 (1/2)");
        let enc = encode_header_value("Заказ 12 (1/2)");
        assert!(
            enc.starts_with("=?UTF-8?B?") && enc.ends_with("?="),
            "{enc}"
        );
        let msg = text_message(&[("Subject".into(), enc)], "Привет");
        let parsed = mail_parser::MessageParser::default()
            .parse(&msg[..])
            .unwrap();
        assert_eq!(parsed.subject(), Some("Заказ 12 (1/2)"));
    }
}
