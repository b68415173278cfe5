//! Store tests, on temporary folders only.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::Timelike;
use rusqlite::Connection;

use super::*;
use crate::article::{Article, newest_first};
use crate::catalog::{Catalog, Filter};

/// A data folder, a cache folder and a data-home folder in one temp dir.
struct Env {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    paths: StorePaths,
}

impl Env {
    fn new() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        fs::create_dir(&data).unwrap();
        let paths =
            StorePaths::in_folders(&tmp.path().join("cache"), &tmp.path().join("share"), &data);
        Env {
            _tmp: tmp,
            data,
            paths,
        }
    }

    /// A folder of pages `NAME.txt`, the first dated the 1st, the next
    /// the 2nd, and so on, synced.
    fn with_pages(names: &[&str]) -> Env {
        let env = Env::new();
        for (day, name) in (1..).zip(names) {
            env.write(&format!("{name}.txt"), &page(name, day));
        }
        env.sync();
        env
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.data.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Write a page and give it a distinct mtime, so a change is always seen.
    fn write_at(&self, rel: &str, text: &str, secs: u64) {
        self.write(rel, text);
        set_mtime(&self.data.join(rel), secs);
    }

    fn write_article(&self, a: &Article) {
        self.write(&a.id, &page_text(a));
    }

    fn sync(&self) -> SyncReport {
        sync(&self.paths, &self.data, false, &mut |_| {}).unwrap()
    }

    fn sync_batches(&self, batch: usize, progress: &mut dyn FnMut(Progress)) -> SyncReport {
        let opts = crate::ingest::ParseOptions::default();
        sync::sync_in_batches(&self.paths, &self.data, false, &opts, progress, batch).unwrap()
    }

    fn open(&self) -> (Store, Vec<Notice>) {
        let (mut store, notices) = Store::open(&self.paths, &self.data).unwrap();
        store.set_limits(crate::catalog::Limits::SMALL);
        (store, notices)
    }

    fn store(&self) -> Store {
        let (store, notices) = self.open();
        assert!(notices.is_empty(), "{notices:?}");
        store
    }
}

fn set_mtime(path: &Path, secs: u64) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
        .unwrap();
}

/// The page layout that parses back to `a` (the view count needs a date
/// line: an undated page has none).
fn page_text(a: &Article) -> String {
    let mut s = format!("{}\n\n", a.title);
    if let Some(p) = &a.published {
        s += &format!(
            "ngày {} tháng {} năm {}",
            p.date.format("%-d"),
            p.date.format("%-m"),
            p.date.format("%Y")
        );
        if let Some(t) = p.time {
            s += &format!(" - {:02}:{:02}", t.hour(), t.minute());
        }
        if let Some(v) = a.views {
            s += &format!(" Đã xem: {v}");
        }
        s += "\n\n";
    }
    for para in &a.paragraphs {
        s += &format!("{para}\n\n");
    }
    if let Some(src) = &a.source {
        s += &format!("Theo {src}\n");
    }
    s
}

fn page(title: &str, day: u32) -> String {
    format!("{title}\n\nngày {day} tháng 12 năm 2020 - 08:00\n\nText of {title}.\n\nTheo Báo A\n")
}

fn ids(store: &mut Store, f: &Filter) -> Vec<String> {
    let n = store.count(f).unwrap();
    store
        .window(f, 0, n + 1)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect()
}

fn all() -> Filter {
    Filter::default()
}

fn counts(r: &SyncReport) -> [usize; 6] {
    [
        r.added,
        r.changed,
        r.removed,
        r.unchanged,
        r.skipped,
        r.warnings,
    ]
}

#[test]
fn sample_pages_parse_back_to_the_sample() {
    let env = Env::new();
    for a in crate::catalog::contract::sample() {
        env.write_article(&a);
        let opts = crate::ingest::ParseOptions::default();
        let o = crate::ingest::read_file(&env.data.join(&a.id), &a.id, &opts).unwrap();
        let back = o.articles.into_iter().next().unwrap();
        let want = Article {
            views: a.published.and(a.views),
            ..a
        };
        assert_eq!(back, want);
    }
}

#[test]
fn store_keeps_the_catalog_contract() {
    let env = Env::new();
    crate::catalog::contract::check(|articles| {
        for a in &articles {
            env.write_article(a);
        }
        let r = env.sync();
        assert_eq!(counts(&r)[..5], [articles.len(), 0, 0, 0, 0]);
        env.store()
    });
}

#[test]
fn the_summary_columns_are_as_many_as_counted() {
    let env = Env::new();
    env.sync();
    let store = env.store();
    let sql = format!("SELECT {}, idkey FROM articles", super::query::COLUMNS);
    let stmt = store.conn.prepare(&sql).unwrap();
    assert_eq!(stmt.column_count(), super::query::COLUMN_COUNT + 1);
    assert_eq!(
        stmt.column_name(super::query::COLUMN_COUNT).unwrap(),
        "idkey"
    );
}

#[test]
fn store_counts_sources_and_views_as_every_catalog_does() {
    let env = Env::new();
    crate::catalog::counts_contract::check(|articles| {
        for a in &articles {
            env.write_article(a);
        }
        env.sync();
        env.store()
    });
}

#[test]
fn sync_agrees_with_scan_on_the_messy_fixtures() {
    let env = Env::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/messy");
    let paths = StorePaths::in_folders(&env.data.join("cache"), &env.data.join("share"), &fixtures);
    sync(&paths, &fixtures, false, &mut |_| {}).unwrap();
    let (mut store, _) = Store::open(&paths, &fixtures).unwrap();
    store.set_limits(crate::catalog::Limits::SMALL);
    let mut scan = crate::ingest::scan(&fixtures);
    let rows = store.window(&all(), 0, 1000).unwrap();
    let got: Vec<_> = rows
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.title.clone(),
                s.published,
                s.views,
                s.source.clone(),
            )
        })
        .collect();
    let want: Vec<_> = scan
        .articles
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                a.title.clone(),
                a.published,
                a.views,
                a.source.clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
    for a in &scan.articles {
        assert_eq!(&store.article(&a.id).unwrap(), a);
    }
    let (mut skipped, mut warnings) = store.problems().unwrap();
    for list in [
        &mut skipped,
        &mut warnings,
        &mut scan.skipped,
        &mut scan.warnings,
    ] {
        list.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    }
    assert_eq!(skipped, scan.skipped);
    assert_eq!(warnings, scan.warnings);
    assert!(!skipped.is_empty() && !warnings.is_empty());
}

#[test]
fn incremental_sync_sees_adds_changes_touches_deletes_and_renames() {
    let env = Env::new();
    for (i, name) in ["a", "b", "c", "d", "e"].iter().enumerate() {
        env.write_at(&format!("{name}.txt"), &page(name, 1 + i as u32), 1000);
    }
    assert_eq!(counts(&env.sync()), [5, 0, 0, 0, 0, 0]);

    env.write_at("f.txt", &page("f", 20), 1000);
    env.write_at("b.txt", &page("b changed", 2), 2000);
    set_mtime(&env.data.join("c.txt"), 3000);
    fs::remove_file(env.data.join("d.txt")).unwrap();
    fs::rename(env.data.join("e.txt"), env.data.join("e2.txt")).unwrap();
    let mut calls = Vec::new();
    let r = env.sync_batches(2000, &mut |p| calls.push(p));
    // added f, e2; changed b; removed d, e; unchanged a, c (same bytes).
    assert_eq!(counts(&r), [2, 1, 2, 2, 0, 0]);
    // The list is complete, then the text of f, e2 and b is indexed.
    let articles = Progress {
        stage: Stage::Articles,
        done: 5,
        total: 5,
    };
    assert!(calls.contains(&articles));
    let text = Progress {
        stage: Stage::Text,
        done: 3,
        total: 3,
    };
    assert_eq!(calls.last(), Some(&text));

    let mut store = env.store();
    assert_eq!(
        ids(&mut store, &all()),
        ["f.txt", "e2.txt", "c.txt", "b.txt", "a.txt"]
    );
    assert_eq!(store.window(&all(), 3, 1).unwrap()[0].title, "b changed");

    // Nothing to read now, c's new mtime included: one progress call, at the end.
    let mut calls = Vec::new();
    let r = env.sync_batches(2000, &mut |p| calls.push(p));
    assert_eq!(counts(&r), [0, 0, 0, 5, 0, 0]);
    assert_eq!(calls, [articles]);
}

