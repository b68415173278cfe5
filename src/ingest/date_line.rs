//! The page layout's date line (see [`super::page`] and DESIGN.md): one
//! whole line such as
//!
//! ```text
//! Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20 Đã xem: 38
//! ```
//!
//! read on its folded form (lower case, no accents): an optional weekday
//! (`Thứ Năm`, `Thứ 5`, `T5`, `Chủ nhật`, `CN`), `ngày`, the date
//! (`D tháng M năm YYYY`, `D/M/YYYY` with `/`, `-` or `.`, `YYYY-MM-DD`),
//! an optional time (`HH:MM`, `HHhMM`, `lúc`, `:SS`), an optional view
//! count (`Đã xem:`, `Lượt xem:`, `Xem:`; digits, or groups of three), with
//! spaces, commas and dashes between. A line of that shape whose date or
//! time cannot exist is [`DateLine::Impossible`]; a weekday that does not
//! match the date and an unreadable view count are warnings.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use super::clean::clean_line;
use super::page::LineNote;
use crate::article::Published;
use crate::dates::weekday_vi;
use crate::fold::fold;

/// Longer lines are never taken for a date line.
const MAX_DATE_LINE_BYTES: usize = 400;

/// What one cleaned line is, as a date line.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum DateLine {
    NotDate,
    /// Shaped like a date line, but the date or time cannot exist.
    Impossible(String),
    Found(DateFound),
}

#[derive(Debug, PartialEq, Eq)]
pub(super) struct DateFound {
    published: Published,
    weekday: Option<Weekday>,
    views: Option<u64>,
    /// Why a view count that is there could not be read.
    views_problem: Option<String>,
}

impl DateFound {
    /// The date and views, with warnings about the weekday and view count.
    pub(super) fn apply(
        self,
        line: usize,
        notes: &mut Vec<LineNote>,
    ) -> (Option<Published>, Option<u64>) {
        let actual = self.published.date.weekday();
        if let Some(w) = self.weekday
            && w != actual
        {
            notes.push(LineNote::at(
                line,
                format!(
                    "weekday {} does not match {}, which is a {}; the date is kept",
                    weekday_vi(w),
                    self.published.date.format("%d/%m/%Y"),
                    weekday_vi(actual)
                ),
            ));
        }
        if let Some(p) = self.views_problem {
            notes.push(LineNote::at(line, p));
        }
        (Some(self.published), self.views)
    }
}

/// A cursor over a folded line (lower case, no accents, single spaces).
struct Cur<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cur<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.i..).unwrap_or("")
    }
    fn eat(&mut self, lit: &str) -> bool {
        if self.rest().starts_with(lit) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }
    /// `w` followed by the end or by something that is not a letter or digit.
    fn eat_word(&mut self, w: &str) -> bool {
        match self.rest().strip_prefix(w) {
            Some(after) if after.chars().next().is_none_or(|c| !c.is_alphanumeric()) => {
                self.i += w.len();
                true
            }
            _ => false,
        }
    }
    fn ws(&mut self) {
        while self.eat(" ") {}
    }
    /// Spaces and the punctuation that separates the parts of a date line.
    fn seps(&mut self) {
        let r = self.rest();
        let t = r.trim_start_matches([' ', ',', '-', '|', '–', '—', ';']);
        self.i += r.len() - t.len();
    }
    /// Between `min` and `max` ASCII digits, not followed by another digit.
    fn num(&mut self, min: usize, max: usize) -> Option<u32> {
        let r = self.rest();
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        if n < min || n > max {
            return None;
        }
        let v = r.get(..n)?.parse().ok()?;
        self.i += n;
        Some(v)
    }
    /// Run `f`; on None put the cursor back.
    fn attempt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let save = self.i;
        let r = f(self);
        if r.is_none() {
            self.i = save;
        }
        r
    }
}

fn parse_weekday(c: &mut Cur<'_>) -> Option<Weekday> {
    c.attempt(|c| {
        if c.eat_word("chu nhat") || c.eat_word("chu nhut") || c.eat_word("cn") {
            return Some(Weekday::Sun);
        }
        let spelled = c.eat_word("thu");
        if spelled {
            c.ws();
        } else if !c.eat("t") {
            return None;
        }
        const NAMES: [(&str, &str, Weekday); 6] = [
            ("hai", "2", Weekday::Mon),
            ("ba", "3", Weekday::Tue),
            ("tu", "4", Weekday::Wed),
            ("nam", "5", Weekday::Thu),
            ("sau", "6", Weekday::Fri),
            ("bay", "7", Weekday::Sat),
        ];
        NAMES
            .iter()
            .find(|(word, digit, _)| (spelled && c.eat_word(word)) || c.eat_word(digit))
            .map(|(_, _, w)| *w)
    })
}

