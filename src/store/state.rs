//! The user's state: read/starred marks keyed by article id, session values
//! (the last position, each data folder's under its own keys:
//! `Store::folder_session_key`) and a change counter, in its own SQLite
//! file shared by every data folder.
//!
//! It is attached to the index connection as `state`. Whatever is wrong with
//! it, xemtin never deletes, renames or writes it: a file it cannot check is
//! left alone (marks unseen and unsaved), one it must not write (newer
//! schema, write-protected) is attached read-only.
//!
//! The index mirrors the marks (for fast filters): the read ones as the
//! rowids in `read_rows`, the starred ones in the article rows. The state
//! counts its changes; the index remembers which state (`state_id`) and
//! which count its mirror reflects, and [`refresh_mirror`] redoes the
//! mirror when they differ. Both are written in one transaction; their
//! files are committed one after the other, so a crash between the two
//! leaves the index's count behind or ahead of the state's, and the next
//! opening redoes the mirror.
//!
//! A row of the state that says nothing (unread, not starred, never
//! opened) is the same as no row: taking marks back deletes such rows
//! rather than keeping them, so that marking the same articles read again
//! inserts rows (a catch-up and its undo, BENCHMARKS.md "Catch-up").

use std::path::Path;

use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};

use super::Notice;
use super::arrays::{id_array, rowid_array};
use super::index::{self, BUSY_WAIT, no_migration};
use super::paths::{fnv1a64, sqlite_uri};

/// `PRAGMA application_id` of a state file: "xems".
pub(crate) const APPLICATION_ID: i32 = 0x7865_6D73;
/// The schema version this build writes.
pub(crate) const VERSION: i32 = 3;

/// Version 1: the marks alone.
const V1: &str = "
CREATE TABLE marks (
    id TEXT PRIMARY KEY,              -- article id: path relative to its data folder
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
";

/// Version 2: when an article was last opened, session values, and the
/// change counter the index's mirror is checked against.
const V2: &str = "
ALTER TABLE marks ADD COLUMN opened_at TEXT;   -- ISO 8601 UTC, last set_read(id, true)
CREATE INDEX marks_read ON marks (id) WHERE read = 1;
CREATE INDEX marks_starred ON marks (id) WHERE starred = 1;
CREATE TABLE session (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
";

/// Version 3: without `marks_read`, an index of the ids of the read marks
/// that the primary key already orders (every row's id, stored twice for
/// the read ones). Nothing looks a read mark up through it: the mirror is
/// redone from a scan of the marks, and a sync asks for one id at a time.
/// Keeping it cost a catch-up of 100,000 articles about 50 ms of its CPU
/// (BENCHMARKS.md, "Catch-up").
const V3: &str = "DROP INDEX IF EXISTS marks_read;";

/// Bring a state at `from` up to [`VERSION`], keeping every mark.
pub(crate) fn migrate(conn: &Connection, from: i32) -> rusqlite::Result<()> {
    for version in from..VERSION {
        match version {
            0 => conn.execute_batch(V1)?,
            1 => {
                conn.execute_batch(V2)?;
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('state_id', ?1), ('changes', 1)",
                    [new_state_id()],
                )?;
            }
            2 => conn.execute_batch(V3)?,
            v => return Err(no_migration("state", v)),
        }
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", VERSION)
}

/// Tells this state file from any other (one deleted and made again).
fn new_state_id() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let seed = format!("{now}-{}", std::process::id());
    format!("{:016x}", fnv1a64(seed.as_bytes()))
}

/// Which mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    Read,
    Starred,
}

/// How the state is attached to a connection.
#[derive(Debug, Clone, Default)]
pub(crate) struct Link {
    /// The marks can be read through `state.`.
    pub attached: bool,
    /// Why marks cannot be saved, when they cannot.
    pub read_only: Option<String>,
    pub notice: Option<Notice>,
}

/// What checking an existing state file found.
enum Health {
    /// Ours at this version or older, or with no tables yet (an empty file).
    Usable,
    /// Ours, from a newer xemtin: readable, not writable.
    Newer(i32),
    /// Cannot be used at all: the reason.
    Damaged(String),
}

/// Check the file through a read-only connection, which writes nothing.
fn check(path: &Path) -> Health {
    let run = || -> rusqlite::Result<Health> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_WAIT)?;
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        let integrity: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
        Ok(if integrity != "ok" {
            Health::Damaged(format!("its integrity check failed ({integrity})"))
        } else if (app, version, objects) == (0, 0, 0) {
            Health::Usable
        } else if app != APPLICATION_ID {
            Health::Damaged("it is an SQLite database, but not a xemtin state file".into())
        } else if version > VERSION {
            Health::Newer(version)
        } else {
            Health::Usable
        })
    };
    run().unwrap_or_else(|e| Health::Damaged(format!("it is damaged or not a database ({e})")))
}

