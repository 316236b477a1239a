//! One reactive trigger per part of the map — the head (title, purpose,
//! stages, lanes), each cell, the unsorted tray, the arrows, the voting round
//! and "some card" — notified from a change's delta. The map itself sits in
//! `MapState::map`, updated in place without notifying; a reader tracks the
//! part it shows, then reads the map untracked.

use comap_shared::map_delta::Delta;
use comap_shared::{CardId, LaneId, StageId};
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct MapParts {
    head: Trigger,
    cards: Trigger,
    unsorted: Trigger,
    connections: Trigger,
    voting: Trigger,
    round: Trigger,
    cells: StoredValue<HashMap<(StageId, LaneId), ArcTrigger>>,
    /// Per card: its arrows and votes as shown (`Delta::marked`).
    marks: StoredValue<HashMap<CardId, ArcTrigger>>,
}

impl MapParts {
    pub fn new() -> Self {
        MapParts {
            head: Trigger::new(),
            cards: Trigger::new(),
            unsorted: Trigger::new(),
            connections: Trigger::new(),
            voting: Trigger::new(),
            round: Trigger::new(),
            cells: StoredValue::new(HashMap::new()),
            marks: StoredValue::new(HashMap::new()),
        }
    }

    /// Tells the readers of each part the delta changed.
    pub fn told(self, delta: &Delta) {
        if delta.whole {
            for t in [
                self.head,
                self.cards,
                self.unsorted,
                self.connections,
                self.voting,
                self.round,
            ] {
                t.notify();
            }
            self.cells
                .with_value(|cells| cells.values().for_each(ArcTrigger::notify));
            self.marks
                .with_value(|marks| marks.values().for_each(ArcTrigger::notify));
            return;
        }
        for (changed, t) in [
            (delta.head, self.head),
            (delta.cards, self.cards),
            (delta.unsorted, self.unsorted),
            (delta.connections, self.connections),
            (delta.voting, self.voting),
            (delta.round, self.round),
        ] {
            if changed {
                t.notify();
            }
        }
        self.cells.with_value(|cells| {
            for cell in &delta.cells {
                if let Some(t) = cells.get(cell) {
                    t.notify();
                }
            }
        });
        self.marks.with_value(|marks| {
            for card in &delta.marked {
                if let Some(t) = marks.get(card) {
                    t.notify();
                }
            }
        });
    }

    /// The title, purpose, stages, lanes or structure setting.
    pub fn track_head(self) {
        self.head.track();
    }

    /// Any card anywhere (for what sums up the whole map).
    pub fn track_cards(self) {
        self.cards.track();
    }

    pub fn track_unsorted(self) {
        self.unsorted.track();
    }

    /// The arrows (any of them), and the cards at their ends.
    pub fn track_connections(self) {
        self.connections.track();
    }

    pub fn track_voting(self) {
        self.voting.track();
    }

    /// The voting round itself (started, ended, opened, shown or hidden).
    pub fn track_round(self) {
        self.round.track();
    }

    /// The cards of one cell.
    pub fn track_cell(self, stage: &StageId, lane: &LaneId) {
        track_in(self.cells, (stage.clone(), lane.clone()));
    }

    /// One card's arrows and votes as shown.
    pub fn track_marks(self, card: &CardId) {
        track_in(self.marks, card.clone());
    }
}

impl Default for MapParts {
    fn default() -> Self {
        MapParts::new()
    }
}

/// Tracks the trigger kept for `key`, made on first use.
fn track_in<K: std::hash::Hash + Eq + Send + Sync + 'static>(
    all: StoredValue<HashMap<K, ArcTrigger>>,
    key: K,
) {
    let known = all.with_value(|all| all.get(&key).cloned());
    let trigger = known.unwrap_or_else(|| {
        let t = ArcTrigger::new();
        all.update_value(|all| {
            all.insert(key, t.clone());
        });
        t
    });
    trigger.track();
}
