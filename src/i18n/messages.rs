//! Messages with figures or names in them, in both languages. Each arm of
//! [`Message::text`] gives the English and the Vietnamese together, so a
//! message cannot be added in one language only.

use super::{Language, Word};

/// A status-bar message that carries values. Values that come from outside
/// (addresses, program names, error texts) are already escaped by whoever
/// made the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message<'a> {
    /// A fetch ended; `first_error` is the first feed that failed and why.
    Fetched {
        updated: usize,
        unchanged: usize,
        failed: usize,
        first_error: Option<&'a str>,
    },
    /// A link was handed to the browser.
    Opened {
        url: &'a str,
        program: &'a str,
    },
    /// A link that starts with `-` would be read as an option.
    NotOpenedOption {
        url: &'a str,
    },
    /// No browser could be started; `tried` lists the programs and why.
    NoBrowser {
        tried: &'a str,
    },
    /// A link was put on the clipboard through the terminal.
    Copied {
        url: &'a str,
    },
    /// `ui.osc52` is off: the link is shown instead.
    CopyOff {
        url: &'a str,
    },
    /// The link is longer than a terminal takes in one OSC 52 sequence.
    CopyTooLong {
        max: usize,
    },
    /// The terminal could not be written to.
    CopyFailed {
        why: &'a str,
    },
    /// A key bound to nothing in the view in front.
    KeyUnbound {
        key: &'a str,
    },
    /// Esc pressed during a key sequence.
    SequenceCancelled {
        keys: &'a str,
    },
    /// A key sequence that ended on a key that continues no binding.
    SequenceUnbound {
        keys: &'a str,
    },
    /// An address without a scheme (`start` is the start of it);
    /// `allowed` lists the schemes that are opened.
    LinkNoScheme {
        start: &'a str,
        allowed: &'a str,
    },
    /// An address whose scheme is not opened.
    LinkScheme {
        scheme: &'a str,
        allowed: &'a str,
    },
    /// The link prompt got a number no link has; `first`..`last` do.
    NoLinkNumbered {
        typed: &'a str,
        first: usize,
        last: usize,
    },
    /// A catch-up of more than a screenful asks first.
    MarkReadConfirm {
        count: usize,
    },
    /// A catch-up marked these many articles read.
    MarkedRead {
        count: usize,
    },
    /// An undo made these many articles unread again.
    MarkedUnread {
        count: usize,
    },
    /// Why an address was refused, after "Not opened" or "Not copied".
    LinkRefused {
        copy: bool,
        why: &'a str,
    },
    /// The date prompt was submitted empty where a date is needed.
    DateEmpty,
    /// Text that reads as no date.
    NotADate {
        text: &'a str,
    },
    NoSuchMonth {
        month: u32,
    },
    NoSuchDay {
        day: u32,
        month: u32,
        year: i32,
    },
    YearOutOfRange {
        year: i32,
    },
    /// A range whose ends are the wrong way round (as typed labels).
    DateBackwards {
        first: &'a str,
        last: &'a str,
    },
    /// A saved view was chosen in the pane.
    ViewShown {
        name: &'a str,
    },
    /// A view name longer than this many characters.
    ViewNameTooLong {
        max: usize,
    },
    /// A view of that name exists already.
    ViewExists {
        name: &'a str,
    },
    /// The view was written into this config.toml.
    ViewSaved {
        name: &'a str,
        file: &'a str,
    },
    /// That config.toml has a view of the name already.
    ViewExistsIn {
        name: &'a str,
        file: &'a str,
    },
    /// The view could not be written; `why` says what and where.
    ViewNotSaved {
        name: &'a str,
        why: &'a str,
    },
}

