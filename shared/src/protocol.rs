//! The wire protocol between a browser (or any client) and the server.
//!
//! Every WebSocket message is one binary frame: a one-byte type tag followed
//! by a payload. Sync frames carry raw Automerge sync-message bytes; every
//! other frame carries UTF-8 JSON. `docs/protocol.md` is the full description.

use crate::model::Role;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use thiserror::Error;

/// The protocol version this code speaks, sent in the hello.
pub const PROTOCOL_VERSION: u32 = 1;
/// The longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// The type tags.
pub mod tag {
    pub const HELLO: u8 = 0x01;
    pub const WELCOME: u8 = 0x02;
    pub const SYNC: u8 = 0x10;
    pub const CHANGE: u8 = 0x11;
    pub const PEERS: u8 = 0x20;
    pub const ACK: u8 = 0x30;
    pub const ERROR: u8 = 0x7f;
}

/// The optional feature a client names in its hello to receive `change`
/// frames: other people's changes forwarded as they are accepted.
pub const FEATURE_CHANGES: &str = "changes";

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
            ErrorCode::Internal => "internal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorFrame {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientFrame {
    Hello(Hello),
    Sync(Vec<u8>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerFrame {
    Welcome(Welcome),
    Sync(Vec<u8>),
    /// One Automerge change, raw, forwarded to a client in sync.
    Change(Vec<u8>),
    Peers(Peers),
    Ack(Ack),
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

fn json_frame<T: Serialize>(tag: u8, value: &T) -> Vec<u8> {
    let mut out = vec![tag];
    // Serializing these plain structs to a Vec cannot fail.
    if let Ok(json) = serde_json::to_vec(value) {
        out.extend_from_slice(&json);
    }
    out
}

fn bytes_frame(tag: u8, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 1);
    out.push(tag);
    out.extend_from_slice(bytes);
    out
}

fn parse_json<T: DeserializeOwned>(payload: &[u8]) -> Result<T, FrameError> {
    serde_json::from_slice(payload).map_err(|e| FrameError::BadPayload(e.to_string()))
}

fn split(frame: &[u8]) -> Result<(u8, &[u8]), FrameError> {
    frame
        .split_first()
        .map(|(t, rest)| (*t, rest))
        .ok_or(FrameError::Empty)
}

impl ClientFrame {
    pub fn encode(&self) -> Vec<u8> {
        match self {
            ClientFrame::Hello(h) => json_frame(tag::HELLO, h),
            ClientFrame::Sync(b) => bytes_frame(tag::SYNC, b),
        }
    }

    pub fn decode(frame: &[u8]) -> Result<Self, FrameError> {
        let (t, payload) = split(frame)?;
        match t {
            tag::HELLO => parse_json(payload).map(ClientFrame::Hello),
            tag::SYNC => Ok(ClientFrame::Sync(payload.to_vec())),
            other => Err(FrameError::UnknownType(other)),
        }
    }
}

impl ServerFrame {
    pub fn encode(&self) -> Vec<u8> {
        match self {
            ServerFrame::Welcome(w) => json_frame(tag::WELCOME, w),
            ServerFrame::Sync(b) => bytes_frame(tag::SYNC, b),
            ServerFrame::Change(b) => bytes_frame(tag::CHANGE, b),
            ServerFrame::Peers(p) => json_frame(tag::PEERS, p),
            ServerFrame::Ack(a) => json_frame(tag::ACK, a),
            ServerFrame::Error(e) => json_frame(tag::ERROR, e),
        }
    }

    pub fn decode(frame: &[u8]) -> Result<Self, FrameError> {
        let (t, payload) = split(frame)?;
        match t {
            tag::WELCOME => parse_json(payload).map(ServerFrame::Welcome),
            tag::SYNC => Ok(ServerFrame::Sync(payload.to_vec())),
            tag::CHANGE => Ok(ServerFrame::Change(payload.to_vec())),
            tag::PEERS => parse_json(payload).map(ServerFrame::Peers),
            tag::ACK => parse_json(payload).map(ServerFrame::Ack),
            tag::ERROR => parse_json(payload).map(ServerFrame::Error),
            other => Err(FrameError::UnknownType(other)),
        }
    }

    pub fn error(code: ErrorCode, message: impl Into<String>) -> Self {
        ServerFrame::Error(ErrorFrame {
            code,
            message: message.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let hello = ClientFrame::Hello(Hello {
            version: PROTOCOL_VERSION,
            map: "m1".into(),
            secret: "s".into(),
            name: "Ann".into(),
            role: Role::Carer,
            features: vec![FEATURE_CHANGES.into()],
        });
        assert_eq!(ClientFrame::decode(&hello.encode()), Ok(hello));
        let sync = ServerFrame::Sync(vec![1, 2, 3]);
        assert_eq!(ServerFrame::decode(&sync.encode()), Ok(sync));
        let err = ServerFrame::error(ErrorCode::AccessDenied, "no");
        assert_eq!(ServerFrame::decode(&err.encode()), Ok(err));
        for code in [
            ErrorCode::RoomFull,
            ErrorCode::FrameTooLarge,
            ErrorCode::BadSync,
        ] {
            let json = serde_json::to_string(&code).expect("json");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn bad_frames_are_typed_errors() {
        assert_eq!(ClientFrame::decode(&[]), Err(FrameError::Empty));
        assert_eq!(
            ClientFrame::decode(&[0x55]),
            Err(FrameError::UnknownType(0x55))
        );
        assert!(matches!(
            ClientFrame::decode(&[tag::HELLO, b'{']),
            Err(FrameError::BadPayload(_))
        ));
        let hello_json = br#"{"version":1,"map":"m","secret":"s","name":"A","role":"patient"}"#;
        let mut frame = vec![tag::HELLO];
        frame.extend_from_slice(hello_json);
        assert!(matches!(
            ClientFrame::decode(&frame),
            Ok(ClientFrame::Hello(_))
        ));
    }
}
