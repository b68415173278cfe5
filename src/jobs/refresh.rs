//! The fetcher: one thread that downloads the feeds when asked (`F`) and
//! when `[fetch]` says (on start, every N minutes, a feed's own interval),
//! one fetch at a time, then indexes what changed and sends one summary
//! (`Notice::Fetched`) with the count of new articles.
//!
//! It keeps what a run of the program needs to remember: each feed's
//! timer ([`Schedule`], held back by the servers' `Retry-After`, `max-age`
//! and `<ttl>`), and the feeds already reported failing, each said once.
//! It tells the time by a [`Clock`], so tests can move time by hand.

use std::collections::HashSet;
use std::fmt::Debug;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, SystemTime};

use super::{Jobs, Running};
use crate::app::{FetchSummary, Notice};
use crate::config::FeedEntry;
use crate::fetch::Schedule;
use crate::store::articles_of_files;

/// The time, as the fetcher tells it.
pub trait Clock: Send + Sync + Debug {
    fn now(&self) -> SystemTime;
}

/// This machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// What the fetcher is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Command {
    /// Fetch every feed now (the running flag is already up).
    FetchAll,
    /// Look at the time and fetch what is due.
    Wake,
}

/// The longest the fetcher sleeps before it looks at the clock again, so a
/// machine that slept through a timer fetches soon after it wakes.
const LONGEST_NAP: Duration = Duration::from_secs(60);

struct Fetcher {
    /// The jobs, without the fetcher's inbox (else it would never close).
    jobs: Jobs,
    schedule: Schedule,
    /// Feeds whose failure was said in this run.
    reported: HashSet<String>,
}

impl Jobs {
    /// Hand `command` to the fetcher, starting it first if need be.
    pub(super) fn tell_fetcher(&self, command: Command) {
        let inbox = self.fetcher.get_or_init(|| {
            let (tx, rx) = std::sync::mpsc::channel();
            let mut jobs = self.clone();
            jobs.fetcher = Arc::new(OnceLock::new());
            thread::spawn(move || {
                crate::memory::yield_cpu_to_the_screen();
                Fetcher::new(jobs).run(&rx);
            });
            tx
        });
        let _ = inbox.send(command);
    }
}

impl Fetcher {
    fn new(jobs: Jobs) -> Fetcher {
        let holds: Vec<_> = jobs
            .feeds
            .iter()
            .map(|f| crate::fetch::holds(&jobs.data, f))
            .collect();
        let schedule = Schedule::new(&jobs.feeds, jobs.refresh, &holds, jobs.clock.now());
        Fetcher {
            jobs,
            schedule,
            reported: HashSet::new(),
        }
    }

    /// Wait for commands and timers until every [`Jobs`] is gone.
    fn run(mut self, inbox: &Receiver<Command>) {
        loop {
            let now = self.jobs.clock.now();
            let command = match self.schedule.next_due() {
                None => inbox.recv().ok(),
                Some(due) => {
                    let wait = due.duration_since(now).unwrap_or(Duration::ZERO);
                    match inbox.try_recv() {
                        Ok(c) => Some(c),
                        Err(_) if wait.is_zero() => Some(Command::Wake),
                        Err(_) => match inbox.recv_timeout(wait.min(LONGEST_NAP)) {
                            Ok(c) => Some(c),
                            Err(RecvTimeoutError::Timeout) => Some(Command::Wake),
                            Err(RecvTimeoutError::Disconnected) => None,
                        },
                    }
                }
            };
            let Some(command) = command else { return };
            match command {
                Command::FetchAll => {
                    let all: Vec<usize> = (0..self.jobs.feeds.len()).collect();
                    self.fetch(&all, false);
                }
                Command::Wake => {
                    let due = self.schedule.due(self.jobs.clock.now());
                    if due.is_empty() {
                        continue;
                    }
                    if self.jobs.fetching.swap(true, Ordering::SeqCst) {
                        // a fetch of every feed was asked for and is on
                        // its way here: it covers these
                        match inbox.recv() {
                            Ok(Command::FetchAll) => {
                                let all: Vec<usize> = (0..self.jobs.feeds.len()).collect();
                                self.fetch(&all, false);
                            }
                            Ok(Command::Wake) => {}
                            Err(_) => return,
                        }
                        continue;
                    }
                    self.fetch(&due, true);
                }
            }
        }
    }

