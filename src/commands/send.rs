//! `mailcheck send draft.eml [--at WHEN] [--force]`: check the draft, then queue it in the
//! outbox for the right time.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use mailcheck::check::CheckOptions;
use mailcheck::config::Settings;
use mailcheck::inputs::{Input, expand};
use mailcheck::outbox::{Queue, submit};
use mailcheck::render::{self, FileFindings};
use mailcheck::when::parse_send_time;

use super::emit;
use super::outbox::clock_now;
use crate::cli::SendArgs;

pub fn run(config: Option<&Path>, args: SendArgs) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
    // A config others can read or write is refused now, before the draft is queued.
    settings.check_password_config()?;
    let outbox_settings = settings.outbox()?;
    let ui = mailcheck::i18n::resolve_from_env(settings.ui_language);
    let now = clock_now()?;
    let at = match &args.at {
        Some(s) => parse_send_time(s, now, settings.env.sender.tz)?,
        None => now,
    };
    let checker = settings.into_checker(&CheckOptions {
        at: Some(at),
        lang: args.lang,
        ..CheckOptions::default()
    })?;
    let input: Input = expand(std::slice::from_ref(&args.path))
        .into_iter()
        .next()
        .unwrap_or_else(|| Ok(Input::File(args.path.clone())))?;
    if let Input::File(p) = &input
        && p.is_dir()
    {
        return Err(super::usage(mailcheck::msg!(
            "usage-send-directory",
            path = p.display().to_string()
        )));
    }
    let raw = super::read_input(&checker, &input)?;
    let report = checker.check_bytes(&input.display(), &raw)?;
    let label = mailcheck::i18n::tr(ui, "level-note");
    for note in &report.draft.notes {
        eprintln!(
            "mailcheck: {label}: {}: {}",
            report.draft.path,
            note.text(ui)
        );
    }

    // Errors refuse the draft, except an angry tone, which holds it for a cool-down.
    let blocking = report.blocking();
    if !report.findings.is_empty() {
        let files = [FileFindings {
            path: &report.draft.path,
            draft: &report.draft,
            findings: &report.findings,
            ui,
        }];
        emit(&render::render_human(&files))?;
    }
    if blocking > 0 && !args.force {
        let not_queued = mailcheck::msg!("send-not-queued", count = blocking).text(ui);
        emit(&format!("mailcheck: {not_queued}\n"))?;
        return Ok(ExitCode::from(1));
    }

    let store = Queue::open(&outbox_settings)?;
    let submission = submit::Submission {
        report: &report,
        raw: &raw,
        envelope: &submit::Envelope::default(),
    };
    let again = submit::duplicates(&store, submission)?;
    if !again.is_empty() {
        let list: Vec<String> = again
            .iter()
            .map(|m| {
                format!(
                    "{} ({}, {})",
                    m.id,
                    m.state,
                    m.due.format("%Y-%m-%dT%H:%M:%SZ")
                )
            })
            .collect();
        let text = mailcheck::msg!(
            "send-duplicate",
            path = report.draft.path.as_str(),
            entries = list.join(", ")
        )
        .text(ui);
        if !args.force {
            let not_again = mailcheck::i18n::tr(ui, "send-duplicate-not-queued");
            emit(&format!("{text}\n{not_again}\n"))?;
            return Ok(ExitCode::from(1));
        }
        eprintln!("{text}{}", mailcheck::i18n::tr(ui, "send-duplicate-forced"));
    }
    let meta = submit::queue(&store, checker.env(), &outbox_settings, submission, at, now)
        .with_context(|| report.draft.path.clone())?;
    let text = submit::queued_text_in(&meta, checker.env(), ui);
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}
