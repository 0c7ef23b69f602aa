//! `mailcheck report`: not built yet.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::ReportArgs;

pub fn run(_config: Option<&Path>, _args: ReportArgs) -> Result<ExitCode> {
    bail!("`mailcheck report` is not built yet")
}
