//! The search query language.
//!
//! | typed                 | meaning                                              |
//! |-----------------------|------------------------------------------------------|
//! | `chiem hoa`           | both words, anywhere in the title or the body        |
//! | `"chiem hoa"`         | the phrase (adjacent tokens, within one column)      |
//! | `-lua`, `-"mua lua"`  | articles without that word or phrase                 |
//! | `title:lua`           | in the title (also `title:"mua lua"`, `-title:lua`)  |
//! | `source:tuyenquang`   | in the source                                        |
//!
//! The Vietnamese `tieude:` and `nguon:` are accepted for `title:` and
//! `source:`; field names are folded, so `Title:`, `TITLE:` and `nguồn:` work.
//!
//! Everything is folded with [`crate::fold::fold`] and split into tokens with
//! [`crate::fold::tokens`]; whatever is not a token (punctuation, `*`, `^`,
//! parentheses, a `:` that does not follow a field name, a lone `-`) is a
//! separator and disappears. Words such as `AND`, `OR`, `NOT`, `NEAR` are plain
//! words: the index is asked for tokens, never for a query string, so the
//! text typed can never become syntax. An unbalanced `"` runs to the end of the
//! input; `title:` with nothing after it is ignored. An unquoted word that folds
//! to several tokens (`covid-19`, `10:30`, `中国`) is searched as a phrase.
//!
//! A word with no spaces searches "title or body", not the source: a search for
//! "tuyen quang" (the province) must not return every article of the newspaper
//! "Báo Tuyên Quang". Use `source:` for the source.
//!
//! With `prefix_last`, the last term is matched as a prefix (the user is still
//! typing it) when it runs to the very end of the input: not after a trailing
//! space, not after a closing quote, and never for an excluded (`-`) term, so the
//! list does not lose everything starting with "c" while "-chiem" is typed. In an
//! unclosed phrase the last token is the prefix (`"chiem ho` finds "Chiêm Hóa").
//!
//! A prefix of one letter matches nearly every article of an archive ("c"
//! starts "của", "các", "cho"...). The index answers it within the keystroke
//! budget by expanding it through its vocabulary (`store::vocab`); this
//! module always describes the exact set.

use super::Column;
use crate::fold::{fold, tokens};

/// What two query terms found one after the other in the text add to its
/// relevance (see [`Query::hits`]).
pub const ADJACENT: usize = 10;

/// Which column a term searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Title or body (not the source).
    Any,
    Title,
    Source,
}

impl Field {
    /// Does a term in this field look at `column`?
    pub fn covers(self, column: Column) -> bool {
        matches!(
            (self, column),
            (Field::Any, Column::Title | Column::Body)
                | (Field::Title, Column::Title)
                | (Field::Source, Column::Source)
        )
    }
}

/// What a term matches: folded tokens, never empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// One folded token.
    Word(String),
    /// Two or more folded tokens, adjacent and in order.
    Phrase(Vec<String>),
}

