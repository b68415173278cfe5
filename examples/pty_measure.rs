//! Measure the real binary (`target/release/xemtin`, or $XEMTIN_BIN) on the
//! benchmark corpora (see examples/bench_support), in a pseudo-terminal of
//! 80x24 read by a terminal emulator (vt100), as a user would see it.
//!
//! ```text
//! cargo run --release --example pty_measure -- startup 100000 [RUNS]
//! cargo run --release --example pty_measure -- memory 100000
//! cargo run --release --example pty_measure -- index 100000
//! ```
//!
//! - `startup`: from spawning the process until the first frame shows the
//!   list (its header and a row), and until the header shows the full
//!   article count (a long list is counted after the first frame), with
//!   the index already built (HOME, XDG_CACHE_HOME and XDG_DATA_HOME point
//!   into the corpus' home); one warm-up run, then RUNS (default 11) timed
//!   runs; prints each, the medians and the ranges.
//! - `memory`: start with a fresh user state, wait for the background sync
//!   to finish, then move, jump to the end and back, set a date filter,
//!   open an article and scroll it, go back, toggle unread only, open the
//!   source picker; prints VmHWM (peak resident memory) from
//!   /proc/<pid>/status after each phase.
//! - `index`: `xemtin index --rebuild` into a fresh index file, timing it
//!   and polling VmHWM every 5 ms (for machines without /usr/bin/time).
//!
//! - `prepare`: make the corpus and its index if needed, print their paths;
//!   `prepare-corpus`: the corpus only.
//!
//! Lines starting with `summary:` are what scripts/bench.sh collects.

mod bench_support;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use bench_support as support;
use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const COLS: u16 = 80;
const ROWS: u16 = 24;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map(String::as_str).unwrap_or("");
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    match what {
        "startup" => {
            let runs = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(11);
            startup(n, runs)
        }
        "memory" => memory(n, false),
        "memory-cold" => memory(n, true),
        "index" => index(n),
        "prepare-corpus" => {
            // the files only: `memory-cold` builds the index
            println!("articles: {}", support::corpus(n).articles.display());
        }
        "prepare" => {
            let c = support::indexed(n);
            println!("articles: {}", c.articles.display());
            println!("home: {}", c.home.display());
            println!("index: {}", c.store_paths().index.display());
        }
        _ => {
            eprintln!(
                "usage: pty_measure startup|memory|memory-cold|index|prepare|prepare-corpus N [RUNS]"
            );
            std::process::exit(2);
        }
    }
}

/// The binary under test.
fn binary() -> PathBuf {
    if let Some(b) = std::env::var_os("XEMTIN_BIN") {
        return PathBuf::from(b);
    }
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => support::repo().join(t),
        None => support::repo().join("target"),
    };
    let bin = target.join("release").join("xemtin");
    if !bin.is_file() {
        eprintln!(
            "pty_measure: {} is missing: run `cargo build --release` first (or set XEMTIN_BIN)",
            bin.display()
        );
        std::process::exit(2);
    }
    bin
}

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    bytes: Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

impl Tui {
    /// Start xemtin on the corpus with HOME in its home and the state in
    /// `data_home`.
    fn start(c: &support::Corpus, data_home: &Path) -> Tui {
        Tui::start_in(c, data_home, &c.cache_dir())
    }

    /// [`Tui::start`] with the index in `cache_home` (an empty folder: a
    /// cold index, built by the TUI in the background).
    fn start_in(c: &support::Corpus, data_home: &Path, cache_home: &Path) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(binary());
        cmd.args(["--data".as_ref(), c.articles.as_os_str()]);
        cmd.cwd(&c.dir);
        cmd.env("HOME", &c.home);
        cmd.env("XDG_CONFIG_HOME", c.home.join("config"));
        cmd.env("XDG_CACHE_HOME", cache_home);
        cmd.env("XDG_DATA_HOME", data_home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("XEMTIN_CONFIG");
        let child = pair.slave.spawn_command(cmd).expect("spawn xemtin");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Tui {
            child,
            _master: pair.master,
            writer,
            bytes: rx,
            parser: vt100::Parser::new(nz(ROWS), nz(COLS), 0),
        }
    }

    fn pump(&mut self, timeout: Duration) -> bool {
        match self.bytes.recv_timeout(timeout) {
            Ok(chunk) => {
                self.parser.process(&chunk);
                true
            }
            Err(_) => false,
        }
    }

    fn row(&self, row: u16) -> String {
        self.parser.screen().contents_between(row, 0, row, COLS)
    }

