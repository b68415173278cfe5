//! The calendar view: a month (or a year) of days with how many articles
//! each has under the current filters. The counts are asked of the catalog
//! once per span shown (a month's grid of weeks, or a year) and kept, so
//! moving the cursor within it asks nothing; leaving it asks again.

use chrono::NaiveDate;

use super::App;
use crate::action::Action;
use crate::calendar::DayCounts;
use crate::calendar::grid::{self, MonthGrid};
use crate::catalog::{Catalog, Filter};
use crate::config::CalendarPlace;
use crate::dates::DateFilter;
use crate::i18n::calendar_words;

/// What the calendar shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarState {
    /// The day under the cursor.
    pub cursor: NaiveDate,
    /// The whole year (twelve small months) instead of one month.
    pub year_view: bool,
    /// Counts for the span shown (at least).
    pub counts: DayCounts,
    /// The day of the selected (or open) article, marked.
    pub article_day: Option<NaiveDate>,
    /// How many times the catalog was asked for counts (for tests: moving
    /// within a month must not ask).
    pub queries: usize,
}

impl CalendarState {
    /// The days the view draws.
    pub fn span(&self) -> (NaiveDate, NaiveDate) {
        match self.year_view {
            true => grid::year_bounds(self.cursor),
            false => {
                let g = MonthGrid::of(self.cursor);
                (g.first_shown(), g.last_shown())
            }
        }
    }
}

impl App {
    /// The calendar, if it is open.
    pub fn calendar(&self) -> Option<&CalendarState> {
        self.calendar.as_ref()
    }

    /// Open the calendar on the selected (or open) article's day when the
    /// date filter holds it, else the first day of the date filter, else
    /// the newest day with articles, else today.
    pub(super) fn open_calendar(&mut self, catalog: &mut dyn Catalog) {
        let article_day = match &self.reader {
            Some(r) => r.article.published.map(|p| p.date),
            None => self
                .list
                .selected_row()
                .and_then(|s| s.published.map(|p| p.date)),
        };
        let dates = self.filter.dates.map(|d| d.bounds());
        let within_filter = |day: &NaiveDate| dates.is_none_or(|(a, b)| a <= *day && *day <= b);
        let filter_day = dates.map(|(first, _)| first);
        let newest = || {
            catalog
                .day_with_articles(&self.filter, grid::latest(), false)
                .ok()
                .flatten()
        };
        let cursor = article_day
            .filter(within_filter)
            .or(filter_day)
            .or_else(newest)
            .unwrap_or(self.options.today);
        self.calendar = Some(CalendarState {
            cursor: grid::clamp(cursor),
            year_view: false,
            counts: DayCounts::default(),
            article_day,
            queries: 0,
        });
        self.calendar_counts(catalog);
    }

    /// Ask for the counts if the span shown is not all covered.
    fn calendar_counts(&mut self, catalog: &mut dyn Catalog) {
        let Some(cal) = &mut self.calendar else {
            return;
        };
        let (first, last) = cal.span();
        if cal.counts.covers(first) && cal.counts.covers(last) {
            return;
        }
        cal.queries += 1;
        match catalog.day_counts(&self.filter, first, last) {
            Ok(counts) => cal.counts = counts,
            Err(e) => {
                cal.counts = DayCounts::default();
                self.error(e);
            }
        }
    }

    pub(super) fn apply_calendar(&mut self, action: Action, catalog: &mut dyn Catalog) {
        let Some(cal) = &mut self.calendar else {
            return;
        };
        let day = cal.cursor;
        let (week, year_view) = (7, cal.year_view);
        let moved = match action {
            Action::Left => Some(grid::add_days(day, -1)),
            Action::Right => Some(grid::add_days(day, 1)),
            Action::Up if year_view => Some(grid::add_months(day, -3)),
            Action::Down if year_view => Some(grid::add_months(day, 3)),
            Action::Up => Some(grid::add_days(day, -week)),
            Action::Down => Some(grid::add_days(day, week)),
            Action::PrevMonth | Action::PageUp => Some(grid::add_months(day, -1)),
            Action::NextMonth | Action::PageDown => Some(grid::add_months(day, 1)),
            Action::PrevYear => Some(grid::add_years(day, -1)),
            Action::NextYear => Some(grid::add_years(day, 1)),
            Action::Today => Some(grid::clamp(self.options.today)),
            _ => None,
        };
        if let Some(to) = moved {
            cal.cursor = to;
            return self.calendar_counts(catalog);
        }
        match action {
            Action::First => self.jump_to_day(grid::earliest(), true, catalog),
            Action::Last => self.jump_to_day(grid::latest(), false, catalog),
            Action::NextDayWithArticles => self.jump_to_day(day, true, catalog),
            Action::PrevDayWithArticles => self.jump_to_day(day, false, catalog),
            Action::ToggleYear => {
                cal.year_view = !cal.year_view;
                self.calendar_counts(catalog);
            }
            Action::Open => self.show_dates(Some(DateFilter::Day(day)), false, catalog),
            Action::ShowMonth => {
                let month = DateFilter::Month {
                    year: chrono::Datelike::year(&day),
                    month: chrono::Datelike::month(&day),
                };
                self.show_dates(Some(month), false, catalog)
            }
            Action::ShowUndated => self.show_dates(None, true, catalog),
            Action::Back => self.calendar = None,
            Action::Help => self.help = Some(super::help::HelpState::default()),
            _ => {}
        }
    }

