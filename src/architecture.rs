//! The shape of the library, read from its imports and tested (issue #19):
//!
//! - the checking core (draft, lexicon, rules, check, finding, render, limits, calendar, lang)
//!   never names config, outbox, desk, imap, serve, or the command line;
//! - outbox, desk, imap, serve and mailbox never name config: they take their own resolved
//!   settings, which `config::resolve` makes (config is the top layer);
//! - the graph of `crate::X` edges between top-level modules has no cycle.
//!
//! Read from `src/**/*.rs` (the binary's `main.rs`, `cli.rs` and `commands/` are the layer above
//! the library and not part of the graph). Comments, a file's trailing `#[cfg(test)]` module and
//! the unit tests moved to a `tests.rs` of their own are left out: a unit test may build its
//! fixture from a config text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The checking core.
const CORE: &[&str] = &[
    "draft", "lexicon", "rules", "check", "finding", "render", "limits", "calendar", "lang",
];
/// What the core never names.
const NOT_IN_CORE: &[&str] = &[
    "config", "outbox", "desk", "imap", "serve", "commands", "cli",
];
/// The parts that take their own resolved settings and never name config.
const BELOW_CONFIG: &[&str] = &["outbox", "desk", "imap", "serve", "mailbox"];
/// Files of the binary, above the library, and this test (its examples name anything).
const NOT_IN_GRAPH: &[&str] = &["main", "lib", "cli", "commands", "architecture"];

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level module a file under `src/` belongs to (`outbox/smtp.rs` -> `outbox`).
fn top_module(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// The code of a file without comments and without its trailing `#[cfg(test)]` module.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The top-level modules `code` names as `crate::X` (also inside `use crate::{X, Y::..}`).
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        // `$crate::` (a macro) is the crate too; `mailcheck_crate::` would not be.
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(word(inner[start..j].trim()));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
            found.insert(word(inner[start..].trim()));
        } else {
            found.insert(word(rest));
        }
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The import graph of the library: top-level module -> the top-level modules it names.
fn library_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 20,
        "found only {} files in {}",
        files.len(),
        src.display()
    );
    let mut graph = Graph::new();
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src");
        let Some(top) = top_module(rel) else { continue };
        if NOT_IN_GRAPH.contains(&top.as_str()) || f.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("readable source");
        let edges = graph.entry(top.clone()).or_default();
        for m in named_modules(&code_of(&text)) {
            if m != top {
                edges.insert(m);
            }
        }
    }
    graph
}

/// Forbidden edges: (from, to) for each `from` in `froms` naming one of `tos`.
fn forbidden(graph: &Graph, froms: &[&str], tos: &[&str]) -> Vec<String> {
    let mut bad = Vec::new();
    for from in froms {
        for to in graph.get(*from).into_iter().flatten() {
            if tos.contains(&to.as_str()) {
                bad.push(format!("{from} -> {to}"));
            }
        }
    }
    bad
}

/// A cycle of the graph, as the path around it, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let at = path.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = path[at..].to_vec();
                cycle.push(node.to_string());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if let Some(c) = visit(node, graph, &mut state, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}

fn shown(graph: &Graph) -> String {
    graph
        .iter()
        .map(|(k, v)| format!("{k} -> {}", v.iter().cloned().collect::<Vec<_>>().join(" ")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_checking_core_names_no_config_outbox_desk_imap_serve_or_cli() {
    let graph = library_graph();
    for m in CORE {
        assert!(graph.contains_key(*m), "no module `{m}` found");
    }
    let bad = forbidden(&graph, CORE, NOT_IN_CORE);
    assert!(
        bad.is_empty(),
        "the checking core names {bad:?}\n\n{}",
        shown(&graph)
    );
}

#[test]
fn outbox_desk_imap_serve_and_mailbox_never_name_config() {
    let graph = library_graph();
    let bad = forbidden(&graph, BELOW_CONFIG, &["config"]);
    assert!(
        bad.is_empty(),
        "config is the top layer, but {bad:?}\n\n{}",
        shown(&graph)
    );
}

#[test]
fn the_module_import_graph_has_no_cycle() {
    let graph = library_graph();
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}\n\n{}", cycle.join(" -> "), shown(&graph));
    }
}

#[test]
fn the_reader_finds_edges_and_cycles() {
    let code = code_of(
        "use crate::config::Settings;\n// crate::outbox in a comment\n\
         use crate::{desk::DeskSettings, imap};\nfn f() { $crate::rules::x(); my_crate::no(); }\n\
         #[cfg(test)]\nmod tests { use crate::serve; }\n",
    );
    let names: Vec<String> = named_modules(&code).into_iter().collect();
    assert_eq!(names, ["config", "desk", "imap", "rules"]);
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(forbidden(&g, &["c"], &["a"]), ["c -> a"]);
}
