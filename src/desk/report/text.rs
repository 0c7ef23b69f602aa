//! `--format text`: the report as tables for a terminal.

use std::fmt::Write;

use super::{Report, Stats};

/// "45m", "3h 20m", "2d 4h".
pub fn duration(secs: i64) -> String {
    let m = secs.max(0) / 60;
    if m < 60 {
        format!("{m}m")
    } else if m < 24 * 60 {
        format!("{}h {:02}m", m / 60, m % 60)
    } else {
        format!("{}d {}h", m / (24 * 60), (m / 60) % 24)
    }
}

/// "67%".
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn render(r: &Report, within_days: u32) -> String {
    let mut out = String::new();
    let range = match (r.from, r.to) {
        (Some(f), Some(t)) => format!("{f} to {t}"),
        _ => "no requests".to_string(),
    };
    let per = match r.per {
        super::Per::Week => "week",
        super::Per::Month => "month",
    };
    let _ = writeln!(out, "Client requests, {range}, per {per} ({})", r.timezone);
    let _ = write!(
        out,
        "{} read, {} from {}",
        plural(r.messages, "message", "messages"),
        plural(r.total.requests, "request", "requests"),
        plural(r.total.clients, "client", "clients"),
    );
    if r.skipped > 0 {
        let _ = write!(out, " ({} not read)", plural(r.skipped, "file", "files"));
    }
    out.push('\n');
    let deadline = plural(within_days as usize, "business day", "business days");
    for p in &r.periods {
        let _ = writeln!(
            out,
            "\n{} ({} to {}): {} from {}",
            p.period,
            p.start,
            p.end,
            plural(p.stats.requests, "request", "requests"),
            plural(p.stats.clients, "client", "clients"),
        );
        table(&mut out, &p.stats, true);
        replies(&mut out, &p.stats, &deadline);
    }
    if r.periods.len() > 1 {
        let _ = writeln!(
            out,
            "\nAll periods: {} from {}",
            plural(r.total.requests, "request", "requests"),
            plural(r.total.clients, "client", "clients"),
        );
        table(&mut out, &r.total, false);
        replies(&mut out, &r.total, &deadline);
    }
    if !r.busiest.is_empty() {
        let _ = writeln!(out, "\nBusiest hours ({}):", r.timezone);
        for s in &r.busiest {
            let _ = writeln!(
                out,
                "  {} {:02}:00-{:02}:00  {}",
                s.weekday,
                s.hour,
                (s.hour + 1) % 24,
                plural(s.requests as usize, "request", "requests")
            );
        }
    }
    if !r.faq.is_empty() {
        let _ = writeln!(
            out,
            "\nFAQ candidates (similar requests from different clients):"
        );
        for (i, f) in r.faq.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}, {} from {}",
                i + 1,
                f.category,
                plural(f.requests, "request", "requests"),
                plural(f.clients, "client", "clients"),
            );
            let _ = writeln!(
                out,
                "     e.g. {}, {}: \"{}\"",
                f.example.from,
                f.example.date.format("%Y-%m-%d %H:%M"),
                f.example.subject
            );
            if !f.example.excerpt.is_empty() {
                let _ = writeln!(out, "     {}", f.example.excerpt);
            }
        }
    }
    out
}

fn table(out: &mut String, s: &Stats, with_change: bool) {
    let width = s
        .categories
        .iter()
        .map(|c| c.category.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = write!(out, "  {:<width$}  requests  share", "category");
    if with_change {
        out.push_str("  change");
    }
    out.push('\n');
    for c in &s.categories {
        let _ = write!(
            out,
            "  {:<width$}  {:>8}  {:>5}",
            c.category,
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
fn replies(out: &mut String, s: &Stats, deadline: &str) {
    let r = &s.replies;
    if s.requests == 0 {
        return;
    }
    let mut line = format!("  replies: {} of {} answered", r.answered, s.requests);
    if let (Some(m), Some(p)) = (r.median_seconds, r.p90_seconds) {
        let _ = write!(
            line,
            " (median {}, 90th percentile {})",
            duration(m),
            duration(p)
        );
    }
    if r.unanswered > 0 {
        let _ = write!(line, "; unanswered: {}", r.unanswered);
        if r.open > 0 {
            let _ = write!(line, " ({} still in time)", r.open);
        }
    }
    let judged = s.requests - r.open;
    if let Some(share) = r.within_deadline_share {
        let _ = write!(
            line,
            "; within {deadline}: {} of {judged} ({})",
            r.within_deadline,
            percent(share)
        );
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
