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
        message: String,
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
