//! Workshops: one facilitator, several breakout rooms (a map each) and an
//! optional plenary map. The JSON the server and the browser exchange
//! (`docs/api.md`), the rules for names and join codes, and the activity
//! figures shown on the facilitator's dashboard.

use crate::i18n::{Arg, Language, key};
use crate::model::{MapView, Role};
use serde::{Deserialize, Serialize};

pub const MIN_ROOMS: u32 = 1;
pub const MAX_ROOMS: u32 = 50;
/// A workshop title leaves room in each map's title for the room's name.
pub const MAX_WORKSHOP_TITLE_CHARS: usize = 120;
pub const MAX_ROOM_NAME_CHARS: usize = 60;
/// "Cards added in the last 5 minutes".
pub const RECENT_MS: i64 = 5 * 60 * 1000;

/// Join codes: six characters from letters and digits that cannot be taken
/// for one another when read aloud or written by hand (no 0/O, 1/I/L, 2/Z,
/// 5/S, 8/B, U/V).
pub const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTWXY3469";
pub const CODE_LEN: usize = 6;

/// `POST /api/workshops`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateWorkshop {
    pub title: String,
    /// A template key (`Template::key`); the patient journey when absent.
    #[serde(default)]
    pub template: Option<String>,
    pub rooms: u32,
    /// The language of the rooms' maps (their stages, lanes and default
    /// names); English when absent.
    #[serde(default)]
    pub language: Language,
    /// One per room when given; "Room 1" … (in the language) otherwise.
    #[serde(default)]
    pub room_names: Vec<String>,
    /// A plenary map beside the rooms (yes unless told otherwise).
    #[serde(default = "yes")]
    pub plenary: bool,
    /// Days until everything is deleted; the server's retention when absent.
    #[serde(default)]
    pub expiry_days: Option<u32>,
}

fn yes() -> bool {
    true
}

/// What is wrong with a workshop request, in words for the person filling
/// in the form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkshopError {
    #[error("Please give the workshop a title.")]
    NoTitle,
    #[error("The title is {0} characters long; please keep it to {MAX_WORKSHOP_TITLE_CHARS}.")]
    LongTitle(usize),
    #[error("A workshop has between {MIN_ROOMS} and {MAX_ROOMS} breakout rooms, not {0}.")]
    Rooms(u32),
    #[error("Give one name per room: {given} names for {rooms} rooms.")]
    NameCount { given: usize, rooms: u32 },
    #[error("Room {0} needs a name.")]
    EmptyName(usize),
    #[error(
        "The name of room {0} is too long; please keep it to {MAX_ROOM_NAME_CHARS} characters."
    )]
    LongName(usize),
    #[error("The same room name is used twice: {0:?}.")]
    SameName(String),
    #[error("Maps can be kept between 1 and {max} days, not {asked}.")]
    Expiry { asked: u32, max: u32 },
}

impl CreateWorkshop {
    /// The trimmed title and the rooms' names ("Room 1"… in the
    /// workshop's language when none are given), checked. For the server,
    /// which holds every language's words; a page checks with [`check`](Self::check).
    pub fn checked(&self) -> Result<(String, Vec<String>), WorkshopError> {
        let (title, given) = self.check()?;
        let names = match given {
            Some(names) => names,
            None => {
                let words = crate::i18n::built_in(self.language);
                (1..=self.rooms)
                    .map(|n| {
                        words
                            .format(crate::i18n::key("room-default-name"), &[("n", n.into())])
                            .unwrap_or_else(|| format!("{n}"))
                    })
                    .collect()
            }
        };
        Ok((title, names))
    }

