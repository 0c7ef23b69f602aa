//! One SMTP transaction: connect (TLS, AUTH), then MAIL, RCPT and DATA, each its own step under
//! the watchdog of [`Watch`], and the outcome of each recipient by the phase a failure happens in
//! (see the table in the module documentation of `outbox::smtp`).

use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::SmtpConnection;
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{Extension, MailBodyParameter, MailParameter};

use super::account::{Secret, SmtpAccount, TlsMode};
use super::sender::{Idle, MAX_MESSAGES_PER_CONNECTION};
use crate::error::ConfigError;
use crate::i18n::Msg;
use crate::msg;
use crate::outbox::OutboxError;
use crate::outbox::entry::RcptState;

/// What the server said about one recipient in one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RcptOutcome {
    pub address: String,
    pub state: RcptState,
    /// `Pending` here means "try again later" (a temporary failure).
    pub reply: String,
}

impl SmtpAccount {
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
                return Err(
                    self.config_failure("tls", msg!("smtp-no-starttls", server = where_.as_str()))
                );
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
                let what = format!("{where_}: AUTH as {user}");
                // A refused login (535 credentials, 534 an app password wanted, 538, 504 ...)
                // or no mechanism in common: the same password will be refused again, and
                // repeated bad logins lock accounts. A configuration error, never retried.
                if e.is_permanent() || e.is_client() {
                    let text = error_text(&e, self.timeout);
                    let message = msg!(
                        "smtp-auth-refused",
                        what = what.as_str(),
                        error = text,
                        username = self.key("username"),
                        password = self.key(self.password_key.unwrap_or("password_command"))
                    );
                    let key = self.password_key.unwrap_or("username");
                    return Err(self.config_failure(key, message));
                }
                return Err(self.failure(&what, &e));
            }
        }
        Ok(conn)
    }

    /// What a failed step means: a certificate the server shows that cannot be trusted is a
    /// configuration problem (retrying will not help); anything else is temporary. A read that
    /// timed out says so (lettre reports it as a bare "would block").
    fn failure(&self, what: &str, e: &lettre::transport::smtp::Error) -> Failure {
        let text = error_text(e, self.timeout);
        if let Some((key, message)) = certificate_hint(what, &text, &self.host) {
            return self.config_failure(key, message);
        }
        if self.tls == TlsMode::Tls
            && let Some(message) = plain_text_hint(what, &text, self.port)
        {
            return self.config_failure("tls", message);
        }
        Failure::Temporary(format!("{what}: {text}"))
    }

    /// A configuration error naming this account's key `key` (`tls`, `ca_file`...).
    fn config_failure(&self, key: &str, message: Msg) -> Failure {
        Failure::Config(OutboxError::Config(ConfigError::Setting {
            path: self.source.clone(),
            key: self.key(key),
            message,
        }))
    }

    /// The transaction itself (see [`super::Sender::deliver`]), on the connection in `pool` if
    /// there is one (else a new one): MAIL, RCPT, DATA. The connection is put back in `pool` when
    /// the transaction ended cleanly and it may carry another message.
    pub(super) fn transact(
        &self,
        from: &str,
        recipients: &[String],
        wire: &[u8],
        watch: &Watch,
        pool: &mut Option<Idle>,
        gate: Option<Receiver<bool>>,
    ) -> Result<Vec<RcptOutcome>, OutboxError> {
        // "" is the null sender (`MAIL FROM:<>`, sendmail's `-f<>`).
        let sender: Option<Address> = match from.parse() {
            _ if from.is_empty() => None,
            Ok(a) => Some(a),
            Err(_) => {
                return Ok(all(
                    recipients,
                    RcptState::Failed,
                    &format!("`{from}` is not a valid sender address"),
                ));
            }
        };
        let non_ascii_addr = !from.is_ascii() || recipients.iter().any(|r| !r.is_ascii());
        let (mut conn, used) =
            match self.mail(sender, non_ascii_addr, recipients, wire, watch, pool) {
                Ok(ready) => ready,
                Err(stop) => return stop,
            };
        if let Err(stop) = self.rcpt(&mut conn, recipients, watch) {
            return stop;
        }
        self.data(conn, used, wire, watch, pool, gate)
    }

    /// MAIL FROM, on the connection in `pool` or a new one; the connection and how many messages
    /// it carried before. A reused connection that fails at MAIL (closed while idle, or a
    /// server's limit of messages per connection: 421) has sent nothing of this message: a new
    /// one is opened. `Err`: the transaction ends here, with this result.
    fn mail(
        &self,
        sender: Option<Address>,
        non_ascii_addr: bool,
        recipients: &[String],
        wire: &[u8],
        watch: &Watch,
        pool: &mut Option<Idle>,
    ) -> Result<(SmtpConnection, u32), Stop> {
        loop {
            let (mut conn, used, reused) = match pool.take() {
                Some(idle) => (idle.conn, idle.sent, true),
                None => match self.connect(watch) {
                    Ok(c) => (c, 0, false),
                    Err(Failure::Temporary(why)) => {
                        return Err(Ok(all(recipients, RcptState::Pending, &why)));
                    }
                    Err(Failure::Config(e)) => return Err(Err(e)),
                    Err(Failure::Abandoned) => return Err(Ok(Vec::new())),
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
                return Err(Ok(Vec::new()));
            }
            match conn.command(Mail::new(sender.clone(), params)) {
                Ok(_) => return Ok((conn, used)),
                Err(e) if reused && !e.is_permanent() => close(&mut conn, &e),
                Err(e) => {
                    close(&mut conn, &e);
                    let state = if e.is_permanent() {
                        RcptState::Failed
                    } else {
                        RcptState::Pending
                    };
                    let reply = format!("MAIL FROM: {}", error_text(&e, self.timeout));
                    return Err(Ok(all(recipients, state, &reply)));
                }
            }
        }
    }

    /// RCPT TO for each recipient, each answer recorded in `watch` (accepted, or decided: failed
    /// or to try again). `Err`: the transaction ends here, with this result (the connection was
    /// lost: nothing was sent, everyone not decided waits).
    fn rcpt(
        &self,
        conn: &mut SmtpConnection,
        recipients: &[String],
        watch: &Watch,
    ) -> Result<(), Stop> {
        let text = |e: &lettre::transport::smtp::Error| error_text(e, self.timeout);
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
                return Err(Ok(Vec::new()));
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
                    close(conn, &e);
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
                    return Err(Ok(out));
                }
            }
        }
        Ok(())
    }

    /// DATA and the message data (once `gate` says the previous outcome is recorded), or RSET
    /// when no recipient was accepted; the outcome of every recipient. The connection goes back
    /// to `pool` when it may carry another message.
    fn data(
        &self,
        mut conn: SmtpConnection,
        used: u32,
        wire: &[u8],
        watch: &Watch,
        pool: &mut Option<Idle>,
        gate: Option<Receiver<bool>>,
    ) -> Result<Vec<RcptOutcome>, OutboxError> {
        let text = |e: &lettre::transport::smtp::Error| error_text(e, self.timeout);
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

/// How the transaction ends early: the result to return (see [`SmtpAccount::transact`]).
type Stop = Result<Vec<RcptOutcome>, OutboxError>;

/// Every recipient with the same outcome.
fn all(recipients: &[String], state: RcptState, reply: &str) -> Vec<RcptOutcome> {
    recipients
        .iter()
        .map(|a| RcptOutcome {
            address: a.clone(),
            state,
            reply: reply.to_string(),
        })
        .collect()
}

/// The message data as it goes on the wire after DATA: dot-stuffed (a line starting with "."
/// gets another, RFC 5321 4.5.2) and ended by CRLF "." CRLF. `wire` has CRLF line ends; its
/// own final CRLF is the one before the ".".
pub(super) fn data_block(wire: &[u8]) -> Vec<u8> {
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
pub(super) struct WatchState {
    pub(super) step: &'static str,
    pub(super) started: Instant,
    pub(super) abandoned: bool,
    data_started: bool,
    decided: Vec<RcptOutcome>,
    accepted: Vec<String>,
}

impl WatchState {
    /// The outcomes when the attempt stops without a final reply: before the data, everyone not
    /// yet refused waits; after it, the accepted recipients are uncertain.
    pub(super) fn outcomes_when_stopped(
        &self,
        recipients: &[String],
        why: &str,
    ) -> Vec<RcptOutcome> {
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
pub(super) struct Watch(Arc<Mutex<WatchState>>);

impl Watch {
    pub(super) fn new() -> Watch {
        Watch(Arc::new(Mutex::new(WatchState {
            step: "connecting",
            started: Instant::now(),
            abandoned: false,
            data_started: false,
            decided: Vec::new(),
            accepted: Vec::new(),
        })))
    }

    pub(super) fn state(&self) -> std::sync::MutexGuard<'_, WatchState> {
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
    pub(super) fn restart(&self) {
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

/// A certificate the server shows that cannot be trusted: the key of the account to fix (`host`,
/// `ca_file`) and what to
/// do, in the interface language (`what` and `text`, the step and the TLS library's words, stay
/// as they are). `None` for any other failure.
pub(super) fn certificate_hint(what: &str, text: &str, host: &str) -> Option<(&'static str, Msg)> {
    if !text.contains("invalid peer certificate") {
        return None;
    }
    Some(if text.contains("name") {
        (
            "host",
            msg!(
                "smtp-cert-wrong-name",
                what = what,
                error = text,
                host = host
            ),
        )
    } else {
        (
            "ca_file",
            msg!("smtp-cert-untrusted", what = what, error = text),
        )
    })
}

/// Implicit TLS (`tls = "tls"`) against a port that speaks plain SMTP: the TLS library reads the
/// server's "220" greeting as a TLS record and finds no valid record type there
/// (`InvalidContentType`). A TLS server always starts with a handshake or an alert record, so
/// this is never a transient fault; the hint says what to set. `None` for any other failure.
pub(super) fn plain_text_hint(what: &str, text: &str, port: u16) -> Option<Msg> {
    text.contains("InvalidContentType").then(|| {
        msg!(
            "smtp-tls-plain-port",
            what = what,
            error = text,
            port = port.to_string()
        )
    })
}
