//! What the application asks of its article collection, whatever holds it:
//! the SQLite store in the program, an in-memory list in tests. Every
//! filter is answered by the catalog, so the App never holds every row.

use std::collections::HashSet;
use std::fmt;

use chrono::NaiveDate;

use crate::article::{Article, ArticleId, Published, newest_first};
use crate::calendar::DayCounts;
use crate::dates::DateFilter;
use crate::search::{self, Column, Query};

/// Which articles the list shows. All parts combine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub dates: Option<DateFilter>,
    /// Only the articles without a date (the calendar's "undated").
    pub undated_only: bool,
    /// Exact source name.
    pub source: Option<String>,
    pub unread_only: bool,
    pub starred_only: bool,
    /// A search in the query language of [`crate::search`]; the last word
    /// is a prefix unless the text ends in a space.
    pub text: Option<String>,
    /// With a search: best matches first (else newest first); see
    /// [`Limits::ranked_at_most`].
    pub by_relevance: bool,
}

impl Filter {
    /// The parsed search, if there is one with something in it.
    pub fn query(&self) -> Option<Query> {
        let q = search::parse(self.text.as_deref()?, true);
        (!q.is_empty()).then_some(q)
    }
}

/// Where a catalog changes how it answers, in numbers of articles. The
/// program runs with [`Limits::PROGRAM`] (the default); tests give
/// [`Limits::SMALL`], so that a few articles reach both sides of each bound
/// through the same code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Relevance order ranks at most this many matches: a search matching
    /// more (a word of one or two letters, a very common one) lists them
    /// newest first, as ranking a large part of the archive would be slow
    /// and tell little. Every catalog.
    pub ranked_at_most: usize,
    /// The store: above this many passing matches, filters are checked by
    /// scanning the filtered articles rather than looking each match up.
    pub lookup_at_most: usize,
    /// The store: rows a window by date may walk past in list order before
    /// sorting the matches is cheaper.
    pub walk_at_most: usize,
    /// The store: a window starting further than this from the top of a
    /// list without a search counts the list first (cheaper than skipping)
    /// and may be read from its end.
    pub far: usize,
    /// The list's counts are given at once ([`Catalog::quick_counts`])
    /// from an archive of at most `small_archive` articles, or when at
    /// most `counted_at_once` articles match; else the App asks them off
    /// the key path. Every catalog.
    pub small_archive: usize,
    pub counted_at_once: usize,
}

impl Limits {
    pub const PROGRAM: Limits = Limits {
        ranked_at_most: 20_000,
        lookup_at_most: 20_000,
        walk_at_most: 40_000,
        far: 1000,
        small_archive: 100_000,
        counted_at_once: 20_000,
    };
    pub const SMALL: Limits = Limits {
        ranked_at_most: 30,
        lookup_at_most: 10,
        walk_at_most: 25,
        far: 8,
        small_archive: 4,
        counted_at_once: 3,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::PROGRAM
    }
}

/// How well an article matches a query: a title hit counts ten body hits
/// ([`Query::hits`]: places hit, those sharing a token counted once). The
/// store computes the same number from the full-text index's positions.
pub fn relevance(query: &Query, title: &str, body: &str) -> usize {
    10 * query.hits(title, Column::Title) + query.hits(body, Column::Body)
}

/// One row of the list: what the list shows of an article. Two are equal
/// when they show the same article alike: where an index keeps it (`row`,
/// `file`) is not part of that (every catalog gives the same rows).
#[derive(Debug, Clone, Eq)]
pub struct Summary {
    pub id: ArticleId,
    pub title: String,
    pub published: Option<Published>,
    pub source: Option<String>,
    pub views: Option<u64>,
    pub read: bool,
    pub starred: bool,
    /// The index's row of the article, when the row comes from the index.
    pub row: Option<i64>,
    /// The file the article is in when that is not its id (an item of a
    /// feed), as the index knows it: what a command checks
    /// (`Store::select_checked`).
    pub file: Option<String>,
}

