//! The body read from several parts of one kind (Apple Mail's text / file / text), and a
//! text/plain part that is an HTML page.

use super::*;

fn parse(raw: &str) -> Draft {
    parse_limited(raw, &Limits::default())
}

fn parse_limited(raw: &str, limits: &Limits) -> Draft {
    parse_draft_limited(
        "t.eml",
        raw.as_bytes(),
        &crate::rules::builtin_lexicon(),
        None,
        limits,
    )
    .unwrap()
}

fn line_of<'d>(d: &'d Draft, words: &str) -> Option<&'d TextLine> {
    d.lines.iter().find(|l| l.text.contains(words))
}

/// The names of the draft's attachments, in order.
fn attachment_names(d: &Draft) -> Vec<Option<&str>> {
    d.attachments.iter().map(|a| a.name.as_deref()).collect()
}

const HEAD: &str = "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n";

/// Apple Mail: text, a PDF dropped in the middle, more text and the signature.
const TEXT_FILE_TEXT: &str = "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n\
    Content-Type: multipart/mixed; boundary=\"b\"\n\n\
    --b\nContent-Type: text/plain; charset=us-ascii\n\n\
    Hi Bob,\n\nHere is the plan:\n\n\
    --b\nContent-Disposition: inline; filename=plan.pdf\n\
    Content-Type: application/pdf; name=\"plan.pdf\"\nContent-Transfer-Encoding: base64\n\n\
    JVBERi0xLjQK\n\
    --b\nContent-Type: text/plain; charset=us-ascii\n\n\n\
    Dear [client name], it shows both doors.\n\nBest regards,\nAnna\n\
    --b--\n";

#[test]
fn the_text_after_a_file_is_read_with_its_own_file_lines() {
    let d = parse(TEXT_FILE_TEXT);
    assert_eq!(d.body.text_parts, 2);
    assert_eq!(d.body.source, BodySource::Plain);
    // The first part as before: its first line is file line 8.
    assert_eq!(d.body.text_first_line, Some(9));
    assert_eq!(line_of(&d, "Hi Bob").and_then(|l| l.file_line), Some(9));
    assert_eq!(line_of(&d, "the plan:").and_then(|l| l.file_line), Some(11));
    // The second part's lines are its own file lines.
    assert_eq!(
        line_of(&d, "[client name]").and_then(|l| l.file_line),
        Some(23)
    );
    assert_eq!(line_of(&d, "Anna").and_then(|l| l.file_line), Some(26));
    // An empty line (no file line) between the parts: the paragraphs stay apart.
    let at = d
        .lines
        .iter()
        .position(|l| l.text.contains("the plan:"))
        .unwrap();
    assert_eq!(d.lines[at + 1].text, "");
    assert_eq!(d.lines[at + 1].file_line, None);
    assert!(d.own.text.contains("[client name]"), "{}", d.own.text);
    assert_eq!(attachment_names(&d), [Some("plan.pdf")]);
}

#[test]
fn alternative_reads_one_alternative_and_prefers_the_plain_one() {
    let raw = format!(
        "{HEAD}Content-Type: multipart/alternative; boundary=\"a\"\n\n\
         --a\nContent-Type: text/plain; charset=us-ascii\n\nHi Bob,\n\nthe photo:\n\n[image]\n\nDone TODO.\n\n\
         --a\nContent-Type: multipart/mixed; boundary=\"m\"\n\n\
         --m\nContent-Type: text/html; charset=us-ascii\n\n<div>Hi Bob,</div><div>the photo:</div>\n\
         --m\nContent-Disposition: inline; filename=p.jpg\nContent-Type: image/jpeg; name=\"p.jpg\"\n\
         Content-Transfer-Encoding: base64\n\n/9j/4AAQ\n\
         --m\nContent-Type: text/html; charset=us-ascii\n\n<div>Done TODO.</div>\n\
         --m--\n\n--a--\n"
    );
    let d = parse(&raw);
    assert_eq!(d.body.source, BodySource::Plain);
    assert_eq!(d.body.text_parts, 1);
    assert_eq!(
        d.lines.iter().filter(|l| l.text.contains("Hi Bob")).count(),
        1,
        "{:?}",
        d.lines
    );
    assert!(d.body.has_html);

    // The same without the plain alternative: both HTML parts, in order, with file lines.
    let html_only = format!(
        "{HEAD}Content-Type: multipart/mixed; boundary=\"m\"\n\n\
         --m\nContent-Type: text/html; charset=us-ascii\n\n<div>Hi Bob,</div><div>the photo:</div>\n\
         --m\nContent-Disposition: inline; filename=p.jpg\nContent-Type: image/jpeg; name=\"p.jpg\"\n\
         Content-Transfer-Encoding: base64\n\n/9j/4AAQ\n\
         --m\nContent-Type: text/html; charset=us-ascii\n\n<div>Done TODO.</div>\n\
         --m--\n"
    );
    let d = parse(&html_only);
    assert_eq!(d.body.source, BodySource::Html);
    assert_eq!(d.body.text_parts, 2);
    assert_eq!(line_of(&d, "Hi Bob").and_then(|l| l.file_line), Some(9));
    assert_eq!(line_of(&d, "Done TODO").and_then(|l| l.file_line), Some(19));
    assert_eq!(attachment_names(&d), [Some("p.jpg")]);
}

