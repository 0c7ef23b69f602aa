//! The command line, end to end: exit codes, inputs, formats, config, subcommands.

use crate::common;

use common::*;
use predicates::prelude::*;

#[test]
fn exit_codes_follow_severity() {
    // Clean: 0.
    mailcheck()
        .args(["--at", IN_HOURS, "tests/fixtures/en-clean.eml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems found in 1 file."));
    // Warnings only: 0, unless --deny warnings.
    mailcheck()
        .args(["--at", IN_HOURS, "tests/fixtures/en-next-steps-missing.eml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[next-steps]"));
    mailcheck()
        .args([
            "--at",
            IN_HOURS,
            "--deny",
            "warnings",
            "tests/fixtures/en-next-steps-missing.eml",
        ])
        .assert()
        .code(1);
    // An error finding: 1.
    mailcheck()
        .args(["--at", IN_HOURS, "tests/fixtures/it-placeholder.eml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[placeholder]"));
}

#[test]
fn broken_inputs_exit_2_naming_the_file_and_never_panic() {
    for (file, why) in [
        ("tests/fixtures/broken/empty.eml", "the file is empty"),
        ("tests/fixtures/broken/binary.eml", "not an email message"),
        (
            "tests/fixtures/broken/no-headers.txt",
            "not an email message",
        ),
        ("tests/fixtures/does-not-exist.eml", "cannot read"),
    ] {
        mailcheck()
            .args(["--at", IN_HOURS, file])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(file).and(predicate::str::contains(why)))
            .stderr(predicate::str::contains("panicked").not());
    }
    // Damaged but readable messages are checked, with a note on stderr.
    for file in [
        "tests/fixtures/broken/truncated-base64.eml",
        "tests/fixtures/broken/unknown-charset.eml",
        "tests/fixtures/broken/nul-bytes.eml",
    ] {
        let out = mailcheck().args(["--at", IN_HOURS, file]).output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{file}: {out:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
    mailcheck()
        .args([
            "--at",
            IN_HOURS,
            "tests/fixtures/broken/truncated-base64.eml",
        ])
        .assert()
        .stderr(predicate::str::contains("base64 is damaged"));
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let (code, findings) = check_json(&[
        "tests/fixtures/broken/empty.eml",
        "tests/fixtures/it-placeholder.eml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(rules_of(&findings), ["placeholder"]);
}

#[test]
fn stdin_is_dash() {
    let raw = std::fs::read(root().join("tests/fixtures/ru-placeholder.eml")).unwrap();
    let out = mailcheck()
        .args(["--format", "json", "--at", IN_HOURS, "-"])
        .write_stdin(raw)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().all(|f| f["file"] == "-"));
    assert_eq!(rules_of(v.as_array().unwrap()), ["placeholder"]);
}

#[test]
fn directories_are_walked_for_eml_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/en-clean.eml"),
        dir.path().join("a.eml"),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/it-placeholder.eml"),
        dir.path().join("sub/b.EML"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not mail").unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let (code, findings) = check_json(&[dir_arg]);
    assert_eq!(code, 1);
    let files: Vec<&str> = findings.iter().filter_map(|f| f["file"].as_str()).collect();
    assert!(files.iter().all(|f| f.ends_with("sub/b.EML")), "{files:?}");
    mailcheck()
        .args(["--at", IN_HOURS, dir_arg])
        .assert()
        .stdout(predicate::str::contains("in 2 files."));
}

#[test]
fn json_contract() {
    let (_, findings) = check_json(&[
        "--at",
        "2026-11-21T23:00:00+01:00",
        "tests/fixtures/en-placeholder.eml",
    ]);
    assert!(!findings.is_empty());
    for f in &findings {
        assert_eq!(f["file"], "tests/fixtures/en-placeholder.eml");
        assert!(f["rule"].is_string());
        assert!(matches!(
            f["severity"].as_str(),
            Some("error" | "warning" | "hint")
        ));
        assert!(f["line"].is_null() || f["line"].as_u64().unwrap() >= 1);
        assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let off = findings.iter().find(|f| f["rule"] == "off-hours").unwrap();
    assert!(off["line"].is_null(), "whole-message finding has no line");
    let ph = findings
        .iter()
        .find(|f| f["rule"] == "placeholder")
        .unwrap();
    assert_eq!(ph["line"], 10);
    assert_eq!(ph["column"], 4);
    assert_eq!(ph["excerpt"], "[Client name]");
}

#[test]
fn all_files_in_one_array() {
    let (_, findings) = check_json(&[
        "tests/fixtures/en-placeholder.eml",
        "tests/fixtures/it-placeholder.eml",
    ]);
    let mut files: Vec<&str> = findings.iter().filter_map(|f| f["file"].as_str()).collect();
    files.dedup();
    assert_eq!(
        files,
        [
            "tests/fixtures/en-placeholder.eml",
            "tests/fixtures/it-placeholder.eml"
        ]
    );
}

#[test]
fn short_and_sarif_formats() {
    mailcheck()
        .args(["--format", "short", "--at", IN_HOURS, "tests/fixtures/en-placeholder.eml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "tests/fixtures/en-placeholder.eml:10:4: error[placeholder] unfilled placeholder \"[Client name]\"",
        ));
    let out = mailcheck()
        .args([
            "--format",
            "sarif",
            "--at",
            IN_HOURS,
            "tests/fixtures/en-placeholder.eml",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "placeholder"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 10));
}

#[test]
fn select_ignore_and_unknown_rules() {
    let (_, f) = check_json(&["--select", "angry-tone", "tests/fixtures/en-angry.eml"]);
    assert_eq!(rules_of(&f), ["angry-tone"]);
    let (_, f) = check_json(&[
        "--ignore",
        "angry-tone,next-steps",
        "tests/fixtures/en-angry.eml",
    ]);
    assert!(rules_of(&f).is_empty());
    mailcheck()
        .args(["--select", "angry-tones", "tests/fixtures/en-angry.eml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `angry-tones`"));
}

#[test]
fn x_mailcheck_allow_header_turns_rules_off_for_the_draft() {
    let raw = std::fs::read_to_string(root().join("tests/fixtures/it-placeholder.eml")).unwrap();
    let allowed = format!("X-Mailcheck-Allow: placeholder\n{raw}");
    let out = mailcheck()
        .args(["--format", "json", "--at", IN_HOURS, "-"])
        .write_stdin(allowed)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!rules_of(v.as_array().unwrap()).contains(&"placeholder".to_string()));
}

#[test]
fn off_hours_uses_the_recipients_zone() {
    let raw =
        "From: m@example.it\nTo: Ken <ken@example.jp>\nSubject: Order\n\nThe order ships today.\n";
    let out = mailcheck()
        .args(["--format", "json", "--at", "2026-11-23T10:00:00+01:00", "-"])
        .write_stdin(raw)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v.as_array().unwrap()[0];
    assert_eq!(f["rule"], "off-hours");
    assert!(
        f["help"]
            .as_str()
            .unwrap()
            .contains("Tue 24 Nov 09:00 Europe/Rome = Tue 24 Nov 17:00 Asia/Tokyo"),
        "{f}"
    );
}

#[test]
fn lang_override() {
    mailcheck()
        .args(["inspect", "--lang", "ru", "tests/fixtures/en-clean.eml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ru (--lang)"));
    mailcheck()
        .args(["--lang", "xx", "tests/fixtures/en-clean.eml"])
        .assert()
        .code(2);
}

#[test]
fn bad_at_is_a_usage_error() {
    mailcheck()
        .args(["--at", "tomorrow 25:00", "tests/fixtures/en-clean.eml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("25:00 is not a time of day"));
    mailcheck()
        .args(["--at", "in 2 hourz", "tests/fixtures/en-clean.eml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"hourz\" is not a unit of time"));
    // The human forms of `send --at` work here too.
    mailcheck()
        .args(["--at", "monday 10:00", "tests/fixtures/en-clean.eml"])
        .assert()
        .success();
    // And in `fix --at` (issue 16): the same strict reading, the same human forms.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.eml");
    mailcheck()
        .args(["fix", "--at", "tomorrow 25:00", "-o"])
        .arg(&out)
        .arg("tests/fixtures/en-clean.eml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("25:00 is not a time of day"));
    assert!(!out.exists());
    mailcheck()
        .args(["fix", "--at", "next friday 10:00", "-o"])
        .arg(&out)
        .arg("tests/fixtures/en-clean.eml")
        .assert()
        .success();
}

#[test]
fn config_errors_name_the_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "[sender]\ntimezone = \"Europe/Rom\"\n").unwrap();
    mailcheck()
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "tests/fixtures/en-clean.eml",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("bad.toml").and(predicate::str::contains("sender.timezone")),
        );
    std::fs::write(&cfg, "[sender]\nbusiness_hours = \"18:00-09:00\"\n").unwrap();
    mailcheck()
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "tests/fixtures/en-clean.eml",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("sender.business_hours"));
    std::fs::write(&cfg, "allow = [\"no-such-rule\"]\n").unwrap();
    mailcheck()
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "tests/fixtures/en-clean.eml",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rule"));
    mailcheck()
        .args([
            "--config",
            "/nonexistent/mailcheck.toml",
            "tests/fixtures/en-clean.eml",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/mailcheck.toml"));
}

#[test]
fn config_is_discovered_walking_up_then_xdg() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.eml");
    std::fs::copy(root().join("tests/fixtures/en-too-long.eml"), &draft).unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    // No config: too-long is a warning -> exit 0.
    mailcheck_in(&nested)
        .args([
            "--select",
            "too-long",
            "--at",
            IN_HOURS,
            draft.to_str().unwrap(),
        ])
        .assert()
        .code(0);
    // XDG config makes it an error.
    std::fs::create_dir_all(dir.path().join("a/b/xdg/mailcheck")).unwrap();
    std::fs::write(
        dir.path().join("a/b/xdg/mailcheck/config.toml"),
        "[sender]\ntimezone = \"Europe/Rome\"\n[rules.too-long]\nseverity = \"error\"\n",
    )
    .unwrap();
    mailcheck_in(&nested)
        .args([
            "--select",
            "too-long",
            "--at",
            IN_HOURS,
            draft.to_str().unwrap(),
        ])
        .assert()
        .code(1);
    // A mailcheck.toml in a parent directory wins over XDG: it turns the rule off.
    std::fs::write(
        dir.path().join("a/mailcheck.toml"),
        "allow = [\"too-long\"]\n[sender]\ntimezone = \"Europe/Rome\"\n",
    )
    .unwrap();
    mailcheck_in(&nested)
        .args([
            "--select",
            "too-long",
            "--at",
            IN_HOURS,
            draft.to_str().unwrap(),
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems found"));
}

#[test]
fn user_word_lists_extend_the_builtin_ones() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[sender]\ntimezone = \"Europe/Rome\"\n[rules.angry-tone.en]\nhostile = [\"dreadful*\"]\n",
    )
    .unwrap();
    let raw = "From: a@example.com\nTo: b@example.com\nSubject: x\n\nYour packaging was dreadfully thin, I will fix it.\n";
    mailcheck()
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "--format",
            "short",
            "--at",
            IN_HOURS,
            "-",
        ])
        .write_stdin(raw)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[angry-tone] hostile wording: \"dreadfully\"",
        ));
}

