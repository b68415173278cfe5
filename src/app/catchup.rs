//! Catch-up: mark read every article of the list in front (whatever its
//! filters), or every one above the selection; more than a screenful asks
//! first with the count. The last catch-up can be taken back with one key
//! until the next change of a mark.

use super::App;
use super::prompt::{Prompt, PromptKind};
use crate::article::ArticleId;
use crate::catalog::Catalog;
use crate::i18n::{Message, Word};

impl App {
    /// `above_only`: the articles above the selection, else the whole list.
    pub(super) fn catch_up(&mut self, above_only: bool, catalog: &mut dyn Catalog) {
        let first = above_only.then_some(self.list.selected);
        let ids = match catalog.unread_ids(&self.filter, first) {
            Ok(ids) => ids,
            Err(e) => return self.error(e),
        };
        if ids.is_empty() {
            let text = Word::NothingToMark.text(self.options.language);
            return self.set_status(text, false);
        }
        if ids.len() > self.page() {
            self.prompt = Some(Prompt::new(PromptKind::Confirm { ids }));
            return;
        }
        self.mark_read_now(ids, catalog);
    }

    /// A key typed at the confirmation: y (or Enter) marks, n refuses,
    /// anything else is ignored.
    pub(super) fn answer_confirm(&mut self, c: char, catalog: &mut dyn Catalog) {
        match c {
            'y' | 'Y' => {
                if let Some(Prompt {
                    kind: PromptKind::Confirm { ids },
                    ..
                }) = self.prompt.take()
                {
                    self.mark_read_now(ids, catalog);
                }
            }
            'n' | 'N' => self.prompt = None,
            _ => {}
        }
    }

    fn mark_read_now(&mut self, ids: Vec<ArticleId>, catalog: &mut dyn Catalog) {
        if let Err(e) = catalog.set_read_many(&ids, true) {
            return self.error(e);
        }
        let count = ids.len();
        self.undo = Some(ids);
        self.refresh(catalog);
        let text = Message::MarkedRead { count }.text(self.options.language);
        self.set_status(text, false);
    }

    /// Make the articles of the last catch-up unread again.
    pub(super) fn undo_marks(&mut self, catalog: &mut dyn Catalog) {
        let lang = self.options.language;
        let Some(ids) = self.undo.take() else {
            return self.set_status(Word::NothingToUndo.text(lang), false);
        };
        if let Err(e) = catalog.set_read_many(&ids, false) {
            self.undo = Some(ids);
            return self.error(e);
        }
        self.refresh(catalog);
        let text = Message::MarkedUnread { count: ids.len() }.text(lang);
        self.set_status(text, false);
    }
}

#[cfg(test)]
mod tests {
    use crate::action::Action;
    use crate::app::App;
    use crate::catalog::{Catalog, Filter, Memory};
    use crate::context::Context;
    use crate::i18n::{Language, Message, Word};

    fn fixture(n: u64) -> (App, Memory) {
        crate::app::daily_fixture::two_sources(n, Language::En)
    }

    fn unread_everywhere(c: &mut Memory) -> usize {
        c.unread(&Filter::default()).unwrap()
    }

    fn status(app: &App) -> Option<&str> {
        app.status().map(|s| s.text.as_str())
    }

    #[test]
    fn a_small_view_is_marked_at_once_and_undone_with_one_key() {
        let (mut app, mut c) = fixture(12);
        app.apply(Action::SourcePrompt, &mut c);
        for ch in "odd".chars() {
            app.type_char(ch, &mut c);
        }
        app.apply(Action::Submit, &mut c);
        app.apply(Action::MarkAllRead, &mut c);
        assert_eq!(app.prompt(), None, "6 rows fit the screen: no question");
        assert_eq!(app.unread(), 0);
        assert_eq!(unread_everywhere(&mut c), 6, "only the view's articles");
        let marked = Message::MarkedRead { count: 6 }.text(Language::En);
        assert_eq!(status(&app), Some(marked.as_str()));
        assert!(app.list().selected_row().is_some_and(|s| s.read));
        app.apply(Action::UndoMarks, &mut c);
        assert_eq!((app.unread(), unread_everywhere(&mut c)), (6, 12));
        assert!(app.list().selected_row().is_some_and(|s| !s.read));
        app.apply(Action::UndoMarks, &mut c);
        assert_eq!(status(&app), Some(Word::NothingToUndo.text(Language::En)));
        app.apply(Action::MarkAllRead, &mut c);
        app.apply(Action::MarkAllRead, &mut c);
        assert_eq!(status(&app), Some(Word::NothingToMark.text(Language::En)));
    }

