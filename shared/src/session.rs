//! A client's replica of one map and its sync state with the server, without
//! any IO: the browser, the tests and the load generator feed it frames and
//! send what it returns.

use crate::ModelError;
use crate::command::Command;
use crate::ids::{CardId, IdSource};
use crate::map_delta::Touched;
use crate::map_read::read_map;
use crate::model::Author;
use crate::model::MapView;
use automerge::sync::{self, SyncDoc};
use automerge::{ActorId, AutoCommit, ChangeHash};

pub struct SyncSession {
    doc: AutoCommit,
    state: sync::State,
    /// How long the last whole save `to_keep` gave is (0: none yet).
    kept_full: usize,
    /// How much `to_keep` has given in pieces since that save.
    kept_more: usize,
    /// The heads of what `to_keep` has given.
    kept_heads: Vec<ChangeHash>,
    /// Automerge logs what each change touches (`touched`).
    watching: bool,
}

/// What `to_keep` gives: the whole replica, or the changes since it last
/// gave anything, or nothing (nothing changed).
#[derive(Debug, PartialEq)]
pub enum ToKeep {
    Whole(Vec<u8>),
    More(Vec<u8>),
    Nothing,
}

/// `to_keep` gives at least this much in pieces before it saves the whole replica again.
const KEPT_APPEND_MIN: usize = 64 * 1024;

impl SyncSession {
    /// A fresh, empty replica with the given actor id bytes (random, from the caller).
    pub fn new(actor: &[u8]) -> Self {
        SyncSession::with_doc(AutoCommit::new().with_actor(ActorId::from(actor)))
    }

    fn with_doc(doc: AutoCommit) -> Self {
        SyncSession {
            doc,
            state: sync::State::new(),
            kept_full: 0,
            kept_more: 0,
            kept_heads: Vec::new(),
            watching: false,
        }
    }

    /// The parts of the map changed since this was last asked, from the
    /// patches Automerge logs while it applies changes (local or received),
    /// so the cost follows the changes, not the document. The first time
    /// (and after the replica was replaced) it is the whole map.
    pub fn touched(&mut self) -> Touched {
        if !self.watching {
            if self.doc.get_heads().is_empty() {
                return Touched::whole();
            }
            self.watching = true;
            self.doc.update_diff_cursor();
            return Touched::whole();
        }
        Touched::from_patches(&self.doc.diff_incremental())
    }

    /// A replica loaded from saved bytes (for example from browser storage).
    pub fn load(bytes: &[u8], actor: &[u8]) -> Result<Self, ModelError> {
        let doc = AutoCommit::load(bytes)?.with_actor(ActorId::from(actor));
        Ok(SyncSession::with_doc(doc))
    }

    /// Takes the map as the server stored it (a `document` frame) when this
    /// replica is still empty, keeping its actor id; a replica that holds
    /// anything keeps it (the sync protocol brings it up to date instead).
    /// Returns whether the document was taken; bad bytes change nothing.
    pub fn adopt_document(&mut self, bytes: &[u8]) -> Result<bool, ModelError> {
        if !self.doc.get_heads().is_empty() {
            return Ok(false);
        }
        let actor = self.doc.get_actor().clone();
        let doc = AutoCommit::load(bytes)?.with_actor(actor);
        read_map(&doc)?;
        *self = SyncSession::with_doc(doc);
        Ok(true)
    }

    pub fn doc(&self) -> &AutoCommit {
        &self.doc
    }

    /// Writes to the document outside the model's checks and commits: for
    /// tests and tools that must produce what no Comap client would (the
    /// server's abuse suite). Pages never call this.
    pub fn write_unchecked(&mut self, write: impl FnOnce(&mut AutoCommit)) {
        write(&mut self.doc);
        self.doc.commit();
    }

    pub fn save(&mut self) -> Vec<u8> {
        self.doc.save()
    }

    /// What to write to the browser's store so it holds the replica
    /// (`load` reads back a whole save followed by the pieces written
    /// after it). The first call saves the whole replica; later calls give
    /// only the changes since, so keeping a map with a long history after
    /// each edit costs what the edit changed. Once what was given in pieces
    /// outgrows the whole save, the whole replica is saved again (its cost
    /// shared among all those edits) and the pieces can go.
    pub fn to_keep(&mut self) -> ToKeep {
        let keep = if self.kept_full == 0 || self.kept_more > self.kept_full.max(KEPT_APPEND_MIN) {
            let whole = self.doc.save();
            self.kept_full = whole.len().max(1);
            self.kept_more = 0;
            ToKeep::Whole(whole)
        } else {
            let more = self.doc.save_after(&self.kept_heads);
            self.kept_more += more.len();
            if more.is_empty() {
                ToKeep::Nothing
            } else {
                ToKeep::More(more)
            }
        };
        self.kept_heads = self.doc.get_heads();
        keep
    }

