//! The check pipeline: bytes -> draft model -> every enabled rule -> findings.

use chrono::{DateTime, Utc};

use crate::draft::{Draft, Lang, parse_draft_limited};
use crate::error::{ConfigError, DraftError};
use crate::finding::{Finding, Location, Severity};
use crate::guard::guarded;
use crate::i18n::Msg;
use crate::limits::Limits;
use crate::msg;
use crate::rules::{self, Context, RULES, Rule, RuleEnv};

/// Findings one rule reports on one draft; more are counted in a note. A text that says
/// "IDIOT" 166,000 times needs no 166,000 diagnostics, and their rendering grows with them.
pub const MAX_FINDINGS_PER_RULE: usize = 100;

/// What the command line chose for a run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The intended send time; `None` = now.
    pub at: Option<DateTime<Utc>>,
    pub lang: Option<Lang>,
    /// Only these rules (`--select`).
    pub select: Vec<String>,
    /// Not these rules (`--ignore`).
    pub ignore: Vec<String>,
}

/// The rules of a run with their severities, ready to check many drafts.
pub struct Checker {
    /// What the rules read besides the draft.
    env: RuleEnv,
    /// What one draft may cost.
    limits: Limits,
    rules: Vec<(&'static dyn Rule, Severity)>,
    at: DateTime<Utc>,
    /// Judge each draft at its own `Date:` header (checking mail already sent).
    at_header: bool,
    lang: Option<Lang>,
}

/// One checked draft.
#[derive(Debug)]
pub struct Report {
    pub draft: Draft,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether a finding holds the message for a cool-down (a rule whose `on_send` is `Hold`).
    pub fn holds(&self) -> bool {
        rules::holds(&self.findings)
    }

    /// The error findings that refuse the message (errors of rules whose `on_send` is `Block`).
    pub fn blocking(&self) -> usize {
        rules::blocking(&self.findings)
    }
}

impl Checker {
    /// The rules `level` turns on (the severity the configuration gives a rule id, `None` when
    /// it is off), narrowed by `opts`, reading `env`.
    pub fn new(
        env: RuleEnv,
        limits: Limits,
        level: impl Fn(&str) -> Option<Severity>,
        opts: &CheckOptions,
    ) -> Result<Self, ConfigError> {
        for id in opts.select.iter().chain(&opts.ignore) {
            if rules::find(id).is_none() {
                return Err(ConfigError::UnknownRule(id.clone()));
            }
        }
        let rules = RULES
            .iter()
            .copied()
            .filter(|r| {
                let id = r.info().id;
                (opts.select.is_empty() || opts.select.iter().any(|s| s == id))
                    && !opts.ignore.iter().any(|s| s == id)
            })
            .filter_map(|r| Some((r, level(r.info().id)?)))
            .collect();
        Ok(Checker {
            env,
            limits,
            rules,
            at: opts.at.unwrap_or_else(Utc::now),
            at_header: false,
            lang: opts.lang,
        })
    }

    /// What the rules read besides the draft: the lexicon, the calendars, the mailbox.
    pub fn env(&self) -> &RuleEnv {
        &self.env
    }

    /// What one draft may cost (`[limits]`).
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The send time the timing rules judge.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// Judge each draft at the time in its own `Date:` header instead (for mail already sent:
    /// a mailbox, a corpus); drafts without one are judged at the run's time.
    pub fn with_header_time(mut self, yes: bool) -> Self {
        self.at_header = yes;
        self
    }

    /// Parses one draft.
    pub fn parse(&self, path: &str, raw: &[u8]) -> Result<Draft, DraftError> {
        parse_draft_limited(path, raw, &self.env.lexicon, self.lang, &self.limits)
    }

    /// Parses and checks one draft.
    /// A rule that fails on the draft (a panic, caught) leaves a note on it instead of its
    /// findings; the other rules' findings stand.
    pub fn check_bytes(&self, path: &str, raw: &[u8]) -> Result<Report, DraftError> {
        let mut draft = self.parse(path, raw)?;
        let (findings, notes) = self.check_guarded(&draft, self.at);
        draft.notes.extend(notes);
        Ok(Report { draft, findings })
    }

    /// Parses and checks one draft as if sent at `at` (a long-running server's own clock),
    /// whatever time the checker was made for.
    pub fn check_bytes_at(
        &self,
        path: &str,
        raw: &[u8],
        at: DateTime<Utc>,
    ) -> Result<Report, DraftError> {
        let mut draft = self.parse(path, raw)?;
        let (findings, notes) = self.check_guarded(&draft, at);
        draft.notes.extend(notes);
        Ok(Report { draft, findings })
    }

    /// Runs every enabled rule that the draft does not turn off (`X-Mailcheck-Allow`); a rule
    /// that fails on the draft (a panic, caught) gives no findings.
    pub fn check_draft(&self, draft: &Draft) -> Vec<Finding> {
        self.check_guarded(draft, self.at).0
    }

    /// The findings, and notes on the rules that failed or found too many places.
    fn check_guarded(&self, draft: &Draft, at: DateTime<Utc>) -> (Vec<Finding>, Vec<Msg>) {
        let mut notes = Vec::new();
        let mut findings = Vec::new();
        for &(rule, severity) in &self.rules {
            let id = rule.info().id;
            if draft.headers.allow.iter().any(|a| a == id) {
                continue;
            }
            let cx = Context {
                draft,
                at: match (self.at_header, draft.headers.date) {
                    (true, Some(d)) => d.with_timezone(&Utc),
                    _ => at,
                },
                env: &self.env,
                rule: id,
            };
            let start = findings.len();
            if let Err(why) = guarded(|| rule.check(&cx, &mut findings)) {
                findings.truncate(start);
                notes.push(msg!("note-rule-failed", rule = id, why = why));
                continue;
            }
            let found = findings.len() - start;
            if found > MAX_FINDINGS_PER_RULE {
                findings.truncate(start + MAX_FINDINGS_PER_RULE);
                notes.push(msg!(
                    "note-rule-too-many",
                    rule = id,
                    found = found,
                    max = MAX_FINDINGS_PER_RULE
                ));
            }
            for f in &mut findings[start..] {
                f.rule = id;
                f.severity = f.at_most.map_or(severity, |cap| cap.min(severity));
            }
        }
        findings.sort_by_key(|f| (sort_line(draft, f), std::cmp::Reverse(f.severity)));
        (findings, notes)
    }
}

/// Whole-message findings first, then in the order of the text.
fn sort_line(draft: &Draft, f: &Finding) -> (u8, u64) {
    match &f.location {
        Location::Message => (0, 0),
        Location::Header(name) => (1, u64::from(draft.headers.line_of(name).unwrap_or(0))),
        Location::Text(span) => (
            2,
            draft
                .file_line(span.line)
                .map(u64::from)
                .unwrap_or(1_000_000 + span.line as u64)
                * 10_000
                + span.start as u64,
        ),
    }
}
