//! The application model: what is on screen and how actions change it.
//! No terminal, no drawing, no SQL here: `apply` takes an action and the
//! catalog to ask, and updates the state; the ui module draws it.

pub mod calendar;
pub mod catchup;
pub mod counting;
mod fetched;
pub mod help;
pub mod links;
pub mod list;
mod list_links;
pub mod mouse;
mod notice;
mod paste;
pub mod prompt;
pub mod reader;
pub mod split;
mod unread;
pub mod views;

use chrono::NaiveDate;

use crate::action::Action;
use crate::catalog::{Catalog, CatalogError, Filter};
use crate::config::CalendarPlace;
use crate::context::Context;
use crate::dates::DateFilter;
use crate::i18n::{Language, Message, labels};
use help::{HelpEntry, HelpState};
use list::ListState;
use prompt::{Prompt, PromptKind};
use reader::{Document, ReaderLayout, ReaderState, text_width};

pub use notice::{FetchStart, FetchSummary, Indexing, NotCopied, NotOpened, Notice, coalesce};

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

/// Something the App asks the outside world to do: it does no IO itself,
/// so the event loop takes these after each action ([`App::take_effects`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open this address in the browser (already checked by `links::check_url`).
    Open(String),
    /// Put this address on the clipboard (checked the same way).
    Copy(String),
    /// Download the configured feeds in the background.
    Fetch,
    /// Save marks in the background (a catch-up, its undo).
    Marks(catchup::MarkJob),
    /// Add this view to the user's config.toml.
    SaveView(crate::config::views::SavedView),
    /// Count the list off the key path (see `counting`).
    Count(counting::CountJob),
}

/// Everything the App needs besides the catalog.
#[derive(Debug, Clone)]
pub struct Options {
    pub layout: ReaderLayout,
    pub language: Language,
    pub today: NaiveDate,
    pub help: Vec<HelpEntry>,
    /// Files that could not be read, for the status bar.
    pub skipped: usize,
}

/// What is on screen and what it shows. Only the App changes it: through
/// [`App::apply`] (actions from keys), [`App::on_notice`] (news from outside)
/// and resizing; everything else reads it through the methods below.
#[derive(Debug, Clone)]
pub struct App {
    options: Options,
    filter: Filter,
    list: ListState,
    /// Unread articles among those that match the filter.
    unread: usize,
    /// The count job whose answer is awaited, and the last one asked.
    counting: Option<u64>,
    count_tickets: u64,
    reader: Option<ReaderState>,
    prompt: Option<Prompt>,
    help: Option<HelpState>,
    calendar: Option<calendar::CalendarState>,
    /// The month beside the list (`ui.calendar = "sidebar"`, wide screens),
    /// and the filter its counts are for.
    sidebar: Option<(calendar::CalendarState, Filter)>,
    calendar_place: CalendarPlace,
    status: Option<Status>,
    indexing: Option<Indexing>,
    /// Feeds downloaded so far, while a fetch runs.
    fetching: Option<Indexing>,
    /// What the event loop is to do next (see [`Effect`]).
    effects: Vec<Effect>,
    /// The filter and selection from before a search, for Esc to restore.
    search_before: Option<(Filter, Option<String>)>,
    /// An article to select as soon as the catalog has it (the saved
    /// position, while indexing is still bringing it in).
    pending_select: Option<String>,
    /// The articles the last catch-up marked read, until the next change.
    undo: Option<Vec<crate::article::ArticleId>>,
    split: split::SplitState,
    views: Vec<crate::config::views::SavedView>,
    width: u16,
    height: u16,
    quit: bool,
}

impl App {
    pub fn new(options: Options, width: u16, height: u16, catalog: &mut dyn Catalog) -> Self {
        let mut app = App {
            options,
            filter: Filter::default(),
            list: ListState::default(),
            unread: 0,
            counting: None,
            count_tickets: 0,
            reader: None,
            prompt: None,
            help: None,
            calendar: None,
            sidebar: None,
            calendar_place: CalendarPlace::Popup,
            status: None,
            indexing: None,
            fetching: None,
            effects: Vec::new(),
            search_before: None,
            pending_select: None,
            undo: None,
            split: split::SplitState::default(),
            views: Vec::new(),
            width,
            height,
            quit: false,
        };
        app.refresh(catalog);
        app
    }

