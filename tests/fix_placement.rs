//! Where `mailcheck fix` puts its blocks in real clients' drafts (`tests/fixtures/fix/`), in the
//! text/plain and the text/html part alike: the Next-steps block right after the writer's own
//! text (never between Gmail's "On ... wrote:" and the quote, nor inside its folded
//! `gmail_quote`), the late-reply opening after the greeting and the support offer before the
//! sign-off in both parts of a multipart/alternative draft.

use crate::common;

use std::path::Path;

use common::*;

/// The send time the audit used: Tuesday 8 December 2026, five days after the originals.
const LATE: &str = "2026-12-08T10:45:00+01:00";

/// The fixture fixed (`fix -o`), as raw bytes.
fn fixed(dir: &Path, fixture: &str) -> Vec<u8> {
    let out = dir.join(Path::new(fixture).file_name().expect("a file name"));
    mailcheck()
        .args(["fix", "--at", LATE, "-o"])
        .arg(&out)
        .arg(fixture)
        .assert()
        .success();
    std::fs::read(&out).expect("written")
}

/// The decoded text/plain and text/html parts.
fn parts(raw: &[u8]) -> (String, String) {
    let m = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("parses");
    let text = m.body_text(0).expect("a text part").into_owned();
    let html = m.body_html(0).expect("an HTML part").into_owned();
    (text.replace("\r\n", "\n"), html.replace("\r\n", "\n"))
}

/// The rules a check at the audit's send time still raises.
fn rules_after(dir: &Path, fixture: &str) -> Vec<String> {
    let path = dir.join(Path::new(fixture).file_name().expect("a file name"));
    let (_, f) = check_json(&["--at", LATE, path.to_str().expect("utf-8 path")]);
    rules_of(&f)
}

/// Where `what` is in `text` (a panic naming both if it is not).
fn at(text: &str, what: &str) -> usize {
    text.find(what)
        .unwrap_or_else(|| panic!("{what:?} not in:\n{text}"))
}

/// `new` is `old` with text inserted: nothing of `old` removed or changed. An HTML block may
/// break a long line of markup in two, so where lines differ, the old lines must be the new
/// ones with characters left out.
fn only_inserted(old: &[u8], new: &[u8]) {
    let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
    let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
    for op in diff.ops() {
        let was: String = op.old_range().filter_map(|i| diff.old_slice(i)).collect();
        let now: String = op.new_range().filter_map(|i| diff.new_slice(i)).collect();
        let mut rest = now.chars();
        assert!(
            was.chars().all(|c| rest.any(|n| n == c)),
            "changed, not only inserted: {was:?} -> {now:?}"
        );
    }
}

/// Audit finding 1: Gmail's reply with no sign-off (own text, "On ... wrote:", a blank line,
/// the quote). The block goes above the attribution in the text and after the own text's
/// `<div>` in the HTML, outside `<div class="gmail_quote">`.
#[test]
fn gmail_without_a_sign_off_gets_the_block_after_the_own_text_in_both_parts() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (fixture, last_own, heading, attribution, opening) in [
        (
            "tests/fixtures/fix/gmail-en-no-signoff.eml",
            "Could you send me the order confirmation?",
            "Next steps:",
            "On Thu, Dec 3, 2026 at 10:12",
            "Thank you for your message of Thursday 3 December",
        ),
        (
            "tests/fixtures/fix/gmail-it-no-signoff.eml",
            "Mi manda per favore la conferma d'ordine?",
            "Prossimi passi:",
            "Il giorno gio 3 dic 2026",
            "per il Suo messaggio di giovedì 3 dicembre",
        ),
        (
            "tests/fixtures/fix/gmail-ru-no-signoff.eml",
            "Пришлите, пожалуйста, надпись для торта.",
            "Следующие шаги:",
            "чт, 3 дек. 2026 г. в 10:12",
            "Спасибо, что написали в четверг, 3 декабря",
        ),
    ] {
        let before = std::fs::read(root().join(fixture)).expect("fixture");
        let after = fixed(dir.path(), fixture);
        if !fixture.contains("-ru-") {
            only_inserted(&before, &after);
        }
        let (text, html) = parts(&after);
        assert!(
            at(&text, last_own) < at(&text, heading) && at(&text, heading) < at(&text, attribution),
            "{fixture}:\n{text}"
        );
        // Nothing between the attribution and the quote.
        let quote = &text[at(&text, attribution)..];
        assert!(!quote.contains(heading), "{fixture}:\n{text}");
        assert!(
            at(&text, opening) < at(&text, last_own),
            "{fixture}:\n{text}"
        );
        let html_heading = format!("<b>{heading}</b>");
        assert!(
            at(&html, last_own) < at(&html, &html_heading)
                && at(&html, &html_heading) < at(&html, "gmail_quote"),
            "{fixture}:\n{html}"
        );
        // The opening after the greeting in the HTML part too, before the own text.
        assert!(
            at(&html, opening) < at(&html, last_own),
            "{fixture}:\n{html}"
        );
        let left = rules_after(dir.path(), fixture);
        assert!(
            !left.contains(&"next-steps".into()) && !left.contains(&"late-reply".into()),
            "{fixture}: {left:?}"
        );
    }
}

