//! FAQ candidates: requests that ask the same thing, found in near-linear time.
//!
//! Each request becomes a set of word tokens (lower case, stop words, short words and words with
//! digits left out, cut to their first [`STEM`] characters so "delivery" and "delivered",
//! "доставка" and "доставку" are one token). Two requests are similar when their sets' Jaccard
//! index reaches the threshold. Candidates come from MinHash with banding (LSH): [`HASHES`]
//! hash functions, bands of [`ROWS`]; requests sharing a band bucket are compared exactly, each
//! with at most [`REPS`] representatives of the bucket, so the work is linear in the number of
//! requests however large a bucket grows. Similar requests are joined (union-find): a group is
//! one question.

use std::collections::{HashMap, HashSet};

/// Characters a token keeps (a crude stem that works for English, Italian and Russian).
pub const STEM: usize = 6;
/// MinHash functions per request.
pub const HASHES: usize = 24;
/// Rows per LSH band (HASHES / ROWS bands).
pub const ROWS: usize = 2;
/// Requests of a bucket each newcomer is compared with.
pub const REPS: usize = 4;
/// Requests with fewer tokens than this are not grouped (too little to tell).
pub const MIN_TOKENS: usize = 3;

/// The token set of `text`: sorted, each once.
pub fn tokens(text: &str, stop: &HashSet<String>) -> Vec<u64> {
    let mut out: Vec<u64> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| w.chars().count() >= 3)
        .filter(|w| !w.chars().any(|c| c.is_numeric()))
        .filter(|w| !stop.contains(w))
        .map(|w| {
            let stem: String = w.chars().take(STEM).collect();
            fnv(&stem)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// FNV-1a: a stable hash (the same tokens give the same groups on every run and machine).
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// splitmix64: one of the MinHash permutations, picked by `seed`.
fn mix(x: u64, seed: u64) -> u64 {
    let mut z = x ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The Jaccard index of two sorted sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

/// Groups of similar sets: for each set, the smallest index of its group.
pub fn group(sets: &[&[u64]], threshold: f64) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..sets.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    let mut sig = [0u64; HASHES];
    for (i, set) in sets.iter().enumerate() {
        if set.len() < MIN_TOKENS {
            continue;
        }
        for (k, s) in sig.iter_mut().enumerate() {
            *s = set
                .iter()
                .map(|&t| mix(t, k as u64 + 1))
                .min()
                .unwrap_or(u64::MAX);
        }
        for (band, rows) in sig.chunks(ROWS).enumerate() {
            let key = rows.iter().fold(band as u64, |h, &r| mix(h ^ r, 99));
            let reps = buckets.entry((band, key)).or_default();
            let mut joined = false;
            for &r in reps.iter() {
                if jaccard(set, sets[r]) >= threshold {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, r));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                    joined = true;
                }
            }
            if !joined && reps.len() < REPS {
                reps.push(i);
            }
        }
    }
    (0..sets.len()).map(|i| find(&mut parent, i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop() -> HashSet<String> {
        ["the", "please", "where"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn tokens_leave_out_stop_words_short_words_and_numbers_and_cut_stems() {
        let t = tokens("Where is the PARCEL 12345? Please, parcels A1B!", &stop());
        // "parcel" and "parcels" are one stem; is, a1b, 12345, where, the, please go.
        assert_eq!(t, vec![fnv("parcel")]);
        let t = tokens("Доставка доставку доставки", &HashSet::new());
        assert_eq!(t, vec![fnv("достав")]);
    }

    #[test]
    fn jaccard_of_sorted_sets() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[1, 2], &[3]), 0.0);
        assert_eq!(jaccard(&[1, 2, 3], &[1, 2, 3]), 1.0);
    }

    #[test]
    fn similar_requests_group_and_others_stay_alone() {
        let s = HashSet::new();
        let texts = [
            "when will my parcel be shipped, tracking number missing",
            "when will my parcel be shipped? tracking number please",
            "invoice for the october payment with vat number",
            "when will the parcel be shipped? tracking number?",
            "fattura di ottobre con partita iva",
        ];
        let sets: Vec<Vec<u64>> = texts.iter().map(|t| tokens(t, &s)).collect();
        let refs: Vec<&[u64]> = sets.iter().map(Vec::as_slice).collect();
        let g = group(&refs, 0.5);
        assert_eq!(g, vec![0, 0, 2, 0, 4]);
        assert!(jaccard(&sets[0], &sets[1]) >= 0.5);
    }

    #[test]
    fn grouping_is_linear_in_a_huge_bucket() {
        // 20,000 identical requests: every one falls into the same buckets, and is compared
        // with at most REPS of them per band.
        let set = tokens("where is my parcel tracking shipped", &HashSet::new());
        let sets: Vec<&[u64]> = vec![set.as_slice(); 20_000];
        let started = std::time::Instant::now();
        let g = group(&sets, 0.5);
        assert!(g.iter().all(|&r| r == 0));
        assert!(started.elapsed().as_secs() < 5);
    }
}
