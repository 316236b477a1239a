//! Keeping a [`MapView`] up to date in proportion to what changed. Automerge
//! says which objects a batch of changes touched (its patches); [`Touched`]
//! names the parts of the map they belong to, and [`update`] reads only
//! those parts again. The [`Delta`] it returns holds the touched parts as
//! they were and as they are, in two sparse views that
//! [`crate::events::changes_between`] and [`crate::undo::UndoStack`] read as
//! they would read whole maps.

use crate::ModelError;
use crate::ids::{CardId, LaneId, StageId};
use crate::map_read::{self, card_by_id, cards_obj, read_map};
use crate::model::{Card, MapView};
pub use crate::touched::Touched;
use automerge::ReadDoc;
use std::collections::BTreeSet;

/// What an [`update`] changed. Unless `whole`, `before` and `after` are
/// sparse: the title, purpose, stages, lanes, arrows and voting round in
/// full, and of the cards only the touched ones (and the two ends of any
/// new arrow), each in `cards` or `unsorted` as it was placed.
#[derive(Debug, Clone, Default)]
pub struct Delta {
    pub whole: bool,
    pub before: MapView,
    pub after: MapView,
    /// The title, purpose or structure setting changed.
    pub head: bool,
    /// The cells whose cards changed (a card came, went or changed there).
    pub cells: BTreeSet<(StageId, LaneId)>,
    /// The unsorted tray changed.
    pub unsorted: bool,
    /// Some card changed.
    pub cards: bool,
    /// The arrows changed, or a card at either end of one did.
    pub connections: bool,
    /// Anything in the voting round changed (its totals too).
    pub voting: bool,
    /// The round itself changed: started, ended, opened, shown or hidden.
    pub round: bool,
    /// Cards whose marks changed: their arrows, the text of the card at an
    /// arrow's other end, or their votes as shown.
    pub marked: BTreeSet<CardId>,
}

impl Delta {
    /// Puts a card the changes did not touch into both sparse views as it
    /// is in `view`: a command that rewrote a card as it was (the same
    /// feeling, the same place) touched nothing, yet its undo step reads the
    /// card before and after.
    pub fn include(&mut self, view: &MapView, card: &CardId) {
        if self.whole || self.after.card(card).is_some() || self.before.card(card).is_some() {
            return;
        }
        let Some(now) = view.card(card) else {
            return;
        };
        let placed = !view.unsorted.iter().any(|u| &u.id == card);
        sparse_push(&mut self.before, now.clone(), placed);
        sparse_push(&mut self.after, now.clone(), placed);
    }
}

/// Brings `view` up to date with `doc` after changes that touched
/// `touched`, reading only what they touched (the whole map when `view` is
/// `None` or the stages or lanes changed).
pub fn update(
    view: &mut Option<MapView>,
    doc: &impl ReadDoc,
    touched: &Touched,
) -> Result<Delta, ModelError> {
    match view.as_mut() {
        Some(now) if !touched.whole => update_parts(now, doc, touched),
        _ => Ok(replace(view, read_map(doc)?)),
    }
}

/// Puts `new` in place of what `view` held: a whole delta (also for a map
/// drawn from a `view` frame before its document has loaded).
pub fn replace(view: &mut Option<MapView>, new: MapView) -> Delta {
    let before = view.replace(new.clone()).unwrap_or_default();
    Delta {
        whole: true,
        before,
        after: new,
        head: true,
        cells: BTreeSet::new(),
        unsorted: true,
        cards: true,
        connections: true,
        voting: true,
        round: true,
        marked: BTreeSet::new(),
    }
}

