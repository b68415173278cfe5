//! `xemtin fetch`, `import-opml` and `export-opml`: the feeds listed in
//! config.toml, downloaded into the data folder and exchanged as OPML.

use std::io::Write;
use std::path::Path;

use super::Failure;
use crate::config::{self, Config};
use crate::fetch;
use crate::ingest::clean::escape_controls;

/// Download every configured feed into `data/feeds/`; one line per feed.
/// Exit status 1 when any feed failed (the others are saved all the same).
#[cfg(feature = "http")]
pub fn fetch(config: &Config, data: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    use crate::fetch::{FeedResult, FetchEvent, FetchOptions, fetch_all};
    use std::io::IsTerminal;
    if config.feeds.is_empty() {
        return Err(Failure::new(
            "no feeds: add [[feeds]] entries with a url to config.toml (see `xemtin config --default`)",
            2,
        ));
    }
    let show = std::io::stderr().is_terminal();
    let progress = |e: FetchEvent| {
        if let (
            true,
            FetchEvent::Finished {
                index, total, name, ..
            },
        ) = (show, &e)
        {
            super::to_stderr(format_args!(
                "\rFetching {}/{} {:<40}",
                index + 1,
                total,
                escape_controls(name)
            ));
        }
    };
    let outcomes = fetch_all(&config.feeds, data, &FetchOptions::default(), &progress);
    if show {
        super::to_stderr(format_args!("\n"));
    }
    let mut failed = 0;
    for o in &outcomes {
        let what = match &o.result {
            FeedResult::Updated { bytes } => format!("updated ({bytes} bytes)"),
            FeedResult::NotModified => "not modified".to_string(),
            FeedResult::Failed(why) => {
                failed += 1;
                format!("FAILED: {why}")
            }
        };
        writeln!(
            out,
            "{}: {}",
            escape_controls(&o.name),
            escape_controls(&what)
        )?;
    }
    if failed > 0 {
        return Err(Failure::new(
            format!(
                "{failed} of {} feeds failed; their last good copies are kept",
                outcomes.len()
            ),
            1,
        ));
    }
    Ok(())
}

#[cfg(not(feature = "http"))]
pub fn fetch(_config: &Config, _data: &Path, _out: &mut dyn Write) -> Result<(), Failure> {
    Err(Failure::new(
        "this xemtin was built without HTTP support (cargo feature `http`)",
        2,
    ))
}

/// Add the feeds of an OPML file to the user's configuration file,
/// creating it if needed; the result is validated before it is written.
pub fn import_opml(opml: &Path, config_file: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    let bytes = std::fs::read(opml)
        .map_err(|e| Failure::new(format!("{}: cannot read: {e}", opml.display()), 1))?;
    // Through the articles' decoder: an export in ISO-8859-1 or UTF-16
    // (its XML declaration or byte order mark says so) is read, not refused.
    let decoded = crate::ingest::encoding::decode(&bytes)
        .map_err(|note| Failure::new(format!("{}: {}", opml.display(), note.message), 1))?;
    let import = fetch::parse_opml_detailed(&decoded.text)
        .map_err(|e| Failure::new(format!("{}: {e}", opml.display()), 1))?;
    for skipped in &import.skipped {
        super::to_stderr(format_args!(
            "{}: skipped {}\n",
            opml.display(),
            escape_controls(skipped)
        ));
    }
    let current = match std::fs::read_to_string(config_file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Failure::new(
                format!("{}: cannot read: {e}", config_file.display()),
                1,
            ));
        }
    };
    let entries: Vec<_> = import.outlines.iter().map(|o| o.entry.clone()).collect();
    let updated = fetch::append_feeds_to_config(&current, &entries);
    let name = config_file.display().to_string();
    if let Err(errors) = config::load(Some((&name, &updated))) {
        let first = errors.first().map(ToString::to_string).unwrap_or_default();
        return Err(Failure::new(
            format!(
                "the configuration would not be valid after the import, so it was not changed: {first}"
            ),
            1,
        ));
    }
    if let Some(dir) = config_file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::new(format!("{}: cannot create: {e}", dir.display()), 1))?;
    }
    fetch::write_atomic(config_file, updated.as_bytes())
        .map_err(|e| Failure::new(format!("{name}: cannot write: {e}"), 1))?;
    let added = updated.matches("[[feeds]]").count() - current.matches("[[feeds]]").count();
    writeln!(
        out,
        "{added} feeds added to {name} ({} in the file)",
        entries.len()
    )?;
    Ok(())
}

/// `xemtin feeds`: the configured feeds, one line each (name, address,
/// tags), or a JSON array.
pub fn list(config: &Config, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    #[derive(serde::Serialize)]
    struct JsonFeed<'a> {
        name: &'a str,
        url: &'a str,
        tags: &'a [String],
    }
    if json {
        let rows: Vec<JsonFeed> = config
            .feeds
            .iter()
            .map(|f| JsonFeed {
                name: &f.name,
                url: &f.url,
                tags: &f.tags,
            })
            .collect();
        return super::print_json(&rows, out);
    }
    for f in &config.feeds {
        let tags = if f.tags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", f.tags.join(", "))
        };
        writeln!(
            out,
            "{}  {}{}",
            escape_controls(&f.name),
            escape_controls(&f.url),
            escape_controls(&tags)
        )?;
    }
    if config.feeds.is_empty() {
        super::to_stderr(format_args!(
            "xemtin: no feeds configured: add [[feeds]] tables to config.toml or run `xemtin import-opml FILE`\n"
        ));
    }
    Ok(())
}

/// The configured feeds as OPML 2.0.
pub fn export_opml(config: &Config, out: &mut dyn Write) -> Result<(), Failure> {
    write!(out, "{}", fetch::export_opml(&config.feeds))?;
    Ok(())
}