#[test]
fn a_reader_sees_articles_appear_batch_by_batch() {
    let env = Env::new();
    for i in 0..7 {
        env.write(&format!("p{i}.txt"), &page(&format!("p{i}"), 1 + i));
    }
    let mut reader = env.store();
    assert_eq!(reader.count(&all()).unwrap(), 0);
    let mut seen = Vec::new();
    env.sync_batches(3, &mut |p| {
        seen.push((p.done, reader.count(&all()).unwrap()));
    });
    // The article stage; the text stage adds no rows.
    assert_eq!(seen[..4], [(3, 3), (6, 6), (7, 7), (7, 7)]);
    assert!(seen[4..].iter().all(|&(_, n)| n == 7));
}

#[test]
fn an_interrupted_sync_is_completed_by_the_next() {
    let env = Env::new();
    for i in 0..10 {
        env.write(&format!("p{i:02}.txt"), &page(&format!("p{i}"), 1 + i));
    }
    let interrupted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        env.sync_batches(3, &mut |_| panic!("killed after the first batch"));
    }));
    assert!(interrupted.is_err());
    assert_eq!(env.store().count(&all()).unwrap(), 3);

    // the first index was stopped before it built its index by source
    assert_eq!(source_index(&env.paths.index), None);

    let r = env.sync();
    assert_eq!(counts(&r), [7, 0, 0, 3, 0, 0]);
    let mut store = env.store();
    let want: Vec<String> = (0..10).rev().map(|i| format!("p{i:02}.txt")).collect();
    assert_eq!(ids(&mut store, &all()), want);
    assert_eq!(
        source_index(&env.paths.index).as_deref(),
        Some(SOURCE_INDEX)
    );
}

/// The index by source, as version 1 of the schema defines it.
const SOURCE_INDEX: &str =
    "CREATE INDEX articles_source ON articles (source, published DESC, idkey)";

/// The definition of the index by source in the index file, if it is there.
fn source_index(index: &Path) -> Option<String> {
    use rusqlite::OptionalExtension;
    Connection::open(index)
        .unwrap()
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'articles_source'",
            [],
            |r| r.get(0),
        )
        .optional()
        .unwrap()
}

#[test]
fn a_first_index_builds_its_index_by_source_once_the_rows_are_written() {
    let env = Env::with_pages(&["a", "b", "c"]);
    assert_eq!(
        source_index(&env.paths.index).as_deref(),
        Some(SOURCE_INDEX)
    );
    let plan: String = Connection::open(&env.paths.index)
        .unwrap()
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE source = 'x' ORDER BY published DESC, idkey",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("articles_source"), "{plan}");
    // a sync of an index with rows keeps it as it is
    env.write("d.txt", &page("d", 4));
    env.sync();
    assert_eq!(
        source_index(&env.paths.index).as_deref(),
        Some(SOURCE_INDEX)
    );
}

#[test]
fn a_missing_data_folder_is_an_error_and_leaves_the_index_alone() {
    let env = Env::new();
    env.write("a.txt", &page("a", 1));
    env.sync();
    let moved = env.data.with_file_name("unmounted");
    fs::rename(&env.data, &moved).unwrap();
    let e = sync(&env.paths, &env.data, false, &mut |_| {}).unwrap_err();
    assert!(
        e.to_string().starts_with("cannot read the data folder"),
        "{e}"
    );
    fs::rename(&moved, &env.data).unwrap();
    assert_eq!(env.store().count(&all()).unwrap(), 1);
}

#[test]
fn problems_list_skipped_files_and_warnings_until_fixed() {
    let env = Env::new();
    env.write_at("good.txt", &page("good", 1), 1000);
    env.write_at("bad.txt", "Title\n\u{0}\u{0}", 1000);
    env.write_at("undated.txt", "Undated\n\nJust text.\n", 1000);
    let r = env.sync();
    assert_eq!(counts(&r), [2, 0, 0, 0, 1, 1]);
    let mut store = env.store();
    let (skipped, warnings) = store.problems().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0].to_string().starts_with("bad.txt:2: binary file"));
    assert_eq!(
        warnings.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        ["undated.txt:3: no date line; listed as undated"]
    );
    // Unchanged: still reported, without being read again.
    assert_eq!(counts(&env.sync()), [0, 0, 0, 2, 1, 1]);

    env.write_at("bad.txt", &page("fixed", 2), 2000);
    env.write_at("good.txt", "\u{0}", 2000);
    let r = env.sync();
    // bad.txt is now listed (added), good.txt no longer (removed, skipped).
    assert_eq!(counts(&r), [1, 0, 1, 1, 1, 1]);
    let (skipped, _) = store.problems().unwrap();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].path, "good.txt");
    assert_eq!(ids(&mut store, &all()), ["bad.txt", "undated.txt"]);
}

#[test]
fn article_rereads_the_file_and_says_when_it_cannot() {
    let env = Env::new();
    env.write("a.txt", &page("a", 1));
    env.write("b.txt", &page("b", 2));
    env.sync();
    let mut store = env.store();
    assert_eq!(store.article("a.txt").unwrap().paragraphs, ["Text of a."]);
    fs::remove_file(env.data.join("a.txt")).unwrap();
    let e = store.article("a.txt").unwrap_err().to_string();
    assert!(
        e.contains("cannot read the file") && e.contains("sync again"),
        "{e}"
    );
    env.write("b.txt", "\u{0}\u{0}");
    let e = store.article("b.txt").unwrap_err().to_string();
    assert!(e.contains("binary file"), "{e}");
    assert!(store.article("../escape.txt").is_err());
}

#[test]
fn a_damaged_index_is_moved_aside_and_rebuilt() {
    let env = Env::new();
    env.write("a.txt", &page("a", 1));
    fs::create_dir_all(env.paths.index.parent().unwrap()).unwrap();
    let junk: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    fs::write(&env.paths.index, &junk).unwrap();

    let (store, notices) = env.open();
    drop(store);
    assert_eq!(notices.len(), 1);
    let msg = notices[0].to_string();
    assert!(
        msg.contains("damaged or not a database") && msg.contains("moved to"),
        "{msg}"
    );
    let aside = moved_aside(&env.paths.index);
    assert_eq!(aside.len(), 1);
    assert_eq!(fs::read(&aside[0]).unwrap(), junk);
    env.sync();
    assert_eq!(env.store().count(&all()).unwrap(), 1);
}

