//! One function per subcommand. Errors here are `anyhow` (the CLI edge); the library's own
//! errors already name the file or key.

mod check;
mod due;
mod explain;
mod fix;
mod generate;
mod hook;
mod inspect;
mod new;
mod outbox;
mod report;
mod rules;
mod send;
mod sendmail;
mod serve;
mod split;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, ColorWhen, Command};

pub fn run(cli: Cli) -> Result<ExitCode> {
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    match cli.command {
        Command::Check(args) => check::run(cli.config.as_deref(), args),
        Command::Rules(args) => rules::run(cli.config.as_deref(), args),
        Command::Explain { rule, lang } => explain::run(cli.config.as_deref(), &rule, lang),
        Command::Inspect(args) => inspect::run(cli.config.as_deref(), args),
        Command::Fix(args) => fix::run(cli.config.as_deref(), args),
        Command::Split(args) => split::run(cli.config.as_deref(), args),
        Command::New(args) => new::run(cli.config.as_deref(), args),
        Command::Send(args) => send::run(cli.config.as_deref(), args),
        Command::Outbox { command } => outbox::run(cli.config.as_deref(), command),
        Command::Sendmail(args) => sendmail::run(cli.config.as_deref(), args),
        Command::Serve(args) => serve::run(cli.config.as_deref(), args),
        Command::Hook { command } => hook::run(cli.config.as_deref(), command),
        Command::Due(args) => due::run(cli.config.as_deref(), args),
        Command::Report(args) => report::run(cli.config.as_deref(), args),
        Command::Generate { kind, dir } => generate::run(kind, dir.as_deref()),
    }
}

/// Writes to standard output (colour stripped when it is not a terminal).
pub fn emit(text: &str) -> std::io::Result<()> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// A usage error of mailcheck's own (a wrong combination of arguments), said in the interface
/// language when printed; clap's own errors (unknown option, missing value) stay English, as
/// `--help` does. `Display` is the English.
#[derive(Debug)]
pub struct Usage(pub mailcheck::i18n::Msg);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en())
    }
}

impl std::error::Error for Usage {}

/// `Err(usage(msg!(...)))`: a [`Usage`] error.
pub fn usage(m: mailcheck::i18n::Msg) -> anyhow::Error {
    anyhow::Error::new(Usage(m))
}

/// The line `main` prints for an error: "mailcheck: error: ..." with the word "error" and the
/// message in the interface language (found again here: the run that failed may not have got as
/// far as reading the config).
pub fn error_line(e: &anyhow::Error, config: Option<&std::path::Path>) -> String {
    let configured = mailcheck::config::Settings::discover(config)
        .ok()
        .and_then(|s| s.ui_language);
    let ui = mailcheck::i18n::resolve_from_env(configured);
    format!(
        "mailcheck: {}: {}",
        mailcheck::i18n::tr(ui, "level-error"),
        error_text_in(e, ui)
    )
}

/// An error as the user reads it: mailcheck's own errors in `ui` (the details from the system or
/// a parser inside them as they came), anything else as anyhow writes it.
fn error_text_in(e: &anyhow::Error, ui: mailcheck::lang::Lang) -> String {
    use mailcheck::desk::DeskError;
    use mailcheck::error::{ConfigError, DraftError};
    if let Some(u) = e.downcast_ref::<Usage>() {
        return u.0.text(ui);
    }
    if ui != mailcheck::lang::Lang::En {
        if let Some(c) = e.downcast_ref::<ConfigError>() {
            return c.localized(ui);
        }
        if let Some(d) = e.downcast_ref::<DraftError>() {
            return d.localized(ui);
        }
        if let Some(d) = e.downcast_ref::<DeskError>() {
            return d.localized(ui);
        }
        if let Some(o) = e.downcast_ref::<mailcheck::outbox::OutboxError>() {
            return o.localized(ui);
        }
        if let Some(i) = e.downcast_ref::<mailcheck::imap::ImapError>() {
            return i.localized(ui);
        }
        if let Some(s) = e.downcast_ref::<mailcheck::serve::ServeError>() {
            return s.localized(ui);
        }
        if let Some(f) = e.downcast_ref::<mailcheck::fix::FixError>() {
            return f.localized(ui);
        }
        if let Some(h) = e.downcast_ref::<mailcheck::hooks::HookError>() {
            return h.localized(ui);
        }
    }
    chain_text(e)
}

