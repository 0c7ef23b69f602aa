//! The outbox in a PostgreSQL database (`[outbox] database = "postgresql://…"`): one queue shared
//! by a desk's members and by runners on several machines.
//!
//! The schema is in `migrations/` (applied by `mailcheck outbox migrate`, versioned, in one
//! transaction). One row per message: its meta (the same JSON as a file queue's), its bytes, and
//! a lease.
//!
//! TLS to the database is rustls through `tokio-postgres-rustls`: `sslmode=require` or
//! `verify-full` in the URL (both check the certificate chain and the host name; the system's
//! CAs plus `[outbox] ca_file` or `sslrootcert`), and a server without TLS is then refused
//! before the startup message (see `tls_setup`).
//!
//! # Claims and leases
//!
//! A runner claims a few due rows at a time: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP
//! LOCKED)` sets `lease_owner` (this runner) and `lease_until`; rows another runner is claiming at
//! that moment are skipped, rows whose lease has not expired are not due for anyone else. Then:
//!
//! 1. the batch's rows to send are set `sending` (attempts + 1) and their leases renewed, in one
//!    statement, only where the lease is still this runner's (a runner paused past its lease
//!    finds it taken and leaves the message);
//! 2. each message in turn: just before its data goes out, the lease is checked (a read; renewed
//!    with the rest of the batch when less than half of it is left): no message is sent while its
//!    claim cannot be recorded (the database unreachable, the lease lost). While the transaction
//!    runs, a heartbeat renews the leases every third of `lease`, so a slow server does not let
//!    another runner take the message over; a renewal that fails gives the transaction up (its
//!    data does not go out if it has not started) and nothing is written for it;
//! 3. its outcome is written and the lease released, in one statement: one commit per message,
//!    plus one per batch (the claim and the mark).
//!
//! Each message goes out through its sender's own account (`[smtp.accounts]`, recorded when it
//! was queued); a message whose account this config lacks fails, saying which to add.
//!
//! A runner that dies between 1 and 3 leaves the row `sending` with a lease that expires; the
//! next runner to claim it sends it again with the same Message-ID (at-least-once: the only
//! copy that can go twice is the one whose 250 came back just before the crash).

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use postgres::{Client, NoTls};

use super::entry::{self, Hold, Meta, RcptState, State};
use super::runner::{RunReport, record_outcomes};
use super::smtp::{Heartbeat, Senders};
use super::store::Meta0;
use super::{OutboxError, OutboxSettings};
use crate::error::ConfigError;

type Result<T> = std::result::Result<T, OutboxError>;

/// The schema versions, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i32, &str, &str)] =
    &[(1, "outbox", include_str!("migrations/0001_outbox.sql"))];

/// The schema version this program uses.
pub fn latest_version() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// How many due rows a runner claims at a time: small, so that runners started together share
/// the queue; one SMTP connection carries them all.
const CLAIM_BATCH: i64 = 10;

/// An outbox in PostgreSQL.
pub struct PgStore {
    client: Mutex<Client>,
    /// How to connect again (it holds the password: never shown).
    config: postgres::Config,
    /// Plaintext or TLS, as the first connection was made.
    tls: Tls,
    /// The database as shown in messages (its URL without any password).
    shown: String,
    /// How long a claim lasts without renewal.
    lease: StdDuration,
    /// This process, as written in `lease_owner`: `host:pid:random`.
    owner: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("db", &self.shown).finish()
    }
}

/// A database error, naming the database, with its cause ("connection refused").
fn db_err(shown: &str) -> impl Fn(postgres::Error) -> OutboxError + '_ {
    move |e| {
        let mut text = format!("{shown}: {e}");
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            let more = s.to_string();
            if !text.contains(&more) {
                text.push_str(": ");
                text.push_str(&more);
            }
            source = s.source();
        }
        OutboxError::Database(text)
    }
}

/// Connects to the `[outbox] database` of `settings` (password from `password_env` or
/// `password_command`, never from the URL).
pub fn connect(outbox: &OutboxSettings) -> Result<(Client, String)> {
    let (client, shown, _, _) = connect_with(outbox)?;
    Ok((client, shown))
}

