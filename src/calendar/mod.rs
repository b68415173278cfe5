//! The calendar ("Xem tin theo ngày" as a month grid): how many articles
//! each day has under the current filters, the grid of weeks they are
//! drawn on, and the density marks that show them without colour.
//!
//! The counts come from the catalog ([`crate::catalog::Catalog::day_counts`])
//! in one grouped query for a span of days (a month's grid, a year); the
//! App keeps them, so moving about the span asks nothing more.

pub mod grid;

use std::collections::BTreeMap;

use chrono::NaiveDate;

/// Articles per day over a span of days, and the undated ones apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// The span asked for, inclusive.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// Days with at least one article; the others have none.
    pub days: BTreeMap<NaiveDate, usize>,
    /// Articles without a date (under the same filters), whatever the span.
    pub undated: usize,
}

impl DayCounts {
    /// Empty counts for `first..=last`.
    pub fn empty(first: NaiveDate, last: NaiveDate) -> DayCounts {
        DayCounts {
            first: Some(first.min(last)),
            last: Some(first.max(last)),
            ..DayCounts::default()
        }
    }

    /// Is `date` within the span these counts answer for?
    pub fn covers(&self, date: NaiveDate) -> bool {
        matches!((self.first, self.last), (Some(f), Some(l)) if f <= date && date <= l)
    }

    /// Articles on `date` (0 for a day of the span without any, and for a
    /// day outside it, which [`DayCounts::covers`] tells apart).
    pub fn on(&self, date: NaiveDate) -> usize {
        self.days.get(&date).copied().unwrap_or(0)
    }

    /// Articles on the days of `first..=last`.
    pub fn between(&self, first: NaiveDate, last: NaiveDate) -> usize {
        self.days.range(first..=last).map(|(_, n)| n).sum()
    }

    /// Dated articles in the whole span.
    pub fn dated(&self) -> usize {
        self.days.values().sum()
    }

    /// The most articles any one day of `first..=last` has.
    pub fn busiest(&self, first: NaiveDate, last: NaiveDate) -> usize {
        self.days
            .range(first..=last)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0)
    }

    /// The nearest day with articles after `date` (`later`) or before it,
    /// within the span.
    pub fn next_with_articles(&self, date: NaiveDate, later: bool) -> Option<NaiveDate> {
        match later {
            true => date
                .succ_opt()
                .and_then(|next| self.days.range(next..).next().map(|(d, _)| *d)),
            false => self.days.range(..date).next_back().map(|(d, _)| *d),
        }
    }
}

/// How full a day is beside the busiest day in view, in five steps that
/// read without colour: none, then a quarter of the busiest or less, up to
/// half, up to three quarters, more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Density {
    None,
    Few,
    Some,
    Many,
    Most,
}

impl Density {
    pub fn of(count: usize, busiest: usize) -> Density {
        if count == 0 || busiest == 0 {
            return Density::None;
        }
        // ceil(4 * count / busiest), in 1..=4
        let quarters = (count as u128 * 4).div_ceil(busiest as u128).clamp(1, 4);
        match quarters {
            1 => Density::Few,
            2 => Density::Some,
            3 => Density::Many,
            _ => Density::Most,
        }
    }

    /// One character per step, readable in monochrome: `·` for none, then
    /// shades from light to full.
    pub fn glyph(self) -> char {
        match self {
            Density::None => '·',
            Density::Few => '░',
            Density::Some => '▒',
            Density::Many => '▓',
            Density::Most => '█',
        }
    }

    /// The four steps with articles, lightest first (for a legend).
    pub const STEPS: [Density; 4] = [Density::Few, Density::Some, Density::Many, Density::Most];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn counts_answer_for_their_span() {
        let mut c = DayCounts::empty(d(2020, 12, 1), d(2020, 12, 31));
        c.days.insert(d(2020, 12, 5), 3);
        c.days.insert(d(2020, 12, 31), 7);
        c.undated = 2;
        assert!(c.covers(d(2020, 12, 1)) && c.covers(d(2020, 12, 31)));
        assert!(!c.covers(d(2021, 1, 1)) && !c.covers(d(2020, 11, 30)));
        assert_eq!(c.on(d(2020, 12, 5)), 3);
        assert_eq!(c.on(d(2020, 12, 6)), 0);
        assert_eq!(c.dated(), 10);
        assert_eq!(c.between(d(2020, 12, 1), d(2020, 12, 30)), 3);
        assert_eq!(c.busiest(d(2020, 12, 1), d(2020, 12, 30)), 3);
        assert_eq!(c.busiest(d(2020, 12, 1), d(2020, 12, 31)), 7);
        assert_eq!(
            c.next_with_articles(d(2020, 12, 1), true),
            Some(d(2020, 12, 5))
        );
        assert_eq!(
            c.next_with_articles(d(2020, 12, 5), true),
            Some(d(2020, 12, 31))
        );
        assert_eq!(c.next_with_articles(d(2020, 12, 31), true), None);
        assert_eq!(
            c.next_with_articles(d(2020, 12, 31), false),
            Some(d(2020, 12, 5))
        );
        assert_eq!(c.next_with_articles(d(2020, 12, 5), false), None);
        // a backwards span is read the right way round
        assert!(DayCounts::empty(d(2020, 12, 31), d(2020, 12, 1)).covers(d(2020, 12, 15)));
        assert!(!DayCounts::default().covers(d(2020, 12, 15)));
    }

    #[test]
    fn density_steps_are_quarters_of_the_busiest_day() {
        assert_eq!(Density::of(0, 10), Density::None);
        assert_eq!(Density::of(5, 0), Density::None);
        assert_eq!(Density::of(1, 100), Density::Few);
        assert_eq!(Density::of(25, 100), Density::Few);
        assert_eq!(Density::of(26, 100), Density::Some);
        assert_eq!(Density::of(50, 100), Density::Some);
        assert_eq!(Density::of(75, 100), Density::Many);
        assert_eq!(Density::of(76, 100), Density::Most);
        assert_eq!(Density::of(100, 100), Density::Most);
        assert_eq!(Density::of(usize::MAX, usize::MAX), Density::Most);
        assert_eq!(Density::of(usize::MAX, 1), Density::Most);
        let glyphs: Vec<char> = Density::STEPS.iter().map(|s| s.glyph()).collect();
        assert_eq!(glyphs, ['░', '▒', '▓', '█']);
        assert_eq!(Density::None.glyph(), '·');
    }
}
