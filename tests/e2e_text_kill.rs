//! End-to-end: the full-text index is derived data. A first index killed
//! (SIGKILL) at several points of its run (writing article rows, writing
//! text), each time resumed by the next run, ends with every article
//! searchable exactly: the full-text index holds each article once, no
//! article is missing from it, its last commit is the one the index
//! records, and a search finds the same articles as reading the files does.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{command, run_command, write_article};

const ARTICLES: usize = 4000;

/// The word only article `i` holds (letters: a token of its own).
fn own_word(i: usize) -> String {
    let letters: String = format!("{i:04}")
        .bytes()
        .map(|d| char::from(b'a' + (d - b'0')))
        .collect();
    format!("rieng{letters}")
}

/// `ARTICLES` pages; article `i` holds its own word, and every third one
/// the word "chung".
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..ARTICLES {
        let shared = if i % 3 == 0 { "chung" } else { "khac" };
        write_article(
            dir.path(),
            &format!("{:02}/bai-{i:05}.txt", i % 12 + 1),
            &format!("Bài số {i} về Chiêm Hóa"),
            &format!("ngày {} tháng {} năm 2020 - 08:00", i % 28 + 1, i % 12 + 1),
            &[&format!(
                "Nội dung {} của bài {shared}, đủ dài để có vài dòng.",
                own_word(i)
            )],
        );
    }
    dir
}

/// (articles, articles with their text indexed) in the index now; (0, 0)
/// before its tables are made.
fn counts(home: &Path) -> (i64, i64) {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    rusqlite::Connection::open_with_flags(home.join("index.db"), flags)
        .and_then(|db| {
            db.query_row(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM texted)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .unwrap_or((0, 0))
}

/// Is this the moment to kill, given (articles, articles with text)?
type Moment = fn(i64, i64) -> bool;

#[test]
fn an_index_killed_anywhere_ends_with_every_article_searchable_once() {
    let home = tempfile::tempdir().unwrap();
    let data = corpus();
    // Kill a run while it writes article rows, then, resuming, while it
    // writes text; a run that ends first is tried again from nothing.
    let stages: [(&str, Moment); 2] = [
        ("writing rows", |articles, _| {
            articles > 0 && articles < ARTICLES as i64
        }),
        ("writing text", |articles, texted| {
            texted > 0 && texted < articles
        }),
    ];
    for (stage, now) in stages {
        let mut hit = false;
        for attempt in 0..6 {
            let args: &[&str] = if attempt == 0 {
                &["index"]
            } else {
                &["index", "--rebuild"]
            };
            let mut child = command(home.path(), data.path(), args)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let deadline = Instant::now() + support::wait_limit();
            while !hit && child.try_wait().unwrap().is_none() && Instant::now() < deadline {
                let (articles, texted) = counts(home.path());
                hit = now(articles, texted);
                std::thread::sleep(Duration::from_millis(1));
            }
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            if hit {
                break;
            }
        }
        assert!(hit, "no run was killed while {stage}");
    }
    let out = run_command(home.path(), data.path(), &["index"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Every article once in the full-text index, which is the one the
    // index records.
    let db = rusqlite::Connection::open(home.path().join("index.db")).unwrap();
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM articles"), ARTICLES as i64);
    assert_eq!(count("SELECT count(*) FROM texted"), ARTICLES as i64);
    assert_eq!(
        count("SELECT count(*) FROM articles WHERE rowid NOT IN (SELECT rowid FROM texted)"),
        0
    );
    assert_eq!(count("SELECT count(*) FROM untext"), 0);
    support::assert_text_index_matches_rows(&home.path().join("index.db"));

    // A word every third article holds: exactly those.
    let all = support::listed_ids(&run_command(home.path(), data.path(), &["list", "--json"]));
    assert_eq!(all.len(), ARTICLES);
    let expected: Vec<String> = all
        .iter()
        .filter(|id| {
            let text = std::fs::read_to_string(data.path().join(id)).unwrap();
            text.contains(" chung,")
        })
        .cloned()
        .collect();
    assert_eq!(expected.len(), ARTICLES.div_ceil(3));
    let found = support::listed_ids(&run_command(
        home.path(),
        data.path(),
        &["search", "chung", "--json"],
    ));
    assert_eq!(found, expected);
    // Each article's own word finds it alone (a sample across the run).
    for i in (0..ARTICLES).step_by(97) {
        let found = support::listed_ids(&run_command(
            home.path(),
            data.path(),
            &["search", &own_word(i), "--json"],
        ));
        assert_eq!(
            found,
            vec![format!("{:02}/bai-{i:05}.txt", i % 12 + 1)],
            "{}",
            own_word(i)
        );
    }
}
