//! A runner's pass on the PostgreSQL outbox: claims, the batch mark, the lease check before
//! the data and the heartbeat, the outcomes (see the documentation of [`super`]).

use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};

use super::{PgStore, Result, meta_json};
use crate::outbox::entry::{self, Hold, Meta, State};
use crate::outbox::runner::{RunReport, record_outcomes};
use crate::outbox::smtp::{Heartbeat, Senders};
use crate::outbox::{OutboxError, OutboxSettings};

/// How many due rows a runner claims at a time: small, so that runners started together share
/// the queue; one SMTP connection carries them all.
const CLAIM_BATCH: i64 = 10;

impl PgStore {
    /// Claims up to `limit` due rows not claimed by a live runner (and not in `seen`).
    fn claim(
        &self,
        now: DateTime<Utc>,
        only: Option<&str>,
        seen: &[String],
        limit: i64,
    ) -> Result<Vec<(String, String, Vec<u8>)>> {
        let mut rows = self
            .client()?
            .query(
                "UPDATE outbox_entry SET lease_owner = $1,
                     lease_until = now() + make_interval(secs => $2::float8)
                 WHERE id IN (
                     SELECT id FROM outbox_entry
                     WHERE state IN ('queued', 'deferred', 'uncertain', 'sending')
                       AND due <= $3
                       AND (lease_until IS NULL OR lease_until < now())
                       AND ($4::text IS NULL OR id = $4)
                       AND NOT (id = ANY($5))
                     ORDER BY due, id
                     LIMIT $6
                     FOR UPDATE SKIP LOCKED)
                 RETURNING id, meta::text, message, due",
                &[&self.owner, &self.lease_secs(), &now, &only, &seen, &limit],
            )
            .map_err(self.err())?;
        rows.sort_by(|a, b| {
            let ka: (DateTime<Utc>, &str) = (a.get(3), a.get(0));
            let kb: (DateTime<Utc>, &str) = (b.get(3), b.get(0));
            ka.cmp(&kb)
        });
        Ok(rows
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    /// Writes `meta` to a row this runner holds; `keep` renews the lease, otherwise it is
    /// released. False if the lease is no longer this runner's (it expired and another took it).
    fn write_held(&self, meta: &Meta, keep: bool) -> Result<bool> {
        let json = meta_json(meta)?;
        let n = self
            .client()?
            .execute(
                "UPDATE outbox_entry SET meta = $3::text::jsonb, state = $4, due = $5,
                     lease_owner = CASE WHEN $6 THEN lease_owner END,
                     lease_until = CASE WHEN $6
                         THEN now() + make_interval(secs => $7::float8) END,
                     updated = now()
                 WHERE id = $1 AND lease_owner = $2",
                &[
                    &meta.id,
                    &self.owner,
                    &json,
                    &meta.state.to_string(),
                    &meta.due,
                    &keep,
                    &self.lease_secs(),
                ],
            )
            .map_err(self.err())?;
        Ok(n == 1)
    }

    /// Writes the metas of rows this runner holds, in one statement; `keep` renews their leases,
    /// otherwise they are released. Returns the ids written (a row whose lease is no longer this
    /// runner's is left alone).
    fn write_many(&self, metas: &[&Meta], keep: bool) -> Result<Vec<String>> {
        if metas.is_empty() {
            return Ok(Vec::new());
        }
        let mut ids = Vec::with_capacity(metas.len());
        let mut jsons = Vec::with_capacity(metas.len());
        let mut states = Vec::with_capacity(metas.len());
        let mut dues = Vec::with_capacity(metas.len());
        for m in metas {
            ids.push(m.id.clone());
            jsons.push(meta_json(m)?);
            states.push(m.state.to_string());
            dues.push(m.due);
        }
        let rows = self
            .client()?
            .query(
                "UPDATE outbox_entry AS e SET meta = v.meta::jsonb, state = v.state, due = v.due,
                     lease_owner = CASE WHEN $5 THEN e.lease_owner END,
                     lease_until = CASE WHEN $5
                         THEN now() + make_interval(secs => $6::float8) END,
                     updated = now()
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
                     AS v(id, meta, state, due)
                 WHERE e.id = v.id AND e.lease_owner = $7
                 RETURNING e.id",
                &[
                    &ids,
                    &jsons,
                    &states,
                    &dues,
                    &keep,
                    &self.lease_secs(),
                    &self.owner,
                ],
            )
            .map_err(self.err())?;
        Ok(rows.into_iter().map(|r| r.get(0)).collect())
    }

    /// Renews this runner's leases on `ids` (the message being sent and the rest of its batch):
    /// an error if the lease on `current` is no longer this runner's.
    fn renew(&self, ids: &[String], current: &str) -> Result<()> {
        let rows = self
            .client()?
            .query(
                "UPDATE outbox_entry
                 SET lease_until = now() + make_interval(secs => $3::float8)
                 WHERE id = ANY($1) AND lease_owner = $2
                 RETURNING id",
                &[&ids, &self.owner, &self.lease_secs()],
            )
            .map_err(self.err())?;
        if rows.iter().any(|r| r.get::<_, &str>(0) == current) {
            Ok(())
        } else {
            Err(OutboxError::Busy(current.to_string()))
        }
    }

    /// Just before a message's data goes out: its lease must still be this runner's. A read
    /// (no commit to wait for) when at least half of the lease is left, else a renewal (of the
    /// rest of the batch too). An error if the lease is lost or the database cannot be reached:
    /// the data then does not go out.
    fn check_lease(&self, ids: &[String], current: &str) -> Result<()> {
        let row = self
            .client()?
            .query_opt(
                "SELECT extract(epoch FROM lease_until - now())::float8
                 FROM outbox_entry WHERE id = $1 AND lease_owner = $2",
                &[&current, &self.owner],
            )
            .map_err(self.err())?
            .ok_or_else(|| OutboxError::Busy(current.to_string()))?;
        let left: Option<f64> = row.get(0);
        if left.is_some_and(|l| l > self.lease_secs() / 2.0) {
            Ok(())
        } else {
            self.renew(ids, current)
        }
    }

    /// Gives back the leases this runner holds on `ids` (the rows unchanged).
    fn release(&self, ids: &[String]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        self.client()?
            .execute(
                "UPDATE outbox_entry SET lease_owner = NULL, lease_until = NULL
                 WHERE id = ANY($1) AND lease_owner = $2",
                &[&ids, &self.owner],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// One runner pass: claims due rows a few at a time and sends them over one SMTP connection
    /// per account (see the module documentation). `only`: entry `id` alone (the sendmail shim).
    pub fn run_pass(
        &self,
        outbox: &OutboxSettings,
        now: DateTime<Utc>,
        only: Option<&str>,
    ) -> Result<RunReport> {
        let mut report = RunReport::default();
        let mut senders = Senders::default();
        let mut seen: Vec<String> = Vec::new();
        let result = (|| {
            loop {
                let batch = self.claim(now, only, &seen, CLAIM_BATCH)?;
                if batch.is_empty() {
                    return Ok(());
                }
                let ids: Vec<String> = batch.iter().map(|b| b.0.clone()).collect();
                seen.extend(ids.iter().cloned());
                if let Err(e) = self.send_batch(outbox, now, batch, &mut senders, &mut report) {
                    // Nothing more is sent this pass: what is still held goes back to the queue.
                    let _ = self.release(&ids);
                    return Err(e);
                }
            }
        })();
        senders.close();
        result.map(|()| report)
    }

    /// Deals with one claimed batch: rows found too late are held, rows whose bytes are not the
    /// ones queued (or whose account this config lacks) fail; the rest are set `sending` in one
    /// statement, then sent one by one, each outcome written as it comes.
    fn send_batch(
        &self,
        outbox: &OutboxSettings,
        now: DateTime<Utc>,
        batch: Vec<(String, String, Vec<u8>)>,
        senders: &mut Senders,
        report: &mut RunReport,
    ) -> Result<()> {
        let mut before: Vec<Meta> = Vec::new();
        let mut todo: Vec<(Vec<u8>, Option<String>)> = Vec::new();
        for (id, json, stored) in batch {
            let mut meta = match self.parse(&id, &json) {
                Ok(m) => m,
                Err(e) => {
                    // Left claimed until its lease ends, for a person to see in `outbox list`.
                    report.damaged.push(e.to_string());
                    continue;
                }
            };
            if meta.state == State::Sending {
                meta.last_reply = Some(super::super::reason::Reason::interrupted());
            } else if meta.attempts == 0 && now - meta.due > outbox.max_lateness {
                meta.state = State::Held;
                meta.hold = Some(Hold::Late);
                meta.reasons
                    .push(crate::outbox::reason::Reason::late(now, meta.due, &meta.id));
                file_outcome(
                    report,
                    if self.write_held(&meta, false)? {
                        Outcome::Late(meta)
                    } else {
                        Outcome::Lost
                    },
                );
                continue;
            }
            let account = outbox.smtp.for_message(meta.account.as_deref(), &meta.from);
            let problem = meta
                .damaged_message(&stored)
                .or_else(|| account.as_ref().err().cloned());
            if let Some(why) = problem {
                // Never sent: the bytes are not the ones checked and queued, or the message's
                // own account is not in this config (never another account instead).
                meta.fail_unsent(why);
                file_outcome(
                    report,
                    if self.write_held(&meta, false)? {
                        Outcome::Failed(meta)
                    } else {
                        Outcome::Lost
                    },
                );
                continue;
            }
            let key = account.ok().flatten();
            // The account (and its password) before the mark: a config problem leaves the row
            // as it was.
            senders.get(&outbox.smtp, key.as_deref())?;
            before.push(meta);
            todo.push((stored, key));
        }
        // All of them `sending` (attempts + 1) in one statement.
        let marked: Vec<Meta> = before
            .iter()
            .map(|m| {
                let mut m = m.clone();
                m.state = State::Sending;
                m.hold = None;
                m.attempts += 1;
                m.last_attempt = Some(now);
                m
            })
            .collect();
        let ours = self.write_many(&marked.iter().collect::<Vec<_>>(), true)?;
        let ids: Vec<String> = marked.iter().map(|m| m.id.clone()).collect();
        for (i, (meta, (stored, key))) in marked.into_iter().zip(todo).enumerate() {
            if !ours.contains(&meta.id) {
                report.busy += 1;
                continue;
            }
            match self.send_marked(
                outbox,
                now,
                meta,
                &stored,
                key.as_deref(),
                &ids[i..],
                senders,
            ) {
                Ok(outcome) => file_outcome(report, outcome),
                Err(e) => {
                    // Not sent (a configuration problem, the database unreachable before the
                    // data): this row and the rest of the batch as they were, if they can be
                    // written.
                    let _ = self.write_many(&before[i..].iter().collect::<Vec<_>>(), false);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Sends one row marked `sending` and writes its outcome, releasing the lease. `held`: its
    /// id and the rest of its batch, whose leases the heartbeat renews while a slow server
    /// keeps the transaction going.
    #[allow(clippy::too_many_arguments)]
    fn send_marked(
        &self,
        outbox: &OutboxSettings,
        now: DateTime<Utc>,
        mut meta: Meta,
        stored: &[u8],
        key: Option<&str>,
        held: &[String],
        senders: &mut Senders,
    ) -> Result<Outcome> {
        let recipients: Vec<String> = meta.undelivered().map(|r| r.address.clone()).collect();
        let wire = entry::wire_bytes(stored, meta.sender_time(now));
        let sender = senders.get(&outbox.smtp, key)?;
        let id = meta.id.clone();
        let mut beat = || self.renew(held, &id);
        let heartbeat = Heartbeat {
            every: (self.lease / 3).max(StdDuration::from_millis(100)),
            beat: &mut beat,
        };
        let outcomes = match sender.deliver_with(
            &meta.from,
            &recipients,
            &wire,
            || self.check_lease(held, &id),
            Some(heartbeat),
        ) {
            Ok(o) => o,
            // The lease is another runner's: the row is its now (nothing is written).
            Err(OutboxError::Busy(_)) => return Ok(Outcome::Lost),
            Err(e) => return Err(e),
        };
        record_outcomes(outbox, &mut meta, outcomes, now);
        // Lost lease: a runner took the row while this one was sending; the row is its now.
        self.write_held(&meta, false)?;
        Ok(match meta.state {
            State::Sent => Outcome::Sent(meta),
            State::Uncertain => Outcome::Uncertain(meta),
            State::Deferred => Outcome::Deferred(meta),
            _ => Outcome::Failed(meta),
        })
    }
}

/// What became of one claimed row.
enum Outcome {
    Sent(Meta),
    Deferred(Meta),
    Uncertain(Meta),
    Failed(Meta),
    Late(Meta),
    /// The lease was no longer this runner's: left alone.
    Lost,
}

fn file_outcome(report: &mut RunReport, o: Outcome) {
    match o {
        Outcome::Sent(m) => report.sent.push(m),
        Outcome::Deferred(m) => report.deferred.push(m),
        Outcome::Uncertain(m) => report.uncertain.push(m),
        Outcome::Failed(m) => report.failed.push(m),
        Outcome::Late(m) => report.held_late.push(m),
        Outcome::Lost => report.busy += 1,
    }
}
