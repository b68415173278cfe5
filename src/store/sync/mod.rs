//! Bringing the index in line with the data folder, incrementally.
//!
//! 1. List the folder (names, sizes, mtimes; nothing read) and compare with
//!    the `files` bookkeeping: a file with the same size and mtime is
//!    unchanged; any other is read, and if its content hash is the stored
//!    one only its mtime is updated, else it is parsed.
//! 2. Rows of files gone are deleted, and the folder's own problems
//!    replaced, in a first transaction.
//! 3. **Articles.** Two threads read and parse; this thread writes the
//!    article rows they send in batches, each its own transaction. A reader
//!    sees articles appear; the list is complete at the end of this stage.
//! 4. **Text.** The articles whose text is not yet in the full-text index
//!    (`texted`) are read again, folded by two threads and indexed by
//!    tantivy, committed every few batches, newest first, so that searching
//!    works early on the articles most often searched. Parsing twice costs
//!    less than the alternative: a list that waits for the full-text index
//!    waits longer.
//!
//! A process killed at any moment leaves a consistent index: files not yet
//! committed still have their old bookkeeping (or none), articles whose
//! text was not indexed are not in `texted`, and the next sync picks both
//! up again (the full-text index's own rule: `text_index.rs`).
//!
//! Files: `listing.rs` (step 1), `articles.rs` (steps 2 and 3), `text.rs`
//! (step 4); this one runs them and holds what they share.

mod articles;
mod folder_open;
mod heads;
mod listing;
mod text;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use super::fresh;
use super::text_index::{TextWriter, dir_of};
use super::{Progress, StoreError, StorePaths, SyncReport, index, state};
use crate::ingest::ParseOptions;

/// Rows per transaction.
const BATCH: usize = 2000;
/// Page cache of the sync's connection, in KiB (as `PRAGMA cache_size`
/// takes it, negated).
const SYNC_CACHE_KIB: i64 = -8 * 1024;
/// Outcomes a parsing thread hands to the writer at once.
const CHUNK: usize = 32;
/// Parsing threads (the writer is a third).
const PARSERS: usize = 2;
/// Pages of WAL after which a commit of the sync checkpoints it.
pub(super) const WAL_PAGES: i64 = 8000;
/// What a WAL file is cut back to after a checkpoint, in bytes: a little
/// more than [`WAL_PAGES`] of 4 KiB pages.
const WAL_BYTES_KEPT: i64 = 40 << 20;

