//! IMAP mailboxes against a real Dovecot (Debian's `dovecot-imapd`, see scripts/ci-setup.sh),
//! started per test from a config in a temporary directory: a free port on 127.0.0.1,
//! `ssl = required` with a certificate from a throw-away CA made with openssl, a passwd-file
//! user, a static userdb (uid 65534) owning the Maildir, SPECIAL-USE Sent and Drafts.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

const PASSWORD: &str = "s3cret-imap-pw";

struct Dovecot {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    imaps: u16,
    imap: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn sh(cmd: &str, dir: &Path) {
    let ok = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(ok.success(), "{cmd}");
}

impl Dovecot {
    fn start() -> Dovecot {
        Dovecot::start_with(true)
    }

    /// `tls`: false for a server without TLS at all that accepts a plaintext LOGIN (to show
    /// mailcheck never sends one).
    fn start_with(tls: bool) -> Dovecot {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        for d in [
            "run",
            "state",
            "home/marco/Maildir/cur",
            "home/marco/Maildir/new",
            "home/marco/Maildir/tmp",
            "home/marco/Maildir/.Sent/cur",
            "home/marco/Maildir/.Sent/new",
            "home/marco/Maildir/.Sent/tmp",
            "home/marco/Maildir/.Drafts/cur",
            "home/marco/Maildir/.Drafts/new",
            "home/marco/Maildir/.Drafts/tmp",
            "cache",
        ] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        sh(
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
            -subj '/CN=mailcheck test CA' 2>/dev/null \
            && openssl req -newkey rsa:2048 -nodes -keyout key.pem -out srv.csr \
            -subj /CN=localhost 2>/dev/null \
            && printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext.cnf \
            && openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
            -out cert.pem -days 2 -extfile ext.cnf 2>/dev/null",
            &dir,
        );
        std::fs::write(
            dir.join("passwd"),
            format!("marco:{{PLAIN}}{PASSWORD}::::::\n"),
        )
        .unwrap();
        let (imaps, imap) = (free_port(), free_port());
        let d = dir.display();
        let (ssl, imaps_listener) = if tls {
            (
                format!("ssl = required\nssl_cert = <{d}/cert.pem\nssl_key = <{d}/key.pem\n"),
                format!(" inet_listener imaps {{\n  port = {imaps}\n  ssl = yes\n }}\n"),
            )
        } else {
            (
                "ssl = no\ndisable_plaintext_auth = no\n".to_string(),
                String::new(),
            )
        };
        let conf = format!(
            "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/dovecot.log\n\
             protocols = imap\nlisten = 127.0.0.1\n{ssl}auth_mechanisms = plain\n\
             first_valid_uid = 1\nmail_location = maildir:~/Maildir\n\
             passdb {{\n driver = passwd-file\n args = scheme=PLAIN username_format=%u {d}/passwd\n}}\n\
             userdb {{\n driver = static\n args = uid=65534 gid=65534 home={d}/home/%u\n}}\n\
             namespace inbox {{\n inbox = yes\n separator = /\n\
             mailbox Sent {{\n  special_use = \\Sent\n  auto = create\n }}\n\
             mailbox Drafts {{\n  special_use = \\Drafts\n  auto = create\n }}\n}}\n\
             service imap-login {{\n chroot =\n inet_listener imap {{\n  port = {imap}\n }}\n\
             {imaps_listener}}}\n\
             service anvil {{\n chroot =\n}}\n"
        );
        std::fs::write(dir.join("dovecot.conf"), conf).unwrap();
        Dovecot {
            _tmp: tmp,
            dir,
            imaps,
            imap,
        }
    }

