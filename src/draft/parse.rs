//! From bytes to `Draft`, with mail-parser. The only place that knows mail-parser's API, so an
//! upgrade (1.x, once the toolchain allows) touches one file.

use mail_parser::{Encoding, MessageParser, MimeHeaders, PartType};

use crate::draft::{
    Attachment, Body, BodySource, Draft, Lang, LangSource, LineKind, OwnText, PartBytes, Sample,
    Segmenter, Shape, TextLine, html, language,
};
use crate::error::DraftError;
use crate::guard::guarded;
use crate::i18n::{Arg, Msg};
use crate::lexicon::Lexicon;
use crate::limits::{Limits, prescan, text_prefix};
use crate::msg;

/// Header fields of which at least one must be present for the input to count as a message.
const MESSAGE_FIELDS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "in-reply-to",
    "references",
    "received",
    "return-path",
    "reply-to",
    "sender",
];

/// Parses one draft with the default [`Limits`]. `path` is how the user named it (for
/// messages); `lang` overrides detection.
pub fn parse_draft(
    path: &str,
    raw: &[u8],
    lex: &Lexicon,
    lang: Option<Lang>,
) -> Result<Draft, DraftError> {
    parse_draft_limited(path, raw, lex, lang, &Limits::default())
}

/// Parses one draft within `limits` (see `crate::limits`): a message over a size limit is an
/// error; one with too many or too deeply nested MIME parts is read up to the part over the
/// limit, and a body text over `max_text_bytes` up to that, each with a note.
///
/// A panic while reading (inside a dependency above all) is caught: in the HTML reader it is a
/// note and the rest is read; anywhere else the message is [`DraftError::Unreadable`].
pub fn parse_draft_limited(
    path: &str,
    raw: &[u8],
    lex: &Lexicon,
    lang: Option<Lang>,
    limits: &Limits,
) -> Result<Draft, DraftError> {
    guarded(|| read_draft(path, raw, lex, lang, limits)).unwrap_or_else(|why| {
        Err(DraftError::Unreadable {
            path: path.to_string(),
            why,
        })
    })
}

