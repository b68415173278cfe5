//! Saved views in the App: the pane of sources and views (the source
//! picker, with unread and total counts on every line), choosing a view,
//! and saving the list's filters as a new one. Writing config.toml is IO:
//! the App asks for it ([`Effect::SaveView`]) and hears how it went
//! ([`ViewSave`], in a [`Notice`](super::Notice)).

use super::prompt::{Prompt, PromptKind};
use super::{App, Effect};
use crate::catalog::{Catalog, Counts, Filter};
use crate::config::views::{
    BadViewName, MAX_VIEW_NAME, SavedView, check_view_name, same_view_name,
};
use crate::dates::DateFilter;
use crate::i18n::{Message, Word};

/// What a line of the pane stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaneItem {
    /// Every source: the list without a source filter.
    AllSources,
    Source(String),
    View(SavedView),
}

/// A line of the pane of sources and views.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneEntry {
    pub item: PaneItem,
    pub counts: Counts,
}

impl PaneEntry {
    /// The name shown (and matched against what is typed); None for "all
    /// sources", whose words depend on the language.
    pub fn name(&self) -> Option<&str> {
        match &self.item {
            PaneItem::AllSources => None,
            PaneItem::Source(name) => Some(name),
            PaneItem::View(view) => Some(&view.name),
        }
    }

    pub fn is_view(&self) -> bool {
        matches!(self.item, PaneItem::View(_))
    }
}

/// What became of saving a view in config.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewSave {
    /// Written into `file`.
    Saved { view: SavedView, file: String },
    /// `file` has a view of that name already (written by hand since start).
    Exists { name: String, file: String },
    /// Nothing was written; `why` says what went wrong and where.
    Failed { name: String, why: String },
}

/// The filter a view stands for, read on `today` (a view's date may be
/// relative: "today", "this month"). A date that no longer reads is left out.
pub fn view_filter(view: &SavedView, today: chrono::NaiveDate) -> Filter {
    Filter {
        dates: view
            .date
            .as_deref()
            .and_then(|d| DateFilter::parse(d, today).ok()),
        source: view.source.clone(),
        unread_only: view.unread,
        starred_only: view.starred,
        text: view.query.clone(),
        ..Filter::default()
    }
}

/// `filter` as a view named `name` (the undated-only part of the calendar
/// has no place in a view and is left out).
pub fn view_of(filter: &Filter, name: &str) -> SavedView {
    SavedView {
        name: name.trim().to_string(),
        query: filter.text.clone().filter(|t| !t.trim().is_empty()),
        date: filter.dates.map(|d| d.label()),
        source: filter.source.clone(),
        unread: filter.unread_only,
        starred: filter.starred_only,
    }
}

impl App {
    /// The saved views of config.toml, listed in the pane after the sources.
    pub fn set_views(&mut self, views: Vec<SavedView>) {
        self.views = views;
    }

    /// The saved views, in the order the pane lists them.
    pub fn views(&self) -> &[SavedView] {
        &self.views
    }

    /// Open the pane: every source of the list (whatever its own source
    /// filter) with its counts, then every view with its own.
    pub(super) fn open_pane(&mut self, catalog: &mut dyn Catalog) {
        let wide = Filter {
            source: None,
            ..self.filter.clone()
        };
        let all = catalog
            .count(&wide)
            .and_then(|total| Ok((total, catalog.unread(&wide)?)));
        let sources = catalog.source_counts(&self.filter);
        let (all, sources) = match (all, sources) {
            (Ok(all), Ok(sources)) => (all, sources),
            (Err(e), _) | (_, Err(e)) => return self.error(e),
        };
        let mut entries = vec![PaneEntry {
            item: PaneItem::AllSources,
            counts: Counts {
                total: all.0,
                unread: all.1,
            },
        }];
        entries.extend(sources.into_iter().map(|(name, counts)| PaneEntry {
            item: PaneItem::Source(name),
            counts,
        }));
        for view in &self.views {
            let filter = view_filter(view, self.options.today);
            match catalog.counts_aside(&filter) {
                Ok(counts) => entries.push(PaneEntry {
                    item: PaneItem::View(view.clone()),
                    counts,
                }),
                Err(e) => return self.error(e),
            }
        }
        self.prompt = Some(Prompt::new(PromptKind::Source {
            entries,
            selected: 0,
        }));
    }

