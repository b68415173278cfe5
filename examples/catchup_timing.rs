//! Times the catch-up at scale (issue 16's budget: marking every article
//! of a view read takes at most 200 ms at 100,000 articles and never
//! blocks a key longer): what the job does on its own connection (open
//! the store, `Catalog::mark_view_read`: one pass over the filter that
//! updates the index's mirror and names the articles, then the state's
//! rows written from those ids, in one transaction), what the
//! event loop does when the job says it is done (the list's counts and
//! first window asked again), the undo (`Catalog::set_read_many` with the
//! ids), and the way before (`unread_ids`, then `set_read_many`), for the
//! whole archive, one year, and one source. "unread list" is the view
//! with unread only asked while its articles are all read (counts and the
//! first window: the unread list's worst case, nothing left to show).
//!
//! ```sh
//! cargo run --release --example catchup_timing -- /tmp/scale/c100k /tmp/daily/c100k.sqlite
//! ```
//!
//! The index is synced first if the folder changed; the state file is the
//! index's path with `.state.sqlite` (its own, not the user's). Each run
//! marks and unmarks, so every run starts from the same state. Prints
//! wall and CPU time (the figure to trust on a busy machine) and the load.
//! Timings, not a test: nothing fails.

use std::path::PathBuf;
use std::time::Instant;

use xemtin::catalog::{Catalog, Filter};
use xemtin::dates::DateFilter;
use xemtin::store::{Store, StorePaths, sync};

#[path = "bench_support/clock.rs"]
mod clock;
use clock::{cpu_time, load_average, median};

const RUNS: usize = 5;

fn main() {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let (Some(data), Some(index)) = (args.first(), args.get(1)) else {
        eprintln!("usage: catchup_timing DATA_FOLDER INDEX_FILE");
        std::process::exit(2);
    };
    let paths = StorePaths {
        index: index.clone(),
        state: index.with_extension("state.sqlite"),
    };
    let t = Instant::now();
    match sync(&paths, data, false, &mut |_| {}) {
        Ok(r) => println!("sync: {:.1?} ({} added)", t.elapsed(), r.added),
        Err(e) => fail(&e.to_string()),
    }
    let mut store = match Store::open(&paths, data) {
        Ok((s, _)) => s,
        Err(e) => fail(&e.to_string()),
    };
    let source = store
        .sources(&Filter::default())
        .ok()
        .and_then(|s| s.first().map(|(name, _)| name.clone()));
    let views = [
        ("everything", Filter::default()),
        (
            "one year (2020)",
            Filter {
                dates: Some(DateFilter::Year(2020)),
                ..Filter::default()
            },
        ),
        (
            "one source",
            Filter {
                source,
                ..Filter::default()
            },
        ),
    ];
    println!("load average: {}", load_average());
    println!(
        "{:<16} {:>8} {:>11} {:>11} {:>11} {:>11} {:>11} {:>11} {:>11} {:>11}",
        "view",
        "articles",
        "job wall",
        "job cpu",
        "list wall",
        "list cpu",
        "unread cpu",
        "undo wall",
        "undo cpu",
        "by ids wall"
    );
    for (name, filter) in &views {
        let (mut job, mut list, mut undo, mut by_ids) = (vec![], vec![], vec![], vec![]);
        let mut unread_list = vec![];
        let unread_only = Filter {
            unread_only: true,
            ..filter.clone()
        };
        let mut count = 0;
        for _ in 0..RUNS {
            // the job: its own connection, one statement over the filter
            let (t, c) = (Instant::now(), cpu_time());
            let ids = match Store::open(&paths, data) {
                Ok((mut marker, _)) => marker.mark_view_read(filter, None),
                Err(e) => fail(&e.to_string()),
            }
            .unwrap_or_else(|e| fail(&e.0));
            job.push((t.elapsed(), cpu_time().saturating_sub(c)));
            count = ids.len();
            // the event loop on its notice: the list asked again
            let (t, c) = (Instant::now(), cpu_time());
            let _ = store.count(filter).and_then(|_| store.unread(filter));
            let _ = store.window(filter, 0, 30);
            list.push((t.elapsed(), cpu_time().saturating_sub(c)));
            let (t, c) = (Instant::now(), cpu_time());
            let _ = store
                .count(&unread_only)
                .and_then(|_| store.unread(&unread_only));
            let _ = store.window(&unread_only, 0, 30);
            unread_list.push((t.elapsed(), cpu_time().saturating_sub(c)));
            let (t, c) = (Instant::now(), cpu_time());
            if let Err(e) = store.set_read_many(&ids, false) {
                fail(&e.0);
            }
            undo.push((t.elapsed(), cpu_time().saturating_sub(c)));
            // before: the ids listed, then written back one by one
            let (t, c) = (Instant::now(), cpu_time());
            let ids = store
                .unread_ids(filter, None)
                .unwrap_or_else(|e| fail(&e.0));
            if let Err(e) = store.set_read_many(&ids, true) {
                fail(&e.0);
            }
            by_ids.push((t.elapsed(), cpu_time().saturating_sub(c)));
            if let Err(e) = store.set_read_many(&ids, false) {
                fail(&e.0);
            }
        }
        let (jw, jc) = median(&job);
        let (lw, lc) = median(&list);
        let (_, ulc) = median(&unread_list);
        let (uw, uc) = median(&undo);
        let (bw, _) = median(&by_ids);
        println!(
            "{name:<16} {count:>8} {jw:>11.1?} {jc:>11.1?} {lw:>11.1?} {lc:>11.1?} {ulc:>11.1?} {uw:>11.1?} {uc:>11.1?} {bw:>11.1?}"
        );
    }
    // The state holding a row (read = 0) for every article, as undoing a
    // catch-up left it before taking marks back deleted such rows: marking
    // then rewrites the state's rows instead of inserting them.
    let mut opening = vec![];
    for _ in 0..RUNS {
        let c = cpu_time();
        drop(Store::open(&paths, data));
        opening.push((std::time::Duration::ZERO, cpu_time().saturating_sub(c)));
    }
    println!(
        "of which opening the store on the job's thread: {:.1?} of CPU",
        median(&opening).1
    );
    let mut job = vec![];
    let mut count = 0;
    for _ in 0..RUNS {
        if let Err(e) = state_rows_for_every_article(&paths) {
            fail(&e.to_string());
        }
        let (t, c) = (Instant::now(), cpu_time());
        let ids = match Store::open(&paths, data) {
            Ok((mut marker, _)) => marker.mark_view_read(&Filter::default(), None),
            Err(e) => fail(&e.to_string()),
        }
        .unwrap_or_else(|e| fail(&e.0));
        job.push((t.elapsed(), cpu_time().saturating_sub(c)));
        count = ids.len();
        if let Err(e) = store.set_read_many(&ids, false) {
            fail(&e.0);
        }
    }
    let (jw, jc) = median(&job);
    println!("everything, the state holding a row (read = 0) for each:");
    println!("{:<16} {count:>8} {jw:>11.1?} {jc:>11.1?}", "everything");
}

/// A row in the state for every article of the index, unread.
fn state_rows_for_every_article(paths: &StorePaths) -> rusqlite::Result<()> {
    let conn = rusqlite::Connection::open(&paths.state)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute(
        "ATTACH DATABASE ?1 AS idx",
        [paths.index.to_string_lossy().as_ref()],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO marks (id) SELECT id FROM idx.articles",
        [],
    )?;
    Ok(())
}

fn fail(message: &str) -> ! {
    eprintln!("catchup_timing: {message}");
    std::process::exit(1);
}
