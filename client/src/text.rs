//! Every user-facing string of the page, in one catalogue (English first).

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
pub const NO_VOTES_LEFT: &str = "You have no votes left: take one back from another card first.";
pub const DISMISS_ARRIVAL: &str = "Close this note";
/// Under the emotion curve's name on the board: which way is which.
pub const CURVE_SCALE: &str = "Higher: felt better";
pub const HIDE_SIDE: &str = "Hide the side panels";
pub const SHOW_SIDE: &str = "Show the side panels (people, voting, feelings)";
pub const MORE_CHOICES: &str = "More choices";
pub const PURPOSE: &str = "Purpose";
pub const PURPOSE_HELP: &str = "Whose pathway? Which service? A sentence or two.";
pub const SAVE: &str = "Save";
pub const SAVE_NAME: &str = "Save name";
pub const NAME: &str = "Name";
pub const COLUMN_NAME_NEEDED: &str = "Please type a name.";
pub const CLOSE: &str = "Close";
pub const UNSORTED: &str = "Unsorted";
pub const UNSORTED_HELP: &str =
    "Cards whose stage or lane was removed. Use Move to put each back on the map.";

use comap_shared::structure::Axis;

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

/// "Options for stage Diagnosis".
pub fn column_options(axis: Axis, name: &str) -> String {
    match axis {
        Axis::Stages => format!("Options for stage {name}"),
        Axis::Lanes => format!("Options for lane {name}"),
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
pub const DRAW_ARROW: &str = "Draw arrow";
pub const ARROW_TO: &str = "Points to";
pub const ARROW_LABEL: &str = "Label (optional, e.g. \u{201c}leads to\u{201d})";
pub const ARROW_HELP: &str = "Choose the card this one leads to. With a mouse you can also drag the \u{2933} handle of a card onto another card.";
pub const NO_OTHER_CARDS: &str = "There is no other card to point to yet.";
pub const EDIT_LABEL: &str = "Edit label";

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

/// "Edit label of arrow to First appointment".
pub fn edit_arrow_label(target: &str) -> String {
    format!("Edit label of arrow to {}", short(target))
}

pub const DRAG_TO_CONNECT: &str = "Drag onto another card to draw an arrow";

/// "Draw an arrow from “Referral letter”".
pub fn connect_title(text: &str) -> String {
    format!("Draw an arrow from \u{201c}{}\u{201d}", short(text))
}

/// The first words of a card, for lists and labels. Direction overrides
/// and embeddings (U+202A–U+202E, which run on until closed) are left out,
/// so someone's words can never reorder the sentence around them.
pub fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut out: String = line
        .chars()
        .filter(|c| !('\u{202a}'..='\u{202e}').contains(c))
        .take(40)
        .collect();
    if line.chars().count() > 40 || text.lines().count() > 1 {
        out.push('\u{2026}');
    }
    out
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

pub const VOTING: &str = "Dot voting";
pub const VOTING_HELP: &str = "Everyone gets a few votes to put on the ideas and pain points that matter most. Several votes on one card are fine.";
pub const VOTES_PER_PERSON: &str = "Votes per person";
pub const START_VOTING: &str = "Start voting";
pub const REVEAL: &str = "Reveal results";
pub const HIDE_RESULTS: &str = "Hide results";
pub const END_VOTING: &str = "End voting";
pub const RESULTS_HIDDEN: &str = "Results are hidden until the facilitator reveals them.";
pub const VOTING_ENDED: &str = "Voting has ended.";
pub const VOTING_OPEN: &str = "Voting is under way.";
pub const FACILITATOR_RUNS_VOTING: &str =
    "The facilitator starts a round when the group is ready, and reveals the results.";
pub const TOP_CARDS: &str = "Top cards";
pub const NO_VOTES_YET: &str = "No votes yet.";
pub const VOTE: &str = "Vote";
/// On Vote when this person has spent all their votes.
pub const NONE_LEFT: &str = "No votes left";
pub const ONLY_VOTABLE: &str = "Show only ideas and pain points";
pub const VOTING_NEEDS_CONNECTION: &str =
    "Voting needs a connection to the server. Please try again when you are back online.";

/// "4 people have voted".
pub fn people_voted(n: u32) -> String {
    match n {
        0 => "Nobody has voted yet.".to_string(),
        1 => "1 person has voted.".to_string(),
        n => format!("{n} people have voted."),
    }
}
pub const TAKE_BACK: &str = "Take back";

/// "You have 2 of 3 votes left".
pub fn votes_left(left: u32, budget: u32) -> String {
    let noun = if budget == 1 { "vote" } else { "votes" };
    format!("You have {left} of {budget} {noun} left")
}

/// "Your votes: 2".
pub fn your_votes(n: u32) -> String {
    format!("Your votes: {n}")
}

/// "3 votes".
/// A card's votes as a badge: up to five dots, then the number ("●●● 3").
pub fn vote_badge(n: u32) -> String {
    format!("{} {n}", "\u{25cf}".repeat(n.min(5) as usize))
}

pub fn vote_count(n: u32) -> String {
    if n == 1 {
        "1 vote".to_string()
    } else {
        format!("{n} votes")
    }
}

/// "Vote for “Text reminders”".
pub fn vote_for(text: &str) -> String {
    format!("Vote for \u{201c}{}\u{201d}", short(text))
}

/// "Take back a vote from “Text reminders”".
pub fn take_back_from(text: &str) -> String {
    format!("Take back a vote from \u{201c}{}\u{201d}", short(text))
}

pub const EXPORT: &str = "Export";
pub const EXPORT_CHOICES: &str = "Export the map as";
pub const EXPORT_PNG: &str = "PNG image";
pub const EXPORT_SVG: &str = "SVG image";
pub const EXPORT_PDF: &str = "PDF document";
pub const EXPORT_PAPER: &str = "Paper (PDF, landscape)";
pub const EXPORT_PAPERS: [(&str, &str); 2] = [("a4", "A4"), ("a3", "A3")];
pub const EXPORT_SIZE: &str = "Image size (PNG)";
pub const EXPORT_SIZES: [(u32, &str); 3] = [
    (1, "Normal"),
    (2, "Large (for slides)"),
    (4, "Extra large (for print)"),
];
pub const EXPORT_TRANSPARENT: &str = "Transparent background";
pub const EXPORT_COVER: &str = "Cover page (PDF)";
pub const EXPORT_CSV: &str = "CSV spreadsheet";
pub const EXPORT_JSON: &str = "JSON data";
pub const EXPORT_TEXT: &str = "Text summary";
pub const EXPORT_AUTOMERGE: &str = "Automerge document";
pub const EXPORT_HINT: &str =
    "Exports hold what is saved on the server. People's names are left out; their roles are kept.";

/// "Preparing CSV spreadsheet…"
pub fn exporting(what: &str) -> String {
    format!("Preparing {what}\u{2026}")
}

pub const EXPORT_WORKING: &str = "Export in progress";

/// "3 s" once an export has taken a second or more.
pub fn seconds_so_far(seconds: u32) -> String {
    if seconds == 0 {
        String::new()
    } else {
        format!("{seconds} s")
    }
}

/// "Downloaded “Knee pain.csv”."
pub fn exported(file: &str) -> String {
    format!("Downloaded \u{201c}{file}\u{201d}.")
}

// Workshops and join codes.
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
pub const WORKSHOP_LINK: &str = "Your dashboard link";
pub const WORKSHOP_LINK_HELP: &str = "Keep this link private: it opens this dashboard and every room as facilitator. Bookmark it to come back.";
pub const ROOMS: &str = "Rooms";
pub const JOIN_CODE_IS: &str = "Join code:";
pub const ROOM_EDIT_HELP: &str =
    "Send this to the people in this room: they can add and change cards.";
pub const ROOM_VIEW_HELP: &str = "Lets people look at this room's map without changing it.";
pub const DELETE_WORKSHOP: &str = "Delete workshop";
pub const DELETE_WORKSHOP_TITLE: &str = "Delete this whole workshop?";
pub const DELETE_EVERYTHING: &str = "Delete everything";
pub const KEEP_WORKSHOP: &str = "Keep the workshop";
pub const WORKSHOP_DELETED: &str =
    "The workshop and all its maps have been deleted. People in the rooms have been told.";

/// "Participants go to https://…/join and type their room's code."
pub fn join_hint(url: &str) -> String {
    format!("Participants can also go to {url} and type their room\u{2019}s join code.")
}

/// "Copy the join code of Room 2"
pub fn copy_code_label(room: &str) -> String {
    format!("Copy the join code of {room}")
}

/// "12 cards, 3 in the last 5 minutes" (or "No cards yet")
pub fn cards_summary(cards: usize, recent: usize) -> String {
    match cards {
        0 => "No cards yet".to_string(),
        1 => format!("1 card, {recent} in the last 5 minutes"),
        n => format!("{n} cards, {recent} in the last 5 minutes"),
    }
}

/// "Open Room 2 as facilitator"
/// "Last activity 3 minutes ago".
pub fn last_activity(quiet_ms: Option<i64>) -> String {
    let Some(ms) = quiet_ms else {
        return "No activity yet".to_string();
    };
    match ms / 60_000 {
        0 => "Last activity less than a minute ago".to_string(),
        1 => "Last activity 1 minute ago".to_string(),
        m if m < 120 => format!("Last activity {m} minutes ago"),
        m => format!("Last activity {} hours ago", m / 60),
    }
}

/// What a room's thumbnail shows, for people who cannot see it.
pub fn thumbnail_alt(room: &str, cards: usize) -> String {
    match cards {
        0 => format!("Map of {room}: no cards yet"),
        1 => format!("Map of {room}: 1 card"),
        n => format!("Map of {room}: {n} cards"),
    }
}

pub fn open_room(room: &str) -> String {
    format!("Open {room} as facilitator")
}

/// What deleting a workshop removes, named.
pub fn workshop_delete_question(rooms: &[String]) -> String {
    format!(
        "This deletes the maps of {} ({}) with every card on them, and the workshop's actions and reflection answers, at once and for good. People in the rooms are disconnected. Exports already downloaded are not affected.",
        match rooms.len() {
            1 => "1 room".to_string(),
            n => format!("{n} rooms"),
        },
        rooms.join(", ")
    )
}
pub const FROM_FACILITATOR: &str = "From the facilitator:";
pub const DISMISS: &str = "Dismiss";
pub const SEND_NOTICE: &str = "Send a notice";
pub const NOTICE_TEXT: &str = "Notice";
pub const NOTICE_HELP: &str =
    "For example: 10 minutes left. Everyone in the rooms sees it at once.";
pub const NOTICE_TO: &str = "Send to";
pub const ALL_ROOMS: &str = "All rooms";
pub const SEND: &str = "Send";

/// "Sent to 3 rooms."
pub fn notice_sent(rooms: u64) -> String {
    match rooms {
        1 => "Sent to 1 room.".to_string(),
        n => format!("Sent to {n} rooms."),
    }
}

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

pub const TIMER: &str = "Timer";
pub const NO_TIMER: &str = "No timer is set.";
pub const TIMER_MINUTES_LABEL: &str = "Minutes";
pub const TIMER_MINUTES: &str = "Please give the minutes as a whole number from 1 to 240.";
pub const START_TIMER: &str = "Start timer";
pub const PAUSE_TIMER: &str = "Pause timer";
pub const RESUME_TIMER: &str = "Resume timer";
pub const ADD_FIVE_MINUTES: &str = "Add 5 minutes";
pub const STOP_TIMER: &str = "Stop timer";
pub const LOCK_ALL: &str = "Lock all rooms";
pub const UNLOCK_ALL: &str = "Unlock all rooms";
pub const ROOM_IS_LOCKED: &str = "Locked: participants can look but not change the map.";
pub const ROOM_IS_OPEN: &str = "Open for editing.";
pub const LOCK: &str = "Lock";
pub const UNLOCK: &str = "Unlock";
pub const ROOM_LOCKED: &str = "Locked";
pub const ROOM_FULL: &str = "Full";
pub const ROOM_QUIET: &str = "Quiet";
pub const OPEN: &str = "Open";
pub const LINKS_AND_QR: &str = "Links and QR";
pub const WORKSHOP_CONTROLS: &str = "Workshop controls";

/// "Links and QR code of Blue".
pub fn room_links(room: &str) -> String {
    format!("Links and QR code of {room}")
}

/// "Lock Red room" / "Unlock Red room".
pub fn lock_room(room: &str, lock: bool) -> String {
    if lock {
        format!("Lock {room}")
    } else {
        format!("Unlock {room}")
    }
}

pub const SHOW_QR: &str = "Show QR code";
pub const HIDE_QR: &str = "Hide QR code";

pub fn qr_help(room: &str) -> String {
    format!("People can point a phone camera at this code to join {room}.")
}

pub fn qr_label(room: &str) -> String {
    format!("QR code to join {room}")
}

/// The tag of a card brought to the plenary: "From Red".
pub fn from_room(room: &str) -> String {
    format!("From {room}")
}

pub const BRING_TO_PLENARY: &str = "Bring to plenary";
pub const BRING_HELP: &str = "Copies the rooms' cards into the plenary map: stages and lanes of the same name are merged, and each card shows which room it came from. Bringing a room again adds only its new cards.";
pub const ROOMS_TO_BRING: &str = "Rooms to bring";
pub const CHOOSE_ROOMS: &str = "Choose at least one room.";

/// "Brought 17 cards from 2 rooms into the plenary."
pub fn brought(cards: u64, rooms: u64) -> String {
    let cards = comap_shared::summary::count_of(cards as usize, "card", "cards");
    let rooms = comap_shared::summary::count_of(rooms as usize, "room", "rooms");
    format!("Brought {cards} from {rooms} into the plenary.")
}

pub const EXPORT_ALL: &str = "Export all";
pub const EXPORT_ALL_HELP: &str = "One ZIP file with every room's map as a picture (PNG), a document to print (PDF) and a spreadsheet (CSV), with the workshop's actions and the reflection's answers (CSV).";
pub const EXPORT_ALL_BUTTON: &str = "Download all rooms (ZIP)";
pub const PREPARING_ZIP: &str = "Preparing the ZIP of every room\u{2026} A large workshop can take a minute; you can go on using the dashboard.";

pub fn zip_saved(name: &str) -> String {
    format!("Saved {name}.")
}

pub const ACTIONS: &str = "Actions";
pub const ACTIONS_HELP: &str = "Turn the plenary's most-voted ideas into actions: what will change, who will do it (a role, not a name) and by when. Actions are kept with the workshop and included in Export all.";
pub const TOP_IDEAS: &str = "Most-voted in the plenary";
pub const MAKE_ACTION: &str = "Make an action";
pub const ACTION_WHAT: &str = "What will be done";
pub const ACTION_WHO: &str = "Who (a role)";
pub const ACTION_WHO_HELP: &str =
    "For example \"practice nurse\" or \"reception team\", not a person's name.";
pub const ACTION_BY: &str = "By when";
pub const ADD_ACTION: &str = "Add action";
pub const ACTION_ADDED: &str = "Action added.";
pub const ACTION_DELETED: &str = "Action deleted.";
pub const NO_ACTIONS: &str = "No actions yet.";
pub const ACTION_LIST: &str = "The workshop's actions";

/// "Text reminders: 3 votes, from Red".
pub fn idea_line(text: &str, votes: u64, room: Option<&str>) -> String {
    let votes = comap_shared::summary::count_of(votes as usize, "vote", "votes");
    match room {
        Some(room) => format!("{text}: {votes}, from {room}"),
        None => format!("{text}: {votes}"),
    }
}

pub fn make_action_of(idea: &str) -> String {
    format!("Make an action of: {idea}")
}

pub fn delete_action(what: &str) -> String {
    format!("Delete action: {what}")
}

// The reflection, on the dashboard.
pub const REFLECTION: &str = "Reflection";
pub const REFLECTION_HELP: &str = "A few questions for everyone in every room at the end of the session. People answer on their own screen; the answers appear here together.";
pub const REFLECTION_QUESTIONS: &str = "Questions";
pub const ADD_QUESTION: &str = "Add a question";
pub const ANSWERS_ANONYMOUS: &str = "Answers are anonymous (no names or roles are kept)";
pub const OPEN_REFLECTION: &str = "Open reflection for everyone";
pub const CLOSE_REFLECTION: &str = "Close reflection";
pub const REFLECTION_OPENED_FOR_ALL: &str =
    "The reflection is open: everyone in every room can answer now.";
pub const REFLECTION_CLOSED: &str = "The reflection is closed. The answers are kept.";
pub const REFLECTION_IS_ANONYMOUS: &str = "Answers are anonymous.";
pub const REFLECTION_IS_NAMED: &str = "Answers keep each person's name, role and room.";
pub const REFLECTION_ANSWERS: &str = "Answers";
pub const NO_REFLECTION_ANSWERS: &str = "No answers yet.";
pub const DOWNLOAD_REFLECTION: &str = "Download answers (CSV)";
pub const REFLECTION_FILE: &str = "Reflections.csv";
pub const REFLECTION_DOWNLOADED: &str = "The answers were downloaded.";

pub fn question_label(n: usize) -> String {
    format!("Question {n}")
}

pub fn remove_reflection_question(n: usize) -> String {
    format!("Remove question {n}")
}

/// "Open: 4 people have answered."
pub fn reflection_state(open: bool, respondents: usize) -> String {
    let answered = match respondents {
        0 => "nobody has answered yet".to_string(),
        1 => "1 person has answered".to_string(),
        n => format!("{n} people have answered"),
    };
    if open {
        format!("Open: {answered}.")
    } else {
        format!("Closed: {answered}.")
    }
}

// The reflection, in a room.
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
