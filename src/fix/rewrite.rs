//! Applying fixes to a draft's bytes. Every header, the MIME structure, the charset and the
//! transfer encoding are kept; bytes outside the change stay identical, except that a base64
//! part is re-encoded as a whole (base64 has no lines to insert between).
//!
//! A fix's template is rendered in the draft's language and inserted into the text/plain part
//! (as text) and into the text/html part (as HTML, `<name>.html`), before the sign-off or after
//! the greeting.

use std::io::Write;
use std::path::Path;

use base64::Engine;

use super::{FixError, Templates};
use crate::draft::{Draft, LineKind, PartBytes};
use crate::finding::{Fix, FixPlace};

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
    let lang = draft.language;
    for fix in fixes {
        let text = templates.render(lang, &format!("{}.txt", fix.template), &fix.vars)?;
        let html = if templates.exists(lang, &format!("{}.html", fix.template)) {
            Some(templates.render(lang, &format!("{}.html", fix.template), &fix.vars)?)
        } else {
            None
        };
        let anchor = anchor_line(draft, fix.place);
        match (&draft.body.plain_part, &draft.body.html_part) {
            (Some(plain), html_part) => {
                edits.push(text_edit(raw, draft, plain, anchor, &text, fix.place)?);
                if let (Some(part), Some(html)) = (html_part, &html) {
                    edits.push(html_edit(raw, draft, part, anchor, html, fix.place)?);
                }
            }
            (None, Some(part)) => {
                let snippet = html.clone().unwrap_or_else(|| text_as_html(&text));
                edits.push(html_edit(raw, draft, part, anchor, &snippet, fix.place)?);
            }
            (None, None) => {
                return Err(FixError::Unsupported(
                    "the message has no text body to insert into".into(),
                ));
            }
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = raw.to_vec();
    for (start, end, bytes) in edits {
        out.splice(start..end, bytes);
    }
    Ok(out)
}

/// The line of `draft.lines` before which a fix goes (`lines.len()`: after everything).
fn anchor_line(draft: &Draft, place: FixPlace) -> usize {
    let lines = &draft.lines;
    let last_own = lines.iter().rposition(|l| l.kind == LineKind::Own);
    match place {
        FixPlace::BeforeSignoff => draft.signoff.unwrap_or_else(|| match last_own {
            Some(i) => (i + 1..lines.len())
                .find(|&j| lines[j].kind != LineKind::Own)
                .unwrap_or(lines.len()),
            None => lines.len(),
        }),
        FixPlace::AfterGreeting => match draft.greeting {
            Some(g) if lines.get(g + 1).is_some_and(|l| l.text.trim().is_empty()) => g + 2,
            Some(g) => g + 1,
            None => lines
                .iter()
                .position(|l| l.kind == LineKind::Own && !l.text.trim().is_empty())
                .unwrap_or(0),
        },
    }
}

/// "\r\n" if the part's lines end so, else "\n".
fn line_ending(raw: &[u8], part: &PartBytes) -> &'static str {
    let body = &raw[part.start..part.end];
    match body.iter().position(|&b| b == b'\n') {
        Some(i) if i > 0 && body[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Text in the part's charset.
fn encode_charset(text: &str, part: &PartBytes) -> Result<Vec<u8>, FixError> {
    let label = part.charset.as_deref().unwrap_or("us-ascii");
    if matches!(label, "utf-8" | "utf8") || (text.is_ascii()) {
        return Ok(text.as_bytes().to_vec());
    }
    let enc = encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        FixError::Unsupported(format!("cannot write text in the charset {label}"))
    })?;
    let (bytes, _, unmappable) = enc.encode(text);
    if unmappable {
        return Err(FixError::Unsupported(format!(
            "the fix's text cannot be written in the draft's charset ({label})"
        )));
    }
    Ok(bytes.into_owned())
}

/// Lines of `text` (ending in a blank separator line) as the part's bytes, for insertion at the
/// start of a raw line.
fn encode_lines(text: &str, part: &PartBytes, eol: &str) -> Result<Vec<u8>, FixError> {
    let mut out = Vec::new();
    for line in text.lines() {
        let bytes = encode_charset(line, part)?;
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

/// The block, a blank line on the side of the anchor.
fn block(text: &str, place: FixPlace) -> String {
    let t = text.trim_matches('\n');
    match place {
        FixPlace::BeforeSignoff => format!("{t}\n\n"),
        FixPlace::AfterGreeting => format!("{t}\n\n"),
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

fn text_edit(
    raw: &[u8],
    draft: &Draft,
    part: &PartBytes,
    anchor: usize,
    text: &str,
    place: FixPlace,
) -> Result<(usize, usize, Vec<u8>), FixError> {
    let eol = line_ending(raw, part);
    let block = block(text, place);
    if part.transfer_encoding == "base64" {
        return reencode_base64(raw, part, eol, |decoded| {
            let at = nth_line_start(decoded, anchor);
            let mut bytes = encode_charset(&block, part)?;
            if at == decoded.len() && !decoded.ends_with(b"\n") {
                bytes.insert(0, b'\n');
            }
            Ok((at, bytes))
        });
    }
    // Insert before the anchor's file line, or after the last text line.
    let at = match draft.lines.get(anchor) {
        Some(l) => line_start(
            raw,
            l.file_line.ok_or_else(|| {
                FixError::Unsupported("the place to insert has no line in the file".into())
            })?,
        ),
        None => match draft.lines.iter().rev().find_map(|l| l.file_line) {
            Some(last) => line_start(raw, last + 1).min(part.end),
            None => part.end,
        },
    };
    // At the very end there is no blank line before the block yet.
    let block = if anchor >= draft.lines.len() {
        format!("\n{block}")
    } else {
        block
    };
    let mut bytes = encode_lines(&block, part, eol)?;
    if at > 0 && raw.get(at - 1) != Some(&b'\n') {
        bytes.splice(0..0, eol.bytes());
    }
    Ok((at, at, bytes))
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

/// Decodes a base64 part, lets `edit` insert bytes, and re-encodes it in 76-character lines.
fn reencode_base64(
    raw: &[u8],
    part: &PartBytes,
    eol: &str,
    edit: impl FnOnce(&[u8]) -> Result<(usize, Vec<u8>), FixError>,
) -> Result<(usize, usize, Vec<u8>), FixError> {
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
    let mut decoded = base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .map_err(|e| FixError::Unsupported(format!("the base64 body does not decode: {e}")))?;
    let (at, bytes) = edit(&decoded)?;
    decoded.splice(at..at, bytes);
    let encoded = base64::engine::general_purpose::STANDARD.encode(&decoded);
    let wrapped: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect();
    Ok((
        part.start,
        part.start + content_len,
        wrapped.join(eol).into_bytes(),
    ))
}

fn text_as_html(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<p>{}</p>", escaped.trim().replace('\n', "<br>\n"))
}

/// Inserts HTML before the line of the markup that holds the sign-off (or after the greeting's
/// line), else before `</body>`, else at the end of the part.
fn html_edit(
    raw: &[u8],
    draft: &Draft,
    part: &PartBytes,
    anchor: usize,
    html: &str,
    place: FixPlace,
) -> Result<(usize, usize, Vec<u8>), FixError> {
    let eol = line_ending(raw, part);
    let snippet = format!("{}\n", html.trim_matches('\n'));
    let probe = |i: usize| -> Option<String> {
        let t: String = draft.lines.get(i)?.text.trim().chars().take(20).collect();
        (t.chars().count() >= 4).then_some(t)
    };
    let probe = match place {
        FixPlace::BeforeSignoff => probe(anchor),
        FixPlace::AfterGreeting => draft.greeting.and_then(probe),
    };
    if part.transfer_encoding == "base64" {
        return reencode_base64(raw, part, eol, |decoded| {
            let text = String::from_utf8_lossy(decoded);
            let at = html_position(&text, probe.as_deref(), place);
            Ok((at, encode_charset(&snippet, part)?))
        });
    }
    let body = &raw[part.start..part.end];
    let text = String::from_utf8_lossy(body);
    let mut at = html_position(&text, probe.as_deref(), place);
    // Quoted-printable: never land inside a soft-broken line.
    if part.transfer_encoding == "quoted-printable" {
        while at > 1 && body[..at - 1].ends_with(b"=") || at > 2 && body[..at - 1].ends_with(b"=\r")
        {
            at = body[..at - 1]
                .iter()
                .rposition(|&b| b == b'\n')
                .map(|i| i + 1)
                .unwrap_or(0);
        }
    }
    let mut bytes = encode_lines(&snippet, part, eol)?;
    if at > 0 && body.get(at - 1) != Some(&b'\n') {
        bytes.splice(0..0, eol.bytes());
    }
    Ok((part.start + at, part.start + at, bytes))
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

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one: a
/// temporary file in the same folder, fsync, rename, fsync of the folder.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), FixError> {
    let io = |source| FixError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
