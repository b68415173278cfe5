//! The pane of sources and views: the lines that match what was typed, in
//! a box above the prompt line. "All sources" and the sources first, then
//! the saved views under a heading, each with its unread and total counts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Chrome, border_set};
use crate::app::prompt::{Prompt, PromptKind};
use crate::app::views::PaneEntry;
use crate::i18n::{Language, Word};
use crate::textfit::{pad, pad_left};

const MAX_ROWS: usize = 14;
const MAX_COLS: u16 = 64;
/// "12345/123456": unread and total.
const COUNT_COLS: usize = 13;

/// A row of the box: a heading, or a line of the pane (its index among the
/// matches).
enum Row<'a> {
    Heading(Word),
    Entry(usize, &'a PaneEntry),
}

/// The matches with a heading before each group (sources, views).
fn rows<'a>(matches: &[&'a PaneEntry]) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    let mut group = None;
    for (i, entry) in matches.iter().enumerate() {
        let this = entry.is_view();
        if group != Some(this) {
            let word = match this {
                true => Word::PaneViews,
                false => Word::PaneSources,
            };
            rows.push(Row::Heading(word));
            group = Some(this);
        }
        rows.push(Row::Entry(i, entry));
    }
    rows
}

fn line_text(name: &str, counts: &str, cols: usize) -> String {
    pad(name, cols.saturating_sub(COUNT_COLS + 1)) + " " + &pad_left(counts, COUNT_COLS)
}

pub(super) fn render(frame: &mut Frame, area: Rect, p: &Prompt, chrome: &Chrome, lang: Language) {
    let PromptKind::Source { selected, .. } = p.kind else {
        return;
    };
    let matches = p.pane_matches();
    let rows = rows(&matches);
    let room = usize::from(area.height.saturating_sub(1));
    let shown = rows.len().clamp(1, MAX_ROWS).min(room.saturating_sub(2));
    let width = area.width.min(MAX_COLS);
    if shown == 0 || width < 6 {
        return;
    }
    let height = u16::try_from(shown + 2).unwrap_or(3);
    let box_area = Rect {
        x: area.x,
        y: area.bottom().saturating_sub(1 + height),
        width,
        height,
    };
    let inner_cols = usize::from(width - 2);
    let selected_row = rows
        .iter()
        .position(|r| matches!(r, Row::Entry(i, _) if *i == selected))
        .unwrap_or(0);
    let first = selected_row.saturating_sub(shown - 1);
    let heading = Style::default().add_modifier(Modifier::DIM | Modifier::BOLD);
    let lines: Vec<Line> = rows
        .iter()
        .skip(first)
        .take(shown)
        .map(|row| match row {
            Row::Heading(word) => {
                let text = line_text(word.text(lang), Word::PaneCounts.text(lang), inner_cols);
                Line::from(Span::styled(text, heading))
            }
            Row::Entry(i, entry) => {
                let name = entry.name().unwrap_or(Word::PaneAllSources.text(lang));
                let counts = format!("{}/{}", entry.counts.unread, entry.counts.total);
                let line = Line::from(Span::raw(line_text(name, &counts, inner_cols)));
                match *i == selected {
                    true => line.style(chrome.theme.list_selected),
                    false => line,
                }
            }
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(border_set(chrome));
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
