use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use chrono::Utc;
use mailcheck::check::{CheckOptions, Checker};
use mailcheck::config::Settings;
use mailcheck::draft::{Draft, LineKind};
use mailcheck::fix::atomic_write;
use mailcheck::fix::message::{encode_header_value, text_message};
use mailcheck::inputs::Input;
use mailcheck::rules::{Context, multiple_topics};

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
    let settings = Settings::discover(config)?;
    let checker = Checker::new(
        settings,
        &CheckOptions {
            lang: args.lang,
            ..CheckOptions::default()
        },
    )?;
    let input = Input::one(&args.path, "split")?;
    let raw = input.read_max(checker.settings.limits.max_message_bytes)?;
    let draft = checker.parse(&input.display(), &raw)?;
    let parts = sections(&draft, &checker.settings);
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
    let closing: Vec<&str> = draft
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Signature)
        .map(|l| l.text.as_str())
        .collect();
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
        body.push_str(part.trim_matches('\n'));
        if !closing.is_empty() {
            body.push_str("\n\n");
            body.push_str(&closing.join("\n"));
        }
        let out = args.output.join(format!("{stem}-{}.eml", k + 1));
        atomic_write(&out, &text_message(&headers, &body))?;
        println!("{}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The own text cut at the topics `multiple-topics` finds; with fewer than two topics, cut
/// between paragraphs so each part stays within `too-long`'s limit.
fn sections(draft: &Draft, settings: &Settings) -> Vec<String> {
    let cx = Context {
        draft,
        at: Utc::now(),
        settings,
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
        let max = settings
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
