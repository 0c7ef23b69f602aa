//! Text folded the way the word lists read it, with the way back to the original offsets.

use std::ops::Range;

/// A text as the word lists see it: lower case, white space runs as one space, with the way back
/// to the original's byte offsets. Folding is most of the cost of matching, so a text searched by
/// many lists (the own text of a draft) is folded once and kept (see `OwnText::folded`).
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub(super) text: String,
    /// For each byte of `text`, the byte offset in the original of the character it came from,
    /// plus one entry for the end. `None` when that is the identity (byte `i` came from byte
    /// `i`: no run of white space collapsed, no case mapping changed a length), the usual case,
    /// which costs no allocation.
    map: Option<Vec<usize>>,
}

impl Folded {
    pub fn new(text: &str) -> Self {
        let mut out = String::with_capacity(text.len());
        let mut map: Option<Vec<usize>> = None;
        // Called when byte `i` of the output no longer comes from byte `i` of the input.
        let identity_ends = |map: &mut Option<Vec<usize>>, upto: usize| {
            if map.is_none() {
                let mut m = Vec::with_capacity(text.len() + 1);
                m.extend(0..upto);
                *map = Some(m);
            }
        };
        let mut in_space = false;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                if in_space {
                    identity_ends(&mut map, out.len());
                    continue;
                }
                in_space = true;
                if c.len_utf8() != 1 {
                    identity_ends(&mut map, out.len());
                }
                out.push(' ');
                if let Some(m) = &mut map {
                    m.push(i);
                }
                continue;
            }
            in_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                if let Some(m) = &mut map {
                    m.push(i);
                }
                continue;
            }
            let before = out.len();
            let lower = c.to_lowercase();
            let single = lower.len() == 1;
            out.extend(lower);
            let n = out.len() - before;
            if !single || n != c.len_utf8() {
                identity_ends(&mut map, before);
            }
            if let Some(m) = &mut map {
                m.extend(std::iter::repeat_n(i, n));
            }
        }
        if let Some(m) = &mut map {
            m.push(text.len());
        }
        Folded { text: out, map }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original offset of folded byte `i` (`i` may be the end).
    pub(super) fn original(&self, i: usize) -> usize {
        match &self.map {
            Some(m) => m[i],
            None => i,
        }
    }

    /// The folded bytes that come from the original bytes `range` (which falls on character
    /// boundaries): the folded form of that part of the original.
    pub(super) fn folded_range(&self, range: Range<usize>) -> Range<usize> {
        match &self.map {
            None => range,
            Some(m) => {
                m.partition_point(|&o| o < range.start)..m.partition_point(|&o| o < range.end)
            }
        }
    }
}
