//! Where a fix goes in an HTML part, found in the document's structure rather than in its lines:
//! after the element that holds the greeting ("<p>Hi Sarah,</p>", or the `<br>` after
//! "Hi Sarah,"), before the element that holds the sign-off ("<p>Best regards,<br>Marco</p>", or
//! after the `<br>` before "Best regards,").
//!
//! The markup is read twice by lol_html, which streams it and passes every byte it is not asked
//! to change through unchanged:
//! 1. every block element is numbered and marked before and after, and the marked markup is read
//!    as text by html2text (entities decoded, tags gone), so the greeting's or sign-off's text
//!    is found between the marks of the elements around it;
//! 2. the chosen element gets one mark at the place to insert, and the mark's offset in the
//!    output is the insertion offset in the markup as written (in its own charset).
//!
//! Anything unusual (a charset that is not ASCII-compatible, text not found, output that is not
//! the input plus the mark) gives `None`, and the caller falls back to a line-based guess.

use lol_html::html_content::ContentType;
use lol_html::{AsciiCompatibleEncoding, HtmlRewriter, RewriteStrSettings, Settings, element};

use super::place::Side;

/// The elements a fix can go before or after. Table parts are left out: a block between two
/// table cells would be moved out of the table by every browser.
const BLOCKS: &str = "p, div, li, ul, ol, h1, h2, h3, h4, h5, h6, blockquote, pre, section, \
                      article, header, footer, center, address, br, hr";

/// Text that marks an element's place in pass 1 (`~~mc` kind number `~~`).
const MARK_OPEN: &str = "~~mc";
const MARK_CLOSE: &str = "~~";
/// The one mark of pass 2.
const INSERT_MARK: &[u8] = b"~~mailcheck-insert-here~~";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Before the start tag of a block element.
    Before,
    /// After the end tag of a block element.
    After,
    /// After a void element (`<br>`, `<hr>`).
    AfterVoid,
}

/// The offset in `content` (an HTML document in `charset`, as decoded from its transfer
/// encoding) where a fix goes: before the element holding the text `probe` (`Side::Before`), or
/// right after the text, at the first element boundary that follows it (`Side::After`): after
/// the element that ends there ("<p>Hi Sarah,</p>", the `<br>` after "Hi Sarah,"), or before
/// the one that starts there (Gmail's `<div>Hi Paul,<div>text</div>`, a quote's container nested
/// in the own text's), so never inside what comes next. `after` is text the probe is searched
/// after (the greeting).
pub fn insert_offset(
    content: &[u8],
    charset: Option<&str>,
    probe: &str,
    after: Option<&str>,
    side: Side,
) -> Option<usize> {
    let encoding = match charset {
        Some(label) => encoding_rs::Encoding::for_label_no_replacement(label.as_bytes())?,
        None => encoding_rs::UTF_8,
    };
    let ascii_compatible = AsciiCompatibleEncoding::new(encoding)?;
    let (markup, _) = encoding.decode_without_bom_handling(content);
    if markup.contains(MARK_OPEN) || content.windows(INSERT_MARK.len()).any(|w| w == INSERT_MARK) {
        return None;
    }

    // Pass 1: every block numbered and marked, read as text.
    let mut n = 0usize;
    let marked = lol_html::rewrite_str(
        &markup,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(BLOCKS, |el| {
                n += 1;
                if el.can_have_content() {
                    el.before(&format!("{MARK_OPEN}b{n}{MARK_CLOSE}"), ContentType::Text);
                    el.after(&format!("{MARK_OPEN}a{n}{MARK_CLOSE}"), ContentType::Text);
                } else {
                    el.after(&format!("{MARK_OPEN}v{n}{MARK_CLOSE}"), ContentType::Text);
                }
                Ok(())
            }))
            .with_strict(false),
    )
    .ok()?;
    let text = crate::draft::html::html_to_text(&marked).text;
    let (clean, marks) = read_marks(&text);
    let probe = normalize(probe);
    if probe.is_empty() {
        return None;
    }
    let from = after
        .map(normalize)
        .filter(|a| !a.is_empty())
        .and_then(|a| clean.text.find(&a).map(|i| i + a.len()))
        .unwrap_or(0);
    let at = from + clean.text[from..].find(&probe)?;
    let (start, end) = (clean.map[at], clean.map[at + probe.len() - 1] + 1);
    let target = match side {
        Side::After => marks.iter().find(|m| m.at >= end)?,
        Side::Before => marks
            .iter()
            .rev()
            .find(|m| m.at <= start && matches!(m.kind, Kind::Before | Kind::AfterVoid))?,
    };

    // Pass 2: the one mark, in the document's own bytes.
    let mut n = 0usize;
    let mut out = Vec::with_capacity(content.len() + INSERT_MARK.len());
    let mark = std::str::from_utf8(INSERT_MARK).ok()?;
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .append_element_content_handler(element!(BLOCKS, |el| {
                n += 1;
                if n == target.element {
                    match target.kind {
                        Kind::Before => el.before(mark, ContentType::Html),
                        Kind::After | Kind::AfterVoid => el.after(mark, ContentType::Html),
                    }
                }
                Ok(())
            }))
            .with_encoding(ascii_compatible)
            .with_strict(false),
        |chunk: &[u8]| out.extend_from_slice(chunk),
    );
    rewriter.write(content).ok()?;
    rewriter.end().ok()?;
    let offset = out
        .windows(INSERT_MARK.len())
        .position(|w| w == INSERT_MARK)?;
    // The output must be the input with the mark in it, byte for byte.
    (out[..offset] == content[..offset] && out[offset + INSERT_MARK.len()..] == content[offset..])
        .then_some(offset)
}

