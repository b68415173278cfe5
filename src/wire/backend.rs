//! ratatui's `Backend` for [`Wire`]: a frame's cells gathered and encoded,
//! the cursor, clearing, the size, region scrolls.

use std::io::{self, Write};
use std::ops::Range;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use unicode_width::UnicodeWidthStr;

use super::Wire;
use super::moves::At;

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
