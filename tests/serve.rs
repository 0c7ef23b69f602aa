//! `mailcheck serve` end to end: the real binary serves on 127.0.0.1 and real mail clients
//! (Python's smtplib, curl, swaks, msmtp, git send-email) send through it; accepted mail leaves
//! through the outbox runner to a real upstream server (aiosmtpd, `tests/smtp_server.py`) and is
//! checked there. Hostile clients (10,000 RCPTs, data over SIZE, a 1 MB line, slow-loris,
//! garbage, TLS garbage) get their replies and the server keeps serving.
//!
//! Needs Python 3 with aiosmtpd and trustme, curl, swaks, msmtp and git send-email
//! (`scripts/ci-setup.sh` installs them).

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use common::smtp::{PASSWORD as UP_PASSWORD, SmtpServer as Upstream, USER as UP_USER};
const USER: &str = "desk";
const PASSWORD: &str = "serve-pw-K7v2-never-logged";

/// Mon 23 Nov 2026 10:00 in Rome: inside business hours.
const MON_10: &str = "2026-11-23T10:00:00+01:00";
/// Sat 21 Nov 2026 23:00 in Rome.
const SAT_NIGHT: &str = "2026-11-21T23:00:00+01:00";

use common::root;

use common::python;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A test's directory (config 0600, outbox, data dir) and its `mailcheck serve` process.
struct Serve {
    dir: tempfile::TempDir,
    child: Option<Child>,
    port: u16,
    tls_port: u16,
    log: Arc<Mutex<String>>,
}

