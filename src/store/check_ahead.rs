//! A command's files checked while its rows are still being read.
//!
//! A command printing a search asks each printed file whether it is as the
//! last sync left it (`fresh.rs`). Asked after the rows, the checks took a
//! sixth of a command printing 10,000 rows with both cores busy, while
//! reading the rows kept one core alone. Now the rows read by relevance
//! hand their files, a batch at a time, to one thread that asks them
//! ([`PathFeed`]) while the next rows are read. What it has not asked when
//! the rows are all read (a cold disk answers slowly) is asked then, on
//! several threads, as before (BENCHMARKS.md, "The files asked from their
//! folder and checked while the rows are read").

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::{Scope, ScopedJoinHandle};

use super::file_stat::FolderStat;
use super::fresh::{Found, Settled};

/// Files handed to the checking thread at a time.
const FEED_BATCH: usize = 256;

/// Files to check, one batch: the rows' rowids, and their paths one
/// after the other in one string (one allocation a batch: the process has
/// one allocator pool, `memory::few_allocator_pools`, and a string a row,
/// freed on the checking thread, would make the two threads take turns at
/// its lock).
#[derive(Debug, Default)]
struct Batch {
    rowids: Vec<i64>,
    /// Where each path ends in `paths`.
    ends: Vec<usize>,
    paths: String,
}

impl Batch {
    fn with_capacity(files: usize) -> Batch {
        Batch {
            rowids: Vec::with_capacity(files),
            ends: Vec::with_capacity(files),
            paths: String::with_capacity(files * 96),
        }
    }

    /// Each (rowid, path), in the order pushed.
    fn files(&self) -> impl Iterator<Item = (i64, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.rowids
            .iter()
            .zip(starts.zip(self.ends.iter().copied()))
            .map(|(&rowid, (start, end))| (rowid, self.paths.get(start..end).unwrap_or_default()))
    }
}

/// Where the rows' files go to be checked: (rowid, file) pairs, sent a
/// batch at a time; dropping it sends the last batch.
#[derive(Debug)]
pub(crate) struct PathFeed {
    batch: Batch,
    to_checker: mpsc::Sender<Batch>,
}

impl PathFeed {
    /// Check the file `path` of row `rowid`.
    pub(crate) fn push(&mut self, rowid: i64, path: &str) {
        self.batch.rowids.push(rowid);
        self.batch.paths.push_str(path);
        self.batch.ends.push(self.batch.paths.len());
        if self.batch.rowids.len() >= FEED_BATCH {
            let batch = std::mem::replace(&mut self.batch, Batch::with_capacity(FEED_BATCH));
            // a checker gone leaves the rows unchecked: checked afterwards
            let _ = self.to_checker.send(batch);
        }
    }
}

impl Drop for PathFeed {
    fn drop(&mut self) {
        if !self.batch.rowids.is_empty() {
            let _ = self.to_checker.send(std::mem::take(&mut self.batch));
        }
    }
}

/// What the checking thread found.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// The rows whose file it asked, ascending.
    pub(crate) rowids: Vec<i64>,
    /// Files the last sync does not vouch for, as they are now: path,
    /// size, modification time.
    pub(crate) doubtful: Vec<(String, i64, i64)>,
    /// A file was gone, or had no time.
    pub(crate) gone: bool,
}

/// Start the thread checking the files of `root` fed to the returned
/// [`PathFeed`], against `settled`. Once `stop` is set it asks no more:
/// what is left in the feed is left unchecked (not in
/// [`Checked::rowids`]).
pub(crate) fn start<'scope, 'env>(
    scope: &'scope Scope<'scope, 'env>,
    root: &'env Path,
    settled: &'env Settled,
    stop: &'env AtomicBool,
) -> (PathFeed, ScopedJoinHandle<'scope, Checked>) {
    let (to_checker, batches) = mpsc::channel::<Batch>();
    let checker = scope.spawn(move || {
        let mut checked = Checked::default();
        let mut stat = FolderStat::new(root);
        for batch in batches {
            if checked.gone || stop.load(Ordering::Relaxed) {
                continue;
            }
            for (rowid, path) in batch.files() {
                match settled.find(&mut stat, path) {
                    Found::Vouched => {}
                    Found::Doubtful { size, mtime } => {
                        checked.doubtful.push((path.to_string(), size, mtime));
                    }
                    Found::Gone => checked.gone = true,
                }
                checked.rowids.push(rowid);
            }
        }
        checked.rowids.sort_unstable();
        checked
    });
    let feed = PathFeed {
        batch: Batch::with_capacity(FEED_BATCH),
        to_checker,
    };
    (feed, checker)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settled_none() -> Settled {
        Settled::default()
    }

    #[test]
    fn every_file_fed_is_asked_and_the_gone_one_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("f")).unwrap();
        for i in 0..600 {
            std::fs::write(dir.path().join(format!("f/{i}.txt")), "x".repeat(i)).unwrap();
        }
        let (settled, stop) = (settled_none(), AtomicBool::new(false));
        let checked = std::thread::scope(|scope| {
            let (mut feed, checker) = start(scope, dir.path(), &settled, &stop);
            for i in (0..600).rev() {
                feed.push(i, &format!("f/{i}.txt"));
            }
            drop(feed);
            checker.join().unwrap()
        });
        assert!(!checked.gone);
        assert_eq!(checked.rowids, (0..600).collect::<Vec<i64>>());
        // nothing is vouched for by a sync: each file is doubtful, as it is
        assert_eq!(checked.doubtful.len(), 600);
        assert!(
            checked
                .doubtful
                .iter()
                .all(|(path, size, _)| *path == format!("f/{size}.txt"))
        );

        let checked = std::thread::scope(|scope| {
            let (mut feed, checker) = start(scope, dir.path(), &settled, &stop);
            feed.push(1, "f/1.txt");
            feed.push(2, "f/none.txt");
            drop(feed);
            checker.join().unwrap()
        });
        assert!(checked.gone);
    }

    #[test]
    fn once_stopped_the_files_left_are_not_counted_as_asked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "a").unwrap();
        let (settled, stop) = (settled_none(), AtomicBool::new(true));
        let checked = std::thread::scope(|scope| {
            let (mut feed, checker) = start(scope, dir.path(), &settled, &stop);
            feed.push(7, "a.txt");
            drop(feed);
            checker.join().unwrap()
        });
        assert!(checked.rowids.is_empty());
        assert!(checked.doubtful.is_empty());
    }
}
