//! `mailcheck fix`, `split` and `new`, end to end: diffs, atomic writes that keep every byte
//! outside the change, fixed findings gone on a second check, header injection refused.

use crate::common;

use std::path::Path;

use common::*;
use predicates::prelude::*;

fn temp_copy(dir: &Path, fixture: &str) -> std::path::PathBuf {
    let to = dir.join(Path::new(fixture).file_name().unwrap());
    std::fs::copy(root().join(fixture), &to).unwrap();
    to
}

fn rules_in(path: &Path) -> Vec<String> {
    let (_, f) = check_json(&[path.to_str().unwrap()]);
    rules_of(&f)
}

/// Every line of `old` is in `new`, in order; what `new` adds are whole lines.
fn only_lines_added(old: &[u8], new: &[u8]) {
    let old: Vec<&[u8]> = old.split(|&b| b == b'\n').collect();
    let new: Vec<&[u8]> = new.split(|&b| b == b'\n').collect();
    let mut it = new.iter();
    for line in &old {
        assert!(
            it.any(|n| n == line),
            "line lost or changed: {:?}",
            String::from_utf8_lossy(line)
        );
    }
}

#[test]
fn fix_shows_a_diff_and_write_applies_it_atomically_with_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let draft = temp_copy(dir.path(), "tests/fixtures/it-next-steps-missing.eml");
    let before = std::fs::read(&draft).unwrap();
    assert!(rules_in(&draft).contains(&"next-steps".to_string()));

    mailcheck()
        .args(["fix", draft.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("+Prossimi passi:").and(predicate::str::contains("@@")));
    assert_eq!(
        std::fs::read(&draft).unwrap(),
        before,
        "without --write nothing changes"
    );

    mailcheck()
        .args(["fix", "--write", draft.to_str().unwrap()])
        .assert()
        .success();
    let after = std::fs::read(&draft).unwrap();
    assert_ne!(after, before);
    let mut orig = draft.as_os_str().to_owned();
    orig.push(".orig");
    assert_eq!(std::fs::read(&orig).unwrap(), before);
    only_lines_added(&before, &after);
    assert!(!rules_in(&draft).contains(&"next-steps".to_string()));
    // No temporary files are left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn fix_into_html_only_multipart_qp_base64_and_windows_1251() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("html.eml", std::fs::read(root().join("tests/fixtures/it-html-only-no-next-steps.eml")).unwrap()),
        (
            "alt.eml",
            b"From: m@example.com\nTo: Anna <anna@example.com>\nSubject: Logo\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nHi Anna,\n\nCould you send me the logo as SVG?\n\nBest regards,\nMarco\n--b\nContent-Type: text/html; charset=utf-8\n\n<p>Hi Anna,</p>\n<p>Could you send me the logo as SVG?</p>\n<p>Best regards,<br>Marco</p>\n--b--\n".to_vec(),
        ),
        (
            "qp.eml",
            b"From: m@example.it\nTo: Anna <anna@example.it>\nSubject: Tavolo\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nCiao Anna,\n\nil tavolo =C3=A8 quasi pronto. Potresti mandarmi la misura della parete =\nentro venerd=C3=AC?\n\nCordiali saluti,\nMarco\n".to_vec(),
        ),
        (
            "b64.eml",
            format!(
                "From: m@example.ru\nTo: Anna <anna@example.ru>\nSubject: Stol\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{}\n",
                base64_lines("Здравствуйте, Анна!\n\nСтол почти готов. Пришлите, пожалуйста, размер стены.\n\nС уважением,\nМарко\n")
            )
            .into_bytes(),
        ),
        ("cp1251.eml", {
            let mut m = b"From: m@example.ru\nTo: Anna <anna@example.ru>\nSubject: Stol\nMIME-Version: 1.0\nContent-Type: text/plain; charset=windows-1251\nContent-Transfer-Encoding: 8bit\n\n".to_vec();
            let (body, _, _) = encoding_rs::WINDOWS_1251.encode("Здравствуйте, Анна!\n\nПришлите, пожалуйста, размер стены.\n\nС уважением,\nМарко\n");
            m.extend_from_slice(&body);
            m
        }),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        assert!(
            rules_in(&path).contains(&"next-steps".to_string()),
            "{name} needs the fix"
        );
        mailcheck()
            .args(["fix", "--write", "--no-backup", path.to_str().unwrap()])
            .assert()
            .success();
        let after = std::fs::read(&path).unwrap();
        assert!(
            !rules_in(&path).contains(&"next-steps".to_string()),
            "{name}: {}",
            String::from_utf8_lossy(&after)
        );
        // Headers are untouched.
        let head = |b: &[u8]| {
            b.split(|&c| c == b'\n')
                .take_while(|l| !l.is_empty())
                .map(<[u8]>::to_vec)
                .collect::<Vec<_>>()
        };
        assert_eq!(head(&after), head(&bytes), "{name}");
        if name != "b64.eml" {
            only_lines_added(&bytes, &after);
        }
        if name == "alt.eml" {
            let text = String::from_utf8_lossy(&after);
            assert!(
                text.contains("Next steps:\n- Send me the logo as SVG\n"),
                "{text}"
            );
            assert!(text.contains("<b>Next steps:</b>"), "{text}");
            // Issue 16: in the HTML part, after the greeting paragraph and before the sign-off,
            // as in the plain part (it used to land above "Hi Anna,").
            let html = &text[text.find("text/html").expect("HTML part")..];
            let at = |s: &str| {
                html.find(s)
                    .unwrap_or_else(|| panic!("{s} missing: {html}"))
            };
            assert!(
                at("<p>Hi Anna,</p>") < at("<b>Next steps:</b>")
                    && at("<b>Next steps:</b>") < at("Best regards,<br>"),
                "{html}"
            );
            assert!(!html.contains("**") && !html.contains('…'), "{html}");
        }
        if name == "cp1251.eml" {
            let (heading, _, _) = encoding_rs::WINDOWS_1251.encode("Следующие шаги:");
            assert!(
                after.windows(heading.len()).any(|w| w == &heading[..]),
                "written in windows-1251"
            );
        }
    }
}

