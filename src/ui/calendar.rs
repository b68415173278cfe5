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

/// Columns the year view needs: four months across (three down, of a
/// head and six weeks each: [`YEAR_ROWS`]).
const YEAR_WIDTH: usize = 64;
const YEAR_ROWS: usize = 21;
/// The narrowest column beside the year that holds what is said there.
const SIDE_MIN: usize = 14;

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
    let year = match cal.year_view {
        true => year_lines(cal, app, chrome, lang, area),
        false => None,
    };
    let lines = match year {
        Some(lines) => lines,
        None => month_lines(cal, app, chrome, lang, area),
    };
    let width = usize::from(area.width);
    let lines: Vec<Line> = lines
        .into_iter()
        .take(usize::from(area.height))
        .map(|l| fit(l, width))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// How the month view sits in `area`: columns per day, whether a week
/// takes two lines (the number, then the count), and the words around the
/// grid (their title lines come first, then the weekdays, then the weeks).
struct MonthLayout {
    cell: usize,
    two: bool,
    said: Words,
}

fn month_layout(cal: &CalendarState, lang: Language, area: Rect) -> MonthLayout {
    let g = MonthGrid::of(cal.cursor);
    let (first, last) = (g.month, grid::month_end(g.month));
    let (width, height) = (usize::from(area.width), usize::from(area.height));
    let cell = (width / 7).clamp(5, 11);
    let weeks = g.weeks.len();
    let name = i18n::month_title(lang, g.month);
    let full = Words::new(cal, lang, (first, last), name.clone(), false, width);
    // two lines a week when the height allows, with the words in full
    let two = cell >= 6 && height >= 1 + 2 * weeks + full.rows();
    let grid_rows = 1 + weeks * if two { 2 } else { 1 };
    let said = match full.rows() + grid_rows <= height {
        true => full,
        false => Words::new(cal, lang, (first, last), name, true, width),
    };
    MonthLayout { cell, two, said }
}

/// How the year view sits in `area`: its words, and whether what is said
/// of the cursor's day and the legend go beside the months (else below);
/// None when the screen holds neither (the month is drawn instead).
fn year_layout(cal: &CalendarState, lang: Language, area: Rect) -> Option<(Words, bool)> {
    let (width, height) = (usize::from(area.width), usize::from(area.height));
    if !cal.year_view || width < YEAR_WIDTH {
        return None;
    }
    let (first, last) = grid::year_bounds(cal.cursor);
    let said = Words::new(
        cal,
        lang,
        (first, last),
        first.year().to_string(),
        false,
        width,
    );
    if said.rows() + YEAR_ROWS <= height {
        return Some((said, false));
    }
    if width - YEAR_WIDTH >= SIDE_MIN && said.title.len() + YEAR_ROWS <= height {
        let title_only = Words {
            footer: Vec::new(),
            ..said
        };
        return Some((title_only, true));
    }
    None
}

