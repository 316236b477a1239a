//! Words of the facilitator's dashboard (its own page).

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
