//! Dates: Vietnamese weekday names, date expressions typed by the user
//! ("31/12/2020", "12/2020", "2020", ranges, "hôm nay") and stepping a
//! date filter by its own span.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::i18n::{Language, Message, Word};

/// Years a user may type; chrono itself goes much further.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;
/// How much of a refused input the error message repeats.
const QUOTE_MAX_CHARS: usize = 30;

/// A time of day written `HH:MM:SS` or `HH:MM`.
pub fn parse_clock(t: &str) -> Option<chrono::NaiveTime> {
    // `19:20` and `19:20:05` read directly, as the index writes them (a
    // command printing 10,000 rows spent more on chrono's format strings
    // than on its own rows); any other form, as chrono reads it
    let two = |at: usize| -> Option<u32> {
        match t.as_bytes().get(at..at + 2)? {
            [a @ b'0'..=b'9', b @ b'0'..=b'9'] => {
                Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
            }
            _ => None,
        }
    };
    let colon = |at: usize| t.as_bytes().get(at) == Some(&b':');
    let direct = || match t.len() {
        5 if colon(2) => chrono::NaiveTime::from_hms_opt(two(0)?, two(3)?, 0),
        8 if colon(2) && colon(5) => chrono::NaiveTime::from_hms_opt(two(0)?, two(3)?, two(6)?),
        _ => None,
    };
    if let Some(time) = direct() {
        return Some(time);
    }
    chrono::NaiveTime::parse_from_str(t, "%H:%M:%S")
        .or_else(|_| chrono::NaiveTime::parse_from_str(t, "%H:%M"))
        .ok()
}

/// A date as chrono's `%Y-%m-%d` reads it; `2020-12-31`, as the index
/// writes its dates, read directly.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let direct = || match (b.len(), b.get(4), b.get(7)) {
        (10, Some(b'-'), Some(b'-')) => NaiveDate::from_ymd_opt(
            i32::try_from(digits(0..4)?).ok()?,
            digits(5..7)?,
            digits(8..10)?,
        ),
        _ => None,
    };
    direct().or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// The Vietnamese name of a weekday as newspapers print it: "Thứ Hai" …
/// "Thứ Bảy", "Chủ Nhật" (from the string table).
pub fn weekday_vi(w: Weekday) -> &'static str {
    Word::weekday(w).text(Language::Vi)
}

fn dmy(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// A date filter: "Xem tin theo ngày".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFilter {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Year(i32),
    Range { from: NaiveDate, to: NaiveDate }, // inclusive, from <= to
}

