//! Earlier messages and quote headers the margin-and-colon patterns miss:
//!
//! - a top-posted reply signed with a name or a sign-off, then a rule ("CW" / "-----------"),
//!   then the earlier message pasted under it, with or without its own quotes;
//! - python-dev's "[Anthony Baxter]" line over the `>` lines it attributes;
//! - nmh's indented "Date: / From: / Message-ID:" block over the quoted lines;
//! - a two-line signature, the writer's full name over an affiliation ("Jim McCullars" / "The
//!   University of Alabama in Huntsville").

use super::{LineKind, Segmenter, is_header_like, is_quote_line};

/// Lines of an nmh attribution block at most: its fields are few.
const MAX_HEADER_BLOCK: usize = 8;

/// Words a line of the earlier message needs to be prose (a sentence, not a signature's
/// "School of Computing" or a phone number).
const PROSE_WORDS: usize = 8;

impl Segmenter<'_> {
    /// The rule under a signed top-post and everything after it: the earlier message pasted
    /// there ("Much respect. / CW / ---------- / OK, here's how to do it ..."). Only when nothing
    /// above the rule is quoted, the line above it signs the reply (a bare name, initials or a
    /// sign-off, with a blank line or a sentence's end above it, not underlined by the rule nor
    /// a heading's shape: blank line above, rule right under it), the rule is the text's first,
    /// and what follows is a message: an attribution or a "From:" line first, quoted lines, or a
    /// line of prose — not a signature's short lines. A newsletter's "Contents" over its rule,
    /// below other rules, is not a signature.
    pub(super) fn mark_pasted_under_rule(&self, lines: &[&str], kinds: &mut [LineKind]) {
        let n = lines.len();
        let text = |j: usize| !lines[j].trim().is_empty();
        for i in 0..n {
            if kinds[i] != LineKind::Own {
                return;
            }
            let rule = lines[i].trim();
            if !is_dash_rule(rule) {
                continue;
            }
            // Only the first rule: one under other rules is a newsletter's or a table's.
            if (0..i).any(|j| is_dash_rule(lines[j].trim())) {
                return;
            }
            let Some(s) = (0..i).rev().find(|&j| text(j)) else {
                continue;
            };
            let Some(before) = (0..s).rev().find(|&j| text(j)) else {
                continue;
            };
            let name = lines[s].trim();
            let spaced = s + 1 < i;
            let underline = !spaced && rule.chars().count() <= name.chars().count() + 3;
            let blank_above = before + 1 < s;
            // "Hope that helps," / "" / "CW" / "-----": initials, or a name under a closing
            // line, are no heading even right over the rule.
            let initials = (2..=4).contains(&name.chars().count())
                && name.chars().all(|c| c.is_ascii_uppercase());
            let closed = lines[before].trim_end().ends_with(',');
            let heading = blank_above && !spaced && !initials && !closed;
            let opened = blank_above || lines[before].trim_end().ends_with(['.', '?', '!', ')']);
            let signs = self.is_signoff(name)
                || self.is_closing_and_name(name)
                || (opened && self.is_bare_name(name) && !is_heading(name));
            if !signs || underline || heading || !self.earlier_message(&lines[i + 1..]) {
                continue;
            }
            kinds[i] = LineKind::Attribution;
            for k in &mut kinds[i + 1..] {
                *k = LineKind::Quote;
            }
            return;
        }
    }

    /// Whether the lines under a rule are a message: an attribution or a "From:" line first,
    /// a quoted line, or a line of prose.
    fn earlier_message(&self, below: &[&str]) -> bool {
        let mut rest = below.iter().map(|l| l.trim()).filter(|l| !l.is_empty());
        let Some(first) = rest.next() else {
            return false;
        };
        self.is_attribution(first)
            || self.is_header(first, "header_from")
            || below.iter().any(|l| is_quote_line(l))
            || below
                .iter()
                .any(|l| l.split_whitespace().count() >= PROSE_WORDS)
    }

    /// nmh's attribution: indented "Date: / From: / Message-ID:" lines (a "From:" among them)
    /// right over the quoted lines. Returns where the block ends.
    pub(super) fn nmh_attribution(&self, lines: &[&str], i: usize) -> Option<usize> {
        let field = |l: &str| l.starts_with([' ', '\t']) && is_header_like(l.trim_start());
        let end = (i..lines.len().min(i + MAX_HEADER_BLOCK + 1))
            .find(|&j| !field(lines[j]))
            .unwrap_or(lines.len().min(i + MAX_HEADER_BLOCK + 1));
        if end < i + 2 || end > i + MAX_HEADER_BLOCK {
            return None;
        }
        let from = (i..end).any(|j| self.is_header(lines[j].trim(), "header_from"));
        let next = (end..lines.len()).find(|&j| !lines[j].trim().is_empty())?;
        (from && is_quote_line(lines[next])).then_some(end)
    }

    /// "Jim McCullars" / "The University of Alabama in Huntsville": the writer's full name (two
    /// or three words) over one line that names where they work or live, as the last two lines
    /// of the own text. The affiliation starts with a capital, is short, and ends no sentence.
    pub(super) fn is_name_over_affiliation(&self, name: &str, affiliation: &str) -> bool {
        let words = affiliation.split_whitespace().count();
        name.split_whitespace().count() >= 2
            && self.is_bare_name(name)
            && (1..=7).contains(&words)
            && affiliation.chars().count() <= 60
            && affiliation.starts_with(char::is_uppercase)
            && !affiliation.ends_with(['.', '?', '!', ':', ',', ';'])
            && !affiliation.contains(['?', '!'])
            && !self.is_signoff(affiliation)
    }
}

/// "-----------": a line of ten or more hyphens (underscores are Outlook's quote line already).
fn is_dash_rule(t: &str) -> bool {
    t.chars().count() >= 10 && t.chars().all(|c| c == '-')
}

/// "IN THIS ISSUE", "ADVERTISEMENT": a newsletter's heading in capitals, not a name or
/// initials ("CW", "DRS": one short word).
fn is_heading(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    letters > 4 && !t.chars().any(char::is_lowercase)
}

/// "[Anthony Baxter]", "[Tim]", "[Гвидо]": a name in brackets alone on its line, as python-dev
/// writes the attribution over the `>` lines it quotes. Not an aside ("[on skip tokens]",
/// "[snip]").
pub(super) fn is_bracketed_name(t: &str) -> bool {
    let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    let words: Vec<&str> = inner.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && inner.chars().count() <= 40
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        })
}

/// "Sliiiiccckk", "Nooooo", "Ммммм": a small letter three times in a row is an interjection
/// drawn out, never a name ("John Smith III" is a numeral in capitals).
pub(super) fn has_drawn_out_letter(t: &str) -> bool {
    let cs: Vec<char> = t.chars().collect();
    cs.windows(3)
        .any(|w| w[0].is_lowercase() && w[0] == w[1] && w[1] == w[2])
}

#[cfg(test)]
mod tests;
