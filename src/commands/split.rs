use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use chrono::Utc;
use mailcheck::check::CheckOptions;
use mailcheck::fix::message::{encode_header_value, text_message};
use mailcheck::fix::write::mode_of;
use mailcheck::fix::{Staged, split};
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
    let opts = CheckOptions {
        lang: args.lang,
        ..CheckOptions::default()
    };
    let (checker, input, draft) = super::read_draft(config, &opts, &args.path, "split")?;
    let env = checker.env();
    let cx = Context {
        draft: &draft,
        at: Utc::now(),
        env,
        rule: "multiple-topics",
    };
    let max_words = env
        .lexicon
        .int("too-long", "max_words")
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(200);
    let parts = split::sections(&draft, multiple_topics::topic_starts(&cx), max_words);
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
    for (k, body) in split::bodies(&draft, &parts).into_iter().enumerate() {
        let mut headers: Vec<(String, String)> = draft
            .headers
            .fields
            .iter()
            .filter(|f| KEEP.contains(&f.name.to_ascii_lowercase().as_str()))
            .map(|f| (f.name.clone(), f.value.clone()))
            .collect();
        let numbered = format!("{} ({}/{n})", subject.trim(), k + 1);
        headers.push(("Subject".into(), encode_header_value(numbered.trim())));
        let message = if draft.body.has_html {
            html_message(&headers, &body)
        } else {
            text_message(&headers, &body)
        };
        let out = args.output.join(format!("{stem}-{}.eml", k + 1));
        // A part of a private draft is as private (the draft's mode less the umask, as `cp`).
        Staged::new(&out, mode_of(&args.path))?.commit(&message)?;
        println!("{}", out.display());
    }
    Ok(ExitCode::SUCCESS)
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
