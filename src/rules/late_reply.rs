use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use regex::Regex;

use super::{Check, Context, declare_rule};
use crate::calendar::resolve_local;
use crate::draft::{Lang, LineKind, Span};
use crate::finding::{Finding, Fix, FixPlace};
use crate::i18n::Arg;
use crate::lexicon::{Matcher, Scope};
use crate::msg;

declare_rule! {
    /// ## What it does
    /// For a reply, finds when the original arrived and reports the draft when the send time
    /// (`--at`, or now) is more than one business day later. The original's time comes from the
    /// quoted attribution line ("On Mon, 16 Nov 2026 at 08:02, X wrote:", "Il giorno lun 16 nov
    /// 2026 alle ore 08:02 X ha scritto:", "16 нояб. 2026 г., в 08:02, X пишет:", numeric forms
    /// like "Il 16/11/2026 08:02", and Outlook's "Sent:"/"Inviato:"/"Отправлено:" lines), read in
    /// the writer's zone when the line gives one ("at 01:47PM -0700"), else the sender's; a
    /// numeric date that reads both ways ("02/09/2002") is the reading nearest before the
    /// reply. Apple Mail and iOS Mail quote their attribution ("> On 3 Dec 2026, at 10:12, Anna
    /// <a@x> wrote:"): when the text has none at its margin, that quoted line dates the reply.
    /// A forwarded message (`forwards`) and a header block pasted into a new message
    /// (no "Re:" in `reply_subjects`, no In-Reply-To) date nothing. Or, when `[mailbox] path`
    /// names a Maildir, from the `Date:` of the
    /// message that `In-Reply-To` names. Business days are the `off-hours` calendar: a message
    /// that arrives on Friday at 11:00 is due on Monday at 11:00; one that arrives on Saturday,
    /// on Tuesday at 09:00. A reply that acknowledges the delay ("sorry for the delay", "scusa
    /// il ritardo", "извините за задержку") is fine.
    ///
    /// ## Why is this bad?
    /// The first service rule: answer within 24 hours, one business day, even if only to say you
    /// are on it. A late answer should say so and apologise.
    ///
    /// ## Example
    /// A reply sent on Monday to a question from the previous Wednesday, opening with the answer.
    ///
    /// Use instead: open with an apology and an acknowledgement (the `late-reply-opening`
    /// template, which `mailcheck fix` inserts after the greeting); next
    /// time, send a holding reply at once (the `holding-reply` template).
    ///
    /// ## Configuration
    /// `business_days` (1), the `months` names, `date_headers` and `apologies` per language,
    /// `reply_subjects` and `forwards` for any language, in `lints/late-reply.toml`; the calendar in `[sender]`; the mailbox in `[mailbox] path`.
    pub struct LateReply {
        id: "late-reply",
        severity: Warning,
        summary: "a reply to a message older than one business day",
        own_text: ["apologies", "thanks"],
    }
}

impl Check for LateReply {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let sender = &cx.env.sender;
        let (original, span) = match quoted_time(cx) {
            Some((t, span)) => (t, Some(span)),
            None => {
                let found = cx.env.mailbox.as_deref().and_then(|mailbox| {
                    cx.draft
                        .headers
                        .in_reply_to
                        .iter()
                        .find_map(|id| mailbox.date_of(id))
                });
                match found {
                    Some(t) => (t, None),
                    None => return,
                }
            }
        };
        let days = u32::try_from(cx.int("business_days")).unwrap_or(1);
        let Some(due) = sender.add_business_days(original, days) else {
            return;
        };
        if cx.at <= due || !cx.own_matches("apologies").is_empty() {
            return;
        }
        let mut f = Finding::new(msg!(
            "late-reply-message",
            received = Arg::time(original, sender.tz),
            due = Arg::time(due, sender.tz)
        ))
        .help(msg!("late-reply-help"))
        .fix(Fix {
            title: msg!("late-reply-fix"),
            template: "late-reply-opening",
            vars: opening_vars(cx, original, sender.tz),
            place: FixPlace::AfterGreeting,
        });
        if let Some(span) = span {
            f = f.at(span).label(msg!("late-reply-label-date"));
        } else {
            f = f
                .at_header("In-Reply-To")
                .label(msg!("late-reply-label-mailbox"));
        }
        out.push(f);
    }
}

