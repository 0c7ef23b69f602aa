//! Applying fixes to a draft's bytes. Every header, the MIME structure, the charset and the
//! transfer encoding are kept; bytes outside the change stay identical, except that a base64
//! part is re-encoded as a whole (base64 has no lines to insert between), and that a part that
//! cannot carry the inserted text as declared is relabelled (see `Relabel`): non-ASCII text
//! into a `7bit` part makes it `8bit`, into a us-ascii (or charset-less) part makes it utf-8.
//!
//! A fix's template is rendered in the draft's language and inserted into the text/plain part
//! (as text) and into the text/html part (as HTML: `<name>.html`, or the text in a paragraph),
//! before the sign-off or after the greeting (see `place.rs`).

use base64::Engine;
use mail_parser::{HeaderName, MessageParser};

use super::{FixError, Templates};
use crate::draft::{Draft, PartBytes};
use crate::finding::{Fix, FixPlace};
use crate::msg;

/// The draft's bytes with every fix applied.
pub fn apply_fixes(
    raw: &[u8],
    draft: &Draft,
    fixes: &[&Fix],
    templates: &Templates,
) -> Result<Vec<u8>, FixError> {
    // Edits as (byte offset in `raw`, bytes to insert) or a whole-part replacement; applied
    // from the end so earlier offsets stay valid.
    let mut edits: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    // Apple Mail's text / file / text: the lines come from several parts, and an insertion
    // place is a line of one of them; the rewrite writes into one part.
    if draft.body.text_parts > 1 {
        return Err(FixError::Unsupported(msg!("fix-error-split-body")));
    }
    let lang = draft.language;
    // What goes into the text/plain part and into the text/html part, per fix.
    let mut inserts: Vec<(&Fix, Option<String>, Option<String>)> = Vec::new();
    for fix in fixes {
        let text = templates.render(lang, &format!("{}.txt", fix.template), &fix.vars)?;
        let html = if templates.exists(lang, &format!("{}.html", fix.template)) {
            Some(templates.render(lang, &format!("{}.html", fix.template), &fix.vars)?)
        } else {
            None
        };
        inserts.push(match (&draft.body.plain_part, &draft.body.html_part) {
            // Every fix lands in both parts: a template without an HTML version goes into the
            // HTML part as its text in a paragraph, as it does into an HTML-only draft.
            (Some(_), Some(_)) => {
                let snippet = html.unwrap_or_else(|| text_as_html(&text));
                (*fix, Some(text), Some(snippet))
            }
            (Some(_), None) => (*fix, Some(text), None),
            (None, Some(_)) => {
                let snippet = html.unwrap_or_else(|| text_as_html(&text));
                (*fix, None, Some(snippet))
            }
            (None, None) => {
                return Err(FixError::Unsupported(msg!("fix-error-no-text-body")));
            }
        });
    }
    // A part that cannot carry non-ASCII text as declared is relabelled first, so the text is
    // then written in the part's new charset.
    let parsed_len = [&draft.body.plain_part, &draft.body.html_part]
        .into_iter()
        .flatten()
        .map(|p| p.end)
        .max()
        .unwrap_or(0);
    let mut relabel = Relabel::new(&raw[..parsed_len.min(raw.len())]);
    let non_ascii = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.is_ascii());
    let plain_part = match &draft.body.plain_part {
        Some(p) if inserts.iter().any(|(_, t, _)| non_ascii(t)) => {
            Some(relabel.part(p, "text/plain")?)
        }
        other => other.clone(),
    };
    let html_part = match &draft.body.html_part {
        Some(p) if inserts.iter().any(|(_, _, h)| non_ascii(h)) => {
            Some(relabel.part(p, "text/html")?)
        }
        other => other.clone(),
    };
    edits.extend(relabel.into_edits());
    // Insertions per part, in the part's own coordinates (see `Insert`), then one set of edits
    // per part: a base64 part is decoded once, gets every insertion, and is encoded once.
    let mut plain_inserts = Vec::new();
    let mut html_inserts = Vec::new();
    for (fix, text, html) in &inserts {
        let anchor = super::place::anchor_line(draft, fix.place);
        if let (Some(part), Some(text)) = (&plain_part, text) {
            plain_inserts.push(text_insert(raw, draft, part, anchor, text, fix.place)?);
        }
        if let (Some(part), Some(html)) = (&html_part, html) {
            html_inserts.push(html_insert(raw, draft, part, anchor, html, fix.place)?);
        }
    }
    for (part, list) in [(&plain_part, plain_inserts), (&html_part, html_inserts)] {
        if let Some(part) = part
            && !list.is_empty()
        {
            edits.extend(part_edits(raw, part, list)?);
        }
    }
    Ok(splice_all(raw, edits))
}