/// The near miss: with a sign-off the block goes above it, as it always did.
#[test]
fn gmail_with_a_sign_off_gets_the_block_above_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let after = fixed(dir.path(), "tests/fixtures/fix/gmail-en-signed.eml");
    let (text, html) = parts(&after);
    assert!(
        text.contains(
            "confirmation?\n\nNext steps:\n- Send me the order confirmation\n\nThanks,\nGeorge"
        ),
        "{text}"
    );
    assert!(
        at(&html, "<b>Next steps:</b>") < at(&html, "<div>Thanks,</div>")
            && at(&html, "<div>Thanks,</div>") < at(&html, "gmail_quote"),
        "{html}"
    );
}

/// Audit finding 2: the late-reply opening (and the support offer, which has no HTML template
/// either) went into the text/plain part only. Thunderbird, Outlook desktop (windows-1252,
/// quoted-printable, CRLF) and Thunderbird in Russian: every fix in both parts, in place.
#[test]
fn every_fix_lands_in_both_parts_of_thunderbird_and_outlook_replies() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (fixture, greeting, first_own, opening, offer, signoff) in [
        (
            "tests/fixtures/fix/tb-en-late-reply.eml",
            "Hi Anna,",
            "good news: the new website is live.",
            "Thank you for your message of Thursday 3 December",
            "My work doesn",
            "Best regards,",
        ),
        (
            "tests/fixtures/fix/outlook-it-late-reply.eml",
            "Gentile signora Bruni,",
            "il nuovo sito è online da stamattina.",
            "La ringrazio per il Suo messaggio di giovedì 3 dicembre",
            "Il mio lavoro non finisce",
            "Cordiali saluti,",
        ),
        (
            "tests/fixtures/fix/tb-ru-late-reply.eml",
            "Добрый день, Ольга!",
            "Сайт запущен и работает.",
            "Спасибо, что написали в четверг, 3 декабря",
            "Запуском моя работа не заканчивается",
            "С уважением,",
        ),
    ] {
        let before = std::fs::read(root().join(fixture)).expect("fixture");
        let after = fixed(dir.path(), fixture);
        only_inserted(&before, &after);
        if before.windows(2).any(|w| w == b"\r\n") {
            let bare_lf = after
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' && (i == 0 || after[i - 1] != b'\r'))
                .count();
            assert_eq!(bare_lf, 0, "{fixture}: CRLF kept");
        }
        let (text, html) = parts(&after);
        for (part, body) in [("text", &text), ("html", &html)] {
            assert!(
                at(body, greeting) < at(body, opening) && at(body, opening) < at(body, first_own),
                "{fixture} {part}:\n{body}"
            );
            assert!(
                at(body, first_own) < at(body, offer) && at(body, offer) < at(body, signoff),
                "{fixture} {part}:\n{body}"
            );
        }
        let left = rules_after(dir.path(), fixture);
        for rule in ["late-reply", "next-steps", "no-support-offer"] {
            assert!(!left.contains(&rule.to_string()), "{fixture}: {left:?}");
        }
    }
    // The charset is kept: windows-1252 bytes, no UTF-8 in the Outlook draft.
    let outlook = std::fs::read(dir.path().join("outlook-it-late-reply.eml")).expect("written");
    let text = String::from_utf8_lossy(&outlook);
    assert_eq!(
        text.matches("charset=\"windows-1252\"").count(),
        2,
        "{text}"
    );
    assert!(text.contains("gioved=EC"), "{text}");
}

/// The near miss: a late reply that already apologises gets no opening, in either part.
#[test]
fn a_late_reply_that_apologises_gets_no_opening_in_either_part() {
    let dir = tempfile::tempdir().expect("temp dir");
    let after = fixed(dir.path(), "tests/fixtures/fix/tb-it-apologised.eml");
    let (text, html) = parts(&after);
    for body in [&text, &html] {
        assert!(!body.contains("Grazie per") && !body.contains("ringrazio per il Suo"));
        assert!(body.contains("Prossimi passi:"), "{body}");
    }
}

#[test]
fn gmail_without_a_sign_off_diff_snapshot() {
    let out = mailcheck()
        .args([
            "fix",
            "--at",
            LATE,
            "tests/fixtures/fix/gmail-en-no-signoff.eml",
        ])
        .output()
        .expect("runs");
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}
