//! The sections of the config resolved into the settings each part of the program takes: the
//! outbox's, the SMTP account, the sendmail shim's mode, the desk's, the server's, IMAP's and the
//! checker. Each is resolved when asked for (an SMTP or IMAP password only when a message goes
//! out or a folder is opened), and a mistake is an error naming the file and the key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use lettre::transport::smtp::extension::ClientId;

use super::schema::{ImapSection, SmtpSection};
use super::{Settings, resolve_path};
use crate::check::{CheckOptions, Checker};
use crate::desk::{DeskSettings, parse_status_due, subject_prefixes};
use crate::error::ConfigError;
use crate::i18n::Msg;
use crate::imap::{Account, ImapError, ImapSettings, ImapUrl, Secret as ImapSecret};
use crate::lexicon::Scope;
use crate::limits::Limits;
use crate::msg;
use crate::outbox::smtp::{
    Secret, SmtpAccount, SmtpSource, TlsMode, check_private, run_password_command,
};
use crate::outbox::submit::SendmailMode;
use crate::outbox::{DbAccess, OutboxError, OutboxSettings, default_outbox_dir, parse_duration};
use crate::rules::{self, MailLookup, OnSend};
use crate::serve::config::{EXAMPLE, Secret as ServeSecret, ServeSettings, default_data_dir};

impl Settings {
    /// The checker of a run: the rules the config turns on, narrowed by `opts`. It takes the
    /// rules' environment (the lexicon, the calendars, the mailbox) with it.
    pub fn into_checker(self, opts: &CheckOptions) -> Result<Checker, ConfigError> {
        let levels: Vec<_> = rules::RULES
            .iter()
            .map(|r| (r.info().id, self.level(r.info().id)))
            .collect();
        let level = |id: &str| levels.iter().find(|(i, _)| *i == id).and_then(|(_, l)| *l);
        Checker::new(self.env, self.limits, level, opts)
    }

    /// The file named in errors: the config's, or `<defaults>`.
    fn shown(&self) -> PathBuf {
        self.source
            .clone()
            .unwrap_or_else(|| PathBuf::from("<defaults>"))
    }

    /// `[outbox]` resolved; the SMTP account is made when a message is due.
    pub fn outbox(&self) -> Result<OutboxSettings, ConfigError> {
        let s = &self.outbox;
        let shown = self.shown();
        let dur = |key: &str, v: &Option<String>, default: &str| {
            let text = v.as_deref().unwrap_or(default);
            parse_duration(text).map_err(|message| ConfigError::Setting {
                path: shown.clone(),
                key: format!("outbox.{key}"),
                message,
            })
        };
        let path = match &s.path {
            Some(p) => resolve_path(self.source.as_deref(), p),
            None => default_outbox_dir().ok_or_else(|| ConfigError::Setting {
                path: shown.clone(),
                key: "outbox.path".into(),
                message: msg!("config-no-data-dir"),
            })?,
        };
        let mut send_windows = Vec::new();
        for w in &s.send_windows {
            let t = chrono::NaiveTime::parse_from_str(w.trim(), "%H:%M").map_err(|_| {
                ConfigError::Setting {
                    path: shown.clone(),
                    key: "outbox.send_windows".into(),
                    message: msg!("config-not-a-time-of-day", value = w),
                }
            })?;
            send_windows.push(t);
        }
        send_windows.sort();
        send_windows.dedup();
        if let Some(smtp) = &self.smtp {
            let mut seen: Vec<String> = Vec::new();
            for key in smtp.accounts.keys() {
                let lower = key.trim().to_lowercase();
                let bad = |message: Msg| ConfigError::Setting {
                    path: shown.clone(),
                    key: format!("smtp.accounts.\"{key}\""),
                    message,
                };
                if key.trim() != key
                    || lower.matches('@').count() != 1
                    || lower.starts_with('@')
                    || lower.ends_with('@')
                {
                    return Err(bad(msg!("config-account-name")));
                }
                if seen.contains(&lower) {
                    return Err(bad(msg!("config-account-twice")));
                }
                seen.push(lower);
            }
        }
        Ok(OutboxSettings {
            path,
            max_lateness: dur("max_lateness", &s.max_lateness, "12h")?,
            cooldown: dur("cooldown", &s.cooldown, "4h")?,
            cooldown_next_morning: s.cooldown_next_morning.unwrap_or(true),
            tick: dur("tick", &s.tick, "30s")?,
            retry_min: dur("retry_min", &s.retry_min, "5m")?,
            retry_max: dur("retry_max", &s.retry_max, "1h")?,
            give_up_after: dur("give_up_after", &s.give_up_after, "5d")?,
            send_windows,
            database: s.database.clone().filter(|d| !d.trim().is_empty()),
            lease: dur("lease", &s.lease, "5m")?,
            smtp: self.smtp_source(),
            default_from: self.smtp.as_ref().and_then(|s| s.from.clone()),
            sender_zone: self.env.sender.tz,
            deferring: rules::RULES
                .iter()
                .map(|r| r.info())
                .filter(|i| i.on_send == OnSend::Defer && self.level(i.id).is_some())
                .map(|i| i.id)
                .collect(),
            db: DbAccess {
                password_env: s.password_env.clone(),
                password_command: s.password_command.clone(),
                password_timeout: s.password_timeout,
                ca_file: s.ca_file.clone(),
                source: self.source.clone(),
            },
        })
    }

