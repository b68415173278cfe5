//! Walking the data folder: std::fs only, deterministic, loop-safe.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;

use super::formats::is_candidate;
use super::{Diagnostic, ParseOptions, Scan, read_file};
use crate::article::newest_first;
use std::path::Path;

/// A file worth reading: a known extension ([`is_candidate`]) after a
/// non-empty name.
pub(crate) fn is_article_file(name: &str) -> bool {
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
    let mut walk = Walk::new(root, Stat::Later);
    let mut out = Scan::default();
    while let Some(id) = walk.next_file() {
        let path = walk.path_of_file(&id);
        match read_file(&path, &id, opts) {
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
        }
    }
    let problems = walk.into_problems();
    out.skipped.extend(problems.skipped);
    out.warnings.extend(problems.warnings);
    out.articles.sort_by(newest_first);
    out
}

/// A file found by [`Walk`] (a known extension, see [`is_candidate`]): not opened, only its metadata read.
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
/// the path [`Walk`] found it at (a listing keeps only ids, to stay small).
pub(crate) fn path_of(root: &Path, id: &str) -> PathBuf {
    // One allocation where '/' is the separator: the threads of a command
    // checking 10,000 files spent a sixth of their time joining each path
    // part by part.
    if std::path::MAIN_SEPARATOR == '/' {
        let mut path = std::ffi::OsString::with_capacity(root.as_os_str().len() + 1 + id.len());
        path.push(root.as_os_str());
        if !root.as_os_str().is_empty() && !root.as_os_str().as_encoded_bytes().ends_with(b"/") {
            path.push("/");
        }
        path.push(id);
        return PathBuf::from(path);
    }
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

/// What tells the folder at `path` apart, and its modification time.
#[cfg(unix)]
fn folder_key(path: &Path) -> std::io::Result<(FolderKey, Option<i64>)> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::metadata(path)?;
    Ok((FolderKey::Inode(m.dev(), m.ino()), mtime_ns(&m)))
}

/// What tells the folder at `path` apart, and its modification time.
#[cfg(not(unix))]
fn folder_key(path: &Path) -> std::io::Result<(FolderKey, Option<i64>)> {
    let mtime = fs::metadata(path).ok().and_then(|m| mtime_ns(&m));
    fs::canonicalize(path).map(|p| (FolderKey::Path(p), mtime))
}

/// A folder the walk read: its id ('/'-separated, empty for the data
/// folder itself) and its modification time, read before the walk listed
/// it (None: unknown, or the folder could not be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FolderRead {
    pub rel: String,
    pub mtime_ns: Option<i64>,
}

/// An entry of a folder worth keeping: a subfolder (where it is) or an
/// article file.
struct Entry {
    name: String,
    /// A folder's path, and its modification time read as it was found.
    folder: Option<(PathBuf, Option<i64>)>,
}

impl Entry {
    /// Entries in the order of the ids under them: a folder sorts as its
    /// name followed by `/`, so that `a/x` comes after `a-b` and before
    /// `a0`, as the whole ids compare byte by byte.
    fn id_order(&self, other: &Entry) -> std::cmp::Ordering {
        let slash = |e: &Entry| e.folder.as_ref().map(|_| b'/');
        let this = self.name.bytes().chain(slash(self));
        this.cmp(other.name.bytes().chain(slash(other)))
    }
}

/// A folder being walked: where it is, its id ('/'-separated, empty for
/// the root) and its entries still to visit.
struct Frame {
    dir: PathBuf,
    rel: String,
    entries: std::vec::IntoIter<Entry>,
}

/// The article files under a folder, one at a time, in the byte order of
/// their ids (the order of the index's `files` table), holding only the
/// entries of the folders on the way down, never the whole listing.
///
/// Deterministic and loop-safe: a folder reached again (through a
/// symbolic link) is reported and not read again.
pub(crate) struct Walk {
    stat: Stat,
    seen: HashSet<FolderKey>,
    frames: Vec<Frame>,
    problems: Scan,
    folders: Vec<FolderRead>,
}

impl Walk {
    pub(crate) fn new(root: &Path, stat: Stat) -> Walk {
        let mut walk = Walk {
            stat,
            seen: HashSet::new(),
            frames: Vec::new(),
            problems: Scan::default(),
            folders: Vec::new(),
        };
        match folder_key(root) {
            Ok((c, mtime)) => {
                walk.seen.insert(c);
                walk.enter(root.to_path_buf(), String::new(), mtime);
            }
            Err(e) => {
                walk.folders.push(FolderRead {
                    rel: String::new(),
                    mtime_ns: None,
                });
                skip(
                    &mut walk.problems,
                    ".".into(),
                    format!("cannot open the data folder {}: {e}", root.display()),
                );
            }
        }
        walk
    }

    /// Problems met so far: folders, entries, links, and with
    /// [`Stat::Each`] files whose metadata cannot be read.
    pub(crate) fn into_problems(self) -> Scan {
        self.problems
    }

