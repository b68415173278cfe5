//! The catalog's questions as SQL over the index's `articles` table.
//!
//! Order everywhere is `published DESC, idkey` (idkey is ordered as id is):
//! ISO text sorts as dates do, a day alone sorts before the same day with a
//! time (as [`Published`]'s `Ord` does), and NULL (undated) sorts last when
//! descending. Every filter is a range or an equality served by one of the
//! indexes in `index.rs`. Counting and skipping cost in proportion to the
//! rows stepped over, so windows and positions past the middle are found
//! from the other end.
//!
//! A search (`Filter::text`) with a positive term is answered from the
//! rowids the full-text index matches, evaluated once per search
//! (`matches.rs`); one of exclusions only is `rowid NOT IN` the rowids
//! they match, beside the other conditions.

use chrono::{Datelike, NaiveDate, Timelike};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};

use super::text_index::stale;
use super::text_search::{Clause, Search, evaluate, matching_any};
use super::{matches, vocab};
use crate::article::Published;
use crate::catalog::{Counts, Filter, Limits, QuickCounts, Summary};

/// `2020-12-31`: years are 4 digits, as the page parser accepts them.
pub(crate) fn day_text(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2020-12-31T19:20`, with `:SS` only when the seconds are not zero (text
/// order stays time order), or `2020-12-31` without a time.
///
/// Written digit by digit into one string: a sync writes one per article,
/// on its one writing thread, and `format!` twice was 4 % of that thread's
/// time at 1,000,000 articles.
pub(crate) fn published_text(p: &Published) -> String {
    let year = p.date.year();
    if !(0..=9999).contains(&year) {
        return published_text_formatted(p);
    }
    let mut s = String::with_capacity("2020-12-31T19:20:05".len());
    push_digits(&mut s, year.unsigned_abs(), 4);
    s.push('-');
    push_digits(&mut s, p.date.month(), 2);
    s.push('-');
    push_digits(&mut s, p.date.day(), 2);
    if let Some(t) = p.time {
        s.push('T');
        push_digits(&mut s, t.hour(), 2);
        s.push(':');
        push_digits(&mut s, t.minute(), 2);
        if t.second() != 0 {
            s.push(':');
            push_digits(&mut s, t.second(), 2);
        }
    }
    s
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_digits(s: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        s.push(char::from(b'0' + u8::try_from(digit).unwrap_or(0)));
    }
}

/// [`published_text`] through `format!`, for any year.
fn published_text_formatted(p: &Published) -> String {
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
    let date = crate::dates::parse_ymd(day)?;
    let time = match time {
        None => None,
        Some(t) => Some(crate::dates::parse_clock(t)?),
    };
    Some(Published::floating(date, time))
}

/// A WHERE clause with its parameters.
#[derive(Debug, Clone)]
pub(super) struct Where {
    pub(super) parts: Vec<&'static str>,
    pub(super) params: Vec<Value>,
}

/// What a filter's search asks of the full-text index.
enum Text {
    None,
    /// The articles the search matches.
    Match(Search),
    /// The articles none of these terms matches (a search of exclusions
    /// only).
    Exclude(Vec<Clause>),
}

/// The search of `filter`, its prefix term expanded through the term
/// dictionary (`vocab.rs`; provisional while typing unless `cache.exact`).
fn text(cache: &Cache, filter: &Filter) -> rusqlite::Result<Text> {
    let Some(q) = filter.query() else {
        return Ok(Text::None);
    };
    if q.is_empty() {
        return Ok(Text::None);
    }
    let search = match &cache.search.text {
        Some(t) => vocab::expression(t, &q, cache.exact).map_err(matches::text_error)?,
        None => q.has_positive().then(|| Search::of(&q)),
    };
    Ok(match search {
        Some(s) => Text::Match(s),
        None => Text::Exclude(Search::of(&q).excluded),
    })
}

/// The rowids any of `clauses` matches, as a condition on the article rows
/// that none does.
fn excluded_part(conn: &Connection, cache: &Cache, clauses: &[Clause]) -> rusqlite::Result<Value> {
    let rowids = match &cache.search.text {
        Some(t) => matching_any(t, clauses, &stale(conn)?).map_err(matches::text_error)?,
        None => Vec::new(),
    };
    Ok(matches::json_ids(rowids.into_iter()))
}

/// An unread article row: its rowid is not among the read ones (the
/// index's mirror of the read marks, `read_rows`, see `index.rs`). SQLite
/// looks each rowid up in `read_rows`' own b-tree, never building a set.
pub(super) const UNREAD: &str = "articles.rowid NOT IN (SELECT rowid FROM read_rows)";

/// 1 for a read article row, 0 for an unread one.
pub(super) const READ: &str = "articles.rowid IN (SELECT rowid FROM read_rows)";

/// How many article rows are marked read (`read_rows` holds only rows of
/// `articles`: a trigger takes a deleted row's out, see `index.rs`).
fn read_count(conn: &Connection) -> rusqlite::Result<usize> {
    conn.prepare_cached("SELECT count(*) FROM read_rows")?
        .query_row([], |r| r.get(0))
        .map(to_usize)
}

/// Whether `filter` is "unread" or nothing at all, whose counts are two
/// b-tree counts (every row, the read ones) however many rows are read.
fn unread_of_everything(filter: &Filter) -> bool {
    filter.query().is_none()
        && Where::except_text(&every_mark(filter), true)
            .parts
            .is_empty()
}

/// `filter` without its unread-only part.
fn every_mark(filter: &Filter) -> Filter {
    Filter {
        unread_only: false,
        ..filter.clone()
    }
}

/// `NOT IN` the rowids of [`excluded_part`].
const EXCLUDED: &str = "articles.rowid NOT IN (SELECT value FROM json_each(?))";

impl Where {
    /// Every part of the filter, a search of exclusions only included
    /// (`text`: what [`text`] made of it).
    fn of(
        conn: &Connection,
        cache: &Cache,
        filter: &Filter,
        with_source: bool,
    ) -> rusqlite::Result<Where> {
        let w = Where::except_text(filter, with_source);
        Ok(match text(cache, filter)? {
            Text::Exclude(clauses) => w.and(EXCLUDED, [excluded_part(conn, cache, &clauses)?]),
            _ => w,
        })
    }

    /// Every part but the search (for queries that join the matches).
    pub(super) fn except_text(filter: &Filter, with_source: bool) -> Where {
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
        if filter.undated_only {
            w.parts.push("published IS NULL");
        }
        if with_source && let Some(source) = &filter.source {
            w.parts.push("source = ?");
            w.params.push(Value::Text(source.clone()));
        }
        if filter.unread_only {
            w.parts.push(UNREAD);
        }
        if filter.starred_only {
            w.parts.push("starred = 1");
        }
        w
    }

    pub(super) fn and(
        mut self,
        part: &'static str,
        params: impl IntoIterator<Item = Value>,
    ) -> Where {
        self.parts.push(part);
        self.params.extend(params);
        self
    }

    /// ` WHERE ...`, or nothing: an unfiltered count(*) is then SQLite's
    /// fast b-tree count.
    pub(super) fn sql(&self) -> String {
        match self.parts.is_empty() {
            true => String::new(),
            false => format!(" WHERE {}", self.parts.join(" AND ")),
        }
    }
}

pub(super) fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

pub(super) fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn count_where(conn: &Connection, w: &Where) -> rusqlite::Result<usize> {
    let sql = format!("SELECT count(*) FROM articles{}", w.sql());
    conn.prepare_cached(&sql)?
        .query_row(params_from_iter(&w.params), |r| r.get(0))
        .map(to_usize)
}

/// What the catalog's questions about one filter share: its counts, and
/// the evaluation of its search (see `matches.rs`).
#[derive(Debug, Default)]
pub(crate) struct Cache {
    /// (filter without its order, `data_version`, (all, unread)).
    counts: Option<(Filter, i64, (usize, usize))>,
    /// A row whose position in a filter's list is known (the last one
    /// [`position`] found): windows near it start from its key instead of
    /// skipping every row before them.
    anchor: Option<(Filter, i64, Anchor)>,
    pub(crate) search: matches::Cache,
    /// Prefixes are always searched exactly (the command line), never
    /// provisionally (`vocab.rs`).
    pub(crate) exact: bool,
}

/// A row of a list and its position in it.
#[derive(Debug, Clone)]
struct Anchor {
    pos: usize,
    published: Option<String>,
    idkey: i64,
}

impl Cache {
    /// Answer with other [`Limits`] from now on.
    pub(crate) fn set_limits(&mut self, limits: Limits) {
        self.search.limits = limits;
    }

    /// An empty cache answering as this one does (limits, exactness): for
    /// counts asked beside the list's, which keep this one as it is.
    pub(crate) fn aside(&self) -> Cache {
        let mut cache = Cache {
            exact: self.exact,
            ..Cache::default()
        };
        cache.set_limits(self.search.limits);
        // the same full-text index, its reader shared
        cache.search.text = self.search.text.clone();
        cache.search.text_dir = self.search.text_dir.clone();
        cache
    }

    /// This connection changed a mark (`data_version` only sees others).
    pub(crate) fn marks_changed(&mut self) {
        self.counts = None;
        self.anchor = None;
        self.search.marks_changed();
    }
}

/// How many articles match; with `unread`, how many of them are unread.
pub(crate) fn count(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
    unread: bool,
) -> rusqlite::Result<usize> {
    let (all, unread_n) = counts(conn, cache, filter)?;
    Ok(if unread { unread_n } else { all })
}

/// The counts when they cost little: held already, a search's (evaluated
/// for the list anyway), a small archive's (by its largest rowid, which
/// SQLite finds at the end of the table), or at most
/// [`Limits::counted_at_once`] rows to count, which counting that many and
/// one more tells.
pub(crate) fn quick_counts(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
) -> rusqlite::Result<QuickCounts> {
    let limits = cache.search.limits;
    let at_once = limits.counted_at_once;
    let small = || -> rusqlite::Result<bool> {
        let last: Option<i64> =
            conn.query_row("SELECT max(rowid) FROM articles", [], |r| r.get(0))?;
        Ok(last.unwrap_or(0) <= to_i64(limits.small_archive))
    };
    if filter.query().is_none() && cached_counts(conn, cache, filter)?.is_none() && !small()? {
        let n = match filter.unread_only && unread_of_everything(filter) {
            // two b-tree counts, not a walk past every read row
            true => counts(conn, cache, filter)?.0,
            false => {
                let w = Where::except_text(filter, true);
                let sql = format!(
                    "SELECT count(*) FROM (SELECT 1 FROM articles{} LIMIT ?)",
                    w.sql()
                );
                let limit = Value::Integer(to_i64(at_once).saturating_add(1));
                conn.prepare_cached(&sql)?
                    .query_row(params_from_iter(w.params.iter().chain([&limit])), |r| {
                        r.get(0)
                    })
                    .map(to_usize)?
            }
        };
        if n > at_once {
            return Ok(QuickCounts::AtLeast(n));
        }
    }
    let (total, unread) = counts(conn, cache, filter)?;
    Ok(QuickCounts::Counted(Counts { total, unread }))
}

/// The counts of `filter` if the cache holds them for the index as it is.
fn cached_counts(
    conn: &Connection,
    cache: &Cache,
    filter: &Filter,
) -> rusqlite::Result<Option<(usize, usize)>> {
    // Changes when another connection (the sync) commits.
    let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    Ok(match &cache.counts {
        Some((k, v, c)) if *v == version && *k == counts_key(filter) => Some(*c),
        _ => None,
    })
}

fn counts_key(filter: &Filter) -> Filter {
    Filter {
        by_relevance: false,
        ..filter.clone()
    }
}

/// (matching, of which unread), from the cache when it holds them.
fn counts(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
) -> rusqlite::Result<(usize, usize)> {
    cache.search.check(conn)?;
    if let Some(c) = cached_counts(conn, cache, filter)? {
        return Ok(c);
    }
    let key = counts_key(filter);
    let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    let plain = |conn| -> rusqlite::Result<(usize, usize)> {
        let every = Where::except_text(&every_mark(filter), true);
        let unread = match every.parts.is_empty() {
            // two b-tree counts, not a lookup per row
            true => count_where(conn, &every)?.saturating_sub(read_count(conn)?),
            false => count_where(conn, &every.clone().and(UNREAD, []))?,
        };
        let all = match filter.unread_only {
            true => unread,
            false => count_where(conn, &every)?,
        };
        Ok((all, unread))
    };
    let c = match text(cache, filter)? {
        Text::None => plain(conn)?,
        Text::Match(expr) => matches::counts(conn, &mut cache.search, filter, &expr)?,
        Text::Exclude(_) => {
            let w = Where::of(conn, cache, filter, true)?;
            let all = count_where(conn, &w)?;
            let unread = match filter.unread_only {
                true => all,
                false => count_where(conn, &w.and(UNREAD, []))?,
            };
            (all, unread)
        }
    };
    cache.counts = Some((key, version, c));
    Ok(c)
}

/// Relevance order, for a search with a positive term (without one every
/// score is zero and the order is newest first, as in `Memory`) and at
/// most [`Limits::ranked_at_most`] matches.
fn ranked(conn: &Connection, cache: &mut Cache, filter: &Filter) -> rusqlite::Result<bool> {
    let at_most = cache.search.limits.ranked_at_most;
    Ok(filter.by_relevance
        && matches!(text(cache, filter)?, Text::Match(_))
        && counts(conn, cache, filter)?.0 <= at_most)
}

/// Run a window query; `reversed` when it was read from the end of the
/// list, so the rows come back in list order.
pub(super) fn rows_in_order(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    reversed: bool,
) -> rusqlite::Result<Vec<Summary>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params_from_iter(params), summary)?;
    let mut rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    if reversed {
        rows.reverse();
    }
    Ok(rows)
}

pub(super) fn summary(r: &Row<'_>) -> rusqlite::Result<Summary> {
    let views: Option<i64> = r.get(3)?;
    let instant: Option<i64> = r.get(7)?;
    Ok(Summary {
        id: required_text(r, 0)?.to_string(),
        title: required_text(r, 1)?.to_string(),
        published: column_text(r, 2)?
            .and_then(parse_published)
            .map(|p| Published { instant, ..p }),
        views: views.and_then(|v| u64::try_from(v).ok()),
        source: column_text(r, 4)?.map(String::from),
        read: r.get(5)?,
        starred: r.get(6)?,
        row: r.get(8)?,
        file: r.get(9)?,
    })
}

/// Text column `i` of `r` (None: NULL), borrowed. Checked as UTF-8 by
/// `simdutf8`: `Row::get::<String>`'s check was a twentieth of a command
/// printing 10,000 rows.
fn column_text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    use rusqlite::types::{FromSqlError, ValueRef};
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => simdutf8::basic::from_utf8(bytes).map(Some).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        }),
        other => Err(rusqlite::Error::FromSqlConversionFailure(
            i,
            other.data_type(),
            Box::new(FromSqlError::InvalidType),
        )),
    }
}

/// Text column `i` of `r`, which is never NULL.
fn required_text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    column_text(r, i)?.ok_or(rusqlite::Error::InvalidColumnType(
        i,
        String::new(),
        rusqlite::types::Type::Null,
    ))
}

/// What [`summary`] reads. An instant's date and time are its wall clock
/// in this connection's zone (`wall_clock`, see `index.rs`), which is what
/// `published` holds unless another process in another zone recomputed it
/// since this one opened the index: what is shown is right even then.
pub(super) const COLUMNS: &str =
    "id, title, coalesce(wall_clock(instant), published), views, source,
     articles.rowid IN (SELECT rowid FROM read_rows), starred, instant, articles.rowid,
     articles.file";
/// How many columns [`COLUMNS`] names: a column selected after them is at
/// this index.
pub(super) const COLUMN_COUNT: usize = 10;

/// Up to `len` rows from `start` in the filter's order.
pub(crate) fn window(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
    start: usize,
    len: usize,
) -> rusqlite::Result<Vec<Summary>> {
    cache.search.check(conn)?;
    let Text::Match(expr) = text(cache, filter)? else {
        let len = match unread_left(conn, cache, filter)? {
            Some(left) => len.min(left.saturating_sub(start)),
            None => len,
        };
        if len == 0 {
            return Ok(Vec::new());
        }
        let w = Where::of(conn, cache, filter, true)?;
        if let Some(rows) = anchored_window(conn, cache, filter, &w, start, len)? {
            return Ok(rows);
        }
        return plain_window(conn, &w, start, len, cache.search.limits.far);
    };
    let ranked = ranked(conn, cache, filter)?;
    matches::window(conn, &mut cache.search, filter, &expr, ranked, start, len)
}

/// How many rows an unread-only list has, when that is known without
/// counting rows (held, or two b-tree counts): a window then stops at the
/// last unread row instead of reading every read row after it looking
/// for more (the whole archive once everything is read).
fn unread_left(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
) -> rusqlite::Result<Option<usize>> {
    if !filter.unread_only || filter.query().is_some() {
        return Ok(None);
    }
    if let Some((all, _)) = cached_counts(conn, cache, filter)? {
        return Ok(Some(all));
    }
    Ok(match unread_of_everything(filter) {
        true => Some(counts(conn, cache, filter)?.0),
        false => None,
    })
}

/// A window without a search, or with exclusions only.
fn plain_window(
    conn: &Connection,
    w: &Where,
    start: usize,
    len: usize,
    far: usize,
) -> rusqlite::Result<Vec<Summary>> {
    let mut params = w.params.clone();
    // Far from the start, count (cheaper than skipping) and maybe come from the end.
    let total = match start > far {
        true => Some(count_where(conn, w)?),
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
    rows_in_order(conn, &sql, &params, reversed)
}

/// Where `id` is among the matching rows: the count of matching rows
/// before it, in two index ranges (strictly newer; same date, smaller id).
pub(crate) fn position(
    conn: &Connection,
    filter: &Filter,
    cache: &mut Cache,
    id: &str,
) -> rusqlite::Result<Option<usize>> {
    cache.search.check(conn)?;
    if let Text::Match(expr) = text(cache, filter)? {
        let ranked = ranked(conn, cache, filter)?;
        return matches::position(conn, &mut cache.search, filter, &expr, ranked, id);
    }
    let base = Where::of(conn, cache, filter, true)?;
    let w = base.clone().and("id = ?", [Value::Text(id.to_string())]);
    let sql = format!("SELECT published, idkey FROM articles{}", w.sql());
    let found: Option<(Option<String>, i64)> = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(&w.params), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((published, idkey)) = found else {
        return Ok(None);
    };
    let key = Value::Integer(idkey);
    let of = |part, params: Vec<Value>| base.clone().and(part, params);
    let [newer, same] = match &published {
        Some(p) => [
            of("published > ?", vec![Value::Text(p.clone())]),
            of(
                "published = ? AND idkey < ?",
                vec![Value::Text(p.clone()), key],
            ),
        ],
        None => [
            of("published IS NOT NULL", vec![]),
            of("published IS NULL AND idkey < ?", vec![key]),
        ],
    };
    let pos = count_where(conn, &newer)? + count_where(conn, &same)?;
    let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    cache.anchor = Some((
        list_key(filter),
        version,
        Anchor {
            pos,
            published,
            idkey,
        },
    ));
    Ok(Some(pos))
}

/// What identifies a list for the anchor: the filter but its order (no
/// search here, so the order is always newest first).
fn list_key(filter: &Filter) -> Filter {
    Filter {
        by_relevance: false,
        ..filter.clone()
    }
}

/// Rows `start..start + len` read from the anchor's key, when the cache
/// has an anchor in this list at most [`NEAR`] rows away (else None).
fn anchored_window(
    conn: &Connection,
    cache: &Cache,
    filter: &Filter,
    w: &Where,
    start: usize,
    len: usize,
) -> rusqlite::Result<Option<Vec<Summary>>> {
    /// Rows read and dropped at most, to reach `start` from the anchor.
    const NEAR: usize = 1000;
    let Some((key, version, a)) = &cache.anchor else {
        return Ok(None);
    };
    if *key != list_key(filter) || start.abs_diff(a.pos) > NEAR {
        return Ok(None);
    }
    let now: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    if now != *version {
        return Ok(None);
    }
    let mut rows = Vec::with_capacity(len);
    if start < a.pos {
        // read nearest first: the list's order is the reverse
        let mut before = from_anchor(conn, w, a, false, a.pos - start)?;
        before.reverse();
        before.truncate(len);
        rows = before;
    }
    if rows.len() < len {
        let skip = start.saturating_sub(a.pos);
        let after = from_anchor(conn, w, a, true, skip + len - rows.len())?;
        rows.extend(after.into_iter().skip(skip));
    }
    Ok(Some(rows))
}

/// Up to `n` rows of the filter's list going away from the anchor: from it
/// on in list order (`forward`, the anchor included), or before it nearest
/// first. Each part is one index range, read in index order.
fn from_anchor(
    conn: &Connection,
    base: &Where,
    a: &Anchor,
    forward: bool,
    n: usize,
) -> rusqlite::Result<Vec<Summary>> {
    let key = Value::Integer(a.idkey);
    // (condition, its parameters, order) for each range, in the order read
    let parts: Vec<(&'static str, Vec<Value>, &'static str)> = match (&a.published, forward) {
        (Some(p), true) => vec![
            (
                "published = ? AND idkey >= ?",
                vec![Value::Text(p.clone()), key],
                "idkey",
            ),
            (
                "published < ?",
                vec![Value::Text(p.clone())],
                "published DESC, idkey",
            ),
            ("published IS NULL", vec![], "idkey"),
        ],
        (Some(p), false) => vec![
            (
                "published = ? AND idkey < ?",
                vec![Value::Text(p.clone()), key],
                "idkey DESC",
            ),
            (
                "published > ?",
                vec![Value::Text(p.clone())],
                "published ASC, idkey DESC",
            ),
        ],
        (None, true) => vec![("published IS NULL AND idkey >= ?", vec![key], "idkey")],
        (None, false) => vec![
            ("published IS NULL AND idkey < ?", vec![key], "idkey DESC"),
            ("published IS NOT NULL", vec![], "published ASC, idkey DESC"),
        ],
    };
    let mut rows = Vec::with_capacity(n);
    for (part, params, order) in parts {
        if rows.len() >= n {
            break;
        }
        let w = base.clone().and(part, params);
        let mut params = w.params.clone();
        params.push(Value::Integer(to_i64(n - rows.len())));
        let sql = format!(
            "SELECT {COLUMNS} FROM articles{} ORDER BY {order} LIMIT ?",
            w.sql()
        );
        rows.extend(rows_in_order(conn, &sql, &params, false)?);
    }
    Ok(rows)
}

/// Every part of the filter as one WHERE clause, the search as the rowids
/// the full-text index matches (its prefix term expanded as for the list),
/// for grouped counts over the matching articles.
pub(super) fn every_part(
    conn: &Connection,
    cache: &Cache,
    filter: &Filter,
    with_source: bool,
) -> rusqlite::Result<Where> {
    let w = Where::except_text(filter, with_source);
    Ok(match text(cache, filter)? {
        Text::Match(search) => {
            let rowids = match &cache.search.text {
                Some(t) => {
                    evaluate(t, &search, None, &stale(conn)?)
                        .map_err(matches::text_error)?
                        .rowids
                }
                None => Vec::new(),
            };
            w.and(
                "articles.rowid IN (SELECT value FROM json_each(?))",
                [matches::json_ids(rowids.into_iter())],
            )
        }
        Text::Exclude(clauses) => w.and(EXCLUDED, [excluded_part(conn, cache, &clauses)?]),
        Text::None => w,
    })
}

/// The rowids of a filter's search, from the search's cache
/// (`matches.rs`): `(rowids, false)` for the articles a search with a
/// positive term matches, `(rowids, true)` for those a search of
/// exclusions only leaves out; None without a search.
pub(super) fn search_rowids<'c>(
    conn: &Connection,
    cache: &'c mut Cache,
    filter: &Filter,
) -> rusqlite::Result<Option<(&'c [i64], bool)>> {
    Ok(Some(match text(cache, filter)? {
        Text::None => return Ok(None),
        Text::Match(search) => (matches::rowids(conn, &mut cache.search, &search)?, false),
        Text::Exclude(clauses) => (
            matches::excluded_rowids(conn, &mut cache.search, &clauses)?,
            true,
        ),
    }))
}

/// The ids of the unread articles among the first `first` matching rows
/// (all with None); None for a filter with a search, which the caller
/// reads from the list's windows.
pub(crate) fn unread_ids(
    conn: &Connection,
    cache: &mut Cache,
    filter: &Filter,
    first: Option<usize>,
) -> rusqlite::Result<Option<Vec<String>>> {
    if !matches!(text(cache, filter)?, Text::None) {
        return Ok(None);
    }
    let w = Where::except_text(filter, true);
    let mut params = w.params.clone();
    let sql = match first {
        None => format!("SELECT id FROM articles{}", w.clone().and(UNREAD, []).sql()),
        Some(n) => {
            params.push(Value::Integer(to_i64(n)));
            format!(
                "SELECT id FROM (SELECT id, {UNREAD} AS unread FROM articles{}
                   ORDER BY published DESC, idkey LIMIT ?) WHERE unread",
                w.sql()
            )
        }
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt.query_map(params_from_iter(&params), |r| r.get(0))?;
    ids.collect::<rusqlite::Result<Vec<String>>>().map(Some)
}

/// Sources of the matching articles, ignoring the filter's own source, most
/// articles first, then by name.
pub(crate) fn sources(
    conn: &Connection,
    cache: &Cache,
    filter: &Filter,
) -> rusqlite::Result<Vec<(String, usize)>> {
    let w = every_part(conn, cache, filter, false)?.and("source IS NOT NULL", []);
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
            time: t.map(|(h, mi, s)| chrono::NaiveTime::from_hms_opt(h, mi, s).unwrap()),
            instant: None,
        }
    }

    #[test]
    fn published_text_is_the_formatted_text_for_every_year_and_time() {
        for year in [-1, 0, 7, 999, 1000, 2020, 9999, 10000, 262_000] {
            for time in [None, Some((0, 0, 0)), Some((9, 5, 0)), Some((23, 59, 59))] {
                let x = p(year, 12, 31, time);
                assert_eq!(published_text(&x), published_text_formatted(&x));
            }
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
        let w = Where::except_text(&f(DateFilter::Year(i32::MAX)), true);
        assert_eq!(w.sql(), " WHERE 0");
        let w = Where::except_text(&f(DateFilter::Day(NaiveDate::MAX)), true);
        assert_eq!(w.sql(), " WHERE 0");
        let w = Where::except_text(&f(DateFilter::Year(9999)), true);
        assert_eq!(w.sql(), " WHERE published >= ?");
        let w = Where::except_text(&f(DateFilter::Year(-5)), true);
        assert_eq!(w.sql(), " WHERE 0");
        assert_eq!(Where::except_text(&Filter::default(), true).sql(), "");
        let w = Where::except_text(
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
