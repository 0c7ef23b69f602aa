//! The `[smtp]` account and one SMTP transaction per attempt, with lettre's SMTP client.
//!
//! The transaction is driven command by command (`SmtpConnection`) rather than with
//! `SmtpTransport::send_raw`, because lettre 0.11.23's `send_raw` aborts on the first rejected
//! RCPT and cannot tell a failure before the data from one after it. Here each recipient gets its
//! own answer, and the phase of a failure decides the outcome:
//!
//! | where it fails | 4xx / network | 5xx |
//! |---|---|---|
//! | connect, TLS, EHLO, AUTH, MAIL | every recipient deferred | deferred (AUTH) / failed (MAIL) |
//! | RCPT | that recipient deferred | that recipient failed |
//! | DATA command | accepted recipients deferred | accepted recipients failed |
//! | after the data was sent | deferred (4xx) / **uncertain** (connection lost, no reply) | failed |
//!
//! Security: with `tls = "starttls"` a server that does not offer STARTTLS is refused (lettre's
//! opportunistic mode would go on in clear); AUTH is only ever sent on an encrypted connection;
//! certificates are verified (system roots plus `ca_file`). The password is read when a message
//! is due, kept out of `Debug`, and never written anywhere.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use super::entry::RcptState;
use super::{OutboxError, SmtpSection};
use crate::config::Settings;
use crate::error::ConfigError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    StartTls,
    Tls,
    None,
}

/// A password that never shows in `Debug` output.
#[derive(Clone)]
pub struct Secret(String);

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
    password: Option<Secret>,
    ca_pem: Option<Vec<u8>>,
    pub from: Option<String>,
    pub timeout: Duration,
    hello: ClientId,
}

/// What the server said about one recipient in one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RcptOutcome {
    pub address: String,
    pub state: RcptState,
    /// `Pending` here means "try again later" (a temporary failure).
    pub reply: String,
}

