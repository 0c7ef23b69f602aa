//! One connection's SMTP dialogue: greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA.
//!
//! Commands are parsed by `smtp-proto` (each complete line on its own, so a bad line never
//! desynchronises the next one), message data is read with its `DataReceiver` (end marker and
//! dot-unstuffing across reads), and replies are written with its `Response` and `EhloResponse`.
//! Replies are buffered and sent when the client has nothing more queued (PIPELINING).
//!
//! Bounds against hostile clients, each answered with the right code:
//! - a command line longer than 4096 bytes: `500 5.5.2` (the rest of the line is dropped);
//! - a line not complete within `idle_timeout`, message data that stalls as long, a connection
//!   older than `session_timeout`: `421 4.4.2` and closed;
//! - more than `max_recipients`: `452 4.5.3`; more than [`MAX_COMMANDS`] commands without a
//!   message, or [`MAX_BAD_COMMANDS`] bad ones, or [`MAX_AUTH_FAILURES`] failed logins: `421`;
//! - message data over SIZE: read to its end without keeping it, then `552 5.3.4`;
//! - AUTH only after TLS (`538 5.7.11` before), no MAIL without AUTH (`530 5.7.0`), bytes sent
//!   after STARTTLS in the same packet are dropped (the STARTTLS command-injection attack).

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use smtp_proto::{EhloResponse, Error as ProtoError, Request, Response};

use super::config::ServeSettings;
use super::data::Data;
use super::policy::{Envelope, Policy, Verdict, one_line};

/// The longest command line (as smtp-proto's own receiver allows).
pub const MAX_LINE: usize = smtp_proto::request::receiver::MAX_LINE_LENGTH;
/// Commands between two messages, at most.
pub const MAX_COMMANDS: u32 = 1000;
/// Bad commands in one connection, at most.
pub const MAX_BAD_COMMANDS: u32 = 20;
/// Failed logins in one connection, at most.
pub const MAX_AUTH_FAILURES: u32 = 3;
/// The farthest ahead a client may ask a message to leave (FUTURERELEASE), in seconds: 1 year.
pub const MAX_HOLD_SECS: u64 = 366 * 24 * 3600;

/// The connection, before or after TLS.
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
    /// Only while STARTTLS swaps one for the other.
    Gone,
}

impl Stream {
    fn tcp(&self) -> Option<&TcpStream> {
        match self {
            Stream::Plain(s) => Some(s),
            Stream::Tls(s) => Some(&s.sock),
            Stream::Gone => None,
        }
    }

    pub fn is_tls(&self) -> bool {
        matches!(self, Stream::Tls(_))
    }

    /// Implicit TLS: the handshake happens with the first read or write.
    pub fn tls(config: Arc<rustls::ServerConfig>, tcp: TcpStream) -> io::Result<Stream> {
        let conn = rustls::ServerConnection::new(config).map_err(io::Error::other)?;
        Ok(Stream::Tls(Box::new(rustls::StreamOwned::new(conn, tcp))))
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
            Stream::Gone => Err(io::ErrorKind::NotConnected.into()),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
            Stream::Gone => Err(io::ErrorKind::NotConnected.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
            Stream::Gone => Ok(()),
        }
    }
}

/// Why a session ended early.
#[derive(Debug)]
enum End {
    /// The client closed the connection, or it broke.
    Closed,
    /// A bound was reached; the reply was written.
    Bounded,
}

impl From<io::Error> for End {
    fn from(_: io::Error) -> Self {
        End::Closed
    }
}

/// What reading a line gave.
enum Line {
    Full(Vec<u8>),
    TooLong,
}

