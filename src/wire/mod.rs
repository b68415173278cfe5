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

mod backend;
mod moves;
mod rows;
mod sgr;

use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Rect, Size};
use unicode_width::UnicodeWidthStr;

use moves::{At, csi_n};
use sgr::Pen;

/// Begin and end synchronized output (DEC private mode 2026).
const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
const SYNC_END: &[u8] = b"\x1b[?2026l";

/// Cells of the frame that are a hyperlink (OSC 8) to `url`: row `row`,
/// columns `columns`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    pub row: u16,
    pub columns: Range<u16>,
    pub url: Arc<str>,
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
    /// The frame's hyperlinks, and the one the terminal is printing into.
    links: Arc<[Hyperlink]>,
    link: Option<Arc<str>>,
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
            links: Arc::new([]),
            link: None,
        }
    }

    /// The same terminal state with nothing written yet, to try an alternative.
    fn fork(&self) -> Enc {
        Enc {
            out: Vec::new(),
            pen: self.pen,
            at: self.at,
            margins: self.margins,
            links: Arc::clone(&self.links),
            link: self.link.clone(),
        }
    }

    fn join(&mut self, other: Enc) {
        self.out.extend(other.out);
        self.pen = other.pen;
        self.at = other.at;
        self.margins = other.margins;
        self.link = other.link;
    }

    /// Open, change or close the hyperlink for a cell printed at (`x`, `y`).
    /// Without hyperlinks in the frame this writes nothing.
    fn link_for(&mut self, x: u16, y: u16) {
        let wanted = self
            .links
            .iter()
            .find(|l| l.row == y && l.columns.contains(&x))
            .map(|l| &l.url);
        if wanted == self.link.as_ref() {
            return;
        }
        match wanted {
            Some(url) => self.out.extend(crate::osc::hyperlink_open(url)),
            None => self.out.extend_from_slice(crate::osc::HYPERLINK_CLOSE),
        }
        self.link = wanted.cloned();
    }

    /// End the hyperlink being printed, if one is (before erasing, and at
    /// the end of a frame).
    fn close_link(&mut self) {
        if self.link.take().is_some() {
            self.out.extend_from_slice(crate::osc::HYPERLINK_CLOSE);
        }
    }

    /// Print a cell's symbol at the cursor, which is at (`x`, `y`).
    fn print(&mut self, x: u16, y: u16, symbol: &str, width: u16) {
        self.link_for(x, y);
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

    /// The hyperlinks of the next frame (an empty list: none, and not one
    /// byte more than without them).
    pub fn set_links(&mut self, links: Vec<Hyperlink>) {
        self.enc.links = links.into();
    }

    /// Write what is gathered, wrapped in synchronized output.
    fn write_out(&mut self) -> io::Result<()> {
        self.enc.close_link();
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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Style};

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
