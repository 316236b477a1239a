//! The room's voting round: the facilitator's requests start, reveal and
//! end it (the room writes them into the document), and each peer's votes
//! go into the round's secret `BallotBox` under that peer's voter id, kept
//! in the store and told to that voter alone. At the reveal the room writes
//! the totals into the document for everyone.

use super::Room;
use comap_shared::CardId;
use comap_shared::protocol::{ErrorCode, ServerFrame};
use comap_shared::voting::{self, BallotBox, VoteError, VotingRequest};

const ONLY_FACILITATOR: &str = "Only the facilitator can start, reveal or end voting.";
const VIEW_ONLY: &str = "This link can view the map but not vote.";
const NOT_SAVED: &str = "The server could not save your vote. Please try again.";

fn vote_message(e: VoteError) -> &'static str {
    match e {
        VoteError::NoRound => "No round of voting is open.",
        VoteError::Ended => "Voting has ended.",
        VoteError::NoVotesLeft => "No votes left. Take one back to move it.",
        VoteError::NotVotable => "Votes go on ideas and pain points only.",
    }
}

impl Room {
    /// Says why a request was not done; the peer stays connected.
    fn deny(&mut self, peer: u64, code: ErrorCode, message: &str) {
        self.metrics.refused(code.as_str());
        self.send(peer, &ServerFrame::error(code, message));
    }

    /// The current round's ballot box, read from the store the first time
    /// (or after a new round started); with whether the round is open and
    /// revealed. `None`: no round, or the store could not be read.
    async fn ballot_box(&mut self) -> Option<(bool, bool)> {
        let (round, budget, open, revealed) = voting::round_of(&self.doc)?;
        if self.ballots.as_ref().map(|b| &b.round) != Some(&round) {
            let mut ballots = BallotBox::new(round.clone(), budget);
            match self.store.ballots(self.id.clone(), round).await {
                Ok(rows) => {
                    for (voter, card, votes) in rows {
                        ballots.restore(&voter, card, votes);
                    }
                }
                Err(e) => {
                    tracing::error!(map = %self.id, error = %e, "could not read the ballots");
                    return None;
                }
            }
            self.ballots = Some(ballots);
        }
        Some((open, revealed))
    }

    /// Tells `peer` its own ballot in the current round, if there is one.
    pub(super) async fn send_ballot(&mut self, peer: u64) {
        if self.ballot_box().await.is_none() {
            return;
        }
        let (Some(p), Some(ballots)) = (self.peers.get(&peer), self.ballots.as_ref()) else {
            return;
        };
        let frame = ServerFrame::Ballot(ballots.news(&p.voter));
        self.send(peer, &frame);
    }

    /// Tells every peer its own ballot (after a new round, or when the
    /// number of voters changed), or only `voter`'s connections.
    fn send_ballots(&mut self, only: Option<&str>) {
        let Some(ballots) = self.ballots.as_ref() else {
            return;
        };
        let frames: Vec<(u64, ServerFrame)> = self
            .peers
            .iter()
            .filter(|(_, p)| only.is_none_or(|v| v == p.voter))
            .map(|(id, p)| (*id, ServerFrame::Ballot(ballots.news(&p.voter))))
            .collect();
        for (id, frame) in frames {
            self.send(id, &frame);
        }
    }

    pub(super) async fn voting(&mut self, peer: u64, request: VotingRequest) {
        let Some(p) = self.peers.get(&peer) else {
            return;
        };
        let (facilitator, can_edit, voter) = (p.facilitator, p.can_edit, p.voter.clone());
        if !can_edit {
            return self.deny(peer, ErrorCode::VoteRefused, VIEW_ONLY);
        }
        match request {
            VotingRequest::Vote { card } => self.vote(peer, &voter, card, true).await,
            VotingRequest::Unvote { card } => self.vote(peer, &voter, card, false).await,
            _ if !facilitator => {
                tracing::warn!(map = %self.id, peer, "voting request refused: not the facilitator");
                self.deny(peer, ErrorCode::VoteRefused, ONLY_FACILITATOR)
            }
            VotingRequest::Start { budget } => self.start_round(peer, budget).await,
            VotingRequest::Reveal { revealed } => self.show(peer, Some(revealed)).await,
            VotingRequest::End => self.show(peer, None).await,
        }
    }

