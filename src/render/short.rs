use super::{FileFindings, place};

/// `file:line:col: severity[rule] message`, one per line; whole-message findings at 1:1 (as
/// ruff does for file-level diagnostics); text in a base64 body on the line where the body
/// starts, at its column in the decoded line, as the human output places it.
pub fn render_short(files: &[FileFindings<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        for f in file.findings {
            let p = place(file.draft, f);
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}\n",
                file.path,
                p.line.unwrap_or(1),
                p.line.and(p.column).unwrap_or(1),
                f.severity,
                f.rule,
                f.message.text(file.ui)
            ));
        }
    }
    out
}
