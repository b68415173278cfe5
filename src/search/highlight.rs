//! Where a query matches in the original (accented) text, for highlighting.
//!
//! Matching happens on folded tokens, exactly as in [`Query::matches`], and the
//! hits are mapped back to the original text through
//! [`crate::fold::fold_with_map`]:
//!
//! - a word highlights whole tokens only ("an" does not light up inside "dân");
//! - the prefix term highlights the part of each token it starts (`chie` lights
//!   up "Chiê" of "Chiêm", accents included);
//! - a phrase highlights from its first token to its last, the spaces and
//!   punctuation between them included.
//!
//! Ranges are merged when they overlap or touch, and sorted. Separate words are
//! not joined across the space between them: `chiem hoa` on "Chiêm Hóa" gives
//! `[0..6, 7..11]`, the phrase `"chiem hoa"` gives `[0..11]`.

use std::ops::Range;

use super::Column;
use super::query::{Query, find_all};
use crate::fold::{fold_with_map, token_spans};

/// Byte ranges of `text` that match any positive term of `query`, whatever its
/// field. Every range lies on char boundaries of `text`.
pub fn highlight(text: &str, query: &Query) -> Vec<Range<usize>> {
    highlight_where(text, query, |_| true)
}

/// Like [`highlight`], for `text` shown as `column`: only the terms that search
/// that column (`title:` terms are not highlighted in the body, plain words are
/// not highlighted in the source).
pub fn highlight_column(text: &str, query: &Query, column: Column) -> Vec<Range<usize>> {
    highlight_where(text, query, |t| t.field.covers(column))
}

fn highlight_where(
    text: &str,
    query: &Query,
    keep: impl Fn(&super::Term) -> bool,
) -> Vec<Range<usize>> {
    let terms: Vec<_> = query
        .terms
        .iter()
        .filter(|t| !t.negated && keep(t))
        .collect();
    if terms.is_empty() {
        return Vec::new();
    }
    let (folded, map) = fold_with_map(text);
    // Byte offset in `folded` of each folded char (map has one entry per char).
    let starts: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
    let spans = token_spans(&folded);
    let toks: Vec<&str> = spans.iter().map(|r| &folded[r.clone()]).collect();
    // Original range from folded bytes [from, to): the first char's start to
    // the last char's end.
    let original = |from: usize, to: usize| -> Option<Range<usize>> {
        let first = starts.partition_point(|&s| s < from);
        let last = starts.partition_point(|&s| s < to).checked_sub(1)?;
        let (a, b) = (map.get(first)?, map.get(last)?);
        (a.start < b.end).then_some(a.start..b.end)
    };
    let mut ranges = Vec::new();
    for t in terms {
        let needle = t.kind.tokens();
        let k = needle.len();
        for i in find_all(&toks, needle, t.prefix) {
            let from = spans[i].start;
            let last = &spans[i + k - 1];
            let to = if t.prefix {
                last.start + needle[k - 1].len()
            } else {
                last.end
            };
            ranges.extend(original(from, to));
        }
    }
    merge(ranges)
}

