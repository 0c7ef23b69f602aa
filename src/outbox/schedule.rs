//! When a checked draft leaves, and when a failed attempt is tried again.
//!
//! - `angry-tone` holds the draft for a cool-down: at least `cooldown` (4 h), and (by default)
//!   until the sender's next business morning (the first opening after the send time).
//! - While `off-hours` is on for the draft, the send time moves to the earliest moment inside the
//!   sender's business hours that is also inside every known recipient's business hours in their
//!   own zone; if there is none within `search_days` (7), the primary recipient's next business
//!   morning. All of it in real time zones, DST included (see [`crate::calendar`]).
//! - With `[outbox] send_windows` (seed 000: deal with mail at fixed times, not every five
//!   minutes), the send time then moves to the next window: a listed time of day on one of the
//!   sender's business days, in the sender's zone. A window that falls outside a known
//!   recipient's hours moves on to the next good time and its next window.

use chrono::{DateTime, Duration, Timelike, Utc};

use super::OutboxSettings;
use super::entry::Hold;
use super::reason::Reason;
use crate::calendar::{BusinessHours, next_common_open};
use crate::draft::Draft;
use crate::finding::Finding;
use crate::rules::RuleEnv;

/// The schedule chosen for a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub due: DateTime<Utc>,
    pub hold: Option<Hold>,
    /// Why the send time is not the one asked for.
    pub reasons: Vec<super::reason::Reason>,
}

/// Whether a rule that defers mail (`off-hours`) runs for this draft: on in the config
/// ([`OutboxSettings::deferring`]) and not turned off by the draft's headers.
fn deferring(outbox: &OutboxSettings, draft: &Draft) -> bool {
    outbox
        .deferring
        .iter()
        .any(|id| !draft.headers.allow.iter().any(|a| a == id))
}

/// Plans the send of a checked draft asked for at `at`.
pub fn plan(
    env: &RuleEnv,
    outbox: &OutboxSettings,
    draft: &Draft,
    findings: &[Finding],
    at: DateTime<Utc>,
) -> Plan {
    let at = whole_second(at);
    let sender = &env.sender;
    let mut due = at;
    let mut hold = None;
    let mut reasons = Vec::new();
    if crate::rules::holds(findings) {
        due = cooldown_end(sender, outbox, at);
        hold = Some(Hold::Cooldown);
        reasons.push(Reason::new("reason-cooldown").times("when", due, &[sender.tz]));
    }
    let off_hours = deferring(outbox, draft);
    if off_hours {
        let good = next_good_time(env, draft, due);
        if good != due {
            reasons.push(Reason::new("reason-off-hours").times(
                "when",
                good,
                &zones_shown(env, draft),
            ));
            due = good;
        }
    }
    if !outbox.send_windows.is_empty() {
        let mut t = due;
        // A window outside a recipient's hours: on to the next good time, then its window.
        for _ in 0..32 {
            let Some(w) = next_window(sender, &outbox.send_windows, t) else {
                break;
            };
            let good = if off_hours {
                next_good_time(env, draft, w)
            } else {
                w
            };
            t = w;
            if good == w {
                break;
            }
            t = good;
        }
        if t != due {
            reasons.push(Reason::new("reason-send-window").times("when", t, &[sender.tz]));
            due = t;
        }
    }
    Plan { due, hold, reasons }
}

/// The first send window at or after `t`: one of `windows` (local times, sorted) on a business
/// day of `sender`, in the sender's zone (within a year).
pub fn next_window(
    sender: &BusinessHours,
    windows: &[chrono::NaiveTime],
    t: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let start = t.with_timezone(&sender.tz).date_naive();
    (0..=366)
        .map(|d| start + Duration::days(d))
        .filter(|&day| sender.is_business_day(day))
        .flat_map(|day| {
            windows
                .iter()
                .map(move |&w| crate::calendar::resolve_local(sender.tz, day.and_time(w)))
        })
        .find(|&w| w >= t)
}

/// The end of an angry draft's cool-down.
pub fn cooldown_end(
    sender: &BusinessHours,
    outbox: &OutboxSettings,
    at: DateTime<Utc>,
) -> DateTime<Utc> {
    let mut end = at + outbox.cooldown;
    if outbox.cooldown_next_morning {
        let start = at.with_timezone(&sender.tz).date_naive();
        let morning = (0..=366)
            .filter_map(|d| sender.opening(start + Duration::days(d)))
            .find(|&o| o > at);
        if let Some(m) = morning {
            end = end.max(m);
        }
    }
    whole_second(end)
}

/// The recipients whose zone is known, with their business hours, in header order.
fn recipient_hours(env: &RuleEnv, draft: &Draft) -> Vec<(String, BusinessHours)> {
    let mut out: Vec<(String, BusinessHours)> = Vec::new();
    for addr in draft.recipient_addresses() {
        if let Some(tz) = env.zone_of(&addr)
            && !out.iter().any(|(a, _)| *a == addr)
        {
            out.push((addr, env.sender.in_zone(tz)));
        }
    }
    out
}

