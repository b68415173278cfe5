//! The store's calendar counts: the catalog contract for them on a real
//! index, and the one grouped query that answers a span.

use std::fs;

use chrono::Timelike;

use super::{Store, StorePaths, sync};
use crate::article::Article;
use crate::catalog::{Catalog, calendar_contract};

/// The newspaper page layout that parses back to `a`.
fn page_text(a: &Article) -> String {
    let mut s = format!("{}\n\n", a.title);
    if let Some(p) = &a.published {
        s += &p.date.format("ngày %-d tháng %-m năm %Y").to_string();
        if let Some(t) = p.time {
            s += &format!(" - {:02}:{:02}", t.hour(), t.minute());
        }
        s += "\n\n";
    }
    for para in &a.paragraphs {
        s += &format!("{para}\n\n");
    }
    if let Some(src) = &a.source {
        s += &format!("Theo {src}\n");
    }
    s
}

#[test]
fn store_counts_days_as_every_catalog_does() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    let paths = StorePaths::in_folders(&tmp.path().join("cache"), &tmp.path().join("share"), &data);
    calendar_contract::check(|articles| {
        for a in &articles {
            fs::write(data.join(&a.id), page_text(a)).unwrap();
        }
        let report = sync(&paths, &data, false, &mut |_| {}).unwrap();
        assert_eq!(report.added, articles.len());
        let (store, notices) = Store::open(&paths, &data).unwrap();
        assert!(notices.is_empty(), "{notices:?}");
        store
    });
}

#[test]
fn a_span_is_counted_in_one_query_over_index_ranges() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    let paths = StorePaths::in_folders(&tmp.path().join("cache"), &tmp.path().join("share"), &data);
    sync(&paths, &data, false, &mut |_| {}).unwrap();
    let (store, _) = Store::open(&paths, &data).unwrap();
    let filter = crate::catalog::Filter::default();
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let plan = super::calendar::plan(
        &store.conn,
        &store.cache,
        &filter,
        day(2020, 12, 1),
        day(2020, 12, 31),
    )
    .unwrap();
    // the rows come from an index on `published`, never a scan of the table
    assert!(
        plan.iter()
            .any(|l| l.contains("USING") && l.contains("INDEX")),
        "{plan:?}"
    );
    assert!(
        !plan
            .iter()
            .any(|l| l.starts_with("SCAN articles") && !l.contains("INDEX")),
        "{plan:?}"
    );
}

/// The sample of the calendar contract in a fresh index.
fn sample_store(tmp: &std::path::Path) -> Store {
    let data = tmp.join("data");
    fs::create_dir(&data).unwrap();
    let paths = StorePaths::in_folders(&tmp.join("cache"), &tmp.join("share"), &data);
    for a in calendar_contract::sample() {
        fs::write(data.join(&a.id), page_text(&a)).unwrap();
    }
    sync(&paths, &data, false, &mut |_| {}).unwrap();
    Store::open(&paths, &data).unwrap().0
}

#[test]
fn counts_under_a_search_reuse_the_matches_the_list_holds() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = sample_store(tmp.path());
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let search = crate::catalog::Filter {
        text: Some("lũ lụt ".into()),
        ..crate::catalog::Filter::default()
    };
    // the list counts the search: the full-text index evaluates it once
    assert_eq!(store.count(&search).unwrap(), 4);
    // without the full-text index, any new evaluation would find nothing
    store.cache.search.text = None;
    store.cache.search.text_dir = None;
    let dec = store
        .day_counts(&search, day(2020, 12, 1), day(2020, 12, 31))
        .unwrap();
    assert_eq!(
        dec.days.into_iter().collect::<Vec<_>>(),
        [(day(2020, 12, 31), 2)]
    );
    assert_eq!(dec.undated, 1);
    let year = store
        .day_counts(&search, day(2021, 1, 1), day(2021, 12, 31))
        .unwrap();
    assert_eq!(
        year.days.into_iter().collect::<Vec<_>>(),
        [(day(2021, 1, 2), 1)]
    );
    let next = store.day_with_articles(&search, day(2020, 12, 31), true);
    assert_eq!(next.unwrap(), Some(day(2021, 1, 2)));
    let before = store.day_with_articles(&search, day(2020, 12, 31), false);
    assert_eq!(before.unwrap(), None, "d (5/11) and f (1/12) do not match");
}

#[test]
fn a_search_of_exclusions_is_evaluated_once_for_every_span() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = sample_store(tmp.path());
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let excluded = crate::catalog::Filter {
        text: Some("-lũ ".into()),
        ..crate::catalog::Filter::default()
    };
    let nov = store
        .day_counts(&excluded, day(2020, 11, 1), day(2020, 11, 30))
        .unwrap();
    assert_eq!(nov.dated(), 1);
    // without the full-text index, a new evaluation would leave out nothing
    store.cache.search.text = None;
    store.cache.search.text_dir = None;
    // what its terms leave out, from the matches kept
    let left = store
        .day_counts(&excluded, day(2020, 12, 1), day(2021, 1, 31))
        .unwrap();
    assert_eq!(
        left.days.into_iter().collect::<Vec<_>>(),
        [(day(2020, 12, 1), 1), (day(2020, 12, 31), 1)]
    );
    assert_eq!(left.undated, 1);
    assert_eq!(
        store
            .day_with_articles(&excluded, day(2020, 12, 31), false)
            .unwrap(),
        Some(day(2020, 12, 1))
    );
}
