//! The outbox end to end: `mailcheck send` and `mailcheck outbox ...` run as the real binary
//! against a real SMTP server on 127.0.0.1 (aiosmtpd with STARTTLS and AUTH, started by
//! `tests/smtp_server.py`), checking the bytes that arrived. `MAILCHECK_NOW` sets the clock.
//!
//! The server needs Python 3 with `aiosmtpd` and `trustme` (`scripts/ci-setup.sh` installs
//! them); without them these tests fail saying so.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;

use common::smtp::{PASSWORD, SmtpServer as Server, USER};

/// A test's own directory: config (mode 0600), outbox, drafts.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new(zone: &str, port: u16, ca: &Path, extra: &str) -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = format!(
            "[sender]\ntimezone = \"{zone}\"\n\n[recipients]\n\"example.jp\" = \"Asia/Tokyo\"\n\n\
             [outbox]\npath = \"outbox\"\n{extra}\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {port}\n\
             tls = \"starttls\"\nusername = \"{USER}\"\npassword_env = \"MC_TEST_SMTP_PW\"\n\
             ca_file = \"{}\"\ntimeout = 2\nhello_name = \"client.test\"\n",
            ca.display()
        );
        let path = dir.path().join("mailcheck.toml");
        std::fs::write(&path, config).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        Env { dir }
    }

    fn for_server(server: &Server) -> Env {
        Env::new("Europe/Rome", server.port, &server.ca(), "")
    }

    fn mailcheck(&self, now: &str) -> Command {
        Command::from_std(self.std_command(now))
    }

    fn std_command(&self, now: &str) -> StdCommand {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("mailcheck"));
        cmd.current_dir(self.dir.path())
            .env("MAILCHECK_CONFIG", self.dir.path().join("mailcheck.toml"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("MAILCHECK_NOW", now)
            .env("MC_TEST_SMTP_PW", PASSWORD)
            .env("NO_COLOR", "1");
        // English whatever the machine's locale; a test that wants a language sets it.
        for var in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            cmd.env_remove(var);
        }
        cmd
    }

    fn draft(&self, name: &str, text: &str) -> String {
        std::fs::write(self.dir.path().join(name), text).unwrap();
        name.to_string()
    }

    /// Queues two clean drafts at MON_10, to Anna and to Bruno; their ids in that order.
    fn queue_two(&self) -> (String, String) {
        let anna = plain("anna@example.it", "A", "Hello Anna,\n\nthe file.");
        let bruno = plain("bruno@example.it", "B", "Hello Bruno,\n\nthe file.");
        let (a, _) = self.send(MON_10, &self.draft("a.eml", &anna), &[]);
        let (b, _) = self.send(MON_10, &self.draft("b.eml", &bruno), &[]);
        (a, b)
    }

    /// `mailcheck send`, expecting success; returns the queue id.
    fn send(&self, now: &str, draft: &str, args: &[&str]) -> (String, String) {
        let out = self
            .mailcheck(now)
            .arg("send")
            .arg(draft)
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "send failed: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let id = stdout
            .lines()
            .find_map(|l| {
                l.strip_prefix("queued ")
                    .or_else(|| l.strip_prefix("held "))
                    .and_then(|r| r.split(':').next())
            })
            .unwrap_or_else(|| panic!("no queue id in: {stdout}"))
            .to_string();
        (id, stdout)
    }

    /// `mailcheck outbox run --once`: (stdout, stderr).
    fn run(&self, now: &str) -> (String, String) {
        let out = self
            .mailcheck(now)
            .args(["outbox", "run", "--once"])
            .output()
            .unwrap();
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(out.status.success(), "run failed: {o}\n{e}");
        assert!(!e.contains("panicked"), "{e}");
        (o, e)
    }

    fn show(&self, id: &str) -> serde_json::Value {
        let out = self
            .mailcheck("2026-01-01T00:00:00Z")
            .args(["outbox", "show", "--format", "json", id])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn outbox(&self) -> PathBuf {
        self.dir.path().join("outbox")
    }
}

/// Mon 23 Nov 2026 10:00 in Rome: inside business hours.
const MON_10: &str = "2026-11-23T10:00:00+01:00";

fn plain(to: &str, subject: &str, body: &str) -> String {
    format!(
        "From: Marta Rossi <marta@example.it>\nTo: {to}\nSubject: {subject}\n\n{body}\n\nBest regards,\nMarta\n"
    )
}

#[test]
fn due_and_not_due_bcc_stripped_dots_stuffed_crlf_on_the_wire() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let body = "Hello Anna,\n\nthe report is ready and in the shared folder now.\n.\n.hidden line\n..two dots\nend\r\nbare CR\rhere";
    let draft = env.draft(
        "now.eml",
        &format!(
            "From: Marta Rossi <marta@example.it>\nTo: Anna <anna@example.it>\nBcc: boss@example.it\nX-Mailcheck-Allow: too-long\nSubject: Report\n\n{body}\n"
        ),
    );
    let (now_id, out) = env.send(MON_10, &draft, &[]);
    assert!(out.contains("2026-11-23T09:00:00Z"), "{out}");
    let later = env.draft(
        "later.eml",
        &plain("anna@example.it", "Later", "Hello Anna,\n\nmore tomorrow."),
    );
    let (later_id, out) = env.send(MON_10, &later, &["--at", "tomorrow 10:00"]);
    assert!(out.contains("2026-11-24T09:00:00Z"), "{out}");

    let (stdout, _) = env.run(MON_10);
    assert!(stdout.contains(&format!("sent {now_id}")), "{stdout}");
    assert!(!stdout.contains(&later_id), "{stdout}");
    let got = server.received();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.mail_from, "marta@example.it");
    let mut rcpts = m.rcpt_tos.clone();
    rcpts.sort();
    assert_eq!(rcpts, ["anna@example.it", "boss@example.it"]);
    let text = m.text();
    assert!(!text.to_lowercase().contains("bcc:"), "{text}");
    assert!(!text.contains("boss@"), "{text}");
    assert!(!text.to_lowercase().contains("x-mailcheck"), "{text}");
    assert!(text.contains("Message-ID: <"), "{text}");
    assert!(text.contains("Date: "), "{text}");
    // Dot-stuffing: the lines starting with "." arrive as written.
    assert!(
        text.contains("\r\n.\r\n.hidden line\r\n..two dots\r\nend\r\nbare CR\r\nhere"),
        "{text:?}"
    );
    for (i, &b) in m.data.iter().enumerate() {
        if b == b'\n' {
            assert_eq!(m.data[i - 1], b'\r', "bare LF at {i}");
        }
        if b == b'\r' {
            assert_eq!(m.data.get(i + 1), Some(&b'\n'), "bare CR at {i}");
        }
    }
    // The Message-ID assigned at enqueue is the one that left.
    let meta = env.show(&now_id);
    assert_eq!(meta["state"], "sent");
    assert!(text.contains(&format!("<{}>", meta["message_id"].as_str().unwrap())));
    // A copy in the sent/ Maildir, Bcc kept there.
    let sent: Vec<_> = std::fs::read_dir(env.outbox().join("sent/new"))
        .unwrap()
        .collect();
    assert_eq!(sent.len(), 1);
    let copy = std::fs::read_to_string(sent[0].as_ref().unwrap().path()).unwrap();
    assert!(copy.contains("Bcc: boss@example.it"));

    // Not due yet: a second run sends nothing; at its time it goes.
    env.run("2026-11-24T09:59:59+01:00");
    assert_eq!(server.received().len(), 1);
    let (stdout, _) = env.run("2026-11-24T10:00:00+01:00");
    assert!(stdout.contains(&format!("sent {later_id}")), "{stdout}");
    assert_eq!(server.received().len(), 2);

    // The password is nowhere in the queue.
    for e in walk(&env.outbox()) {
        let bytes = std::fs::read(&e).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(PASSWORD),
            "{}",
            e.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn off_hours_defers_into_a_tokyo_morning_across_the_senders_dst_change() {
    let server = Server::start();
    let env = Env::new("America/Los_Angeles", server.port, &server.ca(), "");
    let draft = env.draft(
        "ken.eml",
        &plain(
            "Ken <ken@example.jp>",
            "Figures",
            "Hello Ken,\n\nthe figures are final.",
        ),
    );
    // Fri 6 Mar 2026 23:00 PST; LA springs forward on Sun 8 Mar. The first moment inside both
    // LA's and Tokyo's hours: Tue 10 Mar 09:00 in Tokyo = Mon 9 Mar 17:00 PDT = 00:00Z.
    let (id, out) = env.send("2026-03-06T23:00:00-08:00", &draft, &[]);
    assert!(out.contains("queued"), "{out}");
    assert!(
        out.contains("Mon 09 Mar 17:00 America/Los_Angeles (2026-03-10T00:00:00Z)"),
        "{out}"
    );
    assert!(out.contains("Tue 10 Mar 09:00 Asia/Tokyo"), "{out}");
    env.run("2026-03-09T23:59:59Z");
    assert!(server.received().is_empty());
    let (stdout, _) = env.run("2026-03-10T00:00:00Z");
    assert!(stdout.contains(&format!("sent {id}")), "{stdout}");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn send_windows_batch_the_mornings_mail_into_the_next_window() {
    let server = Server::start();
    let env = Env::new(
        "Europe/Rome",
        server.port,
        &server.ca(),
        "send_windows = [\"09:00\", \"13:00\", \"17:00\"]",
    );
    let a = env.draft(
        "a.eml",
        &plain("anna@example.it", "Offer", "Hello Anna,\n\nthe offer."),
    );
    let b = env.draft(
        "b.eml",
        &plain(
            "bruno@example.it",
            "Invoice",
            "Hello Bruno,\n\nthe invoice.",
        ),
    );
    // Written at 10:15 and 11:40 on Monday: both leave at 13:00, together.
    let (id_a, out) = env.send("2026-11-23T10:15:00+01:00", &a, &[]);
    assert!(
        out.contains("Mon 23 Nov 13:00 Europe/Rome (2026-11-23T12:00:00Z)"),
        "{out}"
    );
    assert!(out.contains("send window: waits for the next one"), "{out}");
    let (id_b, _) = env.send("2026-11-23T11:40:00+01:00", &b, &[]);
    env.run("2026-11-23T12:59:59+01:00");
    assert!(server.received().is_empty());
    let (stdout, _) = env.run("2026-11-23T13:00:00+01:00");
    assert!(stdout.contains(&format!("sent {id_a}")), "{stdout}");
    assert!(stdout.contains(&format!("sent {id_b}")), "{stdout}");
    let got = server.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].peer, got[1].peer, "one connection for the batch");
}

