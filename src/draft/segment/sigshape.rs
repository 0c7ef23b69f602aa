//! Signature shapes the plain delimiter and sign-off miss:
//!
//! - the "-- " delimiter indented (" -- ") or centred and decorated ("   -- \m/ --"), over a
//!   short block: at most `max_signature_lines` lines of text below it in its block;
//! - a signature drawn in a box of `*` or `#` at the end of the text ("*-----*" / "* James H.
//!   McCullars   I Phone: ... *" / "*-----*"): three or more lines that each open and close with
//!   the same frame character, when it is the text's only box;
//! - a bare name alone in its paragraph with a one- or two-line quip under it ending the text
//!   ("Rob" / "" / "Have you seen the missing \"Have you seen\" sign?"): a tagline, not a
//!   postscript ("P.S. ...");
//! - a company's legal disclaimer under the writer's text ("This e-mail and any files
//!   transmitted with it are confidential ..."; `disclaimer` in `lints/draft.toml`), with the
//!   rule of stars or dashes above it, when nothing in it asks;
//! - a contact block ending the text with no delimiter ("R. Kevin Oberman, Network Engineer" /
//!   "Energy Sciences Network (ESnet)" / "E-mail: oberman@es.net   Phone: +1 510 486-8634"): two
//!   to [`MAX_CONTACT_LINES`] lines under a blank line, the first opening with a name (two
//!   capitalised words), one holding an e-mail address or a telephone number, none ending a
//!   sentence.

use super::{LineKind, Segmenter, block_end, is_separator};

/// Characters a decorated delimiter may hold at most ("-- \m/ --").
const MAX_DECORATED: usize = 24;

/// Lines a signature box needs at least: a top, a line of text, a bottom.
const MIN_BOX_LINES: usize = 3;

/// A disclaimer's block: at most this many lines of text.
const MAX_DISCLAIMER_LINES: usize = 20;

/// A contact block: at most this many lines.
const MAX_CONTACT_LINES: usize = 5;

/// A tagline under the name: at most this many lines and words.
const MAX_QUIP_LINES: usize = 2;
const MAX_QUIP_WORDS: usize = 25;

