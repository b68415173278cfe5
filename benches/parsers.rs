//! How each parser's time grows with its input (issue 7, "no more than
//! linear time"): every target of `tests/fuzz` on inputs of sizes n, 4n and
//! 16n (the `args` 1, 4, 16 multiply a base input). Linear time shows as a
//! time per run that grows 4 and 16 times (the bytes-per-second column
//! stays flat); a super-linear parser shows a falling throughput.
//!
//! Besides ordinary inputs, each target gets the shapes the fuzzing found or
//! that are known to hurt parsers: many errors, deep nesting, long lines,
//! repeated words.
//!
//! `cargo bench --bench parsers`; figures in TESTING.md.

use divan::Bencher;
use divan::counter::BytesCount;
use xemtin::config;
use xemtin::dates::DateFilter;
use xemtin::ingest::encoding::decode;
use xemtin::ingest::formats::{ParseOptions, parse_file};
use xemtin::keymap::{Key, parse_sequence};
use xemtin::search::{highlight, parse};

fn main() {
    divan::main();
}

const SCALE: [usize; 3] = [1, 4, 16];

const DATE: &str = "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20 Đã xem: 38";
const PARA: &str = "Người dân xã Phù Vân làm đường bê tông liên thôn, mùa lúa chín ở Chiêm Hóa.";

/// Run `f` on `input`, counting its bytes.
fn bytes(bencher: Bencher, input: Vec<u8>, f: impl Fn(&[u8])) {
    bencher
        .counter(BytesCount::new(input.len()))
        .bench_local(|| f(divan::black_box(&input)));
}

fn page_of(paragraphs: usize) -> String {
    let mut s = format!("Tiêu đề\n\n{DATE}\n\n");
    for _ in 0..paragraphs {
        s.push_str(PARA);
        s.push_str("\n\n");
    }
    s.push_str("Theo Báo Thử\n\nXem tin theo ngày:   / /\n");
    s
}

