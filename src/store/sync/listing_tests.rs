//! The article stage walks the folder part by part (ten batches a part):
//! files added, changed and removed on either side of a part's edges, and
//! names around `/` in byte order, end in the same index as a rebuild.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use rusqlite::Connection;

use crate::ingest::ParseOptions;
use crate::store::sync::sync_in_batches;
use crate::store::{Progress, Stage, StorePaths, SyncReport};

fn page(title: &str, day: u32) -> String {
    format!("{title}\n\nngày {day} tháng 12 năm 2020 - 08:00\n\nText of {title}.\n\nTheo Báo A\n")
}

fn write(root: &Path, rel: &str, text: &str, secs: u64) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, text).unwrap();
    let f = fs::File::options().write(true).open(&p).unwrap();
    f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
        .unwrap();
}

/// 61 files in folders whose names sort around `/` (`a`, `a-b`, `a.x`,
/// `a0`), so that byte order and folder order differ.
fn names() -> Vec<String> {
    let mut names = Vec::new();
    for (i, folder) in ["a", "a-b", "a.x", "a0", "b/c", "b"].iter().enumerate() {
        for j in 0..10 {
            names.push(format!("{folder}/{i}-{j:02}.txt"));
        }
    }
    names.push("a.txt".into());
    names
}

/// (id, title) of every article in the index, by id.
fn rows(paths: &StorePaths) -> Vec<(String, String)> {
    let conn = Connection::open(&paths.index).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, title FROM articles ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn sync(paths: &StorePaths, root: &Path, batch: usize, rebuild: bool) -> (SyncReport, Progress) {
    let mut last = None;
    let report = sync_in_batches(
        paths,
        root,
        rebuild,
        &ParseOptions::default(),
        &mut |p| {
            if p.stage == Stage::Articles {
                last = Some(p);
            }
        },
        batch,
    )
    .unwrap();
    (report, last.unwrap())
}

#[test]
fn a_sync_part_by_part_finds_every_change_across_the_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("data");
    let paths = StorePaths::in_folders(&tmp.path().join("cache"), &tmp.path().join("share"), &root);
    let names = names();
    for (i, name) in names.iter().enumerate() {
        write(
            &root,
            name,
            &page(&format!("Title {i}"), 1 + (i % 28) as u32),
            1000,
        );
    }
    // Batches of 2: parts of 20 files, four parts.
    let (first, progress) = sync(&paths, &root, 2, false);
    assert_eq!((first.added, first.removed), (61, 0));
    assert_eq!((progress.done, progress.total), (61, 61));
    let listed: Vec<String> = rows(&paths).into_iter().map(|(id, _)| id).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(listed, sorted);

    // Remove the first, the last and files at the edges of parts (19, 20,
    // 40 in id order), change three, add four (one before every file, one
    // after, two inside).
    for i in [0, 19, 20, 40, 60] {
        fs::remove_file(root.join(&sorted[i])).unwrap();
    }
    for i in [1, 21, 59] {
        write(&root, &sorted[i], &page(&format!("Changed {i}"), 2), 2000);
    }
    for name in ["0.txt", "zz/last.txt", "a/5-55.txt", "a0/new.txt"] {
        write(&root, name, &page(name, 3), 2000);
    }
    let (second, progress) = sync(&paths, &root, 2, false);
    assert_eq!(
        (
            second.added,
            second.changed,
            second.removed,
            second.unchanged
        ),
        (4, 3, 5, 53)
    );
    assert_eq!((progress.done, progress.total), (60, 60));
    let after = rows(&paths);
    assert_eq!(after.len(), 60);
    assert!(after.iter().any(|(_, t)| t == "Changed 21"));

    // Nothing changed: nothing read, every file seen.
    let (third, progress) = sync(&paths, &root, 2, false);
    assert_eq!(
        (third.added, third.changed, third.removed, third.unchanged),
        (0, 0, 0, 60)
    );
    assert_eq!((progress.done, progress.total), (60, 60));

    // The same rows as an index built in one part from nothing.
    let other = StorePaths::in_folders(
        &tmp.path().join("cache2"),
        &tmp.path().join("share2"),
        &root,
    );
    sync(&other, &root, 1000, true);
    assert_eq!(rows(&other), after);
}

#[test]
fn a_folder_emptied_forgets_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("data");
    let paths = StorePaths::in_folders(&tmp.path().join("cache"), &tmp.path().join("share"), &root);
    for i in 0..45 {
        write(
            &root,
            &format!("x/{i:02}.txt"),
            &page(&format!("T {i}"), 1),
            1000,
        );
    }
    sync(&paths, &root, 2, false);
    fs::remove_dir_all(root.join("x")).unwrap();
    let (report, progress) = sync(&paths, &root, 2, false);
    assert_eq!(report.removed, 45);
    assert_eq!((progress.done, progress.total), (0, 0));
    assert!(rows(&paths).is_empty());
}

/// The progress counts to every article file from its first report: a
/// thread of their own counts them beside the walk (hidden names, other
/// kinds of files and folders skipped, even one named like an article; a
/// link to a file counted), and nothing is reported before the count is
/// known.
#[test]
fn the_progress_knows_its_total_from_the_first_report() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("data");
    let paths = StorePaths::in_folders(&tmp.path().join("cache"), &tmp.path().join("share"), &root);
    for i in 0..45 {
        let folder = ["x", "y/z", "y"][i % 3];
        write(
            &root,
            &format!("{folder}/{i:02}.txt"),
            &page(&format!("T {i}"), 1),
            1000,
        );
    }
    write(&root, "x/photo.jpg", "not an article", 1000);
    write(&root, ".hidden/01.txt", &page("Hidden", 1), 1000);
    write(&root, "x/.draft.txt", &page("Draft", 1), 1000);
    // a folder named like an article file counts for the file in it
    write(&root, "y/old.md/01.txt", &page("Old", 1), 1000);
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("x/00.txt"), root.join("link.txt")).unwrap();
    let expected = if cfg!(unix) { 47 } else { 46 };
    let mut reports = Vec::new();
    sync_in_batches(
        &paths,
        &root,
        false,
        &ParseOptions::default(),
        &mut |p| {
            if p.stage == Stage::Articles {
                reports.push((p.done, p.total));
            }
        },
        2,
    )
    .unwrap();
    // Batches of 2: a report after every batch once the count is known.
    assert!(reports.len() > 1, "{reports:?}");
    assert!(
        reports.iter().all(|&(_, total)| total == expected),
        "{reports:?}"
    );
    assert_eq!(reports.last(), Some(&(expected, expected)));
}
