//! The bytes that reach the terminal: a ratatui backend that writes each
//! frame in as few bytes as it can, for slow links such as SSH.
//!
//! ratatui hands a backend the cells that changed since the last frame. This
//! backend keeps a copy of what the terminal shows, so that it can choose,
//! cell run by cell run, the shortest way to get there:
//!
//! - the cheapest cursor move (`\r`, `\r\n`, `\n`, a relative move, a column
//!   or row address, or the full address), or printing the few unchanged
//!   cells in between again when that is shorter;
//! - one SGR sequence per change of style, with only the attributes that
//!   change, and colours 0-15 as `30`-`37`/`90`-`97`;
//! - erase to the end of the line (`EL`) where the rest of a row is blank;
//! - the cursor hidden or shown only when that changes;
//! - a region scroll (`DECSTBM` + `SU`/`SD`) when asked through
//!   [`Backend::scroll_region_up`] and [`Backend::scroll_region_down`].
//!
//! A frame is gathered in memory and written at `flush`, once, wrapped in
//! synchronized output (DEC mode 2026) so a terminal that supports it shows
//! the frame whole; others ignore the wrapper. A frame that changes nothing
//! writes nothing.

use std::io::{self, Write};
use std::ops::Range;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// Begin and end synchronized output (DEC private mode 2026).
const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
const SYNC_END: &[u8] = b"\x1b[?2026l";

/// Attributes that show on a blank cell: a cell with one of them (or a
/// background colour) cannot be made by erasing.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// The graphic rendition the terminal is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// Whether erasing with this pen leaves cells that look blank and plain.
    fn erases_plain(self) -> bool {
        self.bg == Color::Reset && !self.modifier.intersects(VISIBLE_ON_BLANK)
    }
}

/// Where the terminal's cursor is, as far as we know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Unknown,
    /// `pending`: a character was just written in the last column, and the
    /// terminal waits to wrap; only absolute moves and `\r` are safe then.
    Known {
        x: u16,
        y: u16,
        pending: bool,
    },
}

/// Output being built, with the terminal state it leaves behind.
#[derive(Debug, Clone)]
struct Enc {
    out: Vec<u8>,
    pen: Option<Pen>,
    at: At,
    /// The scrolling margins (first row, row after the last) when they are
    /// not the whole screen: a line feed on the bottom margin scrolls.
    margins: Option<(u16, u16)>,
}

fn num(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(n.to_string().as_bytes());
}

/// `ESC [ n c`, with `n` left out when it is 1.
fn csi_n(out: &mut Vec<u8>, n: u32, c: u8) {
    out.extend_from_slice(b"\x1b[");
    if n != 1 {
        num(out, n);
    }
    out.push(c);
}

fn cup(x: u16, y: u16) -> Vec<u8> {
    let mut s = b"\x1b[".to_vec();
    if (x, y) != (0, 0) {
        num(&mut s, u32::from(y) + 1);
    }
    if x != 0 {
        s.push(b';');
        num(&mut s, u32::from(x) + 1);
    }
    s.push(b'H');
    s
}

/// Moves along a row from column `from` to `to` (no pending wrap).
fn horizontal(from: u16, to: u16) -> Vec<u8> {
    let mut s = Vec::new();
    if to > from {
        csi_n(&mut s, u32::from(to - from), b'C');
    } else if to < from {
        csi_n(&mut s, u32::from(from - to), b'D');
    }
    s
}

/// `\r` and a move right to column `x`.
fn from_line_start(x: u16) -> Vec<u8> {
    let mut s = b"\r".to_vec();
    s.extend(horizontal(0, x));
    s
}

/// SGR parameters for a colour: `base` is 30 (foreground) or 40 (background).
fn color_params(c: Color, base: u32, p: &mut Vec<String>) {
    let named = |i: u32| {
        if i < 8 {
            (base + i).to_string()
        } else {
            (base + 60 + i - 8).to_string()
        }
    };
    let s = match c {
        Color::Reset => (base + 9).to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    };
    p.push(s);
}

/// SGR parameters for the underline colour (58/59).
fn underline_params(c: Color, p: &mut Vec<String>) {
    let index = match c {
        Color::Reset => return p.push("59".into()),
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => return p.push(format!("58;2;{r};{g};{b}")),
    };
    p.push(format!("58;5;{index}"));
}

