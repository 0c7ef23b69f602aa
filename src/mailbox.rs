//! Reading the user's mail store (a Maildir: `cur/`, `new/`) to find messages by Message-ID.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use mail_parser::MessageParser;

use crate::imap::ImapSettings;
use crate::rules::MailLookup;

/// At most this much of each file is read to find its headers.
const HEADER_BYTES: usize = 64 * 1024;
/// Files are read in chunks of this size until their header block ends.
const CHUNK: usize = 4 * 1024;

/// The user's received mail, `[mailbox] path`: a Maildir ([`date_of`]) or an IMAP URL (searched
/// on the server with `UID SEARCH HEADER Message-ID`), with the IMAP accounts to log in with.
#[derive(Debug)]
pub struct Mailbox {
    path: PathBuf,
    imap: ImapSettings,
}

impl Mailbox {
    pub fn new(path: PathBuf, imap: ImapSettings) -> Self {
        Mailbox { path, imap }
    }
}

impl MailLookup for Mailbox {
    /// A server that cannot be reached is reported on standard error once and the look-up finds
    /// nothing (the draft is still checked).
    fn date_of(&self, id: &str) -> Option<DateTime<Utc>> {
        let Some(url) = self.path.to_str().filter(|s| crate::imap::is_imap_url(s)) else {
            return date_of(&self.path, id);
        };
        let found =
            crate::imap::ImapUrl::parse(url).and_then(|u| crate::imap::date_of(&self.imap, &u, id));
        match found {
            Ok(d) => d,
            Err(e) => {
                static WARNED: std::sync::Once = std::sync::Once::new();
                WARNED.call_once(|| eprintln!("mailcheck: late-reply: [mailbox] path: {e}"));
                None
            }
        }
    }
}

/// The `Date:` of the message whose Message-ID is `id` (angle brackets optional), if the
/// Maildir holds it. Unreadable files are skipped.
///
/// A Maildir can hold many thousands of messages, and this runs before a draft is sent: only
/// each file's header block is read, and only a header block that contains the id's bytes
/// is parsed.
pub fn date_of(maildir: &Path, id: &str) -> Option<DateTime<Utc>> {
    let want = id.trim().trim_start_matches('<').trim_end_matches('>');
    if want.is_empty() {
        return None;
    }
    let finder = memchr::memmem::Finder::new(want.as_bytes());
    let parser = MessageParser::new();
    for sub in ["cur", "new", ""] {
        let dir = maildir.join(sub);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_file() {
                continue;
            }
            let Ok(bytes) = read_head(&path) else {
                continue;
            };
            if finder.find(&bytes).is_none() {
                continue;
            }
            let Some(headers) = parser.parse_headers(&bytes[..]) else {
                continue;
            };
            if headers.message_id() == Some(want) {
                return headers
                    .date()
                    .and_then(|d| DateTime::parse_from_rfc3339(&d.to_rfc3339()).ok())
                    .map(|d| d.with_timezone(&Utc));
            }
        }
    }
    None
}

/// The file's header block (up to and including the first empty line), at most
/// [`HEADER_BYTES`].
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?.take(HEADER_BYTES as u64);
    let mut buf = Vec::with_capacity(CHUNK);
    loop {
        let start = buf.len().saturating_sub(3);
        let read = (&mut file).take(CHUNK as u64).read_to_end(&mut buf)?;
        if let Some(end) = header_end(&buf[start..]) {
            buf.truncate(start + end);
            return Ok(buf);
        }
        if read < CHUNK {
            return Ok(buf);
        }
    }
}

/// Where the header block of `bytes` ends (just past its empty line), if it does.
fn header_end(bytes: &[u8]) -> Option<usize> {
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|i| i + 2);
    let crlf = memchr::memmem::find(bytes, b"\n\r\n").map(|i| i + 3);
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_message_by_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("cur")).unwrap();
        std::fs::write(
            dir.path().join("cur/1:2,S"),
            "Message-ID: <orig@example.it>\nDate: Wed, 18 Nov 2026 09:15:00 +0100\nSubject: x\n\nbody\n",
        )
        .unwrap();
        let d = date_of(dir.path(), "<orig@example.it>").unwrap();
        assert_eq!(d.to_rfc3339(), "2026-11-18T08:15:00+00:00");
        assert!(date_of(dir.path(), "other@example.it").is_none());
    }

    #[test]
    fn reads_only_the_header_block_even_across_chunks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("new")).unwrap();
        // A header block longer than one chunk, then a body that names the id too.
        let long = format!("X-Long: {}\r\n", "a".repeat(CHUNK));
        let raw = format!(
            "{long}Message-ID:\r\n <late@example.it>\r\nDate: Wed, 18 Nov 2026 09:15:00 +0100\r\n\r\nbody <body@example.it>\r\n"
        );
        std::fs::write(dir.path().join("new/1"), &raw).unwrap();
        let head = read_head(&dir.path().join("new/1")).unwrap();
        assert!(head.ends_with(b"+0100\r\n\r\n"), "{}", head.len());
        let d = date_of(dir.path(), "late@example.it").unwrap();
        assert_eq!(d.to_rfc3339(), "2026-11-18T08:15:00+00:00");
        // An id only the body names is not this message's.
        assert!(date_of(dir.path(), "<body@example.it>").is_none());
        assert!(date_of(dir.path(), "<>").is_none());
    }

    #[test]
    fn header_end_finds_the_first_empty_line() {
        assert_eq!(header_end(b"A: b\n\nbody\n\n"), Some(6));
        assert_eq!(header_end(b"A: b\r\n\r\nbody"), Some(8));
        assert_eq!(header_end(b"A: b\r\nC: d"), None);
    }
}
