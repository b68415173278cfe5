//! Searches with a positive term, answered from the rowids the full-text
//! index matches.
//!
//! As the user types, the list asks for the count, the unread count, the
//! position of the selected article and a window, all for the same search.
//! The index evaluates it once ([`Cache`]): the matching rowids (sorted)
//! and, for relevance order, their scores (`rank.rs`). The rest is cheap:
//!
//! - the matches passing the other filter parts (dates, source, marks) are
//!   all of them when there are none, else looked up by rowid when they are
//!   few, else found by scanning the filtered articles;
//! - a window by date walks the list order (index only) keeping the matches
//!   when they are dense, from the top or, near the end, from the bottom
//!   (never a list of a million rowids handed to SQLite to sort: 22 MB of
//!   JSON at 1,000,000), else sorts the passing matches;
//! - relevance order sorts by score and fetches dates only for the scores
//!   the window spans (ties are newest first).
//!
//! The cache is dropped when another connection commits (`data_version`:
//! a sync commits the text in the full-text index first, then marks it in
//! `texted`, so the index's reader is reloaded then too) and, for what
//! depends on marks, when this one changes a mark.

use std::collections::HashMap;
use std::fmt::Write;
use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use super::arrays::rowid_array;
use super::check_ahead::PathFeed;
use super::query::{COLUMN_COUNT, COLUMNS, READ, Where, rows_in_order, summary, to_i64, to_usize};
use super::text_index::{TextReader, stale};
use super::text_search::{Clause, Search, evaluate, matching_any};
use crate::catalog::{Filter, Limits, Summary};

/// What one search costs the index, kept while the index is unchanged.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    /// The full-text index (None: not there yet, searches find nothing)
    /// and its folder, to open it once a sync has made it.
    pub(crate) text: Option<TextReader>,
    pub(crate) text_dir: Option<std::path::PathBuf>,
    version: Option<i64>,
    matches: Option<Matches>,
    /// Shared with the caller, never copied: a million matches are 16 MB.
    passing: Option<(Filter, Rc<[Hit]>)>,
    /// The terms of a search of exclusions only, and the rowids any of
    /// them matches, ascending (the calendar's spans reuse them).
    excluded: Option<(Vec<Clause>, Vec<i64>)>,
    /// Where answering changes method ([`Limits`]).
    pub(crate) limits: Limits,
    /// Where the rows read by relevance send their files to be checked
    /// (a command; `check_ahead.rs`), taken by the next window.
    pub(crate) feed: Option<PathFeed>,
}

impl Cache {
    /// This connection changed a mark: what depends on marks is stale.
    pub(crate) fn marks_changed(&mut self) {
        self.passing = None;
    }

    /// Forget everything if another connection committed since (and see
    /// what it committed in the full-text index).
    pub(crate) fn check(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if self.version != Some(version) {
            match (&self.text, &self.text_dir) {
                (Some(text), _) => text.reload(),
                (None, Some(dir)) => self.text = TextReader::open(dir),
                (None, None) => {}
            }
            *self = Cache {
                version: Some(version),
                limits: self.limits,
                text: self.text.take(),
                text_dir: self.text_dir.take(),
                feed: self.feed.take(),
                ..Cache::default()
            };
        }
        Ok(())
    }
}

#[derive(Debug)]
struct Matches {
    search: Search,
    /// Ascending.
    rowids: Vec<i64>,
    /// Parallel to `rowids`, when relevance was asked for.
    scores: Option<Vec<i64>>,
}

impl Matches {
    fn index(&self, rowid: i64) -> Option<usize> {
        self.rowids.binary_search(&rowid).ok()
    }

    fn score(&self, rowid: i64) -> i64 {
        match (&self.scores, self.index(rowid)) {
            (Some(s), Some(i)) => s.get(i).copied().unwrap_or(0),
            _ => 0,
        }
    }

