use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use chrono::Utc;
use mailcheck::check::{CheckOptions, Checker, Report};
use mailcheck::config::Settings;
use mailcheck::finding::Severity;
use mailcheck::inputs;
use mailcheck::render::{self, FileFindings};

use super::emit;
use crate::cli::{AtArg, CheckArgs, Deny, Format};

pub fn run(config: Option<&Path>, args: CheckArgs) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
    let opts = CheckOptions {
        at: match args.at {
            Some(AtArg::Time(t)) => Some(t.with_timezone(&Utc)),
            _ => None,
        },
        lang: args.lang,
        select: args.select,
        ignore: args.ignore,
    };
    let checker = Checker::new(settings, &opts)?.with_header_time(args.at == Some(AtArg::Header));

    let mut reports: Vec<Report> = Vec::new();
    let mut failed = false;
    for input in inputs::expand(&args.paths) {
        let result = input.and_then(|i| {
            let raw = i.read()?;
            checker.check_bytes(&i.display(), &raw)
        });
        match result {
            Ok(r) => {
                for note in &r.draft.notes {
                    eprintln!("mailcheck: note: {}: {note}", r.draft.path);
                }
                reports.push(r);
            }
            Err(e) => {
                failed = true;
                eprintln!("mailcheck: error: {e}");
            }
        }
    }

    let files: Vec<FileFindings<'_>> = reports
        .iter()
        .map(|r| FileFindings {
            path: &r.draft.path,
            draft: &r.draft,
            findings: &r.findings,
        })
        .collect();
    let count = |s: Severity| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let (errors, warnings, hints) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Hint),
    );
    let text = match args.format {
        Format::Human => {
            let mut t = render::render_human(&files);
            if !reports.is_empty() {
                t.push_str(&render::summary_line(
                    reports.len(),
                    errors,
                    warnings,
                    hints,
                ));
                t.push('\n');
            }
            t
        }
        Format::Short => render::render_short(&files),
        Format::Json => render::render_json(&files),
        Format::Sarif => render::render_sarif(&files),
    };
    emit(&text)?;

    let deny_warnings = args.deny.contains(&Deny::Warnings);
    Ok(if failed {
        ExitCode::from(2)
    } else if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
