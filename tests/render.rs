//! Render tests: the App drawn into ratatui's TestBackend at fixed sizes,
//! compared with committed insta snapshots.

mod support;

use chrono::{NaiveDate, NaiveTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use xemtin::action::Action;
use xemtin::app::help::HelpEntry;
use xemtin::app::reader::ReaderLayout;
use xemtin::app::{App, Options};
use xemtin::article::{Article, Published};
use xemtin::catalog::Memory;
use xemtin::context::Context;
use xemtin::i18n::Language;
use xemtin::ui::{Chrome, Hints, render};

fn article(id: &str, title: &str, ymd: (i32, u32, u32), hm: Option<(u32, u32)>) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        published: Some(Published {
            date: NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2).unwrap(),
            time: hm.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
            instant: None,
        }),
        views: Some(1234),
        source: Some("Báo Tuyên Quang Online".into()),
        paragraphs: vec![
            "Ngày 31-12, Ban Dân vận tổ chức hội nghị tổng kết công tác dân vận nhiệm kỳ, \
             đánh giá kết quả và triển khai nhiệm vụ năm tới."
                .into(),
            "Các đại biểu tham dự hội nghị.".into(),
            "Xem thêm tại http://example.org/mot-duong-dan-rat-dai-khong-co-khoang-trang-nao-o-giua-de-thu-ngat-dong".into(),
        ],
        link: None,
        author: None,
    }
}

fn app(lang: Language, width: u16, height: u16) -> (App, Memory) {
    let mut undated = article("e.txt", "Bài không có ngày tháng", (2020, 1, 1), None);
    undated.published = None;
    undated.views = None;
    undated.source = None;
    let articles = vec![
        article(
            "a.txt",
            "Tổng kết công tác dân vận nhiệm kỳ Đại hội XII của Đảng và phương hướng năm 2021",
            (2020, 12, 31),
            Some((19, 20)),
        ),
        article(
            "b.txt",
            "新闻 CJK title 新闻新闻新闻新闻新闻新闻新闻新闻新闻新闻新闻新闻新闻新闻新闻新闻新闻",
            (2020, 12, 31),
            Some((8, 5)),
        ),
        article(
            "c.txt",
            "Emoji 📰🗞️ headline with a long tail of words to truncate here",
            (2020, 12, 15),
            None,
        ),
        article(
            "d.txt",
            "Người dân vùng cao đón mùa lúa mới",
            (2020, 11, 2),
            Some((7, 0)),
        ),
        undated,
    ];
    let options = Options {
        layout: ReaderLayout::default(),
        language: lang,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![
            HelpEntry {
                context: "List".into(),
                keys: "j".into(),
                actions: "down: Move down one line".into(),
            },
            HelpEntry {
                context: "List".into(),
                keys: "g g".into(),
                actions: "first: Go to the first line".into(),
            },
            HelpEntry {
                context: "Reader".into(),
                keys: "J".into(),
                actions: "next_article: Show the next article".into(),
            },
        ],
        skipped: 3,
    };
    let mut catalog = Memory::new(articles);
    let app = App::new(options, width, height, &mut catalog);
    (app, catalog)
}

fn chrome() -> Chrome {
    Chrome {
        theme: xemtin::config::load(None).unwrap().theme.without_colors(),
        ascii_borders: false,
        hints: Hints::new([
            (
                Context::List,
                "j/k move · enter open · d date · ? help · q quit".into(),
            ),
            (
                Context::Reader,
                "j/k scroll · J/K next/prev · q back".into(),
            ),
            (Context::Prompt, "enter apply · esc cancel".into()),
            (Context::Help, "j/k scroll · esc close".into()),
        ]),
        pending: None,
        columns: xemtin::config::Column::ALL.to_vec(),
        date_format: "%d/%m/%Y %H:%M".into(),
    }
}

fn draw(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| render(f, app, &chrome())).unwrap();
    let buffer = terminal.backend().buffer().clone();
    support::screen_text(&buffer)
}

fn sized(lang: Language, w: u16, h: u16, actions: &[Action], typed: &str) -> String {
    let (mut a, mut c) = app(lang, w, h);
    for &action in actions {
        a.apply(action, &mut c);
    }
    for ch in typed.chars() {
        a.type_char(ch, &mut c);
    }
    draw(&a, w, h)
}

#[test]
fn list_80x24() {
    insta::assert_snapshot!(sized(Language::En, 80, 24, &[Action::Down], ""));
}

