//! A workshop's actions: what will change, who does it (a role, not a
//! person's name) and by when, often taken from the plenary's most-voted
//! ideas. Kept with the workshop and exported as CSV.

use crate::csv::Separator;
use crate::i18n::{Catalogue, key};
use crate::model::{CardKind, MapView};
use serde::{Deserialize, Serialize};

pub const MAX_WHAT_CHARS: usize = 300;
pub const MAX_WHO_CHARS: usize = 80;
/// The most actions one workshop keeps.
pub const MAX_ACTIONS: usize = 200;

/// `POST /api/workshops/<id>/actions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAction {
    pub what: String,
    /// A role ("Practice nurse", "Reception team"), not a name.
    pub who: String,
    /// By when, as `YYYY-MM-DD`.
    pub by: String,
    /// The plenary card it came from, if any.
    #[serde(default)]
    pub card: Option<String>,
}

/// An action as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: i64,
    pub what: String,
    pub who: String,
    pub by: String,
    #[serde(default)]
    pub card: Option<String>,
    pub created_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("Please say what will be done.")]
    NoWhat,
    #[error("Please keep what will be done to {MAX_WHAT_CHARS} characters.")]
    LongWhat,
    #[error("Please say who will do it: a role, such as \"practice nurse\", not a name.")]
    NoWho,
    #[error("Please keep who will do it to {MAX_WHO_CHARS} characters.")]
    LongWho,
    #[error("Please give the date as year-month-day, for example 2027-03-31.")]
    BadDate,
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Whether `date` is a real `YYYY-MM-DD` day (years 2000 to 2199).
pub fn valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    (2000..2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in(y, m)
}

impl NewAction {
    /// The action trimmed, or why it cannot be kept.
    pub fn checked(&self) -> Result<NewAction, ActionError> {
        let what = self.what.trim().to_string();
        let who = self.who.trim().to_string();
        let by = self.by.trim().to_string();
        if what.is_empty() {
            return Err(ActionError::NoWhat);
        }
        if what.chars().count() > MAX_WHAT_CHARS {
            return Err(ActionError::LongWhat);
        }
        if who.is_empty() {
            return Err(ActionError::NoWho);
        }
        if who.chars().count() > MAX_WHO_CHARS {
            return Err(ActionError::LongWho);
        }
        if !valid_date(&by) {
            return Err(ActionError::BadDate);
        }
        let card = self
            .card
            .as_ref()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty() && c.len() <= crate::schema::MAX_ID_CHARS);
        Ok(NewAction {
            what,
            who,
            by,
            card,
        })
    }
}

/// An idea or pain point of the plenary with the votes it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopIdea {
    pub card: String,
    pub text: String,
    pub votes: u32,
    #[serde(default)]
    pub room: Option<String>,
}

/// The ideas and pain points with most votes in the current round (at most
/// `n`, none without votes), most first.
pub fn top_ideas(view: &MapView, n: usize) -> Vec<TopIdea> {
    let Some(voting) = &view.voting else {
        return Vec::new();
    };
    let tally = voting.tally();
    let mut ideas: Vec<TopIdea> = view
        .cards
        .iter()
        .filter(|c| matches!(c.kind, CardKind::Idea | CardKind::PainPoint))
        .filter_map(|c| {
            let votes = tally.get(&c.id).copied().filter(|v| *v > 0)?;
            Some(TopIdea {
                card: c.id.to_string(),
                text: c.text.clone(),
                votes,
                room: c.room.clone(),
            })
        })
        .collect();
    ideas.sort_by(|a, b| b.votes.cmp(&a.votes).then_with(|| a.text.cmp(&b.text)));
    ideas.truncate(n);
    ideas
}

/// The actions as CSV: what, who, by when, headed in the language of
/// `words`.
pub fn to_csv(actions: &[Action], words: &Catalogue, separator: Separator) -> String {
    let header = [
        key("csv-action-what"),
        key("csv-action-who"),
        key("csv-action-by"),
    ]
    .map(|k| words.t(k));
    let mut out = crate::csv::csv_start(&header, separator);
    for a in actions {
        crate::csv::csv_row_with(
            &mut out,
            &[
                (a.what.clone(), true),
                (a.who.clone(), true),
                (a.by.clone(), false),
            ],
            separator,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(what: &str, who: &str, by: &str) -> NewAction {
        NewAction {
            what: what.into(),
            who: who.into(),
            by: by.into(),
            card: None,
        }
    }

    #[test]
    fn actions_are_checked_and_trimmed() {
        let ok = new(" Text reminders ", " Reception team ", "2027-03-31")
            .checked()
            .expect("valid");
        assert_eq!(
            (ok.what.as_str(), ok.who.as_str()),
            ("Text reminders", "Reception team")
        );
        assert_eq!(
            new(" ", "Nurse", "2027-01-01").checked(),
            Err(ActionError::NoWhat)
        );
        assert_eq!(
            new("x", "", "2027-01-01").checked(),
            Err(ActionError::NoWho)
        );
        assert_eq!(
            new(&"x".repeat(301), "Nurse", "2027-01-01").checked(),
            Err(ActionError::LongWhat)
        );
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "27-01-01",
            "2027-1-01",
            "tomorrow",
            "1999-12-31",
        ] {
            assert_eq!(
                new("x", "Nurse", bad).checked(),
                Err(ActionError::BadDate),
                "{bad}"
            );
        }
        assert!(valid_date("2028-02-29"));
    }

    #[test]
    fn the_csv_keeps_formulas_as_text() {
        let a = Action {
            id: 1,
            what: "=cmd()".into(),
            who: "Nurse, practice".into(),
            by: "2027-03-31".into(),
            card: None,
            created_ms: 0,
        };
        assert_eq!(
            to_csv(
                &[a],
                crate::i18n::built_in(crate::i18n::Language::En),
                Default::default()
            ),
            "\u{feff}What,Who (role),By when\r\n'=cmd(),\"Nurse, practice\",2027-03-31\r\n"
        );
    }
}
