//! `mailcheck serve [--setup]`: the local submission server and the outbox runner.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use mailcheck::check::CheckOptions;
use mailcheck::config::Settings;
use mailcheck::outbox::Queue;
use mailcheck::serve::policy::Policy;
use mailcheck::serve::server::{self, Listeners};
use mailcheck::serve::{ServeSettings, tls};

use super::emit;
use super::outbox::clock_now;
use crate::cli::ServeArgs;

pub fn run(config: Option<&Path>, args: ServeArgs) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
    let serve = settings.serve()?;
    let cert = tls::load_or_create(&serve)?;
    if args.setup {
        emit(&setup_text(&serve, &cert))?;
        return Ok(ExitCode::SUCCESS);
    }
    // A bad MAILCHECK_NOW is an error now, not at the first message.
    clock_now()?;
    let outbox = settings.outbox()?;
    let store = Queue::open(&outbox)?;
    // What killed writers left: found in `tmp/`; the full scan only after such a crash.
    store.recover()?;
    // What a stopped server had accepted but not yet written to the queue's files.
    if let Queue::Files(files) = &store {
        let written = mailcheck::outbox::intake::replay(files)?;
        if written > 0 {
            eprintln!("mailcheck serve: wrote {written} accepted messages a stopped server left");
        }
    }
    // Each accepted message durable with one sync (the intake journal).
    let store = store.with_intake()?;
    let tls_config = cert.server_config()?;
    let listeners = Listeners::bind(&serve)?;
    let checker = settings.into_checker(&CheckOptions::default())?;
    let (wake_tx, wake_rx) = std::sync::mpsc::sync_channel(1);
    let policy = Policy::new(
        checker,
        outbox,
        store,
        serve.confirm_window,
        Box::new(|| clock_now().unwrap_or_else(|_| chrono::Utc::now())),
        Some(wake_tx),
    )
    .speaking(serve.lang);
    let mut ready = String::from("mailcheck serve: listening on");
    if let Some(a) = serve.listen {
        ready.push_str(&format!(" {a} (STARTTLS)"));
    }
    if let Some(a) = serve.tls_listen {
        ready.push_str(&format!(" {a} (TLS)"));
    }
    if cert.created {
        ready.push_str(&format!(
            "; made a self-signed certificate {} (SHA-256 {})",
            cert.cert_path.display(),
            cert.fingerprint()
        ));
    }
    eprintln!("{ready}");
    server::run(
        Arc::new(policy),
        Arc::new(serve),
        tls_config,
        listeners,
        wake_rx,
    )?;
    Ok(ExitCode::SUCCESS)
}

fn setup_text(s: &ServeSettings, cert: &tls::ServerCert) -> String {
    let password = "the password of [serve] (password_env or password_command)";
    let mut t = String::from("Outgoing mail server (SMTP) settings for your mail client\n\n");
    if let Some(a) = s.listen {
        t.push_str(&format!(
            "  server {}, port {}, connection security STARTTLS\n",
            a.ip(),
            a.port()
        ));
    }
    if let Some(a) = s.tls_listen {
        t.push_str(&format!(
            "  server {}, port {}, connection security SSL/TLS\n",
            a.ip(),
            a.port()
        ));
    }
    let (server, port, security) = match (s.listen, s.tls_listen) {
        (Some(a), _) => (a.ip().to_string(), a.port(), "STARTTLS"),
        (None, Some(a)) => (a.ip().to_string(), a.port(), "SSL/TLS"),
        (None, None) => ("127.0.0.1".into(), 1587, "STARTTLS"),
    };
    t.push_str(&format!(
        "  user name {}; password: {password}; authentication: normal password\n",
        s.username
    ));
    t.push_str(&format!(
        "\nThunderbird: Account Settings > Outgoing Server (SMTP) > Add: server name {server}, \
         port {port}, connection security {security}, authentication method \"Normal \
         password\", user name {}. On the first send, confirm the security exception for the \
         certificate below.\n",
        s.username
    ));
    t.push_str(&format!(
        "Apple Mail: Settings > Accounts > Server Settings > Outgoing Mail Account > Edit SMTP \
         Server List > +: host name {server}, untick \"Automatically manage connection \
         settings\", port {port}, \"Use TLS/SSL\", authentication Password, user name {}. \
         Trust the certificate in Keychain Access when asked.\n",
        s.username
    ));
    t.push_str(&format!(
        "Outlook (classic, POP/IMAP account): Account Settings > Change > More Settings > \
         Outgoing Server: \"requires authentication\", user name {}; Advanced: outgoing server \
         (SMTP) {port}, encrypted connection {}.\n",
        s.username,
        if security == "STARTTLS" {
            "STARTTLS"
        } else {
            "SSL/TLS"
        }
    ));
    t.push_str(&format!(
        "K-9 Mail / Thunderbird for Android: Account settings > Outgoing server: SMTP server \
         {server}, security {security}, port {port}, user name {}, authentication \"Normal \
         password\" (a phone reaches 127.0.0.1 only if mailcheck runs on the phone).\n",
        s.username
    ));
    t.push_str(&format!(
        "\nCertificate: {}{}\n  SHA-256 fingerprint {}\n",
        cert.cert_path.display(),
        if s.cert.is_some() {
            ""
        } else {
            " (self-signed for localhost and 127.0.0.1)"
        },
        cert.fingerprint()
    ));
    t
}