/// Open the state read-write, migrated; Err(reason) if it cannot be written.
fn prepare(path: &Path, create: bool) -> Result<(), String> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let run = || -> rusqlite::Result<bool> {
        let mut conn = Connection::open_with_flags(path, flags)?;
        // SQLite quietly opens a write-protected file read-only.
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Ok(false);
        }
        conn.busy_timeout(BUSY_WAIT)?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        let version =
            |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i32>(0));
        if version(&conn)? < VERSION {
            // Under the write lock, re-read: another process may have done it.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let from = version(&tx)?;
            if from < VERSION {
                migrate(&tx, from)?;
            }
            tx.commit()?;
        }
        Ok(true)
    };
    match run() {
        Ok(true) => Ok(()),
        Ok(false) => Err("is write-protected".into()),
        Err(e) => Err(format!("cannot be written ({e})")),
    }
}

fn attach_as(conn: &Connection, path: &Path, query: &str) -> rusqlite::Result<()> {
    conn.execute("ATTACH DATABASE ?1 AS state", [sqlite_uri(path, query)])?;
    Ok(())
}

/// Attach the state at `path` to `conn` for a [`super::Store`]: created if
/// missing, migrated if older; read-only or absent (with a notice) when it
/// cannot be written or read.
pub(crate) fn attach(conn: &Connection, path: &Path) -> Link {
    let shown = path.display();
    let exists = match std::fs::symlink_metadata(path) {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return damaged(path, &format!("it cannot be looked at ({e})")),
    };
    if !exists {
        let made = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .map_err(|e| format!("cannot be created ({e})"))
            .and_then(|()| prepare(path, true));
        if let Err(why) = made {
            let why = format!("the state file {shown} {why}");
            return Link {
                attached: false,
                notice: Some(Notice {
                    message: format!(
                        "{why}; read and starred marks will not be saved: check the folder's permissions (or set XDG_DATA_HOME)"
                    ),
                }),
                read_only: Some(why),
            };
        }
    }
    match check(path) {
        Health::Damaged(why) => damaged(path, &why),
        Health::Newer(v) => read_only(
            conn,
            path,
            format!(
                "was written by a newer xemtin (schema version {v}; this one knows up to {VERSION})"
            ),
        ),
        Health::Usable => match prepare(path, false) {
            Err(why) => read_only(conn, path, why),
            Ok(()) => match attach_as(conn, path, "mode=rw")
                .and_then(|()| conn.pragma_update(Some("state"), "synchronous", "FULL"))
            {
                Ok(()) => Link {
                    attached: true,
                    ..Link::default()
                },
                Err(e) => damaged(path, &format!("it cannot be attached ({e})")),
            },
        },
    }
}

fn damaged(path: &Path, why: &str) -> Link {
    let reason = format!("the state file {} cannot be used: {why}", path.display());
    Link {
        attached: false,
        notice: Some(Notice {
            message: format!(
                "{reason}; it was left untouched; read and starred marks are not shown and cannot be saved until it is repaired or moved away (xemtin then starts a new one)"
            ),
        }),
        read_only: Some(reason),
    }
}

fn read_only(conn: &Connection, path: &Path, why: String) -> Link {
    let reason = format!("the state file {} {why}", path.display());
    let attached = attach_as(conn, path, "mode=ro").is_ok();
    Link {
        attached,
        notice: Some(Notice {
            message: format!(
                "{reason}; read and starred marks are shown as they were but cannot be saved"
            ),
        }),
        read_only: Some(reason),
    }
}

/// Attach the state read-only for a sync, which only copies marks into new
/// rows; false (nothing attached) when it is missing or unusable.
pub(crate) fn attach_for_copy(conn: &Connection, path: &Path) -> bool {
    path.exists()
        && matches!(check(path), Health::Usable | Health::Newer(_))
        && attach_as(conn, path, "mode=ro").is_ok()
        && conn
            .prepare("SELECT read, starred FROM state.marks LIMIT 0")
            .is_ok()
}

