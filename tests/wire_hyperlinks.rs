//! OSC 8 hyperlinks at the byte level: the reader's addresses go out
//! wrapped in `ESC ] 8 ; ; URL ESC \` ... `ESC ] 8 ; ; ESC \` when the
//! frame is given them, not one byte of it otherwise, and the screen a
//! terminal shows is the same either way.

use chrono::{NaiveDate, NaiveTime};
use ratatui::Terminal;
use ratatui::layout::Rect;

use xemtin::action::Action;
use xemtin::app::reader::ReaderLayout;
use xemtin::app::{App, Options};
use xemtin::article::{Article, Published};
use xemtin::catalog::Memory;
use xemtin::i18n::Language;
use xemtin::paint::Painter;
use xemtin::ui::hyperlinks::reader_links;
use xemtin::ui::{Chrome, Hints};
use xemtin::wire::{Hyperlink, Wire};

const OPEN: &[u8] = b"\x1b]8;;";
const CLOSE: &[u8] = b"\x1b]8;;\x1b\\";

fn app(width: u16, height: u16) -> (App, Memory) {
    let mut paragraphs = vec![
        "Xem https://example.org/tin-moi và www.example.com/dia-chi-rat-dai-de-xuong-dong-o-giua-chung nhé.".to_string(),
        "Địa chỉ lạ: javascript:alert(1) và file:///etc/passwd không phải liên kết.".to_string(),
    ];
    paragraphs.extend((0..30).map(|i| format!("Đoạn {i} https://example.org/{i}")));
    let article = Article {
        id: "a".into(),
        title: "Bài có liên kết".into(),
        published: Some(Published {
            date: NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
            time: NaiveTime::from_hms_opt(8, 0, 0),
            instant: None,
        }),
        views: None,
        source: None,
        paragraphs,
        link: Some("https://example.org/bai".into()),
        author: None,
    };
    let options = Options {
        layout: ReaderLayout::default(),
        language: Language::Vi,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![],
        skipped: 0,
    };
    let mut catalog = Memory::new(vec![article]);
    let mut app = App::new(options, width, height, &mut catalog);
    app.apply(Action::Open, &mut catalog);
    (app, catalog)
}

fn chrome() -> Chrome {
    Chrome {
        theme: xemtin::config::load(None).unwrap().theme,
        ascii_borders: false,
        hints: Hints::default(),
        pending: None,
        columns: xemtin::config::Column::ALL.to_vec(),
        date_format: "%d/%m/%Y %H:%M".into(),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// The bytes of each frame for `steps` (actions after opening the
/// article), with or without hyperlinks, and the screen at the end.
fn frames(width: u16, height: u16, links: bool, steps: &[Action]) -> (Vec<Vec<u8>>, String) {
    let (mut app, mut catalog) = app(width, height);
    let mut terminal = Terminal::new(Wire::with_size(Vec::new(), width, height)).unwrap();
    let mut painter = Painter::new();
    let mut out = Vec::new();
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(height).unwrap(),
        std::num::NonZeroU16::new(width).unwrap(),
        0,
    );
    for step in std::iter::once(None).chain(steps.iter().map(Some)) {
        if let Some(&a) = step {
            app.apply(a, &mut catalog);
        }
        if links {
            let cells = reader_links(&app, Rect::new(0, 0, width, height))
                .into_iter()
                .map(|l| Hyperlink {
                    row: l.row,
                    columns: l.columns,
                    url: l.url.into(),
                })
                .collect();
            terminal.backend_mut().set_links(cells);
        }
        painter.draw(&mut terminal, &app, &chrome()).unwrap();
        let bytes = std::mem::take(terminal.backend_mut().writer_mut());
        parser.process(&bytes);
        out.push(bytes);
    }
    (out, parser.screen().contents())
}

#[test]
fn addresses_are_hyperlinks_only_when_asked() {
    let steps = [Action::Down, Action::PageDown, Action::Up, Action::First];
    let (plain, plain_screen) = frames(80, 24, false, &steps);
    let (linked, linked_screen) = frames(80, 24, true, &steps);
    assert_eq!(plain_screen, linked_screen, "the same text on screen");
    let sizes = |f: &[Vec<u8>]| f.iter().map(Vec::len).collect::<Vec<_>>();
    eprintln!(
        "bytes per frame (open, down, page down, up, top): without hyperlinks {:?}, with {:?}; \
         hyperlinks opened in the first frame: {}",
        sizes(&plain),
        sizes(&linked),
        find(&linked[0], OPEN).len() - find(&linked[0], CLOSE).len()
    );
    for frame in &plain {
        assert!(find(frame, b"\x1b]8").is_empty(), "no OSC 8 without links");
    }
    let first = &linked[0];
    let text = String::from_utf8_lossy(first);
    // the article's own link, and a body address with its text inside
    assert!(text.contains("\x1b]8;;https://example.org/bai\x1b\\https://example.org/bai"));
    assert!(text.contains("\x1b]8;;https://example.org/tin-moi\x1b\\https://example.org/tin-moi"));
    // a www. address goes out with its scheme, on both lines it is cut into
    let www = find(first, b"\x1b]8;;https://www.example.com/dia-chi").len();
    assert!(www >= 1, "{text}");
    // no scheme but http(s), ftp, mailto is ever linked
    assert!(!text.contains("8;;javascript") && !text.contains("8;;file"));
    for frame in &linked {
        // every link opened is closed before the frame ends, so nothing
        // printed later (the status line, the shell) is a link
        let opens = find(frame, OPEN);
        if let Some(&last) = opens.last() {
            assert_eq!(&frame[last..last + CLOSE.len()], CLOSE);
        }
    }
    // a line scrolled in brings its link, the region scroll keeps the rest
    assert!(
        find(&linked[1], OPEN).len() <= 2 * 2,
        "a line down links only the new line: {}",
        String::from_utf8_lossy(&linked[1])
    );
}

#[test]
fn help_and_prompts_over_the_reader_take_the_links_away() {
    let (mut app, mut catalog) = app(80, 24);
    let area = Rect::new(0, 0, 80, 24);
    assert!(!reader_links(&app, area).is_empty());
    app.apply(Action::Help, &mut catalog);
    assert!(reader_links(&app, area).is_empty());
    app.apply(Action::Back, &mut catalog);
    app.apply(Action::OpenLink, &mut catalog);
    assert!(app.prompt().is_some(), "several links: which one?");
    assert!(reader_links(&app, area).is_empty());
}
