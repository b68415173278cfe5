//! Feeds as real sites and other feed libraries' test suites write them,
//! through the real binary: `check`'s exit status and report, `list --json`
//! and `show`. The fixtures in tests/fixtures/realworld/feeds/ are minimal
//! files written for issue #12, one per defect class.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realworld/feeds")
}

/// A data folder holding copies of the named fixtures.
fn data_with(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        std::fs::copy(fixtures().join(name), dir.path().join(name)).unwrap();
    }
    dir
}

/// Every feed fixture but the empty one.
const READABLE: [&str; 12] = [
    "rss090.rdf",
    "dates.xml",
    "no_version.rss",
    "euc_kr.xml",
    "shift_jis.xml",
    "big5.xml",
    "gb2312.xml",
    "koi8_r.xml",
    "utf16_no_bom.xml",
    "video_channel.atom",
    "podcast.xml",
    "atom03.xml",
];

/// `list --json`: (id, title, published) of every row.
fn listed(data: &Path) -> Vec<(String, String, Option<String>)> {
    let o = run(data, &["list", "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    rows.as_array()
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

fn row<'a>(
    rows: &'a [(String, String, Option<String>)],
    id: &str,
) -> &'a (String, String, Option<String>) {
    rows.iter()
        .find(|r| r.0 == id)
        .unwrap_or_else(|| panic!("{id} not listed: {rows:#?}"))
}

use support::command;

fn run(data: &Path, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    command(home.path(), data, args)
        .output()
        .expect("run xemtin")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Reading one line of a long output and closing the pipe, as `| head -1`
/// does: the command ends quietly (exit 0, nothing on stderr).
fn closed_pipe_is_quiet(data: &Path, args: &[&str]) {
    let home = tempfile::tempdir().unwrap();
    let mut child = command(home.path(), data, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let stdout = child.stdout.take().unwrap();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    assert!(!first.is_empty());
    // the reader (and the pipe's read end) is dropped here
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stderr), "", "{args:?}");
    assert!(out.status.success(), "{args:?}: {:?}", out.status);
}

#[test]
fn a_closed_pipe_ends_every_printing_command_quietly() {
    let data = tempfile::tempdir().unwrap();
    // far more than a pipe's buffer (64 kB) of list output
    let items: String = (0..3000)
        .map(|i| {
            format!(
                "<item><title>Item number {i} with a title long enough to fill the pipe</title><link>https://example.com/{i}</link><pubDate>Mon, 16 Oct 2017 15:10:00 +0000</pubDate></item>\n"
            )
        })
        .collect();
    let feed =
        format!("<rss version=\"2.0\"><channel><title>Big</title>\n{items}</channel></rss>\n");
    std::fs::write(data.path().join("big.xml"), feed).unwrap();
    closed_pipe_is_quiet(data.path(), &["list"]);
    closed_pipe_is_quiet(data.path(), &["list", "--json"]);
    closed_pipe_is_quiet(data.path(), &["search", "item"]);
    closed_pipe_is_quiet(data.path(), &["keys"]);
    closed_pipe_is_quiet(data.path(), &["config", "--default"]);
    let o = run(data.path(), &["list"]);
    assert!(o.status.success());
    assert_eq!(text(&o.stdout).lines().count(), 3000);
}

#[test]
fn every_feed_dialect_and_encoding_lists_with_its_title_and_date() {
    let data = data_with(&READABLE);
    let rows = listed(data.path());
    let expect = [
        (
            "rss090.rdf#http://portal.example.com/news/1",
            "Harbour bridge reopens",
            None,
        ),
        (
            "rss090.rdf#http://portal.example.com/news/2",
            "Library extends its hours",
            None,
        ),
        (
            "dates.xml#d1",
            "Good pubDate, Unix dc:date",
            Some("2017-10-16T15:10:00+00:00"),
        ),
        (
            "dates.xml#d2",
            "Bad pubDate, Unix dc:date",
            Some("2018-02-12T23:42:14+00:00"),
        ),
        (
            "dates.xml#d3",
            "Loose RFC 2822",
            Some("2017-10-05T07:05:00+00:00"),
        ),
        (
            "dates.xml#d4",
            "Updated before published",
            Some("2018-06-30T10:00:00+00:00"),
        ),
        ("dates.xml#d5", "No readable date", None),
        (
            "no_version.rss#https://v.example.com/1",
            "Read as RSS 2.0",
            Some("2024-01-02T08:00:00+00:00"),
        ),
        (
            "euc_kr.xml#https://euc-kr.example.com/1",
            "서울 날씨 맑음",
            Some("2024-01-03T00:00:00+00:00"),
        ),
        (
            "shift_jis.xml#https://shift_jis.example.com/1",
            "東京で初雪",
            Some("2024-01-03T00:00:00+00:00"),
        ),
        (
            "big5.xml#https://big5.example.com/1",
            "臺北捷運延長營運",
            Some("2024-01-03T00:00:00+00:00"),
        ),
        (
            "gb2312.xml#https://gb2312.example.com/1",
            "北京新闻",
            Some("2024-01-03T00:00:00+00:00"),
        ),
        (
            "koi8_r.xml#https://koi8-r.example.com/1",
            "Новости Москвы",
            Some("2024-01-03T00:00:00+00:00"),
        ),
        (
            "utf16_no_bom.xml#https://u.example.com/1",
            "Tin tức tiếng Việt",
            Some("2024-01-04T03:00:00+00:00"),
        ),
        (
            "video_channel.atom#yt:video:abc123",
            "How to fold dumplings",
            Some("2024-01-05T12:00:00+00:00"),
        ),
        (
            "podcast.xml#garden-12",
            "Episode 12: Tomatoes",
            Some("2024-01-05T06:00:00+00:00"),
        ),
        (
            "atom03.xml#tag:blog.example.com,2005:1",
            "First post",
            Some("2005-03-01T08:30:00+00:00"),
        ),
    ];
    for (id, title, date) in expect {
        let r = row(&rows, id);
        assert_eq!((r.1.as_str(), r.2.as_deref()), (title, date), "{id}");
    }
    assert_eq!(rows.len(), expect.len(), "{rows:#?}");
}

#[test]
fn check_passes_on_readable_feeds_and_notes_their_encodings() {
    let data = data_with(&READABLE);
    let o = run(data.path(), &["check"]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}");
    for note in [
        "encoding: euc_kr.xml: read as EUC-KR (declared in its XML declaration)",
        "encoding: shift_jis.xml: read as Shift_JIS (declared in its XML declaration)",
        "encoding: big5.xml: read as Big5 (declared in its XML declaration)",
        "encoding: gb2312.xml: read as GBK (declared in its XML declaration)",
        "encoding: utf16_no_bom.xml: read as UTF-16LE (declared in its XML declaration)",
    ] {
        assert!(out.contains(note), "{note}:\n{out}");
    }
    // the bad date field is named only where no date was found
    assert!(
        out.contains(
            "item 5 (\"No readable date\") has no date that can be read (pubDate \"false\")"
        ),
        "{out}"
    );
    assert!(!out.contains("soon"), "{out}");
    assert!(out.contains("17 articles, 0 files skipped"), "{out}");
}

#[test]
fn check_says_whether_an_encoding_was_declared_or_guessed() {
    let data = data_with(&["vn_undeclared.rss", "euc_kr.xml"]);
    let o = run(data.path(), &["check"]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains(
            "encoding: vn_undeclared.rss: read as windows-1258 (guessed: not UTF-8, no encoding declared)"
        ),
        "{out}"
    );
    assert!(
        out.contains("encoding: euc_kr.xml: read as EUC-KR (declared in its XML declaration)"),
        "{out}"
    );
    // notes, not warnings
    assert!(
        out.contains("2 articles, 0 files skipped, 0 warnings"),
        "{out}"
    );
    let rows = listed(data.path());
    let r = row(&rows, "vn_undeclared.rss#https://lang.example.vn/le-hoi");
    assert_eq!(
        (r.1.as_str(), r.2.as_deref()),
        (
            "Lễ hội đình làng năm nay",
            Some("2024-01-06T01:00:00+00:00")
        )
    );
}

#[test]
fn a_feed_without_items_is_a_skipped_file() {
    let data = data_with(&["empty_channel.xml", "podcast.xml"]);
    let o = run(data.path(), &["check"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("skipped: empty_channel.xml: feed \"Nothing Here Yet\" has no items"),
        "{out}"
    );
}

#[test]
fn show_reads_media_descriptions_podcast_summaries_and_enclosures() {
    let data = data_with(&["video_channel.atom", "podcast.xml"]);
    let o = run(data.path(), &["show", "video_channel.atom#yt:video:abc123"]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.contains("Three folds for beginners."), "{out}");
    assert!(out.contains("Flour, water and patience."), "{out}");
    // the thumbnail image is no enclosure
    assert!(!out.contains("abc123.jpg"), "{out}");
    let o = run(data.path(), &["show", "podcast.xml#garden-12"]);
    let out = text(&o.stdout);
    assert!(
        out.contains("We plant tomatoes and talk about watering."),
        "{out}"
    );
    assert!(
        out.contains("enclosure: https://cdn.example.com/garden/12.mp3 (audio/mpeg, 12.3 MB)"),
        "{out}"
    );
}

#[test]
fn a_json_array_is_read_as_items_or_skipped_with_the_reason() {
    let data = data_with(&["scraper_dump.json", "numbers.json"]);
    let o = run(data.path(), &["check"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(
            "skipped: numbers.json: a JSON array of 5 values and no objects: not a list of articles"
        ),
        "{out}"
    );
    assert!(out.contains("2 articles, 1 files skipped"), "{out}");
    let rows = listed(data.path());
    let r = row(&rows, "scraper_dump.json#https://tin.example.vn/hoi-an");
    assert_eq!(
        (r.1.as_str(), r.2.as_deref()),
        (
            "Hội An đón khách trở lại",
            Some("2021-11-01T01:00:00+00:00")
        )
    );
    let r = row(&rows, "scraper_dump.json#https://tin.example.vn/vang");
    assert_eq!(
        (r.1.as_str(), r.2.as_deref()),
        ("Giá vàng giảm", Some("2021-11-02T00:00:00+00:00"))
    );
    let o = run(
        data.path(),
        &["show", "scraper_dump.json#https://tin.example.vn/hoi-an"],
    );
    let out = text(&o.stdout);
    assert!(out.contains("Phố cổ mở cửa đón khách."), "{out}");
    assert!(out.contains("Các cửa hàng hoạt động trở lại."), "{out}");
    assert!(!out.contains('['), "{out}");
}

#[test]
fn json_feeds_of_any_version_list_and_an_object_without_items_is_skipped() {
    let data = data_with(&[
        "jsonfeed_1_0.json",
        "jsonfeed_untitled.json",
        "jsonfeed_no_version.json",
        "settings.json",
    ]);
    let o = run(data.path(), &["check"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(
            "skipped: settings.json: not a JSON Feed: a JSON object without an \"items\" list (keys: font_size, theme)"
        ),
        "{out}"
    );
    assert!(
        out.contains("jsonfeed_no_version.json: 1 of 2 items are no JSON object; skipped"),
        "{out}"
    );
    assert!(out.contains("4 articles, 1 files skipped"), "{out}");
    let rows = listed(data.path());
    for (id, title, date) in [
        (
            "jsonfeed_1_0.json#101",
            "Rye is back",
            Some("2023-03-06T00:00:00+00:00"),
        ),
        (
            "jsonfeed_1_0.json#102",
            "Closed for the holiday.",
            Some("2023-03-07T02:00:00+00:00"),
        ),
        (
            "jsonfeed_untitled.json#n1",
            "A note without a feed title",
            Some("2023-03-06T10:53:20+00:00"),
        ),
        (
            "jsonfeed_no_version.json#b1",
            "Water off on Friday",
            Some("2023-03-08T08:30:00"),
        ),
    ] {
        let r = row(&rows, id);
        assert_eq!((r.1.as_str(), r.2.as_deref()), (title, date), "{id}");
    }
    assert_eq!(rows.len(), 4, "{rows:#?}");
    let o = run(data.path(), &["show", "jsonfeed_1_0.json#101"]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.contains("The rye loaf returns on Monday."), "{out}");
    assert!(
        out.contains("enclosure: https://bakery.example.com/rye.mp3"),
        "{out}"
    );
    assert!(!out.contains("<b>"), "{out}");
}

#[test]
fn loose_items_rss_1_1_and_base64_feeds_list_and_show() {
    let data = data_with(&[
        "no_channel.rss",
        "channel_closed_early.xml",
        "rss11.xml",
        "atom03_base64.xml",
        "atom10_base64.atom",
    ]);
    let o = run(data.path(), &["check"]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("7 articles, 0 files skipped"), "{out}");
    let rows = listed(data.path());
    for (id, title, date) in [
        (
            "no_channel.rss#https://loose.example.com/1",
            "Market opens early",
            "2024-01-09T06:00:00+00:00",
        ),
        (
            "no_channel.rss#https://loose.example.com/2",
            "Bridge repainted",
            "2024-01-10T06:00:00+00:00",
        ),
        (
            "channel_closed_early.xml#in-1",
            "Inside the channel",
            "2024-01-11T09:00:00+00:00",
        ),
        (
            "channel_closed_early.xml#out-1",
            "After the channel",
            "2024-01-12T09:00:00+00:00",
        ),
        (
            "rss11.xml#https://eleven.example.org/n/1",
            "First note",
            "2024-01-13T10:00:00+00:00",
        ),
        (
            "atom03_base64.xml#tag:encoded.example.com,2004:1",
            "Tea & biscuits",
            "2004-05-01T08:00:00+00:00",
        ),
        (
            "atom10_base64.atom#urn:octet:1",
            "Encoded body",
            "2024-01-14T07:30:00+00:00",
        ),
    ] {
        let r = row(&rows, id);
        assert_eq!((r.1.as_str(), r.2.as_deref()), (title, Some(date)), "{id}");
    }
    let o = run(
        data.path(),
        &["show", "atom03_base64.xml#tag:encoded.example.com,2004:1"],
    );
    let out = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.contains("Brew for four minutes."), "{out}");
    assert!(!out.contains("PHA+"), "{out}");
}

#[test]
fn a_vietnamese_date_line_in_a_feed_lists_with_its_date() {
    let data = data_with(&["vn_dates.xml"]);
    let rows = listed(data.path());
    for (id, title, date) in [
        ("vn_dates.xml#v1", "Họp tổ dân phố", "2020-12-31T19:20:00"),
        (
            "vn_dates.xml#v2",
            "Lịch cắt điện",
            "2018-02-12T23:42:14+00:00",
        ),
        ("vn_dates.xml#v3", "Sửa đường", "2021-01-02T03:04:05+00:00"),
    ] {
        let r = row(&rows, id);
        assert_eq!((r.1.as_str(), r.2.as_deref()), (title, Some(date)), "{id}");
    }
    let o = run(data.path(), &["check"]);
    let out = text(&o.stdout);
    assert!(
        out.contains("3 articles, 0 files skipped, 0 warnings"),
        "{out}"
    );
}
