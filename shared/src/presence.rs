//! Presence: where each person's pointer is, which card they are editing or
//! have selected, and which part of the board they are looking at. It is
//! sent beside the document, coalesced, and never written into it.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The shortest time between two presence frames from one person (at most
/// twenty a second); the server also sends everyone's updates at this pace.
pub const PRESENCE_INTERVAL_MS: f64 = 50.0;
/// Coordinates beyond this (in CSS pixels of the board) are refused.
pub const MAX_COORDINATE: f64 = 1_000_000.0;
/// The longest card id a presence frame may name.
const MAX_ID_LEN: usize = 64;

/// A point on the board, in CSS pixels from the board's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    fn valid(self) -> bool {
        [self.x, self.y]
            .iter()
            .all(|v| v.is_finite() && v.abs() <= MAX_COORDINATE)
    }
}

/// What one person shares about where they are on the board.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    /// The pointer, while it is over the board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<Point>,
    /// The card whose text they are editing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editing: Option<String>,
    /// The card that has their keyboard focus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<String>,
    /// The top-left corner of the part of the board they see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<Point>,
}

/// Why a presence frame was refused.
#[derive(Debug, Error, Clone, Copy, PartialEq, Eq)]
pub enum PresenceError {
    #[error("a coordinate is not a number or is out of range")]
    Coordinate,
    #[error("a card id is malformed")]
    CardId,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl Presence {
    /// Checks everything a peer could get wrong; the server relays only
    /// presence that passes.
    pub fn check(&self) -> Result<(), PresenceError> {
        if [self.pointer, self.view]
            .iter()
            .flatten()
            .any(|p| !p.valid())
        {
            return Err(PresenceError::Coordinate);
        }
        if [&self.editing, &self.selected]
            .iter()
            .filter_map(|id| id.as_deref())
            .any(|id| !valid_id(id))
        {
            return Err(PresenceError::CardId);
        }
        Ok(())
    }
}

/// One person's presence, as the server relays it: `{"peer": 3, "pointer": …}`
/// (the fields of `Presence` beside `peer`; written out rather than with
/// serde's `flatten`, which costs the browser client several KiB).
#[derive(Debug, Clone, PartialEq)]
pub struct PeerPresence {
    pub peer: u64,
    pub presence: Presence,
}

/// `PeerPresence` on the wire.
#[derive(Serialize, Deserialize)]
struct PeerPresenceWire {
    peer: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pointer: Option<Point>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    editing: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    selected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    view: Option<Point>,
}

impl Serialize for PeerPresence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.presence.clone();
        PeerPresenceWire {
            peer: self.peer,
            pointer: p.pointer,
            editing: p.editing,
            selected: p.selected,
            view: p.view,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for PeerPresence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = PeerPresenceWire::deserialize(d)?;
        Ok(PeerPresence {
            peer: w.peer,
            presence: Presence {
                pointer: w.pointer,
                editing: w.editing,
                selected: w.selected,
                view: w.view,
            },
        })
    }
}

/// The presence of everyone whose presence changed since the last update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PresenceUpdate {
    pub updates: Vec<PeerPresence>,
}

/// An editor asks everyone to look at the same part of the board. Nobody is
/// moved without choosing "Go there".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summon {
    /// Who asked.
    pub from: u64,
    pub view: Point,
}

/// Coalesces a person's presence: the newest value goes out at once when the
/// last send was at least `PRESENCE_INTERVAL_MS` ago, otherwise it waits (and
/// later values replace it) until `due` says it may go.
#[derive(Debug, Default)]
pub struct Coalescer {
    last_sent_ms: Option<f64>,
    pending: Option<Presence>,
}

impl Coalescer {
    /// Offers the newest presence at time `now_ms`; returns it if it may be
    /// sent now.
    pub fn offer(&mut self, now_ms: f64, presence: Presence) -> Option<Presence> {
        self.pending = Some(presence);
        self.due(now_ms)
    }