    /// The score of each of `hits` (ascending rowids, as the matches are),
    /// in their order: both lists walked side by side, not a search in the
    /// matches for each (a million of those were a tenth of a keystroke).
    fn scores_of<'a>(&'a self, hits: &'a [Hit]) -> impl Iterator<Item = i64> + 'a {
        let mut i = 0;
        hits.iter().map(move |h| {
            let rowid = h.rowid();
            while self.rowids.get(i).is_some_and(|&r| r < rowid) {
                i += 1;
            }
            match (&self.scores, self.rowids.get(i)) {
                (Some(s), Some(&r)) if r == rowid => s.get(i).copied().unwrap_or(0),
                _ => 0,
            }
        })
    }
}

/// Of `scores` ranked best first, the scores at the window's first and last
/// places (`start`, `start + len - 1`) and how many rank above the first:
/// found by selection, not by sorting them all (a million matches are
/// sorted in some 60 ms, selected in a few, and their scores alone take half
/// the memory of (score, rowid) pairs). None when the window is outside.
fn window_scores(mut scores: Vec<i64>, start: usize, len: usize) -> Option<(i64, i64, usize)> {
    let last = start.checked_add(len)?.checked_sub(1)?;
    if last >= scores.len() || start > last {
        return None;
    }
    let best_first = |a: &i64, b: &i64| b.cmp(a);
    let (_, &mut lo, _) = scores.select_nth_unstable_by(last, best_first);
    // the `last + 1` best are now before and at `last`
    let (_, &mut hi, _) = scores
        .get_mut(..=last)?
        .select_nth_unstable_by(start, best_first);
    let above = scores.iter().filter(|&&s| s > hi).count();
    Some((hi, lo, above))
}

/// A match that passes the filter: its rowid and whether it is read, in
/// one integer (the rowid doubled, plus one if read), so that a million
/// matches take 8 MB, in rowid order as the rowids are.
#[derive(Debug, Clone, Copy)]
struct Hit(i64);

impl Hit {
    fn new(rowid: i64, read: bool) -> Hit {
        // SQLite's rowids for new rows stay far below 2^62
        Hit(rowid.wrapping_mul(2) | i64::from(read))
    }

    fn rowid(self) -> i64 {
        self.0 >> 1
    }

    fn read(self) -> bool {
        self.0 & 1 == 1
    }
}

/// The matches of `search`, evaluated at most once per expression (twice
/// when relevance is asked for after the plain set).
fn matches<'c>(
    conn: &Connection,
    cache: &'c mut Cache,
    search: &Search,
    scored: bool,
) -> rusqlite::Result<&'c Matches> {
    let want = if scored { Scores::Yes } else { Scores::No };
    ensure(conn, cache, search, want)?;
    cache
        .matches
        .as_ref()
        .ok_or(rusqlite::Error::QueryReturnedNoRows)
}

/// The rowids `search` matches, ascending: the set the list evaluated for
/// the same search when it is still valid, else evaluated once and kept.
pub(crate) fn rowids<'c>(
    conn: &Connection,
    cache: &'c mut Cache,
    search: &Search,
) -> rusqlite::Result<&'c [i64]> {
    matches(conn, cache, search, false).map(|m| m.rowids.as_slice())
}

/// How `ensure` may evaluate a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scores {
    /// Rowids only.
    No,
    /// With scores, needed now.
    Yes,
    /// With scores unless the matches are too many to be ranked (more
    /// than twice [`Limits::ranked_at_most`], before the other parts of
    /// the filter): the index counts them before it reads positions, so a
    /// search that will be ranked is evaluated once, not twice.
    IfRanked,
}

