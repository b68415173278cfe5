//! Reading files just ahead of the parsers, when they come from a disk.
//!
//! A first sync reads every file once. When the files are not in the
//! system's memory, each read waits for the disk, and two parsing threads
//! keep only two reads in flight. A few threads ahead of them keep more
//! reads in flight. On Linux they only ask the system to bring a file into
//! memory (`posix_fadvise`, "will need") and go on without waiting, so
//! hundreds of reads are queued at once and the disk's queue joins the
//! neighbouring ones; elsewhere they read the file and drop what they read
//! (the system keeps it in memory for the parser that comes next).
//!
//! When the files turn out to be in memory already (on Linux the system is
//! asked for a file's first byte only if it has it; elsewhere the read is
//! timed), a reader only tries one file in [`SAMPLE`] from then on, and
//! reads ahead again when one turns out not to be: an archive larger than
//! the system's memory is in memory only in part.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// Threads that read ahead.
const READERS: usize = 2;
/// How many files ahead of the parsers they may be.
const AHEAD: usize = 512;
/// Files a reader tries before it decides whether they are in memory.
const TRIAL: usize = 64;
/// Once they were, a reader tries one file in this many.
const SAMPLE: usize = 64;
/// Files of a trial found not in memory that make a reader go on with every
/// file. Linux says exactly which are not, and one file from the disk costs
/// its parser far more than asking about 64 (an archive partly in memory
/// misses a few files in every hundred); elsewhere a slow read may only
/// mean a busy machine.
#[cfg(target_os = "linux")]
const FROM_DISK_TO_GO_ON: usize = 1;
#[cfg(not(target_os = "linux"))]
const FROM_DISK_TO_GO_ON: usize = TRIAL / 4;
/// Files are read ahead up to this length (longer ones are rare and read
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
    let mut pace = Pace::default();
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
        if pace.wants(i) {
            pace.fetched(fetch(&path(i), &mut buf));
        }
    }
}

/// Which files a reader fetches: every one while they come from the disk,
/// one in [`SAMPLE`] while they are found in memory.
#[derive(Default)]
struct Pace {
    sampling: bool,
    tried: usize,
    from_disk: usize,
}

impl Pace {
    fn wants(&self, i: usize) -> bool {
        !self.sampling || i.is_multiple_of(SAMPLE)
    }

    /// A file was fetched; `from_disk`: it was not in memory.
    fn fetched(&mut self, from_disk: bool) {
        if self.sampling {
            // one file was not in memory: fetch every one again, and see
            self.sampling = !from_disk;
            return;
        }
        self.tried += 1;
        self.from_disk += usize::from(from_disk);
        if self.tried == TRIAL {
            // the files are in memory: fetching them twice only costs time
            self.sampling = self.from_disk < FROM_DISK_TO_GO_ON;
            (self.tried, self.from_disk) = (0, 0);
        }
    }
}

/// Bring the file at `path` into memory (its first [`MAX_BYTES`]) unless it
/// is there already: true when it was not.
#[cfg(target_os = "linux")]
fn fetch(path: &Path, _buf: &mut Vec<u8>) -> bool {
    use rustix::io::{ReadWriteFlags, preadv2};
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    // Its first byte, only if it is in memory ("no wait"): the answer does
    // not depend on how busy the machine is, as a time would.
    let mut first = [0u8; 1];
    let asked = preadv2(
        &file,
        &mut [std::io::IoSliceMut::new(&mut first)],
        0,
        ReadWriteFlags::NOWAIT,
    );
    if asked.is_ok() {
        return false;
    }
    // Not in memory (or a file system that cannot say, taken as not): queue
    // its read and go on.
    let _ = rustix::fs::fadvise(
        &file,
        0,
        std::num::NonZeroU64::new(MAX_BYTES),
        rustix::fs::Advice::WillNeed,
    );
    true
}

/// Bring the file at `path` into memory by reading it (its first
/// [`MAX_BYTES`]): true when that took long enough that it was not there.
#[cfg(not(target_os = "linux"))]
fn fetch(path: &Path, buf: &mut Vec<u8>) -> bool {
    use std::io::Read;
    const FROM_MEMORY: Duration = Duration::from_micros(60);
    let start = std::time::Instant::now();
    buf.clear();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(MAX_BYTES).read_to_end(buf);
    }
    start.elapsed() > FROM_MEMORY
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
    fn files_found_in_memory_are_then_only_sampled_until_one_is_not() {
        let mut pace = Pace::default();
        // a trial with too few files from the disk to go on
        for i in 0..TRIAL {
            assert!(pace.wants(i));
            pace.fetched(i + 1 < FROM_DISK_TO_GO_ON);
        }
        assert!(!pace.wants(TRIAL + 1));
        assert!(pace.wants(2 * SAMPLE));
        pace.fetched(false);
        assert!(!pace.wants(2 * SAMPLE + 1));
        // a sample from the disk: every file again
        pace.fetched(true);
        assert!((0..SAMPLE).all(|i| pace.wants(3 * SAMPLE + 1 + i)));
    }

    #[test]
    fn files_from_the_disk_are_all_fetched() {
        let mut pace = Pace::default();
        for i in 0..3 * TRIAL {
            assert!(pace.wants(i), "file {i}");
            // enough of each trial from the disk to go on
            pace.fetched(i % TRIAL < FROM_DISK_TO_GO_ON);
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_in_memory_is_left_alone_and_one_the_system_dropped_is_fetched() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.txt");
        std::fs::write(&path, "text ".repeat(1000)).unwrap();
        let mut buf = Vec::new();
        assert!(!fetch(&path, &mut buf), "just written, so in memory");
        assert!(!fetch(&tmp.path().join("gone"), &mut buf), "no file");
        // A file system in memory (tmpfs) cannot drop it: nothing more to see.
        const TMPFS: u64 = 0x0102_1994;
        if rustix::fs::statfs(tmp.path()).is_ok_and(|s| s.f_type as u64 == TMPFS) {
            return;
        }
        // On the disk, then dropped from memory. Dropping is a request the
        // system may not grant at once (a page another core still holds
        // stays), so it is asked again until a fetch finds the file gone.
        let file = std::fs::File::open(&path).unwrap();
        file.sync_all().unwrap();
        let fetched_once_dropped = (0..50).any(|_| {
            rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed).unwrap();
            fetch(&path, &mut buf) || {
                std::thread::sleep(std::time::Duration::from_millis(10));
                false
            }
        });
        assert!(fetched_once_dropped, "dropped, so read from the disk");
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