    fn run(&self) {
        sh(
            "chown -R 65534:65534 home && dovecot -c ./dovecot.conf",
            &self.dir,
        );
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.imap)).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("dovecot did not start: {}", self.log());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("dovecot.log")).unwrap_or_default()
    }

    fn put(&self, folder: &str, name: &str, fixture: &str) {
        let sub = if folder == "INBOX" {
            String::new()
        } else {
            format!(".{folder}/")
        };
        let to = self
            .dir
            .join(format!("home/marco/Maildir/{sub}cur/{name}:2,S"));
        std::fs::copy(root().join("tests/fixtures").join(fixture), to).unwrap();
    }

    /// A message not yet read: in `new/`, no flags.
    fn put_unseen(&self, name: &str, fixture: &str) {
        let to = self.dir.join(format!("home/marco/Maildir/new/{name}"));
        std::fs::copy(root().join("tests/fixtures").join(fixture), to).unwrap();
    }

    /// The Maildir flags of INBOX message `name` (the part after `:2,`).
    fn flags(&self, name: &str) -> String {
        for sub in ["new", "cur"] {
            for e in std::fs::read_dir(self.dir.join("home/marco/Maildir").join(sub)).unwrap() {
                let f = e.unwrap().file_name().into_string().unwrap();
                if f.starts_with(name) {
                    return f
                        .split_once(":2,")
                        .map(|(_, fl)| fl.to_string())
                        .unwrap_or_default();
                }
            }
        }
        panic!("{name} is gone");
    }

    /// A private config with `[imap]` and `rest` (the `[sender]` and `[desk]` sections).
    fn config(&self, name: &str, rest: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = self.dir.join(name);
        std::fs::write(
            &p,
            format!(
                "[imap]\npassword_env = \"TEST_IMAP_PW\"\nca_file = \"ca.pem\"\ntimeout = 10\n{rest}"
            ),
        )
        .unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    }

    fn mailcheck(&self, password: &str) -> assert_cmd::Command {
        self.mailcheck_with(
            password,
            "[sender]\ntimezone = \"Europe/Rome\"\n[desk]\nme = [\"marco@studio.it\"]\n",
        )
    }

    /// mailcheck with `rest` as the `[sender]`/`[desk]` part of its config.
    fn mailcheck_with(&self, password: &str, rest: &str) -> assert_cmd::Command {
        let mut c = mailcheck();
        c.env("MAILCHECK_CONFIG", self.config("mailcheck.toml", rest))
            .env("TEST_IMAP_PW", password)
            .env("XDG_CACHE_HOME", self.dir.join("cache"));
        c
    }

    /// `doveadm` on this server (it must be running), as the test user.
    fn doveadm(&self, args: &[&str], stdin: Option<&Path>) {
        let conf = self.dir.join("dovecot.conf").display().to_string();
        let mut c = Command::new("doveadm");
        c.args(["-c", &conf]).args(args);
        if let Some(f) = stdin {
            c.stdin(std::fs::File::open(f).unwrap());
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "doveadm {args:?}: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
    }

    fn url(&self, folder: &str) -> String {
        format!("imaps://marco@127.0.0.1:{}/{folder}", self.imaps)
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new("doveadm")
            .args([
                "-c",
                &self.dir.join("dovecot.conf").display().to_string(),
                "stop",
            ])
            .status();
    }
}

/// The due list without the sources (paths differ between disk and IMAP).
fn items(out: &std::process::Output) -> Vec<Value> {
    for text in [&out.stdout, &out.stderr] {
        assert!(lacks(text, PASSWORD.as_bytes()), "the password is shown");
    }
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let mut i = i.clone();
            i.as_object_mut().unwrap().remove("source");
            i
        })
        .collect()
}

const AT: &str = "2026-12-01T10:00:00+01:00";

