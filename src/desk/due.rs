//! `mailcheck due`: what the desk has to answer, follow up or report on, most urgent first.
//!
//! Three kinds of item, all computed "as of" one moment (`now`; mail dated after it is ignored,
//! so a past morning can be replayed):
//!
//! - **reply**: a client's message (incoming, not automated) with no answer from you yet: no
//!   message of yours in its thread, after it, addressed to its sender. One item per thread, for
//!   its oldest unanswered client message. Deadline: `reply_within_days` business days after it
//!   arrived, by the `[sender]` calendar ([`crate::calendar::BusinessHours::add_business_days`]: a message that
//!   arrives out of hours counts from the next opening; weekends, holidays and DST are the
//!   calendar's). Listed as `overdue` past the deadline, `waiting` before it.
//! - **follow-up**: your last message in a thread asked something (a request or a question, as
//!   the `next-steps` rule finds them in your own text) and no one answered it in
//!   `follow_up_after_days` business days.
//! - **weekly-status**: an active client with nothing sent to them since Monday 00:00 (sender's
//!   zone), once this week's `status_due` moment ("fri 14:00") has come.
//!
//! Active clients are the `[desk] clients` entries and every address you wrote to in the last
//! `active_weeks` weeks (not you, not a robot). They are counted **per address**: two people at
//! one company each get their own update, since each of them may follow a different project, and
//! a domain of public mail (gmail.com) would otherwise merge unrelated clients. A **domain** in
//! `[desk] clients` makes that company one client: mail to anyone there counts, and the addresses
//! you wrote to there are folded into it.
//!
//! Replies and follow-ups look back `look_back_days` days only (`lints/desk.toml`, 30): older mail
//! is history, not a to-do.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::Serialize;

use super::mailstore::{Direction, Record};
use super::thread::Threads;
use super::{DeskError, DeskSettings, address_in, bare_subject};
use crate::calendar::resolve_local;
use crate::draft::{Draft, Lang};
use crate::lexicon::Scope;
use crate::rules::RuleEnv;

/// What `due` keeps from each parsed message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// The first request or question in the writer's own text (quote and signature excluded).
    pub asked: Option<String>,
}

/// The `analyze` closure for [`super::mailstore::load`].
pub fn analyze(draft: &Draft, env: &RuleEnv) -> Facts {
    Facts {
        asked: crate::rules::requests_in(draft, env).into_iter().next(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DueError {
    #[error(transparent)]
    Mailbox(#[from] DeskError),
    #[error(
        "the business calendar of [sender] ({calendar}) has no business day ahead: no deadline can be set"
    )]
    NoBusinessDay { calendar: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A client's message waits for your answer.
    Reply,
    /// You asked something and heard nothing back.
    FollowUp,
    /// The weekly status update to an active client.
    WeeklyStatus,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Reply => "reply",
            Kind::FollowUp => "follow-up",
            Kind::WeeklyStatus => "weekly-status",
        }
    }

    /// The template that answers it (`mailcheck new TEMPLATE`).
    pub fn template(self) -> &'static str {
        match self {
            Kind::Reply => "holding-reply",
            Kind::FollowUp => "follow-up",
            Kind::WeeklyStatus => "weekly-status",
        }
    }
}

/// How urgent an item is; the list is sorted by this first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    /// A reply past its deadline.
    Overdue,
    /// A follow-up or a weekly status: due now.
    Due,
    /// A reply whose deadline is still ahead.
    Waiting,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::Due => "due",
            Urgency::Waiting => "waiting",
        }
    }
}

/// One line of the due list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub kind: Kind,
    pub urgency: Urgency,
    /// Reply: the deadline; follow-up: when it became due; weekly status: this week's
    /// `status_due` moment.
    pub deadline: DateTime<Utc>,
    /// Minutes from the deadline to now: positive past it, negative before it.
    pub overdue_minutes: i64,
    /// Reply: when the client's message arrived; follow-up: when you sent yours; weekly status:
    /// when you last wrote to the client (None: never, in the mail read).
    pub since: Option<DateTime<Utc>>,
    /// Who: the client's address (a domain for a `[desk] clients` domain you never wrote to).
    pub to: String,
    /// The display name, when the mail gives one.
    pub name: Option<String>,
    /// The subject of the message concerned (None for a weekly status).
    pub subject: Option<String>,
    /// The Message-ID to answer (`--reply-to`).
    pub message_id: Option<String>,
    /// Follow-up: the first thing your message asked.
    pub asked: Option<String>,
    /// The language of the message concerned (weekly status: of the last mail with the client).
    pub language: Lang,
    /// Where the message concerned is (file, or `mbox:N`).
    pub source: Option<String>,
    /// The arguments of the suggested command, after `mailcheck`.
    pub args: Vec<String>,
}

