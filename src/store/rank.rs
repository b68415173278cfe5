//! `xemtin_hits(fts)`: the relevance of a full-text match, computed by SQLite
//! from the positions FTS5 already holds, as an FTS5 auxiliary function.
//!
//! It is [`crate::catalog::relevance`] on the index: ten times the hits in
//! the title plus the hits in the body, where the hits of a column are its
//! instances of the query's phrases (words, phrases, the prefix term) with
//! instances that share a token counted once (the way highlighting merges
//! overlapping ranges), plus [`ADJACENT`] for each instance of phrase `p`
//! followed at once by one of phrase `p + 1` (terms typed together, found
//! together). The source column does not count. Called as
//! `xemtin_hits(fts, n, last)`, `n` the number of positive phrases: the
//! phrases numbered from `n` on are the excluded ones; those from `last` to
//! `n` are the last term's expansions, counted as one term (`last` may be
//! left out when the last term is one phrase).
//!
//! FTS5 offers auxiliary functions only through its C API, which rusqlite
//! does not wrap: this file and `memory` are the only modules the crate
//! root's `deny(unsafe_code)` lets use `unsafe`. The function
//! reads instance positions through the `Fts5ExtensionApi` that SQLite passes
//! in, allocates nothing SQLite frees, and turns every failure (and, should
//! one ever happen, a panic) into an SQL error rather than crossing the FFI
//! boundary.

#![allow(unsafe_code)]

use std::ffi::{c_int, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use rusqlite::Connection;
use rusqlite::ffi;

use crate::search::query::ADJACENT;

/// The function's name in SQL.
pub(crate) const FUNCTION: &str = "xemtin_hits";

/// Weight of a title hit against a body hit (as in `catalog::relevance`).
const TITLE_WEIGHT: i64 = 10;

/// One phrase instance: `(column, first token, last token, phrase)`.
type Instance = (c_int, c_int, c_int, c_int);

/// The score of one row from its instances, in any order; `positive`: the
/// phrases numbered below it are the query's positive terms; `last`: the
/// phrases from it to `positive` are one term, the last, written as the
/// words its prefix expands to (`vocab.rs`; `positive - 1` when it is one
/// phrase).
pub(crate) fn score(mut hits: Vec<Instance>, positive: c_int, last: c_int) -> i64 {
    for h in &mut hits {
        if h.3 > last && h.3 < positive {
            h.3 = last;
        }
    }
    hits.sort_unstable();
    // Is there an instance of phrase `p` at (`col`, `start`)? A binary
    // search of the sorted instances: no allocation per row.
    let starts_at = |col: c_int, start: c_int, p: c_int| {
        let from = hits.partition_point(|h| (h.0, h.1) < (col, start));
        hits[from..]
            .iter()
            .take_while(|h| (h.0, h.1) == (col, start))
            .any(|h| h.3 == p)
    };
    let mut score = 0i64;
    for &(col, _, end, p) in &hits {
        let weight = match col {
            0 => TITLE_WEIGHT,
            1 => 1,
            _ => continue,
        };
        if p < last && starts_at(col, end.saturating_add(1), p + 1) {
            score += weight * ADJACENT as i64;
        }
    }
    let mut last: Option<(c_int, c_int)> = None; // (column, end of the merged run)
    for (col, start, end, _) in hits {
        let weight = match col {
            0 => TITLE_WEIGHT,
            1 => 1,
            _ => continue,
        };
        match &mut last {
            Some((c, e)) if *c == col && start <= *e => *e = (*e).max(end),
            _ => {
                score += weight;
                last = Some((col, end));
            }
        }
    }
    score
}

fn failure(rc: c_int) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        ffi::Error::new(rc),
        Some(format!("cannot register the {FUNCTION} ranking function")),
    )
}

/// Register `xemtin_hits` with the FTS5 module of `conn`.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    // SAFETY: `conn.handle()` is a valid open database for the duration of
    // this call; the statement is finalized on every path; `api` is written
    // by SQLite during the step (the documented way to obtain `fts5_api`)
    // and stays valid as long as the connection.
    unsafe {
        let db = conn.handle();
        let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
        let rc = ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        );
        if rc != ffi::SQLITE_OK {
            return Err(failure(rc));
        }
        let mut api: *mut ffi::fts5_api = ptr::null_mut();
        let mut rc = ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&mut api as *mut *mut ffi::fts5_api).cast::<c_void>(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        if rc == ffi::SQLITE_OK {
            rc = ffi::sqlite3_step(stmt);
        }
        ffi::sqlite3_finalize(stmt);
        if rc != ffi::SQLITE_ROW && rc != ffi::SQLITE_DONE && rc != ffi::SQLITE_OK {
            return Err(failure(rc));
        }
        if api.is_null() || (*api).iVersion < 2 {
            return Err(failure(ffi::SQLITE_ERROR));
        }
        let Some(create) = (*api).xCreateFunction else {
            return Err(failure(ffi::SQLITE_ERROR));
        };
        let name = c"xemtin_hits";
        let rc = create(api, name.as_ptr(), ptr::null_mut(), Some(hits), None);
        if rc != ffi::SQLITE_OK {
            return Err(failure(rc));
        }
    }
    Ok(())
}