/// One connection.
pub struct Session<'a> {
    policy: &'a Policy,
    cfg: &'a ServeSettings,
    tls: &'a Arc<rustls::ServerConfig>,
    stream: Stream,
    peer: SocketAddr,
    /// Received, not yet used.
    inbuf: Vec<u8>,
    /// Replies not yet sent.
    out: Vec<u8>,
    started: Instant,
    helo: bool,
    authed: bool,
    auth_failures: u32,
    bad_commands: u32,
    commands: u32,
    mail: Option<Envelope>,
    /// Dropping the rest of a line that was too long.
    skipping: bool,
    /// The read timeout set on the socket by this session (set only when it must change: two
    /// system calls less per reply).
    read_timeout: Option<Duration>,
    /// Whether the write timeout was set on the socket.
    write_timeout_set: bool,
}

impl<'a> Session<'a> {
    pub fn new(
        policy: &'a Policy,
        cfg: &'a ServeSettings,
        tls: &'a Arc<rustls::ServerConfig>,
        stream: Stream,
        peer: SocketAddr,
    ) -> Self {
        Session {
            policy,
            cfg,
            tls,
            stream,
            peer,
            inbuf: Vec::new(),
            out: Vec::new(),
            started: Instant::now(),
            helo: false,
            authed: false,
            auth_failures: 0,
            bad_commands: 0,
            commands: 0,
            mail: None,
            skipping: false,
            read_timeout: None,
            write_timeout_set: false,
        }
    }

    /// Serves the connection until QUIT, a bound, or the client goes away.
    pub fn run(mut self) {
        let _ = self.serve();
        let _ = self.flush();
        if let Stream::Tls(s) = &mut self.stream {
            s.conn.send_close_notify();
            let _ = s.flush();
        }
        if let Some(tcp) = self.stream.tcp() {
            let _ = tcp.shutdown(std::net::Shutdown::Both);
        }
    }

    fn serve(&mut self) -> Result<(), End> {
        self.reply(
            220,
            [2, 0, 0],
            &format!("{} ESMTP mailcheck", self.cfg.hostname),
        );
        loop {
            let line = match self.read_line()? {
                Line::Full(l) => l,
                Line::TooLong => {
                    self.bad(500, [5, 5, 2], "line too long")?;
                    continue;
                }
            };
            self.commands += 1;
            if self.commands > MAX_COMMANDS {
                return self.close_with(421, [4, 7, 0], "too many commands, closing");
            }
            let parsed = Request::parse(&mut line.iter()).map(|r| r.into_owned());
            match parsed {
                Ok(request) => {
                    if self.handle(request)? {
                        return Ok(());
                    }
                }
                Err(e) => {
                    let (code, esc, text) = proto_error(&e);
                    self.bad(code, esc, &text)?;
                }
            }
        }
    }

    /// Handles one command; true when the session is over (QUIT).
    fn handle(&mut self, request: Request<String>) -> Result<bool, End> {
        match request {
            Request::Ehlo { host: _ } => {
                self.helo = true;
                self.mail = None;
                self.ehlo();
            }
            Request::Helo { host: _ } => {
                self.helo = true;
                self.mail = None;
                let text = format!("{} greets you", self.cfg.hostname);
                self.out
                    .extend_from_slice(format!("250 {text}\r\n").as_bytes());
            }
            Request::StartTls => {
                if self.stream.is_tls() {
                    self.bad(503, [5, 5, 1], "TLS is already active")?;
                } else {
                    self.starttls()?;
                }
            }
            Request::Auth {
                mechanism,
                initial_response,
            } => self.auth(mechanism, &initial_response)?,
            Request::Mail { from } => self.mail_from(from)?,
            Request::Rcpt { to } => {
                let Some(mail) = &mut self.mail else {
                    return self.bad(503, [5, 5, 1], "send MAIL first").map(|()| false);
                };
                if mail.recipients.len() >= self.cfg.max_recipients {
                    self.reply(452, [4, 5, 3], "too many recipients");
                } else if to.address.trim().is_empty() {
                    self.bad(501, [5, 1, 3], "an empty recipient address")?;
                } else {
                    mail.recipients.push(to.address.trim().to_string());
                    self.reply(250, [2, 1, 5], "recipient ok");
                }
            }
            Request::Data => self.data()?,
            Request::Rset => {
                self.mail = None;
                self.reply(250, [2, 0, 0], "reset");
            }
            Request::Noop { .. } => self.reply(250, [2, 0, 0], "ok"),
            Request::Quit => {
                self.reply(221, [2, 0, 0], "bye");
                return Ok(true);
            }
            Request::Vrfy { .. } => self.reply(252, [2, 5, 0], "cannot VRFY; send some mail"),
            Request::Help { .. } => self.reply(
                214,
                [2, 0, 0],
                "mailcheck checks your mail before it leaves; see `mailcheck serve --help`",
            ),
            Request::Bdat { .. } => {
                // CHUNKING is not offered: the chunk that follows would be taken for commands.
                return self
                    .close_with(502, [5, 5, 1], "BDAT is not offered here, closing")
                    .map(|()| true);
            }
            Request::Lhlo { .. }
            | Request::Expn { .. }
            | Request::Etrn { .. }
            | Request::Atrn { .. }
            | Request::Burl { .. } => self.bad(502, [5, 5, 1], "command not implemented")?,
        }
        Ok(false)
    }

