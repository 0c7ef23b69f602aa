//! The slow robustness tests, one binary: crashes (SIGKILL at random moments, a full disk, two
//! runners at once) and SMTP server faults, against the fault-injecting server.
//! `cargo test --test robustness MODULE::` runs one module.

mod common;
mod faults_harness;

mod crash;
mod faults;
