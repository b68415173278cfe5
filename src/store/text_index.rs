//! The full-text index: a tantivy index in a folder beside the SQLite
//! file (`index-<hash>.sqlite.text/`), one document per article row.
//!
//! Each document holds the article's rowid (indexed, to delete it by, and
//! a fast field, to map a match back to its row) and
//! [`crate::fold::index_text`] of its title, body and source in three
//! fields split on whitespace, with positions (phrases, adjacency in the
//! ranking). Nothing is stored: the text is only indexed; highlighting
//! works on the article, relevance on positions (`text_search.rs`). Its
//! files are read with `pread`, not mapped (`text_dir.rs`).
//!
//! # Derived data, whatever happens
//!
//! The rule that keeps it in line with SQLite after a crash or a `kill -9`
//! at any moment:
//!
//! - **Which index.** A new index gets an id; every tantivy commit carries
//!   it as its payload, and the SQLite meta `text_index` records it. A sync
//!   that finds them different (the folder deleted, damaged, replaced, or a
//!   rebuild stopped half-way) empties tantivy, commits under a new id, and
//!   only then empties `texted` and records the new id: a crash in between
//!   finds them different again.
//! - **Adding.** An article's text is added after a delete of its rowid
//!   (so adding twice leaves one document; not needed when the index was
//!   empty as the sync opened it), committed in tantivy, and only
//!   then is the row marked in `texted`. A crash in between leaves text in
//!   tantivy that `texted` does not list: indexed again by the next sync,
//!   never twice.
//! - **Removing.** A row deleted or changed leaves `texted` and enters
//!   `untext`, in the SQLite transaction that deletes or changes it. Until
//!   the next text stage deletes those rowids from tantivy (and commits, and
//!   only then clears them from `untext`), searches leave them out
//!   (`text_search::stale`): a rowid SQLite gives again to a new article
//!   never finds the text of the old one.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, TransactionBehavior};
use tantivy::indexer::{LogMergePolicy, NoMergePolicy, UserOperation};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::index::{meta_get, meta_set};
use super::paths::with_suffix;
use super::text_dir::ReadDirectory;

/// The meta key recording the id of the tantivy index the rows of
/// `texted` are in.
const TEXT_INDEX: &str = "text_index";

/// Memory of tantivy's indexing thread before it writes a segment (its
/// minimum is 15 MB).
const WRITER_HEAP: usize = 16 << 20;
/// How long a sync waits for another process's sync to release the index.
const LOCK_WAIT: Duration = Duration::from_secs(120);

/// How segments are merged as they come: tantivy's policy (segments of a
/// size merged into one when there are enough of them), at
/// [`MERGED_AT_ONCE`] at a time, and only segments under
/// [`MERGED_AS_THEY_COME_BELOW`] documents: the commits' small segments
/// (some 2,000-2,500 news articles each, the indexing heap's worth) become
/// segments of some 70,000, which stay as they are. Each article is so
/// merged once, whatever the archive's size. When those were merged again
/// at the end (into segments of 250,000 at 1,000,000 articles), an article
/// was merged 1.8 times on average at 100,000 articles (the last ones only
/// at the end) and twice at 1,000,000, and the merges were the one part of
/// a first index whose cost grew faster than the archive (BENCHMARKS.md,
/// "Each article merged once").
///
/// Sixteen at a time (segments of some 40,000) kept the number of segments
/// during a first index to some forty at 1,000,000; thirty-two keeps it
/// about the same (thirty-two small, fourteen merged; fifteen at the end,
/// where there were five). A merge reads each term's postings and
/// positions of every segment it merges whole (`pread`, into memory), so
/// its memory is bounded by the 70,000 articles it makes; the TUI's peak
/// through a first index of 1,000,000 rose by 2-4 MB all the same (94.6
/// and 96.3 MB against 91-92.5), with thirty-two small segments open at
/// once in the reader and in a merge.
fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_min_num_segments(MERGED_AT_ONCE);
    policy.set_max_docs_before_merge(MERGED_AS_THEY_COME_BELOW);
    policy
}