struct Mark {
    kind: Kind,
    /// The element's number (1-based, in document order).
    element: usize,
    /// Byte offset in the text with the marks.
    at: usize,
}

/// The text without marks, white space runs as one space.
struct Clean {
    text: String,
    /// For each byte of `text`, its offset in the marked text.
    map: Vec<usize>,
}

fn read_marks(marked: &str) -> (Clean, Vec<Mark>) {
    let mut clean = Clean {
        text: String::new(),
        map: Vec::new(),
    };
    let mut marks = Vec::new();
    let mut i = 0;
    let mut space = true;
    while i < marked.len() {
        let rest = &marked[i..];
        if let Some(body) = rest.strip_prefix(MARK_OPEN)
            && let Some(len) = body.find(MARK_CLOSE)
        {
            let inner = &body[..len];
            let kind = match inner.as_bytes().first() {
                Some(b'b') => Some(Kind::Before),
                Some(b'a') => Some(Kind::After),
                Some(b'v') => Some(Kind::AfterVoid),
                _ => None,
            };
            if let (Some(kind), Ok(element)) = (kind, inner[1..].parse::<usize>()) {
                marks.push(Mark {
                    kind,
                    element,
                    at: i,
                });
                i += MARK_OPEN.len() + len + MARK_CLOSE.len();
                continue;
            }
        }
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() {
            if !space {
                clean.text.push(' ');
                clean.map.push(i);
            }
            space = true;
        } else {
            let start = clean.text.len();
            clean.text.push(c);
            clean
                .map
                .extend(std::iter::repeat_n(i, clean.text.len() - start));
            space = false;
        }
        i += c.len_utf8();
    }
    (clean, marks)
}

