//! `mailcheck outbox list|show|cancel|reschedule|retry|run`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use mailcheck::config::Settings;
use mailcheck::outbox::entry::Hold;
use mailcheck::outbox::pg;
use mailcheck::outbox::queue::{Change, not_sent};
use mailcheck::outbox::reason::Reason;
use mailcheck::outbox::runner::RunReport;
use mailcheck::outbox::{Meta, OutboxError, OutboxSettings, Queue, RcptState, State, Store};
use mailcheck::render::escape_controls as esc;
use mailcheck::when::parse_send_time;

use super::emit;
use crate::cli::{ListFormat, OutboxCommand};
use mailcheck::i18n;
use mailcheck::lang::Lang;
use mailcheck::msg;

/// The current time; `MAILCHECK_NOW` (RFC 3339) sets it, for tests and dry runs.
pub fn clock_now() -> Result<DateTime<Utc>> {
    match std::env::var("MAILCHECK_NOW") {
        Ok(s) if !s.trim().is_empty() => Ok(DateTime::parse_from_rfc3339(s.trim())
            .with_context(|| format!("MAILCHECK_NOW=`{s}` is not an RFC 3339 time"))?
            .with_timezone(&Utc)),
        _ => Ok(Utc::now()),
    }
}

pub fn run(config: Option<&Path>, command: OutboxCommand) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
    let outbox = settings.outbox()?;
    if let OutboxCommand::Migrate = command {
        return migrate(&settings, &outbox);
    }
    let store = Queue::open(&outbox)?;
    let tz = settings.env.sender.tz;
    let ui = i18n::resolve_from_env(settings.ui_language);
    match command {
        OutboxCommand::Migrate => {}
        OutboxCommand::Import { from } => return import(&store, &settings, from.as_deref()),
        OutboxCommand::List { format, from } => {
            // Written as it is made, not gathered into one string: 100,000 entries are ~15 MB
            // of lines (human) or ~70 MB of JSON.
            let stdout = anstream::stdout();
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
            match format {
                ListFormat::Json => {
                    // Each entry as its pretty JSON, indented as an array element: the same
                    // text as the whole array pretty-printed at once.
                    let (items, damaged) = store.list_map(from.as_deref(), |m| {
                        serde_json::to_string_pretty(&m).map(|t| t.replace('\n', "\n  "))
                    })?;
                    // A damaged entry: `{"id", "state": "damaged", "error"}`.
                    let damaged = damaged.iter().map(|e| {
                        let v = serde_json::json!({
                            "id": damaged_id(e),
                            "state": "damaged",
                            "error": e.to_string(),
                        });
                        serde_json::to_string_pretty(&v).map(|t| t.replace('\n', "\n  "))
                    });
                    let items: Vec<_> = items.into_iter().map(|(_, t)| t).chain(damaged).collect();
                    if items.is_empty() {
                        out.write_all(b"[]\n")?;
                    } else {
                        out.write_all(b"[\n")?;
                        for (i, item) in items.into_iter().enumerate() {
                            if i > 0 {
                                out.write_all(b",\n")?;
                            }
                            out.write_all(b"  ")?;
                            out.write_all(item?.as_bytes())?;
                        }
                        out.write_all(b"\n]\n")?;
                    }
                }
                ListFormat::Human => {
                    // A `sending` entry is kept to look at its runner after the parallel read.
                    let (lines, damaged) = store.list_map(from.as_deref(), |m| {
                        let sending = (m.state == State::Sending).then(|| m.clone());
                        (list_line(&m, tz, ui, false), sending)
                    })?;
                    if lines.is_empty() && damaged.is_empty() {
                        out.write_all(format!("{}\n", i18n::tr(ui, "outbox-empty")).as_bytes())?;
                    }
                    for (_, (line, sending)) in lines {
                        let line = match sending {
                            Some(m) if store.runner_gone(&m.id) => list_line(&m, tz, ui, true),
                            _ => line,
                        };
                        out.write_all(line.as_bytes())?;
                    }
                    for e in &damaged {
                        out.write_all(
                            format!(
                                "{}  {:<17} {}\n",
                                damaged_id(e),
                                i18n::tr(ui, "outbox-state-damaged"),
                                esc(&e.to_string())
                            )
                            .as_bytes(),
                        )?;
                    }
                }
            }
            out.flush()?;
        }
        OutboxCommand::Show { id, format } => {
            let meta = store.load(&id)?;
            let stopped = meta.state == State::Sending && store.runner_gone(&id);
            let text = match format {
                ListFormat::Json => serde_json::to_string_pretty(&meta)? + "\n",
                ListFormat::Human => show_text(&meta, tz, ui, stopped),
            };
            emit(&text)?;
        }
        OutboxCommand::Cancel { ids } => {
            // Each id on its own: one that cannot be cancelled is reported, the others still go.
            let mut failed = false;
            for id in ids {
                let cancel = || -> Result<Option<i18n::Msg>> {
                    let warning = store.change(&id, |meta| {
                        not_sent(meta, "cancelled")?;
                        Ok((Change::Remove, cancel_warning(meta)))
                    })?;
                    Ok(warning)
                };
                match cancel() {
                    Ok(warning) => {
                        emit(&(msg!("outbox-cancelled", id = id.as_str()).text(ui) + "\n"))?;
                        if let Some(w) = warning {
                            let label = i18n::tr(ui, "level-warning");
                            eprintln!("mailcheck: {label}: {}", w.text(ui));
                        }
                    }
                    Err(e) => {
                        let label = i18n::tr(ui, "level-error");
                        let e = match e.downcast_ref::<OutboxError>() {
                            Some(o) => o.localized(ui),
                            None => format!("{e:#}"),
                        };
                        eprintln!("mailcheck: {label}: {e}");
                        failed = true;
                    }
                }
            }
            if failed {
                return Ok(ExitCode::from(2));
            }
        }
        OutboxCommand::Reschedule { id, at } => {
            let now = clock_now()?;
            let when = parse_send_time(&at, now, tz)?;
            let meta = store.change(&id, |meta| {
                not_sent(meta, "rescheduled")?;
                reopen(meta, when);
                meta.reasons
                    .push(Reason::new("reason-rescheduled").times("when", meta.due, &[tz]));
                Ok((Change::Update, meta.clone()))
            })?;
            let said = msg!(
                "outbox-rescheduled",
                id = id.as_str(),
                when = i18n::Arg::time(meta.due, tz),
                utc = utc(meta.due)
            );
            emit(&(said.text(ui) + "\n"))?;
        }
        OutboxCommand::Retry { id, now: at_once } => {
            let now = clock_now()?;
            // The planned time stays; one that has passed becomes the next good moment (business
            // hours), never "now" at 05:52 on a Sunday; `--now` sends at the next run.
            let next_good = match store.message(&id) {
                Ok(stored) => {
                    match mailcheck::draft::parse_draft(&id, &stored, &settings.env.lexicon, None) {
                        Ok(draft) => {
                            mailcheck::outbox::schedule::next_good_time(&settings.env, &draft, now)
                        }
                        Err(_) => now,
                    }
                }
                Err(_) => now,
            };
            let meta = store.change(&id, |meta| {
                not_sent(meta, "retried")?;
                let when = if at_once {
                    now
                } else if meta.due >= now {
                    meta.due
                } else {
                    next_good
                };
                reopen(meta, when);
                Ok((Change::Update, meta.clone()))
            })?;
            let said = if meta.due <= now {
                msg!("outbox-retry-next-run", id = id.as_str())
            } else {
                msg!(
                    "outbox-retry-at",
                    id = id.as_str(),
                    when = i18n::Arg::time(meta.due, tz)
                )
            };
            emit(&(said.text(ui) + "\n"))?;
        }
        OutboxCommand::Run { once } => {
            // What killed writers left: found in `tmp/`; the full scan only after such a crash.
            store.recover()?;
            let tick = outbox.tick.to_std().unwrap_or_default();
            let mut wait = tick;
            loop {
                match store.run_once(&outbox, clock_now()?) {
                    Ok(report) => {
                        print_report(&report, tz, ui)?;
                        wait = tick;
                    }
                    // The database unreachable: nothing was sent that could not be recorded;
                    // try again later, waiting longer each time (up to 5 minutes).
                    Err(e @ OutboxError::Database(_)) if !once => {
                        eprintln!("mailcheck: {e}; trying again in {} s", wait.as_secs());
                        std::thread::sleep(wait);
                        wait = (wait * 2).clamp(Duration::from_secs(1), Duration::from_secs(300));
                        continue;
                    }
                    Err(e) => return Err(e.into()),
                }
                if once {
                    break;
                }
                std::thread::sleep(tick);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `outbox migrate`: creates or upgrades the database's schema.
fn migrate(settings: &Settings, outbox: &OutboxSettings) -> Result<ExitCode> {
    if outbox.database.is_none() {
        bail!(
            "{}: `outbox migrate` is for an outbox in a database: set `[outbox] database`",
            settings
                .source
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "<defaults>".into())
        );
    }
    let (mut client, shown) = pg::connect(outbox)?;
    let applied = pg::migrate(&mut client, &shown)?;
    if applied.is_empty() {
        emit(&format!(
            "{shown}: the schema is up to date (version {})\n",
            pg::latest_version()
        ))?;
    } else {
        for (version, name) in applied {
            emit(&format!("{shown}: applied migration {version} ({name})\n"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `outbox import [--from DIR]`: moves the unsent entries of a queue directory (default: the
/// config's `path`) into the database. Each entry is claimed, written to the database, then
/// removed from the directory: an import cut short is run again and finishes. Sent entries stay
/// in the directory (their copies are in its `sent/`).
fn import(queue: &Queue, settings: &Settings, from: Option<&Path>) -> Result<ExitCode> {
    let Queue::Postgres(db) = queue else {
        bail!("`outbox import` moves a queue directory into a database: set `[outbox] database`");
    };
    let dir = match from {
        Some(p) => p.to_path_buf(),
        None => settings.outbox()?.path,
    };
    if !dir.is_dir() {
        bail!("{}: no queue directory here", dir.display());
    }
    let files = Store::open(&dir)?;
    files.recover()?;
    mailcheck::outbox::journal::replay(&files)?;
    let (entries, damaged) = files.list_map(|m| m)?;
    let (mut moved, mut kept, mut busy) = (0usize, 0usize, 0usize);
    for (_, meta) in entries {
        if meta.state == State::Sent {
            kept += 1;
            continue;
        }
        let Some(_claim) = files.claim(&meta.id).or_else(|e| match e {
            OutboxError::NotFound(_) => Ok(None),
            e => Err(e),
        })?
        else {
            busy += 1;
            continue;
        };
        let meta = files.load(&meta.id)?;
        let bytes = files.message(&meta.id)?;
        db.import(&meta, &bytes)
            .with_context(|| format!("{}: entry {}", dir.display(), meta.id))?;
        files.remove(&meta.id)?;
        moved += 1;
    }
    emit(&format!(
        "imported {moved} message{} from {} into {}\n",
        if moved == 1 { "" } else { "s" },
        dir.display(),
        db.shown()
    ))?;
    if kept > 0 {
        emit(&format!(
            "{kept} sent message{} left in {} (copies in its sent/)\n",
            if kept == 1 { "" } else { "s" },
            dir.display()
        ))?;
    }
    for e in &damaged {
        eprintln!("mailcheck: not imported: {}", esc(&e.to_string()));
    }
    if busy > 0 {
        eprintln!(
            "mailcheck: {busy} message{} being sent by a runner right now: run the import again",
            if busy == 1 { "" } else { "s" }
        );
    }
    Ok(if damaged.is_empty() && busy == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Makes an unsent entry due at `when` again: failed recipients are tried again, recipients
/// already sent to are not.
fn reopen(meta: &mut Meta, when: DateTime<Utc>) {
    for r in &mut meta.recipients {
        if r.state == RcptState::Failed {
            r.state = RcptState::Pending;
        }
    }
    meta.state = if meta.state == State::Uncertain {
        State::Uncertain
    } else {
        State::Queued
    };
    meta.hold = None;
    meta.due = mailcheck::outbox::schedule::whole_second(when);
    meta.first_due = meta.due;
}

/// The id of a damaged entry: its file's name.
fn damaged_id(e: &OutboxError) -> String {
    match e {
        OutboxError::Damaged { path, .. } => path
            .file_stem()
            .map(|s| esc(&s.to_string_lossy()).into_owned())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// An entry's state in `ui` ("held (cool-down)"); `stopped`: a `sending` entry whose runner
/// died ([`Queue::runner_gone`]).
fn state_text(meta: &Meta, ui: Lang, stopped: bool) -> String {
    let id = match (meta.state, meta.hold) {
        (State::Sending, _) if stopped => "outbox-state-sending-stopped",
        (State::Held, Some(Hold::Cooldown)) => "outbox-state-held-cooldown",
        (State::Held, Some(Hold::Late)) => "outbox-state-held-late",
        (state, _) => state.msg_id(),
    };
    i18n::tr(ui, id)
}

/// One entry of `outbox list`, with its line end.
fn list_line(m: &Meta, tz: Tz, ui: Lang, stopped: bool) -> String {
    let when = m.sent_at.unwrap_or(m.due);
    let to: Vec<&str> = m.recipients.iter().map(|r| r.address.as_str()).collect();
    let no_subject = i18n::tr(ui, "outbox-no-subject");
    format!(
        "{}  {:<17} {}  {}  {}\n",
        esc(&m.id),
        state_text(m, ui, stopped),
        i18n::time_in(when, tz, ui),
        esc(&to.join(", ")),
        esc(m.subject.as_deref().unwrap_or(&no_subject))
    )
}

fn show_text(m: &Meta, tz: Tz, ui: Lang, stopped: bool) -> String {
    // "state:" and its value, the labels in one column.
    let line = |id: &'static str, value: &str| format!("{:<12} {value}\n", i18n::tr(ui, id));
    let mut out = line("outbox-show-id", &esc(&m.id));
    out.push_str(&line("outbox-show-state", &state_text(m, ui, stopped)));
    out.push_str(&line(
        "outbox-show-message-id",
        &format!("<{}>", esc(&m.message_id)),
    ));
    let no_subject = i18n::tr(ui, "outbox-no-subject");
    out.push_str(&line(
        "outbox-show-subject",
        &esc(m.subject.as_deref().unwrap_or(&no_subject)),
    ));
    out.push_str(&line("outbox-show-from", &esc(&m.from)));
    let label = match m.state {
        State::Sent => "outbox-show-sent",
        State::Held if m.hold == Some(Hold::Late) => "outbox-show-was-due",
        _ => "outbox-show-sends",
    };
    let when = m.sent_at.unwrap_or(m.due);
    out.push_str(&line(
        label,
        &format!("{} ({})", i18n::time_in(when, tz, ui), utc(when)),
    ));
    out.push_str(&line("outbox-show-attempts", &m.attempts.to_string()));
    for r in &m.reasons {
        out.push_str(&line("outbox-show-why", &esc(&r.text(ui))));
    }
    for r in &m.recipients {
        let state = match r.state {
            RcptState::Pending => "outbox-rcpt-pending",
            RcptState::Sent => "outbox-rcpt-sent",
            RcptState::Failed => "outbox-rcpt-failed",
            RcptState::Uncertain => "outbox-rcpt-uncertain",
        };
        let mut to = format!("{} ({})", esc(&r.address), i18n::tr(ui, state));
        if let Some(reply) = &r.reply {
            to.push_str(&format!(": {}", esc(reply)));
        }
        out.push_str(&line("outbox-show-to", &to));
    }
    if let Some(reply) = &m.last_reply {
        out.push_str(&line("outbox-show-last-reply", &esc(&reply.text(ui))));
    }
    out
}

fn print_report(r: &RunReport, tz: Tz, ui: Lang) -> Result<()> {
    let mut out = String::new();
    let reply = |m: &Meta| {
        let r = m
            .last_reply
            .as_ref()
            .map(|r| r.text(ui))
            .unwrap_or_default();
        esc(&r).into_owned()
    };
    let when = |t: DateTime<Utc>| i18n::Arg::time(t, tz);
    for m in &r.sent {
        let to: Vec<&str> = m
            .recipients
            .iter()
            .filter(|x| x.state == RcptState::Sent)
            .map(|x| x.address.as_str())
            .collect();
        let said = msg!(
            "outbox-run-sent",
            id = esc(&m.id).into_owned(),
            message_id = esc(&m.message_id).into_owned(),
            to = esc(&to.join(", ")).into_owned()
        );
        out.push_str(&said.text(ui));
        out.push('\n');
        for x in m.recipients.iter().filter(|x| x.state == RcptState::Failed) {
            let why = x.reply.as_deref().map_or_else(
                || i18n::tr(ui, "outbox-run-rejected"),
                |r| esc(r).into_owned(),
            );
            let said = msg!(
                "outbox-run-not-delivered",
                id = esc(&m.id).into_owned(),
                address = esc(&x.address).into_owned(),
                reply = why
            );
            eprintln!("mailcheck: {}", said.text(ui));
        }
    }
    for m in &r.deferred {
        let said = msg!(
            "outbox-run-deferred",
            id = esc(&m.id).into_owned(),
            when = when(m.due),
            utc = utc(m.due),
            reply = reply(m)
        );
        out.push_str(&said.text(ui));
        out.push('\n');
    }
    for m in &r.uncertain {
        let said = msg!(
            "outbox-run-uncertain",
            id = esc(&m.id).into_owned(),
            reply = reply(m),
            when = when(m.due)
        );
        eprintln!("mailcheck: {}", said.text(ui));
    }
    for m in &r.failed {
        let said = msg!(
            "outbox-run-failed",
            id = esc(&m.id).into_owned(),
            reply = reply(m)
        );
        eprintln!("mailcheck: {}", said.text(ui));
    }
    for d in &r.damaged {
        let said = msg!("outbox-run-skipped", what = esc(d).into_owned());
        eprintln!("mailcheck: {}", said.text(ui));
    }
    for m in &r.held_late {
        let said = msg!(
            "outbox-run-held-late",
            id = esc(&m.id).into_owned(),
            when = when(m.due),
            utc = utc(m.due)
        );
        eprintln!("mailcheck: {}", said.text(ui));
    }
    emit(&out)?;
    Ok(())
}

/// What a cancel cannot take back: an entry whose last try was cut off after the message data
/// went out (`uncertain`, or `sending` when its runner died) may be at the server already; one
/// that reached some recipients reached them. Said as a warning naming them, so "cancelled" is
/// never read as "nobody got it".
fn cancel_warning(meta: &Meta) -> Option<i18n::Msg> {
    let addresses = |keep: &dyn Fn(RcptState) -> bool| -> Vec<String> {
        meta.recipients
            .iter()
            .filter(|r| keep(r.state))
            .map(|r| esc(&r.address).into_owned())
            .collect()
    };
    let cut_off = matches!(meta.state, State::Uncertain | State::Sending)
        || meta
            .recipients
            .iter()
            .any(|r| r.state == RcptState::Uncertain);
    let maybe = addresses(&|s| s == RcptState::Uncertain || (cut_off && s == RcptState::Pending));
    let sent = addresses(&|s| s == RcptState::Sent);
    if cut_off && !maybe.is_empty() {
        return Some(msg!(
            "outbox-cancelled-maybe-delivered",
            id = meta.id.as_str(),
            recipients = maybe.join(", ")
        ));
    }
    (!sent.is_empty()).then(|| {
        msg!(
            "outbox-cancelled-partly-delivered",
            id = meta.id.as_str(),
            recipients = sent.join(", ")
        )
    })
}