/// The same client request in each language, in every body format: fix, then check again.
#[test]
fn round_trips_in_each_language_and_format() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        (
            "en",
            "Hi Anna,\n\nthe table is almost ready. Could you send me the size of the wall?\n\nBest regards,\nMarco\n",
            "Next steps",
        ),
        (
            "it",
            "Ciao Anna,\n\nil tavolo è quasi pronto. Potresti mandarmi la misura della parete?\n\nCordiali saluti,\nMarco\n",
            "Prossimi passi",
        ),
        (
            "ru",
            "Здравствуйте, Анна!\n\nСтол почти готов. Пришлите, пожалуйста, размер стены.\n\nС уважением,\nМарко\n",
            "Следующие шаги",
        ),
    ];
    let head = "From: Marco <m@example.com>\nTo: Anna <anna@example.com>\nSubject: Table\nMIME-Version: 1.0\n";
    for (lang, text, heading) in texts {
        let html: String = text
            .trim_end()
            .split("\n\n")
            .map(|p| format!("<p>{}</p>", p.trim().replace('\n', "<br>\n")))
            .collect::<Vec<_>>()
            .join("\n");
        let formats: Vec<(&str, String)> = vec![
            (
                "plain",
                format!(
                    "{head}Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{text}"
                ),
            ),
            (
                "html",
                format!(
                    "{head}Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n<html><body>\n{html}\n</body></html>\n"
                ),
            ),
            (
                "multipart",
                format!(
                    "{head}Content-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{text}--b\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{html}\n--b--\n"
                ),
            ),
            (
                "qp",
                format!(
                    "{head}Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n{}",
                    quoted_printable_lines(text)
                ),
            ),
            (
                "base64",
                format!(
                    "{head}Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{}\n",
                    base64_lines(text)
                ),
            ),
        ];
        for (format, message) in formats {
            let path = dir.path().join(format!("{lang}-{format}.eml"));
            std::fs::write(&path, &message).unwrap();
            assert!(
                rules_in(&path).contains(&"next-steps".to_string()),
                "{lang}/{format}"
            );
            mailcheck()
                .args(["fix", "--write", "--no-backup", path.to_str().unwrap()])
                .assert()
                .success();
            let after = std::fs::read(&path).unwrap();
            let left: Vec<String> = rules_in(&path)
                .into_iter()
                .filter(|r| r != "html-only")
                .collect();
            assert!(left.is_empty(), "{lang}/{format}: {left:?}");
            if format != "base64" {
                only_lines_added(message.as_bytes(), &after);
            }
            let out = mailcheck()
                .args(["inspect", "--format", "json", path.to_str().unwrap()])
                .output()
                .unwrap();
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(
                v["own_text"].as_str().unwrap().contains(heading),
                "{lang}/{format}: {v}"
            );
        }
    }
}

