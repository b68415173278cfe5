//! `xemtin calendar`: a month or a year as a grid of days with how many
//! articles each has, as aligned text or per-day JSON.

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::Failure;
use crate::calendar::DayCounts;
use crate::calendar::grid::{self, MonthGrid};
use crate::catalog::{Catalog, Filter};
use crate::dates::DateFilter;
use crate::i18n::{self, Language};

/// The longest span printed at once (ten years of days, about 3,650).
const LONGEST_SPAN_DAYS: i64 = 3_660;

/// What the options ask for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub month: Option<String>,
    pub year: Option<String>,
    /// The filter's date part (from `--date`) limits the days counted;
    /// without `--month` or `--year` it also chooses the months shown.
    pub filter: Filter,
    pub json: bool,
}

/// The days shown: `--month`, `--year`, else the span of `--date`, else
/// the month of the newest article the filter matches, else this month.
pub fn span(
    catalog: &mut dyn Catalog,
    request: &Request,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), Failure> {
    let parsed = |flag: &str, text: &str| {
        DateFilter::parse(text, today)
            .map_err(|e| Failure::new(format!("--{flag} {text:?}: {e}"), 2))
    };
    if let Some(text) = &request.month {
        return match parsed("month", text)? {
            DateFilter::Month { .. } | DateFilter::Day(_) => {
                let first = parsed("month", text)?.bounds().0;
                Ok((grid::month_start(first), grid::month_end(first)))
            }
            _ => Err(Failure::new(
                format!("--month {text:?}: give one month, as 12/2020"),
                2,
            )),
        };
    }
    if let Some(text) = &request.year {
        return match parsed("year", text)? {
            DateFilter::Year(_) => Ok(grid::year_bounds(parsed("year", text)?.bounds().0)),
            _ => Err(Failure::new(
                format!("--year {text:?}: give one year, as 2020"),
                2,
            )),
        };
    }
    if let Some(dates) = &request.filter.dates {
        let (first, last) = dates.bounds();
        return Ok((
            grid::month_start(grid::clamp(first)),
            grid::month_end(grid::clamp(last)),
        ));
    }
    let newest = catalog
        .day_with_articles(&request.filter, grid::latest(), false)
        .map_err(|e| Failure::new(e.0, 1))?
        .or_else(|| {
            // an article on the very last day the calendar reaches
            let last = grid::latest();
            let on_last = catalog.day_counts(&request.filter, last, last).ok()?;
            (on_last.on(last) > 0).then_some(last)
        });
    let day = newest.unwrap_or(today);
    Ok((grid::month_start(day), grid::month_end(day)))
}

