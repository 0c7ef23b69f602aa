//! Sending the messages of one run over one connection, kept open between them (see the module
//! documentation of `outbox::smtp`), each transaction on its own thread under a watchdog.

use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use lettre::transport::smtp::client::SmtpConnection;
use lettre::transport::smtp::commands::Quit;

use super::account::SmtpAccount;
use super::transaction::{RcptOutcome, Watch};
use crate::outbox::OutboxError;

impl SmtpAccount {
    /// One SMTP transaction on a connection of its own (opened and closed for this message).
    /// See [`Sender::deliver`].
    pub fn deliver(
        &self,
        from: &str,
        recipients: &[String],
        wire: &[u8],
    ) -> Result<Vec<RcptOutcome>, OutboxError> {
        let mut sender = Sender::new(self.clone());
        let out = sender.deliver(from, recipients, wire, || Ok(()));
        sender.close();
        out
    }
}

/// Messages sent over one connection before it is closed and a new one opened: servers limit
/// this (and answer 421 past it); 100 is below the usual limits.
pub const MAX_MESSAGES_PER_CONNECTION: u32 = 100;

/// What the transaction's thread hands back: its outcome, and the connection if it may carry
/// another message.
type Finished = (Result<Vec<RcptOutcome>, OutboxError>, Option<Idle>);

/// A connection kept open between messages, and how many it has carried.
pub(crate) struct Idle {
    pub(super) conn: SmtpConnection,
    pub(super) sent: u32,
}

/// What [`Sender::deliver_with`] calls while a transaction runs: `beat` every `every`.
pub struct Heartbeat<'a> {
    pub every: Duration,
    pub beat: &'a mut dyn FnMut() -> Result<(), OutboxError>,
}

/// Sends the messages of one run, over one connection as long as it works (see the module
/// documentation). Dropping it (or [`Sender::close`]) ends the connection with QUIT.
pub struct Sender {
    account: SmtpAccount,
    idle: Option<Idle>,
}

impl Sender {
    pub fn new(account: SmtpAccount) -> Sender {
        Sender {
            account,
            idle: None,
        }
    }

    pub fn account(&self) -> &SmtpAccount {
        &self.account
    }

    /// One SMTP transaction sending `wire` (CRLF, Bcc removed) from `from` to `recipients`, on
    /// the connection left open by the previous one if there is one. Returns the outcome for
    /// each recipient, or a configuration error (an untrusted certificate) when nothing was sent
    /// and retrying cannot help.
    ///
    /// The transaction runs on its own thread, watched: when the server does not answer a step
    /// within `timeout`, the attempt ends then (lettre's own timeouts can add a second wait, for
    /// the QUIT it sends after a failed EHLO or STARTTLS), and its connection is given up. The
    /// outcome is what was known at that moment: nothing sent (every recipient waits), or the data
    /// gone out (uncertain).
    ///
    /// `before_data` runs on the calling thread while the transaction starts (connection, MAIL,
    /// RCPT, DATA), and the message data goes out only once it has succeeded: the runner makes
    /// the previous message's outcome durable there, in the time of those round trips. If it
    /// fails, the message is not sent (its recipients wait) and its error is returned.
    pub fn deliver(
        &mut self,
        from: &str,
        recipients: &[String],
        wire: &[u8],
        before_data: impl FnOnce() -> Result<(), OutboxError>,
    ) -> Result<Vec<RcptOutcome>, OutboxError> {
        self.deliver_with(from, recipients, wire, before_data, None)
    }

