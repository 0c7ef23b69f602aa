//! Configuration: where it is found, what it holds, and the settings a run uses.
//!
//! Found as: `--config FILE`, else `$MAILCHECK_CONFIG`, else the user's own
//! `$XDG_CONFIG_HOME/mailcheck/config.toml` together with a project's `mailcheck.toml` (the
//! first found walking up from the current directory), else built-in defaults.
//!
//! A project's `mailcheck.toml` comes with whatever repository or folder one works in, so it is
//! trusted the way git trusts a repository (`safe.directory`): it is used only if it is owned by
//! the user (or root) and nobody else can write to it, and even then it may only set what a
//! check looks for ([`PROJECT_KEYS`]: `allow`, `rules`, `lints` inside its folder, `[sender]`,
//! `[recipients]`), laid over the user's own config. Where mail goes and what runs or is read
//! (`[smtp]`, `[outbox]`, `[sendmail]`, `[mailbox]`, `[desk]`, `[limits]`, `templates`) comes
//! only from the user's own config or one named by `--config` / `$MAILCHECK_CONFIG`; a project
//! config setting one is an error naming the file and the key.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use chrono_tz::Tz;

pub mod resolve;
pub mod schema;
pub mod toml_error;

use crate::calendar::{BadHours, BusinessHours, parse_hours, parse_weekday};
use crate::error::ConfigError;
use crate::finding::Severity;
use crate::i18n::Msg;
use crate::lexicon::{Lexicon, LintData};
use crate::msg;
use crate::rules::{self, RecipientZones, RuleEnv};

pub use crate::paths::resolve_path;
pub use schema::{
    ConfigFile, DeskSection, ImapAccountSection, ImapSection, MailboxSection, OutboxSection,
    SenderSection, SendmailSection, ServeSection, SmtpSection,
};

/// What a run uses: the config read and validated, with the lexicon built. The sections of the
/// outbox, the desk, the server and IMAP are kept as written and resolved when asked for
/// ([`resolve`]: `outbox()`, `smtp_account()`, `desk()`, `serve()`, `imap()`, `checker()`).
#[derive(Debug)]
pub struct Settings {
    /// The file the settings came from, if any (the user's own, or the one named).
    pub source: Option<PathBuf>,
    /// A project's `mailcheck.toml` laid over it (checking keys only), if one was found.
    pub project: Option<PathBuf>,
    /// The user's templates folder, if configured.
    pub templates: Option<PathBuf>,
    pub allow: BTreeSet<String>,
    /// Severity overrides; `None` turns the rule off.
    pub severities: HashMap<String, Option<Severity>>,
    /// The user's Maildir (or IMAP URL), if configured.
    pub mailbox: Option<PathBuf>,
    /// What the rules read: the lexicon, the sender's calendar, the recipients' zones, the
    /// mailbox look-up.
    pub env: RuleEnv,
    /// `[limits]`: what one draft may cost.
    pub limits: crate::limits::Limits,
    /// The sections resolved on demand, as written.
    pub(crate) smtp: Option<SmtpSection>,
    pub(crate) outbox: OutboxSection,
    pub(crate) sendmail: SendmailSection,
    pub(crate) desk: DeskSection,
    pub(crate) serve: Option<ServeSection>,
    pub(crate) imap: Option<ImapSection>,
    /// `[ui] language`, if set (the CLI resolves it against the locale: `crate::i18n`).
    pub ui_language: Option<crate::lang::Lang>,
}

/// The top-level keys a project's `mailcheck.toml` may set (see the module documentation).
pub const PROJECT_KEYS: &[&str] = &["allow", "rules", "lints", "sender", "recipients"];

