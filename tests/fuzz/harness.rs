//! Running a target: case counts, the watchdog, panics turned into
//! failures, failing inputs saved, and the clean-text check shared by the
//! ingest targets.

use std::collections::HashMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

/// What a target checks one input with: `name` is a file name (its
/// extension matters to the formats target), `bytes` the content. Err is a
/// broken invariant, described.
pub type Check = fn(&str, &[u8]) -> Result<(), String>;

/// One input: a file name and its bytes.
#[derive(Clone)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Input {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Input {
        Input {
            name: name.into(),
            bytes: bytes.into(),
        }
    }

    pub fn text(name: &str, s: &str) -> Input {
        Input::new(name, s.as_bytes())
    }
}

/// Short enough to read in a failure message; the whole input is saved
/// to a file.
impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(&self.bytes);
        let preview: String = text.chars().take(400).collect();
        write!(
            f,
            "Input {{ name: {:?}, {} bytes: {:?}{} }}",
            self.name,
            self.bytes.len(),
            preview,
            if preview.len() < text.len() {
                "…"
            } else {
                ""
            }
        )
    }
}

/// Cases per proptest run: `XEMTIN_FUZZ_CASES` if set, else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("XEMTIN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// How long one case may run before it is taken for a hang.
fn case_limit() -> Duration {
    let secs = std::env::var("XEMTIN_FUZZ_CASE_SECS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

fn failures_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures")
}

/// Write an input where it can be picked up for the corpus; returns the path.
pub fn save_failure(target: &str, input: &Input) -> PathBuf {
    let dir = failures_dir().join(target);
    let _ = std::fs::create_dir_all(&dir);
    let hash = input.bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let safe: String = input
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(format!("{hash:016x}-{safe}"));
    let _ = std::fs::write(&path, &input.bytes);
    path
}

/// Cases running now, by a number of their own, for the watchdog.
struct Running {
    since: Instant,
    target: &'static str,
    input: Input,
}

static RUNNING: OnceLock<Mutex<HashMap<u64, Running>>> = OnceLock::new();
static NEXT: AtomicU64 = AtomicU64::new(0);

fn running() -> &'static Mutex<HashMap<u64, Running>> {
    RUNNING.get_or_init(|| {
        std::thread::spawn(watch_forever);
        Mutex::new(HashMap::new())
    })
}

/// Every quarter second: if a case has run past the limit, save its input
/// and end the process (a hung parser cannot be stopped from outside, and a
/// test run that never ends tells nobody anything).
fn watch_forever() {
    let limit = case_limit();
    loop {
        std::thread::sleep(Duration::from_millis(250));
        let Some(map) = RUNNING.get() else { continue };
        let map = match map.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        for r in map.values() {
            if r.since.elapsed() > limit {
                let path = save_failure(r.target, &r.input);
                eprintln!(
                    "fuzz target {}: one case ran over {} s (a hang?): {:?}\nthe input is saved in {}",
                    r.target,
                    limit.as_secs(),
                    r.input,
                    path.display()
                );
                std::process::exit(102);
            }
        }
    }
}

/// Registered with the watchdog while it lives.
pub struct Watchdog(u64);

impl Watchdog {
    pub fn watch(target: &'static str, input: &Input) -> Watchdog {
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        let r = Running {
            since: Instant::now(),
            target,
            input: input.clone(),
        };
        let mut map = match running().lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.insert(id, r);
        Watchdog(id)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let mut map = match running().lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.remove(&self.0);
    }
}

/// Run `check` on one input under the watchdog, a panic being a failure.
pub fn guarded(target: &'static str, check: Check, input: &Input) -> Result<(), String> {
    let _w = Watchdog::watch(target, input);
    match catch_unwind(AssertUnwindSafe(|| check(&input.name, &input.bytes))) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".into());
            Err(format!("panicked: {msg}"))
        }
    }
}

/// One proptest run of `check` over `strategy`: `default_cases` cases unless
/// `XEMTIN_FUZZ_CASES` says otherwise. A failure is shrunk, saved, and
/// fails the test with the input.
pub fn fuzz<S>(target: &'static str, what: &str, default_cases: u32, strategy: S, check: Check)
where
    S: Strategy<Value = Input>,
{
    let n = cases(default_cases);
    let config = Config {
        cases: n,
        // Found inputs go to the corpus, not to proptest-regressions files.
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let started = Instant::now();
    let result = runner.run(&strategy, |input| {
        guarded(target, check, &input).map_err(TestCaseError::fail)
    });
    eprintln!(
        "fuzz {target}/{what}: {n} cases in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, input)) => {
            let path = save_failure(target, &input);
            panic!(
                "fuzz {target}/{what}: {why}\ninput: {input:?}\nsaved in {}",
                path.display()
            );
        }
        Err(TestError::Abort(why)) => panic!("fuzz {target}/{what}: aborted: {why}"),
    }
}

/// The characters no text leaving ingest may hold: controls (C0, DEL, C1,
/// ESC), and the invisible ones that hide or reorder text.
pub fn bad_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
                | '\u{061c}'
        )
}

/// Err naming the field if `s` holds a character [`bad_char`] refuses.
pub fn clean(field: &str, s: &str) -> Result<(), String> {
    match s.chars().find(|c| bad_char(*c)) {
        Some(c) => Err(format!("{field} holds {c:?}: {s:?}")),
        None => Ok(()),
    }
}

/// Err unless `s` is also trimmed with single spaces.
pub fn tidy(field: &str, s: &str) -> Result<(), String> {
    clean(field, s)?;
    if s.starts_with(' ') || s.ends_with(' ') || s.contains("  ") {
        return Err(format!("{field} is not trimmed to single spaces: {s:?}"));
    }
    Ok(())
}

/// Number of lines as LineNote counts them (CRLF, CR, LF each end a line),
/// plus one for a last line without an ending.
pub fn line_count(bytes: &[u8]) -> usize {
    let mut n = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => n += 1,
            b'\r' => {
                n += 1;
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    n
}

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
