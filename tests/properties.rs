//! Property tests on stable (the fuzz targets in `fuzz/` cover the same paths for longer):
//! arbitrary bytes and near-email messages through the whole check pipeline never panic and
//! always give findings or a `DraftError`; arbitrary bytes as a queue entry never panic; and no
//! `--to`/`--var` value can add a header line to `mailcheck new`'s output.

use crate::common;

use std::path::Path;
use std::sync::OnceLock;

use mailcheck::check::{CheckOptions, Checker};
use mailcheck::config::{ConfigFile, Settings};
use mailcheck::error::DraftError;
use mailcheck::outbox::store::parse_meta;
use mailcheck::render::{self, FileFindings};
use proptest::prelude::*;

fn checkers() -> &'static [Checker; 2] {
    static CHECKERS: OnceLock<[Checker; 2]> = OnceLock::new();
    CHECKERS.get_or_init(|| {
        let make = |config: &str| {
            let file: ConfigFile = toml::from_str(config).expect("config");
            let settings = Settings::from_config(None, file).expect("settings");
            let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T23:00:00+01:00")
                .expect("time")
                .with_timezone(&chrono::Utc);
            let opts = CheckOptions {
                at: Some(at),
                ..CheckOptions::default()
            };
            settings.into_checker(&opts).expect("checker")
        };
        [
            make("[sender]\ntimezone = \"Europe/Rome\"\n"),
            // Tiny limits, so the cut paths run on small inputs too.
            make(
                "[sender]\ntimezone = \"Europe/Rome\"\n[limits]\nmax_parts = 2\nmax_depth = 1\n\
                 max_header_line = 200\nmax_header_lines = 30\nmax_text_bytes = 120\n",
            ),
        ]
    })
}

/// Parse, every rule, every renderer; a panic fails the property.
fn pipeline(raw: &[u8]) -> Result<(), TestCaseError> {
    for checker in checkers() {
        match checker.check_bytes("prop.eml", raw) {
            Ok(report) => {
                let files = [FileFindings {
                    path: &report.draft.path,
                    draft: &report.draft,
                    findings: &report.findings,
                    ui: mailcheck::lang::Lang::It,
                }];
                let _ = render::render_human(&files);
                let _ = render::render_short(&files);
                let json = render::render_json(&files);
                prop_assert!(
                    serde_json::from_str::<serde_json::Value>(&json).is_ok(),
                    "JSON output does not parse: {}",
                    json
                );
                let _ = render::render_sarif(&files);
            }
            Err(e) => {
                let known = matches!(e, DraftError::NotEmail { .. } | DraftError::Limit { .. });
                prop_assert!(known, "unexpected error: {}", e);
                prop_assert!(e.to_string().starts_with("prop.eml: "), "{}", e);
            }
        }
    }
    Ok(())
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("From".to_string()),
        Just("To".to_string()),
        Just("Cc".to_string()),
        Just("Subject".to_string()),
        Just("Date".to_string()),
        Just("Message-ID".to_string()),
        Just("In-Reply-To".to_string()),
        Just("References".to_string()),
        Just("X-Mailcheck-Allow".to_string()),
        Just("Content-Type".to_string()),
        Just("Content-Transfer-Encoding".to_string()),
        "[A-Za-z-]{1,12}",
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Anna Rossi <anna@example.com>, \"Bob, B.\" <bob@example.org>".to_string()),
        Just("=?utf-8?B?w6ggdW5hIHByb3Zh?= =?iso-8859-1?Q?caf=E9?=".to_string()),
        Just("=?x-unknown?Q?abc?= =?utf-8?B?!!!?=".to_string()),
        Just("Mon, 23 Nov 2026 23:10:00 +0100".to_string()),
        Just("Thu, 31 Feb 99999 25:61:61 +9999".to_string()),
        Just("<a@b> <c@d>".to_string()),
        Just("too-long, off-hours".to_string()),
        Just("text/plain; charset=\"utf-8\"".to_string()),
        ".{0,60}",
        "[ -~]{0,60}\n [ -~]{0,20}",
    ]
}

fn charset() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("utf-8"),
        Just("iso-8859-1"),
        Just("koi8-r"),
        Just("windows-1251"),
        Just("iso-2022-jp"),
        Just("x-no-such-charset"),
        Just(""),
    ]
}

fn encoding() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("7bit"),
        Just("8bit"),
        Just("quoted-printable"),
        Just("base64"),
        Just("x-uuencode"),
        Just("bogus"),
    ]
}

