//! Syncing folders into the cache, finding the SPECIAL-USE folders, and the Message-ID look-up.
//! Read-only: folders are opened with `EXAMINE`, messages fetched with `BODY.PEEK`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use async_imap::types::NameAttribute;
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};

use super::account::ImapSettings;
use super::cache::{Entry, FolderCache, State};
use super::conn::{self, Session, timed};
use super::{Account, ImapError, ImapUrl, utf7};

/// Messages fetched per command and per cache segment.
const CHUNK: usize = 250;
/// The progress bar shows from this many messages to fetch on.
const PROGRESS_FROM: usize = 500;

/// What a folder is for, by its SPECIAL-USE attribute (RFC 6154).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Sent,
    Drafts,
}

/// Which folders an account-only URL (`imaps://user@host`) stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// INBOX and the Sent folder (the desk view).
    InboxAndSent,
    /// The Drafts folder (`check`).
    Drafts,
}

/// A synced folder, read from the cache with [`read_folder`].
#[derive(Debug, Clone)]
pub struct Folder {
    pub url: ImapUrl,
    pub special: Option<Special>,
    cache: FolderCache,
    state: State,
}

/// One message of a synced folder.
#[derive(Debug, Clone)]
pub struct CachedMessage {
    pub uid: u32,
    /// INTERNALDATE, seconds since the epoch.
    pub internal_date: i64,
    pub bytes: Vec<u8>,
}

impl CachedMessage {
    /// `imaps://user@host/Folder;UID=N` (RFC 5092).
    pub fn source(&self, folder: &ImapUrl) -> String {
        format!("{folder};UID={}", self.uid)
    }
}

fn cache_root() -> Result<PathBuf, ImapError> {
    super::cache::root().ok_or_else(|| ImapError::Cache {
        path: PathBuf::from("$XDG_CACHE_HOME"),
        source: std::io::Error::other("no home directory for the IMAP cache"),
    })
}

/// Syncs the folders `urls` name (one connection per account) and returns them, ready to read.
/// `max_bytes`: at most this much of each message is fetched (`[limits] max_message_bytes`).
pub fn open_folders(
    settings: &ImapSettings,
    urls: &[ImapUrl],
    want: Want,
    progress: bool,
) -> Result<Vec<Folder>, ImapError> {
    let root = cache_root()?;
    let max_bytes = settings.max_message_bytes.saturating_add(1);
    let mut folders = Vec::new();
    // One connection per account, in the order given.
    let mut accounts: Vec<(String, Vec<&ImapUrl>)> = Vec::new();
    for u in urls {
        let key = format!("{:?}{}", u.security, u.account());
        match accounts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(u),
            None => accounts.push((key, vec![u])),
        }
    }
    for (_, list) in accounts {
        let account = settings.account(list[0])?;
        let rt = conn::runtime(&account.url.account())?;
        let found = rt.block_on(async {
            let mut session = conn::connect(&account).await?;
            let result = sync_account(
                &account,
                &mut session,
                &list,
                want,
                &root,
                max_bytes,
                progress,
            )
            .await;
            if result.is_ok() {
                conn::logout(session).await;
            }
            result
        })?;
        folders.extend(found);
    }
    Ok(folders)
}

