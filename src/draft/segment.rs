//! Telling the writer's own words from the quoted reply and the signature.
//!
//! - Quote: lines starting with `>`; an attribution line ("On DATE, X wrote:", "Il giorno DATE X
//!   ha scritto:", "DATE, X пишет:") starts a quote, and if the next text is not `>`-quoted
//!   (HTML mail read as text, top-posting clients) everything after it is the quote; so is
//!   everything after an Outlook "-----Original Message-----" line or a "From:" + "Sent:" block.
//! - Signature: from a `-- ` delimiter line, or from a sign-off line ("Best regards,",
//!   "Cordiali saluti,", "С уважением,") followed by only a few lines, to the end of that block
//!   of own text.
//! - Patch (the patch profile, `git format-patch` output): the diff from the "---" line before
//!   "diff --git" to git's "-- " version signature, and a cover letter's shortlog and diffstat.
//!   Quotes and signatures are looked for only before the diff.
//!
//! The patterns are data in `lints/draft.toml`, read in every language at once.

use crate::draft::LineKind;
use crate::lexicon::{Lexicon, Matcher, Scope};

const FILE: &str = "draft";

pub struct Segmenter<'a> {
    /// The reply-header lists are regexes: compiled only when a line could be one (see
    /// `is_attribution` and friends), so a draft that quotes nothing never pays for them.
    lex: &'a Lexicon,
    greetings: &'a Matcher,
    signoffs: &'a Matcher,
    max_signature_lines: usize,
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
        }
    }

    pub fn split<S: AsRef<str>>(&self, lines: &[S]) -> Segments {
        let lines: Vec<&str> = lines.iter().map(|l| l.as_ref()).collect();
        let n = lines.len();
        let mut kinds = vec![LineKind::Own; n];
        // A patch's diff is code: quotes and signatures are looked for only before it.
        let prose = mark_patch(&lines, &mut kinds);
        mark_uuencoded(&lines[..prose], &mut kinds[..prose]);
        mark_pgp(&lines[..prose], &mut kinds[..prose]);
        self.mark_forwarded_headers(&lines[..prose], &mut kinds[..prose]);
        self.mark_quotes(&lines[..prose], &mut kinds[..prose]);
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
            // "On Mon, 16 Nov 2026 at 08:02, Anna Rossi <anna@example.com>\nwrote:" wraps; so
            // does Gmail's "On Tue, Sep 25, 2012 at 8:59 AM, Chris\n<c@x> wrote:", whose second
            // line alone looks like an attribution too.
            let wrapped = |next: &str| {
                next.len() < 80
                    && joined_ends_with_colon(t, next)
                    && (!self.is_attribution(next)
                        || next.starts_with('<')
                        || (!t.ends_with(':') && self.lazy("attribution_start").is_match(t)))
                    && self.is_attribution(&format!("{t} {next}"))
            };
            let (is_attr, used) = if self.is_attribution(t) {
                (true, 1)
            } else if i + 1 < n && wrapped(lines[i + 1].trim()) {
                (true, 2)
            } else if i + 2 < n
                && self.wrapped_over_three(t, lines[i + 1].trim(), lines[i + 2].trim())
            {
                (true, 3)
            } else {
                (false, 0)
            };
            if is_attr {
                for k in kinds.iter_mut().skip(i).take(used) {
                    *k = LineKind::Attribution;
                }
                let next = (i + used..n).find(|&j| !lines[j].trim().is_empty());
                if let Some(j) = next
                    && !is_quote_line(lines[j])
                {
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
        let block_end = |from: usize, kinds: &[LineKind]| {
            (from..n).find(|&j| kinds[j] != LineKind::Own).unwrap_or(n)
        };
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
                let end = block_end(i, kinds);
                for k in &mut kinds[start..end] {
                    *k = LineKind::Signature;
                }
                i = end;
            } else {
                i += 1;
            }
        }
        let mut signoff = None;
        if let Some(d) = (0..n).find(|&i| kinds[i] == LineKind::Own && lines[i].trim_end() == "--")
        {
            let end = block_end(d, kinds);
            for k in &mut kinds[d..end] {
                *k = LineKind::Signature;
            }
            signoff = Some(d);
        }
        // "-Abhishek Kona": a dash and the writer's name as the last line of a block of own text.
        let mut i = 0;
        while i < n {
            if kinds[i] != LineKind::Own {
                i += 1;
                continue;
            }
            let end = block_end(i, kinds);
            let mut words = (i..end).rev().filter(|&j| !lines[j].trim().is_empty());
            if let Some(last) = words.next()
                && is_dash_name(lines[last].trim())
                && words
                    .next()
                    .is_none_or(|prev| !lines[prev].trim_start().starts_with('-'))
            {
                for k in &mut kinds[last..end] {
                    *k = LineKind::Signature;
                }
            }
            i = end;
        }
        // A sign-off line with few lines after it in its block.
        let candidate = (0..n).rev().find(|&i| {
            kinds[i] == LineKind::Own && self.is_signoff(lines[i]) && {
                let end = block_end(i, kinds);
                let after = lines[i + 1..end]
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .count();
                after <= self.max_signature_lines
            }
        });
        if let Some(s) = candidate {
            let end = block_end(s, kinds);
            for k in &mut kinds[s..end] {
                *k = LineKind::Signature;
            }
            signoff = Some(s);
        }
        signoff
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

/// "-Abhishek Kona", "-A": a dash right before one to three capitalised words (a list item has a
/// space after its dash, "-- " is the delimiter).
fn is_dash_name(t: &str) -> bool {
    let Some(name) = t.strip_prefix('-') else {
        return false;
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    name.chars().next().is_some_and(char::is_uppercase)
        && (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
        })
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

/// "-----", "_____", "=====": a line that separates a footer.
fn is_separator(t: &str) -> bool {
    t.len() >= 5 && t.chars().all(|c| matches!(c, '-' | '_' | '=' | '~' | '*'))
        || (t.starts_with("---") && t.ends_with("---"))
}

/// PGP armour: the "-----BEGIN PGP SIGNED MESSAGE-----" line with its "Hash:" lines, and the
/// signature block to "-----END PGP SIGNATURE-----", are not the writer's words.
fn mark_pgp(lines: &[&str], kinds: &mut [LineKind]) {
    let n = lines.len();
    let mut i = 0;
    while i < n {
        let t = lines[i].trim();
        if t == "-----BEGIN PGP SIGNED MESSAGE-----" {
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
            for k in &mut kinds[i..=end] {
                *k = LineKind::Signature;
            }
            i = end + 1;
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
mod tests {
    use super::*;
    use crate::draft::LineKind::*;

    fn split(text: &str) -> Segments {
        let lex = crate::rules::builtin_lexicon();
        let lines: Vec<&str> = text.lines().collect();
        Segmenter::new(&lex).split(&lines)
    }

    #[test]
    fn gmail_style_reply() {
        let s = split(
            "Hi Anna,\nthanks.\n\nBest regards,\nMarco\n\nOn Mon, 16 Nov 2026 at 08:02, Anna <a@example.com> wrote:\n> This is RIDICULOUS!!!\n> Really.",
        );
        assert_eq!(
            s.kinds,
            vec![
                Own,
                Own,
                Own,
                Signature,
                Signature,
                Signature,
                Attribution,
                Quote,
                Quote
            ]
        );
        assert_eq!(s.greeting, Some(0));
        assert_eq!(s.signoff, Some(3));
    }

    #[test]
    fn italian_and_russian_attributions() {
        let s = split(
            "Va bene.\nIl giorno lun 16 nov 2026 alle ore 08:02 Anna Rossi <a@example.it> ha scritto:\n> vergogna",
        );
        assert_eq!(s.kinds, vec![Own, Attribution, Quote]);
        let s =
            split("Хорошо.\n16 нояб. 2026 г., в 08:02, Анна <a@example.ru> пишет:\n> безобразие");
        assert_eq!(s.kinds, vec![Own, Attribution, Quote]);
    }

    #[test]
    fn wrapped_attribution() {
        let s = split(
            "Fine.\nOn Mon, 16 Nov 2026 at 08:02, Anna Rossi <anna@example.com>\nwrote:\n> angry",
        );
        assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Quote]);
    }

    #[test]
    fn unquoted_text_after_attribution_is_quote() {
        let s = split("Sure.\nOn Mon, Anna wrote:\nThis is unacceptable.\nFix it.");
        assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote]);
    }

    #[test]
    fn inline_reply_keeps_own_answers() {
        let s = split("> When?\nTomorrow.\n> Where?\nAt the shop.");
        assert_eq!(s.kinds, vec![Quote, Own, Quote, Own]);
    }

    #[test]
    fn outlook_original_message() {
        let s = split(
            "Calm answer.\n-----Original Message-----\nFrom: Anna\nSent: Monday\nYou NEVER listen!!!",
        );
        assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote, Quote]);
        let s =
            split("Calm answer.\n\nDa: Anna Rossi\nInviato: lunedì\nOggetto: ordine\nVergogna!");
        assert_eq!(s.kinds, vec![Own, Own, Attribution, Quote, Quote, Quote]);
    }

    #[test]
    fn uuencoded_files_are_not_text() {
        let s = split("See the file.\nbegin 644 a.txt\nM86)C\n`\nend\nBye.");
        assert_eq!(s.kinds, vec![Own, Encoded, Encoded, Encoded, Encoded, Own]);
    }

    #[test]
    fn dash_dash_signature() {
        let s = split("Text.\n-- \nMarco\nsee attached!!!");
        assert_eq!(s.kinds, vec![Own, Signature, Signature, Signature]);
    }

    #[test]
    fn a_patch_diff_is_not_prose() {
        let s = split(
            "Fix the TODO list.\n\nSigned-off-by: A <a@example.com>\n---\n a.txt | 2 +-\n\n\
             diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-STUPID!!!\n\
             + > quoted? no\n--\n-- \n2.47.3\n",
        );
        let k = &s.kinds;
        assert_eq!(&k[..3], &[Own, Own, Own]);
        assert!(k[3..13].iter().all(|&x| x == Patch), "{k:?}");
        assert_eq!(&k[13..], &[Signature, Signature]);
        assert_eq!(s.signoff, Some(13));
    }

    #[test]
    fn a_cover_letters_shortlog_and_diffstat_are_not_prose() {
        let s = split(
            "Two fixes, see attached.\n\nAnna Rossi (2):\n  fix a\n  fix b\n\n a.txt | 2 +-\n \
             2 files changed, 2 insertions(+), 2 deletions(-)\n\n-- \n2.47.3\n",
        );
        let k = &s.kinds;
        assert_eq!(&k[..2], &[Own, Own]);
        assert!(k[2..8].iter().all(|&x| x == Patch), "{k:?}");
        assert_eq!(&k[8..], &[Own, Signature, Signature]);
        // Mail that only talks about a diff keeps its words.
        let s = split("I ran diff --git yesterday.\n---\nok");
        assert!(s.kinds.iter().all(|&x| x == Own));
    }

    #[test]
    fn thanks_in_the_middle_is_not_a_signoff() {
        let text = "Thanks,\nline\nline\nline\nline\nline\nline\nline\nline\nline\nline";
        assert_eq!(split(text).signoff, None);
        assert_eq!(split("Thanks for the order.\nOk").signoff, None);
        assert_eq!(split("Text.\nThanks, Anna").signoff, Some(1));
    }

    #[test]
    fn supercite_and_bar_quotes() {
        let s = split("ABC> This is RIDICULOUS\nJames> You NEVER listen\nMy answer.");
        assert_eq!(s.kinds, vec![Quote, Quote, Own]);
        let s = split("| quoted words\n| more\n\nMine.\n| a | b |");
        assert_eq!(s.kinds, vec![Quote, Quote, Own, Own, Own]);
        // Not quotes: an arrow in prose, a Markdown table row, a long prefix.
        let s = split("a->b\nx>y\nsomething long here> no");
        assert_eq!(s.kinds, vec![Own, Own, Own]);
    }

    #[test]
    fn bold_outlook_headers() {
        let s = split("Ok.\n\n**From:** Anna Rossi\n**Sent:** Monday\nYou NEVER listen!!!");
        assert_eq!(s.kinds, vec![Own, Own, Attribution, Quote, Quote]);
        let s = split("Va bene.\n*Da:* Anna\n*Inviato:* lunedì\nVergogna!");
        assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote]);
        let s = split("Хорошо.\nОт: Анна\nОтправлено: 16 ноября\nБезобразие!");
        assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote]);
        let s = split("Gut.\nVon: Anna\nGesendet: Montag\nUnverschämt!");
        assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote]);
    }

    #[test]
    fn gmail_wrapped_attributions() {
        let s = split(
            "Fine.\nOn Tue, Sep 25, 2012 at 8:59 AM, Chris\n<c@example.com> wrote:\nThis is bad.",
        );
        assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Quote]);
        let s = split(
            "Va bene.\nIl giorno lun 30 nov 2026 alle ore 09:12 Francesca Moretti\n\
             <f@example.it> ha scritto:\n> vergogna",
        );
        assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Quote]);
    }

    #[test]
    fn attribution_wrapped_over_three_lines() {
        let s = split(
            "Fine.\n\nOn Dec 16, 2011, at 12:47 PM, Corey Donohoe\n<reply@example.com>\nwrote:\n\n> Was it?",
        );
        assert_eq!(
            s.kinds,
            vec![Own, Own, Attribution, Attribution, Attribution, Own, Quote]
        );
        // Three lines of prose ending in a colon are not one.
        let s = split("On Monday at 9 we meet\nwith the team\nand discuss:\nthe plan");
        assert!(s.kinds.iter().all(|&k| k == Own), "{:?}", s.kinds);
    }

    #[test]
    fn attributions_from_more_clients() {
        for (text, attr) in [
            (
                "Ok.\nW dniu 2017-01-09 11:59:39 użytkownik Anna <a@example.pl> napisał:\n\nTekst",
                1,
            ),
            (
                "Ok.\nDnia 27 grudnia 2016 12:08 Anna <a@example.pl> napisał(a):\n\nTekst",
                1,
            ),
            (
                "Ok.\nOn Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@example.com> wrote\n\nText",
                1,
            ),
            (
                "Ok.\n---- On Wed, 24 Feb 2021 14:02:50 +0530 j@example.com wrote ----\n\nText",
                1,
            ),
            (
                "Ok.\n-------- Oprindelig besked --------\nFra: A <a@example.dk>\nTekst",
                1,
            ),
            (
                "Ok.\n2013.02.08. 7:31 keltezéssel, \"Eszter\" írta:\n> Szöveg",
                1,
            ),
        ] {
            let s = split(text);
            assert_eq!(s.kinds[0], Own, "{text}");
            assert_eq!(s.kinds[attr], Attribution, "{text}");
            assert_eq!(*s.kinds.last().unwrap(), Quote, "{text}");
        }
        // Wrapped: Finnish, and Norwegian with the colon under the address.
        let s = split(
            "Ok.\npe 20. lokakuuta 2017 klo 17.50 John Coe\n<j@example.fi> kirjoitti:\n\nTeksti",
        );
        assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Own, Quote]);
        let s = split("Ok.\ntir. 18. apr. 2017 kl. 13:09 skrev Test <t@example.no\n>:\n\n> Ok.");
        assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Own, Quote]);
        // French Outlook headers with a space before the colon.
        let s = split("Ok.\n\nDe : Anna<mailto:a@example.fr>\nEnvoyé le :jeudi\nÀ : moi\nTexte");
        assert_eq!(s.kinds, vec![Own, Own, Attribution, Quote, Quote, Quote]);
        // Near misses: "wrote" ending a line of prose; a sentence starting "De :".
        let s = split("On Monday my colleague <a@example.com> wrote\nthe plan.");
        assert_eq!(s.kinds, vec![Own, Own]);
        let s = split("On the 3rd we wrote\nOk.");
        assert_eq!(s.kinds, vec![Own, Own]);
    }

    #[test]
    fn header_and_attribution_words_in_own_prose() {
        for text in [
            "From: Monday on we open at 9.\nSee you then.",
            "As I wrote: the price holds.\nOk.",
            "Da: lunedì apriamo alle 9.\nA presto.",
            "От: понедельника работаем с 9.\nДо встречи.",
        ] {
            let s = split(text);
            // ("A presto." and "До встречи." are sign-offs: signature, but nothing is quoted.)
            assert!(
                s.kinds.iter().all(|&k| k == Own || k == Signature) && s.kinds[0] == Own,
                "{text}: {:?}",
                s.kinds
            );
        }
    }

    #[test]
    fn app_lines_with_a_link_are_signature() {
        for line in [
            "Get Outlook for iOS<https://aka.ms/o0ukef>",
            "Gesendet von Outlook für Android<https://aka.ms/AAb9ysg>",
            "Envoyé à partir de Outlook pour iOS<https://aka.ms/o0ukef>",
            "Sent from TypeApp<http://www.typeapp.com/r?b=2621>",
        ] {
            let s = split(&format!("Ok, done.\n\n{line}"));
            assert_eq!(s.kinds, vec![Own, Own, Signature], "{line}");
        }
    }

    #[test]
    fn a_dash_and_a_name_ends_the_own_text() {
        let s = split("Oh thanks.\n\n-Abhishek Kona\n\n");
        assert_eq!(s.kinds, vec![Own, Own, Signature, Signature]);
        // Not a list's last item, nor a dash in a sentence, nor "- Name" as a bullet.
        let s = split("Todo:\n-Buy Milk\n-Call Anna");
        assert!(s.kinds.iter().all(|&k| k == Own), "{:?}", s.kinds);
        let s = split("Ok.\n-fine by me");
        assert!(s.kinds.iter().all(|&k| k == Own), "{:?}", s.kinds);
        let s = split("Ok.\n- Anna");
        assert!(s.kinds.iter().all(|&k| k == Own), "{:?}", s.kinds);
    }

    #[test]
    fn russian_headers_without_a_verb_and_other_languages() {
        for attr in [
            "28.11.2026, 14:03, \"Олег Петров\" <o@example.ru>:",
            "сб, 28 нояб. 2026 г. в 14:03, Олег <o@example.ru>:",
            "28 ноября 2026 г., Олег Петров написал(а):",
            "Le lun. 30 nov. 2026 à 09:12, Marie <m@example.fr> a écrit :",
            "Am Mo., 30. Nov. 2026 um 09:12 Uhr schrieb Hans <h@example.de>:",
            "El lun, 30 nov 2026 a las 09:12, Juan (<j@example.es>) escribió:",
            "Em seg., 30 de nov. de 2026 às 09:12, João <j@example.pt> escreveu:",
            "Op ma 30 nov. 2026 om 09:12 schreef Jan <j@example.nl>:",
        ] {
            let s = split(&format!("Ok.\n{attr}\nТекст!!!"));
            assert_eq!(s.kinds, vec![Own, Attribution, Quote], "{attr}");
        }
        // A time and an address in a sentence that does not end with a colon is no attribution.
        let s = split("Call me at 14:03, <o@example.ru> is my address.\nOk");
        assert_eq!(s.kinds, vec![Own, Own]);
    }

    #[test]
    fn pgp_armour_is_not_own_words() {
        let s = split(
            "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\nHello.\n\
             -----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1\n\niD8DBQE9\n\
             -----END PGP SIGNATURE-----",
        );
        assert_eq!(
            s.kinds,
            vec![
                Signature, Signature, Signature, Own, Signature, Signature, Signature, Signature,
                Signature
            ]
        );
    }

    #[test]
    fn device_lines_and_list_footers_are_signature() {
        for device in [
            "Sent from my iPhone",
            "Inviato da iPhone",
            "Отправлено с iPhone",
            "Sent from my BlackBerry® wireless device",
            "Sent from my mobile device",
        ] {
            let s = split(&format!("Ok, done.\n\n{device}"));
            assert_eq!(s.kinds, vec![Own, Own, Signature], "{device}");
        }
        let s = split(
            "My words.\n\n_______________________________________________\n\
             Exmh-workers mailing list\nExmh-workers@redhat.com\n\
             https://listman.redhat.com/mailman/listinfo/exmh-workers",
        );
        assert_eq!(
            s.kinds,
            vec![Own, Own, Signature, Signature, Signature, Signature]
        );
        let s = split(
            "My words.\n------------------------ Yahoo! Groups Sponsor ---------------------~-->\n\
             Free DVD? Click here!\nTo unsubscribe from this group, send an email to:",
        );
        assert_eq!(s.kinds, vec![Own, Signature, Signature, Signature]);
        // "Sent" in a sentence is not a device line, nor a sentence that goes on after it.
        let s = split("I sent from my office the parcel.\nOk");
        assert_eq!(s.kinds, vec![Own, Own]);
        let s = split("Text.\n\nSent from my desk, is much easier then my mobile phone.");
        assert_eq!(s.kinds, vec![Own, Own, Own]);
    }

    #[test]
    fn forwarded_header_blocks_are_quoted() {
        let s = split(
            "Look at this.\n\nDelivered-To: a@example.com\nReceived: from x\n\tby y\n\
             Forwarded-by: Nev <n@example.com>\n\nThe joke.",
        );
        assert_eq!(
            s.kinds,
            vec![Own, Own, Attribution, Quote, Quote, Quote, Quote, Quote]
        );
        // One pasted field is only that field.
        let s = split(
            "It came with
X-Mailer: Foo 1.0
as its mailer.",
        );
        assert_eq!(s.kinds, vec![Own, Quote, Own]);
        // "Received:" mid-sentence is prose.
        let s = split("We received: nothing.");
        assert_eq!(s.kinds, vec![Own]);
    }

    #[test]
    fn more_signoffs() {
        for so in [
            "With best wishes,",
            "Thanks a million,",
            "Un cordiale saluto,",
            "Buona serata,",
            "Un abbraccio",
            "С теплом,",
        ] {
            let s = split(&format!("Text.\n{so}\nMarco"));
            assert_eq!(s.signoff, Some(1), "{so}");
        }
    }

    #[test]
    fn name_first_greetings() {
        for g in [
            "Андрей, добрый день!",
            "Marco,",
            "Tom,",
            "Anna Rossi,",
            "Marco, buongiorno.",
        ] {
            let s = split(&format!("{g}\nthe text."));
            assert_eq!(s.greeting, Some(0), "{g}");
        }
        for g in [
            "Yes, that works.",
            "However, no.",
            "Thanks,",
            "OK, fine",
            "Ok,",
        ] {
            let s = split(&format!("{g}\nthe text."));
            assert_eq!(s.greeting, None, "{g}");
        }
    }
}
