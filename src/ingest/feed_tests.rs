//! Feeds as real sites write them (issue #12): the fixtures in
//! tests/fixtures/realworld/feeds/ through [`parse_file`], one test per
//! defect class.

use chrono::FixedOffset;

use super::encoding::Basis;
use super::formats::{FileOutcome, ParseOptions, parse_file};
use super::page::LineNote;
use crate::zone::Zone;

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/realworld/feeds")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn utc() -> ParseOptions {
    ParseOptions { zone: Zone::utc() }
}

fn parse(name: &str) -> Result<FileOutcome, LineNote> {
    parse_file(name, &fixture(name), &utc())
}

/// (title, ISO date) of each article.
fn rows(o: &FileOutcome) -> Vec<(String, Option<String>)> {
    o.articles
        .iter()
        .map(|a| (a.title.clone(), a.published.map(|p| p.iso8601())))
        .collect()
}

fn r(title: &str, date: Option<&str>) -> (String, Option<String>) {
    (title.to_string(), date.map(str::to_string))
}

#[test]
fn class_2_the_first_readable_date_field_wins() {
    let o = parse("dates.xml").unwrap();
    assert_eq!(
        rows(&o),
        [
            r(
                "Good pubDate, Unix dc:date",
                Some("2017-10-16T15:10:00+00:00")
            ),
            r(
                "Bad pubDate, Unix dc:date",
                Some("2018-02-12T23:42:14+00:00")
            ),
            r("Loose RFC 2822", Some("2017-10-05T07:05:00+00:00")),
            r(
                "Updated before published",
                Some("2018-06-30T10:00:00+00:00")
            ),
            r("No readable date", None),
        ]
    );
    let messages: Vec<&str> = o.notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "item 5 (\"No readable date\") has no date that can be read (pubDate \"false\"); listed as undated"
        ]
    );
    // dates are shown at the display offset
    let plus7 = ParseOptions {
        zone: Zone::Fixed(FixedOffset::east_opt(7 * 3600).unwrap()),
    };
    let o = parse_file("dates.xml", &fixture("dates.xml"), &plus7).unwrap();
    assert_eq!(
        o.articles[0].published.map(|p| p.iso8601()).as_deref(),
        Some("2017-10-16T22:10:00+07:00")
    );
}

#[test]
fn class_5_rss_0_90_is_read_and_an_empty_feed_is_skipped() {
    let o = parse("rss090.rdf").unwrap();
    assert_eq!(
        rows(&o),
        [
            r("Harbour bridge reopens", None),
            r("Library extends its hours", None)
        ]
    );
    assert_eq!(o.articles[0].source.as_deref(), Some("Old Portal News"));
    assert_eq!(
        o.articles[1].link.as_deref(),
        Some("http://portal.example.com/news/2")
    );
    let e = parse("empty_channel.xml").unwrap_err();
    assert!(e.message.contains("has no items"), "{e:?}");
    let e = parse_file(
        "x.xml",
        b"<rss version=\"2.0\"><title>t</title></rss>",
        &utc(),
    )
    .unwrap_err();
    assert!(e.message.contains("holds no <channel>"), "{e:?}");
    let e = parse_file("x.xml", b"<html><p>hi</p></html>", &utc()).unwrap_err();
    assert!(e.message.contains("root element is <html>"), "{e:?}");
}

#[test]
fn class_6_declared_encodings_and_utf16_without_bom() {
    for (name, enc, title, body) in [
        (
            "euc_kr.xml",
            "EUC-KR",
            "서울 날씨 맑음",
            "오늘 서울은 맑겠습니다.",
        ),
        (
            "shift_jis.xml",
            "Shift_JIS",
            "東京で初雪",
            "東京で今年初めての雪が降りました。",
        ),
        (
            "big5.xml",
            "Big5",
            "臺北捷運延長營運",
            "捷運將延長營運時間。",
        ),
        ("gb2312.xml", "GBK", "北京新闻", "今天北京天气晴朗。"),
        (
            "koi8_r.xml",
            "KOI8-R",
            "Новости Москвы",
            "Сегодня в Москве солнечно.",
        ),
        (
            "utf16_no_bom.xml",
            "UTF-16LE",
            "Tin tức tiếng Việt",
            "Nội dung bài viết.",
        ),
    ] {
        let o = parse(name).unwrap();
        assert_eq!(o.encoding.map(|e| e.name), Some(enc), "{name}");
        assert_eq!(
            o.encoding.map(|e| e.basis),
            Some(Basis::XmlDeclaration),
            "{name}"
        );
        assert_eq!(o.articles[0].title, title, "{name}");
        assert_eq!(o.articles[0].paragraphs, [body], "{name}");
    }
}

#[test]
fn class_8_alternative_bodies_and_enclosures() {
    let o = parse("video_channel.atom").unwrap();
    let a = &o.articles[0];
    assert_eq!(
        a.paragraphs,
        [
            "Three folds for beginners.",
            "Flour, water and patience.",
            "enclosure: https://video.example.com/v/abc123 (application/x-shockwave-flash)"
        ]
    );
    // the entry's own date, not the update
    assert_eq!(
        a.published.map(|p| p.iso8601()).as_deref(),
        Some("2024-01-05T12:00:00+00:00")
    );
    let o = parse("podcast.xml").unwrap();
    assert_eq!(
        o.articles[0].paragraphs,
        [
            "We plant tomatoes and talk about watering.",
            "enclosure: https://cdn.example.com/garden/12.mp3 (audio/mpeg, 12.3 MB)"
        ]
    );
}

