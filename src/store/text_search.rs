//! Searches evaluated on the full-text index (`text_index.rs`), segment by
//! segment, from its term dictionaries and postings: exactly what
//! [`crate::search::Query::matches`] selects, and the relevance of each
//! match from its positions (`rank.rs`).
//!
//! A search is a list of positive clauses, all of which must match, and of
//! excluded ones, none of which may. A clause is a term of the query in
//! its field, written as one or more alternatives: its own tokens (a word,
//! a phrase, the last token a prefix while typing), or the words a prefix
//! expands to (`vocab.rs`). A phrase matches where its tokens follow each
//! other in one field; a prefix token is any term of the dictionary that
//! starts with it.

use std::collections::BTreeMap;

use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, InvertedIndexReader, SegmentReader, TERMINATED};

use super::rank::{Instance, score};
use super::text_index::{Fields, TextReader};
use crate::search::{Field, Query, Term};

/// One way a clause matches: tokens that follow each other, the last one
/// a prefix when `prefix`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Alternative {
    pub(crate) tokens: Vec<String>,
    pub(crate) prefix: bool,
}

/// A term of the query as searched: any of its alternatives, in `field`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Clause {
    pub(crate) field: Field,
    pub(crate) alternatives: Vec<Alternative>,
}

impl Clause {
    /// `term` as it was typed (its `negated` aside).
    pub(crate) fn of(term: &Term) -> Clause {
        Clause {
            field: term.field,
            alternatives: vec![Alternative {
                tokens: term.kind.tokens().to_vec(),
                prefix: term.prefix,
            }],
        }
    }

    /// The words `words`, any of them, in `field`.
    pub(crate) fn any_of(field: Field, words: &[&str]) -> Clause {
        Clause {
            field,
            alternatives: words
                .iter()
                .map(|w| Alternative {
                    tokens: vec![(*w).to_string()],
                    prefix: false,
                })
                .collect(),
        }
    }
}

/// A search as the index is asked it. Scores count the positive clauses
/// in order: each one's instances, and each instance of one followed at
/// once by an instance of the next.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct Search {
    pub(crate) positive: Vec<Clause>,
    pub(crate) excluded: Vec<Clause>,
}

impl Search {
    /// `query` as typed. Empty `positive` for a query of exclusions only.
    pub(crate) fn of(query: &Query) -> Search {
        Search {
            positive: query
                .terms
                .iter()
                .filter(|t| !t.negated)
                .map(Clause::of)
                .collect(),
            excluded: query
                .terms
                .iter()
                .filter(|t| t.negated)
                .map(Clause::of)
                .collect(),
        }
    }
}

/// The fields a search field looks in, with the column each is scored as
/// (0 title, 1 body; the source does not count).
fn fields_of(f: &Fields, field: Field) -> &'static [(usize, Option<u32>)] {
    let _ = f;
    match field {
        Field::Any => &[(0, Some(0)), (1, Some(1))],
        Field::Title => &[(0, Some(0))],
        Field::Source => &[(2, None)],
    }
}

fn field_at(f: &Fields, i: usize) -> tantivy::schema::Field {
    match i {
        0 => f.title,
        1 => f.body,
        _ => f.source,
    }
}

/// What a search found: the matching rowids, ascending, and with scores
/// their relevance (parallel).
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) rowids: Vec<i64>,
    pub(crate) scores: Option<Vec<i64>>,
}

