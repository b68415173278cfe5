//! Walking the data folder: std::fs only, deterministic, loop-safe.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;

use super::formats::is_candidate;
use super::{Diagnostic, ParseOptions, Scan, read_file};
use crate::article::newest_first;
use std::path::Path;

/// A folder still to read: where it is, and its path relative to the root.
struct Pending {
    dir: PathBuf,
    rel: Vec<String>,
}

fn rel_id(rel: &[String]) -> String {
    if rel.is_empty() {
        ".".to_string()
    } else {
        rel.join("/")
    }
}

/// A file worth reading: a known extension ([`is_candidate`]) after a
/// non-empty name.
fn is_article_file(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, _)| !stem.is_empty() && is_candidate(Path::new(name)))
}

fn skip(out: &mut Scan, path: String, message: String) {
    out.skipped.push(Diagnostic {
        path,
        line: None,
        message,
    });
}

pub(super) fn scan(root: &Path, opts: &ParseOptions) -> Scan {
    let mut out = walk(
        root,
        &mut |path, id, out| match read_file(path, &id, opts) {
            Ok(o) => {
                out.warnings
                    .extend(o.notes.into_iter().map(|n| Diagnostic::from_note(&id, n)));
                out.remarks
                    .extend(o.remarks.into_iter().map(|n| Diagnostic::from_note(&id, n)));
                if let Some(e) = o.encoding {
                    out.encodings.push((id, e));
                }
                out.articles.extend(o.articles);
            }
            Err(n) => out.skipped.push(Diagnostic::from_note(&id, n)),
        },
    );
    out.articles.sort_by(newest_first);
    out
}

/// A file found by [`list`] (a known extension, see [`is_candidate`]): not opened, only its metadata read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listed {
    /// Relative to the data folder, '/' separated: the article id.
    pub id: String,
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch, when the
    /// platform gives one.
    pub mtime_ns: Option<i64>,
}

/// Where the file with relative path `id` ('/'-separated) is under `root`:
/// the path [`list`] found it at (a listing keeps only ids, to stay small).
pub(crate) fn path_of(root: &Path, id: &str) -> PathBuf {
    id.split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part))
}

/// A file's modification time in nanoseconds since the Unix epoch, when
/// the platform gives one.
pub(crate) fn mtime_ns(m: &fs::Metadata) -> Option<i64> {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
}

/// Ask each file's metadata while listing, or leave it for later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stat {
    /// Size and modification time read for every file.
    Each,
    /// Names only (size 0, no time): for a caller that reads every file
    /// anyway and takes its metadata then. On a cold disk, asking 100,000
    /// files one by one costs more than a second.
    Later,
}

/// The files [`scan`] would parse, in the same order and by the same rules,
/// without reading them; folder problems (and files whose metadata cannot be
/// read) are in the returned [`Scan`]'s skipped/warnings, its articles empty.
pub(crate) fn list(root: &Path, stat: Stat) -> (Vec<Listed>, Scan) {
    let mut files = Vec::new();
    let out = walk(root, &mut |path, id, out| match stat {
        Stat::Later => files.push(Listed {
            id,
            size: 0,
            mtime_ns: None,
        }),
        Stat::Each => match fs::metadata(path) {
            Ok(m) => files.push(Listed {
                id,
                size: m.len(),
                mtime_ns: mtime_ns(&m),
            }),
            Err(e) => skip(
                out,
                id,
                format!("cannot read the file: {e}; check that it exists and is readable"),
            ),
        },
    });
    (files, out)
}

/// What tells folders apart, however they are reached (through symbolic
/// links too): device and inode on Unix, the canonical path elsewhere.
/// Asking for it costs one lookup of the path, not one per path component
/// as canonicalizing does (which made a deep tree cost its depth cubed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FolderKey {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

