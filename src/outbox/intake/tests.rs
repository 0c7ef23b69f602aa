//! Unit tests of `outbox::intake`.

use super::*;
use crate::outbox::entry::{self, State};

fn meta(store: &Store, due: &str, body: &[u8]) -> Meta {
    Meta {
        checksum: Some(entry::checksum(body)),
        ..Meta::sample(&store.new_id(), due)
    }
}

/// Whether `id` can be claimed: no claim of this process or another holds it. Tried for up to
/// 2 s: a process that another test of this binary starts can hold a copy of every open
/// descriptor between its fork and its exec, and with it the lock of a claim just dropped here
/// (an immediate claim once failed under load; the likely cause, not a proven one).
fn claimable(store: &Store, id: &str) -> bool {
    for _ in 0..100 {
        if store.claim(id).unwrap().is_some() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn records_round_trip_and_reading_stops_at_a_torn_or_zero_tail() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let a = meta(&store, "2026-11-23T08:00:00Z", b"Subject: a\r\n\r\nx\r\n");
    let b = meta(&store, "2026-11-23T09:00:00Z", b"Subject: b\r\n\r\ny\r\n");
    let ra = encode(&a, b"Subject: a\r\n\r\nx\r\n").unwrap();
    let rb = encode(&b, b"Subject: b\r\n\r\ny\r\n").unwrap();
    let mut bytes = ra.clone();
    bytes.extend_from_slice(&rb);
    let want = vec![
        (a.clone(), b"Subject: a\r\n\r\nx\r\n".to_vec()),
        (b.clone(), b"Subject: b\r\n\r\ny\r\n".to_vec()),
    ];
    assert_eq!(parse(&bytes), want);
    let mut zeros = bytes.clone();
    zeros.resize(bytes.len() + 4096, 0);
    assert_eq!(parse(&zeros), want);
    // The second record cut anywhere, or one byte of it changed: only the first is read.
    for cut in ra.len() + 1..bytes.len() {
        assert_eq!(parse(&bytes[..cut]), want[..1], "cut at {cut}");
    }
    for i in ra.len()..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[i] ^= 0x20;
        assert_eq!(parse(&flipped), want[..1], "byte {i} changed");
    }
    // Lengths that point past the end, or a meta over its bound: nothing, and no panic.
    let mut huge = ra.clone();
    huge[28..44].copy_from_slice(b"ffffffffffffffff");
    assert_eq!(parse(&huge), []);
    huge[19..27].copy_from_slice(b"ffffffff");
    assert_eq!(parse(&huge), []);
    assert_eq!(parse(b""), []);
}

#[test]
fn an_accepted_entry_is_recorded_then_written_claimed_then_retired() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap().with_intake().unwrap();
    let intake = store.intake().unwrap();
    let body = b"Subject: a\r\n\r\nx\r\n";
    let m = meta(&store, "2026-11-23T08:00:00Z", body);
    assert!(intake.wait().is_none());
    store.enqueue(&m, body).unwrap();
    // Recorded, not yet in files.
    let journal = intake.journal_path();
    let bytes = fs::read(&journal).unwrap();
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    assert_eq!(&bytes[..nl], MAGIC.as_bytes());
    assert_eq!(parse(&bytes[nl + 1..]), [(m.clone(), body.to_vec())]);
    assert!(matches!(store.load(&m.id), Err(OutboxError::NotFound(_))));
    // Not due yet, young, few: the runner only writes the files.
    assert!(!intake.should_retire(at("2026-11-23T07:59:59Z")));
    intake.settle(&store, at("2026-11-23T07:59:59Z")).unwrap();
    assert_eq!(store.load(&m.id).unwrap(), m);
    assert_eq!(store.message(&m.id).unwrap(), body);
    assert!(store.has_marker(m.due, &m.id));
    // The marker is a link to the meta, not a file of its own.
    let meta_file = fs::metadata(store.meta_path(&m.id)).unwrap();
    assert_eq!(std::os::unix::fs::MetadataExt::nlink(&meta_file), 2);
    assert!(files(&dir.path().join("tmp")).is_empty());
    // Claimed (a cancel is told it is busy); a replay leaves the live journal alone.
    assert!(store.claim(&m.id).unwrap().is_none());
    assert_eq!(replay(&store).unwrap(), 0);
    assert!(journal.exists());
    assert!(intake.wait().is_some_and(|w| w <= MAX_AGE));
    // Due: retired.
    assert!(intake.should_retire(at("2026-11-23T08:00:00Z")));
    intake.settle(&store, at("2026-11-23T08:00:00Z")).unwrap();
    assert!(!journal.exists());
    assert_eq!(
        files(&dir.path().join("intake")).len(),
        1,
        "the next journal"
    );
    assert!(claimable(&store, &m.id));
    assert!(intake.wait().is_none());
    assert!(!intake.should_retire(at("2026-11-23T08:00:00Z")));
    // Nothing recorded: nothing to do.
    intake.retire(&store).unwrap();
    assert_eq!(files(&dir.path().join("intake")).len(), 1);
    // Retiring writes what was not written yet.
    let n = meta(&store, "2026-11-23T09:00:00Z", body);
    store.enqueue(&n, body).unwrap();
    intake.retire(&store).unwrap();
    assert_eq!(store.load(&n.id).unwrap(), n);
    assert!(claimable(&store, &n.id));
}

