//! Reading the user's mailboxes into one list of [`Record`]s.
//!
//! A path given on the command line is:
//! - a Maildir (a folder with `cur/` and `new/`, as mutt, neomutt, notmuch and the outbox's
//!   `sent/` keep them);
//! - an mbox file (starts with a `From ` line, as Thunderbird and `mutt -f` exports keep them);
//! - one message file (`.eml`);
//! - a folder of those (`~/Mail` with `INBOX/`, `Sent/`, Maildir++ `.Sent/`, mbox files), read
//!   one level down.
//!
//! Each message is parsed once into the draft model (mail-parser, own text, language), handed to
//! the caller's `analyze` (which keeps what it needs: a category, whether it asks something), and
//! dropped: memory grows with the records, not with the messages' size. Messages are parsed in
//! parallel, in batches. A message that is not one (or over `[limits]`) is skipped and counted.
//!
//! A message is **outgoing** when it is in a sent folder (by name, `lints/desk.toml`
//! `sent_folders`; `[desk] sent`; the outbox's `sent/`), or its From is one of `[desk] me` or of
//! the From addresses found in the sent folders. Everything else is incoming.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::desk::{DeskError, DeskSettings, address_in};
use crate::draft::{Draft, Lang, parse_draft_limited};
use crate::imap::{ImapUrl, Special, Want, is_imap_url};
use crate::lexicon::Scope;
use crate::limits::Limits;
use crate::rules::RuleEnv;

/// Messages parsed per parallel batch.
const BATCH: usize = 512;
/// The progress bar shows from this many bytes of mail on (smaller mailboxes are read at once).
const PROGRESS_FROM_BYTES: u64 = 16 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Received: from a client (or anyone who is not you).
    Incoming,
    /// Sent by you.
    Outgoing,
}

/// One message of a mailbox, as the desk view needs it.
#[derive(Debug, Clone, Serialize)]
pub struct Record<X> {
    /// Where it is: the file of a Maildir message or `.eml`; `mbox:N` for the N-th (1-based)
    /// message of an mbox file.
    pub source: String,
    /// Message-ID without angle brackets.
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// The From address, lower-cased.
    pub from: Option<String>,
    /// The From display name.
    pub from_name: Option<String>,
    /// To and Cc addresses, lower-cased.
    pub to: Vec<String>,
    /// The Date header; the file's time (Maildir) or the `From ` line (mbox) when it has none.
    pub date: DateTime<Utc>,
    pub subject: String,
    pub direction: Direction,
    /// An auto-reply, a bounce, a mailing list or a newsletter: nobody waits for an answer.
    pub automated: bool,
    pub language: Lang,
    /// What the caller's `analyze` kept from the parsed message.
    pub extra: X,
}

/// What [`load`] read.
#[derive(Debug)]
pub struct Loaded<X> {
    /// Every message, oldest first, each Message-ID once.
    pub records: Vec<Record<X>>,
    /// Messages that were not read, each as "source: why".
    pub skipped: Vec<String>,
    /// The addresses that are you: `[desk] me` and the From addresses found in sent folders.
    pub me: Vec<String>,
}

/// One message before parsing.
struct Raw {
    source: String,
    bytes: Vec<u8>,
    /// Seconds since the epoch: the file's mtime or the mbox `From ` line's date.
    internal_date: u64,
    in_sent: bool,
}

/// A mailbox found under a path given by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mailbox {
    Maildir { path: PathBuf, sent: bool },
    Mbox { path: PathBuf, sent: bool },
    File { path: PathBuf, sent: bool },
}

impl Mailbox {
    fn path(&self) -> &Path {
        match self {
            Mailbox::Maildir { path, .. }
            | Mailbox::Mbox { path, .. }
            | Mailbox::File { path, .. } => path,
        }
    }
}

