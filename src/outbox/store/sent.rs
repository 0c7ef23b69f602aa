//! The `sent/` Maildir: the copy of every sent entry, as the sender's record, in `new/` (or
//! `cur/` once a mail program has read it and added flags to its name).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use super::{Durability, OutboxError, Result, Store, sync_dir_if};
use crate::outbox::entry::Meta;

impl Store {
    /// The name of a sent entry's copy in the `sent/` Maildir (before any flags a mail program
    /// adds to it in `cur/`).
    pub(super) fn sent_copy_name(meta: &Meta) -> String {
        let sent_at = meta.sent_at.unwrap_or(meta.due);
        format!("{}.M{}.mailcheck", sent_at.timestamp(), meta.id)
    }

    /// The copy named `name` in `sent/cur`, where a mail program moved it after adding flags to
    /// its name (`NAME:2,S`).
    fn sent_copy_in_cur(&self, name: &str) -> Option<PathBuf> {
        fs::read_dir(self.sent_dir().join("cur"))
            .ok()?
            .filter_map(|e| e.ok())
            .find(|e| e.file_name().to_string_lossy().starts_with(name))
            .map(|e| e.path())
    }

    /// The message of an entry: the stored one while the entry is active, else (a sent entry,
    /// filed) its copy in `sent/`, in `new/` or in `cur/` where a mail program may have added
    /// flags to its name.
    pub fn message_or_sent_copy(&self, meta: &Meta) -> Result<Vec<u8>> {
        let stored = match self.message(&meta.id) {
            Ok(bytes) => return Ok(bytes),
            Err(e) => e,
        };
        let name = Self::sent_copy_name(meta);
        let sent = self.sent_dir();
        if let Ok(bytes) = fs::read(sent.join("new").join(&name)) {
            return Ok(bytes);
        }
        match self.sent_copy_in_cur(&name) {
            Some(path) => fs::read(&path).map_err(OutboxError::io(&path)),
            None => Err(stored),
        }
    }

    /// Delivers the copy of a sent entry into `sent/new` (Maildir: written in `sent/tmp`, then
    /// renamed).
    pub fn write_sent_copy(&self, meta: &Meta, copy: &[u8], d: Durability) -> Result<()> {
        let name = Self::sent_copy_name(meta);
        let sent = self.sent_dir();
        let tmp = sent.join("tmp").join(&name);
        let mut f = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(OutboxError::io(&tmp))?;
        f.write_all(copy).map_err(OutboxError::io(&tmp))?;
        if d == Durability::Synced {
            f.sync_all().map_err(OutboxError::io(&tmp))?;
        }
        let dest = sent.join("new").join(&name);
        fs::rename(&tmp, &dest).map_err(OutboxError::io(&dest))?;
        sync_dir_if(&sent.join("new"), d)
    }

    /// Makes sure the copy of a sent entry is in `sent/`: an earlier runner may have delivered it
    /// (and a mail program moved it to `cur/` with flags); one in `new/` that is not the exact
    /// copy (a write a power loss cut short) is written again. `copy` makes the copy from the
    /// message, which is there until the entry is filed, and is called only when needed.
    pub fn ensure_sent_copy(
        &self,
        meta: &Meta,
        copy: impl FnOnce() -> Result<Vec<u8>>,
        d: Durability,
    ) -> Result<()> {
        let name = Self::sent_copy_name(meta);
        let sent = self.sent_dir();
        let in_new = sent.join("new").join(&name);
        let have_msg = self.msg_path(&meta.id).exists();
        if in_new.exists() {
            if !have_msg {
                return Ok(());
            }
            let wanted = copy()?;
            if fs::read(&in_new).is_ok_and(|b| b == wanted) {
                return Ok(());
            }
            return self.write_sent_copy(meta, &wanted, d);
        }
        if !have_msg || self.sent_copy_in_cur(&name).is_some() {
            return Ok(());
        }
        self.write_sent_copy(meta, &copy()?, d)
    }
}