/// Bytes to insert at an offset of a part's content: the raw body's bytes for a 7bit, 8bit or
/// quoted-printable part, the decoded bytes for a base64 one.
type Insert = (usize, Vec<u8>);

/// `raw` with every (start, end, bytes) replacement made; replacements at the same offset keep
/// their order (the first fix's text comes first).
fn splice_all(raw: &[u8], edits: Vec<(usize, usize, Vec<u8>)>) -> Vec<u8> {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].0, i));
    let mut out = raw.to_vec();
    for i in order.into_iter().rev() {
        let (start, end, bytes) = &edits[i];
        out.splice(*start..*end, bytes.iter().copied());
    }
    out
}

/// A part's insertions as edits of the raw message.
fn part_edits(
    raw: &[u8],
    part: &PartBytes,
    inserts: Vec<Insert>,
) -> Result<Vec<(usize, usize, Vec<u8>)>, FixError> {
    if part.transfer_encoding != "base64" {
        return Ok(inserts
            .into_iter()
            .map(|(at, bytes)| (part.start + at, part.start + at, bytes))
            .collect());
    }
    let (mut decoded, content_len) = decode_base64(raw, part)?;
    let edits: Vec<(usize, usize, Vec<u8>)> =
        inserts.into_iter().map(|(at, b)| (at, at, b)).collect();
    decoded = splice_all(&decoded, edits);
    let eol = line_ending(raw, part);
    let encoded = base64::engine::general_purpose::STANDARD.encode(&decoded);
    let wrapped: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect();
    Ok(vec![(
        part.start,
        part.start + content_len,
        wrapped.join(eol).into_bytes(),
    )])
}

/// A base64 part's decoded bytes, and the length of its encoded text (without trailing white
/// space).
fn decode_base64(raw: &[u8], part: &PartBytes) -> Result<(Vec<u8>, usize), FixError> {
    let body = &raw[part.start..part.end];
    let content_len = body.len()
        - body
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let compact: Vec<u8> = body[..content_len]
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .map_err(|e| FixError::Unsupported(msg!("fix-error-base64", error = e.to_string())))?;
    Ok((decoded, content_len))
}