/// Reads every message of `paths` (and of `[desk] sent`, and the outbox's `sent/` when it
/// exists). `analyze` runs once per parsed message, in parallel. A progress bar shows on a
/// terminal when `progress` is set and the mail is large enough to wait for.
pub fn load<X, F>(
    paths: &[PathBuf],
    desk: &DeskSettings,
    env: &RuleEnv,
    progress: bool,
    analyze: F,
) -> Result<Loaded<X>, DeskError>
where
    X: Send,
    F: Fn(&Draft) -> X + Sync,
{
    let mut boxes = Vec::new();
    // IMAP URLs (`imaps://user@host/INBOX`): synced into the local cache, then read from it.
    let mut imap_urls: Vec<ImapUrl> = Vec::new();
    let mut imap_sent: Vec<ImapUrl> = Vec::new();
    for p in paths {
        match p.to_str().filter(|s| is_imap_url(s)) {
            Some(s) => imap_urls.push(ImapUrl::parse(s)?),
            None => boxes.extend(discover(p, desk, true)?),
        }
    }
    for p in &desk.sent {
        if let Some(s) = p.to_str().filter(|s| is_imap_url(s)) {
            let url = ImapUrl::parse(s)?;
            imap_sent.push(url.clone());
            imap_urls.push(url);
        } else if p.exists() {
            boxes.extend(discover(p, desk, true)?);
        }
    }
    let folders = if imap_urls.is_empty() {
        Vec::new()
    } else {
        crate::imap::open_folders(&desk.imap, &imap_urls, Want::InboxAndSent, progress)?
    };
    // A folder given twice (INBOX and ~/Mail, or the outbox's sent/ also in [desk] sent) is read
    // once.
    let mut seen = HashSet::new();
    boxes.retain(|b| seen.insert(canonical(b.path())));

    let total: u64 = boxes.iter().map(mailbox_bytes).sum();
    let bar = if progress && total >= PROGRESS_FROM_BYTES {
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} reading mail {bar:30} {binary_bytes}/{binary_total_bytes} {msg} ({eta})",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };

    let mut parsed: Vec<(Record<X>, bool)> = Vec::new();
    let mut skipped = Vec::new();
    let mut batch: Vec<Raw> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<Raw>, parsed: &mut Vec<(Record<X>, bool)>| {
        let done: Vec<Result<(Record<X>, bool), String>> = batch
            .par_iter()
            .map(|raw| read_record(raw, env, &desk.limits, &analyze))
            .collect();
        for r in done {
            match r {
                Ok(rec) => parsed.push(rec),
                Err(why) => skipped.push(why),
            }
        }
        let bytes: u64 = batch.iter().map(|r| r.bytes.len() as u64).sum();
        bar.inc(bytes);
        bar.set_message(format!("{} messages", parsed.len()));
        batch.clear();
    };
    for mailbox in &boxes {
        for_each_raw(mailbox, &mut |raw| {
            batch.push(raw);
            if batch.len() >= BATCH {
                flush(&mut batch, &mut parsed);
            }
        })?;
    }
    for folder in &folders {
        let in_sent = imap_is_sent(folder, desk, &imap_sent);
        crate::imap::read_folder(folder, &mut |m| {
            batch.push(Raw {
                source: m.source(&folder.url),
                internal_date: u64::try_from(m.internal_date).unwrap_or(0),
                bytes: m.bytes,
                in_sent,
            });
            if batch.len() >= BATCH {
                flush(&mut batch, &mut parsed);
            }
        })?;
    }
    flush(&mut batch, &mut parsed);
    bar.finish_and_clear();

    // Who you are: [desk] me, and whoever wrote the mail in the sent folders.
    let mut me: Vec<String> = desk.me.clone();
    for (rec, in_sent) in &parsed {
        if *in_sent
            && let Some(from) = &rec.from
            && !me.contains(from)
        {
            me.push(from.clone());
        }
    }
    // Each Message-ID once; a copy found in a sent folder makes it outgoing.
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut records: Vec<Record<X>> = Vec::with_capacity(parsed.len());
    for (mut rec, in_sent) in parsed {
        let outgoing = in_sent || rec.from.as_deref().is_some_and(|f| address_in(f, &me));
        rec.direction = if outgoing {
            Direction::Outgoing
        } else {
            Direction::Incoming
        };
        if let Some(id) = &rec.message_id {
            if let Some(&i) = by_id.get(id) {
                if outgoing {
                    records[i].direction = Direction::Outgoing;
                }
                continue;
            }
            by_id.insert(id.clone(), records.len());
        }
        records.push(rec);
    }
    records.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.source.cmp(&b.source)));
    Ok(Loaded {
        records,
        skipped,
        me,
    })
}

