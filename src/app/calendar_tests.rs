//! The calendar view's behaviour, with the in-memory catalog.

use chrono::NaiveDate;

use super::{App, Options};
use crate::action::Action;
use crate::app::reader::ReaderLayout;
use crate::catalog::Memory;
use crate::catalog::calendar_contract::sample;
use crate::context::Context;
use crate::dates::DateFilter;
use crate::i18n::Language;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The calendar contract's sample (newest first: c 2/1/2021, then g, b, a
/// on 31/12/2020, f 1/12, d 5/11, two undated), the list on its first row.
fn fixture() -> (App, Memory) {
    let mut c = Memory::new(sample());
    let options = Options {
        layout: ReaderLayout::default(),
        language: Language::En,
        today: d(2021, 1, 15),
        help: Vec::new(),
        skipped: 0,
    };
    let app = App::new(options, 80, 24, &mut c);
    (app, c)
}

fn cursor(app: &App) -> NaiveDate {
    app.calendar().unwrap().cursor
}

#[test]
fn opens_on_the_selected_articles_day_and_moves_without_asking_again() {
    let (mut app, mut c) = fixture();
    app.apply(Action::Down, &mut c);
    app.apply(Action::Calendar, &mut c);
    assert_eq!(app.mode(), Context::Calendar);
    let cal = app.calendar().unwrap();
    assert_eq!(cal.cursor, d(2020, 12, 31));
    assert_eq!(cal.article_day, Some(d(2020, 12, 31)));
    assert_eq!(cal.counts.on(d(2020, 12, 31)), 3);
    assert_eq!(cal.counts.undated, 2);
    assert_eq!(cal.queries, 1);
    // every day of December's grid (30/11 to 3/1) is held: no new query
    for a in [
        Action::Up,
        Action::Left,
        Action::Down,
        Action::Right,
        Action::Up,
    ] {
        app.apply(a, &mut c);
    }
    assert_eq!(cursor(&app), d(2020, 12, 24));
    for _ in 0..23 {
        app.apply(Action::Left, &mut c);
    }
    assert_eq!(cursor(&app), d(2020, 12, 1));
    assert_eq!(app.calendar().unwrap().queries, 1);
    // the next month is another span
    app.apply(Action::NextMonth, &mut c);
    assert_eq!(cursor(&app), d(2021, 1, 1));
    assert_eq!(app.calendar().unwrap().queries, 2);
    assert_eq!(app.calendar().unwrap().counts.on(d(2021, 1, 2)), 1);
    app.apply(Action::PrevYear, &mut c);
    assert_eq!(cursor(&app), d(2020, 1, 1));
    app.apply(Action::Today, &mut c);
    assert_eq!(cursor(&app), d(2021, 1, 15));
}

#[test]
fn enter_shows_the_day_m_the_month_x_the_undated_and_esc_nothing() {
    let (mut app, mut c) = fixture();
    app.apply(Action::Calendar, &mut c);
    // opened on the newest article's day, 2/1/2021; back to the 31st
    assert_eq!(cursor(&app), d(2021, 1, 2));
    app.apply(Action::PrevDayWithArticles, &mut c);
    assert_eq!(cursor(&app), d(2020, 12, 31));
    app.apply(Action::Open, &mut c);
    assert_eq!(app.calendar(), None);
    assert_eq!(app.mode(), Context::List);
    assert_eq!(app.filter().dates, Some(DateFilter::Day(d(2020, 12, 31))));
    assert_eq!(app.list().total, 3);
    // it opens again on the filter's day; Esc leaves the filter alone
    app.apply(Action::Calendar, &mut c);
    assert_eq!(cursor(&app), d(2020, 12, 31));
    app.apply(Action::PrevMonth, &mut c);
    app.apply(Action::Back, &mut c);
    assert_eq!(app.filter().dates, Some(DateFilter::Day(d(2020, 12, 31))));
    assert_eq!(app.list().total, 3);
    app.apply(Action::Calendar, &mut c);
    app.apply(Action::ShowMonth, &mut c);
    assert_eq!(
        app.filter().dates,
        Some(DateFilter::Month {
            year: 2020,
            month: 12
        })
    );
    assert_eq!(app.list().total, 4);
    app.apply(Action::Calendar, &mut c);
    app.apply(Action::ShowUndated, &mut c);
    assert_eq!(app.filter().dates, None);
    assert!(app.filter().undated_only);
    assert_eq!(app.list().total, 2);
    assert!(app.list().selected_row().unwrap().published.is_none());
}