fn read_draft(
    path: &str,
    raw: &[u8],
    lex: &Lexicon,
    lang: Option<Lang>,
    limits: &Limits,
) -> Result<Draft, DraftError> {
    let not_email = |why: Msg| DraftError::NotEmail {
        path: path.to_string(),
        why,
    };
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(not_email(msg!("not-email-empty")));
    }
    let in_mbox = super::mbox::messages(raw);
    if in_mbox > 1 {
        return Err(not_email(msg!("not-email-mbox", count = in_mbox)));
    }
    // Limits first: mail-parser's memory grows with the header lines and parts it is given.
    let cut = prescan(raw, limits).map_err(|e| DraftError::Limit {
        path: path.to_string(),
        message: e.0,
    })?;
    let raw = &raw[..cut.len];
    // mail-parser must not take the whole run down: a panic inside it is a parse failure.
    let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(raw))
        .map_err(|_| not_email(msg!("not-email-mime")))?;
    let Some(message) = parsed else {
        return Err(not_email(msg!("not-email-no-header")));
    };
    // A multipart with no closing boundary (a draft saved unfinished, a file cut short) leaves
    // its last part unread: it is read as if closed at the end of the file (`unclosed`).
    let closed = super::unclosed::closing(&message, raw);
    let reparsed = match &closed {
        Some(bytes) => std::panic::catch_unwind(|| MessageParser::default().parse(bytes))
            .ok()
            .flatten(),
        None => None,
    };
    let unclosed = reparsed.is_some();
    let message = reparsed.unwrap_or(message);
    let known = message
        .headers()
        .iter()
        .any(|h| MESSAGE_FIELDS.contains(&h.name().to_ascii_lowercase().as_str()));
    if !known {
        return Err(not_email(msg!("not-email-no-message-field")));
    }

    let line_at = LineIndex::new(raw);
    let headers = read_headers(&message, &line_at);
    let mut notes: Vec<Msg> = cut.note.into_iter().collect();
    let cut_short = !notes.is_empty();
    if unclosed && !cut_short {
        notes.push(msg!("note-multipart-unclosed"));
    }
    let (body, texts) = read_body(&message, raw, &line_at, limits, cut_short, &mut notes);

    let segments = Segmenter::new(lex)
        .subject(headers.subject.as_deref())
        .split(&texts.iter().map(|l| &l.text).collect::<Vec<_>>());
    let lines: Vec<TextLine> = texts
        .into_iter()
        .zip(&segments.kinds)
        .map(|(mut line, &kind)| {
            line.kind = kind;
            line
        })
        .collect();
    let mut own = OwnText::build(&lines);

    // mail-parser lists an inline text part as a body part, also one that carries a file name
    // (mutt's `Content-Disposition: inline; filename="fix.patch"`); such a part is a file the
    // writer attached (RFC 2183: "inline" asks only that it be shown in place), and the body
    // read is another part (`body_part`).
    let mut inline_ids: Vec<u32> = message
        .text_body
        .iter()
        .chain(&message.html_body)
        .copied()
        .filter(|id| !message.attachments.contains(id))
        .collect();
    inline_ids.sort_unstable();
    inline_ids.dedup();
    let attached_inline = inline_ids
        .into_iter()
        .filter_map(|id| message.parts.get(id as usize))
        .filter(|&p| named_inline(&message, p));
    let mut attachments: Vec<Attachment> = message
        .attachments()
        .chain(attached_inline)
        .map(|p| Attachment {
            name: p.attachment_name().map(str::to_string),
            content_type: p
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_ascii_lowercase(),
            size: p.contents().len(),
        })
        .collect();
    // Inline uuencoded files are attachments too (the draft reader marked their lines).
    for (i, l) in lines.iter().enumerate() {
        if l.kind == LineKind::Encoded
            && lines
                .get(i.wrapping_sub(1))
                .is_none_or(|p| p.kind != LineKind::Encoded)
        {
            let size = lines[i..]
                .iter()
                .take_while(|l| l.kind == LineKind::Encoded)
                .map(|l| l.text.len() * 3 / 4)
                .sum();
            attachments.push(Attachment {
                name: l.text.split_whitespace().nth(2).map(str::to_string),
                content_type: "application/octet-stream".into(),
                size,
            });
        }
    }

    // The own text is folded once (`OwnText::find`); the whole text's sample is shared by the
    // draft's language and, when the draft is one paragraph, that paragraph's.
    // The stop words of the whole own text are found in one pass on first need; a paragraph
    // (or the whole text) starts and ends at white space, so its counts are those that start in
    // it (see `StopWords::find`).
    let stop_hits = std::cell::OnceCell::new();
    let count_in = |text: &str, l: Lang| match (lex.stopwords(), own.offset_of(text)) {
        (Some(stop), Some(at)) => {
            let hits: &Vec<(usize, Lang)> = stop_hits.get_or_init(|| stop.find(own.folded()));
            let from = hits.partition_point(|h| h.0 < at);
            hits[from..]
                .iter()
                .take_while(|h| h.0 < at + text.len())
                .filter(|h| h.1 == l)
                .count()
        }
        _ => own.find(language::stopwords(lex, l), text).len(),
    };
    let whole = Sample::new(own.text.as_str(), |l| count_in(&own.text, l));
    let (language, language_source) = match lang {
        Some(l) => (l, LangSource::Override),
        None => {
            let detected = whole.detect().or_else(|| {
                let all: String = lines.iter().map(|l| l.text.as_str()).collect();
                Lang::detect(
                    &format!("{} {all}", headers.subject.as_deref().unwrap_or("")),
                    lex,
                )
            });
            match detected {
                Some(l) => (l, LangSource::Detected),
                None => (Lang::En, LangSource::Default),
            }
        }
    };

    let langs = match lang {
        Some(l) => own.paragraph_languages(l, |_| None),
        None => own.paragraph_languages(language, |p| {
            if p.len() == own.text.len() {
                whole.detect_confident()
            } else {
                Sample::new(p, |l| count_in(p, l)).detect_confident()
            }
        }),
    };
    own.langs = langs;
    let shape = Shape::read(lex, own.lines().map(|(_, _, t)| t));
    let copied = super::copied::ranges(lex, &own);

    Ok(Draft {
        path: path.to_string(),
        headers,
        body,
        greeting: segments.greeting,
        signoff: segments.signoff,
        lines,
        own,
        attachments,
        language,
        language_source,
        shape,
        copied,
        notes,
    })
}

