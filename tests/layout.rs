//! The test layout holds (CONTRIBUTING.md, "Tests"): with `autotests = false` a file in `tests/`
//! that no binary names is silently never built, and a snapshot under an old module path is never
//! compared. So: every `[[test]]` of Cargo.toml is a file here, there are at most 6 of them, every
//! other `tests/*.rs` and `tests/*/mod.rs` is a `mod` of one of them, and every snapshot file is
//! named after a test binary.

use std::collections::BTreeSet;

use crate::common::*;

/// The `[[test]]` targets of Cargo.toml: (name, path).
fn test_targets() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    let manifest: toml::Table = toml::from_str(&text).expect("Cargo.toml parses");
    assert_eq!(
        manifest["package"]
            .get("autotests")
            .and_then(|v| v.as_bool()),
        Some(false),
        "Cargo.toml: `autotests = false` keeps tests/*.rs from becoming one binary each"
    );
    manifest
        .get("test")
        .and_then(|t| t.as_array())
        .expect("Cargo.toml has [[test]] targets")
        .iter()
        .map(|t| {
            let s = |k: &str| {
                t[k].as_str()
                    .unwrap_or_else(|| panic!("[[test]] {k}"))
                    .to_string()
            };
            (s("name"), s("path"))
        })
        .collect()
}

#[test]
fn every_test_file_is_in_one_of_at_most_six_binaries() {
    let targets = test_targets();
    assert!(
        targets.len() <= 6,
        "{} test binaries: each links every dependency (CI's disk)",
        targets.len()
    );
    let roots: BTreeSet<String> = targets.iter().map(|(_, p)| p.clone()).collect();
    let mut declared = BTreeSet::new();
    for root_file in &roots {
        let text = std::fs::read_to_string(root().join(root_file))
            .unwrap_or_else(|e| panic!("{root_file}: {e}"));
        for line in text.lines() {
            if let Some(m) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) {
                declared.insert(m.to_string());
            }
        }
    }
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root().join("tests")).expect("tests/") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let module = if path.is_dir() && path.join("mod.rs").is_file() {
            name.clone()
        } else if let Some(stem) = name.strip_suffix(".rs") {
            if roots.contains(&format!("tests/{name}")) {
                continue;
            }
            stem.to_string()
        } else {
            continue;
        };
        if !declared.contains(&module) {
            missing.push(format!("tests/{name}"));
        }
    }
    assert!(
        missing.is_empty(),
        "never built: add a `mod` for each to a binary in Cargo.toml's [[test]] list: {missing:?}"
    );
}

#[test]
fn every_snapshot_is_named_after_a_test_binary() {
    let names: Vec<String> = test_targets().into_iter().map(|(n, _)| n).collect();
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/snapshots")).expect("tests/snapshots") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let named = names.iter().any(|n| name.starts_with(&format!("{n}__")));
        if !name.ends_with(".snap") || !named {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "tests/snapshots: not `BINARY__MODULE__NAME.snap` (left over, or a pending .snap.new?): \
         {stale:?}"
    );
}
