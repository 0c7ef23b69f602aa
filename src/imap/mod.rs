//! Mailboxes on an IMAP server: `imaps://user@host/INBOX` wherever a mailbox is named (`due`,
//! `report`, `[mailbox] path`, `[desk] sent`, `check imaps://…/Drafts`).
//!
//! - [`url`]: RFC 5092 URLs; `imap://` always upgrades with STARTTLS (a server without it is
//!   refused, LOGIN is never sent in clear), `imaps://` is TLS from the start.
//! - [`account`]: the `[imap]` config section: `password_env` / `password_command` (the `[smtp]`
//!   code, with its check that a config file holding them is private), `ca_file`, `timeout`, and
//!   `[imap.accounts."user@host"]` for a second account.
//! - [`conn`]: the connection: async-imap on a one-thread tokio runtime, rustls with the platform's
//!   roots plus `ca_file` (verification is always on); every step bounded by the timeout.
//! - [`utf7`]: folder names in modified UTF-7 (RFC 3501 5.1.3): configured as the user sees
//!   them (`Отправленные`), sent as the server knows them (`&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-`).
//! - [`cache`] and [`sync`]: read-only sync (`EXAMINE`, `BODY.PEEK`; flags are never changed)
//!   into a local cache under `$XDG_CACHE_HOME/mailcheck/imap/`.
//!
//! **Why plain files for the cache** (not SQLite): each folder is a directory with one small
//! `state.json` (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ when the server has CONDSTORE, the UIDs that
//! exist, the segment files) and append-only segment files of fetched messages, each written to a
//! temporary file, fsynced and renamed before `state.json` (same way) names it. A run killed or
//! a connection dropped mid-sync leaves the cache as of the last finished segment, and the next
//! run resumes from there. Reading is sequential, one segment at a time; a segment or state that
//! does not parse is dropped and fetched again (the cache is untrusted input too). No query
//! language is needed: a folder is read whole, in UID order.
//!
//! What is fetched: a message's UID, INTERNALDATE and `BODY.PEEK[]` up to `[limits]
//! max_message_bytes` + 1 bytes (a larger message is then skipped as over the limit, exactly as
//! the same file on disk). A second run asks for the UIDs that exist (`UID SEARCH ALL`, which
//! also sees expunges) and fetches only the new ones. A changed UIDVALIDITY drops that folder's
//! cache.

pub mod account;
pub mod cache;
pub mod conn;
pub mod sync;
pub mod url;
pub mod utf7;

use std::path::PathBuf;

pub use account::{Account, ImapSettings, Secret};
pub use sync::{CachedMessage, Folder, Special, Want, date_of, open_folders, read_folder};
pub use url::{ImapUrl, Security, is_imap_url};

