//! End-to-end: articles changed, deleted and added, then an index killed
//! (SIGKILL) while it brings the full-text index in line, then resumed:
//! no search finds an article by its old text, or a deleted article at
//! all, even where SQLite gave its rowid to a new article; every article
//! is found by its text, and the full-text index holds each row once.
//! (What a search sees between the kill and the next sync: the store's
//! test `text_left_behind_by_a_killed_sync_never_shows_under_another_article`;
//! a command here would sync first.)

mod support;

use std::time::{Duration, Instant};

use support::{command, run_command, write_article};

const ARTICLES: usize = 3000;

/// A word of letters for `i` in generation `g`: a token of its own.
fn word(g: &str, i: usize) -> String {
    let letters: String = format!("{i:04}")
        .bytes()
        .map(|d| char::from(b'a' + (d - b'0')))
        .collect();
    format!("{g}{letters}")
}

fn write(dir: &std::path::Path, i: usize, g: &str) {
    write_article(
        dir,
        &format!("bai-{i:05}.txt"),
        &format!("Bài số {i}"),
        &format!("ngày {} tháng {} năm 2020 - 08:00", i % 28 + 1, i % 12 + 1),
        &[&format!("Nội dung {} của bài {g}chung.", word(g, i))],
    );
}

/// Rows whose text is to leave the full-text index, and rows with text.
fn pending(home: &std::path::Path) -> (i64, i64) {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    rusqlite::Connection::open_with_flags(home.join("index.db"), flags)
        .and_then(|db| {
            db.query_row(
                "SELECT (SELECT count(*) FROM untext), (SELECT count(*) FROM texted)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .unwrap_or((0, 0))
}

#[test]
fn changes_killed_midway_never_show_old_text() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    // The last article (the highest rowid, which SQLite gives again) and
    // every fifth one deleted; every third rewritten; new ones added.
    let deleted = |i: usize| i.is_multiple_of(5) || i == ARTICLES - 1;
    let changed = |i: usize| !deleted(i) && i.is_multiple_of(3);
    let mut hit = false;
    for _ in 0..6 {
        // From the first generation, indexed completely...
        for i in 0..ARTICLES {
            write(data.path(), i, "cu");
        }
        for i in ARTICLES..ARTICLES + 300 {
            let _ = std::fs::remove_file(data.path().join(format!("bai-{i:05}.txt")));
        }
        let out = run_command(home.path(), data.path(), &["index"]);
        assert!(out.status.success());
        // ...to the second.
        for i in 0..ARTICLES {
            if deleted(i) {
                std::fs::remove_file(data.path().join(format!("bai-{i:05}.txt"))).unwrap();
            } else if changed(i) {
                write(data.path(), i, "moi");
            }
        }
        for i in ARTICLES..ARTICLES + 300 {
            write(data.path(), i, "moi");
        }
        // Kill a run once changes are committed, before their text is.
        let mut child = command(home.path(), data.path(), &["index"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + support::wait_limit();
        while !hit && child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            hit = pending(home.path()).0 > 0;
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if hit {
            break;
        }
    }
    assert!(hit, "no run was killed with changes pending");
    let out = run_command(home.path(), data.path(), &["index"]);
    assert!(out.status.success());

    let expect = |g: &str| -> Vec<String> {
        (0..ARTICLES + 300)
            .filter(|&i| {
                let now = match i {
                    i if i >= ARTICLES => "moi",
                    i if deleted(i) => "",
                    i if changed(i) => "moi",
                    _ => "cu",
                };
                now == g
            })
            .map(|i| format!("bai-{i:05}.txt"))
            .collect()
    };
    for g in ["cu", "moi"] {
        let found = support::listed_ids(&run_command(
            home.path(),
            data.path(),
            &["search", &format!("{g}chung"), "--json"],
        ));
        assert_eq!(found, expect(g), "{g}chung");
    }
    for i in [0, 3, ARTICLES - 1, ARTICLES, ARTICLES + 299] {
        for g in ["cu", "moi"] {
            let found = support::listed_ids(&run_command(
                home.path(),
                data.path(),
                &["search", &word(g, i), "--json"],
            ));
            let want: Vec<String> = expect(g)
                .into_iter()
                .filter(|id| *id == format!("bai-{i:05}.txt"))
                .collect();
            assert_eq!(found, want, "{}", word(g, i));
        }
    }
    support::assert_text_index_matches_rows(&home.path().join("index.db"));
}