    /// Where the outbox gets the SMTP account when a message is due (see [`Self::smtp_account`]).
    pub fn smtp_source(&self) -> SmtpSource {
        let section = self.smtp.clone();
        let source = self.source.clone();
        let accounts = section
            .as_ref()
            .map(|s| s.accounts.keys().cloned().collect())
            .unwrap_or_default();
        let has_default = section
            .as_ref()
            .is_some_and(|s| s.host.as_deref().is_some_and(|h| !h.trim().is_empty()));
        let default_from = section.as_ref().and_then(|s| s.from.clone());
        SmtpSource::with_accounts(
            Arc::new(move |key| smtp_account_for(section.as_ref(), source.as_deref(), key)),
            accounts,
            has_default,
            default_from,
        )
    }

    /// The account from `[smtp]`, with its password read (see [`smtp_account`]).
    pub fn smtp_account(&self) -> Result<SmtpAccount, OutboxError> {
        smtp_account(self.smtp.as_ref(), self.source.as_deref())
    }

    /// Checks, before anything is queued or sent, that a config holding password settings is
    /// private (see [`smtp_account`]); `send` and `sendmail` call it so a config
    /// others can read or write is refused at once, not only when `outbox run` reads the password.
    pub fn check_password_config(&self) -> Result<(), OutboxError> {
        let Some(s) = &self.smtp else {
            return Ok(());
        };
        let secret = s.password_command.is_some()
            || s.password_env.is_some()
            || s.accounts
                .values()
                .any(|a| a.password_command.is_some() || a.password_env.is_some());
        if secret && let Some(path) = &self.source {
            check_private(path).map_err(|message| {
                OutboxError::Config(ConfigError::Setting {
                    path: path.clone(),
                    key: "smtp".into(),
                    message,
                })
            })?;
        }
        Ok(())
    }

    /// `[sendmail] mode`.
    pub fn sendmail_mode(&self) -> Result<SendmailMode, ConfigError> {
        match self.sendmail.mode.as_deref().map(str::trim) {
            None | Some("queue") => Ok(SendmailMode::Queue),
            Some("send") => Ok(SendmailMode::Send),
            Some(other) => Err(ConfigError::Setting {
                path: self.shown(),
                key: "sendmail.mode".into(),
                message: msg!(
                    "config-not-one-of",
                    value = format!("`{other}`"),
                    choices = "\"queue\", \"send\""
                ),
            }),
        }
    }

