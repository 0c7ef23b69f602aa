//! The `[smtp]` account and one SMTP transaction per attempt, with lettre's SMTP client.
//!
//! A [`Sender`] keeps its connection open between the messages of one run (up to
//! [`MAX_MESSAGES_PER_CONNECTION`]), so a flush of many due messages pays for TCP, TLS and AUTH
//! once. A reused connection that fails before anything of a message was sent (the server closed
//! it while idle, or answers MAIL with 421) is replaced by a fresh one for that same message; any
//! other failure closes it, and the next message opens a new one.
//!
//! The message data goes out in one write: lettre 0.11.23's `SmtpConnection::message` writes the
//! data and the final `CRLF . CRLF` in two, and on a reused connection Linux holds the small
//! second write (Nagle) until the server acknowledges the first, which a server waiting for the
//! end of the data delays (delayed ACK): about 40 ms per message. lettre gives no access to the
//! socket for `TCP_NODELAY`, so the data, dot-stuffed here, is sent with the end marker as one
//! `command` (one `write_all`). A message that is not UTF-8 (an 8-bit legacy charset) cannot go
//! through `command` and uses `message`, stall included.
//!
//! The transaction is driven command by command (`SmtpConnection`) rather than with
//! `SmtpTransport::send_raw`, because lettre 0.11.23's `send_raw` aborts on the first rejected
//! RCPT and cannot tell a failure before the data from one after it. Here each recipient gets its
//! own answer, and the phase of a failure decides the outcome:
//!
//! | where it fails | 4xx / network | 5xx |
//! |---|---|---|
//! | connect, TLS, EHLO, AUTH, MAIL | every recipient deferred | deferred (AUTH) / failed (MAIL) |
//! | RCPT | that recipient deferred | that recipient failed |
//! | DATA command | accepted recipients deferred | accepted recipients failed |
//! | after the data was sent | deferred (4xx) / **uncertain** (connection lost, no reply) | failed |
//!
//! Security: with `tls = "starttls"` a server that does not offer STARTTLS is refused (lettre's
//! opportunistic mode would go on in clear); AUTH is only ever sent on an encrypted connection;
//! certificates are verified (system roots plus `ca_file`). The password is read when a message
//! is due, kept out of `Debug`, and never written anywhere.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Quit, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use super::OutboxError;
use super::entry::RcptState;
use crate::error::ConfigError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    StartTls,
    Tls,
    None,
}

/// A password that never shows in `Debug` output.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(password: String) -> Self {
        Secret(password)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The SMTP account, validated.
#[derive(Debug, Clone)]
pub struct SmtpAccount {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub username: Option<String>,
    pub(crate) password: Option<Secret>,
    pub(crate) ca_pem: Option<Vec<u8>>,
    pub from: Option<String>,
    pub timeout: Duration,
    pub(crate) hello: ClientId,
    /// The config file, to name in configuration errors found while sending.
    pub(crate) source: PathBuf,
}

/// Where the SMTP account comes from: made, its password read, only when a message is due (the
/// config resolves it: `Settings::smtp_source`).
#[derive(Clone)]
pub struct SmtpSource(Arc<dyn Fn() -> Result<SmtpAccount, OutboxError> + Send + Sync>);

impl SmtpSource {
    pub fn new(make: Arc<dyn Fn() -> Result<SmtpAccount, OutboxError> + Send + Sync>) -> Self {
        SmtpSource(make)
    }

    /// The account, with its password read now.
    pub fn account(&self) -> Result<SmtpAccount, OutboxError> {
        (self.0)()
    }
}

impl std::fmt::Debug for SmtpSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpSource")
    }
}

/// What the server said about one recipient in one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RcptOutcome {
    pub address: String,
    pub state: RcptState,
    /// `Pending` here means "try again later" (a temporary failure).
    pub reply: String,
}

impl SmtpAccount {
    fn tls_parameters(&self) -> Result<TlsParameters, String> {
        let mut b = TlsParameters::builder(self.host.clone());
        if let Some(pem) = &self.ca_pem {
            let cert = Certificate::from_pem(pem).map_err(|e| format!("smtp.ca_file: {e}"))?;
            b = b.add_root_certificate(cert);
        }
        b.build().map_err(|e| format!("TLS setup: {e}"))
    }