#[test]
fn a_one_part_message_reads_as_before() {
    let d = parse(&format!(
        "{HEAD}Content-Type: text/plain; charset=us-ascii\n\nHi Bob,\n\nAll done.\n\nAnna\n"
    ));
    assert_eq!(d.body.text_parts, 1);
    let got: Vec<(&str, Option<u32>)> = d
        .lines
        .iter()
        .map(|l| (l.text.as_str(), l.file_line))
        .collect();
    assert_eq!(
        got,
        [
            ("Hi Bob,", Some(6)),
            ("", Some(7)),
            ("All done.", Some(8)),
            ("", Some(9)),
            ("Anna", Some(10))
        ]
    );
}

#[test]
fn the_text_cap_covers_all_parts_and_stops_reading() {
    let limits = Limits {
        max_text_bytes: 100,
        ..Limits::default()
    };
    let mut raw = format!("{HEAD}Content-Type: multipart/mixed; boundary=\"b\"\n\n");
    for i in 0..10 {
        raw.push_str(&format!(
            "--b\nContent-Type: text/plain\n\nPart {i} of the text, twenty-odd.\n"
        ));
    }
    raw.push_str("--b--\n");
    let d = parse_limited(&raw, &limits);
    let read: usize = d.lines.iter().map(|l| l.text.len()).sum();
    assert!(read <= 100, "{read}");
    assert!(line_of(&d, "Part 0").is_some());
    assert!(line_of(&d, "Part 9").is_none());
    assert_eq!(
        d.notes
            .iter()
            .filter(|n| format!("{n:?}").contains("note-capped"))
            .count(),
        1,
        "{:?}",
        d.notes
    );
}

/// 10,000 tiny parts (under a raised `max_parts`) are read in one pass each.
#[test]
fn ten_thousand_tiny_parts_are_read_bounded() {
    let limits = Limits {
        max_parts: 20_000,
        max_header_lines: 100_000,
        ..Limits::default()
    };
    for ctype in ["text/plain", "text/html"] {
        let mut raw = format!("{HEAD}Content-Type: multipart/mixed; boundary=\"b\"\n\n");
        for _ in 0..10_000 {
            raw.push_str(&format!("--b\nContent-Type: {ctype}\n\nxy\n"));
        }
        raw.push_str("--b--\n");
        let d = parse_limited(&raw, &limits);
        assert_eq!(d.body.text_parts, 10_000, "{ctype}");
        // A line per part and an empty line between parts.
        assert_eq!(d.lines.len(), 19_999, "{ctype}");
        assert_eq!(
            d.lines.last().and_then(|l| l.file_line),
            Some(5 + 10_000 * 4)
        );
    }
}

#[test]
fn a_plain_part_that_is_an_html_page_is_read_as_html() {
    let plain = |body: &str| {
        format!(
            "From: a@example.com\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n{body}"
        )
    };
    for page in [
        "<head>\n<title>FC Sporadic</title>\n</head>\n<body><p>Hi,<br>\nWoohoo! Please <a href=\"http://x.example/\">click</a>.</p></body>\n",
        "<!DOCTYPE html>\n<html><body><p>Ciao, <b>grazie</b>!</p></body></html>\n",
        "\n  <HTML>\n<BODY>Привет, <i>мир</i>.</BODY></HTML>\n",
        "<?xml version=\"1.0\"?>\n<html><body><p>Hello</p></body></html>\n",
    ] {
        let d = parse(&plain(page));
        assert_eq!(d.body.source, BodySource::Html, "{page}");
        assert!(!d.own.text.contains('<'), "{:?}", d.own.text);
        assert!(
            d.notes.iter().any(|n| n.id == "note-plain-is-html"),
            "{:?}",
            d.notes
        );
    }
    // Near misses: prose about HTML, a tag later in the text, a tag that only starts alike.
    for prose in [
        "The <body> tag is missing from your page.\n",
        "Hi Anna,\n<html><body>pasted</body></html>\n",
        "<headline> News </headline>\n",
        "<bodyguard@example.com> wrote the plan.\n",
        "<!DOCTYPE svg>\n<svg></svg>\n",
    ] {
        let d = parse(&plain(prose));
        assert_eq!(d.body.source, BodySource::Plain, "{prose}");
        assert!(d.own.text.contains('<'), "{:?}", d.own.text);
    }
}
