use serde::Serialize;

use super::{FileFindings, place};

/// One finding in the JSON output (the contract documented in docs/json.md).
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub file: &'a str,
    pub rule: &'a str,
    pub severity: &'a str,
    /// 1-based line in the file; null for the whole message (or text with no file line).
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_column: Option<u32>,
    /// 1-based line in the decoded text body, for findings in the text.
    pub text_line: Option<usize>,
    /// In the interface language (the other fields do not change with it).
    pub message: String,
    pub help: Option<String>,
    /// The words the finding is about.
    pub excerpt: Option<String>,
}

pub fn json_findings<'a>(files: &'a [FileFindings<'a>]) -> Vec<JsonFinding<'a>> {
    let mut out = Vec::new();
    for file in files {
        for f in file.findings {
            let p = place(file.draft, f);
            out.push(JsonFinding {
                file: file.path,
                rule: f.rule,
                severity: f.severity.as_str(),
                line: p.line,
                column: p.column,
                end_column: p.end_column,
                text_line: p.text_line,
                message: f.message.text(file.ui),
                help: f.help.as_ref().map(|h| h.text(file.ui)),
                excerpt: p.source.map(|(text, r)| text[r].to_string()),
            });
        }
    }
    out
}

/// Each finding as one line of JSON (a run streams them into one array).
pub fn json_lines(files: &[FileFindings<'_>]) -> Vec<String> {
    json_findings(files)
        .iter()
        .filter_map(|f| serde_json::to_string(f).ok())
        .collect()
}

/// One JSON array with the findings of all files.
pub fn render_json(files: &[FileFindings<'_>]) -> String {
    serde_json::to_string_pretty(&json_findings(files)).unwrap_or_else(|_| "[]".into()) + "\n"
}
