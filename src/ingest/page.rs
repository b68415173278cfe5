//! The newspaper page layout (see DESIGN.md, "The input"):
//!
//! ```text
//! <title>                     first non-empty line
//! <date line>                 Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20 Đã xem: 38
//! <paragraphs>                one per non-empty line
//! Theo <source>               optional attribution, the last content line
//! Xem tin theo ngày:   / /    site chrome: it and everything after it is dropped
//! ```
//!
//! Decisions the layout leaves open, taken here:
//!
//! - Every non-empty line after the date line is its own paragraph; blank
//!   lines only separate.
//! - The date line is looked for among the first [`DATE_SEARCH_LINES`]
//!   non-empty lines after the title and must match as a whole line, so a
//!   paragraph that merely starts with a date is never taken for it. Lines
//!   between the title and a date line found later stay as paragraphs.
//! - A line that has the shape of a date line but an impossible date or time
//!   skips the file: guessing a date would put the article in the wrong place.
//! - A first line that is itself a date line means the title is missing: the
//!   date is used and the title becomes the file name without `.txt`, with a
//!   warning (the body's first line is a sentence, not a headline).
//! - A title over [`MAX_TITLE_CHARS`] characters is most likely a paragraph
//!   that lost its headline: the title is shortened (at a word, with `…`) and
//!   the full line is kept as the first paragraph, with a warning.
//! - A page with no text after the date line is kept, with a warning.

use unicode_segmentation::UnicodeSegmentation;

use super::clean::{clean_line, first_kept};
use super::date_line::{DateLine, parse_date_line};
use super::encoding::mostly_control_bytes;
use super::formats::empty_file;
use crate::article::Article;
use crate::fold::fold;

/// Files larger than this are skipped without being read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Longest title kept as is, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// How many non-empty lines after the title may hold the date line.
pub const DATE_SEARCH_LINES: usize = 3;
/// Longest `Theo <source>` line taken as the attribution, in characters.
const MAX_SOURCE_LINE_CHARS: usize = 80;

/// A warning about a file, or the reason it was skipped. `line` is 1-based,
/// counted in the original file (CRLF, CR and LF each end a line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineNote {
    pub line: Option<usize>,
    pub message: String,
}

impl LineNote {
    pub(super) fn at(line: usize, message: impl Into<String>) -> Self {
        LineNote {
            line: Some(line),
            message: message.into(),
        }
    }
    pub(super) fn file(message: impl Into<String>) -> Self {
        LineNote {
            line: None,
            message: message.into(),
        }
    }
}

