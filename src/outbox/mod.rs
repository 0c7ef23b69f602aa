//! The outbox: approved mail waits in a queue directory and leaves through SMTP when it should.
//!
//! - [`entry`]: one queued message's schedule and state (`meta/<id>.json`), and the header edits
//!   made before the message leaves (Message-ID, Date, Bcc and `X-Mailcheck-*` removal, CRLF);
//! - [`store`]: the queue directory, crash-safe writes, due markers, claims and the `sent/` Maildir;
//! - [`journal`]: a runner's batch journal, which lets a batch sync its files once;
//! - [`intake`]: `serve`'s intake journal, which makes an accepted message durable with one sync;
//! - [`schedule`]: when a checked draft leaves (cool-down, business hours) and retry backoff;
//! - [`smtp`]: the `[smtp]` account and one SMTP transaction per attempt (lettre);
//! - [`runner`]: `outbox run`: find what is due, claim it, send it, record the outcome.
//!
//! Delivery is at-least-once: a connection lost after the message data was sent leaves the
//! entry `uncertain` (the server may have it) and it is sent again, with the same Message-ID, so
//! the recipients' mail programs can tell the copies apart. Recipients the server accepted in a
//! completed transaction never get a second copy.

pub mod entry;
pub mod intake;
pub mod journal;
pub mod pg;
pub mod queue;
pub mod reason;
pub mod runner;
pub mod schedule;
pub mod smtp;
pub mod store;
pub mod submit;

use std::path::{Path, PathBuf};

use crate::error::ConfigError;
use chrono::Duration;

pub use entry::{Meta, RcptState, State};
pub use queue::Queue;
pub use store::Store;

/// The outbox settings resolved and validated.
#[derive(Debug, Clone)]
pub struct OutboxSettings {
    pub path: PathBuf,
    pub max_lateness: Duration,
    pub cooldown: Duration,
    pub cooldown_next_morning: bool,
    pub tick: Duration,
    pub retry_min: Duration,
    pub retry_max: Duration,
    pub give_up_after: Duration,
    /// `send_windows`, sorted, each once.
    pub send_windows: Vec<chrono::NaiveTime>,
    /// `database`: the outbox is in PostgreSQL (see [`pg`]).
    pub database: Option<String>,
    pub lease: Duration,
    /// The `[smtp]` account, made (its password read) when a message is due.
    pub smtp: smtp::SmtpSource,
    /// `[smtp] from`: the envelope sender of a draft without a From.
    pub default_from: Option<String>,
    /// The sender's zone, recorded with each entry.
    pub sender_zone: chrono_tz::Tz,
    /// The rules on in the config whose findings defer a message to a better time
    /// (`on_send: Defer`: `off-hours`).
    pub deferring: Vec<&'static str>,
    /// How to log in to `database`.
    pub db: DbAccess,
}

/// The password and CA of `[outbox] database`, read when the database is opened.
#[derive(Debug, Clone, Default)]
pub struct DbAccess {
    pub password_env: Option<String>,
    pub password_command: Option<String>,
    /// Seconds `password_command` may take (default 10).
    pub password_timeout: Option<u64>,
    /// As written (`~/` is home; relative: to the config file).
    pub ca_file: Option<PathBuf>,
    /// The config file: named in errors, and checked to be private when it holds password
    /// settings.
    pub source: Option<PathBuf>,
}

/// `$XDG_DATA_HOME/mailcheck/outbox` (`~/.local/share/mailcheck/outbox`).
pub fn default_outbox_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    Some(
        etcetera::choose_base_strategy()
            .ok()?
            .data_dir()
            .join("mailcheck")
            .join("outbox"),
    )
}

/// Parses "30s", "5m", "4h", "5d", "1h30m".
pub fn parse_duration(text: &str) -> Result<Duration, crate::i18n::Msg> {
    let bad = || crate::msg!("config-not-a-duration", value = text);
    let mut total = Duration::zero();
    let mut digits = String::new();
    let mut any = false;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if c.is_whitespace() && digits.is_empty() {
            continue;
        }
        let n: i64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        let unit = match c {
            's' => Duration::try_seconds(n),
            'm' => Duration::try_minutes(n),
            'h' => Duration::try_hours(n),
            'd' => Duration::try_days(n),
            _ => None,
        }
        .ok_or_else(bad)?;
        total = total.checked_add(&unit).ok_or_else(bad)?;
        any = true;
    }
    if !digits.is_empty() || !any {
        return Err(bad());
    }
    Ok(total)
}