fn body_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("Hi Marco,".to_string()),
        Just("Ciao Anna,".to_string()),
        Just("Здравствуйте, Иван!".to_string()),
        Just("Please find the report attached.".to_string()),
        Just("Buongiorno XXX, in allegato il {{name}} TODO".to_string()),
        Just("You NEVER listen!!! This is UNACCEPTABLE?!".to_string()),
        Just("Next steps:".to_string()),
        Just("1. Open the app".to_string()),
        Just("> On Mon, 2 Nov 2026 at 10:00, Bob <bob@example.org> wrote:".to_string()),
        Just("> quoted text".to_string()),
        Just("-- ".to_string()),
        Just("Best regards,".to_string()),
        Just("begin 644 file.bin".to_string()),
        Just("=C3=A8 soft=".to_string()),
        Just("SGVsbG8gQm9i".to_string()),
        Just("<p>Hello <b>Bob</b></p><blockquote>angry</blockquote>".to_string()),
        Just("diff --git a/x b/x".to_string()),
        ".{0,80}",
    ];
    proptest::collection::vec(line, 0..12).prop_map(|l| l.join("\n"))
}

/// A message: random headers, then either a single body or a multipart tree.
fn near_email() -> impl Strategy<Value = Vec<u8>> {
    let headers = proptest::collection::vec((header_name(), header_value()), 0..8);
    let part = (
        prop_oneof![
            Just("text/plain"),
            Just("text/html"),
            Just("application/pdf"),
            Just("message/rfc822"),
        ],
        charset(),
        encoding(),
        body_text(),
    );
    let parts = proptest::collection::vec(part, 0..5);
    (
        headers,
        parts,
        "[a-zA-Z0-9'()+_,./:=? -]{0,20}",
        0usize..4,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(headers, parts, boundary, depth, close, crlf)| {
            let mut out = String::from("From: Anna <anna@example.com>\n");
            for (name, value) in headers {
                out.push_str(&format!("{name}: {value}\n"));
            }
            let mut bounds = Vec::new();
            for d in 0..=depth {
                let b = format!("{boundary}{d}");
                out.push_str(&format!("Content-Type: multipart/mixed; boundary=\"{b}\"\n\n"));
                out.push_str(&format!("--{b}\n"));
                bounds.push(b);
            }
            for (i, (ctype, cs, enc, body)) in parts.iter().enumerate() {
                let b = &bounds[i % bounds.len()];
                if i > 0 {
                    out.push_str(&format!("--{b}\n"));
                }
                out.push_str(&format!(
                    "Content-Type: {ctype}; charset={cs}\nContent-Transfer-Encoding: {enc}\n\n{body}\n"
                ));
            }
            if close {
                for b in bounds.iter().rev() {
                    out.push_str(&format!("--{b}--\n"));
                }
            }
            if crlf {
                out = out.replace('\n', "\r\n");
            }
            out.into_bytes()
        })
}

fn meta_json() -> impl Strategy<Value = Vec<u8>> {
    let good = r#"{"id":"abc","message_id":"x@example.com","state":"queued","hold":"angry","created":"2026-11-23T10:00:00Z","due":"2026-11-23T10:00:00Z","first_due":"2026-11-23T10:00:00Z","reasons":["off-hours"],"sender_zone":"Europe/Rome","from":"a@example.com","recipients":[{"address":"b@example.com","state":"pending","reply":"250 ok"}],"attempts":0,"last_reply":"x"}"#;
    (0..good.len(), any::<u8>(), 0..good.len(), any::<bool>()).prop_map(
        move |(cut, byte, at, truncate)| {
            let mut v = good.as_bytes().to_vec();
            if truncate {
                v.truncate(cut);
            } else {
                v[at] = byte;
            }
            v
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(raw in proptest::collection::vec(any::<u8>(), 0..2048)) {
        pipeline(&raw)?;
    }

    #[test]
    fn arbitrary_bytes_after_real_headers_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..2048)
    ) {
        let mut raw = b"From: a@example.com\nTo: b@example.org\nSubject: s\n".to_vec();
        raw.extend(body);
        pipeline(&raw)?;
    }

    #[test]
    fn near_email_never_panics(raw in near_email()) {
        pipeline(&raw)?;
    }

    #[test]
    fn arbitrary_queue_entries_never_panic(raw in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_meta(Path::new("meta/p.json"), &raw);
    }

    #[test]
    fn damaged_queue_entries_are_errors_or_entries(raw in meta_json()) {
        match parse_meta(Path::new("meta/p.json"), &raw) {
            Ok(m) => {
                let again = serde_json::to_vec(&m).unwrap();
                prop_assert_eq!(parse_meta(Path::new("meta/p.json"), &again).unwrap(), m);
            }
            Err(e) => prop_assert!(e.to_string().contains("meta/p.json"), "{}", e),
        }
    }
}

