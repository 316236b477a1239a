//! The SQL of every table in the SQLite file, run at every start (each
//! statement is `CREATE … IF NOT EXISTS`). Apart from the code that reads
//! and writes the tables so that opening the store needs none of it; and
//! the columns later versions added, added to older files at start.

use crate::error::StoreError;
use rusqlite::Connection;

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

/// The names of `table`'s columns.
fn columns_of(conn: &Connection, table: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let columns = stmt
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(columns)
}

/// Brings a database made by an earlier version up to date: adds the
/// facilitator and expiry columns, giving old maps 30 days from now, and
/// the workshops' language (English).
pub fn add_missing_columns(conn: &Connection) -> Result<(), StoreError> {
    let columns = columns_of(conn, "maps")?;
    if !columns.iter().any(|c| c == "facilitator_hash") {
        conn.execute_batch("ALTER TABLE maps ADD COLUMN facilitator_hash BLOB")?;
    }
    if !columns.iter().any(|c| c == "expires_ms") {
        let in_30_days = crate::clock::now_ms() + 30 * crate::clock::DAY_MS;
        conn.execute_batch("ALTER TABLE maps ADD COLUMN expires_ms INTEGER")?;
        conn.execute(
            "UPDATE maps SET expires_ms = ?1 WHERE expires_ms IS NULL",
            [in_30_days],
        )?;
    }
    if !columns_of(conn, "workshops")?
        .iter()
        .any(|c| c == "language")
    {
        conn.execute_batch("ALTER TABLE workshops ADD COLUMN language TEXT NOT NULL DEFAULT 'en'")?;
    }
    Ok(())
}
