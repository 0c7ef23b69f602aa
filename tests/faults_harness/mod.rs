//! What the crash and fault tests share: the fault-injecting SMTP server (`tests/fault_server.py`,
//! a real process on 127.0.0.1), a test directory with its config (mode 0600) and outbox, and the
//! real `mailcheck` binary run in it with `MAILCHECK_NOW` as the clock.
//!
//! The server needs Python 3 with `trustme` and `cryptography` for its certificates
//! (`scripts/ci-setup.sh` installs them); without them these tests fail saying so.

#![allow(dead_code)]

pub(crate) use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "mailcheck";
pub const PASSWORD: &str = "pw-Faults-7Qx2-never-shown";
/// Mon 23 Nov 2026 10:00 in Rome: inside business hours.
pub const MON_10: &str = "2026-11-23T10:00:00+01:00";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mailcheck"))
}

/// One fault server; killed when dropped.
pub struct FaultServer {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl FaultServer {
    pub fn start(args: &[&str]) -> FaultServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let help = "the fault tests need Python 3 with trustme and cryptography \
                    (run `bash scripts/ci-setup.sh`)";
        let mut cmd = Command::new(common::python());
        cmd.arg(root().join("tests/fault_server.py"))
            .args(["--dir", &dir.path().to_string_lossy()])
            .args(args)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped());
        let (child, port) = common::spawn_ready(cmd, "the fault server", help);
        FaultServer { child, port, dir }
    }

    pub fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// Every command line the server received.
    pub fn commands(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("commands.log")).unwrap_or_default()
    }

    /// (Message-ID, recipient) for every recipient of every accepted message.
    pub fn received(&self) -> Vec<(String, String)> {
        std::fs::read_to_string(self.dir.path().join("received.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(m, r)| (m.to_string(), r.to_string()))
            .collect()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How the test's config talks to the server.
#[derive(Debug, Clone)]
pub struct Smtp {
    pub port: u16,
    pub tls: &'static str,
    pub ca: Option<PathBuf>,
    pub auth: bool,
    pub timeout: u64,
    /// Extra lines for `[smtp]`.
    pub extra: String,
}

impl Smtp {
    pub fn plain(port: u16) -> Smtp {
        Smtp {
            port,
            tls: "none",
            ca: None,
            auth: false,
            timeout: 2,
            extra: String::new(),
        }
    }

    pub fn starttls(server: &FaultServer) -> Smtp {
        Smtp {
            port: server.port,
            tls: "starttls",
            ca: Some(server.ca()),
            auth: true,
            timeout: 2,
            extra: String::new(),
        }
    }
}

/// A test's own directory: config (mode 0600), outbox, drafts.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub outbox: PathBuf,
}

impl Env {
    pub fn new(smtp: &Smtp) -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let outbox = dir.path().join("outbox");
        let env = Env { dir, outbox };
        env.write_config(smtp, &env.outbox.clone());
        env
    }

    pub fn write_config(&self, smtp: &Smtp, outbox: &Path) {
        let mut text = format!(
            "[sender]\ntimezone = \"Europe/Rome\"\n\n[outbox]\npath = \"{}\"\n\n[smtp]\n\
             host = \"127.0.0.1\"\nport = {}\ntls = \"{}\"\ntimeout = {}\nhello_name = \"client.test\"\n",
            outbox.display(),
            smtp.port,
            smtp.tls,
            smtp.timeout
        );
        if let Some(ca) = &smtp.ca {
            text.push_str(&format!("ca_file = \"{}\"\n", ca.display()));
        }
        if smtp.auth {
            text.push_str(&format!(
                "username = \"{USER}\"\npassword_env = \"MC_FAULTS_PW\"\n"
            ));
        }
        text.push_str(&smtp.extra);
        let path = self.config();
        std::fs::write(&path, text).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("mailcheck.toml")
    }

    pub fn command(&self, now: &str) -> Command {
        let mut cmd = Command::new(bin());
        cmd.current_dir(self.dir.path())
            .env("MAILCHECK_CONFIG", self.config())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("MAILCHECK_NOW", now)
            .env("MC_FAULTS_PW", PASSWORD)
            .env("NO_COLOR", "1")
            // English whatever the machine's locale (the interface language, #21).
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .stdin(Stdio::null());
        cmd
    }

    pub fn draft(&self, name: &str, to: &str, subject: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                "From: Marta Rossi <marta@example.it>\nTo: {to}\nSubject: {subject}\n\n\
                 Hello,\n\nthe file is ready in the shared folder.\n\nBest regards,\nMarta\n"
            ),
        )
        .unwrap();
        path
    }

    /// `mailcheck send DRAFT` at MON_10, expecting success; returns the queue id.
    pub fn send(&self, draft: &Path) -> String {
        let out = self
            .command(MON_10)
            .arg("send")
            .arg(draft)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "send failed: {stdout}\n{}",
            text(&out.stderr)
        );
        stdout
            .lines()
            .find_map(|l| l.strip_prefix("queued ").and_then(|r| r.split(':').next()))
            .unwrap_or_else(|| panic!("no queue id in: {stdout}"))
            .to_string()
    }

    /// `mailcheck outbox run --once` at `now`.
    pub fn run(&self, now: &str) -> Output {
        let out = self
            .command(now)
            .args(["outbox", "run", "--once"])
            .output()
            .unwrap();
        assert!(
            !text(&out.stderr).contains("panicked"),
            "{}",
            text(&out.stderr)
        );
        out
    }

    pub fn show(&self, id: &str) -> serde_json::Value {
        let out = self
            .command(MON_10)
            .args(["outbox", "show", "--format", "json", id])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Every file below `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A small deterministic random number generator (xorshift), seeded from the clock and printed,
/// so a failing run can be repeated with `MAILCHECK_TEST_SEED`.
pub struct Rng(u64);

impl Rng {
    pub fn new(name: &str) -> Rng {
        let seed = std::env::var("MAILCHECK_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            })
            | 1;
        eprintln!("{name}: MAILCHECK_TEST_SEED={seed}");
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Waits up to `wait` for `child` to end; its status, or `None` while it still runs.
pub fn wait_at_most(child: &mut Child, wait: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + wait;
    while Instant::now() < deadline {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

/// SIGKILL for a child (std's `Child::kill` sends SIGKILL on Unix).
pub fn sigkill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Message `i` of a bulk-queued test batch, with id `id`, due at `due`: its meta (checksum set)
/// and bytes. Returns the Message-ID as `<…>` too.
pub fn test_entry(
    i: usize,
    id: String,
    due: chrono::DateTime<chrono::Utc>,
) -> (mailcheck::outbox::Meta, Vec<u8>, String) {
    use mailcheck::outbox::entry::{Recipient, checksum};
    use mailcheck::outbox::{Meta, RcptState, State};
    let message_id = format!("{i}.{id}@example.it");
    let msg = format!(
        "Message-ID: <{message_id}>\nFrom: marta@example.it\nTo: anna{i}@example.it\n\
         Subject: N{i}\n\nHello,\n\nready.\n"
    );
    let meta = Meta {
        id,
        message_id: message_id.clone(),
        state: State::Queued,
        hold: None,
        created: due,
        due,
        first_due: due,
        reasons: vec![],
        sender_zone: "Europe/Rome".into(),
        from: "marta@example.it".into(),
        account: None,
        recipients: vec![Recipient {
            address: format!("anna{i}@example.it"),
            state: RcptState::Pending,
            reply: None,
        }],
        subject: Some(format!("N{i}")),
        attempts: 0,
        last_attempt: None,
        last_reply: None,
        sent_at: None,
        checksum: Some(checksum(msg.as_bytes())),
    };
    (meta, msg.into_bytes(), format!("<{message_id}>"))
}

/// Puts `n` messages in the queue at `outbox`, due at `due`, through the library (thousands in
/// a second, where `mailcheck send` would take a minute). Returns their Message-IDs.
pub fn enqueue_direct(outbox: &Path, n: usize, due: &str) -> Vec<String> {
    let store = mailcheck::outbox::Store::open(outbox).unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(due)
        .unwrap()
        .with_timezone(&chrono::Utc);
    (0..n)
        .map(|i| {
            let (meta, msg, message_id) = test_entry(i, store.new_id(), due);
            store.enqueue(&meta, &msg).unwrap();
            message_id
        })
        .collect()
}
