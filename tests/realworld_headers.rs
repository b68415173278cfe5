//! Headers, front matter and dates as real blogs and corpora write them
//! (issue 12, classes 1 to 3), through the real binary: `list --json`,
//! `show` and `check` on `tests/fixtures/realworld/headers`, whose files
//! reproduce what Pelican, Jekyll, Zola and Hugo sites and CoNLL-style
//! Vietnamese corpora hold.

mod support;

use std::path::PathBuf;
use std::process::Output;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realworld/headers")
}

/// Run xemtin on the fixtures with a fresh home, index and UTC clock.
fn xemtin(home: &tempfile::TempDir, args: &[&str]) -> Output {
    support::run_command(home.path(), &fixtures(), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn rows(home: &tempfile::TempDir) -> Vec<(String, String, Option<String>)> {
    let o = xemtin(home, &["list", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["title"].as_str().unwrap().to_string(),
                r["published"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn every_header_gives_its_title_and_date() {
    let home = tempfile::tempdir().unwrap();
    let got = rows(&home);
    let want: Vec<(&str, &str, Option<&str>)> = vec![
        // class 3: the date of a Zola `path` field
        (
            "zola/increasing-glibc.md",
            "Nâng yêu cầu glibc",
            Some("2022-08-01"),
        ),
        // class 3: an archive's date folders
        (
            "archive/2020/12/31/le-hoi.txt",
            "Lễ hội cuối năm",
            Some("2020-12-31"),
        ),
        // class 1: a CoNLL-style `# key = value` header; the title line
        // `TP.HCM: ...` is no header line
        (
            "corpus/news_world_001.txt",
            "TP.HCM: Mưa lớn gây ngập nhiều tuyến đường",
            Some("2020-10-01"),
        ),
        // class 2: `published: false` is no date, `date` is
        (
            "jekyll/_posts/draft-flag.md",
            "Ghi chú: bản nháp",
            Some("2020-05-01T02:30:00+00:00"),
        ),
        // class 2: an unreadable `date`, a Unix time in `lastmod`
        (
            "hugo/bad-date-good-lastmod.md",
            "Bài có ngày hỏng",
            Some("2018-02-12T23:42:14+00:00"),
        ),
        // class 3: a Jekyll post's file name
        (
            "jekyll/_posts/2017-01-04-clustering.markdown",
            "Phân cụm: ghi chép",
            Some("2017-01-04"),
        ),
        // class 1: unknown keys inside a Pelican header
        (
            "pelican/weekly-119.md",
            "Bản tin tuần số 119",
            Some("2016-02-22"),
        ),
        // a numeric id that is no valid date stays undated
        ("ids/21462133.txt", "Tin không có ngày", None),
    ];
    let got: Vec<(&str, &str, Option<&str>)> = got
        .iter()
        .map(|(i, t, p)| (i.as_str(), t.as_str(), p.as_deref()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn no_header_line_reaches_the_body() {
    let home = tempfile::tempdir().unwrap();
    for (id, body_has, never) in [
        (
            "pelican/weekly-119.md",
            vec![
                "Đoạn đầu của bản tin.",
                "Note: đoạn này là thân bài, không phải header.",
            ],
            vec!["Number", "Category", "Tags", "Summary", "nối tiếp"],
        ),
        (
            "corpus/news_world_001.txt",
            vec!["Chiều 1/10, mưa lớn", "Lực lượng chức năng"],
            vec!["doc_id", "# url", "# date"],
        ),
        (
            "jekyll/_posts/draft-flag.md",
            vec!["Thân bài của bản nháp."],
            vec!["published", "false", "tags", "---"],
        ),
        (
            "zola/increasing-glibc.md",
            vec!["Thân bài về glibc."],
            vec!["path", "+++", "release", "extra"],
        ),
    ] {
        let o = xemtin(&home, &["show", id, "--width", "200"]);
        assert!(
            o.status.success(),
            "{id}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = stdout(&o);
        for want in body_has {
            assert!(text.contains(want), "{id}: {want:?} missing in\n{text}");
        }
        for bad in never {
            assert!(!text.contains(bad), "{id}: {bad:?} shown in\n{text}");
        }
    }
}

#[test]
fn check_notes_path_dates_and_unused_keys_without_warning() {
    let home = tempfile::tempdir().unwrap();
    let o = xemtin(&home, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    for want in [
        "note: jekyll/_posts/2017-01-04-clustering.markdown: no date field; date 2017-01-04 taken from the file name",
        "note: zola/increasing-glibc.md: no date field; date 2022-08-01 taken from the \"path\" field",
        "note: archive/2020/12/31/le-hoi.txt: no date field; date 2020-12-31 taken from the folder names",
        "note: pelican/weekly-119.md: header keys not used: Number",
        "warning: ids/21462133.txt:3: no date line; listed as undated",
        "8 articles, 0 files skipped, 1 warnings, 4 notes, 0 configuration errors",
    ] {
        assert!(lines.contains(&want), "{want:?} not in\n{out}");
    }
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("warning:")).count(),
        1,
        "{out}"
    );
}
