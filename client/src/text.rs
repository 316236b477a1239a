//! Every user-facing string of the page (English first): shared words here,
//! one feature's words each in `text/`; all read as `text::NAME`.

mod arrows;
mod dashboard;
mod export;
mod structure;
mod voting;

pub use arrows::*;
pub use dashboard::*;
pub use export::*;
pub use structure::*;
pub use voting::*;

pub const APP_NAME: &str = "Comap";
pub const TAGLINE: &str =
    "Map a care pathway together: patients, carers and professionals, in real time.";
pub const CREATE_MAP: &str = "Create a map";
pub const MAP_TITLE: &str = "Map title";
pub const TEMPLATE: &str = "Template";
pub const TITLE_NEEDED: &str = "Please give the map a title.";
pub const CREATING: &str = "Creating…";

pub const JOIN_HEADING: &str = "Join this map";
pub const JOIN_HELP: &str =
    "Your name and role are shown on the cards you add. A first name or a nickname is fine.";
pub const FIRST_TIME: &str = "First time here? How it works";
pub const FIRST_TIME_STEPS: [&str; 6] = [
    "The map is a big table. Each column is a stage of care, from first noticing a problem to living with it. Each row is one kind of thing, such as what matters to you or what went wrong.",
    "Press Add card to write something, or the + in any box to write it there. Your name and role are shown on what you write.",
    "Everyone in the meeting sees the same map and sees changes at once. You cannot break anything: Undo takes back your own last change.",
    "Every button works with the keyboard: Tab moves between them, Enter presses one. List view shows the map as a simple list.",
    "Larger text and High contrast, at the top of the page, make the map easier to read.",
    "Please do not write anyone\u{2019}s full name, phone number, NHS number or date of birth on a card.",
];
pub const YOUR_NAME: &str = "Your name";
pub const YOUR_ROLE: &str = "Your role";
pub const JOIN: &str = "Join";
/// A map's title in quotation marks, as the join screen names it.
pub fn quoted(title: &str) -> String {
    format!("\u{201c}{title}\u{201d}")
}
pub const NAME_NEEDED: &str = "Please type your name (up to 60 characters).";
pub const ROLE_NEEDED: &str = "Please choose your role: it shows next to your cards, so everyone knows whose view each one is.";
pub const BAD_LINK: &str =
    "This link is incomplete. Ask the person who shared it for the full link.";
pub const DASHBOARD_UNREACHABLE: &str =
    "The workshop dashboard could not be loaded. Check the connection and reload the page.";

pub const ADD_CARD: &str = "Add card";
pub const STAGE: &str = "Stage";
pub const LANE: &str = "Lane";
pub const KIND: &str = "Kind";
pub const CARD_TEXT: &str = "Card text";
pub const SAVE_CARD: &str = "Save card";
pub const CANCEL: &str = "Cancel";
pub const EDIT: &str = "Edit";
pub const MOVE: &str = "Move";
pub const DELETE: &str = "Delete";
pub const REMOVE: &str = "Remove";
pub const EDIT_CARD: &str = "Edit card";
pub const MOVE_CARD: &str = "Move card";
pub const DELETE_CARD: &str = "Delete card";
pub const DELETE_QUESTION: &str = "Delete this card? Everyone will stop seeing it.";
pub const VIEW_ONLY: &str = "View only: you can see this map but not change it.";
pub const LOADING_MAP: &str = "Loading the map…";
pub const READYING_MAP: &str =
    "You can look at the map now; it will be ready to change in a moment.";

pub const PEOPLE: &str = "People in this map";
pub const CONNECTING: &str = "Connecting…";
pub const CONNECTED: &str = "Connected";
pub const RECONNECTING: &str = "Reconnecting…";
pub const OFFLINE: &str = "Offline \u{2014} your changes are kept on this device";
pub const NOT_CONNECTED: &str = "Not connected";
pub const SAVED: &str = "Saved";
pub const SAVING: &str = "Saving…";
pub const NOT_SAVED_YET: &str = "Not on the server yet";

pub const FOLLOW: &str = "Follow";
pub const STOP_FOLLOWING: &str = "Stop following";
pub const BRING_EVERYONE: &str = "Bring everyone here";
pub const BROUGHT_EVERYONE: &str = "Everyone has been asked to look where you are.";
pub const GO_THERE: &str = "Go there";
pub const NOT_NOW: &str = "Not now";
pub const SOMEONE: &str = "Someone";

pub const ANNOUNCE_CHANGES: &str = "Announce changes";
pub const ANNOUNCE_HINT: &str = "Read out other people's changes to screen readers";
pub const VOTING_STARTED_NEWS: &str = "Dot voting has started";
pub const VOTES_REVEALED_NEWS: &str = "Vote results are now shown";
pub const VOTING_ENDED_NEWS: &str = "Dot voting has ended";

