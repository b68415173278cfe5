//! Mouse clicks and the wheel against the layout the frame is drawn with:
//! the App is drawn into ratatui's TestBackend, a text is found on the
//! drawn screen, and a click at that cell (`ui::hit::click_at`) must mean
//! what the user sees there.

use chrono::{NaiveDate, NaiveTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use xemtin::action::Action;
use xemtin::app::mouse::MouseAction;
use xemtin::app::reader::ReaderLayout;
use xemtin::app::{App, Effect, Options};
use xemtin::article::{Article, Published};
use xemtin::catalog::Memory;
use xemtin::config::CalendarPlace;
use xemtin::dates::DateFilter;
use xemtin::i18n::Language;
use xemtin::ui::hit::click_at;
use xemtin::ui::{Chrome, Hints, render};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 12, d).unwrap()
}

fn article(id: &str, d: u32, paragraphs: Vec<String>) -> Article {
    Article {
        id: id.into(),
        title: format!("Title {id}"),
        published: Some(Published {
            date: day(d),
            time: NaiveTime::from_hms_opt(8, 0, 0),
            instant: None,
        }),
        views: None,
        source: Some("Báo A".into()),
        paragraphs,
        link: None,
        author: None,
    }
}

fn setup(width: u16, height: u16) -> (App, Memory) {
    let mut articles: Vec<Article> = (0..40)
        .map(|i| article(&format!("n{i:02}"), 1 + i % 28, vec![format!("Body {i}.")]))
        .collect();
    articles.push(article(
        "links",
        31,
        vec![
            "Đọc thêm tại https://example.org/mot và https://example.org/hai nhé.".into(),
            "Paragraph two.".into(),
        ],
    ));
    let options = Options {
        layout: ReaderLayout::default(),
        language: Language::En,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![],
        skipped: 0,
    };
    let mut catalog = Memory::new(articles);
    let app = App::new(options, width, height, &mut catalog);
    (app, catalog)
}

fn chrome() -> Chrome {
    Chrome {
        theme: xemtin::config::load(None).unwrap().theme.without_colors(),
        ascii_borders: false,
        hints: Hints::default(),
        pending: None,
        columns: xemtin::config::Column::ALL.to_vec(),
        date_format: "%d/%m/%Y %H:%M".into(),
    }
}

fn draw(app: &App) -> Buffer {
    let (w, h) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| render(f, app, &chrome())).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen cell where `needle` is drawn, searching rows top down from
/// column `from_x`.
fn find(buffer: &Buffer, needle: &str, from_x: u16) -> (u16, u16) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let mut text = String::new();
        let mut columns = Vec::new();
        for x in from_x..area.right() {
            let symbol = buffer[(x, y)].symbol();
            for _ in symbol.bytes() {
                columns.push(x);
            }
            text.push_str(symbol);
        }
        if let Some(at) = text.find(needle) {
            return (columns[at], y);
        }
    }
    panic!("{needle:?} is not on the screen");
}

fn click(app: &App, at: (u16, u16)) -> Option<MouseAction> {
    let (w, h) = app.size();
    click_at(app, Rect::new(0, 0, w, h), at.0, at.1)
}

fn selected_title(app: &App) -> String {
    app.list().selected_row().map(|r| r.title.clone()).unwrap()
}

#[test]
fn a_click_selects_the_row_drawn_there_and_a_second_opens_it() {
    let (mut app, mut catalog) = setup(80, 24);
    let at = find(&draw(&app), "Title n20", 0);
    let action = click(&app, at).expect("a row is under the click");
    app.apply_mouse(action.clone(), &mut catalog);
    assert_eq!(selected_title(&app), "Title n20");
    assert!(app.reader().is_none(), "one click only selects");
    // the same place again (the second click of a double click) opens it
    app.apply_mouse(click(&app, at).unwrap(), &mut catalog);
    assert_eq!(app.reader().map(|r| r.article.id.as_str()), Some("n20"));
}

#[test]
fn the_wheel_moves_by_the_lines_asked_and_clicks_off_the_rows_do_nothing() {
    let (mut app, mut catalog) = setup(80, 24);
    app.apply_mouse(MouseAction::Scroll(3), &mut catalog);
    assert_eq!(app.list().selected, 3);
    app.apply_mouse(MouseAction::Scroll(-10), &mut catalog);
    assert_eq!(app.list().selected, 0);
    // the header line, the status line and past the screen
    assert_eq!(click(&app, (5, 0)), None);
    assert_eq!(click(&app, (5, 23)), None);
    assert_eq!(click(&app, (500, 500)), None);
    // under help, nothing is clicked
    app.apply(Action::Help, &mut catalog);
    assert_eq!(click(&app, (5, 3)), None);
    app.apply(Action::Back, &mut catalog);
    // a click on the last row of a short list, then on the blank below it
    let (mut small, mut catalog) = setup(80, 60);
    let buffer = draw(&small);
    let last = find(&buffer, "Title n39", 0);
    assert!(click(&small, last).is_some());
    assert!(click(&small, last).is_some());
    // 41 rows from the second line: the 43rd line is blank
    assert!(click(&small, (5, 41)).is_some());
    assert_eq!(click(&small, (5, 42)), None);
    small.apply_mouse(MouseAction::ClickRow(10_000), &mut catalog);
    assert_eq!(small.list().selected, 0, "a row past the end is no row");
}