/// Evaluate `search` (with a positive clause) on the index. Scores are
/// computed when `score_at_most` allows as many matches; the rowids in
/// `stale` (sorted: `text_index::stale`) are left out.
pub(crate) fn evaluate(
    text: &TextReader,
    search: &Search,
    score_at_most: Option<usize>,
    stale: &[i64],
) -> tantivy::Result<Found> {
    let searcher = text.reader.searcher();
    let mut per_segment = Vec::new();
    let mut total = 0;
    for seg in searcher.segment_readers() {
        let docs = segment_matches(seg, &text.fields, search)?;
        total += docs.len();
        per_segment.push(docs);
    }
    let scored = score_at_most.is_some_and(|m| total <= m);
    if !scored {
        return Ok(Found {
            rowids: rowids_of(&searcher, &per_segment, stale)?,
            scores: None,
        });
    }
    let mut rows: Vec<(i64, i64)> = Vec::with_capacity(total);
    for (seg, docs) in searcher.segment_readers().iter().zip(&per_segment) {
        let rowid = seg.fast_fields().u64("rowid")?;
        let scores = segment_scores(seg, &text.fields, search, docs)?;
        for (i, &doc) in docs.iter().enumerate() {
            let Some(r) = rowid.first(doc).and_then(|r| i64::try_from(r).ok()) else {
                continue;
            };
            if stale.binary_search(&r).is_ok() {
                continue;
            }
            rows.push((r, scores.get(i).copied().unwrap_or(0)));
        }
    }
    rows.sort_unstable();
    rows.dedup_by_key(|r| r.0);
    let scores = Some(rows.iter().map(|r| r.1).collect());
    // into the pairs' own memory (a million matches: 16 MB not asked
    // again), its spare half given back
    let mut rowids: Vec<i64> = rows.into_iter().map(|r| r.0).collect();
    rowids.shrink_to_fit();
    Ok(Found { rowids, scores })
}

/// The rowids of the documents of each segment, ascending, `stale` left
/// out: a search's matches when they are not scored, 8 bytes each.
fn rowids_of(
    searcher: &tantivy::Searcher,
    per_segment: &[Vec<DocId>],
    stale: &[i64],
) -> tantivy::Result<Vec<i64>> {
    let mut rowids = Vec::with_capacity(per_segment.iter().map(Vec::len).sum());
    for (seg, docs) in searcher.segment_readers().iter().zip(per_segment) {
        let rowid = seg.fast_fields().u64("rowid")?;
        rowids.extend(
            docs.iter()
                .filter_map(|&doc| rowid.first(doc).and_then(|r| i64::try_from(r).ok()))
                .filter(|r| stale.binary_search(r).is_err()),
        );
    }
    Ok(ascending_unique(rowids))
}

/// `rowids` (none negative) ascending, each once. Rowids are dense (SQLite
/// gives each new row the next one): when they span at most a few words
/// of bits per rowid, a set of bits orders them without sorting (a million
/// matches from six segments took 30 ms to sort, a third of a warm start's
/// first frame).
fn ascending_unique(mut rowids: Vec<i64>) -> Vec<i64> {
    let span = rowids
        .iter()
        .copied()
        .max()
        .map_or(0, |m| m.saturating_add(1));
    let words = usize::try_from(span).map_or(usize::MAX, |s| s.div_ceil(64));
    if rowids.len() < 1024 || words > rowids.len().saturating_mul(4) {
        rowids.sort_unstable();
        rowids.dedup();
        return rowids;
    }
    let mut set = Bits::with_room(words.saturating_mul(64));
    // the list is given back before the sorted one is made
    for r in rowids {
        if let Ok(r) = usize::try_from(r) {
            set.insert(r);
        }
    }
    set.into_sorted(|r| i64::try_from(r).ok())
}

/// The rowids any of `clauses` matches, ascending, `stale` left out.
pub(crate) fn matching_any(
    text: &TextReader,
    clauses: &[Clause],
    stale: &[i64],
) -> tantivy::Result<Vec<i64>> {
    let searcher = text.reader.searcher();
    let mut rowids = Vec::new();
    for seg in searcher.segment_readers() {
        let lists = clauses
            .iter()
            .map(|c| clause_docs(seg, &text.fields, c, None))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let docs = union_all(lists, seg.max_doc());
        let rowid = seg.fast_fields().u64("rowid")?;
        for doc in docs {
            if seg.is_deleted(doc) {
                continue;
            }
            if let Some(r) = rowid.first(doc).and_then(|r| i64::try_from(r).ok())
                && stale.binary_search(&r).is_err()
            {
                rowids.push(r);
            }
        }
    }
    rowids.sort_unstable();
    rowids.dedup();
    Ok(rowids)
}

