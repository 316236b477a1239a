//! One WebSocket connection: the hello handshake, then frames relayed between
//! the socket and the map's room. A reader and a writer run side by side.

use crate::http::origin;
use crate::http::state::AppState;
use crate::ops::addr_limit::AddrSlot;
use crate::ops::config::Config;
use crate::ops::metrics::Metrics;
use crate::rooms::outbound::{
    Outbound, PeerQueueRx, SEND_DEADLINE, SendBudget, StoredFrames, peer_queue,
};
use crate::rooms::registry::OpenError;
use crate::rooms::room::RoomMsg;
use crate::secrets;
use axum::Json;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use comap_shared::presence::Presence;
use comap_shared::protocol::{
    ClientFrame, ErrorCode, FEATURE_CHANGES, FEATURE_EMPTY, FEATURE_PRESENCE, HelloError,
    ServerFrame, read_hello,
};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

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
        let join = RoomMsg::Join {
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
        };
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

/// Whether the stored map went to a newcomer.
enum Sent {
    Yes,
    No,
    /// The newcomer did not take it in time: dropped.
    TooSlow,
}

/// A newcomer with nothing of a map that is not open gets what is stored
/// first, and loads it while the room opens: it then waits for one load of
/// the history instead of two, one after the other. (An open room sends
/// its own copy.) Newcomers at the same time share one copy of the frame,
/// and its bytes come from the server's send budget: one that is not taken
/// within the send deadline drops the connection. Anything else that goes
/// wrong here only means the room sends the map instead.
async fn send_stored_document(
    state: &AppState,
    map: &str,
    sink: &mut SplitSink<WebSocket, Message>,
) -> Sent {
    if state.registry.loaded(map).await.is_some() {
        return Sent::No;
    }
    let store = state.registry.store();
    let frame = state
        .document_frames
        .get_or_make(map, || async {
            match store.load(map.to_string()).await {
                Ok(Some(stored)) => Some(StoredFrames {
                    view: stored
                        .view
                        .clone()
                        .map(|v| ServerFrame::View(v).encode().into()),
                    document: ServerFrame::Document(stored.bytes()).encode().into(),
                }),
                Ok(None) => None,
                Err(e) => {
                    tracing::warn!(map = %map, error = %e, "could not read the map for a newcomer");
                    None
                }
            }
        })
        .await;
    let Some(frame) = frame else {
        return Sent::No;
    };
    let Some(_permit) = state
        .send_budget
        .take(frame.byte_len(), SEND_DEADLINE)
        .await
    else {
        return Sent::TooSlow;
    };
    // The shared frames stay alive while they are sent, for newcomers
    // meanwhile. The map as it reads goes first, for the page to draw.
    let send = async {
        if let Some(view) = &frame.view {
            sink.send(Message::Binary(view.clone())).await?;
        }
        sink.send(Message::Binary(frame.document.clone())).await
    };
    match tokio::time::timeout(SEND_DEADLINE, send).await {
        Ok(Ok(())) => {
            state.metrics.documents_sent.fetch_add(1, Relaxed);
            Sent::Yes
        }
        Ok(Err(_)) => Sent::No,
        Err(_) => Sent::TooSlow,
    }
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
    loop {
        let bytes = match stream.next().await {
            Some(Ok(Message::Binary(b))) => b.to_vec(),
            Some(Ok(Message::Text(t))) => t.as_bytes().to_vec(),
            // Pings cost an answer: they count against the same rate.
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => {
                if bucket.take() {
                    continue;
                }
                let _ = room
                    .send(RoomMsg::Refuse {
                        peer,
                        code: ErrorCode::RateLimited,
                        message: "Too many messages; please reload the page.",
                    })
                    .await;
                return;
            }
            Some(Ok(Message::Close(_)) | Err(_)) | None => return,
        };
        metrics.frames_in.fetch_add(1, Relaxed);
        metrics.bytes_in.fetch_add(bytes.len() as u64, Relaxed);
        let msg = if bytes.len() > config.max_frame_bytes {
            RoomMsg::Refuse {
                peer,
                code: ErrorCode::FrameTooLarge,
                message: TOO_LARGE,
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
                Ok(ClientFrame::Presence(presence)) => match presence.check() {
                    Ok(()) => RoomMsg::Presence { peer, presence },
                    Err(_) => bad_presence(peer),
                },
                Ok(ClientFrame::Summon(view)) => {
                    let presence = Presence {
                        view: Some(view),
                        ..Presence::default()
                    };
                    match presence.check() {
                        Ok(()) => RoomMsg::Summon { peer, view },
                        Err(_) => bad_presence(peer),
                    }
                }
                Ok(ClientFrame::Voting(request)) => RoomMsg::Voting { peer, request },
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

fn bad_presence(peer: u64) -> RoomMsg {
    RoomMsg::Refuse {
        peer,
        code: ErrorCode::BadFrame,
        message: "A pointer position or card id was out of range.",
    }
}

/// Writes what the room queued for this peer: every frame already waiting
/// goes out with one flush (one write to the socket) rather than one each.
/// Each frame's bytes come from the server's send budget until flushed; a
/// frame that cannot get them, or be written, within the send deadline
/// drops the peer (a slow reader).
async fn write_loop(
    sink: SplitSink<WebSocket, Message>,
    rx: PeerQueueRx,
    budget: SendBudget,
    metrics: Arc<Metrics>,
) {
    write_within(sink, rx, budget, metrics, SEND_DEADLINE).await;
}

async fn write_within<S>(
    mut sink: S,
    mut rx: PeerQueueRx,
    budget: SendBudget,
    metrics: Arc<Metrics>,
    deadline: Duration,
) where
    S: futures_util::Sink<Message> + Unpin,
{
    let mut held = Vec::new();
    let mut next = rx.recv().await;
    while let Some(out) = next {
        let Outbound::Frame(bytes, _) = out else {
            break;
        };
        if bytes.len() >= crate::rooms::outbound::LARGE_FRAME && !held.is_empty() {
            // What this writer holds of the budget goes back before it asks
            // for more (it could otherwise wait on itself).
            match tokio::time::timeout(deadline, sink.flush()).await {
                Ok(Ok(())) => held.clear(),
                Ok(Err(_)) => return,
                Err(_) => return too_slow(&metrics),
            }
        }
        let Some(permit) = budget.take(bytes.len(), deadline).await else {
            return too_slow(&metrics);
        };
        held.push(permit);
        match tokio::time::timeout(deadline, sink.feed(Message::Binary(bytes))).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return,
            Err(_) => return too_slow(&metrics),
        }
        next = match rx.try_recv() {
            Ok(out) => Some(out),
            Err(mpsc::error::TryRecvError::Empty) => {
                match tokio::time::timeout(deadline, sink.flush()).await {
                    Ok(Ok(())) => {}
                    Ok(Err(_)) => return,
                    Err(_) => return too_slow(&metrics),
                }
                held.clear();
                rx.recv().await
            }
            Err(mpsc::error::TryRecvError::Disconnected) => None,
        };
    }
    let _ = tokio::time::timeout(deadline, sink.close()).await;
}

fn too_slow(metrics: &Metrics) {
    tracing::warn!("a peer did not read what it was sent in time; dropped");
    metrics.refused("slow_reader");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rooms::outbound::peer_queue;
    use axum::body::Bytes;

    /// A socket whose peer never reads: nothing it is given is ever taken.
    struct Stuck;

    impl futures_util::Sink<Message> for Stuck {
        type Error = ();
        fn poll_ready(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), ()>> {
            std::task::Poll::Pending
        }
        fn start_send(self: std::pin::Pin<&mut Self>, _: Message) -> Result<(), ()> {
            Ok(())
        }
        fn poll_flush(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), ()>> {
            std::task::Poll::Pending
        }
        fn poll_close(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), ()>> {
            std::task::Poll::Pending
        }
    }

    #[tokio::test]
    async fn a_peer_that_never_reads_is_dropped_after_the_deadline() {
        let (q, rx) = peer_queue();
        let metrics = Arc::new(Metrics::default());
        let budget = SendBudget::new(1 << 20);
        assert_eq!(q.push(Bytes::from(vec![0u8; 200 * 1024])), Ok(()));
        let deadline = Duration::from_millis(100);
        let started = tokio::time::Instant::now();
        let done = tokio::time::timeout(
            Duration::from_secs(5),
            write_within(Stuck, rx, budget.clone(), metrics.clone(), deadline),
        )
        .await;
        assert!(done.is_ok(), "the writer gave up");
        assert!(started.elapsed() >= deadline);
        assert!(
            metrics
                .render()
                .contains("comap_refused_total{reason=\"slow_reader\"} 1")
        );
        // What it held of the send budget is back.
        assert_eq!(budget.available_kib(), 1024);
        // And the room learns the peer is gone when it next sends to it.
        assert_eq!(
            q.push(Bytes::from_static(b"x")),
            Err(crate::rooms::outbound::QueueError::Closed)
        );
    }
}
