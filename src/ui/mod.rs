//! Drawing: `render` reads the App and paints a frame. Nothing here changes
//! state, reads files or talks to the terminal directly.

mod calendar;
mod help;
pub mod hit;
pub mod hyperlinks;
mod list;
mod picker;
mod reader;
mod split;
mod status;
pub use split::reader_body_area;
pub use status::thousands;
pub mod theme;
mod title;
pub use title::window_title;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::border;

use crate::app::App;
use crate::config::Column;
use crate::context::Context;
use theme::Theme;

/// What the screen needs besides the App: appearance and the key hints,
/// which the caller derives from the live keymap.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub theme: Theme,
    pub ascii_borders: bool,
    /// Short key hints per context, e.g. `j/k move · enter open · ? help`.
    pub hints: Hints,
    /// A key sequence waiting for its next key, with the possible next keys.
    pub pending: Option<String>,
    /// `list.columns` and `list.date_format` from the configuration.
    pub columns: Vec<Column>,
    pub date_format: String,
}

impl Chrome {
    fn date_cols(&self) -> usize {
        list::date_width(&self.date_format)
    }
}

/// The status-bar hints, one line per key context.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    by_context: [String; Context::COUNT],
}

impl Hints {
    /// Hints from (context, line) pairs; a context left out shows none.
    pub fn new(lines: impl IntoIterator<Item = (Context, String)>) -> Hints {
        let mut hints = Hints::default();
        for (ctx, line) in lines {
            hints.by_context[ctx.index()] = line;
        }
        hints
    }

    pub fn for_context(&self, ctx: Context) -> &str {
        &self.by_context[ctx.index()]
    }
}

/// Box-drawing borders, or plain ASCII when `ui.ascii_borders` is set.
fn border_set(chrome: &Chrome) -> border::Set<'static> {
    if chrome.ascii_borders {
        border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        }
    } else {
        border::ROUNDED
    }
}

/// The rows between the header line and the status line, where the list or
/// the article is drawn.
pub fn content_area(area: Rect) -> Rect {
    Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(2),
        ..area
    }
}

/// Paint the whole screen.
pub fn render(frame: &mut Frame, app: &App, chrome: &Chrome) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let status_area = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    let header_area = Rect { height: 1, ..area };
    let content = content_area(area);
    // the calendar view takes the screen, split or not
    let split = app.split_panes().filter(|_| app.calendar().is_none());
    if let Some(panes) = &split {
        split::render(frame, app, panes, chrome);
    }
    if split.is_none() && area.height >= 2 {
        match app.reader() {
            Some(r) => reader::header(frame, header_area, app, r, chrome),
            None => list::header(frame, header_area, app, chrome),
        }
    }
    if split.is_none() && content.height > 0 {
        match (app.calendar(), app.reader(), app.sidebar()) {
            (Some(c), _, _) => calendar::render(frame, content, app, c, chrome),
            (None, Some(r), _) => reader::body(frame, content, r, chrome),
            (None, None, Some(month)) if content.width > calendar::SIDEBAR_WIDTH => {
                let list_width = content.width - calendar::SIDEBAR_WIDTH;
                let list_area = Rect {
                    width: list_width,
                    ..content
                };
                list::body(frame, list_area, app, chrome);
                let side = Rect {
                    x: content.x + list_width + 2,
                    width: calendar::SIDEBAR_WIDTH - 2,
                    ..content
                };
                calendar::render(frame, side, app, month, chrome);
            }
            (None, None, _) => list::body(frame, content, app, chrome),
        }
    }
    status::render(frame, status_area, app, chrome);
    if let Some(p) = app.prompt() {
        picker::render(frame, area, p, chrome, app.language());
    }
    if let Some(h) = app.help() {
        help::render(frame, area, app, h, chrome);
    }
}
