//! Folder names on the wire: IMAP's modified UTF-7 (RFC 3501 section 5.1.3).
//!
//! A user names a folder as they see it ("Posta inviata", "Отправленные"); the server lists and
//! opens it as `Posta inviata` and `&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-`. Printable ASCII stands
//! for itself except `&`, written `&-`; everything else is UTF-16BE in base64 with `,` for `/`
//! and no padding, between `&` and `-`.
//!
//! Why not a crate: `utf7-imap` 0.3 (the one on crates.io) unwraps the base64 decoding of what the
//! server sends, so a bad name in a LIST answer would panic; async-imap and imap-proto pass names
//! through as they are. The base64 itself is the `base64` crate's, with the modified alphabet.

use base64::Engine;
use base64::alphabet::Alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

fn engine() -> Option<GeneralPurpose> {
    let alphabet =
        Alphabet::new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,").ok()?;
    Some(GeneralPurpose::new(
        &alphabet,
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(false),
    ))
}

/// `true` for the characters that stand for themselves (printable US-ASCII).
fn direct(c: char) -> bool {
    (' '..='~').contains(&c)
}

/// The name as the server knows it.
pub fn encode(name: &str) -> String {
    let Some(engine) = engine() else {
        return name.to_string();
    };
    let mut out = String::with_capacity(name.len());
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
        out.push('&');
        out.push_str(&engine.encode(bytes));
        out.push('-');
        pending.clear();
    };
    for c in name.chars() {
        if direct(c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut pending, &mut out);
    out
}

/// The name as the user sees it, or `None` when `wire` is not valid modified UTF-7 (then the
/// caller shows it as it came).
pub fn decode(wire: &str) -> Option<String> {
    let engine = engine()?;
    let mut out = String::with_capacity(wire.len());
    let mut rest = wire;
    while let Some(at) = rest.find('&') {
        let (plain, tail) = rest.split_at(at);
        if !plain.chars().all(direct) {
            return None;
        }
        out.push_str(plain);
        let tail = &tail[1..];
        let end = tail.find('-')?;
        let b64 = &tail[..end];
        if b64.is_empty() {
            out.push('&');
        } else {
            let bytes = engine.decode(b64).ok()?;
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            let text = String::from_utf16(&units).ok()?;
            // A shifted run holds only what cannot stand for itself.
            if text.chars().any(direct) {
                return None;
            }
            out.push_str(&text);
        }
        rest = &tail[end + 1..];
    }
    if !rest.chars().all(direct) {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

/// A folder name from a URL or a setting, as the user sees it: a name already in modified
/// UTF-7 (copied from a client that shows raw names, `&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-`) is
/// decoded; anything else is kept.
pub fn normalize(name: &str) -> String {
    if name.contains('&')
        && let Some(d) = decode(name)
        && d != name
        && !d.chars().all(direct)
    {
        return d;
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_and_localised_folder_names() {
        for (user, wire) in [
            ("INBOX", "INBOX"),
            ("Posta inviata", "Posta inviata"),
            ("Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"),
            ("Черновики", "&BCcENQRABD0EPgQyBDgEOgQ4-"),
            // RFC 3501's example.
            ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
            ("Tom & Jerry", "Tom &- Jerry"),
            ("théâtre", "th&AOkA4g-tre"),
            ("Bozze/Più vecchie", "Bozze/Pi&APk- vecchie"),
            ("emoji 📬", "emoji &2D3c7A-"),
            ("", ""),
        ] {
            assert_eq!(encode(user), wire, "{user}");
            assert_eq!(decode(wire).as_deref(), Some(user), "{wire}");
        }
    }

    #[test]
    fn round_trips() {
        let samples = [
            "Gesendete Elemente",
            "Éléments envoyés",
            "Отправленные/2026/Ноябрь",
            "&&&",
            "a&-b",
            "送信済みメール",
            "tab\there",
            "mixed ЖЖ and ЖЖЖ & more ✉",
            "\u{7f}",
        ];
        for s in samples {
            let wire = encode(s);
            assert!(wire.chars().all(direct), "{wire}");
            assert_eq!(decode(&wire).as_deref(), Some(s), "{s} as {wire}");
        }
        // Every character of the Basic Multilingual Plane (not surrogates) and some astral ones.
        let all: String = (0x20u32..0x3000)
            .chain(0x1F300..0x1F320)
            .filter_map(char::from_u32)
            .collect();
        assert_eq!(decode(&encode(&all)).as_deref(), Some(all.as_str()));
    }

    #[test]
    fn bad_names_from_a_server_are_refused_not_a_panic() {
        for bad in [
            "&",
            "&BB4",
            "&!!!-",
            "&BB-",
            "&2D3-",
            "&AGE-",
            "Ж",
            "a&Zm9v\u{0}-",
            "&AOkA4",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn normalize_keeps_plain_names_and_decodes_wire_names() {
        assert_eq!(
            normalize("&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"),
            "Отправленные"
        );
        assert_eq!(normalize("Отправленные"), "Отправленные");
        assert_eq!(normalize("R&D"), "R&D");
        assert_eq!(normalize("Tom &- Jerry"), "Tom &- Jerry");
        assert_eq!(normalize("Posta inviata"), "Posta inviata");
    }
}