impl TermKind {
    /// The tokens, one for a word.
    pub fn tokens(&self) -> &[String] {
        match self {
            TermKind::Word(w) => std::slice::from_ref(w),
            TermKind::Phrase(p) => p,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    pub field: Field,
    pub kind: TermKind,
    /// Excluded: the article must not match this term.
    pub negated: bool,
    /// The last token matches any token it starts (only on the last term).
    pub prefix: bool,
}

/// A parsed query: all terms must hold (negated ones must not match).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// Parse what the user typed. Never fails: what cannot be understood is text,
/// and text that holds no token is dropped. See the module documentation.
pub fn parse(input: &str, prefix_last: bool) -> Query {
    let chars: Vec<char> = input.chars().collect();
    let n = chars.len();
    let mut i = 0;
    let mut terms: Vec<Term> = Vec::new();
    loop {
        while i < n && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= n {
            break;
        }
        let negated = chars[i] == '-';
        if negated {
            i += 1;
        }
        let mut field = Field::Any;
        if let Some(colon) = (i..n)
            .take_while(|&j| !chars[j].is_whitespace() && chars[j] != '"')
            .find(|&j| chars[j] == ':')
        {
            let name: String = chars[i..colon].iter().collect();
            if let Some(f) = field_named(&name) {
                field = f;
                i = colon + 1;
            }
        }
        let text: String;
        let open_end;
        if i < n && chars[i] == '"' {
            let start = i + 1;
            let end = (start..n).find(|&j| chars[j] == '"');
            text = chars[start..end.unwrap_or(n)].iter().collect();
            open_end = end.is_none();
            i = end.map_or(n, |e| e + 1);
        } else {
            let start = i;
            while i < n && !chars[i].is_whitespace() {
                i += 1;
            }
            text = chars[start..i].iter().collect();
            open_end = i == n;
        }
        let folded = fold(&text);
        let toks: Vec<String> = tokens(&folded).into_iter().map(str::to_owned).collect();
        let kind = match toks.len() {
            0 => continue,
            1 => TermKind::Word(toks.into_iter().next().unwrap_or_default()),
            _ => TermKind::Phrase(toks),
        };
        terms.push(Term {
            field,
            kind,
            negated,
            prefix: prefix_last && open_end && !negated,
        });
    }
    // A term given twice means nothing more, but costs a pass over every
    // article's text each time (a pasted "a a a ..." of thousands of words
    // took minutes to highlight): keep the first of each.
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    Query { terms }
}

fn field_named(name: &str) -> Option<Field> {
    match fold(name).as_str() {
        "title" | "tieude" => Some(Field::Title),
        "source" | "nguon" => Some(Field::Source),
        _ => None,
    }
}

impl Term {
    /// Does the term (ignoring `negated`) match these folded token lists?
    fn hits(&self, title: &[&str], body: &[&str], source: &[&str]) -> bool {
        [
            (Column::Title, title),
            (Column::Body, body),
            (Column::Source, source),
        ]
        .iter()
        .any(|(col, toks)| {
            self.field.covers(*col)
                && find_all(toks, self.kind.tokens(), self.prefix)
                    .next()
                    .is_some()
        })
    }
}

/// Start indexes in `hay` where `needle` matches (the last needle token as a
/// prefix if `prefix`).
pub(crate) fn find_all<'a, S: AsRef<str>>(
    hay: &'a [&'a str],
    needle: &'a [S],
    prefix: bool,
) -> impl Iterator<Item = usize> + 'a {
    let k = needle.len();
    (0..(hay.len() + 1).saturating_sub(k)).filter(move |&i| {
        k > 0
            && needle.iter().enumerate().all(|(j, t)| {
                let (h, t) = (hay[i + j], t.as_ref());
                if prefix && j == k - 1 {
                    h.starts_with(t)
                } else {
                    h == t
                }
            })
    })
}

impl Query {
    /// No terms at all: no text filter.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// At least one term that is not negated.
    pub fn has_positive(&self) -> bool {
        self.terms.iter().any(|t| !t.negated)
    }

    /// The folded words and phrases to highlight: the positive terms' tokens.
    pub fn highlight_terms(&self) -> Vec<Vec<String>> {
        self.terms
            .iter()
            .filter(|t| !t.negated)
            .map(|t| t.kind.tokens().to_vec())
            .collect()
    }

    /// How well `text`, shown as `column`, matches: the places the positive
    /// terms covering that column hit, plus [`ADJACENT`] for each place where
    /// two terms that follow each other in the query follow each other in
    /// the text (`chiem hoa` in "Chiêm Hóa"), so that the words typed
    /// together outrank the same words apart. Each hit is a run of tokens
    /// (one for a word, several for a phrase), and hits that share a token
    /// count once. This is what the store's ranking computes from token
    /// positions (adjacent tokens are separate hits even with no space
    /// between them, as in CJK).
    pub fn hits(&self, text: &str, column: Column) -> usize {
        let folded = fold(text);
        let toks = tokens(&folded);
        // (first token, last token, index among the positive terms)
        let mut runs: Vec<(usize, usize, usize)> = Vec::new();
        for (n, t) in self.terms.iter().filter(|t| !t.negated).enumerate() {
            if !t.field.covers(column) {
                continue;
            }
            let k = t.kind.tokens().len();
            runs.extend(find_all(&toks, t.kind.tokens(), t.prefix).map(|i| (i, i + k - 1, n)));
        }
        runs.sort_unstable();
        let starts: std::collections::HashSet<(usize, usize)> =
            runs.iter().map(|&(s, _, n)| (s, n)).collect();
        let adjacent = runs
            .iter()
            .filter(|&&(_, e, n)| starts.contains(&(e + 1, n + 1)))
            .count();
        let mut count = 0;
        let mut end: Option<usize> = None;
        for (start, last, _) in runs {
            match &mut end {
                Some(e) if start <= *e => *e = (*e).max(last),
                _ => {
                    count += 1;
                    end = Some(last);
                }
            }
        }
        count + ADJACENT * adjacent
    }

