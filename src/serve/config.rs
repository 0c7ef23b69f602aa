//! `[serve]`: where the server listens, who may send through it, and its bounds.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::config::Settings;
use crate::error::ConfigError;

/// The lines a config needs for `mailcheck serve`, shown when `[serve]` is missing.
pub const EXAMPLE: &str = "[serve]\n\
listen = \"127.0.0.1:1587\"        # STARTTLS\n\
tls_listen = \"127.0.0.1:1465\"    # implicit TLS; \"\" turns it off\n\
username = \"me\"\n\
password_env = \"MAILCHECK_SERVE_PASSWORD\"   # or password_command = \"pass show mailcheck\"\n\
confirm_window = \"10m\"\n";

/// `[serve]` as written in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeSection {
    /// The STARTTLS port (default "127.0.0.1:1587"); "" turns it off.
    pub listen: Option<String>,
    /// The implicit-TLS port (default "127.0.0.1:1465"); "" turns it off.
    pub tls_listen: Option<String>,
    /// The user name mail clients log in with.
    pub username: Option<String>,
    /// An environment variable holding the password.
    pub password_env: Option<String>,
    /// A command whose first output line is the password (run with `sh -c`).
    pub password_command: Option<String>,
    /// A PEM certificate chain and its key; default: a self-signed one for 127.0.0.1 and
    /// localhost, made on first start in the data directory.
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
    /// Sending a refused message again within this time sends it anyway ("10m").
    pub confirm_window: Option<String>,
    /// Connections served at once (default 16); one more is answered `421` and closed.
    pub max_connections: Option<usize>,
    /// The longest wait for one command line, or between two reads of message data ("5m").
    pub idle_timeout: Option<String>,
    /// The longest a connection may last ("30m").
    pub session_timeout: Option<String>,
    /// Recipients of one message (default 100).
    pub max_recipients: Option<usize>,
    /// The name in the greeting (default "localhost").
    pub hostname: Option<String>,
}

/// A password that never shows in `Debug` output.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
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
}

impl ServeSettings {
    /// Resolves `[serve]`; a missing section is an error that shows the lines to add.
    pub fn from_settings(settings: &Settings) -> Result<Self, ConfigError> {
        let shown = settings
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from("<defaults>"));
        let key_err = |key: &str, message: String| ConfigError::Key {
            path: shown.clone(),
            key: format!("serve{}{key}", if key.is_empty() { "" } else { "." }),
            message,
        };
        let s = settings.serve.as_ref().ok_or_else(|| {
            key_err(
                "",
                format!(
                    "no [serve] section: `mailcheck serve` needs one; add these lines (and set \
                     the password in the variable):\n\n{EXAMPLE}"
                ),
            )
        })?;
        let addr = |key: &str, v: &Option<String>, default: &str| {
            let text = v.as_deref().unwrap_or(default).trim();
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<SocketAddr>().map(Some).map_err(|_| {
                key_err(
                    key,
                    format!("`{text}` is not an address and port like \"127.0.0.1:1587\""),
                )
            })
        };
        let listen = addr("listen", &s.listen, "127.0.0.1:1587")?;
        let tls_listen = addr("tls_listen", &s.tls_listen, "127.0.0.1:1465")?;
        if listen.is_none() && tls_listen.is_none() {
            return Err(key_err(
                "listen",
                "both `listen` and `tls_listen` are off: nothing to serve".into(),
            ));
        }
        let username = s
            .username
            .clone()
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| {
                key_err(
                    "username",
                    "missing: the name mail clients log in with".into(),
                )
            })?;
        if let Some(path) = &settings.source {
            crate::outbox::smtp::check_private(path).map_err(|m| key_err("password_env", m))?;
        }
        let password = match (&s.password_env, &s.password_command) {
            (Some(_), Some(_)) => {
                return Err(key_err(
                    "password_command",
                    "set either `password_command` or `password_env`, not both".into(),
                ));
            }
            (None, None) => {
                return Err(key_err(
                    "password_env",
                    "missing: set `password_env` (a variable holding the password) or \
                     `password_command`"
                        .into(),
                ));
            }
            (Some(var), None) => std::env::var(var)
                .ok()
                .filter(|p| !p.is_empty())
                .ok_or_else(|| {
                    key_err(
                        "password_env",
                        format!("the environment variable `{var}` is not set"),
                    )
                })?,
            (None, Some(cmd)) => {
                crate::outbox::smtp::run_password_command(cmd, std::time::Duration::from_secs(10))
                    .map_err(|m| key_err("password_command", m))?
            }
        };
        let cert = match (&s.cert_file, &s.key_file) {
            (Some(c), Some(k)) => Some((
                crate::config::resolve_path(settings.source.as_deref(), c),
                crate::config::resolve_path(settings.source.as_deref(), k),
            )),
            (None, None) => None,
            _ => {
                return Err(key_err(
                    "cert_file",
                    "set both `cert_file` and `key_file`, or neither (a self-signed certificate)"
                        .into(),
                ));
            }
        };
        let data_dir = default_data_dir().ok_or_else(|| {
            key_err(
                "cert_file",
                "no data directory found ($XDG_DATA_HOME, $HOME) for the self-signed certificate"
                    .into(),
            )
        })?;
        let dur = |key: &str, v: &Option<String>, default: &str| {
            crate::outbox::parse_duration(v.as_deref().unwrap_or(default))
                .map_err(|m| key_err(key, m))
        };
        let std_dur = |key: &str, v: &Option<String>, default: &str| {
            let d = dur(key, v, default)?;
            d.to_std()
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| key_err(key, "must be more than zero".into()))
        };
        let count = |key: &str, v: Option<usize>, default: usize| match v.unwrap_or(default) {
            0 => Err(key_err(key, "must be at least 1".into())),
            n => Ok(n),
        };
        Ok(ServeSettings {
            listen,
            tls_listen,
            username,
            password: Secret(password),
            cert,
            data_dir,
            confirm_window: dur("confirm_window", &s.confirm_window, "10m")?,
            max_connections: count("max_connections", s.max_connections, 16)?,
            idle_timeout: std_dur("idle_timeout", &s.idle_timeout, "5m")?,
            session_timeout: std_dur("session_timeout", &s.session_timeout, "30m")?,
            max_recipients: count("max_recipients", s.max_recipients, 100)?,
            max_message_bytes: usize::try_from(settings.limits.max_message_bytes)
                .unwrap_or(usize::MAX),
            hostname: s
                .hostname
                .clone()
                .filter(|h| !h.trim().is_empty() && !h.contains(char::is_whitespace))
                .unwrap_or_else(|| "localhost".into()),
        })
    }
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
        let s = Settings::from_config(Some(&path), file).map_err(|e| e.to_string())?;
        ServeSettings::from_settings(&s).map_err(|e| e.to_string())
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