/// The live documents of one segment that match `search`, ascending.
fn segment_matches(
    seg: &SegmentReader,
    f: &Fields,
    search: &Search,
) -> tantivy::Result<Vec<DocId>> {
    let mut docs: Option<Vec<DocId>> = None;
    for clause in &search.positive {
        let found = clause_docs(seg, f, clause, docs.as_deref())?;
        let empty = found.is_empty();
        docs = Some(found);
        if empty {
            break;
        }
    }
    let mut docs = docs.unwrap_or_default();
    for clause in &search.excluded {
        if docs.is_empty() {
            break;
        }
        let out = clause_docs(seg, f, clause, Some(&docs))?;
        docs.retain(|d| out.binary_search(d).is_err());
    }
    if let Some(alive) = seg.alive_bitset() {
        docs.retain(|&d| alive.is_alive(d));
    }
    Ok(docs)
}

/// The documents `clause` matches (among `within`, when given), ascending.
fn clause_docs(
    seg: &SegmentReader,
    f: &Fields,
    clause: &Clause,
    within: Option<&[DocId]>,
) -> tantivy::Result<Vec<DocId>> {
    let mut lists = Vec::new();
    for &(i, _) in fields_of(f, clause.field) {
        let inv = seg.inverted_index(field_at(f, i))?;
        for alt in &clause.alternatives {
            lists.push(alternative_docs(&inv, alt, within)?);
        }
    }
    Ok(union_all(lists, seg.max_doc()))
}

/// The dictionary entries of each token of `alt`: one for a whole token,
/// every term it starts for a prefix. None when a token has none.
fn slots(
    inv: &InvertedIndexReader,
    alt: &Alternative,
) -> std::io::Result<Option<Vec<Vec<TermInfo>>>> {
    let last = alt.tokens.len().saturating_sub(1);
    let mut slots = Vec::with_capacity(alt.tokens.len());
    for (j, token) in alt.tokens.iter().enumerate() {
        let infos: Vec<TermInfo> = match alt.prefix && j == last {
            true => prefix_infos(inv, token)?
                .into_iter()
                .map(|(_, t)| t)
                .collect(),
            false => inv.terms().get(token.as_bytes())?.into_iter().collect(),
        };
        if infos.is_empty() {
            return Ok(None);
        }
        slots.push(infos);
    }
    Ok(Some(slots))
}

/// Every term starting with `prefix`, with its entry.
fn prefix_infos(
    inv: &InvertedIndexReader,
    prefix: &str,
) -> std::io::Result<Vec<(String, TermInfo)>> {
    // No UTF-8 byte is 0xFF: every key starting with the prefix sorts
    // below the prefix followed by it.
    let mut upper = prefix.as_bytes().to_vec();
    upper.push(0xFF);
    let mut stream = inv
        .terms()
        .range()
        .ge(prefix.as_bytes())
        .lt(&upper)
        .into_stream()?;
    let mut out = Vec::new();
    while stream.advance() {
        let key = String::from_utf8_lossy(stream.key()).into_owned();
        out.push((key, stream.value().clone()));
    }
    Ok(out)
}

fn postings(
    inv: &InvertedIndexReader,
    infos: &[TermInfo],
    positions: bool,
) -> std::io::Result<Vec<SegmentPostings>> {
    let option = match positions {
        true => IndexRecordOption::WithFreqsAndPositions,
        false => IndexRecordOption::Basic,
    };
    infos
        .iter()
        .map(|t| inv.read_postings_from_terminfo(t, option))
        .collect()
}