impl PartialEq for Summary {
    fn eq(&self, other: &Self) -> bool {
        let Summary {
            id,
            title,
            published,
            source,
            views,
            read,
            starred,
            row: _,
            file: _,
        } = self;
        (id, title, published, source, views, read, starred)
            == (
                &other.id,
                &other.title,
                &other.published,
                &other.source,
                &other.views,
                &other.read,
                &other.starred,
            )
    }
}

/// How many articles a filter matches, and how many of them are unread:
/// what the pane of sources and views shows on each line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub unread: usize,
}

/// What a catalog can tell of a filter's counts without making the screen
/// wait ([`Catalog::quick_counts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickCounts {
    Counted(Counts),
    /// Not counted: at least this many articles match, too many to count
    /// on the key path.
    AtLeast(usize),
}

/// A catalog operation that failed; the message says what and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError(pub String);

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CatalogError {}

pub type Result<T> = std::result::Result<T, CatalogError>;

/// The article collection in newest-first order (undated last, ties by id).
pub trait Catalog {
    /// How many articles match.
    fn count(&mut self, filter: &Filter) -> Result<usize>;
    /// How many matching articles are unread.
    fn unread(&mut self, filter: &Filter) -> Result<usize>;
    /// Up to `len` matching rows starting at position `start`.
    fn window(&mut self, filter: &Filter, start: usize, len: usize) -> Result<Vec<Summary>>;
    /// The position of `id` among the matching rows, if it matches.
    fn position(&mut self, filter: &Filter, id: &str) -> Result<Option<usize>>;
    /// The whole article, for the reader.
    fn article(&mut self, id: &str) -> Result<Article>;
    /// Sources of the matching articles (ignoring the filter's own source)
    /// with their counts, most articles first.
    fn sources(&mut self, filter: &Filter) -> Result<Vec<(String, usize)>>;
    /// [`Catalog::sources`] with the unread articles of each counted too.
    fn source_counts(&mut self, filter: &Filter) -> Result<Vec<(String, Counts)>> {
        let mut out = Vec::new();
        for (name, total) in self.sources(filter)? {
            let one = Filter {
                source: Some(name.clone()),
                ..filter.clone()
            };
            let unread = self.unread(&one)?;
            out.push((name, Counts { total, unread }));
        }
        Ok(out)
    }
    /// The counts of `filter` if they come cheaply (a small archive, at
    /// most [`Limits::counted_at_once`] matching articles, or counts the
    /// catalog holds already); else how many match at least.
    fn quick_counts(&mut self, filter: &Filter) -> Result<QuickCounts> {
        Ok(QuickCounts::Counted(Counts {
            total: self.count(filter)?,
            unread: self.unread(filter)?,
        }))
    }
    /// The counts of a filter other than the list's (a saved view's); a
    /// store answers them without dropping what it keeps for the list.
    fn counts_aside(&mut self, filter: &Filter) -> Result<Counts> {
        Ok(Counts {
            total: self.count(filter)?,
            unread: self.unread(filter)?,
        })
    }
    fn set_read(&mut self, id: &str, read: bool) -> Result<()>;
    fn set_starred(&mut self, id: &str, starred: bool) -> Result<()>;
    /// The calendar's counts: articles on each day of `first..=last`, and
    /// undated ones, matching every part of the filter but its dates.
    fn day_counts(
        &mut self,
        filter: &Filter,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<DayCounts>;
    /// The nearest day after `date` (`later`) or before it that has an
    /// article matching every part of the filter but its dates.
    fn day_with_articles(
        &mut self,
        filter: &Filter,
        date: NaiveDate,
        later: bool,
    ) -> Result<Option<NaiveDate>>;
    /// The unread articles among the first `first` matching rows (among
    /// all of them with None), in no particular order: what a catch-up marks.
    fn unread_ids(&mut self, filter: &Filter, first: Option<usize>) -> Result<Vec<ArticleId>> {
        unread_ids_by_window(self, filter, first)
    }
    /// Set the read mark of many articles at once; a store saves them in
    /// one transaction, so either all are saved or none.
    fn set_read_many(&mut self, ids: &[ArticleId], read: bool) -> Result<()> {
        ids.iter().try_for_each(|id| self.set_read(id, read))
    }
    /// Mark read the unread articles among the first `first` matching rows
    /// (all of them with None), all or none; the ids it marked, for an
    /// undo. A store marks a whole view in one statement over the filter.
    fn mark_view_read(&mut self, filter: &Filter, first: Option<usize>) -> Result<Vec<ArticleId>> {
        let ids = self.unread_ids(filter, first)?;
        self.set_read_many(&ids, true)?;
        Ok(ids)
    }
    /// An index is being built (`true`) or is done (`false`): a catalog
    /// that caches may keep less while the index grows.
    fn indexing(&mut self, _busy: bool) {}
}

/// [`Catalog::unread_ids`] read from the rows of the list.
pub fn unread_ids_by_window<C: Catalog + ?Sized>(
    catalog: &mut C,
    filter: &Filter,
    first: Option<usize>,
) -> Result<Vec<ArticleId>> {
    let len = match first {
        Some(n) => n,
        None => catalog.count(filter)?,
    };
    let rows = catalog.window(filter, 0, len)?;
    Ok(rows.into_iter().filter(|s| !s.read).map(|s| s.id).collect())
}

/// Does `summary` pass the filter's date, source and mark parts? (The
/// text part needs the body; see [`Memory`].)
pub fn matches(filter: &Filter, summary: &Summary) -> bool {
    let date_ok = match (&filter.dates, &summary.published) {
        (None, _) => true,
        (Some(f), Some(p)) => f.contains(p.date),
        (Some(_), None) => false,
    } && (!filter.undated_only || summary.published.is_none());
    date_ok
        && filter
            .source
            .as_ref()
            .is_none_or(|s| summary.source.as_ref() == Some(s))
        && (!filter.unread_only || !summary.read)
        && (!filter.starred_only || summary.starred)
}

/// A catalog held in memory: for tests and small folders.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    articles: Vec<Article>,
    read: HashSet<ArticleId>,
    starred: HashSet<ArticleId>,
    limits: Limits,
}

