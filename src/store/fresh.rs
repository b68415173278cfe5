//! Is the index still in line with the data folder? Answered without
//! listing the folder, so that a command on an unchanged folder answers in
//! milliseconds (listing 100,000 files costs 0.2-0.5 s).
//!
//! A sync notes the modification time of every folder it reads
//! (`folders`), each read by the walk just before it lists that folder
//! (and unsure, -1, for a folder it could not read), and writes them when it has
//! finished (text included); it forgets them when it starts, so a sync
//! killed midway leaves none and the next command syncs. A folder's time
//! changes when a name in it is added, removed or renamed: a file added,
//! deleted or renamed, a folder moved in or out (its parent's time), and a
//! file saved by writing a new one and renaming it over the old (what most
//! editors and tools do). [`unchanged`] asks each folder noted for its time;
//! any difference, or a folder gone, means a full sync. A folder that
//! changed less than two seconds before the sync is noted as unsure (a
//! change in the same tick of the clock would not move its time).
//!
//! A file rewritten in place (same name, same folder entry) changes only
//! its own time. Commands check the files of the articles they print or
//! open ([`files_unchanged`]); an edit that brings an article into a list
//! it was not in is seen by the next full sync: `xemtin index`, the TUI's
//! sync at start, or the next change of a folder.
//!
//! Checking a file means comparing it with its entry in `files`, a page
//! read each at 1,000,000 files. Most need not be: a file's change time
//! (`ctime`, which every change of its bytes or name sets to the file
//! system's present time, and which no tool can set) older than the newest
//! change time among the folders the last sync asked on that device (read
//! before it read any file, in that file system's own clock) has not
//! changed since that sync read it ([`Settled`]). The others are looked
//! up as before.
//! This trusts the file system's clock not to step back; a file system
//! that keeps no change time (FAT's is its creation) could hide a file
//! rewritten in place with its old time restored (`cp -p` over it) until
//! the next full sync.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

use super::arrays::id_array;
use super::check_ahead::Checked;
use super::file_stat::{FileNow, FolderStat};
use crate::catalog::Summary;
use crate::ingest::walk::{self, FolderRead};

/// How long ago a folder must have changed for its time to be trusted.
const SETTLED_NS: i64 = 2_000_000_000;

/// What a sync notes before it reads any file: when it started, and the
/// change times of the data folder's folders ([`Settled`]). Only folders
/// are asked; a folder is listed only when it may hold folders
/// ([`may_hold_folders`]), so that the files of a folder of articles are
/// not listed twice: at 1,000,000 files that took 0.9 s before the first
/// file was read, with the other core idle. A folder reached only through
/// a symbolic link in such a folder is not asked here (its device may go
/// unsettled: slower commands, the same answers). The folders' own times
/// are the walk's, each read just before it listed that folder
/// ([`Snapshot::walked`]).
pub(crate) fn snapshot(root: &Path) -> Snapshot {
    // A folder changed in the last moments may change again within the
    // same tick of the file system's clock after this sync lists it: it is
    // noted as unsure (-1), and the next command syncs again.
    let settled_before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
        .map_or(i64::MIN, |now| now - SETTLED_NS);
    let mut settled = Settled::default();
    let mut seen = HashSet::new();
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(meta) = fs::metadata(&dir) else {
            continue;
        };
        if !seen.insert(identity(&meta, &dir)) {
            continue;
        }
        settled.saw_folder(&meta);
        if !may_hold_folders(&meta) {
            continue;
        }
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            if walk::folder_or_file(&e).0 {
                stack.push(e.path());
            }
        }
    }
    Snapshot {
        settled_before,
        folders: Vec::new(),
        settled,
    }
}

/// Can the folder of `meta` hold folders? On Unix, the file systems that
/// count a folder's links count two for a folder with none in it (its
/// name and its own `.`) and one more for each (its `..`); those that do
/// not give 1 (btrfs), and are listed. A link to a folder is not counted.
#[cfg(unix)]
fn may_hold_folders(meta: &fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) != 2
}

#[cfg(not(unix))]
fn may_hold_folders(_: &fs::Metadata) -> bool {
    true
}

/// What a sync notes of the folders: its start, then the folders walked.
pub(crate) struct Snapshot {
    /// Folders changed since this time (two seconds before the sync
    /// started) are noted as unsure.
    settled_before: i64,
    /// Each folder, with its modification time (-1: unsure).
    folders: Vec<(String, i64)>,
    settled: Settled,
}

