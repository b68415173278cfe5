//! [`super::formats::parse_file`] on the fixtures in
//! `tests/fixtures/formats/`, and properties over arbitrary input.

use std::path::Path;

use chrono::{FixedOffset, NaiveDate, NaiveTime};
use proptest::prelude::*;

use super::clean::clean_line;
use super::formats::{
    FileOutcome, Format, ParseOptions, detect, fnv1a, is_blank, is_candidate, item_key, parse_file,
};
use super::page::LineNote;
use crate::article::{Article, Published};
use crate::zone::Zone;

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn vietnam() -> ParseOptions {
    ParseOptions {
        zone: Zone::Fixed(FixedOffset::east_opt(7 * 3600).unwrap()),
    }
}

/// Parse fixture `name` as `data/<name>`, displayed at +07:00.
fn parse(name: &str) -> FileOutcome {
    parse_file(&format!("data/{name}"), &fixture(name), &vietnam())
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn parse_err(name: &str) -> LineNote {
    match parse_file(&format!("data/{name}"), &fixture(name), &vietnam()) {
        Ok(o) => panic!("{name} parsed: {o:?}"),
        Err(e) => e,
    }
}

fn at(y: i32, m: u32, d: u32, hm: Option<(u32, u32)>) -> Option<Published> {
    Some(Published {
        date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
        time: hm.map(|(h, mi)| NaiveTime::from_hms_opt(h, mi, 0).unwrap()),
        instant: None,
    })
}

/// The instant at wall clock `y-m-d h:mi` at +07:00, as seen at +07:00:
/// what a date with a zone gives under [`vietnam`].
fn at7(y: i32, m: u32, d: u32, (h, mi): (u32, u32)) -> Option<Published> {
    let wall = NaiveDate::from_ymd_opt(y, m, d)?.and_hms_opt(h, mi, 0)?;
    Published::at(wall.and_utc().timestamp() - 7 * 3600, vietnam().zone)
}

/// (id, title, date, source) of every article; the date as its wall clock
/// (offsets aside: `time_zone_conversion` and tests/timezones.rs check them).
fn summary(o: &FileOutcome) -> Vec<(String, String, Option<String>, Option<String>)> {
    o.articles
        .iter()
        .map(|p| {
            let a = p;
            (
                a.id.clone(),
                a.title.clone(),
                a.published
                    .map(|d| Published { instant: None, ..d }.iso8601()),
                a.source.clone(),
            )
        })
        .collect()
}

fn row(
    id: &str,
    title: &str,
    date: Option<&str>,
    source: Option<&str>,
) -> (String, String, Option<String>, Option<String>) {
    (
        id.into(),
        title.into(),
        date.map(Into::into),
        source.map(Into::into),
    )
}

fn messages(o: &FileOutcome) -> Vec<String> {
    o.notes
        .iter()
        .map(|n| match n.line {
            Some(l) => format!("{l}: {}", n.message),
            None => n.message.clone(),
        })
        .collect()
}

fn one(o: &FileOutcome) -> &Article {
    assert_eq!(o.articles.len(), 1, "{o:?}");
    &o.articles[0]
}

// ---------------------------------------------------------------------------
// Feeds

#[test]
fn rss2_vietnamese() {
    let o = parse("rss2_vi.xml");
    assert_eq!(o.encoding, None);
    let src = Some("Báo Tuyên Quang & Đời sống");
    assert_eq!(
        summary(&o),
        [
            row(
                "data/rss2_vi.xml#btq-143210",
                "Tổng kết công tác dân vận nhiệm kỳ Đại hội XII của Đảng",
                Some("2020-12-31T19:20:00"),
                src
            ),
            row(
                "data/rss2_vi.xml#https://baotuyenquang.example.vn/kinh-te/chiem-hoa-143211.html",
                "Chiêm Hóa: Ra quân làm đường giao thông nông thôn",
                Some("2021-01-01T06:30:00"),
                src
            ),
            row(
                "data/rss2_vi.xml#h4897b5a9578914c3",
                "AT&T và thị trường viễn thông",
                Some("2020-12-31T20:00:00"),
                src
            ),
            row(
                "data/rss2_vi.xml#btq-short-1",
                "Tin ngắn không có tiêu đề: mưa lớn ở vùng cao.",
                Some("2021-01-01T06:00:00"),
                src
            ),
        ]
    );
    let first = &o.articles[0];
    assert_eq!(
        first.link.as_deref(),
        Some("https://baotuyenquang.example.vn/chinh-tri/tong-ket-143210.html")
    );
    assert_eq!(first.author.as_deref(), Some("Thu Phương"));
    assert_eq!(
        first.paragraphs,
        [
            "Sáng 31/12, Ban Dân vận Tỉnh ủy tổ chức hội nghị tổng kết công tác dân vận.",
            "[image: Quang cảnh hội nghị]",
            "• Na Hang",
            "• Lâm Bình",
            "Xem thêm chuyên mục Dân vận (https://baotuyenquang.example.vn/dan-van).",
        ]
    );
    assert_eq!(
        o.articles[1].paragraphs,
        ["Người dân xã Hòa Phú góp hơn 2.000 ngày công."]
    );
    assert_eq!(o.articles[2].link, None);
    assert_eq!(
        messages(&o),
        ["item 5 has neither a title nor any text; skipped"]
    );
}

#[test]
fn rss1_rdf_english() {
    let o = parse("rss1_en.xml");
    assert_eq!(
        summary(&o),
        [row(
            "data/rss1_en.xml#https://news.example.org/2020/12/comet",
            "Comet seen over Hanoi",
            Some("2021-01-01T06:30:00"),
            Some("Example Science Daily")
        )]
    );
    assert_eq!(o.articles[0].author.as_deref(), Some("Jane Doe"));
    assert_eq!(
        o.articles[0].paragraphs,
        ["Amateur astronomers photographed the comet on New Year's Eve."]
    );
    assert!(o.notes.is_empty(), "{:?}", o.notes);
}

#[test]
fn atom_english() {
    let o = parse("atom_en.atom");
    let src = Some("The Example Times");
    assert_eq!(
        summary(&o),
        [
            row(
                "data/atom_en.atom#tag:times.example.com,2021:markets-1",
                "Markets open the year higher",
                Some("2021-01-02T08:15:00"),
                src
            ),
            row(
                "data/atom_en.atom#tag:times.example.com,2021:weather-7",
                "Weather: a cold week ahead",
                Some("2021-01-02T00:05:00"),
                src
            ),
        ]
    );
    let (a, b) = (&o.articles[0], &o.articles[1]);
    assert_eq!(
        a.link.as_deref(),
        Some("https://times.example.com/markets/1")
    );
    assert_eq!(a.author.as_deref(), Some("John Smith"));
    assert_eq!(
        a.paragraphs,
        [
            "Stocks rose in early trading.",
            "1. Tech led",
            "2. Banks followed",
            // its rel="enclosure" link, numbered with the others
            "enclosure: https://times.example.com/markets/1.mp3"
        ]
    );
    // No author of its own: the feed's.
    assert_eq!(b.author.as_deref(), Some("Newsroom"));
    assert_eq!(b.link, None);
    assert_eq!(b.paragraphs, ["Temperatures will drop below zero."]);
}

#[test]
fn json_feed_vietnamese() {
    let o = parse("jsonfeed_vi.json");
    let src = Some("Tin nhanh Lâm Bình");
    assert_eq!(
        summary(&o),
        [
            row(
                "data/jsonfeed_vi.json#lb-2021-001",
                "Lễ hội Lồng Tông năm 2021",
                Some("2021-01-15T08:00:00"),
                src
            ),
            row(
                "data/jsonfeed_vi.json#lb-2021-002",
                "Đường lên Pác Hóp đã thông xe.",
                Some("2021-01-16T08:00:00"),
                src
            ),
        ]
    );
    assert_eq!(o.articles[0].author.as_deref(), Some("Hoàng Anh"));
    assert_eq!(
        o.articles[0].link.as_deref(),
        Some("https://lambinh.example.vn/tin/1")
    );
    assert_eq!(
        o.articles[0].paragraphs,
        [
            "Lễ hội diễn ra tại xã Thượng Lâm.",
            "Có nhiều trò chơi dân gian."
        ]
    );
    assert_eq!(
        o.articles[1].paragraphs,
        ["Đường lên Pác Hóp đã thông xe.", "Người dân rất phấn khởi."]
    );
}

#[test]
fn rss091_undated_item_is_kept_with_a_warning() {
    let o = parse("old.rss");
    assert_eq!(
        summary(&o),
        [row(
            "data/old.rss#https://old.example.net/still-here",
            "Still here",
            None,
            Some("Old School News")
        )]
    );
    assert_eq!(
        messages(&o),
        ["item 1 (\"Still here\") has no date; listed as undated"]
    );
}

#[test]
fn empty_feed_is_skipped_and_says_so() {
    let e = parse_err("empty_feed.xml");
    assert_eq!(
        e.message,
        "feed \"Nothing Yet\" has no items: nothing to list (an empty or placeholder feed?)"
    );
}

#[test]
fn malformed_feeds_are_skipped_with_their_line() {
    let e = parse_err("malformed.xml");
    assert_eq!(e.line, Some(7), "{e:?}");
    assert!(e.message.starts_with("malformed feed: "), "{e:?}");
    assert!(e.message.contains("`</itm>`"), "{e:?}");

    let e = parse_err("broken.json");
    assert_eq!(e.line, Some(5), "{e:?}");
    assert!(e.message.starts_with("not valid JSON: "), "{e:?}");

    let opts = vietnam();
    let e = parse_file("x.xml", b"<html><body>hi</body></html>", &opts).unwrap_err();
    assert!(e.message.starts_with("not a feed"), "{e:?}");
    let e = parse_file("x.json", b"{\"a\": 1}", &opts).unwrap_err();
    assert!(e.message.starts_with("not a JSON Feed: "), "{e:?}");
    let e = parse_file(
        "x.xml",
        b"<rss version=\"2.0\"><channel><item><title>a",
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.line, Some(1), "{e:?}");
}

#[test]
fn feed_in_windows_1258_declared_in_its_prolog() {
    let o = parse("vi_1258_feed.xml");
    assert_eq!(o.encoding.map(|e| e.name), Some("windows-1258"));
    let p = one(&o);
    assert_eq!(p.title, "Người dân Lâm Bình đón Tết");
    assert_eq!(p.source.as_deref(), Some("Tin vùng cao"));
    assert_eq!(p.paragraphs, ["Không khí rộn ràng ở các bản."]);
    assert_eq!(p.published, at7(2021, 1, 2, (9, 0)));
}

#[test]
fn time_zone_conversion() {
    let rss = "<rss version=\"2.0\"><channel><title>T</title><item><title>x</title><guid>g</guid>\
        <pubDate>2020-12-31T23:30:00Z</pubDate></item></channel></rss>";
    let o = parse_file("t.xml", rss.as_bytes(), &vietnam()).unwrap();
    assert_eq!(o.articles[0].published, at7(2021, 1, 1, (6, 30)));
    let instant = o.articles[0].published.and_then(|p| p.instant);
    let utc = parse_file("t.xml", rss.as_bytes(), &ParseOptions::default()).unwrap();
    let shown = |p: Option<Published>| p.map(|p| (p.date, p.time, p.instant));
    let wall =
        |y, m, d, h, mi| NaiveDate::from_ymd_opt(y, m, d).zip(NaiveTime::from_hms_opt(h, mi, 0));
    let (day, time) = wall(2020, 12, 31, 23, 30).unwrap();
    assert_eq!(
        shown(utc.articles[0].published),
        Some((day, Some(time), instant))
    );
    let west = ParseOptions {
        zone: Zone::Fixed(FixedOffset::west_opt(5 * 3600).unwrap()),
    };
    let o = parse_file("t.xml", rss.as_bytes(), &west).unwrap();
    let (day, time) = wall(2020, 12, 31, 18, 30).unwrap();
    assert_eq!(
        shown(o.articles[0].published),
        Some((day, Some(time), instant))
    );
}

#[test]
fn id_rules() {
    assert_eq!(item_key("guid-1", Some("https://l"), "t"), "guid-1");
    assert_eq!(
        item_key("  ", Some("https://l/a#frag"), "t"),
        "https://l/a#frag"
    );
    assert_eq!(item_key("", None, "a"), "haf63dc4c8601ec8c");
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    // Control characters never reach a key.
    assert_eq!(item_key("a\u{1b}[31mb\u{7}\n c", None, ""), "ab c");
    let long = "x".repeat(500);
    let k = item_key(&long, None, "");
    assert_eq!(k, format!("h{:016x}", fnv1a(long.as_bytes())));
    // Duplicated guids get a suffix and a warning.
    let rss = "<rss version=\"2.0\"><channel><title>T</title>\
        <item><title>a</title><guid>same</guid><pubDate>Thu, 31 Dec 2020 10:00:00 GMT</pubDate></item>\
        <item><title>b</title><guid>same</guid><pubDate>Thu, 31 Dec 2020 10:00:00 GMT</pubDate></item>\
        </channel></rss>";
    let o = parse_file("d/f.rss", rss.as_bytes(), &vietnam()).unwrap();
    let ids: Vec<&str> = o.articles.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["d/f.rss#same", "d/f.rss#same~2"]);
    assert_eq!(
        messages(&o),
        ["item 2 (\"b\") has the same id as an earlier item; its key is \"same~2\""]
    );
    // The same file parsed twice gives the same ids (the hash is stable).
    let again = parse("rss2_vi.xml");
    assert_eq!(summary(&again), summary(&parse("rss2_vi.xml")));
}

