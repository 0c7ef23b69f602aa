//! Telling the writer's own words from the quoted reply and the signature.
//!
//! - Quote: lines starting with `>`; an attribution line ("On DATE, X wrote:", "Il giorno DATE X
//!   ha scritto:", "DATE, X пишет:") starts a quote, and if the next text is not `>`-quoted
//!   (HTML mail read as text, top-posting clients) everything after it is the quote — unless
//!   it is indented ("Quoting X <x@y>:" over indented lines): then only that block is; so is
//!   everything after an Outlook "-----Original Message-----" line or a "From:" + "Sent:" block.
//! - Signature: from a `-- ` delimiter line (or a bare "---" over a short name block), or from
//!   a sign-off line ("Best regards,", "Cordiali saluti,", "С уважением,") followed by only a few
//!   lines, to the end of that block of own text; a dash and a name ("-- Joe") as the last line.
//! - Patch (the patch profile, `git format-patch` output): the diff from the "---" line before
//!   "diff --git" to git's "-- " version signature, and a cover letter's shortlog and diffstat.
//!   Quotes and signatures are looked for only before the diff.
//!
//! The patterns are data in `lints/draft.toml`, read in every language at once.

use crate::draft::LineKind;
use crate::lexicon::{Lexicon, Matcher, Scope};

mod forwarded;
mod pasted;
mod quoted_attribution;
mod sigshape;

const FILE: &str = "draft";

/// Lines between the rules of a company's signature box at most (name and contact line, blurb).
const MAX_COMPANY_BOX: usize = 16;

pub struct Segmenter<'a> {
    /// The reply-header lists are regexes: compiled only when a line could be one (see
    /// `is_attribution` and friends), so a draft that quotes nothing never pays for them.
    lex: &'a Lexicon,
    greetings: &'a Matcher,
    signoffs: &'a Matcher,
    max_signature_lines: usize,
    /// The subject says the message forwards another (`forward_subjects`).
    forward: bool,
}

/// The result of splitting: a kind per line, and where the greeting and sign-off are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segments {
    pub kinds: Vec<LineKind>,
    pub greeting: Option<usize>,
    pub signoff: Option<usize>,
}

