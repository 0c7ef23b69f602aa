//! What the user named on the command line, expanded into drafts to read: files as given, `-`
//! for standard input, directories walked for `*.eml` (sorted, so output is stable).

use std::io::Read;
use std::path::PathBuf;

use crate::error::DraftError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in output: the path as given, `-` for standard input.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// The one draft a command takes: `-` is standard input; a directory is an error naming
    /// the command (`inspect takes one draft`).
    pub fn one(path: &std::path::Path, command: &str) -> Result<Input, DraftError> {
        if path.as_os_str() == "-" {
            return Ok(Input::Stdin);
        }
        if path.is_dir() {
            return Err(DraftError::NotEmail {
                path: path.display().to_string(),
                why: crate::msg!("not-email-directory", command = command),
            });
        }
        Ok(Input::File(path.to_path_buf()))
    }

    /// Reads at most `max + 1` bytes: enough for the parser to tell the input is over the
    /// `max_message_bytes` limit without holding all of a huge file in memory. Every command
    /// that reads a draft reads it so (there is no unbounded read), so `check`, `fix`,
    /// `split`, `send` and `sendmail` refuse the same input with the same error.
    pub fn read_max(&self, max: u64) -> Result<Vec<u8>, DraftError> {
        let path = self.display();
        let io = |source| DraftError::Io {
            path: path.clone(),
            source,
        };
        let mut buf = Vec::new();
        let limit = max.saturating_add(1);
        match self {
            Input::Stdin => std::io::stdin()
                .lock()
                .take(limit)
                .read_to_end(&mut buf)
                .map_err(io)?,
            Input::File(p) => std::fs::File::open(p)
                .map_err(io)?
                .take(limit)
                .read_to_end(&mut buf)
                .map_err(io)?,
        };
        Ok(buf)
    }
}

/// Expands the arguments. A directory that cannot be walked, or a walk error, comes back as an
/// error for that path; the other inputs still run.
pub fn expand(args: &[PathBuf]) -> Vec<Result<Input, DraftError>> {
    let mut out = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
        } else if arg.is_dir() {
            let mut files = Vec::new();
            for entry in walkdir::WalkDir::new(arg).follow_links(true) {
                match entry {
                    Ok(e) => {
                        let p = e.path();
                        if e.file_type().is_file()
                            && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("eml"))
                        {
                            files.push(p.to_path_buf());
                        }
                    }
                    Err(e) => out.push(Err(DraftError::Io {
                        path: e
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| arg.display().to_string()),
                        source: e
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("cannot walk the directory")),
                    })),
                }
            }
            files.sort();
            out.extend(files.into_iter().map(|p| Ok(Input::File(p))));
        } else {
            out.push(Ok(Input::File(arg.clone())));
        }
    }
    out
}
