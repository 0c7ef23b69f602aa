//! The draft reader on real messages (`tests/fixtures/reader/`, EN/IT/RU): what is the writer's
//! own text and what is not (quotes in every common layout, attributions wrapped or in other
//! languages, Outlook header blocks, PGP armour, list footers, device lines, forwarded headers),
//! as `tests/fixtures/reader/expected.toml` says.

mod common;

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

/// Our own text against GitHub's email_reply_parser on its public fixtures
/// (`tests/fixtures/reply-parser/`, see its README): the reference's visible, unquoted fragments
/// against our own lines plus a sign-off's signature block (the reference keeps "Thanks,\nAnna"
/// visible; we set it apart as signature, which is no disagreement about whose words they are).
#[test]
fn own_text_agrees_with_the_reference_reply_parser() {
    let dir = root().join("tests/fixtures/reply-parser");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".eml").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 20, "{names:?}");
    let mut disagree = Vec::new();
    for name in &names {
        let path = format!("tests/fixtures/reply-parser/{name}.eml");
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
        let mut ours = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let in_signoff = signoff
                .is_some_and(|s| i >= s && lines[s..=i].iter().all(|l| kind(l) == "signature"));
            if kind(l) == "own" || in_signoff {
                ours.push(text(l));
            }
        }
        let got = word_lines(ours.iter().map(String::as_str));
        if got != want {
            disagree.push(format!(
                "{name}:\n  reference: {want:?}\n  ours:      {got:?}"
            ));
        }
    }
    let agree = names.len() - disagree.len();
    println!(
        "reply-parser fixtures: {agree} of {} agree\n{}",
        names.len(),
        disagree.join("\n")
    );
    assert!(
        agree * 100 >= names.len() * 95,
        "only {agree} of {} agree:\n{}",
        names.len(),
        disagree.join("\n")
    );
}
