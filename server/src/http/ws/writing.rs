//! A connection's writer: the frames its room queued for it written to the
//! socket, every frame already queued with one flush, within the send
//! deadline; and the stored map sent to a newcomer before it joins.

use crate::http::state::AppState;
use crate::ops::metrics::Metrics;
use crate::rooms::outbound::{Outbound, PeerQueueRx, SEND_DEADLINE, SendBudget, StoredFrames};
use axum::extract::ws::{Message, WebSocket};
use comap_shared::protocol::{ErrorCode, ServerFrame};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;
use tokio::sync::mpsc;

/// Whether the stored map went to a newcomer.
pub(super) enum Sent {
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
pub(super) async fn send_stored_document(
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

/// Writes what the room queued for this peer: every frame already waiting
/// goes out with one flush (one write to the socket) rather than one each.
/// Each frame's bytes come from the server's send budget until flushed; a
/// frame that cannot get them, or be written, within the send deadline
/// drops the peer (a slow reader).
pub(super) async fn write_loop(
    sink: SplitSink<WebSocket, Message>,
    rx: PeerQueueRx,
    budget: SendBudget,
    metrics: Arc<Metrics>,
) {
    write_within(sink, rx, budget, metrics, SEND_DEADLINE).await;
}

pub(super) async fn write_within<S>(
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

pub(super) fn too_slow(metrics: &Metrics) {
    tracing::warn!("a peer did not read what it was sent in time; dropped");
    metrics.refused("slow_reader");
}

/// After we closed: read what the client still sends until it closes too (or
/// a second passes), so our last frames are not lost to a TCP reset.
pub(super) async fn drain(stream: &mut SplitStream<WebSocket>) {
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while let Some(Ok(msg)) = stream.next().await {
            if matches!(msg, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

pub(super) async fn refuse(
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
