//! The article list: one row per article in the columns of `list.columns`,
//! which give way to the title as the terminal narrows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Chrome;
use crate::app::App;
use crate::catalog::Summary;
use crate::config::Column;
use crate::datefmt::format_published;
use crate::i18n::labels;
use crate::search::{Column as SearchColumn, Query, highlight_column};
use crate::textfit::{pad, pad_left, truncate, width};

const SOURCE_COLS: usize = 16;
const VIEWS_COLS: usize = 6;
const MIN_TITLE: usize = 20;

/// The columns to draw with their widths (the title takes what is left).
/// Optional columns are dropped, source first, then views, then date,
/// until the title has MIN_TITLE columns.
fn layout(wanted: &[Column], date_cols: usize, total: usize) -> Vec<(Column, usize)> {
    let fixed = |c: Column| match c {
        Column::Date => date_cols,
        Column::Source => SOURCE_COLS,
        Column::Views => VIEWS_COLS,
        Column::Title => 0,
    };
    let mut shown: Vec<Column> = wanted.to_vec();
    let has_title = shown.contains(&Column::Title);
    let used = |shown: &[Column]| -> usize {
        shown
            .iter()
            .filter(|&&c| c != Column::Title)
            .map(|&c| fixed(c) + 1)
            .sum()
    };
    for drop in [Column::Source, Column::Views, Column::Date] {
        let room = if has_title { MIN_TITLE } else { 0 };
        if used(&shown) + room <= total {
            break;
        }
        shown.retain(|&c| c != drop);
    }
    let title_cols = total.saturating_sub(used(&shown));
    shown
        .into_iter()
        .map(|c| {
            (
                c,
                if c == Column::Title {
                    title_cols
                } else {
                    fixed(c)
                },
            )
        })
        .collect()
}

/// The title cut to `cols` columns, with the search matches styled.
fn highlighted(
    title: &str,
    cols: usize,
    query: Option<&Query>,
    chrome: &Chrome,
) -> Vec<Span<'static>> {
    let text = pad(title, cols);
    let Some(q) = query else {
        return vec![Span::raw(text)];
    };
    let mut spans = Vec::new();
    let mut at = 0;
    for r in highlight_column(&text, q, SearchColumn::Title) {
        if let (Some(before), Some(hit)) = (text.get(at..r.start), text.get(r.clone())) {
            spans.push(Span::raw(before.to_string()));
            spans.push(Span::styled(hit.to_string(), chrome.theme.search_match));
            at = r.end;
        }
    }
    spans.push(Span::raw(text.get(at..).unwrap_or("").to_string()));
    spans
}

fn row_spans<'a>(
    article: &'a Summary,
    columns: &[(Column, usize)],
    query: Option<&Query>,
    chrome: &Chrome,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    for (i, &(column, cols)) in columns.iter().enumerate() {
        let gap = if i + 1 < columns.len() { " " } else { "" };
        let span = match column {
            Column::Date => {
                let text = article.published.map_or_else(
                    || "–".to_string(),
                    |p| format_published(&p, &chrome.date_format),
                );
                Span::styled(pad(&text, cols) + gap, chrome.theme.list_date)
            }
            Column::Source => {
                let text = article.source.as_deref().unwrap_or("");
                Span::styled(pad(text, cols) + gap, chrome.theme.list_source)
            }
            Column::Views => {
                let text = article.views.map(|v| v.to_string()).unwrap_or_default();
                Span::styled(pad_left(&text, cols) + gap, chrome.theme.list_date)
            }
            Column::Title => {
                spans.extend(highlighted(&article.title, cols, query, chrome));
                Span::raw(gap)
            }
        };
        spans.push(span);
    }
    spans
}

/// The active filter in words: `11/2026 · Báo A · unread only`.
pub(super) fn describe_filter(app: &App) -> String {
    let l = labels(app.language());
    let f = app.filter();
    let mut parts = vec![match (f.dates, f.undated_only) {
        (_, true) => l.undated.to_string(),
        (Some(d), false) => d.label(),
        (None, false) => l.all_dates.to_string(),
    }];
    if let Some(s) = &f.source {
        parts.push(s.clone());
    }
    if let Some(text) = &f.text {
        let order = if f.by_relevance {
            l.by_relevance
        } else {
            l.by_date
        };
        parts.push(format!("“{text}” ({order})"));
    }
    if f.unread_only {
        parts.push(l.unread_only.to_string());
    }
    if f.starred_only {
        parts.push(l.starred_only.to_string());
    }
    parts.join(" · ")
}

pub(super) fn header(frame: &mut Frame, area: Rect, app: &App, chrome: &Chrome) {
    let l = labels(app.language());
    let counts = match app.counting() {
        true => crate::i18n::Word::Counting.text(app.language()).to_string(),
        false => format!(
            "{} {} · {} {}",
            app.list().total,
            l.articles_for(app.list().total),
            app.unread(),
            l.unread
        ),
    };
    let text = format!("{} · {counts} · {}", l.app_name, describe_filter(app));
    let line = Line::from(Span::styled(
        truncate(&text, usize::from(area.width)),
        chrome.theme.reader_title,
    ));
    frame.render_widget(Paragraph::new(line), area);
}