/// Quoted-printable with soft breaks, never inside an "=XX" escape.
fn quoted_printable_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let enc = quoted_printable::encode_to_str(line.as_bytes());
        let mut rest = enc.as_str();
        while rest.len() > 40 {
            let mut cut = 40;
            if let Some(i) = rest[..cut].rfind('=')
                && i + 3 > cut
            {
                cut = i;
            }
            out.push_str(&rest[..cut]);
            out.push_str("=\n");
            rest = &rest[cut..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

#[test]
fn fix_diff_snapshot() {
    let out = mailcheck()
        .args(["fix", "tests/fixtures/ru-next-steps-missing.eml"])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

fn base64_lines(text: &str) -> String {
    use base64::Engine;
    let enc = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    enc.as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn late_reply_fix_opens_with_an_apology_in_the_drafts_language() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture, expect) in [
        (
            "tests/fixtures/labelled/en/44-late-reply-no-apology.eml",
            "I'm sorry for the delay",
        ),
        (
            "tests/fixtures/labelled/it/50-risposta-tardiva-senza-scuse.eml",
            "scusami se ti rispondo solo ora",
        ),
        (
            "tests/fixtures/labelled/ru/50-pozdno-bez-izvineniy.eml",
            "извините, что отвечаю только сейчас",
        ),
    ] {
        let draft = temp_copy(dir.path(), fixture);
        assert!(rules_in(&draft).contains(&"late-reply".to_string()));
        mailcheck()
            .args(["fix", "--at", IN_HOURS, "--write", draft.to_str().unwrap()])
            .assert()
            .success();
        let text = std::fs::read_to_string(&draft).unwrap();
        assert!(text.contains(expect), "{text}");
        assert!(
            !rules_in(&draft).contains(&"late-reply".to_string()),
            "{fixture}"
        );
    }
}

#[test]
fn fix_to_another_file_and_nothing_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fixed.eml");
    mailcheck()
        .args([
            "fix",
            "-o",
            out.to_str().unwrap(),
            "tests/fixtures/ru-next-steps-missing.eml",
        ])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Следующие шаги:")
    );
    mailcheck()
        .args(["fix", "--at", IN_HOURS, "tests/fixtures/en-clean.eml"])
        .assert()
        .success()
        .stderr(predicate::str::contains("nothing to fix"));
}

#[test]
fn split_writes_one_draft_per_topic() {
    let dir = tempfile::tempdir().unwrap();
    mailcheck()
        .args([
            "split",
            "tests/fixtures/labelled/en/34-multiple-topics-with-block.eml",
            "-o",
            dir.path().to_str().unwrap(),
        ])
        .assert()
        .success();
    let mut parts: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    parts.sort();
    assert!(parts.len() >= 4, "{parts:?}");
    let n = parts.len();
    for (k, p) in parts.iter().enumerate() {
        let out = mailcheck()
            .args(["inspect", "--format", "json", p.to_str().unwrap()])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            v["subject"]
                .as_str()
                .unwrap()
                .ends_with(&format!("({}/{n})", k + 1)),
            "{v}"
        );
        assert!(!v["to"].as_array().unwrap().is_empty());
        assert!(v["greeting_line"].is_number(), "greeting repeated: {v}");
        assert!(
            !v["signature"].as_str().unwrap().is_empty(),
            "sign-off repeated"
        );
        assert!(!rules_in(p).contains(&"multiple-topics".to_string()));
    }
    mailcheck()
        .args([
            "split",
            "tests/fixtures/en-clean.eml",
            "-o",
            dir.path().to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to split"));
}

#[test]
fn split_a_long_draft_by_paragraphs() {
    for fixture in [
        "tests/fixtures/ru-too-long.eml",
        "tests/fixtures/it-too-long.eml",
    ] {
        let dir = tempfile::tempdir().unwrap();
        mailcheck()
            .args(["split", fixture, "-o", dir.path().to_str().unwrap()])
            .assert()
            .success();
        let parts: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert!(parts.len() >= 2, "{fixture}");
        for e in parts {
            assert!(
                !rules_in(&e.path()).contains(&"too-long".to_string()),
                "{:?}",
                e.path()
            );
        }
    }
}

#[test]
fn new_renders_a_clean_draft_in_each_language() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "it", "ru"] {
        for template in [
            "holding-reply",
            "call-proposal",
            "shipping-notice",
            "weekly-status",
        ] {
            let out = dir.path().join(format!("{lang}-{template}.eml"));
            mailcheck()
                .args([
                    "new",
                    template,
                    "--lang",
                    lang,
                    "--to",
                    "Anna Rossi <anna@example.it>",
                    "--var",
                    "name=Anna",
                    "--var",
                    "sender_name=Marco",
                    "--var",
                    "days=5",
                    "-o",
                    out.to_str().unwrap(),
                ])
                .assert()
                .success();
            let (_, f) = check_json(&["--ignore", "off-hours", out.to_str().unwrap()]);
            let errors: Vec<_> = f.iter().filter(|x| x["severity"] != "hint").collect();
            assert!(errors.is_empty(), "{lang}/{template}: {errors:?}");
        }
    }
}