// ---------------------------------------------------------------------------
// Detection

#[test]
fn detection_by_content_then_extension() {
    let rss = String::from_utf8(fixture("rss2_vi.xml")).unwrap();
    let page = String::from_utf8(fixture("page_named.xml")).unwrap();
    for (path, text, want) in [
        ("a.txt", rss.as_str(), Format::Feed),
        ("a.md", rss.as_str(), Format::Feed),
        ("a.xml", page.as_str(), Format::Page),
        ("a.txt", page.as_str(), Format::Page),
        ("a.md", page.as_str(), Format::Markdown),
        ("a.txt", "# date = 20201001\nT\n", Format::HeaderText),
        ("a.TXT", "+++\ntitle = \"x\"\n+++\nB\n", Format::HeaderText),
        ("a.txt", "Title: x\n\nB\n", Format::HeaderText),
        (
            "a.txt",
            "{\"version\": \"https://jsonfeed.org/version/1\"}",
            Format::Feed,
        ),
        ("a.txt", "{not json}", Format::Page),
        ("a.json", "{\"a\": 1}", Format::Feed),
        ("a.xml", "<html/>", Format::Feed),
        ("a.txt", "<p>html in a text file</p>", Format::Page),
        (
            "a.txt",
            "\u{feff}  <!-- c --><feed xmlns=\"x\"/>",
            Format::Feed,
        ),
        ("a.txt", "<rdf:RDF></rdf:RDF>", Format::Feed),
    ] {
        assert_eq!(detect(Path::new(path), text), want, "{path}: {text:.40}");
    }
    // Through parse_file: an RSS file named .txt is a feed, a page named .xml
    // is a page.
    assert_eq!(parse("feed_named.txt").articles.len(), 4);
    let p = parse("page_named.xml");
    let a = one(&p);
    assert_eq!(a.id, "data/page_named.xml");
    assert_eq!(a.title, "Hội nghị tổng kết năm 2020");
    assert_eq!(a.source.as_deref(), Some("Báo Tuyên Quang"));
    assert_eq!(a.views, Some(38));
}

