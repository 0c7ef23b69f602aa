//! The draft model: a message parsed once (with mail-parser) into what every rule reads:
//! headers and recipients, the text split into the writer's own words, the quoted reply and the
//! signature (each line mapped back to its line in the file), attachments and language.
//!
//! Rules never look at the raw message: if a rule needs something, it goes here.

mod bulk;
mod copied;
pub mod html;
mod language;
mod mbox;
#[cfg(test)]
#[path = "notes/tests.rs"]
mod notes_tests;
mod parse;
mod segment;
mod unclosed;

use std::ops::Range;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::lexicon::{Folded, Lexicon, Matcher, Scope, SharedHits, SharedLists};

pub use bulk::Shape;
pub use language::{Lang, LangSource, Sample};
pub use parse::{parse_draft, parse_draft_limited};
pub use segment::Segmenter;

/// One parsed draft.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    pub headers: Headers,
    pub body: Body,
    /// Every line of the text body, in order, with what it is and where it is in the file.
    pub lines: Vec<TextLine>,
    /// The writer's own lines joined with `\n` (what the text rules search).
    #[serde(skip)]
    pub own: OwnText,
    /// Index in `lines` of the greeting ("Hi Anna,"), if the own text opens with one.
    pub greeting: Option<usize>,
    /// Index in `lines` of the sign-off ("Best regards,"), where the signature starts.
    pub signoff: Option<usize>,
    pub attachments: Vec<Attachment>,
    pub language: Lang,
    pub language_source: LangSource,
    /// What the own text looks like: a letter, or a bulk text (newsletter, digest) by its links,
    /// separators, capital headings and list footer (see `bulk.rs`).
    pub shape: Shape,
    /// Byte ranges of the own text the writer copied in rather than wrote: a pasted article, a
    /// play's or a chat's dialogue (see `copied.rs`). Their asks and hostile words are not the
    /// writer's.
    #[serde(skip)]
    pub copied: Vec<Range<usize>>,
    /// Things the reader noticed while parsing (damaged encodings, undecodable charsets), as
    /// messages said in the interface language when printed.
    pub notes: Vec<crate::i18n::Msg>,
}

/// The headers rules care about, decoded.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Headers {
    pub subject: Option<String>,
    pub from: Vec<Mailbox>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub bcc: Vec<Mailbox>,
    pub reply_to: Vec<Mailbox>,
    pub date: Option<DateTime<FixedOffset>>,
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// Rule ids from `X-Mailcheck-Allow:` headers: turned off for this draft.
    pub allow: Vec<String>,
    /// Every header field of the top-level message, with its line in the file.
    pub fields: Vec<HeaderField>,
}

impl Headers {
    /// The 1-based file line of the first header field called `name` (case-insensitive).
    pub fn line_of(&self, name: &str) -> Option<u32> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.line)
    }

    /// Every recipient: To, then Cc, then Bcc.
    pub fn recipients(&self) -> impl Iterator<Item = &Mailbox> {
        self.to.iter().chain(&self.cc).chain(&self.bcc)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeaderField {
    pub name: String,
    pub value: String,
    /// 1-based line in the file where the field starts.
    pub line: u32,
}

/// What the text the rules read was made from.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Body {
    /// `text/plain`, `text/html` (read as text), or `none`.
    pub source: BodySource,
    pub charset: Option<String>,
    /// `7bit`/`8bit` (none), `quoted-printable` or `base64`.
    pub transfer_encoding: String,
    /// The message has a text/plain body.
    pub has_plain: bool,
    /// The message has a text/html body.
    pub has_html: bool,
    /// Where the text/plain part's body is in the file (for rewrites).
    pub plain_part: Option<PartBytes>,
    /// Where the text/html part's body is in the file (for rewrites).
    pub html_part: Option<PartBytes>,
    /// The file line where the body the text was read from starts: where findings in text with
    /// no line of its own in the file (a base64 body) are placed.
    #[serde(skip)]
    pub text_first_line: Option<u32>,
    /// How many body parts the text was read from (Apple Mail's text / file / text: 2).
    #[serde(skip)]
    pub text_parts: usize,
}

/// A text part's body in the raw message: byte range, encoding and charset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartBytes {
    pub start: usize,
    pub end: usize,
    /// `7bit`, `8bit`, `quoted-printable`, `base64` (lower case; `7bit` when absent).
    pub transfer_encoding: String,
    pub charset: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodySource {
    #[default]
    None,
    Plain,
    Html,
}

