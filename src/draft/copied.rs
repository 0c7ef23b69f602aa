//! Text inside the own text that the writer copied in rather than wrote (read once, when the
//! draft is parsed: `Draft::copied`): an article or a news-feed
//! item, and a dialogue (a play's lines, a chat or an interview transcript). Their questions and
//! requests are put to their own readers or to the other speaker, not to this reader, and their
//! hostile words are theirs (next-steps and angry-tone read past them).
//!
//! - An **article** starts at a marker line (`article_start` in `lints/draft.toml`: "--- Original
//!   article ---", "Articolo originale", "Оригинал статьи"), or at a line that is only a link
//!   ("http://…", "URL: http://…") with, within [`SIGN_REACH`] lines under it, a byline or a feed's
//!   date field (`bylines`: "By Anna Smith", "di Mario Rossi", "Автор: …", "Date: 2002-10-06") or a
//!   dateline (a short line with a year: "July 18, 2002 1:01 pm PT"), or with a rule of '=' or
//!   '-' right under it (the page's text copied below its address). It runs to the end of its
//!   last paragraph of at least [`ARTICLE_WORDS`] words: short paragraphs after that ("Can you
//!   check whether this affects us?") are the writer's again, and so is everything above it.
//! - A **dialogue** is a run of at least [`DIALOGUE_LINES`] lines, each "Speaker: words"
//!   ("Ros: Would you care to estimate?", "<anna> can you restart it?"), by at least two speakers,
//!   one of them speaking twice, set off as a quotation (indented, or a chat's "<nick>") or at
//!   least [`LONG_DIALOGUE`] lines long. A short list of tasks by name at the margin ("Anna:
//!   please send the logo" / "Tom: ..." / "Anna: ...") is the writer's.
//! - A **chat** pasted from a messenger is a run of at least [`DIALOGUE_LINES`] turns, each a
//!   paragraph under its speaker's label on a line of its own (`chat_label` in
//!   `lints/draft.toml`: "Mike says:" / "how are you?", "Anna dice:", "Олег говорит:"), by at
//!   least two speakers, one of them speaking twice.
//! - A **quotation** over several paragraphs: a paragraph that opens with a quotation mark (`"`,
//!   `“`, `«`, `„`) it does not close, up to the first later paragraph (within
//!   [`QUOTATION_REACH`]) that closes one it did not open and ends with it ("Thanks for your
//!   help.\""): somebody's message the writer quotes in full ("\"Currently, I am doing some
//!   research ... will yourself be on the Hike?\""). A quotation inside one paragraph is the
//!   rules' own business (next-steps' `in_quotes`).
//!
//! Every scan is one pass over the lines (a candidate start reads at most [`SIGN_REACH`] lines
//! ahead; a found article is skipped over as a whole).

use std::ops::Range;

use super::OwnText;
use crate::lexicon::{Lexicon, Matcher, Scope};

/// The lint file of the lists read here.
const FILE: &str = "draft";

/// How many non-empty lines under a link line may hold its byline or dateline.
const SIGN_REACH: usize = 6;
/// The words of a paragraph that makes a pasted text an article's body.
const ARTICLE_WORDS: usize = 25;
/// The lines of a dialogue, at least.
const DIALOGUE_LINES: usize = 3;
/// The lines of a dialogue that is not set off as a quotation, at least.
const LONG_DIALOGUE: usize = 6;
/// How many paragraphs a quotation may run to its closing mark.
const QUOTATION_REACH: usize = 8;

/// The lists that mark copied text (`lints/draft.toml`).
struct Lists<'l> {
    article_start: &'l Matcher,
    bylines: &'l Matcher,
    chat_label: &'l Matcher,
}

