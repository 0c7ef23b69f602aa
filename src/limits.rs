//! What one draft may cost: limits on its size and shape, checked on the raw bytes before
//! mail-parser sees them, and on the text the rules read.
//!
//! mail-parser keeps every header field and every MIME part of a message in memory (about 250
//! bytes a header line and 700 bytes a part on top of the message itself), and the rules read
//! the whole text. [`prescan`] is one linear pass over the bytes that needs no memory beyond the
//! set of declared boundaries: it refuses what cannot be a real draft (an over-long header line,
//! too many header lines, a file over the size limit) and cuts the message short before the
//! MIME part that goes over the part or nesting limit, so the rest is still checked.
//!
//! The limits are `[limits]` in the config; every key is optional (defaults in [`Limits`]).

use std::collections::HashSet;

use serde::Deserialize;

use crate::i18n::Msg;
use crate::msg;

/// `[limits]` in the config.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// A larger file is not read (exit 2). Default 50 MiB: more than providers accept.
    pub max_message_bytes: u64,
    /// MIME parts (delimiter lines) read; the message is cut before the next one. Default 1000.
    pub max_parts: usize,
    /// Multipart nesting read; the message is cut before a deeper part. Default 32.
    pub max_depth: usize,
    /// A longer header line (in the message's or a part's header) is refused (exit 2).
    /// Default 64 KiB (RFC 5322 allows 998 bytes).
    pub max_header_line: usize,
    /// More header lines (fields and continuation lines, all parts together) are refused
    /// (exit 2). Default 10,000.
    pub max_header_lines: usize,
    /// The body text the rules read (decoded; for HTML bodies, both the markup read and the
    /// text it gives), cut at a line end before this many bytes. Default 1 MiB (about 150,000
    /// words).
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_bytes: 50 * 1024 * 1024,
            max_parts: 1000,
            max_depth: 32,
            max_header_line: 64 * 1024,
            max_header_lines: 10_000,
            max_text_bytes: 1024 * 1024,
        }
    }
}

impl Limits {
    /// The first limit that makes no sense, as (key, why): 0 for any of them (it would refuse
    /// or cut drafts that are fine, every draft for most keys), or a `max_message_bytes` over
    /// 4 GiB (mail-parser's offsets are 32-bit). Any other value is a real, if strict, choice;
    /// negative or non-integer values never get here (the config does not parse).
    pub fn invalid(&self) -> Option<(&'static str, String)> {
        let Limits {
            max_message_bytes,
            max_parts,
            max_depth,
            max_header_line,
            max_header_lines,
            max_text_bytes,
        } = self;
        let zero = [
            ("max_message_bytes", *max_message_bytes == 0),
            ("max_parts", *max_parts == 0),
            ("max_depth", *max_depth == 0),
            ("max_header_line", *max_header_line == 0),
            ("max_header_lines", *max_header_lines == 0),
            ("max_text_bytes", *max_text_bytes == 0),
        ];
        if let Some((key, _)) = zero.into_iter().find(|(_, z)| *z) {
            return Some((
                key,
                "0 is not a usable limit (it would refuse or cut drafts that are fine); use at \
                 least 1, or leave the key out for the default"
                    .to_string(),
            ));
        }
        if *max_message_bytes > u64::from(u32::MAX) {
            return Some((
                "max_message_bytes",
                format!(
                    "{max_message_bytes} is over {} (4 GiB), the largest message that can be read",
                    u32::MAX
                ),
            ));
        }
        None
    }
}

/// A limit the message goes over and that makes it unreadable: the message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LimitError(pub crate::i18n::Msg);

/// What [`prescan`] decided: read the message up to `len` bytes; `note` says why it was cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub len: usize,
    pub note: Option<crate::i18n::Msg>,
}

