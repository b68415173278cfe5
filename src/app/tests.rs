use super::*;
use crate::article::Published;
use chrono::NaiveTime;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn article(id: &str, date: Option<NaiveDate>, paragraphs: usize) -> Article {
    Article {
        id: id.into(),
        title: format!("Title {id}"),
        published: date.map(|date| Published {
            date,
            time: NaiveTime::from_hms_opt(8, 0, 0),
        }),
        views: Some(1),
        source: None,
        paragraphs: (0..paragraphs)
            .map(|i| format!("Paragraph {i} of {id}."))
            .collect(),
    }
}

/// Five articles: three on 31/12/2020, one on 15/12/2020, one undated.
fn app() -> App {
    let articles = vec![
        article("a", Some(day(2020, 12, 31)), 30),
        article("b", Some(day(2020, 12, 31)), 2),
        article("c", Some(day(2020, 12, 31)), 2),
        article("d", Some(day(2020, 12, 15)), 2),
        article("e", None, 2),
    ];
    let options = Options {
        layout: ReaderLayout::default(),
        language: Language::En,
        today: day(2021, 1, 1),
        help: vec![],
        skipped: 0,
    };
    App::new(articles, options, 80, 12)
}

fn selected_id(app: &App) -> Option<&str> {
    app.list
        .selected_article()
        .map(|i| app.articles()[i].id.as_str())
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.type_char(c);
    }
}

#[test]
fn moves_and_opens_the_selected_article() {
    let mut app = app();
    app.apply(Action::Down);
    app.apply(Action::Down);
    assert_eq!(selected_id(&app), Some("c"));
    app.apply(Action::Last);
    assert_eq!(selected_id(&app), Some("e"));
    app.apply(Action::First);
    app.apply(Action::Open);
    assert_eq!(app.mode(), Mode::Reader);
    assert_eq!(app.reader.as_ref().unwrap().article, 0);
    app.apply(Action::Back);
    assert_eq!(app.mode(), Mode::List);
    assert!(!app.quit);
    app.apply(Action::Back);
    assert!(app.quit);
}

#[test]
fn reader_scrolls_within_bounds() {
    let mut app = app();
    app.apply(Action::Open);
    app.apply(Action::Down);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 1);
    app.apply(Action::Last);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.scroll, r.doc.lines.len() - content_rows(12));
    app.apply(Action::PageDown);
    let max = app.reader.as_ref().unwrap().scroll;
    assert_eq!(max, r_len(&app) - 10);
    app.apply(Action::HalfPageUp);
    assert_eq!(app.reader.as_ref().unwrap().scroll, max - 5);
    app.apply(Action::First);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 0);
}

fn r_len(app: &App) -> usize {
    app.reader.as_ref().unwrap().doc.lines.len()
}

#[test]
fn next_and_previous_article_from_the_reader() {
    let mut app = app();
    app.apply(Action::Open);
    app.apply(Action::NextArticle);
    assert_eq!(app.reader.as_ref().unwrap().article, 1);
    assert_eq!(selected_id(&app), Some("b"));
    app.apply(Action::PrevArticle);
    app.apply(Action::PrevArticle);
    assert_eq!(app.reader.as_ref().unwrap().article, 0);
    assert!(
        app.status.is_some(),
        "a message says there is no previous article"
    );
}

#[test]
fn date_prompt_filters_and_empty_entry_clears() {
    let mut app = app();
    app.apply(Action::DatePrompt);
    assert_eq!(app.mode(), Mode::Prompt);
    type_text(&mut app, "15/12/2020");
    app.apply(Action::Submit);
    assert_eq!(app.mode(), Mode::List);
    assert_eq!(app.list.rows, vec![3]);
    app.apply(Action::DatePrompt);
    app.apply(Action::Submit);
    assert_eq!(app.filter, None);
    assert_eq!(
        app.list.rows.len(),
        5,
        "undated articles come back when the filter is cleared"
    );
}

#[test]
fn invalid_date_keeps_the_prompt_and_the_view() {
    let mut app = app();
    app.apply(Action::Down);
    app.apply(Action::DatePrompt);
    type_text(&mut app, "31/02/2021");
    app.apply(Action::Submit);
    assert_eq!(app.mode(), Mode::Prompt);
    assert!(app.prompt.as_ref().unwrap().error.is_some());
    app.apply(Action::Cancel);
    assert_eq!(app.mode(), Mode::List);
    assert_eq!(app.list.rows.len(), 5);
    assert_eq!(selected_id(&app), Some("b"));
}

#[test]
fn month_filter_excludes_undated_and_nothing_matches_elsewhere() {
    let mut app = app();
    app.apply(Action::DatePrompt);
    type_text(&mut app, "12/2020");
    app.apply(Action::Submit);
    assert_eq!(app.list.rows, vec![0, 1, 2, 3]);
    app.apply(Action::DateNext);
    assert_eq!(
        app.filter,
        Some(DateFilter::Month {
            year: 2021,
            month: 1
        })
    );
    assert!(app.list.rows.is_empty());
    app.apply(Action::Down);
    app.apply(Action::Open);
    assert_eq!(app.mode(), Mode::List, "nothing to open in an empty list");
}

#[test]
fn stepping_without_a_filter_starts_from_the_selected_day() {
    let mut app = app();
    app.apply(Action::Last);
    app.apply(Action::Up);
    assert_eq!(selected_id(&app), Some("d"));
    app.apply(Action::DatePrev);
    assert_eq!(app.filter, Some(DateFilter::Day(day(2020, 12, 15))));
    assert_eq!(app.list.rows, vec![3]);
    app.apply(Action::DateNext);
    assert_eq!(app.filter, Some(DateFilter::Day(day(2020, 12, 16))));
}

#[test]
fn quit_works_from_every_mode() {
    for setup in [
        vec![],
        vec![Action::Open],
        vec![Action::DatePrompt],
        vec![Action::Help],
    ] {
        let mut app = app();
        for a in setup {
            app.apply(a);
        }
        app.apply(Action::Quit);
        assert!(app.quit);
    }
}

#[test]
fn resize_rewraps_the_reader_and_tiny_sizes_are_safe() {
    let mut app = app();
    app.apply(Action::Open);
    let wide = r_len(&app);
    app.resize(30, 10);
    assert!(r_len(&app) > wide);
    assert_eq!(app.reader.as_ref().unwrap().doc.width, 28);
    for (w, h) in [(1, 1), (0, 0), (2, 1), (500, 200)] {
        app.resize(w, h);
        for a in [
            Action::Down,
            Action::PageDown,
            Action::Last,
            Action::NextArticle,
        ] {
            app.apply(a);
        }
    }
}

#[test]
fn help_filter_takes_typed_text() {
    let mut app = app();
    app.options.help = vec![
        HelpEntry {
            context: "List".into(),
            keys: "j".into(),
            actions: "down: Move down".into(),
        },
        HelpEntry {
            context: "List".into(),
            keys: "d".into(),
            actions: "date_prompt: Filter by date".into(),
        },
    ];
    app.apply(Action::Help);
    type_text(&mut app, "date");
    let h = app.help.as_ref().unwrap();
    assert_eq!(h.visible(&app.options.help).len(), 1);
    app.apply(Action::Back);
    assert_eq!(app.mode(), Mode::List);
}
