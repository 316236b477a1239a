//! A connection's reader: each frame from the socket checked and passed to
//! the room, within the connection's rate (pings count).

use super::*;
use crate::ops::config::Config;
use crate::ops::metrics::Metrics;
use crate::rooms::room::RoomMsg;
use axum::extract::ws::{Message, WebSocket};
use comap_shared::presence::Presence;
use comap_shared::protocol::{ClientFrame, ErrorCode};
use futures_util::StreamExt;
use futures_util::stream::SplitStream;
use std::sync::atomic::Ordering::Relaxed;
use tokio::sync::mpsc;

/// The next binary message, skipping pings; `None` when the socket ends.
/// A text message is returned as its bytes, so it fails decoding as a frame.
pub(super) async fn next_binary(stream: &mut SplitStream<WebSocket>) -> Option<Vec<u8>> {
    loop {
        match stream.next().await? {
            Ok(Message::Binary(b)) => return Some(b.to_vec()),
            Ok(Message::Text(t)) => return Some(t.as_bytes().to_vec()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

pub(super) async fn read_loop(
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

pub(super) fn bad_presence(peer: u64) -> RoomMsg {
    RoomMsg::Refuse {
        peer,
        code: ErrorCode::BadFrame,
        message: "A pointer position or card id was out of range.",
    }
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