impl Memory {
    pub fn new(mut articles: Vec<Article>) -> Memory {
        articles.sort_by(newest_first);
        Memory {
            articles,
            ..Memory::default()
        }
    }

    /// The same catalog answering with other [`Limits`].
    pub fn with_limits(mut self, limits: Limits) -> Memory {
        self.limits = limits;
        self
    }

    fn summary(&self, a: &Article) -> Summary {
        Summary {
            id: a.id.clone(),
            title: a.title.clone(),
            published: a.published,
            source: a.source.clone(),
            views: a.views,
            read: self.read.contains(&a.id),
            starred: self.starred.contains(&a.id),
            row: None,
            file: None,
        }
    }

    /// The matching rows in the filter's order.
    fn matching(&self, filter: &Filter) -> Vec<Summary> {
        let query = filter.query();
        let mut rows: Vec<(usize, Summary)> = self
            .articles
            .iter()
            .filter_map(|a| {
                let s = self.summary(a);
                if !matches(filter, &s) {
                    return None;
                }
                let Some(q) = &query else { return Some((0, s)) };
                let body = a.paragraphs.join("\n");
                let source = a.source.as_deref().unwrap_or("");
                q.matches(&a.title, &body, source)
                    .then(|| (relevance(q, &a.title, &body), s))
            })
            .collect();
        if query.is_some() && filter.by_relevance && rows.len() <= self.limits.ranked_at_most {
            // stable: equal scores stay newest first
            rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        }
        rows.into_iter().map(|(_, s)| s).collect()
    }

    fn known(&self, id: &str) -> Result<()> {
        match self.articles.iter().any(|a| a.id == id) {
            true => Ok(()),
            false => Err(CatalogError(format!("no article with id {id:?}"))),
        }
    }
}

impl Catalog for Memory {
    fn count(&mut self, filter: &Filter) -> Result<usize> {
        Ok(self.matching(filter).len())
    }

