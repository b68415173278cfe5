//! Catch-up: mark read every article of the list in front (whatever its
//! filters), or every one above the selection; more than a screenful asks
//! first with the count. The last catch-up can be taken back with one key
//! until the next change of a mark.
//!
//! The marks are saved off the key path: the App asks for them as an
//! [`Effect::Marks`], the event loop hands that to a job on a thread of its
//! own (with its own connection to the store, see `jobs.rs`), and the job
//! answers with a [`Notice::MarksSaved`]; the list shows the marks then,
//! asked again. Keys go on meanwhile. [`save_marks`] is what the job does,
//! on any catalog (the tests give it the in-memory one).

use super::prompt::{Prompt, PromptKind};
use super::{App, Effect, Notice};
use crate::article::ArticleId;
use crate::catalog::{Catalog, Filter};
use crate::i18n::{Message, Word};

/// Marks to save in the background.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkJob {
    /// Mark read the unread articles of this view (`first`: only among its
    /// first rows, those above the selection).
    Read {
        filter: Filter,
        first: Option<usize>,
    },
    /// Make these articles unread again (the undo of the last catch-up).
    Unread(Vec<ArticleId>),
}

/// What a [`MarkJob`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarksSaved {
    /// These articles are read now.
    Read(Vec<ArticleId>),
    /// These are unread again.
    Unread(Vec<ArticleId>),
    /// Nothing was saved (all or none): why, and the undo's ids to keep.
    Failed {
        error: String,
        undo: Option<Vec<ArticleId>>,
    },
}

/// Carry out `job` on `catalog`: what the job thread does.
pub fn save_marks(catalog: &mut dyn Catalog, job: MarkJob) -> Notice {
    let saved = match job {
        MarkJob::Read { filter, first } => match catalog.mark_view_read(&filter, first) {
            Ok(ids) => MarksSaved::Read(ids),
            Err(e) => MarksSaved::Failed {
                error: e.0,
                undo: None,
            },
        },
        MarkJob::Unread(ids) => match catalog.set_read_many(&ids, false) {
            Ok(()) => MarksSaved::Unread(ids),
            Err(e) => MarksSaved::Failed {
                error: e.0,
                undo: Some(ids),
            },
        },
    };
    Notice::MarksSaved(saved)
}

/// The confirmation's question: how many, and what to mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatchUp {
    pub count: usize,
    pub first: Option<usize>,
}

impl App {
    /// `above_only`: the articles above the selection, else the whole list.
    /// The count for the whole list is the one shown in the header; above
    /// the selection, the rows the user has gone past are counted.
    pub(super) fn catch_up(&mut self, above_only: bool, catalog: &mut dyn Catalog) {
        let first = above_only.then_some(self.list.selected);
        let count = match first {
            None => self.unread,
            Some(_) => match catalog.unread_ids(&self.filter, first) {
                Ok(ids) => ids.len(),
                Err(e) => return self.error(e),
            },
        };
        if count == 0 {
            let text = Word::NothingToMark.text(self.options.language);
            return self.set_status(text, false);
        }
        let catch_up = CatchUp { count, first };
        if count > self.page() {
            self.prompt = Some(Prompt::new(PromptKind::Confirm(catch_up)));
            return;
        }
        self.mark_read_now(catch_up);
    }

    /// A key typed at the confirmation: y (or Enter) marks, n refuses,
    /// anything else is ignored.
    pub(super) fn answer_confirm(&mut self, c: char) {
        match c {
            'y' | 'Y' => {
                if let Some(Prompt {
                    kind: PromptKind::Confirm(catch_up),
                    ..
                }) = self.prompt.take()
                {
                    self.mark_read_now(catch_up);
                }
            }
            'n' | 'N' => self.prompt = None,
            _ => {}
        }
    }

    fn mark_read_now(&mut self, catch_up: CatchUp) {
        self.effects.push(Effect::Marks(MarkJob::Read {
            filter: self.filter.clone(),
            first: catch_up.first,
        }));
        let text = Word::SavingMarks.text(self.options.language);
        self.set_status(text, false);
    }

    /// Make the articles of the last catch-up unread again.
    pub(super) fn undo_marks(&mut self) {
        let lang = self.options.language;
        let Some(ids) = self.undo.take() else {
            return self.set_status(Word::NothingToUndo.text(lang), false);
        };
        self.effects.push(Effect::Marks(MarkJob::Unread(ids)));
        self.set_status(Word::SavingMarks.text(lang), false);
    }