/// The day drawn at (`column`, `row`) of the screen by [`render`] in `area`:
/// one of the month's days (the weeks' other days included), or of the year
/// view's months; none on the titles, headings and the footer.
pub(super) fn day_at(
    cal: &CalendarState,
    lang: Language,
    area: Rect,
    column: u16,
    row: u16,
) -> Option<NaiveDate> {
    let x = usize::from(column.checked_sub(area.x)?);
    let y = usize::from(row.checked_sub(area.y)?);
    if x >= usize::from(area.width) || y >= usize::from(area.height) {
        return None;
    }
    if let Some((said, _)) = year_layout(cal, lang, area) {
        // the title's lines, then per row of four months a heading and six
        // weeks; each month is seven days of two columns and a gap of two
        let y = y.checked_sub(said.title.len())?;
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
    let layout = month_layout(cal, lang, area);
    let y = y.checked_sub(layout.said.title.len() + 1)?;
    let week = y / if layout.two { 2 } else { 1 };
    g.weeks.get(week)?.get(x / layout.cell).copied()
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

/// Pieces of text set on lines of `width` columns, as many to a line as
/// fit, joined by `sep`; a piece is never split (one wider than the width
/// has a line of its own, cut when drawn).
fn flow(pieces: &[String], sep: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for piece in pieces.iter().filter(|p| !p.is_empty()) {
        match lines.last_mut() {
            Some(line)
                if crate::textfit::width(line)
                    + crate::textfit::width(sep)
                    + crate::textfit::width(piece)
                    <= width =>
            {
                line.push_str(sep);
                line.push_str(piece);
            }
            _ => lines.push(piece.clone()),
        }
    }
    lines
}

/// What is said around a grid, in one of two forms: in full (the title
/// with the undated, the cursor's day written out, the whole legend), or
/// short for a small screen (the undated beside the cursor's day, the day
/// as `31/12` under the month's title, the legend without the brackets'
/// line).
struct Words {
    title: Vec<String>,
    footer: Vec<String>,
}

impl Words {
    fn new(
        cal: &CalendarState,
        lang: Language,
        span: (NaiveDate, NaiveDate),
        name: String,
        short: bool,
        width: usize,
    ) -> Words {
        let words = calendar_words(lang);
        let total = cal.counts.between(span.0, span.1);
        let head = format!(
            "‹ {name} › · {} {}",
            thousands(total),
            labels(lang).articles_for(total)
        );
        let undated = match cal.counts.undated {
            0 => String::new(),
            n => format!("{} {}", thousands(n), labels(lang).undated),
        };
        let n = cal.counts.on(cal.cursor);
        let count = match n {
            0 => words.no_articles.to_string(),
            n => format!("{} {}", thousands(n), labels(lang).articles_for(n)),
        };
        let marks: String = Density::STEPS.iter().map(|d| d.glyph()).collect();
        let scale = format!("· {} {marks} {}", words.fewer, words.more);
        let today = format!("* {}", words.today);
        let article = format!("• {}", words.this_article);
        match short {
            false => Words {
                title: flow(&[head, undated], " · ", width),
                footer: [
                    flow(
                        &[format!("{}: {count}", i18n::long_date(lang, cal.cursor))],
                        "",
                        width,
                    ),
                    flow(
                        &[format!("[ ] {}", words.hint_day), today, article, scale],
                        "  ",
                        width,
                    ),
                ]
                .concat(),
            },
            true => Words {
                title: vec![head],
                footer: [
                    flow(
                        &[format!("{}: {count}", cal.cursor.format("%d/%m")), undated],
                        " · ",
                        width,
                    ),
                    flow(&[today, article, scale], " ", width),
                ]
                .concat(),
            },
        }
    }

    fn rows(&self) -> usize {
        self.title.len() + self.footer.len()
    }

    fn title_lines(&self) -> Vec<Line<'static>> {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        self.title
            .iter()
            .map(|t| Line::from(Span::styled(t.clone(), bold)))
            .collect()
    }

    fn footer_lines(&self) -> Vec<Line<'static>> {
        self.footer.iter().map(|t| Line::from(t.clone())).collect()
    }
}

/// `Thu 31/12/2020`, `T5 31/12/2020`.
fn short_date(lang: Language, day: NaiveDate) -> String {
    let weekday = calendar_words(lang).weekdays[day.weekday().num_days_from_monday() as usize % 7];
    format!("{weekday} {}", day.format("%d/%m/%Y"))
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
    let MonthLayout { cell, two, said } = month_layout(cal, lang, area);
    let mut lines = said.title_lines();
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
    lines.extend(said.footer_lines());
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

/// The year as twelve small months, four across, with what is said
/// below them, or beside them when the screen is too short for that
/// (80x24); None when the screen holds neither (the month is drawn instead).
fn year_lines(
    cal: &CalendarState,
    app: &App,
    chrome: &Chrome,
    lang: Language,
    area: Rect,
) -> Option<Vec<Line<'static>>> {
    let (said, beside) = year_layout(cal, lang, area)?;
    let (first, last) = grid::year_bounds(cal.cursor);
    let side = usize::from(area.width).saturating_sub(YEAR_WIDTH);
    let aside = match beside {
        true => side_words(cal, lang),
        false => Vec::new(),
    };
    let busiest = cal.counts.busiest(first, last);
    let today = app.options().today;
    let mut lines = said.title_lines();
    let mut aside = aside.into_iter();
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
        heads.extend(aside.next().map(|t| Span::raw(truncate(&t, side))));
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
            spans.extend(aside.next().map(|t| Span::raw(truncate(&t, side))));
            lines.push(Line::from(spans));
        }
    }
    lines.extend(said.footer_lines());
    Some(lines)
}

/// What is said beside the year, one short line each: the cursor's day
/// and its count, the undated, then the legend.
fn side_words(cal: &CalendarState, lang: Language) -> Vec<String> {
    let words = calendar_words(lang);
    let n = cal.counts.on(cal.cursor);
    let count = match n {
        0 => words.no_articles.to_string(),
        n => format!("{} {}", thousands(n), labels(lang).articles_for(n)),
    };
    let marks: String = Density::STEPS.iter().map(|d| d.glyph()).collect();
    let mut lines = vec![short_date(lang, cal.cursor), count];
    if cal.counts.undated > 0 {
        lines.push(format!(
            "{} {}",
            thousands(cal.counts.undated),
            labels(lang).undated
        ));
    }
    lines.extend([
        String::new(),
        format!("[ ] {}", words.hint_day),
        format!("* {}", words.today),
        format!("• {}", words.this_article),
        format!("· {}", words.fewer),
        format!("{marks} {}", words.more),
    ]);
    lines
}
