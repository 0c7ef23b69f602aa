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

use crate::check::Checker;
use crate::finding::{Finding, Location, Severity};
use crate::i18n::{Arg, Msg};
use crate::lang::Lang;
use crate::msg;
use crate::outbox::reason::Reason;
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
    /// The language of the replies and notifications (the serving user's; [`Policy::speaking`]).
    lang: Lang,
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
            lang: Lang::En,
        }
    }

    /// Replies and notifications in `lang` (English unless told).
    pub fn speaking(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The language of the replies.
    pub fn lang(&self) -> Lang {
        self.lang
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
            Err(e) => return Verdict::Unreadable(one_line(&e.localized(self.lang))),
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
            Err(e @ crate::outbox::OutboxError::Draft(_)) => {
                return Verdict::Unreadable(one_line(&e.localized(self.lang)));
            }
            Err(e) => return Verdict::TempFail(one_line(&e.localized(self.lang))),
        };
        if let Some(wake) = &self.wake {
            let _ = wake.try_send(());
        }
        let tz = rule_env.sender.tz;
        let when = Arg::time(meta.due, tz);
        let id = meta.id.as_str();
        let mut text = if meta.state == State::Held {
            msg!("serve-held", id = id, when = when)
        } else if meta.due <= now {
            msg!("serve-queued-now", id = id)
        } else {
            msg!("serve-queued", id = id, when = when)
        }
        .text(self.lang);
        if confirmed {
            text.push(' ');
            text.push_str(&Msg::new("serve-confirmed").text(self.lang));
        }
        for r in &meta.reasons {
            text.push_str("; ");
            text.push_str(&r.text(self.lang));
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
            // A message that reached some recipients is filed as sent: its copy is in `sent/`.
            let original = self.store.message_or_sent_copy(meta).ok();
            let bytes = super::dsn::build(meta, original.as_deref(), "localhost", now, self.lang);
            let Ok(draft) = self.checker.parse("dsn", &bytes) else {
                continue;
            };
            let plan = crate::outbox::schedule::Plan {
                due: crate::outbox::schedule::whole_second(now),
                hold: None,
                reasons: vec![Reason::new(super::dsn::DSN_REASON).str("id", meta.id.as_str())],
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
                    super::log!(
                        "mailcheck serve: {} failed for good: notification {} queued to {}",
                        meta.id,
                        m.id,
                        meta.from
                    );
                    queued += 1;
                }
                Err(e) => super::log!("mailcheck serve: cannot queue a notification: {e}"),
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
        let lang = self.lang;
        let n = blocking.len();
        let mut lines = vec![msg!("serve-refused", count = n).text(lang)];
        for f in blocking.iter().take(MAX_FINDING_LINES) {
            let line = match &f.location {
                Location::Message => None,
                Location::Header(name) => draft.headers.line_of(name),
                Location::Text(span) => draft.file_line(span.line),
            };
            let (rule, message) = (f.rule, f.message.text(lang));
            let text = match line {
                Some(l) => msg!(
                    "serve-finding-line",
                    rule = rule,
                    message = message,
                    line = l
                ),
                None => msg!("serve-finding", rule = rule, message = message),
            };
            lines.push(one_line(&text.text(lang)));
        }
        if n > MAX_FINDING_LINES {
            lines.push(msg!("serve-more", count = n - MAX_FINDING_LINES).text(lang));
        }
        let window = window_msg(self.confirm_window);
        lines.push(one_line(&msg!("serve-confirm", window = window).text(lang)));
        lines
    }
}

/// "10 minutes", "1 hour", "90 seconds" (to be said in a language).
fn window_msg(d: chrono::Duration) -> Msg {
    let s = d.num_seconds();
    if s % 3600 == 0 && s >= 3600 {
        msg!("serve-window-hours", count = s / 3600)
    } else if s % 60 == 0 && s >= 60 {
        msg!("serve-window-minutes", count = s / 60)
    } else {
        msg!("serve-window-seconds", count = s)
    }
}

/// Text safe in one reply line: US-ASCII (RFC 5321 §4.2; RFC 6531 §3.7.4.2 allows UTF-8 in a
/// reply only for a mailbox name after VRFY/EXPN, so not even SMTPUTF8 makes it ours to send),
/// Italian and Russian folded by `any_ascii` ("è" → "e", "ошибка" → "oshibka"), no control
/// characters, at most `MAX_REPLY_TEXT` bytes.
pub fn one_line(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let folded = any_ascii::any_ascii(&clean);
    let folded: String = folded
        .chars()
        .map(|c| if c.is_ascii_control() { ' ' } else { c })
        .collect();
    crate::limits::text_prefix(folded.trim(), MAX_REPLY_TEXT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_lines_have_no_line_breaks_and_stay_short() {
        let t = one_line("a\r\nb\tc");
        assert_eq!(t, "a  b c");
        assert!(one_line(&"é".repeat(1000)).len() <= MAX_REPLY_TEXT);
        let window = |d, lang| window_msg(d).text(lang);
        assert_eq!(
            window(chrono::Duration::minutes(10), Lang::En),
            "10 minutes"
        );
        assert_eq!(window(chrono::Duration::minutes(1), Lang::En), "1 minute");
        assert_eq!(window(chrono::Duration::hours(1), Lang::En), "1 hour");
        assert_eq!(
            window(chrono::Duration::seconds(90), Lang::En),
            "90 seconds"
        );
        assert_eq!(window(chrono::Duration::minutes(10), Lang::It), "10 minuti");
        assert_eq!(window(chrono::Duration::hours(1), Lang::It), "1 ora");
        // Russian: after "в течение", the genitive.
        assert_eq!(window(chrono::Duration::minutes(1), Lang::Ru), "1 минуты");
        assert_eq!(window(chrono::Duration::minutes(10), Lang::Ru), "10 минут");
        assert_eq!(window(chrono::Duration::minutes(21), Lang::Ru), "21 минуты");
        assert_eq!(window(chrono::Duration::hours(2), Lang::Ru), "2 часов");
    }

    #[test]
    fn replies_are_ascii_in_every_language() {
        // Italian and Russian are folded, never sent as raw UTF-8; ASCII stays as it is.
        assert_eq!(one_line("perché è così"), "perche e cosi");
        assert_eq!(
            one_line("незаполненная заглушка"),
            "nezapolnennaya zaglushka"
        );
        assert_eq!(
            one_line("«[Имя клиента]» — ok…"),
            "<<[Imya klienta]>> - ok..."
        );
        let en = "placeholder: unfilled placeholder \"[Client name]\" (line 10)";
        assert_eq!(one_line(en), en);
        for lang in Lang::ALL {
            let said = msg!(
                "serve-confirm",
                window = window_msg(chrono::Duration::minutes(10))
            );
            assert!(one_line(&said.text(lang)).is_ascii());
        }
    }
}
