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
//! 4. **Text.** The articles whose text is not yet in the full-text table
//!    (`texted`) are read again, folded by two threads and indexed, in
//!    batches, newest first, so that searching works early on the articles
//!    most often searched. Parsing twice costs less than the alternative:
//!    the full-text table is the slow part to write, and a list that waits
//!    for it waits three times longer.
//!
//! A process killed at any moment leaves a consistent index: files not yet
//! committed still have their old bookkeeping (or none), articles whose
//! text was not indexed are not in `texted`, and the next sync picks both
//! up again.

use std::collections::HashMap;
use std::fs::Metadata;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use rusqlite::{Connection, Transaction, params};

use super::fresh;
use super::paths::fnv1a64;
use super::query::published_text;
use super::read_ahead::read_ahead;
use super::{Progress, Stage, StoreError, StorePaths, SyncReport, index, state};
use crate::article::Article;
use crate::ingest::formats::parse_file;
use crate::ingest::page::{self, LineNote, MAX_FILE_BYTES};
use crate::ingest::walk::{self, Listed};
use crate::ingest::{ParseOptions, read_with_metadata};

/// Rows per transaction.
const BATCH: usize = 2000;
/// Page cache of the sync's connection, in KiB (as `PRAGMA cache_size`
/// takes it, negated).
const SYNC_CACHE_KIB: i64 = -8 * 1024;
/// Outcomes a parsing thread hands to the writer at once.
const CHUNK: usize = 32;
/// Parsing threads (the writer is a third).
const PARSERS: usize = 2;

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

/// What the index knew of a file.
#[derive(Debug, Clone, Copy)]
struct Known {
    size: i64,
    mtime: i64,
    hash: i64,
    /// How many articles it gave (0: it was skipped).
    articles: usize,
}

/// A file to read (its place in the listing), and what the index knew of
/// it, if anything. Small: a cold index has one per file.
struct Work {
    file: usize,
    before: Option<Box<Known>>,
}

/// Does the index know no file at all (a first sync, or a rebuild)?
fn index_is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM files)", [], |r| r.get(0))
}

/// What reading a file gave, and the size and time of the file read (or,
/// when it could not be read, as listed).
struct Examined {
    outcome: Outcome,
    size: u64,
    mtime_ns: Option<i64>,
}

/// What reading a file gave.
enum Outcome {
    /// Same bytes as stored: only size and mtime to update.
    Same,
    Parsed {
        articles: Vec<Article>,
        notes: Vec<LineNote>,
        hash: i64,
        encoding: Option<&'static str>,
        /// The bytes are the ones stored: the file was read again only for
        /// its dates (see [`index::REDATE`]).
        redate: bool,
    },
    /// No article. `retry`: the file could not be read, so it is read again
    /// next time even if it looks unchanged.
    Skipped {
        note: LineNote,
        hash: i64,
        retry: bool,
    },
}