impl DueItem {
    /// The suggested command as a line for a shell (control characters, which only hostile mail
    /// has in its ids, shown as spaces).
    pub fn command(&self) -> String {
        std::iter::once("mailcheck".to_string())
            .chain(self.args.iter().map(|a| shell_quote(&clean(a))))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What [`due_items`] needs besides the mail.
#[derive(Debug, Clone)]
pub struct DueQuery<'a> {
    pub desk: &'a DeskSettings,
    /// The addresses (or domains) that are you ([`super::mailstore::Loaded::me`]).
    pub me: &'a [String],
    /// Local parts of robots' addresses (`lints/desk.toml` `automated_senders`), lower-cased.
    pub robots: Vec<String>,
    /// The moment the list is for.
    pub now: DateTime<Utc>,
    /// Replies and follow-ups older than this many days are not listed.
    pub look_back_days: u32,
}

impl<'a> DueQuery<'a> {
    /// A query with the settings' robots and look-back.
    pub fn new(
        env: &RuleEnv,
        desk: &'a DeskSettings,
        me: &'a [String],
        now: DateTime<Utc>,
    ) -> Self {
        DueQuery {
            desk,
            me,
            robots: env
                .lexicon
                .entries("desk", "automated_senders", Scope::All)
                .into_iter()
                .map(str::to_lowercase)
                .collect(),
            now,
            look_back_days: desk.look_back_days,
        }
    }
}

/// The due list of `records` (as [`super::mailstore::load`] returns them: oldest first), most
/// urgent first: overdue replies (most overdue first), then follow-ups and weekly status updates
/// (longest due first), then replies still in time (nearest deadline first).
pub fn due_items(records: &[Record<Facts>], q: &DueQuery<'_>) -> Result<Vec<DueItem>, DueError> {
    let now = q.now;
    // The mailboxes as they were at `now`.
    let past = &records[..records.partition_point(|r| r.date <= now)];
    let threads = Threads::build(past);
    let horizon = now - Duration::days(i64::from(q.look_back_days));
    let cal = &q.desk.calendar;
    let deadline = |t: DateTime<Utc>, days: u32| {
        cal.add_business_days(t, days)
            .ok_or_else(|| DueError::NoBusinessDay {
                calendar: cal.describe(),
            })
    };
    let mut items = Vec::new();
    // The name each client last wrote under, for the items about mail you sent them.
    let names: HashMap<&str, &str> = past
        .iter()
        .filter(|r| r.direction == Direction::Incoming && !r.automated)
        .filter_map(|r| {
            let name = r.from_name.as_deref()?.trim();
            let from = r.from.as_deref()?;
            (!name.is_empty()).then_some((from, name))
        })
        .collect();

    for t in 0..threads.len() {
        let members = threads.members(t);
        // Reply: the oldest client message of the thread with no answer.
        if let Some(&i) = members.iter().find(|&&i| {
            let r = &past[i];
            is_client_message(r, q) && r.date >= horizon && !answered(past, members, i)
        }) {
            let r = &past[i];
            let from = r.from.clone().unwrap_or_default();
            let due = deadline(r.date, q.desk.reply_within_days)?;
            let args = reply_args(Kind::Reply, &from, r, &[], &q.desk.subject_prefixes);
            items.push(DueItem {
                kind: Kind::Reply,
                urgency: if now > due {
                    Urgency::Overdue
                } else {
                    Urgency::Waiting
                },
                deadline: due,
                overdue_minutes: (now - due).num_minutes(),
                since: Some(r.date),
                to: from,
                name: r.from_name.clone().filter(|n| !n.trim().is_empty()),
                subject: Some(clean(&r.subject)),
                message_id: r.message_id.clone(),
                asked: None,
                language: r.language,
                source: Some(r.source.clone()),
                args,
            });
        }
        // Follow-up: your last message asked something and nobody answered.
        let Some(&o) = members
            .iter()
            .rev()
            .find(|&&j| past[j].direction == Direction::Outgoing && !past[j].automated)
        else {
            continue;
        };
        let mine = &past[o];
        if mine.date < horizon || mine.extra.asked.is_none() {
            continue;
        }
        let replied = members
            .iter()
            .any(|&j| j != o && past[j].date >= mine.date && is_client_message(&past[j], q));
        if replied {
            continue;
        }
        let Some(to) = mine.to.iter().find(|a| is_client_address(a, q)) else {
            continue;
        };
        let due = deadline(mine.date, q.desk.follow_up_after_days)?;
        if now < due {
            continue;
        }
        let local = mine.date.with_timezone(&cal.tz);
        let sent = format!("sent={}", sent_date(&local, mine.language));
        let args = reply_args(Kind::FollowUp, to, mine, &[sent], &q.desk.subject_prefixes);
        items.push(DueItem {
            kind: Kind::FollowUp,
            urgency: Urgency::Due,
            deadline: due,
            overdue_minutes: (now - due).num_minutes(),
            since: Some(mine.date),
            to: to.clone(),
            name: names.get(to.as_str()).map(|n| n.to_string()),
            subject: Some(clean(&mine.subject)),
            message_id: mine.message_id.clone(),
            asked: mine.extra.asked.clone(),
            language: mine.language,
            source: Some(mine.source.clone()),
            args,
        });
    }

    items.extend(weekly_status(past, q));
    items.sort_by(|a, b| {
        (a.urgency, a.deadline, a.kind, &a.to).cmp(&(b.urgency, b.deadline, b.kind, &b.to))
    });
    Ok(items)
}

/// `new TEMPLATE --to TO --reply-to ID --var subject=... [--var VAR...] --lang L` for an
/// answer to message `r`.
fn reply_args<X>(
    kind: Kind,
    to: &str,
    r: &Record<X>,
    vars: &[String],
    prefixes: &[String],
) -> Vec<String> {
    let mut args: Vec<String> = vec!["new".into(), kind.template().into(), "--to".into()];
    args.push(to.to_string());
    if let Some(id) = &r.message_id {
        args.push("--reply-to".into());
        args.push(id.clone());
    }
    let subject = clean(bare_subject(&r.subject, prefixes));
    if !subject.is_empty() {
        args.push("--var".into());
        args.push(format!("subject={subject}"));
    }
    for v in vars {
        args.push("--var".into());
        args.push(v.clone());
    }
    args.push("--lang".into());
    args.push(r.language.code().into());
    args
}

/// The weekly status items: active clients with nothing sent this week, from `status_due` on.
fn weekly_status(past: &[Record<Facts>], q: &DueQuery<'_>) -> Vec<DueItem> {
    let cal = &q.desk.calendar;
    let tz = cal.tz;
    let today = q.now.with_timezone(&tz).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let week_start = resolve_local(tz, monday.and_time(chrono::NaiveTime::MIN));
    let status_day = monday + Duration::days(i64::from(q.desk.status_day.num_days_from_monday()));
    let status_at = resolve_local(tz, status_day.and_time(q.desk.status_time));
    if q.now < status_at {
        return Vec::new();
    }
    let active_since = q.now - Duration::weeks(i64::from(q.desk.active_weeks));

    // Client key (an address, or a configured domain) -> what we know of them.
    #[derive(Default)]
    struct Client {
        last_sent: Option<DateTime<Utc>>,
        sent_this_week: bool,
        /// The last address written to (or heard from), for a domain client.
        address: Option<String>,
        name: Option<String>,
        /// Language of the last mail with them, and its date.
        language: Option<(DateTime<Utc>, Lang)>,
    }
    let domains: Vec<String> = q
        .desk
        .clients
        .iter()
        .filter(|c| !c.contains('@'))
        .cloned()
        .collect();
    let key_of = |address: &str| -> String {
        domains
            .iter()
            .find(|d| address_in(address, std::slice::from_ref(*d)))
            .cloned()
            .unwrap_or_else(|| address.to_string())
    };
    let mut clients: BTreeMap<String, Client> = q
        .desk
        .clients
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| (c.clone(), Client::default()))
        .collect();
    for r in past.iter().filter(|r| !r.automated) {
        match r.direction {
            Direction::Outgoing => {
                for a in r.to.iter().filter(|a| is_client_address(a, q)) {
                    let key = key_of(a);
                    if r.date < active_since && !clients.contains_key(&key) {
                        continue;
                    }
                    let c = clients.entry(key).or_default();
                    c.last_sent = Some(r.date);
                    c.sent_this_week |= r.date >= week_start;
                    c.address = Some(a.clone());
                    c.language = Some((r.date, r.language));
                }
            }
            Direction::Incoming => {
                let Some(from) = r.from.as_deref() else {
                    continue;
                };
                if let Some(c) = clients.get_mut(&key_of(from)) {
                    if c.address.is_none() || c.last_sent.is_none() {
                        c.address = Some(from.to_string());
                    }
                    if c.name.is_none() || from == key_of(from) {
                        c.name = r.from_name.clone().filter(|n| !n.trim().is_empty());
                    }
                    c.language = Some((r.date, r.language));
                }
            }
        }
    }
    clients
        .into_iter()
        .filter(|(_, c)| !c.sent_this_week)
        .map(|(key, c)| {
            let to = if key.contains('@') {
                key.clone()
            } else {
                c.address.clone().unwrap_or_else(|| key.clone())
            };
            let language = c.language.map_or(Lang::En, |(_, l)| l);
            let address_arg = if to.contains('@') {
                to.clone()
            } else {
                format!("ADDRESS@{to}")
            };
            DueItem {
                kind: Kind::WeeklyStatus,
                urgency: Urgency::Due,
                deadline: status_at,
                overdue_minutes: (q.now - status_at).num_minutes(),
                since: c.last_sent,
                to,
                name: c.name,
                subject: None,
                message_id: None,
                asked: None,
                language,
                source: None,
                args: vec![
                    "new".into(),
                    Kind::WeeklyStatus.template().into(),
                    "--to".into(),
                    address_arg,
                    "--lang".into(),
                    language.code().into(),
                ],
            }
        })
        .collect()
}

