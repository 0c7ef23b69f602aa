//! The `[imap]` config section and the account a URL logs in to.
//!
//! ```toml
//! [imap]
//! password_command = "pass show mail/imap"   # or password_env = "IMAP_PASSWORD"
//! ca_file = "~/certs/desk-ca.pem"              # a private CA, added to the system's roots
//! timeout = 30                                 # seconds per server answer (default 60)
//!
//! [imap.accounts."other@example.org"]          # a second account: its own settings
//! password_env = "OTHER_IMAP_PASSWORD"
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::{ImapError, ImapUrl};
use crate::config::Settings;

/// `[imap]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImapSection {
    /// A command whose first output line is the password (run with `sh -c`).
    pub password_command: Option<String>,
    /// An environment variable holding the password.
    pub password_env: Option<String>,
    /// A PEM file of CA certificates to trust besides the system's; `~/` is the home directory,
    /// a relative path is relative to the config file.
    pub ca_file: Option<PathBuf>,
    /// Seconds to wait for each answer of the server (default 60).
    pub timeout: Option<u64>,
    /// Per-account settings, keyed `user@host` (or `user@host:port`), overriding the above.
    #[serde(default)]
    pub accounts: BTreeMap<String, ImapAccountSection>,
}

/// `[imap.accounts."user@host"]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImapAccountSection {
    pub password_command: Option<String>,
    pub password_env: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub timeout: Option<u64>,
}

/// A password: never shown by `Debug`, never written anywhere.
#[derive(Clone)]
pub struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Everything needed to log in to one account.
#[derive(Debug, Clone)]
pub struct Account {
    pub url: ImapUrl,
    pub password: Secret,
    /// PEM bytes of `ca_file`.
    pub ca_pem: Option<Vec<u8>>,
    pub timeout: Duration,
}

impl Account {
    /// The account of `url` with its password read. Refuses a config file readable by others
    /// when it holds password settings (as `[smtp]` does).
    pub fn for_url(settings: &Settings, url: &ImapUrl) -> Result<Self, ImapError> {
        let shown = settings
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from("<defaults>"));
        let key_err = |key: &str, message: String| ImapError::Config {
            path: shown.clone(),
            key: key.to_string(),
            message,
        };
        let base = settings.imap.clone().unwrap_or_default();
        let acct_key = url.account();
        let over = base
            .accounts
            .get(&acct_key)
            .or_else(|| base.accounts.get(&format!("{}@{}", url.user, url.host)))
            .cloned();
        let prefix = if over.is_some() {
            format!("imap.accounts.\"{acct_key}\"")
        } else {
            "imap".to_string()
        };
        let (command, env, ca, timeout) = match &over {
            Some(o) => (
                o.password_command.clone().or(base.password_command.clone()),
                o.password_env.clone().or(base.password_env.clone()),
                o.ca_file.clone().or(base.ca_file.clone()),
                o.timeout.or(base.timeout),
            ),
            None => (
                base.password_command.clone(),
                base.password_env.clone(),
                base.ca_file.clone(),
                base.timeout,
            ),
        };
        if (command.is_some() || env.is_some())
            && let Some(path) = &settings.source
        {
            crate::outbox::smtp::check_private(path).map_err(|m| key_err(&prefix, m))?;
        }
        let password = match (&env, &command) {
            (Some(_), Some(_)) => {
                return Err(key_err(
                    &format!("{prefix}.password_command"),
                    "set either `password_command` or `password_env`, not both".into(),
                ));
            }
            (Some(var), None) => std::env::var(var).map_err(|_| {
                key_err(
                    &format!("{prefix}.password_env"),
                    format!("the environment variable `{var}` is not set"),
                )
            })?,
            (None, Some(cmd)) => {
                crate::outbox::smtp::run_password_command(cmd, std::time::Duration::from_secs(10))
                    .map_err(|m| key_err(&format!("{prefix}.password_command"), m))?
            }
            (None, None) => {
                return Err(key_err(
                    "imap",
                    format!(
                        "no password for {acct_key}: set `password_env` or `password_command` \
                         in [imap] (see docs/imap.md)"
                    ),
                ));
            }
        };
        let ca_pem = match &ca {
            Some(p) => {
                let p = crate::config::resolve_path(settings.source.as_deref(), p);
                Some(std::fs::read(&p).map_err(|e| {
                    key_err(
                        &format!("{prefix}.ca_file"),
                        format!("{}: cannot read: {e}", p.display()),
                    )
                })?)
            }
            None => None,
        };
        Ok(Account {
            url: url.clone(),
            password: Secret(password),
            ca_pem,
            timeout: Duration::from_secs(timeout.unwrap_or(60).max(1)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;

    fn settings(text: &str, mode: u32) -> (tempfile::TempDir, Settings) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mailcheck.toml");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let file: ConfigFile = toml::from_str(text).unwrap();
        let s = Settings::from_config(Some(&path), file).unwrap();
        (dir, s)
    }

    #[test]
    fn password_command_and_per_account_override() {
        let (_d, s) = settings(
            "[imap]\npassword_command = \"echo main-pw\"\ntimeout = 5\n\
             [imap.accounts.\"b@h2\"]\npassword_command = \"echo other-pw\"\n",
            0o600,
        );
        let a = Account::for_url(&s, &ImapUrl::parse("imaps://a@h1/INBOX").unwrap()).unwrap();
        assert_eq!(a.password.0, "main-pw");
        assert_eq!(a.timeout, Duration::from_secs(5));
        assert!(!format!("{a:?}").contains("main-pw"));
        let b = Account::for_url(&s, &ImapUrl::parse("imaps://b@h2/INBOX").unwrap()).unwrap();
        assert_eq!(b.password.0, "other-pw");
    }

    #[test]
    fn refuses_a_readable_config_and_missing_passwords() {
        let (_d, s) = settings("[imap]\npassword_command = \"echo pw\"\n", 0o644);
        let e = Account::for_url(&s, &ImapUrl::parse("imaps://a@h/INBOX").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("chmod 600"), "{e}");
        let (_d, s) = settings("[imap]\ntimeout = 3\n", 0o600);
        let e = Account::for_url(&s, &ImapUrl::parse("imaps://a@h/INBOX").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("no password for a@h"), "{e}");
    }
}
