//! The calendar view: a month of Monday-first weeks (or, when asked and
//! the screen holds it, a year of twelve small months), each day with its
//! article count and a density mark that reads without colour. The cursor
//! is bracketed, today is marked `*`, the selected article's day `•`, days
//! of other months dimmed.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::Chrome;
use super::status::thousands;
use crate::app::App;
use crate::app::calendar::CalendarState;
use crate::calendar::Density;
use crate::calendar::grid::{self, MonthGrid, year_grids};
use crate::i18n::{self, Language, calendar_words, labels};
use crate::textfit::truncate;

/// Columns the month beside the list takes (a margin, then seven days of five).
pub(super) const SIDEBAR_WIDTH: u16 = 37;

/// Rows and columns the year view needs: four months across, three down.
const YEAR_WIDTH: u16 = 64;
const YEAR_HEIGHT: u16 = 22;

pub(super) fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cal: &CalendarState,
    chrome: &Chrome,
) {
    frame.render_widget(Clear, area);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let lang = app.language();
    let lines = match shows_year(cal, area) {
        true => year_lines(cal, app, chrome, lang),
        false => month_lines(cal, app, chrome, lang, area),
    };
    let width = usize::from(area.width);
    let lines: Vec<Line> = lines
        .into_iter()
        .take(usize::from(area.height))
        .map(|l| fit(l, width))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// Whether `area` shows the year of twelve months (else one month).
fn shows_year(cal: &CalendarState, area: Rect) -> bool {
    cal.year_view && area.width >= YEAR_WIDTH && area.height >= YEAR_HEIGHT
}

/// The month view's columns per day, and whether a week takes two lines
/// (the number, then the count) in `area`, for a month of `weeks` weeks.
fn month_geometry(area: Rect, weeks: usize) -> (usize, bool) {
    let cell = (usize::from(area.width) / 7).clamp(5, 11);
    let two = cell >= 6 && usize::from(area.height) >= 2 + 2 * weeks + 2;
    (cell, two)
}

/// The day drawn at (`column`, `row`) of the screen by [`render`] in `area`:
/// one of the month's days (the weeks' other days included), or of the year
/// view's months; none on the titles, headings and the footer.
pub(super) fn day_at(cal: &CalendarState, area: Rect, column: u16, row: u16) -> Option<NaiveDate> {
    let x = usize::from(column.checked_sub(area.x)?);
    let y = usize::from(row.checked_sub(area.y)?);
    if x >= usize::from(area.width) || y >= usize::from(area.height) {
        return None;
    }
    if shows_year(cal, area) {
        // a title line, then per row of four months a heading and six weeks;
        // each month is seven days of two columns and a gap of two
        let y = y.checked_sub(1)?;
        let (band, line) = (y / 7, y % 7);
        let (month, inside) = (x / 16, x % 16);
        let week = line.checked_sub(1)?;
        if inside >= 14 || month >= 4 {
            return None;
        }
        let months = year_grids(cal.cursor);
        let g = months.get(band * 4 + month)?;
        let day = *g.weeks.get(week)?.get(inside / 2)?;
        return g.in_month(day).then_some(day);
    }
    let g = MonthGrid::of(cal.cursor);
    let (cell, two) = month_geometry(area, g.weeks.len());
    let week = y.checked_sub(2)? / if two { 2 } else { 1 };
    g.weeks.get(week)?.get(x / cell).copied()
}

/// A line cut to `width` columns.
fn fit(line: Line<'static>, width: usize) -> Line<'static> {
    let mut left = width;
    let mut spans = Vec::new();
    for s in line.spans {
        if left == 0 {
            break;
        }
        let text = truncate(&s.content, left);
        left = left.saturating_sub(crate::textfit::width(&text));
        spans.push(Span::styled(text, s.style));
    }
    Line::from(spans)
}

/// How a day is marked beside its number.
fn mark(cal: &CalendarState, today: NaiveDate, day: NaiveDate) -> char {
    if day == today {
        '*'
    } else if Some(day) == cal.article_day {
        '•'
    } else {
        ' '
    }
}

fn title(
    cal: &CalendarState,
    lang: Language,
    first: NaiveDate,
    last: NaiveDate,
    name: String,
) -> Line<'static> {
    let total = cal.counts.between(first, last);
    let noun = labels(lang).articles_for(total);
    let mut text = format!("‹ {name} › · {} {noun}", thousands(total));
    if cal.counts.undated > 0 {
        text += &format!(
            " · {} {}",
            thousands(cal.counts.undated),
            labels(lang).undated
        );
    }
    Line::from(Span::styled(
        text,
        Style::new().add_modifier(Modifier::BOLD),
    ))
}

/// The cursor's day and count, and the legend.
fn footer(cal: &CalendarState, lang: Language) -> Vec<Line<'static>> {
    let words = calendar_words(lang);
    let n = cal.counts.on(cal.cursor);
    let count = match n {
        0 => words.no_articles.to_string(),
        n => format!("{} {}", thousands(n), labels(lang).articles_for(n)),
    };
    let marks: String = Density::STEPS.iter().map(|d| d.glyph()).collect();
    vec![
        Line::from(format!("{}: {count}", i18n::long_date(lang, cal.cursor))),
        Line::from(format!(
            "[ ] {}  * {}  • {}  · {} {marks} {}",
            words.hint_day, words.today, words.this_article, words.fewer, words.more
        )),
    ]
}

