//! End-to-end: the index and the user state across restarts, index
//! deletion and a kill -9 in the middle of indexing.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use support::{Session, repo, write_article};

/// A home folder whose cache and data folders hold the index and the state.
struct Home(tempfile::TempDir);

impl Home {
    fn new() -> Home {
        Home(tempfile::tempdir().unwrap())
    }

    fn env(&self) -> Vec<(String, String)> {
        let p = self.0.path();
        vec![
            ("HOME".into(), p.display().to_string()),
            (
                "XDG_CACHE_HOME".into(),
                p.join("cache").display().to_string(),
            ),
            (
                "XDG_DATA_HOME".into(),
                p.join("share").display().to_string(),
            ),
            (
                "XDG_CONFIG_HOME".into(),
                p.join("config").display().to_string(),
            ),
        ]
    }

    fn run(&self, data: &Path, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_xemtin"));
        cmd.args(args)
            .arg("--data")
            .arg(data)
            .env_remove("XEMTIN_CONFIG");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    fn tui(&self, data: &Path) -> Session {
        let env = self.env();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let config = repo().join("config.toml");
        Session::start(
            &[
                "--data",
                data.to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
            ],
            100,
            30,
            &env,
        )
    }

    fn index_files(&self) -> Vec<std::path::PathBuf> {
        let dir = self.0.path().join("cache/xemtin");
        std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default()
    }
}

fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        write_article(
            dir.path(),
            &format!("{:02}/bai-{i:05}.txt", i % 12 + 1),
            &format!("Bài số {i} về Chiêm Hóa"),
            &format!(
                "ngày {} tháng {} năm 2020 - 08:{:02}",
                i % 28 + 1,
                i % 12 + 1,
                i % 60
            ),
            &["Nội dung bài báo, đủ dài để có vài dòng."],
        );
    }
    dir
}

fn json(out: &Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .cloned()
        .unwrap()
}

#[test]
fn marks_and_position_survive_restart_and_index_deletion() {
    let home = Home::new();
    let data = corpus(5);
    let mut s = home.tui(data.path());
    s.wait_text("5 articles · 5 unread");
    s.send("jj\r");
    s.wait_text("Bài số 2 về Chiêm Hóa");
    s.send("q");
    s.wait_text("4 unread");
    s.send("js");
    s.wait_for("the star mark", |t| t.lines().any(|l| l.starts_with('*')));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);

    let rows = json(&home.run(data.path(), &["list", "--json"]));
    let read: Vec<&str> = rows
        .iter()
        .filter(|r| r["read"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let starred: Vec<&str> = rows
        .iter()
        .filter(|r| r["starred"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(read.len(), 1);
    assert_eq!(starred.len(), 1);
    assert_ne!(read, starred);

    // the index is derived data: delete it (the file and its full-text
    // folder), the marks stay
    for f in home.index_files() {
        match f.is_dir() {
            true => std::fs::remove_dir_all(f).unwrap(),
            false => std::fs::remove_file(f).unwrap(),
        }
    }
    let mut s = home.tui(data.path());
    s.wait_text("5 articles · 4 unread");
    // the last position: the starred article is selected again
    let row = (0..30)
        .find(|&r| s.row(r).starts_with('*'))
        .expect("a starred row");
    assert!(
        s.parser.screen().cell(row, 50).unwrap().inverse(),
        "selection restored"
    );
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn mark_and_list_filters_from_the_command_line() {
    let home = Home::new();
    let data = corpus(4);
    let rows = json(&home.run(data.path(), &["list", "--json"]));
    let id = rows[1]["id"].as_str().unwrap().to_string();
    let out = home.run(data.path(), &["mark", &id, "--read", "--star"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        json(&home.run(data.path(), &["list", "--json", "--unread"])).len(),
        3
    );
    let starred = json(&home.run(data.path(), &["list", "--json", "--starred"]));
    assert_eq!(starred.len(), 1);
    assert_eq!(starred[0]["id"], id.as_str());
    assert_eq!(starred[0]["read"], true);
    let out = home.run(data.path(), &["mark", "no/such.txt", "--read"]);
    assert_eq!(out.status.code(), Some(1));
    let out = home.run(data.path(), &["mark", &id]);
    assert_eq!(out.status.code(), Some(2), "nothing to change is an error");
    let source = json(&home.run(
        data.path(),
        &["list", "--json", "--source", "Báo Thử Nghiệm"],
    ));
    assert_eq!(source.len(), 4);
}

#[test]
fn kill_9_in_the_middle_of_indexing_leaves_an_index_that_syncs() {
    let home = Home::new();
    let data = corpus(6000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_xemtin"))
        .args(["index", "--rebuild", "--data"])
        .arg(data.path())
        .envs(home.env())
        .spawn()
        .unwrap();
    // wait until some batch is committed, then kill without warning
    let deadline = Instant::now() + support::wait_limit() * 3;
    loop {
        let committed = home.index_files().iter().any(|f| {
            f.extension().is_some_and(|e| e == "sqlite-wal")
                && std::fs::metadata(f).map(|m| m.len() > 0).unwrap_or(false)
        });
        if committed || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    let out = home.run(data.path(), &["index"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.starts_with("6,000 articles indexed"), "{report}");
    assert_eq!(
        json(&home.run(data.path(), &["list", "--json"])).len(),
        6000
    );
}

#[test]
fn a_corrupt_index_is_moved_aside_and_rebuilt() {
    let home = Home::new();
    let data = corpus(3);
    assert!(home.run(data.path(), &["index"]).status.success());
    let index = home
        .index_files()
        .into_iter()
        .find(|f| f.extension().is_some_and(|e| e == "sqlite"))
        .unwrap();
    for f in home.index_files() {
        if f != index {
            let _ = std::fs::remove_file(f);
        }
    }
    std::fs::write(&index, b"this is not a database at all").unwrap();
    let out = home.run(data.path(), &["list", "--json"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(json(&out).len(), 3);
    assert!(err.contains("broken"), "the user is told: {err}");
    assert!(
        home.index_files()
            .iter()
            .any(|f| f.to_string_lossy().contains(".broken-"))
    );
}
