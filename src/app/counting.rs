//! The list's counts (articles matching the filter, and the unread among
//! them) when counting them would hold up the screen: a long list of a
//! large archive, where each count walks up to a million index entries
//! (issue 13, budget 5). The list is drawn with its first rows at once, the
//! header says it is counting, and the counts are asked of a job with its
//! own connection ([`Effect::Count`]), whose answer ([`Notice::Counted`])
//! is taken only if it answers the newest question. Meanwhile the list's
//! length is a lower bound the catalog gave (more rows than anyone scrolls
//! through before the answer comes); what needs the exact figure (`G`, a
//! catch-up of the whole list) counts on the spot.

use super::{App, Effect, Notice};
use crate::catalog::{Catalog, Counts, Filter, QuickCounts};

/// The counts of a filter, asked off the key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountJob {
    /// Which question this is: the App takes only the newest one's answer.
    pub ticket: u64,
    pub filter: Filter,
}

/// The answer to a [`CountJob`], or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub ticket: u64,
    pub counts: Result<Counts, String>,
}

/// Count `job`'s filter on `catalog` (a connection of the job's own).
pub fn count(catalog: &mut dyn Catalog, job: &CountJob) -> Notice {
    let counts = catalog
        .count(&job.filter)
        .and_then(|total| {
            Ok(Counts {
                total,
                unread: catalog.unread(&job.filter)?,
            })
        })
        .map_err(|e| e.0);
    Notice::Counted(Counted {
        ticket: job.ticket,
        counts,
    })
}

impl App {
    /// Are the list's counts being counted (the header says so)? Until
    /// they come, [`App::unread`] means nothing and the list's length is
    /// a lower bound.
    pub fn counting(&self) -> bool {
        self.counting.is_some()
    }

    /// The counts for the list's filter: at once when the catalog has them
    /// cheaply, else asked of a job.
    pub(super) fn count_list(&mut self, catalog: &mut dyn Catalog) {
        match catalog.quick_counts(&self.filter) {
            Ok(QuickCounts::Counted(c)) => self.take_counts(c),
            Ok(QuickCounts::AtLeast(n)) => {
                self.list.total = n;
                self.unread = 0;
                self.ask_counts();
            }
            Err(e) => self.error(e),
        }
    }

    /// While counting: the row at `position` exists, so the list is at
    /// least that long.
    pub(super) fn has_row(&mut self, position: usize) {
        if self.counting.is_some() {
            self.list.total = self.list.total.max(position.saturating_add(1));
        }
    }

    /// Count now, on this catalog, if the counts are still being counted:
    /// for what needs the exact figures at once.
    pub(super) fn count_now(&mut self, catalog: &mut dyn Catalog) {
        if self.counting.is_none() {
            return;
        }
        let counts = catalog.count(&self.filter).and_then(|total| {
            Ok(Counts {
                total,
                unread: catalog.unread(&self.filter)?,
            })
        });
        match counts {
            Ok(c) => self.counts_came(c, catalog),
            // still counting as far as the header says, with the error said
            Err(e) => self.error(e),
        }
    }

    /// A job's answer: taken if it answers the newest question.
    pub(super) fn on_counted(&mut self, counted: Counted, catalog: &mut dyn Catalog) {
        if self.counting != Some(counted.ticket) {
            return;
        }
        match counted.counts {
            Ok(c) => self.counts_came(c, catalog),
            // the job could not count (no connection): count here, as
            // before there were jobs
            Err(_) => self.count_now(catalog),
        }
    }

    /// An article's read mark changed to `read`: the unread count follows,
    /// or, while counting, is asked again (the answer on its way may have
    /// been counted before the change).
    pub(super) fn unread_changed(&mut self, read: bool) {
        match self.counting {
            Some(_) => self.ask_counts(),
            None if read => self.unread = self.unread.saturating_sub(1),
            None => self.unread += 1,
        }
    }

    fn ask_counts(&mut self) {
        self.count_tickets += 1;
        self.counting = Some(self.count_tickets);
        self.effects.push(Effect::Count(CountJob {
            ticket: self.count_tickets,
            filter: self.filter.clone(),
        }));
    }

    fn take_counts(&mut self, c: Counts) {
        self.counting = None;
        self.list.total = c.total;
        self.unread = c.unread;
    }

    /// The counts came after the list was drawn: the selection stays where
    /// it is (the list held a lower bound, so it is within the list unless
    /// articles went meanwhile).
    fn counts_came(&mut self, c: Counts, catalog: &mut dyn Catalog) {
        self.take_counts(c);
        let page = self.page();
        self.list.select(self.list.selected, page);
        self.fill_window(catalog);
    }
}
