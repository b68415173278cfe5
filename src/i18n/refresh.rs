//! What a fetch in the background says: new articles, feeds the server
//! asked to wait, feeds that failed. Each arm gives both languages.

use super::Language;

/// A part of the status line after a fetch. Feed names and error texts are
/// already escaped by whoever made the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchNews<'a> {
    /// The index gained `count` articles.
    New { count: usize },
    /// The server asked to wait (HTTP 429 or 503): the next try is in
    /// `minutes` (at least 1).
    Waiting { feed: &'a str, minutes: u64 },
    /// `count` feeds failed; the first, with why.
    Failed { count: usize, first: &'a str },
}

impl FetchNews<'_> {
    /// The message in `lang`.
    pub fn text(&self, lang: Language) -> String {
        let (en, vi) = match *self {
            FetchNews::New { count } => (format!("{count} new"), format!("{count} tin mới")),
            FetchNews::Waiting { feed, minutes } => (
                format!("{feed}: the server asked to wait; next try in {minutes} min"),
                format!("{feed}: máy chủ yêu cầu chờ; thử lại sau {minutes} phút"),
            ),
            FetchNews::Failed { count, first } => {
                let feeds = if count == 1 { "feed" } else { "feeds" };
                (
                    format!("{count} {feeds} failed: {first}"),
                    format!("{count} nguồn tin lỗi: {first}"),
                )
            }
        };
        match lang {
            Language::En => en,
            Language::Vi => vi,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages() {
        let new = FetchNews::New { count: 12 };
        assert_eq!(new.text(Language::En), "12 new");
        assert_eq!(new.text(Language::Vi), "12 tin mới");
        let waiting = FetchNews::Waiting {
            feed: "tin-a",
            minutes: 2,
        };
        assert_eq!(
            waiting.text(Language::En),
            "tin-a: the server asked to wait; next try in 2 min"
        );
        assert_eq!(
            waiting.text(Language::Vi),
            "tin-a: máy chủ yêu cầu chờ; thử lại sau 2 phút"
        );
        let failed = FetchNews::Failed {
            count: 1,
            first: "tin-a: HTTP 500",
        };
        assert_eq!(failed.text(Language::En), "1 feed failed: tin-a: HTTP 500");
        assert_eq!(
            failed.text(Language::Vi),
            "1 nguồn tin lỗi: tin-a: HTTP 500"
        );
    }
}
