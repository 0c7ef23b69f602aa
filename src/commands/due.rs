//! `mailcheck due`: not built yet.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::DueArgs;

pub fn run(_config: Option<&Path>, _args: DueArgs) -> Result<ExitCode> {
    bail!("`mailcheck due` is not built yet")
}