    /// The problems met, and every folder read (or that could not be), in
    /// the order the walk came to them.
    pub(crate) fn into_problems_and_folders(self) -> (Scan, Vec<FolderRead>) {
        (self.problems, self.folders)
    }

    /// The next article file's id ([`Walk::path_of_file`] says where it is).
    fn next_file(&mut self) -> Option<String> {
        loop {
            let frame = self.frames.last_mut()?;
            let Some(entry) = frame.entries.next() else {
                self.frames.pop();
                continue;
            };
            // One allocation a file, and the path made only when asked
            // for: at 1,000,000 files the walking thread spent 0.9 s of
            // its 2.9 s in the allocator, `format!` and a path per file
            // among it.
            let id = match frame.rel.is_empty() {
                true => entry.name,
                false => {
                    let mut id = String::with_capacity(frame.rel.len() + 1 + entry.name.len());
                    id.push_str(&frame.rel);
                    id.push('/');
                    id.push_str(&entry.name);
                    id
                }
            };
            match entry.folder {
                Some((folder, mtime)) => self.enter(folder, id, mtime),
                None => return Some(id),
            }
        }
    }

    /// Where the file [`Walk::next_file`] just gave, `id`, is: in the
    /// folder being read (the walk found it there).
    fn path_of_file(&self, id: &str) -> PathBuf {
        let name = id.rsplit('/').next().unwrap_or_default();
        match self.frames.last() {
            Some(frame) => frame.dir.join(name),
            None => PathBuf::from(name),
        }
    }

    /// Read the folder `dir` (id `rel`, modified at `mtime`, read before
    /// this) and visit its entries next.
    fn enter(&mut self, dir: PathBuf, rel: String, mtime: Option<i64>) {
        let entries = read_folder(
            &dir,
            &rel,
            &mut self.seen,
            &mut self.problems,
            &mut self.folders,
        );
        self.folders.push(FolderRead {
            rel: rel.clone(),
            mtime_ns: entries.as_ref().ok().and(mtime),
        });
        let entries = entries.unwrap_or_default();
        self.frames.push(Frame {
            dir,
            rel,
            entries: entries.into_iter(),
        });
    }
}

impl Iterator for Walk {
    type Item = Listed;

    fn next(&mut self) -> Option<Listed> {
        loop {
            let id = self.next_file()?;
            match self.stat {
                Stat::Later => {
                    return Some(Listed {
                        id,
                        size: 0,
                        mtime_ns: None,
                    });
                }
                Stat::Each => match fs::metadata(self.path_of_file(&id)) {
                    Ok(m) => {
                        return Some(Listed {
                            id,
                            size: m.len(),
                            mtime_ns: mtime_ns(&m),
                        });
                    }
                    Err(e) => skip(
                        &mut self.problems,
                        id,
                        format!("cannot read the file: {e}; check that it exists and is readable"),
                    ),
                },
            }
        }
    }
}

/// How many article files a walk of `root` would list (but in folders
/// it cannot read): names only, nothing sorted or kept, for the total of a
/// sync's progress. A sync runs it on a thread of its own beside the walk
/// (before it, listing a million names kept the other core idle for
/// 0.9 s).
pub(crate) fn count_article_files(root: &Path) -> usize {
    let mut seen = HashSet::new();
    match folder_key(root) {
        Ok((key, _)) => seen.insert(key),
        Err(_) => return 0,
    };
    let mut stack = vec![root.to_path_buf()];
    let mut count = 0;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let (is_dir, is_file) = folder_or_file(&e);
            if is_dir {
                let path = e.path();
                if folder_key(&path).is_ok_and(|(key, _)| seen.insert(key)) {
                    stack.push(path);
                }
            } else if is_file && is_article_file(&name) {
                count += 1;
            }
        }
    }
    count
}

/// Is the entry `e` a folder, a file (a link: what it leads to)? Neither
/// when that cannot be told.
pub(crate) fn folder_or_file(e: &fs::DirEntry) -> (bool, bool) {
    match e.file_type() {
        Ok(t) if t.is_symlink() => {
            fs::metadata(e.path()).map_or((false, false), |m| (m.is_dir(), m.is_file()))
        }
        Ok(t) => (t.is_dir(), t.is_file()),
        Err(_) => (false, false),
    }
}

