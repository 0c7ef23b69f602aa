//! The quick end-to-end tests, one binary: the command line, its output (snapshots), rewrites,
//! the reader, the labelled set and fixtures, the hooks, the desk, property tests.
//! `cargo test --test fast MODULE::` runs one module.

mod common;

mod cli;
mod desk_due;
mod desk_report;
mod fixtures_manifest;
mod hooks;
mod labelled;
mod properties;
mod reader;
mod rewrite;
mod snapshots;
