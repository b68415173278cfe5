//! The calendar's questions under a search, answered from the rowids the
//! search matches as the list holds them (`matches.rs`), never by asking
//! the full-text index again (a search of exclusions only: once per
//! question): the articles of the span are read from a `published` index
//! (with the filter's other parts, all index-only) and kept when they are
//! among the matches (left out when the search is of exclusions only),
//! then counted per day. A month of a generated 100,000-article archive
//! is about a thousand index entries, a year about ten thousand.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, params_from_iter};

use super::query::{Where, day_text};

/// The matches of a search: sorted rowids, and whether the search is of
/// exclusions only (the rowids are then the articles it leaves out).
#[derive(Clone, Copy)]
pub(super) struct Matched<'m> {
    pub(super) rowids: &'m [i64],
    pub(super) excluded: bool,
}

impl Matched<'_> {
    fn keeps(&self, rowid: i64) -> bool {
        self.rowids.binary_search(&rowid).is_ok() != self.excluded
    }
}

/// Articles per day of `first..=last` among `w`'s rows that the search
/// keeps, and the undated ones apart.
pub(super) fn day_counts(
    conn: &Connection,
    w: &Where,
    matched: Matched<'_>,
    first: NaiveDate,
    last: NaiveDate,
) -> rusqlite::Result<(BTreeMap<NaiveDate, usize>, usize)> {
    let span = w.clone().and(
        "published >= ? AND published < ? || 'U'",
        [Value::Text(day_text(first)), Value::Text(day_text(last))],
    );
    // by the day's ten bytes first: a date is read once per day, not per row
    let mut per_day: BTreeMap<[u8; 10], usize> = BTreeMap::new();
    let sql = format!("SELECT rowid, published FROM articles{}", span.sql());
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(&span.params))?;
    while let Some(row) = rows.next()? {
        if !matched.keeps(row.get(0)?) {
            continue;
        }
        if let ValueRef::Text(text) = row.get_ref(1)?
            && let Some(day) = text.get(..10).and_then(|d| <[u8; 10]>::try_from(d).ok())
        {
            *per_day.entry(day).or_default() += 1;
        }
    }
    drop(rows);
    let mut days = BTreeMap::new();
    for (day, n) in per_day {
        let date = std::str::from_utf8(&day)
            .ok()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if let Some(date) = date {
            *days.entry(date).or_default() += n;
        }
    }
    let undated = w.clone().and("published IS NULL", []);
    let sql = format!("SELECT rowid FROM articles{}", undated.sql());
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(&undated.params))?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        n += usize::from(matched.keeps(row.get(0)?));
    }
    Ok((days, n))
}

/// The nearest day after `date` (`later`) or before it with one of `w`'s
/// rows that the search keeps: the `published` index walked from `date`
/// away from it until the first such row.
pub(super) fn day_with_articles(
    conn: &Connection,
    w: &Where,
    matched: Matched<'_>,
    date: NaiveDate,
    later: bool,
) -> rusqlite::Result<Option<NaiveDate>> {
    let w = w.clone();
    let (w, order) = match later {
        true => match date.succ_opt() {
            Some(next) => (
                w.and("published >= ?", [Value::Text(day_text(next))]),
                "ASC",
            ),
            None => return Ok(None),
        },
        false => (
            w.and("published < ?", [Value::Text(day_text(date))]),
            "DESC",
        ),
    };
    let sql = format!(
        "SELECT rowid, published FROM articles{} ORDER BY published {order}",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(&w.params))?;
    while let Some(row) = rows.next()? {
        if !matched.keeps(row.get(0)?) {
            continue;
        }
        let text: String = row.get(1)?;
        return Ok(text
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()));
    }
    Ok(None)
}