impl Serve {
    /// The config with `outbox_extra` lines in `[outbox]` and `extra` ones in `[serve]`.
    fn config_with(
        up: &Upstream,
        outbox_extra: &str,
        extra: &str,
    ) -> (tempfile::TempDir, u16, u16) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (port, tls_port) = (free_port(), free_port());
        let config = format!(
            "[sender]\ntimezone = \"Europe/Rome\"\n\n[outbox]\npath = \"outbox\"\ntick = \"1s\"\n{outbox_extra}\n\
             [smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"starttls\"\nusername = \"{UP_USER}\"\n\
             password_env = \"MC_TEST_SMTP_PW\"\nca_file = \"{}\"\ntimeout = 5\n\
             hello_name = \"client.test\"\n\n[serve]\nlisten = \"127.0.0.1:{port}\"\n\
             tls_listen = \"127.0.0.1:{tls_port}\"\nusername = \"{USER}\"\n\
             password_env = \"MC_TEST_SERVE_PW\"\nconfirm_window = \"10m\"\n{extra}\n",
            up.port,
            up.dir.path().join("ca.pem").display()
        );
        let path = dir.path().join("mailcheck.toml");
        std::fs::write(&path, config).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        (dir, port, tls_port)
    }

    fn command(dir: &Path, now: &str) -> StdCommand {
        let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_mailcheck"));
        cmd.current_dir(dir)
            .env("MAILCHECK_CONFIG", dir.join("mailcheck.toml"))
            .env("XDG_CONFIG_HOME", dir.join("xdg"))
            .env("XDG_DATA_HOME", dir.join("xdg-data"))
            .env("MAILCHECK_NOW", now)
            // English whatever the machine's locale (the interface language, #21).
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .env("MC_TEST_SMTP_PW", UP_PASSWORD)
            .env("MC_TEST_SERVE_PW", PASSWORD)
            .env("NO_COLOR", "1");
        cmd
    }

    fn start(up: &Upstream, now: &str, extra: &str) -> Serve {
        Serve::start_with(up, now, "", extra)
    }

    fn start_with(up: &Upstream, now: &str, outbox_extra: &str, extra: &str) -> Serve {
        let (dir, port, tls_port) = Serve::config_with(up, outbox_extra, extra);
        let mut s = Serve {
            dir,
            child: None,
            port,
            tls_port,
            log: Arc::new(Mutex::new(String::new())),
        };
        s.spawn(now);
        s
    }

    /// Starts the server process (again) on the same directory and ports.
    fn spawn(&mut self, now: &str) {
        let mut child = Serve::command(self.dir.path(), now)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mailcheck serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        let sink = Arc::clone(&self.log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("listening on") {
                    let _ = tx.send(());
                }
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let started = rx.recv_timeout(Duration::from_secs(30)).is_ok();
        self.child = Some(child);
        assert!(started, "mailcheck serve did not start: {}", self.log());
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }

    fn draft(&self, name: &str, text: &str) -> String {
        std::fs::write(self.dir.path().join(name), text).unwrap();
        self.path(name)
    }

    /// Runs tests/serve_client.py; its JSON answer.
    fn client(&self, args: &[&str]) -> serde_json::Value {
        let out = StdCommand::new(python())
            .arg(root().join("tests/serve_client.py"))
            .args(args)
            .output()
            .expect("python runs");
        let text = String::from_utf8_lossy(&out.stdout);
        serde_json::from_str(text.trim()).unwrap_or_else(|e| {
            panic!(
                "client {args:?}: {e}: {text}\n{}\n--- server ---\n{}",
                String::from_utf8_lossy(&out.stderr),
                self.log()
            )
        })
    }

    /// One message through smtplib with STARTTLS: (code, the reply's text).
    fn send(&self, to: &str, file: &str, opts: &[&str]) -> (u64, String) {
        let port = self.port.to_string();
        let mut args = vec![
            "send_text",
            &port,
            "starttls",
            USER,
            PASSWORD,
            "hannah@example.com",
            to,
            file,
        ];
        args.extend_from_slice(opts);
        let v = self.client(&args);
        (v[0].as_u64().unwrap(), v[1].as_str().unwrap().to_string())
    }

    fn outbox_list(&self, now: &str) -> String {
        let out = Serve::command(self.dir.path(), now)
            .args(["outbox", "list"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Serve {
    /// Stops the server (SIGKILL: nothing it acknowledged may depend on a clean stop).
    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        self.stop();
    }
}

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn smtplib_clean_is_relayed_placeholder_refused_then_confirmed_password_never_logged() {
    let up = Upstream::start();
    let serve = Serve::start(&up, MON_10, "");
    let (code, text) = serve.send("tom@example.com", &fixture("en-clean.eml"), &[]);
    assert_eq!(code, 250, "{text}");
    assert!(
        text.contains("queued as") && text.contains("leaves now"),
        "{text}"
    );

    let (code, text) = serve.send(
        "olivia.hart@example.com",
        &fixture("en-placeholder.eml"),
        &[],
    );
    assert_eq!(code, 550, "{text}");
    assert!(text.contains("5.7.1"), "{text}");
    assert!(
        text.contains("placeholder: unfilled placeholder \"[Client name]\" (line 10)"),
        "{text}"
    );
    assert!(
        text.contains("send the same message again within 10 minutes"),
        "{text}"
    );
    // Another recipient is another message: refused again.
    let (code, _) = serve.send("someone@example.com", &fixture("en-placeholder.eml"), &[]);
    assert_eq!(code, 550);
    // The same one again, with a new Message-ID and Date (as a mail client resends): confirmed.
    let again = std::fs::read_to_string(fixture("en-placeholder.eml"))
        .unwrap()
        .replace(
            "Message-ID: <1D8D61C9B4BB.868a19f2@example.com>",
            "Message-ID: <other@example.com>",
        )
        .replace("15:20:03", "15:29:59");
    let again = serve.draft("again.eml", &again);
    let (code, text) = serve.send("olivia.hart@example.com", &again, &[]);
    assert_eq!(code, 250, "{text}");
    assert!(text.contains("sent anyway"), "{text}");

    let got = up.wait_for(2);
    assert_eq!(got.len(), 2, "{}", serve.log());
    assert!(got.iter().any(|m| m.contains("Your new website is live")));
    assert!(got.iter().any(|m| m.contains("{{order_id}}")));
    let log = serve.log();
    assert!(
        !log.contains(PASSWORD) && !log.contains(UP_PASSWORD),
        "{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn no_auth_before_starttls_and_no_mail_without_auth() {
    let up = Upstream::start();
    let serve = Serve::start(&up, MON_10, "");
    let v = serve.client(&["noauth", &serve.port.to_string(), USER, PASSWORD]);
    let ehlo = v["ehlo_plain"].as_str().unwrap();
    assert!(
        ehlo.contains("STARTTLS") && !ehlo.contains("AUTH"),
        "{ehlo}"
    );
    // The extensions the issue asks for, each on its own EHLO line (smtplib gives the lines
    // without their codes).
    for ext in [
        "SIZE",
        "8BITMIME",
        "SMTPUTF8",
        "PIPELINING",
        "ENHANCEDSTATUSCODES",
        "FUTURERELEASE",
    ] {
        assert!(
            ehlo.lines()
                .any(|l| l.trim() == ext || l.starts_with(&format!("{ext} "))),
            "{ext}: {ehlo}"
        );
    }
    assert_eq!(v["auth_plain"][0], 538, "{v}");
    assert_eq!(v["mail_plain"][0], 530, "{v}");
    assert_eq!(v["mail_tls_noauth"][0], 530, "{v}");
    assert_eq!(v["bad_login"][0], 535, "{v}");
    let log = serve.log();
    assert!(
        log.contains("authentication failed") && !log.contains(PASSWORD),
        "{log}"
    );
    assert!(!log.contains("wrong-password"), "{log}");
}

#[test]
fn saturday_night_waits_for_monday_angry_is_held_futurerelease_is_honoured() {
    let up = Upstream::start();
    let mut serve = Serve::start(&up, SAT_NIGHT, "");
    let (code, text) = serve.send("tom@example.com", &fixture("en-clean.eml"), &[]);
    assert_eq!(code, 250, "{text}");
    assert!(
        text.contains("leaves Mon 23 Nov 09:00 Europe/Rome"),
        "{text}"
    );
    assert!(text.contains("off-hours"), "{text}");
    let (code, text) = serve.send("client@example.com", &fixture("en-angry.eml"), &[]);
    assert_eq!(code, 250, "{text}");
    assert!(text.starts_with("2.0.0 held as"), "{text}");
    assert!(text.contains("angry-tone"), "{text}");
    // FUTURERELEASE (RFC 4865): a client asks for Tuesday.
    let hold = "HOLDUNTIL=2026-11-24T09:00:00Z";
    let (code, text) = serve.send("tom@example.com", &fixture("it-clean.eml"), &[hold]);
    assert_eq!(code, 250, "{text}");
    assert!(
        text.contains("leaves Tue 24 Nov 10:00 Europe/Rome"),
        "{text}"
    );

    std::thread::sleep(Duration::from_secs(3));
    assert!(up.bodies().is_empty(), "nothing leaves on Saturday night");
    let list = serve.outbox_list(SAT_NIGHT);
    assert!(list.contains("held (cool-down)"), "{list}");
    // Monday 09:01: the runner (here `outbox run --once`, the serve process is stopped first)
    // sends the deferred one and the one whose cool-down ended, not Tuesday's.
    serve.stop();
    let out = Serve::command(serve.dir.path(), "2026-11-23T09:01:00+01:00")
        .args(["outbox", "run", "--once"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let got = up.wait_for(2);
    std::thread::sleep(Duration::from_millis(500));
    let got = if got.len() == 2 { up.bodies() } else { got };
    assert_eq!(got.len(), 2, "{}", String::from_utf8_lossy(&out.stdout));
    assert!(got.iter().any(|m| m.contains("Your new website is live")));
    assert!(got.iter().any(|m| m.contains("More homepage changes")));
    assert!(!got.iter().any(|m| m.contains("servizio")));
}

/// Runs a client program; its combined output, asserting it succeeded when `ok`.
fn run(cmd: &mut StdCommand, ok: bool) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?} ({e}): run `bash scripts/ci-setup.sh`"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if ok {
        assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    }
    text
}

/// en-clean.eml with its own subject, so each client's message can be told apart upstream.
fn clean_as(serve: &Serve, subject: &str) -> String {
    let text = std::fs::read_to_string(fixture("en-clean.eml"))
        .unwrap()
        .replace(
            "Subject: Your new website is live",
            &format!("Subject: {subject}"),
        );
    serve.draft(&format!("{subject}.eml"), &text)
}

/// en-placeholder.eml with a line of its own, so each client's refusal is a new message (not a
/// confirmation of another client's).
fn placeholder_as(serve: &Serve, client: &str) -> String {
    let text = std::fs::read_to_string(fixture("en-placeholder.eml"))
        .unwrap()
        .replace(
            "left our workshop this afternoon.",
            &format!("left our workshop this afternoon ({client})."),
        );
    assert!(text.contains(client));
    serve.draft(&format!("placeholder-{client}.eml"), &text)
}

#[test]
fn curl_swaks_msmtp_and_git_send_email_send_through_it() {
    let up = Upstream::start();
    let serve = Serve::start(&up, MON_10, "");
    let port = serve.port.to_string();
    let user = format!("{USER}:{PASSWORD}");

    let f = clean_as(&serve, "via curl starttls");
    let out = run(
        StdCommand::new("curl")
            .args(["-sS", "-v", "-k", "--ssl-reqd"])
            .arg(format!("smtp://127.0.0.1:{port}"))
            .args([
                "--mail-from",
                "hannah@example.com",
                "--mail-rcpt",
                "tom@example.com",
            ])
            .args(["--user", &user, "--upload-file", &f]),
        true,
    );
    assert!(out.contains("< 250 2.0.0 queued as"), "{out}");
    // Implicit TLS (RFC 8314).
    let f = clean_as(&serve, "via curl implicit tls");
    let out = run(
        StdCommand::new("curl")
            .args(["-sS", "-v", "-k"])
            .arg(format!("smtps://127.0.0.1:{}", serve.tls_port))
            .args([
                "--mail-from",
                "hannah@example.com",
                "--mail-rcpt",
                "tom@example.com",
            ])
            .args(["--user", &user, "--upload-file", &f]),
        true,
    );
    assert!(out.contains("< 250 2.0.0 queued as"), "{out}");

    let f = clean_as(&serve, "via swaks");
    let swaks = |auth: &str, to: &str, file: &str, ok: bool| {
        run(
            StdCommand::new("swaks")
                .args(["--server", &format!("127.0.0.1:{port}"), "--tls"])
                .args([
                    "--auth",
                    auth,
                    "--auth-user",
                    USER,
                    "--auth-password",
                    PASSWORD,
                ])
                .args(["--from", "hannah@example.com", "--to", to])
                .args(["--data", &format!("@{file}")]),
            ok,
        )
    };
    let out = swaks("PLAIN", "tom@example.com", &f, true);
    assert!(out.contains("250 2.0.0 queued as"), "{out}");
    let out = swaks(
        "LOGIN",
        "olivia.hart@example.com",
        &fixture("en-placeholder.eml"),
        false,
    );
    assert!(
        out.contains("550-5.7.1 placeholder: unfilled placeholder \"[Client name]\" (line 10)"),
        "{out}"
    );

    // curl: a refusal is a failed run whose verbose output carries the 550 and the rule.
    let f = placeholder_as(&serve, "curl");
    let out = StdCommand::new("curl")
        .args(["-sS", "-v", "-k", "--ssl-reqd"])
        .arg(format!("smtp://127.0.0.1:{port}"))
        .args([
            "--mail-from",
            "emily@example.com",
            "--mail-rcpt",
            "olivia.hart@example.com",
        ])
        .args(["--user", &user, "--upload-file", &f])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "curl exited 0 on a refusal: {err}");
    assert!(
        err.contains("< 550-5.7.1 placeholder: unfilled placeholder \"[Client name]\" (line 10)"),
        "{err}"
    );
    assert!(err.contains("< 550 5.7.1 "), "{err}");

    let f = clean_as(&serve, "via msmtp");
    run(
        StdCommand::new("msmtp")
            .args(["--host=127.0.0.1", &format!("--port={port}")])
            .args([
                "--tls=on",
                "--tls-starttls=on",
                "--tls-certcheck=off",
                "--auth=on",
            ])
            .args([
                &format!("--user={USER}"),
                &format!("--passwordeval=echo {PASSWORD}"),
            ])
            .args(["--from=hannah@example.com", "tom@example.com"])
            .stdin(std::fs::File::open(&f).unwrap()),
        true,
    );

    // msmtp: a refusal exits non-zero and its error names the rule.
    let f = placeholder_as(&serve, "msmtp");
    let out = StdCommand::new("msmtp")
        .args(["--host=127.0.0.1", &format!("--port={port}")])
        .args([
            "--tls=on",
            "--tls-starttls=on",
            "--tls-certcheck=off",
            "--auth=on",
        ])
        .args([
            &format!("--user={USER}"),
            &format!("--passwordeval=echo {PASSWORD}"),
        ])
        .args(["--from=emily@example.com", "olivia.hart@example.com"])
        .stdin(std::fs::File::open(&f).unwrap())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "msmtp exited 0 on a refusal: {err}");
    assert!(err.contains("550"), "{err}");
    assert!(
        err.contains("placeholder: unfilled placeholder \"[Client name]\" (line 10)"),
        "{err}"
    );

    // git send-email: a real patch from a real repository.
    let repo = serve.dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    let git = |args: &[&str]| {
        run(
            StdCommand::new("git")
                .args(args)
                .current_dir(&repo)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1"),
            true,
        )
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "hannah@example.com"]);
    git(&["config", "user.name", "Hannah Whitfield"]);
    std::fs::write(repo.join("menu.txt"), "cakes\n").unwrap();
    git(&["add", "menu.txt"]);
    git(&[
        "commit",
        "-qm",
        "via git send-email: add the menu\n\nThe site needs its menu. Next step: I deploy it on Monday.",
    ]);
    git(&["format-patch", "-1", "-o", "patches"]);
    let out = git(&[
        "-c",
        "sendemail.smtpSslCertPath=",
        "send-email",
        "--smtp-server=127.0.0.1",
        &format!("--smtp-server-port={port}"),
        "--smtp-encryption=tls",
        &format!("--smtp-user={USER}"),
        &format!("--smtp-pass={PASSWORD}"),
        "--to=tom@example.com",
        "--from=hannah@example.com",
        "--confirm=never",
        "--suppress-cc=all",
        "--no-validate",
        "patches",
    ]);
    assert!(out.contains("Result: 250"), "{out}");

    let got = up.wait_for(5);
    let log = serve.log();
    for s in [
        "via curl starttls",
        "via curl implicit tls",
        "via swaks",
        "via msmtp",
        "via git send-email",
    ] {
        assert!(
            got.iter().any(|m| m.contains(s)),
            "{s} did not arrive: {log}"
        );
    }
    assert_eq!(got.len(), 5, "{log}");
    assert!(!log.contains(PASSWORD), "{log}");
}

