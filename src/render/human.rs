use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{FileFindings, place};
use crate::finding::Severity;
use crate::rules;

/// rustc-style diagnostics: `error[rule]: message`, the draft line with the words underlined,
/// then why the rule exists and what to do. Styled; the caller's stream strips colour when it
/// is not a terminal.
pub fn render_human(files: &[FileFindings<'_>]) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    for file in files {
        for f in file.findings {
            let p = place(file.draft, f);
            let level = match f.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                Severity::Hint => Level::HELP.with_name("hint"),
            };
            let mut group = Group::with_title(level.primary_title(f.message.as_str()).id(f.rule));
            match &p.source {
                Some((text, range)) => {
                    let line_no = p.line.map(|l| l as usize).or(p.text_line).unwrap_or(1);
                    let mut ann = AnnotationKind::Primary.span(range.clone());
                    if let Some(label) = &f.label {
                        ann = ann.label(label.as_str());
                    }
                    group = group.element(
                        Snippet::source(text.as_str())
                            .line_start(line_no)
                            .path(file.path)
                            .annotation(ann),
                    );
                    if !p.in_file {
                        group = group.element(Level::NOTE.message(format!(
                            "line {} of the decoded text ({} body: no line in the file matches; \
                             placed where the body starts)",
                            p.text_line.unwrap_or(1),
                            file.draft.body.transfer_encoding
                        )));
                    }
                }
                None => {
                    group = group.element(Origin::path(file.path));
                }
            }
            if let Some(rule) = rules::find(f.rule) {
                group = group.element(Level::NOTE.message(format!("why: {}", rule.info().summary)));
            }
            if let Some(help) = &f.help {
                group = group.element(Level::HELP.message(help.as_str()));
            }
            out.push_str(&renderer.render(&[group]));
            out.push_str("\n\n");
        }
    }
    out
}

/// "Found 2 errors and 1 warning in 3 files." / "No problems found in 1 file."
pub fn summary_line(files: usize, errors: usize, warnings: usize, hints: usize) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let parts: Vec<String> = [(errors, "error"), (warnings, "warning"), (hints, "hint")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| plural(*n, w))
        .collect();
    if parts.is_empty() {
        format!("No problems found in {}.", plural(files, "file"))
    } else {
        let list = match parts.len() {
            1 => parts[0].clone(),
            _ => format!(
                "{} and {}",
                parts[..parts.len() - 1].join(", "),
                parts[parts.len() - 1]
            ),
        };
        format!("Found {list} in {}.", plural(files, "file"))
    }
}
