//! The embedded store: the SQLite index of the data folder and the user state kept apart from it.
//!
//! - The **index** (`index.rs`) is derived data in the cache folder, one per
//!   data folder: one row per article (no body: [`Store::article`] re-reads
//!   the file), sync
//!   bookkeeping (size, mtime, content hash), the problems found by the last
//!   sync, and a mirror of the read/starred marks so the filters on them are
//!   index lookups. Deleting it costs a re-index.
//! - The **full-text index** (`text_index.rs`), in a folder beside the
//!   index file: tantivy, one document per article row (its rowid, the
//!   folded title, body and source), searched by `text_search.rs` and
//!   ranked by `rank.rs`; kept in line with the rows after any crash by
//!   the rule in `text_index.rs`. Derived data too.
//! - The **state** (`state.rs`) is the user's, in the data folder of the
//!   platform, shared by every data folder (keyed by article id): marks,
//!   session values, a change counter. It is never deleted, renamed or
//!   rewritten by xemtin when it cannot be read; the store then runs with
//!   marks read-only.
//! - [`sync`] (`sync/`) brings the index in line with the folder, on its
//!   own connection, in committed batches, while a [`Store`] reads:
//!   `sync/listing.rs` compares the folder with the index, `sync/articles.rs`
//!   writes the article rows, `sync/text.rs` the full-text index.
//!
//! Storage is a library: no UI, no printing; what the user should be told
//! comes back as [`Notice`]s and error messages.

mod arrays;
mod calendar;
mod calendar_search;
mod check_ahead;
mod feed_articles;
mod file_stat;
mod fresh;
mod index;
mod matches;
mod pane;
mod paths;
mod query;
mod rank;
mod read_ahead;
mod state;
mod sync;
mod text_dir;
mod text_index;
mod text_search;
mod vocab;

#[cfg(test)]
mod calendar_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod text_search_tests;
#[cfg(test)]
mod timezone_tests;

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::article::Article;
use crate::catalog::{self, Catalog, CatalogError, Counts, Filter, Summary};
use crate::ingest::{Diagnostic, ParseOptions};
use crate::zone::Zone;

pub use feed_articles::articles_of_files;
pub use sync::sync;

/// The articles `texts` (title, body, source) that `query` selects, as the
/// store's full-text index answers it (exactly, prefixes included): their
/// positions, ascending. For tests and the fuzz target, which compare it
/// with [`crate::search::Query::matches`].
pub fn search_texts(
    texts: &[[&str; 3]],
    query: &crate::search::Query,
) -> Result<Vec<usize>, StoreError> {
    let failed = |e: tantivy::TantivyError| StoreError(format!("the full-text index: {e}"));
    let text = text_index::in_memory(texts).map_err(failed)?;
    let search = text_search::Search::of(query);
    let found: Vec<i64> = match (query.is_empty(), search.positive.is_empty()) {
        (true, _) => (0..texts.len())
            .filter_map(|i| i64::try_from(i).ok())
            .collect(),
        (false, false) => {
            text_search::evaluate(&text, &search, None, &[])
                .map_err(failed)?
                .rowids
        }
        (false, true) => {
            let out = text_search::matching_any(&text, &search.excluded, &[]).map_err(failed)?;
            (0..texts.len())
                .filter_map(|i| i64::try_from(i).ok())
                .filter(|i| out.binary_search(i).is_err())
                .collect()
        }
    };
    Ok(found
        .into_iter()
        .filter_map(|r| usize::try_from(r).ok())
        .collect())
}

/// Where the index of one data folder and the shared state live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorePaths {
    pub index: PathBuf,
    pub state: PathBuf,
}

/// Something the user should be told (a moved-aside index, a read-only
/// state); Display is one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A store operation that failed: the message says what failed, which file,
/// and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<StoreError> for CatalogError {
    fn from(e: StoreError) -> Self {
        CatalogError(e.0)
    }
}

/// How far a sync has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// The two stages of a sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The article rows: `done` of the `total` files in the data folder are
    /// in line with the index (unchanged ones count as the walk reaches
    /// them, part by part). The
    /// list is complete at the end of this stage.
    Articles,
    /// The full-text index: `done` of the `total` articles whose text was
    /// missing are searchable.
    Text,
}

/// What a sync did. `added`: articles now listed that were not before;
/// `changed`: listed before and after, content changed; `removed`: listed
/// before, not any more (file deleted, renamed, or no longer parses);
/// `unchanged`: listed before and after, same content. `skipped` and
/// `warnings` describe the whole folder after the sync (as
/// [`Store::problems`] does), not only the files read this time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub warnings: usize,
    /// Said while opening the index (e.g. a damaged one was moved aside).
    pub notices: Vec<Notice>,
}

