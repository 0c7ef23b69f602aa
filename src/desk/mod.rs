//! The desk view: what in the user's mailboxes waits for an answer, and what clients ask about.
//!
//! - [`mailstore`]: reading Maildirs and mbox files (and the outbox's `sent/`) into one list of
//!   [`Record`]s, each told incoming or outgoing;
//! - [`thread`]: threads by Message-ID / In-Reply-To / References, and who answered whom;
//! - [`due`]: the morning list of `mailcheck due` (replies, follow-ups, weekly status due);
//! - [`report`]: what clients ask about, per week or month (`mailcheck report`).
//!
//! Settings: `[desk]` in the config overrides the thresholds of `lints/desk.toml`; the business
//! calendar is the one of `[sender]` (the off-hours rule's).

pub mod due;
pub mod mailstore;
pub mod report;
pub mod thread;

use std::path::PathBuf;

use chrono::{NaiveTime, Weekday};

use crate::calendar::{BusinessHours, parse_weekday};
use crate::lexicon::Scope;

pub use mailstore::{Direction, Record};
pub use thread::Threads;

/// `[desk]` resolved against the defaults of `lints/desk.toml`.
#[derive(Debug, Clone)]
pub struct DeskSettings {
    /// Lower-cased addresses or domains that are you.
    pub me: Vec<String>,
    /// Lower-cased addresses or domains of active clients.
    pub clients: Vec<String>,
    /// Lower-cased addresses or domains that are never clients.
    pub not_clients: Vec<String>,
    /// Mailboxes that hold sent mail (config `[desk] sent`, and the outbox's `sent/`).
    pub sent: Vec<PathBuf>,
    /// Lower-cased folder names that hold sent mail.
    pub sent_folders: Vec<String>,
    /// Lower-cased reply/forward prefixes of subjects (`lints/desk.toml` `subject_prefixes`).
    pub subject_prefixes: Vec<String>,
    pub reply_within_days: u32,
    pub follow_up_after_days: u32,
    pub active_weeks: u32,
    /// `mailcheck due` looks at mail of the last this-many days only.
    pub look_back_days: u32,
    pub status_day: Weekday,
    pub status_time: NaiveTime,
    /// The business calendar deadlines count in (`[sender]`).
    pub calendar: BusinessHours,
    /// The IMAP accounts of `imaps://` mailboxes.
    pub imap: crate::imap::ImapSettings,
    /// What one message may cost (`[limits]`).
    pub limits: crate::limits::Limits,
}

/// A mailbox given to `mailcheck due` / `report` that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The I/O error is the source: shown once, after this, by the error chain.
    #[error("{path}: cannot read mailbox")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a mailbox: {why}")]
    NotMailbox { path: PathBuf, why: String },
    /// An IMAP mailbox (`imaps://user@host/INBOX`) could not be read.
    #[error(transparent)]
    Imap(#[from] crate::imap::ImapError),
}

impl DeskError {
    /// With the I/O error's own words after it (in English, anyhow's chain adds them).
    pub fn localized(&self, ui: crate::lang::Lang) -> String {
        match self {
            DeskError::Io { path, source } => crate::msg!(
                "desk-error-io",
                path = path.display().to_string(),
                error = source.to_string()
            )
            .text(ui),
            DeskError::NotMailbox { path, why } => crate::msg!(
                "desk-error-not-mailbox",
                path = path.display().to_string(),
                why = why.as_str()
            )
            .text(ui),
            DeskError::Imap(e) => e.localized(ui),
        }
    }
}

/// "fri 14:00" -> (Friday, 14:00).
pub(crate) fn parse_status_due(s: &str) -> Result<(Weekday, NaiveTime), crate::i18n::Msg> {
    let (day, time) = s
        .trim()
        .split_once(char::is_whitespace)
        .ok_or_else(|| crate::msg!("config-not-status-due", value = s))?;
    let day = parse_weekday(day).map_err(|_| crate::msg!("config-not-a-weekday", value = day))?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .map_err(|_| crate::msg!("config-not-a-time", value = time.trim(), example = "14:00"))?;
    Ok((day, time))
}

