//! The application model: what is on screen and how actions change it.
//! No terminal, no drawing, no file access here: `apply` takes an action and
//! updates the state; the ui module draws it.

pub mod help;
pub mod list;
pub mod prompt;
pub mod reader;

use chrono::NaiveDate;

use crate::action::Action;
use crate::article::Article;
use crate::dates::DateFilter;
use crate::i18n::{Language, labels};
use help::{HelpEntry, HelpState};
use list::ListState;
use prompt::TextInput;
use reader::{Document, ReaderLayout, ReaderState, text_width};

/// Which key table is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Reader,
    Prompt,
    Help,
}

/// Rows between the header line and the status line.
pub fn content_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(2))
}

/// A message in the status line until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

/// The date prompt ("Xem tin theo ngày") while it is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatePrompt {
    pub input: TextInput,
    /// Why the last Enter was refused; the prompt stays open to fix it.
    pub error: Option<String>,
}

/// Everything the App needs besides the articles.
#[derive(Debug, Clone)]
pub struct Options {
    pub layout: ReaderLayout,
    pub language: Language,
    pub today: NaiveDate,
    pub help: Vec<HelpEntry>,
    /// Files that could not be read, for the status bar.
    pub skipped: usize,
}

#[derive(Debug, Clone)]
pub struct App {
    articles: Vec<Article>,
    pub options: Options,
    pub list: ListState,
    pub filter: Option<DateFilter>,
    pub reader: Option<ReaderState>,
    pub prompt: Option<DatePrompt>,
    pub help: Option<HelpState>,
    pub status: Option<Status>,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
}