#[test]
fn an_angry_draft_is_held_for_a_cool_down() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let draft = env.draft(
        "angry.eml",
        &plain(
            "anna@example.it",
            "Again",
            "Anna,\n\nthis is UNACCEPTABLE!!! You never read what I write. This is ridiculous and incompetent.",
        ),
    );
    let (id, out) = env.send(MON_10, &draft, &[]);
    assert!(
        out.starts_with("error[angry-tone]") || out.contains("angry-tone"),
        "{out}"
    );
    assert!(out.contains(&format!("held {id}")), "{out}");
    // Mon 10:00 -> Tue 09:00 Rome, the next business morning.
    assert!(out.contains("2026-11-24T08:00:00Z"), "{out}");
    assert_eq!(env.show(&id)["state"], "held");
    env.run("2026-11-23T15:00:00+01:00");
    assert!(server.received().is_empty());
    env.run("2026-11-24T09:00:00+01:00");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn errors_refuse_unless_forced_and_the_queue_commands_work() {
    let env = Env::new("Europe/Rome", 9, Path::new("/nonexistent.pem"), "");
    let draft = env.draft(
        "ph.eml",
        &plain(
            "anna@example.it",
            "Offer",
            "Hello XXX,\n\nthe offer is ready.",
        ),
    );
    let out = env
        .mailcheck(MON_10)
        .args(["send", &draft])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("error[placeholder]"), "{stdout}");
    assert!(stdout.contains("not queued"), "{stdout}");
    let list = env
        .mailcheck(MON_10)
        .args(["outbox", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("empty"));

    let (id, _) = env.send(MON_10, &draft, &["--force"]);
    // Reschedule in human words; a time in the spring-forward gap never panics.
    let out = env
        .mailcheck(MON_10)
        .args(["outbox", "reschedule", &id, "--at", "2027-03-28 02:30"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(env.show(&id)["due"], "2027-03-28T01:00:00Z");
    let out = env
        .mailcheck(MON_10)
        .args(["outbox", "list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["id"], id.as_str());
    let out = env
        .mailcheck(MON_10)
        .args(["outbox", "reschedule", &id, "--at", "whenever"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    env.mailcheck(MON_10)
        .args(["outbox", "cancel", &id])
        .assert()
        .success();
    env.mailcheck(MON_10)
        .args(["outbox", "show", &id])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no queued message"));
    // No recipients: refused with a clear message.
    let none = env.draft("none.eml", "From: a@example.it\nSubject: x\n\nHello.\n");
    env.mailcheck(MON_10)
        .args(["send", &none])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no recipient"));
}

#[test]
fn temporary_failure_defers_then_sends_once_with_the_same_message_id() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let draft = env.draft(
        "grey.eml",
        &plain(
            "data-451-once@example.it",
            "Grey",
            "Hello,\n\nthe file is ready.",
        ),
    );
    let (id, _) = env.send(MON_10, &draft, &[]);
    let (stdout, _) = env.run(MON_10);
    assert!(stdout.contains(&format!("deferred {id}")), "{stdout}");
    assert!(stdout.contains("451"), "{stdout}");
    let first = env.show(&id);
    assert_eq!(first["state"], "deferred");
    assert_eq!(first["due"], "2026-11-23T09:05:00Z");
    env.run("2026-11-23T10:04:00+01:00");
    assert!(server.received().is_empty());
    let (stdout, _) = env.run("2026-11-23T10:05:00+01:00");
    assert!(stdout.contains(&format!("sent {id}")), "{stdout}");
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert!(
        got[0]
            .text()
            .contains(first["message_id"].as_str().unwrap())
    );
}

#[test]
fn permanent_failure_keeps_the_servers_reply() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let draft = env.draft(
        "spam.eml",
        &plain(
            "data-550@example.it",
            "Spam?",
            "Hello,\n\nthe file is ready.",
        ),
    );
    let (id, _) = env.send(MON_10, &draft, &[]);
    let (_, stderr) = env.run(MON_10);
    assert!(stderr.contains(&format!("failed {id}")), "{stderr}");
    let meta = env.show(&id);
    assert_eq!(meta["state"], "failed");
    assert!(
        meta["last_reply"].as_str().unwrap().contains("spam"),
        "{meta}"
    );
    // Failed mail is not tried again by itself.
    env.run("2026-11-23T12:00:00+01:00");
    assert!(server.received().is_empty());
}

#[test]
fn mixed_recipient_replies_never_give_a_second_copy() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let draft = env.draft(
        "mixed.eml",
        &plain(
            "ok@example.it, rcpt-550@example.it, rcpt-451@example.it",
            "Mixed",
            "Hello all,\n\nthe file is ready.",
        ),
    );
    let (id, _) = env.send(MON_10, &draft, &[]);
    env.run(MON_10);
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_tos, ["ok@example.it"]);
    let meta = env.show(&id);
    assert_eq!(meta["state"], "deferred");
    let states: Vec<(&str, &str)> = meta["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["address"].as_str().unwrap(), r["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        [
            ("ok@example.it", "sent"),
            ("rcpt-550@example.it", "failed"),
            ("rcpt-451@example.it", "pending")
        ]
    );
    // The retry asks only for the one still pending: ok@ never gets a second copy.
    env.run("2026-11-23T10:05:00+01:00");
    assert_eq!(server.received().len(), 1);
}

/// Queues a message to `data-hang@example.it`, whose server takes the data and never answers.
fn queue_to_a_hanging_server(env: &Env) -> String {
    let draft = env.draft(
        "hang.eml",
        &plain(
            "data-hang@example.it",
            "Hang",
            "Hello,\n\nthe file is ready.",
        ),
    );
    env.send(MON_10, &draft, &[]).0
}

#[test]
fn no_reply_after_the_data_is_uncertain_and_sent_again() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let id = queue_to_a_hanging_server(&env);
    let (_, stderr) = env.run(MON_10);
    assert!(stderr.contains(&format!("uncertain {id}")), "{stderr}");
    let meta = env.show(&id);
    assert_eq!(meta["state"], "uncertain");
    assert_eq!(meta["recipients"][0]["state"], "uncertain");
    // The server did get it: at-least-once, the next try sends the same Message-ID again.
    assert_eq!(server.received().len(), 1);
    assert_eq!(meta["due"], "2026-11-23T09:05:00Z");
    // Cancelled now, it is gone from the outbox, but "cancelled" alone would read as "nobody got
    // it": the warning names who may have it (an audit of the sending half).
    let out = env
        .mailcheck(MON_10)
        .args(["outbox", "cancel", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("cancelled {id}")));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: ")
            && err.contains("may already have been delivered to data-hang@example.it"),
        "{err}"
    );
}

