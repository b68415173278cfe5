//! The split layout against the in-memory catalog: when the screen splits,
//! the preview following the selection, the focus, the marking-read rule.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::Panes;
use crate::action::Action;
use crate::app::daily_fixture::dated;
use crate::app::reader::ReaderLayout;
use crate::app::{App, Options};
use crate::catalog::Memory;
use crate::config::split::{Arrangement, LayoutChoice, SplitConfig, SplitMarkRead};
use crate::context::Context;
use crate::i18n::Language;

/// Eight articles "s0".. (newest first) of forty paragraphs each.
fn catalog() -> Memory {
    let day = NaiveDate::from_ymd_opt(2020, 12, 31).unwrap();
    Memory::new(
        (0..8u64)
            .map(|i| {
                let paragraphs = (0..40).map(|p| format!("Paragraph {p} of {i}.")).collect();
                let date = day - chrono::Days::new(i);
                dated(
                    &format!("s{i}"),
                    format!("Title {i}"),
                    date,
                    "Báo",
                    paragraphs,
                )
            })
            .collect(),
    )
}

fn split_app(config: SplitConfig, width: u16, height: u16) -> (App, Memory) {
    let mut c = catalog();
    let options = Options {
        layout: ReaderLayout::default(),
        language: Language::En,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![],
        skipped: 0,
    };
    let mut app = App::new(options, width, height, &mut c);
    app.set_split(config, &mut c);
    (app, c)
}

fn auto() -> SplitConfig {
    SplitConfig {
        layout: LayoutChoice::Auto,
        ..SplitConfig::default()
    }
}

fn previewed(app: &App) -> Option<&str> {
    app.reader_pane().map(|r| r.article.id.as_str())
}

fn is_read(app: &App, id: &str) -> bool {
    app.list().window.iter().any(|s| s.id == id && s.read)
}

#[test]
fn auto_splits_from_the_configured_width_and_resizing_switches_live() {
    let (mut app, mut c) = split_app(auto(), 200, 50);
    assert!(app.split_panes().is_some());
    assert_eq!(
        previewed(&app),
        Some("s0"),
        "the selection is in the reader pane"
    );
    assert_eq!(app.mode(), Context::List, "the list has the focus");

    app.resize(159, 50, &mut c);
    assert!(
        app.split_panes().is_none(),
        "narrower than 160: one view at a time"
    );
    assert_eq!(app.reader_pane(), None, "no preview without the split");
    app.resize(160, 50, &mut c);
    assert_eq!(previewed(&app), Some("s0"));

    let narrow = SplitConfig {
        min_width: 100,
        ..auto()
    };
    let (app, _) = split_app(narrow, 120, 40);
    assert!(app.split_panes().is_some(), "split_min_width is followed");
    let single = SplitConfig {
        layout: LayoutChoice::Single,
        ..auto()
    };
    let (app, _) = split_app(single, 300, 80);
    assert!(app.split_panes().is_none());
    let always = SplitConfig {
        layout: LayoutChoice::Split,
        ..auto()
    };
    let (app, _) = split_app(always, 80, 24);
    assert!(app.split_panes().is_some(), "layout = split at 80 columns");
}

#[test]
fn the_preview_follows_the_selection_without_marking_it_read() {
    let (mut app, mut c) = split_app(auto(), 200, 50);
    for (n, id) in [(1, "s1"), (2, "s2"), (3, "s3")] {
        app.apply(Action::Down, &mut c);
        assert_eq!(previewed(&app), Some(id), "after {n} moves");
    }
    app.apply(Action::Up, &mut c);
    assert_eq!(previewed(&app), Some("s2"));
    assert_eq!(app.unread(), 8, "previews mark nothing read");
    assert!(app.reader().is_none());
    // the pane's text is laid out for the pane: 119 columns less margins,
    // capped at reader.max_width (100)
    let panes = app.split_panes().unwrap();
    assert_eq!(panes.reader.width, 119);
    assert_eq!(app.reader_pane().unwrap().doc.width, 100);
    let (mut app, mut c) = split_app(auto(), 170, 30);
    assert_eq!(app.split_panes().unwrap().reader.width, 101);
    assert_eq!(
        app.reader_pane().unwrap().doc.width,
        99,
        "a pane of 101 columns"
    );
    app.resize(180, 30, &mut c);
    let width = app.split_panes().unwrap().reader.width;
    assert_eq!(usize::from(width), 180 - 72 - 1);
    assert_eq!(app.reader_pane().unwrap().doc.width, 100);
}