    /// `[desk]` resolved against the defaults of `lints/desk.toml`.
    pub fn desk(&self) -> Result<DeskSettings, ConfigError> {
        let shown = self.shown();
        let key_err = |key: &str, message: Msg| ConfigError::Setting {
            path: shown.clone(),
            key: format!("desk.{key}"),
            message,
        };
        let section = &self.desk;
        let lex = &self.env.lexicon;
        let number = |key: &str, given: Option<u32>| -> Result<u32, ConfigError> {
            if let Some(n) = given {
                return Ok(n);
            }
            let n = lex.int("desk", key).unwrap_or(0);
            u32::try_from(n)
                .map_err(|_| key_err(key, msg!("config-not-days", value = n.to_string())))
        };
        let status = section
            .status_due
            .clone()
            .or_else(|| {
                lex.threshold("desk", "status_due")
                    .and_then(|v| v.as_str().map(str::to_string))
            })
            .unwrap_or_else(|| "fri 14:00".to_string());
        let (status_day, status_time) =
            parse_status_due(&status).map_err(|m| key_err("status_due", m))?;
        let lower = |v: &[String]| v.iter().map(|s| s.trim().to_lowercase()).collect();
        let mut sent: Vec<PathBuf> = section
            .sent
            .iter()
            .map(|p| resolve_path(self.source.as_deref(), p))
            .collect();
        if let Ok(outbox) = self.outbox() {
            sent.push(outbox.path.join("sent"));
        }
        Ok(DeskSettings {
            me: lower(&section.me),
            clients: lower(&section.clients),
            not_clients: lower(&section.not_clients),
            sent,
            sent_folders: lex
                .entries("desk", "sent_folders", Scope::All)
                .into_iter()
                .map(str::to_lowercase)
                .collect(),
            subject_prefixes: subject_prefixes(lex),
            reply_within_days: number("reply_within_days", section.reply_within_days)?,
            follow_up_after_days: number("follow_up_after_days", section.follow_up_after_days)?,
            active_weeks: number("active_weeks", section.active_weeks)?,
            look_back_days: number("look_back_days", section.look_back_days)?,
            status_day,
            status_time,
            calendar: self.env.sender.clone(),
            imap: self.imap(),
            limits: self.limits.clone(),
        })
    }

    /// Resolves `[serve]`; a missing section is an error that shows the lines to add.
    pub fn serve(&self) -> Result<ServeSettings, ConfigError> {
        let shown = self.shown();
        let key_err = |key: &str, message: Msg| ConfigError::Setting {
            path: shown.clone(),
            key: format!("serve{}{key}", if key.is_empty() { "" } else { "." }),
            message,
        };
        let s = self.serve.as_ref().ok_or_else(|| {
            key_err(
                "",
                // The example's lines follow the sentence after a blank line.
                msg!("config-no-serve", example = format!("\n\n{EXAMPLE}")),
            )
        })?;
        let addr = |key: &str, v: &Option<String>, default: &str| {
            let text = v.as_deref().unwrap_or(default).trim();
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<SocketAddr>()
                .map(Some)
                .map_err(|_| key_err(key, msg!("config-not-an-address", value = text)))
        };
        let listen = addr("listen", &s.listen, "127.0.0.1:1587")?;
        let tls_listen = addr("tls_listen", &s.tls_listen, "127.0.0.1:1465")?;
        if listen.is_none() && tls_listen.is_none() {
            return Err(key_err("listen", msg!("config-nothing-to-serve")));
        }
        let username = s
            .username
            .clone()
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| key_err("username", msg!("config-missing-username")))?;
        if let Some(path) = &self.source {
            check_private(path).map_err(|m| key_err("password_env", m))?;
        }
        let password = match (&s.password_env, &s.password_command) {
            (Some(_), Some(_)) => {
                return Err(key_err("password_command", msg!("config-password-both")));
            }
            (None, None) => {
                return Err(key_err("password_env", msg!("config-password-missing")));
            }
            (Some(var), None) => env_password(var).map_err(|m| key_err("password_env", m))?,
            (None, Some(cmd)) => run_password_command(cmd, std::time::Duration::from_secs(10))
                .map_err(|m| key_err("password_command", m))?,
        };
        let cert = match (&s.cert_file, &s.key_file) {
            (Some(c), Some(k)) => Some((
                resolve_path(self.source.as_deref(), c),
                resolve_path(self.source.as_deref(), k),
            )),
            (None, None) => None,
            _ => {
                return Err(key_err("cert_file", msg!("config-cert-both")));
            }
        };
        let data_dir =
            default_data_dir().ok_or_else(|| key_err("cert_file", msg!("config-no-cert-dir")))?;
        let dur = |key: &str, v: &Option<String>, default: &str| {
            parse_duration(v.as_deref().unwrap_or(default)).map_err(|m| key_err(key, m))
        };
        let std_dur = |key: &str, v: &Option<String>, default: &str| {
            let d = dur(key, v, default)?;
            d.to_std()
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| key_err(key, msg!("config-more-than-zero")))
        };
        let count = |key: &str, v: Option<usize>, default: usize| match v.unwrap_or(default) {
            0 => Err(key_err(key, msg!("config-at-least-one"))),
            n => Ok(n),
        };
        Ok(ServeSettings {
            listen,
            tls_listen,
            username,
            password: ServeSecret::new(password),
            cert,
            data_dir,
            confirm_window: dur("confirm_window", &s.confirm_window, "10m")?,
            max_connections: count("max_connections", s.max_connections, 16)?,
            idle_timeout: std_dur("idle_timeout", &s.idle_timeout, "5m")?,
            session_timeout: std_dur("session_timeout", &s.session_timeout, "30m")?,
            max_recipients: count("max_recipients", s.max_recipients, 100)?,
            max_message_bytes: usize::try_from(self.limits.max_message_bytes).unwrap_or(usize::MAX),
            hostname: s
                .hostname
                .clone()
                .filter(|h| !h.trim().is_empty() && !h.contains(char::is_whitespace))
                .unwrap_or_else(|| "localhost".into()),
            lang: crate::i18n::resolve_from_env(self.ui_language),
        })
    }

    /// `[imap]` resolved: each URL's account is made (its password read) when it is opened.
    pub fn imap(&self) -> ImapSettings {
        imap_settings(self.imap.clone(), self.source.clone(), &self.limits)
    }
}

