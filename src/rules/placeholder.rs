use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Check, Context, declare_rule};
use crate::draft::{LineKind, Span};
use crate::finding::Finding;
use crate::lexicon::Matcher;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Finds template text nobody filled in: `XXX` (as in a real shop's reply template, "Buongiorno
    /// XXX"), `TODO`, `TBD`, `{{name}}`, `%NAME%`, `<NAME>`, lorem ipsum, and a short
    /// `[bracketed]` or `<angled>` text naming a slot: `[Client name]`, `[Nome cliente]`,
    /// `[Имя клиента]`, `<first name>`. A slot of two words or more may be named in any
    /// language ("Gentile [Client name]," in an Italian draft); a one-word slot only in the
    /// draft's language ("[data]" in English prose is none). It reads the subject, the writer's
    /// own text and the signature; never the quoted reply, code (lines indented four spaces or
    /// more, and ```` ``` ```` blocks), logs (`log_lines`), web addresses or email addresses.
    /// No slot: HTML with attributes (`<input type=text>`), a command's syntax (`--with <name>`),
    /// `<<quotations>>`, a data layout (`[a][b]`), an aside with a comma or colon (`[note: ...]`)
    /// and a definition ("where XXX is the number"). No slot either: a name — the adult rating
    /// beside a capitalised word of its trade ("XXX Free Tour", `rating_words`), a title after
    /// "the movie" / "il film" / "фильм" (`title_words`), an acronym in a capitalised name ("the
    /// TBA Annuity Doctor"), a format mask ("vvvv wwww xxxx"), and a one-word "[Link]" in a text
    /// that names buttons in brackets ("[Move]"); and the same marker anywhere else in a text
    /// that uses it as such a name ("other fine XXX" under "XXX Video Plex": one sense per text).
    /// In a newsletter or digest (a bulk text, see `inspect`'s shape), a marker that is a whole
    /// line is a story's headline ("XXX" over the news about Xerox); "Dear XXX," in it stays a
    /// slot.
    ///
    /// ## Why is this bad?
    /// "Buongiorno XXX" tells the client they got a form letter nobody read, and a `{{date}}`
    /// where a date should be is a promise with a hole in it.
    ///
    /// ## Example
    /// ```text
    /// Buongiorno XXX,
    /// il suo ordine [numero ordine] partirà domani.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Buongiorno Anna,
    /// il suo ordine 1234 partirà domani.
    /// ```
    ///
    /// ## Configuration
    /// In `lints/placeholder.toml`: `markers` (any language; regexes for the shapes above),
    /// `log_lines` (lines of a pasted log: a syslog time stamp, "line 211,") and `slot_words`
    /// per language (the words that make a `[...]` a slot); `rating_words`, `title_words` (per
    /// language); `html_elements` (`<BR>`, `<TBODY>`:
    /// markup, not a slot, unless a slot word such as `<TIME>`); `code_indent` (4).
    pub struct Placeholder {
        id: "placeholder",
        severity: Error,
        summary: "unfilled template text: XXX, TODO, {{name}}, [Client name], lorem ipsum",
    }
}

/// A `[...]` not followed by `(` (a Markdown link), or a `<...>` that is not an address or URL.
static SLOT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]\n]+)\]|<([^<>@/:\n]+)>").ok());
/// Web and email addresses, where "xxx" or "{id}" are not placeholders.
static ADDRESS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:https?://|www\.)[^ \t\r\n<>]+|[a-z0-9._%+-]+@[a-z0-9-]+\.[a-z0-9.-]+").ok()
});