/// A runner killed mid-send leaves its entry `sending`: `outbox list` and `show` tell it from
/// one being sent now (the runner's lock on the entry went with it) and say the server may have
/// it (an audit of the sending half: it showed `sending` forever).
#[test]
fn a_runner_killed_mid_send_leaves_an_entry_shown_as_uncertain() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let id = queue_to_a_hanging_server(&env);
    let mut runner = env
        .std_command(MON_10)
        .args(["outbox", "run", "--once"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let t = std::time::Instant::now();
    while env.show(&id)["state"] != "sending" && t.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(env.show(&id)["state"], "sending");
    // While its runner lives, it is being sent.
    let list = |env: &Env| {
        let out = env
            .mailcheck(MON_10)
            .args(["outbox", "list"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(!list(&env).contains("runner stopped"), "{}", list(&env));
    runner.kill().unwrap();
    runner.wait().unwrap();
    let listed = list(&env);
    assert!(
        listed.contains(&id) && listed.contains("uncertain (its runner stopped mid-send)"),
        "{listed}"
    );
    let out = env
        .mailcheck(MON_10)
        .args(["outbox", "show", &id])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("its runner stopped"),
        "{out:?}"
    );
    // The JSON keeps the recorded state, and the next run still treats it as uncertain.
    assert_eq!(env.show(&id)["state"], "sending");
}

#[test]
fn server_down_defers() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let env = Env::new("Europe/Rome", port, Path::new("/nonexistent.pem"), "");
    // The CA file is only read when something is due; make it exist.
    let ca = env.dir.path().join("ca.pem");
    std::fs::write(&ca, "").unwrap();
    let cfg = env.dir.path().join("mailcheck.toml");
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("/nonexistent.pem", &ca.to_string_lossy());
    std::fs::write(&cfg, text).unwrap();
    let draft = env.draft(
        "down.eml",
        &plain("anna@example.it", "Down", "Hello,\n\nready."),
    );
    let (id, _) = env.send(MON_10, &draft, &[]);
    let (stdout, _) = env.run(MON_10);
    assert!(stdout.contains(&format!("deferred {id}")), "{stdout}");
    assert_eq!(env.show(&id)["state"], "deferred");
}

#[test]
fn a_runner_started_late_holds_old_mail_and_retry_sends_it() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let draft = env.draft(
        "late.eml",
        &plain("anna@example.it", "Late", "Hello,\n\nready."),
    );
    let (id, _) = env.send(MON_10, &draft, &[]);
    // Found a day later: more than max_lateness (12h).
    let (_, stderr) = env.run("2026-11-24T10:00:00+01:00");
    assert!(stderr.contains(&format!("held {id}")), "{stderr}");
    assert_eq!(env.show(&id)["hold"], "late");
    assert!(server.received().is_empty());
    env.mailcheck("2026-11-24T10:00:00+01:00")
        .args(["outbox", "retry", &id])
        .assert()
        .success();
    env.run("2026-11-24T10:00:00+01:00");
    assert_eq!(server.received().len(), 1);
}

/// A draft written on Saturday night and deferred to Monday morning says Monday morning: Date is
/// set when the message leaves, on the wire and in the `sent/` copy.
#[test]
fn a_deferred_draft_leaves_dated_when_it_leaves() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let draft = env.draft(
        "saturday.eml",
        &format!(
            "Date: Sat, 21 Nov 2026 23:40:00 +0100\n{}",
            plain(
                "anna@example.it",
                "Report",
                "Hello Anna,\n\nthe report is ready."
            )
        ),
    );
    let (id, out) = env.send("2026-11-21T23:40:00+01:00", &draft, &[]);
    assert!(
        out.contains("2026-11-23T08:00:00Z"),
        "deferred to Monday 09:00: {out}"
    );
    env.run("2026-11-21T23:41:00+01:00");
    assert!(server.received().is_empty());
    let (stdout, _) = env.run("2026-11-23T09:00:05+01:00");
    assert!(stdout.contains(&format!("sent {id}")), "{stdout}");
    let got = server.received();
    assert_eq!(got.len(), 1);
    let text = got[0].text();
    let dates: Vec<&str> = text
        .split("\r\n\r\n")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.to_ascii_lowercase().starts_with("date:"))
        .collect();
    // In the sender's zone (Europe/Rome), as a mail program dates it.
    assert_eq!(dates, ["Date: Mon, 23 Nov 2026 09:00:05 +0100"], "{text}");
    let sent: Vec<_> = std::fs::read_dir(env.outbox().join("sent/new"))
        .unwrap()
        .collect();
    let copy = std::fs::read_to_string(sent[0].as_ref().unwrap().path()).unwrap();
    assert!(
        copy.contains("Date: Mon, 23 Nov 2026 09:00:05 +0100"),
        "{copy}"
    );
    assert!(!copy.contains("Sat, 21 Nov"), "{copy}");
}

