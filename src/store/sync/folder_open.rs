//! The files of the article stage opened from their folder: each parsing
//! thread keeps the folder of its last file open, and opens the next file
//! there by its name alone. Opened by its whole path, each file had every
//! part of the path looked up again: at 1,000,000 files, `openat` was the
//! largest of the kernel's shares of a first index (BENCHMARKS.md, "The
//! list's index by source"). `file_stat.rs` does the same for a command's
//! checks.

use std::fs::File;
use std::path::Path;

#[cfg(unix)]
use crate::store::file_stat::OpenFolder;

/// A file listed as `id` ('/'-separated) under `root`, opened for
/// reading from its folder; None when it cannot be (the caller then opens
/// it by its whole path, and says why that fails).
#[cfg(unix)]
pub(super) fn open_listed(root: &Path, id: &str) -> Option<File> {
    use rustix::fs::{Mode, OFlags};
    let (folder, name) = id.rsplit_once('/').unwrap_or(("", id));
    KEPT.with(|cell| {
        let mut kept = cell.try_borrow_mut().ok()?;
        if kept.0 != root.as_os_str() {
            *kept = (root.as_os_str().to_owned(), None);
        }
        let fd = OpenFolder::of(&mut kept.1, root, folder)?;
        let flags = OFlags::RDONLY | OFlags::CLOEXEC;
        let file = rustix::fs::openat(fd, name, flags, Mode::empty()).ok()?;
        Some(File::from(file))
    })
}

/// A file listed as `id` under `root`, opened from its folder: elsewhere
/// than on Unix, never (the caller opens it by its whole path).
#[cfg(not(unix))]
pub(super) fn open_listed(_root: &Path, _id: &str) -> Option<File> {
    None
}

#[cfg(unix)]
thread_local! {
    /// The root and the folder a parsing thread read its last file from.
    /// The threads of the article stage last one part of the folder (some
    /// thousands of files), so a folder is never kept open from one sync
    /// to the next.
    static KEPT: std::cell::RefCell<(std::ffi::OsString, Option<OpenFolder>)> =
        const { std::cell::RefCell::new((std::ffi::OsString::new(), None)) };
}

#[cfg(all(test, unix))]
mod tests {
    use super::open_listed;
    use std::io::Read;

    fn read(root: &std::path::Path, id: &str) -> Option<String> {
        let mut text = String::new();
        open_listed(root, id)?.read_to_string(&mut text).ok()?;
        Some(text)
    }

    #[test]
    fn files_open_from_their_folder_whatever_came_before() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        for (root, text) in [(&a, "A"), (&b, "B")] {
            std::fs::create_dir_all(root.join("2020/01")).unwrap();
            std::fs::write(root.join("top.txt"), format!("{text} top")).unwrap();
            std::fs::write(root.join("2020/01/x.txt"), format!("{text} x")).unwrap();
            std::fs::write(root.join("2020/01/y.txt"), format!("{text} y")).unwrap();
        }
        // the same folder, another folder, another root with the same ids
        assert_eq!(read(&a, "2020/01/x.txt").as_deref(), Some("A x"));
        assert_eq!(read(&a, "2020/01/y.txt").as_deref(), Some("A y"));
        assert_eq!(read(&a, "top.txt").as_deref(), Some("A top"));
        assert_eq!(read(&b, "2020/01/x.txt").as_deref(), Some("B x"));
        assert_eq!(read(&a, "2020/01/x.txt").as_deref(), Some("A x"));
        // gone, or a folder gone: none (the caller then says why)
        assert!(read(&a, "2020/01/z.txt").is_none());
        assert!(read(&a, "2021/01/x.txt").is_none());
    }
}