impl Message<'_> {
    /// The message in `lang`.
    pub fn text(&self, lang: Language) -> String {
        let (en, vi) = match *self {
            Message::Fetched {
                updated,
                unchanged,
                failed,
                first_error,
            } => {
                let tail = first_error.map(|e| format!(": {e}")).unwrap_or_default();
                (
                    format!("Fetched {updated}, unchanged {unchanged}, failed {failed}{tail}"),
                    format!("Đã tải {updated}, không đổi {unchanged}, lỗi {failed}{tail}"),
                )
            }
            Message::Opened { url, program } => (
                format!("Opened {url} with {program}"),
                format!("Đã mở {url} bằng {program}"),
            ),
            Message::NotOpenedOption { url } => (
                format!("Not opened: {url} looks like an option, not a link"),
                format!("Chưa mở: {url} trông như một tùy chọn, không phải liên kết"),
            ),
            Message::NoBrowser { tried } => (
                format!(
                    "Not opened: no browser could be started (tried {tried}); set BROWSER to your browser's program"
                ),
                format!(
                    "Chưa mở: không chạy được trình duyệt nào (đã thử {tried}); đặt biến BROWSER là chương trình trình duyệt"
                ),
            ),
            Message::Copied { url } => (format!("Copied {url}"), format!("Đã chép {url}")),
            Message::CopyOff { url } => (
                format!("Copying is off (ui.osc52 = false in config.toml); the link: {url}"),
                format!(
                    "Tính năng chép đang tắt (ui.osc52 = false trong config.toml); liên kết: {url}"
                ),
            ),
            Message::CopyTooLong { max } => (
                format!("Not copied: the link is longer than {max} bytes"),
                format!("Chưa chép: liên kết dài hơn {max} byte"),
            ),
            Message::CopyFailed { why } => (
                format!("Not copied: the terminal could not be written to ({why})"),
                format!("Chưa chép: không ghi được ra terminal ({why})"),
            ),
            Message::KeyUnbound { key } => (
                format!("{key} is not bound · ? help"),
                format!("phím {key} chưa được gán · ? trợ giúp"),
            ),
            Message::SequenceCancelled { keys } => {
                (format!("{keys} cancelled"), format!("đã hủy {keys}"))
            }
            Message::SequenceUnbound { keys } => (
                format!("{keys} is not bound"),
                format!("{keys} chưa được gán"),
            ),
            Message::LinkNoScheme { start, allowed } => (
                format!("\"{start}\" is not a full address (it has no {allowed})"),
                format!("\"{start}\" không phải địa chỉ đầy đủ (thiếu {allowed})"),
            ),
            Message::LinkScheme { scheme, allowed } => (
                format!("\"{scheme}\" links are not opened; only {allowed} are"),
                format!("không mở liên kết \"{scheme}\"; chỉ mở {allowed}"),
            ),
            Message::ViewShown { name } => (
                format!("View \u{201c}{name}\u{201d}"),
                format!("Bộ lọc \u{201c}{name}\u{201d}"),
            ),
            Message::ViewNameTooLong { max } => (
                format!("A name has at most {max} characters"),
                format!("Tên dài tối đa {max} ký tự"),
            ),
            Message::ViewExists { name } => (
                format!("A view named \u{201c}{name}\u{201d} exists already: choose another name"),
                format!("Đã có bộ lọc tên \u{201c}{name}\u{201d}: hãy chọn tên khác"),
            ),
            Message::ViewSaved { name, file } => (
                format!("View \u{201c}{name}\u{201d} saved in {file}"),
                format!("Đã lưu bộ lọc \u{201c}{name}\u{201d} vào {file}"),
            ),
            Message::ViewExistsIn { name, file } => (
                format!("Not saved: {file} has a view named \u{201c}{name}\u{201d} already"),
                format!("Chưa lưu: {file} đã có bộ lọc tên \u{201c}{name}\u{201d}"),
            ),
            Message::ViewNotSaved { name, why } => (
                format!("View \u{201c}{name}\u{201d} not saved: {why}"),
                format!("Chưa lưu bộ lọc \u{201c}{name}\u{201d}: {why}"),
            ),
            Message::NoLinkNumbered { typed, first, last } => (
                format!("No link numbered {typed}: {first}–{last}"),
                format!("Không có liên kết số {typed}: {first}–{last}"),
            ),
            Message::MarkReadConfirm { count } => (
                format!(
                    "Mark {} {} read? y/n ",
                    thousands(count, ','),
                    en_articles(count)
                ),
                format!("Đánh dấu đã đọc {} tin? y/n ", thousands(count, '.')),
            ),
            Message::MarkedRead { count } => (
                format!(
                    "{} {} marked read",
                    thousands(count, ','),
                    en_articles(count)
                ),
                format!("Đã đánh dấu đã đọc {} tin", thousands(count, '.')),
            ),
            Message::MarkedUnread { count } => (
                format!(
                    "{} {} unread again",
                    thousands(count, ','),
                    en_articles(count)
                ),
                format!("{} tin trở lại chưa đọc", thousands(count, '.')),
            ),
            Message::LinkRefused { copy: false, why } => {
                (format!("Not opened: {why}"), format!("Chưa mở: {why}"))
            }
            Message::LinkRefused { copy: true, why } => {
                (format!("Not copied: {why}"), format!("Chưa chép: {why}"))
            }
            Message::DateEmpty => (
                format!("no date given: {}", Word::DateExamples.text(Language::En)),
                format!("chưa nhập ngày: {}", Word::DateExamples.text(Language::Vi)),
            ),
            Message::NotADate { text } => (
                format!(
                    "\"{text}\" is not a date: {}",
                    Word::DateExamples.text(Language::En)
                ),
                format!(
                    "\"{text}\" không phải là ngày: {}",
                    Word::DateExamples.text(Language::Vi)
                ),
            ),
            Message::NoSuchMonth { month } => (
                format!("month {month} does not exist"),
                format!("không có tháng {month}"),
            ),
            Message::NoSuchDay { day, month, year } => (
                format!("no {} day in {month:02}/{year:04}", ordinal(day)),
                format!("tháng {month:02}/{year:04} không có ngày {day}"),
            ),
            Message::YearOutOfRange { year } => (
                format!("year {year} is out of range: use 1 to 9999"),
                format!("năm {year} nằm ngoài khoảng 1 đến 9999"),
            ),
            Message::DateBackwards { first, last } => (
                format!("{first} comes after {last}: put the earlier date first"),
                format!("{first} sau {last}: hãy nhập ngày sớm hơn trước"),
            ),
        };
        match lang {
            Language::En => en,
            Language::Vi => vi,
        }
    }
}