    /// Forget what we believed the server has: call on every new connection.
    pub fn reset_connection(&mut self) {
        self.state = sync::State::new();
    }

    /// Applies a received sync message. Returns whether the document changed.
    pub fn receive(&mut self, bytes: &[u8]) -> Result<bool, ModelError> {
        let msg = sync::Message::decode(bytes).map_err(|e| ModelError::Automerge(e.to_string()))?;
        let before = self.doc.get_heads();
        crate::sync_receive::receive(&mut self.doc, &mut self.state, msg)?;
        Ok(self.doc.get_heads() != before)
    }

    /// Applies one change forwarded by the server (a `change` frame) and
    /// records that the server has it, so it is never sent back. Returns its hash.
    pub fn receive_change(&mut self, bytes: &[u8]) -> Result<ChangeHash, ModelError> {
        let change = parse_change(bytes)?;
        let hash = change.hash();
        self.doc.apply_changes([change])?;
        self.state.sent_hashes.insert(hash);
        Ok(hash)
    }

    /// Applies several forwarded changes (`change` frames that arrived
    /// together) in one step: Automerge 0.12 splices its columns once for
    /// the lot, which costs little more than one change alone. Nothing is
    /// applied when any frame is malformed. Returns their hashes in order.
    pub fn receive_changes(&mut self, frames: &[Vec<u8>]) -> Result<Vec<ChangeHash>, ModelError> {
        let changes = frames
            .iter()
            .map(|b| parse_change(b))
            .collect::<Result<Vec<_>, _>>()?;
        let hashes: Vec<ChangeHash> = changes.iter().map(automerge::Change::hash).collect();
        self.doc.apply_changes(changes)?;
        self.state.sent_hashes.extend(hashes.iter().copied());
        Ok(hashes)
    }

    /// The next sync message to send, if any.
    pub fn outgoing(&mut self) -> Option<Vec<u8>> {
        self.doc
            .sync()
            .generate_sync_message(&mut self.state)
            .map(sync::Message::encode)
    }

    /// Applies a local command.
    pub fn apply(
        &mut self,
        command: &Command,
        author: &Author,
        ids: &mut dyn IdSource,
    ) -> Result<Option<CardId>, ModelError> {
        command.apply(&mut self.doc, author, ids)
    }

    /// The changes applied since `heads`, as bytes to keep (change chunks,
    /// which `load` reads after a document).
    pub fn saved_since(&mut self, heads: &[ChangeHash]) -> Vec<u8> {
        self.doc.save_after(heads)
    }