async fn sync_account(
    account: &Account,
    session: &mut Session,
    urls: &[&ImapUrl],
    want: Want,
    root: &std::path::Path,
    max_bytes: u64,
    progress: bool,
) -> Result<Vec<Folder>, ImapError> {
    enable_condstore(account, session).await?;
    let listed = list_folders(account, session).await?;
    let mut targets: Vec<(ImapUrl, Option<Special>)> = Vec::new();
    for url in urls {
        match &url.folder {
            Some(f) => {
                let special = listed.iter().find(|l| l.name == *f).and_then(|l| l.special);
                targets.push((url.with_folder(f), special));
            }
            None => {
                let pick = |s: Special| {
                    listed
                        .iter()
                        .find(|l| l.special == Some(s))
                        .map(|l| l.name.clone())
                };
                match want {
                    Want::InboxAndSent => {
                        targets.push((url.with_folder("INBOX"), None));
                        if let Some(n) = pick(Special::Sent) {
                            targets.push((url.with_folder(&n), Some(Special::Sent)));
                        }
                    }
                    Want::Drafts => {
                        let n = pick(Special::Drafts).ok_or_else(|| ImapError::Server {
                            url: url.to_string(),
                            why: "the server names no \\Drafts folder (SPECIAL-USE); name the \
                                  folder: imaps://user@host/Drafts"
                                .into(),
                        })?;
                        targets.push((url.with_folder(&n), Some(Special::Drafts)));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (url, special) in targets {
        if out.iter().any(|f: &Folder| f.url == url) {
            continue;
        }
        let cache = FolderCache::new(root, &url);
        let wire = wire_name(&listed, url.folder.as_deref().unwrap_or("INBOX"));
        let state = sync_folder(account, session, &url, &wire, &cache, max_bytes, progress).await?;
        out.push(Folder {
            url,
            special,
            cache,
            state,
        });
    }
    Ok(out)
}

/// `ENABLE CONDSTORE` (RFC 7162) when the server has it, so that EXAMINE reports the folder's
/// HIGHESTMODSEQ, kept in the cache's state. A server without it is read as before.
async fn enable_condstore(account: &Account, session: &mut Session) -> Result<(), ImapError> {
    let server = |why: String| ImapError::Server {
        url: account.url.to_string(),
        why: conn::clean_server_text(&why),
    };
    let caps = timed(account, "CAPABILITY", session.capabilities(), server).await?;
    if caps.has_str("CONDSTORE") {
        timed(
            account,
            "ENABLE",
            session.run_command_and_check_ok("ENABLE CONDSTORE"),
            server,
        )
        .await?;
        while session.unsolicited_responses.try_recv().is_ok() {}
    }
    Ok(())
}

/// A folder of the server's LIST answer.
#[derive(Debug, Clone)]
struct Listed {
    /// The name as the user sees it (modified UTF-7 decoded).
    name: String,
    /// The name as the server knows it.
    wire: String,
    special: Option<Special>,
}

/// Every folder (`LIST "" "*"`), with its Sent or Drafts SPECIAL-USE attribute.
async fn list_folders(account: &Account, session: &mut Session) -> Result<Vec<Listed>, ImapError> {
    let url = account.url.to_string();
    let server = |why: String| ImapError::Server {
        url: url.clone(),
        why: format!("LIST failed: {why}"),
    };
    let names = timed(account, "LIST", session.list(Some(""), Some("*")), server).await?;
    let names: Vec<_> = timed(
        account,
        "LIST",
        async { Ok::<_, String>(names.collect::<Vec<_>>().await) },
        server,
    )
    .await?;
    let mut found = Vec::new();
    for n in names.into_iter().flatten() {
        let special = n.attributes().iter().find_map(|a| match a {
            NameAttribute::Sent => Some(Special::Sent),
            NameAttribute::Drafts => Some(Special::Drafts),
            _ => None,
        });
        let wire = n.name().to_string();
        found.push(Listed {
            // A name that is not valid modified UTF-7 is shown as it came.
            name: utf7::decode(&wire).unwrap_or_else(|| wire.clone()),
            wire,
            special,
        });
    }
    Ok(found)
}

/// The name to send for `folder` (as the user sees it): the listed folder's, else the name
/// encoded in modified UTF-7.
fn wire_name(listed: &[Listed], folder: &str) -> String {
    if folder.eq_ignore_ascii_case("INBOX") {
        return "INBOX".into();
    }
    listed
        .iter()
        .find(|l| l.name == folder)
        .map(|l| l.wire.clone())
        .unwrap_or_else(|| utf7::encode(folder))
}

/// `1:3,7,9:12` for sorted UIDs.
fn uid_set(uids: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end.wrapping_add(1) {
            i += 1;
            end = uids[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

/// Opens `wire` (the folder of `url` as the server names it) read-only.
async fn examine(
    account: &Account,
    session: &mut Session,
    url: &ImapUrl,
    wire: &str,
) -> Result<async_imap::types::Mailbox, ImapError> {
    timed(account, "EXAMINE", session.examine(wire), |why| {
        ImapError::Server {
            url: url.to_string(),
            why: format!("cannot open the folder: {}", conn::clean_server_text(&why)),
        }
    })
    .await
}

/// Brings one folder's cache up to date and returns its state.
async fn sync_folder(
    account: &Account,
    session: &mut Session,
    url: &ImapUrl,
    wire: &str,
    cache: &FolderCache,
    max_bytes: u64,
    progress: bool,
) -> Result<State, ImapError> {
    let server = |why: String| ImapError::Server {
        url: url.to_string(),
        why: conn::clean_server_text(&why),
    };
    let mb = examine(account, session, url, wire).await?;
    let uidvalidity = mb.uid_validity.unwrap_or(0);
    let uidnext = mb.uid_next.unwrap_or(0);
    let mut state = cache.state();
    if state.uidvalidity != uidvalidity {
        // A new UIDVALIDITY: the UIDs mean other messages now.
        cache.clear()?;
        state = State::default();
    }
    cache.create()?;
    state.uidvalidity = uidvalidity;
    state.highestmodseq = mb.highest_modseq;
    // Nothing new and nothing expunged: UIDNEXT and the count are what they were.
    let unchanged = uidnext != 0
        && uidnext == state.uidnext
        && mb.exists as usize == state.uids.len()
        && state.uids.is_subset(&state.fetched);
    if !unchanged {
        state.uids = if mb.exists == 0 {
            BTreeSet::new()
        } else {
            timed(account, "UID SEARCH", session.uid_search("ALL"), server)
                .await?
                .into_iter()
                .collect()
        };
    }
    let missing: Vec<u32> = state.uids.difference(&state.fetched).copied().collect();
    let bar = if progress && missing.len() >= PROGRESS_FROM {
        let bar = ProgressBar::new(missing.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{{spinner}} fetching {} {{bar:30}} {{pos}}/{{len}} messages ({{eta}})",
            url.folder.as_deref().unwrap_or("INBOX")
        )) {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let query = format!("(UID INTERNALDATE BODY.PEEK[]<0.{max_bytes}>)");
    for chunk in missing.chunks(CHUNK) {
        let mut entries = Vec::with_capacity(chunk.len());
        {
            let mut stream = timed(
                account,
                "UID FETCH",
                session.uid_fetch(uid_set(chunk), &query),
                server,
            )
            .await?;
            loop {
                let next = tokio::time::timeout(account.timeout, stream.next())
                    .await
                    .map_err(|_| conn::timeout_error(account, "UID FETCH"))?;
                let Some(item) = next else { break };
                let f = item.map_err(|e| server(e.to_string()))?;
                let Some(uid) = f.uid else { continue };
                if !chunk.contains(&uid) {
                    continue;
                }
                entries.push(Entry {
                    uid,
                    internal_date: f.internal_date().map_or(0, |d| d.timestamp()),
                    bytes: f.body().unwrap_or_default().to_vec(),
                });
            }
        }
        entries.sort_by_key(|e| e.uid);
        entries.dedup_by_key(|e| e.uid);
        bar.inc(chunk.len() as u64);
        if entries.is_empty() {
            continue;
        }
        let name = cache.write_segment(&entries)?;
        state.fetched.extend(entries.iter().map(|e| e.uid));
        state.segments.push(name);
        // Committed per chunk: a dropped connection resumes from here on the next run.
        cache.write_state(&state)?;
    }
    bar.finish_and_clear();
    // Messages expunged while we fetched: read what was fetched.
    state.uids.retain(|u| state.fetched.contains(u));
    state.uidnext = uidnext;
    cache.write_state(&state)?;
    while session.unsolicited_responses.try_recv().is_ok() {}
    Ok(state)
}

/// Calls `each` with every message of a synced folder, from the cache.
pub fn read_folder(folder: &Folder, each: &mut dyn FnMut(CachedMessage)) -> Result<(), ImapError> {
    folder.cache.for_each(&folder.state, &mut |e| {
        each(CachedMessage {
            uid: e.uid,
            internal_date: e.internal_date,
            bytes: e.bytes,
        })
    })
}

/// The `Date:` of the message whose Message-ID is `id`, searched on the server (`UID SEARCH
/// HEADER Message-ID`) in `url`'s folder (INBOX when the URL names the account only).
pub fn date_of(
    settings: &ImapSettings,
    url: &ImapUrl,
    id: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, ImapError> {
    let want = id.trim().trim_start_matches('<').trim_end_matches('>');
    if want.is_empty()
        || want
            .chars()
            .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return Ok(None);
    }
    let account = settings.account(url)?;
    let rt = conn::runtime(&account.url.account())?;
    let url = match &url.folder {
        Some(_) => url.clone(),
        None => url.with_folder("INBOX"),
    };
    rt.block_on(async {
        let mut session = conn::connect(&account).await?;
        let server = |why: String| ImapError::Server {
            url: url.to_string(),
            why: conn::clean_server_text(&why),
        };
        let wire = utf7::encode(url.folder.as_deref().unwrap_or("INBOX"));
        examine(&account, &mut session, &url, &wire).await?;
        let found = timed(
            &account,
            "UID SEARCH",
            session.uid_search(format!("HEADER Message-ID \"{want}\"")),
            server,
        )
        .await?;
        let mut uids: Vec<u32> = found.into_iter().collect();
        uids.sort_unstable();
        let mut date = None;
        if !uids.is_empty() {
            let mut stream = timed(
                &account,
                "UID FETCH",
                session.uid_fetch(uid_set(&uids), "(UID BODY.PEEK[HEADER])"),
                server,
            )
            .await?;
            let parser = mail_parser::MessageParser::new();
            loop {
                let next = tokio::time::timeout(account.timeout, stream.next())
                    .await
                    .map_err(|_| conn::timeout_error(&account, "UID FETCH"))?;
                let Some(item) = next else { break };
                let f = item.map_err(|e| server(e.to_string()))?;
                let Some(h) = f.header().and_then(|b| parser.parse_headers(b)) else {
                    continue;
                };
                if date.is_none() && h.message_id() == Some(want) {
                    date = h
                        .date()
                        .and_then(|d| chrono::DateTime::parse_from_rfc3339(&d.to_rfc3339()).ok())
                        .map(|d| d.with_timezone(&chrono::Utc));
                }
            }
        }
        conn::logout(session).await;
        Ok(date)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compressed_ranges() {
        assert_eq!(uid_set(&[1, 2, 3, 7, 9, 10, 11, 12]), "1:3,7,9:12");
        assert_eq!(uid_set(&[5]), "5");
        assert_eq!(uid_set(&[]), "");
        assert_eq!(
            uid_set(&[u32::MAX - 1, u32::MAX]),
            format!("{}:{}", u32::MAX - 1, u32::MAX)
        );
    }
}
