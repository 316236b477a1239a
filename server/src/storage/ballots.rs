//! Secret ballots in the SQLite file: each voter's votes per card in the
//! map's current round, kept outside the document (which everyone with a
//! link can read) so that a room that unloads or a server that restarts
//! keeps them. Starting a round drops the map's earlier ballots; deleting
//! the map drops them all.

use crate::error::StoreError;
use crate::storage::store::Store;
use comap_shared::CardId;
use rusqlite::params;

/// One stored vote count: who, on which card, how many.
pub type StoredVote = (String, CardId, u32);

impl Store {
    /// The ballots of round `round` of map `id`.
    pub async fn ballots(&self, id: String, round: String) -> Result<Vec<StoredVote>, StoreError> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT voter, card, votes FROM ballots WHERE map_id = ?1 AND round = ?2 \
                 ORDER BY voter, card",
            )?;
            let rows = stmt.query_map(params![id, round], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    CardId::from_key(&r.get::<_, String>(1)?),
                    r.get::<_, u32>(2)?,
                ))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    /// Sets one voter's votes on one card (none: the row goes).
    pub async fn put_ballot(
        &self,
        id: String,
        round: String,
        voter: String,
        card: CardId,
        votes: u32,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            if votes == 0 {
                c.execute(
                    "DELETE FROM ballots WHERE map_id = ?1 AND round = ?2 AND voter = ?3 AND card = ?4",
                    params![id, round, voter, card.as_str()],
                )?;
            } else {
                c.execute(
                    "INSERT INTO ballots (map_id, round, voter, card, votes) VALUES (?1, ?2, ?3, ?4, ?5) \
                     ON CONFLICT (map_id, round, voter, card) DO UPDATE SET votes = excluded.votes",
                    params![id, round, voter, card.as_str(), votes],
                )?;
            }
            Ok(())
        })
        .await
    }

    /// Drops the ballots of every round of map `id` but `keep`.
    pub async fn drop_other_ballots(&self, id: String, keep: String) -> Result<(), StoreError> {
        self.with(move |c| {
            c.execute(
                "DELETE FROM ballots WHERE map_id = ?1 AND round <> ?2",
                params![id, keep],
            )?;
            Ok(())
        })
        .await
    }
}