    /// The hashes of the changes applied since `heads`.
    pub fn changes_since(&mut self, heads: &[ChangeHash]) -> Vec<ChangeHash> {
        self.doc
            .get_changes(heads)
            .iter()
            .map(|c| c.hash())
            .collect()
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// Whether the peer's latest sync message showed it at exactly this
    /// replica's heads, so it holds everything this replica has.
    pub fn peer_has_everything(&mut self) -> bool {
        let mut ours = self.heads();
        ours.sort();
        self.state.their_heads.as_ref().is_some_and(|theirs| {
            let mut theirs = theirs.clone();
            theirs.sort();
            theirs == ours
        })
    }

    /// Whether the replica holds a map yet (it is empty until the first sync).
    pub fn has_map(&self) -> bool {
        read_map(&self.doc).is_ok()
    }

    pub fn read(&self) -> Result<MapView, ModelError> {
        read_map(&self.doc)
    }
}

/// One change of a `change` frame; anything else is refused.
fn parse_change(bytes: &[u8]) -> Result<automerge::Change, ModelError> {
    if !crate::protocol::is_change_chunk(bytes) {
        return Err(ModelError::Automerge(
            "a change frame must hold one change".into(),
        ));
    }
    automerge::Change::from_bytes(bytes.to_vec()).map_err(|e| ModelError::Automerge(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CardKind, Role, SeededIds, Template, map_write};

    /// A replica holding a fresh map, and the bytes of each change made on it.
    fn author_with_changes(n: usize) -> (AutoCommit, Vec<Vec<u8>>) {
        let mut ids = SeededIds::new(9);
        let mut doc = AutoCommit::new();
        map_write::create_map(&mut doc, "Knee", Template::PatientJourney, &mut ids).expect("map");
        let view = read_map(&doc).expect("read");
        let base = doc.get_heads();
        let who = Author {
            name: "Ann".into(),
            role: Role::Patient,
            now_ms: 1,
        };
        for i in 0..n {
            Command::AddCard {
                stage: view.stages[i % view.stages.len()].id.clone(),
                lane: view.lanes[0].id.clone(),
                kind: CardKind::Step,
                text: format!("Card {i}"),
            }
            .apply(&mut doc, &who, &mut ids)
            .expect("add");
            doc.commit();
        }
        let changes = doc
            .get_changes(&base)
            .iter()
            .map(|c| c.raw_bytes().to_vec())
            .collect();
        (doc, changes)
    }

    /// The other replica, holding the map as it was before those changes.
    fn receiver(author: &mut AutoCommit, changes: usize) -> SyncSession {
        let all = author.get_changes(&[]);
        let bytes: Vec<u8> = all[..all.len() - changes]
            .iter()
            .flat_map(|c| c.raw_bytes().to_vec())
            .collect();
        SyncSession::load(&bytes, b"receiver").expect("load")
    }

    #[test]
    fn an_empty_replica_adopts_a_stored_document_and_keeps_its_actor() {
        let (mut author, changes) = author_with_changes(3);
        // Stored as the server keeps it: a snapshot, then changes after it.
        let mut stored = receiver(&mut author, 2).save();
        for c in &changes[changes.len() - 2..] {
            stored.extend_from_slice(c);
        }
        let mut newcomer = SyncSession::new(b"newcomer");
        assert!(newcomer.adopt_document(&stored).expect("adopt"));
        assert_eq!(sorted(newcomer.heads()), sorted(author.get_heads()));
        assert_eq!(newcomer.read().expect("read").cards.len(), 3);
        assert_eq!(newcomer.doc().get_actor(), &ActorId::from(&b"newcomer"[..]));
        // A replica that holds something keeps it.
        let mut other = receiver(&mut author, 2);
        let before = other.heads();
        assert!(!other.adopt_document(&stored).expect("ignored"));
        assert_eq!(other.heads(), before);
        // Bad bytes are an error and leave the replica empty.
        let mut empty = SyncSession::new(b"empty");
        assert!(empty.adopt_document(b"not a document").is_err());
        assert!(empty.heads().is_empty());
        use automerge::transaction::Transactable;
        let mut not_a_map = AutoCommit::new();
        not_a_map.put(automerge::ROOT, "x", 1).expect("put");
        assert!(empty.adopt_document(&not_a_map.save()).is_err());
        assert!(empty.heads().is_empty());
    }

    fn sorted(mut heads: Vec<ChangeHash>) -> Vec<ChangeHash> {
        heads.sort();
        heads
    }

    #[test]
    fn changes_that_arrived_together_are_applied_together() {
        let (mut doc, changes) = author_with_changes(3);
        let mut other = receiver(&mut doc, 3);
        assert_eq!(other.read().expect("read").cards.len(), 0);
        let hashes = other.receive_changes(&changes).expect("applied");
        assert_eq!(hashes.len(), 3);
        assert_eq!(other.heads(), doc.get_heads());
        assert_eq!(other.read().expect("read").cards.len(), 3);
        // The server is known to have them, so they are never sent back.
        assert!(hashes.iter().all(|h| other.state.sent_hashes.contains(h)));
    }

    #[test]
    fn what_is_kept_grows_by_the_changes_and_loads_back() {
        let (mut doc, changes) = author_with_changes(3);
        let mut replica = receiver(&mut doc, 3);
        let ToKeep::Whole(mut kept) = replica.to_keep() else {
            panic!("the first keep is the whole replica");
        };
        replica.receive_changes(&changes[..1]).expect("applied");
        // The change alone is given, not the whole replica again.
        let ToKeep::More(more) = replica.to_keep() else {
            panic!("a piece after the whole");
        };
        assert_eq!(more.len(), changes[0].len());
        kept.extend_from_slice(&more);
        assert_eq!(
            replica.to_keep(),
            ToKeep::Nothing,
            "nothing new, nothing given"
        );
        replica.receive_changes(&changes[1..]).expect("applied");
        let ToKeep::More(more) = replica.to_keep() else {
            panic!("a piece after the whole");
        };
        kept.extend_from_slice(&more);
        let mut loaded = SyncSession::load(&kept, b"again").expect("load");
        assert_eq!(sorted(loaded.heads()), sorted(doc.get_heads()));
        assert_eq!(loaded.read().expect("read").cards.len(), 3);
    }

    #[test]
    fn a_malformed_frame_among_them_applies_none() {
        let (mut doc, mut changes) = author_with_changes(2);
        let mut other = receiver(&mut doc, 2);
        let before = other.heads();
        changes.insert(1, vec![0x85, 0x6f, 0x4a, 0x83, 1, 2, 3]);
        assert!(other.receive_changes(&changes).is_err());
        assert_eq!(other.heads(), before);
        assert_eq!(other.read().expect("read").cards.len(), 0);
    }
}
