//! `mailcheck report`: what clients ask about, how much, and whether it gets better.
//!
//! Definitions (docs/desk.md repeats them for users):
//! - a **request** is an incoming message that is not automated and either starts its thread or
//!   is the first client message after one of your replies (a client's "any news?" before you
//!   answered belongs to the request it chases, and is not counted again);
//! - its **category** comes from the word lists of `lints/report.toml` ([`categories`]), read on
//!   the subject and the client's own words (quotes and signatures are left out);
//! - its **reply time** is the time to your first reply in the thread ([`Threads::answer`]); it
//!   was **within the deadline** when that reply came at most `[desk] reply_within_days` business
//!   days after it (the `[sender]` calendar); an unanswered request whose deadline is later than
//!   the newest message read is **open** and left out of that share;
//! - periods (weeks from Monday, months) and hours are in the sender's time zone; a request is in
//!   `--from`/`--to` by its local date. Replies are looked for in all the mail read, also after
//!   `--to`;
//! - **FAQ candidates** ([`faq`]): groups of similar requests from different clients.

pub mod categories;
pub mod faq;
pub mod html;
pub mod text;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc};
use serde::Serialize;

use crate::desk::mailstore::{Direction, Loaded, Record};
use crate::desk::{DeskSettings, Threads, bare_subject};
use crate::draft::{Draft, LineKind};
use crate::lexicon::{Lexicon, Scope};

pub use categories::Categories;

/// What the report keeps of each message read (the `analyze` of [`crate::desk::mailstore::load`]).
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Index into [`Categories`]; `names.len()` is "other".
    pub category: usize,
    /// The FAQ token set ([`faq::tokens`]).
    pub tokens: Box<[u64]>,
    /// The first words of the client's own text (or the subject), for FAQ examples.
    pub excerpt: String,
}

/// Classifies parsed messages; built once per run, shared by the parsing threads.
#[derive(Debug)]
pub struct Analyzer {
    pub categories: Categories,
    stop: HashSet<String>,
    /// Reply/forward prefixes taken off subjects (`lints/desk.toml`).
    prefixes: Vec<String>,
}

/// Characters of an FAQ example.
const EXCERPT_CHARS: usize = 140;

impl Analyzer {
    pub fn new(lex: &Lexicon) -> Self {
        let stop = lex
            .entries("draft", "stopwords", Scope::All)
            .into_iter()
            .chain(lex.entries(categories::FILE, "stopwords", Scope::All))
            .map(str::to_lowercase)
            .collect();
        Analyzer {
            categories: Categories::from_lexicon(lex),
            stop,
            prefixes: crate::desk::subject_prefixes(lex),
        }
    }

    pub fn analyze(&self, lex: &Lexicon, draft: &Draft) -> Analysis {
        let subject = bare_subject(
            draft.headers.subject.as_deref().unwrap_or_default(),
            &self.prefixes,
        );
        let own: Vec<&str> = draft
            .lines
            .iter()
            .enumerate()
            .filter(|(i, l)| l.kind == LineKind::Own && Some(*i) != draft.greeting)
            .map(|(_, l)| l.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        let body = own.join("\n");
        let text = format!("{subject}\n{body}");
        let first = if body.is_empty() { subject } else { &body };
        let mut excerpt: String = first
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(EXCERPT_CHARS + 1)
            .collect();
        if excerpt.chars().count() > EXCERPT_CHARS {
            excerpt = excerpt.chars().take(EXCERPT_CHARS - 1).collect();
            excerpt.push('…');
        }
        Analysis {
            category: self.categories.classify(lex, &text),
            tokens: faq::tokens(&text, &self.stop).into_boxed_slice(),
            excerpt,
        }
    }
}

/// Weeks (from Monday) or calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Week,
    Month,
}

impl Per {
    /// The first day of the period holding `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Per::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Per::Month => d.with_day(1).unwrap_or(d),
        }
    }

    /// The first day of the next period.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Per::Week => start + Duration::days(7),
            Per::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(start + Duration::days(31)),
        }
    }

    /// "2026-10" or "2026-W43" (ISO week).
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Per::Week => {
                let w = start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Per::Month => start.format("%Y-%m").to_string(),
        }
    }
}