/// Small segments merged into one as they come, this many at a time.
const MERGED_AT_ONCE: usize = 32;

/// Segments with more documents than this are not merged as they come
/// (see [`merge_policy`]).
const MERGED_AS_THEY_COME_BELOW: usize = 20_000;

/// Segments of at least this many documents are complete: the end of a
/// text stage leaves them as they are (unless many of their documents were
/// deleted). The merges as they come make segments above it; the end's
/// merges gather what is left below it, so that syncs that each add some
/// thousands of articles do not leave one segment each.
const COMPLETE_SEGMENT_DOCS: u64 = 50_000;

/// A segment with at least this share of its documents deleted is merged
/// at the end of a text stage, even alone (which drops the deleted ones).
const DELETED_SHARE_MERGED: f64 = 0.1;

/// The most documents one merge at the end of a text stage gathers into a
/// segment, so that one merge's memory is bounded whatever the archive's
/// size.
const FINAL_SEGMENT_DOCS: u64 = 250_000;

/// A segment as the end of a text stage sees it.
#[derive(Debug)]
struct SegmentSize<T> {
    id: T,
    /// Documents not deleted.
    docs: u64,
    /// Share of its documents deleted.
    deleted_share: f64,
}

impl<T> SegmentSize<T> {
    /// Merged at the end: small, or with many documents deleted.
    fn to_merge(&self) -> bool {
        self.docs < COMPLETE_SEGMENT_DOCS || self.deleted_share >= DELETED_SHARE_MERGED
    }
}

/// The merges at the end of a text stage: the segments to merge (see
/// [`SegmentSize::to_merge`]), smallest first, gathered in turn into groups
/// of at most `at_most` documents (a segment larger than that alone). A
/// group of one segment is left out unless merging it drops deleted
/// documents.
fn merge_groups<T: Copy>(segments: &[SegmentSize<T>], at_most: u64) -> Vec<Vec<T>> {
    let mut chosen: Vec<&SegmentSize<T>> = segments.iter().filter(|s| s.to_merge()).collect();
    // small with small first: the groups come out even
    chosen.sort_by_key(|s| s.docs);
    let mut groups: Vec<Vec<&SegmentSize<T>>> = Vec::new();
    let mut current: Vec<&SegmentSize<T>> = Vec::new();
    let mut docs = 0u64;
    for segment in chosen {
        if !current.is_empty() && docs.saturating_add(segment.docs) > at_most {
            groups.push(std::mem::take(&mut current));
            docs = 0;
        }
        current.push(segment);
        docs = docs.saturating_add(segment.docs);
    }
    groups.push(current);
    groups
        .into_iter()
        .filter(|g| g.len() > 1 || g.iter().any(|s| s.deleted_share > 0.0))
        .map(|g| g.into_iter().map(|s| s.id).collect())
        .collect()
}

/// The fields of a document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) rowid: Field,
    pub(crate) title: Field,
    pub(crate) body: Field,
    pub(crate) source: Field,
}

/// The schema and its fields.
pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("whitespace")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
            .set_fieldnorms(false),
    );
    let rowid = b.add_u64_field("rowid", NumericOptions::default().set_fast().set_indexed());
    let title = b.add_text_field("title", text.clone());
    let body = b.add_text_field("body", text.clone());
    let source = b.add_text_field("source", text);
    (
        b.build(),
        Fields {
            rowid,
            title,
            body,
            source,
        },
    )
}

/// The fields of `index`, if its schema is ours.
fn fields_of(index: &Index) -> Option<Fields> {
    let (want, fields) = schema();
    (index.schema() == want).then_some(fields)
}

/// The folder of the full-text index beside the SQLite index at `index`.
pub(crate) fn dir_of(index: &Path) -> PathBuf {
    with_suffix(index, ".text")
}

