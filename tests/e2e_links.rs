//! End-to-end: links leaving xemtin (`o` into a browser, `y` onto the
//! clipboard through OSC 52) and the fetch key, in a real pseudo-terminal.
//! The browser is a script that records its arguments; the feeds come from
//! a server inside the test on 127.0.0.1, and nothing else is contacted.

mod support;

use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use support::{Session, wait_limit, write_article};

/// The environment every session here gets: a recording browser, and no
/// proxy, so a fetch of 127.0.0.1 goes nowhere else.
fn env(browser: &str) -> Vec<(&str, &str)> {
    vec![
        ("BROWSER", browser),
        ("ALL_PROXY", ""),
        ("all_proxy", ""),
        ("HTTPS_PROXY", ""),
        ("https_proxy", ""),
        ("HTTP_PROXY", ""),
        ("http_proxy", ""),
        ("NO_PROXY", "127.0.0.1,localhost"),
        ("no_proxy", "127.0.0.1,localhost"),
    ]
}

/// A browser that writes each argument on a line of `<dir>/argv`.
fn recording_browser(dir: &Path) -> (PathBuf, PathBuf) {
    let script = dir.join("browser.sh");
    let out = dir.join("argv");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}.tmp'\nmv '{0}.tmp' '{0}'\n",
            out.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (script, out)
}

/// Wait for the browser's record and take it (so the next one is new).
fn take_argv(path: &Path) -> String {
    let deadline = Instant::now() + wait_limit();
    while !path.exists() {
        assert!(Instant::now() < deadline, "the browser was not started");
        thread::sleep(Duration::from_millis(20));
    }
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::remove_file(path).unwrap();
    text
}

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_article(
        dir.path(),
        "2020/12/mot.txt",
        "Bài có một liên kết",
        "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20",
        // (a backquote, never raw in an address, would end it: quotes do not)
        &["Chi tiết xem tại https://example.org/tin-a?q=$(id)&r='id';touch${IFS}pwned ngay."],
    );
    write_article(
        dir.path(),
        "2020/12/hai.txt",
        "Bài có hai liên kết",
        "Thứ Ba, ngày 29 tháng 12 năm 2020 - 08:00",
        &["Xem https://example.org/mot và www.example.org/hai nữa."],
    );
    write_article(
        dir.path(),
        "2020/12/khong.txt",
        "Bài không có liên kết",
        "Thứ Hai, ngày 28 tháng 12 năm 2020 - 08:00",
        &["Chỉ có chữ."],
    );
    dir
}

