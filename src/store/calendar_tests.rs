//! The store's calendar counts: the catalog contract for them on a real
//! index, and the one grouped query that answers a span.

use std::fs;

use chrono::Timelike;

use super::{Store, StorePaths, sync};
use crate::article::Article;
use crate::catalog::calendar_contract;

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
