//! `xemtin index [--rebuild]`: bring the index up to date with a progress
//! line, and report what changed and how large the index is.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use super::Failure;
use crate::store::{Progress, Stage, Store, StorePaths, sync};
use crate::ui::thousands;

pub fn run(
    paths: &StorePaths,
    data: &Path,
    rebuild: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let started = Instant::now();
    let show = std::io::stderr().is_terminal();
    let mut last_shown = Instant::now();
    let mut in_text = false;
    let mut progress = |p: Progress| {
        // at most ten updates a second, on one line
        if show && (last_shown.elapsed().as_millis() >= 100 || p.done == p.total) {
            let what = match p.stage {
                Stage::Articles => "Indexing articles",
                Stage::Text => "Indexing text",
            };
            if p.stage == Stage::Text && !in_text {
                // the article stage's line stays, with its time
                super::to_stderr(format_args!(
                    " ({:.1} s)\n",
                    started.elapsed().as_secs_f64()
                ));
                in_text = true;
            }
            super::to_stderr(format_args!(
                "\r{what} {} / {}",
                thousands(p.done),
                thousands(p.total)
            ));
            last_shown = Instant::now();
        }
    };
    let report = sync(paths, data, rebuild, &mut progress).map_err(|e| Failure::new(e.0, 1))?;
    if show {
        super::to_stderr(format_args!("\n"));
    }
    for n in &report.notices {
        super::to_stderr(format_args!("xemtin: {n}\n"));
    }
    let (mut store, _) = Store::open(paths, data).map_err(|e| Failure::new(e.0, 1))?;
    let stats = store.stats().map_err(|e| Failure::new(e.0, 1))?;
    writeln!(
        out,
        "{} articles indexed in {:.1} s: {} added, {} changed, {} removed, {} unchanged; {} files skipped, {} warnings (xemtin check lists them)",
        thousands(stats.articles),
        started.elapsed().as_secs_f64(),
        thousands(report.added),
        thousands(report.changed),
        thousands(report.removed),
        thousands(report.unchanged),
        report.skipped,
        report.warnings,
    )?;
    writeln!(
        out,
        "index: {} ({:.1} MB)",
        paths.index.display(),
        stats.bytes as f64 / 1_000_000.0
    )?;
    Ok(())
}
