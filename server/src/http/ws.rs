//! One WebSocket connection: the hello handshake, then frames relayed between
//! the socket and the map's room. A reader and a writer run side by side.

use crate::http::origin;
use crate::http::state::AppState;
use crate::ops::addr_limit::AddrSlot;
use crate::rooms::outbound::peer_queue;
use crate::rooms::registry::OpenError;
use crate::rooms::room::{JoinRequest, RoomMsg};
use crate::secrets;
use axum::Json;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use comap_shared::protocol::{
    ErrorCode, FEATURE_CHANGES, FEATURE_EMPTY, FEATURE_PRESENCE, HelloError, read_hello,
};
use futures_util::StreamExt;
use futures_util::stream::{SplitSink, SplitStream};
use serde_json::json;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::oneshot;

mod reading;
mod writing;

use reading::{next_binary, read_loop};
use writing::{Sent, drain, refuse, send_stored_document, write_loop};

pub async fn upgrade(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !origin::allowed(&headers, &state.allowed_origins) {
        tracing::warn!("websocket upgrade refused: origin not allowed");
        state.metrics.refused("forbidden_origin");
        let body = Json(json!({
            "error": "forbidden_origin",
            "message": "This page may not connect to this Comap server."
        }));
        return (StatusCode::FORBIDDEN, body).into_response();
    }
    // Counted from here until the connection ends; over the limit, the
    // connection is told why and closed.
    let slot = state.addr_limit.take(client.ip());
    let alive = state.sockets.enter();
    let max = state.config.max_frame_bytes;
    // Messages up to twice the limit are read and refused with a typed error;
    // beyond that the WebSocket layer drops the connection unread.
    ws.max_message_size(max.saturating_mul(2))
        .max_frame_size(max.saturating_mul(2))
        .on_upgrade(move |socket| async move {
            connection(socket, state, slot).await;
            drop(alive);
        })
}

/// A hello that passed every check.
struct Admitted {
    map: String,
    name: String,
    role: comap_shared::Role,
    can_edit: bool,
    facilitator: bool,
    expires_ms: i64,
    /// The client takes forwarded `change` frames.
    takes_changes: bool,
    /// The client takes others' presence and summons.
    takes_presence: bool,
    /// The client holds nothing of the map yet and takes a `document` frame.
    is_empty: bool,
    /// The voter id the connection's votes go under (its browser's, if valid).
    voter: Option<String>,
}

async fn connection(socket: WebSocket, state: AppState, slot: Option<AddrSlot>) {
    let (mut sink, mut stream) = socket.split();
    let (code, message) = match admit(&state, slot.is_some(), &mut stream).await {
        Ok(admitted) => match serve_peer(&state, &admitted, sink, &mut stream).await {
            Ok(()) => return,
            Err((s, refusal)) => {
                sink = s;
                refusal
            }
        },
        Err(refusal) => refusal,
    };
    refuse(&state.metrics, &mut sink, &mut stream, code, message).await;
}