    /// Fetch the feeds at `indices` (the running flag is up), index what
    /// changed and send the summary. A fetch asked for leaves out the feeds
    /// whose server asked to wait, and says so.
    fn fetch(&mut self, indices: &[usize], scheduled: bool) {
        let running = Running(self.jobs.fetching.clone());
        let now = self.jobs.clock.now();
        let mut summary = FetchSummary {
            scheduled,
            ..FetchSummary::default()
        };
        let mut chosen: Vec<usize> = Vec::new();
        for &i in indices {
            let Some(feed) = self.jobs.feeds.get(i) else {
                continue;
            };
            match self.schedule.retry_until(i, now) {
                Some(until) => {
                    let left = until.duration_since(now).unwrap_or(Duration::ZERO);
                    summary.waiting.push((escaped(&feed.name), left.as_secs()));
                }
                None => chosen.push(i),
            }
        }
        let feeds: Vec<FeedEntry> = chosen
            .iter()
            .filter_map(|&i| self.jobs.feeds.get(i).cloned())
            .collect();
        if scheduled && !feeds.is_empty() {
            let start = Notice::Fetching {
                done: 0,
                total: feeds.len(),
            };
            let _ = self.jobs.tx.send(start);
        }
        let files = saved_files(&feeds);
        let before = articles_of_files(&self.jobs.paths.index, &files);
        let outcomes = self.jobs.fetch_feeds(&feeds);
        let after = self.jobs.clock.now();
        for (&i, outcome) in chosen.iter().zip(&outcomes) {
            self.schedule.fetched(i, after, outcome.next);
        }
        self.summarise(&outcomes, &mut summary);
        if summary.updated > 0 {
            // the articles of these feeds new to the index, not what this
            // sync added: a first index's sync adds the whole archive
            self.jobs.sync_now();
            let after = articles_of_files(&self.jobs.paths.index, &files);
            summary.new = after.difference(&before).count();
        }
        // done before it is said: a fetch asked for on hearing it starts
        drop(running);
        let _ = self.jobs.tx.send(Notice::Fetched(summary));
    }

    #[cfg(feature = "http")]
    fn summarise(&mut self, outcomes: &[crate::fetch::FeedOutcome], summary: &mut FetchSummary) {
        use crate::fetch::FeedResult;
        for o in outcomes {
            match &o.result {
                FeedResult::Updated { .. } => summary.updated += 1,
                FeedResult::NotModified => summary.unchanged += 1,
                FeedResult::Failed(why) => {
                    summary.failed += 1;
                    // a scheduled fetch says each failing feed once a run
                    let new = self.reported.insert(o.name.clone());
                    if summary.first_error.is_none() && (new || !summary.scheduled) {
                        summary.first_error = Some(escaped(&format!("{}: {why}", o.name)));
                    }
                }
            }
            if let Some(wait) = o.next.retry_after {
                summary.waiting.push((escaped(&o.name), wait.as_secs()));
            }
        }
    }

    #[cfg(not(feature = "http"))]
    fn summarise(&mut self, _: &[crate::fetch::FeedOutcome], _: &mut FetchSummary) {}
}

impl Jobs {
    /// Download `feeds`, saying how far it got as `Notice::Fetching`.
    #[cfg(feature = "http")]
    fn fetch_feeds(&self, feeds: &[FeedEntry]) -> Vec<crate::fetch::FeedOutcome> {
        use crate::fetch::{FetchEvent, fetch_all};
        use std::sync::Mutex;
        use std::sync::atomic::AtomicUsize;
        let done = AtomicUsize::new(0);
        let tx = Mutex::new(self.tx.clone());
        let progress = |e: FetchEvent| {
            if let FetchEvent::Finished { total, .. } = e {
                let done = done.fetch_add(1, Ordering::SeqCst) + 1;
                if let Ok(tx) = tx.lock() {
                    let _ = tx.send(Notice::Fetching { done, total });
                }
            }
        };
        fetch_all(feeds, &self.data, &self.fetch_options, &progress)
    }

    #[cfg(not(feature = "http"))]
    fn fetch_feeds(&self, _: &[FeedEntry]) -> Vec<crate::fetch::FeedOutcome> {
        Vec::new()
    }
}

fn escaped(text: &str) -> String {
    crate::ingest::clean::escape_controls(text).into_owned()
}

/// The files the fetch may save `feeds` as, relative to the data folder
/// as the index names them: `feeds/<name>.xml` or `.json`.
fn saved_files(feeds: &[FeedEntry]) -> Vec<String> {
    use crate::fetch::FeedKind;
    feeds
        .iter()
        .flat_map(|f| {
            [FeedKind::Xml, FeedKind::Json].map(|k| format!("feeds/{}.{}", f.name, k.extension()))
        })
        .collect()
}