#[test]
fn hostile_clients_get_their_replies_and_others_are_still_served() {
    let up = Upstream::start();
    let serve = Serve::start(
        &up,
        MON_10,
        "idle_timeout = \"2s\"\nmax_recipients = 50\n\n[limits]\nmax_message_bytes = 1000000\n",
    );
    let port = serve.port.to_string();
    let hostile = |what: &str, extra: &[&str]| {
        let mut args = vec!["hostile", what, &port, USER, PASSWORD];
        args.extend_from_slice(extra);
        serve.client(&args)
    };
    // 10,000 RCPTs: 50 accepted, then 452, then closed after the command bound.
    let v = hostile("rcpts", &[]);
    assert_eq!(v["codes"]["250"], 50, "{v}");
    assert!(v["codes"]["452"].as_u64().unwrap() > 100, "{v}");
    assert!(v["last"].as_str().unwrap().starts_with("421 4.7.0"), "{v}");
    // 3 MB of data over a SIZE of 1 MB: read to its end, refused, the connection still usable.
    let v = hostile("oversize", &["1000000"]);
    assert_eq!(v["reply"][0], 552, "{v}");
    assert_eq!(v["after"], 250, "{v}");
    // A 1 MB command line: 500, and the next command is read as a command.
    let v = hostile("longline", &[]);
    assert_eq!(v["long"][0], 500, "{v}");
    assert_eq!(v["next"][0], 250, "{v}");
    // Garbage: bad-command replies, then closed.
    let v = hostile("garbage", &[]);
    assert!(v["last"].as_str().unwrap().starts_with("421"), "{v}");
    // PIPELINING: every reply comes, in order.
    let v = hostile("pipelining", &[&fixture("en-clean.eml")]);
    let codes: Vec<&str> = v["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(codes, ["250", "250", "354", "250", "250", "221"], "{v}");
    // Slow-loris: a line that never ends is cut at idle_timeout (2 s).
    let v = serve.client(&["slowloris", &port]);
    assert!(v["reply"].as_str().unwrap().starts_with("421 4.4.2"), "{v}");
    assert!(v["seconds"].as_f64().unwrap() < 20.0, "{v}");
    // Junk instead of a TLS handshake on the implicit-TLS port: closed.
    let v = serve.client(&["tlsgarbage", &serve.tls_port.to_string()]);
    assert!(v["seconds"].as_f64().unwrap() < 20.0, "{v}");

    // Memory stayed bounded: a peak far below the 10,000 RCPTs and the 3 MB of data held whole
    // many times over.
    let pid = serve.child.as_ref().unwrap().id();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    assert!(peak_kb < 150 * 1024, "peak RSS {peak_kb} kB");
    // Through all of it the server serves others.
    let (code, text) = serve.send("tom@example.com", &fixture("en-clean.eml"), &[]);
    assert_eq!(code, 250, "{text}");
    let got = up.wait_for(2);
    assert_eq!(got.len(), 2, "{}", serve.log());
    assert!(!serve.log().contains("panicked"), "{}", serve.log());
}

#[test]
fn a_connection_that_trickles_bytes_is_closed_at_the_session_timeout_others_are_served() {
    let up = Upstream::start();
    // Idle timeout at its default (5 min): only the total session timeout can end the drip.
    let serve = Serve::start(&up, MON_10, "session_timeout = \"3s\"\n");
    let port = serve.port.to_string();
    let dripper = {
        let port = port.clone();
        std::thread::spawn(move || {
            let out = StdCommand::new(python())
                .arg(root().join("tests/serve_client.py"))
                .args(["drip", &port, "20"])
                .output()
                .expect("python runs");
            serde_json::from_slice::<serde_json::Value>(&out.stdout)
                .unwrap_or_else(|e| panic!("drip: {e}: {}", String::from_utf8_lossy(&out.stderr)))
        })
    };
    // Meanwhile another client is served.
    std::thread::sleep(Duration::from_millis(500));
    let (code, text) = serve.send("tom@example.com", &fixture("en-clean.eml"), &[]);
    assert_eq!(code, 250, "{text}");
    let v = dripper.join().unwrap();
    // It was answered all along (the NOOPs it completed), then cut at about 3 s.
    assert!(
        v["replies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().starts_with("250")),
        "{v}"
    );
    assert!(v["last"].as_str().unwrap().starts_with("421 4.4.2"), "{v}");
    assert!(v["closed"].as_bool().unwrap(), "{v}");
    let seconds = v["seconds"].as_f64().unwrap();
    assert!((2.5..15.0).contains(&seconds), "{v}");
    assert_eq!(up.wait_for(1).len(), 1, "{}", serve.log());
}

#[test]
fn no_serve_section_and_a_second_instance_exit_2_with_a_clear_message() {
    let up = Upstream::start();
    let serve = Serve::start(&up, MON_10, "");
    // The same config again: its ports are taken.
    let out = Serve::command(serve.dir.path(), MON_10)
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is another `mailcheck serve` running"),
        "{err}"
    );
    assert!(err.contains(&format!("127.0.0.1:{}", serve.port)), "{err}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mailcheck.toml"),
        "[sender]\ntimezone = \"Europe/Rome\"\n",
    )
    .unwrap();
    let out = Serve::command(dir.path(), MON_10)
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no [serve] section") && err.contains("listen = \"127.0.0.1:1587\""),
        "{err}"
    );

    // --setup: the settings to type in, and the fingerprint of the certificate in use.
    let out = Serve::command(serve.dir.path(), MON_10)
        .args(["serve", "--setup"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "port {}, connection security STARTTLS",
            serve.port
        )),
        "{text}"
    );
    assert!(
        text.contains("Thunderbird") && text.contains("K-9"),
        "{text}"
    );
    assert!(text.contains("SHA-256 fingerprint"), "{text}");
    assert!(!text.contains(PASSWORD), "{text}");
}