/// Byte ranges of the own text that are pasted articles, dialogues or chats, in the order found.
pub(super) fn ranges(lex: &Lexicon, own: &OwnText) -> Vec<Range<usize>> {
    let lists = Lists {
        article_start: lex.matcher(FILE, "article_start", Scope::All),
        bylines: lex.matcher(FILE, "bylines", Scope::All),
        chat_label: lex.matcher(FILE, "chat_label", Scope::All),
    };
    let lines: Vec<(usize, &str)> = own.lines().map(|(_, offset, t)| (offset, t)).collect();
    let mut found = articles(&lists, &lines);
    found.extend(dialogues(&lines));
    found.extend(chats(&lists, &lines));
    found.extend(quotations(&lines));
    found
}

/// Quotations over several paragraphs (see the module): byte ranges from the opening mark to the
/// end of the closing paragraph. A paragraph inside may open with a mark of its own (English
/// sets one at the head of every paragraph of a long quotation and closes only the last).
fn quotations(lines: &[(usize, &str)]) -> Vec<Range<usize>> {
    struct Para {
        start: usize,
        end: usize,
        /// Opens with a mark it leaves open.
        opens: bool,
        /// Marks opened minus closed, not counting a mark at its head.
        inner: i32,
        /// Ends with a closing mark.
        ends: bool,
    }
    // The marks of a paragraph are the sum of its lines' (`marks` reads a line's start as it
    // reads a word's after a line break), so no paragraph is copied to be read.
    let mut paragraphs: Vec<Para> = Vec::new();
    let mut open: Option<(usize, &str, i32)> = None;
    let mut close = |open: Option<(usize, &str, i32)>, end: usize, last: &str| {
        if let Some((start, first, balance)) = open {
            let head = i32::from(first.trim_start().starts_with(['"', '“', '«', '„']));
            paragraphs.push(Para {
                start,
                end,
                opens: head == 1 && balance > 0,
                inner: balance - head,
                ends: last.trim_end().ends_with(['"', '”', '»', '“']),
            });
        }
    };
    let mut last: (usize, &str) = (0, "");
    for &(offset, text) in lines {
        if text.trim().is_empty() {
            close(open.take(), last.0, last.1);
            continue;
        }
        match &mut open {
            Some((_, _, balance)) => *balance += marks(text),
            None => open = Some((offset + lead(text), text, marks(text))),
        }
        last = (offset + text.len(), text);
    }
    close(open.take(), last.0, last.1);
    let mut found = Vec::new();
    let mut i = 0;
    while i < paragraphs.len() {
        if !paragraphs[i].opens {
            i += 1;
            continue;
        }
        // The paragraphs between are balanced; the closing one closes the mark left open.
        let closing = paragraphs
            .iter()
            .enumerate()
            .skip(i + 1)
            .take(QUOTATION_REACH)
            .take_while(|(_, p)| p.inner == 0 || p.inner < 0 && p.ends)
            .find(|(_, p)| p.inner < 0);
        match closing {
            Some((j, p)) => {
                found.push(paragraphs[i].start..p.end);
                i = j + 1;
            }
            None => i += 1,
        }
    }
    found
}

/// Quotation marks opened minus closed in `t`: a straight `"` opens at the start of a word and
/// closes at its end; `« „` open and `” »` close; `“` opens before a word and closes after one
/// (English “…”, German and Russian „…“).
fn marks(t: &str) -> i32 {
    let mut balance = 0;
    let mut chars = t.chars().peekable();
    let mut before: Option<char> = None;
    while let Some(c) = chars.next() {
        let word_after = chars.peek().is_some_and(|n| n.is_alphanumeric());
        let word_before = before.is_some_and(|b| !b.is_whitespace() && !"([{".contains(b));
        match c {
            '«' | '„' => balance += 1,
            '”' | '»' => balance -= 1,
            '“' if word_after => balance += 1,
            '“' => balance -= 1,
            '"' if word_before => balance -= 1,
            '"' => balance += 1,
            _ => {}
        }
        before = Some(c);
    }
    balance
}

/// Whether a run's speakers, in order, make a conversation: two speakers or more, one of them
/// speaking twice (a list of tasks by name gives each name once).
fn converse(speakers: &[&str]) -> bool {
    let mut distinct = speakers.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() >= 2 && distinct.len() < speakers.len()
}