fn month_lines(
    cal: &CalendarState,
    app: &App,
    chrome: &Chrome,
    lang: Language,
    area: Rect,
) -> Vec<Line<'static>> {
    let words = calendar_words(lang);
    let g = MonthGrid::of(cal.cursor);
    let today = app.options().today;
    let (first, last) = (g.month, grid::month_end(g.month));
    let busiest = cal.counts.busiest(first, last);
    let (cell, two) = month_geometry(area, g.weeks.len());
    let mut lines = vec![title(
        cal,
        lang,
        first,
        last,
        i18n::month_title(lang, g.month),
    )];
    let heads: String = words
        .weekdays
        .iter()
        .map(|w| format!("{w:>cell$}", cell = cell - 1) + " ")
        .collect();
    lines.push(Line::from(Span::styled(
        heads,
        Style::new().add_modifier(Modifier::BOLD),
    )));
    for week in &g.weeks {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for &day in week {
            let n = cal.counts.on(day);
            let glyph = Density::of(n, busiest).glyph();
            let style = day_style(cal, chrome, day, g.in_month(day));
            let (open, close) = match day == cal.cursor {
                true => ('[', ']'),
                false => (' ', ' '),
            };
            let mark = mark(cal, today, day);
            let inner = cell - 2;
            // `[ 31*]` over a count, or `[31▒]` (the mark, or `]` for the
            // cursor, in the last column) on one line
            let text = match two {
                true => format!("{open}{:>w$}{mark}{close}", day.day(), w = cell - 3),
                false => {
                    let last = if day == cal.cursor { close } else { mark };
                    format!("{open}{:>w$}{glyph}{last}", day.day(), w = cell - 3)
                }
            };
            top.push(Span::styled(text, style));
            if two {
                let count = match n {
                    0 => glyph.to_string(),
                    n => format!("{glyph}{n}"),
                };
                let text = truncate(&count, inner);
                bottom.push(Span::styled(
                    format!(" {text:>inner$} "),
                    style.remove_modifier(Modifier::BOLD),
                ));
            }
        }
        lines.push(Line::from(top));
        if two {
            lines.push(Line::from(bottom));
        }
    }
    lines.extend(footer(cal, lang));
    lines
}

fn day_style(cal: &CalendarState, chrome: &Chrome, day: NaiveDate, in_month: bool) -> Style {
    let mut style = Style::new();
    if !in_month {
        style = style.add_modifier(Modifier::DIM);
    }
    if day == cal.cursor {
        style = chrome.theme.list_selected;
    }
    style
}

fn year_lines(
    cal: &CalendarState,
    app: &App,
    chrome: &Chrome,
    lang: Language,
) -> Vec<Line<'static>> {
    let (first, last) = grid::year_bounds(cal.cursor);
    let busiest = cal.counts.busiest(first, last);
    let today = app.options().today;
    let mut lines = vec![title(cal, lang, first, last, first.year().to_string())];
    let months = year_grids(cal.cursor);
    for row in months.chunks(4) {
        let mut heads = Vec::new();
        for g in row {
            let total = cal.counts.between(g.month, grid::month_end(g.month));
            let head = format!("{} {}", i18n::month_short(lang, g.month), thousands(total));
            let style = match g.in_month(cal.cursor) {
                true => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                false => Style::new().add_modifier(Modifier::BOLD),
            };
            heads.push(Span::styled(
                format!("{:<14}  ", truncate(&head, 14)),
                style,
            ));
        }
        lines.push(Line::from(heads));
        for w in 0..6 {
            let mut spans = Vec::new();
            for g in row {
                for d in 0..7 {
                    let Some(day) = g.weeks.get(w).map(|week| week[d]) else {
                        spans.push(Span::raw("  "));
                        continue;
                    };
                    if !g.in_month(day) {
                        spans.push(Span::raw("  "));
                        continue;
                    }
                    let glyph = Density::of(cal.counts.on(day), busiest).glyph();
                    let style = day_style(cal, chrome, day, true);
                    let m = match mark(cal, today, day) {
                        ' ' if day == cal.cursor => ']',
                        c => c,
                    };
                    spans.push(Span::styled(format!("{glyph}{m}"), style));
                }
                spans.push(Span::raw("  "));
            }
            lines.push(Line::from(spans));
        }
    }
    lines.extend(footer(cal, lang));
    lines
}
