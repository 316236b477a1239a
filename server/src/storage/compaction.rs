//! Compaction in the background: a map's snapshot and the chunks stored
//! after it replaced by one new snapshot, made from the store alone on the
//! blocking pool, so that no room waits for it (a 2,000-card map's snapshot
//! takes a few hundred milliseconds to make). Only what was read is
//! replaced: chunks stored meanwhile stay, and if the snapshot changed
//! meanwhile (the room compacted as it unloaded) nothing is written.

use crate::error::StoreError;
use crate::storage::store::{Store, snapshot_of};

/// What a compaction replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compacted {
    /// The last chunk the new snapshot holds.
    pub through_seq: i64,
    /// How many chunks it replaced, and their bytes with the old snapshot's.
    pub chunks: usize,
    pub bytes_before: usize,
    /// The new snapshot's bytes.
    pub bytes_after: usize,
}

/// Compacts map `id` as stored now. `None` when there was nothing to do or
/// the snapshot changed while the new one was made.
pub async fn compact_stored(store: &Store, id: String) -> Result<Option<Compacted>, StoreError> {
    let Some(stored) = store.load(id.clone()).await? else {
        return Ok(None);
    };
    if stored.chunks.is_empty() {
        return Ok(None);
    }
    let (through_seq, chunks, bytes_before) =
        (stored.last_seq, stored.chunks.len(), stored.byte_len());
    let made = tokio::task::spawn_blocking(move || {
        let mut doc = stored.doc()?;
        let snapshot = snapshot_of(&mut doc);
        // Beside it, the map as it reads: what a newcomer draws first.
        let view = comap_shared::read_map(&doc)
            .ok()
            .and_then(|v| comap_shared::view_bytes::encode(&v).ok());
        Ok::<_, StoreError>((stored.snapshot, snapshot, view))
    })
    .await
    .map_err(|e| StoreError::Task(e.to_string()))??;
    let (read, snapshot, view) = made;
    let bytes_after = snapshot.len();
    let replaced = store
        .replace_snapshot(id, read, snapshot, view, through_seq)
        .await?;
    Ok(replaced.then_some(Compacted {
        through_seq,
        chunks,
        bytes_before,
        bytes_after,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::store::MapAccess;
    use automerge::AutoCommit;
    use comap_shared::{Author, CardKind, Command, Role, SeededIds};

    /// A stored map with `edits` chunks of one card each after its snapshot;
    /// the document as it should read.
    async fn stored_map(store: &Store, edits: usize) -> AutoCommit {
        let mut doc = AutoCommit::new();
        let mut ids = SeededIds::new(5);
        comap_shared::map_write::create_map(
            &mut doc,
            "Compacted",
            comap_shared::templates::Template::PatientJourney,
            &mut ids,
        )
        .expect("builds");
        let access = MapAccess {
            facilitator_hash: None,
            edit_hash: vec![1],
            view_hash: vec![2],
            expires_ms: i64::MAX,
        };
        store
            .create_map("m".into(), access, 0, doc.save())
            .await
            .expect("created");
        let view = comap_shared::read_map(&doc).expect("reads");
        let author = Author {
            name: "Ann".into(),
            role: Role::Patient,
            now_ms: 0,
        };
        for seq in 1..=edits {
            let before = doc.get_heads();
            Command::AddCard {
                stage: view.stages[0].id.clone(),
                lane: view.lanes[0].id.clone(),
                kind: CardKind::Idea,
                text: format!("card {seq}"),
            }
            .apply(&mut doc, &author, &mut ids)
            .expect("adds");
            store
                .append("m".into(), seq as i64, doc.save_after(&before))
                .await
                .expect("stored");
        }
        doc
    }

    #[tokio::test]
    async fn the_chunks_become_one_snapshot_that_reads_the_same() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("opens");
        let mut doc = stored_map(&store, 30).await;
        let done = compact_stored(&store, "m".into())
            .await
            .expect("compacts")
            .expect("something to compact");
        assert_eq!((done.chunks, done.through_seq), (30, 30));
        assert!(done.bytes_after < done.bytes_before, "{done:?}");
        let stored = store.load("m".into()).await.expect("loads").expect("there");
        assert!(stored.chunks.is_empty());
        assert!(
            stored.view.is_some(),
            "the map as it reads is kept beside it"
        );
        let mut loaded = stored.doc().expect("reads");
        assert_eq!(loaded.get_heads(), doc.get_heads());
        // Nothing left to do.
        assert_eq!(
            compact_stored(&store, "m".into()).await.expect("runs"),
            None
        );
    }

    #[tokio::test]
    async fn a_snapshot_that_changed_meanwhile_is_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("opens");
        stored_map(&store, 3).await;
        let before = store.load("m".into()).await.expect("loads").expect("there");
        let replaced = store
            .replace_snapshot("m".into(), b"not what is stored".to_vec(), vec![9], None, 3)
            .await
            .expect("runs");
        assert!(!replaced);
        let after = store.load("m".into()).await.expect("loads").expect("there");
        assert_eq!(after.snapshot, before.snapshot);
        assert_eq!(after.chunks, before.chunks);
    }
}
