//! The draft reader on real messages (`tests/fixtures/reader/`, EN/IT/RU): what is the writer's
//! own text and what is not (quotes in every common layout, attributions wrapped or in other
//! languages, Outlook header blocks, PGP armour, list footers, device lines, forwarded headers),
//! as `tests/fixtures/reader/expected.toml` says.

use crate::common;

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    message: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    file: String,
    own_has: Vec<String>,
    own_lacks: Vec<String>,
    greeting: Option<u64>,
}

#[test]
fn the_reader_splits_real_messages_as_expected() {
    let dir = root().join("tests/fixtures/reader");
    let text = std::fs::read_to_string(dir.join("expected.toml")).unwrap();
    let expected: Expected = toml::from_str(&text).unwrap();
    assert!(expected.message.len() >= 9);
    let mut misses = Vec::new();
    for m in &expected.message {
        let path = format!("tests/fixtures/reader/{}", m.file);
        let out = mailcheck()
            .args(["inspect", "--format", "json", &path])
            .output()
            .unwrap();
        assert!(out.status.success(), "{path}: {out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let own = v["own_text"].as_str().unwrap_or_default();
        for s in &m.own_has {
            if !own.contains(s.as_str()) {
                misses.push(format!("{path}: own text lacks {s:?}"));
            }
        }
        for s in &m.own_lacks {
            if own.contains(s.as_str()) {
                misses.push(format!("{path}: own text has {s:?}"));
            }
        }
        if m.greeting.is_some() && v["greeting_line"].as_u64() != m.greeting {
            misses.push(format!(
                "{path}: greeting at {}, expected {:?}",
                v["greeting_line"], m.greeting
            ));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

/// The lines of `text` that hold a letter or digit, trimmed: separator lines ("-----") and
/// blank lines are layout, not words either reader could disagree on.
fn word_lines<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    lines
        .map(str::trim)
        .filter(|l| l.chars().any(char::is_alphanumeric))
        .map(str::to_string)
        .collect()
}

/// Our own text on one reference set (`tests/fixtures/reply-parser/SET/`): the fixtures that
/// disagree with the reference, and how many there are.
fn reply_parser_disagreements(set: &str) -> (Vec<String>, usize) {
    let dir = root().join("tests/fixtures/reply-parser").join(set);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".eml").map(str::to_string)
        })
        .collect();
    names.sort();
    let mut disagree = Vec::new();
    for name in &names {
        let path = format!("tests/fixtures/reply-parser/{set}/{name}.eml");
        let reference = std::fs::read_to_string(dir.join(format!("{name}.own"))).unwrap();
        let want = word_lines(reference.lines());
        let out = mailcheck()
            .args(["inspect", "--format", "json", &path])
            .output()
            .unwrap();
        assert!(out.status.success(), "{path}: {out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let lines = v["lines"].as_array().unwrap();
        let text = |l: &serde_json::Value| l["text"].as_str().unwrap_or_default().to_string();
        let kind = |l: &serde_json::Value| l["kind"].as_str().unwrap_or_default().to_string();
        // The sign-off's block: from the sign-off line (not a "--" delimiter) over the
        // signature lines that follow it.
        let signoff = v["signoff_line"].as_u64().and_then(|n| {
            lines
                .iter()
                .position(|l| l["file_line"].as_u64() == Some(n))
                .filter(|&i| !text(&lines[i]).trim_start().starts_with("--"))
        });
        // Whether a sign-off's block ("Thanks,\nAnna") is the writer's words or signature is a
        // name, not a disagreement: GitHub's parser keeps it visible, Crisp's mostly hides it,
        // we call it signature. Either reading agrees.
        let mut own = Vec::new();
        let mut with_signoff = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let in_signoff = signoff
                .is_some_and(|s| i >= s && lines[s..=i].iter().all(|l| kind(l) == "signature"));
            if kind(l) == "own" {
                own.push(text(l));
            }
            if kind(l) == "own" || in_signoff {
                with_signoff.push(text(l));
            }
        }
        let own = word_lines(own.iter().map(String::as_str));
        let with_signoff = word_lines(with_signoff.iter().map(String::as_str));
        if own != want && with_signoff != want {
            disagree.push(format!(
                "{set}/{name}:\n  reference: {want:?}\n  ours:      {with_signoff:?}"
            ));
        }
    }
    (disagree, names.len())
}

/// Our own text against reference reply parsers on their public fixtures
/// (`tests/fixtures/reply-parser/`, see its README): GitHub's email_reply_parser and Crisp's
/// email-reply-parser (a port of willdurand's, with fixtures in many languages): the
/// reference's visible, unquoted fragments against our own lines.
#[test]
fn own_text_agrees_with_the_reference_reply_parsers() {
    let mut report = Vec::new();
    let (mut agree, mut total) = (0, 0);
    for (set, at_least) in [("github", 20), ("crisp", 70)] {
        let (disagree, n) = reply_parser_disagreements(set);
        assert!(n >= at_least, "{set}: {n} fixtures");
        report.push(format!("{set}: {} of {n} agree", n - disagree.len()));
        report.extend(disagree.iter().cloned());
        agree += n - disagree.len();
        total += n;
    }
    report.push(format!("all: {agree} of {total} agree"));
    println!("{}", report.join("\n"));
    assert!(
        agree * 100 >= total * 95,
        "under 95% agreement:\n{}",
        report.join("\n")
    );
}
