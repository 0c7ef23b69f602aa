//! The quick end-to-end tests, one binary: the command line, its output (snapshots), rewrites,
//! the reader, the labelled set and fixtures, the hooks, the desk, property tests, and the
//! project's own registry and layout. `cargo test --test fast MODULE::` runs one module.

mod common;

mod cli;
mod desk_due;
mod desk_report;
mod fix_placement;
mod fixtures_manifest;
mod fuzz_targets;
mod hooks;
mod inputs;
mod labelled;
mod layout;
mod properties;
mod reader;
mod registry;
mod rewrite;
mod snapshots;
