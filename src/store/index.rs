//! The index database: schema, migrations, opening (moving a damaged or
//! foreign file aside), and the small reads that are not catalog queries.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::paths::with_suffix;
use super::query::published_text;
use super::{IndexStats, Notice, StoreError};
use crate::article::Published;
use crate::ingest::Diagnostic;
use crate::zone::Zone;

/// `PRAGMA application_id` of an index: "xemi".
pub(crate) const APPLICATION_ID: i32 = 0x7865_6D69;
/// The schema version this build writes (`PRAGMA user_version`).
pub(crate) const VERSION: i32 = 7;
/// How long a connection waits for another's write lock.
pub(crate) const BUSY_WAIT: Duration = Duration::from_secs(10);

/// Version 1: articles (with sync bookkeeping and the mirrored marks),
/// files that gave no article, the problems of the last sync, and meta.
/// Rows keep SQLite's rowid so a full-text table can refer to them later.
///
/// The list order is `published DESC, id`. Ids are long (80 bytes in the
/// generated corpus) and would be copied into every index, so the indexes
/// hold `idkey` instead: an integer whose order is the order of the ids
/// (see [`new_idkey`]). Unread and starred filters use partial indexes.
const V1: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE articles (
    id TEXT PRIMARY KEY,          -- path relative to the data folder, '/'-separated
    idkey INTEGER NOT NULL,       -- ordered as id is: the short tie-break in the indexes
    title TEXT NOT NULL,
    published TEXT,               -- 2020-12-31T19:20[:05] or 2020-12-31; NULL undated
    views INTEGER,
    source TEXT,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,       -- ns since the Unix epoch; -1: unknown, always re-read
    hash INTEGER NOT NULL,        -- of the bytes: XXH3 64 (FNV-1a 64 before Dec 2026)
    read INTEGER NOT NULL DEFAULT 0,     -- mirror of the state: the state is the truth
    starred INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_order ON articles (published DESC, idkey);
CREATE INDEX articles_source ON articles (source, published DESC, idkey);
CREATE INDEX articles_unread ON articles (published DESC, idkey) WHERE read = 0;
CREATE INDEX articles_starred ON articles (published DESC, idkey) WHERE starred = 1;
CREATE INDEX articles_read ON articles (read) WHERE read = 1;
CREATE TABLE skipped_files (
    id TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    hash INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE problems (
    path TEXT NOT NULL,
    line INTEGER,
    message TEXT NOT NULL,
    skipped INTEGER NOT NULL,     -- 1: the file gave no article; 0: a warning
    walk INTEGER NOT NULL         -- 1: found walking the folder, redone every sync
);
CREATE INDEX problems_path ON problems (path);
";

/// Version 2: the full-text index, one row per article row (same rowid),
/// holding [`crate::fold::index_text`] of the title, of the paragraphs joined
/// with newlines, and of the source: the table `crate::search` expects.
///
/// Contentless (`content = ''`): the text is only indexed, never stored, so
/// the table costs the inverted index alone; nothing reads the text back
/// (relevance comes from positions, see `rank.rs`; highlighting works on the
/// article). `contentless_delete = 1` lets sync delete and replace rows by
/// rowid without the old text. `detail` stays `full`: phrases need positions.
/// Prefix indexes of 1, 2 and 3 characters make a prefix term that short
/// one doclist instead of a merge of every term it starts (`chiem h`: 0.5 s
/// without, milliseconds with); on 100,000 generated articles they take the
/// table from 164 MB to 431 MB, the whole index staying under the size of
/// the text.
///
/// Coming from version 1, every article is marked for re-reading (unknown
/// mtime, no hash): the next sync parses each file again and fills the
/// table, while the list keeps showing the articles meanwhile.
const V2: &str = "
CREATE VIRTUAL TABLE fts USING fts5(
    title, body, source,
    tokenize = 'ascii', content = '', contentless_delete = 1, prefix = '1 2 3'
);
UPDATE articles SET mtime = -1, hash = 0;
";

/// Version 3: files that give several articles (feeds), and full-text
/// indexing as a second pass.
///
/// - `files` keeps the sync bookkeeping per file (it was on the article
///   rows, and `skipped_files` for files that gave none): size, mtime,
///   content hash, how many articles the file gave (0: skipped) and the
///   encoding it was read in when not UTF-8.
/// - `articles.file` is the file of an article whose id is not its path
///   (a feed item `feeds/x.xml#guid`); NULL when the id is the path, so the
///   pages of the seed format cost nothing more.
/// - `texted` holds the rowid of every article whose text is in `fts`.
///   A sync first brings the article rows in line (the list is complete
///   early), then indexes the text of the rows missing here. A process
///   killed in between leaves rows to do, which the next sync finds.
/// - FTS5 keeps up to 8 MiB of new terms in memory before writing a
///   segment (the default, 1 MiB, makes many small segments to merge).
///
/// Every article of a version 2 index already has its text indexed, except
/// those still to be re-read after the move to version 2 (mtime -1).
const V3: &str = "
CREATE TABLE files (
    path TEXT PRIMARY KEY,        -- relative to the data folder, '/'-separated
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,       -- ns since the Unix epoch; -1: unknown, always re-read
    hash INTEGER NOT NULL,        -- of the bytes: XXH3 64 (FNV-1a 64 before Dec 2026)
    articles INTEGER NOT NULL,    -- articles it gave; 0: skipped
    encoding TEXT                 -- NULL: UTF-8
) WITHOUT ROWID;
INSERT INTO files (path, size, mtime, hash, articles)
    SELECT id, size, mtime, hash, 1 FROM articles;
INSERT OR IGNORE INTO files (path, size, mtime, hash, articles)
    SELECT id, size, mtime, hash, 0 FROM skipped_files;
DROP TABLE skipped_files;
CREATE TABLE texted (rowid INTEGER PRIMARY KEY);
INSERT INTO texted SELECT rowid FROM articles WHERE mtime >= 0;
ALTER TABLE articles DROP COLUMN size;
ALTER TABLE articles DROP COLUMN mtime;
ALTER TABLE articles DROP COLUMN hash;
ALTER TABLE articles ADD COLUMN file TEXT;
CREATE INDEX articles_file ON articles (file) WHERE file IS NOT NULL;
INSERT INTO fts (fts, rank) VALUES ('hashsize', 8388608);
";

/// Version 4: times as instants (issue #12, class 9).
///
/// - `articles.instant` holds the seconds since the Unix epoch of a date
///   whose source gave a zone (feeds; headers with an offset); NULL for a
///   floating date (written without a zone, shown as written) and for an
///   undated article.
///   A partial index finds them (an index of newspaper pages has none).
/// - `published` stays the column ordered and filtered on: for an instant,
///   its wall clock in the zone whose [`crate::zone::Zone::fingerprint`] is
///   the meta value `published_zone` (none: not known). Opening the index
///   in another zone recomputes it, see [`align_zone`].
///
/// A version 3 index did not keep the instants, and its times were shifted
/// to the zone of the sync that wrote them. Every file with a timed article
/// may have had a zone: it is marked (mtime [`REDATE`]) to be parsed again
/// by the next sync, which then rewrites only `published` and `instant` of
/// its rows if its bytes are unchanged (the full-text index is kept).
const V4: &str = "
ALTER TABLE articles ADD COLUMN instant INTEGER;
CREATE INDEX articles_instant ON articles (instant) WHERE instant IS NOT NULL;
UPDATE files SET mtime = -2
    WHERE mtime >= 0
      AND path IN (SELECT coalesce(file, id) FROM articles WHERE published GLOB '*T*');
";

/// `files.mtime` of a file whose article dates are to be read again even
/// if its bytes are unchanged (set by the move to version 4).
pub(crate) const REDATE: i64 = -2;

/// Rewrite the dates of the articles of file `path`, read again only for
/// them, if it still gives exactly the articles the index has for it;
/// else (a parser that changed since, an id made from a date in the zone
/// of the time) write nothing and return false, for a rewrite.
pub(crate) fn redate_only(
    tx: &Connection,
    path: &str,
    articles: &[(&str, Option<Published>)],
) -> rusqlite::Result<bool> {
    let mut stmt = tx.prepare_cached("SELECT id FROM articles WHERE id = ?1 OR file = ?1")?;
    let rows = stmt
        .query_map([path], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<std::collections::HashSet<String>>>()?;
    if rows.len() != articles.len() || articles.iter().any(|(id, _)| !rows.contains(*id)) {
        return Ok(false);
    }
    for (id, published) in articles {
        tx.prepare_cached("UPDATE articles SET published = ?2, instant = ?3 WHERE id = ?1")?
            .execute(params![
                id,
                published.as_ref().map(published_text),
                published.and_then(|p| p.instant)
            ])?;
    }
    Ok(true)
}

/// Version 5: the full-text table without prefix indexes, and its
/// vocabulary (`vocab.rs`); the folders of the data folder as the last
/// sync saw them (`fresh.rs`).
///
/// The prefix indexes made the table 2.6 times larger (431 MB against
/// 167 MB on 100,000 generated articles) and its build 2.5 times slower;
/// prefixes are now expanded through `vocab` (term, about how many articles
/// hold it). The table is created afresh and every article's text indexed
/// again by the next sync (`texted` emptied), the list staying complete
/// meanwhile.
const V5: &str = "
DROP TABLE fts;
CREATE VIRTUAL TABLE fts USING fts5(
    title, body, source,
    tokenize = 'ascii', content = '', contentless_delete = 1
);
INSERT INTO fts (fts, rank) VALUES ('hashsize', 8388608);
DELETE FROM texted;
CREATE TABLE vocab (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE folders (path TEXT PRIMARY KEY, mtime INTEGER NOT NULL) WITHOUT ROWID;
";

/// Version 6: the full-text index moves out of SQLite, to tantivy in a
/// folder beside the file (`text_index.rs`): FTS5 wrote the text of
/// 100,000 articles in 20 s of CPU, tantivy in 7 (BENCHMARKS.md, issue 13).
/// `fts` and its vocabulary go (tantivy's term dictionaries replace it);
/// `untext` lists the rowids whose text must leave tantivy (see
/// `text_index.rs`). `texted` is emptied: the next sync indexes every
/// article's text again, the list staying complete meanwhile.
const V6: &str = "
DROP TABLE fts;
DROP TABLE vocab;
DELETE FROM texted;
DELETE FROM meta WHERE key = 'vocab';
CREATE TABLE untext (rowid INTEGER PRIMARY KEY);
";

/// Version 7: the read marks' mirror off the article rows, into
/// `read_rows`, the rowids of the articles read (issue 16, BENCHMARKS.md
/// "Catch-up"). Marking 100,000 articles read rewrote every wide article
/// row and took 100,000 entries out of `articles_unread` (300 ms of CPU of
/// the 500 a catch-up took); it now appends 100,000 integers. Every
/// question about `read` asks `read_rows` (`query::UNREAD`, `READ`).
///
/// A trigger takes a deleted article's rowid out of `read_rows`, so that a
/// row inserted later under the same rowid (SQLite reuses the largest)
/// never inherits another article's mark, whichever code deletes it.
///
/// The column `read` is renamed, not dropped: dropping it rewrites every
/// row of the table (seconds at 1,000,000 articles, on opening); its name
/// says it is no longer kept.
const V7: &str = "
CREATE TABLE read_rows (rowid INTEGER PRIMARY KEY);
INSERT INTO read_rows SELECT rowid FROM articles WHERE read = 1 ORDER BY rowid;
DROP INDEX articles_unread;
DROP INDEX articles_read;
ALTER TABLE articles RENAME COLUMN read TO read_before_v7;
CREATE TRIGGER articles_read_rows_gone AFTER DELETE ON articles
BEGIN
    DELETE FROM read_rows WHERE rowid = old.rowid;
END;
";

/// Bring a database at `from` up to [`VERSION`], one step per version.
pub(crate) fn migrate(conn: &Connection, from: i32) -> rusqlite::Result<()> {
    step(conn, from, VERSION)
}

/// Run the schema steps from version `from` to version `to`, and stamp it.
fn step(conn: &Connection, from: i32, to: i32) -> rusqlite::Result<()> {
    for version in from..to {
        match version {
            0 => conn.execute_batch(V1)?,
            1 => conn.execute_batch(V2)?,
            2 => conn.execute_batch(V3)?,
            3 => conn.execute_batch(V4)?,
            4 => conn.execute_batch(V5)?,
            5 => conn.execute_batch(V6)?,
            6 => conn.execute_batch(V7)?,
            _ => unreachable_version(version)?,
        }
    }
    if from < to {
        // a schema step may ask for files to be read again whatever their
        // times (as version 4 did): none is vouched for until a sync
        conn.execute(
            "DELETE FROM meta WHERE key = ?1",
            [super::fresh::SETTLED_KEY],
        )?;
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", to)
}

/// An index database at schema version `v` (tests of the migrations).
#[cfg(test)]
pub(crate) fn create_at_version(conn: &Connection, v: i32) -> rusqlite::Result<()> {
    step(conn, 0, v)
}

fn unreachable_version(v: i32) -> rusqlite::Result<()> {
    Err(no_migration("index", v))
}

/// The error for a schema version no step starts from.
pub(crate) fn no_migration(what: &str, v: i32) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
        Some(format!("no migration from {what} schema version {v}")),
    )
}

/// What an existing file at the index path turned out to be.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// An index of ours at this version or older.
    Ours(i32),
    /// A database with no tables at all (e.g. an empty file): made ours.
    Empty,
    /// Not usable: the reason, for the notice.
    Unusable(String),
}

fn inspect(conn: &Connection) -> Found {
    let read = || -> rusqlite::Result<(i32, i32, i64)> {
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app, version, objects))
    };
    match read() {
        Err(e) => Found::Unusable(format!("it is damaged or not a database ({e})")),
        Ok((0, 0, 0)) => Found::Empty,
        Ok((APPLICATION_ID, v, _)) if (0..=VERSION).contains(&v) => Found::Ours(v),
        Ok((APPLICATION_ID, v, _)) => Found::Unusable(format!(
            "it was written by a newer xemtin (schema version {v}; this one knows up to {VERSION})"
        )),
        Ok(_) => Found::Unusable("it is an SQLite database, but not a xemtin index".into()),
    }
}

