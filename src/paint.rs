//! Drawing frames with few bytes: when the only change in the reader is its
//! scroll offset, the terminal scrolls the article's rows itself (a region
//! scroll) and only the lines that come into view are written.
//!
//! The decision comes from the App's state, the reader's scroll offset
//! before and after, never from comparing buffers. Rendering stays as it
//! is (`ui::render` reads the App): after asking the terminal to scroll,
//! the painter shifts ratatui's copy of the last frame the same way, so
//! ratatui's diff compares the new frame with what the terminal now shows.
//! Whatever the decision, the screen ends up right: the diff repaints any
//! cell that differs; a good decision only makes the diff small.

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::App;
use crate::ui::{self, Chrome};
use crate::wire::shift_rows;

/// What the reader showed in a frame, enough to tell a pure scroll.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReaderView {
    article: String,
    doc_width: usize,
    doc_lines: usize,
    scroll: usize,
    /// The rows of the article text.
    body: Rect,
}

impl ReaderView {
    /// The reader as `app` shows it on a screen of `area`; None when it is
    /// not showing, or covered by help or a prompt, or the article's rows do
    /// not span the whole width (a region scroll moves whole lines).
    fn of(app: &App, area: Rect) -> Option<ReaderView> {
        let r = app.reader()?;
        if app.help().is_some() || app.prompt().is_some() {
            return None;
        }
        let body = ui::reader_body_area(app, area);
        if body.x != area.x || body.width != area.width || body.height < 2 {
            return None;
        }
        Some(ReaderView {
            article: r.article.id.clone(),
            doc_width: r.doc.width,
            doc_lines: r.doc.lines.len(),
            scroll: r.scroll,
            body,
        })
    }

    /// Lines to scroll the body by to go from `self` to `next` (positive:
    /// the text moves up), when that is all that changed. A scroll of the
    /// body's height or more only blanks the rows, which is still cheaper
    /// than erasing what each row held.
    fn scroll_to(&self, next: &ReaderView) -> Option<isize> {
        let same = ReaderView {
            scroll: next.scroll,
            ..self.clone()
        };
        if same != *next {
            return None;
        }
        let delta = isize::try_from(next.scroll).ok()? - isize::try_from(self.scroll).ok()?;
        (delta != 0).then_some(delta)
    }
}

/// The last frame drawn, and what the reader showed in it.
struct Shown {
    frame: Buffer,
    reader: Option<ReaderView>,
}

/// Draws the App, scrolling the terminal's region when that saves bytes.
#[derive(Default)]
pub struct Painter {
    last: Option<Shown>,
    /// Region scrolls done so far (for tests and measurements).
    pub region_scrolls: usize,
}

impl Painter {
    pub fn new() -> Painter {
        Painter::default()
    }

    /// The terminal was replaced or cleared behind our back: the next frame
    /// is drawn without a region scroll.
    pub fn forget(&mut self) {
        self.last = None;
    }

    /// Draw `app` on `terminal`.
    pub fn draw<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &App,
        chrome: &Chrome,
    ) -> Result<(), B::Error> {
        let size = terminal.size()?;
        let area = Rect::new(0, 0, size.width, size.height);
        let now = ReaderView::of(app, area);
        if let Some(last) = self.last.take()
            && last.frame.area == area
            && terminal.current_buffer_mut().area == area
            && let (Some(before), Some(after)) = (&last.reader, &now)
            && let Some(delta) = before.scroll_to(after)
        {
            let region = after.body.y..after.body.bottom();
            let amount = u16::try_from(delta.unsigned_abs())
                .unwrap_or(u16::MAX)
                .min(after.body.height);
            if delta > 0 {
                terminal
                    .backend_mut()
                    .scroll_region_up(region.clone(), amount)?;
            } else {
                terminal
                    .backend_mut()
                    .scroll_region_down(region.clone(), amount)?;
            }
            let mut shifted = last.frame;
            shift_rows(&mut shifted, region, amount, delta > 0);
            set_previous(terminal, shifted);
            self.region_scrolls += 1;
        }
        let frame = terminal.draw(|f| ui::render(f, app, chrome))?;
        self.last = Some(Shown {
            frame: frame.buffer.clone(),
            reader: now,
        });
        Ok(())
    }
}

/// Make `frame` ratatui's copy of the last frame, which the next draw is
/// compared with. Between draws the current buffer is blank and the previous
/// one holds the last frame; `swap_buffers` blanks the previous buffer and
/// makes it current, so: swap, fill the current buffer, swap back.
fn set_previous<B: Backend>(terminal: &mut Terminal<B>, frame: Buffer) {
    terminal.swap_buffers();
    *terminal.current_buffer_mut() = frame;
    terminal.swap_buffers();
}