/// One pass over the raw message (see the module doc).
pub fn prescan(raw: &[u8], limits: &Limits) -> Result<Cut, LimitError> {
    if raw.len() as u64 > limits.max_message_bytes {
        return Err(LimitError(msg!(
            "limit-message-bytes",
            max = limits.max_message_bytes
        )));
    }
    let mut scan = Scan {
        limits,
        parts: 0,
        header_lines: 0,
    };
    match scan.run(raw, ENCODED_LEVELS) {
        Ok(()) => Ok(Cut {
            len: raw.len(),
            note: None,
        }),
        Err(Stop::Cut { at, line, why }) => Ok(Cut {
            len: at,
            // The scanner's reason stays in English (as a limit error's details do).
            note: Some(crate::msg!("note-cut", why = why, line = line)),
        }),
        Err(Stop::Refuse(m)) => Err(LimitError(m)),
    }
}

/// mail-parser decodes and parses a base64 or quoted-printable `message/*` part as a message of
/// its own, three levels deep: the scan looks inside them as deep.
const ENCODED_LEVELS: u8 = 3;

/// Why the scan stopped.
enum Stop {
    /// Read the message up to byte `at`, line `line` (the start of the part over a limit).
    Cut { at: usize, line: usize, why: Msg },
    /// The message cannot be read at all.
    Refuse(Msg),
}

/// Counts over the whole message, attached messages included.
struct Scan<'l> {
    limits: &'l Limits,
    parts: usize,
    header_lines: usize,
}

/// The header section being read: which field the current line belongs to, and what it said.
#[derive(Default)]
struct PartHeader {
    field: Field,
    message: bool,
    encoding: Option<Encoded>,
}

#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum Field {
    #[default]
    Other,
    ContentType,
    Encoding,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Encoded {
    Base64,
    QuotedPrintable,
}

impl PartHeader {
    fn line(&mut self, line: &[u8]) {
        if !line.starts_with(b" ") && !line.starts_with(b"\t") {
            let name = line.split(|&b| b == b':').next().unwrap_or_default();
            self.field = if name.trim_ascii().eq_ignore_ascii_case(b"content-type") {
                Field::ContentType
            } else if name
                .trim_ascii()
                .eq_ignore_ascii_case(b"content-transfer-encoding")
            {
                Field::Encoding
            } else {
                Field::Other
            };
        }
        let lower = line.to_ascii_lowercase();
        let has = |w: &[u8]| lower.windows(w.len()).any(|x| x == w);
        match self.field {
            Field::ContentType if has(b"message/") => self.message = true,
            Field::Encoding if has(b"base64") => self.encoding = Some(Encoded::Base64),
            Field::Encoding if has(b"quoted-printable") => {
                self.encoding = Some(Encoded::QuotedPrintable)
            }
            _ => {}
        }
    }
}