#[test]
fn rules_lists_every_rule_and_explain_prints_its_doc() {
    let out = mailcheck()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    for id in [
        "too-long",
        "next-steps",
        "angry-tone",
        "off-hours",
        "placeholder",
        "missing-attachment",
        "empty-subject",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
        mailcheck().args(["explain", id]).assert().success().stdout(
            predicate::str::contains("## What it does")
                .and(predicate::str::contains("## Why is this bad?"))
                .and(predicate::str::contains("## Example"))
                .and(predicate::str::contains("## Configuration")),
        );
    }
    mailcheck()
        .args(["rules"])
        .assert()
        .success()
        .stdout(predicate::str::contains("angry-tone").and(predicate::str::contains("error")));
    mailcheck()
        .args(["explain", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `nope`"));
}

/// `explain ID --lang it|ru` prints the rule's documentation in Italian or Russian; without
/// `--lang` (or with `--lang en`) it is the English doc comment, unchanged.
#[test]
fn explain_prints_the_documentation_in_the_language_asked() {
    let explain = |args: &[&str]| {
        let out = mailcheck()
            .args(["explain", "placeholder"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let english = explain(&[]);
    let doc = mailcheck::rules::doc("placeholder", mailcheck::lang::Lang::En).unwrap();
    assert!(
        english.starts_with(&format!(
            "# placeholder (unfilled template text: XXX, TODO, {{{{name}}}}, [Client name], lorem ipsum, default error)\n\n{doc}\n"
        )),
        "{english}"
    );
    assert_eq!(explain(&["--lang", "en"]), english);
    for (lang, headings, not) in [
        (
            "it",
            [
                "## Cosa fa",
                "## Perché è un problema",
                "## Esempio",
                "## Configurazione",
            ],
            "## What it does",
        ),
        (
            "ru",
            [
                "## Что делает",
                "## Почему это плохо",
                "## Пример",
                "## Настройка",
            ],
            "## What it does",
        ),
    ] {
        let text = explain(&["--lang", lang]);
        let mut at = 0;
        for h in headings {
            let found = text[at..]
                .find(&format!("\n{h}\n"))
                .unwrap_or_else(|| panic!("{lang}: {h} missing or out of order in\n{text}"));
            at += found + 1 + h.len();
        }
        assert!(!text.contains(not), "{lang}: {text}");
        // The part after the documentation (thresholds in force) is the same.
        assert!(text.contains("- code_indent = 4"), "{lang}: {text}");
    }
    mailcheck()
        .args(["explain", "placeholder", "--lang", "de"])
        .assert()
        .code(2);
}

#[test]
fn inspect_shows_how_the_draft_was_read() {
    let out = mailcheck()
        .args([
            "inspect",
            "--format",
            "json",
            "tests/fixtures/en-calm-reply-quoting-angry.eml",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["language"], "en");
    assert!(!v["own_text"].as_str().unwrap().is_empty());
    assert!(!v["quoted_text"].as_str().unwrap().is_empty());
    for key in ["signature", "attachments", "to", "from", "body", "lines"] {
        assert!(!v[key].is_null(), "{key}");
    }
    let out = mailcheck()
        .args([
            "inspect",
            "--format",
            "json",
            "tests/fixtures/en-with-attachment.eml",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["attachments"].as_array().unwrap().len(), 1);
    mailcheck()
        .args(["inspect", "tests/fixtures/en-signature.eml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("signature    | Best regards,"));
    mailcheck()
        .args(["inspect", "tests/fixtures/broken/empty.eml"])
        .assert()
        .code(2);
}

/// A mutt-style inline part with a file name (`Content-Disposition: inline; filename=...`) is an
/// attachment: listed by `inspect`, and it satisfies "I've attached" (issue 14). The body stays
/// the first text part, and a signed message's signature is not read as text.
#[test]
fn an_inline_part_with_a_file_name_is_an_attachment() {
    for (file, name, body_word) in [
        ("en-inline-patch.eml", "driver-spec.patch", "TARGET_KERNEL"),
        (
            "ru-inline-patch-signed.eml",
            "build-kernel.diff",
            "TARGET_KERNEL",
        ),
    ] {
        let path = format!("tests/fixtures/{file}");
        let out = mailcheck()
            .args(["inspect", "--format", "json", &path])
            .output()
            .unwrap();
        assert!(out.status.success(), "{file}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let names: Vec<&str> = v["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a["name"].as_str())
            .collect();
        assert!(names.contains(&name), "{file}: {names:?}");
        let own = v["own_text"].as_str().unwrap();
        assert!(own.contains(body_word), "{file}: {own}");
        assert!(
            !own.contains("+++ "),
            "{file}: the patch read as body: {own}"
        );
        let out = mailcheck()
            .args(["--at", IN_HOURS, "--format", "short", &path])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(!said.contains("missing-attachment"), "{file}: {said}");
    }
}

/// Apple Mail's text / file / text: the text after the file is body (its placeholder is found
/// on its own file line); the PDF is an attachment; the plain alternative of Apple Mail's
/// alternative [plain, mixed [html, image, html]] is read once.
#[test]
fn the_text_after_a_file_in_the_middle_is_checked() {
    let (_, findings) = check_json(&["tests/fixtures/en-apple-mail-text-file-text.eml"]);
    let found: Vec<(&str, i64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["line"].as_i64().unwrap(),
                f["excerpt"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(found, [("placeholder", 48, "[client name]")]);
    let out = mailcheck()
        .args([
            "inspect",
            "--format",
            "json",
            "tests/fixtures/en-apple-mail-text-file-text.eml",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let attachments: Vec<(&str, &str)> = v["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap_or(""),
                a["content_type"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(attachments, [("floor-plan.pdf", "application/pdf")]);
    let own = v["own_text"].as_str().unwrap();
    assert!(own.contains("Here is the floor plan"), "{own}");
    assert!(own.contains("Dear [client name]"), "{own}");
    assert!(!own.contains("JVBER"), "{own}");

    let out = mailcheck()
        .args([
            "inspect",
            "--format",
            "json",
            "tests/fixtures/it-apple-mail-text-image-text.eml",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let own = v["own_text"].as_str().unwrap();
    assert_eq!(own.matches("Il testo della pagina").count(), 1, "{own}");
    assert_eq!(v["body"]["source"], "plain", "{v}");
    assert_eq!(v["attachments"][0]["name"], "vetrina.jpg", "{v}");
}

/// `mailcheck fix --write` on a draft whose text is split around a file (Apple Mail's text /
/// file / text), with `LANG` set to `lang`: its exit code, its stderr, and whether the draft was
/// left as it was.
fn fix_a_split_draft(lang: &str) -> (Option<i32>, String, bool) {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/en-apple-mail-text-file-text.eml"))
            .unwrap()
            .replace(
                "it still says \"Dear [client name]\" at the top.",
                "could you send me the opening hours by Friday, please?",
            );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("split.eml");
    std::fs::write(&path, &text).unwrap();
    let out = mailcheck()
        .env("LANG", lang)
        .args(["fix", "--write", "--at", "2026-11-23T10:00:00+01:00"])
        .arg(&path)
        .output()
        .unwrap();
    let unchanged = std::fs::read_to_string(&path).unwrap() == text;
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        unchanged,
    )
}

/// `fix` rewrites one text part; a text split around a file it refuses with exit 2, naming the
/// file and why in the interface language, and leaves the draft as it was (its insertion places
/// span the parts).
#[test]
fn fix_refuses_a_text_split_around_a_file_and_leaves_it_alone() {
    let (code, err, unchanged) = fix_a_split_draft("C.UTF-8");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("split.eml") && err.contains("several body parts"),
        "{err}"
    );
    assert!(unchanged);

    let (code, err, unchanged) = fix_a_split_draft("it_IT.UTF-8");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("mailcheck: errore: ")
            && l.contains("split.eml: ")
            && l.ends_with("il testo è diviso in più parti del corpo (testo, file, testo)")),
        "{err}"
    );
    assert!(!err.contains("several body parts"), "{err}");
    assert!(unchanged);
}

#[test]
fn no_arguments_and_help() {
    mailcheck().assert().code(2);
    mailcheck().arg("--help").assert().success();
    mailcheck().arg("--version").assert().success();
}

#[test]
fn closed_pipe_is_quiet() {
    // `mailcheck ... | head -0`: stdout closed early must not panic.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mailcheck"))
        .current_dir(root())
        .env(
            "MAILCHECK_CONFIG",
            root().join("tests/fixtures/mailcheck.toml"),
        )
        .args(["rules"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn many_files_are_checked_in_parallel_and_reported_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let sources = [
        "tests/fixtures/en-placeholder.eml",
        "tests/fixtures/it-placeholder.eml",
        "tests/fixtures/ru-placeholder.eml",
        "tests/fixtures/en-clean.eml",
    ];
    let n = 600; // more than one batch
    for i in 0..n {
        std::fs::copy(
            root().join(sources[i % 4]),
            dir.path().join(format!("{i:04}.eml")),
        )
        .unwrap();
    }
    let (code, findings) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let files: Vec<&str> = findings.iter().filter_map(|f| f["file"].as_str()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "findings come in input order");
    let distinct: std::collections::BTreeSet<&str> = files.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        n / 4 * 3,
        "every file with a placeholder is reported"
    );
}

#[test]
fn a_limit_of_0_is_a_config_error_naming_the_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("zero.toml");
    for key in ["max_message_bytes", "max_parts", "max_text_bytes"] {
        std::fs::write(&cfg, format!("[limits]\n{key} = 0\n")).unwrap();
        mailcheck()
            .args([
                "--config",
                cfg.to_str().unwrap(),
                "tests/fixtures/en-clean.eml",
            ])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("zero.toml")
                    .and(predicate::str::contains(format!("`limits.{key}`")))
                    .and(predicate::str::contains("at least 1")),
            );
    }
    std::fs::write(&cfg, "[limits]\nmax_parts = 1\n").unwrap();
    mailcheck()
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "tests/fixtures/en-clean.eml",
        ])
        .assert()
        .success();
}

/// A config with a small `max_message_bytes` and an outbox in `dir`.
fn small_limit_config(dir: &std::path::Path) -> std::path::PathBuf {
    let cfg = dir.join("small.toml");
    std::fs::write(
        &cfg,
        format!(
            "[sender]\ntimezone = \"Europe/Rome\"\n[outbox]\npath = \"{}\"\n[limits]\nmax_message_bytes = 1000\n",
            dir.join("outbox").display()
        ),
    )
    .unwrap();
    cfg
}

/// `fix`, `split`, `send` and `sendmail` read at most `max_message_bytes` + 1 bytes, as `check`
/// does: a larger file, or standard input that never ends, is refused naming the input.
#[test]
fn every_command_refuses_an_input_over_max_message_bytes_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = small_limit_config(dir.path());
    let big = dir.path().join("big.eml");
    std::fs::write(
        &big,
        format!(
            "From: m@example.com\nTo: anna@example.com\nSubject: Big\n\nHi Anna,\n\n{}\nBest regards,\nMarco\n",
            "Could you send me the logo as SVG?\n".repeat(200)
        ),
    )
    .unwrap();
    let parts = dir.path().join("parts");
    for args in [
        vec!["check"],
        vec!["fix"],
        vec!["fix", "--write"],
        vec!["split", "-o", parts.to_str().unwrap()],
        vec!["send"],
    ] {
        mailcheck()
            .env("MAILCHECK_CONFIG", &cfg)
            .env("MAILCHECK_NOW", IN_HOURS)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .args(&args)
            .arg(&big)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("big.eml: not read")
                    .and(predicate::str::contains("[limits] max_message_bytes")),
            );
    }
    assert!(!parts.exists());
    assert!(!dir.path().join("outbox").join("due").exists());

    // Standard input that never ends: refused once the limit is passed, not read forever.
    for args in [
        &["fix", "-"][..],
        &["sendmail", "--", "anna@example.com"][..],
    ] {
        let (code, stderr) = endless_stdin(args, &cfg, dir.path());
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("-: not read") && stderr.contains("[limits] max_message_bytes"),
            "{args:?}: {stderr}"
        );
    }
}

/// Runs mailcheck with a standard input that goes on until mailcheck stops reading it; fails if
/// mailcheck has not ended within a minute.
fn endless_stdin(
    args: &[&str],
    config: &std::path::Path,
    dir: &std::path::Path,
) -> (Option<i32>, String) {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailcheck"))
        .current_dir(root())
        .env("MAILCHECK_CONFIG", config)
        .env("MAILCHECK_NOW", IN_HOURS)
        .env("XDG_CONFIG_HOME", root().join("tests/fixtures/no-xdg"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mailcheck starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let head = b"From: m@example.com\nTo: anna@example.com\nSubject: Endless\n\nHi Anna,\n\n";
        let line = b"Could you send me the logo as SVG?\n".repeat(100);
        if stdin.write_all(head).is_ok() {
            // Ends when mailcheck closes its end (or is killed).
            while stdin.write_all(&line).is_ok() {}
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?}: still reading standard input after a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    writer.join().expect("writer");
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    (status.code(), stderr)
}

#[test]
fn generated_bash_completion_completes_subcommands_in_a_real_bash() {
    let out = mailcheck()
        .args(["generate", "bash"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("mailcheck.bash");
    std::fs::write(&script, &out.stdout).expect("script");
    // What bash offers for `mailcheck ou<TAB>` and `mailcheck outbox <TAB>`.
    let probe = format!(
        "source '{}'\n\
         complete -p mailcheck\n\
         COMP_WORDS=(mailcheck ou); COMP_CWORD=1; _mailcheck mailcheck ou mailcheck\n\
         echo \"one: ${{COMPREPLY[*]}}\"\n\
         COMP_WORDS=(mailcheck outbox ''); COMP_CWORD=2; _mailcheck mailcheck '' outbox\n\
         echo \"two: ${{COMPREPLY[*]}}\"\n",
        script.display()
    );
    let run = std::process::Command::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(text.contains("-F _mailcheck mailcheck"), "{text}");
    assert!(text.contains("one: outbox\n"), "{text}");
    for sub in ["list", "show", "cancel", "reschedule", "retry", "run"] {
        assert!(text.contains(&format!(" {sub}")), "{sub}: {text}");
    }
}

#[test]
fn generated_man_page_names_every_subcommand_and_other_shells_get_a_script() {
    let out = mailcheck()
        .args(["generate", "man"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let roff = String::from_utf8_lossy(&out.stdout);
    assert!(roff.contains(".TH mailcheck 1"), "{roff}");
    for sub in [
        "check", "explain", "fix", "send", "outbox", "sendmail", "due", "report",
    ] {
        assert!(
            roff.contains(&format!("mailcheck\\-{sub}")),
            "{sub}: {roff}"
        );
    }
    for (shell, mark) in [
        ("zsh", "#compdef mailcheck"),
        ("fish", "complete -c mailcheck"),
        ("elvish", "edit:completion:arg-completer[mailcheck]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = mailcheck()
            .args(["generate", shell])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(mark),
            "{shell}"
        );
    }
    // Every page the top page refers to, written into a folder.
    let dir = tempfile::tempdir().expect("temp dir");
    mailcheck()
        .args(["generate", "man", "--dir"])
        .arg(dir.path())
        .assert()
        .code(0);
    for page in [
        "mailcheck.1",
        "mailcheck-check.1",
        "mailcheck-outbox-run.1",
        "mailcheck-due.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page)).expect(page);
        assert!(text.contains(".TH mailcheck"), "{page}");
    }
    mailcheck()
        .args(["generate", "man", "--dir", "tests/fixtures/en-clean.eml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("en-clean.eml: not a folder"));
    mailcheck()
        .args(["generate", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
}

/// Trust boundaries 2: a project's mailcheck.toml (found walking up) may only set checking
/// keys, and only when it is the user's and nobody else can write to it; where mail goes, what
/// runs and what is read come from the user's own config.
#[test]
fn a_project_config_is_trusted_like_git_trusts_a_repository() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.eml");
    std::fs::copy(root().join("tests/fixtures/en-too-long.eml"), &draft).unwrap();
    let repo = dir.path().join("repo");
    let nested = repo.join("src");
    std::fs::create_dir_all(&nested).unwrap();
    let project = repo.join("mailcheck.toml");
    let check = |args: &[&str]| {
        mailcheck_in(&nested)
            .args(["--select", "too-long", "--at", IN_HOURS])
            .args(args)
            .arg(&draft)
            .output()
            .unwrap()
    };
    // The user's own config: too-long is an error, and an outbox of the user's.
    std::fs::create_dir_all(nested.join("xdg/mailcheck")).unwrap();
    std::fs::write(
        nested.join("xdg/mailcheck/config.toml"),
        "[sender]\ntimezone = \"Europe/Rome\"\n[rules.too-long]\nseverity = \"error\"\n",
    )
    .unwrap();
    assert_eq!(check(&[]).status.code(), Some(1));

    for (key, text) in [
        ("smtp", "[smtp]\nhost = \"evil.example\"\n"),
        ("templates", "templates = \"tpl\"\n"),
        ("outbox", "[outbox]\npath = \"/tmp/x\"\n"),
        ("mailbox", "[mailbox]\npath = \"/etc\"\n"),
        ("desk", "[desk]\nsent = [\"/etc\"]\n"),
        ("sendmail", "[sendmail]\nmode = \"send\"\n"),
        ("lints", "lints = \"/etc\"\n"),
        ("lints", "lints = \"../..\"\n"),
    ] {
        std::fs::write(&project, text).unwrap();
        let out = check(&[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{key}: {out:?}");
        assert!(
            err.contains(&project.display().to_string()) && err.contains(&format!("`{key}`")),
            "{key}: {err}"
        );
    }
    // sendmail in such a project queues and sends nothing.
    std::fs::write(&project, "[smtp]\nhost = \"evil.example\"\n").unwrap();
    let out = mailcheck_in(&nested)
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .args(["sendmail", "-t", "--now"])
        .write_stdin(std::fs::read(&draft).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(!dir.path().join("data/mailcheck/outbox").exists());

    // Checking keys are laid over the user's config when the file is the user's alone.
    std::fs::write(&project, "[rules.too-long]\nseverity = \"off\"\n").unwrap();
    std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(check(&[]).status.code(), Some(0));
    let out = mailcheck_in(&nested)
        .args(["explain", "too-long"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("project config:") && text.contains("checking keys only"),
        "{text}"
    );
    // Writable by others: not used.
    std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o664)).unwrap();
    let out = check(&[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("can write to it"));
    std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o644)).unwrap();
    // Owned by someone else (as root, chown it to nobody): not used.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&project, Some(65534), None).unwrap();
        let out = check(&[]);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("not by you"));
    }
    // --config names it: trusted as given.
    let out = check(&["--config", project.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// The README's first command gives the output it promises on any day (a fixed `--at`), and the
/// README names nothing outside the repository nor a placeholder to fill in.
#[test]
fn the_readme_first_command_holds_any_day_and_links_stay_inside() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let first = readme
        .lines()
        .find(|l| l.starts_with("cargo run"))
        .expect("a first command");
    let args: Vec<&str> = first
        .split_once(" -- ")
        .expect("cargo run -- ARGS")
        .1
        .split_whitespace()
        .collect();
    assert!(args.contains(&"--at"), "{first}");
    let out = mailcheck().args(&args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Found 2 warnings in 1 file"), "{text}");
    assert!(!readme.contains("../"), "a link leaves the repository");
    assert!(!readme.contains("OWNER"), "a placeholder is left");
    let hooks = std::fs::read_to_string(root().join("docs/hooks.md")).unwrap();
    assert!(
        !hooks.contains("OWNER"),
        "a placeholder is left in docs/hooks.md"
    );
}

/// Text in a base64 body: the human and short formats give the same place (the line where the
/// body starts, the column in the decoded line); JSON adds the decoded line.
#[test]
fn a_base64_body_is_placed_alike_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b64.eml");
    std::fs::write(
        &path,
        "From: m@example.com\nTo: Anna <anna@example.com>\nSubject: Logo\nMIME-Version: 1.0\n\
         Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n\
         SGkgQW5uYSwKCnRoZSBkcmFmdCBpcyByZWFkeS4gQ291bGQgeW91IHNlbmQgbWUgdGhlIGxvZ28/\n\
         CgpCZXN0IHJlZ2FyZHMsCk1hcmNvCg==\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let run = |format: &str| {
        let out = mailcheck()
            .args([
                "--at",
                IN_HOURS,
                "--format",
                format,
                "--select",
                "next-steps",
                p,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let short = run("short");
    assert!(
        short.starts_with(&format!("{p}:8:21: ")) && short.contains("[next-steps]"),
        "{short}"
    );
    let human = run("human");
    assert!(human.contains(&format!("--> {p}:8:21")), "{human}");
    assert!(human.contains("line 3 of the decoded text"), "{human}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json[0]["line"], 8);
    assert_eq!(json[0]["text_line"], 3);
}

// The interface language (#21): chosen by `[ui] language`, else LC_ALL, LC_MESSAGES, LANG.

/// The summary line of a check of `draft` with these locale variables (the harness removes
/// the rest).
fn summary_with(config: Option<&std::path::Path>, vars: &[(&str, &str)], draft: &str) -> String {
    let mut cmd = mailcheck();
    if let Some(c) = config {
        cmd.env("MAILCHECK_CONFIG", c);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["check", "--at", IN_HOURS, draft])
        .output()
        .expect("runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

#[test]
fn interface_language_follows_lc_all_then_lc_messages_then_lang() {
    let draft = "tests/fixtures/en-placeholder.eml";
    let said = |vars: &[(&str, &str)]| summary_with(None, vars, draft);
    assert_eq!(said(&[]), "Found 2 errors in 1 file.");
    assert_eq!(
        said(&[("LANG", "it_IT.UTF-8")]),
        "Risultato: 2 errori in 1 file."
    );
    assert_eq!(
        said(&[("LANG", "ru_RU.UTF-8")]),
        "Проверено: 1 файл. Найдено: 2 ошибки."
    );
    // LC_ALL over LC_MESSAGES over LANG.
    let all = [
        ("LC_ALL", "ru_RU.UTF-8"),
        ("LC_MESSAGES", "it_IT.UTF-8"),
        ("LANG", "it_IT.UTF-8"),
    ];
    assert!(said(&all).starts_with("Проверено"), "{}", said(&all));
    let messages = [("LC_MESSAGES", "it_IT.UTF-8"), ("LANG", "ru_RU.UTF-8")];
    assert!(
        said(&messages).starts_with("Risultato"),
        "{}",
        said(&messages)
    );
    // Set but empty counts as unset; the first one set decides, even as C.
    let empty = [("LC_ALL", ""), ("LANG", "it_IT.UTF-8")];
    assert!(said(&empty).starts_with("Risultato"), "{}", said(&empty));
    let c = [("LC_ALL", "C"), ("LANG", "ru_RU.UTF-8")];
    assert!(said(&c).starts_with("Found"), "{}", said(&c));
    assert!(said(&[("LANG", "de_DE.UTF-8")]).starts_with("Found"));
}

#[test]
fn interface_language_from_the_config_wins_over_the_locale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base =
        std::fs::read_to_string(root().join("tests/fixtures/mailcheck.toml")).expect("fixture");
    let draft = "tests/fixtures/en-placeholder.eml";
    let ru = [("LC_ALL", "ru_RU.UTF-8")];
    for (lang, start) in [
        ("en", "Found "),
        ("it", "Risultato: "),
        ("ru", "Проверено: "),
    ] {
        let cfg = dir.path().join(format!("{lang}.toml"));
        std::fs::write(&cfg, format!("{base}\n[ui]\nlanguage = \"{lang}\"\n")).expect("write");
        let said = summary_with(Some(&cfg), &ru, draft);
        assert!(said.starts_with(start), "{lang}: {said}");
        // JSON's message and help follow it; everything else stays as it was.
        let out = mailcheck()
            .env("MAILCHECK_CONFIG", &cfg)
            .env("LC_ALL", "ru_RU.UTF-8")
            .args(["check", "--format", "json", "--at", IN_HOURS, draft])
            .output()
            .expect("runs");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let first = &v[0];
        assert_eq!(first["rule"], "placeholder");
        assert_eq!(first["severity"], "error");
        let message = first["message"].as_str().unwrap_or("");
        assert!(message.contains("[Client name]"), "{lang}: {message}");
        let english = message.starts_with("unfilled placeholder");
        assert_eq!(english, lang == "en", "{lang}: {message}");
    }
    // SARIF's message text and the short format follow the locale too; rule ids do not.
    let out = mailcheck()
        .env("LANG", "ru_RU.UTF-8")
        .args(["check", "--format", "sarif", "--at", IN_HOURS, draft])
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "placeholder");
    let text = result["message"]["text"].as_str().unwrap_or("");
    assert!(
        text.starts_with("незаполненная заглушка «[Client name]» (замените"),
        "{text}"
    );
    let out = mailcheck()
        .env("LANG", "it_IT.UTF-8")
        .args(["check", "--format", "short", "--at", IN_HOURS, draft])
        .output()
        .expect("runs");
    let short = String::from_utf8_lossy(&out.stdout);
    assert!(
        short.contains(":10:4: error[placeholder] segnaposto non compilato \"[Client name]\""),
        "{short}"
    );
    // A language mailcheck does not speak is a config error naming the file.
    let bad = dir.path().join("de.toml");
    std::fs::write(&bad, format!("{base}\n[ui]\nlanguage = \"de\"\n")).expect("write");
    let out = mailcheck()
        .env("MAILCHECK_CONFIG", &bad)
        .args(["check", "--at", IN_HOURS, draft])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // Named by its key and place, with the values allowed; the value itself is not echoed (a
    // config error never quotes the file).
    assert!(
        err.contains("de.toml: line ")
            && err.contains("`ui.language`")
            && err.contains("`en`, `it`, `ru`"),
        "{err}"
    );
}

#[test]
fn russian_summary_counts_with_the_right_plural_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (n, form) in [
        (1, "1 ошибка"),
        (2, "2 ошибки"),
        (5, "5 ошибок"),
        (11, "11 ошибок"),
        (21, "21 ошибка"),
        (22, "22 ошибки"),
    ] {
        let items: String = (1..=n).map(|i| format!("Пункт {i}: XXX.\n")).collect();
        let draft = dir.path().join(format!("{n}.eml"));
        std::fs::write(
            &draft,
            format!(
                "From: anna@example.ru\nTo: oleg@example.ru\nSubject: Смета\n\n\
                 Здравствуйте, Олег!\n\n{items}\nС уважением,\nАнна\n"
            ),
        )
        .expect("write");
        let said = summary_with(
            None,
            &[("LANG", "ru_RU.UTF-8")],
            draft.to_str().expect("utf-8 path"),
        );
        assert!(
            said.starts_with(&format!("Проверено: 1 файл. Найдено: {form}")),
            "{n}: {said}"
        );
    }
}

#[test]
fn errors_for_the_user_speak_the_interface_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let not_mail = dir.path().join("notes.txt");
    std::fs::write(&not_mail, "just some notes, no headers\n").expect("write");
    let not_mail = not_mail.to_str().expect("utf-8 path");
    let stderr = |cmd: &mut assert_cmd::Command| {
        let out = cmd.output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // A file that is no email: per file, in the check's language.
    let it = stderr(
        mailcheck()
            .env("LANG", "it_IT.UTF-8")
            .args(["check", not_mail]),
    );
    assert!(it.contains("non è un messaggio email"), "{it}");
    assert!(it.contains("notes.txt"), "{it}");
    let en = stderr(mailcheck().args(["check", not_mail]));
    assert!(en.contains("not an email message"), "{en}");
    // A config that does not parse: named, in Russian (the details are the parser's).
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[sender\n").expect("write");
    let ru = stderr(
        mailcheck()
            .env("MAILCHECK_CONFIG", &bad)
            .env("LC_ALL", "ru_RU.UTF-8")
            .args(["check", "tests/fixtures/en-clean.eml"]),
    );
    assert!(
        ru.contains("bad.toml: строка 1, столбец 8: это не TOML: unclosed table"),
        "{ru}"
    );
    // An unknown rule for `explain`, in the language the config asks for over the locale.
    let cfg = dir.path().join("it.toml");
    std::fs::write(&cfg, "[ui]\nlanguage = \"it\"\n").expect("write");
    let it = stderr(
        mailcheck()
            .env("MAILCHECK_CONFIG", &cfg)
            .env("LANG", "ru_RU.UTF-8")
            .args(["explain", "no-such-rule"]),
    );
    assert!(
        it.contains("regola sconosciuta `no-such-rule` (veda `mailcheck rules`)"),
        "{it}"
    );
}

#[test]
fn fix_says_what_it_does_in_the_interface_language() {
    let out = mailcheck()
        .env("LANG", "it_IT.UTF-8")
        .args([
            "fix",
            "--at",
            IN_HOURS,
            "tests/fixtures/it-next-steps-missing.eml",
        ])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("inserire un blocco \"Prossimi passi\" con le 3 cose richieste"),
        "{err}"
    );
    let out = mailcheck()
        .env("LANG", "ru_RU.UTF-8")
        .args(["fix", "--at", IN_HOURS, "tests/fixtures/ru-clean.eml"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ru-clean.eml: исправлять нечего"), "{err}");
}

// A reader's note (#21) in the interface language: check's stderr, and inspect's JSON `notes`
// (which follow the language, as findings' `message` do; `[ui] language = "en"` gives English).
#[test]
fn a_draft_note_speaks_the_interface_language() {
    let file = "tests/fixtures/broken/truncated-base64.eml";
    let stderr = |lang: &str| {
        let out = mailcheck()
            .env("LANG", lang)
            .args(["check", "--at", IN_HOURS, file])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let en = stderr("C");
    assert!(
        en.contains(&format!(
            "mailcheck: note: {file}: the text body's base64 is damaged"
        )),
        "{en}"
    );
    let it = stderr("it_IT.UTF-8");
    assert!(
        it.contains(&format!(
            "mailcheck: nota: {file}: il base64 del testo è danneggiato"
        )),
        "{it}"
    );
    let ru = stderr("ru_RU.UTF-8");
    assert!(
        ru.contains(&format!(
            "mailcheck: примечание: {file}: base64 текста письма повреждён"
        )),
        "{ru}"
    );
    let out = mailcheck()
        .env("LANG", "ru_RU.UTF-8")
        .args(["inspect", "--format", "json", file])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let notes = json["notes"].as_array().expect("notes");
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("повреждён"))),
        "{json}"
    );
}

/// `serve --setup` (what to type into a mail client) in each interface language: the words in
/// the language, the settings (server, port, security, user, certificate) as they are. The
/// temporary directory and the fingerprint of the certificate made for it are replaced.
#[test]
fn serve_setup_speaks_the_interface_language() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mailcheck.toml");
    std::fs::write(
        &config,
        "[serve]\nlisten = \"127.0.0.1:41587\"\ntls_listen = \"127.0.0.1:41465\"\n\
         username = \"desk\"\npassword_env = \"MC_SETUP_PW\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = |var: &str, locale: &str| {
        let out = mailcheck()
            .env("MAILCHECK_CONFIG", &config)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("MC_SETUP_PW", "setup-pw-never-shown")
            .env(var, locale)
            .args(["serve", "--setup"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{locale}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains("setup-pw-never-shown"), "{text}");
        let fingerprint = text
            .lines()
            .last()
            .and_then(|l| l.split(' ').next_back())
            .unwrap()
            .to_string();
        assert_eq!(fingerprint.len(), 32 * 3 - 1, "{text}");
        text.replace(&dir.path().display().to_string(), "[DIR]")
            .replace(&fingerprint, "[FINGERPRINT]")
    };
    let en = run("LC_ALL", "C");
    let it = run("LC_ALL", "it_IT.UTF-8");
    let ru = run("LANG", "ru_RU.UTF-8");
    for text in [&en, &it, &ru] {
        for setting in [
            "127.0.0.1",
            "41587",
            "41465",
            "STARTTLS",
            "SSL/TLS",
            " desk",
        ] {
            assert!(text.contains(setting), "{setting}: {text}");
        }
    }
    assert!(en.contains("connection security STARTTLS"), "{en}");
    assert!(
        it.contains("Impostazioni account > Server in uscita (SMTP)"),
        "{it}"
    );
    assert!(ru.contains("имя пользователя desk"), "{ru}");
    insta::assert_snapshot!(format!("{en}---\n{it}---\n{ru}"));
}

/// Usage errors mailcheck finds itself are said in the interface language, "error" included;
/// clap's own (an unknown option) stay English, as `--help` does. Exit code 2 either way.
#[test]
fn own_usage_errors_speak_the_interface_language_and_clap_stays_english() {
    let run = |locale: &str, args: &[&str]| {
        let out = mailcheck()
            .env("LC_ALL", locale)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{locale} {args:?}: {out:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let report = ["report", "--from", "2026-11-20", "--to", "2026-11-01"];
    assert_eq!(
        run("C", &report),
        "mailcheck: error: --from 2026-11-20 is after --to 2026-11-01\n"
    );
    assert_eq!(
        run("it_IT.UTF-8", &report),
        "mailcheck: errore: --from 2026-11-20 viene dopo --to 2026-11-01\n"
    );
    assert_eq!(
        run("ru_RU.UTF-8", &report),
        "mailcheck: ошибка: --from 2026-11-20 позже, чем --to 2026-11-01\n"
    );
    let fix = [
        "fix",
        "-o",
        "/dev/null",
        "tests/fixtures/en-clean.eml",
        "tests/fixtures/it-placeholder.eml",
    ];
    assert!(run("it_IT.UTF-8", &fix).contains("-o vale per una sola bozza, non per 2"));
    assert!(run("ru_RU.UTF-8", &fix).contains("-o — только для одного черновика, а их 2"));
    // A config error keeps its file and key, and now says "error" in the language too.
    let ru = run(
        "ru_RU.UTF-8",
        &[
            "--config",
            "tests/fixtures/does-not-exist.toml",
            "tests/fixtures/en-clean.eml",
        ],
    );
    assert!(
        ru.starts_with("mailcheck: ошибка: tests/fixtures/does-not-exist.toml"),
        "{ru}"
    );
    // clap's own message: English whatever the locale.
    let it = run(
        "it_IT.UTF-8",
        &["--no-such-option", "tests/fixtures/en-clean.eml"],
    );
    assert!(
        it.contains("unexpected argument '--no-such-option'"),
        "{it}"
    );
}

/// A config error never shows the file's text (any line may hold a secret): the file, line,
/// column, key and what is wrong; a password written out gets how to give it instead.
#[test]
fn config_errors_never_echo_the_file_and_say_how_to_give_a_password() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p
    };
    let smtp = write(
        "pw.toml",
        "[smtp]\nhost = \"smtp.example.com\"\nport = 587\nusername = \"me\"\npassword = \"hunter2\"\n",
    );
    let serve = write(
        "serve.toml",
        "[serve]\nusername = \"me\"\npassword = \"hunter2\"\n",
    );
    let typed = write("port.toml", "[smtp]\nhost = \"h\"\nport = \"hunter2\"\n");
    let syntax = write("syntax.toml", "[sender]\ntimezone = \"hunter2\n");
    for (file, expect) in [
        (
            &smtp,
            "pw.toml: line 5, column 1: `smtp.password`: a password is never written in the \
             config file: name a command that prints it (`password_command`) or an environment \
             variable that holds it (`password_env`)\n",
        ),
        (
            &serve,
            "serve.toml: line 3, column 1: `serve.password`: a password is never written",
        ),
        (
            &typed,
            "port.toml: line 3, column 8: `smtp.port`: wrong type of value (expected u16)\n",
        ),
        (
            &syntax,
            "syntax.toml: line 2, column 20: not valid TOML: invalid basic string",
        ),
    ] {
        for lang in ["C", "it_IT.UTF-8", "ru_RU.UTF-8"] {
            let out = mailcheck()
                .env("MAILCHECK_CONFIG", file)
                .env("LANG", lang)
                .args(["check", "--at", IN_HOURS, "tests/fixtures/en-clean.eml"])
                .output()
                .expect("runs");
            assert_eq!(out.status.code(), Some(2));
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("hunter2") && !err.contains(" | "), "{err}");
            if lang == "C" {
                assert!(err.contains(expect), "{err}");
            }
        }
    }
    let out = mailcheck()
        .env("MAILCHECK_CONFIG", &smtp)
        .env("LANG", "ru_RU.UTF-8")
        .args(["check", "tests/fixtures/en-clean.eml"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("строка 5, столбец 1: `smtp.password`: пароль не пишут в файле настроек")
            && err.contains("`password_command`")
            && err.contains("`password_env`"),
        "{err}"
    );
}

/// SARIF for a file that could not be read is not a clean log: the invocation failed, with a
/// notification naming the file.
#[test]
fn sarif_says_a_file_could_not_be_checked() {
    let out = mailcheck()
        .args([
            "check",
            "--format",
            "sarif",
            "--at",
            IN_HOURS,
            "tests/fixtures/does-not-exist.eml",
            "tests/fixtures/en-placeholder.eml",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let run = &sarif["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let n = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    assert_eq!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/does-not-exist.eml"
    );
    assert!(
        n["message"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("cannot read")),
        "{n}"
    );
    assert!(!run["results"].as_array().expect("results").is_empty());
    // A run that read everything says so.
    let out = mailcheck()
        .args(["check", "--format", "sarif", "--at", IN_HOURS])
        .arg("tests/fixtures/en-clean.eml")
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn not_an_email_is_said_whole_in_the_interface_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("notes.eml");
    std::fs::write(&file, "X-Note: mine\n\nhello\n").expect("write");
    let out = mailcheck()
        .env("LANG", "ru_RU.UTF-8")
        .arg("check")
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "это не письмо: нет ни одного из полей заголовка письма (From, To, Subject, Date, ...)"
        ),
        "{err}"
    );
    assert!(!err.contains("none of the header"), "{err}");
}

/// `hook install neomutt --write` with no FILE, as docs/hooks.md and `--help` show it, writes
/// `$XDG_CONFIG_HOME/neomutt/neomuttrc` (it failed with "a value is required for '--write'").
#[test]
fn hook_install_neomutt_write_without_a_file_uses_the_default_rc() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().join("xdg");
    let run = || {
        mailcheck()
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", &xdg)
            .args(["hook", "install", "neomutt", "--write"])
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rc = std::fs::read_to_string(xdg.join("neomutt/neomuttrc")).unwrap();
    assert!(rc.contains(" sendmail\"\nset sendmail_wait = 0"), "{rc}");
    let again = run();
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("already has mailcheck's lines"));
    let rc2 = std::fs::read_to_string(xdg.join("neomutt/neomuttrc")).unwrap();
    assert_eq!(rc, rc2);
}

/// A password variable that is set but empty is said as such, not as "not set" (an audit of the
/// sending half: `export MAILCHECK_SERVE_PASSWORD=` lost its value and the message misled).
#[test]
fn an_empty_password_variable_is_said_to_be_empty() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("mailcheck.toml");
    std::fs::write(
        &cfg,
        "[serve]\nusername = \"me\"\npassword_env = \"MC_TEST_EMPTY_PW\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    for (value, said) in [
        (Some(""), "`MC_TEST_EMPTY_PW` is set but empty"),
        (None, "`MC_TEST_EMPTY_PW` is not set"),
    ] {
        let mut cmd = mailcheck();
        cmd.args(["--config", cfg.to_str().unwrap(), "serve", "--setup"]);
        match value {
            Some(v) => cmd.env("MC_TEST_EMPTY_PW", v),
            None => cmd.env_remove("MC_TEST_EMPTY_PW"),
        };
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(said) && err.contains("serve.password_env"),
            "{err}"
        );
    }
}

/// `hook install` speaks the interface language, its refusals too (they were English only).
#[test]
fn hook_install_speaks_the_interface_language() {
    let dir = tempfile::tempdir().unwrap();
    let rc = dir.path().join("neomuttrc");
    for (lang, added, already) in [
        ("en_GB.UTF-8", "added to", "already has mailcheck's lines"),
        (
            "it_IT.UTF-8",
            "aggiunto a",
            "contiene già le righe di mailcheck",
        ),
        ("ru_RU.UTF-8", "добавлено в", "уже есть строки mailcheck"),
    ] {
        let _ = std::fs::remove_file(&rc);
        let run = || {
            mailcheck()
                .env("LANG", lang)
                .args([
                    "hook",
                    "install",
                    "neomutt",
                    "--write",
                    rc.to_str().unwrap(),
                ])
                .output()
                .unwrap()
        };
        let first = run();
        assert!(
            String::from_utf8_lossy(&first.stdout).contains(added),
            "{lang}: {first:?}"
        );
        let second = run();
        assert!(
            String::from_utf8_lossy(&second.stdout).contains(already),
            "{lang}: {second:?}"
        );
    }
    let not_a_repo = dir.path().join("plain");
    std::fs::create_dir(&not_a_repo).unwrap();
    for (lang, said) in [
        ("en_GB.UTF-8", "not in a git repository"),
        ("it_IT.UTF-8", "non è in un repository git"),
        ("ru_RU.UTF-8", "это не git-репозиторий"),
    ] {
        let out = mailcheck()
            .env("LANG", lang)
            .env("GIT_CEILING_DIRECTORIES", dir.path())
            .args([
                "hook",
                "install",
                "git",
                "--repo",
                not_a_repo.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{lang}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(said),
            "{lang}: {out:?}"
        );
    }
}

/// A password written where the variable's name goes (`password_env = "hunter2!"`) is never
/// echoed: it is not a variable name, and the error says what the key wants.
#[test]
fn a_password_in_password_env_is_not_echoed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("mailcheck.toml");
    std::fs::write(
        &cfg,
        "[serve]\nusername = \"me\"\npassword_env = \"S3cr3t-Pa55!\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = mailcheck()
        .args(["--config", cfg.to_str().unwrap(), "serve", "--setup"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("S3cr3t"), "{err}");
    assert!(err.contains("names an environment variable"), "{err}");
}