/// Bring the index of `data_root` in line with its files: new, changed and
/// deleted files, incrementally (`rebuild`: from an empty index). `progress`
/// is called after each committed batch of each stage, and at the end of
/// the article stage. Dates are shown in this machine's time zone.
///
/// A data folder that cannot be read at all is an error and the index is
/// left as it was: an unmounted disk must not empty the list.
pub fn sync(
    paths: &StorePaths,
    data_root: &Path,
    rebuild: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncReport, StoreError> {
    let opts = ParseOptions::local();
    sync_in_batches(paths, data_root, rebuild, &opts, progress, BATCH)
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn db_error(paths: &StorePaths, what: &str, e: rusqlite::Error) -> StoreError {
    StoreError(format!(
        "cannot {what} the index {}: {e}; run the sync again, and if this persists delete that file to rebuild it",
        paths.index.display()
    ))
}

pub(crate) fn sync_in_batches(
    paths: &StorePaths,
    data_root: &Path,
    rebuild: bool,
    opts: &ParseOptions,
    progress: &mut dyn FnMut(Progress),
    batch_size: usize,
) -> Result<SyncReport, StoreError> {
    if let Err(e) = std::fs::read_dir(data_root) {
        return Err(StoreError(format!(
            "cannot read the data folder {}: {e}; check that it exists and is mounted (the index was left as it was)",
            data_root.display()
        )));
    }
    let batch_size = batch_size.max(1);
    let (mut conn, notices) = index::open(&paths.index, opts.zone)?;
    // Fewer, larger checkpoints while writing many rows; a WAL grown
    // larger (a first index's article stage: `articles.rs`) cut back to
    // that size once it is checkpointed.
    conn.pragma_update(None, "wal_autocheckpoint", WAL_PAGES)
        .map_err(|e| db_error(paths, "set up", e))?;
    conn.pragma_update(None, "journal_size_limit", WAL_BYTES_KEPT)
        .map_err(|e| db_error(paths, "set up", e))?;
    // The writer reads little back: a smaller page cache than readers use
    // keeps the peak memory of a TUI indexing in the background down.
    conn.pragma_update(None, "cache_size", SYNC_CACHE_KIB)
        .map_err(|e| db_error(paths, "set up", e))?;
    let copy_marks = state::attach_for_copy(&conn, &paths.state);
    // The full-text index, for this sync alone (another waits): emptied
    // first for a rebuild, or when it is not the one `texted` describes.
    let text = TextWriter::attach(&mut conn, &dir_of(&paths.index), rebuild).map_err(StoreError)?;
    if rebuild {
        index::clear(&mut conn).map_err(|e| db_error(paths, "empty", e))?;
    }
    // The folders' change times before any file is read; with their
    // times as the walk reads them, noted when the sync is done.
    let mut folders = fresh::snapshot(data_root);
    fresh::forget(&conn).map_err(|e| db_error(paths, "update", e))?;
    let mut report = SyncReport {
        notices,
        ..SyncReport::default()
    };
    let job = Job {
        paths,
        root: data_root,
        opts,
        batch_size,
    };
    let walked = articles::index_articles(&mut conn, &job, copy_marks, &mut report, progress)?;
    folders.walked(walked);
    // The rows just written are in this run's zone: record it (or, if a
    // run in another zone recomputed the index meanwhile, bring every row
    // back to this one), so that the zone recorded is every row's.
    index::align_zone(&mut conn, opts.zone).map_err(|e| db_error(paths, "update", e))?;
    text::index_text(&mut conn, text, &job, progress)?;
    fresh::note(&mut conn, &folders).map_err(|e| db_error(paths, "update", e))?;

    let (skipped, warnings): (i64, i64) = conn
        .query_row(
            "SELECT count(*) FILTER (WHERE skipped = 1), count(*) FILTER (WHERE skipped = 0) FROM problems",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| db_error(paths, "read", e))?;
    report.skipped = usize::try_from(skipped).unwrap_or(0);
    report.warnings = usize::try_from(warnings).unwrap_or(0);
    // Fresh statistics for the query planner, when they are due (cheap).
    let _ = conn.execute_batch("PRAGMA optimize");
    Ok(report)
}

/// What both stages of a sync work with.
pub(super) struct Job<'a> {
    pub(super) paths: &'a StorePaths,
    pub(super) root: &'a Path,
    pub(super) opts: &'a ParseOptions,
    /// Rows per transaction.
    pub(super) batch_size: usize,
}

/// Run `examine` over `work` on [`PARSERS`] threads and hand what they give
/// to `write` in batches of `batch_size`, on this thread, in the order of
/// `work` (see [`InOrder`]). Some `waiting` outcomes may wait for the
/// writer: the parsers stop when they do. A panic while examining one item
/// becomes `on_panic` for it; an error from `write` stops everything and
/// is returned.
pub(super) fn in_parallel<W: Sync, O: Send + Panicked>(
    work: &[W],
    examine: impl Fn(&W) -> O + Sync,
    batch_size: usize,
    waiting: usize,
    mut write: impl FnMut(&mut Vec<(usize, O)>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| -> Result<(), StoreError> {
        // Outcomes go to the writer CHUNK at a time: one hand-off (and
        // thread wake-up) per item cost more than parsing a page.
        let (send, receive) = mpsc::sync_channel::<Vec<(usize, O)>>(waiting / CHUNK + 1);
        for _ in 0..PARSERS {
            let send = send.clone();
            let (next, examine) = (&next, &examine);
            scope.spawn(move || {
                let mut chunk = Vec::with_capacity(CHUNK);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(w) = work.get(i) else { break };
                    let outcome = catch_unwind(AssertUnwindSafe(|| examine(w)))
                        .unwrap_or_else(|_| O::panicked());
                    chunk.push((i, outcome));
                    // The writer has stopped (an error): stop too.
                    if chunk.len() == CHUNK && send.send(std::mem::take(&mut chunk)).is_err() {
                        return;
                    }
                }
                if !chunk.is_empty() {
                    let _ = send.send(chunk);
                }
            });
        }
        drop(send);
        // a chunk of each parser may be on its way to fill a gap
        let mut in_order = InOrder::new(batch_size, HOLD_BATCHES * batch_size + PARSERS * CHUNK);
        for chunk in receive {
            in_order.add(chunk);
            while let Some(mut batch) = in_order.next_batch(false) {
                write(&mut batch)?;
            }
        }
        while let Some(mut batch) = in_order.next_batch(true) {
            write(&mut batch)?;
        }
        Ok(())
    })
}

/// Batches the writer may hold back behind one late outcome (beside the
/// parsers' chunks).
const HOLD_BATCHES: usize = 2;

/// Outcomes by their place in the work, handed out in batches in that
/// order. Two parsers take places one after the other, so each one's
/// chunk holds every other place: in the order they come, a batch would
/// hold places the one before it had passed, and the article stage's new
/// rows would go in between rows already written, each taking the middle
/// of the gap left (`index::new_idkey`) until a gap ran out and every row
/// was renumbered (18 times in a first index of 1,000,000). In order,
/// each new row follows the last (`index::LastId`). An outcome that is
/// late (a large file) holds the others back until `hold` wait (some
/// [`HOLD_BATCHES`] batches); then the first of them go without it.
struct InOrder<O> {
    waiting: BTreeMap<usize, O>,
    /// The first place not handed out yet (every one before it was, but
    /// those that came late).
    next: usize,
    /// The first place at or after `next` that has not come.
    missing: usize,
    batch_size: usize,
    hold: usize,
}

impl<O> InOrder<O> {
    fn new(batch_size: usize, hold: usize) -> Self {
        InOrder {
            waiting: BTreeMap::new(),
            next: 0,
            missing: 0,
            batch_size: batch_size.max(1),
            hold,
        }
    }

