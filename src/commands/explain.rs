use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use mailcheck::config::Settings;
use mailcheck::error::ConfigError;
use mailcheck::lang::Lang;
use mailcheck::rules;

use super::emit;

/// Prints the rule's documentation (in `lang`, default English), then the thresholds in force
/// (built-in merged with config).
pub fn run(config: Option<&Path>, id: &str, lang: Option<Lang>) -> Result<ExitCode> {
    let rule = rules::find(id).ok_or_else(|| ConfigError::UnknownRule(id.to_string()))?;
    let info = rule.info();
    let doc = rules::doc(info.id, lang.unwrap_or(Lang::En))
        .ok_or_else(|| ConfigError::UnknownRule(id.to_string()))?;
    let settings = Settings::discover(config)?;
    let mut text = format!(
        "# {} ({}, default {})\n\n{}\n",
        info.id, info.summary, info.severity, doc
    );
    if let Some(data) = settings.env.lexicon.data(info.id) {
        if !data.thresholds.is_empty() {
            text.push_str("\n## In force\n");
            for (k, v) in &data.thresholds {
                text.push_str(&format!("- {k} = {v}\n"));
            }
        }
        for (scope, lists) in &data.lists {
            for (name, words) in lists {
                text.push_str(&format!("- [{scope}] {name}: {} entries\n", words.len()));
            }
        }
    }
    if let Some(sev) = settings.severities.get(info.id) {
        text.push_str(&format!(
            "- severity = {}\n",
            sev.map(|s| s.as_str()).unwrap_or("off")
        ));
    }
    text.push_str(&format!("\n{}", settings.origin_text()));
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}