    /// Show `filter` with `selected` selected (if it still matches) and
    /// `reading` open in the reader (if the catalog has it): the position
    /// saved by the last session.
    pub fn restore(
        &mut self,
        filter: Filter,
        selected: Option<&str>,
        reading: Option<&str>,
        catalog: &mut dyn Catalog,
    ) {
        self.filter = filter;
        self.pending_select = selected.map(String::from);
        self.refresh(catalog);
        if let Some(id) = reading {
            self.open_article(id, catalog);
            // an article gone since is no news worth a message at start
            self.status = None;
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn language(&self) -> Language {
        self.options.language
    }

    /// What the list shows: dates, source, marks, search text, order.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The list: its length, selection and the rows held around the screen.
    pub fn list(&self) -> &ListState {
        &self.list
    }

    /// Unread articles among those that match the filter.
    pub fn unread(&self) -> usize {
        self.unread
    }

    /// The article open for reading, if one is.
    pub fn reader(&self) -> Option<&ReaderState> {
        self.reader.as_ref()
    }

    /// The prompt being typed in, if one is open.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// The help overlay, if it is open.
    pub fn help(&self) -> Option<&HelpState> {
        self.help.as_ref()
    }

    /// The status-bar message, until the next key.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Background indexing, as far as it has got, while it runs.
    pub fn indexing(&self) -> Option<Indexing> {
        self.indexing
    }

    /// Feeds downloaded so far, while a fetch runs.
    pub fn fetching(&self) -> Option<Indexing> {
        self.fetching
    }

    /// The screen's size the App lays out for: (width, height).
    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }

    /// Whether the user has asked to quit.
    pub fn wants_to_quit(&self) -> bool {
        self.quit
    }

    /// The view in front, which is the key context in force: never
    /// [`Context::Global`], whose table every view inherits.
    pub fn mode(&self) -> Context {
        if self.help.is_some() {
            Context::Help
        } else if self.prompt.is_some() {
            Context::Prompt
        } else if self.calendar.is_some() {
            Context::Calendar
        } else if self.reader.is_some() {
            Context::Reader
        } else {
            Context::List
        }
    }

    fn page(&self) -> usize {
        self.list_rows().max(1)
    }

    fn error(&mut self, e: CatalogError) {
        self.set_status(e.0, true);
    }

    /// Ask the catalog again (the filter or the data changed), keeping the
    /// selected article selected when it still matches.
    fn refresh(&mut self, catalog: &mut dyn Catalog) {
        // A list whose top row is selected follows the top: articles newer
        // than it (a first index fills the list oldest folder first) come
        // into view selected. An article open in the reader keeps its row.
        let follow_top = self.list.selected == 0 && self.reader.is_none();
        let keep = self.pending_select.clone().or_else(|| match follow_top {
            true => None,
            false => self.list.selected_row().map(|s| s.id.clone()),
        });
        self.count_list(catalog);
        let position = match &keep {
            Some(id) => catalog.position(&self.filter, id).unwrap_or(None),
            None => None,
        };
        position.inspect(|p| self.has_row(*p));
        self.list.clear_window();
        if position.is_some() {
            self.pending_select = None;
        }
        let target = match (keep, position) {
            (Some(_), Some(p)) => p,
            (Some(_), None) => 0,
            (None, _) => self.list.selected,
        };
        self.list.select(target, self.page());
        self.fill_window(catalog);
        // the counts beside the list may have changed with the data or marks
        self.sidebar = None;
        self.follow_sidebar(catalog);
        self.follow_split(catalog);
    }

    /// Drop the rows held around the screen: the next action asks the
    /// catalog for them again (what a benchmark of that read starts from).
    pub fn forget_rows(&mut self) {
        self.list.clear_window();
    }

    /// Fetch the rows the screen needs, if they are not already here.
    fn fill_window(&mut self, catalog: &mut dyn Catalog) {
        if let Some((start, len)) = self.list.missing(self.page()) {
            match catalog.window(&self.filter, start, len) {
                Ok(rows) => self.list.set_window(start, rows),
                Err(e) => self.error(e),
            }
        }
    }

    pub fn resize(&mut self, width: u16, height: u16, catalog: &mut dyn Catalog) {
        self.width = width;
        self.height = height;
        let page = self.page();
        self.list.scroll_into_view(page);
        self.fill_window(catalog);
        let new_width = text_width(self.reader_cols(), self.options.layout.max_width);
        let page = self.reader_page();
        if let Some(r) = &mut self.reader {
            if r.doc.width != new_width {
                let old_len = r.doc.lines.len().max(1);
                r.doc = Document::build(
                    &r.article,
                    new_width,
                    self.options.layout,
                    self.options.language,
                    self.filter.query().as_ref(),
                );
                r.scroll = r.scroll * r.doc.lines.len() / old_len;
            }
            r.scroll_by(0, page);
        }
        self.follow_sidebar(catalog);
        self.follow_split(catalog);
    }

    /// A printable key that no binding took: text for the prompt or the help filter.
    pub fn type_char(&mut self, c: char, catalog: &mut dyn Catalog) {
        if let Some(h) = &mut self.help {
            h.filter.insert(c);
            h.scroll = 0;
        } else if let Some(p) = &mut self.prompt {
            if matches!(p.kind, PromptKind::Confirm { .. }) {
                return self.answer_confirm(c);
            }
            // a link is chosen by its number: other keys type nothing
            if matches!(p.kind, PromptKind::Link { .. }) && !c.is_ascii_digit() {
                return;
            }
            p.input.insert(c);
            self.prompt_text_changed(catalog);
        }
    }

    /// After the prompt's text changed: reset its state, and for a search,
    /// show the results for the new text at once.
    fn prompt_text_changed(&mut self, catalog: &mut dyn Catalog) {
        let Some(p) = &mut self.prompt else { return };
        p.text_changed();
        if p.link_settled() {
            return self.submit_prompt(catalog);
        }
        if p.kind == PromptKind::Search {
            let text = p.input.text.clone();
            self.filter.text = (!text.trim().is_empty()).then_some(text);
            self.refresh(catalog);
            self.list.select(0, self.page());
            self.fill_window(catalog);
        }
    }

    /// The effects asked for since the last call, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    fn set_status(&mut self, text: impl Into<String>, is_error: bool) {
        self.status = Some(Status {
            text: text.into(),
            is_error,
        });
    }

