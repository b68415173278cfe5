use proptest::prelude::*;

use super::*;
use crate::article::preformatted;

fn parse_at(path: &str, text: &str) -> Single {
    parse_rst(path, text, &ParseOptions::default()).expect("an article")
}

fn parse(text: &str) -> Single {
    parse_at("blog/post.rst", text)
}

fn body(text: &str) -> Vec<String> {
    parse(&format!("T\n=\n\n{text}")).article.paragraphs
}

#[test]
fn a_pelican_post_title_docinfo_and_body() {
    let s = parse(
        "Pelican 4.7 released\n####################\n\n:date: 2021-10-01 10:14\n:modified: 2021-10-03\n:tags: release, news\n:category: News\n:slug: pelican-4.7-released\n:authors: Justin Mayer; Alexis Métaireau\n:summary: A *short*\n    summary.\n\nPelican 4.7 is out.\n",
    );
    let a = &s.article;
    assert_eq!(a.title, "Pelican 4.7 released");
    assert_eq!(
        a.published.map(|p| p.iso8601()),
        Some("2021-10-01T10:14:00".into())
    );
    assert_eq!(a.author.as_deref(), Some("Justin Mayer; Alexis Métaireau"));
    assert_eq!(a.paragraphs, ["Pelican 4.7 is out."]);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert!(s.remarks.is_empty(), "{:?}", s.remarks);
}

#[test]
fn overlined_titles_title_fields_and_comments_before_the_title() {
    let s = parse(
        ".. a comment\n.. _top:\n\n=========\n The News\n=========\n\n:date: 2020-05-01\n\nText.",
    );
    assert_eq!(s.article.title, "The News");
    assert_eq!(s.article.paragraphs, ["Text."]);
    assert!(s.article.published.is_some());
    // a :title: field when there is no section title
    let s = parse(":title: From the *field*\n:date: 2020-05-01\n\nText.");
    assert_eq!(s.article.title, "From the field");
    assert_eq!(s.article.paragraphs, ["Text."]);
    // neither: the first paragraph, as for Markdown
    let s = parse("First paragraph.\n\nSecond.");
    assert_eq!(s.article.title, "First paragraph.");
    assert_eq!(s.article.paragraphs, ["Second."]);
}

#[test]
fn nikola_comment_headers() {
    let s = parse(
        ".. title: Cách làm\n.. slug: cach-lam\n.. date: 2012-09-15 19:52:05\n.. tags: a, b\n.. link:\n.. description:\n\nNội dung.\n",
    );
    assert_eq!(s.article.title, "Cách làm");
    assert_eq!(
        s.article.published.map(|p| p.date.to_string()),
        Some("2012-09-15".into())
    );
    assert_eq!(s.article.paragraphs, ["Nội dung."]);
    // Nikola's title wins; the document title stays, as a heading
    let s = parse(
        ".. title: Từ header\n.. date: 2014-12-10 16:04:55 UTC+01:00\n\n=======\nTừ thân\n=======\n\nText.",
    );
    assert_eq!(s.article.title, "Từ header");
    assert_eq!(s.article.paragraphs, ["Từ thân", "Text."]);
    assert_eq!(
        s.article.published.map(|p| p.iso8601()),
        Some("2014-12-10T15:04:55+00:00".into())
    );
    // YAML front matter, as Nikola and Hugo allow in reST
    let s = parse(
        "---\ntitle: Từ YAML\ndate: 2020-01-05\ntags:\n- a\n---\n\nDocument\n========\n\nText `link`_.\n\n.. _link: https://e.vn/\n",
    );
    assert_eq!(s.article.title, "Từ YAML");
    assert_eq!(
        s.article.paragraphs,
        ["Document", "Text link (https://e.vn/)."]
    );
    assert!(s.article.published.is_some());
    // Nikola writes reST posts as .txt too
    assert!(opens_with_nikola_header(
        "\n.. title: A\n.. date: 2020-01-01\n\nText"
    ));
    assert!(opens_with_nikola_header(".. title: A"));
    assert!(!opens_with_nikola_header(".. note: a comment\n\nText"));
    assert!(!opens_with_nikola_header(".. title: A\nText right after"));
    assert!(!opens_with_nikola_header("Title: A\n"));
    // comments whose lines are no header stay comments
    let s = parse(".. note: this is a remark\n\nTitle\n=====\n\nText.");
    assert_eq!(s.article.title, "Title");
    assert!(s.remarks.is_empty(), "{:?}", s.remarks);
}

