//! The files of the article stage opened from their folder: each parsing
//! thread keeps the folder of its last file open, and opens the next file
//! there by its name alone. Opened by its whole path, each file had every
//! part of the path looked up again: at 1,000,000 files, `openat` was the
//! largest of the kernel's shares of a first index (BENCHMARKS.md, "The
//! list's index by source"). `file_stat.rs` does the same for a command's
//! checks.

use std::fs::File;
use std::path::Path;

/// A file listed as `id` ('/'-separated) under `root`, opened for
/// reading from its folder; None when it cannot be (the caller then opens
/// it by its whole path, and says why that fails).
#[cfg(unix)]
pub(super) fn open_listed(root: &Path, id: &str) -> Option<File> {
    use rustix::fs::{CWD, Mode, OFlags};
    let (folder, name) = id.rsplit_once('/').unwrap_or(("", id));
    OPEN_FOLDER.with(|cell| {
        let mut open = cell.try_borrow_mut().ok()?;
        let same = open
            .as_ref()
            .is_some_and(|o| o.folder == folder && o.root == root.as_os_str());
        if !same {
            *open = None;
            let path = match folder {
                "" => root.to_path_buf(),
                folder => crate::ingest::walk::path_of(root, folder),
            };
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(CWD, &path, flags, Mode::empty()).ok()?;
            *open = Some(OpenFolder {
                root: root.as_os_str().to_owned(),
                folder: folder.to_owned(),
                fd,
            });
        }
        let folder = open.as_ref()?;
        let flags = OFlags::RDONLY | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&folder.fd, name, flags, Mode::empty()).ok()?;
        Some(File::from(fd))
    })
}

/// A file listed as `id` under `root`, opened from its folder: elsewhere
/// than on Unix, never (the caller opens it by its whole path).
#[cfg(not(unix))]
pub(super) fn open_listed(_root: &Path, _id: &str) -> Option<File> {
    None
}

/// The folder a parsing thread read its last file from. The threads of the
/// article stage last one part of the folder (some thousands of files), so
/// a folder is never kept open from one sync to the next.
#[cfg(unix)]
struct OpenFolder {
    root: std::ffi::OsString,
    folder: String,
    fd: rustix::fd::OwnedFd,
}

#[cfg(unix)]
thread_local! {
    static OPEN_FOLDER: std::cell::RefCell<Option<OpenFolder>> = const { std::cell::RefCell::new(None) };
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
