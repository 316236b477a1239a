//! The wire protocol between a browser (or any client) and the server.
//!
//! Every WebSocket message is one binary frame: a one-byte type tag followed
//! by a payload. Sync frames carry raw Automerge sync-message bytes; every
//! other frame carries UTF-8 JSON. `docs/protocol.md` is the full description.

use crate::model::{MAX_NAME_CHARS, Role};
use crate::presence::{Point, Presence, PresenceUpdate, Summon};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use thiserror::Error;

mod codec;

/// The protocol version this code speaks, sent in the hello.
pub const PROTOCOL_VERSION: u32 = 1;

/// The type tags.
pub mod tag {
    pub const HELLO: u8 = 0x01;
    pub const WELCOME: u8 = 0x02;
    pub const SYNC: u8 = 0x10;
    pub const CHANGE: u8 = 0x11;
    pub const DOCUMENT: u8 = 0x12;
    pub const VIEW: u8 = 0x13;
    pub const PEERS: u8 = 0x20;
    pub const ACK: u8 = 0x30;
    pub const PRESENCE: u8 = 0x40;
    pub const SUMMON: u8 = 0x41;
    pub const NOTICE: u8 = 0x50;
    pub const ROOM: u8 = 0x51;
    pub const VOTING: u8 = 0x60;
    pub const BALLOT: u8 = 0x61;
    pub const ERROR: u8 = 0x7f;
}

/// The optional feature a client names in its hello to receive `change`
/// frames: other people's changes forwarded as they are accepted.
pub const FEATURE_CHANGES: &str = "changes";
/// The optional feature a client names in its hello to receive others'
/// presence (pointers, editing markers) and summons.
pub const FEATURE_PRESENCE: &str = "presence";
/// The optional feature a client names in its hello when it holds nothing of
/// the map yet: if the map is not open, the server first sends what it has
/// stored (a `document` frame) and opens the map meanwhile, so the newcomer
/// loads the map once instead of waiting for the server to load it first.
pub const FEATURE_EMPTY: &str = "empty";

/// The first frame a client sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub version: u32,
    pub map: String,
    pub secret: String,
    pub name: String,
    pub role: Role,
    /// Optional features the client understands (for example `"changes"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// The voter id this browser keeps for the map (`voting::valid_voter`):
    /// the connection's votes are cast under it, and no other. Without one
    /// the server gives the connection an id of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voter: Option<String>,
}

/// The server's answer to an accepted hello.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    pub version: u32,
    /// This connection's peer number within the map.
    pub peer: u64,
    /// Whether changes from this connection are accepted.
    pub can_edit: bool,
    /// This person's colour, as a CSS hex colour.
    pub color: String,
    /// Whether this connection holds the facilitator link.
    #[serde(default)]
    pub facilitator: bool,
    /// When the server will delete the map (milliseconds since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_ms: Option<i64>,
}

/// One person connected to the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerInfo {
    pub peer: u64,
    pub name: String,
    pub role: Role,
    pub color: String,
    pub can_edit: bool,
}

/// Everyone connected to the map, sent whenever it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peers {
    pub peers: Vec<PeerInfo>,
}

/// Sent to the author of changes once they are on disk: the document's heads
/// (hex change hashes) after those changes were stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    pub heads: Vec<String>,
}

/// Why the server refused something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The frame could not be decoded.
    BadFrame,
    /// The hello named a protocol version the server does not speak.
    UnsupportedVersion,
    /// Unknown map or wrong secret (deliberately indistinguishable).
    AccessDenied,
    /// A view-only connection sent changes; they were not applied.
    ReadOnly,
    /// A sync message Automerge could not apply.
    BadSync,
    /// No hello arrived in time.
    HelloTimeout,
    /// The hello's name or role was not acceptable.
    BadHello,
    /// A message larger than the server accepts.
    FrameTooLarge,
    /// The map already has as many people as it allows.
    RoomFull,
    /// The connection sent more messages than allowed.
    RateLimited,
    /// A change that breaks the map's schema; it was not applied.
    InvalidChange,
    /// The map has reached the size this server stores; the change was not applied.
    MapTooLarge,
    /// The map was deleted (by its facilitator, or when it expired).
    Deleted,
    /// The server is restarting; reconnect shortly.
    ServerRestarting,
    /// The server has as many maps open as it allows; try again shortly.
    ServerBusy,
    /// Too many connections from one address.
    TooManyConnections,
    /// Changes this person may not make (to the structure, or to the voting
    /// round): none of the message's changes was kept, and the connection
    /// closes. A page then starts again from the server's copy.
    NotAllowed,
    /// A voting request was not done: not the facilitator's to make, no
    /// votes left, the round ended, not a card that takes votes. The
    /// connection stays open.
    VoteRefused,
    /// The server could not complete the request.
    Internal,
}