const MODIFIER_ON: [(Modifier, &str); 9] = [
    (Modifier::BOLD, "1"),
    (Modifier::DIM, "2"),
    (Modifier::ITALIC, "3"),
    (Modifier::UNDERLINED, "4"),
    (Modifier::SLOW_BLINK, "5"),
    (Modifier::RAPID_BLINK, "6"),
    (Modifier::REVERSED, "7"),
    (Modifier::HIDDEN, "8"),
    (Modifier::CROSSED_OUT, "9"),
];

fn set_modifiers(m: Modifier, p: &mut Vec<String>) {
    for (flag, code) in MODIFIER_ON {
        if m.contains(flag) {
            p.push(code.into());
        }
    }
}

/// Parameters that set `to` from scratch.
fn full_params(to: Pen) -> Vec<String> {
    let mut p = vec!["0".to_string()];
    set_modifiers(to.modifier, &mut p);
    if to.fg != Color::Reset {
        color_params(to.fg, 30, &mut p);
    }
    if to.bg != Color::Reset {
        color_params(to.bg, 40, &mut p);
    }
    if to.underline != Color::Reset {
        underline_params(to.underline, &mut p);
    }
    p
}

/// Parameters that change `from` into `to`.
fn change_params(from: Pen, to: Pen) -> Vec<String> {
    let mut p = Vec::new();
    let removed = from.modifier - to.modifier;
    let mut add = to.modifier - from.modifier;
    let intensity = Modifier::BOLD | Modifier::DIM;
    let blink = Modifier::SLOW_BLINK | Modifier::RAPID_BLINK;
    if removed.intersects(intensity) {
        p.push("22".into());
        add |= to.modifier & intensity;
    }
    if removed.intersects(blink) {
        p.push("25".into());
        add |= to.modifier & blink;
    }
    for (flag, code) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::HIDDEN, "28"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if removed.contains(flag) {
            p.push(code.into());
        }
    }
    set_modifiers(add, &mut p);
    if from.fg != to.fg {
        color_params(to.fg, 30, &mut p);
    }
    if from.bg != to.bg {
        color_params(to.bg, 40, &mut p);
    }
    if from.underline != to.underline {
        underline_params(to.underline, &mut p);
    }
    p
}

fn sgr(params: &[String]) -> Vec<u8> {
    if params == ["0"] {
        return b"\x1b[m".to_vec();
    }
    let mut s = b"\x1b[".to_vec();
    s.extend_from_slice(params.join(";").as_bytes());
    s.push(b'm');
    s
}

/// A cell that erasing makes: blank, no background, nothing visible on it.
fn erasable(c: &Cell) -> bool {
    c.symbol() == " " && c.bg == Color::Reset && !c.modifier.intersects(VISIBLE_ON_BLANK)
}

/// A symbol whose width every terminal agrees on: one character, one column.
fn simple(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_control())
        && symbol.width() == 1
}

impl Enc {
    fn new() -> Enc {
        Enc {
            out: Vec::new(),
            pen: None,
            at: At::Unknown,
            margins: None,
        }
    }

    /// The same terminal state with nothing written yet, to try an alternative.
    fn fork(&self) -> Enc {
        Enc {
            out: Vec::new(),
            pen: self.pen,
            at: self.at,
            margins: self.margins,
        }
    }

    fn join(&mut self, other: Enc) {
        self.out.extend(other.out);
        self.pen = other.pen;
        self.at = other.at;
        self.margins = other.margins;
    }

    /// Set the scrolling margins to rows `start..end` (None: the whole screen).
    fn set_margins(&mut self, margins: Option<(u16, u16)>) {
        if self.margins == margins {
            return;
        }
        self.out.extend_from_slice(b"\x1b[");
        if let Some((start, end)) = margins {
            num(&mut self.out, u32::from(start) + 1);
            self.out.push(b';');
            num(&mut self.out, u32::from(end));
        }
        self.out.push(b'r');
        self.margins = margins;
        // setting the margins homes the cursor, to the screen's or the
        // region's top depending on the terminal
        self.at = At::Unknown;
    }