    fn ehlo(&mut self) {
        let mut e = EhloResponse::new(self.cfg.hostname.as_str());
        e.capabilities = smtp_proto::EXT_SIZE
            | smtp_proto::EXT_8BIT_MIME
            | smtp_proto::EXT_SMTP_UTF8
            | smtp_proto::EXT_PIPELINING
            | smtp_proto::EXT_ENHANCED_STATUS_CODES
            | smtp_proto::EXT_FUTURE_RELEASE;
        if self.stream.is_tls() {
            e.capabilities |= smtp_proto::EXT_AUTH;
            e.auth_mechanisms = smtp_proto::AUTH_PLAIN | smtp_proto::AUTH_LOGIN;
        } else {
            e.capabilities |= smtp_proto::EXT_START_TLS;
        }
        e.size = self.cfg.max_message_bytes;
        e.future_release_interval = MAX_HOLD_SECS;
        e.future_release_datetime = 0;
        let mut text = Vec::new();
        let _ = e.write(&mut text);
        let text = String::from_utf8_lossy(&text);
        // smtp-proto's first line carries a joke; ours says who we are. FUTURERELEASE's second
        // value is a date-time (RFC 4865), which smtp-proto writes as a number.
        let latest = (self.policy.now() + chrono::Duration::seconds(MAX_HOLD_SECS as i64))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        for (i, line) in text.split_inclusive("\r\n").enumerate() {
            if i == 0 {
                self.out.extend_from_slice(
                    format!("250-{} mailcheck at your service\r\n", self.cfg.hostname).as_bytes(),
                );
            } else if let Some(rest) = line.get(4..).filter(|r| r.starts_with("FUTURERELEASE")) {
                let _ = rest;
                self.out.extend_from_slice(
                    format!("{}FUTURERELEASE {MAX_HOLD_SECS} {latest}\r\n", &line[..4]).as_bytes(),
                );
            } else {
                self.out.extend_from_slice(line.as_bytes());
            }
        }
    }

    fn starttls(&mut self) -> Result<(), End> {
        self.reply(220, [2, 0, 0], "ready to start TLS");
        self.flush()?;
        // Whatever came with the command is plain text from before TLS: never act on it.
        self.inbuf.clear();
        let Stream::Plain(tcp) = std::mem::replace(&mut self.stream, Stream::Gone) else {
            return Err(End::Closed);
        };
        self.stream = Stream::tls(Arc::clone(self.tls), tcp)?;
        self.helo = false;
        self.authed = false;
        self.mail = None;
        Ok(())
    }