#[test]
fn candidates() {
    for p in [
        "a.txt",
        "a.TXT",
        "a.md",
        "b/a.Markdown",
        "a.xml",
        "a.rss",
        "a.atom",
        "a.JSON",
        "a.html",
        "a.HTM",
    ] {
        assert!(is_candidate(Path::new(p)), "{p}");
    }
    for p in ["a.jpg", "a", "a.txt.bak", ".txt", "a.html.orig"] {
        assert!(!is_candidate(Path::new(p)), "{p}");
    }
}

// ---------------------------------------------------------------------------
// Header-style text and Markdown

#[test]
fn header_hash_style() {
    let o = parse("header_hash.txt");
    let p = one(&o);
    assert_eq!(
        summary(&o),
        [row(
            "data/header_hash.txt",
            "Mưa lũ gây thiệt hại tại Na Hang",
            Some("2020-10-01"),
            Some("Báo Tuyên Quang")
        )]
    );
    assert_eq!(
        p.link.as_deref(),
        Some("https://baotuyenquang.example.vn/xa-hoi/mua-lu-140001.html")
    );
    assert_eq!(
        p.paragraphs,
        [
            "Đêm 30/9, mưa lớn kéo dài gây sạt lở nhiều tuyến đường.",
            "Lực lượng chức năng đã có mặt kịp thời."
        ]
    );
    assert!(o.notes.is_empty(), "{:?}", o.notes);
}

