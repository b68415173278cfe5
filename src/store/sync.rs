//! Bringing the index in line with the data folder, incrementally.
//!
//! 1. List the folder (names, sizes, mtimes; nothing read) and compare with
//!    the bookkeeping in the index: a file with the same size and mtime is
//!    unchanged; any other is read, and if its content hash is the stored
//!    one only its mtime is updated, else it is parsed.
//! 2. Rows of files gone are deleted, and the folder's own problems
//!    replaced, in a first transaction.
//! 3. Two threads read and parse; this thread writes what they send in
//!    batches, each its own transaction. A reader sees articles appear; a
//!    process killed at any moment leaves a consistent index in which the
//!    files not yet committed still have their old bookkeeping (or none), so
//!    the next sync picks them up again.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::paths::fnv1a64;
use super::query::published_text;
use super::{Progress, StoreError, StorePaths, SyncReport, index, state};
use crate::article::Article;
use crate::fold;
use crate::ingest::page::{self, LineNote, MAX_FILE_BYTES};
use crate::ingest::walk::{self, Listed};

/// Rows per transaction.
const BATCH: usize = 2000;
/// Rows written (and at least a tenth of the articles) after which a sync
/// merges the full-text index.
const OPTIMIZE_AFTER: usize = 1000;
/// Parsing threads (the writer is a third, mostly waiting on the disk).
const PARSERS: usize = 2;

/// Bring the index of `data_root` in line with its files: new, changed and
/// deleted files, incrementally (`rebuild`: from an empty index). `progress`
/// is called after each committed batch and at the end.
///
/// A data folder that cannot be read at all is an error and the index is
/// left as it was: an unmounted disk must not empty the list.
pub fn sync(
    paths: &StorePaths,
    data_root: &Path,
    rebuild: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncReport, StoreError> {
    sync_in_batches(paths, data_root, rebuild, progress, BATCH)
}

/// What the index knew of a file.
#[derive(Debug, Clone, Copy)]
struct Known {
    size: i64,
    mtime: i64,
    hash: i64,
    /// It gave an article (else it was skipped).
    article: bool,
}

/// A file to read, and the hash stored for it, if any.
struct Work {
    file: Listed,
    before: Option<Known>,
}

/// What reading a file gave.
enum Outcome {
    /// Same bytes as stored: only size and mtime to update.
    Same,
    Parsed {
        article: Article,
        /// The full-text row: folded title, body and source.
        text: FtsText,
        notes: Vec<LineNote>,
        hash: i64,
    },
    /// No article. `retry`: the file could not be read, so it is read again
    /// next time even if it looks unchanged.
    Skipped {
        note: LineNote,
        hash: i64,
        retry: bool,
    },
}

/// What the full-text table holds for an article: [`fold::index_text`] of
/// its title, its paragraphs joined with newlines, and its source. Folding
/// is the costly part of indexing, so the parser threads do it.
pub(crate) struct FtsText {
    title: String,
    body: String,
    source: String,
}

impl FtsText {
    pub(crate) fn of(a: &Article) -> FtsText {
        FtsText {
            title: fold::index_text(&a.title),
            body: fold::index_text(&a.paragraphs.join("\n")),
            source: fold::index_text(a.source.as_deref().unwrap_or("")),
        }
    }
}

/// Remove the full-text row of article `id`, if it has one (before the
/// article row goes or gets new text).
fn unindex(tx: &Transaction<'_>, id: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM fts WHERE rowid IN (SELECT rowid FROM articles WHERE id = ?1)")?
        .execute([id])?;
    Ok(())
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
    progress: &mut dyn FnMut(Progress),
    batch_size: usize,
) -> Result<SyncReport, StoreError> {
    if let Err(e) = std::fs::read_dir(data_root) {
        return Err(StoreError(format!(
            "cannot read the data folder {}: {e}; check that it exists and is mounted (the index was left as it was)",
            data_root.display()
        )));
    }
    let (mut conn, notices) = index::open(&paths.index)?;
    // Fewer, larger checkpoints while writing many rows.
    conn.pragma_update(None, "wal_autocheckpoint", 8000)
        .map_err(|e| db_error(paths, "set up", e))?;
    let copy_marks = state::attach_for_copy(&conn, &paths.state);
    if rebuild {
        index::clear(&mut conn).map_err(|e| db_error(paths, "empty", e))?;
    }
    let (files, walked) = walk::list(data_root);
    let known = load_known(&conn).map_err(|e| db_error(paths, "read", e))?;

    let mut report = SyncReport {
        notices,
        ..SyncReport::default()
    };
    let listed: HashSet<&str> = files.iter().map(|f| f.id.as_str()).collect();
    let gone: Vec<&str> = known
        .keys()
        .map(String::as_str)
        .filter(|id| !listed.contains(id))
        .collect();
    report.removed = gone.iter().filter(|id| known[**id].article).count();
    let total = files.len();
    let mut work = Vec::new();
    for file in files {
        match known.get(&file.id) {
            Some(k)
                if k.mtime >= 0
                    && Some(k.mtime) == file.mtime_ns
                    && k.size == to_i64(file.size) =>
            {
                report.unchanged += usize::from(k.article);
            }
            before => {
                let before = before.copied();
                work.push(Work { file, before });
            }
        }
    }
    let mut done = total - work.len();

    {
        let tx = conn
            .transaction()
            .map_err(|e| db_error(paths, "update", e))?;
        forget(&tx, &gone, &walked).map_err(|e| db_error(paths, "update", e))?;
        tx.commit().map_err(|e| db_error(paths, "update", e))?;
    }

    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| -> Result<(), StoreError> {
        let (send, receive) = mpsc::sync_channel::<(usize, Outcome)>(batch_size.max(1) * 2);
        for _ in 0..PARSERS {
            let send = send.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(w) = work.get(i) else { break };
                    let outcome = catch_unwind(AssertUnwindSafe(|| examine(w))).unwrap_or_else(|_| {
                        Outcome::Skipped {
                            note: LineNote {
                                line: None,
                                message: "xemtin failed while parsing this file (a bug: please report it with the file)".into(),
                                },
                            hash: 0,
                            retry: true,
                        }
                    });
                    // The writer has stopped (an error): stop too.
                    if send.send((i, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut batch = Vec::with_capacity(batch_size);
        let mut receive = receive.iter().peekable();
        while let Some(item) = receive.next() {
            batch.push(item);
            if batch.len() >= batch_size.max(1) || receive.peek().is_none() {
                let n = batch.len();
                write_batch(&mut conn, &work, &mut batch, copy_marks, &mut report)
                    .map_err(|e| db_error(paths, "write to", e))?;
                done += n;
                progress(Progress { done, total });
            }
        }
        Ok(())
    })?;

    let (skipped, warnings): (i64, i64) = conn
        .query_row(
            "SELECT count(*) FILTER (WHERE skipped = 1), count(*) FILTER (WHERE skipped = 0) FROM problems",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| db_error(paths, "read", e))?;
    report.skipped = usize::try_from(skipped).unwrap_or(0);
    report.warnings = usize::try_from(warnings).unwrap_or(0);
    // After writing a large part of the index, merge the full-text segments
    // into one: a search then seeks one b-tree per term instead of many
    // (several times faster for rowid probes). A few seconds per 100,000
    // articles, so not after small syncs; a failure only costs speed.
    let written = report.added + report.changed + report.removed;
    let articles = report.added + report.changed + report.unchanged;
    if written >= OPTIMIZE_AFTER && written.saturating_mul(10) >= articles {
        let _ = conn.execute_batch("INSERT INTO fts (fts) VALUES ('optimize')");
    }
    // Fresh statistics for the query planner, when they are due (cheap).
    let _ = conn.execute_batch("PRAGMA optimize");
    progress(Progress { done, total });
    Ok(report)
}

/// Every file the index knows, with its bookkeeping.
fn load_known(conn: &Connection) -> rusqlite::Result<HashMap<String, Known>> {
    let mut known = HashMap::new();
    for (sql, article) in [
        ("SELECT id, size, mtime, hash FROM articles", true),
        ("SELECT id, size, mtime, hash FROM skipped_files", false),
    ] {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Known {
                    size: r.get(1)?,
                    mtime: r.get(2)?,
                    hash: r.get(3)?,
                    article,
                },
            ))
        })?;
        for row in rows {
            let (id, k) = row?;
            known.insert(id, k);
        }
    }
    Ok(known)
}