#[test]
fn a_foreign_database_at_the_index_path_is_moved_aside() {
    let env = Env::new();
    fs::create_dir_all(env.paths.index.parent().unwrap()).unwrap();
    let other = Connection::open(&env.paths.index).unwrap();
    other
        .execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('phở');")
        .unwrap();
    drop(other);
    env.write("a.txt", &page("a", 1));
    let r = env.sync();
    assert_eq!(r.added, 1);
    assert!(
        r.notices[0].message.contains("not a xemtin index"),
        "{:?}",
        r.notices
    );
    let aside = moved_aside(&env.paths.index);
    assert_eq!(aside.len(), 1);
    let kept = Connection::open(&aside[0]).unwrap();
    let name: String = kept
        .query_row("SELECT name FROM recipes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "phở");
    assert!(env.open().1.is_empty());
}

fn moved_aside(index: &Path) -> Vec<PathBuf> {
    let name = index.file_name().unwrap().to_string_lossy().into_owned();
    let mut found: Vec<PathBuf> = fs::read_dir(index.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(&format!("{name}.broken-")) && !n.ends_with("-wal")
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_damaged_state_is_kept_byte_for_byte_and_marks_are_read_only() {
    let env = Env::new();
    env.write("a.txt", &page("a", 1));
    env.write("b.txt", &page("b", 2));
    fs::create_dir_all(env.paths.state.parent().unwrap()).unwrap();
    let junk = b"SQLite format 3\0 but then nothing that makes sense ".repeat(40);
    fs::write(&env.paths.state, &junk).unwrap();

    let r = env.sync();
    assert_eq!(r.added, 2);
    let (mut store, notices) = env.open();
    assert_eq!(notices.len(), 1);
    let msg = notices[0].to_string();
    assert!(
        msg.contains(&env.paths.state.display().to_string()),
        "{msg}"
    );
    assert!(msg.contains("left untouched"), "{msg}");
    let e = store.set_read("a.txt", true).unwrap_err().to_string();
    assert!(e.starts_with("cannot save: the state file"), "{e}");
    assert!(store.set_starred("a.txt", true).is_err());
    assert!(store.session_set("k", "v").is_err());
    assert_eq!(store.session_get("k"), None);
    assert!(store.read_only_reason().is_some());
    // Reads work, with nothing read or starred.
    assert_eq!(ids(&mut store, &all()), ["b.txt", "a.txt"]);
    assert_eq!(store.unread(&all()).unwrap(), 2);
    assert!(
        store
            .window(&all(), 0, 5)
            .unwrap()
            .iter()
            .all(|s| !s.read && !s.starred)
    );
    assert_eq!(store.article("a.txt").unwrap().title, "a");
    drop(store);
    assert_eq!(fs::read(&env.paths.state).unwrap(), junk);
}

#[test]
fn a_state_from_a_newer_version_is_shown_but_not_written() {
    let env = Env::new();
    env.write("a.txt", &page("a", 1));
    env.write("b.txt", &page("b", 2));
    env.sync();
    let mut store = env.store();
    store.set_read("a.txt", true).unwrap();
    drop(store);
    let raw = Connection::open(&env.paths.state).unwrap();
    raw.pragma_update(None, "user_version", state::VERSION + 1)
        .unwrap();
    drop(raw);
    let before = fs::read(&env.paths.state).unwrap();

    let (mut store, notices) = env.open();
    assert!(notices[0].message.contains("newer xemtin"), "{notices:?}");
    let w = store.window(&all(), 0, 2).unwrap();
    assert_eq!((w[0].read, w[1].read), (false, true));
    assert!(store.set_read("b.txt", true).is_err());
    drop(store);
    assert_eq!(fs::read(&env.paths.state).unwrap(), before);
}

#[test]
fn state_of_version_1_is_upgraded_keeping_the_marks() {
    let env = Env::with_pages(&["a", "b", "c"]);
    fs::create_dir_all(env.paths.state.parent().unwrap()).unwrap();
    let old = Connection::open(&env.paths.state).unwrap();
    old.execute_batch(
        "CREATE TABLE marks (id TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,
                             starred INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
         INSERT INTO marks VALUES ('a.txt', 1, 0), ('c.txt', 0, 1), ('gone.txt', 1, 1);",
    )
    .unwrap();
    old.pragma_update(None, "application_id", state::APPLICATION_ID)
        .unwrap();
    old.pragma_update(None, "user_version", 1).unwrap();
    drop(old);

    let mut store = env.store();
    let read = Filter {
        unread_only: true,
        ..all()
    };
    assert_eq!(ids(&mut store, &read), ["c.txt", "b.txt"]);
    let starred = Filter {
        starred_only: true,
        ..all()
    };
    assert_eq!(ids(&mut store, &starred), ["c.txt"]);
    store.set_read("b.txt", true).unwrap();
    store.session_set("last", "b.txt").unwrap();
    drop(store);

    let conn = Connection::open(&env.paths.state).unwrap();
    let v: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, state::VERSION);
    let marks: Vec<(String, bool, bool, bool)> = conn
        .prepare("SELECT id, read, starred, opened_at IS NOT NULL FROM marks ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let m = |id: &str, r, s, o| (id.to_string(), r, s, o);
    assert_eq!(
        marks,
        [
            m("a.txt", true, false, false),
            m("b.txt", true, false, true),
            m("c.txt", false, true, false),
            m("gone.txt", true, true, false)
        ]
    );
}

#[test]
fn marks_and_session_survive_index_deletion_and_rebuild() {
    let env = Env::with_pages(&["a", "b", "c"]);
    let mut store = env.store();
    store.set_read("a.txt", true).unwrap();
    store.set_starred("b.txt", true).unwrap();
    store.session_set("position", "b.txt").unwrap();
    drop(store);

    let check = |env: &Env| {
        let mut store = env.store();
        let w = store.window(&all(), 0, 3).unwrap();
        let flags: Vec<(bool, bool)> = w.iter().map(|s| (s.read, s.starred)).collect();
        assert_eq!(flags, [(false, false), (false, true), (true, false)]);
        assert_eq!(store.session_get("position").as_deref(), Some("b.txt"));
    };
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(paths::with_suffix(&env.paths.index, suffix));
    }
    env.sync();
    check(&env);
    sync(&env.paths, &env.data, true, &mut |_| {}).unwrap();
    check(&env);
}

#[test]
fn marks_made_through_another_index_are_mirrored_on_open() {
    // Two data folders with the same relative paths share marks.
    let env = Env::new();
    env.write("a.txt", &page("a", 1));
    env.sync();
    let other_data = env.data.with_file_name("other");
    fs::create_dir(&other_data).unwrap();
    fs::write(other_data.join("a.txt"), page("a elsewhere", 1)).unwrap();
    let other = StorePaths {
        index: env.paths.index.with_file_name("other.sqlite"),
        state: env.paths.state.clone(),
    };
    sync(&other, &other_data, false, &mut |_| {}).unwrap();

    let mut first = env.store();
    let (mut second, _) = Store::open(&other, &other_data).unwrap();
    second.set_read("a.txt", true).unwrap();
    // A store already open keeps its mirror; a reopened one sees the change.
    assert_eq!(first.unread(&all()).unwrap(), 1);
    drop(first);
    assert_eq!(env.store().unread(&all()).unwrap(), 0);
}

#[test]
fn the_data_folder_is_never_written() {
    let env = Env::new();
    env.write("a.txt", &page("a", 1));
    env.write("sub/b.txt", &page("b", 2));
    let listing = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for e in fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push((p.clone(), fs::read(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    };
    let before = listing(&env.data);
    #[cfg(unix)]
    {
        // Binds only when not run as root; the listing check binds always.
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&env.data, fs::Permissions::from_mode(0o555)).unwrap();
    }
    env.sync();
    let mut store = env.store();
    store.set_read("sub/b.txt", true).unwrap();
    assert_eq!(store.article("sub/b.txt").unwrap().title, "b");
    drop(store);
    env.sync();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&env.data, fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(listing(&env.data), before);
}

#[test]
fn stats_and_session_values() {
    let env = Env::new();
    env.write("a.txt", &page("a", 1));
    env.write("b.txt", &page("b", 2));
    env.sync();
    let mut store = env.store();
    let s = store.stats().unwrap();
    assert_eq!(s.articles, 2);
    assert!(s.bytes >= 4096, "{s:?}");
    assert_eq!(store.session_get("k"), None);
    store.session_set("k", "một").unwrap();
    store.session_set("k", "hai").unwrap();
    drop(store);
    assert_eq!(env.store().session_get("k").as_deref(), Some("hai"));
}

#[test]
fn order_and_filters_match_memory_on_many_articles() {
    // Same dates, undated ones, several sources: the store and Memory agree
    // on every window, position and count.
    let env = Env::new();
    let mut articles = Vec::new();
    for i in 0..60u32 {
        let day = 1 + i % 5;
        let text = match i % 7 {
            0 => format!("Undated {i}\n\nText.\n\nTheo Báo {}\n", i % 3),
            1 => format!(
                "T{i}\n\nngày {day} tháng 12 năm 2020\n\nText.\n\nTheo Báo {}\n",
                i % 3
            ),
            _ => format!(
                "T{i}\n\nngày {day} tháng 12 năm 2020 - {:02}:00\n\nText.\n\nTheo Báo {}\n",
                i % 3,
                i % 3
            ),
        };
        env.write(&format!("d{}/f{i}.txt", i % 4), &text);
    }
    env.sync();
    let mut store = env.store();
    for a in crate::ingest::scan(&env.data).articles {
        articles.push(a);
    }
    articles.sort_by(newest_first);
    let mut memory =
        crate::catalog::Memory::new(articles.clone()).with_limits(crate::catalog::Limits::SMALL);
    for (i, a) in articles.iter().enumerate() {
        if i % 3 == 0 {
            store.set_read(&a.id, true).unwrap();
            memory.set_read(&a.id, true).unwrap();
        }
        if i % 5 == 0 {
            store.set_starred(&a.id, true).unwrap();
            memory.set_starred(&a.id, true).unwrap();
        }
    }
    let dates = [
        None,
        Some(crate::dates::DateFilter::Day(
            chrono::NaiveDate::from_ymd_opt(2020, 12, 3).unwrap(),
        )),
        Some(crate::dates::DateFilter::Month {
            year: 2020,
            month: 12,
        }),
    ];
    for d in &dates {
        for source in [None, Some("Báo 1".to_string())] {
            for (unread_only, starred_only) in
                [(false, false), (true, false), (false, true), (true, true)]
            {
                let f = Filter {
                    dates: *d,
                    source: source.clone(),
                    unread_only,
                    starred_only,
                    ..Filter::default()
                };
                assert_agree(&mut store, &mut memory, &f, &articles);
            }
        }
    }
}

/// The store and Memory give the same counts, windows (from the start and,
/// past the middle, from the end), sources and positions for `f`.
fn assert_agree(
    store: &mut Store,
    memory: &mut crate::catalog::Memory,
    f: &Filter,
    articles: &[Article],
) {
    assert_eq!(store.count(f).unwrap(), memory.count(f).unwrap(), "{f:?}");
    assert_eq!(store.unread(f).unwrap(), memory.unread(f).unwrap(), "{f:?}");
    for (start, len) in [
        (0, 100),
        (7, 5),
        (20, 3),
        (33, 10),
        (50, 20),
        (58, 5),
        (61, 5),
    ] {
        assert_eq!(
            store.window(f, start, len).unwrap(),
            memory.window(f, start, len).unwrap(),
            "{f:?} {start} {len}"
        );
    }
    assert_eq!(
        store.sources(f).unwrap(),
        memory.sources(f).unwrap(),
        "{f:?}"
    );
    // Every article would be slow in Memory (it folds every text each time).
    let step = if f.text.is_some() { 7 } else { 1 };
    for a in articles.iter().step_by(step) {
        assert_eq!(
            store.position(f, &a.id).unwrap(),
            memory.position(f, &a.id).unwrap(),
            "{f:?} {}",
            a.id
        );
    }
}

/// Pieces of text the search tests combine: Vietnamese with its marks, the
/// same in NFD, other Latin scripts, CJK, and words close to each other.
const WORDS: [&str; 16] = [
    "Chiêm Hóa",
    "chiếc xe",
    "Na Hang",
    "Lâm Bình",
    "dân vận",
    "ĐƯỜNG",
    "Người",
    "mùa lúa chín",
    "café",
    "北京天安门",
    "中国",
    "hoạt động",
    "chi hội",
    "10:30",
    "h",
    "c ch",
];

/// Article `i` of the search corpus: its title, paragraphs and source
/// vary with `i`, so words fall in titles, bodies and sources, some several
/// times, some in NFD.
fn search_page(i: usize) -> String {
    use unicode_normalization::UnicodeNormalization;
    let w = |k: usize| WORDS[(i * 7 + k * 3) % WORDS.len()];
    let title = match i % 4 {
        0 => format!("{} và {}", w(0), w(1)),
        1 => format!("Tin {i}: {}", w(2)),
        2 => format!("Bản tin số {i}"),
        _ => format!("{} {}", w(3), w(3)),
    };
    let mut body = vec![format!("{} gặp {}.", w(4), w(5))];
    for k in 0..(i % 4) {
        body.push(format!("Đoạn {k}: {} rồi {}", w(6 + k), w(1)));
    }
    let source = ["Báo Tuyên Quang", "Đài Chiêm Hóa", "Xinhua 新华"][i % 3];
    let day = 1 + (i % 6) as u32;
    let date = match i % 9 {
        0 => String::new(),
        1 => format!("ngày {day} tháng 12 năm 2020\n\n"),
        _ => format!("ngày {day} tháng 12 năm 2020 - {:02}:00\n\n", i % 5),
    };
    let text = format!("{title}\n\n{date}{}\n\nTheo {source}\n", body.join("\n\n"));
    if i.is_multiple_of(5) {
        text.nfd().collect()
    } else {
        text
    }
}

/// The search corpus in a store and in Memory, with some read and starred.
fn search_corpus(env: &Env, n: usize) -> (Store, crate::catalog::Memory, Vec<Article>) {
    for i in 0..n {
        env.write(&format!("s{}/a{i:02}.txt", i % 3), &search_page(i));
    }
    env.sync();
    let mut store = env.store();
    let mut articles = crate::ingest::scan(&env.data).articles;
    assert_eq!(articles.len(), n);
    articles.sort_by(newest_first);
    let mut memory =
        crate::catalog::Memory::new(articles.clone()).with_limits(crate::catalog::Limits::SMALL);
    for (i, a) in articles.iter().enumerate() {
        if i % 3 == 1 {
            store.set_read(&a.id, true).unwrap();
            memory.set_read(&a.id, true).unwrap();
        }
        if i % 4 == 2 {
            store.set_starred(&a.id, true).unwrap();
            memory.set_starred(&a.id, true).unwrap();
        }
    }
    (store, memory, articles)
}

const SEARCHES: [&str; 31] = [
    "chiem hoa",
    "北 京",
    "chiem ho",
    "chi",
    "c",
    "ch",
    "h",
    "\"chiem hoa\"",
    "\"hoa chiem\"",
    "Chiêm Hóa",
    "CHIÊM HÓA",
    "title:chiem",
    "title:\"lam binh\"",
    "source:chiem",
    "source:tuyen quang",
    "nguon:xinhua",
    "duong",
    "nguoi -duong",
    "-chiem",
    "-chiem -\"na hang\"",
    "-",
    "lam binh -title:lam",
    "cafe",
    "北京",
    "京",
    "中",
    "10:30",
    "dan van chi",
    "xe chiec",
    "\"chiec xe\" xe",
    "zzz",
];

#[test]
fn search_matches_memory_in_both_orders_with_every_filter() {
    use unicode_normalization::UnicodeNormalization;
    let env = Env::new();
    let (mut store, mut memory, articles) = search_corpus(&env, 60);
    let mut searches: Vec<String> = SEARCHES.iter().map(|s| s.to_string()).collect();
    // NFD input searches as NFC input does.
    searches.push("Chiêm Hó".nfd().collect());
    searches.push("ĐƯỜNG người".nfd().collect());
    let month = Some(crate::dates::DateFilter::Month {
        year: 2020,
        month: 12,
    });
    for text in &searches {
        for by_relevance in [true, false] {
            for (dates, source, unread_only, starred_only) in [
                (None, None, false, false),
                (month, None, false, false),
                (None, Some("Báo Tuyên Quang"), true, false),
                (month, Some("Đài Chiêm Hóa"), false, true),
            ] {
                let f = Filter {
                    dates,
                    source: source.map(String::from),
                    unread_only,
                    starred_only,
                    text: Some(text.clone()),
                    by_relevance,
                    ..Filter::default()
                };
                assert_agree(&mut store, &mut memory, &f, &articles);
            }
        }
    }
    // Sanity: the corpus exercises what it should.
    let f = |text: &str| Filter {
        text: Some(text.into()),
        by_relevance: true,
        ..all()
    };
    for (text, at_least) in [
        ("chiem hoa", 5),
        ("北京", 3),
        ("\"chiec xe\"", 3),
        ("-chiem", 20),
    ] {
        let n = store.count(&f(text)).unwrap();
        assert!(n >= at_least, "{text}: {n}");
    }
    let scores: std::collections::HashSet<usize> = store
        .window(&f("chiem hoa"), 0, 100)
        .unwrap()
        .iter()
        .map(|s| {
            let a = memory.article(&s.id).unwrap();
            let q = f("chiem hoa").query().unwrap();
            crate::catalog::relevance(&q, &a.title, &a.paragraphs.join("\n"))
        })
        .collect();
    assert!(scores.len() >= 3, "{scores:?}");
}

#[test]
fn the_index_scores_every_match_as_memory_does() {
    let env = Env::new();
    let (store, _memory, articles) = search_corpus(&env, 40);
    for text in SEARCHES {
        let f = Filter {
            text: Some(text.into()),
            by_relevance: true,
            ..all()
        };
        let Some(q) = f.query().filter(|q| q.has_positive()) else {
            continue;
        };
        let text = store.cache.search.text.as_ref().unwrap();
        let found = super::text_search::evaluate(
            text,
            &super::text_search::Search::of(&q),
            Some(usize::MAX),
            &[],
        )
        .unwrap();
        let scores = found.scores.unwrap();
        for a in &articles {
            let rowid: i64 = store
                .conn
                .query_row("SELECT rowid FROM articles WHERE id = ?1", [&a.id], |r| {
                    r.get(0)
                })
                .unwrap();
            let got = found.rowids.binary_search(&rowid).ok().map(|i| scores[i]);
            let body = a.paragraphs.join("\n");
            let want = q
                .matches(&a.title, &body, a.source.as_deref().unwrap_or(""))
                .then(|| crate::catalog::relevance(&q, &a.title, &body) as i64);
            assert_eq!(got, want, "{text:?} {}", a.id);
        }
    }
}

fn search_ids(store: &mut Store, text: &str) -> Vec<String> {
    let f = Filter {
        text: Some(text.into()),
        ..all()
    };
    ids(store, &f)
}

#[test]
fn sync_keeps_the_full_text_index_in_line() {
    let env = Env::new();
    env.write_at("a.txt", &page("Chiêm Hóa mùa lúa", 1), 1000);
    env.write_at("b.txt", &page("Na Hang đón khách", 2), 1000);
    env.write_at("c.txt", &page("Lâm Bình", 3), 1000);
    env.write_at("d.txt", &page("Lâm Bình nữa", 4), 1000);
    env.sync();
    let mut store = env.store();
    assert_eq!(search_ids(&mut store, "chiem"), ["a.txt"]);
    assert_eq!(search_ids(&mut store, "lam binh"), ["d.txt", "c.txt"]);

    // Changed: found by its new words only. Deleted, renamed, now skipped.
    env.write_at("a.txt", &page("Đường lên Yên Sơn", 1), 2000);
    fs::remove_file(env.data.join("b.txt")).unwrap();
    fs::rename(env.data.join("c.txt"), env.data.join("c2.txt")).unwrap();
    env.write_at("d.txt", "\u{0}\u{0}", 2000);
    let r = env.sync();
    assert_eq!(counts(&r)[..4], [1, 1, 3, 0]);
    assert_eq!(search_ids(&mut store, "chiem"), Vec::<String>::new());
    assert_eq!(search_ids(&mut store, "duong yen"), ["a.txt"]);
    assert_eq!(search_ids(&mut store, "na hang"), Vec::<String>::new());
    assert_eq!(search_ids(&mut store, "lam binh"), ["c2.txt"]);
    assert_eq!(search_ids(&mut store, "-lam"), ["a.txt"]);
    // Every article has one full-text document and there are no others.
    assert_eq!(text_documents(&env), 2);

    // A rebuild empties and refills it.
    sync(&env.paths, &env.data, true, &mut |_| {}).unwrap();
    assert_eq!(search_ids(&mut store, "lam binh"), ["c2.txt"]);
    assert_eq!(search_ids(&mut store, "text"), ["c2.txt", "a.txt"]);
}

#[test]
fn an_index_of_version_1_gains_full_text_on_the_next_sync() {
    let env = Env::new();
    env.write_at("a.txt", &page("Chiêm Hóa", 1), 1000);
    env.write_at("b.txt", &page("Na Hang", 2), 1000);
    // A version 1 index with both articles, as a build of that time left it.
    fs::create_dir_all(env.paths.index.parent().unwrap()).unwrap();
    let conn = Connection::open(&env.paths.index).unwrap();
    index::create_at_version(&conn, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO articles (id, idkey, title, published, size, mtime, hash)
         VALUES ('a.txt', 1, 'Chiêm Hóa', '2020-12-01', 1, 1000000000000, 7),
                ('b.txt', 2, 'Na Hang', '2020-12-02', 1, 1000000000000, 7);",
    )
    .unwrap();
    drop(conn);

    // Opened: migrated, articles still listed, text not yet searchable.
    let mut store = env.store();
    assert_eq!(ids(&mut store, &all()), ["b.txt", "a.txt"]);
    assert_eq!(search_ids(&mut store, "chiem"), Vec::<String>::new());
    // The sync reads every file again and fills the full-text table.
    let r = env.sync();
    assert_eq!(counts(&r)[..4], [0, 2, 0, 0]);
    assert_eq!(search_ids(&mut store, "chiem"), ["a.txt"]);
    assert_eq!(search_ids(&mut store, "text"), ["b.txt", "a.txt"]);
    let v: i32 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, index::VERSION);
    // And then it is unchanged again.
    assert_eq!(counts(&env.sync())[..4], [0, 0, 0, 2]);
}

#[test]
fn an_index_of_version_2_keeps_its_bookkeeping_and_gets_its_text_again() {
    let env = Env::new();
    env.write_at("a.txt", &page("Chiêm Hóa", 1), 1000);
    env.write_at("bad.txt", "", 1000);
    let size = |name: &str| fs::metadata(env.data.join(name)).unwrap().len() as i64;
    let mtime = |name: &str| {
        let t = fs::metadata(env.data.join(name))
            .unwrap()
            .modified()
            .unwrap();
        t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_nanos() as i64
    };
    let hash = |name: &str| super::paths::content_hash(&fs::read(env.data.join(name)).unwrap());
    // A version 2 index as that build left it: the article, its text, and
    // the skipped file.
    fs::create_dir_all(env.paths.index.parent().unwrap()).unwrap();
    let conn = Connection::open(&env.paths.index).unwrap();
    index::create_at_version(&conn, 2).unwrap();
    conn.execute(
        "INSERT INTO articles (id, idkey, title, published, size, mtime, hash)
         VALUES ('a.txt', 1, 'Chiêm Hóa', '2020-12-01', ?1, ?2, ?3)",
        rusqlite::params![size("a.txt"), mtime("a.txt"), hash("a.txt")],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO fts (rowid, title, body, source) SELECT rowid, 'chiem hoa', 'text', '' FROM articles",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO skipped_files (id, size, mtime, hash) VALUES ('bad.txt', ?1, ?2, ?3)",
        rusqlite::params![size("bad.txt"), mtime("bad.txt"), hash("bad.txt")],
    )
    .unwrap();
    drop(conn);

    // Migrated: the bookkeeping is kept (no file to parse again for the
    // list); version 4 indexes the text again without prefix indexes.
    let mut store = env.store();
    assert_eq!(ids(&mut store, &all()), ["a.txt"]);
    assert_eq!(search_ids(&mut store, "chiem"), Vec::<String>::new());
    let mut calls = Vec::new();
    let r = env.sync_batches(2000, &mut |p| calls.push(p));
    assert_eq!(counts(&r)[..4], [0, 0, 0, 1]);
    assert!(
        calls
            .iter()
            .any(|p| p.stage == Stage::Text && p.done == 1 && p.total == 1),
        "{calls:?}"
    );
    assert_eq!(search_ids(&mut store, "chiem"), ["a.txt"]);
}

/// An RSS 2.0 feed with one item per (guid, title, day of December 2020).
fn rss(items: &[(&str, &str, u32)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Tin Na Hang</title>\n",
    );
    for (guid, title, day) in items {
        s += &format!(
            "<item><title>{title}</title><guid>{guid}</guid>\
             <link>https://example.vn/{guid}</link>\
             <pubDate>{day:02} Dec 2020 08:00:00 +0000</pubDate>\
             <description>Text of {title}.</description></item>\n"
        );
    }
    s + "</channel></rss>\n"
}

/// `feeds/na.xml`: items g1-g3 ("Item one" to "Item three", days 2-4).
fn write_three_item_feed(env: &Env) {
    env.write_at(
        "feeds/na.xml",
        &rss(&[
            ("g1", "Item one", 2),
            ("g2", "Item two", 3),
            ("g3", "Item three", 4),
        ]),
        1000,
    );
}

#[test]
fn a_feed_file_gives_one_article_per_item_kept_in_line_with_the_file() {
    let env = Env::new();
    env.write_at("a.txt", &page("Page", 1), 1000);
    write_three_item_feed(&env);
    assert_eq!(counts(&env.sync())[..4], [4, 0, 0, 0]);
    let mut store = env.store();
    assert_eq!(
        ids(&mut store, &all()),
        [
            "feeds/na.xml#g3",
            "feeds/na.xml#g2",
            "feeds/na.xml#g1",
            "a.txt"
        ]
    );
    let item = store.article("feeds/na.xml#g2").unwrap();
    assert_eq!(item.title, "Item two");
    assert_eq!(item.source.as_deref(), Some("Tin Na Hang"));
    assert_eq!(item.link.as_deref(), Some("https://example.vn/g2"));
    assert_eq!(search_ids(&mut store, "three"), ["feeds/na.xml#g3"]);
    store.set_read("feeds/na.xml#g1", true).unwrap();

    // g1 unchanged, g2 retitled, g3 gone, g4 new.
    env.write_at(
        "feeds/na.xml",
        &rss(&[
            ("g1", "Item one", 2),
            ("g2", "Item two, updated", 3),
            ("g4", "Item four", 5),
        ]),
        2000,
    );
    let r = env.sync();
    // Counted per article: g4 added; g1 and g2 re-written; g3 removed; a.txt unchanged.
    assert_eq!(counts(&r)[..4], [1, 2, 1, 1]);
    assert_eq!(
        ids(&mut store, &all()),
        [
            "feeds/na.xml#g4",
            "feeds/na.xml#g2",
            "feeds/na.xml#g1",
            "a.txt"
        ]
    );
    assert_eq!(search_ids(&mut store, "updated"), ["feeds/na.xml#g2"]);
    assert_eq!(search_ids(&mut store, "three"), Vec::<String>::new());
    let read = Filter {
        unread_only: true,
        ..all()
    };
    assert!(!ids(&mut store, &read).contains(&"feeds/na.xml#g1".to_string()));

    // The feed goes: all its articles go.
    fs::remove_file(env.data.join("feeds/na.xml")).unwrap();
    assert_eq!(counts(&env.sync())[..4], [0, 0, 3, 1]);
    assert_eq!(ids(&mut store, &all()), ["a.txt"]);
    assert_eq!(search_ids(&mut store, "item"), Vec::<String>::new());
}

#[test]
fn formats_mix_in_one_folder_and_a_bad_file_stops_nothing() {
    let env = Env::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    for name in [
        "rss2_vi.xml",
        "atom_en.atom",
        "jsonfeed_vi.json",
        "header_toml.txt",
        "article_toml.md",
        "vi_1258.txt",
        "malformed.xml",
    ] {
        fs::copy(fixtures.join(name), env.data.join(name)).unwrap();
    }
    env.write("page.txt", &page("Page", 1));
    let r = env.sync();
    assert_eq!(r.skipped, 1, "malformed.xml");
    let mut store = env.store();
    let listed = ids(&mut store, &all());
    assert!(
        listed.iter().any(|id| id.starts_with("rss2_vi.xml#")),
        "{listed:?}"
    );
    assert!(
        listed.iter().any(|id| id.starts_with("atom_en.atom#")),
        "{listed:?}"
    );
    assert!(
        listed.iter().any(|id| id.starts_with("jsonfeed_vi.json#")),
        "{listed:?}"
    );
    for id in [
        "header_toml.txt",
        "article_toml.md",
        "vi_1258.txt",
        "page.txt",
    ] {
        assert!(listed.contains(&id.to_string()), "{id} in {listed:?}");
    }
    // Every listed article can be opened, and its text searched.
    for id in &listed {
        let a = store.article(id).unwrap();
        assert_eq!(&a.id, id);
    }
    assert!(!search_ids(&mut store, "chiem hoa").is_empty());
    let encoding: Option<String> = store
        .conn
        .query_row(
            "SELECT encoding FROM files WHERE path = 'vi_1258.txt'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(encoding.as_deref(), Some("windows-1258"));
    let (skipped, _) = store.problems().unwrap();
    assert_eq!(skipped[0].path, "malformed.xml");
}

#[test]
fn a_sync_stopped_before_the_text_stage_is_searchable_after_the_next() {
    let env = Env::new();
    for i in 0..5 {
        env.write(
            &format!("p{i}.txt"),
            &page(&format!("Chiêm Hóa {i}"), 1 + i),
        );
    }
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // text batches of one file: killed after the first
        env.sync_batches(4, &mut |p| {
            if p.stage == Stage::Text {
                panic!("killed while indexing text");
            }
        });
    }));
    assert!(stopped.is_err());
    let mut store = env.store();
    assert_eq!(store.count(&all()).unwrap(), 5);
    assert!(search_ids(&mut store, "chiem").len() < 5);
    let r = env.sync();
    assert_eq!(counts(&r)[..4], [0, 0, 0, 5]);
    assert_eq!(search_ids(&mut store, "chiem").len(), 5);
}

