//! Crashes: `mailcheck send` and `mailcheck outbox run` killed with SIGKILL at random moments,
//! a full disk while queueing, two runners at once. Random moments come from a seed printed at
//! the start (`MAILCHECK_TEST_SEED` repeats a run).

use crate::faults_harness as harness;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use harness::*;

/// A queue entry is whole when its meta parses and its message is there; an orphan message (no
/// meta) is a leftover for the next run to clean.
fn check_entries(outbox: &Path) -> (usize, usize) {
    let mut whole = 0;
    for f in walk(&outbox.join("meta")) {
        let bytes = std::fs::read(&f).unwrap();
        let meta: serde_json::Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{}: unreadable meta ({e}): {}", f.display(), text(&bytes)));
        let id = meta["id"].as_str().unwrap();
        let msg = outbox.join("msg").join(format!("{id}.eml"));
        let body = std::fs::read(&msg).unwrap_or_else(|e| panic!("{}: {e}", msg.display()));
        assert!(
            text(&body).contains("the file is ready"),
            "{}: partial message",
            msg.display()
        );
        whole += 1;
    }
    let orphans = walk(&outbox.join("msg"))
        .iter()
        .filter(|m| {
            let id = m.file_stem().unwrap().to_string_lossy().into_owned();
            !outbox.join("meta").join(format!("{id}.json")).exists()
        })
        .count();
    (whole, orphans)
}

