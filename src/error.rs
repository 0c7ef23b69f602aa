//! Errors of the library. Each names the file (or config key) it is about, so the CLI can print
//! it as it is and exit with code 2.

use std::path::PathBuf;

/// A draft that could not be read or is not an email message.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not an email message: {why}")]
    NotEmail { path: String, why: String },
    /// Over one of the `[limits]` (see `crate::limits`).
    #[error("{path}: not read: {message}")]
    Limit { path: String, message: String },
    /// The reader failed on the message (a panic inside it or a dependency, caught).
    #[error("{path}: could not be read (the reader failed on it: {why})")]
    Unreadable { path: String, why: String },
}

/// A configuration or lint-data problem: the message names the file and the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: invalid config: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: `{key}`: {message}")]
    Key {
        path: PathBuf,
        key: String,
        message: String,
    },
    #[error("lint data {file}: {message}")]
    Lint { file: String, message: String },
    #[error("unknown rule `{0}` (see `mailcheck rules`)")]
    UnknownRule(String),
}
