//! The facilitator's forms checked in the page before they are sent, with
//! the model's own checks (`comap_shared`), their refusals in the page's
//! language. The server checks again (for anyone calling its API) and
//! words its refusals in English.

use crate::i18n::t;
use crate::t;
use comap_shared::reflection::{MAX_QUESTION_CHARS, MAX_QUESTIONS, ReflectionError};
use comap_shared::workshop::{
    MAX_ROOM_NAME_CHARS, MAX_ROOMS, MAX_WORKSHOP_TITLE_CHARS, MIN_ROOMS, WorkshopError,
};
use comap_shared::workshop_actions::{ActionError, MAX_WHAT_CHARS, MAX_WHO_CHARS};

/// Why a workshop cannot be made as asked.
pub fn workshop_refusal(e: &WorkshopError) -> String {
    match e {
        WorkshopError::NoTitle => t("workshop-no-title"),
        WorkshopError::LongTitle(len) => {
            t!(
                "workshop-long-title",
                len = *len,
                max = MAX_WORKSHOP_TITLE_CHARS
            )
        }
        WorkshopError::Rooms(n) => t!("workshop-rooms", n = *n, min = MIN_ROOMS, max = MAX_ROOMS),
        WorkshopError::NameCount { given, rooms } => {
            t!("workshop-name-count", given = *given, rooms = *rooms)
        }
        WorkshopError::EmptyName(n) => t!("workshop-empty-name", n = *n),
        WorkshopError::LongName(n) => {
            t!("workshop-long-name", n = *n, max = MAX_ROOM_NAME_CHARS)
        }
        WorkshopError::SameName(name) => t!("workshop-same-name", name = name.as_str()),
        WorkshopError::Expiry { asked, max } => t!("workshop-expiry", asked = *asked, max = *max),
    }
}

/// Why an action cannot be added as written.
pub fn action_refusal(e: &ActionError) -> String {
    match e {
        ActionError::NoWhat => t("action-no-what"),
        ActionError::LongWhat => t!("action-long-what", max = MAX_WHAT_CHARS),
        ActionError::NoWho => t("action-no-who"),
        ActionError::LongWho => t!("action-long-who", max = MAX_WHO_CHARS),
        ActionError::BadDate => t("action-bad-date"),
    }
}

/// Why a reflection cannot be opened with these questions (the answers'
/// refusals are the participants' page's, see `reflection.rs`).
pub fn reflection_refusal(e: &ReflectionError) -> String {
    match e {
        ReflectionError::NoQuestions => t("reflection-no-questions"),
        ReflectionError::TooManyQuestions => t!("reflection-too-many", max = MAX_QUESTIONS),
        ReflectionError::LongQuestion(n) => {
            t!("reflection-long-question", n = *n, max = MAX_QUESTION_CHARS)
        }
        other => other.to_string(),
    }
}