#[test]
fn class_10_rss_without_version_and_atom_0_3() {
    let o = parse("no_version.rss").unwrap();
    assert_eq!(
        rows(&o),
        [r("Read as RSS 2.0", Some("2024-01-02T08:00:00+00:00"))]
    );
    let o = parse("atom03.xml").unwrap();
    assert_eq!(
        rows(&o),
        [r("First post", Some("2005-03-01T08:30:00+00:00"))]
    );
    assert_eq!(o.articles[0].source.as_deref(), Some("Old Atom Blog"));
    assert_eq!(o.articles[0].paragraphs, ["Hello from 2005."]);
}

#[test]
fn json_feed_in_any_version_without_a_title_and_with_loose_fields() {
    let o = parse("jsonfeed_1_0.json").unwrap();
    assert_eq!(
        rows(&o),
        [
            r("Rye is back", Some("2023-03-06T00:00:00+00:00")),
            r("Closed for the holiday.", Some("2023-03-07T02:00:00+00:00")),
        ]
    );
    let a = &o.articles[0];
    assert_eq!(a.id, "jsonfeed_1_0.json#101");
    assert_eq!(a.source.as_deref(), Some("Corner Bakery"));
    assert_eq!(a.author.as_deref(), Some("Mai"));
    assert_eq!(a.link.as_deref(), Some("https://bakery.example.com/p/101"));
    assert_eq!(
        a.paragraphs,
        [
            "The rye loaf returns on Monday.",
            "enclosure: https://bakery.example.com/rye.mp3 (application/octet-stream, 2.0 kB)"
        ]
    );
    assert_eq!(
        o.articles[1].paragraphs,
        ["Closed for the holiday.", "Back on Thursday."]
    );
    assert!(o.notes.is_empty(), "{:?}", o.notes);

    let o = parse("jsonfeed_untitled.json").unwrap();
    assert_eq!(
        rows(&o),
        [r(
            "A note without a feed title",
            Some("2023-03-06T10:53:20+00:00")
        )]
    );
    assert_eq!(o.articles[0].source, None);
    assert_eq!(o.articles[0].paragraphs, ["Short."]);

    let o = parse("jsonfeed_no_version.json").unwrap();
    assert_eq!(
        rows(&o),
        [r("Water off on Friday", Some("2023-03-08T08:30:00"))]
    );
    assert_eq!(o.articles[0].id, "jsonfeed_no_version.json#b1");
    assert_eq!(
        o.articles[0].link.as_deref(),
        Some("https://ward.example.vn/b1")
    );
    assert_eq!(o.articles[0].paragraphs, ["Ngắt nước từ 8 giờ."]);
    let messages: Vec<&str> = o.notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(messages, ["1 of 2 items are no JSON object; skipped"]);

    let e = parse("settings.json").unwrap_err();
    assert!(
        e.message.starts_with(
            "not a JSON Feed: a JSON object without an \"items\" list (keys: font_size, theme)"
        ),
        "{e:?}"
    );
}

#[test]
fn an_undeclared_legacy_encoding_is_guessed_and_says_so() {
    let o = parse("vn_undeclared.rss").unwrap();
    let e = o.encoding.unwrap();
    assert_eq!((e.name, e.basis), ("windows-1258", Basis::Fallback));
    assert_eq!(o.articles[0].title, "Lễ hội đình làng năm nay");
    assert_eq!(o.articles[0].source.as_deref(), Some("Báo Làng"));
    assert_eq!(o.articles[0].paragraphs, ["Người dân đông vui."]);
}

#[test]
fn items_outside_a_channel_rss_1_1_and_base64_text() {
    let o = parse("no_channel.rss").unwrap();
    assert_eq!(
        rows(&o),
        [
            r("Market opens early", Some("2024-01-09T06:00:00+00:00")),
            r("Bridge repainted", Some("2024-01-10T06:00:00+00:00")),
        ]
    );
    assert_eq!(o.articles[0].source.as_deref(), Some("Loose Items Daily"));
    assert_eq!(
        o.articles[1].link.as_deref(),
        Some("https://loose.example.com/2")
    );

    let o = parse("channel_closed_early.xml").unwrap();
    assert_eq!(
        rows(&o),
        [
            r("Inside the channel", Some("2024-01-11T09:00:00+00:00")),
            r("After the channel", Some("2024-01-12T09:00:00+00:00")),
        ]
    );

    let o = parse("rss11.xml").unwrap();
    assert_eq!(
        rows(&o),
        [r("First note", Some("2024-01-13T10:00:00+00:00"))]
    );
    assert_eq!(o.articles[0].source.as_deref(), Some("Eleven Notes"));
    assert_eq!(
        o.articles[0].link.as_deref(),
        Some("https://eleven.example.org/n/1")
    );
    assert_eq!(o.articles[0].paragraphs, ["Written in the rarest dialect."]);

    let o = parse("atom03_base64.xml").unwrap();
    assert_eq!(
        rows(&o),
        [r("Tea & biscuits", Some("2004-05-01T08:00:00+00:00"))]
    );
    assert_eq!(
        o.articles[0].paragraphs,
        ["Brew for four minutes.", "Then wait."]
    );
    let o = parse("atom10_base64.atom").unwrap();
    assert_eq!(o.articles[0].paragraphs, ["Decoded paragraph."]);
}

#[test]
fn feed_dates_go_through_the_one_date_reader() {
    let o = parse("vn_dates.xml").unwrap();
    assert_eq!(
        rows(&o),
        [
            r("Họp tổ dân phố", Some("2020-12-31T19:20:00")),
            r("Lịch cắt điện", Some("2018-02-12T23:42:14+00:00")),
            r("Sửa đường", Some("2021-01-02T03:04:05+00:00")),
        ]
    );
    assert!(o.notes.is_empty(), "{:?}", o.notes);
}