/// The documents any of `lists` holds (among `within`), ascending.
///
/// Several lists (the terms a prefix starts) are marked in a set of bits,
/// one per document, not gathered and sorted: the terms `c` starts in a
/// million articles hold several million documents between them, which
/// as a list to sort weighed tens of MB for one keystroke.
fn docs_of(lists: &mut [SegmentPostings], within: Option<&[DocId]>) -> Vec<DocId> {
    let mut found = Bits::default();
    let mut docs = Vec::new();
    let single = lists.len() == 1;
    let mut keep = |d: DocId| match single {
        true => docs.push(d),
        false => found.insert(doc_bit(d)),
    };
    for p in lists.iter_mut() {
        match within {
            Some(w) => {
                for &d in w {
                    if p.doc() == TERMINATED {
                        break;
                    }
                    if p.doc() < d && p.seek(d) == TERMINATED {
                        break;
                    }
                    if p.doc() == d {
                        keep(d);
                    }
                }
            }
            None => {
                let mut d = p.doc();
                while d != TERMINATED {
                    keep(d);
                    d = p.advance();
                }
            }
        }
    }
    match single {
        true => docs,
        false => found.into_sorted(bit_doc),
    }
}

/// A set of small whole numbers (the documents of a segment, rowids), a
/// bit each.
#[derive(Default)]
struct Bits(Vec<u64>);

