//! The split layout: the list and the reader pane on one screen, where the
//! App's [`Panes`] put them. The focused pane's header is drawn as usual,
//! the other's dimmed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::hit::{byte_at_column, contains};
use super::{Chrome, border_set, content_area, list, reader};
use crate::app::App;
use crate::app::mouse::MouseAction;
use crate::app::split::{Area, Panes};
use crate::config::split::SplitMarkRead;
use crate::context::Context;
use crate::i18n::Word;

fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

/// The rows of the reader's text on a screen of `area`: its pane when the
/// screen is split, else everything between the header and the status line.
pub fn reader_body_area(app: &App, area: Rect) -> Rect {
    match app.split_panes() {
        Some(p) => rect(p.reader).intersection(area),
        None => content_area(area),
    }
}

/// Both panes, their headers and the divider (the status line is drawn by
/// the caller).
pub(super) fn render(frame: &mut Frame, app: &App, panes: &Panes, chrome: &Chrome) {
    let screen = frame.area();
    let reader_focused = app.reader().is_some();
    let dim = chrome
        .theme
        .reader_meta
        .remove_modifier(Modifier::BOLD | Modifier::REVERSED);
    let list_header = rect(panes.list_header).intersection(screen);
    list::header(frame, list_header, app, chrome);
    list::body(frame, rect(panes.list).intersection(screen), app, chrome);
    let reader_header = rect(panes.reader_header).intersection(screen);
    let reader_body = rect(panes.reader).intersection(screen);
    if let Some(r) = app.reader_pane() {
        reader::header(frame, reader_header, app, r, chrome);
        reader::body(frame, reader_body, r, chrome);
    }
    if reader_focused {
        frame.buffer_mut().set_style(list_header, dim);
    } else {
        frame.buffer_mut().set_style(reader_header, dim);
    }
    if let Some(d) = panes.divider {
        let bar = border_set(chrome).vertical_left;
        let lines: Vec<Line> = (0..d.height).map(|_| Line::raw(bar)).collect();
        let divider = rect(d).intersection(screen);
        frame.render_widget(Paragraph::new(lines).style(dim), divider);
    }
}

/// For the status line while the list has the focus of a split screen:
/// when the article in the reader pane will count as read.
pub(super) fn mark_read_rule(app: &App) -> Option<String> {
    app.split_panes()?;
    if app.mode() != Context::List {
        return None;
    }
    let lang = app.language();
    Some(match app.split_config().mark_read {
        SplitMarkRead::OnOpen => Word::SplitReadOnOpen.text(lang).to_string(),
        SplitMarkRead::AfterSeconds(n) => format!(
            "{} {n} {}",
            Word::SplitReadAfter.text(lang),
            Word::SecondsShort.text(lang)
        ),
    })
}

/// What a left click at (`column`, `row`) means on a split screen: a row of
/// the list, or a place in the article of the reader pane.
pub(super) fn click_at(app: &App, panes: &Panes, column: u16, row: u16) -> Option<MouseAction> {
    let list = rect(panes.list);
    if contains(list, column, row) {
        let position = app
            .list()
            .on_screen(usize::from(list.height))
            .nth(usize::from(row - list.y))?;
        return Some(MouseAction::ClickRow(position));
    }
    let pane = rect(panes.reader);
    if !contains(pane, column, row) {
        return None;
    }
    let r = app.reader_pane()?;
    let line = r.scroll + usize::from(row - pane.y);
    let margin = usize::from(pane.width).saturating_sub(r.doc.width) / 2;
    let x = usize::from(column - pane.x).checked_sub(margin)?;
    let text = &r.doc.lines.get(line)?.text;
    let byte = byte_at_column(text, x)?;
    Some(MouseAction::ClickText { line, byte })
}
