//! Accepting connections: HTTP/1.1 with upgrades (the WebSocket), limits on
//! how many connections one address and everyone may hold (`conn_limit`), a
//! deadline for request headers (and, in the router, for bodies) so that
//! silent or trickling connections are closed, the client's address for the
//! handlers, and a graceful stop.

use crate::ops::conn_limit::{ConnLimits, TooMany};
use crate::ops::metrics::Metrics;
use crate::ops::proxies::TrustedProxies;
use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tower::ServiceExt;

/// How long a connection has to send a request's headers. Also bounds a
/// keep-alive connection that stays silent between requests.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The connections still serving HTTP after the listener stopped.
pub struct Draining {
    stop: watch::Sender<bool>,
    alive: mpsc::Sender<()>,
    gone: mpsc::Receiver<()>,
}

impl Draining {
    /// Asks every connection to finish its exchange and close, and waits
    /// until all have.
    pub async fn finish(mut self) {
        let _ = self.stop.send(true);
        drop(self.alive);
        // Each connection task holds a sender; none is ever sent on, so this
        // returns when the last task has ended.
        let _ = self.gone.recv().await;
    }
}

/// Serves `router` on `listener` until `stop` completes, then stops
/// accepting and returns the connections still open, to drain. Upgraded
/// connections (WebSockets) are not among them: rooms close those.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnLimits,
    proxies: TrustedProxies,
    metrics: Arc<Metrics>,
    stop: impl Future<Output = ()>,
) -> Draining {
    let (stop_tx, stop_rx) = watch::channel(false);
    let (alive, gone) = mpsc::channel::<()>(1);
    let mut stop = std::pin::pin!(stop);
    loop {
        let (tcp, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, for example: wait, do not spin.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let slot = match limits.admit(addr.ip(), proxies.trusts(addr.ip())) {
            Ok(slot) => slot,
            Err(why) => {
                metrics.refused(match why {
                    TooMany::FromThisAddress => "too_many_connections_from_address",
                    TooMany::InAll => "too_many_connections",
                });
                drop(tcp);
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let router = router.clone();
        let proxies = proxies.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            let client = proxies.client(addr, req.headers());
            req.extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(client));
            router.clone().oneshot(req)
        });
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .serve_connection(TokioIo::new(tcp), service)
            .with_upgrades();
        let mut stopping = stop_rx.clone();
        let alive = alive.clone();
        tokio::spawn(async move {
            let mut conn = std::pin::pin!(conn);
            let ended = tokio::select! {
                ended = conn.as_mut() => ended,
                _ = async { stopping.wait_for(|s| *s).await.is_ok() } => {
                    conn.as_mut().graceful_shutdown();
                    conn.await
                }
            };
            if let Err(e) = ended {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(slot);
            drop(alive);
        });
    }
    Draining {
        stop: stop_tx,
        alive,
        gone,
    }
}