    /// The trimmed title and the names given (`None`: the rooms take
    /// default names), checked: what a page can check before sending.
    pub fn check(&self) -> Result<(String, Option<Vec<String>>), WorkshopError> {
        let title = self.title.trim().to_string();
        if title.is_empty() {
            return Err(WorkshopError::NoTitle);
        }
        let len = title.chars().count();
        if len > MAX_WORKSHOP_TITLE_CHARS {
            return Err(WorkshopError::LongTitle(len));
        }
        if !(MIN_ROOMS..=MAX_ROOMS).contains(&self.rooms) {
            return Err(WorkshopError::Rooms(self.rooms));
        }
        if self.room_names.is_empty() {
            return Ok((title, None));
        }
        if self.room_names.len() != self.rooms as usize {
            return Err(WorkshopError::NameCount {
                given: self.room_names.len(),
                rooms: self.rooms,
            });
        }
        let names: Vec<String> = self
            .room_names
            .iter()
            .map(|n| n.trim().to_string())
            .collect();
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() {
                return Err(WorkshopError::EmptyName(i + 1));
            }
            if name.chars().count() > MAX_ROOM_NAME_CHARS {
                return Err(WorkshopError::LongName(i + 1));
            }
            if names[..i].iter().any(|n| n.eq_ignore_ascii_case(name)) {
                return Err(WorkshopError::SameName(name.clone()));
            }
        }
        Ok((title, Some(names)))
    }

    /// Days to keep the workshop, at most `max` (the server's retention).
    pub fn days(&self, max: u32) -> Result<u32, WorkshopError> {
        match self.expiry_days {
            None => Ok(max.clamp(1, 30)),
            Some(d) if (1..=max).contains(&d) => Ok(d),
            Some(asked) => Err(WorkshopError::Expiry { asked, max }),
        }
    }
}

/// The name of a room's map: "Knee pain course — Room 2".
pub fn room_map_title(workshop: &str, room: &str) -> String {
    format!("{workshop} \u{2014} {room}")
}

/// The plenary's name in a workshop's language.
pub fn plenary_name(language: Language) -> String {
    crate::i18n::built_in(language).t("plenary-name")
}

/// A typed join code made canonical: upper case, spaces and dashes
/// dropped. `None` unless six characters of the code alphabet remain.
pub fn normalise_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// A code as people read it: "K7M QTX".
pub fn spaced_code(code: &str) -> String {
    match (code.get(..3), code.get(3..)) {
        (Some(a), Some(b)) if !b.is_empty() => format!("{a} {b}"),
        _ => code.to_string(),
    }
}

/// How many people of one role are in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCount {
    pub role: Role,
    pub count: usize,
}

/// A room at a glance, for the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomActivity {
    /// People connected now, by role (roles with nobody left out).
    pub people: Vec<RoleCount>,
    pub cards: usize,
    /// Cards added in the last five minutes.
    pub recent_cards: usize,
    /// When the newest card was added (ms since the epoch).
    pub last_card_ms: Option<i64>,
    /// Changes whenever the map does (see `version_of`): the dashboard
    /// fetches a fresh thumbnail when it does.
    #[serde(default)]
    pub version: String,
    /// How long ago anything last happened in the room: its newest card, or
    /// the last change stored while it was open (ms; none without cards or
    /// changes).
    #[serde(default)]
    pub quiet_ms: Option<i64>,
}

impl RoomActivity {
    /// Counts a change stored at `changed_ms` (server clock) as activity.
    pub fn noting_change(&mut self, changed_ms: Option<i64>, now_ms: i64) {
        if let Some(changed) = changed_ms {
            let quiet = (now_ms - changed).max(0);
            self.quiet_ms = Some(self.quiet_ms.map_or(quiet, |q| q.min(quiet)));
        }
    }
}

