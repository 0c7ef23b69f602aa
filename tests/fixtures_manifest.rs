//! Every fixture raises exactly what `tests/fixtures/MANIFEST.md` says it must, and nothing it
//! must not; so do the shipped examples. The manifest is the one place the expectations are
//! written.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;

struct Expected {
    must: BTreeSet<String>,
    must_not: BTreeSet<String>,
}

fn rule_ids(cell: &str) -> BTreeSet<String> {
    cell.split(',')
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && s != "none")
        .collect()
}

fn manifest() -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/MANIFEST.md")).unwrap();
    let mut out = BTreeMap::new();
    // Rows under "## Shipped examples" are files in examples/, the others in tests/fixtures/.
    let mut dir = "tests/fixtures/";
    for line in text.lines() {
        if line.starts_with("## ") {
            dir = if line.contains("examples") {
                "examples/"
            } else {
                "tests/fixtures/"
            };
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `file` | lang | exercises | MUST | MUST NOT | key lines |
        if cells.len() < 7 || !cells[1].starts_with('`') || !cells[1].ends_with(".eml`") {
            continue;
        }
        let file = format!("{dir}{}", cells[1].trim_matches('`'));
        out.insert(
            file,
            Expected {
                must: rule_ids(cells[4]),
                must_not: rule_ids(cells[5]),
            },
        );
    }
    out
}

#[test]
fn every_fixture_raises_what_the_manifest_says() {
    let expected = manifest();
    assert!(expected.len() >= 40, "manifest rows: {}", expected.len());
    let args: Vec<&str> = expected.keys().map(String::as_str).collect();
    let (code, findings) = check_json(&args);
    assert!(code == 0 || code == 1, "exit {code}");
    let mut raised: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &findings {
        let file = f["file"].as_str().unwrap();
        raised
            .entry(file.to_string())
            .or_default()
            .insert(f["rule"].as_str().unwrap().to_string());
    }
    let mut misses = Vec::new();
    for (file, exp) in &expected {
        let got = raised.get(file).cloned().unwrap_or_default();
        for r in exp.must.difference(&got) {
            misses.push(format!("{file}: should raise {r}, raised {got:?}"));
        }
        for r in exp.must_not.intersection(&got) {
            misses.push(format!("{file}: must not raise {r}"));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}
