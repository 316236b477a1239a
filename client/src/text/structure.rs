//! Words of changing the map's stages, lanes, title and purpose.

use comap_shared::structure::Axis;

pub const PURPOSE: &str = "Purpose";

pub const PURPOSE_HELP: &str = "Whose pathway? Which service? A sentence or two.";

pub const SAVE_NAME: &str = "Save name";

pub const NAME: &str = "Name";

/// "Add stage", "Add lane".
pub fn add_column(axis: Axis) -> &'static str {
    match axis {
        Axis::Stages => "Add stage",
        Axis::Lanes => "Add lane",
    }
}

/// "Remove stage", "Remove lane".
pub fn remove_column(axis: Axis) -> &'static str {
    match axis {
        Axis::Stages => "Remove stage",
        Axis::Lanes => "Remove lane",
    }
}

/// "Stage: Diagnosis".
pub fn column_heading(axis: Axis, name: &str) -> String {
    match axis {
        Axis::Stages => format!("Stage: {name}"),
        Axis::Lanes => format!("Lane: {name}"),
    }
}

/// The two move buttons of a stage (left, right) or lane (up, down).
pub fn step_labels(axis: Axis) -> (&'static str, &'static str) {
    match axis {
        Axis::Stages => ("Move left", "Move right"),
        Axis::Lanes => ("Move up", "Move down"),
    }
}

/// The question before removing a stage or lane, with its number of cards.
pub fn remove_question(axis: Axis, name: &str, cards: usize) -> String {
    let what = match axis {
        Axis::Stages => "stage",
        Axis::Lanes => "lane",
    };
    match cards {
        0 => format!("Remove the {what} \u{201c}{name}\u{201d}? It holds no cards."),
        1 => format!(
            "Remove the {what} \u{201c}{name}\u{201d}? It holds 1 card, which will be kept in the Unsorted tray."
        ),
        n => format!(
            "Remove the {what} \u{201c}{name}\u{201d}? It holds {n} cards, which will be kept in the Unsorted tray."
        ),
    }
}