/// An error and its causes, "a: b: c", each cause once: most of the library's errors write
/// their cause themselves (`{path}: cannot read: {source}`) and also give it as their
/// `source()`, which anyhow's `{:#}` would write again ("...(os error 2): ...(os error 2)").
fn chain_text(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
    }
    text
}

pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The mailboxes `due` and `report` read: those named, else the config's `[mailbox] path`.
pub fn desk_mailboxes(
    command: &str,
    given: &[std::path::PathBuf],
    settings: &mailcheck::config::Settings,
) -> Result<Vec<std::path::PathBuf>> {
    if !given.is_empty() {
        return Ok(given.to_vec());
    }
    match &settings.mailbox {
        Some(p) => Ok(vec![p.clone()]),
        None => Err(match settings.source.as_deref() {
            Some(p) => usage(mailcheck::msg!(
                "usage-no-mailbox",
                command = command,
                config = p.display().to_string()
            )),
            None => usage(mailcheck::msg!(
                "usage-no-mailbox-no-config",
                command = command
            )),
        }),
    }
}

/// The notes on what `due` and `report` read, on stderr: the messages that could not be read
/// (three, then how many more), and a mailbox where no message is yours (no sent folder, no
/// `[desk] me` address): every thread then reads as unanswered.
pub fn desk_notes<X>(loaded: &mailcheck::desk::mailstore::Loaded<X>, ui: mailcheck::lang::Lang) {
    use mailcheck::desk::mailstore::Direction;
    let label = mailcheck::i18n::tr(ui, "level-note");
    for s in loaded.skipped.iter().take(3) {
        let not_read = mailcheck::msg!("note-not-read", what = s).text(ui);
        eprintln!("mailcheck: {label}: {not_read}");
    }
    if loaded.skipped.len() > 3 {
        let more = mailcheck::msg!("note-more-not-read", count = loaded.skipped.len() - 3);
        eprintln!("mailcheck: {label}: {}", more.text(ui));
    }
    let none_yours = !loaded.records.is_empty()
        && loaded
            .records
            .iter()
            .all(|r| r.direction == Direction::Incoming);
    if none_yours {
        let note = mailcheck::msg!("note-desk-none-yours", count = loaded.records.len());
        eprintln!("mailcheck: {label}: {}", note.text(ui));
    }
}

/// What `inspect` and `split` start with: the settings found (or named), the checker they make
/// for `opts`, and the one draft `path` names read (at most `[limits] max_message_bytes` + 1
/// bytes) and parsed.
pub fn read_draft(
    config: Option<&std::path::Path>,
    opts: &mailcheck::check::CheckOptions,
    path: &std::path::Path,
    command: &str,
) -> Result<(
    mailcheck::check::Checker,
    mailcheck::inputs::Input,
    mailcheck::draft::Draft,
)> {
    let checker = mailcheck::config::Settings::discover(config)?.into_checker(opts)?;
    let input = mailcheck::inputs::Input::one(path, command)?;
    let raw = read_input(&checker, &input)?;
    let draft = checker.parse(&input.display(), &raw)?;
    Ok((checker, input, draft))
}

/// One input's bytes, at most the checker's `[limits] max_message_bytes` + 1 (a larger draft is
/// refused by the check, without being held whole).
pub fn read_input(
    checker: &mailcheck::check::Checker,
    input: &mailcheck::inputs::Input,
) -> Result<Vec<u8>> {
    Ok(input.read_max(checker.limits().max_message_bytes)?)
}
