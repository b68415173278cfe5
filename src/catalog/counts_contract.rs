//! What the pane of sources and views asks of every catalog: each source's
//! total and unread counts, and the counts of a filter other than the
//! list's (a saved view's), which leave the list's answers as they were.

use chrono::NaiveDate;

use super::contract::sample;
use super::{Catalog, Counts, Filter};
use crate::article::Article;
use crate::dates::DateFilter;

fn counts(total: usize, unread: usize) -> Counts {
    Counts { total, unread }
}

/// Run the checks against a catalog made by `make` from the contract's sample.
pub fn check<C: Catalog>(make: impl FnOnce(Vec<Article>) -> C) {
    let mut c = make(sample());
    let all = Filter::default();
    let a = "Báo A".to_string();
    let b = "Báo B".to_string();
    assert_eq!(
        c.source_counts(&all).unwrap(),
        [(a.clone(), counts(3, 3)), (b.clone(), counts(1, 1))]
    );
    c.set_read("a.txt", true).unwrap();
    c.set_read("e.txt", true).unwrap();
    let december = Filter {
        dates: Some(DateFilter::Month {
            year: 2020,
            month: 12,
        }),
        ..Filter::default()
    };
    assert_eq!(
        c.source_counts(&december).unwrap(),
        [(a.clone(), counts(1, 0)), (b.clone(), counts(1, 1))]
    );
    let only_b = Filter {
        source: Some(b.clone()),
        ..all.clone()
    };
    assert_eq!(
        c.source_counts(&only_b).unwrap()[0],
        (a.clone(), counts(3, 1)),
        "a source filter of its own changes no count"
    );

    // the list shows one search; a view's counts are asked meanwhile
    let list = Filter {
        text: Some("tieu de".into()),
        ..Filter::default()
    };
    let before = (c.count(&list).unwrap(), c.window(&list, 0, 10).unwrap());
    let view = Filter {
        text: Some("noi dung".into()),
        ..december.clone()
    };
    assert_eq!(c.counts_aside(&view).unwrap(), counts(2, 1));
    let one = Filter {
        text: Some("dung b.txt".into()),
        ..Filter::default()
    };
    assert_eq!(c.counts_aside(&one).unwrap(), counts(1, 1));
    let unread_2021 = Filter {
        dates: Some(DateFilter::Range {
            from: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap(),
        }),
        unread_only: true,
        ..Filter::default()
    };
    assert_eq!(c.counts_aside(&unread_2021).unwrap(), counts(1, 1));
    assert_eq!(
        (c.count(&list).unwrap(), c.window(&list, 0, 10).unwrap()),
        before
    );
    // marks changed since are counted
    c.set_read("b.txt", true).unwrap();
    assert_eq!(c.counts_aside(&view).unwrap(), counts(2, 0));
    c.set_starred("c.txt", true).unwrap();
    let starred = Filter {
        starred_only: true,
        ..Filter::default()
    };
    assert_eq!(c.counts_aside(&starred).unwrap(), counts(1, 1));
}
