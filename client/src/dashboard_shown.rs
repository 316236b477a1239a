//! The dashboard's picture of a workshop and its rooms, read from the
//! server's answer to `GET /api/workshops/<id>`.

use crate::dashboard_actions::{ActionShown, IdeaShown};
use crate::dashboard_reflection::ReflectionShown;
use comap_shared::Role;
use comap_shared::timer::TimerShown;
use comap_shared::workshop::RoleCount;
use serde_json::Value;

/// What the dashboard shows of a workshop (`comap_shared::workshop::Workshop`
/// in `docs/api.md`), read from the JSON field by field: a derived
/// deserialiser for each type would cost the page several kilobytes.
#[derive(Clone)]
pub(crate) struct Shown {
    pub(crate) title: String,
    pub(crate) facilitator_url: String,
    pub(crate) expires_ms: i64,
    pub(crate) rooms: Vec<RoomShown>,
    /// The workshop's timer and when it was read (this page's clock).
    pub(crate) timer: Option<(TimerShown, f64)>,
    pub(crate) actions: Vec<ActionShown>,
    pub(crate) top_ideas: Vec<IdeaShown>,
    pub(crate) reflection: ReflectionShown,
}

#[derive(Clone)]
pub(crate) struct RoomShown {
    pub(crate) name: String,
    pub(crate) map_id: String,
    pub(crate) join_code: String,
    pub(crate) edit_url: String,
    pub(crate) view_url: String,
    pub(crate) facilitator_url: String,
    pub(crate) people: Vec<RoleCount>,
    pub(crate) cards: usize,
    pub(crate) recent_cards: usize,
    /// Changes with the room's map (a fresh thumbnail is fetched).
    pub(crate) version: String,
    /// How long ago anything happened in the room.
    pub(crate) quiet_ms: Option<i64>,
    pub(crate) locked: bool,
    /// As many people as a map may hold are in it.
    pub(crate) full: bool,
    pub(crate) plenary: bool,
}

fn text_at(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

fn count_at(v: &Value, key: &str) -> usize {
    v[key].as_u64().unwrap_or(0) as usize
}

pub(crate) fn shown(v: &Value) -> Option<Shown> {
    let (actions, top_ideas) = crate::dashboard_actions::read(v);
    let rooms = v["rooms"].as_array()?;
    let room = |r: &Value| {
        let activity = &r["activity"];
        let people = activity["people"].as_array().map_or(Vec::new(), |people| {
            people
                .iter()
                .filter_map(|p| {
                    Some(RoleCount {
                        role: Role::from_key(p["role"].as_str()?)?,
                        count: count_at(p, "count"),
                    })
                })
                .collect()
        });
        RoomShown {
            name: text_at(r, "name"),
            map_id: text_at(r, "map_id"),
            join_code: text_at(r, "join_code"),
            edit_url: text_at(r, "edit_url"),
            view_url: text_at(r, "view_url"),
            facilitator_url: text_at(r, "facilitator_url"),
            people,
            cards: count_at(activity, "cards"),
            recent_cards: count_at(activity, "recent_cards"),
            version: text_at(activity, "version"),
            quiet_ms: activity["quiet_ms"].as_i64(),
            locked: r["locked"].as_bool().unwrap_or(false),
            full: r["full"].as_bool().unwrap_or(false),
            plenary: r["plenary"].as_bool().unwrap_or(false),
        }
    };
    Some(Shown {
        title: text_at(v, "title"),
        facilitator_url: text_at(v, "facilitator_url"),
        expires_ms: v["expires_ms"].as_i64()?,
        rooms: rooms.iter().map(room).collect(),
        timer: timer_shown(&v["timer"]).map(|t| (t, js_sys::Date::now())),
        actions,
        top_ideas,
        reflection: crate::dashboard_reflection::read(v),
    })
}

/// A timer as the API gives it (`null` when there is none).
pub(crate) fn timer_shown(v: &Value) -> Option<TimerShown> {
    Some(TimerShown {
        left_ms: v["left_ms"].as_i64()?,
        running: v["running"].as_bool()?,
    })
}