    /// [`Sender::deliver`] with a heartbeat: while the transaction runs (a slow server), `beat`
    /// is called on the calling thread every `every` (a runner renews its lease there). When it
    /// fails, the transaction is given up: the data does not go out if it has not started, the
    /// connection is dropped, and the heartbeat's error is returned, so that the caller neither
    /// sends nor records the message as sent.
    pub fn deliver_with(
        &mut self,
        from: &str,
        recipients: &[String],
        wire: &[u8],
        before_data: impl FnOnce() -> Result<(), OutboxError>,
        heartbeat: Option<Heartbeat<'_>>,
    ) -> Result<Vec<RcptOutcome>, OutboxError> {
        let timeout = self.account.timeout;
        let watch = Watch::new();
        let (tx, rx) = std::sync::mpsc::channel();
        let (gate_tx, gate_rx) = std::sync::mpsc::channel();
        let idle = self.idle.take();
        let worker = {
            let (account, watch) = (self.account.clone(), watch.clone());
            let (from, recipients, wire) = (from.to_string(), recipients.to_vec(), wire.to_vec());
            std::thread::Builder::new()
                .name("smtp".into())
                .spawn(move || {
                    let mut pool = idle;
                    let result = account.transact(
                        &from,
                        &recipients,
                        &wire,
                        &watch,
                        &mut pool,
                        Some(gate_rx),
                    );
                    let _ = tx.send((result, pool));
                })
        };
        if worker.is_err() {
            before_data()?;
            let mut pool = None;
            let result = self
                .account
                .transact(from, recipients, wire, &watch, &mut pool, None);
            self.idle = pool;
            return result;
        }
        let before = before_data();
        let _ = gate_tx.send(before.is_ok());
        // The time `before_data` took is not the server's: the step under way starts over.
        watch.restart();
        let result = self.wait(&watch, &rx, recipients, timeout, heartbeat);
        before.and(result)
    }

    /// Waits for the transaction's thread, at most `timeout` per step (see [`Sender::deliver`]).
    fn wait(
        &mut self,
        watch: &Watch,
        rx: &Receiver<Finished>,
        recipients: &[String],
        timeout: Duration,
        mut heartbeat: Option<Heartbeat<'_>>,
    ) -> Result<Vec<RcptOutcome>, OutboxError> {
        let mut next_beat = heartbeat.as_ref().map(|h| Instant::now() + h.every);
        loop {
            let deadline = watch.state().started + timeout;
            if let (Some(beat), Some(h)) = (next_beat, heartbeat.as_mut())
                && Instant::now() >= beat
            {
                if let Err(e) = (h.beat)() {
                    // Given up: a transaction that has not reached the data never sends it
                    // (`data_step` sees `abandoned` under the same lock), and the connection
                    // is not kept.
                    watch.state().abandoned = true;
                    return Err(e);
                }
                next_beat = Some(Instant::now() + h.every);
            }
            let until = next_beat.map_or(deadline, |b| b.min(deadline));
            let wait = until.saturating_duration_since(Instant::now());
            match rx.recv_timeout(wait) {
                Ok((result, pool)) => {
                    self.idle = pool;
                    return result;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if next_beat.is_some_and(|b| Instant::now() >= b) {
                        continue; // time for a heartbeat
                    }
                    let mut state = watch.state();
                    if Instant::now() < state.started + timeout {
                        continue; // a new step began meanwhile
                    }
                    if let Ok((result, pool)) = rx.try_recv() {
                        self.idle = pool;
                        return result;
                    }
                    state.abandoned = true;
                    let why = format!(
                        "{}:{}: {}: no reply within {} s (timeout)",
                        self.account.host,
                        self.account.port,
                        state.step,
                        timeout.as_secs()
                    );
                    return Ok(state.outcomes_when_stopped(recipients, &why));
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    let state = watch.state();
                    let why = "the SMTP client stopped unexpectedly".to_string();
                    return Ok(state.outcomes_when_stopped(recipients, &why));
                }
            }
        }
    }

    /// Ends the open connection, if any, with QUIT (waiting at most a second for the reply).
    pub fn close(&mut self) {
        if let Some(mut idle) = self.idle.take() {
            let _ = idle.conn.set_timeout(Some(Duration::from_secs(1)));
            let _ = idle.conn.command(Quit);
        }
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        self.close();
    }
}

/// The [`Sender`]s of one run, one per account (`None`: the default `[smtp]`), each made (its
/// password read) when the first message through it is due.
#[derive(Default)]
pub struct Senders(Vec<(Option<String>, Sender)>);

impl Senders {
    /// The sender of account `key`, made from `source` the first time.
    pub fn get(
        &mut self,
        source: &super::SmtpSource,
        key: Option<&str>,
    ) -> Result<&mut Sender, OutboxError> {
        let at = match self.0.iter().position(|(k, _)| k.as_deref() == key) {
            Some(i) => i,
            None => {
                let account = source.account_for(key)?;
                self.0.push((key.map(str::to_string), Sender::new(account)));
                self.0.len() - 1
            }
        };
        Ok(&mut self.0[at].1)
    }

    /// Ends every open connection with QUIT.
    pub fn close(&mut self) {
        for (_, s) in &mut self.0 {
            s.close();
        }
    }
}
