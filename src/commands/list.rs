//! `xemtin list`: the articles, newest first, as text or JSON.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::Failure;
use crate::article::Article;
use crate::dates::DateFilter;

#[derive(Serialize)]
struct JsonArticle<'a> {
    id: &'a str,
    title: &'a str,
    published: Option<String>,
    source: Option<&'a str>,
    views: Option<u64>,
}

/// The articles matching an optional date expression, in their order.
pub fn select<'a>(
    articles: &'a [Article],
    date: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<&'a Article>, Failure> {
    let filter = match date.map(str::trim) {
        None | Some("") => None,
        Some(expr) => Some(
            DateFilter::parse(expr, today)
                .map_err(|e| Failure::new(format!("--date {expr:?}: {e}"), 2))?,
        ),
    };
    Ok(articles
        .iter()
        .filter(|a| match (&filter, &a.published) {
            (None, _) => true,
            (Some(f), Some(p)) => f.contains(p.date),
            (Some(_), None) => false,
        })
        .collect())
}

pub fn run(
    articles: &[Article],
    date: Option<&str>,
    json: bool,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let chosen = select(articles, date, today)?;
    if json {
        let rows: Vec<JsonArticle> = chosen
            .iter()
            .map(|a| JsonArticle {
                id: &a.id,
                title: &a.title,
                published: a.published.map(|p| p.iso8601()),
                source: a.source.as_deref(),
                views: a.views,
            })
            .collect();
        let text = serde_json::to_string_pretty(&rows)
            .map_err(|e| Failure::new(format!("cannot write JSON: {e}"), 1))?;
        writeln!(out, "{text}")?;
    } else {
        for a in chosen {
            let date = a.published.map_or_else(|| "-".to_string(), |p| p.short());
            let source = a
                .source
                .as_deref()
                .map(|s| format!("  ({s})"))
                .unwrap_or_default();
            writeln!(out, "{date:<16}  {}  {}{source}", a.id, a.title)?;
        }
    }
    Ok(())
}
