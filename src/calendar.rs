//! Business hours in real time zones (chrono-tz, DST-correct): is a moment inside someone's
//! working day, and when is the next moment that suits everyone.
//!
//! Local times that do not exist (the spring-forward gap) resolve to the first moment after the
//! gap; ambiguous ones (the fall-back hour) to the earlier of the two.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

/// Someone's working week in their own zone.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessHours {
    pub tz: Tz,
    pub open: NaiveTime,
    pub close: NaiveTime,
    /// Monday first.
    pub days: [bool; 7],
    pub holidays: BTreeSet<NaiveDate>,
}

impl BusinessHours {
    /// 09:00-18:00, Monday to Friday, no holidays.
    pub fn standard(tz: Tz) -> Self {
        BusinessHours {
            tz,
            open: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            close: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            days: [true, true, true, true, true, false, false],
            holidays: BTreeSet::new(),
        }
    }

    /// The same hours and days in another zone, without the holidays (they are the sender's).
    pub fn in_zone(&self, tz: Tz) -> Self {
        BusinessHours {
            tz,
            holidays: BTreeSet::new(),
            ..self.clone()
        }
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.days[date.weekday().num_days_from_monday() as usize] && !self.holidays.contains(&date)
    }

    /// Whether `t` falls inside business hours on a business day, in this zone.
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        let local = t.with_timezone(&self.tz);
        let time = local.time();
        self.is_business_day(local.date_naive()) && time >= self.open && time < self.close
    }

    /// The opening moment of `date`, if it is a business day.
    pub fn opening(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        self.is_business_day(date)
            .then(|| resolve_local(self.tz, date.and_time(self.open)))
    }

    /// The first moment at or after `t` when this calendar is open (within a year).
    pub fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.is_open(t) {
            return Some(t);
        }
        let start = t.with_timezone(&self.tz).date_naive();
        (0..=366)
            .filter_map(|d| self.opening(start + Duration::days(d)))
            .find(|&o| o >= t)
    }

    /// The moment `days` business days after `t`: from the first open moment at or after `t`,
    /// the same time of day that many business days later (a message that arrives on Friday at
    /// 11:00 is due by Monday 11:00; one that arrives on Saturday, by Tuesday 09:00).
    pub fn add_business_days(&self, t: DateTime<Utc>, days: u32) -> Option<DateTime<Utc>> {
        let start = self.next_open(t)?.with_timezone(&self.tz);
        let mut date = start.date_naive();
        let mut left = days;
        let mut guard = 0;
        while left > 0 {
            date += Duration::days(1);
            if self.is_business_day(date) {
                left -= 1;
            }
            guard += 1;
            if guard > 3660 {
                return None;
            }
        }
        Some(resolve_local(self.tz, date.and_time(start.time())))
    }

    /// "Mon–Fri 09:00–18:00"
    pub fn describe(&self) -> String {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let days: Vec<&str> = names
            .iter()
            .zip(self.days)
            .filter_map(|(n, on)| on.then_some(*n))
            .collect();
        let days = if days == ["Mon", "Tue", "Wed", "Thu", "Fri"] {
            "Mon–Fri".to_string()
        } else {
            days.join(", ")
        };
        format!(
            "{days} {}–{}",
            self.open.format("%H:%M"),
            self.close.format("%H:%M")
        )
    }
}

