//! What a rule reports.

use serde::{Deserialize, Serialize};

use crate::draft::Span;

/// How serious a finding is. `error` blocks a send; `warning` blocks only with `--deny
/// warnings`; `hint` is advice.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The whole message (the send time, a missing header).
    Message,
    /// A header field, by name.
    Header(&'static str),
    /// Words in the text body.
    Text(Span),
}

#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule id (filled in by the engine).
    pub rule: &'static str,
    /// The severity in force (filled in by the engine from the rule's default and the config).
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, in one sentence.
    pub help: Option<String>,
    /// A short label under the underlined words.
    pub label: Option<String>,
    pub location: Location,
}

impl Finding {
    pub fn new(message: impl Into<String>) -> Self {
        Finding {
            rule: "",
            severity: Severity::Hint,
            message: message.into(),
            help: None,
            label: None,
            location: Location::Message,
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.location = Location::Text(span);
        self
    }

    pub fn at_header(mut self, name: &'static str) -> Self {
        self.location = Location::Header(name);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}