fn connect_with(outbox: &OutboxSettings) -> Result<(Client, String, postgres::Config, Tls)> {
    let s = &outbox.db;
    let shown_cfg = s
        .source
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("<defaults>"));
    let key_err = |key: &str, message: String| {
        OutboxError::Config(ConfigError::Key {
            path: shown_cfg.clone(),
            key: format!("outbox.{key}"),
            message,
        })
    };
    let url = outbox
        .database
        .as_deref()
        .ok_or_else(|| key_err("database", "no database is set".into()))?;
    // `sslmode=verify-full` and `sslrootcert` are libpq's words the driver does not know: taken
    // out here, and the mode set on the config below.
    let (url_rest, mode, rootcert) = split_tls_options(url);
    let mut config: postgres::Config = url_rest.parse().map_err(|e| {
        key_err(
            "database",
            format!("not a PostgreSQL connection URL (postgresql://user@host:5432/db): {e}"),
        )
    })?;
    if config.get_password().is_some() {
        return Err(key_err(
            "database",
            "the URL holds a password: put it in `password_env` or `password_command`".into(),
        ));
    }
    let password = match (&s.password_env, &s.password_command) {
        (Some(_), Some(_)) => {
            return Err(key_err(
                "password_command",
                "set either `password_command` or `password_env`, not both".into(),
            ));
        }
        (Some(var), None) => Some(
            std::env::var(var)
                .ok()
                .filter(|p| !p.is_empty())
                .ok_or_else(|| {
                    key_err(
                        "password_env",
                        format!("the environment variable `{var}` is not set"),
                    )
                })?,
        ),
        (None, Some(cmd)) => {
            let timeout = StdDuration::from_secs(s.password_timeout.unwrap_or(10).max(1));
            Some(
                super::smtp::run_password_command(cmd, timeout)
                    .map_err(|m| key_err("password_command", m))?,
            )
        }
        (None, None) => None,
    };
    if password.is_some()
        && let Some(path) = &s.source
    {
        super::smtp::check_private(path).map_err(|m| key_err("password_command", m))?;
    }
    if let Some(p) = &password {
        config.password(p.as_bytes());
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(StdDuration::from_secs(10));
    }
    let tls = tls_setup(
        &mut config,
        mode.as_deref(),
        rootcert.as_deref(),
        s.ca_file.as_deref(),
        s.source.as_deref(),
    )
    .map_err(|(key, m)| key_err(key, m))?;
    let shown = shown_url(url);
    let client = tls
        .connect(&config)
        .map_err(db_err(&shown))
        .map_err(|e| match e {
            OutboxError::Database(text) if text.contains("UnknownIssuer") => {
                OutboxError::Database(format!(
                    "{text} (the database's certificate is not signed by a CA this machine trusts: \
                 set `[outbox] ca_file` to the CA certificate that signed it)"
                ))
            }
            e => e,
        })?;
    Ok((client, shown, config, tls))
}

/// How the connection to the database is made: plaintext, or TLS with the server's certificate
/// verified (chain and host name; the platform's roots plus `ca_file`/`sslrootcert`).
#[derive(Clone)]
enum Tls {
    Off,
    On(tokio_postgres_rustls::MakeRustlsConnect),
}

impl Tls {
    fn connect(&self, config: &postgres::Config) -> std::result::Result<Client, postgres::Error> {
        match self {
            Tls::Off => config.connect(NoTls),
            Tls::On(tls) => config.connect(tls.clone()),
        }
    }
}

/// Takes `sslmode` and `sslrootcert` out of the URL's query: the URL without them, and their
/// (percent-decoded) values.
fn split_tls_options(url: &str) -> (String, Option<String>, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None, None);
    };
    let (mut mode, mut root, mut kept) = (None, None, Vec::new());
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let value = || {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        };
        match k {
            "sslmode" => mode = Some(value()),
            "sslrootcert" => root = Some(value()),
            _ => kept.push(pair),
        }
    }
    let rest = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (rest, mode, root)
}

