//! End-to-end: a catch-up (`A`, confirmed) and its undo (`U`) are saved by
//! a job off the key path, and what they saved survives a kill -9 of the
//! program right after the status bar says so.

mod support;

use std::path::Path;

use support::{Session, repo, run_command, write_article};

fn corpus(dir: &Path, n: usize) {
    for i in 0..n {
        write_article(
            dir,
            &format!("bai-{i:03}.txt"),
            &format!("Bài số {i}"),
            &format!("ngày {} tháng 12 năm 2020 - 08:00", i % 28 + 1),
            &["Nội dung."],
        );
    }
}

/// The TUI on `data`, its index and state where [`run_command`] finds them.
fn tui(home: &Path, data: &Path) -> Session {
    let config = repo().join("config.toml");
    let index = home.join("index.db");
    let xdg_data = home.join("data").display().to_string();
    let xdg_cache = home.join("cache").display().to_string();
    Session::start(
        &[
            "--data",
            data.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ],
        100,
        20,
        &[
            ("XDG_DATA_HOME", xdg_data.as_str()),
            ("XDG_CACHE_HOME", xdg_cache.as_str()),
            ("TZ", "UTC"),
        ],
    )
}

fn kill_9(s: &mut Session) {
    let pid = s.pid().expect("a running xemtin").to_string();
    let status = std::process::Command::new("kill")
        .args(["-9", &pid])
        .status()
        .unwrap();
    assert!(status.success());
    s.wait_exit();
}

fn read_count(home: &Path, data: &Path) -> usize {
    let out = run_command(home, data, &["list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["read"] == true)
        .count()
}

#[test]
fn a_catch_up_and_its_undo_survive_kill_9() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    corpus(data.path(), 40);
    let mut s = tui(home.path(), data.path());
    s.wait_text("40 articles · 40 unread");
    // more than a screenful: asked with the count
    s.send("A");
    s.wait_text("Mark 40 articles read? y/n");
    s.send("y");
    s.wait_text("40 articles marked read");
    s.wait_text("0 unread");
    kill_9(&mut s);
    assert_eq!(read_count(home.path(), data.path()), 40);

    let mut s = tui(home.path(), data.path());
    s.wait_text("40 articles · 0 unread");
    // a catch-up's undo lasts the session: mark what is left, take it back
    s.send("r");
    s.wait_text("1 unread");
    s.send("A");
    s.wait_text("1 article marked read");
    s.send("U");
    s.wait_text("1 article unread again");
    kill_9(&mut s);
    assert_eq!(read_count(home.path(), data.path()), 39);
}
