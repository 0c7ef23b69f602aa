//! The listeners, the connection limit and the runner, in one process.
//!
//! Each listener accepts on its own thread; each connection is served on a thread of its own, up
//! to `max_connections` at once (one more is answered `421 4.7.0` and closed). The runner thread
//! sends what is due as `outbox run` does, every `[outbox] tick` and at once when a message is
//! accepted.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::ServeError;
use super::config::ServeSettings;
use super::policy::Policy;
use super::session::{Session, Stream};
use crate::outbox::runner::RunReport;

/// Bound listeners, ready to serve.
pub struct Listeners {
    pub starttls: Option<TcpListener>,
    pub tls: Option<TcpListener>,
}

impl Listeners {
    /// Binds the configured addresses; an address in use is a clear error (exit 2 at the CLI).
    pub fn bind(cfg: &ServeSettings) -> Result<Listeners, ServeError> {
        let bind = |addr: SocketAddr| {
            TcpListener::bind(addr).map_err(|e| ServeError::Listen {
                addr: addr.to_string(),
                message: if e.kind() == std::io::ErrorKind::AddrInUse {
                    "the port is in use: is another `mailcheck serve` running? (or set \
                     `[serve] listen` / `tls_listen` to free ports)"
                        .into()
                } else {
                    e.to_string()
                },
            })
        };
        Ok(Listeners {
            starttls: cfg.listen.map(bind).transpose()?,
            tls: cfg.tls_listen.map(bind).transpose()?,
        })
    }
}

/// Serves until the process ends: both listeners and the runner.
pub fn run(
    policy: Arc<Policy>,
    cfg: Arc<ServeSettings>,
    tls: Arc<rustls::ServerConfig>,
    listeners: Listeners,
    wake: Receiver<()>,
) -> Result<(), ServeError> {
    let active = Arc::new(AtomicUsize::new(0));
    let mut threads = Vec::new();
    for (listener, implicit) in [(listeners.starttls, false), (listeners.tls, true)] {
        let Some(listener) = listener else { continue };
        let (policy, cfg, tls, active) = (
            Arc::clone(&policy),
            Arc::clone(&cfg),
            Arc::clone(&tls),
            Arc::clone(&active),
        );
        threads.push(std::thread::spawn(move || {
            accept_loop(&listener, implicit, &policy, &cfg, &tls, &active)
        }));
    }
    let runner_policy = Arc::clone(&policy);
    threads.push(std::thread::spawn(move || {
        runner_loop(&runner_policy, &wake)
    }));
    for t in threads {
        let _ = t.join();
    }
    Ok(())
}

