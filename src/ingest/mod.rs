//! Turning files in the data folder into articles.
//!
//! [`scan`] walks a data folder and reads every file it can with
//! [`formats::parse_file`]; every string that comes out has been through
//! [`clean::clean_line`]. Nothing here panics on what a file contains: a file
//! that cannot be read or parsed becomes a [`Diagnostic`] in
//! [`Scan::skipped`], a problem that still leaves an article becomes one in
//! [`Scan::warnings`].

pub mod clean;
pub mod date_field;
mod date_line;
pub mod encoding;
pub mod feed;
mod feed_body;
pub mod feed_dates;
mod feed_json;
mod feed_prep;
#[cfg(test)]
mod feed_tests;
pub mod formats;
#[cfg(test)]
mod formats_tests;
pub mod front_matter;
pub mod header;
pub mod html;
pub mod html_page;
pub mod json_items;
pub mod markdown;
pub mod markdown_body;
mod markdown_events;
pub mod page;
pub mod path_date;
pub mod rst;
mod rst_blocks;
mod rst_inline;
mod rst_lines;
pub(crate) mod walk;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::article::Article;
pub use formats::{FileOutcome, ParseOptions};
pub use page::{LineNote, MAX_FILE_BYTES};

/// A problem with one file: Display is `path:line: message` (or
/// `path: message` without a line). `path` is the file's id: relative to the
/// data folder, '/' separated (`.` for the data folder itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn from_note(path: &str, note: LineNote) -> Self {
        Diagnostic {
            path: path.to_string(),
            line: note.line,
            message: note.message,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = clean::escape_controls(&self.path);
        let message = clean::escape_controls(&self.message);
        match self.line {
            Some(n) => write!(f, "{path}:{n}: {message}"),
            None => write!(f, "{path}: {message}"),
        }
    }
}

/// Everything read from a data folder.
#[derive(Debug, Default)]
pub struct Scan {
    /// Sorted with [`crate::article::newest_first`].
    pub articles: Vec<Article>,
    /// Files (and folders) that gave no article, with the reason.
    pub skipped: Vec<Diagnostic>,
    /// Problems in files that still gave an article.
    pub warnings: Vec<Diagnostic>,
    /// Notes that are no warnings: a date taken from a file's path, header
    /// keys not used.
    pub remarks: Vec<Diagnostic>,
    /// Files that were not UTF-8, with the encoding they were read in
    /// (`windows-1258`, `UTF-16LE`, ...) and how it was known, in the order
    /// found.
    pub encodings: Vec<(String, encoding::ReadAs)>,
}

/// Read every `*.txt` file under `root`, recursively (the extension in any
/// case). Never fails as a whole; problems go to skipped/warnings.
///
/// Order is deterministic (names sorted byte-wise in each folder). Symbolic
/// links to folders are followed, but a folder already read (by its canonical
/// path) is not read again, so link loops end; that is reported in
/// `warnings`. Names starting with `.` (hidden files and folders, editor lock
/// files, macOS `._*` resource forks) are ignored.
pub fn scan(root: &Path) -> Scan {
    walk::scan(root, &ParseOptions::local())
}

/// The start of `text`: at most `max_bytes` of it, cut on a char boundary.
pub(crate) fn head(text: &str, max_bytes: usize) -> &str {
    let end = text.floor_char_boundary(max_bytes);
    text.get(..end).unwrap_or_default()
}

/// Read the bytes of one file, at most [`MAX_FILE_BYTES`] of them (a file
/// that is bigger, or grows past it while read, is refused).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LineNote> {
    read_with_metadata(path).map(|(bytes, _)| bytes)
}

/// [`read_bytes`], with the metadata of the file read (taken from the open
/// file, so it is the file whose bytes these are).
pub(crate) fn read_with_metadata(path: &Path) -> Result<(Vec<u8>, std::fs::Metadata), LineNote> {
    let mut bytes = Vec::new();
    read_into(path, &mut bytes).map(|meta| (bytes, meta))
}

/// [`read_with_metadata`] into `bytes` (emptied first), for a caller that
/// reads many files one after the other in the same buffer.
pub(crate) fn read_into(path: &Path, bytes: &mut Vec<u8>) -> Result<std::fs::Metadata, LineNote> {
    bytes.clear();
    let file = File::open(path).map_err(cannot_read)?;
    read_open_into(file, bytes)
}

