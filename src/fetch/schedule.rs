//! When each feed is fetched next while the TUI is open: `[fetch]
//! on_start` and `every_minutes` (a feed's own `every_minutes` over it),
//! held back by what servers said (`Retry-After`, `max-age`, `<ttl>`; see
//! [`NextFetch`] and [`Holds`]). Pure: every question takes the time, so a
//! test drives it with any clock.

use std::time::{Duration, SystemTime};

use super::{Holds, NextFetch};
use crate::config::{FeedEntry, FetchConfig};

/// One feed's timers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    /// The feed's interval; `None`: never on a timer.
    every: Option<Duration>,
    /// When the timer (or the start) calls for the next fetch.
    next: Option<SystemTime>,
    /// Not before then: the server answered 429 or 503 and asked to wait.
    retry_until: Option<SystemTime>,
    /// Not before then either: the copy is fresh (max-age, ttl).
    fresh_until: Option<SystemTime>,
}

impl Plan {
    fn due_at(&self) -> Option<SystemTime> {
        let next = self.next?;
        Some(
            next.max(self.retry_until.unwrap_or(next))
                .max(self.fresh_until.unwrap_or(next)),
        )
    }
}

/// The feeds' timers, in the order of the feeds given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    plans: Vec<Plan>,
}

fn minutes(m: u32) -> Option<Duration> {
    (m > 0).then(|| Duration::from_secs(u64::from(m) * 60))
}

impl Schedule {
    /// The timers of `feeds` for a TUI started at `now`; `holds` (one per
    /// feed, missing ones none) is what their bookkeeping remembers.
    pub fn new(
        feeds: &[FeedEntry],
        config: FetchConfig,
        holds: &[Holds],
        now: SystemTime,
    ) -> Schedule {
        let plans = feeds
            .iter()
            .enumerate()
            .map(|(i, feed)| {
                let every = minutes(feed.every_minutes.unwrap_or(config.every_minutes));
                let next = match config.on_start {
                    true => Some(now),
                    false => every.map(|e| now + e),
                };
                let held = holds.get(i).copied().unwrap_or_default();
                Plan {
                    every,
                    next,
                    retry_until: held.retry_until,
                    fresh_until: held.fresh_until,
                }
            })
            .collect();
        Schedule { plans }
    }

    /// The feeds due at `now`, by their place in the list.
    pub fn due(&self, now: SystemTime) -> Vec<usize> {
        self.plans
            .iter()
            .enumerate()
            .filter(|(_, p)| p.due_at().is_some_and(|t| t <= now))
            .map(|(i, _)| i)
            .collect()
    }

    /// When the next feed falls due; `None` when none ever will (until a
    /// fetch is asked for).
    pub fn next_due(&self) -> Option<SystemTime> {
        self.plans.iter().filter_map(Plan::due_at).min()
    }

    /// Until when the server asked to wait before feed `index` is asked
    /// again, if that is still ahead at `now`.
    pub fn retry_until(&self, index: usize, now: SystemTime) -> Option<SystemTime> {
        self.plans
            .get(index)
            .and_then(|p| p.retry_until)
            .filter(|&t| t > now)
    }

    /// Feed `index` was fetched (or tried) at `now`, and the server said
    /// `next`: its timer starts again, and what the server said holds it.
    pub fn fetched(&mut self, index: usize, now: SystemTime, next: NextFetch) {
        if let Some(p) = self.plans.get_mut(index) {
            p.next = p.every.map(|e| now + e);
            p.retry_until = next.retry_after.map(|d| now + d);
            p.fresh_until = next.fresh_for.map(|d| now + d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(name: &str, every_minutes: Option<u32>) -> FeedEntry {
        FeedEntry {
            url: format!("https://example.com/{name}"),
            name: name.into(),
            tags: Vec::new(),
            every_minutes,
        }
    }

    fn min(m: u64) -> Duration {
        Duration::from_secs(m * 60)
    }

    const T0: SystemTime = SystemTime::UNIX_EPOCH;

    #[test]
    fn nothing_without_on_start_or_an_interval() {
        let s = Schedule::new(&[feed("a", None)], FetchConfig::default(), &[], T0);
        assert_eq!(s.next_due(), None);
        assert!(s.due(T0 + min(100_000)).is_empty());
    }

    #[test]
    fn on_start_then_every_interval_with_a_feed_of_its_own() {
        let config = FetchConfig {
            on_start: true,
            every_minutes: 30,
        };
        let feeds = [feed("a", None), feed("b", Some(60)), feed("c", Some(0))];
        let mut s = Schedule::new(&feeds, config, &[], T0);
        assert_eq!(s.due(T0), [0, 1, 2]);
        for i in 0..3 {
            s.fetched(i, T0, NextFetch::default());
        }
        assert!(s.due(T0 + min(29)).is_empty());
        assert_eq!(s.next_due(), Some(T0 + min(30)));
        assert_eq!(s.due(T0 + min(30)), [0]);
        s.fetched(0, T0 + min(30), NextFetch::default());
        assert_eq!(s.due(T0 + min(60)), [0, 1]);
        // "c" (every_minutes = 0) only ever came with the start
        assert!(!s.due(T0 + min(10_000)).contains(&2));
    }

    #[test]
    fn without_on_start_the_first_fetch_waits_an_interval() {
        let config = FetchConfig {
            on_start: false,
            every_minutes: 15,
        };
        let s = Schedule::new(&[feed("a", None)], config, &[], T0);
        assert!(s.due(T0).is_empty());
        assert_eq!(s.due(T0 + min(15)), [0]);
    }

    #[test]
    fn retry_after_max_age_and_ttl_hold_a_feed_back() {
        let config = FetchConfig {
            on_start: true,
            every_minutes: 5,
        };
        let feeds = [feed("a", None), feed("b", None)];
        // remembered from the last run: "b" may not be asked for 20 minutes
        let holds = [
            Holds::default(),
            Holds {
                retry_until: Some(T0 + min(20)),
                fresh_until: None,
            },
        ];
        let mut s = Schedule::new(&feeds, config, &holds, T0);
        assert_eq!(s.due(T0), [0]);
        assert_eq!(s.retry_until(1, T0), Some(T0 + min(20)));
        assert_eq!(s.due(T0 + min(20)), [0, 1]);
        // "a" answers with max-age or ttl of an hour: not before then
        let fresh = NextFetch {
            retry_after: None,
            fresh_for: Some(min(60)),
        };
        s.fetched(0, T0, fresh);
        assert!(!s.due(T0 + min(59)).contains(&0));
        assert!(s.due(T0 + min(60)).contains(&0));
        // "b" answers 429 with Retry-After: 10 minutes, over its 5
        let busy = NextFetch {
            retry_after: Some(min(10)),
            fresh_for: None,
        };
        s.fetched(1, T0 + min(20), busy);
        assert_eq!(s.retry_until(1, T0 + min(25)), Some(T0 + min(30)));
        assert!(!s.due(T0 + min(29)).contains(&1));
        assert!(s.due(T0 + min(30)).contains(&1));
        assert_eq!(s.retry_until(1, T0 + min(30)), None);
        // an answer without a wait clears it
        s.fetched(1, T0 + min(30), NextFetch::default());
        assert_eq!(s.next_due(), Some(T0 + min(35)));
    }
}
