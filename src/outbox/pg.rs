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

use postgres::{Client, NoTls};

use super::entry::Meta;
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
    let key_err = |key: &str, message: crate::i18n::Msg| {
        OutboxError::Config(ConfigError::Setting {
            path: shown_cfg.clone(),
            key: format!("outbox.{key}"),
            message,
        })
    };
    let url = outbox
        .database
        .as_deref()
        .ok_or_else(|| key_err("database", crate::msg!("config-no-database")))?;
    // `sslmode=verify-full` and `sslrootcert` are libpq's words the driver does not know: taken
    // out here, and the mode set on the config below.
    let (url_rest, mode, rootcert) = split_tls_options(url);
    let mut config: postgres::Config = url_rest.parse().map_err(|e: postgres::Error| {
        key_err(
            "database",
            crate::msg!("config-not-a-database-url", error = e.to_string()),
        )
    })?;
    if config.get_password().is_some() {
        return Err(key_err("database", crate::msg!("config-url-password")));
    }
    let password = match (&s.password_env, &s.password_command) {
        (Some(_), Some(_)) => {
            return Err(key_err(
                "password_command",
                crate::msg!("config-password-both"),
            ));
        }
        (Some(var), None) => Some(
            std::env::var(var)
                .ok()
                .filter(|p| !p.is_empty())
                .ok_or_else(|| {
                    key_err("password_env", crate::msg!("config-env-not-set", var = var))
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
    .map_err(|(key, m)| key_err(key, crate::msg!("config-setting-detail", detail = m)))?;
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

mod run;

#[cfg(test)]
mod tests;