/// The TLS of the connection from `sslmode` (`disable`, `prefer`, `require`, `verify-full`) and
/// the CA (`sslrootcert` in the URL or `[outbox] ca_file`). Without either, plaintext (a local
/// database). `require` checks the certificate as `verify-full` does: mailcheck never sends the
/// password to a server it has not verified. Errors name the config key.
fn tls_setup(
    config: &mut postgres::Config,
    mode: Option<&str>,
    rootcert: Option<&str>,
    ca_file: Option<&Path>,
    source: Option<&Path>,
) -> std::result::Result<Tls, (&'static str, String)> {
    use postgres::config::SslMode;
    let ca_path = match (rootcert, ca_file) {
        (Some(_), Some(_)) => {
            return Err((
                "ca_file",
                "set either `ca_file` or `sslrootcert` in the URL, not both".into(),
            ));
        }
        (Some("system"), None) => None,
        (Some(r), None) => Some(("database", crate::paths::resolve_path(source, Path::new(r)))),
        (None, Some(p)) => Some(("ca_file", crate::paths::resolve_path(source, p))),
        (None, None) => None,
    };
    let ssl_mode = match mode {
        None if ca_path.is_none() && rootcert.is_none() => SslMode::Disable,
        None | Some("require") | Some("verify-full") => SslMode::Require,
        Some("prefer") => SslMode::Prefer,
        Some("disable") if ca_path.is_none() && rootcert.is_none() => SslMode::Disable,
        Some("disable") => {
            return Err((
                "database",
                "`sslmode=disable` with a CA certificate to check the server against: \
                 remove one of them"
                    .into(),
            ));
        }
        Some(other) => {
            return Err((
                "database",
                format!(
                    "`sslmode={other}` is not supported: use `disable`, `prefer`, `require` or \
                     `verify-full` (require and verify-full both check the certificate and \
                     the host name)"
                ),
            ));
        }
    };
    config.ssl_mode(ssl_mode);
    if ssl_mode == SslMode::Disable {
        return Ok(Tls::Off);
    }
    let mut extra = Vec::new();
    if let Some((key, path)) = &ca_path {
        use rustls_pki_types::CertificateDer;
        use rustls_pki_types::pem::PemObject;
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| (*key, format!("{shown}: cannot read: {e}")))?;
        for c in CertificateDer::pem_slice_iter(&pem) {
            extra.push(c.map_err(|e| (*key, format!("{shown}: not a PEM certificate: {e}")))?);
        }
        if extra.is_empty() {
            return Err((*key, format!("{shown}: no PEM certificate in it")));
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone()).map_err(
            |e| {
                (
                    "ca_file",
                    format!("cannot load the trusted certificates: {e}"),
                )
            },
        )?;
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ("database", e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(std::sync::Arc::new(verifier))
        .with_no_client_auth();
    Ok(Tls::On(tokio_postgres_rustls::MakeRustlsConnect::new(tls)))
}

/// The URL as shown: without a password (none is allowed) and without query options.
fn shown_url(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_string()
}

/// Creates or upgrades the schema, in one transaction (concurrent runs wait for each other).
/// Returns the versions applied.
pub fn migrate(client: &mut Client, shown: &str) -> Result<Vec<(i32, &'static str)>> {
    let err = db_err(shown);
    let mut tx = client.transaction().map_err(&err)?;
    tx.execute("SELECT pg_advisory_xact_lock(7262020)", &[])
        .map_err(&err)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS mailcheck_migrations (
             version integer PRIMARY KEY,
             name    text NOT NULL,
             applied timestamptz NOT NULL DEFAULT now())",
    )
    .map_err(&err)?;
    let have: i32 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM mailcheck_migrations",
            &[],
        )
        .map_err(&err)?
        .get(0);
    if have > latest_version() {
        return Err(OutboxError::Database(format!(
            "{shown}: the schema is version {have}, newer than this mailcheck knows ({}): \
             upgrade mailcheck",
            latest_version()
        )));
    }
    let mut applied = Vec::new();
    for &(version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > have) {
        tx.batch_execute(sql).map_err(|e| {
            OutboxError::Database(format!("{shown}: migration {version} ({name}): {e}"))
        })?;
        tx.execute(
            "INSERT INTO mailcheck_migrations (version, name) VALUES ($1, $2)",
            &[&version, &name],
        )
        .map_err(&err)?;
        applied.push((version, name));
    }
    tx.commit().map_err(&err)?;
    Ok(applied)
}

