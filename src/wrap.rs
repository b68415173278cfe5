//! Wrapping body text to a column width with textwrap, guaranteed never to
//! produce a line wider than asked for (long URLs and words are broken).

use crate::textfit::{hard_split, width};

/// Wrap one paragraph to `cols` columns. Always returns at least one line.
pub fn wrap_paragraph(text: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let options = textwrap::Options::new(cols).break_words(true);
    let mut out = Vec::new();
    for line in textwrap::wrap(text, options) {
        if width(&line) <= cols {
            out.push(line.into_owned());
        } else {
            // textwrap cannot split a single character wider than the width
            out.extend(hard_split(&line, cols));
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Spread the spaces of a wrapped line so it fills `cols` exactly (for
/// justified text). Lines with no space, or already full, are unchanged.
pub fn justify(line: &str, cols: usize) -> String {
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
    let used: usize = words.iter().map(|w| width(w)).sum();
    if words.len() < 2 || used >= cols {
        return line.to_string();
    }
    let gaps = words.len() - 1;
    let spaces = cols - used;
    let (each, extra) = (spaces / gaps, spaces % gaps);
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        out.push_str(w);
        if i < gaps {
            let n = each + usize::from(i < extra);
            out.extend(std::iter::repeat_n(' ', n));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wraps_vietnamese_by_words() {
        let lines = wrap_paragraph("Công tác dân vận đối với đồng bào dân tộc thiểu số", 20);
        assert_eq!(
            lines,
            ["Công tác dân vận đối", "với đồng bào dân tộc", "thiểu số"]
        );
    }

    #[test]
    fn breaks_a_long_url() {
        let url = format!("http://example.org/{}", "a".repeat(60));
        let lines = wrap_paragraph(&url, 25);
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| width(l) <= 25));
        assert_eq!(lines.concat(), url);
    }

    #[test]
    fn wide_chars_in_one_column_do_not_overflow() {
        let lines = wrap_paragraph("新闻", 1);
        assert!(lines.iter().all(|l| width(l) <= 1));
    }

    #[test]
    fn justify_fills_the_line() {
        assert_eq!(justify("a b c", 9), "a   b   c");
        assert_eq!(justify("ab c d", 9), "ab   c  d");
        assert_eq!(justify("word", 9), "word");
        assert_eq!(width(&justify("Người dân vận", 16)), 16);
    }

    proptest! {
        #[test]
        fn no_wrapped_line_is_wider_than_the_width(
            text in "(\\PC{1,12}[ ]{0,2}){0,30}",
            cols in 1usize..60,
        ) {
            for line in wrap_paragraph(&text, cols) {
                prop_assert!(width(&line) <= cols, "{line:?} wider than {cols}");
            }
        }

        #[test]
        fn justified_lines_are_never_wider(text in "[a-zđươ ]{0,80}", cols in 1usize..40) {
            for line in wrap_paragraph(&text, cols) {
                prop_assert!(width(&justify(&line, cols)) <= cols);
            }
        }
    }
}