/// The size of the index, for `xemtin index` and the benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    pub articles: usize,
    /// Bytes in the index database (pages in use, the write-ahead log
    /// aside) and in the full-text index's folder.
    pub bytes: u64,
}

/// The index of one data folder with the state attached: what the App's
/// worker queries. Single-threaded; [`sync`] runs beside it on its own
/// connection.
pub struct Store {
    conn: Connection,
    root: PathBuf,
    paths: StorePaths,
    /// Why marks cannot be saved, when they cannot.
    read_only: Option<String>,
    /// What the last filter's questions share (counts, search results).
    cache: query::Cache,
    /// How files are parsed when an article is read again.
    parse: ParseOptions,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("root", &self.root)
            .field("paths", &self.paths)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Open (creating folders and files as needed). A damaged or foreign
    /// index is moved aside and a fresh one created, with a Notice. A damaged
    /// or unwritable state is left exactly as it is, with a Notice, and marks
    /// are then read-only. Nothing is ever written in the data folder.
    ///
    /// Dates are shown in this machine's time zone.
    pub fn open(paths: &StorePaths, data_root: &Path) -> Result<(Store, Vec<Notice>), StoreError> {
        Store::open_in(paths, data_root, Zone::Local)
    }

    /// [`Store::open`], showing dates in `zone`.
    pub fn open_in(
        paths: &StorePaths,
        data_root: &Path,
        zone: Zone,
    ) -> Result<(Store, Vec<Notice>), StoreError> {
        let (conn, mut notices) = index::open(&paths.index, zone)?;
        let link = state::attach(&conn, &paths.state);
        notices.extend(link.notice.clone());
        let read_only = link.read_only.clone();
        let mut cache = query::Cache::default();
        let text_dir = text_index::dir_of(&paths.index);
        cache.search.text = text_index::TextReader::open(&text_dir);
        cache.search.text_dir = Some(text_dir);
        let store = Store {
            conn,
            root: data_root.to_path_buf(),
            paths: paths.clone(),
            read_only,
            cache,
            parse: ParseOptions { zone },
        };
        state::refresh_mirror(&store.conn, &link).map_err(|e| {
            StoreError(format!(
                "cannot update the read marks in the index {}: {e}; delete that file to rebuild it",
                store.paths.index.display()
            ))
        })?;
        Ok((store, notices))
    }

    /// Skipped files and warnings recorded by the last sync, without
    /// rescanning: (skipped, warnings), by path.
    pub fn problems(&mut self) -> Result<(Vec<Diagnostic>, Vec<Diagnostic>), StoreError> {
        index::problems(&self.conn).map_err(|e| self.index_error("read the problems", e))
    }

    /// `key` as this data folder's own session value: the state is shared
    /// by every data folder, and the last position in one (its search, its
    /// article) means nothing in another.
    pub fn folder_session_key(&self, key: &str) -> String {
        format!("{key}@{:016x}", paths::folder_hash(&self.root))
    }

    /// A session value (last position, ...) from the state; None when unset
    /// or the state cannot be read.
    pub fn session_get(&mut self, key: &str) -> Option<String> {
        state::session_get(&self.conn, key)
    }

