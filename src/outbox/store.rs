//! The queue directory.
//!
//! ```text
//! <outbox>/msg/<id>.eml        the exact message bytes (written once, never changed)
//! <outbox>/meta/<id>.json      schedule and state (replaced atomically on every change)
//! <outbox>/due/<hour>/<stamp>_<id>
//!                              markers, <stamp> = due time as UTC yyyymmddThhmmssZ,
//!                              in one folder per hour (<hour> = yyyymmddThh); only their
//!                              names are read: empty files, or (made by `serve`'s intake)
//!                              hard links to the entry's meta as first written, which make
//!                              no inode
//! <outbox>/done/<id>.json      the meta of sent messages
//! <outbox>/sent/{tmp,new,cur}  a Maildir with a copy of every sent message
//! <outbox>/journal/*.log       the journals of runners' batches (see [`super::journal`])
//! <outbox>/intake/*.log        the intake journals of `serve` (see [`super::intake`])
//! <outbox>/tmp/                files being written
//! ```
//!
//! Every file is written to `tmp/` and renamed into place. Finding what is due reads the names of
//! `due/` (one per hour that has mail) and of the hour folders that are not in the future, and
//! compares names: nothing of an entry that is not due is read, and a queue of 100,000 mail
//! spread over a month costs a readdir of ~720 names. The meta is the truth; markers are an index
//! that may hold stale names (removed when met). When a due time changes, the new marker is made
//! before the meta is written and the old marker removed after, so a crash at any point leaves an
//! entry findable. (Markers directly in `due/`, the layout before hour folders, are still read.)
//!
//! # Durability
//!
//! Each write says when it reaches the disk ([`Durability`]). `Synced` (everything but a runner's
//! batch: `send`, `cancel`, `retry`, `reschedule`, recovery): the file is fsynced before its
//! rename and its directory after, so the change survives a power loss once the call returns.
//! `Deferred` (a runner's batch, [`super::runner`]): the same writes in the same order, without
//! the syncs. A process killed at any point loses none of them (they are in the kernel); for a
//! power loss the batch's journal, synced, holds every change until the batch ends with one
//! [`Store::sync_filesystem`], after which [`Store::file_sent`] files the sent entries and syncs
//! the directories it touched, once each.
//!
//! A store opened [`Store::with_intake`] (`serve`) adds an entry with one synced record in its
//! intake journal instead, and writes the entry's files later, not synced ([`super::intake`]).
//!
//! An enqueue keeps its message's temp file (the same inode as `msg/<id>.eml`, locked) until the
//! entry is whole; a killed enqueue leaves it behind, so [`Store::recover`] finds what a crash
//! cut short by looking at `tmp/` only, never at the whole queue.
//!
//! A runner claims an entry by an exclusive `flock` (`File::try_lock`) on its message file,
//! which is never replaced: two runners can never hold the same entry, and a killed runner's
//! lock goes with its process.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, NaiveDateTime, Utc};

use super::OutboxError;
use super::entry::Meta;
use super::intake::{self, Intake};

type Result<T> = std::result::Result<T, OutboxError>;

/// What [`Store::list_map`] sorts entries by: due time, then id.
pub type Meta0 = (DateTime<Utc>, String);

const STAMP: &str = "%Y%m%dT%H%M%SZ";
/// The length of a stamp's hour prefix (`yyyymmddThh`): the name of its folder in `due/`.
const HOUR_LEN: usize = 11;

/// The queue directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    /// The intake journal entries are added through, if any (see [`super::intake`]).
    intake: Option<std::sync::Arc<Intake>>,
}

/// An entry claimed by this process: the lock is held until this is dropped.
#[derive(Debug)]
pub struct Claim {
    _file: File,
    pub id: String,
}

impl Claim {
    /// The claim of entry `id` whose message file `file` is, locked by this process.
    pub(super) fn held(file: File, id: &str) -> Claim {
        Claim {
            _file: file,
            id: id.to_string(),
        }
    }
}

/// When a write reaches the disk (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Synced (file and directory) before the call returns.
    Synced,
    /// Written but not synced: a runner's batch, whose journal holds the change until
    /// [`Store::sync_filesystem`].
    Deferred,
}

/// A due marker found in `due/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub due: DateTime<Utc>,
    pub id: String,
    /// Its path under `due/` (`<hour>/<stamp>_<id>`).
    pub name: String,
}

