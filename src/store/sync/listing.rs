//! The first step of a sync: the folder's listing compared with what the
//! index knows (`files`), giving the files to read and the paths gone.

use rusqlite::Connection;

use super::to_i64;
use crate::ingest::walk::Listed;
use crate::store::SyncReport;

/// What the index knew of a file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Known {
    pub(super) size: i64,
    pub(super) mtime: i64,
    pub(super) hash: i64,
    /// How many articles it gave (0: it was skipped).
    pub(super) articles: usize,
}

/// A file to read (its place in the part of the listing being worked
/// on), and what the index knew of it, if anything.
pub(super) struct Work {
    pub(super) file: usize,
    pub(super) before: Option<Box<Known>>,
}

/// Does the index know no file at all (a first sync, or a rebuild)?
pub(super) fn index_is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM files)", [], |r| r.get(0))
}

/// The files listed, and which of them to read.
#[derive(Clone, Copy)]
pub(super) struct Listing<'a> {
    pub(super) files: &'a [Listed],
    pub(super) work: &'a [Work],
}

impl<'a> Listing<'a> {
    /// The file `w` is to read.
    pub(super) fn file(&self, w: &Work) -> Option<&'a Listed> {
        self.files.get(w.file)
    }
}

/// What the index knows of the paths after `?1` up to `?2`, or to the end.
const KNOWN_AFTER_UP_TO: &str = "SELECT path, size, mtime, hash, articles FROM files
     WHERE path > ?1 AND path <= ?2 ORDER BY path";
const KNOWN_AFTER: &str =
    "SELECT path, size, mtime, hash, articles FROM files WHERE path > ?1 ORDER BY path";

/// Compare a part of the listing (`files`, in id order, every id after
/// `after`) with what the index knows of the same stretch of paths: from
/// after `after` to the last of `files`, or to the end of the index when
/// `to_end` (the last part). The index's rows are streamed, never all in
/// memory. Gives the files to read and the paths gone; unchanged files
/// count in `report`.
pub(super) fn compare(
    conn: &Connection,
    files: &[Listed],
    after: Option<&str>,
    to_end: bool,
    report: &mut SyncReport,
) -> rusqlite::Result<(Vec<Work>, Vec<String>)> {
    // Rust's str order is SQLite's BINARY collation: byte order, the order
    // the walk gives (ids are never empty, so every path is after "").
    let after = after.unwrap_or("");
    let last = files.last().map(|f| f.id.as_str()).filter(|_| !to_end);
    let mut stmt = match last {
        Some(_) => conn.prepare_cached(KNOWN_AFTER_UP_TO)?,
        None => conn.prepare_cached(KNOWN_AFTER)?,
    };
    let read = |r: &rusqlite::Row<'_>| {
        Ok((
            r.get::<_, String>(0)?,
            Known {
                size: r.get(1)?,
                mtime: r.get(2)?,
                hash: r.get(3)?,
                articles: usize::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
            },
        ))
    };
    let mut rows = match last {
        Some(last) => stmt.query_map([after, last], read)?,
        None => stmt.query_map([after], read)?,
    };
    let mut known = rows.next().transpose()?;
    let (mut work, mut gone) = (Vec::new(), Vec::new());
    for (i, file) in files.iter().enumerate() {
        // index rows before this file: gone from the folder
        while let Some((path, _)) = &known
            && path.as_str() < file.id.as_str()
        {
            gone.push(path.clone());
            known = rows.next().transpose()?;
        }
        let before = match &known {
            Some((path, k)) if *path == file.id => Some(*k),
            _ => None,
        };
        if before.is_some() {
            known = rows.next().transpose()?;
        }
        match before {
            Some(k)
                if k.mtime >= 0
                    && Some(k.mtime) == file.mtime_ns
                    && k.size == to_i64(file.size) =>
            {
                report.unchanged += k.articles;
            }
            before => work.push(Work {
                file: i,
                before: before.map(Box::new),
            }),
        }
    }
    while let Some((path, _)) = known {
        gone.push(path);
        known = rows.next().transpose()?;
    }
    Ok((work, gone))
}

#[cfg(test)]
#[path = "listing_tests.rs"]
mod tests;
