//! The harness for CLI tests: the real binary, run from the repository root with the test
//! config, a clean environment, and helpers to read its output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod smtp;

/// Monday 23 November 2026, 10:00 in Rome: inside business hours.
pub const IN_HOURS: &str = "2026-11-23T10:00:00+01:00";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `mailcheck` with the test config and no user config leaking in.
pub fn mailcheck() -> Command {
    let mut cmd = Command::cargo_bin("mailcheck").expect("binary built");
    cmd.current_dir(root())
        .env(
            "MAILCHECK_CONFIG",
            root().join("tests/fixtures/mailcheck.toml"),
        )
        .env("XDG_CONFIG_HOME", root().join("tests/fixtures/no-xdg"))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    no_locale(&mut cmd);
    cmd
}

/// The locale variables that choose the interface language, removed: a test that wants one sets
/// it, and the others see English whatever the machine's locale is.
pub fn no_locale(cmd: &mut Command) {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(var);
    }
}

/// `mailcheck` in `dir`, with no config from the environment (for discovery tests).
pub fn mailcheck_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mailcheck").expect("binary built");
    cmd.current_dir(dir)
        .env_remove("MAILCHECK_CONFIG")
        .env("XDG_CONFIG_HOME", dir.join("xdg"))
        .env("NO_COLOR", "1");
    no_locale(&mut cmd);
    cmd
}

/// Runs a check in JSON and returns (exit code, findings).
pub fn check_json(args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut cmd = mailcheck();
    cmd.args(["check", "--format", "json"]);
    if !args.contains(&"--at") {
        cmd.args(["--at", IN_HOURS]);
    }
    let out = cmd.args(args).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap_or(-1),
        v.as_array().cloned().unwrap_or_default(),
    )
}

/// The rule ids of a JSON result, sorted and deduplicated.
pub fn rules_of(findings: &[serde_json::Value]) -> Vec<String> {
    let mut r: Vec<String> = findings
        .iter()
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect();
    r.sort();
    r.dedup();
    r
}

/// The Python the test servers run under (`MAILCHECK_TEST_PYTHON`, else `python3`).
pub fn python() -> String {
    std::env::var("MAILCHECK_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Starts a test server (`tests/smtp_server.py`, `tests/fault_server.py`: they print
/// `READY <port>` once listening) and returns it with its port. Stdout is taken for that line;
/// stdin and stderr are as `cmd` sets them. Panics after 30 s without the line, naming `what`,
/// the `help` for installing what it needs and, when piped, the server's stderr.
pub fn spawn_ready(
    mut cmd: std::process::Command,
    what: &str,
    help: &str,
) -> (std::process::Child, u16) {
    use std::io::{BufRead, BufReader, Read};
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what} ({e}): {help}"));
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .unwrap_or_default();
    match line
        .trim()
        .strip_prefix("READY ")
        .and_then(|p| p.parse().ok())
    {
        Some(port) => (child, port),
        None => {
            let _ = child.kill();
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            panic!("{what} did not start: {help}\n--- its stderr ---\n{err}");
        }
    }
}
