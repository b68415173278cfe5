//! The screen a terminal shows after xemtin's short output (the `wire`
//! backend and the painter's region scrolls) is the screen a full repaint
//! gives: the bytes are fed to a terminal emulator (vt100) and every cell is
//! compared with the frame rendered afresh, after random sequences of
//! scrolls, article changes, overlays and resizes.

use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use xemtin::action::Action;
use xemtin::app::reader::ReaderLayout;
use xemtin::app::{App, Options};
use xemtin::article::{Article, Published};
use xemtin::catalog::Memory;
use xemtin::config::split::{Arrangement, LayoutChoice, SplitConfig};
use xemtin::context::Context;
use xemtin::i18n::Language;
use xemtin::paint::Painter;
use xemtin::ui::{Chrome, Hints, render};
use xemtin::wire::Wire;

const WORDS: &[&str] = &[
    "Sáng",
    "nay,",
    "tỉnh",
    "Tân",
    "Lâm",
    "tổ",
    "chức",
    "lễ",
    "khai",
    "giảng",
    "năm",
    "học",
    "mới",
    "với",
    "hơn",
    "118.000",
    "học",
    "sinh;",
    "đường",
    "vào",
    "xã",
    "Vàng",
    "Mây",
    "đã",
    "thông",
    "xe.",
    "新闻",
    "http://example.org/tin",
    "và",
    "các",
    "em",
];

/// A paragraph of `n` words, the same for the same seed.
fn paragraph(seed: usize, n: usize) -> String {
    (0..n)
        .map(|i| WORDS[(seed * 7 + i * 13 + i * i) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn article(id: &str, day: u32, paragraphs: usize) -> Article {
    Article {
        id: id.into(),
        title: format!("Bài {id}: {}", paragraph(day as usize, 8)),
        published: Some(Published {
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            time: NaiveTime::from_hms_opt(7, 30, 0),
            instant: None,
        }),
        views: Some(u64::from(100 + day)),
        source: Some("Báo Tân Lâm Online".into()),
        paragraphs: (0..paragraphs)
            .map(|p| paragraph(p + day as usize, 3 + (p * 11) % 60))
            .collect(),
        link: None,
        author: None,
    }
}

fn chrome() -> Chrome {
    Chrome {
        theme: xemtin::config::load(None).unwrap().theme,
        ascii_borders: false,
        hints: Hints::new([
            (
                Context::List,
                "j/k move · enter open · d date · ? help · q quit".into(),
            ),
            (
                Context::Reader,
                "j/k scroll · space page · J/K next/prev · q back".into(),
            ),
            (Context::Prompt, "enter apply · esc cancel".into()),
            (Context::Help, "j/k scroll · esc close".into()),
        ]),
        pending: None,
        columns: xemtin::config::Column::ALL.to_vec(),
        date_format: "%d/%m/%Y %H:%M".into(),
    }
}

fn app(width: u16, height: u16) -> (App, Memory) {
    let options = Options {
        layout: ReaderLayout::default(),
        language: Language::Vi,
        today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        help: Vec::new(),
        skipped: 0,
    };
    let mut catalog = Memory::new(vec![
        article("dai.txt", 20, 40),
        article("vua.txt", 12, 6),
        article("ngan.txt", 3, 1),
    ]);
    let app = App::new(options, width, height, &mut catalog);
    (app, catalog)
}

fn vt_color(c: Color) -> vt100::Color {
    let named = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        other => vt100::Color::Idx(named.iter().position(|n| *n == other).unwrap() as u8),
    }
}

/// The first cell where the emulated screen differs from `expected`.
fn difference(screen: &vt100::Screen, expected: &Buffer) -> Option<String> {
    let area = expected.area;
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let want = &expected[(x, y)];
            let got = screen.cell(y, x)?;
            let symbol = want.symbol();
            let shown = if got.has_contents() {
                got.contents()
            } else {
                " "
            };
            let blank = symbol == " ";
            let mut same = shown == symbol
                && vt_color(want.bg) == got.bgcolor()
                && want.modifier.contains(Modifier::REVERSED) == got.inverse()
                && want.modifier.contains(Modifier::UNDERLINED) == got.underline();
            if !blank {
                same = same
                    && vt_color(want.fg) == got.fgcolor()
                    && want.modifier.contains(Modifier::BOLD) == got.bold()
                    && want.modifier.contains(Modifier::ITALIC) == got.italic();
            }
            if !same {
                return Some(format!(
                    "({x}, {y}): want {symbol:?} {:?}, terminal shows {shown:?} {:?} \
                     bold {} inverse {}\nrow: {:?}",
                    want.style(),
                    got.fgcolor(),
                    got.bold(),
                    got.inverse(),
                    screen.contents_between(y, 0, y, area.width),
                ));
            }
            x += u16::try_from(symbol.width()).unwrap_or(1).max(1);
        }
    }
    None
}

