//! HTML files as blogs and scrapers keep them (issue 12), through the real
//! binary: `list --json`, `show` and `check`. The fixtures in
//! `tests/fixtures/realworld/html/` are written for these tests after what
//! was seen in Nikola and Jekyll blog sources (posts kept as `.html` with
//! YAML front matter, layouts full of Liquid tags) and in saved article
//! pages (`og:title`, `article:published_time`, JSON-LD, a page's header,
//! navigation, scripts and footer around an `<article>` or `<main>`).

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realworld/html")
}

/// `xemtin ARGS` on `data`, with its own home and index.
fn xemtin(data: &Path, args: &[&str]) -> Output {
    support::run_command(data.parent().unwrap(), data, args)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, target).unwrap();
        }
    }
}

/// A home with a copy of the fixtures in `data/`.
fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    copy_tree(&fixtures(), &home.path().join("data"));
    home
}

fn rows(home: &tempfile::TempDir) -> Vec<serde_json::Value> {
    let o = xemtin(&home.path().join("data"), &["list", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v.as_array().unwrap().clone()
}

fn show(home: &tempfile::TempDir, id: &str) -> String {
    let o = xemtin(&home.path().join("data"), &["show", id, "--width", "80"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// No markup, character reference or control character in the text.
fn assert_clean(text: &str) {
    for bad in [
        "<a ", "</a>", "<p>", "<div", "<span", "<!--", "&amp;", "&gt;", "&quot;", "&nbsp;", "{{",
        "{%",
    ] {
        assert!(!text.contains(bad), "{bad:?} left in {text}");
    }
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
}

#[test]
fn every_post_and_page_lists_with_its_title_and_date() {
    let home = home();
    let listed: Vec<(String, String, String)> = rows(&home)
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["title"].as_str().unwrap().to_string(),
                r["published"].as_str().unwrap_or("undated").to_string(),
            )
        })
        .collect();
    let expected = [
        (
            "saved/news-article.html",
            "Rivers rise after the storm",
            "2021-09-29T23:45:00+00:00",
        ),
        (
            "posts/2019/02/15/tools-rant.html",
            "Building styles: a tale of the <datalist> element & friends",
            "2019-02-15T18:00:00+00:00",
        ),
        (
            "saved/ld-json-page.htm",
            "Quiet release notes",
            "2018-07-09T10:00:00+00:00",
        ),
        (
            "_posts/2017-01-04-no-date-field.htm",
            "Clustering by hand",
            "2017-01-04",
        ),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(listed, expected);
}

#[test]
fn a_nikola_post_reads_cleanly_with_its_code_kept() {
    let home = home();
    let text = show(&home, "posts/2019/02/15/tools-rant.html");
    assert_clean(&text);
    assert!(
        text.contains("a simple online tool\n(https://example.org/tool/)'s help"),
        "{text}"
    );
    assert!(text.contains("Attempt 0: no packages"), "{text}");
    // The code block keeps its lines and indentation, a blank line included.
    assert!(
        text.contains("sass theme.scss > theme.css\n\nif true; then\n    echo \"done\"\nfi\n"),
        "{text}"
    );
    assert!(!text.contains("TEASER_END"), "{text}");
    assert!(!text.contains("legacy"), "{text}");
}

#[test]
fn a_saved_page_reads_its_article_only() {
    let home = home();
    let text = show(&home, "saved/news-article.html");
    assert_clean(&text);
    assert!(text.starts_with("Rivers rise after the storm\n"), "{text}");
    assert!(
        text.contains("https://news.example.com/2021/rivers-rise"),
        "{text}"
    );
    assert!(text.contains("Water levels rose through the night in three provinces."));
    assert!(text.contains("[image: A flooded road]"), "{text}");
    assert!(
        text.contains("the notice (https://example.gov/notice"),
        "{text}"
    );
    for chrome in [
        "Example Daily",
        "World",
        "Sport",
        "Trending",
        "Other story",
        "tracking",
        "trackRead",
        "font-family",
        "©",
    ] {
        assert!(!text.contains(chrome), "{chrome:?} in {text}");
    }
    // The article's own heading is the title, not its first paragraph.
    assert_eq!(
        text.matches("Rivers rise after the storm").count(),
        1,
        "{text}"
    );

    let text = show(&home, "saved/ld-json-page.htm");
    assert_clean(&text);
    assert!(
        text.contains("Version 2 is out.\n\n• Faster start\n\n• Fewer bugs"),
        "{text}"
    );
    assert!(!text.contains("Not part of the article"), "{text}");
    assert!(!text.contains("Home"), "{text}");
}

#[test]
fn check_skips_templates_and_empty_pages_and_notes_path_dates() {
    let home = home();
    let o = xemtin(&home.path().join("data"), &["check"]);
    assert_eq!(o.status.code(), Some(1), "a skipped file makes check fail");
    let out = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(
        out.contains("skipped: _layouts/post.html: HTML template (Liquid/Jinja"),
        "{out}"
    );
    assert!(out.contains("move the site's templates"), "{out}");
    assert!(
        out.contains("skipped: saved/app-shell.html: no text in the page's <body>"),
        "{out}"
    );
    assert!(
        out.contains("note: _posts/2017-01-04-no-date-field.htm: no date field; date 2017-01-04 taken from the file name"),
        "{out}"
    );
    assert!(
        out.contains("4 articles, 2 files skipped, 0 warnings"),
        "{out}"
    );
}
