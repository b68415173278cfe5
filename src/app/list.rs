//! The list of articles that match the active filter, with a selection and
//! a scroll offset kept in view.

/// Positions in the article list. `rows` holds indices into the App's
/// article vector, in display order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    pub rows: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
}

impl ListState {
    /// The article index under the selection, if the list is not empty.
    pub fn selected_article(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    /// Replace the rows, keeping the same article selected when it is still
    /// there, else the first row.
    pub fn set_rows(&mut self, rows: Vec<usize>, page: usize) {
        let keep = self.selected_article();
        self.rows = rows;
        self.selected = keep
            .and_then(|a| self.rows.iter().position(|&r| r == a))
            .unwrap_or(0);
        self.offset = 0;
        self.scroll_into_view(page);
    }

    /// Move the selection by `delta` rows, stopping at both ends.
    pub fn move_by(&mut self, delta: isize, page: usize) {
        let last = self.rows.len().saturating_sub(1);
        let target = self.selected.saturating_add_signed(delta).min(last);
        self.select(target, page);
    }

    pub fn select(&mut self, row: usize, page: usize) {
        self.selected = row.min(self.rows.len().saturating_sub(1));
        self.scroll_into_view(page);
    }

    pub fn select_last(&mut self, page: usize) {
        self.select(self.rows.len().saturating_sub(1), page);
    }

    /// Select the row that shows `article`, if it is listed.
    pub fn select_article(&mut self, article: usize, page: usize) -> bool {
        match self.rows.iter().position(|&r| r == article) {
            Some(row) => {
                self.select(row, page);
                true
            }
            None => false,
        }
    }

    /// Keep the selected row within the `page` rows that are shown.
    pub fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        let max_offset = self.rows.len().saturating_sub(page);
        self.offset = self.offset.min(max_offset);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> ListState {
        let mut l = ListState::default();
        l.set_rows((0..n).collect(), 5);
        l
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
        assert_eq!(l.selected_article(), None);
        assert_eq!((l.selected, l.offset), (0, 0));
    }

    #[test]
    fn new_rows_keep_the_selected_article() {
        let mut l = list(10);
        l.select(4, 5);
        l.set_rows(vec![1, 4, 9], 5);
        assert_eq!(l.selected_article(), Some(4));
        l.set_rows(vec![2, 3], 5);
        assert_eq!(l.selected_article(), Some(2));
    }

    #[test]
    fn zero_height_page_does_not_panic() {
        let mut l = list(3);
        l.move_by(2, 0);
        assert_eq!(l.selected, 2);
    }
}
