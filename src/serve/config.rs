//! `[serve]`: where the server listens, who may send through it, and its bounds.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The lines a config needs for `mailcheck serve`, shown when `[serve]` is missing.
pub const EXAMPLE: &str = "[serve]\n\
listen = \"127.0.0.1:1587\"        # STARTTLS\n\
tls_listen = \"127.0.0.1:1465\"    # implicit TLS; \"\" turns it off\n\
username = \"me\"\n\
password_env = \"MAILCHECK_SERVE_PASSWORD\"   # or password_command = \"pass show mailcheck\"\n\
confirm_window = \"10m\"\n";

/// A password that never shows in `Debug` output.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(password: String) -> Self {
        Secret(password)
    }

    /// Compares in time independent of where the first difference is.
    pub fn matches(&self, given: &[u8]) -> bool {
        let mine = self.0.as_bytes();
        let mut diff = mine.len() ^ given.len();
        for (i, b) in mine.iter().enumerate() {
            diff |= usize::from(b ^ given.get(i).copied().unwrap_or(0));
        }
        diff == 0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// `[serve]` resolved and validated, with the password read.
#[derive(Debug, Clone)]
pub struct ServeSettings {
    pub listen: Option<SocketAddr>,
    pub tls_listen: Option<SocketAddr>,
    pub username: String,
    pub password: Secret,
    /// Both, or none (then a self-signed one in `data_dir`).
    pub cert: Option<(PathBuf, PathBuf)>,
    /// Where the self-signed certificate lives.
    pub data_dir: PathBuf,
    pub confirm_window: chrono::Duration,
    pub max_connections: usize,
    pub idle_timeout: Duration,
    pub session_timeout: Duration,
    pub max_recipients: usize,
    /// Largest message accepted (`[limits] max_message_bytes`), advertised as SIZE.
    pub max_message_bytes: usize,
    pub hostname: String,
    /// The language of the replies and notifications: the serving user's interface language
    /// (`[ui] language`, else the locale), resolved once by the config layer.
    pub lang: crate::lang::Lang,
}

/// `$XDG_DATA_HOME/mailcheck/serve` (`~/.local/share/mailcheck/serve`).
pub fn default_data_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    Some(
        etcetera::choose_base_strategy()
            .ok()?
            .data_dir()
            .join("mailcheck")
            .join("serve"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn settings_at(dir: &std::path::Path, text: &str, mode: u32) -> Result<ServeSettings, String> {
        let path = dir.join("mailcheck.toml");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let file: crate::config::ConfigFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let s =
            crate::config::Settings::from_config(Some(&path), file).map_err(|e| e.to_string())?;
        s.serve().map_err(|e| e.to_string())
    }

    #[test]
    fn missing_section_shows_the_lines_to_add() {
        let dir = tempfile::tempdir().unwrap();
        let e = settings_at(dir.path(), "", 0o600).unwrap_err();
        assert!(
            e.contains("no [serve] section") && e.contains("password_env"),
            "{e}"
        );
    }

    #[test]
    fn password_from_a_command_and_never_in_debug() {
        let dir = tempfile::tempdir().unwrap();
        let text = "[serve]\nusername = \"me\"\npassword_command = \"echo s3cret-Xy\"\n\
                    tls_listen = \"\"\nconfirm_window = \"2m\"\n";
        let s = settings_at(dir.path(), text, 0o600).unwrap();
        assert!(s.password.matches(b"s3cret-Xy"));
        assert!(!s.password.matches(b"s3cret-X"));
        assert!(!s.password.matches(b"s3cret-Xyz"));
        assert_eq!(s.tls_listen, None);
        assert_eq!(s.listen, Some("127.0.0.1:1587".parse().unwrap()));
        assert_eq!(s.confirm_window, chrono::Duration::minutes(2));
        assert!(!format!("{s:?}").contains("s3cret"));
    }

    #[test]
    fn readable_config_bad_addresses_and_half_certificates_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ok = "[serve]\nusername = \"me\"\npassword_command = \"echo pw\"\n";
        let e = settings_at(dir.path(), ok, 0o644).unwrap_err();
        assert!(e.contains("chmod 600"), "{e}");
        let e =
            settings_at(dir.path(), &format!("{ok}listen = \"localhost\"\n"), 0o600).unwrap_err();
        assert!(e.contains("serve.listen"), "{e}");
        let e =
            settings_at(dir.path(), &format!("{ok}cert_file = \"c.pem\"\n"), 0o600).unwrap_err();
        assert!(e.contains("key_file"), "{e}");
        let e = settings_at(
            dir.path(),
            "[serve]\nusername = \"me\"\npassword_env = \"MC_SURELY_UNSET_VAR_17\"\n",
            0o600,
        )
        .unwrap_err();
        assert!(e.contains("MC_SURELY_UNSET_VAR_17"), "{e}");
    }
}
