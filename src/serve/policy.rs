//! What becomes of a message at the end of DATA.
//!
//! 1. It is checked as `mailcheck check` checks it (the config, the language, the envelope's
//!    recipients), at the time it was asked to leave (now, or the client's HOLDUNTIL/HOLDFOR).
//! 2. Error findings that refuse a draft ([`crate::rules::blocking`]: errors of rules whose
//!    `on_send` is `Block`; `angry-tone` holds instead) give a `550 5.7.1`, one line per
//!    finding, and remember the
//!    message: the same message sent again within `confirm_window` (same recipients, subject and
//!    text; clients keep the text, not always the Message-ID, Date or MIME boundaries) is the
//!    writer's confirmation and goes out anyway.
//! 3. Otherwise it is queued through [`crate::outbox::submit::queue`], with its plan (cool-down,
//!    off-hours deferral, send windows); the `250` says when it leaves, and is only given once
//!    the entry is durable (one synced record in the intake journal, [`crate::outbox::intake`]).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::Mutex;
use std::sync::mpsc::SyncSender;

use chrono::{DateTime, Utc};

use crate::calendar::format_in;
use crate::check::Checker;
use crate::finding::{Finding, Location, Severity};
use crate::outbox::submit::{self, Submission};
use crate::outbox::{OutboxSettings, Queue, State};
use crate::rules::OnSend;

/// The server's clock (`MAILCHECK_NOW` in tests).
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Messages refused and remembered at once, at most (older ones are forgotten first).
const MAX_REMEMBERED: usize = 10_000;
/// Finding lines in one refusal, at most.
const MAX_FINDING_LINES: usize = 20;
/// The longest text of one reply line (RFC 5321 allows 512 octets with the code).
const MAX_REPLY_TEXT: usize = 400;

/// The envelope of one SMTP transaction.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    /// MAIL FROM; empty for `<>`.
    pub from: String,
    pub recipients: Vec<String>,
    /// FUTURERELEASE (RFC 4865): the client asked for the message to leave then.
    pub hold_until: Option<DateTime<Utc>>,
}

/// The answer to the end of DATA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// `250 2.0.0 <text>`: on disk, queued or held.
    Queued { id: String, text: String },
    /// `550 5.7.1`, one line each.
    Refused(Vec<String>),
    /// `554 5.6.0 <text>`: not an email, or over a `[limits]` bound.
    Unreadable(String),
    /// `451 4.3.0 <text>`: could not be queued (a full disk); nothing was kept.
    TempFail(String),
}

/// The checker, the outbox and the confirm window, shared by every connection.
pub struct Policy {
    checker: Checker,
    outbox: OutboxSettings,
    store: Queue,
    confirm_window: chrono::Duration,
    clock: Clock,
    hasher: RandomState,
    /// Refused messages by their key, with when they were refused.
    refused: Mutex<HashMap<u64, DateTime<Utc>>>,
    /// Tells the runner that something was queued.
    wake: Option<SyncSender<()>>,
}

