//! Counting the WebSocket connections alive, so that shutdown can wait for
//! their last frames ("server restarting") to be written before the process
//! exits. Upgraded connections leave hyper's bookkeeping, so they are counted
//! here instead.

use std::sync::Arc;
use tokio::sync::watch;

/// The number of live WebSocket connections.
#[derive(Clone)]
pub struct Sockets {
    count: Arc<watch::Sender<usize>>,
}

/// Held by one connection for as long as it lives.
pub struct SocketGuard {
    count: Arc<watch::Sender<usize>>,
}

impl Default for Sockets {
    fn default() -> Self {
        Sockets {
            count: Arc::new(watch::channel(0).0),
        }
    }
}

impl Sockets {
    /// Counts one more connection until the guard is dropped.
    pub fn enter(&self) -> SocketGuard {
        self.count.send_modify(|n| *n += 1);
        SocketGuard {
            count: self.count.clone(),
        }
    }

    /// How many connections are alive now.
    pub fn alive(&self) -> usize {
        *self.count.borrow()
    }

    /// Returns once no connection is alive.
    pub async fn idle(&self) {
        let mut rx = self.count.subscribe();
        let _ = rx.wait_for(|n| *n == 0).await;
    }
}

impl Drop for SocketGuard {
    fn drop(&mut self) {
        self.count.send_modify(|n| *n = n.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn idle_waits_for_the_last_guard() {
        let sockets = Sockets::default();
        let a = sockets.enter();
        let b = sockets.enter();
        assert_eq!(sockets.alive(), 2);
        drop(a);
        let waiting = tokio::time::timeout(Duration::from_millis(50), sockets.idle()).await;
        assert!(waiting.is_err(), "idle while a connection is alive");
        drop(b);
        tokio::time::timeout(Duration::from_secs(1), sockets.idle())
            .await
            .expect("idle once every guard is gone");
        assert_eq!(sockets.alive(), 0);
    }
}
