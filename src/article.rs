//! The article as plain data: what every input format is turned into.
//! Depends on nothing but chrono's date types.

use chrono::{NaiveDate, NaiveTime};

/// Stable identity of an article: its path relative to the data folder,
/// with `/` as the separator on every platform.
pub type ArticleId = String;

/// When an article was published: always a day, sometimes a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Published {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

impl Published {
    /// ISO 8601: `2020-12-31T19:20:00` with a time, `2020-12-31` without.
    pub fn iso8601(&self) -> String {
        match self.time {
            Some(t) => format!("{}T{}", self.date.format("%Y-%m-%d"), t.format("%H:%M:%S")),
            None => self.date.format("%Y-%m-%d").to_string(),
        }
    }

    /// The list's short form: `31/12/2020 19:20`, or `31/12/2020` alone.
    pub fn short(&self) -> String {
        match self.time {
            Some(t) => format!("{} {}", self.date.format("%d/%m/%Y"), t.format("%H:%M")),
            None => self.date.format("%d/%m/%Y").to_string(),
        }
    }
}

/// One article, already cleaned: NFC text, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub published: Option<Published>,
    pub views: Option<u64>,
    pub source: Option<String>,
    pub paragraphs: Vec<String>,
    /// Where the article is on the web (feeds, headers), if known.
    pub link: Option<String>,
    pub author: Option<String>,
}

/// Newest first; undated articles after every dated one, then by id so the
/// order is total and stable.
pub fn newest_first(a: &Article, b: &Article) -> std::cmp::Ordering {
    match (&a.published, &b.published) {
        (Some(x), Some(y)) => y.cmp(x).then_with(|| a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, date: Option<(i32, u32, u32)>, time: Option<(u32, u32)>) -> Article {
        Article {
            id: id.into(),
            title: id.into(),
            published: date.map(|(y, m, d)| Published {
                date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                time: time.map(|(h, mi)| NaiveTime::from_hms_opt(h, mi, 0).unwrap()),
            }),
            views: None,
            source: None,
            paragraphs: vec![],
            link: None,
            author: None,
        }
    }

    #[test]
    fn newest_first_puts_undated_last_and_later_times_first() {
        let mut v = [
            art("undated", None, None),
            art("old", Some((2020, 1, 1)), Some((8, 0))),
            art("new-morning", Some((2020, 12, 31)), Some((8, 0))),
            art("new-evening", Some((2020, 12, 31)), Some((19, 20))),
        ];
        v.sort_by(newest_first);
        let ids: Vec<_> = v.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["new-evening", "new-morning", "old", "undated"]);
    }

    #[test]
    fn published_formats() {
        let a = art("x", Some((2020, 12, 31)), Some((19, 20)));
        let p = a.published.unwrap();
        assert_eq!(p.iso8601(), "2020-12-31T19:20:00");
        assert_eq!(p.short(), "31/12/2020 19:20");
        let b = art("y", Some((2020, 2, 3)), None).published.unwrap();
        assert_eq!(b.iso8601(), "2020-02-03");
        assert_eq!(b.short(), "03/02/2020");
    }
}