/// `outbox retry` keeps the planned time (or, once it has passed, waits for business hours);
/// only `--now` sends at the next run.
#[test]
fn retry_keeps_the_planned_time_unless_now() {
    let server = Server::start();
    let env = Env::for_server(&server);
    const SUN_0552: &str = "2026-11-22T05:52:00+01:00";
    // Written Friday evening, planned for Friday 17:00, found by a runner on Sunday: held (late).
    let late = env.draft(
        "late.eml",
        &plain("anna@example.it", "Late", "Hello,\n\nready."),
    );
    let (late_id, _) = env.send(
        "2026-11-20T16:00:00+01:00",
        &late,
        &["--at", "2026-11-20 17:00"],
    );
    // Written on Saturday: deferred to Monday 09:00.
    let sat = env.draft(
        "sat.eml",
        &plain(
            "anna@example.it",
            "Weekend",
            "Hello,\n\nthe report is ready.",
        ),
    );
    let (sat_id, out) = env.send("2026-11-21T23:40:00+01:00", &sat, &[]);
    assert!(out.contains("2026-11-23T08:00:00Z"), "{out}");
    let (_, stderr) = env.run(SUN_0552);
    assert!(stderr.contains(&format!("held {late_id}")), "{stderr}");

    for id in [&late_id, &sat_id] {
        env.mailcheck(SUN_0552)
            .args(["outbox", "retry", id])
            .assert()
            .success()
            .stdout(predicates::str::contains("will be sent at Mon 23 Nov"));
    }
    env.run("2026-11-22T05:53:00+01:00");
    assert!(
        server.received().is_empty(),
        "nothing leaves on Sunday morning"
    );
    assert_eq!(env.show(&sat_id)["due"], "2026-11-23T08:00:00Z");
    assert_eq!(env.show(&late_id)["due"], "2026-11-23T08:00:00Z");

    env.mailcheck(SUN_0552)
        .args(["outbox", "retry", "--now", &sat_id])
        .assert()
        .success();
    let (stdout, _) = env.run("2026-11-22T05:54:00+01:00");
    assert!(stdout.contains(&format!("sent {sat_id}")), "{stdout}");
    assert_eq!(server.received().len(), 1);
}

/// Issue 16: `send --at` reads strictly: an hour over 23, an unknown unit, a time already past
/// are exit 2 saying how the time was read, and nothing is queued; "next friday" on a Monday is
/// that week's Friday.
#[test]
fn send_at_is_read_strictly_and_never_in_the_past() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let d = env.draft(
        "at.eml",
        &plain("anna@example.it", "At", "Hello Anna,\n\nthe plan is ready."),
    );
    for (at, says) in [
        ("2026-11-24 25:00", "25:00 is not a time of day"),
        ("in 2 hourz", "\"hourz\" is not a unit of time"),
        ("2026-11-20 10:00", "which has passed"),
    ] {
        let out = env
            .mailcheck(MON_10)
            .args(["send", &d, "--at", at])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{at}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{at}: {err}");
    }
    let queued = std::fs::read_dir(env.outbox().join("due")).map_or(0, |d| d.count());
    assert_eq!(queued, 0, "a refused --at queued something");
    let (id, _) = env.send(MON_10, &d, &["--at", "next friday 10:00"]);
    let due = env.show(&id)["due"].as_str().unwrap().to_string();
    assert!(due.starts_with("2026-11-27T09:00:00"), "{due}");
}

/// The same draft sent twice is refused the second time (same Message-ID, or the same text to
/// the same recipients) unless `--force`.
#[test]
fn the_same_draft_is_not_queued_twice_without_force() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let d = env.draft(
        "twice.eml",
        &plain(
            "anna@example.it",
            "Twice",
            "Hello Anna,\n\nthe report is ready.",
        ),
    );
    let (first, _) = env.send(MON_10, &d, &["--at", "tomorrow 10:00"]);
    let out = env
        .mailcheck(MON_10)
        .args(["send", &d, "--at", "tomorrow 10:00"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&first) && stdout.contains("already in the outbox"),
        "{stdout}"
    );
    // Another Subject header but the same text to the same people: still the same message.
    let d2 = env.draft(
        "again.eml",
        &plain(
            "Anna <anna@example.it>",
            "Twice (2)",
            "Hello Anna,\n\nthe report is ready.",
        ),
    );
    env.mailcheck(MON_10).args(["send", &d2]).assert().code(1);
    // Same text to someone else: a different message.
    let d3 = env.draft(
        "other.eml",
        &plain(
            "bob@example.it",
            "Twice",
            "Hello Anna,\n\nthe report is ready.",
        ),
    );
    env.send(MON_10, &d3, &[]);
    let (second, _) = env.send(MON_10, &d, &["--force"]);
    assert_ne!(first, second);
}

/// `outbox cancel` takes several ids; one that cannot be cancelled does not stop the others.
#[test]
fn cancel_takes_several_ids() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let ids: Vec<String> = (0..3)
        .map(|i| {
            let d = env.draft(
                &format!("d{i}.eml"),
                &plain(
                    "anna@example.it",
                    &format!("N{i}"),
                    &format!("Hello,\n\npart {i} is ready."),
                ),
            );
            env.send(MON_10, &d, &["--at", "tomorrow 10:00"]).0
        })
        .collect();
    let out = env
        .mailcheck(MON_10)
        .args(["outbox", "cancel", &ids[0], "no-such-id", &ids[2]])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("cancelled {}", ids[0]))
            && stdout.contains(&format!("cancelled {}", ids[2])),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-id"));
    assert_eq!(env.show(&ids[1])["state"], "queued");
}