/// A short mark of a document's state from its heads: equal marks, equal
/// maps.
pub fn version_of(heads: &[automerge::ChangeHash]) -> String {
    let mut sorted: Vec<&automerge::ChangeHash> = heads.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|h| {
            h.0[..6]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Card figures of a map as of `now_ms`, with `roles` the roles of the
/// people connected.
pub fn activity(view: &MapView, roles: &[Role], now_ms: i64) -> RoomActivity {
    let people = Role::ALL
        .into_iter()
        .map(|role| RoleCount {
            role,
            count: roles.iter().filter(|r| **r == role).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let all = view.cards.iter().chain(&view.unsorted);
    let mut cards = 0;
    let mut recent_cards = 0;
    let mut last_card_ms = None::<i64>;
    for card in all {
        cards += 1;
        // Authors' clocks can run ahead: a card "from the future" is recent.
        if card.created_ms > now_ms - RECENT_MS {
            recent_cards += 1;
        }
        last_card_ms = Some(last_card_ms.map_or(card.created_ms, |l| l.max(card.created_ms)));
    }
    RoomActivity {
        people,
        cards,
        recent_cards,
        last_card_ms,
        version: String::new(),
        quiet_ms: last_card_ms.map(|l| (now_ms - l).max(0)),
    }
}

/// "2 patients, 1 carer, 3 professionals" (or "Nobody here"), worded by
/// `words` (a catalogue lookup: the page's `t_with`, or a built-in
/// catalogue's `tf`).
pub fn people_summary(
    people: &[RoleCount],
    words: impl Fn(&str, &[(&str, Arg)]) -> String,
) -> String {
    let parts: Vec<String> = people
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| {
            let counted = match c.role {
                Role::Patient => key("people-patients"),
                Role::Carer => key("people-carers"),
                Role::Professional => key("people-professionals"),
                Role::Other => key("people-others"),
            };
            words(counted, &[("n", Arg::from(c.count))])
        })
        .collect();
    if parts.is_empty() {
        words(key("nobody-here"), &[])
    } else {
        parts.join(", ")
    }
}

/// One room of a workshop, with its links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopRoom {
    pub name: String,
    pub map_id: String,
    pub plenary: bool,
    pub join_code: String,
    pub edit_url: String,
    pub view_url: String,
    /// Opens the room as its facilitator (the workshop's own secret).
    pub facilitator_url: String,
    /// Live figures (in `GET /api/workshops/<id>`, not when just made).
    #[serde(default)]
    pub activity: Option<RoomActivity>,
    /// Locked by the facilitator: only they may change the map.
    #[serde(default)]
    pub locked: bool,
    /// As many people are in the room as a map may hold: the next to come
    /// is turned away.
    #[serde(default)]
    pub full: bool,
}

/// A workshop as its facilitator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workshop {
    pub id: String,
    pub title: String,
    /// The dashboard; keep it private.
    pub facilitator_url: String,
    pub created_ms: i64,
    pub expires_ms: i64,
    pub rooms: Vec<WorkshopRoom>,
    /// The timer shown in every room, if one is set.
    #[serde(default)]
    pub timer: Option<crate::timer::TimerShown>,
    /// What the workshop decided to change.
    #[serde(default)]
    pub actions: Vec<crate::workshop_actions::Action>,
    /// The plenary's most-voted ideas and pain points, to make actions of.
    #[serde(default)]
    pub top_ideas: Vec<crate::workshop_actions::TopIdea>,
    /// The reflection and how many have answered (the default questions,
    /// closed, until the facilitator opens one).
    #[serde(default)]
    pub reflection: Option<crate::reflection::ReflectionSummary>,
}

/// `GET /api/join/<code>`: where a join code leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinTarget {
    pub workshop: String,
    pub room: String,
    pub edit_url: String,
}

/// What a workshop's facilitator has set for one room: whether it is
/// locked, and the workshop's timer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomControls {
    pub locked: bool,
    pub timer: Option<crate::timer::Timer>,
    /// The facilitator's latest notice to the room.
    pub notice: Option<crate::protocol::Notice>,
    /// The workshop's reflection, while it is open.
    pub reflection: Option<crate::reflection::Reflection>,
    /// The workshop's actions, in its plenary (empty elsewhere).
    pub actions: Vec<crate::workshop_actions::Action>,
    /// The map is a workshop's room: everyone joining gets its status, so a
    /// page that reconnects learns what changed while it was away (and
    /// keeps what still holds, such as a half-typed reflection answer).
    pub in_workshop: bool,
}

#[cfg(test)]
mod tests;
