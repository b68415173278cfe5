//! End-to-end: commands on an index that may be behind the data folder.
//! They answer from the index without listing the folder when no folder
//! changed since the last sync (issue 13, budget 4), and every change made
//! since is still seen by the next command: a file added, edited in place,
//! deleted or renamed, a folder moved in.

mod support;

use std::fs::{self, File};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use support::write_article;

struct Home(tempfile::TempDir);

impl Home {
    fn new() -> Home {
        Home(tempfile::tempdir().unwrap())
    }

    fn run(&self, data: &Path, args: &[&str]) -> Output {
        let p = self.0.path();
        let out = Command::new(env!("CARGO_BIN_EXE_xemtin"))
            .args(args)
            .arg("--data")
            .arg(data)
            .env_remove("XEMTIN_CONFIG")
            .env("HOME", p)
            .env("XDG_CACHE_HOME", p.join("cache"))
            .env("XDG_DATA_HOME", p.join("share"))
            .env("XDG_CONFIG_HOME", p.join("config"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// The ids and titles `list --json` (or another listing command) prints.
    fn listed(&self, data: &Path, args: &[&str]) -> Vec<(String, String)> {
        let out = self.run(data, args);
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        rows.iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().to_string(),
                    r["title"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// Set the modification time of every folder under `dir` (and `dir`) to an
/// hour ago: folders as they are when nothing has touched them for a while
/// (a folder changed in the last two seconds is never trusted).
fn settle(dir: &Path) {
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for e in fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            settle(&e.path());
        }
    }
    File::open(dir).unwrap().set_modified(hour_ago).unwrap();
}

fn page(data: &Path, rel: &str, title: &str) {
    write_article(
        data,
        rel,
        title,
        "Thứ Hai, 07/12/2020 08:00",
        &["Nội dung bài."],
    );
}

/// A data folder of two months, indexed, with settled folder times.
fn indexed(home: &Home) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    page(data.path(), "2020/11/a.txt", "Bài A");
    page(data.path(), "2020/12/b.txt", "Bài B");
    page(data.path(), "2020/12/c.txt", "Bài C");
    settle(data.path());
    home.run(data.path(), &["index"]);
    data
}

fn ids(rows: &[(String, String)]) -> Vec<&str> {
    let mut v: Vec<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
    v.sort_unstable();
    v
}

#[test]
fn an_unchanged_folder_answers_from_the_index() {
    let home = Home::new();
    let data = indexed(&home);
    let all = home.listed(data.path(), &["list", "--json"]);
    assert_eq!(
        ids(&all),
        ["2020/11/a.txt", "2020/12/b.txt", "2020/12/c.txt"]
    );
    let found = home.listed(data.path(), &["search", "\"bai b\"", "--json"]);
    assert_eq!(ids(&found), ["2020/12/b.txt"]);
    let out = home.run(data.path(), &["show", "2020/12/c.txt"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Bài C"));
    home.run(data.path(), &["mark", "2020/12/c.txt", "--star"]);
    let starred = home.listed(data.path(), &["list", "--starred", "--json"]);
    assert_eq!(ids(&starred), ["2020/12/c.txt"]);
}

#[test]
fn a_file_added_is_seen_by_the_next_command() {
    let home = Home::new();
    let data = indexed(&home);
    page(data.path(), "2020/12/d.txt", "Bài D");
    let rows = home.listed(data.path(), &["list", "--json"]);
    assert!(ids(&rows).contains(&"2020/12/d.txt"), "{rows:?}");
}

#[test]
fn a_file_added_is_seen_by_search_show_and_mark() {
    let home = Home::new();
    let data = indexed(&home);
    page(data.path(), "2020/11/e.txt", "Bài Eo");
    let found = home.listed(data.path(), &["search", "eo", "--json"]);
    assert_eq!(ids(&found), ["2020/11/e.txt"]);
    page(data.path(), "2020/11/f.txt", "Bài F");
    let out = home.run(data.path(), &["show", "2020/11/f.txt"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Bài F"));
    page(data.path(), "2020/12/g.txt", "Bài G");
    home.run(data.path(), &["mark", "2020/12/g.txt", "--star"]);
    let starred = home.listed(data.path(), &["list", "--starred", "--json"]);
    assert_eq!(ids(&starred), ["2020/12/g.txt"]);
}

#[test]
fn a_file_edited_in_place_is_seen_where_it_is_listed() {
    let home = Home::new();
    let data = indexed(&home);
    let path = data.path().join("2020/12/b.txt");
    let inode_before = inode(&path);
    let text = fs::read_to_string(&path).unwrap();
    // Same file, same folder entry: the folder's time does not move.
    fs::write(&path, text.replacen("Bài B", "Bài B sửa lại", 1)).unwrap();
    assert_eq!(inode(&path), inode_before);
    let rows = home.listed(data.path(), &["list", "--date", "12/2020", "--json"]);
    assert!(
        rows.contains(&("2020/12/b.txt".into(), "Bài B sửa lại".into())),
        "{rows:?}"
    );
    // and the search finds the new word
    let found = home.listed(data.path(), &["search", "sua lai", "--json"]);
    assert_eq!(ids(&found), ["2020/12/b.txt"]);
}

/// A feed gives several articles, whose ids are not its path: its edit in
/// place is seen too (a command checks the file each row names).
#[test]
fn a_feed_edited_in_place_is_seen_where_its_items_are_listed() {
    let home = Home::new();
    let data = tempfile::tempdir().unwrap();
    let feed = |second: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Tin</title>\n\
             <item><title>Tin một</title><guid>a1</guid><pubDate>Mon, 07 Dec 2020 08:00:00 +0700</pubDate><description>Nội dung một.</description></item>\n\
             <item><title>{second}</title><guid>a2</guid><pubDate>Mon, 07 Dec 2020 09:00:00 +0700</pubDate><description>Nội dung hai.</description></item>\n\
             </channel></rss>\n"
        )
    };
    let path = data.path().join("2020/12/tin.xml");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, feed("Tin hai")).unwrap();
    settle(data.path());
    home.run(data.path(), &["index"]);
    let before = home.listed(data.path(), &["list", "--json"]);
    assert_eq!(before.len(), 2, "{before:?}");
    assert!(
        before.iter().all(|(id, _)| id != "2020/12/tin.xml"),
        "{before:?}"
    );
    let inode_before = inode(&path);
    fs::write(&path, feed("Tin hai sửa lại")).unwrap();
    assert_eq!(inode(&path), inode_before);
    let rows = home.listed(data.path(), &["list", "--json"]);
    assert!(
        rows.iter().any(|(_, title)| title == "Tin hai sửa lại"),
        "{rows:?}"
    );
    let found = home.listed(data.path(), &["search", "sua lai", "--json"]);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_file_edited_in_place_is_seen_by_show() {
    let home = Home::new();
    let data = indexed(&home);
    let path = data.path().join("2020/11/a.txt");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("Nội dung bài.", "Nội dung mới.", 1)).unwrap();
    let out = home.run(data.path(), &["show", "2020/11/a.txt"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nội dung mới."));
    let found = home.listed(data.path(), &["search", "moi", "--json"]);
    assert_eq!(ids(&found), ["2020/11/a.txt"]);
}

#[test]
fn a_file_deleted_is_gone_from_the_next_command() {
    let home = Home::new();
    let data = indexed(&home);
    fs::remove_file(data.path().join("2020/12/c.txt")).unwrap();
    let rows = home.listed(data.path(), &["search", "bai", "--json"]);
    assert_eq!(ids(&rows), ["2020/11/a.txt", "2020/12/b.txt"]);
}

#[test]
fn a_file_renamed_is_listed_under_its_new_name() {
    let home = Home::new();
    let data = indexed(&home);
    fs::rename(
        data.path().join("2020/12/c.txt"),
        data.path().join("2020/11/c2.txt"),
    )
    .unwrap();
    let rows = home.listed(data.path(), &["list", "--json"]);
    assert_eq!(
        ids(&rows),
        ["2020/11/a.txt", "2020/11/c2.txt", "2020/12/b.txt"]
    );
}

#[test]
fn a_folder_moved_in_is_read() {
    let home = Home::new();
    let data = indexed(&home);
    let outside = tempfile::tempdir().unwrap();
    page(outside.path(), "2019/05/old.txt", "Bài cũ");
    page(outside.path(), "2019/06/older.txt", "Bài cũ hơn");
    settle(outside.path());
    fs::rename(outside.path().join("2019"), data.path().join("2019")).unwrap();
    let rows = home.listed(data.path(), &["list", "--json"]);
    assert_eq!(
        ids(&rows),
        [
            "2019/05/old.txt",
            "2019/06/older.txt",
            "2020/11/a.txt",
            "2020/12/b.txt",
            "2020/12/c.txt"
        ]
    );
}

/// A folder reached through a symbolic link in a folder of articles is
/// noted by the walk that reads it: a file added there is seen.
#[cfg(unix)]
#[test]
fn a_file_added_to_a_linked_folder_is_seen_by_the_next_command() {
    let home = Home::new();
    let data = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    page(data.path(), "2020/12/b.txt", "Bài B");
    page(outside.path(), "old.txt", "Bài cũ");
    std::os::unix::fs::symlink(outside.path(), data.path().join("2020/12/linked")).unwrap();
    settle(data.path());
    settle(outside.path());
    home.run(data.path(), &["index"]);
    page(outside.path(), "new.txt", "Bài mới");
    let rows = home.listed(data.path(), &["list", "--json"]);
    assert_eq!(
        ids(&rows),
        [
            "2020/12/b.txt",
            "2020/12/linked/new.txt",
            "2020/12/linked/old.txt"
        ]
    );
}

#[test]
fn a_folder_moved_out_takes_its_articles() {
    let home = Home::new();
    let data = indexed(&home);
    let outside = tempfile::tempdir().unwrap();
    fs::rename(data.path().join("2020/12"), outside.path().join("12")).unwrap();
    let rows = home.listed(data.path(), &["list", "--json"]);
    assert_eq!(ids(&rows), ["2020/11/a.txt"]);
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().ino()
}

#[cfg(not(unix))]
fn inode(_: &Path) -> u64 {
    0
}

/// The index file of a home (the cache folder holds one).
fn index_file(home: &Home) -> Option<std::path::PathBuf> {
    let dir = home.0.path().join("cache/xemtin");
    fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "sqlite"))
}

/// Articles of its text stage already in the full-text index (None while
/// the index cannot be read).
fn texted(home: &Home) -> Option<i64> {
    let conn = rusqlite::Connection::open_with_flags(
        index_file(home)?,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .ok()?;
    conn.query_row("SELECT count(*) FROM texted", [], |r| r.get(0))
        .ok()
}

#[test]
fn kill_9_in_the_text_stage_leaves_searches_exact() {
    let home = Home::new();
    let data = tempfile::tempdir().unwrap();
    let n = 4000;
    for i in 0..n {
        let mut words = vec!["Bài"];
        if i % 3 == 0 {
            words.push("Chiêm");
        }
        if i % 5 == 0 {
            words.push("Hóa");
        }
        if i % 7 == 0 {
            words.push("Hoàng");
        }
        let body = words.join(" ");
        write_article(
            data.path(),
            &format!("2020/{:02}/a{i:05}.txt", i % 12 + 1),
            &format!("Tin {i}"),
            "Thứ Hai, 07/12/2020 08:00",
            &[&body],
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_xemtin"))
        .args(["index", "--data"])
        .arg(data.path())
        .env_remove("XEMTIN_CONFIG")
        .env("HOME", home.0.path())
        .env("XDG_CACHE_HOME", home.0.path().join("cache"))
        .env("XDG_DATA_HOME", home.0.path().join("share"))
        .env("XDG_CONFIG_HOME", home.0.path().join("config"))
        .spawn()
        .unwrap();
    // Wait until the text stage has committed a batch, then kill.
    let deadline = std::time::Instant::now() + support::wait_limit() * 6;
    while texted(&home).is_none_or(|t| t == 0) && std::time::Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    let at_kill = texted(&home).unwrap_or(0);
    eprintln!("killed with {at_kill} of {n} texts indexed");
    // The next command finds the index behind and brings it up to date:
    // the same articles a scan of the text finds.
    let expect = |keep: &dyn Fn(usize) -> bool| -> Vec<String> {
        let mut v: Vec<String> = (0..n)
            .filter(|&i| keep(i))
            .map(|i| format!("2020/{:02}/a{i:05}.txt", i % 12 + 1))
            .collect();
        v.sort();
        v
    };
    let found = home.listed(data.path(), &["search", "chiem hoa", "--json"]);
    // "hoa" is a prefix here: it finds "Hoàng" too
    assert_eq!(
        ids(&found),
        expect(&|i| i % 3 == 0 && (i % 5 == 0 || i % 7 == 0))
    );
    let found = home.listed(data.path(), &["search", "chiem hoa ", "--json"]);
    assert_eq!(ids(&found), expect(&|i| i % 15 == 0));
    let found = home.listed(data.path(), &["search", "h", "--json"]);
    assert_eq!(ids(&found), expect(&|i| i % 5 == 0 || i % 7 == 0));
}

/// A listing of many files has their times read by several threads: an
/// edit in place in the last part of a long list (and in the first) is
/// still seen.
#[test]
fn an_edit_in_place_is_seen_in_a_long_list() {
    edits_in_place_among_1500(&["list", "--json"], ["Bài cuối sửa", "Bài đầu sửa"]);
}

/// 1,500 pages titled "Bài cũ", indexed; the last, then the first, edited
/// in place to `titles`, each seen by the next `command`, which still gives
/// the 1,500.
fn edits_in_place_among_1500(command: &[&str], titles: [&str; 2]) {
    let home = Home::new();
    let data = tempfile::tempdir().unwrap();
    for n in 0..1500 {
        page(data.path(), &format!("2020/12/p{n:04}.txt"), "Bài cũ");
    }
    settle(data.path());
    home.run(data.path(), &["index"]);
    for (edited, title) in ["p1499", "p0000"].into_iter().zip(titles) {
        let path = data.path().join(format!("2020/12/{edited}.txt"));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replacen("Bài cũ", title, 1)).unwrap();
        let rows = home.listed(data.path(), command);
        assert_eq!(rows.len(), 1500);
        let id = format!("2020/12/{edited}.txt");
        assert!(rows.contains(&(id, title.to_string())), "{title} not seen");
    }
}

/// A search by relevance checks its files while it reads its rows, a
/// batch at a time on a thread of its own (`store/check_ahead.rs`): an
/// edit in place among 1,500 matches is seen, at either end of the rows.
#[test]
fn an_edit_in_place_is_seen_by_a_search_of_many_matches() {
    edits_in_place_among_1500(
        &["search", "bai cu", "--json"],
        ["Bài cũ cuối sửa", "Bài cũ đầu sửa"],
    );
}