#[test]
fn windows_read_from_a_known_position_match_the_list() {
    let env = Env::new();
    // Same minute for several articles, undated ones, two sources.
    for i in 0..24u32 {
        let day = 1 + i / 5;
        let source = if i % 3 == 0 { "Báo A" } else { "Báo B" };
        let text = match i % 7 {
            6 => format!("Undated {i}\n\nText.\n\nTheo {source}\n"),
            _ => format!(
                "Title {i}\n\nngày {day} tháng 12 năm 2020 - 08:00\n\nText.\n\nTheo {source}\n"
            ),
        };
        env.write(&format!("p{i:02}.txt"), &text);
    }
    env.sync();
    let filters = [
        all(),
        Filter {
            source: Some("Báo B".into()),
            ..all()
        },
        Filter {
            unread_only: true,
            ..all()
        },
    ];
    let mut store = env.store();
    store.set_read("p04.txt", true).unwrap();
    for f in &filters {
        let want = ids(&mut env.store(), f);
        for (pos, id) in want.iter().enumerate() {
            assert_eq!(store.position(f, id).unwrap(), Some(pos));
            for start in pos.saturating_sub(6)..pos + 6 {
                for len in [1, 4, 9] {
                    let got: Vec<String> = store
                        .window(f, start, len)
                        .unwrap()
                        .into_iter()
                        .map(|s| s.id)
                        .collect();
                    let end = (start + len).min(want.len());
                    let expect = want.get(start.min(end)..end).unwrap_or_default();
                    assert_eq!(
                        got, expect,
                        "{f:?} anchor {id} at {pos}, window {start}+{len}"
                    );
                }
            }
        }
    }
}