#[test]
fn header_colon_style_with_crlf_and_blocks() {
    let o = parse("header_colon.txt");
    let p = one(&o);
    assert_eq!(
        summary(&o),
        [row(
            "data/header_colon.txt",
            "Chợ phiên vùng cao",
            Some("2020-10-01T08:30:00"),
            Some("Báo Dân tộc")
        )]
    );
    assert_eq!(
        p.link.as_deref(),
        Some("https://dantoc.example.vn/cho-phien")
    );
    assert_eq!(p.author.as_deref(), Some("Minh Đức"));
    assert_eq!(
        p.paragraphs,
        [
            "Chợ phiên họp vào sáng chủ nhật hằng tuần, thu hút đông đảo bà con.",
            "Note: phiên chợ cuối năm đông nhất."
        ]
    );
}

#[test]
fn header_toml_front_matter() {
    let o = parse("header_toml.txt");
    let p = one(&o);
    assert_eq!(
        summary(&o),
        [row(
            "data/header_toml.txt",
            "Khánh thành cầu \"Bình Ca\" mới",
            Some("2021-01-01T06:30:00"),
            Some("Báo Nhân Dân")
        )]
    );
    assert_eq!(
        p.link.as_deref(),
        Some("https://nhandan.example.vn/cau-binh-ca")
    );
    assert_eq!(p.author.as_deref(), Some("Lan Anh, Quốc Huy"));
    assert_eq!(p.paragraphs.len(), 2);
}