/// Whether an IMAP folder holds sent mail: its SPECIAL-USE is `\Sent`, its name (last level) is
/// a sent folder's, or it is listed in `[desk] sent`.
fn imap_is_sent(folder: &crate::imap::Folder, desk: &DeskSettings, listed: &[ImapUrl]) -> bool {
    if folder.special == Some(Special::Sent) || listed.contains(&folder.url) {
        return true;
    }
    let name = folder
        .url
        .folder
        .as_deref()
        .unwrap_or_default()
        .to_lowercase();
    let last = name.rsplit(['/', '.']).next().unwrap_or(&name);
    desk.sent_folders.iter().any(|f| *f == name || f == last)
}

/// The mailboxes at `path`. `top`: the path the user gave (a folder of mailboxes is read one
/// level down from there).
fn discover(path: &Path, desk: &DeskSettings, top: bool) -> Result<Vec<Mailbox>, DeskError> {
    let meta = std::fs::metadata(path).map_err(|source| DeskError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let sent = is_sent(path, desk);
    if meta.is_file() {
        let head = read_head(path, 5).map_err(|source| DeskError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        return Ok(vec![if head == b"From " {
            Mailbox::Mbox {
                path: path.to_path_buf(),
                sent,
            }
        } else {
            Mailbox::File {
                path: path.to_path_buf(),
                sent,
            }
        }]);
    }
    if path.join("cur").is_dir() || path.join("new").is_dir() {
        let mut found = vec![Mailbox::Maildir {
            path: path.to_path_buf(),
            sent,
        }];
        // Maildir++: subfolders are `.Name` folders inside the top Maildir.
        if top {
            found.extend(children(path, desk)?.into_iter().filter(|b| {
                b.path()
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
                    && matches!(b, Mailbox::Maildir { .. })
            }));
        }
        return Ok(found);
    }
    if !top {
        return Ok(Vec::new());
    }
    let found = children(path, desk)?;
    if found.is_empty() {
        return Err(DeskError::NotMailbox {
            path: path.to_path_buf(),
            why: "a folder with no Maildir (cur/, new/) and no mbox file in it".into(),
        });
    }
    Ok(found)
}

/// The Maildirs and mbox files directly inside `dir`.
fn children(dir: &Path, desk: &DeskSettings) -> Result<Vec<Mailbox>, DeskError> {
    let entries = std::fs::read_dir(dir).map_err(|source| DeskError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    let mut found = Vec::new();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if matches!(name, "cur" | "new" | "tmp") {
            continue;
        }
        if p.is_dir() {
            found.extend(discover(&p, desk, false)?);
        } else if p.is_file() && read_head(&p, 5).is_ok_and(|h| h == b"From ") {
            found.push(Mailbox::Mbox {
                sent: is_sent(&p, desk),
                path: p,
            });
        }
    }
    Ok(found)
}

/// Whether a mailbox holds sent mail: named like a sent folder, or listed in `[desk] sent`.
fn is_sent(path: &Path, desk: &DeskSettings) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_lowercase();
    let bare = name.trim_start_matches('.');
    let last = bare.rsplit('.').next().unwrap_or(bare);
    if desk
        .sent_folders
        .iter()
        .any(|f| *f == name || f == bare || f == last)
    {
        return true;
    }
    let here = canonical(path);
    desk.sent.iter().any(|s| canonical(s) == here)
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn read_head(path: &Path, n: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::fs::File::open(path)?.take(n).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Bytes of mail in a mailbox (for the progress bar).
fn mailbox_bytes(b: &Mailbox) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    match b {
        Mailbox::Mbox { path, .. } | Mailbox::File { path, .. } => size(path),
        Mailbox::Maildir { path, .. } => ["cur", "new"]
            .iter()
            .filter_map(|d| std::fs::read_dir(path.join(d)).ok())
            .flat_map(|it| it.filter_map(Result::ok))
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum(),
    }
}

/// Calls `each` with every message of a mailbox, in order.
fn for_each_raw(b: &Mailbox, each: &mut dyn FnMut(Raw)) -> Result<(), DeskError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DeskError::Io { path, source }
    };
    match b {
        Mailbox::File { path, sent } => {
            let bytes = std::fs::read(path).map_err(io(path))?;
            each(Raw {
                source: path.display().to_string(),
                bytes,
                internal_date: mtime(path),
                in_sent: *sent,
            });
        }
        Mailbox::Maildir { path, sent } => {
            // A Maildir missing `new/` or `cur/` (some tools create only one) is read as far
            // as it goes.
            let mut files: Vec<PathBuf> = Vec::new();
            for d in ["cur", "new"] {
                let Ok(entries) = std::fs::read_dir(path.join(d)) else {
                    continue;
                };
                files.extend(
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| {
                            p.is_file()
                                && !p
                                    .file_name()
                                    .and_then(|n| n.to_str())
                                    .is_some_and(|n| n.starts_with('.'))
                        }),
                );
            }
            files.sort();
            for f in files {
                // A message removed while we read (mutt moving new/ to cur/) is not an error.
                let Ok(bytes) = std::fs::read(&f) else {
                    continue;
                };
                each(Raw {
                    source: f.display().to_string(),
                    internal_date: mtime(&f),
                    bytes,
                    in_sent: *sent,
                });
            }
        }
        Mailbox::Mbox { path, sent } => {
            let file = std::fs::File::open(path).map_err(io(path))?;
            let messages = mail_parser::mailbox::mbox::MessageIterator::new(BufReader::new(file));
            for (i, m) in messages.enumerate() {
                let m = m.map_err(io(path))?;
                each(Raw {
                    source: format!("{}:{}", path.display(), i + 1),
                    internal_date: m.internal_date(),
                    bytes: m.unwrap_contents(),
                    in_sent: *sent,
                });
            }
        }
    }
    Ok(())
}

