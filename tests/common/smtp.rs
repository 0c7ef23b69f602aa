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
        let dir = tempfile::tempdir().expect("temp dir");
        let help = "the tests against an SMTP server need Python 3 with aiosmtpd and trustme \
                    (run `bash scripts/ci-setup.sh`, or `python3 -m pip install aiosmtpd trustme`)";
        let mut cmd = Command::new(super::python());
        cmd.arg(super::root().join("tests/smtp_server.py"))
            .args(["--dir", &dir.path().to_string_lossy()])
            .args(["--user", USER, "--password", PASSWORD])
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
