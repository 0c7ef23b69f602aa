use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use mailcheck::check::{CheckOptions, Checker, Report};
use mailcheck::config::Settings;
use mailcheck::error::DraftError;
use mailcheck::finding::Severity;
use mailcheck::inputs::{self, Input};
use mailcheck::lang::Lang;
use mailcheck::render::{self, FileFindings};
use rayon::prelude::*;

use super::emit;
use mailcheck::when::parse_when;

use crate::cli::{AtArg, CheckArgs, Deny, Format};

/// Files checked in parallel per batch; output is written batch by batch, in input order, so
/// memory stays flat however many files there are.
const BATCH: usize = 256;

/// From this many files on, matchers are built for search speed rather than build speed (see
/// `lexicon::Build`): measured on the bench corpus, the slower build pays off from about 500
/// drafts (200: 10% slower; 1,000: 4% faster).
const MANY_DRAFTS: usize = 500;

pub fn run(config: Option<&Path>, args: CheckArgs) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
    let ui = mailcheck::i18n::resolve_from_env(settings.ui_language);
    let at = match &args.at {
        Some(AtArg::Time(t)) => Some(parse_when(
            t,
            super::outbox::clock_now()?,
            settings.env.sender.tz,
        )?),
        _ => None,
    };
    let opts = CheckOptions {
        at,
        lang: args.lang,
        select: args.select,
        ignore: args.ignore,
    };
    let imap = settings.imap();
    let checker = settings
        .into_checker(&opts)?
        .with_header_time(args.at == Some(AtArg::Header));

    // `imaps://user@host/Drafts`: the drafts a mail client saved on the server.
    let (urls, paths): (Vec<_>, Vec<_>) = args
        .paths
        .iter()
        .cloned()
        .partition(|p| p.to_str().is_some_and(mailcheck::imap::is_imap_url));
    let inputs = inputs::expand(&paths);
    if inputs.len() > MANY_DRAFTS {
        checker.env().lexicon.expect_many_drafts();
    }
    let mut out = Output::new(args.format, ui);
    let failure = |e: &DraftError| (e.path().to_string(), e.localized(ui));
    let check = |input: &Result<Input, DraftError>| match input {
        Ok(i) => check_one(&checker, i).map_err(|e| failure(&e)),
        Err(e) => Err(failure(e)),
    };
    for batch in inputs.chunks(BATCH) {
        // One draft (the pre-send check) needs no thread pool: starting one costs more than
        // the check.
        let results: Vec<Result<Report, (String, String)>> = if batch.len() == 1 {
            batch.iter().map(check).collect()
        } else {
            batch.par_iter().map(check).collect()
        };
        for result in results {
            match result {
                Ok(r) => out.report(&r)?,
                Err((path, e)) => out.error_in(Some(&path), &e),
            }
        }
    }
    for url in &urls {
        if let Err(e) = check_imap(&checker, &imap, &url.to_string_lossy(), &mut out) {
            out.error(&e.to_string());
        }
    }
    out.finish()?;

    let deny_warnings = args.deny.contains(&Deny::Warnings);
    Ok(if out.failed {
        ExitCode::from(2)
    } else if out.errors > 0 || (deny_warnings && out.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Checks every draft of an IMAP folder (an account-only URL: its `\Drafts` folder), each named
/// `imaps://user@host/Drafts;UID=N (Subject)`.
fn check_imap(
    checker: &Checker,
    imap: &mailcheck::imap::ImapSettings,
    url: &str,
    out: &mut Output,
) -> Result<(), mailcheck::imap::ImapError> {
    use mailcheck::imap::{ImapUrl, Want, open_folders, read_folder};
    let url = ImapUrl::parse(url)?;
    let folders = open_folders(imap, &[url], Want::Drafts, true)?;
    let parser = mail_parser::MessageParser::new();
    let ui = out.ui;
    let mut results = Vec::new();
    for folder in &folders {
        read_folder(folder, &mut |m| {
            let subject = parser
                .parse_headers(&m.bytes[..])
                .and_then(|h| h.subject().map(str::to_string))
                .unwrap_or_default();
            let name = format!("{} ({subject})", m.source(&folder.url));
            results.push(
                checker
                    .check_bytes(&name, &m.bytes)
                    .map_err(|e| (name.clone(), e.localized(ui))),
            );
        })?;
    }
    for r in results {
        match r {
            Ok(r) => {
                if let Err(e) = out.report(&r) {
                    out.error(&e.to_string());
                }
            }
            Err((name, e)) => out.error_in(Some(&name), &e),
        }
    }
    Ok(())
}

fn check_one(checker: &Checker, input: &Input) -> Result<Report, DraftError> {
    let raw = input.read_max(checker.limits().max_message_bytes)?;
    checker.check_bytes(&input.display(), &raw)
}

/// Writes findings as reports come in, and counts them.
struct Output {
    format: Format,
    ui: Lang,
    files: usize,
    errors: usize,
    warnings: usize,
    hints: usize,
    failed: bool,
    json_items: usize,
    sarif: Vec<serde_json::Value>,
    /// What could not be checked, for SARIF's `toolExecutionNotifications`.
    notifications: Vec<serde_json::Value>,
}

impl Output {
    fn new(format: Format, ui: Lang) -> Self {
        Output {
            format,
            ui,
            files: 0,
            errors: 0,
            warnings: 0,
            hints: 0,
            failed: false,
            json_items: 0,
            sarif: Vec::new(),
            notifications: Vec::new(),
        }
    }

    fn error(&mut self, message: &str) {
        self.error_in(None, message);
    }

    /// An input that could not be checked: said on stderr, and in SARIF as a notification (a
    /// log with no results must not read as a clean run).
    fn error_in(&mut self, path: Option<&str>, message: &str) {
        self.failed = true;
        if self.format == Format::Sarif {
            self.notifications
                .push(render::sarif_notification(path, message));
        }
        eprintln!(
            "mailcheck: {}: {message}",
            mailcheck::i18n::tr(self.ui, "level-error")
        );
    }

    fn report(&mut self, r: &Report) -> std::io::Result<()> {
        let label = mailcheck::i18n::tr(self.ui, "level-note");
        for note in &r.draft.notes {
            eprintln!(
                "mailcheck: {label}: {}: {}",
                r.draft.path,
                note.text(self.ui)
            );
        }
        self.files += 1;
        for f in &r.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Hint => self.hints += 1,
            }
        }
        let file = [FileFindings {
            path: &r.draft.path,
            draft: &r.draft,
            findings: &r.findings,
            ui: self.ui,
        }];
        match self.format {
            Format::Human => emit(&render::render_human(&file)),
            Format::Short => emit(&render::render_short(&file)),
            Format::Json => {
                let mut text = String::new();
                for line in render::json_lines(&file) {
                    text.push_str(if self.json_items == 0 {
                        "[\n  "
                    } else {
                        ",\n  "
                    });
                    text.push_str(&line);
                    self.json_items += 1;
                }
                emit(&text)
            }
            Format::Sarif => {
                self.sarif.extend(render::sarif_results(&file));
                Ok(())
            }
        }
    }

    fn finish(&mut self) -> std::io::Result<()> {
        match self.format {
            Format::Human if self.files > 0 => emit(&format!(
                "{}\n",
                render::summary_line(self.ui, self.files, self.errors, self.warnings, self.hints)
            )),
            Format::Json if self.json_items == 0 => emit("[]\n"),
            Format::Json => emit("\n]\n"),
            Format::Sarif => emit(&render::sarif_document(
                std::mem::take(&mut self.sarif),
                std::mem::take(&mut self.notifications),
            )),
            _ => Ok(()),
        }
    }
}
