//! Times search as you type on a data folder: for each prefix of a query
//! ("c", "ch", ..., "chiem hoa"), the count, the unread count and the first
//! window of 40 rows, as the list does on each keystroke. The whole query is
//! typed several times over, so no keystroke finds its own previous results
//! cached.
//!
//! ```sh
//! python3 ../shared/tools/gen_corpus.py --articles 100000 --out /tmp/corpus100k --format text
//! cargo run --release --example search_timing -- /tmp/corpus100k [/tmp/xemtin-timing] ["chiem hoa"]
//! ```
//!
//! The index goes in the second folder (synced first if needed, not with
//! `--no-sync`). Prints
//! the median and 95th percentile of each keystroke, in both orders, in
//! wall time and in CPU time (the figure to trust on a busy machine), and
//! the index size. Timings, not a test: nothing fails.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use xemtin::catalog::{Catalog, Filter};
use xemtin::store::{Store, StorePaths, sync};

#[path = "bench_support/clock.rs"]
mod clock;
use clock::cpu_time;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--no-sync`: the index as it is (the process's peak memory is then
    // the searches', not a comparison of every file's)
    let no_sync = args.iter().any(|a| a == "--no-sync");
    args.retain(|a| a != "--no-sync");
    let mut args = args.into_iter();
    let Some(data) = args.next().map(PathBuf::from) else {
        eprintln!("usage: search_timing [--no-sync] DATA_FOLDER [WORK_FOLDER] [QUERY]");
        std::process::exit(2);
    };
    let work = args
        .next()
        .map_or_else(|| std::env::temp_dir().join("xemtin-timing"), PathBuf::from);
    let query = args.next().unwrap_or_else(|| "chiem hoa".into());
    let paths = StorePaths::in_folders(&work.join("cache"), &work.join("share"), &data);
    let t = Instant::now();
    match (!no_sync).then(|| sync(&paths, &data, false, &mut |_| {})) {
        None => println!("sync: skipped (--no-sync: the index as it is)"),
        Some(Ok(r)) => println!(
            "sync: {:.1?} ({} added, {} changed)",
            t.elapsed(),
            r.added,
            r.changed
        ),
        Some(Err(e)) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
    let (mut store, _) = match Store::open(&paths, &data) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    if let Ok(s) = store.stats() {
        println!(
            "index: {} articles, {:.1} MB",
            s.articles,
            s.bytes as f64 / 1e6
        );
    }
    // Typed RUNS times over, so each keystroke is a new search (nothing
    // cached from its previous run), as when typing.
    const RUNS: usize = 11;
    let chars: Vec<char> = query.chars().collect();
    let typed: Vec<String> = (1..=chars.len())
        .map(|n| chars[..n].iter().collect::<String>())
        .filter(|t| !t.ends_with(' '))
        .collect();
    for by_relevance in [true, false] {
        let mut times = vec![Vec::new(); typed.len()];
        let mut cpu_times = vec![Vec::new(); typed.len()];
        let mut counts = vec![0; typed.len()];
        for _ in 0..RUNS {
            for (i, text) in typed.iter().enumerate() {
                let f = Filter {
                    text: Some(text.clone()),
                    by_relevance,
                    ..Filter::default()
                };
                let (t, cpu) = (Instant::now(), cpu_time());
                counts[i] = store.count(&f).unwrap_or(0);
                let _ = store.unread(&f);
                let _ = store.window(&f, 0, 40);
                times[i].push(t.elapsed());
                cpu_times[i].push(cpu_time().saturating_sub(cpu));
            }
        }
        println!(
            "\n{} order     wall: median    p95 | cpu: median    p95 | matches",
            if by_relevance { "relevance" } else { "date" }
        );
        let (mut all, mut all_cpu) = (Vec::new(), Vec::new());
        for (i, text) in typed.iter().enumerate() {
            all.extend(times[i].iter().copied());
            all_cpu.extend(cpu_times[i].iter().copied());
            let (med, p95) = stats(&mut times[i]);
            let (cmed, cp95) = stats(&mut cpu_times[i]);
            println!(
                "  {text:<12} {med:>14.1?} {p95:>9.1?} | {cmed:>11.1?} {cp95:>9.1?} | {}",
                counts[i]
            );
        }
        let (med, p95) = stats(&mut all);
        let (cmed, cp95) = stats(&mut all_cpu);
        println!(
            "  every keystroke: wall median {med:.1?}, p95 {p95:.1?}; cpu median {cmed:.1?}, p95 {cp95:.1?}"
        );
    }
}

fn stats(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}