/// Bytes in the folder (the index's size, beside the SQLite file's).
pub(crate) fn bytes_in(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// The text index opened for reading: what a [`super::Store`] searches
/// (a clone shares the reader).
#[derive(Clone)]
pub(crate) struct TextReader {
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
}

impl std::fmt::Debug for TextReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextReader")
    }
}

impl TextReader {
    /// Open the index in `dir` for reading; None when there is none yet or
    /// it cannot be read (searches then find nothing until a sync repairs
    /// it).
    pub(crate) fn open(dir: &Path) -> Option<TextReader> {
        let index = Index::open(ReadDirectory::open(dir).ok()?).ok()?;
        TextReader::of(&index)
    }

    pub(crate) fn of(index: &Index) -> Option<TextReader> {
        let fields = fields_of(index)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .ok()?;
        Some(TextReader { reader, fields })
    }

    /// See what was committed since (cheap when nothing was).
    pub(crate) fn reload(&self) {
        // A failed reload keeps the last view: searches stay consistent.
        let _ = self.reader.reload();
    }
}

/// The index opened for writing by a sync: the only writer of the folder
/// (tantivy's lock), until dropped.
pub(crate) struct TextWriter {
    index: Index,
    writer: IndexWriter<TantivyDocument>,
    pub(crate) fields: Fields,
    /// This index's id, the payload of every commit.
    id: String,
    /// The index held nothing when this sync opened it (emptied, or new):
    /// every rowid it adds is new to it, no delete needed before.
    empty: bool,
}

fn text_error(dir: &Path, what: &str, e: impl std::fmt::Display) -> String {
    format!(
        "cannot {what} the full-text index {}: {e}; delete that folder and xemtin will index the text again",
        dir.display()
    )
}

/// A new id: the time and the process, enough to tell two indexes apart.
fn new_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}-{:x}", std::process::id())
}

