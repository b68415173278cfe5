//! The bottom line: the date prompt while it is open, else a pending key
//! sequence, a message, or the key hints with the skipped-files count.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Chrome;
use crate::app::{App, DatePrompt};
use crate::i18n::labels;
use crate::textfit::{pad, truncate, width};

pub(super) fn render(frame: &mut Frame, area: Rect, app: &App, chrome: &Chrome) {
    if let Some(p) = &app.prompt {
        prompt(frame, area, app, p, chrome);
        return;
    }
    let l = labels(app.options.language);
    let total = usize::from(area.width);
    let (text, style) = if let Some(pending) = &chrome.pending {
        (pending.clone(), chrome.theme.prompt)
    } else if let Some(s) = &app.status {
        let style = if s.is_error {
            chrome.theme.status.add_modifier(Modifier::BOLD)
        } else {
            chrome.theme.status
        };
        (s.text.clone(), style)
    } else {
        let hints = chrome.hints.for_mode(app.mode());
        let skipped = app.options.skipped;
        let text = if skipped > 0 {
            format!("{skipped} {} · {hints}", l.skipped)
        } else {
            hints.to_string()
        };
        (text, chrome.theme.status)
    };
    let line = Line::from(Span::styled(pad(&text, total), style));
    frame.render_widget(Paragraph::new(line), area);
}

fn prompt(frame: &mut Frame, area: Rect, app: &App, p: &DatePrompt, chrome: &Chrome) {
    let l = labels(app.options.language);
    let total = usize::from(area.width);
    let label = truncate(l.date_prompt, total);
    let after_label = total.saturating_sub(width(&label));
    let input = truncate(&p.input.text, after_label.saturating_sub(1));
    let mut spans = vec![
        Span::styled(label.clone(), chrome.theme.prompt),
        Span::raw(input.clone()),
    ];
    let rest = after_label.saturating_sub(width(&input));
    let note = match &p.error {
        Some(e) => format!("  ✗ {e}"),
        None if p.input.text.is_empty() => format!("  {}", l.date_prompt_hint),
        None => String::new(),
    };
    let note_style = if p.error.is_some() {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::DIM)
    };
    spans.push(Span::styled(pad(&note, rest), note_style));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let cursor_cols = width(&label) + width(p.input.before_cursor()).min(width(&input));
    if cursor_cols < total {
        let x = area.x + u16::try_from(cursor_cols).unwrap_or(0);
        frame.set_cursor_position(Position::new(x, area.y));
    }
}
