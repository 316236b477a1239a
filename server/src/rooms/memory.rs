//! The server's memory budget (`--max-memory-mb`, off unless given): its
//! resident memory is read every half second; from nine tenths of the
//! budget on, maps nobody is in are unloaded at once, and at the budget no
//! map is opened (joins to maps that are not open get `server_busy`, which
//! pages retry) until memory is back under it; people still join maps that
//! are open. What one message, peer or map can hold is bounded elsewhere
//! (`sync_intake`, `outbound`); this bounds how many maps one process
//! takes on. (Resident memory seldom falls back once the allocator holds
//! it, so the budget is best set well above what the maps need.)

use crate::rooms::registry::Registry;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How often the resident memory is read.
const EVERY: Duration = Duration::from_millis(500);

#[derive(Clone)]
pub struct MemoryBudget {
    limit_kib: u64,
    used_kib: Arc<AtomicU64>,
}

/// How close to its budget the process is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pressure {
    Fine,
    /// Nine tenths of the budget or more: idle maps go.
    High,
    /// The budget or more: no new joins.
    Full,
}

/// The process's resident memory in KiB (0 when it cannot be read).
pub fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

impl MemoryBudget {
    /// A budget of `limit_mib` (0: none).
    pub fn new(limit_mib: u64) -> MemoryBudget {
        MemoryBudget {
            limit_kib: limit_mib.saturating_mul(1024),
            used_kib: Arc::new(AtomicU64::new(resident_kib())),
        }
    }

    fn pressure_at(&self, used_kib: u64) -> Pressure {
        if self.limit_kib == 0 {
            Pressure::Fine
        } else if used_kib >= self.limit_kib {
            Pressure::Full
        } else if used_kib >= self.limit_kib / 10 * 9 {
            Pressure::High
        } else {
            Pressure::Fine
        }
    }

    /// As of the last reading.
    pub fn pressure(&self) -> Pressure {
        self.pressure_at(self.used_kib.load(Ordering::Relaxed))
    }

    /// Reads the resident memory every half second for as long as the
    /// server runs, unloading idle maps while it is high.
    pub async fn watch(self, registry: Registry) {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            self.used_kib.store(resident_kib(), Ordering::Relaxed);
            if self.pressure() != Pressure::Fine {
                registry.unload_idle().await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pressure_rises_at_nine_tenths_and_at_the_budget() {
        let b = MemoryBudget::new(100);
        assert_eq!(b.pressure_at(0), Pressure::Fine);
        assert_eq!(b.pressure_at(89 * 1024), Pressure::Fine);
        assert_eq!(b.pressure_at(91 * 1024), Pressure::High);
        assert_eq!(b.pressure_at(100 * 1024), Pressure::Full);
        assert!(resident_kib() > 0);
        assert_eq!(
            MemoryBudget::new(0).pressure_at(u64::MAX),
            Pressure::Fine,
            "no budget"
        );
    }
}
