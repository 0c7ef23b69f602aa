//! The bodies of the fuzz targets in `fuzz/` (`bash bench/fuzz.sh`), kept in the library so that
//! the test suite compiles and runs them (`tests/robust_input.rs`): a target that no longer
//! builds is a failing test, not a surprise on the next fuzz run. Any panic here is a bug.

use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};

use crate::check::{CheckOptions, Checker};
use crate::config::{ConfigFile, Settings};
use crate::fix::{Templates, apply_fixes};
use crate::outbox::entry;
use crate::outbox::store::parse_meta;
use crate::render::{self, FileFindings};

/// Two checkers: the default limits, and tiny ones so that the cut paths run too.
fn checkers() -> &'static [Checker] {
    static CHECKERS: OnceLock<Vec<Checker>> = OnceLock::new();
    CHECKERS.get_or_init(|| {
        [
            "[sender]\ntimezone = \"Europe/Rome\"\n",
            "[sender]\ntimezone = \"Europe/Rome\"\n[limits]\nmax_parts = 3\nmax_depth = 2\n\
             max_header_line = 300\nmax_header_lines = 40\nmax_text_bytes = 300\n",
        ]
        .into_iter()
        .filter_map(|config| {
            let file: ConfigFile = toml::from_str(config).ok()?;
            let settings = Settings::from_config(None, file).ok()?;
            let at = DateTime::parse_from_rfc3339("2026-11-23T23:00:00+01:00").ok()?;
            let opts = CheckOptions {
                at: Some(at.with_timezone(&Utc)),
                ..CheckOptions::default()
            };
            settings.into_checker(&opts).ok()
        })
        .collect()
    })
}

/// The whole check of arbitrary bytes: parse, every rule, every renderer, and every fix the
/// findings offer applied (a rewrite must not panic either, and what it writes must read again).
pub fn check(data: &[u8]) {
    let templates = Templates::new(None);
    for checker in checkers() {
        let Ok(report) = checker.check_bytes("fuzz.eml", data) else {
            continue;
        };
        let files = [FileFindings {
            path: &report.draft.path,
            draft: &report.draft,
            findings: &report.findings,
            ui: crate::lang::Lang::Ru,
        }];
        let _ = render::render_human(&files);
        let _ = render::render_short(&files);
        let _ = render::render_json(&files);
        let _ = render::render_sarif(&files);
        for f in &report.findings {
            let _ = render::place(&report.draft, f);
        }
        let fixes: Vec<_> = report
            .findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .collect();
        if fixes.is_empty() {
            continue;
        }
        if let Ok(fixed) = apply_fixes(data, &report.draft, &fixes, &templates) {
            let _ = checker.check_bytes("fixed.eml", &fixed);
        }
    }
}

/// Reading a queue entry as the runner reads it: the first line is the meta, the rest the
/// message. What was read writes back and reads again the same, and the wire copy has CRLF line
/// ends only.
pub fn queue_entry(data: &[u8]) {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (meta, message) = data.split_at(split);
    for bytes in [meta, data] {
        if let Ok(m) = parse_meta(Path::new("meta/fuzz.json"), bytes) {
            let json = serde_json::to_vec_pretty(&m).expect("meta serialises");
            let again = parse_meta(Path::new("meta/fuzz.json"), &json).expect("meta reads back");
            assert_eq!(m, again);
            let _ = m.is_scheduled();
            let _ = m.undelivered().count();
        }
    }
    let Some(now) = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single() else {
        return;
    };
    let wire = entry::wire_bytes(message, now.fixed_offset());
    let _ = entry::sent_copy(message, now.fixed_offset());
    let _ = entry::has_header(message, "Date");
    for (i, &b) in wire.iter().enumerate() {
        match b {
            b'\n' => assert!(i > 0 && wire[i - 1] == b'\r', "bare LF on the wire"),
            b'\r' => assert_eq!(wire.get(i + 1), Some(&b'\n'), "bare CR on the wire"),
            _ => {}
        }
    }
}