/// Open the index in `dir`, or create it (a folder that is not a usable
/// index of ours is derived data: it is emptied first).
fn open_or_create(dir: &Path) -> Result<Index, String> {
    if let Ok(directory) = ReadDirectory::open(dir)
        && let Ok(index) = Index::open(directory)
        && fields_of(&index).is_some()
    {
        return Ok(index);
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| text_error(dir, "replace", e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| text_error(dir, "create", e))?;
    let directory = ReadDirectory::open(dir).map_err(|e| text_error(dir, "open", e))?;
    Index::create(directory, schema().0, tantivy::IndexSettings::default())
        .map_err(|e| text_error(dir, "create", e))
}

impl TextWriter {
    /// Open the index of the SQLite index `conn` for writing, waiting for
    /// another sync to finish with it, and make sure `texted` describes
    /// it (see the module): if the ids differ, or `fresh` (a rebuild), the
    /// index is emptied under a new id and `texted` and `untext` with it.
    pub(crate) fn attach(conn: &mut Connection, dir: &Path, fresh: bool) -> Result<Self, String> {
        let index = open_or_create(dir)?;
        let fields = fields_of(&index).ok_or_else(|| text_error(dir, "use", "foreign schema"))?;
        let started = Instant::now();
        let writer = loop {
            match index.writer_with_num_threads(1, WRITER_HEAP) {
                Ok(w) => break w,
                Err(tantivy::TantivyError::LockFailure(..)) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => return Err(text_error(dir, "open", e)),
            }
        };
        let payload = index
            .load_metas()
            .map_err(|e| text_error(dir, "read", e))?
            .payload;
        let recorded = meta_get(conn, TEXT_INDEX).map_err(|e| text_error(dir, "record", e))?;
        let mut me = TextWriter {
            index,
            writer,
            fields,
            id: payload.clone().unwrap_or_default(),
            empty: false,
        };
        if fresh || payload.is_none() || payload != recorded {
            me.id = new_id();
            me.writer
                .delete_all_documents()
                .map_err(|e| text_error(dir, "empty", e))?;
            me.commit().map_err(|e| text_error(dir, "empty", e))?;
            let mut start = || -> rusqlite::Result<()> {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                tx.execute_batch("DELETE FROM texted; DELETE FROM untext;")?;
                meta_set(&tx, TEXT_INDEX, &me.id)?;
                tx.commit()
            };
            start().map_err(|e| text_error(dir, "record", e))?;
        }
        me.writer.set_merge_policy(Box::new(merge_policy()));
        me.empty = me
            .index
            .searchable_segment_ids()
            .is_ok_and(|ids| ids.is_empty());
        Ok(me)
    }

    /// The rowid's term, to delete its document by.
    fn rowid_term(&self, rowid: i64) -> Term {
        Term::from_field_u64(self.fields.rowid, u64::try_from(rowid).unwrap_or(0))
    }

    /// Remove the text of `rowid` (nothing if it has none).
    pub(crate) fn delete(&self, rowid: i64) {
        self.writer.delete_term(self.rowid_term(rowid));
    }

    /// Index each `(rowid, columns)` (title, body, source:
    /// [`crate::fold::index_text`]) as the text of its rowid, replacing any
    /// it had, handed to tantivy's indexing thread in one operation rather
    /// than one per document (a first index of 100,000: 14.5-15.8 s of CPU
    /// against 14.6-18.9, BENCHMARKS.md "Fewer commits").
    pub(crate) fn add_all<'a>(
        &self,
        texts: impl Iterator<Item = (i64, [&'a str; 3])>,
    ) -> tantivy::Result<()> {
        let mut operations = Vec::new();
        for (rowid, columns) in texts {
            // A delete costs a lookup in every segment at the next commit:
            // on an index that was empty (a first index), each rowid comes
            // once.
            if !self.empty {
                operations.push(UserOperation::Delete(self.rowid_term(rowid)));
            }
            let mut doc = TantivyDocument::new();
            doc.add_u64(self.fields.rowid, u64::try_from(rowid).unwrap_or(0));
            doc.add_text(self.fields.title, columns[0]);
            doc.add_text(self.fields.body, columns[1]);
            doc.add_text(self.fields.source, columns[2]);
            operations.push(UserOperation::Add(doc));
        }
        self.writer.run(operations).map(|_| ())
    }

    /// Make what was added and deleted durable and visible, under this
    /// index's id.
    pub(crate) fn commit(&mut self) -> tantivy::Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&self.id);
        prepared.commit().map(|_| ())
    }

    /// Merge what the merges as they come left small (and what has many
    /// documents deleted) into as few segments as [`FINAL_SEGMENT_DOCS`]
    /// allows (see [`merge_groups`]), one merge after the other, and wait
    /// for them; a failure only costs speed. The merges started as
    /// segments came ([`merge_policy`]) end first.
    pub(crate) fn merge_all(self) {
        let TextWriter { index, writer, .. } = self;
        let _ = writer.wait_merging_threads();
        let Ok(mut writer) = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_HEAP)
        else {
            return;
        };
        writer.set_merge_policy(Box::new(NoMergePolicy));
        if let Ok(metas) = index.searchable_segment_metas() {
            let sizes: Vec<SegmentSize<tantivy::index::SegmentId>> = metas
                .iter()
                .map(|m| SegmentSize {
                    id: m.id(),
                    docs: u64::from(m.num_docs()),
                    deleted_share: match m.max_doc() {
                        0 => 0.0,
                        all => f64::from(m.num_deleted_docs()) / f64::from(all),
                    },
                })
                .collect();
            for group in merge_groups(&sizes, FINAL_SEGMENT_DOCS) {
                let _ = writer.merge(&group).wait();
            }
        }
        let _ = writer.garbage_collect_files().wait();
        let _ = writer.wait_merging_threads();
    }

    /// Let merges in progress end.
    pub(crate) fn finish(self) {
        let _ = self.writer.wait_merging_threads();
    }
}