#[test]
fn header_bad_date_is_a_warning_with_its_line() {
    let o = parse("header_baddate.txt");
    assert_eq!(one(&o).published, None);
    assert_eq!(o.notes.len(), 1);
    assert_eq!(o.notes[0].line, Some(2));
    assert!(
        o.notes[0]
            .message
            .starts_with("date \"hôm qua\" not understood")
    );
}

#[test]
fn bad_toml_front_matter_is_a_warning() {
    let text = "+++\ntitle = \"x\"\ndate = = 1\n+++\nTiêu đề\nThân bài.\n";
    let o = parse_file("b.txt", text.as_bytes(), &vietnam()).unwrap();
    let a = one(&o);
    assert_eq!((a.title.as_str(), a.paragraphs.len()), ("Tiêu đề", 1));
    assert_eq!(o.notes[0].line, Some(3));
    assert!(
        o.notes[0]
            .message
            .starts_with("front matter is not valid TOML")
    );
}

#[test]
fn markdown_with_toml_front_matter() {
    let o = parse("article_toml.md");
    let p = one(&o);
    assert_eq!(
        summary(&o),
        [row(
            "data/article_toml.md",
            "Hướng dẫn đọc tin",
            Some("2021-02-03T07:45:00"),
            Some("Sổ tay")
        )]
    );
    assert_eq!(
        p.link.as_deref(),
        Some("https://sotay.example.vn/huong-dan")
    );
    assert_eq!(
        p.paragraphs,
        [
            "Mở đầu",
            "Đây là bài viết dùng Markdown, có liên kết (https://sotay.example.vn/) và mã.",
            "• Mục một",
            "• Mục hai tiếp theo",
            "[image: Ảnh minh họa]",
            "cargo run -- --data ~/tin\n",
        ]
    );
    assert!(o.notes.is_empty(), "{:?}", o.notes);
}