#[test]
fn text_stage_in_small_chunks_indexes_every_article_once() {
    // Batch 1: the text stage asks which file an article is in two
    // articles at a time, so the feed's items fall in different chunks and
    // its file is read once per chunk.
    let env = Env::new();
    for n in 1..=5 {
        env.write_at(&format!("p{n}.txt"), &page(&format!("Page {n}"), n), 1000);
    }
    write_three_item_feed(&env);
    let mut text_done = Vec::new();
    let r = env.sync_batches(1, &mut |p| {
        if p.stage == Stage::Text {
            text_done.push((p.done, p.total));
        }
    });
    assert_eq!(counts(&r)[..4], [8, 0, 0, 0]);
    assert_eq!(text_done.last(), Some(&(8, 8)), "{text_done:?}");
    let mut store = env.store();
    for (word, id) in [
        ("one", "feeds/na.xml#g1"),
        ("two", "feeds/na.xml#g2"),
        ("three", "feeds/na.xml#g3"),
    ] {
        assert_eq!(search_ids(&mut store, word), [id]);
    }
    assert_eq!(search_ids(&mut store, "page").len(), 5);
    // Nothing is left to index, and nothing was indexed twice.
    let conn = rusqlite::Connection::open(&env.paths.index).unwrap();
    let texted: i64 = conn
        .query_row("SELECT count(*) FROM texted", [], |r| r.get(0))
        .unwrap();
    assert_eq!((texted, text_documents(&env)), (8, 8));
}

