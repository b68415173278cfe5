//! Every word the interface shows, in English and Vietnamese: fixed
//! labels ([`Labels`], one struct per language, so a label missing in one
//! language does not compile), words and phrases named by [`Word`] (a table
//! whose every line gives both languages), and messages with figures or
//! names in them ([`Message`], each arm written in both languages).

mod messages;
mod refresh;
mod terminal;
mod words;

pub use messages::Message;
pub use refresh::FetchNews;
pub use terminal::{TerminalWords, terminal_words};
pub use words::Word;

use chrono::NaiveDate;

use chrono::Datelike;

/// The language of labels, messages and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    En,
    Vi,
}

/// Long date for the reader header: `Thứ Năm, 31/12/2020` or `Thursday, 31/12/2020`.
pub fn long_date(lang: Language, date: NaiveDate) -> String {
    let day = date.format("%d/%m/%Y");
    format!("{}, {day}", Word::weekday(date.weekday()).text(lang))
}

/// The interface's words, one field per label.
pub struct Labels {
    pub app_name: &'static str,
    /// The noun after a count of one ("1 article"); `articles` after any
    /// other count. Use [`Labels::articles_for`].
    pub article: &'static str,
    pub articles: &'static str,
    pub views: &'static str,
    pub undated: &'static str,
    pub all_dates: &'static str,
    pub unread: &'static str,
    pub unread_only: &'static str,
    pub starred_only: &'static str,
    pub indexing: &'static str,
    pub indexing_text: &'static str,
    pub date_prompt: &'static str,
    pub date_prompt_hint: &'static str,
    pub source_prompt: &'static str,
    pub all_sources: &'static str,
    pub nothing_on: &'static str,
    pub empty_folder: &'static str,
    /// After a count of one ("1 file skipped"); `skipped` after any other.
    /// Use [`Labels::skipped_for`].
    pub skipped_one: &'static str,
    pub skipped: &'static str,
    pub help_title: &'static str,
    pub help_filter: &'static str,
    pub filter_cleared: &'static str,
    pub no_more_articles: &'static str,
    pub no_more_matches: &'static str,
    pub results: &'static str,
    pub search_prompt: &'static str,
    pub search_hint: &'static str,
    pub by_relevance: &'static str,
    pub by_date: &'static str,
    pub open_link_prompt: &'static str,
    pub copy_link_prompt: &'static str,
    pub no_links: &'static str,
    pub fetching: &'static str,
    pub feeds: &'static str,
}

const EN: Labels = Labels {
    app_name: "xemtin",
    article: "article",
    articles: "articles",
    views: "views",
    undated: "undated",
    all_dates: "all dates",
    unread: "unread",
    unread_only: "unread only",
    starred_only: "starred only",
    indexing: "Indexing",
    indexing_text: "Indexing text",
    date_prompt: "Date: ",
    date_prompt_hint: "31/12/2020 · 12/2020 · 2020 · 1/12..15/12/2020 · today · empty clears",
    source_prompt: "Source: ",
    all_sources: "type to find a source or a view",
    nothing_on: "No articles for",
    empty_folder: "No articles in the data folder",
    skipped_one: "file skipped — run xemtin check",
    skipped: "files skipped — run xemtin check",
    help_title: "Keys",
    help_filter: "filter: ",
    filter_cleared: "Date filter cleared",
    no_more_articles: "No more articles in this direction",
    no_more_matches: "No more matches in this direction",
    results: "results",
    search_prompt: "Search: ",
    search_hint: "words · \"a phrase\" · -word · title:word · source:word",
    by_relevance: "best first",
    by_date: "newest first",
    open_link_prompt: "Open link: ",
    copy_link_prompt: "Copy link: ",
    no_links: "This article has no links",
    fetching: "Fetching",
    feeds: "feeds",
};

