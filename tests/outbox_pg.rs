//! The outbox on PostgreSQL, end to end: a real PostgreSQL from Debian's package, started by each
//! test (`initdb` into a temporary directory as the `postgres` user, `pg_ctl -w start` on a free
//! port with a private socket directory, fsync on, password authentication), and the real SMTP
//! server of `tests/outbox.rs` (aiosmtpd, `tests/smtp_server.py`). The binary runs as a desk
//! member would run it: `[outbox] database = "postgresql://…"`, the password in `password_env`.
//!
//! `scripts/ci-setup.sh` installs `postgresql` and the Python server's packages.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::faults_harness as harness;

use harness::common;

use common::smtp::{PASSWORD, SmtpServer as Server, USER};
const PG_PASSWORD: &str = "pg-Hk27-desk-secret";

/// Mon 23 Nov 2026 10:00 in Rome: inside business hours.
const MON_10: &str = "2026-11-23T10:00:00+01:00";

use common::root;

/// A PostgreSQL server of one test, in its own temporary directory; stopped when dropped.
struct Pg {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    /// The server's command-line options, to start it again after [`Pg::stop`].
    options: String,
}

/// Runs a PostgreSQL program as the `postgres` user when this is root (initdb refuses root).
fn as_postgres(bin: &Path, program: &str) -> StdCommand {
    let path = bin.join(program);
    if is_root() {
        let mut c = StdCommand::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(path);
        c
    } else {
        StdCommand::new(path)
    }
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn ok(out: Output, what: &str) -> Output {
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl Pg {
    fn start() -> Pg {
        Pg::start_with(false)
    }

    /// With `tls`: `ssl = on` with a certificate for 127.0.0.1 signed by a CA made here
    /// (`ca.pem` in the server's directory), and only `hostssl` connections accepted over TCP,
    /// so a client that does not speak TLS cannot log in.
    fn start_with(tls: bool) -> Pg {
        let help = "these tests need PostgreSQL's server from Debian (`apt-get install \
                    postgresql`, or `bash scripts/ci-setup.sh`)";
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.path().join("bin"))
                    .filter(|b| b.join("initdb").exists())
                    .max_by_key(|b| {
                        b.parent()
                            .and_then(|v| v.file_name())
                            .and_then(|v| v.to_str())
                            .and_then(|v| v.parse::<u32>().ok())
                            .unwrap_or(0)
                    })
            })
            .unwrap_or_else(|| panic!("no /usr/lib/postgresql/<version>/bin/initdb: {help}"));
        let dir = tempfile::Builder::new()
            .prefix("mailcheck-pg")
            .tempdir()
            .expect("temp dir");
        std::fs::create_dir(dir.path().join("sock")).unwrap();
        std::fs::write(dir.path().join("pwfile"), format!("{PG_PASSWORD}\n")).unwrap();
        let mut options = format!(
            "-k {} -h 127.0.0.1 -c fsync=on -c log_connections=on",
            dir.path().join("sock").display()
        );
        if tls {
            let ca_key = rcgen::KeyPair::generate().unwrap();
            let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
            ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
            ca_params
                .distinguished_name
                .push(rcgen::DnType::CommonName, "mailcheck test CA");
            let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
            let key = rcgen::KeyPair::generate().unwrap();
            let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()])
                .unwrap()
                .signed_by(&key, &ca)
                .unwrap();
            std::fs::write(dir.path().join("ca.pem"), ca.pem()).unwrap();
            std::fs::write(dir.path().join("server.crt"), cert.pem()).unwrap();
            let key_path = dir.path().join("server.key");
            std::fs::write(&key_path, key.serialize_pem()).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600)).unwrap();
            options.push_str(&format!(
                " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
                dir.path().join("server.crt").display(),
                key_path.display()
            ));
        }
        if is_root() {
            // The data directory must belong to the server's user.
            ok(
                StdCommand::new("chown")
                    .args(["-R", "postgres:postgres"])
                    .arg(dir.path())
                    .output()
                    .unwrap(),
                "chown",
            );
        }
        let data = dir.path().join("data");
        ok(
            as_postgres(&bin, "initdb")
                .arg("-D")
                .arg(&data)
                .args(["-U", "postgres", "--auth=scram-sha-256", "-E", "UTF8"])
                .arg(format!("--pwfile={}", dir.path().join("pwfile").display()))
                .output()
                .unwrap_or_else(|e| panic!("cannot run initdb ({e}): {help}")),
            "initdb",
        );
        if tls {
            // TCP only with TLS: a plaintext login is refused by the server itself.
            std::fs::write(
                data.join("pg_hba.conf"),
                "local all all scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\n",
            )
            .unwrap();
        }
        let port = free_port();
        let pg = Pg {
            dir,
            bin,
            port,
            options: format!("{options} -p {port}"),
        };
        pg.start_again();
        ok(
            as_postgres(&pg.bin, "createdb")
                .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres"])
                .arg("desk")
                .env("PGPASSWORD", PG_PASSWORD)
                .output()
                .unwrap(),
            "createdb",
        );
        pg
    }

    /// `pg_ctl start` (again, after [`Pg::stop`]).
    fn start_again(&self) {
        // Its output to its log (a pipe here would stay open as long as the server runs).
        let status = as_postgres(&self.bin, "pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .arg("-o")
            .arg(&self.options)
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-w", "-t", "60", "start"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "pg_ctl start: {status}");
    }

    /// Stops the server at once (a crash: no shutdown checkpoint).
    fn stop(&self) {
        ok(
            as_postgres(&self.bin, "pg_ctl")
                .arg("-D")
                .arg(self.dir.path().join("data"))
                .args(["-m", "immediate", "-w", "stop"])
                .output()
                .unwrap(),
            "pg_ctl stop",
        );
    }

    fn url(&self) -> String {
        format!("postgresql://postgres@127.0.0.1:{}/desk", self.port)
    }

    /// One SQL statement through psql; its unaligned output.
    fn sql(&self, query: &str) -> String {
        let out = ok(
            as_postgres(&self.bin, "psql")
                .args([
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    "postgres",
                ])
                .args(["-d", "desk", "-At", "-c", query])
                .env("PGPASSWORD", PG_PASSWORD)
                .output()
                .unwrap(),
            "psql",
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin, "pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

/// A desk member's directory: config (mode 0600) pointing the outbox at the database, drafts.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new(pg: &Pg, server: &Server, extra: &str) -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = format!(
            "[sender]\ntimezone = \"Europe/Rome\"\n\n\
             [outbox]\ndatabase = \"{}\"\npassword_env = \"MC_TEST_PG_PW\"\n{extra}\n\n\
             [smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"starttls\"\nusername = \"{USER}\"\n\
             password_env = \"MC_TEST_SMTP_PW\"\nca_file = \"{}\"\ntimeout = 5\n\
             hello_name = \"client.test\"\n",
            pg.url(),
            server.port,
            server.dir.path().join("ca.pem").display()
        );
        let path = dir.path().join("mailcheck.toml");
        std::fs::write(&path, config).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        Env { dir }
    }

    fn command(&self, now: &str) -> StdCommand {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("mailcheck"));
        cmd.current_dir(self.dir.path())
            .env("MAILCHECK_CONFIG", self.dir.path().join("mailcheck.toml"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("MAILCHECK_NOW", now)
            .env("MC_TEST_SMTP_PW", PASSWORD)
            .env("MC_TEST_PG_PW", PG_PASSWORD)
            .env("NO_COLOR", "1");
        // English whatever the machine's locale (the interface language, #21).
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            cmd.env_remove(var);
        }
        cmd
    }

    /// Runs `mailcheck ARGS`: (exit code, stdout, stderr).
    fn run(&self, now: &str, args: &[&str]) -> (i32, String, String) {
        let out = self.command(now).args(args).output().unwrap();
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(!e.contains("panicked"), "{e}");
        assert!(!o.contains(PG_PASSWORD) && !e.contains(PG_PASSWORD));
        (out.status.code().unwrap_or(-1), o, e)
    }

    fn must(&self, now: &str, args: &[&str]) -> String {
        let (code, o, e) = self.run(now, args);
        assert_eq!(code, 0, "mailcheck {args:?} failed: {o}\n{e}");
        o
    }

    fn draft(&self, name: &str, to: &str, subject: &str) -> String {
        let text = format!(
            "From: Desk <desk@example.it>\nTo: {to}\nSubject: {subject}\n\nHello,\n\nready.\n"
        );
        std::fs::write(self.dir.path().join(name), text).unwrap();
        name.to_string()
    }

    /// `mailcheck send`; returns the queue id.
    fn send(&self, now: &str, draft: &str) -> String {
        let out = self.must(now, &["send", draft]);
        out.lines()
            .find_map(|l| l.strip_prefix("queued ").and_then(|r| r.split(':').next()))
            .unwrap_or_else(|| panic!("no queue id in: {out}"))
            .to_string()
    }

    fn show(&self, id: &str) -> serde_json::Value {
        let out = self.must(MON_10, &["outbox", "show", "--format", "json", id]);
        serde_json::from_str(&out).unwrap()
    }
}

