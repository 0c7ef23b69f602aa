//! What the user named on the command line, expanded into drafts to read: files as given, `-`
//! for standard input, directories walked for `*.eml` and Maildir messages (sorted, so output is
//! stable); a directory with neither is an error.

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
                            && (p.extension().is_some_and(|x| x.eq_ignore_ascii_case("eml"))
                                || in_maildir(p))
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
            let walked = out.len();
            if files.is_empty() && out[..walked].iter().all(Result::is_ok) {
                // A folder with nothing to check would pass a hook in silence.
                out.push(Err(DraftError::NotEmail {
                    path: arg.display().to_string(),
                    why: crate::msg!("not-email-no-drafts"),
                }));
            }
            out.extend(files.into_iter().map(|p| Ok(Input::File(p))));
        } else {
            out.push(Ok(Input::File(arg.clone())));
        }
    }
    out
}

/// A message in a Maildir: a file not starting with "." in a `cur` or `new` folder that has
/// `cur`, `new` and `tmp` beside it (Maildir file names, "1733..:2,S", have no extension).
fn in_maildir(p: &std::path::Path) -> bool {
    let hidden = p
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    let Some(folder) = p.parent() else {
        return false;
    };
    let named = folder.file_name().is_some_and(|n| n == "cur" || n == "new");
    !hidden
        && named
        && folder
            .parent()
            .is_some_and(|md| ["cur", "new", "tmp"].iter().all(|d| md.join(d).is_dir()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_gives_its_eml_files_and_its_maildir_messages() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("Drafts");
        for d in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(md.join(d)).unwrap();
        }
        let files = [
            md.join("cur/1733300000.M1P2.host:2,S"),
            md.join("new/1733300001.M2P2.host"),
            dir.path().join("a.eml"),
        ];
        for f in &files {
            std::fs::write(f, "From: a@example.com\n\nHi\n").unwrap();
        }
        // Not messages: a dot file, a Maildir's tmp, a file beside the Maildir's folders.
        std::fs::write(md.join("cur/.keep"), "").unwrap();
        std::fs::write(md.join("tmp/1733300002.M3P2.host"), "x").unwrap();
        std::fs::write(md.join("dovecot-uidlist"), "x").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let got: Vec<_> = expand(&[dir.path().to_path_buf()])
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let mut want: Vec<_> = files.iter().cloned().map(Input::File).collect();
        want.sort_by_key(Input::display);
        assert_eq!(got, want);
    }

    #[test]
    fn a_folder_with_nothing_to_check_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        // A "cur" folder that is not in a Maildir holds no messages either.
        std::fs::create_dir(dir.path().join("cur")).unwrap();
        std::fs::write(dir.path().join("cur/1733300000.M1P2.host"), "x").unwrap();
        let got = expand(&[dir.path().to_path_buf()]);
        assert_eq!(got.len(), 1);
        assert!(
            matches!(&got[0], Err(DraftError::NotEmail { path, .. }) if *path == dir.path().display().to_string())
        );
    }
}
