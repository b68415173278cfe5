//! `fetch_all` against a real HTTP server inside the test, on 127.0.0.1 only:
//! canned responses, conditional GET, timeouts, errors, size caps, malformed
//! bodies, redirects and concurrency. Also OPML import into a config file.
//!
//! Every server accepts a bounded number of connections, stops when the test
//! drops it, and sleeps in short steps so a slow response ends with the test.

#![cfg(feature = "http")]

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use xemtin::config;
use xemtin::fetch::{
    FeedEntry, FeedOutcome, FeedResult, FetchEvent, FetchOptions, NextFetch,
    append_feeds_to_config, export_opml, fetch_all, parse_opml,
};

const MAX_CONNECTIONS: usize = 64;
const SERVER_LIFETIME: Duration = Duration::from_secs(30);

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fetch")
        .join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A request as the server saw it; header names in lower case.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Wait this long before answering at all.
    delay: Duration,
    /// Leave out Content-Length: the body ends when the connection closes.
    no_length: bool,
}

impl Reply {
    fn new(status: u16, body: &[u8]) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: body.to_vec(),
            delay: Duration::ZERO,
            no_length: false,
        }
    }

    fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    fn delay(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }
}

type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    max_in_flight: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("local_addr: {e}"));
        assert!(addr.ip().is_loopback());
        listener
            .set_nonblocking(true)
            .unwrap_or_else(|e| panic!("nonblocking: {e}"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let accept = {
            let (seen, max_in_flight, stop) = (seen.clone(), max_in_flight.clone(), stop.clone());
            thread::spawn(move || {
                let started = Instant::now();
                let mut accepted = 0;
                while !stop.load(Ordering::SeqCst)
                    && accepted < MAX_CONNECTIONS
                    && started.elapsed() < SERVER_LIFETIME
                {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            accepted += 1;
                            let ctx = Conn {
                                seen: seen.clone(),
                                in_flight: in_flight.clone(),
                                max_in_flight: max_in_flight.clone(),
                                stop: stop.clone(),
                                handler: handler.clone(),
                            };
                            thread::spawn(move || ctx.serve(stream));
                        }
                        Err(_) => thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Server {
            addr,
            seen,
            max_in_flight,
            stop,
            accept: Some(accept),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

struct Conn {
    seen: Arc<Mutex<Vec<Seen>>>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    handler: Arc<Handler>,
}

impl Conn {
    fn serve(self, mut stream: TcpStream) {
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
        let Some(request) = read_request(&mut stream) else {
            return;
        };
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        if let Ok(mut s) = self.seen.lock() {
            s.push(request.clone());
        }
        let reply = (self.handler)(&request);
        let until = Instant::now() + reply.delay;
        while Instant::now() < until && !self.stop.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(20));
        }
        let mut head = format!("HTTP/1.1 {} Canned\r\nConnection: close\r\n", reply.status);
        if !reply.no_length {
            head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
        }
        for (k, v) in &reply.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&reply.body);
        let _ = stream.flush();
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The request line and headers (no request bodies: fetch only GETs).
fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    let mut lines = text.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_string();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Seen { path, headers })
}

fn options() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        proxy_from_env: false,
        ..FetchOptions::default()
    }
}

fn feed(url: String, name: &str) -> FeedEntry {
    FeedEntry {
        url,
        name: name.to_string(),
        tags: Vec::new(),
        every_minutes: None,
    }
}

fn fetch(feeds: &[FeedEntry], dir: &Path, opts: &FetchOptions) -> Vec<FeedOutcome> {
    fetch_all(feeds, dir, opts, &|_| {})
}

fn fetch_one(feed: FeedEntry, dir: &Path, opts: &FetchOptions) -> FeedResult {
    let mut out = fetch(&[feed], dir, opts);
    assert_eq!(out.len(), 1);
    out.remove(0).result
}

fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

fn feed_file(dir: &Path, name: &str) -> PathBuf {
    dir.join("feeds").join(format!("{name}.xml"))
}

fn failed(result: &FeedResult) -> &str {
    match result {
        FeedResult::Failed(m) => m,
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// Names of the files in `dir`, sorted (hidden ones included).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A first fetch of `good.rss` from `path`, for the tests that then break it.
fn seed_good_copy(dir: &Path, name: &str) -> Vec<u8> {
    let good = fixture("good.rss");
    let server = Server::start({
        let good = good.clone();
        move |_| Reply::new(200, &good).header("Content-Type", "application/rss+xml")
    });
    let result = fetch_one(feed(server.url("/rss"), name), dir, &options());
    assert_eq!(
        result,
        FeedResult::Updated {
            bytes: good.len() as u64
        }
    );
    good
}

#[test]
fn good_feed_then_not_modified_with_validators_sent() {
    let dir = data_dir();
    let good = fixture("good.rss");
    const ETAG: &str = "\"v1-abc\"";
    const LAST_MODIFIED: &str = "Thu, 31 Dec 2020 12:20:00 GMT";
    let server = Server::start({
        let good = good.clone();
        move |req| {
            if req.header("if-none-match") == Some(ETAG) {
                Reply::new(304, b"")
            } else {
                Reply::new(200, &good)
                    .header("Content-Type", "application/rss+xml; charset=utf-8")
                    .header("ETag", ETAG)
                    .header("Last-Modified", LAST_MODIFIED)
            }
        }
    });
    let entry = feed(server.url("/tq.rss"), "tuyen-quang");
    let events = Mutex::new(Vec::new());
    let record = |e: FetchEvent| {
        if let Ok(mut v) = events.lock() {
            v.push(e);
        }
    };

    let first = fetch_all(
        std::slice::from_ref(&entry),
        dir.path(),
        &options(),
        &record,
    );
    assert_eq!(
        first,
        vec![FeedOutcome {
            name: "tuyen-quang".into(),
            url: entry.url.clone(),
            result: FeedResult::Updated {
                bytes: good.len() as u64
            },
            next: NextFetch::default(),
        }]
    );
    let saved = feed_file(dir.path(), "tuyen-quang");
    assert_eq!(fs::read(&saved).ok(), Some(good.clone()));
    let state = fs::read_to_string(dir.path().join(".xemtin-fetch/tuyen-quang.json"))
        .unwrap_or_else(|e| panic!("state: {e}"));
    assert!(
        state.contains("v1-abc") && state.contains(LAST_MODIFIED),
        "{state}"
    );
    assert_eq!(listing(&dir.path().join("feeds")), vec!["tuyen-quang.xml"]);
    let modified = fs::metadata(&saved).and_then(|m| m.modified()).ok();

    let second = fetch_all(
        std::slice::from_ref(&entry),
        dir.path(),
        &options(),
        &record,
    );
    assert_eq!(second[0].result, FeedResult::NotModified);
    assert_eq!(fs::read(&saved).ok(), Some(good));
    assert_eq!(
        fs::metadata(&saved).and_then(|m| m.modified()).ok(),
        modified
    );

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("if-none-match"), None);
    assert_eq!(seen[0].header("if-modified-since"), None);
    assert_eq!(seen[1].header("if-none-match"), Some(ETAG));
    assert_eq!(seen[1].header("if-modified-since"), Some(LAST_MODIFIED));
    let ua = seen[0].header("user-agent").unwrap_or_default();
    assert_eq!(ua, format!("xemtin/{}", env!("CARGO_PKG_VERSION")));
    assert!(
        seen[0]
            .header("accept")
            .unwrap_or_default()
            .contains("application/rss+xml")
    );

    let events = events.into_inner().unwrap_or_default();
    assert_eq!(events.len(), 4);
    assert!(
        matches!(&events[0], FetchEvent::Started { index: 0, total: 1, name } if name == "tuyen-quang")
    );
    assert!(matches!(
        &events[3],
        FetchEvent::Finished {
            result: FeedResult::NotModified,
            ..
        }
    ));
}

#[test]
fn a_changed_feed_replaces_the_copy_and_a_lost_copy_is_fetched_in_full() {
    let dir = data_dir();
    let hits = Arc::new(AtomicUsize::new(0));
    let server = Server::start({
        let hits = hits.clone();
        move |_| {
            let n = hits.fetch_add(1, Ordering::SeqCst);
            let (body, etag) = if n == 0 {
                (fixture("good.rss"), "\"one\"")
            } else {
                (fixture("updated.rss"), "\"two\"")
            };
            Reply::new(200, &body).header("ETag", etag)
        }
    });
    let entry = feed(server.url("/rss"), "tq");
    let _ = fetch_one(entry.clone(), dir.path(), &options());
    let result = fetch_one(entry.clone(), dir.path(), &options());
    let updated = fixture("updated.rss");
    assert_eq!(
        result,
        FeedResult::Updated {
            bytes: updated.len() as u64
        }
    );
    assert_eq!(fs::read(feed_file(dir.path(), "tq")).ok(), Some(updated));
    // the user deleted the copy: no conditional request, or a 304 would leave nothing
    fs::remove_file(feed_file(dir.path(), "tq")).unwrap_or_else(|e| panic!("{e}"));
    let result = fetch_one(entry, dir.path(), &options());
    assert!(matches!(result, FeedResult::Updated { .. }), "{result:?}");
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[1].header("if-none-match"), Some("\"one\""));
    assert_eq!(seen[2].header("if-none-match"), None);
}

#[test]
fn json_feed_is_saved_as_json() {
    let dir = data_dir();
    let json = fixture("feed.json");
    let server = Server::start({
        let json = json.clone();
        move |_| Reply::new(200, &json).header("Content-Type", "application/feed+json")
    });
    let result = fetch_one(feed(server.url("/feed.json"), "j"), dir.path(), &options());
    assert!(matches!(result, FeedResult::Updated { .. }), "{result:?}");
    assert_eq!(fs::read(dir.path().join("feeds/j.json")).ok(), Some(json));
    assert!(!feed_file(dir.path(), "j").exists());
}

#[test]
fn slow_response_times_out_and_keeps_the_copy() {
    let dir = data_dir();
    let good = seed_good_copy(dir.path(), "slow");
    let server =
        Server::start(|_| Reply::new(200, &fixture("updated.rss")).delay(Duration::from_secs(4)));
    let opts = FetchOptions {
        timeout: Duration::from_millis(500),
        ..options()
    };
    let started = Instant::now();
    let result = fetch_one(feed(server.url("/rss"), "slow"), dir.path(), &opts);
    let took = started.elapsed();
    let message = failed(&result);
    assert!(message.contains("timed out"), "{message}");
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert_eq!(fs::read(feed_file(dir.path(), "slow")).ok(), Some(good));
}

#[test]
fn server_error_is_a_failure_and_writes_nothing() {
    let dir = data_dir();
    let server = Server::start(|_| Reply::new(500, b"oops"));
    let result = fetch_one(feed(server.url("/rss"), "broken"), dir.path(), &options());
    assert_eq!(
        result,
        FeedResult::Failed("HTTP 500 Internal Server Error".into())
    );
    assert!(listing(&dir.path().join("feeds")).is_empty());
}

#[test]
fn oversized_bodies_are_refused_and_the_copy_kept() {
    let dir = data_dir();
    let good = seed_good_copy(dir.path(), "big");
    // a valid feed, padded past the cap with a comment
    let mut big = fixture("updated.rss");
    big.extend_from_slice(b"<!--");
    big.extend(std::iter::repeat_n(b'x', 20_000));
    big.extend_from_slice(b"-->\n");
    let server = Server::start({
        let big = big.clone();
        move |req| {
            let mut reply = Reply::new(200, &big);
            // without a length the cap must trip while reading
            reply.no_length = req.path == "/no-length";
            reply
        }
    });
    let opts = FetchOptions {
        max_bytes: 8_000,
        ..options()
    };
    for path in ["/with-length", "/no-length"] {
        let result = fetch_one(feed(server.url(path), "big"), dir.path(), &opts);
        let message = failed(&result);
        assert!(message.contains("larger than"), "{path}: {message}");
        assert_eq!(
            fs::read(feed_file(dir.path(), "big")).ok(),
            Some(good.clone())
        );
        assert_eq!(
            listing(&dir.path().join("feeds")),
            vec!["big.xml"],
            "{path}"
        );
    }
    // the same body under a larger cap is fine
    let result = fetch_one(
        feed(server.url("/no-length"), "big"),
        dir.path(),
        &options(),
    );
    assert_eq!(
        result,
        FeedResult::Updated {
            bytes: big.len() as u64
        }
    );
}

#[test]
fn malformed_bodies_keep_the_copy() {
    let dir = data_dir();
    let good = seed_good_copy(dir.path(), "bad");
    let server = Server::start(|req| match req.path.as_str() {
        "/truncated" => Reply::new(200, &fixture("truncated.rss")),
        "/html" => Reply::new(200, &fixture("not_a_feed.html")),
        "/garbage" => Reply::new(200, b"\x00\x01\x02 not xml at all <<<"),
        _ => Reply::new(200, b""),
    });
    for path in ["/truncated", "/html", "/garbage", "/empty"] {
        let result = fetch_one(feed(server.url(path), "bad"), dir.path(), &options());
        let message = failed(&result);
        assert!(
            message.ends_with("the saved copy was kept"),
            "{path}: {message}"
        );
        assert_eq!(
            fs::read(feed_file(dir.path(), "bad")).ok(),
            Some(good.clone())
        );
        assert_eq!(listing(&dir.path().join("feeds")), vec!["bad.xml"]);
    }
}

#[test]
fn redirects_are_followed_up_to_a_limit() {
    let dir = data_dir();
    let hits = Arc::new(AtomicUsize::new(0));
    let server = Server::start({
        let hits = hits.clone();
        move |req| {
            hits.fetch_add(1, Ordering::SeqCst);
            match req.path.as_str() {
                "/old" => Reply::new(301, b"").header("Location", "/moved"),
                "/moved" => Reply::new(302, b"").header("Location", "/feed.xml"),
                "/feed.xml" => Reply::new(200, &fixture("good.rss")),
                _ => Reply::new(302, b"").header("Location", "/loop"),
            }
        }
    });
    let result = fetch_one(feed(server.url("/old"), "moved"), dir.path(), &options());
    assert!(matches!(result, FeedResult::Updated { .. }), "{result:?}");
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, vec!["/old", "/moved", "/feed.xml"]);

    hits.store(0, Ordering::SeqCst);
    let result = fetch_one(feed(server.url("/loop"), "loop"), dir.path(), &options());
    assert_eq!(result, FeedResult::Failed("more than 5 redirects".into()));
    let n = hits.load(Ordering::SeqCst);
    assert!((5..=7).contains(&n), "{n} requests");
}