#[test]
fn the_journal_is_retired_by_the_writer_at_the_hard_bound() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap().with_intake().unwrap();
    let intake = store.intake().unwrap();
    let first = intake.journal_path();
    let body = b"Subject: a\r\n\r\nx\r\n";
    let mut ids = Vec::new();
    for i in 0..HARD_RECORDS {
        let m = meta(&store, "2026-11-23T08:00:00Z", body);
        store.enqueue(&m, body).unwrap();
        ids.push(m.id);
        if i + 1 == SOFT_RECORDS {
            assert!(intake.should_retire(at("2026-11-22T00:00:00Z")));
            // The runner writes what it can; the claims count too.
            intake.write(&store).unwrap();
        }
    }
    assert!(!first.exists());
    assert!(intake.wait().is_none());
    assert!(ids.iter().all(|id| claimable(&store, id)));
}

#[test]
fn records_written_directly_across_blocks_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap().with_intake().unwrap();
    let intake = store.intake().unwrap();
    let direct = intake.current().journal.direct.is_some();
    let mut want = Vec::new();
    // Records that end inside a block, exactly at its end, and span several.
    for size in [100, 3000, 4096 - 45, 4096, 9000, 1, 12_288] {
        let mut body = b"Subject: s\r\n\r\n".to_vec();
        body.resize(size.max(body.len()), b'y');
        let m = meta(&store, "2026-11-23T08:00:00Z", &body);
        store.enqueue(&m, &body).unwrap();
        want.push((m, body));
        let cur = intake.current();
        assert_eq!(
            cur.journal.tail.len() as u64,
            cur.journal.end % BLOCK as u64
        );
    }
    // Where the filesystem allows direct writes (not tmpfs), every record went that way.
    assert_eq!(intake.current().journal.direct.is_some(), direct);
    let bytes = fs::read(intake.journal_path()).unwrap();
    assert_eq!(bytes.len() as u64, RESERVE);
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    assert_eq!(&bytes[..nl], MAGIC.as_bytes());
    assert_eq!(parse(&bytes[nl + 1..]), want);
}

#[test]
fn a_big_message_extends_the_journal_and_is_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap().with_intake().unwrap();
    let mut body = b"Subject: big\r\n\r\n".to_vec();
    body.resize(RESERVE as usize + 5000, b'x');
    let m = meta(&store, "2026-11-23T08:00:00Z", &body);
    store.enqueue(&m, &body).unwrap();
    let small = meta(&store, "2026-11-23T08:00:00Z", b"Subject: s\r\n\r\nx\r\n");
    store.enqueue(&small, b"Subject: s\r\n\r\nx\r\n").unwrap();
    let bytes = fs::read(store.intake().unwrap().journal_path()).unwrap();
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    let got = parse(&bytes[nl + 1..]);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].1, body);
}

#[test]
fn a_dead_servers_journal_is_written_synced_and_removed_and_nothing_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let body = |c: &str| format!("Subject: {c}\r\n\r\nbody {c}\r\n").into_bytes();
    let (written, cancelled, unwritten) = {
        let store = Store::open(dir.path()).unwrap().with_intake().unwrap();
        let mk = |c: &str| {
            let m = meta(&store, "2026-11-23T08:00:00Z", &body(c));
            store.enqueue(&m, &body(c)).unwrap();
            m
        };
        let (written, cancelled) = (mk("written"), mk("cancelled"));
        store.intake().unwrap().write(&store).unwrap();
        (written, cancelled, mk("unwritten"))
        // The store goes as a killed server's would: journal left, claims dropped, the last
        // entry recorded but not written.
    };
    assert_eq!(files(&dir.path().join("intake")).len(), 1);
    let store = Store::open(dir.path()).unwrap();
    // A cancel holds the claim, then replays before it removes.
    let claim = store.claim(&cancelled.id).unwrap().unwrap();
    store.remove(&cancelled.id).unwrap();
    drop(claim);
    assert!(files(&dir.path().join("intake")).is_empty());
    assert!(matches!(
        store.load(&cancelled.id),
        Err(OutboxError::NotFound(_))
    ));
    for (m, c) in [(&written, "written"), (&unwritten, "unwritten")] {
        assert_eq!(store.load(&m.id).unwrap(), *m);
        assert_eq!(store.message(&m.id).unwrap(), body(c));
        assert!(store.has_marker(m.due, &m.id));
    }
    assert_eq!(replay(&store).unwrap(), 0);
    assert!(matches!(
        store.load(&cancelled.id),
        Err(OutboxError::NotFound(_))
    ));
}