    /// Read until `done` holds for the screen; false after `limit`.
    fn wait_for(&mut self, limit: Duration, done: impl Fn(&Tui) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        while !done(self) {
            if Instant::now() > deadline {
                return false;
            }
            self.pump(Duration::from_millis(5));
        }
        true
    }

    /// Read until nothing has arrived for 200 ms.
    fn settle(&mut self) {
        while self.pump(Duration::from_millis(200)) {}
    }

    fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    /// Send q (Esc first, to leave any prompt) until it exits.
    fn quit(mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        self.send("\x1bq");
        loop {
            self.pump(Duration::from_millis(20));
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return;
            }
            self.send("q");
        }
    }
}

/// `VmHWM` and `VmRSS` of `pid` in kB.
fn memory_of(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// The first frame: the list's header and its first row.
fn list_shown(t: &Tui) -> bool {
    t.row(0).starts_with("xemtin ·") && !t.row(1).trim().is_empty()
}

fn header_shows(n: usize) -> impl Fn(&Tui) -> bool {
    let needle = format!("{n} articles");
    move |t: &Tui| t.row(0).contains(&needle)
}

fn startup(n: usize, runs: usize) {
    let c = support::indexed(n);
    let data_home = c.data_dir();
    let mut times = Vec::new();
    let mut frames = Vec::new();
    let mut loads = Vec::new();
    for run in 0..=runs {
        let started = Instant::now();
        let mut tui = Tui::start(&c, &data_home);
        if !tui.wait_for(Duration::from_secs(30), list_shown) {
            eprintln!(
                "pty_measure: the list never showed; screen:\n{}",
                tui.parser.screen().contents()
            );
            std::process::exit(1);
        }
        let frame_ms = started.elapsed().as_secs_f64() * 1000.0;
        if !tui.wait_for(Duration::from_secs(30), header_shows(n)) {
            eprintln!(
                "pty_measure: the header never showed {n} articles; screen:\n{}",
                tui.parser.screen().contents()
            );
            std::process::exit(1);
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let load = support::load_average();
        tui.quit();
        if run == 0 {
            println!(
                "startup n={n}: warm-up: list shown {frame_ms:.1} ms, counts {ms:.1} ms (not counted), load {load}"
            );
            continue;
        }
        println!(
            "startup n={n}: run {run}: list shown {frame_ms:.1} ms, counts {ms:.1} ms, load {load}"
        );
        times.push(ms);
        frames.push(frame_ms);
        loads.push(load);
        // let the background sync of the previous process end with it
        std::thread::sleep(Duration::from_millis(200));
    }
    let range = |v: &[f64]| {
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        (min, v.iter().copied().fold(0.0, f64::max))
    };
    let (frame_min, frame_max) = range(&frames);
    let (frame_median, _) = support::median_p95(&mut frames);
    let (min, max) = range(&times);
    let (median, _) = support::median_p95(&mut times);
    println!(
        "summary: startup n={n} runs={runs} first_frame_median_ms={frame_median:.1} first_frame_min_ms={frame_min:.1} first_frame_max_ms={frame_max:.1} median_ms={median:.1} min_ms={min:.1} max_ms={max:.1} loads={}",
        loads.join(",")
    );
}

/// Peak memory of the TUI on `n` articles through a sync and a round of
/// actions and searches; `cold`: with no index, so the TUI builds it.
fn memory(n: usize, cold: bool) {
    // Cold: the TUI builds the index; kept as the corpus' index if it has
    // none yet (at 1,000,000 articles a build takes long).
    let c = match cold {
        true => support::corpus(n),
        false => support::indexed(n),
    };
    let fresh = tempfile::tempdir().expect("a temporary state folder");
    let cache = tempfile::tempdir_in(&c.dir).expect("a temporary cache folder");
    let mut tui = match cold {
        true => Tui::start_in(&c, fresh.path(), cache.path()),
        false => Tui::start(&c, fresh.path()),
    };
    let pid = tui.pid();
    let started = Instant::now();
    // A first index of 1,000,000 files from disk takes minutes.
    let per_100k = |secs: u64| Duration::from_secs(secs * (n as u64 / 100_000).max(1));
    if !tui.wait_for(per_100k(60), header_shows(n)) {
        eprintln!("pty_measure: the header never showed {n} articles");
        std::process::exit(1);
    }
    if cold {
        println!(
            "memory n={n}: cold index: the list complete {:.2} s after the start",
            started.elapsed().as_secs_f64()
        );
    }
    let report = |phase: &str| {
        let (hwm, rss) = memory_of(pid).unwrap_or((0, 0));
        println!(
            "memory n={n}: after {phase}: VmHWM {:.1} MB, VmRSS {:.1} MB",
            hwm as f64 / 1024.0,
            rss as f64 / 1024.0
        );
        hwm
    };
    report(match cold {
        true => "the list is complete",
        false => "the first frame",
    });
    // The background sync of the data folder runs on a thread of its own,
    // which ends with it (its gauge only shows once a batch is written);
    // the main thread and the one reading the terminal stay.
    const IDLE_THREADS: usize = 2;
    let started = Instant::now();
    let threads = || std::fs::read_dir(format!("/proc/{pid}/task")).map_or(0, |d| d.count());
    let sync_limit = per_100k(match cold {
        true => 300,
        false => 120,
    });
    let mut noted = Instant::now();
    while threads() > IDLE_THREADS && started.elapsed() < sync_limit {
        tui.pump(Duration::from_millis(10));
        // a long sync: where the memory stands on the way
        if noted.elapsed() > Duration::from_secs(60) {
            report(&format!(
                "{:.0} s of the background sync",
                started.elapsed().as_secs_f64()
            ));
            noted = Instant::now();
        }
    }
    tui.settle();
    println!(
        "memory n={n}: the background sync ended {:.1} s after the first frame{}",
        started.elapsed().as_secs_f64(),
        if threads() > IDLE_THREADS {
            " (NOT: still running at the time limit)"
        } else {
            ""
        }
    );
    report("the background sync");
    let steps: [(&str, &str); 13] = [
        ("j j j j j (move)", "jjjjj"),
        ("G (end of the list)", "G"),
        ("g (top)", "g"),
        ("pagedown x3", "\x1b[6~\x1b[6~\x1b[6~"),
        ("d 2020 enter (date filter)", "d2020\r"),
        ("enter (open an article)", "\r"),
        ("space x2 in the reader, q", "  q"),
        ("u u (unread only, off)", "uu"),
        ("f esc (source picker)", "f\x1b"),
        ("/chiem hoa enter (search)", "/chiem hoa\r"),
        (
            "/thanh pho enter (a second search)",
            "/\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7fthanh pho\r",
        ),
        (
            "/c (one letter: nearly every article, while typing)",
            "/\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7fc",
        ),
        ("h enter (/ch)", "h\r"),
    ];
    for (name, keys) in steps {
        tui.send(keys);
        tui.settle();
        report(name);
    }
    let (hwm, rss) = memory_of(pid).unwrap_or((0, 0));
    println!(
        "summary: memory{} n={n} peak_mb={:.1} rss_mb={:.1} load={}",
        if cold { "-cold" } else { "" },
        hwm as f64 / 1024.0,
        rss as f64 / 1024.0,
        support::load_average()
    );
    tui.quit();
    let kept = c.cache_dir().join("xemtin");
    if cold && !c.store_paths().index.exists() && !kept.exists() {
        let _ = std::fs::create_dir_all(c.cache_dir());
        match std::fs::rename(cache.path().join("xemtin"), &kept) {
            Ok(()) => println!(
                "memory n={n}: the index built is kept in {}",
                kept.display()
            ),
            Err(e) => eprintln!("pty_measure: cannot keep the index built: {e}"),
        }
    }
}

fn index(n: usize) {
    let c = support::corpus(n);
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let index = scratch.path().join("index.sqlite");
    let started = Instant::now();
    let mut child = Command::new(binary())
        .args(["--data".as_ref(), c.articles.as_os_str()])
        .args(["--index".as_ref(), index.as_os_str()])
        .args(["index", "--rebuild"])
        .env("HOME", scratch.path())
        .env("XDG_CACHE_HOME", scratch.path().join("cache"))
        .env("XDG_DATA_HOME", scratch.path().join("data"))
        .env("XDG_CONFIG_HOME", scratch.path().join("config"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start xemtin index");
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        if let Some((hwm, _)) = memory_of(pid) {
            peak = peak.max(hwm);
        }
        if let Some(status) = child.try_wait().expect("wait for xemtin") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let secs = started.elapsed().as_secs_f64();
    let mut out = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut out);
    }
    print!("{out}");
    if !status.success() {
        eprintln!("pty_measure: xemtin index failed: {status}");
        std::process::exit(1);
    }
    let bytes = std::fs::metadata(&index).map(|m| m.len()).unwrap_or(0);
    println!(
        "summary: index n={n} wall_s={secs:.2} peak_mb={:.1} (polled) file_mb={:.1} load={}",
        peak as f64 / 1024.0,
        bytes as f64 / 1e6,
        support::load_average()
    );
}