#[test]
fn due_over_imaps_is_due_on_disk_and_the_second_run_fetches_no_body() {
    let dv = Dovecot::start();
    for (i, f) in [
        "en-clean.eml",
        "it-clean.eml",
        "en-angry.eml",
        "it-angry.eml",
    ]
    .iter()
    .enumerate()
    {
        dv.put("INBOX", &format!("176122980{i}.M{i}.t"), f);
    }
    dv.put("Sent", "1761229900.M9.t", "en-calm-reply-quoting-angry.eml");
    dv.put_unseen("1761229850.M5.t", "ru-next-steps-missing.eml");
    dv.run();
    let disk = dv.dir.join("home/marco/Maildir").display().to_string();
    let on_disk = dv
        .mailcheck("x")
        .args(["due", &disk, "--format", "json", "--at", AT])
        .output()
        .unwrap();
    let account = format!("imaps://marco@127.0.0.1:{}", dv.imaps);
    let over_imap = dv
        .mailcheck(PASSWORD)
        .args(["due", &account, "--format", "json", "--at", AT])
        .output()
        .unwrap();
    let expected = items(&on_disk);
    assert!(!expected.is_empty());
    assert_eq!(items(&over_imap), expected);
    let again = dv
        .mailcheck(PASSWORD)
        .args([
            "due",
            &dv.url("INBOX"),
            &dv.url("Sent"),
            "--format",
            "json",
            "--at",
            AT,
        ])
        .output()
        .unwrap();
    assert_eq!(items(&again), expected);
    let log = dv.log();
    let outs: Vec<&str> = log.lines().filter(|l| l.contains("Logged out")).collect();
    assert_eq!(outs.len(), 2, "{log}");
    assert!(!outs[0].contains("body_count=0"), "{log}");
    assert!(
        outs[1].contains("body_count=0"),
        "second run fetched a body: {log}"
    );
    let logins: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("Login: user=<marco>"))
        .collect();
    assert!(logins.iter().all(|l| l.contains(", TLS,")), "{log}");

    // A message added between runs is picked up.
    dv.put("INBOX", "1761229999.M7.t", "it-next-steps-missing.eml");
    let out = dv
        .mailcheck(PASSWORD)
        .args(["due", &account, "--format", "json", "--at", AT])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = dv.log();
    let third = log
        .lines()
        .filter(|l| l.contains("Logged out"))
        .nth(2)
        .unwrap_or_default();
    assert!(
        third.contains("body_count=1 "),
        "only the new message is fetched: {log}"
    );

    // The folder's state: UIDVALIDITY, UIDNEXT and (Dovecot has CONDSTORE) HIGHESTMODSEQ.
    let state = walkdir(&dv.dir.join("cache"))
        .into_iter()
        .find(|p| p.ends_with("INBOX/state.json"))
        .unwrap();
    let state: Value = serde_json::from_slice(&std::fs::read(state).unwrap()).unwrap();
    assert!(state["uidvalidity"].as_u64().unwrap_or(0) > 0, "{state}");
    assert_eq!(state["uidnext"], 7, "{state}");
    assert!(state["highestmodseq"].as_u64().is_some(), "{state}");

    // Read-only: the unread message is still unread on the server.
    assert!(!dv.flags("1761229850.M5.t").contains('S'), "{log}");

    // An expunged message drops out: the list is again what the same folders give on disk.
    let before = items(&out);
    let angry = std::fs::read_dir(dv.dir.join("home/marco/Maildir/cur"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("1761229803.M3.t"))
        .unwrap();
    std::fs::remove_file(angry).unwrap();
    let over_imap = dv
        .mailcheck(PASSWORD)
        .args(["due", &account, "--format", "json", "--at", AT])
        .output()
        .unwrap();
    let on_disk = dv
        .mailcheck("x")
        .args(["due", &disk, "--format", "json", "--at", AT])
        .output()
        .unwrap();
    let after = items(&over_imap);
    assert_ne!(after, before);
    assert_eq!(after, items(&on_disk));

    // The password is in no output and no cache file.
    for entry in walkdir(&dv.dir.join("cache")) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(lacks(&bytes, PASSWORD.as_bytes()), "{}", entry.display());
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                out.push(p)
            }
        }
    }
    out
}