fn rss_of(items: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Báo</title>\n",
    );
    for i in 0..items {
        s.push_str(&format!(
            "<item><title>Tin {i}</title><guid>g{i}</guid><pubDate>Thu, 31 Dec 2020 20:00:00 +0700</pubDate><description>&lt;p&gt;{PARA}&lt;/p&gt;</description></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

#[divan::bench_group(sample_count = 20)]
mod page {
    use super::*;

    /// 200 paragraphs (15 kB) times the scale.
    #[divan::bench(args = SCALE)]
    fn paragraphs(bencher: Bencher, k: usize) {
        bytes(bencher, page_of(200 * k).into_bytes(), |b| {
            let _ = parse_file("p.txt", b, &ParseOptions::default());
        });
    }

    /// One line of 64 kB times the scale.
    #[divan::bench(args = SCALE)]
    fn single_line(bencher: Bencher, k: usize) {
        let line = "chữ ".repeat(16 * 1024 * k);
        bytes(
            bencher,
            format!("Tiêu đề\n\n{DATE}\n\n{line}\n").into_bytes(),
            |b| {
                let _ = parse_file("p.txt", b, &ParseOptions::default());
            },
        );
    }

    /// Escape sequences and zero-width characters everywhere.
    #[divan::bench(args = SCALE)]
    fn escape_storm(bencher: Bencher, k: usize) {
        let body = "\u{1b}[31m\u{200b}chữ\u{202e} \u{9b}1m".repeat(2000 * k);
        bytes(
            bencher,
            format!("T\n\n{DATE}\n\n{body}\n").into_bytes(),
            |b| {
                let _ = parse_file("p.txt", b, &ParseOptions::default());
            },
        );
    }
}

#[divan::bench_group(sample_count = 20)]
mod formats {
    use super::*;

    fn parse(name: &'static str) -> impl Fn(&[u8]) {
        move |b| {
            let _ = parse_file(name, b, &ParseOptions::default());
        }
    }

    /// An RSS feed of 50 items (11 kB) times the scale.
    #[divan::bench(args = SCALE)]
    fn rss_items(bencher: Bencher, k: usize) {
        bytes(bencher, rss_of(50 * k).into_bytes(), parse("f.xml"));
    }

    /// The same feed cut short: malformed, so its line is looked for.
    #[divan::bench(args = SCALE)]
    fn rss_malformed(bencher: Bencher, k: usize) {
        let mut s = rss_of(50 * k);
        s.truncate(s.len() - 30);
        s.push_str("</itm>");
        bytes(bencher, s.into_bytes(), parse("f.xml"));
    }

    /// 50 items with the same guid, times the scale (renamed `~2`, `~3`...).
    #[divan::bench(args = SCALE)]
    fn rss_same_guid(bencher: Bencher, k: usize) {
        let s = rss_of(50 * k).replace(|c: char| c.is_ascii_digit(), "0");
        bytes(bencher, s.into_bytes(), parse("f.xml"));
    }

    /// HTML nested 500 levels deep times the scale, in one description.
    #[divan::bench(args = SCALE)]
    fn nested_html(bencher: Bencher, k: usize) {
        let depth = 500 * k;
        let s = format!(
            "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><description><![CDATA[{}y{}]]></description></item></channel></rss>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        bytes(bencher, s.into_bytes(), parse("f.xml"));
    }

    /// A JSON Feed of 50 items times the scale.
    #[divan::bench(args = SCALE)]
    fn json_items(bencher: Bencher, k: usize) {
        let items: Vec<String> = (0..50 * k)
            .map(|i| {
                format!("{{\"id\":\"{i}\",\"title\":\"Tin {i}\",\"content_text\":\"{PARA}\"}}")
            })
            .collect();
        let s = format!(
            "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Báo\",\"items\":[{}]}}",
            items.join(",")
        );
        bytes(bencher, s.into_bytes(), parse("f.json"));
    }

    /// Markdown with front matter: 200 blocks times the scale.
    #[divan::bench(args = SCALE)]
    fn markdown(bencher: Bencher, k: usize) {
        let mut s = String::from("---\ntitle: Tiêu đề\ndate: 2020-12-31\n---\n\n");
        for i in 0..200 * k {
            s.push_str(&format!(
                "## Mục {i}\n\n**{PARA}** [link](https://x/{i})\n\n- một\n- hai\n\n"
            ));
        }
        bytes(bencher, s.into_bytes(), parse("a.md"));
    }

    /// reStructuredText with a docinfo: 200 sections times the scale, each
    /// with inline markup, a link by name, a list and a literal block.
    #[divan::bench(args = SCALE)]
    fn rst(bencher: Bencher, k: usize) {
        let mut s = String::from("Tiêu đề\n#######\n\n:date: 2020-12-31\n:tags: a, b\n\n");
        for i in 0..200 * k {
            s.push_str(&format!(
                "Mục {i}\n======\n\n**{PARA}** `link {i}`_ and ``code``\n\n- một\n- hai\n\nCode::\n\n    x = {i}\n\n.. _link {i}: https://x/{i}\n\n"
            ));
        }
        bytes(bencher, s.into_bytes(), parse("a.rst"));
    }

    /// 2,500 `#` header lines times the scale.
    #[divan::bench(args = SCALE)]
    fn header_lines(bencher: Bencher, k: usize) {
        let s = "# title = x\n".repeat(2500 * k);
        bytes(bencher, s.into_bytes(), parse("h.txt"));
    }
}

#[divan::bench_group(sample_count = 20)]
mod encoding {
    use super::*;

    /// Windows-1258 text (guessed, decoded, NFC) of 16 kB times the scale.
    #[divan::bench(args = SCALE)]
    fn windows_1258(bencher: Bencher, k: usize) {
        let b = b"Ti\xeau \xf0\xec\xea Be\xcc\xde\xf2 ".repeat(1000 * k);
        bytes(bencher, b, |b| {
            let _ = decode(b);
        });
    }

    /// UTF-16 with lone surrogates, 16 kB times the scale.
    #[divan::bench(args = SCALE)]
    fn utf16_surrogates(bencher: Bencher, k: usize) {
        let mut b = vec![0xff, 0xfe];
        b.extend([0x00, 0xd8, 0x41, 0x00, 0x00, 0xdc, 0x0a, 0x00].repeat(2048 * k));
        bytes(bencher, b, |b| {
            let _ = decode(b);
        });
    }
}

#[divan::bench_group(sample_count = 20)]
mod config_file {
    use super::*;

    fn load(b: &[u8]) {
        let text = String::from_utf8_lossy(b);
        let _ = config::load(Some(("c.toml", &text)));
    }

    /// 250 bindings times the scale.
    #[divan::bench(args = SCALE)]
    fn bindings(bencher: Bencher, k: usize) {
        let mut s = String::from("[keys.list]\n");
        for c in ('\u{4e00}'..).take(250 * k) {
            s.push_str(&format!("\"C-{c}\" = \"down\"\n"));
        }
        bytes(bencher, s.into_bytes(), load);
    }

    /// 1,000 lines that are each a syntax error, times the scale (at most
    /// 50 are reported).
    #[divan::bench(args = SCALE)]
    fn syntax_errors(bencher: Bencher, k: usize) {
        bytes(bencher, "}\n".repeat(1000 * k).into_bytes(), load);
    }

    /// 250 feeds times the scale.
    #[divan::bench(args = SCALE)]
    fn feeds(bencher: Bencher, k: usize) {
        let s: String = (0..250 * k)
            .map(|i| format!("[[feeds]]\nurl = \"https://example.com/{i}.xml\"\n"))
            .collect();
        bytes(bencher, s.into_bytes(), load);
    }
}

#[divan::bench_group(sample_count = 20)]
mod keys {
    use super::*;

    /// A key name of 4 kB times the scale (refused, with a suggestion).
    #[divan::bench(args = SCALE)]
    fn long_key(bencher: Bencher, k: usize) {
        bytes(bencher, "C-".repeat(2048 * k).into_bytes(), |b| {
            let _ = String::from_utf8_lossy(b).parse::<Key>();
        });
    }

    /// A sequence of 1,000 keys times the scale (refused: over 16 keys).
    #[divan::bench(args = SCALE)]
    fn long_sequence(bencher: Bencher, k: usize) {
        bytes(bencher, "g ".repeat(1000 * k).into_bytes(), |b| {
            let _ = parse_sequence(&String::from_utf8_lossy(b));
        });
    }
}

#[divan::bench_group(sample_count = 20)]
mod dates {
    use super::*;

    /// A date range whose ends are padded with 1,000 spaces times the scale.
    #[divan::bench(args = SCALE)]
    fn padded_range(bencher: Bencher, k: usize) {
        let pad = " ".repeat(1000 * k);
        let s = format!("{pad}1/12/2020{pad}..{pad}15/12/2020{pad}");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        bytes(bencher, s.into_bytes(), move |b| {
            let _ = DateFilter::parse(&String::from_utf8_lossy(b), today);
        });
    }

    /// 1,000 slashes times the scale (not a date).
    #[divan::bench(args = SCALE)]
    fn slashes(bencher: Bencher, k: usize) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        bytes(bencher, "1/".repeat(1000 * k).into_bytes(), move |b| {
            let _ = DateFilter::parse(&String::from_utf8_lossy(b), today);
        });
    }
}

#[divan::bench_group(sample_count = 20)]
mod search {
    use super::*;

    /// A query of 250 different words times the scale, parsed.
    #[divan::bench(args = SCALE)]
    fn query_words(bencher: Bencher, k: usize) {
        let q: String = (0..250 * k)
            .map(|i| format!("tu{i} -x{i} \"a b{i}\" "))
            .collect();
        bytes(bencher, q.into_bytes(), |b| {
            let _ = parse(&String::from_utf8_lossy(b), true);
        });
    }

    /// One word typed 1,000 times times the scale, highlighted in its own
    /// text (quadratic before duplicates were dropped).
    #[divan::bench(args = SCALE)]
    fn repeated_word(bencher: Bencher, k: usize) {
        let text = "lúa ".repeat(1000 * k);
        bytes(bencher, text.into_bytes(), |b| {
            let t = String::from_utf8_lossy(b);
            let _ = highlight(&t, &parse(&t, true));
        });
    }

    /// A fixed query highlighted in an article of 200 paragraphs times the
    /// scale.
    #[divan::bench(args = SCALE)]
    fn highlight_article(bencher: Bencher, k: usize) {
        let q = parse("chiem hoa \"mua lua\" -x", true);
        bytes(bencher, PARA.repeat(200 * k).into_bytes(), move |b| {
            let _ = highlight(&String::from_utf8_lossy(b), &q);
        });
    }
}

/// An OPML export of `n` feeds in folders of 50, written as exports in the
/// wild are: entities in titles, descriptions, categories.
fn opml_of(n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head><title>Feeds</title></head>\n<body>\n",
    );
    for folder in 0..n.div_ceil(50) {
        s.push_str(&format!("<outline text=\"Mục {folder} &amp; tin\">\n"));
        for i in folder * 50..((folder + 1) * 50).min(n) {
            s.push_str(&format!(
                "  <outline type=\"rss\" text=\"Báo {i} &#273;&#x1EA1;i\" title=\"Báo {i}\" description=\"{PARA}\" \
                 xmlUrl=\"https://bao{i}.example/rss?a=1&amp;b=2\" htmlUrl=\"https://bao{i}.example/\" category=\"/Tin,Báo {i}\"/>\n"
            ));
        }
        s.push_str("</outline>\n");
    }
    s.push_str("</body>\n</opml>\n");
    s
}

#[divan::bench_group(sample_count = 20)]
mod opml {
    use super::*;

    /// 1,000 feeds (300 kB) times the scale.
    #[divan::bench(args = SCALE)]
    fn feeds(bencher: Bencher, k: usize) {
        bytes(bencher, opml_of(1000 * k).into_bytes(), |b| {
            let _ = xemtin::fetch::parse_opml_detailed(std::str::from_utf8(b).unwrap_or_default());
        });
    }
}