impl SmtpAccount {
    /// The account from `[smtp]`, with its password read (from `password_env` or by running
    /// `password_command`). Refuses a config file readable by group or others when it holds
    /// password settings, AUTH with `tls = "none"`, and incomplete credentials.
    pub fn from_settings(settings: &Settings) -> Result<Self, OutboxError> {
        let shown = settings
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from("<defaults>"));
        let key_err = |key: &str, message: String| -> OutboxError {
            OutboxError::Config(ConfigError::Key {
                path: shown.clone(),
                key: key.into(),
                message,
            })
        };
        let s: &SmtpSection = settings.smtp.as_ref().ok_or_else(|| {
            key_err(
                "smtp",
                "no [smtp] section: set at least `host` (see the README, \"Sending: the outbox\")"
                    .into(),
            )
        })?;
        let host = s
            .host
            .clone()
            .filter(|h| !h.trim().is_empty())
            .ok_or_else(|| key_err("smtp.host", "missing: the SMTP server's name".into()))?;
        let tls = match s.tls.as_deref().unwrap_or("starttls") {
            "starttls" => TlsMode::StartTls,
            "tls" => TlsMode::Tls,
            "none" => TlsMode::None,
            other => {
                return Err(key_err(
                    "smtp.tls",
                    format!("`{other}` is not one of \"starttls\", \"tls\", \"none\""),
                ));
            }
        };
        let port = s.port.unwrap_or(match tls {
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
            TlsMode::None => 25,
        });
        let has_password = s.password_command.is_some() || s.password_env.is_some();
        if has_password && let Some(path) = &settings.source {
            check_private(path).map_err(|m| key_err("smtp", m))?;
        }
        if s.password_command.is_some() && s.password_env.is_some() {
            return Err(key_err(
                "smtp.password_command",
                "set either `password_command` or `password_env`, not both".into(),
            ));
        }
        if s.username.is_some() && tls == TlsMode::None {
            return Err(key_err(
                "smtp.tls",
                "AUTH is never sent over an unencrypted connection: with a `username`, use \
                 tls = \"starttls\" or \"tls\" (\"none\" is for unauthenticated local relays)"
                    .into(),
            ));
        }
        if s.username.is_some() != has_password {
            return Err(key_err(
                "smtp.username",
                "`username` needs `password_command` or `password_env`, and they need it".into(),
            ));
        }
        let password = if let Some(var) = &s.password_env {
            let p = std::env::var(var).map_err(|_| {
                key_err(
                    "smtp.password_env",
                    format!("the environment variable `{var}` is not set"),
                )
            })?;
            Some(Secret(p))
        } else if let Some(cmd) = &s.password_command {
            Some(Secret(
                run_password_command(cmd).map_err(|m| key_err("smtp.password_command", m))?,
            ))
        } else {
            None
        };
        let ca_pem = match &s.ca_file {
            Some(p) => {
                let p = match settings.source.as_deref().and_then(Path::parent) {
                    Some(base) if p.is_relative() => base.join(p),
                    _ => p.clone(),
                };
                Some(std::fs::read(&p).map_err(|e| {
                    key_err("smtp.ca_file", format!("{}: cannot read: {e}", p.display()))
                })?)
            }
            None => None,
        };
        let hello = match &s.hello_name {
            Some(h) => ClientId::Domain(h.clone()),
            None => ClientId::default(),
        };
        Ok(SmtpAccount {
            host,
            port,
            tls,
            username: s.username.clone(),
            password,
            ca_pem,
            from: s.from.clone(),
            timeout: Duration::from_secs(s.timeout.unwrap_or(60).max(1)),
            hello,
        })
    }

    fn tls_parameters(&self) -> Result<TlsParameters, String> {
        let mut b = TlsParameters::builder(self.host.clone());
        if let Some(pem) = &self.ca_pem {
            let cert = Certificate::from_pem(pem).map_err(|e| format!("smtp.ca_file: {e}"))?;
            b = b.add_root_certificate(cert);
        }
        b.build().map_err(|e| format!("TLS setup: {e}"))
    }

    /// Connects, encrypts and authenticates as configured. The error says why (never with the
    /// password).
    fn connect(&self) -> Result<SmtpConnection, String> {
        let server = (self.host.as_str(), self.port);
        let timeout = Some(self.timeout);
        let where_ = format!("{}:{}", self.host, self.port);
        let mut conn = match self.tls {
            TlsMode::Tls => {
                let params = self.tls_parameters()?;
                SmtpConnection::connect(server, timeout, &self.hello, Some(&params), None)
                    .map_err(|e| format!("{where_}: {e}"))?
            }
            TlsMode::StartTls => {
                let params = self.tls_parameters()?;
                let mut conn = SmtpConnection::connect(server, timeout, &self.hello, None, None)
                    .map_err(|e| format!("{where_}: {e}"))?;
                if !conn.can_starttls() {
                    conn.abort();
                    return Err(format!(
                        "{where_} does not offer STARTTLS; refusing to go on unencrypted \
                         (tls = \"starttls\")"
                    ));
                }
                conn.starttls(&params, &self.hello)
                    .map_err(|e| format!("{where_}: STARTTLS: {e}"))?;
                conn
            }
            TlsMode::None => SmtpConnection::connect(server, timeout, &self.hello, None, None)
                .map_err(|e| format!("{where_}: {e}"))?,
        };
        if let (Some(user), Some(Secret(pass))) = (&self.username, &self.password) {
            if !conn.is_encrypted() {
                conn.abort();
                return Err(format!(
                    "{where_}: refusing to send AUTH over an unencrypted connection"
                ));
            }
            let creds = Credentials::new(user.clone(), pass.clone());
            if let Err(e) = conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds) {
                conn.abort();
                return Err(format!("{where_}: AUTH as {user}: {e}"));
            }
        }
        Ok(conn)
    }

    /// One SMTP transaction sending `wire` (CRLF, Bcc removed) from `from` to `recipients`.
    /// Returns the outcome for each recipient.
    pub fn deliver(&self, from: &str, recipients: &[String], wire: &[u8]) -> Vec<RcptOutcome> {
        let all = |state: RcptState, reply: &str| -> Vec<RcptOutcome> {
            recipients
                .iter()
                .map(|a| RcptOutcome {
                    address: a.clone(),
                    state,
                    reply: reply.to_string(),
                })
                .collect()
        };
        let sender: Address = match from.parse() {
            Ok(a) => a,
            Err(_) => {
                return all(
                    RcptState::Failed,
                    &format!("`{from}` is not a valid sender address"),
                );
            }
        };
        let mut conn = match self.connect() {
            Ok(c) => c,
            Err(why) => return all(RcptState::Pending, &why),
        };

        let mut params = Vec::new();
        let non_ascii_addr = !from.is_ascii() || recipients.iter().any(|r| !r.is_ascii());
        if non_ascii_addr && conn.server_info().supports_feature(Extension::SmtpUtfEight) {
            params.push(MailParameter::SmtpUtfEight);
        }
        if !wire.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        if let Err(e) = conn.command(Mail::new(Some(sender), params)) {
            conn.abort();
            let state = if e.is_permanent() {
                RcptState::Failed
            } else {
                RcptState::Pending
            };
            return all(state, &format!("MAIL FROM: {e}"));
        }

        let mut out = Vec::new();
        let mut accepted = Vec::new();
        for (i, addr) in recipients.iter().enumerate() {
            let Ok(parsed) = addr.parse::<Address>() else {
                out.push(RcptOutcome {
                    address: addr.clone(),
                    state: RcptState::Failed,
                    reply: format!("`{addr}` is not a valid address"),
                });
                continue;
            };
            match conn.command(Rcpt::new(parsed, vec![])) {
                Ok(_) => accepted.push(addr.clone()),
                Err(e) if e.is_permanent() => out.push(RcptOutcome {
                    address: addr.clone(),
                    state: RcptState::Failed,
                    reply: format!("RCPT TO: {e}"),
                }),
                Err(e) if e.is_transient() => out.push(RcptOutcome {
                    address: addr.clone(),
                    state: RcptState::Pending,
                    reply: format!("RCPT TO: {e}"),
                }),
                Err(e) => {
                    // The connection is gone: nothing was sent; everyone left waits.
                    conn.abort();
                    let reply = format!("RCPT TO: {e}");
                    for a in accepted.iter().chain(&recipients[i..]) {
                        out.push(RcptOutcome {
                            address: a.clone(),
                            state: RcptState::Pending,
                            reply: reply.clone(),
                        });
                    }
                    return out;
                }
            }
        }
        let outcome_for = |out: &mut Vec<RcptOutcome>, state: RcptState, reply: String| {
            for a in &accepted {
                out.push(RcptOutcome {
                    address: a.clone(),
                    state,
                    reply: reply.clone(),
                });
            }
        };
        if accepted.is_empty() {
            let _ = conn.command(Rset);
            let _ = conn.quit();
            return out;
        }
        if let Err(e) = conn.command(Data) {
            conn.abort();
            let state = if e.is_permanent() {
                RcptState::Failed
            } else {
                RcptState::Pending
            };
            outcome_for(&mut out, state, format!("DATA: {e}"));
            return out;
        }
        // lettre ends the data with CRLF "." CRLF: leave out the message's own final CRLF so the
        // bytes that arrive are the message's.
        let payload = wire.strip_suffix(b"\r\n").unwrap_or(wire);
        match conn.message(payload) {
            Ok(resp) => {
                let reply = format!(
                    "{} {}",
                    resp.code(),
                    resp.message().collect::<Vec<_>>().join(" ")
                );
                outcome_for(&mut out, RcptState::Sent, reply);
                let _ = conn.quit();
            }
            Err(e) if e.is_permanent() => {
                outcome_for(&mut out, RcptState::Failed, format!("after data: {e}"));
                conn.abort();
            }
            Err(e) if e.is_transient() => {
                outcome_for(&mut out, RcptState::Pending, format!("after data: {e}"));
                conn.abort();
            }
            Err(e) => {
                // The data went out and no answer came back: the server may have the message.
                outcome_for(
                    &mut out,
                    RcptState::Uncertain,
                    format!("no reply after the message data ({e}); the server may have it"),
                );
                conn.abort();
            }
        }
        out
    }
}

