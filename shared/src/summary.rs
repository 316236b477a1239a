//! The plain-text summary of a map: its stages, lanes and cards counted,
//! the cards by kind, the emotion curve and the votes once revealed; the
//! text export, and the description of the SVG and PDF drawings.

use crate::export::{all_cards, revealed_votes};
use crate::ids::CardId;
use crate::insights::emotion_curve;
use crate::model::{Card, Feeling, MapView};
use std::fmt::Write as _;

/// "1 card", "3 cards".
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The map in words: what it is, each stage with its cards lane by lane,
/// the arrows, the feelings across the stages and the votes. Usable as alt
/// text for an image of the map and read well by screen readers.
pub fn summary(view: &MapView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", view.title);
    if !view.purpose.is_empty() {
        let _ = writeln!(out, "{}", view.purpose);
    }
    let total = view.cards.len() + view.unsorted.len();
    let _ = writeln!(
        out,
        "A care pathway map with {}, {} and {}.",
        count_of(view.stages.len(), "stage", "stages"),
        count_of(view.lanes.len(), "lane", "lanes"),
        count_of(total, "card", "cards"),
    );
    let votes = revealed_votes(view);
    let describe = |card: &Card| -> String {
        let mut line = format!("{}: {}", card.kind.label(), card.text.trim());
        if let Some(f) = &card.feeling {
            let _ = write!(line, " (felt {}", Feeling::label(f.emotion).to_lowercase());
            if !f.word.is_empty() {
                let _ = write!(line, ", \u{201c}{}\u{201d}", f.word);
            }
            line.push(')');
        }
        let _ = write!(line, " \u{2014} {}", card.role.label());
        if let Some(n) = votes
            .as_ref()
            .and_then(|v| v.get(&card.id))
            .filter(|n| **n > 0)
        {
            let _ = write!(line, "; {}", count_of(*n as usize, "vote", "votes"));
        }
        line
    };
    for (i, stage) in view.stages.iter().enumerate() {
        let here: Vec<&Card> = view.cards.iter().filter(|c| c.stage == stage.id).collect();
        let _ = writeln!(
            out,
            "\nStage {} of {}: {} ({})",
            i + 1,
            view.stages.len(),
            stage.name,
            count_of(here.len(), "card", "cards")
        );
        for lane in &view.lanes {
            let cards: Vec<&&Card> = here.iter().filter(|c| c.lane == lane.id).collect();
            if cards.is_empty() {
                continue;
            }
            let _ = writeln!(out, "  {}:", lane.name);
            for card in cards {
                let _ = writeln!(out, "    - {}", describe(card));
            }
        }
    }
    if !view.unsorted.is_empty() {
        let _ = writeln!(out, "\nNot in a stage or lane any more:");
        for card in &view.unsorted {
            let _ = writeln!(out, "    - {}", describe(card));
        }
    }
    if !view.connections.is_empty() {
        let text_of = |id: &CardId| {
            all_cards(view)
                .find(|(c, _)| &c.id == id)
                .map(|(c, _)| c.text.trim().to_string())
                .unwrap_or_default()
        };
        let _ = writeln!(out, "\nArrows:");
        for a in &view.connections {
            let label = if a.label.is_empty() {
                String::new()
            } else {
                format!(" ({})", a.label)
            };
            let _ = writeln!(
                out,
                "    - {} \u{2192} {}{label}",
                text_of(&a.from),
                text_of(&a.to)
            );
        }
    }
    let curve = emotion_curve(view);
    if curve.iter().any(|p| p.lived.is_some() || p.staff.is_some()) {
        let _ = writeln!(
            out,
            "\nHow it felt, stage by stage (from \u{2212}2 very bad to +2 very good):"
        );
        for p in &curve {
            let part = |v: Option<(f32, usize)>| {
                v.map_or("no feelings yet".to_string(), |(avg, n)| {
                    format!("{avg:+.1} from {}", count_of(n, "feeling", "feelings"))
                })
            };
            let _ = writeln!(
                out,
                "    - {}: patients and carers {}; health professionals {}",
                p.stage_name,
                part(p.lived),
                part(p.staff)
            );
        }
    }
    if let Some(v) = &view.voting {
        if v.revealed {
            let ranking = v.ranking();
            let _ = writeln!(
                out,
                "\nVotes ({} each):",
                count_of(v.budget as usize, "vote", "votes")
            );
            if ranking.is_empty() {
                let _ = writeln!(out, "    No votes yet.");
            }
            for (id, n) in ranking.iter().take(10) {
                if let Some((card, _)) = all_cards(view).find(|(c, _)| &c.id == id) {
                    let _ = writeln!(
                        out,
                        "    - {}: {}",
                        count_of(*n as usize, "vote", "votes"),
                        card.text.trim()
                    );
                }
            }
        } else {
            let _ = writeln!(out, "\nVoting: the counts are not revealed yet.");
        }
    }
    out
}
