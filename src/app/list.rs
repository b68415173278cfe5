//! The list of articles that match the filter: a selection and a scroll
//! offset over `total` rows, and a window of rows fetched from the catalog
//! around what is on screen — never every row.

use crate::catalog::Summary;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    /// How many articles match the filter.
    pub total: usize,
    /// Position of the selected row, 0..total.
    pub selected: usize,
    /// Position of the first row on screen.
    pub offset: usize,
    /// Position of `window[0]`.
    pub window_start: usize,
    /// Rows fetched from the catalog, in order.
    pub window: Vec<Summary>,
}

impl ListState {
    /// The row at `position`, if it is in the fetched window.
    pub fn row(&self, position: usize) -> Option<&Summary> {
        position
            .checked_sub(self.window_start)
            .and_then(|i| self.window.get(i))
    }

    pub fn selected_row(&self) -> Option<&Summary> {
        self.row(self.selected)
    }

    pub fn row_mut(&mut self, id: &str) -> Option<&mut Summary> {
        self.window.iter_mut().find(|s| s.id == id)
    }

    /// The positions on a screen of `page` rows.
    pub fn on_screen(&self, page: usize) -> std::ops::Range<usize> {
        self.offset..(self.offset + page).min(self.total)
    }

    /// The window to fetch so that the screen is covered, if it is not:
    /// (start, len), a page before and after the screen included.
    pub fn missing(&self, page: usize) -> Option<(usize, usize)> {
        let screen = self.on_screen(page.max(1));
        let have = self.window_start..self.window_start + self.window.len();
        let covered = screen.is_empty() || (have.start <= screen.start && screen.end <= have.end);
        if covered {
            return None;
        }
        let page = page.max(1);
        let start = self.offset.saturating_sub(page);
        Some((start, page * 3))
    }

    pub fn set_window(&mut self, start: usize, rows: Vec<Summary>) {
        self.window_start = start;
        self.window = rows;
    }

    /// Forget the fetched rows (the filter or the data changed).
    pub fn clear_window(&mut self) {
        self.window.clear();
        self.window_start = 0;
    }

    /// Move the selection by `delta` rows, stopping at both ends.
    pub fn move_by(&mut self, delta: isize, page: usize) {
        let target = self.selected.saturating_add_signed(delta);
        self.select(target, page);
    }

    pub fn select(&mut self, position: usize, page: usize) {
        self.selected = position.min(self.total.saturating_sub(1));
        self.scroll_into_view(page);
    }

    pub fn select_last(&mut self, page: usize) {
        self.select(self.total.saturating_sub(1), page);
    }

    /// Keep the selected row within the `page` rows that are shown.
    pub fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.total.saturating_sub(page));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> ListState {
        ListState {
            total: n,
            ..ListState::default()
        }
    }

    fn summary(i: usize) -> Summary {
        Summary {
            id: i.to_string(),
            title: String::new(),
            published: None,
            source: None,
            views: None,
            read: false,
            starred: false,
            row: None,
            file: None,
        }
    }

    #[test]
    fn moves_stop_at_the_ends_and_scroll_follows() {
        let mut l = list(20);
        l.move_by(-3, 5);
        assert_eq!((l.selected, l.offset), (0, 0));
        l.move_by(7, 5);
        assert_eq!((l.selected, l.offset), (7, 3));
        l.move_by(100, 5);
        assert_eq!((l.selected, l.offset), (19, 15));
        l.move_by(-17, 5);
        assert_eq!((l.selected, l.offset), (2, 2));
    }

    #[test]
    fn empty_list_is_safe() {
        let mut l = list(0);
        l.move_by(5, 5);
        l.select_last(5);
        assert_eq!(l.selected_row(), None);
        assert_eq!((l.selected, l.offset), (0, 0));
        assert_eq!(l.missing(5), None);
    }

    #[test]
    fn window_is_fetched_only_when_the_screen_leaves_it() {
        let mut l = list(1000);
        assert_eq!(l.missing(10), Some((0, 30)));
        l.set_window(0, (0..30).map(summary).collect());
        assert_eq!(l.missing(10), None);
        assert_eq!(l.selected_row().map(|s| s.id.as_str()), Some("0"));
        l.select(25, 10);
        assert_eq!(l.missing(10), None, "rows 16..26 are in the window");
        l.select(35, 10);
        assert_eq!(l.missing(10), Some((16, 30)));
        l.select_last(10);
        assert_eq!(l.offset, 990);
        assert_eq!(l.missing(10), Some((980, 30)));
        l.set_window(980, (980..1000).map(summary).collect());
        assert_eq!(l.missing(10), None);
        assert_eq!(l.selected_row().map(|s| s.id.as_str()), Some("999"));
        assert_eq!(l.row(5), None);
    }

    #[test]
    fn zero_height_page_does_not_panic() {
        let mut l = list(3);
        l.move_by(2, 0);
        assert_eq!(l.selected, 2);
        assert_eq!(l.on_screen(1), 2..3);
        assert!(l.on_screen(0).is_empty());
    }
}
