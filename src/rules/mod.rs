//! The rule registry. One rule = one file in this folder, named after its id, declared with
//! `declare_rule!` (its doc comment is what `mailcheck explain ID` prints) and listed in `RULES`.
//! Its word lists and thresholds are `lints/<id>.toml`, embedded at build time.
//!
//! Adding a rule: write `src/rules/<id>.rs` and `lints/<id>.toml`, add it to `RULES` below,
//! and its documentation in Italian and Russian (`src/rules/docs/<id>.it.md`, `<id>.ru.md`,
//! listed in `docs.rs`).

use std::collections::HashMap;
use std::ops::Range;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::calendar::BusinessHours;
use crate::draft::{Draft, Span};
use crate::finding::{Finding, Severity};
use crate::lexicon::{Lexicon, LintData, Matcher, Scope};

mod angry_tone;
mod blame_shifting;
mod docs;
mod empty_subject;
mod explain_with_docs;
mod greeting_mismatch;
mod html_only;
mod large_attachment;
mod late_reply;
mod long_thread;
mod missing_attachment;
pub mod multiple_topics;
mod next_steps;
mod no_support_offer;
mod off_hours;
mod placeholder;
mod recipients_exposed;
mod subject_length;
mod too_long;

pub use docs::doc;
pub use next_steps::requests_in;

/// Every rule, in the order `mailcheck rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &too_long::TooLong,
    &next_steps::NextSteps,
    &angry_tone::AngryTone,
    &off_hours::OffHours,
    &placeholder::Placeholder,
    &missing_attachment::MissingAttachment,
    &empty_subject::EmptySubject,
    &late_reply::LateReply,
    &blame_shifting::BlameShifting,
    &greeting_mismatch::GreetingMismatch,
    &multiple_topics::MultipleTopics,
    &subject_length::SubjectLength,
    &long_thread::LongThread,
    &recipients_exposed::RecipientsExposed,
    &html_only::HtmlOnly,
    &large_attachment::LargeAttachment,
    &no_support_offer::NoSupportOffer,
    &explain_with_docs::ExplainWithDocs,
];

/// The draft reader's own lint data (greetings, sign-offs, reply headers).
pub const DRAFT_LINTS: (&str, &str) = (
    "draft",
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lints/draft.toml")),
);

/// Lint files that belong to no rule: the draft reader's, and the desk view's (`desk`: sent
/// folders, deadlines, status day; `report`: the categories of requests).
pub const EXTRA_LINTS: [(&str, &str); 3] = [
    DRAFT_LINTS,
    (
        "desk",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lints/desk.toml")),
    ),
    (
        "report",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lints/report.toml")),
    ),
];

/// What the registry knows about a rule besides its check.
#[derive(Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub severity: Severity,
    /// One line: what the rule looks at (`mailcheck rules`).
    pub summary: &'static str,
    /// The rule's doc comment, as written (`mailcheck explain`).
    pub doc: &'static str,
    /// The built-in `lints/<id>.toml`.
    pub lints: &'static str,
    /// What a finding of this rule does to a message being sent (`send`, `sendmail`, the
    /// outbox).
    pub on_send: OnSend,
    /// The rule's lists searched in the writer's own text; the lexicon searches all such lists
    /// of all rules in one pass per language.
    pub own_text: &'static [&'static str],
}

/// What a finding does to a message on its way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnSend {
    /// An error finding refuses the message (a warning or hint lets it go).
    Block,
    /// The message is held for a cool-down (`[outbox] cooldown`) instead of refused.
    Hold,
    /// The message is deferred to the next good send time instead of refused.
    Defer,
}

/// What a finding of rule `id` does on send (`Block` for an unknown id).
pub fn on_send(id: &str) -> OnSend {
    find(id).map_or(OnSend::Block, |r| r.info().on_send)
}

/// Whether any finding holds the message for a cool-down.
pub fn holds(findings: &[Finding]) -> bool {
    findings.iter().any(|f| on_send(f.rule) == OnSend::Hold)
}

/// The error findings that refuse the message: errors of `Block` rules.
pub fn blocking(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error && on_send(f.rule) == OnSend::Block)
        .count()
}

/// Every list of every rule searched in the writer's own text, as (rule id, list name), in
/// registry order: what [`Lexicon::with_own_text_lists`] searches in one pass.
pub fn own_text_lists() -> Vec<(&'static str, &'static str)> {
    RULES
        .iter()
        .flat_map(|r| {
            let i = r.info();
            i.own_text.iter().map(move |&name| (i.id, name))
        })
        .collect()
}