fn start(data: &Path, config: &Path, browser: &Path) -> Session {
    let browser = browser.to_str().unwrap();
    Session::start(
        &[
            "--data",
            data.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ],
        140,
        24,
        &env(browser),
    )
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Every `ESC ]` (operating system command) in `raw`, up to its BEL.
fn osc_sequences(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    text.match_indices("\x1b]")
        .map(|(i, _)| {
            let rest = &text[i..];
            let end = rest.find('\x07').map_or(rest.len(), |e| e + 1);
            rest[..end].to_string()
        })
        .collect()
}

#[test]
fn o_opens_in_the_browser_and_y_copies_with_osc52() {
    let data = corpus();
    let tools = tempfile::tempdir().unwrap();
    let (browser, argv) = recording_browser(tools.path());
    let config = support::repo().join("config.toml");
    let mut s = start(data.path(), &config, &browser);
    s.wait_text("Bài có một liên kết");
    s.wait_for("all three articles", |t| t.contains("3 articles"));

    // the newest article has one link: o opens it at once
    s.send("\r");
    s.wait_text("Chi tiết xem tại");
    s.send("o");
    let url = "https://example.org/tin-a?q=$(id)&r='id';touch${IFS}pwned";
    s.wait_text(&format!("Opened {url}"));
    assert!(s.text().contains(&format!("with {}", browser.display())));
    assert_eq!(
        take_argv(&argv),
        format!("{url}\n"),
        "one argument, as it was"
    );
    assert!(!data.path().join("pwned").exists() && !Path::new("pwned").exists());

    // y: the OSC 52 sequence with the link in base64, and nothing else
    let before = s.raw.len();
    s.send("y");
    // the status is drawn after the copy is written: both are here
    s.wait_text(&format!("Copied {url}"));
    let expected = format!("\x1b]52;c;{}\x07", base64(url.as_bytes()));
    let oscs = osc_sequences(&s.raw[before..]);
    assert_eq!(
        oscs,
        std::slice::from_ref(&expected),
        "exactly one OSC sequence, ours"
    );
    assert_eq!(osc_sequences(&s.raw), [expected], "and none anywhere else");

    // the next article has two links: numbered, and a digit picks one
    s.send("J");
    s.wait_text("Xem https://example.org/mot[1] và www.example.org/hai[2] nữa.");
    s.send("o");
    s.wait_text("Open link:");
    assert!(
        s.text()
            .contains("1 https://example.org/mot · 2 https://www.example.org/hai")
    );
    s.send("2");
    s.wait_text("Opened https://www.example.org/hai with");
    assert_eq!(take_argv(&argv), "https://www.example.org/hai\n");

    // y with a choice; Esc leaves it without copying
    let before = s.raw.len();
    s.send("y");
    s.wait_text("Copy link:");
    s.send("\x1b");
    s.wait_for("Esc to leave the choice", |t| !t.contains("Copy link:"));
    assert!(osc_sequences(&s.raw[before..]).is_empty());

    // an article without links says so
    s.send("J");
    s.wait_text("Chỉ có chữ.");
    s.send("o");
    s.wait_text("This article has no links");
    assert!(!argv.exists());

    s.send("q");
    s.wait_text("3 articles");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_missing_browser_is_reported_on_the_status_bar() {
    let data = corpus();
    let config = support::repo().join("config.toml");
    // no platform opener either: PATH is an empty folder, so no real
    // browser can start from this test
    let empty = tempfile::tempdir().unwrap();
    let mut vars = env("/nonexistent/xemtin-browser");
    vars.push(("PATH", empty.path().to_str().unwrap()));
    let mut s = Session::start(
        &[
            "--data",
            data.path().to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ],
        200,
        24,
        &vars,
    );
    s.wait_text("Bài có một liên kết");
    s.send("\r");
    s.wait_text("Chi tiết xem tại");
    s.send("o");
    s.wait_text(
        "Not opened: no browser could be started (tried /nonexistent/xemtin-browser (not found), ",
    );
    assert!(s.text().contains("set BROWSER to your browser's program"));
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
}

/// The fetch key against a feed server inside the test (HTTP builds only).
#[cfg(feature = "http")]
mod fetch {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// A feed server on 127.0.0.1: `/good.rss` answers with a feed after a
    /// pause (long enough to see the progress and press the key again, even
    /// on a busy machine), anything else 404. It accepts
    /// a few connections and stops when dropped.
    struct FeedServer {
        port: u16,
        stop: Arc<AtomicBool>,
        accept: Option<thread::JoinHandle<()>>,
    }

    impl FeedServer {
        fn start(delay: Duration) -> FeedServer {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let addr = listener.local_addr().unwrap();
            assert!(addr.ip().is_loopback());
            listener.set_nonblocking(true).unwrap();
            let body =
                std::fs::read(support::repo().join("tests/fixtures/fetch/good.rss")).unwrap();
            let stop = Arc::new(AtomicBool::new(false));
            let accept = {
                let stop = stop.clone();
                thread::spawn(move || {
                    let started = Instant::now();
                    let mut accepted = 0;
                    while !stop.load(Ordering::SeqCst)
                        && accepted < 16
                        && started.elapsed() < Duration::from_secs(30)
                    {
                        match listener.accept() {
                            Ok((mut stream, _)) => {
                                accepted += 1;
                                let (body, stop) = (body.clone(), stop.clone());
                                thread::spawn(move || {
                                    let _ = stream.set_nonblocking(false);
                                    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                                    let mut buf = Vec::new();
                                    let mut chunk = [0u8; 1024];
                                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                                        match stream.read(&mut chunk) {
                                            Ok(0) | Err(_) => return,
                                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                                        }
                                        if buf.len() > 64 * 1024 {
                                            return;
                                        }
                                    }
                                    let until = Instant::now() + delay;
                                    while Instant::now() < until && !stop.load(Ordering::SeqCst) {
                                        thread::sleep(Duration::from_millis(20));
                                    }
                                    let head = String::from_utf8_lossy(&buf);
                                    let (status, body) = if head.starts_with("GET /good.rss ") {
                                        ("200 OK", body)
                                    } else {
                                        ("404 Not Found", b"no such feed".to_vec())
                                    };
                                    let reply = format!(
                                        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\n\r\n",
                                        body.len()
                                    );
                                    let _ = stream.write_all(reply.as_bytes());
                                    let _ = stream.write_all(&body);
                                    let _ = stream.flush();
                                });
                            }
                            Err(_) => thread::sleep(Duration::from_millis(5)),
                        }
                    }
                })
            };
            FeedServer {
                port: addr.port(),
                stop,
                accept: Some(accept),
            }
        }

        fn url(&self, path: &str) -> String {
            format!("http://127.0.0.1:{}{path}", self.port)
        }
    }

    impl Drop for FeedServer {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::SeqCst);
            if let Some(h) = self.accept.take() {
                let _ = h.join();
            }
        }
    }

    #[test]
    fn fetch_key_shows_progress_then_a_summary_and_runs_once_at_a_time() {
        let data = corpus();
        let tools = tempfile::tempdir().unwrap();
        let (browser, _) = recording_browser(tools.path());
        let server = FeedServer::start(Duration::from_millis(2500));
        let config = tools.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[[feeds]]\nurl = \"{}\"\nname = \"good\"\n\n[[feeds]]\nurl = \"{}\"\nname = \"gone\"\n",
                server.url("/good.rss"),
                server.url("/gone.rss")
            ),
        )
        .unwrap();
        let mut s = start(data.path(), &config, &browser);
        s.wait_for("the indexed list", |t| {
            t.contains("3 articles") && !t.contains("Indexing")
        });
        s.send("F");
        s.wait_text("Fetching 0/2 feeds");
        s.send("F");
        s.wait_text("A fetch is running already");
        s.wait_text("Fetched 1, unchanged 0, failed 1: gone: HTTP 404");
        assert!(data.path().join("feeds/good.xml").is_file());
        assert!(!data.path().join("feeds/gone.xml").exists());
        // the saved feed is indexed: its item joins the list, with its link
        s.wait_text("4 articles");
        s.wait_text("Na Hang đón khách du lịch");
        // and another fetch may start now
        s.send("F");
        s.wait_text("Fetching 0/2 feeds");
        s.wait_text("Fetched 1, unchanged 0, failed 1");
        s.send("q");
        assert_eq!(s.wait_exit(), 0);
        drop(server);
    }
}

#[test]
fn fetch_key_without_feeds_says_how_to_add_them() {
    let data = corpus();
    let tools = tempfile::tempdir().unwrap();
    let (browser, _) = recording_browser(tools.path());
    let config = support::repo().join("config.toml");
    let mut s = start(data.path(), &config, &browser);
    s.wait_text("3 articles");
    s.send("F");
    if cfg!(feature = "http") {
        s.wait_text("No feeds to fetch: add a [[feeds]] table");
    } else {
        s.wait_text("without HTTP support");
    }
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}