#[test]
fn markdown_with_yaml_front_matter() {
    let o = parse("article_yaml.md");
    let p = one(&o);
    assert_eq!(
        summary(&o),
        [row(
            "data/article_yaml.md",
            "Weekly notes: Rust & terminals",
            Some("2021-03-04T16:00:00"),
            None
        )]
    );
    assert_eq!(p.author.as_deref(), Some("Sam Lee"));
    assert_eq!(
        p.paragraphs,
        [
            "Some emphasis, some strong text and a snake_case_name.",
            "Links",
            "See https://example.com/notes."
        ]
    );
}

#[test]
fn markdown_without_front_matter_takes_its_heading() {
    let o = parse("article_plain.md");
    let a = one(&o);
    assert_eq!(a.title, "Ghi chép không có front matter");
    assert_eq!(a.paragraphs, ["Chỉ có nội dung."]);
    assert_eq!(messages(&o), ["no date given; listed as undated"]);
}

// ---------------------------------------------------------------------------
// Encodings

#[test]
fn windows_1258_page() {
    let o = parse("vi_1258.txt");
    assert_eq!(o.encoding.map(|e| e.name), Some("windows-1258"));
    let a = one(&o);
    assert_eq!(
        a.title,
        "Tổng kết công tác dân vận nhiệm kỳ Đại hội XII của Đảng"
    );
    assert!(unicode_normalization::is_nfc(&a.title));
    assert_eq!(a.published, at(2020, 12, 31, Some((19, 20))));
    assert_eq!(a.views, Some(38));
    assert_eq!(a.source.as_deref(), Some("Báo Tuyên Quang"));
    assert_eq!(
        a.paragraphs,
        [
            "Sáng 31/12, Ban Dân vận Tỉnh ủy tổ chức hội nghị tổng kết công tác dân vận.",
            "Đồng chí Phó Bí thư Thường trực Tỉnh ủy dự và chỉ đạo hội nghị."
        ]
    );
}

#[test]
fn windows_1252_header_text() {
    let o = parse("fr_1252.txt");
    assert_eq!(o.encoding.map(|e| e.name), Some("windows-1252"));
    let a = one(&o);
    assert_eq!(a.title, "Un café à Hanoï");
    assert_eq!(a.source.as_deref(), Some("Le Courrier"));
    assert_eq!(
        a.paragraphs,
        ["Le café vietnamien est très apprécié. Ça coûte 25 000 dongs."]
    );
}

