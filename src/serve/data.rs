//! The message data of one DATA command, kept up to SIZE and dropped beyond it.
//!
//! `smtp-proto`'s `DataReceiver` finds the end marker and undoes dot-stuffing across reads; once
//! the kept bytes pass SIZE, what was kept is freed and a `DummyDataReceiver` only looks for the
//! end, so a client sending far more than SIZE costs no more memory than SIZE plus one read.

use std::slice::Iter;

use smtp_proto::request::receiver::{DataReceiver, DummyDataReceiver};

/// Bytes the receiver may hold back from one read and write with the next (a line end or a dot
/// it has not yet decided about).
const HELD_BACK: usize = 8;

/// Message data being received.
pub struct Data {
    rx: DataReceiver,
    body: Vec<u8>,
    dropping: Option<DummyDataReceiver>,
    max: usize,
}

impl Data {
    /// Data of at most `max` bytes (SIZE).
    pub fn new(max: usize) -> Data {
        let mut rx = DataReceiver::new();
        // Starts as if after a line end, so a message that is only "." ends at once (the
        // receiver looks for CRLF "."); the two bytes are taken off again in `finish`.
        let mut body = Vec::new();
        rx.ingest(&mut b"\r\n".iter(), &mut body);
        Data {
            rx,
            body,
            dropping: None,
            max,
        }
    }

    /// Takes what `bytes` holds of the data; true once the end marker was read (what follows
    /// it stays in `bytes`).
    pub fn ingest(&mut self, bytes: &mut Iter<'_, u8>) -> bool {
        let done = match &mut self.dropping {
            Some(d) => d.ingest(bytes),
            None => {
                // Grows as a Vec does (doubling), but never past what SIZE and this read can
                // need: a message just over SIZE does not cost twice SIZE.
                let (len, cap) = (self.body.len(), self.body.capacity());
                let need = len + bytes.len() + HELD_BACK;
                if need > cap {
                    let target = (2 * cap)
                        .max(need)
                        .min(self.max + 2 + bytes.len() + HELD_BACK);
                    self.body.reserve_exact(target.max(need) - len);
                }
                self.rx.ingest(bytes, &mut self.body)
            }
        };
        if self.dropping.is_none() && self.body.len() > self.max + 2 {
            self.dropping = Some(DummyDataReceiver::new_data(&self.rx));
            self.body = Vec::new();
        }
        done
    }

    /// The bytes held now (memory, not the message's size).
    pub fn held(&self) -> usize {
        self.body.capacity()
    }

    /// The message as sent (its last line end is the one before the end marker), or `None` when
    /// it was over SIZE.
    pub fn finish(mut self) -> Option<Vec<u8>> {
        if self.dropping.is_some() {
            return None;
        }
        let mut raw = self.body.split_off(2.min(self.body.len()));
        if !raw.ends_with(b"\n") {
            raw.extend_from_slice(b"\r\n");
        }
        Some(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `chunks` reads of `chunk` bytes each (lines of "x"), then the end marker; the most
    /// memory held on the way and the message.
    fn feed(max: usize, chunk: usize, chunks: usize) -> (usize, Option<Vec<u8>>) {
        let mut line = vec![b'x'; chunk - 2];
        line.extend_from_slice(b"\r\n");
        let mut data = Data::new(max);
        let mut peak = data.held();
        for _ in 0..chunks {
            assert!(!data.ingest(&mut line.iter()));
            peak = peak.max(data.held());
        }
        let end = b".\r\nQUIT\r\n";
        let mut it = end.iter();
        assert!(data.ingest(&mut it));
        assert_eq!(it.as_slice(), b"QUIT\r\n");
        (peak, data.finish())
    }

    #[test]
    fn data_over_size_is_read_to_its_end_in_bounded_memory() {
        let (max, chunk) = (256 * 1024, 16 * 1024);
        // 50 times SIZE (as 50 MB over a 1 MB SIZE would be): the memory held never passes
        // SIZE plus one read, whatever the length sent.
        let (peak, message) = feed(max, chunk, 50 * max / chunk);
        assert_eq!(message, None);
        assert!(peak <= max + 2 + chunk + HELD_BACK, "held {peak} bytes");
        // The same just over SIZE, in reads of odd sizes.
        let (peak, message) = feed(max, 1000, max / 1000 + 1);
        assert_eq!(message, None);
        assert!(peak <= max + 2 + 1000 + HELD_BACK, "held {peak} bytes");
        // Once dropping, nothing is held at all.
        let mut data = Data::new(max);
        let big = vec![b'y'; max + chunk];
        data.ingest(&mut big.iter());
        assert_eq!(data.held(), 0);
    }

    #[test]
    fn data_up_to_size_is_kept_whole_and_dot_unstuffed() {
        let (_, message) = feed(64 * 1024, 1024, 64);
        assert_eq!(message.map(|m| m.len()), Some(64 * 1024));
        let mut data = Data::new(100);
        assert!(data.ingest(&mut b"Subject: a\r\n\r\n..hi\r\n.\r\n".iter()));
        assert_eq!(data.finish().unwrap(), b"Subject: a\r\n\r\n.hi\r\n");
        let mut data = Data::new(100);
        assert!(data.ingest(&mut b".\r\n".iter()));
        assert_eq!(data.finish().unwrap(), b"\r\n");
    }
}