#[test]
fn two_runners_never_send_the_same_message_twice() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let n = 12;
    for i in 0..n {
        let d = env.draft(
            &format!("d{i}.eml"),
            &plain(
                &format!("anna{i}@example.it"),
                &format!("N{i}"),
                "Hello,\n\nready.",
            ),
        );
        env.send(MON_10, &d, &[]);
    }
    let spawn = || {
        let mut cmd = env.std_command(MON_10);
        cmd.args(["outbox", "run", "--once"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() && b.status.success(), "{a:?} {b:?}");
    // Whatever one runner skipped as busy, a last pass picks up.
    env.run(MON_10);
    let got = server.received();
    let mut ids: Vec<String> = got
        .iter()
        .map(|m| {
            m.text()
                .lines()
                .find(|l| l.starts_with("Message-ID:"))
                .unwrap()
                .to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(got.len(), n, "a message was sent twice or not at all");
    assert_eq!(ids.len(), n);
}

#[test]
fn a_runner_killed_mid_send_leaves_nothing_locked_and_the_next_one_sends_it() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let draft = env.draft(
        "killed.eml",
        &plain("anna@example.it", "Killed", "Hello,\n\nready."),
    );
    let (id, _) = env.send(MON_10, &draft, &[]);
    // What a runner killed during the SMTP transaction leaves: the meta says `sending`, its
    // marker is still there, and its lock died with it.
    let meta_path = env.outbox().join("meta").join(format!("{id}.json"));
    let text = std::fs::read_to_string(&meta_path).unwrap();
    std::fs::write(
        &meta_path,
        text.replace("\"state\": \"queued\"", "\"state\": \"sending\""),
    )
    .unwrap();
    assert_eq!(env.show(&id)["state"], "sending");
    let (stdout, _) = env.run("2026-11-23T10:01:00+01:00");
    assert!(stdout.contains(&format!("sent {id}")), "{stdout}");
    assert_eq!(server.received().len(), 1);
    assert!(
        env.show(&id)["last_reply"]
            .as_str()
            .unwrap()
            .contains("250"),
        "{}",
        env.show(&id)
    );
}

/// Queues `subjects.len()` drafts, the i-th to `to[i]`, due one minute apart from Mon 10:00, so
/// a runner at 10:10 sends them in this order. Returns the queue ids.
fn queue_in_order(env: &Env, to: &[&str]) -> Vec<String> {
    to.iter()
        .enumerate()
        .map(|(i, to)| {
            let d = env.draft(
                &format!("o{i}.eml"),
                &plain(to, &format!("Batch {i}"), "Hello,\n\nthe file is ready."),
            );
            env.send(MON_10, &d, &["--at", &format!("2026-11-23 10:{i:02}")])
                .0
        })
        .collect()
}

#[test]
fn many_due_messages_go_over_one_connection() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let to: Vec<String> = (0..6).map(|i| format!("anna{i}@example.it")).collect();
    let ids = queue_in_order(&env, &to.iter().map(String::as_str).collect::<Vec<_>>());
    let (stdout, _) = env.run("2026-11-23T10:10:00+01:00");
    for id in &ids {
        assert!(stdout.contains(&format!("sent {id}")), "{stdout}");
    }
    let got = server.received();
    assert_eq!(got.len(), 6);
    let peers: std::collections::BTreeSet<&str> = got.iter().map(|m| m.peer.as_str()).collect();
    assert_eq!(
        peers.len(),
        1,
        "one connection for the whole run: {peers:?}"
    );
    for (i, m) in got.iter().enumerate() {
        assert_eq!(m.rcpt_tos, [to[i].clone()]);
        assert!(m.text().contains(&format!("Subject: Batch {i}")));
    }
    // The next run opens a connection of its own (the first one was closed with QUIT).
    let more = queue_in_order(&env, &["later@example.it"]);
    env.mailcheck(MON_10)
        .args(["outbox", "reschedule", &more[0], "--at", "2026-11-23 10:20"])
        .assert()
        .success();
    env.run("2026-11-23T10:20:00+01:00");
    let got = server.received();
    assert_eq!(got.len(), 7);
    assert_ne!(got[6].peer, got[0].peer);
}

#[test]
fn a_connection_lost_mid_batch_is_replaced_and_the_rest_still_go() {
    let server = Server::start();
    let env = Env::for_server(&server);
    // 1 on the first connection; the server closes it after accepting 2 (as at a limit of
    // messages per connection); 3 goes on a new one, which the server drops at 4's RCPT; 5
    // goes on a third.
    let ids = queue_in_order(
        &env,
        &[
            "a@example.it",
            "close-after@example.it",
            "b@example.it",
            "rcpt-drop@example.it",
            "c@example.it",
        ],
    );
    let (stdout, _) = env.run("2026-11-23T10:10:00+01:00");
    for i in [0, 1, 2, 4] {
        assert!(
            stdout.contains(&format!("sent {}", ids[i])),
            "{i}: {stdout}"
        );
    }
    assert!(stdout.contains(&format!("deferred {}", ids[3])), "{stdout}");
    assert_eq!(env.show(&ids[3])["state"], "deferred");
    assert_eq!(env.show(&ids[3])["recipients"][0]["state"], "pending");
    let got = server.received();
    let rcpts: Vec<&str> = got.iter().map(|m| m.rcpt_tos[0].as_str()).collect();
    assert_eq!(
        rcpts,
        [
            "a@example.it",
            "close-after@example.it",
            "b@example.it",
            "c@example.it"
        ]
    );
    assert_eq!(got[0].peer, got[1].peer);
    assert_ne!(
        got[1].peer, got[2].peer,
        "a new connection after the server closed"
    );
    assert_ne!(got[2].peer, got[3].peer, "a new connection after the drop");
    // Every Message-ID arrived once.
    let mut mids: Vec<String> = got
        .iter()
        .map(|m| {
            m.text()
                .lines()
                .find(|l| l.starts_with("Message-ID:"))
                .unwrap()
                .to_string()
        })
        .collect();
    mids.sort();
    mids.dedup();
    assert_eq!(mids.len(), 4);
}

#[test]
fn an_8bit_message_that_is_not_utf8_arrives_byte_for_byte_in_a_batch() {
    let server = Server::start();
    let env = Env::for_server(&server);
    // windows-1251, 8bit: not UTF-8, so it goes through lettre's own data writer.
    let mut raw = b"From: Marta <marta@example.it>\nTo: anna@example.it\nSubject: Otchet\n\
MIME-Version: 1.0\nContent-Type: text/plain; charset=windows-1251\n\
Content-Transfer-Encoding: 8bit\n\n"
        .to_vec();
    // "Здравствуйте, Анна!" / "Отчёт готов." in windows-1251, and a line starting with ".".
    raw.extend_from_slice(
        b"\xc7\xe4\xf0\xe0\xe2\xf1\xf2\xe2\xf3\xe9\xf2\xe5, \xc0\xed\xed\xe0!\n\n",
    );
    raw.extend_from_slice(b"\xce\xf2\xf7\xb8\xf2 \xe3\xee\xf2\xee\xe2.\n.\xe4\xee\xf2\n");
    std::fs::write(env.dir.path().join("cp.eml"), &raw).unwrap();
    let first = queue_in_order(&env, &["anna@example.it"]);
    let (cp, _) = env.send(MON_10, "cp.eml", &["--force", "--at", "2026-11-23 10:01"]);
    let (stdout, _) = env.run("2026-11-23T10:10:00+01:00");
    assert!(stdout.contains(&format!("sent {}", first[0])), "{stdout}");
    assert!(stdout.contains(&format!("sent {cp}")), "{stdout}");
    let got = server.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].peer, got[1].peer);
    // 8-bit bytes in a legacy charset also go with BODY=8BITMIME; the ASCII one before without.
    assert!(got[0].mail_options.is_empty(), "{:?}", got[0]);
    assert_eq!(got[1].mail_options, ["BODY=8BITMIME"]);
    let body_at = got[1]
        .data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap()
        + 4;
    let want: Vec<u8> = raw[raw.windows(2).position(|w| w == b"\n\n").unwrap() + 2..]
        .split(|&b| b == b'\n')
        .collect::<Vec<_>>()
        .join(&b"\r\n"[..]);
    assert_eq!(got[1].data[body_at..], want[..]);
}

#[test]
fn an_8bit_message_goes_with_body_8bitmime_and_a_7bit_one_without() {
    let server = Server::start();
    let env = Env::for_server(&server);
    // An 8bit UTF-8 draft (as `mailcheck fix` leaves a part it put non-ASCII text in), then a
    // 7bit ASCII one, over the same connection: the parameter is decided per message.
    let utf8 = env.draft(
        "utf8.eml",
        "From: Marta <marta@example.it>\nTo: anna@example.it\nSubject: Offerta\n\
MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: 8bit\n\nCiao Anna,\n\nl'offerta è pronta: 1.200 € più IVA.\n\n\
Cordiali saluti,\nMarta\n",
    );
    let ascii = env.draft(
        "ascii.eml",
        "From: Marta <marta@example.it>\nTo: anna@example.it\nSubject: Offer\n\
MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\
Content-Transfer-Encoding: 7bit\n\nHello Anna,\n\nthe offer is ready.\n\nBest regards,\nMarta\n",
    );
    let (utf8_id, _) = env.send(MON_10, &utf8, &["--force", "--at", "2026-11-23 10:01"]);
    let (ascii_id, _) = env.send(MON_10, &ascii, &["--force", "--at", "2026-11-23 10:02"]);
    let (stdout, _) = env.run("2026-11-23T10:10:00+01:00");
    assert!(stdout.contains(&format!("sent {utf8_id}")), "{stdout}");
    assert!(stdout.contains(&format!("sent {ascii_id}")), "{stdout}");
    let got = server.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].peer, got[1].peer);
    let (eight, seven) = if got[0].text().contains("Offerta") {
        (&got[0], &got[1])
    } else {
        (&got[1], &got[0])
    };
    assert_eq!(eight.mail_options, ["BODY=8BITMIME"], "{eight:?}");
    assert!(
        eight
            .text()
            .contains("l'offerta è pronta: 1.200 € più IVA.")
    );
    assert!(seven.mail_options.is_empty(), "{seven:?}");
    assert!(seven.data.is_ascii());
}

// Trust boundaries (RELIABILITY.md): the queue cannot be turned against the user.

