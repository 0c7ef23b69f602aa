//! A runner's batch journal: what a batch did, durable one record at a time, so that the queue
//! files themselves need to be synced only once per batch.
//!
//! A batch (the due entries that will share one SMTP connection, [`super::runner`]) opens a
//! journal in `<outbox>/journal/` with a record for every entry it marks `sending`, synced
//! before the first attempt. After each attempt the entry's files are written (not synced) and
//! then the attempt's outcome is appended to the journal and synced: **one `fdatasync` per
//! message**. That sync runs while the next message's transaction starts (MAIL, RCPT, DATA), and
//! the next message's data goes out only once it has returned ([`super::smtp::Sender::deliver`]),
//! so no server can have accepted two messages whose outcomes are not both durable. When the
//! batch is over, one `syncfs` makes every file it wrote durable, the sent entries are filed, and
//! the journal is removed.
//!
//! A record is one line: a 64-bit FNV-1a hash of the JSON in hex, a space, the JSON (`{"meta":
//! ..., "old_due": ...}`: the entry's whole meta after the change, and the due time of the
//! marker it had). The file is filled with zeros ahead of the records when it is made (and
//! synced then), so appending a record changes no file size or block and its `fdatasync` writes
//! just that data. Reading stops at the first zero byte or the first line that does not hash
//! right (a write cut short by a power loss).
//!
//! Why nothing is lost or sent twice:
//!
//! - A runner killed (SIGKILL) at any point: the kernel keeps everything it wrote. The entry files
//!   are written before each outcome record, so they are never older than the journal; a batch's
//!   `sending` records are written before the files, and a `sending` mark the files lack means
//!   the entry was not tried yet. The claims (locks on the messages) go with the process; the next
//!   runner sends again what is `sending` (at-least-once, same Message-ID): only the one message
//!   whose 250 came back while the runner died is sent twice, SMTP's own window.
//! - A power loss: the files written since the batch began may be old or (on a filesystem that
//!   does not order a rename after the data it names) damaged; the journal holds, synced, every
//!   `sending` mark and every outcome whose record returned. [`replay`] (at the start of every
//!   runner pass, and before `cancel`, `retry` and `reschedule` touch an entry) applies each
//!   record that is newer than the entry's file, or whose file is damaged, with synced writes,
//!   gives every entry it names a marker if its meta is scheduled, files `sent` ones, and only
//!   then removes the journal. A `sent` outcome lost with the power was not recorded yet: that
//!   message is sent again, the same window as above.
//! - Two runners: the live runner holds an exclusive `flock` on its journal for the whole batch
//!   (and the claims of every entry in it). [`replay`] skips locked journals, and runs under an
//!   exclusive lock on the `journal/` directory, so only one process replays at a time and no
//!   runner sends anything before the journals it could replay are applied.
//! - A journal left by a runner killed while another runner was already past its replay is
//!   applied by a later replay; by then the entries may have moved on, which is why a record is
//!   applied only if it is newer than the file: more attempts, or the same attempt's outcome over
//!   its `sending` mark.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::OutboxError;
use super::entry::{self, Meta, State};
use super::store::{Claim, Durability, Store};

type Result<T> = std::result::Result<T, OutboxError>;

/// One change to one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The entry's meta after the change.
    pub meta: Meta,
    /// The due time of the marker the entry had when the batch claimed it.
    pub old_due: DateTime<Utc>,
}

/// The least zero space made ahead of the records, and the step it grows by.
const RESERVE: u64 = 64 * 1024;

/// An open journal, locked by this process until it is removed or dropped.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    /// Where the next record goes.
    end: u64,
    /// The file's size (zeros from `end` on).
    size: u64,
}

impl Journal {
    /// Makes a journal holding `records` (the batch's `sending` marks), durable (file and
    /// directory synced) when it returns. It is made under a hidden name, locked, and renamed
    /// into place, so a replay never sees it unlocked. The hidden file is made and locked under
    /// the lock [`replay`] holds on the `journal/` directory: a replay that finds one unlocked
    /// knows its maker died.
    pub fn begin(store: &Store, records: &[Record]) -> Result<Journal> {
        let mut bytes = Vec::new();
        for r in records {
            bytes.extend_from_slice(&line(r)?);
        }
        let end = bytes.len() as u64;
        let size = (end * 2 + RESERVE).next_multiple_of(4096);
        bytes.resize(size as usize, 0);
        let (file, path) = create_file(&store.root().join("journal"), &bytes)?;
        Ok(Journal {
            file,
            path,
            end,
            size,
        })
    }