/// Whether `ADDRESS` can match in `text` at all: every match holds "http" or "www." (in any
/// case; no other character case-folds to these letters) or an "@". Most lines hold none, and
/// this check is much cheaper than the regex's search.
fn may_hold_address(text: &str) -> bool {
    let has = |needle: &[u8]| {
        text.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    text.contains('@') || has(b"http") || has(b"www.")
}

impl Check for Placeholder {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let markers = cx.matcher("markers");
        let slot_words = cx.matcher("slot_words");
        // An element name that is a slot word in any language ("<TIME>", "<DATA>") stays a slot.
        let html = cx.matcher("html_elements");
        let any_slot = cx
            .env
            .lexicon
            .matcher(cx.rule, "slot_words", crate::lexicon::Scope::All);
        let names = Names {
            rating: cx.matcher("rating_words"),
            titles: cx.matcher("title_words"),
            labels: names_buttons(cx, slot_words),
        };
        let named = named_markers(cx, markers, &names);
        let unnamed =
            |text: &str, r: &Range<usize>| !named.contains(&text[r.clone()].to_lowercase());
        if let Some(subject) = &cx.draft.headers.subject
            && let Some(r) = find_all(
                (subject, ""),
                |t| markers.find_iter(t).collect(),
                slot_words,
                (html, any_slot),
                &names,
            )
            .into_iter()
            .find(|r| unnamed(subject, r))
        {
            out.push(
                Finding::new(msg!("placeholder-subject", text = &subject[r]))
                    .at_header("Subject")
                    .label(msg!("placeholder-label"))
                    .help(msg!("placeholder-help")),
            );
        }
        let indent = cx.usize("code_indent").max(1);
        let log_lines = cx.matcher("log_lines");
        let mut in_fence = false;
        // A bulk text's line that is the marker alone is a story's headline.
        let bulk = cx.draft.shape.bulk;
        // Own lines are searched in the own text's folded copy (no folding per line).
        let own = &cx.draft.own;
        let mut own_lines = own.lines().peekable();
        for (line, l) in cx.draft.lines.iter().enumerate() {
            let own_text = match own_lines.next_if(|&(i, _, _)| i == line) {
                Some((_, _, text)) => text,
                None => l.text.as_str(),
            };
            if !matches!(l.kind, LineKind::Own | LineKind::Signature) {
                continue;
            }
            if l.text.trim_start().starts_with("```") {
                in_fence = !in_fence;
                continue;
            }
            let leading = l.text.len() - l.text.trim_start_matches([' ', '\t']).len();
            if in_fence
                || (leading >= indent && !l.text.trim().is_empty())
                || is_code(&l.text)
                || log_lines.is_match(&l.text)
            {
                continue;
            }
            // The next line of the writer's, for a sentence wrapped after a bracket.
            let following = cx
                .draft
                .lines
                .get(line + 1)
                .filter(|n| matches!(n.kind, LineKind::Own | LineKind::Signature))
                .map_or("", |n| n.text.as_str());
            for r in find_all(
                (own_text, following),
                |t| own.find(markers, t),
                slot_words,
                (html, any_slot),
                &names,
            )
            .into_iter()
            .filter(|r| unnamed(own_text, r) && !(bulk && own_text[r.clone()] == *own_text.trim()))
            {
                out.push(
                    Finding::new(msg!("placeholder-message", text = &l.text[r.clone()]))
                        .at(Span {
                            line,
                            start: r.start,
                            end: r.end,
                        })
                        .label(msg!("placeholder-label"))
                        .help(msg!("placeholder-help")),
                );
            }
        }
    }
}

/// A line of code, a log or pasted HTML source, where `<STDIN>`, `# XXX` or `TODO` are the
/// code's own: a comment line (`#`, `//`, `/*`, ` * `), a line ending in `;`, `{` or `}`, or
/// one with a variable (`$x`, `${`), an operator of code (`=~`, `->`, `::`, `==`) or a closing
/// HTML tag.
fn is_code(line: &str) -> bool {
    let t = line.trim();
    if t.starts_with("#!") || t.starts_with("//") || t.starts_with("/*") || t.starts_with("* ") {
        return true;
    }
    // "# XXX", "#TODO": a shell or Perl comment ("# " then a marker); a Markdown heading
    // holds words.
    if let Some(rest) = t.strip_prefix('#')
        && rest
            .split_whitespace()
            .next()
            .is_some_and(|w| w.chars().all(|c| c.is_uppercase() || c == ':'))
    {
        return true;
    }
    let b = t.as_bytes();
    t.ends_with([';', '{', '}'])
        || ["=~", "->", "::", "==", "</", "();"]
            .iter()
            .any(|op| t.contains(op))
        || b.windows(2)
            .any(|w| w[0] == b'$' && (w[1].is_ascii_lowercase() || w[1] == b'{' || w[1] == b'_'))
}

/// "<title>", "<BR>", "<TBODY>": one word that names an HTML element (`html_elements`, in any
/// case): pasted or plain-text HTML source, not a slot.
fn is_html_tag(inner: &str, html_elements: &Matcher) -> bool {
    let t = inner.trim();
    !t.is_empty()
        && html_elements
            .find(t)
            .is_some_and(|m| m.start == 0 && m.len() == t.len())
}