#[test]
fn connection_refused_is_a_failure() {
    let dir = data_dir();
    // a port that was free a moment ago and has nobody listening now
    let addr = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap_or_else(|e| panic!("{e}"));
    let result = fetch_one(
        feed(format!("http://{addr}/rss"), "nobody"),
        dir.path(),
        &options(),
    );
    let message = failed(&result);
    assert!(
        message.contains("refused") || message.contains("could not connect"),
        "{message}"
    );
}

#[test]
fn feeds_are_fetched_concurrently_and_a_failure_stops_nobody() {
    let dir = data_dir();
    let good = fixture("good.rss");
    let server = Server::start({
        let good = good.clone();
        move |req| {
            let reply = if req.path == "/3" {
                Reply::new(503, b"busy")
            } else {
                Reply::new(200, &good)
            };
            reply.delay(Duration::from_millis(300))
        }
    });
    let feeds: Vec<FeedEntry> = (0..6)
        .map(|i| feed(server.url(&format!("/{i}")), &format!("f{i}")))
        .collect();
    let opts = FetchOptions {
        parallel: 3,
        ..options()
    };
    let started_events = AtomicUsize::new(0);
    let finished_events = AtomicUsize::new(0);
    let progress = |e: FetchEvent| match e {
        FetchEvent::Started { .. } => {
            started_events.fetch_add(1, Ordering::SeqCst);
        }
        FetchEvent::Finished { .. } => {
            finished_events.fetch_add(1, Ordering::SeqCst);
        }
    };
    let started = Instant::now();
    let outcomes = fetch_all(&feeds, dir.path(), &opts, &progress);
    let took = started.elapsed();
    let names: Vec<&str> = outcomes.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, vec!["f0", "f1", "f2", "f3", "f4", "f5"]);
    for (i, o) in outcomes.iter().enumerate() {
        if i == 3 {
            assert_eq!(
                o.result,
                FeedResult::Failed("HTTP 503 Service Unavailable".into())
            );
        } else {
            assert!(matches!(o.result, FeedResult::Updated { .. }), "{o:?}");
            assert_eq!(
                fs::read(feed_file(dir.path(), &o.name)).ok(),
                Some(good.clone())
            );
        }
    }
    let most = server.max_in_flight.load(Ordering::SeqCst);
    assert!((2..=3).contains(&most), "{most} at once");
    // (six 300 ms requests three at a time take about 600 ms; the overlap
    // is checked above by counting, not by a clock, which a loaded machine
    // would make flaky)
    eprintln!("six feeds fetched in {took:?}");
    assert_eq!(started_events.load(Ordering::SeqCst), 6);
    assert_eq!(finished_events.load(Ordering::SeqCst), 6);
}