/// 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, … 21st, … 31st.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `n` with its digits grouped by three: 1,204 in English, 1.204 in Vietnamese.
fn thousands(n: usize, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// "article" after a count of one, else "articles" (English only: the
/// Vietnamese "tin" does not change).
fn en_articles(count: usize) -> &'static str {
    if count == 1 { "article" } else { "articles" }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each message.
    fn every_message() -> Vec<Message<'static>> {
        vec![
            Message::Fetched {
                updated: 8,
                unchanged: 1,
                failed: 1,
                first_error: Some("tin-a: HTTP 500"),
            },
            Message::Opened {
                url: "https://x.vn",
                program: "firefox",
            },
            Message::NotOpenedOption { url: "-x" },
            Message::NoBrowser {
                tried: "xdg-open (not found)",
            },
            Message::Copied {
                url: "https://x.vn",
            },
            Message::CopyOff {
                url: "https://x.vn",
            },
            Message::CopyTooLong { max: 100 },
            Message::CopyFailed { why: "broken pipe" },
            Message::KeyUnbound { key: "x" },
            Message::SequenceCancelled { keys: "g" },
            Message::SequenceUnbound { keys: "g x" },
            Message::LinkNoScheme {
                start: "bao.vn",
                allowed: "http, https",
            },
            Message::LinkScheme {
                scheme: "javascript",
                allowed: "http, https",
            },
            Message::NoLinkNumbered {
                typed: "9",
                first: 1,
                last: 3,
            },
            Message::LinkRefused {
                copy: false,
                why: "-",
            },
            Message::LinkRefused {
                copy: true,
                why: "-",
            },
            Message::MarkReadConfirm { count: 1204 },
            Message::MarkedRead { count: 12 },
            Message::MarkedUnread { count: 1_000_000 },
            Message::DateEmpty,
            Message::NotADate { text: "x" },
            Message::NoSuchMonth { month: 13 },
            Message::NoSuchDay {
                day: 31,
                month: 2,
                year: 2021,
            },
            Message::YearOutOfRange { year: 0 },
            Message::DateBackwards {
                first: "2/1/2021",
                last: "1/1/2021",
            },
            Message::ViewShown { name: "Na Hang" },
            Message::ViewNameTooLong { max: 80 },
            Message::ViewExists { name: "Na Hang" },
            Message::ViewSaved {
                name: "Na Hang",
                file: "/c.toml",
            },
            Message::ViewExistsIn {
                name: "Na Hang",
                file: "/c.toml",
            },
            Message::ViewNotSaved {
                name: "Na Hang",
                why: "disk full",
            },
        ]
    }

    #[test]
    fn every_message_is_written_in_both_languages() {
        for m in every_message() {
            let (en, vi) = (m.text(Language::En), m.text(Language::Vi));
            assert!(!en.is_empty() && !vi.is_empty(), "{m:?}");
            assert_ne!(en, vi, "{m:?} is not translated");
        }
    }

    #[test]
    fn figures_and_names_reach_the_text() {
        let m = Message::Fetched {
            updated: 8,
            unchanged: 1,
            failed: 1,
            first_error: Some("tin-a: HTTP 500"),
        };
        assert_eq!(
            m.text(Language::En),
            "Fetched 8, unchanged 1, failed 1: tin-a: HTTP 500"
        );
        assert_eq!(
            m.text(Language::Vi),
            "Đã tải 8, không đổi 1, lỗi 1: tin-a: HTTP 500"
        );
        let m = Message::NoSuchDay {
            day: 31,
            month: 2,
            year: 2021,
        };
        assert_eq!(m.text(Language::En), "no 31st day in 02/2021");
        let m = Message::KeyUnbound { key: "x" };
        assert_eq!(m.text(Language::Vi), "phím x chưa được gán · ? trợ giúp");
    }

    #[test]
    fn english_ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31, 32, 99]
            .into_iter()
            .map(ordinal)
            .collect();
        let want = [
            "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
        ];
        assert_eq!(got[..10], want);
        assert_eq!(got[10..], ["31st", "32nd", "99th"]);
    }
}