    /// Connects, encrypts and authenticates as configured, marking each step in `watch`. The
    /// error says why (never with the password).
    fn connect(&self, watch: &Watch) -> Result<SmtpConnection, Failure> {
        let server = (self.host.as_str(), self.port);
        let timeout = Some(self.timeout);
        let where_ = format!("{}:{}", self.host, self.port);
        let fail = |step: &str, e: lettre::transport::smtp::Error| {
            self.failure(&format!("{where_}: {step}"), &e)
        };
        let params = match self.tls {
            TlsMode::Tls | TlsMode::StartTls => {
                Some(self.tls_parameters().map_err(Failure::Temporary)?)
            }
            TlsMode::None => None,
        };
        watch.step("connecting and greeting")?;
        let mut conn = match self.tls {
            TlsMode::Tls => {
                SmtpConnection::connect(server, timeout, &self.hello, params.as_ref(), None)
                    .map_err(|e| fail("connecting (TLS)", e))?
            }
            TlsMode::StartTls | TlsMode::None => {
                SmtpConnection::connect(server, timeout, &self.hello, None, None)
                    .map_err(|e| fail("connecting", e))?
            }
        };
        if let (TlsMode::StartTls, Some(params)) = (self.tls, &params) {
            if !conn.can_starttls() {
                conn.abort();
                // A configuration error, not retried: a server that does not offer STARTTLS
                // now will not offer it in five minutes either.
                return Err(Failure::Config(OutboxError::Config(ConfigError::Key {
                    path: self.source.clone(),
                    key: "smtp.tls".into(),
                    message: format!(
                        "{where_} does not offer STARTTLS; refusing to go on unencrypted \
                         (tls = \"starttls\"): use tls = \"tls\" with the server's TLS port, \
                         or tls = \"none\" for a local relay without AUTH"
                    ),
                })));
            }
            watch.step("STARTTLS")?;
            conn.starttls(params, &self.hello)
                .map_err(|e| fail("STARTTLS", e))?;
        }
        if let (Some(user), Some(Secret(pass))) = (&self.username, &self.password) {
            if !conn.is_encrypted() {
                conn.abort();
                return Err(Failure::Temporary(format!(
                    "{where_}: refusing to send AUTH over an unencrypted connection"
                )));
            }
            watch.step("AUTH")?;
            let creds = Credentials::new(user.clone(), pass.clone());
            if let Err(e) = conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds) {
                close(&mut conn, &e);
                return Err(fail(&format!("AUTH as {user}"), e));
            }
        }
        Ok(conn)
    }

    /// What a failed step means: a certificate the server shows that cannot be trusted is a
    /// configuration problem (retrying will not help); anything else is temporary. A read that
    /// timed out says so (lettre reports it as a bare "would block").
    fn failure(&self, what: &str, e: &lettre::transport::smtp::Error) -> Failure {
        let text = error_text(e, self.timeout);
        if text.contains("invalid peer certificate") {
            let (key, hint) = if text.contains("name") {
                (
                    "smtp.host",
                    format!(
                        "the server's certificate is not valid for the name `{}`: use the name \
                         the certificate was issued for",
                        self.host
                    ),
                )
            } else {
                (
                    "smtp.ca_file",
                    "the server's certificate is not signed by a trusted authority (self-signed \
                     or a private CA): set `ca_file` to the CA certificate that signed it"
                        .to_string(),
                )
            };
            return Failure::Config(OutboxError::Config(ConfigError::Key {
                path: self.source.clone(),
                key: key.into(),
                message: format!("{what}: {text}; {hint}"),
            }));
        }
        Failure::Temporary(format!("{what}: {text}"))
    }

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

    /// The transaction itself (see [`Sender::deliver`]), on the connection in `pool` if there is
    /// one (else a new one). The connection is put back in `pool` when the transaction ended
    /// cleanly and it may carry another message.
    fn transact(
        &self,
        from: &str,
        recipients: &[String],
        wire: &[u8],
        watch: &Watch,
        pool: &mut Option<Idle>,
        gate: Option<Receiver<bool>>,
    ) -> Result<Vec<RcptOutcome>, OutboxError> {
        let all = |state: RcptState, reply: &str| -> Vec<RcptOutcome> {
            recipients
                .iter()
                .map(|a| RcptOutcome {
                    address: a.clone(),
                    state,
                    reply: reply.to_string(),
                })
                .collect()
        };
        // "" is the null sender (`MAIL FROM:<>`, sendmail's `-f<>`).
        let sender: Option<Address> = match from.parse() {
            _ if from.is_empty() => None,
            Ok(a) => Some(a),
            Err(_) => {
                return Ok(all(
                    RcptState::Failed,
                    &format!("`{from}` is not a valid sender address"),
                ));
            }
        };
        let text = |e: &lettre::transport::smtp::Error| error_text(e, self.timeout);
        let non_ascii_addr = !from.is_ascii() || recipients.iter().any(|r| !r.is_ascii());
        // A reused connection that fails at MAIL (closed while idle, or a server's limit of
        // messages per connection: 421) has sent nothing of this message: open a new one.
        let (mut conn, used) = loop {
            let (mut conn, used, reused) = match pool.take() {
                Some(idle) => (idle.conn, idle.sent, true),
                None => match self.connect(watch) {
                    Ok(c) => (c, 0, false),
                    Err(Failure::Temporary(why)) => return Ok(all(RcptState::Pending, &why)),
                    Err(Failure::Config(e)) => return Err(e),
                    Err(Failure::Abandoned) => return Ok(Vec::new()),
                },
            };
            // MAIL FROM parameters, from the EHLO of this connection (after STARTTLS, lettre's
            // second EHLO). BODY=8BITMIME (RFC 6152) when any byte of the message is not ASCII
            // (an 8bit part, raw UTF-8 in a header) and the server advertises 8BITMIME. When it
            // does not, the message still goes as it is, without the parameter: RFC 6152 would
            // have the client convert it to 7bit (quoted-printable) or bounce it, but rewriting
            // the MIME structure here would change the bytes the check approved (and break a
            // signature), servers without 8BITMIME are rare, and most of them pass 8-bit data
            // through anyway. SMTPUTF8 (RFC 6531) only for a non-ASCII envelope address, and only
            // when advertised: not for UTF-8 in the headers alone, since a server that took the
            // message with SMTPUTF8 must bounce it when the next hop lacks SMTPUTF8, which makes
            // delivery less likely than sending the headers as they are.
            let mut params = Vec::new();
            if non_ascii_addr && conn.server_info().supports_feature(Extension::SmtpUtfEight) {
                params.push(MailParameter::SmtpUtfEight);
            }
            if !wire.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
                params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
            }
            if watch.step("MAIL FROM").is_err() {
                conn.abort();
                return Ok(Vec::new());
            }
            match conn.command(Mail::new(sender.clone(), params)) {
                Ok(_) => break (conn, used),
                Err(e) if reused && !e.is_permanent() => close(&mut conn, &e),
                Err(e) => {
                    close(&mut conn, &e);
                    let state = if e.is_permanent() {
                        RcptState::Failed
                    } else {
                        RcptState::Pending
                    };
                    return Ok(all(state, &format!("MAIL FROM: {}", text(&e))));
                }
            }
        };

        for (i, addr) in recipients.iter().enumerate() {
            let Ok(parsed) = addr.parse::<Address>() else {
                watch.decided(RcptOutcome {
                    address: addr.clone(),
                    state: RcptState::Failed,
                    reply: format!("`{addr}` is not a valid address"),
                });
                continue;
            };
            if watch.step("RCPT TO").is_err() {
                conn.abort();
                return Ok(Vec::new());
            }
            match conn.command(Rcpt::new(parsed, vec![])) {
                Ok(_) => watch.accepted(addr),
                Err(e) if e.is_permanent() => watch.decided(RcptOutcome {
                    address: addr.clone(),
                    state: RcptState::Failed,
                    reply: format!("RCPT TO: {}", text(&e)),
                }),
                Err(e) if e.is_transient() => watch.decided(RcptOutcome {
                    address: addr.clone(),
                    state: RcptState::Pending,
                    reply: format!("RCPT TO: {}", text(&e)),
                }),
                Err(e) => {
                    // The connection is gone: nothing was sent; everyone left waits.
                    close(&mut conn, &e);
                    let reply = format!("RCPT TO: {}", text(&e));
                    let state = watch.state();
                    let mut out = state.decided.clone();
                    for a in state.accepted.iter().chain(&recipients[i..]) {
                        out.push(RcptOutcome {
                            address: a.clone(),
                            state: RcptState::Pending,
                            reply: reply.clone(),
                        });
                    }
                    return Ok(out);
                }
            }
        }
        let (mut out, accepted) = {
            let state = watch.state();
            (state.decided.clone(), state.accepted.clone())
        };
        let outcome_for = |out: &mut Vec<RcptOutcome>, state: RcptState, reply: String| {
            for a in &accepted {
                out.push(RcptOutcome {
                    address: a.clone(),
                    state,
                    reply: reply.clone(),
                });
            }
        };
        if accepted.is_empty() {
            if watch.step("RSET").is_ok() {
                match conn.command(Rset) {
                    Ok(_) => *pool = Some(Idle { conn, sent: used }),
                    Err(e) => close(&mut conn, &e),
                }
            }
            return Ok(out);
        }
        if watch.step("DATA").is_err() {
            conn.abort();
            return Ok(Vec::new());
        }
        if let Err(e) = conn.command(Data) {
            close(&mut conn, &e);
            let state = if e.is_permanent() {
                RcptState::Failed
            } else {
                RcptState::Pending
            };
            outcome_for(&mut out, state, format!("DATA: {}", text(&e)));
            return Ok(out);
        }
        // The server waits for the data: the caller's `before_data` must have succeeded first.
        if let Some(gate) = gate
            && gate.recv() != Ok(true)
        {
            conn.abort();
            let why = "not sent: the previous message's outcome could not be recorded";
            outcome_for(&mut out, RcptState::Pending, why.to_string());
            return Ok(out);
        }
        if watch.data_step().is_err() {
            conn.abort();
            return Ok(Vec::new());
        }
        // The data and its end marker in one write (see the module documentation); lettre's
        // `message` (two writes) only for data that is not UTF-8.
        let sent = match String::from_utf8(data_block(wire)) {
            Ok(block) => conn.command(RawData(&block)),
            // lettre ends the data with CRLF "." CRLF: leave out the message's own final CRLF so
            // the bytes that arrive are the message's.
            Err(_) => conn.message(wire.strip_suffix(b"\r\n").unwrap_or(wire)),
        };
        match sent {
            Ok(resp) => {
                let reply = format!(
                    "{} {}",
                    resp.code(),
                    resp.message().collect::<Vec<_>>().join(" ")
                );
                outcome_for(&mut out, RcptState::Sent, reply);
                if used + 1 < MAX_MESSAGES_PER_CONNECTION {
                    *pool = Some(Idle {
                        conn,
                        sent: used + 1,
                    });
                } else if watch.step("QUIT").is_ok() {
                    let _ = conn.quit();
                }
            }
            Err(e) if e.is_permanent() => {
                outcome_for(
                    &mut out,
                    RcptState::Failed,
                    format!("after data: {}", text(&e)),
                );
                close(&mut conn, &e);
            }
            Err(e) if e.is_transient() => {
                outcome_for(
                    &mut out,
                    RcptState::Pending,
                    format!("after data: {}", text(&e)),
                );
                close(&mut conn, &e);
            }
            Err(e) => {
                // The data went out and no answer came back: the server may have the message.
                outcome_for(
                    &mut out,
                    RcptState::Uncertain,
                    format!(
                        "no reply after the message data ({}); the server may have it",
                        text(&e)
                    ),
                );
                close(&mut conn, &e);
            }
        }
        Ok(out)
    }
}