#[test]
fn the_wheel_scrolls_the_article() {
    let (app, _) = setup(80, 8);
    let long = article("long", 30, (0..30).map(|i| format!("Line {i}.")).collect());
    let mut catalog = Memory::new(vec![long]);
    let mut app2 = App::new(app.options().clone(), 80, 8, &mut catalog);
    app2.apply(Action::Open, &mut catalog);
    app2.apply_mouse(MouseAction::Scroll(3), &mut catalog);
    assert_eq!(app2.reader().unwrap().scroll, 3);
    app2.apply_mouse(MouseAction::Scroll(-1), &mut catalog);
    assert_eq!(app2.reader().unwrap().scroll, 2);
}

#[test]
fn a_click_on_a_link_opens_that_link_and_elsewhere_nothing() {
    let (mut app, mut catalog) = setup(80, 24);
    // the newest article is selected at start: one click opens it
    let at = find(&draw(&app), "Title links", 0);
    app.apply_mouse(click(&app, at).unwrap(), &mut catalog);
    assert_eq!(app.reader().map(|r| r.article.id.as_str()), Some("links"));
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "https://example.org/hai", 0);
    // the middle of the second address
    app.apply_mouse(click(&app, (x + 10, y)).unwrap(), &mut catalog);
    assert_eq!(
        app.take_effects(),
        [Effect::Open("https://example.org/hai".into())]
    );
    // its number after it, and plain text, open nothing
    let (nx, ny) = find(&buffer, "[2]", 0);
    app.apply_mouse(click(&app, (nx, ny)).unwrap(), &mut catalog);
    let (px, py) = find(&buffer, "Paragraph two", 0);
    app.apply_mouse(click(&app, (px, py)).unwrap(), &mut catalog);
    assert_eq!(app.take_effects(), []);
}

#[test]
fn a_click_on_a_day_of_the_calendar_lists_it() {
    let (mut app, mut catalog) = setup(80, 24);
    app.apply(Action::Calendar, &mut catalog);
    assert!(app.calendar().is_some());
    let buffer = draw(&app);
    // the 15th of December 2020, in the week of the 14th to the 20th
    let (x, y) = find(&buffer, " 15", 0);
    app.apply_mouse(click(&app, (x + 1, y)).unwrap(), &mut catalog);
    assert!(app.calendar().is_none());
    assert_eq!(app.filter().dates, Some(DateFilter::Day(day(15))));
}

#[test]
fn a_click_on_a_day_of_the_year_view_lists_it() {
    let (mut app, mut catalog) = setup(100, 30);
    app.apply(Action::Calendar, &mut catalog);
    app.apply(Action::ToggleYear, &mut catalog);
    let buffer = draw(&app);
    // Dec is the last month of the last row: its day cells are two columns
    let (x, y) = find(&buffer, "Dec", 0);
    let cal = app.calendar().unwrap().clone();
    // every day cell of the month under the heading maps to a December day
    let mut seen = Vec::new();
    for row in y + 1..y + 7 {
        for col in x..x + 14 {
            if let Some(MouseAction::ClickDay(d)) = click(&app, (col, row)) {
                seen.push(d);
            }
        }
    }
    seen.dedup();
    assert_eq!(seen.len(), 31, "{seen:?}");
    assert!(seen.iter().all(|d| chrono::Datelike::month(d) == 12));
    drop(cal);
    app.apply_mouse(MouseAction::ClickDay(day(2)), &mut catalog);
    assert_eq!(app.filter().dates, Some(DateFilter::Day(day(2))));
}

#[test]
fn a_click_on_the_month_beside_the_list_lists_that_day() {
    let (mut app, mut catalog) = setup(120, 40);
    app.set_calendar_place(CalendarPlace::Sidebar, &mut catalog);
    assert!(app.sidebar().is_some());
    let buffer = draw(&app);
    let list_width = 120 - 37;
    let (x, y) = find(&buffer, " 22", list_width);
    app.apply_mouse(click(&app, (x + 1, y)).unwrap(), &mut catalog);
    assert_eq!(app.filter().dates, Some(DateFilter::Day(day(22))));
}

#[test]
fn help_says_which_modifier_selects_text_in_both_languages() {
    for lang in [Language::En, Language::Vi] {
        let rows = xemtin::keyhelp::mouse_entries(lang);
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().any(|r| r.keys.starts_with("Shift")), "{rows:?}");
    }
}