impl RuleInfo {
    /// The documentation with the one space `///` leaves at the start of each line removed.
    pub fn doc_text(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
}

/// Generated by `declare_rule!`.
pub trait Meta {
    fn info(&self) -> &'static RuleInfo;
}

/// Written by each rule: read the draft, push findings.
pub trait Check {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

pub trait Rule: Meta + Check + Sync {}
impl<T: Meta + Check + Sync> Rule for T {}

/// Declares a rule: its doc comment becomes the `explain` text, the id names its lint file.
macro_rules! declare_rule {
    (@on_send) => { $crate::rules::OnSend::Block };
    (@on_send $on_send:ident) => { $crate::rules::OnSend::$on_send };
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            severity: $sev:ident,
            summary: $summary:literal
            $(, on_send: $on_send:ident)?
            $(, own_text: [$($list:literal),* $(,)?])?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $crate::rules::Meta for $name {
            fn info(&self) -> &'static $crate::rules::RuleInfo {
                static INFO: $crate::rules::RuleInfo = $crate::rules::RuleInfo {
                    id: $id,
                    severity: $crate::finding::Severity::$sev,
                    summary: $summary,
                    doc: concat!($($doc, "\n"),*),
                    lints: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lints/", $id, ".toml")),
                    on_send: $crate::rules::declare_rule!(@on_send $($on_send)?),
                    own_text: &[$($($list),*)?],
                };
                &INFO
            }
        }
    };
}
pub(crate) use declare_rule;

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.info().id == id)
}

/// The built-in lint data of every rule and of the draft reader, parsed.
pub fn builtin_lint_data() -> HashMap<String, LintData> {
    let mut files = HashMap::new();
    let all = RULES
        .iter()
        .map(|r| (r.info().id, r.info().lints))
        .chain(EXTRA_LINTS);
    for (id, text) in all {
        // The built-in files are part of the program; a unit test parses every one of them.
        let data = LintData::parse(&format!("lints/{id}.toml"), text).unwrap_or_default();
        files.insert(id.to_string(), data);
    }
    files
}

/// A lexicon of the built-in lists only (tests, and runs without a config).
pub fn builtin_lexicon() -> Lexicon {
    Lexicon::new(builtin_lint_data()).with_own_text_lists(own_text_lists())
}

// What the rules read besides the draft and the send time: the lexicon, the sender's business
// calendar, the recipients' time zones and a look-up of mail already received. A run's
// `check::Checker` owns one; no rule can reach the rest of the configuration (the SMTP account,
// the outbox, the desk).

/// Finds received mail by Message-ID (the user's `[mailbox] path`: a Maildir or an IMAP
/// folder), for `late-reply`.
pub trait MailLookup: std::fmt::Debug + Send + Sync {
    /// The `Date:` of the message whose Message-ID is `id` (angle brackets optional), if the
    /// mailbox holds it. A mailbox that cannot be read finds nothing.
    fn date_of(&self, id: &str) -> Option<DateTime<Utc>>;
}

/// Address or domain (lower-cased) -> the recipient's time zone (`[recipients]`).
#[derive(Debug, Clone, Default)]
pub struct RecipientZones(Vec<(String, Tz)>);

impl RecipientZones {
    pub fn new(zones: Vec<(String, Tz)>) -> Self {
        RecipientZones(zones)
    }

    /// The zone of a recipient: by exact address, else by domain (or a parent domain).
    pub fn zone_of(&self, address: &str) -> Option<Tz> {
        let address = address.trim().to_lowercase();
        if let Some((_, tz)) = self.0.iter().find(|(k, _)| *k == address) {
            return Some(*tz);
        }
        let mut domain = address.rsplit_once('@').map(|(_, d)| d)?;
        loop {
            if let Some((_, tz)) = self.0.iter().find(|(k, _)| k == domain) {
                return Some(*tz);
            }
            domain = domain.split_once('.')?.1;
        }
    }
}

/// What a rule may read besides the draft (see the module documentation).
#[derive(Debug)]
pub struct RuleEnv {
    /// The word lists and thresholds (built-in, extended by the config).
    pub lexicon: Lexicon,
    /// The sender's business hours, days and holidays, in the sender's zone.
    pub sender: BusinessHours,
    /// The recipients' zones.
    pub zones: RecipientZones,
    /// The received mail, if a mailbox is configured.
    pub mailbox: Option<Box<dyn MailLookup>>,
}

impl RuleEnv {
    /// The zone of a recipient (see [`RecipientZones::zone_of`]).
    pub fn zone_of(&self, address: &str) -> Option<Tz> {
        self.zones.zone_of(address)
    }

    /// The built-in lists, the standard business hours in `tz`, no zones, no mailbox.
    pub fn builtin(tz: Tz) -> Self {
        RuleEnv {
            lexicon: builtin_lexicon(),
            sender: BusinessHours::standard(tz),
            zones: RecipientZones::default(),
            mailbox: None,
        }
    }