impl Scan<'_> {
    /// Scans one message (the file, or an attached message decoded), `levels` more encoded
    /// messages deep.
    fn run(&mut self, raw: &[u8], levels: u8) -> Result<(), Stop> {
        let limits = self.limits;
        let boundaries = declared_boundaries(raw);
        let mut stack: Vec<&[u8]> = Vec::new();
        let mut in_header = true;
        let mut header = PartHeader::default();
        // Where the current part starts (its delimiter line), and its body if it is an encoded
        // message.
        let mut part_start = (0usize, 0usize);
        let mut encoded_body: Option<(usize, Encoded)> = None;
        let mut line_no = 0usize;
        let mut start = 0usize;
        while start < raw.len() {
            let end = find_byte(&raw[start..], b'\n').map_or(raw.len(), |i| start + i);
            let line = &raw[start..end];
            line_no += 1;
            let content = line.strip_suffix(b"\r").unwrap_or(line);
            if in_header {
                if content.is_empty() {
                    in_header = false;
                    if header.message
                        && let Some(enc) = header.encoding
                        && levels > 0
                    {
                        encoded_body = Some((end + 1, enc));
                    }
                } else {
                    self.header_lines += 1;
                    if line.len() > limits.max_header_line {
                        return Err(Stop::Refuse(msg!(
                            "limit-header-line",
                            line = line_no,
                            bytes = line.len(),
                            max = limits.max_header_line
                        )));
                    }
                    if self.header_lines > limits.max_header_lines {
                        return Err(Stop::Refuse(msg!(
                            "limit-header-lines",
                            max = limits.max_header_lines
                        )));
                    }
                    header.line(content);
                }
            } else if let Some(rest) = content.strip_prefix(b"--")
                && !boundaries.is_empty()
            {
                let rest = rest.trim_ascii_end();
                let close = rest
                    .strip_suffix(b"--")
                    .filter(|b| boundaries.contains(b) && !boundaries.contains(rest));
                if close.is_some() || boundaries.contains(rest) {
                    self.encoded(raw, &mut encoded_body, start, part_start, levels)?;
                }
                if let Some(b) = close {
                    if let Some(at) = stack.iter().rposition(|s| *s == b) {
                        stack.truncate(at);
                    }
                } else if boundaries.contains(rest) {
                    match stack.iter().rposition(|s| *s == rest) {
                        Some(at) => stack.truncate(at + 1),
                        None => stack.push(rest),
                    }
                    self.parts += 1;
                    if self.parts > limits.max_parts {
                        return Err(Stop::Cut {
                            at: start,
                            line: line_no,
                            why: msg!("limit-parts", max = limits.max_parts),
                        });
                    }
                    if stack.len() > limits.max_depth {
                        return Err(Stop::Cut {
                            at: start,
                            line: line_no,
                            why: msg!("limit-depth", max = limits.max_depth),
                        });
                    }
                    in_header = true;
                    header = PartHeader::default();
                    part_start = (start, line_no);
                }
            }
            start = end + 1;
        }
        self.encoded(raw, &mut encoded_body, raw.len(), part_start, levels)
    }

    /// An encoded attached message ends at `end`: decode it and scan it. Over a limit inside, the
    /// message is cut before the part that holds it (the top-level message is refused).
    fn encoded(
        &mut self,
        raw: &[u8],
        body: &mut Option<(usize, Encoded)>,
        end: usize,
        (part_start, part_line): (usize, usize),
        levels: u8,
    ) -> Result<(), Stop> {
        let Some((from, enc)) = body.take() else {
            return Ok(());
        };
        let encoded = &raw[from.min(end)..end];
        let decoded = match enc {
            Encoded::Base64 => lenient_base64(encoded),
            Encoded::QuotedPrintable => {
                quoted_printable::decode(encoded, quoted_printable::ParseMode::Robust)
                    .unwrap_or_default()
            }
        };
        match self.run(&decoded, levels - 1) {
            Ok(()) => Ok(()),
            Err(Stop::Cut { why, .. } | Stop::Refuse(why)) if part_start > 0 => Err(Stop::Cut {
                at: part_start,
                line: part_line,
                why: msg!("limit-attached", why = why),
            }),
            Err(Stop::Cut { why, .. } | Stop::Refuse(why)) => {
                Err(Stop::Refuse(msg!("limit-encoded-body", why = why)))
            }
        }
    }
}