/// Why a file could not be opened or read.
fn cannot_read(e: std::io::Error) -> LineNote {
    LineNote {
        line: None,
        message: format!("cannot read the file: {e}; check that it exists and is readable"),
    }
}

/// [`read_into`] of a file already open.
pub(crate) fn read_open_into(
    file: File,
    bytes: &mut Vec<u8>,
) -> Result<std::fs::Metadata, LineNote> {
    bytes.clear();
    let meta = file.metadata().map_err(cannot_read)?;
    let len = meta.len();
    if len > MAX_FILE_BYTES {
        return Err(page::too_big(len));
    }
    bytes.reserve(usize::try_from(len).unwrap_or(0));
    // `take` guards against a file that grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(cannot_read)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(page::too_big(MAX_FILE_BYTES + 1));
    }
    Ok(meta)
}

/// Read one file and parse it in whatever format it has
/// ([`formats::parse_file`]): one article for a page, header-style text or
/// Markdown, one per item for a feed. `id` is its path relative to the data
/// folder. For callers that re-read a single file; [`scan`] uses it for
/// every file.
pub fn read_file(path: &Path, id: &str, opts: &ParseOptions) -> Result<FileOutcome, LineNote> {
    let bytes = read_bytes(path)?;
    formats::parse_file(id, &bytes, opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir).unwrap();
        }
        fs::write(p, text).unwrap();
    }

    fn page(title: &str, date: &str) -> String {
        format!(
            "{title}\n\n{date}\n\nBody of {title}.\n\nTheo Báo Mới\n\nXem tin theo ngày:   / /\n"
        )
    }

    #[test]
    fn diagnostic_display() {
        let d = Diagnostic {
            path: "a/b.txt".into(),
            line: Some(3),
            message: "bad".into(),
        };
        assert_eq!(d.to_string(), "a/b.txt:3: bad");
        let d = Diagnostic { line: None, ..d };
        assert_eq!(d.to_string(), "a/b.txt: bad");
    }

    #[test]
    fn scan_walks_nested_folders_with_relative_ids() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "top.txt", &page("Top", "31/12/2020 08:00"));
        write(
            root,
            "2021/01/new.TXT",
            &page("New", "Chủ nhật, ngày 3 tháng 1 năm 2021 - 07:00"),
        );
        write(root, "2020/old.txt", &page("Old", "2020-06-01"));
        write(root, "2020/undated.txt", "Undated\n\nJust text.\n");
        write(root, "2020/notes.doc", "not an article format\n");
        write(root, "2020/picture.jpg", "\u{0}\u{1}binary");
        write(root, ".hidden/secret.txt", &page("Hidden", "31/12/2020"));
        write(root, "2020/._meta.txt", "\u{0}\u{5}");
        write(root, "bad/binary.txt", "Title\n\u{0}\u{0}\u{0}");
        write(root, "bad/date.txt", "Title\n31/02/2021\nBody");
        write(
            root,
            "bad/wrongday.txt",
            &page("Wrong day", "Thứ Hai, 31/12/2020"),
        );

        let scan = scan(root);
        let ids: Vec<&str> = scan.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "2021/01/new.TXT",
                "top.txt",
                "bad/wrongday.txt",
                "2020/old.txt",
                "2020/undated.txt"
            ]
        );
        let titles: Vec<&str> = scan.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["New", "Top", "Wrong day", "Old", "Undated"]);
        assert_eq!(scan.articles[0].source.as_deref(), Some("Báo Mới"));
        assert_eq!(scan.articles[0].paragraphs, ["Body of New."]);

        let skipped: Vec<String> = scan
            .skipped
            .iter()
            .map(|d| format!("{}:{:?}", d.path, d.line))
            .collect();
        assert_eq!(skipped, ["bad/binary.txt:Some(2)", "bad/date.txt:Some(2)"]);
        assert!(scan.skipped[0].message.starts_with("binary file"));
        assert!(
            scan.skipped[1]
                .message
                .starts_with("impossible date 31/02/2021")
        );

        let warnings: Vec<String> = scan.warnings.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            warnings,
            [
                "2020/undated.txt:3: no date line; listed as undated",
                "bad/wrongday.txt:3: weekday Thứ Hai does not match 31/12/2020, which is a Thứ Năm; the date is kept",
            ]
        );
    }

    #[test]
    fn scan_is_deterministic() {
        let tmp = tempfile::tempdir().unwrap();
        for i in 0..20 {
            write(
                tmp.path(),
                &format!("d{}/f{i}.txt", i % 3),
                &page(&format!("T{i}"), "31/12/2020"),
            );
        }
        let a = scan(tmp.path());
        let b = scan(tmp.path());
        assert_eq!(a.articles, b.articles);
        let ids: Vec<&str> = a.articles.iter().map(|x| x.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        // Same date for all: newest_first falls back to the id.
        assert_eq!(ids, sorted);
        assert_eq!(ids.len(), 20);
    }

    #[test]
    fn scan_of_a_missing_folder_reports_it() {
        let tmp = tempfile::tempdir().unwrap();
        let s = scan(&tmp.path().join("nope"));
        assert!(s.articles.is_empty());
        assert_eq!(s.skipped.len(), 1);
        assert_eq!(s.skipped[0].path, ".");
        assert!(
            s.skipped[0]
                .message
                .starts_with("cannot open the data folder")
        );
    }

    #[test]
    fn oversized_file_is_skipped_without_reading_it() {
        let tmp = tempfile::tempdir().unwrap();
        let f = fs::File::create(tmp.path().join("huge.txt")).unwrap();
        // Sparse: no disk space used, and a read of it all would be noticed
        // only by time; the size check comes first.
        f.set_len(MAX_FILE_BYTES * 100).unwrap();
        drop(f);
        let s = scan(tmp.path());
        assert!(s.articles.is_empty());
        assert_eq!(s.skipped.len(), 1);
        assert_eq!(
            s.skipped[0].to_string(),
            "huge.txt: file is 1000.0 MB, over the 10 MB limit for one article; split it or move it out of the data folder"
        );
    }

    #[cfg(unix)]
    #[test]
    fn scan_follows_symlinked_folders_but_never_loops() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("data");
        let outside = tmp.path().join("elsewhere");
        write(&root, "a/one.txt", &page("One", "31/12/2020"));
        write(&outside, "two.txt", &page("Two", "30/12/2020"));
        symlink(&root, root.join("a/loop")).unwrap();
        symlink(root.join("a"), root.join("a/self")).unwrap();
        symlink(&outside, root.join("b-linked")).unwrap();
        symlink(root.join("missing.txt"), root.join("broken.txt")).unwrap();
        symlink(root.join("a/one.txt"), root.join("c-file-link.txt")).unwrap();

        let s = scan(&root);
        let ids: Vec<&str> = s.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a/one.txt", "c-file-link.txt", "b-linked/two.txt"]);
        let warned: Vec<&str> = s.warnings.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(warned, ["a/loop", "a/self"]);
        assert_eq!(s.skipped.len(), 1);
        assert_eq!(s.skipped[0].path, "broken.txt");
        assert!(s.skipped[0].message.starts_with("broken symbolic link"));
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folder_is_skipped() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "ok.txt", &page("Ok", "31/12/2020"));
        write(tmp.path(), "locked/x.txt", &page("X", "31/12/2020"));
        let locked = tmp.path().join("locked");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let root_user = fs::read_dir(&locked).is_ok();
        let s = scan(tmp.path());
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        if root_user {
            // Permissions do not bind root: nothing to check here.
            assert_eq!(s.articles.len(), 2);
            return;
        }
        assert_eq!(s.articles.len(), 1);
        assert_eq!(s.skipped.len(), 1);
        assert_eq!(s.skipped[0].path, "locked");
        assert!(s.skipped[0].message.starts_with("cannot read the folder"));
    }

    #[test]
    fn read_file_reads_one_file() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "x.txt", &page("X", "31/12/2020"));
        let o = read_file(&tmp.path().join("x.txt"), "x.txt", &ParseOptions::default()).unwrap();
        let (a, notes) = (o.articles.into_iter().next().unwrap(), o.notes);
        assert_eq!((a.title.as_str(), notes.len()), ("X", 0));
        let e = read_file(
            &tmp.path().join("nope.txt"),
            "nope.txt",
            &ParseOptions::default(),
        )
        .unwrap_err();
        assert!(e.message.starts_with("cannot read the file"));
    }
}