/// The documents of the full-text index (deleted ones aside).
fn text_documents(env: &Env) -> i64 {
    let dir = super::text_index::dir_of(&env.paths.index);
    let text = super::text_index::TextReader::open(&dir).unwrap();
    text.reader.searcher().num_docs() as i64
}

/// A connection's page cache, as `PRAGMA cache_size` gives it.
fn cache(store: &Store) -> i64 {
    store
        .conn
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_reader_keeps_a_small_page_cache_while_a_sync_runs() {
    let env = Env::new();
    env.write_at("a.txt", &page("Page", 1), 1000);
    env.sync();
    let mut store = env.store();
    let full = cache(&store);
    store.indexing(true);
    let syncing = cache(&store);
    assert!(syncing < 0 && full < syncing, "{full} {syncing}");
    store.indexing(false);
    assert_eq!(cache(&store), full);
}

#[test]
fn a_command_keeps_a_smaller_page_cache_than_the_reader() {
    let env = Env::new();
    env.write_at("a.txt", &page("Page", 1), 1000);
    env.sync();
    let mut store = env.store();
    let reader = cache(&store);
    store.for_one_command();
    let command = cache(&store);
    assert!(command < 0 && reader < command, "{reader} {command}");
    // it still answers
    assert_eq!(store.count(&Filter::default()).unwrap(), 1);
}

#[test]
fn a_first_sync_records_each_files_size_and_time_as_read() {
    // A first sync lists names only and takes each file's metadata when it
    // reads it: the bookkeeping must still be the file's, so the next sync
    // reads nothing.
    let env = Env::new();
    env.write_at("a.txt", &page("Page A", 1), 1000);
    env.write_at("b/c.txt", &page("Page C", 2), 2000);
    assert_eq!(counts(&env.sync())[..4], [2, 0, 0, 0]);
    let conn = rusqlite::Connection::open(&env.paths.index).unwrap();
    for (rel, secs) in [("a.txt", 1000i64), ("b/c.txt", 2000)] {
        let (size, mtime): (i64, i64) = conn
            .query_row(
                "SELECT size, mtime FROM files WHERE path = ?1",
                [rel],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let len = fs::metadata(env.data.join(rel)).unwrap().len();
        assert_eq!((size, mtime), (len as i64, secs * 1_000_000_000), "{rel}");
    }
    assert_eq!(counts(&env.sync())[..4], [0, 0, 0, 2]);
    // A file changed after that is seen (listed with its metadata now).
    env.write_at("a.txt", &page("Page A, again", 1), 3000);
    assert_eq!(counts(&env.sync())[..4], [0, 1, 0, 1]);
}

#[test]
fn text_left_behind_by_a_killed_sync_never_shows_under_another_article() {
    let env = Env::new();
    env.write_at("a.txt", &page("Chiêm Hóa", 1), 1000);
    env.write_at("b.txt", &page("Na Hang", 2), 1000);
    env.sync();
    let mut store = env.store();
    assert_eq!(search_ids(&mut store, "hang"), ["b.txt"]);
    // What the article stage of a sync killed before its text stage leaves:
    // b.txt's row (the highest rowid) deleted, its rowid given to a new
    // article, a.txt changed; none of it in the full-text index yet.
    let conn = Connection::open(&env.paths.index).unwrap();
    let b: i64 = conn
        .query_row("SELECT rowid FROM articles WHERE id = 'b.txt'", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute_batch(&format!(
        "BEGIN;
         DELETE FROM texted WHERE rowid IN ({b}, (SELECT rowid FROM articles WHERE id = 'a.txt'));
         INSERT INTO untext (rowid) SELECT rowid FROM articles WHERE id IN ('a.txt', 'b.txt');
         DELETE FROM articles WHERE id = 'b.txt';
         INSERT INTO articles (id, idkey, title, published) VALUES ('c.txt', 5, 'Lâm Bình', '2020-01-03');
         COMMIT;"
    ))
    .unwrap();
    let c: i64 = conn
        .query_row("SELECT rowid FROM articles WHERE id = 'c.txt'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(c, b, "SQLite gives the rowid again");
    for q in ["hang", "chiem", "na hang", "-lam"] {
        let found = search_ids(&mut store, q);
        assert!(
            found.iter().all(|id| id != "c.txt" && id != "a.txt") || q == "-lam",
            "{q}: {found:?}"
        );
    }
    assert_eq!(search_ids(&mut store, "hang"), Vec::<String>::new());
    assert_eq!(search_ids(&mut store, "-chiem").len(), 2);
    // The next sync brings every article back to its own text.
    env.write_at("c.txt", &page("Lâm Bình", 3), 1000);
    env.write_at("a.txt", &page("Yên Sơn", 1), 2000);
    env.sync();
    assert_eq!(search_ids(&mut store, "hang"), Vec::<String>::new());
    assert_eq!(search_ids(&mut store, "lam"), ["c.txt"]);
    assert_eq!(search_ids(&mut store, "yen son"), ["a.txt"]);
    assert_eq!(text_documents(&env), 2);
}

/// The rowids `read_rows` holds.
fn read_rowids(store: &Store) -> Vec<i64> {
    store
        .conn
        .prepare("SELECT rowid FROM read_rows ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn rowid_of(store: &Store, id: &str) -> i64 {
    store
        .conn
        .query_row("SELECT rowid FROM articles WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn an_index_of_version_6_keeps_its_read_marks() {
    let env = Env::new();
    env.write_at("a.txt", &page("a", 1), 1000);
    env.write_at("b.txt", &page("b", 2), 1000);
    env.write_at("c.txt", &page("c", 3), 1000);
    env.sync();
    let mut store = env.store();
    store.set_read("b.txt", true).unwrap();
    let state_id = index::meta_get(&store.conn, "mirror_state")
        .unwrap()
        .unwrap();
    let changes = index::meta_get(&store.conn, "mirror_changes")
        .unwrap()
        .unwrap();
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(paths::with_suffix(&env.paths.index, suffix));
    }
    // A version 6 index as that build left it: the read mark mirrored in
    // the article row, the mirror current with the state.
    let conn = Connection::open(&env.paths.index).unwrap();
    index::create_at_version(&conn, 6).unwrap();
    conn.execute_batch(
        "INSERT INTO articles (id, idkey, title, published, read)
         VALUES ('a.txt', 1, 'a', '2020-12-01', 0),
                ('b.txt', 2, 'b', '2020-12-02', 1),
                ('c.txt', 3, 'c', '2020-12-03', 0);",
    )
    .unwrap();
    index::meta_set(&conn, "mirror_state", &state_id).unwrap();
    index::meta_set(&conn, "mirror_changes", &changes).unwrap();
    drop(conn);

    let mut store = env.store();
    let v: i32 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, index::VERSION);
    // the mirror was current: not redone from the state, but migrated
    assert_eq!(
        index::meta_get(&store.conn, "mirror_changes").unwrap(),
        Some(changes)
    );
    assert_eq!(read_rowids(&store), [rowid_of(&store, "b.txt")]);
    assert_eq!(store.unread(&all()).unwrap(), 2);
    let flags: Vec<(String, bool)> = store
        .window(&all(), 0, 3)
        .unwrap()
        .into_iter()
        .map(|s| (s.id, s.read))
        .collect();
    assert_eq!(
        flags,
        [
            ("c.txt".to_string(), false),
            ("b.txt".to_string(), true),
            ("a.txt".to_string(), false)
        ]
    );
    let unread_only = Filter {
        unread_only: true,
        ..all()
    };
    assert_eq!(ids(&mut store, &unread_only), ["c.txt", "a.txt"]);
    // the marks keep working on the new schema
    store.set_read("b.txt", false).unwrap();
    assert_eq!(store.unread(&all()).unwrap(), 3);
    assert!(read_rowids(&store).is_empty());
}

#[test]
fn a_new_article_never_inherits_the_read_mark_of_a_deleted_one() {
    let env = Env::new();
    env.write_at("a.txt", &page("a", 1), 1000);
    env.write_at("b.txt", &page("b", 2), 1000);
    env.sync();
    let mut store = env.store();
    store.set_read("b.txt", true).unwrap();
    let b = rowid_of(&store, "b.txt");
    assert!(b > rowid_of(&store, "a.txt"), "b.txt is the last row");
    drop(store);
    fs::remove_file(env.data.join("b.txt")).unwrap();
    env.sync();
    env.write_at("c.txt", &page("c", 3), 1000);
    env.sync();
    let mut store = env.store();
    // SQLite gave the new row the largest rowid again: the deleted one's
    assert_eq!(rowid_of(&store, "c.txt"), b);
    assert!(read_rowids(&store).is_empty());
    assert_eq!(store.unread(&all()).unwrap(), 2);
    // and b.txt, back, is read again: the state kept its mark
    env.write_at("b.txt", &page("b", 2), 1000);
    env.sync();
    assert_eq!(store.unread(&all()).unwrap(), 2);
    assert_eq!(read_rowids(&store), [rowid_of(&store, "b.txt")]);
}

#[test]
fn a_mirror_ahead_of_its_state_is_redone_on_open() {
    // A crash after the index's commit and before the state's: the state
    // is the one before the catch-up, the index's mirror the one after.
    let env = Env::with_pages(&["a", "b", "c"]);
    let mut store = env.store();
    store.set_read("a.txt", true).unwrap();
    drop(store);
    let before = env.paths.state.with_extension("before");
    fs::copy(&env.paths.state, &before).unwrap();
    let mut store = env.store();
    assert_eq!(store.mark_view_read(&all(), None).unwrap().len(), 2);
    assert_eq!(store.unread(&all()).unwrap(), 0);
    drop(store);
    for suffix in ["-wal", "-shm"] {
        let _ = fs::remove_file(paths::with_suffix(&env.paths.state, suffix));
    }
    fs::rename(&before, &env.paths.state).unwrap();

    let mut store = env.store();
    assert_eq!(store.unread(&all()).unwrap(), 2);
    assert_eq!(read_rowids(&store), [rowid_of(&store, "a.txt")]);
    let unread_only = Filter {
        unread_only: true,
        ..all()
    };
    assert_eq!(ids(&mut store, &unread_only), ["c.txt", "b.txt"]);
}

#[test]
fn taking_marks_back_deletes_the_state_rows_that_then_say_nothing() {
    let env = Env::with_pages(&["a", "b", "c"]);
    let mut store = env.store();
    store.set_starred("b.txt", true).unwrap();
    store.set_read("c.txt", true).unwrap();
    let marked = store.mark_view_read(&all(), None).unwrap();
    assert_eq!(marked, ["a.txt", "b.txt"]);
    store.set_read_many(&marked, false).unwrap();
    store.set_read("c.txt", false).unwrap();
    let rows: Vec<(String, bool, bool, bool)> = store
        .conn
        .prepare("SELECT id, read, starred, opened_at IS NOT NULL FROM state.marks ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // a.txt's row said only "read": gone; b.txt is starred, c.txt was opened
    assert_eq!(
        rows,
        [
            ("b.txt".to_string(), false, true, false),
            ("c.txt".to_string(), false, false, true)
        ]
    );
    assert_eq!(store.unread(&all()).unwrap(), 3);
    assert!(read_rowids(&store).is_empty());
}

/// The change time of `path`, in nanoseconds.
#[cfg(unix)]
fn change_time(path: &Path) -> i128 {
    use std::os::unix::fs::MetadataExt;
    let m = fs::metadata(path).unwrap();
    i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec())
}

/// A file unchanged since before the last sync noted the folders is taken
/// as that sync left it, its entry in `files` not read; a file changed
/// since is compared with its entry.
#[cfg(unix)]
#[test]
fn files_older_than_the_synced_folders_are_not_looked_up() {
    let env = Env::new();
    env.write("a.txt", &page("A", 1));
    env.write("b.txt", &page("B", 2));
    // The folder changes after its files (as when another file is added):
    // touched until the file system's clock has moved past theirs.
    let files_changed =
        change_time(&env.data.join("a.txt")).max(change_time(&env.data.join("b.txt")));
    while change_time(&env.data) <= files_changed {
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        fs::File::open(&env.data)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
    }
    env.sync();
    let store = env.store();
    // entries that no longer match the files: read, they would say changed
    store
        .conn
        .execute("UPDATE files SET size = size + 1", [])
        .unwrap();
    let unchanged = |paths: &[&str]| {
        fresh::paths_unchanged(&store.conn, &env.data, paths.iter().copied()).unwrap()
    };
    assert!(unchanged(&["a.txt", "b.txt"]));
    // rewritten in place since the sync: looked up, and found changed
    fs::write(env.data.join("b.txt"), page("B again", 2)).unwrap();
    assert!(unchanged(&["a.txt"]));
    assert!(!unchanged(&["b.txt"]));
    assert!(!unchanged(&["a.txt", "b.txt"]));
    // a file gone is never taken as unchanged
    fs::remove_file(env.data.join("a.txt")).unwrap();
    assert!(!unchanged(&["a.txt"]));
}

/// A first index writes its rows in the order of their ids, each after the
/// last, whatever order its parsers finish in: the idkeys are evenly
/// spaced, none taken from the middle of a gap (at a million rows, the
/// gaps ran out and every row was renumbered, again and again).
#[test]
fn a_first_index_only_appends_its_rows() {
    let env = Env::new();
    for i in 0..600 {
        env.write(
            &format!("{}/{i:04}.txt", i % 7),
            &page(&format!("p{i}"), 1 + i % 28),
        );
    }
    // batches of 8: a part (80 files) is never more than the writer may
    // hold back waiting for a late one, so the order holds whatever the
    // threads do
    env.sync_batches(8, &mut |_| {});
    let conn = Connection::open(&env.paths.index).unwrap();
    let keys: Vec<i64> = conn
        .prepare("SELECT idkey FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(keys.len(), 600);
    let steps: Vec<i64> = keys.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(steps.iter().all(|&s| s == steps[0] && s > 0), "{steps:?}");
}