    fn unread(&mut self, filter: &Filter) -> Result<usize> {
        Ok(self.matching(filter).iter().filter(|s| !s.read).count())
    }

    fn quick_counts(&mut self, filter: &Filter) -> Result<QuickCounts> {
        let rows = self.matching(filter);
        let at_once = self.limits.counted_at_once;
        let small = self.articles.len() <= self.limits.small_archive;
        Ok(match rows.len() > at_once && !small {
            true => QuickCounts::AtLeast(at_once.saturating_add(1)),
            false => QuickCounts::Counted(Counts {
                total: rows.len(),
                unread: rows.iter().filter(|s| !s.read).count(),
            }),
        })
    }

    fn window(&mut self, filter: &Filter, start: usize, len: usize) -> Result<Vec<Summary>> {
        Ok(self
            .matching(filter)
            .into_iter()
            .skip(start)
            .take(len)
            .collect())
    }

    fn position(&mut self, filter: &Filter, id: &str) -> Result<Option<usize>> {
        Ok(self.matching(filter).iter().position(|s| s.id == id))
    }

    fn article(&mut self, id: &str) -> Result<Article> {
        self.articles
            .iter()
            .find(|a| a.id == id)
            .cloned()
            .ok_or_else(|| CatalogError(format!("no article with id {id:?}")))
    }

    fn sources(&mut self, filter: &Filter) -> Result<Vec<(String, usize)>> {
        let wide = Filter {
            source: None,
            ..filter.clone()
        };
        let mut counts: Vec<(String, usize)> = Vec::new();
        for s in self.matching(&wide) {
            if let Some(src) = s.source {
                match counts.iter_mut().find(|(name, _)| *name == src) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((src, 1)),
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(counts)
    }

    fn set_read(&mut self, id: &str, read: bool) -> Result<()> {
        self.known(id)?;
        if read {
            self.read.insert(id.to_string());
        } else {
            self.read.remove(id);
        }
        Ok(())
    }

    fn set_starred(&mut self, id: &str, starred: bool) -> Result<()> {
        self.known(id)?;
        if starred {
            self.starred.insert(id.to_string());
        } else {
            self.starred.remove(id);
        }
        Ok(())
    }

    fn day_counts(
        &mut self,
        filter: &Filter,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<DayCounts> {
        let mut counts = DayCounts::empty(first, last);
        for s in self.matching(&without_dates(filter)) {
            match s.published {
                None => counts.undated += 1,
                Some(p) if counts.covers(p.date) => *counts.days.entry(p.date).or_insert(0) += 1,
                Some(_) => {}
            }
        }
        Ok(counts)
    }

    fn day_with_articles(
        &mut self,
        filter: &Filter,
        date: NaiveDate,
        later: bool,
    ) -> Result<Option<NaiveDate>> {
        let days = self
            .matching(&without_dates(filter))
            .into_iter()
            .filter_map(|s| s.published.map(|p| p.date));
        Ok(match later {
            true => days.filter(|d| *d > date).min(),
            false => days.filter(|d| *d < date).max(),
        })
    }
}

/// The filter without its date part, in date order (the calendar's counts).
fn without_dates(filter: &Filter) -> Filter {
    Filter {
        dates: None,
        undated_only: false,
        by_relevance: false,
        ..filter.clone()
    }
}

#[cfg(test)]
pub mod calendar_contract;
pub mod unread;

#[cfg(test)]
pub mod contract;
#[cfg(test)]
pub mod counts_contract;

#[cfg(test)]
mod tests {
    #[test]
    fn memory_catalog_keeps_the_contract() {
        super::contract::check(|a| super::Memory::new(a).with_limits(super::Limits::SMALL));
    }

    #[test]
    fn memory_catalog_counts_sources_and_views_as_every_catalog_does() {
        super::counts_contract::check(|a| super::Memory::new(a).with_limits(super::Limits::SMALL));
    }

    #[test]
    fn memory_catalog_counts_days_as_every_catalog_does() {
        super::calendar_contract::check(super::Memory::new);
    }
}