#[test]
fn migrate_send_list_run_cancel_on_postgresql() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "");
    let d = env.draft("a.eml", "anna@example.it", "Desk reply");

    // Before the schema exists: a clear error, nothing queued.
    let (code, _, e) = env.run(MON_10, &["send", &d]);
    assert_eq!(code, 2, "{e}");
    assert!(e.contains("run `mailcheck outbox migrate`"), "{e}");

    let out = env.must(MON_10, &["outbox", "migrate"]);
    assert!(out.contains("applied migration 1 (outbox)"), "{out}");
    assert!(!out.contains(PG_PASSWORD));
    let out = env.must(MON_10, &["outbox", "migrate"]);
    assert!(out.contains("up to date (version 1)"), "{out}");
    assert_eq!(pg.sql("SELECT count(*) FROM mailcheck_migrations"), "1");

    let id = env.send(MON_10, &d);
    let d2 = env.draft("b.eml", "bruno@example.it", "Cancelled one");
    let id2 = env.send(MON_10, &d2);
    let d3 = env.draft("c.eml", "carla@example.it", "Later one");
    let id3 = env.send(MON_10, &d3);
    let list = env.must(MON_10, &["outbox", "list"]);
    for x in [&id, &id2, &id3] {
        assert!(list.contains(x.as_str()), "{list}");
    }
    assert_eq!(env.show(&id)["state"], "queued");
    assert_eq!(
        pg.sql(&format!("SELECT state FROM outbox_entry WHERE id = '{id}'")),
        "queued"
    );

    let out = env.must(MON_10, &["outbox", "cancel", &id2]);
    assert!(out.contains(&format!("cancelled {id2}")), "{out}");
    let out = env.must(
        MON_10,
        &["outbox", "reschedule", &id3, "--at", "2026-11-24 11:00"],
    );
    assert!(out.contains(&format!("rescheduled {id3}")), "{out}");
    // `last_reply` (#21): an id in the row is said in the reader's language; an old row's plain
    // string is shown as written.
    let shown = |lang: &str| {
        let out = env
            .command(MON_10)
            .env("LANG", lang)
            .args(["outbox", "show", &id3])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let set = |json: &str| {
        pg.sql(&format!(
            "UPDATE outbox_entry SET meta = jsonb_set(meta, '{{last_reply}}', '{json}') \
             WHERE id = '{id3}'"
        ))
    };
    set(r#"{"id": "last-reply-interrupted"}"#);
    let ru = shown("ru_RU.UTF-8");
    assert!(ru.contains("предыдущая попытка была прервана"), "{ru}");
    let it = shown("it_IT.UTF-8");
    assert!(
        it.contains("il tentativo precedente è stato interrotto"),
        "{it}"
    );
    set(r#""421 4.3.2 old reply""#);
    assert!(shown("ru_RU.UTF-8").contains(" 421 4.3.2 old reply\n"));

    let out = env.must("2026-11-23T10:01:00+01:00", &["outbox", "run", "--once"]);
    assert!(out.contains(&format!("sent {id}")), "{out}");
    assert!(!out.contains(&id3), "{out}");
    assert_eq!(server.message_ids().len(), 1);
    let meta = env.show(&id);
    assert_eq!(meta["state"], "sent");
    assert!(
        meta["last_reply"].as_str().unwrap().contains("250"),
        "{meta}"
    );
    assert_eq!(
        pg.sql(&format!(
            "SELECT state, lease_owner IS NULL FROM outbox_entry WHERE id = '{id}'"
        )),
        "sent|t"
    );
    // A sent message cannot be cancelled; nothing is sent twice.
    let (code, _, e) = env.run(MON_10, &["outbox", "cancel", &id]);
    assert_eq!(code, 2, "{e}");
    assert!(e.contains("is sent and cannot be cancelled"), "{e}");
    env.must("2026-11-23T10:02:00+01:00", &["outbox", "run", "--once"]);
    assert_eq!(server.message_ids().len(), 1);
    // The rescheduled one leaves at its new time.
    let out = env.must("2026-11-24T11:00:30+01:00", &["outbox", "run", "--once"]);
    assert!(out.contains(&format!("sent {id3}")), "{out}");
    assert_eq!(server.message_ids().len(), 2);
    let list = env.must(MON_10, &["outbox", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "{list}");

    // Another member's message in the same queue; `list --from` shows one member's.
    std::fs::write(
        env.dir.path().join("m.eml"),
        "From: Marco <Marco@Example.it>\nTo: zoe@example.it\nSubject: Marco's\n\nHello,\n\nready.\n",
    )
    .unwrap();
    let marco = env.send(MON_10, "m.eml");
    let list = env.must(MON_10, &["outbox", "list"]);
    assert!(list.contains(&marco) && list.contains(&id), "{list}");
    let list = env.must(MON_10, &["outbox", "list", "--from", "marco@example.it"]);
    assert!(list.contains(&marco) && !list.contains(&id), "{list}");
    let list = env.must(
        MON_10,
        &[
            "outbox",
            "list",
            "--from",
            "desk@example.it",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "{list}");

    // A damaged row (someone edited the database by hand) is shown as such and skipped; the
    // rest of the queue goes on.
    let d4 = env.draft("e.eml", "elena@example.it", "Damaged one");
    let id4 = env.send(MON_10, &d4);
    let d5 = env.draft("f.eml", "fabio@example.it", "Fine one");
    let id5 = env.send(MON_10, &d5);
    pg.sql(&format!(
        "UPDATE outbox_entry SET meta = '{{\"id\": \"{id4}\"}}' WHERE id = '{id4}'"
    ));
    let list = env.must(MON_10, &["outbox", "list"]);
    assert!(
        list.lines()
            .any(|l| l.starts_with(&id4) && l.contains("damaged")),
        "{list}"
    );
    let (code, out, e) = env.run("2026-11-23T10:10:00+01:00", &["outbox", "run", "--once"]);
    assert_eq!(code, 0, "{out}\n{e}");
    assert!(out.contains(&format!("sent {id5}")), "{out}");
    assert!(e.contains("skipped") && e.contains(&id4), "{e}");

    // A temporary failure: deferred (its backoff, one attempt), then `outbox retry --now` sends
    // it at the next run, once, with the same Message-ID.
    let d6 = env.draft("g.eml", "data-451-once@example.it", "Greylisted");
    let id6 = env.send(MON_10, &d6);
    let before = server.message_ids().len();
    let out = env.must("2026-11-23T10:20:00+01:00", &["outbox", "run", "--once"]);
    assert!(out.contains(&id6), "{out}");
    let m = env.show(&id6);
    assert_eq!(m["state"], "deferred", "{m}");
    assert_eq!(m["attempts"], 1, "{m}");
    assert!(m["last_reply"].as_str().unwrap().contains("451"), "{m}");
    env.must(
        "2026-11-23T10:21:00+01:00",
        &["outbox", "retry", "--now", &id6],
    );
    let out = env.must("2026-11-23T10:21:00+01:00", &["outbox", "run", "--once"]);
    assert!(out.contains(&format!("sent {id6}")), "{out}");
    assert_eq!(server.message_ids().len(), before + 1);
    assert_eq!(env.show(&id6)["attempts"], 2);

    // A schema newer than this program knows: refused, naming the fix, by every command.
    pg.sql("INSERT INTO mailcheck_migrations (version, name) VALUES (99, 'future')");
    for args in [&["outbox", "list"][..], &["outbox", "migrate"]] {
        let (code, _, e) = env.run(MON_10, args);
        assert_eq!(code, 2, "{e}");
        assert!(e.contains("newer than this mailcheck knows"), "{e}");
    }
    pg.sql("DELETE FROM mailcheck_migrations WHERE version = 99");

    // A password in the URL is refused, naming the key.
    let bad = Env::new(&pg, &server, "");
    let cfg = bad.dir.path().join("mailcheck.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, text.replace("postgres@", "postgres:oops@")).unwrap();
    let (code, _, e) = bad.run(MON_10, &["outbox", "list"]);
    assert_eq!(code, 2, "{e}");
    assert!(
        e.contains("outbox.database") && e.contains("password"),
        "{e}"
    );
    assert!(!e.contains("oops"), "{e}");
    // Not a PostgreSQL URL; a database nobody listens on: clear errors, exit 2, no hang.
    std::fs::write(&cfg, text.replace(&pg.url(), "mysql://desk@db/desk")).unwrap();
    let (code, _, e) = bad.run(MON_10, &["outbox", "list"]);
    assert_eq!(code, 2, "{e}");
    assert!(e.contains("outbox.database"), "{e}");
    let closed = format!("postgresql://postgres@127.0.0.1:{}/desk", free_port());
    std::fs::write(&cfg, text.replace(&pg.url(), &closed)).unwrap();
    let (code, _, e) = bad.run(MON_10, &["outbox", "run", "--once"]);
    assert_eq!(code, 2, "{e}");
    assert!(e.contains(&closed), "{e}");
}

/// Queues `n` drafts through `mailcheck send`, four at a time; returns their ids.
fn queue_many(env: &Env, n: usize) -> Vec<String> {
    let names: Vec<String> = (0..n)
        .map(|i| {
            env.draft(
                &format!("d{i}.eml"),
                &format!("r{i}@example.it"),
                &format!("N{i}"),
            )
        })
        .collect();
    let mut ids = Vec::new();
    for chunk in names.chunks(4) {
        let children: Vec<Child> = chunk
            .iter()
            .map(|d| {
                env.command(MON_10)
                    .args(["send", d])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = ok(c.wait_with_output().unwrap(), "send");
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            ids.push(
                text.lines()
                    .find_map(|l| l.strip_prefix("queued ").and_then(|r| r.split(':').next()))
                    .unwrap_or_else(|| panic!("no id in {text}"))
                    .to_string(),
            );
        }
    }
    ids
}

#[test]
fn three_runners_started_together_send_each_of_300_messages_once() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "");
    env.must(MON_10, &["outbox", "migrate"]);
    let n = 300;
    let ids = queue_many(&env, n);
    assert_eq!(pg.sql("SELECT count(*) FROM outbox_entry"), n.to_string());

    let now = "2026-11-23T10:05:00+01:00";
    let runners: Vec<Child> = (0..3)
        .map(|_| {
            env.command(now)
                .args(["outbox", "run", "--once"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut per_runner = Vec::new();
    for r in runners {
        let out = ok(r.wait_with_output().unwrap(), "outbox run");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        per_runner.push(text.lines().filter(|l| l.starts_with("sent ")).count());
    }
    let got = server.message_ids();
    let mut distinct = got.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(got.len(), n, "sent per runner: {per_runner:?}");
    assert_eq!(distinct.len(), n, "a message went twice: {per_runner:?}");
    assert_eq!(per_runner.iter().sum::<usize>(), n, "{per_runner:?}");
    eprintln!("sent per runner: {per_runner:?}");
    assert_eq!(
        pg.sql("SELECT count(*) FROM outbox_entry WHERE state = 'sent' AND lease_owner IS NULL"),
        n.to_string()
    );
    // Every id queued is among what arrived.
    for id in ids.iter().take(5) {
        assert_eq!(env.show(id)["state"], "sent");
    }
}

/// Waits until the server has received at least `n` messages (at most a minute).
fn wait_for(server: &Server, n: usize) {
    let start = std::time::Instant::now();
    while server.message_ids().len() < n {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "only {} messages arrived",
            server.message_ids().len()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Queues `n` messages due at MON_10 fast: the rows `mailcheck send` would write (meta as the
/// library serialises it, checksum of the bytes), inserted in one transaction, where `send` one
/// by one would take minutes in a debug build. Returns their Message-IDs, `<…>`.
fn queue_fast(pg: &Pg, n: usize) -> HashSet<String> {
    let due = chrono::DateTime::parse_from_rfc3339(MON_10)
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut client = postgres::Client::connect(
        &format!(
            "host=127.0.0.1 port={} user=postgres password={PG_PASSWORD} dbname=desk",
            pg.port
        ),
        postgres::NoTls,
    )
    .unwrap();
    let mut tx = client.transaction().unwrap();
    let insert = tx
        .prepare(
            "INSERT INTO outbox_entry (id, message_id, sender, state, due, meta, message)
             VALUES ($1, $2, $3, 'queued', $4, $5::text::jsonb, $6)",
        )
        .unwrap();
    let mut ids = HashSet::new();
    for i in 0..n {
        let id = format!("{:012x}", 0xfa57_0000_0000u64 + i as u64);
        let (meta, msg, message_id) = harness::test_entry(i, id, due);
        let json = serde_json::to_string(&meta).unwrap();
        tx.execute(
            &insert,
            &[&meta.id, &meta.message_id, &meta.from, &due, &json, &msg],
        )
        .unwrap();
        ids.insert(message_id);
    }
    tx.commit().unwrap();
    ids
}

/// Copies per Message-ID received; (distinct ids, duplicates).
fn tally(server: &Server) -> (HashSet<String>, usize) {
    let got = server.message_ids();
    let distinct: HashSet<String> = got
        .iter()
        .map(|l| l["message-id:".len()..].trim().to_string())
        .collect();
    let duplicates = got.len() - distinct.len();
    (distinct, duplicates)
}

#[test]
fn runners_killed_at_random_points_of_a_1000_message_flush_lose_nothing() {
    let pg = Pg::start();
    let server = Server::start();
    // A short lease: a killed runner's messages are taken over after 2 s.
    let env = Env::new(&pg, &server, "lease = \"2s\"");
    env.must(MON_10, &["outbox", "migrate"]);
    let n = 1000;
    let sent = queue_fast(&pg, n);
    let now = "2026-11-23T10:05:00+01:00";
    let mut rng = harness::Rng::new("pg-runner-kill");
    // Runners are killed at random points of the flush's progress, not of the clock: a fast
    // machine then sees as many kills as a slow one. The first `KILLS` runners each die after
    // sending between 10 and 99 more messages (plus up to 30 ms, so some die inside a message);
    // the runners after them finish the flush.
    const KILLS: u64 = 8;
    let mut kills = 0u64;
    let start = Instant::now();
    loop {
        let mut runner = env
            .command(now)
            .args(["outbox", "run", "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let point = (kills < KILLS).then(|| arrived(&server) + 10 + rng.below(90) as usize);
        let extra = Duration::from_millis(rng.below(30));
        let began = Instant::now();
        let ended = loop {
            if let Some(status) = runner.try_wait().unwrap() {
                break Some(status);
            }
            let reached = point.is_some_and(|p| arrived(&server) >= p);
            // A run that sends nothing for a minute is killed too (and counted).
            if reached || began.elapsed() > Duration::from_secs(60) {
                std::thread::sleep(extra);
                break runner.try_wait().unwrap();
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        match ended {
            Some(_) => {
                ok(runner.wait_with_output().unwrap(), "outbox run --once");
                let left = pg.sql("SELECT count(*) FROM outbox_entry WHERE state <> 'sent'");
                if left == "0" {
                    break;
                }
                // The rest is held by dead runners until their leases end.
                std::thread::sleep(Duration::from_millis(500));
            }
            None => {
                // SIGKILL: no chance to record anything.
                harness::sigkill(&mut runner);
                kills += 1;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the flush does not end ({kills} kills)"
        );
    }
    let (distinct, duplicates) = tally(&server);
    eprintln!(
        "flush of {n}: {kills} kills, {} distinct, {duplicates} duplicates, {:.1} s",
        distinct.len(),
        start.elapsed().as_secs_f64()
    );
    assert_eq!(distinct, sent, "every message arrives, once at least");
    assert!(
        duplicates as u64 <= kills,
        "{duplicates} duplicates for {kills} kills"
    );
    assert!(
        kills >= KILLS,
        "only {kills} kills: the flush ended before its kill points"
    );
    assert_eq!(
        pg.sql("SELECT count(*) FROM outbox_entry WHERE state = 'sent' AND lease_owner IS NULL"),
        n.to_string()
    );
}

#[test]
fn import_moves_a_queue_directory_into_the_database() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "path = \"files\"");
    env.must(MON_10, &["outbox", "migrate"]);
    // The same member's config before the desk: the file queue in `files/`.
    let cfg = env.dir.path().join("mailcheck.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let files_cfg = env.dir.path().join("files.toml");
    let files_text: String = text
        .lines()
        .filter(|l| !l.starts_with("database") && !l.starts_with("password_env = \"MC_TEST_PG"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&files_cfg, files_text).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&files_cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut ids = Vec::new();
    for (i, to) in ["anna@example.it", "bruno@example.it"].iter().enumerate() {
        let d = env.draft(&format!("f{i}.eml"), to, &format!("From files {i}"));
        let out = env
            .command(MON_10)
            .env("MAILCHECK_CONFIG", &files_cfg)
            .args(["send", &d])
            .output()
            .unwrap();
        let out = ok(out, "send to the file queue");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        ids.push(
            text.lines()
                .find_map(|l| l.strip_prefix("queued ").and_then(|r| r.split(':').next()))
                .unwrap()
                .to_string(),
        );
    }
    assert!(env.dir.path().join("files/meta").is_dir());

    let out = env.must(MON_10, &["outbox", "import"]);
    assert!(out.contains("imported 2 messages"), "{out}");
    // Moved, not copied: the directory no longer has them, the database does.
    let left = std::fs::read_dir(env.dir.path().join("files/meta"))
        .unwrap()
        .count();
    assert_eq!(left, 0);
    let out = env.must(MON_10, &["outbox", "import"]);
    assert!(out.contains("imported 0 messages"), "{out}");
    for id in &ids {
        assert_eq!(env.show(id)["state"], "queued");
    }
    let out = env.must("2026-11-23T10:05:00+01:00", &["outbox", "run", "--once"]);
    for id in &ids {
        assert!(out.contains(&format!("sent {id}")), "{out}");
    }
    assert_eq!(server.message_ids().len(), 2);
}

/// How many messages the server has received so far (names only, nothing read).
fn arrived(server: &Server) -> usize {
    std::fs::read_dir(server.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count()
}

#[test]
fn the_database_restarted_at_random_points_of_a_1000_message_flush_loses_nothing() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "lease = \"2s\"\ntick = \"1s\"");
    env.must(MON_10, &["outbox", "migrate"]);
    let n = 1000;
    let sent = queue_fast(&pg, n);
    let mut rng = harness::Rng::new("pg-restart");
    // Two crashes of the database (no shutdown checkpoint) at random points of the flush.
    let mut points = [100 + rng.below(400) as usize, 500 + rng.below(400) as usize];
    points.sort();
    let start = Instant::now();
    // A runner that keeps going (not --once), as on a desk's machine.
    let mut runner = Killed(
        env.command("2026-11-23T10:05:00+01:00")
            .args(["outbox", "run"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut restarts = 0u64;
    for at in points {
        while arrived(&server) < at {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "only {} messages arrived",
                arrived(&server)
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        // Its output to its log (a pipe here would stay open as long as the server runs).
        let restarted = as_postgres(&pg.bin, "pg_ctl")
            .arg("-D")
            .arg(pg.dir.path().join("data"))
            .arg("-l")
            .arg(pg.dir.path().join("log"))
            .args(["-m", "immediate", "-w", "-t", "60", "restart"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(restarted.success(), "pg_ctl restart: {restarted}");
        restarts += 1;
    }
    // The runner reconnects and finishes, taking back what it held after its leases end.
    loop {
        let (distinct, _) = tally(&server);
        if distinct.len() == n {
            break;
        }
        if start.elapsed() > Duration::from_secs(240) {
            let _ = runner.0.kill();
            let mut stderr = String::new();
            if let Some(mut e) = runner.0.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
            }
            panic!(
                "{} of {n} arrived; the runner said:\n{stderr}",
                distinct.len()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    runner.0.kill().unwrap();
    let _ = runner.0.wait();
    let mut stderr = String::new();
    if let Some(mut e) = runner.0.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains(PG_PASSWORD), "{stderr}");
    let (distinct, duplicates) = tally(&server);
    eprintln!(
        "flush of {n}: database restarted after {points:?} arrived, {} distinct, \
         {duplicates} duplicates, {:.1} s",
        distinct.len(),
        start.elapsed().as_secs_f64()
    );
    assert_eq!(distinct, sent, "every message arrives, once at least");
    assert!(
        duplicates as u64 <= restarts,
        "{duplicates} duplicates for {restarts} restarts"
    );
    assert_eq!(
        pg.sql("SELECT count(*) FROM outbox_entry WHERE state = 'sent'"),
        n.to_string()
    );
}

fn signal(child: &Child, sig: &str) {
    let status = StdCommand::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill {sig}");
}

#[test]
fn a_runner_paused_past_its_lease_does_not_send_what_another_took_over() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "lease = \"2s\"");
    env.must(MON_10, &["outbox", "migrate"]);
    let n = 40;
    queue_many(&env, n);
    let now = "2026-11-23T10:05:00+01:00";
    let spawn = || {
        env.command(now)
            .args(["outbox", "run", "--once"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let a = spawn();
    wait_for(&server, 5);
    signal(&a, "-STOP");
    let held = pg.sql("SELECT count(*) FROM outbox_entry WHERE lease_owner IS NOT NULL");
    // Its leases end while it sleeps; a second runner takes over everything.
    std::thread::sleep(Duration::from_millis(2500));
    let b = ok(spawn().wait_with_output().unwrap(), "second runner");
    signal(&a, "-CONT");
    let a = ok(a.wait_with_output().unwrap(), "paused runner");
    let sent_by = |o: &Output| -> Vec<String> {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| {
                l.strip_prefix("sent ")
                    .map(|r| r.split(' ').next().unwrap().into())
            })
            .collect()
    };
    let (sa, sb) = (sent_by(&a), sent_by(&b));
    let both: Vec<&String> = sa.iter().filter(|id| sb.contains(id)).collect();
    let got = server.message_ids();
    let mut distinct = got.clone();
    distinct.sort();
    distinct.dedup();
    eprintln!(
        "paused runner held {held} leases; sent {} before/after, the other {}; {} copies",
        sa.len(),
        sb.len(),
        got.len()
    );
    assert_eq!(distinct.len(), n, "a message was lost");
    // Only a message whose data was already on its way when the runner was stopped can go
    // twice; everything else the paused runner held, it leaves alone when it wakes.
    assert!(both.len() <= 1, "sent by both: {both:?}");
    assert!(got.len() <= n + 1, "{} copies of {n}", got.len());
    assert_eq!(
        pg.sql("SELECT count(*) FROM outbox_entry WHERE state = 'sent'"),
        n.to_string()
    );
}

#[test]
fn the_sendmail_shim_queues_and_sends_at_once_through_the_database() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "");
    env.must(MON_10, &["outbox", "migrate"]);
    let sendmail = |args: &[&str], to: &str, subject: &str| {
        let text = format!(
            "From: Desk <desk@example.it>\nTo: {to}\nSubject: {subject}\n\nHello,\n\nready.\n"
        );
        let mut child = env
            .command(MON_10)
            .arg("sendmail")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        ok(child.wait_with_output().unwrap(), "sendmail")
    };
    // Sent at once: it arrives, and the database says sent.
    sendmail(&["--now", "-t"], "anna@example.it", "At once");
    assert_eq!(server.message_ids().len(), 1);
    assert_eq!(
        pg.sql("SELECT state FROM outbox_entry WHERE meta->>'subject' = 'At once'"),
        "sent"
    );
    // Queued: it waits in the database for a runner.
    sendmail(&["--queue", "-t"], "bruno@example.it", "Queued");
    assert_eq!(
        pg.sql("SELECT state FROM outbox_entry WHERE meta->>'subject' = 'Queued'"),
        "queued"
    );
    assert_eq!(server.message_ids().len(), 1);
    env.must("2026-11-23T10:05:00+01:00", &["outbox", "run", "--once"]);
    assert_eq!(server.message_ids().len(), 2);
}

/// Replaces the `database = …` line of `env`'s config as first written and adds `extra` to
/// `[outbox]` (the extra of an earlier call is gone).
fn set_database(env: &Env, url: &str, extra: &str) {
    let cfg = env.dir.path().join("mailcheck.toml");
    let first = env.dir.path().join("first.toml");
    if !first.exists() {
        std::fs::copy(&cfg, &first).unwrap();
    }
    let text = std::fs::read_to_string(&first).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("database = ") {
            out.push_str(&format!("database = \"{url}\"\n{extra}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    std::fs::write(&cfg, out).unwrap();
}

/// The logins the server has accepted so far (`log_connections`).
fn logins(pg: &Pg) -> usize {
    std::fs::read_to_string(pg.dir.path().join("log"))
        .unwrap_or_default()
        .matches("connection authorized")
        .count()
}

#[test]
fn tls_to_the_database_is_verified_and_never_falls_back_to_plaintext() {
    let pg = Pg::start_with(true);
    let server = Server::start();
    let ca = pg.dir.path().join("ca.pem");
    let env = Env::new(&pg, &server, "");

    // verify-full against the test CA (`[outbox] ca_file`): the server accepts only TLS logins,
    // so the whole round trip proves the connection was encrypted.
    let verified = format!("{}?sslmode=verify-full", pg.url());
    set_database(&env, &verified, &format!("ca_file = \"{}\"", ca.display()));
    env.must(MON_10, &["outbox", "migrate"]);
    let d = env.draft(
        "tls.eml",
        "Cliente <cliente@example.com>",
        "Conferma via TLS",
    );
    let id = env.send(MON_10, &d);
    let out = env.must("2026-11-23T10:01:00+01:00", &["outbox", "run", "--once"]);
    assert!(out.contains(&format!("sent {id}")), "{out}");
    assert_eq!(server.message_ids().len(), 1);
    // `sslrootcert` in the URL does the same.
    let with_root = format!("{verified}&sslrootcert={}", ca.display());
    set_database(&env, &with_root, "");
    assert!(env.must(MON_10, &["outbox", "list"]).contains(&id));

    // Without the test CA the certificate is not trusted; a host name the certificate does not
    // name is refused too: exit 2, the database named, nothing sent in plaintext instead.
    set_database(&env, &verified, "");
    let (code, _, e) = env.run(MON_10, &["outbox", "list"]);
    assert_eq!(code, 2, "{e}");
    assert!(e.contains(&pg.url()) && e.contains("ca_file"), "{e}");
    let by_name = format!(
        "postgresql://postgres@localhost:{}/desk?sslmode=require",
        pg.port
    );
    set_database(&env, &by_name, &format!("ca_file = \"{}\"", ca.display()));
    let (code, _, e) = env.run(MON_10, &["outbox", "list"]);
    assert_eq!(code, 2, "{e}");
    assert!(e.contains("certificate"), "{e}");
    // verify-ca (chain without the host name) is not offered: a clear error before connecting.
    set_database(&env, &format!("{}?sslmode=verify-ca", pg.url()), "");
    let (code, _, e) = env.run(MON_10, &["outbox", "list"]);
    assert_eq!(code, 2, "{e}");
    assert!(
        e.contains("outbox.database") && e.contains("verify-ca"),
        "{e}"
    );

    // A server without TLS when TLS is required: refused before the startup message, so the
    // server never sees a login (its log counts them) and the password is never sent.
    let plain = Pg::start();
    let plain_env = Env::new(&plain, &server, "");
    let before = logins(&plain);
    let required = format!("{}?sslmode=require", plain.url());
    set_database(&plain_env, &required, "");
    let (code, _, e) = plain_env.run(MON_10, &["outbox", "migrate"]);
    assert_eq!(code, 2, "{e}");
    assert!(e.contains(&plain.url()) && e.contains("TLS"), "{e}");
    assert_eq!(logins(&plain), before);
    assert_eq!(server.message_ids().len(), 1);
}

#[test]
fn serve_queues_into_the_database_and_its_runner_delivers() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "tick = \"1s\"");
    env.must(MON_10, &["outbox", "migrate"]);
    let port = free_port();
    let cfg = env.dir.path().join("mailcheck.toml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(&format!(
        "\n[serve]\nlisten = \"127.0.0.1:{port}\"\ntls_listen = \"\"\nusername = \"desk\"\n\
         password_env = \"MC_TEST_SERVE_PW\"\n"
    ));
    std::fs::write(&cfg, text).unwrap();

    let mut serve = Killed(
        env.command(MON_10)
            .arg("serve")
            .env("MC_TEST_SERVE_PW", PASSWORD)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mailcheck serve starts"),
    );
    let stderr = serve.0.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = std::sync::Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("listening on") {
                let _ = tx.send(());
            }
            sink.lock().unwrap().push_str(&format!("{line}\n"));
        }
    });
    let started = rx.recv_timeout(Duration::from_secs(30)).is_ok();
    let log_text = || log.lock().unwrap().clone();
    if !started {
        panic!("mailcheck serve did not start: {}", log_text());
    }

    // smtplib submits (STARTTLS, AUTH) a message with a Russian subject; serve checks it,
    // queues it in the database and its runner sends it upstream.
    let draft = env.dir.path().join("ru.eml");
    std::fs::write(
        &draft,
        "From: Desk <desk@example.it>\nTo: Клиент <client@example.ru>\n\
         Subject: =?UTF-8?B?0J/QvtC00YLQstC10YDQttC00LXQvdC40LUg0LfQsNC60LDQt9Cw?=\n\
         Message-ID: <serve-pg-1@example.it>\nDate: Mon, 23 Nov 2026 09:58:00 +0100\n\
         MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n\
         Здравствуйте,\n\nваш заказ подтверждён.\n\nС уважением,\nДеск\n",
    )
    .unwrap();
    let out = StdCommand::new(std::env::var("MAILCHECK_TEST_PYTHON").unwrap_or("python3".into()))
        .arg(root().join("tests/serve_client.py"))
        .args(["send_text", &port.to_string(), "starttls", "desk", PASSWORD])
        .args(["desk@example.it", "client@example.ru"])
        .arg(&draft)
        .output()
        .expect("python runs");
    let reply = String::from_utf8_lossy(&out.stdout).into_owned();
    let accepted = reply.trim_start().starts_with("[250");
    // The message goes through the database (not a queue directory): its row becomes `sent`
    // once the runner has recorded the outcome.
    let sent = || pg.sql("SELECT count(*) FROM outbox_entry WHERE state = 'sent'") == "1";
    if accepted {
        wait_for(&server, 1);
        let start = std::time::Instant::now();
        while !sent() && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    drop(serve);
    assert!(
        accepted,
        "{reply}\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        log_text()
    );
    assert_eq!(
        server.message_ids(),
        vec!["Message-ID: <serve-pg-1@example.it>".to_string()]
    );
    assert_eq!(pg.sql("SELECT count(*) FROM outbox_entry"), "1");
    assert!(sent(), "{}", log_text());
    let log = log_text();
    assert!(
        !log.contains(PASSWORD) && !log.contains(PG_PASSWORD),
        "{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}

/// A child process killed (and reaped) when dropped, also when the test fails.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn each_desk_member_sends_through_their_own_account_on_postgresql() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "");
    env.must(MON_10, &["outbox", "migrate"]);
    let run = |now: &str, args: &[&str]| {
        let out = env
            .command(now)
            .env("MC_TEST_ANNA_PW", common::smtp::ANNA_PW)
            .env("MC_TEST_BRUNO_PW", common::smtp::BRUNO_PW)
            .args(args)
            .output()
            .unwrap();
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(!e.contains("panicked") && !e.contains(PG_PASSWORD), "{e}");
        (out.status.code().unwrap_or(-1), o, e)
    };
    common::smtp::each_member_sends_through_their_own_account(
        &env.dir.path().join("mailcheck.toml"),
        &run,
    );
    // The account is recorded with the row, for any runner that sends it.
    assert_eq!(
        pg.sql("SELECT meta->>'account' FROM outbox_entry WHERE sender = 'anna@desk.example'"),
        "anna@desk.example"
    );
}

/// A slow upstream (a reply 3 s after the data) and a lease of 1 s: the runner's heartbeat keeps
/// its leases while it waits, so a second runner started meanwhile takes nothing over and each
/// message arrives once. Then a runner whose lease is taken from it while its server is slow to
/// answer RCPT gives the message up before the data and writes nothing for it.
#[test]
fn a_slow_server_keeps_the_lease_and_a_lost_lease_stops_the_data() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "lease = \"1s\"");
    env.must(MON_10, &["outbox", "migrate"]);
    let mut ids = Vec::new();
    for i in 0..2 {
        let d = env.draft(
            &format!("s{i}.eml"),
            &format!("data-slow-{i}@example.it"),
            "Slow",
        );
        ids.push(env.send(MON_10, &d));
    }
    let now = "2026-11-23T10:05:00+01:00";
    let spawn = || {
        env.command(now)
            .args(["outbox", "run", "--once"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let a = spawn();
    server.wait_for(1);
    // Past the 1 s lease while the first message waits for its reply.
    std::thread::sleep(Duration::from_millis(1500));
    let b = ok(spawn().wait_with_output().unwrap(), "second runner");
    let a = ok(a.wait_with_output().unwrap(), "first runner");
    let (ao, bo) = (
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout),
    );
    let got = server.message_ids();
    assert_eq!(got.len(), 2, "copies: {got:?}\nfirst: {ao}\nsecond: {bo}");
    assert!(!bo.contains("sent "), "{bo}");
    for id in &ids {
        assert!(ao.contains(&format!("sent {id}")), "{ao}");
    }

    let env = Env::new(&pg, &server, "lease = \"3s\"");
    let d = env.draft("r.eml", "rcpt-slow@example.it", "Slow RCPT");
    let id = env.send(MON_10, &d);
    let a = spawn_in(&env, now);
    let t = Instant::now();
    while pg.sql(&format!("SELECT state FROM outbox_entry WHERE id = '{id}'")) != "sending" {
        assert!(t.elapsed() < Duration::from_secs(20), "never sending");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The check before the data is behind it; the server holds RCPT for 4 s.
    std::thread::sleep(Duration::from_millis(1200));
    pg.sql(&format!(
        "UPDATE outbox_entry SET lease_owner = 'another:1:x' WHERE id = '{id}'"
    ));
    let a = ok(a.wait_with_output().unwrap(), "runner losing its lease");
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(server.message_ids().len(), 2, "the data went out");
    assert!(!String::from_utf8_lossy(&a.stdout).contains(&format!("sent {id}")));
    assert_eq!(
        pg.sql(&format!(
            "SELECT state, lease_owner FROM outbox_entry WHERE id = '{id}'"
        )),
        "sending|another:1:x"
    );

    // The database gone while the server is slow to answer RCPT: the heartbeat cannot renew
    // the lease, so the data does not go out (no message is sent while its claim cannot be
    // recorded); with the database back, the next run sends it, once.
    pg.sql(&format!("DELETE FROM outbox_entry WHERE id = '{id}'"));
    let d = env.draft("g.eml", "rcpt-slow-gone@example.it", "Database gone");
    let id = env.send(MON_10, &d);
    let a = spawn_in(&env, now);
    let t = Instant::now();
    while pg.sql(&format!("SELECT state FROM outbox_entry WHERE id = '{id}'")) != "sending" {
        assert!(t.elapsed() < Duration::from_secs(20), "never sending");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(1200));
    pg.stop();
    let a = a.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&a.stderr);
    assert_eq!(a.status.code(), Some(2), "{err}");
    assert!(err.contains(&pg.url()), "{err}");
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(server.message_ids().len(), 2, "the data went out");
    pg.start_again();
    // After its lease (3 s) ends.
    std::thread::sleep(Duration::from_millis(1500));
    let out = env.must(now, &["outbox", "run", "--once"]);
    assert!(out.contains(&format!("sent {id}")), "{out}");
    assert_eq!(server.message_ids().len(), 3);
}

fn spawn_in(env: &Env, now: &str) -> Child {
    env.command(now)
        .args(["outbox", "run", "--once"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A server that keeps the message but never answers after the data's final dot: the outcome
/// cannot be known, so the row is `uncertain` (not `sent`, not `deferred`), due again after the
/// backoff; the next run sends it again with the same Message-ID. The server holds two copies of
/// one Message-ID, never a third before the next backoff.
#[test]
fn no_reply_after_the_data_is_uncertain_and_sent_again_with_the_same_message_id() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "");
    // A short SMTP timeout: the wait for the reply after the data ends in 1 s.
    let cfg = env.dir.path().join("mailcheck.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, text.replace("timeout = 5", "timeout = 1")).unwrap();
    env.must(MON_10, &["outbox", "migrate"]);
    let d = env.draft("h.eml", "data-hang@example.it", "Hang");
    let id = env.send(MON_10, &d);
    let state = || pg.sql(&format!("SELECT state FROM outbox_entry WHERE id = '{id}'"));

    let (code, out, e) = env.run(MON_10, &["outbox", "run", "--once"]);
    assert_eq!(code, 0, "{out}\n{e}");
    assert!(e.contains(&format!("uncertain {id}")), "{out}\n{e}");
    let m = env.show(&id);
    assert_eq!(m["state"], "uncertain", "{m}");
    assert_eq!(m["recipients"][0]["state"], "uncertain", "{m}");
    assert_eq!(m["attempts"], 1, "{m}");
    assert_eq!(m["due"], "2026-11-23T09:05:00Z", "{m}");
    assert_eq!(state(), "uncertain");
    let mid = m["message_id"].as_str().unwrap().to_string();
    assert_eq!(server.message_ids().len(), 1);

    // Not before its backoff.
    env.must("2026-11-23T10:04:00+01:00", &["outbox", "run", "--once"]);
    assert_eq!(server.message_ids().len(), 1);
    assert_eq!(env.show(&id)["attempts"], 1);

    // Then sent again (at-least-once): the same Message-ID; still no reply, still uncertain,
    // with the next, doubled backoff.
    let (code, out, e) = env.run("2026-11-23T10:05:00+01:00", &["outbox", "run", "--once"]);
    assert_eq!(code, 0, "{out}\n{e}");
    assert!(e.contains(&format!("uncertain {id}")), "{out}\n{e}");
    let m = env.show(&id);
    assert_eq!(m["state"], "uncertain", "{m}");
    assert_eq!(m["attempts"], 2, "{m}");
    assert_eq!(m["due"], "2026-11-23T09:15:00Z", "{m}");
    assert_eq!(m["message_id"], mid.as_str(), "{m}");
    env.must("2026-11-23T10:06:00+01:00", &["outbox", "run", "--once"]);
    let got = server.message_ids();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got.iter().collect::<HashSet<_>>().len(), 1, "{got:?}");
    assert!(got[0].contains(&mid), "{got:?} {mid}");
}

/// A recipient whose server keeps answering 451: the message stays `deferred`, each retry after
/// a doubled backoff (5, then 10 minutes), and the retry that would fall past `give_up_after`
/// (here 20 minutes after the planned time) does not happen: the row is `failed`, the recipient
/// too, and the reason says so with the server's last reply. Failed mail is not tried again.
#[test]
fn a_message_deferred_past_its_lifetime_fails_with_the_reason() {
    let pg = Pg::start();
    let server = Server::start();
    let env = Env::new(&pg, &server, "give_up_after = \"20m\"");
    env.must(MON_10, &["outbox", "migrate"]);
    let d = env.draft("g.eml", "rcpt-451@example.it", "Never today");
    let id = env.send(MON_10, &d);
    let state = || pg.sql(&format!("SELECT state FROM outbox_entry WHERE id = '{id}'"));
    let run = |now: &str| {
        let (code, out, e) = env.run(now, &["outbox", "run", "--once"]);
        assert_eq!(code, 0, "{out}\n{e}");
        format!("{out}\n{e}")
    };

    for (now, attempts, due) in [
        (MON_10, 1, "2026-11-23T09:05:00Z"),
        ("2026-11-23T10:05:00+01:00", 2, "2026-11-23T09:15:00Z"),
    ] {
        let said = run(now);
        assert!(said.contains(&format!("deferred {id}")), "{said}");
        let m = env.show(&id);
        assert_eq!(m["state"], "deferred", "{m}");
        assert_eq!(m["recipients"][0]["state"], "pending", "{m}");
        assert_eq!(m["attempts"], attempts, "{m}");
        assert_eq!(m["due"], due, "{m}");
        assert!(m["last_reply"].as_str().unwrap().contains("451"), "{m}");
        assert_eq!(state(), "deferred");
        // Nothing before its backoff.
        run("2026-11-23T10:04:00+01:00");
        assert_eq!(env.show(&id)["attempts"], attempts);
    }

    // The third try, at 10:15, would be followed by one at 10:35: past 10:00 + 20 minutes.
    let said = run("2026-11-23T10:15:00+01:00");
    assert!(said.contains(&format!("failed {id}")), "{said}");
    let m = env.show(&id);
    assert_eq!(m["state"], "failed", "{m}");
    assert_eq!(m["recipients"][0]["state"], "failed", "{m}");
    assert_eq!(m["attempts"], 3, "{m}");
    // Stored as mailcheck's own sentence (an id, #21) around the server's reply verbatim.
    assert_eq!(m["last_reply"]["id"], "last-reply-gave-up", "{m}");
    assert_eq!(m["last_reply"]["args"]["attempts"]["num"], 3, "{m}");
    let reply = m["last_reply"]["args"]["reply"]["str"].as_str().unwrap();
    assert!(reply.contains("(451)"), "{m}");
    let shown = env.must(MON_10, &["outbox", "show", &id]);
    assert!(
        shown.contains(&format!("gave up after 3 attempts: {reply}\n")),
        "{shown}"
    );
    assert_eq!(state(), "failed");
    run("2026-11-23T12:00:00+01:00");
    assert_eq!(env.show(&id)["attempts"], 3);
    assert!(server.message_ids().is_empty());
}
