//! The vocabulary of the full-text index, and prefix searches through it.
//!
//! The full-text table has no prefix index (on 100,000 generated articles
//! the three of `prefix = '1 2 3'` made the index 2.6 times larger and its
//! build 2.5 times slower). FTS5 answers a prefix term `"hoa"*` without one
//! by merging the lists of every term the prefix starts: exact, and fast
//! while those lists are short (`lam`: 48,000 articles, 3 ms), slow when they
//! hold the whole archive (`c`: 0.5 s; `chiem h`: 0.26 s).
//!
//! `vocab` keeps each term of the index and about how many articles hold
//! it, so a keystroke can see what a prefix would cost before asking FTS5:
//!
//! - the lists are short enough ([`EXACT_POSTINGS`]): `"hoa"*`, exact;
//! - another positive term is rare enough that checking each of its
//!   articles against every expansion is cheap ([`NARROW_STEPS`]): the
//!   expansions as an OR under the AND, `"chiem" AND ("hoa" OR "hoang")`,
//!   which FTS5 answers by seeking in each list, and which is exact while
//!   the vocabulary is complete;
//! - otherwise, while typing (not for `xemtin search`), the results are
//!   provisional: one letter after other words waits for the next (`chiem h`
//!   lists what `chiem` finds); else the prefix as a word of its own, then
//!   its most common expansions up to the same budget. `c` lists the
//!   articles with "của", and one more letter narrows them. A word typed to
//!   its end is among them whole; a space after it makes it a complete
//!   word, searched exactly.
//!
//! The vocabulary is only a guide: a term missing from it makes a provisional
//! list shorter, never a wrong one. A sync adds the terms of the articles it
//! indexes in the same transaction; a large text stage marks it stale first
//! (`meta.vocab = 'stale'`) and rebuilds it from FTS5 (`fts5vocab`) at the
//! end. While it is stale, prefixes are searched exactly.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::search::query::{Query, Term, TermKind, quoted};

/// Postings (articles × terms) a prefix may expand to and be searched
/// exactly on each keystroke: on 100,000 generated articles, `chie` (119,000)
/// took 12 ms of CPU, `hoa` (230,000) 27 ms.
pub(crate) const EXACT_POSTINGS: i64 = 150_000;
/// Articles of the rarest other term times expansions of the prefix, above
/// which an OR of the expansions under an AND costs too much (`chiem` ×
/// four expansions of `hoa`: 40,000, 4 ms to count; × 25 of `h`: 250,000,
/// 28 ms; ranking costs about twice as much).
pub(crate) const NARROW_STEPS: i64 = 40_000;
/// Expansions an OR may hold: each is one more list to step through per
/// article (`na h`, 986 articles × 25 words, cost 35 ms to rank).
pub(crate) const NARROW_WORDS: usize = 16;

const STALE: &str = "INSERT OR REPLACE INTO meta (key, value) VALUES ('vocab', 'stale')";

/// Mark the vocabulary stale (before a large text stage writes without
/// adding its terms).
pub(crate) fn mark_stale(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(STALE, []).map(|_| ())
}

pub(crate) fn is_stale(conn: &Connection) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'vocab')")?
        .query_row([], |r| r.get(0))
}

/// Rebuild the vocabulary from the full-text index, in one transaction
/// (about 1 s of CPU on 100,000 articles: it reads the whole index).
pub(crate) fn rebuild(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, 'fts', 'row')",
    )?;
    let tx = conn.transaction()?;
    tx.execute_batch(
        "DELETE FROM vocab;
         INSERT INTO vocab (term, docs) SELECT term, doc FROM temp.fts_terms;
         DELETE FROM meta WHERE key = 'vocab';",
    )?;
    tx.commit()
}

/// Count the terms of articles just indexed (each text: the folded, space
/// separated columns of one article) into the vocabulary.
pub(crate) fn add<'a>(
    tx: &Transaction<'_>,
    texts: impl Iterator<Item = [&'a str; 3]>,
) -> rusqlite::Result<()> {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for columns in texts {
        seen.clear();
        for term in columns.iter().flat_map(|c| c.split(' ')) {
            if !term.is_empty() && seen.insert(term) {
                *counts.entry(term).or_default() += 1;
            }
        }
    }
    let mut upsert = tx.prepare_cached(
        "INSERT INTO vocab (term, docs) VALUES (?1, ?2)
         ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs",
    )?;
    for (term, n) in counts {
        upsert.execute((term, n))?;
    }
    Ok(())
}

/// The terms starting with `prefix` and their article counts, most common
/// first.
fn expansions(conn: &Connection, prefix: &str) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT term, docs FROM vocab WHERE term >= ?1 AND term < ?1 || char(1114111)
         ORDER BY docs DESC, term",
    )?;
    let rows = stmt.query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

