//! Walking the data folder: std::fs only, deterministic, loop-safe.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;

use super::{Diagnostic, Scan, read_page};
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

fn is_txt(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && ext.eq_ignore_ascii_case("txt"))
}

fn skip(out: &mut Scan, path: String, message: String) {
    out.skipped.push(Diagnostic {
        path,
        line: None,
        message,
    });
}

pub(super) fn scan(root: &Path) -> Scan {
    let mut out = Scan::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    match fs::canonicalize(root) {
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
        let subdirs = read_folder(&p, &mut seen, &mut out);
        // Reversed so they come off the stack in name order.
        stack.extend(subdirs.into_iter().rev());
    }
    out.articles.sort_by(newest_first);
    out
}

/// Parse the `.txt` files of one folder; return its subfolders not yet seen.
fn read_folder(p: &Pending, seen: &mut HashSet<PathBuf>, out: &mut Scan) -> Vec<Pending> {
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
                    if rel.last().is_some_and(|n| is_txt(n)) {
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
            match fs::canonicalize(&path).map(|c| seen.insert(c)) {
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
        } else if is_file && rel.last().is_some_and(|n| is_txt(n)) {
            match read_page(&path, &id) {
                Ok((article, notes)) => {
                    out.warnings
                        .extend(notes.into_iter().map(|n| Diagnostic::from_note(&id, n)));
                    out.articles.push(article);
                }
                Err(n) => out.skipped.push(Diagnostic::from_note(&id, n)),
            }
        }
    }
    subdirs
}