/// `[imap]` of the config file `source`, with `[limits] max_message_bytes`.
fn imap_settings(
    section: Option<ImapSection>,
    source: Option<PathBuf>,
    limits: &Limits,
) -> ImapSettings {
    ImapSettings::new(
        Arc::new(move |url: &ImapUrl| imap_account(section.as_ref(), source.as_deref(), url)),
        limits.max_message_bytes,
    )
}

/// The look-up of received mail in `[mailbox] path` (a Maildir or an IMAP URL), for
/// `late-reply`.
pub(super) fn mail_lookup(
    path: PathBuf,
    source: Option<&Path>,
    imap: Option<ImapSection>,
    limits: &Limits,
) -> Box<dyn MailLookup> {
    Box::new(crate::mailbox::Mailbox::new(
        path,
        imap_settings(imap, source.map(Path::to_path_buf), limits),
    ))
}

/// The account from `[smtp]`, with its password read (from `password_env` or by running
/// `password_command`). Refuses a config file group or others can read or write when it holds
/// password settings, AUTH with `tls = "none"`, and incomplete credentials.
pub fn smtp_account(
    section: Option<&SmtpSection>,
    source: Option<&Path>,
) -> Result<SmtpAccount, OutboxError> {
    smtp_account_for(section, source, None)
}