    pub fn apply(&mut self, action: Action, catalog: &mut dyn Catalog) {
        self.status = None;
        // the user has moved on from the saved position
        self.pending_select = None;
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        match self.mode() {
            _ if self.apply_split(action, catalog) => {}
            Context::Help => self.apply_help(action),
            Context::Calendar => self.apply_calendar(action, catalog),
            Context::Prompt => self.apply_prompt(action, catalog),
            Context::Reader => self.apply_reader(action, catalog),
            Context::List | Context::Global => self.apply_list(action, catalog),
        }
        self.follow_sidebar(catalog);
        self.follow_split(catalog);
    }

    fn apply_list(&mut self, action: Action, catalog: &mut dyn Catalog) {
        let page = self.page();
        let half = (page / 2).max(1) as isize;
        match action {
            Action::Up => self.list.move_by(-1, page),
            Action::Down => self.list.move_by(1, page),
            Action::First => self.list.select(0, page),
            Action::Last => {
                self.count_now(catalog);
                self.list.select_last(page)
            }
            Action::PageUp => self.list.move_by(-(page as isize), page),
            Action::PageDown => self.list.move_by(page as isize, page),
            Action::HalfPageUp => self.list.move_by(-half, page),
            Action::HalfPageDown => self.list.move_by(half, page),
            Action::Open => {
                if let Some(id) = self.list.selected_row().map(|s| s.id.clone()) {
                    self.open_article(&id, catalog);
                }
            }
            Action::Back => self.quit = true,
            Action::OpenLink => self.list_link_action(false, catalog),
            Action::CopyLink => self.list_link_action(true, catalog),
            _ => self.apply_shared(action, catalog),
        }
        self.fill_window(catalog);
    }

