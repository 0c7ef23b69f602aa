//! Send times as people type them, in the sender's zone: RFC 3339
//! (`2026-12-01T10:00:00+01:00`), `2026-12-01 10:00`, `tomorrow 9:00`, `monday 08:30`,
//! `in 2 hours`, `now`. The forms in words are read by the `interim` crate.
//!
//! A wall-clock time is resolved with [`crate::calendar::resolve_local`]: a time in the
//! spring-forward gap becomes the first moment after the gap, an ambiguous one in the fall-back
//! hour the earlier of the two. Relative times ("in 2 hours") count real time.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::calendar::resolve_local;

const FORMS: &str = "use RFC 3339 (2026-12-01T10:00:00+01:00), \"2026-12-01 10:00\", \"tomorrow 9:00\", \"monday 08:30\", \"next friday 10:00\" or \"in 2 hours\"";

/// A send time that was not understood, or not usable; the message says how the input was read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct WhenError(pub String);

impl WhenError {
    fn not_a_time(input: &str, why: &str) -> Self {
        WhenError(format!("`{input}` is not a time: {why}; {FORMS}"))
    }
}

/// The words the human forms are made of (interim reads them); any other word is refused rather
/// than skipped.
const WORDS: &[&str] = &[
    "today",
    "tomorrow",
    "yesterday",
    "next",
    "this",
    "last",
    "at",
    "noon",
    "midnight",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "week",
    "month",
    "year",
    "day",
];

