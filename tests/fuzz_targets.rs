//! The fuzz targets' bodies (`mailcheck::fuzzing`, run by `bash bench/fuzz.sh`) on every real
//! message the repository holds, in this process: a target that no longer compiles, or panics on
//! a fixture, fails here and not on the next long fuzz run.

use crate::common;

use common::*;

/// Every message the command line would check under `tests/fixtures`, `examples` and the
/// bench's HTML mail (`*.eml` files and Maildir messages: `mailcheck::inputs::expand`).
fn messages() -> Vec<std::path::PathBuf> {
    let dirs: Vec<_> = ["tests/fixtures", "examples", "bench/html"]
        .iter()
        .map(|d| root().join(d))
        .collect();
    mailcheck::inputs::expand(&dirs)
        .into_iter()
        .filter_map(|input| match input {
            Ok(mailcheck::inputs::Input::File(p)) => Some(p),
            _ => None,
        })
        .collect()
}

#[test]
fn the_check_target_runs_on_every_message_here() {
    let messages = messages();
    assert!(messages.len() >= 300, "{} messages", messages.len());
    for p in &messages {
        let data = std::fs::read(p).unwrap();
        mailcheck::fuzzing::check(&data);
    }
}

#[test]
fn the_queue_entry_target_runs_on_a_meta_line_and_each_fixture() {
    let meta = r#"{"id":"a1","message_id":"x@example.com","state":"queued","created":"2026-11-23T10:00:00Z","due":"2026-11-23T10:00:00Z","first_due":"2026-11-23T10:00:00Z","sender_zone":"Europe/Rome","from":"a@example.com","recipients":[{"address":"b@example.com","state":"pending"}],"attempts":0}"#;
    for p in messages().iter().take(40) {
        let mut data = format!("{meta}\n").into_bytes();
        data.extend(std::fs::read(p).unwrap());
        mailcheck::fuzzing::queue_entry(&data);
    }
    mailcheck::fuzzing::queue_entry(&meta.as_bytes()[..90]);
    mailcheck::fuzzing::queue_entry(b"");
}