impl DateFilter {
    /// Parse what the user typed. `today` is passed in (never read the clock inside).
    pub fn parse(input: &str, today: NaiveDate) -> Result<DateFilter, DateExprError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ErrorKind::Empty.into());
        }
        let Some((first, last)) = input.split_once("..") else {
            return parse_single(input, today);
        };
        let (first, last) = (first.trim(), last.trim());
        if first.is_empty() || last.is_empty() {
            return Err(ErrorKind::OpenRange.into());
        }
        let (first, last) = (parse_single(first, today)?, parse_single(last, today)?);
        let (from, to) = (first.bounds().0, last.bounds().1);
        if from > to {
            return Err(ErrorKind::Backwards(first.label(), last.label()).into());
        }
        Ok(DateFilter::Range { from, to })
    }

    /// First and last day covered, inclusive. Out-of-range fields (built by hand,
    /// not by `parse`) are clamped into chrono's range, and a backwards range is
    /// read the right way round.
    pub fn bounds(&self) -> (NaiveDate, NaiveDate) {
        match *self {
            DateFilter::Day(d) => (d, d),
            DateFilter::Month { year, month } => {
                let first = ymd(year, month.clamp(1, 12), 1);
                let last = first
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|next| next.pred_opt())
                    .unwrap_or(NaiveDate::MAX);
                (first, last)
            }
            DateFilter::Year(year) => (ymd(year, 1, 1), ymd(year, 12, 31)),
            DateFilter::Range { from, to } => (from.min(to), from.max(to)),
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        let (first, last) = self.bounds();
        first <= date && date <= last
    }

    /// Step by its own span: a day by n days, a month by n months, a year by n years,
    /// a range by n times its length in days. At the edge of chrono's range it
    /// saturates: the filter stops at the last span that still fits.
    pub fn step(&self, n: i32) -> DateFilter {
        let n = i64::from(n);
        let (first, last) = self.bounds();
        match self {
            DateFilter::Day(_) => DateFilter::Day(shift_days(first, first, n).0),
            DateFilter::Month { .. } => {
                let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
                let to = (index(first) + n).clamp(index(NaiveDate::MIN), index(NaiveDate::MAX));
                DateFilter::Month {
                    year: to.div_euclid(12) as i32,
                    month: to.rem_euclid(12) as u32 + 1,
                }
            }
            DateFilter::Year(_) => {
                let (min, max) = (NaiveDate::MIN.year(), NaiveDate::MAX.year());
                DateFilter::Year((i64::from(first.year()) + n).clamp(min.into(), max.into()) as i32)
            }
            DateFilter::Range { .. } => {
                let len = (last - first).num_days() + 1;
                let (from, to) = shift_days(first, last, n * len);
                DateFilter::Range { from, to }
            }
        }
    }

    /// Canonical text that parse() accepts back: "31/12/2020", "12/2020", "2020",
    /// "01/12/2020..15/12/2020".
    pub fn label(&self) -> String {
        let (first, last) = self.bounds();
        match self {
            DateFilter::Day(_) => dmy(first),
            DateFilter::Month { .. } => format!("{:02}/{:04}", first.month(), first.year()),
            DateFilter::Year(_) => format!("{:04}", first.year()),
            DateFilter::Range { .. } => format!("{}..{}", dmy(first), dmy(last)),
        }
    }
}

/// A date that exists, clamping the year into chrono's range.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    let year = year.clamp(NaiveDate::MIN.year(), NaiveDate::MAX.year());
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// Move `first..=last` by `days`, stopping at chrono's edges.
fn shift_days(first: NaiveDate, last: NaiveDate, days: i64) -> (NaiveDate, NaiveDate) {
    let num = |d: NaiveDate| i64::from(d.num_days_from_ce());
    let lowest = num(NaiveDate::MIN) - num(first);
    let highest = num(NaiveDate::MAX) - num(last);
    let days = days.clamp(lowest.min(0), highest.max(0));
    let moved = |d: NaiveDate| {
        i32::try_from(num(d) + days)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .unwrap_or(d)
    };
    (moved(first), moved(last))
}

/// One day, month or year (not a range).
fn parse_single(text: &str, today: NaiveDate) -> Result<DateFilter, DateExprError> {
    match fold(text).as_str() {
        "today" | "hom nay" => return checked_day(today),
        "yesterday" | "hom qua" => {
            let day = today
                .pred_opt()
                .ok_or(ErrorKind::YearOutOfRange(today.year() - 1))?;
            return checked_day(day);
        }
        _ => {}
    }
    let not_a_date = || DateExprError(ErrorKind::NotADate(quote(text)));
    let parts: Vec<&str> = match text.chars().find(|c| matches!(c, '/' | '-' | '.')) {
        Some(sep) => text.split(sep).collect(),
        None => vec![text],
    };
    // Each part: its value and how many digits it was written with.
    let nums: Option<Vec<(u32, usize)>> = parts
        .iter()
        .map(|p| {
            if !(1..=4).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some((p.parse().ok()?, p.len()))
        })
        .collect();
    let nums = nums.ok_or_else(not_a_date)?;
    // Years are written with exactly 4 digits; days and months with 1 or 2.
    match nums[..] {
        [(y, 4)] => Ok(DateFilter::Year(checked_year(y as i32)?)),
        [(m, 1 | 2), (y, 4)] | [(y, 4), (m, 1 | 2)] => {
            let year = checked_year(y as i32)?;
            Ok(DateFilter::Month {
                year,
                month: checked_month(m)?,
            })
        }
        [(d, 1 | 2), (m, 1 | 2)] => day(today.year(), m, d),
        [(d, 1 | 2), (m, 1 | 2), (y, 4)] | [(y, 4), (m, 1 | 2), (d, 1 | 2)] => day(y as i32, m, d),
        _ => Err(not_a_date()),
    }
}