#[test]
fn opml_import_appends_to_the_config_and_exports_back() {
    let text = String::from_utf8(fixture("subscriptions.opml")).unwrap_or_else(|e| panic!("{e}"));
    let feeds = parse_opml(&text).unwrap_or_else(|e| panic!("{e}"));
    let user = "# mine\n[reader]\njustify = true\n";
    let appended = append_feeds_to_config(user, &feeds);
    assert!(appended.starts_with(user));
    let loaded = config::load(Some(("config.toml", &appended)))
        .unwrap_or_else(|e| panic!("{e:#?}\n{appended}"));
    assert!(loaded.reader.justify);
    let urls: Vec<&str> = loaded.feeds.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        vec![
            "https://baotuyenquang.example/rss?cat=1&lang=vi",
            "https://world.example/feed.xml",
            "https://json.example/feed.json",
        ]
    );
    assert_eq!(loaded.feeds[0].name, "bao-tuyen-quang");
    assert_eq!(loaded.feeds[0].tags, vec!["Tin tức & Thời sự"]);
    assert_eq!(loaded.feeds[1].name, "World");
    assert_eq!(loaded.feeds[1].tags, vec!["Tin tức & Thời sự", "Quốc tế"]);
    assert_eq!(loaded.feeds[2].tags, Vec::<String>::new());
    let exported = export_opml(&loaded.feeds);
    let mut again = parse_opml(&exported).unwrap_or_else(|e| panic!("{e}"));
    again.sort_by(|a, b| a.url.cmp(&b.url));
    let mut expected = loaded.feeds.clone();
    expected.sort_by(|a, b| a.url.cmp(&b.url));
    assert_eq!(again, expected);
}