fn mtime(path: &Path) -> u64 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs())
}

/// Parses one message into a record (direction decided later); `Err("source: why")` when it is
/// not a message.
fn read_record<X>(
    raw: &Raw,
    env: &RuleEnv,
    limits: &Limits,
    analyze: &(impl Fn(&Draft) -> X + Sync),
) -> Result<(Record<X>, bool), String> {
    let draft = parse_draft_limited(&raw.source, &raw.bytes, &env.lexicon, None, limits)
        .map_err(|e| e.to_string())?;
    let h = &draft.headers;
    let bare = |id: &String| id.trim().trim_matches(['<', '>']).to_string();
    let date = h.date.map(|d| d.with_timezone(&Utc)).or_else(|| {
        i64::try_from(raw.internal_date)
            .ok()
            .and_then(|s| Utc.timestamp_opt(s, 0).single())
    });
    let Some(date) = date else {
        return Err(format!("{}: no date", raw.source));
    };
    let from = h.from.first();
    let record = Record {
        source: raw.source.clone(),
        message_id: h.message_id.as_ref().map(bare).filter(|s| !s.is_empty()),
        in_reply_to: h.in_reply_to.iter().map(bare).collect(),
        references: h.references.iter().map(bare).collect(),
        from: from
            .and_then(|m| m.address.as_ref())
            .map(|a| a.to_lowercase()),
        from_name: from.and_then(|m| m.name.clone()),
        to: h
            .to
            .iter()
            .chain(&h.cc)
            .filter_map(|m| m.address.as_ref())
            .map(|a| a.to_lowercase())
            .collect(),
        date,
        subject: h.subject.clone().unwrap_or_default(),
        direction: Direction::Incoming,
        automated: is_automated(&draft, env),
        language: draft.language,
        // A failure inside the analysis (a panic, caught) skips this message only.
        extra: crate::guard::guarded(|| analyze(&draft))
            .map_err(|why| format!("{}: could not be read ({why})", raw.source))?,
    };
    Ok((record, raw.in_sent))
}

