use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use mailcheck::config::Settings;
use mailcheck::error::ConfigError;
use mailcheck::lang::Lang;
use mailcheck::{i18n, msg, rules};

use super::emit;

/// Prints the rule's documentation (in `lang`, default the interface language), then the
/// thresholds in force (built-in merged with config). Headings and labels are in the interface
/// language.
pub fn run(config: Option<&Path>, id: &str, lang: Option<Lang>) -> Result<ExitCode> {
    let rule = rules::find(id).ok_or_else(|| ConfigError::UnknownRule(id.to_string()))?;
    let info = rule.info();
    let settings = Settings::discover(config)?;
    let ui = i18n::resolve_from_env(settings.ui_language);
    let doc = rules::doc(info.id, lang.unwrap_or(ui))
        .ok_or_else(|| ConfigError::UnknownRule(id.to_string()))?;
    let heading = msg!(
        "explain-heading",
        id = info.id,
        summary = i18n::rule_summary(ui, info.id, info.summary),
        severity = info.severity.as_str()
    );
    let mut text = format!("# {}\n\n{}\n", heading.text(ui), doc);
    if let Some(data) = settings.env.lexicon.data(info.id) {
        if !data.thresholds.is_empty() {
            text.push_str(&format!("\n## {}\n", i18n::tr(ui, "explain-in-force")));
            for (k, v) in &data.thresholds {
                text.push_str(&format!("- {k} = {v}\n"));
            }
        }
        // One line per list, its entries per language ("- requests: en 21, it 33, ru 30").
        let mut by_name: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        for (scope, lists) in &data.lists {
            for (name, words) in lists {
                by_name
                    .entry(name.as_str())
                    .or_default()
                    .push(format!("{scope} {}", words.len()));
            }
        }
        if !by_name.is_empty() {
            let heading = msg!("explain-lists", id = info.id).text(ui);
            text.push_str(&format!("\n{heading}\n"));
            for (name, counts) in &by_name {
                text.push_str(&format!("- {name}: {}\n", counts.join(", ")));
            }
        }
    }
    if let Some(sev) = settings.severities.get(info.id) {
        text.push_str(&format!(
            "- severity = {}\n",
            sev.map(|s| s.as_str()).unwrap_or("off")
        ));
    }
    text.push_str(&format!("\n{}", settings.origin_text(ui)));
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}