    /// Fixed settings for unit tests: Europe/Rome, 09:00-18:00 Mon-Fri, built-in lists.
    #[cfg(test)]
    pub fn for_tests() -> Self {
        Self::builtin(chrono_tz::Europe::Rome)
    }
}

/// What a rule's check sees: the draft, the send time, what rules may read of the run's
/// settings ([`RuleEnv`]), and its own lint data.
pub struct Context<'a> {
    pub draft: &'a Draft,
    /// The intended send time (`--at`, or now).
    pub at: DateTime<Utc>,
    pub env: &'a RuleEnv,
    pub rule: &'static str,
}

impl<'a> Context<'a> {
    fn lexicon(&self) -> &'a Lexicon {
        &self.env.lexicon
    }

    /// The rule's list `name` in the draft's language (plus its `any` list).
    pub fn matcher(&self, name: &str) -> &'a Matcher {
        self.lexicon()
            .matcher(self.rule, name, Scope::Lang(self.draft.language))
    }

    /// The raw entries of the rule's list `name` in the draft's language.
    pub fn entries(&self, name: &str) -> Vec<&'a str> {
        self.lexicon()
            .entries(self.rule, name, Scope::Lang(self.draft.language))
    }

    /// An integer threshold of the rule (0 if missing: the built-in files are tested to have
    /// every key their rule reads).
    pub fn int(&self, key: &str) -> i64 {
        self.lexicon().int(self.rule, key).unwrap_or(0)
    }

    pub fn usize(&self, key: &str) -> usize {
        usize::try_from(self.int(key)).unwrap_or(0)
    }

    pub fn flag(&self, key: &str) -> bool {
        self.lexicon().bool(self.rule, key).unwrap_or(false)
    }

    /// The rule's list `name` in the language of the own text at byte `offset` (a paragraph in
    /// another language than the draft's is read with that language's lists).
    pub fn matcher_at(&self, name: &str, offset: usize) -> &'a Matcher {
        let lang = self.draft.own.lang_at(offset, self.draft.language);
        self.lexicon().matcher(self.rule, name, Scope::Lang(lang))
    }

    /// How the writer addresses the reader, for the templates a fix renders (their `formal`
    /// variable): `Some(true)` formal (Italian "Lei"), `Some(false)` informal ("tu"), `None`
    /// when `lints/draft.toml`'s `formal_address` and `informal_address` lists, counted in the
    /// own text and the sign-off line, find as many of each (none, in English).
    pub fn formal_address(&self) -> Option<bool> {
        let scope = Scope::Lang(self.draft.language);
        let signoff = self.draft.signoff.and_then(|i| self.draft.lines.get(i));
        let count = |list: &str| {
            let m = self.lexicon().matcher("draft", list, scope);
            m.find_iter(&self.draft.own.text).count()
                + signoff.map_or(0, |l| m.find_iter(&l.text).count())
        };
        let (formal, informal) = (count("formal_address"), count("informal_address"));
        (formal != informal).then_some(formal > informal)
    }

    /// Matches of list `name` in the own text, each paragraph in its language, as spans on
    /// lines.
    pub fn own_matches(&self, name: &str) -> Vec<(Span, &'a str)> {
        let own = &self.draft.own;
        let mut out = Vec::new();
        for (range, lang) in own.by_language(self.draft.language) {
            let part = &own.text[range.clone()];
            let found = own.find_list(
                self.lexicon(),
                self.draft.language,
                (self.rule, name),
                lang,
                part,
                range.start,
            );
            for r in found {
                let r = r.start + range.start..r.end + range.start;
                if let Some(span) = own.locate(r.clone()) {
                    out.push((span, &own.text[r]));
                }
            }
        }
        out
    }

    /// The matches of list `list` (lint file, name) in `part`, a slice of the own text or a
    /// string that folds like the slice starting at byte `at`, read in the language of the own
    /// text there (`lang`: in that language instead); relative to `part`.
    pub fn find_list_at(
        &self,
        list: (&str, &str),
        lang: Option<crate::draft::Lang>,
        part: &str,
        at: usize,
    ) -> Vec<Range<usize>> {
        let own = &self.draft.own;
        let lang = lang.unwrap_or_else(|| own.lang_at(at, self.draft.language));
        own.find_list(self.lexicon(), self.draft.language, list, lang, part, at)
    }

    /// The first match of list `list` (lint file, name) in `part`, a slice of the own text, read
    /// in `lang` (`None`: the language of the own text where `part` is); relative to `part`.
    pub fn find_in_own(
        &self,
        list: (&str, &str),
        lang: Option<crate::draft::Lang>,
        part: &str,
    ) -> Option<Range<usize>> {
        match self.draft.own.offset_of(part) {
            Some(at) => self.find_list_at(list, lang, part, at).into_iter().next(),
            None => {
                let lang = lang.unwrap_or(self.draft.language);
                self.lexicon()
                    .matcher(list.0, list.1, Scope::Lang(lang))
                    .find(part)
            }
        }
    }

    /// The first match of `m` in `part`, relative to `part`. A slice of the own text is searched
    /// in its folded copy (see `OwnText::find`).
    pub fn find(&self, m: &Matcher, part: &str) -> Option<Range<usize>> {
        self.draft.own.find(m, part).into_iter().next()
    }

    /// Whether `m` matches in `part` (see `find`).
    pub fn is_match(&self, m: &Matcher, part: &str) -> bool {
        self.find(m, part).is_some()
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the rules' unit tests: build a draft from text, run one rule on it.
    use super::*;
    use crate::draft::{Lang, parse_draft};

    pub const MONDAY_10_ROME: &str = "2026-11-23T10:00:00+01:00";

    pub fn draft(lang: Option<Lang>, body: &str) -> Draft {
        let raw = format!(
            "From: Marco <marco@example.com>\nTo: Anna Rossi <anna@example.com>\nSubject: Order 1234\n\n{body}\n"
        );
        parse_draft("t.eml", raw.as_bytes(), &builtin_lexicon(), lang).expect("test draft parses")
    }

    pub fn raw_draft(raw: &str) -> Draft {
        parse_draft("t.eml", raw.as_bytes(), &builtin_lexicon(), None).expect("test draft parses")
    }

    pub fn run_with(rule: &dyn Rule, draft: &Draft, env: &RuleEnv, at: &str) -> Vec<Finding> {
        let cx = Context {
            draft,
            at: DateTime::parse_from_rfc3339(at)
                .expect("test time")
                .with_timezone(&Utc),
            env,
            rule: rule.info().id,
        };
        let mut out = Vec::new();
        rule.check(&cx, &mut out);
        out
    }

    pub fn run(rule: &dyn Rule, draft: &Draft) -> Vec<Finding> {
        let env = RuleEnv::for_tests();
        run_with(rule, draft, &env, MONDAY_10_ROME)
    }

    /// The words each finding points at.
    pub fn flagged(draft: &Draft, findings: &[Finding]) -> Vec<String> {
        findings
            .iter()
            .filter_map(|f| match &f.location {
                crate::finding::Location::Text(s) => {
                    Some(draft.lines[s.line].text[s.start..s.end].to_string())
                }
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_lint_file_parses_and_compiles() {
        for rule in RULES {
            let info = rule.info();
            let data = LintData::parse(info.id, info.lints).expect(info.id);
            data.validate(info.id).expect(info.id);
        }
        for (id, text) in EXTRA_LINTS {
            let data = LintData::parse(id, text).expect(id);
            data.validate(id).expect(id);
        }
    }

    #[test]
    fn every_rule_is_documented_in_the_four_sections() {
        for rule in RULES {
            let doc = rule.info().doc_text();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Configuration",
            ] {
                assert!(doc.contains(section), "{} lacks {section}", rule.info().id);
            }
        }
    }

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.info().id).collect();
        assert!(
            ids.iter()
                .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }

    /// A list a rule declares as own-text exists in its lint file (a typo would silently
    /// search nothing in one pass and everything alone).
    #[test]
    fn own_text_lists_exist_in_their_lint_files() {
        let lists = own_text_lists();
        assert!(!lists.is_empty());
        let lex = builtin_lexicon();
        for (id, name) in lists {
            let found = crate::lang::Lang::ALL
                .iter()
                .any(|&l| !lex.entries(id, name, Scope::Lang(l)).is_empty());
            assert!(found, "{id}: own-text list `{name}` is in no language");
        }
    }

    #[test]
    fn what_findings_do_on_send_comes_from_the_registry() {
        assert_eq!(on_send("angry-tone"), OnSend::Hold);
        assert_eq!(on_send("off-hours"), OnSend::Defer);
        assert_eq!(on_send("placeholder"), OnSend::Block);
        let f = |rule: &'static str, severity| {
            let mut f = Finding::new(crate::msg!("html-only-message"));
            f.rule = rule;
            f.severity = severity;
            f
        };
        let all = [
            f("angry-tone", Severity::Error),
            f("placeholder", Severity::Error),
            f("too-long", Severity::Warning),
        ];
        assert!(holds(&all));
        assert_eq!(blocking(&all), 1);
        assert!(!holds(&all[1..]));
    }
}
