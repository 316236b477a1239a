//! The plain-text summary of a map: its stages, lanes and cards counted,
//! the cards by kind, the emotion curve and the votes once revealed; the
//! text export, and the description of the SVG and PDF drawings.

use crate::export::{all_cards, revealed_votes};
use crate::i18n::{Arg, Catalogue, key};
use crate::ids::CardId;
use crate::insights::emotion_curve;
use crate::model::{Card, Feeling, MapView};
use std::fmt::Write as _;

/// "1 card", "3 cards": a count message of the exports' catalogue
/// (`export-cards`, `export-stages`…) for `n`.
pub fn count_of(words: &Catalogue, key: &str, n: usize) -> String {
    words.tf(key, &[("n", Arg::from(n))])
}

/// An average feeling with its sign and one decimal, in the language's way
/// of writing numbers: "+1.5", "−0,5".
fn signed_average(words: &Catalogue, average: f32) -> String {
    let written = format!("{average:+.1}").replace('-', "\u{2212}");
    written.replace('.', &words.language().decimal_separator().to_string())
}

/// The map in words: what it is, each stage with its cards lane by lane,
/// the arrows, the feelings across the stages and the votes, in the
/// language of `words` (the built-in catalogue, exports' part included).
/// Usable as alt text for an image of the map and read well by screen
/// readers.
pub fn summary(view: &MapView, words: &Catalogue) -> String {
    let count = |key: &str, n: usize| count_of(words, key, n);
    let mut out = String::new();
    let _ = writeln!(out, "{}", view.title);
    if !view.purpose.is_empty() {
        let _ = writeln!(out, "{}", view.purpose);
    }
    let total = view.cards.len() + view.unsorted.len();
    let _ = writeln!(
        out,
        "{}",
        words.tf(
            "summary-holds",
            &[
                (
                    "stages",
                    Arg::from(&count(key("export-stages"), view.stages.len()))
                ),
                (
                    "lanes",
                    Arg::from(&count(key("export-lanes"), view.lanes.len()))
                ),
                ("cards", Arg::from(&count(key("export-cards"), total))),
            ]
        )
    );
    let votes = revealed_votes(view);
    let describe = |card: &Card| -> String {
        let mut line = format!("{}: {}", words.t(card.kind.name_key()), card.text.trim());
        if let Some(f) = &card.feeling {
            let feeling = words.t(Feeling::name_key(f.emotion)).to_lowercase();
            let felt = words.tf("summary-felt", &[("feeling", Arg::from(&feeling))]);
            let _ = write!(line, " ({felt}");
            if !f.word.is_empty() {
                let word = words.tf("quoted", &[("title", Arg::from(&f.word))]);
                let _ = write!(line, ", {word}");
            }
            line.push(')');
        }
        let _ = write!(line, " \u{2014} {}", words.t(card.role.name_key()));
        if let Some(n) = votes
            .as_ref()
            .and_then(|v| v.get(&card.id))
            .filter(|n| **n > 0)
        {
            let _ = write!(line, "; {}", count(key("export-votes"), *n as usize));
        }
        line
    };
    for (i, stage) in view.stages.iter().enumerate() {
        let here: Vec<&Card> = view.cards.iter().filter(|c| c.stage == stage.id).collect();
        let cards = count(key("export-cards"), here.len());
        let heading = words.tf(
            "summary-stage",
            &[
                ("number", Arg::from(i + 1)),
                ("count", Arg::from(view.stages.len())),
                ("name", Arg::from(&stage.name)),
                ("cards", Arg::from(&cards)),
            ],
        );
        let _ = writeln!(out, "\n{heading}");
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
        let _ = writeln!(out, "\n{}", words.t("summary-unsorted"));
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
        let _ = writeln!(out, "\n{}", words.t("summary-arrows"));
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
        let _ = writeln!(out, "\n{}", words.t("summary-curve"));
        for p in &curve {
            let part = |v: Option<(f32, usize)>| {
                v.map_or(words.t("summary-no-feelings"), |(avg, n)| {
                    words.tf(
                        "summary-average",
                        &[
                            ("average", Arg::from(&signed_average(words, avg))),
                            ("feelings", Arg::from(&count(key("export-feelings"), n))),
                        ],
                    )
                })
            };
            let line = words.tf(
                "summary-curve-stage",
                &[
                    ("stage", Arg::from(&p.stage_name)),
                    ("lived", Arg::from(&part(p.lived))),
                    ("staff", Arg::from(&part(p.staff))),
                ],
            );
            let _ = writeln!(out, "    - {line}");
        }
    }
    if let Some(v) = &view.voting {
        if v.revealed {
            let ranking = v.ranking();
            let each = count(key("export-votes"), v.budget as usize);
            let _ = writeln!(
                out,
                "\n{}",
                words.tf("summary-votes", &[("votes", Arg::from(&each))])
            );
            if ranking.is_empty() {
                let _ = writeln!(out, "    {}", words.t("summary-no-votes"));
            }
            for (id, n) in ranking.iter().take(10) {
                if let Some((card, _)) = all_cards(view).find(|(c, _)| &c.id == id) {
                    let _ = writeln!(
                        out,
                        "    - {}: {}",
                        count(key("export-votes"), *n as usize),
                        card.text.trim()
                    );
                }
            }
        } else {
            let _ = writeln!(out, "\n{}", words.t("summary-votes-hidden"));
        }
    }
    out
}
