//! Pasted material in the own text: compiler output, logs, code, paths. They are not the
//! writer's words, so they neither make a message long (the short-message hint counts prose
//! words only) nor stand after its request as more text ("Any ideas what can be done?" closing
//! a report around pasted errors still ends with its request).

use crate::draft::OwnText;

/// How a paragraph of the own text reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Words: the writer's own.
    Prose,
    /// Most of its lines are code, output or paths.
    Pasted,
}

/// A paragraph of own lines: a run of non-blank own lines up to a blank one.
#[derive(Debug, Clone)]
pub(super) struct Paragraph {
    /// The first and last line (indexes of the draft's lines).
    pub first: usize,
    pub last: usize,
    /// Where it starts and ends in the own text (bytes).
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Words of the writer's own in it: every line's words but those of code lines; none in a
    /// pasted paragraph.
    pub words: usize,
    /// Lines that end a sentence ('.', '!', '?', ':').
    pub sentences: usize,
    /// Lines of three plain words or more that are not code.
    pub prose: usize,
    /// Its first characters (up to 8).
    pub opening: String,
    /// Its last line ends with a closing bracket (with a smiley: ":-))").
    pub aside: bool,
    pub lines: usize,
    /// Lines indented by a tab or two spaces or more.
    pub indented: usize,
    /// Its last line ends with a closing double quotation mark.
    pub closes_quote: bool,
}

impl Paragraph {
    /// Reads it as pasted material: none of its words are the writer's.
    fn paste(&mut self) {
        self.kind = Kind::Pasted;
        self.words = 0;
    }
}

/// How a single line reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Three plain words or more, not code, no link ("Patch refs: http://…" is a reference).
    Prose,
    /// Code, output, a path, a log line.
    Code,
    /// A short fragment ("type of", "Patch refs:", a wrapped line's tail).
    Short,
}

/// Characters that are syntax, not prose: their share of a line's non-blank characters (with
/// digits) tells code and logs from words.
const SYMBOLS: &[char] = &[
    '/', '\\', '=', '_', '<', '>', '{', '}', '[', ']', '#', '$', '%', '*', '^', '|', '@', '&', '+',
    '~', '`',
];

/// Double quotation marks that open and close a quoted article.
const OPENING_QUOTES: &[char] = &['"', '“', '«', '„'];
const CLOSING_QUOTES: &[char] = &['"', '”', '»', '“'];

/// Paragraphs a quotation in double quotation marks spans at most.
const MAX_QUOTED_PARAGRAPHS: usize = 12;

/// Marks that only code holds ("/*", "==", "->", "#include").
const CODE_MARKS: &[&str] = &[
    "/*", "*/", "==", "!=", "->", "=>", "&&", "||", "();", "#include", "#define", "::",
];

/// A program's prompt for an answer at the terminal ("Do you want to continue? [Y/n] Y").
const PROMPTS: &[&str] = &[
    "[Y/n]", "[y/N]", "[y/n]", "(y/n)", "(Y/n)", "(y/N)", "[yes/no]",
];

/// Plain words of a line: letters, apostrophes and hyphens only, after trimming punctuation.
pub(super) fn plain_words(line: &str) -> usize {
    line.split_whitespace()
        .filter(|w| {
            let w = w.trim_end_matches([',', '.', '?', '!', ';', ':', ')']);
            let w = w.trim_start_matches(['(', '"', '\'']);
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
        })
        .count()
}

/// Whether most of the line's tokens are identifiers joined by underscores, as a program lists
/// them ("GLX_EXT_visual_info, GLX_SGIX_pbuffer", "GL_ARB_imaging, GL_ARB_multitexture,"):
/// an underscore inside the token, not at its ends ("_really_" is emphasis).
fn mostly_identifiers(line: &str) -> bool {
    let (mut all, mut ids) = (0usize, 0usize);
    for token in line.split_whitespace() {
        all += 1;
        let t = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
        if t.contains('_') && !t.starts_with('_') && !t.ends_with('_') {
            ids += 1;
        }
    }
    ids > 0 && ids * 2 > all
}