#[test]
fn new_refuses_values_that_would_add_headers() {
    for args in [
        vec![
            "new",
            "holding-reply",
            "--to",
            "a@example.com\r\nBcc: spy@example.com",
        ],
        vec![
            "new",
            "holding-reply",
            "--to",
            "a@example.com",
            "--var",
            "subject=x\nBcc: spy@example.com",
        ],
        vec![
            "new",
            "holding-reply",
            "--to",
            "a@example.com",
            "--var",
            "name=x\u{2028}y",
        ],
    ] {
        mailcheck()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("line break or NUL"));
    }
    mailcheck()
        .args(["new", "no-such-template", "--to", "a@example.com"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holding-reply"));
}

#[test]
fn new_refuses_in_the_users_language() {
    for (lang, no_template, not_json) in [
        (
            "en_GB.UTF-8",
            "no template `no-such-template` in en",
            "is not JSON",
        ),
        (
            "it_IT.UTF-8",
            "nessun modello `no-such-template` in en",
            "non è JSON",
        ),
        (
            "ru_RU.UTF-8",
            "нет шаблона `no-such-template` для en",
            "не JSON",
        ),
    ] {
        mailcheck()
            .env("LANG", lang)
            .args(["new", "no-such-template", "--to", "a@example.com"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(no_template))
            .stderr(predicate::str::contains("holding-reply"));
        mailcheck()
            .env("LANG", lang)
            .args(["new", "holding-reply", "--to", "a@example.com"])
            .args(["--var-json", "done=[1,"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--var-json done: `[1,`"))
            .stderr(predicate::str::contains(not_json));
    }
}

/// The header section of a message, one entry per field (continuation lines joined).
fn header_fields(message: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(message).replace("\r\n", "\n");
    let head = text.split("\n\n").next().unwrap_or_default().to_string();
    let mut fields: Vec<String> = Vec::new();
    for line in head.lines() {
        match fields.last_mut() {
            Some(last) if line.starts_with([' ', '\t']) => {
                last.push('\n');
                last.push_str(line);
            }
            _ => fields.push(line.to_string()),
        }
    }
    fields
}

fn field_named<'a>(fields: &'a [String], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| {
            f.split(':')
                .next()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
        })
        .map(String::as_str)
}

/// Non-ASCII template text (Italian, Russian) inserted into a text part that says 7bit, or has
/// no Content-Transfer-Encoding (which means 7bit), and us-ascii or no charset: the part
/// becomes `8bit` and utf-8 (the message stays valid), and nothing else in the header changes.
#[test]
fn non_ascii_text_into_a_7bit_part_makes_it_8bit_utf_8() {
    let dir = tempfile::tempdir().unwrap();
    let head = "From: Marco <m@example.com>\nTo: Anna <anna@example.com>\nSubject: Table\nDate: Mon, 23 Nov 2026 09:12:44 +0100\n";
    let it = "Ciao Anna,\n\nil tavolo è quasi pronto. Potresti mandarmi la misura della parete entro venerdì?\n\nCordiali saluti,\nMarco\n";
    let ru = "Здравствуйте, Анна!\n\nСтол почти готов. Пришлите, пожалуйста, размер стены.\n\nС уважением,\nМарко\n";
    // ASCII text (a us-ascii part can hold nothing else) answering an old message: the
    // apology is written in the draft's language, which --lang sets.
    let late = "Hi Anna,\n\nthe table is ready, the size of the wall is fine.\n\nMarco\n\nOn Wed, Nov 18, 2026 at 11:20 AM Anna <anna@example.com> wrote:\n> Is the table ready?\n";
    struct Case {
        name: &'static str,
        message: String,
        lang: Option<&'static str>,
        rule: &'static str,
        inserted: &'static str,
    }
    let mime = "MIME-Version: 1.0\n";
    let cases = [
        Case {
            name: "it-7bit-us-ascii",
            message: format!(
                "{head}{mime}Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n{late}"
            ),
            lang: Some("it"),
            rule: "late-reply",
            inserted: "scusami se ti rispondo solo ora",
        },
        Case {
            name: "ru-7bit-us-ascii",
            message: format!(
                "{head}{mime}Content-Type: text/plain; charset=\"US-ASCII\"; format=flowed\nContent-Transfer-Encoding: 7BIT\n\n{late}"
            ),
            lang: Some("ru"),
            rule: "late-reply",
            inserted: "извините, что отвечаю только сейчас",
        },
        Case {
            name: "it-7bit-utf-8",
            message: format!(
                "{head}{mime}Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\n\n{it}"
            ),
            lang: None,
            rule: "next-steps",
            inserted: "Prossimi passi:\n- Mandarmi la misura della parete entro venerdì\n",
        },
        Case {
            name: "ru-no-cte",
            message: format!("{head}{mime}Content-Type: text/plain; charset=utf-8\n\n{ru}"),
            lang: None,
            rule: "next-steps",
            inserted: "Следующие шаги:\n- Пришлите размер стены",
        },
        Case {
            name: "it-no-cte-us-ascii",
            message: format!("{head}{mime}Content-Type: text/plain\n\n{late}"),
            lang: Some("it"),
            rule: "late-reply",
            inserted: "scusami se ti rispondo solo ora",
        },
        Case {
            name: "ru-no-mime-headers",
            message: format!("{head}\n{ru}"),
            lang: None,
            rule: "next-steps",
            inserted: "Следующие шаги:",
        },
        Case {
            name: "ru-multipart-7bit",
            message: format!(
                "{head}{mime}Content-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\n\n{ru}--b\nContent-Type: text/html\n\n<p>{}</p>\n--b--\n",
                ru.trim().replace("\n\n", "</p>\n<p>")
            ),
            lang: None,
            rule: "next-steps",
            inserted: "Следующие шаги:",
        },
    ];
    let settings =
        mailcheck::config::Settings::load(&root().join("tests/fixtures/mailcheck.toml")).unwrap();
    for case in cases {
        let name = case.name;
        let path = dir.path().join(format!("{name}.eml"));
        std::fs::write(&path, &case.message).unwrap();
        let check = |path: &Path| {
            let mut args = vec![path.to_str().unwrap()];
            if let Some(l) = case.lang {
                args.extend(["--lang", l]);
            }
            let (_, f) = check_json(&args);
            rules_of(&f)
        };
        assert!(check(&path).contains(&case.rule.to_string()), "{name}");
        let mut fix = mailcheck();
        fix.args(["fix", "--at", IN_HOURS, "--write", "--no-backup"]);
        if let Some(l) = case.lang {
            fix.args(["--lang", l]);
        }
        fix.arg(&path).assert().success();
        let after = std::fs::read(&path).unwrap();
        let shown = String::from_utf8_lossy(&after).to_string();

        // The finding is gone, and the result reads back through the project's parser.
        assert!(
            !check(&path).contains(&case.rule.to_string()),
            "{name}: {shown}"
        );
        let draft =
            mailcheck::draft::parse_draft(name, &after, &settings.env.lexicon, None).unwrap();
        assert_eq!(draft.body.transfer_encoding, "8bit", "{name}: {shown}");
        assert_eq!(draft.body.charset.as_deref(), Some("utf-8"), "{name}");
        let text: Vec<&str> = draft.lines.iter().map(|l| l.text.as_str()).collect();
        assert!(
            text.join("\n").contains(case.inserted),
            "{name}: {}",
            text.join("\n")
        );
        assert!(draft.notes.is_empty(), "{name}: {:?}", draft.notes);
        // The old text is as it was: only lines are added to the body (the part headers of
        // the multipart case are compared below).
        let body = |m: &[u8]| {
            let at = m.windows(2).position(|w| w == b"\n\n").unwrap();
            m[at..]
                .split(|&b| b == b'\n')
                .filter(|l| !l.starts_with(b"Content-"))
                .collect::<Vec<_>>()
                .join(&b'\n')
        };
        only_lines_added(&body(case.message.as_bytes()), &body(&after));

        // Headers: only Content-Transfer-Encoding, the charset and (when missing)
        // MIME-Version change; every other field is byte for byte the same, in order.
        let (old, new) = (
            header_fields(case.message.as_bytes()),
            header_fields(&after),
        );
        let others = |fields: &[String]| -> Vec<String> {
            fields
                .iter()
                .filter(|f| {
                    let n = f.split(':').next().unwrap_or_default().to_ascii_lowercase();
                    !matches!(
                        n.as_str(),
                        "content-transfer-encoding" | "content-type" | "mime-version"
                    )
                })
                .cloned()
                .collect()
        };
        assert_eq!(others(&new), others(&old), "{name}");
        if let Some(v) = field_named(&old, "MIME-Version") {
            assert_eq!(field_named(&new, "MIME-Version"), Some(v), "{name}");
        } else {
            assert_eq!(field_named(&new, "MIME-Version"), Some("MIME-Version: 1.0"));
        }
        let (old_ct, new_ct) = (
            field_named(&old, "Content-Type"),
            field_named(&new, "Content-Type"),
        );
        if !name.contains("multipart") {
            assert_eq!(
                field_named(&new, "Content-Transfer-Encoding")
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("content-transfer-encoding: 8bit"),
                "{name}"
            );
            let expect_ct = match old_ct {
                None => "Content-Type: text/plain; charset=utf-8".to_string(),
                Some(ct) if ct.to_ascii_lowercase().contains("us-ascii") => {
                    ct.replace("us-ascii", "utf-8").replace("US-ASCII", "utf-8")
                }
                Some(ct) if !ct.contains("charset") => format!("{ct}; charset=utf-8"),
                Some(ct) => ct.to_string(),
            };
            assert_eq!(new_ct, Some(expect_ct.as_str()), "{name}");
        } else {
            assert_eq!(old_ct, new_ct, "{name}: the multipart header is untouched");
            assert!(
                shown.contains(
                    "--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                ),
                "{shown}"
            );
            // The HTML part had no charset (us-ascii) and no encoding: it gets both.
            assert!(
                shown.contains("--b\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"),
                "{shown}"
            );
        }
    }
}

/// `new`: list variables one item per `--var` (or as JSON), and display names that are not ASCII
/// written as RFC 2047 encoded-words, read back as they were given.
#[test]
fn new_takes_list_variables_and_encodes_display_names() {
    let out = mailcheck()
        .args([
            "new",
            "weekly-status",
            "--from",
            "Дмитрий Зайцев <d@example.ru>",
            "--to",
            "Людмила Орехова <l@example.ru>",
            "--var",
            "done=slotting analysis",
            "--var",
            "next=pallet labels",
            "--var",
            "next=dock schedule",
            "--var-json",
            r#"waiting_on_client=["the floor plan"]"#,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.contains("Done this week:\n- slotting analysis\n"),
        "{text}"
    );
    assert!(
        text.contains("- pallet labels\n- dock schedule\n"),
        "{text}"
    );
    assert!(text.contains("- the floor plan\n"), "{text}");
    let header = text.split("\n\n").next().unwrap();
    assert!(header.is_ascii(), "{header}");
    let m = mail_parser::MessageParser::default()
        .parse(&out.stdout[..])
        .unwrap();
    assert_eq!(
        m.from().unwrap().first().unwrap().name(),
        Some("Дмитрий Зайцев")
    );
    assert_eq!(
        m.to().unwrap().first().unwrap().name(),
        Some("Людмила Орехова")
    );
    mailcheck()
        .args([
            "new",
            "weekly-status",
            "--to",
            "a@example.com",
            "--var-json",
            "done=[oops",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--var-json done"));
}

/// `split` keeps the draft's structure: an HTML draft gives HTML parts (with their text), the
/// quoted thread goes with the last part only (the whole quote header, also when wrapped), and
/// link references stay at the end, with the part whose text has the link.
#[test]
fn split_keeps_html_the_quote_once_and_link_references_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string(
        root().join("tests/fixtures/labelled/en/34-multiple-topics-with-block.eml"),
    )
    .unwrap();
    let (head, text) = fixture.split_once("\n\n").unwrap();
    let text = text.replace(
        "Separately, the bowls you saw on my stand",
        "Separately, the bowls you saw on my stand [1]",
    );
    let text = format!(
        "{}\n\nOn Mon, 23 Nov 2026 at 10:00, Marta Rossi <marta@example.com>\nwrote:\n> Can you do the plates by December?\n\n[1]: https://example.com/bowls\n",
        text.trim_end()
    );
    let head: String = head
        .lines()
        .filter(|l| {
            !l.to_ascii_lowercase().starts_with("content-")
                && !l.to_ascii_lowercase().starts_with("mime-")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let html: String = text
        .split("\n\n")
        .map(|p| {
            format!(
                "<p>{}</p>\n",
                p.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            )
        })
        .collect();
    let message = format!(
        "{head}MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n{text}--b\nContent-Type: text/html; charset=utf-8\n\n<html><body>{html}</body></html>\n--b--\n"
    );
    let draft = dir.path().join("d.eml");
    std::fs::write(&draft, message).unwrap();
    let out_dir = dir.path().join("parts");
    mailcheck()
        .args([
            "split",
            draft.to_str().unwrap(),
            "-o",
            out_dir.to_str().unwrap(),
        ])
        .assert()
        .success();
    let mut parts: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    parts.sort_by_key(|p| {
        p.file_stem()
            .unwrap()
            .to_string_lossy()
            .rsplit('-')
            .next()
            .unwrap()
            .parse::<u32>()
            .unwrap()
    });
    let n = parts.len();
    assert!(n >= 2, "{parts:?}");
    for (k, p) in parts.iter().enumerate() {
        let raw = std::fs::read(p).unwrap();
        let m = mail_parser::MessageParser::default()
            .parse(&raw[..])
            .unwrap();
        let plain = m.body_text(0).unwrap().into_owned();
        assert!(
            m.html_bodies().count() == 1,
            "{}: no HTML part",
            p.display()
        );
        let html = m.body_html(0).unwrap().into_owned();
        let last = k + 1 == n;
        assert_eq!(
            plain.contains("Can you do the plates"),
            last,
            "{k}: {plain}"
        );
        assert_eq!(html.contains("Can you do the plates"), last, "{k}: {html}");
        assert_eq!(
            plain.contains("Marta Rossi &lt;") || plain.contains("Marta Rossi <"),
            last,
            "{k}: {plain}"
        );
        // The sign-off, then (last part) the quote; a link reference after everything else.
        let sign = plain.find("Warm regards").expect("sign-off");
        if let Some(at) = plain.find("[1]: https://example.com/bowls") {
            assert!(at > sign, "{plain}");
            assert!(plain.contains("stand [1]"), "{plain}");
        }
        assert!(
            !plain.contains("stand [1]") || plain.contains("[1]: https://"),
            "{plain}"
        );
    }
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn set_mode(p: &Path, m: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

fn with_suffix(p: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

#[test]
fn fix_write_keeps_a_private_draft_private_backup_and_copy_too() {
    let dir = tempfile::tempdir().unwrap();
    let draft = temp_copy(dir.path(), "tests/fixtures/en-next-steps-missing.eml");
    set_mode(&draft, 0o600);
    let before = std::fs::read(&draft).unwrap();
    mailcheck()
        .args(["fix", "--at", IN_HOURS, "--write", draft.to_str().unwrap()])
        .assert()
        .success();
    let orig = with_suffix(&draft, ".orig");
    assert_eq!(std::fs::read(&orig).unwrap(), before);
    assert_eq!(mode(&draft), 0o600, "the rewritten draft");
    assert_eq!(mode(&orig), 0o600, "the backup");
    // A draft readable by its group keeps that too.
    set_mode(&draft, 0o640);
    std::fs::write(&draft, &before).unwrap();
    mailcheck()
        .args(["fix", "--at", IN_HOURS, "--write", "--no-backup"])
        .arg(&draft)
        .assert()
        .success();
    assert_eq!(mode(&draft), 0o640);
    // `-o`: a new file made from a private draft is private (its mode less the umask, as cp).
    let out = dir.path().join("fixed.eml");
    mailcheck()
        .args(["fix", "--at", IN_HOURS, "-o"])
        .arg(&out)
        .arg(&orig)
        .assert()
        .success();
    assert_eq!(mode(&out), 0o600);
}

#[test]
fn fix_write_on_a_symbolic_link_fixes_the_file_it_points_to_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let real = temp_copy(
        &dir.path().join("real"),
        "tests/fixtures/en-next-steps-missing.eml",
    );
    set_mode(&real, 0o600);
    let before = std::fs::read(&real).unwrap();
    let link = dir.path().join("link.eml");
    std::os::unix::fs::symlink("real/en-next-steps-missing.eml", &link).unwrap();
    mailcheck()
        .args(["fix", "--at", IN_HOURS, "--write"])
        .arg(&link)
        .assert()
        .success();
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    let after = std::fs::read(&real).unwrap();
    assert_ne!(after, before, "the real draft is fixed");
    only_lines_added(&before, &after);
    assert_eq!(mode(&real), 0o600);
    // The backup is beside the name the user gave, a regular file as private as the draft.
    let orig = with_suffix(&link, ".orig");
    assert_eq!(std::fs::read(&orig).unwrap(), before);
    assert_eq!(mode(&orig), 0o600);
    // Nothing else was left in either folder (no temporary file).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    assert_eq!(
        std::fs::read_dir(dir.path().join("real")).unwrap().count(),
        1
    );
}

#[test]
fn fix_write_never_overwrites_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let draft = temp_copy(dir.path(), "tests/fixtures/en-next-steps-missing.eml");
    let first = std::fs::read(&draft).unwrap();
    let fix = |expect: &str| {
        mailcheck()
            .args(["fix", "--at", IN_HOURS, "--write"])
            .arg(&draft)
            .assert()
            .success()
            .stderr(predicate::str::contains(expect.to_string()));
    };
    fix(&format!(
        "the draft as it was is kept in {}",
        with_suffix(&draft, ".orig").display()
    ));
    // The user edits the draft again (here: back to a version with the same omission).
    let second = [&first[..], b"\n"].concat();
    std::fs::write(&draft, &second).unwrap();
    fix(&format!(
        "the draft as it was is kept in {} ({} is kept as it is, from an earlier fix)",
        with_suffix(&draft, ".orig.1").display(),
        with_suffix(&draft, ".orig").display()
    ));
    assert_eq!(std::fs::read(with_suffix(&draft, ".orig")).unwrap(), first);
    assert_eq!(
        std::fs::read(with_suffix(&draft, ".orig.1")).unwrap(),
        second
    );
}

#[test]
fn fix_to_a_missing_folder_fails_before_showing_the_diff() {
    let out = mailcheck()
        .args([
            "fix",
            "--at",
            IN_HOURS,
            "-o",
            "/nonexistent-mailcheck/dir/x.eml",
            "tests/fixtures/en-next-steps-missing.eml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no diff: nothing was done");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "mailcheck: error: /nonexistent-mailcheck/dir/x.eml: cannot write in the folder \
             /nonexistent-mailcheck/dir: No such file or directory (os error 2)\n"
        ),
        "{err}"
    );
    assert_eq!(err.matches("(os error 2)").count(), 1, "{err}");
    assert!(!err.contains(".tmp") && !err.contains("at path"), "{err}");
}

#[test]
fn fix_says_the_os_error_once_and_names_what_it_cannot_fix() {
    for (args, said) in [
        (
            vec!["fix", "tests/fixtures/does-not-exist.eml"],
            "tests/fixtures/does-not-exist.eml: cannot read: No such file or directory (os error 2)\n",
        ),
        (
            vec![
                "--config",
                "tests/fixtures/no-such.toml",
                "fix",
                "tests/fixtures/en-clean.eml",
            ],
            "tests/fixtures/no-such.toml: cannot read config: No such file or directory (os error 2)\n",
        ),
    ] {
        let out = mailcheck().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.ends_with(said), "{err}");
        assert_eq!(err.matches("os error").count(), 1, "{err}");
    }
    mailcheck()
        .args(["fix", "--at", IN_HOURS, "tests/fixtures/en-placeholder.eml"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no automatic fix (placeholder)"))
        .stderr(predicate::str::contains("nothing to fix").not());
    mailcheck()
        .env("LANG", "ru_RU.UTF-8")
        .args(["fix", "--at", IN_HOURS, "tests/fixtures/en-placeholder.eml"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "нет автоматического исправления (placeholder)",
        ));
}
