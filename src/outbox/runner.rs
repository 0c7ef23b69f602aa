//! `outbox run`: find what is due, claim it, send it, record the outcome.
//!
//! For each due marker: claim the entry (a lock on its message file; a busy entry belongs to
//! another runner and is left alone), re-read its meta (the truth), and act on it. Entries to
//! send are gathered into batches of up to [`MAX_MESSAGES_PER_CONNECTION`], the messages that
//! share one SMTP connection ([`Sender`](super::smtp::Sender), closed at the end of the pass).
//!
//! A batch, with its claims held throughout (`Runner::send_batch`):
//!
//! 1. its journal ([`super::journal`]) is made with a `sending` record for every entry, synced
//!    (a file and a directory sync for the whole batch); then each meta is set to `sending`;
//! 2. each message goes out in turn; after the server's answer the entry's files are written
//!    (meta, markers, the copy in `sent/`) and the outcome is appended to the journal, synced:
//!    one `fdatasync` per message, made while the next message's transaction starts and before
//!    its data goes out (so at most one accepted message is ever unrecorded);
//! 3. one `syncfs` makes the batch's files durable, the sent entries are filed (meta to `done/`,
//!    message and marker removed; each directory synced once), and the journal is removed.
//!
//! A runner that finds `sending` on an entry nobody holds knows the previous runner stopped
//! before recording that attempt's outcome, and sends it again (at-least-once, same Message-ID):
//! an entry marked but never tried is sent once; only a message whose 250 came back just before
//! the runner died goes twice. Every pass first replays the journals of runners that died
//! ([`super::journal::replay`]), so an outcome recorded only there (a power loss) is never
//! overlooked. The durability argument is in the journal's documentation.

use chrono::{DateTime, Utc};

use super::entry::{self, Hold, Meta, RcptState, State};
use super::journal::{self, Journal, Record};
use super::schedule::retry_delay;
use super::smtp::{MAX_MESSAGES_PER_CONNECTION, RcptOutcome, Senders};
use super::store::{Claim, Durability, Marker, Store};
use super::{OutboxError, OutboxSettings};

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
    /// Due entries whose meta is damaged: skipped (what is wrong, naming the file); the rest of
    /// the queue goes on.
    pub damaged: Vec<String>,
}

/// Sends what is due at `now`. The SMTP account (and its password) is read only if something is
/// due.
pub struct Runner<'a> {
    store: &'a Store,
    outbox: &'a OutboxSettings,
    senders: Senders,
}

/// An entry claimed for the next batch, as read.
struct Claimed {
    _claim: Claim,
    meta: Meta,
    /// The due time of its marker.
    old_due: DateTime<Utc>,
}

impl<'a> Runner<'a> {
    pub fn new(store: &'a Store, outbox: &'a OutboxSettings) -> Self {
        Runner {
            store,
            outbox,
            senders: Senders::default(),
        }
    }

    /// One pass over the due markers.
    pub fn run_once(&mut self, now: DateTime<Utc>) -> Result<RunReport, OutboxError> {
        self.pass(now, |_| true)
    }

    /// One pass over the due markers of entry `id` only (the sendmail shim's send-at-once).
    pub fn run_entry(&mut self, id: &str, now: DateTime<Utc>) -> Result<RunReport, OutboxError> {
        self.pass(now, |m| m.id == id)
    }

    /// Replays what dead runners left, then sends the due entries `wanted` picks, in batches.
    fn pass(
        &mut self,
        now: DateTime<Utc>,
        wanted: impl Fn(&Marker) -> bool,
    ) -> Result<RunReport, OutboxError> {
        let mut report = RunReport::default();
        let result = (|| {
            journal::replay(self.store)?;
            let mut batch: Vec<Claimed> = Vec::new();
            for marker in self.store.due_markers(now)?.iter().filter(|m| wanted(m)) {
                // A second marker of an entry already in the batch: left for a later pass.
                if batch.iter().any(|c| c.meta.id == marker.id) {
                    continue;
                }
                if let Some(c) = self.handle(marker, now, &mut report)? {
                    batch.push(c);
                    if batch.len() == MAX_MESSAGES_PER_CONNECTION as usize {
                        self.send_batch(std::mem::take(&mut batch), now, &mut report)?;
                    }
                }
            }
            self.send_batch(batch, now, &mut report)
        })();
        self.close();
        result.map(|()| report)
    }

    /// Ends the SMTP connection this pass kept open, if any.
    pub fn close(&mut self) {
        self.senders.close();
    }

