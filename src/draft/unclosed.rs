//! A multipart message whose closing boundary ("--BOUNDARY--") never comes: a draft saved
//! unfinished, a file cut short, a message written by hand. The MIME parser then leaves the last
//! part unfinished (a text part becomes an unreadable attachment and the draft has no body), so
//! the message is read as if the boundary closed it at the end of the file, with a note.
//! Only the bytes after the end are added: every offset into the file stays the same.

use mail_parser::{Message, MimeHeaders};

/// The file with its closing boundary added, when its top-level multipart has none.
pub(super) fn closing(message: &Message<'_>, raw: &[u8]) -> Option<Vec<u8>> {
    let ct = message.content_type()?;
    if !ct.ctype().eq_ignore_ascii_case("multipart") {
        return None;
    }
    let boundary = ct.attribute("boundary")?;
    if boundary.is_empty() {
        return None;
    }
    let close = format!("--{boundary}--");
    if contains(raw, close.as_bytes()) || !contains(raw, format!("--{boundary}").as_bytes()) {
        return None;
    }
    let eol: &[u8] = if raw.windows(2).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    let mut bytes = raw.to_vec();
    if !bytes.ends_with(b"\n") {
        bytes.extend_from_slice(eol);
    }
    bytes.extend_from_slice(close.as_bytes());
    bytes.extend_from_slice(eol);
    Some(bytes)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use crate::msg;
    use crate::rules::testing::raw_draft;

    fn multipart(body: &str, closed: bool, eol: &str) -> String {
        let text = format!(
            "From: Marco <marco@example.com>\nTo: Anna <anna@example.com>\nSubject: Tavolo\n\
             Content-Type: multipart/mixed; boundary=\"zz\"\n\n--zz\nContent-Type: text/plain; \
             charset=utf-8\n\n{body}\n{}",
            if closed { "--zz--\n" } else { "" }
        );
        text.replace('\n', eol)
    }

    #[test]
    fn an_unclosed_multipart_is_read_to_the_end_of_the_file() {
        for body in [
            "Could you send me the file by Friday?",
            "Potresti mandarmi il file entro venerdì?",
            "Пришлите, пожалуйста, файл до пятницы.",
        ] {
            for eol in ["\n", "\r\n"] {
                let d = raw_draft(&multipart(body, false, eol));
                assert!(d.body.has_plain, "{body}");
                assert!(d.attachments.is_empty(), "{body}: {:?}", d.attachments);
                assert!(d.own.text.contains(body), "{body}: {:?}", d.own.text);
                assert_eq!(d.notes, vec![msg!("note-multipart-unclosed")], "{body}");
                // Near miss: the same message closed has no note.
                let d = raw_draft(&multipart(body, true, eol));
                assert!(d.own.text.contains(body) && d.notes.is_empty(), "{body}");
            }
        }
    }

    #[test]
    fn single_part_messages_and_boundaries_never_used_are_left_alone() {
        let plain = "From: a@example.com\nSubject: x\n\nCould you send it?\n";
        assert!(raw_draft(plain).notes.is_empty());
        // A boundary that no line uses: nothing to close.
        let unused = "From: a@example.com\nSubject: x\nContent-Type: multipart/mixed; \
                      boundary=\"zz\"\n\nCould you send it?\n";
        let d = raw_draft(unused);
        assert!(!d.notes.contains(&msg!("note-multipart-unclosed")));
    }
}
