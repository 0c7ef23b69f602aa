//! The `[smtp]` account as resolved (`config::resolve::smtp_account`), the TLS parameters it
//! connects with, and the password helpers the other accounts share (`[imap]`, `[serve]`,
//! `[outbox] database`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lettre::transport::smtp::client::{Certificate, TlsParameters};
use lettre::transport::smtp::extension::ClientId;

use crate::outbox::OutboxError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    StartTls,
    Tls,
    None,
}

/// A password that never shows in `Debug` output.
#[derive(Clone)]
pub struct Secret(pub(super) String);

impl Secret {
    pub fn new(password: String) -> Self {
        Secret(password)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The SMTP account, validated.
#[derive(Debug, Clone)]
pub struct SmtpAccount {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub username: Option<String>,
    pub(crate) password: Option<Secret>,
    pub(crate) ca_pem: Option<Vec<u8>>,
    pub from: Option<String>,
    pub timeout: Duration,
    pub(crate) hello: ClientId,
    /// The config file, to name in configuration errors found while sending.
    pub(crate) source: PathBuf,
}

/// Where the SMTP account comes from: made, its password read, only when a message is due (the
/// config resolves it: `Settings::smtp_source`).
#[derive(Clone)]
pub struct SmtpSource(Arc<dyn Fn() -> Result<SmtpAccount, OutboxError> + Send + Sync>);

impl SmtpSource {
    pub fn new(make: Arc<dyn Fn() -> Result<SmtpAccount, OutboxError> + Send + Sync>) -> Self {
        SmtpSource(make)
    }

    /// The account, with its password read now.
    pub fn account(&self) -> Result<SmtpAccount, OutboxError> {
        (self.0)()
    }
}

impl std::fmt::Debug for SmtpSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpSource")
    }
}

impl SmtpAccount {
    pub(super) fn tls_parameters(&self) -> Result<TlsParameters, String> {
        let mut b = TlsParameters::builder(self.host.clone());
        if let Some(pem) = &self.ca_pem {
            let cert = Certificate::from_pem(pem).map_err(|e| format!("smtp.ca_file: {e}"))?;
            b = b.add_root_certificate(cert);
        }
        b.build().map_err(|e| format!("TLS setup: {e}"))
    }
}

/// Refuses a config file that holds password settings and that group or others can read or
/// write (a writer could point `password_command` at a program of theirs).
pub(crate) fn check_private(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o066 != 0 {
        return Err(format!(
            "{} holds password settings and group or others can read or write it (mode {:o}); \
             run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
    Ok(())
}

/// The most of a password command's output that is read: its first line, up to this.
pub const MAX_PASSWORD_BYTES: usize = 4096;

/// Runs `sh -c CMD` and returns its first output line, waiting at most `timeout` for it to end.
/// Only the first line is kept (at most [`MAX_PASSWORD_BYTES`]); the rest is read and dropped,
/// so a command that prints without end costs no memory, and is stopped at the timeout with
/// everything it started (its own process group). Its error output goes to the terminal;
/// nothing of the output is ever put in a message.
pub(crate) fn run_password_command(cmd: &str, timeout: Duration) -> Result<String, String> {
    use std::io::{BufRead, Read};
    use std::os::unix::process::CommandExt;
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot run the password command: {e}"))?;
    let stdout = child.stdout.take();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Some(stdout) = stdout else { return };
        let mut reader = std::io::BufReader::new(stdout);
        let mut first = Vec::new();
        let read = (&mut reader)
            .take(MAX_PASSWORD_BYTES as u64 + 1)
            .read_until(b'\n', &mut first);
        let _ = tx.send(read.map(|_| first));
        // The rest is not wanted, but read so the command is not stuck writing it.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let deadline = Instant::now() + timeout;
    let kill = |child: &mut std::process::Child| {
        // SAFETY: kill only sends a signal; the group is the child's own (process_group(0)).
        unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
        let _ = child.kill();
        let _ = child.wait();
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                kill(&mut child);
                return Err(format!(
                    "the password command did not finish within {} s (set `password_timeout` \
                     for a slower one)",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                kill(&mut child);
                return Err(format!("the password command: {e}"));
            }
        }
    };
    // The group may live on (a background child holding the output open): it goes too.
    // SAFETY: as above.
    unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
    if !status.success() {
        return Err(format!("the password command failed ({status})"));
    }
    let first = rx
        .recv_timeout(Duration::from_secs(1))
        .map_err(|_| "the password command's output could not be read".to_string())?
        .map_err(|e| format!("the password command's output: {e}"))?;
    if first.len() > MAX_PASSWORD_BYTES {
        return Err(format!(
            "the password command's first line is longer than {MAX_PASSWORD_BYTES} bytes"
        ));
    }
    let text = String::from_utf8(first)
        .map_err(|_| "the password command's output is not UTF-8".to_string())?;
    let line = text.trim_end_matches(['\n', '\r']).to_string();
    if line.is_empty() {
        return Err("the password command printed nothing".into());
    }
    Ok(line)
}
