//! Month grids, weeks starting on Monday, and moving a day about the
//! calendar. Pure: no clock, no catalog, no drawing.
//!
//! Calendar dates stay within years 1 to 9999 (what the index stores and
//! date expressions accept): every step saturates at those edges, so a grid
//! and its neighbours always exist.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// The first day the calendar reaches.
pub fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The last day the calendar reaches.
pub fn latest() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// `date` brought within [`earliest`]..=[`latest`].
pub fn clamp(date: NaiveDate) -> NaiveDate {
    date.clamp(earliest(), latest())
}

/// `date` moved by `n` days (back when negative), saturating.
pub fn add_days(date: NaiveDate, n: i64) -> NaiveDate {
    let moved = match n >= 0 {
        true => date.checked_add_days(Days::new(n.unsigned_abs())),
        false => date.checked_sub_days(Days::new(n.unsigned_abs())),
    };
    clamp(moved.unwrap_or(if n >= 0 { latest() } else { earliest() }))
}

/// `date` moved by `n` months, its day kept or brought back to the end of a
/// shorter month (31 January + 1 month is 28 or 29 February), saturating.
pub fn add_months(date: NaiveDate, n: i64) -> NaiveDate {
    let months = Months::new(u32::try_from(n.unsigned_abs()).unwrap_or(u32::MAX));
    let moved = match n >= 0 {
        true => date.checked_add_months(months),
        false => date.checked_sub_months(months),
    };
    clamp(moved.unwrap_or(if n >= 0 { latest() } else { earliest() }))
}

/// `date` moved by `n` years (29 February to 28 February in a common year).
pub fn add_years(date: NaiveDate, n: i64) -> NaiveDate {
    add_months(date, n.saturating_mul(12))
}

/// The first day of `date`'s month.
pub fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The last day of `date`'s month.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let next = month_start(date).checked_add_months(Months::new(1));
    next.and_then(|d| d.pred_opt()).unwrap_or(latest())
}

/// How many days `date`'s month has.
pub fn days_in_month(date: NaiveDate) -> u32 {
    month_end(date).day()
}

/// The Monday on or before `date`.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    let back = date.weekday().num_days_from_monday();
    date.checked_sub_days(Days::new(back.into()))
        .unwrap_or(date)
}

/// Weekdays in the grid's column order.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// One month as weeks of seven days, Monday first: every week that has a
/// day of the month (4 to 6 of them), with the days of the neighbouring
/// months that fill its first and last week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthGrid {
    /// The first day of the month.
    pub month: NaiveDate,
    pub weeks: Vec<[NaiveDate; 7]>,
}

impl MonthGrid {
    /// The grid of the month `date` is in.
    pub fn of(date: NaiveDate) -> MonthGrid {
        let month = month_start(clamp(date));
        let end = month_end(month);
        let mut weeks = Vec::with_capacity(6);
        let mut monday = week_start(month);
        while monday <= end {
            let mut week = [monday; 7];
            for (i, day) in week.iter_mut().enumerate() {
                *day = monday
                    .checked_add_days(Days::new(i as u64))
                    .unwrap_or(monday);
            }
            weeks.push(week);
            match monday.checked_add_days(Days::new(7)) {
                Some(next) => monday = next,
                None => break,
            }
        }
        MonthGrid { month, weeks }
    }

    /// The first day shown (a Monday, maybe of the month before).
    pub fn first_shown(&self) -> NaiveDate {
        self.weeks.first().map_or(self.month, |w| w[0])
    }

    /// The last day shown (a Sunday, maybe of the month after).
    pub fn last_shown(&self) -> NaiveDate {
        self.weeks.last().map_or(self.month, |w| w[6])
    }

    /// Is `date` a day of this month (not a neighbour filling a week)?
    pub fn in_month(&self, date: NaiveDate) -> bool {
        month_start(date) == self.month
    }

    /// Where `date` is drawn: (week row, weekday column).
    pub fn cell_of(&self, date: NaiveDate) -> Option<(usize, usize)> {
        let row = self.weeks.iter().position(|w| w.contains(&date))?;
        Some((row, date.weekday().num_days_from_monday() as usize))
    }
}

/// The twelve months of `date`'s year.
pub fn year_grids(date: NaiveDate) -> Vec<MonthGrid> {
    let year = clamp(date).year();
    (1..=12)
        .filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1))
        .map(MonthGrid::of)
        .collect()
}

