//! The bindable vocabulary. Each action's snake_case name is what users write
//! in `config.toml`; its description is what the help screen and
//! `xemtin keys` show. Adding an action means adding one line to the table.

use std::fmt;
use std::str::FromStr;

macro_rules! actions {
    ($( $variant:ident => $name:literal, $desc:literal, $desc_vi:literal; )*) => {
        /// Something the user can ask for with a key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $( $variant, )* }

        impl Action {
            /// Every action, in the order the help screen lists them.
            pub const ALL: &'static [Action] = &[ $( Action::$variant, )* ];

            /// The name used in `config.toml`.
            pub fn name(self) -> &'static str {
                match self { $( Action::$variant => $name, )* }
            }

            /// One line for the help screen (English).
            pub fn description(self) -> &'static str {
                match self { $( Action::$variant => $desc, )* }
            }

            /// The same line in Vietnamese.
            pub fn description_vi(self) -> &'static str {
                match self { $( Action::$variant => $desc_vi, )* }
            }
        }
    };
}

actions! {
    Quit => "quit", "Quit xemtin from anywhere", "Thoát xemtin từ bất cứ đâu";
    Suspend => "suspend", "Suspend xemtin to the shell (fg resumes)", "Tạm dừng xemtin về shell (fg để tiếp tục)";
    Back => "back", "Go back; quit from the list", "Quay lại; thoát khi ở danh sách";
    Up => "up", "Move up one line", "Lên một dòng";
    Down => "down", "Move down one line", "Xuống một dòng";
    First => "first", "Go to the first line", "Về dòng đầu";
    Last => "last", "Go to the last line", "Tới dòng cuối";
    PageUp => "page_up", "Move up one page", "Lên một trang";
    PageDown => "page_down", "Move down one page", "Xuống một trang";
    HalfPageUp => "half_page_up", "Move up half a page", "Lên nửa trang";
    HalfPageDown => "half_page_down", "Move down half a page", "Xuống nửa trang";
    Open => "open", "Open the selected article", "Mở tin đang chọn";
    NextArticle => "next_article", "Show the next article", "Xem tin tiếp theo";
    PrevArticle => "prev_article", "Show the previous article", "Xem tin trước đó";
    FocusPane => "focus_pane", "Switch focus: list / reader pane (else open / back)", "Đổi khung: danh sách / khung đọc (hoặc mở / quay lại)";
    NextUnread => "next_unread", "Go to the next unread article (the reader opens it)", "Tới tin chưa đọc tiếp theo (khi đang đọc thì mở tin đó)";
    MarkAllRead => "mark_all_read", "Mark every article of the list read (asks above a screenful)", "Đánh dấu đã đọc mọi tin trong danh sách (hỏi lại khi quá một trang)";
    MarkAboveRead => "mark_above_read", "Mark read every article above the selection (asks above a screenful)", "Đánh dấu đã đọc mọi tin phía trên tin đang chọn (hỏi lại khi quá một trang)";
    UndoMarks => "undo_marks", "Take back the last mark_all_read or mark_above_read", "Hoàn tác lần đánh dấu hàng loạt vừa rồi";
    PrevUnread => "prev_unread", "Go to the previous unread article (the reader opens it)", "Tới tin chưa đọc trước đó (khi đang đọc thì mở tin đó)";
    DatePrompt => "date_prompt", "Filter by date (Xem tin theo ngày)", "Xem tin theo ngày";
    DatePrev => "date_prev", "Step the date filter back by its span", "Lùi bộ lọc ngày một khoảng";
    DateNext => "date_next", "Step the date filter forward by its span", "Tiến bộ lọc ngày một khoảng";
    ToggleRead => "toggle_read", "Mark the article read or unread", "Đánh dấu tin đã đọc hoặc chưa đọc";
    ToggleStar => "toggle_star", "Star or unstar the article", "Gắn hoặc bỏ sao cho tin";
    UnreadOnly => "toggle_unread_only", "Show only unread articles, or all", "Chỉ hiện tin chưa đọc, hoặc tất cả";
    StarredOnly => "toggle_starred_only", "Show only starred articles, or all", "Chỉ hiện tin có sao, hoặc tất cả";
    SourcePrompt => "source_prompt", "Filter by source, or show a saved view (the pane of sources and views)", "Lọc theo nguồn tin, hoặc xem một bộ lọc đã lưu";
    SaveView => "save_view", "Save the filters of the list as a view, by name, in config.toml", "Lưu các bộ lọc của danh sách thành một bộ lọc có tên trong config.toml";
    Search => "search", "Search the articles as you type", "Tìm tin ngay khi gõ";
    ToggleOrder => "toggle_order", "Order search results by relevance or by date", "Xếp kết quả tìm theo mức khớp hoặc theo ngày";
    NextMatch => "next_match", "Scroll to the next search match", "Cuộn tới chỗ khớp tiếp theo";
    PrevMatch => "prev_match", "Scroll to the previous search match", "Cuộn tới chỗ khớp trước đó";
    OpenLink => "open_link", "Open a link in the browser (by number if several)", "Mở liên kết trong trình duyệt (theo số nếu có nhiều)";
    CopyLink => "copy_link", "Copy a link to the clipboard (by number if several)", "Chép liên kết vào bộ nhớ tạm (theo số nếu có nhiều)";
    Fetch => "fetch", "Fetch the feeds of config.toml in the background", "Tải các nguồn tin trong config.toml ở chế độ nền";
    Calendar => "calendar", "Open the calendar: articles day by day (Xem tin theo ngày)", "Mở lịch: xem tin theo từng ngày";
    Left => "left", "Move left (a day back in the calendar)", "Sang trái (lùi một ngày trong lịch)";
    Right => "right", "Move right (a day on in the calendar)", "Sang phải (tới một ngày trong lịch)";
    PrevMonth => "prev_month", "Go back a month", "Lùi một tháng";
    NextMonth => "next_month", "Go on a month", "Tới một tháng";
    PrevYear => "prev_year", "Go back a year", "Lùi một năm";
    NextYear => "next_year", "Go on a year", "Tới một năm";
    Today => "today", "Go to today", "Về hôm nay";
    NextDayWithArticles => "next_day_with_articles", "Go to the next day that has articles", "Tới ngày kế tiếp có tin";
    PrevDayWithArticles => "prev_day_with_articles", "Go to the previous day that has articles", "Lùi tới ngày trước đó có tin";
    ShowMonth => "show_month", "Show the articles of the whole month", "Xem tin của cả tháng";
    ShowUndated => "show_undated", "Show the articles without a date", "Xem các tin không có ngày";
    ToggleYear => "toggle_year", "Show the whole year, or one month", "Xem cả năm, hoặc một tháng";
    Help => "help", "Show the key bindings", "Xem các phím tắt";
    Submit => "submit", "Apply what was typed", "Áp dụng nội dung đã gõ";
    Cancel => "cancel", "Close the prompt without applying", "Đóng ô nhập, không áp dụng";
    DeleteBack => "delete_back", "Delete the character before the cursor", "Xóa ký tự trước con trỏ";
    DeleteForward => "delete_forward", "Delete the character under the cursor", "Xóa ký tự tại con trỏ";
    CursorLeft => "cursor_left", "Move the cursor left", "Đưa con trỏ sang trái";
    CursorRight => "cursor_right", "Move the cursor right", "Đưa con trỏ sang phải";
    CursorHome => "cursor_home", "Move the cursor to the start", "Đưa con trỏ về đầu";
    CursorEnd => "cursor_end", "Move the cursor to the end", "Đưa con trỏ về cuối";
    ClearInput => "clear_input", "Clear what was typed", "Xóa hết nội dung đã gõ";
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An action name that is not in the vocabulary, with the closest real name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAction {
    pub given: String,
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown action \"{}\"", self.given)?;
        if let Some(s) = self.suggestion {
            write!(f, " — did you mean \"{s}\"?")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownAction {}

impl FromStr for Action {
    type Err = UnknownAction;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.name() == s)
            .ok_or_else(|| UnknownAction {
                given: s.to_string(),
                suggestion: closest(s, Action::ALL.iter().map(|a| a.name())),
            })
    }
}

/// The candidate nearest to `given` by edit distance, if it is near enough to
/// be a likely typo.
pub fn closest<'a>(given: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (given.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(given, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for a in Action::ALL {
            assert_eq!(a.name().parse::<Action>().unwrap(), *a);
            assert!(!a.description().is_empty());
            assert!(!a.description_vi().is_empty());
            assert_ne!(a.description(), a.description_vi());
        }
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
    }

    #[test]
    fn typo_gets_a_suggestion() {
        let err = "pagedown".parse::<Action>().unwrap_err();
        assert_eq!(err.suggestion, Some("page_down"));
        let err = "dwn".parse::<Action>().unwrap_err();
        assert_eq!(err.suggestion, Some("down"));
        assert_eq!(
            err.to_string(),
            "unknown action \"dwn\" — did you mean \"down\"?"
        );
        let err = "completely_unrelated_words".parse::<Action>().unwrap_err();
        assert_eq!(err.suggestion, None);
    }
}