const VI: Labels = Labels {
    app_name: "xemtin",
    article: "tin",
    articles: "tin",
    views: "lượt xem",
    undated: "không ngày",
    all_dates: "mọi ngày",
    unread: "chưa đọc",
    unread_only: "chỉ tin chưa đọc",
    starred_only: "chỉ tin có sao",
    indexing: "Đang lập chỉ mục",
    indexing_text: "Đang lập chỉ mục nội dung",
    date_prompt: "Xem tin theo ngày: ",
    date_prompt_hint: "31/12/2020 · 12/2020 · 2020 · 1/12..15/12/2020 · hôm nay · để trống để bỏ lọc",
    source_prompt: "Nguồn tin: ",
    all_sources: "gõ để tìm nguồn tin hoặc bộ lọc",
    nothing_on: "Không có tin nào cho",
    empty_folder: "Thư mục dữ liệu chưa có tin nào",
    skipped_one: "tệp bị bỏ qua — chạy xemtin check",
    skipped: "tệp bị bỏ qua — chạy xemtin check",
    help_title: "Phím tắt",
    help_filter: "lọc: ",
    filter_cleared: "Đã bỏ lọc theo ngày",
    no_more_articles: "Hết tin theo hướng này",
    no_more_matches: "Hết chỗ khớp theo hướng này",
    results: "kết quả",
    search_prompt: "Tìm: ",
    search_hint: "từ · \"cụm từ\" · -từ · title:từ · source:từ",
    by_relevance: "khớp nhất trước",
    by_date: "mới nhất trước",
    open_link_prompt: "Mở liên kết: ",
    copy_link_prompt: "Chép liên kết: ",
    no_links: "Tin này không có liên kết nào",
    fetching: "Đang tải",
    feeds: "nguồn tin",
};

impl Labels {
    /// The noun for `n` articles: "1 article", "2 articles" ("tin" always).
    pub fn articles_for(&self, n: usize) -> &'static str {
        if n == 1 { self.article } else { self.articles }
    }

    /// The words after a count of skipped files: "1 file skipped", "2
    /// files skipped" ("tệp" always).
    pub fn skipped_for(&self, n: usize) -> &'static str {
        if n == 1 {
            self.skipped_one
        } else {
            self.skipped
        }
    }
}

pub fn labels(lang: Language) -> &'static Labels {
    match lang {
        Language::En => &EN,
        Language::Vi => &VI,
    }
}

/// The calendar's words (`calendar`, `ui::calendar`, `xemtin calendar`).
pub struct CalendarWords {
    /// Column heads, Monday first.
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
    pub title: &'static str,
    pub year_title: &'static str,
    /// Legend: the day marks.
    pub today: &'static str,
    pub this_article: &'static str,
    pub fewer: &'static str,
    pub more: &'static str,
    pub no_articles: &'static str,
    /// Status line after the calendar applied a month or a day.
    pub showing: &'static str,
    /// Hints at the foot of the view.
    pub hint_day: &'static str,
    pub hint_month: &'static str,
    pub hint_undated: &'static str,
    pub hint_year: &'static str,
    pub hint_leave: &'static str,
    pub none_later: &'static str,
    pub none_earlier: &'static str,
    pub too_small: &'static str,
    pub off: &'static str,
}

const CALENDAR_EN: CalendarWords = CalendarWords {
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    title: "Calendar",
    year_title: "Year",
    today: "today",
    this_article: "this article",
    fewer: "fewer",
    more: "more",
    no_articles: "no articles",
    showing: "Showing",
    hint_day: "day",
    hint_month: "month",
    hint_undated: "undated",
    hint_year: "year view",
    hint_leave: "leave",
    none_later: "No later day has articles",
    none_earlier: "No earlier day has articles",
    too_small: "Too small for the calendar",
    off: "The calendar is off (ui.calendar = \"off\" in config.toml)",
};

