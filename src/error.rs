//! Errors of the library. Each names the file (or config key) it is about, so the CLI can print
//! it as it is and exit with code 2.

use std::path::{Path, PathBuf};

use crate::lang::Lang;
use crate::msg;

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
    NotEmail { path: String, why: crate::i18n::Msg },
    /// Over one of the `[limits]` (see `crate::limits`).
    #[error("{path}: not read: {message}")]
    Limit {
        path: String,
        message: crate::i18n::Msg,
    },
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
    /// A config file that is not TOML, or not a config: the file, where (line and column), the
    /// key and what is wrong, never the file's text (`crate::config::toml_error`).
    #[error("{}", toml_said(.path, *.at, .key.as_deref(), .message).en())]
    Toml {
        path: PathBuf,
        at: Option<(usize, usize)>,
        key: Option<String>,
        message: crate::i18n::Msg,
    },
    /// A bad setting: the file, the key and what is wrong with it, as an id with arguments said
    /// in the interface language (details from a server or the system stay verbatim, as
    /// arguments).
    #[error("{path}: `{key}`: {message}")]
    Setting {
        path: PathBuf,
        key: String,
        message: crate::i18n::Msg,
    },
    #[error("lint data {file}: {message}")]
    Lint { file: String, message: String },
    #[error("unknown rule `{0}` (see `mailcheck rules`)")]
    UnknownRule(String),
}

// The same errors in the interface language (`crate::i18n`): what the user reads. The details
// (the operating system's words, a parser's message) stay as they come; in English each is its
// `Display`, word for word (a test keeps them equal).

impl DraftError {
    /// The draft the error is about.
    pub fn path(&self) -> &str {
        match self {
            DraftError::Io { path, .. }
            | DraftError::NotEmail { path, .. }
            | DraftError::Limit { path, .. }
            | DraftError::Unreadable { path, .. } => path,
        }
    }

    pub fn localized(&self, ui: Lang) -> String {
        match self {
            DraftError::Io { path, source } => msg!(
                "draft-error-io",
                path = path.as_str(),
                error = source.to_string()
            ),
            DraftError::NotEmail { path, why } => {
                msg!(
                    "draft-error-not-email",
                    path = path.as_str(),
                    why = why.clone()
                )
            }
            DraftError::Limit { path, message } => msg!(
                "draft-error-limit",
                path = path.as_str(),
                message = message.clone()
            ),
            DraftError::Unreadable { path, why } => {
                msg!(
                    "draft-error-unreadable",
                    path = path.as_str(),
                    why = why.as_str()
                )
            }
        }
        .text(ui)
    }
}

impl ConfigError {
    pub fn localized(&self, ui: Lang) -> String {
        let shown = |p: &PathBuf| p.display().to_string();
        match self {
            ConfigError::Io { path, source } => msg!(
                "config-error-io",
                path = shown(path),
                error = source.to_string()
            ),
            ConfigError::Parse { path, message } => msg!(
                "config-error-parse",
                path = shown(path),
                message = message.as_str()
            ),
            ConfigError::Toml {
                path,
                at,
                key,
                message,
            } => toml_said(path, *at, key.as_deref(), message),
            ConfigError::Setting { path, key, message } => msg!(
                "config-error-key",
                path = shown(path),
                key = key.as_str(),
                message = message.clone()
            ),
            ConfigError::Lint { file, message } => msg!(
                "config-error-lint",
                file = file.as_str(),
                message = message.as_str()
            ),
            ConfigError::UnknownRule(rule) => {
                msg!("config-error-unknown-rule", rule = rule.as_str())
            }
        }
        .text(ui)
    }
}

/// A [`ConfigError::Toml`] as a message: the file, the line and column, the key, what is wrong.
fn toml_said(
    path: &Path,
    at: Option<(usize, usize)>,
    key: Option<&str>,
    message: &crate::i18n::Msg,
) -> crate::i18n::Msg {
    let path = path.display().to_string();
    match (at, key) {
        (Some((line, column)), Some(key)) => msg!(
            "config-error-toml-at-key",
            path = path,
            line = line,
            column = column,
            key = key,
            message = message.clone()
        ),
        (Some((line, column)), None) => msg!(
            "config-error-toml-at",
            path = path,
            line = line,
            column = column,
            message = message.clone()
        ),
        (None, Some(key)) => msg!(
            "config-error-key",
            path = path,
            key = key,
            message = message.clone()
        ),
        (None, None) => msg!("config-error-parse", path = path, message = message.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_display_word_for_word() {
        let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let drafts = [
            DraftError::Io {
                path: "a.eml".into(),
                source: io(),
            },
            DraftError::NotEmail {
                path: "a.eml".into(),
                why: msg!("not-email-no-message-field"),
            },
            DraftError::Limit {
                path: "a.eml".into(),
                message: msg!("limit-message-bytes", max = 10_000_000u64),
            },
            DraftError::Unreadable {
                path: "a.eml".into(),
                why: "boom".into(),
            },
        ];
        for e in &drafts {
            assert_eq!(e.localized(Lang::En), e.to_string());
            assert_ne!(e.localized(Lang::It), e.to_string());
            assert_ne!(e.localized(Lang::Ru), e.to_string());
        }
        let configs = [
            ConfigError::Io {
                path: "c.toml".into(),
                source: io(),
            },
            ConfigError::Parse {
                path: "c.toml".into(),
                message: "bad".into(),
            },
            ConfigError::Lint {
                file: "lints/x.toml".into(),
                message: "bad".into(),
            },
            ConfigError::UnknownRule("nope".into()),
        ];
        for e in &configs {
            assert_eq!(e.localized(Lang::En), e.to_string());
        }
        assert_eq!(
            ConfigError::UnknownRule("nope".into()).localized(Lang::Ru),
            "неизвестное правило `nope` (см. `mailcheck rules`)"
        );
        let desk = crate::desk::DeskError::NotMailbox {
            path: "Mail".into(),
            why: "empty".into(),
        };
        assert_eq!(desk.localized(Lang::En), desk.to_string());
    }
}