/// What to report.
#[derive(Debug, Clone)]
pub struct Options {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub per: Per,
}

/// The whole report; `--format json` prints exactly this (fields documented in docs/desk.md).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// First and last day reported (local dates); null when there is nothing to report.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub per: Per,
    /// The sender's zone (periods, hours and dates are in it).
    pub timezone: String,
    /// Messages read (each Message-ID once), and files that were not messages.
    pub messages: usize,
    pub skipped: usize,
    /// The category names, in table order, "other" last.
    pub categories: Vec<String>,
    pub periods: Vec<PeriodStats>,
    /// The whole range (`change` fields are null).
    pub total: Stats,
    /// Requests per weekday (Monday first) and local hour (0-23).
    pub hours: Vec<Vec<u32>>,
    /// The busiest weekday-hours, most requests first (at most `busiest_hours`).
    pub busiest: Vec<HourSlot>,
    pub faq: Vec<Faq>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodStats {
    /// "2026-10" or "2026-W43".
    pub period: String,
    pub start: NaiveDate,
    /// Last day, included.
    pub end: NaiveDate,
    #[serde(flatten)]
    pub stats: Stats,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub requests: usize,
    /// Distinct client addresses that sent them.
    pub clients: usize,
    /// Every category, in order, also those with no request.
    pub categories: Vec<CategoryCount>,
    pub replies: Replies,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryCount {
    pub category: String,
    pub count: usize,
    /// count / requests, rounded to 4 decimals (0 when there is no request).
    pub share: f64,
    /// count minus the previous period's (null for the first period and the total).
    pub change: Option<i64>,
    /// share minus the previous period's share.
    pub share_change: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Replies {
    pub answered: usize,
    pub unanswered: usize,
    /// Unanswered, with a deadline after the newest message read: still in time.
    pub open: usize,
    /// Time to first reply of the answered requests, nearest-rank percentiles, in seconds.
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
    /// Answered within `reply_within_days` business days.
    pub within_deadline: usize,
    /// within_deadline / (requests - open), rounded to 4 decimals; null when that is 0.
    pub within_deadline_share: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HourSlot {
    /// "Mon".."Sun".
    pub weekday: String,
    pub hour: u32,
    pub requests: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Faq {
    pub requests: usize,
    pub clients: usize,
    /// The most frequent category of the group (ties: table order).
    pub category: String,
    /// The clients' addresses, sorted.
    pub addresses: Vec<String>,
    /// The group's first request.
    pub example: Example,
}

#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub from: String,
    /// Local time, RFC 3339.
    pub date: DateTime<FixedOffset>,
    pub subject: String,
    pub excerpt: String,
    /// The file (or `mbox:N`) it was read from.
    pub source: String,
}

/// Report thresholds of `lints/report.toml`.
#[derive(Debug, Clone)]
pub struct Thresholds {
    pub faq_similarity: f64,
    pub faq_min_clients: usize,
    pub faq_max: usize,
    pub busiest_hours: usize,
}

impl Thresholds {
    pub fn from_lexicon(lex: &Lexicon) -> Self {
        let int = |k: &str, d: usize| {
            lex.int(categories::FILE, k)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(d)
        };
        Thresholds {
            faq_similarity: lex
                .threshold(categories::FILE, "faq_similarity")
                .and_then(toml::Value::as_float)
                .unwrap_or(0.5),
            faq_min_clients: int("faq_min_clients", 2),
            faq_max: int("faq_max", 10),
            busiest_hours: int("busiest_hours", 5),
        }
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The indices of the records that are requests (see the module doc).
pub fn requests<X>(records: &[Record<X>], threads: &Threads) -> Vec<usize> {
    let mut out = Vec::new();
    for t in 0..threads.len() {
        let mut previous: Option<Direction> = None;
        for &i in threads.members(t) {
            let r = &records[i];
            if r.automated {
                continue;
            }
            if r.direction == Direction::Incoming && previous != Some(Direction::Incoming) {
                out.push(i);
            }
            previous = Some(r.direction);
        }
    }
    out.sort_unstable();
    out
}

/// One request, as the tables need it.
struct Req<'a> {
    record: &'a Record<Analysis>,
    local: DateTime<chrono_tz::Tz>,
    period: usize,
    reply_seconds: Option<i64>,
    in_time: bool,
    open: bool,
}

/// Builds the report from what [`crate::desk::mailstore::load`] read with
/// [`Analyzer::analyze`].
pub fn build(
    loaded: &Loaded<Analysis>,
    desk: &DeskSettings,
    analyzer: &Analyzer,
    thresholds: &Thresholds,
    options: &Options,
) -> Report {
    let records = &loaded.records;
    let tz = desk.calendar.tz;
    let threads = Threads::build(records);
    let newest: Option<DateTime<Utc>> = records.last().map(|r| r.date);
    let local_date = |r: &Record<Analysis>| r.date.with_timezone(&tz).date_naive();

    let mut chosen: Vec<usize> = requests(records, &threads)
        .into_iter()
        .filter(|&i| {
            let d = local_date(&records[i]);
            let not_client = records[i]
                .from
                .as_deref()
                .is_some_and(|f| crate::desk::address_in(f, &desk.not_clients));
            !not_client && options.from.is_none_or(|f| d >= f) && options.to.is_none_or(|t| d <= t)
        })
        .collect();
    chosen.sort_by_key(|&i| (records[i].date, i));

    let from = options
        .from
        .or_else(|| chosen.first().map(|&i| local_date(&records[i])));
    let to = options
        .to
        .or_else(|| chosen.last().map(|&i| local_date(&records[i])));

    // The periods from the one holding `from` to the one holding `to`, empty ones included.
    let mut starts: Vec<NaiveDate> = Vec::new();
    if let (Some(f), Some(t)) = (from, to) {
        let mut s = options.per.start(f);
        while s <= t {
            starts.push(s);
            s = options.per.next(s);
        }
    }
    let period_of = |d: NaiveDate| starts.partition_point(|&s| s <= d).saturating_sub(1);

    let reqs: Vec<Req> = chosen
        .iter()
        .map(|&i| {
            let record = &records[i];
            let deadline = desk
                .calendar
                .add_business_days(record.date, desk.reply_within_days);
            let answer = threads.answer(records, i).map(|j| records[j].date);
            let reply_seconds = answer.map(|a| (a - record.date).num_seconds());
            let in_time = matches!((answer, deadline), (Some(a), Some(d)) if a <= d);
            let open =
                answer.is_none() && matches!((deadline, newest), (Some(d), Some(n)) if d > n);
            let local = record.date.with_timezone(&tz);
            Req {
                record,
                local,
                period: period_of(local.date_naive()),
                reply_seconds,
                in_time,
                open,
            }
        })
        .collect();

    let all_names = analyzer.categories.all();
    let stats_of = |subset: &[&Req]| -> Stats { stats(subset, &all_names) };

    let mut by_period: Vec<Vec<&Req>> = vec![Vec::new(); starts.len()];
    for r in &reqs {
        if let Some(b) = by_period.get_mut(r.period) {
            b.push(r);
        }
    }
    let mut periods: Vec<PeriodStats> = Vec::with_capacity(starts.len());
    for (&start, subset) in starts.iter().zip(&by_period) {
        let mut s = stats_of(subset);
        if let Some(prev) = periods.last() {
            for (c, old) in s.categories.iter_mut().zip(&prev.stats.categories) {
                c.change = Some(c.count as i64 - old.count as i64);
                c.share_change = Some(round4(c.share - old.share));
            }
        }
        let end = options.per.next(start) - Duration::days(1);
        periods.push(PeriodStats {
            period: options.per.label(start),
            start,
            end,
            stats: s,
        });
    }
    let everything: Vec<&Req> = reqs.iter().collect();
    let total = stats_of(&everything);

    let mut hours = vec![vec![0u32; 24]; 7];
    for r in &reqs {
        let d = r.local.weekday().num_days_from_monday() as usize;
        hours[d][r.local.hour() as usize] += 1;
    }
    let mut busiest: Vec<HourSlot> = hours
        .iter()
        .enumerate()
        .flat_map(|(d, row)| {
            row.iter().enumerate().map(move |(h, &n)| HourSlot {
                weekday: WEEKDAYS[d].to_string(),
                hour: h as u32,
                requests: n,
            })
        })
        .filter(|s| s.requests > 0)
        .collect();
    // Most requests first; equal counts in week order.
    busiest.sort_by_key(|s| std::cmp::Reverse(s.requests));
    busiest.truncate(thresholds.busiest_hours);

    let faq = faq_candidates(&reqs, analyzer, thresholds, tz);

    Report {
        from,
        to,
        per: options.per,
        timezone: tz.name().to_string(),
        messages: records.len(),
        skipped: loaded.skipped.len(),
        categories: all_names,
        periods,
        total,
        hours,
        busiest,
        faq,
    }
}

fn stats(reqs: &[&Req], names: &[String]) -> Stats {
    let n = reqs.len();
    let mut counts = vec![0usize; names.len()];
    for r in reqs {
        let c = r.record.extra.category.min(names.len() - 1);
        counts[c] += 1;
    }
    let categories = names
        .iter()
        .zip(&counts)
        .map(|(name, &count)| CategoryCount {
            category: name.clone(),
            count,
            share: if n == 0 {
                0.0
            } else {
                round4(count as f64 / n as f64)
            },
            change: None,
            share_change: None,
        })
        .collect();
    let mut times: Vec<i64> = reqs.iter().filter_map(|r| r.reply_seconds).collect();
    times.sort_unstable();
    let rank = |p: f64| -> Option<i64> {
        if times.is_empty() {
            return None;
        }
        let k = ((p * times.len() as f64).ceil() as usize).clamp(1, times.len());
        Some(times[k - 1])
    };
    let open = reqs.iter().filter(|r| r.open).count();
    let within = reqs.iter().filter(|r| r.in_time).count();
    let clients: BTreeSet<&str> = reqs
        .iter()
        .filter_map(|r| r.record.from.as_deref())
        .collect();
    Stats {
        requests: n,
        clients: clients.len(),
        categories,
        replies: Replies {
            answered: times.len(),
            unanswered: n - times.len(),
            open,
            median_seconds: rank(0.5),
            p90_seconds: rank(0.9),
            within_deadline: within,
            within_deadline_share: (n > open).then(|| round4(within as f64 / (n - open) as f64)),
        },
    }
}

fn faq_candidates(
    reqs: &[Req],
    analyzer: &Analyzer,
    thresholds: &Thresholds,
    tz: chrono_tz::Tz,
) -> Vec<Faq> {
    let sets: Vec<&[u64]> = reqs.iter().map(|r| &*r.record.extra.tokens).collect();
    let roots = faq::group(&sets, thresholds.faq_similarity);
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &root) in roots.iter().enumerate() {
        groups.entry(root).or_default().push(i);
    }
    let n_cats = analyzer.categories.names.len() + 1;
    let mut out: Vec<(usize, Faq)> = groups
        .into_iter()
        .filter_map(|(root, members)| {
            let addresses: BTreeSet<String> = members
                .iter()
                .filter_map(|&i| reqs[i].record.from.clone())
                .collect();
            if addresses.len() < thresholds.faq_min_clients.max(2) {
                return None;
            }
            let mut counts = vec![0usize; n_cats];
            for &i in &members {
                counts[reqs[i].record.extra.category.min(n_cats - 1)] += 1;
            }
            let best = (0..n_cats)
                .max_by_key(|&c| (counts[c], std::cmp::Reverse(c)))
                .unwrap_or(n_cats - 1);
            let first = reqs[members[0]].record;
            Some((
                root,
                Faq {
                    requests: members.len(),
                    clients: addresses.len(),
                    category: analyzer.categories.name(best).to_string(),
                    addresses: addresses.into_iter().collect(),
                    example: Example {
                        from: first.from.clone().unwrap_or_default(),
                        date: first.date.with_timezone(&tz).fixed_offset(),
                        subject: first.subject.clone(),
                        excerpt: first.extra.excerpt.clone(),
                        source: first.source.clone(),
                    },
                },
            ))
        })
        .collect();
    out.sort_by_key(|(root, f)| (std::cmp::Reverse(f.requests), *root));
    out.truncate(thresholds.faq_max);
    out.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::draft::Lang;

    fn rec(
        id: &str,
        dir: Direction,
        from: &str,
        at: &str,
        irt: Option<&str>,
        category: usize,
        words: &str,
    ) -> Record<Analysis> {
        Record {
            source: format!("{id}.eml"),
            message_id: Some(id.into()),
            in_reply_to: irt.iter().map(|s| s.to_string()).collect(),
            references: irt.iter().map(|s| s.to_string()).collect(),
            from: Some(from.into()),
            from_name: None,
            to: vec![],
            date: DateTime::parse_from_rfc3339(at)
                .unwrap()
                .with_timezone(&Utc),
            subject: format!("subject {id}"),
            direction: dir,
            automated: false,
            language: Lang::En,
            extra: Analysis {
                category,
                tokens: faq::tokens(words, &HashSet::new()).into_boxed_slice(),
                excerpt: words.into(),
            },
        }
    }

    use Direction::{Incoming as In, Outgoing as Out};

    /// Shipping = 1, problem = 3, administration = 5, other = 6.
    fn sample() -> Vec<Record<Analysis>> {
        let ship = "when will my parcel be shipped tracking number";
        vec![
            // Thu 1 Oct 10:00 Rome, answered 2 h later.
            rec(
                "a",
                In,
                "c1@x.it",
                "2026-10-01T10:00:00+02:00",
                None,
                1,
                ship,
            ),
            rec(
                "a1",
                Out,
                "me@s.it",
                "2026-10-01T12:00:00+02:00",
                Some("a"),
                0,
                "",
            ),
            // The client again after the reply: a second request (answered next day 09:00).
            rec(
                "a2",
                In,
                "c1@x.it",
                "2026-10-01T17:00:00+02:00",
                Some("a1"),
                3,
                "broken vase",
            ),
            rec(
                "a3",
                In,
                "c1@x.it",
                "2026-10-01T18:00:00+02:00",
                Some("a2"),
                3,
                "any news",
            ),
            rec(
                "a4",
                Out,
                "me@s.it",
                "2026-10-02T09:00:00+02:00",
                Some("a3"),
                0,
                "",
            ),
            // Fri 23 Oct 16:00, answered Tue 27 Oct 10:00 across the weekend and the DST change
            // of Sunday 25 October: 3 days 19 hours, late.
            rec(
                "b",
                In,
                "c2@y.it",
                "2026-10-23T16:00:00+02:00",
                None,
                1,
                ship,
            ),
            rec(
                "b1",
                Out,
                "me@s.it",
                "2026-10-27T10:00:00+01:00",
                Some("b"),
                0,
                "",
            ),
            // Mon 2 Nov 09:30, never answered, long overdue.
            rec(
                "c",
                In,
                "c3@z.it",
                "2026-11-02T09:30:00+01:00",
                None,
                5,
                "invoice october",
            ),
            // Thu 5 Nov 11:00, unanswered, still open (newest message: the same day).
            rec(
                "d",
                In,
                "c2@y.it",
                "2026-11-05T11:00:00+01:00",
                None,
                6,
                "hello",
            ),
        ]
    }

    fn run(records: Vec<Record<Analysis>>, options: Options) -> Report {
        let settings = Settings::for_tests();
        let desk = settings.desk().unwrap();
        let analyzer = Analyzer::new(&settings.env.lexicon);
        let th = Thresholds::from_lexicon(&settings.env.lexicon);
        let loaded = Loaded {
            records,
            skipped: vec!["x: broken".into()],
            me: vec!["me@s.it".into()],
        };
        build(&loaded, &desk, &analyzer, &th, &options)
    }

    fn count(s: &Stats, cat: &str) -> usize {
        s.categories
            .iter()
            .find(|c| c.category == cat)
            .unwrap()
            .count
    }

    #[test]
    fn requests_are_thread_starts_and_the_first_client_message_after_a_reply() {
        let r = sample();
        let t = Threads::build(&r);
        let ids: Vec<&str> = requests(&r, &t)
            .into_iter()
            .map(|i| r[i].message_id.as_deref().unwrap())
            .collect();
        assert_eq!(ids, ["a", "a2", "b", "c", "d"]);
    }

    #[test]
    fn monthly_numbers_are_exact() {
        let rep = run(
            sample(),
            Options {
                from: None,
                to: None,
                per: Per::Month,
            },
        );
        assert_eq!(rep.from, NaiveDate::from_ymd_opt(2026, 10, 1));
        assert_eq!(rep.to, NaiveDate::from_ymd_opt(2026, 11, 5));
        assert_eq!(rep.messages, 9);
        assert_eq!(rep.skipped, 1);
        let labels: Vec<&str> = rep.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2026-10", "2026-11"]);
        let oct = &rep.periods[0].stats;
        assert_eq!(oct.requests, 3);
        assert_eq!(oct.clients, 2);
        assert_eq!(count(oct, "shipping"), 2);
        assert_eq!(count(oct, "problem"), 1);
        assert_eq!(oct.categories[1].share, 0.6667);
        // Reply times 2 h, 16 h, 3 days 19 h (Fri 16:00 -> Tue 10:00, one more hour of DST).
        assert_eq!(oct.replies.answered, 3);
        assert_eq!(oct.replies.median_seconds, Some(16 * 3600));
        assert_eq!(oct.replies.p90_seconds, Some((3 * 24 + 19) * 3600));
        // Deadlines: Fri 2 Oct 10:00, Fri 2 Oct 17:00 (met), Mon 26 Oct 16:00 (missed).
        assert_eq!(oct.replies.within_deadline, 2);
        assert_eq!(oct.replies.within_deadline_share, Some(0.6667));
        let nov = &rep.periods[1].stats;
        assert_eq!(nov.requests, 2);
        assert_eq!(nov.replies.answered, 0);
        assert_eq!(nov.replies.unanswered, 2);
        assert_eq!(nov.replies.open, 1);
        assert_eq!(nov.replies.within_deadline_share, Some(0.0));
        assert_eq!(nov.replies.median_seconds, None);
        let ship = &nov.categories[1];
        assert_eq!(
            (ship.count, ship.change, ship.share_change),
            (0, Some(-2), Some(-0.6667))
        );
        assert_eq!(rep.periods[0].stats.categories[1].change, None);
        assert_eq!(rep.total.requests, 5);
        assert_eq!(rep.total.replies.within_deadline_share, Some(0.5));
        // Hours: Thursday 10:00 and 17:00, Friday 16:00, Monday 09:00, Thursday 11:00.
        assert_eq!(rep.hours[3][10], 1);
        assert_eq!(rep.hours[3][17], 1);
        assert_eq!(rep.hours[4][16], 1);
        assert_eq!(rep.hours[0][9], 1);
        assert_eq!(rep.busiest.len(), 5);
        assert_eq!(rep.busiest[0].weekday, "Mon");
        // The shipping question, asked by two clients.
        assert_eq!(rep.faq.len(), 1);
        assert_eq!(rep.faq[0].requests, 2);
        assert_eq!(rep.faq[0].clients, 2);
        assert_eq!(rep.faq[0].category, "shipping");
        assert_eq!(rep.faq[0].addresses, ["c1@x.it", "c2@y.it"]);
        assert_eq!(rep.faq[0].example.source, "a.eml");
    }

    #[test]
    fn weeks_and_the_date_range() {
        let rep = run(
            sample(),
            Options {
                from: NaiveDate::from_ymd_opt(2026, 10, 19),
                to: NaiveDate::from_ymd_opt(2026, 11, 8),
                per: Per::Week,
            },
        );
        let labels: Vec<(&str, NaiveDate)> = rep
            .periods
            .iter()
            .map(|p| (p.period.as_str(), p.start))
            .collect();
        assert_eq!(
            labels,
            [
                ("2026-W43", NaiveDate::from_ymd_opt(2026, 10, 19).unwrap()),
                ("2026-W44", NaiveDate::from_ymd_opt(2026, 10, 26).unwrap()),
                ("2026-W45", NaiveDate::from_ymd_opt(2026, 11, 2).unwrap())
            ]
        );
        assert_eq!(rep.periods[0].stats.requests, 1);
        assert_eq!(rep.periods[1].stats.requests, 0);
        assert_eq!(rep.periods[1].stats.categories[1].change, Some(-1));
        assert_eq!(rep.periods[2].stats.requests, 2);
        assert_eq!(
            rep.periods[2].end,
            NaiveDate::from_ymd_opt(2026, 11, 8).unwrap()
        );
        assert_eq!(rep.total.requests, 3);
        // One client asked the shipping question in the range: no FAQ.
        assert!(rep.faq.is_empty());
    }
}
