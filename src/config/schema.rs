//! The config file as written: every section's serde shape. Nothing here is checked beyond
//! its type; [`super::resolve`] turns the sections into the settings each part of the program
//! takes (`settings.outbox()`, `settings.smtp_account()`, `settings.desk()`, ...).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Rule ids turned off everywhere.
    #[serde(default)]
    pub allow: Vec<String>,
    /// A folder of lint files merged into the built-in ones (relative to the config file).
    pub lints: Option<PathBuf>,
    /// A folder of templates (`<lang>/<name>.txt`) that override or add to the built-in ones.
    pub templates: Option<PathBuf>,
    #[serde(default)]
    pub sender: SenderSection,
    /// Address or domain -> IANA time zone.
    #[serde(default)]
    pub recipients: BTreeMap<String, String>,
    /// Per-rule tables: `severity`, thresholds, and `[rules.<id>.<lang>]` word lists.
    #[serde(default)]
    pub rules: BTreeMap<String, toml::Table>,
    #[serde(default)]
    pub mailbox: MailboxSection,
    /// The SMTP account the outbox sends through (see `crate::outbox`).
    pub smtp: Option<SmtpSection>,
    /// The outbox queue: path, cool-down, lateness, retries.
    #[serde(default)]
    pub outbox: OutboxSection,
    /// The sendmail shim (`mailcheck sendmail`): `mode = "queue"` or `"send"`.
    #[serde(default)]
    pub sendmail: SendmailSection,
    /// What one draft may cost: `max_message_bytes`, `max_parts`, ... (see `crate::limits`).
    #[serde(default)]
    pub limits: crate::limits::Limits,
    /// The desk view (`mailcheck due`, `mailcheck report`): who you are, your clients, deadlines.
    #[serde(default)]
    pub desk: DeskSection,
    /// The submission server (`mailcheck serve`): ports, credentials, confirm window.
    pub serve: Option<ServeSection>,
    /// IMAP accounts (`imaps://` mailboxes): password, `ca_file`, timeout (see `crate::imap`).
    pub imap: Option<ImapSection>,
    /// The interface: `language` ("en", "it", "ru") over the locale (see `crate::i18n`).
    #[serde(default)]
    pub ui: UiSection,
}

/// `[ui]`: how mailcheck speaks to its user.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiSection {
    /// The interface language; unset: the locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub language: Option<crate::lang::Lang>,
}

/// Where the user's received mail is (for `late-reply` via In-Reply-To).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailboxSection {
    /// A Maildir (with `cur/` and `new/`); `~/` is the home directory, a relative path is
    /// relative to the config file.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SenderSection {
    pub timezone: Option<String>,
    pub business_hours: Option<String>,
    pub business_days: Option<Vec<String>>,
    #[serde(default)]
    pub holidays: Vec<toml::Value>,
}

/// `[outbox]` as written in the config file. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxSection {
    /// The queue directory (`~/` is the home directory; relative: to the config file); default
    /// `$XDG_DATA_HOME/mailcheck/outbox`.
    pub path: Option<PathBuf>,
    /// Mail found due longer ago than this when a runner starts is held, not sent ("12h").
    pub max_lateness: Option<String>,
    /// The least an angry draft waits ("4h").
    pub cooldown: Option<String>,
    /// An angry draft also waits for the sender's next business morning (default true).
    pub cooldown_next_morning: Option<bool>,
    /// How often `outbox run` looks for due mail ("30s").
    pub tick: Option<String>,
    /// First retry delay after a temporary failure ("5m"); it doubles up to `retry_max`.
    pub retry_min: Option<String>,
    /// Longest retry delay ("1h").
    pub retry_max: Option<String>,
    /// A message still undelivered this long after its first send time fails ("5d").
    pub give_up_after: Option<String>,
    /// Fixed times of day ("09:00", "13:00", "17:00", the sender's zone, business days) at
    /// which queued mail leaves, batched; empty (the default): whenever it is due.
    #[serde(default)]
    pub send_windows: Vec<String>,
    /// A PostgreSQL database holding the outbox instead of `path` (a desk's shared queue):
    /// `postgresql://user@host:5432/desk`, never with a password in it.
    pub database: Option<String>,
    /// An environment variable holding the database password.
    pub password_env: Option<String>,
    /// A command whose standard output is the database password (run with `sh -c`).
    pub password_command: Option<String>,
    /// Seconds `password_command` may take (default 10).
    pub password_timeout: Option<u64>,
    /// A PEM file of CA certificates the database's TLS certificate must chain to (a private
    /// CA); setting it requires TLS. `~/` is the home directory, relative is to the config file.
    pub ca_file: Option<PathBuf>,
    /// How long a runner's claim on a message in the database lasts without renewal ("5m"):
    /// a runner that dies leaves it to others after this.
    pub lease: Option<String>,
}