#[test]
fn sigkill_during_a_burst_never_loses_an_acknowledged_message() {
    let up = Upstream::start();
    let mut serve = Serve::start(&up, MON_10, "");
    let n = 500;
    let acked_file = serve.path("acked.txt");
    let mut client = StdCommand::new(python())
        .arg(root().join("tests/serve_client.py"))
        .args([
            "burst",
            &serve.port.to_string(),
            USER,
            PASSWORD,
            &n.to_string(),
        ])
        .args([&acked_file, &fixture("en-clean.eml")])
        .stdout(Stdio::null())
        .spawn()
        .expect("python runs");
    // Kill the server at random points of the burst's progress, not of the clock (a fast machine
    // then sees as many kills as a slow one): after 5-44 more acknowledgements, plus up to 30 ms
    // so some kills land inside a message. A small LCG: no random crate needed.
    const KILLS: usize = 5;
    let acked_now = || {
        std::fs::read_to_string(&acked_file)
            .unwrap_or_default()
            .lines()
            .count()
    };
    let mut seed: u64 = std::process::id().into();
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    let mut kills = 0;
    while kills < KILLS && client.try_wait().unwrap().is_none() {
        let point = acked_now() + 5 + (next() % 40) as usize;
        let extra = Duration::from_millis(next() % 30);
        let began = Instant::now();
        while acked_now() < point
            && client.try_wait().unwrap().is_none()
            && began.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(extra);
        if client.try_wait().unwrap().is_some() {
            break;
        }
        serve.stop();
        kills += 1;
        serve.spawn(MON_10);
    }
    assert!(
        kills >= KILLS,
        "only {kills} kills: the burst ended before its kill points"
    );
    // The burst goes on to its end against the last server.
    client.wait().unwrap();
    let acked: Vec<usize> = std::fs::read_to_string(&acked_file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.parse().ok())
        .collect();
    eprintln!("{kills} kills, {} acknowledged", acked.len());
    assert!(
        acked.len() > n / 4,
        "too few messages acknowledged: {}",
        acked.len()
    );
    // The last server runs until everything acknowledged has arrived.
    let t = Instant::now();
    let count = |got: &[String], i: usize| {
        let subject = format!("Subject: burst {i}\r\n");
        got.iter().filter(|m| m.contains(&subject)).count()
    };
    let mut got = up.bodies();
    while acked.iter().any(|&i| count(&got, i) == 0) && t.elapsed() < Duration::from_secs(90) {
        std::thread::sleep(Duration::from_millis(300));
        got = up.bodies();
    }
    let lost: Vec<usize> = acked
        .iter()
        .copied()
        .filter(|&i| count(&got, i) == 0)
        .collect();
    assert!(
        lost.is_empty(),
        "acknowledged but never sent: {lost:?}\n{}",
        serve.log()
    );
    // A 250 lost with the kill (the entry was on disk, the reply never left): at most one per
    // kill; a send cut by a kill goes again: at most one duplicate per kill.
    let unacked_sent = (0..n)
        .filter(|i| !acked.contains(i) && count(&got, *i) > 0)
        .count();
    assert!(
        unacked_sent <= kills,
        "{unacked_sent} sent without a 250, {kills} kills"
    );
    let duplicates: usize = (0..n).map(|i| count(&got, i).saturating_sub(1)).sum();
    assert!(
        duplicates <= kills,
        "{duplicates} duplicates, {kills} kills"
    );
    eprintln!(
        "burst: {n} tried, {} acknowledged, {kills} kills, {unacked_sent} sent without a 250, \
         {duplicates} duplicates",
        acked.len()
    );
    assert!(!serve.log().contains("panicked"), "{}", serve.log());
}