/// The reply/forward prefixes of `lints/desk.toml`, lower-cased.
pub fn subject_prefixes(lex: &crate::lexicon::Lexicon) -> Vec<String> {
    lex.entries("desk", "subject_prefixes", Scope::All)
        .into_iter()
        .map(str::to_lowercase)
        .collect()
}

/// The subject without reply and forward prefixes in front ("Re: R: Fwd: x", "Re\[2\]: Отв: x"
/// give "x"); `prefixes` from [`subject_prefixes`].
pub fn bare_subject<'a>(subject: &'a str, prefixes: &[String]) -> &'a str {
    let mut s = subject.trim();
    loop {
        let Some((head, rest)) = s.split_once(':') else {
            return s;
        };
        let word = head.trim().to_lowercase();
        // "Re[2]": a counter in brackets after the prefix.
        let word = match word.split_once('[') {
            Some((w, n))
                if n.strip_suffix(']')
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())) =>
            {
                w.trim().to_string()
            }
            _ => word,
        };
        if !prefixes.contains(&word) {
            return s;
        }
        s = rest.trim_start();
    }
}

/// Whether `address` is one of `list` (addresses, or domains and their subdomains).
pub fn address_in(address: &str, list: &[String]) -> bool {
    let address = address.trim().to_lowercase();
    if list.contains(&address) {
        return true;
    }
    let Some((_, mut domain)) = address.rsplit_once('@') else {
        return false;
    };
    loop {
        if list.iter().any(|a| a == domain) {
            return true;
        }
        match domain.split_once('.') {
            Some((_, rest)) if rest.contains('.') => domain = rest,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn status_due_reads_a_weekday_and_a_time() {
        let (d, t) = parse_status_due("fri 14:00").unwrap();
        assert_eq!(d, Weekday::Fri);
        assert_eq!(t, NaiveTime::from_hms_opt(14, 0, 0).unwrap());
        assert!(parse_status_due("friday").is_err());
        assert!(parse_status_due("xyz 14:00").is_err());
    }

    #[test]
    fn subjects_lose_reply_and_forward_prefixes_in_three_languages() {
        let p = subject_prefixes(&crate::rules::builtin_lexicon());
        assert_eq!(bare_subject("Re: R: Fwd: Preventivo", &p), "Preventivo");
        assert_eq!(bare_subject("RE[2]: Отв: Заказ", &p), "Заказ");
        assert_eq!(bare_subject("Re[2]: Ответ: доставка", &p), "доставка");
        assert_eq!(bare_subject("I: Ordine", &p), "Ordine");
        assert_eq!(bare_subject("Ri: x", &p), "Ri: x");
        assert_eq!(bare_subject("Order: 12", &p), "Order: 12");
        assert_eq!(bare_subject("Re[x]: y", &p), "Re[x]: y");
    }

    #[test]
    fn addresses_match_exactly_or_by_domain() {
        let list = vec!["anna@studio.it".to_string(), "cliente.ru".to_string()];
        assert!(address_in("Anna@Studio.it", &list));
        assert!(address_in("ivan@cliente.ru", &list));
        assert!(address_in("ivan@mail.cliente.ru", &list));
        assert!(!address_in("bob@studio.it", &list));
        assert!(!address_in("x@ru", &list));
    }

    #[test]
    fn defaults_come_from_the_lint_file() {
        let settings = Settings::for_tests();
        let desk = settings.desk().unwrap();
        assert_eq!(desk.reply_within_days, 1);
        assert_eq!(desk.follow_up_after_days, 3);
        assert_eq!(desk.status_day, Weekday::Fri);
        assert!(desk.sent_folders.iter().any(|f| f == "sent"));
        assert!(desk.sent_folders.iter().any(|f| f == "отправленные"));
    }
}