#[test]
fn a_header_of_key_value_lines_as_peps_open() {
    let s = parse_at(
        "peps/pep-0999.rst",
        "PEP: 999\nTitle: A Style of Our Own\nAuthor: Ann Example <ann@example.org>,\n        Bo Example <bo@example.org>\nStatus: Active\nCreated: 05-Jul-2001\nPost-History: 05-Jul-2001, 01-Aug-2013\n\n\nIntroduction\n============\n\nThis document gives conventions.\n",
    );
    let a = &s.article;
    assert_eq!(a.title, "A Style of Our Own");
    assert_eq!(a.published.map(|p| p.iso8601()), Some("2001-07-05".into()));
    assert_eq!(
        a.author.as_deref(),
        Some("Ann Example <ann@example.org>, Bo Example <bo@example.org>")
    );
    // the header is not in the body; the first section is
    assert_eq!(
        a.paragraphs,
        ["Introduction", "This document gives conventions."]
    );
    // a section title with a colon is a title, not a header
    let s = parse("Title: a talk\n=============\n\n:date: 2020-05-01\n\nText.");
    assert_eq!(s.article.title, "Title: a talk");
    assert_eq!(s.article.paragraphs, ["Text."]);
}

#[test]
fn dates_from_the_path_and_unknown_fields_are_notes() {
    let s = parse_at(
        "content/2012-11-29_post.rst",
        "A post\n######\n\n:custom_field: x\n:status: draft\n\nText.",
    );
    assert_eq!(
        s.article.published.map(|p| p.date.to_string()),
        Some("2012-11-29".into())
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let notes: Vec<&str> = s.remarks.iter().map(|r| r.message.as_str()).collect();
    assert!(
        notes.iter().any(|m| m.contains("taken from the file name")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|m| m.contains("header keys not used: custom_field")),
        "{notes:?}"
    );
    // a bad date is reported with its line; the field never reaches the body
    let s = parse("A post\n######\n\n:date: someday\n\nText.");
    assert!(s.article.published.is_none());
    assert_eq!(s.warnings.first().and_then(|w| w.line), Some(4));
    assert_eq!(s.article.paragraphs, ["Text."]);
}

#[test]
fn inline_markup_is_text_and_links_are_numbered_targets() {
    let text = "Some *em*, **strong**, ``lit *x*``, :code:`f()`, `x`:sub:, `interp`, a\\*b, 2 * 3, snake_case_name and __init__.";
    assert_eq!(
        body(text),
        ["Some em, strong, lit *x*, f(), x, interp, a*b, 2 * 3, snake_case_name and __init__."]
    );
    let text = "See `the docs <https://e.com/docs>`_, `Named ref`_, pelican_, `anon`__, [1]_, |sub|, |nope| and `local <{filename}/a.rst>`_.\n\n.. _named ref: https://e.com/named\n.. _pelican: https://getpelican.com/\n.. __: https://e.com/anon\n.. |sub| replace:: the *substituted* text\n";
    assert_eq!(
        body(text),
        [
            "See the docs (https://e.com/docs), Named ref (https://e.com/named), pelican (https://getpelican.com/), anon (https://e.com/anon), [1], the substituted text, and local."
        ]
    );
    // indirect targets, roles with an embedded target
    let text = "Go `here`_ or :ref:`the guide <guide-label>` or :doc:`install`.\n\n.. _here: there_\n.. _there: https://e.com/there";
    assert_eq!(
        body(text),
        ["Go here (https://e.com/there) or the guide or install."]
    );
}

#[test]
fn lists_quotes_definitions_fields_line_blocks() {
    let text = "* one\n  continued\n* two\n\n  - nested\n\n1. first\n2. second\n\n#. auto\n\n    A quote.\n\nterm\n    Its definition.\n\n:field: value\n\n| line one\n| line two";
    assert_eq!(
        body(text),
        [
            "• one continued",
            "• two",
            "• nested",
            "1. first",
            "2. second",
            // `#.` goes on numbering, as docutils does
            "3. auto",
            "> A quote.",
            "term",
            "Its definition.",
            "field: value",
            "line one",
            "line two",
        ]
    );
}

#[test]
fn enumerated_items_keep_their_markers() {
    let text = "A. upper\n   over two lines\n\n   second paragraph\n\nB. next\n\na) lower\n\n(iv) roman\n(v) five\n\n#. auto\n#. auto\n\n3. * nested bullet\n\n4.\n\nEnd.";
    assert_eq!(
        body(text),
        [
            "A. upper over two lines",
            "second paragraph",
            "B. next",
            "a) lower",
            "(iv) roman",
            "(v) five",
            "1. auto",
            "2. auto",
            "3.",
            "• nested bullet",
            "4.",
            "End.",
        ]
    );
}

#[test]
fn literal_blocks_and_code_directives_keep_their_lines() {
    let text = "Example::\n\n    def f(x):\n\n        return x\n\nThen ::\n\n  a  b\n\n::\n\n  only\n\nCode:\n\n.. code-block:: python\n   :linenos:\n\n   if x:\n       y()\n\nC:\n\n.. sourcecode:: c\n\n\tint x;\n\nShell:\n\n.. code:: sh\n   ls -l\n\nPython:\n\n>>> 1 + 1\n2\n\nEnd.";
    // (html.rs joins preformatted blocks with nothing between them: they look the same)
    assert_eq!(
        body(text),
        [
            "Example:".to_string(),
            preformatted(["def f(x):", "", "    return x"]),
            "Then".to_string(),
            preformatted(["a  b", "", "only"]),
            "Code:".to_string(),
            preformatted(["if x:", "    y()"]),
            "C:".to_string(),
            preformatted(["int x;"]),
            "Shell:".to_string(),
            preformatted(["ls -l"]),
            "Python:".to_string(),
            preformatted([">>> 1 + 1", "2"]),
            "End.".to_string(),
        ]
    );
}

#[test]
fn directives_images_comments_raw_and_sections() {
    let text = "Intro.\n\nA section\n---------\n\n.. image:: /img/a.png\n   :alt: A diagram\n   :width: 600\n\n.. image:: /img/b.png\n\n.. figure:: c.png\n   :alt: C\n\n   The caption.\n\n.. this is a comment\n   over two lines\n\n..\n\n.. note:: Take *care*.\n\n.. admonition:: Heads up\n\n   Body.\n\n.. raw:: html\n\n   <p>Raw <b>html</b> &amp; more</p>\n\n.. raw:: latex\n\n   \\newpage\n\n.. contents::\n\n.. |logo| image:: logo.png\n\nSub\n~~~\n\n----\n\nLast.";
    assert_eq!(
        body(text),
        [
            "Intro.",
            "A section",
            "[image: A diagram]",
            "[image: C]",
            "The caption.",
            "Take care.",
            "Heads up",
            "Body.",
            "Raw html & more",
            "Sub",
            "Last.",
        ]
    );
}

#[test]
fn tables_are_aligned_text_without_borders() {
    let text = "+-------+-----+\n| a     | b   |\n+=======+=====+\n| ``1`` | 2   |\n| *ba*  | 3   |\n+-------+-----+\n\nThen:\n\n============  =====\nKey           Value\n============  =====\n``title``     Tiêu *đề*\n``date``      x\n============  =====\n\nAfter.";
    assert_eq!(
        body(text),
        [
            preformatted(["a   b", "1   2", "ba  3"]),
            "Then:".to_string(),
            preformatted(["Key    Value", "title  Tiêu đề", "date   x"]),
            "After.".to_string(),
        ]
    );
}

#[test]
fn nothing_but_a_title_is_an_article_with_a_warning_and_empty_files_are_skipped() {
    let s = parse("Only a title\n============\n\n:date: 2020-01-01\n");
    assert_eq!(s.article.title, "Only a title");
    assert!(
        s.warnings
            .iter()
            .any(|w| w.message.contains("no article text"))
    );
    assert!(parse_rst("a.rst", ".. just a comment\n", &ParseOptions::default()).is_err());
}

#[test]
fn deep_nesting_and_long_runs_stay_bounded() {
    let deep: String = (0..500)
        .map(|d| format!("{}* x\n\n", "  ".repeat(d)))
        .collect();
    let s = parse(&deep);
    assert!(!s.article.paragraphs.is_empty());
    let stars = "*a ".repeat(20_000) + &"`b ".repeat(20_000) + &"``c ".repeat(20_000);
    let started = std::time::Instant::now();
    let s = parse(&format!("T\n=\n\n{stars}"));
    assert!(
        s.article
            .paragraphs
            .first()
            .is_some_and(|p| p.starts_with("*a *a"))
    );
    // linear: a quadratic scan of 60,000 markers would take minutes
    assert!(started.elapsed().as_secs() < 30);
}

fn check_clean(s: &Single) -> Result<(), TestCaseError> {
    let a = &s.article;
    prop_assert!(!a.title.is_empty() && !a.title.chars().any(char::is_control));
    for p in &a.paragraphs {
        prop_assert!(!p.trim().is_empty(), "{:?}", p);
        match Paragraph::of(p) {
            Paragraph::Prose(t) => prop_assert!(!t.chars().any(char::is_control), "{:?}", t),
            Paragraph::Preformatted(t) => {
                for line in t.lines() {
                    prop_assert!(!line.chars().any(char::is_control), "{:?}", line);
                }
            }
        }
    }
    for n in s.warnings.iter().chain(&s.remarks) {
        prop_assert!(!n.message.chars().any(char::is_control));
    }
    Ok(())
}

proptest! {
    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        if let Ok(s) = parse_rst("a.rst", &text, &ParseOptions::default()) {
            check_clean(&s)?;
        }
    }

    #[test]
    fn never_panics_on_rst_like_text(text in "(\n|  |\t|\\*|\\*\\*|`|``|_|__|:|::|\\.\\. |\\.\\. _x: |\\|x\\||\\[1\\]_|<|>|#|=|-|~|\\+|1\\. |#\\. |\\(a\\) |>>> |a|đ|https://e\\.vn/|code-block:: |image:: |raw:: html|:alt: |:date: 2020-01-01|\u{1b}\\[31m|\u{92}|&amp;|<b>)*") {
        if let Ok(s) = parse_rst("a.rst", &text, &ParseOptions::default()) {
            check_clean(&s)?;
        }
    }
}
