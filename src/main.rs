//! The `mailcheck` binary: parse the command line, call the library, map the outcome to an exit
//! code (0 clean, 1 findings, 2 input/usage/config error). A closed pipe ends quietly.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::with_default_subcommand(std::env::args_os().collect());
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let config = cli.config.clone();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) if commands::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", commands::error_line(&e, config.as_deref()));
            ExitCode::from(2)
        }
    }
}
