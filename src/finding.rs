//! What a rule reports.

use serde::{Deserialize, Serialize};

use crate::draft::Span;
use crate::i18n::Msg;

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
    /// What is wrong, in one sentence (said in the reader's language by the renderers).
    pub message: Msg,
    /// What to do about it, in one sentence.
    pub help: Option<Msg>,
    /// A short label under the underlined words.
    pub label: Option<Msg>,
    pub location: Location,
    /// A template-based rewrite that fixes it, if the rule offers one.
    pub fix: Option<Fix>,
    /// The most this finding may weigh, whatever the rule's severity: a rule that is unsure of a
    /// case ("a short message that already ends with its one request") reports it as a hint.
    pub at_most: Option<Severity>,
}

/// A rewrite offered by a rule: a template rendered in the draft's language, inserted at a
/// place in the text (and, as HTML, in the HTML part when there is one).
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// What the fix does, for the diff's heading ("insert a Next-steps block").
    pub title: Msg,
    /// The template's name without extension: `templates/<lang>/<name>.txt` (and `.html`).
    pub template: &'static str,
    /// The template's variables.
    pub vars: serde_json::Value,
    pub place: FixPlace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixPlace {
    /// Before the sign-off (or before the quote, or at the end of the own text).
    BeforeSignoff,
    /// After the greeting line (or at the start of the own text).
    AfterGreeting,
}

impl Finding {
    pub fn new(message: Msg) -> Self {
        Finding {
            rule: "",
            severity: Severity::Hint,
            message,
            help: None,
            label: None,
            location: Location::Message,
            fix: None,
            at_most: None,
        }
    }

    /// Caps the severity of this finding at `severity` (see [`Finding::at_most`]).
    pub fn at_most(mut self, severity: Severity) -> Self {
        self.at_most = Some(severity);
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn at(mut self, span: Span) -> Self {
        self.location = Location::Text(span);
        self
    }

    pub fn at_header(mut self, name: &'static str) -> Self {
        self.location = Location::Header(name);
        self
    }

    pub fn help(mut self, help: Msg) -> Self {
        self.help = Some(help);
        self
    }

    pub fn label(mut self, label: Msg) -> Self {
        self.label = Some(label);
        self
    }
}
