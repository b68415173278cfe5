//! Side-by-side measurements of full-text index layouts (issue 13): how
//! long FTS5 takes to index the folded text of a corpus, and how large the
//! result is, for several table options and for several tables filled in
//! parallel.
//!
//! ```sh
//! cargo run --release --example fts_options -- fold DATA /tmp/scale/folded.sqlite
//! cargo run --release --example fts_options -- build /tmp/scale/folded.sqlite /tmp/scale/fts NAME SHARDS 'OPTIONS'
//! ```
//!
//! `fold` parses every file of DATA and stores the folded text of each
//! article (what the sync gives FTS5) in a plain table, and prints what
//! parsing and folding cost. `build` creates SHARDS contentless FTS5 tables,
//! each in a database file of its own written by a thread of its own, with
//! the given extra OPTIONS (e.g. `prefix = '1 2 3'`, `columnsize = 0`), then
//! merges each (`optimize`) and prints wall and CPU time and the size.
//! `foldcmp` parses every file of DATA into memory, then times on one
//! thread the full-text columns of every article made in three steps (fold,
//! split, join: `index_text` before it was one pass) and by `index_text`,
//! best of three, and checks that both give the same text.
//! Timings, not a test: nothing fails.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use xemtin::fold::{index_text, index_text_of_parts};
use xemtin::ingest::{ParseOptions, read_file};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("fold") if args.len() == 3 => fold(Path::new(&args[1]), Path::new(&args[2])),
        Some("build") if args.len() == 6 => build(
            Path::new(&args[1]),
            Path::new(&args[2]),
            &args[3],
            args[4].parse().unwrap_or(1),
            &args[5],
        ),
        Some("sql") if args.len() >= 3 => sql(Path::new(&args[1]), &args[2..]),
        Some("foldcmp") if args.len() == 2 => fold_compare(Path::new(&args[1])),
        _ => {
            eprintln!(
                "usage: fts_options fold DATA FOLDED.sqlite | foldcmp DATA | build FOLDED.sqlite OUT_DIR NAME SHARDS 'OPTIONS'"
            );
            std::process::exit(2);
        }
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        match e.file_type() {
            Ok(t) if t.is_dir() => files(&e.path(), out),
            _ => out.push(e.path()),
        }
    }
}

fn fold(data: &Path, out: &Path) {
    let mut list = Vec::new();
    files(data, &mut list);
    list.sort();
    let _ = std::fs::remove_file(out);
    let mut db = Connection::open(out).expect("open");
    db.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         CREATE TABLE docs (rowid INTEGER PRIMARY KEY, title, body, source);",
    )
    .expect("schema");
    let opts = ParseOptions::local();
    let (mut parse, mut folding) = (Duration::ZERO, Duration::ZERO);
    let (mut text_bytes, mut folded_bytes) = (0usize, 0usize);
    let tx = db.transaction().expect("tx");
    let mut rowid = 0i64;
    for path in &list {
        let rel = path
            .strip_prefix(data)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        let t = thread_cpu();
        let Ok(outcome) = read_file(path, &rel, &opts) else {
            continue;
        };
        parse += thread_cpu() - t;
        for a in outcome.articles {
            let t = thread_cpu();
            let body = a.paragraphs.join("\n");
            text_bytes += body.len() + a.title.len();
            let (ti, bo, so) = (
                index_text(&a.title),
                index_text(&body),
                index_text(a.source.as_deref().unwrap_or("")),
            );
            folding += thread_cpu() - t;
            folded_bytes += ti.len() + bo.len() + so.len();
            rowid += 1;
            tx.execute(
                "INSERT INTO docs VALUES (?1, ?2, ?3, ?4)",
                params![rowid, ti, bo, so],
            )
            .expect("insert");
        }
    }
    tx.commit().expect("commit");
    println!(
        "{rowid} articles: read+parse cpu {parse:.2?}, fold cpu {folding:.2?} (one thread); text {:.1} MB, folded {:.1} MB",
        text_bytes as f64 / 1e6,
        folded_bytes as f64 / 1e6
    );
}

fn fold_compare(data: &Path) {
    let mut list = Vec::new();
    files(data, &mut list);
    list.sort();
    let opts = ParseOptions::local();
    let mut articles = Vec::new();
    for path in &list {
        let rel = path.strip_prefix(data).unwrap_or(path).to_string_lossy();
        if let Ok(outcome) = read_file(path, &rel, &opts) {
            articles.extend(outcome.articles);
        }
    }
    let three_steps = |s: &str| xemtin::fold::tokens(&xemtin::fold::fold(s)).join(" ");
    let (mut old, mut new) = (Duration::MAX, Duration::MAX);
    let mut bytes = 0;
    for _ in 0..3 {
        let t = thread_cpu();
        bytes = 0;
        for a in &articles {
            bytes += three_steps(&a.title).len()
                + three_steps(&a.paragraphs.join("\n")).len()
                + three_steps(a.source.as_deref().unwrap_or("")).len();
        }
        old = old.min(thread_cpu() - t);
        let t = thread_cpu();
        for a in &articles {
            std::hint::black_box(index_text(&a.title));
            std::hint::black_box(index_text_of_parts(a.paragraphs.iter().map(String::as_str)));
            std::hint::black_box(index_text(a.source.as_deref().unwrap_or("")));
        }
        new = new.min(thread_cpu() - t);
    }
    let differ = articles
        .iter()
        .filter(|a| {
            index_text_of_parts(a.paragraphs.iter().map(String::as_str))
                != three_steps(&a.paragraphs.join("\n"))
                || index_text(&a.title) != three_steps(&a.title)
        })
        .count();
    println!(
        "{} articles, {:.1} MB folded: three steps cpu {old:.2?}, one pass cpu {new:.2?} (best of 3, one thread); {differ} differ",
        articles.len(),
        bytes as f64 / 1e6
    );
}