/// Runs of turns under a messenger's speaker labels ("Mike says:" / "how are you?" / blank /
/// "SmarterChild says:" / "Great thx! You?"): from the first label to the end of the last turn.
fn chats<'a>(lists: &Lists<'_>, lines: &[(usize, &'a str)]) -> Vec<Range<usize>> {
    let label = |text: &'a str| -> Option<&'a str> {
        let t = text.trim();
        lists
            .chat_label
            .find(t)
            .is_some_and(|m| m.start == 0 && m.end == t.len())
            .then(|| t.split_whitespace().next().unwrap_or(""))
    };
    let mut found = Vec::new();
    // The run so far: its start, the end of its last turn, and its speakers in order.
    let mut run: Option<(usize, usize)> = None;
    let mut speakers: Vec<&str> = Vec::new();
    let mut close = |run: &mut Option<(usize, usize)>, speakers: &mut Vec<&str>| {
        if let Some((start, end)) = run.take()
            && speakers.len() >= DIALOGUE_LINES
            && converse(speakers)
        {
            found.push(start..end);
        }
        speakers.clear();
    };
    // Whether the line before was blank (a paragraph starts here).
    let mut starts = true;
    for &(offset, text) in lines {
        if text.trim().is_empty() {
            starts = true;
            continue;
        }
        if starts {
            match label(text) {
                Some(name) => {
                    run = Some((run.map_or(offset, |(s, _)| s), offset + text.len()));
                    speakers.push(name);
                }
                None => close(&mut run, &mut speakers),
            }
        } else if let Some((s, _)) = run {
            // The turn's lines under its label.
            run = Some((s, offset + text.len()));
        }
        starts = false;
    }
    close(&mut run, &mut speakers);
    found
}

fn articles(lists: &Lists<'_>, lines: &[(usize, &str)]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let (offset, text) = lines[k];
        let t = text.trim();
        k += 1;
        if t.is_empty() {
            continue;
        }
        let marked = lists.article_start.is_match(t);
        if !(marked
            || is_link_line(t) && (signed_below(lists, &lines[k..]) || ruled_below(&lines[k..])))
        {
            continue;
        }
        // Its paragraphs, to the end of the last long one.
        let mut end = None;
        let mut words = 0usize;
        for (j, &(offset, text)) in lines.iter().enumerate().skip(k) {
            if text.trim().is_empty() {
                words = 0;
                continue;
            }
            words += text.split_whitespace().count();
            if words >= ARTICLE_WORDS {
                end = Some((j, offset + text.len()));
            }
        }
        // No long paragraph below this start: none below a later one either (each would read
        // a part of these lines), so the scan ends here and stays linear.
        let Some((j, end)) = end else { break };
        found.push(offset..end);
        k = j + 1;
    }
    found
}