/// "Add a card to Diagnosis" (the dialog then asks for the lane).
pub fn add_to_stage(stage: &str) -> String {
    format!("Add a card to {stage}")
}
pub const LIST_VIEW: &str = "List view";
pub const BOARD_VIEW: &str = "Board view";

/// "in Diagnosis, Pain points".
pub fn in_place(stage: &str, lane: &str) -> String {
    format!("in {stage}, {lane}")
}

/// Where a new card goes: "In Diagnosis, Pain points".
pub fn in_cell(stage: &str, lane: &str) -> String {
    format!("In {stage}, {lane}")
}
pub const CHANGE_PLACE: &str = "Change place";

/// "(no cards)", "(1 card)", "(3 cards)".
pub fn card_count(n: usize) -> String {
    match n {
        0 => " (no cards)".to_string(),
        1 => " (1 card)".to_string(),
        n => format!(" ({n} cards)"),
    }
}

pub const BOARD_TOOLS: &str = "Zoom";
pub const BOARD_REGION: &str = "The map";
pub const ZOOM_OUT: &str = "Zoom out";
pub const ZOOM_IN: &str = "Zoom in";
pub const ZOOM_OUT_HINT: &str = "Zoom out (key: \u{2212})";
pub const ZOOM_IN_HINT: &str = "Zoom in (key: +)";
pub const ZOOM_LEVEL: &str = "Zoom:";
pub const FIT_MAP: &str = "Fit map";
pub const ACTUAL_SIZE: &str = "Actual size";
pub const SHORTCUTS: &str = "Single-key shortcuts";
pub const OVERVIEW: &str = "Map overview";
pub const HIDE_OVERVIEW: &str = "Hide the map overview (More brings it back)";
pub const OVERVIEW_HELP: &str = "Where you are on the map. Click it to go there; with it selected, the arrow keys move the view.";

/// "Follow Ann" (the button's accessible name: whose view to follow).
pub fn follow(name: &str) -> String {
    format!("Follow {name}")
}

pub fn stop_following(name: &str) -> String {
    format!("Stop following {name}")
}

/// "Ann (Patient) is editing".
pub fn is_editing(who: &str) -> String {
    format!("{who} is editing")
}

pub fn summoned_by(who: &str) -> String {
    format!("{who} asks everyone to look at the same part of the map.")
}

/// "Add a card in Diagnosis, Pain points".
pub fn add_here(stage: &str, lane: &str) -> String {
    format!("Add a card {}", in_place(stage, lane))
}

/// "Ann (Patient)".
pub fn person(name: &str, role: &str) -> String {
    format!("{name} ({role})")
}

pub fn text_too_long(len: usize, max: usize) -> String {
    format!("The text is {len} characters; please keep it to {max}.")
}

pub const TEXT_NEEDED: &str = "Please write something on the card.";
pub const INLINE_ADD_HINT: &str =
    "Enter posts the card. Shift+Enter starts a new line. Esc closes.";
pub const INLINE_EDIT_HINT: &str =
    "Enter saves. Shift+Enter starts a new line. Esc leaves the words as they were.";

pub const MAP_READY: &str = "Your map is ready";
pub const PARTICIPANT_LINK: &str = "Link for participants";
pub const PARTICIPANT_LINK_HELP: &str =
    "Share this with everyone who will add cards: patients, carers and professionals.";
pub const VIEW_LINK: &str = "View-only link";
pub const VIEW_LINK_HELP: &str = "For people who should see the map but not change it.";
pub const FACILITATOR_LINK: &str = "Your facilitator link";
pub const FACILITATOR_LINK_HELP: &str =
    "Keep this one private: it can also delete the map. Save it somewhere safe.";
pub const COPY: &str = "Copy";
pub const COPIED: &str = "Copied";
pub const COPY_FAILED: &str = "Could not copy: select the link and copy it yourself.";
pub const OPEN_MAP: &str = "Open the map";

/// "Copy link for participants".
pub fn copy_label(what: &str) -> String {
    format!("Copy {}", what.to_lowercase())
}

/// "Kept until 28 December 2026, then deleted."
pub fn kept_until(date: &str) -> String {
    format!("Kept until {date}, then deleted.")
}

pub const DELETE_MAP: &str = "Delete map";
pub const DELETE_MAP_QUESTION: &str =
    "Delete this map for everyone? All its cards will be gone for good. This cannot be undone.";
pub const FACILITATOR_BADGE: &str = "Facilitator";
pub const GO_HOME: &str = "Go to the Comap home page";

