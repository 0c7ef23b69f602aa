//! Writing a user's file: whole or not at all (a temporary file beside it, fsync, rename, fsync
//! of the folder), through a symbolic link to the file it points to (the link stays), and with
//! the permission bits the file had. Used by `fix`, `split`, `new`, `report -o` and `generate`.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::FixError;
use crate::msg;

/// A write under way: the temporary file is made (so a folder that is missing or read-only is an
/// error before anything is shown or done), the bytes come with [`Staged::commit`]. Dropped
/// without a commit, the temporary file is removed.
#[derive(Debug)]
pub struct Staged {
    /// The path as given (for messages).
    shown: String,
    /// The file written: the path, or the file its symbolic links lead to.
    target: PathBuf,
    dir: PathBuf,
    tmp: Option<(PathBuf, File)>,
}

/// Writes `bytes` to `path` (see the module documentation). A new file gets the mode any new
/// file gets (0666 less the umask); an existing one keeps its own.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), FixError> {
    Staged::new(path, None)?.commit(bytes)
}

impl Staged {
    /// Prepares writing `path`. `like`: the mode a new file is made with, less the umask, when
    /// `path` does not exist yet (a copy of a private draft stays private, as `cp` does); `None`:
    /// 0666 less the umask. An existing file keeps its permission bits (and its owner and group
    /// where the user may keep them; where the group cannot be kept, the group gets no access).
    pub fn new(path: &Path, like: Option<u32>) -> Result<Self, FixError> {
        let shown = path.display().to_string();
        let io = |source| FixError::Io {
            path: shown.clone(),
            source,
        };
        let target = follow_links(path).map_err(io)?;
        let existing = match std::fs::metadata(&target) {
            Ok(m) if m.is_file() => Some(m),
            Ok(_) => {
                return Err(FixError::Value(msg!(
                    "fix-error-not-regular",
                    path = shown.as_str()
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(e)),
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let (tmp, file) =
            create_temp(&dir, &name, like.unwrap_or(0o666)).map_err(|source| FixError::Folder {
                path: shown.clone(),
                dir: dir.display().to_string(),
                source,
            })?;
        let staged = Staged {
            shown,
            target,
            dir,
            tmp: Some((tmp, file)),
        };
        if let (Some(meta), Some((_, file))) = (&existing, &staged.tmp) {
            keep_owner_and_mode(file, meta).map_err(|source| FixError::Io {
                path: staged.shown.clone(),
                source,
            })?;
        }
        Ok(staged)
    }

    /// The new file takes the owner, group and permission bits of `original` (a backup of a
    /// draft is as private as the draft).
    pub fn like(self, original: &Path) -> Result<Self, FixError> {
        let io = |source| FixError::Io {
            path: self.shown.clone(),
            source,
        };
        let meta = std::fs::metadata(original).map_err(io)?;
        if let Some((_, file)) = &self.tmp {
            keep_owner_and_mode(file, &meta).map_err(io)?;
        }
        Ok(self)
    }

    /// The file that is written (the target of a symbolic link).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `bytes`, syncs them and renames the temporary file onto the target.
    pub fn commit(mut self, bytes: &[u8]) -> Result<(), FixError> {
        let io = |source| FixError::Io {
            path: self.shown.clone(),
            source,
        };
        let Some((tmp, mut file)) = self.tmp.take() else {
            return Ok(());
        };
        let written = file
            .write_all(bytes)
            .and_then(|()| file.sync_all())
            .and_then(|()| std::fs::rename(&tmp, &self.target));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        sync_dir(&self.dir);
        Ok(())
    }

    /// Writes `bytes` as a new file at the target, never over an existing one: `Ok(false)` if
    /// the name is taken (the temporary file is removed).
    pub fn commit_new(mut self, bytes: &[u8]) -> Result<bool, FixError> {
        let io = |source| FixError::Io {
            path: self.shown.clone(),
            source,
        };
        let Some((tmp, mut file)) = self.tmp.take() else {
            return Ok(false);
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        let linked = written.and_then(|()| match std::fs::hard_link(&tmp, &self.target) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            // A file system without hard links: the name checked, then renamed onto.
            Err(_) if std::fs::symlink_metadata(&self.target).is_ok() => Ok(false),
            Err(_) => std::fs::rename(&tmp, &self.target).map(|()| true),
        });
        let _ = std::fs::remove_file(&tmp);
        let made = linked.map_err(io)?;
        if made {
            sync_dir(&self.dir);
        }
        Ok(made)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// The file `path` leads to through its symbolic links (at most 40, as the kernel allows).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::from_raw_os_error(libc::ELOOP))
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A new file `.NAME.PID-N.tmp` in `dir`, made with `mode` (less the umask), never over an
/// existing one.
fn create_temp(dir: &Path, name: &str, mode: u32) -> std::io::Result<(PathBuf, File)> {
    use std::os::unix::fs::OpenOptionsExt;
    let meta = std::fs::metadata(dir)?;
    if !meta.is_dir() {
        return Err(std::io::Error::from_raw_os_error(libc::ENOTDIR));
    }
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode & 0o777)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 10_000 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// The new file takes the old one's owner and group where it may, and its permission bits
/// (less set-id bits); a group it could not keep gets no access.
fn keep_owner_and_mode(file: &File, old: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let now = file.metadata()?;
    if (now.uid() != old.uid() || now.gid() != old.gid())
        && std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err()
    {
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
    }
    let now = file.metadata()?;
    let mut mode = old.mode() & 0o777;
    if now.gid() != old.gid() {
        mode &= !0o070;
    }
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The mode of the file at `path` (through links), if it is there.
pub fn mode_of(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).ok().map(|m| m.permissions().mode())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    fn umask() -> u32 {
        std::fs::read_to_string("/proc/self/status")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .and_then(|u| u32::from_str_radix(u.trim(), 8).ok())
            .unwrap_or(0o022)
    }

    #[test]
    fn outputs_get_the_ordinary_mode_and_keep_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("report.html");
        atomic_write(&new, b"x").unwrap();
        assert_eq!(mode(&new), 0o666 & !umask());
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
        atomic_write(&new, b"y").unwrap();
        assert_eq!(mode(&new), 0o640);
        assert_eq!(std::fs::read(&new).unwrap(), b"y");
        // A copy of a private file is private from the start.
        let copy = dir.path().join("copy.eml");
        Staged::new(&copy, Some(0o600))
            .unwrap()
            .commit(b"z")
            .unwrap();
        assert_eq!(mode(&copy), 0o600);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 2, "no temporary file is left: {left:?}");
    }

    #[test]
    fn writes_through_a_symbolic_link_and_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("real");
        std::fs::create_dir(&real_dir).unwrap();
        let real = real_dir.join("draft.eml");
        std::fs::write(&real, b"old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.eml");
        std::os::unix::fs::symlink("real/draft.eml", &link).unwrap();
        let staged = Staged::new(&link, None).unwrap();
        assert_eq!(staged.target(), real_dir.join("draft.eml"));
        staged.commit(b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(mode(&real), 0o600);
    }

    #[test]
    fn a_missing_folder_is_said_before_anything_is_written_and_once() {
        let e = Staged::new(Path::new("/nonexistent-mc/dir/x.eml"), None).unwrap_err();
        let said = e.to_string();
        assert_eq!(
            said,
            "/nonexistent-mc/dir/x.eml: cannot write in the folder /nonexistent-mc/dir: No such \
             file or directory (os error 2)"
        );
        let e = Staged::new(Path::new("/dev/null"), None).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }

    #[test]
    fn a_new_file_never_replaces_one_and_a_dropped_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let b = dir.path().join("a.orig");
        assert!(
            Staged::new(&b, Some(0o600))
                .unwrap()
                .commit_new(b"1")
                .unwrap()
        );
        assert!(
            !Staged::new(&b, Some(0o600))
                .unwrap()
                .commit_new(b"2")
                .unwrap()
        );
        assert_eq!(std::fs::read(&b).unwrap(), b"1");
        drop(Staged::new(&dir.path().join("c"), None).unwrap());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }
}
