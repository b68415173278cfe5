//! Where a click lands: the screen position of a mouse report turned into a
//! [`MouseAction`], from the same layout [`render`](super::render) draws
//! (the content area, the month beside the list, the reader's margin, the
//! calendar's cells). Reads the App, changes nothing.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthChar;

use super::{calendar, content_area};
use crate::app::App;
use crate::app::mouse::MouseAction;

/// What a left click at (`column`, `row`) on a screen of `area` means, if
/// anything: nothing under help or a prompt, on the header or status line.
pub fn click_at(app: &App, area: Rect, column: u16, row: u16) -> Option<MouseAction> {
    if app.help().is_some() || app.prompt().is_some() {
        return None;
    }
    if let Some(panes) = app.split_panes().filter(|_| app.calendar().is_none()) {
        return super::split::click_at(app, &panes, column, row);
    }
    let content = content_area(area);
    if !contains(content, column, row) {
        return None;
    }
    if let Some(cal) = app.calendar() {
        return calendar::day_at(cal, app.language(), content, column, row)
            .map(MouseAction::ClickDay);
    }
    if let Some(r) = app.reader() {
        let line = r.scroll + usize::from(row - content.y);
        let margin = usize::from(content.width).saturating_sub(r.doc.width) / 2;
        let x = usize::from(column - content.x).checked_sub(margin)?;
        let text = &r.doc.lines.get(line)?.text;
        let byte = byte_at_column(text, x)?;
        return Some(MouseAction::ClickText { line, byte });
    }
    let mut list_area = content;
    if let Some(month) = app.sidebar()
        && content.width > calendar::SIDEBAR_WIDTH
    {
        list_area.width = content.width - calendar::SIDEBAR_WIDTH;
        let side = Rect {
            x: content.x + list_area.width + 2,
            width: calendar::SIDEBAR_WIDTH - 2,
            ..content
        };
        if contains(side, column, row) {
            return calendar::day_at(month, app.language(), side, column, row)
                .map(MouseAction::ClickDay);
        }
    }
    if !contains(list_area, column, row) {
        return None;
    }
    let position = app
        .list()
        .on_screen(usize::from(list_area.height))
        .nth(usize::from(row - list_area.y))?;
    Some(MouseAction::ClickRow(position))
}

pub(super) fn contains(area: Rect, column: u16, row: u16) -> bool {
    (area.x..area.right()).contains(&column) && (area.y..area.bottom()).contains(&row)
}

/// The byte of `text` drawn at display column `x`, if the text reaches it.
pub(super) fn byte_at_column(text: &str, x: usize) -> Option<usize> {
    let mut at = 0;
    for (byte, c) in text.char_indices() {
        at += c.width().unwrap_or(0);
        if at > x {
            return Some(byte);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_to_bytes() {
        assert_eq!(byte_at_column("abc", 0), Some(0));
        assert_eq!(byte_at_column("abc", 2), Some(2));
        assert_eq!(byte_at_column("abc", 3), None);
        // "ạ" is two bytes, one column; "中" three bytes, two columns
        assert_eq!(byte_at_column("ạb", 1), Some(3));
        assert_eq!(byte_at_column("中b", 1), Some(0));
        assert_eq!(byte_at_column("中b", 2), Some(3));
    }
}