pub(crate) fn configure(conn: &Connection, zone: Zone) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_WAIT)?;
    register_wall(conn, zone)?;
    // `rarray(?)`: many ids handed to one statement (the bulk marks)
    rusqlite::vtab::array::load_module(conn)?;
    set_cache(conn, false)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")
}

/// A reader's page cache, in KiB (as `PRAGMA cache_size` takes it,
/// negated): counts walk 100,000 index entries and searches look up
/// thousands of article rows and full-text pages, and the next keystroke
/// finds them in memory. Searches fill it: 24 MiB keeps the peak of a TUI
/// on 100,000 articles under 50 MB, with every list action still under
/// 7 ms (32 MiB was no faster; 16 MiB made three of them 13-19 ms).
const READER_CACHE_KIB: i64 = -24 * 1024;
/// A reader's page cache while a sync writes (the sync's own cache and
/// buffers need the memory then; the list is asked again after each batch
/// anyway, so a large cache would only fill with pages soon stale).
const READER_CACHE_SYNCING_KIB: i64 = -6 * 1024;

/// The page cache of a connection that answers one command: it reads most
/// pages once, so a large cache only costs allocating and freeing its pages
/// (a search printing 10,000 rows of 100,000 articles: a quarter of its
/// time with the reader's 24 MiB).
pub(crate) const COMMAND_CACHE_KIB: i64 = -2 * 1024;

