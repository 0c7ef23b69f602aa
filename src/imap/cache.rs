//! The local cache of one IMAP folder (see the module doc of `crate::imap` for why plain files).
//!
//! `<cache>/mailcheck/imap/<account>/<folder>/state.json` and `seg-<first uid>.bin` files, each
//! a sequence of records: `uid: u32 LE`, `internal_date: i64 LE`, `len: u32 LE`, `len` bytes of
//! the message. Every file is written to a temporary file, fsynced, renamed, and the folder
//! fsynced; `state.json` is written last, so it only ever names complete segments.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{ImapError, ImapUrl};

/// The cache format; a state of another version is dropped and fetched again.
const VERSION: u32 = 1;
/// A record longer than this is not a record (the cache is read as untrusted input).
const MAX_RECORD: u32 = 1 << 30;

/// `state.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct State {
    pub version: u32,
    pub uidvalidity: u32,
    pub uidnext: u32,
    /// The folder's HIGHESTMODSEQ when the server has CONDSTORE.
    pub highestmodseq: Option<u64>,
    /// UIDs the server had at the last sync (expunged messages leave this list).
    pub uids: BTreeSet<u32>,
    /// UIDs whose message is in a segment.
    pub fetched: BTreeSet<u32>,
    /// Segment file names, oldest first.
    pub segments: Vec<String>,
}

/// One cached message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub uid: u32,
    pub internal_date: i64,
    pub bytes: Vec<u8>,
}

/// The cache folder of one IMAP folder.
#[derive(Debug, Clone)]
pub struct FolderCache {
    pub dir: PathBuf,
}

/// `$XDG_CACHE_HOME/mailcheck/imap` (or `~/.cache/...`).
pub fn root() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .ok()
        .map(|b| b.cache_dir().join("mailcheck").join("imap"))
}

/// The longest cache folder name kept readable in full; longer ones keep a prefix this long and
/// a hash of the whole name. File systems allow 255 bytes per name, and percent-encoding makes a
/// Cyrillic letter 6 bytes, so a 43-letter Russian folder name would not fit.
const MAX_NAME: usize = 200;

/// `name` as one file name: percent-encoded (no `/`, no `..`), at most 200 + 1 + 32 bytes.
fn safe(name: &str) -> String {
    let encoded = utf8_percent_encode(name, NON_ALPHANUMERIC).to_string();
    if encoded.len() <= MAX_NAME {
        return encoded;
    }
    // Cut before a `%XX` escape, never inside one (the encoded text is ASCII).
    let mut cut = MAX_NAME;
    while let Some(i) = encoded[..cut].rfind('%').filter(|&i| i + 3 > cut) {
        cut = i;
    }
    let digest = Sha256::digest(name.as_bytes());
    let hash: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("{}~{hash}", &encoded[..cut])
}

impl FolderCache {
    /// The cache of `url`'s folder under `root`.
    pub fn new(root: &Path, url: &ImapUrl) -> Self {
        let folder = url.folder.as_deref().unwrap_or("INBOX");
        FolderCache {
            dir: root.join(safe(&url.account())).join(safe(folder)),
        }
    }

    fn err(&self, path: &Path) -> impl Fn(std::io::Error) -> ImapError + use<> {
        let path = path.to_path_buf();
        move |source| ImapError::Cache {
            path: path.clone(),
            source,
        }
    }

    /// The state, or an empty one when there is none or it does not parse.
    pub fn state(&self) -> State {
        let Ok(text) = std::fs::read(self.dir.join("state.json")) else {
            return State::default();
        };
        match serde_json::from_slice::<State>(&text) {
            Ok(s) if s.version == VERSION && s.segments.iter().all(|n| is_segment_name(n)) => s,
            _ => State::default(),
        }
    }

    /// Creates the folder (mode 0700: it holds mail).
    pub fn create(&self) -> Result<(), ImapError> {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)
            .map_err(self.err(&self.dir))
    }

    /// Drops everything (a changed UIDVALIDITY).
    pub fn clear(&self) -> Result<(), ImapError> {
        match std::fs::remove_dir_all(&self.dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.err(&self.dir)(e)),
        }
    }

    /// Writes `entries` as a new segment and returns its name (not yet in the state).
    pub fn write_segment(&self, entries: &[Entry]) -> Result<String, ImapError> {
        let first = entries.first().map_or(0, |e| e.uid);
        let name = format!("seg-{first:010}.bin");
        let mut buf = Vec::with_capacity(entries.iter().map(|e| e.bytes.len() + 16).sum());
        for e in entries {
            buf.extend_from_slice(&e.uid.to_le_bytes());
            buf.extend_from_slice(&e.internal_date.to_le_bytes());
            let len = u32::try_from(e.bytes.len()).unwrap_or(u32::MAX);
            buf.extend_from_slice(&len.to_le_bytes());
            buf.extend_from_slice(&e.bytes[..len as usize]);
        }
        self.write_atomic(&name, &buf)?;
        Ok(name)
    }

    /// Writes the state (last, after the segments it names).
    pub fn write_state(&self, state: &State) -> Result<(), ImapError> {
        let mut s = state.clone();
        s.version = VERSION;
        let bytes = serde_json::to_vec(&s).map_err(|e| self.err(&self.dir)(e.into()))?;
        self.write_atomic("state.json", &bytes)
    }

    fn write_atomic(&self, name: &str, bytes: &[u8]) -> Result<(), ImapError> {
        let dest = self.dir.join(name);
        let tmp = self.dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let err = self.err(&tmp);
        let mut f = File::create(&tmp).map_err(&err)?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(&err)?;
        drop(f);
        std::fs::rename(&tmp, &dest).map_err(self.err(&dest))?;
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(self.err(&self.dir))
    }

    /// Calls `each` with every cached message whose UID is in `state.uids`, segment by segment,
    /// in UID order within a segment. A damaged segment ends its reading with an error.
    pub fn for_each(&self, state: &State, each: &mut dyn FnMut(Entry)) -> Result<(), ImapError> {
        for name in &state.segments {
            let path = self.dir.join(name);
            let err = self.err(&path);
            let mut r = BufReader::new(File::open(&path).map_err(&err)?);
            loop {
                let mut head = [0u8; 16];
                if !read_exact_or_eof(&mut r, &mut head).map_err(&err)? {
                    break;
                }
                let uid = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
                let mut date = [0u8; 8];
                date.copy_from_slice(&head[4..12]);
                let internal_date = i64::from_le_bytes(date);
                let len = u32::from_le_bytes([head[12], head[13], head[14], head[15]]);
                if len > MAX_RECORD {
                    return Err(err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "damaged segment (record too long); delete the folder's cache",
                    )));
                }
                let mut bytes = Vec::new();
                (&mut r)
                    .take(u64::from(len))
                    .read_to_end(&mut bytes)
                    .map_err(&err)?;
                if bytes.len() != len as usize {
                    return Err(err(std::io::ErrorKind::UnexpectedEof.into()));
                }
                if state.uids.contains(&uid) {
                    each(Entry {
                        uid,
                        internal_date,
                        bytes,
                    });
                }
            }
        }
        Ok(())
    }
}