/// Byte offset -> 1-based line number, counted on demand from the last offset asked (offsets
/// come mostly in order), so a file of a million empty lines costs no memory.
struct LineIndex<'a> {
    raw: &'a [u8],
    /// (offset, number of newlines before it) of the last answer.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    fn new(raw: &'a [u8]) -> Self {
        LineIndex {
            raw,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.raw.len());
        let (from, before) = match self.last.get() {
            (at, n) if at <= offset => (at, n),
            _ => (0, 0),
        };
        let n = before + count_newlines(&self.raw[from..offset]);
        self.last.set((offset, n));
        u32::try_from(n + 1).unwrap_or(u32::MAX)
    }
}

fn count_newlines(raw: &[u8]) -> usize {
    raw.iter().filter(|&&b| b == b'\n').count()
}

/// Picks the body the writer wrote (text/plain if there is one, else the HTML read as text) and
/// returns its lines with their file lines.
///
/// The body may be several parts of that kind: Apple Mail (and any client where a file is
/// dropped between paragraphs) sends `multipart/mixed` = [text, file, text]. mail-parser lists
/// them in order in `text_body` / `html_body` (one alternative of a `multipart/alternative`
/// each), and all of them are read, as one text with an empty line between parts; each line
/// keeps its own file line. `max_text_bytes` caps the whole.
fn read_body(
    message: &mail_parser::Message<'_>,
    raw: &[u8],
    line_at: &LineIndex,
    limits: &Limits,
    cut_short: bool,
    notes: &mut Vec<Msg>,
) -> (Body, Vec<TextLine>) {
    let plain: Vec<&mail_parser::MessagePart<'_>> = message
        .text_bodies()
        .filter(|p| matches!(p.body, PartType::Text(_)) && !named_inline(message, p))
        .collect();
    let html: Vec<&mail_parser::MessagePart<'_>> = message
        .html_bodies()
        .filter(|p| matches!(p.body, PartType::Html(_)) && !named_inline(message, p))
        .collect();
    let mut body = Body {
        has_plain: !plain.is_empty(),
        has_html: !html.is_empty(),
        plain_part: plain.first().map(|p| part_bytes(p, raw.len())),
        html_part: html.first().map(|p| part_bytes(p, raw.len())),
        ..Body::default()
    };
    for (i, p) in message.parts.iter().enumerate() {
        // A message cut short by the limits ends in an unfinished part: not damage.
        // A message of header fields alone (no blank line, no body) has nothing to be damaged.
        let empty = raw
            .get(p.offset_body as usize..p.offset_end as usize)
            .is_none_or(|b| b.iter().all(u8::is_ascii_whitespace));
        if p.is_encoding_problem && !empty && !(cut_short && i + 1 == message.parts.len()) {
            notes.push(msg!("note-part-damaged", part = i));
        }
    }
    let parts = if plain.is_empty() { html } else { plain };
    let Some(&first) = parts.first() else {
        return (body, Vec::new());
    };
    body.source = match &first.body {
        PartType::Html(_) => BodySource::Html,
        PartType::Text(t) if html::is_page(t) => BodySource::Html,
        _ => BodySource::Plain,
    };
    body.text_parts = parts.len();
    body.charset = part_charset(first);
    body.transfer_encoding = part_encoding(first);
    body.text_first_line = Some(line_at.line((first.offset_body as usize).min(raw.len())));
    let mut read = ReadText {
        notes,
        text_left: limits.max_text_bytes,
        markup_left: limits.max_text_bytes,
        cut: false,
        base64_noted: false,
        charset_noted: false,
        plain_html_noted: false,
    };
    let mut out: Vec<TextLine> = Vec::new();
    for (k, part) in parts.into_iter().enumerate() {
        if read.cut {
            break;
        }
        let lines = read.part(part, raw, line_at, k > 0);
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            // Paragraphs of two parts do not run together.
            out.push(TextLine {
                text: String::new(),
                kind: LineKind::Own,
                file_line: None,
                continuations: Vec::new(),
            });
        }
        out.extend(lines);
    }
    (body, out)
}

fn part_charset(part: &mail_parser::MessagePart<'_>) -> Option<String> {
    part.content_type()
        .and_then(|ct| ct.attribute("charset"))
        .map(|c| c.to_ascii_lowercase())
}

