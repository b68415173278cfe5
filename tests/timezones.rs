//! One index, runs in several time zones (issue #12, class 9): `list`,
//! `list --json`, `search` and `show` agree on every time, dates with a
//! zone move with the run's zone (daylight saving included), dates written
//! without one stay as written, and date filters take the run's days.
//!
//! Zones are named as users name them (`Asia/Ho_Chi_Minh`), from the time
//! zone database; on a machine without it the same rules are given as
//! POSIX `TZ` strings, which need no database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Folder {
    tmp: tempfile::TempDir,
}

/// A feed with an item at 13:30 UTC on 16 October 2017 (New York on
/// daylight saving time), one at 20:00 UTC (past midnight at +07:00, no
/// guid or link: its id is made from its title and date), one at 12:00
/// UTC on 15 January 2018 (New York on standard time); a header text file
/// with an offset; a newspaper page at 19:20 and a header text file at
/// 08:30, both without a zone.
fn folder() -> Folder {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let write = |rel: &str, text: &str| {
        let p = data.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "feeds/wire.xml",
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n\
         <item><title>Summit opens</title><guid>s1</guid>\
         <pubDate>Mon, 16 Oct 2017 13:30:00 +0000</pubDate><description>Leaders met.</description></item>\n\
         <item><title>Late news</title>\
         <pubDate>Mon, 16 Oct 2017 20:00:00 GMT</pubDate><description>Night shift.</description></item>\n\
         <item><title>Winter summit</title><guid>s3</guid>\
         <pubDate>2018-01-15T12:00:00Z</pubDate><description>Snow.</description></item>\n\
         </channel></rss>\n",
    );
    write(
        "notes/zoned.txt",
        "Title: Harbour report\nDate: 2017-10-16T06:00:00-04:00\n\nShips came in.\n",
    );
    write(
        "notes/floating.txt",
        "Title: Market day\nDate: 2017-10-16 08:30\n\nStalls opened.\n",
    );
    write(
        "cam.txt",
        "Cam sành vào vụ\n\nThứ Hai, ngày 16 tháng 10 năm 2017 - 19:20\n\nVườn cam chín.\n\nTheo Báo A\n",
    );
    Folder { tmp }
}

