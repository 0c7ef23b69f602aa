//! mailcheck checks an email draft against client-service rules before it leaves.
//!
//! The crate is split by job:
//! - [`draft`]: the one model of a parsed draft every rule reads (mail-parser is used here and in `mailbox` only);
//! - [`lexicon`]: the word lists and thresholds of `lints/*.toml`, compiled to matchers;
//! - [`limits`]: what one draft may cost (size, parts, nesting, text), checked before parsing;
//! - [`calendar`]: business hours in real time zones;
//! - [`config`]: the top layer: config discovery, the sections as written (`config::schema`),
//!   and the settings each part takes, resolved on demand (`config::resolve`); nothing below it
//!   names it (tested in `architecture.rs`);
//! - [`rules`]: the registry and one file per rule; a rule reads the draft and a [`rules::RuleEnv`]
//!   (lexicon, calendars, recipients' zones, mailbox look-up), never the config;
//! - [`check`]: the pipeline from bytes to findings;
//! - [`render`]: human, short, JSON and SARIF output;
//! - [`fix`]: templates, rewrites, splitting, new drafts;
//! - [`inputs`]: files, directories and standard input;
//! - [`mailbox`]: finding messages in the user's Maildir (or IMAP folder);
//! - [`paths`]: paths written in the config (`~/`, relative to the config file);
//! - [`outbox`]: the queue of approved mail and its sending through SMTP;
//! - [`when`]: the send times people type (`--at "tomorrow 9:00"`);
//! - [`hooks`]: the git `sendemail-validate` hook and the neomutt snippet;
//! - [`desk`]: the desk view over the user's mailboxes (`due`, `report`);
//! - [`guard`]: a panic while reading or checking one message becomes a note, not a crash.
//! - [`serve`]: the local submission server any mail client sends through (`serve`).

#[cfg(test)]
mod architecture;
pub mod calendar;
pub mod check;
pub mod config;
pub mod desk;
pub mod draft;
pub mod error;
pub mod finding;
pub mod fix;
#[doc(hidden)]
pub mod fuzzing;
pub mod guard;
pub mod hooks;
pub mod i18n;
pub mod imap;
pub mod inputs;
pub mod lang;
pub mod lexicon;
pub mod limits;
pub mod mailbox;
pub mod outbox;
pub mod paths;
pub mod render;
pub mod rules;
pub mod serve;
pub mod when;