    fn auth(&mut self, mechanism: u64, initial: &str) -> Result<(), End> {
        if !self.stream.is_tls() {
            return self.bad(538, [5, 7, 11], "encryption required: use STARTTLS first");
        }
        if self.authed {
            return self.bad(503, [5, 5, 1], "already authenticated");
        }
        if self.mail.is_some() {
            return self.bad(
                503,
                [5, 5, 1],
                "AUTH is not allowed during a mail transaction",
            );
        }
        let creds = match mechanism {
            smtp_proto::AUTH_PLAIN => {
                let response = if initial.is_empty() {
                    self.reply_raw("334 ");
                    match self.auth_line()? {
                        Some(r) => r,
                        None => return Ok(()),
                    }
                } else {
                    initial.as_bytes().to_vec()
                };
                decode(&response).and_then(|plain| {
                    let mut parts = plain.split(|b| *b == 0);
                    let _authzid = parts.next()?;
                    let user = parts.next()?.to_vec();
                    let pass = parts.next()?.to_vec();
                    parts.next().is_none().then_some((user, pass))
                })
            }
            smtp_proto::AUTH_LOGIN => {
                let user = if initial.is_empty() || initial == "=" {
                    self.reply_raw("334 VXNlcm5hbWU6");
                    match self.auth_line()? {
                        Some(r) => decode(&r),
                        None => return Ok(()),
                    }
                } else {
                    decode(initial.as_bytes())
                };
                self.reply_raw("334 UGFzc3dvcmQ6");
                let pass = match self.auth_line()? {
                    Some(r) => decode(&r),
                    None => return Ok(()),
                };
                user.zip(pass)
            }
            _ => {
                return self.bad(
                    504,
                    [5, 5, 4],
                    "mechanism not supported: use PLAIN or LOGIN",
                );
            }
        };
        let ok = creds.is_some_and(|(user, pass)| {
            user == self.cfg.username.as_bytes() && self.cfg.password.matches(&pass)
        });
        if ok {
            self.authed = true;
            self.reply(235, [2, 7, 0], "authentication succeeded");
            return Ok(());
        }
        self.auth_failures += 1;
        super::log!("mailcheck serve: {}: authentication failed", self.peer);
        if self.auth_failures >= MAX_AUTH_FAILURES {
            return self.close_with(421, [4, 7, 0], "too many failed logins, closing");
        }
        self.reply(535, [5, 7, 8], "authentication credentials invalid");
        Ok(())
    }

