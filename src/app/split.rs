//! The split layout: the list and the reader on one screen (side by side
//! or stacked), on terminals wide enough (`ui.layout`, `ui.split_min_width`).
//!
//! The focus is where keys act. With the list focused, the reader pane
//! shows the selected article as the selection moves (a preview: it is not
//! marked read, unless `ui.split_mark_read` gives a number of seconds and it
//! stays that long). Opening it (Enter, or `focus_pane`) moves the focus to
//! the reader, which is then the App's ordinary reader drawn in its pane;
//! going back (`back`, `focus_pane`) keeps it in the pane as the preview,
//! where it was. Narrower terminals keep one view at a time, and a resize
//! switches between the two live.

use std::time::{Duration, Instant};

use super::mouse::MouseAction;
use super::reader::{Document, ReaderState, text_width};
use super::{App, content_rows};
use crate::action::Action;
use crate::article::Article;
use crate::catalog::Catalog;
use crate::config::split::{Arrangement, LayoutChoice, SplitConfig, SplitMarkRead};
use crate::context::Context;

/// The narrowest pane side by side, in columns; a terminal narrower than
/// two of them and the divider shows one view at a time.
const MIN_PANE_COLS: u16 = 20;
/// The fewest rows of each pane when stacked.
const MIN_PANE_ROWS: u16 = 2;

/// The list's share of the screen.
fn two_fifths(n: u16) -> u16 {
    u16::try_from(u32::from(n) * 2 / 5).unwrap_or(n)
}

/// A rectangle of the screen, in cells (the ui makes its `Rect` from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

/// Where the split layout puts things, for a screen size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub arrangement: Arrangement,
    pub list_header: Area,
    pub list: Area,
    /// The column between the panes side by side (stacked, the reader's
    /// header divides them).
    pub divider: Option<Area>,
    pub reader_header: Area,
    pub reader: Area,
}

impl Panes {
    /// The split of a `width` x `height` screen (its last row is the status
    /// line), or None when the panes would not fit.
    pub fn of(arrangement: Arrangement, width: u16, height: u16) -> Option<Panes> {
        let content = height.checked_sub(2)?;
        match arrangement {
            Arrangement::SideBySide => {
                if width < 2 * MIN_PANE_COLS + 1 || content < 1 {
                    return None;
                }
                let list_cols = two_fifths(width).max(MIN_PANE_COLS);
                let reader_x = list_cols + 1;
                let reader_cols = width - reader_x;
                Some(Panes {
                    arrangement,
                    list_header: Area {
                        x: 0,
                        y: 0,
                        width: list_cols,
                        height: 1,
                    },
                    list: Area {
                        x: 0,
                        y: 1,
                        width: list_cols,
                        height: content,
                    },
                    divider: Some(Area {
                        x: list_cols,
                        y: 0,
                        width: 1,
                        height: content + 1,
                    }),
                    reader_header: Area {
                        x: reader_x,
                        y: 0,
                        width: reader_cols,
                        height: 1,
                    },
                    reader: Area {
                        x: reader_x,
                        y: 1,
                        width: reader_cols,
                        height: content,
                    },
                })
            }
            Arrangement::Stacked => {
                // the reader's header row divides the panes
                if content < 2 * MIN_PANE_ROWS + 1 || width == 0 {
                    return None;
                }
                let list_rows = two_fifths(content - 1).max(MIN_PANE_ROWS);
                let reader_rows = content - 1 - list_rows;
                Some(Panes {
                    arrangement,
                    list_header: Area {
                        x: 0,
                        y: 0,
                        width,
                        height: 1,
                    },
                    list: Area {
                        x: 0,
                        y: 1,
                        width,
                        height: list_rows,
                    },
                    divider: None,
                    reader_header: Area {
                        x: 0,
                        y: 1 + list_rows,
                        width,
                        height: 1,
                    },
                    reader: Area {
                        x: 0,
                        y: 2 + list_rows,
                        width,
                        height: reader_rows,
                    },
                })
            }
        }
    }
}

/// An article on screen in the reader pane, since when, and whether its
/// time has already marked it read (so marking it unread again sticks).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    id: String,
    since: Instant,
    done: bool,
}

/// The split layout's part of the App.
#[derive(Debug, Clone, Default)]
pub struct SplitState {
    config: SplitConfig,
    /// The selected article in the reader pane while the list has the focus.
    preview: Option<ReaderState>,
    /// The search text the preview's matches were found for.
    preview_query: Option<String>,
    shown: Option<Shown>,
}

impl App {
    /// Take the split layout's options (`[ui]` of config.toml); until this
    /// is called the App shows one view at a time.
    pub fn set_split(&mut self, config: SplitConfig, catalog: &mut dyn Catalog) {
        self.split.config = config;
        self.resize(self.width, self.height, catalog);
    }

    /// The split layout's options.
    pub fn split_config(&self) -> SplitConfig {
        self.split.config
    }

    /// Where the panes go, when the screen is split now.
    pub fn split_panes(&self) -> Option<Panes> {
        let c = &self.split.config;
        let wanted = match c.layout {
            LayoutChoice::Single => false,
            LayoutChoice::Split => true,
            LayoutChoice::Auto => self.width >= c.min_width,
        };
        if !wanted {
            return None;
        }
        Panes::of(c.arrangement, self.width, self.height)
    }

    /// What the reader pane shows: the reader when it has the focus, else
    /// the preview of the selected article.
    pub fn reader_pane(&self) -> Option<&ReaderState> {
        self.reader.as_ref().or(self.split.preview.as_ref())
    }

