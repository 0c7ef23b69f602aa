//! Server faults (tests/fault_server.py, a real SMTP server process on 127.0.0.1): error replies
//! at every stage, mixed recipient replies, a server that stops answering (the attempt ends within
//! 1.1x the timeout, also during STARTTLS), a connection dropped after the data, STARTTLS stripped,
//! untrusted and wrong-name certificates; and the password kept out of everything.

use crate::faults_harness as harness;

use std::time::{Duration, Instant};

use harness::*;

const LATER: &str = "2026-11-23T10:05:00+01:00";

/// 421/451/452/550 at each stage: 4xx defers (and the retry delivers exactly once), 5xx at MAIL,
/// RCPT, DATA or the end of data fails the message; a refused greeting or EHLO (the server, not
/// this message) defers.
#[test]
fn error_replies_at_every_stage() {
    let stages = ["greeting", "ehlo", "mail", "rcpt", "data", "eod"];
    let codes = [421, 451, 452, 550];
    let handles: Vec<_> = stages
        .iter()
        .map(|&stage| {
            std::thread::spawn(move || {
                for code in codes {
                    let fault = format!("{stage}={code}");
                    let server = FaultServer::start(&["--fault", &fault, "--fault-once"]);
                    let env = Env::new(&Smtp::plain(server.port));
                    let id = env.send(&env.draft("d.eml", "anna@example.it", "Stage"));
                    let out = env.run(MON_10);
                    assert!(out.status.success(), "{fault}: {out:?}");
                    let meta = env.show(&id);
                    let permanent = code >= 500 && !matches!(stage, "greeting" | "ehlo");
                    let want = if permanent { "failed" } else { "deferred" };
                    assert_eq!(meta["state"], want, "{fault}: {meta}");
                    let reply = meta["last_reply"].as_str().unwrap_or_default();
                    assert!(reply.contains(&code.to_string()), "{fault}: {reply}");
                    assert!(server.received().is_empty(), "{fault}");
                    // The retry (the server behaves now) delivers once; failed mail is not retried.
                    env.run(LATER);
                    let got = server.received().len();
                    assert_eq!(got, usize::from(!permanent), "{fault}: {}", env.show(&id));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

/// One transaction with accepted, refused and deferred recipients: the first refusal does not
/// abort the rest; nobody accepted ever gets a second copy.
#[test]
fn mixed_recipient_replies() {
    let server = FaultServer::start(&[]);
    let env = Env::new(&Smtp::plain(server.port));
    let to = "ok1@example.it, rcpt-550@example.it, rcpt-451@example.it, rcpt-452@example.it, ok2@example.it";
    let id = env.send(&env.draft("m.eml", to, "Mixed"));
    env.run(MON_10);
    let rcpts: Vec<String> = server.received().into_iter().map(|(_, r)| r).collect();
    assert_eq!(rcpts, ["ok1@example.it", "ok2@example.it"]);
    let meta = env.show(&id);
    assert_eq!(meta["state"], "deferred", "{meta}");
    let states: Vec<&str> = meta["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["sent", "failed", "pending", "pending", "sent"]);
    env.run(LATER);
    assert_eq!(
        server.received().len(),
        2,
        "no second copy for the accepted ones"
    );
    assert!(server.commands().matches("RCPT TO:<ok1@").count() == 1);
}

/// A server that stops answering at any stage: the attempt ends within 1.1x the configured
/// timeout (lettre's own read timeout would wait twice, for its QUIT), before the data the message
/// waits for a retry, after it the delivery is uncertain.
#[test]
fn a_server_that_never_answers_ends_the_attempt_in_time() {
    // 4 s: the process start and the TLS handshake before the hang stay a small part of it.
    let timeout = 4.0_f64;
    let stages = [
        "greeting",
        "ehlo",
        "starttls",
        "handshake",
        "auth",
        "mail",
        "rcpt",
        "data",
        "eod",
    ];
    let handles: Vec<_> = stages
        .iter()
        .map(|&stage| {
            std::thread::spawn(move || {
                let fault = format!("{stage}=hang");
                let server = FaultServer::start(&[
                    "--tls",
                    "starttls",
                    "--auth",
                    "u:p",
                    "--fault",
                    &fault,
                    "--no-save",
                ]);
                let mut smtp = Smtp::starttls(&server);
                smtp.timeout = timeout as u64;
                let env = Env::new(&smtp);
                let id = env.send(&env.draft("h.eml", "anna@example.it", "Hang"));
                let start = Instant::now();
                let out = env.run(MON_10);
                let took = start.elapsed().as_secs_f64();
                assert!(out.status.success(), "{fault}: {out:?}");
                let meta = env.show(&id);
                let want = if stage == "eod" {
                    "uncertain"
                } else {
                    "deferred"
                };
                assert_eq!(meta["state"], want, "{fault}: {meta}");
                let reply = meta["last_reply"].as_str().unwrap_or_default();
                assert!(reply.contains("no reply within 4 s"), "{fault}: {reply}");
                (stage, took / timeout)
            })
        })
        .collect();
    let mut ratios = Vec::new();
    for h in handles {
        ratios.push(h.join().unwrap());
    }
    eprintln!("attempt time / timeout: {ratios:?}");
    for (stage, r) in ratios {
        // Generous for a loaded machine (process start, TLS); a timeout applied per step or twice
        // would be 2x or more.
        assert!(r <= 1.5, "{stage}: the attempt took {r:.2}x the timeout");
    }
}

/// The connection drops right after the data (the server kept the message): uncertain, and the
/// next try sends it again with the same Message-ID (at-least-once).
#[test]
fn a_connection_dropped_after_the_data_is_uncertain() {
    let server = FaultServer::start(&["--fault", "eod=drop", "--fault-once"]);
    let env = Env::new(&Smtp::plain(server.port));
    let id = env.send(&env.draft("u.eml", "anna@example.it", "Drop"));
    let out = env.run(MON_10);
    assert!(
        text(&out.stderr).contains(&format!("uncertain {id}")),
        "{out:?}"
    );
    let meta = env.show(&id);
    assert_eq!(meta["state"], "uncertain");
    assert_eq!(meta["recipients"][0]["state"], "uncertain");
    env.run(LATER);
    let got = server.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, got[1].0, "the same Message-ID both times");
    assert_eq!(
        got[0].0,
        format!("<{}>", meta["message_id"].as_str().unwrap())
    );
    assert_eq!(env.show(&id)["state"], "sent");
}

/// A server (or a man in the middle) that does not offer STARTTLS: a configuration error (exit
/// 2, naming `smtp.tls`), not retried, the entry left as it was; no AUTH (nor anything else of
/// the message) is sent in clear. Checked at the server.
#[test]
fn stripped_starttls_sends_no_auth() {
    let server = FaultServer::start(&["--tls", "starttls", "--no-starttls", "--auth", "u:p"]);
    let env = Env::new(&Smtp::starttls(&server));
    let id = env.send(&env.draft("s.eml", "anna@example.it", "Strip"));
    let out = env.run(MON_10);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = text(&out.stderr);
    assert!(
        err.contains("smtp.tls") && err.contains("does not offer STARTTLS"),
        "{err}"
    );
    let meta = env.show(&id);
    assert_eq!(meta["state"], "queued", "{meta}");
    assert_eq!(meta["attempts"], 0, "{meta}");
    let commands = server.commands();
    assert!(commands.contains("EHLO"), "{commands}");
    for verb in ["AUTH", "MAIL", "RCPT", "DATA"] {
        assert!(!commands.contains(verb), "{verb} sent in clear: {commands}");
    }
}

/// A certificate nobody vouches for (self-signed, no `ca_file`) or issued for another name: a
/// configuration error (exit 2, naming the key to fix), the entry left as it was, nothing sent,
/// and not turned into retries that would go on until `give_up_after`.
#[test]
fn untrusted_or_wrong_name_certificates_are_configuration_errors() {
    for (cert, ca, key) in [
        ("self-signed", false, "smtp.ca_file"),
        ("wrong-name", true, "smtp.host"),
    ] {
        let server = FaultServer::start(&["--tls", "starttls", "--cert", cert, "--auth", "u:p"]);
        let mut smtp = Smtp::starttls(&server);
        if !ca {
            smtp.ca = None;
        }
        let env = Env::new(&smtp);
        let id = env.send(&env.draft("c.eml", "anna@example.it", "Cert"));
        for _ in 0..2 {
            let out = env.run(MON_10);
            let err = text(&out.stderr);
            eprintln!("{cert}: {err}");
            assert_eq!(out.status.code(), Some(2), "{cert}: {out:?}");
            assert!(err.contains(key), "{cert}: {err}");
            assert!(err.contains("certificate"), "{cert}: {err}");
            let meta = env.show(&id);
            assert_eq!(meta["state"], "queued", "{cert}: {meta}");
            assert_eq!(meta["attempts"], 0, "{cert}: {meta}");
        }
        let commands = server.commands();
        assert!(!commands.contains("AUTH"), "{cert}: {commands}");
        assert!(!commands.contains("MAIL"), "{cert}: {commands}");
        assert!(server.received().is_empty());
    }
}

/// The password never shows: not in the queue, not in any command's output (including a refused
/// AUTH and a failed delivery), not in any process's arguments while mailcheck and its password
/// command run. A password-bearing config readable by others is refused before the password is
/// read.
#[test]
fn the_password_never_leaks() {
    let server = FaultServer::start(&[
        "--tls",
        "starttls",
        "--auth",
        "u:p",
        "--fault",
        "auth=535",
        "--fault-once",
    ]);
    let mut smtp = Smtp::starttls(&server);
    smtp.auth = false;
    let env = Env::new(&smtp);
    let pw_file = env.dir.path().join("pw");
    std::fs::write(&pw_file, format!("{PASSWORD}\n")).unwrap();
    let ran = env.dir.path().join("password-command-ran");
    smtp.extra = format!(
        "username = \"{USER}\"\npassword_command = \"touch '{}'; sleep 0.3; cat '{}'\"\n",
        ran.display(),
        pw_file.display()
    );
    env.write_config(&smtp, &env.outbox);

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let scanner = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            let mut scans = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                scans += 1;
                for e in std::fs::read_dir("/proc").unwrap().flatten() {
                    if let Ok(cmd) = std::fs::read(e.path().join("cmdline"))
                        && String::from_utf8_lossy(&cmd).contains(PASSWORD)
                    {
                        seen.push(String::from_utf8_lossy(&cmd).replace('\0', " "));
                    }
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            (seen, scans)
        })
    };
    let mut outputs = Vec::new();
    let id = {
        let out = env
            .command(MON_10)
            .arg("send")
            .arg(env.draft("p.eml", "anna@example.it", "Pw"))
            .output()
            .unwrap();
        outputs.push(out.clone());
        text(&out.stdout)
            .lines()
            .find_map(|l| {
                l.strip_prefix("queued ")
                    .and_then(|r| r.split(':').next())
                    .map(str::to_string)
            })
            .unwrap()
    };
    // AUTH refused (535), then accepted.
    for now in [MON_10, LATER] {
        outputs.push(env.run(now));
    }
    for args in [
        vec!["outbox", "list"],
        vec!["outbox", "show", &id],
        vec!["outbox", "list", "--format", "json"],
    ] {
        outputs.push(env.command(MON_10).args(&args).output().unwrap());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (seen, scans) = scanner.join().unwrap();
    assert!(
        seen.is_empty(),
        "the password in process arguments: {seen:?}"
    );
    assert!(scans > 10, "the /proc scanner ran {scans} times");
    assert!(ran.exists(), "the password command ran");
    assert_eq!(
        server.received().len(),
        1,
        "delivered after the refused AUTH"
    );
    assert!(
        server.commands().contains("AUTH PLAIN"),
        "the password was really used"
    );
    for out in &outputs {
        for stream in [&out.stdout, &out.stderr] {
            assert!(!text(stream).contains(PASSWORD), "{}", text(stream));
        }
    }
    let refused = text(&outputs[1].stdout) + &text(&outputs[1].stderr);
    assert!(refused.contains("535"), "{refused}");
    for f in walk(&env.outbox) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!text(&bytes).contains(PASSWORD), "{}", f.display());
    }

    // Readable by others: refused, and the password command never runs.
    std::fs::remove_file(&ran).unwrap();
    use std::os::unix::fs::PermissionsExt;
    env.send(&env.draft("q.eml", "anna@example.it", "Again"));
    std::fs::set_permissions(env.config(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env.run(MON_10);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        text(&out.stderr).contains("group or others can read or write"),
        "{out:?}"
    );
    assert!(
        !ran.exists(),
        "the password command ran for a world-readable config"
    );
    // `send` and `sendmail` refuse it too, before anything is queued; writable counts as
    // readable (trust boundaries 10).
    for mode in [0o644, 0o622] {
        std::fs::set_permissions(env.config(), std::fs::Permissions::from_mode(mode)).unwrap();
        let draft = env.draft("r.eml", "anna@example.it", "Third");
        let out = env
            .command(MON_10)
            .arg("send")
            .arg(&draft)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{mode:o} {out:?}");
        assert!(text(&out.stderr).contains("chmod 600"), "{out:?}");
        let out = env
            .command(MON_10)
            .args(["sendmail", "anna@example.it"])
            .stdin(std::fs::File::open(&draft).unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{mode:o} {out:?}");
        assert!(text(&out.stderr).contains("chmod 600"), "{out:?}");
    }
    assert!(!ran.exists());
}
