//! The outbox as the commands, `serve` and the sendmail shim see it: one interface over two
//! stores, chosen by the config. `[outbox] database = "postgresql://…"` puts it in PostgreSQL
//! ([`super::pg`]); without it, it is the queue directory ([`super::store`]).

use chrono::{DateTime, Utc};

use super::journal;
use super::pg::PgStore;
use super::runner::{RunReport, Runner};
use super::store::{Durability, Meta0, Store};
use super::{Meta, OutboxError, OutboxSettings, State};

type Result<T> = std::result::Result<T, OutboxError>;

/// An outbox.
#[derive(Debug)]
pub enum Queue {
    Files(Store),
    Postgres(Box<PgStore>),
}

/// What a change by hand does to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The entry is saved as changed.
    Update,
    /// The entry is removed.
    Remove,
}

impl Queue {
    /// Opens the outbox the settings name. The file queue finishes what killed writers left
    /// (found in `tmp/`; the full scan only after such a crash).
    pub fn open(outbox: &OutboxSettings) -> Result<Queue> {
        match &outbox.database {
            Some(_) => Ok(Queue::Postgres(Box::new(PgStore::open(outbox)?))),
            None => Ok(Queue::Files(Store::open(&outbox.path)?)),
        }
    }

    /// Where the outbox is, for messages.
    pub fn describe(&self) -> String {
        match self {
            Queue::Files(s) => s.root().display().to_string(),
            Queue::Postgres(p) => p.shown().to_string(),
        }
    }

    /// The file queue finishes what killed writers left (found in `tmp/`; the full scan only
    /// after such a crash); the database needs nothing.
    pub fn recover(&self) -> Result<()> {
        if let Queue::Files(store) = self
            && store.recover()? > 0
        {
            store.repair()?;
        }
        Ok(())
    }

    /// This outbox, adding entries through an intake journal (`serve`: one sync per accepted
    /// message, see [`super::intake`]); the database needs none.
    pub fn with_intake(self) -> Result<Queue> {
        match self {
            Queue::Files(s) => Ok(Queue::Files(s.with_intake()?)),
            q => Ok(q),
        }
    }

    /// How long the runner may wait before the intake journal must be retired; `None`: nothing
    /// waits.
    pub fn intake_wait(&self) -> Option<std::time::Duration> {
        match self {
            Queue::Files(s) => s.intake().and_then(|i| i.wait()),
            Queue::Postgres(_) => None,
        }
    }

    /// What the runner of `serve` does when woken by an accepted message, unless it is due for a
    /// pass anyway: true when that needs a whole runner pass (an accepted entry is due by `now`;
    /// the database has no intake, so always); false when writing the intake's entries to their
    /// files was all there was to do, and it was done ([`super::intake::Intake::settle`]).
    pub fn settle_intake(&self, now: DateTime<Utc>) -> Result<bool> {
        match self {
            Queue::Files(s) => match s.intake() {
                Some(i) if !i.has_due(now) => i.settle(s, now).map(|()| false),
                _ => Ok(true),
            },
            Queue::Postgres(_) => Ok(true),
        }
    }

    pub fn new_id(&self) -> String {
        match self {
            Queue::Files(s) => s.new_id(),
            Queue::Postgres(p) => p.new_id(),
        }
    }

    /// Adds an entry, durably, whole or not at all.
    pub fn enqueue(&self, meta: &Meta, message: &[u8]) -> Result<()> {
        match self {
            Queue::Files(s) => s.enqueue(meta, message),
            Queue::Postgres(p) => p.enqueue(meta, message),
        }
    }

    /// An entry's meta (active or sent).
    pub fn load(&self, id: &str) -> Result<Meta> {
        match self {
            Queue::Files(s) => s.load(id),
            Queue::Postgres(p) => p.load(id),
        }
    }

    /// An entry's message bytes.
    pub fn message(&self, id: &str) -> Result<Vec<u8>> {
        match self {
            Queue::Files(s) => s.message(id),
            Queue::Postgres(p) => p.message(id),
        }
    }

    /// The message of an entry, also once it is sent and filed (see
    /// [`Store::message_or_sent_copy`]; the database keeps it in the entry's row).
    pub fn message_or_sent_copy(&self, meta: &Meta) -> Result<Vec<u8>> {
        match self {
            Queue::Files(s) => s.message_or_sent_copy(meta),
            Queue::Postgres(p) => p.message(&meta.id),
        }
    }

    /// Whether entry `id` (in state `sending`) has no runner any more. A runner holds a lock on
    /// the entry's message while it sends, and the lock goes with the process: a lock that can be
    /// taken means the runner died mid-send, and the server may have the message (the next run
    /// treats it as uncertain). The lock is let go at once. Only the file outbox tells;
    /// PostgreSQL's leases are not looked at here (false).
    pub fn runner_gone(&self, id: &str) -> bool {
        match self {
            Queue::Files(s) => matches!(s.claim(id), Ok(Some(_))),
            Queue::Postgres(_) => false,
        }
    }

    /// Every entry, oldest due first; an error if any is damaged.
    pub fn list(&self) -> Result<Vec<Meta>> {
        let (entries, mut damaged) = self.list_map(None, |m| m)?;
        if let Some(e) = damaged.pop() {
            return Err(e);
        }
        Ok(entries.into_iter().map(|(_, t)| t).collect())
    }