#[test]
fn utf16_both_byte_orders() {
    for (name, enc) in [("utf16le.txt", "UTF-16LE"), ("utf16be.txt", "UTF-16BE")] {
        let o = parse(name);
        assert_eq!(o.encoding.map(|e| e.name), Some(enc));
        let a = one(&o);
        assert_eq!(a.title, "Chợ đêm Tuyên Quang", "{name}");
        assert_eq!(a.published, at(2020, 12, 31, Some((19, 20))), "{name}");
        assert_eq!(a.paragraphs, ["Chợ đêm mở cửa từ 18 giờ."], "{name}");
    }
}

#[test]
fn empty_and_binary_files_are_skipped() {
    let opts = vietnam();
    for bytes in [&b""[..], b"  \r\n\t", b"\xEF\xBB\xBF\n", b"\xFF\xFE"] {
        let e = parse_file("e.xml", bytes, &opts).unwrap_err();
        assert!(e.message.starts_with("empty file"), "{bytes:?}: {e:?}");
    }
    let e = parse_file("b.txt", b"Title\n\x00\x01\x02", &opts).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.starts_with("binary file"));
}

// ---------------------------------------------------------------------------
// Properties: no panic, nothing unsafe to print

fn bad_char(c: char) -> bool {
    c.is_control() || ('\u{80}'..='\u{9f}').contains(&c)
}

fn check_str(s: &str) -> Result<(), TestCaseError> {
    prop_assert!(!s.chars().any(bad_char), "control character in {:?}", s);
    Ok(())
}

fn check_outcome(r: &Result<FileOutcome, LineNote>) -> Result<(), TestCaseError> {
    match r {
        Ok(o) => {
            for p in &o.articles {
                let a = p;
                check_str(&a.id)?;
                check_str(&a.title)?;
                prop_assert!(!a.title.is_empty());
                for para in &a.paragraphs {
                    // a preformatted paragraph's lines end with `\n`
                    for line in para.lines() {
                        check_str(line)?;
                    }
                    prop_assert!(!para.is_empty());
                }
                for s in [&a.source, &p.link, &p.author].into_iter().flatten() {
                    check_str(s)?;
                }
            }
            for n in &o.notes {
                check_str(&n.message)?;
            }
        }
        Err(n) => check_str(&n.message)?,
    }
    Ok(())
}

/// Nasty text for inside a feed: escape sequences raw, as XML character
/// references, as HTML entities inside CDATA, C1 controls, entities.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\u{1b}[31m".to_string()),
        Just("\u{1b}]52;c;ZXZpbA==\u{7}".to_string()),
        Just("\u{9b}2J".to_string()),
        Just("&#27;[2J".to_string()),
        Just("&#x1b;]0;t&#7;".to_string()),
        Just("&#x9b;31m".to_string()),
        Just("&#155;".to_string()),
        Just("&#x85;".to_string()),
        Just("&amp;#27;".to_string()),
        Just("<![CDATA[<p>\u{1b}[1mx&#27;[0m</p>]]>".to_string()),
        Just("&lt;b&gt;".to_string()),
        Just("\u{202e}".to_string()),
        Just("Tổng kết".to_string()),
        "[a-zA-Z0-9 .:/#-]{0,8}",
    ]
}

fn nasty_text() -> impl Strategy<Value = String> {
    prop::collection::vec(nasty(), 0..6).prop_map(|v| v.concat())
}

