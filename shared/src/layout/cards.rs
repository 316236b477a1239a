//! A card's box in the drawing (its kind, text and notes placed in it) and
//! where an arrow between two boxes starts and ends.

use super::*;

/// The lines of a card under its kind: the feeling and the votes.
pub(super) fn card_notes(card: &Card, votes: Option<u32>, words: &Catalogue) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(f) = &card.feeling {
        let mut felt = words.tf(
            "drawn-felt",
            &[
                ("feeling", Arg::from(&words.t(Feeling::name_key(f.emotion)))),
                ("value", Arg::from(&Feeling::signed(f.emotion))),
            ],
        );
        if !f.word.is_empty() {
            let word = words.tf("quoted", &[("title", Arg::from(&f.word))]);
            felt.push_str(&format!(", {word}"));
        }
        notes.push(felt);
    }
    if let Some(n) = votes.filter(|n| *n > 0) {
        notes.push(crate::summary::count_of(
            words,
            key("export-votes"),
            n as usize,
        ));
    }
    notes
}

/// Lays out one card with its top-left at (x, y); returns its box.
pub(super) fn place_card(
    m: &dyn Measure,
    texts: &mut Vec<Placed>,
    card: &Card,
    votes: Option<u32>,
    words: &Catalogue,
    (x, y): (f32, f32),
) -> CardBox {
    let inner = x + CARD_BAR + CARD_PAD;
    let mut at = y + CARD_PAD;
    let icon = (inner, at + (line_height(CARD_KIND) - ICON) / 2.0);
    at = place_lines(
        texts,
        vec![words.t(card.kind.name_key())],
        inner + ICON + 5.0,
        at,
        CARD_KIND,
        false,
    ) + PART_GAP;
    let text = if card.text.trim().is_empty() {
        vec![String::new()]
    } else {
        wrap(m, card.text.trim(), CARD_TEXT, CARD_TEXT_W)
    };
    at = place_lines(texts, text, inner, at, CARD_TEXT, false) + PART_GAP;
    let mut small = vec![words.t(card.role.name_key())];
    if let Some(room) = &card.room {
        let from = words.tf("drawn-from-room", &[("room", Arg::from(room))]);
        small.extend(wrap(m, &from, CARD_SMALL, CARD_TEXT_W));
    }
    for note in card_notes(card, votes, words) {
        small.extend(wrap(m, &note, CARD_SMALL, CARD_TEXT_W));
    }
    at = place_lines(texts, small, inner, at, CARD_SMALL, true);
    CardBox {
        id: card.id.clone(),
        kind: card.kind,
        rect: Rect {
            x,
            y,
            w: CARD_W,
            h: at + CARD_PAD - y,
        },
        icon,
    }
}

/// Where an arrow between two cards starts and ends: the facing edges' middles.
pub(super) fn arrow_ends(a: &Rect, b: &Rect) -> ((f32, f32), (f32, f32)) {
    if b.x >= a.right() {
        ((a.right(), a.y + a.h / 2.0), (b.x, b.y + b.h / 2.0))
    } else if b.right() <= a.x {
        ((a.x, a.y + a.h / 2.0), (b.right(), b.y + b.h / 2.0))
    } else if b.y >= a.y {
        ((a.x + a.w / 2.0, a.bottom()), (b.x + b.w / 2.0, b.y))
    } else {
        ((a.x + a.w / 2.0, a.y), (b.x + b.w / 2.0, b.bottom()))
    }
}