/// The counts for `first..=last`, days outside the filter's date part
/// (if any) left out.
pub fn counts(
    catalog: &mut dyn Catalog,
    filter: &Filter,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<DayCounts, Failure> {
    if (last - first).num_days() > LONGEST_SPAN_DAYS {
        return Err(Failure::new(
            format!(
                "{}..{} is more than ten years of days; ask for less with --month, --year or --date",
                first.format("%d/%m/%Y"),
                last.format("%d/%m/%Y")
            ),
            2,
        ));
    }
    let mut counts = catalog
        .day_counts(filter, first, last)
        .map_err(|e| Failure::new(e.0, 1))?;
    if let Some(dates) = &filter.dates {
        counts.days.retain(|d, _| dates.contains(*d));
    }
    Ok(counts)
}

pub fn run(
    catalog: &mut dyn Catalog,
    request: &Request,
    lang: Language,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let (first, last) = span(catalog, request, today)?;
    let counts = counts(catalog, &request.filter, first, last)?;
    match request.json {
        true => write_json(&counts, first, last, out),
        false => {
            let text = text(&counts, request.filter.dates.as_ref(), lang);
            out.write_all(text.as_bytes())?;
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct JsonDay {
    date: String,
    count: usize,
}

#[derive(Serialize)]
struct JsonCalendar {
    first: String,
    last: String,
    total: usize,
    undated: usize,
    days: Vec<JsonDay>,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Every day of the span with its count (zero included), the total of
/// dated articles and the undated apart.
fn write_json(
    counts: &DayCounts,
    first: NaiveDate,
    last: NaiveDate,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let days = first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|d| JsonDay {
            date: iso(d),
            count: counts.on(d),
        })
        .collect();
    let json = JsonCalendar {
        first: iso(first),
        last: iso(last),
        total: counts.dated(),
        undated: counts.undated,
        days,
    };
    super::print_json(&json, out)
}

/// Columns per day in the text grid.
const CELL: usize = 6;

/// The span's months one after another: a title with the month's total,
/// the weekday heads, and each week as a line of day numbers over a line of
/// counts (`-` for none; blank for a day the date filter leaves out).
pub fn text(counts: &DayCounts, dates: Option<&DateFilter>, lang: Language) -> String {
    let words = i18n::calendar_words(lang);
    let labels = i18n::labels(lang);
    let (Some(first), Some(last)) = (counts.first, counts.last) else {
        return String::new();
    };
    let mut s = String::new();
    let mut month = grid::month_start(first);
    loop {
        let g = MonthGrid::of(month);
        let total = counts.between(month, grid::month_end(month));
        s += &format!(
            "{} · {total} {}\n",
            i18n::month_title(lang, month),
            i18n::labels(lang).articles_for(total)
        );
        for w in words.weekdays {
            s += &format!("{w:>CELL$}");
        }
        s += "\n";
        for week in &g.weeks {
            let (mut days, mut numbers) = (String::new(), String::new());
            for d in week {
                let shown = g.in_month(*d) && counts.covers(*d);
                let counted = shown && dates.is_none_or(|f| f.contains(*d));
                let day = if shown {
                    d.day().to_string()
                } else {
                    String::new()
                };
                let n = match (counted, counts.on(*d)) {
                    (false, _) => String::new(),
                    (true, 0) => "-".to_string(),
                    (true, n) => n.to_string(),
                };
                days += &format!("{day:>CELL$}");
                numbers += &format!("{n:>CELL$}");
            }
            s += days.trim_end();
            s += "\n";
            s += numbers.trim_end();
            s += "\n";
        }
        let next = grid::add_months(month, 1);
        if next > last || next == month {
            break;
        }
        month = next;
        s += "\n";
    }
    if counts.undated > 0 {
        s += &format!("\n{} {}\n", counts.undated, labels.undated);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Memory;
    use crate::catalog::calendar_contract::sample;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn run_text(request: &Request, lang: Language) -> Result<String, Failure> {
        let mut c = Memory::new(sample());
        let mut out = Vec::new();
        run(&mut c, request, lang, d(2026, 12, 2), &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_month_as_aligned_text() {
        let request = Request {
            month: Some("12/2020".into()),
            ..Request::default()
        };
        let text = run_text(&request, Language::En).unwrap();
        let want = "\
December 2020 · 4 articles
   Mon   Tue   Wed   Thu   Fri   Sat   Sun
           1     2     3     4     5     6
           1     -     -     -     -     -
     7     8     9    10    11    12    13
     -     -     -     -     -     -     -
    14    15    16    17    18    19    20
     -     -     -     -     -     -     -
    21    22    23    24    25    26    27
     -     -     -     -     -     -     -
    28    29    30    31
     -     -     -     3

2 undated
";
        assert_eq!(text, want);
        let vi = run_text(&request, Language::Vi).unwrap();
        assert!(
            vi.starts_with("Tháng 12 năm 2020 · 4 tin\n    T2    T3"),
            "{vi}"
        );
        assert!(vi.ends_with("\n2 không ngày\n"), "{vi}");
    }

    #[test]
    fn the_newest_month_by_default_and_the_filters_apply() {
        let text = run_text(&Request::default(), Language::En).unwrap();
        assert!(text.starts_with("January 2021 · 1 article\n"), "{text}");
        let source_b = Request {
            filter: Filter {
                source: Some("Báo B".into()),
                ..Filter::default()
            },
            ..Request::default()
        };
        let text = run_text(&source_b, Language::En).unwrap();
        assert!(text.starts_with("December 2020 · 1 article\n"), "{text}");
        assert!(text.ends_with("\n1 undated\n"), "{text}");
    }

    #[test]
    fn a_date_expression_chooses_the_months_and_limits_the_days() {
        let request = Request {
            filter: Filter {
                dates: Some(DateFilter::parse("1/12/2020..30/12/2020", d(2026, 1, 1)).unwrap()),
                ..Filter::default()
            },
            ..Request::default()
        };
        let text = run_text(&request, Language::En).unwrap();
        assert!(text.starts_with("December 2020 · 1 article\n"), "{text}");
        // the 31st is shown but not counted
        assert!(
            text.contains("\n    28    29    30    31\n     -     -     -\n"),
            "{text}"
        );
        let year = Request {
            year: Some("2020".into()),
            ..Request::default()
        };
        let text = run_text(&year, Language::En).unwrap();
        assert_eq!(text.matches("Mon   Tue").count(), 12);
        assert!(text.contains("November 2020 · 1 article"));
    }

    #[test]
    fn json_has_every_day_of_the_span() {
        let request = Request {
            month: Some("2/2020".into()),
            json: true,
            ..Request::default()
        };
        let text = run_text(&request, Language::En).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["first"], "2020-02-01");
        assert_eq!(v["last"], "2020-02-29");
        assert_eq!(v["days"].as_array().unwrap().len(), 29);
        assert_eq!(v["total"], 0);
        assert_eq!(v["undated"], 2);
        let dec = Request {
            month: Some("31/12/2020".into()),
            json: true,
            ..Request::default()
        };
        let v: serde_json::Value =
            serde_json::from_str(&run_text(&dec, Language::En).unwrap()).unwrap();
        assert_eq!(
            v["days"][30],
            serde_json::json!({"date": "2020-12-31", "count": 3})
        );
        assert_eq!(v["total"], 4);
    }

    #[test]
    fn bad_options_say_what_to_give() {
        let bad = |month: Option<&str>, year: Option<&str>| {
            let request = Request {
                month: month.map(String::from),
                year: year.map(String::from),
                ..Request::default()
            };
            run_text(&request, Language::En).unwrap_err()
        };
        let e = bad(Some("2020"), None);
        assert_eq!(e.code, 2);
        assert!(
            e.message
                .contains("--month \"2020\": give one month, as 12/2020"),
            "{e}"
        );
        let e = bad(Some("13/2020"), None);
        assert!(e.message.starts_with("--month \"13/2020\": "), "{e}");
        let e = bad(None, Some("12/2020"));
        assert!(e.message.contains("give one year, as 2020"), "{e}");
        let long = Request {
            filter: Filter {
                dates: Some(DateFilter::parse("2000..2020", d(2026, 1, 1)).unwrap()),
                ..Filter::default()
            },
            ..Request::default()
        };
        let e = run_text(&long, Language::En).unwrap_err();
        assert!(e.message.contains("more than ten years"), "{e}");
    }
}
