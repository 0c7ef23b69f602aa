//! The `[smtp]` account as resolved (`config::resolve::smtp_account`), the TLS parameters it
//! connects with, and the password helpers the other accounts share (`[imap]`, `[serve]`,
//! `[outbox] database`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lettre::transport::smtp::client::{Certificate, TlsParameters};
use lettre::transport::smtp::extension::ClientId;

use crate::i18n::Msg;
use crate::msg;
use crate::outbox::OutboxError;
use crate::outbox::reason::Reason;

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
    /// The account's keys in that file: `smtp` or `smtp.accounts."a@b"`.
    pub(crate) prefix: String,
    /// Where its password comes from: `password_command` or `password_env` (`None`: no AUTH).
    pub(crate) password_key: Option<&'static str>,
}

impl SmtpAccount {
    /// The full name of the account's key `key` (`tls`, `ca_file`...): `smtp.tls`, or
    /// `smtp.accounts."a@b".tls`.
    pub(crate) fn key(&self, key: &str) -> String {
        format!("{}.{key}", self.prefix)
    }
}

/// Makes an account, its password read: `None` the default `[smtp]`, `Some(address)` the
/// `[smtp.accounts."address"]` entry.
pub type MakeAccount = dyn Fn(Option<&str>) -> Result<SmtpAccount, OutboxError> + Send + Sync;

/// Where the SMTP accounts come from: made, their passwords read, only when a message is due
/// (the config resolves them: `Settings::smtp_source`). A desk member's config may hold an
/// account per sender address (`[smtp.accounts."anna@desk.example"]`); each message is sent
/// through the account of its sender, chosen when it is queued ([`SmtpSource::choose`]) and
/// again, from what was recorded, by whichever runner sends it.
#[derive(Clone)]
pub struct SmtpSource {
    make: Arc<MakeAccount>,
    /// The addresses of `[smtp.accounts]`, lower case.
    accounts: Vec<String>,
    /// The default `[smtp]` has a host.
    has_default: bool,
    /// `[smtp] from`, lower case: the sender the default account is for when there are
    /// `[smtp.accounts]`.
    default_from: Option<String>,
}

impl SmtpSource {
    /// Only the default account (no `[smtp.accounts]`).
    pub fn new(make: Arc<dyn Fn() -> Result<SmtpAccount, OutboxError> + Send + Sync>) -> Self {
        SmtpSource {
            make: Arc::new(move |_| make()),
            accounts: Vec::new(),
            has_default: true,
            default_from: None,
        }
    }

    /// The default account and the accounts by sender address (`accounts`, any case).
    pub fn with_accounts(
        make: Arc<MakeAccount>,
        accounts: Vec<String>,
        has_default: bool,
        default_from: Option<String>,
    ) -> Self {
        SmtpSource {
            make,
            accounts: accounts.iter().map(|a| a.to_lowercase()).collect(),
            has_default,
            default_from: default_from.map(|f| f.trim().to_lowercase()),
        }
    }

    /// The default account, with its password read now.
    pub fn account(&self) -> Result<SmtpAccount, OutboxError> {
        (self.make)(None)
    }

    /// The account `key` names (as [`SmtpSource::choose`] gave it), with its password read now.
    pub fn account_for(&self, key: Option<&str>) -> Result<SmtpAccount, OutboxError> {
        (self.make)(key)
    }

    /// The account for mail from `sender`: `Ok(None)` the default `[smtp]`, `Ok(Some(address))`
    /// its `[smtp.accounts]` entry. Without `[smtp.accounts]` every sender uses the default
    /// (one person's config). With them, a sender that has none is refused (the reason, naming
    /// the key to add), unless it is the default account's `from`: its mail never goes out
    /// silently through somebody else's account.
    pub fn choose(&self, sender: &str) -> Result<Option<String>, crate::i18n::Msg> {
        self.pick(sender).map_err(|(sender, accounts)| {
            crate::msg!(
                "smtp-no-account-for-sender",
                sender = sender,
                accounts = accounts
            )
        })
    }

    /// [`SmtpSource::choose`]; the error is the sender and the accounts there are.
    fn pick(&self, sender: &str) -> Result<Option<String>, (String, String)> {
        let sender = sender.trim().to_lowercase();
        if self.accounts.is_empty() {
            return Ok(None);
        }
        if self.accounts.contains(&sender) {
            return Ok(Some(sender));
        }
        if self.has_default && (sender.is_empty() || self.default_from.as_deref() == Some(&sender))
        {
            return Ok(None);
        }
        let accounts = self
            .accounts
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        Err((sender, accounts))
    }

    /// The account a queued message goes out through: the one recorded with it (`recorded`),
    /// which this config must have too (or be the default account's `from`): a message is never
    /// sent through another account than its own. A message recorded with none (queued by a
    /// config without `[smtp.accounts]`) is matched by its sender, as [`SmtpSource::choose`].
    pub fn for_message(
        &self,
        recorded: Option<&str>,
        sender: &str,
    ) -> Result<Option<String>, Reason> {
        let Some(key) = recorded else {
            // Stored with the entry as its `last_reply`: an id, worded when shown.
            return self.pick(sender).map_err(|(sender, accounts)| {
                Reason::new("smtp-no-account-for-sender")
                    .str("sender", sender)
                    .str("accounts", accounts)
            });
        };
        let key = key.to_lowercase();
        if self.accounts.contains(&key) {
            Ok(Some(key))
        } else if self.has_default && self.default_from.as_deref() == Some(&key) {
            Ok(None)
        } else {
            Err(Reason::new("last-reply-no-account").str("account", key))
        }
    }
}

impl std::fmt::Debug for SmtpSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSource")
            .field("accounts", &self.accounts)
            .finish()
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
pub(crate) fn check_private(path: &Path) -> Result<(), Msg> {
    use std::os::unix::fs::PermissionsExt;
    let shown = path.display().to_string();
    let mode = std::fs::metadata(path)
        .map_err(|e| {
            msg!(
                "config-file-error",
                path = shown.as_str(),
                error = e.to_string()
            )
        })?
        .permissions()
        .mode();
    if mode & 0o066 != 0 {
        return Err(msg!(
            "config-not-private",
            path = shown,
            mode = format!("{:o}", mode & 0o777)
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
pub(crate) fn run_password_command(cmd: &str, timeout: Duration) -> Result<String, Msg> {
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
        .map_err(|e| msg!("config-password-command-cannot-run", error = e.to_string()))?;
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
                return Err(msg!(
                    "config-password-command-timeout",
                    seconds = timeout.as_secs().to_string()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                kill(&mut child);
                return Err(msg!("config-password-command-error", error = e.to_string()));
            }
        }
    };
    // The group may live on (a background child holding the output open): it goes too.
    // SAFETY: as above.
    unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
    if !status.success() {
        return Err(msg!(
            "config-password-command-failed",
            status = status.to_string()
        ));
    }
    let first = rx
        .recv_timeout(Duration::from_secs(1))
        .map_err(|_| msg!("config-password-command-unreadable"))?
        .map_err(|e| {
            msg!(
                "config-password-command-output-error",
                error = e.to_string()
            )
        })?;
    if first.len() > MAX_PASSWORD_BYTES {
        return Err(msg!(
            "config-password-command-too-long",
            max = MAX_PASSWORD_BYTES.to_string()
        ));
    }
    let text = String::from_utf8(first).map_err(|_| msg!("config-password-command-not-utf8"))?;
    let line = text.trim_end_matches(['\n', '\r']).to_string();
    if line.is_empty() {
        return Err(msg!("config-password-command-empty"));
    }
    Ok(line)
}