/// Trust boundaries 4: an entry's files are named by its file name, never by the `id` inside
/// its meta; such an entry is damaged, and the rest of the queue goes on.
#[test]
fn a_meta_id_with_a_path_never_names_a_file() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let (bad, good) = env.queue_two();
    let escape = env.dir.path().join("x");
    std::fs::create_dir_all(&escape).unwrap();
    let meta_path = env.outbox().join(format!("meta/{bad}.json"));
    let text = std::fs::read_to_string(&meta_path).unwrap();
    let target = format!("../../../../../../../../..{}/PWNED", escape.display());
    std::fs::write(
        &meta_path,
        text.replace(
            &format!("\"id\": \"{bad}\""),
            &format!("\"id\": \"{target}\""),
        ),
    )
    .unwrap();
    let (stdout, stderr) = env.run(MON_10);
    assert!(stdout.contains(&format!("sent {good}")), "{stdout}");
    assert!(
        stderr.contains(&format!("{bad}.json")) && stderr.contains("damaged"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(&escape).unwrap().count(),
        0,
        "written outside the queue"
    );
    assert_eq!(server.received().len(), 1);
    let out = env
        .mailcheck(MON_10)
        .args(["outbox", "list"])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(list.contains(&format!("{bad}  damaged")), "{list}");
}

/// Trust boundaries 5: a damaged meta is named by `outbox list`, and the rest is listed and
/// sent.
#[test]
fn one_damaged_entry_never_stops_the_queue() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let (bad, good) = env.queue_two();
    let meta_path = env.outbox().join(format!("meta/{bad}.json"));
    let text = std::fs::read(&meta_path).unwrap();
    std::fs::write(&meta_path, &text[..text.len() / 2]).unwrap();
    for format in ["human", "json"] {
        let out = env
            .mailcheck(MON_10)
            .args(["outbox", "list", "--format", format])
            .output()
            .unwrap();
        let list = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{format}: {out:?}");
        assert!(list.contains(&good) && list.contains(&bad), "{list}");
        assert!(list.contains("damaged"), "{list}");
        if format == "json" {
            let v: serde_json::Value = serde_json::from_str(&list).unwrap();
            assert_eq!(v.as_array().unwrap().len(), 2, "{list}");
        }
    }
    let (stdout, _) = env.run(MON_10);
    assert!(stdout.contains(&format!("sent {good}")), "{stdout}");
    assert_eq!(server.received().len(), 1);
}

/// Trust boundaries 6: the message bytes are checked against the checksum in the meta before
/// they are sent; damaged ones never leave.
#[test]
fn a_damaged_message_file_is_never_sent() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let (bad, good) = env.queue_two();
    let msg = env.outbox().join(format!("msg/{bad}.eml"));
    let bytes = std::fs::read(&msg).unwrap();
    std::fs::write(&msg, &bytes[..40]).unwrap();
    let (stdout, stderr) = env.run(MON_10);
    assert!(stdout.contains(&format!("sent {good}")), "{stdout}");
    assert!(
        stderr.contains(&format!("failed {bad}")) && stderr.contains("damaged"),
        "{stderr}"
    );
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_tos, ["bruno@example.it"]);
    let meta = env.show(&bad);
    assert_eq!(meta["state"], "failed");
    // Stored as mailcheck's own sentence (an id), worded when shown.
    assert_eq!(meta["last_reply"]["id"], "last-reply-damaged", "{meta}");
    assert_eq!(meta["last_reply"]["args"]["bytes"]["num"], 40, "{meta}");
    let said = |lang: &str| {
        let out = env
            .mailcheck(MON_10)
            .env("LANG", lang)
            .args(["outbox", "show", &bad])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let en = said("C");
    assert!(
        en.contains("not sent: the queued message file is damaged (40 bytes, checksum sha256:"),
        "{en}"
    );
    let it = said("it_IT.UTF-8");
    assert!(
        it.contains("non inviato: il file del messaggio in coda è danneggiato (40 byte"),
        "{it}"
    );
    let ru = said("ru_RU.UTF-8");
    assert!(
        ru.contains("файл письма в очереди повреждён (40 байт"),
        "{ru}"
    );
}

/// `last_reply` (#21): an entry written before it could hold an id keeps its plain string,
/// shown as written in every language; mailcheck's own sentences are worded in the reader's
/// language, the server's reply inside them verbatim.
#[test]
fn the_last_reply_of_an_old_entry_loads_and_a_new_one_speaks_the_language() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let (old, new) = env.queue_two();
    let set = |id: &str, reply: &str| {
        let path = env.outbox().join("meta").join(format!("{id}.json"));
        let mut meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        meta["last_reply"] = serde_json::from_str(reply).unwrap();
        std::fs::write(&path, serde_json::to_string_pretty(&meta).unwrap()).unwrap();
    };
    set(&old, r#""gave up after 3 attempts: 451 4.7.1 try later""#);
    set(
        &new,
        r#"{"id": "last-reply-gave-up", "args": {"attempts": {"num": 3}, "reply": {"str": "451 4.7.1 try later"}}}"#,
    );
    let said = |lang: &str, id: &str| {
        let out = env
            .mailcheck(MON_10)
            .env("LANG", lang)
            .args(["outbox", "show", id])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for lang in ["C", "it_IT.UTF-8", "ru_RU.UTF-8"] {
        let text = said(lang, &old);
        assert!(
            text.contains(" gave up after 3 attempts: 451 4.7.1 try later\n"),
            "{lang}: {text}"
        );
    }
    let en = said("C", &new);
    assert!(
        en.contains("last reply:  gave up after 3 attempts: 451 4.7.1 try later\n"),
        "{en}"
    );
    let it = said("it_IT.UTF-8", &new);
    assert!(
        it.contains("invio abbandonato dopo 3 tentativi: 451 4.7.1 try later\n"),
        "{it}"
    );
    let ru = said("ru_RU.UTF-8", &new);
    assert!(
        ru.contains("отправка прекращена после 3 попыток: 451 4.7.1 try later\n"),
        "{ru}"
    );
    // JSON shows what is stored: the old string as a string, the new one as its id.
    assert_eq!(
        env.show(&old)["last_reply"],
        "gave up after 3 attempts: 451 4.7.1 try later"
    );
    assert_eq!(env.show(&new)["last_reply"]["id"], "last-reply-gave-up");
}

/// Trust boundaries 7, 8: an outbox others can write to, or owned by another user, is refused
/// (exit 2, saying what to fix); a symlinked root is never chmodded through.
#[test]
fn an_outbox_others_could_write_to_is_refused_and_never_chmodded_through_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let server = Server::start();
    let env = Env::for_server(&server);
    let (id, _) = env.send(
        MON_10,
        &env.draft(
            "a.eml",
            &plain("anna@example.it", "A", "Hello Anna,\n\nthe file."),
        ),
        &[],
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let set =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    let refused = |what: &str| {
        for args in [vec!["outbox", "run", "--once"], vec!["outbox", "list"]] {
            let out = env.mailcheck(MON_10).args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what}: {args:?} {out:?}");
            assert!(err.contains("refusing to use this outbox"), "{what}: {err}");
        }
        let draft = env.draft(
            "b.eml",
            &plain("bruno@example.it", "B", "Hello Bruno,\n\nthe file."),
        );
        let out = env
            .mailcheck(MON_10)
            .args(["send", &draft])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{what}: {out:?}");
        assert!(server.received().is_empty(), "{what}: sent");
    };
    set(&env.outbox(), 0o777);
    refused("root 0777");
    assert_eq!(mode(&env.outbox()), 0o777, "left for the user to look at");
    set(&env.outbox(), 0o700);
    set(&env.outbox().join("meta"), 0o770);
    refused("meta/ 0770");
    set(&env.outbox().join("meta"), 0o700);

    // Owned by someone else (as root: chown it; otherwise a folder of root's).
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(env.outbox(), Some(65534), None).unwrap();
        refused("owned by nobody");
        std::os::unix::fs::chown(env.outbox(), Some(0), None).unwrap();
    }

    // The root a link to a sticky world-writable folder: refused, and its mode untouched.
    let shared = env.dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    set(&shared, 0o1777);
    std::fs::rename(env.outbox(), env.dir.path().join("real")).unwrap();
    std::os::unix::fs::symlink(&shared, env.outbox()).unwrap();
    refused("link to 1777");
    assert_eq!(mode(&shared), 0o1777);
    // A link to the user's own private folder is fine, and sends.
    std::fs::remove_file(env.outbox()).unwrap();
    std::os::unix::fs::symlink(env.dir.path().join("real"), env.outbox()).unwrap();
    let (stdout, _) = env.run(MON_10);
    assert!(stdout.contains(&format!("sent {id}")), "{stdout}");
}

