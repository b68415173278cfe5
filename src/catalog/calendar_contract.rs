//! The calendar's counts every Catalog must give: articles per day over a
//! span and undated ones, under every filter but the date (which the
//! calendar ignores), and the nearest day with articles.

use chrono::{NaiveDate, NaiveTime};

use super::{Catalog, Filter};
use crate::article::{Article, Published};
use crate::dates::DateFilter;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn article(
    id: &str,
    date: Option<(NaiveDate, Option<(u32, u32)>)>,
    source: Option<&str>,
    body: &str,
) -> Article {
    Article {
        id: id.into(),
        title: format!("Tin {id}"),
        published: date.map(|(date, t)| Published {
            date,
            time: t.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
            instant: None,
        }),
        views: Some(3),
        source: source.map(String::from),
        paragraphs: vec![body.to_string()],
        link: None,
        author: None,
    }
}

/// Eight articles over November 2020 to January 2021, two undated; "lũ
/// lụt" in a, c, e and g.
pub fn sample() -> Vec<Article> {
    let a = Some("Báo A");
    let b = Some("Báo B");
    vec![
        article(
            "a.txt",
            Some((d(2020, 12, 31), None)),
            a,
            "Mưa lũ lụt ở Na Hang.",
        ),
        article(
            "b.txt",
            Some((d(2020, 12, 31), Some((8, 0)))),
            b,
            "Giá vàng tăng.",
        ),
        article(
            "c.txt",
            Some((d(2021, 1, 2), Some((9, 0)))),
            a,
            "Sau lũ lụt, dân trở về.",
        ),
        article(
            "d.txt",
            Some((d(2020, 11, 5), Some((7, 0)))),
            None,
            "Bóng đá.",
        ),
        article("e.txt", None, a, "Bản tin lũ lụt không ngày."),
        article(
            "f.txt",
            Some((d(2020, 12, 1), Some((0, 0)))),
            a,
            "Đầu tháng.",
        ),
        article(
            "g.txt",
            Some((d(2020, 12, 31), Some((23, 59)))),
            a,
            "Cuối năm, lũ lụt.",
        ),
        article("h.txt", None, b, "Không ngày, nguồn B."),
    ]
}

fn days(
    c: &mut dyn Catalog,
    f: &Filter,
    first: NaiveDate,
    last: NaiveDate,
) -> (Vec<(NaiveDate, usize)>, usize) {
    let counts = c.day_counts(f, first, last).unwrap();
    assert_eq!(counts.first, Some(first.min(last)));
    assert_eq!(counts.last, Some(first.max(last)));
    let days = counts.days.iter().map(|(d, n)| (*d, *n)).collect();
    (days, counts.undated)
}

