//! One frame's changed cells, row by row: each row written as it is or
//! erased from its first change on, whichever is shorter; unchanged cells
//! printed again where that beats a move; the whole screen erased when that
//! is shorter still.

use std::io::Write;

use ratatui::buffer::Cell;
use ratatui::layout::Position;
use unicode_width::UnicodeWidthStr;

use super::moves::At;
use super::sgr::{Pen, erasable};
use super::{Enc, Wire, simple};

impl<W: Write> Wire<W> {
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
    pub(super) fn encode_row(&self, enc: &mut Enc, y: u16, row: &[(u16, Cell)]) {
        let written = self.row_written(enc.fork(), y, row);
        let best = match self.row_erased(enc.fork(), y, row) {
            Some(erased) if erased.out.len() < written.out.len() => erased,
            _ => written,
        };
        enc.join(best);
    }

    /// The whole screen erased, then every cell that is not blank written.
    pub(super) fn screen_erased(&self, mut enc: Enc) -> Option<Enc> {
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
}