    fn move_to(&mut self, x: u16, y: u16) {
        let mut best = cup(x, y);
        if let At::Known {
            x: cx,
            y: cy,
            pending,
        } = self.at
        {
            if !pending && (cx, cy) == (x, y) {
                return;
            }
            let mut consider = |s: Vec<u8>| {
                if s.len() < best.len() {
                    best = s;
                }
            };
            if y == cy {
                consider(from_line_start(x));
                let mut cha = Vec::new();
                csi_n(&mut cha, u32::from(x) + 1, b'G');
                consider(cha);
                if !pending {
                    consider(horizontal(cx, x));
                }
            } else if y == cy.saturating_add(1)
                && self
                    .margins
                    .is_none_or(|(_, end)| cy.saturating_add(1) != end)
            {
                let mut s = b"\r\n".to_vec();
                s.extend(horizontal(0, x));
                consider(s);
                if !pending {
                    let mut s = b"\n".to_vec();
                    s.extend(horizontal(cx, x));
                    consider(s);
                }
            }
            // a few rows down by line feeds, none of them on the bottom margin
            if y > cy.saturating_add(1) && y - cy <= 4 {
                let feeds = usize::from(y - cy);
                let clear = self
                    .margins
                    .is_none_or(|(_, end)| !(cy..y).contains(&end.saturating_sub(1)));
                if clear {
                    let mut s = b"\r".to_vec();
                    s.extend(std::iter::repeat_n(b'\n', feeds));
                    s.extend(horizontal(0, x));
                    consider(s);
                    if !pending {
                        let mut s = vec![b'\n'; feeds];
                        s.extend(horizontal(cx, x));
                        consider(s);
                    }
                }
            }
            if !pending && x == cx && y != cy {
                let mut vpa = Vec::new();
                csi_n(&mut vpa, u32::from(y) + 1, b'd');
                consider(vpa);
            }
        }
        self.out.extend(best);
        self.at = At::Known {
            x,
            y,
            pending: false,
        };
    }

    fn set_pen(&mut self, to: Pen) {
        if self.pen == Some(to) {
            return;
        }
        let mut best = sgr(&full_params(to));
        if let Some(from) = self.pen {
            let change = sgr(&change_params(from, to));
            if change.len() < best.len() {
                best = change;
            }
        }
        self.out.extend(best);
        self.pen = Some(to);
    }

    /// A pen that erases to plain blank cells, changing as little as it can.
    fn pen_for_erasing(&mut self) {
        match self.pen {
            Some(p) if p.erases_plain() => {}
            Some(p) => {
                let keep = Pen {
                    bg: Color::Reset,
                    modifier: p.modifier - VISIBLE_ON_BLANK,
                    ..p
                };
                let mut a = self.fork();
                a.set_pen(keep);
                let mut b = self.fork();
                b.set_pen(Pen::PLAIN);
                self.join(if a.out.len() < b.out.len() { a } else { b });
            }
            None => self.set_pen(Pen::PLAIN),
        }
    }

    /// Print a cell's symbol at the cursor, which is at (`x`, `y`).
    fn print(&mut self, x: u16, y: u16, symbol: &str, width: u16) {
        self.out.extend_from_slice(symbol.as_bytes());
        self.at = if !simple(symbol) {
            At::Unknown
        } else if x.saturating_add(1) >= width {
            At::Known {
                x: width.saturating_sub(1),
                y,
                pending: true,
            }
        } else {
            At::Known {
                x: x + 1,
                y,
                pending: false,
            }
        };
    }

    fn put(&mut self, x: u16, y: u16, cell: &Cell, width: u16) {
        self.move_to(x, y);
        self.set_pen(Pen::of(cell));
        self.print(x, y, cell.symbol(), width);
    }
}

/// A ratatui backend that writes few bytes; see the module documentation.
pub struct Wire<W: Write> {
    writer: W,
    enc: Enc,
    /// What the terminal shows: the cells ratatui last drew.
    screen: Buffer,
    /// Whether `screen` is known to match the terminal; when not, cells are
    /// written plainly, without erasing or reprinting unchanged cells.
    trusted: bool,
    cursor_shown: Option<bool>,
    /// A fixed size instead of asking the terminal (tests, recordings).
    fixed: Option<Size>,
    sync: bool,
    /// Scroll by line feeds at the bottom margin and reverse index at the
    /// top, for terminals without `SU`/`SD` (the Linux console).
    feeds: bool,
}

impl<W: Write> Wire<W> {
    /// A backend for the terminal behind `writer`, which shows a blank
    /// screen with the cursor hidden (just after entering the alternate
    /// screen).
    pub fn new(writer: W) -> Wire<W> {
        let mut wire = Wire {
            writer,
            enc: Enc::new(),
            screen: Buffer::empty(Rect::ZERO),
            trusted: false,
            cursor_shown: Some(false),
            fixed: None,
            sync: true,
            feeds: false,
        };
        wire.reset_screen();
        wire
    }

    /// A backend of a fixed size, for tests and recordings.
    pub fn with_size(writer: W, width: u16, height: u16) -> Wire<W> {
        let mut wire = Wire::new(writer);
        wire.set_size(width, height);
        wire.reset_screen();
        wire
    }