/// `dsn` is a delivery status notification (RFC 3464) to the writer, hannah@example.com, saying
/// that the message failed for `rcpt` with `status`.
fn assert_dsn_to_the_writer(dsn: &str, rcpt: &str, status: &str) {
    assert!(dsn.contains("multipart/report"), "{dsn}");
    assert!(
        dsn.contains("report-type=\"delivery-status\"")
            || dsn.contains("report-type=delivery-status"),
        "{dsn}"
    );
    assert!(
        dsn.contains("Content-Type: message/delivery-status"),
        "{dsn}"
    );
    assert!(
        dsn.contains(&format!("Final-Recipient: rfc822; {rcpt}")),
        "{dsn}"
    );
    assert!(
        dsn.contains("Action: failed") && dsn.contains(&format!("Status: {status}")),
        "{dsn}"
    );
    assert!(
        dsn.contains("To: <hannah@example.com>") || dsn.contains("To: hannah@example.com"),
        "{dsn}"
    );
}

#[test]
fn a_message_refused_for_good_upstream_comes_back_as_a_delivery_status_notification() {
    let up = Upstream::start();
    let serve = Serve::start(&up, MON_10, "");
    let (code, text) = serve.send("rcpt-550-nobody@example.com", &fixture("en-clean.eml"), &[]);
    assert_eq!(code, 250, "{text}");
    let got = up.wait_for(1);
    assert_eq!(got.len(), 1, "{}", serve.log());
    let dsn = &got[0];
    assert_dsn_to_the_writer(dsn, "rcpt-550-nobody@example.com", "5.1.1");
    assert!(
        dsn.contains("Subject: Undelivered mail: Your new website is live"),
        "{dsn}"
    );
    // One notification, not a loop.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(up.bodies().len(), 1);
}