/// A message a client waits on: incoming, not automated, from someone who is not you.
fn is_client_message<X>(r: &Record<X>, q: &DueQuery<'_>) -> bool {
    r.direction == Direction::Incoming
        && !r.automated
        && r.from.as_deref().is_some_and(|f| is_client_address(f, q))
}

/// An address that is neither you, nor a robot (`noreply@`, `mailer-daemon@`...), nor one of
/// `[desk] not_clients`.
fn is_client_address(address: &str, q: &DueQuery<'_>) -> bool {
    let local = address.split('@').next().unwrap_or_default().to_lowercase();
    !address.is_empty()
        && !address_in(address, q.me)
        && !address_in(address, &q.desk.not_clients)
        && !q.robots.contains(&local)
}

/// Whether client message `i` has an answer: a message of yours in the thread, dated at or
/// after it, addressed to its sender (forwarding it to a colleague is not an answer).
fn answered<X>(records: &[Record<X>], members: &[usize], i: usize) -> bool {
    let r = &records[i];
    let from = r.from.as_deref().unwrap_or_default();
    members.iter().any(|&j| {
        let s = &records[j];
        j != i
            && s.direction == Direction::Outgoing
            && !s.automated
            && s.date >= r.date
            && s.to.iter().any(|a| a == from)
    })
}