/// Delete the rows of files gone; replace the problems found walking.
fn forget(
    tx: &Transaction<'_>,
    gone: &[&str],
    walked: &crate::ingest::Scan,
) -> rusqlite::Result<()> {
    for id in gone {
        unindex(tx, id)?;
        tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?
            .execute([id])?;
        tx.prepare_cached("DELETE FROM skipped_files WHERE id = ?1")?
            .execute([id])?;
        tx.prepare_cached("DELETE FROM problems WHERE path = ?1 AND walk = 0")?
            .execute([id])?;
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
    Ok(())
}

/// Read one file (as `ingest::read_page` does), hash it, and parse it
/// unless the hash is the one stored.
fn examine(w: &Work) -> Outcome {
    let cannot = |e: std::io::Error| Outcome::Skipped {
        note: LineNote {
            line: None,
            message: format!("cannot read the file: {e}; check that it exists and is readable"),
        },
        hash: 0,
        retry: true,
    };
    if w.file.size > MAX_FILE_BYTES {
        return Outcome::Skipped {
            note: page::too_big(w.file.size),
            hash: 0,
            retry: false,
        };
    }
    let file = match File::open(&w.file.path) {
        Ok(f) => f,
        Err(e) => return cannot(e),
    };
    let mut bytes = Vec::with_capacity(usize::try_from(w.file.size).unwrap_or(0));
    // `take` guards against a file that grew since it was listed.
    if let Err(e) = file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        return cannot(e);
    }
    // Stored as SQLite's signed 64-bit integer: the same bits.
    let hash = fnv1a64(&bytes) as i64;
    if w.before.is_some_and(|k| k.hash == hash) {
        return Outcome::Same;
    }
    match page::parse_page(&w.file.id, &bytes) {
        Ok((article, notes)) => Outcome::Parsed {
            text: FtsText::of(&article),
            article,
            notes,
            hash,
        },
        Err(note) => Outcome::Skipped {
            note,
            hash,
            retry: false,
        },
    }
}