impl Snapshot {
    /// The folders the walk read, each with its time as the walk read it
    /// before listing it (none: unsure).
    pub(crate) fn walked(&mut self, folders: Vec<FolderRead>) {
        let settled_before = self.settled_before;
        self.folders = folders
            .into_iter()
            .map(|f| {
                let mtime = f.mtime_ns.filter(|&t| t < settled_before);
                (rel_name(&f.rel), mtime.unwrap_or(-1))
            })
            .collect();
    }
}

/// For each device, the newest change time (`ctime`) among the folders
/// of the last finished sync, read before it listed them, in nanoseconds:
/// no later than that file system's clock then, so a file there whose
/// change time is older has not changed since that sync read it (see the
/// module's notes). Folders' modification times would not do: tools set
/// them to any time, the future included (`tar`, `touch -d`). Kept in
/// `meta` under [`SETTLED_KEY`], which every schema migration deletes (a
/// step may ask for files to be read again whatever their times).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Settled(Vec<(u64, i64)>);

/// The change time (`ctime`) of `meta`, in nanoseconds since the epoch:
/// set by the kernel to the file system's present time whenever the bytes,
/// name or metadata change, and by no call to any time asked for.
#[cfg(unix)]
fn change_time(meta: &fs::Metadata) -> Option<i64> {
    use std::os::unix::fs::MetadataExt;
    meta.ctime()
        .checked_mul(1_000_000_000)?
        .checked_add(meta.ctime_nsec())
}

/// A file as a command finds it ([`Settled::find`]).
pub(crate) enum Found {
    /// As the last sync read it.
    Vouched,
    /// Maybe changed since: to compare with its entry in `files`.
    Doubtful { size: i64, mtime: i64 },
    /// Gone, or with no modification time.
    Gone,
}

/// The `meta` key of [`Settled`].
pub(crate) const SETTLED_KEY: &str = "settled_by_device";

impl Settled {
    #[cfg(unix)]
    fn saw_folder(&mut self, meta: &fs::Metadata) {
        let Some(time) = change_time(meta) else {
            return;
        };
        match self
            .0
            .iter_mut()
            .find(|(d, _)| *d == std::os::unix::fs::MetadataExt::dev(meta))
        {
            Some((_, newest)) => *newest = (*newest).max(time),
            None => self
                .0
                .push((std::os::unix::fs::MetadataExt::dev(meta), time)),
        }
    }

    #[cfg(not(unix))]
    fn saw_folder(&mut self, _: &fs::Metadata) {}

    /// Ask the file at `path` through `stat`: is it as the sync that noted
    /// these read it?
    pub(crate) fn find(&self, stat: &mut FolderStat<'_>, path: &str) -> Found {
        match stat.stat(path) {
            Some(FileNow {
                mtime: Some(mtime),
                size,
                dev,
                ctime,
            }) => match self.settled(dev, ctime) {
                true => Found::Vouched,
                false => Found::Doubtful { size, mtime },
            },
            _ => Found::Gone,
        }
    }

    /// Is the file on device `dev` changed at `ctime` as the sync that
    /// noted these read it? False when it may not be (changed since, on a
    /// device not noted, or no change time).
    fn settled(&self, dev: u64, ctime: Option<i64>) -> bool {
        self.0
            .iter()
            .find(|(d, _)| *d == dev)
            .zip(ctime)
            .is_some_and(|(&(_, newest), changed)| changed < newest)
    }

    fn text(&self) -> String {
        let parts: Vec<String> = self.0.iter().map(|(d, t)| format!("{d}:{t}")).collect();
        parts.join(",")
    }

    /// Read back from [`Settled::text`]; anything unreadable is left out.
    fn parse(text: &str) -> Settled {
        Settled(
            text.split(',')
                .filter_map(|part| {
                    let (d, t) = part.split_once(':')?;
                    Some((d.parse().ok()?, t.parse().ok()?))
                })
                .collect(),
        )
    }

    /// The bounds the last finished sync noted (none: nothing settled).
    pub(crate) fn of_last_sync(conn: &Connection) -> rusqlite::Result<Settled> {
        Ok(super::index::meta_get(conn, SETTLED_KEY)?
            .map(|t| Settled::parse(&t))
            .unwrap_or_default())
    }
}