/// Size a reader's page cache for a sync running (`syncing`) or not.
pub(crate) fn set_cache(conn: &Connection, syncing: bool) -> rusqlite::Result<()> {
    let kib = match syncing {
        true => READER_CACHE_SYNCING_KIB,
        false => READER_CACHE_KIB,
    };
    conn.pragma_update(None, "cache_size", kib)
}

fn cannot(path: &Path, what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError(format!(
        "cannot {what} the index {}: {e}; check the folder's permissions and free space (or set XDG_CACHE_HOME to another folder)",
        path.display()
    ))
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    Connection::open_with_flags(path, OpenFlags::default()).map_err(|e| cannot(path, "open", e))
}

/// Open the index at `path` ready for use in `zone`: created, migrated, or
/// (damaged, foreign, too new) moved aside to `<name>.broken-<unix time>`
/// and created afresh, with a notice saying so; the `published` column of
/// instants recomputed when it was written in another zone.
pub(crate) fn open(path: &Path, zone: Zone) -> Result<(Connection, Vec<Notice>), StoreError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| cannot(path, "create the folder of", e))?;
    }
    let mut notices = Vec::new();
    let mut conn = connect(path)?;
    let mut found = inspect(&conn);
    if let Found::Unusable(why) = &found {
        drop(conn);
        let aside = move_aside(path).map_err(|e| cannot(path, "move aside", e))?;
        notices.push(Notice {
            message: format!(
                "the index {} could not be used: {why}; it was moved to {} and the data folder will be indexed again",
                path.display(),
                aside.display()
            ),
        });
        conn = connect(path)?;
        found = inspect(&conn);
    }
    let from = match found {
        Found::Ours(v) => v,
        Found::Empty => 0,
        Found::Unusable(why) => return Err(cannot(path, "use", why)),
    };
    configure(&conn, zone).map_err(|e| cannot(path, "set up", e))?;
    if from < VERSION {
        upgrade(&mut conn).map_err(|e| cannot(path, "create the tables of", e))?;
    }
    align_zone(&mut conn, zone).map_err(|e| cannot(path, "update the times in", e))?;
    Ok((conn, notices))
}

