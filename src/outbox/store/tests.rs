//! Unit tests of `outbox::store`.

use super::*;
use crate::outbox::entry::State;

fn meta(store: &Store, due: &str) -> Meta {
    Meta {
        message_id: "x@example.it".into(),
        ..Meta::sample(&store.new_id(), due)
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn due_finding_by_marker_names() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let early = meta(&store, "2026-11-23T08:00:00Z");
    store.enqueue(&early, b"Subject: a\n\nx\n").unwrap();
    let late = meta(&store, "2026-11-24T08:00:00Z");
    store.enqueue(&late, b"Subject: b\n\nx\n").unwrap();
    let due = store.due_markers(at("2026-11-23T08:00:00Z")).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].id, early.id);
    assert_eq!(store.due_markers(at("2026-11-23T07:59:59Z")).unwrap(), []);
    assert_eq!(
        store.due_markers(at("2026-12-01T00:00:00Z")).unwrap().len(),
        2
    );
    assert_eq!(store.load(&early.id).unwrap(), early);
    assert_eq!(store.message(&late.id).unwrap(), b"Subject: b\n\nx\n");
}

#[test]
fn queue_and_sent_files_are_the_owners_only() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("outbox");
    let store = Store::open(&root).unwrap();
    let m = meta(&store, "2026-11-23T08:00:00Z");
    store.enqueue(&m, b"Subject: a\n\nx\n").unwrap();
    let mut sent = m.clone();
    sent.state = State::Sent;
    store
        .finish_sent(&sent, || Ok(b"Subject: a\r\n\r\nx\r\n".to_vec()), m.due)
        .unwrap();
    let mut seen = 0;
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        let mode = fs::metadata(&d).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{} is {mode:o}", d.display());
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode & 0o077, 0, "{} is {mode:o}", p.display());
                seen += 1;
            }
        }
    }
    assert!(seen >= 2, "the message and its sent copy were written");
}

#[test]
fn claims_are_exclusive_and_die_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let m = meta(&store, "2026-11-23T08:00:00Z");
    store.enqueue(&m, b"Subject: a\n\nx\n").unwrap();
    // Another test's child process forked while this test held a lock (the enqueue's, or a
    // claim) holds a copy of the descriptor, and so the lock, until it execs: a free entry
    // is claimed within a moment.
    let claim_soon = || {
        (0..100).find_map(|_| {
            let c = store.claim(&m.id).unwrap();
            if c.is_none() {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            c
        })
    };
    let c = claim_soon();
    assert!(c.is_some());
    assert!(store.claim(&m.id).unwrap().is_none());
    drop(c);
    assert!(claim_soon().is_some());
    assert!(matches!(store.claim("nope"), Err(OutboxError::NotFound(_))));
    assert!(matches!(store.claim("../x"), Err(OutboxError::NotFound(_))));
}

#[test]
fn update_moves_the_marker_and_repair_restores_a_lost_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut m = meta(&store, "2026-11-23T08:00:00Z");
    store.enqueue(&m, b"Subject: a\n\nx\n").unwrap();
    m.due = at("2026-11-25T08:00:00Z");
    store
        .update(&m, at("2026-11-23T08:00:00Z"), Durability::Synced)
        .unwrap();
    let names: Vec<String> = store
        .markers()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, [format!("20261125T08/20261125T080000Z_{}", m.id)]);
    // The old hour folder went with its last marker.
    assert!(!dir.path().join("due/20261123T08").exists());
    // A crash lost the marker: repair finds the entry again.
    store.remove_markers_except(&m.id, None).unwrap();
    assert_eq!(store.repair().unwrap(), 1);
    assert_eq!(store.markers().unwrap().len(), 1);
    assert_eq!(store.repair().unwrap(), 0);
}

#[test]
fn due_finding_is_fast_with_100k_entries() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let base = at("2026-11-23T08:00:00Z");
    // Markers only: due-finding never reads anything else. (Hard links of a few empty
    // files, ext4 allowing 65,000 links each: the cheapest way to make 100,000 names.)
    let due_dir = dir.path().join("due");
    let mut source = due_dir.join("x");
    for i in 0..100_000i64 {
        let name = due_dir.join(Store::marker_name(
            base + chrono::Duration::minutes(i),
            &format!("{i:x}"),
        ));
        fs::create_dir_all(name.parent().unwrap()).unwrap();
        if i % 50_000 == 0 {
            File::create(&name).unwrap();
            source = name;
        } else {
            fs::hard_link(&source, name).unwrap();
        }
    }
    let start = std::time::Instant::now();
    let due = store
        .due_markers(base + chrono::Duration::minutes(9))
        .unwrap();
    let took = start.elapsed();
    assert_eq!(due.len(), 10);
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
}

#[test]
fn markers_of_the_flat_layout_are_still_found_and_future_hours_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let m = meta(&store, "2026-11-23T08:00:00Z");
    store.enqueue(&m, b"Subject: a\n\nx\n").unwrap();
    // An outbox written before hour folders: its marker directly in due/.
    store.remove_markers_except(&m.id, None).unwrap();
    File::create(dir.path().join(format!("due/20261123T080000Z_{}", m.id))).unwrap();
    let due = store.due_markers(at("2026-11-23T08:00:00Z")).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].id, m.id);
    // A later hour's folder is not read: an unreadable one does no harm.
    let later = dir.path().join("due/20261124T08");
    fs::create_dir(&later).unwrap();
    fs::set_permissions(&later, fs::Permissions::from_mode(0o000)).unwrap();
    assert_eq!(
        store.due_markers(at("2026-11-23T08:30:00Z")).unwrap().len(),
        1
    );
    fs::set_permissions(&later, fs::Permissions::from_mode(0o700)).unwrap();
    store
        .remove_marker(&due[0].name, Durability::Synced)
        .unwrap();
    assert_eq!(store.due_markers(at("2026-11-23T09:00:00Z")).unwrap(), []);
}

#[test]
fn recover_finishes_or_removes_what_a_killed_enqueue_left_from_tmp_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // Killed after the meta, before the marker: the entry gets its marker.
    let a = meta(&store, "2026-11-23T08:00:00Z");
    store.enqueue(&a, b"Subject: a\n\nx\n").unwrap();
    store.remove_markers_except(&a.id, None).unwrap();
    // The temp file of a writer that is gone (no such pid).
    let dead = 4_000_000_000u32;
    fs::hard_link(
        store.msg_path(&a.id),
        dir.path().join(format!("tmp/{}.eml.{dead}.0", a.id)),
    )
    .unwrap();
    // Killed before the meta: the message goes.
    let b_id = store.new_id();
    fs::write(store.msg_path(&b_id), b"Subject: b\n\nx\n").unwrap();
    fs::hard_link(
        store.msg_path(&b_id),
        dir.path().join(format!("tmp/{b_id}.eml.{dead}.0")),
    )
    .unwrap();
    // A meta write cut short.
    fs::write(dir.path().join(format!("tmp/{}.json.{dead}.1", a.id)), b"{").unwrap();
    // A live writer's temp file (this process, locked) is left alone.
    let (live, _lock) = store
        .write_tmp("zzz.eml", b"x", Durability::Synced)
        .unwrap();

    assert_eq!(store.recover().unwrap(), 3);
    assert_eq!(store.markers().unwrap().len(), 1);
    assert_eq!(store.markers().unwrap()[0].id, a.id);
    assert!(!store.msg_path(&b_id).exists());
    assert!(store.msg_path(&a.id).exists());
    let left: Vec<PathBuf> = fs::read_dir(dir.path().join("tmp"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left, [live]);
    assert_eq!(store.recover().unwrap(), 0);
}
