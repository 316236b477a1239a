//! A well-behaved person on a map of their own, editing while a test
//! attacks the same server: every edit must be acknowledged, soon.

use crate::peer::Peer;
use crate::server::Server;
use anyhow::{Result, anyhow, ensure};
use comap_shared::{CardKind, Command, Role};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

/// How often the bystander adds a card.
const EVERY: Duration = Duration::from_millis(100);

/// What the bystander saw.
#[derive(Debug, Clone)]
pub struct Calmness {
    pub written: usize,
    pub acked: usize,
    /// The longest wait from an edit to the server's ack of it.
    pub slowest_ack: Duration,
    pub errors: usize,
    /// Cards a newcomer sees on the bystander's map at the end.
    pub kept: usize,
}

pub struct Bystander {
    stop: Arc<AtomicBool>,
    task: JoinHandle<Result<(Calmness, Peer)>>,
    server_ws: String,
    map: crate::CreatedMap,
}

impl Bystander {
    /// Joins a new map of its own on `server` and starts adding cards.
    pub async fn start(server: &Server) -> Result<Bystander> {
        let map = server.create_map("Bystander", "patient-journey").await?;
        let mut peer = Peer::edit(server, &map, "Calm", Role::Patient).await?;
        let view = peer
            .wait_for(Duration::from_secs(10), |m| !m.stages.is_empty())
            .await?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let task = tokio::spawn(async move {
            let mut calm = Calmness {
                written: 0,
                acked: 0,
                slowest_ack: Duration::ZERO,
                errors: 0,
                kept: 0,
            };
            while !flag.load(Ordering::Relaxed) {
                let sent = Instant::now();
                peer.apply(Command::AddCard {
                    stage: view.stages[calm.written % view.stages.len()].id.clone(),
                    lane: view.lanes[0].id.clone(),
                    kind: CardKind::Step,
                    text: format!("calm {}", calm.written),
                })
                .await?;
                calm.written += 1;
                while !peer.all_acked() && !peer.closed && sent.elapsed() < Duration::from_secs(10)
                {
                    peer.pump(Duration::from_millis(5)).await?;
                }
                if peer.all_acked() {
                    calm.acked += 1;
                }
                calm.slowest_ack = calm.slowest_ack.max(sent.elapsed());
                tokio::time::sleep(EVERY.saturating_sub(sent.elapsed())).await;
            }
            calm.errors = peer.errors.len();
            Ok((calm, peer))
        });
        Ok(Bystander {
            stop,
            task,
            server_ws: server.ws_url(),
            map,
        })
    }

    /// Stops editing; what it saw, with how many of its cards a newcomer
    /// to its map sees.
    pub async fn finish(self) -> Result<Calmness> {
        self.stop.store(true, Ordering::Relaxed);
        let (mut calm, _peer) = self
            .task
            .await
            .map_err(|e| anyhow!("the bystander's task failed: {e}"))??;
        let mut check = Peer::join(
            &self.server_ws,
            &self.map.id,
            &self.map.view_secret(),
            "Check",
            Role::Other,
        )
        .await?;
        let written = calm.written;
        let seen = check
            .wait_for(Duration::from_secs(10), |m| m.cards.len() >= written)
            .await
            .map(|m| m.cards.len())
            .unwrap_or(0);
        calm.kept = seen;
        Ok(calm)
    }
}

impl Calmness {
    /// Every edit acknowledged within `limit`, none lost, no errors.
    pub fn check(&self, limit: Duration) -> Result<()> {
        ensure!(
            self.written >= 3,
            "the bystander made only {} edits",
            self.written
        );
        ensure!(
            self.acked == self.written && self.kept == self.written && self.errors == 0,
            "the bystander lost edits: {self:?}"
        );
        ensure!(
            self.slowest_ack <= limit,
            "a bystander's edit waited {:?} for its ack (limit {limit:?})",
            self.slowest_ack
        );
        Ok(())
    }
}

/// The server's resident memory, sampled every 20 ms until `finish`.
pub struct MemoryWatch {
    stop: Arc<AtomicBool>,
    task: JoinHandle<u64>,
    before_kib: u64,
}

/// A process's resident set in KiB.
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

impl MemoryWatch {
    pub fn start(pid: u32) -> MemoryWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let before_kib = rss_kib(pid);
        let task = tokio::spawn(async move {
            let mut most = 0;
            while !flag.load(Ordering::Relaxed) {
                most = most.max(rss_kib(pid));
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            most.max(rss_kib(pid))
        });
        MemoryWatch {
            stop,
            task,
            before_kib,
        }
    }

    /// How much the resident set grew at most, in MiB.
    pub async fn finish(self) -> Result<f64> {
        self.stop.store(true, Ordering::Relaxed);
        let most = self.task.await?;
        Ok(most.saturating_sub(self.before_kib) as f64 / 1024.0)
    }
}
