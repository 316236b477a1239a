//! One WebSocket connection: the hello handshake, then frames relayed between
//! the socket and the map's room. A reader and a writer run side by side.

use crate::app::AppState;
use crate::config::Config;
use crate::metrics::Metrics;
use crate::room::{OUTBOUND_QUEUE, Outbound, RoomMsg};
use crate::{origin, secrets};
use axum::Json;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use comap_shared::protocol::{
    ClientFrame, ErrorCode, FEATURE_CHANGES, Hello, MAX_NAME_CHARS, PROTOCOL_VERSION, ServerFrame,
};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

pub async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !origin::allowed(&headers, &state.config.allowed_origin) {
        tracing::warn!("websocket upgrade refused: origin not allowed");
        state.metrics.refused("forbidden_origin");
        let body = Json(json!({
            "error": "forbidden_origin",
            "message": "This page may not connect to this Comap server."
        }));
        return (StatusCode::FORBIDDEN, body).into_response();
    }
    let max = state.config.max_frame_bytes;
    // Messages up to twice the limit are read and refused with a typed error;
    // beyond that the WebSocket layer drops the connection unread.
    ws.max_message_size(max.saturating_mul(2))
        .max_frame_size(max.saturating_mul(2))
        .on_upgrade(move |socket| connection(socket, state))
}

/// A hello that passed every check.
struct Admitted {
    map: String,
    name: String,
    role: comap_shared::Role,
    can_edit: bool,
    /// The client takes forwarded `change` frames.
    takes_changes: bool,
}

async fn connection(socket: WebSocket, state: AppState) {
    let (mut sink, mut stream) = socket.split();
    let timeout = Duration::from_secs(state.config.hello_timeout_secs);
    let first = match tokio::time::timeout(timeout, next_binary(&mut stream)).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return,
        Err(_) => {
            return refuse(
                &state.metrics,
                &mut sink,
                &mut stream,
                ErrorCode::HelloTimeout,
                "No hello arrived in time.",
            )
            .await;
        }
    };
    if first.len() > state.config.max_frame_bytes {
        let message = "That message is larger than this server accepts.";
        return refuse(
            &state.metrics,
            &mut sink,
            &mut stream,
            ErrorCode::FrameTooLarge,
            message,
        )
        .await;
    }
    let admitted = match check_hello(&state, &first).await {
        Ok(a) => a,
        Err((code, message)) => {
            return refuse(&state.metrics, &mut sink, &mut stream, code, message).await;
        }
    };
    for _attempt in 0..3 {
        let room = match state.registry.get_or_load(&admitted.map).await {
            Ok(Some(room)) => room,
            Ok(None) => {
                return refuse(
                    &state.metrics,
                    &mut sink,
                    &mut stream,
                    ErrorCode::AccessDenied,
                    ACCESS_DENIED,
                )
                .await;
            }
            Err(e) => {
                tracing::error!(map = %admitted.map, error = %e, "could not open map");
                return refuse(
                    &state.metrics,
                    &mut sink,
                    &mut stream,
                    ErrorCode::Internal,
                    "The map could not be opened.",
                )
                .await;
            }
        };
        let (out_tx, out_rx) = mpsc::channel(OUTBOUND_QUEUE);
        let (reply_tx, reply_rx) = oneshot::channel();
        let join = RoomMsg::Join {
            name: admitted.name.clone(),
            role: admitted.role,
            can_edit: admitted.can_edit,
            takes_changes: admitted.takes_changes,
            out: out_tx,
            reply: reply_tx,
        };
        if room.tx.send(join).await.is_err() {
            continue;
        }
        // A dropped reply means the room was unloading: try again.
        let peer = match reply_rx.await {
            Ok(Ok(peer)) => peer,
            Ok(Err(code)) => {
                return refuse(&state.metrics, &mut sink, &mut stream, code, ROOM_FULL).await;
            }
            Err(_) => continue,
        };
        let mut writer = tokio::spawn(write_loop(sink, out_rx));
        let closed_by_us = tokio::select! {
            _ = read_loop(&mut stream, &room.tx, peer, &state.config, &state.metrics) => false,
            _ = &mut writer => true,
        };
        let _ = room.tx.send(RoomMsg::Leave { peer }).await;
        if closed_by_us {
            drain(&mut stream).await;
        }
        return;
    }
    refuse(
        &state.metrics,
        &mut sink,
        &mut stream,
        ErrorCode::Internal,
        "The map could not be opened.",
    )
    .await;
}

const ROOM_FULL: &str = "This map already has as many people as it allows. Please try again later.";
const ACCESS_DENIED: &str = "This link is not valid. Ask the person who shared it for a new one.";

