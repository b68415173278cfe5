use super::*;
use crate::search::parse;
use crate::store::text_index::in_memory;
use crate::store::text_search::{Alternative, evaluate};

const WORDS: [&str; 14] = [
    "h", "ha", "hai", "han", "hang", "hoa", "hoang", "ho", "chiem", "chi", "c", "cua", "lam", "x",
];

/// An index of `n` articles of words drawn from [`WORDS`] (a fixed
/// sequence).
fn index(n: usize) -> TextReader {
    let mut seed: u64 = 7;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut texts = Vec::new();
    for _ in 0..n {
        let mut words = |k: usize| -> String {
            (0..k)
                .map(|_| WORDS[next() % WORDS.len()])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (title, body) = (words(3), words(12));
        texts.push([title, body, String::new()]);
    }
    let refs: Vec<[&str; 3]> = texts
        .iter()
        .map(|[t, b, s]| [t.as_str(), b.as_str(), s.as_str()])
        .collect();
    in_memory(&refs).unwrap()
}

fn rowids(text: &TextReader, s: &Search) -> Vec<i64> {
    evaluate(text, s, None, &[]).unwrap().rowids
}

fn written(text: &TextReader, typed: &str, exact: bool, budget: Budget) -> Search {
    expression_within(text, &parse(typed, true), exact, budget)
        .unwrap()
        .unwrap()
}

/// The words the last positive term is written as (empty: as typed).
fn words_of(s: &Search) -> Vec<String> {
    let last = s.positive.last().unwrap();
    match last.alternatives.as_slice() {
        [Alternative { prefix: true, .. }] => Vec::new(),
        alts => alts.iter().map(|a| a.tokens.join(" ")).collect(),
    }
}

const NEVER_EXACT: Budget = Budget {
    postings: 0,
    steps: i64::MAX,
};
const NOTHING: Budget = Budget {
    postings: 1,
    steps: 1,
};

#[test]
fn cheap_prefixes_are_searched_as_typed() {
    let text = index(200);
    let q = parse("chiem h", true);
    let roomy = Budget {
        postings: i64::MAX,
        steps: i64::MAX,
    };
    let e = expression_within(&text, &q, false, roomy).unwrap().unwrap();
    assert_eq!(e, Search::of(&q));
}

#[test]
fn a_prefix_narrowed_by_another_word_is_exact() {
    let text = index(300);
    for typed in [
        "chiem h",
        "chiem ho",
        "lam c",
        "x hoa",
        "title:cua h",
        "\"chiem x\" ha",
    ] {
        let e = written(&text, typed, false, NEVER_EXACT);
        assert!(words_of(&e).len() > 1, "{typed}: {e:?}");
        let exact = Search::of(&parse(typed, true));
        let found = rowids(&text, &e);
        assert!(!found.is_empty(), "{typed}");
        assert_eq!(found, rowids(&text, &exact), "{typed}: {e:?}");
    }
}

#[test]
fn a_costly_prefix_gives_the_word_then_its_commonest_words_while_typing() {
    let text = index(300);
    for typed in ["h", "c", "ho", "chiem ho", "lam -x ch"] {
        let e = written(&text, typed, false, NOTHING);
        let exact = Search::of(&parse(typed, true));
        let (some, all) = (rowids(&text, &e), rowids(&text, &exact));
        assert!(!some.is_empty(), "{typed}: {e:?}");
        assert!(some.iter().all(|r| all.contains(r)), "{typed}: {e:?}");
        // the typed word itself is always searched, with one expansion
        let last = typed.rsplit(' ').next().unwrap();
        let words = words_of(&e);
        assert_eq!(words.first().map(String::as_str), Some(last), "{typed}");
        assert!(words.len() >= 2, "{typed}: {words:?}");
        // the command line never gets this
        assert_eq!(written(&text, typed, true, NOTHING), exact, "{typed}");
    }
    // one letter after another word waits for the next
    let waiting = written(&text, "chiem h", false, NOTHING);
    assert_eq!(waiting, Search::of(&parse("chiem ", true)));
    // "h" alone: after the word, the commonest expansion
    let expansions = expansions(&text, "h").unwrap();
    let commonest = expansions.iter().find(|(t, _)| t != "h").unwrap();
    assert_eq!(
        words_of(&written(&text, "h", false, NOTHING))[..2],
        ["h".to_string(), commonest.0.clone()]
    );
}

#[test]
fn the_dictionary_counts_the_articles_of_each_word() {
    let text = index(250);
    let all = expansions(&text, "").unwrap();
    assert_eq!(all.len(), WORDS.len());
    for (term, n) in &all {
        let q = parse(term, false);
        // title and body counted apart: at least the articles, at most twice
        let found = rowids(&text, &Search::of(&q)).len() as i64;
        assert!(found <= *n && *n <= 2 * found, "{term}: {n} for {found}");
        assert_eq!(docs(&text, term).unwrap(), *n);
    }
}

#[test]
fn expansions_rank_as_the_prefix_does() {
    let text = index(300);
    for typed in ["chiem h", "chiem ho", "lam -x c", "hoa chi"] {
        let q = parse(typed, true);
        let narrowed = expression_within(&text, &q, false, NEVER_EXACT)
            .unwrap()
            .unwrap();
        assert!(words_of(&narrowed).len() > 1, "{typed}");
        let exact = Search::of(&q);
        let scores = |s: &Search| {
            let f = evaluate(&text, s, Some(usize::MAX), &[]).unwrap();
            f.rowids
                .into_iter()
                .zip(f.scores.unwrap())
                .collect::<Vec<_>>()
        };
        let s = scores(&narrowed);
        assert!(s.iter().any(|&(_, score)| score > 20), "{typed}: {s:?}");
        assert_eq!(s, scores(&exact), "{typed}");
    }
}