fn rel_name(rel: &str) -> String {
    match rel.is_empty() {
        true => ".".into(),
        false => rel.into(),
    }
}

#[cfg(unix)]
fn identity(meta: &fs::Metadata, _: &Path) -> (u64, u64, PathBuf) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino(), PathBuf::new())
}

#[cfg(not(unix))]
fn identity(_: &fs::Metadata, dir: &Path) -> (u64, u64, PathBuf) {
    (
        0,
        0,
        fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
    )
}

/// Forget the folders noted (a sync starts).
pub(crate) fn forget(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM folders", [])?;
    conn.execute("DELETE FROM main.meta WHERE key = ?1", [SETTLED_KEY])
        .map(|_| ())
}

/// Note the folders of a sync that has finished, and what they settle.
pub(crate) fn note(conn: &mut Connection, snapshot: &Snapshot) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM folders", [])?;
    {
        let mut add =
            tx.prepare_cached("INSERT OR REPLACE INTO folders (path, mtime) VALUES (?1, ?2)")?;
        for (path, mtime) in &snapshot.folders {
            add.execute((path, mtime))?;
        }
    }
    match snapshot.settled.0.is_empty() {
        true => tx.execute("DELETE FROM main.meta WHERE key = ?1", [SETTLED_KEY])?,
        false => {
            super::index::meta_set(&tx, SETTLED_KEY, &snapshot.settled.text())?;
            0
        }
    };
    tx.commit()
}

/// Has no folder changed since the last finished sync? False when none
/// finished (nothing noted).
pub(crate) fn unchanged(conn: &Connection, root: &Path) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT path, mtime FROM folders")?;
    let mut rows = stmt.query([])?;
    let mut any = false;
    while let Some(row) = rows.next()? {
        any = true;
        let (path, mtime): (String, i64) = (row.get(0)?, row.get(1)?);
        let dir = match path.as_str() {
            "." => root.to_path_buf(),
            rel => walk::path_of(root, rel),
        };
        let now = fs::metadata(&dir).ok().and_then(|m| walk::mtime_ns(&m));
        if mtime < 0 || now != Some(mtime) {
            return Ok(false);
        }
    }
    Ok(any)
}

/// Are the files of these articles as the index knows them (size and
/// modification time)? False when one is gone, changed, or not known: each
/// article's file is found, then checked as [`paths_unchanged`] checks it.
pub(crate) fn files_unchanged<'a>(
    conn: &Connection,
    root: &Path,
    ids: impl Iterator<Item = &'a str>,
) -> rusqlite::Result<bool> {
    // One statement over the ids in key order, not one per id (10,000
    // lookups one at a time were half of a command printing them).
    let wanted = id_array(ids);
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(articles.file, articles.id) FROM rarray(?1) CROSS JOIN articles
           ON articles.id = rarray.value",
    )?;
    let files = stmt
        .query_map([wanted.clone()], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    if files.len() != wanted.len() {
        // an article the index does not know
        return Ok(false);
    }
    paths_unchanged(conn, root, files.iter().map(String::as_str))
}

/// Are these files (paths under the root, as the index names them) as the
/// index knows them? What [`files_unchanged`] asks once it has each
/// article's file: the rows of a list carry theirs, so a command printing
/// 10,000 rows reads none of them again (a fifth of its time at 1,000,000).
/// Each file is asked for its metadata; only those the last sync does not
/// settle ([`Settled`]) are looked up in `files` (at 1,000,000, those
/// lookups were a page read each and a third of a command printing 10,000
/// rows).
pub(crate) fn paths_unchanged<'a>(
    conn: &Connection,
    root: &Path,
    paths: impl Iterator<Item = &'a str>,
) -> rusqlite::Result<bool> {
    let settled = Settled::of_last_sync(conn)?;
    let mut paths: Vec<&str> = paths.collect();
    paths.sort_unstable();
    paths.dedup();
    let Some(doubtful) = unsettled(root, &paths, &settled) else {
        return Ok(false);
    };
    doubtful_unchanged(conn, doubtful)
}

