//! `outbox run`: find what is due, claim it, send it, record the outcome.
//!
//! For each due marker: claim the entry (a lock on its message file; a busy entry belongs to
//! another runner and is left alone), re-read its meta (the truth), and act on it. The meta is set
//! to `sending` before the SMTP transaction starts; a runner that finds `sending` on an entry
//! nobody holds knows the previous runner died during an attempt, and sends it again
//! (at-least-once, same Message-ID).
//!
//! The messages of one pass share one SMTP connection ([`Sender`]); it is closed at the end of
//! the pass.

use chrono::{DateTime, Utc};

use super::entry::{self, Hold, Meta, RcptState, State};
use super::schedule::retry_delay;
use super::smtp::{Sender, SmtpAccount};
use super::store::{Marker, Store};
use super::{OutboxError, OutboxSettings};
use crate::config::Settings;

/// What one pass did.
#[derive(Debug, Default)]
pub struct RunReport {
    pub sent: Vec<Meta>,
    pub deferred: Vec<Meta>,
    pub uncertain: Vec<Meta>,
    pub failed: Vec<Meta>,
    /// Found due longer ago than `max_lateness`: held for a person.
    pub held_late: Vec<Meta>,
    /// Due entries another runner holds.
    pub busy: usize,
}

/// Sends what is due at `now`. The SMTP account (and its password) is read only if something is
/// due.
pub struct Runner<'a> {
    store: &'a Store,
    settings: &'a Settings,
    outbox: &'a OutboxSettings,
    sender: Option<Sender>,
}

impl<'a> Runner<'a> {
    pub fn new(store: &'a Store, settings: &'a Settings, outbox: &'a OutboxSettings) -> Self {
        Runner {
            store,
            settings,
            outbox,
            sender: None,
        }
    }

    /// One pass over the due markers.
    pub fn run_once(&mut self, now: DateTime<Utc>) -> Result<RunReport, OutboxError> {
        let mut report = RunReport::default();
        let result = self.store.due_markers(now).and_then(|markers| {
            markers
                .iter()
                .try_for_each(|marker| self.handle(marker, now, &mut report))
        });
        self.close();
        result.map(|()| report)
    }

    /// Ends the SMTP connection this pass kept open, if any.
    pub fn close(&mut self) {
        if let Some(sender) = &mut self.sender {
            sender.close();
        }
    }

    fn sender(&mut self) -> Result<&mut Sender, OutboxError> {
        if self.sender.is_none() {
            self.sender = Some(Sender::new(SmtpAccount::from_settings(self.settings)?));
        }
        self.sender
            .as_mut()
            .ok_or_else(|| OutboxError::Smtp("no account".into()))
    }

    /// One pass over the due markers of entry `id` only (the sendmail shim's send-at-once).
    pub fn run_entry(&mut self, id: &str, now: DateTime<Utc>) -> Result<RunReport, OutboxError> {
        let mut report = RunReport::default();
        let result = self.store.due_markers(now).and_then(|markers| {
            markers
                .iter()
                .filter(|m| m.id == id)
                .try_for_each(|marker| self.handle(marker, now, &mut report))
        });
        self.close();
        result.map(|()| report)
    }

