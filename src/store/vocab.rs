//! The vocabulary of the full-text index, and prefix searches through it.
//!
//! The full-text index has no prefix index. A prefix term `hoa*` is
//! answered exactly by merging the lists of every term of the dictionary
//! it starts: fast while those lists are short, slow when they hold the
//! whole archive (`c`, `chiem h`).
//!
//! The term dictionaries of the index (`text_search::expansions`) give each
//! term and about how many articles hold it, so a keystroke can see what a
//! prefix would cost before asking for it:
//!
//! - the lists are short enough ([`EXACT_POSTINGS`]): the prefix, exact;
//! - another positive term is rare enough that checking each of its
//!   articles against every expansion is cheap ([`NARROW_STEPS`]): the
//!   expansions as alternatives of the term, `chiem (hoa | hoang)`, which
//!   is exact (the dictionary holds every term);
//! - otherwise, while typing (not for `xemtin search`), the results are
//!   provisional: one letter after other words waits for the next (`chiem h`
//!   lists what `chiem` finds); else the prefix as a word of its own, then
//!   its most common expansions up to the same budget. `c` lists the
//!   articles with "của", and one more letter narrows them. A word typed to
//!   its end is among them whole; a space after it makes it a complete
//!   word, searched exactly.

use super::text_index::TextReader;
use super::text_search::{Clause, Search, docs, expansions};
use crate::search::query::{Query, Term, TermKind};

/// Postings (articles × terms) a prefix may expand to and be searched
/// exactly on each keystroke.
pub(crate) const EXACT_POSTINGS: i64 = 150_000;
/// Articles of the rarest other term times expansions of the prefix, above
/// which alternatives of the expansions cost too much.
pub(crate) const NARROW_STEPS: i64 = 40_000;
/// Expansions a term may be written as: each is one more list to step
/// through per article.
pub(crate) const NARROW_WORDS: usize = 16;

/// The search of `query` (as [`Search::of`]), its prefix term written as
/// the words it expands to when the prefix would merge too much for a
/// keystroke (see the module). `exact`: never provisional. None when the
/// query has no positive term.
pub(crate) fn expression(
    text: &TextReader,
    query: &Query,
    exact: bool,
) -> tantivy::Result<Option<Search>> {
    let budget = Budget {
        postings: EXACT_POSTINGS,
        steps: NARROW_STEPS,
    };
    expression_within(text, query, exact, budget)
}

/// What a keystroke may ask of the index (see [`EXACT_POSTINGS`], [`NARROW_STEPS`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) postings: i64,
    pub(crate) steps: i64,
}

pub(crate) fn expression_within(
    text: &TextReader,
    query: &Query,
    exact: bool,
    budget: Budget,
) -> tantivy::Result<Option<Search>> {
    if !query.has_positive() {
        return Ok(None);
    }
    let prefix = query.terms.iter().find(|t| t.prefix && !t.negated);
    let Some(Term {
        field,
        kind: TermKind::Word(word),
        ..
    }) = prefix
    else {
        return Ok(Some(Search::of(query)));
    };
    // The source's terms are few: its prefixes are always cheap.
    if *field == crate::search::Field::Source {
        return Ok(Some(Search::of(query)));
    }
    let all = expansions(text, word)?;
    let postings: i64 = all.iter().map(|(_, n)| n).sum();
    if postings <= budget.postings {
        return Ok(Some(Search::of(query)));
    }
    // The rarest other positive term bounds the articles to check.
    let mut rarest: Option<i64> = None;
    for t in query.terms.iter().filter(|t| !t.negated && !t.prefix) {
        let mut n = i64::MAX;
        for token in t.kind.tokens() {
            n = n.min(docs(text, token)?);
        }
        rarest = Some(rarest.map_or(n, |r| r.min(n)));
    }
    let words: Vec<&str> = match rarest {
        Some(r)
            if r.saturating_mul(all.len() as i64) <= budget.steps && all.len() <= NARROW_WORDS =>
        {
            all.iter().map(|(t, _)| t.as_str()).collect()
        }
        _ if exact => return Ok(Some(Search::of(query))),
        // One letter after other words waits for the next: those words'
        // results stand meanwhile (the list neither blanks nor jumps).
        Some(_) if word.chars().count() == 1 => {
            let mut rest = query.clone();
            rest.terms.retain(|t| !t.prefix || t.negated);
            return Ok(Some(Search::of(&rest)));
        }
        _ => provisional(word, &all, rarest, budget),
    };
    if words.is_empty() {
        return Ok(Some(Search::of(query)));
    }
    let mut search = Search::of(query);
    if let Some(c) = search
        .positive
        .iter_mut()
        .find(|c| c.field == *field && c.alternatives.iter().any(|a| a.prefix))
    {
        *c = Clause::any_of(*field, &words);
    }
    Ok(Some(search))
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