fn accept_loop(
    listener: &TcpListener,
    implicit: bool,
    policy: &Arc<Policy>,
    cfg: &Arc<ServeSettings>,
    tls: &Arc<rustls::ServerConfig>,
    active: &Arc<AtomicUsize>,
) {
    for conn in listener.incoming() {
        let Ok(tcp) = conn else {
            // Out of file descriptors and the like: wait a moment rather than spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if active.fetch_add(1, Ordering::SeqCst) >= cfg.max_connections {
            active.fetch_sub(1, Ordering::SeqCst);
            refuse_busy(tcp, implicit);
            continue;
        }
        let guard = Active(Arc::clone(active));
        let (policy, cfg, tls) = (Arc::clone(policy), Arc::clone(cfg), Arc::clone(tls));
        let spawned = std::thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                let _guard = guard;
                serve_one(tcp, implicit, &policy, &cfg, &tls);
            });
        if spawned.is_err() {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Decrements the count of active connections when the connection's thread ends.
struct Active(Arc<AtomicUsize>);

impl Drop for Active {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn refuse_busy(tcp: TcpStream, implicit: bool) {
    use std::io::Write;
    if !implicit {
        let _ = tcp.set_write_timeout(Some(Duration::from_secs(1)));
        let _ = (&tcp).write_all(b"421 4.7.0 too many connections, try again later\r\n");
    }
    let _ = tcp.shutdown(std::net::Shutdown::Both);
}

fn serve_one(
    tcp: TcpStream,
    implicit: bool,
    policy: &Policy,
    cfg: &ServeSettings,
    tls: &Arc<rustls::ServerConfig>,
) {
    let Ok(peer) = tcp.peer_addr() else { return };
    let _ = tcp.set_nodelay(true);
    // The handshake of implicit TLS happens at the greeting: bounded like any read.
    let _ = tcp.set_read_timeout(Some(cfg.idle_timeout));
    let _ = tcp.set_write_timeout(Some(cfg.idle_timeout));
    let stream = if implicit {
        match Stream::tls(Arc::clone(tls), tcp) {
            Ok(s) => s,
            Err(_) => return,
        }
    } else {
        Stream::Plain(tcp)
    };
    Session::new(policy, cfg, tls, stream, peer).run();
}

/// Sends what is due, every `tick` and whenever a message was queued that is due; what killed
/// writers left was recovered before the listeners opened.
///
/// A message accepted for later (the usual case: the recipient's morning, a cool-down) needs no
/// runner pass, only its files written from the intake journal: the runner does that when woken
/// and keeps its passes (replays, the due markers, sending) for `tick` and for mail that is due.
/// How long the runner of `serve` stops sending after a configuration error: a wrong password
/// tried every `tick` would soon lock the account at the provider.
const CONFIG_ERROR_PAUSE: Duration = Duration::from_secs(3600);

fn runner_loop(policy: &Policy, wake: &Receiver<()>) {
    let tick = policy
        .outbox()
        .tick
        .to_std()
        .unwrap_or(Duration::from_secs(30))
        .max(Duration::from_millis(100));
    let mut last_pass: Option<Instant> = None;
    // After a configuration error (a refused login, an untrusted certificate): no pass, and so
    // no login, before this; accepted mail stays queued meanwhile (see docs/serve.md).
    let mut paused_until: Option<Instant> = None;
    loop {
        let now = policy.now();
        let paused = paused_until.is_some_and(|t| Instant::now() < t);
        let settle = || {
            policy.store().settle_intake(now).unwrap_or_else(|e| {
                super::log!("mailcheck serve: outbox: {e}");
                true
            })
        };
        let pass = if paused {
            settle();
            false
        } else {
            last_pass.is_none_or(|t| t.elapsed() >= tick) || settle()
        };
        if pass {
            last_pass = Some(Instant::now());
            match policy.store().run_once(policy.outbox(), now) {
                Ok(report) => {
                    log_report(&report);
                    policy.notify_failures(&report);
                }
                Err(e @ crate::outbox::OutboxError::Config(_)) => {
                    paused_until = Some(Instant::now() + CONFIG_ERROR_PAUSE);
                    super::log!(
                        "mailcheck serve: outbox: {e}; nothing is sent for {} minutes (restart                          serve once it is fixed); accepted mail stays queued",
                        CONFIG_ERROR_PAUSE.as_secs() / 60
                    );
                }
                Err(e) => super::log!("mailcheck serve: outbox: {e}"),
            }
        }
        // The next pass, or sooner the intake's retirement (accepted entries stay claimed until
        // then).
        let next = last_pass.map_or(Duration::ZERO, |t| tick.saturating_sub(t.elapsed()));
        let wait = policy.store().intake_wait().map_or(next, |w| w.min(next));
        match wake.recv_timeout(wait) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(wait),
        }
        // Several acceptances while busy: one more round is enough.
        while wake.try_recv().is_ok() {}
    }
}

fn log_report(r: &RunReport) {
    for m in &r.sent {
        super::log!("mailcheck serve: sent {} <{}>", m.id, m.message_id);
    }
    for m in &r.deferred {
        super::log!(
            "mailcheck serve: deferred {}: {}",
            m.id,
            m.last_reply.as_ref().map(|r| r.en()).unwrap_or_default()
        );
    }
    for m in &r.uncertain {
        super::log!("mailcheck serve: uncertain {}: sending again later", m.id);
    }
    for m in &r.failed {
        super::log!(
            "mailcheck serve: failed {}: {}",
            m.id,
            m.last_reply.as_ref().map(|r| r.en()).unwrap_or_default()
        );
    }
}
