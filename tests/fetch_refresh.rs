//! Feeds that refresh themselves, against a real HTTP server inside the
//! test (127.0.0.1 only): the fetcher of `jobs` on a clock the test moves
//! by hand, so "every minute" takes no minute. Periodic fetches announce
//! the articles they bring; 429 and 503 with Retry-After, Cache-Control
//! max-age and RSS <ttl> hold a feed back; a failing feed is said once.
//!
//! Nothing here sleeps for a set time: each test waits for the fetcher's
//! next summary (up to `XEMTIN_TEST_WAIT_SECS`), and commands reach the
//! fetcher in order, so a wake that fetched nothing shows as the next
//! summary being the later fetch's, with the server's count of requests.

#![cfg(feature = "http")]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use xemtin::app::{FetchStart, FetchSummary, Notice};
use xemtin::config::{FeedEntry, FetchConfig};
use xemtin::fetch::FetchOptions;
use xemtin::jobs::{Clock, Jobs};
use xemtin::store::StorePaths;

fn wait_limit() -> Duration {
    std::env::var("XEMTIN_TEST_WAIT_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(Duration::from_secs(10), Duration::from_secs_f64)
}

/// A clock the test moves.
#[derive(Debug)]
struct HandClock(Mutex<SystemTime>);

impl HandClock {
    fn new() -> Arc<HandClock> {
        Arc::new(HandClock(Mutex::new(SystemTime::now())))
    }

    fn advance(&self, by: Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += by;
        }
    }
}

impl Clock for HandClock {
    fn now(&self) -> SystemTime {
        self.0.lock().map(|t| *t).unwrap_or(SystemTime::UNIX_EPOCH)
    }
}

/// An answer: status, headers, body.
type Answer = (u16, Vec<(String, String)>, Vec<u8>);

