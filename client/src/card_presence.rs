//! Who else is on each card, kept per card: when someone moves, selects or
//! starts editing, only the cards whose marks changed are told (one trigger
//! per card), not every card on the board. Worked out by
//! `comap_shared::on_cards` from the others' presence and the people here.

use comap_shared::on_cards::{self, OnCard};
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct CardPresence {
    now: StoredValue<HashMap<String, OnCard>>,
    triggers: StoredValue<HashMap<String, ArcTrigger>>,
}

impl CardPresence {
    pub fn new() -> Self {
        CardPresence {
            now: StoredValue::new(HashMap::new()),
            triggers: StoredValue::new(HashMap::new()),
        }
    }

    /// Takes who is on which card now (`after`) and tells the cards whose
    /// marks changed.
    pub fn refresh(self, after: HashMap<String, OnCard>) {
        let told: Vec<String> = self
            .now
            .with_value(|before| on_cards::changed(before, &after).cloned().collect());
        self.now.set_value(after);
        self.triggers.with_value(|triggers| {
            for card in &told {
                if let Some(t) = triggers.get(card) {
                    t.notify();
                }
            }
        });
    }

    /// The others on `card`, tracked (only a change on this card runs the
    /// reader again).
    pub fn on(self, card: &str) -> OnCard {
        let known = self.triggers.with_value(|t| t.get(card).cloned());
        let trigger = known.unwrap_or_else(|| {
            let t = ArcTrigger::new();
            self.triggers.update_value(|all| {
                all.insert(card.to_string(), t.clone());
            });
            t
        });
        trigger.track();
        self.now
            .with_value(|now| now.get(card).cloned())
            .unwrap_or_default()
    }
}

impl Default for CardPresence {
    fn default() -> Self {
        CardPresence::new()
    }
}