/// The first moment at or after `t` inside the sender's and every known recipient's business
/// hours; else the primary recipient's (or the sender's) next business morning; else `t`.
pub fn next_good_time(env: &RuleEnv, draft: &Draft, t: DateTime<Utc>) -> DateTime<Utc> {
    let sender = &env.sender;
    let recipients = recipient_hours(env, draft);
    let mut parties: Vec<&BusinessHours> = vec![sender];
    parties.extend(recipients.iter().map(|(_, c)| c));
    let days = env
        .lexicon
        .int("off-hours", "search_days")
        .unwrap_or(7)
        .max(1);
    next_common_open(&parties, t, days)
        .or_else(|| {
            let primary = recipients.first().map(|(_, c)| c).unwrap_or(sender);
            primary.next_open(t)
        })
        .unwrap_or(t)
}

/// "Mon 09 Mar 17:00 America/Los_Angeles = Tue 10 Mar 09:00 Asia/Tokyo"
fn zones_shown(env: &RuleEnv, draft: &Draft) -> Vec<chrono_tz::Tz> {
    let mut zones = vec![env.sender.tz];
    for (_, c) in recipient_hours(env, draft) {
        if !zones.contains(&c.tz) {
            zones.push(c.tz);
        }
    }
    zones
}

/// The wait before the next attempt after `attempts` failed ones: `retry_min` doubling up to
/// `retry_max` (5 min, 10, 20, 40, 60, 60, ...).
pub fn retry_delay(outbox: &OutboxSettings, attempts: u32) -> Duration {
    let mut d = outbox.retry_min;
    for _ in 1..attempts.min(32) {
        d = d * 2;
        if d >= outbox.retry_max {
            return outbox.retry_max;
        }
    }
    d.min(outbox.retry_max)
}

