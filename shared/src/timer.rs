//! A workshop's countdown ("15 minutes for this exercise"), run by its
//! facilitator and shown in every room. Kept on the server's clock; rooms
//! are told how long is left, so a person's own clock does not matter.

use serde::{Deserialize, Serialize};

/// The longest countdown, in minutes.
pub const MAX_TIMER_MINUTES: u32 = 240;
const MINUTE_MS: i64 = 60_000;

/// A countdown on the server's clock: running until `ends_ms`, or paused
/// with `left_ms` to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    /// When it reaches zero, while it runs (ms since the epoch).
    pub ends_ms: Option<i64>,
    /// What is left while it is paused.
    pub left_ms: i64,
}

/// What a facilitator does to the timer (`POST /api/workshops/<id>/timer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TimerAction {
    /// Start (or start again) from `minutes`.
    Start {
        minutes: u32,
    },
    Pause,
    Resume,
    /// Add `minutes` to what is left.
    Add {
        minutes: u32,
    },
    /// Take the timer away.
    Stop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    #[error("A timer runs for 1 to {MAX_TIMER_MINUTES} minutes, not {0}.")]
    Minutes(u32),
    #[error("There is no timer to change; start one first.")]
    NoTimer,
}

/// What a room is told: how long is left and whether it is counting down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerShown {
    pub left_ms: i64,
    pub running: bool,
}

impl Timer {
    /// Time left at `now_ms` (never below zero).
    pub fn left_at(&self, now_ms: i64) -> i64 {
        match self.ends_ms {
            Some(end) => (end - now_ms).max(0),
            None => self.left_ms.max(0),
        }
    }

    pub fn shown_at(&self, now_ms: i64) -> TimerShown {
        TimerShown {
            left_ms: self.left_at(now_ms),
            running: self.ends_ms.is_some(),
        }
    }
}

fn minutes_ms(minutes: u32) -> Result<i64, TimerError> {
    if (1..=MAX_TIMER_MINUTES).contains(&minutes) {
        Ok(i64::from(minutes) * MINUTE_MS)
    } else {
        Err(TimerError::Minutes(minutes))
    }
}

/// The timer after `action` at `now_ms`; `None` when there is none.
pub fn apply(
    timer: Option<Timer>,
    action: TimerAction,
    now_ms: i64,
) -> Result<Option<Timer>, TimerError> {
    let max_ms = i64::from(MAX_TIMER_MINUTES) * MINUTE_MS;
    let current = || timer.ok_or(TimerError::NoTimer);
    Ok(match action {
        TimerAction::Start { minutes } => {
            let left = minutes_ms(minutes)?;
            Some(Timer {
                ends_ms: Some(now_ms + left),
                left_ms: left,
            })
        }
        TimerAction::Pause => {
            let t = current()?;
            Some(Timer {
                ends_ms: None,
                left_ms: t.left_at(now_ms),
            })
        }
        TimerAction::Resume => {
            let t = current()?;
            let left = t.left_at(now_ms);
            Some(Timer {
                ends_ms: Some(now_ms + left),
                left_ms: left,
            })
        }
        TimerAction::Add { minutes } => {
            let t = current()?;
            let left = (t.left_at(now_ms) + minutes_ms(minutes)?).min(max_ms);
            Some(Timer {
                ends_ms: t.ends_ms.map(|_| now_ms + left),
                left_ms: left,
            })
        }
        TimerAction::Stop => None,
    })
}

/// "12:05" for a time left, rounded up to the second (so "0:00" means done).
pub fn clock(left_ms: i64) -> String {
    let seconds = (left_ms.max(0) + 999) / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_000_000;

    /// The timer after an action that must be accepted and leave one.
    fn after(timer: Option<Timer>, action: TimerAction, now_ms: i64) -> Timer {
        apply(timer, action, now_ms)
            .expect("accepted")
            .expect("a timer")
    }

    #[test]
    fn a_running_timer_counts_down_to_zero_and_stays_there() {
        let t = after(None, TimerAction::Start { minutes: 10 }, T0);
        assert_eq!(t.left_at(T0), 600_000);
        assert_eq!(t.left_at(T0 + 60_000), 540_000);
        assert_eq!(t.left_at(T0 + 700_000), 0);
        assert_eq!(
            t.shown_at(T0 + 1),
            TimerShown {
                left_ms: 599_999,
                running: true
            }
        );
    }

    #[test]
    fn pausing_keeps_what_is_left_and_resuming_counts_on_from_there() {
        let t = Some(after(None, TimerAction::Start { minutes: 5 }, T0));
        let paused = after(t, TimerAction::Pause, T0 + 60_000);
        assert_eq!(paused.ends_ms, None);
        // Time passing while paused changes nothing.
        assert_eq!(paused.left_at(T0 + 10 * 60_000), 240_000);
        let resumed = after(Some(paused), TimerAction::Resume, T0 + 600_000);
        assert_eq!(resumed.left_at(T0 + 600_000), 240_000);
        assert_eq!(resumed.left_at(T0 + 660_000), 180_000);
    }

    #[test]
    fn adding_minutes_works_running_or_paused_and_is_capped() {
        let t = Some(after(None, TimerAction::Start { minutes: 1 }, T0));
        let more = after(t, TimerAction::Add { minutes: 5 }, T0 + 30_000);
        assert_eq!(more.left_at(T0 + 30_000), 330_000);
        assert!(more.ends_ms.is_some());
        let paused = Some(after(Some(more), TimerAction::Pause, T0 + 30_000));
        let more = after(paused, TimerAction::Add { minutes: 1 }, T0);
        assert_eq!((more.ends_ms, more.left_ms), (None, 390_000));
        let capped = after(Some(more), TimerAction::Add { minutes: 240 }, T0);
        assert_eq!(capped.left_ms, 240 * 60_000);
    }

    #[test]
    fn bad_minutes_and_missing_timers_are_refused() {
        for minutes in [0, MAX_TIMER_MINUTES + 1] {
            assert_eq!(
                apply(None, TimerAction::Start { minutes }, T0),
                Err(TimerError::Minutes(minutes))
            );
        }
        for action in [
            TimerAction::Pause,
            TimerAction::Resume,
            TimerAction::Add { minutes: 1 },
        ] {
            assert_eq!(apply(None, action, T0), Err(TimerError::NoTimer));
        }
        assert_eq!(apply(None, TimerAction::Stop, T0), Ok(None));
    }

    #[test]
    fn actions_read_as_the_api_documents_them() {
        let read = |s: &str| serde_json::from_str::<TimerAction>(s).ok();
        assert_eq!(
            read(r#"{"action":"start","minutes":15}"#),
            Some(TimerAction::Start { minutes: 15 })
        );
        assert_eq!(read(r#"{"action":"pause"}"#), Some(TimerAction::Pause));
        assert_eq!(read(r#"{"action":"explode"}"#), None);
        assert_eq!(read(r#"{"action":"start","minutes":-1}"#), None);
    }

    #[test]
    fn the_clock_reads_minutes_and_seconds() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(1), "0:01");
        assert_eq!(clock(65_000), "1:05");
        assert_eq!(clock(600_000), "10:00");
        assert_eq!(clock(-5), "0:00");
    }
}
