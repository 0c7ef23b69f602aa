//! Paths written in the config file.

use std::path::{Path, PathBuf};

/// A path written in the config file: `~/...` is under the home directory, a relative path is
/// relative to the config file's folder.
pub fn resolve_path(config: Option<&Path>, p: &Path) -> PathBuf {
    // An IMAP URL (`imaps://user@host/INBOX`) is kept as written.
    if p.to_str().is_some_and(crate::imap::is_imap_url) {
        return p.to_path_buf();
    }
    if let (Ok(rest), Some(home)) = (p.strip_prefix("~"), std::env::var_os("HOME")) {
        return PathBuf::from(home).join(rest);
    }
    match config.and_then(Path::parent) {
        Some(base) if p.is_relative() => base.join(p),
        _ => p.to_path_buf(),
    }
}
