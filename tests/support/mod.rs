//! Drive the real xemtin binary in a pseudo-terminal and read its screen
//! with a terminal emulator (vt100), as a user at a terminal would see it.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).unwrap_or(NonZeroU16::MIN)
}

/// How long a test waits for what it expects before it fails: 10 s, or
/// `XEMTIN_TEST_WAIT_SECS` seconds (a slow or loaded machine). Tests wait
/// for the condition they assert, never for a fixed time, so a longer limit
/// costs nothing when things go well.
pub fn wait_limit() -> Duration {
    std::env::var("XEMTIN_TEST_WAIT_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(Duration::from_secs(10), Duration::from_secs_f64)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    bytes: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    /// Everything the program wrote to the terminal, unprocessed.
    pub raw: Vec<u8>,
    _home: tempfile::TempDir,
}

impl Session {
    /// Start xemtin with `args` on a `cols` x `rows` terminal, with a fresh
    /// HOME and the given extra environment.
    pub fn start(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        Session::spawn(env!("CARGO_BIN_EXE_xemtin"), args, cols, rows, env)
    }

    /// An interactive bash (with job control) in which the test types commands;
    /// `XEMTIN` in its environment is the binary under test.
    pub fn shell(cols: u16, rows: u16) -> Session {
        let bin = env!("CARGO_BIN_EXE_xemtin");
        Session::spawn(
            "bash",
            &["--norc", "--noprofile", "-i"],
            cols,
            rows,
            &[("XEMTIN", bin), ("PS1", "$ ")],
        )
    }

    fn spawn(program: &str, args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let home = tempfile::tempdir().expect("temp home");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(repo());
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("XDG_DATA_HOME", home.path().join("data"));
        cmd.env("XDG_CACHE_HOME", home.path().join("cache"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("XEMTIN_CONFIG");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn xemtin");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
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
        Session {
            child,
            master: pair.master,
            writer,
            bytes: rx,
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            raw: Vec::new(),
            _home: home,
        }
    }

    /// Start on the given data folder with the repository's config.toml.
    pub fn open(data: &Path, cols: u16, rows: u16) -> Session {
        let config = repo().join("config.toml");
        Session::start(
            &[
                "--data",
                data.to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
            ],
            cols,
            rows,
            &[],
        )
    }

    fn pump(&mut self, timeout: Duration) -> bool {
        match self.bytes.recv_timeout(timeout) {
            Ok(chunk) => {
                self.parser.process(&chunk);
                self.raw.extend_from_slice(&chunk);
                true
            }
            Err(_) => false,
        }
    }

    /// Whether the output so far ends inside a frame: a synchronized
    /// update (DEC mode 2026) begun and not yet ended. A frame can reach
    /// the pty in several reads; the screen is only judged between frames.
    fn mid_frame(&self) -> bool {
        let (begin, end) = (b"\x1b[?2026h", b"\x1b[?2026l");
        let last = |pat: &[u8]| self.raw.windows(pat.len()).rposition(|w| w == pat);
        match (last(begin), last(end)) {
            (Some(b), Some(e)) => b > e,
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// Read output until `done` holds for the screen, or fail the test.
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        self.wait_until(what, |s| done(&s.text()));
    }

    /// Read output until `done` holds for the session (the screen's cells,
    /// the raw output), between frames, or fail the test.
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&Session) -> bool) {
        let deadline = Instant::now() + wait_limit();
        loop {
            if !self.mid_frame() && done(self) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{}", self.text());
            }
            self.pump(Duration::from_millis(50));
        }
    }

    /// Wait until the screen shows `needle`.
    pub fn wait_text(&mut self, needle: &str) {
        let n = needle.to_string();
        self.wait_for(&format!("{needle:?}"), move |s| s.contains(&n));
    }

    /// Wait for a whole frame (a synchronized update, begun and ended)
    /// written after the first `since` bytes of output: the program's
    /// answer to a key or a resize that changes the screen.
    pub fn wait_frame(&mut self, since: usize) {
        let end = b"\x1b[?2026l";
        self.wait_until("a frame", |s| {
            s.raw
                .get(since..)
                .is_some_and(|new| new.windows(end.len()).any(|w| w == end))
        });
    }

    /// Send `keys` and wait until the screen is no longer what it was (the
    /// program has read them), for keys that change it: closing a prompt or
    /// help before the next key, which would otherwise arrive with the Esc
    /// and be read as Alt and that key.
    pub fn send_and_wait_change(&mut self, keys: &str, what: &str) {
        let before = self.text();
        self.send(keys);
        self.wait_for(what, |t| t != before);
    }

    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// The screen as text, one line per row, trailing spaces trimmed.
    pub fn text(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn row(&self, row: u16) -> String {
        let (_, cols) = self.parser.screen().size();
        self.parser
            .screen()
            .contents_between(row, 0, row, cols.get())
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
        self.parser.set_size(nz(rows), nz(cols));
    }

    /// Wait for the program to end; returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + wait_limit();
        loop {
            self.pump(Duration::from_millis(20));
            if let Ok(Some(status)) = self.child.try_wait() {
                while self.pump(Duration::from_millis(50)) {}
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("xemtin did not exit; screen:\n{}", self.text());
            }
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Close the terminal: the child is killed and the pty's master
    /// dropped, as when an SSH connection drops. The home folder is kept,
    /// for a look at what the programs left in it.
    pub fn hang_up(mut self) -> tempfile::TempDir {
        let home = std::mem::replace(&mut self._home, tempfile::tempdir().expect("temp home"));
        drop(self);
        home
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Write a page-layout article into `dir` at `rel`.
pub fn write_article(dir: &Path, rel: &str, title: &str, date_line: &str, paragraphs: &[&str]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut text = format!("{title}\n\n{date_line}\n\n");
    for p in paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
    }
    text.push_str("Theo Báo Thử Nghiệm\n\nXem tin theo ngày:   / /\n");
    std::fs::write(path, text).unwrap();
}

/// `xemtin --data DATA --index HOME/index.db ARGS` as a plain command (no
/// terminal), with HOME as its home and XDG folders, in UTC and English
/// UTF-8, no colour settings inherited: what the tests that go through
/// `list --json`, `show` and `check` run.
pub fn command(home: &Path, data: &Path, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_xemtin"));
    c.arg("--data")
        .arg(data)
        .arg("--index")
        .arg(home.join("index.db"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("TZ", "UTC")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("XEMTIN_CONFIG")
        .env_remove("NO_COLOR");
    c
}

/// [`command`], run to its end.
pub fn run_command(home: &Path, data: &Path, args: &[&str]) -> std::process::Output {
    command(home, data, args).output().expect("run xemtin")
}

/// A drawn buffer as text, one line per row with trailing blanks trimmed;
/// a wide character's continuation cell is skipped.
pub fn screen_text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The rowids of the live documents of the full-text index in `dir`,
/// sorted, duplicates kept (so a comparison with the article rows finds
/// them); panics unless its last commit carries `recorded`, the id the
/// SQLite index records for it.
pub fn text_index_rowids(dir: &Path, recorded: &str) -> Vec<i64> {
    let index = tantivy::Index::open_in_dir(dir).expect("the full-text index");
    let payload = index.load_metas().expect("its meta").payload;
    assert_eq!(payload.as_deref(), Some(recorded), "the commit's payload");
    let reader = index.reader().expect("a reader");
    let searcher = reader.searcher();
    let mut rowids = Vec::new();
    for seg in searcher.segment_readers() {
        let column = seg.fast_fields().u64("rowid").expect("the rowid column");
        for doc in 0..seg.max_doc() {
            if seg.is_deleted(doc) {
                continue;
            }
            let rowid = column.first(doc).expect("a rowid");
            rowids.push(i64::try_from(rowid).expect("a rowid"));
        }
    }
    rowids.sort_unstable();
    rowids
}

/// The ids a listing command printed as JSON (`list`, `search` with
/// `--json`), sorted; fails the test with its error output if it failed.
pub fn listed_ids(out: &std::process::Output) -> Vec<String> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// Check that the full-text index beside `index_db` (its `.text` folder)
/// holds one document for every article row, and that its last commit is
/// the one the SQLite index records.
pub fn assert_text_index_matches_rows(index_db: &Path) {
    let db = rusqlite::Connection::open(index_db).unwrap();
    let rowids: Vec<i64> = db
        .prepare("SELECT rowid FROM articles ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let recorded: String = db
        .query_row("SELECT value FROM meta WHERE key = 'text_index'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut text_dir = index_db.as_os_str().to_owned();
    text_dir.push(".text");
    assert_eq!(text_index_rowids(Path::new(&text_dir), &recorded), rowids);
}
