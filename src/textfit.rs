//! Display-width arithmetic for terminal text: Vietnamese with stacked marks,
//! CJK and emoji take the columns unicode-width says, never bytes or chars.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending in `…` when something was cut.
/// Cuts between grapheme clusters, so a letter never loses its marks.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `cols` columns (left aligned).
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = truncate(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// `s` cut or padded to exactly `cols` columns, right aligned.
pub fn pad_left(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let w = width(&cut);
    let mut out: String = std::iter::repeat_n(' ', cols.saturating_sub(w)).collect();
    out.push_str(&cut);
    out
}

/// Split `s` into pieces of at most `max` columns at grapheme boundaries.
/// A grapheme wider than `max` on its own (a CJK character in one column)
/// becomes `?`, so no piece is ever wider than `max`.
pub fn hard_split(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut pieces = Vec::new();
    let mut cur = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let (g, w) = match width(g) {
            w if w > max => ("?", 1),
            w => (g, w),
        };
        if used + w > max {
            pieces.push(std::mem::take(&mut cur));
            used = 0;
        }
        cur.push_str(g);
        used += w;
    }
    if !cur.is_empty() || pieces.is_empty() {
        pieces.push(cur);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn widths_of_scripts() {
        assert_eq!(width("Người"), 5);
        assert_eq!(width("新闻"), 4);
        assert_eq!(width("ậ"), 1);
    }

    #[test]
    fn truncate_keeps_marks_and_wide_chars_whole() {
        assert_eq!(truncate("Tuyên Quang", 20), "Tuyên Quang");
        assert_eq!(truncate("Tuyên Quang", 6), "Tuyên…");
        assert_eq!(truncate("新闻新闻", 4), "新…");
        assert_eq!(truncate("新闻新闻", 3), "新…");
        assert_eq!(truncate("abc", 0), "");
        // a decomposed letter is one grapheme: never cut between base and mark
        assert_eq!(truncate("e\u{0302}\u{0323}xyz", 2), "e\u{0302}\u{0323}…");
    }

    #[test]
    fn pads_to_exact_width() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad_left("38", 5), "   38");
        assert_eq!(width(&pad("新闻新闻", 5)), 5);
    }

    #[test]
    fn hard_split_never_exceeds() {
        assert_eq!(hard_split("abcde", 2), ["ab", "cd", "e"]);
        assert_eq!(hard_split("新闻", 1), ["?", "?"]);
        assert_eq!(hard_split("", 3), [""]);
    }

    proptest! {
        #[test]
        fn truncate_and_pad_fit(s in "\\PC{0,40}", max in 0usize..30) {
            prop_assert!(width(&truncate(&s, max)) <= max);
            prop_assert_eq!(width(&pad(&s, max)), max);
            prop_assert_eq!(width(&pad_left(&s, max)), max);
        }

        #[test]
        fn hard_split_fits(s in "\\PC{0,60}", max in 1usize..10) {
            for piece in hard_split(&s, max) {
                prop_assert!(width(&piece) <= max);
            }
        }
    }
}
