//! The tests against real servers started on 127.0.0.1, one binary: the outbox over SMTP
//! (aiosmtpd), the outbox on PostgreSQL, `mailcheck serve`, IMAP mailboxes (Dovecot).
//! `cargo test --test servers MODULE::` runs one module.

mod common;
mod faults_harness;

mod imap;
mod outbox;
mod outbox_pg;
mod serve;
