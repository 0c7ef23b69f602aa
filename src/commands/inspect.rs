use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use mailcheck::check::CheckOptions;
use mailcheck::draft::{Draft, LineKind, Mailbox};
use mailcheck::lang::Lang;
use serde_json::json;

use super::emit;
use crate::cli::{InspectArgs, ListFormat};

pub fn run(config: Option<&Path>, args: InspectArgs) -> Result<ExitCode> {
    let opts = CheckOptions {
        lang: args.lang,
        ..CheckOptions::default()
    };
    let settings = mailcheck::config::Settings::discover(config)?;
    let ui = mailcheck::i18n::resolve_from_env(settings.ui_language);
    let checker = settings.into_checker(&opts)?;
    let input = mailcheck::inputs::Input::one(&args.path, "inspect")?;
    let raw = super::read_input(&checker, &input)?;
    let draft = checker.parse(&input.display(), &raw)?;
    let text = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&as_json(&draft, ui))? + "\n",
        ListFormat::Human => as_text(&draft, ui),
    };
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn mailbox(m: &Mailbox) -> String {
    match (&m.name, &m.address) {
        (Some(n), Some(a)) => format!("{n} <{a}>"),
        (None, Some(a)) => a.clone(),
        (Some(n), None) => n.clone(),
        (None, None) => String::new(),
    }
}

fn list(ms: &[Mailbox]) -> String {
    ms.iter().map(mailbox).collect::<Vec<_>>().join(", ")
}

fn kind(k: LineKind) -> &'static str {
    match k {
        LineKind::Own => "own",
        LineKind::Quote => "quote",
        LineKind::Attribution => "attribution",
        LineKind::Signature => "signature",
        LineKind::Encoded => "encoded",
        LineKind::Patch => "patch",
    }
}

fn text_of(d: &Draft, kinds: &[LineKind]) -> String {
    d.lines
        .iter()
        .filter(|l| kinds.contains(&l.kind))
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `notes` follow the interface language, as findings' `message` does (`[ui] language = "en"`
/// gives English); everything else is the draft's own data.
fn as_json(d: &Draft, ui: Lang) -> serde_json::Value {
    let h = &d.headers;
    json!({
        "file": d.path,
        "language": d.language,
        "language_source": d.language_source,
        "subject": h.subject,
        "from": h.from,
        "to": h.to,
        "cc": h.cc,
        "bcc": h.bcc,
        "reply_to": h.reply_to,
        "date": h.date.map(|t| t.to_rfc3339()),
        "message_id": h.message_id,
        "in_reply_to": h.in_reply_to,
        "references": h.references,
        "allow": h.allow,
        "body": d.body,
        "own_text": d.own.text,
        "own_words": d.own.word_count(),
        "quoted_text": text_of(d, &[LineKind::Attribution, LineKind::Quote]),
        "signature": text_of(d, &[LineKind::Signature]),
        "greeting_line": d.greeting.and_then(|i| d.file_line(i)),
        "signoff_line": d.signoff.and_then(|i| d.file_line(i)),
        "attachments": d.attachments,
        "lines": d.lines,
        "shape": d.shape,
        "notes": d.notes.iter().map(|n| n.text(ui)).collect::<Vec<_>>(),
    })
}

fn as_text(d: &Draft, ui: Lang) -> String {
    let h = &d.headers;
    let mut rows: Vec<(&str, String)> = vec![
        (
            "language",
            format!(
                "{} ({})",
                d.language,
                match d.language_source {
                    mailcheck::draft::LangSource::Override => "--lang",
                    mailcheck::draft::LangSource::Detected => "detected",
                    mailcheck::draft::LangSource::Default => "default: too little text to tell",
                }
            ),
        ),
        (
            "subject",
            h.subject.clone().unwrap_or_else(|| "(none)".into()),
        ),
        ("from", list(&h.from)),
        ("to", list(&h.to)),
    ];
    if !h.cc.is_empty() {
        rows.push(("cc", list(&h.cc)));
    }
    if !h.bcc.is_empty() {
        rows.push(("bcc", list(&h.bcc)));
    }
    if let Some(date) = h.date {
        rows.push(("date", date.to_rfc2822()));
    }
    if !h.in_reply_to.is_empty() {
        rows.push(("in-reply-to", h.in_reply_to.join(" ")));
    }
    if !h.allow.is_empty() {
        rows.push(("allow", h.allow.join(", ")));
    }
    let source = match d.body.source {
        mailcheck::draft::BodySource::Plain => "text/plain",
        mailcheck::draft::BodySource::Html => "text/html, read as text",
        mailcheck::draft::BodySource::None => "none",
    };
    rows.push((
        "body",
        format!(
            "{source}; charset {}; {}{}",
            d.body.charset.as_deref().unwrap_or("unspecified"),
            if d.body.transfer_encoding.is_empty() {
                "7bit"
            } else {
                &d.body.transfer_encoding
            },
            if d.body.has_plain && d.body.has_html {
                "; also an HTML alternative"
            } else {
                ""
            }
        ),
    ));
    rows.push(("own words", d.own.word_count().to_string()));
    rows.push((
        "attachments",
        if d.attachments.is_empty() {
            "none".into()
        } else {
            d.attachments
                .iter()
                .map(|a| {
                    format!(
                        "{} ({}, {} bytes)",
                        a.name.as_deref().unwrap_or("(unnamed)"),
                        a.content_type,
                        a.size
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        },
    ));
    for n in &d.notes {
        rows.push(("note", n.text(ui)));
    }
    let mut out = format!("{}\n", d.path);
    for (k, v) in rows {
        out.push_str(&format!("  {k:<12} {v}\n"));
    }
    out.push_str("\n  line  part         text\n");
    for (i, l) in d.lines.iter().enumerate() {
        let mut part = kind(l.kind).to_string();
        if Some(i) == d.greeting {
            part = "own/greeting".into();
        } else if Some(i) == d.signoff {
            part = "signature".into();
        }
        let line = l
            .file_line
            .map(|n| n.to_string())
            .unwrap_or_else(|| "-".into());
        out.push_str(&format!("  {line:>4}  {part:<12} | {}\n", l.text));
    }
    out
}