/// The first and last day of `date`'s year.
pub fn year_bounds(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let year = clamp(date).year();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(earliest());
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(latest());
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weeks_start_on_monday_and_cover_the_month() {
        // December 2020 starts on a Tuesday and ends on a Thursday.
        let g = MonthGrid::of(d(2020, 12, 17));
        assert_eq!(g.month, d(2020, 12, 1));
        assert_eq!(g.weeks.len(), 5);
        assert_eq!(g.first_shown(), d(2020, 11, 30));
        assert_eq!(g.last_shown(), d(2021, 1, 3));
        for week in &g.weeks {
            assert_eq!(week[0].weekday(), Weekday::Mon);
            assert_eq!(week[6].weekday(), Weekday::Sun);
            for pair in week.windows(2) {
                assert_eq!(pair[0].succ_opt(), Some(pair[1]));
            }
        }
        assert!(!g.in_month(d(2020, 11, 30)));
        assert!(g.in_month(d(2020, 12, 31)));
        assert!(!g.in_month(d(2021, 1, 1)));
        assert_eq!(g.cell_of(d(2020, 12, 1)), Some((0, 1)));
        assert_eq!(g.cell_of(d(2020, 12, 31)), Some((4, 3)));
        assert_eq!(g.cell_of(d(2021, 1, 3)), Some((4, 6)));
        assert_eq!(g.cell_of(d(2021, 1, 4)), None);
    }

    #[test]
    fn months_take_four_to_six_weeks() {
        // February 2021: 28 days from a Monday, exactly four weeks.
        let feb = MonthGrid::of(d(2021, 2, 10));
        assert_eq!(feb.weeks.len(), 4);
        assert_eq!(feb.first_shown(), d(2021, 2, 1));
        assert_eq!(feb.last_shown(), d(2021, 2, 28));
        // May 2021: 31 days from a Saturday, six weeks.
        let may = MonthGrid::of(d(2021, 5, 1));
        assert_eq!(may.weeks.len(), 6);
        assert_eq!(may.first_shown(), d(2021, 4, 26));
        assert_eq!(may.last_shown(), d(2021, 6, 6));
        // A month starting on Monday has no leading days.
        assert_eq!(MonthGrid::of(d(2020, 6, 30)).first_shown(), d(2020, 6, 1));
    }

    #[test]
    fn weeks_cross_the_year_boundary() {
        // 1 January 2021 is a Friday: the first week starts in 2020.
        let jan = MonthGrid::of(d(2021, 1, 1));
        assert_eq!(jan.first_shown(), d(2020, 12, 28));
        assert_eq!(jan.weeks[0][4], d(2021, 1, 1));
        assert_eq!(jan.cell_of(d(2020, 12, 31)), Some((0, 3)));
        // and the last week of December 2020 reaches into 2021
        let dec = MonthGrid::of(d(2020, 12, 1));
        assert_eq!(dec.weeks.last().unwrap()[4], d(2021, 1, 1));
    }

    #[test]
    fn leap_years() {
        assert_eq!(days_in_month(d(2020, 2, 1)), 29);
        assert_eq!(days_in_month(d(2021, 2, 1)), 28);
        assert_eq!(days_in_month(d(1900, 2, 1)), 28);
        assert_eq!(days_in_month(d(2000, 2, 1)), 29);
        let feb = MonthGrid::of(d(2020, 2, 1));
        assert!(feb.in_month(d(2020, 2, 29)));
        assert_eq!(feb.cell_of(d(2020, 2, 29)), Some((4, 5)));
        assert_eq!(add_years(d(2020, 2, 29), 1), d(2021, 2, 28));
        assert_eq!(add_years(d(2020, 2, 29), 4), d(2024, 2, 29));
        assert_eq!(add_days(d(2020, 2, 28), 1), d(2020, 2, 29));
        assert_eq!(add_days(d(2021, 2, 28), 1), d(2021, 3, 1));
    }

    #[test]
    fn months_keep_the_day_or_end_the_month() {
        assert_eq!(add_months(d(2020, 1, 31), 1), d(2020, 2, 29));
        assert_eq!(add_months(d(2020, 3, 31), -1), d(2020, 2, 29));
        assert_eq!(add_months(d(2020, 12, 31), 1), d(2021, 1, 31));
        assert_eq!(add_months(d(2021, 1, 15), -1), d(2020, 12, 15));
        assert_eq!(add_months(d(2020, 5, 31), 1), d(2020, 6, 30));
        assert_eq!(add_days(d(2020, 12, 31), 1), d(2021, 1, 1));
        assert_eq!(add_days(d(2021, 1, 1), -7), d(2020, 12, 25));
    }

    #[test]
    fn steps_saturate_at_the_calendar_edges() {
        assert_eq!(add_days(latest(), 1), latest());
        assert_eq!(add_days(earliest(), -1), earliest());
        assert_eq!(add_days(d(2020, 1, 1), i64::MAX), latest());
        assert_eq!(add_days(d(2020, 1, 1), i64::MIN), earliest());
        assert_eq!(add_months(d(9999, 12, 15), 1), latest());
        assert_eq!(add_months(d(2020, 1, 1), i64::MIN), earliest());
        assert_eq!(add_years(d(2020, 1, 1), i64::MAX), latest());
        // grids at the edges exist and stay inside chrono's range
        let last = MonthGrid::of(NaiveDate::MAX);
        assert_eq!(last.month, d(9999, 12, 1));
        assert!(last.last_shown() >= latest());
        let first = MonthGrid::of(NaiveDate::MIN);
        assert_eq!(first.month, d(1, 1, 1));
        assert!(first.first_shown() <= earliest());
    }

    #[test]
    fn a_year_is_twelve_grids() {
        let months = year_grids(d(2020, 7, 4));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].month, d(2020, 1, 1));
        assert_eq!(months[11].month, d(2020, 12, 1));
        assert_eq!(year_bounds(d(2020, 7, 4)), (d(2020, 1, 1), d(2020, 12, 31)));
    }
}