#[test]
fn days_with_articles_are_found_across_months_and_the_ends_say_so() {
    let (mut app, mut c) = fixture();
    app.apply(Action::Calendar, &mut c);
    app.apply(Action::First, &mut c);
    assert_eq!(cursor(&app), d(2020, 11, 5));
    app.apply(Action::NextDayWithArticles, &mut c);
    assert_eq!(cursor(&app), d(2020, 12, 1));
    app.apply(Action::NextDayWithArticles, &mut c);
    assert_eq!(cursor(&app), d(2020, 12, 31));
    app.apply(Action::Last, &mut c);
    assert_eq!(cursor(&app), d(2021, 1, 2));
    app.apply(Action::NextDayWithArticles, &mut c);
    assert_eq!(cursor(&app), d(2021, 1, 2));
    assert_eq!(app.status().unwrap().text, "No later day has articles");
    // the filters apply: Báo B has only the 31st
    app.apply(Action::Back, &mut c);
    let mut f = app.filter().clone();
    f.source = Some("Báo B".into());
    let (mut app, mut c) = fixture();
    app.restore(f, None, None, &mut c);
    app.apply(Action::Calendar, &mut c);
    assert_eq!(cursor(&app), d(2020, 12, 31));
    assert_eq!(app.calendar().unwrap().counts.undated, 1);
    app.apply(Action::PrevDayWithArticles, &mut c);
    assert_eq!(app.status().unwrap().text, "No earlier day has articles");
}

#[test]
fn the_year_view_holds_the_year() {
    let (mut app, mut c) = fixture();
    app.apply(Action::Calendar, &mut c);
    app.apply(Action::ToggleYear, &mut c);
    let cal = app.calendar().unwrap();
    assert!(cal.year_view);
    assert_eq!(cal.span(), (d(2021, 1, 1), d(2021, 12, 31)));
    let asked = cal.queries;
    app.apply(Action::Down, &mut c);
    assert_eq!(cursor(&app), d(2021, 4, 2));
    app.apply(Action::Right, &mut c);
    assert_eq!(app.calendar().unwrap().queries, asked);
    app.apply(Action::ToggleYear, &mut c);
    assert!(!app.calendar().unwrap().year_view);
}

#[test]
fn the_sidebar_follows_the_selection_and_asks_once_a_month() {
    use crate::config::CalendarPlace;
    let (mut app, mut c) = fixture();
    // the App starts as a popup: nothing beside the list
    assert!(app.sidebar().is_none());
    app.resize(130, 30, &mut c);
    app.set_calendar_place(CalendarPlace::Sidebar, &mut c);
    let side = app.sidebar().unwrap();
    assert_eq!(side.cursor, d(2021, 1, 2));
    assert_eq!(side.queries, 1);
    // down to 31/12/2020 (g, b, a): December's grid is asked for once
    app.apply(Action::Down, &mut c);
    let side = app.sidebar().unwrap();
    assert_eq!(side.cursor, d(2020, 12, 31));
    assert_eq!(side.queries, 2);
    app.apply(Action::Down, &mut c);
    app.apply(Action::Down, &mut c);
    app.apply(Action::Down, &mut c);
    let side = app.sidebar().unwrap();
    assert_eq!(side.cursor, d(2020, 12, 1));
    assert_eq!(side.article_day, Some(d(2020, 12, 1)));
    assert_eq!(side.queries, 2);
    assert_eq!(side.counts.on(d(2020, 12, 31)), 3);
    // the reader, the calendar, a narrow screen and the other places hide it
    app.apply(Action::Open, &mut c);
    assert!(app.sidebar().is_none());
    app.apply(Action::Back, &mut c);
    assert!(app.sidebar().is_some());
    app.apply(Action::Calendar, &mut c);
    assert!(app.sidebar().is_none());
    app.apply(Action::Back, &mut c);
    app.resize(119, 30, &mut c);
    assert!(app.sidebar().is_none());
    app.resize(120, 30, &mut c);
    assert!(app.sidebar().is_some());
    app.set_calendar_place(CalendarPlace::Popup, &mut c);
    assert!(app.sidebar().is_none());
    app.set_calendar_place(CalendarPlace::Off, &mut c);
    app.apply(Action::Calendar, &mut c);
    assert!(app.calendar().is_none());
    assert!(
        app.status()
            .unwrap()
            .text
            .starts_with("The calendar is off")
    );
}