impl<'a> Segmenter<'a> {
    pub fn new(lex: &'a Lexicon) -> Self {
        let m = |name| lex.matcher(FILE, name, Scope::All);
        Segmenter {
            lex,
            greetings: m("greetings"),
            signoffs: m("signoffs"),
            max_signature_lines: lex
                .int(FILE, "max_signature_lines")
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0),
            forward: false,
        }
    }

    /// Reads the text as a forward's when `subject` says it is one (`forward_subjects`): a
    /// sign-off and a name over more text end the writer's note (see `forwarded`).
    pub fn subject(mut self, subject: Option<&str>) -> Self {
        self.forward = subject.is_some_and(|s| self.lazy("forward_subjects").is_match(s));
        self
    }

    pub fn split<S: AsRef<str>>(&self, lines: &[S]) -> Segments {
        let lines: Vec<&str> = lines.iter().map(|l| l.as_ref()).collect();
        let n = lines.len();
        let mut kinds = vec![LineKind::Own; n];
        // A patch's diff is code: quotes and signatures are looked for only before it.
        let prose = mark_patch(&lines, &mut kinds);
        mark_uuencoded(&lines[..prose], &mut kinds[..prose]);
        mark_pgp(&lines[..prose], &mut kinds[..prose]);
        self.mark_forwarded_blocks(&lines[..prose], &mut kinds[..prose]);
        self.mark_forwarded_headers(&lines[..prose], &mut kinds[..prose]);
        self.mark_forward_under_signoff(&lines[..prose], &mut kinds[..prose]);
        self.mark_pasted_under_rule(&lines[..prose], &mut kinds[..prose]);
        self.mark_quotes(&lines[..prose], &mut kinds[..prose]);
        self.mark_quoted_attribution(&lines[..prose], &mut kinds[..prose]);
        let signoff = self.mark_signature(&lines, &mut kinds);
        let greeting = self.find_greeting(&lines, &kinds);
        Segments {
            kinds,
            greeting,
            signoff,
        }
    }

    fn mark_quotes(&self, lines: &[&str], kinds: &mut [LineKind]) {
        let n = lines.len();
        let mut i = 0;
        while i < n {
            let t = lines[i].trim();
            if kinds[i] != LineKind::Own {
                i += 1;
                continue;
            }
            if is_quote_line(lines[i]) {
                kinds[i] = LineKind::Quote;
                i += 1;
                continue;
            }
            if t.is_empty() {
                i += 1;
                continue;
            }
            // python-dev's "[Anthony Baxter]" and nmh's indented "Date: / From: / Message-ID:"
            // over the quoted lines: attributions the inline answers go on after.
            let bracketed = pasted::is_bracketed_name(t)
                && (i + 1..n)
                    .find(|&j| !lines[j].trim().is_empty())
                    .is_some_and(|j| is_quote_line(lines[j]));
            let nmh = if bracketed {
                None
            } else {
                self.nmh_attribution(lines, i)
            };
            if bracketed || nmh.is_some() {
                let end = nmh.unwrap_or(i + 1);
                for k in &mut kinds[i..end] {
                    *k = LineKind::Attribution;
                }
                i = end;
                continue;
            }
            let line = |j: usize| lines.get(j).map_or("", |l| l.trim());
            let used = self.attribution_lines(t, line(i + 1), line(i + 2));
            let is_attr = used > 0;
            if is_attr {
                for k in kinds.iter_mut().skip(i).take(used) {
                    *k = LineKind::Attribution;
                }
                let next = (i + used..n).find(|&j| !lines[j].trim().is_empty());
                if let Some(j) = next
                    && !is_quote_line(lines[j])
                {
                    // "Quoting X <x@y>:" / "X wrote:" over indented lines: the indented block
                    // is the quote, and what follows it at the margin is the writer's again.
                    if lines[j].starts_with([' ', '\t']) {
                        let end = indented_block_end(lines, j);
                        for k in &mut kinds[j..end] {
                            *k = LineKind::Quote;
                        }
                        i = end;
                        continue;
                    }
                    for k in kinds.iter_mut().skip(j) {
                        *k = LineKind::Quote;
                    }
                    return;
                }
                i += used;
                continue;
            }
            let outlook_header = self.is_header(t, "header_from")
                && (i + 1..n.min(i + 5)).any(|j| self.is_header(lines[j].trim(), "header_next"));
            // A mailing list's "______" line over its footer is not a quote header.
            let list_footer = t.starts_with('_')
                && (i + 1..n.min(i + 4)).any(|j| self.is_footer(lines[j].trim()));
            if (self.is_original_message(t) && !list_footer) || outlook_header {
                kinds[i] = LineKind::Attribution;
                for k in kinds.iter_mut().skip(i + 1) {
                    *k = LineKind::Quote;
                }
                return;
            }
            i += 1;
        }
    }

    /// How many lines, from `t` on, make an attribution: 1, 2 or 3 when it wraps, 0 when it is
    /// none. `next` and `third` are the lines under `t`, trimmed ("" where there are none).
    fn attribution_lines(&self, t: &str, next: &str, third: &str) -> usize {
        // "On Mon, 16 Nov 2026 at 08:02, Anna Rossi <anna@example.com>\nwrote:" wraps; so
        // does Gmail's "On Tue, Sep 25, 2012 at 8:59 AM, Chris\n<c@x> wrote:", whose second
        // line alone looks like an attribution too.
        let wrapped = || {
            next.len() < 80
                && joined_ends_with_colon(t, next)
                && (!self.is_attribution(next)
                    || next.starts_with('<')
                    || (!t.ends_with(':') && self.lazy("attribution_start").is_match(t)))
                && self.is_attribution(&format!("{t} {next}"))
        };
        if self.is_attribution(t) {
            1
        } else if !next.is_empty() && wrapped() {
            2
        } else if self.wrapped_over_three(t, next, third) {
            3
        } else {
            0
        }
    }

    /// Apple Mail's "On Dec 16, 2011, at 12:47 PM, Corey Donohoe" / "<c@x>" / "wrote:": an
    /// attribution's start, its address, and the verb each on a line of their own.
    fn wrapped_over_three(&self, first: &str, second: &str, third: &str) -> bool {
        !first.ends_with(':')
            && !second.is_empty()
            && !second.ends_with(':')
            && second.len() < 80
            && third.len() < 80
            && third.ends_with(':')
            && self.lazy("attribution_start").is_match(first)
            && self.is_attribution(&format!("{first} {second} {third}"))
    }

    fn lazy(&self, name: &str) -> &'a Matcher {
        self.lex.matcher(FILE, name, Scope::All)
    }

    /// "On DATE, NAME wrote:" and its kin all end with a colon.
    /// A few clients leave the colon out ("On DATE, NAME <a@x> wrote"): tried only on lines
    /// ending in "wrote", against the stricter `attribution_bare` list.
    fn is_attribution(&self, t: &str) -> bool {
        let t = t.trim_end();
        if t.ends_with(':') {
            return self.lazy("attribution").is_match(t);
        }
        t.len() > 5
            && t.get(t.len() - 5..)
                .is_some_and(|end| end.eq_ignore_ascii_case("wrote"))
            && self.lazy("attribution_bare").is_match(t)
    }

    /// "-----Original Message-----", "________________".
    fn is_original_message(&self, t: &str) -> bool {
        t.starts_with(['-', '_']) && self.lazy("original_message").is_match(t)
    }

    /// "From: ...", "Sent: ..." and their translations, also in bold as HTML mail read as text
    /// writes them ("**From:** Anna", "*Da:* Anna").
    fn is_header(&self, t: &str, list: &str) -> bool {
        if !t.contains(':') {
            return false;
        }
        if t.starts_with('*') {
            return self.lazy(list).is_match(&t.replace('*', ""));
        }
        self.lazy(list).is_match(t)
    }

    /// "Sent from my iPhone", "Inviato da iPhone", a Yahoo! Groups or Mailman footer.
    fn is_footer(&self, t: &str) -> bool {
        !t.is_empty() && self.lazy("footer").is_match(t)
    }

    /// A forwarded or pasted message's header lines ("Delivered-To: ...", "Forwarded-by: ...")
    /// with their indented continuation lines are quoted: somebody else's words, or a machine's.
    fn mark_forwarded_headers(&self, lines: &[&str], kinds: &mut [LineKind]) {
        let n = lines.len();
        let mut i = 0;
        while i < n {
            let t = lines[i];
            if kinds[i] == LineKind::Own
                && t.contains(':')
                && !t.starts_with([' ', '\t'])
                && self.lazy("forward_header").is_match(t)
            {
                let start = i;
                kinds[i] = LineKind::Quote;
                i += 1;
                // The block goes on over other header lines and continuation lines.
                let mut fields = 1;
                while i < n
                    && kinds[i] == LineKind::Own
                    && (is_header_like(lines[i])
                        || (lines[i].starts_with([' ', '\t']) && !lines[i].trim().is_empty()))
                {
                    fields += usize::from(is_header_like(lines[i]));
                    kinds[i] = LineKind::Quote;
                    i += 1;
                }
                // A whole forwarded message (several fields, a blank line, its body): all of it
                // is somebody else's.
                if fields >= 2 && i < n && lines[i].trim().is_empty() {
                    kinds[start] = LineKind::Attribution;
                    for k in &mut kinds[i..] {
                        *k = LineKind::Quote;
                    }
                    return;
                }
            } else {
                i += 1;
            }
        }
    }

    /// Marks the signature and returns the sign-off line, if there is one.
    fn mark_signature(&self, lines: &[&str], kinds: &mut [LineKind]) -> Option<usize> {
        let n = lines.len();
        // The "-- " delimiter.
        // Device lines and list or provider footers, with a separator line just above them.
        let mut i = 0;
        while i < n {
            if kinds[i] == LineKind::Own && self.is_footer(lines[i].trim()) {
                let mut start = i;
                while start > 0
                    && kinds[start - 1] == LineKind::Own
                    && is_separator(lines[start - 1].trim())
                {
                    start -= 1;
                }
                start = list_ad_above(lines, kinds, start).unwrap_or(start);
                let end = block_end(kinds, i);
                sign_from(kinds, start);
                i = end;
            } else {
                i += 1;
            }
        }
        let mut signoff = None;
        if let Some(d) = (0..n).find(|&i| {
            kinds[i] == LineKind::Own
                // "- -- ": the delimiter dash-escaped in a PGP-signed text (RFC 4880, 7.1).
                && (matches!(lines[i].trim_end(), "--" | "- --")
                    || self.is_shaped_delimiter(lines, kinds, i))
        }) {
            sign_from(kinds, d);
            signoff = Some(d);
        }
        // A bare "---" line over a short signature at the end ("---" / "~Randy" / "*** Remember
        // to use Documentation/SubmitChecklist ***"), as kernel and list mail writes it: the
        // first line under it is a name or a handle, not a sentence ("---" / "P.S. I forgot…",
        // "---" / "ok").
        if signoff.is_none()
            && let Some(d) = (0..n).rev().find(|&i| {
                kinds[i] == LineKind::Own
                    && lines[i].trim_end() == "---"
                    && (0..i).any(|j| kinds[j] == LineKind::Own && !lines[j].trim().is_empty())
            })
        {
            let end = block_end(kinds, d);
            let mut after = (d + 1..end).filter(|&j| !lines[j].trim().is_empty());
            let first = after.next();
            let count = first.map_or(0, |_| 1 + after.count());
            if let Some(f) = first
                && count <= self.max_signature_lines
                && lines[f].split_whitespace().count() <= 4
                && lines[f].trim().chars().count() <= 40
                && !lines[f].trim().starts_with(char::is_lowercase)
                && !lines[f].trim_end().ends_with(['.', '?', '!', ':'])
                && (end == n || kinds[end] != LineKind::Patch)
            {
                sign_from(kinds, d);
                signoff = Some(d);
            }
        }
        // "-Abhishek Kona", "-- Joe", "- Gordon": a dash and the writer's name as the last line
        // of a block of own text; "- Name" (a bullet's shape) only with a blank line above it.
        let mut i = 0;
        while i < n {
            if kinds[i] != LineKind::Own {
                i += 1;
                continue;
            }
            let end = block_end(kinds, i);
            let mut words = (i..end).rev().filter(|&j| !lines[j].trim().is_empty());
            let last = words.next();
            let prev = words.next();
            let spaced_ok = |last: usize| {
                last > 0
                    && lines[last - 1].trim().is_empty()
                    && prev.is_some_and(|p| !lines[p].trim_end().ends_with(':'))
            };
            if let Some(last) = last
                && let Some(spaced) = dash_name(lines[last].trim())
                && (!spaced || spaced_ok(last))
                && prev.is_none_or(|prev| !is_list_item(lines[prev]))
            {
                sign_from(kinds, last);
            }
            i = end;
        }
        // A signature framed by two rules at the end of the text ("-----" / "Brian Fahrländer
        // Linux Zealot" / "Evansville, IN" / "-----" / a quip), a blank line above it.
        if signoff.is_none()
            && let Some(d) = self.framed_signature(lines, kinds)
        {
            sign_from(kinds, d);
            signoff = Some(d);
        }
        // A signature drawn in a box of '*' at the end of the text (src/draft/segment/sigshape.rs).
        if let Some(d) = self.boxed_signature(lines, kinds) {
            sign_from(kinds, d);
            signoff = signoff.or(Some(d));
        }
        // A company's disclaimer under the text (src/draft/segment/sigshape.rs).
        if let Some(d) = self.disclaimer(lines, kinds) {
            sign_from(kinds, d);
        }
        // A contact block with no delimiter ending the text (src/draft/segment/sigshape.rs).
        if let Some(d) = self.contact_block(lines, kinds) {
            sign_from(kinds, d);
            signoff = signoff.or(Some(d));
        }
        // A sign-off line with few lines after it in its block, and own words before it: a
        // reply whose only words are "Thank you!" says them, it does not sign off.
        let candidate = (0..n).rev().find(|&i| {
            kinds[i] == LineKind::Own
                && self.is_signoff(lines[i])
                && (0..i).any(|j| kinds[j] == LineKind::Own && !lines[j].trim().is_empty())
                && {
                    let end = block_end(kinds, i);
                    let after = lines[i + 1..end]
                        .iter()
                        .filter(|l| !l.trim().is_empty())
                        .count();
                    after <= self.max_signature_lines
                }
        });
        if let Some(s) = candidate {
            sign_from(kinds, s);
            signoff = Some(s);
        }
        // A name over a tagline at the end (src/draft/segment/sigshape.rs).
        if let Some(d) = self.name_over_quip(lines, kinds) {
            sign_from(kinds, d);
            return Some(signoff.map_or(d, |s| s.min(d)));
        }
        self.mark_bare_name(lines, kinds).or(signoff)
    }

    /// A bare name or initials as the writer's last line ("Dan", "ct", "a.", "Олег"), after the
    /// text with a blank line or a sentence's end above it, or under a short closing line
    /// ("prerogatively," / "geege"); or a closing word and a name with no comma ("Thanks
    /// Justin", "Grazie Marco"). Not an answer or an ask ("Yes", "Done.", "Thoughts";
    /// `not_signature_names`), not a name under a line ending with ":". Returns the first line
    /// marked.
    fn mark_bare_name(&self, lines: &[&str], kinds: &mut [LineKind]) -> Option<usize> {
        let is_text = |j: usize| !lines[j].trim().is_empty();
        // A separator line over the quote ("-----" / "On ... wrote:") is not the last word.
        let last = (0..lines.len())
            .rev()
            .find(|&j| kinds[j] == LineKind::Own && is_text(j) && !is_separator(lines[j].trim()))?;
        let prev = (0..last)
            .rev()
            .find(|&j| kinds[j] != LineKind::Own || is_text(j))?;
        if kinds[prev] != LineKind::Own {
            return None;
        }
        let t = lines[last].trim();
        let above = lines[prev].trim();
        let spaced = prev + 1 < last;
        let start = if self.is_closing_and_name(t) {
            last
        } else if !spaced
            && self.is_name_over_affiliation(above, t)
            && (0..prev)
                .rev()
                .find(|&j| kinds[j] != LineKind::Own || is_text(j))
                .is_some_and(|j| {
                    kinds[j] == LineKind::Own
                        && (j + 1 < prev || lines[j].trim_end().ends_with(['.', '?', '!']))
                })
        {
            prev
        } else if !self.is_bare_name(t) {
            return None;
        } else if spaced || above.ends_with(['.', '?', '!', ')']) {
            last
        } else if above.ends_with(',')
            && (above.split_whitespace().count() <= 3 && above.chars().count() <= 30
                || self.is_closing_phrase(above))
            && (0..prev).any(|j| kinds[j] == LineKind::Own && is_text(j))
        {
            prev
        } else {
            return None;
        };
        for k in &mut kinds[start..=last] {
            *k = LineKind::Signature;
        }
        Some(start)
    }

    /// "Dan", "ct", "a.", "J.R.", "Kate Smith", "DRS", "Марко": one to three words of letters,
    /// capitalised when more than one, initials with dots; a lower-case handle is one short word.
    /// A capitalised name may end with a full stop ("Pádraig.", "Nicolò.", "Фёдор.").
    fn is_bare_name(&self, t: &str) -> bool {
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.is_empty() || words.len() > 3 || t.chars().count() > 30 {
            return false;
        }
        let initials = |w: &str| {
            w.ends_with('.')
                && w.split_terminator('.').all(|p| {
                    (1..=2).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic)
                })
        };
        let word = |w: &str| {
            w.chars().next().is_some_and(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
        };
        let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        // "Pádraig." / "Kate Smith.": a full stop after the last capitalised word.
        let stopped = |w: &str| w.strip_suffix('.').is_some_and(|w| word(w) && capital(w));
        let ok = if let [w] = words[..] {
            initials(w) || stopped(w) || (word(w) && (capital(w) || w.chars().count() <= 6))
        } else {
            let part = |w: &&str| initials(w) || (word(w) && capital(w));
            match &words[..] {
                [rest @ .., last] => rest.iter().all(part) && (part(last) || stopped(last)),
                [] => false,
            }
        };
        if !ok || pasted::has_drawn_out_letter(t) {
            return false;
        }
        let bare = t.trim_end_matches('.');
        !self
            .lazy("not_signature_names")
            .find(bare)
            .is_some_and(|m| m.start == 0 && m.len() == bare.len())
    }

    /// The first rule of a box at the end of the own text: a rule of ten or more "-" or "="
    /// with a blank line and own words above it, one to four lines, a second rule, then at most
    /// `max_signature_lines` lines and no third rule (a table's shape). The box opens with a
    /// name (two capitalised words) or holds an address or a link. A company's box may be
    /// longer (up to `MAX_COMPANY_BOX` lines, blank ones too) when its first line holds the name
    /// and a way to reach them and its closing rule ends the text.
    fn framed_signature(&self, lines: &[&str], kinds: &[LineKind]) -> Option<usize> {
        let rule = |j: usize| {
            let t = lines[j].trim();
            t.chars().count() >= 10 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '='))
        };
        let own = |j: usize| kinds[j] == LineKind::Own;
        let text = |j: usize| !lines[j].trim().is_empty();
        let last = (0..lines.len()).rev().find(|&j| own(j) && text(j))?;
        let mut rules = (0..=last).filter(|&j| own(j) && rule(j));
        let d = rules.next()?;
        let e = rules.next()?;
        if rules.next().is_some()
            || d == 0
            || !own(d - 1)
            || text(d - 1)
            || !(0..d - 1).any(|j| own(j) && text(j))
            || (e + 1..=last).filter(|&j| text(j)).count() > self.max_signature_lines
            || !(e + 1..=last).all(own)
        {
            return None;
        }
        let first: Vec<&str> = lines[d + 1].split_whitespace().take(2).collect();
        let name = first.len() == 2
            && first.iter().map(|w| w.trim_end_matches(',')).all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            });
        let reach = |t: &str| {
            t.contains('@')
                || t.contains("http")
                || t.contains("www.")
                || t.chars().filter(char::is_ascii_digit).count() >= 6
        };
        // A company's box: the name and a way to reach them on its first line ("Martin Whelan |
        // Déise Design | www.deisedesign.com | Tel : 086-8888975"), then its blurb, blank lines
        // too, closing the text.
        if name && reach(lines[d + 1]) && e == last && e - d <= MAX_COMPANY_BOX {
            return Some(d);
        }
        if !(2..=5).contains(&(e - d)) || !(d + 1..e).all(|j| own(j) && text(j)) {
            return None;
        }
        let contact = (d + 1..e).any(|j| lines[j].contains('@') || lines[j].contains("http"));
        (name || contact).then_some(d)
    }

    /// "Thanks for any opinions,", "Grazie per l'aiuto,", "Спасибо за помощь,": a line that
    /// starts with a sign-off word and ends with a comma, up to eight words; "I will call you
    /// tomorrow," is not one.
    fn is_closing_phrase(&self, t: &str) -> bool {
        t.ends_with(',')
            && t.split_whitespace().count() <= 8
            && t.chars().count() <= 60
            && self.signoffs.may_match_at_start(t)
            && self.signoffs.find(t).is_some_and(|m| m.start == 0)
    }

    /// "Thanks Justin", "Cheers Dan", "Grazie Marco", "Спасибо Олег": a sign-off and one or two
    /// capitalised words, with no comma between.
    fn is_closing_and_name(&self, t: &str) -> bool {
        if !self.signoffs.may_match_at_start(t) {
            return false;
        }
        let Some(m) = self.signoffs.find(t).filter(|m| m.start == 0) else {
            return false;
        };
        let rest = t[m.end..].trim();
        let words: Vec<&str> = rest.split_whitespace().collect();
        (1..=2).contains(&words.len())
            && t[m.end..].starts_with(char::is_whitespace)
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
            })
    }

    /// "Best regards," / "Cordiali saluti" / "Thanks, Anna" / "С уважением," — the whole line.
    fn is_signoff(&self, line: &str) -> bool {
        let t = line.trim();
        if !self.signoffs.may_match_at_start(t) {
            return false;
        }
        let Some(m) = self.signoffs.find(t) else {
            return false;
        };
        if m.start != 0 {
            return false;
        }
        let rest = t[m.end..].trim_start();
        let rest_no_punct = rest
            .trim_start_matches([',', '.', '!', ';', '-', '—'])
            .trim();
        if rest_no_punct.is_empty() {
            return true;
        }
        // "Thanks, Anna" — a comma and a short name.
        rest.starts_with(',') && rest_no_punct.split_whitespace().count() <= 3
    }

    fn find_greeting(&self, lines: &[&str], kinds: &[LineKind]) -> Option<usize> {
        let i =
            (0..lines.len()).find(|&i| kinds[i] == LineKind::Own && !lines[i].trim().is_empty())?;
        let t = lines[i].trim();
        if t.split_whitespace().count() > 8 {
            return None;
        }
        if self.greetings.may_match_at_start(t)
            && self.greetings.find(t).is_some_and(|m| m.start == 0)
        {
            return Some(i);
        }
        self.is_name_first_greeting(t).then_some(i)
    }

    /// "Marco," / "Tom, hello" / "Андрей, добрый день!": one or two capitalised words and a
    /// comma (or "!"), then nothing or a greeting.
    fn is_name_first_greeting(&self, t: &str) -> bool {
        let Some(cut) = t.find([',', '!']) else {
            return false;
        };
        let (name, rest) = (t[..cut].trim(), t[cut + 1..].trim());
        let words: Vec<&str> = name.split_whitespace().collect();
        let is_name = |w: &str| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && w.chars().count() >= 2
                && cs.all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '.')
        };
        if words.is_empty() || words.len() > 2 || !words.iter().all(|w| is_name(w)) {
            return false;
        }
        let not_names = self.lazy("not_greeting_names");
        if not_names
            .find(words[0])
            .is_some_and(|m| m.len() == words[0].len())
            || self.signoffs.find(name).is_some_and(|m| m.start == 0)
        {
            return false;
        }
        let rest = rest.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
        rest.is_empty() || self.greetings.find(rest).is_some_and(|m| m.start == 0)
    }
}

