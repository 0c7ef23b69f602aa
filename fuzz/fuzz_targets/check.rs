//! The whole check pipeline on arbitrary bytes: parse (within the default limits and within
//! tiny ones, so the cut paths run too), every rule, every renderer, every fix. The body is
//! `mailcheck::fuzzing::check`, which the test suite also runs (`tests/fuzz_targets.rs`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mailcheck::fuzzing::check(data));