    /// Claims and reads the entry of a due marker and deals with what needs no sending (a stale
    /// marker, a half-filed sent entry, one found too late); returns it claimed if it is to be
    /// sent.
    fn handle(
        &mut self,
        marker: &Marker,
        now: DateTime<Utc>,
        report: &mut RunReport,
    ) -> Result<Option<Claimed>, OutboxError> {
        let store = self.store;
        let claim = match store.claim(&marker.id) {
            Ok(Some(c)) => c,
            Ok(None) => {
                report.busy += 1;
                return Ok(None);
            }
            Err(OutboxError::NotFound(_)) => {
                // Sent or cancelled since the marker was made.
                store.remove_marker(&marker.name, Durability::Synced)?;
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        let mut meta = match store.load(&marker.id) {
            Ok(m) => m,
            Err(OutboxError::NotFound(_)) => {
                store.remove_marker(&marker.name, Durability::Synced)?;
                return Ok(None);
            }
            Err(e @ OutboxError::Damaged { .. }) => {
                // Left as it is (its marker too) for a person to see in `outbox list`.
                report.damaged.push(e.to_string());
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        if meta.state == State::Sent {
            // A runner stopped while filing a sent message: finish it.
            let copy = || {
                let stored = store.message(&meta.id)?;
                Ok(entry::sent_copy(
                    &stored,
                    meta.sender_time(meta.sent_at.unwrap_or(now)),
                ))
            };
            store.finish_sent(&meta, copy, marker.due)?;
            store.remove_marker(&marker.name, Durability::Synced)?;
            return Ok(None);
        }
        if !meta.is_scheduled() {
            store.remove_marker(&marker.name, Durability::Synced)?;
            return Ok(None);
        }
        if meta.due > now {
            // A stale marker: the entry was rescheduled later.
            store.add_marker(meta.due, &meta.id, Durability::Synced)?;
            if marker.due != meta.due {
                store.remove_marker(&marker.name, Durability::Synced)?;
            }
            return Ok(None);
        }
        let old_due = meta.due;
        if meta.state == State::Sending {
            meta.last_reply = Some(super::reason::Reason::interrupted());
        } else if meta.attempts == 0 && now - meta.due > self.outbox.max_lateness {
            meta.state = State::Held;
            meta.hold = Some(Hold::Late);
            meta.reasons
                .push(super::reason::Reason::late(now, meta.due, &meta.id));
            store.update(&meta, old_due, Durability::Synced)?;
            store.remove_marker(&marker.name, Durability::Synced)?;
            report.held_late.push(meta);
            return Ok(None);
        }
        Ok(Some(Claimed {
            _claim: claim,
            meta,
            old_due,
        }))
    }

    /// Sends a batch of claimed entries over the pass's connection, recording each outcome in
    /// the batch's journal (see the module documentation).
    fn send_batch(
        &mut self,
        batch: Vec<Claimed>,
        now: DateTime<Utc>,
        report: &mut RunReport,
    ) -> Result<(), OutboxError> {
        if batch.is_empty() {
            return Ok(());
        }
        let store = self.store;
        // Each entry's account (and its password) first: a config problem leaves the entries as
        // they were. An entry whose account this config lacks is not sent (below).
        let mut accounts = Vec::with_capacity(batch.len());
        for c in &batch {
            let key = self
                .outbox
                .smtp
                .for_message(c.meta.account.as_deref(), &c.meta.from);
            if let Ok(k) = &key {
                self.senders.get(&self.outbox.smtp, k.as_deref())?;
            }
            accounts.push(key);
        }
        let before: Vec<Meta> = batch.iter().map(|c| c.meta.clone()).collect();
        let mut marks = Vec::with_capacity(batch.len());
        for c in &batch {
            let mut meta = c.meta.clone();
            meta.state = State::Sending;
            meta.hold = None;
            meta.attempts += 1;
            meta.last_attempt = Some(now);
            marks.push(Record {
                meta,
                old_due: c.old_due,
            });
        }
        // The marks are durable in the journal before the files say `sending` (a mark the files
        // lack means the entry was not tried).
        let mut journal = Journal::begin(store, &marks)?;
        for r in &marks {
            store.write_meta(&r.meta, Durability::Deferred)?;
        }

        let mut sent = Vec::new();
        // The last outcome, appended to the journal while the next message's transaction starts
        // (before its data goes out), or after the loop.
        let mut unrecorded: Option<Record> = None;
        for (i, Record { mut meta, old_due }) in marks.into_iter().enumerate() {
            let stored = store.message(&meta.id)?;
            let account = std::mem::replace(&mut accounts[i], Ok(None));
            let no_account = account.as_ref().err().cloned();
            if let Some(why) = meta.damaged_message(&stored).or(no_account) {
                // Never sent: the bytes are not the ones checked and queued, or its account is
                // not in this config.
                if let Some(r) = unrecorded.take() {
                    journal.append(&r)?;
                }
                meta.fail_unsent(why);
                store.update(&meta, old_due, Durability::Deferred)?;
                unrecorded = Some(Record {
                    meta: meta.clone(),
                    old_due,
                });
                report.failed.push(meta);
                continue;
            }
            let recipients: Vec<String> = meta.undelivered().map(|r| r.address.clone()).collect();
            let wire = entry::wire_bytes(&stored, meta.sender_time(now));
            let record_previous = || match unrecorded.take() {
                Some(r) => journal.append(&r).inspect_err(|_| unrecorded = Some(r)),
                None => Ok(()),
            };
            let key = account.ok().flatten();
            let sender = self.senders.get(&self.outbox.smtp, key.as_deref())?;
            let outcomes = match sender.deliver(&meta.from, &recipients, &wire, record_previous) {
                Ok(o) => o,
                Err(e) => {
                    // The journal failed (this message was not sent), or a configuration problem
                    // (an untrusted certificate: nothing was sent). This entry and the rest of the
                    // batch stay as they were, and the run stops saying what went wrong.
                    if let Some(r) = unrecorded.take() {
                        journal.append(&r)?;
                    }
                    for m in &before[i..] {
                        store.write_meta(m, Durability::Deferred)?;
                    }
                    store.sync_filesystem()?;
                    store.file_sent(&sent)?;
                    journal.remove()?;
                    return Err(e);
                }
            };
            record_outcomes(self.outbox, &mut meta, outcomes, now);
            // The files first (not synced), then the journal (synced): a process killed between
            // the two leaves the files newest; a power loss, the journal's last record.
            if meta.state == State::Sent {
                store.write_meta(&meta, Durability::Deferred)?;
                let copy = entry::sent_copy(&stored, meta.sender_time(meta.sent_at.unwrap_or(now)));
                store.write_sent_copy(&meta, &copy, Durability::Deferred)?;
            } else {
                store.update(&meta, old_due, Durability::Deferred)?;
            }
            unrecorded = Some(Record {
                meta: meta.clone(),
                old_due,
            });
            match meta.state {
                State::Sent => {
                    report.sent.push(meta.clone());
                    sent.push((meta, old_due));
                }
                State::Uncertain => report.uncertain.push(meta),
                State::Deferred => report.deferred.push(meta),
                _ => report.failed.push(meta),
            }
        }
        if let Some(r) = unrecorded {
            journal.append(&r)?;
        }
        store.sync_filesystem()?;
        store.file_sent(&sent)?;
        journal.remove()
    }
}

/// Puts the server's answers into `meta`: its recipients' states, the last reply, and the
/// entry's next state (sent, deferred or uncertain with a new due time, or failed).
pub(crate) fn record_outcomes(
    outbox: &OutboxSettings,
    meta: &mut Meta,
    outcomes: Vec<RcptOutcome>,
    now: DateTime<Utc>,
) {
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
    // The server's own words, kept as it gave them.
    meta.last_reply = first_problem.or(success).map(super::reason::Reason::Text);

    let waiting = meta.undelivered().count();
    let uncertain = meta
        .recipients
        .iter()
        .any(|r| r.state == RcptState::Uncertain);
    if waiting > 0 {
        let next = now + retry_delay(outbox, meta.attempts);
        if next > meta.first_due + outbox.give_up_after {
            for r in &mut meta.recipients {
                if matches!(r.state, RcptState::Pending | RcptState::Uncertain) {
                    r.state = RcptState::Failed;
                }
            }
            meta.last_reply = Some(super::reason::Reason::gave_up(
                meta.attempts,
                meta.last_reply.as_ref(),
            ));
        } else {
            meta.state = if uncertain {
                State::Uncertain
            } else {
                State::Deferred
            };
            meta.due = next;
            return;
        }
    }
    if meta.recipients.iter().any(|r| r.state == RcptState::Sent) {
        meta.state = State::Sent;
        meta.sent_at = Some(now);
    } else {
        meta.state = State::Failed;
    }
}
