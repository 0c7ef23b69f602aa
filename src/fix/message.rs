//! Writing new messages (split parts, drafts from templates): header values encoded per RFC 2047
//! when they are not ASCII (by lettre: encoded-words, folded lines), text bodies as UTF-8 8bit.

use lettre::message::header::{HeaderName, HeaderValue, Headers};
use lettre::message::{Mailbox, Mailboxes};

use super::FixError;

/// The value of a field `name` as lettre writes it: as is when ASCII, else RFC 2047
/// encoded-words; folded lines joined by "\n ". `name` is a static field name (Subject, ...).
fn encoded(name: &'static str, value: HeaderValue) -> String {
    let mut headers = Headers::new();
    headers.insert_raw(value);
    let text = headers.to_string();
    text.strip_prefix(name)
        .and_then(|t| t.strip_prefix(": "))
        .unwrap_or(&text)
        .trim_end_matches("\r\n")
        .replace("\r\n", "\n")
}

/// An unstructured header value (a Subject) as it may appear in a message.
pub fn encode_header_value(value: &str) -> String {
    if value.is_ascii() {
        return value.to_string();
    }
    encoded(
        "Subject",
        HeaderValue::new(HeaderName::new_from_ascii_str("Subject"), value.to_string()),
    )
}

/// An address field's value (From, To, Cc) from the addresses given ("Анна Орехова
/// <anna@example.ru>", "a@example.com, b@example.com"): display names that are not ASCII
/// encoded per RFC 2047, by lettre. An address lettre cannot read is an error naming `what`.
pub fn encode_addresses(
    name: &'static str,
    what: &str,
    values: &[String],
) -> Result<String, FixError> {
    let mut all = Mailboxes::new();
    for v in values {
        let parsed: Mailboxes = v
            .parse()
            .or_else(|_| v.parse::<Mailbox>().map(Mailboxes::from))
            .map_err(|e| {
                FixError::Value(crate::msg!(
                    "fix-error-not-address",
                    what = what,
                    value = v.as_str(),
                    error = e.to_string()
                ))
            })?;
        for m in parsed {
            all.push(m);
        }
    }
    use lettre::message::header::{Cc, From, Header, To};
    let value = match name {
        "From" => From::from(all).display(),
        "Cc" => Cc::from(all).display(),
        _ => To::from(all).display(),
    };
    Ok(encoded(name, value))
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
    fn display_names_are_encoded_and_read_back() {
        let to = encode_addresses(
            "To",
            "--to",
            &[
                "Людмила Орехова <l.orekhova@example.ru>".into(),
                "bob@example.com".into(),
            ],
        )
        .unwrap();
        assert!(to.is_ascii() && to.contains("=?utf-8?"), "{to}");
        let msg = text_message(&[("To".into(), to)], "Привет");
        let parsed = mail_parser::MessageParser::default()
            .parse(&msg[..])
            .unwrap();
        let to = parsed.to().unwrap();
        let first = to.first().unwrap();
        assert_eq!(first.name(), Some("Людмила Орехова"));
        assert_eq!(first.address(), Some("l.orekhova@example.ru"));
        assert_eq!(to.iter().nth(1).unwrap().address(), Some("bob@example.com"));
        assert!(encode_addresses("To", "--to", &["Анна <not an address>".into()]).is_err());
    }

    #[test]
    fn encodes_only_what_needs_it() {
        assert_eq!(encode_header_value("Order 12 (1/2)"), "Order 12 (1/2)");
        let enc = encode_header_value("Заказ 12 (1/2)");
        assert!(
            enc.is_ascii() && enc.to_ascii_lowercase().contains("=?utf-8?"),
            "{enc}"
        );
        let msg = text_message(&[("Subject".into(), enc)], "Привет");
        let parsed = mail_parser::MessageParser::default()
            .parse(&msg[..])
            .unwrap();
        assert_eq!(parsed.subject(), Some("Заказ 12 (1/2)"));
    }
}