#[test]
fn send_killed_at_random_moments_never_leaves_a_partial_entry() {
    let env = Env::new(&Smtp::plain(9));
    let draft = env.draft("d.eml", "anna@example.it", "Killed");
    let mut rng = Rng::new("send-kill");
    // How long one send takes, to aim the kills over its whole life.
    let start = Instant::now();
    env.send(&draft);
    let span = (start.elapsed().as_micros() as u64 * 12 / 10).max(1000);
    let (kills, mut finished) = (200, 1);
    for _ in 0..kills {
        let mut child = env
            .command(MON_10)
            .arg("send")
            .arg(&draft)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(span)));
        if child.try_wait().unwrap().is_some_and(|s| s.success()) {
            finished += 1;
        }
        sigkill(&mut child);
        check_entries(&env.outbox);
    }
    let (before, orphans) = check_entries(&env.outbox);
    let tmp_before = walk(&env.outbox.join("tmp")).len();
    // The next run cleans the leftovers (and sends nothing: it runs before anything is due).
    let out = env.run("2026-11-23T09:00:00+01:00");
    assert!(out.status.success(), "{out:?}");
    let (after, orphans_after) = check_entries(&env.outbox);
    assert_eq!(after, before);
    assert!(
        after >= finished,
        "{after} entries, {finished} sends finished"
    );
    assert_eq!(orphans_after, 0, "orphan messages left");
    assert_eq!(
        walk(&env.outbox.join("tmp")),
        Vec::<std::path::PathBuf>::new()
    );
    // Every entry is findable: one marker each.
    let markers: HashSet<String> = walk(&env.outbox.join("due"))
        .iter()
        .filter_map(|m| {
            m.file_name()?
                .to_str()?
                .split_once('_')
                .map(|(_, id)| id.to_string())
        })
        .collect();
    assert_eq!(markers.len(), after);
    let list = env
        .command(MON_10)
        .args(["outbox", "list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), after);
    eprintln!(
        "send killed {kills} times (span {span} us): {after} whole entries, {finished} sends \
         finished, cleaned {orphans} orphan messages and {tmp_before} temp files"
    );
}

#[test]
fn runner_killed_during_a_1000_message_flush_loses_nothing() {
    let server = FaultServer::start(&["--no-save"]);
    let env = Env::new(&Smtp::plain(server.port));
    let n = 1000;
    let sent: HashSet<String> = enqueue_direct(&env.outbox, n, MON_10).into_iter().collect();
    let mut rng = Rng::new("runner-kill");
    // Runners are killed at random points of the flush's progress, not of the clock: a fast
    // machine then sees as many kills as a slow one. The first `KILLS` runners each die after
    // 10-99 more messages arrived (plus up to 30 ms, so some die inside a message); the runner
    // after them finishes the flush.
    const KILLS: u64 = 8;
    let mut kills = 0u64;
    let start = Instant::now();
    loop {
        let mut child = env
            .command(MON_10)
            .args(["outbox", "run", "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let point = (kills < KILLS).then(|| server.received().len() + 10 + rng.below(90) as usize);
        let extra = Duration::from_millis(rng.below(30));
        let began = Instant::now();
        let ended = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            let reached = point.is_some_and(|p| server.received().len() >= p);
            // A run that does not get there in a minute is killed too (and counted).
            if reached || began.elapsed() > Duration::from_secs(60) {
                std::thread::sleep(extra);
                break child.try_wait().unwrap();
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        match ended {
            Some(status) => {
                let out = child.wait_with_output().unwrap();
                assert!(status.success(), "{}", text(&out.stderr));
                break;
            }
            None => {
                sigkill(&mut child);
                kills += 1;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the flush does not end"
        );
    }
    let got = server.received();
    let mut per_id: HashMap<&str, usize> = HashMap::new();
    for (mid, _) in &got {
        *per_id.entry(mid.as_str()).or_default() += 1;
    }
    let distinct: HashSet<String> = per_id.keys().map(|k| k.to_string()).collect();
    let duplicates = got.len() - distinct.len();
    eprintln!(
        "flush of {n}: {kills} kills, {} received, {} distinct, {duplicates} duplicates, {:.1} s",
        got.len(),
        distinct.len(),
        start.elapsed().as_secs_f64()
    );
    assert_eq!(distinct, sent, "every message arrives");
    assert!(
        duplicates as u64 <= kills,
        "{duplicates} duplicates for {kills} kills"
    );
    assert!(
        kills >= KILLS,
        "only {kills} kills: the flush ended before its kill points"
    );
    assert!(walk(&env.outbox.join("meta")).is_empty());
    assert!(walk(&env.outbox.join("msg")).is_empty());
    // Every killed batch's journal was replayed and removed; one copy and one record each.
    assert!(walk(&env.outbox.join("journal")).is_empty());
    assert_eq!(walk(&env.outbox.join("done")).len(), n);
    assert_eq!(walk(&env.outbox.join("sent/new")).len(), n);
}

#[test]
fn two_runners_started_together_never_send_twice() {
    let server = FaultServer::start(&["--no-save"]);
    let env = Env::new(&Smtp::plain(server.port));
    let rounds = 100;
    let mut all = HashSet::new();
    for _ in 0..rounds {
        all.extend(enqueue_direct(&env.outbox, 3, MON_10));
        let spawn = || {
            env.command(MON_10)
                .args(["outbox", "run", "--once"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for c in [a, b] {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", text(&out.stderr));
        }
    }
    // What a runner skipped as busy, a last pass sends.
    assert!(env.run(MON_10).status.success());
    let got = server.received();
    let distinct: HashSet<String> = got.iter().map(|(m, _)| m.clone()).collect();
    eprintln!(
        "{rounds} rounds of two runners: {} received, {} distinct",
        got.len(),
        distinct.len()
    );
    assert_eq!(distinct, all);
    assert_eq!(got.len(), all.len(), "duplicates");
}

/// Unmounts the test's tmpfs when dropped.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_while_queueing_fails_clearly_and_leaves_no_partial_entry() {
    let env = Env::new(&Smtp::plain(9));
    std::fs::create_dir_all(&env.outbox).unwrap();
    let status = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs"])
        .arg(&env.outbox)
        .status();
    assert!(
        status.as_ref().is_ok_and(|s| s.success()),
        "this test mounts a small tmpfs and must run as root (CI does): mount: {status:?}"
    );
    let _mount = Mount(env.outbox.clone());
    // The queue's directories first, then fill the disk to within `free` pages of full.
    assert!(
        env.command(MON_10)
            .args(["outbox", "list"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let filler = env.outbox.join("filler");
    let (mut failed, mut queued) = (0, 0);
    for free_pages in [0u64, 1, 2, 3, 4, 6] {
        let _ = std::fs::remove_file(&filler);
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&filler).unwrap();
            let page = vec![b'x'; 4096];
            while f.write_all(&page).is_ok() {}
            let _ = f.sync_all();
        }
        let size = std::fs::metadata(&filler).unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&filler)
            .unwrap()
            .set_len(size.saturating_sub(free_pages * 4096) / 4096 * 4096)
            .unwrap();
        // A new draft each round: the outbox refuses the same message twice.
        let draft = env.draft(
            &format!("d{free_pages}.eml"),
            &format!("anna{free_pages}@example.it"),
            &format!("Full {free_pages}"),
        );
        let before = check_entries_in(&env.outbox);
        let out = env
            .command(MON_10)
            .arg("send")
            .arg(&draft)
            .output()
            .unwrap();
        let after = check_entries_in(&env.outbox);
        if out.status.success() {
            queued += 1;
            assert_eq!(after, before + 1);
        } else {
            failed += 1;
            let err = text(&out.stderr);
            assert_ne!(out.status.code(), Some(0));
            assert!(
                err.contains("No space left on device"),
                "{free_pages}: {err}"
            );
            assert!(err.contains("outbox"), "names the file: {err}");
            assert_eq!(after, before, "{free_pages}: an entry appeared: {err}");
        }
        // Nothing partial: no orphan message, no temp file, no marker without an entry.
        let (_, orphans) = check_entries(&env.outbox);
        assert_eq!(orphans, 0, "free {free_pages} pages");
        assert_eq!(
            walk(&env.outbox.join("tmp")).len(),
            0,
            "free {free_pages} pages"
        );
        assert_eq!(walk(&env.outbox.join("due")).len(), after);
    }
    eprintln!("full disk: {failed} sends refused, {queued} queued");
    assert!(failed >= 2, "the disk was never full enough");
}

fn check_entries_in(outbox: &Path) -> usize {
    check_entries(outbox).0
}

/// What a batch's journal recovery tests start from: `n` entries queued due at MON_10, and for
/// each its meta as a runner marks it `sending` (attempt 1) and as it records it `sent`.
struct Batch {
    store: mailcheck::outbox::Store,
    queued: Vec<mailcheck::outbox::Meta>,
    sending: Vec<mailcheck::outbox::Meta>,
    sent: Vec<mailcheck::outbox::Meta>,
}

fn batch(env: &Env, n: usize) -> Batch {
    use mailcheck::outbox::{RcptState, State, Store};
    let mids = enqueue_direct(&env.outbox, n, MON_10);
    let store = Store::open(&env.outbox).unwrap();
    let queued = store.list().unwrap();
    assert_eq!(queued.len(), mids.len());
    let now = chrono::DateTime::parse_from_rfc3339(MON_10)
        .unwrap()
        .with_timezone(&chrono::Utc);
    let sending: Vec<_> = queued
        .iter()
        .map(|m| {
            let mut m = m.clone();
            m.state = State::Sending;
            m.attempts = 1;
            m.last_attempt = Some(now);
            m
        })
        .collect();
    let sent = sending
        .iter()
        .map(|m| {
            let mut m = m.clone();
            m.state = State::Sent;
            m.sent_at = Some(now);
            for r in &mut m.recipients {
                r.state = RcptState::Sent;
                r.reply = Some("250 2.0.0 OK".into());
            }
            m
        })
        .collect();
    Batch {
        store,
        queued,
        sending,
        sent,
    }
}

/// A journal as a runner that died left it: made, `records` in it, never removed (its lock went
/// with the process, here with the dropped file).
fn dead_journal(
    store: &mailcheck::outbox::Store,
    marks: &[mailcheck::outbox::Meta],
    outcomes: &[mailcheck::outbox::Meta],
) {
    use mailcheck::outbox::journal::{Journal, Record};
    let record = |m: &mailcheck::outbox::Meta| Record {
        meta: m.clone(),
        old_due: m.first_due,
    };
    let marks: Vec<Record> = marks.iter().map(record).collect();
    let mut j = Journal::begin(store, &marks).unwrap();
    for m in outcomes {
        j.append(&record(m)).unwrap();
    }
}

/// After a run: every entry filed (meta in done/, its copy in sent/new, exactly as the runner
/// writes it), nothing left in meta/, msg/, due/ or journal/.
fn assert_all_filed(env: &Env, batch: &Batch) {
    for m in &batch.queued {
        let done = env.outbox.join("done").join(format!("{}.json", m.id));
        let meta: serde_json::Value = serde_json::from_slice(
            &std::fs::read(&done).unwrap_or_else(|e| panic!("{}: {e}", done.display())),
        )
        .unwrap();
        assert_eq!(meta["state"], "sent", "{meta}");
    }
    let copies = walk(&env.outbox.join("sent/new"));
    assert_eq!(copies.len(), batch.queued.len(), "{copies:?}");
    for c in &copies {
        let body = text(&std::fs::read(c).unwrap());
        assert!(
            body.contains("Hello,\n\nready.\n"),
            "{}: {body:?}",
            c.display()
        );
        assert!(
            body.starts_with("Date: ") || body.contains("\nDate: "),
            "{body}"
        );
    }
    for dir in ["meta", "msg", "due", "journal"] {
        assert_eq!(
            walk(&env.outbox.join(dir)),
            Vec::<std::path::PathBuf>::new(),
            "{dir}/"
        );
    }
}

#[test]
fn a_runner_killed_after_recording_sent_but_before_filing_is_finished_without_sending() {
    // What a runner killed between an outcome's journal record and the batch's end leaves: the
    // files say `sent` (written, not filed: meta in meta/, the copy delivered, message and
    // marker still there), and its journal holds the marks and outcomes.
    let server = FaultServer::start(&["--no-save"]);
    let env = Env::new(&Smtp::plain(server.port));
    let b = batch(&env, 3);
    for m in &b.sent {
        b.store
            .write_meta(m, mailcheck::outbox::store::Durability::Synced)
            .unwrap();
        let stored = b.store.message(&m.id).unwrap();
        let copy = mailcheck::outbox::entry::sent_copy(&stored, m.sender_time(m.sent_at.unwrap()));
        b.store
            .write_sent_copy(m, &copy, mailcheck::outbox::store::Durability::Synced)
            .unwrap();
    }
    dead_journal(&b.store, &b.sending, &b.sent);
    let out = env.run(MON_10);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(server.received(), [], "nothing is sent again");
    assert_all_filed(&env, &b);
}

#[test]
fn after_a_power_loss_the_journal_files_what_it_recorded_sent_even_over_old_or_damaged_files() {
    // A power loss took the batch's unsynced writes: the metas are back to `queued` (one is
    // even empty, as a filesystem that does not order a rename after its data may leave it),
    // no copy was kept; only the journal, synced, says the three were sent.
    let server = FaultServer::start(&["--no-save"]);
    let env = Env::new(&Smtp::plain(server.port));
    let b = batch(&env, 3);
    let damaged = env
        .outbox
        .join("meta")
        .join(format!("{}.json", b.queued[0].id));
    std::fs::write(&damaged, b"").unwrap();
    dead_journal(&b.store, &b.sending, &b.sent);
    let out = env.run(MON_10);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(server.received(), [], "nothing is sent again");
    assert_all_filed(&env, &b);
    // The copies are made from the queued messages, as the runner makes them.
    for m in &b.sent {
        let show = env.show(&m.id);
        assert_eq!(show["attempts"], 1, "{show}");
        assert_eq!(show["recipients"][0]["state"], "sent", "{show}");
    }
}

#[test]
fn a_batch_marked_sending_whose_runner_died_before_trying_is_sent_once_each() {
    // The runner made its journal (the `sending` marks of the whole batch, synced), marked two
    // of the three metas, and died before the first attempt.
    let server = FaultServer::start(&["--no-save"]);
    let env = Env::new(&Smtp::plain(server.port));
    let b = batch(&env, 3);
    for m in &b.sending[..2] {
        b.store
            .write_meta(m, mailcheck::outbox::store::Durability::Deferred)
            .unwrap();
    }
    dead_journal(&b.store, &b.sending, &[]);
    let out = env.run(MON_10);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let got = server.received();
    let mut per_id: HashMap<&str, usize> = HashMap::new();
    for (mid, _) in &got {
        *per_id.entry(mid.as_str()).or_default() += 1;
    }
    assert_eq!(per_id.len(), 3, "{got:?}");
    assert!(
        per_id.values().all(|&n| n == 1),
        "each exactly once: {got:?}"
    );
    assert_all_filed(&env, &b);
    for m in &b.queued {
        // The mark counts as an attempt: the runner cannot know it was never tried.
        assert_eq!(env.show(&m.id)["attempts"], 2);
    }
    // A second run has nothing to do.
    assert!(env.run(MON_10).status.success());
    assert_eq!(server.received().len(), 3);
}

#[test]
fn a_message_goes_out_only_once_the_previous_outcome_is_recorded() {
    // The runner records the previous message's outcome (`before_data`) while the next
    // transaction starts; when that fails, the next message's data never goes out.
    use mailcheck::outbox::OutboxError;
    use mailcheck::outbox::smtp::Sender;
    let server = FaultServer::start(&["--no-save"]);
    let env = Env::new(&Smtp::plain(server.port));
    let settings = mailcheck::config::Settings::load(&env.config()).unwrap();
    let mut sender = Sender::new(settings.smtp_account().unwrap());
    let wire = |n: u32| {
        format!(
            "Message-ID: <gate{n}@example.it>\r\nFrom: marta@example.it\r\nTo: anna@example.it\r\n\
             Subject: gate\r\n\r\nHello.\r\n"
        )
        .into_bytes()
    };
    let to = ["anna@example.it".to_string()];
    let refused = sender.deliver("marta@example.it", &to, &wire(1), || {
        Err(OutboxError::Smtp("the journal could not be synced".into()))
    });
    assert!(
        matches!(&refused, Err(OutboxError::Smtp(m)) if m.contains("journal")),
        "{refused:?}"
    );
    let mut recorded = false;
    let sent = sender
        .deliver("marta@example.it", &to, &wire(2), || {
            std::thread::sleep(Duration::from_millis(200));
            recorded = true;
            Ok(())
        })
        .unwrap();
    assert!(recorded);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].state,
        mailcheck::outbox::RcptState::Sent,
        "{sent:?}"
    );
    sender.close();
    let got: Vec<String> = server.received().into_iter().map(|(m, _)| m).collect();
    assert_eq!(
        got,
        ["<gate2@example.it>"],
        "the refused message never arrived"
    );
}