/// Puts a checked draft in the queue with its plan. Adds a Message-ID if the draft has none
/// (it never changes afterwards); the envelope comes from the draft's From (or `[smtp] from`)
/// and its To, Cc and Bcc.
pub fn enqueue(
    store: &Queue,
    outbox: &OutboxSettings,
    draft: &crate::draft::Draft,
    raw: &[u8],
    plan: &schedule::Plan,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Meta, OutboxError> {
    enqueue_with(
        store,
        outbox,
        draft,
        raw,
        plan,
        &submit::Envelope::default(),
        now,
    )
}

/// [`enqueue`] with an envelope that may differ from the headers (sendmail's `-f` and recipient
/// arguments).
pub fn enqueue_with(
    store: &Queue,
    outbox: &OutboxSettings,
    draft: &crate::draft::Draft,
    raw: &[u8],
    plan: &schedule::Plan,
    envelope: &submit::Envelope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Meta, OutboxError> {
    // An envelope sender given empty (sendmail's `-f<>`) is the null sender, kept as "".
    let from = envelope
        .from
        .as_ref()
        .map(|f| f.trim().to_string())
        .or_else(|| draft.headers.from.iter().find_map(|m| m.address.clone()))
        .or_else(|| outbox.default_from.clone())
        .ok_or_else(|| {
            OutboxError::Draft("it has no From address (and no `[smtp] from` is set)".into())
        })?;
    // The sender's own account, recorded: whichever runner sends the message uses it.
    let account = outbox.smtp.choose(&from).map_err(|message| {
        OutboxError::Config(ConfigError::Setting {
            path: outbox
                .db
                .source
                .clone()
                .unwrap_or_else(|| PathBuf::from("<defaults>")),
            key: "smtp.accounts".into(),
            message,
        })
    })?;
    let mut recipients: Vec<entry::Recipient> = Vec::new();
    let addresses = match &envelope.recipients {
        Some(list) => list.iter().map(|a| a.trim().to_lowercase()).collect(),
        None => draft.recipient_addresses(),
    };
    for address in addresses {
        if !recipients.iter().any(|r| r.address == address) {
            recipients.push(entry::Recipient {
                address,
                state: RcptState::Pending,
                reply: None,
            });
        }
    }
    if recipients.is_empty() {
        return Err(OutboxError::Draft(
            "it has no recipient (To, Cc or Bcc)".into(),
        ));
    }
    let id = store.new_id();
    let (message_id, bytes) = match draft
        .headers
        .message_id
        .as_deref()
        .filter(|m| !m.trim().is_empty())
    {
        Some(mid) if entry::has_header(raw, "Message-ID") => {
            (mid.trim_matches(['<', '>', ' ']).to_string(), raw.to_vec())
        }
        _ => {
            let domain = from
                .rsplit_once('@')
                .map(|(_, d)| d.to_string())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| "mailcheck.invalid".into());
            let mid = format!("{}.{id}@{domain}", now.timestamp());
            let bytes = entry::prepend_header(raw, &format!("Message-ID: <{mid}>"));
            (mid, bytes)
        }
    };
    // Lines over 998 octets folded or encoded, NUL refused: never cut by a server on the way.
    let bytes = entry::fit_for_smtp(&bytes).map_err(OutboxError::Draft)?;
    let due = schedule::whole_second(plan.due);
    let meta = Meta {
        id,
        message_id,
        state: if plan.hold.is_some() {
            State::Held
        } else {
            State::Queued
        },
        hold: plan.hold,
        created: now,
        due,
        first_due: due,
        reasons: plan.reasons.clone(),
        sender_zone: outbox.sender_zone.name().to_string(),
        from,
        account,
        recipients,
        subject: draft.headers.subject.clone(),
        attempts: 0,
        last_attempt: None,
        last_reply: None,
        sent_at: None,
        checksum: Some(entry::checksum(&bytes)),
    };
    store.enqueue(&meta, &bytes)?;
    Ok(meta)
}

/// Errors of the outbox. Each names the entry, file or server it is about.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A queue folder others could have written to (see [`Store::open`]).
    #[error("{path}: refusing to use this outbox: {message}")]
    Unsafe { path: PathBuf, message: String },
    #[error("no queued message `{0}` (see `mailcheck outbox list`)")]
    NotFound(String),
    #[error("{path}: damaged queue entry: {message}")]
    Damaged { path: PathBuf, message: String },
    #[error("message `{id}` is {state} and cannot be {action}")]
    WrongState {
        id: String,
        state: State,
        action: &'static str,
    },
    #[error("message `{0}` is being sent by a runner right now; try again in a moment")]
    Busy(String),
    #[error("the draft cannot be queued: {0}")]
    Draft(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("smtp: {0}")]
    Smtp(String),
    #[error("database {0}")]
    Database(String),
}