/// White space runs as one space, trimmed; without the `**` the draft's reader shows bold text
/// with.
fn normalize(s: &str) -> String {
    s.replace("**", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(html: &str, probe: &str, after: Option<&str>, side: Side) -> String {
        let at = insert_offset(html.as_bytes(), None, probe, after, side).expect("a place");
        format!("{}|{}", &html[..at], &html[at..])
    }

    #[test]
    fn after_the_greeting_and_before_the_sign_off_in_the_structure() {
        let one_line = "<html><body><p>Hi&nbsp;Sarah,</p><p>Could you send the logo?</p>\
                        <p>Best regards,<br>Marco</p></body></html>";
        assert_eq!(
            place(one_line, "Hi Sarah,", None, Side::After),
            "<html><body><p>Hi&nbsp;Sarah,</p>|<p>Could you send the logo?</p>\
             <p>Best regards,<br>Marco</p></body></html>"
        );
        assert_eq!(
            place(one_line, "Best regards,", Some("Hi Sarah,"), Side::Before),
            "<html><body><p>Hi&nbsp;Sarah,</p><p>Could you send the logo?</p>\
             |<p>Best regards,<br>Marco</p></body></html>"
        );
        // Greeting and text in one paragraph, lines broken by <br>.
        let br = "<div>Hi Sarah,<br>could you send the logo?<br><br>Thanks,<br>Marco</div>";
        assert_eq!(
            place(br, "Hi Sarah,", None, Side::After),
            "<div>Hi Sarah,<br>|could you send the logo?<br><br>Thanks,<br>Marco</div>"
        );
        assert_eq!(
            place(br, "Thanks,", None, Side::Before),
            "<div>Hi Sarah,<br>could you send the logo?<br><br>|Thanks,<br>Marco</div>"
        );
        // Bold greeting, nested blocks.
        let nested = "<div><p><b>Ciao Anna</b>,</p>\n<p>testo</p></div>";
        assert_eq!(
            place(nested, "Ciao Anna,", None, Side::After),
            "<div><p><b>Ciao Anna</b>,</p>|\n<p>testo</p></div>"
        );
    }

    /// Right after the own text, at the first element boundary: never inside the quote's
    /// container that each client puts after it.
    #[test]
    fn after_the_own_text_stays_out_of_every_clients_quote() {
        let cases = [
            // Gmail: the own text's div, then the quote's container with the attribution.
            (
                "<div dir=\"ltr\">Hi Paul,<div>Could you send me the order confirmation?</div></div>\
                 <br><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Thu, Paul wrote:<br>\
                 </div><blockquote class=\"gmail_quote\">Hi</blockquote></div>",
                "<div dir=\"ltr\">Hi Paul,<div>Could you send me the order confirmation?</div>|",
            ),
            // Gmail, with no block closing between the text and the quote's container.
            (
                "<div>Could you send me the order confirmation?<div class=\"gmail_quote\">\
                 <div class=\"gmail_attr\">On Thu, Paul wrote:</div><blockquote>Hi</blockquote>\
                 </div></div>",
                "<div>Could you send me the order confirmation?|",
            ),
            // Thunderbird: moz-cite-prefix after the own paragraph.
            (
                "<p>Could you send me the order confirmation?</p><div class=\"moz-cite-prefix\">\
                 On 12/3/26, Paul wrote:<br></div><blockquote type=\"cite\">Hi</blockquote>",
                "<p>Could you send me the order confirmation?</p>|",
            ),
            // Outlook: divRplyFwdMsg after an <hr>.
            (
                "<div class=\"elementToProof\">Could you send me the order confirmation?</div>\
                 <div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\"><b>From:</b> Paul\
                 </div><div>Hi</div>",
                "<div class=\"elementToProof\">Could you send me the order confirmation?</div>|",
            ),
            // Apple Mail: the text, then <blockquote type="cite"> in a div.
            (
                "<body>Could you send me the order confirmation?<br><div><br><blockquote \
                 type=\"cite\">On 3 Dec, Paul wrote:</blockquote></div></body>",
                "<body>Could you send me the order confirmation?<br>|",
            ),
        ];
        for (html, want) in cases {
            let got = place(
                html,
                "Could you send me the order confirmation?",
                None,
                Side::After,
            );
            assert!(got.starts_with(want), "{got}");
        }
    }

    #[test]
    fn windows_1251_offsets_are_byte_offsets() {
        let html = "<p>Здравствуйте, Анна!</p><p>Пришлите логотип.</p><p>С уважением,<br>Марко</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(html);
        let at = insert_offset(
            &bytes,
            Some("windows-1251"),
            "С уважением,",
            None,
            Side::Before,
        )
        .unwrap();
        let (before, _, _) =
            encoding_rs::WINDOWS_1251.encode("<p>Здравствуйте, Анна!</p><p>Пришлите логотип.</p>");
        assert_eq!(at, before.len());
    }

    #[test]
    fn text_not_found_or_odd_charsets_give_none() {
        let html = "<p>Hi Sarah,</p>";
        assert_eq!(
            insert_offset(html.as_bytes(), None, "Dear Bob", None, Side::After),
            None
        );
        assert_eq!(
            insert_offset(html.as_bytes(), Some("utf-16le"), "Hi", None, Side::After),
            None
        );
    }
}