impl Segmenter<'_> {
    /// Whether own line `i` is an indented or decorated "-- " delimiter over a short block.
    pub(super) fn is_shaped_delimiter(&self, lines: &[&str], kinds: &[LineKind], i: usize) -> bool {
        let t = lines[i].trim();
        let indented = t == "--" && lines[i].starts_with([' ', '\t']);
        let decorated = t.chars().count() <= MAX_DECORATED
            && t.len() > 6
            && t.starts_with("-- ")
            && t.ends_with(" --")
            && t[3..t.len() - 3]
                .chars()
                .any(|c| !c.is_whitespace() && c != '-');
        if !indented && !decorated {
            return false;
        }
        let below = (i + 1..lines.len())
            .take_while(|&j| kinds[j] == LineKind::Own)
            .filter(|&j| !lines[j].trim().is_empty())
            .count();
        (1..=self.max_signature_lines).contains(&below)
    }

    /// The first line of a boxed signature ending the writer's text, if there is one.
    pub(super) fn boxed_signature(&self, lines: &[&str], kinds: &[LineKind]) -> Option<usize> {
        let is_text = |j: usize| !lines[j].trim().is_empty();
        let last = (0..lines.len())
            .rev()
            .find(|&j| kinds[j] == LineKind::Own && is_text(j))?;
        // Only when nothing own follows it (blank lines, a footer, the quote may).
        let frame = lines[last]
            .trim()
            .chars()
            .next()
            .filter(|c| ['*', '#'].contains(c))?;
        let framed = |j: usize| {
            let t = lines[j].trim();
            kinds[j] == LineKind::Own && t.len() >= 2 && t.starts_with(frame) && t.ends_with(frame)
        };
        let mut start = last;
        while start > 0 && framed(start - 1) {
            start -= 1;
        }
        let count = last + 1 - start;
        let has_text_above = (0..start).any(|j| kinds[j] == LineKind::Own && is_text(j));
        // The text's only box: a newsletter that frames its headings the same way ("****" /
        // "* Newsletter Sign-up Confirmation *") frames its footer as layout, not a signature.
        let box_above = (0..start).any(|j| framed(j) && lines[j].trim().len() > 2);
        (framed(last) && count >= MIN_BOX_LINES && has_text_above && !box_above).then_some(start)
    }

    /// The first line of a company's disclaimer under the writer's text, if there is one: a line
    /// of `disclaimer` set apart by a rule or two blank lines (the rule belongs to it), own words
    /// above it, at most `MAX_DISCLAIMER_LINES` lines to the end of its block, none a question.
    pub(super) fn disclaimer(&self, lines: &[&str], kinds: &[LineKind]) -> Option<usize> {
        let own = |j: usize| kinds[j] == LineKind::Own;
        let text = |j: usize| !lines[j].trim().is_empty();
        let at = (0..lines.len())
            .find(|&j| own(j) && text(j) && self.lazy("disclaimer").is_match(lines[j].trim()))?;
        let end = block_end(kinds, at);
        let body = || (at..end).filter(|&j| text(j));
        if body().count() > MAX_DISCLAIMER_LINES || body().any(|j| lines[j].contains('?')) {
            return None;
        }
        let mut start = at;
        let (mut blanks, mut rule) = (0, false);
        while start > 0
            && own(start - 1)
            && (!text(start - 1) || is_separator(lines[start - 1].trim()))
        {
            start -= 1;
            if text(start) {
                rule = true;
            } else {
                blanks += 1;
            }
        }
        // Set apart from the text by a rule or two blank lines: a line of the writer's own about
        // confidentiality goes on with the letter.
        ((rule || blanks >= 2) && (0..start).any(|j| own(j) && text(j))).then_some(start)
    }

    /// The first line of a contact block ending the writer's text, if there is one (see the
    /// module's documentation).
    pub(super) fn contact_block(&self, lines: &[&str], kinds: &[LineKind]) -> Option<usize> {
        let own = |j: usize| kinds[j] == LineKind::Own;
        let text = |j: usize| !lines[j].trim().is_empty();
        let (first, last) = last_own_block(lines, kinds)?;
        let block: Vec<&str> = lines[first..=last].iter().map(|l| l.trim()).collect();
        if !(2..=MAX_CONTACT_LINES).contains(&block.len())
            || !(0..first).any(|j| own(j) && text(j))
            || block.iter().any(|l| l.ends_with(['.', '?', '!', ':']))
        {
            return None;
        }
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let mut words = block[0].split_whitespace();
        let named = words.next().is_some_and(capitalised) && words.next().is_some_and(capitalised);
        let reachable = block.iter().any(|l| {
            l.split_whitespace().any(|w| {
                let w = w.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | ';'));
                w.split_once('@')
                    .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
            }) || has_phone(l)
        });
        (named && reachable).then_some(first)
    }

    /// The name line of a name over a quip ending the writer's text, if there is one: the name
    /// alone in its paragraph (`is_bare_name`), under a blank line, a sentence's end or a
    /// closing phrase ("Cheers,"), with own words above it; then a blank line and one or two
    /// lines that are no postscript and ask nothing (`afterthought` in `lints/draft.toml`).
    pub(super) fn name_over_quip(&self, lines: &[&str], kinds: &[LineKind]) -> Option<usize> {
        let own = |j: usize| kinds[j] == LineKind::Own;
        let text = |j: usize| !lines[j].trim().is_empty();
        let (first, last) = last_own_block(lines, kinds)?;
        let quip: Vec<&str> = lines[first..=last].iter().map(|l| l.trim()).collect();
        let words: usize = quip.iter().map(|l| l.split_whitespace().count()).sum();
        let asks = quip.iter().any(|l| self.lazy("afterthought").is_match(l));
        // Words, not a rule, a list item or a heading's underline ("Contents" / "-----" / "1. ...").
        let words_only = quip.iter().all(|l| {
            l.starts_with(|c: char| c.is_alphabetic() || matches!(c, '"' | '\'' | '«' | '“'))
                && !l.ends_with(':')
        });
        if quip.len() > MAX_QUIP_LINES || words > MAX_QUIP_WORDS || asks || !words_only {
            return None;
        }
        // A blank line, then the name alone.
        let name = first.checked_sub(2)?;
        if !own(first - 1) || text(first - 1) || !own(name) || !self.is_bare_name(lines[name]) {
            return None;
        }
        let above = name.checked_sub(1)?;
        let opens = !own(above)
            || !text(above)
            || lines[above].trim_end().ends_with(['.', '?', '!', ')'])
            || self.is_closing_phrase(lines[above].trim());
        // Own prose above: a line ending a sentence ("Hi," / "" / "John" / "" / "Can you ...?" is
        // a greeting over an ask).
        let words_above = (0..name)
            .any(|j| own(j) && j + 1 < name && lines[j].trim_end().ends_with(['.', '?', '!']));
        (own(above) && opens && words_above).then_some(name)
    }
}

#[cfg(test)]
mod tests;

/// The first and last line of the last block of own lines with text (no blank line inside).
fn last_own_block(lines: &[&str], kinds: &[LineKind]) -> Option<(usize, usize)> {
    let own = |j: usize| kinds[j] == LineKind::Own;
    let text = |j: usize| !lines[j].trim().is_empty();
    let last = (0..lines.len()).rev().find(|&j| own(j) && text(j))?;
    let mut first = last;
    while first > 0 && own(first - 1) && text(first - 1) {
        first -= 1;
    }
    Some((first, last))
}

/// Whether `line` holds a telephone number: seven digits or more in one run of digits, spaces,
/// '-', '.', '/', '(' and ')', optionally after '+' ("+1 510 486-8634", "(315)268-1000").
fn has_phone(line: &str) -> bool {
    let mut digits = 0usize;
    for c in line.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 7 {
                return true;
            }
        } else if !matches!(c, ' ' | '-' | '.' | '/' | '(' | ')' | '+') {
            digits = 0;
        }
    }
    false
}
