//! The harness for CLI tests: the real binary, run from the repository root with the test
//! config, a clean environment, and helpers to read its output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

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
    cmd
}

/// `mailcheck` in `dir`, with no config from the environment (for discovery tests).
pub fn mailcheck_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mailcheck").expect("binary built");
    cmd.current_dir(dir)
        .env_remove("MAILCHECK_CONFIG")
        .env("XDG_CONFIG_HOME", dir.join("xdg"))
        .env("NO_COLOR", "1");
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
