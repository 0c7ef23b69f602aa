//! `mailcheck serve`: a local submission server (RFC 6409 style, on 127.0.0.1) that any mail
//! client can send through. Each message is checked as `mailcheck check` checks it; error
//! findings refuse it with a `550 5.7.1` naming them (sending the same message again within
//! `confirm_window` sends it anyway); accepted mail goes into the outbox with its plan, and the
//! runner in the same process sends it when it is due.
//!
//! The server is a room with a one-way door into the rest: it reads the config, calls the
//! checker and hands approved mail to [`crate::outbox::submit`]; nothing else knows about it.
//!
//! - [`config`]: the `[serve]` section and its resolved settings (credentials, timeouts, bounds);
//! - [`tls`]: the certificate (the configured one, or a self-signed one made by `rcgen`) and the
//!   rustls server configuration;
//! - [`data`]: the message data of one DATA command, kept up to SIZE and dropped beyond;
//! - [`session`]: one connection's SMTP dialogue (commands parsed by `smtp-proto`), with its
//!   bounds against hostile clients;
//! - [`policy`]: what becomes of a message at the end of DATA (check, confirm window, queue);
//! - [`server`]: the listeners, the connection limit and the runner thread;
//! - [`dsn`]: delivery status notifications (RFC 3464) for accepted mail that failed for good.
//!
//! Threads, not an async runtime: the checker, the outbox store (fsync) and the runner are
//! synchronous, a desk has a handful of connections, and std threads with rustls's blocking
//! stream keep every bound a plain socket timeout.

pub mod config;
pub mod data;
pub mod dsn;
pub mod policy;
pub mod server;
pub mod session;
pub mod tls;

pub use config::ServeSettings;

/// Writes one line of the server's log to stderr with one `write`. `eprintln!` writes each
/// piece of its format separately (an address alone is seven), and stderr is unbuffered: a
/// dozen system calls per accepted message, each waking whatever reads the log.
macro_rules! log {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut line = format!($($arg)*);
        line.push('\n');
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }};
}
pub(crate) use log;

/// Errors of the server's setup (the config, the certificate, the ports).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] crate::error::ConfigError),
    #[error(transparent)]
    Outbox(#[from] crate::outbox::OutboxError),
    #[error("{path}: {message}")]
    File {
        path: std::path::PathBuf,
        message: String,
    },
    #[error("cannot listen on {addr}: {message}")]
    Listen { addr: String, message: String },
    #[error("TLS: {0}")]
    Tls(String),
}

impl ServeError {
    /// The error in the interface language `ui` (`crate::i18n`); in English, its `Display`. A
    /// file's problem and the TLS library's words stay as they come.
    pub fn localized(&self, ui: crate::lang::Lang) -> String {
        match self {
            ServeError::Config(e) => e.localized(ui),
            ServeError::Outbox(e) => e.localized(ui),
            ServeError::File { .. } => self.to_string(),
            ServeError::Listen { addr, message } => crate::msg!(
                "serve-error-listen",
                addr = addr.as_str(),
                message = message.as_str()
            )
            .text(ui),
            ServeError::Tls(why) => crate::msg!("serve-error-tls", why = why.as_str()).text(ui),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn setup_errors_in_three_languages() {
        let e = ServeError::Listen {
            addr: "127.0.0.1:1587".into(),
            message: "Address already in use (os error 98)".into(),
        };
        assert_eq!(e.localized(Lang::En), e.to_string());
        assert_eq!(
            e.localized(Lang::It),
            "impossibile ascoltare su 127.0.0.1:1587: Address already in use (os error 98)"
        );
        assert_eq!(
            e.localized(Lang::Ru),
            "не удаётся слушать 127.0.0.1:1587: Address already in use (os error 98)"
        );
        let e = ServeError::Tls("bad key".into());
        assert_eq!(e.localized(Lang::En), e.to_string());
        assert_eq!(e.localized(Lang::Ru), "TLS: bad key");
    }
}