/// A quoted line: "> ...", Supercite's "ABC> ..." / "James> ...", or "| ..." (not a table row,
/// which ends with "|" too).
fn is_quote_line(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with('>') {
        return true;
    }
    if let Some(rest) = t.strip_prefix('|') {
        let end = t.trim_end();
        return (rest.is_empty() || rest.starts_with(' '))
            && (end.len() == 1 || !end.ends_with('|'));
    }
    // Supercite: a short name of letters (no space) right before ">" at the line's start.
    let Some(gt) = t.find('>') else {
        return false;
    };
    let name = &t[..gt];
    let after = &t[gt + 1..];
    (1..=12).contains(&name.chars().count())
        && name.chars().next().is_some_and(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && (line.len() - t.len()) <= 4
        && (after.is_empty() || after.starts_with([' ', '>', '\t']))
}

/// "-Abhishek Kona", "-A", "--Joe", "-- Joe", "— Anna", "- Gordon": a dash before one to three
/// capitalised words ("-- " alone is the delimiter). `Some(true)` for "- Name", the shape of a
/// list item too, and for a lower-case handle ("-chad"), which the caller takes only with a
/// blank line above it.
fn dash_name(t: &str) -> Option<bool> {
    let (name, spaced) = if let Some(rest) = t.strip_prefix("--").or_else(|| t.strip_prefix('—'))
    {
        (rest.trim_start(), false)
    } else {
        let rest = t.strip_prefix('-')?;
        let trimmed = rest.trim_start();
        (trimmed, trimmed.len() != rest.len())
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    // "-chad": a lower-case handle, one word of three letters or more (not a flag such as "-n"
    // or "-fno-common"); like "- Name", only with a blank line above it.
    if !spaced
        && t.starts_with('-')
        && words.len() == 1
        && (3..=12).contains(&name.chars().count())
        && name.chars().all(|c| c.is_lowercase())
    {
        return Some(true);
    }
    let max = if spaced { 2 } else { 3 };
    let ok = name.chars().next().is_some_and(char::is_uppercase)
        && (1..=max).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
        });
    ok.then_some(spaced)
}