    fn apply_reader(&mut self, action: Action, catalog: &mut dyn Catalog) {
        let page = self.reader_page();
        let half = (page / 2).max(1) as isize;
        let Some(r) = &mut self.reader else { return };
        if matches!(
            action,
            Action::Up
                | Action::Down
                | Action::First
                | Action::Last
                | Action::PageUp
                | Action::PageDown
                | Action::HalfPageUp
                | Action::HalfPageDown
        ) {
            // after scrolling by hand, n and N count from the page on screen
            r.focus = None;
        }
        match action {
            Action::Up => r.scroll_by(-1, page),
            Action::Down => r.scroll_by(1, page),
            Action::First => r.scroll = 0,
            Action::Last => r.scroll = r.max_scroll(page),
            Action::PageUp => r.scroll_by(-(page as isize), page),
            Action::PageDown => r.scroll_by(page as isize, page),
            Action::HalfPageUp => r.scroll_by(-half, page),
            Action::HalfPageDown => r.scroll_by(half, page),
            Action::NextMatch | Action::PrevMatch => {
                if !r.jump_to_match(action == Action::NextMatch, page) {
                    self.no_more_matches();
                }
            }
            Action::OpenLink => self.link_action(false),
            Action::CopyLink => self.link_action(true),
            Action::NextArticle => self.step_article(1, catalog),
            Action::PrevArticle => self.step_article(-1, catalog),
            Action::Back => self.reader = None,
            _ => self.apply_shared(action, catalog),
        }
    }

    /// Actions that mean the same in the list and the reader.
    fn apply_shared(&mut self, action: Action, catalog: &mut dyn Catalog) {
        match action {
            Action::DatePrompt => self.prompt = Some(Prompt::new(PromptKind::Date)),
            Action::Search => {
                let selected = self.list.selected_row().map(|s| s.id.clone());
                self.search_before = Some((self.filter.clone(), selected));
                let mut prompt = Prompt::new(PromptKind::Search);
                for c in self.filter.text.as_deref().unwrap_or("").chars() {
                    prompt.input.insert(c);
                }
                self.prompt = Some(prompt);
                self.filter.by_relevance = true;
                self.reader = None;
            }
            Action::ToggleOrder => {
                self.filter.by_relevance = !self.filter.by_relevance;
                self.filter_changed(catalog);
            }
            Action::SourcePrompt => self.open_pane(catalog),
            Action::SaveView => self.ask_view_name(),
            Action::DatePrev => self.step_filter(-1, catalog),
            Action::DateNext => self.step_filter(1, catalog),
            Action::ToggleRead => self.toggle_mark(catalog, false),
            Action::ToggleStar => self.toggle_mark(catalog, true),
            Action::UnreadOnly => {
                self.filter.unread_only = !self.filter.unread_only;
                self.filter_changed(catalog);
            }
            Action::StarredOnly => {
                self.filter.starred_only = !self.filter.starred_only;
                self.filter_changed(catalog);
            }
            Action::Help => self.help = Some(HelpState::default()),
            Action::Calendar if self.calendar_place == CalendarPlace::Off => {
                let words = crate::i18n::calendar_words(self.options.language);
                self.set_status(words.off, false);
            }
            Action::Calendar => self.open_calendar(catalog),
            Action::Fetch => self.effects.push(Effect::Fetch),
            Action::NextUnread => self.jump_unread(true, catalog),
            Action::PrevUnread => self.jump_unread(false, catalog),
            Action::MarkAllRead => {
                self.count_now(catalog);
                self.catch_up(false, catalog)
            }
            Action::MarkAboveRead => self.catch_up(true, catalog),
            Action::UndoMarks => self.undo_marks(),
            _ => {}
        }
    }

