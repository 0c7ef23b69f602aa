//! Where mail is sent: the sendmail shim, the git `sendemail-validate` hook, neomutt, pre-commit.
//!
//! `end_to_end_with_the_real_programs` runs `tests/integration.sh`: neomutt, git send-email and
//! pre-commit against a real SMTP server (`scripts/ci-setup.sh` installs them; a missing program
//! fails the test, saying which). The other tests drive the binary alone.

use crate::common;

use std::path::Path;
use std::process::Command as StdCommand;

use common::{mailcheck, root};

const CLEAN: &str = "From: Marta Rossi <marta@example.it>\nTo: Anna Rossi <anna@example.com>\n\
    Subject: Report\n\nHi Anna,\n\nthe report is ready in the shared folder.\n\nBest regards,\nMarta\n";

#[test]
fn end_to_end_with_the_real_programs() {
    let out = StdCommand::new("bash")
        .arg(root().join("tests/integration.sh"))
        .arg(env!("CARGO_BIN_EXE_mailcheck"))
        .current_dir(root())
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "tests/integration.sh failed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
    );
    assert!(stdout.contains("all passed"), "{stdout}");
}

/// The shim with a config of its own (an outbox in `dir`, no SMTP server needed to queue).
fn shim(dir: &Path) -> assert_cmd::Command {
    let config = dir.join("mailcheck.toml");
    std::fs::write(
        &config,
        format!(
            "[sender]\ntimezone = \"Europe/Rome\"\n[outbox]\npath = \"{}\"\n",
            dir.join("outbox").display()
        ),
    )
    .expect("config");
    let mut cmd = mailcheck();
    cmd.env("MAILCHECK_CONFIG", &config)
        .env("MAILCHECK_NOW", "2026-11-23T10:00:00+01:00")
        .env("XDG_DATA_HOME", dir.join("data"));
    cmd
}

fn queued(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("outbox").join("due")).map_or(0, |d| d.count())
}

#[test]
fn sendmail_refuses_errors_on_stderr_and_queues_clean_mail_with_the_argument_recipients() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = CLEAN.replace("Hi Anna,", "Hi [Client name],");
    let out = shim(dir.path())
        .args(["sendmail", "-oem", "-oi", "--", "anna@example.com"])
        .write_stdin(bad)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("placeholder") && err.contains("not queued"),
        "{err}"
    );
    assert_eq!(queued(dir.path()), 0);

    let out = shim(dir.path())
        .args(["sendmail", "-i", "-F", "Marta Rossi", "-f", "m@example.it"])
        .args(["other@example.org"])
        .write_stdin(CLEAN)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("queued"), "{err}");
    assert_eq!(queued(dir.path()), 1);
    let list = shim(dir.path())
        .args(["outbox", "list", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    assert_eq!(v[0]["from"], "m@example.it");
    let to: Vec<&str> = v[0]["recipients"]
        .as_array()
        .expect("recipients")
        .iter()
        .filter_map(|r| r["address"].as_str())
        .collect();
    assert_eq!(to, ["other@example.org"], "only the argument recipients");
}

#[test]
fn sendmail_without_recipients_or_with_an_unknown_mode_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = shim(dir.path())
        .args(["sendmail", "-oi"])
        .write_stdin(CLEAN)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("-t"));
    let out = shim(dir.path())
        .args(["sendmail", "-bp"])
        .write_stdin(CLEAN)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(queued(dir.path()), 0);
}

#[test]
fn sent_at_once_to_a_server_that_is_down_exits_75_and_leaves_nothing_queued() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let config = dir.path().join("mailcheck.toml");
    std::fs::write(
        &config,
        format!(
            "[sender]\ntimezone = \"Europe/Rome\"\n[outbox]\npath = \"{}\"\n\
             [smtp]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\ntimeout = 2\n\
             [sendmail]\nmode = \"send\"\n",
            dir.path().join("outbox").display()
        ),
    )
    .expect("config");
    let out = mailcheck()
        .env("MAILCHECK_CONFIG", &config)
        .env("MAILCHECK_NOW", "2026-11-23T10:00:00+01:00")
        .args(["sendmail", "-t"])
        .write_stdin(CLEAN)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(75), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not sent"));
    assert_eq!(queued(dir.path()), 0);
    let list = mailcheck()
        .env("MAILCHECK_CONFIG", &config)
        .args(["outbox", "list"])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("empty"),
        "{list:?}"
    );
}