    /// Enter in the pane: a source filters the list as it is by that
    /// source; a view replaces every filter by its own.
    pub(super) fn choose_in_pane(&mut self, catalog: &mut dyn Catalog) {
        let Some(p) = &self.prompt else { return };
        let Some(item) = p.chosen_entry().map(|e| e.item.clone()) else {
            // what was typed matches nothing: the pane stays open
            return;
        };
        self.prompt = None;
        match item {
            PaneItem::AllSources => self.filter.source = None,
            PaneItem::Source(name) => self.filter.source = Some(name),
            PaneItem::View(view) => {
                self.filter = view_filter(&view, self.options.today);
                let text = Message::ViewShown { name: &view.name }.text(self.options.language);
                self.set_status(text, false);
            }
        }
        self.filter_changed(catalog);
    }

    /// The save-view key: ask a name for the list's filters.
    pub(super) fn ask_view_name(&mut self) {
        self.prompt = Some(Prompt::new(PromptKind::ViewName));
    }

    /// What the name prompt shows after its label: the filters to be saved.
    pub fn filters_in_words(&self) -> String {
        let lang = self.options.language;
        let view = view_of(&self.filter, "");
        let mut parts = Vec::new();
        if let Some(q) = &view.query {
            parts.push(format!("/{q}"));
        }
        if let Some(d) = &view.date {
            parts.push(d.clone());
        }
        if let Some(s) = &view.source {
            parts.push(s.clone());
        }
        if view.unread {
            parts.push(Word::ViewUnread.text(lang).to_string());
        }
        if view.starred {
            parts.push(Word::ViewStarred.text(lang).to_string());
        }
        if parts.is_empty() {
            parts.push(Word::ViewEverything.text(lang).to_string());
        }
        parts.join(" · ")
    }

    /// Enter at the name prompt: a good new name asks for the view to be
    /// written; a bad or used one keeps the prompt open with why.
    pub(super) fn submit_view_name(&mut self) {
        let lang = self.options.language;
        let Some(p) = &mut self.prompt else { return };
        let name = p.input.text.trim().to_string();
        if let Err(why) = check_view_name(&name) {
            p.error = Some(match why {
                BadViewName::Empty => Word::ViewNameEmpty.text(lang).to_string(),
                BadViewName::Control => Word::ViewNameControl.text(lang).to_string(),
                BadViewName::TooLong => Message::ViewNameTooLong { max: MAX_VIEW_NAME }.text(lang),
            });
            return;
        }
        if let Some(same) = self.views.iter().find(|v| same_view_name(&v.name, &name)) {
            p.error = Some(Message::ViewExists { name: &same.name }.text(lang));
            return;
        }
        self.prompt = None;
        let view = view_of(&self.filter, &name);
        self.effects.push(Effect::SaveView(view));
    }

    /// How saving went: a saved view joins the pane at once.
    pub(super) fn on_view_save(&mut self, outcome: ViewSave) {
        let lang = self.options.language;
        let (text, is_error) = match outcome {
            ViewSave::Saved { view, file } => {
                let text = Message::ViewSaved {
                    name: &view.name,
                    file: &file,
                }
                .text(lang);
                self.views.push(view);
                (text, false)
            }
            ViewSave::Exists { name, file } => {
                let message = Message::ViewExistsIn {
                    name: &name,
                    file: &file,
                };
                (message.text(lang), true)
            }
            ViewSave::Failed { name, why } => {
                let message = Message::ViewNotSaved {
                    name: &name,
                    why: &why,
                };
                (message.text(lang), true)
            }
        };
        self.set_status(text, is_error);
    }
}

#[cfg(test)]
#[path = "views_tests.rs"]
mod tests;
