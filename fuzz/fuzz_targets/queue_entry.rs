//! Reading a queue entry: the meta file (JSON) and the stored message, as the runner reads them.
//! The first line of the input is the meta, the rest the message. Any panic is a bug.

#![no_main]

use std::path::Path;

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use mailcheck::outbox::entry;
use mailcheck::outbox::store::parse_meta;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (meta, message) = data.split_at(split);
    for bytes in [meta, data] {
        if let Ok(m) = parse_meta(Path::new("meta/fuzz.json"), bytes) {
            // What was read writes back and reads again the same.
            let json = serde_json::to_vec_pretty(&m).expect("meta serialises");
            let again = parse_meta(Path::new("meta/fuzz.json"), &json).expect("meta reads back");
            assert_eq!(m, again);
            let _ = m.is_scheduled();
            let _ = m.undelivered().count();
        }
    }
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let wire = entry::wire_bytes(message, now);
    let _ = entry::sent_copy(message, now);
    let _ = entry::has_header(message, "Date");
    // The wire copy has CRLF line ends only: no bare LF, no bare CR.
    for (i, &b) in wire.iter().enumerate() {
        match b {
            b'\n' => assert!(i > 0 && wire[i - 1] == b'\r', "bare LF on the wire"),
            b'\r' => assert_eq!(wire.get(i + 1), Some(&b'\n'), "bare CR on the wire"),
            _ => {}
        }
    }
});