    /// Appends a record, durable when it returns: one `fdatasync` (the space was zero-filled and
    /// synced when the journal was made, so no metadata changes), unless the record does not fit
    /// and the zeros are extended first (synced, with the size).
    pub fn append(&mut self, record: &Record) -> Result<()> {
        let line = line(record)?;
        let io = OutboxError::io(&self.path);
        let written = (|| {
            let need = self.end + line.len() as u64;
            if need > self.size {
                let grown = (need + RESERVE).next_multiple_of(4096);
                let zeros = vec![0u8; (grown - self.size) as usize];
                self.file.write_all_at(&zeros, self.size)?;
                self.file.sync_all()?;
                self.size = grown;
            }
            self.file.write_all_at(&line, self.end)?;
            self.file.sync_data()
        })();
        written.map_err(io)?;
        self.end += line.len() as u64;
        Ok(())
    }

    /// Removes the journal (its batch's files are durable), and syncs the directory: a journal
    /// must never come back after the entries it names have moved on.
    pub fn remove(self) -> Result<()> {
        fs::remove_file(&self.path).map_err(OutboxError::io(&self.path))?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(OutboxError::io(dir))
    }
}

/// A record as a journal line.
fn line(record: &Record) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(record).map_err(|e| OutboxError::Damaged {
        path: PathBuf::from("journal"),
        message: e.to_string(),
    })?;
    let mut out = format!("{:016x} ", fnv1a(&json)).into_bytes();
    out.extend_from_slice(&json);
    out.push(b'\n');
    Ok(out)
}

/// 64-bit FNV-1a: enough to tell a whole record from one a power loss cut short.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The records of a journal's bytes, up to the first zero byte or damaged line.
pub fn parse(bytes: &[u8]) -> Vec<Record> {
    let used = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let mut out = Vec::new();
    for l in bytes[..used].split(|&b| b == b'\n') {
        let Some((hash, json)) = l.split_first_chunk::<17>() else {
            break;
        };
        let ok = std::str::from_utf8(&hash[..16])
            .ok()
            .and_then(|h| u64::from_str_radix(h, 16).ok())
            .is_some_and(|h| hash[16] == b' ' && h == fnv1a(json));
        match serde_json::from_slice::<Record>(json) {
            Ok(r) if ok => out.push(r),
            _ => break,
        }
    }
    out
}

/// Whether `record` says something newer about its entry than `file`: a later attempt, or the
/// outcome of the attempt `file` shows as `sending`.
fn newer(record: &Meta, file: &Meta) -> bool {
    record.attempts > file.attempts
        || (record.attempts == file.attempts
            && file.state == State::Sending
            && record.state != State::Sending)
}

