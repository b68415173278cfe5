//! Target `search`: the query language (`search::parse`) run on the
//! store's full-text index (`store::search_texts`), in-memory matching, hit
//! counting and highlighting.

use proptest::prelude::*;
use xemtin::search::{Column, highlight, highlight_column, parse};
use xemtin::store::search_texts;

use crate::harness::{Input, fuzz};
use crate::mutate::{mutated, tokens};

pub const TARGET: &str = "search";

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

/// Parse both ways (prefix or not); the full-text index must answer and
/// select what in-memory matching selects; highlights lie on character
/// boundaries, sorted and apart.
pub fn check(_name: &str, bytes: &[u8]) -> Result<(), String> {
    let input = String::from_utf8_lossy(bytes);
    let docs = [
        [ARTICLE.0, ARTICLE.1, ARTICLE.2],
        [&*input, &*input, &*input],
    ];
    for prefix in [false, true] {
        let q = parse(&input, prefix);
        let rows = search_texts(&docs, &q).map_err(|e| e.to_string())?;
        let mem: Vec<usize> = docs
            .iter()
            .enumerate()
            .filter(|(_, [t, b, s])| q.matches(t, b, s))
            .map(|(i, _)| i)
            .collect();
        if rows != mem {
            return Err(format!(
                "the index selects {rows:?}, matches() {mem:?} for {q:?}"
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
