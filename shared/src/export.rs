//! A map as files for reports: the cards as CSV, the whole map as versioned
//! JSON, and a plain-text summary that serves as alt text. Pure functions of
//! `MapView`, so the server, the command line and tests export the same.
//!
//! People's names are left out of every export (cards carry the author's
//! role): exports travel into reports and slides. Vote counts are included
//! only once the facilitator has revealed them.

use crate::csv::{Separator, csv_row_with, csv_start};
use crate::i18n::{Catalogue, key};
use crate::ids::CardId;
use crate::model::{Card, MapView};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What `schema` says in every JSON export.
pub const JSON_SCHEMA: &str = "comap-map";

/// The JSON export's version; raised whenever a field changes meaning or goes.
pub const JSON_VERSION: u32 = 1;

/// The formats the server and the command line produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
    Pdf,
    Csv,
    Json,
    Text,
    Automerge,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Png,
        Format::Svg,
        Format::Pdf,
        Format::Csv,
        Format::Json,
        Format::Text,
        Format::Automerge,
    ];

    /// The name in URLs and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Text => "txt",
            Format::Automerge => "automerge",
        }
    }

    pub fn from_key(key: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Svg => "image/svg+xml",
            Format::Pdf => "application/pdf",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
            Format::Text => "text/plain; charset=utf-8",
            Format::Automerge => "application/octet-stream",
        }
    }

    /// The file name for a map of this title, as readable as the title and
    /// safe on Windows, macOS and Linux: "Knee pain: first visit" becomes
    /// "Knee pain - first visit.csv".
    pub fn file_name(self, title: &str) -> String {
        let mut out = String::new();
        for c in title.chars() {
            match c {
                ':' => out.push_str(" -"),
                '/' | '\\' | '|' => out.push('-'),
                '"' => out.push('\''),
                '*' | '?' | '<' | '>' => {}
                // Invisible characters that could make a name read otherwise.
                '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}' => {}
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
        let stem: String = words
            .trim_matches(|c: char| c == '.' || c == '-' || c == ' ')
            .chars()
            .take(80)
            .collect();
        // Windows keeps these names for devices, with any extension.
        let reserved = [
            "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "LPT1", "LPT2", "LPT3",
        ];
        let stem = stem.trim_end_matches(['.', ' ']);
        let stem = match stem {
            "" => "map".to_string(),
            s if reserved.iter().any(|r| r.eq_ignore_ascii_case(s)) => format!("map {s}"),
            s => s.to_string(),
        };
        format!("{stem}.{}", self.key())
    }
}

/// The whole map as the JSON export holds it (documented in
/// `docs/export.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedMap {
    pub schema: String,
    pub version: u32,
    pub title: String,
    pub purpose: String,
    pub stages: Vec<ExportedColumn>,
    pub lanes: Vec<ExportedColumn>,
    /// Cards in stage, lane and board order; then those whose stage or lane
    /// is gone (`unsorted`).
    pub cards: Vec<ExportedCard>,
    pub arrows: Vec<ExportedArrow>,
    pub voting: Option<ExportedVoting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedColumn {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedCard {
    pub id: String,
    pub stage: String,
    pub lane: String,
    /// Its stage or lane was removed; kept here so nothing is lost.
    pub unsorted: bool,
    /// `step`, `pain-point`, `idea`, `feeling`, `what-matters`, `question`,
    /// `strength` or `note`.
    pub kind: String,
    pub text: String,
    /// `patient`, `carer`, `professional` or `other`.
    pub author_role: String,
    /// Milliseconds since the Unix epoch, by the author's clock.
    pub created_ms: i64,
    /// -2 (very bad) to +2 (very good).
    pub emotion: Option<i8>,
    pub emotion_word: Option<String>,
    /// Only when the votes have been revealed.
    pub votes: Option<u32>,
    /// The breakout room it was brought from (on a workshop's plenary map).
    #[serde(default)]
    pub room: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedArrow {
    pub from: String,
    pub to: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedVoting {
    pub round: String,
    pub votes_each: u32,
    pub open: bool,
    pub revealed: bool,
}

/// Revealed vote counts per card (none while the votes are hidden).
pub(crate) fn revealed_votes(view: &MapView) -> Option<BTreeMap<CardId, u32>> {
    view.voting
        .as_ref()
        .filter(|v| v.revealed)
        .map(|v| v.tally())
}

/// Every card: those on the board in order, then the unsorted ones.
pub(crate) fn all_cards(view: &MapView) -> impl Iterator<Item = (&Card, bool)> {
    view.cards
        .iter()
        .map(|c| (c, false))
        .chain(view.unsorted.iter().map(|c| (c, true)))
}

fn stage_name(view: &MapView, card: &Card) -> String {
    view.stages
        .iter()
        .find(|s| s.id == card.stage)
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

fn lane_name(view: &MapView, card: &Card) -> String {
    view.lanes
        .iter()
        .find(|l| l.id == card.lane)
        .map(|l| l.name.clone())
        .unwrap_or_default()
}

pub fn exported(view: &MapView) -> ExportedMap {
    let votes = revealed_votes(view);
    ExportedMap {
        schema: JSON_SCHEMA.to_string(),
        version: JSON_VERSION,
        title: view.title.clone(),
        purpose: view.purpose.clone(),
        stages: view
            .stages
            .iter()
            .map(|s| ExportedColumn {
                id: s.id.to_string(),
                name: s.name.clone(),
            })
            .collect(),
        lanes: view
            .lanes
            .iter()
            .map(|l| ExportedColumn {
                id: l.id.to_string(),
                name: l.name.clone(),
            })
            .collect(),
        cards: all_cards(view)
            .map(|(c, unsorted)| ExportedCard {
                id: c.id.to_string(),
                stage: c.stage.to_string(),
                lane: c.lane.to_string(),
                unsorted,
                kind: c.kind.key().to_string(),
                text: c.text.clone(),
                author_role: c.role.key().to_string(),
                created_ms: c.created_ms,
                emotion: c.feeling.as_ref().map(|f| f.emotion),
                emotion_word: c
                    .feeling
                    .as_ref()
                    .map(|f| f.word.clone())
                    .filter(|w| !w.is_empty()),
                votes: votes.as_ref().map(|v| v.get(&c.id).copied().unwrap_or(0)),
                room: c.room.clone(),
            })
            .collect(),
        arrows: view
            .connections
            .iter()
            .map(|a| ExportedArrow {
                from: a.from.to_string(),
                to: a.to.to_string(),
                label: a.label.clone(),
            })
            .collect(),
        voting: view.voting.as_ref().map(|v| ExportedVoting {
            round: v.round.clone(),
            votes_each: v.budget,
            open: v.open,
            revealed: v.revealed,
        }),
    }
}

/// The whole map as pretty-printed JSON.
pub fn to_json(view: &MapView) -> String {
    // A struct of strings, numbers and options always serialises.
    serde_json::to_string_pretty(&exported(view)).unwrap_or_default()
}

/// The catalogue keys of the CSV export's column headings.
pub const CSV_HEADER: [&str; 9] = [
    key("csv-stage"),
    key("csv-lane"),
    key("csv-kind"),
    key("csv-text"),
    key("csv-author-role"),
    key("csv-emotion"),
    key("csv-emotion-word"),
    key("csv-votes"),
    key("csv-room"),
];

/// The cards as CSV: one row per card, board order, unsorted ones last
/// (their stage and lane empty). Votes are empty until revealed. Headings,
/// kinds and roles are in the language of `words` (the built-in catalogue,
/// exports' part included); people's words are as they wrote them.
pub fn to_csv(view: &MapView, words: &Catalogue, separator: Separator) -> String {
    let votes = revealed_votes(view);
    let mut out = csv_start(&CSV_HEADER.map(|h| words.t(h)), separator);
    for (card, _) in all_cards(view) {
        let (emotion, word) = card
            .feeling
            .as_ref()
            .map_or((String::new(), String::new()), |f| {
                (f.emotion.to_string(), f.word.clone())
            });
        let count = votes
            .as_ref()
            .map(|v| v.get(&card.id).copied().unwrap_or(0).to_string())
            .unwrap_or_default();
        csv_row_with(
            &mut out,
            &[
                (stage_name(view, card), true),
                (lane_name(view, card), true),
                (words.t(card.kind.name_key()), false),
                (card.text.clone(), true),
                (words.t(card.role.name_key()), false),
                (emotion, false),
                (word, true),
                (count, false),
                (card.room.clone().unwrap_or_default(), true),
            ],
            separator,
        );
    }
    out
}