/// Trust boundaries 16: `sendmail -f<>` sends with the null sender.
#[test]
fn sendmail_null_sender_goes_as_mail_from_empty() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let draft = env.draft(
        "a.eml",
        &plain("anna@example.it", "A", "Hello Anna,\n\nthe file."),
    );
    let out = env
        .mailcheck(MON_10)
        .args(["sendmail", "--queue", "-f<>", "--", "anna@example.it"])
        .write_stdin(std::fs::read(env.dir.path().join(&draft)).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    env.run(MON_10);
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].mail_from, "<>", "MAIL FROM:<>");
    assert_eq!(got[0].rcpt_tos, ["anna@example.it"]);
}

/// Trust boundaries 1: repeated To and Cc fields: every recipient gets the message.
#[test]
fn repeated_to_and_cc_fields_reach_every_recipient() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let draft = env.draft(
        "a.eml",
        "From: Marta Rossi <marta@example.it>\nTo: anna@example.it\nTo: second@example.it\n\
         Cc: c1@example.it\nCc: c2@example.it\nBcc: b1@example.it\nBcc: b2@example.it\n\
         Subject: Report\n\nHello Anna,\n\nthe report is ready.\n\nBest regards,\nMarta\n",
    );
    let (id, _) = env.send(MON_10, &draft, &[]);
    env.run(MON_10);
    let got = server.received();
    assert_eq!(got.len(), 1);
    let mut rcpts = got[0].rcpt_tos.clone();
    rcpts.sort();
    assert_eq!(
        rcpts,
        [
            "anna@example.it",
            "b1@example.it",
            "b2@example.it",
            "c1@example.it",
            "c2@example.it",
            "second@example.it"
        ]
    );
    // No line names a Bcc address (the generated Message-ID may end in "b1@example.it" by
    // chance, so its line is not searched).
    let text = got[0].text();
    let leaked: Vec<&str> = text
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("message-id:"))
        .filter(|l| l.contains("b1@example.it") || l.contains("b2@example.it"))
        .collect();
    assert!(leaked.is_empty(), "Bcc addresses on the wire: {leaked:?}");
    assert!(!text.to_ascii_lowercase().contains("\nbcc:"), "{text}");
    assert_eq!(env.show(&id)["recipients"].as_array().unwrap().len(), 6);
}

/// Trust boundaries 11, 12: a bare CR cannot smuggle a Bcc line onto the wire; Resent-Bcc is
/// stripped; a 1,500-octet line and NUL bytes arrive encoded (quoted-printable), lines within
/// 998 octets.
#[test]
fn bare_cr_resent_bcc_long_lines_and_nul_on_the_wire() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let long = "long ".repeat(300);
    let draft = env.draft(
        "a.eml",
        &format!(
            "From: Marta Rossi <marta@example.it>\nTo: anna@example.it\nSubject: Report\rBcc: \
             leak@hidden.example\nResent-Bcc: resent@hidden.example\n\nHello Anna,\n\nthe report \
             is ready.\n{long}\nnul\0here\n\nBest regards,\nMarta\n"
        ),
    );
    env.send(MON_10, &draft, &[]);
    env.run(MON_10);
    let got = server.received();
    assert_eq!(got.len(), 1);
    let text = got[0].text();
    assert!(!text.contains("hidden.example"), "{text}");
    assert!(!got[0].data.contains(&0), "{text}");
    for line in got[0].data.split(|&b| b == b'\n') {
        assert!(line.len() <= 999, "a line of {} octets", line.len());
    }
    assert!(
        text.contains("Content-Transfer-Encoding: quoted-printable"),
        "{text}"
    );
    assert!(text.contains("nul=00here"), "{text}");
    let parsed = mail_parser::MessageParser::default()
        .parse(&got[0].data)
        .unwrap();
    assert!(parsed.body_text(0).unwrap().contains(long.trim_end()));

    // NUL in a header: refused when queued (exit 2), saying why.
    let draft = env.draft(
        "b.eml",
        "From: Marta Rossi <marta@example.it>\nTo: anna@example.it\nSubject: a\0b\n\nHello Anna,\n\nready.\n",
    );
    let out = env
        .mailcheck(MON_10)
        .args(["send", &draft])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("NUL"),
        "{out:?}"
    );
}

/// Trust boundaries 13: escape sequences in a subject are printed escaped by `outbox list` and
/// `show`, even when colour is forced (the terminal would obey them).
#[test]
fn control_characters_in_a_subject_never_reach_the_terminal() {
    let env = Env::new("Europe/Rome", 9, Path::new("/nonexistent-ca.pem"), "");
    let draft = env.draft(
        "a.eml",
        &plain(
            "anna@example.it",
            "=?utf-8?q?Report_=1B[31mred=1B]0;title=07_=0D_done?=",
            "Hello Anna,\n\nthe report is ready.",
        ),
    );
    let (id, _) = env.send(MON_10, &draft, &[]);
    for args in [vec!["outbox", "list"], vec!["outbox", "show", id.as_str()]] {
        let out = env
            .mailcheck(MON_10)
            .env("CLICOLOR_FORCE", "1")
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(
            !out.stdout
                .iter()
                .any(|&b| b == 0x1b || b == 0x07 || b == b'\r'),
            "{args:?}: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Report \\x1b[31mred\\x1b]0;title\\x07"),
            "{text}"
        );
    }
}

