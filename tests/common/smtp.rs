//! The real SMTP test server (`tests/smtp_server.py`: aiosmtpd with STARTTLS and AUTH, a CA and
//! certificate made by trustme), one per test, and what it received. Each message it accepts is
//! a `.eml` file (the data) and a `.json` record (envelope, MAIL parameters, peer) in its folder,
//! named in order of arrival.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The account the server accepts (the outbox tests' `[smtp] username`).
pub const USER: &str = "mailcheck";
/// Its password; the tests check that it never appears in mailcheck's output or files.
pub const PASSWORD: &str = "pw-Zq81-never-logged";

/// A running server; killed when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

/// One message as the server received it.
#[derive(Debug)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// The MAIL FROM parameters, as aiosmtpd upper-cases them ("BODY=8BITMIME").
    pub mail_options: Vec<String>,
    pub data: Vec<u8>,
    /// The client's address and port: one per connection.
    pub peer: String,
}

impl Received {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

impl SmtpServer {
    /// Starts it on a free port of 127.0.0.1, accepting `USER` / `PASSWORD` after STARTTLS.
    pub fn start() -> SmtpServer {
        SmtpServer::start_as(USER, PASSWORD)
    }

    /// Starts one accepting `user` / `password` after STARTTLS.
    pub fn start_as(user: &str, password: &str) -> SmtpServer {
        SmtpServer::start_with(user, password, &[])
    }

