//! Dates written the way each language writes them in a letter ("Wednesday 18 November",
//! "mercoledì 18 novembre", "среду, 18 ноября" after «в»), from chrono's locale data.

use chrono::{DateTime, Datelike, Duration, Locale, TimeZone};

use crate::draft::Lang;

fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::En => Locale::en_GB,
        Lang::It => Locale::it_IT,
        Lang::Ru => Locale::ru_RU,
    }
}

/// A day, to follow "by"/"entro"/"в": en "Wednesday 18 November", it "mercoledì 18 novembre",
/// ru "среду, 18 ноября" (the weekday in the accusative, as after «в»).
pub fn day<Tz: TimeZone>(t: &DateTime<Tz>, lang: Lang) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match lang {
        Lang::Ru => {
            let weekday = t
                .format_localized("%A", Locale::ru_RU)
                .to_string()
                .to_lowercase();
            let weekday = match weekday.strip_suffix('а') {
                Some(stem) => format!("{stem}у"),
                None => weekday,
            };
            format!("{weekday}, {}", t.format_localized("%-d %B", Locale::ru_RU))
        }
        _ => t.format_localized("%A %-d %B", locale(lang)).to_string(),
    }
}

/// A day and a time: "Wednesday 18 November at 10:00", "mercoledì 18 novembre alle 10:00",
/// "среду, 18 ноября, в 10:00".
pub fn day_time<Tz: TimeZone>(t: &DateTime<Tz>, lang: Lang) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let hm = t.format("%H:%M");
    match lang {
        Lang::En => format!("{} at {hm}", day(t, lang)),
        Lang::It => format!("{} alle {hm}", day(t, lang)),
        Lang::Ru => format!("{}, в {hm}", day(t, lang)),
    }
}

/// The working week of `t`, Monday to Friday: "23–27 November", "23–27 novembre",
/// "23–27 ноября" (or "30 November – 4 December" across months).
pub fn week<Tz: TimeZone>(t: &DateTime<Tz>, lang: Lang) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let monday = t.clone() - Duration::days(i64::from(t.weekday().num_days_from_monday()));
    let friday = monday.clone() + Duration::days(4);
    let l = locale(lang);
    if monday.month() == friday.month() {
        format!("{}–{}", monday.day(), friday.format_localized("%-d %B", l))
    } else {
        format!(
            "{} – {}",
            monday.format_localized("%-d %B", l),
            friday.format_localized("%-d %B", l)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Rome;

    #[test]
    fn days_in_three_languages() {
        let t = Rome.with_ymd_and_hms(2026, 11, 18, 10, 0, 0).unwrap();
        assert_eq!(day(&t, Lang::En), "Wednesday 18 November");
        assert_eq!(day(&t, Lang::It), "mercoledì 18 novembre");
        assert_eq!(day(&t, Lang::Ru), "среду, 18 ноября");
        assert_eq!(day_time(&t, Lang::It), "mercoledì 18 novembre alle 10:00");
        assert_eq!(week(&t, Lang::En), "16–20 November");
        let t = Rome.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap();
        assert_eq!(week(&t, Lang::Ru), "30 ноября – 4 декабря");
    }
}
