//! The text stage of a sync: the full-text index of the articles missing
//! from it (`texted`), newest first, in committed batches (see `sync/mod.rs`),
//! after the stale text (`untext`) is deleted from it; in the order that
//! keeps it derived data (`text_index.rs`).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::folder_open::{read_listed_into, with_file_buffer};
use super::{Job, Panicked, db_error, in_parallel};
use crate::article::Article;
use crate::fold;
use crate::ingest::ParseOptions;
use crate::ingest::formats::parse_file;
use crate::ingest::walk;
use crate::store::arrays::rowid_array;
use crate::store::read_ahead::read_ahead;
use crate::store::text_index::{TextWriter, stale};
use crate::store::{Progress, Stage, StoreError};

/// Articles whose text is indexed (and at least a tenth of all of them)
/// above which a sync merges what its commits left small at the end
/// ([`TextWriter::merge_all`]).
const OPTIMIZE_AFTER: usize = 1000;
/// Commits of the full-text index: one per this many batches of rows
/// (10,000 articles at the program's batch of 2,000), or a second after the
/// last, whichever comes first, and the first batch at once (the newest
/// articles, searchable first). Each commit waits for tantivy's indexing
/// thread to empty its queue and write a segment, while the parsers stop
/// once they are half a batch ahead: at a batch per commit (segments of
/// 2,000 articles) those waits, and merging fifty small segments, left a
/// core idle a third of the time, and every article of 100,000 was
/// searchable after 11-12 s; at five, 9-10 s, for some 14 MB more at the
/// peak (tantivy's indexing heap, `WRITER_HEAP`, fills before a commit),
/// whatever the archive's size (BENCHMARKS.md, "Fewer commits").
const COMMIT_EVERY_BATCHES: usize = 5;
const COMMIT_AFTER: std::time::Duration = std::time::Duration::from_secs(1);
/// Batches of rows whose files are gathered at once (see `index_text`).
const TEXT_CHUNK_BATCHES: usize = 2;

/// What the full-text index holds for an article: [`fold::index_text`] of
/// its title, its paragraphs, and its source. Folding is the costly part
/// of indexing, so the parser threads do it.
pub(crate) struct IndexedText {
    title: String,
    body: String,
    source: String,
}

impl IndexedText {
    /// The three columns.
    fn columns(&self) -> [&str; 3] {
        [&self.title, &self.body, &self.source]
    }

    pub(crate) fn of(a: &Article) -> IndexedText {
        IndexedText {
            title: fold::index_text(&a.title),
            body: fold::index_text_of_parts(a.paragraphs.iter().map(String::as_str)),
            source: fold::index_text(a.source.as_deref().unwrap_or("")),
        }
    }
}

/// A file with articles whose text is to be indexed: (rowid, id) of each.
struct TextWork {
    path: String,
    /// `None`: the id is the path (one article per file), so a listing of
    /// 100,000 pages holds each path once.
    articles: Vec<(i64, Option<String>)>,
}

/// The folded text of the articles of one file, by rowid (those it still
/// gives: a file that changed or went since the article stage is left to
/// the next sync).
struct TextOutcome(Vec<(i64, IndexedText)>);

impl Panicked for TextOutcome {
    fn panicked() -> Self {
        TextOutcome(Vec::new())
    }
}