/// Remove the text of the article at `rowid` from the full-text table, if it
/// is there (before the row goes or gets new text).
fn unindex(tx: &Transaction<'_>, rowid: i64) -> rusqlite::Result<()> {
    let had = tx
        .prepare_cached("DELETE FROM texted WHERE rowid = ?1")?
        .execute([rowid])?;
    if had > 0 {
        tx.prepare_cached("DELETE FROM fts WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    Ok(())
}

/// The article rows of file `path`, by id.
fn rows_of_file(tx: &Transaction<'_>, path: &str) -> rusqlite::Result<HashMap<String, i64>> {
    let mut stmt =
        tx.prepare_cached("SELECT id, rowid FROM articles WHERE id = ?1 OR file = ?1")?;
    let rows = stmt.query_map([path], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Delete every article of file `path`; returns how many there were.
fn drop_articles(tx: &Transaction<'_>, path: &str) -> rusqlite::Result<usize> {
    let rows = rows_of_file(tx, path)?;
    for &rowid in rows.values() {
        unindex(tx, rowid)?;
        tx.prepare_cached("DELETE FROM articles WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    Ok(rows.len())
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(super) fn db_error(paths: &StorePaths, what: &str, e: rusqlite::Error) -> StoreError {
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
    // Fewer, larger checkpoints while writing many rows.
    conn.pragma_update(None, "wal_autocheckpoint", 8000)
        .map_err(|e| db_error(paths, "set up", e))?;
    // The writer reads little back: a smaller page cache than readers use
    // keeps the peak memory of a TUI indexing in the background down.
    conn.pragma_update(None, "cache_size", SYNC_CACHE_KIB)
        .map_err(|e| db_error(paths, "set up", e))?;
    let copy_marks = state::attach_for_copy(&conn, &paths.state);
    if rebuild {
        index::clear(&mut conn).map_err(|e| db_error(paths, "empty", e))?;
    }
    // The folders' times before listing them; noted when the sync is done.
    let folders = fresh::snapshot(data_root);
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
    index_articles(&mut conn, &job, copy_marks, &mut report, progress)?;
    // The rows just written are in this run's zone: record it (or, if a
    // run in another zone recomputed the index meanwhile, bring every row
    // back to this one), so that the zone recorded is every row's.
    index::align_zone(&mut conn, opts.zone).map_err(|e| db_error(paths, "update", e))?;
    super::text::index_text(&mut conn, &job, progress)?;
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

/// The article stage: list the folder, compare, forget the files gone, and
/// write the rows of the files new or changed, batch by batch.
fn index_articles(
    conn: &mut Connection,
    job: &Job<'_>,
    copy_marks: bool,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), StoreError> {
    // The listing (some 10 MB at 100,000 files) is gone when this stage
    // ends, before the text stage needs memory. An empty index reads every
    // file: their size and time are taken as they are read, not asked one
    // by one first.
    let stat = match index_is_empty(conn).map_err(|e| db_error(job.paths, "read", e))? {
        true => walk::Stat::Later,
        false => walk::Stat::Each,
    };
    let (mut files, walked) = walk::list(job.root, stat);
    let (work, gone) =
        compare(conn, &mut files, report).map_err(|e| db_error(job.paths, "read", e))?;
    let total = files.len();
    let mut done = total - work.len();
    let gone: Vec<&str> = gone.iter().map(String::as_str).collect();
    {
        let tx = conn
            .transaction()
            .map_err(|e| db_error(job.paths, "update", e))?;
        report.removed +=
            forget(&tx, &gone, &walked).map_err(|e| db_error(job.paths, "update", e))?;
        tx.commit().map_err(|e| db_error(job.paths, "update", e))?;
    }
    let listing = Listing {
        files: &files,
        work: &work,
    };
    let path = |i: usize| {
        let id = work
            .get(i)
            .and_then(|w| listing.file(w))
            .map(|f| f.id.as_str());
        walk::path_of(job.root, id.unwrap_or_default())
    };
    read_ahead(work.len(), path, |ahead| {
        in_parallel(
            &work,
            |w| {
                ahead.examined_one();
                match listing.file(w) {
                    Some(file) => examine(file, w.before.as_deref(), job.root, job.opts),
                    // not reached: `compare` gives places in the listing
                    None => Examined::panicked(),
                }
            },
            job.batch_size,
            |batch| {
                let n = batch.len();
                write_batch(conn, listing, batch, copy_marks, report)
                    .map_err(|e| db_error(job.paths, "write to", e))?;
                done += n;
                progress(Progress {
                    stage: Stage::Articles,
                    done,
                    total,
                });
                Ok(())
            },
        )
    })?;
    progress(Progress {
        stage: Stage::Articles,
        done,
        total,
    });
    Ok(())
}

/// Run `examine` over `work` on [`PARSERS`] threads and hand what they give
/// to `write` in batches of `batch_size`, on this thread. A panic while
/// examining one item becomes `on_panic` for it; an error from `write`
/// stops everything and is returned.
pub(super) fn in_parallel<W: Sync, O: Send + Panicked>(
    work: &[W],
    examine: impl Fn(&W) -> O + Sync,
    batch_size: usize,
    mut write: impl FnMut(&mut Vec<(usize, O)>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| -> Result<(), StoreError> {
        // Outcomes go to the writer CHUNK at a time: one hand-off (and
        // thread wake-up) per item cost more than parsing a page.
        // Half a batch may wait: enough to keep the parsers busy while a
        // batch is written, little enough to keep the memory down.
        let (send, receive) = mpsc::sync_channel::<Vec<(usize, O)>>(batch_size / 2 / CHUNK + 1);
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
        let mut pending = Vec::with_capacity(batch_size + CHUNK);
        for chunk in receive {
            pending.extend(chunk);
            while pending.len() >= batch_size {
                let mut batch: Vec<_> = pending.drain(..batch_size).collect();
                write(&mut batch)?;
            }
        }
        if !pending.is_empty() {
            write(&mut pending)?;
        }
        Ok(())
    })
}

/// What a parsing thread sends when examining one item panicked.
pub(super) trait Panicked {
    fn panicked() -> Self;
}

const PANIC_MESSAGE: &str =
    "xemtin failed while parsing this file (a bug: please report it with the file)";

impl Panicked for Examined {
    fn panicked() -> Self {
        Examined {
            outcome: Outcome::Skipped {
                note: LineNote {
                    line: None,
                    message: PANIC_MESSAGE.into(),
                },
                hash: 0,
                retry: true,
            },
            // read again next time
            size: 0,
            mtime_ns: None,
        }
    }
}

/// The files listed, and which of them to read.
#[derive(Clone, Copy)]
struct Listing<'a> {
    files: &'a [Listed],
    work: &'a [Work],
}

impl<'a> Listing<'a> {
    /// The file `w` is to read.
    fn file(&self, w: &Work) -> Option<&'a Listed> {
        self.files.get(w.file)
    }
}

/// Compare the listing with what the index knows, both in path order (the
/// index's rows streamed, never all in memory; `files` is sorted): the
/// files to read, and the paths gone. Unchanged files count in `report`.
fn compare(
    conn: &Connection,
    files: &mut [Listed],
    report: &mut SyncReport,
) -> rusqlite::Result<(Vec<Work>, Vec<String>)> {
    // Rust's str order is SQLite's BINARY collation: byte order.
    files.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let mut stmt =
        conn.prepare("SELECT path, size, mtime, hash, articles FROM files ORDER BY path")?;
    let mut rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Known {
                size: r.get(1)?,
                mtime: r.get(2)?,
                hash: r.get(3)?,
                articles: usize::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
            },
        ))
    })?;
    let mut known = rows.next().transpose()?;
    let (mut work, mut gone) = (Vec::new(), Vec::new());
    for (i, file) in files.iter().enumerate() {
        // index rows before this file: gone from the folder
        while let Some((path, _)) = &known
            && path.as_str() < file.id.as_str()
        {
            gone.push(path.clone());
            known = rows.next().transpose()?;
        }
        let before = match &known {
            Some((path, k)) if *path == file.id => Some(*k),
            _ => None,
        };
        if before.is_some() {
            known = rows.next().transpose()?;
        }
        match before {
            Some(k)
                if k.mtime >= 0
                    && Some(k.mtime) == file.mtime_ns
                    && k.size == to_i64(file.size) =>
            {
                report.unchanged += k.articles;
            }
            before => work.push(Work {
                file: i,
                before: before.map(Box::new),
            }),
        }
    }
    while let Some((path, _)) = known {
        gone.push(path);
        known = rows.next().transpose()?;
    }
    Ok((work, gone))
}

/// Delete the rows of files gone; replace the problems found walking.
/// Returns how many articles went.
fn forget(
    tx: &Transaction<'_>,
    gone: &[&str],
    walked: &crate::ingest::Scan,
) -> rusqlite::Result<usize> {
    let mut removed = 0;
    for path in gone {
        removed += drop_articles(tx, path)?;
        tx.prepare_cached("DELETE FROM files WHERE path = ?1")?
            .execute([path])?;
        tx.prepare_cached("DELETE FROM problems WHERE path = ?1 AND walk = 0")?
            .execute([path])?;
    }
    tx.execute("DELETE FROM problems WHERE walk = 1", [])?;
    let mut add = tx.prepare_cached(
        "INSERT INTO problems (path, line, message, skipped, walk) VALUES (?1, ?2, ?3, ?4, 1)",
    )?;
    for (list, skipped) in [(&walked.skipped, true), (&walked.warnings, false)] {
        for d in list {
            let line = d.line.and_then(|n| i64::try_from(n).ok());
            add.execute(params![d.path, line, d.message, skipped])?;
        }
    }
    Ok(removed)
}

/// Read a listed file, refusing one listed over [`MAX_FILE_BYTES`] before
/// opening it. `Err((note, retry))`.
fn read_listed(root: &Path, file: &Listed) -> Result<(Vec<u8>, Metadata), (LineNote, bool)> {
    if file.size > MAX_FILE_BYTES {
        return Err((page::too_big(file.size), false));
    }
    read_with_metadata(&walk::path_of(root, &file.id)).map_err(|note| {
        // Too big now: it grew since it was listed (or was not listed with
        // its size); otherwise unreadable.
        (note, true)
    })
}

/// Read one file, hash it, and parse it unless the hash is the one stored.
fn examine(file: &Listed, before: Option<&Known>, root: &Path, opts: &ParseOptions) -> Examined {
    match read_listed(root, file) {
        Ok((bytes, meta)) => Examined {
            outcome: outcome(file, before, &bytes, opts),
            size: meta.len(),
            mtime_ns: walk::mtime_ns(&meta),
        },
        Err((note, retry)) => Examined {
            outcome: Outcome::Skipped {
                note,
                hash: 0,
                retry,
            },
            size: file.size,
            mtime_ns: file.mtime_ns,
        },
    }
}

/// What the bytes of a file give.
fn outcome(file: &Listed, before: Option<&Known>, bytes: &[u8], opts: &ParseOptions) -> Outcome {
    // Stored as SQLite's signed 64-bit integer: the same bits.
    let hash = fnv1a64(bytes) as i64;
    if before.is_some_and(|k| k.hash == hash && k.mtime != index::REDATE) {
        return Outcome::Same;
    }
    // The same bytes, to be read again for their dates (see REDATE).
    let redate = before.is_some_and(|k| k.hash == hash);
    match parse_file(&file.id, bytes, opts) {
        Ok(o) => Outcome::Parsed {
            // the rows hold no text (the text stage reads the file again):
            // what waits for the writer stays small
            articles: o
                .articles
                .into_iter()
                .map(|a| Article {
                    paragraphs: Vec::new(),
                    ..a
                })
                .collect(),
            notes: o.notes,
            hash,
            encoding: o.encoding.map(|e| e.name),
            redate,
        },
        Err(note) => Outcome::Skipped {
            note,
            hash,
            retry: false,
        },
    }
}

/// Counts of one batch: added, changed, removed, unchanged.
#[derive(Default)]
struct Counts {
    added: usize,
    changed: usize,
    removed: usize,
    unchanged: usize,
}

fn write_batch(
    conn: &mut Connection,
    listing: Listing<'_>,
    batch: &mut Vec<(usize, Examined)>,
    copy_marks: bool,
    report: &mut SyncReport,
) -> rusqlite::Result<()> {
    // In id order (the order of `work`): new ids then take idkeys after
    // the last, instead of halving the gaps between others.
    batch.sort_unstable_by_key(|(i, _)| *i);
    let tx = conn.transaction()?;
    let mut counts = Counts::default();
    for (i, examined) in batch.drain(..) {
        let Some((w, file)) = listing
            .work
            .get(i)
            .and_then(|w| Some((w, listing.file(w)?)))
        else {
            continue;
        };
        let path = file.id.as_str();
        let size = to_i64(examined.size);
        let mtime = examined.mtime_ns.unwrap_or(-1);
        let outcome = match examined.outcome {
            // Read again for its dates only, and they are written: unchanged.
            Outcome::Parsed {
                articles,
                redate: true,
                ..
            } if index::redate_only(&tx, path, &articles)? => Outcome::Same,
            outcome => outcome,
        };
        let before = w.before.as_ref().map_or(0, |k| k.articles);
        match outcome {
            Outcome::Same => {
                tx.prepare_cached("UPDATE files SET size = ?2, mtime = ?3 WHERE path = ?1")?
                    .execute(params![path, size, mtime])?;
                counts.unchanged += before;
            }
            Outcome::Parsed {
                articles,
                mut notes,
                hash,
                encoding,
                ..
            } => {
                let kept = write_articles(
                    &tx,
                    path,
                    w.before.is_some(),
                    articles,
                    &mut notes,
                    copy_marks,
                    &mut counts,
                )?;
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO files (path, size, mtime, hash, articles, encoding)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    path,
                    size,
                    mtime,
                    hash,
                    to_i64(kept as u64),
                    encoding
                ])?;
                replace_problems(&tx, path, &notes, false, w.before.is_some())?;
            }
            Outcome::Skipped { note, hash, retry } => {
                if w.before.is_some() {
                    counts.removed += drop_articles(&tx, path)?;
                }
                let mtime = if retry { -1 } else { mtime };
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO files (path, size, mtime, hash, articles) VALUES (?1, ?2, ?3, ?4, 0)",
                )?
                .execute(params![path, size, mtime, hash])?;
                replace_problems(&tx, path, std::slice::from_ref(&note), true, true)?;
            }
        }
    }
    tx.commit()?;
    report.added += counts.added;
    report.changed += counts.changed;
    report.removed += counts.removed;
    report.unchanged += counts.unchanged;
    Ok(())
}