fn update_parts(
    view: &mut MapView,
    doc: &impl ReadDoc,
    touched: &Touched,
) -> Result<Delta, ModelError> {
    let cards = cards_obj(doc)?;
    let mut delta = Delta {
        before: frame(view),
        ..Delta::default()
    };
    if touched.head {
        let head = map_read::read_head(doc);
        delta.head = (&view.title, &view.purpose, view.structure_open)
            != (&head.title, &head.purpose, head.structure_open);
        view.title = head.title;
        view.purpose = head.purpose;
        view.structure_open = head.structure_open;
        view.language = head.language;
    }
    let mut came_or_went = false;
    let mut changed_cards = Vec::new();
    let mut after_cards = Vec::new();
    for id in &touched.cards {
        let old = take_card(view, id);
        let new = card_by_id(doc, &cards, id);
        came_or_went |= old.is_some() != new.is_some();
        let changed = old.as_ref().map(|(c, _)| c) != new.as_ref();
        if changed {
            changed_cards.push(id);
        }
        if let Some((card, placed)) = old {
            if changed {
                delta.cards = true;
                mark_cell(&mut delta, &card, placed);
            }
            sparse_push(&mut delta.before, card, placed);
        }
        if let Some(card) = new {
            let placed = place(view, card.clone());
            if changed {
                delta.cards = true;
                mark_cell(&mut delta, &card, placed);
            }
            after_cards.push((card, placed));
        }
    }
    let kind_of = |id: &CardId| card_by_id(doc, &cards, id).map(|c| c.kind);
    if touched.connections || came_or_went {
        let now = map_read::read_connections(doc, kind_of);
        if now != view.connections {
            delta.connections = true;
            view.connections = now;
        }
    }
    if touched.voting || (view.voting.is_some() && !touched.cards.is_empty()) {
        let now = map_read::read_voting(doc, kind_of);
        if now != view.voting {
            delta.voting = true;
            view.voting = now;
        }
    }
    mark(&mut delta, view, &changed_cards);
    let mut after = frame(view);
    for (card, placed) in after_cards {
        sparse_push(&mut after, card, placed);
    }
    // A new arrow is told with the text of its two cards.
    let ends: Vec<CardId> = view
        .connections
        .iter()
        .filter(|c| delta.before.connection(&c.id).is_none())
        .flat_map(|c| [c.from.clone(), c.to.clone()])
        .filter(|id| !touched.cards.contains(id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for id in ends {
        if let Some(card) = view.card(&id).cloned() {
            let placed = !view.unsorted.iter().any(|u| u.id == id);
            sparse_push(&mut delta.before, card.clone(), placed);
            sparse_push(&mut after, card, placed);
        }
    }
    delta.after = after;
    Ok(delta)
}

/// Notes the cards whose marks changed (see `Delta::marked`), and whether
/// the voting round itself changed.
fn mark(delta: &mut Delta, view: &MapView, changed_cards: &[&CardId]) {
    let (was, is) = (&delta.before.connections, &view.connections);
    for c in was
        .iter()
        .filter(|c| !is.contains(c))
        .chain(is.iter().filter(|c| !was.contains(c)))
    {
        delta.marked.insert(c.from.clone());
        delta.marked.insert(c.to.clone());
    }
    // An arrow in words shows the text of the card at its other end.
    for c in was.iter().chain(is.iter()) {
        if changed_cards.contains(&&c.from) {
            delta.marked.insert(c.to.clone());
            delta.connections = true;
        }
        if changed_cards.contains(&&c.to) {
            delta.marked.insert(c.from.clone());
            delta.connections = true;
        }
    }
    let face = |v: &Option<crate::model::Voting>| {
        v.as_ref()
            .map(|v| (v.round.clone(), v.budget, v.open, v.revealed))
    };
    let (old, new) = (&delta.before.voting, &view.voting);
    delta.round = face(old) != face(new);
    let shown = |v: &Option<crate::model::Voting>, id: &CardId| {
        v.as_ref()
            .filter(|v| v.revealed)
            .and_then(|v| v.totals.get(id).copied())
    };
    let voted = |v: &Option<crate::model::Voting>| {
        v.as_ref()
            .map(|v| v.totals.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    for id in voted(old).into_iter().chain(voted(new)) {
        if shown(old, &id) != shown(new, &id) {
            delta.marked.insert(id);
        }
    }
}

/// The map without its cards.
fn frame(view: &MapView) -> MapView {
    MapView {
        title: view.title.clone(),
        purpose: view.purpose.clone(),
        stages: view.stages.clone(),
        lanes: view.lanes.clone(),
        cards: Vec::new(),
        unsorted: Vec::new(),
        connections: view.connections.clone(),
        voting: view.voting.clone(),
        structure_open: view.structure_open,
        language: view.language,
    }
}

fn sparse_push(view: &mut MapView, card: Card, placed: bool) {
    if placed {
        view.cards.push(card);
    } else {
        view.unsorted.push(card);
    }
}

fn mark_cell(delta: &mut Delta, card: &Card, placed: bool) {
    if placed {
        delta.cells.insert((card.stage.clone(), card.lane.clone()));
    } else {
        delta.unsorted = true;
    }
}

/// Takes a card out of the view, saying whether it was placed in a cell.
fn take_card(view: &mut MapView, id: &CardId) -> Option<(Card, bool)> {
    if let Some(i) = view.cards.iter().position(|c| &c.id == id) {
        return Some((view.cards.remove(i), true));
    }
    let i = view.unsorted.iter().position(|c| &c.id == id)?;
    Some((view.unsorted.remove(i), false))
}

/// Puts a card where `read_map` would: in its cell in order, or in the
/// unsorted tray when its stage or lane is gone. Says whether it was placed.
fn place(view: &mut MapView, card: Card) -> bool {
    let rank = |c: &Card| {
        let stage = view.stages.iter().position(|s| s.id == c.stage)?;
        let lane = view.lanes.iter().position(|l| l.id == c.lane)?;
        Some((stage, lane))
    };
    match rank(&card) {
        Some(at) => {
            let key = (at, &card.order, &card.id);
            let i = view
                .cards
                .partition_point(|c| (rank(c).unwrap_or_default(), &c.order, &c.id) < key);
            view.cards.insert(i, card);
            true
        }
        None => {
            let key = (card.created_ms, &card.id);
            let i = view
                .unsorted
                .partition_point(|c| (c.created_ms, &c.id) < key);
            view.unsorted.insert(i, card);
            false
        }
    }
}

#[cfg(test)]
mod tests;
