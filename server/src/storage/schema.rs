//! The SQL of every table in the SQLite file, run at every start (each
//! statement is `CREATE … IF NOT EXISTS`). Apart from the code that reads
//! and writes the tables so that opening the store needs none of it.

/// Every table, in the order they must be created (later ones refer to
/// earlier ones).
pub const ALL: [&str; 4] = [MAPS, WORKSHOPS, REFLECTIONS, BALLOTS];

/// Maps, their snapshots and the chunks of changes stored after them.
const MAPS: &str = "
CREATE TABLE IF NOT EXISTS maps (
    id TEXT PRIMARY KEY,
    edit_hash BLOB NOT NULL,
    view_hash BLOB NOT NULL,
    created_ms INTEGER NOT NULL,
    facilitator_hash BLOB,
    expires_ms INTEGER
);
CREATE TABLE IF NOT EXISTS snapshots (
    map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
    bytes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS views (
    map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
    bytes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (map_id, seq)
);
";

/// Workshops, their rooms, locks, timers, notices and actions.
const WORKSHOPS: &str = "
CREATE TABLE IF NOT EXISTS workshops (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    facilitator_hash BLOB NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    language TEXT NOT NULL DEFAULT 'en'
);
CREATE TABLE IF NOT EXISTS workshop_rooms (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    plenary INTEGER NOT NULL,
    map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    join_code TEXT NOT NULL UNIQUE,
    edit_secret TEXT NOT NULL,
    view_secret TEXT NOT NULL,
    PRIMARY KEY (workshop_id, position)
);
CREATE TABLE IF NOT EXISTS workshop_timers (
    workshop_id TEXT PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
    ends_ms INTEGER,
    left_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS workshop_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    who TEXT NOT NULL,
    by_date TEXT NOT NULL,
    card TEXT,
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS room_notices (
    map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    sent_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS locked_rooms (
    map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE
);
";

/// A workshop's reflection and its answers.
const REFLECTIONS: &str = "
CREATE TABLE IF NOT EXISTS workshop_reflections (
    workshop_id TEXT PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
    questions TEXT NOT NULL,
    anonymous INTEGER NOT NULL,
    open INTEGER NOT NULL,
    -- Bumped by every change to the reflection or its answers.
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS reflection_responses (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    respondent TEXT NOT NULL,
    response TEXT NOT NULL,
    PRIMARY KEY (workshop_id, respondent)
);
";

/// Secret ballots: each voter's votes per card in the current round.
const BALLOTS: &str = "
CREATE TABLE IF NOT EXISTS ballots (
    map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    round TEXT NOT NULL,
    voter TEXT NOT NULL,
    card TEXT NOT NULL,
    votes INTEGER NOT NULL,
    PRIMARY KEY (map_id, round, voter, card)
);
";