/// "\r\n" if the part's lines end so, else "\n".
fn line_ending(raw: &[u8], part: &PartBytes) -> &'static str {
    let body = &raw[part.start..part.end];
    match body.iter().position(|&b| b == b'\n') {
        Some(i) if i > 0 && body[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Text in the part's charset. A character the charset lacks is, in HTML, a numeric character
/// reference (`&#8212;`, which encoding_rs writes); in plain text, typographic punctuation
/// becomes its ASCII look-alike (koi8-r has no "—" nor «»); anything else refuses the fix.
fn encode_charset(text: &str, part: &PartBytes, html: bool) -> Result<Vec<u8>, FixError> {
    let label = part.charset.as_deref().unwrap_or("us-ascii");
    if matches!(label, "utf-8" | "utf8") || (text.is_ascii()) {
        return Ok(text.as_bytes().to_vec());
    }
    let enc = encoding_rs::Encoding::for_label(label.as_bytes())
        .ok_or_else(|| FixError::Unsupported(msg!("fix-error-charset-unknown", charset = label)))?;
    let (bytes, _, unmappable) = enc.encode(text);
    if !unmappable || html {
        return Ok(bytes.into_owned());
    }
    let plain: String = text
        .chars()
        .map(|c| match c {
            '—' | '–' | '‑' => '-',
            '«' | '»' | '“' | '”' | '„' => '"',
            '‘' | '’' => '\'',
            '…' => '.',
            '\u{a0}' => ' ',
            c => c,
        })
        .collect();
    let (bytes, _, unmappable) = enc.encode(&plain);
    if unmappable {
        return Err(FixError::Unsupported(msg!(
            "fix-error-charset-unmappable",
            charset = label
        )));
    }
    Ok(bytes.into_owned())
}

/// Header changes that let a text part carry the non-ASCII text a fix inserts. Without them a
/// `7bit` (or us-ascii) part would hold 8-bit bytes and the message would be invalid.
///
/// The standard fix with the smallest diff, chosen over re-encoding the part as
/// quoted-printable (which would rewrite every body line with a `=`, trailing blanks or over 76
/// characters, and show the inserted text as `=D0=A1...` in the diff):
/// - `Content-Transfer-Encoding: 7bit`, or no such field (which means 7bit), becomes `8bit`:
///   one word changed or one field added. Lines stay under 998 bytes: the part's own lines
///   already are (7bit has the same limit) and template lines are short.
/// - a us-ascii charset, or none (which means us-ascii), becomes `utf-8`: us-ascii text is
///   utf-8 as it is, so the existing text reads the same. Any other charset is kept and the
///   text is written in it (or the fix is refused where it cannot be, as before).
/// - a message without `MIME-Version: 1.0` gets one: the fields above mean nothing without it.
///
/// Quoted-printable and base64 parts keep their transfer encoding (they are 7-bit clean);
/// only their charset may change. Every other header byte stays as it was.
struct Relabel<'a> {
    raw: &'a [u8],
    /// The message as mail-parser reads it (the header fields and their offsets), parsed on
    /// first need.
    message: Option<mail_parser::Message<'a>>,
    /// Replacements inside header values: (start, end, bytes) in `raw`.
    edits: Vec<(usize, usize, Vec<u8>)>,
    /// Header fields to add, by the offset (a line start) they go before.
    fields: std::collections::BTreeMap<usize, Vec<u8>>,
    mime_version_checked: bool,
}

impl<'a> Relabel<'a> {
    /// `raw` up to the end of the last text part (what the draft parser read of it, at most).
    fn new(raw: &'a [u8]) -> Self {
        Relabel {
            raw,
            message: None,
            edits: Vec::new(),
            fields: std::collections::BTreeMap::new(),
            mime_version_checked: false,
        }
    }

    /// `part` (a `media` part: text/plain or text/html) as it will be once non-ASCII text is
    /// in it, with the header changes that takes queued.
    fn part(&mut self, part: &PartBytes, media: &str) -> Result<PartBytes, FixError> {
        let ascii_charset = part.charset.as_deref().is_none_or(is_ascii_charset);
        let seven_bit = part.transfer_encoding == "7bit";
        if !ascii_charset && !seven_bit {
            return Ok(part.clone());
        }
        let raw = self.raw;
        let encoded = matches!(
            part.transfer_encoding.as_str(),
            "base64" | "quoted-printable"
        );
        if ascii_charset && !encoded && std::str::from_utf8(&raw[part.start..part.end]).is_err() {
            return Err(FixError::Unsupported(msg!("fix-error-ascii-8bit")));
        }
        if self.message.is_none() {
            let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(raw))
                .ok()
                .flatten();
            self.message = parsed;
        }
        let not_found = || FixError::Unsupported(msg!("fix-error-no-part-header"));
        let message = self.message.as_ref().ok_or_else(not_found)?;
        let found = message
            .parts
            .iter()
            .find(|p| p.offset_body as usize == part.start)
            .ok_or_else(not_found)?;
        let field = |name: HeaderName<'_>| found.headers.iter().rev().find(|h| h.name == name);
        let new_field_at = header_end(raw, found)?;
        let eol = if raw[..new_field_at].ends_with(b"\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let mut add = String::new();

        if !self.mime_version_checked {
            self.mime_version_checked = true;
            let root = message.root_part();
            if !root
                .headers
                .iter()
                .any(|h| h.name == HeaderName::MimeVersion)
            {
                let at = header_end(raw, root)?;
                let line = format!("MIME-Version: 1.0{eol}");
                self.fields.entry(at).or_default().extend(line.as_bytes());
            }
        }
        if ascii_charset {
            match field(HeaderName::ContentType) {
                Some(h) => {
                    let (start, end) = (h.offset_start as usize, h.offset_end as usize);
                    let value = raw.get(start..end).ok_or_else(not_found)?;
                    match charset_param(value) {
                        Some((from, to)) => {
                            self.edits
                                .push((start + from, start + to, b"utf-8".to_vec()))
                        }
                        None => {
                            let trimmed = value.trim_ascii_end();
                            let sep = if trimmed.ends_with(b";") { " " } else { "; " };
                            let at = start + trimmed.len();
                            self.edits
                                .push((at, at, format!("{sep}charset=utf-8").into_bytes()));
                        }
                    }
                }
                None => add.push_str(&format!("Content-Type: {media}; charset=utf-8{eol}")),
            }
        }
        if seven_bit {
            match field(HeaderName::ContentTransferEncoding) {
                Some(h) => {
                    let (start, end) = (h.offset_start as usize, h.offset_end as usize);
                    let value = raw.get(start..end).ok_or_else(not_found)?;
                    let at = start + find_ignore_case(value, b"7bit").ok_or_else(not_found)?;
                    self.edits.push((at, at + 4, b"8bit".to_vec()));
                }
                None => add.push_str(&format!("Content-Transfer-Encoding: 8bit{eol}")),
            }
        }
        self.fields
            .entry(new_field_at)
            .or_default()
            .extend(add.as_bytes());
        Ok(PartBytes {
            transfer_encoding: if seven_bit {
                "8bit".into()
            } else {
                part.transfer_encoding.clone()
            },
            charset: if ascii_charset {
                Some("utf-8".into())
            } else {
                part.charset.clone()
            },
            ..part.clone()
        })
    }

    fn into_edits(self) -> impl Iterator<Item = (usize, usize, Vec<u8>)> {
        let fields = self
            .fields
            .into_iter()
            .filter(|(_, bytes)| !bytes.is_empty())
            .map(|(at, bytes)| (at, at, bytes));
        self.edits.into_iter().chain(fields)
    }
}

/// Where a field added to `part`'s header goes: after its last field (at a line start).
fn header_end(raw: &[u8], part: &mail_parser::MessagePart<'_>) -> Result<usize, FixError> {
    let at = part
        .headers
        .last()
        .map_or(part.offset_header, |h| h.offset_end) as usize;
    if at > part.offset_body as usize || (at > 0 && raw.get(at - 1) != Some(&b'\n')) {
        return Err(FixError::Unsupported(msg!(
            "fix-error-header-no-line-break"
        )));
    }
    Ok(at)
}

/// us-ascii under any of its IANA names (encoding_rs reads them all as windows-1252).
fn is_ascii_charset(label: &str) -> bool {
    matches!(
        label.trim().to_ascii_lowercase().as_str(),
        "us-ascii"
            | "ascii"
            | "us"
            | "ansi_x3.4-1968"
            | "ansi_x3.4-1986"
            | "iso-ir-6"
            | "iso646-us"
            | "iso_646.irv:1991"
            | "ibm367"
            | "cp367"
            | "csascii"
    )
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The byte range of the `charset` parameter's value in a raw Content-Type value (inside the
/// quotes when it is quoted).
fn charset_param(value: &[u8]) -> Option<(usize, usize)> {
    let mut quoted = false;
    let mut i = 0;
    while i < value.len() {
        match value[i] {
            b'\\' if quoted => i += 1,
            b'"' => quoted = !quoted,
            b';' if !quoted => {
                let name_from = i + 1;
                let name_to = value[name_from..]
                    .iter()
                    .position(|&b| b == b'=' || b == b';')
                    .map_or(value.len(), |p| name_from + p);
                if value[name_from..name_to]
                    .trim_ascii()
                    .eq_ignore_ascii_case(b"charset")
                    && value.get(name_to) == Some(&b'=')
                {
                    let mut from = name_to + 1;
                    while value.get(from).is_some_and(|b| matches!(b, b' ' | b'\t')) {
                        from += 1;
                    }
                    if value.get(from) == Some(&b'"') {
                        let len = value[from + 1..].iter().position(|&b| b == b'"')?;
                        return Some((from + 1, from + 1 + len));
                    }
                    let len = value[from..]
                        .iter()
                        .position(|&b| b.is_ascii_whitespace() || b == b';' || b == b'(')
                        .unwrap_or(value.len() - from);
                    return Some((from, from + len));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Lines of `text` (ending in a blank separator line) as the part's bytes, for insertion at the
/// start of a raw line.
fn encode_lines(text: &str, part: &PartBytes, eol: &str, html: bool) -> Result<Vec<u8>, FixError> {
    let mut out = Vec::new();
    for line in text.lines() {
        let bytes = encode_charset(line, part, html)?;
        if part.transfer_encoding == "quoted-printable" {
            let qp = quoted_printable::encode_to_str(&bytes);
            out.extend(qp.replace("\r\n", "\n").replace('\n', eol).as_bytes());
        } else {
            out.extend(&bytes);
        }
        out.extend(eol.as_bytes());
    }
    Ok(out)
}

/// The block and a blank line under it; a blank line above it too where the line above has
/// words (text right above a sign-off or a quote, the end of the text).
fn block(text: &str, gap_above: bool) -> String {
    let t = text.trim_matches('\n');
    if gap_above {
        format!("\n{t}\n\n")
    } else {
        format!("{t}\n\n")
    }
}

/// Byte offset in `raw` where 1-based file line `n` starts.
fn line_start(raw: &[u8], n: u32) -> usize {
    if n <= 1 {
        return 0;
    }
    raw.iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .nth(n as usize - 2)
        .map(|(i, _)| i + 1)
        .unwrap_or(raw.len())
}

fn text_insert(
    raw: &[u8],
    draft: &Draft,
    part: &PartBytes,
    anchor: usize,
    text: &str,
    place: FixPlace,
) -> Result<Insert, FixError> {
    let block = block(text, super::place::needs_gap_above(draft, anchor, place));
    if part.transfer_encoding == "base64" {
        let (decoded, _) = decode_base64(raw, part)?;
        let eol = eol_of(&decoded);
        let at = nth_line_start(&decoded, anchor);
        let mut bytes = encode_lines(&block, part, eol, false)?;
        if at > 0 && decoded.get(at - 1) != Some(&b'\n') {
            bytes.splice(0..0, eol.bytes());
        }
        return Ok((at, bytes));
    }
    let eol = line_ending(raw, part);
    // Insert before the anchor's file line, or after the last text line.
    let at = match draft.lines.get(anchor) {
        Some(l) => line_start(
            raw,
            l.file_line
                .ok_or_else(|| FixError::Unsupported(msg!("fix-error-no-line")))?,
        ),
        None => match draft.lines.iter().rev().find_map(|l| l.file_line) {
            Some(last) => line_start(raw, last + 1).min(part.end),
            None => part.end,
        },
    };
    let at = at.clamp(part.start, part.end);
    let mut bytes = encode_lines(&block, part, eol, false)?;
    if at > 0 && raw.get(at - 1) != Some(&b'\n') {
        bytes.splice(0..0, eol.bytes());
    }
    Ok((at - part.start, bytes))
}

/// "\r\n" if the first line of `bytes` ends so, else "\n".
fn eol_of(bytes: &[u8]) -> &'static str {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(i) if i > 0 && bytes[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Byte offset in `decoded` where line `n` (0-based) starts.
fn nth_line_start(decoded: &[u8], n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    decoded
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .nth(n - 1)
        .map(|(i, _)| i + 1)
        .unwrap_or(decoded.len())
}

fn text_as_html(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<p>{}</p>", escaped.trim().replace('\n', "<br>\n"))
}

/// Inserts HTML where the document's structure says (see [`super::html`] and
/// [`super::place::html_probes`]): right after the greeting, before the element holding the
/// sign-off, and without a sign-off right after the writer's last own paragraph (never inside
/// the quote's container that follows it). When the structure does not tell (the text is not
/// found), before the line of the markup that holds the sign-off (or after the
/// greeting's line), else before `</body>`, else at the end of the part.
fn html_insert(
    raw: &[u8],
    draft: &Draft,
    part: &PartBytes,
    anchor: usize,
    html: &str,
    place: FixPlace,
) -> Result<Insert, FixError> {
    let snippet = format!("{}\n", html.trim_matches('\n'));
    let (probes, after) = super::place::html_probes(draft, anchor, place);
    let body = &raw[part.start..part.end];
    let content: std::borrow::Cow<'_, [u8]> = match part.transfer_encoding.as_str() {
        "base64" => decode_base64(raw, part)?.0.into(),
        "quoted-printable" => quoted_printable::decode(body, quoted_printable::ParseMode::Robust)
            .map(Into::into)
            .unwrap_or_else(|_| body.into()),
        _ => body.into(),
    };
    let structural = probes.iter().find_map(|p| {
        super::html::insert_offset(
            &content,
            part.charset.as_deref(),
            &p.text,
            after.as_deref(),
            p.side,
        )
    });
    // The old guess, on the markup's lines.
    let probe20 = |i: usize| -> Option<String> {
        let t: String = draft.lines.get(i)?.text.trim().chars().take(20).collect();
        (t.chars().count() >= 4).then_some(t)
    };
    let probe20 = match place {
        FixPlace::BeforeSignoff => probe20(anchor),
        FixPlace::AfterGreeting => draft.greeting.and_then(probe20),
    };
    let (bytes_of, at) = match part.transfer_encoding.as_str() {
        "base64" => {
            let at =
                structural.unwrap_or_else(|| html_position_in(&content, probe20.as_deref(), place));
            (&content[..], at)
        }
        "quoted-printable" => {
            let at = match structural.and_then(|d| qp_raw_offset(body, d)) {
                Some(at) => at,
                None => {
                    let mut at = html_position_in(body, probe20.as_deref(), place);
                    // Never land inside a soft-broken line.
                    while at > 1 && body[..at - 1].ends_with(b"=")
                        || at > 2 && body[..at - 1].ends_with(b"=\r")
                    {
                        at = body[..at - 1]
                            .iter()
                            .rposition(|&b| b == b'\n')
                            .map(|i| i + 1)
                            .unwrap_or(0);
                    }
                    at
                }
            };
            (body, at)
        }
        _ => {
            let at =
                structural.unwrap_or_else(|| html_position_in(body, probe20.as_deref(), place));
            (body, at)
        }
    };
    let eol = eol_of(bytes_of);
    let (at, break_first) = line_place(bytes_of, at);
    let mut bytes = encode_lines(&snippet, part, eol, true)?;
    if break_first {
        bytes.splice(0..0, eol.bytes());
    }
    Ok((at, bytes))
}

/// Where whole lines go for an insertion at `at`: at a line start as it is; at the end of a line
/// (nothing but white space after it) the next line's start; in the middle of a line `at`, with
/// a line break first (`true`).
fn line_place(content: &[u8], at: usize) -> (usize, bool) {
    let at = at.min(content.len());
    if at == 0 || content[at - 1] == b'\n' {
        return (at, false);
    }
    let rest = &content[at..];
    let line_end = rest.iter().position(|&b| b == b'\n');
    let line = &rest[..line_end.unwrap_or(rest.len())];
    if line.iter().all(u8::is_ascii_whitespace) {
        return match line_end {
            Some(i) => (at + i + 1, false),
            None => (content.len(), true),
        };
    }
    (at, true)
}

/// The offset in a quoted-printable body `raw` where decoded byte `decoded_at` starts (decoded
/// by the `quoted_printable` crate, whose hard line breaks are CRLF), never inside an `=XX`
/// escape. `None` if it cannot be found.
fn qp_raw_offset(raw: &[u8], decoded_at: usize) -> Option<usize> {
    let decode = |b: &[u8]| {
        quoted_printable::decode(b, quoted_printable::ParseMode::Robust)
            .ok()
            .map(|d| d.len())
    };
    let mut acc = 0;
    let mut line_start = 0;
    for line in raw.split_inclusive(|&b| b == b'\n') {
        let hard = line.ends_with(b"\n");
        let text = line.strip_suffix(b"\n").unwrap_or(line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        let soft = text.trim_ascii_end().ends_with(b"=");
        let len = decode(text)?;
        if decoded_at < acc + len || (decoded_at == acc + len && hard && !soft) {
            let want = decoded_at - acc;
            return (0..=text.len())
                .filter(|&j| {
                    let head = &text[..j];
                    !(head.ends_with(b"=") || head.len() >= 2 && head[head.len() - 2] == b'=')
                })
                .find(|&j| decode(&text[..j]) == Some(want))
                .map(|j| line_start + j);
        }
        acc += len + if hard && !soft { 2 } else { 0 };
        line_start += line.len();
    }
    (decoded_at == acc).then_some(raw.len())
}

/// [`html_position`] in markup that may not be UTF-8 (a Latin-1 part, a damaged one): found in
/// its lossy text, given as an offset into `bytes` (each invalid sequence is one U+FFFD, three
/// bytes, in the lossy text).
fn html_position_in(bytes: &[u8], probe: Option<&str>, place: FixPlace) -> usize {
    let at = html_position(&String::from_utf8_lossy(bytes), probe, place);
    let (mut text, mut raw) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid().len();
        if at <= text + valid {
            return raw + (at - text);
        }
        text += valid;
        raw += valid;
        let invalid = chunk.invalid().len();
        if invalid > 0 {
            // Inside the replacement character: at the invalid bytes.
            if at < text + '\u{FFFD}'.len_utf8() {
                return raw;
            }
            text += '\u{FFFD}'.len_utf8();
            raw += invalid;
        }
    }
    bytes.len()
}

/// Where in the markup to insert: the start of the probe's line (before the sign-off) or the
/// start of the line after it (after the greeting); else before `</body>`; else the end.
fn html_position(markup: &str, probe: Option<&str>, place: FixPlace) -> usize {
    if let Some(p) = probe
        && let Some(i) = markup.find(p)
    {
        let line_start = markup[..i].rfind('\n').map(|j| j + 1).unwrap_or(0);
        return match place {
            FixPlace::BeforeSignoff => line_start,
            FixPlace::AfterGreeting => markup[i..]
                .find('\n')
                .map(|j| i + j + 1)
                .unwrap_or(markup.len()),
        };
    }
    if let Some(i) = markup.to_ascii_lowercase().rfind("</body") {
        return markup[..i].rfind('\n').map(|j| j + 1).unwrap_or(i);
    }
    let trimmed = markup.trim_end().len();
    markup[..trimmed]
        .rfind('\n')
        .map(|j| j + 1)
        .unwrap_or(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An insertion point found in the lossy text of markup that is not UTF-8 is a byte offset
    /// into the markup (a fuzz input: a quoted-printable HTML part with raw 8-bit bytes).
    #[test]
    fn html_positions_in_markup_that_is_not_utf8_are_raw_offsets() {
        for bytes in [
            &b"<p>caf\xe9 \xff\xfe ok</p>\n</body></html>"[..],
            &b"<p>\xe9</p>\n</body>"[..],
            &b"<p>plain</p>\n</body>"[..],
        ] {
            let at = html_position_in(bytes, None, FixPlace::BeforeSignoff);
            assert!(at <= bytes.len(), "{at}");
            assert!(bytes[at..].starts_with(b"</body>"), "{:?}", &bytes[at..]);
        }
        let no_body = b"<p>\xe9\xe9\xe9\xe9</p>";
        assert!(html_position_in(no_body, None, FixPlace::BeforeSignoff) <= no_body.len());
    }

    #[test]
    fn finds_the_charset_parameter_quoted_or_not() {
        fn at(v: &str) -> Option<&str> {
            charset_param(v.as_bytes()).map(|(a, b)| &v[a..b])
        }
        assert_eq!(at(" text/plain; charset=us-ascii\n"), Some("us-ascii"));
        assert_eq!(
            at(" text/plain; format=flowed;\n\tCharset = \"US-ASCII\"\n"),
            Some("US-ASCII")
        );
        assert_eq!(at(" text/plain; name=\"a;charset=x\"\n"), None);
        assert_eq!(at(" text/plain\n"), None);
        assert!(is_ascii_charset("US-ASCII") && is_ascii_charset("ansi_x3.4-1968"));
        assert!(!is_ascii_charset("utf-8") && !is_ascii_charset("windows-1251"));
    }
}