/// The account `key` names: `None` the default `[smtp]`, `Some(address)` its
/// `[smtp.accounts."address"]` entry (any case), whose keys left out come from `[smtp]`, except
/// `username` and the password. Errors name the account's keys (`smtp.accounts."a@b".host`).
pub fn smtp_account_for(
    section: Option<&SmtpSection>,
    source: Option<&Path>,
    key: Option<&str>,
) -> Result<SmtpAccount, OutboxError> {
    let shown = source.map_or_else(|| PathBuf::from("<defaults>"), Path::to_path_buf);
    let prefix = match key {
        Some(k) => format!("smtp.accounts.\"{k}\""),
        None => "smtp".to_string(),
    };
    let key_err = |key: &str, message: Msg| -> OutboxError {
        let key = match key.strip_prefix("smtp") {
            Some(rest) => format!("{prefix}{rest}"),
            None => key.to_string(),
        };
        OutboxError::Config(ConfigError::Setting {
            path: shown.clone(),
            key,
            message,
        })
    };
    let merged;
    let s: &SmtpSection = match (section, key) {
        (None, _) => {
            return Err(key_err("smtp", msg!("config-no-smtp")));
        }
        (Some(s), None) => s,
        (Some(s), Some(k)) => {
            let a = s
                .accounts
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(k))
                .map(|(_, a)| a)
                .ok_or_else(|| key_err("smtp", msg!("config-no-such-account", account = k)))?;
            merged = SmtpSection {
                host: a.host.clone().or_else(|| s.host.clone()),
                port: a.port.or(s.port),
                tls: a.tls.clone().or_else(|| s.tls.clone()),
                username: a.username.clone(),
                password_command: a.password_command.clone(),
                password_timeout: a.password_timeout.or(s.password_timeout),
                password_env: a.password_env.clone(),
                ca_file: a.ca_file.clone().or_else(|| s.ca_file.clone()),
                from: Some(k.to_string()),
                timeout: a.timeout.or(s.timeout),
                hello_name: a.hello_name.clone().or_else(|| s.hello_name.clone()),
                accounts: Default::default(),
            };
            &merged
        }
    };
    let host = s
        .host
        .clone()
        .filter(|h| !h.trim().is_empty())
        .ok_or_else(|| key_err("smtp.host", msg!("config-missing-host")))?;
    let tls = match s.tls.as_deref().unwrap_or("starttls") {
        "starttls" => TlsMode::StartTls,
        "tls" => TlsMode::Tls,
        "none" => TlsMode::None,
        other => {
            return Err(key_err(
                "smtp.tls",
                msg!(
                    "config-not-one-of",
                    value = format!("`{other}`"),
                    choices = "\"starttls\", \"tls\", \"none\""
                ),
            ));
        }
    };
    let port = s.port.unwrap_or(match tls {
        TlsMode::StartTls => 587,
        TlsMode::Tls => 465,
        TlsMode::None => 25,
    });
    let has_password = s.password_command.is_some() || s.password_env.is_some();
    if has_password && let Some(path) = &source {
        check_private(path).map_err(|m| key_err("smtp", m))?;
    }
    if s.password_command.is_some() && s.password_env.is_some() {
        return Err(key_err(
            "smtp.password_command",
            msg!("config-password-both"),
        ));
    }
    if s.username.is_some() && tls == TlsMode::None {
        return Err(OutboxError::Config(ConfigError::Setting {
            path: shown.clone(),
            key: format!("{prefix}.tls"),
            message: crate::msg!("smtp-auth-unencrypted"),
        }));
    }
    if s.username.is_some() != has_password {
        return Err(key_err(
            "smtp.username",
            msg!("config-username-needs-password"),
        ));
    }
    let password = if let Some(var) = &s.password_env {
        let p = env_password(var).map_err(|m| key_err("smtp.password_env", m))?;
        Some(Secret::new(p))
    } else if let Some(cmd) = &s.password_command {
        let timeout = Duration::from_secs(s.password_timeout.unwrap_or(10).max(1));
        Some(Secret::new(
            run_password_command(cmd, timeout).map_err(|m| key_err("smtp.password_command", m))?,
        ))
    } else {
        None
    };
    let ca_pem = match &s.ca_file {
        Some(p) => {
            // Like `[outbox] path`: `~/` is the home directory, relative is to the config file.
            let p = resolve_path(source, p);
            Some(std::fs::read(&p).map_err(|e| {
                key_err(
                    "smtp.ca_file",
                    msg!(
                        "config-cannot-read",
                        path = p.display().to_string(),
                        error = e.to_string()
                    ),
                )
            })?)
        }
        None => None,
    };
    let hello = match &s.hello_name {
        Some(h) => ClientId::Domain(h.clone()),
        None => ClientId::default(),
    };
    Ok(SmtpAccount {
        host,
        port,
        tls,
        username: s.username.clone(),
        password,
        ca_pem,
        from: s.from.clone(),
        timeout: Duration::from_secs(s.timeout.unwrap_or(60).max(1)),
        hello,
        source: shown,
        password_key: if s.password_env.is_some() {
            Some("password_env")
        } else if s.password_command.is_some() {
            Some("password_command")
        } else {
            None
        },
        prefix,
    })
}

