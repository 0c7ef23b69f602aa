//! Reading a queue entry: the meta file (JSON) and the stored message, as the runner reads them.
//! The body is `mailcheck::fuzzing::queue_entry`, which the test suite also runs
//! (`tests/fuzz_targets.rs`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mailcheck::fuzzing::queue_entry(data));
