use rusqlite::Connection;

use super::*;
use crate::search::parse;

const WORDS: [&str; 14] = [
    "h", "ha", "hai", "han", "hang", "hoa", "hoang", "ho", "chiem", "chi", "c", "cua", "lam", "x",
];

/// An index of `n` articles of words drawn from [`WORDS`] (a fixed
/// sequence), the vocabulary counted as a sync counts it.
fn index(n: usize) -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    crate::store::index::migrate(&conn, 0).unwrap();
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
    let tx = conn.transaction().unwrap();
    for (i, [t, b, s]) in texts.iter().enumerate() {
        tx.execute(
            "INSERT INTO fts (rowid, title, body, source) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![i as i64 + 1, t, b, s],
        )
        .unwrap();
    }
    add(
        &tx,
        texts
            .iter()
            .map(|[t, b, s]| [t.as_str(), b.as_str(), s.as_str()]),
    )
    .unwrap();
    tx.commit().unwrap();
    conn
}

fn rowids(conn: &Connection, expr: &str) -> Vec<i64> {
    conn.prepare("SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rowid")
        .unwrap()
        .query_map([expr], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn written(conn: &Connection, typed: &str, exact: bool, budget: Budget) -> String {
    expression_within(conn, &parse(typed, true), exact, budget)
        .unwrap()
        .unwrap()
        .expr
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
fn cheap_prefixes_are_left_to_fts5() {
    let conn = index(200);
    let q = parse("chiem h", true);
    let roomy = Budget {
        postings: i64::MAX,
        steps: i64::MAX,
    };
    let e = expression_within(&conn, &q, false, roomy).unwrap().unwrap();
    assert_eq!(Some(e.expr), q.fts5());
    assert_eq!((e.phrases, e.last), (2, 1));
}

#[test]
fn a_prefix_narrowed_by_another_word_is_exact() {
    let conn = index(300);
    for typed in [
        "chiem h",
        "chiem ho",
        "lam c",
        "x hoa",
        "title:cua h",
        "\"chiem x\" ha",
    ] {
        let e = written(&conn, typed, false, NEVER_EXACT);
        assert!(e.contains(" OR "), "{typed}: {e}");
        let exact = parse(typed, true).fts5().unwrap();
        let found = rowids(&conn, &e);
        assert!(!found.is_empty(), "{typed}");
        assert_eq!(found, rowids(&conn, &exact), "{typed}: {e}");
    }
}

#[test]
fn a_costly_prefix_gives_the_word_then_its_commonest_words_while_typing() {
    let conn = index(300);
    for typed in ["h", "c", "ho", "chiem ho", "lam -x ch"] {
        let e = written(&conn, typed, false, NOTHING);
        let exact = parse(typed, true).fts5().unwrap();
        let (some, all) = (rowids(&conn, &e), rowids(&conn, &exact));
        assert!(!some.is_empty(), "{typed}: {e}");
        assert!(some.iter().all(|r| all.contains(r)), "{typed}: {e}");
        // the typed word itself is always searched, with one expansion
        let last = typed.rsplit(' ').next().unwrap();
        assert!(e.contains(&format!("(\"{last}\" OR \"")), "{typed}: {e}");
        // the command line never gets this
        assert_eq!(written(&conn, typed, true, NOTHING), exact, "{typed}");
    }
    // one letter after another word waits for the next
    let q = parse("chiem h", true);
    let waiting = expression_within(&conn, &q, false, NOTHING)
        .unwrap()
        .unwrap();
    assert_eq!(Some(waiting.expr), parse("chiem ", true).fts5());
    assert_eq!((waiting.phrases, waiting.last), (1, 0));
    // "h" alone: after the word, the commonest expansion
    let expansions = super::expansions(&conn, "h").unwrap();
    let commonest = expansions.iter().find(|(t, _)| t != "h").unwrap();
    assert!(
        written(&conn, "h", false, NOTHING).contains(&format!("(\"h\" OR \"{}\")", commonest.0))
    );
}

#[test]
fn a_stale_vocabulary_means_exact_prefixes() {
    let mut conn = index(100);
    mark_stale(&conn).unwrap();
    assert_eq!(
        written(&conn, "chiem h", false, NOTHING),
        parse("chiem h", true).fts5().unwrap()
    );
    rebuild(&mut conn).unwrap();
    assert!(!is_stale(&conn).unwrap());
    assert_ne!(
        written(&conn, "chiem h", false, NOTHING),
        parse("chiem h", true).fts5().unwrap()
    );
}

#[test]
fn counting_terms_as_indexed_agrees_with_fts5() {
    let mut conn = index(250);
    let counted: Vec<(String, i64)> = conn
        .prepare("SELECT term, docs FROM vocab ORDER BY term")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(counted.len(), WORDS.len());
    rebuild(&mut conn).unwrap();
    let rebuilt: Vec<(String, i64)> = conn
        .prepare("SELECT term, docs FROM vocab ORDER BY term")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(counted, rebuilt);
}

fn scores(conn: &Connection, s: &Search) -> Vec<(i64, i64)> {
    conn.prepare(
        "SELECT rowid, xemtin_hits(fts, ?2, ?3) FROM fts WHERE fts MATCH ?1 ORDER BY rowid",
    )
    .unwrap()
    .query_map((&s.expr, s.phrases as i64, s.last as i64), |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn expansions_rank_as_the_prefix_does() {
    let conn = index(300);
    crate::store::rank::register(&conn).unwrap();
    for typed in ["chiem h", "chiem ho", "lam -x c", "hoa chi"] {
        let q = parse(typed, true);
        let narrowed = expression_within(&conn, &q, false, NEVER_EXACT)
            .unwrap()
            .unwrap();
        assert!(narrowed.phrases > q.positive_terms(), "{typed}");
        let exact = Search::plain(&q).unwrap();
        let s = scores(&conn, &narrowed);
        assert!(s.iter().any(|&(_, score)| score > 20), "{typed}: {s:?}");
        assert_eq!(s, scores(&conn, &exact), "{typed}");
    }
}