fn json_escape(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

proptest! {
    #[test]
    fn parse_file_never_panics_on_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        ext in prop::sample::select(vec!["txt", "md", "xml", "json", "rss"]),
    ) {
        check_outcome(&parse_file(&format!("p.{ext}"), &bytes, &vietnam()))?;
    }

    #[test]
    fn parse_file_never_panics_on_texty_input(
        pieces in prop::collection::vec(prop_oneof![
            Just("\n".to_string()), Just("\r\n".to_string()), Just("+++".to_string()),
            Just("---".to_string()), Just("# date = ".to_string()), Just("Title: ".to_string()),
            Just("Date: ".to_string()), Just("title = \"".to_string()), Just("<rss version=\"2.0\">".to_string()),
            Just("<item><title>".to_string()), Just("</item>".to_string()), Just("<feed>".to_string()),
            Just("{\"version\":\"https://jsonfeed.org/version/1\",".to_string()), Just("```".to_string()),
            Just("[a](".to_string()), Just("**".to_string()), Just("- ".to_string()),
            Just("2020-12-31T23:30:00Z".to_string()), Just("31/02/2021".to_string()),
            nasty(),
        ], 0..30),
        ext in prop::sample::select(vec!["txt", "md", "xml"]),
    ) {
        let text = pieces.concat();
        check_outcome(&parse_file(&format!("p.{ext}"), text.as_bytes(), &vietnam()))?;
    }

    #[test]
    fn rss_with_escapes_comes_out_clean(
        title in nasty_text(), body in nasty_text(), guid in nasty_text(),
        link in nasty_text(), author in nasty_text(), feed_title in nasty_text(),
    ) {
        let rss = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>{feed_title}</title>\
             <item><title>{title}</title><link>{link}</link><guid>{guid}</guid><dc:creator>{author}</dc:creator>\
             <description>{body}</description></item></channel></rss>"
        );
        check_outcome(&parse_file("f.xml", rss.as_bytes(), &vietnam()))?;
    }

    #[test]
    fn atom_with_escapes_comes_out_clean(title in nasty_text(), body in nasty_text(), id in nasty_text()) {
        let atom = format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">{title}</title>\
             <entry><id>{id}</id><title type=\"html\">{title}</title><content type=\"html\">{body}</content>\
             <author><name>{title}</name></author></entry></feed>"
        );
        check_outcome(&parse_file("f.atom", atom.as_bytes(), &vietnam()))?;
    }

    #[test]
    fn json_feed_with_escapes_comes_out_clean(title in nasty_text(), body in nasty_text(), id in nasty_text()) {
        let json = format!(
            "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":{t},\"items\":[\
             {{\"id\":{i},\"title\":{t},\"content_html\":{b},\"url\":{i}}},\
             {{\"id\":\"2\",\"content_text\":{b}}}]}}",
            t = json_escape(&title), b = json_escape(&body), i = json_escape(&id)
        );
        check_outcome(&parse_file("f.json", json.as_bytes(), &vietnam()))?;
    }
}

#[test]
fn escapes_in_cdata_and_entities_are_removed() {
    let rss = "<rss version=\"2.0\"><channel><title>A&#27;[31mB</title>\
        <item><title><![CDATA[T\u{1b}]0;evil\u{7}itle]]></title><guid>g&#x9b;1</guid>\
        <description><![CDATA[<p>x\u{1b}[2Jy &#27;[0m z</p>]]></description></item></channel></rss>";
    let o = parse_file("e.xml", rss.as_bytes(), &vietnam()).unwrap();
    let p = one(&o);
    assert_eq!(p.source.as_deref(), Some("AB"));
    assert_eq!(p.title, "Title");
    assert_eq!(p.id, "e.xml#g");
    assert_eq!(p.paragraphs, ["xy [0m z"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// The blank check looks at growing prefixes; it must say what cleaning
    /// the whole text says, wherever the first kept character is (text
    /// made mostly of what cleaning drops, with a few letters anywhere).
    #[test]
    fn the_blank_check_agrees_with_cleaning_the_whole_text(
        parts in proptest::collection::vec(
            prop_oneof![
                8 => Just(" ".to_string()),
                8 => Just("\u{1b}[31m".to_string()),
                4 => Just("\t\u{7}\r\n".to_string()),
                4 => Just("\u{200b}\u{feff}".to_string()),
                1 => "[a-zđê]{1,3}",
                1 => Just("\u{1b}]0;x\u{7}".to_string()),
            ],
            0..1500,
        )
    ) {
        let text = parts.concat();
        prop_assert_eq!(is_blank(&text), clean_line(&text).is_empty());
    }
}