/// A header value for one line of a terminal: control characters (escape sequences, line
/// breaks) become spaces, runs of white space one space.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "20 November", "20 novembre", "20 ноября": the date of a message, as "of ..." / "del ..." /
/// "от ..." take it.
fn sent_date(t: &DateTime<chrono_tz::Tz>, lang: Lang) -> String {
    let locale = match lang {
        Lang::En => chrono::Locale::en_GB,
        Lang::It => chrono::Locale::it_IT,
        Lang::Ru => chrono::Locale::ru_RU,
    };
    t.format_localized("%-d %B", locale).to_string()
}

/// `s` as one shell word: as it is when it is plain, else in single quotes.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::BusinessHours;
    use chrono::{NaiveDate, NaiveTime, Weekday};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn desk() -> DeskSettings {
        let mut calendar = BusinessHours::standard(chrono_tz::Europe::Rome);
        calendar
            .holidays
            .insert(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        DeskSettings {
            me: vec!["studio.it".into()],
            clients: vec![],
            not_clients: vec![],
            sent: vec![],
            sent_folders: vec![],
            subject_prefixes: crate::desk::subject_prefixes(&crate::rules::builtin_lexicon()),
            reply_within_days: 1,
            follow_up_after_days: 3,
            active_weeks: 4,
            look_back_days: 30,
            status_day: Weekday::Fri,
            status_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            calendar,
            imap: crate::config::Settings::for_tests().imap(),
            limits: crate::limits::Limits::default(),
        }
    }

    struct Msg {
        id: &'static str,
        from: &'static str,
        to: &'static str,
        at: &'static str,
        irt: Option<&'static str>,
        asked: bool,
        automated: bool,
    }

    fn m(id: &'static str, from: &'static str, to: &'static str, at: &'static str) -> Msg {
        Msg {
            id,
            from,
            to,
            at,
            irt: None,
            asked: false,
            automated: false,
        }
    }

    impl Msg {
        fn re(mut self, id: &'static str) -> Self {
            self.irt = Some(id);
            self
        }
        fn asking(mut self) -> Self {
            self.asked = true;
            self
        }
        fn robot(mut self) -> Self {
            self.automated = true;
            self
        }
    }

    fn records(msgs: Vec<Msg>) -> Vec<Record<Facts>> {
        let mut v: Vec<Record<Facts>> = msgs
            .into_iter()
            .map(|m| Record {
                source: m.id.into(),
                message_id: Some(m.id.into()),
                in_reply_to: m.irt.iter().map(|s| s.to_string()).collect(),
                references: m.irt.iter().map(|s| s.to_string()).collect(),
                from: Some(m.from.into()),
                from_name: None,
                to: vec![m.to.into()],
                date: utc(m.at),
                subject: format!("Re: subject {}", m.id),
                direction: if m.from.ends_with("@studio.it") {
                    Direction::Outgoing
                } else {
                    Direction::Incoming
                },
                automated: m.automated,
                language: Lang::It,
                extra: Facts {
                    asked: m.asked.then(|| "could you send the logo?".into()),
                },
            })
            .collect();
        v.sort_by_key(|r| r.date);
        v
    }

    fn due(msgs: Vec<Msg>, at: &str) -> Vec<DueItem> {
        due_with(msgs, at, desk())
    }

    fn due_with(msgs: Vec<Msg>, at: &str, desk: DeskSettings) -> Vec<DueItem> {
        let me = vec!["studio.it".to_string()];
        let q = DueQuery {
            desk: &desk,
            me: &me,
            robots: vec!["noreply".into()],
            now: utc(at),
            look_back_days: desk.look_back_days,
        };
        due_items(&records(msgs), &q).unwrap()
    }

    /// (kind, urgency, to, deadline in Rome) of each item.
    fn summary(items: &[DueItem]) -> Vec<(&'static str, &'static str, String, String)> {
        items
            .iter()
            .map(|i| {
                (
                    i.kind.as_str(),
                    i.urgency.as_str(),
                    i.to.clone(),
                    i.deadline
                        .with_timezone(&chrono_tz::Europe::Rome)
                        .to_rfc3339(),
                )
            })
            .collect()
    }

    const ANNA: &str = "anna@cliente.it";
    const ME: &str = "marco@studio.it";

    #[test]
    fn an_unanswered_message_is_due_one_business_day_later_across_the_weekend() {
        // Friday 11:00: due Monday 11:00.
        let msgs = || vec![m("a", ANNA, ME, "2026-11-20T11:00:00+01:00")];
        let items = due(msgs(), "2026-11-23T10:00:00+01:00");
        assert_eq!(
            summary(&items),
            vec![(
                "reply",
                "waiting",
                ANNA.into(),
                "2026-11-23T11:00:00+01:00".into()
            )]
        );
        assert_eq!(items[0].overdue_minutes, -60);
        let items = due(msgs(), "2026-11-23T12:30:00+01:00");
        assert_eq!(items[0].urgency, Urgency::Overdue);
        assert_eq!(items[0].overdue_minutes, 90);
        assert_eq!(
            items[0].command(),
            "mailcheck new holding-reply --to anna@cliente.it --reply-to a --var 'subject=subject a' --lang it"
        );
    }

    #[test]
    fn out_of_hours_holidays_and_dst_move_the_deadline() {
        // Friday 19:00: counts from Monday 09:00, due Tuesday 09:00.
        let items = due(
            vec![m("a", ANNA, ME, "2026-11-20T19:00:00+01:00")],
            "2026-11-23T10:00:00+01:00",
        );
        assert_eq!(summary(&items)[0].3, "2026-11-24T09:00:00+01:00");
        // Thursday 24 December 11:00, Christmas off: due Monday 28 December 11:00.
        let items = due(
            vec![m("a", ANNA, ME, "2026-12-24T11:00:00+01:00")],
            "2026-12-28T10:00:00+01:00",
        );
        assert_eq!(summary(&items)[0].3, "2026-12-28T11:00:00+01:00");
        // Friday 23 October 10:00 CEST; Rome goes back to CET on Sunday 25: Monday 10:00 CET,
        // 25 hours of wall clock later (09:00Z, not 08:00Z).
        let items = due(
            vec![m("a", ANNA, ME, "2026-10-23T10:00:00+02:00")],
            "2026-10-26T09:30:00+01:00",
        );
        assert_eq!(items[0].deadline, utc("2026-10-26T09:00:00Z"));
        assert_eq!(items[0].urgency, Urgency::Waiting);
    }

    #[test]
    fn a_reply_to_the_sender_answers_a_forward_does_not() {
        let items = due(
            vec![
                m("a", ANNA, ME, "2026-11-23T09:00:00+01:00"),
                m("b", ME, ANNA, "2026-11-23T11:00:00+01:00").re("a"),
                m("c", "luca@altro.it", ME, "2026-11-23T09:30:00+01:00"),
                m("d", ME, "collega@fornitore.it", "2026-11-23T10:00:00+01:00").re("c"),
            ],
            "2026-11-24T12:00:00+01:00",
        );
        assert_eq!(
            summary(&items),
            vec![(
                "reply",
                "overdue",
                "luca@altro.it".into(),
                "2026-11-24T09:30:00+01:00".into()
            )]
        );
    }

    #[test]
    fn one_item_per_thread_for_its_oldest_unanswered_message() {
        let items = due(
            vec![
                m("a", ANNA, ME, "2026-11-23T09:00:00+01:00"),
                m("b", ME, ANNA, "2026-11-23T10:00:00+01:00").re("a"),
                m("c", ANNA, ME, "2026-11-23T12:00:00+01:00").re("b"),
                m("d", ANNA, ME, "2026-11-23T15:00:00+01:00").re("c"),
            ],
            "2026-11-23T16:00:00+01:00",
        );
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].message_id.as_deref(), Some("c"));
    }

    #[test]
    fn robots_old_mail_and_mail_after_now_are_left_out() {
        let items = due(
            vec![
                m("n", "news@negozio.it", ME, "2026-11-23T09:00:00+01:00").robot(),
                m("r", "noreply@banca.it", ME, "2026-11-23T09:00:00+01:00"),
                m("old", ANNA, ME, "2026-10-01T09:00:00+02:00"),
                m("late", ANNA, ME, "2026-11-25T09:00:00+01:00"),
            ],
            "2026-11-24T12:00:00+01:00",
        );
        assert!(items.is_empty(), "{:?}", summary(&items));
        // A longer look-back lists the old one.
        let mut d = desk();
        d.look_back_days = 90;
        let items = due_with(
            vec![m("old", ANNA, ME, "2026-10-01T09:00:00+02:00")],
            "2026-11-24T12:00:00+01:00",
            d,
        );
        assert_eq!(items.len(), 1);
    }

    #[test]
    fn a_question_with_no_answer_needs_a_follow_up_after_three_business_days() {
        let msgs = || {
            vec![
                m("q", ME, ANNA, "2026-11-19T10:00:00+01:00").asking(),
                m("s", ME, "luca@altro.it", "2026-11-19T10:00:00+01:00"),
                m("p", ME, "ivan@klient.ru", "2026-11-19T11:00:00+01:00").asking(),
                m("r", "ivan@klient.ru", ME, "2026-11-20T09:00:00+01:00").re("p"),
                m("x", ME, "ivan@klient.ru", "2026-11-20T10:00:00+01:00").re("r"),
            ]
        };
        // Thursday 10:00 + 3 business days = Tuesday 10:00.
        assert!(due(msgs(), "2026-11-24T09:59:00+01:00").is_empty());
        let items = due(msgs(), "2026-11-24T10:00:00+01:00");
        assert_eq!(
            summary(&items),
            vec![(
                "follow-up",
                "due",
                ANNA.into(),
                "2026-11-24T10:00:00+01:00".into()
            )]
        );
        assert_eq!(items[0].asked.as_deref(), Some("could you send the logo?"));
        assert_eq!(
            items[0].command(),
            "mailcheck new follow-up --to anna@cliente.it --reply-to q --var 'subject=subject q' --var 'sent=19 novembre' --lang it"
        );
    }

    #[test]
    fn weekly_status_from_friday_afternoon_for_clients_not_written_to_this_week() {
        let msgs = || {
            vec![
                m("a", ME, ANNA, "2026-11-10T10:00:00+01:00"),
                m("b", ME, "luca@altro.it", "2026-11-24T10:00:00+01:00"),
                m("c", ME, "old@altro.it", "2026-09-01T10:00:00+02:00"),
                m("d", ME, "noreply@banca.it", "2026-11-10T10:00:00+01:00"),
            ]
        };
        assert!(due(msgs(), "2026-11-27T13:59:00+01:00").is_empty());
        let items = due(msgs(), "2026-11-27T14:00:00+01:00");
        assert_eq!(
            summary(&items),
            vec![(
                "weekly-status",
                "due",
                ANNA.into(),
                "2026-11-27T14:00:00+01:00".into()
            )]
        );
        assert_eq!(items[0].since, Some(utc("2026-11-10T10:00:00+01:00")));
        // Saturday: still this week. Next Monday: a new week, not Friday yet.
        assert_eq!(due(msgs(), "2026-11-28T10:00:00+01:00").len(), 1);
        assert!(due(msgs(), "2026-11-30T10:00:00+01:00").is_empty());
    }

    #[test]
    fn a_client_domain_is_one_client() {
        let mut d = desk();
        d.clients = vec!["cliente.it".into(), "nuovo@cliente.com".into()];
        let items = due_with(
            vec![
                m("a", ME, ANNA, "2026-11-10T10:00:00+01:00"),
                m("b", ME, "bruno@cliente.it", "2026-11-12T10:00:00+01:00"),
            ],
            "2026-11-27T15:00:00+01:00",
            d.clone(),
        );
        assert_eq!(
            items.iter().map(|i| i.to.as_str()).collect::<Vec<_>>(),
            vec!["bruno@cliente.it", "nuovo@cliente.com"]
        );
        assert_eq!(items[1].since, None);
        let items = due_with(
            vec![
                m("a", ME, ANNA, "2026-11-10T10:00:00+01:00"),
                m("b", ME, "bruno@cliente.it", "2026-11-24T10:00:00+01:00"),
            ],
            "2026-11-27T15:00:00+01:00",
            d,
        );
        assert_eq!(items.len(), 1, "{:?}", summary(&items));
    }

    #[test]
    fn most_urgent_first() {
        let items = due(
            vec![
                m("q", ME, "luca@altro.it", "2026-11-19T10:00:00+01:00").asking(),
                m("late", ANNA, ME, "2026-11-25T09:00:00+01:00"),
                m("fresh", "ivan@klient.ru", ME, "2026-11-27T09:00:00+01:00"),
                m("s", ME, "ivan@klient.ru", "2026-11-16T10:00:00+01:00"),
            ],
            "2026-11-27T15:00:00+01:00",
        );
        assert_eq!(
            items
                .iter()
                .map(|i| (i.kind.as_str(), i.to.as_str()))
                .collect::<Vec<_>>(),
            vec![
                ("reply", ANNA),
                ("follow-up", "luca@altro.it"),
                ("weekly-status", "ivan@klient.ru"),
                ("weekly-status", "luca@altro.it"),
                ("reply", "ivan@klient.ru"),
            ]
        );
    }

    #[test]
    fn terminal_text_loses_control_characters_and_shell_words_are_quoted() {
        assert_eq!(clean("a\x1b[31mb\r\nc"), "a [31mb c");
        assert_eq!(shell_quote("a@b.it"), "a@b.it");
        assert_eq!(shell_quote("it's $HOME"), r"'it'\''s $HOME'");
    }
}