fn checked_year(year: i32) -> Result<i32, DateExprError> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(ErrorKind::YearOutOfRange(year).into())
    }
}

fn checked_month(month: u32) -> Result<u32, DateExprError> {
    if (1..=12).contains(&month) {
        Ok(month)
    } else {
        Err(ErrorKind::NoSuchMonth(month).into())
    }
}

fn checked_day(date: NaiveDate) -> Result<DateFilter, DateExprError> {
    checked_year(date.year())?;
    Ok(DateFilter::Day(date))
}

fn day(year: i32, month: u32, day: u32) -> Result<DateFilter, DateExprError> {
    checked_year(year)?;
    checked_month(month)?;
    if day == 0 {
        return Err(ErrorKind::DayZero.into());
    }
    NaiveDate::from_ymd_opt(year, month, day)
        .map(DateFilter::Day)
        .ok_or(ErrorKind::NoSuchDay { day, month, year }.into())
}

/// Lower case, accents stripped, spaces collapsed: "Hôm  Nay" -> "hom nay".
fn fold(text: &str) -> String {
    let bare: String = text.nfd().filter(|c| !is_combining_mark(*c)).collect();
    bare.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The user's text as it may be shown on the status line: NFC, no control
/// characters, cut short if long.
fn quote(text: &str) -> String {
    let chars: Vec<char> = text
        .nfc()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if chars.len() <= QUOTE_MAX_CHARS {
        chars.into_iter().collect()
    } else {
        let mut short: String = chars[..QUOTE_MAX_CHARS - 1].iter().collect();
        short.push('…');
        short
    }
}

/// Why a date expression was refused; `Display` gives a short message for the
/// status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExprError(ErrorKind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum ErrorKind {
    Empty,
    NotADate(String),
    OpenRange,
    NoSuchMonth(u32),
    DayZero,
    NoSuchDay {
        day: u32,
        month: u32,
        year: i32,
    },
    YearOutOfRange(i32),
    /// The two ends of a range, as labels, first one later than the second.
    Backwards(String, String),
}

impl From<ErrorKind> for DateExprError {
    fn from(kind: ErrorKind) -> Self {
        DateExprError(kind)
    }
}

impl fmt::Display for DateExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Language::En))
    }
}

impl std::error::Error for DateExprError {}