    /// Change the fixed size (the terminal was resized; ratatui clears the
    /// screen when it notices).
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.fixed = Some(Size::new(width, height));
    }

    /// Leave out the synchronized-output wrapper.
    pub fn without_sync(mut self) -> Wire<W> {
        self.sync = false;
        self
    }

    /// Scroll regions with line feeds and reverse index instead of
    /// `SU`/`SD`, which older terminals (the Linux console) lack.
    pub fn scroll_by_line_feeds(mut self, feeds: bool) -> Wire<W> {
        self.feeds = feeds;
        self
    }

    pub fn writer(&self) -> &W {
        &self.writer
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.writer
    }

    /// The terminal was cleared: a blank screen of the current size.
    fn reset_screen(&mut self) {
        match self.size() {
            Ok(size) => {
                self.screen = Buffer::empty(Rect::new(0, 0, size.width, size.height));
                self.trusted = true;
            }
            Err(_) => self.trusted = false,
        }
    }

    fn width(&self) -> u16 {
        self.screen.area.width
    }

    /// The first column from which row `y` is blank to its end in `screen`.
    fn blank_from(&self, y: u16) -> u16 {
        let width = self.width();
        let erasable = |x: u16| self.screen.cell(Position::new(x, y)).is_some_and(erasable);
        let mut from = width;
        while from > 0 && erasable(from - 1) {
            from -= 1;
        }
        // a wide character just before reaches into the blank cells
        for back in 1..=from.min(3) {
            let w = self
                .screen
                .cell(Position::new(from - back, y))
                .map_or(1, |c| c.symbol().width());
            if w > usize::from(back) {
                let reach = u16::try_from(w).unwrap_or(u16::MAX);
                from = (from - back).saturating_add(reach).min(width);
                break;
            }
        }
        from
    }

    /// Reprint the unchanged cells from the cursor up to column `x`, when
    /// they are all plain single-column characters.
    fn reprint_gap(&self, enc: &mut Enc, x: u16, y: u16) -> bool {
        let At::Known {
            x: cx,
            y: cy,
            pending: false,
        } = enc.at
        else {
            return false;
        };
        if cy != y || cx >= x || x - cx > 8 {
            return false;
        }
        // the cell before must not be a wide character reaching into the gap
        if self.wide_before(cx, y) {
            return false;
        }
        let width = self.width();
        for gx in cx..x {
            let Some(cell) = self.screen.cell(Position::new(gx, y)) else {
                return false;
            };
            if !simple(cell.symbol()) {
                return false;
            }
            enc.set_pen(Pen::of(cell));
            enc.print(gx, y, cell.symbol(), width);
        }
        true
    }

    /// Put `cell` at (`x`, `y`), reaching it by a move or by printing the
    /// unchanged cells before it again, whichever is shorter.
    fn put_near(&self, enc: &mut Enc, x: u16, y: u16, cell: &Cell) {
        let width = self.width();
        if self.trusted {
            let mut again = enc.fork();
            if self.reprint_gap(&mut again, x, y) {
                let mut moved = enc.fork();
                moved.move_to(x, y);
                again.set_pen(Pen::of(cell));
                moved.set_pen(Pen::of(cell));
                enc.join(if again.out.len() < moved.out.len() {
                    again
                } else {
                    moved
                });
            }
        }
        enc.put(x, y, cell, width);
    }

    /// One row's changed cells written as they are, the blank end of the
    /// row erased when that is shorter.
    fn row_written(&self, mut enc: Enc, y: u16, row: &[(u16, Cell)]) -> Enc {
        let blank = if self.trusted {
            self.blank_from(y)
        } else {
            u16::MAX
        };
        for (i, (x, cell)) in row.iter().enumerate() {
            let x = *x;
            if x >= blank {
                let mut erase = enc.fork();
                erase.move_to(x, y);
                erase.pen_for_erasing();
                erase.out.extend_from_slice(b"\x1b[K");
                let mut write = enc.fork();
                for (x, cell) in &row[i..] {
                    self.put_near(&mut write, *x, y, cell);
                }
                enc.join(if erase.out.len() <= write.out.len() {
                    erase
                } else {
                    write
                });
                break;
            }
            self.put_near(&mut enc, x, y, cell);
        }
        enc
    }

    /// Whether the cell left of (`x`, `y`) may be a wide character reaching
    /// into `x` (or is unknown), so that writing from `x` alone is unsafe.
    fn wide_before(&self, x: u16, y: u16) -> bool {
        x.checked_sub(1).is_some_and(|before| {
            self.screen
                .cell(Position::new(before, y))
                .is_none_or(|c| c.symbol().width() > 1)
        })
    }

    /// The row erased from its first change on, then every cell there that
    /// is not blank written (changed or not). None when that cannot be done.
    fn row_erased(&self, mut enc: Enc, y: u16, row: &[(u16, Cell)]) -> Option<Enc> {
        let x0 = row.first()?.0;
        if !self.trusted {
            return None;
        }
        if self.wide_before(x0, y) {
            return None;
        }
        enc.move_to(x0, y);
        enc.pen_for_erasing();
        enc.out.extend_from_slice(b"\x1b[K");
        self.put_visible(&mut enc, x0, self.width(), y)?;
        Some(enc)
    }

    /// Write the cells of row `y` from column `from` to before `to` that
    /// are not blank (on an erased row). None when a cell is off the screen.
    fn put_visible(&self, enc: &mut Enc, from: u16, to: u16, y: u16) -> Option<()> {
        let mut x = from;
        while x < to {
            let cell = self.screen.cell(Position::new(x, y))?;
            let w = u16::try_from(cell.symbol().width()).unwrap_or(1).max(1);
            if !erasable(cell) {
                self.put_near(enc, x, y, cell);
            }
            x = x.saturating_add(w);
        }
        Some(())
    }

    /// Write one row's changed cells (`row` is in column order), the
    /// shorter of writing them as they are and erasing first.
    fn encode_row(&self, enc: &mut Enc, y: u16, row: &[(u16, Cell)]) {
        let written = self.row_written(enc.fork(), y, row);
        let best = match self.row_erased(enc.fork(), y, row) {
            Some(erased) if erased.out.len() < written.out.len() => erased,
            _ => written,
        };
        enc.join(best);
    }

    /// The whole screen erased, then every cell that is not blank written.
    fn screen_erased(&self, mut enc: Enc) -> Option<Enc> {
        if !self.trusted {
            return None;
        }
        enc.pen_for_erasing();
        // home and erase below, not ED 2: `\e[2J` stays a sign of an
        // escape sequence from a file getting through (tests/e2e_injection.rs)
        enc.move_to(0, 0);
        enc.out.extend_from_slice(b"\x1b[J");
        let area = self.screen.area;
        for y in area.top()..area.bottom() {
            self.put_visible(&mut enc, area.left(), area.right(), y)?;
        }
        Some(enc)
    }

    /// Write what is gathered, wrapped in synchronized output.
    fn write_out(&mut self) -> io::Result<()> {
        if self.enc.out.is_empty() {
            return Ok(());
        }
        let body = std::mem::take(&mut self.enc.out);
        if self.sync {
            self.writer.write_all(SYNC_BEGIN)?;
        }
        self.writer.write_all(&body)?;
        if self.sync {
            self.writer.write_all(SYNC_END)?;
        }
        Ok(())
    }

    /// Scroll rows `region` of the terminal by `amount` lines: up (content
    /// moves up, blank lines enter at the bottom) or down.
    fn scroll(&mut self, region: Range<u16>, amount: u16, up: bool) {
        let end = region.end.min(self.screen.area.height);
        let start = region.start.min(end);
        let len = end - start;
        if amount == 0 || len == 0 {
            return;
        }
        let amount = amount.min(len);
        self.enc.pen_for_erasing();
        if len < 2 {
            // nothing stays: erase the rows (a one-row margin is not allowed)
            for y in start..end {
                self.enc.move_to(0, y);
                self.enc.out.extend_from_slice(b"\x1b[K");
            }
        } else {
            // the margins stay set for the next scroll; line feeds avoid
            // the bottom margin, and `term::restore` resets them
            let whole = start == 0 && end == self.screen.area.height;
            self.enc.set_margins((!whole).then_some((start, end)));
            if self.feeds {
                // a line feed on the bottom margin scrolls up, a reverse
                // index on the top margin scrolls down
                let (row, step): (u16, &[u8]) = if up {
                    (end - 1, b"\n")
                } else {
                    (start, b"\x1bM")
                };
                self.enc.move_to(0, row);
                for _ in 0..amount {
                    self.enc.out.extend_from_slice(step);
                }
            } else {
                csi_n(
                    &mut self.enc.out,
                    u32::from(amount),
                    if up { b'S' } else { b'T' },
                );
            }
        }
        shift_rows(&mut self.screen, start..end, amount, up);
    }
}

