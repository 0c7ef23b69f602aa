//! `mailcheck report MAILBOX...`: what clients ask about, per week or month (see
//! `mailcheck::desk::report`).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use mailcheck::config::Settings;
use mailcheck::desk::mailstore::load;
use mailcheck::desk::report::{self, Analyzer, Options, Per, Thresholds};
use mailcheck::fix::atomic_write;

use crate::cli::{ReportArgs, ReportFormat, ReportPeriod};

/// Exit code 0 with a report (also an empty one); 2 on a mailbox that cannot be read or bad
/// arguments.
pub fn run(config: Option<&Path>, args: ReportArgs) -> Result<ExitCode> {
    if let (Some(f), Some(t)) = (args.from, args.to)
        && f > t
    {
        return Err(super::usage(mailcheck::msg!(
            "usage-from-after-to",
            from = f.to_string(),
            to = t.to_string()
        )));
    }
    let settings = Settings::discover(config)?;
    let ui = mailcheck::i18n::resolve_from_env(settings.ui_language);
    let desk = settings.desk()?;
    let mailboxes = super::desk_mailboxes("report", &args.mailboxes, &settings)?;
    let analyzer = Analyzer::new(&settings.env.lexicon);
    let thresholds = Thresholds::from_lexicon(&settings.env.lexicon);
    let progress = !args.quiet && std::io::stderr().is_terminal();
    let loaded = load(&mailboxes, &desk, &settings.env, progress, |d| {
        analyzer.analyze(&settings.env.lexicon, d)
    })?;
    if !args.quiet {
        super::desk_notes(&loaded, ui);
    }
    let options = Options {
        from: args.from,
        to: args.to,
        per: match args.per {
            ReportPeriod::Week => Per::Week,
            ReportPeriod::Month => Per::Month,
        },
    };
    let rep = report::build(&loaded, &desk, &analyzer, &thresholds, &options);
    let text = match args.format {
        ReportFormat::Text => report::text::render(&rep, desk.reply_within_days, ui),
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&rep)?;
            s.push('\n');
            s
        }
        ReportFormat::Html => report::html::render(&rep, desk.reply_within_days, ui),
    };
    match &args.output {
        // The error names the file (and a folder that cannot take it) itself.
        Some(path) => atomic_write(path, text.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