fn build(folded: &Path, out: &Path, name: &str, shards: usize, options: &str) {
    let shards = shards.max(1);
    if env_or("XT_NO_MEMSTATUS", 0) == 1 {
        // SAFETY: before any other SQLite call of this process.
        unsafe { rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0) };
    }
    std::fs::create_dir_all(out).expect("out dir");
    let (t0, c0) = (Instant::now(), process_cpu());
    let total: i64 = Connection::open(folded)
        .and_then(|c| c.query_row("SELECT max(rowid) FROM docs", [], |r| r.get(0)))
        .expect("folded corpus");
    let sizes: Vec<(u64, Duration)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..shards)
            .map(|k| {
                let file = out.join(format!("{name}-{k}.sqlite"));
                scope.spawn(move || fill(folded, &file, options, shards, k))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let (wall, cpu) = (t0.elapsed(), process_cpu() - c0);
    let bytes: u64 = sizes.iter().map(|s| s.0).sum();
    let merge = sizes.iter().map(|s| s.1).max().unwrap_or_default();
    println!(
        "{name}: {total} docs, {shards} shard(s), [{options}]: wall {wall:.2?} (longest optimize {merge:.2?}), cpu {cpu:.2?}, {:.1} MB",
        bytes as f64 / 1e6
    );
}

/// Fill one shard (rows `rowid % shards == k`), commit every 500 rows,
/// optimize; its size in bytes (pages in use) and the time of the merge.
fn fill(folded: &Path, file: &Path, options: &str, shards: usize, k: usize) -> (u64, Duration) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let src = Connection::open(folded).expect("folded");
    let mut db = Connection::open(file).expect("shard");
    db.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -8192;
         CREATE VIRTUAL TABLE fts USING fts5(title, body, source, tokenize = 'ascii',
             content = ''{sep}{options});
         INSERT INTO fts (fts, rank) VALUES ('hashsize', {hash});
         INSERT INTO fts (fts, rank) VALUES ('automerge', 0);
         INSERT INTO fts (fts, rank) VALUES ('crisismerge', 64);",
        sep = if options.is_empty() { "" } else { ", " },
        hash = env_or("XT_HASH_MIB", 8) << 20,
    ))
    .expect("fts table");
    let mut stmt = src
        .prepare(
            "SELECT rowid, title, body, source FROM docs WHERE rowid % ?1 = ?2 ORDER BY rowid DESC",
        )
        .expect("select");
    let mut rows = stmt.query(params![shards as i64, k as i64]).expect("query");
    let mut tx = db.transaction().expect("tx");
    let mut n = 0;
    while let Some(r) = rows.next().expect("row") {
        let (rowid, t, b, s): (i64, String, String, String) = (
            r.get(0).unwrap(),
            r.get(1).unwrap(),
            r.get(2).unwrap(),
            r.get(3).unwrap(),
        );
        tx.prepare_cached("INSERT INTO fts (rowid, title, body, source) VALUES (?1, ?2, ?3, ?4)")
            .and_then(|mut st| st.execute(params![rowid, t, b, s]))
            .expect("insert");
        n += 1;
        if n % env_or("XT_COMMIT", 500) == 0 {
            tx.commit().expect("commit");
            tx = db.transaction().expect("tx");
        }
    }
    tx.commit().expect("commit");
    let t = Instant::now();
    db.execute_batch("INSERT INTO fts (fts) VALUES ('optimize');")
        .expect("optimize");
    let merge = t.elapsed();
    let pages: i64 = db
        .query_row(
            "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count())",
            [],
            |r| r.get(0),
        )
        .expect("size");
    let page: i64 = db
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    ((pages * page) as u64, merge)
}

/// Run each statement three times; print the rows of the first run (at
/// most 12) and the time of the fastest.
fn sql(db: &Path, statements: &[String]) {
    let conn = Connection::open(db).expect("open");
    for s in statements {
        let mut best = (Duration::MAX, Duration::MAX);
        let mut shown = Vec::new();
        for run in 0..3 {
            let (t, c) = (Instant::now(), thread_cpu());
            let mut stmt = conn.prepare(s).expect("prepare");
            let n = stmt.column_count();
            let mut rows = stmt.query([]).expect("query");
            let mut count = 0;
            while let Some(r) = rows.next().expect("row") {
                count += 1;
                if run == 0 && shown.len() < 12 {
                    let cells: Vec<String> = (0..n)
                        .map(|i| match r.get_ref(i).expect("cell") {
                            rusqlite::types::ValueRef::Text(t) => {
                                String::from_utf8_lossy(t).into_owned()
                            }
                            v => format!("{v:?}"),
                        })
                        .collect();
                    shown.push(cells.join(" | "));
                }
            }
            best = (best.0.min(t.elapsed()), best.1.min(thread_cpu() - c));
            if run == 0 {
                shown.push(format!("({count} rows)"));
            }
        }
        println!(
            "{s}\n  wall {:.2?}, cpu {:.2?}\n  {}",
            best.0,
            best.1,
            shown.join("\n  ")
        );
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid out-pointer for clock_gettime.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn process_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid out-pointer for clock_gettime.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
