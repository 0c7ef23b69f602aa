//! Send times as people type them, in the sender's zone: RFC 3339
//! (`2026-12-01T10:00:00+01:00`), `2026-12-01 10:00`, `tomorrow 9:00`, `monday 08:30`,
//! `in 2 hours`, `now`. The forms in words are read by the `interim` crate.
//!
//! A wall-clock time is resolved with [`crate::calendar::resolve_local`]: a time in the
//! spring-forward gap becomes the first moment after the gap, an ambiguous one in the fall-back
//! hour the earlier of the two. Relative times ("in 2 hours") count real time.

use chrono::{DateTime, Duration, Months, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::calendar::resolve_local;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "`{0}` is not a time: use RFC 3339 (2026-12-01T10:00:00+01:00), \"2026-12-01 10:00\", \"tomorrow 9:00\", \"monday 08:30\" or \"in 2 hours\""
)]
pub struct WhenError(pub String);

/// Reads `input` as a moment, relative to `now`, wall-clock times in `tz`.
pub fn parse_when(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let s = input.trim();
    let err = || WhenError(input.to_string());
    if s.is_empty() {
        return Err(err());
    }
    if s.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
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
    let lower = s.to_lowercase();
    if let Some(rest) = lower.strip_prefix("in ") {
        // "in 2 hours" counts real time, across a DST change too; "in 2 days" keeps the clock.
        let local = now.with_timezone(&tz).naive_local();
        return match interim::parse_duration(rest.trim()).map_err(|_| err())? {
            interim::Interval::Seconds(s) if s >= 0 => Ok(now + Duration::seconds(i64::from(s))),
            interim::Interval::Days(d) if d >= 0 => Ok(resolve_local(
                tz,
                local
                    .checked_add_signed(Duration::days(i64::from(d)))
                    .ok_or_else(err)?,
            )),
            interim::Interval::Months(m) if m >= 0 => Ok(resolve_local(
                tz,
                local
                    .checked_add_months(Months::new(m.unsigned_abs()))
                    .ok_or_else(err)?,
            )),
            _ => Err(err()),
        };
    }
    // Wall-clock forms: let interim work on the local clock read as if it were UTC (every local
    // time exists there), then resolve the local time by our gap/ambiguity policy.
    let wall = Utc.from_utc_datetime(&now.with_timezone(&tz).naive_local());
    let local = std::panic::catch_unwind(|| {
        interim::parse_date_string(s, wall, interim::Dialect::Uk).map(|t| t.naive_utc())
    })
    .map_err(|_| err())?
    .map_err(|_| err())?;
    Ok(resolve_local(tz, local))
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
