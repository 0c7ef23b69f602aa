//! Snapshots of the human output (insta): what a user sees for typical drafts. Review changes
//! with `cargo insta review`, or `INSTA_UPDATE=always cargo test` and `git diff`.

use crate::common;

use common::*;

fn human(args: &[&str]) -> String {
    let out = mailcheck().args(args).output().expect("runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&format!("[exit {}]\n", out.status.code().unwrap_or(-1)));
    text
}

#[test]
fn angry_english() {
    insta::assert_snapshot!(human(&["--at", IN_HOURS, "tests/fixtures/en-angry.eml"]));
}

#[test]
fn italian_placeholder_from_the_seed() {
    insta::assert_snapshot!(human(&[
        "--at",
        IN_HOURS,
        "tests/fixtures/it-placeholder.eml"
    ]));
}

#[test]
fn russian_windows_1251() {
    insta::assert_snapshot!(human(&[
        "--at",
        IN_HOURS,
        "tests/fixtures/ru-windows-1251.eml"
    ]));
}

#[test]
fn base64_body_has_no_file_line() {
    insta::assert_snapshot!(human(&["--at", IN_HOURS, "tests/fixtures/ru-base64.eml"]));
}

#[test]
fn quoted_printable_continuation_line() {
    insta::assert_snapshot!(human(&[
        "--at",
        IN_HOURS,
        "tests/fixtures/it-quoted-printable.eml"
    ]));
}

#[test]
fn off_hours_and_empty_subject() {
    insta::assert_snapshot!(human(&[
        "--at",
        "2026-11-21T23:00:00+01:00",
        "tests/fixtures/en-empty-subject.eml",
    ]));
}

#[test]
fn example_that_the_readme_runs() {
    insta::assert_snapshot!(human(&["--at", IN_HOURS, "examples/it-preventivo.eml"]));
}

#[test]
fn rules_list() {
    insta::assert_snapshot!(human(&["rules"]));
}

// The interface language (#21): the same drafts, and `explain`, under each UI language.

/// The output under `LANG=<locale>` for each of the three interface languages, one after the
/// other.
fn in_each_language(args: &[&str]) -> String {
    let mut text = String::new();
    for locale in ["C", "it_IT.UTF-8", "ru_RU.UTF-8"] {
        let out = mailcheck()
            .env("LANG", locale)
            .args(args)
            .output()
            .expect("runs");
        text.push_str(&format!("=== LANG={locale}\n"));
        text.push_str(&String::from_utf8_lossy(&out.stdout));
        text.push_str(&format!("[exit {}]\n", out.status.code().unwrap_or(-1)));
    }
    // `explain` names the config file: the same wherever the repository is checked out.
    text.replace(&root().display().to_string(), "<repo>")
}

#[test]
fn interface_language_english_draft() {
    insta::assert_snapshot!(in_each_language(&[
        "--at",
        IN_HOURS,
        "tests/fixtures/en-placeholder.eml"
    ]));
}

#[test]
fn interface_language_italian_draft() {
    insta::assert_snapshot!(in_each_language(&[
        "--at",
        IN_HOURS,
        "tests/fixtures/it-next-steps-missing.eml"
    ]));
}

#[test]
fn interface_language_russian_draft() {
    insta::assert_snapshot!(in_each_language(&[
        "--at",
        "2026-11-21T23:00:00+01:00",
        "tests/fixtures/ru-angry.eml"
    ]));
}

#[test]
fn interface_language_explain_headings() {
    insta::assert_snapshot!(in_each_language(&["explain", "subject-length"]));
}

#[test]
fn interface_language_rules_list() {
    insta::assert_snapshot!(in_each_language(&["rules"]));
}
