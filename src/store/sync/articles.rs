//! The article stage of a sync: the files new or changed are read and
//! parsed by two threads, and their article rows written on this one in
//! committed batches (the list is complete when it ends); the rows of files
//! gone are deleted first.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::Path;
use std::sync::mpsc;

use rusqlite::{CachedStatement, Connection, Transaction, params};

use super::folder_open::{read_listed_into, with_file_buffer};
use super::heads::{Head, Heads};
use super::listing::{Known, Listing, compare, index_is_empty};
use super::{Job, Panicked, db_error, in_parallel, to_i64};
use crate::article::Published;
use crate::ingest::ParseOptions;
use crate::ingest::formats::parse_file_heads;
use crate::ingest::page::{self, LineNote, MAX_FILE_BYTES};
use crate::ingest::walk::{self, FolderRead, Listed};
use crate::store::index::LastId;
use crate::store::paths::content_hash;
use crate::store::query::published_text;
use crate::store::read_ahead::read_ahead;
use crate::store::{Progress, Stage, StoreError, SyncReport, index};

/// Files listed, compared and worked on at a time, in batches: the
/// listing is never held whole (some 100 bytes a file), and each part
/// costs one pause of the parsers while its last batch is written.
const BATCHES_PER_PART: usize = 10;
/// Batches of outcomes that may wait for the writer (an outcome of this
/// stage is an article's head: some hundreds of bytes).
const WAITING_BATCHES: usize = 2;

