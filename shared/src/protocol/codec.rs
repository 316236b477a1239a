//! Frames to bytes and back: a one-byte tag, then raw sync bytes or UTF-8
//! JSON.

use super::*;

pub(super) fn json_frame<T: Serialize>(tag: u8, value: &T) -> Vec<u8> {
    let mut out = vec![tag];
    // Serializing these plain structs to a Vec cannot fail.
    if let Ok(json) = serde_json::to_vec(value) {
        out.extend_from_slice(&json);
    }
    out
}

pub(super) fn bytes_frame(tag: u8, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 1);
    out.push(tag);
    out.extend_from_slice(bytes);
    out
}

pub(super) fn parse_json<T: DeserializeOwned>(payload: &[u8]) -> Result<T, FrameError> {
    serde_json::from_slice(payload).map_err(|e| FrameError::BadPayload(e.to_string()))
}

pub(super) fn split(frame: &[u8]) -> Result<(u8, &[u8]), FrameError> {
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
            ClientFrame::Presence(p) => json_frame(tag::PRESENCE, p),
            ClientFrame::Summon(v) => json_frame(tag::SUMMON, v),
            ClientFrame::Voting(v) => json_frame(tag::VOTING, v),
        }
    }

    pub fn decode(frame: &[u8]) -> Result<Self, FrameError> {
        let (t, payload) = split(frame)?;
        match t {
            tag::HELLO => parse_json(payload).map(ClientFrame::Hello),
            tag::SYNC => Ok(ClientFrame::Sync(payload.to_vec())),
            tag::PRESENCE => parse_json(payload).map(ClientFrame::Presence),
            tag::SUMMON => parse_json(payload).map(ClientFrame::Summon),
            tag::VOTING => parse_json(payload).map(ClientFrame::Voting),
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
            ServerFrame::Document(b) => bytes_frame(tag::DOCUMENT, b),
            ServerFrame::View(b) => bytes_frame(tag::VIEW, b),
            ServerFrame::Peers(p) => json_frame(tag::PEERS, p),
            ServerFrame::Ack(a) => json_frame(tag::ACK, a),
            ServerFrame::Presence(p) => json_frame(tag::PRESENCE, p),
            ServerFrame::Summon(s) => json_frame(tag::SUMMON, s),
            ServerFrame::Notice(n) => json_frame(tag::NOTICE, n),
            ServerFrame::Room(r) => json_frame(tag::ROOM, r),
            ServerFrame::Ballot(b) => json_frame(tag::BALLOT, b),
            ServerFrame::Error(e) => json_frame(tag::ERROR, e),
        }
    }

    pub fn decode(frame: &[u8]) -> Result<Self, FrameError> {
        let (t, payload) = split(frame)?;
        match t {
            tag::WELCOME => parse_json(payload).map(ServerFrame::Welcome),
            tag::SYNC => Ok(ServerFrame::Sync(payload.to_vec())),
            tag::CHANGE => Ok(ServerFrame::Change(payload.to_vec())),
            tag::DOCUMENT => Ok(ServerFrame::Document(payload.to_vec())),
            tag::VIEW => Ok(ServerFrame::View(payload.to_vec())),
            tag::PEERS => parse_json(payload).map(ServerFrame::Peers),
            tag::ACK => parse_json(payload).map(ServerFrame::Ack),
            tag::PRESENCE => parse_json(payload).map(ServerFrame::Presence),
            tag::SUMMON => parse_json(payload).map(ServerFrame::Summon),
            tag::NOTICE => parse_json(payload).map(ServerFrame::Notice),
            tag::ROOM => parse_json(payload).map(ServerFrame::Room),
            tag::BALLOT => parse_json(payload).map(ServerFrame::Ballot),
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