/// A local wall-clock time in `tz` as an instant: the earlier of two in the fall-back hour, the
/// first moment after the gap in the spring-forward hour.
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    if let Some(t) = tz.from_local_datetime(&local).earliest() {
        return t.with_timezone(&Utc);
    }
    // In a gap: step forward minute by minute (gaps are at most a few hours).
    (1..=24 * 60)
        .find_map(|m| {
            tz.from_local_datetime(&(local + Duration::minutes(m)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// The first moment at or after `t` when every calendar is open, looking `days` ahead.
///
/// The answer is `t` itself or the opening time of one of the calendars (the intersection of
/// open intervals starts where one of them starts), so only those moments are tried.
pub fn next_common_open(
    parties: &[&BusinessHours],
    t: DateTime<Utc>,
    days: i64,
) -> Option<DateTime<Utc>> {
    let mut candidates = vec![t];
    for p in parties {
        let start = t.with_timezone(&p.tz).date_naive() - Duration::days(1);
        candidates.extend((0..=days + 1).filter_map(|d| p.opening(start + Duration::days(d))));
    }
    candidates.retain(|&c| c >= t && c <= t + Duration::days(days));
    candidates.sort();
    candidates
        .into_iter()
        .find(|&c| parties.iter().all(|p| p.is_open(c)))
}

/// "Mon 23 Nov 09:00 Europe/Rome"
pub fn format_in(t: DateTime<Utc>, tz: Tz) -> String {
    format!(
        "{} {}",
        t.with_timezone(&tz).format("%a %d %b %H:%M"),
        tz.name()
    )
}

/// Parses "09:00-18:00".
pub fn parse_hours(s: &str) -> Result<(NaiveTime, NaiveTime), BadHours> {
    let (a, b) = s.split_once(['-', '–']).ok_or(BadHours::NotRange)?;
    let t = |x: &str| {
        NaiveTime::parse_from_str(x.trim(), "%H:%M")
            .map_err(|_| BadHours::NotTime(x.trim().to_string()))
    };
    let (open, close) = (t(a)?, t(b)?);
    if open >= close {
        return Err(BadHours::Backwards);
    }
    Ok((open, close))
}

/// What is wrong with business hours as written (the config says it in the user's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadHours {
    /// Not two times with a dash between them.
    NotRange,
    /// This part is not a time of day.
    NotTime(String),
    /// The day closes before it opens.
    Backwards,
}

/// Parses "Mon", "monday", "Tue", ...
pub fn parse_weekday(s: &str) -> Result<Weekday, chrono::ParseWeekdayError> {
    s.trim().parse::<Weekday>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn open_and_closed_in_rome() {
        let rome = BusinessHours::standard(chrono_tz::Europe::Rome);
        assert!(rome.is_open(utc("2026-11-23T10:00:00+01:00")));
        assert!(!rome.is_open(utc("2026-11-23T18:00:00+01:00")));
        assert!(!rome.is_open(utc("2026-11-21T10:00:00+01:00"))); // Saturday
        assert_eq!(
            rome.next_open(utc("2026-11-21T23:00:00+01:00")),
            Some(utc("2026-11-23T09:00:00+01:00"))
        );
    }

    #[test]
    fn holidays_are_closed() {
        let mut rome = BusinessHours::standard(chrono_tz::Europe::Rome);
        rome.holidays
            .insert(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        assert_eq!(
            rome.next_open(utc("2026-12-24T19:00:00+01:00")),
            Some(utc("2026-12-28T09:00:00+01:00"))
        );
    }

    #[test]
    fn tokyo_morning_is_the_previous_evening_in_rome() {
        let rome = BusinessHours::standard(chrono_tz::Europe::Rome);
        let tokyo = rome.in_zone(chrono_tz::Asia::Tokyo);
        // Mon 23 Nov 10:00 Rome = 18:00 Tokyo: Tokyo is closed. Rome and Tokyo overlap 09:00-10:00
        // Rome (17:00-18:00 Tokyo) on the next business day.
        let next = next_common_open(&[&rome, &tokyo], utc("2026-11-23T10:00:00+01:00"), 7);
        assert_eq!(next, Some(utc("2026-11-24T09:00:00+01:00")));
    }

    #[test]
    fn dst_change_moves_the_utc_opening() {
        let rome = BusinessHours::standard(chrono_tz::Europe::Rome);
        // Fri 27 Mar 2026 09:00 CET = 08:00Z; Mon 30 Mar 2026 09:00 CEST = 07:00Z.
        assert_eq!(
            rome.opening(NaiveDate::from_ymd_opt(2026, 3, 27).unwrap()),
            Some(utc("2026-03-27T08:00:00Z"))
        );
        assert_eq!(
            rome.opening(NaiveDate::from_ymd_opt(2026, 3, 30).unwrap()),
            Some(utc("2026-03-30T07:00:00Z"))
        );
    }

    #[test]
    fn gap_and_ambiguous_local_times() {
        let rome = chrono_tz::Europe::Rome;
        // 29 Mar 2026 02:30 does not exist in Rome: the first moment after the gap is 03:00 CEST.
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(resolve_local(rome, gap), utc("2026-03-29T01:00:00Z"));
        // 25 Oct 2026 02:30 happens twice: the earlier is 02:30 CEST.
        let amb = NaiveDate::from_ymd_opt(2026, 10, 25)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(resolve_local(rome, amb), utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn one_business_day_later() {
        let rome = BusinessHours::standard(chrono_tz::Europe::Rome);
        let due = |s| rome.add_business_days(utc(s), 1);
        assert_eq!(
            due("2026-11-20T11:00:00+01:00"),
            Some(utc("2026-11-23T11:00:00+01:00"))
        );
        assert_eq!(
            due("2026-11-21T11:00:00+01:00"),
            Some(utc("2026-11-24T09:00:00+01:00"))
        );
        assert_eq!(
            due("2026-11-23T20:00:00+01:00"),
            Some(utc("2026-11-25T09:00:00+01:00"))
        );
    }

    #[test]
    fn parses_hours_and_days() {
        assert!(parse_hours("09:00-18:00").is_ok());
        assert!(parse_hours("18:00-09:00").is_err());
        assert!(parse_hours("9-6").is_err());
        assert_eq!(parse_weekday("Mon"), Ok(Weekday::Mon));
        assert!(parse_weekday("Lun").is_err());
    }
}
