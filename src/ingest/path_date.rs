//! A date written in a file's path or in a path-like header field, for a
//! file that gives no date of its own: Jekyll posts
//! (`_posts/2017-01-04-clustering.markdown`, also `2014-3-3-hello.md`),
//! Zola's `path = "2022/08/01/increasing-glibc"`, a `permalink`, `slug` or
//! `url` field, archives in `2020/12/31/` folders, and names such as
//! `20201001_tin.txt`.
//!
//! The forms, each bounded by something that is not a digit:
//!
//! - `YYYY-M-D`, `YYYY_M_D` or `YYYY/M/D` (month and day of one or two
//!   digits, the same separator twice);
//! - `YYYYMMDD` as a run of exactly 8 digits, or the start of a run of 12,
//!   14 or 17 digits whose rest is a valid time (`YYYYMMDDhhmm`,
//!   `YYYYMMDDhhmmss`, and with milliseconds, as news sites put in their
//!   addresses).
//!
//! Against false positives: the date must exist, the year be from 1900 to
//! 2100 (1970 to 2100 for the 8-digit form, so that a numeric id such as
//! `21462133` is not a date), and dots are no separator (`2021.10.1` is
//! far more often a version than a date).

use chrono::{NaiveDate, NaiveTime};

/// Where a path date was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A header or front matter field (`path`, `slug`, `permalink`, `url`).
    Field(String),
    /// The file's name.
    FileName,
    /// The names of the folders the file is in.
    Folders,
}

impl Origin {
    /// The note for `check`.
    pub fn note(&self, date: NaiveDate) -> String {
        let d = date.format("%Y-%m-%d");
        let from = match self {
            Origin::Field(k) => format!("the \"{k}\" field"),
            Origin::FileName => "the file name".to_string(),
            Origin::Folders => "the folder names".to_string(),
        };
        format!("no date field; date {d} taken from {from}")
    }
}

/// Keys of path-like fields, whose value may hold a date.
pub fn is_path_key(key: &str) -> bool {
    matches!(
        key.trim().to_ascii_lowercase().as_str(),
        "path" | "slug" | "permalink" | "url" | "link" | "canonical" | "canonical_url"
    )
}

/// The date of a file: in the path-like `fields` (key, value) first, then
/// in its file name, then in its folders. `rel_path` is '/' separated.
pub fn path_date(fields: &[(String, String)], rel_path: &str) -> Option<(NaiveDate, Origin)> {
    for (k, v) in fields {
        if let Some(d) = date_in(v) {
            return Some((d, Origin::Field(k.clone())));
        }
    }
    let (folders, name) = match rel_path.rsplit_once('/') {
        Some((f, n)) => (f, n),
        None => ("", rel_path),
    };
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => name.get(..i).unwrap_or(name),
        _ => name,
    };
    if let Some(d) = date_in(stem) {
        return Some((d, Origin::FileName));
    }
    // `2020/12/31/x.txt` (whole folders), then the deepest folder that holds
    // a date of its own (`2020-12-31/x.txt`).
    if let Some(d) = date_in(folders) {
        return Some((d, Origin::Folders));
    }
    None
}

/// The first date in `s` in one of the forms of the module docs.
pub fn date_in(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = digits_at(b, i);
        if let Some(d) = separated(b, i, run).or_else(|| compact(s, i, run)) {
            return Some(d);
        }
        i += run;
    }
    None
}

/// How many ASCII digits start at `i`.
fn digits_at(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
}

fn number(b: &[u8], i: usize, len: usize) -> Option<u32> {
    std::str::from_utf8(b.get(i..i + len)?).ok()?.parse().ok()
}

/// `YYYY-M-D` with `-`, `_` or `/`, the year run starting at `i`.
fn separated(b: &[u8], i: usize, run: usize) -> Option<NaiveDate> {
    if run != 4 {
        return None;
    }
    let sep = *b.get(i + 4)?;
    if !matches!(sep, b'-' | b'_' | b'/') {
        return None;
    }
    let m_at = i + 5;
    let m_len = digits_at(b, m_at);
    if !(1..=2).contains(&m_len) || b.get(m_at + m_len) != Some(&sep) {
        return None;
    }
    let d_at = m_at + m_len + 1;
    let d_len = digits_at(b, d_at);
    if !(1..=2).contains(&d_len) {
        return None;
    }
    let y = i32::try_from(number(b, i, 4)?).ok()?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, number(b, m_at, m_len)?, number(b, d_at, d_len)?)
}