/// What can go wrong with an IMAP mailbox. The password never appears in one.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("{url}: not an IMAP URL: {why}")]
    Url { url: String, why: String },
    #[error("{path}: {key}: {message}")]
    Config {
        path: PathBuf,
        key: String,
        message: crate::i18n::Msg,
    },
    #[error("{account}: cannot connect: {why}")]
    Connect { account: String, why: String },
    #[error(
        "{account}: the server does not offer STARTTLS; mailcheck never logs in over an \
         unencrypted connection (use imaps:// if the server has TLS on port 993)"
    )]
    NoStartTls { account: String },
    #[error("{account}: TLS failed: {why}")]
    Tls { account: String, why: String },
    #[error(
        "{account}: login refused by the server: {why} (check `[imap]` password_env / password_command)"
    )]
    Login { account: String, why: String },
    #[error("{account}: no answer from the server within {secs} s ({during})")]
    Timeout {
        account: String,
        secs: u64,
        during: String,
    },
    #[error("{url}: {why}")]
    Server { url: String, why: String },
    #[error("{path}: IMAP cache: {source}")]
    Cache {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ImapError {
    /// The error in the interface language `ui` (`crate::i18n`); in English, its `Display`,
    /// word for word. Our own words are translated; the server's reply, the system's error and
    /// the protocol step it happened in stay as they come.
    pub fn localized(&self, ui: crate::lang::Lang) -> String {
        use crate::msg;
        let said = match self {
            ImapError::Url { url, why } => {
                msg!("imap-error-url", url = url.as_str(), why = why.as_str())
            }
            ImapError::Config { path, key, message } => msg!(
                "imap-error-config",
                path = path.display().to_string(),
                key = key.as_str(),
                message = message.clone()
            ),
            ImapError::Connect { account, why } => msg!(
                "imap-error-connect",
                account = account.as_str(),
                why = why.as_str()
            ),
            ImapError::NoStartTls { account } => {
                msg!("imap-error-no-starttls", account = account.as_str())
            }
            ImapError::Tls { account, why } => {
                msg!(
                    "imap-error-tls",
                    account = account.as_str(),
                    why = why.as_str()
                )
            }
            ImapError::Login { account, why } => msg!(
                "imap-error-login",
                account = account.as_str(),
                why = why.as_str()
            ),
            ImapError::Timeout {
                account,
                secs,
                during,
            } => msg!(
                "imap-error-timeout",
                account = account.as_str(),
                secs = *secs,
                during = during.as_str()
            ),
            ImapError::Server { url, why } => {
                msg!("imap-error-server", url = url.as_str(), why = why.as_str())
            }
            ImapError::Cache { path, source } => msg!(
                "imap-error-cache",
                path = path.display().to_string(),
                error = source.to_string()
            ),
        };
        said.text(ui)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn all() -> Vec<ImapError> {
        let account = || "me@imap.example.it".to_string();
        vec![
            ImapError::Url {
                url: "imap:/x".into(),
                why: "no host".into(),
            },
            ImapError::Config {
                path: "/home/me/.config/mailcheck/config.toml".into(),
                key: "imap.password_env".into(),
                message: crate::msg!("config-env-not-set", var = "MC_PW"),
            },
            ImapError::Connect {
                account: account(),
                why: "Connection refused (os error 111)".into(),
            },
            ImapError::NoStartTls { account: account() },
            ImapError::Tls {
                account: account(),
                why: "invalid peer certificate: UnknownIssuer".into(),
            },
            ImapError::Login {
                account: account(),
                why: "NO [AUTHENTICATIONFAILED] Invalid credentials".into(),
            },
            ImapError::Timeout {
                account: account(),
                secs: 30,
                during: "UID FETCH".into(),
            },
            ImapError::Server {
                url: "imaps://me@imap.example.it/INBOX".into(),
                why: "NO mailbox busy".into(),
            },
            ImapError::Cache {
                path: "/tmp/cache".into(),
                source: std::io::Error::other("disk full"),
            },
        ]
    }

    #[test]
    fn english_is_the_display_word_for_word_and_others_keep_the_servers_words() {
        for e in all() {
            assert_eq!(e.localized(Lang::En), e.to_string());
        }
        let login = &all()[5];
        assert_eq!(
            login.localized(Lang::It),
            "me@imap.example.it: il server ha rifiutato l'accesso: NO [AUTHENTICATIONFAILED] \
             Invalid credentials (controlli password_env / password_command in `[imap]`)"
        );
        assert_eq!(
            login.localized(Lang::Ru),
            "me@imap.example.it: сервер не принял вход: NO [AUTHENTICATIONFAILED] Invalid \
             credentials (проверьте password_env / password_command в `[imap]`)"
        );
        let connect = &all()[2];
        assert_eq!(
            connect.localized(Lang::It),
            "me@imap.example.it: connessione non riuscita: Connection refused (os error 111)"
        );
        assert_eq!(
            connect.localized(Lang::Ru),
            "me@imap.example.it: не удаётся подключиться: Connection refused (os error 111)"
        );
        let timeout = &all()[6];
        assert_eq!(
            timeout.localized(Lang::Ru),
            "me@imap.example.it: сервер не ответил за 30 с (UID FETCH)"
        );
        // Every error with words of ours says them in the language (Server is all details: the
        // server's reply).
        for e in all()
            .into_iter()
            .filter(|e| !matches!(e, ImapError::Server { .. }))
        {
            for lang in [Lang::It, Lang::Ru] {
                let said = e.localized(lang);
                assert_ne!(said, e.to_string(), "{said}");
            }
        }
    }
}