/// The App drawn from scratch into ratatui's test backend.
fn fresh(app: &App, width: u16, height: u16) -> (Buffer, Option<(u16, u16)>) {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    // a position no frame sets: still there after the draw, no cursor was shown
    let nowhere = (u16::MAX, u16::MAX);
    t.set_cursor_position(nowhere).unwrap();
    let completed = t.draw(|f| render(f, app, &chrome())).unwrap();
    let buffer = completed.buffer.clone();
    let p = t.get_cursor_position().unwrap();
    let cursor = ((p.x, p.y) != nowhere).then_some((p.x, p.y));
    (buffer, cursor)
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}

/// xemtin's terminal and a terminal emulator reading what it writes.
struct Rig {
    terminal: Terminal<Wire<Vec<u8>>>,
    painter: Painter,
    parser: vt100::Parser,
    width: u16,
    height: u16,
    /// Bytes written by the last frame.
    last: usize,
}

impl Rig {
    fn new(width: u16, height: u16) -> Rig {
        let mut parser = vt100::Parser::new(nz(height), nz(width), 0);
        // as `term::Screen::enter` leaves it: the cursor hidden
        parser.process(b"\x1b[?25l");
        Rig {
            terminal: Terminal::new(Wire::with_size(Vec::new(), width, height)).unwrap(),
            painter: Painter::new(),
            parser,
            width,
            height,
            last: 0,
        }
    }

    fn resize(&mut self, app: &mut App, catalog: &mut Memory, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        self.terminal.backend_mut().set_size(width, height);
        self.parser.screen_mut().set_size(nz(height), nz(width));
        app.resize(width, height, catalog);
    }