    /// Save a session value in the state; durable when it returns.
    pub fn session_set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.writable()?;
        state::session_set(&self.conn, key, value).map_err(|e| self.state_error(e))
    }

    /// Number of articles in the index and its size in bytes.
    pub fn stats(&mut self) -> Result<IndexStats, StoreError> {
        index::stats(&self.conn, &text_index::dir_of(&self.paths.index))
            .map_err(|e| self.index_error("read the index size", e))
    }

    /// Has no folder of the data folder changed since the last finished
    /// sync (files added, deleted, renamed, folders moved)? Asks each
    /// folder for its time, lists none (see `fresh.rs`); false if unsure.
    pub fn folders_unchanged(&mut self) -> bool {
        fresh::unchanged(&self.conn, &self.root).unwrap_or(false)
    }

    /// Are the files of these articles as the last sync left them (size and
    /// time)? False if one is gone, changed or unknown, or if unsure.
    pub fn files_unchanged(&mut self, ids: &[&str]) -> bool {
        fresh::files_unchanged(&self.conn, &self.root, ids.iter().copied()).unwrap_or(false)
    }

    /// Every article `filter` passes, in its order, and whether their
    /// files are as the last sync left them ([`Store::files_unchanged`],
    /// by the files the rows name: no lookup of each article), asked while
    /// the rows are read where they are read by relevance
    /// (`check_ahead.rs`).
    pub fn select_checked(&mut self, filter: &Filter) -> catalog::Result<(Vec<Summary>, bool)> {
        use std::sync::atomic::{AtomicBool, Ordering};
        let Ok(settled) = fresh::Settled::of_last_sync(&self.conn) else {
            let total = self.count(filter)?;
            return Ok((self.window(filter, 0, total)?, false));
        };
        let stop = AtomicBool::new(false);
        let root = self.root.clone();
        let (rows, checked) = std::thread::scope(|scope| {
            let (feed, checker) = check_ahead::start(scope, &root, &settled, &stop);
            self.cache.search.feed = Some(feed);
            let rows = self
                .count(filter)
                .and_then(|total| self.window(filter, 0, total));
            // the last batch goes; what the thread has not asked yet is
            // asked below on several threads
            self.cache.search.feed = None;
            stop.store(true, Ordering::Relaxed);
            (rows, checker.join().unwrap_or_default())
        });
        let rows = rows?;
        let unchanged = fresh::rows_unchanged_after(&self.conn, &root, &settled, &checked, &rows)
            .unwrap_or(false);
        Ok((rows, unchanged))
    }

    /// Keep a small page cache, for a connection that answers one command
    /// ([`index::COMMAND_CACHE_KIB`]).
    pub fn for_one_command(&mut self) {
        // a cache left as it was is only slower
        let _ = self
            .conn
            .pragma_update(None, "cache_size", index::COMMAND_CACHE_KIB);
    }

    /// Search prefixes exactly however long it takes (the command line),
    /// never with the provisional results a keystroke may get.
    pub fn search_exactly(&mut self) {
        self.cache.exact = true;
    }

    /// Answer with other [`crate::catalog::Limits`] than the program's
    /// (tests: small ones, so that a few articles reach both sides).
    pub fn set_limits(&mut self, limits: crate::catalog::Limits) {
        self.cache.set_limits(limits);
    }

    /// Where this store's files are.
    pub fn paths(&self) -> &StorePaths {
        &self.paths
    }

    /// Why marks cannot be saved, if they cannot (also given as a Notice by
    /// [`Store::open`]).
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    fn writable(&self) -> Result<(), StoreError> {
        match &self.read_only {
            None => Ok(()),
            Some(why) => Err(StoreError(format!("cannot save: {why}"))),
        }
    }

    fn index_error(&self, what: &str, e: rusqlite::Error) -> StoreError {
        StoreError(format!(
            "cannot {what} in the index {}: {e}; if this persists, delete that file and xemtin will index the data folder again",
            self.paths.index.display()
        ))
    }

    fn state_error(&self, e: rusqlite::Error) -> StoreError {
        StoreError(format!(
            "cannot save to the state file {}: {e}; check the disk and its permissions",
            self.paths.state.display()
        ))
    }

    /// The file of article `id`: its path relative to the data folder
    /// ('/'-separated) and on disk.
    fn file_of(&self, id: &str) -> catalog::Result<(String, PathBuf)> {
        let rel = match index::file_of(&self.conn, id) {
            Ok(Some(rel)) => rel,
            Ok(None) => return Err(CatalogError(format!("no article with id {id:?}"))),
            Err(e) => return Err(self.index_error("look up an article", e).into()),
        };
        let path = crate::ingest::walk::path_of(&self.root, &rel);
        Ok((rel, path))
    }

    fn known(&self, id: &str) -> catalog::Result<()> {
        match index::contains(&self.conn, id) {
            Ok(true) => Ok(()),
            Ok(false) => Err(CatalogError(format!("no article with id {id:?}"))),
            Err(e) => Err(self.index_error("look up an article", e).into()),
        }
    }

    fn set_mark(&mut self, id: &str, mark: state::Mark, on: bool) -> catalog::Result<()> {
        self.known(id)?;
        self.writable()?;
        self.cache.marks_changed();
        let changes = state::set_mark(&self.conn, id, mark, on).map_err(|e| self.state_error(e))?;
        state::mirror_mark(&self.conn, id, mark, on, changes)
            .map_err(|e| self.index_error("mirror the mark", e))?;
        Ok(())
    }
}

impl Catalog for Store {
    fn count(&mut self, filter: &Filter) -> catalog::Result<usize> {
        query::count(&self.conn, &mut self.cache, filter, false)
            .map_err(|e| self.index_error("count", e).into())
    }

    fn unread(&mut self, filter: &Filter) -> catalog::Result<usize> {
        query::count(&self.conn, &mut self.cache, filter, true)
            .map_err(|e| self.index_error("count unread", e).into())
    }

