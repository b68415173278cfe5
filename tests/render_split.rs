//! Render tests of the split layout (issue 16): the App drawn into
//! ratatui's TestBackend at 200x50 (list and reader together) and at 80x24
//! (one view at a time), compared with committed insta snapshots.

mod support;

use chrono::{NaiveDate, NaiveTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use xemtin::action::Action;
use xemtin::app::reader::ReaderLayout;
use xemtin::app::{App, Options};
use xemtin::article::{Article, Published};
use xemtin::catalog::Memory;
use xemtin::config::split::{Arrangement, LayoutChoice, SplitConfig, SplitMarkRead};
use xemtin::context::Context;
use xemtin::i18n::Language;
use xemtin::ui::{Chrome, Hints, render};

fn article(n: u32) -> Article {
    Article {
        id: format!("{n}.txt"),
        title: format!("Bản tin số {n}: mùa lúa mới ở vùng cao Tân Lâm"),
        published: Some(Published {
            date: NaiveDate::from_ymd_opt(2020, 12, 31 - n).unwrap(),
            time: NaiveTime::from_hms_opt(7, 30, 0),
            instant: None,
        }),
        views: Some(100 + u64::from(n)),
        source: Some(
            if n.is_multiple_of(2) {
                "Báo Tân Lâm"
            } else {
                "Đài PT-TH"
            }
            .into(),
        ),
        paragraphs: (1..=20)
            .map(|p| {
                format!(
                    "Đoạn {p} của bài {n}: người dân các bản vùng cao đã thu hoạch xong vụ lúa \
                     mùa, năng suất cao hơn năm trước, nhờ giống mới và nước tưới đủ."
                )
            })
            .collect(),
        link: None,
        author: None,
    }
}

fn app(config: SplitConfig, lang: Language, width: u16, height: u16) -> (App, Memory) {
    let mut catalog = Memory::new((0..6).map(article).collect());
    let options = Options {
        layout: ReaderLayout::default(),
        language: lang,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![],
        skipped: 0,
    };
    let mut app = App::new(options, width, height, &mut catalog);
    app.set_split(config, &mut catalog);
    (app, catalog)
}

fn auto() -> SplitConfig {
    SplitConfig {
        layout: LayoutChoice::Auto,
        ..SplitConfig::default()
    }
}

fn chrome() -> Chrome {
    Chrome {
        theme: xemtin::config::load(None).unwrap().theme.without_colors(),
        ascii_borders: false,
        hints: Hints::new([
            (
                Context::List,
                "j/k move · enter open · ? help · q quit · tab pane".into(),
            ),
            (
                Context::Reader,
                "j/k scroll · J/K next/prev · q back · tab pane".into(),
            ),
        ]),
        pending: None,
        columns: xemtin::config::Column::ALL.to_vec(),
        date_format: "%d/%m/%Y %H:%M".into(),
    }
}

fn draw(app: &App) -> String {
    let (w, h) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| render(f, app, &chrome())).unwrap();
    support::screen_text(terminal.backend().buffer())
}

fn after(config: SplitConfig, w: u16, h: u16, actions: &[Action]) -> String {
    let (mut a, mut c) = app(config, Language::En, w, h);
    for &action in actions {
        a.apply(action, &mut c);
    }
    draw(&a)
}

#[test]
fn split_200x50_list_focused_shows_the_selection_in_the_reader_pane() {
    let screen = after(auto(), 200, 50, &[Action::Down, Action::Down]);
    assert!(screen.lines().nth(1).unwrap().contains("│"), "{screen}");
    assert!(screen.contains("Đoạn 1 của bài 2"), "{screen}");
    assert!(
        screen.contains("reader: marked read when opened"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn split_200x50_reader_focused_scrolled() {
    let actions = [Action::Down, Action::FocusPane, Action::PageDown];
    let screen = after(auto(), 200, 50, &actions);
    assert!(
        screen.contains("j/k scroll"),
        "the reader's hints:\n{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn split_200x50_stacked_in_vietnamese_read_after_seconds() {
    let config = SplitConfig {
        arrangement: Arrangement::Stacked,
        mark_read: SplitMarkRead::AfterSeconds(4),
        ..auto()
    };
    let (mut a, mut c) = app(config, Language::Vi, 200, 50);
    a.apply(Action::Down, &mut c);
    let screen = draw(&a);
    assert!(screen.contains("đánh dấu đã đọc sau 4 giây"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn fallback_80x24_is_one_view_at_a_time() {
    let list = after(auto(), 80, 24, &[Action::Down]);
    assert!(!list.contains("│"), "no divider:\n{list}");
    assert!(
        !list.contains("Đoạn 1"),
        "no article beside the list:\n{list}"
    );
    insta::assert_snapshot!("fallback_80x24_list", list);
    let reader = after(auto(), 80, 24, &[Action::Down, Action::FocusPane]);
    assert!(reader.contains("Đoạn 1 của bài 1"), "{reader}");
    insta::assert_snapshot!("fallback_80x24_reader", reader);
}

#[test]
fn clicks_and_hyperlinks_follow_the_panes() {
    use ratatui::layout::Rect;
    use xemtin::app::mouse::MouseAction;
    use xemtin::ui::hit::click_at;
    let mut a0 = article(0);
    a0.paragraphs[0] = "Xem http://example.org/tin-tuc va http://example.org/khac".into();
    let mut catalog = Memory::new(vec![a0, article(1), article(2)]);
    let options = Options {
        layout: ReaderLayout::default(),
        language: Language::En,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![],
        skipped: 0,
    };
    let mut app = App::new(options, 200, 50, &mut catalog);
    app.set_split(auto(), &mut catalog);
    let area = Rect::new(0, 0, 200, 50);
    // the list's third row, and the same row beside it in the reader pane
    assert_eq!(click_at(&app, area, 10, 3), Some(MouseAction::ClickRow(2)));
    assert_eq!(click_at(&app, area, 80, 3), None, "the divider");
    // the pane starts at column 81, the text 9 columns in: its title's first letter
    assert_eq!(
        click_at(&app, area, 90, 1),
        Some(MouseAction::ClickText { line: 0, byte: 0 })
    );
    assert_eq!(click_at(&app, area, 89, 1), None, "the margin");
    let links = xemtin::ui::hyperlinks::reader_links(&app, area);
    assert_eq!(links.len(), 2, "{links:?}");
    for l in &links {
        assert!(l.columns.start >= 90 && l.columns.end <= 200, "{l:?}");
        assert_eq!(
            l.row, 4,
            "under the title, the date line and a blank: {l:?}"
        );
    }
    // stacked: the reader pane below the list
    app.set_split(
        SplitConfig {
            arrangement: Arrangement::Stacked,
            ..auto()
        },
        &mut catalog,
    );
    assert_eq!(click_at(&app, area, 100, 3), Some(MouseAction::ClickRow(2)));
    assert_eq!(click_at(&app, area, 100, 19), None, "the reader's header");
    assert!(matches!(
        click_at(&app, area, 60, 20),
        Some(MouseAction::ClickText { line: 0, .. })
    ));
    let links = xemtin::ui::hyperlinks::reader_links(&app, area);
    assert!(links.iter().all(|l| l.row == 23), "{links:?}");
}
