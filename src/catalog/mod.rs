//! What the application asks of its article collection, whatever holds it:
//! the SQLite store in the program, an in-memory list in tests. Every
//! filter is answered by the catalog, so the App never holds every row.

use std::collections::HashSet;
use std::fmt;

use crate::article::{Article, ArticleId, Published, newest_first};
use crate::dates::DateFilter;

/// Which articles the list shows. All parts combine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub dates: Option<DateFilter>,
    /// Exact source name.
    pub source: Option<String>,
    pub unread_only: bool,
    pub starred_only: bool,
}

/// One row of the list: what the list shows of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: ArticleId,
    pub title: String,
    pub published: Option<Published>,
    pub source: Option<String>,
    pub views: Option<u64>,
    pub read: bool,
    pub starred: bool,
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
    fn set_read(&mut self, id: &str, read: bool) -> Result<()>;
    fn set_starred(&mut self, id: &str, starred: bool) -> Result<()>;
}

/// Does `summary` pass `filter`?
pub fn matches(filter: &Filter, summary: &Summary) -> bool {
    let date_ok = match (&filter.dates, &summary.published) {
        (None, _) => true,
        (Some(f), Some(p)) => f.contains(p.date),
        (Some(_), None) => false,
    };
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
}

impl Memory {
    pub fn new(mut articles: Vec<Article>) -> Memory {
        articles.sort_by(newest_first);
        Memory {
            articles,
            ..Memory::default()
        }
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
        }
    }

    fn matching<'a>(&'a self, filter: &'a Filter) -> impl Iterator<Item = Summary> + 'a {
        self.articles
            .iter()
            .map(|a| self.summary(a))
            .filter(move |s| matches(filter, s))
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
        Ok(self.matching(filter).count())
    }

    fn unread(&mut self, filter: &Filter) -> Result<usize> {
        Ok(self.matching(filter).filter(|s| !s.read).count())
    }

    fn window(&mut self, filter: &Filter, start: usize, len: usize) -> Result<Vec<Summary>> {
        Ok(self.matching(filter).skip(start).take(len).collect())
    }

    fn position(&mut self, filter: &Filter, id: &str) -> Result<Option<usize>> {
        Ok(self.matching(filter).position(|s| s.id == id))
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
}

#[cfg(test)]
pub mod contract;

#[cfg(test)]
mod tests {
    #[test]
    fn memory_catalog_keeps_the_contract() {
        super::contract::check(super::Memory::new);
    }
}
