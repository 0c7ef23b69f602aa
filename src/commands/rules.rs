use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use mailcheck::config::Settings;
use mailcheck::i18n;
use mailcheck::rules::RULES;

use super::emit;
use crate::cli::{ListFormat, RulesArgs};

pub fn run(config: Option<&Path>, args: RulesArgs) -> Result<ExitCode> {
    let text = match args.format {
        ListFormat::Human => {
            // The list needs no settings but the language: a config that does not load is
            // reported by the commands that use it, not here.
            let configured = Settings::discover(config).ok().and_then(|s| s.ui_language);
            let ui = i18n::resolve_from_env(configured);
            let width = RULES.iter().map(|r| r.info().id.len()).max().unwrap_or(0);
            let mut t = String::new();
            for r in RULES {
                let i = r.info();
                t.push_str(&format!(
                    "{:width$}  {:7}  {}\n",
                    i.id,
                    i.severity.as_str(),
                    i18n::rule_summary(ui, i.id, i.summary)
                ));
            }
            t
        }
        ListFormat::Json => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| {
                    let i = r.info();
                    serde_json::json!({"id": i.id, "severity": i.severity, "summary": i.summary})
                })
                .collect();
            serde_json::to_string_pretty(&list)? + "\n"
        }
    };
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}