impl Folder {
    fn run(&self, tz: &str, args: &[&str]) -> Output {
        let home = self.tmp.path();
        let index = home.join("index.sqlite");
        Command::new(env!("CARGO_BIN_EXE_xemtin"))
            .arg("--data")
            .arg(home.join("data"))
            .arg("--index")
            .arg(&index)
            .args(args)
            .env("TZ", tz)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("share"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("XEMTIN_CONFIG")
            .output()
            .expect("run xemtin")
    }

    fn ok(&self, tz: &str, args: &[&str]) -> String {
        let o = self.run(tz, args);
        assert!(
            o.status.success(),
            "TZ={tz} {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    /// (id, published) of `list --json` (with `more` options), in order.
    fn listed(&self, tz: &str, more: &[&str]) -> Vec<(String, String)> {
        let mut args = vec!["list", "--json"];
        args.extend_from_slice(more);
        rows(&self.ok(tz, &args))
    }

    fn index_path(&self) -> PathBuf {
        self.tmp.path().join("index.sqlite")
    }
}

fn rows(json: &str) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(json).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["published"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// `name` if the time zone database has it, else the same rules as a
/// POSIX `TZ` string.
fn zone(name: &'static str, posix: &'static str) -> &'static str {
    match Path::new("/usr/share/zoneinfo").join(name).exists() {
        true => name,
        false => posix,
    }
}

fn hanoi() -> &'static str {
    zone("Asia/Ho_Chi_Minh", "ICT-7")
}

fn new_york() -> &'static str {
    zone("America/New_York", "EST5EDT,M3.2.0,M11.1.0")
}

/// `31/12/2020 19:20` from `2020-12-31T19:20:00+07:00`.
fn short(iso: &str) -> String {
    let (d, t) = iso.split_once('T').unwrap();
    let ymd: Vec<&str> = d.split('-').collect();
    format!("{}/{}/{} {}", ymd[2], ymd[1], ymd[0], &t[..5])
}

/// The id of the item without guid or link.
fn late_id(rows: &[(String, String)]) -> String {
    rows.iter()
        .map(|(id, _)| id.clone())
        .find(|id| id.starts_with("feeds/wire.xml#h"))
        .unwrap()
}

#[test]
fn list_json_follows_the_zone_of_each_run_over_one_index() {
    let f = folder();
    f.ok("UTC", &["index"]);
    let utc = f.listed("UTC", &[]);
    let late = late_id(&utc);
    let want = |rows: &[(&str, &str)]| -> Vec<(String, String)> {
        rows.iter()
            .map(|(id, p)| {
                let id = if *id == "late" { late.as_str() } else { id };
                (id.to_string(), p.to_string())
            })
            .collect()
    };
    assert_eq!(
        utc,
        want(&[
            ("feeds/wire.xml#s3", "2018-01-15T12:00:00+00:00"),
            ("late", "2017-10-16T20:00:00+00:00"),
            ("cam.txt", "2017-10-16T19:20:00"),
            ("feeds/wire.xml#s1", "2017-10-16T13:30:00+00:00"),
            ("notes/zoned.txt", "2017-10-16T10:00:00+00:00"),
            ("notes/floating.txt", "2017-10-16T08:30:00"),
        ])
    );
    assert_eq!(
        f.listed(hanoi(), &[]),
        want(&[
            ("feeds/wire.xml#s3", "2018-01-15T19:00:00+07:00"),
            ("late", "2017-10-17T03:00:00+07:00"),
            ("feeds/wire.xml#s1", "2017-10-16T20:30:00+07:00"),
            ("cam.txt", "2017-10-16T19:20:00"),
            ("notes/zoned.txt", "2017-10-16T17:00:00+07:00"),
            ("notes/floating.txt", "2017-10-16T08:30:00"),
        ])
    );
    // Daylight saving time in October, standard time in January.
    assert_eq!(
        f.listed(new_york(), &[]),
        want(&[
            ("feeds/wire.xml#s3", "2018-01-15T07:00:00-05:00"),
            ("cam.txt", "2017-10-16T19:20:00"),
            ("late", "2017-10-16T16:00:00-04:00"),
            ("feeds/wire.xml#s1", "2017-10-16T09:30:00-04:00"),
            ("notes/floating.txt", "2017-10-16T08:30:00"),
            ("notes/zoned.txt", "2017-10-16T06:00:00-04:00"),
        ])
    );
    // And back: nothing stuck in the zone of a run before.
    assert_eq!(f.listed("UTC", &[]), utc);
}

#[test]
fn list_text_and_show_agree_in_every_zone() {
    let f = folder();
    f.ok(hanoi(), &["index"]);
    let kathmandu = zone("Asia/Kathmandu", "<+0545>-5:45");
    for tz in ["UTC", hanoi(), new_york(), kathmandu] {
        let json = f.listed(tz, &[]);
        let text = f.ok(tz, &["list"]);
        for (id, published) in &json {
            let shown = short(published);
            // The list's line for this id has the same date and time.
            let line = text
                .lines()
                .find(|l| l.contains(&format!("  {id}  ")))
                .unwrap_or_else(|| panic!("TZ={tz}: {id} not in\n{text}"));
            assert!(line.contains(&shown), "TZ={tz}: {line:?} vs {published}");
            // The reader's date line too (weekday, date, time).
            let page = f.ok(tz, &["show", id, "--width", "200"]);
            let meta = page.lines().nth(1).unwrap_or_default();
            assert!(
                meta.contains(&shown),
                "TZ={tz} show {id}: {meta:?} vs {published}"
            );
        }
    }
}

#[test]
fn date_filters_and_search_take_the_days_of_the_run() {
    let f = folder();
    f.ok("UTC", &["index"]);
    let ids = |rows: Vec<(String, String)>| -> Vec<String> {
        rows.into_iter().map(|(id, _)| id).collect()
    };
    let utc = f.listed("UTC", &[]);
    let late = late_id(&utc);
    assert_eq!(
        ids(f.listed("UTC", &["--date", "17/10/2017"])),
        Vec::<String>::new()
    );
    assert_eq!(ids(f.listed(hanoi(), &["--date", "17/10/2017"])), [late]);
    assert_eq!(
        ids(f.listed(hanoi(), &["--date", "16/10/2017"])),
        [
            "feeds/wire.xml#s1",
            "cam.txt",
            "notes/zoned.txt",
            "notes/floating.txt"
        ]
    );
    assert_eq!(
        ids(f.listed(new_york(), &["--date", "17/10/2017"])),
        Vec::<String>::new()
    );
    // Search results carry the same times as the list.
    let found = rows(&f.ok(hanoi(), &["search", "summit", "--newest", "--json"]));
    assert_eq!(
        found,
        [
            (
                "feeds/wire.xml#s3".to_string(),
                "2018-01-15T19:00:00+07:00".to_string()
            ),
            (
                "feeds/wire.xml#s1".to_string(),
                "2017-10-16T20:30:00+07:00".to_string()
            ),
        ]
    );
    let found = rows(&f.ok(
        hanoi(),
        &["search", "summit", "--date", "16/10/2017", "--json"],
    ));
    assert_eq!(found.len(), 1, "{found:?}");
}

/// The zone `published` was last computed in, as the index records it.
fn recorded_zone(f: &Folder) -> Option<String> {
    let conn = rusqlite::Connection::open(f.index_path()).unwrap();
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'published_zone'",
        [],
        |r| r.get(0),
    )
    .ok()
}

#[test]
fn zones_are_told_apart_by_their_offsets_not_their_names() {
    let f = folder();
    // Pairs of names of one zone: the database's aliases, and POSIX
    // strings that differ only in their abbreviations.
    let mut pairs = vec![("ICT-7", "XYZ-7"), ("UTC0", "GMT0")];
    if Path::new("/usr/share/zoneinfo/Asia/Saigon").exists() {
        pairs.extend([("Asia/Ho_Chi_Minh", "Asia/Saigon"), ("UTC", "Etc/UTC")]);
    }
    let mut seen = Vec::new();
    for (name, alias) in pairs {
        f.ok(name, &["list"]);
        let first = recorded_zone(&f).unwrap();
        f.ok(alias, &["list"]);
        assert_eq!(recorded_zone(&f).unwrap(), first, "{name} vs {alias}");
        seen.push(first);
    }
    // ICT-7 and UTC0 differ (and Asia/Ho_Chi_Minh from both: it was at
    // +08:00 from 1959 to 1975).
    assert_ne!(seen[0], seen[1]);
    if seen.len() == 4 {
        assert_eq!(seen[3], seen[1]);
        assert_ne!(seen[2], seen[0]);
    }
    f.ok(new_york(), &["list"]);
    assert!(!seen.contains(&recorded_zone(&f).unwrap()));
}
