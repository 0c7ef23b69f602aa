//! `--format text`: the report as tables for a terminal.

use std::fmt::Write;

use super::{Report, Stats};
use crate::i18n::{Msg, category_name, tr};
use crate::lang::Lang;
use crate::msg;

/// "45m", "3h 20m", "2d 4h".
pub fn duration(secs: i64) -> String {
    duration_in(secs, Lang::En)
}

/// [`duration`] in `ui`'s units ("3h 20m", "3 ч 20 мин").
pub fn duration_in(secs: i64, ui: Lang) -> String {
    let m = secs.max(0) / 60;
    if m < 60 {
        msg!("report-duration-minutes", m = m)
    } else if m < 24 * 60 {
        msg!(
            "report-duration-hours",
            h = m / 60,
            mm = format!("{:02}", m % 60)
        )
    } else {
        msg!("report-duration-days", d = m / (24 * 60), h = (m / 60) % 24)
    }
    .text(ui)
}

/// A weekday of the report ("Mon", as `Report` keeps it) in `ui`'s words.
pub fn weekday(day: &str, ui: Lang) -> String {
    match super::WEEKDAYS.iter().position(|d| *d == day) {
        Some(i) => crate::i18n::weekday_in(i, ui),
        None => day.to_string(),
    }
}

/// "67%".
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// "3 requests" in `ui`: a count message (`count-requests`, ...).
fn count(id: &'static str, n: usize) -> Msg {
    Msg::new(id).arg("count", n)
}

/// "4 requests from 2 clients".
fn from_clients(requests: usize, clients: usize) -> Msg {
    msg!(
        "report-from-clients",
        requests = count("count-requests", requests),
        clients = count("count-clients", clients)
    )
}

pub fn render(r: &Report, within_days: u32, ui: Lang) -> String {
    let mut out = String::new();
    let range = match (r.from, r.to) {
        (Some(f), Some(t)) => msg!("report-range", from = f.to_string(), to = t.to_string()),
        _ => msg!("report-no-requests"),
    };
    let per = match r.per {
        super::Per::Week => msg!("report-per-week"),
        super::Per::Month => msg!("report-per-month"),
    };
    let title = msg!(
        "report-title",
        range = range,
        per = per,
        timezone = r.timezone.as_str()
    );
    let _ = writeln!(out, "{}", title.text(ui));
    let read = msg!(
        "report-read",
        messages = count("count-messages", r.messages),
        found = from_clients(r.total.requests, r.total.clients)
    );
    out.push_str(&read.text(ui));
    if r.skipped > 0 {
        let files = count("count-files", r.skipped);
        let _ = write!(
            out,
            " ({})",
            msg!("report-not-read", files = files).text(ui)
        );
    }
    out.push('\n');
    let deadline = count("count-business-days", within_days as usize).text(ui);
    for p in &r.periods {
        let period = msg!(
            "report-period",
            period = p.period.as_str(),
            start = p.start.to_string(),
            end = p.end.to_string(),
            found = from_clients(p.stats.requests, p.stats.clients)
        );
        let _ = writeln!(out, "\n{}", period.text(ui));
        table(&mut out, &p.stats, true, ui);
        replies(&mut out, &p.stats, &deadline, ui);
    }
    if r.periods.len() > 1 {
        let all = msg!(
            "report-all-periods",
            found = from_clients(r.total.requests, r.total.clients)
        );
        let _ = writeln!(out, "\n{}", all.text(ui));
        table(&mut out, &r.total, false, ui);
        replies(&mut out, &r.total, &deadline, ui);
    }
    if !r.busiest.is_empty() {
        let busiest = msg!("report-busiest", timezone = r.timezone.as_str());
        let _ = writeln!(out, "\n{}", busiest.text(ui));
        for s in &r.busiest {
            let _ = writeln!(
                out,
                "  {} {:02}:00-{:02}:00  {}",
                weekday(&s.weekday, ui),
                s.hour,
                (s.hour + 1) % 24,
                count("count-requests", s.requests as usize).text(ui)
            );
        }
    }
    if !r.faq.is_empty() {
        let _ = writeln!(out, "\n{}", tr(ui, "report-faq"));
        for (i, f) in r.faq.iter().enumerate() {
            let item = msg!(
                "report-faq-item",
                category = category_name(ui, &f.category),
                found = from_clients(f.requests, f.clients)
            );
            let _ = writeln!(out, "  {}. {}", i + 1, item.text(ui));
            let example = msg!(
                "report-faq-example",
                from = f.example.from.as_str(),
                date = f.example.date.format("%Y-%m-%d %H:%M").to_string(),
                subject = f.example.subject.as_str()
            );
            let _ = writeln!(out, "     {}", example.text(ui));
            if !f.example.excerpt.is_empty() {
                let _ = writeln!(out, "     {}", f.example.excerpt);
            }
        }
    }
    out
}

