//! What the page shows about the map: the signals the connection sets and
//! the components read. The map itself is kept up to date in place from
//! each change's delta (`comap_shared::map_delta`); readers subscribe only
//! to the part they show (`MapParts`), so a change to one card re-runs what
//! shows that card and not the whole board.

use crate::card_presence::CardPresence;
use crate::i18n::t;
use crate::map_parts::MapParts;
use comap_shared::MapView;
use comap_shared::presence::{Presence, Summon};
use comap_shared::protocol::PeerInfo;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Connecting,
    Connected,
    Reconnecting,
    /// The server cannot be reached; the page goes on and keeps changes.
    Offline,
    /// The server refused this page for good (see `MapState::fatal`).
    Stopped,
}

impl Status {
    pub fn label(self) -> String {
        match self {
            Status::Connecting => t("connecting"),
            Status::Connected => t("connected"),
            Status::Reconnecting => t("reconnecting"),
            Status::Offline => t("offline"),
            Status::Stopped => t("not-connected"),
        }
    }
}

/// What the page shows about the map, updated by the connection.
#[derive(Clone, Copy)]
pub struct MapState {
    /// The map as this page holds it, updated in place: it notifies only
    /// when it comes or goes; track a part of it with `parts`.
    pub map: RwSignal<Option<MapView>>,
    /// The parts of the map, each notified when a change touched it.
    pub parts: MapParts,
    pub status: RwSignal<Status>,
    pub peers: RwSignal<Vec<PeerInfo>>,
    pub can_edit: RwSignal<bool>,
    /// A problem that stops the page from working (for example a bad link).
    pub fatal: RwSignal<Option<String>>,
    /// A passing message (for example a refused change).
    pub notice: RwSignal<Option<String>>,
    /// Our own changes are not yet acknowledged as stored by the server.
    pub saving: RwSignal<bool>,
    /// The map is drawn (from the server's view of it) and the document it
    /// is changed in is still loading.
    pub readying: RwSignal<bool>,
    /// This page holds the facilitator link.
    pub facilitator: RwSignal<bool>,
    /// When the server will delete the map.
    pub expires_ms: RwSignal<Option<i64>>,
    /// This person has a change of their own to undo, or an undo to redo.
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    /// Whose ballot this page's votes go on (kept by the browser per map).
    pub voter: RwSignal<String>,
    /// This person's own ballot in the round, as the server last told it.
    pub ballot: RwSignal<Option<comap_shared::voting::BallotNews>>,
    /// Everyone who may edit may change the structure (else only the
    /// facilitator), as the map says.
    pub structure_open: RwSignal<bool>,
    /// This connection's peer number.
    pub me: RwSignal<Option<u64>>,
    /// Where the others are (pointers, editing, selected, view), by peer.
    pub others: RwSignal<BTreeMap<u64, Presence>>,
    /// Who else is on each card, told per card (`CardPresence::refresh`
    /// after `others`, `peers` or `me` changed).
    pub on_cards: CardPresence,
    /// An editor's latest "look here", until this person answers it.
    pub summon: RwSignal<Option<Summon>>,
    /// A workshop facilitator's latest notice, until this person dismisses it.
    pub facilitator_notice: RwSignal<Option<comap_shared::protocol::Notice>>,
    /// The workshop's facilitator has locked this room.
    pub locked: RwSignal<bool>,
    /// The workshop's timer, as last told (and when, on this page's clock).
    pub timer: RwSignal<Option<(comap_shared::timer::TimerShown, f64)>>,
    /// The workshop's reflection, while its facilitator has it open.
    pub reflection: RwSignal<Option<comap_shared::reflection::Reflection>>,
    /// The workshop's actions (in its plenary).
    pub actions: RwSignal<Vec<comap_shared::workshop_actions::Action>>,
    /// The person whose view this page follows.
    pub following: RwSignal<Option<u64>>,
    /// Others' latest changes in words, for the screen-reader announcer.
    pub announcement: RwSignal<String>,
    /// Someone else's new card and what was said of it, for the
    /// **Show me** note (cleared when dismissed or after a while).
    pub arrived: RwSignal<Option<(comap_shared::CardId, String)>>,
    /// How large this person draws the board (1 = actual size).
    pub zoom: RwSignal<f64>,
    /// The zoom the board is laid out at. While someone is zooming, the
    /// board is only scaled from this (no layout, so it keeps up with a
    /// 2,000-card map); it is laid out at `zoom` once zooming pauses.
    pub laid_zoom: RwSignal<f64>,
}

impl MapState {
    /// Works out who is on which card again (after the others, the people
    /// here or this person's own peer number changed) and tells the cards
    /// whose marks changed.
    pub fn refresh_on_cards(self) {
        let me = self.me.get_untracked();
        let after = self.others.with_untracked(|others| {
            self.peers
                .with_untracked(|peers| comap_shared::on_cards::on_cards(others, peers, me))
        });
        self.on_cards.refresh(after);
    }

    /// Reads the map for what shows its title, purpose, stages or lanes.
    pub fn with_head<T: Default>(self, read: impl FnOnce(&MapView) -> T) -> T {
        self.parts.track_head();
        self.read(read)
    }

    /// Reads the map for what sums up all its cards.
    pub fn with_cards<T: Default>(self, read: impl FnOnce(&MapView) -> T) -> T {
        self.parts.track_cards();
        self.read(read)
    }

    /// Reads the map for what shows the voting round.
    pub fn with_voting<T: Default>(self, read: impl FnOnce(&MapView) -> T) -> T {
        self.parts.track_voting();
        self.read(read)
    }

    /// Reads the map without subscribing to anything (`T::default()` while
    /// there is no map yet).
    pub fn read<T: Default>(self, read: impl FnOnce(&MapView) -> T) -> T {
        self.map
            .with_untracked(|m| m.as_ref().map(read))
            .unwrap_or_default()
    }

    /// Whether this person may change the title, stages and lanes now.
    pub fn may_change_structure(self) -> bool {
        self.can_edit.get() && (self.facilitator.get() || self.structure_open.get())
    }

    pub fn new() -> Self {
        MapState {
            map: RwSignal::new(None),
            parts: MapParts::new(),
            status: RwSignal::new(Status::Connecting),
            peers: RwSignal::new(Vec::new()),
            can_edit: RwSignal::new(false),
            fatal: RwSignal::new(None),
            notice: RwSignal::new(None),
            saving: RwSignal::new(false),
            readying: RwSignal::new(false),
            facilitator: RwSignal::new(false),
            expires_ms: RwSignal::new(None),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            voter: RwSignal::new(String::new()),
            ballot: RwSignal::new(None),
            structure_open: RwSignal::new(true),
            me: RwSignal::new(None),
            others: RwSignal::new(BTreeMap::new()),
            on_cards: CardPresence::new(),
            summon: RwSignal::new(None),
            facilitator_notice: RwSignal::new(None),
            locked: RwSignal::new(false),
            timer: RwSignal::new(None),
            reflection: RwSignal::new(None),
            actions: RwSignal::new(Vec::new()),
            following: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            arrived: RwSignal::new(None),
            zoom: RwSignal::new(1.0),
            laid_zoom: RwSignal::new(1.0),
        }
    }
}
