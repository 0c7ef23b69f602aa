//! `mailcheck serve [--setup]`: the local submission server and the outbox runner.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use mailcheck::check::CheckOptions;
use mailcheck::config::Settings;
use mailcheck::i18n::tr;
use mailcheck::msg;
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
    let ui = s.lang;
    let mut t = tr(ui, "serve-setup-title");
    t.push_str("\n\n");
    let line = |t: &mut String, m: mailcheck::i18n::Msg| {
        t.push_str("  ");
        t.push_str(&m.text(ui));
        t.push('\n');
    };
    for (listen, security) in [(s.listen, "STARTTLS"), (s.tls_listen, "SSL/TLS")] {
        if let Some(a) = listen {
            line(
                &mut t,
                msg!(
                    "serve-setup-listen",
                    host = a.ip().to_string(),
                    port = a.port().to_string(),
                    security = security
                ),
            );
        }
    }
    let (server, port, security) = match (s.listen, s.tls_listen) {
        (Some(a), _) => (a.ip().to_string(), a.port(), "STARTTLS"),
        (None, Some(a)) => (a.ip().to_string(), a.port(), "SSL/TLS"),
        (None, None) => ("127.0.0.1".into(), 1587, "STARTTLS"),
    };
    line(&mut t, msg!("serve-setup-user", user = s.username.as_str()));
    t.push('\n');
    for id in [
        "serve-setup-thunderbird",
        "serve-setup-apple-mail",
        "serve-setup-outlook",
        "serve-setup-k9",
    ] {
        let m = mailcheck::i18n::Msg::new(id)
            .arg("server", server.as_str())
            .arg("port", port.to_string())
            .arg("security", security)
            .arg("user", s.username.as_str());
        t.push_str(&m.text(ui));
        t.push('\n');
    }
    t.push('\n');
    let path = cert.cert_path.display().to_string();
    t.push_str(
        &if s.cert.is_some() {
            msg!("serve-setup-certificate", path = path)
        } else {
            msg!("serve-setup-certificate-self-signed", path = path)
        }
        .text(ui),
    );
    t.push('\n');
    line(
        &mut t,
        msg!("serve-setup-fingerprint", fingerprint = cert.fingerprint()),
    );
    t
}