#[test]
fn focus_moves_between_the_panes_and_opening_marks_read() {
    let (mut app, mut c) = split_app(auto(), 200, 50);
    app.apply(Action::Down, &mut c);
    app.apply(Action::FocusPane, &mut c);
    assert_eq!(
        app.mode(),
        Context::Reader,
        "tab gives the reader the focus"
    );
    assert_eq!(app.reader().map(|r| r.article.id.as_str()), Some("s1"));
    assert!(is_read(&app, "s1"), "focusing the reader opens the article");
    assert_eq!(app.unread(), 7);

    // the reader's keys act on the reader: j scrolls, the list stays
    app.apply(Action::Down, &mut c);
    app.apply(Action::Down, &mut c);
    assert_eq!(app.reader().unwrap().scroll, 2);
    assert_eq!(app.list().selected, 1);

    // back to the list: the article stays in its pane where it was
    app.apply(Action::FocusPane, &mut c);
    assert_eq!(app.mode(), Context::List);
    assert_eq!(previewed(&app), Some("s1"));
    assert_eq!(app.reader_pane().unwrap().scroll, 2);
    app.apply(Action::FocusPane, &mut c);
    assert_eq!(app.reader().unwrap().scroll, 2, "and comes back as it was");
    app.apply(Action::Back, &mut c);
    assert_eq!(app.mode(), Context::List, "back also returns to the list");
    assert!(!app.wants_to_quit());
    assert_eq!(app.reader_pane().unwrap().scroll, 2);

    // the list's keys act on the list again; enter opens and marks read
    app.apply(Action::Down, &mut c);
    assert_eq!(previewed(&app), Some("s2"));
    assert_eq!(
        app.reader_pane().unwrap().scroll,
        0,
        "a new article from its top"
    );
    assert!(!is_read(&app, "s2"));
    app.apply(Action::Open, &mut c);
    assert_eq!(app.mode(), Context::Reader);
    assert!(is_read(&app, "s2"));

    // in the reader, J shows the next article and moves the selection
    app.apply(Action::NextArticle, &mut c);
    assert_eq!(app.list().selected, 3);
    assert_eq!(app.reader().unwrap().article.id, "s3");
}

#[test]
fn focus_pane_opens_and_goes_back_in_one_view_at_a_time() {
    let (mut app, mut c) = split_app(auto(), 80, 24);
    assert!(app.split_panes().is_none());
    app.apply(Action::FocusPane, &mut c);
    assert_eq!(app.mode(), Context::Reader);
    assert_eq!(
        app.reader().unwrap().doc.width,
        78,
        "the whole screen's width"
    );
    app.apply(Action::FocusPane, &mut c);
    assert_eq!(app.mode(), Context::List);
    assert_eq!(app.reader_pane(), None);
    app.apply(Action::Open, &mut c);
    app.apply(Action::Back, &mut c);
    assert_eq!(app.mode(), Context::List);
    assert_eq!(app.reader_pane(), None, "back closes the reader");
}

#[test]
fn a_reader_open_when_the_screen_widens_keeps_the_focus() {
    let (mut app, mut c) = split_app(auto(), 80, 24);
    app.apply(Action::Open, &mut c);
    app.resize(200, 50, &mut c);
    assert_eq!(app.mode(), Context::Reader);
    assert_eq!(app.reader().unwrap().doc.width, 100);
    app.apply(Action::Back, &mut c);
    assert_eq!(app.mode(), Context::List);
    assert_eq!(previewed(&app), Some("s0"));
    app.resize(100, 30, &mut c);
    assert_eq!(app.reader_pane(), None);
}

#[test]
fn shown_for_the_configured_seconds_marks_read_once() {
    let config = SplitConfig {
        mark_read: SplitMarkRead::AfterSeconds(3),
        ..auto()
    };
    let (mut app, mut c) = split_app(config, 200, 50);
    let t0 = Instant::now();
    assert!(!app.split_tick(t0, &mut c));
    assert!(!app.split_tick(t0 + Duration::from_millis(2_900), &mut c));
    assert!(!is_read(&app, "s0"));
    assert!(app.split_tick(t0 + Duration::from_secs(3), &mut c));
    assert!(is_read(&app, "s0"), "three seconds on screen");
    assert_eq!(app.unread(), 7);

    // marked unread again by hand, it stays unread
    app.apply(Action::ToggleRead, &mut c);
    assert!(!is_read(&app, "s0"));
    assert!(!app.split_tick(t0 + Duration::from_secs(10), &mut c));
    assert!(!is_read(&app, "s0"));

    // a move starts the clock again for the next article
    app.apply(Action::Down, &mut c);
    let t1 = t0 + Duration::from_secs(20);
    assert!(!app.split_tick(t1, &mut c));
    assert!(!app.split_tick(t1 + Duration::from_secs(2), &mut c));
    app.apply(Action::Down, &mut c);
    assert!(!app.split_tick(t1 + Duration::from_secs(4), &mut c));
    assert!(!is_read(&app, "s1"), "s1 was shown two seconds only");
    assert!(app.split_tick(t1 + Duration::from_secs(7), &mut c));
    assert!(is_read(&app, "s2"));

    // help over the screen stops the clock
    app.apply(Action::Down, &mut c);
    assert!(!app.split_tick(t1 + Duration::from_secs(8), &mut c));
    app.apply(Action::Help, &mut c);
    assert!(!app.split_tick(t1 + Duration::from_secs(20), &mut c));
    assert!(!is_read(&app, "s3"));
}