/// Applies the journals that no live runner holds (see the module documentation), then removes
/// them, after the intake journals of dead servers ([`super::intake::replay`]). Returns how many
/// records changed an entry.
pub fn replay(store: &Store) -> Result<usize> {
    // The entries a dead server accepted first: a record here may be about one of them.
    super::intake::replay(store)?;
    let dir = store.root().join("journal");
    // An outbox from before journals has no folder (`Store::open` makes it).
    let Some((guard, names)) = lock_journals(&dir)? else {
        return Ok(0);
    };
    let mut applied = 0;
    for path in names {
        // None: a live runner's batch (its entries are claimed by it), or one its runner removed
        // as we opened it.
        let Some(mut file) = open_dead(&path)? else {
            continue;
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(OutboxError::io(&path))?;
        let mut sent = Vec::new();
        for record in parse(&bytes) {
            let (changed, filing) = apply(store, &record)?;
            applied += usize::from(changed);
            sent.extend(filing);
        }
        // The sent entries, filed as a batch files them: copies and metas written, one sync,
        // then moved (claims held until then).
        for ToFile { meta, .. } in &sent {
            let copy = || {
                let stored = store.message(&meta.id)?;
                Ok(entry::sent_copy(
                    &stored,
                    meta.sender_time(meta.sent_at.unwrap_or(meta.due)),
                ))
            };
            store.ensure_sent_copy(meta, copy, Durability::Deferred)?;
            store.write_meta(meta, Durability::Deferred)?;
        }
        if !sent.is_empty() {
            store.sync_filesystem()?;
            let filing: Vec<(Meta, DateTime<Utc>)> =
                sent.iter().map(|f| (f.meta.clone(), f.old_due)).collect();
            store.file_sent(&filing)?;
        }
        fs::remove_file(&path).map_err(OutboxError::io(&path))?;
        guard.sync_all().map_err(OutboxError::io(&dir))?;
    }
    Ok(applied)
}

/// A sent entry for [`replay`] to file, claimed.
struct ToFile {
    meta: Meta,
    old_due: DateTime<Utc>,
    _claim: Claim,
}

/// Applies one record (see [`replay`]) with synced writes, except that an entry recorded `sent`
/// is returned, claimed, for the caller to file with the others. Returns whether the record
/// changed the entry.
fn apply(store: &Store, record: &Record) -> Result<(bool, Option<ToFile>)> {
    let id = &record.meta.id;
    let claim = match store.claim(id) {
        Ok(Some(c)) => c,
        // Claimed by a live runner, which read the files (never older than the journal of a
        // killed runner); or filed, or cancelled.
        Ok(None) | Err(OutboxError::NotFound(_)) => return Ok((false, None)),
        Err(e) => return Err(e),
    };
    let file = match store.load_active(id) {
        Ok(m) => Some(m),
        Err(OutboxError::NotFound(_)) => return Ok((false, None)), // filed in done/
        Err(OutboxError::Damaged { .. }) => None,
        Err(e) => return Err(e),
    };
    let (meta, changed) = match file {
        Some(f) if !newer(&record.meta, &f) => (f, false),
        _ => (record.meta.clone(), true),
    };
    if meta.state == State::Sent {
        // Recorded sent (now, or before a power loss cut its filing short).
        return Ok((
            changed,
            Some(ToFile {
                meta,
                old_due: record.old_due,
                _claim: claim,
            }),
        ));
    }
    if changed {
        store.update(&meta, record.old_due, Durability::Synced)?;
    } else if meta.is_scheduled() && !store.has_marker(meta.due, id) {
        // The file is right, but a power loss may have taken its marker.
        store.add_marker(meta.due, id, Durability::Synced)?;
    }
    Ok((changed, None))
}

/// Opens a journal file for replay if no live process holds it: `None` when it is gone, locked
/// by its maker (who is alive and applies it itself), or removed (unlinked) by its maker as it
/// was opened. The lock taken lasts as long as the file. Shared by the runner's batch journals
/// and `serve`'s intake journals.
pub(super) fn open_dead(path: &Path) -> Result<Option<File>> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(OutboxError::io(path)(e)),
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => return Ok(None),
        Err(fs::TryLockError::Error(e)) => return Err(OutboxError::io(path)(e)),
    }
    if file.metadata().is_ok_and(|m| m.nlink() == 0) {
        return Ok(None);
    }
    Ok(Some(file))
}

/// The journals in `dir` for a replay to read, oldest first (names start with the time they were
/// made: a later record about an entry is applied after an earlier one), with `dir`'s lock held
/// by the returned guard (blocking while another replay holds it). A hidden `.*.new` file whose
/// maker died is removed on the way: it was never renamed into place and holds nothing, and its
/// maker made and locked it under the lock held here, so an unlocked one has no maker left.
/// `None` when `dir` is missing or holds no journal. Shared by the runners' batch journals
/// (`journal/`) and `serve`'s intake journals (`intake/`).
pub(super) fn lock_journals(dir: &Path) -> Result<Option<(File, Vec<PathBuf>)>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut logs: Vec<PathBuf> = Vec::new();
    let mut half_made: Vec<PathBuf> = Vec::new();
    for e in fs::read_dir(dir).map_err(OutboxError::io(dir))? {
        let path = e.map_err(OutboxError::io(dir))?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with('.') && name.ends_with(".new") {
            half_made.push(path);
        } else if name.ends_with(".log") {
            logs.push(path);
        }
    }
    if logs.is_empty() && half_made.is_empty() {
        return Ok(None);
    }
    let guard = File::open(dir).map_err(OutboxError::io(dir))?;
    guard.lock().map_err(OutboxError::io(dir))?;
    for path in half_made {
        if matches!(open_dead(&path), Ok(Some(_))) {
            let _ = fs::remove_file(&path);
        }
    }
    logs.sort();
    Ok(Some((guard, logs)))
}

