//! Unread navigation: the next or previous unread article of the list in
//! front, in the list (selected) and in the reader (opened). The list does
//! not wrap: at its end the status bar says there is none further.

use super::App;
use crate::catalog::Catalog;
use crate::catalog::unread::find_unread;
use crate::i18n::Word;

impl App {
    /// `forward`: the nearest unread article below the selection, else above.
    pub(super) fn jump_unread(&mut self, forward: bool, catalog: &mut dyn Catalog) {
        let from = self.list.selected;
        match find_unread(catalog, &self.filter, from, forward) {
            Err(e) => self.error(e),
            Ok(None) => {
                let word = match forward {
                    true => Word::NoUnreadBelow,
                    false => Word::NoUnreadAbove,
                };
                self.set_status(word.text(self.options.language), false);
            }
            Ok(Some(position)) => {
                let page = self.page();
                self.list.select(position, page);
                self.fill_window(catalog);
                if self.reader.is_some()
                    && let Some(id) = self.list.selected_row().map(|s| s.id.clone())
                {
                    self.open_article(&id, catalog);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::action::Action;
    use crate::app::App;
    use crate::catalog::{Catalog, Memory};
    use crate::context::Context;
    use crate::i18n::{Language, Word};

    /// Ten articles, newest first "a0".."a9", on a screen of ten rows.
    fn fixture(language: Language) -> (App, Memory) {
        crate::app::daily_fixture::two_sources(10, language)
    }

    fn selected(app: &App) -> Option<&str> {
        app.list().selected_row().map(|s| s.id.as_str())
    }

    fn status(app: &App) -> Option<&str> {
        app.status().map(|s| s.text.as_str())
    }

    #[test]
    fn list_jumps_between_unread_articles_and_stops_at_the_ends() {
        let (mut app, mut c) = fixture(Language::En);
        for id in ["a0", "a1", "a2", "a4", "a5", "a6", "a8"] {
            c.set_read(id, true).unwrap();
        }
        // the list was read before the marks: ask again
        app.apply(Action::UnreadOnly, &mut c);
        app.apply(Action::UnreadOnly, &mut c);
        app.apply(Action::NextUnread, &mut c);
        assert_eq!(selected(&app), Some("a3"));
        app.apply(Action::NextUnread, &mut c);
        assert_eq!(selected(&app), Some("a7"));
        app.apply(Action::NextUnread, &mut c);
        assert_eq!(selected(&app), Some("a9"));
        assert_eq!(status(&app), None);
        app.apply(Action::NextUnread, &mut c);
        assert_eq!(selected(&app), Some("a9"), "no wrapping to the top");
        assert_eq!(status(&app), Some(Word::NoUnreadBelow.text(Language::En)));
        app.apply(Action::PrevUnread, &mut c);
        assert_eq!(selected(&app), Some("a7"));
        app.apply(Action::PrevUnread, &mut c);
        app.apply(Action::PrevUnread, &mut c);
        assert_eq!(selected(&app), Some("a3"));
        assert_eq!(status(&app), Some(Word::NoUnreadAbove.text(Language::En)));
        assert_eq!(app.mode(), Context::List, "the list only selects");
        assert_eq!(app.unread(), 3);
    }

    #[test]
    fn reader_opens_the_next_unread_within_the_view_and_marks_it_read() {
        let (mut app, mut c) = fixture(Language::Vi);
        // the view: source "Odd" (a1, a3, a5, a7, a9), a3 read
        c.set_read("a3", true).unwrap();
        app.apply(Action::SourcePrompt, &mut c);
        for ch in "odd".chars() {
            app.type_char(ch, &mut c);
        }
        app.apply(Action::Submit, &mut c);
        assert_eq!((app.list().total, app.unread()), (5, 4));
        app.apply(Action::Open, &mut c);
        assert_eq!(app.reader().map(|r| r.article.id.as_str()), Some("a1"));
        app.apply(Action::NextUnread, &mut c);
        assert_eq!(app.reader().map(|r| r.article.id.as_str()), Some("a5"));
        assert!(
            c.window(app.filter(), 2, 1).unwrap()[0].read,
            "opened is read"
        );
        app.apply(Action::NextUnread, &mut c);
        app.apply(Action::NextUnread, &mut c);
        assert_eq!(app.reader().map(|r| r.article.id.as_str()), Some("a9"));
        app.apply(Action::NextUnread, &mut c);
        assert_eq!(app.reader().map(|r| r.article.id.as_str()), Some("a9"));
        assert_eq!(status(&app), Some(Word::NoUnreadBelow.text(Language::Vi)));
        // everything above has been read now
        app.apply(Action::PrevUnread, &mut c);
        assert_eq!(status(&app), Some(Word::NoUnreadAbove.text(Language::Vi)));
        assert_eq!(app.unread(), 0);
    }
}