#[test]
fn after_a_power_loss_the_records_make_missing_or_damaged_entries_whole_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let body = |c: &str| format!("Subject: {c}\r\n\r\nbody {c}\r\n").into_bytes();
    let journal;
    let (gone, empty, bad_meta, moved_on, filed, held);
    {
        let store = Store::open(root).unwrap().with_intake().unwrap();
        let mk = |c: &str| {
            let m = meta(&store, "2026-11-23T08:00:00Z", &body(c));
            store.enqueue(&m, &body(c)).unwrap();
            m
        };
        gone = mk("gone");
        empty = mk("empty");
        bad_meta = mk("bad-meta");
        moved_on = mk("moved-on");
        filed = mk("filed");
        held = {
            let mut m = meta(&store, "2026-11-23T08:00:00Z", &body("held"));
            m.state = State::Held;
            m.hold = Some(entry::Hold::Cooldown);
            store.enqueue(&m, &body("held")).unwrap();
            m
        };
        store.intake().unwrap().write(&store).unwrap();
        journal = store.intake().unwrap().journal_path();
    }
    // A record being written when the power went: torn, ignored.
    let torn = encode(&gone, &body("torn")).unwrap();
    let f = OpenOptions::new().write(true).open(&journal).unwrap();
    let used = {
        let bytes = fs::read(&journal).unwrap();
        bytes.len() - bytes.iter().rev().take_while(|&&b| b == 0).count()
    };
    f.write_all_at(&torn[..torn.len() / 2], used as u64)
        .unwrap();
    drop(f);
    // What the power loss did to the unsynced files.
    let p = |sub: &str, name: String| root.join(sub).join(name);
    let store = Store::open(root).unwrap();
    fs::remove_file(p("msg", format!("{}.eml", gone.id))).unwrap();
    fs::remove_file(p("meta", format!("{}.json", gone.id))).unwrap();
    store.remove_markers_except(&gone.id, None).unwrap();
    fs::write(p("msg", format!("{}.eml", empty.id)), b"").unwrap();
    fs::write(p("meta", format!("{}.json", bad_meta.id)), b"{\"id\":").unwrap();
    let mut later = moved_on.clone();
    later.state = State::Deferred;
    later.attempts = 1;
    later.due = at("2026-11-23T09:00:00Z");
    store
        .update(&later, moved_on.due, Durability::Synced)
        .unwrap();
    let mut sent = filed.clone();
    sent.state = State::Sent;
    store
        .finish_sent(&sent, || Ok(body("filed")), filed.due)
        .unwrap();
    store.remove_markers_except(&held.id, None).unwrap();

    // gone (3 files), empty (message), bad_meta (meta), held (marker): written again; the rest
    // as they are.
    assert_eq!(replay(&store).unwrap(), 4);
    assert!(files(&root.join("intake")).is_empty());
    for (m, c) in [(&gone, "gone"), (&empty, "empty"), (&bad_meta, "bad-meta")] {
        assert_eq!(store.load(&m.id).unwrap(), *m, "{c}");
        assert_eq!(store.message(&m.id).unwrap(), body(c), "{c}");
        assert!(store.has_marker(m.due, &m.id), "{c}");
    }
    assert_eq!(store.load(&moved_on.id).unwrap(), later);
    assert!(store.has_marker(later.due, &moved_on.id));
    assert_eq!(store.load(&filed.id).unwrap().state, State::Sent);
    assert!(!store.msg_path(&filed.id).exists());
    assert_eq!(store.load(&held.id).unwrap(), held);
    assert!(store.has_marker(held.due, &held.id));
    // Every entry can be claimed (the replay's claims are gone), and a second replay of the
    // same records (the journal put back) changes nothing.
    for m in [&gone, &empty, &bad_meta, &moved_on, &held] {
        assert!(claimable(&store, &m.id), "{}", m.id);
    }
    let again = root.join("intake").join("1.1.1.log");
    let mut bytes = format!("{MAGIC}\n").into_bytes();
    for (m, c) in [(&gone, "gone"), (&empty, "empty"), (&bad_meta, "bad-meta")] {
        bytes.extend_from_slice(&encode(m, &body(c)).unwrap());
    }
    bytes.extend_from_slice(&encode(&moved_on, &body("moved-on")).unwrap());
    bytes.extend_from_slice(&encode(&filed, &body("filed")).unwrap());
    fs::write(&again, bytes).unwrap();
    assert_eq!(replay(&store).unwrap(), 0);
    assert!(!again.exists());
    assert_eq!(store.load(&moved_on.id).unwrap(), later);
    assert!(!store.msg_path(&filed.id).exists());
}

#[test]
fn a_half_made_journal_is_removed_unless_its_maker_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let intake = dir.path().join("intake");
    let dead = intake.join(".1.1.0.new");
    fs::write(&dead, [0u8; 16]).unwrap();
    let live = intake.join(".2.2.0.new");
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