/// The account of `url` with its password read. Refuses a config file readable by others
/// when it holds password settings (as `[smtp]` does).
pub fn imap_account(
    section: Option<&ImapSection>,
    source: Option<&Path>,
    url: &ImapUrl,
) -> Result<Account, ImapError> {
    let shown = source.map_or_else(|| PathBuf::from("<defaults>"), Path::to_path_buf);
    let key_err = |key: &str, message: Msg| ImapError::Config {
        path: shown.clone(),
        key: key.to_string(),
        message,
    };
    let base = section.cloned().unwrap_or_default();
    let acct_key = url.account();
    let over = base
        .accounts
        .get(&acct_key)
        .or_else(|| base.accounts.get(&format!("{}@{}", url.user, url.host)))
        .cloned();
    let prefix = if over.is_some() {
        format!("imap.accounts.\"{acct_key}\"")
    } else {
        "imap".to_string()
    };
    let (command, env, ca, timeout) = match &over {
        Some(o) => (
            o.password_command.clone().or(base.password_command.clone()),
            o.password_env.clone().or(base.password_env.clone()),
            o.ca_file.clone().or(base.ca_file.clone()),
            o.timeout.or(base.timeout),
        ),
        None => (
            base.password_command.clone(),
            base.password_env.clone(),
            base.ca_file.clone(),
            base.timeout,
        ),
    };
    if (command.is_some() || env.is_some())
        && let Some(path) = &source
    {
        check_private(path).map_err(|m| key_err(&prefix, m))?;
    }
    let password = match (&env, &command) {
        (Some(_), Some(_)) => {
            return Err(key_err(
                &format!("{prefix}.password_command"),
                msg!("config-password-both"),
            ));
        }
        (Some(var), None) => {
            env_password(var).map_err(|m| key_err(&format!("{prefix}.password_env"), m))?
        }
        (None, Some(cmd)) => run_password_command(cmd, std::time::Duration::from_secs(10))
            .map_err(|m| key_err(&format!("{prefix}.password_command"), m))?,
        (None, None) => {
            return Err(key_err(
                "imap",
                msg!("config-imap-no-password", account = acct_key.as_str()),
            ));
        }
    };
    let ca_pem = match &ca {
        Some(p) => {
            let p = resolve_path(source, p);
            Some(std::fs::read(&p).map_err(|e| {
                key_err(
                    &format!("{prefix}.ca_file"),
                    msg!(
                        "config-cannot-read",
                        path = p.display().to_string(),
                        error = e.to_string()
                    ),
                )
            })?)
        }
        None => None,
    };
    Ok(Account {
        url: url.clone(),
        password: ImapSecret(password),
        ca_pem,
        timeout: Duration::from_secs(timeout.unwrap_or(60).max(1)),
    })
}

/// The password in environment variable `var` (`password_env`): unset, empty (an `export
/// PASSWORD=` that lost its value) and not UTF-8 are each said as such, never the value.
fn env_password(var: &str) -> Result<String, Msg> {
    // A name of letters, digits and `_`: anything else is likely the password itself written in
    // the wrong key, and is never echoed.
    let name = !var.is_empty()
        && !var.starts_with(|c: char| c.is_ascii_digit())
        && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !name {
        return Err(msg!("config-env-not-a-name"));
    }
    match std::env::var(var) {
        Ok(p) if p.is_empty() => Err(msg!("config-env-empty", var = var)),
        Ok(p) => Ok(p),
        Err(std::env::VarError::NotPresent) => Err(msg!("config-env-not-set", var = var)),
        Err(std::env::VarError::NotUnicode(_)) => Err(msg!("config-env-not-utf8", var = var)),
    }
}