/// Auto-replies, bounces, mailing lists and newsletters (RFC 3834 `Auto-Submitted`,
/// `Precedence`, `List-Id`, and senders named in `lints/desk.toml` `automated_senders`).
fn is_automated(draft: &Draft, env: &RuleEnv) -> bool {
    let field = |name: &str| {
        draft
            .headers
            .fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.value.trim().to_lowercase())
    };
    if field("auto-submitted").is_some_and(|v| v != "no")
        || field("precedence").is_some_and(|v| matches!(v.as_str(), "bulk" | "list" | "junk"))
        || field("list-id").is_some()
        || field("list-unsubscribe").is_some()
        || field("x-autoreply").is_some()
        || field("x-autorespond").is_some()
    {
        return true;
    }
    let Some(local) = draft
        .headers
        .from
        .first()
        .and_then(|m| m.address.as_deref())
        .and_then(|a| a.split('@').next())
        .map(str::to_lowercase)
    else {
        return false;
    };
    env.lexicon
        .entries("desk", "automated_senders", Scope::All)
        .iter()
        .any(|s| s.eq_ignore_ascii_case(&local))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn settings() -> (Settings, DeskSettings) {
        let s = Settings::for_tests();
        let d = s.desk().unwrap();
        (s, d)
    }

    fn msg(id: &str, from: &str, to: &str, date: &str, extra: &str) -> String {
        format!(
            "Message-ID: <{id}>\nFrom: {from}\nTo: {to}\nDate: {date}\nSubject: s {id}\n{extra}\nHello, body of {id}.\n"
        )
    }

    fn maildir(root: &Path, name: &str, messages: &[String]) -> PathBuf {
        let dir = root.join(name);
        for d in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        for (i, m) in messages.iter().enumerate() {
            std::fs::write(dir.join("cur").join(format!("{i}.x:2,S")), m).unwrap();
        }
        dir
    }

    #[test]
    fn reads_maildirs_and_tells_sent_mail_by_folder_and_address() {
        let (s, d) = settings();
        let tmp = tempfile::tempdir().unwrap();
        let inbox = maildir(
            tmp.path(),
            "INBOX",
            &[
                msg(
                    "a@c",
                    "Client <c@client.it>",
                    "anna@studio.it",
                    "Mon, 23 Nov 2026 09:00:00 +0100",
                    "",
                ),
                // A copy of a sent message in the inbox (Cc to self): outgoing by address.
                msg(
                    "c@s",
                    "anna@studio.it",
                    "c@client.it",
                    "Mon, 23 Nov 2026 12:00:00 +0100",
                    "",
                ),
            ],
        );
        let sent = maildir(
            tmp.path(),
            "Sent",
            &[
                msg(
                    "b@s",
                    "Anna <anna@studio.it>",
                    "c@client.it",
                    "Mon, 23 Nov 2026 10:00:00 +0100",
                    "In-Reply-To: <a@c>\nReferences: <a@c>",
                ),
                msg(
                    "c@s",
                    "anna@studio.it",
                    "c@client.it",
                    "Mon, 23 Nov 2026 12:00:00 +0100",
                    "",
                ),
            ],
        );
        let loaded = load(&[inbox, sent], &d, &s.env, false, |dr| dr.own.text.len()).unwrap();
        let ids: Vec<_> = loaded
            .records
            .iter()
            .map(|r| (r.message_id.clone().unwrap(), r.direction))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("a@c".into(), Direction::Incoming),
                ("b@s".into(), Direction::Outgoing),
                ("c@s".into(), Direction::Outgoing),
            ]
        );
        assert_eq!(loaded.me, vec!["anna@studio.it".to_string()]);
        assert_eq!(loaded.records[1].in_reply_to, vec!["a@c".to_string()]);
        assert!(loaded.records[0].extra > 0);
    }

    #[test]
    fn reads_a_folder_of_mailboxes_and_mbox_files() {
        let (s, d) = settings();
        let tmp = tempfile::tempdir().unwrap();
        maildir(
            tmp.path(),
            "INBOX",
            &[msg(
                "a@c",
                "c@client.it",
                "anna@studio.it",
                "Mon, 23 Nov 2026 09:00:00 +0100",
                "",
            )],
        );
        let mbox = format!(
            "From anna@studio.it Mon Nov 23 10:00:00 2026\n{}\nFrom anna@studio.it Mon Nov 23 11:00:00 2026\n{}\n",
            msg(
                "b@s",
                "anna@studio.it",
                "c@client.it",
                "Mon, 23 Nov 2026 10:00:00 +0100",
                ""
            ),
            msg(
                "d@s",
                "anna@studio.it",
                "c@client.it",
                "Mon, 23 Nov 2026 11:00:00 +0100",
                ""
            )
        );
        std::fs::write(tmp.path().join("Posta inviata"), mbox).unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "not mail").unwrap();
        let loaded = load(&[tmp.path().to_path_buf()], &d, &s.env, false, |_| ()).unwrap();
        assert_eq!(loaded.records.len(), 3);
        assert_eq!(loaded.records[1].direction, Direction::Outgoing);
        assert!(loaded.records[1].source.ends_with("Posta inviata:1"));
        assert_eq!(loaded.records[0].direction, Direction::Incoming);
    }

    #[test]
    fn automated_mail_and_broken_files_are_told_apart() {
        let (s, d) = settings();
        let tmp = tempfile::tempdir().unwrap();
        let inbox = maildir(
            tmp.path(),
            "INBOX",
            &[
                msg(
                    "n@l",
                    "news@shop.it",
                    "anna@studio.it",
                    "Mon, 23 Nov 2026 09:00:00 +0100",
                    "List-Id: <news.shop.it>",
                ),
                msg(
                    "v@l",
                    "Mail Delivery <MAILER-DAEMON@mx.it>",
                    "anna@studio.it",
                    "Mon, 23 Nov 2026 09:00:00 +0100",
                    "",
                ),
                "\n\n".to_string(),
            ],
        );
        let loaded = load(&[inbox], &d, &s.env, false, |_| ()).unwrap();
        assert_eq!(loaded.records.len(), 2);
        assert!(loaded.records.iter().all(|r| r.automated));
        assert_eq!(loaded.skipped.len(), 1);
    }

    #[test]
    fn a_missing_path_or_a_folder_without_mail_is_an_error_naming_it() {
        let (s, d) = settings();
        let tmp = tempfile::tempdir().unwrap();
        let e = load(&[tmp.path().join("nope")], &d, &s.env, false, |_| ()).unwrap_err();
        assert!(e.to_string().contains("nope"), "{e}");
        let e = load(&[tmp.path().to_path_buf()], &d, &s.env, false, |_| ()).unwrap_err();
        assert!(e.to_string().contains("not a mailbox"), "{e}");
    }
}
