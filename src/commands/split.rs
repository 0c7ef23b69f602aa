use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use chrono::Utc;
use mailcheck::check::CheckOptions;
use mailcheck::draft::{Draft, LineKind};
use mailcheck::fix::atomic_write;
use mailcheck::fix::message::{encode_header_value, text_message};
use mailcheck::rules::{Context, RuleEnv, multiple_topics};

use crate::cli::SplitArgs;

/// Header fields copied to every part: recipients and threading.
const KEEP: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "in-reply-to",
    "references",
];

pub fn run(config: Option<&Path>, args: SplitArgs) -> Result<ExitCode> {
    let opts = CheckOptions {
        lang: args.lang,
        ..CheckOptions::default()
    };
    let (checker, input, draft) = super::read_draft(config, &opts, &args.path, "split")?;
    let parts = sections(&draft, checker.env());
    if parts.len() < 2 {
        bail!(
            "{}: one topic and within the word limit: nothing to split",
            input.display()
        );
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("{}: cannot create the folder", args.output.display()))?;
    let stem = args
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| *s != "-")
        .unwrap_or("draft");
    let subject = draft.headers.subject.clone().unwrap_or_default();
    let n = parts.len();
    let opening = draft.greeting.map(|g| draft.lines[g].text.clone());
    let tail = Tail::of(&draft);
    for (k, part) in parts.iter().enumerate() {
        let mut headers: Vec<(String, String)> = draft
            .headers
            .fields
            .iter()
            .filter(|f| KEEP.contains(&f.name.to_ascii_lowercase().as_str()))
            .map(|f| (f.name.clone(), f.value.clone()))
            .collect();
        let numbered = format!("{} ({}/{n})", subject.trim(), k + 1);
        headers.push(("Subject".into(), encode_header_value(numbered.trim())));
        let mut body = String::new();
        if let Some(g) = &opening {
            body.push_str(g);
            body.push_str("\n\n");
        }
        let (text, _) = split_links(part);
        body.push_str(text.trim_matches('\n'));
        if !tail.closing.is_empty() {
            body.push_str("\n\n");
            body.push_str(&tail.closing.join("\n"));
        }
        // The quoted thread goes with the last part only: it is answered once.
        if k + 1 == n && !tail.quote.is_empty() {
            body.push_str("\n\n");
            body.push_str(&tail.quote.join("\n"));
        }
        // Link references ("[1]: https://...") stay at the end, for the links this part has.
        let refs: Vec<&String> = tail
            .links
            .iter()
            .filter(|l| {
                let label = l.split(':').next().unwrap_or("");
                body.contains(label)
            })
            .collect();
        if !refs.is_empty() {
            body.push_str("\n\n");
            body.push_str(
                &refs
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
        let message = if draft.body.has_html {
            html_message(&headers, &body)
        } else {
            text_message(&headers, &body)
        };
        let out = args.output.join(format!("{stem}-{}.eml", k + 1));
        atomic_write(&out, &message)?;
        println!("{}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// What follows the writer's own text: the sign-off and signature (every part gets them), the
/// quoted thread (the last part only) and link references (where their links are).
struct Tail {
    closing: Vec<String>,
    quote: Vec<String>,
    links: Vec<String>,
}

impl Tail {
    fn of(draft: &Draft) -> Tail {
        let lines = &draft.lines;
        let mut links = Vec::new();
        let mut closing = Vec::new();
        let mut quote = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if is_link_ref(&l.text) {
                links.push(l.text.trim().to_string());
                continue;
            }
            match l.kind {
                LineKind::Signature => {
                    // The first half of a wrapped quote header ("On Mon, 23 Nov 2026, Anna
                    // <anna@example.com>" + "wrote:") belongs to the quote, not the signature.
                    let header_start = lines.get(i + 1).is_some_and(|next| {
                        next.kind == LineKind::Attribution
                            && next.text.split_whitespace().count() <= 3
                            && !l.text.trim().is_empty()
                    });
                    if header_start {
                        quote.push(l.text.clone());
                    } else {
                        closing.push(l.text.clone());
                    }
                }
                LineKind::Attribution | LineKind::Quote => quote.push(l.text.clone()),
                _ => {}
            }
        }
        while closing.last().is_some_and(|l| l.trim().is_empty()) {
            closing.pop();
        }
        Tail {
            closing,
            quote,
            links,
        }
    }
}

/// "[1]: https://example.com": a link reference line (as the HTML reader writes links).
fn is_link_ref(line: &str) -> bool {
    let t = line.trim();
    t.strip_prefix('[')
        .and_then(|r| r.split_once("]:"))
        .is_some_and(|(n, url)| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && url.trim().contains("://")
        })
}

/// A part's own text without link reference lines, and those lines.
fn split_links(part: &str) -> (String, Vec<String>) {
    let (links, text): (Vec<&str>, Vec<&str>) = part.lines().partition(|l| is_link_ref(l));
    (
        text.join("\n"),
        links.into_iter().map(str::to_string).collect(),
    )
}

/// A multipart/alternative message (text and HTML, as the draft had) from header fields and the
/// text; the HTML is the text's paragraphs, escaped. The MIME part is written by lettre.
fn html_message(headers: &[(String, String)], body: &str) -> Vec<u8> {
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let html: String = body
        .trim()
        .split("\n\n")
        .map(|p| {
            let lines: Vec<String> = p.lines().map(esc).collect();
            format!("<p>{}</p>\n", lines.join("<br>\n"))
        })
        .collect();
    let html = format!("<html><body>\n{html}</body></html>\n");
    let part =
        lettre::message::MultiPart::alternative_plain_html(format!("{}\n", body.trim_end()), html)
            .formatted();
    let mut out = String::new();
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push_str("MIME-Version: 1.0\n");
    let mut bytes = out.into_bytes();
    bytes.extend(mailcheck::outbox::entry::to_lf(&part));
    bytes
}

/// The own text cut at the topics `multiple-topics` finds; with fewer than two topics, cut
/// between paragraphs so each part stays within `too-long`'s limit.
fn sections(draft: &Draft, env: &RuleEnv) -> Vec<String> {
    let cx = Context {
        draft,
        at: Utc::now(),
        env,
        rule: "multiple-topics",
    };
    let own: Vec<(usize, &str)> = draft
        .lines
        .iter()
        .enumerate()
        .filter(|(i, l)| l.kind == LineKind::Own && Some(*i) != draft.greeting)
        .map(|(i, l)| (i, l.text.as_str()))
        .collect();
    let mut starts = multiple_topics::topic_starts(&cx);
    if starts.len() < 2 {
        let max = env
            .lexicon
            .int("too-long", "max_words")
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(200);
        starts = paragraph_chunks(&own, max);
    }
    let mut parts: Vec<String> = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(usize::MAX);
        let lines: Vec<&str> = own
            .iter()
            .filter(|(i, _)| *i >= start && *i < end)
            .map(|(_, t)| *t)
            .collect();
        parts.push(lines.join("\n"));
    }
    // Text before the first topic (an introduction) goes with the first part.
    if let (Some(&first), Some(p)) = (starts.first(), parts.first_mut()) {
        let intro: Vec<&str> = own
            .iter()
            .filter(|(i, _)| *i < first)
            .map(|(_, t)| *t)
            .collect();
        let intro = intro.join("\n");
        if !intro.trim().is_empty() {
            *p = format!("{}\n\n{p}", intro.trim_end());
        }
    }
    parts
}

/// Paragraph starts grouped so that each group has at most `max` words.
fn paragraph_chunks(own: &[(usize, &str)], max: usize) -> Vec<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut starts = Vec::new();
    let mut words = 0;
    let mut prev_blank = true;
    for &(i, t) in own {
        let blank = t.trim().is_empty();
        if !blank && prev_blank {
            let para_words: usize = own
                .iter()
                .skip_while(|(j, _)| *j < i)
                .take_while(|(_, t)| !t.trim().is_empty())
                .map(|(_, t)| t.unicode_words().count())
                .sum();
            if starts.is_empty() || words + para_words > max {
                starts.push(i);
                words = 0;
            }
            words += para_words;
        }
        prev_blank = blank;
    }
    starts
}