/// The SQL function `wall_clock(instant)`: the `published` text of `instant`'s
/// wall clock in `zone` (NULL for NULL, or outside chrono's range).
fn register_wall(conn: &Connection, zone: Zone) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "wall_clock",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| {
            let instant: Option<i64> = ctx.get(0)?;
            Ok(instant
                .and_then(|i| Published::at(i, zone))
                .map(|p| published_text(&p)))
        },
    )
}

fn has_instants(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM articles WHERE instant IS NOT NULL)",
        [],
        |r| r.get(0),
    )
}

/// The meta key naming the zone `published` was computed in.
const PUBLISHED_ZONE: &str = "published_zone";

/// Make the `published` column of every instant its wall clock in `zone`,
/// unless the index says it already is. One UPDATE, under a write lock;
/// it re-reads the zone recorded, as another process may have done it.
/// Returns whether anything had to be done.
///
/// An index without instants records no zone (and costs no fingerprint):
/// the rows a sync adds later are then recomputed by the first run that
/// finds them, in whichever zone.
pub(crate) fn align_zone(conn: &mut Connection, zone: Zone) -> rusqlite::Result<bool> {
    let recorded = meta_get(conn, PUBLISHED_ZONE)?;
    if !has_instants(conn)? {
        if recorded.is_some() {
            conn.execute("DELETE FROM main.meta WHERE key = ?1", [PUBLISHED_ZONE])?;
        }
        return Ok(false);
    }
    let want = zone.fingerprint();
    if recorded.as_deref() == Some(want.as_str()) {
        return Ok(false);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if meta_get(&tx, PUBLISHED_ZONE)?.as_deref() == Some(want.as_str()) {
        return Ok(false);
    }
    tx.execute(
        "UPDATE articles SET published = coalesce(wall_clock(instant), published)
         WHERE instant IS NOT NULL AND published IS NOT coalesce(wall_clock(instant), published)",
        [],
    )?;
    meta_set(&tx, PUBLISHED_ZONE, &want)?;
    tx.commit()?;
    Ok(true)
}

/// Migrate under a write lock, re-reading the version: another connection
/// (a sync starting beside the store) may have done it meanwhile.
fn upgrade(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if from < VERSION {
        migrate(&tx, from)?;
    }
    tx.commit()
}

/// Rename the index (and its write-ahead log) to `<name>.broken-<unix time>`;
/// drop its shared-memory file, which only describes the log.
fn move_aside(path: &Path) -> std::io::Result<std::path::PathBuf> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut aside = with_suffix(path, &format!(".broken-{secs}"));
    let mut n = 1;
    while aside.exists() {
        aside = with_suffix(path, &format!(".broken-{secs}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &aside)?;
    let wal = with_suffix(path, "-wal");
    if wal.exists() {
        std::fs::rename(&wal, with_suffix(&aside, "-wal"))?;
    }
    let shm = with_suffix(path, "-shm");
    if shm.exists() {
        std::fs::remove_file(&shm)?;
    }
    Ok(aside)
}

/// Empty every table (a rebuild), in one transaction (the full-text
/// index was emptied first: `TextWriter::attach`).
pub(crate) fn clear(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "DELETE FROM articles; DELETE FROM files; DELETE FROM texted; DELETE FROM untext;
         DELETE FROM problems;
         DELETE FROM meta WHERE key IN ('mirror_state', 'mirror_changes');",
    )?;
    tx.commit()
}

/// The index of the list by source (as version 1 made it). A first index
/// leaves it out while it writes the rows and builds it once they are all
/// written ([`drop_source_index`]): kept up row by row, it was a fifth of
/// the writing thread's time at 1,000,000 articles (2 s), built from the
/// rows in one pass 1 s (BENCHMARKS.md, "The list's index by source").
const SOURCE_INDEX: &str =
    "CREATE INDEX IF NOT EXISTS articles_source ON articles (source, published DESC, idkey)";

/// Leave the index by source out while the rows of an empty index are
/// written; [`build_source_index`] puts it back. Meanwhile a query by
/// source reads the whole table: slower, with the same answers.
pub(crate) fn drop_source_index(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("DROP INDEX IF EXISTS articles_source")
}

/// Build the index by source if it is not there: at the end of every
/// sync's article stage (a first index stopped before it built it leaves
/// it out until the next sync's).
pub(crate) fn build_source_index(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SOURCE_INDEX)
}

/// Spacing of idkeys appended after the last id (or before the first).
const IDKEY_GAP: i64 = 1 << 20;

/// An idkey for `id`, about to be inserted: between those of the ids just
/// below and just above it. When two neighbours have no integer between
/// them, every row is renumbered (rare: 20 halvings of a gap).
pub(crate) fn new_idkey(conn: &Connection, id: &str) -> rusqlite::Result<i64> {
    for _ in 0..2 {
        let below: Option<i64> = conn
            .prepare_cached("SELECT idkey FROM articles WHERE id < ?1 ORDER BY id DESC LIMIT 1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let above: Option<i64> = conn
            .prepare_cached("SELECT idkey FROM articles WHERE id > ?1 ORDER BY id LIMIT 1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(key) = between(below, above) {
            return Ok(key);
        }
        renumber(conn)?;
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
        Some("cannot number the articles in id order".into()),
    ))
}

/// The greatest id among the article rows and its idkey, read once and
/// then followed as rows are added: a new id above it takes the next
/// idkey with no lookup. A first index adds its files in id order, so
/// nearly every row does.
#[derive(Default)]
pub(crate) struct LastId {
    /// `None`: not read yet; `Some(None)`: no rows.
    last: Option<Option<(String, i64)>>,
}

impl LastId {
    /// The idkey of `id`, about to be inserted, when it is above every id
    /// in `conn` (and so new); `None` when it is not, or when the next
    /// idkey would overflow: then ask [`contains`] and [`new_idkey`], and
    /// call [`LastId::forget`] after.
    pub(crate) fn idkey_above(
        &mut self,
        conn: &Connection,
        id: &str,
    ) -> rusqlite::Result<Option<i64>> {
        let last = match &self.last {
            Some(last) => last,
            None => self.last.insert(
                conn.prepare_cached("SELECT id, idkey FROM articles ORDER BY id DESC LIMIT 1")?
                    .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?,
            ),
        };
        let key = match last {
            Some((last_id, _)) if id <= last_id.as_str() => return Ok(None),
            Some((_, key)) => between(Some(*key), None),
            None => between(None, None),
        };
        if let Some(key) = key {
            self.last = Some(Some((id.to_string(), key)));
        }
        Ok(key)
    }

    /// Rows may have been renumbered: read the last again when next asked.
    pub(crate) fn forget(&mut self) {
        self.last = None;
    }
}

/// An integer strictly between `below` and `above` (open ends allowed).
fn between(below: Option<i64>, above: Option<i64>) -> Option<i64> {
    match (below, above) {
        (None, None) => Some(0),
        (Some(b), None) => b.checked_add(IDKEY_GAP),
        (None, Some(a)) => a.checked_sub(IDKEY_GAP),
        (Some(b), Some(a)) => {
            let mid = (i128::from(b) + i128::from(a)).div_euclid(2);
            let mid = i64::try_from(mid).ok()?;
            (b < mid && mid < a).then_some(mid)
        }
    }
}

/// Give every row an idkey of (its rank by id) × gap.
fn renumber(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE articles SET idkey = r.k
         FROM (SELECT id, row_number() OVER (ORDER BY id) * ?1 AS k FROM articles) AS r
         WHERE r.id = articles.id",
        [IDKEY_GAP],
    )?;
    Ok(())
}