/// The leading white space of a line (its text starts after it).
fn lead(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// A line that is only a link, bare or after a field name ("URL: http://…", "Link: www.…").
fn is_link_line(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let link = |w: &str| {
        let w = w.trim_start_matches(['<', '(', '[']);
        w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.")
    };
    match words.as_slice() {
        [url] => link(url),
        [field, url] => field.ends_with(':') && link(url),
        _ => false,
    }
}

/// Whether one of the next [`SIGN_REACH`] non-empty lines is a byline or a dateline: a short line
/// (at most ten words) that does not end a sentence, with a `bylines` entry at its start or a
/// year in it.
fn signed_below(lists: &Lists<'_>, lines: &[(usize, &str)]) -> bool {
    lines
        .iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .take(SIGN_REACH)
        .any(|&(_, text)| {
            let t = text.trim();
            // Not a tracker's comment header ("------- Additional Comments From jm@x.org
            // 2002-09-21 16:39 -------"): a person's words follow that.
            let short = t.split_whitespace().count() <= 10
                && !t.ends_with(['.', '?', '!', ';'])
                && t.chars().next().is_some_and(char::is_alphanumeric)
                && !t.contains('@');
            short && (has_year(t) || lists.bylines.find(t).is_some_and(|m| m.start == 0))
        })
}

/// Whether the next non-empty line is a rule of five or more '=' or '-' alone: a page's
/// address over the rule that opens what was copied from it ("http://winerlog.example.net/" /
/// "===========" / "Who's the real monster?").
fn ruled_below(lines: &[(usize, &str)]) -> bool {
    lines
        .iter()
        .map(|(_, t)| t.trim())
        .find(|t| !t.is_empty())
        .is_some_and(|t| {
            t.len() >= 5 && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
        })
}

/// A year from 1900 to 2099 as a number of its own ("July 18, 2002", "2002-10-06T02:28",
/// "06-10-2002"), not part of a name ("RHSA-2002:158", "PROJ-2026", "x2002").
fn has_year(t: &str) -> bool {
    let b = t.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        let digits = b[i..i + 4].iter().all(u8::is_ascii_digit);
        let century = &b[i..i + 2] == b"19" || &b[i..i + 2] == b"20";
        let before = i.checked_sub(1).map(|j| b[j]);
        let named = match before {
            Some(b'-' | b'_') => i < 2 || !b[i - 2].is_ascii_digit(),
            Some(c) => c.is_ascii_alphanumeric(),
            None => false,
        };
        let alone = b
            .get(i + 4)
            .is_none_or(|c| !c.is_ascii_alphanumeric() || *c == b'T');
        digits && century && !named && alone
    })
}

/// Runs of "Speaker: words" lines by two speakers or more, one speaking twice.
fn dialogues(lines: &[(usize, &str)]) -> Vec<Range<usize>> {
    /// The run so far: its first line's offset, its end, whether every speaker's line is set off
    /// (indented or a chat's "<nick>"), and its speakers in order.
    #[derive(Default)]
    struct Run<'a> {
        span: Option<(usize, usize)>,
        set_off: bool,
        speakers: Vec<&'a str>,
    }
    let mut found = Vec::new();
    let mut run = Run::default();
    let mut close = |run: &mut Run<'_>| {
        if let Some((start, end)) = run.span.take() {
            let long_enough = run.speakers.len() >= DIALOGUE_LINES
                && (run.set_off || run.speakers.len() >= LONG_DIALOGUE);
            if long_enough && converse(&run.speakers) {
                found.push(start..end);
            }
        }
        run.speakers.clear();
    };
    for &(offset, text) in lines {
        let t = text.trim();
        match speaker(t) {
            Some(name) => {
                let set_off = lead(text) > 0 || t.starts_with('<');
                match run.span {
                    Some((start, _)) => {
                        run.span = Some((start, offset + text.len()));
                        run.set_off &= set_off;
                    }
                    None => {
                        run.span = Some((offset, offset + text.len()));
                        run.set_off = set_off;
                    }
                }
                run.speakers.push(name);
            }
            // A speaker's line wrapped onto an indented line goes with it.
            None if run.span.is_some() && !t.is_empty() && lead(text) > 0 => {
                run.span = run.span.map(|(s, _)| (s, offset + text.len()));
            }
            None => close(&mut run),
        }
    }
    close(&mut run);
    found
}

/// The speaker of a dialogue line: "Ros: And then we can go?" (one or two words, the first
/// capitalised, then a colon and words) or a chat's "<anna> can you restart it?".
fn speaker(t: &str) -> Option<&str> {
    if let Some(rest) = t.strip_prefix('<') {
        let (nick, said) = rest.split_once('>')?;
        let ok = !nick.is_empty()
            && nick.len() <= 20
            && !nick.contains(char::is_whitespace)
            && !nick.contains(['@', '/', '.'])
            && !said.trim().is_empty();
        return ok.then_some(nick);
    }
    let (name, said) = t.split_once(':')?;
    let words = name.split_whitespace().count();
    let ok = (1..=2).contains(&words)
        && name.len() <= 20
        && name.chars().next().is_some_and(char::is_uppercase)
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '.')
        && said.starts_with(' ')
        && said.split_whitespace().count() >= 1;
    ok.then_some(name)
}

#[cfg(test)]
mod tests;