fn part_encoding(part: &mail_parser::MessagePart<'_>) -> String {
    match part.encoding {
        Encoding::None => part
            .content_transfer_encoding()
            .unwrap_or("7bit")
            .to_ascii_lowercase(),
        Encoding::QuotedPrintable => "quoted-printable".into(),
        Encoding::Base64 => "base64".into(),
    }
}

/// Reads the body parts one after another within one budget of `max_text_bytes`; each note
/// is given once per message.
struct ReadText<'n> {
    notes: &'n mut Vec<Msg>,
    /// Bytes of text still to be read (for HTML, of the text it gives).
    text_left: usize,
    /// Bytes of HTML markup still to be read.
    markup_left: usize,
    /// The text was cut at the cap: no more parts are read.
    cut: bool,
    base64_noted: bool,
    charset_noted: bool,
    plain_html_noted: bool,
}

impl ReadText<'_> {
    /// `t` up to what is left of `left`, with a note when cut.
    fn capped(&mut self, markup: bool, t: &str, what: &'static str) -> String {
        let left = if markup {
            &mut self.markup_left
        } else {
            &mut self.text_left
        };
        let kept = text_prefix(t, *left);
        if kept.len() < t.len() {
            self.notes.push(msg!(
                "note-capped",
                bytes = kept.len(),
                what = Msg::new(what)
            ));
            // Nothing more is read after a cut.
            *left = 0;
            self.cut = true;
        } else {
            *left -= kept.len();
        }
        kept.to_string()
    }

    /// The text of HTML markup, both capped; a note when the HTML reader fails.
    fn html(&mut self, h: &str) -> String {
        let markup = self.capped(true, h, "note-what-html");
        match guarded(|| html::html_to_text(&markup)) {
            Ok(read) => {
                let text = self.capped(false, &read.text, "note-what-html-text");
                self.notes.extend(read.notes);
                text
            }
            Err(why) => {
                self.notes.push(msg!("note-html-failed", why = why));
                String::new()
            }
        }
    }

    /// One part's lines with their file lines. `later`: not the first part read, where a line
    /// with no file line of its own (base64) is placed at the part's first line.
    fn part(
        &mut self,
        part: &mail_parser::MessagePart<'_>,
        raw: &[u8],
        line_at: &LineIndex,
        later: bool,
    ) -> Vec<TextLine> {
        let start = (part.offset_body as usize).min(raw.len());
        let end = (part.offset_end as usize).clamp(start, raw.len());
        let part_raw = &raw[start..end];
        let first_line = line_at.line(start);
        let charset = part_charset(part);
        if part.is_encoding_problem && part_encoding(part) == "base64" {
            // mail-parser hands back the undecodable base64 as text; reading it would be noise.
            if !self.base64_noted {
                self.notes.push(msg!("note-base64-damaged"));
                self.base64_noted = true;
            }
            return Vec::new();
        }
        let (text, source) = match &part.body {
            // A client that puts its HTML in the text/plain part ("<head><title>…") sends a
            // page, not prose: it is read as the HTML it is.
            PartType::Text(t) if html::is_page(t) => {
                if !self.plain_html_noted {
                    self.notes.push(msg!("note-plain-is-html"));
                    self.plain_html_noted = true;
                }
                (self.html(t), BodySource::Html)
            }
            PartType::Text(t) => (
                self.capped(false, t, "note-what-body-text"),
                BodySource::Plain,
            ),
            PartType::Html(h) => (self.html(h), BodySource::Html),
            _ => return Vec::new(),
        };
        if text.contains('\u{FFFD}') && !self.charset_noted {
            let charset = match charset.as_deref() {
                Some(c) => Arg::Str(c.to_string()),
                None => Arg::Msg(Msg::new("note-charset-unspecified")),
            };
            self.notes.push(msg!("note-charset", charset = charset));
            self.charset_noted = true;
        }
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        let lines = trim_trailing_empty(lines);
        let utf8 = charset
            .as_deref()
            .is_none_or(|c| matches!(c, "utf-8" | "utf8" | "us-ascii" | "ascii"));
        let unplaced = if later { Some(first_line) } else { None };
        let places: Vec<Place> = match (source, part.encoding) {
            (BodySource::Plain, Encoding::None) => (0..lines.len())
                .map(|i| (Some(first_line + i as u32), Vec::new()))
                .collect(),
            (BodySource::Plain, Encoding::QuotedPrintable) => {
                qp_line_map(part_raw, first_line, lines.len(), utf8)
            }
            (BodySource::Html, Encoding::None) => search_line_map(part_raw, first_line, &lines)
                .into_iter()
                .map(|l| (l.or(unplaced), Vec::new()))
                .collect(),
            _ => vec![(unplaced, Vec::new()); lines.len()],
        };
        lines
            .into_iter()
            .zip(places)
            .map(|(text, (file_line, continuations))| TextLine {
                text: text.to_string(),
                kind: LineKind::Own,
                file_line,
                continuations,
            })
            .collect()
    }
}

