//! The calendar drawn into ratatui's TestBackend at 80x24, 120x40 and
//! 40x12, in English and Vietnamese, with the monochrome theme (what
//! NO_COLOR gives): counts, density marks, the cursor's brackets and the
//! day marks must carry everything without colour.

mod support;

use chrono::{NaiveDate, NaiveTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use xemtin::action::Action;
use xemtin::app::reader::ReaderLayout;
use xemtin::app::{App, Options};
use xemtin::article::{Article, Published};
use xemtin::catalog::Memory;
use xemtin::context::Context;
use xemtin::i18n::Language;
use xemtin::ui::{Chrome, Hints, render};

fn article(n: usize, date: Option<(i32, u32, u32)>) -> Article {
    Article {
        id: format!("{n:03}.txt"),
        title: format!("Tin số {n}"),
        published: date.map(|(y, m, d)| Published {
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            time: NaiveTime::from_hms_opt(8, (n % 60) as u32, 0),
            instant: None,
        }),
        views: Some(10),
        source: Some("Báo Thử".into()),
        paragraphs: vec!["Nội dung.".into()],
        link: None,
        author: None,
    }
}

/// December 2020 with 1 to 12 articles on some days, a few in November
/// and January, and two undated; the newest (31/12/2020) is selected.
fn catalog() -> Memory {
    let mut articles = Vec::new();
    let days: [(u32, u32, usize); 9] = [
        (11, 20, 2),
        (12, 1, 1),
        (12, 2, 3),
        (12, 8, 6),
        (12, 15, 12),
        (12, 16, 4),
        (12, 24, 9),
        (12, 30, 2),
        (12, 31, 5),
    ];
    for (m, d, n) in days {
        for _ in 0..n {
            articles.push(article(articles.len(), Some((2020, m, d))));
        }
    }
    articles.push(article(articles.len(), None));
    articles.push(article(articles.len(), None));
    Memory::new(articles)
}

fn chrome() -> Chrome {
    Chrome {
        theme: xemtin::config::load(None).unwrap().theme.without_colors(),
        ascii_borders: false,
        hints: Hints::new([(
            Context::Calendar,
            "h/l/k/j day · [/] month · enter show day · m show month · y year · q back".into(),
        )]),
        pending: None,
        columns: xemtin::config::Column::ALL.to_vec(),
        date_format: "%d/%m/%Y %H:%M".into(),
    }
}

fn draw(app: &App, width: u16, height: u16) -> (String, bool) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| render(f, app, &chrome())).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let coloured = buffer
        .content()
        .iter()
        .any(|c| !matches!(c.fg, Color::Reset) || !matches!(c.bg, Color::Reset));
    (support::screen_text(&buffer), coloured)
}

fn calendar(lang: Language, w: u16, h: u16, actions: &[Action]) -> String {
    let mut c = catalog();
    let options = Options {
        layout: ReaderLayout::default(),
        language: lang,
        today: NaiveDate::from_ymd_opt(2020, 12, 24).unwrap(),
        help: Vec::new(),
        skipped: 0,
    };
    let mut app = App::new(options, w, h, &mut c);
    app.apply(Action::Calendar, &mut c);
    for &a in actions {
        app.apply(a, &mut c);
    }
    let (text, coloured) = draw(&app, w, h);
    assert!(!coloured, "the monochrome theme drew a colour:\n{text}");
    text
}

#[test]
fn month_80x24() {
    insta::assert_snapshot!(calendar(Language::En, 80, 24, &[Action::Left]));
}

#[test]
fn month_80x24_vietnamese() {
    insta::assert_snapshot!(calendar(Language::Vi, 80, 24, &[Action::Left]));
}

#[test]
fn month_120x40() {
    insta::assert_snapshot!(calendar(Language::En, 120, 40, &[]));
}

#[test]
fn month_120x40_vietnamese() {
    insta::assert_snapshot!(calendar(Language::Vi, 120, 40, &[]));
}

#[test]
fn month_40x12() {
    insta::assert_snapshot!(calendar(Language::En, 40, 12, &[]));
}

#[test]
fn month_40x12_vietnamese() {
    insta::assert_snapshot!(calendar(Language::Vi, 40, 12, &[]));
}

#[test]
fn year_80x24() {
    insta::assert_snapshot!(calendar(Language::En, 80, 24, &[Action::ToggleYear]));
}

#[test]
fn year_120x40_vietnamese() {
    insta::assert_snapshot!(calendar(Language::Vi, 120, 40, &[Action::ToggleYear]));
}

#[test]
fn tiny_terminals_draw_without_panicking() {
    for (w, h) in [(1, 1), (2, 3), (7, 2), (13, 5), (20, 8), (500, 3)] {
        for year in [false, true] {
            let actions: &[Action] = if year { &[Action::ToggleYear] } else { &[] };
            calendar(Language::Vi, w, h, actions);
        }
    }
}

#[test]
fn sidebar_beside_the_list_120x40() {
    let mut c = catalog();
    let options = Options {
        layout: ReaderLayout::default(),
        language: Language::Vi,
        today: NaiveDate::from_ymd_opt(2020, 12, 24).unwrap(),
        help: Vec::new(),
        skipped: 0,
    };
    let mut app = App::new(options, 120, 40, &mut c);
    app.set_calendar_place(xemtin::config::CalendarPlace::Sidebar, &mut c);
    for _ in 0..6 {
        app.apply(Action::Down, &mut c);
    }
    let (text, coloured) = draw(&app, 120, 40);
    assert!(!coloured, "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn nothing_of_the_calendar_is_cut_at_80x24_and_40x12() {
    // December 2020 has five weeks, November six; the year at 80x24 puts
    // what is said beside the months
    let views: [&[Action]; 4] = [
        &[],
        &[Action::PrevMonth],
        &[Action::ToggleYear],
        &[Action::PrevMonth, Action::ToggleYear],
    ];
    for lang in [Language::En, Language::Vi] {
        for (w, h) in [(80, 24), (40, 12)] {
            for actions in views {
                let text = calendar(lang, w, h, actions);
                let lines: Vec<&str> = text.lines().collect();
                // the list's header (first line) and the key hints (last)
                // are the screen's, not the calendar's
                let inner = &lines[1..lines.len() - 1];
                assert!(
                    inner.iter().all(|l| !l.contains('…')),
                    "{lang:?} {w}x{h} {actions:?}:\n{text}"
                );
                for needle in ["*", "░▒▓█"] {
                    assert!(text.contains(needle), "{needle} {lang:?} {w}x{h}:\n{text}");
                }
            }
        }
    }
}

#[test]
fn a_six_week_month_at_40x12() {
    insta::assert_snapshot!(calendar(Language::En, 40, 12, &[Action::PrevMonth]));
}

#[test]
fn year_80x24_vietnamese() {
    insta::assert_snapshot!(calendar(Language::Vi, 80, 24, &[Action::ToggleYear]));
}
