//! An mbox file given as a draft: its first line is an mbox "From " line, and each message
//! after the first starts with another, after a blank line and above a header field. A draft is
//! one message: an mbox of several is refused by name (the MIME parser would read the first
//! message's body on through all the others, and the rules would judge them as one).

/// How many messages `raw` holds as an mbox; 0 when it does not start with a "From " line.
pub(crate) fn messages(raw: &[u8]) -> usize {
    if !raw.starts_with(b"From ") {
        return 0;
    }
    let mut count = 1;
    let mut blank_above = false;
    let mut lines = raw.split(|&b| b == b'\n').skip(1).peekable();
    while let Some(line) = lines.next() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if blank_above
            && line.starts_with(b"From ")
            && lines.peek().is_some_and(|next| is_header_field(next))
        {
            count += 1;
        }
        blank_above = line.is_empty();
    }
    count
}

/// "Name: value": a field name of printable ASCII without spaces, then a colon.
fn is_header_field(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    colon > 0 && line[..colon].iter().all(|&b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_messages_of_an_mbox() {
        let one = "From a@example.com Mon Nov 23 10:00:00 2026\nFrom: a@example.com\nSubject: \
                   x\n\nFrom here on, the body.\n";
        assert_eq!(messages(one.as_bytes()), 1);
        let two = format!(
            "{one}\nFrom b@example.it Mon Nov 23 11:00:00 2026\r\nFrom: b@example.it\r\n\r\nCiao\n"
        );
        assert_eq!(messages(two.as_bytes()), 2);
        let three =
            format!("{two}\nFrom c@example.ru Mon Nov 23 12:00:00 2026\nDate: x\n\nПривет\n");
        assert_eq!(messages(three.as_bytes()), 3);
        // A body line "From ..." after a blank line, with prose under it, starts nothing.
        let body = format!("{one}\nFrom what I saw:\nthe build is broken.\n");
        assert_eq!(messages(body.as_bytes()), 1);
        // A message, not an mbox.
        assert_eq!(messages(b"From: a@example.com\nSubject: x\n\nHi\n"), 0);
    }
}
