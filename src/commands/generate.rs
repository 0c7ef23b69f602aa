//! `mailcheck generate`: the man pages and shell completions, both from the clap definition in
//! `cli.rs`, so they never drift from the real options.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::CommandFactory;
use clap_complete::Shell;
use mailcheck::fix::atomic_write;

use crate::cli::{Cli, GenerateKind};

pub fn run(kind: GenerateKind, dir: Option<&Path>) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    let shell = match kind {
        GenerateKind::Man => return man(cmd, dir),
        GenerateKind::Bash => Shell::Bash,
        GenerateKind::Zsh => Shell::Zsh,
        GenerateKind::Fish => Shell::Fish,
        GenerateKind::Elvish => Shell::Elvish,
        GenerateKind::Powershell => Shell::PowerShell,
    };
    if dir.is_some() {
        return Err(super::usage(mailcheck::msg!("usage-dir-is-for-man")));
    }
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "mailcheck", &mut out);
    print(&out)
}

/// `mailcheck.1` on standard output, or every page (one per subcommand, as the top page
/// refers to them) written atomically into `dir`.
fn man(cmd: clap::Command, dir: Option<&Path>) -> Result<ExitCode> {
    let Some(dir) = dir else {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut out)?;
        return print(&out);
    };
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut pages = vec![cmd.clone()];
    let mut i = 0;
    while i < pages.len() {
        let subs: Vec<clap::Command> = pages[i]
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .cloned()
            .collect();
        pages.extend(subs);
        i += 1;
    }
    for page in pages {
        let man = clap_mangen::Man::new(page);
        let mut out = Vec::new();
        man.render(&mut out)?;
        let path = dir.join(man.get_filename());
        atomic_write(&path, &out)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print(bytes: &[u8]) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