fn write_batch(
    conn: &mut Connection,
    work: &[Work],
    batch: &mut Vec<(usize, Outcome)>,
    copy_marks: bool,
    report: &mut crate::store::SyncReport,
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let mut counts = (0, 0, 0, 0); // added, changed, removed, unchanged
    for (i, outcome) in batch.drain(..) {
        let Some(w) = work.get(i) else { continue };
        let id = w.file.id.as_str();
        let size = to_i64(w.file.size);
        let mtime = w.file.mtime_ns.unwrap_or(-1);
        let was_article = w.before.is_some_and(|k| k.article);
        match outcome {
            Outcome::Same => {
                tx.prepare_cached("UPDATE articles SET size = ?2, mtime = ?3 WHERE id = ?1")?
                    .execute(params![id, size, mtime])?;
                tx.prepare_cached("UPDATE skipped_files SET size = ?2, mtime = ?3 WHERE id = ?1")?
                    .execute(params![id, size, mtime])?;
                counts.3 += usize::from(was_article);
            }
            Outcome::Parsed {
                article,
                text,
                notes,
                hash,
            } => {
                let marks = match copy_marks {
                    true => {
                        "coalesce((SELECT read FROM state.marks WHERE id = ?1), 0),
                         coalesce((SELECT starred FROM state.marks WHERE id = ?1), 0)"
                    }
                    false => "0, 0",
                };
                let published = article.published.as_ref().map(published_text);
                let views = article.views.map(to_i64);
                // A file the index never had needs no update or clean-up first.
                let known = w.before.is_some();
                if known {
                    unindex(&tx, id)?;
                }
                let updated: Option<i64> = match known {
                    false => None,
                    true => tx
                        .prepare_cached(
                            "UPDATE articles SET title = ?2, published = ?3, views = ?4,
                           source = ?5, size = ?6, mtime = ?7, hash = ?8
                         WHERE id = ?1 RETURNING rowid",
                        )?
                        .query_row(
                            params![
                                id,
                                article.title,
                                published,
                                views,
                                article.source,
                                size,
                                mtime,
                                hash
                            ],
                            |r| r.get(0),
                        )
                        .optional()?,
                };
                let rowid = match updated {
                    Some(rowid) => rowid,
                    None => {
                        let idkey = index::new_idkey(&tx, id)?;
                        let sql = format!(
                            "INSERT INTO articles (id, idkey, title, published, views, source,
                           size, mtime, hash, read, starred)
                         VALUES (?1, ?9, ?2, ?3, ?4, ?5, ?6, ?7, ?8, {marks})"
                        );
                        tx.prepare_cached(&sql)?.execute(params![
                            id,
                            article.title,
                            published,
                            views,
                            article.source,
                            size,
                            mtime,
                            hash,
                            idkey
                        ])?;
                        tx.last_insert_rowid()
                    }
                };
                tx.prepare_cached(
                    "INSERT INTO fts (rowid, title, body, source) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![rowid, text.title, text.body, text.source])?;
                if known {
                    tx.prepare_cached("DELETE FROM skipped_files WHERE id = ?1")?
                        .execute([id])?;
                }
                replace_problems(&tx, id, &notes, false, known)?;
                match was_article {
                    true => counts.1 += 1,
                    false => counts.0 += 1,
                }
            }
            Outcome::Skipped { note, hash, retry } => {
                unindex(&tx, id)?;
                tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?
                    .execute([id])?;
                let mtime = if retry { -1 } else { mtime };
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO skipped_files (id, size, mtime, hash) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, size, mtime, hash])?;
                replace_problems(&tx, id, std::slice::from_ref(&note), true, true)?;
                counts.2 += usize::from(was_article);
            }
        }
    }
    tx.commit()?;
    report.added += counts.0;
    report.changed += counts.1;
    report.removed += counts.2;
    report.unchanged += counts.3;
    Ok(())
}

fn replace_problems(
    tx: &Transaction<'_>,
    id: &str,
    notes: &[LineNote],
    skipped: bool,
    clear: bool,
) -> rusqlite::Result<()> {
    if clear {
        tx.prepare_cached("DELETE FROM problems WHERE path = ?1 AND walk = 0")?
            .execute([id])?;
    }
    let mut add = tx.prepare_cached(
        "INSERT INTO problems (path, line, message, skipped, walk) VALUES (?1, ?2, ?3, ?4, 0)",
    )?;
    for n in notes {
        let line = n.line.and_then(|l| i64::try_from(l).ok());
        add.execute(params![id, line, n.message, skipped])?;
    }
    Ok(())
}
