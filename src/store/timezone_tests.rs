//! Times in the index across time zones (issue #12, class 9): instants are
//! kept, shown and filtered in the zone of the run; floating dates stay as
//! written; an index of version 3 has its dates read again without its
//! full text being rebuilt.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use chrono::{FixedOffset, NaiveDate};
use rusqlite::Connection;

use super::*;
use crate::catalog::{Catalog, Filter, Summary};
use crate::dates::DateFilter;
use crate::ingest::ParseOptions;
use crate::zone::Zone;

struct Env {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    paths: StorePaths,
}

fn hours(h: i32) -> Zone {
    Zone::Fixed(FixedOffset::east_opt(h * 3600).unwrap())
}

/// A feed of two items at 13:30 and 20:00 UTC on 16 October 2017, one of
/// them with neither guid nor link, and a newspaper page at 19:20 (no
/// zone: floating).
const FEED: &str = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n\
    <item><title>Summit opens</title><guid>s1</guid>\
    <pubDate>Mon, 16 Oct 2017 13:30:00 +0000</pubDate><description>Leaders met.</description></item>\n\
    <item><title>Late news</title>\
    <pubDate>Mon, 16 Oct 2017 20:00:00 +0000</pubDate><description>Night shift.</description></item>\n\
    </channel></rss>\n";
const PAGE: &str =
    "Cam sành vào vụ\n\nngày 16 tháng 10 năm 2017 - 19:20\n\nVườn cam.\n\nTheo Báo A\n";

impl Env {
    fn new() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        fs::create_dir(&data).unwrap();
        let paths =
            StorePaths::in_folders(&tmp.path().join("cache"), &tmp.path().join("share"), &data);
        let env = Env {
            _tmp: tmp,
            data,
            paths,
        };
        env.write("feeds/wire.xml", FEED);
        env.write("cam.txt", PAGE);
        env
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.data.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
        let f = fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1000))
            .unwrap();
    }

    fn sync_in(&self, zone: Zone, progress: &mut dyn FnMut(Progress)) -> SyncReport {
        let opts = ParseOptions { zone };
        sync::sync_in_batches(&self.paths, &self.data, false, &opts, progress, 100).unwrap()
    }

    fn store_in(&self, zone: Zone) -> Store {
        let (mut store, notices) = Store::open_in(&self.paths, &self.data, zone).unwrap();
        store.set_limits(crate::catalog::Limits::SMALL);
        assert!(notices.is_empty(), "{notices:?}");
        store
    }
}

fn rows(store: &mut Store, filter: &Filter) -> Vec<Summary> {
    let n = store.count(filter).unwrap();
    store.window(filter, 0, n + 1).unwrap()
}

/// (id, short date) of every row, in order.
fn listed(store: &mut Store, filter: &Filter) -> Vec<(String, String)> {
    rows(store, filter)
        .into_iter()
        .map(|s| (s.id, s.published.map(|p| p.short()).unwrap_or_default()))
        .collect()
}

fn day(d: u32) -> Filter {
    Filter {
        dates: Some(DateFilter::Day(
            NaiveDate::from_ymd_opt(2017, 10, d).unwrap(),
        )),
        ..Filter::default()
    }
}

