//! Times what time zones cost an index: the zone's fingerprint (worked out
//! once per run), opening the index in another zone (the `published`
//! column of every instant recomputed in one UPDATE), opening it in the
//! same zone again, and the sync that follows the move from schema 3 (every
//! file with a timed article parsed again for its dates).
//!
//! ```sh
//! python3 ../shared/tools/gen_corpus.py --articles 100000 --out /tmp/rss100k --format rss
//! cargo run --release --example zone_timing -- /tmp/rss100k [/tmp/xemtin-zone-timing [reuse]]
//! ```
//!
//! The generator writes 20 feeds of 5,000 items, over the 10 MB a file may
//! have: split them first (500 items a feed), as BENCHMARKS.md shows.
//! The index goes in the second folder, rebuilt from nothing each run in
//! this machine's zone, unless `reuse` is given and it is there.
//! Timings, not a test: nothing fails.

use std::path::PathBuf;
use std::time::Instant;

use chrono::FixedOffset;
use xemtin::store::{Stage, Store, StorePaths, sync};
use xemtin::zone::Zone;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(data) = args.next().map(PathBuf::from) else {
        eprintln!("usage: zone_timing DATA_FOLDER [WORK_FOLDER]");
        std::process::exit(2);
    };
    let work = args.next().map_or_else(
        || std::env::temp_dir().join("xemtin-zone-timing"),
        PathBuf::from,
    );
    let reuse = args.next().as_deref() == Some("reuse");
    let paths = StorePaths::in_folders(&work.join("cache"), &work.join("share"), &data);
    let reuse = reuse && paths.index.exists();
    if !reuse {
        let _ = std::fs::remove_dir_all(&work);
    }

    let t = Instant::now();
    let local = Zone::Local.fingerprint();
    println!(
        "fingerprint of this machine's zone ({local}): {:.2?}",
        t.elapsed()
    );
    for (name, h) in [("+07:00", 7), ("-05:00", -5)] {
        let t = Instant::now();
        let _ = hours(h).fingerprint();
        println!("fingerprint of {name}: {:.2?}", t.elapsed());
    }

    let t = Instant::now();
    let report = sync(&paths, &data, false, &mut |_| {}).unwrap_or_else(|e| fail(&e.0));
    let what = if reuse {
        "sync of the index kept"
    } else {
        "first index"
    };
    println!(
        "{what}: {} articles in {:.2?}",
        report.added + report.unchanged,
        t.elapsed()
    );
    let instants = count(
        &paths,
        "SELECT count(*) FROM articles WHERE instant IS NOT NULL",
    );
    println!("articles with an instant: {instants}");

    for (name, zone) in [
        ("+07:00 (recomputed)", hours(7)),
        ("+07:00 again (nothing to do)", hours(7)),
        ("-05:00 (recomputed)", hours(-5)),
        ("this machine's zone (recomputed)", Zone::Local),
    ] {
        let t = Instant::now();
        let opened = Store::open_in(&paths, &data, zone);
        let took = t.elapsed();
        if let Err(e) = opened {
            fail(&e.0);
        }
        println!("open in {name}: {took:.2?}");
    }

    // What the move from schema 3 leaves to the next sync.
    let marked = execute(
        &paths,
        "UPDATE files SET mtime = -2 WHERE mtime >= 0 AND path IN
             (SELECT coalesce(file, id) FROM articles WHERE published GLOB '*T*')",
    );
    let t = Instant::now();
    let mut texts = 0;
    let report = sync(&paths, &data, false, &mut |p| {
        if p.stage == Stage::Text {
            texts = texts.max(p.total);
        }
    })
    .unwrap_or_else(|e| fail(&e.0));
    println!(
        "sync after the move from schema 3 ({marked} files marked): {:.2?}; {} unchanged, {} changed, {} texts indexed again",
        t.elapsed(),
        report.unchanged,
        report.changed,
        texts
    );
}

fn hours(h: i32) -> Zone {
    FixedOffset::east_opt(h * 3600).map_or(Zone::utc(), Zone::Fixed)
}

fn fail(message: &str) -> ! {
    eprintln!("zone_timing: {message}");
    std::process::exit(1);
}

fn connect(paths: &StorePaths) -> rusqlite::Connection {
    rusqlite::Connection::open(&paths.index).unwrap_or_else(|e| fail(&e.to_string()))
}

fn count(paths: &StorePaths, sql: &str) -> i64 {
    connect(paths)
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| fail(&e.to_string()))
}

fn execute(paths: &StorePaths, sql: &str) -> usize {
    connect(paths)
        .execute(sql, [])
        .unwrap_or_else(|e| fail(&e.to_string()))
}
