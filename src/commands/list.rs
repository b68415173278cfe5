//! `xemtin list`: the articles, newest first, as text or JSON.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::Failure;
use crate::catalog::{Catalog, Filter, Summary};
use crate::dates::DateFilter;
use crate::ingest::clean::escape_controls;

#[derive(Serialize)]
struct JsonArticle<'a> {
    id: &'a str,
    title: &'a str,
    published: Option<String>,
    source: Option<&'a str>,
    views: Option<u64>,
    read: bool,
    starred: bool,
}

/// The filter the command-line options describe.
pub fn filter(
    date: Option<&str>,
    source: Option<&str>,
    unread: bool,
    starred: bool,
    today: NaiveDate,
) -> Result<Filter, Failure> {
    let dates = match date.map(str::trim) {
        None | Some("") => None,
        Some(expr) => Some(
            DateFilter::parse(expr, today)
                .map_err(|e| Failure::new(format!("--date {expr:?}: {e}"), 2))?,
        ),
    };
    Ok(Filter {
        dates,
        source: source.map(String::from),
        unread_only: unread,
        starred_only: starred,
        ..Filter::default()
    })
}

fn catalog_failure(e: crate::catalog::CatalogError) -> Failure {
    Failure::new(e.0, 1)
}

/// Every article the filter matches, in order.
pub fn select(catalog: &mut dyn Catalog, filter: &Filter) -> Result<Vec<Summary>, Failure> {
    let total = catalog.count(filter).map_err(catalog_failure)?;
    catalog.window(filter, 0, total).map_err(catalog_failure)
}

pub fn run(
    catalog: &mut dyn Catalog,
    filter: &Filter,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let chosen = select(catalog, filter)?;
    print(&chosen, json, out)
}

/// Print the rows `select` chose, as text or JSON.
pub fn print(chosen: &[Summary], json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    if json {
        let rows: Vec<JsonArticle> = chosen
            .iter()
            .map(|a| JsonArticle {
                id: &a.id,
                title: &a.title,
                published: a.published.map(|p| p.iso8601()),
                source: a.source.as_deref(),
                views: a.views,
                read: a.read,
                starred: a.starred,
            })
            .collect();
        super::print_json(&rows, out)?;
    } else {
        // through a buffer: standard output writes each line as it ends
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        for a in chosen {
            let date = a.published.map_or_else(|| "-".to_string(), |p| p.short());
            let flag = if a.starred {
                '*'
            } else if a.read {
                ' '
            } else {
                'N'
            };
            let source = a
                .source
                .as_deref()
                .map(|s| format!("  ({s})"))
                .unwrap_or_default();
            let id = escape_controls(&a.id);
            writeln!(out, "{flag} {date:<16}  {id}  {}{source}", a.title)?;
        }
        out.flush()?;
    }
    Ok(())
}
