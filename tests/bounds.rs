//! Hostile input held to time and memory bounds, one binary: the bounds are wall time, so these
//! tests run apart from the crash and fault tests (SIGKILL storms, 1,000-message flushes) that
//! would share their cores. `cargo test --test bounds robust_input::` runs them.

mod common;

mod robust_input;
