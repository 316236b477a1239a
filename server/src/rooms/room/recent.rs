//! What a room knows cheaply about changes it just accepted: their hashes,
//! and whether a message's changes can be forwarded as they came.

use automerge::AutoCommit;
use comap_shared::sync_intake::RawChange;

/// How many recent change hashes a room remembers.
const RECENT_CHANGES: usize = 4096;

/// A bounded set of recently accepted change hashes.
#[derive(Default)]
pub(super) struct Recent {
    set: std::collections::HashSet<automerge::ChangeHash>,
    order: std::collections::VecDeque<automerge::ChangeHash>,
}

impl Recent {
    pub(super) fn insert(&mut self, hash: automerge::ChangeHash) {
        if self.set.insert(hash) {
            self.order.push_back(hash);
            if self.order.len() > RECENT_CHANGES
                && let Some(old) = self.order.pop_front()
            {
                self.set.remove(&old);
            }
        }
    }

    pub(super) fn contains(&self, hash: &automerge::ChangeHash) -> bool {
        self.set.contains(hash)
    }
}

/// The heads a document at `before` has once exactly `changes` are applied.
pub(super) fn heads_after(
    before: &[automerge::ChangeHash],
    changes: &[RawChange],
) -> Vec<automerge::ChangeHash> {
    let depended_on = |h: &automerge::ChangeHash| changes.iter().any(|c| c.deps.contains(h));
    let mut heads: Vec<automerge::ChangeHash> =
        before.iter().filter(|h| !depended_on(h)).copied().collect();
    for c in changes {
        if !depended_on(&c.hash) && !heads.contains(&c.hash) {
            heads.push(c.hash);
        }
    }
    heads.sort();
    heads
}

pub(super) fn sorted(heads: &[automerge::ChangeHash]) -> Vec<automerge::ChangeHash> {
    let mut heads = heads.to_vec();
    heads.sort();
    heads
}

/// Whether each change depends only on changes the room knows it has (its
/// heads, its recent changes, or an earlier change of the same message), so it
/// can be forwarded as it is to peers in sync. Otherwise peers get a sync round.
pub(super) fn deps_known(
    changes: &[RawChange],
    heads: &[automerge::ChangeHash],
    recent: &Recent,
) -> bool {
    changes.iter().enumerate().all(|(i, c)| {
        c.deps.iter().all(|d| {
            heads.contains(d) || recent.contains(d) || changes[..i].iter().any(|e| &e.hash == d)
        })
    })
}

/// Whether the document holds the change (without rebuilding it, which
/// `get_change_by_hash` does in Automerge 0.12).
pub(super) fn has_change(doc: &mut AutoCommit, hash: &automerge::ChangeHash) -> bool {
    doc.get_change_meta_by_hash(hash).is_some()
}
