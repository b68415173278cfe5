//! The catalog's questions as SQL over the index's `articles` table.
//!
//! Order everywhere is `published DESC, idkey` (idkey is ordered as id is):
//! ISO text sorts as dates do, a day alone sorts before the same day with a
//! time (as [`Published`]'s `Ord` does), and NULL (undated) sorts last when
//! descending. Every filter is a range or an equality served by one of the
//! indexes in `index.rs`. Counting and skipping cost in proportion to the
//! rows stepped over, so windows and positions past the middle are found
//! from the other end.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};

use crate::article::Published;
use crate::catalog::{Filter, Summary};

/// `2020-12-31`: years are 4 digits, as the page parser accepts them.
pub(crate) fn day_text(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2020-12-31T19:20`, with `:SS` only when the seconds are not zero (text
/// order stays time order), or `2020-12-31` without a time.
pub(crate) fn published_text(p: &Published) -> String {
    let day = day_text(p.date);
    match p.time {
        None => day,
        Some(t) if t.second() == 0 => format!("{day}T{:02}:{:02}", t.hour(), t.minute()),
        Some(t) => format!("{day}T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()),
    }
}

/// The inverse of [`published_text`]; None for anything else.
pub(crate) fn parse_published(s: &str) -> Option<Published> {
    let (day, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let time = match time {
        None => None,
        Some(t) => Some(
            NaiveTime::parse_from_str(t, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
                .ok()?,
        ),
    };
    Some(Published { date, time })
}

/// A WHERE clause with its parameters.
struct Where {
    parts: Vec<&'static str>,
    params: Vec<Value>,
}

/// The search of a filter as a condition on the article rows: the rowids
/// the FTS5 expression matches (`Query::fts5`), or, for a search of
/// exclusions only, the rowids none of them matches (`Query::fts5_excluded`).
/// None for no search or an empty one.
fn text_part(filter: &Filter) -> Option<(&'static str, String)> {
    let q = filter.query()?;
    match (q.fts5(), q.fts5_excluded()) {
        (Some(e), _) => Some((
            "articles.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)",
            e,
        )),
        (None, Some(x)) => Some((
            "articles.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)",
            x,
        )),
        (None, None) => None,
    }
}

/// The FTS5 expression to rank by, when the filter asks for relevance
/// order and its search has a positive term (without one every score is
/// zero and the order is newest first, as in `Memory`).
fn ranking(filter: &Filter) -> Option<String> {
    if !filter.by_relevance {
        return None;
    }
    filter.query()?.fts5()
}

/// The scored matches joined to their article rows; the MATCH parameter
/// comes first. `CROSS JOIN` keeps FTS5 as the outer loop.
const RANKED: &str = "(SELECT rowid AS hit, xemtin_hits(fts) AS score FROM fts WHERE fts MATCH ?)
     CROSS JOIN articles ON articles.rowid = hit";

impl Where {
    /// Every part of the filter.
    fn of(filter: &Filter, with_source: bool) -> Where {
        let mut w = Where::except_text(filter, with_source);
        if let Some((part, expr)) = text_part(filter) {
            w = w.and(part, [Value::Text(expr)]);
        }
        w
    }

    /// Every part but the search (for queries that join the matches).
    fn except_text(filter: &Filter, with_source: bool) -> Where {
        let mut w = Where {
            parts: Vec::new(),
            params: Vec::new(),
        };
        if let Some(dates) = &filter.dates {
            let (first, last) = dates.bounds();
            // Stored years are 0..=9999; bounds beyond them are open ends.
            let in_range = |d: NaiveDate| (0..=9999).contains(&d.year());
            if first.year() > 9999 || last.year() < 0 {
                w.parts.push("0");
            } else {
                if in_range(first) {
                    w.parts.push("published >= ?");
                    w.params.push(Value::Text(day_text(first)));
                } else {
                    w.parts.push("published IS NOT NULL");
                }
                if let Some(next) = last.succ_opt().filter(|d| in_range(*d)) {
                    w.parts.push("published < ?");
                    w.params.push(Value::Text(day_text(next)));
                }
            }
        }
        if with_source && let Some(source) = &filter.source {
            w.parts.push("source = ?");
            w.params.push(Value::Text(source.clone()));
        }
        if filter.unread_only {
            w.parts.push("read = 0");
        }
        if filter.starred_only {
            w.parts.push("starred = 1");
        }
        w
    }

    fn and(mut self, part: &'static str, params: impl IntoIterator<Item = Value>) -> Where {
        self.parts.push(part);
        self.params.extend(params);
        self
    }

    /// ` WHERE ...`, or nothing: an unfiltered count(*) is then SQLite's
    /// fast b-tree count.
    fn sql(&self) -> String {
        match self.parts.is_empty() {
            true => String::new(),
            false => format!(" WHERE {}", self.parts.join(" AND ")),
        }
    }
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn count_where(conn: &Connection, w: &Where) -> rusqlite::Result<usize> {
    let sql = format!("SELECT count(*) FROM articles{}", w.sql());
    conn.prepare_cached(&sql)?
        .query_row(params_from_iter(&w.params), |r| r.get(0))
        .map(to_usize)
}

/// How many articles match; with `unread`, how many of them are unread.
pub(crate) fn count(conn: &Connection, filter: &Filter, unread: bool) -> rusqlite::Result<usize> {
    let mut w = Where::of(filter, true);
    if unread && !filter.unread_only {
        w = w.and("read = 0", []);
    }
    count_where(conn, &w)
}

fn summary(r: &Row<'_>) -> rusqlite::Result<Summary> {
    let published: Option<String> = r.get(2)?;
    let views: Option<i64> = r.get(3)?;
    Ok(Summary {
        id: r.get(0)?,
        title: r.get(1)?,
        published: published.as_deref().and_then(parse_published),
        views: views.and_then(|v| u64::try_from(v).ok()),
        source: r.get(4)?,
        read: r.get(5)?,
        starred: r.get(6)?,
    })
}

const COLUMNS: &str = "id, title, published, views, source, read, starred";

/// A window in relevance order: best score first, ties newest first.
fn ranked_window(
    conn: &Connection,
    filter: &Filter,
    expr: &str,
    start: usize,
    len: usize,
) -> rusqlite::Result<Vec<Summary>> {
    let w = Where::except_text(filter, true);
    let mut params = vec![Value::Text(expr.to_string())];
    params.extend(w.params.iter().cloned());
    params.push(Value::Integer(to_i64(len)));
    params.push(Value::Integer(to_i64(start)));
    let sql = format!(
        "SELECT {COLUMNS} FROM {RANKED}{} ORDER BY score DESC, published DESC, idkey LIMIT ? OFFSET ?",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(&params), summary)?;
    rows.collect()
}

pub(crate) fn window(
    conn: &Connection,
    filter: &Filter,
    start: usize,
    len: usize,
) -> rusqlite::Result<Vec<Summary>> {
    if let Some(expr) = ranking(filter) {
        return ranked_window(conn, filter, &expr, start, len);
    }
    let w = Where::of(filter, true);
    let mut params = w.params.clone();
    // Far from the start, count (cheaper than skipping) and maybe come from the end.
    const FAR: usize = if cfg!(test) { 8 } else { 1000 };
    let total = match start > FAR {
        true => Some(count_where(conn, &w)?),
        false => None,
    };
    let (sql, reversed) = match total {
        Some(total) if start >= total => return Ok(Vec::new()),
        Some(total) if start > total / 2 => {
            let len = len.min(total - start);
            params.push(Value::Integer(to_i64(len)));
            params.push(Value::Integer(to_i64(total - start - len)));
            let sql = format!(
                "SELECT {COLUMNS} FROM articles{} ORDER BY published ASC, idkey DESC LIMIT ? OFFSET ?",
                w.sql()
            );
            (sql, true)
        }
        _ => {
            params.push(Value::Integer(to_i64(len)));
            params.push(Value::Integer(to_i64(start)));
            let sql = format!(
                "SELECT {COLUMNS} FROM articles{} ORDER BY published DESC, idkey LIMIT ? OFFSET ?",
                w.sql()
            );
            (sql, false)
        }
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(&params), summary)?;
    let mut rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    if reversed {
        rows.reverse();
    }
    Ok(rows)
}

/// Where `id` is among the matching rows: the count of matching rows
/// before it, in two index ranges (strictly newer; same date, smaller id).
pub(crate) fn position(
    conn: &Connection,
    filter: &Filter,
    id: &str,
) -> rusqlite::Result<Option<usize>> {
    if let Some(expr) = ranking(filter) {
        return ranked_position(conn, filter, &expr, id);
    }
    let w = Where::of(filter, true).and("id = ?", [Value::Text(id.to_string())]);
    let sql = format!("SELECT published, idkey FROM articles{}", w.sql());
    let found: Option<(Option<String>, i64)> = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(&w.params), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((published, key)) = found else {
        return Ok(None);
    };
    let key = Value::Integer(key);
    let of = |part, params: Vec<Value>| Where::of(filter, true).and(part, params);
    let [newer, same] = match published {
        Some(p) => [
            of("published > ?", vec![Value::Text(p.clone())]),
            of("published = ? AND idkey < ?", vec![Value::Text(p), key]),
        ],
        None => [
            of("published IS NOT NULL", vec![]),
            of("published IS NULL AND idkey < ?", vec![key]),
        ],
    };
    Ok(Some(count_where(conn, &newer)? + count_where(conn, &same)?))
}

/// Where `id` is in relevance order: its score, then the count of matches
/// that score higher or the same and come first newest first.
fn ranked_position(
    conn: &Connection,
    filter: &Filter,
    expr: &str,
    id: &str,
) -> rusqlite::Result<Option<usize>> {
    let w = Where::except_text(filter, true).and("id = ?", [Value::Text(id.to_string())]);
    let mut params = vec![Value::Text(expr.to_string())];
    params.extend(w.params.iter().cloned());
    let sql = format!("SELECT score, published, idkey FROM {RANKED}{}", w.sql());
    let found: Option<(i64, Option<String>, i64)> = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(&params), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((score, published, key)) = found else {
        return Ok(None);
    };
    let (score, key) = (Value::Integer(score), Value::Integer(key));
    let published = published.map_or(Value::Null, Value::Text);
    let w = Where::except_text(filter, true).and(
        "(score > ? OR (score = ? AND CASE WHEN ? IS NULL
            THEN published IS NOT NULL OR idkey < ?
            ELSE published > ? OR (published = ? AND idkey < ?) END))",
        [
            score.clone(),
            score,
            published.clone(),
            key.clone(),
            published.clone(),
            published,
            key,
        ],
    );
    let mut params = vec![Value::Text(expr.to_string())];
    params.extend(w.params.iter().cloned());
    let sql = format!("SELECT count(*) FROM {RANKED}{}", w.sql());
    conn.prepare_cached(&sql)?
        .query_row(params_from_iter(&params), |r| r.get(0))
        .map(|n: i64| Some(to_usize(n)))
}

/// Sources of the matching articles, ignoring the filter's own source, most
/// articles first, then by name.
pub(crate) fn sources(
    conn: &Connection,
    filter: &Filter,
) -> rusqlite::Result<Vec<(String, usize)>> {
    let w = Where::of(filter, false).and("source IS NOT NULL", []);
    let sql = format!(
        "SELECT source, count(*) AS n FROM articles{}
         GROUP BY source ORDER BY n DESC, source",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(&w.params), |r| {
        Ok((r.get(0)?, to_usize(r.get(1)?)))
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::DateFilter;

    fn p(y: i32, m: u32, d: u32, t: Option<(u32, u32, u32)>) -> Published {
        Published {
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            time: t.map(|(h, mi, s)| NaiveTime::from_hms_opt(h, mi, s).unwrap()),
        }
    }

    #[test]
    fn published_text_round_trips_and_sorts_like_published() {
        let mut all = vec![
            p(2020, 12, 31, Some((19, 20, 0))),
            p(2020, 12, 31, None),
            p(2020, 12, 31, Some((0, 0, 0))),
            p(2020, 12, 31, Some((19, 20, 5))),
            p(2020, 12, 31, Some((19, 21, 0))),
            p(999, 1, 1, None),
            p(2021, 1, 1, None),
        ];
        for x in &all {
            assert_eq!(parse_published(&published_text(x)), Some(*x));
        }
        assert_eq!(published_text(&all[0]), "2020-12-31T19:20");
        assert_eq!(published_text(&all[3]), "2020-12-31T19:20:05");
        let mut texts: Vec<String> = all.iter().map(published_text).collect();
        texts.sort();
        all.sort();
        assert_eq!(texts, all.iter().map(published_text).collect::<Vec<_>>());
        assert_eq!(parse_published("2020-13-01"), None);
        assert_eq!(parse_published("junk"), None);
    }

    #[test]
    fn date_bounds_at_chrono_limits_do_not_break_the_sql() {
        let f = |dates| Filter {
            dates: Some(dates),
            ..Filter::default()
        };
        let w = Where::of(&f(DateFilter::Year(i32::MAX)), true);
        assert_eq!(w.sql(), " WHERE 0");
        let w = Where::of(&f(DateFilter::Day(NaiveDate::MAX)), true);
        assert_eq!(w.sql(), " WHERE 0");
        let w = Where::of(&f(DateFilter::Year(9999)), true);
        assert_eq!(w.sql(), " WHERE published >= ?");
        let w = Where::of(&f(DateFilter::Year(-5)), true);
        assert_eq!(w.sql(), " WHERE 0");
        assert_eq!(Where::of(&Filter::default(), true).sql(), "");
        let w = Where::of(
            &f(DateFilter::Range {
                from: NaiveDate::MIN,
                to: NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
            }),
            true,
        );
        assert_eq!(w.sql(), " WHERE published IS NOT NULL AND published < ?");
        assert_eq!(w.params, [Value::Text("2021-01-01".into())]);
    }
}