/// The subfolders not yet seen and the article files of folder `dir` (id
/// `rel`), in the order of the ids under them. Its subfolders count as
/// seen from now on: a link met further down to one of them is not
/// followed. Err: the folder could not be read (reported in `out`); a
/// subfolder that cannot be opened is reported and noted in `folders`
/// with no time.
fn read_folder(
    dir: &Path,
    rel: &str,
    seen: &mut HashSet<FolderKey>,
    out: &mut Scan,
    folders: &mut Vec<FolderRead>,
) -> Result<Vec<Entry>, ()> {
    let here = if rel.is_empty() { "." } else { rel };
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            skip(
                out,
                here.to_string(),
                format!("cannot read the folder: {e}; check its permissions"),
            );
            return Err(());
        }
    };
    let id_of = |name: &str| match rel.is_empty() {
        true => name.to_string(),
        false => format!("{rel}/{name}"),
    };
    let mut named = Vec::new();
    for e in entries {
        match e {
            Ok(e) => named.push((e.file_name(), e)),
            Err(e) => skip(
                out,
                here.to_string(),
                format!("cannot list an entry of the folder: {e}"),
            ),
        }
    }
    // By name first, so that problems come in name order. Each name is
    // asked once: asked at each comparison, the names of a folder of 7,000
    // files were made again 90,000 times.
    named.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    let mut list = Vec::new();
    for (name, e) in named {
        let name = name
            .into_string()
            .unwrap_or_else(|name| name.to_string_lossy().into_owned());
        if name.starts_with('.') {
            continue;
        }
        let ft = match e.file_type() {
            Ok(t) => t,
            Err(err) => {
                skip(
                    out,
                    id_of(&name),
                    format!("cannot tell what this is: {err}"),
                );
                continue;
            }
        };
        // the path is made only for what is asked more: links and folders
        let path = || e.path();
        let (is_dir, is_file) = if ft.is_symlink() {
            match fs::metadata(path()) {
                Ok(m) => (m.is_dir(), m.is_file()),
                Err(err) => {
                    if is_article_file(&name) {
                        skip(
                            out,
                            id_of(&name),
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
            let path = path();
            match folder_key(&path).map(|(c, mtime)| (seen.insert(c), mtime)) {
                Ok((true, mtime)) => list.push(Entry {
                    name,
                    folder: Some((path, mtime)),
                }),
                Ok((false, _)) => out.warnings.push(Diagnostic {
                    path: id_of(&name),
                    line: None,
                    message:
                        "folder already read through another path (a symbolic link); not read again"
                            .into(),
                }),
                Err(err) => {
                    // unknown: the next command syncs again
                    folders.push(FolderRead {
                        rel: id_of(&name),
                        mtime_ns: None,
                    });
                    skip(out, id_of(&name), format!("cannot open the folder: {err}"));
                }
            }
        } else if is_file && is_article_file(&name) {
            list.push(Entry { name, folder: None });
        }
    }
    list.sort_unstable_by(Entry::id_order);
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The one-allocation path is the path joined part by part.
        #[test]
        fn a_path_is_its_parts_joined(
            root in "(/?[a-zà-ỹ. ]{0,6}){0,4}/?",
            id in "[a-zà-ỹ. ]{1,6}(/[a-zà-ỹ. ]{1,6}){0,4}",
        ) {
            let root = Path::new(&root);
            let joined = id.split('/').fold(root.to_path_buf(), |p, part| p.join(part));
            let path = path_of(root, &id);
            proptest::prop_assert_eq!(path.as_os_str(), joined.as_os_str());
        }
    }

    /// Every file listed, and the problems met.
    fn list(root: &Path, stat: Stat) -> (Vec<Listed>, Scan) {
        let mut walk = Walk::new(root, stat);
        let files = walk.by_ref().collect();
        (files, walk.into_problems())
    }

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
        // In the byte order of the ids: '/' before letters.
        assert_eq!(ids, ["a.TXT", "b/two.txt", "bad.txt", "notes.md"]);
        assert_eq!(files[1].size, 23);
        assert_eq!(path_of(root, &files[1].id), root.join("b").join("two.txt"));
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
    fn files_come_in_the_byte_order_of_their_ids_across_folders() {
        // Names around '/' (0x2F): '-' and '.' sort before it, '0' after,
        // so folder `a` sits between `a-b.txt`/`a.txt` and `a0.txt`.
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for rel in [
            "a/x.txt",
            "a/b/y.txt",
            "a/b-c.txt",
            "a-b.txt",
            "a.txt",
            "a0.txt",
            "a-b/z.txt",
            "A.txt",
            "b.txt",
        ] {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "Title\n\nText.\n").unwrap();
        }
        let ids: Vec<String> = Walk::new(root, Stat::Later).map(|f| f.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        assert_eq!(ids.len(), 9);
        assert_eq!(ids[2], "a-b/z.txt");
        assert_eq!(ids[4], "a/b-c.txt");
    }

    #[test]
    fn the_walk_notes_each_folder_it_reads_with_its_time() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for rel in ["a/b/x.txt", "a/y.txt", "c/z.md", "d/photo.jpg"] {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "Title\n\nText.\n").unwrap();
        }
        let mut walk = Walk::new(root, Stat::Later);
        assert_eq!(walk.by_ref().count(), 3);
        assert_eq!(count_article_files(root), 3);
        let (_, folders) = walk.into_problems_and_folders();
        let time = |rel: &str| mtime_ns(&fs::metadata(root.join(rel)).unwrap());
        let expected: Vec<FolderRead> = ["", "a", "a/b", "c", "d"]
            .iter()
            .map(|rel| FolderRead {
                rel: rel.to_string(),
                mtime_ns: time(rel),
            })
            .collect();
        assert_eq!(folders, expected);
        assert!(folders.iter().all(|f| f.mtime_ns.is_some()));
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
