//! The messy fixture folder (tests/fixtures/messy, described in its README)
//! scanned as a whole: good files listed, bad files reported with a line.

use std::path::PathBuf;

use xemtin::article::Article;
use xemtin::ingest::{Scan, scan};

fn messy() -> Scan {
    scan(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/messy"))
}

fn find<'a>(s: &'a Scan, id: &str) -> &'a Article {
    s.articles
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("{id} was not listed"))
}

fn same_content(a: &Article, b: &Article) {
    assert_eq!(a.title, b.title, "{}", a.id);
    assert_eq!(a.published, b.published, "{}", a.id);
    assert_eq!(a.views, b.views, "{}", a.id);
    assert_eq!(a.source, b.source, "{}", a.id);
    assert_eq!(a.paragraphs, b.paragraphs, "{}", a.id);
}

#[test]
fn awkward_copies_read_exactly_like_the_reference() {
    let s = messy();
    let reference = find(&s, "nested/deep/ok.txt");
    assert_eq!(
        reference.title,
        "Tân Lâm tổng kết một năm làm đường giao thông nông thôn"
    );
    assert_eq!(reference.views, Some(38));
    assert_eq!(reference.source.as_deref(), Some("Báo Tân Lâm Online"));
    assert_eq!(reference.paragraphs.len(), 3);
    for id in ["bom.txt", "crlf.txt", "cr-only.txt", "nfd.txt", "nbsp.txt"] {
        same_content(find(&s, id), reference);
    }
}

#[test]
fn bad_files_are_skipped_with_path_and_line() {
    let s = messy();
    let mut skipped: Vec<(String, Option<usize>)> =
        s.skipped.iter().map(|d| (d.path.clone(), d.line)).collect();
    skipped.sort();
    let expected = [
        ("bad-day.txt", Some(3)),
        ("bad-month.txt", Some(3)),
        ("bad-time.txt", Some(3)),
        ("binary.txt", Some(3)),
        ("blank.txt", None),
        ("empty.txt", None),
    ];
    let expected: Vec<(String, Option<usize>)> =
        expected.iter().map(|(p, l)| (p.to_string(), *l)).collect();
    assert_eq!(skipped, expected);
    for d in &s.skipped {
        assert!(!d.message.is_empty());
        assert!(d.to_string().starts_with(&d.path));
    }
    // Not UTF-8: read in the legacy encoding it has, and said so.
    let encodings: Vec<(&str, String)> = s
        .encodings
        .iter()
        .map(|(path, e)| (path.as_str(), e.to_string()))
        .collect();
    assert_eq!(
        encodings,
        [(
            "latin1.txt",
            "windows-1258 (guessed: not UTF-8, no encoding declared)".to_string()
        )]
    );
    assert!(s.articles.iter().any(|a| a.id == "latin1.txt"));
    // Markdown is an article format since feeds and other formats came in.
    assert!(s.articles.iter().any(|a| a.id == "notes.md"));
}

#[test]
fn warnings_name_the_file_and_line() {
    let s = messy();
    let mut warned: Vec<(&str, Option<usize>)> = s
        .warnings
        .iter()
        .map(|d| (d.path.as_str(), d.line))
        .collect();
    warned.sort();
    assert_eq!(
        warned,
        [
            ("README.md", None),
            ("notes.md", None),
            ("undated.txt", Some(3)),
            ("weekday-mismatch.txt", Some(3))
        ]
    );
    let undated = find(&s, "undated.txt");
    assert_eq!(undated.published, None);
    assert_eq!(
        s.articles.last().map(|a| a.id.as_str()),
        Some("undated.txt")
    );
    let mismatch = find(&s, "weekday-mismatch.txt");
    assert_eq!(
        mismatch.published.map(|p| p.iso8601()).as_deref(),
        Some("2021-03-03T08:00:00")
    );
}

#[test]
fn escapes_are_removed_whole() {
    let s = messy();
    let a = find(&s, "escapes.txt");
    assert_eq!(a.title, "Giá cam sành tăng mạnh dịp cuối năm");
    let all = format!("{} {} {:?}", a.title, a.paragraphs.join(" "), a.source);
    for bad in [
        "pwned", "ZXZpbA==", "[31m", "\u{1b}", "\u{7}", "\u{9b}", "\u{85}",
    ] {
        assert!(!all.contains(bad), "{bad:?} survived");
    }
    assert_eq!(a.paragraphs.len(), 4);
}

#[test]
fn theo_paragraphs_and_other_date_forms() {
    let s = messy();
    let theo = find(&s, "theo-paragraph.txt");
    assert_eq!(theo.source, None);
    assert!(
        theo.paragraphs
            .last()
            .unwrap()
            .starts_with("Theo kế hoạch,")
    );
    assert_eq!(find(&s, "no-source.txt").source, None);
    assert_eq!(find(&s, "no-views.txt").views, None);
    for id in ["slash-date.txt", "iso-date.txt"] {
        let p = find(&s, id).published.unwrap();
        assert_eq!(p.iso8601(), "2020-12-31T19:20:00", "{id}");
    }
}
