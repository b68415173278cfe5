//! The relevance of a match, from the positions of its instances in the
//! full-text index (`text_search.rs`).
//!
//! It is [`crate::catalog::relevance`] on the index: ten times the hits in
//! the title plus the hits in the body, where the hits of a column are the
//! instances of the query's positive terms (words, phrases, the prefix term
//! or the words it expands to) with instances that share a token counted
//! once (the way highlighting merges overlapping ranges), plus [`ADJACENT`]
//! for each instance of term `p` followed at once by one of term `p + 1`
//! (terms typed together, found together). The source does not count.

use crate::search::query::ADJACENT;

/// Weight of a title hit against a body hit (as in `catalog::relevance`).
const TITLE_WEIGHT: i64 = 10;

/// One instance: `(column, first token, last token, term)`, the column 0
/// for the title and 1 for the body.
pub(crate) type Instance = (u32, u32, u32, usize);

/// The score of one article from its instances, in any order; `terms`:
/// how many positive terms the query has.
pub(crate) fn score(hits: &mut [Instance], terms: usize) -> i64 {
    hits.sort_unstable();
    let hits = &*hits;
    // Is there an instance of term `p` at (`col`, `start`)? A binary
    // search of the sorted instances: no allocation per article.
    let starts_at = |col: u32, start: u32, p: usize| {
        let from = hits.partition_point(|h| (h.0, h.1) < (col, start));
        hits[from..]
            .iter()
            .take_while(|h| (h.0, h.1) == (col, start))
            .any(|h| h.3 == p)
    };
    let weight = |col: u32| match col {
        0 => Some(TITLE_WEIGHT),
        1 => Some(1),
        _ => None,
    };
    let mut score = 0i64;
    for &(col, _, end, p) in hits {
        let Some(weight) = weight(col) else { continue };
        if p + 1 < terms && starts_at(col, end.saturating_add(1), p + 1) {
            score += weight * ADJACENT as i64;
        }
    }
    let mut last: Option<(u32, u32)> = None; // (column, end of the merged run)
    for &(col, start, end, _) in hits {
        let Some(weight) = weight(col) else { continue };
        match &mut last {
            Some((c, e)) if *c == col && start <= *e => *e = (*e).max(end),
            _ => {
                score += weight;
                last = Some((col, end));
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(mut hits: Vec<Instance>, terms: usize) -> i64 {
        score(&mut hits, terms)
    }

    #[test]
    fn instances_sharing_a_token_count_once_per_column() {
        assert_eq!(s(vec![], 1), 0);
        assert_eq!(s(vec![(1, 3, 3, 0), (1, 5, 5, 0)], 1), 2);
        // word + phrase over it, phrases chained by one token (no adjacency:
        // each is one term of its own query here)
        assert_eq!(s(vec![(1, 3, 3, 0), (1, 3, 4, 1), (1, 4, 5, 2)], 0), 1);
        // adjacent tokens are separate hits
        assert_eq!(s(vec![(1, 3, 3, 0), (1, 4, 4, 0)], 1), 2);
        assert_eq!(s(vec![(0, 0, 1, 0), (1, 0, 1, 0), (2, 0, 0, 0)], 1), 11);
    }

    #[test]
    fn terms_found_in_the_order_typed_score_more() {
        // "chiem hoa": term 0 then term 1, one after the other
        let together = vec![(1, 4, 4, 0), (1, 5, 5, 1)];
        let apart = vec![(1, 4, 4, 0), (1, 9, 9, 1)];
        let reversed = vec![(1, 5, 5, 0), (1, 4, 4, 1)];
        assert_eq!(s(together.clone(), 2), 2 + ADJACENT as i64);
        assert_eq!(s(apart, 2), 2);
        assert_eq!(s(reversed, 2), 2);
        // in the title, ten times as much
        let title: Vec<Instance> = together.iter().map(|&(_, s, e, p)| (0, s, e, p)).collect();
        assert_eq!(s(title, 2), 10 * (2 + ADJACENT as i64));
        // "chiem ho" with "ho" written as its expansions: all term 1
        let expanded = vec![(1, 4, 4, 0), (1, 5, 5, 1), (1, 9, 9, 0), (1, 10, 10, 1)];
        assert_eq!(s(expanded, 2), 4 + 2 * ADJACENT as i64);
        // one term only: no bonus
        assert_eq!(s(together, 1), 2);
    }
}
