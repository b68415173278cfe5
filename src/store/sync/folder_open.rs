//! The files a sync reads (in the article stage, and again in the text
//! stage) opened from their folder: each parsing thread keeps the folder of
//! its last file open, and opens the next file there by its name alone, into
//! a buffer it keeps. Opened by its whole path, each file had every part of
//! the path looked up again: at 1,000,000 files, `openat` was the largest of
//! the kernel's shares of a first index (BENCHMARKS.md, "The list's index by
//! source"). `file_stat.rs` does the same for a command's checks.

use std::fs::{File, Metadata};
use std::path::Path;

use crate::ingest::page::LineNote;
use crate::ingest::walk;
use crate::ingest::{read_into, read_open_into};

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

/// Read the file listed as `id` under `root` into `bytes`: opened from its
/// folder, or by its whole path when that fails (which then says why).
pub(super) fn read_listed_into(
    root: &Path,
    id: &str,
    bytes: &mut Vec<u8>,
) -> Result<Metadata, LineNote> {
    match open_listed(root, id) {
        Some(open) => read_open_into(open, bytes),
        None => read_into(&walk::path_of(root, id), bytes),
    }
}

/// A buffer kept larger than this after a file is given back.
const KEPT_BUFFER: usize = 1 << 20;

thread_local! {
    /// A parser's buffer for the bytes of the file it reads, kept from file
    /// to file: a buffer the size of a page is past what the allocator
    /// keeps for each thread, so a new one per file took the lock all the
    /// threads share, twice (see `memory::few_allocator_pools`).
    static FILE_BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `use_bytes` given this thread's kept buffer for the bytes of a file
/// (dropped after if it grew past [`KEPT_BUFFER`]).
pub(super) fn with_file_buffer<R>(use_bytes: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    FILE_BYTES.with(|cell| {
        // never held twice (a parse does not come back here); were it, the
        // file would be read into a buffer of its own
        let mut own = Vec::new();
        let mut held = cell.try_borrow_mut();
        let bytes = held.as_deref_mut().unwrap_or(&mut own);
        let result = use_bytes(bytes);
        if bytes.capacity() > KEPT_BUFFER {
            *bytes = Vec::new();
        }
        result
    })
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

    #[test]
    fn a_listed_file_is_read_into_the_kept_buffer_and_a_large_one_is_not_kept() {
        use super::{KEPT_BUFFER, read_listed_into, with_file_buffer};
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("2020/01")).unwrap();
        std::fs::write(root.join("2020/01/small.txt"), "small").unwrap();
        std::fs::write(root.join("2020/01/large.txt"), vec![b'x'; KEPT_BUFFER + 1]).unwrap();
        let read = |id: &str| {
            with_file_buffer(|bytes| {
                let read = read_listed_into(root, id, bytes).map(|meta| meta.len());
                (read, bytes.len(), bytes.as_ptr() as usize)
            })
        };
        let (first, len, at) = read("2020/01/small.txt");
        assert_eq!((first.ok(), len), (Some(5), 5));
        // the same buffer again, emptied before the next file
        let (_, again, at_again) = read("2020/01/small.txt");
        assert_eq!((again, at_again), (5, at));
        let large = u64::try_from(KEPT_BUFFER + 1).unwrap();
        assert_eq!(read("2020/01/large.txt").0.ok(), Some(large));
        let kept = with_file_buffer(|bytes| bytes.capacity());
        assert!(kept <= KEPT_BUFFER, "a large buffer was kept: {kept}");
        // a file gone says so, naming what to check
        let gone = read("2020/01/gone.txt").0.unwrap_err();
        assert!(
            gone.message.contains("cannot read the file"),
            "{}",
            gone.message
        );
    }
}