fn ensure(
    conn: &Connection,
    cache: &mut Cache,
    search: &Search,
    want: Scores,
) -> rusqlite::Result<()> {
    cache.check(conn)?;
    let ranked_at_most = cache.limits.ranked_at_most;
    let fresh = cache
        .matches
        .as_ref()
        .is_some_and(|m| m.search == *search && (want != Scores::Yes || m.scores.is_some()));
    if fresh {
        return Ok(());
    }
    let score_at_most = match want {
        Scores::Yes => Some(usize::MAX),
        Scores::IfRanked => Some(ranked_at_most.saturating_mul(2)),
        Scores::No => None,
    };
    let found = match &cache.text {
        Some(text) => evaluate(text, search, score_at_most, &stale(conn)?).map_err(text_error)?,
        None => Default::default(),
    };
    cache.matches = Some(Matches {
        search: search.clone(),
        rowids: found.rowids,
        scores: found.scores,
    });
    cache.passing = None;
    Ok(())
}

/// The rowids any of `clauses` matches (the terms of a search of
/// exclusions only), ascending: evaluated once while the index is
/// unchanged.
pub(crate) fn excluded_rowids<'c>(
    conn: &Connection,
    cache: &'c mut Cache,
    clauses: &[Clause],
) -> rusqlite::Result<&'c [i64]> {
    cache.check(conn)?;
    let fresh = matches!(&cache.excluded, Some((c, _)) if c.as_slice() == clauses);
    if !fresh {
        let rowids = match &cache.text {
            Some(t) => matching_any(t, clauses, &stale(conn)?).map_err(text_error)?,
            None => Vec::new(),
        };
        cache.excluded = Some((clauses.to_vec(), rowids));
    }
    Ok(cache.excluded.as_ref().map_or(&[], |(_, r)| r.as_slice()))
}

/// A failure of the full-text index, as the store's errors are.
pub(crate) fn text_error(e: tantivy::TantivyError) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(std::io::Error::other(format!(
        "the full-text index: {e}"
    ))))
}

/// A JSON array of rowids, for `json_each`.
pub(super) fn json_ids(ids: impl Iterator<Item = i64>) -> Value {
    // written in one string: a string per id cost 40 bytes each
    let mut list = String::from("[");
    for (i, id) in ids.enumerate() {
        if i > 0 {
            list.push(',');
        }
        let _ = write!(list, "{id}");
    }
    list.push(']');
    Value::Text(list)
}

/// The matches of `search` that pass the rest of `filter`, in rowid order.
fn passing(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
    search: &Search,
) -> rusqlite::Result<Rc<[Hit]>> {
    let key = Filter {
        by_relevance: false,
        ..filter.clone()
    };
    let want = match filter.by_relevance {
        true => Scores::IfRanked,
        false => Scores::No,
    };
    ensure(conn, cache, search, want)?;
    let Some(m) = &cache.matches else {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    };
    if let Some((k, hits)) = &cache.passing
        && *k == key
    {
        return Ok(Rc::clone(hits));
    }
    let w = Where::except_text(filter, true);
    let hits: Rc<[Hit]> = if w.parts.is_empty() {
        // Both in rowid order: merged, never a set of every read article.
        let mut stmt = conn.prepare_cached("SELECT rowid FROM read_rows ORDER BY rowid")?;
        let mut read = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        let mut next_read = read.next().transpose()?;
        let mut failed = None;
        // collected straight into the shared slice: a million hits are not
        // gathered in a vector first and copied (8 MB)
        let hits: Rc<[Hit]> = m
            .rowids
            .iter()
            .map(|&rowid| {
                while let Some(r) = next_read
                    && r < rowid
                {
                    next_read = read.next().transpose().unwrap_or_else(|e| {
                        failed = Some(e);
                        None
                    });
                }
                Hit::new(rowid, next_read == Some(rowid))
            })
            .collect();
        if let Some(e) = failed {
            return Err(e);
        }
        hits
    } else if m.rowids.len() <= cache.limits.lookup_at_most {
        let mut params = vec![json_ids(m.rowids.iter().copied())];
        params.extend(w.params.iter().cloned());
        let sql = format!(
            "SELECT articles.rowid, {READ} FROM json_each(?) CROSS JOIN articles
               ON articles.rowid = json_each.value{} ORDER BY articles.rowid",
            w.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(&params), |r| {
            Ok(Hit::new(r.get(0)?, r.get(1)?))
        })?;
        rows.collect::<rusqlite::Result<Rc<[Hit]>>>()?
    } else {
        let sql = format!(
            "SELECT articles.rowid, {READ} FROM articles{} ORDER BY articles.rowid",
            w.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(&w.params), |r| {
            Ok(Hit::new(r.get(0)?, r.get(1)?))
        })?;
        let mut hits = Vec::new();
        for hit in rows {
            let hit = hit?;
            if m.index(hit.rowid()).is_some() {
                hits.push(hit);
            }
        }
        hits.into()
    };
    cache.passing = Some((key, Rc::clone(&hits)));
    Ok(hits)
}

