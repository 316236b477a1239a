//! Who else is on each card: editing its text, or having it selected. The
//! page shows them on the card (an outline in the person's colour, "Ann
//! (Patient) is editing"); working it out once per change of presence, by
//! card, lets the page tell only the cards whose marks changed.

use crate::presence::Presence;
use crate::protocol::PeerInfo;
use std::collections::{BTreeMap, HashMap};

/// The others on one card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnCard {
    /// Those editing its text, by peer number.
    pub editing: Vec<PeerInfo>,
    /// The colour it is outlined in: the first person who has it selected,
    /// else the first editing it.
    pub outline: Option<String>,
}

/// Each card someone other than `me` is on, from everyone's presence and
/// the people connected (a presence without a person is left out).
pub fn on_cards(
    others: &BTreeMap<u64, Presence>,
    peers: &[PeerInfo],
    me: Option<u64>,
) -> HashMap<String, OnCard> {
    let person = |id: u64| peers.iter().find(|p| p.peer == id);
    let mut cards: HashMap<String, OnCard> = HashMap::new();
    let mut selected: HashMap<&str, &str> = HashMap::new();
    for (id, presence) in others {
        if Some(*id) == me {
            continue;
        }
        let Some(who) = person(*id) else { continue };
        if let Some(card) = &presence.editing {
            cards
                .entry(card.clone())
                .or_default()
                .editing
                .push(who.clone());
        }
        if let Some(card) = &presence.selected {
            selected.entry(card).or_insert(&who.color);
            cards.entry(card.clone()).or_default();
        }
    }
    for (card, on) in cards.iter_mut() {
        on.outline = selected
            .get(card.as_str())
            .map(|c| c.to_string())
            .or_else(|| on.editing.first().map(|p| p.color.clone()));
    }
    cards
}

/// The cards whose others differ between `before` and `after`.
pub fn changed<'a>(
    before: &'a HashMap<String, OnCard>,
    after: &'a HashMap<String, OnCard>,
) -> impl Iterator<Item = &'a String> {
    let gone = before.keys().filter(|k| !after.contains_key(*k));
    let new_or_changed = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k);
    gone.chain(new_or_changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    fn person(peer: u64, color: &str) -> PeerInfo {
        PeerInfo {
            peer,
            name: format!("P{peer}"),
            role: Role::Patient,
            color: color.into(),
            can_edit: true,
        }
    }

    fn at(editing: Option<&str>, selected: Option<&str>) -> Presence {
        Presence {
            editing: editing.map(str::to_string),
            selected: selected.map(str::to_string),
            ..Presence::default()
        }
    }

    #[test]
    fn cards_show_who_edits_them_and_who_has_them_selected_but_not_me() {
        let peers = [person(1, "#111"), person(2, "#222"), person(3, "#333")];
        let others = BTreeMap::from([
            (1, at(Some("a"), None)),
            (2, at(Some("a"), Some("b"))),
            (3, at(None, Some("a"))),
            // Gone: no person behind it.
            (9, at(Some("c"), Some("c"))),
        ]);
        let on = on_cards(&others, &peers, Some(3));
        assert_eq!(on.len(), 2);
        let a = &on["a"];
        assert_eq!(a.editing.iter().map(|p| p.peer).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(
            a.outline.as_deref(),
            Some("#111"),
            "my own selection is not shown"
        );
        assert_eq!(on["b"].editing, []);
        assert_eq!(on["b"].outline.as_deref(), Some("#222"));
        // Seen by someone else, the selection outlines card a first.
        let on = on_cards(&others, &peers, None);
        assert_eq!(on["a"].outline.as_deref(), Some("#333"));
    }

    #[test]
    fn only_cards_whose_others_changed_are_told() {
        let peers = [person(1, "#111"), person(2, "#222")];
        let before = on_cards(
            &BTreeMap::from([(1, at(Some("a"), None)), (2, at(None, Some("b")))]),
            &peers,
            None,
        );
        let after = on_cards(
            &BTreeMap::from([(1, at(Some("a"), None)), (2, at(None, Some("c")))]),
            &peers,
            None,
        );
        let mut told: Vec<&String> = changed(&before, &after).collect();
        told.sort();
        assert_eq!(told, ["b", "c"]);
        assert_eq!(changed(&after, &after).count(), 0);
    }
}