impl Bits {
    /// An empty set with room for the numbers below `n`.
    fn with_room(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    fn insert(&mut self, i: usize) {
        let word = i / 64;
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << (i % 64);
    }

    /// The numbers, ascending, each through `of` (None: left out).
    fn into_sorted<T>(self, of: impl Fn(usize) -> Option<T>) -> Vec<T> {
        let count = self.0.iter().map(|w| w.count_ones() as usize).sum();
        let mut out = Vec::with_capacity(count);
        for (word, &bits) in self.0.iter().enumerate() {
            let mut rest = bits;
            while rest != 0 {
                out.extend(of(word * 64 + rest.trailing_zeros() as usize));
                rest &= rest - 1;
            }
        }
        out
    }
}

/// A document as a member of [`Bits`], and back.
fn doc_bit(doc: DocId) -> usize {
    usize::try_from(doc).unwrap_or(usize::MAX)
}

fn bit_doc(bit: usize) -> Option<DocId> {
    DocId::try_from(bit).ok()
}

/// The positions in `doc` of any of `lists` (each moved forward to `doc`;
/// calls must come in ascending `doc` order), sorted.
fn positions_at(lists: &mut [SegmentPostings], doc: DocId, buf: &mut Vec<u32>, out: &mut Vec<u32>) {
    out.clear();
    for p in lists.iter_mut() {
        if p.doc() < doc {
            p.seek(doc);
        }
        if p.doc() == doc {
            p.positions(buf);
            out.extend_from_slice(buf);
        }
    }
    if lists.len() > 1 {
        out.sort_unstable();
        out.dedup();
    }
}

/// Where the alternative's phrase starts in `doc`, from its slots' lists.
fn starts_at(slots: &mut [Vec<SegmentPostings>], doc: DocId, scratch: &mut Scratch) -> Vec<u32> {
    let Some((first, rest)) = slots.split_first_mut() else {
        return Vec::new();
    };
    positions_at(first, doc, &mut scratch.buf, &mut scratch.first);
    let mut starts = scratch.first.clone();
    for (j, slot) in rest.iter_mut().enumerate() {
        if starts.is_empty() {
            break;
        }
        positions_at(slot, doc, &mut scratch.buf, &mut scratch.other);
        let offset = u32::try_from(j + 1).unwrap_or(u32::MAX);
        // both ascending: one walk through each (a phrase of thousands of
        // words over as many positions stays linear per word)
        let mut other = scratch.other.iter().peekable();
        starts.retain(|s| {
            let want = s.saturating_add(offset);
            while other.next_if(|&&p| p < want).is_some() {}
            other.peek() == Some(&&want)
        });
    }
    starts
}

#[derive(Default)]
struct Scratch {
    buf: Vec<u32>,
    first: Vec<u32>,
    other: Vec<u32>,
}

/// The documents `alt` matches in one field (among `within`), ascending.
fn alternative_docs(
    inv: &InvertedIndexReader,
    alt: &Alternative,
    within: Option<&[DocId]>,
) -> std::io::Result<Vec<DocId>> {
    let Some(slots) = slots(inv, alt)? else {
        return Ok(Vec::new());
    };
    // Documents with every token first, then (a phrase) the positions.
    let mut docs: Option<Vec<DocId>> = within.map(<[DocId]>::to_vec);
    for infos in &slots {
        let found = docs_of(&mut postings(inv, infos, false)?, docs.as_deref());
        docs = Some(found);
    }
    let docs = docs.unwrap_or_default();
    if slots.len() < 2 || docs.is_empty() {
        return Ok(docs);
    }
    let mut lists = slots
        .iter()
        .map(|infos| postings(inv, infos, true))
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut scratch = Scratch::default();
    Ok(docs
        .into_iter()
        .filter(|&d| !starts_at(&mut lists, d, &mut scratch).is_empty())
        .collect())
}

/// Is `search` one clause whose alternatives are each one token (`c`,
/// `la`, a word)? Its score then counts the occurrences of its terms in
/// each column: no two of them can share a token, and there is no next
/// clause to be adjacent to. The term frequencies give that without the
/// positions, which tantivy reads whole for every term opened with them:
/// the terms `la` starts in a million articles hold tens of MB of
/// positions, and the memory of one keystroke grew with the archive.
fn counted_by_frequency(search: &Search) -> bool {
    matches!(search.positive.as_slice(), [clause]
        if clause.alternatives.iter().all(|alt| alt.tokens.len() == 1))
}

/// [`segment_scores`] of a search [`counted_by_frequency`]: each term's
/// occurrences in a document stand for instances at positions of their
/// own, scored as any instances are.
fn frequency_scores(
    seg: &SegmentReader,
    f: &Fields,
    clause: &Clause,
    docs: &[DocId],
) -> tantivy::Result<Vec<i64>> {
    // (column, the term's postings) of every term of the clause, once
    let mut lists: Vec<(u32, SegmentPostings)> = Vec::new();
    for &(i, column) in fields_of(f, clause.field) {
        let Some(column) = column else { continue };
        let inv = seg.inverted_index(field_at(f, i))?;
        let mut opened = std::collections::HashSet::new();
        for alt in &clause.alternatives {
            let Some(slots) = slots(&inv, alt)? else {
                continue;
            };
            for info in slots.into_iter().flatten() {
                if opened.insert(info.postings_range.start) {
                    let postings =
                        inv.read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
                    lists.push((column, postings));
                }
            }
        }
    }
    let mut out = Vec::with_capacity(docs.len());
    let mut hits: Vec<Instance> = Vec::new();
    for &doc in docs {
        hits.clear();
        let mut at = 0u32;
        for (column, postings) in lists.iter_mut() {
            if postings.doc() < doc {
                postings.seek(doc);
            }
            if postings.doc() == doc {
                for _ in 0..postings.term_freq() {
                    hits.push((*column, at, at, 0));
                    at = at.saturating_add(1);
                }
            }
        }
        out.push(score(&mut hits, 1));
    }
    Ok(out)
}

/// The relevance of each of `docs` (ascending), parallel to it.
fn segment_scores(
    seg: &SegmentReader,
    f: &Fields,
    search: &Search,
    docs: &[DocId],
) -> tantivy::Result<Vec<i64>> {
    if counted_by_frequency(search) {
        return frequency_scores(seg, f, &search.positive[0], docs);
    }
    // (clause, column, length, the slots' lists) of every alternative
    // in every scored field
    let mut readers = Vec::new();
    for (p, clause) in search.positive.iter().enumerate() {
        for &(i, column) in fields_of(f, clause.field) {
            let Some(column) = column else { continue };
            let inv = seg.inverted_index(field_at(f, i))?;
            for alt in &clause.alternatives {
                let Some(slots) = slots(&inv, alt)? else {
                    continue;
                };
                let lists = slots
                    .iter()
                    .map(|infos| postings(&inv, infos, true))
                    .collect::<std::io::Result<Vec<_>>>()?;
                let len = u32::try_from(alt.tokens.len()).unwrap_or(1).max(1);
                readers.push((p, column, len, lists));
            }
        }
    }
    let clauses = search.positive.len();
    let mut scratch = Scratch::default();
    let mut out = Vec::with_capacity(docs.len());
    let mut hits: Vec<Instance> = Vec::new();
    for &doc in docs {
        hits.clear();
        for (p, column, len, lists) in readers.iter_mut() {
            for s in starts_at(lists, doc, &mut scratch) {
                hits.push((*column, s, s + (*len - 1), *p));
            }
        }
        out.push(score(&mut hits, clauses));
    }
    Ok(out)
}

/// Union of ascending lists of the documents of a segment of `max_doc`
/// documents: several are marked in a set of bits rather than merged two
/// by two (a search of `la` in a million articles merged a list per field
/// of each segment, a fifth of a warm start's first frame).
fn union_all(mut lists: Vec<Vec<DocId>>, max_doc: DocId) -> Vec<DocId> {
    lists.retain(|l| !l.is_empty());
    if lists.len() < 2 {
        return lists.pop().unwrap_or_default();
    }
    let mut set = Bits::with_room(doc_bit(max_doc));
    for &doc in lists.iter().flatten() {
        set.insert(doc_bit(doc));
    }
    set.into_sorted(bit_doc)
}

/// The terms of the title and body that start with `prefix`, and about how
/// many articles hold each (documents of either field, deleted ones
/// included until merged away), most common first.
pub(crate) fn expansions(text: &TextReader, prefix: &str) -> tantivy::Result<Vec<(String, i64)>> {
    let searcher = text.reader.searcher();
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for seg in searcher.segment_readers() {
        for field in [text.fields.title, text.fields.body] {
            let inv = seg.inverted_index(field)?;
            for (term, info) in prefix_infos(&inv, prefix)? {
                *counts.entry(term).or_default() += i64::from(info.doc_freq);
            }
        }
    }
    let mut all: Vec<(String, i64)> = counts.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(all)
}

/// About how many articles hold `term` in the title or body.
pub(crate) fn docs(text: &TextReader, term: &str) -> tantivy::Result<i64> {
    let searcher = text.reader.searcher();
    let mut n = 0;
    for seg in searcher.segment_readers() {
        for field in [text.fields.title, text.fields.body] {
            let inv = seg.inverted_index(field)?;
            if let Some(info) = inv.terms().get(term.as_bytes())? {
                n += i64::from(info.doc_freq);
            }
        }
    }
    Ok(n)
}

#[cfg(test)]
mod set_tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::{DocId, ascending_unique, union_all};

    proptest! {
        #[test]
        fn a_union_is_every_document_of_any_list_once_ascending(
            lists in proptest::collection::vec(proptest::collection::btree_set(0u32..500, 0..60), 0..5),
        ) {
            let expected: Vec<DocId> = lists.iter().flatten().copied().collect::<BTreeSet<_>>().into_iter().collect();
            let lists = lists.into_iter().map(|l| l.into_iter().collect()).collect();
            prop_assert_eq!(union_all(lists, 500), expected);
        }

        #[test]
        fn rowids_come_out_ascending_and_once_dense_or_sparse(
            rowids in proptest::collection::vec(0i64..3000, 0..2500),
            sparse in proptest::collection::vec(0i64..i64::MAX, 0..5),
        ) {
            for rowids in [rowids.clone(), [rowids, sparse].concat()] {
                let expected: Vec<i64> = rowids.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
                prop_assert_eq!(ascending_unique(rowids), expected);
            }
        }
    }
}