#[cfg(unix)]
fn folder_key(path: &Path) -> std::io::Result<FolderKey> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::metadata(path)?;
    Ok(FolderKey::Inode(m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_key(path: &Path) -> std::io::Result<FolderKey> {
    fs::canonicalize(path).map(FolderKey::Path)
}

/// What to do with each article file found: (its path, its id, the results).
type OnFile<'a> = dyn FnMut(&Path, String, &mut Scan) + 'a;

fn walk(root: &Path, on_file: &mut OnFile<'_>) -> Scan {
    let mut out = Scan::default();
    let mut seen: HashSet<FolderKey> = HashSet::new();
    match folder_key(root) {
        Ok(c) => {
            seen.insert(c);
        }
        Err(e) => {
            skip(
                &mut out,
                ".".into(),
                format!("cannot open the data folder {}: {e}", root.display()),
            );
            return out;
        }
    }
    // Depth-first with an explicit stack: no recursion limit on deep trees.
    let mut stack = vec![Pending {
        dir: root.to_path_buf(),
        rel: Vec::new(),
    }];
    while let Some(p) = stack.pop() {
        let subdirs = read_folder(&p, &mut seen, &mut out, on_file);
        // Reversed so they come off the stack in name order.
        stack.extend(subdirs.into_iter().rev());
    }
    out
}

/// Hand the article files of one folder to `on_file`; return its subfolders
/// not yet seen.
fn read_folder(
    p: &Pending,
    seen: &mut HashSet<FolderKey>,
    out: &mut Scan,
    on_file: &mut OnFile<'_>,
) -> Vec<Pending> {
    let here = rel_id(&p.rel);
    let entries = match fs::read_dir(&p.dir) {
        Ok(rd) => rd,
        Err(e) => {
            skip(
                out,
                here,
                format!("cannot read the folder: {e}; check its permissions"),
            );
            return Vec::new();
        }
    };
    let mut list = Vec::new();
    for e in entries {
        match e {
            Ok(e) => list.push(e),
            Err(e) => skip(
                out,
                here.clone(),
                format!("cannot list an entry of the folder: {e}"),
            ),
        }
    }
    list.sort_by_key(|e| e.file_name());

    let mut subdirs = Vec::new();
    for e in list {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let mut rel = p.rel.clone();
        rel.push(name);
        let id = rel.join("/");
        let path = e.path();
        let ft = match e.file_type() {
            Ok(t) => t,
            Err(err) => {
                skip(out, id, format!("cannot tell what this is: {err}"));
                continue;
            }
        };
        let (is_dir, is_file) = if ft.is_symlink() {
            match fs::metadata(&path) {
                Ok(m) => (m.is_dir(), m.is_file()),
                Err(err) => {
                    if rel.last().is_some_and(|n| is_article_file(n)) {
                        skip(
                            out,
                            id,
                            format!("broken symbolic link: {err}; fix or remove the link"),
                        );
                    }
                    continue;
                }
            }
        } else {
            (ft.is_dir(), ft.is_file())
        };
        if is_dir {
            match folder_key(&path).map(|c| seen.insert(c)) {
                Ok(true) => subdirs.push(Pending { dir: path, rel }),
                Ok(false) => out.warnings.push(Diagnostic {
                    path: id,
                    line: None,
                    message:
                        "folder already read through another path (a symbolic link); not read again"
                            .into(),
                }),
                Err(err) => skip(out, id, format!("cannot open the folder: {err}")),
            }
        } else if is_file && rel.last().is_some_and(|n| is_article_file(n)) {
            on_file(&path, id, out);
        }
    }
    subdirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_finds_what_scan_reads_without_parsing() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let put = |rel: &str, text: &str| {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        };
        put("b/two.txt", "Two\n\n31/12/2020\n\nText.\n");
        put("a.TXT", "One\n\nText.\n");
        put("bad.txt", "Title\n\u{0}\u{0}");
        put("notes.md", "# Listed\n\nMarkdown is an article format.\n");
        put("image.png", "not listed");
        put(".hidden.txt", "not listed");
        let (files, problems) = list(root, Stat::Each);
        let ids: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
        // A folder's files come before its subfolders.
        assert_eq!(ids, ["a.TXT", "bad.txt", "notes.md", "b/two.txt"]);
        assert_eq!(files[3].size, 23);
        assert_eq!(path_of(root, &files[3].id), root.join("b").join("two.txt"));
        assert!(files.iter().all(|f| f.mtime_ns.is_some()));
        // Nothing is parsed: the binary file is listed, not skipped.
        assert!(problems.skipped.is_empty() && problems.articles.is_empty());
        let s = scan(root, &ParseOptions::default());
        let mut scanned: Vec<&str> = s.articles.iter().map(|a| a.id.as_str()).collect();
        scanned.extend(s.skipped.iter().map(|d| d.path.as_str()));
        scanned.sort();
        let mut listed = ids.clone();
        listed.sort();
        assert_eq!(scanned, listed);
    }

    #[test]
    fn listing_names_only_finds_the_same_files_without_their_metadata() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join("b")).unwrap();
        fs::write(root.join("a.txt"), "One\n").unwrap();
        fs::write(root.join("b/two.md"), "# Two\n").unwrap();
        let (each, _) = list(root, Stat::Each);
        let (later, problems) = list(root, Stat::Later);
        let ids = |l: &[Listed]| l.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&later), ids(&each));
        assert!(each.iter().all(|f| f.size > 0 && f.mtime_ns.is_some()));
        assert!(later.iter().all(|f| f.size == 0 && f.mtime_ns.is_none()));
        assert!(problems.skipped.is_empty());
    }

    #[test]
    fn list_of_a_missing_folder_reports_it() {
        let tmp = tempfile::tempdir().unwrap();
        let (files, problems) = list(&tmp.path().join("nope"), Stat::Each);
        assert!(files.is_empty());
        assert_eq!(problems.skipped.len(), 1);
        assert_eq!(problems.skipped[0].path, ".");
    }
}