#[test]
fn an_angry_message_is_never_sent_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let angry = CLEAN.replace(
        "the report is ready in the shared folder.",
        "this is RIDICULOUS!!! You NEVER read my mail.",
    );
    let out = shim(dir.path())
        .args(["sendmail", "--now", "-t"])
        .write_stdin(angry.clone())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("never sent at once"));
    // Queued, it is held for its cool-down.
    let out = shim(dir.path())
        .args(["sendmail", "-t"])
        .write_stdin(angry)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("held"));
}

#[test]
fn the_git_hook_checks_the_commit_message_not_the_diff() {
    let dir = tempfile::tempdir().expect("temp dir");
    let patch = dir.path().join("0001-fix.patch");
    std::fs::write(
        &patch,
        "From 1234 Mon Sep 17 00:00:00 2001\nFrom: Anna <anna@example.com>\n\
         Subject: [PATCH] Fix the parser\n\nThe parser reads the second line now.\n---\n \
         a.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n\
         diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-/* TODO STUPID!!! */\n\
         +/* see attached IDIOT code, XXX */\n-- \n2.47.3\n",
    )
    .expect("patch");
    let headers = dir.path().join("headers");
    std::fs::write(
        &headers,
        "From: Anna <anna@example.com>\nTo: list@example.org\nSubject: [PATCH] Fix the parser\n",
    )
    .expect("headers");
    mailcheck()
        .args(["hook", "sendemail-validate"])
        .arg(&patch)
        .arg(&headers)
        .assert()
        .success();
    let text = std::fs::read_to_string(&patch)
        .expect("patch")
        .replace("reads the second line now", "reads it now, see attached");
    std::fs::write(&patch, text).expect("patch");
    let out = mailcheck()
        .args(["hook", "sendemail-validate"])
        .arg(&patch)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing-attachment"), "{err}");
    assert!(
        !err.contains("angry-tone") && !err.contains("placeholder"),
        "{err}"
    );
}

/// The outbox's entries (`outbox list --format json`).
fn entries(dir: &Path) -> usize {
    let list = shim(dir)
        .args(["outbox", "list", "--format", "json"])
        .output()
        .expect("runs");
    assert!(list.status.success(), "{list:?}");
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    v.as_array().map_or(0, Vec::len)
}

/// Issue 16: a mail client that calls sendmail twice for the same message (a retry after a
/// timeout) gets success both times, and the message is queued once; the second call says so on
/// stderr. The same Message-ID to other recipients (a bounce) is a new message.
#[test]
fn sendmail_accepts_the_same_message_twice_and_queues_it_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let with_id = format!("Message-ID: <retry-1@example.it>\n{CLEAN}");
    let call = |msg: &str, rcpt: &str| {
        shim(dir.path())
            .args(["sendmail", "-oem", "-oi", "--", rcpt])
            .write_stdin(msg.to_string())
            .output()
            .expect("runs")
    };
    let out = call(&with_id, "anna@example.com");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(entries(dir.path()), 1);

    let out = call(&with_id, "anna@example.com");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("<retry-1@example.it>")
            && err.contains("already in the outbox")
            && err.contains("not queued again"),
        "{err}"
    );
    assert_eq!(entries(dir.path()), 1, "queued twice");

    // Without a Message-ID (a client that lets the MTA add one): the same body to the same
    // recipient while the first copy is unsent.
    let other = CLEAN.replace("in the shared folder", "on the server");
    let out = call(&other, "anna@example.com");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(entries(dir.path()), 2);
    let out = call(&other, "anna@example.com");
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not queued again"));
    assert_eq!(entries(dir.path()), 2);

    // A bounce: the same message, Message-ID kept, to someone else.
    let out = call(&with_id, "bob@example.org");
    assert!(out.status.success(), "{out:?}");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("not queued again"),
        "{out:?}"
    );
    assert_eq!(entries(dir.path()), 3);
}