/// `D tháng M năm YYYY`, `D/M/YYYY` (or with `-` `.`), `YYYY-MM-DD` (or `/`).
/// Returns (year, month, day, iso form).
fn parse_date(c: &mut Cur<'_>) -> Option<(i32, u32, u32, bool)> {
    let words = |c: &mut Cur<'_>| {
        let d = c.num(1, 2)?;
        c.ws();
        c.eat_word("thang").then_some(())?;
        c.ws();
        let m = c.num(1, 2)?;
        c.ws();
        c.eat_word("nam").then_some(())?;
        c.ws();
        let y = c.num(4, 4)?;
        Some((y as i32, m, d, false))
    };
    let sep = |c: &mut Cur<'_>| {
        ['/', '-', '.']
            .into_iter()
            .find(|s| c.eat(s.encode_utf8(&mut [0; 4])))
    };
    let iso = |c: &mut Cur<'_>| {
        let y = c.num(4, 4)?;
        let s = sep(c)?;
        let m = c.num(1, 2)?;
        c.eat(s.encode_utf8(&mut [0; 4])).then_some(())?;
        let d = c.num(1, 2)?;
        Some((y as i32, m, d, true))
    };
    let dmy = |c: &mut Cur<'_>| {
        let d = c.num(1, 2)?;
        let s = sep(c)?;
        let m = c.num(1, 2)?;
        c.eat(s.encode_utf8(&mut [0; 4])).then_some(())?;
        let y = c.num(4, 4)?;
        Some((y as i32, m, d, false))
    };
    c.attempt(words)
        .or_else(|| c.attempt(iso))
        .or_else(|| c.attempt(dmy))
}

/// `HH:MM`, `HHhMM`, optionally `:SS`.
fn parse_time(c: &mut Cur<'_>) -> Option<(u32, u32, u32)> {
    c.attempt(|c| {
        let h = c.num(1, 2)?;
        (c.eat(":") || c.eat("h")).then_some(())?;
        let m = c.num(2, 2)?;
        let s = c.attempt(|c| {
            c.eat(":").then_some(())?;
            c.num(2, 2)
        });
        Some((h, m, s.unwrap_or(0)))
    })
}

/// A view count: plain digits, or groups of three after `.` or `,`.
fn parse_count(raw: &str) -> Option<u64> {
    if raw.is_empty() {
        return None;
    }
    if raw.bytes().all(|b| b.is_ascii_digit()) {
        return raw.parse().ok();
    }
    let sep = raw.chars().find(|c| !c.is_ascii_digit())?;
    if sep != '.' && sep != ',' {
        return None;
    }
    let mut digits = String::new();
    for (i, g) in raw.split(sep).enumerate() {
        let ok_len = if i == 0 {
            (1..=3).contains(&g.len())
        } else {
            g.len() == 3
        };
        if !ok_len || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(g);
    }
    digits.parse().ok()
}

/// The date of a value written as the page layout's date line (`Thứ Năm,
/// ngày 31 tháng 12 năm 2020 - 19:20`, `31/12/2020`), for date fields in
/// headers and feeds ([`super::date_field`]).
pub(crate) fn date_line_value(value: &str) -> Option<Published> {
    match parse_date_line(&clean_line(value)) {
        DateLine::Found(d) => Some(d.published),
        DateLine::NotDate | DateLine::Impossible(_) => None,
    }
}

pub(super) fn parse_date_line(line: &str) -> DateLine {
    // Real date lines are under 100 characters; a paragraph is not folded.
    if line.len() > MAX_DATE_LINE_BYTES {
        return DateLine::NotDate;
    }
    let f = fold(line);
    let mut c = Cur { s: &f, i: 0 };
    let weekday = parse_weekday(&mut c);
    c.seps();
    if c.eat_word("ngay") {
        c.ws();
    }
    let Some((y, m, d, iso)) = parse_date(&mut c) else {
        return DateLine::NotDate;
    };
    let time = c.attempt(|c| {
        if !(iso && c.eat("t")) {
            c.seps();
            if c.eat_word("luc") {
                c.ws();
            }
        }
        parse_time(c)
    });
    let mut views = None;
    let mut views_problem = None;
    c.seps();
    if c.eat_word("da xem") || c.eat_word("luot xem") || c.eat_word("xem") {
        c.ws();
        c.eat(":");
        c.ws();
        let raw = c.rest().trim_end();
        c.i = c.s.len();
        views = parse_count(raw);
        if views.is_none() {
            views_problem = Some(if raw.is_empty() {
                "\"Đã xem:\" without a number; view count left out".to_string()
            } else {
                format!("view count \"{raw}\" is not a number; left out")
            });
        }
    }
    c.seps();
    if !c.rest().is_empty() {
        return DateLine::NotDate;
    }
    match validate(y, m, d, time) {
        Ok(published) => DateLine::Found(DateFound {
            published,
            weekday,
            views,
            views_problem,
        }),
        Err(why) => DateLine::Impossible(why),
    }
}

fn validate(y: i32, m: u32, d: u32, time: Option<(u32, u32, u32)>) -> Result<Published, String> {
    let shown = format!("{d:02}/{m:02}/{y:04}");
    if !(1..=12).contains(&m) {
        return Err(format!(
            "impossible date {shown}: there is no month {m}; fix the date line"
        ));
    }
    let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else {
        let days = (28..=31)
            .rev()
            .find(|&n| NaiveDate::from_ymd_opt(y, m, n).is_some())
            .unwrap_or(28);
        return Err(format!(
            "impossible date {shown}: {m:02}/{y:04} has days 1 to {days}; fix the date line"
        ));
    };
    let time = match time {
        None => None,
        Some((h, mi, s)) => match NaiveTime::from_hms_opt(h, mi, s) {
            Some(t) => Some(t),
            None => {
                return Err(format!(
                    "impossible time {h:02}:{mi:02}: hours run 00–23 and minutes 00–59; fix the date line"
                ));
            }
        },
    };
    Ok(Published::floating(date, time))
}