/// (matching, of which unread).
pub(crate) fn counts(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
    search: &Search,
) -> rusqlite::Result<(usize, usize)> {
    let hits = passing(conn, cache, filter, search)?;
    Ok((hits.len(), hits.iter().filter(|h| !h.read()).count()))
}

/// The rows of `rowids`, in that order.
fn rows_of(conn: &Connection, rowids: &[i64]) -> rusqlite::Result<Vec<Summary>> {
    // One statement over the rowids in table order (neighbouring rows
    // share pages), put back in the order asked: a statement per row cost
    // 10 µs each, most of a command printing 10,000 matches.
    let sql = format!(
        "SELECT articles.{COLUMNS} FROM rarray(?1) CROSS JOIN articles
           ON articles.rowid = rarray.value"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut found = stmt
        .query_map([rowid_array(rowids.iter().copied())], |r| {
            let row = summary(r)?;
            Ok((row.row.unwrap_or_default(), row))
        })?
        .collect::<rusqlite::Result<HashMap<i64, Summary>>>()?;
    Ok(rowids.iter().filter_map(|r| found.remove(r)).collect())
}

/// (rowid, published, idkey) of each of `hits`, via one lookup each.
fn dates_of(
    conn: &Connection,
    rowids: impl Iterator<Item = i64>,
) -> rusqlite::Result<Vec<(i64, Option<String>, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT articles.rowid, published, idkey FROM rarray(?1) CROSS JOIN articles
           ON articles.rowid = rarray.value",
    )?;
    let rows = stmt.query_map([rowid_array(rowids)], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    rows.collect()
}

/// A row with what ranks it: (score, published, idkey, the row).
type RankedRow = (i64, Option<String>, i64, Summary);

/// The [`RankedRow`] of each of `rowids`, in table order, each row's file
/// sent to `feed` as it is read.
fn ranked_rows_of(
    conn: &Connection,
    rowids: &[i64],
    score: impl Fn(i64) -> i64,
    mut feed: Option<&mut PathFeed>,
) -> rusqlite::Result<Vec<RankedRow>> {
    let sql = format!(
        "SELECT articles.{COLUMNS}, published, idkey FROM rarray(?1)
           CROSS JOIN articles ON articles.rowid = rarray.value"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([rowid_array(rowids.iter().copied())], |r| {
        let row = summary(r)?;
        if let (Some(feed), Some(rowid)) = (feed.as_deref_mut(), row.row) {
            feed.push(rowid, row.file.as_deref().unwrap_or(&row.id));
        }
        Ok((
            score(row.row.unwrap_or_default()),
            r.get(COLUMN_COUNT)?,
            r.get(COLUMN_COUNT + 1)?,
            row,
        ))
    })?;
    // sized once: grown by doubling, 10,000 rows were copied and their
    // fresh pages faulted in several times over
    let mut ranked = Vec::with_capacity(rowids.len());
    for row in rows {
        ranked.push(row?);
    }
    Ok(ranked)
}