/// A token that is a file path: "/usr/include", "~/.razor", "spamd/spamc.c" (not "and/or").
fn is_path(token: &str) -> bool {
    let t =
        token.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"' | '\''));
    if t.contains("://") || !t.contains('/') {
        return false;
    }
    // "/usr/include", "~/.razor", not "/me" (IRC's action) or "/etc" alone.
    (t.starts_with('/') || t.starts_with("~/")) && (t[1..].contains(['/', '.']))
        || t.rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.') && last.len() > 2)
}

/// A log's level as a tool writes it at a line's start, in lower case ("debug: Razor1 is
/// available"); "Note:" or "Error:" in capitals may open a sentence.
const LOG_LEVELS: &[&str] = &[
    "debug:", "info:", "warn:", "warning:", "error:", "fatal:", "trace:", "notice:",
];

/// A tool's log line opens with where it speaks from: a file and a line ("genpkglist.cc:586:",
/// "main.c:12:5:"), a file ("genpkglist.cc: In function ..."), a process and its number
/// ("make[2]:", "sshd[812]:"), or its level in lower case ("debug:").
fn opens_as_log(t: &str) -> bool {
    let Some(first) = t.split_whitespace().next() else {
        return false;
    };
    if LOG_LEVELS.contains(&first) {
        return true;
    }
    let Some(head) = first.strip_suffix(':') else {
        return false;
    };
    let mut parts = head.split(':');
    let name = parts.next().unwrap_or_default();
    let numbered = parts
        .next()
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let file = name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && stem
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
            && (1..=4).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && ext.chars().any(|c| c.is_ascii_lowercase())
    });
    let process = name
        .strip_suffix(']')
        .and_then(|n| n.split_once('['))
        .is_some_and(|(p, id)| {
            !p.is_empty() && !id.is_empty() && id.chars().all(|c| c.is_ascii_digit())
        });
    (file && (numbered || parts.next().is_none())) || process
}

fn line_kind(line: &str, symbol_share: usize) -> LineKind {
    let t = line.trim();
    if t.is_empty() {
        return LineKind::Short;
    }
    let code = t.ends_with([';', '{', '}'])
        || opens_as_log(t)
        || mostly_identifiers(t)
        || CODE_MARKS.iter().any(|m| t.contains(m))
        || t.split_whitespace().any(is_path)
        || {
            let (mut all, mut symbols) = (0usize, 0usize);
            for c in t.chars().filter(|c| !c.is_whitespace()) {
                all += 1;
                if c.is_ascii_digit() || SYMBOLS.contains(&c) {
                    symbols += 1;
                }
            }
            // A line of rules or a caret ("-----^") is all symbols but '-'.
            let rule = t
                .chars()
                .all(|c| matches!(c, '-' | '^' | '~' | '=' | '*' | '+'));
            (rule && all >= 3) || symbols * 100 > all * symbol_share
        };
    if code {
        LineKind::Code
    } else if plain_words(t) >= 3 && !t.contains("://") {
        LineKind::Prose
    } else {
        LineKind::Short
    }
}

