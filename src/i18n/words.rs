//! Words and phrases of the interface, named, in both languages.

use super::Language;

macro_rules! words {
    ($( $variant:ident => $en:literal, $vi:literal; )*) => {
        /// A word or phrase of the interface, in both languages: a variant
        /// cannot be written without both.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Word { $( $variant, )* }

        impl Word {
            /// Every word, for the tests.
            pub const ALL: &'static [Word] = &[ $( Word::$variant, )* ];

            /// The word in `lang`.
            pub fn text(self, lang: Language) -> &'static str {
                match self {
                    $( Word::$variant => match lang {
                        Language::En => $en,
                        Language::Vi => $vi,
                    }, )*
                }
            }
        }
    };
}

impl Word {
    /// A weekday's name.
    pub fn weekday(w: chrono::Weekday) -> Word {
        use chrono::Weekday::*;
        match w {
            Mon => Word::Monday,
            Tue => Word::Tuesday,
            Wed => Word::Wednesday,
            Thu => Word::Thursday,
            Fri => Word::Friday,
            Sat => Word::Saturday,
            Sun => Word::Sunday,
        }
    }
}

words! {
    // key contexts: the titles of help's sections and of `xemtin keys`
    ContextGlobal => "Everywhere", "Mọi nơi";
    ContextList => "List", "Danh sách";
    ContextReader => "Reader", "Đọc tin";
    ContextPrompt => "Prompt", "Ô nhập";
    ContextHelp => "Help", "Trợ giúp";
    ContextCalendar => "Calendar", "Lịch";
    // the list's header while its articles are counted
    Counting => "counting the articles…", "đang đếm số tin…";
    // status-bar hints: each follows the keys that do it
    HintMove => "move", "di chuyển";
    HintDay => "day", "ngày";
    HintMonth => "month", "tháng";
    HintShowDay => "show day", "xem ngày";
    HintShowMonth => "show month", "xem cả tháng";
    HintYear => "year", "cả năm";
    HintOpen => "open", "mở";
    HintDate => "date", "theo ngày";
    HintStepDate => "step date", "lùi/tiến";
    HintHelp => "help", "trợ giúp";
    HintQuit => "quit", "thoát";
    HintScroll => "scroll", "cuộn";
    HintPage => "page", "trang";
    HintNextPrev => "next/prev", "tin sau/trước";
    HintBack => "back", "quay lại";
    HintApply => "apply", "áp dụng";
    HintCancel => "cancel", "hủy";
    HintClose => "close", "đóng";
    // help: between the actions one key runs in order
    ThenJoin => ", then ", ", rồi ";
    // what the fetch key says when no fetch starts
    FetchNoFeeds => "No feeds to fetch: add a [[feeds]] table with a url to config.toml, or run `xemtin import-opml FILE`",
        "Chưa có nguồn tin để tải: thêm bảng [[feeds]] có url vào config.toml, hoặc chạy `xemtin import-opml TỆP`";
    FetchRunning => "A fetch is running already", "Đang tải rồi, hãy đợi";
    // weekdays, as the reader's header and Vietnamese newspapers print them
    Monday => "Monday", "Thứ Hai";
    Tuesday => "Tuesday", "Thứ Ba";
    Wednesday => "Wednesday", "Thứ Tư";
    Thursday => "Thursday", "Thứ Năm";
    Friday => "Friday", "Thứ Sáu";
    Saturday => "Saturday", "Thứ Bảy";
    Sunday => "Sunday", "Chủ Nhật";
    // why an address is not opened or copied
    LinkEmpty => "the link is empty", "liên kết trống";
    LinkDash => "the link starts with \"-\", which a program would take for an option",
        "liên kết bắt đầu bằng \"-\", chương trình sẽ hiểu nhầm là một tùy chọn";
    LinkSpaces => "the link holds spaces or control characters",
        "liên kết chứa dấu cách hoặc ký tự điều khiển";
    // a browser program that does not exist
    NotFound => "not found", "không tìm thấy";
    // what the date prompt takes
    DateExamples => "try 31/12/2020, 12/2020, 2020, 1/12/2020..15/12/2020 or today",
        "thử 31/12/2020, 12/2020, 2020, 1/12/2020..15/12/2020 hoặc hôm nay";
    DateOpenRange => "a range needs both ends, like 1/12/2020..15/12/2020",
        "khoảng ngày cần đủ hai đầu, như 1/12/2020..15/12/2020";
    DateDayZero => "day 0 does not exist", "không có ngày 0";
    // unread navigation at the end of the list (it does not wrap)
    NoUnreadBelow => "No unread article below in this list", "Không còn tin chưa đọc nào phía dưới trong danh sách này";
    NoUnreadAbove => "No unread article above in this list", "Không còn tin chưa đọc nào phía trên trong danh sách này";
    // catch-up
    NothingToMark => "Nothing to mark: every article here is read", "Không có gì để đánh dấu: mọi tin ở đây đã đọc";
    NothingToUndo => "Nothing to undo", "Không có gì để hoàn tác";
    SavingMarks => "Saving the marks…", "Đang lưu đánh dấu…";
    FetchNotBuilt => "This xemtin was built without HTTP support (cargo feature `http`), so it cannot fetch",
        "Bản xemtin này được dựng không có HTTP (cargo feature `http`), nên không tải được";
    // the split layout: the focus key's hint, and when the reader pane marks read
    HintPane => "pane", "đổi khung";
    SplitReadOnOpen => "reader: marked read when opened", "khung đọc: đánh dấu đã đọc khi mở";
    SplitReadAfter => "reader: marked read after", "khung đọc: đánh dấu đã đọc sau";
    SecondsShort => "s", "giây";
    // the pane of sources and views, and saving a view
    PaneAllSources => "All sources", "Mọi nguồn tin";
    PaneSources => "Sources", "Nguồn tin";
    PaneViews => "Saved views", "Bộ lọc đã lưu";
    PaneCounts => "unread/all", "chưa đọc/tổng";
    ViewNamePrompt => "Save as view: ", "Lưu bộ lọc với tên: ";
    ViewUnread => "unread", "chưa đọc";
    ViewStarred => "starred", "có sao";
    ViewEverything => "every article", "mọi tin";
    ViewNameEmpty => "Type a name for the view", "Hãy gõ tên cho bộ lọc";
    ViewNameControl => "A name cannot hold control characters", "Tên không được chứa ký tự điều khiển";
}