/// Sort and merge overlapping or touching ranges.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
// A list holding one byte range is exactly what these tests expect.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;
    use crate::search::parse;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn hl<'a>(text: &'a str, q: &str, prefix: bool) -> Vec<&'a str> {
        highlight(text, &parse(q, prefix))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn words_on_accented_text() {
        let text = "Chiêm Hóa mùa lúa";
        assert_eq!(highlight(text, &parse("chiem hoa", false)), [0..6, 7..11]);
        assert_eq!(hl(text, "chiem hoa", false), ["Chiêm", "Hóa"]);
        assert_eq!(highlight(text, &parse("\"chiem hoa\"", false)), [0..11]);
        assert_eq!(hl(text, "LÚA", false), ["lúa"]);
        assert_eq!(hl("Người dân vận động", "dan van", false), ["dân", "vận"]);
        assert_eq!(hl("ĐƯỜNG Hồ Chí Minh", "duong", false), ["ĐƯỜNG"]);
    }

    #[test]
    fn whole_tokens_only() {
        assert!(hl("Người dân vận động", "an", false).is_empty());
        assert!(hl("Người dân vận động", "da", false).is_empty());
        assert_eq!(hl("an dân", "an", false), ["an"]);
    }

    #[test]
    fn prefix_lights_up_token_starts() {
        assert_eq!(hl("Chiêm Hóa, chiều nay", "chie", true), ["Chiê", "chiề"]);
        assert_eq!(hl("Chiêm Hóa, chiều nay", "chiem", true), ["Chiêm"]);
        assert_eq!(hl("Chiêm Hóa, chiều nay", "chi", true), ["Chi", "chi"]);
        assert_eq!(hl("Chiêm Hóa, chiều nay", "\"chiem h", true), ["Chiêm H"]);
        assert!(
            hl("mùa lúa", "mua ua", true) == ["mùa"],
            "starts of tokens only"
        );
    }

    #[test]
    fn nfd_text_keeps_its_marks_inside_the_range() {
        let text: String = "Chiêm Hóa mùa lúa".nfd().collect();
        let got = highlight(&text, &parse("hoa lua", false));
        let parts: Vec<String> = got
            .iter()
            .map(|r| text[r.clone()].nfc().collect())
            .collect();
        assert_eq!(parts, ["Hóa", "lúa"]);
    }

    #[test]
    fn overlapping_terms_merge_and_negated_terms_do_not_highlight() {
        let text = "mùa lúa chín vàng";
        assert_eq!(
            hl(text, "\"mua lua\" \"lua chin\"", false),
            ["mùa lúa chín"]
        );
        assert_eq!(hl(text, "lua -chin", false), ["lúa"]);
        assert!(hl(text, "-lua", false).is_empty());
        assert!(hl(text, "", true).is_empty());
    }

    #[test]
    fn columns() {
        let q = parse("title:lua source:bao chin", false);
        assert_eq!(
            highlight_column("lúa chín", &q, Column::Title),
            [0..4, 5..10]
        );
        assert_eq!(highlight_column("lúa chín", &q, Column::Body), [5..10]);
        assert_eq!(highlight_column("Báo chín", &q, Column::Source), [0..4]);
        assert_eq!(highlight("Báo lúa chín", &q), [0..4, 5..9, 10..15]);
    }

    #[test]
    fn cjk_and_ligatures() {
        assert_eq!(hl("我爱北京天安门", "北京", false), ["北京"]);
        assert_eq!(hl("Æble og ØL", "aeble ol", false), ["Æble", "ØL"]);
        assert_eq!(hl("Straße", "stras", true), ["Straß"]);
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let chars = prop_oneof![
            any::<char>(),
            prop::sample::select(
                "aAdDđêơư \u{301}\u{302}\u{323}\u{31b}ßæ中한\u{1100}\u{1161}\u{11a8}\"-:*"
                    .chars()
                    .collect::<Vec<_>>()
            ),
        ];
        prop::collection::vec(chars, 0..30).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn ranges_are_sorted_disjoint_char_boundaries(
            text in text_strategy(), q in text_strategy(), p in any::<bool>()
        ) {
            let query = parse(&q, p);
            // Also the text as its own query, so that there are hits.
            for query in [query, parse(&text, p)] {
                let ranges = highlight(&text, &query);
                let mut prev_end = None;
                for r in &ranges {
                    prop_assert!(r.start < r.end && r.end <= text.len());
                    prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    if let Some(e) = prev_end {
                        prop_assert!(e < r.start);
                    }
                    prev_end = Some(r.end);
                }
                // A query that matches this text somewhere lights something up.
                if query.has_positive() && query.terms.iter().all(|t| t.negated || query_hits_body(t, &text)) {
                    prop_assert!(!ranges.is_empty());
                }
            }
        }
    }

    fn query_hits_body(t: &crate::search::Term, text: &str) -> bool {
        let single = crate::search::Query {
            terms: vec![crate::search::Term {
                field: crate::search::Field::Any,
                ..t.clone()
            }],
        };
        single.matches("", text, "")
    }
}
