//! Tests of [`super`]: HTML posts with front matter, saved pages, templates.

use proptest::prelude::*;

use super::*;
use crate::article::Paragraph;

fn parse(path: &str, text: &str) -> Result<Single, LineNote> {
    parse_html_file(path, text, &ParseOptions::default())
}

fn date(s: &Single) -> String {
    s.article
        .published
        .as_ref()
        .map(|p| format!("{} {:?}", p.date, p.time))
        .unwrap_or_default()
}

#[test]
fn front_matter_post_takes_title_and_date_from_it() {
    let s = parse(
        "posts/a.html",
        "---\ntitle: \"Builds &amp; the <datalist> tag\"\npublished: \"2019-02-15 19:00:00+01:00\"\ntags: [\"web\", \"rant\"]\n---\n<p>First <a href=\"https://example.com/x\">link</a>.</p>\n<!-- TEASER_END -->\n<pre>line 1\n    indented</pre>\n",
    )
    .unwrap();
    assert_eq!(s.article.title, "Builds & the <datalist> tag");
    assert_eq!(date(&s), "2019-02-15 Some(18:00:00)");
    assert_eq!(
        s.article.paragraphs[0],
        "First link (https://example.com/x)."
    );
    assert_eq!(
        Paragraph::of(&s.article.paragraphs[1]),
        Paragraph::Preformatted("line 1\n    indented\n")
    );
    assert_eq!(s.article.paragraphs.len(), 2);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn front_matter_post_without_date_or_title_uses_path_and_h1() {
    let s = parse(
        "2021/03/04/post.html",
        "---\nlayout: post\n---\n<h1>The heading</h1>\n<p>Text.</p>\n",
    )
    .unwrap();
    assert_eq!(s.article.title, "The heading");
    assert_eq!(s.article.paragraphs, ["Text."]);
    assert_eq!(date(&s), "2021-03-04 None");
    assert!(s.remarks[0].message.contains("taken from the folder names"));
}

#[test]
fn whole_page_reads_og_title_meta_date_and_the_article() {
    let page = r#"<!DOCTYPE html><html><head><title>Post | Site</title>
<meta property="og:title" content="Post &amp; more">
<meta property="article:published_time" content="2020-05-01T08:30:00+07:00">
<link rel="canonical" href="https://example.com/post">
<style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
<body><header><h1>Site name</h1><nav><a href="/">Home</a></nav></header>
<article><header><h1>Post &amp; more</h1><time datetime="2019-01-01">old</time></header>
<p>Body one.</p><script>alert(1)</script><p>Body two.</p></article>
<aside>Related</aside><footer>Copyright</footer></body></html>"#;
    let s = parse("saved/page.html", page).unwrap();
    assert_eq!(s.article.title, "Post & more");
    assert_eq!(date(&s), "2020-05-01 Some(01:30:00)");
    assert_eq!(s.article.paragraphs, ["old", "Body one.", "Body two."]);
    assert_eq!(s.article.link.as_deref(), Some("https://example.com/post"));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn whole_page_falls_back_to_title_main_json_ld_and_time() {
    let page = r#"<html><head><title>Plain title</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2018-07-09T10:00:00Z"}]}</script>
</head><body><nav>Menu</nav><main><p>Main text.</p></main><p>Outside main.</p></body></html>"#;
    let s = parse("p.htm", page).unwrap();
    assert_eq!(s.article.title, "Plain title");
    assert_eq!(date(&s), "2018-07-09 Some(10:00:00)");
    assert_eq!(s.article.paragraphs, ["Main text."]);

    let page = "<body><h1>Only heading</h1><p>Said on <time datetime=\"2017-03-02\">2 March</time>.</p></body>";
    let s = parse("p.html", page).unwrap();
    assert_eq!(s.article.title, "Only heading");
    assert_eq!(date(&s), "2017-03-02 None");
    assert_eq!(s.article.paragraphs, ["Said on 2 March."]);
}

#[test]
fn title_without_site_name_and_heading_link_not_repeated() {
    let page = r#"<html><head><title>Docker notes | Someone's blog</title></head><body>
<article><h1><a href="/blog/docker-notes/">Docker notes</a></h1><p>Text.</p></article></body></html>"#;
    let s = parse("p.html", page).unwrap();
    assert_eq!(s.article.title, "Docker notes");
    assert_eq!(s.article.paragraphs, ["Text."]);
}

#[test]
fn many_articles_read_the_body() {
    let page =
        "<html><body><article><p>One</p></article><article><p>Two</p></article></body></html>";
    let s = parse("2020-01-02-index.html", page).unwrap();
    assert_eq!(s.article.paragraphs, ["One", "Two"]);
    assert_eq!(date(&s), "2020-01-02 None");
    assert_eq!(s.article.title, "2020-01-02-index");
}

#[test]
fn undated_page_is_a_warning() {
    let s = parse("x.html", "<title>T</title><p>Text</p>").unwrap();
    assert!(s.article.published.is_none());
    assert!(s.warnings[0].message.starts_with("no date in the page"));
    let s = parse(
        "x.html",
        "<meta name=\"date\" content=\"soon\"><title>T</title><p>Text</p>",
    )
    .unwrap();
    assert!(
        s.warnings[0]
            .message
            .starts_with("date \"soon\" not understood")
    );
}

#[test]
fn templates_and_empty_pages_are_skipped_with_a_reason() {
    let e = parse(
        "_layouts/post.html",
        "<div class=\"post\">{% if page.title %}<h1>{{ page.title }}</h1>{% endif %}{{ content }}</div>",
    )
    .unwrap_err();
    assert!(e.message.starts_with("HTML template"), "{}", e.message);
    let e = parse(
        "_layouts/default.html",
        "---\nlayout: base\n---\n{{ content }}\n",
    )
    .unwrap_err();
    assert!(e.message.starts_with("HTML template"), "{}", e.message);
    let e = parse(
        "app.html",
        "<html><head><title>App</title></head><body><div id=\"root\"></div><script src=\"app.js\"></script></body></html>",
    )
    .unwrap_err();
    assert!(
        e.message.starts_with("no text in the page's <body>"),
        "{}",
        e.message
    );
    let e = parse(
        "_layouts/default.html",
        "<html><head><title>{{ page.title }} | {{ site.title }}</title></head><body>{{ content }}<p>Footer text</p></body></html>",
    )
    .unwrap_err();
    assert!(e.message.starts_with("HTML template"), "{}", e.message);
    // A page about Jinja, with a title of its own, is a page.
    let s = parse(
        "doc.html",
        "<html><head><title>Jinja loops</title></head><body><pre>{% for x in xs %}</pre></body></html>",
    )
    .unwrap();
    assert_eq!(s.article.title, "Jinja loops");
}

#[test]
fn escapes_in_text_never_come_through() {
    let s = parse(
        "e.html",
        "<title>A\u{1b}[2Jb</title><body><p>x\u{1b}]0;owned\u{7}y &#27;[31m</p></body>",
    )
    .unwrap();
    assert!(!s.article.title.contains('\u{1b}'));
    for p in &s.article.paragraphs {
        assert!(!p.chars().any(|c| c.is_control() && c != '\n'), "{p:?}");
    }
}

proptest! {
    #[test]
    fn never_panics_and_output_is_clean(
        s in "(<html>|<body>|</body>|<article>|</article>|<main>|<nav>|</nav>|<header>|<footer>|<script>|</script>|<style>|<title>|</title>|<h1>|</h1>|<p>|<pre>|</pre>|<time datetime=\"2020-01-01\">|<meta property=\"og:title\" content=\"x\">|<script type=\"application/ld\\+json\">|\\{\"datePublished\":\"2020-02-02\"\\}|---\n|title: t\n|\\{%|\\{\\{|&amp;|&#27;|\u{1b}\\[|[a-zđ ]{0,4}|\n)*"
    ) {
        if let Ok(single) = parse("2020/f.html", &s) {
            let a = &single.article;
            prop_assert!(!a.title.is_empty() && !a.title.chars().any(char::is_control));
            for p in &a.paragraphs {
                prop_assert!(!p.trim().is_empty());
                match Paragraph::of(p) {
                    Paragraph::Prose(t) => prop_assert!(!t.chars().any(char::is_control)),
                    Paragraph::Preformatted(t) => {
                        for line in t.lines() {
                            prop_assert!(!line.chars().any(char::is_control));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        let _ = parse("a.html", &s);
    }
}
