//! Corpora and indexes for the benchmarks, shared by `benches/store.rs`,
//! `benches/search.rs` (through `#[path]`) and `examples/pty_measure.rs`.
//!
//! A corpus of N articles lives in `<corpora>/text-N/`:
//!
//! - `articles/`: written once by `../shared/tools/gen_corpus.py --format
//!   text` (deterministic), into `articles.partial/` first and renamed when
//!   complete, so an interrupted run never leaves half a corpus behind;
//! - `home/`: a HOME for xemtin, whose `cache/xemtin/` holds the index of
//!   `articles/` (built once, rebuilt when missing or incomplete) and whose
//!   `data/xemtin/` holds the user state.
//!
//! `<corpora>` is `$XEMTIN_BENCH_CORPORA`, else `$CARGO_TARGET_DIR/bench-corpora`,
//! else `target/bench-corpora` in the repository.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use xemtin::store::{Store, StorePaths, sync};

/// The repository (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the corpora are kept.
pub fn corpora_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XEMTIN_BENCH_CORPORA") {
        return PathBuf::from(dir);
    }
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => {
            let t = PathBuf::from(t);
            if t.is_absolute() { t } else { repo().join(t) }
        }
        None => repo().join("target"),
    };
    target.join("bench-corpora")
}

/// One generated corpus and the HOME whose cache holds its index.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub articles_count: usize,
    pub dir: PathBuf,
    /// The data folder (`--data`).
    pub articles: PathBuf,
    /// HOME for xemtin; XDG_CACHE_HOME = home/cache, XDG_DATA_HOME = home/data.
    pub home: PathBuf,
}

impl Corpus {
    pub fn cache_dir(&self) -> PathBuf {
        self.home.join("cache")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.home.join("data")
    }

    /// The index in home/cache, the state in home/data: what the binary
    /// uses with XDG_CACHE_HOME and XDG_DATA_HOME set that way.
    pub fn store_paths(&self) -> StorePaths {
        StorePaths::in_folders(&self.cache_dir(), &self.data_dir(), &self.articles)
    }

    /// The same index with the state in another folder (a fresh user).
    pub fn store_paths_with_state(&self, data_dir: &Path) -> StorePaths {
        StorePaths::in_folders(&self.cache_dir(), data_dir, &self.articles)
    }

    /// Open the store over the built index.
    pub fn open(&self) -> Store {
        let (store, notices) = Store::open(&self.store_paths(), &self.articles)
            .unwrap_or_else(|e| fail(&format!("cannot open the index: {e}")));
        for n in notices {
            eprintln!("bench: store notice: {n}");
        }
        store
    }
}

fn fail(message: &str) -> ! {
    eprintln!("bench: {message}");
    std::process::exit(2)
}

/// The corpus generator: `$XEMTIN_GEN_CORPUS`, else `../shared/tools/gen_corpus.py`
/// next to the repository.
pub fn generator() -> PathBuf {
    match std::env::var_os("XEMTIN_GEN_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => repo().join("../shared/tools/gen_corpus.py"),
    }
}

/// The corpus of `n` articles, generated if it is not there yet. Exits with
/// a clear message when it cannot be made.
pub fn corpus(n: usize) -> Corpus {
    let dir = corpora_dir().join(format!("text-{n}"));
    let corpus = Corpus {
        articles_count: n,
        articles: dir.join("articles"),
        home: dir.join("home"),
        dir,
    };
    if !corpus.articles.is_dir() {
        generate(&corpus);
    }
    corpus
}

fn generate(c: &Corpus) {
    let script = generator();
    if !script.is_file() {
        fail(&format!(
            "the corpus generator {} is missing: check out the shared folder next to the repository, \
             or set XEMTIN_GEN_CORPUS to gen_corpus.py, or put a corpus in {}",
            script.display(),
            c.articles.display()
        ));
    }
    let partial = c.dir.join("articles.partial");
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&c.dir)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", c.dir.display())));
    eprintln!(
        "bench: generating {} articles into {} (about 1 min and 500 MB per 100,000)...",
        c.articles_count,
        c.articles.display()
    );
    let started = Instant::now();
    let status = Command::new("python3")
        .arg(&script)
        .args(["--articles", &c.articles_count.to_string(), "--out"])
        .arg(&partial)
        .args(["--format", "text"])
        .status()
        .unwrap_or_else(|e| {
            fail(&format!(
                "cannot run python3 ({e}): install Python 3 to generate the benchmark corpora"
            ))
        });
    if !status.success() {
        fail(&format!("{} failed: {status}", script.display()));
    }
    std::fs::rename(&partial, &c.articles)
        .unwrap_or_else(|e| fail(&format!("cannot rename {}: {e}", partial.display())));
    eprintln!(
        "bench: generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// The corpus of `n` articles with its index up to date: synced on every
/// run (cheap when nothing changed; a schema upgrade marks every article for
/// re-indexing, which only a sync carries out).
pub fn indexed(n: usize) -> Corpus {
    let c = corpus(n);
    let paths = c.store_paths();
    let started = Instant::now();
    let report = sync(&paths, &c.articles, false, &mut |_| {})
        .unwrap_or_else(|e| fail(&format!("indexing failed: {e}")));
    if report.added + report.changed + report.removed > 0 {
        eprintln!(
            "bench: indexed {} in {:.1} s ({} added, {} changed, {} skipped)",
            c.articles.display(),
            started.elapsed().as_secs_f64(),
            report.added,
            report.changed,
            report.skipped
        );
    }
    c
}

/// The App's options as the program builds them from the default config.
pub fn options() -> xemtin::app::Options {
    let config = default_config();
    let lang = xemtin::i18n::Language::En;
    xemtin::app::Options {
        layout: xemtin::launch::reader_layout(&config),
        language: lang,
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
        help: xemtin::keyhelp::help_entries(&config.keys, lang),
        skipped: 0,
    }
}

/// The screen's chrome as the program builds it from the default config.
pub fn chrome() -> xemtin::ui::Chrome {
    let config = default_config();
    xemtin::ui::Chrome {
        theme: config.theme.clone(),
        ascii_borders: config.ui.ascii_borders,
        hints: xemtin::keyhelp::hints(&config.keys, xemtin::i18n::Language::En),
        pending: None,
        columns: config.list.columns.clone(),
        date_format: config.list.date_format.clone(),
    }
}

fn default_config() -> xemtin::config::Config {
    xemtin::config::load(None).unwrap_or_else(|_| fail("the embedded default config does not load"))
}

/// The load average over the last minute, from /proc/loadavg.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "?".into())
}

/// The median and the 95th percentile (nearest rank) of `samples`.
pub fn median_p95(samples: &mut [f64]) -> (f64, f64) {
    if samples.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    let median = if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2.0
    };
    let rank = ((0.95 * n as f64).ceil() as usize).clamp(1, n);
    (median, samples[rank - 1])
}