/// The message for a file over [`MAX_FILE_BYTES`].
pub fn too_big(len: u64) -> LineNote {
    LineNote::file(format!(
        "file is {:.1} MB, over the {} MB limit for one article; split it or move it out of the data folder",
        len as f64 / (1024.0 * 1024.0),
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

/// The warning for a page with no date line (a date found in its path
/// replaces it: [`super::formats::parse_file`]).
pub const NO_DATE_LINE: &str = "no date line; listed as undated";

/// What a parse keeps of an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paragraphs {
    Kept,
    /// What the list needs: the article without its paragraphs, and the
    /// same notes. Lines of the body are then told empty or not without
    /// being cleaned.
    Dropped,
}

/// Parse one file's text as a newspaper page. `id` is the path relative to
/// the data folder ('/' separated); `text` is the file decoded by
/// [`super::encoding::decode`], as [`super::formats::parse_file`] does for
/// every format (a file is read one way, whatever reads it). Ok gives the
/// article and warnings; Err is why the file was skipped. Text that is
/// mostly control characters is a binary file even when it is valid UTF-8.
pub fn parse_page(
    id: &str,
    text: &str,
    paragraphs: Paragraphs,
) -> Result<(Article, Vec<LineNote>), LineNote> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes();
    if mostly_control_bytes(body) {
        return Err(LineNote::file(
            "binary file (mostly bytes that are not text); only plain-text articles can be read, move it out of the data folder",
        ));
    }
    // The lines that clean to something, numbered, and not cleaned yet.
    let split = split_lines(text);
    let mut lines: Vec<(usize, &str)> = Vec::with_capacity(split.len());
    lines.extend(
        split
            .into_iter()
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .filter(|(_, l)| first_kept(l).is_some()),
    );
    let content = match lines.iter().position(|(_, l)| is_chrome_line(l)) {
        Some(0) => {
            return Err(LineNote::at(
                lines[0].0,
                "no article before the site footer \"Xem tin theo ngày:\"; add a title and text above it",
            ));
        }
        Some(i) => &lines[..i],
        None => &lines[..],
    };
    // nothing left once every line is cleaned
    let Some(((title_line, title_raw), mut rest)) = content.split_first() else {
        return Err(empty_file());
    };
    let title_text = clean_line(title_raw);

    let mut notes = Vec::new();
    let mut lead: Vec<String> = Vec::new();
    let mut published = None;
    let mut views = None;
    let title = match parse_date_line(&title_text) {
        DateLine::Impossible(why) => return Err(LineNote::at(*title_line, why)),
        DateLine::Found(d) => {
            (published, views) = d.apply(*title_line, &mut notes);
            let t = title_from_id(id);
            notes.push(LineNote::at(
                *title_line,
                format!("the first line is a date line, not a title; using the file name \"{t}\" as the title"),
            ));
            t
        }
        DateLine::NotDate => {
            let mut found = None;
            let mut looked_at = Vec::new();
            for (k, (n, l)) in rest.iter().enumerate().take(DATE_SEARCH_LINES) {
                let l = clean_line(l);
                match parse_date_line(&l) {
                    DateLine::NotDate => looked_at.push(l),
                    DateLine::Impossible(why) => return Err(LineNote::at(*n, why)),
                    DateLine::Found(d) => {
                        found = Some((k, *n, d));
                        break;
                    }
                }
            }
            match found {
                Some((k, n, d)) => {
                    (published, views) = d.apply(n, &mut notes);
                    lead = looked_at;
                    rest = &rest[k + 1..];
                }
                None => notes.push(LineNote {
                    line: rest.first().map(|(n, _)| *n),
                    message: NO_DATE_LINE.into(),
                }),
            }
            if title_text.chars().count() > MAX_TITLE_CHARS {
                notes.push(LineNote::at(
                    *title_line,
                    format!(
                        "title is {} characters long; shortened to {MAX_TITLE_CHARS}, the full line is kept as the first paragraph",
                        title_text.chars().count()
                    ),
                ));
                let short = shorten(&title_text, MAX_TITLE_CHARS);
                lead.insert(0, title_text);
                short
            } else {
                title_text
            }
        }
    };

    let mut source = None;
    if let Some(((_, last), before)) = rest.split_last()
        && let Some(s) = source_of(&clean_line(last))
    {
        source = Some(s);
        rest = before;
    }
    if lead.is_empty() && rest.is_empty() {
        notes.push(LineNote::file("no article text after the title and date"));
    }
    let paragraphs = match paragraphs {
        Paragraphs::Kept => {
            lead.extend(rest.iter().map(|(_, l)| clean_line(l)));
            lead
        }
        Paragraphs::Dropped => Vec::new(),
    };

    let article = Article {
        id: id.to_string(),
        title,
        published,
        views,
        source,
        paragraphs,
        link: None,
        author: None,
    };
    Ok((article, notes))
}

/// Split on CRLF, lone CR and LF. A final line end does not start a new line.
pub(super) fn split_lines(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    // Sized first (a line per LF, one more without a final one): growing
    // the vector is a `realloc`, which takes the allocator's one lock
    // (`memory::few_allocator_pools`) that the parsers and the writer share.
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', b).count() + 1);
    let mut start = 0;
    // Line ends found a vector at a time (memchr), not byte by byte.
    for i in memchr::memchr2_iter(b'\n', b'\r', b) {
        // the LF of a CRLF, already ended by its CR
        if i < start {
            continue;
        }
        out.push(s.get(start..i).unwrap_or_default());
        start = match b.get(i..i + 2) {
            Some(b"\r\n") => i + 2,
            _ => i + 1,
        };
    }
    if start < b.len() {
        out.push(s.get(start..).unwrap_or_default());
    }
    out
}

/// A line of the file (not cleaned yet) that cleans to the site footer:
/// only one that starts with an `x` is cleaned to be sure.
fn is_chrome_line(raw: &str) -> bool {
    first_kept(raw).is_some_and(|c| c.eq_ignore_ascii_case(&'x')) && is_chrome(&clean_line(raw))
}

/// `Xem tin theo ngày:` (any case, with or without accents), then anything.
fn is_chrome(line: &str) -> bool {
    if !line.get(..3).is_some_and(|h| h.eq_ignore_ascii_case("xem")) {
        return false;
    }
    fold(line)
        .strip_prefix("xem tin theo ngay")
        .is_some_and(|r| r.is_empty() || r.trim_start().starts_with(':'))
}

/// The attribution in a last line `Theo <source>`, if it is one.
///
/// A sentence that starts with "Theo" ("Theo kế hoạch, ...") is not: the line
/// must be short, hold no sentence end before its last character, and each
/// comma-separated name must start with a capital letter or digit, or be a
/// single word such as a domain name ("Theo baotuyenquang.com.vn").
fn source_of(line: &str) -> Option<String> {
    if line.chars().count() > MAX_SOURCE_LINE_CHARS {
        return None;
    }
    let head = line.get(..4)?;
    if !head.eq_ignore_ascii_case("theo") {
        return None;
    }
    let after = line.get(4..)?;
    if !(after.starts_with(' ') || after.starts_with(':')) {
        return None;
    }
    let mut name = after.trim_start_matches([' ', ':']).trim_end();
    if let Some(n) = name.strip_suffix('.') {
        name = n.trim_end();
    }
    if name.is_empty() || name.ends_with(['.', '!', '?', ':', ';', '…', ',']) {
        return None;
    }
    let sentence_break = [". ", "! ", "? ", "… ", "; "];
    if sentence_break.iter().any(|p| name.contains(p)) {
        return None;
    }
    let names_ok = name.split(',').all(|part| {
        let part = part.trim();
        let starts_upper = part
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let one_word = !part.is_empty() && !part.contains(' ');
        starts_upper || one_word
    });
    names_ok.then(|| name.to_string())
}

/// Title from the file name: the last path segment without `.txt`.
fn title_from_id(id: &str) -> String {
    let last = id.rsplit('/').next().unwrap_or(id);
    let stem = match last
        .len()
        .checked_sub(4)
        .and_then(|i| last.get(i..).map(|ext| (i, ext)))
    {
        Some((i, ext)) if ext.eq_ignore_ascii_case(".txt") => last.get(..i).unwrap_or(last),
        _ => last,
    };
    let t = clean_line(stem);
    if t.is_empty() {
        "(untitled)".to_string()
    } else {
        t
    }
}

/// At most `max` characters: `s` itself when it fits, else cut between
/// graphemes, at a space when one is in the second half, then `…`.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut count = 0;
    for g in s.graphemes(true) {
        let n = g.chars().count();
        if count + n > max.saturating_sub(1) {
            break;
        }
        out.push_str(g);
        count += n;
    }
    if let Some(sp) = out.rfind(' ')
        && out.get(..sp).is_some_and(|h| h.chars().count() >= max / 2)
    {
        out.truncate(sp);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Published;
    use crate::ingest::formats::{ParseOptions, parse_file, parse_file_heads};
    use chrono::{NaiveDate, NaiveTime};
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    const SEED: &[u8] = include_bytes!("testdata/000_ff122e44f58845f3.txt");
    const TITLE: &str = "Tổng kết công tác dân vận nhiệm kỳ Đại hội XII của Đảng";

    fn seed_text() -> String {
        String::from_utf8(SEED.to_vec()).unwrap()
    }

    fn page(lines: &[&str]) -> Vec<u8> {
        lines.join("\n").into_bytes()
    }

    /// A file's bytes read as the program reads them: decoded, checked for
    /// emptiness, detected (as a page) and parsed.
    fn read(id: &str, bytes: &[u8]) -> Result<(Article, Vec<LineNote>), LineNote> {
        let out = parse_file(id, bytes, &ParseOptions::default())?;
        let [article] = <[Article; 1]>::try_from(out.articles)
            .unwrap_or_else(|a| panic!("one article expected, got {a:?}"));
        Ok((article, out.notes))
    }

    fn ok(bytes: &[u8]) -> (Article, Vec<LineNote>) {
        match read("a/b.txt", bytes) {
            Ok(r) => r,
            Err(e) => panic!("skipped: {e:?}"),
        }
    }

    fn err(bytes: &[u8]) -> LineNote {
        match read("a/b.txt", bytes) {
            Ok(r) => panic!("parsed, expected a skip: {r:?}"),
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

    const DATE: &str = "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20 Đã xem: 38";

    #[test]
    fn seed_page_parses_exactly() {
        let (a, notes) = ok(SEED);
        assert_eq!(notes, vec![]);
        assert_eq!(a.id, "a/b.txt");
        assert_eq!(a.title, TITLE);
        assert_eq!(a.published, at(2020, 12, 31, Some((19, 20))));
        assert_eq!(a.views, Some(38));
        assert_eq!(a.source.as_deref(), Some("Báo Tuyên Quang Online"));
        assert_eq!(a.paragraphs.len(), 8);
        assert!(a.paragraphs[0].starts_with("Ngày 31-12, Ban Dân vận Trung ương tổ chức"));
        assert_eq!(
            a.paragraphs[1],
            "Các đại biểu tham dự hội nghị tại điểm cầu Tuyên Quang."
        );
        assert!(a.paragraphs[7].starts_with("Phát biểu kết luận hội nghị"));
        assert!(a.paragraphs[7].ends_with("công tác dân vận…"));
        // The NBSP in paragraph 5 became one plain space.
        assert!(a.paragraphs[4].contains("công tác dân vận muốn hiệu quả"));
        for p in &a.paragraphs {
            assert!(!p.contains("Xem tin"), "{p}");
            assert!(!p.starts_with("Theo "), "{p}");
            assert!(!p.contains('\u{a0}'));
        }
    }

    #[test]
    fn bom_crlf_and_cr_give_the_same_article() {
        let (plain, _) = ok(SEED);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(SEED);
        assert_eq!(ok(&bom), (plain.clone(), vec![]));
        let crlf = seed_text().replace('\n', "\r\n");
        assert_eq!(ok(crlf.as_bytes()), (plain.clone(), vec![]));
        let cr = seed_text().replace('\n', "\r");
        assert_eq!(ok(cr.as_bytes()), (plain, vec![]));
    }

    #[test]
    fn nfd_file_gives_the_nfc_article() {
        let nfd: String = seed_text().nfd().collect();
        assert_ne!(nfd.as_bytes(), SEED);
        let (a, notes) = ok(nfd.as_bytes());
        assert_eq!(notes, vec![]);
        assert_eq!(a, ok(SEED).0);
        assert_eq!(a.title, TITLE);
    }

    #[test]
    fn line_numbers_count_cr_and_crlf_line_ends() {
        // Weekday mismatch on line 4: lines end with CRLF, CR, LF.
        let bytes = b"Title\r\n\r\n\rThu Sau, 31/12/2020\nBody";
        let (_, notes) = ok(bytes);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, Some(4));
        assert_eq!(split_lines("a\r\nb\rc\n\nd"), vec!["a", "b", "c", "", "d"]);
    }

    #[test]
    fn control_characters_and_escapes_never_reach_the_article() {
        let bytes = page(&[
            "\u{1b}]0;evil title\u{7}Tin\u{a0}\u{a0}nóng\u{7}",
            DATE,
            "Một\u{1b}[2J đoạn\tvăn\u{7f}.",
            "Hai \u{1b}]0;x\u{1b}\\đoạn \u{1b}]52;c;ZXZpbA==\u{7}văn.",
            "Ba\u{9b}31m đoạn\u{85}văn\u{90}dcs\u{9c}.",
            "\u{1b}[31m\u{1b}[0m",
            "Theo\u{202e} Báo\u{200b} Mới",
            "Xem tin theo ngày:\u{a0} / /",
        ]);
        let (a, notes) = ok(&bytes);
        assert_eq!(notes, vec![]);
        assert_eq!(a.title, "Tin nóng");
        assert_eq!(
            a.paragraphs,
            ["Một đoạn văn.", "Hai đoạn văn.", "Ba đoạn văn."]
        );
        assert_eq!(a.source.as_deref(), Some("Báo Mới"));
        assert_eq!(a.views, Some(38));
    }

    #[test]
    fn empty_files_are_skipped() {
        for bytes in [
            &b""[..],
            b"   \n\t\r\n  ",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBF \r\n",
        ] {
            let e = err(bytes);
            assert!(e.message.starts_with("empty file"), "{e:?}");
            assert_eq!(e.line, None);
        }
        // Nothing left once the escape sequences are gone.
        let e = err(b"\x1b[2J\n\x1b]0;t\x07\n");
        assert!(e.message.starts_with("empty file"), "{e:?}");
    }

    #[test]
    fn binary_files_are_skipped() {
        let e = err(b"Title\nline two\nab\0cd");
        assert!(e.message.starts_with("binary file"), "{e:?}");
        assert_eq!(e.line, Some(3));
        let noise: Vec<u8> = (0..200u8)
            .map(|i| [0x01, 0x02, 0x03, 0x90, 0xC3, 0x7F][usize::from(i % 6)])
            .collect();
        let e = err(&noise);
        assert!(e.message.starts_with("binary file (mostly"), "{e:?}");
        assert_eq!(e.line, None);
        // valid UTF-8, but control characters more than text
        let e = err("T\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}".as_bytes());
        assert!(e.message.starts_with("binary file (mostly"), "{e:?}");
        // UTF-16 with its byte order mark is text
        let (a, _) = ok(b"\xFF\xFET\0i\0");
        assert_eq!(a.title, "Ti");
    }

    #[test]
    fn text_that_is_not_utf8_is_read_in_its_legacy_encoding() {
        // 0xE9 is no UTF-8 here: the page is read as Windows-1258 (é), and
        // the file says which encoding it was read in
        let bytes = b"Title\r\nThu Nam, 31/12/2020\r\nabc\xE9def\r\n";
        let out = parse_file("a/b.txt", bytes, &ParseOptions::default()).unwrap();
        assert_eq!(out.articles[0].paragraphs, ["abcédef"]);
        assert!(out.encoding.is_some());
    }

    #[test]
    fn impossible_dates_are_skipped_with_their_line() {
        let cases = [
            (
                "31/02/2021 10:00",
                "impossible date 31/02/2021: 02/2021 has days 1 to 28",
            ),
            (
                "Thứ Hai, ngày 1 tháng 13 năm 2021",
                "impossible date 01/13/2021: there is no month 13",
            ),
            (
                "2021-04-31",
                "impossible date 31/04/2021: 04/2021 has days 1 to 30",
            ),
            (
                "Thứ Năm, ngày 31 tháng 12 năm 2020 - 25:61 Đã xem: 3",
                "impossible time 25:61",
            ),
            ("00/01/2021", "impossible date 00/01/2021"),
        ];
        for (line, want) in cases {
            let e = err(&page(&["Title", "", "", line, "", "Body."]));
            assert_eq!(e.line, Some(4), "{line}");
            assert!(e.message.starts_with(want), "{line}: {e:?}");
            assert!(e.message.ends_with("fix the date line"), "{e:?}");
        }
        // On the first line too.
        let e = err(&page(&["29/02/2021", "Body."]));
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn oversized_bytes_are_skipped_by_size() {
        let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
        let e = err(&big);
        assert!(
            e.message
                .starts_with("file is 10.0 MB, over the 10 MB limit"),
            "{e:?}"
        );
    }

    #[test]
    fn only_site_chrome_is_skipped() {
        let e = err(&page(&["", "Xem tin theo ngày:   / /", "junk"]));
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn missing_view_count() {
        let (a, notes) = ok(&page(&[
            TITLE,
            "",
            "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20",
            "",
            "Body.",
        ]));
        assert_eq!(notes, vec![]);
        assert_eq!(a.published, at(2020, 12, 31, Some((19, 20))));
        assert_eq!(a.views, None);
        assert_eq!(a.paragraphs, ["Body."]);
    }

    #[test]
    fn missing_time() {
        let (a, notes) = ok(&page(&[
            "T",
            "Thứ Năm, ngày 31 tháng 12 năm 2020 Đã xem: 5",
            "B",
        ]));
        assert_eq!(notes, vec![]);
        assert_eq!(a.published, at(2020, 12, 31, None));
        assert_eq!(a.views, Some(5));
    }

    #[test]
    fn missing_source_keeps_the_last_paragraph() {
        let (a, notes) = ok(&page(&[
            "T",
            DATE,
            "One.",
            "",
            "Two.",
            "Xem tin theo ngày:   / /",
        ]));
        assert_eq!(notes, vec![]);
        assert_eq!(a.source, None);
        assert_eq!(a.paragraphs, ["One.", "Two."]);
    }

    #[test]
    fn paragraphs_starting_with_theo_stay_body_text() {
        let last = "Theo kế hoạch, năm 2021 tỉnh sẽ hoàn thành dự án.";
        let (a, _) = ok(&page(&[
            "T",
            DATE,
            "Theo Sở Y tế, số ca mắc đã giảm.",
            last,
        ]));
        assert_eq!(a.source, None);
        assert_eq!(a.paragraphs, ["Theo Sở Y tế, số ca mắc đã giảm.", last]);
        for line in [
            "Theo kế hoạch",
            "Theo Bộ Y tế, số ca mắc tăng",
            "Theo Bộ Y tế. Số ca mắc tăng",
            "Theo Báo Tuyên Quang Online, hội nghị đã đánh giá kết quả một năm công tác dân vận toàn tỉnh",
        ] {
            let (a, _) = ok(&page(&["T", DATE, "Body.", line]));
            assert_eq!(a.source, None, "{line}");
            assert_eq!(a.paragraphs.last().map(String::as_str), Some(line));
        }
        // A "Theo ..." source line that is not the last line is body text too.
        let (a, _) = ok(&page(&["T", DATE, "Theo TTXVN", "Body."]));
        assert_eq!(a.source, None);
        assert_eq!(a.paragraphs, ["Theo TTXVN", "Body."]);
    }

    #[test]
    fn source_forms() {
        for (line, want) in [
            ("Theo TTXVN.", "TTXVN"),
            ("Theo: Báo Nhân Dân", "Báo Nhân Dân"),
            ("Theo baotuyenquang.com.vn", "baotuyenquang.com.vn"),
            ("Theo Báo Nhân Dân, TTXVN", "Báo Nhân Dân, TTXVN"),
            ("THEO VTV", "VTV"),
        ] {
            let (a, _) = ok(&page(&["T", DATE, "Body.", line]));
            assert_eq!(a.source.as_deref(), Some(want), "{line}");
            assert_eq!(a.paragraphs, ["Body."]);
        }
    }

    #[test]
    fn weekday_mismatch_is_a_warning_with_its_line() {
        let (a, notes) = ok(&page(&[
            "T",
            "",
            "Thứ Sáu, ngày 31 tháng 12 năm 2020 - 19:20",
            "Body.",
        ]));
        assert_eq!(a.published, at(2020, 12, 31, Some((19, 20))));
        assert_eq!(
            notes,
            vec![LineNote::at(
                3,
                "weekday Thứ Sáu does not match 31/12/2020, which is a Thứ Năm; the date is kept"
            )]
        );
    }

    #[test]
    fn weekday_forms() {
        for (line, want) in [
            ("Thứ năm, ngày 31 tháng 12 năm 2020", at(2020, 12, 31, None)),
            (
                "THỨ NĂM, NGÀY 31 THÁNG 12 NĂM 2020 - 19:20",
                at(2020, 12, 31, Some((19, 20))),
            ),
            ("Thứ 5, 31/12/2020 19:20", at(2020, 12, 31, Some((19, 20)))),
            ("T5 31/12/2020", at(2020, 12, 31, None)),
            ("Thu nam, ngay 31 thang 12 nam 2020", at(2020, 12, 31, None)),
            ("CN, 03/01/2021 08:05", at(2021, 1, 3, Some((8, 5)))),
            ("Chủ nhật, ngày 3 tháng 1 năm 2021", at(2021, 1, 3, None)),
            ("Chủ Nhật 2021-01-03", at(2021, 1, 3, None)),
            ("Thứ Tư, 30/12/2020", at(2020, 12, 30, None)),
        ] {
            let (a, notes) = ok(&page(&["T", line, "B"]));
            assert_eq!(notes, vec![], "{line}");
            assert_eq!(a.published, want, "{line}");
        }
    }

    #[test]
    fn alternative_date_forms() {
        for (line, when, views) in [
            ("31/12/2020 19:20", at(2020, 12, 31, Some((19, 20))), None),
            ("2020-12-31 19:20", at(2020, 12, 31, Some((19, 20))), None),
            (
                "2020-12-31T19:20:05",
                Some(Published {
                    date: NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
                    time: NaiveTime::from_hms_opt(19, 20, 5),
                    instant: None,
                }),
                None,
            ),
            ("2020-12-31", at(2020, 12, 31, None), None),
            ("31/12/2020", at(2020, 12, 31, None), None),
            ("1/2/2021 7:05", at(2021, 2, 1, Some((7, 5))), None),
            (
                "31/12/2020 19:20 Đã xem: 1.234",
                at(2020, 12, 31, Some((19, 20))),
                Some(1234),
            ),
            (
                "2020-12-31 19:20 | Đã xem: 1,234,567",
                at(2020, 12, 31, Some((19, 20))),
                Some(1_234_567),
            ),
            (
                "31/12/2020 - 19h20 - Lượt xem: 12",
                at(2020, 12, 31, Some((19, 20))),
                Some(12),
            ),
            (
                "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20 Đã xem: 1.234",
                at(2020, 12, 31, Some((19, 20))),
                Some(1234),
            ),
        ] {
            let (a, notes) = ok(&page(&["Title", line, "Body."]));
            assert_eq!(notes, vec![], "{line}");
            assert_eq!((a.published, a.views), (when, views), "{line}");
            assert_eq!(a.paragraphs, ["Body."], "{line}");
        }
    }

    #[test]
    fn unreadable_view_count_is_a_warning() {
        let (a, notes) = ok(&page(&["T", "31/12/2020 Đã xem: 1.23", "B"]));
        assert_eq!(a.published, at(2020, 12, 31, None));
        assert_eq!(a.views, None);
        assert_eq!(
            notes,
            vec![LineNote::at(
                2,
                "view count \"1.23\" is not a number; left out"
            )]
        );
    }

    #[test]
    fn undated_file_is_kept_with_a_warning() {
        let (a, notes) = ok(&page(&[
            "Title",
            "",
            "Ngày 31 tháng 12 năm 2020, hội nghị đã họp.",
            "Second.",
        ]));
        assert_eq!(a.published, None);
        assert_eq!(a.title, "Title");
        assert_eq!(
            a.paragraphs,
            ["Ngày 31 tháng 12 năm 2020, hội nghị đã họp.", "Second."]
        );
        assert_eq!(
            notes,
            vec![LineNote::at(3, "no date line; listed as undated")]
        );
    }

    #[test]
    fn date_line_after_a_lead_line() {
        let (a, notes) = ok(&page(&["Title", "Chính trị", "31/12/2020", "Body."]));
        assert_eq!(notes, vec![]);
        assert_eq!(a.published, at(2020, 12, 31, None));
        assert_eq!(a.paragraphs, ["Chính trị", "Body."]);
        // Past the search window it is just a paragraph.
        let (a, _) = ok(&page(&["Title", "a", "b", "c", "31/12/2020", "Body."]));
        assert_eq!(a.published, None);
        assert_eq!(a.paragraphs.len(), 5);
    }

    #[test]
    fn date_line_as_title_uses_the_file_name() {
        let r = read("2020/12/Hoi-nghi.TXT", &page(&[DATE, "Body."]));
        let (a, notes) = r.unwrap();
        assert_eq!(a.title, "Hoi-nghi");
        assert_eq!(a.published, at(2020, 12, 31, Some((19, 20))));
        assert_eq!(a.views, Some(38));
        assert_eq!(a.paragraphs, ["Body."]);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, Some(1));
    }

    #[test]
    fn long_title_is_shortened_and_kept_as_a_paragraph() {
        let long = "Lời ".repeat(100);
        let long = long.trim_end();
        let (a, notes) = ok(&page(&[long, DATE, "Body."]));
        let n = a.title.chars().count();
        assert!(n <= MAX_TITLE_CHARS && n > MAX_TITLE_CHARS / 2, "{n}");
        assert!(a.title.ends_with("Lời…"), "{}", a.title);
        assert_eq!(a.paragraphs, [long, "Body."]);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, Some(1));
        // Exactly at the limit: kept whole.
        let edge = "x".repeat(MAX_TITLE_CHARS);
        assert_eq!(ok(&page(&[&edge, DATE])).0.title, edge);
    }

    #[test]
    fn title_only_page() {
        let (a, notes) = ok(b"Only a title\n");
        assert_eq!(a.title, "Only a title");
        assert!(a.paragraphs.is_empty());
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].message, "no date line; listed as undated");
    }

    fn bad_char(c: char) -> bool {
        c.is_control()
            || ('\u{80}'..='\u{9f}').contains(&c)
            || c == '\u{1b}'
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    }

    fn check_clean(s: &str) -> Result<(), TestCaseError> {
        prop_assert!(!s.chars().any(bad_char), "bad char in {:?}", s);
        Ok(())
    }

    /// Whatever the bytes turn out to be (a page, almost always), every
    /// article and note that comes out is clean.
    fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
        match parse_file("p.txt", bytes, &ParseOptions::default()) {
            Ok(out) => {
                for a in &out.articles {
                    check_clean(&a.title)?;
                    prop_assert!(!a.title.is_empty());
                    for p in &a.paragraphs {
                        check_clean(p)?;
                        prop_assert!(!p.is_empty());
                    }
                    if let Some(s) = &a.source {
                        check_clean(s)?;
                    }
                }
                for n in &out.notes {
                    check_clean(&n.message)?;
                }
            }
            Err(n) => check_clean(&n.message)?,
        }
        Ok(())
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just(DATE.to_string()),
            Just("31/02/2021 25:61".to_string()),
            Just("Theo ".to_string()),
            Just("Xem tin theo ngày:".to_string()),
            Just("x\u{1b}[1mEM TIN THEO NGAY".to_string()),
            Just("\u{200b}xe\u{302}m".to_string()),
            Just("\u{1b}[".to_string()),
            Just("\u{1b}]".to_string()),
            Just("\u{9b}".to_string()),
            Just("\u{7}".to_string()),
            Just("\u{feff}".to_string()),
            Just("Tổng kết".nfd().collect::<String>()),
            any::<char>().prop_map(String::from),
            "[ -~]{0,12}",
        ]
    }

    proptest! {
        #[test]
        fn never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            check(&bytes)?;
        }

        #[test]
        fn never_panics_on_texty_input(pieces in prop::collection::vec(piece(), 0..40)) {
            let text: String = pieces.concat();
            check(text.as_bytes())?;
        }

        /// The list's parse, which tells a page's body lines empty or not
        /// without cleaning them, gives what the whole parse gives, but
        /// the paragraphs: the same articles, notes and reasons to skip.
        #[test]
        fn the_lists_parse_is_the_whole_parse_without_paragraphs(
            pieces in prop::collection::vec(piece(), 0..40),
        ) {
            let text: String = pieces.concat();
            let opts = ParseOptions::default();
            let whole = parse_file("p.txt", text.as_bytes(), &opts).map(|mut o| {
                for a in &mut o.articles {
                    a.paragraphs.clear();
                }
                o
            });
            prop_assert_eq!(parse_file_heads("p.txt", text.as_bytes(), &opts), whole);
        }

        #[test]
        fn clean_line_output_is_clean(s in any::<String>()) {
            let c = clean_line(&s);
            check_clean(&c)?;
            prop_assert!(!c.starts_with(' ') && !c.ends_with(' ') && !c.contains("  "));
            prop_assert_eq!(clean_line(&c), c.clone());
        }

        /// Lines split a vector at a time are the lines found one byte at
        /// a time (CRLF, CR and LF each end a line; no empty last line).
        #[test]
        fn split_lines_ends_lines_at_cr_lf_and_crlf(
            pieces in prop::collection::vec(
                prop_oneof![Just("\r"), Just("\n"), Just("\r\n"), Just("a"), Just("ệ"), Just(" ")],
                0..60,
            )
        ) {
            let text: String = pieces.concat();
            let mut expected = Vec::new();
            let mut line = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\n' => expected.push(std::mem::take(&mut line)),
                    '\r' => {
                        if chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        expected.push(std::mem::take(&mut line));
                    }
                    c => line.push(c),
                }
            }
            if !line.is_empty() {
                expected.push(line);
            }
            prop_assert_eq!(split_lines(&text), expected);
        }
    }
}