/// The own text's paragraphs, each read as prose or pasted. One pass over the lines.
pub(super) fn paragraphs(own: &OwnText, symbol_share: usize) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    // The paragraph being read: (paragraph, prose lines, code lines, words of non-code lines).
    let mut open: Option<(Paragraph, usize, usize)> = None;
    let close = |open: Option<(Paragraph, usize, usize)>, out: &mut Vec<Paragraph>| {
        if let Some((mut p, prose, code)) = open {
            p.prose = prose;
            // Pasted: code lines as many as the prose lines or more ("cc: Error: spamd/spamc.c,
            // line 50: In this declaration ..." wraps into fragments and prose-like tails).
            if code > 0 && code >= prose {
                p.paste();
            }
            out.push(p);
        }
    };
    for (line, offset, text) in own.lines() {
        if text.trim().is_empty() {
            close(open.take(), &mut out);
            continue;
        }
        let kind = line_kind(text, symbol_share);
        let (p, prose, code) = open.get_or_insert_with(|| {
            (
                Paragraph {
                    first: line,
                    last: line,
                    start: offset,
                    end: offset,
                    kind: Kind::Prose,
                    words: 0,
                    sentences: 0,
                    prose: 0,
                    opening: text.trim_start().chars().take(8).collect(),
                    aside: false,
                    lines: 0,
                    indented: 0,
                    closes_quote: false,
                },
                0,
                0,
            )
        });
        p.last = line;
        p.end = offset + text.len();
        p.lines += 1;
        if text.starts_with('\t') || text.starts_with("  ") {
            p.indented += 1;
        }
        // "(In essence: is there a way to mark it, I couldn't see one)." ends in its bracket.
        p.aside = text.trim_end().trim_end_matches(['.', '!']).ends_with(')');
        p.closes_quote = text.trim_end().ends_with(CLOSING_QUOTES);
        if text
            .trim_end()
            .trim_end_matches(['"', '\'', ')', '»', '”'])
            .ends_with(['.', '!', '?', ':'])
        {
            p.sentences += 1;
        }
        match kind {
            LineKind::Code => *code += 1,
            LineKind::Prose => *prose += 1,
            LineKind::Short => {}
        }
        if kind != LineKind::Code {
            p.words += text.split_whitespace().count();
        }
    }
    close(open.take(), &mut out);
    // An article the writer pasted in double quotation marks, over several paragraphs ("\" 11
    // Access Points ..." ... "... is broken as well). \""): the quoted paragraphs are not the
    // writer's words. A paragraph opens the quotation and a later one (at most
    // `MAX_QUOTED_PARAGRAPHS` on) closes it.
    let mut k = 0;
    while k < out.len() {
        let opens = out[k].opening.starts_with(OPENING_QUOTES) && !out[k].closes_quote;
        let reach = out.len().min(k + 1 + MAX_QUOTED_PARAGRAPHS);
        let close = if opens {
            (k + 1..reach).find(|&j| out[j].closes_quote)
        } else {
            None
        };
        if let Some(end) = close {
            out[k..=end].iter_mut().for_each(Paragraph::paste);
            k = end + 1;
        } else {
            k += 1;
        }
    }
    // Indented words between two pasted paragraphs are part of the paste (a spec file's
    // "%description" text, a log's wrapped message).
    for k in 1..out.len().saturating_sub(1) {
        let p = &out[k];
        if p.kind == Kind::Prose
            && p.indented * 2 >= p.lines
            && out[k - 1].kind == Kind::Pasted
            && out[k + 1].kind == Kind::Pasted
        {
            out[k].paste();
        }
    }
    out
}

/// Whether the paragraphs after line `line` (the request's) leave the request the text's last
/// word: none of them is prose (a line of three plain words or more) but pasted material, a
/// short caption next to it ("-d output below", "... would be much more readable, right?": at
/// most `caption_words` words), a paragraph `follow_on` accepts (a question not counted as a
/// request), or a closing name block, an aside or thanks (`thanks`: "Thanks for your help.") as
/// the text's last paragraph ("Jim McCullars / The University of Alabama in Huntsville": one to
/// three lines, none ending a sentence).
pub(super) fn nothing_but_pasted_after(
    paragraphs: &[Paragraph],
    line: usize,
    caption_words: usize,
    follow_on: impl Fn(&Paragraph) -> bool,
    thanks: impl Fn(&Paragraph) -> bool,
) -> bool {
    let Some(at) = paragraphs
        .iter()
        .position(|p| p.first <= line && line <= p.last)
    else {
        return false;
    };
    let after = &paragraphs[at + 1..];
    // A caption introduces the pasted paragraph after it, or goes on with the sentence the
    // example interrupted ("... would be much more readable, right?"); a conclusion after it
    // ("So spamd is returning false.") is more text.
    let caption = |k: usize, p: &Paragraph| {
        let before = k
            .checked_sub(1)
            .and_then(|k| after.get(k))
            .is_some_and(|p: &Paragraph| p.kind == Kind::Pasted);
        let goes_on = p.opening.starts_with("...")
            || p.opening.starts_with('…')
            || p.opening.chars().next().is_some_and(char::is_lowercase);
        after.get(k + 1).is_some_and(|p| p.kind == Kind::Pasted) || (before && goes_on)
    };
    after.iter().enumerate().all(|(k, p)| {
        p.kind == Kind::Pasted
            || p.prose == 0
            || (p.words <= caption_words && caption(k, p))
            || follow_on(p)
            || (k + 1 == after.len() && (closing(p) || thanks(p)))
    })
}

