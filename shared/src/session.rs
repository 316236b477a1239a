//! A client's replica of one map and its sync state with the server, without
//! any IO: the browser, the tests and the load generator feed it frames and
//! send what it returns.

use crate::ModelError;
use crate::command::{Author, Command};
use crate::ids::{CardId, IdSource};
use crate::map_read::read_map;
use crate::model::MapView;
use automerge::sync::{self, SyncDoc};
use automerge::{ActorId, AutoCommit, ChangeHash};

pub struct SyncSession {
    doc: AutoCommit,
    state: sync::State,
}

impl SyncSession {
    /// A fresh, empty replica with the given actor id bytes (random, from the caller).
    pub fn new(actor: &[u8]) -> Self {
        SyncSession {
            doc: AutoCommit::new().with_actor(ActorId::from(actor)),
            state: sync::State::new(),
        }
    }

    /// A replica loaded from saved bytes (for example from browser storage).
    pub fn load(bytes: &[u8], actor: &[u8]) -> Result<Self, ModelError> {
        let doc = AutoCommit::load(bytes)?.with_actor(ActorId::from(actor));
        Ok(SyncSession {
            doc,
            state: sync::State::new(),
        })
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

    /// Forget what we believed the server has: call on every new connection.
    pub fn reset_connection(&mut self) {
        self.state = sync::State::new();
    }

    /// Applies a received sync message. Returns whether the document changed.
    pub fn receive(&mut self, bytes: &[u8]) -> Result<bool, ModelError> {
        let msg = sync::Message::decode(bytes).map_err(|e| ModelError::Automerge(e.to_string()))?;
        let before = self.doc.get_heads();
        self.doc.sync().receive_sync_message(&mut self.state, msg)?;
        Ok(self.doc.get_heads() != before)
    }

    /// Applies one change forwarded by the server (a `change` frame) and
    /// records that the server has it, so it is never sent back. Returns its hash.
    pub fn receive_change(&mut self, bytes: &[u8]) -> Result<ChangeHash, ModelError> {
        if !crate::protocol::is_change_chunk(bytes) {
            return Err(ModelError::Automerge(
                "a change frame must hold one change".into(),
            ));
        }
        let change = automerge::Change::from_bytes(bytes.to_vec())
            .map_err(|e| ModelError::Automerge(e.to_string()))?;
        let hash = change.hash();
        self.doc.apply_changes([change])?;
        self.state.sent_hashes.insert(hash);
        Ok(hash)
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
