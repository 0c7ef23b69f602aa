use serde_json::{Value, json};

use super::{FileFindings, place};
use crate::finding::Severity;
use crate::rules::RULES;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "note",
    }
}

/// SARIF 2.1.0, for code-scanning tools.
pub fn render_sarif(files: &[FileFindings<'_>]) -> String {
    sarif_document(sarif_results(files), Vec::new())
}

/// A SARIF notification (`toolExecutionNotifications`) for an input that could not be checked:
/// an error, with the file where there is one.
pub fn sarif_notification(path: Option<&str>, message: &str) -> Value {
    let mut n = json!({
        "level": "error",
        "message": { "text": message },
        "descriptor": { "id": "input-error" },
    });
    if let Some(p) = path {
        n["locations"] = json!([{ "physicalLocation": { "artifactLocation": { "uri": p } } }]);
    }
    n
}

/// The SARIF `results` of some files (a run collects them file by file).
pub fn sarif_results(files: &[FileFindings<'_>]) -> Vec<Value> {
    let mut results = Vec::new();
    for file in files {
        for f in file.findings {
            let p = place(file.draft, f);
            let mut region = serde_json::Map::new();
            if let Some(l) = p.line {
                region.insert("startLine".into(), json!(l));
                if let Some(c) = p.column {
                    region.insert("startColumn".into(), json!(c));
                }
                if let Some(c) = p.end_column {
                    region.insert("endColumn".into(), json!(c));
                }
            }
            let mut physical = json!({ "artifactLocation": { "uri": file.path } });
            if !region.is_empty() {
                physical["region"] = Value::Object(region);
            }
            let message = f.message.text(file.ui);
            let text = match &f.help {
                Some(h) => format!("{message} ({})", h.text(file.ui)),
                None => message,
            };
            results.push(json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [ { "physicalLocation": physical } ],
            }));
        }
    }
    results
}

/// The whole SARIF log around the results. `notifications`: what could not be checked (SARIF
/// 2.1.0 §3.20.21); with any, the invocation is not `executionSuccessful` (§3.20.14), so a log
/// with no results is not taken for a clean run.
pub fn sarif_document(results: Vec<Value>, notifications: Vec<Value>) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let i = r.info();
            json!({
                "id": i.id,
                "shortDescription": { "text": i.summary },
                "fullDescription": { "text": i.doc_text() },
                "defaultConfiguration": { "level": level(i.severity) },
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "mailcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
