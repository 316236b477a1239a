//! Why the server turned down a well-formed request that a page can send in
//! the normal course of things (a reflection that closed while someone was
//! writing, a workshop's list of actions that is full). The server answers
//! with the reason's code beside its English words; the page words the code
//! in its reader's language, from the same catalogues.

use crate::i18n::{Arg, Catalogue, key};

/// A refusal the page words itself. On the wire it is part of the error's
/// JSON: `{"error": "bad_request", "reason": "actions_full", "max": 200, …}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The facilitator closed the reflection before the answers came.
    ReflectionClosed,
    /// The workshop keeps as many reflection answers as it can.
    ReflectionFull { max: u32 },
    /// Closing a reflection that was never opened.
    NoReflection,
    /// The workshop keeps as many actions as it can.
    ActionsFull { max: u32 },
    /// A notice with nothing written in it.
    NoticeEmpty,
    /// A notice longer than the rooms show.
    NoticeTooLong { max: u32 },
    /// Bringing rooms together in a workshop without a plenary map.
    NoPlenary,
    /// Bringing together something that is not one of the breakout rooms.
    NotABreakoutRoom,
    /// Bringing together no rooms at all.
    NoRoomChosen,
    /// The workshop's files together are more than one archive holds.
    WorkshopTooLarge,
    /// The map drawn at this scale is more pixels than a PNG may have.
    ImageTooLarge { scale: u32 },
}

impl Refusal {
    /// The message that words it (in the catalogues' page or facilitator part).
    pub fn key(self) -> &'static str {
        match self {
            Refusal::ReflectionClosed => key("refusal-reflection-closed"),
            Refusal::ReflectionFull { .. } => key("refusal-reflection-full"),
            Refusal::NoReflection => key("refusal-no-reflection"),
            Refusal::ActionsFull { .. } => key("refusal-actions-full"),
            Refusal::NoticeEmpty => key("refusal-notice-empty"),
            Refusal::NoticeTooLong { .. } => key("refusal-notice-too-long"),
            Refusal::NoPlenary => key("refusal-no-plenary"),
            Refusal::NotABreakoutRoom => key("refusal-not-a-breakout-room"),
            Refusal::NoRoomChosen => key("refusal-no-room-chosen"),
            Refusal::WorkshopTooLarge => key("refusal-workshop-too-large"),
            Refusal::ImageTooLarge { .. } => key("refusal-image-too-large"),
        }
    }

    /// The message's variables.
    pub fn args(self) -> Vec<(&'static str, Arg<'static>)> {
        match self {
            Refusal::ReflectionFull { max }
            | Refusal::ActionsFull { max }
            | Refusal::NoticeTooLong { max } => vec![("max", Arg::from(max))],
            Refusal::ImageTooLarge { scale } => vec![("scale", Arg::from(scale))],
            _ => Vec::new(),
        }
    }

    /// The refusal in `words`' language.
    pub fn worded(self, words: &Catalogue) -> String {
        words.tf(self.key(), &self.args())
    }

    /// The reason's code on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::ReflectionClosed => "reflection_closed",
            Refusal::ReflectionFull { .. } => "reflection_full",
            Refusal::NoReflection => "no_reflection",
            Refusal::ActionsFull { .. } => "actions_full",
            Refusal::NoticeEmpty => "notice_empty",
            Refusal::NoticeTooLong { .. } => "notice_too_long",
            Refusal::NoPlenary => "no_plenary",
            Refusal::NotABreakoutRoom => "not_a_breakout_room",
            Refusal::NoRoomChosen => "no_room_chosen",
            Refusal::WorkshopTooLarge => "workshop_too_large",
            Refusal::ImageTooLarge { .. } => "image_too_large",
        }
    }

    /// The error's JSON: the reason, its variables, and `message` in words.
    pub fn to_json(self, message: String) -> serde_json::Value {
        let mut json = serde_json::json!({
            "error": "bad_request",
            "reason": self.code(),
            "message": message,
        });
        match self {
            Refusal::ReflectionFull { max }
            | Refusal::ActionsFull { max }
            | Refusal::NoticeTooLong { max } => json["max"] = max.into(),
            Refusal::ImageTooLarge { scale } => json["scale"] = scale.into(),
            _ => {}
        }
        json
    }

    /// The refusal an error's JSON names, if it names one this page knows.
    pub fn of_json(json: &serde_json::Value) -> Option<Refusal> {
        let number = |name: &str| {
            json.get(name)
                .and_then(serde_json::Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        Some(match json.get("reason")?.as_str()? {
            "reflection_closed" => Refusal::ReflectionClosed,
            "reflection_full" => Refusal::ReflectionFull {
                max: number("max")?,
            },
            "no_reflection" => Refusal::NoReflection,
            "actions_full" => Refusal::ActionsFull {
                max: number("max")?,
            },
            "notice_empty" => Refusal::NoticeEmpty,
            "notice_too_long" => Refusal::NoticeTooLong {
                max: number("max")?,
            },
            "no_plenary" => Refusal::NoPlenary,
            "not_a_breakout_room" => Refusal::NotABreakoutRoom,
            "no_room_chosen" => Refusal::NoRoomChosen,
            "workshop_too_large" => Refusal::WorkshopTooLarge,
            "image_too_large" => Refusal::ImageTooLarge {
                scale: number("scale")?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, built_in};

    #[test]
    fn a_refusal_goes_through_json_and_is_worded_in_both_languages() {
        let refusal = Refusal::ActionsFull { max: 200 };
        let json = refusal.to_json("whatever".into());
        assert_eq!(json["reason"], "actions_full");
        assert_eq!(json["max"], 200);
        assert_eq!(Refusal::of_json(&json), Some(refusal));
        let en = refusal.worded(built_in(Language::En));
        let sv = refusal.worded(built_in(Language::Sv));
        assert!(en.contains("200"), "{en}");
        assert!(sv.contains("200"), "{sv}");
        assert_ne!(en, sv);
    }

    #[test]
    fn an_error_without_a_known_reason_is_no_refusal() {
        assert_eq!(
            Refusal::of_json(&serde_json::json!({"error": "bad_request"})),
            None
        );
        assert_eq!(
            Refusal::of_json(&serde_json::json!({"reason": "something_new"})),
            None
        );
    }

    #[test]
    fn every_refusal_is_worded_in_every_language() {
        let all = [
            Refusal::ReflectionClosed,
            Refusal::ReflectionFull { max: 1 },
            Refusal::NoReflection,
            Refusal::ActionsFull { max: 1 },
            Refusal::NoticeEmpty,
            Refusal::NoticeTooLong { max: 1 },
            Refusal::NoPlenary,
            Refusal::NotABreakoutRoom,
            Refusal::NoRoomChosen,
            Refusal::WorkshopTooLarge,
            Refusal::ImageTooLarge { scale: 4 },
        ];
        for language in [Language::En, Language::Sv] {
            for r in all {
                let words = built_in(language);
                assert!(words.has(r.key()), "{language:?} lacks {}", r.key());
                assert_eq!(Refusal::of_json(&r.to_json(String::new())), Some(r));
                assert!(!r.worded(words).contains('{'), "{:?}", r.worded(words));
            }
        }
    }
}