/// The articles whose text is not indexed, newest first: only their rowids
/// (8 bytes each; which file each is in is asked a chunk at a time).
fn text_rowids(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT rowid FROM articles
         WHERE rowid NOT IN (SELECT rowid FROM texted)
         ORDER BY published DESC, idkey",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// The articles of `rowids` grouped by file, in the order of their first
/// article. Rows gone since are left out.
fn text_work(conn: &Connection, rowids: &[i64]) -> rusqlite::Result<Vec<TextWork>> {
    // One statement for the chunk, not one per row: the parsers wait while
    // the next chunk's work is gathered.
    let mut stmt = conn.prepare_cached(
        "SELECT articles.rowid, id, file FROM rarray(?1) CROSS JOIN articles
           ON articles.rowid = rarray.value",
    )?;
    let mut found: HashMap<i64, (String, Option<String>)> = stmt
        .query_map([rowid_array(rowids.iter().copied())], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut work: Vec<TextWork> = Vec::new();
    // files of several articles (feeds): where their work is
    let mut slot: HashMap<String, usize> = HashMap::new();
    for &rowid in rowids {
        let row = found.remove(&rowid);
        match row {
            None => {}
            Some((id, None)) => work.push(TextWork {
                path: id,
                articles: vec![(rowid, None)],
            }),
            Some((id, Some(path))) => match slot.get(&path) {
                Some(&i) => work[i].articles.push((rowid, Some(id))),
                None => {
                    slot.insert(path.clone(), work.len());
                    work.push(TextWork {
                        path,
                        articles: vec![(rowid, Some(id))],
                    });
                }
            },
        }
    }
    Ok(work)
}

/// Read a file (from its folder, as the article stage does, into the
/// thread's kept buffer) and fold the text of its articles in `w`.
fn fold_file(w: &TextWork, root: &Path, opts: &ParseOptions) -> TextOutcome {
    let parsed = with_file_buffer(|bytes| {
        read_listed_into(root, &w.path, bytes).ok()?;
        parse_file(&w.path, bytes, opts).ok()
    });
    let Some(parsed) = parsed else {
        return TextOutcome(Vec::new());
    };
    let mut by_id: HashMap<&str, &Article> =
        parsed.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    TextOutcome(
        w.articles
            .iter()
            .filter_map(|(rowid, id)| {
                let id = id.as_deref().unwrap_or(&w.path);
                by_id.remove(id).map(|a| (*rowid, IndexedText::of(a)))
            })
            .collect(),
    )
}

fn text_error(
    paths: &crate::store::StorePaths,
    what: &str,
    e: impl std::fmt::Display,
) -> StoreError {
    StoreError(format!(
        "cannot {what} the full-text index of {}: {e}; run the sync again, and if this persists delete the folder beside it ending in .text",
        paths.index.display()
    ))
}

/// Delete the text of the rowids in `untext` from the full-text index,
/// commit, and only then forget them (and take them out of `texted`: a
/// row another sync marked stale after this one indexed it gets its text
/// again).
fn remove_stale(
    conn: &mut Connection,
    text: &mut TextWriter,
    paths: &crate::store::StorePaths,
) -> Result<(), StoreError> {
    let gone = stale(conn).map_err(|e| db_error(paths, "read", e))?;
    if gone.is_empty() {
        return Ok(());
    }
    for &rowid in &gone {
        text.delete(rowid);
    }
    text.commit()
        .map_err(|e| text_error(paths, "write to", e))?;
    let forget = |conn: &mut Connection| -> rusqlite::Result<()> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for &rowid in &gone {
            tx.prepare_cached("DELETE FROM untext WHERE rowid = ?1")?
                .execute([rowid])?;
            tx.prepare_cached("DELETE FROM texted WHERE rowid = ?1")?
                .execute([rowid])?;
        }
        tx.commit()
    };
    forget(conn).map_err(|e| db_error(paths, "write to", e))
}

/// Commit the text added to the full-text index, then mark its rows in
/// `texted` (those that still exist).
fn commit_added(
    conn: &mut Connection,
    text: &mut TextWriter,
    added: &mut Vec<i64>,
    paths: &crate::store::StorePaths,
) -> Result<(), StoreError> {
    text.commit()
        .map_err(|e| text_error(paths, "write to", e))?;
    let mark = |conn: &mut Connection| -> rusqlite::Result<()> {
        let tx = conn.transaction()?;
        for &rowid in added.iter() {
            tx.prepare_cached(
                "INSERT INTO texted (rowid) SELECT rowid FROM articles WHERE rowid = ?1
                 ON CONFLICT DO NOTHING",
            )?
            .execute([rowid])?;
        }
        tx.commit()
    };
    mark(conn).map_err(|e| db_error(paths, "write to", e))?;
    added.clear();
    Ok(())
}

/// Stage 4: index the text of every article not in `texted`.
pub(super) fn index_text(
    conn: &mut Connection,
    mut text: TextWriter,
    job: &Job<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), StoreError> {
    let Job {
        paths,
        root,
        opts,
        batch_size,
    } = *job;
    remove_stale(conn, &mut text, paths)?;
    let rowids = text_rowids(conn).map_err(|e| db_error(paths, "read", e))?;
    let total = rowids.len();
    if total == 0 {
        text.finish();
        return Ok(());
    }
    progress(Progress {
        stage: Stage::Text,
        done: 0,
        total,
    });
    let articles: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .map_err(|e| db_error(paths, "read", e))?;
    // Much to do: merge what is left small at the end (a search then reads
    // fewer lists per term). A failure of the merge only costs speed.
    let bulk = total >= OPTIMIZE_AFTER
        && total.saturating_mul(10) >= usize::try_from(articles).unwrap_or(0);
    let commit_every = batch_size.saturating_mul(COMMIT_EVERY_BATCHES).max(1);
    let mut done = 0;
    let mut added: Vec<i64> = Vec::new();
    let mut last_commit: Option<std::time::Instant> = None;
    let mut result = Ok(());
    // Which file each article is in is asked a chunk at a time: a list of
    // every path to read would weigh some 10 MB at 100,000 files (chunks
    // of ten batches were no faster, for 8 MB more at the peak).
    for chunk in rowids.chunks(batch_size.saturating_mul(TEXT_CHUNK_BATCHES).max(1)) {
        let work = match text_work(conn, chunk) {
            Ok(w) => w,
            Err(e) => {
                result = Err(db_error(paths, "read", e));
                break;
            }
        };
        let path = |i: usize| walk::path_of(root, work.get(i).map_or("", |w| w.path.as_str()));
        result = read_ahead(work.len(), path, |ahead| {
            in_parallel(
                &work,
                |w| {
                    ahead.examined_one();
                    fold_file(w, root, opts)
                },
                // a batch counts files here (feeds give many articles per
                // file); a quarter of the article stage's batch keeps the
                // folded text in memory small, and half of that may wait
                (batch_size / 4).max(1),
                batch_size / 8,
                |batch| {
                    let mut texts = Vec::new();
                    for (i, TextOutcome(of_file)) in batch.drain(..) {
                        done += work.get(i).map_or(0, |w| w.articles.len());
                        texts.extend(of_file);
                    }
                    text.add_all(texts.iter().map(|(rowid, t)| (*rowid, t.columns())))
                        .map_err(|e| text_error(paths, "write to", e))?;
                    added.extend(texts.iter().map(|(rowid, _)| *rowid));
                    let due = added.len() >= commit_every
                        || (!added.is_empty()
                            && last_commit.is_none_or(|t| t.elapsed() >= COMMIT_AFTER));
                    if due || done >= total {
                        commit_added(conn, &mut text, &mut added, paths)?;
                        last_commit = Some(std::time::Instant::now());
                        progress(Progress {
                            stage: Stage::Text,
                            done,
                            total,
                        });
                    }
                    Ok(())
                },
            )
        });
        if result.is_err() {
            break;
        }
    }
    if result.is_ok() && !added.is_empty() {
        result = commit_added(conn, &mut text, &mut added, paths);
        progress(Progress {
            stage: Stage::Text,
            done,
            total,
        });
    }
    match bulk && result.is_ok() {
        true => text.merge_all(),
        false => text.finish(),
    }
    result
}
