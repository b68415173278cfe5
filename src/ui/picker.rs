//! The source picker: the sources that match what was typed, with their
//! article counts, in a box above the prompt line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Chrome, border_set};
use crate::app::prompt::{Prompt, PromptKind};
use crate::textfit::{pad, pad_left};

const MAX_ROWS: usize = 10;
const MAX_COLS: u16 = 60;

pub(super) fn render(frame: &mut Frame, area: Rect, p: &Prompt, chrome: &Chrome) {
    let PromptKind::Source { selected, .. } = p.kind else {
        return;
    };
    let matches = p.source_matches();
    let room = usize::from(area.height.saturating_sub(1));
    let rows = matches.len().clamp(1, MAX_ROWS).min(room.saturating_sub(2));
    let width = area.width.min(MAX_COLS);
    if rows == 0 || width < 6 {
        return;
    }
    let height = u16::try_from(rows + 2).unwrap_or(3);
    let box_area = Rect {
        x: area.x,
        y: area.bottom().saturating_sub(1 + height),
        width,
        height,
    };
    let inner_cols = usize::from(width - 2);
    let first = selected.saturating_sub(rows - 1);
    let lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, (name, count))| {
            let count = pad_left(&count.to_string(), 6);
            let text = pad(name, inner_cols.saturating_sub(7)) + " " + &count;
            let line = Line::from(Span::raw(text));
            if i == selected {
                line.style(chrome.theme.list_selected)
            } else {
                line
            }
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(border_set(chrome));
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