impl ErrorCode {
    /// The code as it appears on the wire (and in metrics).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadFrame => "bad_frame",
            ErrorCode::UnsupportedVersion => "unsupported_version",
            ErrorCode::AccessDenied => "access_denied",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::BadSync => "bad_sync",
            ErrorCode::HelloTimeout => "hello_timeout",
            ErrorCode::BadHello => "bad_hello",
            ErrorCode::FrameTooLarge => "frame_too_large",
            ErrorCode::RoomFull => "room_full",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::InvalidChange => "invalid_change",
            ErrorCode::MapTooLarge => "map_too_large",
            ErrorCode::Deleted => "deleted",
            ErrorCode::ServerRestarting => "server_restarting",
            ErrorCode::ServerBusy => "server_busy",
            ErrorCode::TooManyConnections => "too_many_connections",
            ErrorCode::NotAllowed => "not_allowed",
            ErrorCode::VoteRefused => "vote_refused",
            ErrorCode::Internal => "internal",
        }
    }
}

/// The longest notice a facilitator can send, in characters.
pub const MAX_NOTICE_CHARS: usize = 280;

/// A message from a workshop's facilitator to everyone in a room ("10
/// minutes left"), shown until dismissed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub text: String,
    /// When the facilitator sent it (server clock, ms since the epoch).
    pub sent_ms: i64,
}

/// A workshop room's state as its facilitator set it: locked (nobody but
/// the facilitator may change the map), the workshop's timer, its
/// reflection while open, and (in the plenary) its actions. Sent on joining
/// a room where any is set, and whenever one changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RoomStatus {
    pub locked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timer: Option<crate::timer::TimerShown>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reflection: Option<crate::reflection::Reflection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<crate::workshop_actions::Action>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorFrame {
    pub code: ErrorCode,
    pub message: String,
}

/// Why a first frame is not an acceptable hello.
#[derive(Debug, Error, Clone, Copy, PartialEq, Eq)]
pub enum HelloError {
    #[error("the first frame must be a hello")]
    NotHello,
    #[error("unsupported protocol version")]
    Version,
    #[error("the name must be 1 to {MAX_NAME_CHARS} characters")]
    Name,
    #[error("not a map id")]
    MapId,
}

impl HelloError {
    /// The error code a server answers with.
    pub fn code(self) -> ErrorCode {
        match self {
            HelloError::NotHello => ErrorCode::BadFrame,
            HelloError::Version => ErrorCode::UnsupportedVersion,
            HelloError::Name => ErrorCode::BadHello,
            // Indistinguishable from an unknown map or a wrong secret.
            HelloError::MapId => ErrorCode::AccessDenied,
        }
    }
}

/// Whether `chunk` is one uncompressed Automerge change: what a `change`
/// frame holds.
pub fn is_change_chunk(chunk: &[u8]) -> bool {
    crate::chunks::is_one_change(chunk)
}

/// Whether a string looks like a map id (so junk never reaches a database).
pub fn valid_map_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Reads a connection's first frame as a hello and checks everything that
/// needs no database: the version, the name (returned trimmed), the map id.
pub fn read_hello(frame: &[u8]) -> Result<Hello, HelloError> {
    let Ok(ClientFrame::Hello(mut hello)) = ClientFrame::decode(frame) else {
        return Err(HelloError::NotHello);
    };
    if hello.version != PROTOCOL_VERSION {
        return Err(HelloError::Version);
    }
    hello.name = hello.name.trim().to_string();
    let len = hello.name.chars().count();
    if len == 0 || len > MAX_NAME_CHARS {
        return Err(HelloError::Name);
    }
    if !valid_map_id(&hello.map) {
        return Err(HelloError::MapId);
    }
    Ok(hello)
}

#[derive(Debug, Clone, PartialEq)]
pub enum ClientFrame {
    Hello(Hello),
    Sync(Vec<u8>),
    /// This person's presence (replaces what they shared before).
    Presence(Presence),
    /// An editor asks everyone to look at this part of the board.
    Summon(Point),
    /// Asks the server's voting round for something (see `voting`).
    Voting(crate::voting::VotingRequest),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ServerFrame {
    Welcome(Welcome),
    Sync(Vec<u8>),
    /// One Automerge change, raw, forwarded to a client in sync.
    Change(Vec<u8>),
    /// The map as stored (Automerge's saved form: a document, then changes),
    /// to a client that said it is empty, before its welcome.
    Document(Vec<u8>),
    /// The map as it reads (`view_bytes`), before the document when the
    /// server has it at hand: the newcomer draws it while the document loads.
    View(Vec<u8>),
    Peers(Peers),
    Ack(Ack),
    /// Others' presence (to clients that named `presence` in their hello).
    Presence(PresenceUpdate),
    Summon(Summon),
    Notice(Notice),
    Room(RoomStatus),
    /// This connection's own ballot in the round (and how many have voted).
    Ballot(crate::voting::BallotNews),
    Error(ErrorFrame),
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FrameError {
    #[error("empty frame")]
    Empty,
    #[error("unknown frame type 0x{0:02x}")]
    UnknownType(u8),
    #[error("malformed payload: {0}")]
    BadPayload(String),
}

#[cfg(test)]
mod tests;