    /// Draw the App and check the emulated screen against a fresh render.
    fn draw_and_check(&mut self, app: &App) -> Result<(), String> {
        self.painter
            .draw(&mut self.terminal, app, &chrome())
            .map_err(|e| e.to_string())?;
        let bytes = std::mem::take(self.terminal.backend_mut().writer_mut());
        self.last = bytes.len();
        self.parser.process(&bytes);
        let (expected, cursor) = fresh(app, self.width, self.height);
        if let Some(d) = difference(self.parser.screen(), &expected) {
            return Err(d);
        }
        let screen = self.parser.screen();
        match cursor {
            Some((x, y)) if screen.hide_cursor() || screen.cursor_position() != (y, x) => {
                Err(format!("cursor: want ({x}, {y}) shown"))
            }
            None if !screen.hide_cursor() => Err("cursor shown, the frame has none".into()),
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    Act(Action),
    Resize(u16, u16),
    Type(char),
}

fn step() -> impl Strategy<Value = Step> {
    let scroll = prop_oneof![
        Just(Action::Down),
        Just(Action::Up),
        Just(Action::PageDown),
        Just(Action::PageUp),
        Just(Action::HalfPageDown),
        Just(Action::HalfPageUp),
        Just(Action::First),
        Just(Action::Last),
    ];
    let other = prop_oneof![
        Just(Action::Open),
        Just(Action::Back),
        Just(Action::NextArticle),
        Just(Action::PrevArticle),
        Just(Action::Help),
        Just(Action::Search),
        Just(Action::Cancel),
        Just(Action::ToggleStar),
        Just(Action::FocusPane),
    ];
    let sizes = prop_oneof![
        Just((120, 40)),
        Just((80, 24)),
        Just((40, 10)),
        Just((20, 5)),
        Just((3, 3)),
        Just((1, 1)),
        (1u16..130, 1u16..45),
    ];
    prop_oneof![
        12 => scroll.prop_map(Step::Act),
        4 => other.prop_map(Step::Act),
        1 => sizes.prop_map(|(w, h)| Step::Resize(w, h)),
        1 => prop::sample::select(vec!['a', 'm', 'ê', '1']).prop_map(Step::Type),
    ]
}

fn run(steps: &[Step], width: u16, height: u16) -> Result<Rig, String> {
    run_with(None, steps, width, height)
}

/// [`run`] with the split layout's options (issue 16).
fn run_with(
    split: Option<SplitConfig>,
    steps: &[Step],
    width: u16,
    height: u16,
) -> Result<Rig, String> {
    let (mut app, mut catalog) = app(width, height);
    if let Some(config) = split {
        app.set_split(config, &mut catalog);
    }
    let mut rig = Rig::new(width, height);
    rig.draw_and_check(&app)?;
    // start in the long article, where scrolls happen
    app.apply(Action::Open, &mut catalog);
    rig.draw_and_check(&app)?;
    for (i, s) in steps.iter().enumerate() {
        match s {
            Step::Act(a) => app.apply(*a, &mut catalog),
            Step::Resize(w, h) => rig.resize(&mut app, &mut catalog, *w, *h),
            Step::Type(c) => app.type_char(*c, &mut catalog),
        }
        rig.draw_and_check(&app)
            .map_err(|e| format!("after step {i} {s:?}: {e}"))?;
    }
    Ok(rig)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn short_output_shows_the_same_screen_as_a_repaint(
        steps in prop::collection::vec(step(), 1..30),
        size in prop_oneof![Just((120u16, 40u16)), Just((80, 24)), Just((30, 8))],
    ) {
        if let Err(e) = run(&steps, size.0, size.1) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// The split layout from 100 columns, side by side or stacked.
fn split_layout() -> impl Strategy<Value = SplitConfig> {
    prop_oneof![Just(Arrangement::SideBySide), Just(Arrangement::Stacked)].prop_map(|arrangement| {
        SplitConfig {
            layout: LayoutChoice::Auto,
            min_width: 100,
            arrangement,
            ..SplitConfig::default()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn short_output_shows_the_same_screen_as_a_repaint_when_split(
        split in split_layout(),
        steps in prop::collection::vec(step(), 1..30),
        size in prop_oneof![Just((120u16, 40u16)), Just((200, 50)), Just((80, 24))],
    ) {
        if let Err(e) = run_with(Some(split), &steps, size.0, size.1) {
            prop_assert!(false, "{}", e);
        }
    }
}

#[test]
fn stacked_split_scrolls_the_reader_pane_by_its_region() {
    let stacked = SplitConfig {
        layout: LayoutChoice::Auto,
        arrangement: Arrangement::Stacked,
        ..SplitConfig::default()
    };
    let down = [Step::Act(Action::Down), Step::Act(Action::Down)];
    let rig = run_with(Some(stacked), &down, 200, 50).unwrap();
    assert_eq!(rig.painter.region_scrolls, 2, "the pane spans the width");
    assert!(rig.last < 300, "one line down wrote {} bytes", rig.last);
    let side = SplitConfig {
        arrangement: Arrangement::SideBySide,
        ..stacked
    };
    let rig = run_with(Some(side), &down, 200, 50).unwrap();
    assert_eq!(
        rig.painter.region_scrolls, 0,
        "side by side: no whole lines"
    );
}

#[test]
fn line_scrolls_use_the_region_and_write_one_line() {
    let steps: Vec<Step> = [
        Action::Down,
        Action::Down,
        Action::Up,
        Action::PageDown,
        Action::HalfPageUp,
    ]
    .into_iter()
    .map(Step::Act)
    .collect();
    let mut rig = run(&steps[..1], 120, 40).unwrap();
    assert_eq!(rig.painter.region_scrolls, 1);
    assert!(rig.last < 300, "one line down wrote {} bytes", rig.last);
    rig = run(&steps, 120, 40).unwrap();
    assert_eq!(rig.painter.region_scrolls, steps.len());
}

#[test]
fn no_region_scroll_under_help_or_a_prompt_or_after_a_resize() {
    use Action::*;
    let at = |steps: Vec<Step>| run(&steps, 100, 30).unwrap().painter.region_scrolls;
    assert_eq!(at(vec![Step::Act(Help), Step::Act(Down)]), 0);
    assert_eq!(at(vec![Step::Act(Search), Step::Act(Down)]), 0);
    // the resize rewraps the article: that frame is drawn whole, the next scrolls
    assert_eq!(
        at(vec![Step::Act(Down), Step::Resize(90, 30), Step::Act(Down)]),
        2
    );
    assert_eq!(at(vec![Step::Act(Down), Step::Resize(100, 31)]), 1);
    let there_and_back = vec![Step::Act(NextArticle), Step::Act(PrevArticle)];
    assert_eq!(at([there_and_back, vec![Step::Act(Down)]].concat()), 1);
}

#[test]
fn a_region_scroll_without_shifting_the_last_frame_is_caught() {
    // the check above must be able to fail: scroll the terminal's region
    // behind the painter's back and the next frame leaves the screen wrong
    let (mut app, mut catalog) = app(120, 40);
    let mut rig = Rig::new(120, 40);
    app.apply(Action::Open, &mut catalog);
    rig.draw_and_check(&app).unwrap();
    use ratatui::backend::Backend;
    rig.terminal
        .backend_mut()
        .scroll_region_up(1..39, 1)
        .unwrap();
    app.apply(Action::Down, &mut catalog);
    // the painter scrolls once more, ratatui's diff never repairs the first
    assert!(rig.draw_and_check(&app).is_err());
}