/// `(score, published, idkey)` sort key: best first, then newest first
/// (undated last), then by idkey: SQL's `score DESC, published DESC, idkey`.
fn ranked_key(score: i64, published: &Option<String>, idkey: i64) -> impl Ord + '_ {
    (
        std::cmp::Reverse(score),
        std::cmp::Reverse(published.as_deref()),
        idkey,
    )
}

/// Up to `len` rows from `start`, by relevance if `ranked`, else newest first.
pub(crate) fn window(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
    search: &Search,
    ranked: bool,
    start: usize,
    len: usize,
) -> rusqlite::Result<Vec<Summary>> {
    // this window's, whichever way it is answered (only rows read by
    // relevance are sent to it)
    let mut feed = cache.feed.take();
    let hits = passing(conn, cache, filter, search)?;
    let n = hits.len();
    if start >= n || len == 0 {
        return Ok(Vec::new());
    }
    let len = len.min(n - start);
    if ranked {
        let m = matches(conn, cache, search, true)?;
        let Some((hi, lo, above)) = window_scores(m.scores_of(&hits).collect(), start, len) else {
            return Ok(Vec::new());
        };
        let group: Vec<i64> = hits
            .iter()
            .zip(m.scores_of(&hits))
            .filter(|&(_, s)| s <= hi && s >= lo)
            .map(|(h, _)| h.rowid())
            .collect();
        if group.len() <= len.saturating_mul(2) {
            // Few more rows than the window (a command printing every
            // match): read each row once, its date with it.
            let mut rows = ranked_rows_of(conn, &group, |rowid| m.score(rowid), feed.as_mut())?;
            // idkey is unique: no two keys are equal
            rows.sort_unstable_by(|a, b| {
                ranked_key(a.0, &a.1, a.2).cmp(&ranked_key(b.0, &b.1, b.2))
            });
            return Ok(rows
                .into_iter()
                .skip(start - above)
                .take(len)
                .map(|r| r.3)
                .collect());
        }
        let mut rows = dates_of(conn, group.into_iter())?;
        rows.sort_by(|a, b| {
            ranked_key(m.score(a.0), &a.1, a.2).cmp(&ranked_key(m.score(b.0), &b.1, b.2))
        });
        let ids: Vec<i64> = rows
            .iter()
            .skip(start - above)
            .take(len)
            .map(|r| r.0)
            .collect();
        return rows_of(conn, &ids);
    }
    let articles: i64 =
        conn.query_row("SELECT coalesce(max(rowid), 0) FROM articles", [], |r| {
            r.get(0)
        })?;
    // Rows walked in list order to reach the window's end from the top,
    // or its start from the bottom (as many as the matches are sparse).
    let from_top = (start + len).saturating_mul(to_usize(articles)) / n;
    let from_bottom = (n - start).saturating_mul(to_usize(articles)) / n;
    let walk_at_most = cache.limits.walk_at_most;
    if from_top <= walk_at_most || from_bottom <= walk_at_most {
        let m = matches(conn, cache, search, false)?;
        let w = Where::except_text(filter, true);
        // From the bottom the list is walked backwards: the window is
        // then after the last `n - start - len` matches, in reverse.
        let backwards = from_top > walk_at_most;
        let (order, skip) = match backwards {
            true => ("published ASC, idkey DESC", n - start - len),
            false => ("published DESC, idkey", start),
        };
        let sql = format!("SELECT rowid FROM articles{} ORDER BY {order}", w.sql());
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(&w.params))?;
        let (mut seen, mut ids) = (0, Vec::with_capacity(len));
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            if m.index(rowid).is_none() {
                continue;
            }
            if seen >= skip {
                ids.push(rowid);
                if ids.len() == len {
                    break;
                }
            }
            seen += 1;
        }
        drop(rows);
        if backwards {
            ids.reverse();
        }
        return rows_of(conn, &ids);
    }
    // Sort the passing matches; far down, from the end.
    let reversed = start > n / 2;
    let (order, offset) = match reversed {
        true => ("published ASC, idkey DESC", n - start - len),
        false => ("published DESC, idkey", start),
    };
    // `articles.` for `id`, the one column name json_each shares.
    let sql = format!(
        "SELECT articles.{COLUMNS} FROM json_each(?1) CROSS JOIN articles ON articles.rowid = json_each.value
         ORDER BY {order} LIMIT ?2 OFFSET ?3"
    );
    let params = [
        json_ids(hits.iter().map(|h| h.rowid())),
        Value::Integer(to_i64(len)),
        Value::Integer(to_i64(offset)),
    ];
    rows_in_order(conn, &sql, &params, reversed)
}

