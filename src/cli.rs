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
    /// Config file (default: $MAILCHECK_CONFIG, else $XDG_CONFIG_HOME/mailcheck/config.toml with
    /// ./mailcheck.toml or a parent's laid over it: that one only if yours and not writable by
    /// others, and only for checking keys: allow, rules, lints, sender, recipients).
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
        /// The language of the documentation (default: English).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Show how a draft was understood: language, own text, quote, signature, attachments.
    Inspect(InspectArgs),
    /// Fix what the rules found with prepared templates: print the diff; --write applies it.
    Fix(FixArgs),
    /// Split a draft into one draft per topic (multiple-topics, too-long).
    Split(SplitArgs),
    /// Write a new draft from a template.
    New(NewArgs),
    /// Check a draft and queue it in the outbox: refused on errors, held when angry, deferred
    /// to business hours.
    Send(SendArgs),
    /// The outbox: list, show, cancel, reschedule, retry, and run (send what is due).
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
    /// A sendmail drop-in for mail clients (mutt, neomutt, aerc, git send-email): the message on
    /// standard input is checked, then queued (or sent at once with --now); refused with exit
    /// code 1 and the diagnostics on stderr when it has errors.
    #[command(
        disable_help_flag = true,
        override_usage = "mailcheck sendmail [-t] [-i] [-oi] [-f FROM] [--now] [--] [RCPT...]"
    )]
    Sendmail(SendmailArgs),
    /// A local submission server any mail client (Thunderbird, Apple Mail, Outlook, K-9) can
    /// send through: each message is checked, refused with the findings or queued in the outbox,
    /// and sent when due by the runner in the same process. Needs a `[serve]` section.
    Serve(ServeArgs),
    /// Install mailcheck in git send-email or neomutt.
    Hook {
        #[command(subcommand)]
        command: HookCommand,
    },
    /// The desk's morning list: client messages waiting for an answer (with their deadline),
    /// follow-ups due on requests you sent, weekly status updates due.
    Due(DueArgs),
    /// What clients ask about, per week or month: categories, reply times, busiest hours, FAQ
    /// candidates.
    Report(ReportArgs),
    /// Print the man page or a shell completion script, e.g.
    /// `mailcheck generate bash > ~/.local/share/bash-completion/completions/mailcheck`,
    /// `mailcheck generate man --dir ~/.local/share/man/man1`.
    Generate {
        /// What to print.
        #[arg(value_enum)]
        kind: GenerateKind,
        /// man: write every page (mailcheck.1, mailcheck-check.1, ...) into this folder instead
        /// of printing mailcheck.1.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// What `mailcheck generate` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateKind {
    /// The man page (roff), for `man -l` or a `man1` folder.
    Man,
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Mailboxes: Maildir folders, mbox files, or folders of them (e.g. ~/Mail/INBOX ~/Mail/Sent).
    /// Default: [mailbox] path of the config.
    pub mailboxes: Vec<PathBuf>,

    /// The time to judge deadlines at, RFC 3339 (default: now). Mail dated after it is ignored.
    #[arg(long, value_name = "DATETIME", value_parser = parse_rfc3339)]
    pub at: Option<DateTime<FixedOffset>>,

    /// List client messages and your questions of the last DAYS days only (default:
    /// `[desk] look_back_days`, 30).
    #[arg(long, value_name = "DAYS")]
    pub look_back: Option<u32>,

    /// Output: `human` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,

    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Mailboxes: Maildir folders, mbox files, or folders of them. Default: [mailbox] path.
    pub mailboxes: Vec<PathBuf>,

    /// First day reported (YYYY-MM-DD, in the sender's zone; default: the first message).
    #[arg(long, value_name = "DATE")]
    pub from: Option<chrono::NaiveDate>,

    /// Last day reported, included (YYYY-MM-DD; default: the last message).
    #[arg(long, value_name = "DATE")]
    pub to: Option<chrono::NaiveDate>,

    /// Period of the tables.
    #[arg(long, value_enum, default_value_t = ReportPeriod::Month)]
    pub per: ReportPeriod,

    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write the report to FILE instead of standard output (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportPeriod {
    Week,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Tables for a terminal.
    Text,
    /// The same numbers for scripts.
    Json,
    /// One self-contained HTML page with charts.
    Html,
}

#[derive(Debug, Args)]
pub struct SendmailArgs {
    /// sendmail's options and the recipients, read the way sendmail shims (msmtp) read them:
    /// -t (recipients from To/Cc/Bcc, plus any given), -f FROM / -r FROM (envelope sender),
    /// --now (send at once through [smtp]), --queue, --lang LANG; -i, -oi, -oem, -odb, -F NAME,
    /// -B, -N, -R, -V, -X, -O, -L, -h, -bm, -em, -U, -v, -G, -n are accepted and ignored.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARG"
    )]
    pub args: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install a hook: `git` writes .git/hooks/sendemail-validate (an existing hook is kept and
    /// run first with --chain, else refused); `neomutt` prints the `set sendmail` lines (--write
    /// appends them to the neomuttrc).
    Install(HookInstallArgs),
    /// What the git hook runs: check the message git send-email is about to send ($1 the patch
    /// or message file, $2 the SMTP headers from git 2.42); exit 1 on error findings.
    SendemailValidate {
        /// The patch or message file.
        patch: PathBuf,
        /// The SMTP headers file (git 2.42 and later).
        headers: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct HookInstallArgs {
    /// Where: git (send-email's sendemail-validate hook) or neomutt (the sendmail setting).
    #[arg(value_enum)]
    pub target: HookTarget,

    /// git: keep an existing sendemail-validate hook (as sendemail-validate.pre-mailcheck) and
    /// run it before mailcheck.
    #[arg(long)]
    pub chain: bool,

    /// git: the repository (default: the current directory).
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,

    /// neomutt: append the lines to this file (`-` or absent: print them). Without a FILE:
    /// $XDG_CONFIG_HOME/neomutt/neomuttrc.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub write: Option<Option<PathBuf>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HookTarget {
    Git,
    Neomutt,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Drafts to fix (`-` for standard input: the diff only).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Apply the fixes to the files (atomically; the original is kept as FILE.orig).
    #[arg(long)]
    pub write: bool,

    /// With --write: do not keep FILE.orig.
    #[arg(long)]
    pub no_backup: bool,

    /// Write the fixed draft to this file instead (one input only).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The intended send time, for the timing rules' fixes (late-reply): the forms of
    /// `send --at` (RFC 3339, "2026-12-01 10:00", "tomorrow 9:00", "in 2 hours"; default: now).
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    /// The draft's language (default: detected).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The draft to split.
    pub path: PathBuf,

    /// Folder for the new drafts (created if missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,

    /// The draft's language (default: detected).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The template, e.g. holding-reply (see templates/README.md).
    pub template: String,

    /// The recipient's address.
    #[arg(long, required = true, value_name = "ADDR")]
    pub to: Vec<String>,

    /// The sender's address (From).
    #[arg(long, value_name = "ADDR")]
    pub from: Option<String>,

    /// A template variable, `key=value` (repeatable): name, sender_name, subject, by_date...
    /// A list (weekly-status's done, next, waiting_on_client) takes one item per `--var`:
    /// `--var done="slotting analysis" --var done="pallet labels"`.
    #[arg(long = "var", value_name = "KEY=VALUE")]
    pub vars: Vec<String>,

    /// A template variable as JSON (repeatable): `--var-json done='["a", "b"]'`.
    #[arg(long = "var-json", value_name = "KEY=JSON")]
    pub var_json: Vec<String>,

    /// The Message-ID this answers (In-Reply-To and References).
    #[arg(long, value_name = "ID")]
    pub reply_to: Option<String>,

    /// The draft's language.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,

    /// Write the draft here (default: standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The draft (`-` for standard input).
    pub path: PathBuf,

    /// When to send, in the sender's zone: RFC 3339, "2026-12-01 10:00", "tomorrow 9:00",
    /// "monday 08:30", "in 2 hours" (default: now). Off-hours times still move to business
    /// hours.
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    /// Queue it even with error findings (an angry draft is still held for its cool-down), or
    /// when the same message (Message-ID, or text and recipients) is already in the outbox.
    #[arg(long)]
    pub force: bool,

    /// The draft's language (default: detected).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Print what to type into Thunderbird, Apple Mail, Outlook and K-9 (server, ports,
    /// security, user) and the certificate's fingerprint (making the certificate if needed),
    /// then exit.
    #[arg(long)]
    pub setup: bool,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Every queued, held, failed and sent message.
    List {
        /// Output: `human` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
        /// Only the messages sent from this address (a desk's member).
        #[arg(long, value_name = "ADDRESS")]
        from: Option<String>,
    },
    /// One message's schedule, state, recipients and last server reply.
    Show {
        id: String,
        /// Output: `human` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Remove messages that have not been sent (one or more ids).
    Cancel {
        /// The ids `outbox list` shows.
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Give a message a new send time (human forms as in `send --at`).
    Reschedule {
        id: String,
        /// The new send time: a date and time (`2026-11-24T09:00`, in the sender's zone) or `now`.
        #[arg(long, value_name = "WHEN")]
        at: String,
    },
    /// Send a held, deferred, uncertain or failed message again, at its planned time (or, when
    /// that has passed, the next moment inside business hours); `--now`: at the next run.
    Retry {
        id: String,
        /// Send it at the next run, whatever the time.
        #[arg(long)]
        now: bool,
    },
    /// Send what is due, then keep looking every `tick` (`--once`: send what is due and exit).
    Run {
        /// Send what is due now and exit (for cron or a systemd timer).
        #[arg(long)]
        once: bool,
    },
    /// Create or upgrade the outbox schema in `[outbox] database` (versioned, in one
    /// transaction).
    Migrate,
    /// Move the unsent messages of a queue directory (default: `[outbox] path`) into
    /// `[outbox] database`.
    Import {
        /// The queue directory to move.
        #[arg(long, value_name = "DIR")]
        from: Option<std::path::PathBuf>,
    },
}

/// Names of the subcommands, for `mailcheck draft.eml` = `mailcheck check draft.eml`.
pub const SUBCOMMANDS: &[&str] = &[
    "check", "rules", "explain", "inspect", "send", "outbox", "fix", "split", "new", "help",
    "sendmail", "hook", "due", "report", "generate", "serve",
];

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Drafts to check.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The intended send time (default: now), in the forms of `send --at`: RFC 3339,
    /// "2026-12-01 10:00", "tomorrow 9:00", "monday 08:30", "in 2 hours". The timing rules
    /// judge it. `header`: each draft's own Date header (for checking mail already sent).
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
    /// Output: `human` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The draft (`-` for standard input).
    pub path: PathBuf,

    /// Output: `human` for people, `json` for tools.
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
    /// One JSON array of findings (see docs/json.md for the fields).
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtArg {
    /// As typed; read with the sender's zone once the config is known (`when::parse_when`).
    Time(String),
    Header,
}

fn parse_at(s: &str) -> Result<AtArg, String> {
    if s.trim().eq_ignore_ascii_case("header") {
        return Ok(AtArg::Header);
    }
    Ok(AtArg::Time(s.to_string()))
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
        } else if a == "sendmail" && args.get(i + 1).is_some_and(|n| n == "--") {
            // clap takes a first `--` for itself; the shim reads sendmail's own `--` (after it,
            // everything is a recipient), so it gets one of its own.
            args.insert(i + 1, "--".into());
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
    fn sendmail_keeps_its_own_double_dash() {
        assert_eq!(
            args(&["m", "sendmail", "--", "--now", "a@x"]),
            ["m", "sendmail", "--", "--", "--now", "a@x"]
        );
        assert_eq!(args(&["m", "sendmail", "-t"]), ["m", "sendmail", "-t"]);
        let cli = Cli::try_parse_from(args(&["m", "sendmail", "--", "--now", "a@x"])).unwrap();
        let Command::Sendmail(s) = cli.command else {
            panic!("not sendmail")
        };
        assert_eq!(s.args, ["--", "--now", "a@x"]);
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
    fn subcommands_list_every_subcommand_of_the_definition() {
        use clap::CommandFactory;
        let mut defined: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .chain(["help".to_string()])
            .collect();
        let mut listed: Vec<String> = SUBCOMMANDS.iter().map(|s| s.to_string()).collect();
        defined.sort();
        listed.sort();
        assert_eq!(listed, defined);
    }

    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
