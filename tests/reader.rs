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