/// "- item", "* item", "• item", "1. item": a line of a list ("+1" is a vote).
fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(['-', '*', '•'])
        || t.split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Where a block of indented lines starting at `from` ends: blank lines belong to it only when
/// more indented lines follow them.
fn indented_block_end(lines: &[&str], from: usize) -> usize {
    let mut end = from;
    let mut j = from;
    while j < lines.len() {
        let l = lines[j];
        if l.trim().is_empty() {
            j += 1;
            continue;
        }
        if !l.starts_with([' ', '\t']) {
            break;
        }
        j += 1;
        end = j;
    }
    end
}

/// "Received: from ...", "X-Mailer: ...": a header field name and a colon.
fn is_header_like(line: &str) -> bool {
    let Some((name, _)) = line.split_once(':') else {
        return false;
    };
    !name.is_empty()
        && name.len() <= 40
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Where the block of own lines that holds line `from` ends: its first line that is not own.
fn block_end(kinds: &[LineKind], from: usize) -> usize {
    (from..kinds.len())
        .find(|&j| kinds[j] != LineKind::Own)
        .unwrap_or(kinds.len())
}

/// Marks line `from` and the rest of its block of own lines as the signature.
fn sign_from(kinds: &mut [LineKind], from: usize) {
    let end = block_end(kinds, from);
    for k in &mut kinds[from..end] {
        *k = LineKind::Signature;
    }
}

/// A list's advertisement right above its footer (SourceForge's "-----" / "Sponsored by: AMD -
/// ... register now for the AMD Developer Symposium" / "____" / "X mailing list"): at most
/// [`MAX_LIST_AD`] lines of own text touching the footer's first line, under a separator line
/// with a blank line (or nothing) above it. Returns the separator's line.
fn list_ad_above(lines: &[&str], kinds: &[LineKind], footer: usize) -> Option<usize> {
    let own = |j: usize| kinds[j] == LineKind::Own && !lines[j].trim().is_empty();
    let mut j = footer;
    for _ in 0..=MAX_LIST_AD {
        j = j.checked_sub(1)?;
        if !own(j) {
            return None;
        }
        if is_separator(lines[j].trim()) {
            let above_blank = j == 0 || lines[j - 1].trim().is_empty();
            return (above_blank && j + 1 < footer).then_some(j);
        }
    }
    None
}

/// Lines of a list's advertisement over its footer, at most.
const MAX_LIST_AD: usize = 5;

/// "-----", "_____", "=====": a line that separates a footer.
fn is_separator(t: &str) -> bool {
    t.len() >= 5 && t.chars().all(|c| matches!(c, '-' | '_' | '=' | '~' | '*'))
        || (t.starts_with("---") && t.ends_with("---"))
}

/// PGP armour: the "-----BEGIN PGP SIGNED MESSAGE-----" line with its "Hash:" lines, and the
/// signature block to "-----END PGP SIGNATURE-----", are not the writer's words. When the
/// signed part opens the text, what follows its signature was added after the writer signed (a
/// list's footer): not the writer's words either.
fn mark_pgp(lines: &[&str], kinds: &mut [LineKind]) {
    let n = lines.len();
    let mut signed_whole = false;
    let mut i = 0;
    while i < n {
        let t = lines[i].trim();
        if t == "-----BEGIN PGP SIGNED MESSAGE-----" {
            signed_whole |= lines[..i].iter().all(|l| l.trim().is_empty());
            kinds[i] = LineKind::Signature;
            i += 1;
            while i < n && (lines[i].starts_with("Hash:") || lines[i].trim().is_empty()) {
                kinds[i] = LineKind::Signature;
                let blank = lines[i].trim().is_empty();
                i += 1;
                if blank {
                    break;
                }
            }
        } else if t == "-----BEGIN PGP SIGNATURE-----"
            && let Some(end) =
                (i + 1..n).find(|&j| lines[j].trim() == "-----END PGP SIGNATURE-----")
        {
            let to = if signed_whole { n - 1 } else { end };
            for k in &mut kinds[i..=to] {
                *k = LineKind::Signature;
            }
            i = to + 1;
        } else {
            i += 1;
        }
    }
}

/// Whether `"{first} {next}"` ends with a colon once trimmed (both are trimmed already), as an
/// attribution must: checked before building that string for every line.
fn joined_ends_with_colon(first: &str, next: &str) -> bool {
    if next.is_empty() {
        first.ends_with(':')
    } else {
        next.ends_with(':')
    }
}

/// The patch profile (`git format-patch` output): marks the diff, from the "---" line before the
/// first "diff --git" to the "-- " line of git's version signature (or the end), and a cover
/// letter's shortlog and diffstat ("Name (2):" ... " 3 files changed, ..."), as
/// [`LineKind::Patch`]. Returns where the diff starts (the end of the prose).
fn mark_patch(lines: &[&str], kinds: &mut [LineKind]) -> usize {
    let n = lines.len();
    let is_summary = |l: &str| {
        let mut w = l.split_whitespace();
        l.starts_with(' ')
            && w.next()
                .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
            && matches!(w.next(), Some("file" | "files"))
            && w.next().is_some_and(|c| c.starts_with("changed"))
    };
    let signature = |from: usize| {
        (from..n)
            .rev()
            .find(|&j| lines[j] == "-- " && j + 1 < n && lines[j + 1].trim().starts_with("2."))
    };
    let diff = (0..n).find(|&i| lines[i].starts_with("diff --git "));
    if let Some(d) = diff
        && let Some(start) = (0..d).rev().find(|&i| lines[i].trim_end() == "---")
    {
        let end = signature(d).unwrap_or(n);
        for k in &mut kinds[start..end] {
            *k = LineKind::Patch;
        }
        return start;
    }
    // A unified diff not made by git (quilt's "Index: f" over "====", `diff -u`, or bare
    // "--- a" / "+++ b" / "@@ ..."): from its first header, or from the "---" line of a
    // format-patch-like mail when only a diffstat stands between them.
    if let Some(d) = (0..n).find(|&i| unified_diff_header(&lines[i..])) {
        let start = (0..d)
            .rev()
            .find(|&i| !lines[i].trim().is_empty() && !lines[i].starts_with(' '))
            .filter(|&i| lines[i].trim_end() == "---")
            .unwrap_or(d);
        let end = signature(d).unwrap_or(n);
        for k in &mut kinds[start..end] {
            *k = LineKind::Patch;
        }
        return start;
    }
    // A cover letter: "Anna Rossi (2):", the indented subjects, the diffstat.
    if let Some(s) = (0..n).find(|&i| is_summary(lines[i]))
        && let Some(h) = (0..s).rev().find(|&i| {
            let t = lines[i].trim_end();
            !lines[i].starts_with(' ')
                && t.ends_with("):")
                && t.rsplit_once('(').is_some_and(|(_, c)| {
                    let count = c.trim_end_matches("):");
                    !count.is_empty() && count.chars().all(|c| c.is_ascii_digit())
                })
        })
    {
        for k in &mut kinds[h..=s] {
            *k = LineKind::Patch;
        }
    }
    n
}

/// The first lines of a unified diff's file header: "Index: f" over a rule of "=", a `diff -u`
/// or `diff -r` command line over "--- ", or "--- a" then "+++ b" then "@@ -1,2 +1,3 @@".
fn unified_diff_header(from: &[&str]) -> bool {
    let at = |i: usize| from.get(i).copied().unwrap_or("");
    let hunk = |i: usize| at(i).starts_with("@@ -");
    let files =
        |i: usize| at(i).starts_with("--- ") && at(i + 1).starts_with("+++ ") && hunk(i + 2);
    (at(0).starts_with("Index: ") && at(1).starts_with("====") && files(2))
        || (at(0).starts_with("diff -") && files(1))
        || files(0)
}

/// "begin 644 photo.jpg" ... "end": an inline uuencoded file, as old clients attach them.
fn mark_uuencoded(lines: &[&str], kinds: &mut [LineKind]) {
    let is_begin = |l: &str| {
        let mut parts = l.split_whitespace();
        parts.next() == Some("begin")
            && parts.next().is_some_and(|m| {
                (3..=4).contains(&m.len()) && m.chars().all(|c| ('0'..='7').contains(&c))
            })
            && parts.next().is_some()
    };
    let mut i = 0;
    while i < lines.len() {
        if is_begin(lines[i])
            && let Some(end) = (i + 1..lines.len()).find(|&j| lines[j].trim_end() == "end")
        {
            for k in &mut kinds[i..=end] {
                *k = LineKind::Encoded;
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests;