    async fn start_round(&mut self, peer: u64, budget: u32) {
        let before = self.doc.get_heads();
        let mut ids = comap_shared::ids::SeededIds::new(rand::random());
        let round = match voting::start(&mut self.doc, budget, &mut ids) {
            Ok(round) => round,
            Err(e) => {
                self.roll_back(&before);
                return self.deny(peer, ErrorCode::VoteRefused, &e.to_string());
            }
        };
        if let Err(message) = self.store_own_change(&before, "voting round").await {
            return self.deny(peer, ErrorCode::Internal, message);
        }
        if let Err(e) = self
            .store
            .drop_other_ballots(self.id.clone(), round.clone())
            .await
        {
            tracing::warn!(map = %self.id, error = %e, "earlier ballots not dropped");
        }
        self.ballots = Some(BallotBox::new(round, budget));
        self.send_ballots(None);
    }

    /// Reveals or hides the totals (`Some`), or ends the round (`None`).
    async fn show(&mut self, peer: u64, revealed: Option<bool>) {
        if self.ballot_box().await.is_none() {
            return self.deny(
                peer,
                ErrorCode::VoteRefused,
                vote_message(VoteError::NoRound),
            );
        }
        let totals = self
            .ballots
            .as_ref()
            .map(BallotBox::totals)
            .unwrap_or_default();
        let before = self.doc.get_heads();
        let written = match revealed {
            Some(revealed) => voting::set_revealed(&mut self.doc, revealed, &totals),
            None => voting::end(&mut self.doc, &totals),
        };
        if let Err(e) = written {
            self.roll_back(&before);
            return self.deny(peer, ErrorCode::VoteRefused, &e.to_string());
        }
        if let Err(message) = self.store_own_change(&before, "voting results").await {
            self.deny(peer, ErrorCode::Internal, message);
        }
    }

    async fn vote(&mut self, peer: u64, voter: &str, card: CardId, up: bool) {
        let Some((open, revealed)) = self.ballot_box().await else {
            return self.deny(
                peer,
                ErrorCode::VoteRefused,
                vote_message(VoteError::NoRound),
            );
        };
        if !open {
            return self.deny(peer, ErrorCode::VoteRefused, vote_message(VoteError::Ended));
        }
        let kind = voting::card_kind(&self.doc, &card);
        let Some(ballots) = self.ballots.as_mut() else {
            return;
        };
        let voters_before = ballots.news(voter).voters;
        let now = match ballots.vote(voter, &card, kind, up) {
            Ok(now) => now,
            Err(e) => return self.deny(peer, ErrorCode::VoteRefused, vote_message(e)),
        };
        let round = ballots.round.clone();
        let stored = self
            .store
            .put_ballot(self.id.clone(), round, voter.to_string(), card.clone(), now)
            .await;
        let Some(ballots) = self.ballots.as_mut() else {
            return;
        };
        if let Err(e) = stored {
            tracing::error!(map = %self.id, error = %e, "could not store a vote");
            let _ = ballots.vote(voter, &card, kind, !up);
            return self.deny(peer, ErrorCode::Internal, NOT_SAVED);
        }
        let total = ballots.total(&card);
        let voters_changed = ballots.news(voter).voters != voters_before;
        self.send_ballots((!voters_changed).then_some(voter));
        if revealed {
            let before = self.doc.get_heads();
            if voting::set_total(&mut self.doc, &card, total).is_ok() {
                if let Err(message) = self.store_own_change(&before, "voting total").await {
                    tracing::warn!(map = %self.id, error = message, "total not written");
                }
            } else {
                self.roll_back(&before);
            }
        }
    }
}