pub const MAP_DETAILS: &str = "Map details";
/// The facilitator's switch: may participants change the stages and lanes?
pub const STRUCTURE_OPEN: &str = "Everyone can change the structure";
pub const STRUCTURE_OPEN_HELP: &str = "Off: only you (the facilitator) can rename the map and add, rename, move or remove stages and lanes. Everyone can still add and edit cards.";
/// After the server refused this page's changes to the structure.
pub const CARDS_KEPT: &str =
    "The page now shows the map as saved on the server; the cards you added were kept.";
pub const MORE: &str = "More";
pub const SHOW_ME: &str = "Show me";
pub const DISMISS_ARRIVAL: &str = "Close this note";
/// Under the emotion curve's name on the board: which way is which.
pub const CURVE_SCALE: &str = "Higher: felt better";
pub const HIDE_SIDE: &str = "Hide the side panels";
pub const SHOW_SIDE: &str = "Show the side panels (people, voting, feelings)";
pub const MORE_CHOICES: &str = "More choices";
pub const SAVE: &str = "Save";
pub const COLUMN_NAME_NEEDED: &str = "Please type a name.";
pub const CLOSE: &str = "Close";
pub const UNSORTED: &str = "Unsorted";
pub const UNSORTED_HELP: &str =
    "Cards whose stage or lane was removed. Use Move to put each back on the map.";

use comap_shared::structure::Axis;

/// "Options for stage Diagnosis".
pub fn column_options(axis: Axis, name: &str) -> String {
    match axis {
        Axis::Stages => format!("Options for stage {name}"),
        Axis::Lanes => format!("Options for lane {name}"),
    }
}

pub const HOW_DID_IT_FEEL: &str = "How did it feel?";
pub const EMOTION_WORD: &str = "A word for the feeling (optional)";
pub const CHOOSE_EMOTION: &str = "Please choose one of the five feelings.";
pub const VOICE_BALANCE: &str = "Voice balance";
pub const VOICE_BALANCE_HELP: &str = "Cards by role: a mirror for the group, not a score.";
pub const EMOTION_CURVE: &str = "Emotion curve";
pub const EMOTION_CURVE_HELP: &str =
    "Average feeling at each stage, from -2 (very bad) to +2 (very good).";
pub const LIVED: &str = "Patients and carers";
pub const STAFF: &str = "Professionals";
pub const NO_FEELINGS: &str = "\u{2014}";

/// "Patients and carers: −2.0 (1 feeling). Professionals: —."
pub fn curve_words(lived: Option<(f32, usize)>, staff: Option<(f32, usize)>) -> String {
    format!(
        "{LIVED}: {}. {STAFF}: {}.",
        curve_cell(lived),
        curve_cell(staff)
    )
}

/// "Very bad (\u{2212}2)" with the optional word: "Very bad (\u{2212}2): scared".
pub fn feeling(emotion: i8, word: &str) -> String {
    let base = format!(
        "{} ({})",
        comap_shared::Feeling::label(emotion),
        comap_shared::Feeling::signed(emotion)
    );
    if word.is_empty() {
        base
    } else {
        format!("{base}: {word}")
    }
}

/// "\u{2212}1.5 (2 feelings)".
pub fn curve_cell(point: Option<(f32, usize)>) -> String {
    match point {
        None => NO_FEELINGS.to_string(),
        Some((avg, n)) => {
            let sign = if avg < 0.0 {
                "\u{2212}"
            } else if avg > 0.0 {
                "+"
            } else {
                ""
            };
            let plural = if n == 1 { "feeling" } else { "feelings" };
            format!("{sign}{:.1} ({n} {plural})", avg.abs())
        }
    }
}

pub const UNDO: &str = "Undo";
pub const REDO: &str = "Redo";
pub const UNDO_HINT: &str = "Undo your last change (Ctrl+Z)";
pub const REDO_HINT: &str = "Redo what you undid (Ctrl+Shift+Z)";
pub const UNDO_SKIPPED: &str =
    "Someone has changed that since, so it was left as they made it. Nothing was undone.";

pub const CONNECT: &str = "Connect";

pub const PRIVACY_TITLE: &str = "Is it all right to share this?";
pub const PRIVACY_HELP: &str = "Everyone in this map can read cards, and maps end up in reports. You can leave out names, numbers and dates that identify someone.";
pub const POST_ANYWAY: &str = "Post anyway";

pub const DISPLAY: &str = "Display";
pub const LARGER_TEXT: &str = "Larger text";
pub const HIGH_CONTRAST: &str = "High contrast";

/// "This looks like a phone number: 07700 900123".
pub fn looks_like(what: &str, text: &str) -> String {
    format!("This looks like {what}: {text}")
}

