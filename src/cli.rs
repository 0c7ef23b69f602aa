//! The command line, defined once (clap derive).

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use clap::{Args, Parser, Subcommand, ValueEnum};
use mailcheck::draft::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "mailcheck",
    version,
    about = "Check an email draft against client-service rules before it leaves.",
    after_help = "`mailcheck draft.eml` is short for `mailcheck check draft.eml`.\n\
                  Exit codes: 0 no error finding; 1 at least one (warnings too with --deny warnings); \
                  2 unreadable input, not an email, or a usage/config error."
)]
pub struct Cli {
    /// Config file (default: $MAILCHECK_CONFIG, ./mailcheck.toml or a parent's,
    /// $XDG_CONFIG_HOME/mailcheck/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts: files, `-` for standard input, or directories (every *.eml below).
    Check(CheckArgs),
    /// List every rule: id, default severity, what it looks at.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// The rule id, e.g. angry-tone.
        rule: String,
    },
    /// Show how a draft was understood: language, own text, quote, signature, attachments.
    Inspect(InspectArgs),
}

/// Names of the subcommands, for `mailcheck draft.eml` = `mailcheck check draft.eml`.
pub const SUBCOMMANDS: &[&str] = &["check", "rules", "explain", "inspect", "help"];

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Drafts to check.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The intended send time, RFC 3339 (default: now). The timing rules judge it. `header`:
    /// each draft's own Date header (for checking mail already sent).
    #[arg(long, value_name = "DATETIME|header", value_parser = parse_at)]
    pub at: Option<AtArg>,

    /// The draft's language (default: detected).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    /// Run only these rules.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,

    /// Do not run these rules.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// Treat warnings as errors for the exit code.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Vec<Deny>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The draft (`-` for standard input).
    pub path: PathBuf,

    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,

    /// The draft's language (default: detected).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the draft's line underlined.
    Human,
    /// One JSON array of findings (see the README for the fields).
    Json,
    /// `file:line:col: severity[rule] message`, for editors.
    Short,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings make the exit code 1.
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// `--at`: a time, or `header` for each draft's own Date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtArg {
    Time(DateTime<FixedOffset>),
    Header,
}

fn parse_at(s: &str) -> Result<AtArg, String> {
    if s.trim().eq_ignore_ascii_case("header") {
        return Ok(AtArg::Header);
    }
    parse_rfc3339(s).map(AtArg::Time)
}

fn parse_rfc3339(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map_err(|e| format!("`{s}` is not an RFC 3339 time like 2026-11-23T09:30:00+01:00 ({e})"))
}

/// Inserts `check` when the first word after the global options is not a subcommand, so
/// `mailcheck draft.eml` works.
pub fn with_default_subcommand(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if a == "--config" || a == "--color" {
            i += 2;
        } else if a.starts_with("--config=") || a.starts_with("--color=") {
            i += 1;
        } else {
            break;
        }
    }
    if let Some(a) = args.get(i) {
        let a = a.to_string_lossy();
        let keep = SUBCOMMANDS.contains(&a.as_ref())
            || matches!(a.as_ref(), "-h" | "--help" | "-V" | "--version");
        if !keep {
            args.insert(i, "check".into());
        }
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        with_default_subcommand(v.iter().map(Into::into).collect())
            .into_iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn default_subcommand() {
        assert_eq!(args(&["m", "d.eml"]), ["m", "check", "d.eml"]);
        assert_eq!(
            args(&["m", "--config", "c", "d.eml"]),
            ["m", "--config", "c", "check", "d.eml"]
        );
        assert_eq!(
            args(&["m", "--format", "json", "d"]),
            ["m", "check", "--format", "json", "d"]
        );
        assert_eq!(args(&["m", "rules"]), ["m", "rules"]);
        assert_eq!(args(&["m", "--version"]), ["m", "--version"]);
        assert_eq!(args(&["m"]), ["m"]);
    }

    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