    /// A line of an AUTH exchange; `None` when the client cancelled ("*") or sent junk.
    fn auth_line(&mut self) -> Result<Option<Vec<u8>>, End> {
        match self.read_line()? {
            Line::Full(mut l) => {
                while l.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    l.pop();
                }
                if l == b"*" {
                    self.bad(501, [5, 0, 0], "authentication cancelled")?;
                    return Ok(None);
                }
                Ok(Some(l))
            }
            Line::TooLong => {
                self.bad(500, [5, 5, 2], "line too long")?;
                Ok(None)
            }
        }
    }

    fn mail_from(&mut self, from: smtp_proto::MailFrom<String>) -> Result<(), End> {
        if !self.helo {
            return self.bad(503, [5, 5, 1], "send EHLO first");
        }
        if !self.authed {
            let text = if self.stream.is_tls() {
                "authentication required"
            } else {
                "authentication required: use STARTTLS, then AUTH"
            };
            return self.bad(530, [5, 7, 0], text);
        }
        if self.mail.is_some() {
            return self.bad(503, [5, 5, 1], "a mail transaction is already open");
        }
        if from.size > self.cfg.max_message_bytes {
            self.reply(552, [5, 3, 4], "message too big for this server (see SIZE)");
            return Ok(());
        }
        let now = self.policy.now();
        let hold = if from.hold_until > 0 {
            i64::try_from(from.hold_until)
                .ok()
                .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        } else if from.hold_for > 0 {
            i64::try_from(from.hold_for)
                .ok()
                .and_then(chrono::Duration::try_seconds)
                .and_then(|d| now.checked_add_signed(d))
        } else {
            None
        };
        if (from.hold_until > 0 || from.hold_for > 0)
            && hold.is_none_or(|h| h > now + chrono::Duration::seconds(MAX_HOLD_SECS as i64))
        {
            return self.bad(
                501,
                [5, 5, 4],
                "the release time is too far ahead (FUTURERELEASE)",
            );
        }
        self.mail = Some(Envelope {
            from: from.address.trim().to_string(),
            recipients: Vec::new(),
            hold_until: hold,
        });
        self.commands = 0;
        self.reply(250, [2, 1, 0], "sender ok");
        Ok(())
    }

    fn data(&mut self) -> Result<(), End> {
        let Some(env) = self.mail.clone() else {
            return self.bad(503, [5, 5, 1], "send MAIL and RCPT first");
        };
        if env.recipients.is_empty() {
            return self.bad(554, [5, 5, 1], "no valid recipients");
        }
        self.reply_raw("354 send the message; end with <CRLF>.<CRLF>");
        let mut data = Data::new(self.cfg.max_message_bytes);
        loop {
            let mut it = self.inbuf.iter();
            let done = data.ingest(&mut it);
            let used = self.inbuf.len() - it.as_slice().len();
            self.inbuf.drain(..used);
            if done {
                break;
            }
            let deadline = Instant::now() + self.cfg.idle_timeout;
            self.read_more(deadline)?;
        }
        self.mail = None;
        self.commands = 0;
        let Some(raw) = data.finish() else {
            self.reply(552, [5, 3, 4], "message too big for this server (see SIZE)");
            return Ok(());
        };
        match self.policy.decide(&env, &raw) {
            Verdict::Queued { id, text } => {
                super::log!("mailcheck serve: {}: accepted {id}", self.peer);
                self.reply(250, [2, 0, 0], &text);
            }
            Verdict::Refused(lines) => {
                super::log!(
                    "mailcheck serve: {}: refused a message ({} lines of findings)",
                    self.peer,
                    lines.len()
                );
                self.reply_lines(550, [5, 7, 1], &lines);
            }
            Verdict::Unreadable(text) => self.reply(554, [5, 6, 0], &text),
            Verdict::TempFail(text) => {
                super::log!("mailcheck serve: cannot queue: {text}");
                let said = crate::msg!("serve-cannot-queue", why = text);
                self.reply(451, [4, 3, 0], &said.text(self.policy.lang()));
            }
        }
        Ok(())
    }

    /// Reads one line (with its line end), waiting at most `idle_timeout` for it.
    fn read_line(&mut self) -> Result<Line, End> {
        let deadline = Instant::now() + self.cfg.idle_timeout;
        let mut searched = 0;
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.inbuf[searched..]) {
                let end = searched + i + 1;
                let line: Vec<u8> = self.inbuf.drain(..end).collect();
                if std::mem::take(&mut self.skipping) {
                    searched = 0;
                    continue;
                }
                if line.len() > MAX_LINE {
                    return Ok(Line::TooLong);
                }
                return Ok(Line::Full(line));
            }
            if self.inbuf.len() > MAX_LINE {
                self.inbuf.clear();
                searched = 0;
                if !std::mem::replace(&mut self.skipping, true) {
                    return Ok(Line::TooLong);
                }
            } else {
                searched = self.inbuf.len();
            }
            self.read_more(deadline)?;
        }
    }

    /// Sends the buffered replies, then reads what the client sends next (by `deadline`).
    fn read_more(&mut self, deadline: Instant) -> Result<(), End> {
        self.flush()?;
        let session_end = self.started + self.cfg.session_timeout;
        let until = deadline.min(session_end);
        let now = Instant::now();
        if now >= until {
            return self.timed_out();
        }
        // The socket's timeout is lowered when it would let this read outlast `until`, and
        // raised when far shorter; one a little shorter (left from the last read) only wakes
        // the read early, and the caller reads again until `until`.
        let left = (until - now).max(Duration::from_millis(1));
        if self.read_timeout.is_none_or(|t| t > left || t < left / 2)
            && let Some(tcp) = self.stream.tcp()
        {
            tcp.set_read_timeout(Some(left))?;
            self.read_timeout = Some(left);
        }
        let mut buf = [0u8; 16 * 1024];
        match self.stream.read(&mut buf) {
            Ok(0) => Err(End::Closed),
            Ok(n) => {
                self.inbuf.extend_from_slice(&buf[..n]);
                Ok(())
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if Instant::now() >= until {
                    self.timed_out()
                } else {
                    Ok(())
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            Err(_) => Err(End::Closed),
        }
    }

    fn timed_out(&mut self) -> Result<(), End> {
        self.close_with(421, [4, 4, 2], "timeout, closing")
    }

    fn flush(&mut self) -> Result<(), End> {
        if self.out.is_empty() {
            return Ok(());
        }
        if !self.write_timeout_set
            && let Some(tcp) = self.stream.tcp()
        {
            tcp.set_write_timeout(Some(self.cfg.idle_timeout))?;
            self.write_timeout_set = true;
        }
        let out = std::mem::take(&mut self.out);
        self.stream.write_all(&out)?;
        self.stream.flush()?;
        Ok(())
    }

    fn reply(&mut self, code: u16, esc: [u8; 3], text: &str) {
        let r = Response {
            code,
            esc,
            message: one_line(text),
        };
        let _ = r.write(&mut self.out);
    }

    /// A reply line written as is (AUTH challenges, 354).
    fn reply_raw(&mut self, line: &str) {
        self.out.extend_from_slice(line.as_bytes());
        self.out.extend_from_slice(b"\r\n");
    }

    /// A multi-line reply: `550-5.7.1 ...` lines, then `550 5.7.1 ...`.
    fn reply_lines(&mut self, code: u16, esc: [u8; 3], lines: &[String]) {
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let sep = if i + 1 == n { ' ' } else { '-' };
            let text = format!(
                "{code}{sep}{}.{}.{} {}\r\n",
                esc[0],
                esc[1],
                esc[2],
                one_line(line)
            );
            self.out.extend_from_slice(text.as_bytes());
        }
    }

    /// A bad command: its reply, and the end of the session after too many.
    fn bad(&mut self, code: u16, esc: [u8; 3], text: &str) -> Result<(), End> {
        self.bad_commands += 1;
        if self.bad_commands > MAX_BAD_COMMANDS {
            return self.close_with(421, [4, 7, 0], "too many bad commands, closing");
        }
        self.reply(code, esc, text);
        Ok(())
    }

    fn close_with(&mut self, code: u16, esc: [u8; 3], text: &str) -> Result<(), End> {
        self.reply(code, esc, text);
        let _ = self.flush();
        Err(End::Bounded)
    }
}

