//! A peer's edits to the map, through commands or written unchecked, and its
//! voting.

use super::*;

impl Peer {
    pub fn map(&self) -> Result<MapView> {
        Ok(self.session.read()?)
    }

    /// Writes to the replica outside the model (see
    /// `SyncSession::write_unchecked`) and sends the result.
    pub async fn write_unchecked(&mut self, write: impl FnOnce(&mut AutoCommit)) -> Result<()> {
        self.session.write_unchecked(write);
        self.flush().await
    }

    /// Applies a command locally and sends it (as if made in November 2023).
    pub async fn apply(&mut self, cmd: Command) -> Result<Option<CardId>> {
        self.apply_at(cmd, 1_700_000_000_000).await
    }

    /// Applies a command made at `now_ms` (ms since the epoch) and sends it.
    pub async fn apply_at(&mut self, cmd: Command, now_ms: i64) -> Result<Option<CardId>> {
        let author = Author {
            name: self.name.clone(),
            role: self.role,
            now_ms,
        };
        let id = self.session.apply(&cmd, &author, &mut self.ids)?;
        self.flush().await?;
        Ok(id)
    }

    /// Adds a card to the map's first stage and lane (once this replica
    /// holds the map) and sends it; its id.
    pub async fn add_card_first_cell(&mut self, kind: CardKind, text: &str) -> Result<CardId> {
        let view = self
            .wait_for(Duration::from_secs(10), |m| {
                !m.stages.is_empty() && !m.lanes.is_empty()
            })
            .await?;
        let cmd = Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind,
            text: text.into(),
        };
        self.apply(cmd)
            .await?
            .ok_or_else(|| anyhow!("adding a card gave no id"))
    }

    /// Asks the server's voting round for something.
    pub async fn voting(&mut self, request: comap_shared::voting::VotingRequest) -> Result<()> {
        self.send(&ClientFrame::Voting(request)).await
    }

    /// Puts one of this peer's votes on `card` and waits until the server
    /// says its ballot holds it (or refuses: then the error is returned).
    pub async fn vote(&mut self, card: &CardId) -> Result<()> {
        let had = self.votes_on(card);
        let errors = self.errors.len();
        self.voting(comap_shared::voting::VotingRequest::Vote { card: card.clone() })
            .await?;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while self.votes_on(card) == had {
            if let Some(e) = self.errors.get(errors) {
                bail!("vote refused: {:?}: {}", e.code, e.message);
            }
            anyhow::ensure!(
                !self.closed && tokio::time::Instant::now() < deadline,
                "no answer to the vote"
            );
            self.pump(Duration::from_millis(50)).await?;
        }
        Ok(())
    }

    /// This peer's votes on `card`, as the server last told it.
    pub fn votes_on(&self, card: &CardId) -> u32 {
        self.ballot
            .as_ref()
            .and_then(|b| b.votes.get(card))
            .copied()
            .unwrap_or(0)
    }
}