impl Settings {
    /// Finds and loads the config (see the module doc for the order and the trust rules).
    pub fn discover(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        if let Some(p) = explicit {
            return Self::load(p);
        }
        if let Some(p) = std::env::var_os("MAILCHECK_CONFIG").filter(|p| !p.is_empty()) {
            return Self::load(Path::new(&p));
        }
        let user = user_config();
        let Some(project) = project_config() else {
            return match user {
                Some(path) => Self::load(&path),
                None => Self::from_config(None, ConfigFile::default()),
            };
        };
        let mut table = read_project_config(&project)?;
        // Checked alone first, so its mistakes are named in its own file (with the line).
        let file: ConfigFile = toml_error::from_table(&project, table.clone())?;
        Self::from_config(Some(&project), file)?;
        if let Some(toml::Value::String(dir)) = table.get("lints") {
            let abs = resolve_path(Some(&project), Path::new(dir));
            table.insert(
                "lints".into(),
                toml::Value::String(abs.to_string_lossy().into_owned()),
            );
        }
        let mut merged = match &user {
            Some(path) => {
                let text = read_text(path)?;
                // The user's own mistakes, with their line and column.
                toml_error::parse::<ConfigFile>(path, &text)?;
                toml_error::parse::<toml::Table>(path, &text)?
            }
            None => toml::Table::new(),
        };
        merge_tables(&mut merged, table);
        let shown = user.clone().unwrap_or_else(|| project.clone());
        let file: ConfigFile = toml_error::from_table(&shown, merged)?;
        let mut settings = Self::from_config(user.as_deref(), file)?;
        settings.project = Some(project);
        Ok(settings)
    }

    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = read_text(path)?;
        let file: ConfigFile = toml_error::parse(path, &text)?;
        Self::from_config(Some(path), file)
    }

    /// Where the settings came from, for `explain` and error messages, in `ui`.
    pub fn origin_text(&self, ui: crate::lang::Lang) -> String {
        let mut text = match &self.source {
            Some(p) => crate::msg!("config-origin", path = p.display().to_string()).text(ui),
            None => crate::msg!("config-origin-none").text(ui),
        };
        text.push('\n');
        if let Some(p) = &self.project {
            text.push_str(
                &crate::msg!(
                    "config-origin-project",
                    path = p.display().to_string(),
                    keys = PROJECT_KEYS.join(", ")
                )
                .text(ui),
            );
            text.push('\n');
        }
        text
    }

    pub fn from_config(path: Option<&Path>, file: ConfigFile) -> Result<Self, ConfigError> {
        let shown = path
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("<defaults>"));
        let key_err = |key: &str, message: Msg| ConfigError::Setting {
            path: shown.clone(),
            key: key.to_string(),
            message,
        };
        // A detail worded elsewhere (a parser's, a lint file's), shown as it comes.
        let detail = |m: String| msg!("config-setting-detail", detail = m);
        for id in &file.allow {
            if rules::find(id).is_none() {
                return Err(key_err("allow", msg!("config-unknown-rule-key", rule = id)));
            }
        }

        let tz = match &file.sender.timezone {
            Some(name) => parse_tz(name).map_err(|m| key_err("sender.timezone", m))?,
            None => local_zone(),
        };
        let mut sender = BusinessHours::standard(tz);
        if let Some(h) = &file.sender.business_hours {
            (sender.open, sender.close) = parse_hours(h).map_err(|e| {
                let m = match e {
                    BadHours::NotRange => msg!("config-not-hours", value = h),
                    BadHours::NotTime(t) => msg!("config-not-a-time", value = t, example = "09:00"),
                    BadHours::Backwards => msg!("config-hours-backwards", value = h),
                };
                key_err("sender.business_hours", m)
            })?;
        }
        if let Some(days) = &file.sender.business_days {
            sender.days = [false; 7];
            for d in days {
                let wd = parse_weekday(d).map_err(|_| {
                    key_err(
                        "sender.business_days",
                        msg!("config-not-a-weekday", value = d),
                    )
                })?;
                sender.days[wd.num_days_from_monday() as usize] = true;
            }
        }
        for h in &file.sender.holidays {
            let s = match h {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            };
            let date = NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
                key_err(
                    "sender.holidays",
                    msg!("config-not-a-date", value = s.as_str()),
                )
            })?;
            sender.holidays.insert(date);
        }

        let mut recipient_zones = Vec::new();
        for (who, zone) in &file.recipients {
            let tz = parse_tz(zone).map_err(|m| key_err(&format!("recipients.\"{who}\""), m))?;
            recipient_zones.push((who.trim().to_lowercase(), tz));
        }

        let mut lint_data = rules::builtin_lint_data();
        if let Some(dir) = &file.lints {
            merge_lint_dir(&resolve_path(path, dir), &mut lint_data)?;
        }

        let mut severities = HashMap::new();
        for (id, table) in &file.rules {
            // Besides the rules, the lint data of the draft model, the desk and the report
            // (`[rules.report.en] warranty = [...]`) can be extended here; they have no severity.
            let data_only = rules::EXTRA_LINTS.iter().any(|(name, _)| name == id);
            if rules::find(id).is_none() && !data_only {
                return Err(key_err(
                    &format!("rules.{id}"),
                    msg!("config-unknown-rule-key", rule = id),
                ));
            }
            let mut table = table.clone();
            if data_only && table.contains_key("severity") {
                return Err(key_err(
                    &format!("rules.{id}.severity"),
                    msg!("config-no-severity", rule = id),
                ));
            }
            if let Some(v) = table.remove("severity") {
                let sev = match v.as_str() {
                    Some("error") => Some(Severity::Error),
                    Some("warning") => Some(Severity::Warning),
                    Some("hint") => Some(Severity::Hint),
                    Some("off") => None,
                    _ => {
                        return Err(key_err(
                            &format!("rules.{id}.severity"),
                            msg!(
                                "config-not-one-of",
                                value = v.to_string(),
                                choices = "\"error\", \"warning\", \"hint\", \"off\""
                            ),
                        ));
                    }
                };
                severities.insert(id.clone(), sev);
            }
            // The rest has the shape of a lint file: thresholds at the top level, lists per
            // language.
            let mut shaped = toml::Table::new();
            let mut thresholds = toml::Table::new();
            for (k, v) in table {
                if crate::lexicon::LIST_SCOPES.contains(&k.as_str()) {
                    shaped.insert(k, v);
                } else {
                    thresholds.insert(k, v);
                }
            }
            shaped.insert("thresholds".into(), toml::Value::Table(thresholds));
            let origin = format!("{} [rules.{id}]", shown.display());
            let extra = LintData::from_table(&origin, shaped)
                .map_err(|e| key_err(&format!("rules.{id}"), detail(strip_lint_prefix(e))))?;
            extra
                .validate(&origin)
                .map_err(|e| key_err(&format!("rules.{id}"), detail(strip_lint_prefix(e))))?;
            let base = lint_data.entry(id.clone()).or_default();
            base.merge(&origin, extra)
                .map_err(|e| key_err(&format!("rules.{id}"), detail(strip_lint_prefix(e))))?;
        }

        if let Some((key, message)) = file.limits.invalid() {
            return Err(key_err(&format!("limits.{key}"), message));
        }

        let mailbox = file.mailbox.path.as_deref().map(|p| resolve_path(path, p));
        let templates = file.templates.as_deref().map(|p| resolve_path(path, p));
        let lookup = mailbox
            .clone()
            .map(|p| resolve::mail_lookup(p, path, file.imap.clone(), &file.limits));

        Ok(Settings {
            source: path.map(Path::to_path_buf),
            project: None,
            templates,
            mailbox,
            allow: file.allow.into_iter().collect(),
            severities,
            env: RuleEnv {
                lexicon: Lexicon::new(lint_data).with_own_text_lists(rules::own_text_lists()),
                sender,
                zones: RecipientZones::new(recipient_zones),
                mailbox: lookup,
            },
            smtp: file.smtp,
            outbox: file.outbox,
            sendmail: file.sendmail,
            limits: file.limits,
            desk: file.desk,
            serve: file.serve,
            imap: file.imap,
            ui_language: file.ui.language,
        })
    }

    /// The severity a rule runs at, `None` if it is turned off in the config.
    pub fn severity_of(&self, id: &str) -> Option<Severity> {
        match self.severities.get(id) {
            Some(s) => *s,
            None => rules::find(id).map(|r| r.info().severity),
        }
    }

    /// The severity a rule runs at in this run: `None` if the config turns it off (`allow`, or
    /// `severity = "off"`).
    pub fn level(&self, id: &str) -> Option<Severity> {
        if self.allow.contains(id) {
            return None;
        }
        self.severity_of(id)
    }

    /// The zone of a recipient: by exact address, else by domain (or a parent domain).
    pub fn zone_of(&self, address: &str) -> Option<Tz> {
        self.env.zone_of(address)
    }

    /// Fixed settings for unit tests: Europe/Rome, 09:00-18:00 Mon-Fri, built-in lists.
    #[cfg(test)]
    pub fn for_tests() -> Self {
        let file: ConfigFile =
            toml::from_str("[sender]\ntimezone = \"Europe/Rome\"\n").expect("test config");
        Self::from_config(None, file).expect("test settings")
    }
}