impl App {
    /// `articles` must be sorted newest first.
    pub fn new(articles: Vec<Article>, options: Options, width: u16, height: u16) -> Self {
        let mut app = App {
            articles,
            options,
            list: ListState::default(),
            filter: None,
            reader: None,
            prompt: None,
            help: None,
            status: None,
            width,
            height,
            quit: false,
        };
        app.refilter();
        app
    }

    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    pub fn article(&self, index: usize) -> Option<&Article> {
        self.articles.get(index)
    }

    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else if self.prompt.is_some() {
            Mode::Prompt
        } else if self.reader.is_some() {
            Mode::Reader
        } else {
            Mode::List
        }
    }

    fn page(&self) -> usize {
        content_rows(self.height).max(1)
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        let page = self.page();
        self.list.scroll_into_view(page);
        let new_width = text_width(width, self.options.layout.max_width);
        if let Some(r) = &self.reader
            && r.doc.width != new_width
        {
            let old_len = r.doc.lines.len().max(1);
            let (index, scroll) = (r.article, r.scroll);
            self.open_article(index);
            if let Some(r) = &mut self.reader {
                r.scroll = scroll * r.doc.lines.len() / old_len;
            }
        }
        if let Some(r) = &mut self.reader {
            r.scroll_by(0, page);
        }
    }

    /// A printable key that no binding took: text for the prompt or the help filter.
    pub fn type_char(&mut self, c: char) {
        if let Some(h) = &mut self.help {
            h.filter.insert(c);
            h.scroll = 0;
        } else if let Some(p) = &mut self.prompt {
            p.input.insert(c);
            p.error = None;
        }
    }

    pub fn set_status(&mut self, text: impl Into<String>, is_error: bool) {
        self.status = Some(Status {
            text: text.into(),
            is_error,
        });
    }

    pub fn apply(&mut self, action: Action) {
        self.status = None;
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        match self.mode() {
            Mode::Help => self.apply_help(action),
            Mode::Prompt => self.apply_prompt(action),
            Mode::Reader => self.apply_reader(action),
            Mode::List => self.apply_list(action),
        }
    }

    fn apply_list(&mut self, action: Action) {
        let page = self.page();
        let half = (page / 2).max(1) as isize;
        match action {
            Action::Up => self.list.move_by(-1, page),
            Action::Down => self.list.move_by(1, page),
            Action::First => self.list.select(0, page),
            Action::Last => self.list.select_last(page),
            Action::PageUp => self.list.move_by(-(page as isize), page),
            Action::PageDown => self.list.move_by(page as isize, page),
            Action::HalfPageUp => self.list.move_by(-half, page),
            Action::HalfPageDown => self.list.move_by(half, page),
            Action::Open => {
                if let Some(index) = self.list.selected_article() {
                    self.open_article(index);
                }
            }
            Action::Back => self.quit = true,
            _ => self.apply_shared(action),
        }
    }

    fn apply_reader(&mut self, action: Action) {
        let page = self.page();
        let half = (page / 2).max(1) as isize;
        let Some(r) = &mut self.reader else { return };
        match action {
            Action::Up => r.scroll_by(-1, page),
            Action::Down => r.scroll_by(1, page),
            Action::First => r.scroll = 0,
            Action::Last => r.scroll = r.max_scroll(page),
            Action::PageUp => r.scroll_by(-(page as isize), page),
            Action::PageDown => r.scroll_by(page as isize, page),
            Action::HalfPageUp => r.scroll_by(-half, page),
            Action::HalfPageDown => r.scroll_by(half, page),
            Action::NextArticle => self.step_article(1),
            Action::PrevArticle => self.step_article(-1),
            Action::Back => self.reader = None,
            _ => self.apply_shared(action),
        }
    }

    /// Actions that mean the same in the list and the reader.
    fn apply_shared(&mut self, action: Action) {
        match action {
            Action::DatePrompt => self.prompt = Some(DatePrompt::default()),
            Action::DatePrev => self.step_filter(-1),
            Action::DateNext => self.step_filter(1),
            Action::Help => self.help = Some(HelpState::default()),
            _ => {}
        }
    }

    fn apply_prompt(&mut self, action: Action) {
        let Some(p) = &mut self.prompt else { return };
        let input = &mut p.input;
        match action {
            Action::Submit => self.submit_date(),
            Action::Cancel | Action::Back => self.prompt = None,
            Action::DeleteBack => input.delete_back(),
            Action::DeleteForward => input.delete_forward(),
            Action::CursorLeft => input.left(),
            Action::CursorRight => input.right(),
            Action::CursorHome => input.home(),
            Action::CursorEnd => input.end(),
            Action::ClearInput => input.clear(),
            _ => {}
        }
    }

    fn apply_help(&mut self, action: Action) {
        let page = self.page();
        let total = match &self.help {
            Some(h) => h.visible(&self.options.help).len(),
            None => return,
        };
        let Some(h) = &mut self.help else { return };
        match action {
            Action::Up => h.scroll_by(-1, total, page),
            Action::Down => h.scroll_by(1, total, page),
            Action::PageUp | Action::HalfPageUp => h.scroll_by(-(page as isize), total, page),
            Action::PageDown | Action::HalfPageDown => h.scroll_by(page as isize, total, page),
            Action::First => h.scroll = 0,
            Action::Last => h.scroll_by(isize::MAX, total, page),
            Action::DeleteBack => {
                h.filter.delete_back();
                h.scroll = 0;
            }
            Action::ClearInput => {
                h.filter.clear();
                h.scroll = 0;
            }
            Action::Back | Action::Cancel | Action::Help => self.help = None,
            _ => {}
        }
    }

    fn open_article(&mut self, index: usize) {
        let Some(article) = self.articles.get(index) else {
            return;
        };
        let width = text_width(self.width, self.options.layout.max_width);
        let doc = Document::build(article, width, self.options.layout, self.options.language);
        self.reader = Some(ReaderState {
            article: index,
            scroll: 0,
            doc,
        });
    }

    fn step_article(&mut self, delta: isize) {
        let page = self.page();
        let before = self.list.selected;
        self.list.move_by(delta, page);
        match self.list.selected_article() {
            Some(index) if self.list.selected != before => self.open_article(index),
            _ => {
                let text = labels(self.options.language).no_more_articles;
                self.set_status(text, false);
            }
        }
    }

    fn submit_date(&mut self) {
        let Some(p) = &mut self.prompt else { return };
        let text = p.input.text.trim().to_string();
        if text.is_empty() {
            self.prompt = None;
            self.set_filter(None);
            let msg = labels(self.options.language).filter_cleared;
            self.set_status(msg, false);
            return;
        }
        match DateFilter::parse(&text, self.options.today) {
            Ok(filter) => {
                self.prompt = None;
                self.set_filter(Some(filter));
            }
            Err(e) => {
                p.error = Some(match self.options.language {
                    Language::En => e.to_string(),
                    Language::Vi => e.message_vi(),
                })
            }
        }
    }

    /// `[` and `]`: step the filter by its span, or start from the selected
    /// article's day (today when nothing dated is selected).
    fn step_filter(&mut self, n: i32) {
        let next = match self.filter {
            Some(f) => f.step(n),
            None => {
                let day = self
                    .reader
                    .as_ref()
                    .map(|r| r.article)
                    .or_else(|| self.list.selected_article())
                    .and_then(|i| self.articles.get(i))
                    .and_then(|a| a.published)
                    .map_or(self.options.today, |p| p.date);
                DateFilter::Day(day)
            }
        };
        self.set_filter(Some(next));
    }

    fn set_filter(&mut self, filter: Option<DateFilter>) {
        self.filter = filter;
        self.reader = None;
        self.refilter();
    }

    fn refilter(&mut self) {
        let rows = self
            .articles
            .iter()
            .enumerate()
            .filter(|(_, a)| match (&self.filter, &a.published) {
                (None, _) => true,
                (Some(f), Some(p)) => f.contains(p.date),
                (Some(_), None) => false,
            })
            .map(|(i, _)| i)
            .collect();
        let page = self.page();
        self.list.set_rows(rows, page);
    }
}

#[cfg(test)]
mod tests;