/// The article stage: walk the folder part by part, in path order; for
/// each part, compare it with the index, forget the files gone and write
/// the rows of the files new or changed, batch by batch. Returns the
/// folders the walk read, with their times.
///
/// The walk lists the next part on a thread of its own while this one is
/// written: listed here, its 2 s at 1,000,000 files left the parsers idle
/// at every part. The files are counted for the progress's total on
/// another ([`Total`]).
pub(super) fn index_articles(
    conn: &mut Connection,
    job: &Job<'_>,
    copy_marks: bool,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<FolderRead>, StoreError> {
    // An empty index reads every file: their size and time are taken as
    // they are read, not asked one by one first.
    let empty = index_is_empty(conn).map_err(|e| db_error(job.paths, "read", e))?;
    let stat = match empty {
        true => walk::Stat::Later,
        false => walk::Stat::Each,
    };
    if empty {
        // built again from every row at the end of this stage
        index::drop_source_index(conn).map_err(|e| db_error(job.paths, "update", e))?;
        // No checkpoint until the list is complete: each page is then
        // copied from the WAL into the index once, in the text stage,
        // not once or more while the list fills (at 1,000,000 articles,
        // 1.3 GB written before the list was complete, 0.73 GB without).
        conn.pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(|e| db_error(job.paths, "update", e))?;
    }
    let part = job.batch_size.saturating_mul(BATCHES_PER_PART);
    let mut done = 0;
    std::thread::scope(|scope| {
        let mut total = Total {
            counting: Some(scope.spawn(|| walk::count_article_files(job.root))),
            at_least: 0,
        };
        // The walker waits for each part to be taken: at most the part
        // being written, the one waiting and the one being listed.
        let (send, parts) = mpsc::sync_channel::<Vec<Listed>>(0);
        let walker = scope.spawn(move || {
            let mut walk = walk::Walk::new(job.root, stat);
            loop {
                let files: Vec<Listed> = walk.by_ref().take(part).collect();
                let last = files.len() < part;
                // the writer stopped (an error): stop too
                if send.send(files).is_err() || last {
                    break;
                }
            }
            walk.into_problems_and_folders()
        });
        // Every part written (or the first error), then the walker joined
        // whatever happened, so that it never outlives an error unjoined.
        let mut write_parts = || -> Result<(), StoreError> {
            let mut after: Option<String> = None;
            for files in parts.iter() {
                let to_end = files.len() < part;
                let (work, gone) = compare(conn, &files, after.as_deref(), to_end, report)
                    .map_err(|e| db_error(job.paths, "read", e))?;
                done += files.len() - work.len();
                // the folder grew since it was counted
                total.at_least(done + work.len());
                if to_end {
                    // every file listed: the total is known without the count
                    total.listed_all();
                }
                {
                    let tx = conn
                        .transaction()
                        .map_err(|e| db_error(job.paths, "update", e))?;
                    report.removed +=
                        forget(&tx, &gone).map_err(|e| db_error(job.paths, "update", e))?;
                    tx.commit().map_err(|e| db_error(job.paths, "update", e))?;
                }
                let listing = Listing {
                    files: &files,
                    work: &work,
                };
                let mut write = |batch: &mut Vec<(usize, Examined)>| {
                    let n = batch.len();
                    write_batch(conn, listing, batch, copy_marks, report)
                        .map_err(|e| db_error(job.paths, "write to", e))?;
                    done += n;
                    if let Some(total) = total.known() {
                        progress(Progress {
                            stage: Stage::Articles,
                            done,
                            total,
                        });
                    }
                    Ok(())
                };
                work_on(&listing, job, &mut write)?;
                if to_end {
                    break;
                }
                after = files.last().map(|f| f.id.clone());
            }
            Ok(())
        };
        let written = write_parts();
        drop(parts);
        // A walker that stopped short (a bug) never sent the end: the files
        // after its last part are not taken for gone.
        let walked = walker.join().map_err(|_| {
            StoreError(format!(
                "xemtin failed while listing the data folder {} (a bug: please report it); the index was left as it was",
                job.root.display()
            ))
        });
        // Left out by this stage if the index was empty (or by a first
        // index stopped before its end); built even after an error.
        let indexed = index::build_source_index(conn).map_err(|e| db_error(job.paths, "update", e));
        written?;
        indexed?;
        let (walked, folders) = walked?;
        let tx = conn
            .transaction()
            .map_err(|e| db_error(job.paths, "update", e))?;
        replace_walk_problems(&tx, &walked).map_err(|e| db_error(job.paths, "update", e))?;
        tx.commit().map_err(|e| db_error(job.paths, "update", e))?;
        progress(Progress {
            stage: Stage::Articles,
            done,
            total: total.counted(),
        });
        restore_checkpoints(conn, job)?;
        Ok(folders)
    })
}

/// Checkpoints of the WAL as the rest of the sync makes them: the next
/// commit copies what the article stage left in the WAL into the index.
fn restore_checkpoints(conn: &Connection, job: &Job<'_>) -> Result<(), StoreError> {
    conn.pragma_update(None, "wal_autocheckpoint", super::WAL_PAGES)
        .map_err(|e| db_error(job.paths, "update", e))
}

/// The total of the article stage's progress: the article files counted
/// on a thread of their own, beside the walk (more if more were found
/// since), or those the walk listed once it has listed them all. No
/// progress is reported before one of them is known, so that every report
/// has its total: at 1,000,000 files, counting takes about a second, and
/// the first batches are written meanwhile.
struct Total<'scope> {
    counting: Option<std::thread::ScopedJoinHandle<'scope, usize>>,
    at_least: usize,
}

impl Total<'_> {
    fn at_least(&mut self, n: usize) {
        self.at_least = self.at_least.max(n);
    }

    /// The walk has listed every file: what it found is the total (a
    /// folder of one part, under 20,000 files, reports from its first
    /// batch). The count's answer is not needed; the stage's scope still
    /// joins its thread.
    fn listed_all(&mut self) {
        self.counting = None;
    }

    /// The total, if the count is over.
    fn known(&mut self) -> Option<usize> {
        match &self.counting {
            Some(c) if !c.is_finished() => None,
            _ => Some(self.counted()),
        }
    }

    /// The total, once the count is over (waited for).
    fn counted(&mut self) -> usize {
        if let Some(counting) = self.counting.take() {
            // a count that failed (a bug) leaves the files seen
            self.at_least(counting.join().unwrap_or(0));
        }
        self.at_least
    }
}

/// What writes a batch of examined files (by their place in the work).
type WriteBatch<'a> = dyn FnMut(&mut Vec<(usize, Examined)>) -> Result<(), StoreError> + 'a;

