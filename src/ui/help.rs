//! The help overlay: the key bindings in effect, grouped by context,
//! filtered by what the user types.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Chrome, border_set};
use crate::app::App;
use crate::app::help::HelpState;
use crate::i18n::labels;
use crate::textfit::{pad, truncate};

const CONTEXT_COLS: usize = 11;
const KEY_COLS: usize = 20;

pub(super) fn render(frame: &mut Frame, area: Rect, app: &App, h: &HelpState, chrome: &Chrome) {
    let l = labels(app.language());
    let box_area = centred(area, 90, 40);
    if box_area.width < 3 || box_area.height < 3 {
        return;
    }
    let set = border_set(chrome);
    let title = if h.filter.text.is_empty() {
        format!(" {} ", l.help_title)
    } else {
        format!(" {} · {}{} ", l.help_title, l.help_filter, h.filter.text)
    };
    let inner_cols = usize::from(box_area.width - 2);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(set)
        .title(truncate(&title, inner_cols));
    let inner = block.inner(box_area);
    let entries = h.visible(&app.options().help);
    let mut last_context: Option<&str> = None;
    let mut lines = Vec::new();
    for e in entries
        .iter()
        .skip(h.scroll)
        .take(usize::from(inner.height))
    {
        let context = if last_context != Some(e.context.as_str()) {
            last_context = Some(e.context.as_str());
            e.context.as_str()
        } else {
            ""
        };
        let ctx = pad(context, CONTEXT_COLS);
        let keys = pad(&e.keys, KEY_COLS);
        let rest = inner_cols.saturating_sub(CONTEXT_COLS + KEY_COLS);
        lines.push(Line::from(vec![
            Span::styled(ctx, chrome.theme.reader_meta.add_modifier(Modifier::BOLD)),
            Span::styled(keys, chrome.theme.prompt),
            Span::raw(truncate(&e.actions, rest)),
        ]));
    }
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}

/// A box of at most `cols` x `rows` in the middle of `area`, leaving the
/// status line free.
fn centred(area: Rect, cols: u16, rows: u16) -> Rect {
    let height = area.height.saturating_sub(1).min(rows);
    let width = area.width.min(cols);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height.saturating_sub(1) - height) / 2,
        width,
        height,
    }
}
