//! The text stage of a sync: the full-text index of the articles missing
//! from it (`texted`), newest first, in committed batches (see `sync/mod.rs`).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Job, Panicked, db_error, in_parallel};
use crate::article::Article;
use crate::fold;
use crate::ingest::formats::parse_file;
use crate::ingest::walk;
use crate::ingest::{ParseOptions, read_bytes};
use crate::store::vocab;
use crate::store::{Progress, Stage, StoreError};

/// Articles whose text is indexed (and at least a tenth of all of them)
/// after which a sync merges the full-text index.
const OPTIMIZE_AFTER: usize = 1000;

/// What the full-text table holds for an article: [`fold::index_text`] of
/// its title, its paragraphs joined with newlines, and its source. Folding
/// is the costly part of indexing, so the parser threads do it.
pub(crate) struct FtsText {
    title: String,
    body: String,
    source: String,
}

impl FtsText {
    /// The three columns.
    fn columns(&self) -> [&str; 3] {
        [&self.title, &self.body, &self.source]
    }

    pub(crate) fn of(a: &Article) -> FtsText {
        FtsText {
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
struct TextOutcome(Vec<(i64, FtsText)>);

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
    let mut stmt = conn.prepare_cached("SELECT id, file FROM articles WHERE rowid = ?1")?;
    let mut work: Vec<TextWork> = Vec::new();
    // files of several articles (feeds): where their work is
    let mut slot: HashMap<String, usize> = HashMap::new();
    for &rowid in rowids {
        let row = stmt
            .query_row([rowid], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .optional()?;
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

fn fold_file(w: &TextWork, root: &Path, opts: &ParseOptions) -> TextOutcome {
    let Ok(bytes) = read_bytes(&walk::path_of(root, &w.path)) else {
        return TextOutcome(Vec::new());
    };
    let Ok(parsed) = parse_file(&w.path, &bytes, opts) else {
        return TextOutcome(Vec::new());
    };
    let mut by_id: HashMap<&str, &Article> =
        parsed.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    TextOutcome(
        w.articles
            .iter()
            .filter_map(|(rowid, id)| {
                let id = id.as_deref().unwrap_or(&w.path);
                by_id.remove(id).map(|a| (*rowid, FtsText::of(a)))
            })
            .collect(),
    )
}

/// Stage 4: index the text of every article not in `texted`.
pub(super) fn index_text(
    conn: &mut Connection,
    job: &Job<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), StoreError> {
    let Job {
        paths,
        root,
        opts,
        batch_size,
    } = *job;
    let rowids = text_rowids(conn).map_err(|e| db_error(paths, "read", e))?;
    let total = rowids.len();
    let stale = vocab::is_stale(conn).map_err(|e| db_error(paths, "read", e))?;
    if total == 0 {
        if stale {
            vocab::rebuild(conn).map_err(|e| db_error(paths, "write to", e))?;
        }
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
    // Much to do: write segments without merging them as they come, and
    // merge them all into one at the end (a search then seeks one b-tree
    // per term). A failure of either only costs speed.
    let bulk = total >= OPTIMIZE_AFTER
        && total.saturating_mul(10) >= usize::try_from(articles).unwrap_or(0);
    if bulk {
        let _ = conn.execute_batch(
            "INSERT INTO fts (fts, rank) VALUES ('automerge', 0);
             INSERT INTO fts (fts, rank) VALUES ('crisismerge', 64);",
        );
        // Rebuilt at the end, at once, rather than counted article by article.
        vocab::mark_stale(conn).map_err(|e| db_error(paths, "write to", e))?;
    }
    let count_terms = !(bulk || stale);
    let mut done = 0;
    let mut result = Ok(());
    // Which file each article is in is asked a chunk at a time: a list of
    // every path to read would weigh some 10 MB at 100,000 files.
    for chunk in rowids.chunks(batch_size.saturating_mul(2).max(1)) {
        let work = match text_work(conn, chunk) {
            Ok(w) => w,
            Err(e) => {
                result = Err(db_error(paths, "read", e));
                break;
            }
        };
        result = in_parallel(
            &work,
            |w| fold_file(w, root, opts),
            // a batch counts files here (feeds give many articles per
            // file); each commit writes a segment, merged at the end; a
            // quarter of the article stage's batch keeps the folded text
            // in memory small
            (batch_size / 4).max(1),
            |batch| {
                let tx = conn
                    .transaction()
                    .map_err(|e| db_error(paths, "update", e))?;
                let mut indexed = Vec::new();
                for (i, TextOutcome(texts)) in batch.drain(..) {
                    done += work.get(i).map_or(0, |w| w.articles.len());
                    for (rowid, text) in texts {
                        let fresh = insert_text(&tx, rowid, &text)
                            .map_err(|e| db_error(paths, "write to", e))?;
                        if fresh && count_terms {
                            indexed.push(text);
                        }
                    }
                }
                vocab::add(&tx, indexed.iter().map(FtsText::columns))
                    .map_err(|e| db_error(paths, "write to", e))?;
                tx.commit().map_err(|e| db_error(paths, "write to", e))?;
                progress(Progress {
                    stage: Stage::Text,
                    done,
                    total,
                });
                Ok(())
            },
        );
        if result.is_err() {
            break;
        }
    }
    if bulk {
        let _ = conn.execute_batch(
            "INSERT INTO fts (fts) VALUES ('optimize');
             INSERT INTO fts (fts, rank) VALUES ('automerge', 4);
             INSERT INTO fts (fts, rank) VALUES ('crisismerge', 16);",
        );
    }
    result?;
    if bulk || stale {
        vocab::rebuild(conn).map_err(|e| db_error(paths, "write to", e))?;
    }
    Ok(())
}

/// Index the text of the article at `rowid`; false when it is gone or
/// already indexed.
fn insert_text(tx: &Transaction<'_>, rowid: i64, text: &FtsText) -> rusqlite::Result<bool> {
    // The row may have gone or been re-parsed since (another sync): only
    // rows that exist and have no text get it.
    let fresh = tx
        .prepare_cached(
            "INSERT INTO texted (rowid) SELECT rowid FROM articles WHERE rowid = ?1
             ON CONFLICT DO NOTHING",
        )?
        .execute([rowid])?;
    if fresh > 0 {
        tx.prepare_cached("INSERT INTO fts (rowid, title, body, source) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![rowid, text.title, text.body, text.source])?;
    }
    Ok(fresh > 0)
}