fn docs(conn: &Connection, term: &str) -> rusqlite::Result<i64> {
    Ok(conn
        .prepare_cached("SELECT docs FROM vocab WHERE term = ?1")?
        .query_row([term], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// The FTS5 expression of `query` (as [`Query::fts5`]), its prefix term
/// written as the words it expands to when FTS5 would merge too much for
/// a keystroke (see the module). `exact`: never provisional. None when the
/// query has no positive term.
/// A search as FTS5 is asked it: the expression, how many of its phrases
/// are positive (the rest are excluded), and the first phrase of the last
/// positive term, which may be written as several (its expansions): the
/// ranking (`rank.rs`) counts those as one term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Search {
    pub(crate) expr: String,
    pub(crate) phrases: usize,
    pub(crate) last: usize,
}

impl Search {
    /// `query` as written by [`Query::fts5`].
    fn plain(query: &Query) -> Option<Search> {
        let n = query.positive_terms();
        Some(Search {
            expr: query.fts5()?,
            phrases: n,
            last: n.saturating_sub(1),
        })
    }
}

pub(crate) fn expression(
    conn: &Connection,
    query: &Query,
    exact: bool,
) -> rusqlite::Result<Option<Search>> {
    let budget = Budget {
        postings: EXACT_POSTINGS,
        steps: NARROW_STEPS,
    };
    expression_within(conn, query, exact, budget)
}

/// What a keystroke may ask of FTS5 (see [`EXACT_POSTINGS`], [`NARROW_STEPS`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) postings: i64,
    pub(crate) steps: i64,
}

pub(crate) fn expression_within(
    conn: &Connection,
    query: &Query,
    exact: bool,
    budget: Budget,
) -> rusqlite::Result<Option<Search>> {
    let prefix = query.terms.iter().find(|t| t.prefix && !t.negated);
    let Some(Term {
        field,
        kind: TermKind::Word(word),
        ..
    }) = prefix
    else {
        return Ok(Search::plain(query));
    };
    if is_stale(conn)? {
        return Ok(Search::plain(query));
    }
    let all = expansions(conn, word)?;
    let postings: i64 = all.iter().map(|(_, n)| n).sum();
    if postings <= budget.postings {
        return Ok(Search::plain(query));
    }
    let positive = query.positive_terms();
    // The rarest other positive term bounds the articles to check.
    let mut rarest: Option<i64> = None;
    for t in query.terms.iter().filter(|t| !t.negated && !t.prefix) {
        let mut n = i64::MAX;
        for token in t.kind.tokens() {
            n = n.min(docs(conn, token)?);
        }
        rarest = Some(rarest.map_or(n, |r| r.min(n)));
    }
    let words: Vec<&str> = match rarest {
        Some(r)
            if r.saturating_mul(all.len() as i64) <= budget.steps && all.len() <= NARROW_WORDS =>
        {
            all.iter().map(|(t, _)| t.as_str()).collect()
        }
        _ if exact => return Ok(Search::plain(query)),
        // One letter after other words waits for the next: those words'
        // results stand meanwhile (the list neither blanks nor jumps).
        Some(_) if word.chars().count() == 1 => {
            let mut rest = query.clone();
            rest.terms.retain(|t| !t.prefix || t.negated);
            return Ok(Search::plain(&rest));
        }
        _ => provisional(word, &all, rarest, budget),
    };
    if words.is_empty() {
        return Ok(Search::plain(query));
    }
    let alternatives: Vec<String> = words
        .iter()
        .map(|w| quoted(std::slice::from_ref(&(*w).to_string())))
        .collect();
    let written = format!("{}: ({})", field.colspec(), alternatives.join(" OR "));
    Ok(query
        .fts5_with(|t| (t.prefix && !t.negated).then(|| written.clone()))
        .map(|expr| Search {
            expr,
            phrases: positive - 1 + words.len(),
            last: positive - 1,
        }))
}

/// The words a provisional search writes for `word`: itself, then its most
/// common expansions while they stay in budget (at least one).
fn provisional<'a>(
    word: &'a str,
    all: &'a [(String, i64)],
    rarest: Option<i64>,
    budget: Budget,
) -> Vec<&'a str> {
    // Under an AND, each word costs a seek per article of the rarest other
    // term; alone, a merge of its list.
    let step = |n: i64| rarest.map_or(n, |r| r.min(n));
    let budget = match rarest {
        Some(_) => budget.steps,
        None => budget.postings,
    };
    let mut words = vec![word];
    let mut cost = all
        .iter()
        .find(|(t, _)| t == word)
        .map_or(0, |(_, n)| step(*n));
    for (term, n) in all {
        if term == word {
            continue;
        }
        let step = step(*n);
        if words.len() > 1 && (cost + step > budget || words.len() >= NARROW_WORDS) {
            break;
        }
        cost += step;
        words.push(term);
    }
    words
}

#[cfg(test)]
#[path = "vocab_tests.rs"]
mod tests;