/// Run every check against a catalog made by `make` from `sample()`.
pub fn check<C: Catalog>(mut make: impl FnMut(Vec<Article>) -> C) {
    let mut c = make(sample());
    let dec = (d(2020, 12, 1), d(2020, 12, 31));
    let all = Filter::default();

    // a month: its first and last day are in, a day with a time counts
    // under its date, the undated apart
    let (got, undated) = days(&mut c, &all, dec.0, dec.1);
    assert_eq!(got, [(d(2020, 12, 1), 1), (d(2020, 12, 31), 3)]);
    assert_eq!(undated, 2);
    // a span read the other way round is the same span
    assert_eq!(days(&mut c, &all, dec.1, dec.0).0, got);
    // a span across the new year; a year
    let (got, _) = days(&mut c, &all, d(2020, 12, 28), d(2021, 1, 3));
    assert_eq!(got, [(d(2020, 12, 31), 3), (d(2021, 1, 2), 1)]);
    let (got, _) = days(&mut c, &all, d(2020, 1, 1), d(2020, 12, 31));
    assert_eq!(
        got,
        [
            (d(2020, 11, 5), 1),
            (d(2020, 12, 1), 1),
            (d(2020, 12, 31), 3)
        ]
    );
    // one day; a span with nothing in it
    assert_eq!(
        days(&mut c, &all, d(2021, 1, 2), d(2021, 1, 2)).0,
        [(d(2021, 1, 2), 1)]
    );
    let (got, undated) = days(&mut c, &all, d(1999, 1, 1), d(1999, 12, 31));
    assert!(got.is_empty());
    assert_eq!(undated, 2);

    // the filter's own date part is ignored: the calendar shows around it
    let dated = Filter {
        dates: Some(DateFilter::Day(d(2021, 1, 2))),
        ..Filter::default()
    };
    assert_eq!(
        days(&mut c, &dated, dec.0, dec.1),
        days(&mut c, &all, dec.0, dec.1)
    );

    // source
    let source_a = Filter {
        source: Some("Báo A".into()),
        ..Filter::default()
    };
    let (got, undated) = days(&mut c, &source_a, dec.0, dec.1);
    assert_eq!(got, [(d(2020, 12, 1), 1), (d(2020, 12, 31), 2)]);
    assert_eq!(undated, 1);

    // search: a positive term, then exclusions only, then with a source
    let search = Filter {
        text: Some("lũ lụt ".into()),
        ..Filter::default()
    };
    let (got, undated) = days(&mut c, &search, d(2020, 11, 1), d(2021, 1, 31));
    assert_eq!(got, [(d(2020, 12, 31), 2), (d(2021, 1, 2), 1)]);
    assert_eq!(undated, 1);
    let ranked = Filter {
        by_relevance: true,
        ..search.clone()
    };
    assert_eq!(
        days(&mut c, &ranked, d(2020, 11, 1), d(2021, 1, 31)),
        days(&mut c, &search, d(2020, 11, 1), d(2021, 1, 31))
    );
    let prefix = Filter {
        text: Some("lũ lụ".into()),
        ..Filter::default()
    };
    assert_eq!(
        days(&mut c, &prefix, d(2020, 11, 1), d(2021, 1, 31)).0,
        [(d(2020, 12, 31), 2), (d(2021, 1, 2), 1)]
    );
    let excluded = Filter {
        text: Some("-lũ ".into()),
        ..Filter::default()
    };
    let (got, undated) = days(&mut c, &excluded, d(2020, 11, 1), d(2021, 1, 31));
    assert_eq!(
        got,
        [
            (d(2020, 11, 5), 1),
            (d(2020, 12, 1), 1),
            (d(2020, 12, 31), 1)
        ]
    );
    assert_eq!(undated, 1);
    let search_b = Filter {
        source: Some("Báo B".into()),
        ..search.clone()
    };
    let (got, undated) = days(&mut c, &search_b, d(2020, 11, 1), d(2021, 1, 31));
    assert!(got.is_empty());
    assert_eq!(undated, 0);

    // marks
    c.set_read("a.txt", true).unwrap();
    c.set_read("e.txt", true).unwrap();
    c.set_starred("g.txt", true).unwrap();
    c.set_starred("h.txt", true).unwrap();
    let unread = Filter {
        unread_only: true,
        ..Filter::default()
    };
    let (got, undated) = days(&mut c, &unread, dec.0, dec.1);
    assert_eq!(got, [(d(2020, 12, 1), 1), (d(2020, 12, 31), 2)]);
    assert_eq!(undated, 1);
    let starred = Filter {
        starred_only: true,
        ..Filter::default()
    };
    let (got, undated) = days(&mut c, &starred, dec.0, dec.1);
    assert_eq!(got, [(d(2020, 12, 31), 1)]);
    assert_eq!(undated, 1);
    let unread_search_a = Filter {
        unread_only: true,
        ..source_a.clone()
    };
    let unread_search_a = Filter {
        text: Some("lũ".into()),
        ..unread_search_a
    };
    let (got, undated) = days(&mut c, &unread_search_a, d(2020, 11, 1), d(2021, 1, 31));
    assert_eq!(got, [(d(2020, 12, 31), 1), (d(2021, 1, 2), 1)]);
    assert_eq!(undated, 0);
    // a mark changed after counting is seen by the next count
    c.set_read("g.txt", true).unwrap();
    assert_eq!(
        days(&mut c, &unread, dec.0, dec.1).0,
        [(d(2020, 12, 1), 1), (d(2020, 12, 31), 1)]
    );

    // the nearest day with articles, strictly after or before, any distance
    let next = |c: &mut C, f: &Filter, from: NaiveDate, later: bool| {
        c.day_with_articles(f, from, later).unwrap()
    };
    assert_eq!(
        next(&mut c, &all, d(2020, 12, 1), true),
        Some(d(2020, 12, 31))
    );
    assert_eq!(
        next(&mut c, &all, d(2020, 12, 31), true),
        Some(d(2021, 1, 2))
    );
    assert_eq!(next(&mut c, &all, d(2021, 1, 2), true), None);
    assert_eq!(
        next(&mut c, &all, d(2020, 12, 1), false),
        Some(d(2020, 11, 5))
    );
    assert_eq!(next(&mut c, &all, d(2020, 11, 5), false), None);
    assert_eq!(next(&mut c, &all, d(1, 1, 1), true), Some(d(2020, 11, 5)));
    assert_eq!(
        next(&mut c, &all, d(9999, 12, 31), false),
        Some(d(2021, 1, 2))
    );
    assert_eq!(next(&mut c, &all, NaiveDate::MAX, true), None);
    assert_eq!(
        next(&mut c, &dated, d(2020, 12, 1), true),
        Some(d(2020, 12, 31))
    );
    assert_eq!(next(&mut c, &source_a, d(2020, 11, 30), false), None);
    assert_eq!(next(&mut c, &search, d(2020, 12, 31), false), None);
    assert_eq!(
        next(&mut c, &search, d(2020, 12, 1), true),
        Some(d(2020, 12, 31))
    );
    assert_eq!(
        next(&mut c, &starred, d(1, 1, 1), true),
        Some(d(2020, 12, 31))
    );
    assert_eq!(
        next(&mut c, &unread, d(2020, 12, 31), true),
        Some(d(2021, 1, 2))
    );
    assert_eq!(next(&mut c, &excluded, d(2020, 12, 31), true), None);

    // the list of the undated (the calendar's "undated"), with the other
    // filters; the calendar's counts do not depend on it
    let undated = Filter {
        undated_only: true,
        ..Filter::default()
    };
    assert_eq!(c.count(&undated).unwrap(), 2);
    let rows = c.window(&undated, 0, 10).unwrap();
    let ids: Vec<&str> = rows.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["e.txt", "h.txt"]);
    let undated_b = Filter {
        source: Some("Báo B".into()),
        ..undated.clone()
    };
    assert_eq!(c.count(&undated_b).unwrap(), 1);
    assert_eq!(
        days(&mut c, &undated, dec.0, dec.1),
        days(&mut c, &all, dec.0, dec.1)
    );
}