    fn quick_counts(&mut self, filter: &Filter) -> catalog::Result<catalog::QuickCounts> {
        query::quick_counts(&self.conn, &mut self.cache, filter)
            .map_err(|e| self.index_error("count", e).into())
    }

    fn window(
        &mut self,
        filter: &Filter,
        start: usize,
        len: usize,
    ) -> catalog::Result<Vec<Summary>> {
        query::window(&self.conn, &mut self.cache, filter, start, len)
            .map_err(|e| self.index_error("list articles", e).into())
    }

    fn position(&mut self, filter: &Filter, id: &str) -> catalog::Result<Option<usize>> {
        query::position(&self.conn, filter, &mut self.cache, id)
            .map_err(|e| self.index_error("find an article", e).into())
    }

    fn article(&mut self, id: &str) -> catalog::Result<Article> {
        let (rel, path) = self.file_of(id)?;
        let gone = |why: &str| {
            CatalogError(format!(
                "cannot show {id}: the file changed since the last sync and {why}; sync again (it is then listed as skipped)"
            ))
        };
        match crate::ingest::read_file(&path, &rel, &self.parse) {
            Ok(o) => o
                .articles
                .into_iter()
                .find(|a| a.id == id)
                .ok_or_else(|| gone("no longer has this article")),
            Err(note) => Err(gone(&note.message)),
        }
    }

    fn sources(&mut self, filter: &Filter) -> catalog::Result<Vec<(String, usize)>> {
        query::sources(&self.conn, &self.cache, filter)
            .map_err(|e| self.index_error("count sources", e).into())
    }

    fn source_counts(&mut self, filter: &Filter) -> catalog::Result<Vec<(String, Counts)>> {
        pane::source_counts(&self.conn, &self.cache, filter)
            .map_err(|e| self.index_error("count sources", e).into())
    }

    fn counts_aside(&mut self, filter: &Filter) -> catalog::Result<Counts> {
        pane::counts_aside(&self.conn, &self.cache, filter)
            .map_err(|e| self.index_error("count a view", e).into())
    }

    fn set_read(&mut self, id: &str, read: bool) -> catalog::Result<()> {
        self.set_mark(id, state::Mark::Read, read)
    }

    fn set_starred(&mut self, id: &str, starred: bool) -> catalog::Result<()> {
        self.set_mark(id, state::Mark::Starred, starred)
    }

    fn unread_ids(
        &mut self,
        filter: &Filter,
        first: Option<usize>,
    ) -> catalog::Result<Vec<crate::article::ArticleId>> {
        match query::unread_ids(&self.conn, &mut self.cache, filter, first) {
            Ok(Some(ids)) => Ok(ids),
            Ok(None) => catalog::unread_ids_by_window(self, filter, first),
            Err(e) => Err(self.index_error("list unread articles", e).into()),
        }
    }

    fn set_read_many(
        &mut self,
        ids: &[crate::article::ArticleId],
        read: bool,
    ) -> catalog::Result<()> {
        self.writable()?;
        self.cache.marks_changed();
        state::set_read_many(&self.conn, ids, read).map_err(|e| self.state_error(e).into())
    }

    fn mark_view_read(
        &mut self,
        filter: &Filter,
        first: Option<usize>,
    ) -> catalog::Result<Vec<crate::article::ArticleId>> {
        if first.is_some() {
            // the rows above the selection: found through the list's order
            let ids = self.unread_ids(filter, first)?;
            self.set_read_many(&ids, true)?;
            return Ok(ids);
        }
        self.writable()?;
        self.cache.marks_changed();
        let w = query::every_part(&self.conn, &self.cache, filter, true)
            .map_err(|e| self.index_error("find the articles to mark", e))?;
        state::mark_read_where(&self.conn, &w).map_err(|e| self.state_error(e).into())
    }

    fn day_counts(
        &mut self,
        filter: &Filter,
        first: chrono::NaiveDate,
        last: chrono::NaiveDate,
    ) -> catalog::Result<crate::calendar::DayCounts> {
        calendar::day_counts(&self.conn, &mut self.cache, filter, first, last)
            .map_err(|e| self.index_error("count articles per day", e).into())
    }

    fn day_with_articles(
        &mut self,
        filter: &Filter,
        date: chrono::NaiveDate,
        later: bool,
    ) -> catalog::Result<Option<chrono::NaiveDate>> {
        calendar::day_with_articles(&self.conn, &mut self.cache, filter, date, later)
            .map_err(|e| self.index_error("find a day with articles", e).into())
    }

    fn indexing(&mut self, busy: bool) {
        // Only speed depends on it.
        let _ = index::set_cache(&self.conn, busy);
    }
}