#[test]
fn list_40x12() {
    insta::assert_snapshot!(sized(Language::En, 40, 12, &[], ""));
}

#[test]
fn reader_80x24_vietnamese() {
    insta::assert_snapshot!(sized(Language::Vi, 80, 24, &[Action::Open], ""));
}

#[test]
fn reader_40x12() {
    insta::assert_snapshot!(sized(
        Language::En,
        40,
        12,
        &[Action::Open, Action::Down],
        ""
    ));
}

#[test]
fn date_prompt_with_error_80x24() {
    let (mut a, mut cat) = app(Language::En, 80, 24);
    a.apply(Action::DatePrompt, &mut cat);
    for ch in "31/02/2021".chars() {
        a.type_char(ch, &mut cat);
    }
    a.apply(Action::Submit, &mut cat);
    insta::assert_snapshot!(draw(&a, 80, 24));
}

#[test]
fn filter_matching_nothing_40x12() {
    insta::assert_snapshot!(sized(Language::Vi, 40, 12, &[Action::DatePrompt], "1999"));
    let (mut a, mut cat) = app(Language::Vi, 40, 12);
    a.apply(Action::DatePrompt, &mut cat);
    for ch in "1999".chars() {
        a.type_char(ch, &mut cat);
    }
    a.apply(Action::Submit, &mut cat);
    insta::assert_snapshot!(draw(&a, 40, 12));
}

#[test]
fn source_picker_80x24() {
    insta::assert_snapshot!(sized(Language::En, 80, 24, &[Action::SourcePrompt], "báo"));
}

#[test]
fn read_and_starred_marks_80x24() {
    let (mut a, mut cat) = app(Language::En, 80, 24);
    for action in [
        Action::Open,
        Action::Back,
        Action::Down,
        Action::ToggleStar,
        Action::Down,
    ] {
        a.apply(action, &mut cat);
    }
    insta::assert_snapshot!(draw(&a, 80, 24));
}

#[test]
fn search_results_highlighted_80x24() {
    insta::assert_snapshot!(sized(Language::En, 80, 24, &[Action::Search], "nguoi"));
}

#[test]
fn help_overlay_80x24() {
    insta::assert_snapshot!(sized(Language::En, 80, 24, &[Action::Help], ""));
}

#[test]
fn every_size_down_to_1x1_renders() {
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 3),
        (5, 2),
        (10, 4),
        (300, 100),
        (500, 200),
    ] {
        for actions in [
            &[][..],
            &[Action::Open][..],
            &[Action::Help][..],
            &[Action::DatePrompt][..],
        ] {
            let (mut a, mut cat) = app(Language::En, w, h);
            for &action in actions {
                a.apply(action, &mut cat);
            }
            let screen = draw(&a, w, h);
            assert_eq!(screen.lines().count(), usize::from(h));
        }
    }
}

#[test]
fn search_matches_are_styled_on_the_accented_text() {
    let (mut a, mut c) = app(Language::En, 80, 24);
    a.apply(Action::Search, &mut c);
    for ch in "nguoi dan".chars() {
        a.type_char(ch, &mut c);
    }
    a.apply(Action::Submit, &mut c);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let ch = chrome();
    terminal.draw(|f| render(f, &a, &ch)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let row: String = (0..80)
        .map(|x| buffer[(x, 1)].symbol().to_string())
        .collect();
    let at = row.find("Người").map(|b| row[..b].chars().count()).unwrap() as u16;
    let matched = ch.theme.search_match;
    let style_at = |x: u16| buffer[(x, 1)].style();
    assert_eq!(
        style_at(at).add_modifier,
        matched.add_modifier | ch.theme.list_selected.add_modifier
    );
    // "Người dân" is two words; the space between them is not a match, "vùng" is not
    let space = at + 5;
    assert_ne!(style_at(space).add_modifier, style_at(at).add_modifier);
    assert_ne!(style_at(at + 10).add_modifier, style_at(at).add_modifier);
}

#[test]
fn sources_and_views_pane_80x24_vietnamese() {
    use xemtin::config::views::SavedView;
    let (mut a, mut cat) = app(Language::Vi, 80, 24);
    a.set_views(vec![SavedView {
        name: "Người dân 2020".into(),
        query: Some("nguoi dan".into()),
        date: Some("2020".into()),
        ..SavedView::default()
    }]);
    a.apply(Action::SourcePrompt, &mut cat);
    insta::assert_snapshot!(draw(&a, 80, 24));
}
