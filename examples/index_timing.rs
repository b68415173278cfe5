//! Times a cold index of a data folder, stage by stage: when the list is
//! complete (the article stage), when every article is searchable (the last
//! text committed), and when the text stage is done (the full-text index
//! merged), in wall time and in the CPU time of the whole process (all
//! threads: on a busy machine, wall time also counts waiting for a core).
//!
//! ```sh
//! python3 ../shared/tools/gen_corpus.py --articles 100000 --out /tmp/corpus100k --format text
//! cargo run --release --example index_timing -- /tmp/corpus100k [/tmp/xemtin-index-timing]
//! ```
//!
//! The index goes in the second folder, rebuilt from nothing each run.
//! `--list-only` (first) stops the process when the list is complete, for
//! timing the article stage alone.
//! Prints the two stages (the article stage's CPU also at every 100,000
//! files, to see whether it grows with the rows already written), the peak
//! memory of the process (VmHWM, and the peaks of its anonymous memory and
//! of its mapped files, sampled every 20 ms: mapped index files are page
//! cache the kernel can take back), and the index size against the size of
//! the text. At each stage's end it also prints the CPU so far split into
//! user and kernel time, and the bytes the disk was made to read (from a
//! cold disk, the kernel's part is mostly the reading). Timings, not a
//! test: nothing fails.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use xemtin::store::{Stage, Store, StorePaths, sync};

fn main() {
    // as the binary does, first thing
    xemtin::memory::few_allocator_pools();
    let mut args = std::env::args().skip(1).peekable();
    let list_only = args.next_if(|a| a == "--list-only").is_some();
    let Some(data) = args.next().map(PathBuf::from) else {
        eprintln!("usage: index_timing [--list-only] DATA_FOLDER [WORK_FOLDER]");
        std::process::exit(2);
    };
    let work = args.next().map_or_else(
        || std::env::temp_dir().join("xemtin-index-timing"),
        PathBuf::from,
    );
    let _ = std::fs::remove_dir_all(&work);
    let paths = StorePaths::in_folders(&work.join("cache"), &work.join("share"), &data);
    let peaks = Arc::new(Peaks::default());
    let sampler = {
        let peaks = Arc::clone(&peaks);
        std::thread::spawn(move || {
            while !peaks.done.load(Ordering::Relaxed) {
                peaks.sample();
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let (t0, c0) = (Instant::now(), process_cpu());
    let mut listed: Option<Duration> = None;
    let mut articles_done: Option<(Duration, Duration)> = None;
    let mut searchable: Option<(Duration, Duration)> = None;
    let mut total = 0;
    let mut next_mark = 100_000;
    let mut last_cpu = Duration::ZERO;
    let report = sync(&paths, &data, false, &mut |p| {
        total = total.max(p.total);
        // how the article stage's cost grows with the rows already written
        if p.stage == Stage::Articles && p.done >= next_mark {
            let (w, c) = (t0.elapsed(), process_cpu() - c0);
            println!(
                "  articles {:>9}: wall {w:.1?}, cpu {c:.1?} (the last 100,000: cpu {:.1?})",
                p.done,
                c.saturating_sub(last_cpu)
            );
            last_cpu = c;
            next_mark += 100_000;
        }
        // Every article is in the list when the last file of the article
        // stage is written; the stage ends after that, once the index by
        // source is built (a first index builds it from every row at the
        // end) and reports done == total again. The text stage's first
        // report ends it too, whichever is seen.
        let last_written = p.stage == Stage::Articles && p.done == p.total;
        if last_written && listed.is_none() {
            let (w, c) = (t0.elapsed(), process_cpu() - c0);
            listed = Some(w);
            println!("every article listed: wall {w:.2?}, cpu {c:.2?}");
        } else if (last_written || p.stage == Stage::Text) && articles_done.is_none() {
            let (a_wall, a_cpu) = (t0.elapsed(), process_cpu() - c0);
            articles_done = Some((a_wall, a_cpu));
            // printed now: the text stage takes a minute more
            println!(
                "article stage (list complete, index by source built): wall {a_wall:.2?}, cpu {a_cpu:.2?} (the writing thread: {:.2?})",
                cpu_of("/proc/thread-self/stat")
            );
            println!("  peak memory so far (VmHWM): {} MB", peak_rss_kb() / 1024);
            println!("  {}", Usage::now());
            if list_only {
                std::process::exit(0);
            }
        }
        if p.stage == Stage::Text && p.done == p.total && p.total > 0 && searchable.is_none() {
            // the last text is committed: every article is found; what
            // follows is the merge of the full-text index and the vocab
            let (w, c) = (t0.elapsed(), process_cpu() - c0);
            searchable = Some((w, c));
            println!("every article searchable (before the merge): wall {w:.2?}, cpu {c:.2?}");
            println!("  {}", Usage::now());
        }
        if p.stage == Stage::Text && p.done == 0 {
            // what the article stage did not index as it went
            println!("  text left to the text stage: {} articles", p.total);
        }
    });
    let (wall, cpu) = (t0.elapsed(), process_cpu() - c0);
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            eprintln!("index_timing: {e}");
            std::process::exit(1);
        }
    };
    let (a_wall, a_cpu) = articles_done.unwrap_or((wall, cpu));
    println!(
        "articles: {} added, {} skipped, {} files",
        report.added, report.skipped, total
    );
    println!(
        "text stage (merged, done):     wall {:.2?}, cpu {:.2?}",
        wall - a_wall,
        cpu - a_cpu
    );
    println!("whole index:                   wall {wall:.2?}, cpu {cpu:.2?}");
    println!("  {}", Usage::now());
    peaks.done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    println!("peak memory (VmHWM): {} MB", peak_rss_kb() / 1024);
    println!(
        "  sampled peaks: anonymous (RssAnon) {} MB, mapped files (RssFile) {} MB",
        peaks.anon_kb.load(Ordering::Relaxed) / 1024,
        peaks.file_kb.load(Ordering::Relaxed) / 1024
    );
    if let Ok((mut store, _)) = Store::open(&paths, &data)
        && let Ok(stats) = store.stats()
    {
        let text = folder_bytes(&data);
        println!(
            "index: {:.1} MB for {:.1} MB of text ({:.2}x)",
            stats.bytes as f64 / 1e6,
            text as f64 / 1e6,
            stats.bytes as f64 / text.max(1) as f64
        );
    }
}

/// CPU time of every thread of this process so far (Linux; zero elsewhere).
fn process_cpu() -> Duration {
    cpu_of("/proc/self/stat")
}

/// The process's CPU so far split into user and kernel time, and the bytes
/// it had the disk read (not those found in the page cache): where a cold
/// disk's cost goes, stage by stage (Linux; zeros elsewhere).
struct Usage {
    user: Duration,
    kernel: Duration,
    disk_read: u64,
    written: u64,
    /// Bytes of the pages it dirtied, less those of files truncated or
    /// deleted before they were written back: what the disk is made to
    /// write for it, now or after it ends.
    to_disk: u64,
}

impl Usage {
    fn now() -> Usage {
        let (user, kernel) = user_and_kernel("/proc/self/stat");
        let io = std::fs::read_to_string("/proc/self/io").unwrap_or_default();
        let field = |name: &str| {
            io.lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(0)
        };
        Usage {
            user,
            kernel,
            disk_read: field("read_bytes:"),
            // every byte handed to write(2): the index, its WAL, the
            // WAL's checkpoints and the sorter's temporary files
            written: field("wchar:"),
            to_disk: field("write_bytes:").saturating_sub(field("cancelled_write_bytes:")),
        }
    }
}

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "so far: user {:.2?}, kernel {:.2?}, read from the disk {:.0} MB, written {:.0} MB ({:.0} MB of it to the disk)",
            self.user,
            self.kernel,
            self.disk_read as f64 / 1e6,
            self.written as f64 / 1e6,
            self.to_disk as f64 / 1e6
        )
    }
}