/// The units "in ..." takes.
const UNITS: &[&str] = &[
    "s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes", "h", "hr",
    "hrs", "hour", "hours", "d", "day", "days", "w", "week", "weeks", "month", "months",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Reads `input` as a moment, relative to `now`, wall-clock times in `tz`. Strict: an hour over
/// 23, a minute over 59, a word it does not know, or a unit it does not know is an error, never
/// a guess. "next friday" is the coming Friday (a week later only when today is Friday).
pub fn parse_when(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(WhenError::not_a_time(input, "it is empty"));
    }
    if s.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    check_clock_times(input, s)?;
    let numeric_date = s.len() >= 10
        && s.as_bytes()[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if numeric_date {
        for fmt in [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(s, fmt) {
                return Ok(resolve_local(tz, local));
            }
        }
        return Err(WhenError::not_a_time(
            input,
            "a date is written 2026-12-01 10:00 (a day that exists, hours 00-23)",
        ));
    }
    let lower = s.to_lowercase();
    if let Some(rest) = lower.strip_prefix("in ") {
        for word in rest.split_whitespace() {
            let w = word.trim_end_matches(',');
            let unit = w.trim_start_matches(|c: char| c.is_ascii_digit());
            if !(w.chars().all(|c| c.is_ascii_digit())
                || matches!(w, "a" | "an" | "and")
                || UNITS.contains(&unit))
            {
                return Err(WhenError::not_a_time(
                    input,
                    &format!("\"{w}\" is not a unit of time (minutes, hours, days, weeks)"),
                ));
            }
        }
        // "in 2 hours" counts real time, across a DST change too; "in 2 days" keeps the clock.
        let local = now.with_timezone(&tz).naive_local();
        let bad = || WhenError::not_a_time(input, "a span is written \"in 2 hours\"");
        return match interim::parse_duration(rest.trim()).map_err(|_| bad())? {
            interim::Interval::Seconds(s) if s >= 0 => Ok(now + Duration::seconds(i64::from(s))),
            interim::Interval::Days(d) if d >= 0 => Ok(resolve_local(
                tz,
                local
                    .checked_add_signed(Duration::days(i64::from(d)))
                    .ok_or_else(bad)?,
            )),
            interim::Interval::Months(m) if m >= 0 => Ok(resolve_local(
                tz,
                local
                    .checked_add_months(Months::new(m.unsigned_abs()))
                    .ok_or_else(bad)?,
            )),
            _ => Err(bad()),
        };
    }
    for word in lower.split(|c: char| c.is_whitespace() || c == ',') {
        let letters = word.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.');
        if !letters.is_empty()
            && !WORDS.contains(&letters)
            && !word.chars().all(|c| c.is_ascii_digit() || c == ':')
        {
            return Err(WhenError::not_a_time(
                input,
                &format!("\"{word}\" is not a word of a time"),
            ));
        }
    }
    // "next friday": the coming Friday, as people mean it (interim reads it as the Friday of
    // next week); on a Friday, the one a week later.
    let local_now = now.with_timezone(&tz);
    let today = WEEKDAYS[local_now.weekday().num_days_from_monday() as usize];
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    let mut i = 0;
    while i + 1 < words.len() {
        let day = WEEKDAYS.iter().find(|d| {
            words[i + 1] == **d || d.starts_with(words[i + 1]) && words[i + 1].len() >= 3
        });
        if words[i] == "next" && day.is_some_and(|d| *d != today) {
            words.remove(i);
        }
        i += 1;
    }
    let spoken = words.join(" ");
    // Wall-clock forms: let interim work on the local clock read as if it were UTC (every local
    // time exists there), then resolve the local time by our gap/ambiguity policy.
    let wall = Utc.from_utc_datetime(&local_now.naive_local());
    let local = std::panic::catch_unwind(|| {
        interim::parse_date_string(&spoken, wall, interim::Dialect::Uk).map(|t| t.naive_utc())
    })
    .map_err(|_| WhenError::not_a_time(input, "it could not be read"))?
    .map_err(|_| WhenError::not_a_time(input, "it could not be read"))?;
    Ok(resolve_local(tz, local))
}

/// Like [`parse_when`], for a time to send at: a time that has passed is an error, which says
/// how the input was read.
pub fn parse_send_time(
    input: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<DateTime<Utc>, WhenError> {
    let t = parse_when(input, now, tz)?;
    // A minute of grace: "now"-ish forms and a clock that ticked while reading.
    if t < now - Duration::seconds(60) {
        return Err(WhenError(format!(
            "`{input}` was read as {}, which has passed (it is now {}); give a time to come, or leave --at out to send now",
            crate::calendar::format_in(t, tz),
            crate::calendar::format_in(now, tz),
        )));
    }
    Ok(t)
}

/// Every "H:MM" in the input is a time of day: hours 0-23, minutes 0-59.
fn check_clock_times(input: &str, s: &str) -> Result<(), WhenError> {
    let bytes = s.as_bytes();
    for (i, _) in s.match_indices(':') {
        let h_start = bytes[..i]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |p| p + 1);
        let m_end = bytes[i + 1..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |p| i + 1 + p);
        let (h, m) = (&s[h_start..i], &s[i + 1..m_end]);
        if h.is_empty() || m.is_empty() || h.len() > 2 || m.len() != 2 {
            continue;
        }
        let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>()) else {
            continue;
        };
        if h > 23 || m > 59 {
            return Err(WhenError::not_a_time(
                input,
                &format!("{h}:{m:02} is not a time of day (hours 00-23, minutes 00-59)"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const ROME: Tz = chrono_tz::Europe::Rome;

    #[test]
    fn forms_people_type() {
        // Wed 25 Nov 2026, 15:00 in Rome.
        let now = utc("2026-11-25T15:00:00+01:00");
        let p = |s: &str| parse_when(s, now, ROME);
        assert_eq!(p("tomorrow 9:00"), Ok(utc("2026-11-26T09:00:00+01:00")));
        assert_eq!(p("monday 08:30"), Ok(utc("2026-11-30T08:30:00+01:00")));
        assert_eq!(p("in 2 hours"), Ok(utc("2026-11-25T17:00:00+01:00")));
        assert_eq!(p("2026-12-01 10:00"), Ok(utc("2026-12-01T10:00:00+01:00")));
        assert_eq!(
            p("2026-12-01T10:00:00+09:00"),
            Ok(utc("2026-12-01T01:00:00Z"))
        );
        assert_eq!(p("now"), Ok(now));
        assert!(p("whenever").is_err());
        assert!(p("").is_err());
        assert!(p("2026-13-45 25:99").is_err());
    }

    #[test]
    fn strict_forms_say_how_they_were_read() {
        // Sun 6 Dec 2026, 17:30 in Rome.
        let now = utc("2026-12-06T17:30:00+01:00");
        let p = |s: &str| parse_when(s, now, ROME);
        for bad in [
            "2026-12-07 25:00",
            "tomorrow 24:00",
            "monday 9:75",
            "in 2 hourz",
            "next fryday",
            "tomorow 9:00",
        ] {
            let e = p(bad).expect_err(bad);
            assert!(e.0.contains(bad), "{e}");
        }
        assert!(
            p("2026-12-07 25:00")
                .unwrap_err()
                .0
                .contains("25:00 is not a time of day")
        );
        assert!(p("in 2 hourz").unwrap_err().0.contains("\"hourz\""));
        // "next friday" on a Sunday is the coming Friday, 11 Dec; on a Friday, a week later.
        assert_eq!(p("next friday 10:00"), Ok(utc("2026-12-11T10:00:00+01:00")));
        assert_eq!(p("friday 10:00"), Ok(utc("2026-12-11T10:00:00+01:00")));
        let friday = utc("2026-12-11T08:00:00+01:00");
        assert_eq!(
            parse_when("next friday 10:00", friday, ROME),
            Ok(utc("2026-12-18T10:00:00+01:00"))
        );
        assert_eq!(p("in 2 hours"), Ok(utc("2026-12-06T19:30:00+01:00")));
        assert_eq!(p("in 1 day"), Ok(utc("2026-12-07T17:30:00+01:00")));
        // A time to send at must be to come.
        let e = parse_send_time("2026-12-01 10:00", now, ROME).unwrap_err();
        assert!(
            e.0.contains("was read as Tue 01 Dec 10:00 Europe/Rome, which has passed"),
            "{e}"
        );
        assert!(parse_send_time("now", now, ROME).is_ok());
        assert!(parse_send_time("tomorrow 9:00", now, ROME).is_ok());
    }

    #[test]
    fn dst_gap_and_fold_follow_the_calendar_policy() {
        let now = utc("2026-03-27T12:00:00+01:00");
        // 29 Mar 02:30 does not exist in Rome: the first moment after the gap, 03:00 CEST.
        assert_eq!(
            parse_when("2026-03-29 02:30", now, ROME),
            Ok(utc("2026-03-29T01:00:00Z"))
        );
        assert_eq!(
            parse_when("sunday 02:30", now, ROME),
            Ok(utc("2026-03-29T01:00:00Z"))
        );
        // 25 Oct 02:30 happens twice: the earlier, 02:30 CEST.
        let now = utc("2026-10-23T12:00:00+02:00");
        assert_eq!(
            parse_when("2026-10-25 02:30", now, ROME),
            Ok(utc("2026-10-25T00:30:00Z"))
        );
        // Real time across the change: Sat 28 Mar 23:00 CET + 4 hours = 04:00 CEST.
        let now = utc("2026-03-28T23:00:00+01:00");
        assert_eq!(
            parse_when("in 4 hours", now, ROME),
            Ok(utc("2026-03-29T02:00:00Z"))
        );
    }
}
