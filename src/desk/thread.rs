//! Threads: messages joined by Message-ID, In-Reply-To and References (never by subject alone),
//! and who answered whom.
//!
//! Two messages are in one thread when one names the other in In-Reply-To or References, or
//! both name the same message (even one the mailboxes do not hold: a reply to a message that was
//! deleted still joins its siblings). A message is **answered** by the first message of the other
//! direction in its thread dated after it: an incoming message by your first reply, an outgoing
//! one by the client's.

use std::collections::HashMap;

use super::mailstore::{Direction, Record};

/// The threads of a list of records (indices into that list).
#[derive(Debug, Clone)]
pub struct Threads {
    /// Thread number of each record.
    thread: Vec<usize>,
    /// Records of each thread, oldest first.
    members: Vec<Vec<usize>>,
}

impl Threads {
    /// Builds the threads of `records` (as [`super::mailstore::load`] returns them: oldest first).
    pub fn build<X>(records: &[Record<X>]) -> Self {
        // Union-find over records and the ids they name.
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut parent: Vec<usize> = (0..records.len()).collect();
        fn node_of<'a>(
            id: &'a str,
            parent: &mut Vec<usize>,
            ids: &mut HashMap<&'a str, usize>,
        ) -> usize {
            *ids.entry(id).or_insert_with(|| {
                parent.push(parent.len());
                parent.len() - 1
            })
        }
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        fn union(parent: &mut [usize], a: usize, b: usize) {
            let (ra, rb) = (find(parent, a), find(parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        // Records first, so a record owns its id's node.
        for (i, r) in records.iter().enumerate() {
            if let Some(id) = &r.message_id {
                let n = node_of(id, &mut parent, &mut ids);
                union(&mut parent, i, n);
            }
        }
        for (i, r) in records.iter().enumerate() {
            for id in r.in_reply_to.iter().chain(&r.references) {
                if id.is_empty() {
                    continue;
                }
                let n = node_of(id, &mut parent, &mut ids);
                union(&mut parent, i, n);
            }
        }
        let mut number: HashMap<usize, usize> = HashMap::new();
        let mut thread = Vec::with_capacity(records.len());
        let mut members: Vec<Vec<usize>> = Vec::new();
        for i in 0..records.len() {
            let root = find(&mut parent, i);
            let t = *number.entry(root).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            thread.push(t);
            members[t].push(i);
        }
        for m in &mut members {
            m.sort_by_key(|&i| (records[i].date, i));
        }
        Threads { thread, members }
    }

    /// The thread number of record `i`.
    pub fn thread_of(&self, i: usize) -> usize {
        self.thread[i]
    }

    /// The records of thread `t`, oldest first.
    pub fn members(&self, t: usize) -> &[usize] {
        &self.members[t]
    }

    /// How many threads there are.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The first message of the other direction in record `i`'s thread dated after it
    /// (automated mail does not count as an answer).
    pub fn answer<X>(&self, records: &[Record<X>], i: usize) -> Option<usize> {
        let me = &records[i];
        let want = match me.direction {
            Direction::Incoming => Direction::Outgoing,
            Direction::Outgoing => Direction::Incoming,
        };
        self.members(self.thread_of(i)).iter().copied().find(|&j| {
            j != i
                && records[j].direction == want
                && !records[j].automated
                && records[j].date >= me.date
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Lang;
    use chrono::{DateTime, Utc};

    fn rec(id: &str, dir: Direction, at: &str, irt: &[&str], refs: &[&str]) -> Record<()> {
        Record {
            source: id.into(),
            message_id: Some(id.into()),
            in_reply_to: irt.iter().map(|s| s.to_string()).collect(),
            references: refs.iter().map(|s| s.to_string()).collect(),
            from: None,
            from_name: None,
            to: vec![],
            date: DateTime::parse_from_rfc3339(at)
                .unwrap()
                .with_timezone(&Utc),
            subject: "Re: same subject".into(),
            direction: dir,
            automated: false,
            language: Lang::En,
            extra: (),
        }
    }

    use Direction::{Incoming as In, Outgoing as Out};

    #[test]
    fn threads_follow_ids_not_subjects() {
        let r = vec![
            rec("a", In, "2026-11-20T09:00:00Z", &[], &[]),
            rec("b", Out, "2026-11-20T10:00:00Z", &["a"], &["a"]),
            // Same subject, no ids: its own thread.
            rec("c", In, "2026-11-20T11:00:00Z", &[], &[]),
            // Replies to a message the mailbox lacks: joined through it.
            rec("d", In, "2026-11-21T09:00:00Z", &["gone"], &["gone"]),
            rec("e", Out, "2026-11-21T10:00:00Z", &[], &["gone", "d"]),
        ];
        let t = Threads::build(&r);
        assert_eq!(t.len(), 3);
        assert_eq!(t.thread_of(0), t.thread_of(1));
        assert_ne!(t.thread_of(0), t.thread_of(2));
        assert_eq!(t.thread_of(3), t.thread_of(4));
        assert_eq!(t.answer(&r, 0), Some(1));
        assert_eq!(t.answer(&r, 1), None);
        assert_eq!(t.answer(&r, 2), None);
        assert_eq!(t.answer(&r, 3), Some(4));
    }

    #[test]
    fn an_answer_comes_after_the_message() {
        let r = vec![
            rec("b", Out, "2026-11-20T08:00:00Z", &[], &[]),
            rec("a", In, "2026-11-20T09:00:00Z", &["b"], &["b"]),
            rec("c", In, "2026-11-20T12:00:00Z", &["a"], &["b", "a"]),
        ];
        let t = Threads::build(&r);
        assert_eq!(t.answer(&r, 0), Some(1));
        assert_eq!(t.answer(&r, 1), None);
        assert_eq!(t.answer(&r, 2), None);
    }
}