pub fn whole_second(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(0).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigFile, Settings};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn setup(zone: &str) -> (Settings, OutboxSettings) {
        let file: ConfigFile = toml::from_str(&format!(
            "[sender]\ntimezone = \"{zone}\"\n[recipients]\n\"example.jp\" = \"Asia/Tokyo\"\n[outbox]\npath = \"/tmp/x\"\n"
        ))
        .unwrap();
        let s = Settings::from_config(None, file).unwrap();
        let o = s.outbox().unwrap();
        (s, o)
    }

    fn draft(s: &Settings, to: &str, body: &str) -> Draft {
        crate::draft::parse_draft(
            "t.eml",
            format!("From: me@example.com\nTo: {to}\nSubject: x\n\n{body}\n").as_bytes(),
            &s.env.lexicon,
            None,
        )
        .unwrap()
    }

    #[test]
    fn tokyo_recipient_across_the_senders_dst_change() {
        // Los Angeles springs forward on Sun 8 Mar 2026. Fri 6 Mar 23:00 PST: the next moment in
        // both LA's and Tokyo's hours is Tokyo's Tue 10 Mar 09:00 = Mon 9 Mar 17:00 PDT.
        let (s, o) = setup("America/Los_Angeles");
        let d = draft(&s, "ken@example.jp", "Hello Ken, the report is ready.");
        let p = plan(&s.env, &o, &d, &[], utc("2026-03-06T23:00:00-08:00"));
        assert_eq!(p.due, utc("2026-03-10T00:00:00Z"));
        assert_eq!(p.hold, None);
        assert!(
            p.reasons[0]
                .en()
                .contains("Mon 09 Mar 17:00 America/Los_Angeles")
        );
        assert!(p.reasons[0].en().contains("Tue 10 Mar 09:00 Asia/Tokyo"));
        // Rome springs forward on Sun 29 Mar: Rome and Tokyo overlap at Rome 09:00 CEST (07:00Z).
        let (s, o) = setup("Europe/Rome");
        let d = draft(&s, "ken@example.jp", "Hello Ken.");
        let p = plan(&s.env, &o, &d, &[], utc("2026-03-27T23:00:00+01:00"));
        assert_eq!(p.due, utc("2026-03-30T07:00:00Z"));
    }

    #[test]
    fn in_hours_is_now() {
        let (s, o) = setup("Europe/Rome");
        let d = draft(&s, "anna@example.it", "Hello.");
        let at = utc("2026-11-23T10:00:00+01:00");
        assert_eq!(plan(&s.env, &o, &d, &[], at).due, at);
    }

    #[test]
    fn cooldown_is_next_morning_and_at_least_four_hours() {
        let (s, o) = setup("Europe/Rome");
        // Mon 10:00 -> Tue 09:00.
        assert_eq!(
            cooldown_end(&s.env.sender, &o, utc("2026-11-23T10:00:00+01:00")),
            utc("2026-11-24T09:00:00+01:00")
        );
        // Mon 07:00: the next morning is 09:00, but four hours is 11:00.
        assert_eq!(
            cooldown_end(&s.env.sender, &o, utc("2026-11-23T07:00:00+01:00")),
            utc("2026-11-23T11:00:00+01:00")
        );
        // Fri 17:00 -> Mon 09:00.
        assert_eq!(
            cooldown_end(&s.env.sender, &o, utc("2026-11-27T17:00:00+01:00")),
            utc("2026-11-30T09:00:00+01:00")
        );
    }

    fn with_windows(zone: &str, windows: &str) -> (Settings, OutboxSettings) {
        let file: ConfigFile = toml::from_str(&format!(
            "[sender]\ntimezone = \"{zone}\"\nholidays = [\"2026-12-08\"]\n\
             [recipients]\n\"example.jp\" = \"Asia/Tokyo\"\n\
             [outbox]\npath = \"/tmp/x\"\nsend_windows = {windows}\n"
        ))
        .unwrap();
        let s = Settings::from_config(None, file).unwrap();
        let o = s.outbox().unwrap();
        (s, o)
    }

    #[test]
    fn send_windows_batch_mail_at_fixed_times_of_business_days() {
        let (s, o) = with_windows(
            "Europe/Rome",
            "[\"17:00\", \"09:00\", \"13:00\", \"13:00\"]",
        );
        assert_eq!(o.send_windows.len(), 3);
        let d = draft(&s, "anna@example.it", "Hello.");
        let due = |at: &str| plan(&s.env, &o, &d, &[], utc(at));
        // Between windows: the next one, the same day.
        let p = due("2026-11-23T10:15:00+01:00");
        assert_eq!(p.due, utc("2026-11-23T13:00:00+01:00"));
        assert_eq!(
            p.reasons.iter().map(|r| r.en()).collect::<Vec<_>>(),
            ["send window: waits for the next one, Mon 23 Nov 13:00 Europe/Rome"]
        );
        // On a window: as it is, no reason given.
        let p = due("2026-11-23T13:00:00+01:00");
        assert_eq!(
            (p.due, p.reasons.len()),
            (utc("2026-11-23T13:00:00+01:00"), 0)
        );
        // After the last window on Friday: Monday's first; before a holiday's: the day after.
        assert_eq!(
            due("2026-11-27T17:30:00+01:00").due,
            utc("2026-11-30T09:00:00+01:00")
        );
        assert_eq!(
            due("2026-12-07T17:01:00+01:00").due,
            utc("2026-12-09T09:00:00+01:00")
        );
        // Across the DST change: Friday 23 Oct 17:30 CEST -> Monday 26 Oct 09:00 CET.
        assert_eq!(
            due("2026-10-23T17:30:00+02:00").due,
            utc("2026-10-26T08:00:00Z")
        );
        // Off-hours first (Saturday -> Monday 09:00 opening, a window itself).
        assert_eq!(
            due("2026-11-28T11:00:00+01:00").due,
            utc("2026-11-30T09:00:00+01:00")
        );
        // An angry draft's cool-down ends at Tuesday 09:00, a window.
        let angry = crate::finding::Finding::new(crate::msg!("html-only-message"));
        let mut angry = angry;
        angry.rule = "angry-tone";
        let p = plan(&s.env, &o, &d, &[angry], utc("2026-11-23T10:00:00+01:00"));
        assert_eq!(p.due, utc("2026-11-24T09:00:00+01:00"));
    }

    #[test]
    fn a_window_outside_a_recipients_hours_moves_to_the_next_good_one() {
        // Rome and Tokyo share Rome 09:00 only (Tokyo 17:00, closing at 18:00); a 13:00 window
        // is after Tokyo's closing, so the next good time is the next day's 09:00, a window too.
        let (s, o) = with_windows("Europe/Rome", "[\"13:00\", \"09:00\"]");
        let d = draft(&s, "ken@example.jp", "Hello Ken.");
        let p = plan(&s.env, &o, &d, &[], utc("2026-11-23T09:30:00+01:00"));
        assert_eq!(p.due, utc("2026-11-24T09:00:00+01:00"));
        // A bad time of day names the key.
        let file: ConfigFile =
            toml::from_str("[outbox]\npath = \"/tmp/x\"\nsend_windows = [\"9am\"]\n").unwrap();
        let s = Settings::from_config(None, file).unwrap();
        let e = s.outbox().unwrap_err().to_string();
        assert!(
            e.contains("outbox.send_windows") && e.contains("9am"),
            "{e}"
        );
    }

    #[test]
    fn backoff_doubles_to_an_hour() {
        let (_, o) = setup("Europe/Rome");
        let mins: Vec<i64> = (1..=7).map(|a| retry_delay(&o, a).num_minutes()).collect();
        assert_eq!(mins, [5, 10, 20, 40, 60, 60, 60]);
    }
}