// The interface language (#21): `outbox list` and `show` in Italian and Russian; JSON and the
// queue's own data (ids, reasons, replies) do not change.
#[test]
fn outbox_list_and_show_speak_the_interface_language() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let (a, _) = env.queue_two();
    let said = |lang: &str, args: &[&str]| {
        let out = env
            .mailcheck(MON_10)
            .env("LANG", lang)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let en = said("C", &["outbox", "show", &a]);
    assert!(en.contains("state:       queued\n"), "{en}");
    assert!(
        en.contains("to:          anna@example.it (pending)\n"),
        "{en}"
    );
    let it = said("it_IT.UTF-8", &["outbox", "show", &a]);
    assert!(it.contains("stato:       in coda\n"), "{it}");
    assert!(
        it.contains("a:           anna@example.it (in attesa)\n"),
        "{it}"
    );
    assert!(it.contains("tentativi:   0\n"), "{it}");
    let ru = said("ru_RU.UTF-8", &["outbox", "show", &a]);
    assert!(ru.contains("состояние:   в очереди\n"), "{ru}");
    assert!(ru.contains("кому:        anna@example.it (ждёт)\n"), "{ru}");
    let list = said("ru_RU.UTF-8", &["outbox", "list"]);
    assert!(list.contains(&format!("{a}  в очереди")), "{list}");
    let json = said("ru_RU.UTF-8", &["outbox", "show", "--format", "json", &a]);
    assert!(json.contains("\"state\": \"queued\""), "{json}");
    // `send`: what became of the draft, in the same language.
    let clean = env.draft(
        "c.eml",
        &plain("carla@example.it", "C", "Hello Carla,\n\nthe file."),
    );
    let it = said("it_IT.UTF-8", &["send", &clean]);
    assert!(
        it.contains(" in coda: partirà lun 23 nov 10:00 Europe/Rome ("),
        "{it}"
    );
    let todo = env.draft(
        "t.eml",
        &plain("dario@example.it", "D", "Hello Dario,\n\nthe price is XXX."),
    );
    let out = env
        .mailcheck(MON_10)
        .env("LANG", "ru_RU.UTF-8")
        .args(["send", &todo])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let ru = String::from_utf8_lossy(&out.stdout);
    assert!(
        ru.contains("mailcheck: не поставлено в очередь: 1 ошибка"),
        "{ru}"
    );
    // A queue error for the user.
    let out = env
        .mailcheck(MON_10)
        .env("LANG", "ru_RU.UTF-8")
        .args(["outbox", "show", "no-such-id"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("в очереди нет письма `no-such-id`"), "{err}");
}

#[test]
fn each_desk_member_sends_through_their_own_account() {
    let server = Server::start();
    let env = Env::for_server(&server);
    let run = |now: &str, args: &[&str]| {
        let out = env
            .std_command(now)
            .env("MC_TEST_ANNA_PW", common::smtp::ANNA_PW)
            .env("MC_TEST_BRUNO_PW", common::smtp::BRUNO_PW)
            .args(args)
            .output()
            .unwrap();
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(!e.contains("panicked"), "{e}");
        (out.status.code().unwrap_or(-1), o, e)
    };
    common::smtp::each_member_sends_through_their_own_account(
        &env.dir.path().join("mailcheck.toml"),
        &run,
    );
    assert!(server.received().is_empty());
}

// A queue entry's reasons are message ids (#21): `outbox show` words them in the reader's
// language; an entry written before, with English sentences, still loads and shows them as
// written.
#[test]
fn reasons_are_worded_for_the_reader_and_old_english_ones_still_load() {
    let server = Server::start();
    let env = Env::for_server(&server);
    // Monday 10:00 in Rome is 18:00 in Tokyo: deferred to Tuesday 09:00 Rome, 17:00 Tokyo.
    let ken = env.draft(
        "k.eml",
        &plain("ken@example.jp", "K", "Hello Ken,\n\nthe file."),
    );
    let (id, out) = env.send(MON_10, &ken, &[]);
    assert!(
        out.contains("off-hours: deferred to the next time"),
        "{out}"
    );
    let show = |lang: &str| {
        let out = env
            .mailcheck(MON_10)
            .env("LANG", lang)
            .args(["outbox", "show", &id])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let it = show("it_IT.UTF-8");
    assert!(
        it.contains("off-hours: rimandato al primo momento dentro l'orario di lavoro di tutti, mar 24 nov 09:00 Europe/Rome = mar 24 nov 17:00 Asia/Tokyo"),
        "{it}"
    );
    let ru = show("ru_RU.UTF-8");
    assert!(
        ru.contains("off-hours: отложено до ближайшего времени"),
        "{ru}"
    );
    // The stored form is the id, not words.
    let meta_path = env.outbox().join(format!("meta/{id}.json"));
    let stored = std::fs::read_to_string(&meta_path).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(v["reasons"][0]["id"], "reason-off-hours", "{stored}");
    // An entry of the old format: plain English reasons.
    let old = "off-hours: deferred to the next time inside everyone's business hours, \
               Tue 24 Nov 09:00 Europe/Rome = Tue 24 Nov 17:00 Asia/Tokyo";
    v["reasons"] = serde_json::json!([old]);
    std::fs::write(&meta_path, serde_json::to_string(&v).unwrap()).unwrap();
    let ru = show("ru_RU.UTF-8");
    assert!(ru.contains(old), "{ru}");
    // And it is sent as any other when its time comes.
    let (o, e) = env.run("2026-11-24T09:00:00+01:00");
    assert_eq!(
        env.show(&id)["state"],
        "sent",
        "{o}\n{e}\n{}",
        env.show(&id)
    );
}

/// A refused login (535 wrong password, 534 "application-specific password required") and
/// implicit TLS against a plain-text port are configuration errors: exit 2 naming the key to fix
/// (`smtp.password_env` and `smtp.username`; `smtp.tls`), the entry left queued as it was (no
/// attempt counted, no backoff), never retried within a run, nothing sent; `sendmail --now`
/// exits 2 (not 75, "try later") and keeps no copy. The password never shows.
#[test]
fn a_refused_login_or_tls_on_a_plain_port_is_a_configuration_error() {
    let outcome = |env: &Env, now: &str, args: &[&str]| {
        let out = env.mailcheck(now).args(args).output().unwrap();
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(
            !e.contains("panicked") && !(o.clone() + &e).contains(PASSWORD),
            "{o}\n{e}"
        );
        (out.status.code(), e)
    };
    for reply in ["", "534 5.7.9 Application-specific password required"] {
        let extra: Vec<&str> = if reply.is_empty() {
            vec![]
        } else {
            vec!["--auth-refuse", reply]
        };
        let server = Server::start_with(USER, "another-password", &extra);
        let env = Env::for_server(&server);
        let (id, _) = env.send(
            MON_10,
            &env.draft(
                "a.eml",
                &plain("anna@example.it", "A", "Hello Anna,\n\nthe file."),
            ),
            &[],
        );
        let code = if reply.is_empty() { "535" } else { "534" };
        for now in [MON_10, "2026-11-23T11:00:00+01:00"] {
            let (status, err) = outcome(&env, now, &["outbox", "run", "--once"]);
            assert_eq!(status, Some(2), "{err}");
            assert!(
                err.contains("`smtp.password_env`") && err.contains("`smtp.username`"),
                "{err}"
            );
            assert!(
                err.contains(code) && err.contains("refused the login"),
                "{err}"
            );
            let meta = env.show(&id);
            assert_eq!(meta["state"], "queued", "{meta}");
            assert_eq!(meta["attempts"], 0, "{meta}");
        }
        assert!(server.received().is_empty());
        // Sent at once: exit 2, and the mail client's draft is the only copy.
        let out = env
            .mailcheck(MON_10)
            .args(["sendmail", "--now", "-t"])
            .write_stdin(plain("bruno@example.it", "B", "Hello Bruno,\n\nthe plan."))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("`smtp.password_env`"), "{err}");
        let listed = env
            .mailcheck(MON_10)
            .args(["outbox", "list"])
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&listed.stdout);
        assert!(!listed.contains("bruno@"), "{listed}");
    }

    // Implicit TLS against the plain-text (STARTTLS) port.
    let server = Server::start();
    let env = Env::for_server(&server);
    let config = env.dir.path().join("mailcheck.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("tls = \"starttls\"", "tls = \"tls\"")).unwrap();
    let (id, _) = env.send(
        MON_10,
        &env.draft(
            "a.eml",
            &plain("anna@example.it", "A", "Hello Anna,\n\nthe file."),
        ),
        &[],
    );
    let (status, err) = outcome(&env, MON_10, &["outbox", "run", "--once"]);
    assert_eq!(status, Some(2), "{err}");
    assert!(
        err.contains("`smtp.tls`") && err.contains("does not speak TLS on port"),
        "{err}"
    );
    assert_eq!(env.show(&id)["attempts"], 0);
    assert_eq!(env.show(&id)["state"], "queued");
}