/// Read and parse the files of `listing` to work on, on parser threads
/// (and reader threads ahead of them), and hand what they give to `write`.
fn work_on(
    listing: &Listing<'_>,
    job: &Job<'_>,
    write: &mut WriteBatch<'_>,
) -> Result<(), StoreError> {
    let work = listing.work;
    let path = |i: usize| {
        let id = work
            .get(i)
            .and_then(|w| listing.file(w))
            .map(|f| f.id.as_str());
        walk::path_of(job.root, id.unwrap_or_default())
    };
    read_ahead(work.len(), path, |ahead| {
        in_parallel(
            work,
            |w| {
                ahead.examined_one();
                match listing.file(w) {
                    Some(file) => examine(file, w.before.as_deref(), job.root, job.opts),
                    // not reached: `compare` gives places in the listing
                    None => Examined::panicked(),
                }
            },
            job.batch_size,
            // Two batches: the parsers go on while one is written. With
            // half a batch (the text stage's share) they stopped at every
            // write and waited, and the writer then waited for them: at
            // 1,000,000 files the process used 1.5 of the 2 cores.
            job.batch_size.saturating_mul(WAITING_BATCHES),
            write,
        )
    })
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
        /// The heads of its articles (the rows hold no text).
        heads: Heads,
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

/// Mark the text of the article at `rowid` stale (before the row goes or
/// gets new text): out of `texted`, into `untext`, whose rowids searches
/// leave out until the text stage deletes them from the full-text index
/// (`text_index.rs`). Even a row not in `texted` may have text there (a
/// sync killed between the two commits), so every one goes in.
fn unindex(tx: &Transaction<'_>, rowid: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM texted WHERE rowid = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("INSERT OR IGNORE INTO untext (rowid) VALUES (?1)")?
        .execute([rowid])?;
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

/// Delete the rows of files gone. Returns how many articles went.
fn forget(tx: &Transaction<'_>, gone: &[String]) -> rusqlite::Result<usize> {
    let mut removed = 0;
    for path in gone {
        removed += drop_articles(tx, path)?;
        tx.prepare_cached("DELETE FROM files WHERE path = ?1")?
            .execute([path])?;
        tx.prepare_cached("DELETE FROM problems WHERE path = ?1 AND walk = 0")?
            .execute([path])?;
    }
    Ok(removed)
}

/// Replace the problems found walking the folder.
fn replace_walk_problems(
    tx: &Transaction<'_>,
    walked: &crate::ingest::Scan,
) -> rusqlite::Result<()> {
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
    Ok(())
}

/// Read a listed file into `bytes`, refusing one listed over
/// [`MAX_FILE_BYTES`] before opening it. `Err((note, retry))`.
fn read_listed(
    root: &Path,
    file: &Listed,
    bytes: &mut Vec<u8>,
) -> Result<Metadata, (LineNote, bool)> {
    if file.size > MAX_FILE_BYTES {
        return Err((page::too_big(file.size), false));
    }
    read_listed_into(root, &file.id, bytes).map_err(|note| {
        // Too big now: it grew since it was listed (or was not listed with
        // its size); otherwise unreadable.
        (note, true)
    })
}

/// Read one file, hash it, and parse it unless the hash is the one stored.
fn examine(file: &Listed, before: Option<&Known>, root: &Path, opts: &ParseOptions) -> Examined {
    with_file_buffer(|bytes| examine_in(file, before, root, opts, bytes))
}

fn examine_in(
    file: &Listed,
    before: Option<&Known>,
    root: &Path,
    opts: &ParseOptions,
    bytes: &mut Vec<u8>,
) -> Examined {
    match read_listed(root, file, bytes) {
        Ok(meta) => Examined {
            outcome: outcome(file, before, bytes, opts),
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
    let hash = content_hash(bytes);
    if before.is_some_and(|k| k.hash == hash && k.mtime != index::REDATE) {
        return Outcome::Same;
    }
    // The same bytes, to be read again for their dates (see REDATE).
    let redate = before.is_some_and(|k| k.hash == hash);
    // the rows hold no text (the text stage reads the file again): what
    // waits for the writer stays small
    match parse_file_heads(&file.id, bytes, opts) {
        Ok(o) => Outcome::Parsed {
            heads: Heads::of(o.articles),
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

/// The id and date of each head, for [`index::redate_only`].
fn dates_of(heads: &Heads) -> Vec<(&str, Option<Published>)> {
    heads
        .as_slice()
        .iter()
        .map(|h| (h.id(), h.published))
        .collect()
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
    // The batch comes in id order (the order of `work`, `InOrder`): new
    // ids then take idkeys after the last, instead of halving the gaps
    // between others.
    let tx = conn.transaction()?;
    // the rows' statements borrow the transaction: gone before it commits
    let counts = {
        let mut rows = Rows::new(&tx, copy_marks)?;
        write_files(&tx, &listing, batch, &mut rows)?;
        rows.counts
    };
    tx.commit()?;
    report.added += counts.added;
    report.changed += counts.changed;
    report.removed += counts.removed;
    report.unchanged += counts.unchanged;
    Ok(())
}

/// Write the rows and bookkeeping of each file of `batch`, in its order.
fn write_files(
    tx: &Transaction<'_>,
    listing: &Listing<'_>,
    batch: &mut Vec<(usize, Examined)>,
    rows: &mut Rows<'_>,
) -> rusqlite::Result<()> {
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
                heads,
                redate: true,
                ..
            } if index::redate_only(tx, path, &dates_of(&heads))? => Outcome::Same,
            outcome => outcome,
        };
        let before = w.before.as_ref().map_or(0, |k| k.articles);
        match outcome {
            Outcome::Same => {
                tx.prepare_cached("UPDATE files SET size = ?2, mtime = ?3 WHERE path = ?1")?
                    .execute(params![path, size, mtime])?;
                rows.counts.unchanged += before;
            }
            Outcome::Parsed {
                heads,
                mut notes,
                hash,
                encoding,
                ..
            } => {
                let kept = write_articles(tx, path, w.before.is_some(), heads, &mut notes, rows)?;
                rows.insert_file.execute(params![
                    path,
                    size,
                    mtime,
                    hash,
                    to_i64(kept as u64),
                    encoding
                ])?;
                replace_problems(tx, path, &notes, false, w.before.is_some())?;
            }
            Outcome::Skipped { note, hash, retry } => {
                if w.before.is_some() {
                    rows.counts.removed += drop_articles(tx, path)?;
                }
                let mtime = if retry { -1 } else { mtime };
                tx.prepare_cached(
                "INSERT OR REPLACE INTO files (path, size, mtime, hash, articles) VALUES (?1, ?2, ?3, ?4, 0)",
            )?
            .execute(params![path, size, mtime, hash])?;
                replace_problems(tx, path, std::slice::from_ref(&note), true, true)?;
            }
        }
    }
    Ok(())
}

/// A new article row, its starred mark copied from the state (attached as
/// `state`); its read mark follows ([`COPY_READ_MARK`]).
const INSERT_COPYING_MARKS: &str =
    "INSERT INTO articles (id, idkey, title, published, views, source, file, instant, starred)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
             coalesce((SELECT starred FROM state.marks WHERE id = ?1), 0))";
/// The read mark of article `?2`, just inserted as row `?1`, copied from
/// the state into `read_rows`.
const COPY_READ_MARK: &str = "INSERT INTO read_rows (rowid)
     SELECT ?1 WHERE EXISTS (SELECT 1 FROM state.marks WHERE id = ?2 AND read = 1)";
/// A new article row, unread and not starred (no state to copy from).
const INSERT_UNREAD: &str =
    "INSERT INTO articles (id, idkey, title, published, views, source, file, instant, starred)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)";

/// What writing the rows of one batch keeps from file to file.
struct Rows<'tx> {
    /// Copy each new article's marks from the state (attached as `state`).
    copy_marks: bool,
    last_id: LastId,
    counts: Counts,
    /// [`INSERT_UNREAD`], or [`INSERT_COPYING_MARKS`] when `copy_marks`.
    insert_article: CachedStatement<'tx>,
    /// A parsed file's row in `files`.
    insert_file: CachedStatement<'tx>,
}

impl<'tx> Rows<'tx> {
    /// Rows of a batch written in `tx`, its two inserts held for the batch:
    /// a statement asked of the cache for every row was a tenth of the
    /// writer's work (hashing its text).
    fn new(tx: &'tx Transaction<'_>, copy_marks: bool) -> rusqlite::Result<Self> {
        Ok(Rows {
            copy_marks,
            last_id: LastId::default(),
            counts: Counts::default(),
            insert_article: tx.prepare_cached(match copy_marks {
                true => INSERT_COPYING_MARKS,
                false => INSERT_UNREAD,
            })?,
            insert_file: tx.prepare_cached(
                "INSERT OR REPLACE INTO files (path, size, mtime, hash, articles, encoding)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
        })
    }
}

/// An article's row, as written.
struct Row<'a> {
    head: &'a Head,
    published: Option<String>,
    views: Option<i64>,
    /// NULL when the id is the path (one article per file).
    file: Option<&'a str>,
    instant: Option<i64>,
}

impl<'a> Row<'a> {
    fn of(head: &'a Head, path: &'a str) -> Self {
        Row {
            head,
            published: head.published.as_ref().map(published_text),
            views: head.views.map(to_i64),
            file: (head.id() != path).then_some(path),
            instant: head.published.and_then(|p| p.instant),
        }
    }

    fn update(&self, tx: &Transaction<'_>, rowid: i64) -> rusqlite::Result<()> {
        tx.prepare_cached(
            "UPDATE articles SET title = ?2, published = ?3, views = ?4, source = ?5, file = ?6, instant = ?7
             WHERE rowid = ?1",
        )?
        .execute(params![
            rowid,
            self.head.title(),
            self.published,
            self.views,
            self.head.source(),
            self.file,
            self.instant
        ])?;
        Ok(())
    }

    /// Insert the row of a new article, its marks copied from the state
    /// when `rows.copy_marks`.
    fn insert(
        &self,
        tx: &Transaction<'_>,
        idkey: i64,
        rows: &mut Rows<'_>,
    ) -> rusqlite::Result<()> {
        let a = self.head;
        rows.insert_article.execute(params![
            a.id(),
            idkey,
            a.title(),
            self.published,
            self.views,
            a.source(),
            self.file,
            self.instant
        ])?;
        if rows.copy_marks {
            tx.prepare_cached(COPY_READ_MARK)?
                .execute(params![tx.last_insert_rowid(), a.id()])?;
        }
        Ok(())
    }
}

/// Write the articles of file `path` (`known`: the index had the file):
/// update the rows of ids it had, insert the new ones, delete the ones it no
/// longer gives. Returns how many articles the file now has.
fn write_articles(
    tx: &Transaction<'_>,
    path: &str,
    known: bool,
    mut heads: Heads,
    notes: &mut Vec<LineNote>,
    rows: &mut Rows<'_>,
) -> rusqlite::Result<usize> {
    let mut before = match known {
        true => rows_of_file(tx, path)?,
        false => HashMap::new(),
    };
    // In id order, as files are: a new article then follows the last.
    let heads = heads.as_mut_slice();
    heads.sort_unstable_by(|a, b| a.id().cmp(b.id()));
    let mut kept = 0;
    for head in heads.iter() {
        let row = Row::of(head, path);
        if let Some(rowid) = before.remove(head.id()) {
            unindex(tx, rowid)?;
            row.update(tx, rowid)?;
            rows.counts.changed += 1;
            kept += 1;
            continue;
        }
        // above every id: new, and its idkey the next
        if let Some(idkey) = rows.last_id.idkey_above(tx, head.id())? {
            row.insert(tx, idkey, rows)?;
            rows.counts.added += 1;
            kept += 1;
            continue;
        }
        if index::contains(tx, head.id())? {
            // Only a file named like a feed item (`x.xml#key`) can do this.
            notes.push(LineNote {
                line: None,
                message: format!(
                    "the article id {:?} is taken by another file; rename one of them",
                    head.id()
                ),
            });
            continue;
        }
        let idkey = index::new_idkey(tx, head.id())?;
        // the rows may have been renumbered to make room
        rows.last_id.forget();
        row.insert(tx, idkey, rows)?;
        rows.counts.added += 1;
        kept += 1;
    }
    for (_, rowid) in before {
        unindex(tx, rowid)?;
        tx.prepare_cached("DELETE FROM articles WHERE rowid = ?1")?
            .execute([rowid])?;
        rows.counts.removed += 1;
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
    if !clear && notes.is_empty() {
        return Ok(());
    }
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