fn table(out: &mut String, s: &Stats, with_change: bool, ui: Lang) {
    let category = tr(ui, "report-col-category");
    let names: Vec<String> = s
        .categories
        .iter()
        .map(|c| category_name(ui, &c.category))
        .collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(category.chars().count());
    let _ = write!(
        out,
        "  {category:<width$}  {:>8}  {:>5}",
        tr(ui, "report-col-requests"),
        tr(ui, "report-col-share")
    );
    if with_change {
        let _ = write!(out, "  {:>6}", tr(ui, "report-col-change"));
    }
    out.push('\n');
    for (c, name) in s.categories.iter().zip(&names) {
        let _ = write!(
            out,
            "  {:<width$}  {:>8}  {:>5}",
            name,
            c.count,
            percent(c.share)
        );
        if with_change {
            let change = c.change.map_or("–".to_string(), |d| {
                if d > 0 {
                    format!("+{d}")
                } else {
                    d.to_string()
                }
            });
            let _ = write!(out, "  {change:>6}");
        }
        out.push('\n');
    }
}

/// "replies: 1 of 4 answered (median 45m, 90th percentile 45m); unanswered: 3 (1 still in
/// time); within 1 business day: 1 of 3 (33%)": the reply times are those of the answered
/// requests, so how many got none stands right beside them.
fn replies(out: &mut String, s: &Stats, deadline: &str, ui: Lang) {
    let r = &s.replies;
    if s.requests == 0 {
        return;
    }
    let answered = msg!(
        "report-replies",
        answered = r.answered,
        requests = s.requests
    );
    let mut line = format!("  {}", answered.text(ui));
    if let (Some(m), Some(p)) = (r.median_seconds, r.p90_seconds) {
        let times = msg!(
            "report-reply-times",
            median = duration_in(m, ui),
            p90 = duration_in(p, ui)
        );
        let _ = write!(line, " ({})", times.text(ui));
    }
    if r.unanswered > 0 {
        let unanswered = msg!("report-unanswered", count = r.unanswered);
        let _ = write!(line, "; {}", unanswered.text(ui));
        if r.open > 0 {
            let open = msg!("report-still-in-time", count = r.open);
            let _ = write!(line, " ({})", open.text(ui));
        }
    }
    let judged = s.requests - r.open;
    if let Some(share) = r.within_deadline_share {
        let within = msg!(
            "report-within",
            deadline = deadline,
            within = r.within_deadline,
            judged = judged,
            share = percent(share)
        );
        let _ = write!(line, "; {}", within.text(ui));
    }
    out.push_str(&line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_person_would_say_them() {
        assert_eq!(duration(59), "0m");
        assert_eq!(duration(45 * 60), "45m");
        assert_eq!(duration(3 * 3600 + 20 * 60), "3h 20m");
        assert_eq!(duration((3 * 24 + 19) * 3600), "3d 19h");
        assert_eq!(percent(0.6667), "67%");
    }
}