impl OutboxError {
    pub fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutboxError + '_ {
        move |source| OutboxError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The error in the interface language `ui` (`crate::i18n`); in English, its `Display`. The
    /// details (a server's reply, the system's words) stay as they come.
    pub fn localized(&self, ui: crate::lang::Lang) -> String {
        use crate::i18n::Msg;
        use crate::msg;
        let shown = |p: &PathBuf| p.display().to_string();
        let said: Msg = match self {
            OutboxError::Unsafe { path, message } => msg!(
                "outbox-error-unsafe",
                path = shown(path),
                message = message.as_str()
            ),
            OutboxError::NotFound(id) => msg!("outbox-error-not-found", id = id.as_str()),
            OutboxError::Damaged { path, message } => msg!(
                "outbox-error-damaged",
                path = shown(path),
                message = message.as_str()
            ),
            OutboxError::WrongState { id, state, action } => {
                let state = state.msg_id();
                let action = match *action {
                    "cancelled" => "outbox-action-cancelled",
                    "rescheduled" => "outbox-action-rescheduled",
                    "retried" => "outbox-action-retried",
                    _ => "outbox-action-changed",
                };
                msg!(
                    "outbox-error-wrong-state",
                    id = id.as_str(),
                    state = Msg::new(state),
                    action = Msg::new(action)
                )
            }
            OutboxError::Busy(id) => msg!("outbox-error-busy", id = id.as_str()),
            OutboxError::Draft(why) => msg!("outbox-error-draft", why = why.as_str()),
            OutboxError::Config(e) => return e.localized(ui),
            OutboxError::Io { .. } | OutboxError::Smtp(_) | OutboxError::Database(_) => {
                return self.to_string();
            }
        };
        said.text(ui)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_in_english_are_the_display_word_for_word() {
        let lang = crate::lang::Lang::En;
        for action in ["cancelled", "rescheduled", "retried", "changed"] {
            let e = OutboxError::WrongState {
                id: "x1".into(),
                state: State::Sent,
                action,
            };
            assert_eq!(e.localized(lang), e.to_string());
        }
        for e in [
            OutboxError::NotFound("x1".into()),
            OutboxError::Busy("x1".into()),
            OutboxError::Draft("no recipient".into()),
            OutboxError::Unsafe {
                path: "q".into(),
                message: "group-writable".into(),
            },
            OutboxError::Damaged {
                path: "q/x1".into(),
                message: "bad".into(),
            },
            OutboxError::Smtp("550 no".into()),
        ] {
            assert_eq!(e.localized(lang), e.to_string());
        }
        let e = OutboxError::WrongState {
            id: "x1".into(),
            state: State::Sent,
            action: "cancelled",
        };
        assert_eq!(
            e.localized(crate::lang::Lang::It),
            "il messaggio `x1` è inviato e non può essere annullato"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::seconds(30)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::minutes(90)));
        assert_eq!(parse_duration("5d"), Ok(Duration::days(5)));
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("five minutes").is_err());
        assert!(parse_duration("").is_err());
    }
}