/// A bracket that is no slot, by where it stands and what it holds: HTML with attributes
/// (`<input type=text name=subject>`), a command's syntax (`--with <name>`), a quotation in double
/// angles (`<<At your service Madame>>`), a data layout (`[Flash signature][version (1)]`) or an
/// aside with a comma or colon (`[branching the thread, here]`, `[note date: header]`). Nor is a
/// fill-in-your-own figure whose thing is named right after it ("your coin collection, or your
/// [insert collection here] collection", "la tua collezione di [inserisci collezione qui]
/// collezione", also with the word wrapped onto the next line): the sentence already says what
/// goes there.
fn not_a_slot((text, following): (&str, &str), whole: Range<usize>, inner: &str) -> bool {
    let before = &text[..whole.start];
    let after = &text[whole.end..];
    // The words after it, on the next line when it ends its line (a wrapped sentence).
    let next = if after.trim().is_empty() {
        following
    } else {
        after
    };
    // The word before, from at most 64 bytes back: a line of brackets stays linear.
    let near = before.trim_end();
    let mut from = near.len().saturating_sub(64);
    while !near.is_char_boundary(from) {
        from += 1;
    }
    let option_before = near[from..]
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|w| w.trim_start_matches(['"', '\'', '`']).starts_with('-'));
    inner.contains('=')
        || option_before
        || (before.ends_with('<') && after.starts_with('>'))
        || before.ends_with(']')
        || after.starts_with('[')
        || inner.contains(", ")
        || inner.contains(": ")
        // "< Price Includes FREE Shipping! >": a slot does not exclaim.
        || inner.contains('!')
        || echoed(inner, next)
}

/// Whether the word right after a bracket is one of the bracket's own words of four letters or
/// more ("[insert collection here] collection").
fn echoed(inner: &str, after: &str) -> bool {
    let next = after
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    next.chars().count() >= 4
        && inner
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.to_lowercase() == next.to_lowercase())
}

/// A marker that is talked about or is part of a name, not left in place: "on the TODO list",
/// "my TODOs", a file named "exmh.TODO", "la XXX Sagra" (a Roman numeral after an article).
fn mentioned(text: &str, r: Range<usize>) -> bool {
    let before = text[..r.start].trim_end();
    let after = &text[r.end..];
    let prev = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let next: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    // Part of a file name or a word: "exmh.TODO", "TODO.txt", "TODOs".
    if text[..r.start].ends_with(['.', '/', '_', '-'])
        || (after.starts_with(['.', '_', '-']) && after[1..].starts_with(char::is_alphanumeric))
        || after.starts_with(['s', 'S'])
    {
        return true;
    }
    // Defined, not left in place: "(XXXms) where XXX is the number of milliseconds".
    if matches!(prev.as_str(), "where" | "dove" | "где") {
        return true;
    }
    let word = &text[r.clone()];
    if word.eq_ignore_ascii_case("todo") || word.eq_ignore_ascii_case("fixme") {
        return matches!(
            prev.as_str(),
            "the" | "a" | "my" | "our" | "your" | "his" | "her" | "their" | "this"
        ) || matches!(
            next.as_str(),
            "list" | "lists" | "file" | "item" | "items" | "comment" | "comments"
        );
    }
    // A rule of x's that is the whole line ("xxxxxxxxxxxx" over a headline): a decoration.
    if word.len() >= 10 && text.trim() == word {
        return true;
    }
    // Inside a run of capitalised words, a headline or a name: "Exclusive Amateur XXX Videos",
    // "GET A THIRD XXX DVD", "The TBA Doctor". A slot stands in a sentence: "Dear XXX,",
    // "the total is XXX as agreed", "entro il XXX presso".
    let capital = |w: &str| {
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
    };
    let prev_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let next_word = after
        .split_whitespace()
        .next()
        .filter(|_| after.starts_with(char::is_whitespace))
        .unwrap_or("");
    if capital(prev_word) && capital(next_word) {
        return true;
    }
    // A Roman numeral in a name: an article, the numeral, a capitalised word ("la XXX Sagra",
    // "the XXX Olympiad"). "entro il XXX presso" is a date left blank.
    if word.chars().all(|c| c == 'X') {
        let article = matches!(
            prev.as_str(),
            "la" | "il"
                | "lo"
                | "l'"
                | "the"
                | "della"
                | "del"
                | "dei"
                | "delle"
                | "alla"
                | "al"
                | "nella"
                | "nel"
                | "di"
                | "of"
        );
        let name_follows = after
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        return article && name_follows;
    }
    false
}

