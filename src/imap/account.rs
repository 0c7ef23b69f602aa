//! The account a URL logs in to, and `[imap]` resolved (see `docs/imap.md`):
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

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{ImapError, ImapUrl};

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

/// Makes the account of a URL (reads its password).
type MakeAccount = dyn Fn(&ImapUrl) -> Result<Account, ImapError> + Send + Sync;

/// `[imap]` resolved: each URL's account is made, its password read, when a folder is opened
/// (the config resolves it: `Settings::imap`).
#[derive(Clone)]
pub struct ImapSettings {
    make: Arc<MakeAccount>,
    /// At most this much of each message is fetched (`[limits] max_message_bytes`).
    pub max_message_bytes: u64,
}

impl ImapSettings {
    pub fn new(make: Arc<MakeAccount>, max_message_bytes: u64) -> Self {
        ImapSettings {
            make,
            max_message_bytes,
        }
    }

    /// The account of `url`, with its password read now.
    pub fn account(&self, url: &ImapUrl) -> Result<Account, ImapError> {
        (self.make)(url)
    }
}

impl fmt::Debug for ImapSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapSettings")
            .field("max_message_bytes", &self.max_message_bytes)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigFile, Settings};

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
        let a = s
            .imap()
            .account(&ImapUrl::parse("imaps://a@h1/INBOX").unwrap())
            .unwrap();
        assert_eq!(a.password.0, "main-pw");
        assert_eq!(a.timeout, Duration::from_secs(5));
        assert!(!format!("{a:?}").contains("main-pw"));
        let b = s
            .imap()
            .account(&ImapUrl::parse("imaps://b@h2/INBOX").unwrap())
            .unwrap();
        assert_eq!(b.password.0, "other-pw");
    }

    #[test]
    fn refuses_a_readable_config_and_missing_passwords() {
        let (_d, s) = settings("[imap]\npassword_command = \"echo pw\"\n", 0o644);
        let e = s
            .imap()
            .account(&ImapUrl::parse("imaps://a@h/INBOX").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("chmod 600"), "{e}");
        let (_d, s) = settings("[imap]\ntimeout = 3\n", 0o600);
        let e = s
            .imap()
            .account(&ImapUrl::parse("imaps://a@h/INBOX").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("no password for a@h"), "{e}");
    }
}
