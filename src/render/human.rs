use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{FileFindings, place};
use crate::finding::Severity;
use crate::i18n::{self, Msg};
use crate::lang::Lang;
use crate::msg;
use crate::rules;

/// `level` named in the interface language ("errore", "ошибка"); English keeps
/// annotate-snippets' own words, so its output stays rustc's.
fn level_in(ui: Lang, level: Level<'static>, id: &'static str) -> Level<'static> {
    match ui {
        Lang::En => level,
        _ => level.with_name(i18n::tr(ui, id)),
    }
}

/// rustc-style diagnostics: `error[rule]: message`, the draft line with the words underlined,
/// then why the rule exists and what to do. Styled; the caller's stream strips colour when it
/// is not a terminal.
pub fn render_human(files: &[FileFindings<'_>]) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    for file in files {
        for f in file.findings {
            let p = place(file.draft, f);
            let ui = file.ui;
            let level = match f.severity {
                Severity::Error => level_in(ui, Level::ERROR, "level-error"),
                Severity::Warning => level_in(ui, Level::WARNING, "level-warning"),
                Severity::Hint => Level::HELP.with_name(i18n::tr(ui, "level-hint")),
            };
            let message = f.message.text(ui);
            let label = f.label.as_ref().map(|l| l.text(ui));
            let mut group = Group::with_title(level.primary_title(message.as_str()).id(f.rule));
            match &p.source {
                Some((text, range)) => {
                    let line_no = p.line.map(|l| l as usize).or(p.text_line).unwrap_or(1);
                    let mut ann = AnnotationKind::Primary.span(range.clone());
                    if let Some(label) = &label {
                        ann = ann.label(label.as_str());
                    }
                    group = group.element(
                        Snippet::source(text.as_str())
                            .line_start(line_no)
                            .path(file.path)
                            .annotation(ann),
                    );
                    if !p.in_file {
                        group = group.element(
                            Level::NOTE.message(
                                msg!(
                                    "note-decoded-line",
                                    line = p.text_line.unwrap_or(1),
                                    encoding = file.draft.body.transfer_encoding.as_str()
                                )
                                .text(ui),
                            ),
                        );
                    }
                }
                None => {
                    group = group.element(Origin::path(file.path));
                }
            }
            if let Some(rule) = rules::find(f.rule) {
                let summary = i18n::rule_summary(ui, rule.info().id, rule.info().summary);
                let why = msg!("note-why", summary = summary).text(ui);
                group = group.element(level_in(ui, Level::NOTE, "level-note").message(why));
            }
            if let Some(help) = &f.help {
                group =
                    group.element(level_in(ui, Level::HELP, "level-help").message(help.text(ui)));
            }
            out.push_str(&renderer.render(&[group]));
            out.push_str("\n\n");
        }
    }
    out
}

/// "Found 2 errors and 1 warning in 3 files." / "No problems found in 1 file.", in `ui`.
pub fn summary_line(
    ui: Lang,
    files: usize,
    errors: usize,
    warnings: usize,
    hints: usize,
) -> String {
    let files = msg!("count-files", count = files);
    let parts: Vec<String> = [
        (errors, "count-errors"),
        (warnings, "count-warnings"),
        (hints, "count-hints"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, id)| Msg::new(id).arg("count", n).text(ui))
    .collect();
    if parts.is_empty() {
        return msg!("summary-none", files = files).text(ui);
    }
    let list = match parts.len() {
        1 => parts[0].clone(),
        _ => msg!(
            "list-and",
            first = parts[..parts.len() - 1].join(", "),
            last = parts[parts.len() - 1].as_str()
        )
        .text(ui),
    };
    msg!("summary-found", list = list, files = files).text(ui)
}
