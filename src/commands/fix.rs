use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use mailcheck::check::CheckOptions;
use mailcheck::config::Settings;
use mailcheck::fix::write::mode_of;
use mailcheck::fix::{Staged, Templates, apply_fixes};
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
        let unfixable: BTreeSet<&str> = report
            .findings
            .iter()
            .filter(|f| f.fix.is_none())
            .map(|f| f.rule)
            .collect();
        if !unfixable.is_empty() {
            let count = report.findings.iter().filter(|f| f.fix.is_none()).count();
            let rules = unfixable.into_iter().collect::<Vec<_>>().join(", ");
            let said = mailcheck::msg!("fix-no-automatic", count = count, rules = rules).text(ui);
            eprintln!("mailcheck: {path}: {said}");
        }
        if fixes.is_empty() {
            if report.findings.is_empty() {
                let nothing = mailcheck::i18n::tr(ui, "fix-nothing");
                eprintln!("mailcheck: {path}: {nothing}");
            }
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
        // Where it goes is made ready first: a folder that cannot take it is said before the
        // diff, as nothing was done.
        let (staged, original) = match (&args.output, &input) {
            (Some(out), Input::File(p)) => (Some(Staged::new(out, mode_of(p))?), None),
            (Some(out), Input::Stdin) => (Some(Staged::new(out, None)?), None),
            (None, Input::File(p)) if args.write => (Some(Staged::new(p, None)?), Some(p)),
            (None, Input::Stdin) if args.write => {
                return Err(super::usage(mailcheck::msg!("usage-write-needs-file")));
            }
            _ => (None, None),
        };
        for f in &fixes {
            eprintln!("mailcheck: {path}: {}", f.title.text(ui));
        }
        emit(&diff(&path, &raw, &fixed, color))?;
        if let Some(original) = original.filter(|_| !args.no_backup) {
            let said = backup(original, &raw)?.text(ui);
            eprintln!("mailcheck: {path}: {said}");
        }
        if let Some(staged) = staged {
            staged.commit(&fixed)?;
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Keeps the draft as it was before `fix --write` changed it: `draft.eml.orig`, or, when that
/// is there already (from an earlier fix: the draft as it first was), the first free
/// `draft.eml.orig.1`, `.orig.2`, ... A backup is never overwritten, so no version of the draft
/// is lost. It is as private as the draft (same owner, group and permission bits). Returns what
/// to tell the user.
fn backup(draft: &Path, raw: &[u8]) -> Result<mailcheck::i18n::Msg> {
    let name = |n: u32| {
        let mut b = draft.as_os_str().to_owned();
        b.push(".orig");
        if n > 0 {
            b.push(format!(".{n}"));
        }
        PathBuf::from(b)
    };
    for n in 0..1000 {
        let to = name(n);
        if std::fs::symlink_metadata(&to).is_ok() {
            continue;
        }
        if Staged::new(&to, None)?.like(draft)?.commit_new(raw)? {
            let shown = to.display().to_string();
            return Ok(if n == 0 {
                mailcheck::msg!("fix-backup", path = shown)
            } else {
                mailcheck::msg!(
                    "fix-backup-numbered",
                    path = shown,
                    first = name(0).display().to_string()
                )
            });
        }
    }
    anyhow::bail!(
        "{}: 1000 backups already (.orig to .orig.999): remove some, or use --no-backup",
        draft.display()
    )
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
