//! Words of arrows between cards.

use super::short;

pub const DRAW_ARROW: &str = "Draw arrow";

pub const ARROW_TO: &str = "Points to";

pub const ARROW_LABEL: &str = "Label (optional, e.g. \u{201c}leads to\u{201d})";

pub const ARROW_HELP: &str = "Choose the card this one leads to. With a mouse you can also drag the \u{2933} handle of a card onto another card.";

pub const NO_OTHER_CARDS: &str = "There is no other card to point to yet.";

pub const EDIT_LABEL: &str = "Edit label";

/// "Edit label of arrow to First appointment".
pub fn edit_arrow_label(target: &str) -> String {
    format!("Edit label of arrow to {}", short(target))
}

/// "Draw an arrow from “Referral letter”".
pub fn connect_title(text: &str) -> String {
    format!("Draw an arrow from \u{201c}{}\u{201d}", short(text))
}

/// "Diagnosis · What I do: Referral letter".
pub fn card_choice(stage: &str, lane: &str, text: &str) -> String {
    format!("{stage} \u{b7} {lane}: {}", short(text))
}

/// "→ leads to: First appointment".
pub fn arrow_out(label: &str, target: &str) -> String {
    if label.is_empty() {
        format!("\u{2192} {}", short(target))
    } else {
        format!("\u{2192} {label}: {}", short(target))
    }
}

/// "← from Referral letter".
pub fn arrow_in(label: &str, source: &str) -> String {
    if label.is_empty() {
        format!("\u{2190} from {}", short(source))
    } else {
        format!("\u{2190} from {} ({label})", short(source))
    }
}

/// "Remove arrow to First appointment".
pub fn remove_arrow(target: &str) -> String {
    format!("Remove arrow to {}", short(target))
}