async fn check_hello(
    state: &AppState,
    frame: &[u8],
) -> Result<Admitted, (ErrorCode, &'static str)> {
    let hello: Hello = match ClientFrame::decode(frame) {
        Ok(ClientFrame::Hello(h)) => h,
        _ => return Err((ErrorCode::BadFrame, "The first frame must be a hello.")),
    };
    if hello.version != PROTOCOL_VERSION {
        return Err((
            ErrorCode::UnsupportedVersion,
            "This page is out of date: please reload it.",
        ));
    }
    let name = hello.name.trim().to_string();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err((
            ErrorCode::BadHello,
            "Please give a name of 1 to 60 characters.",
        ));
    }
    if !secrets::valid_map_id(&hello.map) {
        return Err((ErrorCode::AccessDenied, ACCESS_DENIED));
    }
    let access = match state.registry.store().access(hello.map.clone()).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "could not read map access");
            return Err((ErrorCode::Internal, "The map could not be opened."));
        }
    };
    // Unknown map and wrong secret take the same path and give the same answer.
    let (edit_hash, view_hash) = match &access {
        Some(a) => (a.edit_hash.as_slice(), a.view_hash.as_slice()),
        None => (&[0u8; 32][..], &[0u8; 32][..]),
    };
    let is_edit = secrets::matches(&hello.secret, edit_hash);
    let is_view = secrets::matches(&hello.secret, view_hash);
    if access.is_none() || !(is_edit || is_view) {
        return Err((ErrorCode::AccessDenied, ACCESS_DENIED));
    }
    Ok(Admitted {
        takes_changes: hello.features.iter().any(|f| f == FEATURE_CHANGES),
        map: hello.map,
        name,
        role: hello.role,
        can_edit: is_edit,
    })
}

/// The next binary message, skipping pings; `None` when the socket ends.
/// A text message is returned as its bytes, so it fails decoding as a frame.
async fn next_binary(stream: &mut SplitStream<WebSocket>) -> Option<Vec<u8>> {
    loop {
        match stream.next().await? {
            Ok(Message::Binary(b)) => return Some(b.to_vec()),
            Ok(Message::Text(t)) => return Some(t.as_bytes().to_vec()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

async fn read_loop(
    stream: &mut SplitStream<WebSocket>,
    room: &mpsc::Sender<RoomMsg>,
    peer: u64,
    config: &Config,
    metrics: &Metrics,
) {
    let mut bucket = Bucket::new(config.max_msgs_per_sec);
    while let Some(bytes) = next_binary(stream).await {
        metrics.frames_in.fetch_add(1, Relaxed);
        metrics.bytes_in.fetch_add(bytes.len() as u64, Relaxed);
        let msg = if bytes.len() > config.max_frame_bytes {
            RoomMsg::Refuse {
                peer,
                code: ErrorCode::FrameTooLarge,
                message: "That message is larger than this server accepts.",
            }
        } else if !bucket.take() {
            RoomMsg::Refuse {
                peer,
                code: ErrorCode::RateLimited,
                message: "Too many messages; please reload the page.",
            }
        } else {
            match ClientFrame::decode(&bytes) {
                Ok(ClientFrame::Sync(bytes)) => RoomMsg::Sync { peer, bytes },
                // Anything else after the hello is a protocol error: the room
                // refuses it and closes the peer.
                Ok(ClientFrame::Hello(_)) | Err(_) => RoomMsg::Refuse {
                    peer,
                    code: ErrorCode::BadFrame,
                    message: "Unexpected or malformed frame.",
                },
            }
        };
        if room.send(msg).await.is_err() {
            return;
        }
    }
}

async fn write_loop(mut sink: SplitSink<WebSocket, Message>, mut rx: mpsc::Receiver<Outbound>) {
    while let Some(out) = rx.recv().await {
        match out {
            Outbound::Frame(bytes) => {
                if sink.send(Message::Binary(bytes.into())).await.is_err() {
                    return;
                }
            }
            Outbound::Close => break,
        }
    }
    let _ = sink.close().await;
}

/// After we closed: read what the client still sends until it closes too (or
/// a second passes), so our last frames are not lost to a TCP reset.
async fn drain(stream: &mut SplitStream<WebSocket>) {
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while let Some(Ok(msg)) = stream.next().await {
            if matches!(msg, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

async fn refuse(
    metrics: &Metrics,
    sink: &mut SplitSink<WebSocket, Message>,
    stream: &mut SplitStream<WebSocket>,
    code: ErrorCode,
    message: &str,
) {
    tracing::info!(?code, "connection refused");
    metrics.refused(code.as_str());
    let frame = ServerFrame::error(code, message).encode();
    let _ = sink.send(Message::Binary(frame.into())).await;
    let _ = sink.close().await;
    drain(stream).await;
}

/// A token bucket: `rate` messages a second sustained, bursts of four times that.
struct Bucket {
    tokens: f64,
    rate: f64,
    burst: f64,
    last: tokio::time::Instant,
}

impl Bucket {
    fn new(rate: u32) -> Self {
        let rate = f64::from(rate.max(1));
        Bucket {
            tokens: rate * 4.0,
            rate,
            burst: rate * 4.0,
            last: tokio::time::Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = tokio::time::Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(self.burst);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