/// Makes a journal file in `dir` holding `bytes`, durable (file and directory synced) when it
/// returns: written under a hidden name, locked, and renamed into place, so a replay never sees
/// it unlocked. The hidden file is made and locked under the lock a replay holds on `dir`, so a
/// replay that finds one unlocked knows its maker died. Shared by the runner's batch journals
/// (`journal/`) and `serve`'s intake journals (`intake/`).
pub(super) fn create_file(dir: &Path, bytes: &[u8]) -> Result<(File, PathBuf)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let name = format!(
        "{stamp}.{}.{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let hidden = dir.join(format!(".{name}.new"));
    let path = dir.join(format!("{name}.log"));
    let file = {
        let guard = File::open(dir).map_err(OutboxError::io(dir))?;
        guard.lock().map_err(OutboxError::io(dir))?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&hidden)
            .map_err(OutboxError::io(&hidden))?;
        if let Err(e) = file.lock() {
            let _ = fs::remove_file(&hidden);
            return Err(OutboxError::io(&hidden)(e));
        }
        file
    };
    let made = (&file)
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&hidden, &path))
        .and_then(|()| File::open(dir)?.sync_all());
    if let Err(e) = made {
        let _ = fs::remove_file(&hidden);
        let _ = fs::remove_file(&path);
        return Err(OutboxError::io(&path)(e));
    }
    Ok((file, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, attempts: u32, state: State) -> Meta {
        Meta {
            state,
            attempts,
            subject: Some("s".into()),
            ..Meta::sample(id, "2026-11-23T08:00:00Z")
        }
    }

    #[test]
    fn records_round_trip_and_reading_stops_at_a_torn_or_zero_tail() {
        let r1 = Record {
            meta: meta("a1", 1, State::Sending),
            old_due: meta("a1", 0, State::Queued).due,
        };
        let r2 = Record {
            meta: meta("a1", 1, State::Sent),
            old_due: r1.old_due,
        };
        let mut bytes = line(&r1).unwrap();
        bytes.extend_from_slice(&line(&r2).unwrap());
        assert_eq!(parse(&bytes), [r1.clone(), r2.clone()]);
        // Zeros after the records (the reserved space).
        let mut zeros = bytes.clone();
        zeros.resize(bytes.len() + 4096, 0);
        assert_eq!(parse(&zeros), [r1.clone(), r2.clone()]);
        // The second record cut short, or one byte of it changed: only the first is read.
        let first = line(&r1).unwrap().len();
        for cut in first + 1..bytes.len() - 1 {
            assert_eq!(
                parse(&bytes[..cut]),
                std::slice::from_ref(&r1),
                "cut at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        flipped[first + 40] ^= 1;
        assert_eq!(parse(&flipped), [r1]);
        assert_eq!(parse(b""), []);
    }

    #[test]
    fn a_record_is_newer_by_attempt_or_as_the_outcome_of_a_sending_mark() {
        let f = meta("a", 2, State::Sending);
        assert!(newer(&meta("a", 3, State::Sending), &f));
        assert!(newer(&meta("a", 2, State::Sent), &f));
        assert!(newer(&meta("a", 2, State::Deferred), &f));
        assert!(!newer(&meta("a", 2, State::Sending), &f));
        assert!(!newer(&meta("a", 1, State::Sent), &f));
        // The file moved on after the record (retried by hand): the record is old.
        assert!(!newer(
            &meta("a", 2, State::Failed),
            &meta("a", 2, State::Queued)
        ));
    }

    #[test]
    fn appends_fill_the_reserve_then_grow_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let first = Record {
            meta: meta("b1", 1, State::Sending),
            old_due: meta("b1", 0, State::Queued).due,
        };
        let mut j = Journal::begin(&store, std::slice::from_ref(&first)).unwrap();
        let size = fs::metadata(&j.path).unwrap().len();
        let mut want = vec![first];
        // Enough records to outgrow the reserve at least once.
        for i in 0..(2 * RESERVE / 400) {
            let r = Record {
                meta: meta(&format!("c{i}"), 1, State::Sent),
                old_due: want[0].old_due,
            };
            j.append(&r).unwrap();
            want.push(r);
        }
        assert!(fs::metadata(&j.path).unwrap().len() > size);
        assert_eq!(parse(&fs::read(&j.path).unwrap()), want);
        // Locked while open: a replay leaves it alone.
        assert_eq!(replay(&store).unwrap(), 0);
        assert!(j.path.exists());
        let path = j.path.clone();
        j.remove().unwrap();
        assert!(!path.exists());
    }

    #[test]
    fn a_half_made_journal_is_removed_at_once_unless_its_maker_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let journals = dir.path().join("journal");
        // A runner killed while making its journal (a second ago): no lock, never renamed.
        let dead = journals.join(".1.1.0.new");
        fs::write(&dead, [0u8; 16]).unwrap();
        // A maker still at it: locked.
        let live = journals.join(".2.2.0.new");
        fs::write(&live, [0u8; 16]).unwrap();
        let held = File::open(&live).unwrap();
        held.lock().unwrap();
        assert_eq!(replay(&store).unwrap(), 0);
        assert!(!dead.exists());
        assert!(live.exists());
        drop(held);
        replay(&store).unwrap();
        assert!(!live.exists());
    }
}