/// The `published` column as stored, by id.
fn column(store: &Store) -> Vec<(String, Option<String>, Option<i64>)> {
    store
        .conn
        .prepare("SELECT id, published, instant FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The id the feed gives its item without guid or link (a hash).
fn keyless_id(store: &mut Store) -> String {
    rows(store, &Filter::default())
        .into_iter()
        .map(|s| s.id)
        .find(|id| id.starts_with("feeds/wire.xml#h"))
        .unwrap()
}

#[test]
fn indexed_in_one_zone_listed_shown_and_filtered_in_another() {
    let env = Env::new();
    env.sync_in(Zone::utc(), &mut |_| {});
    let mut utc = env.store_in(Zone::utc());
    let late = keyless_id(&mut utc);
    assert_eq!(
        listed(&mut utc, &Filter::default()),
        [
            (late.clone(), "16/10/2017 20:00".into()),
            ("cam.txt".into(), "16/10/2017 19:20".into()),
            ("feeds/wire.xml#s1".into(), "16/10/2017 13:30".into()),
        ]
    );
    assert_eq!(rows(&mut utc, &day(17)).len(), 0);
    drop(utc);

    // The same index at +07:00, without a sync: the instants move, the
    // page does not, and the order and the days follow.
    let mut hanoi = env.store_in(hours(7));
    assert_eq!(
        listed(&mut hanoi, &Filter::default()),
        [
            (late.clone(), "17/10/2017 03:00".into()),
            ("feeds/wire.xml#s1".into(), "16/10/2017 20:30".into()),
            ("cam.txt".into(), "16/10/2017 19:20".into()),
        ]
    );
    assert_eq!(
        listed(&mut hanoi, &day(17)),
        [(late.clone(), "17/10/2017 03:00".into())]
    );
    assert_eq!(rows(&mut hanoi, &day(16)).len(), 2);
    // The reader agrees with the list, and the item without a key keeps
    // its id in every zone.
    let shown = hanoi
        .article("feeds/wire.xml#s1")
        .unwrap()
        .published
        .unwrap();
    assert_eq!(shown.short(), "16/10/2017 20:30");
    assert_eq!(shown.iso8601(), "2017-10-16T20:30:00+07:00");
    assert_eq!(hanoi.article(&late).unwrap().title, "Late news");
    let page = hanoi.article("cam.txt").unwrap().published.unwrap();
    assert_eq!(
        (page.iso8601(), page.instant),
        ("2017-10-16T19:20:00".into(), None)
    );
    // The column itself was recomputed: ordering and filters are index
    // lookups on it.
    assert_eq!(
        column(&hanoi),
        [
            ("cam.txt".into(), Some("2017-10-16T19:20".into()), None),
            (
                late.clone(),
                Some("2017-10-17T03:00".into()),
                Some(1_508_184_000)
            ),
            (
                "feeds/wire.xml#s1".into(),
                Some("2017-10-16T20:30".into()),
                Some(1_508_160_600)
            ),
        ]
    );
    // A sync in this zone finds nothing to do, and New York sees its own
    // clock (a fixed -04:00 here; real zones in tests/timezones.rs).
    let r = env.sync_in(hours(7), &mut |_| {});
    assert_eq!((r.added, r.changed, r.unchanged), (0, 0, 3));
    drop(hanoi);
    let mut west = env.store_in(hours(-4));
    assert_eq!(
        listed(&mut west, &day(16))
            .into_iter()
            .map(|(_, d)| d)
            .collect::<Vec<_>>(),
        ["16/10/2017 19:20", "16/10/2017 16:00", "16/10/2017 09:30"]
    );
}

#[test]
fn the_zone_is_recorded_and_recomputing_happens_once_per_change() {
    let env = Env::new();
    env.sync_in(hours(7), &mut |_| {});
    let (mut conn, _) = index::open(&env.paths.index, hours(7)).unwrap();
    assert!(!index::align_zone(&mut conn, hours(7)).unwrap());
    assert!(index::align_zone(&mut conn, Zone::utc()).unwrap());
    assert!(!index::align_zone(&mut conn, Zone::utc()).unwrap());
    // Equal offsets are the same zone, whatever they are called.
    let same_as_utc = Zone::Fixed(FixedOffset::east_opt(0).unwrap());
    assert!(!index::align_zone(&mut conn, same_as_utc).unwrap());
    assert_ne!(hours(7).fingerprint(), Zone::utc().fingerprint());
    assert_eq!(hours(7).fingerprint(), hours(7).fingerprint());
}

/// One item, guid s3, at 23:00 UTC on 15 October 2017.
const FEED_S3: &str = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n\
    <item><title>Early bird</title><guid>s3</guid>\
    <pubDate>Sun, 15 Oct 2017 23:00:00 +0000</pubDate><description>Dawn.</description></item>\n\
    </channel></rss>\n";

/// The rows a version 3 build left for [`Env::new`]'s folder and
/// `feeds/early.xml`, synced at +07:00: the feeds' times shifted to +07:00,
/// no instants, every text indexed; the keyless item's id was made from
/// its +07:00 wall clock.
fn write_version_3_index(env: &Env) {
    fs::create_dir_all(env.paths.index.parent().unwrap()).unwrap();
    let conn = Connection::open(&env.paths.index).unwrap();
    index::create_at_version(&conn, 3).unwrap();
    let file = |rel: &str| {
        let bytes = fs::read(env.data.join(rel)).unwrap();
        let mtime = fs::metadata(env.data.join(rel))
            .unwrap()
            .modified()
            .unwrap()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as i64;
        (
            bytes.len() as i64,
            mtime,
            super::paths::content_hash(&bytes),
        )
    };
    for (rel, n) in [
        ("feeds/wire.xml", 2),
        ("feeds/early.xml", 1),
        ("cam.txt", 1),
    ] {
        let (size, mtime, hash) = file(rel);
        conn.execute(
            "INSERT INTO files (path, size, mtime, hash, articles) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![rel, size, mtime, hash, n],
        )
        .unwrap();
    }
    conn.execute_batch(
        "INSERT INTO articles (id, idkey, title, published, source, file) VALUES
            ('cam.txt', 1, 'Cam sành vào vụ', '2017-10-16T19:20', 'Báo A', NULL),
            ('feeds/early.xml#s3', 2, 'Early bird', '2017-10-16T06:00', 'Wire', 'feeds/early.xml'),
            ('feeds/wire.xml#h0123456789abcdef', 3, 'Late news', '2017-10-17T03:00', 'Wire', 'feeds/wire.xml'),
            ('feeds/wire.xml#s1', 4, 'Summit opens', '2017-10-16T20:30', 'Wire', 'feeds/wire.xml');
         INSERT INTO texted SELECT rowid FROM articles;
         INSERT INTO fts (rowid, title, body, source)
             SELECT rowid, lower(title), 'text', '' FROM articles;",
    )
    .unwrap();
}

#[test]
fn a_version_3_index_has_its_dates_read_again_and_keeps_its_text() {
    let env = Env::new();
    env.write("feeds/early.xml", FEED_S3);
    write_version_3_index(&env);
    {
        // Opened in UTC: migrated; the files with a time are marked.
        let store = env.store_in(Zone::utc());
        let marked: Vec<i64> = store
            .conn
            .prepare("SELECT mtime FROM files")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(marked, [index::REDATE; 3]);
    }
    let mut stages = Vec::new();
    let r = env.sync_in(Zone::utc(), &mut |p| stages.push(p));
    // The page and early.xml were re-dated only; wire.xml no longer gives
    // the keyless item's old id, so it was written again. Every text is
    // indexed again: the move to version 5 rebuilds the full-text table.
    assert_eq!((r.added, r.changed, r.removed, r.unchanged), (1, 1, 1, 2));
    let text_totals: Vec<usize> = stages
        .iter()
        .filter(|p| p.stage == Stage::Text)
        .map(|p| p.total)
        .collect();
    assert!(
        !text_totals.is_empty() && text_totals.iter().all(|&n| n == 4),
        "{stages:?}"
    );
    let mut store = env.store_in(Zone::utc());
    let late = keyless_id(&mut store);
    assert_eq!(
        listed(&mut store, &Filter::default()),
        [
            (late, "16/10/2017 20:00".into()),
            ("cam.txt".into(), "16/10/2017 19:20".into()),
            ("feeds/wire.xml#s1".into(), "16/10/2017 13:30".into()),
            ("feeds/early.xml#s3".into(), "15/10/2017 23:00".into()),
        ]
    );
    // early.xml is still found (its text indexed again).
    let search = Filter {
        text: Some("early".into()),
        ..Filter::default()
    };
    assert_eq!(rows(&mut store, &search).len(), 1);
    let files: Vec<i64> = store
        .conn
        .prepare("SELECT mtime FROM files")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(files.iter().all(|&m| m >= 0), "{files:?}");
}