    /// The rows the reader's text has: its pane's when split, else the
    /// screen's between the header and the status line.
    pub fn reader_rows(&self) -> usize {
        match self.split_panes() {
            Some(p) => usize::from(p.reader.height),
            None => content_rows(self.height),
        }
    }

    /// The rows of the list, likewise.
    pub(super) fn list_rows(&self) -> usize {
        match self.split_panes() {
            Some(p) => usize::from(p.list.height),
            None => content_rows(self.height),
        }
    }

    /// The columns the reader's text is laid out in (its pane's when split).
    pub(super) fn reader_cols(&self) -> u16 {
        self.split_panes().map_or(self.width, |p| p.reader.width)
    }

    /// The reader's page: at least one line.
    pub(super) fn reader_page(&self) -> usize {
        self.reader_rows().max(1)
    }

    /// `focus_pane`, and `back` from the reader while split: handled here
    /// (true), or left to the view's own actions (false).
    pub(super) fn apply_split(&mut self, action: Action, catalog: &mut dyn Catalog) -> bool {
        let split = self.split_panes().is_some();
        match (self.mode(), action) {
            (Context::List, Action::FocusPane) => {
                let selected = self.list.selected_row().map(|s| s.id.clone());
                match (self.split.preview.take(), selected) {
                    (Some(preview), Some(id)) if split && preview.article.id == id => {
                        self.reader = Some(preview);
                        self.set_read(&id, true, catalog);
                    }
                    (_, Some(id)) => self.open_article(&id, catalog),
                    (_, None) => {}
                }
                true
            }
            (Context::Reader, Action::FocusPane) | (Context::Reader, Action::Back) if split => {
                self.split.preview = self.reader.take();
                self.split.preview_query = self.filter.text.clone();
                true
            }
            (Context::Reader, Action::FocusPane) => {
                self.reader = None;
                true
            }
            _ => false,
        }
    }

    /// A click in the pane without the focus gives it the focus: on a row of
    /// the list, that row is selected (true: nothing more to do); in the
    /// article beside the list, it opens there and the click goes on to it
    /// (a link is followed).
    pub(super) fn split_mouse_focus(
        &mut self,
        action: &MouseAction,
        catalog: &mut dyn Catalog,
    ) -> bool {
        if self.split_panes().is_none() {
            return false;
        }
        match (action, self.mode()) {
            (MouseAction::ClickRow(position), Context::Reader) => {
                self.apply_split(Action::FocusPane, catalog);
                let page = self.page();
                self.list
                    .select((*position).min(self.list.total.saturating_sub(1)), page);
                self.fill_window(catalog);
                true
            }
            (MouseAction::ClickText { .. }, Context::List) => {
                self.apply_split(Action::FocusPane, catalog);
                false
            }
            _ => false,
        }
    }

    /// Keep the reader pane on the selected article while the list has the
    /// focus (laid out for the pane's width and the search), and drop the
    /// preview when the screen is not split.
    pub(super) fn follow_split(&mut self, catalog: &mut dyn Catalog) {
        if self.split_panes().is_none() || self.reader.is_some() {
            self.split.preview = None;
            return;
        }
        let Some(id) = self.list.selected_row().map(|s| s.id.clone()) else {
            self.split.preview = None;
            return;
        };
        let width = text_width(self.reader_cols(), self.options.layout.max_width);
        let same_query = self.split.preview_query == self.filter.text;
        let kept = self.split.preview.take().filter(|p| p.article.id == id);
        let preview = match kept {
            Some(p) if p.doc.width == width && same_query => p,
            Some(p) => {
                let old_len = p.doc.lines.len().max(1);
                let mut fresh = self.reader_state(p.article, width);
                fresh.scroll = p.scroll * fresh.doc.lines.len() / old_len;
                fresh.scroll_by(0, self.reader_page());
                fresh
            }
            None => match catalog.article(&id) {
                Ok(article) => self.reader_state(article, width),
                Err(e) => return self.error(e),
            },
        };
        self.split.preview = Some(preview);
        self.split.preview_query = self.filter.text.clone();
    }

    /// `article` laid out `width` columns wide, from its top.
    fn reader_state(&self, article: Article, width: usize) -> ReaderState {
        let doc = Document::build(
            &article,
            width,
            self.options.layout,
            self.options.language,
            self.filter.query().as_ref(),
        );
        ReaderState {
            article,
            scroll: 0,
            doc,
            focus: None,
        }
    }

    /// Time passes (the event loop calls this between keys): with
    /// `ui.split_mark_read` in seconds, the article the list's reader pane
    /// has shown that long is marked read, once. True when that changed
    /// something on screen.
    pub fn split_tick(&mut self, now: Instant, catalog: &mut dyn Catalog) -> bool {
        let SplitMarkRead::AfterSeconds(seconds) = self.split.config.mark_read else {
            return false;
        };
        let on_screen = match self.mode() {
            Context::List => self.split.preview.as_ref().map(|p| p.article.id.clone()),
            _ => None,
        };
        let Some(id) = on_screen else {
            self.split.shown = None;
            return false;
        };
        let shown = match self.split.shown.take() {
            Some(s) if s.id == id => s,
            _ => Shown {
                id,
                since: now,
                done: false,
            },
        };
        let due =
            !shown.done && now.duration_since(shown.since) >= Duration::from_secs(seconds.into());
        let id = shown.id.clone();
        self.split.shown = Some(Shown {
            done: shown.done || due,
            ..shown
        });
        if due {
            self.set_read(&id, true, catalog);
        }
        due
    }
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