/// `[smtp]` as written in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSection {
    pub host: Option<String>,
    pub port: Option<u16>,
    /// `starttls` (default), `tls` (implicit TLS, port 465) or `none` (local relays, no AUTH).
    pub tls: Option<String>,
    pub username: Option<String>,
    /// A command whose standard output is the password (run with `sh -c`).
    pub password_command: Option<String>,
    /// Seconds `password_command` may take (default 10); it is stopped after.
    pub password_timeout: Option<u64>,
    /// An environment variable holding the password.
    pub password_env: Option<String>,
    /// A PEM file of extra CA certificates to trust (a private CA); `~/` is the home directory,
    /// a relative path is relative to the config file (as for `[outbox] path`).
    pub ca_file: Option<PathBuf>,
    /// The envelope sender when the message has no From.
    pub from: Option<String>,
    /// Seconds to wait for the server at each step (default 60).
    pub timeout: Option<u64>,
    /// The name sent in EHLO (default: this machine's host name).
    pub hello_name: Option<String>,
    /// One account per sender address (`[smtp.accounts."anna@desk.example"]`): each desk
    /// member's mail goes out through their own. A key left out is taken from `[smtp]`, except
    /// `username` and the password, which are the account's own.
    #[serde(default)]
    pub accounts: BTreeMap<String, SmtpAccountSection>,
}

/// `[smtp.accounts."address"]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpAccountSection {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub tls: Option<String>,
    pub username: Option<String>,
    pub password_command: Option<String>,
    pub password_timeout: Option<u64>,
    pub password_env: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub timeout: Option<u64>,
    pub hello_name: Option<String>,
}

/// `[sendmail]` as written in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendmailSection {
    /// `queue` (default: check, then queue in the outbox) or `send` (check, then send at once).
    pub mode: Option<String>,
}

/// `[desk]` as written in the config file. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskSection {
    /// Your addresses (or domains: `studio.it`): mail from them is mail you sent. Mail found in a
    /// sent folder also counts, and its From addresses are added to these.
    #[serde(default)]
    pub me: Vec<String>,
    /// Your active clients (addresses or domains), besides anyone you wrote to recently.
    #[serde(default)]
    pub clients: Vec<String>,
    /// Addresses or domains that are never clients (suppliers, colleagues, your accountant):
    /// their mail waits on no answer, they get no weekly status, the report leaves them out.
    #[serde(default)]
    pub not_clients: Vec<String>,
    /// More mailboxes that hold sent mail (`~/` is home; relative: to the config file).
    #[serde(default)]
    pub sent: Vec<PathBuf>,
    pub reply_within_days: Option<u32>,
    pub follow_up_after_days: Option<u32>,
    pub active_weeks: Option<u32>,
    /// `mailcheck due` looks at mail of the last this-many days only.
    pub look_back_days: Option<u32>,
    /// "fri 14:00": from when the weekly status update is due.
    pub status_due: Option<String>,
}

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
