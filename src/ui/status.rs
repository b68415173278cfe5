//! The bottom line: a prompt while one is open, else a pending key
//! sequence, a message, indexing and fetching progress, or the key hints
//! with the skipped-files count.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Chrome;
use crate::app::prompt::{Prompt, PromptKind};
use crate::app::{App, Indexing};
use crate::i18n::{Labels, Message, Word, labels};
use crate::textfit::{pad, truncate, width};

/// 12345 as `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn progress(l: &Labels, i: Indexing) -> String {
    format!(
        "{} {} / {}",
        if i.text { l.indexing_text } else { l.indexing },
        thousands(i.done),
        thousands(i.total)
    )
}

pub(super) fn render(frame: &mut Frame, area: Rect, app: &App, chrome: &Chrome) {
    if let Some(p) = app.prompt() {
        prompt(frame, area, app, p, chrome);
        return;
    }
    let l = labels(app.language());
    let total = usize::from(area.width);
    let (text, style) = if let Some(pending) = &chrome.pending {
        (pending.clone(), chrome.theme.prompt)
    } else if let Some(s) = app.status() {
        let style = if s.is_error {
            chrome.theme.status.add_modifier(Modifier::BOLD)
        } else {
            chrome.theme.status
        };
        (s.text.clone(), style)
    } else {
        let hints = chrome.hints.for_context(app.mode());
        let mut parts = Vec::new();
        if let Some(f) = app.fetching() {
            parts.push(format!("{} {}/{} {}", l.fetching, f.done, f.total, l.feeds));
        }
        if let Some(i) = app.indexing() {
            parts.push(progress(l, i));
        }
        let skipped = app.options().skipped;
        if skipped > 0 {
            parts.push(format!("{skipped} {}", l.skipped_for(skipped)));
        }
        if let Some(rule) = super::split::mark_read_rule(app) {
            parts.push(rule);
        }
        parts.push(hints.to_string());
        (parts.join(" · "), chrome.theme.status)
    };
    let line = Line::from(Span::styled(pad(&text, total), style));
    frame.render_widget(Paragraph::new(line), area);
}

fn prompt(frame: &mut Frame, area: Rect, app: &App, p: &Prompt, chrome: &Chrome) {
    let l = labels(app.language());
    let total = usize::from(area.width);
    let lang = app.language();
    let confirm;
    let (label, hint) = match &p.kind {
        PromptKind::Date => (l.date_prompt, l.date_prompt_hint.to_string()),
        PromptKind::Search => (l.search_prompt, l.search_hint.to_string()),
        PromptKind::Source { .. } => (l.source_prompt, l.all_sources.to_string()),
        PromptKind::ViewName => (Word::ViewNamePrompt.text(lang), app.filters_in_words()),
        PromptKind::Confirm(catch_up) => {
            confirm = Message::MarkReadConfirm {
                count: catch_up.count,
            }
            .text(lang);
            (confirm.as_str(), String::new())
        }
        PromptKind::Link { choices, copy } => {
            let label = if *copy {
                l.copy_link_prompt
            } else {
                l.open_link_prompt
            };
            let list: Vec<String> = choices
                .iter()
                .map(|c| format!("{} {}", c.number, c.url))
                .collect();
            (label, list.join(" · "))
        }
    };
    let label = truncate(label, total);
    let after_label = total.saturating_sub(width(&label));
    let input = truncate(&p.input.text, after_label.saturating_sub(1));
    let mut spans = vec![
        Span::styled(label.clone(), chrome.theme.prompt),
        Span::raw(input.clone()),
    ];
    let rest = after_label.saturating_sub(width(&input));
    let note = match &p.error {
        Some(e) => format!("  ✗ {e}"),
        None if p.input.text.is_empty() => format!("  {hint}"),
        None => match p.chosen_link() {
            Some(c) => format!("  → {}", c.url),
            None => String::new(),
        },
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

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(12345), "12,345");
        assert_eq!(super::thousands(100000), "100,000");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}