/// Refuses a config file that holds password settings and is readable by group or others.
fn check_private(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o044 != 0 {
        return Err(format!(
            "{} holds password settings and is readable by group or others (mode {:o}); \
             run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
    Ok(())
}

/// Runs `sh -c CMD` and returns its first output line. Its error output goes to the terminal;
/// nothing of the output is ever put in a message.
fn run_password_command(cmd: &str) -> Result<String, String> {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run the password command: {e}"))?;
    if !out.status.success() {
        return Err(format!("the password command failed ({})", out.status));
    }
    let text = String::from_utf8(out.stdout)
        .map_err(|_| "the password command's output is not UTF-8".to_string())?;
    let line = text.lines().next().unwrap_or_default().to_string();
    if line.is_empty() {
        return Err("the password command printed nothing".into());
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;
    use std::os::unix::fs::PermissionsExt;

    fn settings_at(path: &Path, text: &str, mode: u32) -> Settings {
        std::fs::write(path, text).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
        let file: ConfigFile = toml::from_str(text).unwrap();
        Settings::from_config(Some(path), file).unwrap()
    }

    #[test]
    fn refuses_unsafe_configs_and_keeps_the_password_out_of_debug() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        let text = "[smtp]\nhost = \"mail.example.com\"\nusername = \"me\"\npassword_command = \"echo s3cret-pw\"\n";
        let e = SmtpAccount::from_settings(&settings_at(&p, text, 0o644))
            .unwrap_err()
            .to_string();
        assert!(e.contains("readable by group or others"), "{e}");
        let acct = SmtpAccount::from_settings(&settings_at(&p, text, 0o600)).unwrap();
        assert_eq!(acct.port, 587);
        assert!(!format!("{acct:?}").contains("s3cret-pw"));

        let text =
            "[smtp]\nhost = \"h\"\ntls = \"none\"\nusername = \"me\"\npassword_env = \"X_PW\"\n";
        let e = SmtpAccount::from_settings(&settings_at(&p, text, 0o600))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unencrypted"), "{e}");
        let text = "[smtp]\nhost = \"h\"\ntls = \"maybe\"\n";
        let e = SmtpAccount::from_settings(&settings_at(&p, text, 0o644))
            .unwrap_err()
            .to_string();
        assert!(e.contains("smtp.tls"), "{e}");
        let text = "[smtp]\nhost = \"h\"\nusername = \"me\"\npassword_command = \"exit 3\"\n";
        let e = SmtpAccount::from_settings(&settings_at(&p, text, 0o600))
            .unwrap_err()
            .to_string();
        assert!(e.contains("password command failed"), "{e}");
        // A relay with no password: fine at any mode.
        let text = "[smtp]\nhost = \"localhost\"\ntls = \"none\"\n";
        let acct = SmtpAccount::from_settings(&settings_at(&p, text, 0o644)).unwrap();
        assert_eq!((acct.port, acct.tls), (25, TlsMode::None));
    }
}