impl Store {
    /// Opens the queue at `root`, creating its directories (mode 0700) if needed.
    ///
    /// A queue someone else could have written to is refused ([`OutboxError::Unsafe`]): the
    /// root or one of its folders owned by another user, or writable by group or others (anyone
    /// who can write there can plant mail that the runner sends as the user). Permissions are
    /// never changed through a symbolic link: a root that is a link is checked, not chmodded.
    pub fn open(root: &Path) -> Result<Store> {
        if !root.exists() {
            // Its parents as any folder is made; the queue itself private from the start.
            if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(OutboxError::io(parent))?;
            }
            match std::fs::DirBuilder::new().mode(0o700).create(root) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(OutboxError::io(root)(e)),
            }
        }
        check_private_dir(root, true)?;
        for sub in [
            "tmp", "msg", "meta", "due", "done", "sent", "sent/tmp", "sent/new", "sent/cur",
            "journal", "intake",
        ] {
            let dir = root.join(sub);
            match fs::symlink_metadata(&dir) {
                Ok(_) => check_private_dir(&dir, false)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    std::fs::DirBuilder::new()
                        .mode(0o700)
                        .create(&dir)
                        .map_err(OutboxError::io(&dir))?;
                }
                Err(e) => return Err(OutboxError::io(&dir)(e)),
            }
        }
        Ok(Store {
            root: root.to_path_buf(),
            intake: None,
        })
    }

    /// This store, adding entries through an intake journal of its own from now on (one
    /// `fdatasync` per entry; see [`super::intake`]), after replaying those of dead processes.
    pub fn with_intake(mut self) -> Result<Store> {
        intake::replay(&self)?;
        self.intake = Some(std::sync::Arc::new(Intake::open(&self)?));
        Ok(self)
    }

    /// The intake journal entries are added through, if any.
    pub fn intake(&self) -> Option<&Intake> {
        self.intake.as_deref()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn msg_path(&self, id: &str) -> PathBuf {
        self.root.join("msg").join(format!("{id}.eml"))
    }

    pub(super) fn meta_path(&self, id: &str) -> PathBuf {
        self.root.join("meta").join(format!("{id}.json"))
    }

    pub(super) fn done_path(&self, id: &str) -> PathBuf {
        self.root.join("done").join(format!("{id}.json"))
    }

    pub fn sent_dir(&self) -> PathBuf {
        self.root.join("sent")
    }

    /// A marker's path under `due/`: `<hour>/<stamp>_<id>`.
    fn marker_name(due: DateTime<Utc>, id: &str) -> String {
        let stamp = due.format(STAMP).to_string();
        format!("{}/{stamp}_{id}", &stamp[..HOUR_LEN])
    }

    /// A new entry id: 12 lower-case hex digits, not in use.
    pub fn new_id(&self) -> String {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        use std::hash::{BuildHasher, Hasher};
        loop {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or_default(),
            );
            h.write_u32(std::process::id());
            h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
            let id = format!("{:012x}", h.finish() & 0xffff_ffff_ffff);
            if !self.msg_path(&id).exists() && !self.done_path(&id).exists() {
                return id;
            }
        }
    }

    /// Adds an entry: the message, then its meta, then its due marker (the commit point for
    /// runners; `repair` finds an entry whose marker a crash prevented).
    ///
    /// The message file is locked (the lock taken on its temp file, which is the same inode)
    /// until the entry is complete, so `repair` never mistakes an entry being added for the
    /// leftover of a killed one. If a step fails (a full disk), what was written is removed:
    /// the entry is either whole or absent.
    pub fn enqueue(&self, meta: &Meta, message: &[u8]) -> Result<()> {
        if let Some(intake) = &self.intake {
            // One synced record; the files come later (see `super::intake`).
            return intake.record(self, meta, message);
        }
        let dest = self.msg_path(&meta.id);
        // The temp file stays (locked) until the entry is whole: left behind by a killed
        // enqueue, it tells `recover` which entry to finish or remove.
        let (tmp, _lock) =
            self.write_tmp(&format!("{}.eml", meta.id), message, Durability::Synced)?;
        // hard_link refuses to replace an existing file: ids are never reused.
        if let Err(e) = fs::hard_link(&tmp, &dest) {
            let _ = fs::remove_file(&tmp);
            return Err(OutboxError::io(&dest)(e));
        }
        let rest = sync_dir(&self.root.join("msg"))
            .and_then(|()| self.write_meta(meta, Durability::Synced))
            .and_then(|()| {
                if meta.is_scheduled() {
                    self.add_marker(meta.due, &meta.id, Durability::Synced)
                } else {
                    Ok(())
                }
            });
        if rest.is_err() {
            let _ = self.remove(&meta.id);
        }
        let _ = fs::remove_file(&tmp);
        rest
    }

    /// Writes `bytes` to a new file in `tmp/`, locked (and fsynced if `Synced`); returns its path
    /// and the open file (the lock lasts as long as it). A failed write removes the file.
    pub(super) fn write_tmp(
        &self,
        name: &str,
        bytes: &[u8],
        d: Durability,
    ) -> Result<(PathBuf, File)> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let tmp = self.root.join("tmp").join(format!(
            "{name}.{}.{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(OutboxError::io(&tmp))?;
        // Blocking: a cleaner may hold the lock for a moment while it looks at the file.
        let written = f
            .lock()
            .and_then(|()| f.write_all(bytes))
            .and_then(|()| match d {
                Durability::Synced => f.sync_all(),
                Durability::Deferred => Ok(()),
            });
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(OutboxError::io(&tmp)(e));
        }
        Ok((tmp, f))
    }

    /// Replaces `dest` with `bytes`, atomically (temp file and rename).
    fn write_atomic(&self, dest: &Path, bytes: &[u8], d: Durability) -> Result<()> {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (tmp, _lock) = self.write_tmp(&name, bytes, d)?;
        if let Err(e) = fs::rename(&tmp, dest) {
            let _ = fs::remove_file(&tmp);
            return Err(OutboxError::io(dest)(e));
        }
        if let Some(dir) = dest.parent() {
            sync_dir_if(dir, d)?;
        }
        Ok(())
    }

    /// Saves an active entry's meta (in `meta/`).
    pub fn write_meta(&self, meta: &Meta, d: Durability) -> Result<()> {
        let path = self.meta_path(&meta.id);
        let json = serde_json::to_vec_pretty(meta).map_err(|e| OutboxError::Damaged {
            path: path.clone(),
            message: e.to_string(),
        })?;
        self.write_atomic(&path, &json, d)
    }

    /// The meta of an active entry (in `meta/`, not `done/`).
    pub fn load_active(&self, id: &str) -> Result<Meta> {
        let path = self.meta_path(id);
        if !valid_id(id) {
            return Err(OutboxError::NotFound(id.to_string()));
        }
        match read_meta_file(&path) {
            Ok(bytes) => parse_meta(&path, &bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(OutboxError::NotFound(id.to_string()))
            }
            Err(e) => Err(OutboxError::io(&path)(e)),
        }
    }

    /// The meta of an entry, active or sent.
    pub fn load(&self, id: &str) -> Result<Meta> {
        if !valid_id(id) {
            return Err(OutboxError::NotFound(id.to_string()));
        }
        for path in [self.meta_path(id), self.done_path(id)] {
            match read_meta_file(&path) {
                Ok(bytes) => return parse_meta(&path, &bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(OutboxError::io(&path)(e)),
            }
        }
        Err(OutboxError::NotFound(id.to_string()))
    }

    /// The stored message bytes.
    pub fn message(&self, id: &str) -> Result<Vec<u8>> {
        let path = self.msg_path(id);
        fs::read(&path).map_err(OutboxError::io(&path))
    }

    /// Every entry (active and sent), oldest due first; an error if any is damaged.
    pub fn list(&self) -> Result<Vec<Meta>> {
        let (entries, mut damaged) = self.list_map(|m| m)?;
        if let Some(e) = damaged.pop() {
            return Err(e);
        }
        Ok(entries.into_iter().map(|(_, t)| t).collect())
    }

    /// Every entry (active and sent), oldest due first, each made into a `T` by `f` as it is
    /// read (so a caller that needs one line per entry never holds every meta), and apart, the
    /// damaged ones ([`OutboxError::Damaged`], by file name): one damaged entry never hides the
    /// others. The meta files are read on all cores.
    #[allow(clippy::type_complexity)]
    pub fn list_map<T: Send>(
        &self,
        f: impl Fn(Meta) -> T + Sync,
    ) -> Result<(Vec<(Meta0, T)>, Vec<OutboxError>)> {
        use rayon::prelude::*;
        let mut paths = Vec::new();
        for dir in ["meta", "done"] {
            let dir = self.root.join(dir);
            for e in fs::read_dir(&dir).map_err(OutboxError::io(&dir))? {
                let path = e.map_err(OutboxError::io(&dir))?.path();
                if path.extension().is_some_and(|x| x == "json") {
                    paths.push(path);
                }
            }
        }
        let read: Vec<Option<Result<(Meta0, T)>>> = paths
            .par_iter()
            .map(|path| match read_meta_file(path) {
                Ok(bytes) => Ok(Some(parse_meta(path, &bytes).map(|meta| {
                    let key = (meta.due, meta.id.clone());
                    (key, f(meta))
                }))),
                // Moved to done/ while we were reading: seen there or not at all.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(OutboxError::io(path)(e)),
            })
            .collect::<Result<_>>()?;
        let mut out: Vec<(Meta0, T)> = Vec::with_capacity(read.len());
        let mut damaged = Vec::new();
        for r in read.into_iter().flatten() {
            match r {
                Ok(entry) => out.push(entry),
                Err(e) => damaged.push(e),
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0.1 == b.0.1);
        damaged.sort_by_key(|e| e.to_string());
        Ok((out, damaged))
    }

    /// The markers due at or before `now`, oldest first. Reads the names in `due/` and in the
    /// hour folders up to `now`'s: no file is read, and later hours are not even listed.
    pub fn due_markers(&self, now: DateTime<Utc>) -> Result<Vec<Marker>> {
        let limit = now.format(STAMP).to_string();
        let mut out = self.scan_markers(Some(&limit))?;
        out.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
        Ok(out)
    }

    /// Every marker in `due/`.
    pub fn markers(&self) -> Result<Vec<Marker>> {
        self.scan_markers(None)
    }

    /// The markers whose stamp is at most `limit` (all with `None`).
    fn scan_markers(&self, limit: Option<&str>) -> Result<Vec<Marker>> {
        let dir = self.root.join("due");
        let wanted = |stamp: &str| limit.is_none_or(|l| stamp <= l);
        let mut out = Vec::new();
        for e in fs::read_dir(&dir).map_err(OutboxError::io(&dir))? {
            let name = e.map_err(OutboxError::io(&dir))?.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some((stamp, _)) = name.split_once('_') {
                // A marker of the flat layout.
                if wanted(stamp)
                    && let Some(m) = parse_marker("", name)
                {
                    out.push(m);
                }
                continue;
            }
            let hour_wanted = limit.is_none_or(|l| name <= &l[..HOUR_LEN.min(l.len())]);
            if name.len() != HOUR_LEN || !hour_wanted {
                continue;
            }
            let sub = dir.join(name);
            let entries = match fs::read_dir(&sub) {
                Ok(rd) => rd,
                // Removed as it emptied, since the listing above.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(OutboxError::io(&sub)(e)),
            };
            for m in entries {
                let file = m.map_err(OutboxError::io(&sub))?.file_name();
                let Some(file) = file.to_str() else { continue };
                let Some((stamp, _)) = file.split_once('_') else {
                    continue;
                };
                if wanted(stamp)
                    && let Some(m) = parse_marker(name, file)
                {
                    out.push(m);
                }
            }
        }
        Ok(out)
    }

    /// Makes the due marker of `id` at `due` (its hour folder too, if needed).
    pub fn add_marker(&self, due: DateTime<Utc>, id: &str, d: Durability) -> Result<()> {
        let mut new = OpenOptions::new();
        new.write(true).create(true).truncate(false).mode(0o600);
        self.make_marker(due, id, d, |path| new.open(path).map(drop))
    }

    /// Makes the due marker of `id` at `due` with `make` (its hour folder too, if needed).
    pub(super) fn make_marker(
        &self,
        due: DateTime<Utc>,
        id: &str,
        d: Durability,
        make: impl Fn(&Path) -> std::io::Result<()>,
    ) -> Result<()> {
        let due_dir = self.root.join("due");
        let name = Self::marker_name(due, id);
        let path = due_dir.join(&name);
        let hour = path.parent().unwrap_or(&due_dir).to_path_buf();
        // The hour folder may be removed by a runner that just emptied it: make it again.
        for attempt in 0.. {
            let created = match fs::create_dir(&hour) {
                Ok(()) => true,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
                Err(e) => return Err(OutboxError::io(&hour)(e)),
            };
            if created {
                let _ = fs::set_permissions(&hour, fs::Permissions::from_mode(0o700));
                sync_dir_if(&due_dir, d)?;
            }
            match make(&path) {
                Ok(()) => break,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && attempt < 100 => continue,
                Err(e) => return Err(OutboxError::io(&path)(e)),
            }
        }
        sync_dir_if(&hour, d)
    }

    /// Removes a marker (`name` as in [`Marker::name`]), and its hour folder if that is now
    /// empty.
    pub fn remove_marker(&self, name: &str, d: Durability) -> Result<()> {
        let dir = self.root.join("due");
        let path = dir.join(name);
        let parent = path.parent().unwrap_or(&dir).to_path_buf();
        match fs::remove_file(&path) {
            Ok(()) => {
                sync_dir_if(&parent, d)?;
                if parent != dir && fs::remove_dir(&parent).is_ok() {
                    sync_dir_if(&dir, d)?;
                }
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(OutboxError::io(&path)(e)),
        }
    }

    /// Removes every marker of `id` except the one for `keep` (one `readdir` of `due/`).
    pub fn remove_markers_except(&self, id: &str, keep: Option<DateTime<Utc>>) -> Result<()> {
        let keep = keep.map(|k| Self::marker_name(k, id));
        for m in self.markers()? {
            if m.id == id && Some(&m.name) != keep.as_ref() {
                self.remove_marker(&m.name, Durability::Synced)?;
            }
        }
        Ok(())
    }

    /// Saves `meta` after a change of state or due time, keeping the markers right: the new
    /// marker first, then the meta, then the marker of the old due time (`old_due`) goes.
    /// Other stale markers are harmless: a runner drops them when they come up.
    pub fn update(&self, meta: &Meta, old_due: DateTime<Utc>, d: Durability) -> Result<()> {
        let keep = meta.is_scheduled().then_some(meta.due);
        if let Some(due) = keep {
            self.add_marker(due, &meta.id, d)?;
        }
        self.write_meta(meta, d)?;
        if keep != Some(old_due) {
            self.remove_marker(&Self::marker_name(old_due, &meta.id), d)?;
        }
        Ok(())
    }

    /// Whether the marker of `id` at `due` is there.
    pub fn has_marker(&self, due: DateTime<Utc>, id: &str) -> bool {
        self.root
            .join("due")
            .join(Self::marker_name(due, id))
            .exists()
    }

    /// Claims an entry for this process, or `None` if another process holds it. Fails with
    /// `NotFound` if the entry's message is gone (sent or cancelled).
    pub fn claim(&self, id: &str) -> Result<Option<Claim>> {
        if !valid_id(id) {
            return Err(OutboxError::NotFound(id.to_string()));
        }
        let path = self.msg_path(id);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(OutboxError::NotFound(id.to_string()));
            }
            Err(e) => return Err(OutboxError::io(&path)(e)),
        };
        match file.try_lock() {
            // Locked after its last holder finished it (sent, cancelled): no longer an entry.
            Ok(()) if file.metadata().is_ok_and(|m| m.nlink() == 0) => {
                Err(OutboxError::NotFound(id.to_string()))
            }
            Ok(()) => Ok(Some(Claim {
                _file: file,
                id: id.to_string(),
            })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(OutboxError::io(&path)(e)),
        }
    }

    /// Finishes a sent entry found half-filed (a runner stopped between recording `sent` and
    /// filing it), durably: the copy in `sent/` ([`Store::ensure_sent_copy`]), the meta to
    /// `done/`, the message and markers removed. Idempotent.
    pub fn finish_sent(
        &self,
        meta: &Meta,
        copy: impl FnOnce() -> Result<Vec<u8>>,
        old_due: DateTime<Utc>,
    ) -> Result<()> {
        self.ensure_sent_copy(meta, copy, Durability::Synced)?;
        let json = serde_json::to_vec_pretty(meta).map_err(|e| OutboxError::Damaged {
            path: self.done_path(&meta.id),
            message: e.to_string(),
        })?;
        self.write_atomic(&self.done_path(&meta.id), &json, Durability::Synced)?;
        for path in [self.meta_path(&meta.id), self.msg_path(&meta.id)] {
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(OutboxError::io(&path)(e)),
            }
        }
        sync_dir(&self.root.join("meta"))?;
        sync_dir(&self.root.join("msg"))?;
        self.remove_marker(&Self::marker_name(old_due, &meta.id), Durability::Synced)?;
        self.remove_marker(&Self::marker_name(meta.due, &meta.id), Durability::Synced)
    }

    /// Files the sent entries of a batch, whose `sent` metas (in `meta/`) and copies (in
    /// `sent/new`) a [`Store::sync_filesystem`] made durable: each meta moved to `done/`, then
    /// its message and markers (`old_due`'s and its own) removed; then each directory touched is
    /// synced once. A power loss before those syncs leaves some entries `sent` in `meta/`, which
    /// the next runner files with [`Store::finish_sent`].
    pub fn file_sent(&self, sent: &[(Meta, DateTime<Utc>)]) -> Result<()> {
        if sent.is_empty() {
            return Ok(());
        }
        let due = self.root.join("due");
        let mut touched = std::collections::BTreeSet::new();
        for dir in ["meta", "done", "msg"] {
            touched.insert(self.root.join(dir));
        }
        for (meta, old_due) in sent {
            let (from, to) = (self.meta_path(&meta.id), self.done_path(&meta.id));
            fs::rename(&from, &to).map_err(OutboxError::io(&from))?;
            let msg = self.msg_path(&meta.id);
            match fs::remove_file(&msg) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(OutboxError::io(&msg)(e)),
            }
            for at in [*old_due, meta.due] {
                let path = due.join(Self::marker_name(at, &meta.id));
                match fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(OutboxError::io(&path)(e)),
                }
                let hour = path.parent().unwrap_or(&due).to_path_buf();
                if hour != due && fs::remove_dir(&hour).is_ok() {
                    touched.insert(due.clone());
                } else {
                    touched.insert(hour);
                }
            }
        }
        for dir in &touched {
            match File::open(dir) {
                Ok(d) => d.sync_all().map_err(OutboxError::io(dir))?,
                // An hour folder removed once empty: `due/`, synced too, no longer has it.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(OutboxError::io(dir)(e)),
            }
        }
        Ok(())
    }

    /// Makes every write to the queue's filesystem durable: one `syncfs` (Linux; `sync`
    /// elsewhere) for a whole batch, where an fsync per file and directory would cost a dozen
    /// per message.
    pub fn sync_filesystem(&self) -> Result<()> {
        let dir = File::open(&self.root).map_err(OutboxError::io(&self.root))?;
        sync_filesystem_of(&dir).map_err(OutboxError::io(&self.root))
    }

    /// Removes an entry entirely (`outbox cancel`). The intake journals of dead processes are
    /// replayed first (the caller holds the entry's claim): an entry is never removed while a
    /// journal could bring it back ([`super::intake`]).
    pub fn remove(&self, id: &str) -> Result<()> {
        intake::replay(self)?;
        for path in [self.meta_path(id), self.msg_path(id)] {
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(OutboxError::io(&path)(e)),
            }
        }
        sync_dir(&self.root.join("meta"))?;
        sync_dir(&self.root.join("msg"))?;
        self.remove_markers_except(id, None)
    }

    /// Finishes or removes what killed writers left, looking at `tmp/` only (cheap however big
    /// the queue is): an enqueue's temp file whose writer is gone names its entry, which gets its
    /// marker if its meta was written, or is removed if not; other abandoned temp files are
    /// removed. Returns how many abandoned files were found: any means a process was killed
    /// while writing, and [`Store::repair`] is worth its full scan.
    pub fn recover(&self) -> Result<usize> {
        let tmp = self.root.join("tmp");
        let mut found = 0;
        for e in fs::read_dir(&tmp).map_err(OutboxError::io(&tmp))? {
            let e = e.map_err(OutboxError::io(&tmp))?;
            let name = e.file_name().to_string_lossy().into_owned();
            let path = e.path();
            let Some(_lock) = abandoned(&path, &name) else {
                continue;
            };
            found += 1;
            if let Some(id) = name.split('.').next().filter(|id| valid_id(id))
                && name[id.len()..].starts_with(".eml.")
            {
                match self.load(id) {
                    Ok(meta) if meta.is_scheduled() => {
                        self.add_marker(meta.due, id, Durability::Synced)?
                    }
                    Ok(_) => {}
                    Err(OutboxError::NotFound(_)) => {
                        // Killed before its meta: the entry never was; its message goes (we
                        // hold the lock of that inode through the temp file).
                        let msg = self.msg_path(id);
                        match fs::remove_file(&msg) {
                            Ok(()) => sync_dir(&self.root.join("msg"))?,
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                            Err(e) => return Err(OutboxError::io(&msg)(e)),
                        }
                    }
                    // A damaged meta stays for `outbox list`/`show` to report.
                    Err(_) => {}
                }
            }
            let _ = fs::remove_file(&path);
        }
        Ok(found)
    }

    /// Gives a marker back to every scheduled entry that has none (an enqueue or update cut
    /// short by a crash), and removes leftovers ([`Store::clean_leftovers`]). Reads the names of
    /// the whole queue and the metas of entries without a marker: `outbox run` does this only
    /// when [`Store::recover`] found that a writer was killed.
    pub fn repair(&self) -> Result<usize> {
        self.recover()?;
        let marked: std::collections::HashSet<String> =
            self.markers()?.into_iter().map(|m| m.id).collect();
        let dir = self.root.join("meta");
        let mut fixed = 0;
        for e in fs::read_dir(&dir).map_err(OutboxError::io(&dir))? {
            let name = e.map_err(OutboxError::io(&dir))?.file_name();
            let name = name.to_string_lossy();
            let Some(id) = name.strip_suffix(".json") else {
                continue;
            };
            if marked.contains(id) {
                continue;
            }
            match self.load(id) {
                Ok(meta) if meta.is_scheduled() => {
                    self.add_marker(meta.due, id, Durability::Synced)?;
                    fixed += 1;
                }
                // A damaged entry stays for `outbox list` to name; the rest is repaired.
                Ok(_) | Err(OutboxError::NotFound(_)) | Err(OutboxError::Damaged { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        self.clean_leftovers()?;
        Ok(fixed)
    }

    /// Removes what writes cut short by a crash leave behind: temp files whose writer is gone
    /// (nobody holds their lock, and their process is dead or they are over an hour old), and
    /// message files with no meta (an enqueue killed before its meta was written, or a sent
    /// entry's filing killed before the message was removed). Files locked by a live writer
    /// are never touched. Returns how many files went.
    pub fn clean_leftovers(&self) -> Result<usize> {
        let mut removed = 0;
        let tmp = self.root.join("tmp");
        for e in fs::read_dir(&tmp).map_err(OutboxError::io(&tmp))? {
            let e = e.map_err(OutboxError::io(&tmp))?;
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if abandoned(&path, &name).is_some() && fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        let msg = self.root.join("msg");
        for e in fs::read_dir(&msg).map_err(OutboxError::io(&msg))? {
            let name = e.map_err(OutboxError::io(&msg))?.file_name();
            let name = name.to_string_lossy();
            let Some(id) = name.strip_suffix(".eml") else {
                continue;
            };
            if self.meta_path(id).exists() {
                continue;
            }
            // Held by a live enqueue (or runner): not a leftover.
            let Ok(Some(_claim)) = self.claim(id) else {
                continue;
            };
            if !self.meta_path(id).exists() {
                let path = self.msg_path(id);
                match fs::remove_file(&path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(OutboxError::io(&path)(e)),
                }
            }
        }
        if removed > 0 {
            sync_dir(&msg)?;
        }
        Ok(removed)
    }
}

/// Refuses a queue folder another user owns or group or others can write to; a folder of the
/// user's own that others can only read (made by `mkdir` under a usual umask) becomes 0700. A
/// symbolic link is allowed for the root only (`link_ok`), and only its target is checked:
/// nothing is chmodded through it.
fn check_private_dir(dir: &Path, link_ok: bool) -> Result<()> {
    let unsafe_dir = |message: String| OutboxError::Unsafe {
        path: dir.to_path_buf(),
        message,
    };
    let link = fs::symlink_metadata(dir).map_err(OutboxError::io(dir))?;
    let is_link = link.file_type().is_symlink();
    if is_link && !link_ok {
        return Err(unsafe_dir(
            "a symbolic link inside the outbox; the queue's folders must be real folders".into(),
        ));
    }
    let meta = fs::metadata(dir).map_err(OutboxError::io(dir))?;
    if !meta.is_dir() {
        return Err(unsafe_dir("not a folder".into()));
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(unsafe_dir(format!(
            "owned by user id {}, not by you ({me}): anyone who owns the outbox can put mail in \
             it that you would send; use a folder of your own (`[outbox] path`)",
            meta.uid()
        )));
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 != 0 {
        return Err(unsafe_dir(format!(
            "group or others can write to it (mode {mode:o}): they could put mail in it that \
             you would send; check what is in it, then `chmod 700 {}`",
            dir.display()
        )));
    }
    if mode & 0o077 != 0 && !is_link {
        // Opened without following a link, and chmodded through that handle.
        let f = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_DIRECTORY)
            .open(dir)
            .map_err(OutboxError::io(dir))?;
        f.set_permissions(fs::Permissions::from_mode(0o700))
            .map_err(OutboxError::io(dir))?;
    }
    Ok(())
}

/// The marker `file` in the hour folder `hour` (`""`: directly in `due/`).
fn parse_marker(hour: &str, file: &str) -> Option<Marker> {
    let (stamp, id) = file.split_once('_')?;
    let due = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some(Marker {
        due: due.and_utc(),
        id: id.to_string(),
        name: if hour.is_empty() {
            file.to_string()
        } else {
            format!("{hour}/{file}")
        },
    })
}

/// A temp file (`<name>.<pid>.<n>`) whose writer is gone: nobody holds its lock, and its
/// process is dead or it is over an hour old. Returns it opened and locked.
fn abandoned(path: &Path, name: &str) -> Option<File> {
    let file = File::open(path).ok()?;
    file.try_lock().ok()?;
    let writer_alive = name
        .rsplit('.')
        .nth(1)
        .and_then(|pid| pid.parse::<u32>().ok())
        .is_some_and(|pid| {
            pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
        });
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let old = file
        .metadata()
        .and_then(|m| m.modified())
        .is_ok_and(|t| t < hour_ago);
    (!writer_alive || old).then_some(file)
}

/// A meta file is a few hundred bytes; a larger one than this is damage, not read in full.
pub const MAX_META_BYTES: u64 = 1024 * 1024;

/// Reads a meta file, at most [`MAX_META_BYTES`] + 1 bytes of it (so a huge file costs nothing).
fn read_meta_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    File::open(path)?
        .take(MAX_META_BYTES + 1)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// A meta file's bytes as an entry: any damage (truncated or invalid JSON, a missing field, a
/// file over [`MAX_META_BYTES`]) is an [`OutboxError::Damaged`] naming the file, never a panic.
pub fn parse_meta(path: &Path, bytes: &[u8]) -> Result<Meta> {
    let damaged = |message: String| OutboxError::Damaged {
        path: path.to_path_buf(),
        message,
    };
    if bytes.len() as u64 > MAX_META_BYTES {
        return Err(damaged(format!(
            "over {MAX_META_BYTES} bytes; a queue entry's meta is a few hundred"
        )));
    }
    let mut meta: Meta = serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
    // The entry's name is its file's, never what the file says: an `id` like "../../x" would
    // otherwise name the files written for it.
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| valid_id(s))
        .ok_or_else(|| damaged("its file name is not a queue id".into()))?;
    if meta.id != name {
        return Err(damaged(format!(
            "it says its id is `{}`, but its file is named `{name}`",
            meta.id.escape_debug()
        )));
    }
    meta.id = name.to_string();
    Ok(meta)
}

/// Ids are what `new_id` makes; anything else (a path, `..`) is not an entry.
pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(OutboxError::io(dir))
}

fn sync_dir_if(dir: &Path, d: Durability) -> Result<()> {
    match d {
        Durability::Synced => sync_dir(dir),
        Durability::Deferred => Ok(()),
    }
}

#[cfg(target_os = "linux")]
fn sync_filesystem_of(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: syncfs only reads the descriptor, which `file` keeps open during the call.
    if unsafe { libc::syncfs(file.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn sync_filesystem_of(_file: &File) -> std::io::Result<()> {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
    Ok(())
}

mod sent;

#[cfg(test)]
mod tests;