pub(super) fn body(frame: &mut Frame, area: Rect, app: &App, chrome: &Chrome) {
    let l = labels(app.language());
    let total = usize::from(area.width);
    if app.list().total == 0 {
        let text = if *app.filter() == crate::catalog::Filter::default() {
            l.empty_folder.to_string()
        } else {
            format!("{} {}", l.nothing_on, describe_filter(app))
        };
        frame.render_widget(Paragraph::new(truncate(&text, total)), area);
        return;
    }
    let query = app.filter().query();
    let rows: Vec<(usize, &Summary)> = app
        .list()
        .on_screen(usize::from(area.height))
        .filter_map(|position| Some((position, app.list().row(position)?)))
        .collect();
    let columns = layout(
        &filled_columns(&chrome.columns, rows.iter().map(|(_, row)| *row)),
        chrome.date_cols(),
        total.saturating_sub(FLAG_COLS),
    );
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|(position, row)| {
            let mut spans = vec![Span::raw(flag(row))];
            spans.extend(row_spans(row, &columns, query.as_ref(), chrome));
            let line = Line::from(spans);
            if position == app.list().selected {
                line.style(chrome.theme.list_selected)
            } else if !row.read {
                line.style(chrome.theme.list_unread)
            } else {
                line.style(Style::default())
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The columns of `wanted` but the source and the views when no row on
/// screen has one: a folder of blog posts or of text files has neither, and
/// their empty columns took 24 columns from the titles.
fn filled_columns<'a>(wanted: &[Column], rows: impl Iterator<Item = &'a Summary>) -> Vec<Column> {
    let (mut source, mut views) = (false, false);
    for row in rows {
        source |= row.source.as_deref().is_some_and(|s| !s.is_empty());
        views |= row.views.is_some();
    }
    wanted
        .iter()
        .copied()
        .filter(|c| match c {
            Column::Source => source,
            Column::Views => views,
            Column::Date | Column::Title => true,
        })
        .collect()
}

/// The mark before each row: `*` starred, `N` unread (new), else blank.
/// ASCII on purpose: stars and bullets are double width in some terminals.
const FLAG_COLS: usize = 2;

fn flag(row: &Summary) -> &'static str {
    if row.starred {
        "* "
    } else if !row.read {
        "N "
    } else {
        "  "
    }
}

/// Columns a date takes in this format (measured on a wide sample date).
pub(super) fn date_width(format: &str) -> usize {
    let sample = crate::article::Published {
        date: chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap_or_default(),
        time: chrono::NaiveTime::from_hms_opt(23, 59, 59),
        instant: None,
    };
    width(&format_published(&sample, format)).clamp(1, 32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Column::*;

    const ALL: [Column; 4] = [Date, Source, Views, Title];

    fn names(l: &[(Column, usize)]) -> Vec<Column> {
        l.iter().map(|(c, _)| *c).collect()
    }

    #[test]
    fn columns_give_way_to_the_title() {
        assert_eq!(
            layout(&ALL, 16, 80),
            [(Date, 16), (Source, 16), (Views, 6), (Title, 39)]
        );
        assert_eq!(names(&layout(&ALL, 16, 50)), [Date, Views, Title]);
        assert_eq!(names(&layout(&ALL, 16, 40)), [Date, Title]);
        assert_eq!(names(&layout(&ALL, 16, 30)), [Title]);
        assert_eq!(layout(&ALL, 16, 0), [(Title, 0)]);
    }

    #[test]
    fn configured_order_is_kept() {
        assert_eq!(names(&layout(&[Title, Date], 10, 80)), [Title, Date]);
        assert_eq!(layout(&[Title, Date], 10, 80)[0], (Title, 69));
    }

    fn row(source: Option<&str>, views: Option<u64>) -> Summary {
        Summary {
            id: "a.md".into(),
            title: "A title".into(),
            published: None,
            source: source.map(str::to_string),
            views,
            read: false,
            starred: false,
            row: None,
            file: None,
        }
    }

    #[test]
    fn empty_source_and_views_columns_give_their_room_to_the_title() {
        let none = [row(None, None), row(Some(""), None)];
        assert_eq!(filled_columns(&ALL, none.iter()), [Date, Title]);
        // one row on screen with a source, or views, keeps its column
        let some = [row(None, None), row(Some("Báo A"), None)];
        assert_eq!(filled_columns(&ALL, some.iter()), [Date, Source, Title]);
        let viewed = [row(None, Some(0)), row(None, None)];
        assert_eq!(filled_columns(&ALL, viewed.iter()), [Date, Views, Title]);
        // the configured order stays
        let both = [row(Some("x"), Some(3))];
        assert_eq!(
            filled_columns(&[Title, Views, Source, Date], both.iter()),
            [Title, Views, Source, Date]
        );
        // at 80 columns, the title of a folder of posts gets 63, not 39
        assert_eq!(
            layout(&filled_columns(&ALL, none.iter()), 16, 80),
            [(Date, 16), (Title, 63)]
        );
    }

    #[test]
    fn date_width_follows_the_format() {
        assert_eq!(date_width("%d/%m/%Y %H:%M"), 16);
        assert_eq!(date_width("%Y"), 4);
    }
}