/// Bytes written between frames (an OSC 52 copy) go straight out, after
/// anything gathered; the cursor and colours are then taken as unknown, so
/// the next frame sets them afresh.
impl<W: Write> Write for Wire<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_out()?;
        self.enc.at = At::Unknown;
        self.enc.pen = None;
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_out()?;
        self.writer.flush()
    }
}

/// Move the rows `region` of `buf` up (or down) by `amount`, blank rows
/// entering, as a terminal's region scroll does.
pub fn shift_rows(buf: &mut Buffer, region: Range<u16>, amount: u16, up: bool) {
    let area = buf.area;
    let end = region.end.min(area.bottom());
    let start = region.start.max(area.top()).min(end);
    let width = usize::from(area.width);
    let row_index = |y: u16| usize::from(y - area.y) * width;
    let (first, last) = (row_index(start), row_index(end));
    let Some(rows) = buf.content.get_mut(first..last) else {
        return;
    };
    let by = (usize::from(amount) * width).min(rows.len());
    if up {
        rows.rotate_left(by);
        let n = rows.len();
        for cell in &mut rows[n - by..] {
            cell.reset();
        }
    } else {
        rows.rotate_right(by);
        for cell in &mut rows[..by] {
            cell.reset();
        }
    }
}

impl<W: Write> Backend for Wire<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut updates: Vec<(u16, u16, Cell)> =
            content.map(|(x, y, c)| (x, y, c.clone())).collect();
        updates.sort_by_key(|(x, y, _)| (*y, *x));
        // the screen after this frame, to know the cells around the changes
        for (x, y, cell) in &updates {
            match self.screen.cell_mut(Position::new(*x, *y)) {
                Some(c) => *c = cell.clone(),
                None => self.trusted = false,
            }
            // ratatui blanks the columns a wide character covers, and does
            // not send them
            let width = u16::try_from(cell.symbol().width()).unwrap_or(1);
            for covered in 1..width {
                if let Some(c) = self
                    .screen
                    .cell_mut(Position::new(x.saturating_add(covered), *y))
                {
                    c.reset();
                }
            }
        }
        if updates.is_empty() {
            return Ok(());
        }
        let mut rows = self.enc.fork();
        let mut rest = updates.as_slice();
        while let Some((_, y, _)) = rest.first() {
            let y = *y;
            let n = rest.iter().take_while(|(_, ry, _)| *ry == y).count();
            let row: Vec<(u16, Cell)> = rest[..n].iter().map(|(x, _, c)| (*x, c.clone())).collect();
            self.encode_row(&mut rows, y, &row);
            rest = &rest[n..];
        }
        // when much of the screen changes, erasing it all may be shorter (not
        // worth working out for a few cells)
        let cells = usize::from(self.screen.area.width) * usize::from(self.screen.area.height);
        let erased = if updates.len() >= cells / 4 {
            self.screen_erased(self.enc.fork())
        } else {
            None
        };
        let best = match erased {
            Some(erased) if erased.out.len() < rows.out.len() => erased,
            _ => rows,
        };
        self.enc.join(best);
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.enc.out.extend_from_slice(b"\x1b[?25l");
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.enc.out.extend_from_slice(b"\x1b[?25h");
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        if self.fixed.is_some() {
            return Ok(match self.enc.at {
                At::Known { x, y, .. } => Position::new(x, y),
                At::Unknown => Position::ORIGIN,
            });
        }
        self.write_out()?;
        self.writer.flush()?;
        let (x, y) = ratatui::crossterm::cursor::position()?;
        self.enc.at = At::Known {
            x,
            y,
            pending: false,
        };
        Ok(Position::new(x, y))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.enc.move_to(p.x, p.y);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.enc.pen_for_erasing();
        let seq: &[u8] = match clear_type {
            ClearType::All => {
                self.enc.move_to(0, 0);
                b"\x1b[J"
            }
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.enc.out.extend_from_slice(seq);
        if clear_type == ClearType::All {
            // ratatui clears after a resize, when the terminal has reset
            // its margins and may have moved the cursor: reset them anyway,
            // and forget where the cursor is
            if self.enc.margins.is_some() {
                self.enc.set_margins(None);
            }
            self.enc.at = At::Unknown;
            self.reset_screen();
        } else {
            self.trusted = false;
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        for _ in 0..n {
            self.enc.out.push(b'\n');
        }
        self.enc.at = At::Unknown;
        self.trusted = false;
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(size) => Ok(size),
            None => {
                let (width, height) = ratatui::crossterm::terminal::size()?;
                Ok(Size::new(width, height))
            }
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let columns_rows = self.size()?;
        if self.fixed.is_none()
            && let Ok(w) = ratatui::crossterm::terminal::window_size()
        {
            return Ok(WindowSize {
                columns_rows,
                pixels: Size::new(w.width, w.height),
            });
        }
        Ok(WindowSize {
            columns_rows,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_out()?;
        self.writer.flush()
    }

    fn scroll_region_up(&mut self, region: Range<u16>, amount: u16) -> io::Result<()> {
        self.scroll(region, amount, true);
        Ok(())
    }

    fn scroll_region_down(&mut self, region: Range<u16>, amount: u16) -> io::Result<()> {
        self.scroll(region, amount, false);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    fn moved(from: At, margins: Option<(u16, u16)>, x: u16, y: u16) -> String {
        let mut e = Enc::new();
        e.at = from;
        e.margins = margins;
        e.move_to(x, y);
        String::from_utf8_lossy(&e.out).into_owned()
    }

    fn at(x: u16, y: u16, pending: bool) -> At {
        At::Known { x, y, pending }
    }

    #[test]
    fn cursor_moves_take_the_shortest_form() {
        assert_eq!(moved(At::Unknown, None, 0, 0), "\x1b[H");
        assert_eq!(moved(At::Unknown, None, 0, 4), "\x1b[5H");
        assert_eq!(moved(At::Unknown, None, 10, 38), "\x1b[39;11H");
        assert_eq!(moved(at(5, 3, false), None, 5, 3), "");
        assert_eq!(moved(at(5, 3, false), None, 0, 4), "\r\n");
        assert_eq!(moved(at(5, 3, false), None, 5, 4), "\n");
        assert_eq!(moved(at(5, 3, false), None, 6, 3), "\x1b[C");
        assert_eq!(moved(at(50, 3, false), None, 10, 3), "\x1b[11G");
        assert_eq!(moved(at(50, 3, false), None, 47, 3), "\x1b[3D");
        assert_eq!(moved(at(50, 3, false), None, 0, 3), "\r");
        assert_eq!(moved(at(0, 3, false), None, 0, 6), "\n\n\n");
        // after the last column only absolute moves and carriage returns
        assert_eq!(moved(at(119, 0, true), None, 119, 0), "\x1b[120G");
        assert_eq!(moved(at(119, 0, true), None, 0, 1), "\r\n");
        assert_eq!(moved(at(119, 0, true), None, 118, 0), "\x1b[119G");
    }

    #[test]
    fn line_feeds_never_leave_from_the_bottom_margin() {
        // rows 1..39 scroll: a line feed on row 38 would scroll them
        let m = Some((1, 39));
        assert_eq!(moved(at(10, 38, false), m, 10, 39), "\x1b[40d");
        assert_eq!(moved(at(10, 38, false), m, 0, 39), "\x1b[40H");
        assert_eq!(moved(at(10, 36, false), m, 10, 39), "\x1b[40d");
        assert_eq!(moved(at(10, 36, false), m, 10, 37), "\n");
    }

    fn pen(style: Style) -> Pen {
        let mut cell = Cell::EMPTY;
        cell.set_style(style);
        Pen::of(&cell)
    }

    fn sgr_for(from: Option<Pen>, to: Pen) -> String {
        let mut e = Enc::new();
        e.pen = from;
        e.set_pen(to);
        String::from_utf8_lossy(&e.out).into_owned()
    }

    #[test]
    fn styles_change_only_what_differs() {
        let bold_yellow = pen(Style::new().yellow().bold());
        assert_eq!(sgr_for(None, Pen::PLAIN), "\x1b[m");
        assert_eq!(sgr_for(None, bold_yellow), "\x1b[0;1;33m");
        assert_eq!(sgr_for(Some(Pen::PLAIN), bold_yellow), "\x1b[1;33m");
        assert_eq!(sgr_for(Some(bold_yellow), bold_yellow), "");
        assert_eq!(sgr_for(Some(bold_yellow), Pen::PLAIN), "\x1b[m");
        let cyan = pen(Style::new().cyan().bold());
        assert_eq!(sgr_for(Some(bold_yellow), cyan), "\x1b[36m");
        let dim = pen(Style::new().dim());
        assert_eq!(
            sgr_for(Some(pen(Style::new().bold().dim())), dim),
            "\x1b[0;2m"
        );
        let dim_red = pen(Style::new().dim().red().on_blue());
        let red = pen(Style::new().bold().dim().red().on_blue());
        assert_eq!(sgr_for(Some(red), dim_red), "\x1b[22;2m");
        let gray = pen(Style::new().fg(Color::Indexed(245)).bg(Color::Rgb(1, 2, 3)));
        assert_eq!(sgr_for(Some(Pen::PLAIN), gray), "\x1b[38;5;245;48;2;1;2;3m");
        assert_eq!(
            sgr_for(Some(Pen::PLAIN), pen(Style::new().white())),
            "\x1b[97m"
        );
    }

    fn frame(wire: &mut Wire<Vec<u8>>, lines: &[&str]) -> String {
        let area = wire.screen.area;
        let mut next = Buffer::empty(area);
        for (y, line) in lines.iter().enumerate() {
            next.set_string(0, u16::try_from(y).unwrap(), line, Style::new());
        }
        let before = wire.screen.clone();
        wire.draw(before.diff_iter(&next)).unwrap();
        Backend::flush(wire).unwrap();
        String::from_utf8_lossy(&std::mem::take(&mut wire.writer)).into_owned()
    }

    #[test]
    fn frames_are_wrapped_and_empty_ones_write_nothing() {
        let mut wire = Wire::with_size(Vec::new(), 10, 3);
        assert_eq!(
            frame(&mut wire, &["ab", "", "c"]),
            "\x1b[?2026h\x1b[H\x1b[mab\r\n\nc\x1b[?2026l"
        );
        assert_eq!(frame(&mut wire, &["ab", "", "c"]), "");
        wire.hide_cursor().unwrap();
        Backend::flush(&mut wire).unwrap();
        assert!(wire.writer.is_empty(), "the cursor is hidden already");
        // one blank cell is printed, the end of a longer row erased
        assert_eq!(
            frame(&mut wire, &["a", "", "c"]),
            "\x1b[?2026h\x1b[d \x1b[?2026l"
        );
        frame(&mut wire, &["a", "", "cdefgh"]);
        assert_eq!(
            frame(&mut wire, &["a", "", "c"]),
            "\x1b[?2026h\r\x1b[C\x1b[K\x1b[?2026l"
        );
    }

    #[test]
    fn bytes_written_between_frames_go_straight_out() {
        let mut wire = Wire::with_size(Vec::new(), 10, 3);
        frame(&mut wire, &["ab"]);
        Write::write_all(&mut wire, b"\x1b]52;c;eA==\x07").unwrap();
        Write::flush(&mut wire).unwrap();
        assert_eq!(wire.writer, b"\x1b]52;c;eA==\x07");
        wire.writer.clear();
        // the next frame sets the cursor and colours afresh
        assert_eq!(
            frame(&mut wire, &["abc"]),
            "\x1b[?2026h\x1b[1;3H\x1b[mc\x1b[?2026l"
        );
    }

    #[test]
    fn region_scrolls_keep_their_margins_and_shift_the_copy() {
        let mut wire = Wire::with_size(Vec::new(), 4, 4).without_sync();
        frame(&mut wire, &["h", "1", "2", "s"]);
        wire.scroll_region_up(1..3, 1).unwrap();
        Backend::flush(&mut wire).unwrap();
        assert_eq!(wire.writer, b"\x1b[2;3r\x1b[S");
        assert_eq!(wire.screen[(0, 1)].symbol(), "2");
        assert_eq!(wire.screen[(0, 2)].symbol(), " ");
        wire.writer.clear();
        wire.scroll_region_down(1..3, 2).unwrap();
        Backend::flush(&mut wire).unwrap();
        assert_eq!(wire.writer, b"\x1b[2T", "the margins are still set");
        // a one-row region cannot be a scrolling region: it is erased
        wire.writer.clear();
        wire.scroll_region_up(3..4, 1).unwrap();
        Backend::flush(&mut wire).unwrap();
        assert_eq!(wire.writer, b"\x1b[4H\x1b[K");
        // without SU/SD: line feeds on the bottom margin, reverse index on the top
        let mut feeds = Wire::with_size(Vec::new(), 4, 4)
            .without_sync()
            .scroll_by_line_feeds(true);
        feeds.scroll_region_up(1..3, 2).unwrap();
        feeds.scroll_region_down(1..3, 1).unwrap();
        Backend::flush(&mut feeds).unwrap();
        assert_eq!(feeds.writer, b"\x1b[m\x1b[2;3r\x1b[3H\n\n\x1b[2H\x1bM");
        // a clear (ratatui's, after a resize) resets them
        wire.writer.clear();
        wire.clear().unwrap();
        Backend::flush(&mut wire).unwrap();
        assert_eq!(wire.writer, b"\x1b[H\x1b[J\x1b[r");
    }
}