impl DateExprError {
    /// The message in `lang` (the string table's words).
    pub fn message(&self, lang: Language) -> String {
        let message = match &self.0 {
            ErrorKind::Empty => Message::DateEmpty,
            ErrorKind::NotADate(text) => Message::NotADate { text },
            ErrorKind::OpenRange => return Word::DateOpenRange.text(lang).to_string(),
            ErrorKind::NoSuchMonth(month) => Message::NoSuchMonth { month: *month },
            ErrorKind::DayZero => return Word::DateDayZero.text(lang).to_string(),
            &ErrorKind::NoSuchDay { day, month, year } => Message::NoSuchDay { day, month, year },
            ErrorKind::YearOutOfRange(year) => Message::YearOutOfRange { year: *year },
            ErrorKind::Backwards(first, last) => Message::DateBackwards { first, last },
        };
        message.text(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The day these tests pretend it is.
    fn today() -> NaiveDate {
        d(2021, 3, 1)
    }

    fn parse(s: &str) -> Result<DateFilter, DateExprError> {
        DateFilter::parse(s, today())
    }

    fn err(s: &str) -> String {
        parse(s).unwrap_err().to_string()
    }

    fn day(y: i32, m: u32, dd: u32) -> DateFilter {
        DateFilter::Day(d(y, m, dd))
    }

    fn range(from: NaiveDate, to: NaiveDate) -> DateFilter {
        DateFilter::Range { from, to }
    }

    #[test]
    fn weekday_names() {
        assert_eq!(weekday_vi(Weekday::Mon), "Thứ Hai");
        assert_eq!(weekday_vi(Weekday::Sun), "Chủ Nhật");
    }

    #[test]
    fn errors_follow_the_language() {
        let e = parse("31/2/2021").unwrap_err();
        assert_eq!(e.message(Language::En), "no 31st day in 02/2021");
        assert_eq!(e.message(Language::Vi), "tháng 02/2021 không có ngày 31");
        let e = parse("1/12/2020..").unwrap_err();
        assert_eq!(
            e.message(Language::Vi),
            "khoảng ngày cần đủ hai đầu, như 1/12/2020..15/12/2020"
        );
    }

    #[test]
    fn parses_days() {
        assert_eq!(parse("31/12/2020"), Ok(day(2020, 12, 31)));
        assert_eq!(parse("1/2/2020"), Ok(day(2020, 2, 1)));
        assert_eq!(parse("01/02/2020"), Ok(day(2020, 2, 1)));
        assert_eq!(parse("31-12-2020"), Ok(day(2020, 12, 31)));
        assert_eq!(parse("31.12.2020"), Ok(day(2020, 12, 31)));
        assert_eq!(parse("2020-12-31"), Ok(day(2020, 12, 31)));
        assert_eq!(parse("2020-1-5"), Ok(day(2020, 1, 5)));
        assert_eq!(parse("29/02/2020"), Ok(day(2020, 2, 29)));
        assert_eq!(parse("  31/12/2020 \u{a0}"), Ok(day(2020, 12, 31)));
        assert_eq!(parse("01/01/0001"), Ok(day(1, 1, 1)));
        assert_eq!(parse("31/12/9999"), Ok(day(9999, 12, 31)));
    }

    #[test]
    fn day_without_year_is_in_the_current_year() {
        assert_eq!(parse("31/12"), Ok(day(2021, 12, 31)));
        assert_eq!(parse("5.1"), Ok(day(2021, 1, 5)));
        assert_eq!(
            DateFilter::parse("29/2", d(2020, 6, 1)),
            Ok(day(2020, 2, 29))
        );
        assert_eq!(err("29/2"), "no 29th day in 02/2021");
    }

    #[test]
    fn parses_months_and_years() {
        let dec = DateFilter::Month {
            year: 2020,
            month: 12,
        };
        assert_eq!(parse("12/2020"), Ok(dec));
        assert_eq!(parse("2020-12"), Ok(dec));
        assert_eq!(
            parse("1/2020"),
            Ok(DateFilter::Month {
                year: 2020,
                month: 1
            })
        );
        assert_eq!(parse("2020"), Ok(DateFilter::Year(2020)));
        assert_eq!(parse("0005"), Ok(DateFilter::Year(5)));
    }

    #[test]
    fn parses_words_in_any_case_and_normal_form() {
        let yesterday = day(2021, 2, 28);
        for word in [
            "today", "TODAY", "hôm nay", "Hôm Nay", "hom nay", "HOM  NAY",
        ] {
            assert_eq!(parse(word), Ok(day(2021, 3, 1)), "{word}");
        }
        let nfd: String = "Hôm nay".nfd().collect();
        assert_ne!(nfd, "Hôm nay");
        assert_eq!(parse(&nfd), Ok(day(2021, 3, 1)));
        for word in ["yesterday", "Yesterday", "hôm qua", "hom qua", "HÔM QUA"] {
            assert_eq!(parse(word), Ok(yesterday), "{word}");
        }
        let nfd: String = "hôm qua".nfd().collect();
        assert_eq!(parse(&nfd), Ok(yesterday));
    }

    #[test]
    fn parses_ranges() {
        let want = range(d(2020, 12, 1), d(2020, 12, 15));
        assert_eq!(parse("01/12/2020..15/12/2020"), Ok(want));
        assert_eq!(parse("1/12/2020 .. 15/12/2020"), Ok(want));
        assert_eq!(parse("2020-12-01..15.12.2020"), Ok(want));
        assert_eq!(
            parse("1/12/2020..1/12/2020"),
            Ok(range(d(2020, 12, 1), d(2020, 12, 1)))
        );
        assert_eq!(parse("1/2..today"), Ok(range(d(2021, 2, 1), d(2021, 3, 1))));
        assert_eq!(parse("1.12.2020..15.12.2020"), Ok(want));
    }

    #[test]
    fn ranges_of_months_and_years_expand_to_their_bounds() {
        assert_eq!(
            parse("1/2020..3/2020"),
            Ok(range(d(2020, 1, 1), d(2020, 3, 31)))
        );
        assert_eq!(
            parse("2019..2020"),
            Ok(range(d(2019, 1, 1), d(2020, 12, 31)))
        );
        assert_eq!(
            parse("2020..2/2020"),
            Ok(range(d(2020, 1, 1), d(2020, 2, 29)))
        );
        assert_eq!(
            parse("15/12/2019..2020"),
            Ok(range(d(2019, 12, 15), d(2020, 12, 31)))
        );
    }

    #[test]
    fn refuses_impossible_dates_with_a_reason() {
        assert_eq!(err("31/02/2021"), "no 31st day in 02/2021");
        assert_eq!(err("29/02/2021"), "no 29th day in 02/2021");
        assert_eq!(err("31/04/2021"), "no 31st day in 04/2021");
        assert_eq!(err("32/01/2021"), "no 32nd day in 01/2021");
        assert_eq!(err("2021-02-30"), "no 30th day in 02/2021");
        assert_eq!(err("0/1/2020"), "day 0 does not exist");
        assert_eq!(err("13/2020"), "month 13 does not exist");
        assert_eq!(err("0/2020"), "month 0 does not exist");
        assert_eq!(err("1/13/2020"), "month 13 does not exist");
        assert_eq!(err("2020-00"), "month 0 does not exist");
        assert_eq!(err("0000"), "year 0 is out of range: use 1 to 9999");
        assert_eq!(err("1/1/0000"), "year 0 is out of range: use 1 to 9999");
        let far = NaiveDate::from_ymd_opt(10_000, 5, 5).unwrap();
        assert_eq!(
            DateFilter::parse("today", far).unwrap_err().to_string(),
            "year 10000 is out of range: use 1 to 9999"
        );
        assert!(DateFilter::parse("yesterday", NaiveDate::MIN).is_err());
    }

    #[test]
    fn refuses_garbage_and_trailing_junk() {
        let hint = "try 31/12/2020, 12/2020, 2020, 1/12/2020..15/12/2020 or today";
        assert_eq!(err("abc"), format!("\"abc\" is not a date: {hint}"));
        for junk in [
            "31/12/2020x",
            "31/12/2020/",
            "31/12-2020",
            "31 12 2020",
            "2020.",
            "20",
            "20201",
            "031/12/2020",
            "31/12/20",
            "+1/12/2020",
            "tomorrow",
            "1/12/2020 - 15/12/2020",
            "１/12/2020",
        ] {
            assert!(err(junk).contains("is not a date"), "{junk}: {}", err(junk));
        }
        assert_eq!(err(""), format!("no date given: {hint}"));
        assert_eq!(err("   "), format!("no date given: {hint}"));
    }

    #[test]
    fn quoted_input_is_cleaned_and_cut_short() {
        assert!(err("a\u{1b}[2Jb").starts_with("\"a\u{fffd}[2Jb\" is not"));
        let long = "x".repeat(100);
        let shown = format!("\"{}…\" is not", "x".repeat(QUOTE_MAX_CHARS - 1));
        assert!(err(&long).starts_with(&shown));
    }

    #[test]
    fn refuses_bad_ranges() {
        assert_eq!(
            err("15/12/2020..1/12/2020"),
            "15/12/2020 comes after 01/12/2020: put the earlier date first"
        );
        assert_eq!(
            err("3/2020..1/2020"),
            "03/2020 comes after 01/2020: put the earlier date first"
        );
        let open = "a range needs both ends, like 1/12/2020..15/12/2020";
        assert_eq!(err("2020.."), open);
        assert_eq!(err(" .. 2020"), open);
        assert_eq!(err(".."), open);
        assert_eq!(err("1/12/2020..31/02/2021"), "no 31st day in 02/2021");
        assert!(err("2019..2020..2021").contains("\"2020..2021\" is not a date"));
    }

    #[test]
    fn bounds_of_each_variant() {
        assert_eq!(
            day(2020, 12, 31).bounds(),
            (d(2020, 12, 31), d(2020, 12, 31))
        );
        let month = |year, month| DateFilter::Month { year, month }.bounds();
        assert_eq!(month(2020, 2), (d(2020, 2, 1), d(2020, 2, 29)));
        assert_eq!(month(2021, 2), (d(2021, 2, 1), d(2021, 2, 28)));
        assert_eq!(month(1900, 2), (d(1900, 2, 1), d(1900, 2, 28)));
        assert_eq!(month(2000, 2), (d(2000, 2, 1), d(2000, 2, 29)));
        assert_eq!(month(2020, 4), (d(2020, 4, 1), d(2020, 4, 30)));
        assert_eq!(month(2020, 12), (d(2020, 12, 1), d(2020, 12, 31)));
        assert_eq!(
            DateFilter::Year(2020).bounds(),
            (d(2020, 1, 1), d(2020, 12, 31))
        );
        let r = range(d(2020, 12, 1), d(2020, 12, 15));
        assert_eq!(r.bounds(), (d(2020, 12, 1), d(2020, 12, 15)));
    }

    #[test]
    fn bounds_of_hand_built_nonsense_do_not_panic() {
        let last_month = DateFilter::Month {
            year: NaiveDate::MAX.year(),
            month: 12,
        };
        assert_eq!(last_month.bounds().1, NaiveDate::MAX);
        let bad = DateFilter::Month {
            year: i32::MAX,
            month: 13,
        };
        assert_eq!(bad.bounds().1, NaiveDate::MAX);
        assert_eq!(DateFilter::Year(i32::MIN).bounds().0, NaiveDate::MIN);
        let backwards = range(d(2020, 12, 15), d(2020, 12, 1));
        assert_eq!(backwards.bounds(), (d(2020, 12, 1), d(2020, 12, 15)));
    }

    #[test]
    fn contains_is_inclusive() {
        let feb = DateFilter::Month {
            year: 2020,
            month: 2,
        };
        assert!(feb.contains(d(2020, 2, 1)));
        assert!(feb.contains(d(2020, 2, 29)));
        assert!(!feb.contains(d(2020, 3, 1)));
        assert!(!feb.contains(d(2020, 1, 31)));
        assert!(day(2020, 5, 5).contains(d(2020, 5, 5)));
        assert!(!day(2020, 5, 5).contains(d(2020, 5, 6)));
        assert!(DateFilter::Year(2020).contains(d(2020, 12, 31)));
        assert!(!DateFilter::Year(2020).contains(d(2021, 1, 1)));
        let r = range(d(2020, 12, 1), d(2020, 12, 15));
        assert!(r.contains(d(2020, 12, 1)) && r.contains(d(2020, 12, 15)));
        assert!(!r.contains(d(2020, 11, 30)) && !r.contains(d(2020, 12, 16)));
    }

    #[test]
    fn steps_across_month_and_year_ends() {
        assert_eq!(day(2020, 12, 31).step(1), day(2021, 1, 1));
        assert_eq!(day(2020, 3, 1).step(-1), day(2020, 2, 29));
        assert_eq!(day(2021, 1, 31).step(30), day(2021, 3, 2));
        let month = |year, month| DateFilter::Month { year, month };
        assert_eq!(month(2020, 12).step(1), month(2021, 1));
        assert_eq!(month(2020, 1).step(-1), month(2019, 12));
        assert_eq!(month(2020, 1).step(-13), month(2018, 12));
        assert_eq!(month(2020, 6).step(18), month(2021, 12));
        assert_eq!(DateFilter::Year(2020).step(-21), DateFilter::Year(1999));
        let first_half = range(d(2020, 12, 1), d(2020, 12, 15));
        assert_eq!(first_half.step(1), range(d(2020, 12, 16), d(2020, 12, 30)));
        assert_eq!(first_half.step(2), range(d(2020, 12, 31), d(2021, 1, 14)));
        assert_eq!(first_half.step(-1), range(d(2020, 11, 16), d(2020, 11, 30)));
        assert_eq!(first_half.step(0), first_half);
    }

    #[test]
    fn steps_saturate_at_chrono_limits() {
        let max = DateFilter::Day(NaiveDate::MAX);
        assert_eq!(max.step(1), max);
        assert_eq!(max.step(i32::MAX), max);
        assert_eq!(
            max.step(-1),
            DateFilter::Day(NaiveDate::MAX.pred_opt().unwrap())
        );
        let min = DateFilter::Day(NaiveDate::MIN);
        assert_eq!(min.step(i32::MIN), min);
        assert_eq!(day(2020, 1, 1).step(i32::MAX), max);

        let (lo, hi) = (NaiveDate::MIN.year(), NaiveDate::MAX.year());
        assert_eq!(DateFilter::Year(2020).step(i32::MAX), DateFilter::Year(hi));
        assert_eq!(DateFilter::Year(2020).step(i32::MIN), DateFilter::Year(lo));
        let month = |year, month| DateFilter::Month { year, month };
        assert_eq!(month(2020, 5).step(i32::MAX), month(hi, 12));
        assert_eq!(month(2020, 5).step(i32::MIN), month(lo, 1));

        // A range stops where its last day is chrono's last day, keeping its length.
        let near_end = range(NaiveDate::MAX.pred_opt().unwrap(), NaiveDate::MAX);
        assert_eq!(near_end.step(1), near_end);
        let week = range(d(2020, 1, 1), d(2020, 1, 7));
        let DateFilter::Range { from, to } = week.step(i32::MAX) else {
            panic!()
        };
        assert_eq!((to, (to - from).num_days()), (NaiveDate::MAX, 6));
        let DateFilter::Range { from, to } = week.step(i32::MIN) else {
            panic!()
        };
        assert_eq!((from, (to - from).num_days()), (NaiveDate::MIN, 6));
    }

    #[test]
    fn labels() {
        assert_eq!(day(2020, 12, 31).label(), "31/12/2020");
        assert_eq!(day(2020, 2, 1).label(), "01/02/2020");
        assert_eq!(
            DateFilter::Month {
                year: 2020,
                month: 1
            }
            .label(),
            "01/2020"
        );
        assert_eq!(DateFilter::Year(2020).label(), "2020");
        assert_eq!(DateFilter::Year(7).label(), "0007");
        assert_eq!(
            range(d(2020, 12, 1), d(2020, 12, 15)).label(),
            "01/12/2020..15/12/2020"
        );
    }

    /// Any date chrono can hold.
    fn any_date() -> impl Strategy<Value = NaiveDate> {
        let num = |date: NaiveDate| date.num_days_from_ce();
        (num(NaiveDate::MIN)..=num(NaiveDate::MAX))
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    /// A date whose year a user can type (1..=9999).
    fn typable_date() -> impl Strategy<Value = NaiveDate> {
        (d(1, 1, 1).num_days_from_ce()..=d(9999, 12, 31).num_days_from_ce())
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    /// Any filter `parse` can produce, with ranges up to `max_days` long.
    fn valid_filter(max_days: u64) -> impl Strategy<Value = DateFilter> {
        let last = d(9999, 12, 31);
        prop_oneof![
            typable_date().prop_map(DateFilter::Day),
            (1..=9999i32, 1..=12u32).prop_map(|(year, month)| DateFilter::Month { year, month }),
            (1..=9999i32).prop_map(DateFilter::Year),
            (typable_date(), 0..max_days).prop_map(move |(from, len)| {
                let to = from
                    .checked_add_days(chrono::Days::new(len))
                    .unwrap_or(last);
                DateFilter::Range {
                    from,
                    to: to.min(last),
                }
            }),
        ]
    }

    /// Any well-formed filter, down to chrono's limits.
    fn any_filter() -> impl Strategy<Value = DateFilter> {
        prop_oneof![
            any_date().prop_map(DateFilter::Day),
            (any::<i32>(), 1..=12u32).prop_map(|(year, month)| DateFilter::Month { year, month }),
            any::<i32>().prop_map(DateFilter::Year),
            (any_date(), any_date()).prop_map(|(a, b)| DateFilter::Range {
                from: a.min(b),
                to: a.max(b)
            }),
        ]
    }

    proptest! {
        #[test]
        fn parse_never_panics(input in any::<String>(), today in any_date()) {
            let _ = DateFilter::parse(&input, today);
        }

        #[test]
        fn parse_never_panics_on_date_like_text(
            input in "[0-9]{1,4}([/.-][0-9]{1,4}){0,2}( ?[.][.] ?[0-9]{1,4}([/.-][0-9]{1,4}){0,2})?",
            today in any_date(),
        ) {
            if let Ok(filter) = DateFilter::parse(&input, today) {
                prop_assert_eq!(DateFilter::parse(&filter.label(), today), Ok(filter));
            }
        }

        #[test]
        fn label_round_trips(filter in valid_filter(4_000_000), today in typable_date()) {
            prop_assert_eq!(DateFilter::parse(&filter.label(), today), Ok(filter));
        }

        #[test]
        fn step_back_undoes_step(filter in valid_filter(1000), n in -10_000i32..=10_000) {
            // Clear of chrono's edges: years 1..=9999, ranges up to 1000 days.
            prop_assert_eq!(filter.step(n).step(-n), filter);
        }

        #[test]
        fn step_never_panics_and_keeps_the_span(filter in any_filter(), n in any::<i32>()) {
            let stepped = filter.step(n);
            let (a, b) = filter.bounds();
            let (c, e) = stepped.bounds();
            prop_assert!(c <= e);
            if let DateFilter::Range { .. } | DateFilter::Day(_) = filter {
                prop_assert_eq!((b - a).num_days(), (e - c).num_days());
            }
            prop_assert_eq!(std::mem::discriminant(&filter), std::mem::discriminant(&stepped));
        }

        #[test]
        fn clocks_and_days_read_directly_as_chrono_reads_them(
            t in "[0-9 :]{0,9}|[0-2][0-9]:[0-6][0-9](:[0-6][0-9])?",
            day in "[0-9-]{0,11}|[0-9]{4}-[0-1][0-9]-[0-3][0-9]",
        ) {
            let chrono_clock = chrono::NaiveTime::parse_from_str(&t, "%H:%M:%S")
                .or_else(|_| chrono::NaiveTime::parse_from_str(&t, "%H:%M"))
                .ok();
            prop_assert_eq!(parse_clock(&t), chrono_clock);
            prop_assert_eq!(parse_ymd(&day), NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok());
        }
    }
}