#[derive(Debug, Clone, Serialize)]
pub struct TextLine {
    pub text: String,
    pub kind: LineKind,
    /// 1-based line in the file; `None` where no file line corresponds (base64 bodies, HTML text
    /// that could not be found in the markup).
    pub file_line: Option<u32>,
    /// Where a quoted-printable line continues on the next file line after a soft break:
    /// (byte offset in `text`, file line). Empty for lines that are one line in the file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub continuations: Vec<(usize, u32)>,
}

impl TextLine {
    /// The file line holding byte `offset` of the text, and the offset where that file line's
    /// part of the text starts.
    pub fn file_position(&self, offset: usize) -> (Option<u32>, usize) {
        match self
            .continuations
            .iter()
            .rev()
            .find(|(at, _)| *at <= offset)
        {
            Some(&(at, line)) => (Some(line), at),
            None => (self.file_line, 0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineKind {
    /// The writer's own words.
    Own,
    /// A quoted line ("> ...", or the text of a quoted original message).
    Quote,
    /// The line that introduces a quote ("On ..., X wrote:", "-----Original Message-----").
    Attribution,
    /// The sign-off and the signature below it.
    Signature,
    /// An inline uuencoded file ("begin 644 name" ... "end"): data, not words.
    Encoded,
    /// A patch's diff (`git format-patch`: from the "---" line before "diff --git" to the
    /// "-- " version signature) and a cover letter's shortlog and diffstat: code, not prose.
    Patch,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub name: Option<String>,
    pub content_type: String,
    /// Decoded size in bytes.
    pub size: usize,
}

impl Attachment {
    /// Whether this part is the message's cryptographic signature (OpenPGP/MIME, S/MIME), which
    /// the writer's mail program adds by itself: no file the writer attached.
    pub fn is_signature(&self) -> bool {
        let t = self.content_type.to_ascii_lowercase();
        let t = t.split(';').next().unwrap_or("").trim();
        matches!(
            t,
            "application/pgp-signature"
                | "application/pkcs7-signature"
                | "application/x-pkcs7-signature"
        )
    }
}

/// The writer's own lines as one string, with a map back to `Draft::lines`.
#[derive(Debug, Clone, Default)]
pub struct OwnText {
    /// The own lines joined with `\n`. Not to be changed once searched: its folded copy is kept.
    pub text: String,
    /// (byte offset in `text` where the line starts, index in `Draft::lines`)
    starts: Vec<(usize, usize)>,
    /// The language of each stretch of the text, in order (paragraphs in another language than
    /// the draft's, where that is clear): (byte offset where it starts, language).
    pub langs: Vec<(usize, Lang)>,
    /// `text` folded for the word lists, on first use: every list and every part of the text
    /// searched reads this one copy (see `find`).
    folded: OnceLock<Folded>,
    /// The occurrences of the lists searched in one pass (own-text lists (`Lexicon::with_own_text_lists`)), on first
    /// use (see `find_list`).
    shared: OnceLock<SharedHits>,
}

/// A place in the draft's text: line index in `Draft::lines` and a byte range in that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

impl OwnText {
    pub fn build(lines: &[TextLine]) -> Self {
        let mut text = String::new();
        let mut starts = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if l.kind != LineKind::Own {
                continue;
            }
            if !starts.is_empty() {
                text.push('\n');
            }
            starts.push((text.len(), i));
            text.push_str(&l.text);
        }
        OwnText {
            text,
            starts,
            langs: Vec::new(),
            folded: OnceLock::new(),
            shared: OnceLock::new(),
        }
    }

    /// The text folded for the word lists (built once per draft).
    pub fn folded(&self) -> &Folded {
        self.folded.get_or_init(|| Folded::new(&self.text))
    }

    /// Where `part` starts in `text`, if it is a slice of it.
    pub fn offset_of(&self, part: &str) -> Option<usize> {
        let base = self.text.as_ptr() as usize;
        let at = (part.as_ptr() as usize).checked_sub(base)?;
        (at + part.len() <= self.text.len()).then_some(at)
    }

    /// The matches of `m` in `part`, relative to `part`. A slice of `text` is searched in the
    /// folded copy of `text` (no folding per call); any other string is folded on its own.
    pub fn find(&self, m: &Matcher, part: &str) -> Vec<Range<usize>> {
        match self.offset_of(part) {
            Some(at) => m.find_folded(part, self.folded(), at),
            None => m.find_iter(part).collect(),
        }
    }

    /// The matches of `m` in `part`, a string that folds like the slice of `text` starting at
    /// byte `at` (it may differ from it in white space only), relative to `part`.
    pub fn find_at(&self, m: &Matcher, part: &str, at: usize) -> Vec<Range<usize>> {
        m.find_folded(part, self.folded(), at)
    }

    /// The matches of the list `name` of lint file `file` in language `lang`, in `part`: a string
    /// that folds like the slice of `text` starting at byte `at` (that slice, or one differing
    /// from it in white space only); relative to `part`. A list of own-text lists (`Lexicon::with_own_text_lists`)
    /// asked about a part inside one stretch of that language reads the one pass over the text
    /// (made on first use, each stretch in its language; `default` is the draft's language);
    /// any other is searched with the list's own matcher. The matches are the same either way.
    pub fn find_list(
        &self,
        lex: &Lexicon,
        default: Lang,
        (file, name): (&str, &str),
        lang: Lang,
        part: &str,
        at: usize,
    ) -> Vec<Range<usize>> {
        if let Some(list) = lex.own_text_list(file, name)
            && let Some(found) =
                self.shared_hits(lex, default)
                    .find(lex, list, lang, part, self.folded(), at)
        {
            return found;
        }
        lex.matcher(file, name, Scope::Lang(lang))
            .find_folded(part, self.folded(), at)
    }

    /// Whether the list may match in some stretch of the text in that stretch's language: false
    /// means no part of the text searched in its own language has a match.
    pub fn may_match_list(&self, lex: &Lexicon, default: Lang, (file, name): (&str, &str)) -> bool {
        match lex.own_text_list(file, name) {
            Some(list) => self.shared_hits(lex, default).may_match(lex, list),
            None => self.by_language(default).into_iter().any(|(_, l)| {
                lex.matcher(file, name, Scope::Lang(l))
                    .may_match(self.folded())
            }),
        }
    }

    fn shared_hits(&self, lex: &Lexicon, default: Lang) -> &SharedHits {
        self.shared
            .get_or_init(|| SharedLists::search(lex, self.folded(), self.by_language(default)))
    }

    /// Sets the language of each paragraph: `detect` where it is sure, else `default`.
    pub fn set_languages(&mut self, default: Lang, detect: impl Fn(&str) -> Option<Lang>) {
        self.langs = self.paragraph_languages(default, detect);
    }

    /// The language of each paragraph: `detect` (given the paragraph, a slice of `text`) where
    /// it is sure, else `default`; as (byte offset where a stretch starts, language).
    pub fn paragraph_languages(
        &self,
        default: Lang,
        detect: impl Fn(&str) -> Option<Lang>,
    ) -> Vec<(usize, Lang)> {
        let text = &self.text;
        let mut paragraphs: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for (at, _) in text.match_indices("\n\n") {
            if at > start {
                paragraphs.push((start, at));
            }
            start = at + 1;
        }
        if start < text.len() || paragraphs.is_empty() {
            paragraphs.push((start, text.len()));
        }
        let mut langs: Vec<(usize, Lang)> = Vec::new();
        for (from, to) in paragraphs {
            let lang = detect(&text[from..to]).unwrap_or(default);
            if langs.last().is_none_or(|&(_, l)| l != lang) {
                langs.push((from, lang));
            }
        }
        if let Some(first) = langs.first_mut() {
            first.0 = 0;
        }
        langs
    }

    /// The language at a byte offset of `text`.
    pub fn lang_at(&self, offset: usize, default: Lang) -> Lang {
        // Stretches are in order: a binary search, so asking for every word stays n·log n.
        let after = self.langs.partition_point(|(at, _)| *at <= offset);
        after
            .checked_sub(1)
            .and_then(|i| self.langs.get(i))
            .map(|&(_, l)| l)
            .unwrap_or(default)
    }

    /// The stretches of `text` by language: (byte range, language).
    pub fn by_language(&self, default: Lang) -> Vec<(Range<usize>, Lang)> {
        if self.langs.is_empty() {
            return vec![(0..self.text.len(), default)];
        }
        self.langs
            .iter()
            .enumerate()
            .map(|(i, &(at, l))| {
                let end = self.langs.get(i + 1).map_or(self.text.len(), |n| n.0);
                (at..end, l)
            })
            .collect()
    }

    /// Maps a byte range of `text` to a span on one line (a range that crosses lines is cut at
    /// the end of its first line).
    pub fn locate(&self, range: Range<usize>) -> Option<Span> {
        let pos = self.starts.partition_point(|&(off, _)| off <= range.start);
        let (off, line) = *self.starts.get(pos.checked_sub(1)?)?;
        let line_end = self
            .starts
            .get(pos)
            .map(|&(next, _)| next - 1)
            .unwrap_or(self.text.len());
        Some(Span {
            line,
            start: range.start - off,
            end: range.end.min(line_end) - off,
        })
    }

    /// The own lines: (index in `Draft::lines`, byte offset in `text`, the line's text).
    pub fn lines(&self) -> impl Iterator<Item = (usize, usize, &str)> {
        self.starts.iter().enumerate().map(|(k, &(off, line))| {
            let end = self
                .starts
                .get(k + 1)
                .map(|&(n, _)| n - 1)
                .unwrap_or(self.text.len());
            (line, off, &self.text[off..end])
        })
    }

    /// At least `word_count()`, and much cheaper: a word holds an ASCII letter, digit or `_`
    /// run (which word boundaries never split) or a non-ASCII character, so their counts bound
    /// the words.
    pub fn max_word_count(&self) -> usize {
        let mut bound = 0;
        let mut in_run = false;
        for &b in self.text.as_bytes() {
            let ascii_word = b.is_ascii_alphanumeric() || b == b'_';
            if ascii_word && !in_run {
                bound += 1;
            }
            // Each non-ASCII character counts once, at its first byte.
            if !b.is_ascii() && (b & 0xC0) != 0x80 {
                bound += 1;
            }
            in_run = ascii_word;
        }
        bound
    }

    /// Words in the own text (Unicode word boundaries, punctuation dropped).
    pub fn word_count(&self) -> usize {
        use unicode_segmentation::UnicodeSegmentation;
        self.text.unicode_words().count()
    }
}

impl Draft {
    /// The 1-based file line of a span, if the line maps to the file.
    pub fn file_line(&self, line: usize) -> Option<u32> {
        self.lines.get(line).and_then(|l| l.file_line)
    }

    /// Lines of one kind, with their index.
    pub fn lines_of(&self, kind: LineKind) -> impl Iterator<Item = (usize, &TextLine)> {
        self.lines
            .iter()
            .enumerate()
            .filter(move |(_, l)| l.kind == kind)
    }

    /// Every recipient's address, lower-cased.
    pub fn recipient_addresses(&self) -> Vec<String> {
        self.headers
            .recipients()
            .filter_map(|m| m.address.as_deref())
            .map(str::to_lowercase)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, kind: LineKind) -> TextLine {
        TextLine {
            text: text.into(),
            kind,
            file_line: None,
            continuations: Vec::new(),
        }
    }

    #[test]
    fn the_word_bound_is_never_below_the_count() {
        for text in [
            "",
            "Hello, world! 3.14 don't stop_here",
            "Это недопустимо — 100 раз!",
            "日本語のテキスト and ascii",
            "a_b __ 12ab ab12 e\u{301}t\u{e9}",
        ] {
            let own = OwnText::build(&[line(text, LineKind::Own)]);
            assert!(own.max_word_count() >= own.word_count(), "{text}");
        }
    }

    #[test]
    fn own_text_maps_back_to_lines() {
        let lines = vec![
            line("Hi Anna,", LineKind::Own),
            line("> angry words", LineKind::Quote),
            line("Please send the logo.", LineKind::Own),
        ];
        let own = OwnText::build(&lines);
        assert_eq!(own.text, "Hi Anna,\nPlease send the logo.");
        let at = own.text.find("send").unwrap();
        assert_eq!(
            own.locate(at..at + 4),
            Some(Span {
                line: 2,
                start: 7,
                end: 11
            })
        );
        let crossing = own.locate(3..15).unwrap();
        assert_eq!((crossing.line, crossing.start, crossing.end), (0, 3, 8));
        let all: Vec<_> = own.lines().map(|(i, _, t)| (i, t)).collect();
        assert_eq!(all, vec![(0, "Hi Anna,"), (2, "Please send the logo.")]);
    }
}
