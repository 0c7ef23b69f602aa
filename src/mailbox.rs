//! Reading the user's mail store (a Maildir: `cur/`, `new/`) to find messages by Message-ID.

use std::path::Path;

use chrono::{DateTime, Utc};
use mail_parser::MessageParser;

/// How much of each file is read to find its headers.
const HEADER_BYTES: usize = 64 * 1024;

/// The `Date:` of the message whose Message-ID is `id` (angle brackets optional), if the
/// Maildir holds it. Unreadable files are skipped.
pub fn date_of(maildir: &Path, id: &str) -> Option<DateTime<Utc>> {
    let want = id.trim().trim_start_matches('<').trim_end_matches('>');
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

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(HEADER_BYTES as u64)
        .read_to_end(&mut buf)?;
    Ok(buf)
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
}