fn strip_lint_prefix(e: ConfigError) -> String {
    match e {
        ConfigError::Lint { message, .. } => message,
        other => other.to_string(),
    }
}

fn merge_lint_dir(dir: &Path, data: &mut HashMap<String, LintData>) -> Result<(), ConfigError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ConfigError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for p in paths {
        let origin = p.display().to_string();
        let stem = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        if !rules::EXTRA_LINTS.iter().any(|(id, _)| *id == stem) && rules::find(&stem).is_none() {
            return Err(ConfigError::Lint {
                file: origin,
                message: format!(
                    "`{stem}` is not a rule id or one of {} (the file name must be one)",
                    rules::EXTRA_LINTS
                        .iter()
                        .map(|(id, _)| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        let text = std::fs::read_to_string(&p).map_err(|source| ConfigError::Io {
            path: p.clone(),
            source,
        })?;
        let extra = LintData::parse(&origin, &text)?;
        extra.validate(&origin)?;
        data.entry(stem).or_default().merge(&origin, extra)?;
    }
    Ok(())
}

fn parse_tz(name: &str) -> Result<Tz, Msg> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| msg!("config-not-a-zone", value = name))
}

/// The machine's zone: `$TZ` if it names one, else the system's, else UTC.
pub fn local_zone() -> Tz {
    std::env::var("TZ")
        .ok()
        .and_then(|t| t.trim_start_matches(':').parse().ok())
        .or_else(|| iana_time_zone::get_timezone().ok()?.parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

/// The user's own config, `$XDG_CONFIG_HOME/mailcheck/config.toml`, if there is one.
pub fn user_config() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let p = etcetera::choose_base_strategy()
        .ok()?
        .config_dir()
        .join("mailcheck")
        .join("config.toml");
    p.is_file().then_some(p)
}

/// The first `mailcheck.toml` walking up from the current directory, if any.
pub fn project_config() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .map(|dir| dir.join("mailcheck.toml"))
        .find(|p| p.is_file())
}

fn read_text(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// A project's config as a table, once it is known to be safe to use: owned by the user or
/// root, writable by nobody else, and setting only [`PROJECT_KEYS`] (`lints` inside its folder).
fn read_project_config(path: &Path) -> Result<toml::Table, ConfigError> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).map_err(|source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    let refuse = |message: String| ConfigError::Parse {
        path: path.to_path_buf(),
        message,
    };
    if meta.uid() != me && meta.uid() != 0 {
        return Err(refuse(format!(
            "found walking up from the current directory, but owned by user id {}, not by you \
             ({me}) or root: not used (as git refuses a repository of dubious ownership); \
             remove it, or name it with --config if you trust it",
            meta.uid()
        )));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(refuse(format!(
            "found walking up from the current directory, but group or others can write to it \
             (mode {:o}): not used; `chmod go-w` it, or name it with --config",
            meta.mode() & 0o777
        )));
    }
    let text = read_text(path)?;
    // Its mistakes with their line and column: the table alone has none.
    toml_error::parse::<ConfigFile>(path, &text)?;
    let table: toml::Table = toml_error::parse(path, &text)?;
    let key_err = |key: &str, message: Msg| ConfigError::Setting {
        path: path.to_path_buf(),
        key: key.to_string(),
        message,
    };
    for key in table.keys() {
        if !PROJECT_KEYS.contains(&key.as_str()) {
            return Err(key_err(
                key,
                msg!(
                    "config-project-key",
                    keys = PROJECT_KEYS.join(", "),
                    key = key.as_str(),
                    config = user_config_hint()
                ),
            ));
        }
    }
    if let Some(v) = table.get("lints") {
        let inside = v.as_str().is_some_and(|d| {
            let dir = path.parent().unwrap_or(Path::new("."));
            let p = dir.join(d);
            Path::new(d).is_relative()
                && !Path::new(d)
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir))
                && match (p.canonicalize(), dir.canonicalize()) {
                    (Ok(real), Ok(root)) => real.starts_with(root),
                    // Missing: reported as such when it is read.
                    _ => true,
                }
        });
        if !inside {
            return Err(key_err("lints", msg!("config-project-lints")));
        }
    }
    Ok(table)
}

fn user_config_hint() -> String {
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .map(|b| {
            b.config_dir()
                .join("mailcheck")
                .join("config.toml")
                .display()
                .to_string()
        })
        .unwrap_or_else(|_| "$XDG_CONFIG_HOME/mailcheck/config.toml".into())
}

/// Lays `over` on `base`: tables merge key by key, anything else replaces.
fn merge_tables(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge_tables(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests;