impl Policy {
    pub fn new(
        checker: Checker,
        outbox: OutboxSettings,
        store: Queue,
        confirm_window: chrono::Duration,
        clock: Clock,
        wake: Option<SyncSender<()>>,
    ) -> Self {
        Policy {
            checker,
            outbox,
            store,
            confirm_window,
            clock,
            hasher: RandomState::new(),
            refused: Mutex::new(HashMap::new()),
            wake,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub fn store(&self) -> &Queue {
        &self.store
    }

    pub fn outbox(&self) -> &OutboxSettings {
        &self.outbox
    }

    /// Checks and queues one message (its bytes as received, dot-unstuffed).
    pub fn decide(&self, env: &Envelope, raw: &[u8]) -> Verdict {
        let now = self.now();
        let at = env.hold_until.filter(|h| *h > now).unwrap_or(now);
        let report = match self.checker.check_bytes_at("smtp", raw, at) {
            Ok(r) => r,
            Err(e) => return Verdict::Unreadable(one_line(&e.to_string())),
        };
        let blocking: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| {
                f.severity == Severity::Error && crate::rules::on_send(f.rule) == OnSend::Block
            })
            .collect();
        debug_assert_eq!(blocking.len(), report.blocking());
        let mut confirmed = false;
        if !blocking.is_empty() {
            let key = self.key(env, &report.draft);
            let mut refused = self.refused.lock().unwrap_or_else(|p| p.into_inner());
            let window = self.confirm_window;
            refused.retain(|_, when| now.signed_duration_since(*when) <= window);
            if refused.remove(&key).is_some() {
                confirmed = true;
            } else {
                if refused.len() >= MAX_REMEMBERED
                    && let Some(oldest) = refused.iter().min_by_key(|(_, w)| **w).map(|(k, _)| *k)
                {
                    refused.remove(&oldest);
                }
                refused.insert(key, now);
                return Verdict::Refused(self.refusal(&report.draft, &blocking));
            }
        }
        let envelope = submit::Envelope {
            from: Some(env.from.clone()).filter(|f| !f.trim().is_empty()),
            recipients: Some(env.recipients.clone()),
        };
        let sub = Submission {
            report: &report,
            raw,
            envelope: &envelope,
        };
        let rule_env = self.checker.env();
        let meta = match submit::queue(&self.store, rule_env, &self.outbox, sub, at, now) {
            Ok(m) => m,
            Err(crate::outbox::OutboxError::Draft(m)) => return Verdict::Unreadable(one_line(&m)),
            Err(e) => return Verdict::TempFail(one_line(&e.to_string())),
        };
        if let Some(wake) = &self.wake {
            let _ = wake.try_send(());
        }
        let tz = rule_env.sender.tz;
        let mut text = if meta.state == State::Held {
            format!("held as {}: leaves {}", meta.id, format_in(meta.due, tz))
        } else if meta.due <= now {
            format!("queued as {}: leaves now", meta.id)
        } else {
            format!("queued as {}: leaves {}", meta.id, format_in(meta.due, tz))
        };
        if confirmed {
            text.push_str(" (sent again within the confirm window: sent anyway)");
        }
        for r in &meta.reasons {
            text.push_str("; ");
            text.push_str(r);
        }
        Verdict::Queued {
            id: meta.id,
            text: one_line(&text),
        }
    }

    /// Queues a delivery status notification (RFC 3464) to the writer of each message the last
    /// runner pass found refused for good; returns how many were queued.
    pub fn notify_failures(&self, report: &crate::outbox::runner::RunReport) -> usize {
        let now = self.now();
        let mut queued = 0;
        for meta in report.sent.iter().chain(&report.failed) {
            if !super::dsn::wanted(meta) {
                continue;
            }
            let original = self.store.message(&meta.id).ok();
            let bytes = super::dsn::build(meta, original.as_deref(), "localhost", now);
            let Ok(draft) = self.checker.parse("dsn", &bytes) else {
                continue;
            };
            let plan = crate::outbox::schedule::Plan {
                due: crate::outbox::schedule::whole_second(now),
                hold: None,
                reasons: vec![format!("{} {}", super::dsn::DSN_REASON, meta.id)],
            };
            let envelope = submit::Envelope {
                from: Some(meta.from.clone()),
                recipients: Some(vec![meta.from.clone()]),
            };
            match crate::outbox::enqueue_with(
                &self.store,
                &self.outbox,
                &draft,
                &bytes,
                &plan,
                &envelope,
                now,
            ) {
                Ok(m) => {
                    eprintln!(
                        "mailcheck serve: {} failed for good: notification {} queued to {}",
                        meta.id, m.id, meta.from
                    );
                    queued += 1;
                }
                Err(e) => eprintln!("mailcheck serve: cannot queue a notification: {e}"),
            }
        }
        if queued > 0
            && let Some(wake) = &self.wake
        {
            let _ = wake.try_send(());
        }
        queued
    }

    /// Same recipients, same subject, same text: the same message to the writer.
    fn key(&self, env: &Envelope, draft: &crate::draft::Draft) -> u64 {
        let mut h = self.hasher.build_hasher();
        let mut rcpts: Vec<String> = env.recipients.iter().map(|r| r.to_lowercase()).collect();
        rcpts.sort();
        rcpts.dedup();
        rcpts.hash(&mut h);
        draft
            .headers
            .subject
            .as_deref()
            .unwrap_or("")
            .trim()
            .hash(&mut h);
        for line in &draft.lines {
            line.text.trim_end().hash(&mut h);
        }
        h.finish()
    }

    fn refusal(&self, draft: &crate::draft::Draft, blocking: &[&Finding]) -> Vec<String> {
        let n = blocking.len();
        let mut lines = vec![format!(
            "mailcheck refused this message: {n} error{}",
            if n == 1 { "" } else { "s" }
        )];
        for f in blocking.iter().take(MAX_FINDING_LINES) {
            let line = match &f.location {
                Location::Message => None,
                Location::Header(name) => draft.headers.line_of(name),
                Location::Text(span) => draft.file_line(span.line),
            };
            let mut text = format!("{}: {}", f.rule, f.message.en());
            if let Some(l) = line {
                text.push_str(&format!(" (line {l})"));
            }
            lines.push(one_line(&text));
        }
        if n > MAX_FINDING_LINES {
            lines.push(format!("... and {} more", n - MAX_FINDING_LINES));
        }
        lines.push(one_line(&format!(
            "to send it anyway, send the same message again within {}",
            window_text(self.confirm_window)
        )));
        lines
    }
}

/// "10 minutes", "1 hour", "90 seconds".
fn window_text(d: chrono::Duration) -> String {
    let s = d.num_seconds();
    let (n, unit) = if s % 3600 == 0 && s >= 3600 {
        (s / 3600, "hour")
    } else if s % 60 == 0 && s >= 60 {
        (s / 60, "minute")
    } else {
        (s, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// Text safe in one reply line: no control characters, at most [`MAX_REPLY_TEXT`] bytes.
pub fn one_line(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    crate::limits::text_prefix(clean.trim(), MAX_REPLY_TEXT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_lines_have_no_line_breaks_and_stay_short() {
        let t = one_line("a\r\nb\tc");
        assert_eq!(t, "a  b c");
        assert!(one_line(&"é".repeat(1000)).len() <= MAX_REPLY_TEXT);
        assert_eq!(window_text(chrono::Duration::minutes(10)), "10 minutes");
        assert_eq!(window_text(chrono::Duration::hours(1)), "1 hour");
        assert_eq!(window_text(chrono::Duration::seconds(90)), "90 seconds");
    }
}