/// A new article row, its marks copied from the state (attached as `state`).
const INSERT_COPYING_MARKS: &str =
    "INSERT INTO articles (id, idkey, title, published, views, source, file, instant, read, starred)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
             coalesce((SELECT read FROM state.marks WHERE id = ?1), 0),
             coalesce((SELECT starred FROM state.marks WHERE id = ?1), 0))";
/// A new article row, unread and not starred (no state to copy from).
const INSERT_UNREAD: &str =
    "INSERT INTO articles (id, idkey, title, published, views, source, file, instant, read, starred)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 0)";

/// Write the articles of file `path` (`known`: the index had the file):
/// update the rows of ids it had, insert the new ones, delete the ones it no
/// longer gives. Returns how many articles the file now has.
fn write_articles(
    tx: &Transaction<'_>,
    path: &str,
    known: bool,
    articles: Vec<Article>,
    notes: &mut Vec<LineNote>,
    copy_marks: bool,
    counts: &mut Counts,
) -> rusqlite::Result<usize> {
    let mut before = match known {
        true => rows_of_file(tx, path)?,
        false => HashMap::new(),
    };
    let mut kept = 0;
    for article in articles {
        let published = article.published.as_ref().map(published_text);
        let instant = article.published.and_then(|p| p.instant);
        let views = article.views.map(to_i64);
        // NULL when the id is the path (one article per file).
        let file = (article.id != path).then_some(path);
        if let Some(rowid) = before.remove(&article.id) {
            unindex(tx, rowid)?;
            tx.prepare_cached(
                "UPDATE articles SET title = ?2, published = ?3, views = ?4, source = ?5, file = ?6, instant = ?7
                 WHERE rowid = ?1",
            )?
            .execute(params![
                rowid,
                article.title,
                published,
                views,
                article.source,
                file,
                instant
            ])?;
            counts.changed += 1;
            kept += 1;
            continue;
        }
        if index::contains(tx, &article.id)? {
            // Only a file named like a feed item (`x.xml#key`) can do this.
            notes.push(LineNote {
                line: None,
                message: format!(
                    "the article id {:?} is taken by another file; rename one of them",
                    article.id
                ),
            });
            continue;
        }
        let idkey = index::new_idkey(tx, &article.id)?;
        let sql = match copy_marks {
            true => INSERT_COPYING_MARKS,
            false => INSERT_UNREAD,
        };
        tx.prepare_cached(sql)?.execute(params![
            article.id,
            idkey,
            article.title,
            published,
            views,
            article.source,
            file,
            instant
        ])?;
        counts.added += 1;
        kept += 1;
    }
    for (_, rowid) in before {
        unindex(tx, rowid)?;
        tx.prepare_cached("DELETE FROM articles WHERE rowid = ?1")?
            .execute([rowid])?;
        counts.removed += 1;
    }
    Ok(kept)
}

fn replace_problems(
    tx: &Transaction<'_>,
    path: &str,
    notes: &[LineNote],
    skipped: bool,
    clear: bool,
) -> rusqlite::Result<()> {
    if clear {
        tx.prepare_cached("DELETE FROM problems WHERE path = ?1 AND walk = 0")?
            .execute([path])?;
    }
    let mut add = tx.prepare_cached(
        "INSERT INTO problems (path, line, message, skipped, walk) VALUES (?1, ?2, ?3, ?4, 0)",
    )?;
    for n in notes {
        let line = n.line.and_then(|l| i64::try_from(l).ok());
        add.execute(params![path, line, n.message, skipped])?;
    }
    Ok(())
}