/// One sense per text: the markers ("xxx", "tba", lower-cased) that the subject, own text or
/// signature uses as a name somewhere ("XXX Video Plex", "the TBA Doctor"), so that their other
/// places are that name too ("other fine XXX", a table's "TBA" column, a subject's "xxx site
/// passwords"). A slot in a text that names nothing so stays one.
fn named_markers(
    cx: &Context<'_>,
    markers: &Matcher,
    names: &Names<'_>,
) -> std::collections::BTreeSet<String> {
    let lines = cx
        .draft
        .lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Own | LineKind::Signature))
        .map(|l| l.text.as_str());
    cx.draft
        .headers
        .subject
        .as_deref()
        .into_iter()
        .chain(lines)
        .flat_map(|t| {
            markers
                .find_iter(t)
                .filter(|r| names.name_it(t, r.clone()))
                .map(|r| t[r].to_lowercase())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What makes a marker a name rather than a slot, beyond its own line's shape.
struct Names<'a> {
    /// `rating_words`: "XXX" as the adult rating beside "Free", "Movies", "Porn".
    rating: &'a Matcher,
    /// `title_words`: "XXX" as a title after "the movie", "il film", "фильм".
    titles: &'a Matcher,
    /// The text names buttons or menu items in brackets ("[Move]", a one-word bracket that
    /// is no slot word), so its "[Link]" is one too.
    labels: bool,
}

impl Names<'_> {
    fn name_it(&self, text: &str, r: Range<usize>) -> bool {
        let word = &text[r.clone()];
        // Only the words nearby, from at most 64 bytes either side: a line of markers stays
        // linear.
        let mut from = r.start.saturating_sub(64);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let mut to = (r.end + 64).min(text.len());
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        let before = &text[from..r.start];
        let after = &text[r.end..to];
        let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        let mut back = before.split_whitespace().rev().map(clean);
        let prev = back.next().unwrap_or_default();
        let prev2 = back.next().unwrap_or_default();
        let next = after
            .split_whitespace()
            .next()
            .map(clean)
            .unwrap_or_default();
        let whole = |m: &Matcher, w: &str| {
            !w.is_empty() && m.find(w).is_some_and(|f| f.start == 0 && f.end == w.len())
        };
        let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let xs = word.chars().count() == 3 && word.chars().all(|c| c == 'x' || c == 'X');
        // The adult rating: "XXX Free Tour", "Free xxx Movies", "XXX PORN", "HUGE TITS XXX";
        // the word beside it capitalised, as in a headline ("I'll send XXX photos" stays).
        if xs
            && [&prev, &next]
                .iter()
                .any(|w| capital(w) && whole(self.rating, w))
        {
            return true;
        }
        // A title: "the hit movie XXX", "the premiere of XXX", "il film XXX", "фильм XXX".
        let all_x = word.chars().all(|c| c == 'x' || c == 'X');
        let of = matches!(prev.to_lowercase().as_str(), "of" | "di" | "del" | "della");
        let title = whole(self.titles, &prev) || (of && whole(self.titles, &prev2));
        if all_x && title {
            return true;
        }
        // "the TBA Doctor Save", "the TBA Annuity Doctor": an acronym inside a name of
        // capitalised words after an article ("the meeting is TBA", "the TBA Team will" stay).
        let mut ahead = after.split_whitespace().take(2);
        if matches!(prev.to_lowercase().as_str(), "the" | "la" | "il" | "lo")
            && word.chars().all(char::is_uppercase)
            && ahead.clone().count() == 2
            && ahead.all(|w| capital(w) && w.chars().all(|c| c.is_alphabetic() || c == '!'))
        {
            return true;
        }
        // A format mask: "(vvvv wwww xxxx yyyy zzzz)", "DD/MM/YYYY": beside a run of another
        // repeated letter ("Dear XXX XXX," stays: the same letter twice is two slots).
        let run = |w: &str| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| {
                c.is_alphabetic()
                    && w.chars().count() >= 2
                    && cs.all(|d| d == c)
                    && !c.eq_ignore_ascii_case(&'x')
            })
        };
        let pieces = |s: &str| -> Vec<String> {
            s.split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.'))
                .filter(|p| !p.is_empty())
                .map(clean)
                .collect()
        };
        let left = pieces(before);
        let right = pieces(after);
        left.last().is_some_and(|w| run(w)) || right.first().is_some_and(|w| run(w))
    }
}

/// Whether the own text names buttons or menu items in brackets: a one-word capitalised
/// "[Move]", "[Sposta]", "[Переместить]" that is no slot word.
fn names_buttons(cx: &Context<'_>, slot_words: &Matcher) -> bool {
    cx.draft
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Own && l.text.contains('['))
        .any(|l| {
            l.text.split('[').skip(1).any(|part| {
                part.split_once(']')
                    .is_some_and(|(inner, _)| is_label(inner) && !slot_words.is_match(inner))
            })
        })
}

/// One capitalised word, as a button's or menu item's name is written: "Move", "Link".
fn is_label(inner: &str) -> bool {
    let mut cs = inner.chars();
    cs.next().is_some_and(char::is_uppercase)
        && inner.chars().count() >= 2
        && cs.all(char::is_lowercase)
}