    /// Every entry (only those whose envelope sender is `sender`, ignoring case, if given),
    /// oldest due first, each made into a `T`, and apart the damaged ones.
    #[allow(clippy::type_complexity)]
    pub fn list_map<T: Send>(
        &self,
        sender: Option<&str>,
        f: impl Fn(Meta) -> T + Sync,
    ) -> Result<(Vec<(Meta0, T)>, Vec<OutboxError>)> {
        match (self, sender) {
            (Queue::Files(s), None) => s.list_map(f),
            (Queue::Files(s), Some(from)) => {
                let (entries, damaged) =
                    s.list_map(|m| m.from.eq_ignore_ascii_case(from).then(|| f(m)))?;
                let entries = entries
                    .into_iter()
                    .filter_map(|(k, t)| t.map(|t| (k, t)))
                    .collect();
                Ok((entries, damaged))
            }
            (Queue::Postgres(p), _) => p.list_map(sender, f),
        }
    }

    /// Changes one entry by hand: claimed (an entry a runner is sending is
    /// [`OutboxError::Busy`]), read, given to `f`, then saved or removed as `f` says.
    pub fn change<T>(
        &self,
        id: &str,
        f: impl FnOnce(&mut Meta) -> Result<(Change, T)>,
    ) -> Result<T> {
        match self {
            Queue::Files(store) => {
                // What dead runners' journals hold first (after a power loss an entry's file
                // may be older than its journal).
                journal::replay(store)?;
                let _claim = match store.claim(id) {
                    Ok(Some(c)) => c,
                    Ok(None) => return Err(OutboxError::Busy(id.to_string())),
                    Err(OutboxError::NotFound(_)) => {
                        let meta = store.load(id)?;
                        return Err(OutboxError::WrongState {
                            id: id.to_string(),
                            state: meta.state,
                            action: "changed",
                        });
                    }
                    Err(e) => return Err(e),
                };
                let mut meta = store.load(id)?;
                let old = meta.due;
                let (change, value) = f(&mut meta)?;
                match change {
                    Change::Update => store.update(&meta, old, Durability::Synced)?,
                    Change::Remove => store.remove(id)?,
                }
                Ok(value)
            }
            Queue::Postgres(p) => p.change(id, f),
        }
    }

    /// Removes an entry unless a runner holds it; whether it was removed.
    pub fn remove_if_free(&self, id: &str) -> Result<bool> {
        match self {
            Queue::Files(store) => match store.claim(id)? {
                Some(_claim) => store.remove(id).map(|()| true),
                None => Ok(false),
            },
            Queue::Postgres(p) => p.remove_if_free(id),
        }
    }

    /// One runner pass: sends what is due at `now`.
    pub fn run_once(&self, outbox: &OutboxSettings, now: DateTime<Utc>) -> Result<RunReport> {
        match self {
            Queue::Files(s) => {
                // The entries accepted through the intake: their files written, and made durable
                // when one of them is due (or enough wait).
                if let Some(intake) = s.intake() {
                    intake.settle(s, now)?;
                }
                Runner::new(s, outbox).run_once(now)
            }
            Queue::Postgres(p) => p.run_pass(outbox, now, None),
        }
    }

    /// One runner pass over entry `id` only (the sendmail shim's send-at-once).
    pub fn run_entry(
        &self,
        id: &str,
        outbox: &OutboxSettings,
        now: DateTime<Utc>,
    ) -> Result<RunReport> {
        match self {
            Queue::Files(s) => Runner::new(s, outbox).run_entry(id, now),
            Queue::Postgres(p) => p.run_pass(outbox, now, Some(id)),
        }
    }
}

/// Refuses a change to an entry already sent.
pub fn not_sent(meta: &Meta, action: &'static str) -> Result<()> {
    if meta.state == State::Sent {
        return Err(OutboxError::WrongState {
            id: meta.id.clone(),
            state: meta.state,
            action,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_queue_lists_one_senders_mail_and_changes_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let queue = Queue::Files(Store::open(&dir.path().join("q")).unwrap());
        let mut a = Meta::sample("aaaaaaaaaaaa", "2026-11-23T09:00:00Z");
        a.from = "Anna@Example.it".into();
        let b = Meta::sample("bbbbbbbbbbbb", "2026-11-23T10:00:00Z");
        queue.enqueue(&a, b"Subject: a\r\n\r\nhi\r\n").unwrap();
        queue.enqueue(&b, b"Subject: b\r\n\r\nhi\r\n").unwrap();
        let ids = |from: Option<&str>| -> Vec<String> {
            let (entries, damaged) = queue.list_map(from, |m| m.id).unwrap();
            assert!(damaged.is_empty());
            entries.into_iter().map(|(_, id)| id).collect()
        };
        assert_eq!(ids(None), ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]);
        assert_eq!(ids(Some("anna@example.it")), ["aaaaaaaaaaaa"]);
        assert!(ids(Some("nobody@example.it")).is_empty());

        queue
            .change("bbbbbbbbbbbb", |m| Ok((Change::Remove, m.id.clone())))
            .unwrap();
        assert_eq!(ids(None), ["aaaaaaaaaaaa"]);
        let e = queue
            .change("bbbbbbbbbbbb", |_| Ok((Change::Update, ())))
            .unwrap_err();
        assert!(matches!(e, OutboxError::NotFound(_)), "{e}");
        assert!(queue.remove_if_free("aaaaaaaaaaaa").unwrap());
        assert!(ids(None).is_empty());
    }
}