/// Base64 decoded the way mail-parser does it: characters outside the alphabet skipped.
fn lenient_base64(encoded: &[u8]) -> Vec<u8> {
    fn value(b: u8) -> Option<u32> {
        match b {
            b'A'..=b'Z' => Some(u32::from(b - b'A')),
            b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(encoded.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in encoded.iter().filter_map(|&b| value(b)) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Every `boundary=` value in the message (quoted or not), case-insensitive on the name.
fn declared_boundaries(raw: &[u8]) -> HashSet<&[u8]> {
    const KEY: &[u8] = b"boundary";
    let mut out = HashSet::new();
    let mut i = 0usize;
    while i + KEY.len() < raw.len() {
        let Some(at) = find_byte(&raw[i..], b'=') else {
            break;
        };
        let eq = i + at;
        i = eq + 1;
        let name_end = raw[..eq]
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |p| p + 1);
        if name_end < KEY.len() || !raw[name_end - KEY.len()..name_end].eq_ignore_ascii_case(KEY) {
            continue;
        }
        let mut v = eq + 1;
        while raw.get(v).is_some_and(|b| *b == b' ' || *b == b'\t') {
            v += 1;
        }
        let value = if raw.get(v) == Some(&b'"') {
            let from = v + 1;
            let len = raw[from.min(raw.len())..]
                .iter()
                .position(|b| matches!(b, b'"' | b'\n' | b'\r'))
                .unwrap_or(raw.len() - from.min(raw.len()));
            &raw[from.min(raw.len())..from.min(raw.len()) + len]
        } else {
            let len = raw[v.min(raw.len())..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b';')
                .unwrap_or(raw.len() - v.min(raw.len()));
            &raw[v.min(raw.len())..v.min(raw.len()) + len]
        };
        if !value.is_empty() {
            out.insert(value.trim_ascii_end());
        }
    }
    out
}

fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// The longest prefix of `text` of at most `max` bytes that ends at a line end (or, with no
/// line end in it, at a character boundary).
pub fn text_prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match text[..cut].rfind('\n') {
        Some(nl) => &text[..nl + 1],
        None => &text[..cut],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits {
            max_message_bytes: 10_000,
            max_parts: 3,
            max_depth: 2,
            max_header_line: 100,
            max_header_lines: 10,
            max_text_bytes: 50,
        }
    }

    #[test]
    fn counts_parts_and_cuts_before_the_one_over() {
        let raw = b"Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n\none\n--b\n\ntwo\n--b\n\nthree\n--b\n\nfour\n--b--\n";
        let cut = prescan(raw, &small()).unwrap();
        assert_eq!(
            &raw[..cut.len],
            &raw[..raw.len() - "--b\n\nfour\n--b--\n".len()]
        );
        assert!(cut.note.unwrap().en().contains("max_parts"));
    }

    #[test]
    fn measures_nesting() {
        let mut raw = b"Content-Type: multipart/mixed; boundary=b0\n\n".to_vec();
        for i in 1..5 {
            raw.extend(
                format!(
                    "--b{}\nContent-Type: multipart/mixed; BOUNDARY=b{i}\n\n",
                    i - 1
                )
                .as_bytes(),
            );
        }
        let cut = prescan(&raw, &Limits::default()).unwrap();
        assert_eq!(cut.len, raw.len());
        let cut = prescan(&raw, &small()).unwrap();
        assert!(cut.note.unwrap().en().contains("max_depth"));
        assert!(raw[cut.len..].starts_with(b"--b2\n"));
    }

    #[test]
    fn closed_siblings_do_not_add_depth() {
        let mut raw = b"Content-Type: multipart/mixed; boundary=top\n\n".to_vec();
        for i in 0..2 {
            raw.extend(
                format!("--top\nContent-Type: multipart/alternative; boundary=a{i}\n\n--a{i}\n\nx\n--a{i}--\n").as_bytes(),
            );
        }
        raw.extend(b"--top--\n");
        let limits = Limits {
            max_parts: 100,
            ..small()
        };
        assert_eq!(prescan(&raw, &limits).unwrap().note, None);
    }

    #[test]
    fn refuses_long_header_lines_and_too_many() {
        let raw = format!("Subject: {}\n\nbody\n", "x".repeat(200));
        let e = prescan(raw.as_bytes(), &small()).unwrap_err();
        assert!(
            e.0.en().contains("header line 1") && e.0.en().contains("max_header_line"),
            "{e}"
        );
        // Long body lines are fine.
        let raw = format!("Subject: x\n\n{}\n", "x".repeat(200));
        assert!(prescan(raw.as_bytes(), &small()).is_ok());
        let raw = format!("{}\nbody\n", "X: y\n".repeat(11));
        let e = prescan(raw.as_bytes(), &small()).unwrap_err();
        assert!(e.0.en().contains("max_header_lines"), "{e}");
        let e = prescan(&[b'a'; 10_001], &small()).unwrap_err();
        assert!(e.0.en().contains("max_message_bytes"), "{e}");
    }

    #[test]
    fn looks_inside_encoded_attached_messages() {
        use base64::Engine;
        let inner = "Subject: in\nContent-Type: multipart/mixed; boundary=c\n\n--c\n\nx\n--c\n\ny\n--c\n\nz\n--c--\n";
        let b64 = base64::engine::general_purpose::STANDARD.encode(inner);
        let raw = format!(
            "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nHello\n--b\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n{b64}\n--b--\n"
        );
        let cut = prescan(raw.as_bytes(), &small()).unwrap();
        assert!(
            cut.note
                .as_ref()
                .map(|n| n.en())
                .unwrap_or_default()
                .contains("attached (encoded) message"),
            "{cut:?}"
        );
        assert!(raw[cut.len..].starts_with("--b\nContent-Type: message/rfc822"));
        let roomy = Limits {
            max_parts: 100,
            ..small()
        };
        assert_eq!(prescan(raw.as_bytes(), &roomy).unwrap().note, None);
        assert_eq!(lenient_base64(b"SGVs\nbG8=!"), b"Hello");
    }

    #[test]
    fn zero_limits_are_invalid() {
        assert_eq!(Limits::default().invalid(), None);
        assert_eq!(small().invalid(), None);
        let zero = [
            Limits {
                max_message_bytes: 0,
                ..small()
            },
            Limits {
                max_parts: 0,
                ..small()
            },
            Limits {
                max_depth: 0,
                ..small()
            },
            Limits {
                max_header_line: 0,
                ..small()
            },
            Limits {
                max_header_lines: 0,
                ..small()
            },
            Limits {
                max_text_bytes: 0,
                ..small()
            },
        ];
        let keys: Vec<&str> = zero
            .iter()
            .filter_map(|l| l.invalid())
            .map(|(k, _)| k)
            .collect();
        assert_eq!(
            keys,
            [
                "max_message_bytes",
                "max_parts",
                "max_depth",
                "max_header_line",
                "max_header_lines",
                "max_text_bytes"
            ]
        );
        let huge = Limits {
            max_message_bytes: 5 << 30,
            ..small()
        };
        assert_eq!(huge.invalid().map(|(k, _)| k), Some("max_message_bytes"));
    }

    #[test]
    fn text_prefix_cuts_at_a_line_end_or_a_char_boundary() {
        assert_eq!(text_prefix("abc\ndef\n", 6), "abc\n");
        assert_eq!(text_prefix("ééé", 3), "é");
        assert_eq!(text_prefix("short", 50), "short");
    }

    #[test]
    fn limit_reasons_in_three_languages() {
        let e = prescan(
            &vec![b'a'; 2000],
            &Limits {
                max_message_bytes: 1000,
                ..Limits::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            e.0.en(),
            "the message is over 1000 bytes, the limit ([limits] max_message_bytes)"
        );
        assert_eq!(
            e.0.text(crate::lang::Lang::It),
            "il messaggio supera 1000 byte, il limite ([limits] max_message_bytes)"
        );
        assert_eq!(
            e.0.text(crate::lang::Lang::Ru),
            "письмо больше 1000 байт — это предел ([limits] max_message_bytes)"
        );
        let raw = b"Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n\none\n--b\n\ntwo\n--b\n\nthree\n--b\n\nfour\n--b--\n";
        let note = prescan(raw, &small()).unwrap().note.expect("a note");
        assert_eq!(
            note.text(crate::lang::Lang::It),
            "sono state lette solo le prime 3 parti MIME ([limits] max_parts); il messaggio \
             continua dalla riga 12"
        );
    }
}