    fn add(&mut self, chunk: Vec<(usize, O)>) {
        self.waiting.extend(chunk);
        self.find_missing();
    }

    fn find_missing(&mut self) {
        self.missing = self.missing.max(self.next);
        while self.waiting.contains_key(&self.missing) {
            self.missing += 1;
        }
    }

    /// The next batch, ascending: `batch_size` outcomes in order once that
    /// many have come without a gap, or (`at_end`, or too many waiting) the
    /// first that wait.
    fn next_batch(&mut self, at_end: bool) -> Option<Vec<(usize, O)>> {
        let in_a_row = self.missing - self.next;
        let held = self.waiting.len() >= self.hold;
        if self.waiting.is_empty() || !(at_end || held || in_a_row >= self.batch_size) {
            return None;
        }
        let batch: Vec<(usize, O)> = std::iter::from_fn(|| self.waiting.pop_first())
            .take(self.batch_size)
            .collect();
        if let Some((last, _)) = batch.last() {
            self.next = self.next.max(last + 1);
        }
        self.find_missing();
        Some(batch)
    }
}

/// What a parsing thread sends when examining one item panicked.
pub(super) trait Panicked {
    fn panicked() -> Self;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Everything `in_order` hands out for `chunks` coming one after the
    /// other, batch by batch.
    fn batches(batch_size: usize, chunks: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
        let mut in_order = InOrder::new(batch_size, HOLD_BATCHES * batch_size);
        let mut out = Vec::new();
        let places = |b: Vec<(usize, ())>| b.into_iter().map(|(i, ())| i).collect::<Vec<_>>();
        for chunk in chunks {
            in_order.add(chunk.into_iter().map(|i| (i, ())).collect());
            while let Some(b) = in_order.next_batch(false) {
                out.push(places(b));
            }
        }
        while let Some(b) = in_order.next_batch(true) {
            out.push(places(b));
        }
        out
    }

    /// Two parsers taking places one after the other, each sending a
    /// chunk of `chunk` outcomes; the second's chunks come `late` chunks
    /// after the first's.
    fn two_parsers(n: usize, chunk: usize, late: usize) -> Vec<Vec<usize>> {
        let mine = |p: usize| -> Vec<Vec<usize>> {
            let places: Vec<usize> = (p..n).step_by(2).collect();
            places.chunks(chunk).map(<[usize]>::to_vec).collect()
        };
        let (a, b) = (mine(0), mine(1));
        let mut out: Vec<Vec<usize>> = a.iter().take(late).cloned().collect();
        let (a, mut b) = (a.into_iter().skip(late), b.into_iter());
        for c in a {
            out.push(c);
            out.extend(b.next());
        }
        out.extend(b);
        out
    }

    #[test]
    fn two_parsers_outcomes_are_written_in_order_in_full_batches() {
        // the second parser's chunks come two behind: 16 places
        let out = batches(20, two_parsers(95, 4, 2));
        assert!(out.iter().rev().skip(1).all(|b| b.len() == 20), "{out:?}");
        assert_eq!(out.concat(), (0..95).collect::<Vec<_>>());
    }

    #[test]
    fn a_late_outcome_holds_the_others_back_only_so_long() {
        // place 0 comes last of all
        let mut chunks: Vec<Vec<usize>> = (1..50).map(|i| vec![i]).collect();
        chunks.push(vec![0]);
        let out = batches(10, chunks);
        // nothing goes until two batches wait, then the first ten of them
        assert_eq!(out[0], (1..11).collect::<Vec<_>>());
        let all: Vec<usize> = out.concat();
        let mut sorted = all.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        // and it goes with the next batch once it comes
        assert_eq!(out.iter().filter(|b| b.contains(&0)).count(), 1);
    }

    proptest! {
        /// Whatever the order they come in, each outcome is handed out
        /// once, in batches of the size asked for but the last; and from
        /// two parsers at the same pace, in order.
        #[test]
        fn every_outcome_is_handed_out_once(
            n in 0usize..300,
            batch_size in 1usize..40,
            chunk in 1usize..10,
            late in 0usize..4,
            shuffle in proptest::collection::vec(any::<proptest::sample::Index>(), 0..40),
        ) {
            let paced = batches(batch_size, two_parsers(n, chunk, late));
            let in_order = paced.concat();
            // at most a batch waits ahead of the gap a late chunk leaves
            if (late + 1) * chunk <= batch_size {
                prop_assert_eq!(&in_order, &(0..n).collect::<Vec<_>>());
            }
            let mut chunks = two_parsers(n, chunk, late);
            for ix in shuffle {
                if chunks.len() > 1 {
                    let i = ix.index(chunks.len() - 1);
                    chunks.swap(i, i + 1);
                }
            }
            let out = batches(batch_size, chunks);
            prop_assert!(out.iter().all(|b| !b.is_empty() && b.len() <= batch_size));
            let mut all = out.concat();
            all.sort_unstable();
            prop_assert_eq!(all, (0..n).collect::<Vec<_>>());
        }
    }
}
