//! Times the calendar's questions on a data folder (issue 15's budget: the
//! counts of a month or a year in one query, at most 10 ms at 100,000
//! articles and 50 ms at 1,000,000):
//!
//! - `Catalog::day_counts` for a month's grid (six weeks) and for a year,
//!   with no filter, a source, unread only, starred only (one article in a
//!   hundred starred, once), a common search ("chiem hoa", ~10 % of a
//!   generated corpus), a rare one ("lam binh", ~0.1 %), and an exclusion;
//! - `Catalog::day_with_articles`, the next and previous day with articles
//!   from a day, and the first and last day of the archive;
//! - with a search active: the list's count of it first (the one full-text
//!   evaluation), then the calendar stepping month by month and year by
//!   year over the matches the list holds, and the next day with articles.
//!
//! ```sh
//! python3 ../shared/tools/gen_corpus.py --articles 100000 --out /tmp/c100k --format text
//! cargo run --release --example calendar_timing -- /tmp/c100k /tmp/calendar/c100k.sqlite /tmp/calendar/state.sqlite
//! ```
//!
//! The index is synced first if the folder changed (not with `--no-sync`,
//! for an index copied while its text stage was still running: the counts
//! without a search need only the article rows). Prints the median and
//! the 95th percentile in wall time and in CPU time (the figure to trust on
//! a busy machine). Timings, not a test: nothing fails.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use xemtin::catalog::{Catalog, Filter};
use xemtin::store::{Store, StorePaths, sync};

#[path = "bench_support/clock.rs"]
mod clock;
use clock::{cpu_time, load_average};

const RUNS: usize = 31;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let no_sync = args.iter().any(|a| a == "--no-sync");
    args.retain(|a| a != "--no-sync");
    let args: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    let (Some(data), Some(index)) = (args.first(), args.get(1)) else {
        eprintln!("usage: calendar_timing [--no-sync] DATA_FOLDER INDEX_FILE [STATE_FILE]");
        std::process::exit(2);
    };
    let state = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| index.with_extension("state.sqlite"));
    let paths = StorePaths {
        index: index.clone(),
        state,
    };
    let t = Instant::now();
    match no_sync {
        true => println!("sync: skipped (--no-sync: the index as it is)"),
        false => match sync(&paths, data, false, &mut |_| {}) {
            Ok(r) => println!(
                "sync: {:.1?} ({} added, {} changed)",
                t.elapsed(),
                r.added,
                r.changed
            ),
            Err(e) => fail(&e.to_string()),
        },
    }
    let mut store = match Store::open(&paths, data) {
        Ok((s, _)) => s,
        Err(e) => fail(&e.to_string()),
    };
    let articles = store.stats().map(|s| s.articles).unwrap_or(0);
    println!(
        "index: {articles} articles; load average {}",
        load_average()
    );
    star_one_in_a_hundred(&mut store, articles);

    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let source = store
        .sources(&Filter::default())
        .ok()
        .and_then(|s| s.first().map(|(name, _)| name.clone()));
    let filters: Vec<(&str, Filter)> = vec![
        ("none", Filter::default()),
        (
            "source",
            Filter {
                source,
                ..Filter::default()
            },
        ),
        (
            "unread",
            Filter {
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
            "search common",
            Filter {
                text: Some("chiem hoa".into()),
                ..Filter::default()
            },
        ),
        (
            "search rare",
            Filter {
                text: Some("lam binh".into()),
                ..Filter::default()
            },
        ),
        (
            "search exclusion",
            Filter {
                text: Some("-chiem ".into()),
                ..Filter::default()
            },
        ),
    ];
    println!(
        "{:<28} {:>8} {:>10} {:>10} {:>10} {:>10}",
        "question", "days", "wall p50", "wall p95", "cpu p50", "cpu p95"
    );
    for (name, filter) in &filters {
        // with a search, the list has counted it first (FTS5 evaluated
        // once, its matches kept): the calendar's counts reuse them
        if filter.text.is_some() {
            let t = Instant::now();
            let n = store.count(filter).unwrap_or(0);
            println!(
                "{:<28} {n:>8} {:>10.2?}  (the list's count, once)",
                format!("list, {name}"),
                t.elapsed()
            );
            let mut month = 0;
            time(&format!("month by month, {name}"), || {
                // a different month's grid each run, as `]` asks
                month += 1;
                let first = day(2015 + month / 12, 1 + (month % 12) as u32, 1);
                let c = store.day_counts(filter, first, first + chrono::Days::new(41));
                c.map(|c| c.days.len()).unwrap_or(0)
            });
            let mut year = 0;
            time(&format!("year by year, {name}"), || {
                year += 1;
                let y = 2015 + year % 11;
                let c = store.day_counts(filter, day(y, 1, 1), day(y, 12, 31));
                c.map(|c| c.days.len()).unwrap_or(0)
            });
            time(&format!("next day, {name}"), || {
                let next = store.day_with_articles(filter, day(2020, 12, 31), true);
                usize::from(next.ok().flatten().is_some())
            });
        }
        // a month's grid as the view asks for it, and a year
        time(&format!("month grid, {name}"), || {
            let c = store.day_counts(filter, day(2020, 11, 30), day(2021, 1, 3));
            c.map(|c| c.days.len()).unwrap_or(0)
        });
        time(&format!("year, {name}"), || {
            let c = store.day_counts(filter, day(2020, 1, 1), day(2020, 12, 31));
            c.map(|c| c.days.len()).unwrap_or(0)
        });
    }
    for (name, filter) in &filters[..4] {
        time(&format!("next day, {name}"), || {
            usize::from(
                store
                    .day_with_articles(filter, day(2020, 12, 31), true)
                    .ok()
                    .flatten()
                    .is_some(),
            )
        });
        time(&format!("first day, {name}"), || {
            usize::from(
                store
                    .day_with_articles(filter, day(1, 1, 1), true)
                    .ok()
                    .flatten()
                    .is_some(),
            )
        });
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1);
}

/// Run `f` RUNS times and print its median and 95th percentile.
fn time(name: &str, mut f: impl FnMut() -> usize) {
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    let mut result = 0;
    for _ in 0..RUNS {
        let (t, c) = (Instant::now(), cpu_time());
        result = f();
        wall.push(t.elapsed());
        cpu.push(cpu_time().saturating_sub(c));
    }
    let (w50, w95) = stats(&mut wall);
    let (c50, c95) = stats(&mut cpu);
    println!("{name:<28} {result:>8} {w50:>10.2?} {w95:>10.2?} {c50:>10.2?} {c95:>10.2?}");
}

fn star_one_in_a_hundred(store: &mut Store, articles: usize) {
    let starred = Filter {
        starred_only: true,
        ..Filter::default()
    };
    if store.count(&starred).unwrap_or(0) > 0 {
        return;
    }
    // windows of 10,000 rows (one window per article would skip rows
    // quadratically at 1,000,000)
    let ids: Vec<String> = (0..articles)
        .step_by(10_000)
        .filter_map(|at| store.window(&Filter::default(), at, 10_000).ok())
        .flat_map(|rows| rows.into_iter().step_by(100).map(|s| s.id))
        .collect();
    for id in ids {
        if let Err(e) = store.set_starred(&id, true) {
            fail(&format!("cannot star {id}: {e}"));
        }
    }
}

fn stats(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}
