//! The full-text index selects what [`Query::matches`] selects, on examples
//! and on arbitrary queries, and ranks as [`crate::catalog::relevance`].

use proptest::prelude::*;

use super::search_texts;
use super::text_index::in_memory;
use super::text_search::{Search, evaluate};
use crate::catalog::relevance;
use crate::search::{Query, parse};

const DOCS: [[&str; 3]; 6] = [
    [
        "Chiêm Hóa: mùa lúa chín",
        "Người dân vận động bà con thu hoạch lúa.",
        "Báo Tuyên Quang",
    ],
    [
        "Na Hang đón khách",
        "Du lịch lòng hồ Na Hang, Lâm Bình AND OR NOT.",
        "Tuyên Quang TV",
    ],
    [
        "ĐƯỜNG lên Lâm Bình",
        "Con đường mới mở qua Chiêm Hóa; xe chạy 10:30.",
        "Báo Tuyên Quang",
    ],
    ["中国新闻", "北京天安门 한국어 뉴스", "Xinhua"],
    ["", "", ""],
    [
        "Dân vận khéo",
        "Hội nghị tổng kết công tác dân vận năm 2020",
        "Ban Dân vận",
    ],
];

fn index_rows(q: &Query) -> Vec<usize> {
    search_texts(&DOCS, q).expect("search")
}

fn mem_rows(q: &Query) -> Vec<usize> {
    (0..DOCS.len())
        .filter(|&i| q.matches(DOCS[i][0], DOCS[i][1], DOCS[i][2]))
        .collect()
}

#[test]
fn the_index_and_in_memory_agree_on_examples() {
    let cases: [(&str, bool, &[usize]); 17] = [
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
        ("\"chiem h", true, &[0, 2]),
        ("AND OR NOT", false, &[1]),
        ("北京", false, &[3]),
        ("10:30", false, &[2]),
        ("", true, &[0, 1, 2, 3, 4, 5]),
    ];
    for (input, prefix, want) in cases {
        let q = parse(input, prefix);
        assert_eq!(index_rows(&q), want, "index {input:?}");
        assert_eq!(mem_rows(&q), want, "matches {input:?}");
    }
}

#[test]
fn scores_are_the_relevance_of_each_match() {
    let text = in_memory(&DOCS).unwrap();
    for input in [
        "chiem hoa",
        "dan van",
        "\"dan van\" nam",
        "lam",
        "l",
        "title:lam",
        "source:tuyen",
        "chi h",
        "北 京",
    ] {
        let q = parse(input, true);
        let found = evaluate(&text, &Search::of(&q), Some(usize::MAX), &[]).unwrap();
        let scores = found.scores.unwrap();
        for (r, s) in found.rowids.iter().zip(scores) {
            let [t, b, _] = DOCS[*r as usize];
            assert_eq!(s, relevance(&q, t, b) as i64, "{input:?} on {r}");
        }
    }
}

#[test]
fn stale_rowids_are_left_out() {
    let text = in_memory(&DOCS).unwrap();
    let q = parse("chiem", false);
    let found = evaluate(&text, &Search::of(&q), None, &[2]).unwrap();
    assert_eq!(found.rowids, [0]);
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
            " ", " ", " ", "\"", "-", "title:", "source:", ":", "*", "^", "(", ")", "{", "}", "+",
            ",", "'", "\u{301}",
        ]),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn the_index_and_in_memory_agree(input in query_strategy(), prefix in any::<bool>()) {
        let q = parse(&input, prefix);
        prop_assert_eq!(index_rows(&q), mem_rows(&q), "{:?}", input);
    }

    #[test]
    fn scores_are_the_relevance_for_any_query(input in query_strategy(), prefix in any::<bool>()) {
        let text = in_memory(&DOCS).unwrap();
        let q = parse(&input, prefix);
        let search = Search::of(&q);
        prop_assume!(!search.positive.is_empty());
        let found = evaluate(&text, &search, Some(usize::MAX), &[]).unwrap();
        let scores = found.scores.unwrap();
        for (r, s) in found.rowids.iter().zip(scores) {
            let [t, b, _] = DOCS[*r as usize];
            prop_assert_eq!(s, relevance(&q, t, b) as i64, "{:?} on {}", input, r);
        }
    }

    #[test]
    fn any_query_is_answered(input in ".*", prefix in any::<bool>()) {
        let q = parse(&input, prefix);
        prop_assert!(search_texts(&DOCS, &q).is_ok(), "{:?}", input);
    }
}

#[test]
fn a_long_pasted_query_is_answered() {
    let input = "Chiêm Hóa -lúa \"mùa\" title:x -y ".repeat(3000);
    let q = parse(&input, true);
    assert_eq!(index_rows(&q), mem_rows(&q));
}
