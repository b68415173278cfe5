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

words! {
    // key contexts: the titles of help's sections and of `xemtin keys`
    ContextGlobal => "Everywhere", "Mọi nơi";
    ContextList => "List", "Danh sách";
    ContextReader => "Reader", "Đọc tin";
    ContextPrompt => "Prompt", "Ô nhập";
    ContextHelp => "Help", "Trợ giúp";
    // status-bar hints: each follows the keys that do it
    HintMove => "move", "di chuyển";
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
    FetchNotBuilt => "This xemtin was built without HTTP support (cargo feature `http`), so it cannot fetch",
        "Bản xemtin này được dựng không có HTTP (cargo feature `http`), nên không tải được";
}