/// Messages sent over one connection before it is closed and a new one opened: servers limit
/// this (and answer 421 past it); 100 is below the usual limits.
pub const MAX_MESSAGES_PER_CONNECTION: u32 = 100;

/// What the transaction's thread hands back: its outcome, and the connection if it may carry
/// another message.
type Finished = (Result<Vec<RcptOutcome>, OutboxError>, Option<Idle>);

/// A connection kept open between messages, and how many it has carried.
struct Idle {
    conn: SmtpConnection,
    sent: u32,
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
        let result = self.wait(&watch, &rx, recipients, timeout);
        before.and(result)
    }

    /// Waits for the transaction's thread, at most `timeout` per step (see [`Sender::deliver`]).
    fn wait(
        &mut self,
        watch: &Watch,
        rx: &Receiver<Finished>,
        recipients: &[String],
        timeout: Duration,
    ) -> Result<Vec<RcptOutcome>, OutboxError> {
        loop {
            let deadline = watch.state().started + timeout;
            let wait = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(wait) {
                Ok((result, pool)) => {
                    self.idle = pool;
                    return result;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
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

/// The message data as it goes on the wire after DATA: dot-stuffed (a line starting with "."
/// gets another, RFC 5321 4.5.2) and ended by CRLF "." CRLF. `wire` has CRLF line ends; its
/// own final CRLF is the one before the ".".
fn data_block(wire: &[u8]) -> Vec<u8> {
    let body = wire.strip_suffix(b"\r\n").unwrap_or(wire);
    let mut out = Vec::with_capacity(body.len() + body.len() / 64 + 8);
    let mut line_start = true;
    for &b in body {
        if line_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
        line_start = b == b'\n';
    }
    out.extend_from_slice(b"\r\n.\r\n");
    out
}

/// Ready-made message data (from [`data_block`]) sent with `SmtpConnection::command`, which
/// writes it in one write.
struct RawData<'a>(&'a str);

impl std::fmt::Display for RawData<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// Why a connection could not be made ready.
#[derive(Debug)]
enum Failure {
    /// Try again later; the text says why.
    Temporary(String),
    /// A configuration problem: retrying cannot help.
    Config(OutboxError),
    /// The watchdog gave up on this attempt.
    Abandoned,
}

/// Ends a connection after a failed command: a polite QUIT after a reply the server gave, a
/// plain close after a network error or timeout (a QUIT would wait for a reply that will not
/// come).
fn close(conn: &mut SmtpConnection, e: &lettre::transport::smtp::Error) {
    if e.is_permanent() || e.is_transient() {
        conn.abort();
    } else {
        let _ = conn.set_timeout(Some(Duration::from_millis(1)));
        conn.abort();
    }
}

/// An error's text with its causes; a read or write that timed out says so.
fn error_text(e: &lettre::transport::smtp::Error, timeout: Duration) -> String {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    let mut parts = Vec::new();
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            )
        {
            return format!("no reply within {} s (timeout)", timeout.as_secs());
        }
        let text = err.to_string();
        if !parts.iter().any(|p: &String| p.contains(&text)) {
            parts.push(text);
        }
        source = err.source();
    }
    parts.join(": ")
}

/// What the watchdog of one attempt knows: which step is running since when, whether it gave
/// up, and the recipients already answered for.
#[derive(Debug)]
struct WatchState {
    step: &'static str,
    started: Instant,
    abandoned: bool,
    data_started: bool,
    decided: Vec<RcptOutcome>,
    accepted: Vec<String>,
}

impl WatchState {
    /// The outcomes when the attempt stops without a final reply: before the data, everyone not
    /// yet refused waits; after it, the accepted recipients are uncertain.
    fn outcomes_when_stopped(&self, recipients: &[String], why: &str) -> Vec<RcptOutcome> {
        let mut out = Vec::new();
        if self.data_started {
            out.extend(self.decided.iter().cloned());
            out.extend(self.accepted.iter().map(|a| RcptOutcome {
                address: a.clone(),
                state: RcptState::Uncertain,
                reply: format!("{why} after the message data; the server may have it"),
            }));
        } else {
            out.extend(recipients.iter().map(|a| RcptOutcome {
                address: a.clone(),
                state: RcptState::Pending,
                reply: why.to_string(),
            }));
        }
        out
    }
}

#[derive(Debug, Clone)]
struct Watch(Arc<Mutex<WatchState>>);

impl Watch {
    fn new() -> Watch {
        Watch(Arc::new(Mutex::new(WatchState {
            step: "connecting",
            started: Instant::now(),
            abandoned: false,
            data_started: false,
            decided: Vec::new(),
            accepted: Vec::new(),
        })))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, WatchState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a step (its timeout starts now); fails if the watchdog already gave up.
    fn step(&self, step: &'static str) -> Result<(), Failure> {
        let mut s = self.state();
        if s.abandoned {
            return Err(Failure::Abandoned);
        }
        s.step = step;
        s.started = Instant::now();
        Ok(())
    }

    /// Starts the current step's timeout over (unless the watchdog already gave up).
    fn restart(&self) {
        let mut s = self.state();
        if !s.abandoned {
            s.started = Instant::now();
        }
    }

    /// Starts sending the message data: from here on, a stop is uncertain.
    fn data_step(&self) -> Result<(), Failure> {
        let mut s = self.state();
        if s.abandoned {
            return Err(Failure::Abandoned);
        }
        s.step = "message data";
        s.started = Instant::now();
        s.data_started = true;
        Ok(())
    }

    fn decided(&self, outcome: RcptOutcome) {
        self.state().decided.push(outcome);
    }

    fn accepted(&self, address: &str) {
        self.state().accepted.push(address.to_string());
    }
}

/// Refuses a config file that holds password settings and that group or others can read or
/// write (a writer could point `password_command` at a program of theirs).
pub(crate) fn check_private(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o066 != 0 {
        return Err(format!(
            "{} holds password settings and group or others can read or write it (mode {:o}); \
             run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
    Ok(())
}

/// The most of a password command's output that is read: its first line, up to this.
pub const MAX_PASSWORD_BYTES: usize = 4096;

/// Runs `sh -c CMD` and returns its first output line, waiting at most `timeout` for it to end.
/// Only the first line is kept (at most [`MAX_PASSWORD_BYTES`]); the rest is read and dropped,
/// so a command that prints without end costs no memory, and is stopped at the timeout with
/// everything it started (its own process group). Its error output goes to the terminal;
/// nothing of the output is ever put in a message.
pub(crate) fn run_password_command(cmd: &str, timeout: Duration) -> Result<String, String> {
    use std::io::{BufRead, Read};
    use std::os::unix::process::CommandExt;
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot run the password command: {e}"))?;
    let stdout = child.stdout.take();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Some(stdout) = stdout else { return };
        let mut reader = std::io::BufReader::new(stdout);
        let mut first = Vec::new();
        let read = (&mut reader)
            .take(MAX_PASSWORD_BYTES as u64 + 1)
            .read_until(b'\n', &mut first);
        let _ = tx.send(read.map(|_| first));
        // The rest is not wanted, but read so the command is not stuck writing it.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let deadline = Instant::now() + timeout;
    let kill = |child: &mut std::process::Child| {
        // SAFETY: kill only sends a signal; the group is the child's own (process_group(0)).
        unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
        let _ = child.kill();
        let _ = child.wait();
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                kill(&mut child);
                return Err(format!(
                    "the password command did not finish within {} s (set `password_timeout` \
                     for a slower one)",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                kill(&mut child);
                return Err(format!("the password command: {e}"));
            }
        }
    };
    // The group may live on (a background child holding the output open): it goes too.
    // SAFETY: as above.
    unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
    if !status.success() {
        return Err(format!("the password command failed ({status})"));
    }
    let first = rx
        .recv_timeout(Duration::from_secs(1))
        .map_err(|_| "the password command's output could not be read".to_string())?
        .map_err(|e| format!("the password command's output: {e}"))?;
    if first.len() > MAX_PASSWORD_BYTES {
        return Err(format!(
            "the password command's first line is longer than {MAX_PASSWORD_BYTES} bytes"
        ));
    }
    let text = String::from_utf8(first)
        .map_err(|_| "the password command's output is not UTF-8".to_string())?;
    let line = text.trim_end_matches(['\n', '\r']).to_string();
    if line.is_empty() {
        return Err("the password command printed nothing".into());
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigFile, Settings};
    use std::os::unix::fs::PermissionsExt;

    fn settings_at(path: &Path, text: &str, mode: u32) -> Settings {
        std::fs::write(path, text).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
        let file: ConfigFile = toml::from_str(text).unwrap();
        Settings::from_config(Some(path), file).unwrap()
    }

    #[test]
    fn refuses_unsafe_configs_and_keeps_the_password_out_of_debug() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        let text = "[smtp]\nhost = \"mail.example.com\"\nusername = \"me\"\npassword_command = \"echo s3cret-pw\"\n";
        let e = settings_at(&p, text, 0o644)
            .smtp_account()
            .unwrap_err()
            .to_string();
        assert!(e.contains("group or others can read or write"), "{e}");
        let acct = settings_at(&p, text, 0o600).smtp_account().unwrap();
        assert_eq!(acct.port, 587);
        assert!(!format!("{acct:?}").contains("s3cret-pw"));

        let text =
            "[smtp]\nhost = \"h\"\ntls = \"none\"\nusername = \"me\"\npassword_env = \"X_PW\"\n";
        let e = settings_at(&p, text, 0o600)
            .smtp_account()
            .unwrap_err()
            .to_string();
        assert!(e.contains("unencrypted"), "{e}");
        let text = "[smtp]\nhost = \"h\"\ntls = \"maybe\"\n";
        let e = settings_at(&p, text, 0o644)
            .smtp_account()
            .unwrap_err()
            .to_string();
        assert!(e.contains("smtp.tls"), "{e}");
        let text = "[smtp]\nhost = \"h\"\nusername = \"me\"\npassword_command = \"exit 3\"\n";
        let e = settings_at(&p, text, 0o600)
            .smtp_account()
            .unwrap_err()
            .to_string();
        assert!(e.contains("password command failed"), "{e}");
        // A relay with no password: fine at any mode.
        let text = "[smtp]\nhost = \"localhost\"\ntls = \"none\"\n";
        let acct = settings_at(&p, text, 0o644).smtp_account().unwrap();
        assert_eq!((acct.port, acct.tls), (25, TlsMode::None));
    }

    /// Trust boundaries 10: a config others can write is refused like one they can read.
    #[test]
    fn a_password_config_others_can_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        let text = "[smtp]\nhost = \"h\"\nusername = \"me\"\npassword_env = \"X_PW_UNSET\"\n";
        for mode in [0o622, 0o602, 0o620, 0o640, 0o604] {
            let settings = settings_at(&p, text, mode);
            let e = settings.smtp_account().unwrap_err().to_string();
            assert!(
                e.contains("group or others can read or write"),
                "{mode:o}: {e}"
            );
            assert!(settings.check_password_config().is_err(), "{mode:o}");
        }
        assert!(settings_at(&p, text, 0o600).check_password_config().is_ok());
    }

    /// Trust boundaries 9: the password command has a time bound and a size bound.
    #[test]
    fn the_password_command_is_bounded_in_time_and_size() {
        let t = Instant::now();
        let e = run_password_command("sleep 1000", Duration::from_secs(1)).unwrap_err();
        assert!(e.contains("did not finish within 1 s"), "{e}");
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        // Endless output: bounded memory, stopped at the timeout.
        let e = run_password_command("yes pw", Duration::from_secs(1)).unwrap_err();
        assert!(e.contains("did not finish"), "{e}");
        // A first line over 4 KiB is refused; only the first line is the password.
        let e = run_password_command(
            "head -c 5000 /dev/zero | tr '\\0' a",
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert!(e.contains("longer than 4096 bytes"), "{e}");
        let pw = run_password_command("printf 'first\\nsecond\\n'", Duration::from_secs(5));
        assert_eq!(pw.as_deref(), Ok("first"));
        // A child in the background does not keep it waiting.
        let t = Instant::now();
        let pw = run_password_command("sleep 30 & echo quick", Duration::from_secs(5));
        assert_eq!(pw.as_deref(), Ok("quick"));
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    }

    #[test]
    fn ca_file_resolves_home_and_paths_relative_to_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        let cannot_read = |text: &str| {
            settings_at(&p, text, 0o600)
                .smtp_account()
                .unwrap_err()
                .to_string()
        };
        // `~/`: under $HOME (read from the environment, never changed or written to here).
        let home = std::env::var_os("HOME").expect("HOME is set");
        let name = format!("mailcheck-test-{}-missing.pem", std::process::id());
        let e = cannot_read(&format!("[smtp]\nhost = \"h\"\nca_file = \"~/{name}\"\n"));
        let want = Path::new(&home).join(&name);
        assert!(e.contains("smtp.ca_file"), "{e}");
        assert!(
            e.contains(&format!("{}: cannot read", want.display())),
            "{e}"
        );
        // Relative: next to the config file, whatever the current directory.
        let e = cannot_read("[smtp]\nhost = \"h\"\nca_file = \"certs/missing.pem\"\n");
        let want = dir.path().join("certs/missing.pem");
        assert!(
            e.contains(&format!("{}: cannot read", want.display())),
            "{e}"
        );
        std::fs::write(dir.path().join("ca.pem"), b"pem bytes").unwrap();
        let text = "[smtp]\nhost = \"h\"\nca_file = \"ca.pem\"\n";
        let acct = settings_at(&p, text, 0o600).smtp_account().unwrap();
        assert_eq!(acct.ca_pem.as_deref(), Some(&b"pem bytes"[..]));
    }

    #[test]
    fn data_block_dot_stuffs_and_ends_the_data_in_one_piece() {
        assert_eq!(data_block(b"a\r\nb\r\n"), b"a\r\nb\r\n.\r\n");
        assert_eq!(
            data_block(b".x\r\n.\r\nb..\r\n..y\r\n"),
            b"..x\r\n..\r\nb..\r\n...y\r\n.\r\n"
        );
        // No final CRLF: the end marker adds one.
        assert_eq!(data_block(b"a"), b"a\r\n.\r\n");
        assert_eq!(data_block(b""), b"\r\n.\r\n");
    }
}
