//! `mailcheck hook install git|neomutt` and `mailcheck hook sendemail-validate PATCH [HEADERS]`
//! (what the installed git hook runs).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use mailcheck::check::CheckOptions;
use mailcheck::config::Settings;
use mailcheck::finding::Severity;
use mailcheck::hooks::{self, Installed};
use mailcheck::render::{self, FileFindings};

use super::emit;
use super::outbox::clock_now;
use crate::cli::{HookCommand, HookInstallArgs, HookTarget};

pub fn run(config: Option<&Path>, command: HookCommand) -> Result<ExitCode> {
    match command {
        HookCommand::Install(args) => install(config, args),
        HookCommand::SendemailValidate { patch, headers } => {
            validate(config, &patch, headers.as_deref())
        }
    }
}

fn this_exe() -> Result<PathBuf> {
    std::env::current_exe().context("cannot find the mailcheck executable's path")
}

fn install(config: Option<&Path>, args: HookInstallArgs) -> Result<ExitCode> {
    let exe = this_exe()?;
    // The interface language; a config that cannot be read yet still lets a hook be installed.
    let configured = Settings::discover(config).ok().and_then(|s| s.ui_language);
    let ui = mailcheck::i18n::resolve_from_env(configured);
    let path = |p: &Path| p.display().to_string();
    match args.target {
        HookTarget::Git => {
            let repo = match &args.repo {
                Some(r) => r.clone(),
                None => std::env::current_dir().context("no current directory")?,
            };
            let dir = hooks::git_hooks_dir(&repo)?;
            let said = match hooks::install_git_hook(&dir, &exe, args.chain)? {
                Installed::New(p) => mailcheck::msg!("hook-installed", path = path(&p)),
                Installed::Updated(p) => mailcheck::msg!("hook-updated", path = path(&p)),
                Installed::BackedUp { hook, backup } => {
                    mailcheck::msg!("hook-backed-up", path = path(&hook), backup = path(&backup))
                }
                Installed::Chained { hook, previous } => mailcheck::msg!(
                    "hook-chained",
                    path = path(&hook),
                    previous = path(&previous)
                ),
            };
            emit(&format!(
                "{}\n{}\n",
                said.text(ui),
                mailcheck::i18n::tr(ui, "hook-git-checks")
            ))?;
        }
        HookTarget::Neomutt => {
            let snippet = hooks::neomutt_snippet(&exe)?;
            match &args.write {
                None => emit(&snippet)?,
                Some(Some(p)) if p.as_os_str() == "-" => emit(&snippet)?,
                Some(p) => {
                    let rc = match p {
                        Some(p) => p.clone(),
                        None => default_neomuttrc()?,
                    };
                    if hooks::append_neomutt_snippet(&rc, &snippet)? {
                        let added = mailcheck::msg!("hook-neomutt-added", path = path(&rc));
                        emit(&format!("{}\n{snippet}", added.text(ui)))?;
                    } else {
                        let already = mailcheck::msg!("hook-neomutt-already", path = path(&rc));
                        emit(&format!("{}\n", already.text(ui)))?;
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `$XDG_CONFIG_HOME/neomutt/neomuttrc` (`~/.config/neomutt/neomuttrc`), or `~/.neomuttrc` when
/// that is the one in use.
fn default_neomuttrc() -> Result<PathBuf> {
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().context("no home directory")?;
    let xdg = base.config_dir().join("neomutt").join("neomuttrc");
    let home = base.home_dir().join(".neomuttrc");
    Ok(if !xdg.exists() && home.exists() {
        home
    } else {
        xdg
    })
}

/// Checks the message git send-email is about to send. Findings go to stderr (git shows them);
/// exit 1 when there is an error finding, which aborts the whole send.
fn validate(config: Option<&Path>, patch: &Path, headers: Option<&Path>) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
    let ui = mailcheck::i18n::resolve_from_env(settings.ui_language);
    let checker = settings.into_checker(&CheckOptions {
        at: Some(clock_now()?),
        ..CheckOptions::default()
    })?;
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("{}: cannot read", p.display()));
    let patch_bytes = read(patch)?;
    let header_bytes = match headers {
        Some(h) => Some(read(h)?),
        None => None,
    };
    let message = hooks::compose_sendemail(&patch_bytes, header_bytes.as_deref());
    let shown = patch.display().to_string();
    let report = checker.check_bytes(&shown, &message)?;
    let mut err = anstream::stderr().lock();
    let label = mailcheck::i18n::tr(ui, "level-note");
    for note in &report.draft.notes {
        writeln!(err, "mailcheck: {label}: {shown}: {}", note.text(ui))?;
    }
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if !report.findings.is_empty() {
        let files = [FileFindings {
            path: &report.draft.path,
            draft: &report.draft,
            findings: &report.findings,
            ui,
        }];
        err.write_all(render::render_human(&files).as_bytes())?;
    }
    if errors > 0 {
        let mut rules: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.rule)
            .collect();
        rules.dedup();
        // `--no-validate` skips this hook only: with `sendemail.sendmailCmd` set to mailcheck's
        // shim the message is checked again there, and only the header lets it through both.
        let refused = mailcheck::msg!(
            "hook-refused",
            path = shown.as_str(),
            count = errors,
            rules = rules.join(", ")
        );
        writeln!(err, "mailcheck: {}", refused.text(ui))?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
