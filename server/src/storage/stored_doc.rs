//! A map as the store holds it: the last snapshot and the chunks written
//! since, and how they become a document again.

use crate::error::StoreError;
use automerge::AutoCommit;

/// A map's stored bytes: the snapshot, then chunks in order.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    pub snapshot: Vec<u8>,
    pub chunks: Vec<Vec<u8>>,
    pub last_seq: i64,
    /// The map as it reads (`view_bytes`), written with the snapshot; only
    /// when nothing was stored after it, so it is the map as stored.
    pub view: Option<Vec<u8>>,
}

impl StoredDoc {
    /// Rebuilds the document from the snapshot and chunks.
    pub fn doc(&self) -> Result<AutoCommit, StoreError> {
        let mut doc =
            AutoCommit::load(&self.snapshot).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        for chunk in &self.chunks {
            doc.load_incremental(chunk)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        Ok(doc)
    }

    /// The stored bytes as one Automerge file (the snapshot, then each chunk),
    /// as a client loads them.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.byte_len());
        out.extend_from_slice(&self.snapshot);
        for chunk in &self.chunks {
            out.extend_from_slice(chunk);
        }
        out
    }

    /// How many bytes are stored.
    pub fn byte_len(&self) -> usize {
        self.snapshot.len() + self.chunks.iter().map(Vec::len).sum::<usize>()
    }
}