    /// The waiting presence, if it may be sent at `now_ms`.
    pub fn due(&mut self, now_ms: f64) -> Option<Presence> {
        let ready = self
            .last_sent_ms
            .is_none_or(|last| now_ms - last >= PRESENCE_INTERVAL_MS);
        if !ready {
            return None;
        }
        let out = self.pending.take()?;
        self.last_sent_ms = Some(now_ms);
        Some(out)
    }

    /// Milliseconds until the waiting presence may be sent (none waiting: `None`).
    pub fn wait_ms(&self, now_ms: f64) -> Option<f64> {
        self.pending.as_ref()?;
        let last = self.last_sent_ms.unwrap_or(f64::NEG_INFINITY);
        Some((last + PRESENCE_INTERVAL_MS - now_ms).max(0.0))
    }

    /// Forgets the pace (a new connection starts afresh).
    pub fn reset(&mut self) {
        self.last_sent_ms = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f64) -> Presence {
        Presence {
            pointer: Some(Point { x, y: 1.0 }),
            ..Presence::default()
        }
    }

    #[test]
    fn presence_is_checked() {
        assert_eq!(Presence::default().check(), Ok(()));
        assert_eq!(at(10.0).check(), Ok(()));
        assert_eq!(at(f64::NAN).check(), Err(PresenceError::Coordinate));
        assert_eq!(at(2e6).check(), Err(PresenceError::Coordinate));
        let view = Presence {
            view: Some(Point {
                x: 0.0,
                y: f64::INFINITY,
            }),
            ..Presence::default()
        };
        assert_eq!(view.check(), Err(PresenceError::Coordinate));
        for bad in ["", "c-1", "../x", &"c".repeat(65)] {
            let p = Presence {
                editing: Some(bad.to_string()),
                ..Presence::default()
            };
            assert_eq!(p.check(), Err(PresenceError::CardId), "{bad:?}");
            let p = Presence {
                selected: Some(bad.to_string()),
                ..Presence::default()
            };
            assert_eq!(p.check(), Err(PresenceError::CardId), "{bad:?}");
        }
        let ok = Presence {
            editing: Some("c0123abc".into()),
            selected: Some("c0123abc".into()),
            ..at(3.0)
        };
        assert_eq!(ok.check(), Ok(()));
    }

    #[test]
    fn presence_json_is_compact_and_flat() {
        let update = PresenceUpdate {
            updates: vec![PeerPresence {
                peer: 3,
                presence: at(2.0),
            }],
        };
        let json = serde_json::to_string(&update).expect("json");
        assert_eq!(
            json,
            r#"{"updates":[{"peer":3,"pointer":{"x":2.0,"y":1.0}}]}"#
        );
        let back: PresenceUpdate = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, update);
    }

    #[test]
    fn the_coalescer_sends_at_most_one_presence_per_interval() {
        let mut c = Coalescer::default();
        assert_eq!(c.offer(1000.0, at(1.0)), Some(at(1.0)));
        assert_eq!(c.wait_ms(1000.0), None, "nothing waits");
        // Within the interval, values wait and the newest replaces older ones.
        assert_eq!(c.offer(1010.0, at(2.0)), None);
        assert_eq!(c.offer(1020.0, at(3.0)), None);
        assert_eq!(c.wait_ms(1020.0), Some(30.0));
        assert_eq!(c.due(1040.0), None);
        assert_eq!(c.due(1050.0), Some(at(3.0)));
        assert_eq!(c.due(1200.0), None, "sent once");
        // A burst of 1000 offers over one second sends at most 21.
        let mut sent = 0;
        for i in 0..1000 {
            let now = 2000.0 + f64::from(i);
            if c.offer(now, at(f64::from(i))).is_some() {
                sent += 1;
            }
        }
        assert!((19..=21).contains(&sent), "{sent}");
        c.reset();
        assert_eq!(c.offer(3000.5, at(9.0)), Some(at(9.0)));
    }
}
