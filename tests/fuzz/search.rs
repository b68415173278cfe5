//! Target `search`: the query language (`search::parse`), its FTS5
//! translation run against a real FTS5 table, in-memory matching, hit
//! counting and highlighting.

use std::cell::RefCell;

use proptest::prelude::*;
use rusqlite::Connection;
use xemtin::fold::index_text;
use xemtin::search::{Column, Query, highlight, highlight_column, parse};

use crate::harness::{Input, fuzz};
use crate::mutate::{mutated, tokens};

pub const TARGET: &str = "search";

thread_local! {
    static DB: RefCell<Option<Connection>> = const { RefCell::new(None) };
}

/// Rows (1: the fixed article, 2: the query's own text as an article) that
/// FTS5 selects, the way the store asks.
fn fts_rows(db: &Connection, q: &Query) -> Result<Vec<i64>, String> {
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
    let mut stmt = db.prepare(sql).map_err(|e| e.to_string())?;
    let rows: rusqlite::Result<Vec<i64>> = match &arg {
        Some(a) => stmt
            .query_map([a], |r| r.get(0))
            .and_then(|it| it.collect()),
        None => stmt.query_map([], |r| r.get(0)).and_then(|it| it.collect()),
    };
    rows.map_err(|e| format!("FTS5 refused {arg:?}: {e}"))
}

const ARTICLE: (&str, &str, &str) = (
    "Chiêm Hóa: mùa lúa chín",
    "Người dân vận động bà con thu hoạch lúa; 10:30 中国新闻.",
    "Báo Tuyên Quang",
);

fn check_ranges(text: &str, ranges: &[std::ops::Range<usize>]) -> Result<(), String> {
    let mut end = 0;
    for r in ranges {
        if r.start >= r.end || r.start < end || r.end > text.len() {
            return Err(format!(
                "bad highlight ranges {ranges:?} in {} bytes",
                text.len()
            ));
        }
        if !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            return Err(format!("highlight {r:?} splits a character of {text:?}"));
        }
        end = r.end;
    }
    Ok(())
}

/// Parse both ways (prefix or not); the FTS5 expression must be accepted and
/// select what in-memory matching selects; highlights lie on character
/// boundaries, sorted and apart.
pub fn check(_name: &str, bytes: &[u8]) -> Result<(), String> {
    let input = String::from_utf8_lossy(bytes);
    DB.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let db = Connection::open_in_memory().map_err(|e| e.to_string())?;
            db.execute_batch(
                "CREATE VIRTUAL TABLE fts USING fts5(title, body, source, tokenize = 'ascii');",
            )
            .map_err(|e| e.to_string())?;
            *slot = Some(db);
        }
        let db = slot.as_ref().ok_or("no database")?;
        db.execute("DELETE FROM fts", [])
            .map_err(|e| e.to_string())?;
        let docs = [ARTICLE, (&*input, &*input, &*input)];
        for (i, (t, b, s)) in docs.iter().enumerate() {
            db.execute(
                "INSERT INTO fts(rowid, title, body, source) VALUES (?1, ?2, ?3, ?4)",
                (i as i64 + 1, index_text(t), index_text(b), index_text(s)),
            )
            .map_err(|e| e.to_string())?;
        }
        for prefix in [false, true] {
            let q = parse(&input, prefix);
            let rows = fts_rows(db, &q)?;
            let mem: Vec<i64> = docs
                .iter()
                .enumerate()
                .filter(|(_, (t, b, s))| q.matches(t, b, s))
                .map(|(i, _)| i as i64 + 1)
                .collect();
            if rows != mem {
                return Err(format!(
                    "FTS5 selects {rows:?}, matches() {mem:?} for {:?}",
                    q.fts5()
                ));
            }
            for text in [&*input, ARTICLE.0, ARTICLE.1] {
                check_ranges(text, &highlight(text, &q))?;
                for col in [Column::Title, Column::Body, Column::Source] {
                    check_ranges(text, &highlight_column(text, &q, col))?;
                    let _ = q.hits(text, col);
                }
            }
            let _ = q.highlight_terms();
        }
        Ok(())
    })
}

fn query() -> impl Strategy<Value = Input> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "chiem",
            "Chiêm",
            "hóa",
            "lúa",
            "dân",
            "na",
            "c",
            "AND",
            "OR",
            "NOT",
            "NEAR",
            "中",
            "国",
            "10:30",
            "covid-19",
            "ĐƯỜNG",
            "ậữở",
            "\u{301}\u{301}",
            "e\u{301}",
            "\u{202e}",
            "\u{200b}",
            "\u{0}",
            "\u{1b}[1m",
        ])
        .prop_map(String::from),
        prop::sample::select(vec![
            " ", "\"", "-", "--", "title:", "source:", "tieude:", "nguồn:", "TITLE:", ":", "*",
            "^", "(", ")", "{", "}", "+", "'", "\"\"", "-\"", "title:\"", "NEAR(", ",",
        ])
        .prop_map(String::from),
        "[a-z]{1,6}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| Input::text("query", &v.concat()))
}

const SEARCH_TOKENS: &[&[u8]] = &[
    b"\"",
    b"-",
    b"title:",
    b"source:",
    b"*",
    b" OR ",
    b"NEAR(",
    b"^",
    b"{title}:",
];

fn search_seeds() -> std::sync::Arc<Vec<crate::mutate::Seed>> {
    let seqs = [
        "chiem hoa",
        "\"chiem hoa\"",
        "-lua",
        "-\"mua lua\"",
        "title:lua",
        "source:tuyenquang",
        "tieude:\"mua lua\" -nguon:x",
        "c",
        "na hang",
        "\"chiem ho",
    ];
    std::sync::Arc::new(
        seqs.iter()
            .map(|s| crate::mutate::Seed {
                name: "query".into(),
                bytes: s.as_bytes().to_vec(),
            })
            .collect(),
    )
}

#[test]
fn arbitrary_text() {
    let s = any::<String>().prop_map(|t| Input::text("query", &t));
    fuzz(TARGET, "text", 200, s, check);
}

#[test]
fn grammar() {
    fuzz(TARGET, "grammar", 400, query(), check);
}

#[test]
fn mutated_seeds() {
    fuzz(
        TARGET,
        "mutated",
        60,
        mutated(
            search_seeds(),
            tokens(SEARCH_TOKENS),
            crate::mutate::LINE_MAX,
        ),
        check,
    );
}