    fn apply_prompt(&mut self, action: Action, catalog: &mut dyn Catalog) {
        match action {
            Action::Submit => return self.submit_prompt(catalog),
            Action::Cancel | Action::Back => return self.cancel_prompt(catalog),
            _ => {}
        }
        let Some(p) = &mut self.prompt else { return };
        let input = &mut p.input;
        match action {
            Action::DeleteBack => input.delete_back(),
            Action::DeleteForward => input.delete_forward(),
            Action::ClearInput => input.clear(),
            Action::CursorLeft => return input.left(),
            Action::CursorRight => return input.right(),
            Action::CursorHome => return input.home(),
            Action::CursorEnd => return input.end(),
            Action::Up => return p.move_source(-1),
            Action::Down => return p.move_source(1),
            _ => return,
        }
        self.prompt_text_changed(catalog);
    }

    /// Esc: close the prompt; a search puts back the list as it was.
    fn cancel_prompt(&mut self, catalog: &mut dyn Catalog) {
        let was_search = self
            .prompt
            .as_ref()
            .is_some_and(|p| p.kind == PromptKind::Search);
        self.prompt = None;
        if !was_search {
            return;
        }
        if let Some((filter, selected)) = self.search_before.take() {
            self.restore(filter, selected.as_deref(), None, catalog);
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

    /// Open an article in the reader and mark it read.
    fn open_article(&mut self, id: &str, catalog: &mut dyn Catalog) {
        let article = match catalog.article(id) {
            Ok(a) => a,
            Err(e) => return self.error(e),
        };
        let width = text_width(self.reader_cols(), self.options.layout.max_width);
        let query = self.filter.query();
        let doc = Document::build(
            &article,
            width,
            self.options.layout,
            self.options.language,
            query.as_ref(),
        );
        let page = self.reader_page();
        let mut reader = ReaderState {
            article,
            scroll: 0,
            doc,
            focus: None,
        };
        // a search result opens at its first match in the text, if it is
        // below the first page
        let first_below = reader.doc.match_lines().any(|l| l >= page);
        let on_first_page = reader.doc.match_lines().any(|l| l > 1 && l < page);
        if first_below && !on_first_page {
            reader.jump_to_match(true, page);
        }
        self.reader = Some(reader);
        self.set_read(id, true, catalog);
    }

    fn set_read(&mut self, id: &str, read: bool, catalog: &mut dyn Catalog) {
        let was = self.list.row_mut(id).map(|s| s.read);
        if was == Some(read) {
            return;
        }
        if let Err(e) = catalog.set_read(id, read) {
            return self.error(e);
        }
        self.undo = None;
        self.marks_changed_for_calendar();
        if let Some(row) = self.list.row_mut(id) {
            row.read = read;
        }
        self.unread_changed(read);
    }

    /// `r` and `s`: flip read or starred on the article in view.
    fn toggle_mark(&mut self, catalog: &mut dyn Catalog, star: bool) {
        let id = match &self.reader {
            Some(r) => r.article.id.clone(),
            None => match self.list.selected_row() {
                Some(s) => s.id.clone(),
                None => return,
            },
        };
        let Some(row) = self.list.row_mut(&id) else {
            return;
        };
        if star {
            let starred = !row.starred;
            match catalog.set_starred(&id, starred) {
                Ok(()) => {
                    row.starred = starred;
                    self.undo = None;
                    self.marks_changed_for_calendar();
                }
                Err(e) => self.error(e),
            }
        } else {
            let read = !row.read;
            self.set_read(&id, read, catalog);
        }
    }

    /// `o` and `y` in the reader: with one link, use it; with more, ask
    /// which (the numbers are shown next to them).
    fn link_action(&mut self, copy: bool) {
        let Some(r) = &self.reader else { return };
        let choices = links::choices(&r.article);
        self.offer_links(choices, copy);
    }

    /// One link: use it; several: ask which; none: say so.
    fn offer_links(&mut self, mut choices: Vec<links::LinkChoice>, copy: bool) {
        if choices.len() > 1 {
            self.prompt = Some(Prompt::new(PromptKind::Link { choices, copy }));
            return;
        }
        match choices.pop() {
            Some(c) => self.use_link(c.url, copy),
            None => {
                let text = labels(self.options.language).no_links;
                self.set_status(text, false);
            }
        }
    }

    /// Ask the event loop to open or copy `url`, if it passes the check.
    fn use_link(&mut self, url: String, copy: bool) {
        let lang = self.options.language;
        match links::check_url(&url) {
            Ok(()) => self.effects.push(if copy {
                Effect::Copy(url)
            } else {
                Effect::Open(url)
            }),
            Err(why) => {
                let why = why.message(lang);
                let message = Message::LinkRefused { copy, why: &why };
                self.set_status(message.text(lang), true);
            }
        }
    }

    fn no_more_matches(&mut self) {
        let text = labels(self.options.language).no_more_matches;
        self.set_status(text, false);
    }

    fn step_article(&mut self, delta: isize, catalog: &mut dyn Catalog) {
        let page = self.page();
        let before = self.list.selected;
        self.list.move_by(delta, page);
        self.fill_window(catalog);
        match self.list.selected_row().map(|s| s.id.clone()) {
            Some(id) if self.list.selected != before => self.open_article(&id, catalog),
            _ => {
                let text = labels(self.options.language).no_more_articles;
                self.set_status(text, false);
            }
        }
    }

    fn submit_prompt(&mut self, catalog: &mut dyn Catalog) {
        let Some(p) = &mut self.prompt else { return };
        let text = p.input.text.trim().to_string();
        match &p.kind {
            PromptKind::Link { choices, copy } => {
                let copy = *copy;
                match p.chosen_link() {
                    Some(c) => {
                        let url = c.url.clone();
                        self.prompt = None;
                        self.use_link(url, copy);
                    }
                    None => {
                        let message = Message::NoLinkNumbered {
                            typed: &text,
                            first: choices.first().map_or(0, |c| c.number),
                            last: choices.last().map_or(0, |c| c.number),
                        };
                        p.error = Some(message.text(self.options.language));
                    }
                }
            }
            PromptKind::Confirm(_) => self.answer_confirm('y'),
            PromptKind::Search => {
                self.prompt = None;
                self.search_before = None;
                self.count_now(catalog);
                let l = labels(self.options.language);
                let msg = format!("{} {}", self.list.total, l.results);
                self.set_status(msg, false);
            }
            PromptKind::Source { .. } => self.choose_in_pane(catalog),
            PromptKind::ViewName => self.submit_view_name(),
            PromptKind::Date if text.is_empty() => {
                self.prompt = None;
                self.filter.dates = None;
                self.filter_changed(catalog);
                let msg = labels(self.options.language).filter_cleared;
                self.set_status(msg, false);
            }
            PromptKind::Date => match DateFilter::parse(&text, self.options.today) {
                Ok(filter) => {
                    self.prompt = None;
                    self.filter.dates = Some(filter);
                    self.filter_changed(catalog);
                }
                Err(e) => p.error = Some(e.message(self.options.language)),
            },
        }
    }

    /// `[` and `]`: step the date filter by its span, or start from the
    /// selected article's day (today when nothing dated is selected).
    fn step_filter(&mut self, n: i32, catalog: &mut dyn Catalog) {
        let next = match self.filter.dates {
            Some(f) => f.step(n),
            None => {
                let day = match &self.reader {
                    Some(r) => r.article.published,
                    None => self.list.selected_row().and_then(|s| s.published),
                };
                DateFilter::Day(day.map_or(self.options.today, |p| p.date))
            }
        };
        self.filter.dates = Some(next);
        self.filter_changed(catalog);
    }

    fn filter_changed(&mut self, catalog: &mut dyn Catalog) {
        self.reader = None;
        self.refresh(catalog);
    }
}

#[cfg(test)]
mod calendar_tests;
#[cfg(test)]
mod daily_fixture;
#[cfg(test)]
mod notice_tests;
#[cfg(test)]
mod preformatted_tests;
#[cfg(test)]
mod refresh_tests;
#[cfg(test)]
mod tests;