/// The state's identity and change count, if it can be read.
fn state_version(conn: &Connection) -> Option<(String, String)> {
    let get = |key: &str| -> Option<String> {
        conn.query_row(
            "SELECT CAST(value AS TEXT) FROM state.meta WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .ok()
    };
    Some((get("state_id")?, get("changes")?))
}

/// Make the index's mirror of the marks match the state (O(marks)), unless
/// it already reflects this state at this change count. Without a readable
/// state, the mirror is cleared: marks are then not shown.
pub(crate) fn refresh_mirror(conn: &Connection, link: &Link) -> rusqlite::Result<()> {
    let want = if link.attached {
        state_version(conn)
    } else {
        None
    };
    let have = (
        index::meta_get(conn, "mirror_state")?,
        index::meta_get(conn, "mirror_changes")?,
    );
    if let Some((id, changes)) = &want
        && (have.0.as_ref(), have.1.as_ref()) == (Some(id), Some(changes))
    {
        return Ok(());
    }
    // Immediate: the write locks of the index and the state are taken
    // at the start, waiting for another writer (a catch-up's job) as long
    // as the busy wait allows, instead of failing at once when a read
    // inside the transaction saw a snapshot another writer has replaced.
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "DELETE FROM main.read_rows;
         UPDATE main.articles SET starred = 0 WHERE starred = 1;",
    )?;
    let copied = link.attached
        && tx
            .execute_batch(
                "INSERT INTO main.read_rows
                   SELECT rowid FROM main.articles
                   WHERE id IN (SELECT id FROM state.marks WHERE read = 1) ORDER BY rowid;
                 UPDATE main.articles SET starred = 1
                   WHERE id IN (SELECT id FROM state.marks WHERE starred = 1);",
            )
            .is_ok();
    let (id, changes) = match (want, copied) {
        (Some(w), true) => w,
        // Not from a known state: redo it next time.
        _ => (String::new(), String::new()),
    };
    index::meta_set(&tx, "mirror_state", &id)?;
    index::meta_set(&tx, "mirror_changes", &changes)?;
    tx.commit()
}

fn now_iso() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Save a mark in the state (durable on return); the new change count.
pub(crate) fn set_mark(conn: &Connection, id: &str, mark: Mark, on: bool) -> rusqlite::Result<i64> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    match mark {
        Mark::Read => tx
            .prepare_cached(
                "INSERT INTO state.marks (id, read, opened_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE
                 SET read = excluded.read, opened_at = coalesce(excluded.opened_at, opened_at)",
            )?
            .execute(params![id, on, on.then(now_iso)])?,
        Mark::Starred => tx
            .prepare_cached(
                "INSERT INTO state.marks (id, starred) VALUES (?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET starred = excluded.starred",
            )?
            .execute(params![id, on])?,
    };
    let changes: i64 = tx
        .prepare_cached(
            "UPDATE state.meta SET value = value + 1 WHERE key = 'changes' RETURNING value",
        )?
        .query_row([], |r| r.get(0))?;
    tx.commit()?;
    Ok(changes)
}

/// Copy a mark just saved (change `changes` of the state) into the index's
/// mirror; the mirror stays marked current only if it was current before.
pub(crate) fn mirror_mark(
    conn: &Connection,
    id: &str,
    mark: Mark,
    on: bool,
    changes: i64,
) -> rusqlite::Result<()> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let sql = match (mark, on) {
        (Mark::Read, true) => {
            "INSERT OR IGNORE INTO main.read_rows SELECT rowid FROM main.articles WHERE id = ?1"
        }
        (Mark::Read, false) => {
            "DELETE FROM main.read_rows
             WHERE rowid = (SELECT rowid FROM main.articles WHERE id = ?1)"
        }
        (Mark::Starred, _) => "UPDATE main.articles SET starred = ?2 WHERE id = ?1",
    };
    match mark {
        Mark::Read => tx.prepare_cached(sql)?.execute([id])?,
        Mark::Starred => tx.prepare_cached(sql)?.execute(params![id, on])?,
    };
    tx.prepare_cached(
        "UPDATE main.meta SET value = ?1 WHERE key = 'mirror_changes' AND value = ?2",
    )?
    .execute(params![changes.to_string(), (changes - 1).to_string()])?;
    tx.commit()
}

