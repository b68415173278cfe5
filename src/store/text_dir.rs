//! The folder of the full-text index as tantivy sees it: tantivy's own
//! [`MmapDirectory`] for everything (writing, locks, deleting, the meta
//! file), except that files are read with `pread` instead of being mapped.
//!
//! Why: a mapped file's pages count in the process's resident memory as
//! soon as they are touched, and a merge or a search touches a great deal
//! of them (the whole index, 80 MB at 100,000 articles, during the merge
//! that ends a first index; more and more of it as searches go by in the
//! TUI), so the memory of xemtin would grow with the archive. Read with
//! `pread`, the same pages stay in the kernel's page cache, shared and
//! taken back under pressure, and the process holds only what a search or
//! a merge is working on, as SQLite does with its own file.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::HasLen;
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// A folder whose files are read with `pread` (see the module).
#[derive(Debug, Clone)]
pub(crate) struct ReadDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl ReadDirectory {
    /// The existing folder `root`.
    pub(crate) fn open(root: &Path) -> Result<ReadDirectory, OpenDirectoryError> {
        Ok(ReadDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
        })
    }
}

/// An open file of the index, read a range at a time.
#[derive(Debug)]
struct ReadFile {
    file: File,
    len: usize,
}

impl HasLen for ReadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ReadFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let end = range.end.min(self.len);
        if range.start >= end {
            return Ok(OwnedBytes::empty());
        }
        let mut buffer = vec![0; end - range.start];
        read_exact_at(&self.file, &mut buffer, range.start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buffer.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buffer, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

impl Directory for ReadDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let failed = |e: io::Error| match e.kind() {
            io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
            _ => OpenReadError::wrap_io_error(e, path.to_path_buf()),
        };
        let file = File::open(self.root.join(path)).map_err(failed)?;
        let len = file.metadata().map_err(failed)?.len();
        let len = usize::try_from(len).map_err(|_| failed(io::ErrorKind::FileTooLarge.into()))?;
        Ok(Arc::new(ReadFile { file, len }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_by_range_and_a_missing_one_is_said_missing() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a"), b"0123456789").unwrap();
        std::fs::write(tmp.path().join("empty"), b"").unwrap();
        let dir = ReadDirectory::open(tmp.path()).unwrap();
        let a = dir.get_file_handle(Path::new("a")).unwrap();
        assert_eq!(a.len(), 10);
        assert_eq!(a.read_bytes(2..5).unwrap().as_slice(), b"234");
        assert_eq!(a.read_bytes(0..10).unwrap().as_slice(), b"0123456789");
        assert!(a.read_bytes(4..4).unwrap().is_empty());
        let empty = dir.get_file_handle(Path::new("empty")).unwrap();
        assert!(empty.read_bytes(0..0).unwrap().is_empty());
        assert!(matches!(
            dir.get_file_handle(Path::new("gone")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }
}
