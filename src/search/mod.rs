//! Full-text search: the query language ([`query`]), its FTS5 translation and
//! in-memory matching, and highlighting of hits in the original text
//! ([`mod@highlight`]).
//!
//! # The index this expects
//!
//! An FTS5 table with the columns `(title, body, source)`, in that order and
//! with those names (the expressions use the column filters `{title body}`,
//! `{title}` and `{source}`), holding [`crate::fold::index_text`] of each
//! original field, with the `ascii` tokenizer:
//!
//! ```sql
//! CREATE VIRTUAL TABLE fts USING fts5(title, body, source, tokenize = 'ascii');
//! ```
//!
//! Why pre-tokenized text and `ascii` rather than folded text and
//! `unicode61 remove_diacritics 0`: the tokens must be exactly the ones
//! [`crate::fold::tokens`] gives for queries. `unicode61` keeps a run of CJK
//! ideographs as one token (our tokens are single ideographs) and classifies
//! characters by Unicode 6.1, so letters added since would split words
//! differently. `index_text` joins our tokens with spaces, and `ascii` splits on
//! ASCII spaces and punctuation only, so it sees exactly our tokens (they are
//! already lower case; `ascii` only lower-cases ASCII). The tests below run the
//! generated expressions against such a table in SQLite and compare with
//! [`Query::matches`].

pub mod highlight;
pub mod query;

pub use highlight::{highlight, highlight_column};
pub use query::{Field, Query, Term, TermKind, parse};

/// A column of an article, for [`Field::covers`] and [`highlight_column`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Title,
    Body,
    Source,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::index_text;
    use proptest::prelude::*;
    use rusqlite::Connection;

    const DOCS: [(&str, &str, &str); 6] = [
        (
            "Chiêm Hóa: mùa lúa chín",
            "Người dân vận động bà con thu hoạch lúa.",
            "Báo Tuyên Quang",
        ),
        (
            "Na Hang đón khách",
            "Du lịch lòng hồ Na Hang, Lâm Bình AND OR NOT.",
            "Tuyên Quang TV",
        ),
        (
            "ĐƯỜNG lên Lâm Bình",
            "Con đường mới mở qua Chiêm Hóa; xe chạy 10:30.",
            "Báo Tuyên Quang",
        ),
        ("中国新闻", "北京天安门 한국어 뉴스", "Xinhua"),
        ("", "", ""),
        (
            "Dân vận khéo",
            "Hội nghị tổng kết công tác dân vận năm 2020",
            "Ban Dân vận",
        ),
    ];

    fn index() -> Connection {
        let db = Connection::open_in_memory().expect("in-memory database");
        db.execute_batch(
            "CREATE VIRTUAL TABLE fts USING fts5(title, body, source, tokenize = 'ascii');",
        )
        .expect("fts5 table");
        for (i, (t, b, s)) in DOCS.iter().enumerate() {
            db.execute(
                "INSERT INTO fts(rowid, title, body, source) VALUES (?1, ?2, ?3, ?4)",
                (i as i64, index_text(t), index_text(b), index_text(s)),
            )
            .expect("insert");
        }
        db
    }

    /// Rows the query selects through FTS5, the way a store would run it.
    fn fts_rows(db: &Connection, q: &Query) -> rusqlite::Result<Vec<usize>> {
        let (sql, arg) = match (q.fts5(), q.fts5_excluded()) {
            (Some(e), _) => (
                "SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rowid",
                Some(e),
            ),
            (None, Some(x)) => (
                "SELECT rowid FROM fts WHERE rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?1) ORDER BY rowid",
                Some(x),
            ),
            (None, None) => ("SELECT rowid FROM fts ORDER BY rowid", None),
        };
        let mut stmt = db.prepare(sql)?;
        let rows = match arg {
            Some(a) => stmt
                .query_map([a], |r| r.get::<_, i64>(0))?
                .collect::<Result<Vec<_>, _>>()?,
            None => stmt
                .query_map([], |r| r.get::<_, i64>(0))?
                .collect::<Result<Vec<_>, _>>()?,
        };
        Ok(rows.into_iter().map(|r| r as usize).collect())
    }

    fn mem_rows(q: &Query) -> Vec<usize> {
        (0..DOCS.len())
            .filter(|&i| q.matches(DOCS[i].0, DOCS[i].1, DOCS[i].2))
            .collect()
    }

    #[test]
    fn fts5_and_in_memory_agree_on_examples() {
        let db = index();
        let cases: [(&str, bool, &[usize]); 16] = [
            ("chiem hoa", false, &[0, 2]),
            ("\"chiem hoa\"", false, &[0, 2]),
            ("title:\"chiem hoa\"", false, &[0]),
            ("dan van", false, &[0, 5]),
            ("\"dan van\"", false, &[0, 5]),
            ("duong", false, &[2]),
            ("Người", false, &[0]),
            ("lam binh -title:lam", false, &[1]),
            ("-chiem", false, &[1, 3, 4, 5]),
            ("tuyen", false, &[]),
            ("source:tuyen", false, &[0, 1, 2]),
            ("chi", true, &[0, 2]),
            ("AND OR NOT", false, &[1]),
            ("北京", false, &[3]),
            ("10:30", false, &[2]),
            ("", true, &[0, 1, 2, 3, 4, 5]),
        ];
        for (input, prefix, want) in cases {
            let q = parse(input, prefix);
            assert_eq!(fts_rows(&db, &q).expect(input), want, "fts5 {input:?}");
            assert_eq!(mem_rows(&q), want, "matches {input:?}");
        }
    }

    fn query_strategy() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            prop::sample::select(vec![
                "chiem",
                "Chiêm",
                "hoa",
                "Hóa",
                "lua",
                "dân",
                "vận",
                "lam",
                "binh",
                "na",
                "hang",
                "duong",
                "ĐƯỜNG",
                "tuyen",
                "quang",
                "AND",
                "OR",
                "NOT",
                "NEAR",
                "北",
                "京",
                "c",
                "ch",
                "d",
                "10",
                "30",
                "người",
                "nguoi",
            ]),
            prop::sample::select(vec![
                " ", " ", " ", "\"", "-", "title:", "source:", ":", "*", "^", "(", ")", "{", "}",
                "+", ",", "'", "\u{301}",
            ]),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn fts5_and_in_memory_agree(input in query_strategy(), prefix in any::<bool>()) {
            let db = index();
            let q = parse(&input, prefix);
            let rows = fts_rows(&db, &q);
            prop_assert!(rows.is_ok(), "{:?} -> {:?}: {:?}", input, q.fts5(), rows);
            prop_assert_eq!(rows.unwrap_or_default(), mem_rows(&q), "{:?} -> {:?}", input, q.fts5());
        }

        #[test]
        fn fts5_never_a_syntax_error(input in ".*", prefix in any::<bool>()) {
            let db = index();
            let q = parse(&input, prefix);
            let rows = fts_rows(&db, &q);
            prop_assert!(rows.is_ok(), "{:?} -> {:?}: {:?}", input, q.fts5(), rows);
        }
    }

    #[test]
    fn a_long_pasted_query_is_still_valid_fts5() {
        // FTS5 refuses expression trees deeper than 256; 3000 exclusions must
        // not nest 3000 NOTs.
        let db = index();
        let input = "Chiêm Hóa -lúa \"mùa\" title:x -y ".repeat(3000);
        let q = parse(&input, true);
        assert_eq!(fts_rows(&db, &q).expect("valid fts5"), mem_rows(&q));
    }
}