/// A server answering each GET with what `answer` gives for its path and
/// the number of requests for that path so far (from 1).
struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(answer: impl Fn(&str, usize) -> Answer + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        assert!(addr.ip().is_loopback());
        listener
            .set_nonblocking(true)
            .unwrap_or_else(|e| panic!("{e}"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let answer = Arc::new(answer);
        {
            let (requests, stop) = (requests.clone(), stop.clone());
            thread::spawn(move || {
                let started = Instant::now();
                while !stop.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(300) {
                    match listener.accept() {
                        Ok((stream, _)) => serve(stream, &requests, &*answer),
                        Err(_) => thread::sleep(Duration::from_millis(5)),
                    }
                }
            });
        }
        Server {
            addr,
            requests,
            stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self, path: &str) -> usize {
        self.requests
            .lock()
            .map(|r| r.iter().filter(|p| *p == path).count())
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(
    mut stream: TcpStream,
    requests: &Mutex<Vec<String>>,
    answer: &(dyn Fn(&str, usize) -> Answer + Send + Sync),
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    let text = String::from_utf8_lossy(&head);
    let path = text.split(' ').nth(1).unwrap_or("/").to_string();
    let nth = match requests.lock() {
        Ok(mut r) => {
            r.push(path.clone());
            r.iter().filter(|p| **p == path).count()
        }
        Err(_) => 0,
    };
    let (status, headers, body) = answer(&path, nth);
    let mut out = format!(
        "HTTP/1.1 {status} Canned\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

/// An RSS feed of `items` items (newest first), with `extra` in its channel.
fn rss(title: &str, items: usize, extra: &str) -> Vec<u8> {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>{title}</title><link>https://example.vn/</link><description>d</description>{extra}\n"
    );
    for i in (1..=items).rev() {
        out.push_str(&format!(
            "<item><title>{title} {i}</title><link>https://example.vn/{title}/{i}</link>\
             <guid>https://example.vn/{title}/{i}</guid>\
             <pubDate>Thu, {i:02} Dec 2020 19:20:00 +0700</pubDate>\
             <description>Tin {i}.</description></item>\n"
        ));
    }
    out.push_str("</channel></rss>\n");
    out.into_bytes()
}

fn ok(body: Vec<u8>) -> Answer {
    let ct = (
        "Content-Type".to_string(),
        "application/rss+xml".to_string(),
    );
    (200, vec![ct], body)
}

fn feed(url: String, name: &str) -> FeedEntry {
    FeedEntry {
        url,
        name: name.into(),
        tags: Vec::new(),
        every_minutes: None,
    }
}

struct Setup {
    jobs: Jobs,
    inbox: Receiver<Notice>,
    clock: Arc<HandClock>,
    dir: tempfile::TempDir,
}

fn setup(feeds: Vec<FeedEntry>, every_minutes: u32) -> Setup {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap_or_else(|e| panic!("{e}"));
    let paths = StorePaths {
        index: dir.path().join("index.db"),
        state: dir.path().join("state.db"),
    };
    let (tx, inbox) = channel();
    let clock = HandClock::new();
    let options = FetchOptions {
        proxy_from_env: false,
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(5),
        ..FetchOptions::default()
    };
    let refresh = FetchConfig {
        on_start: true,
        every_minutes,
    };
    let jobs = Jobs::new(tx, data, paths, feeds, 0)
        .with_fetch_options(options)
        .with_refresh(refresh)
        .with_clock(clock.clone());
    Setup {
        jobs,
        inbox,
        clock,
        dir,
    }
}

impl Setup {
    /// The next fetch's summary, and the progress seen on the way.
    fn summary(&self) -> (FetchSummary, Vec<Notice>) {
        let deadline = Instant::now() + wait_limit();
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.inbox.recv_timeout(left) {
                Ok(Notice::Fetched(s)) => return (s, seen),
                Ok(other) => seen.push(other),
                Err(_) => panic!("no fetch summary within {:?}; saw {seen:?}", wait_limit()),
            }
        }
    }

    /// Move the clock and have the fetcher look at it.
    fn advance(&self, by: Duration) {
        self.clock.advance(by);
        self.jobs.wake();
    }

    fn data(&self) -> &Path {
        self.dir.path()
    }
}

const MINUTE: Duration = Duration::from_secs(60);

#[test]
fn a_periodic_fetch_brings_new_articles_and_counts_them() {
    let items = Arc::new(Mutex::new(2usize));
    let server = Server::start({
        let items = items.clone();
        move |_, _| ok(rss("tin", items.lock().map(|n| *n).unwrap_or(0), ""))
    });
    let s = setup(vec![feed(server.url("/rss"), "tin")], 1);
    s.jobs.start_refresh();
    // on start: the feed and its two articles
    let (first, progress) = s.summary();
    assert!(first.scheduled);
    assert_eq!((first.updated, first.new, first.failed), (1, 2, 0));
    assert_eq!(
        progress.first(),
        Some(&Notice::Fetching { done: 0, total: 1 })
    );
    assert!(progress.contains(&Notice::Fetching { done: 1, total: 1 }));
    assert!(
        progress
            .iter()
            .any(|n| matches!(n, Notice::Indexed { error: None, .. })),
        "{progress:?}"
    );
    // an item is added; 59 seconds on, nothing is due yet
    *items.lock().unwrap_or_else(|p| p.into_inner()) = 3;
    s.advance(Duration::from_secs(59));
    s.advance(Duration::from_secs(1));
    let (second, _) = s.summary();
    assert_eq!((second.updated, second.new), (1, 1));
    assert_eq!(server.requests("/rss"), 2);
    assert!(s.data().join("data/feeds/tin.xml").is_file());
    // a minute later again: the same feed, nothing new
    s.advance(MINUTE);
    let (third, _) = s.summary();
    assert_eq!((third.updated, third.new), (1, 0));
    assert_eq!(server.requests("/rss"), 3);
}

#[test]
fn retry_after_holds_a_feed_back_and_is_said() {
    // "busy" answers 429 with Retry-After in seconds, then its feed;
    // "down" 503 with Retry-After as a date five minutes ahead of its own
    // Date, then its feed
    let server = Server::start(|path, nth| match (path, nth) {
        ("/busy", 1) => (
            429,
            vec![("Retry-After".into(), "150".into())],
            b"slow down".to_vec(),
        ),
        ("/down", 1) => (
            503,
            vec![
                ("Date".into(), "Wed, 02 Dec 2026 12:00:00 GMT".into()),
                ("Retry-After".into(), "Wed, 02 Dec 2026 12:05:00 GMT".into()),
            ],
            Vec::new(),
        ),
        (p, _) => ok(rss(p.trim_start_matches('/'), 1, "")),
    });
    let feeds = vec![
        feed(server.url("/busy"), "busy"),
        feed(server.url("/down"), "down"),
    ];
    let s = setup(feeds, 1);
    s.jobs.start_refresh();
    let (first, _) = s.summary();
    assert_eq!(first.failed, 2);
    assert_eq!(
        first.waiting,
        [("busy".to_string(), 150), ("down".to_string(), 300)]
    );
    let error = first.first_error.unwrap_or_default();
    assert!(error.starts_with("busy: HTTP 429"), "{error}");
    // the wait is kept in the feed's bookkeeping, for the next run too
    let state = std::fs::read_to_string(s.data().join("data/.xemtin-fetch/busy.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(state.contains("\"retry_at\""), "{state}");
    // asked for while both wait: neither is asked, and the fetch says why
    assert_eq!(s.jobs.start_fetch(), FetchStart::Started { total: 2 });
    let (asked, _) = s.summary();
    assert!(!asked.scheduled);
    assert_eq!((asked.updated, asked.failed), (0, 0));
    assert_eq!(asked.waiting.len(), 2, "{asked:?}");
    // the minutes go by: at 1 and 2 nothing is due, at 2.5 "busy" is
    s.advance(MINUTE);
    s.advance(MINUTE);
    s.advance(Duration::from_secs(30));
    let (busy_back, _) = s.summary();
    assert_eq!((busy_back.updated, busy_back.failed), (1, 0));
    assert_eq!((server.requests("/busy"), server.requests("/down")), (2, 1));
    s.advance(Duration::from_secs(150));
    let (down_back, _) = s.summary();
    assert_eq!(server.requests("/down"), 2);
    assert!(down_back.updated >= 1, "{down_back:?}");
}

#[test]
fn max_age_and_ttl_keep_a_feed_from_being_asked_sooner() {
    // "cached" is fresh for 5 minutes (max-age), "ttl" for 10 (<ttl>),
    // "plain" for nothing: all are due every minute
    let server = Server::start(|path, _| match path {
        "/cached" => {
            let mut answer = ok(rss("cached", 1, ""));
            answer
                .1
                .push(("Cache-Control".into(), "public, max-age=300".into()));
            answer
        }
        "/ttl" => ok(rss("ttl", 1, "<ttl>10</ttl>")),
        _ => ok(rss("plain", 1, "")),
    });
    let feeds = vec![
        feed(server.url("/cached"), "cached"),
        feed(server.url("/ttl"), "ttl"),
        feed(server.url("/plain"), "plain"),
    ];
    let s = setup(feeds, 1);
    s.jobs.start_refresh();
    let (first, _) = s.summary();
    assert_eq!(first.updated, 3);
    let asked = |s: &Server| {
        (
            s.requests("/cached"),
            s.requests("/ttl"),
            s.requests("/plain"),
        )
    };
    for minute in 1..=10 {
        s.advance(MINUTE);
        let (summary, _) = s.summary();
        let expected = (1 + minute / 5, 1 + minute / 10, 1 + minute);
        assert_eq!(asked(&server), expected, "minute {minute}: {summary:?}");
    }
}

#[test]
fn a_failing_feed_is_said_once_a_run() {
    let server = Server::start(|_, _| (500, Vec::new(), b"oops".to_vec()));
    let s = setup(vec![feed(server.url("/rss"), "broken")], 1);
    s.jobs.start_refresh();
    let (first, _) = s.summary();
    assert_eq!(first.failed, 1);
    let error = first.first_error.unwrap_or_default();
    assert!(error.starts_with("broken: HTTP 500"), "{error}");
    for _ in 0..2 {
        s.advance(MINUTE);
        let (again, _) = s.summary();
        assert_eq!((again.failed, again.first_error.as_deref()), (1, None));
    }
    assert_eq!(server.requests("/rss"), 3);
    // a fetch the user asks for says how it went, failure included
    assert_eq!(s.jobs.start_fetch(), FetchStart::Started { total: 1 });
    let (asked, _) = s.summary();
    assert!(asked.first_error.is_some_and(|e| e.starts_with("broken: ")));
}

/// "N new" counts what the feeds brought, whichever sync took it in: on a
/// first start the sync of the start and the fetch's run side by side, and
/// the one that reads the folder first takes in the whole archive.
#[test]
fn on_a_first_start_the_news_are_the_feeds_articles_not_the_archive() {
    let server = Server::start(|_, _| ok(rss("tin", 2, "")));
    let s = setup(vec![feed(server.url("/rss"), "tin")], 0);
    for n in 0..300 {
        let path = s.data().join(format!("data/2020/12/p{n:03}.txt"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let page = format!("Bài {n}\n\nThứ Hai, 07/12/2020 08:00\n\nNội dung.\n");
        std::fs::write(path, page).unwrap();
    }
    // as the TUI starts them: the sync of the start, then the fetcher
    s.jobs.start_sync();
    s.jobs.start_refresh();
    let (first, _) = s.summary();
    assert_eq!((first.updated, first.new), (1, 2));
}