impl PgStore {
    /// Connects and checks the schema is this program's version.
    pub fn open(outbox: &OutboxSettings) -> Result<PgStore> {
        let (mut client, shown, config, tls) = connect_with(outbox)?;
        let version: Option<i32> =
            match client.query_one("SELECT max(version) FROM mailcheck_migrations", &[]) {
                Ok(row) => row.get(0),
                Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => None,
                Err(e) => return Err(db_err(&shown)(e)),
            };
        match version {
            Some(v) if v == latest_version() => {}
            Some(v) if v > latest_version() => {
                return Err(OutboxError::Database(format!(
                    "{shown}: the schema is version {v}, newer than this mailcheck knows ({}): \
                     upgrade mailcheck",
                    latest_version()
                )));
            }
            _ => {
                return Err(OutboxError::Database(format!(
                    "{shown}: the outbox schema is missing or old: run `mailcheck outbox migrate`"
                )));
            }
        }
        Ok(PgStore {
            client: Mutex::new(client),
            config,
            tls,
            shown,
            lease: outbox.lease.to_std().unwrap_or(StdDuration::from_secs(300)),
            owner: owner_name(),
        })
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The connection, made again if it was lost (the database restarted, the network cut):
    /// an error if that fails, and nothing is claimed or sent until it works.
    fn client(&self) -> Result<std::sync::MutexGuard<'_, Client>> {
        // A thread that panicked holding the client leaves it usable: every statement is whole.
        let mut guard = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_closed() {
            *guard = self.tls.connect(&self.config).map_err(self.err())?;
        }
        Ok(guard)
    }

