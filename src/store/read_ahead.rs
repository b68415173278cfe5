//! Reading files just ahead of the parsers, when they come from a disk.
//!
//! A first sync reads every file once. When the files are not in the
//! system's memory, each read waits for the disk, and two parsing threads
//! keep only two reads in flight: on this machine's disk, `cat` takes 7.0 s to
//! read 100,000 pages two at a time and 5.7 s eight at a time. A few threads that
//! only read (and drop what they read: the system keeps it in memory for the
//! parser that comes next) keep more reads in flight. When the files turn
//! out to be in memory already, they stop at once.

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Threads that read ahead.
const READERS: usize = 4;
/// How many files ahead of the parsers they may be.
const AHEAD: usize = 512;
/// A read quicker than this came from memory.
const FROM_MEMORY: Duration = Duration::from_micros(60);
/// Reads a reader times before it decides whether to go on.
const TRIAL: usize = 64;
/// Files read ahead are at most this long (longer ones are rare and read
/// by their parser anyway).
const MAX_BYTES: u64 = 1 << 20;

/// Where the parsers are, told by them.
#[derive(Default)]
pub(super) struct ReadAhead {
    next: AtomicUsize,
    examined: AtomicUsize,
    finished: AtomicBool,
}

impl ReadAhead {
    /// A parser took one more file.
    pub(super) fn examined_one(&self) {
        self.examined.fetch_add(1, Ordering::Relaxed);
    }
}

/// Run `body` (which parses files `0..len` roughly in order and calls
/// [`ReadAhead::examined_one`] for each) while threads read the files ahead
/// of it. `path(i)` is where file `i` is.
pub(super) fn read_ahead<R>(
    len: usize,
    path: impl Fn(usize) -> PathBuf + Sync,
    body: impl FnOnce(&ReadAhead) -> R,
) -> R {
    let ahead = ReadAhead::default();
    std::thread::scope(|scope| {
        for _ in 0..READERS {
            scope.spawn(|| reader(&ahead, len, &path));
        }
        let result = body(&ahead);
        ahead.finished.store(true, Ordering::Relaxed);
        result
    })
}

fn reader(ahead: &ReadAhead, len: usize, path: &(impl Fn(usize) -> PathBuf + Sync)) {
    let mut buf = Vec::new();
    let (mut timed, mut slow) = (0, 0);
    loop {
        let i = ahead.next.fetch_add(1, Ordering::Relaxed);
        if i >= len {
            return;
        }
        // not too far ahead: what is read early may be dropped again
        while i > ahead.examined.load(Ordering::Relaxed) + AHEAD {
            if ahead.finished.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        if ahead.finished.load(Ordering::Relaxed) {
            return;
        }
        if i < ahead.examined.load(Ordering::Relaxed) {
            continue; // a parser got there first
        }
        let start = Instant::now();
        buf.clear();
        if let Ok(f) = std::fs::File::open(path(i)) {
            let _ = f.take(MAX_BYTES).read_to_end(&mut buf);
        }
        timed += 1;
        if start.elapsed() > FROM_MEMORY {
            slow += 1;
        }
        // the files are in memory: reading them twice only costs time
        if timed == TRIAL && slow < TRIAL / 4 {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_runs_and_its_result_comes_back_whatever_the_readers_do() {
        let tmp = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (0..50)
            .map(|i| {
                let p = tmp.path().join(format!("{i}.txt"));
                std::fs::write(&p, "text").unwrap();
                p
            })
            .collect();
        // One path is missing: a reader shrugs it off.
        let got = read_ahead(
            paths.len() + 1,
            |i| {
                paths
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| tmp.path().join("gone"))
            },
            |ahead| {
                let mut n = 0;
                for p in &paths {
                    ahead.examined_one();
                    n += std::fs::read(p).unwrap().len();
                }
                n
            },
        );
        assert_eq!(got, 50 * 4);
    }

    #[test]
    fn a_body_that_examines_nothing_returns_at_once() {
        // The body examines nothing: readers that reach AHEAD files in wait,
        // and must leave when the body returns (else this test hangs).
        let tmp = tempfile::tempdir().unwrap();
        let got = read_ahead(1_000_000, |_| tmp.path().join("none"), |_| 7);
        assert_eq!(got, 7);
    }
}