/// [`paths_unchanged`] of the files of `rows`, given what the thread
/// checking them while they were read found (`check_ahead.rs`): the rows
/// it did not ask for are asked now.
pub(crate) fn rows_unchanged_after(
    conn: &Connection,
    root: &Path,
    settled: &Settled,
    checked: &Checked,
    rows: &[Summary],
) -> rusqlite::Result<bool> {
    if checked.gone {
        return Ok(false);
    }
    let mut left: Vec<&str> = rows
        .iter()
        .filter(|r| {
            r.row
                .is_none_or(|rowid| checked.rowids.binary_search(&rowid).is_err())
        })
        .map(|r| r.file.as_deref().unwrap_or(&r.id))
        .collect();
    left.sort_unstable();
    left.dedup();
    let Some(mut doubtful) = unsettled(root, &left, settled) else {
        return Ok(false);
    };
    doubtful.extend(
        checked
            .doubtful
            .iter()
            .map(|(path, size, mtime)| (path.as_str(), *size, *mtime)),
    );
    doubtful_unchanged(conn, doubtful)
}

/// Are these files, which the last sync does not vouch for, as the index
/// knows them (`files`)?
fn doubtful_unchanged(
    conn: &Connection,
    mut doubtful: Vec<SeenFile<'_>>,
) -> rusqlite::Result<bool> {
    if doubtful.is_empty() {
        return Ok(true);
    }
    doubtful.sort_unstable_by(|a, b| a.0.cmp(b.0));
    doubtful.dedup_by(|a, b| a.0 == b.0);
    let mut stmt = conn.prepare_cached(
        "SELECT files.path, files.size, files.mtime FROM rarray(?1) CROSS JOIN files
           ON files.path = rarray.value",
    )?;
    let mut rows = stmt.query([id_array(doubtful.iter().map(|d| d.0))])?;
    let mut found = 0;
    while let Some(r) = rows.next()? {
        let (path, size, mtime): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let seen = doubtful
            .binary_search_by(|d| d.0.cmp(path.as_str()))
            .ok()
            .and_then(|i| doubtful.get(i));
        if mtime < 0 || seen.is_none_or(|&(_, s, m)| (s, m) != (size, mtime)) {
            return Ok(false);
        }
        found += 1;
    }
    // a file the index does not know
    Ok(found == doubtful.len())
}

/// A file as it is now: its path, size and modification time.
type SeenFile<'a> = (&'a str, i64, i64);

/// The files of `paths` (ascending) that `settled` does not vouch for, as
/// they are now, ascending; None when one is gone or has no time. Asked
/// from several threads at once when there are many: a `stat` whose inode
/// is not in memory waits for the disk, and a disk answers several waiting
/// reads together (a list of 10,000 articles of a million-file archive
/// took seconds one at a time).
fn unsettled<'a>(root: &Path, paths: &[&'a str], settled: &Settled) -> Option<Vec<SeenFile<'a>>> {
    let see = |part: &[&'a str], gone: &AtomicBool| -> Vec<SeenFile<'a>> {
        let mut doubtful = Vec::new();
        let mut stat = FolderStat::new(root);
        for &path in part {
            if gone.load(Ordering::Relaxed) {
                break;
            }
            match settled.find(&mut stat, path) {
                Found::Vouched => {}
                Found::Doubtful { size, mtime } => doubtful.push((path, size, mtime)),
                Found::Gone => gone.store(true, Ordering::Relaxed),
            }
        }
        doubtful
    };
    let gone = AtomicBool::new(false);
    let threads = paths.len().div_ceil(FILES_PER_THREAD).clamp(1, MAX_THREADS);
    let doubtful = match threads {
        1 => see(paths, &gone),
        _ => std::thread::scope(|scope| {
            let chunk = paths.len().div_ceil(threads);
            let parts: Vec<_> = paths
                .chunks(chunk)
                .map(|part| scope.spawn(|| see(part, &gone)))
                .collect();
            // in order: the chunks' results stay ascending; a thread that
            // failed vouches for nothing
            let mut all = Vec::new();
            for part in parts {
                match part.join() {
                    Ok(doubtful) => all.extend(doubtful),
                    Err(_) => gone.store(true, Ordering::Relaxed),
                }
            }
            all
        }),
    };
    (!gone.load(Ordering::Relaxed)).then_some(doubtful)
}

/// Files asked by one thread before another is worth starting.
const FILES_PER_THREAD: usize = 256;
/// Metadata reads in flight at most.
const MAX_THREADS: usize = 16;
