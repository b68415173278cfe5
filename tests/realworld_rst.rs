//! reStructuredText posts as Pelican and Nikola blogs write them (issue
//! 12: real Pelican posts list with the right title and date and read
//! cleanly), through the real binary: `list --json`, `show` and `check` on
//! `tests/fixtures/realworld/rst`, whose files reproduce what Pelican's own
//! blog and sample content hold: a `####` title, the docinfo field list,
//! links by target name, code directives, images, comments, tables.

mod support;

use std::path::PathBuf;
use std::process::Output;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realworld/rst")
}

/// Run xemtin on the fixtures with a fresh home, index and UTC clock.
fn xemtin(home: &tempfile::TempDir, args: &[&str]) -> Output {
    support::run_command(home.path(), &fixtures(), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn show(home: &tempfile::TempDir, id: &str) -> String {
    let o = xemtin(home, &["show", id, "--width", "200"]);
    assert!(
        o.status.success(),
        "{id}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
}

#[test]
fn every_post_lists_with_its_title_and_date() {
    let home = tempfile::tempdir().unwrap();
    let o = xemtin(&home, &["list", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got: Vec<(String, String, Option<String>)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["title"].as_str().unwrap().to_string(),
                r["published"].as_str().map(str::to_string),
            )
        })
        .collect();
    let got: Vec<(&str, &str, Option<&str>)> = got
        .iter()
        .map(|(i, t, p)| (i.as_str(), t.as_str(), p.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            // the docinfo's `:date:`, not `:modified:`
            (
                "news/xemtin-0.9.rst",
                "Phát hành xemtin 0.9",
                Some("2021-10-01T08:30:00")
            ),
            // no date field: the file name's
            (
                "content/2019-03-14-ghi-chu.rst",
                "Ghi chú không có ngày",
                Some("2019-03-14")
            ),
            // Nikola's reST written as .txt
            (
                "nikola/pho-bo.txt",
                "Nấu phở bò",
                Some("2013-03-02T00:15:00+00:00")
            ),
            // Nikola's comment header, its date with the offset after `UTC`
            (
                "nikola/cach-lam-banh.rst",
                "Cách làm bánh cuốn",
                Some("2012-09-15T12:52:05+00:00")
            ),
            // an overlined title
            ("pages/gioi-thieu.rst", "Giới thiệu", None),
            ("pages/ngay-hong.rst", "Bài có ngày hỏng", None),
        ]
    );
}

#[test]
fn bodies_read_as_text_with_links_and_code() {
    let home = tempfile::tempdir().unwrap();
    let text = show(&home, "news/xemtin-0.9.rst");
    for want in [
        "Friday, 01/10/2021 08:30 · Nguyễn Văn A; Trần Thị B",
        "Bản 0.9 đã có. Những thay đổi chính:",
        // links, numbered for `o` and `y`: embedded, by name, anonymous
        "• Đọc tệp reStructuredText (#12) (https://example.com/issues/12[1])",
        "xem tài liệu (https://example.com/docs[2]) và ghi chú phát hành (https://example.com/notes/0.9[3])",
        "• Sửa lỗi ngày với TZ=UTC",
        "\nNâng cấp\n",
        "Chạy lệnh sau:",
        // a literal block and a code-block keep their lines and indentation
        "\ncargo install xemtin\nxemtin check\n",
        "\n[reader]\nwidth = 80\n",
    ] {
        assert!(text.contains(want), "{want:?} missing in\n{text}");
    }
    for never in [
        ":date:",
        ":slug:",
        ":tags:",
        ":summary:",
        "####",
        "====",
        "``",
        "`_",
        "__ ",
        ".. ",
        "::",
        ":code:",
        "**",
        "*chính*",
    ] {
        assert!(!text.contains(never), "{never:?} shown in\n{text}");
    }

    let text = show(&home, "content/2019-03-14-ghi-chu.rst");
    for want in [
        "[image: Sơ đồ luồng dữ liệu]",
        "[image: Ảnh chụp màn hình]",
        "Chú thích của hình.",
        "Ghi chú quan trọng trong khung.",
        "1. Bước một",
        "2. Bước hai",
        "> Một đoạn trích dẫn.",
        // a simple table: its cells as text in columns
        "Khoá  Ý nghĩa\ndate  Ngày đăng\ntags  Nhãn\n",
    ] {
        assert!(text.contains(want), "{want:?} missing in\n{text}");
    }
    for never in [
        "custom_field",
        "chú thích: không",
        ":alt:",
        ":width:",
        "{static}",
        "====",
        "``",
        ".. ",
    ] {
        assert!(!text.contains(never), "{never:?} shown in\n{text}");
    }

    let text = show(&home, "nikola/pho-bo.txt");
    let want = "Nước dùng ninh từ xương bò trong tám giờ.\n\nThêm quế và hồi (https://example.com/gia-vi) cho thơm.";
    assert!(text.contains(want), "{want:?} missing in\n{text}");
    for never in [".. ", "title:", "TEASER", "`_", "*tám*"] {
        assert!(!text.contains(never), "{never:?} shown in\n{text}");
    }

    let text = show(&home, "pages/gioi-thieu.rst");
    for want in [
        "Trang này không có ngày.",
        "Địa chỉ: Hà Nội\n\nThư: hello@example.com",
    ] {
        assert!(text.contains(want), "{want:?} missing in\n{text}");
    }
    assert!(!text.contains("| "), "{text}");
}

#[test]
fn check_reports_notes_warnings_and_the_empty_file() {
    let home = tempfile::tempdir().unwrap();
    let o = xemtin(&home, &["check"]);
    let out = stdout(&o);
    // a file with nothing but comments is skipped, so check fails
    assert_eq!(o.status.code(), Some(1), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    for want in [
        "skipped: content/chi-chu-thich.rst: no title and no text after the header; add the article or remove the file",
        "note: content/2019-03-14-ghi-chu.rst: no date field; date 2019-03-14 taken from the file name",
        "note: content/2019-03-14-ghi-chu.rst: header keys not used: custom_field",
        "warning: pages/gioi-thieu.rst: no date given; listed as undated",
        "warning: pages/ngay-hong.rst:4: date \"sắp tới\" not understood (expected e.g. 2020-10-01, 2020-10-01 08:30, 20201001, 01/10/2020, a Unix time or an RFC 2822 date); listed as undated",
        "6 articles, 1 files skipped, 2 warnings, 2 notes, 0 configuration errors",
    ] {
        assert!(lines.contains(&want), "{want:?} not in\n{out}");
    }
}