/// The opening's variables: the day the original came (`received`), whether the writer
/// already thanks the reader (`thanked`: then the opening only apologises) and, when the draft
/// says, the register (`formal`).
fn opening_vars(cx: &Context<'_>, original: DateTime<Utc>, tz: chrono_tz::Tz) -> serde_json::Value {
    let mut vars = serde_json::json!({
        "received": crate::fix::dates::day(&original.with_timezone(&tz), cx.draft.language),
        "thanked": !cx.own_matches("thanks").is_empty(),
    });
    if let (Some(formal), Some(map)) = (cx.formal_address(), vars.as_object_mut()) {
        map.insert("formal".into(), formal.into());
    }
    vars
}

/// The original's time from the quote's attribution line or an Outlook date header inside it.
fn quoted_time(cx: &Context<'_>) -> Option<(DateTime<Utc>, Span)> {
    // Most drafts quote nothing: compile nothing for them.
    if !cx
        .draft
        .lines
        .iter()
        .any(|l| l.kind == LineKind::Attribution)
    {
        return None;
    }
    let lex = &cx.env.lexicon;
    // A new message (its subject answers nothing, and it names no message it replies to): a
    // header block pasted into it ("From: ... Date: ...") is not the original it answers.
    let headers = &cx.draft.headers;
    let new_message = headers.in_reply_to.is_empty()
        && headers.references.is_empty()
        && headers.subject.as_deref().is_some_and(|s| {
            !lex.matcher(cx.rule, "reply_subjects", Scope::All)
                .is_match(s)
        });
    let date_headers = lex.matcher(cx.rule, "date_headers", Scope::All);
    let forwards = lex.matcher(cx.rule, "forwards", Scope::All);
    // The send time in the sender's zone: of two readings of "02/09/2002", the one before it.
    let sent = cx.at.with_timezone(&cx.env.sender.tz).naive_local();
    let months: Vec<&[Matcher]> = Lang::ALL
        .iter()
        .map(|&l| lex.entry_matchers(cx.rule, "months", Scope::Lang(l)))
        .collect();
    let month_first = cx.draft.language == Lang::En;
    let lines = &cx.draft.lines;
    for (i, l) in lines.iter().enumerate() {
        if l.kind != LineKind::Attribution || forwards.is_match(&l.text) {
            continue;
        }
        let is_date_header = |j: usize| {
            date_headers
                .find(lines[j].text.trim())
                .is_some_and(|m| m.start == 0)
        };
        let field = HEADER_FIELD
            .as_ref()
            .is_some_and(|re| re.is_match(l.text.trim_start()));
        if field && new_message {
            continue;
        }
        // A header line other than a date ("X-Mailer: exmh 2.5 07/13/2001") dates nothing.
        let other_header = field && !is_date_header(i);
        // The attribution itself, then (Outlook) the header lines of the quoted message.
        let candidates = (!other_header)
            .then_some(i)
            .into_iter()
            .chain((i + 1..lines.len().min(i + 8)).filter(|&j| is_date_header(j)));
        for j in candidates {
            let text = &lines[j].text;
            if let Some((local, offset)) = parse_date(text, &months, month_first, Some(sent)) {
                // "at 01:47:27PM -0700" is in the writer's zone; without one, in ours.
                let t = match offset.and_then(|o| o.from_local_datetime(&local).single()) {
                    Some(t) => t.with_timezone(&Utc),
                    None => resolve_local(cx.env.sender.tz, local),
                };
                let start = text.len() - text.trim_start().len();
                let span = Span {
                    line: j,
                    start,
                    end: text.trim_end().len().max(start),
                };
                return Some((t, span));
            }
        }
    }
    None
}

static TIME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([0-9]{1,2}):([0-9]{2})(?::[0-9]{2})?(?:\s*([ap])\.?\s?m\.?)?").ok()
});
static NUMERIC_DATE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b([0-9]{1,4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{2,4})\b").ok());
/// A numeric zone somewhere after the time: "at 09:26:47AM +0100", "At 17:34 31/07/02 +0100",
/// "GMT+02:00".
static OFFSET: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?:^|\s|\()(?:GMT|UTC)?([+-])([01][0-9]):?([0-5][0-9])\b").ok());
/// A header field line: "X-Mailer: ...", "From: ...".
static HEADER_FIELD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9-]{0,40}:\s").ok());
static YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\b(?:19|20)[0-9]{2}\b").ok());
static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\b[0-9]{1,2}\b").ok());

