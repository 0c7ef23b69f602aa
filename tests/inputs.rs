//! What the user names on the command line besides one draft: a folder of drafts, a Maildir
//! (mutt's and Dovecot's Drafts folder), a folder with nothing to check, an mbox of several
//! messages. Nothing may pass in silence: a hook that is given nothing to check must not say
//! "clean".

use crate::common;

use common::*;

/// A Maildir `Drafts` in `dir` holding the fixtures, under Maildir file names (no extension).
fn maildir(dir: &std::path::Path, fixtures: &[(&str, &str)]) -> std::path::PathBuf {
    let md = dir.join("Drafts");
    for d in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(md.join(d)).unwrap();
    }
    for (fixture, name) in fixtures {
        std::fs::copy(root().join("tests/fixtures").join(fixture), md.join(name)).unwrap();
    }
    md
}

#[test]
fn a_maildir_is_checked_message_by_message() {
    let dir = tempfile::tempdir().unwrap();
    let md = maildir(
        dir.path(),
        &[
            ("en-placeholder.eml", "cur/1764000000.M1P1.host:2,S"),
            ("it-placeholder.eml", "new/1764000001.M2P1.host"),
            ("ru-placeholder.eml", "cur/1764000002.M3P1.host:2,DS"),
            ("en-clean.eml", "tmp/1764000003.M4P1.host"),
        ],
    );
    for arg in [md.clone(), md.join("cur"), dir.path().to_path_buf()] {
        let (code, findings) = check_json(&[arg.to_str().unwrap()]);
        assert_eq!(code, 1, "{arg:?}");
        let mut files: Vec<_> = findings
            .iter()
            .filter(|f| f["rule"] == "placeholder")
            .map(|f| f["file"].as_str().unwrap().to_string())
            .collect();
        files.dedup();
        let expected = if arg.ends_with("cur") { 2 } else { 3 };
        assert_eq!(files.len(), expected, "{arg:?}: {files:?}");
        // What is being written (tmp/) is no draft yet.
        assert!(files.iter().all(|f| !f.contains("/tmp/1764")), "{files:?}");
    }
}

#[test]
fn a_folder_with_nothing_to_check_is_exit_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "Buy milk.\n").unwrap();
    let path = dir.path().to_str().unwrap();
    for (lang, said) in [
        ("en_GB.UTF-8", "no drafts in this folder"),
        ("it_IT.UTF-8", "nessuna bozza in questa cartella"),
        ("ru_RU.UTF-8", "в этой папке нет черновиков"),
    ] {
        let out = mailcheck().env("LANG", lang).arg(path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{lang}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(path) && err.contains(said), "{lang}: {err}");
    }
    // JSON output says nothing was checked by the exit code, not by an empty list alone.
    let out = mailcheck()
        .args(["--format", "json", path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_mbox_of_several_messages_is_refused_and_one_is_read() {
    let mbox = "tests/fixtures/desk/december.mbox";
    for (lang, said) in [
        ("en_GB.UTF-8", "an mbox of"),
        ("it_IT.UTF-8", "un mbox di"),
        ("ru_RU.UTF-8", "это mbox из"),
    ] {
        let out = mailcheck().env("LANG", lang).arg(mbox).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{lang}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(mbox) && err.contains(said), "{lang}: {err}");
    }
    // One message behind an mbox "From " line is a draft like any other.
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.mbox");
    let draft = std::fs::read(root().join("tests/fixtures/en-placeholder.eml")).unwrap();
    let mut bytes = b"From marco@example.com Mon Nov 16 10:00:00 2026\n".to_vec();
    bytes.extend(draft);
    std::fs::write(&one, bytes).unwrap();
    let (code, findings) = check_json(&[one.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(rules_of(&findings).contains(&"placeholder".to_string()));
}