/// `YYYYMMDD` (and a valid time after it), the run starting at `i`.
fn compact(s: &str, i: usize, run: usize) -> Option<NaiveDate> {
    if !matches!(run, 8 | 12 | 14 | 17) {
        return None;
    }
    let digits = s.get(i..i + run)?;
    let num = |a: usize, z: usize| digits.get(a..z)?.parse::<u32>().ok();
    let y = i32::try_from(num(0, 4)?).ok()?;
    if !(1970..=2100).contains(&y) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y, num(4, 6)?, num(6, 8)?)?;
    if run > 8 {
        let sec = if run >= 14 { num(12, 14)? } else { 0 };
        NaiveTime::from_hms_opt(num(8, 10)?, num(10, 12)?, sec)?;
    }
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_in_names_and_values() {
        for (s, want) in [
            ("2017-01-04-clustering", Some(ymd(2017, 1, 4))),
            ("2014-3-3-Hello-World", Some(ymd(2014, 3, 3))),
            ("2022/08/01/increasing-glibc", Some(ymd(2022, 8, 1))),
            ("/blog/2020/12/31/tin-moi.html", Some(ymd(2020, 12, 31))),
            ("20201001_tin", Some(ymd(2020, 10, 1))),
            ("2020_10_01", Some(ymd(2020, 10, 1))),
            (
                "https://e.vn/a-20201001163534963.htm",
                Some(ymd(2020, 10, 1)),
            ),
            ("tin-202010011635", Some(ymd(2020, 10, 1))),
            ("x2021-02-03y", Some(ymd(2021, 2, 3))),
            // not dates
            ("21462133", None),
            ("news_business_001", None),
            ("1.94.1-release", None),
            ("2024-Edition-CFP", None),
            ("2021.10.01", None),
            ("2020-13-01-x", None),
            ("2021-02-30", None),
            ("20201301", None),
            ("202010019999", None),
            ("120201001", None),
            ("2020-10-01-", Some(ymd(2020, 10, 1))),
            ("2020-10-1234", None),
            ("2020-10/01", None),
            ("1850-01-01", None),
            ("19691231", None),
            ("", None),
        ] {
            assert_eq!(date_in(s), want, "{s}");
        }
    }

    #[test]
    fn fields_then_name_then_folders() {
        let path = |p: &str| path_date(&[], p);
        assert_eq!(
            path("_posts/2017-01-04-clustering.markdown"),
            Some((ymd(2017, 1, 4), Origin::FileName))
        );
        assert_eq!(
            path("archive/2020/12/31/tin.txt"),
            Some((ymd(2020, 12, 31), Origin::Folders))
        );
        assert_eq!(
            path("2020-12-31/tin.txt"),
            Some((ymd(2020, 12, 31), Origin::Folders))
        );
        assert_eq!(path("2020/12/tin.txt"), None);
        assert_eq!(path("2023-Survey/index.md"), None);
        let fields = [("path".to_string(), "2022/08/01/glibc".to_string())];
        assert_eq!(
            path_date(&fields, "2019-01-01-glibc.md"),
            Some((ymd(2022, 8, 1), Origin::Field("path".into())))
        );
        assert_eq!(
            Origin::Folders.note(ymd(2020, 12, 31)),
            "no date field; date 2020-12-31 taken from the folder names"
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in "([0-9]{1,9}|[-_/.a]|\\PC){0,12}") {
            let _ = date_in(&s);
            let _ = path_date(&[], &s);
        }
    }
}

#[cfg(test)]
mod page_tests {
    use crate::ingest::formats::{ParseOptions, parse_file};

    #[test]
    fn an_undated_page_takes_its_folders_date_as_a_note() {
        let page = "Lễ hội\n\nLễ hội diễn ra.\n";
        let o = parse_file(
            "2020/12/31/le-hoi.txt",
            page.as_bytes(),
            &ParseOptions::default(),
        )
        .unwrap();
        let a = o.articles.first().unwrap();
        assert_eq!(
            a.published.map(|p| p.iso8601()).as_deref(),
            Some("2020-12-31")
        );
        assert!(o.notes.is_empty(), "{:?}", o.notes);
        assert_eq!(o.remarks.len(), 1);
        let o = parse_file(
            "ids/21462133.txt",
            page.as_bytes(),
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(o.articles.first().unwrap().published, None);
        assert_eq!(o.notes.len(), 1);
        assert!(o.remarks.is_empty());
    }
}
