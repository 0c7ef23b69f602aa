use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use mailcheck::check::CheckOptions;
use mailcheck::config::Settings;
use mailcheck::fix::{Templates, apply_fixes, atomic_write};
use mailcheck::inputs::{self, Input};
use mailcheck::when::parse_when;

use super::emit;
use crate::cli::FixArgs;

pub fn run(config: Option<&Path>, args: FixArgs) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
    let ui = mailcheck::i18n::resolve_from_env(settings.ui_language);
    let at = match &args.at {
        Some(t) => Some(parse_when(
            t,
            super::outbox::clock_now()?,
            settings.env.sender.tz,
        )?),
        None => None,
    };
    let templates = Templates::new(settings.templates.clone());
    let checker = settings.into_checker(&CheckOptions {
        at,
        lang: args.lang,
        ..CheckOptions::default()
    })?;
    let inputs: Vec<Input> = inputs::expand(&args.paths)
        .into_iter()
        .collect::<Result<_, _>>()?;
    if args.output.is_some() && inputs.len() != 1 {
        return Err(super::usage(mailcheck::msg!(
            "usage-output-one-draft",
            count = inputs.len()
        )));
    }
    // Always coloured: `emit` strips the colour when stdout is not a terminal (or NO_COLOR).
    let color = true;
    let mut failed = false;
    for input in inputs {
        let path = input.display();
        let raw = super::read_input(&checker, &input)?;
        let report = checker.check_bytes(&path, &raw)?;
        let fixes: Vec<_> = report
            .findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .collect();
        if fixes.is_empty() {
            let nothing = mailcheck::i18n::tr(ui, "fix-nothing");
            eprintln!("mailcheck: {path}: {nothing}");
            continue;
        }
        let fixed = match apply_fixes(&raw, &report.draft, &fixes, &templates) {
            Ok(b) => b,
            Err(e) => {
                let label = mailcheck::i18n::tr(ui, "level-error");
                eprintln!("mailcheck: {label}: {path}: {}", e.localized(ui));
                failed = true;
                continue;
            }
        };
        for f in &fixes {
            eprintln!("mailcheck: {path}: {}", f.title.text(ui));
        }
        emit(&diff(&path, &raw, &fixed, color))?;
        match (&args.output, &input) {
            (Some(out), _) => atomic_write(out, &fixed)?,
            (None, Input::File(p)) if args.write => {
                if !args.no_backup {
                    let mut backup = p.as_os_str().to_owned();
                    backup.push(".orig");
                    atomic_write(&PathBuf::from(backup), &raw)?;
                }
                atomic_write(p, &fixed)?;
            }
            (None, Input::Stdin) if args.write => {
                return Err(super::usage(mailcheck::msg!("usage-write-needs-file")));
            }
            _ => {}
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// A unified diff of the draft, with ANSI colours when `color`.
fn diff(path: &str, old: &[u8], new: &[u8], color: bool) -> String {
    let (old, new) = (
        String::from_utf8_lossy(old).replace("\r\n", "\n"),
        String::from_utf8_lossy(new).replace("\r\n", "\n"),
    );
    let text = similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    if !color {
        return text;
    }
    text.lines()
        .map(|l| {
            let code = if l.starts_with("+++") || l.starts_with("---") {
                "1"
            } else if l.starts_with('+') {
                "32"
            } else if l.starts_with('-') {
                "31"
            } else if l.starts_with("@@") {
                "36"
            } else {
                return format!("{l}\n");
            };
            format!("\x1b[{code}m{l}\x1b[0m\n")
        })
        .collect()
}