/// CPU time of the process or thread whose `stat` file is `stat_file`.
fn cpu_of(stat_file: &str) -> Duration {
    let (user, kernel) = user_and_kernel(stat_file);
    user + kernel
}

/// The user and kernel CPU time in the `stat` file `stat_file` (zeros if
/// it cannot be read).
fn user_and_kernel(stat_file: &str) -> (Duration, Duration) {
    let stat = std::fs::read_to_string(stat_file).unwrap_or_default();
    // the fields after the command name, which is in parentheses
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here;
    // clock ticks are 1/100 s on Linux
    let time = |i: usize| {
        let ticks = fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0);
        Duration::from_millis(ticks * 10)
    };
    (time(11), time(12))
}

/// The highest RssAnon and RssFile seen so far, in kB.
#[derive(Default)]
struct Peaks {
    anon_kb: AtomicU64,
    file_kb: AtomicU64,
    done: AtomicBool,
}

impl Peaks {
    fn sample(&self) {
        let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
            return;
        };
        self.anon_kb
            .fetch_max(status_kb(&status, "RssAnon:"), Ordering::Relaxed);
        self.file_kb
            .fetch_max(status_kb(&status, "RssFile:"), Ordering::Relaxed);
    }
}

/// The value in kB of the line `name` of /proc/self/status (0 if absent).
fn status_kb(status: &str, name: &str) -> u64 {
    status
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| status_kb(&s, "VmHWM:"))
        .unwrap_or(0)
}

fn folder_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => folder_bytes(&e.path()),
            _ => e.metadata().map_or(0, |m| m.len()),
        })
        .sum()
}