/// A value for `--to` or `--var`: mostly harmless, with line breaks, NUL, Unicode separators
/// and would-be header text mixed in.
fn cli_value() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("anna@example.com".to_string()),
        Just("Bcc: evil@example.net".to_string()),
        Just(": ".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\0".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{2029}".to_string()),
        Just("\u{0085}".to_string()),
        Just("\u{000B}\u{000C}".to_string()),
        Just("Ünïcødé ✓".to_string()),
        Just("=?utf-8?B?QmNjOiB4?=".to_string()),
        "[ -~]{0,12}",
    ];
    proptest::collection::vec(piece, 1..4).prop_map(|p| p.concat())
}

fn has_break(v: &str) -> bool {
    v.contains(['\r', '\n', '\0', '\u{2028}', '\u{2029}', '\u{0085}'])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn new_cannot_gain_a_header_line(to in cli_value(), subject in cli_value(), name in cli_value()) {
        // NUL cannot reach a program through its arguments at all (the OS refuses it).
        if let Some(v) = [&to, &subject, &name].into_iter().find(|v| v.contains('\0')) {
            let e = common::mailcheck().args(["new", v.as_str()]).output().unwrap_err();
            prop_assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
            return Ok(());
        }
        // `--opt=value`, so a value starting with "-" is still a value.
        let out = common::mailcheck()
            .args(["new", "holding-reply"])
            .arg(format!("--to={to}"))
            .arg(format!("--var=subject={subject}"))
            .arg(format!("--var=name={name}"))
            .output()
            .expect("runs");
        let refused = has_break(&to) || has_break(&subject) || has_break(&name);
        if refused {
            prop_assert_eq!(out.status.code(), Some(2), "{:?}", out);
            prop_assert!(out.stdout.is_empty());
            return Ok(());
        }
        // A --to that is not an address is refused by name (exit 2), with nothing written.
        if !out.status.success() {
            prop_assert_eq!(out.status.code(), Some(2), "{:?}", out);
            prop_assert!(String::from_utf8_lossy(&out.stderr).contains("--to: `"), "{:?}", out);
            prop_assert!(out.stdout.is_empty());
            return Ok(());
        }
        let text = String::from_utf8(out.stdout).expect("UTF-8 output");
        let header = text.split("\n\n").next().unwrap_or("");
        let bad = ['\r', '\0', '\u{2028}', '\u{2029}', '\u{0085}'];
        prop_assert!(!header.contains(bad), "a line break in the header: {:?}", header);
        let names: Vec<&str> = header
            .lines()
            .filter(|l| !l.starts_with([' ', '\t']))
            .map(|l| l.split(':').next().unwrap_or(""))
            .collect();
        prop_assert_eq!(
            names,
            ["To", "Subject", "Date", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"],
            "{}", header
        );
        // A parser sees the same: one To with the value given, no Bcc.
        let parsed = mail_parser::MessageParser::default().parse(text.as_bytes()).expect("parses");
        prop_assert!(parsed.header("Bcc").is_none());
        prop_assert_eq!(parsed.headers().len(), 6);
    }
}

/// Rewrites never damage a draft: every set of fixes, on a body in every transfer encoding
/// (7bit, 8bit, quoted-printable, base64), charset (UTF-8, windows-1251, koi8-r; us-ascii for
/// 7bit) and structure (plain, HTML on lines, HTML on one line, multipart/alternative), LF or
/// CRLF, gives the same decoded text as the same fixes on the 8bit body: every original line
/// once and in order, each insertion once, the quote and the signature once.
#[test]
fn every_fix_set_on_every_encoding_gives_the_same_text() {
    use mailcheck::finding::{Fix, FixPlace};
    use mailcheck::fix::{Templates, apply_fixes};

    let settings = checkers()[0].env();
    let templates = Templates::new(None);
    let ru = [
        "Здравствуйте, Людмила!",
        "",
        "Я снимал свадьбу и только сегодня разобрал почту. Сайт запущен.",
        "Пришлите, пожалуйста, удобную дату съёмки.",
        "",
        "С уважением,",
        "Дмитрий",
        "",
        "19.11.2026 16:40, Людмила Орехова <l@example.ru> пишет:",
        "> Какие даты свободны в декабре?",
    ];
    let en = [
        "Hi Anna,",
        "",
        "the new site is live. Could you send me the logo as SVG?",
        "",
        "Best regards,",
        "Marco",
        "",
        "On Wed, Nov 18, 2026 at 11:20 AM Anna <anna@example.com> wrote:",
        "> Is the site ready?",
    ];
    let fixes = |lang: &str| {
        let items = if lang == "ru" {
            "Пришлите удобную дату съёмки"
        } else {
            "Send me the logo as SVG"
        };
        vec![
            Fix {
                title: mailcheck::msg!("next-steps-fix", count = 1usize, heading = "Next steps"),
                template: "next-steps",
                vars: serde_json::json!({ "items": [items] }),
                place: FixPlace::BeforeSignoff,
            },
            Fix {
                title: mailcheck::i18n::Msg::new("late-reply-fix"),
                template: "late-reply-opening",
                vars: serde_json::json!({ "received": "четверг, 19 ноября" }),
                place: FixPlace::AfterGreeting,
            },
            Fix {
                title: mailcheck::i18n::Msg::new("no-support-offer-fix"),
                template: "support-offer",
                vars: serde_json::json!({}),
                place: FixPlace::BeforeSignoff,
            },
        ]
    };
    let html_of = |lines: &[&str], one_line: bool| {
        let esc = |t: &str| {
            t.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let n = lines.len();
        let quote_at = n - 2;
        let own: Vec<String> = lines[..quote_at]
            .split(|l| l.is_empty())
            .filter(|p| !p.is_empty())
            .map(|p| {
                format!(
                    "<p>{}</p>",
                    p.iter().map(|l| esc(l)).collect::<Vec<_>>().join("<br>\n")
                )
            })
            .collect();
        let sep = if one_line { "" } else { "\n" };
        let html = format!(
            "<html><body>{sep}{}{sep}<div>{}<blockquote>{}</blockquote></div>{sep}</body></html>",
            own.join(sep),
            esc(lines[quote_at]),
            esc(lines[quote_at + 1].trim_start_matches("> "))
        );
        if one_line {
            html.replace('\n', " ")
        } else {
            html
        }
    };
    let encode = |text: &str, charset: &str, cte: &str, eol: &str| -> Vec<u8> {
        let enc = encoding_rs::Encoding::for_label(charset.as_bytes()).unwrap();
        let bytes = if matches!(charset, "utf-8" | "us-ascii") {
            text.as_bytes().to_vec()
        } else {
            enc.encode(text).0.into_owned()
        };
        let bytes = match cte {
            "base64" => {
                use base64::Engine;
                let b = base64::engine::general_purpose::STANDARD.encode(&bytes);
                b.as_bytes().chunks(76).collect::<Vec<_>>().join(&b'\n')
            }
            "quoted-printable" => bytes
                .split(|&b| b == b'\n')
                .map(|l| quoted_printable::encode_to_str(l).replace("\r\n", "\n"))
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes(),
            _ => bytes,
        };
        let mut v = Vec::new();
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                v.extend_from_slice(eol.as_bytes());
            }
            v.extend_from_slice(line);
        }
        v
    };
    let message = |lang: &str, structure: &str, charset: &str, cte: &str, eol: &str| -> Vec<u8> {
        let lines: &[&str] = if lang == "ru" { &ru } else { &en };
        let text = lines.join("\n") + "\n";
        let head = "From: Marco <m@example.com>\nTo: Anna <anna@example.com>\nSubject: Site\nDate: Mon, 23 Nov 2026 09:12:44 +0100\nMIME-Version: 1.0\n";
        let part = |ctype: &str, body: &str| {
            let mut p = format!(
                "Content-Type: {ctype}; charset={charset}\nContent-Transfer-Encoding: {cte}\n\n"
            )
            .replace('\n', eol)
            .into_bytes();
            p.extend(encode(body, charset, cte, eol));
            p.extend(eol.as_bytes());
            p
        };
        let mut m = head.replace('\n', eol).into_bytes();
        match structure {
            "plain" => m.extend(part("text/plain", &text)),
            "html" => m.extend(part("text/html", &html_of(lines, false))),
            "html-one-line" => m.extend(part("text/html", &html_of(lines, true))),
            _ => {
                m.extend(
                    "Content-Type: multipart/alternative; boundary=\"b\"\n\n--b\n"
                        .replace('\n', eol)
                        .as_bytes(),
                );
                m.extend(part("text/plain", &text));
                m.extend(format!("--b{eol}").as_bytes());
                m.extend(part("text/html", &html_of(lines, false)));
                m.extend(format!("--b--{eol}").as_bytes());
            }
        }
        m
    };
    // The decoded text of every text part, LF line ends.
    let texts = |raw: &[u8]| -> Vec<String> {
        let m = mail_parser::MessageParser::default()
            .parse(raw)
            .expect("parses");
        m.parts
            .iter()
            .filter_map(|p| match &p.body {
                mail_parser::PartType::Text(t) | mail_parser::PartType::Html(t) => {
                    Some(t.replace("\r\n", "\n").trim_end().to_string())
                }
                _ => None,
            })
            .collect()
    };

    let mut checked = 0;
    for (lang, charsets) in [
        ("en", vec!["us-ascii"]),
        ("ru", vec!["utf-8", "windows-1251", "koi8-r"]),
    ] {
        let all = fixes(lang);
        for charset in charsets {
            for structure in ["plain", "html", "html-one-line", "multipart"] {
                for set in 1..8u32 {
                    let chosen: Vec<&Fix> = (0..3)
                        .filter(|i| set & (1 << i) != 0)
                        .map(|i| &all[i])
                        .collect();
                    let mut baseline: Option<Vec<String>> = None;
                    let ctes: &[&str] = if charset == "us-ascii" {
                        &["7bit", "8bit", "quoted-printable", "base64"]
                    } else {
                        &["8bit", "quoted-printable", "base64"]
                    };
                    for &cte in ctes {
                        for eol in ["\n", "\r\n"] {
                            let what = format!(
                                "{lang}/{charset}/{structure}/{cte}/fixes {set:03b}/{eol:?}"
                            );
                            let raw = message(lang, structure, charset, cte, eol);
                            let draft = mailcheck::draft::parse_draft(
                                "d.eml",
                                &raw,
                                &settings.lexicon,
                                None,
                            )
                            .unwrap_or_else(|e| panic!("{what}: {e}"));
                            let fixed = apply_fixes(&raw, &draft, &chosen, &templates)
                                .unwrap_or_else(|e| panic!("{what}: {e}"));
                            let got = texts(&fixed);
                            let before = texts(&raw);
                            assert_eq!(got.len(), before.len(), "{what}");
                            for (new, old) in got.iter().zip(&before) {
                                // Every original line, once, in order.
                                let mut rest = new.as_str();
                                // (HTML on one line: its pieces between tags.)
                                for line in old
                                    .split(['\n', '<'])
                                    .map(str::trim)
                                    .filter(|l| !l.is_empty())
                                {
                                    let at = rest.find(line).unwrap_or_else(|| {
                                        panic!("{what}: lost or moved {line:?} in\n{new}")
                                    });
                                    rest = &rest[at + line.len()..];
                                }
                                for once in [
                                    "пишет:",
                                    "wrote:",
                                    "Дмитрий",
                                    "Marco",
                                    "С уважением",
                                    "Best regards",
                                ] {
                                    assert!(
                                        new.matches(once).count() <= 1,
                                        "{what}: {once} twice in\n{new}"
                                    );
                                }
                                for heading in ["Следующие шаги", "Next steps"] {
                                    assert!(
                                        new.matches(heading).count() <= 1,
                                        "{what}: twice\n{new}"
                                    );
                                }
                            }
                            match &baseline {
                                None => baseline = Some(got),
                                Some(b) => assert_eq!(&got, b, "{what}: differs from 8bit"),
                            }
                            checked += 1;
                        }
                    }
                    // The insertions are there, in the right places (on the 8bit result).
                    let b = baseline.unwrap();
                    let plain = &b[0];
                    let (greeting, signoff, heading) = if lang == "ru" {
                        ("Здравствуйте, Людмила!", "С уважением", "Следующие шаги")
                    } else {
                        ("Hi Anna,", "Best regards", "Next steps")
                    };
                    let sign_at = plain.find(signoff).unwrap();
                    if set & 1 != 0 {
                        let at = plain.find(heading).unwrap_or_else(|| {
                            panic!("{lang}/{charset}/{structure}/{set}: no block\n{plain}")
                        });
                        assert!(at < sign_at, "{plain}");
                    }
                    if set & 2 != 0 {
                        let sorry = if lang == "ru" {
                            "извините"
                        } else {
                            "sorry"
                        };
                        let at = plain
                            .find(sorry)
                            .unwrap_or_else(|| panic!("no apology\n{plain}"));
                        assert!(
                            plain.find(greeting).unwrap() < at && at < sign_at,
                            "{plain}"
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 500, "{checked}");
}
