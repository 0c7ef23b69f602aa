//! Bulk checking against the parse-only baseline (issue 7, item 1): the same messages, in the
//! same process, parsed by mail-parser alone vs. checked by every rule, on one thread and on
//! all cores. The corpus is `$MAILCHECK_BENCH_CORPUS` (bench/run.sh builds one of 5,000+ real
//! messages), else the test fixtures.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mailcheck::check::{CheckOptions, Checker};
use mailcheck::config::{ConfigFile, Settings};
use rayon::prelude::*;

fn eml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            eml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "eml") {
            out.push(p);
        }
    }
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = std::env::var_os("MAILCHECK_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"));
    let mut files = Vec::new();
    eml_files(&dir, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(&p).ok()?)))
        .collect()
}

fn checker() -> Checker {
    let file: ConfigFile =
        toml::from_str("[sender]\ntimezone = \"Europe/Rome\"\n").expect("config");
    let settings = Settings::from_config(None, file).expect("settings");
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-23T10:00:00+01:00")
        .expect("time")
        .with_timezone(&Utc);
    settings
        .into_checker(&CheckOptions {
            at: Some(at),
            ..CheckOptions::default()
        })
        .expect("checker")
}

fn bulk(c: &mut Criterion) {
    let messages = corpus();
    let checker = checker();
    // As `mailcheck DIR` does for many files (the corpus has thousands).
    checker.env().lexicon.expect_many_drafts();
    let mut group = c.benchmark_group("bulk");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.sample_size(10);
    group.bench_function("parse-only", |b| {
        b.iter(|| {
            for (_, m) in &messages {
                black_box(mail_parser::MessageParser::default().parse(&m[..]));
            }
        })
    });
    group.bench_function("draft-model", |b| {
        b.iter(|| {
            for (p, m) in &messages {
                let _ = black_box(checker.parse(p, m));
            }
        })
    });
    group.bench_function("check-1-thread", |b| {
        b.iter(|| {
            for (p, m) in &messages {
                let _ = black_box(checker.check_bytes(p, m));
            }
        })
    });
    group.bench_function("check-all-cores", |b| {
        b.iter(|| {
            messages.par_iter().for_each(|(p, m)| {
                let _ = black_box(checker.check_bytes(p, m));
            })
        })
    });
    group.finish();
}

criterion_group!(benches, bulk);
criterion_main!(benches);
