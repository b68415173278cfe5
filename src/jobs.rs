//! Work the TUI runs on threads of its own: indexing the data folder, and
//! downloading the feeds (then indexing what changed). Each job reports as
//! [`Notice`]s on a channel, which the event loop hands to the App; the App
//! never waits for one.
//!
//! Two syncs never run at once (a lock orders them: the one a fetch starts
//! waits for the one at start-up), and only one fetch runs at a time: every
//! fetch, asked for or scheduled by `[fetch]`, runs on one thread, the
//! fetcher (`refresh`).

mod counter;
mod refresh;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;

use crate::app::{FetchStart, Indexing, Notice};
use crate::config::{FeedEntry, FetchConfig};
use crate::fetch::FetchOptions;
use crate::store::{Progress, Stage, StorePaths, sync};
use refresh::Command;
pub use refresh::{Clock, SystemClock};

/// Clears the running flag when the fetch thread ends, however it ends.
struct Running(Arc<AtomicBool>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Starts background work for one data folder and its index.
#[derive(Debug, Clone)]
pub struct Jobs {
    tx: Sender<Notice>,
    data: PathBuf,
    paths: StorePaths,
    feeds: Vec<FeedEntry>,
    /// Files skipped before, reported again if a sync fails.
    skipped: usize,
    sync_lock: Arc<Mutex<()>>,
    fetching: Arc<AtomicBool>,
    fetch_options: FetchOptions,
    /// `[fetch]`: when the fetcher fetches on its own.
    refresh: FetchConfig,
    clock: Arc<dyn Clock>,
    /// The fetcher's inbox, once it runs.
    fetcher: Arc<OnceLock<Sender<Command>>>,
    /// The counter's inbox, while one runs.
    counter: counter::Slot,
}

impl Jobs {
    pub fn new(
        tx: Sender<Notice>,
        data: PathBuf,
        paths: StorePaths,
        feeds: Vec<FeedEntry>,
        skipped: usize,
    ) -> Jobs {
        Jobs {
            tx,
            data,
            paths,
            feeds,
            skipped,
            sync_lock: Arc::new(Mutex::new(())),
            fetching: Arc::new(AtomicBool::new(false)),
            fetch_options: FetchOptions::default(),
            refresh: FetchConfig::default(),
            clock: Arc::new(SystemClock),
            fetcher: Arc::new(OnceLock::new()),
            counter: counter::Slot::default(),
        }
    }

    /// Fetch on start and every N minutes as `[fetch]` says, once
    /// [`Jobs::start_refresh`] is called.
    pub fn with_refresh(mut self, refresh: FetchConfig) -> Jobs {
        self.refresh = refresh;
        self
    }

    /// Tell the time by `clock` (tests move it by hand, then [`Jobs::wake`]).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Jobs {
        self.clock = clock;
        self
    }

    /// Download with these options instead of the defaults.
    pub fn with_fetch_options(mut self, options: FetchOptions) -> Jobs {
        self.fetch_options = options;
        self
    }

    /// Save marks (a catch-up, its undo) on a thread of its own, with its
    /// own connection to the store; the outcome comes back as a
    /// [`Notice::MarksSaved`].
    pub fn start_marks(&self, job: crate::app::catchup::MarkJob) {
        let jobs = self.clone();
        thread::spawn(move || {
            let notice = match crate::store::Store::open(&jobs.paths, &jobs.data) {
                Ok((mut store, _)) => crate::app::catchup::save_marks(&mut store, job),
                Err(e) => Notice::MarksSaved(crate::app::catchup::MarksSaved::Failed {
                    error: e.to_string(),
                    undo: match job {
                        crate::app::catchup::MarkJob::Unread(ids) => Some(ids),
                        crate::app::catchup::MarkJob::Read { .. } => None,
                    },
                }),
            };
            let _ = jobs.tx.send(notice);
        });
    }

    /// Count the list on the counter's thread (started when none runs);
    /// the answer comes back as a [`Notice::Counted`].
    pub fn start_count(&self, job: crate::app::counting::CountJob) {
        counter::ask(&self.counter, job, &self.paths, &self.data, &self.tx);
    }

    /// Bring the index in line with the data folder on a thread of its own.
    pub fn start_sync(&self) {
        let jobs = self.clone();
        thread::spawn(move || {
            crate::memory::yield_cpu_to_the_screen();
            jobs.sync_now()
        });
    }

    /// Sync on this thread, after any sync already running. Returns how
    /// many articles the index gained.
    fn sync_now(&self) -> usize {
        let _turn = self.sync_lock.lock().unwrap_or_else(|p| p.into_inner());
        let tx = self.tx.clone();
        let mut progress = |p: Progress| {
            let _ = tx.send(Notice::Indexing(Indexing {
                done: p.done,
                total: p.total,
                text: p.stage == Stage::Text,
            }));
        };
        let (msg, added) = match sync(&self.paths, &self.data, false, &mut progress) {
            Ok(report) => (
                Notice::Indexed {
                    skipped: report.skipped,
                    error: report.notices.first().map(ToString::to_string),
                },
                report.added,
            ),
            Err(e) => (
                Notice::Indexed {
                    skipped: self.skipped,
                    error: Some(e.0),
                },
                0,
            ),
        };
        crate::memory::give_back_freed();
        let _ = self.tx.send(msg);
        added
    }

    /// Download the configured feeds on the fetcher's thread, then index
    /// what changed. Progress and the summary arrive as messages.
    pub fn start_fetch(&self) -> FetchStart {
        if !cfg!(feature = "http") {
            return FetchStart::NotBuilt;
        }
        if self.feeds.is_empty() {
            return FetchStart::NoFeeds;
        }
        if self.fetching.swap(true, Ordering::SeqCst) {
            return FetchStart::Running;
        }
        self.tell_fetcher(Command::FetchAll);
        FetchStart::Started {
            total: self.feeds.len(),
        }
    }

    /// Start fetching as `[fetch]` says (on start, every N minutes), if
    /// there are feeds to fetch and this xemtin can.
    pub fn start_refresh(&self) {
        if cfg!(feature = "http") && !self.feeds.is_empty() {
            self.tell_fetcher(Command::Wake);
        }
    }

    /// Have the fetcher look at the time again: after a test moved its
    /// clock, or when the machine may have slept.
    pub fn wake(&self) {
        if let Some(inbox) = self.fetcher.get() {
            let _ = inbox.send(Command::Wake);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    fn jobs(feeds: Vec<FeedEntry>) -> (Jobs, mpsc::Receiver<Notice>, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        let paths = StorePaths {
            index: dir.path().join("index.db"),
            state: dir.path().join("state.db"),
        };
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        // nothing may leave this machine, whatever proxy the environment names
        let options = FetchOptions {
            proxy_from_env: false,
            timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(2),
            ..FetchOptions::default()
        };
        let jobs = Jobs::new(tx, data, paths, feeds, 0).with_fetch_options(options);
        (jobs, rx, dir)
    }

    #[test]
    fn no_feeds_is_said_and_nothing_starts() {
        let (jobs, rx, _dir) = jobs(Vec::new());
        let expected = if cfg!(feature = "http") {
            FetchStart::NoFeeds
        } else {
            FetchStart::NotBuilt
        };
        assert_eq!(jobs.start_fetch(), expected);
        assert!(rx.recv_timeout(Duration::from_millis(100)).is_err());
    }

    #[cfg(feature = "http")]
    #[test]
    fn one_fetch_at_a_time_and_a_failure_is_summarised() {
        // a port nobody listens on, on this machine only: the fetch fails fast
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let feed = FeedEntry {
            url: format!("http://127.0.0.1:{port}/feed.xml"),
            name: "closed".into(),
            tags: Vec::new(),
            every_minutes: None,
        };
        let (jobs, rx, _dir) = jobs(vec![feed]);
        // hold the flag as a running fetch would
        jobs.fetching.store(true, Ordering::SeqCst);
        assert_eq!(jobs.start_fetch(), FetchStart::Running);
        jobs.fetching.store(false, Ordering::SeqCst);
        assert_eq!(jobs.start_fetch(), FetchStart::Started { total: 1 });
        let mut got = Vec::new();
        while let Ok(msg) = rx.recv_timeout(Duration::from_secs(20)) {
            let end = matches!(msg, Notice::Fetched(_));
            got.push(msg);
            if end {
                break;
            }
        }
        assert_eq!(got.first(), Some(&Notice::Fetching { done: 1, total: 1 }));
        let Some(Notice::Fetched(summary)) = got.last() else {
            panic!("no summary: {got:?}");
        };
        assert_eq!((summary.updated, summary.failed), (0, 1));
        assert!(
            summary
                .first_error
                .as_deref()
                .is_some_and(|e| e.starts_with("closed: ")),
            "{summary:?}"
        );
        // nothing changed, so no sync followed, and the flag is down again
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while jobs.fetching.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
        assert!(!jobs.fetching.load(Ordering::SeqCst));
    }
}
