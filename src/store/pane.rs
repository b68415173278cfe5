//! The pane of sources and views: each source's total and unread counts
//! in one grouped query, and a saved view's counts asked on a cache of
//! their own, so that the list's (its search evaluated once, its counts)
//! stays as it was.

use rusqlite::{Connection, params_from_iter};

use super::query::{self, Cache, UNREAD, every_part, to_usize};
use crate::catalog::{Counts, Filter};

/// Sources of the matching articles, ignoring the filter's own source, with
/// their counts: most articles first, then by name (as `query::sources`).
pub(crate) fn source_counts(
    conn: &Connection,
    cache: &Cache,
    filter: &Filter,
) -> rusqlite::Result<Vec<(String, Counts)>> {
    let w = every_part(conn, cache, filter, false)?.and("source IS NOT NULL", []);
    let sql = format!(
        "SELECT source, count(*) AS n, sum({UNREAD}) FROM articles{}
         GROUP BY source ORDER BY n DESC, source",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(&w.params), |r| {
        Ok((
            r.get(0)?,
            Counts {
                total: to_usize(r.get(1)?),
                unread: to_usize(r.get(2)?),
            },
        ))
    })?;
    rows.collect()
}

/// The counts of `filter` evaluated afresh beside the list's cache: its
/// search through the vocabulary and the full-text index as the list's would
/// be (`query::count`, `matches.rs`), with the same limits and exactness.
pub(crate) fn counts_aside(
    conn: &Connection,
    list_cache: &Cache,
    filter: &Filter,
) -> rusqlite::Result<Counts> {
    let mut cache = list_cache.aside();
    Ok(Counts {
        total: query::count(conn, &mut cache, filter, false)?,
        unread: query::count(conn, &mut cache, filter, true)?,
    })
}
