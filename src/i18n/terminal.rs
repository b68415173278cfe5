//! Words about the mouse, the window title and notifications, in both
//! languages.

use super::Language;

pub struct TerminalWords {
    /// The help screen's section for the mouse.
    pub mouse: &'static str,
    /// The help screen's mouse rows: what is done, what it does.
    pub mouse_rows: [(&'static str, &'static str); 5],
    /// A notification's text after the count of new articles.
    pub new_articles: &'static str,
}

const EN: TerminalWords = TerminalWords {
    mouse: "Mouse",
    mouse_rows: [
        (
            "wheel",
            "scroll the list, the article or help (ui.scroll_lines)",
        ),
        (
            "click",
            "select a row; click it again (or double click) to open",
        ),
        ("click a day", "list that day's articles (calendar)"),
        ("click a link", "open it in the browser, as o does"),
        (
            "Shift + drag",
            "select text for the terminal to copy, as usual",
        ),
    ],
    new_articles: "new articles",
};

const VI: TerminalWords = TerminalWords {
    mouse: "Chuột",
    mouse_rows: [
        (
            "lăn chuột",
            "cuộn danh sách, bài hoặc trợ giúp (ui.scroll_lines)",
        ),
        ("nhấp", "chọn một dòng; nhấp lần nữa (hoặc nhấp đúp) để mở"),
        ("nhấp một ngày", "xem tin của ngày đó (lịch)"),
        ("nhấp liên kết", "mở trong trình duyệt, như phím o"),
        ("Shift + kéo", "chọn chữ để terminal sao chép như thường lệ"),
    ],
    new_articles: "tin mới",
};

pub fn terminal_words(lang: Language) -> &'static TerminalWords {
    match lang {
        Language::En => &EN,
        Language::Vi => &VI,
    }
}