    /// Does an article match? `title`, `body` and `source` are the original
    /// text (folded here). The same semantics as the store's full-text index:
    /// every positive term matches in a column it covers, no negated term does;
    /// a phrase never spans two columns. An empty query matches everything.
    pub fn matches(&self, title: &str, body: &str, source: &str) -> bool {
        let (t, b, s) = (fold(title), fold(body), fold(source));
        let (t, b, s) = (tokens(&t), tokens(&b), tokens(&s));
        self.terms
            .iter()
            .all(|term| term.hits(&t, &b, &s) != term.negated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn word(w: &str) -> TermKind {
        TermKind::Word(w.to_string())
    }
    fn phrase(p: &[&str]) -> TermKind {
        TermKind::Phrase(p.iter().map(|s| s.to_string()).collect())
    }
    fn term(field: Field, kind: TermKind, negated: bool, prefix: bool) -> Term {
        Term {
            field,
            kind,
            negated,
            prefix,
        }
    }
    /// The query written out: `{title body}: "chiem" AND {title}: "a b"*
    /// NOT ({source}: "x" OR ...)`, positive terms first (None without
    /// one), a compact picture of what was parsed.
    fn written(q: &Query) -> Option<String> {
        let term = |t: &Term| {
            let field = match t.field {
                Field::Any => "{title body}",
                Field::Title => "{title}",
                Field::Source => "{source}",
            };
            let star = if t.prefix { "*" } else { "" };
            format!("{field}: \"{}\"{star}", t.kind.tokens().join(" "))
        };
        let positive: Vec<String> = q.terms.iter().filter(|t| !t.negated).map(term).collect();
        let negated: Vec<String> = q.terms.iter().filter(|t| t.negated).map(term).collect();
        if positive.is_empty() {
            return None;
        }
        let mut out = positive.join(" AND ");
        match negated.len() {
            0 => {}
            1 => out = format!("{out} NOT {}", negated[0]),
            _ => out = format!("{out} NOT ({})", negated.join(" OR ")),
        }
        Some(out)
    }
    fn fts(input: &str, prefix: bool) -> Option<String> {
        written(&parse(input, prefix))
    }

    #[test]
    fn words_are_folded() {
        let q = parse("Dân VẬN", false);
        assert_eq!(
            q.terms,
            [
                term(Field::Any, word("dan"), false, false),
                term(Field::Any, word("van"), false, false)
            ]
        );
        let nfd: String = "Người đường".nfd().collect();
        assert_eq!(parse(&nfd, false), parse("nguoi duong", false));
        assert_eq!(
            fts("dân vận", false).as_deref(),
            Some(r#"{title body}: "dan" AND {title body}: "van""#)
        );
    }

    #[test]
    fn last_word_is_a_prefix_while_typing() {
        assert_eq!(
            fts("chiêm hó", true).as_deref(),
            Some(r#"{title body}: "chiem" AND {title body}: "ho"*"#)
        );
        // A trailing space ends the word.
        assert_eq!(
            fts("chiêm hó ", true).as_deref(),
            Some(r#"{title body}: "chiem" AND {title body}: "ho""#)
        );
        assert_eq!(
            fts("chiêm hó", false).as_deref(),
            Some(r#"{title body}: "chiem" AND {title body}: "ho""#)
        );
        // An unclosed phrase is still being typed; a closed one is not.
        assert_eq!(
            fts("\"chiêm hó", true).as_deref(),
            Some(r#"{title body}: "chiem ho"*"#)
        );
        assert_eq!(
            fts("\"chiêm hóa\"", true).as_deref(),
            Some(r#"{title body}: "chiem hoa""#)
        );
        // Also on a lone word of one or two letters.
        assert_eq!(fts("c", true).as_deref(), Some(r#"{title body}: "c"*"#));
        assert_eq!(
            fts("Nà -x", true).as_deref(),
            Some(r#"{title body}: "na" NOT {title body}: "x""#)
        );
        assert_eq!(
            fts("-x Nà", true).as_deref(),
            Some(r#"{title body}: "na"* NOT {title body}: "x""#)
        );
        assert_eq!(fts("chi", true).as_deref(), Some(r#"{title body}: "chi"*"#));
        assert_eq!(
            fts("chiem h", true).as_deref(),
            Some(r#"{title body}: "chiem" AND {title body}: "h"*"#)
        );
        assert_eq!(fts("\"c", true).as_deref(), Some(r#"{title body}: "c"*"#));
        assert_eq!(
            fts("\"chiem h", true).as_deref(),
            Some(r#"{title body}: "chiem h"*"#)
        );
        // Never on an excluded term.
        assert_eq!(
            fts("lua -chie", true).as_deref(),
            Some(r#"{title body}: "lua" NOT {title body}: "chie""#)
        );
    }

    #[test]
    fn phrases_fields_and_negation() {
        let q = parse(
            r#"title:"Chiêm Hóa" -"mùa lúa" source:baotuyenquang -title:lâm Nguồn:x"#,
            false,
        );
        assert_eq!(
            q.terms,
            [
                term(Field::Title, phrase(&["chiem", "hoa"]), false, false),
                term(Field::Any, phrase(&["mua", "lua"]), true, false),
                term(Field::Source, word("baotuyenquang"), false, false),
                term(Field::Title, word("lam"), true, false),
                term(Field::Source, word("x"), false, false),
            ]
        );
        assert_eq!(
            written(&q).as_deref(),
            Some(
                r#"{title}: "chiem hoa" AND {source}: "baotuyenquang" AND {source}: "x" NOT ({title body}: "mua lua" OR {title}: "lam")"#
            )
        );
        assert_eq!(
            q.highlight_terms(),
            [vec!["chiem", "hoa"], vec!["baotuyenquang"], vec!["x"]]
        );
    }

    #[test]
    fn first_term_negated_still_gives_a_positive_first() {
        assert_eq!(
            fts("-lua chiem", false).as_deref(),
            Some(r#"{title body}: "chiem" NOT {title body}: "lua""#)
        );
    }

    #[test]
    fn empty_and_only_negated_queries() {
        for s in [
            "", "   ", "-", "- -", "title:", "\"", "\"\"", "*^()", "title: -",
        ] {
            let q = parse(s, true);
            assert!(q.is_empty(), "{s:?}");
            assert_eq!(written(&q), None);
            assert!(q.matches("a", "b", "c"));
        }
        let q = parse("-lua -\"mua lua\"", true);
        assert!(!q.is_empty());
        assert!(!q.has_positive());
        assert_eq!(written(&q), None);
        assert_eq!(q.terms.iter().filter(|t| t.negated).count(), 2);
        assert!(q.matches("Chiêm Hóa", "mùa gặt", ""));
        assert!(!q.matches("Chiêm Hóa", "mùa lúa", ""));
    }

    #[test]
    fn a_term_given_twice_is_kept_once() {
        // Found by fuzzing: "a a a ..." (5,000 words) highlighted on its
        // own text ran for minutes, every copy scanning every token.
        let q = parse(&"a ".repeat(5000), true);
        assert_eq!(q.terms.len(), 1);
        assert_eq!(q.hits(&"a ".repeat(5000), Column::Body), 5000);
        let q = parse("lua -mua lua title:lua -mua \"lua\" lua", true);
        let shown: Vec<String> = q
            .terms
            .iter()
            .map(|t| {
                written(&Query {
                    terms: vec![Term {
                        negated: false,
                        ..t.clone()
                    }],
                })
                .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            shown,
            [
                r#"{title body}: "lua""#,
                r#"{title body}: "mua""#,
                r#"{title}: "lua""#,
                r#"{title body}: "lua"*"#
            ]
        );
        assert!(q.terms[1].negated);
    }

    #[test]
    fn query_syntax_typed_by_the_user_is_plain_text() {
        let cases = [
            (
                "a AND b",
                r#"{title body}: "a" AND {title body}: "and" AND {title body}: "b""#,
            ),
            (
                "a OR b",
                r#"{title body}: "a" AND {title body}: "or" AND {title body}: "b""#,
            ),
            ("NOT a", r#"{title body}: "not" AND {title body}: "a""#),
            (
                "NEAR(a b)",
                r#"{title body}: "near a" AND {title body}: "b""#,
            ),
            ("a* ^b", r#"{title body}: "a" AND {title body}: "b""#),
            ("(a) \"b", r#"{title body}: "a" AND {title body}: "b""#),
            (
                "body:x {title}:y",
                r#"{title body}: "body x" AND {title body}: "title y""#,
            ),
            (
                "a\"\" OR \"b",
                r#"{title body}: "a" AND {title body}: "or" AND {title body}: "b""#,
            ),
            ("-title:", "None"),
            ("title:\"a", r#"{title}: "a""#),
            ("- a", r#"{title body}: "a""#),
            ("--a b", r#"{title body}: "b" NOT {title body}: "a""#),
            ("x:y:z", r#"{title body}: "x y z""#),
            ("title:source:a", r#"{title}: "source a""#),
            (
                "rowid:1 c",
                r#"{title body}: "rowid 1" AND {title body}: "c""#,
            ),
        ];
        for (input, want) in cases {
            let got = fts(input, false).unwrap_or_else(|| "None".into());
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    fn matches_words_phrases_fields() {
        let title = "Chiêm Hóa: mùa lúa chín";
        let body = "Người dân vận động bà con thu hoạch lúa.";
        let source = "Báo Tuyên Quang";
        let m = |q: &str, p: bool| parse(q, p).matches(title, body, source);
        assert!(m("chiem hoa", false));
        assert!(m("CHIÊM hóa dan", false));
        assert!(m("\"dan van\"", false));
        assert!(!m("\"van dan\"", false));
        assert!(!m("an", false), "whole tokens only");
        assert!(m("ngu", true));
        assert!(!m("ngu", false));
        assert!(m("title:lua", false));
        assert!(!m("title:dan", false));
        assert!(m("source:tuyen", false));
        assert!(!m("tuyen", false), "plain words do not search the source");
        assert!(!m("chiem -lua", false));
        assert!(m("chiem -\"lua dan\"", false));
        // A phrase does not run from the title into the body.
        assert!(!m("\"chin nguoi\"", false));
    }

    #[test]
    fn hits_count_token_runs_once_each() {
        let hits = |q: &str, text: &str, col| parse(q, true).hits(text, col);
        let text = "Chiêm Hóa, chiêm hóa; chiếc 北京";
        // four hits, and twice the two words one after the other
        assert_eq!(hits("chiem hoa", text, Column::Body), 4 + 2 * ADJACENT);
        assert_eq!(hits("hoa chiem", text, Column::Body), 4 + ADJACENT);
        assert_eq!(hits("chiem lua hoa", text, Column::Body), 4);
        // the phrase's two runs, then "chiem" right after the first
        assert_eq!(
            hits("\"chiem hoa\" chiem", text, Column::Body),
            2 + ADJACENT
        );
        assert_eq!(hits("chi", text, Column::Body), 3);
        assert_eq!(
            hits("北 京", text, Column::Body),
            2 + ADJACENT,
            "adjacent tokens: two hits, in the order typed"
        );
        assert_eq!(hits("title:chiem", text, Column::Body), 0);
        assert_eq!(hits("title:chiem", text, Column::Title), 2);
        assert_eq!(hits("-chiem hoa", text, Column::Body), 2);
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in ".*", p in any::<bool>()) {
            let q = parse(&s, p);
            let _ = q.highlight_terms();
            let _ = q.matches(&s, &s, &s);
            for t in &q.terms {
                prop_assert!(!t.kind.tokens().is_empty());
                prop_assert!(t.kind.tokens().iter().all(|k| !k.is_empty() && k.chars().all(char::is_alphanumeric)));
                prop_assert!(!(t.negated && t.prefix));
            }
        }
    }
}