    /// The marks a job saved: the list (and the month beside it) asked
    /// again, what was done said, the undo kept.
    pub(super) fn marks_saved(&mut self, saved: MarksSaved, catalog: &mut dyn Catalog) {
        let lang = self.options.language;
        match saved {
            MarksSaved::Read(ids) if ids.is_empty() => {
                self.set_status(Word::NothingToMark.text(lang), false)
            }
            MarksSaved::Read(ids) => {
                let count = ids.len();
                self.undo = Some(ids);
                self.refresh(catalog);
                self.set_status(Message::MarkedRead { count }.text(lang), false);
            }
            MarksSaved::Unread(ids) => {
                self.refresh(catalog);
                let text = Message::MarkedUnread { count: ids.len() }.text(lang);
                self.set_status(text, false);
            }
            MarksSaved::Failed { error, undo } => {
                if undo.is_some() {
                    self.undo = undo;
                }
                self.set_status(error, true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::save_marks;
    use crate::action::Action;
    use crate::app::{App, Effect};
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

    /// What the event loop and the job thread do with the marks asked
    /// for: each job run on the catalog, its notice handed to the App.
    /// How many jobs there were.
    fn run_jobs(app: &mut App, c: &mut Memory) -> usize {
        let mut jobs = 0;
        for effect in app.take_effects() {
            if let Effect::Marks(job) = effect {
                let notice = save_marks(c, job);
                app.on_notice(notice, c);
                jobs += 1;
            }
        }
        jobs
    }

    #[test]
    fn a_small_view_is_marked_off_the_key_path_and_undone_with_one_key() {
        let (mut app, mut c) = fixture(12);
        app.apply(Action::SourcePrompt, &mut c);
        for ch in "odd".chars() {
            app.type_char(ch, &mut c);
        }
        app.apply(Action::Submit, &mut c);
        app.apply(Action::MarkAllRead, &mut c);
        assert_eq!(app.prompt(), None, "6 rows fit the screen: no question");
        // nothing is saved on the key press: a job is asked for
        assert_eq!(status(&app), Some(Word::SavingMarks.text(Language::En)));
        assert_eq!(unread_everywhere(&mut c), 12);
        assert!(app.list().selected_row().is_some_and(|s| !s.read));
        // keys go on meanwhile
        app.apply(Action::Down, &mut c);
        app.apply(Action::Up, &mut c);
        assert_eq!(run_jobs(&mut app, &mut c), 1);
        assert_eq!(app.unread(), 0);
        assert_eq!(unread_everywhere(&mut c), 6, "only the view's articles");
        let marked = Message::MarkedRead { count: 6 }.text(Language::En);
        assert_eq!(status(&app), Some(marked.as_str()));
        assert!(app.list().selected_row().is_some_and(|s| s.read));
        app.apply(Action::UndoMarks, &mut c);
        assert_eq!(run_jobs(&mut app, &mut c), 1);
        assert_eq!((app.unread(), unread_everywhere(&mut c)), (6, 12));
        assert!(app.list().selected_row().is_some_and(|s| !s.read));
        let unread = Message::MarkedUnread { count: 6 }.text(Language::En);
        assert_eq!(status(&app), Some(unread.as_str()));
        app.apply(Action::UndoMarks, &mut c);
        assert_eq!(run_jobs(&mut app, &mut c), 0);
        assert_eq!(status(&app), Some(Word::NothingToUndo.text(Language::En)));
        app.apply(Action::MarkAllRead, &mut c);
        run_jobs(&mut app, &mut c);
        app.apply(Action::MarkAllRead, &mut c);
        assert_eq!(run_jobs(&mut app, &mut c), 0);
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
        let ask = Message::MarkReadConfirm { count: 1299 }.text(Language::En);
        assert_eq!(ask, "Mark 1,299 articles read? y/n ");
        assert!(matches!(
            app.prompt().map(|p| &p.kind),
            Some(crate::app::prompt::PromptKind::Confirm(c)) if c.count == 1299
        ));
        // n refuses
        app.type_char('n', &mut c);
        assert_eq!(app.mode(), Context::List);
        assert_eq!(run_jobs(&mut app, &mut c), 0);
        // Esc refuses too; other letters do nothing
        app.apply(Action::MarkAllRead, &mut c);
        app.type_char('x', &mut c);
        assert_eq!(app.mode(), Context::Prompt);
        app.apply(Action::Cancel, &mut c);
        assert_eq!(run_jobs(&mut app, &mut c), 0);
        assert_eq!(unread_everywhere(&mut c), 1299);
        // y marks
        app.apply(Action::MarkAllRead, &mut c);
        app.type_char('y', &mut c);
        assert_eq!(app.mode(), Context::List);
        assert_eq!(run_jobs(&mut app, &mut c), 1);
        assert_eq!((unread_everywhere(&mut c), app.unread()), (0, 0));
        let text = Message::MarkedRead { count: 1299 }.text(Language::En);
        assert_eq!(status(&app), Some(text.as_str()));
        app.apply(Action::UndoMarks, &mut c);
        run_jobs(&mut app, &mut c);
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
        run_jobs(&mut app, &mut c);
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
        run_jobs(&mut app, &mut c);
        assert_eq!(unread_everywhere(&mut c), 15);
        // a mark changed by hand ends the undo
        app.apply(Action::ToggleRead, &mut c);
        app.apply(Action::UndoMarks, &mut c);
        assert_eq!(run_jobs(&mut app, &mut c), 0);
        assert_eq!(status(&app), Some(Word::NothingToUndo.text(Language::En)));
        assert_eq!(unread_everywhere(&mut c), 14);
    }

    #[test]
    fn a_failed_undo_keeps_what_it_would_undo() {
        let (mut app, mut c) = fixture(6);
        app.apply(Action::MarkAllRead, &mut c);
        run_jobs(&mut app, &mut c);
        let ids: Vec<String> = (0..6).map(|n| format!("a{n}")).collect();
        let failed = super::MarksSaved::Failed {
            error: "cannot save: the disk is full".into(),
            undo: Some(ids),
        };
        app.apply(Action::UndoMarks, &mut c);
        assert_eq!(app.take_effects().len(), 1);
        app.on_notice(crate::app::Notice::MarksSaved(failed), &mut c);
        assert!(app.status().is_some_and(|s| s.is_error));
        // the undo is still there
        app.apply(Action::UndoMarks, &mut c);
        assert_eq!(run_jobs(&mut app, &mut c), 1);
        assert_eq!(unread_everywhere(&mut c), 6);
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