/// Marker matches and slot-shaped brackets in `text`, outside addresses, in order.
/// `markers` finds the marker matches of a text.
fn find_all(
    (text, following): (&str, &str),
    markers: impl Fn(&str) -> Vec<Range<usize>>,
    slot_words: &Matcher,
    (html_elements, any_slot): (&Matcher, &Matcher),
    names: &Names<'_>,
) -> Vec<Range<usize>> {
    let addresses: Vec<Range<usize>> = if may_hold_address(text) {
        ADDRESS
            .iter()
            .flat_map(|re| re.find_iter(text).map(|m| m.range()))
            .collect()
    } else {
        Vec::new()
    };
    let outside = |r: &Range<usize>| {
        !addresses
            .iter()
            .any(|a| a.start <= r.start && r.end <= a.end)
    };
    let mut found: Vec<Range<usize>> = markers(text);
    // "<HTML>", "<BR>": markup in a plain-text body, not a "<NAME>" slot.
    found.retain(|r| {
        let m = &text[r.clone()];
        // "<TIME>", "<ADDRESS>" are element names too, but read as slots.
        let inner = &m[1..m.len() - 1];
        let tag =
            m.starts_with('<') && is_html_tag(inner, html_elements) && !any_slot.is_match(inner);
        outside(r) && !tag && !mentioned(text, r.clone()) && !names.name_it(text, r.clone())
    });
    // A slot needs a bracket: most lines have none, and then the regex is never even compiled.
    let slots = if text.contains(['[', '<']) {
        SLOT.as_ref()
    } else {
        None
    };
    for c in slots.into_iter().flat_map(|re| re.captures_iter(text)) {
        let (Some(whole), Some(inner)) = (c.get(0), c.get(1).or_else(|| c.get(2))) else {
            continue;
        };
        // "[URL:http://...]" is a link, "<title>" an HTML tag.
        let link = text[whole.end()..].starts_with('(')
            || text[whole.end()..].trim_start().starts_with("(http")
            || inner.as_str().contains("://")
            || inner.as_str().contains("www.")
            || (c.get(2).is_some() && is_html_tag(inner.as_str(), html_elements));
        if link || not_a_slot((text, following), whole.range(), inner.as_str()) {
            continue;
        }
        let short =
            inner.as_str().chars().count() <= 40 && inner.as_str().split_whitespace().count() <= 5;
        // "[Move]" and "[Link]" in a text that names buttons or menu items in brackets.
        let label = names.labels && is_label(inner.as_str());
        // A template's slot may be named in another language than the draft's ("Gentile
        // [Client name],"): a slot of two words or more holding a slot word of any language is
        // one; a single word only in the draft's language ("[data]" is no slot in English).
        let slot = slot_words.is_match(inner.as_str())
            || (inner.as_str().split_whitespace().count() >= 2
                && any_slot.is_match(inner.as_str()));
        if short
            && !label
            && slot
            && outside(&whole.range())
            && !found
                .iter()
                .any(|f| f.start < whole.end() && whole.start() < f.end)
        {
            found.push(whole.range());
        }
    }
    found.sort_by_key(|r| r.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Lang;
    use crate::rules::testing::*;

    #[test]
    fn code_logs_html_names_and_mentions_are_not_placeholders() {
        for body in [
            "Hi,\nthe loop reads while (<STDIN>) { print; }\nbye",
            "Hi,\nmy $line = <STDIN>;\nbye",
            "Hi,\nthe page has <title>Home</title> in it.",
            "Hi,\n# XXX this is a hack\nbye",
            "Hi,\nthat is on the TODO list for 2.0.",
            "Hi,\nsee the file exmh.TODO in the sources.",
            "Hi,\nsee [URL:http://example.com/xxx] for more.",
            "Ciao,\nci vediamo alla XXX Sagra della Castagna.",
            // Logs: a syslog line, a Perl error wrapped over lines.
            "Hi,\nSep  8 06:46:45 omega spamd[6514]: check skipped: <STDIN> quit\nbye",
            "Hi,\nCan't call method at /usr/lib/Agent.pm line 211, <STDIN>\nline 22.",
            "Hi,\n<STDIN> line 114. propagated at\nbye",
            // HTML with attributes, a command's syntax, a quotation in double angles, a data
            // layout, asides in brackets, a definition.
            "Hi,\nchange the <input type=text name=subject> tag to a textarea.",
            "Hi,\nuse the \"--with <name>\" feature of rpmbuild.",
            "Hi,\n<<At your service Madame>>",
            "Hi,\nthe header is [Flash signature][version (1)][File Length].",
            "[branching the thread, here]\n\nI found another repository.",
            "Hi,\n[note date: header]\nbye",
            "Hi,\nname each layer (XXXms) where XXX is the number of milliseconds.",
            "Ciao,\nogni livello (XXXms) dove XXX è il numero di millisecondi.",
            "Привет,\nслой (XXXms), где XXX — число миллисекунд.",
            // HTML source in a plain-text body (any case), a decoration that exclaims.
            "<HTML>\n<BODY>\nDear Friend,<BR>\n<CENTER><TBODY><TR>\nbye",
            "Hi,\n< Price Includes FREE Shipping! >\nbye",
            "Ciao,\n< Spedizione GRATUITA inclusa nel prezzo! >\n<BR>",
            "Привет,\n< Цена включает доставку! >\n<BR>",
            // A link's label, the address after a space (as HTML-to-text writes it).
            "Hi,\n[ Click here to change your address ] (http://example.com/u)",
            "Ciao,\n[ Cambia il tuo indirizzo ] (https://example.it/u)",
            "Привет,\n[ Изменить ваш адрес ] (https://example.ru/u)",
            // Inside a headline of capitalised words, a rule of x's.
            "Hi,\nExclusive Amateur XXX Videos !!!\nThe TBA Doctor Walks the Walk.",
            "Hi,\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nWork from home\nbye",
            "Ciao,\nIl Grande XXX Festival di Roma.",
            "Привет,\nБольшой XXX Концерт в Москве.",
            // A fill-in-your-own figure whose thing is named right after it (issue 14, session
            // 30).
            "Hi,\nkeep track of your coin collection, or your [insert collection here] collection.",
            "Ciao,\ntiene in ordine le monete, o la tua [inserisci collezione qui] collezione.",
            "Hi,\nkeep track of your coin collection, or your [insert collection here]\ncollection, and export it.",
            "Привет,\nучитывает монеты или вашу [ваша коллекция] коллекция тоже.",
        ] {
            let d = draft(None, body);
            assert!(
                run(&Placeholder, &d).is_empty(),
                "{body}: {:?}",
                flagged(&d, &run(&Placeholder, &d))
            );
        }
        // Near misses stay flagged.
        for body in [
            "Dear XXX,\nyour order ships.",
            "Hi,\nTODO: the price.",
            // The slot's thing not named after it.
            "Hi,\nkeep track of your coins, or your [insert collection here] too.",
            "Dear [insert name here],\nthe total is due.",
            "Hi <NAME>,\nthanks.",
            "Ciao,\nlo consegno entro il XXX presso di lei.",
            "Hi,\nthe total is XXX as agreed.",
            "Hi,\nsee line 3 of <NAME> for the total",
            // Element names that are slot words stay slots; a slot without "!" stays one.
            "Hi,\nwe meet at <TIME> tomorrow.",
            "Ciao,\nil totale è < prezzo >.",
            "Привет,\nвстречаемся <DATE>.",
            // A slot after one capitalised word, before a comma or a lower-case word.
            "Dear XXX,\nyour order ships.",
            "Hi,\nYour code is XXXXXXXXXXXX for today.",
            "Ciao,\nGentile XXX, il tavolo è pronto.",
            "Привет,\nУважаемый XXX, заказ готов.",
        ] {
            let d = draft(None, body);
            assert_eq!(run(&Placeholder, &d).len(), 1, "{body}");
        }
    }

    #[test]
    fn seed_template_and_slots_in_three_languages() {
        for (lang, body, expected) in [
            (
                Lang::It,
                "Buongiorno XXX,\nil suo ordine [numero ordine] parte domani.",
                vec!["XXX", "[numero ordine]"],
            ),
            (
                Lang::En,
                "Hi [Client name],\nyour order {{order_id}} ships. TODO: price",
                vec!["[Client name]", "{{order_id}}", "TODO"],
            ),
            (
                Lang::Ru,
                "Здравствуйте, [Имя клиента]!\nLorem ipsum dolor sit amet.",
                vec!["[Имя клиента]", "Lorem ipsum", "dolor sit amet"],
            ),
        ] {
            let d = draft(Some(lang), body);
            assert_eq!(flagged(&d, &run(&Placeholder, &d)), expected, "{lang}");
        }
    }

    #[test]
    fn slots_next_to_the_excused_shapes_stay_flagged() {
        for (lang, body) in [
            (Lang::En, "Hi [insert date],\nthanks for the order."),
            (Lang::En, "Hi,\nthe link is [Link] and the price <price>."),
            (Lang::It, "Ciao,\nil ritiro è il [data] alle [ora]."),
            (Lang::Ru, "Здравствуйте, [Имя клиента]!\nспасибо за заказ."),
        ] {
            let d = draft(Some(lang), body);
            assert!(!run(&Placeholder, &d).is_empty(), "{body}");
        }
    }

    #[test]
    fn ordinary_words_urls_links_and_code_are_fine() {
        for body in [
            "See [1] and the [docs](https://example.com/docs).",
            "The page is https://example.com/xxx/{{id}} and mail todo@example.com.",
            "Example:\n\n    Hello {{name}}\n\nThat is the syntax.",
            "```\nTODO = 1\n```\nDone.",
            "Write to <anna@example.com> today; todo list is done; tbd means to be decided.",
            "Subject lines like [PATCH v2] are fine.",
        ] {
            let d = draft(Some(Lang::En), body);
            assert!(
                run(&Placeholder, &d).is_empty(),
                "{body}: {:?}",
                flagged(&d, &run(&Placeholder, &d))
            );
        }
    }

    /// A newsletter's headline that is the marker alone is no slot; the same line in a letter,
    /// and a slot in a sentence of the newsletter, are.
    #[test]
    fn a_bulk_texts_headline_is_no_slot() {
        let news = |item: &str| {
            format!(
                "NEWS OF THE MONTH\n\nhttps://x.example/a\n------\n\n{item}\n\
                 https://x.example/b\n------\n------\n\nTo unsubscribe, go to https://x.example/u\n"
            )
        };
        for (lang, headline, sentence) in [
            (
                Lang::En,
                "XXX\nRumour has it layoffs are coming at Xerox.",
                "Dear XXX,\nlayoffs are coming at Xerox.",
            ),
            (
                Lang::It,
                "TBD\nSi dice che alla Xerox arrivino licenziamenti.",
                "Gentile XXX,\nalla Xerox arrivano licenziamenti.",
            ),
            (
                Lang::Ru,
                "XXX\nГоворят, в Xerox грядут сокращения.",
                "Уважаемый XXX,\nв Xerox грядут сокращения.",
            ),
        ] {
            let d = draft(Some(lang), &news(headline));
            assert!(d.shape.bulk, "{:?}", d.shape);
            assert!(run(&Placeholder, &d).is_empty(), "{lang}: {headline}");
            let d = draft(Some(lang), &news(sentence));
            assert_eq!(run(&Placeholder, &d).len(), 1, "{lang}: {sentence}");
            // Not bulk: a letter's line "XXX" is a paragraph still to write.
            let d = draft(Some(lang), &format!("Hi,\n\n{headline}\n\nBye"));
            assert!(!d.shape.bulk);
            assert_eq!(run(&Placeholder, &d).len(), 1, "{lang}: {headline}");
        }
    }

    #[test]
    fn signature_counts_and_quote_does_not() {
        let d = draft(
            Some(Lang::En),
            "Thanks.\n\nBest regards,\n[Your name]\n\nOn Mon, Anna wrote:\n> Dear XXX",
        );
        assert_eq!(flagged(&d, &run(&Placeholder, &d)), vec!["[Your name]"]);
    }

    #[test]
    fn ratings_titles_names_masks_and_button_labels_are_no_slots() {
        for (lang, body) in [
            // The adult rating beside a capitalised word of its trade.
            (
                Lang::En,
                "Hi,\nXXX Free Tour !\nFree sports, Free xxx Movies, Free Pay perview.",
            ),
            (Lang::En, "Hi,\nGET FREE ACCESS TO XXX PORN!\nHUGE TITS XXX"),
            (Lang::It, "Ciao,\nVideo XXX Gratis ogni giorno."),
            (Lang::Ru, "Привет,\nXXX Видео бесплатно."),
            // A title: after "movie", "the premiere of", "il film", "фильм".
            (
                Lang::En,
                "Hi,\nthe star of the hit movie XXX, isn't shy.\nAt the premiere of XXX in Westwood.",
            ),
            (Lang::It, "Ciao,\nhai visto il film XXX con Vin Diesel?"),
            (Lang::Ru, "Привет,\nты смотрел фильм XXX с Вином Дизелем?"),
            // An acronym inside a name after an article.
            (
                Lang::En,
                "Hi,\nLet the TBA Doctor Save Your Cases!\nFrom the TBA Annuity Doctor",
            ),
            (Lang::It, "Ciao,\nla TBA Grande Agenzia ti aspetta."),
            // A format mask.
            (
                Lang::En,
                "Hi,\nCredit Card Type: (vvvv wwww xxxx yyyy zzzz)",
            ),
            (Lang::Ru, "Привет,\nномер карты: nnnn-xxxx-mmmm."),
            // Buttons named in brackets: "[Link]" beside "[Move]".
            (
                Lang::En,
                "Hi,\nI set my mouse button to [Move] a message.\nI would like to use [Link] more.",
            ),
            (Lang::It, "Ciao,\npremo [Sposta] e poi [Indirizzo] non va."),
            (
                Lang::Ru,
                "Привет,\nнажимаю [Переместить], потом [Ссылка] не работает.",
            ),
            // One sense per text: a marker used as a name somewhere is that name everywhere in it.
            (
                Lang::En,
                "Hi,\nXXX Video Plex tonight.\nTrannys, grannys and other fine XXX",
            ),
            (
                Lang::En,
                "Hi,\nLet the TBA Doctor Save Your Cases!\nSex\t Age\t Condition\t TBA",
            ),
            (
                Lang::It,
                "Ciao,\nVideo XXX Gratis ogni giorno.\nE altro buon XXX",
            ),
            (
                Lang::Ru,
                "Привет,\nXXX Видео бесплатно.\nИ прочий отличный XXX",
            ),
        ] {
            let d = draft(Some(lang), body);
            assert!(
                run(&Placeholder, &d).is_empty(),
                "{body}: {:?}",
                flagged(&d, &run(&Placeholder, &d))
            );
        }
        // Near misses: another marker, or a text that names nothing, keeps its slot.
        for (lang, body) in [
            (Lang::En, "Hi,\nXXX Free Tour !\nDear TODO, thanks."),
            (Lang::It, "Ciao,\nVideo XXX Gratis.\nGentile TBD, grazie."),
            (
                Lang::Ru,
                "Привет,\nXXX Видео бесплатно.\nУважаемый TODO, спасибо.",
            ),
            (Lang::En, "Hi,\nthe other fine XXX is ready."),
        ] {
            let d = draft(Some(lang), body);
            assert_eq!(run(&Placeholder, &d).len(), 1, "{body}");
        }
        // Near misses: a slot in a sentence stays one.
        for (lang, body, n) in [
            (Lang::En, "Hi,\nI'll send you XXX photos tomorrow.", 1),
            (Lang::En, "Hi,\nwe will send XXX free samples.", 1),
            (
                Lang::En,
                "Hi,\nthe meeting is TBA and the TBA Team will call.",
                2,
            ),
            (Lang::En, "Dear XXX XXX,\nthanks.", 2),
            (
                Lang::En,
                "Hi,\nthe link is [Link] and the price <price>.",
                2,
            ),
            (
                Lang::It,
                "Ciao,\nconsegna prima del XXX, ti mando XXX foto.",
                2,
            ),
            (Lang::It, "Ciao,\nil sito è [Indirizzo].", 1),
            (
                Lang::Ru,
                "Привет,\nотправлю XXX фото завтра, ссылка [Ссылка].",
                2,
            ),
        ] {
            let d = draft(Some(lang), body);
            assert_eq!(
                run(&Placeholder, &d).len(),
                n,
                "{body}: {:?}",
                flagged(&d, &run(&Placeholder, &d))
            );
        }
    }

    #[test]
    fn subject_placeholder() {
        let d = raw_draft("From: a@example.com\nSubject: Order {{id}} shipped\n\nHi\n");
        let f = run(&Placeholder, &d);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location, crate::finding::Location::Header("Subject"));
    }

    /// A slot named in another language than the draft's is still a slot when it has two words
    /// or more (a new-user audit: "Gentile [Client name]," passed in an Italian draft); a single
    /// word stays one only in the draft's language.
    #[test]
    fn slots_named_in_another_language() {
        for (lang, body, flagged) in [
            (
                Lang::It,
                "Gentile [Client name],\n\nle mando il preventivo del tavolo.",
                true,
            ),
            (
                Lang::Ru,
                "Здравствуйте, [Client name]!\n\nВысылаю смету на стол.",
                true,
            ),
            (
                Lang::En,
                "Dear [Nome cliente],\n\nhere is the quote for the table.",
                true,
            ),
            (
                Lang::En,
                "Dear [Имя клиента],\n\nhere is the quote for the table.",
                true,
            ),
            // Near misses: one word of another language ("data", "ora") in English prose.
            (
                Lang::En,
                "The values are in the [data] section of the file, as before.",
                false,
            ),
            (
                Lang::En,
                "The shop opens at 9 [ora] and closes at 18, as before.",
                false,
            ),
        ] {
            let d = draft(Some(lang), body);
            assert_eq!(!run(&Placeholder, &d).is_empty(), flagged, "{lang}: {body}");
        }
    }
}