/// Base64 as clients send it in AUTH (`=` alone is empty).
fn decode(b: &[u8]) -> Option<Vec<u8>> {
    let b = b.trim_ascii();
    if b == b"=" {
        return Some(Vec::new());
    }
    base64::engine::general_purpose::STANDARD.decode(b).ok()
}

/// The reply to a line smtp-proto could not parse.
fn proto_error(e: &ProtoError) -> (u16, [u8; 3], String) {
    match e {
        ProtoError::UnknownCommand => (500, [5, 5, 1], "unknown command".into()),
        ProtoError::SyntaxError { syntax } => (501, [5, 5, 4], format!("syntax: {syntax}")),
        ProtoError::InvalidSenderAddress => (501, [5, 1, 7], "bad sender address".into()),
        ProtoError::InvalidRecipientAddress => (501, [5, 1, 3], "bad recipient address".into()),
        ProtoError::InvalidParameter { param } => {
            (501, [5, 5, 4], format!("bad value of parameter {param}"))
        }
        ProtoError::UnsupportedParameter { param } => (
            555,
            [5, 5, 4],
            format!("parameter {} not supported", one_line(param)),
        ),
        ProtoError::ResponseTooLong => (500, [5, 5, 2], "line too long".into()),
        _ => (500, [5, 5, 2], "syntax error".into()),
    }
}