#[test]
fn a_filter_change_counts_the_sidebar_again() {
    use crate::config::CalendarPlace;
    let (mut app, mut c) = fixture();
    app.resize(130, 30, &mut c);
    app.set_calendar_place(CalendarPlace::Sidebar, &mut c);
    assert_eq!(app.sidebar().unwrap().counts.on(d(2021, 1, 2)), 1);
    app.apply(Action::ToggleRead, &mut c);
    app.apply(Action::UnreadOnly, &mut c);
    // c.txt (2/1/2021) is read: the unread list starts on the 31st
    let side = app.sidebar().unwrap();
    assert_eq!(side.counts.on(d(2021, 1, 2)), 0);
    assert_eq!(side.cursor, d(2020, 12, 31));
}

#[test]
fn the_sidebar_counts_again_when_a_mark_its_filter_depends_on_changes() {
    use crate::config::CalendarPlace;
    let (mut app, mut c) = fixture();
    app.resize(130, 30, &mut c);
    app.set_calendar_place(CalendarPlace::Sidebar, &mut c);
    app.apply(Action::UnreadOnly, &mut c);
    app.apply(Action::Down, &mut c);
    // g, b, a on 31/12/2020, all unread; g selected
    let side = app.sidebar().unwrap();
    assert_eq!(side.counts.on(d(2020, 12, 31)), 3);
    let asked = side.queries;
    app.apply(Action::ToggleRead, &mut c);
    let side = app.sidebar().unwrap();
    assert_eq!(side.counts.on(d(2020, 12, 31)), 2, "g is read now");
    // read in the reader, back to the list
    app.apply(Action::Down, &mut c);
    app.apply(Action::Open, &mut c);
    app.apply(Action::ToggleRead, &mut c);
    app.apply(Action::ToggleRead, &mut c);
    app.apply(Action::Back, &mut c);
    assert_eq!(app.sidebar().unwrap().counts.on(d(2020, 12, 31)), 1);
    // without a filter on marks, a mark changes no count: nothing asked
    app.apply(Action::UnreadOnly, &mut c);
    let asked_then = app.sidebar().unwrap().queries;
    assert!(asked_then <= asked + 3);
    app.apply(Action::ToggleRead, &mut c);
    app.apply(Action::ToggleStar, &mut c);
    assert_eq!(app.sidebar().unwrap().queries, asked_then);
    // starred only (the one just starred): unstarring counts again
    app.apply(Action::StarredOnly, &mut c);
    let dated = |app: &App| app.sidebar().unwrap().counts.dated();
    assert_eq!(dated(&app), 1);
    app.apply(Action::ToggleStar, &mut c);
    assert_eq!(dated(&app), 0);
}

#[test]
fn under_a_year_or_month_filter_it_opens_on_the_selected_articles_day() {
    let (mut app, mut c) = fixture();
    app.show_dates(Some(DateFilter::Year(2020)), false, &mut c);
    // 2020 newest first: b, a, g on 31/12, then f on 1/12, then d on 5/11
    for _ in 0..3 {
        app.apply(Action::Down, &mut c);
    }
    app.apply(Action::Calendar, &mut c);
    assert_eq!(cursor(&app), d(2020, 12, 1));
    app.apply(Action::Back, &mut c);
    // an article outside the filter's span cannot be selected; with the
    // filter's span holding no selected article (an empty list), its first day
    app.show_dates(
        Some(DateFilter::Month {
            year: 2019,
            month: 3,
        }),
        false,
        &mut c,
    );
    app.apply(Action::Calendar, &mut c);
    assert_eq!(cursor(&app), d(2019, 3, 1));
}