/// A message that reached one recipient and was refused for another comes back for that one,
/// with the original's headers (`text/rfc822-headers`) like a message nobody got (an audit of
/// the sending half: the part was missing because the message was filed as sent).
#[test]
fn a_message_refused_for_one_recipient_comes_back_with_its_headers() {
    let up = Upstream::start();
    let serve = Serve::start(&up, MON_10, "");
    let (code, text) = serve.send(
        "anna@example.com,rcpt-550-nobody@example.com",
        &fixture("en-clean.eml"),
        &[],
    );
    assert_eq!(code, 250, "{text}");
    let got = up.wait_for(2);
    assert_eq!(got.len(), 2, "{}", serve.log());
    let dsn = got
        .iter()
        .find(|m| m.contains("multipart/report"))
        .unwrap_or_else(|| panic!("no notification: {got:?}"));
    assert_dsn_to_the_writer(dsn, "rcpt-550-nobody@example.com", "5.1.1");
    assert!(dsn.contains("text/rfc822-headers"), "{dsn}");
    assert!(dsn.contains("Your new website is live"), "{dsn}");
    // Who got it, so that sending it again does not double it for them.
    assert!(
        dsn.contains("It was delivered to anna@example.com"),
        "{dsn}"
    );
}

#[test]
fn a_message_whose_lifetime_runs_out_upstream_comes_back_as_a_delivery_status_notification() {
    let up = Upstream::start();
    // A lifetime of 8 minutes, the first retry after 5, the next after 10: the second attempt
    // is the last. The clock moves by restarting the server at a later MAILCHECK_NOW.
    let mut serve = Serve::start_with(
        &up,
        MON_10,
        "retry_min = \"5m\"\nretry_max = \"1h\"\ngive_up_after = \"8m\"\n",
        "",
    );
    let (code, text) = serve.send("rcpt-451-later@example.com", &fixture("en-clean.eml"), &[]);
    assert_eq!(code, 250, "{text}");
    // The first attempt gets a 451: deferred, no notification yet.
    let t = Instant::now();
    while !serve.log().contains("deferred") && t.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(serve.log().contains("deferred"), "{}", serve.log());
    assert!(!serve.log().contains("failed"), "{}", serve.log());
    assert!(up.bodies().is_empty());
    // Six minutes later: due again, 451 again, and the next try would be past the lifetime.
    serve.stop();
    serve.spawn("2026-11-23T10:06:00+01:00");
    let got = up.wait_for(1);
    assert_eq!(got.len(), 1, "{}", serve.log());
    let dsn = &got[0];
    assert_dsn_to_the_writer(dsn, "rcpt-451-later@example.com", "4.4.7");
    assert!(dsn.contains("report-type=\"delivery-status\""), "{dsn}");
    assert!(
        dsn.contains("Diagnostic-Code: smtp; RCPT TO: transient error (451)"),
        "{dsn}"
    );
    assert!(dsn.contains("give_up_after"), "{dsn}");
    let received = up.received();
    assert_eq!(received[0].rcpt_tos, ["hannah@example.com"]);
}