pub const DRAG_TO_CONNECT: &str = "Drag onto another card to draw an arrow";

pub const VOTING_NEEDS_CONNECTION: &str =
    "Voting needs a connection to the server. Please try again when you are back online.";

/// "3 votes".
/// A card's votes as a badge: up to five dots, then the number ("●●● 3").
pub fn vote_badge(n: u32) -> String {
    format!("{} {n}", "\u{25cf}".repeat(n.min(5) as usize))
}

pub const ODD_ANSWER: &str = "The server gave an unexpected answer. Please try again.";
pub const JOIN_BY_CODE: &str = "Join a workshop room";
pub const JOIN_BY_CODE_LEAD: &str = "Type the six-character code your facilitator gave you. Capitals, spaces and dashes do not matter.";
pub const JOIN_CODE: &str = "Join code";
pub const JOIN_CODE_HELP: &str = "For example: KCM QTX";
pub const CODE_FORMAT: &str =
    "A join code has six letters and digits, like KCM QTX. Please check it and try again.";
/// "No room has the code WRO NG1 — check it with your facilitator."
pub fn no_room_with(code: &str) -> String {
    format!("No room has the code {code} \u{2014} check it with your facilitator.")
}
pub const JOIN_ROOM: &str = "Join the room";
/// While a join code is looked up (slower after many wrong codes).
pub const CHECKING_CODE: &str = "Checking the code…";
pub const BACK_HOME: &str = "Back to the Comap home page";
pub const HAVE_A_CODE: &str = "Have a join code? Join a workshop room";
pub const CREATE_WORKSHOP: &str = "Run a workshop with breakout rooms";
pub const CREATE_WORKSHOP_LEAD: &str = "One map per room, plus a plenary map for everyone. You get a private dashboard with every room's join code and links.";
pub const WORKSHOP_TITLE: &str = "Workshop title";
pub const ROOM_COUNT: &str = "Number of breakout rooms (1 to 50)";
pub const ROOM_NAMES: &str = "Room names (optional)";
pub const ROOM_NAMES_HELP: &str =
    "One name per line, as many as there are rooms. Leave empty for Room 1, Room 2 and so on.";
pub const WITH_PLENARY: &str = "Also make a plenary map for everyone";
pub const KEEP_DAYS: &str = "Keep the maps for this many days";
pub const ROOMS_NUMBER: &str = "Please give the number of rooms as a whole number from 1 to 50.";
pub const DAYS_NUMBER: &str = "Please give the number of days as a whole number.";
pub const CREATE_WORKSHOP_BUTTON: &str = "Create the workshop";

pub const FROM_FACILITATOR: &str = "From the facilitator:";
pub const DISMISS: &str = "Dismiss";

pub const TIME_UP: &str = "Time is up";
pub const LOCKED: &str = "The facilitator has locked this room: you can look at the map but not change it for now. Anything you add will not be saved until it is unlocked.";
pub const LOCKED_FACILITATOR: &str =
    "This room is locked: only you, as facilitator, can change the map.";

/// The timer on the board: "Time left 9:58" or "Time left 9:58 (paused)".
pub fn time_left(clock: &str, running: bool) -> String {
    if running {
        format!("Time left {clock}")
    } else {
        format!("Time left {clock} (paused)")
    }
}

/// Said once when the facilitator starts or changes the timer.
pub fn timer_running(clock: &str) -> String {
    format!("The facilitator set the timer: {clock} left.")
}

pub fn timer_paused(clock: &str) -> String {
    format!("The timer is paused with {clock} left.")
}

/// The tag of a card brought to the plenary: "From Red".
pub fn from_room(room: &str) -> String {
    format!("From {room}")
}

pub const ACTIONS: &str = "Actions";

pub const REFLECTION: &str = "Reflection";

pub const REFLECTION_OPEN_NOW: &str =
    "The facilitator has opened a reflection. Its questions are at the top of the page.";
pub const REFLECTION_ANONYMOUS: &str = "Your answers are anonymous: your name is not kept with them. Answer as many questions as you like.";
pub const REFLECTION_NAMED: &str =
    "Your name and role are kept with your answers. Answer as many questions as you like.";
pub const SEND_ANSWERS: &str = "Send answers";
pub const REFLECTION_CLOSED_NOW: &str =
    "The facilitator has closed the reflection. Answers already sent are kept.";
pub const SENDING_ANSWERS: &str = "Sending your answers…";
pub const ANSWERS_SAVED: &str = "Thank you: your answers are saved. You can change them and send them again while the reflection is open.";

/// "Who: Reception team · By: 31 March 2027".
pub fn action_detail(who: &str, by: &str) -> String {
    format!("Who: {who} \u{00b7} By: {by}")
}