const CALENDAR_VI: CalendarWords = CalendarWords {
    weekdays: ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
    months: [
        "Tháng 1",
        "Tháng 2",
        "Tháng 3",
        "Tháng 4",
        "Tháng 5",
        "Tháng 6",
        "Tháng 7",
        "Tháng 8",
        "Tháng 9",
        "Tháng 10",
        "Tháng 11",
        "Tháng 12",
    ],
    title: "Lịch",
    year_title: "Năm",
    today: "hôm nay",
    this_article: "tin này",
    fewer: "ít",
    more: "nhiều",
    no_articles: "không có tin",
    showing: "Đang xem",
    hint_day: "ngày",
    hint_month: "cả tháng",
    hint_undated: "không ngày",
    hint_year: "cả năm",
    hint_leave: "thoát",
    none_later: "Không còn ngày nào sau có tin",
    none_earlier: "Không còn ngày nào trước có tin",
    too_small: "Cửa sổ quá nhỏ để xem lịch",
    off: "Lịch đang tắt (ui.calendar = \"off\" trong config.toml)",
};

pub fn calendar_words(lang: Language) -> &'static CalendarWords {
    match lang {
        Language::En => &CALENDAR_EN,
        Language::Vi => &CALENDAR_VI,
    }
}

/// A month's title: "December 2020", "Tháng 12 năm 2020".
pub fn month_title(lang: Language, date: NaiveDate) -> String {
    let name = calendar_words(lang).months[date.month0() as usize % 12];
    match lang {
        Language::En => format!("{name} {}", date.year()),
        Language::Vi => format!("{name} năm {}", date.year()),
    }
}

/// A short month name for the year view: "Dec", "Th12".
pub fn month_short(lang: Language, date: NaiveDate) -> String {
    match lang {
        Language::En => calendar_words(lang).months[date.month0() as usize % 12]
            .chars()
            .take(3)
            .collect(),
        Language::Vi => format!("Th{}", date.month()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2020, 12, 31).unwrap();
        assert_eq!(long_date(Language::Vi, d), "Thứ Năm, 31/12/2020");
        assert_eq!(long_date(Language::En, d), "Thursday, 31/12/2020");
        let sunday = NaiveDate::from_ymd_opt(2021, 1, 3).unwrap();
        assert_eq!(long_date(Language::Vi, sunday), "Chủ Nhật, 03/01/2021");
    }

    #[test]
    fn every_word_is_written_in_both_languages() {
        for &w in Word::ALL {
            for lang in [Language::En, Language::Vi] {
                assert!(!w.text(lang).trim().is_empty(), "{w:?} in {lang:?}");
            }
        }
        // titles are told apart in each language
        for lang in [Language::En, Language::Vi] {
            let titles: std::collections::HashSet<&str> = crate::context::Context::ALL
                .iter()
                .map(|c| c.label().text(lang))
                .collect();
            assert_eq!(titles.len(), crate::context::Context::COUNT);
        }
    }

    #[test]
    fn counts_take_the_singular_after_one_in_english() {
        let (en, vi) = (labels(Language::En), labels(Language::Vi));
        assert_eq!(
            format!("1 {}", en.skipped_for(1)),
            "1 file skipped — run xemtin check"
        );
        assert_eq!(
            format!("2 {}", en.skipped_for(2)),
            "2 files skipped — run xemtin check"
        );
        assert_eq!(en.articles_for(1), "article");
        assert_eq!(vi.skipped_for(1), vi.skipped_for(2));
    }

    #[test]
    fn calendar_words_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2020, 12, 31).unwrap();
        assert_eq!(month_title(Language::En, d), "December 2020");
        assert_eq!(month_title(Language::Vi, d), "Tháng 12 năm 2020");
        assert_eq!(month_short(Language::En, d), "Dec");
        assert_eq!(month_short(Language::Vi, d), "Th12");
        assert_eq!(calendar_words(Language::Vi).weekdays[6], "CN");
        assert_eq!(calendar_words(Language::En).weekdays[0], "Mon");
    }
}