    fn err(&self) -> impl Fn(postgres::Error) -> OutboxError + '_ {
        db_err(&self.shown)
    }

    fn lease_secs(&self) -> f64 {
        self.lease.as_secs_f64()
    }

    /// A new entry id: 12 lower-case hex digits (the primary key refuses a second one).
    pub fn new_id(&self) -> String {
        random_hex(12)
    }

    /// Adds an entry, in one statement.
    pub fn enqueue(&self, meta: &Meta, message: &[u8]) -> Result<()> {
        self.insert(INSERT, meta, message)
    }

    /// Adds an entry moved from a queue directory; one already there (an import run again after
    /// it was cut short) is left as it is.
    pub fn import(&self, meta: &Meta, message: &[u8]) -> Result<()> {
        self.insert(INSERT_OR_KEEP, meta, message)
    }

    /// Runs `sql` (`INSERT` or `INSERT_OR_KEEP`) for one entry.
    fn insert(&self, sql: &str, meta: &Meta, message: &[u8]) -> Result<()> {
        let json = meta_json(meta)?;
        self.client()?
            .execute(
                sql,
                &[
                    &meta.id,
                    &meta.message_id,
                    &meta.from,
                    &meta.state.to_string(),
                    &meta.due,
                    &json,
                    &message,
                ],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// An entry's meta.
    pub fn load(&self, id: &str) -> Result<Meta> {
        let row = self
            .client()?
            .query_opt("SELECT meta::text FROM outbox_entry WHERE id = $1", &[&id])
            .map_err(self.err())?
            .ok_or_else(|| OutboxError::NotFound(id.to_string()))?;
        self.parse(id, row.get(0))
    }

    fn parse(&self, id: &str, json: &str) -> Result<Meta> {
        let meta: Meta = serde_json::from_str(json).map_err(|e| OutboxError::Damaged {
            path: format!("{}/entry/{id}", self.shown).into(),
            message: e.to_string(),
        })?;
        if meta.id != id {
            return Err(OutboxError::Damaged {
                path: format!("{}/entry/{id}", self.shown).into(),
                message: format!("its meta names another entry, `{}`", meta.id),
            });
        }
        Ok(meta)
    }

    /// An entry's message bytes.
    pub fn message(&self, id: &str) -> Result<Vec<u8>> {
        let row = self
            .client()?
            .query_opt("SELECT message FROM outbox_entry WHERE id = $1", &[&id])
            .map_err(self.err())?
            .ok_or_else(|| OutboxError::NotFound(id.to_string()))?;
        Ok(row.get(0))
    }

    /// Every entry, oldest due first, each made into a `T`; damaged ones apart.
    #[allow(clippy::type_complexity)]
    pub fn list_map<T>(
        &self,
        sender: Option<&str>,
        f: impl Fn(Meta) -> T,
    ) -> Result<(Vec<(Meta0, T)>, Vec<OutboxError>)> {
        let mut client = self.client()?;
        let mut out = Vec::new();
        let mut damaged = Vec::new();
        let rows = client
            .query(
                "SELECT id, meta::text FROM outbox_entry
                 WHERE $1::text IS NULL OR lower(sender) = lower($1)
                 ORDER BY due, id",
                &[&sender],
            )
            .map_err(self.err())?;
        drop(client);
        for row in rows {
            let id: &str = row.get(0);
            match self.parse(id, row.get(1)) {
                Ok(meta) => out.push(((meta.due, meta.id.clone()), f(meta))),
                Err(e) => damaged.push(e),
            }
        }
        Ok((out, damaged))
    }

    /// Changes one entry by hand (cancel, reschedule, retry): the row is locked, refused if a
    /// runner's lease on it is current, and `f` says what becomes of it.
    pub fn change<T>(
        &self,
        id: &str,
        f: impl FnOnce(&mut Meta) -> Result<(super::queue::Change, T)>,
    ) -> Result<T> {
        let mut client = self.client()?;
        let err = db_err(&self.shown);
        let mut tx = client.transaction().map_err(&err)?;
        let row = tx
            .query_opt(
                "SELECT meta::text, coalesce(lease_until > now(), false)
                 FROM outbox_entry WHERE id = $1 FOR UPDATE",
                &[&id],
            )
            .map_err(&err)?
            .ok_or_else(|| OutboxError::NotFound(id.to_string()))?;
        if row.get::<_, bool>(1) {
            return Err(OutboxError::Busy(id.to_string()));
        }
        let mut meta = self.parse(id, row.get(0))?;
        let (change, value) = f(&mut meta)?;
        match change {
            super::queue::Change::Update => {
                let json = meta_json(&meta)?;
                tx.execute(
                    "UPDATE outbox_entry SET meta = $2::text::jsonb, state = $3, due = $4,
                         lease_owner = NULL, lease_until = NULL, updated = now()
                     WHERE id = $1",
                    &[&id, &json, &meta.state.to_string(), &meta.due],
                )
                .map_err(&err)?;
            }
            super::queue::Change::Remove => {
                tx.execute("DELETE FROM outbox_entry WHERE id = $1", &[&id])
                    .map_err(&err)?;
            }
        }
        tx.commit().map_err(&err)?;
        Ok(value)
    }

    /// Removes an entry no runner holds; false if one does.
    pub fn remove_if_free(&self, id: &str) -> Result<bool> {
        let n = self
            .client()?
            .execute(
                "DELETE FROM outbox_entry
                 WHERE id = $1 AND (lease_until IS NULL OR lease_until < now())",
                &[&id],
            )
            .map_err(self.err())?;
        Ok(n == 1)
    }

    /// Claims up to `limit` due rows not claimed by a live runner (and not in `seen`).
    fn claim(
        &self,
        now: DateTime<Utc>,
        only: Option<&str>,
        seen: &[String],
        limit: i64,
    ) -> Result<Vec<(String, String, Vec<u8>)>> {
        let mut rows = self
            .client()?
            .query(
                "UPDATE outbox_entry SET lease_owner = $1,
                     lease_until = now() + make_interval(secs => $2::float8)
                 WHERE id IN (
                     SELECT id FROM outbox_entry
                     WHERE state IN ('queued', 'deferred', 'uncertain', 'sending')
                       AND due <= $3
                       AND (lease_until IS NULL OR lease_until < now())
                       AND ($4::text IS NULL OR id = $4)
                       AND NOT (id = ANY($5))
                     ORDER BY due, id
                     LIMIT $6
                     FOR UPDATE SKIP LOCKED)
                 RETURNING id, meta::text, message, due",
                &[&self.owner, &self.lease_secs(), &now, &only, &seen, &limit],
            )
            .map_err(self.err())?;
        rows.sort_by(|a, b| {
            let ka: (DateTime<Utc>, &str) = (a.get(3), a.get(0));
            let kb: (DateTime<Utc>, &str) = (b.get(3), b.get(0));
            ka.cmp(&kb)
        });
        Ok(rows
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    /// Writes `meta` to a row this runner holds; `keep` renews the lease, otherwise it is
    /// released. False if the lease is no longer this runner's (it expired and another took it).
    fn write_held(&self, meta: &Meta, keep: bool) -> Result<bool> {
        let json = meta_json(meta)?;
        let n = self
            .client()?
            .execute(
                "UPDATE outbox_entry SET meta = $3::text::jsonb, state = $4, due = $5,
                     lease_owner = CASE WHEN $6 THEN lease_owner END,
                     lease_until = CASE WHEN $6
                         THEN now() + make_interval(secs => $7::float8) END,
                     updated = now()
                 WHERE id = $1 AND lease_owner = $2",
                &[
                    &meta.id,
                    &self.owner,
                    &json,
                    &meta.state.to_string(),
                    &meta.due,
                    &keep,
                    &self.lease_secs(),
                ],
            )
            .map_err(self.err())?;
        Ok(n == 1)
    }

    /// Writes the metas of rows this runner holds, in one statement; `keep` renews their leases,
    /// otherwise they are released. Returns the ids written (a row whose lease is no longer this
    /// runner's is left alone).
    fn write_many(&self, metas: &[&Meta], keep: bool) -> Result<Vec<String>> {
        if metas.is_empty() {
            return Ok(Vec::new());
        }
        let mut ids = Vec::with_capacity(metas.len());
        let mut jsons = Vec::with_capacity(metas.len());
        let mut states = Vec::with_capacity(metas.len());
        let mut dues = Vec::with_capacity(metas.len());
        for m in metas {
            ids.push(m.id.clone());
            jsons.push(meta_json(m)?);
            states.push(m.state.to_string());
            dues.push(m.due);
        }
        let rows = self
            .client()?
            .query(
                "UPDATE outbox_entry AS e SET meta = v.meta::jsonb, state = v.state, due = v.due,
                     lease_owner = CASE WHEN $5 THEN e.lease_owner END,
                     lease_until = CASE WHEN $5
                         THEN now() + make_interval(secs => $6::float8) END,
                     updated = now()
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
                     AS v(id, meta, state, due)
                 WHERE e.id = v.id AND e.lease_owner = $7
                 RETURNING e.id",
                &[
                    &ids,
                    &jsons,
                    &states,
                    &dues,
                    &keep,
                    &self.lease_secs(),
                    &self.owner,
                ],
            )
            .map_err(self.err())?;
        Ok(rows.into_iter().map(|r| r.get(0)).collect())
    }

    /// Renews this runner's leases on `ids` (the message being sent and the rest of its batch):
    /// an error if the lease on `current` is no longer this runner's.
    fn renew(&self, ids: &[String], current: &str) -> Result<()> {
        let rows = self
            .client()?
            .query(
                "UPDATE outbox_entry
                 SET lease_until = now() + make_interval(secs => $3::float8)
                 WHERE id = ANY($1) AND lease_owner = $2
                 RETURNING id",
                &[&ids, &self.owner, &self.lease_secs()],
            )
            .map_err(self.err())?;
        if rows.iter().any(|r| r.get::<_, &str>(0) == current) {
            Ok(())
        } else {
            Err(OutboxError::Busy(current.to_string()))
        }
    }

    /// Just before a message's data goes out: its lease must still be this runner's. A read
    /// (no commit to wait for) when at least half of the lease is left, else a renewal (of the
    /// rest of the batch too). An error if the lease is lost or the database cannot be reached:
    /// the data then does not go out.
    fn check_lease(&self, ids: &[String], current: &str) -> Result<()> {
        let row = self
            .client()?
            .query_opt(
                "SELECT extract(epoch FROM lease_until - now())::float8
                 FROM outbox_entry WHERE id = $1 AND lease_owner = $2",
                &[&current, &self.owner],
            )
            .map_err(self.err())?
            .ok_or_else(|| OutboxError::Busy(current.to_string()))?;
        let left: Option<f64> = row.get(0);
        if left.is_some_and(|l| l > self.lease_secs() / 2.0) {
            Ok(())
        } else {
            self.renew(ids, current)
        }
    }

    /// Gives back the leases this runner holds on `ids` (the rows unchanged).
    fn release(&self, ids: &[String]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        self.client()?
            .execute(
                "UPDATE outbox_entry SET lease_owner = NULL, lease_until = NULL
                 WHERE id = ANY($1) AND lease_owner = $2",
                &[&ids, &self.owner],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// One runner pass: claims due rows a few at a time and sends them over one SMTP connection
    /// per account (see the module documentation). `only`: entry `id` alone (the sendmail shim).
    pub fn run_pass(
        &self,
        outbox: &OutboxSettings,
        now: DateTime<Utc>,
        only: Option<&str>,
    ) -> Result<RunReport> {
        let mut report = RunReport::default();
        let mut senders = Senders::default();
        let mut seen: Vec<String> = Vec::new();
        let result = (|| {
            loop {
                let batch = self.claim(now, only, &seen, CLAIM_BATCH)?;
                if batch.is_empty() {
                    return Ok(());
                }
                let ids: Vec<String> = batch.iter().map(|b| b.0.clone()).collect();
                seen.extend(ids.iter().cloned());
                if let Err(e) = self.send_batch(outbox, now, batch, &mut senders, &mut report) {
                    // Nothing more is sent this pass: what is still held goes back to the queue.
                    let _ = self.release(&ids);
                    return Err(e);
                }
            }
        })();
        senders.close();
        result.map(|()| report)
    }

    /// Deals with one claimed batch: rows found too late are held, rows whose bytes are not the
    /// ones queued (or whose account this config lacks) fail; the rest are set `sending` in one
    /// statement, then sent one by one, each outcome written as it comes.
    fn send_batch(
        &self,
        outbox: &OutboxSettings,
        now: DateTime<Utc>,
        batch: Vec<(String, String, Vec<u8>)>,
        senders: &mut Senders,
        report: &mut RunReport,
    ) -> Result<()> {
        let mut before: Vec<Meta> = Vec::new();
        let mut todo: Vec<(Vec<u8>, Option<String>)> = Vec::new();
        for (id, json, stored) in batch {
            let mut meta = match self.parse(&id, &json) {
                Ok(m) => m,
                Err(e) => {
                    // Left claimed until its lease ends, for a person to see in `outbox list`.
                    report.damaged.push(e.to_string());
                    continue;
                }
            };
            if meta.state == State::Sending {
                meta.last_reply = Some(
                    "the previous attempt was interrupted; sent again (at-least-once, same \
                     Message-ID)"
                        .into(),
                );
            } else if meta.attempts == 0 && now - meta.due > outbox.max_lateness {
                meta.state = State::Held;
                meta.hold = Some(Hold::Late);
                meta.reasons.push(format!(
                    "late: found at {} but due at {}, more than max_lateness ago; \
                     `mailcheck outbox retry {}` sends it",
                    now.format("%Y-%m-%dT%H:%M:%SZ"),
                    meta.due.format("%Y-%m-%dT%H:%M:%SZ"),
                    meta.id
                ));
                file_outcome(
                    report,
                    if self.write_held(&meta, false)? {
                        Outcome::Late(meta)
                    } else {
                        Outcome::Lost
                    },
                );
                continue;
            }
            let account = outbox.smtp.for_message(meta.account.as_deref(), &meta.from);
            let problem = meta
                .damaged_message(&stored)
                .or_else(|| account.as_ref().err().cloned());
            if let Some(why) = problem {
                // Never sent: the bytes are not the ones checked and queued, or the message's
                // own account is not in this config (never another account instead).
                for r in &mut meta.recipients {
                    if matches!(r.state, RcptState::Pending | RcptState::Uncertain) {
                        r.state = RcptState::Failed;
                        r.reply = Some(why.clone());
                    }
                }
                meta.state = State::Failed;
                meta.last_reply = Some(why);
                file_outcome(
                    report,
                    if self.write_held(&meta, false)? {
                        Outcome::Failed(meta)
                    } else {
                        Outcome::Lost
                    },
                );
                continue;
            }
            let key = account.ok().flatten();
            // The account (and its password) before the mark: a config problem leaves the row
            // as it was.
            senders.get(&outbox.smtp, key.as_deref())?;
            before.push(meta);
            todo.push((stored, key));
        }
        // All of them `sending` (attempts + 1) in one statement.
        let marked: Vec<Meta> = before
            .iter()
            .map(|m| {
                let mut m = m.clone();
                m.state = State::Sending;
                m.hold = None;
                m.attempts += 1;
                m.last_attempt = Some(now);
                m
            })
            .collect();
        let ours = self.write_many(&marked.iter().collect::<Vec<_>>(), true)?;
        let ids: Vec<String> = marked.iter().map(|m| m.id.clone()).collect();
        for (i, (meta, (stored, key))) in marked.into_iter().zip(todo).enumerate() {
            if !ours.contains(&meta.id) {
                report.busy += 1;
                continue;
            }
            match self.send_marked(
                outbox,
                now,
                meta,
                &stored,
                key.as_deref(),
                &ids[i..],
                senders,
            ) {
                Ok(outcome) => file_outcome(report, outcome),
                Err(e) => {
                    // Not sent (a configuration problem, the database unreachable before the
                    // data): this row and the rest of the batch as they were, if they can be
                    // written.
                    let _ = self.write_many(&before[i..].iter().collect::<Vec<_>>(), false);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Sends one row marked `sending` and writes its outcome, releasing the lease. `held`: its
    /// id and the rest of its batch, whose leases the heartbeat renews while a slow server
    /// keeps the transaction going.
    #[allow(clippy::too_many_arguments)]
    fn send_marked(
        &self,
        outbox: &OutboxSettings,
        now: DateTime<Utc>,
        mut meta: Meta,
        stored: &[u8],
        key: Option<&str>,
        held: &[String],
        senders: &mut Senders,
    ) -> Result<Outcome> {
        let recipients: Vec<String> = meta.undelivered().map(|r| r.address.clone()).collect();
        let wire = entry::wire_bytes(stored, now);
        let sender = senders.get(&outbox.smtp, key)?;
        let id = meta.id.clone();
        let mut beat = || self.renew(held, &id);
        let heartbeat = Heartbeat {
            every: (self.lease / 3).max(StdDuration::from_millis(100)),
            beat: &mut beat,
        };
        let outcomes = match sender.deliver_with(
            &meta.from,
            &recipients,
            &wire,
            || self.check_lease(held, &id),
            Some(heartbeat),
        ) {
            Ok(o) => o,
            // The lease is another runner's: the row is its now (nothing is written).
            Err(OutboxError::Busy(_)) => return Ok(Outcome::Lost),
            Err(e) => return Err(e),
        };
        record_outcomes(outbox, &mut meta, outcomes, now);
        // Lost lease: a runner took the row while this one was sending; the row is its now.
        self.write_held(&meta, false)?;
        Ok(match meta.state {
            State::Sent => Outcome::Sent(meta),
            State::Uncertain => Outcome::Uncertain(meta),
            State::Deferred => Outcome::Deferred(meta),
            _ => Outcome::Failed(meta),
        })
    }
}

/// What became of one claimed row.
enum Outcome {
    Sent(Meta),
    Deferred(Meta),
    Uncertain(Meta),
    Failed(Meta),
    Late(Meta),
    /// The lease was no longer this runner's: left alone.
    Lost,
}

fn file_outcome(report: &mut RunReport, o: Outcome) {
    match o {
        Outcome::Sent(m) => report.sent.push(m),
        Outcome::Deferred(m) => report.deferred.push(m),
        Outcome::Uncertain(m) => report.uncertain.push(m),
        Outcome::Failed(m) => report.failed.push(m),
        Outcome::Late(m) => report.held_late.push(m),
        Outcome::Lost => report.busy += 1,
    }
}

/// One new entry; `enqueue` and `import` bind the same seven values.
const INSERT: &str = "INSERT INTO outbox_entry (id, message_id, sender, state, due, meta, message)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7)";
/// The same, leaving an entry already there as it is (an import run again after it was cut
/// short).
const INSERT_OR_KEEP: &str =
    "INSERT INTO outbox_entry (id, message_id, sender, state, due, meta, message)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7)
     ON CONFLICT (id) DO NOTHING";

fn meta_json(meta: &Meta) -> Result<String> {
    serde_json::to_string(meta).map_err(|e| OutboxError::Damaged {
        path: format!("entry {}", meta.id).into(),
        message: e.to_string(),
    })
}

/// `n` random lower-case hex digits.
fn random_hex(n: usize) -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut out = String::new();
    while out.len() < n {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        h.write_u32(std::process::id());
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out.truncate(n);
    out
}

/// This process as a lease owner: `host:pid:random`.
fn owner_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{host}:{}:{}", std::process::id(), random_hex(8))
}

#[cfg(test)]
mod tests;
