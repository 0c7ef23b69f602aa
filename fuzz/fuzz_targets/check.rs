//! The whole check pipeline on arbitrary bytes: parse (within the default limits and within
//! tiny ones, so the cut paths run too), every rule, every renderer. Any panic is a bug.

#![no_main]

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use mailcheck::check::{CheckOptions, Checker};
use mailcheck::config::{ConfigFile, Settings};
use mailcheck::render::{self, FileFindings};

fn checker(config: &str) -> Checker {
    let file: ConfigFile = toml::from_str(config).expect("fuzz config");
    let settings = Settings::from_config(None, file).expect("fuzz settings");
    let at = DateTime::parse_from_rfc3339("2026-11-23T23:00:00+01:00")
        .expect("fuzz time")
        .with_timezone(&Utc);
    let opts = CheckOptions {
        at: Some(at),
        ..CheckOptions::default()
    };
    Checker::new(settings, &opts).expect("fuzz checker")
}

fn checkers() -> &'static [Checker; 2] {
    static CHECKERS: OnceLock<[Checker; 2]> = OnceLock::new();
    CHECKERS.get_or_init(|| {
        [
            checker("[sender]\ntimezone = \"Europe/Rome\"\n"),
            checker(
                "[sender]\ntimezone = \"Europe/Rome\"\n[limits]\nmax_parts = 3\nmax_depth = 2\n\
                 max_header_line = 300\nmax_header_lines = 40\nmax_text_bytes = 300\n",
            ),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    for checker in checkers() {
        let Ok(report) = checker.check_bytes("fuzz.eml", data) else {
            continue;
        };
        let files = [FileFindings {
            path: &report.draft.path,
            draft: &report.draft,
            findings: &report.findings,
            ui: mailcheck::lang::Lang::Ru,
        }];
        let _ = render::render_human(&files);
        let _ = render::render_short(&files);
        let _ = render::render_json(&files);
        let _ = render::render_sarif(&files);
        for f in &report.findings {
            let _ = render::place(&report.draft, f);
        }
    }
});
