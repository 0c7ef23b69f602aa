//! The rule registry is complete and the README tells the truth about it (clippy's update_lints
//! idea): every rule file in `src/rules/` is a rule `mailcheck rules` lists, under the file's
//! name; and the README's rule table is what `mailcheck rules` prints (id, default severity,
//! summary, in its order).

use std::collections::BTreeSet;

use crate::common::*;

/// What `mailcheck rules --format json` lists: (id, severity, summary), in its order.
fn listed() -> Vec<(String, String, String)> {
    let out = mailcheck()
        .args(["rules", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let field = |r: &serde_json::Value, k: &str| r[k].as_str().expect(k).to_string();
    v.as_array()
        .expect("a list")
        .iter()
        .map(|r| (field(r, "id"), field(r, "severity"), field(r, "summary")))
        .collect()
}

/// The rule a `src/rules/*.rs` file declares (`declare_rule!` with `id: "..."`), if any: a file
/// without one is a helper module, not a rule.
fn declared_id(source: &str) -> Option<String> {
    let at = source.find("declare_rule! {")?;
    let rest = &source[at..];
    let id = rest.split("id: \"").nth(1)?.split('"').next()?;
    Some(id.to_string())
}

#[test]
fn every_rule_file_is_a_listed_rule_named_after_its_file() {
    let ids: BTreeSet<String> = listed().into_iter().map(|(id, _, _)| id).collect();
    let dir = root().join("src/rules");
    let mut files = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("src/rules") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".rs") || name == "mod.rs" {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("read");
        let Some(id) = declared_id(&source) else {
            continue; // a helper module of the rules, not a rule
        };
        let stem = name.trim_end_matches(".rs").replace('_', "-");
        assert_eq!(
            id,
            stem,
            "{}: the rule's id is not its file name",
            path.display()
        );
        assert!(
            ids.contains(&id),
            "{}: rule `{id}` is missing from RULES in src/rules/mod.rs (it never runs)",
            path.display()
        );
        files.insert(id);
    }
    assert_eq!(
        files, ids,
        "`mailcheck rules` lists rules with no file in src/rules/"
    );
}

#[test]
fn the_readme_rule_table_is_what_mailcheck_rules_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = readme
        .split("\n## Rules\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README.md has a ## Rules section");
    let table: Vec<(String, String, String)> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            assert_eq!(
                cells.len(),
                3,
                "README.md: not an id | default | summary row: {l}"
            );
            (
                cells[0].trim_matches('`').to_string(),
                cells[1].to_string(),
                cells[2].to_string(),
            )
        })
        .collect();
    let listed = listed();
    assert!(listed.len() >= 18, "only {} rules listed", listed.len());
    assert_eq!(
        table, listed,
        "README.md's rule table differs from `mailcheck rules`"
    );
    // The human listing says the same as the JSON one, row by row.
    let human = mailcheck().arg("rules").output().expect("runs");
    let human = String::from_utf8_lossy(&human.stdout);
    let rows: Vec<(String, String, String)> = human
        .lines()
        .map(|l| {
            let mut cells = l.splitn(2, "  ").map(str::trim);
            let id = cells.next().unwrap_or_default().to_string();
            let rest = cells.next().unwrap_or_default().trim_start();
            let (severity, summary) = rest.split_once("  ").unwrap_or((rest, ""));
            (id, severity.trim().to_string(), summary.trim().to_string())
        })
        .collect();
    assert_eq!(rows, listed, "`mailcheck rules` and its JSON differ");
}