/// The rowids whose text in tantivy is stale (see the module), sorted.
pub(crate) fn stale(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT rowid FROM untext ORDER BY rowid")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// Index `texts` (title, body, source: the original text) in memory, each
/// under its position as rowid, and open it: the store's full-text index
/// without a store, for tests.
pub(crate) fn in_memory(texts: &[[&str; 3]]) -> tantivy::Result<TextReader> {
    let (schema, fields) = schema();
    let index = Index::create_in_ram(schema);
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, WRITER_HEAP)?;
    for (i, [title, body, source]) in texts.iter().enumerate() {
        let mut doc = TantivyDocument::new();
        doc.add_u64(fields.rowid, u64::try_from(i).unwrap_or(u64::MAX));
        doc.add_text(fields.title, crate::fold::index_text(title));
        doc.add_text(fields.body, crate::fold::index_text(body));
        doc.add_text(fields.source, crate::fold::index_text(source));
        writer.add_document(doc)?;
    }
    writer.commit()?;
    TextReader::of(&index).ok_or_else(|| tantivy::TantivyError::InternalError("schema".into()))
}

#[cfg(test)]
mod tests {
    use super::{COMPLETE_SEGMENT_DOCS, SegmentSize, merge_groups};

    fn small(id: char, docs: u64) -> SegmentSize<char> {
        SegmentSize {
            id,
            docs,
            deleted_share: 0.0,
        }
    }

    #[test]
    fn the_final_merges_gather_small_segments_up_to_the_size_and_leave_lone_ones() {
        // everything in one merge while it fits, smallest first
        assert_eq!(
            merge_groups(&[small('c', 30), small('a', 10), small('b', 20)], 100),
            vec![vec!['a', 'b', 'c']]
        );
        // a group closes before it would pass the size
        let five: Vec<_> = "abcde".chars().map(|c| small(c, 40)).collect();
        assert_eq!(
            merge_groups(&five, 100),
            vec![vec!['a', 'b'], vec!['c', 'd']]
        );
        // a segment larger than the size stays alone, unmerged
        assert_eq!(
            merge_groups(&[small('a', 10), small('b', 20), small('c', 500)], 100),
            vec![vec!['a', 'b']]
        );
        assert!(merge_groups::<char>(&[], 100).is_empty());
        assert!(merge_groups(&[small('a', 10)], 100).is_empty());
    }

    #[test]
    fn complete_segments_are_left_as_they_are_unless_much_of_them_is_deleted() {
        let complete = |id, deleted_share| SegmentSize {
            id,
            docs: COMPLETE_SEGMENT_DOCS,
            deleted_share,
        };
        let at_most = 5 * COMPLETE_SEGMENT_DOCS;
        // what the merges as they come made is not merged again
        assert_eq!(
            merge_groups(
                &[
                    complete('x', 0.0),
                    small('a', 10),
                    complete('y', 0.0),
                    small('b', 20)
                ],
                at_most
            ),
            vec![vec!['a', 'b']]
        );
        // a few deleted: left; a tenth: merged, alone if need be
        assert!(merge_groups(&[complete('x', 0.05), small('a', 10)], at_most).is_empty());
        assert_eq!(
            merge_groups(&[complete('x', 0.1)], at_most),
            vec![vec!['x']]
        );
        assert_eq!(
            merge_groups(&[complete('x', 0.5), small('a', 10)], at_most),
            vec![vec!['a', 'x']]
        );
        // a small one alone with deletes is merged too (they are dropped)
        let deleted = SegmentSize {
            id: 'a',
            docs: 10,
            deleted_share: 0.5,
        };
        assert_eq!(merge_groups(&[deleted], at_most), vec![vec!['a']]);
    }
}