/// Whether `needle` is nowhere in `hay`.
fn lacks(hay: &[u8], needle: &[u8]) -> bool {
    !hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_wrong_password_is_exit_2_and_imap_requires_starttls() {
    let dv = Dovecot::start();
    dv.put("INBOX", "1761229800.M1.t", "en-clean.eml");
    dv.run();
    let out = dv
        .mailcheck("wrong-pw-123")
        .args(["due", &dv.url("INBOX")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("login refused"), "{err}");
    assert!(!err.contains("wrong-pw-123"));
    // imap:// upgrades with STARTTLS (Dovecot with ssl = required logs the login as TLS).
    let url = format!("imap://marco@127.0.0.1:{}/INBOX", dv.imap);
    let out = dv
        .mailcheck(PASSWORD)
        .args(["due", &url, "--at", AT])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = dv.log();
    let logins: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("Login: user=<marco>"))
        .collect();
    assert_eq!(logins.len(), 1, "{log}");
    assert!(logins[0].contains(", TLS,"), "{log}");
}

#[test]
fn a_silent_server_ends_within_the_timeout() {
    use std::os::unix::fs::PermissionsExt;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts and never answers.
    let _held = std::thread::spawn(move || {
        let conns: Vec<_> = listener.incoming().take(1).collect();
        std::thread::sleep(std::time::Duration::from_secs(30));
        drop(conns);
    });
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("mailcheck.toml");
    std::fs::write(
        &cfg,
        "[imap]\npassword_env = \"TEST_IMAP_PW\"\ntimeout = 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let started = std::time::Instant::now();
    let out = mailcheck()
        .env("MAILCHECK_CONFIG", &cfg)
        .env("TEST_IMAP_PW", "pw")
        .env("XDG_CACHE_HOME", tmp.path().join("cache"))
        .args(["due", &format!("imaps://me@127.0.0.1:{port}/INBOX")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no answer from the server within 1 s"),
        "{err}"
    );
    // A generous cap: the run ends, it does not hang.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn late_reply_finds_the_answered_message_on_the_server() {
    use std::os::unix::fs::PermissionsExt;
    let dv = Dovecot::start();
    dv.put("INBOX", "1761229800.M1.t", "en-clean.eml");
    dv.run();
    let cfg = dv.dir.join("late.toml");
    std::fs::write(
        &cfg,
        format!(
            "[imap]\npassword_env = \"TEST_IMAP_PW\"\nca_file = \"ca.pem\"\ntimeout = 10\n\
             [mailbox]\npath = \"{}\"\n[sender]\ntimezone = \"Europe/Rome\"\n",
            dv.url("INBOX")
        ),
    )
    .unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let draft = dv.dir.join("reply.eml");
    std::fs::write(
        &draft,
        "From: Marco <marco@studio.it>\nTo: client@example.com\nSubject: Re: your order\n\
         In-Reply-To: <E35C2F21E99C.cc8ddd61@example.com>\nMIME-Version: 1.0\n\
         Content-Type: text/plain; charset=utf-8\n\nHi,\n\nthe order left today.\n\nMarco\n",
    )
    .unwrap();
    let run = |config: &Path| {
        mailcheck()
            .env("MAILCHECK_CONFIG", config)
            .env("TEST_IMAP_PW", PASSWORD)
            .env("XDG_CACHE_HOME", dv.dir.join("cache"))
            .args(["check", &draft.display().to_string(), "--format", "json"])
            .args(["--at", "2026-11-25T10:00:00+01:00"])
            .output()
            .unwrap()
    };
    let out = run(&cfg);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("late-reply"),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = dv.log();
    assert!(log.contains("Login: user=<marco>"), "{log}");
    // Without the server's message there is nothing to be late for.
    let plain = dv.dir.join("plain.toml");
    std::fs::write(&plain, "[sender]\ntimezone = \"Europe/Rome\"\n").unwrap();
    let out = run(&plain);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("late-reply"));
}

#[test]
fn check_reads_the_drafts_folder_found_by_special_use() {
    let dv = Dovecot::start();
    dv.put("Drafts", "1761229800.M1.t", "en-placeholder.eml");
    dv.run();
    let account = format!("imaps://marco@127.0.0.1:{}", dv.imaps);
    let out = dv
        .mailcheck(PASSWORD)
        .args(["check", &account, "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("/Drafts;UID=1 ("),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("placeholder"), "{text}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_changed_uidvalidity_drops_the_folders_cache() {
    let dv = Dovecot::start();
    dv.put("INBOX", "1761229800.M1.t", "en-clean.eml");
    dv.put("INBOX", "1761229801.M2.t", "it-clean.eml");
    dv.run();
    let url = dv.url("INBOX");
    let first = dv
        .mailcheck(PASSWORD)
        .args(["due", &url, "--format", "json", "--at", AT])
        .output()
        .unwrap();
    let expected = items(&first);
    // The server forgets its UIDs (a restore, a migration): a new UIDVALIDITY.
    let conf = dv.dir.join("dovecot.conf").display().to_string();
    assert!(
        Command::new("doveadm")
            .args(["-c", &conf, "stop"])
            .status()
            .unwrap()
            .success()
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    sh(
        "rm -f home/marco/Maildir/dovecot-uidlist home/marco/Maildir/dovecot.index*",
        &dv.dir,
    );
    dv.run();
    let again = dv
        .mailcheck(PASSWORD)
        .args(["due", &url, "--format", "json", "--at", AT])
        .output()
        .unwrap();
    assert_eq!(items(&again), expected);
    let log = dv.log();
    let outs: Vec<&str> = log.lines().filter(|l| l.contains("Logged out")).collect();
    assert_eq!(outs.len(), 2, "{log}");
    assert!(
        outs[1].contains("body_count=2 "),
        "fetched again after the new UIDVALIDITY: {log}"
    );
}

/// The desk of Anna (tests/fixtures/imap-desk/: the mail of tests/desk_report.rs as files):
/// English, Italian and Russian clients from September to November 2026, replies across a
/// weekend and the Europe/Rome DST change of 25 October, a forward, a newsletter, an auto-reply.
/// The calendar has two holidays that move deadlines: Monday 21 September (the Russian invoice
/// asked on Friday 18 is answered on Tuesday 22) and Friday 6 November (the English question of
/// Thursday 5 is still open).
const DESK: &str = "[sender]\ntimezone = \"Europe/Rome\"\nbusiness_hours = \"09:00-18:00\"\n\
    business_days = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"]\n\
    holidays = [\"2026-09-21\", \"2026-11-06\"]\n[desk]\nme = [\"anna@studio.it\"]\n";

/// The same calendar without the holidays.
fn no_holidays() -> String {
    DESK.replace("holidays = [\"2026-09-21\", \"2026-11-06\"]\n", "")
}

fn put_desk(dv: &Dovecot) {
    for folder in ["INBOX", "Sent"] {
        let dir = root().join("tests/fixtures/imap-desk").join(folder);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        assert!(files.len() >= 8, "{}", dir.display());
        for (i, f) in files.iter().enumerate() {
            dv.put(
                folder,
                &format!("17700000{i:02}.M{i}P1.{folder}"),
                &format!("imap-desk/{folder}/{f}"),
            );
        }
    }
}

/// A JSON value without its `source` fields (file paths on disk, URLs over IMAP).
fn without_sources(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("source");
            m.values_mut().for_each(without_sources);
        }
        Value::Array(a) => a.iter_mut().for_each(without_sources),
        _ => {}
    }
}

fn json_of(out: &std::process::Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn report_and_due_over_imap_equal_the_same_folders_on_disk() {
    let dv = Dovecot::start();
    put_desk(&dv);
    dv.run();
    let disk = dv.dir.join("home/marco/Maildir").display().to_string();
    let account = format!("imaps://marco@127.0.0.1:{}", dv.imaps);
    let folders = [dv.url("INBOX"), dv.url("Sent")];

    // The report, for the whole period and for one month, by week.
    for extra in [
        &[][..],
        &[
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--per",
            "week",
        ][..],
    ] {
        let run = |mailboxes: &[&str], rest: &str| {
            let out = dv
                .mailcheck_with(PASSWORD, rest)
                .arg("report")
                .args(mailboxes)
                .args(["--format", "json"])
                .args(extra)
                .output()
                .unwrap();
            json_of(&out)
        };
        let mut on_disk = run(&[&disk], DESK);
        let mut over_imap = run(&[&account], DESK);
        let mut by_folder = run(&[&folders[0], &folders[1]], DESK);
        assert_eq!(on_disk["messages"], 21, "{on_disk:#}");
        for v in [&mut on_disk, &mut over_imap, &mut by_folder] {
            without_sources(v);
        }
        assert_eq!(over_imap, on_disk, "{extra:?}");
        assert_eq!(by_folder, on_disk, "{extra:?}");
        // The holidays are in the data: without them the numbers differ (both are outside
        // October).
        let mut plain = run(&[&disk], &no_holidays());
        without_sources(&mut plain);
        assert_eq!(plain == on_disk, !extra.is_empty(), "{extra:?}");
    }

    // The due list, on the Monday after the DST change and after the holiday of 6 November.
    for at in ["2026-10-26T10:00:00+01:00", "2026-11-10T10:00:00+01:00"] {
        let run = |mailboxes: &[&str], rest: &str| {
            let out = dv
                .mailcheck_with(PASSWORD, rest)
                .arg("due")
                .args(mailboxes)
                .args(["--format", "json", "--at", at])
                .output()
                .unwrap();
            items(&out)
        };
        let on_disk = run(&[&disk], DESK);
        assert!(!on_disk.is_empty(), "{at}");
        assert_eq!(run(&[&account], DESK), on_disk, "{at}");
        assert_eq!(run(&[&folders[0], &folders[1]], DESK), on_disk, "{at}");
        if at.starts_with("2026-11-10") {
            assert_ne!(run(&[&disk], &no_holidays()), on_disk, "the holiday counts");
            let text = serde_json::to_string(&on_disk).unwrap();
            assert!(text.contains("sveta@magazin.ru"), "{text}");
        }
    }
    // Only the first IMAP run fetched bodies.
    let log = dv.log();
    let outs: Vec<&str> = log.lines().filter(|l| l.contains("Logged out")).collect();
    assert!(outs.len() >= 6, "{log}");
    assert!(
        outs[1..].iter().all(|l| l.contains("body_count=0 ")),
        "{log}"
    );
}

#[test]
fn folders_with_russian_and_italian_names_are_found_by_their_names() {
    let dv = Dovecot::start();
    let inbox = root().join("tests/fixtures/imap-desk/INBOX");
    let mut names: Vec<_> = std::fs::read_dir(&inbox)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for (i, f) in names.iter().enumerate() {
        dv.put(
            "INBOX",
            &format!("17700000{i:02}.M{i}.t"),
            &format!("imap-desk/INBOX/{f}"),
        );
    }
    // The server marks the Russian folder as the \Sent one (SPECIAL-USE) and creates it.
    let conf = dv.dir.join("dovecot.conf");
    let text = std::fs::read_to_string(&conf).unwrap();
    std::fs::write(
        &conf,
        text.replace("mailbox Sent {", "mailbox Отправленные {"),
    )
    .unwrap();
    dv.run();
    let user = ["-u", "marco"];
    for name in ["Черновики", "Posta inviata"] {
        dv.doveadm(&[&["mailbox", "create"][..], &user, &[name]].concat(), None);
    }
    // Anna's replies go into a Sent folder with a Russian name, saved by Dovecot itself.
    let sent = root().join("tests/fixtures/imap-desk/Sent");
    let mut replies: Vec<_> = std::fs::read_dir(&sent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    replies.sort();
    for r in &replies {
        dv.doveadm(
            &[&["save"][..], &user, &["-m", "Отправленные"]].concat(),
            Some(r),
        );
    }
    dv.doveadm(
        &[&["save"][..], &user, &["-m", "Черновики"]].concat(),
        Some(&root().join("tests/fixtures/ru-placeholder.eml")),
    );
    // Dovecot keeps the folder on disk under its modified UTF-7 name, as mailcheck sends it.
    assert!(
        dv.dir
            .join("home/marco/Maildir/.&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-")
            .is_dir()
    );
    let at = "2026-11-10T10:00:00+01:00";
    let due = |mailboxes: &[String]| {
        let out = dv
            .mailcheck_with(PASSWORD, DESK)
            .arg("due")
            .args(mailboxes)
            .args(["--format", "json", "--at", at])
            .output()
            .unwrap();
        items(&out)
    };
    let on_disk = due(&[dv.dir.join("home/marco/Maildir").display().to_string()]);
    // Alone, INBOX has more waiting (the replies are not there); with the Russian Sent folder
    // named in Unicode, percent-escaped or not, it is what the same folders give on disk.
    assert_ne!(due(&[dv.url("INBOX")]), on_disk);
    let ru = "Отправленные";
    let escaped = ru.bytes().map(|b| format!("%{b:02X}")).collect::<String>();
    for sent in [dv.url(ru), dv.url(&escaped)] {
        assert_eq!(due(&[dv.url("INBOX"), sent.clone()]), on_disk, "{sent}");
    }
    // Naming the account only: INBOX and the folder the server marks \Sent.
    let account = format!("imaps://marco@127.0.0.1:{}", dv.imaps);
    assert_eq!(due(&[account]), on_disk);
    // The same, with the Sent folder named in `[desk] sent`.
    let with_sent = format!("{DESK}sent = [\"{}\"]\n", dv.url(ru));
    let out = dv
        .mailcheck_with(PASSWORD, &with_sent)
        .args(["due", &dv.url("INBOX"), "--format", "json", "--at", at])
        .output()
        .unwrap();
    assert_eq!(items(&out), on_disk);
    let rest = "[sender]\ntimezone = \"Europe/Rome\"\n[desk]\nme = [\"marco@studio.it\"]\n";
    // An Italian folder with a space is opened too (empty: nothing fails).
    assert_eq!(due(&[dv.url("Posta%20inviata")]), Vec::<Value>::new());
    // check reads the Russian Drafts folder and names the draft by the folder's own name.
    let out = dv
        .mailcheck_with(PASSWORD, rest)
        .args(["check", &dv.url("Черновики"), "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("/Черновики;UID=1 ("),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("placeholder"), "{text}");
    // A folder that does not exist is a clear error naming it, exit 2.
    let out = dv
        .mailcheck_with(PASSWORD, rest)
        .args(["due", &dv.url("Входящие"), "--at", AT])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Входящие") && err.contains("cannot open the folder"),
        "{err}"
    );
}

#[test]
fn a_server_without_tls_is_refused_before_any_login_and_certificates_are_verified() {
    // A Dovecot with no TLS at all that would accept a plaintext LOGIN.
    let plain = Dovecot::start_with(false);
    plain.put("INBOX", "1761229800.M1.t", "en-clean.eml");
    plain.run();
    let url = format!("imap://marco@127.0.0.1:{}/INBOX", plain.imap);
    let out = plain
        .mailcheck(PASSWORD)
        .args(["due", &url, "--at", AT])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("does not offer STARTTLS"), "{err}");
    let log = plain.log();
    assert!(
        !log.contains("Login:") && !log.contains("auth failed"),
        "{log}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(PASSWORD));

    // A certificate from a CA that is not trusted (no `ca_file`) is refused, saying what to do.
    let dv = Dovecot::start();
    dv.run();
    let cfg = dv.dir.join("no-ca.toml");
    std::fs::write(
        &cfg,
        "[imap]\npassword_env = \"TEST_IMAP_PW\"\ntimeout = 10\n",
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let out = mailcheck()
        .env("MAILCHECK_CONFIG", &cfg)
        .env("TEST_IMAP_PW", PASSWORD)
        .env("XDG_CACHE_HOME", dv.dir.join("cache"))
        .args(["due", &dv.url("INBOX"), "--at", AT])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("TLS failed") && err.contains("ca_file"),
        "{err}"
    );
    assert!(!dv.log().contains("Login:"), "{}", dv.log());
}

/// A TCP relay to `port` on 127.0.0.1 whose first connection is cut after `limit` bytes from the
/// server (a connection dropped mid-sync); later connections are relayed whole.
fn cutting_relay(port: u16, limit: usize) -> u16 {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let relay = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for (n, client) in listener.incoming().enumerate() {
            let Ok(client) = client else { return };
            let Ok(server) = TcpStream::connect(("127.0.0.1", port)) else {
                return;
            };
            let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut c_in, &mut s_out);
                let _ = s_out.shutdown(Shutdown::Write);
            });
            let (mut s_in, mut c_out) = (server, client);
            std::thread::spawn(move || {
                let mut sent = 0usize;
                let mut buf = [0u8; 16384];
                loop {
                    let want = if n == 0 {
                        buf.len().min(limit - sent)
                    } else {
                        buf.len()
                    };
                    if want == 0 {
                        break;
                    }
                    match s_in.read(&mut buf[..want]) {
                        Ok(0) | Err(_) => break,
                        Ok(k) => {
                            if c_out.write_all(&buf[..k]).is_err() {
                                break;
                            }
                            sent += k;
                        }
                    }
                }
                let _ = c_out.shutdown(Shutdown::Both);
                let _ = s_in.shutdown(Shutdown::Both);
            });
        }
    });
    relay
}

#[test]
fn a_connection_dropped_mid_sync_resumes_from_the_cache() {
    let dv = Dovecot::start();
    let total = 2000;
    for i in 0..total {
        let f = if i % 2 == 0 {
            "it-clean.eml"
        } else {
            "en-clean.eml"
        };
        dv.put("INBOX", &format!("17612{i:05}.M{i}.t"), f);
    }
    dv.run();
    // About 2 MB of mail; the first connection ends after 1.2 MB.
    let relay = cutting_relay(dv.imaps, 1_200_000);
    let url = format!("imaps://marco@127.0.0.1:{relay}/INBOX");
    let run = || {
        dv.mailcheck(PASSWORD)
            .args(["due", &url, "--format", "json", "--at", AT])
            .output()
            .unwrap()
    };
    let first = run();
    let err = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(2), "{err}");
    let state = walkdir(&dv.dir.join("cache"))
        .into_iter()
        .find(|p| p.ends_with("INBOX/state.json"))
        .expect("the segments fetched before the drop are kept");
    let state: Value = serde_json::from_slice(&std::fs::read(state).unwrap()).unwrap();
    let kept = state["fetched"].as_array().unwrap().len();
    assert!(kept > 0 && kept < total, "{kept}");
    // The next run fetches only the rest, and reads what the same folder gives on disk.
    let second = run();
    let disk = dv.dir.join("home/marco/Maildir").display().to_string();
    let on_disk = dv
        .mailcheck("x")
        .args(["due", &disk, "--format", "json", "--at", AT])
        .output()
        .unwrap();
    assert_eq!(items(&second), items(&on_disk));
    let log = dv.log();
    let last = log
        .lines()
        .rfind(|l| l.contains("Logged out"))
        .unwrap_or_default();
    assert!(
        last.contains(&format!("body_count={} ", total - kept)),
        "{kept} kept: {last}"
    );

    // On a terminal, a long first sync shows a progress bar (`script` gives the run a pty).
    let cmd = format!(
        "{} due {} --at {AT} >/dev/null",
        env!("CARGO_BIN_EXE_mailcheck"),
        dv.url("INBOX")
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("MAILCHECK_CONFIG", dv.dir.join("mailcheck.toml"))
        .env("XDG_CONFIG_HOME", dv.dir.join("no-xdg"))
        .env("TEST_IMAP_PW", PASSWORD)
        .env("XDG_CACHE_HOME", dv.dir.join("cache-tty"))
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{tty}");
    assert!(tty.contains("fetching INBOX"), "{tty}");
    assert!(!tty.contains(PASSWORD));
}