/// Save the read mark of many articles in the state (the ids handed over
/// as an array, in the state's order, not as text to parse); the new
/// change count. Marking read is one statement; taking the marks back
/// deletes the rows that then say nothing (see the module's docs), and
/// writes `read = 0` into the others only when some are left (a starred
/// or opened article among them).
///
/// The deletes are one statement per id: a `DELETE … WHERE id IN
/// rarray(?)` first copies the 100,000 ids into a temporary index, then
/// collects the keys to delete before deleting them (two passes over the
/// state); one prepared delete per id seeks and deletes once (an undo of
/// 100,000: 250-320 ms of CPU against 120-175, BENCHMARKS.md).
fn save_read_many(
    tx: &Connection,
    ids: &std::rc::Rc<Vec<rusqlite::types::Value>>,
    on: bool,
) -> rusqlite::Result<i64> {
    match on {
        true => {
            tx.execute(
                "INSERT INTO state.marks (id, read, opened_at)
                 SELECT value, 1, NULL FROM rarray(?1) WHERE true
                 ON CONFLICT (id) DO UPDATE SET read = 1",
                [ids],
            )?;
        }
        false => {
            let mut delete = tx.prepare_cached(
                "DELETE FROM state.marks WHERE id = ?1 AND starred = 0 AND opened_at IS NULL",
            )?;
            let mut deleted = 0;
            for id in ids.iter() {
                deleted += delete.execute([id])?;
            }
            if deleted < ids.len() {
                tx.execute(
                    "UPDATE state.marks SET read = 0 WHERE id IN rarray(?1) AND read = 1",
                    [ids],
                )?;
            }
        }
    }
    tx.query_row(
        "UPDATE state.meta SET value = value + 1 WHERE key = 'changes' RETURNING value",
        [],
        |r| r.get(0),
    )
}

/// The index's mirror now reflects change `changes` of the state, if it
/// reflected the one before.
fn mirror_follows(tx: &Connection, changes: i64) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE main.meta SET value = ?1 WHERE key = 'mirror_changes' AND value = ?2",
        params![changes.to_string(), (changes - 1).to_string()],
    )?;
    Ok(())
}

/// Save the read mark of many articles and mirror it in the index, in one
/// transaction (durable on return): all or none.
pub(crate) fn set_read_many(conn: &Connection, ids: &[String], on: bool) -> rusqlite::Result<()> {
    let ids = id_array(ids.iter().map(String::as_str));
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let changes = save_read_many(&tx, &ids, on)?;
    // Each id's row found from the array (`CROSS JOIN`: the array read in
    // its order, no temporary index of the ids), as in the state.
    match on {
        true => {
            tx.execute(
                "INSERT OR IGNORE INTO main.read_rows
                 SELECT articles.rowid FROM rarray(?1)
                 CROSS JOIN main.articles ON articles.id = rarray.value
                 ORDER BY 1",
                [&ids],
            )?;
        }
        false => {
            let mut rowids = tx
                .prepare(
                    "SELECT articles.rowid FROM rarray(?1)
                     CROSS JOIN main.articles ON articles.id = rarray.value",
                )?
                .query_map([&ids], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            rowids.sort_unstable();
            let mut delete = tx.prepare_cached("DELETE FROM main.read_rows WHERE rowid = ?1")?;
            for rowid in rowids {
                delete.execute([rowid])?;
            }
        }
    }
    mirror_follows(&tx, changes)?;
    tx.commit()
}

/// Mark read every unread article of the index's rows that `w` selects,
/// in the index's mirror and the state, in one transaction (durable on
/// return): one pass over the filter names the articles (rowid and id;
/// without a filter, from the ids' own index, already in id order); their
/// rowids are appended to `read_rows` and the state's rows written from
/// their ids. The ids marked, in id order, for an undo.
pub(crate) fn mark_read_where(
    conn: &Connection,
    w: &super::query::Where,
) -> rusqlite::Result<Vec<String>> {
    let w = w.clone().and(super::query::UNREAD, []);
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let (rowids, mut ids): (Vec<i64>, Vec<String>) = tx
        .prepare(&format!(
            "SELECT articles.rowid, id FROM articles{}",
            w.sql()
        ))?
        .query_map(rusqlite::params_from_iter(&w.params), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, String)>>>()?
        .into_iter()
        .unzip();
    if ids.is_empty() {
        return Ok(ids);
    }
    tx.execute(
        "INSERT INTO main.read_rows SELECT value FROM rarray(?1)",
        [rowid_array(rowids)],
    )?;
    ids.sort_unstable();
    let changes = save_read_many(&tx, &id_array(ids.iter().map(String::as_str)), true)?;
    mirror_follows(&tx, changes)?;
    tx.commit()?;
    Ok(ids)
}

pub(crate) fn session_get(conn: &Connection, key: &str) -> Option<String> {
    conn.prepare_cached("SELECT value FROM state.session WHERE key = ?1")
        .ok()?
        .query_row([key], |r| r.get(0))
        .optional()
        .ok()
        .flatten()
}

pub(crate) fn session_set(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO state.session (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])
    .map(|_| ())
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
