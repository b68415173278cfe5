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

/// A file to read (its place in the listing), and what the index knew of
/// it, if anything. Small: a cold index has one per file.
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

/// Compare the listing with what the index knows, both in path order (the
/// index's rows streamed, never all in memory; `files` is sorted): the
/// files to read, and the paths gone. Unchanged files count in `report`.
pub(super) fn compare(
    conn: &Connection,
    files: &mut [Listed],
    report: &mut SyncReport,
) -> rusqlite::Result<(Vec<Work>, Vec<String>)> {
    // Rust's str order is SQLite's BINARY collation: byte order.
    files.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let mut stmt =
        conn.prepare("SELECT path, size, mtime, hash, articles FROM files ORDER BY path")?;
    let mut rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Known {
                size: r.get(1)?,
                mtime: r.get(2)?,
                hash: r.get(3)?,
                articles: usize::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
            },
        ))
    })?;
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
