//! Times what the pane of sources and views asks at scale (issue 16's
//! budget: a saved view's counts take at most 30 ms each at 100,000
//! articles): every source with its unread and total counts, then the
//! unread and total counts of saved views of every kind, each asked as the
//! pane asks it (`Catalog::counts_aside`: from nothing kept, beside the
//! list's own search, which stays as it was).
//!
//! ```sh
//! export XDG_CACHE_HOME=/tmp/views-xdg/cache XDG_DATA_HOME=/tmp/views-xdg/data
//! cargo run --release -- --data /tmp/scale/c100k index
//! cargo run --release --example views_timing -- /tmp/scale/c100k
//! ```
//!
//! The index and the state are those `xemtin --data DATA_FOLDER` uses
//! (the XDG folders of the environment): index the folder first. Marks are
//! set on one article in fifty before timing (so the unread counts differ
//! from the totals) and taken back at the end. Prints the median of each
//! of wall and CPU time (the figure to trust on a busy machine), and the
//! load. Timings, not a test: nothing fails.

use std::path::PathBuf;
use std::time::Instant;

use xemtin::catalog::{Catalog, Filter};
use xemtin::dates::DateFilter;
use xemtin::store::{Store, StorePaths};

#[path = "bench_support/clock.rs"]
mod clock;
use clock::{cpu_time, load_average, median};

const RUNS: usize = 9;

fn main() {
    let Some(data) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: views_timing DATA_FOLDER (indexed by `xemtin --data DATA_FOLDER index`)");
        std::process::exit(2);
    };
    let Some(paths) = StorePaths::default_for(&data) else {
        fail("no cache folder: set HOME or XDG_CACHE_HOME");
    };
    if !paths.index.is_file() {
        fail(&format!(
            "no index at {}: run `xemtin --data {} index` first",
            paths.index.display(),
            data.display()
        ));
    }
    let mut store = match Store::open(&paths, &data) {
        Ok((s, _)) => s,
        Err(e) => fail(&e.to_string()),
    };
    let all = Filter::default();
    let total = store.count(&all).unwrap_or_else(|e| fail(&e.0));
    let marked = mark_some_read(&mut store, total);
    let source = store
        .sources(&all)
        .ok()
        .and_then(|s| s.first().map(|(name, _)| name.clone()));
    let query = |text: &str| Filter {
        text: Some(text.to_string()),
        ..Filter::default()
    };
    let year = Some(DateFilter::Year(2020));
    let views = [
        (
            "Na Hang 2020",
            Filter {
                dates: year,
                ..query("na hang")
            },
        ),
        ("Lâm Bình", query("lam binh")),
        (
            "Chiêm Hóa, unread",
            Filter {
                unread_only: true,
                ..query("chiem hoa")
            },
        ),
        ("\"ho\" (a prefix)", query("ho")),
        (
            "2020, unread",
            Filter {
                dates: year,
                unread_only: true,
                ..Filter::default()
            },
        ),
        (
            "starred",
            Filter {
                starred_only: true,
                ..Filter::default()
            },
        ),
        (
            "one source",
            Filter {
                source: source.clone(),
                ..Filter::default()
            },
        ),
        (
            "source, 2020, unread",
            Filter {
                source,
                dates: year,
                unread_only: true,
                ..Filter::default()
            },
        ),
    ];
    println!(
        "{total} articles, {marked} marked read; load average: {}",
        load_average()
    );
    println!(
        "{:<22} {:>8} {:>8} {:>10} {:>10}",
        "asked", "total", "unread", "wall", "cpu"
    );
    // the list shows a search meanwhile: its evaluation is kept
    let list = query("tuyen quang");
    let list_count = store.count(&list).unwrap_or_else(|e| fail(&e.0));
    let mut times = Vec::new();
    let mut sources = 0;
    for _ in 0..RUNS {
        let (t, c) = (Instant::now(), cpu_time());
        sources = store
            .source_counts(&all)
            .unwrap_or_else(|e| fail(&e.0))
            .len();
        times.push((t.elapsed(), cpu_time().saturating_sub(c)));
    }
    let (wall, cpu) = median(&times);
    let label = format!("{sources} sources");
    println!("{label:<22} {:>8} {:>8} {wall:>10.1?} {cpu:>10.1?}", "", "");
    for (name, filter) in &views {
        let mut times = Vec::new();
        let mut counts = None;
        for _ in 0..RUNS {
            let (t, c) = (Instant::now(), cpu_time());
            counts = Some(store.counts_aside(filter).unwrap_or_else(|e| fail(&e.0)));
            times.push((t.elapsed(), cpu_time().saturating_sub(c)));
        }
        let (wall, cpu) = median(&times);
        let counts = counts.unwrap_or_default();
        println!(
            "{name:<22} {:>8} {:>8} {wall:>10.1?} {cpu:>10.1?}",
            counts.total, counts.unread
        );
    }
    let (t, c) = (Instant::now(), cpu_time());
    let again = store.count(&list).unwrap_or_else(|e| fail(&e.0));
    println!(
        "the list's search counted again: {again} (was {list_count}) in {:.1?} wall, {:.1?} cpu",
        t.elapsed(),
        cpu_time().saturating_sub(c)
    );
    unmark(&mut store, total);
}

/// Mark one article in fifty read (the first row of each 50), so that
/// unread counts are not the totals.
fn mark_some_read(store: &mut Store, total: usize) -> usize {
    let ids = every_fiftieth(store, total);
    store
        .set_read_many(&ids, true)
        .unwrap_or_else(|e| fail(&e.0));
    let starred: Vec<String> = ids.iter().step_by(10).cloned().collect();
    for id in &starred {
        store.set_starred(id, true).unwrap_or_else(|e| fail(&e.0));
    }
    ids.len()
}

fn unmark(store: &mut Store, total: usize) {
    let ids = every_fiftieth(store, total);
    store
        .set_read_many(&ids, false)
        .unwrap_or_else(|e| fail(&e.0));
    for id in ids.iter().step_by(10) {
        store.set_starred(id, false).unwrap_or_else(|e| fail(&e.0));
    }
}

fn every_fiftieth(store: &mut Store, total: usize) -> Vec<String> {
    let rows = store
        .window(&Filter::default(), 0, total)
        .unwrap_or_else(|e| fail(&e.0));
    rows.into_iter().step_by(50).map(|s| s.id).collect()
}

fn fail(message: &str) -> ! {
    eprintln!("views_timing: {message}");
    std::process::exit(1)
}
