//! Feeds refreshed in the background: new articles announced, shown at the
//! top of the list to a user at the top, and otherwise nothing moves: not
//! the selection, not the article being read, not the status line (unless
//! there is news).

use super::daily_fixture::dated;
use super::*;
use crate::article::Article;
use crate::catalog::Memory;

fn article(id: &str, day: u32) -> Article {
    let date = NaiveDate::from_ymd_opt(2020, 12, day).unwrap();
    dated(
        id,
        format!("Title {id}"),
        date,
        "Báo A",
        (0..60).map(|i| format!("Paragraph {i} of {id}.")).collect(),
    )
}

/// Five articles, "d1" (oldest) to "d5" (newest, at the top).
fn before() -> Memory {
    Memory::new((1..=5).map(|d| article(&format!("d{d}"), d)).collect())
}

/// The same and two newer ones, as after a fetch.
fn after() -> Memory {
    Memory::new((1..=7).map(|d| article(&format!("d{d}"), d)).collect())
}

fn app(language: Language, catalog: &mut dyn Catalog) -> App {
    let options = Options {
        layout: reader::ReaderLayout::default(),
        language,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![],
        skipped: 0,
    };
    App::new(options, 80, 12, catalog)
}

fn selected(app: &App) -> Option<String> {
    app.list().selected_row().map(|r| r.id.clone())
}

/// What the fetcher sends when a scheduled fetch brought `new` articles:
/// the index's progress, its end, then the summary.
fn arrive(app: &mut App, catalog: &mut dyn Catalog, new: usize) {
    let progress = Indexing {
        done: 1,
        total: 1,
        text: false,
    };
    app.on_notice(Notice::Indexing(progress), catalog);
    let indexed = Notice::Indexed {
        skipped: 0,
        error: None,
    };
    app.on_notice(indexed, catalog);
    let summary = FetchSummary {
        updated: 1,
        new,
        scheduled: true,
        ..FetchSummary::default()
    };
    app.on_notice(Notice::Fetched(summary), catalog);
}

#[test]
fn at_the_top_the_new_articles_come_into_view_and_are_announced() {
    let mut catalog = before();
    let mut app = app(Language::En, &mut catalog);
    assert_eq!(selected(&app).as_deref(), Some("d5"));
    let mut catalog = after();
    arrive(&mut app, &mut catalog, 2);
    assert_eq!(app.list().selected, 0);
    assert_eq!(selected(&app).as_deref(), Some("d7"));
    assert_eq!(app.list().total, 7);
    let status = app.status().map(|s| (s.text.as_str(), s.is_error));
    assert_eq!(status, Some(("2 new", false)));
}

#[test]
fn the_announcement_speaks_vietnamese() {
    let mut catalog = before();
    let mut app = app(Language::Vi, &mut catalog);
    let mut catalog = after();
    arrive(&mut app, &mut catalog, 2);
    assert_eq!(app.status().map(|s| s.text.as_str()), Some("2 tin mới"));
}

#[test]
fn below_the_top_the_selection_stays_on_its_article() {
    let mut catalog = before();
    let mut app = app(Language::En, &mut catalog);
    app.apply(Action::Down, &mut catalog);
    app.apply(Action::Down, &mut catalog);
    assert_eq!(selected(&app).as_deref(), Some("d3"));
    let mut catalog = after();
    arrive(&mut app, &mut catalog, 2);
    assert_eq!(selected(&app).as_deref(), Some("d3"));
    assert_eq!(app.list().selected, 4);
    assert_eq!(app.status().map(|s| s.text.as_str()), Some("2 new"));
}

#[test]
fn the_article_being_read_keeps_its_place() {
    let mut catalog = before();
    let mut app = app(Language::En, &mut catalog);
    // reading the top article, scrolled down
    app.apply(Action::Open, &mut catalog);
    for _ in 0..7 {
        app.apply(Action::Down, &mut catalog);
    }
    let place = |app: &App| app.reader().map(|r| (r.article.id.clone(), r.scroll));
    let reading = place(&app);
    assert_eq!(reading, Some(("d5".to_string(), 7)));
    let mut catalog = after();
    arrive(&mut app, &mut catalog, 2);
    assert_eq!(place(&app), reading);
    assert_eq!(app.mode(), Context::Reader);
    // the list behind keeps the article read, now third
    assert_eq!(selected(&app).as_deref(), Some("d5"));
    assert_eq!(app.list().selected, 2);
    // and the next article is the one below it, as before
    app.apply(Action::NextArticle, &mut catalog);
    assert_eq!(place(&app).map(|p| p.0).as_deref(), Some("d4"));
}

#[test]
fn a_scheduled_fetch_with_no_news_leaves_the_status_line_alone() {
    let mut catalog = before();
    let mut app = app(Language::En, &mut catalog);
    app.on_notice(Notice::Fetching { done: 0, total: 3 }, &mut catalog);
    assert_eq!(app.fetching().map(|f| (f.done, f.total)), Some((0, 3)));
    // a failure already reported in this run comes without a first_error
    let quiet = FetchSummary {
        unchanged: 2,
        failed: 1,
        scheduled: true,
        ..FetchSummary::default()
    };
    app.on_notice(Notice::Fetched(quiet), &mut catalog);
    assert_eq!(app.fetching(), None);
    assert_eq!(app.status(), None);
    assert_eq!(selected(&app).as_deref(), Some("d5"));
}

#[test]
fn a_scheduled_fetch_says_a_new_failure_and_a_wait_asked_for() {
    let mut catalog = before();
    let mut app = app(Language::En, &mut catalog);
    let summary = FetchSummary {
        failed: 1,
        first_error: Some("tin-a: HTTP 500 Internal Server Error".into()),
        scheduled: true,
        waiting: vec![("tin-b".into(), 90)],
        ..FetchSummary::default()
    };
    app.on_notice(Notice::Fetched(summary), &mut catalog);
    let status = app.status().map(|s| (s.text.as_str(), s.is_error));
    assert_eq!(
        status,
        Some((
            "1 feed failed: tin-a: HTTP 500 Internal Server Error · \
             tin-b: the server asked to wait; next try in 2 min",
            true
        ))
    );
}

#[test]
fn a_fetch_asked_for_adds_what_is_new_to_its_summary() {
    let mut catalog = before();
    let mut app = app(Language::En, &mut catalog);
    let summary = FetchSummary {
        updated: 1,
        unchanged: 1,
        new: 3,
        ..FetchSummary::default()
    };
    app.on_notice(Notice::Fetched(summary), &mut catalog);
    let status = app.status().map(|s| (s.text.as_str(), s.is_error));
    assert_eq!(
        status,
        Some(("3 new · Fetched 1, unchanged 1, failed 0", false))
    );
}