/// A part of a multipart message that mail-parser counts as a body part but that names a file
/// (`Content-Disposition: inline; filename=...`, or `Content-Type: ...; name=...`): an inline
/// attachment, not the text the writer wrote. A one-part message is its own body whatever it
/// is called.
fn named_inline(message: &mail_parser::Message<'_>, part: &mail_parser::MessagePart<'_>) -> bool {
    let root = message.parts.first().is_some_and(|r| std::ptr::eq(r, part));
    !root && part.attachment_name().is_some_and(|n| !n.trim().is_empty())
}

fn part_bytes(part: &mail_parser::MessagePart<'_>, len: usize) -> PartBytes {
    let start = (part.offset_body as usize).min(len);
    PartBytes {
        start,
        end: (part.offset_end as usize).clamp(start, len),
        transfer_encoding: match part.encoding {
            Encoding::QuotedPrintable => "quoted-printable".into(),
            Encoding::Base64 => "base64".into(),
            Encoding::None => part
                .content_transfer_encoding()
                .unwrap_or("7bit")
                .to_ascii_lowercase(),
        },
        charset: part
            .content_type()
            .and_then(|ct| ct.attribute("charset"))
            .map(|c| c.to_ascii_lowercase()),
    }
}

fn trim_trailing_empty(mut lines: Vec<&str>) -> Vec<&str> {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// Where a decoded line is in the file: its first line, and its continuation lines.
type Place = (Option<u32>, Vec<(usize, u32)>);

/// Quoted-printable: a raw line ending in "=" continues on the next one. For UTF-8 text, also
/// where in the decoded line each continuation starts (decoded length: "=XX" is one byte).
fn qp_line_map(part_raw: &[u8], first_line: u32, count: usize, utf8: bool) -> Vec<Place> {
    let mut map = Vec::with_capacity(count);
    let mut current: Option<(u32, Vec<(usize, u32)>)> = None;
    let mut decoded_len = 0usize;
    for (j, raw_line) in part_raw.split(|&b| b == b'\n').enumerate() {
        let file_line = first_line + j as u32;
        match current.as_mut() {
            None => {
                current = Some((file_line, Vec::new()));
                decoded_len = 0;
            }
            Some((_, conts)) if utf8 => conts.push((decoded_len, file_line)),
            Some(_) => {}
        }
        let trimmed = raw_line.trim_ascii_end();
        let soft = trimmed.ends_with(b"=");
        let content = if soft {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        decoded_len += qp_decoded_len(content);
        if !soft {
            if let Some((line, conts)) = current.take() {
                map.push((Some(line), conts));
            }
            if map.len() == count {
                break;
            }
        }
    }
    map.resize(count, (None, Vec::new()));
    map
}

fn qp_decoded_len(raw: &[u8]) -> usize {
    let escapes = raw
        .windows(3)
        .filter(|w| w[0] == b'=' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
        .count();
    raw.len() - 2 * escapes
}

/// HTML: find each text line's opening words in the markup, moving forward through the part.
/// The searches together read at most 16 times the markup (a line not found costs a search to
/// the end); past that budget, lines get no file line.
fn search_line_map(part_raw: &[u8], first_line: u32, lines: &[&str]) -> Vec<Option<u32>> {
    let markup = String::from_utf8_lossy(part_raw);
    let mut budget = markup.len().saturating_mul(16);
    let mut cursor = 0usize;
    // Newlines counted in `markup[..counted]`.
    let (mut counted, mut newlines) = (0usize, 0u32);
    lines
        .iter()
        .map(|line| {
            // The words as they are in the markup: without quote marks, a list marker ("- ",
            // "2. "), and up to a table cell's end or a link's address (added by the reader).
            let words = line.trim().trim_start_matches(['>', '#', '*', '-', ' ']);
            let words = match words.split_once(". ") {
                Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
                _ => words,
            };
            let words = words.split(" | ").next().unwrap_or(words);
            let words = words.split(" (http").next().unwrap_or(words);
            let probe: String = words.chars().take(24).collect();
            let probe = probe.trim();
            if probe.chars().count() < 4 || budget == 0 {
                return None;
            }
            let found = markup[cursor..].find(probe);
            budget =
                budget.saturating_sub(found.map_or(markup.len() - cursor, |i| i + probe.len()));
            let at = found? + cursor;
            cursor = at + probe.len();
            newlines += markup[counted..at].matches('\n').count() as u32;
            counted = at;
            Some(first_line + newlines)
        })
        .collect()
}

// The tests of a body read from several parts (`tests.rs`: no module of the import graph).
#[path = "parse/headers.rs"]
mod headers;
use headers::read_headers;

#[cfg(test)]
#[path = "parse/tests.rs"]
mod body_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Draft, DraftError> {
        let lex = crate::rules::builtin_lexicon();
        parse_draft("t.eml", raw.as_bytes(), &lex, None)
    }

    #[test]
    fn a_message_of_header_fields_alone_has_no_damage_note() {
        for raw in [
            "From: a@example.com\nTo: b@example.com\nSubject: hi\n",
            "From: a@example.com\nTo: b@example.com\nSubject: hi",
            "From: a@example.com\nSubject: hi\n\n",
        ] {
            let d = parse(raw).unwrap();
            assert!(d.notes.is_empty(), "{raw:?}: {:?}", d.notes);
        }
    }

    #[test]
    fn plain_body_lines_map_to_file_lines() {
        let d =
            parse("From: a@example.com\nTo: b@example.com\nSubject: Hi\n\nHello Bob,\nsee you.\n")
                .unwrap();
        assert_eq!(d.lines[0].file_line, Some(5));
        assert_eq!(d.lines[1].file_line, Some(6));
        assert_eq!(d.headers.line_of("subject"), Some(3));
        assert_eq!(d.language, Lang::En);
    }

    #[test]
    fn quoted_printable_soft_breaks() {
        let raw = "From: a@example.com\nSubject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nline one is long and =\ncontinues here\nBuongiorno XXX\n";
        let d = parse(raw).unwrap();
        assert_eq!(d.lines[0].text, "line one is long and continues here");
        assert_eq!(d.lines[0].file_line, Some(6));
        assert_eq!(d.lines[0].file_position(21), (Some(7), 21));
        assert_eq!(d.lines[0].file_position(3), (Some(6), 0));
        assert_eq!(d.lines[1].file_line, Some(8));
    }

    #[test]
    fn not_an_email() {
        for bad in [
            "",
            "   \n",
            "just some prose\nwith lines\n",
            "Foo: bar\n\nbody",
        ] {
            let e = parse(bad).unwrap_err().to_string();
            assert!(e.starts_with("t.eml: not an email message"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn html_only_reads_blockquotes_as_quotes() {
        let raw = "From: a@example.com\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n<p>Calm answer.</p>\n<blockquote><p>You are IDIOTS!!!</p></blockquote>\n";
        let d = parse(raw).unwrap();
        assert_eq!(d.body.source, BodySource::Html);
        assert!(d.own.text.contains("Calm answer."));
        assert!(!d.own.text.contains("IDIOTS"), "{:?}", d.lines);
        assert_eq!(d.lines[0].file_line, Some(5));
    }

    #[test]
    fn html_lines_with_markers_cells_and_links_find_their_file_lines() {
        let raw = "From: a@example.com\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n\
                   <ol><li>Open the shop page</li>\n<li>Click the button</li></ol>\n\
                   <table><tr><td>Shoes and boots</td><td>40</td></tr></table>\n\
                   <p><a href=\"https://example.com/g\">The guide page</a> is new</p>\n";
        let d = parse(raw).unwrap();
        let at = |t: &str| {
            d.lines
                .iter()
                .find(|l| l.text == t)
                .and_then(|l| l.file_line)
        };
        assert_eq!(at("1. Open the shop page"), Some(5));
        assert_eq!(at("2. Click the button"), Some(6));
        assert_eq!(at("Shoes and boots | 40"), Some(7));
        assert_eq!(at("The guide page (https://example.com/g) is new"), Some(8));
    }

    #[test]
    fn a_panic_in_the_reader_is_an_unreadable_error_not_a_crash() {
        // The HTML reader's own panics are notes (see `read_body`); here the guard as a whole.
        let e = guarded(|| -> Result<Draft, DraftError> { panic!("boom") }).unwrap_err();
        assert!(e.starts_with("boom"), "{e}");
    }

    fn names(d: &Draft) -> Vec<(Option<&str>, &str)> {
        d.attachments
            .iter()
            .map(|a| (a.name.as_deref(), a.content_type.as_str()))
            .collect()
    }

    /// Issue 14: mutt's `inline; filename=` text part was a second body part, read by no one.
    #[test]
    fn an_inline_text_part_with_a_file_name_is_an_attachment() {
        let raw = "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n\
                   Content-Type: multipart/mixed; boundary=\"b\"\n\n\
                   --b\nContent-Type: text/plain; charset=us-ascii\nContent-Disposition: inline\n\n\
                   I've attached a patch.\n\n\
                   --b\nContent-Type: text/plain; charset=us-ascii\n\
                   Content-Disposition: inline; filename=\"fix.patch\"\n\n\
                   --- a.spec\n+++ b.spec\n\
                   --b--\n";
        let d = parse(raw).unwrap();
        assert_eq!(names(&d), vec![(Some("fix.patch"), "text/plain")]);
        assert_eq!(d.own.text.trim(), "I've attached a patch.");
        assert_eq!(d.lines[0].file_line, Some(10));
    }

    #[test]
    fn inline_images_and_html_with_file_names_are_attachments() {
        // Apple Mail: text, an inline image with a file name, more text.
        let raw = "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n\
                   Content-Type: multipart/mixed; boundary=\"b\"\n\n\
                   --b\nContent-Type: text/plain; charset=utf-8\n\nSee the photo:\n\n\
                   --b\nContent-Type: image/png; name=\"shop.png\"\n\
                   Content-Disposition: inline; filename=\"shop.png\"\n\
                   Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n\
                   --b\nContent-Type: text/html; charset=utf-8\n\
                   Content-Disposition: inline; filename=\"page.html\"\n\n<p>saved page</p>\n\
                   --b--\n";
        let d = parse(raw).unwrap();
        assert_eq!(
            names(&d),
            vec![
                (Some("shop.png"), "image/png"),
                (Some("page.html"), "text/html")
            ]
        );
        assert_eq!(d.body.source, BodySource::Plain);
        assert_eq!(d.own.text.trim(), "See the photo:");
    }

    #[test]
    fn alternative_and_signed_bodies_are_not_attachments() {
        let alternative = "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n\
                   Content-Type: multipart/alternative; boundary=\"b\"\n\n\
                   --b\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: inline\n\n\
                   Hello.\n\
                   --b\nContent-Type: text/html; charset=utf-8\nContent-Disposition: inline\n\n\
                   <p>Hello.</p>\n\
                   --b--\n";
        let d = parse(alternative).unwrap();
        assert!(d.attachments.is_empty(), "{:?}", names(&d));
        assert_eq!(d.own.text.trim(), "Hello.");
        let signed = "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n\
                   Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; \
                   micalg=pgp-sha256; boundary=\"s\"\n\n\
                   --s\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: inline\n\n\
                   Signed hello.\n\n\
                   --s\nContent-Type: application/pgp-signature; name=\"signature.asc\"\n\n\
                   -----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n\
                   --s--\n";
        let d = parse(signed).unwrap();
        assert_eq!(d.own.text.trim(), "Signed hello.");
        assert_eq!(
            names(&d),
            vec![(Some("signature.asc"), "application/pgp-signature")]
        );
    }

    #[test]
    fn a_one_part_message_with_a_file_name_is_its_own_body() {
        let raw = "From: a@example.com\nSubject: x\nContent-Type: text/plain\n\
                   Content-Disposition: inline; filename=\"note.txt\"\n\nThe note.\n";
        let d = parse(raw).unwrap();
        assert!(d.attachments.is_empty(), "{:?}", names(&d));
        assert_eq!(d.own.text.trim(), "The note.");
    }

    #[test]
    fn x_mailcheck_allow() {
        let d =
            parse("From: a@example.com\nX-Mailcheck-Allow: too-long, off-hours\n\nbody\n").unwrap();
        assert_eq!(d.headers.allow, vec!["too-long", "off-hours"]);
    }
}
