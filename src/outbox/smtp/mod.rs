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
//! | connect, TLS, EHLO, AUTH, MAIL | every recipient deferred | config error (AUTH) / failed (MAIL) |
//! | RCPT | that recipient deferred | that recipient failed |
//! | DATA command | accepted recipients deferred | accepted recipients failed |
//! | after the data was sent | deferred (4xx) / **uncertain** (connection lost, no reply) | failed |
//!
//! Security: with `tls = "starttls"` a server that does not offer STARTTLS is refused (lettre's
//! opportunistic mode would go on in clear); AUTH is only ever sent on an encrypted connection;
//! certificates are verified (system roots plus `ca_file`). The password is read when a message
//! is due, kept out of `Debug`, and never written anywhere.

mod account;
mod sender;
mod transaction;

pub use account::{MAX_PASSWORD_BYTES, Secret, SmtpAccount, SmtpSource, TlsMode};
pub(crate) use account::{check_private, run_password_command};
pub use sender::{Heartbeat, MAX_MESSAGES_PER_CONNECTION, Sender, Senders};
pub use transaction::RcptOutcome;

#[cfg(test)]
mod tests;