type Refusal = (ErrorCode, &'static str);

/// Reads and checks the hello (within the timeout, and within the limits).
async fn admit(
    state: &AppState,
    has_slot: bool,
    stream: &mut SplitStream<WebSocket>,
) -> Result<Admitted, Refusal> {
    if !has_slot {
        return Err((ErrorCode::TooManyConnections, TOO_MANY));
    }
    let timeout = Duration::from_secs(state.config.hello_timeout_secs);
    let first = match tokio::time::timeout(timeout, next_binary(stream)).await {
        Ok(Some(bytes)) => bytes,
        // The socket closed before saying anything: nothing to answer.
        Ok(None) => return Err((ErrorCode::BadFrame, "The first frame must be a hello.")),
        Err(_) => return Err((ErrorCode::HelloTimeout, "No hello arrived in time.")),
    };
    if first.len() > state.config.max_frame_bytes {
        return Err((ErrorCode::FrameTooLarge, TOO_LARGE));
    }
    check_hello(state, &first).await
}

/// Joins the admitted peer to its map's room and relays frames until either
/// side closes. Gives the sink back with a refusal when the room cannot be
/// joined.
async fn serve_peer(
    state: &AppState,
    admitted: &Admitted,
    mut sink: SplitSink<WebSocket, Message>,
    stream: &mut SplitStream<WebSocket>,
) -> Result<(), (SplitSink<WebSocket, Message>, Refusal)> {
    // Over the memory budget, no map is opened (joining one that is open
    // costs little, and a process's resident memory seldom falls back).
    if state.memory.pressure() == crate::rooms::memory::Pressure::Full
        && state.registry.loaded(&admitted.map).await.is_none()
    {
        state.metrics.refused("memory_budget");
        return Err((sink, (ErrorCode::ServerBusy, SERVER_BUSY)));
    }
    // A newcomer with nothing gets the map first: from the store when the
    // map is not open (else from the room, which holds it).
    let sent_document = admitted.is_empty
        && match send_stored_document(state, &admitted.map, &mut sink).await {
            Sent::Yes => true,
            Sent::No => false,
            Sent::TooSlow => {
                state.metrics.refused("slow_reader");
                return Ok(());
            }
        };
    for _attempt in 0..3 {
        let room = match state.registry.get_or_load(&admitted.map).await {
            Ok(Some(room)) => room,
            Ok(None) => return Err((sink, (ErrorCode::AccessDenied, ACCESS_DENIED))),
            Err(OpenError::Busy) => return Err((sink, (ErrorCode::ServerBusy, SERVER_BUSY))),
            Err(OpenError::ShuttingDown) => {
                return Err((sink, (ErrorCode::ServerRestarting, RESTARTING)));
            }
            Err(OpenError::Store(e)) => {
                tracing::error!(map = %admitted.map, error = %e, "could not open map");
                return Err((sink, (ErrorCode::Internal, NOT_OPENED)));
            }
        };
        let (out_tx, out_rx) = peer_queue();
        let (reply_tx, reply_rx) = oneshot::channel();
        let join = RoomMsg::Join(JoinRequest {
            name: admitted.name.clone(),
            role: admitted.role,
            can_edit: admitted.can_edit,
            facilitator: admitted.facilitator,
            voter: admitted.voter.clone(),
            expires_ms: admitted.expires_ms,
            takes_changes: admitted.takes_changes,
            takes_presence: admitted.takes_presence,
            out: out_tx,
            wants_document: admitted.is_empty && !sent_document,
            reply: reply_tx,
        });
        if room.tx.send(join).await.is_err() {
            continue;
        }
        // A dropped reply means the room was unloading: try again.
        let peer = match reply_rx.await {
            Ok(Ok(peer)) => peer,
            Ok(Err(code)) => return Err((sink, (code, ROOM_FULL))),
            Err(_) => continue,
        };
        let mut writer = tokio::spawn(write_loop(
            sink,
            out_rx,
            state.send_budget.clone(),
            state.metrics.clone(),
        ));
        let closed_by_us = tokio::select! {
            _ = read_loop(stream, &room.tx, peer, &state.config, &state.metrics) => false,
            _ = &mut writer => true,
        };
        let _ = room.tx.send(RoomMsg::Leave { peer }).await;
        if closed_by_us {
            drain(stream).await;
        }
        return Ok(());
    }
    Err((sink, (ErrorCode::Internal, NOT_OPENED)))
}

const TOO_MANY: &str = "Too many connections from your network. Please close other Comap tabs.";

const TOO_LARGE: &str = "That message is larger than this server accepts.";

const SERVER_BUSY: &str = "The server is very busy. Please try again in a minute.";

const RESTARTING: &str = "The server is restarting; your map will reconnect by itself.";

const NOT_OPENED: &str = "The map could not be opened.";

const ROOM_FULL: &str = "This map already has as many people as it allows. Please try again later.";

const ACCESS_DENIED: &str = "This link is not valid. Ask the person who shared it for a new one.";

async fn check_hello(state: &AppState, frame: &[u8]) -> Result<Admitted, Refusal> {
    let hello = read_hello(frame).map_err(|e| {
        let message = match e {
            HelloError::NotHello => "The first frame must be a hello.",
            HelloError::Version => "This page is out of date: please reload it.",
            HelloError::Name => "Please give a name of 1 to 60 characters.",
            HelloError::MapId => ACCESS_DENIED,
        };
        (e.code(), message)
    })?;
    let access = match state.registry.store().access(hello.map.clone()).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "could not read map access");
            return Err((ErrorCode::Internal, NOT_OPENED));
        }
    };
    let Some(grant) = secrets::grant(access.as_ref(), &hello.secret) else {
        return Err((ErrorCode::AccessDenied, ACCESS_DENIED));
    };
    let Some(access) = access else {
        return Err((ErrorCode::AccessDenied, ACCESS_DENIED));
    };
    Ok(Admitted {
        takes_changes: hello.features.iter().any(|f| f == FEATURE_CHANGES),
        takes_presence: hello.features.iter().any(|f| f == FEATURE_PRESENCE),
        is_empty: hello.features.iter().any(|f| f == FEATURE_EMPTY),
        voter: hello.voter.filter(|v| comap_shared::voting::valid_voter(v)),
        map: hello.map,
        name: hello.name,
        role: hello.role,
        can_edit: grant.can_edit,
        facilitator: grant.facilitator,
        expires_ms: access.expires_ms,
    })
}
