//! Bulk read marks in the store: one transaction over the state and the
//! index's mirror, kept by the state through a rebuild of the index.

use std::fs;
use std::path::Path;

use xemtin::catalog::{Catalog, Filter};
use xemtin::dates::DateFilter;
use xemtin::store::{Store, StorePaths, sync};

/// 30 dated articles, sources "A" (even days) and "B" (odd days), December 2020.
fn write_articles(data: &Path) {
    for day in 1..=30u32 {
        let source = if day % 2 == 0 { "A" } else { "B" };
        let text = format!(
            "title: Article {day}\ndate: 2020-12-{day:02}\nsource: {source}\n\nBody of article {day}, about rice.\n"
        );
        fs::write(data.join(format!("a{day:02}.txt")), text).unwrap();
    }
}

fn open(home: &Path, data: &Path, rebuild: bool) -> Store {
    let paths = StorePaths::in_folders(&home.join("cache"), &home.join("state"), data);
    sync(&paths, data, rebuild, &mut |_| {}).expect("sync");
    Store::open(&paths, data).expect("open the store").0
}

fn day_filter(from: u32, to: u32) -> Filter {
    let d = |n| chrono::NaiveDate::from_ymd_opt(2020, 12, n).unwrap();
    Filter {
        dates: Some(DateFilter::Range {
            from: d(from),
            to: d(to),
        }),
        ..Filter::default()
    }
}

#[test]
fn bulk_marks_are_saved_together_and_survive_an_index_rebuild() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    write_articles(data.path());
    let mut store = open(home.path(), data.path(), false);
    let all = Filter::default();
    assert_eq!(store.unread(&all).unwrap(), 30);

    // the source B articles of 1..=10 December: 1, 3, 5, 7, 9
    let view = Filter {
        source: Some("B".into()),
        ..day_filter(1, 10)
    };
    let mut ids = store.unread_ids(&view, None).unwrap();
    ids.sort();
    assert_eq!(ids, ["a01.txt", "a03.txt", "a05.txt", "a07.txt", "a09.txt"]);
    store.set_read_many(&ids, true).unwrap();
    assert_eq!(store.unread(&view).unwrap(), 0);
    assert_eq!(store.unread(&all).unwrap(), 25);
    assert!(store.unread_ids(&view, None).unwrap().is_empty());

    // above the fourth row of the whole list (30, 29, 28 December)
    let mut above = store.unread_ids(&all, Some(3)).unwrap();
    above.sort();
    assert_eq!(above, ["a28.txt", "a29.txt", "a30.txt"]);
    store.set_read_many(&above, true).unwrap();

    // a search: read through the list's windows
    let search = Filter {
        text: Some("rice".into()),
        ..day_filter(11, 12)
    };
    assert_eq!(store.unread_ids(&search, None).unwrap().len(), 2);
    drop(store);

    // a new index from nothing: the marks come from the state
    let mut store = open(home.path(), data.path(), true);
    assert_eq!(store.unread(&all).unwrap(), 22);
    assert_eq!(store.unread(&view).unwrap(), 0);
    let read: Vec<bool> = store
        .window(&all, 0, 4)
        .unwrap()
        .iter()
        .map(|s| s.read)
        .collect();
    assert_eq!(read, [true, true, true, false]);

    // undo: unread again, also after another rebuild
    store.set_read_many(&ids, false).unwrap();
    assert_eq!(store.unread(&view).unwrap(), 5);
    drop(store);
    let mut store = open(home.path(), data.path(), true);
    assert_eq!(store.unread(&all).unwrap(), 27);
}

#[test]
fn a_view_is_marked_read_in_one_statement_and_survives_a_rebuild() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    write_articles(data.path());
    let mut store = open(home.path(), data.path(), false);
    let all = Filter::default();
    store.set_read("a02.txt", true).unwrap();

    // source A of 1..=10 December: 2 (read already), 4, 6, 8, 10
    let view = Filter {
        source: Some("A".into()),
        ..day_filter(1, 10)
    };
    let mut ids = store.mark_view_read(&view, None).unwrap();
    ids.sort();
    assert_eq!(ids, ["a04.txt", "a06.txt", "a08.txt", "a10.txt"]);
    assert_eq!(store.unread(&view).unwrap(), 0);
    assert_eq!(store.unread(&all).unwrap(), 25);
    assert!(store.mark_view_read(&view, None).unwrap().is_empty());

    // a search: the articles it matches in the view
    let search = Filter {
        text: Some("article 11".into()),
        ..day_filter(11, 12)
    };
    assert_eq!(store.mark_view_read(&search, None).unwrap(), ["a11.txt"]);
    // above the fourth row of the whole list (30, 29, 28 December)
    let mut above = store.mark_view_read(&all, Some(3)).unwrap();
    above.sort();
    assert_eq!(above, ["a28.txt", "a29.txt", "a30.txt"]);
    drop(store);

    // a new index from nothing: the marks come from the state
    let mut store = open(home.path(), data.path(), true);
    assert_eq!(store.unread(&all).unwrap(), 21);
    assert_eq!(store.unread(&view).unwrap(), 0);
    // the undo of the first: unread again, also after another rebuild
    store.set_read_many(&ids, false).unwrap();
    drop(store);
    let mut store = open(home.path(), data.path(), true);
    assert_eq!(store.unread(&all).unwrap(), 25);
    assert_eq!(store.unread(&view).unwrap(), 4);
}
