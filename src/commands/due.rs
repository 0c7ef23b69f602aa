//! `mailcheck due MAILBOX...`: the desk's morning list (see `mailcheck::desk::due`).

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use mailcheck::config::Settings;
use mailcheck::desk::due::{self, DueItem, DueQuery, Kind, Urgency, clean};
use mailcheck::desk::mailstore::load;
use mailcheck::lang::Lang;
use mailcheck::{i18n, msg};
use serde_json::json;

use super::emit;
use super::outbox::clock_now;
use crate::cli::{DueArgs, ListFormat};

/// Exit code 0 whether or not something is due (the list is the answer); 2 on bad input.
pub fn run(config: Option<&Path>, args: DueArgs) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
    let ui = i18n::resolve_from_env(settings.ui_language);
    let desk = settings.desk()?;
    let mailboxes = super::desk_mailboxes("due", &args.mailboxes, &settings)?;
    let now = match args.at {
        Some(at) => at.with_timezone(&Utc),
        None => clock_now()?,
    };
    let progress = !args.quiet && std::io::stderr().is_terminal();
    let loaded = load(&mailboxes, &desk, &settings.env, progress, |d| {
        due::analyze(d, &settings.env)
    })?;
    super::desk_notes(&loaded, ui);
    let mut query = DueQuery::new(&settings.env, &desk, &loaded.me, now);
    if let Some(days) = args.look_back {
        query.look_back_days = days;
    }
    let items = due::due_items(&loaded.records, &query)?;
    let tz = desk.calendar.tz;
    let text = match args.format {
        ListFormat::Json => {
            let v = json!({
                "at": local(now, tz),
                "timezone": tz.name(),
                "items": items.iter().map(|i| item_json(i, tz)).collect::<Vec<_>>(),
                "skipped": loaded.skipped,
            });
            serde_json::to_string_pretty(&v)? + "\n"
        }
        ListFormat::Human => human(&items, now, tz, ui),
    };
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).to_rfc3339()
}

fn item_json(i: &DueItem, tz: Tz) -> serde_json::Value {
    json!({
        "kind": i.kind,
        "urgency": i.urgency,
        "deadline": local(i.deadline, tz),
        "overdue_minutes": i.overdue_minutes,
        "since": i.since.map(|t| local(t, tz)),
        "to": i.to,
        "name": i.name,
        "subject": i.subject,
        "message_id": i.message_id,
        "asked": i.asked,
        "language": i.language,
        "source": i.source,
        "template": i.kind.template(),
        "command": i.command(),
        "args": i.args,
    })
}

/// "Mon 23 Nov 09:00" in the sender's zone, in `ui`'s words.
fn short(t: DateTime<Utc>, tz: Tz, ui: Lang) -> String {
    i18n::format_time(&t.with_timezone(&tz), "%a %d %b %H:%M", ui)
}

/// "45m", "5h 20m", "2d 3h" (in `ui`'s units).
fn span(minutes: i64, ui: Lang) -> String {
    let m = minutes.abs();
    let said = if m < 60 {
        msg!("span-minutes", m = m)
    } else if m < 24 * 60 {
        match m % 60 {
            0 => msg!("span-hours", h = m / 60),
            r => msg!("span-hours-minutes", h = m / 60, m = r),
        }
    } else {
        match (m / 60) % 24 {
            0 => msg!("span-days", d = m / (24 * 60)),
            h => msg!("span-days-hours", d = m / (24 * 60), h = h),
        }
    };
    said.text(ui)
}

fn paint(code: &str, s: &str) -> String {
    format!("\x1b[{code}m{s}\x1b[0m")
}

/// Two lines per item: what and when, then the command that answers it.
fn human(items: &[DueItem], now: DateTime<Utc>, tz: Tz, ui: Lang) -> String {
    let at = format!("{} {}", short(now, tz, ui), tz.name());
    if items.is_empty() {
        return msg!("due-nothing", at = at).text(ui) + "\n";
    }
    let count = |u: Urgency| items.iter().filter(|i| i.urgency == u).count();
    let mut out = msg!(
        "due-heading",
        at = at,
        overdue = count(Urgency::Overdue),
        due = count(Urgency::Due),
        waiting = count(Urgency::Waiting)
    )
    .text(ui);
    out.push_str("\n\n");
    for i in items {
        let (urgency, colour) = match i.urgency {
            Urgency::Overdue => (i18n::tr(ui, "due-urgency-overdue"), "1;31"),
            Urgency::Due => (i18n::tr(ui, "due-urgency-due"), "1;33"),
            Urgency::Waiting => (i18n::tr(ui, "due-urgency-waiting"), "32"),
        };
        let since = i.since.map(|t| short(t, tz, ui));
        let when = match (i.kind, i.urgency) {
            (Kind::Reply, Urgency::Overdue) => msg!(
                "due-reply-overdue",
                deadline = short(i.deadline, tz, ui),
                span = span(i.overdue_minutes, ui)
            ),
            (Kind::Reply, _) => msg!(
                "due-reply-by",
                deadline = short(i.deadline, tz, ui),
                span = span(i.overdue_minutes, ui)
            ),
            (Kind::FollowUp, _) => match since {
                Some(t) => msg!("due-follow-up-asked", asked = t),
                None => msg!("due-follow-up-no-answer"),
            },
            (Kind::WeeklyStatus, _) => match since {
                Some(t) => msg!("due-weekly-last", last = t),
                None => msg!("due-weekly-never"),
            },
        }
        .text(ui);
        let kind = match i.kind {
            Kind::Reply => i18n::tr(ui, "due-kind-reply"),
            Kind::FollowUp => i18n::tr(ui, "due-kind-follow-up"),
            Kind::WeeklyStatus => i18n::tr(ui, "due-kind-weekly-status"),
        };
        let who = match &i.name {
            Some(n) => format!("{} <{}>", clean(n), clean(&i.to)),
            None => clean(&i.to),
        };
        let subject = i
            .subject
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| format!("  \"{}\"", clean(s)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} {:<13} {}  {}{}\n",
            paint(colour, &format!("{urgency:<7}")),
            kind,
            when,
            who,
            subject
        ));
        out.push_str(&format!("        {}\n", paint("36", &i.command())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::span;
    use mailcheck::lang::Lang;

    #[test]
    fn spans_read_short() {
        let en = |m| span(m, Lang::En);
        assert_eq!(en(45), "45m");
        assert_eq!(en(-60), "1h");
        assert_eq!(en(90), "1h 30m");
        assert_eq!(en(24 * 60 + 180), "1d 3h");
        assert_eq!(en(48 * 60), "2d");
        assert_eq!(span(24 * 60 + 180, Lang::It), "1g 3h");
        assert_eq!(span(90, Lang::Ru), "1 ч 30 мин");
    }
}