    fn handle(
        &mut self,
        marker: &Marker,
        now: DateTime<Utc>,
        report: &mut RunReport,
    ) -> Result<(), OutboxError> {
        let store = self.store;
        let _claim = match store.claim(&marker.id) {
            Ok(Some(c)) => c,
            Ok(None) => {
                report.busy += 1;
                return Ok(());
            }
            Err(OutboxError::NotFound(_)) => {
                // Sent or cancelled since the marker was made.
                return store.remove_marker(&marker.name);
            }
            Err(e) => return Err(e),
        };
        let mut meta = match store.load(&marker.id) {
            Ok(m) => m,
            Err(OutboxError::NotFound(_)) => return store.remove_marker(&marker.name),
            Err(e) => return Err(e),
        };
        if meta.state == State::Sent {
            // A runner stopped while filing a sent message: finish it.
            let stored = store.message(&meta.id)?;
            let copy = entry::sent_copy(&stored, meta.sent_at.unwrap_or(now));
            store.finish_sent(&meta, &copy, marker.due, true)?;
            return store.remove_marker(&marker.name);
        }
        if !meta.is_scheduled() {
            return store.remove_marker(&marker.name);
        }
        if meta.due > now {
            // A stale marker: the entry was rescheduled later.
            store.add_marker(meta.due, &meta.id)?;
            if marker.due != meta.due {
                store.remove_marker(&marker.name)?;
            }
            return Ok(());
        }
        let old_due = meta.due;
        if meta.state == State::Sending {
            meta.last_reply = Some(
                "the previous attempt was interrupted; sent again (at-least-once, same Message-ID)"
                    .into(),
            );
        } else if meta.attempts == 0 && now - meta.due > self.outbox.max_lateness {
            meta.state = State::Held;
            meta.hold = Some(Hold::Late);
            meta.reasons.push(format!(
                "late: found at {} but due at {}, more than max_lateness ago; \
                 `mailcheck outbox retry {}` sends it",
                now.format("%Y-%m-%dT%H:%M:%SZ"),
                meta.due.format("%Y-%m-%dT%H:%M:%SZ"),
                meta.id
            ));
            store.update(&meta, old_due)?;
            store.remove_marker(&marker.name)?;
            report.held_late.push(meta);
            return Ok(());
        }

        // The account (and its password) first: a config problem leaves the entry as it was.
        self.sender()?;
        let stored = store.message(&meta.id)?;
        let recipients: Vec<String> = meta.undelivered().map(|r| r.address.clone()).collect();
        let before = meta.clone();
        meta.state = State::Sending;
        meta.hold = None;
        meta.attempts += 1;
        meta.last_attempt = Some(now);
        store.write_meta(&meta)?;

        let wire = entry::wire_bytes(&stored, now);
        let outcomes = match self.sender()?.deliver(&meta.from, &recipients, &wire) {
            Ok(o) => o,
            Err(e) => {
                // A configuration problem (an untrusted certificate): nothing was sent, the entry
                // stays as it was, and the run stops saying what to fix.
                store.write_meta(&before)?;
                return Err(e);
            }
        };

        let mut first_problem = None;
        let mut success = None;
        for o in outcomes {
            if let Some(r) = meta.recipients.iter_mut().find(|r| r.address == o.address) {
                r.state = o.state;
                r.reply = Some(o.reply.clone());
            }
            match o.state {
                RcptState::Sent => success = success.or(Some(o.reply)),
                _ => first_problem = first_problem.or(Some(o.reply)),
            }
        }
        meta.last_reply = first_problem.or(success);

        let waiting = meta.undelivered().count();
        let uncertain = meta
            .recipients
            .iter()
            .any(|r| r.state == RcptState::Uncertain);
        if waiting > 0 {
            let next = now + retry_delay(self.outbox, meta.attempts);
            if next > meta.first_due + self.outbox.give_up_after {
                for r in &mut meta.recipients {
                    if matches!(r.state, RcptState::Pending | RcptState::Uncertain) {
                        r.state = RcptState::Failed;
                    }
                }
                meta.last_reply = Some(format!(
                    "gave up after {} attempts: {}",
                    meta.attempts,
                    meta.last_reply.as_deref().unwrap_or("no reply")
                ));
            } else {
                meta.state = if uncertain {
                    State::Uncertain
                } else {
                    State::Deferred
                };
                meta.due = next;
                store.update(&meta, old_due)?;
                if uncertain {
                    report.uncertain.push(meta);
                } else {
                    report.deferred.push(meta);
                }
                return Ok(());
            }
        }
        if meta.recipients.iter().any(|r| r.state == RcptState::Sent) {
            meta.state = State::Sent;
            meta.sent_at = Some(now);
            store.write_meta(&meta)?;
            let copy = entry::sent_copy(&stored, now);
            store.finish_sent(&meta, &copy, old_due, false)?;
            report.sent.push(meta);
        } else {
            meta.state = State::Failed;
            store.update(&meta, old_due)?;
            report.failed.push(meta);
        }
        Ok(())
    }
}