    #[test]
    fn more_than_a_screenful_asks_with_the_count() {
        let (mut app, mut c) = fixture(1300);
        c.set_read("a5", true).unwrap();
        app.apply(Action::UnreadOnly, &mut c);
        app.apply(Action::UnreadOnly, &mut c);
        app.apply(Action::MarkAllRead, &mut c);
        assert_eq!(app.mode(), Context::Prompt);
        assert_eq!(unread_everywhere(&mut c), 1299, "nothing marked before yes");
        // n refuses
        app.type_char('n', &mut c);
        assert_eq!(app.mode(), Context::List);
        assert_eq!(unread_everywhere(&mut c), 1299);
        // Esc refuses too; other letters do nothing
        app.apply(Action::MarkAllRead, &mut c);
        app.type_char('x', &mut c);
        assert_eq!(app.mode(), Context::Prompt);
        app.apply(Action::Cancel, &mut c);
        assert_eq!(unread_everywhere(&mut c), 1299);
        // y marks
        app.apply(Action::MarkAllRead, &mut c);
        app.type_char('y', &mut c);
        assert_eq!(app.mode(), Context::List);
        assert_eq!((unread_everywhere(&mut c), app.unread()), (0, 0));
        let text = Message::MarkedRead { count: 1299 }.text(Language::En);
        assert_eq!(status(&app), Some(text.as_str()));
        app.apply(Action::UndoMarks, &mut c);
        assert_eq!(
            unread_everywhere(&mut c),
            1299,
            "a5 was read before: stays read"
        );
    }

    #[test]
    fn above_the_selection_and_undo_lasts_until_the_next_change() {
        let (mut app, mut c) = fixture(40);
        for _ in 0..5 {
            app.apply(Action::Down, &mut c);
        }
        app.apply(Action::MarkAboveRead, &mut c);
        assert_eq!(app.prompt(), None);
        let read: Vec<bool> = c
            .window(&Filter::default(), 0, 7)
            .unwrap()
            .iter()
            .map(|s| s.read)
            .collect();
        assert_eq!(read, [true, true, true, true, true, false, false]);
        // 25 rows above: asks; Enter says yes
        for _ in 0..20 {
            app.apply(Action::Down, &mut c);
        }
        app.apply(Action::MarkAboveRead, &mut c);
        assert_eq!(app.mode(), Context::Prompt);
        app.apply(Action::Submit, &mut c);
        assert_eq!(unread_everywhere(&mut c), 15);
        // a mark changed by hand ends the undo
        app.apply(Action::ToggleRead, &mut c);
        app.apply(Action::UndoMarks, &mut c);
        assert_eq!(status(&app), Some(Word::NothingToUndo.text(Language::En)));
        assert_eq!(unread_everywhere(&mut c), 14);
    }

    #[test]
    fn counts_group_thousands_in_each_language() {
        let m = Message::MarkReadConfirm { count: 1204 };
        assert_eq!(m.text(Language::En), "Mark 1,204 articles read? y/n ");
        assert_eq!(m.text(Language::Vi), "Đánh dấu đã đọc 1.204 tin? y/n ");
        let m = Message::MarkedRead { count: 999 };
        assert_eq!(m.text(Language::En), "999 articles marked read");
    }
}
