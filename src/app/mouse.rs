//! The mouse, as the App hears it: what a wheel notch or a click means in
//! the App's own terms (a row of the list, a day, a place in the article),
//! never screen coordinates. The event loop turns a terminal's mouse report
//! into a [`MouseAction`] through `ui::hit`, which reads the same layout
//! the frame was drawn with.

use chrono::NaiveDate;

use super::App;
use crate::catalog::Catalog;
use crate::context::Context;
use crate::dates::DateFilter;

/// A mouse report in the App's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MouseAction {
    /// The wheel: lines to scroll, towards the end when positive.
    Scroll(isize),
    /// A click on the list's row at this position (0 is the first article).
    ClickRow(usize),
    /// A click on a day of the calendar, open or beside the list.
    ClickDay(NaiveDate),
    /// A click in the article: the document's line and the byte in its text.
    ClickText { line: usize, byte: usize },
}

impl App {
    /// Apply a mouse action to the view in front. A click selects a row, or
    /// opens it when it is selected already (so a double click opens); a
    /// click on a day lists that day; a click on a link opens it after the
    /// same check as `o`. Clicks under help or a prompt do nothing.
    pub fn apply_mouse(&mut self, action: MouseAction, catalog: &mut dyn Catalog) {
        self.status = None;
        self.pending_select = None;
        let page = self.page();
        if self.split_mouse_focus(&action, catalog) {
            return self.follow_split(catalog);
        }
        match (action, self.mode()) {
            (MouseAction::Scroll(lines), mode) => self.wheel(lines, mode, catalog),
            (MouseAction::ClickRow(position), Context::List) => {
                if position >= self.list.total {
                    return;
                }
                if position == self.list.selected {
                    self.fill_window(catalog);
                    if let Some(id) = self.list.selected_row().map(|s| s.id.clone()) {
                        self.open_article(&id, catalog);
                    }
                } else {
                    self.list.select(position, page);
                    self.fill_window(catalog);
                }
            }
            (MouseAction::ClickDay(day), Context::Calendar | Context::List) => {
                self.show_dates(Some(DateFilter::Day(day)), false, catalog);
            }
            (MouseAction::ClickText { line, byte }, Context::Reader) => {
                let url = self.reader.as_ref().and_then(|r| {
                    let l = r.doc.lines.get(line)?;
                    let i = l.links.iter().position(|range| range.contains(&byte))?;
                    l.link_urls.get(i).cloned()
                });
                if let Some(url) = url {
                    self.use_link(url, false);
                }
            }
            _ => {}
        }
        self.follow_sidebar(catalog);
        self.follow_split(catalog);
    }

    /// The wheel moves the list's selection, scrolls the article or the
    /// help, and steps the calendar by weeks (one a notch).
    fn wheel(&mut self, lines: isize, mode: Context, catalog: &mut dyn Catalog) {
        let page = self.page();
        match mode {
            Context::List | Context::Global => {
                self.list.move_by(lines, page);
                self.fill_window(catalog);
            }
            Context::Reader => {
                let page = self.reader_page();
                if let Some(r) = &mut self.reader {
                    r.focus = None;
                    r.scroll_by(lines, page);
                }
            }
            Context::Help => {
                let total = match &self.help {
                    Some(h) => h.visible(&self.options.help).len(),
                    None => return,
                };
                if let Some(h) = &mut self.help {
                    h.scroll_by(lines, total, page);
                }
            }
            Context::Calendar => {
                let action = match lines > 0 {
                    true => crate::action::Action::Down,
                    false => crate::action::Action::Up,
                };
                self.apply_calendar(action, catalog);
            }
            Context::Prompt => {}
        }
    }
}