/// Where article `id` is among the matches passing the filter, by
/// relevance if `ranked`, else newest first.
pub(crate) fn position(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
    search: &Search,
    ranked: bool,
    id: &str,
) -> rusqlite::Result<Option<usize>> {
    let lookup_at_most = cache.limits.lookup_at_most;
    let hits = passing(conn, cache, filter, search)?;
    let me: Option<(i64, Option<String>, i64)> = conn
        .prepare_cached("SELECT rowid, published, idkey FROM articles WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((rowid, published, idkey)) = me else {
        return Ok(None);
    };
    if hits.binary_search_by_key(&rowid, |h| h.rowid()).is_err() {
        return Ok(None);
    }
    let m = matches(conn, cache, search, ranked)?;
    let before_in_date = |p: &Option<String>, k: i64| match (&published, p) {
        (Some(mine), Some(theirs)) => theirs > mine || (theirs == mine && k < idkey),
        (Some(_), None) => false,
        (None, Some(_)) => true,
        (None, None) => k < idkey,
    };
    if ranked {
        let score = m.score(rowid);
        let above = m.scores_of(&hits).filter(|&s| s > score).count();
        let same = hits
            .iter()
            .zip(m.scores_of(&hits))
            .filter(|&(_, s)| s == score)
            .map(|(h, _)| h.rowid());
        let before = dates_of(conn, same)?
            .iter()
            .filter(|(_, p, k)| before_in_date(p, *k))
            .count();
        return Ok(Some(above + before));
    }
    if hits.len() <= lookup_at_most {
        let before = dates_of(conn, hits.iter().map(|h| h.rowid()))?
            .iter()
            .filter(|(_, p, k)| before_in_date(p, *k))
            .count();
        return Ok(Some(before));
    }
    // Many matches: walk the list from both ends at once, counting the
    // matches met, until one walk reaches the article: the cost is its
    // distance from the nearer end (an article at the end of a search of
    // a million, restored at a start, is found in a few steps, where a walk
    // from the top was a fifth of a second).
    let w = Where::except_text(filter, true);
    let walk = |order: &str| format!("SELECT rowid FROM articles{} ORDER BY {order}", w.sql());
    let mut down_stmt = conn.prepare_cached(&walk("published DESC, idkey"))?;
    let mut up_stmt = conn.prepare_cached(&walk("published ASC, idkey DESC"))?;
    let mut down = down_stmt.query(params_from_iter(&w.params))?;
    let mut up = up_stmt.query(params_from_iter(&w.params))?;
    let (mut above, mut below) = (0, 0);
    loop {
        let (Some(from_top), Some(from_bottom)) = (down.next()?, up.next()?) else {
            // both walks cover the whole list, which holds the article
            return Ok(None);
        };
        let (from_top, from_bottom): (i64, i64) = (from_top.get(0)?, from_bottom.get(0)?);
        if from_top == rowid {
            return Ok(Some(above));
        }
        if from_bottom == rowid {
            return Ok(Some(hits.len().saturating_sub(below + 1)));
        }
        above += usize::from(m.index(from_top).is_some());
        below += usize::from(m.index(from_bottom).is_some());
    }
}

#[cfg(test)]
#[path = "matches_hit_tests.rs"]
mod hit_tests;