/// The text's last paragraph closes it without more to read: a name block ("Jim McCullars / The
/// University of Alabama in Huntsville", "- Adam L. Beberg / http://…": one to three lines, the
/// first opening with a capital or a dash, none ending a sentence) or an aside in brackets
/// ("(I know, I know.... but some like it :-))").
fn closing(p: &Paragraph) -> bool {
    let name = p
        .opening
        .starts_with(|c: char| c.is_uppercase() || matches!(c, '-' | '–' | '—'))
        && p.lines <= 3
        && p.sentences == 0
        && p.words <= 12;
    let aside = p.opening.starts_with('(') && p.lines <= 3 && p.aside;
    name || aside
}

/// The own text's lines that hold a program's prompt (`PROMPTS`: "Do you want to continue? [Y/n]
/// Y"), as byte ranges in order: a question that starts in one was printed by the program, not
/// asked. (Code lines in general are not: "Can you make a change to /etc/sysctl.conf?" asks.)
pub(super) fn prompt_lines(own: &OwnText) -> Vec<std::ops::Range<usize>> {
    own.lines()
        .filter(|(_, _, text)| PROMPTS.iter().any(|m| text.contains(m)))
        .map(|(_, offset, text)| offset..offset + text.len())
        .collect()
}

/// The own words that are the writer's prose: pasted paragraphs and code lines left out.
pub(super) fn prose_words(paragraphs: &[Paragraph]) -> usize {
    paragraphs.iter().map(|p| p.words).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_as_code_or_words() {
        for code in [
            "cc: Error: spamd/spamc.c, line 50: In this declaration, \"in_addr_t\" has no",
            "Sep 12 12:04:13.785852 check[52238]: [ 1] [bootup] Logging initiated",
            "typedef unsigned long   in_addr_t;      /* base type for internet address",
            "------------------------^",
            "\tdest_Fixed\t\t= 0,",
            "enum ioapic_irq_destination_types {",
            "Traceback: /usr/lib/python3/dist-packages/foo.py",
            "Ошибка: /usr/lib/libfoo.so не найдена",
            "genpkglist.cc:604:33: macro \"headerFree\" requires 2 arguments, but only 1 given",
            "genpkglist.cc: In function `int main(int, char**)':",
            "make[2]: Leaving directory and giving up on the build",
            "main.c:12: la funzione non è dichiarata prima di essere usata",
            "build.log:7: функция не объявлена до первого использования",
            "debug: entering helper-app run mode",
            // A program's list of identifiers (glxinfo's extensions).
            "    GLX_EXT_visual_info, GLX_EXT_visual_rating, GLX_SGIX_fbconfig,",
            "    GLX_SGIX_pbuffer",
            "estensioni: GL_ARB_imaging, GL_ARB_multitexture",
            "расширения: GL_ARB_imaging, GL_ARB_multitexture",
        ] {
            assert_eq!(line_kind(code, 20), LineKind::Code, "{code}");
        }
        for prose in [
            "I'm a new user (or about to be, hopefully) of SA but I've run into some",
            "Including the sample-spam.txt's from spamassassin 2.41, 2.31,",
            "If you find/setup one (and figure out how to install it) let me know.",
            "Ho provato la versione 2.4 e non funziona ancora, purtroppo.",
            "Я собрал версию 2.4 на FreeBSD, но она всё ещё падает.",
            // A label or a time is no log's place.
            "Note: the build works again after the patch, thanks.",
            "Nota: adesso la compilazione funziona di nuovo, grazie.",
            "Итак: сборка снова работает после исправления, спасибо.",
            "e.g.: the second build works, the first one does not",
            "Error: I forgot to attach the file, it comes in the next mail.",
            // One identifier in a sentence, and underscores as emphasis.
            "Set max_children to ten and the backlog goes away, I think.",
            "Imposta max_children a dieci e la coda sparisce, credo.",
            "Поставь max_children на десять, и очередь исчезнет.",
            "I _really_ need the new build before the meeting.",
        ] {
            assert_eq!(line_kind(prose, 20), LineKind::Prose, "{prose}");
        }
    }
}