/// The instances of the current row: `(column, first token, last token)`.
///
/// # Safety
/// `api` and `fts` must be the pointers FTS5 passed to an auxiliary function
/// call that is still running.
unsafe fn instances(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
) -> Result<Vec<Instance>, c_int> {
    // SAFETY: per this function's contract.
    let api = unsafe { &*api };
    let (Some(count), Some(inst), Some(size)) = (api.xInstCount, api.xInst, api.xPhraseSize) else {
        return Err(ffi::SQLITE_ERROR);
    };
    let mut n: c_int = 0;
    // SAFETY: FTS5 callbacks on the context it gave us, with valid out-pointers.
    let rc = unsafe { count(fts, &mut n) };
    if rc != ffi::SQLITE_OK {
        return Err(rc);
    }
    let mut out = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
    for i in 0..n {
        let (mut phrase, mut col, mut off) = (0, 0, 0);
        // SAFETY: as above; `i` is below the instance count.
        let rc = unsafe { inst(fts, i, &mut phrase, &mut col, &mut off) };
        if rc != ffi::SQLITE_OK {
            return Err(rc);
        }
        // SAFETY: as above; `phrase` came from xInst.
        let len = unsafe { size(fts, phrase) }.max(1);
        out.push((col, off, off.saturating_add(len - 1), phrase));
    }
    Ok(out)
}

unsafe extern "C" fn hits(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: called by FTS5 with its own valid pointers; `values` holds `n`
    // arguments.
    let positive = match n {
        1.. if !values.is_null() => unsafe { ffi::sqlite3_value_int(*values) },
        _ => 0,
    };
    // SAFETY: as above; the second argument exists when n >= 2.
    let last = match n {
        2.. if !values.is_null() => unsafe { ffi::sqlite3_value_int(*values.add(1)) },
        _ => positive - 1,
    };
    // SAFETY: called by FTS5 with its own valid pointers.
    let result = catch_unwind(AssertUnwindSafe(|| {
        unsafe { instances(api, fts) }.map(|hits| score(hits, positive, last))
    }));
    // SAFETY: `ctx` is the live result context of this call.
    unsafe {
        match result {
            Ok(Ok(s)) => ffi::sqlite3_result_int64(ctx, s),
            Ok(Err(rc)) => ffi::sqlite3_result_error_code(ctx, rc),
            Err(_) => ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_INTERNAL),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_sharing_a_token_count_once_per_column() {
        assert_eq!(score(vec![], 1, 0), 0);
        assert_eq!(score(vec![(1, 3, 3, 0), (1, 5, 5, 0)], 1, 0), 2);
        // word + phrase over it, phrases chained by one token
        assert_eq!(
            score(vec![(1, 3, 3, 0), (1, 3, 4, 1), (1, 4, 5, 2)], 0, -1),
            1
        );
        // adjacent tokens are separate hits
        assert_eq!(score(vec![(1, 3, 3, 0), (1, 4, 4, 0)], 1, 0), 2);
        assert_eq!(
            score(vec![(0, 0, 1, 0), (1, 0, 1, 0), (2, 0, 0, 0)], 1, 0),
            11
        );
    }

    #[test]
    fn terms_found_in_the_order_typed_score_more() {
        // "chiem hoa": phrase 0 then phrase 1, one after the other
        let together = vec![(1, 4, 4, 0), (1, 5, 5, 1)];
        let apart = vec![(1, 4, 4, 0), (1, 9, 9, 1)];
        let reversed = vec![(1, 5, 5, 0), (1, 4, 4, 1)];
        assert_eq!(score(together.clone(), 2, 1), 2 + ADJACENT as i64);
        assert_eq!(score(apart, 2, 1), 2);
        assert_eq!(score(reversed, 2, 1), 2);
        // in the title, ten times as much
        let title: Vec<Instance> = together.iter().map(|&(_, s, e, p)| (0, s, e, p)).collect();
        assert_eq!(score(title, 2, 1), 10 * (2 + ADJACENT as i64));
        // "chiem ho" with "ho" written as its expansions "hoa" (1) and
        // "hoang" (2): one term, as the prefix would be
        let expanded = vec![(1, 4, 4, 0), (1, 5, 5, 2), (1, 9, 9, 0), (1, 10, 10, 1)];
        assert_eq!(score(expanded, 3, 1), 4 + 2 * ADJACENT as i64);
        // phrase 1 is an excluded term here: no bonus
        assert_eq!(score(together, 1, 0), 2);
    }

    #[test]
    fn the_function_scores_rows_through_sqlite() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE fts USING fts5(title, body, source, tokenize = 'ascii', content = '');
             INSERT INTO fts (rowid, title, body, source) VALUES
               (1, 'chiem hoa', 'a chiem hoa b chiem', 'chiem'),
               (2, 'x', 'chiem', '');",
        )
        .unwrap();
        let rows: Vec<(i64, i64)> = conn
            .prepare("SELECT rowid, xemtin_hits(fts, 1) FROM fts WHERE fts MATCH ?1 ORDER BY rowid")
            .unwrap()
            .query_map([r#"{title body}: "chiem""#], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows, [(1, 12), (2, 1)]);
    }
}
