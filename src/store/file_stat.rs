//! A file's size and times as a command checks them (`fresh.rs`), asked
//! relative to its folder: the folder is opened once for the files in it
//! that come one after the other, and each file is then found by its name
//! alone. Asked by its whole path, each `stat` looked every part of the
//! path up again: a quarter of the time of checking 10,000 files
//! (BENCHMARKS.md, "The files asked from their folder and checked while
//! the rows are read").

use std::path::Path;

#[cfg(not(unix))]
use crate::ingest::walk;

/// What a command knows of a file now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileNow {
    pub(crate) size: i64,
    /// Modification time, ns since the Unix epoch; None before the epoch
    /// or out of range (the file is then never trusted).
    pub(crate) mtime: Option<i64>,
    /// The device it is on (0 where the platform does not say).
    pub(crate) dev: u64,
    /// Change time (`ctime`), ns since the Unix epoch, where there is one.
    pub(crate) ctime: Option<i64>,
}

/// Nanoseconds since the epoch of `seconds` and `nanos`; None before it
/// (as [`crate::ingest::walk::mtime_ns`]) or out of range.
#[cfg(unix)]
fn epoch_ns(seconds: i64, nanos: i64) -> Option<i64> {
    if seconds < 0 {
        return None;
    }
    seconds.checked_mul(1_000_000_000)?.checked_add(nanos)
}

/// A field of `struct stat` (whose types differ from one platform to
/// another) as `T`, when it fits.
#[cfg(unix)]
fn whole<F: TryInto<T>, T>(field: F) -> Option<T> {
    field.try_into().ok()
}

/// A folder kept open while the files asked come from it: its id
/// ('/'-separated under a root, "" for the root) and the folder, opened
/// only to find files in (`O_PATH`).
#[cfg(unix)]
pub(crate) struct OpenFolder {
    folder: String,
    fd: rustix::fd::OwnedFd,
}

#[cfg(unix)]
impl OpenFolder {
    /// The folder `folder` under `root`: `kept` if it is that one, else
    /// opened and kept in its place; None when it cannot be opened.
    pub(crate) fn of<'k>(
        kept: &'k mut Option<OpenFolder>,
        root: &Path,
        folder: &str,
    ) -> Option<&'k rustix::fd::OwnedFd> {
        use rustix::fs::{CWD, Mode, OFlags};
        if kept.as_ref().is_none_or(|k| k.folder != folder) {
            *kept = None;
            let path = match folder {
                "" => root.to_path_buf(),
                folder => crate::ingest::walk::path_of(root, folder),
            };
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(CWD, &path, flags, Mode::empty()).ok()?;
            *kept = Some(OpenFolder {
                folder: folder.to_string(),
                fd,
            });
        }
        kept.as_ref().map(|k| &k.fd)
    }
}

/// Asks files under one root, keeping the last folder asked open.
pub(crate) struct FolderStat<'r> {
    root: &'r Path,
    #[cfg(unix)]
    open: Option<OpenFolder>,
}

impl<'r> FolderStat<'r> {
    pub(crate) fn new(root: &'r Path) -> FolderStat<'r> {
        FolderStat {
            root,
            #[cfg(unix)]
            open: None,
        }
    }

    /// The file at `rel` ('/'-separated, under the root), symbolic links
    /// followed; None when it is gone or cannot be asked.
    #[cfg(unix)]
    pub(crate) fn stat(&mut self, rel: &str) -> Option<FileNow> {
        use rustix::fs::AtFlags;
        let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let fd = OpenFolder::of(&mut self.open, self.root, folder)?;
        let st = rustix::fs::statat(fd, name, AtFlags::empty()).ok()?;
        Some(FileNow {
            size: whole(st.st_size)?,
            mtime: epoch_ns(whole(st.st_mtime)?, whole(st.st_mtime_nsec)?),
            dev: whole(st.st_dev)?,
            ctime: whole(st.st_ctime)
                .zip(whole(st.st_ctime_nsec))
                .and_then(|(s, n): (i64, i64)| s.checked_mul(1_000_000_000)?.checked_add(n)),
        })
    }

    /// The file at `rel` ('/'-separated, under the root), symbolic links
    /// followed; None when it is gone or cannot be asked.
    #[cfg(not(unix))]
    pub(crate) fn stat(&mut self, rel: &str) -> Option<FileNow> {
        let meta = std::fs::metadata(walk::path_of(self.root, rel)).ok()?;
        Some(FileNow {
            size: i64::try_from(meta.len()).ok()?,
            mtime: walk::mtime_ns(&meta),
            dev: 0,
            ctime: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::walk;

    /// What the whole path's metadata says, as `FileNow`.
    fn by_whole_path(root: &Path, rel: &str) -> Option<FileNow> {
        let meta = std::fs::metadata(walk::path_of(root, rel)).ok()?;
        #[cfg(unix)]
        let (dev, ctime) = {
            use std::os::unix::fs::MetadataExt;
            (
                meta.dev(),
                Some(meta.ctime() * 1_000_000_000 + meta.ctime_nsec()),
            )
        };
        #[cfg(not(unix))]
        let (dev, ctime) = (0, None);
        Some(FileNow {
            size: i64::try_from(meta.len()).ok()?,
            mtime: walk::mtime_ns(&meta),
            dev,
            ctime,
        })
    }

    #[test]
    fn a_file_asked_from_its_folder_is_what_its_whole_path_says() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["", "a", "a/b", "c"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        let files = [
            "top.txt",
            "a/one.txt",
            "a/two.txt",
            "a/b/deep.txt",
            "c/x.txt",
            "a/three.txt",
        ];
        for (i, rel) in files.iter().enumerate() {
            std::fs::write(root.join(rel), "x".repeat(i * 7 + 1)).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a/one.txt"), root.join("c/link.txt")).unwrap();
        let mut stat = FolderStat::new(root);
        // folders left and come back to, a link, and names that are not there
        let asked = [
            "a/one.txt",
            "a/two.txt",
            "a/b/deep.txt",
            "a/three.txt",
            "top.txt",
            "c/x.txt",
            "c/link.txt",
            "c/gone.txt",
            "gone/x.txt",
            "a/one.txt",
            "a",
        ];
        for rel in asked {
            assert_eq!(stat.stat(rel), by_whole_path(root, rel), "{rel}");
        }
        assert!(stat.stat("top.txt").is_some_and(|f| f.size == 1));
        assert!(stat.stat("a/one.txt").is_some_and(|f| f.size == 8));
        assert_eq!(stat.stat("c/gone.txt"), None);
    }

    #[test]
    fn a_file_removed_after_its_folder_was_opened_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("f")).unwrap();
        std::fs::write(dir.path().join("f/a.txt"), "a").unwrap();
        std::fs::write(dir.path().join("f/b.txt"), "b").unwrap();
        let mut stat = FolderStat::new(dir.path());
        assert!(stat.stat("f/a.txt").is_some());
        std::fs::remove_file(dir.path().join("f/b.txt")).unwrap();
        assert_eq!(stat.stat("f/b.txt"), None);
    }

    #[cfg(unix)]
    #[test]
    fn times_before_the_epoch_are_not_trusted() {
        assert_eq!(epoch_ns(-1, 500), None);
        assert_eq!(epoch_ns(0, 5), Some(5));
        assert_eq!(epoch_ns(2, 5), Some(2_000_000_005));
        assert_eq!(epoch_ns(i64::MAX, 0), None);
    }
}
