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
use serde_json::json;

use super::emit;
use super::outbox::clock_now;
use crate::cli::{DueArgs, ListFormat};

/// Exit code 0 whether or not something is due (the list is the answer); 2 on bad input.
pub fn run(config: Option<&Path>, args: DueArgs) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
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
    if !loaded.skipped.is_empty() {
        let n = loaded.skipped.len();
        for s in loaded.skipped.iter().take(3) {
            eprintln!("mailcheck: note: not read: {s}");
        }
        if n > 3 {
            eprintln!("mailcheck: note: {} more messages not read", n - 3);
        }
    }
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
        ListFormat::Human => human(&items, now, tz),
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

/// "Mon 23 Nov 09:00" in the sender's zone.
fn short(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%a %d %b %H:%M").to_string()
}

/// "45m", "5h 20m", "2d 3h".
fn span(minutes: i64) -> String {
    let m = minutes.abs();
    if m < 60 {
        format!("{m}m")
    } else if m < 24 * 60 {
        match m % 60 {
            0 => format!("{}h", m / 60),
            r => format!("{}h {r}m", m / 60),
        }
    } else {
        match (m / 60) % 24 {
            0 => format!("{}d", m / (24 * 60)),
            h => format!("{}d {h}h", m / (24 * 60)),
        }
    }
}

fn paint(code: &str, s: &str) -> String {
    format!("\x1b[{code}m{s}\x1b[0m")
}

/// Two lines per item: what and when, then the command that answers it.
fn human(items: &[DueItem], now: DateTime<Utc>, tz: Tz) -> String {
    let at = format!("{} {}", short(now, tz), tz.name());
    if items.is_empty() {
        return format!(
            "Nothing due at {at}: every client message has an answer, no follow-up or weekly \
             status is due.\n"
        );
    }
    let count = |u: Urgency| items.iter().filter(|i| i.urgency == u).count();
    let mut out = format!(
        "Due at {at}: {} overdue, {} due, {} waiting.\n\n",
        count(Urgency::Overdue),
        count(Urgency::Due),
        count(Urgency::Waiting)
    );
    for i in items {
        let (urgency, colour) = match i.urgency {
            Urgency::Overdue => ("OVERDUE", "1;31"),
            Urgency::Due => ("due", "1;33"),
            Urgency::Waiting => ("waiting", "32"),
        };
        let when = match (i.kind, i.urgency) {
            (Kind::Reply, Urgency::Overdue) => format!(
                "answer was due {} ({} ago)",
                short(i.deadline, tz),
                span(i.overdue_minutes)
            ),
            (Kind::Reply, _) => format!(
                "answer by {} ({} left)",
                short(i.deadline, tz),
                span(i.overdue_minutes)
            ),
            (Kind::FollowUp, _) => match i.since {
                Some(t) => format!("asked {}, no answer", short(t, tz)),
                None => "no answer".to_string(),
            },
            (Kind::WeeklyStatus, _) => match i.since {
                Some(t) => format!("nothing sent this week (last {})", short(t, tz)),
                None => "nothing sent yet".to_string(),
            },
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
            i.kind.as_str(),
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

    #[test]
    fn spans_read_short() {
        assert_eq!(span(45), "45m");
        assert_eq!(span(-60), "1h");
        assert_eq!(span(90), "1h 30m");
        assert_eq!(span(24 * 60 + 180), "1d 3h");
        assert_eq!(span(48 * 60), "2d");
    }
}