fn is_segment_name(n: &str) -> bool {
    n.starts_with("seg-")
        && n.ends_with(".bin")
        && n[4..n.len() - 4].bytes().all(|b| b.is_ascii_digit())
}

/// Fills `buf`; `false` at a clean end of file.
fn read_exact_or_eof(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<bool> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..])? {
            0 if got == 0 => return Ok(false),
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => got += n,
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_round_trip_and_expunged_uids_are_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let url = ImapUrl::parse("imaps://me@h/Sent%20Items").unwrap();
        let c = FolderCache::new(tmp.path(), &url);
        assert!(c.dir.ends_with("me%40h/Sent%20Items"));
        c.create().unwrap();
        let entries: Vec<Entry> = (1..=3)
            .map(|uid| Entry {
                uid,
                internal_date: 1_700_000_000 + i64::from(uid),
                bytes: format!("Subject: {uid}\n\nbody").into_bytes(),
            })
            .collect();
        let seg = c.write_segment(&entries).unwrap();
        let state = State {
            uidvalidity: 7,
            uidnext: 4,
            uids: [1, 3].into(),
            fetched: [1, 2, 3].into(),
            segments: vec![seg],
            ..State::default()
        };
        c.write_state(&state).unwrap();
        let back = c.state();
        assert_eq!(back.uidvalidity, 7);
        let mut got = Vec::new();
        c.for_each(&back, &mut |e| got.push(e)).unwrap();
        assert_eq!(got, vec![entries[0].clone(), entries[2].clone()]);
        // No temporary file is left behind.
        let names: Vec<String> = std::fs::read_dir(&c.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }

    #[test]
    fn long_folder_names_fit_in_one_file_name_and_stay_apart() {
        let tmp = tempfile::tempdir().unwrap();
        // 60 Cyrillic letters: 360 bytes percent-encoded.
        let long = "Клиенты/ООО Ромашка/Заказы и счета за две тысячи двадцать шестой";
        let other = format!("{long} (архив)");
        let dir = |folder: &str| {
            let url = ImapUrl {
                folder: Some(folder.to_string()),
                ..ImapUrl::parse("imaps://me@h/INBOX").unwrap()
            };
            FolderCache::new(tmp.path(), &url)
        };
        let (a, b) = (dir(long), dir(&other));
        for c in [&a, &b] {
            let name = c.dir.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.len() <= 255, "{} bytes: {name}", name.len());
            assert!(!name.contains('/') && name.is_ascii(), "{name}");
            c.create().unwrap();
        }
        assert_ne!(a.dir, b.dir);
        // The same name always maps to the same folder; short names stay as they were.
        assert_eq!(dir(long).dir, a.dir);
        assert_eq!(safe("Sent Items"), "Sent%20Items");
        // A cut never splits a %XX escape.
        for n in 195..205 {
            let s = safe(&"я".repeat(n));
            let prefix = s.split('~').next().unwrap();
            assert!(
                prefix.len().is_multiple_of(3) && !prefix.ends_with('%'),
                "{prefix}"
            );
        }
    }

    #[test]
    fn a_damaged_cache_is_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let url = ImapUrl::parse("imaps://me@h/INBOX").unwrap();
        let c = FolderCache::new(tmp.path(), &url);
        c.create().unwrap();
        std::fs::write(c.dir.join("state.json"), b"{not json").unwrap();
        assert_eq!(c.state(), State::default());
        std::fs::write(
            c.dir.join("state.json"),
            br#"{"version":1,"uidvalidity":1,"uidnext":2,"highestmodseq":null,"uids":[1],"fetched":[1],"segments":["../../etc/passwd"]}"#,
        )
        .unwrap();
        assert_eq!(c.state(), State::default());
        std::fs::write(
            c.dir.join("seg-0000000001.bin"),
            [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255],
        )
        .unwrap();
        let state = State {
            version: 1,
            uids: [1].into(),
            fetched: [1].into(),
            segments: vec!["seg-0000000001.bin".into()],
            ..State::default()
        };
        assert!(c.for_each(&state, &mut |_| {}).is_err());
    }
}
