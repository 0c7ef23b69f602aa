//! Why an entry's send time is what it is ("off-hours: deferred to ...", "held for a cool-down
//! until ..."), kept in the queue as a message of the interface language: an id of
//! `locales/<lang>/mailcheck.ftl` with its arguments, put into words when `outbox list/show`,
//! `send` or `serve` show it, in the language of whoever reads it.
//!
//! In the meta JSON (files and PostgreSQL's `meta` column alike) a reason is
//! `{"id": "reason-off-hours", "args": {"when": {"times": [["2026-11-23T08:00:00Z", "Europe/Rome"]]}}}`;
//! an entry written before reasons were messages has plain English strings, which still load
//! and are shown as they are.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::i18n::{self, Arg};
use crate::lang::Lang;

/// One reason of a queue entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Reason {
    /// A message by id, worded when shown.
    Said {
        id: String,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        args: BTreeMap<String, ReasonArg>,
    },
    /// An entry's reason from before (English), shown as written.
    Text(String),
}

/// An argument of a stored reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonArg {
    /// Shown as it is (an id, a date written as data).
    Str(String),
    Num(i64),
    /// One moment in one or more zones (by IANA name), in the reader's words
    /// ("Mon 23 Nov 09:00 Europe/Rome = Mon 23 Nov 17:00 Asia/Tokyo").
    Times(Vec<(DateTime<Utc>, String)>),
}

impl Reason {
    /// A reason by message id (one of `reason-*` in the .ftl files).
    pub fn new(id: &str) -> Self {
        Reason::Said {
            id: id.to_string(),
            args: BTreeMap::new(),
        }
    }

    fn with(mut self, name: &str, value: ReasonArg) -> Self {
        if let Reason::Said { args, .. } = &mut self {
            args.insert(name.to_string(), value);
        }
        self
    }

    /// Text shown as it is.
    pub fn str(self, name: &str, value: impl Into<String>) -> Self {
        self.with(name, ReasonArg::Str(value.into()))
    }

    /// A moment shown in each of `zones` (the first is the sender's).
    pub fn times(self, name: &str, at: DateTime<Utc>, zones: &[Tz]) -> Self {
        let v = zones.iter().map(|z| (at, z.name().to_string())).collect();
        self.with(name, ReasonArg::Times(v))
    }

    /// Found by a runner `now`, more than `max_lateness` after it was `due`: held.
    pub fn late(now: DateTime<Utc>, due: DateTime<Utc>, id: &str) -> Self {
        let utc = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        Reason::new("reason-late")
            .str("found", utc(now))
            .str("due", utc(due))
            .str("id", id)
    }

    /// Whether this is the reason `id` (an old entry's English text never is).
    pub fn is(&self, id: &str) -> bool {
        matches!(self, Reason::Said { id: mine, .. } if mine == id)
    }

    /// The reason in `lang`: an old entry's text as written; an unknown id (a newer version's)
    /// as its id.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Reason::Text(t) => t.clone(),
            Reason::Said { id, args } => {
                let args: Vec<(&str, Arg)> = args
                    .iter()
                    .map(|(name, v)| {
                        let v = match v {
                            ReasonArg::Str(s) => Arg::Str(s.clone()),
                            ReasonArg::Num(n) => Arg::Num(*n),
                            ReasonArg::Times(ts) => Arg::Times(
                                ts.iter()
                                    .map(|(t, z)| (*t, z.parse::<Tz>().unwrap_or(Tz::UTC)))
                                    .collect(),
                            ),
                        };
                        (name.as_str(), v)
                    })
                    .collect();
                i18n::say(lang, id, args.iter().map(|(n, v)| (*n, v)))
            }
        }
    }

    /// The reason in English (tests, logs).
    pub fn en(&self) -> String {
        self.text(Lang::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_reason_is_worded_in_the_readers_language() {
        let rome: Tz = "Europe/Rome".parse().expect("zone");
        let tokyo: Tz = "Asia/Tokyo".parse().expect("zone");
        let r = Reason::new("reason-off-hours").times(
            "when",
            at("2026-11-23T08:00:00Z"),
            &[rome, tokyo],
        );
        assert_eq!(
            r.en(),
            "off-hours: deferred to the next time inside everyone's business hours, \
             Mon 23 Nov 09:00 Europe/Rome = Mon 23 Nov 17:00 Asia/Tokyo"
        );
        assert!(r.text(Lang::It).contains("lun 23 nov 09:00 Europe/Rome"));
        assert!(r.text(Lang::Ru).contains("Пн 23 ноя 09:00 Europe/Rome"));
        // Stored and read back, the same.
        let json = serde_json::to_string(&r).expect("json");
        assert!(json.contains("\"id\":\"reason-off-hours\""), "{json}");
        let back: Reason = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, r);
    }

    #[test]
    fn an_old_entrys_english_reason_loads_and_is_shown_as_written() {
        let old = "\"off-hours: deferred to the next time inside everyone's business hours, \
                   Mon 23 Nov 09:00 Europe/Rome\"";
        let r: Reason = serde_json::from_str(old).expect("an old reason");
        assert!(matches!(r, Reason::Text(_)));
        assert_eq!(r.text(Lang::Ru), r.en());
        assert!(r.en().starts_with("off-hours: deferred"));
        // Serialised again: still the plain string it was.
        assert_eq!(serde_json::to_string(&r).expect("json"), old);
    }

    #[test]
    fn an_unknown_id_or_zone_never_fails() {
        let r: Reason =
            serde_json::from_str(r#"{"id":"reason-from-the-future","args":{"x":{"num":3}}}"#)
                .expect("loads");
        assert_eq!(r.en(), "reason-from-the-future");
        let r: Reason = serde_json::from_str(
            r#"{"id":"reason-cooldown","args":{"when":{"times":[["2026-11-23T08:00:00Z","Mars/Olympus"]]}}}"#,
        )
        .expect("loads");
        assert!(r.en().contains("08:00 UTC"), "{}", r.en());
    }
}