#[test]
fn one_connection_over_the_limit_gets_421() {
    use std::io::{Read, Write};
    let up = Upstream::start();
    let serve = Serve::start(&up, MON_10, "max_connections = 1");
    let mut first = std::net::TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut greeting = [0u8; 256];
    let n = first.read(&mut greeting).unwrap();
    assert!(greeting[..n].starts_with(b"220 "));
    let mut second = std::net::TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
    second
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reply = String::new();
    let _ = second.read_to_string(&mut reply);
    assert!(reply.starts_with("421 4.7.0"), "{reply}");
    // Once the first leaves, the next is served.
    first.write_all(b"QUIT\r\n").unwrap();
    let _ = first.read(&mut greeting);
    drop(first);
    std::thread::sleep(Duration::from_millis(300));
    let (code, text) = serve.send("tom@example.com", &fixture("en-clean.eml"), &[]);
    assert_eq!(code, 250, "{text}");
}

/// The serving user's interface language (#21): an Italian or Russian `[ui] language` gives the
/// refusal and the acceptance in that language, folded to US-ASCII on the wire (RFC 5321 §4.2;
/// RFC 6531 §3.7.4.2 allows UTF-8 in a reply only for a mailbox name after VRFY or EXPN, so a
/// client's SMTPUTF8 changes nothing); status codes and rule ids stay as they are.
#[test]
fn italian_and_russian_replies_are_in_the_users_language_folded_to_ascii() {
    use mailcheck::serve::policy::one_line;
    let up = Upstream::start();
    let cases = [
        (
            "it",
            "it-placeholder.eml",
            "it-clean.eml",
            vec![
                "mailcheck non ha inviato questo messaggio: 1 errore".to_string(),
                "placeholder: segnaposto non compilato \"XXX\" (riga 10)".to_string(),
                "per inviarlo comunque, rispedisca lo stesso messaggio entro 10 minuti".to_string(),
            ],
            &"in coda: parte subito".to_string(),
            &"(rispedito entro il tempo di conferma: parte comunque)".to_string(),
        ),
        (
            "ru",
            "ru-placeholder.eml",
            "ru-clean.eml",
            vec![
                one_line("mailcheck не отправил это письмо: 2 ошибки"),
                one_line("placeholder: незаполненная заглушка «[Имя клиента]» (строка 11)"),
                one_line("отправьте то же письмо ещё раз в течение 10 минут"),
            ],
            &one_line("в очереди: уйдёт сейчас"),
            &one_line("(отправлено повторно в срок подтверждения: уйдёт всё равно)"),
        ),
    ];
    for (lang, refused, clean, lines, queued, confirmed) in cases {
        let serve = Serve::start(&up, MON_10, &format!("\n[ui]\nlanguage = \"{lang}\"\n"));
        for (to, opts) in [
            ("a@example.it", &[][..]),
            ("b@example.it", &["SMTPUTF8"][..]),
        ] {
            let (code, text) = serve.send(to, &fixture(refused), opts);
            assert_eq!(code, 550, "{lang} {opts:?}: {text}");
            assert!(text.is_ascii(), "{lang} {opts:?}: {text}");
            assert!(text.starts_with("5.7.1 "), "{lang}: {text}");
            for line in &lines {
                assert!(
                    text.contains(line.as_str()),
                    "{lang} {opts:?}: {line}\n{text}"
                );
            }
        }
        let (code, text) = serve.send("tom@example.com", &fixture(clean), &[]);
        assert_eq!(code, 250, "{lang}: {text}");
        assert!(text.is_ascii() && text.contains(queued), "{lang}: {text}");
        // Sent again: the writer's confirmation, said in the language too.
        let (code, text) = serve.send("a@example.it", &fixture(refused), &[]);
        assert_eq!(code, 250, "{lang}: {text}");
        assert!(
            text.is_ascii() && text.contains(confirmed),
            "{lang}: {text}"
        );
    }
    // Saturday night: the 250 says when it leaves and why, in the language's words.
    let serve = Serve::start(&up, SAT_NIGHT, "\n[ui]\nlanguage = \"it\"\n");
    let (code, text) = serve.send("tom@example.com", &fixture("it-clean.eml"), &[]);
    assert_eq!(code, 250, "{text}");
    assert!(
        text.contains(" in coda: partira lun 23 nov 09:00 Europe/Rome; off-hours: rimandato al primo momento dentro l'orario di lavoro di tutti, lun 23 nov 09:00 Europe/Rome"),
        "{text}"
    );
    // An English serve next to them still says it in English, word for word.
    let serve = Serve::start(&up, MON_10, "");
    let (code, text) = serve.send(
        "olivia.hart@example.com",
        &fixture("en-placeholder.eml"),
        &[],
    );
    assert_eq!(code, 550, "{text}");
    assert!(
        text.starts_with("5.7.1 mailcheck refused this message: ")
            && text.contains("to send it anyway, send the same message again within 10 minutes"),
        "{text}"
    );
}