/// The file (relative path) article `id` comes from, if the index has it.
pub(crate) fn file_of(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT coalesce(file, id) FROM articles WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
}

pub(crate) fn contains(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

pub(crate) fn meta_get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM main.meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

pub(crate) fn meta_set(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO main.meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])
    .map(|_| ())
}

/// (skipped, warnings) recorded by the last sync, by path, in the order found.
pub(crate) fn problems(conn: &Connection) -> rusqlite::Result<(Vec<Diagnostic>, Vec<Diagnostic>)> {
    let mut stmt = conn
        .prepare_cached("SELECT path, line, message, skipped FROM problems ORDER BY path, rowid")?;
    let rows = stmt.query_map([], |r| {
        let line: Option<i64> = r.get(1)?;
        let d = Diagnostic {
            path: r.get(0)?,
            line: line.and_then(|n| usize::try_from(n).ok()),
            message: r.get(2)?,
        };
        Ok((d, r.get::<_, bool>(3)?))
    })?;
    let (mut skipped, mut warnings) = (Vec::new(), Vec::new());
    for row in rows {
        match row? {
            (d, true) => skipped.push(d),
            (d, false) => warnings.push(d),
        }
    }
    Ok((skipped, warnings))
}

/// The size of the index: the SQLite file's pages and the full-text
/// index's folder `text_dir`.
pub(crate) fn stats(conn: &Connection, text_dir: &Path) -> rusqlite::Result<IndexStats> {
    let articles: i64 = conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
    let pages: i64 = conn.query_row("PRAGMA main.page_count", [], |r| r.get(0))?;
    let page_size: i64 = conn.query_row("PRAGMA main.page_size", [], |r| r.get(0))?;
    Ok(IndexStats {
        articles: usize::try_from(articles).unwrap_or(0),
        bytes: u64::try_from(pages.saturating_mul(page_size))
            .unwrap_or(0)
            .saturating_add(super::text_index::bytes_in(text_dir)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrate_from_nothing_gives_the_current_schema() {
        let conn = Connection::open_in_memory().unwrap();
        assert_eq!(inspect(&conn), Found::Empty);
        migrate(&conn, 0).unwrap();
        assert_eq!(inspect(&conn), Found::Ours(VERSION));
        for table in [
            "articles",
            "files",
            "texted",
            "untext",
            "problems",
            "meta",
            "read_rows",
        ] {
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{table}");
        }
    }

    #[test]
    fn a_migration_forgets_which_files_the_last_sync_settled() {
        let conn = Connection::open_in_memory().unwrap();
        create_at_version(&conn, VERSION - 1).unwrap();
        meta_set(&conn, super::super::fresh::SETTLED_KEY, "1:2").unwrap();
        migrate(&conn, VERSION - 1).unwrap();
        assert_eq!(
            meta_get(&conn, super::super::fresh::SETTLED_KEY).unwrap(),
            None
        );
    }

    #[test]
    fn idkeys_follow_id_order_through_renumbering() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn, 0).unwrap();
        let insert = |id: &str| {
            let k = new_idkey(&conn, id).unwrap();
            conn.execute(
                "INSERT INTO articles (id, idkey, title) VALUES (?1, ?2, '')",
                params![id, k],
            )
            .unwrap();
        };
        // Appends, prepends, and enough inserts into one gap to exhaust it.
        let mut ids: Vec<String> = vec!["m".into(), "z".into(), "a".into()];
        for i in 0..30 {
            ids.push(format!("m{}", "0".repeat(30 - i)));
        }
        for id in &ids {
            insert(id);
        }
        ids.sort();
        assert_eq!(ids_by(&conn, "idkey"), ids);
        assert_eq!(between(Some(i64::MAX), None), None);
        assert_eq!(between(Some(i64::MIN), Some(i64::MAX)), Some(-1));
        assert_eq!(between(Some(1), Some(2)), None);
    }

    /// Inserts as the sync writes them: an id above the last takes the
    /// next idkey from [`LastId`], any other is looked up.
    fn insert_following_the_last(conn: &Connection, last: &mut LastId, id: &str) {
        let key = match last.idkey_above(conn, id).unwrap() {
            Some(key) => key,
            None if contains(conn, id).unwrap() => return,
            None => {
                let key = new_idkey(conn, id).unwrap();
                last.forget();
                key
            }
        };
        conn.execute(
            "INSERT INTO articles (id, idkey, title) VALUES (?1, ?2, '')",
            params![id, key],
        )
        .unwrap();
    }

    fn ids_by(conn: &Connection, order: &str) -> Vec<String> {
        conn.prepare(&format!("SELECT id FROM articles ORDER BY {order}"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn idkeys_follow_id_order_when_the_last_id_is_followed() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn, 0).unwrap();
        let mut last = LastId::default();
        // appends, then a gap exhausted (the rows renumbered), then appends
        // after the renumbering, and after the last row is deleted
        let mut ids: Vec<String> = vec!["b".into(), "c".into(), "m".into()];
        ids.extend((0..30).map(|i| format!("b{}", "0".repeat(30 - i))));
        ids.extend(["n", "o"].map(String::from));
        for id in &ids {
            insert_following_the_last(&conn, &mut last, id);
        }
        conn.execute("DELETE FROM articles WHERE id = 'o'", [])
            .unwrap();
        for id in ["p", "a", "q"] {
            insert_following_the_last(&conn, &mut last, id);
        }
        let by_id = ids_by(&conn, "id");
        assert_eq!(by_id.len(), ids.len() + 2);
        assert_eq!(ids_by(&conn, "idkey"), by_id);
    }

    proptest::proptest! {
        #[test]
        fn idkeys_follow_id_order_whatever_the_order_of_inserts(
            steps in proptest::collection::vec(("[a-c]{1,4}", proptest::bool::ANY), 1..80),
        ) {
            let conn = Connection::open_in_memory().unwrap();
            migrate(&conn, 0).unwrap();
            let mut last = LastId::default();
            for (id, delete) in &steps {
                if *delete {
                    conn.execute("DELETE FROM articles WHERE id = ?1", [id]).unwrap();
                } else {
                    insert_following_the_last(&conn, &mut last, id);
                }
                proptest::prop_assert_eq!(ids_by(&conn, "idkey"), ids_by(&conn, "id"));
            }
        }
    }

    #[test]
    fn newer_and_foreign_databases_are_not_ours() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn, 0).unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        assert!(matches!(inspect(&conn), Found::Unusable(w) if w.contains("newer xemtin")));
        let other = Connection::open_in_memory().unwrap();
        other.execute_batch("CREATE TABLE t (x)").unwrap();
        assert!(matches!(inspect(&other), Found::Unusable(w) if w.contains("not a xemtin index")));
    }
}