#[test]
fn on_open_the_clock_never_marks_read() {
    let (mut app, mut c) = split_app(auto(), 200, 50);
    let t0 = Instant::now();
    for s in [0, 100, 10_000] {
        assert!(!app.split_tick(t0 + Duration::from_secs(s), &mut c));
    }
    assert_eq!(app.unread(), 8);
}

#[test]
fn stacked_panes_share_the_rows_and_pages_follow_them() {
    let config = SplitConfig {
        arrangement: Arrangement::Stacked,
        ..auto()
    };
    let (mut app, mut c) = split_app(config, 200, 50);
    let p = app.split_panes().unwrap();
    assert_eq!((p.list.y, p.list.height), (1, 18));
    assert_eq!(p.reader_header.y, 19);
    assert_eq!((p.reader.y, p.reader.height), (20, 29));
    assert_eq!(p.reader.y + p.reader.height, 49, "the status line is left");
    assert_eq!(app.reader_rows(), 29);
    // a page down in the list moves by the list pane's rows
    app.apply(Action::PageDown, &mut c);
    assert_eq!(app.list().selected, 7, "8 articles, a page of 18 rows");
    app.apply(Action::First, &mut c);
    app.apply(Action::FocusPane, &mut c);
    app.apply(Action::PageDown, &mut c);
    assert_eq!(
        app.reader().unwrap().scroll,
        29,
        "the reader's page is its pane's"
    );
}

#[test]
fn panes_fit_the_screen_at_every_size() {
    for arrangement in [Arrangement::SideBySide, Arrangement::Stacked] {
        for width in (0..=260u16).chain([u16::MAX]) {
            for height in [0, 1, 2, 3, 4, 6, 7, 8, 24, 50, 200, u16::MAX] {
                let Some(p) = Panes::of(arrangement, width, height) else {
                    continue;
                };
                let areas = [p.list_header, p.list, p.reader_header, p.reader];
                for a in areas.iter().chain(p.divider.iter()) {
                    assert!(a.width > 0 && a.height > 0, "{width}x{height} {p:?}");
                    assert!(a.x + a.width <= width, "{width}x{height} {p:?}");
                    assert!(
                        a.y + a.height < height,
                        "{width}x{height}: the status row is free"
                    );
                }
                assert!(
                    p.list.x + p.list.width <= p.reader.x || p.list.y + p.list.height <= p.reader.y
                );
            }
        }
    }
    assert!(Panes::of(Arrangement::SideBySide, 40, 50).is_none());
    assert!(Panes::of(Arrangement::Stacked, 80, 6).is_none());
}

#[test]
fn a_search_relays_the_preview_for_its_matches() {
    let (mut app, mut c) = split_app(auto(), 200, 50);
    app.apply(Action::Search, &mut c);
    app.type_char('3', &mut c);
    app.type_char('9', &mut c);
    let r = app.reader_pane().unwrap();
    assert!(
        r.doc.lines.iter().any(|l| !l.matches.is_empty()),
        "the preview shows the search's matches"
    );
}

#[test]
fn a_click_in_the_other_pane_gives_it_the_focus() {
    use crate::app::mouse::MouseAction;
    let (mut app, mut c) = split_app(auto(), 200, 50);
    app.apply_mouse(MouseAction::ClickRow(2), &mut c);
    assert_eq!(
        previewed(&app),
        Some("s2"),
        "a click selects, the pane follows"
    );
    assert_eq!(app.mode(), Context::List);
    app.apply_mouse(MouseAction::ClickText { line: 3, byte: 0 }, &mut c);
    assert_eq!(
        app.mode(),
        Context::Reader,
        "a click in the article opens it there"
    );
    assert!(is_read(&app, "s2"));
    app.apply_mouse(MouseAction::ClickRow(4), &mut c);
    assert_eq!(
        app.mode(),
        Context::List,
        "a click in the list gives it the focus back"
    );
    assert_eq!(app.list().selected, 4);
    assert_eq!(previewed(&app), Some("s4"));
    assert!(!is_read(&app, "s4"), "and only selects");
    app.apply_mouse(MouseAction::ClickRow(4), &mut c);
    assert_eq!(
        app.mode(),
        Context::Reader,
        "a second click opens, as in one view"
    );
}