    /// [`SmtpServer::start_as`] with more of `tests/smtp_server.py`'s options
    /// (`--auth-refuse "534 ..."`: the reply to a wrong login).
    pub fn start_with(user: &str, password: &str, extra: &[&str]) -> SmtpServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let help = "the tests against an SMTP server need Python 3 with aiosmtpd and trustme \
                    (run `bash scripts/ci-setup.sh`, or `python3 -m pip install aiosmtpd trustme`)";
        let mut cmd = Command::new(super::python());
        cmd.arg(super::root().join("tests/smtp_server.py"))
            .args(["--dir", &dir.path().to_string_lossy()])
            .args(["--user", user, "--password", password])
            .args(extra)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped());
        let (mut child, port) = super::spawn_ready(cmd, "the test SMTP server", help);
        // Its stderr was kept for a failed start; from now on it is drained, so a server that
        // logs much never blocks on a full pipe.
        if let Some(mut err) = child.stderr.take() {
            std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
        }
        SmtpServer { child, port, dir }
    }

    /// The CA that signed its certificate (for `[smtp] ca_file`).
    pub fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// Its files with extension `ext`, in order of arrival.
    fn files(&self, ext: &str) -> Vec<PathBuf> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        names.sort();
        names
    }

    /// The messages received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        self.files("json")
            .iter()
            .map(|p| {
                let v: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
                Received {
                    mail_from: v["mail_from"].as_str().unwrap_or_default().to_string(),
                    rcpt_tos: strings(&v["rcpt_tos"]),
                    mail_options: strings(&v["mail_options"]),
                    data: std::fs::read(p.with_extension("eml")).unwrap(),
                    peer: v["peer"].to_string(),
                }
            })
            .collect()
    }

    /// The text of every message received so far, in order.
    pub fn bodies(&self) -> Vec<String> {
        self.files("eml")
            .iter()
            .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
            .collect()
    }

    /// The Message-ID line of every message received, in order of arrival.
    pub fn message_ids(&self) -> Vec<String> {
        self.bodies()
            .iter()
            .map(|text| {
                text.lines()
                    .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
                    .unwrap_or_else(|| panic!("no Message-ID in a received message:\n{text}"))
                    .to_string()
            })
            .collect()
    }

    /// Waits until `n` messages arrived (at most 30 s) and returns their text.
    pub fn wait_for(&self, n: usize) -> Vec<String> {
        let t = Instant::now();
        loop {
            let got = self.bodies();
            if got.len() >= n || t.elapsed() > Duration::from_secs(30) {
                return got;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Anna's and Bruno's passwords in the accounts tests (`MC_TEST_ANNA_PW`, `MC_TEST_BRUNO_PW`).
pub const ANNA_PW: &str = "pw-anna-Xk31-secret";
pub const BRUNO_PW: &str = "pw-bruno-Qz87-secret";

/// `[smtp]` with an account per desk member: `anna@desk.example` through server `a` as user
/// `anna`, `Bruno@Desk.example` (any case) through `b` as `bruno`; `more` is appended.
pub fn accounts_toml(a: &SmtpServer, b: &SmtpServer, more: &str) -> String {
    format!(
        "[smtp]\nhost = \"127.0.0.1\"\ntls = \"starttls\"\ntimeout = 5\n\
         hello_name = \"client.test\"\n\n\
         [smtp.accounts.\"anna@desk.example\"]\nport = {}\nusername = \"anna\"\n\
         password_env = \"MC_TEST_ANNA_PW\"\nca_file = \"{}\"\n\n\
         [smtp.accounts.\"Bruno@Desk.example\"]\nport = {}\nusername = \"bruno\"\n\
         password_env = \"MC_TEST_BRUNO_PW\"\nca_file = \"{}\"\n{more}",
        a.port,
        a.ca().display(),
        b.port,
        b.ca().display()
    )
}

/// Runs `mailcheck ARGS` at a time: (exit code, stdout, stderr).
pub type RunMailcheck<'a> = dyn Fn(&str, &[&str]) -> (i32, String, String) + 'a;

/// Each desk member's mail goes out through their own account, on whichever store `config`
/// points at: `config` is rewritten (its `[smtp]` replaced by [`accounts_toml`]), `run` runs
/// `mailcheck ARGS` at a time with `MC_TEST_ANNA_PW` and `MC_TEST_BRUNO_PW` set.
pub fn each_member_sends_through_their_own_account(
    config: &std::path::Path,
    run: &RunMailcheck<'_>,
) {
    let a = SmtpServer::start_as("anna", ANNA_PW);
    let b = SmtpServer::start_as("bruno", BRUNO_PW);
    let text = std::fs::read_to_string(config).unwrap();
    let head = text[..text.find("[smtp]").expect("an [smtp] section")].to_string();
    let write = |more: &str| {
        std::fs::write(config, format!("{head}{}", accounts_toml(&a, &b, more))).unwrap()
    };
    write("");
    let dir = config.parent().unwrap();
    let draft = |name: &str, from: &str, to: &str| {
        std::fs::write(
            dir.join(name),
            format!("From: {from}\nTo: {to}\nSubject: For {to}\n\nHello,\n\nready.\n"),
        )
        .unwrap();
        name.to_string()
    };
    let now = "2026-11-23T10:00:00+01:00";
    let later = "2026-11-23T10:05:00+01:00";
    let must = |at: &str, args: &[&str]| -> String {
        let (code, out, err) = run(at, args);
        assert_eq!(code, 0, "mailcheck {args:?}: {out}\n{err}");
        for secret in [ANNA_PW, BRUNO_PW] {
            assert!(
                !out.contains(secret) && !err.contains(secret),
                "{out}\n{err}"
            );
        }
        out
    };
    let queued = |out: &str| -> String {
        out.lines()
            .find_map(|l| l.strip_prefix("queued ").and_then(|r| r.split(':').next()))
            .unwrap_or_else(|| panic!("no queue id in: {out}"))
            .to_string()
    };
    let anna = queued(&must(
        now,
        &[
            "send",
            &draft("a.eml", "Anna <anna@desk.example>", "x@example.it"),
        ],
    ));
    let bruno = queued(&must(
        now,
        &[
            "send",
            &draft("b.eml", "bruno@DESK.example", "y@example.it"),
        ],
    ));
    // A sender without an account is refused when queued, naming the key to add.
    let (code, out, err) = run(
        now,
        &[
            "send",
            &draft("c.eml", "carla@desk.example", "z@example.it"),
        ],
    );
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(
        err.contains("smtp.accounts") && err.contains("carla@desk.example"),
        "{err}"
    );

    let show = |id: &str| -> serde_json::Value {
        serde_json::from_str(&must(now, &["outbox", "show", "--format", "json", id])).unwrap()
    };
    assert_eq!(show(&anna)["account"], "anna@desk.example");
    assert_eq!(show(&bruno)["account"], "bruno@desk.example");
    let list = must(now, &["outbox", "list", "--from", "Bruno@desk.example"]);
    assert!(list.contains(&bruno) && !list.contains(&anna), "{list}");

    // Queued while the config had Carla's account, sent by one without it: it fails, saying
    // so, and never goes through another account.
    write(
        "\n[smtp.accounts.\"carla@desk.example\"]\nport = 1\nusername = \"carla\"\npassword_env = \"MC_TEST_ANNA_PW\"\n",
    );
    let carla = queued(&must(now, &["send", "c.eml"]));
    write("");

    let out = must(later, &["outbox", "run", "--once"]);
    assert!(
        out.contains(&format!("sent {anna}")) && out.contains(&format!("sent {bruno}")),
        "{out}"
    );
    let (ra, rb) = (a.received(), b.received());
    assert_eq!(ra.len(), 1, "server a got {ra:?}");
    assert_eq!(rb.len(), 1, "server b got {rb:?}");
    assert_eq!(ra[0].mail_from, "anna@desk.example");
    assert_eq!(ra[0].rcpt_tos, ["x@example.it"]);
    assert_eq!(rb[0].mail_from.to_lowercase(), "bruno@desk.example");
    let c = show(&carla);
    assert_eq!(c["state"], "failed", "{c}");
    // Stored as mailcheck's own sentence (an id, #21), naming the account.
    assert_eq!(c["last_reply"]["id"], "last-reply-no-account", "{c}");
    assert_eq!(
        c["last_reply"]["args"]["account"]["str"], "carla@desk.example",
        "{c}"
    );

    // An account that is not a sender address: exit 2, naming it.
    write("\n[smtp.accounts.\"carla\"]\nport = 1\n");
    let (code, _, err) = run(now, &["outbox", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("smtp.accounts.\"carla\""), "{err}");
    // An account's password setting in a config others can read: refused before queueing.
    write("");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, _, err) = run(now, &["send", "a.eml", "--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("chmod 600"), "{err}");
    std::fs::set_permissions(config, std::fs::Permissions::from_mode(0o600)).unwrap();
}