/// A date and time written in an attribution line, in any of the three languages, and the zone
/// offset written after the time, if any. Without a time, the end of the day (the kindest
/// reading). A numeric date that reads both ways ("02/09/2002") is read the way that falls
/// nearest before `sent` (the reply's own time), else day or month first by the language.
fn parse_date(
    text: &str,
    months: &[&[Matcher]],
    month_first: bool,
    sent: Option<NaiveDateTime>,
) -> Option<(NaiveDateTime, Option<FixedOffset>)> {
    let time_match = TIME.as_ref()?.captures(text);
    let offset = time_match
        .as_ref()
        .and_then(|c| c.get(0))
        .and_then(|m| OFFSET.as_ref()?.captures(&text[m.end()..]))
        .and_then(|c| {
            let sign = if c.get(1)?.as_str() == "-" { -1 } else { 1 };
            let h: i32 = c.get(2)?.as_str().parse().ok()?;
            let m: i32 = c.get(3)?.as_str().parse().ok()?;
            FixedOffset::east_opt(sign * (h * 3600 + m * 60))
        });
    parse_local(text, time_match, months, month_first, sent).map(|d| (d, offset))
}

fn parse_local(
    text: &str,
    time_match: Option<regex::Captures<'_>>,
    months: &[&[Matcher]],
    month_first: bool,
    sent: Option<NaiveDateTime>,
) -> Option<NaiveDateTime> {
    let time = time_match
        .as_ref()
        .and_then(|c| {
            let mut h: u32 = c.get(1)?.as_str().parse().ok()?;
            let m: u32 = c.get(2)?.as_str().parse().ok()?;
            match c.get(3).map(|x| x.as_str().to_ascii_lowercase()) {
                Some(p) if p == "p" && h < 12 => h += 12,
                Some(p) if p == "a" && h == 12 => h = 0,
                _ => {}
            }
            NaiveTime::from_hms_opt(h, m, 0)
        })
        .or_else(|| NaiveTime::from_hms_opt(23, 59, 0))?;
    let time_range = time_match
        .as_ref()
        .and_then(|c| c.get(0))
        .map(|m| m.range());
    let outside_time = |r: &std::ops::Range<usize>| {
        time_range
            .as_ref()
            .is_none_or(|t| r.end <= t.start || r.start >= t.end)
    };

    if let Some(c) = NUMERIC_DATE.as_ref()?.captures(text)
        && let (Some(a), Some(b), Some(y)) = (c.get(1), c.get(2), c.get(3))
        && outside_time(&c.get(0)?.range())
    {
        let (a, b, y): (u32, u32, i32) = (
            a.as_str().parse().ok()?,
            b.as_str().parse().ok()?,
            y.as_str().parse().ok()?,
        );
        let date = if a > 31 {
            NaiveDate::from_ymd_opt(a as i32, b, y as u32)
        } else {
            let y = if y < 100 { 2000 + y } else { y };
            let (d, m) = if a > 12 || (!month_first && b <= 12) {
                (a, b)
            } else {
                (b, a)
            };
            let by_language = NaiveDate::from_ymd_opt(y, m, d);
            // Both readings are dates: the one nearest before the reply wins.
            let other = (a <= 12 && b <= 12 && a != b)
                .then(|| NaiveDate::from_ymd_opt(y, d, m))
                .flatten();
            match (by_language, other, sent) {
                (Some(x), Some(o), Some(sent)) => {
                    let before =
                        |c: NaiveDate| c.and_time(time) <= sent + chrono::Duration::days(1);
                    let gap = |c: NaiveDate| (sent.date() - c).num_days().abs();
                    match (before(x), before(o)) {
                        (false, true) => Some(o),
                        (true, true) if gap(o) < gap(x) => Some(o),
                        _ => Some(x),
                    }
                }
                (x, _, _) => x,
            }
        };
        if let Some(date) = date {
            return Some(date.and_time(time));
        }
    }

    let year_m = YEAR.as_ref()?.find(text)?;
    let year: i32 = year_m.as_str().parse().ok()?;
    // Of all month names in the line, the one nearest the year ("mar 17 nov 2026": "mar" is
    // Tuesday; "20 Nov 2026, Mark wrote": "Mark" is a name).
    let distance = |r: &std::ops::Range<usize>| {
        if r.end <= year_m.start() {
            year_m.start() - r.end
        } else {
            r.start.saturating_sub(year_m.end())
        }
    };
    let (month, month_range) = months
        .iter()
        .flat_map(|list| {
            list.iter().enumerate().flat_map(|(i, m)| {
                m.find_iter(text)
                    .filter(|r| outside_time(r))
                    .map(move |r| (i as u32 + 1, r))
            })
        })
        .min_by_key(|(_, r)| distance(r))?;
    // The day: the number closest to the month name, not the year or the time.
    let day = NUMBER
        .as_ref()?
        .find_iter(text)
        .filter(|n| outside_time(&n.range()) && n.range() != year_m.range())
        .min_by_key(|n| {
            if n.end() <= month_range.start {
                month_range.start - n.end()
            } else {
                n.start().saturating_sub(month_range.end)
            }
        })?;
    let day: u32 = day.as_str().parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day).map(|d| d.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn months() -> Vec<Vec<Matcher>> {
        let lex = crate::rules::builtin_lexicon();
        Lang::ALL
            .iter()
            .map(|&l| {
                lex.entries("late-reply", "months", Scope::Lang(l))
                    .iter()
                    .map(|e| Matcher::new(&[e]).unwrap())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn reads_attribution_dates_in_three_languages() {
        let m = months();
        let m: Vec<&[Matcher]> = m.iter().map(Vec::as_slice).collect();
        let at = |y, mo, d, h, mi| {
            NaiveDate::from_ymd_opt(y, mo, d)
                .unwrap()
                .and_hms_opt(h, mi, 0)
                .unwrap()
        };
        for (text, en, want) in [
            (
                "On Mon, 16 Nov 2026 at 08:02, Anna Rossi <a@example.com> wrote:",
                true,
                at(2026, 11, 16, 8, 2),
            ),
            (
                "On Wed, Nov 18, 2026 at 9:15 PM Anna <a@example.com> wrote:",
                true,
                at(2026, 11, 18, 21, 15),
            ),
            (
                "On 11/18/2026 9:15 AM, Anna wrote:",
                true,
                at(2026, 11, 18, 9, 15),
            ),
            (
                "Il giorno lun 16 nov 2026 alle ore 08:02 Anna Rossi <a@example.it> ha scritto:",
                false,
                at(2026, 11, 16, 8, 2),
            ),
            (
                "Il 18/11/2026 09:15, Anna Rossi ha scritto:",
                false,
                at(2026, 11, 18, 9, 15),
            ),
            (
                "Inviato: mercoledì 18 novembre 2026 09:15",
                false,
                at(2026, 11, 18, 9, 15),
            ),
            (
                "16 нояб. 2026 г., в 08:02, Анна <a@example.ru> пишет:",
                false,
                at(2026, 11, 16, 8, 2),
            ),
            (
                "18.11.2026 09:15, Анна пишет:",
                false,
                at(2026, 11, 18, 9, 15),
            ),
            (
                "Отправлено: среда, 18 ноября 2026 г. 9:15",
                false,
                at(2026, 11, 18, 9, 15),
            ),
            (
                "Sent: Wednesday, November 18, 2026 9:15 AM",
                true,
                at(2026, 11, 18, 9, 15),
            ),
        ] {
            assert_eq!(
                parse_date(text, &m, en, None).map(|d| d.0),
                Some(want),
                "{text}"
            );
        }
        assert_eq!(parse_date("Anna wrote:", &m, true, None), None);
        // Several month-like words: the one nearest the year is the month.
        assert_eq!(
            parse_date(
                "Il giorno mar 17 nov 2026 alle ore 08:02 Marco ha scritto:",
                &m,
                false,
                None
            )
            .map(|d| d.0),
            Some(at(2026, 11, 17, 8, 2))
        );
        assert_eq!(
            parse_date(
                "On Fri, 20 Nov 2026 at 16:20, Mark Ellison wrote:",
                &m,
                true,
                None
            )
            .map(|d| d.0),
            Some(at(2026, 11, 20, 16, 20))
        );
    }

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, 0))
            .unwrap()
    }

    #[test]
    fn zone_offsets_and_numeric_dates_that_read_both_ways() {
        let m = months();
        let m: Vec<&[Matcher]> = m.iter().map(Vec::as_slice).collect();
        let (local, offset) = parse_date(
            "On Thu, Sep 12, 2002 at 01:47:27PM -0700, Jeremy Kusnetz wrote:",
            &m,
            true,
            None,
        )
        .unwrap();
        assert_eq!(local, at(2002, 9, 12, 13, 47));
        assert_eq!(offset, FixedOffset::west_opt(7 * 3600));
        let (local, offset) =
            parse_date("At 17:34 31/07/02 +0100, Liam wrote:", &m, true, None).unwrap();
        assert_eq!(local, at(2002, 7, 31, 17, 34));
        assert_eq!(offset, FixedOffset::east_opt(3600));
        // A date's dashes are no zone.
        let (_, offset) = parse_date(
            "On Mon, 2002-10-07 at 08:59, Matthias wrote:",
            &m,
            true,
            None,
        )
        .unwrap();
        assert_eq!(offset, None);
        // 02/09/2002 answered on 2 September is 2 September, also in an English draft; with no
        // reply time to compare, the language's order.
        let sent = Some(at(2002, 9, 2, 12, 4));
        let text = "At 11:49 02/09/2002 +0100, Ray Dermody wrote:";
        assert_eq!(
            parse_date(text, &m, true, sent).map(|d| d.0),
            Some(at(2002, 9, 2, 11, 49))
        );
        assert_eq!(
            parse_date(text, &m, true, None).map(|d| d.0),
            Some(at(2002, 2, 9, 11, 49))
        );
        assert_eq!(
            parse_date(
                "Il 03/11/2026 10:00, Anna ha scritto:",
                &m,
                false,
                Some(at(2026, 11, 4, 9, 0))
            )
            .map(|d| d.0),
            Some(at(2026, 11, 3, 10, 0))
        );
    }

    #[test]
    fn forwards_pasted_headers_and_new_messages_are_no_late_replies() {
        // Monday 23 Nov 2026 10:00 Rome; each original is a week old.
        for body in [
            "Hi Anna,\nsee below.\n\n---------- Forwarded message ----------\nFrom: Bob <b@example.com>\nDate: Mon, 16 Nov 2026 09:00\n\nHello",
            "Ciao Anna,\nguarda qui.\n\n---------- Messaggio inoltrato ----------\nDa: Bob <b@example.com>\nData: lun 16 nov 2026 09:00\n\nCiao",
            "Анна, добрый день!\nсмотрите ниже.\n\n-------- Пересылаемое сообщение --------\nОт: Боб <b@example.ru>\nДата: 16 ноября 2026 09:00\n\nПривет",
        ] {
            assert!(run(&LateReply, &draft(None, body)).is_empty(), "{body}");
        }
        let pasted = |subject: &str| {
            raw_draft(&format!(
                "From: m@example.com\nSubject: {subject}\n\nEntries:\n\nFrom: Till <t@example.de>\nDate: Mon, 16 Nov 2026 09:00:00 +0100\nSubject: design\n\nthe design\n"
            ))
        };
        let new_message = pasted("Design contest entries");
        let field = new_message
            .lines
            .iter()
            .find(|l| l.kind == LineKind::Attribution)
            .map(|l| l.text.clone());
        assert!(run(&LateReply, &new_message).is_empty(), "{field:?}");
        // Near miss: the same block in a reply ("Re:") is dated.
        assert_eq!(
            run(&LateReply, &pasted("Re: Design contest entries")).len(),
            1
        );
    }

    fn reply(attribution: &str) -> crate::draft::Draft {
        draft(
            None,
            &format!("Hi Anna,\nthe table is ready.\n\n{attribution}\n> When is it ready?"),
        )
    }

    #[test]
    fn late_and_timely_replies_on_monday_morning() {
        // Monday 23 Nov 2026 10:00 Rome.
        let late = reply("On Wed, 18 Nov 2026 at 09:15, Anna <a@example.com> wrote:");
        assert_eq!(run(&LateReply, &late).len(), 1);
        let friday_early = reply("On Fri, 20 Nov 2026 at 09:00, Anna <a@example.com> wrote:");
        assert_eq!(run(&LateReply, &friday_early).len(), 1);
        let friday_late = reply("On Fri, 20 Nov 2026 at 10:30, Anna <a@example.com> wrote:");
        assert!(run(&LateReply, &friday_late).is_empty());
        let saturday = reply("On Sat, 21 Nov 2026 at 18:00, Anna <a@example.com> wrote:");
        assert!(run(&LateReply, &saturday).is_empty());
        let outlook = draft(
            None,
            "Hi Anna,\nready.\n\n-----Original Message-----\nFrom: Anna\nSent: Wednesday, November 18, 2026 9:15 AM\nSubject: table\n\nWhen?",
        );
        assert_eq!(run(&LateReply, &outlook).len(), 1);
    }

    /// Apple Mail and iOS Mail quote their attribution ("> On 18 Nov 2026, at 09:15, ..."): it
    /// dates the reply all the same, in the three languages; a margin attribution still wins.
    #[test]
    fn replies_whose_client_quotes_the_attribution() {
        for (late, on_time) in [
            (
                "> On 18 Nov 2026, at 09:15, Anna <a@example.com> wrote:",
                "> On 20 Nov 2026, at 10:30, Anna <a@example.com> wrote:",
            ),
            (
                "> Il giorno 18 nov 2026, alle ore 09:15, Anna <a@example.it> ha scritto:",
                "> Il giorno 20 nov 2026, alle ore 10:30, Anna <a@example.it> ha scritto:",
            ),
            (
                "> 18 нояб. 2026 г., в 09:15, Анна <a@example.ru> написал(а):",
                "> 20 нояб. 2026 г., в 10:30, Анна <a@example.ru> написал(а):",
            ),
        ] {
            let iphone = |attribution: &str| {
                draft(
                    None,
                    &format!("Ok, tomorrow.\n\nSent from my iPhone\n\n{attribution}\n>\n> When?"),
                )
            };
            assert_eq!(run(&LateReply, &iphone(late)).len(), 1, "{late}");
            assert!(run(&LateReply, &iphone(on_time)).is_empty(), "{on_time}");
        }
        // The margin attribution is the answered message's; the quoted one inside is older.
        let timely = draft(
            None,
            "Ok.\n\nOn Fri, 20 Nov 2026 at 10:30, Bob <b@example.com> wrote:\n> On 18 Nov 2026, \
             at 09:15, Anna <a@example.com> wrote:\n> > When?",
        );
        assert!(run(&LateReply, &timely).is_empty());
    }

    /// The opening speaks as the draft does: Italian "Lei" or "tu" from `lints/draft.toml`'s
    /// register lists, no key when the draft does not say; and no second "thank you" when the
    /// draft already thanks. Each wording still reads as an apology to the rule.
    #[test]
    fn the_opening_follows_the_drafts_register_and_thanks() {
        let attribution = "\n\nIl giorno mer 18 nov 2026 alle ore 09:15 Anna <a@example.it> ha scritto:\n> Quando?";
        let templates = crate::fix::Templates::new(None);
        for (body, formal, thanked, opening) in [
            (
                "Gentile signora Bruni,\nle confermo il ritiro. Mi può mandare la conferma?",
                Some(true),
                false,
                "La ringrazio per il Suo messaggio di mercoledì 18 novembre e mi scusi se Le \
                 rispondo solo ora.",
            ),
            (
                "Buongiorno signor Galli,\ngrazie per la foto. Mi può confermare se procedo?",
                Some(true),
                true,
                "Mi scusi se Le rispondo solo ora (mi aveva scritto mercoledì 18 novembre).",
            ),
            (
                "Ciao Anna,\nil tavolo è pronto. Puoi passare venerdì?",
                Some(false),
                false,
                "Grazie per il tuo messaggio di mercoledì 18 novembre e scusami se ti rispondo \
                 solo ora.",
            ),
            // Near miss: "Buongiorno" and a bare question say nothing; "sei" is six here.
            (
                "Buongiorno Anna,\nil tavolo è pronto, sono sei pezzi. Va bene venerdì?",
                None,
                false,
                "Grazie per il tuo messaggio di mercoledì 18 novembre e scusami se ti rispondo \
                 solo ora.",
            ),
        ] {
            let d = draft(Some(Lang::It), &format!("{body}{attribution}"));
            let found = run(&LateReply, &d);
            let fix = found
                .first()
                .and_then(|f| f.fix.as_ref())
                .unwrap_or_else(|| panic!("a late reply: {body}"));
            assert_eq!(
                fix.vars.get("formal").and_then(|v| v.as_bool()),
                formal,
                "{body}"
            );
            assert_eq!(fix.vars["thanked"], thanked, "{body}");
            let text = templates
                .render(Lang::It, "late-reply-opening.txt", &fix.vars)
                .expect("renders");
            assert_eq!(text.trim(), opening, "{body}");
            let fixed = draft(
                Some(Lang::It),
                &format!(
                    "{}{attribution}",
                    body.replacen('\n', &format!("\n{opening}\n\n"), 1)
                ),
            );
            assert!(run(&LateReply, &fixed).is_empty(), "{opening}");
        }
    }
}
