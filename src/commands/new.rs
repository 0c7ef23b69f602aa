use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use chrono::{Duration, Utc};
use mailcheck::config::Settings;
use mailcheck::fix::message::{encode_addresses, encode_header_value, text_message};
use mailcheck::fix::{Templates, atomic_write, check_header_safe, dates};
use serde_json::{Map, Value};

use super::emit;
use crate::cli::NewArgs;

pub fn run(config: Option<&Path>, args: NewArgs) -> Result<ExitCode> {
    let settings = Settings::discover(config)?;
    let templates = Templates::new(settings.templates.clone());
    let file = format!("{}.txt", args.template);
    if args.template.contains(['/', '\\']) || !templates.exists(args.lang, &file) {
        return Err(super::usage(mailcheck::msg!(
            "new-no-template",
            name = args.template.as_str(),
            lang = args.lang.to_string(),
            names = templates.names().join(", ")
        )));
    }
    for to in &args.to {
        check_header_safe("--to", to)?;
    }
    if let Some(from) = &args.from {
        check_header_safe("--from", from)?;
    }
    if let Some(id) = &args.reply_to {
        check_header_safe("--reply-to", id)?;
    }

    // Dates from the business calendar, in the draft's language; --var overrides them.
    let cal = &settings.env.sender;
    let now = Utc::now();
    let local = |t: chrono::DateTime<Utc>| t.with_timezone(&cal.tz);
    let lang = args.lang;
    let mut vars = Map::new();
    if let Some(due) = cal.add_business_days(now, 1) {
        vars.insert("by_date".into(), dates::day(&local(due), lang).into());
    }
    vars.insert("week".into(), dates::week(&local(now), lang).into());
    if let Some(first) = cal.next_open(now + Duration::days(1)) {
        let first = cal.opening(local(first).date_naive()).unwrap_or(first) + Duration::hours(1);
        vars.insert("slot1".into(), dates::day_time(&local(first), lang).into());
        if let Some(second) = cal.add_business_days(first, 1) {
            let second = second + Duration::hours(5);
            vars.insert("slot2".into(), dates::day_time(&local(second), lang).into());
        }
        vars.insert("ship_date".into(), dates::day(&local(first), lang).into());
    }
    // --var KEY=VALUE: a key given more than once, or one the template loops over, is a list;
    // --var-json KEY=JSON: any JSON value (a list, a number...).
    let lists = templates.list_variables(lang, &file);
    let mut given: Vec<(String, Vec<String>)> = Vec::new();
    for kv in &args.vars {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(super::usage(mailcheck::msg!(
                "usage-var-key-value",
                var = format!("{kv:?}")
            )));
        };
        check_header_safe(format!("--var {k}"), k)?;
        check_header_safe(format!("--var {k}"), v)?;
        let k = k.trim().to_string();
        match given.iter_mut().find(|(name, _)| *name == k) {
            Some((_, values)) => values.push(v.to_string()),
            None => given.push((k, vec![v.to_string()])),
        }
    }
    for (k, mut values) in given {
        let value = if values.len() > 1 || lists.contains(&k) {
            Value::Array(values.into_iter().map(Value::String).collect())
        } else {
            Value::String(values.remove(0))
        };
        vars.insert(k, value);
    }
    for kv in &args.var_json {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(super::usage(mailcheck::msg!(
                "usage-var-json-key-value",
                var = format!("{kv:?}")
            )));
        };
        let value: Value = serde_json::from_str(v).map_err(|e| {
            super::usage(mailcheck::msg!(
                "usage-var-json-not-json",
                key = k,
                value = v,
                error = e.to_string()
            ))
        })?;
        check_json_safe(&format!("--var-json {k}"), &value)?;
        vars.insert(k.trim().to_string(), value);
    }

    let rendered = templates.render(lang, &file, &Value::Object(vars))?;
    let (subject, body) = match rendered.split_once('\n') {
        Some((first, rest)) if first.starts_with("Subject:") => (
            first.trim_start_matches("Subject:").trim().to_string(),
            rest,
        ),
        _ => (String::new(), rendered.as_str()),
    };
    check_header_safe(mailcheck::msg!("new-template-subject"), &subject)?;
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(from) = &args.from {
        headers.push((
            "From".into(),
            encode_addresses("From", "--from", std::slice::from_ref(from))?,
        ));
    }
    headers.push(("To".into(), encode_addresses("To", "--to", &args.to)?));
    headers.push(("Subject".into(), encode_header_value(&subject)));
    headers.push(("Date".into(), now.with_timezone(&cal.tz).to_rfc2822()));
    if let Some(id) = &args.reply_to {
        let id = format!(
            "<{}>",
            id.trim().trim_start_matches('<').trim_end_matches('>')
        );
        headers.push(("In-Reply-To".into(), id.clone()));
        headers.push(("References".into(), id));
    }
    let message = text_message(&headers, body.trim_start_matches('\n'));
    match &args.output {
        Some(out) => atomic_write(out, &message)?,
        None => emit(&String::from_utf8_lossy(&message))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Every string in a JSON value is safe for a header line (the Subject comes from variables).
fn check_json_safe(what: &str, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => check_header_safe(what, s)?,
        Value::Array(a) => a.iter().try_for_each(|v| check_json_safe(what, v))?,
        Value::Object(o) => o.values().try_for_each(|v| check_json_safe(what, v))?,
        _ => {}
    }
    Ok(())
}