    /// Move to the nearest day with articles after `from` (or before it):
    /// from the counts held when the answer is among them, else asked.
    fn jump_to_day(&mut self, from: NaiveDate, later: bool, catalog: &mut dyn Catalog) {
        let Some(cal) = &self.calendar else { return };
        // the counts held answer when `from` is among them and so is the day
        let held = match cal.counts.covers(from) {
            true => cal.counts.next_with_articles(from, later),
            false => None,
        };
        let found = match held {
            Some(d) => Ok(Some(d)),
            None => catalog.day_with_articles(&without_dates(&self.filter), from, later),
        };
        match found {
            Ok(Some(d)) => {
                if let Some(cal) = &mut self.calendar {
                    cal.cursor = grid::clamp(d);
                }
                self.calendar_counts(catalog);
            }
            Ok(None) => {
                let words = calendar_words(self.options.language);
                let text = if later {
                    words.none_later
                } else {
                    words.none_earlier
                };
                self.set_status(text, false);
            }
            Err(e) => self.error(e),
        }
    }

    /// Close the calendar (and the reader) and list `dates`, or the undated.
    pub(super) fn show_dates(
        &mut self,
        dates: Option<DateFilter>,
        undated: bool,
        catalog: &mut dyn Catalog,
    ) {
        self.calendar = None;
        self.filter.dates = dates;
        self.filter.undated_only = undated;
        self.filter_changed(catalog);
    }
}

/// The narrowest screen that shows the month beside the list.
pub const SIDEBAR_MIN_WIDTH: u16 = 120;

impl App {
    /// Where the calendar shows (`ui.calendar`); the App starts with
    /// [`CalendarPlace::Popup`].
    pub fn set_calendar_place(&mut self, place: CalendarPlace, catalog: &mut dyn Catalog) {
        self.calendar_place = place;
        self.follow_sidebar(catalog);
    }

    /// The month beside the list, when it shows.
    pub fn sidebar(&self) -> Option<&CalendarState> {
        self.sidebar.as_ref().map(|(s, _)| s)
    }

    /// Keep the month beside the list on the selected article's day (else
    /// the filter's, else today), asking for counts only when its month or
    /// the filter changed.
    pub(super) fn follow_sidebar(&mut self, catalog: &mut dyn Catalog) {
        let shows = self.calendar_place == CalendarPlace::Sidebar
            && self.width >= SIDEBAR_MIN_WIDTH
            && self.reader.is_none()
            && self.calendar.is_none()
            && self.split_panes().is_none();
        if !shows {
            self.sidebar = None;
            return;
        }
        let article_day = self
            .list
            .selected_row()
            .and_then(|s| s.published.map(|p| p.date));
        let day = article_day
            .or(self.filter.dates.map(|d| d.bounds().0))
            .unwrap_or(self.options.today);
        let filter = without_dates(&self.filter);
        let mut state = match self.sidebar.take() {
            Some((s, f)) if f == filter => s,
            _ => CalendarState {
                cursor: day,
                year_view: false,
                counts: DayCounts::default(),
                article_day,
                queries: 0,
            },
        };
        state.cursor = grid::clamp(day);
        state.article_day = article_day;
        let (first, last) = state.span();
        if !(state.counts.covers(first) && state.counts.covers(last)) {
            state.queries += 1;
            match catalog.day_counts(&filter, first, last) {
                Ok(counts) => state.counts = counts,
                Err(e) => return self.error(e),
            }
        }
        self.sidebar = Some((state, filter));
    }
}

impl App {
    /// A mark changed (`r`, `s`, an article read on opening, a catch-up):
    /// the counts beside the list are asked again on the next move when
    /// its filter depends on marks (unread or starred only); other counts
    /// cannot have changed, so nothing is asked for them.
    pub(super) fn marks_changed_for_calendar(&mut self) {
        if self.filter.unread_only || self.filter.starred_only {
            self.sidebar = None;
        }
    }
}

/// The filter without its date part: the calendar counts around it.
fn without_dates(filter: &Filter) -> Filter {
    Filter {
        dates: None,
        undated_only: false,
        ..filter.clone()
    }
}
