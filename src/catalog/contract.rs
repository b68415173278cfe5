//! The behaviour every Catalog must have, as one test routine that each
//! implementation runs on a fresh instance holding the sample articles.

use chrono::{NaiveDate, NaiveTime};

use super::{Catalog, Counts, Filter, Limits, QuickCounts};
use crate::article::{Article, Published};
use crate::dates::DateFilter;

fn article(id: &str, date: Option<(i32, u32, u32, Option<u32>)>, source: Option<&str>) -> Article {
    Article {
        id: id.into(),
        title: format!("Tiêu đề {id}"),
        published: date.map(|(y, m, d, h)| Published {
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            time: h.and_then(|h| NaiveTime::from_hms_opt(h, 0, 0)),
            instant: None,
        }),
        views: Some(7),
        source: source.map(String::from),
        paragraphs: vec![format!("Nội dung {id}.")],
        link: None,
        author: None,
    }
}

/// The sample: newest first they are c, b, a (same day as b, earlier), d, e (undated).
pub fn sample() -> Vec<Article> {
    vec![
        article("a.txt", Some((2020, 12, 31, None)), Some("Báo A")),
        article("b.txt", Some((2020, 12, 31, Some(8))), Some("Báo B")),
        article("c.txt", Some((2021, 1, 2, Some(9))), Some("Báo A")),
        article("d.txt", Some((2020, 11, 5, Some(7))), None),
        article("e.txt", None, Some("Báo A")),
    ]
}

fn ids<C: Catalog>(c: &mut C, f: &Filter) -> Vec<String> {
    let n = c.count(f).unwrap();
    c.window(f, 0, n + 5)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect()
}

/// Run every check against catalogs made by `make` from `sample()`.
pub fn check<C: Catalog>(mut make: impl FnMut(Vec<Article>) -> C) {
    let mut c = make(sample());
    let all = Filter::default();
    // the counts a list is drawn with at once, asked first (a catalog may
    // give counts it holds already): exact up to `counted_at_once`
    // articles (the catalogs here answer with `Limits::SMALL`), a lower
    // bound above it
    let at_once = Limits::SMALL.counted_at_once;
    let first_two = Filter {
        dates: Some(DateFilter::Month {
            year: 2020,
            month: 12,
        }),
        ..Filter::default()
    };
    let quick = c.quick_counts(&all).unwrap();
    assert!(
        matches!(quick, QuickCounts::AtLeast(n) if at_once < n && n <= 5),
        "{quick:?}"
    );
    assert_eq!(
        c.quick_counts(&first_two).unwrap(),
        QuickCounts::Counted(Counts {
            total: 2,
            unread: 2
        })
    );
    assert_eq!(
        ids(&mut c, &all),
        ["c.txt", "b.txt", "a.txt", "d.txt", "e.txt"]
    );
    assert_eq!(c.count(&all).unwrap(), 5);
    let w = c.window(&all, 1, 2).unwrap();
    assert_eq!(
        w.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["b.txt", "a.txt"]
    );
    assert_eq!(w[0].title, "Tiêu đề b.txt");
    assert_eq!(w[0].source.as_deref(), Some("Báo B"));
    assert_eq!(w[0].views, Some(7));
    assert!(c.window(&all, 10, 5).unwrap().is_empty());
    assert_eq!(c.position(&all, "d.txt").unwrap(), Some(3));
    assert_eq!(c.position(&all, "nope").unwrap(), None);

    let dec = Filter {
        dates: Some(DateFilter::Month {
            year: 2020,
            month: 12,
        }),
        ..Filter::default()
    };
    assert_eq!(ids(&mut c, &dec), ["b.txt", "a.txt"]);
    assert_eq!(c.position(&dec, "c.txt").unwrap(), None);
    let day = Filter {
        dates: Some(DateFilter::Day(
            NaiveDate::from_ymd_opt(2021, 1, 2).unwrap(),
        )),
        ..Filter::default()
    };
    assert_eq!(ids(&mut c, &day), ["c.txt"]);

    let source_a = Filter {
        source: Some("Báo A".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&mut c, &source_a), ["c.txt", "a.txt", "e.txt"]);
    assert_eq!(
        c.sources(&dec).unwrap(),
        [("Báo A".to_string(), 1), ("Báo B".to_string(), 1)]
    );
    assert_eq!(c.sources(&all).unwrap()[0], ("Báo A".to_string(), 3));

    // read and starred state, and the filters on them
    assert_eq!(c.unread(&all).unwrap(), 5);
    c.set_read("a.txt", true).unwrap();
    c.set_read("c.txt", true).unwrap();
    c.set_read("c.txt", false).unwrap();
    c.set_starred("d.txt", true).unwrap();
    assert!(c.set_read("missing.txt", true).is_err());
    assert_eq!(c.unread(&all).unwrap(), 4);
    assert_eq!(c.unread(&source_a).unwrap(), 2);
    let unread = Filter {
        unread_only: true,
        ..Filter::default()
    };
    assert_eq!(ids(&mut c, &unread), ["c.txt", "b.txt", "d.txt", "e.txt"]);
    let starred = Filter {
        starred_only: true,
        ..Filter::default()
    };
    assert_eq!(ids(&mut c, &starred), ["d.txt"]);
    let w = c.window(&all, 2, 2).unwrap();
    assert!(w[0].read && !w[0].starred);
    assert!(!w[1].read && w[1].starred);
    let combined = Filter {
        unread_only: true,
        ..dec.clone()
    };
    assert_eq!(ids(&mut c, &combined), ["b.txt"]);

    let full = c.article("b.txt").unwrap();
    assert_eq!(full.paragraphs, ["Nội dung b.txt."]);
    assert!(c.article("missing.txt").is_err());
}
