//! The article list: one row per article, columns that give way to the
//! title as the terminal narrows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Chrome;
use crate::app::App;
use crate::article::Article;
use crate::i18n::labels;
use crate::textfit::{pad, pad_left, truncate};

const DATE_COLS: usize = 16;
const SOURCE_COLS: usize = 16;
const VIEWS_COLS: usize = 6;
const MIN_TITLE: usize = 20;

/// Which optional columns fit beside a title of at least MIN_TITLE columns.
fn columns(total: usize) -> (bool, bool, bool) {
    let with = |cols: usize| total >= cols + MIN_TITLE;
    let date = with(DATE_COLS + 1);
    let views = date && with(DATE_COLS + VIEWS_COLS + 2);
    let source = views && with(DATE_COLS + VIEWS_COLS + SOURCE_COLS + 3);
    (date, source, views)
}

fn row_spans<'a>(article: &'a Article, total: usize, chrome: &Chrome) -> Vec<Span<'a>> {
    let (date, source, views) = columns(total);
    let mut spans = Vec::new();
    let mut used = 0;
    if date {
        let text = article
            .published
            .map_or_else(|| "–".to_string(), |p| p.short());
        spans.push(Span::styled(
            pad(&text, DATE_COLS) + " ",
            chrome.theme.list_date,
        ));
        used += DATE_COLS + 1;
    }
    if source {
        let text = article.source.as_deref().unwrap_or("");
        spans.push(Span::styled(
            pad(text, SOURCE_COLS) + " ",
            chrome.theme.list_source,
        ));
        used += SOURCE_COLS + 1;
    }
    if views {
        let text = article.views.map(|v| v.to_string()).unwrap_or_default();
        spans.push(Span::styled(
            pad_left(&text, VIEWS_COLS) + " ",
            chrome.theme.list_date,
        ));
        used += VIEWS_COLS + 1;
    }
    spans.push(Span::raw(pad(&article.title, total.saturating_sub(used))));
    spans
}

pub(super) fn header(frame: &mut Frame, area: Rect, app: &App, chrome: &Chrome) {
    let l = labels(app.options.language);
    let filter = app
        .filter
        .map_or_else(|| l.all_dates.to_string(), |f| f.label());
    let text = format!(
        "{} · {} {} · {}",
        l.app_name,
        app.list.rows.len(),
        l.articles,
        filter
    );
    let line = Line::from(Span::styled(
        truncate(&text, usize::from(area.width)),
        chrome.theme.reader_title,
    ));
    frame.render_widget(Paragraph::new(line), area);
}

pub(super) fn body(frame: &mut Frame, area: Rect, app: &App, chrome: &Chrome) {
    let l = labels(app.options.language);
    let total = usize::from(area.width);
    if app.list.rows.is_empty() {
        let text = match app.filter {
            Some(f) => format!("{} {}", l.nothing_on, f.label()),
            None => l.empty_folder.to_string(),
        };
        frame.render_widget(Paragraph::new(truncate(&text, total)), area);
        return;
    }
    let rows = usize::from(area.height);
    let lines: Vec<Line> = app
        .list
        .rows
        .iter()
        .enumerate()
        .skip(app.list.offset)
        .take(rows)
        .filter_map(|(row, &index)| {
            let article = app.article(index)?;
            let spans = row_spans(article, total, chrome);
            let line = Line::from(spans);
            Some(if row == app.list.selected {
                line.style(chrome.theme.list_selected)
            } else {
                line.style(Style::default())
            })
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::columns;

    #[test]
    fn columns_give_way_to_the_title() {
        assert_eq!(columns(80), (true, true, true));
        assert_eq!(columns(50), (true, false, true));
        assert_eq!(columns(40), (true, false, false));
        assert_eq!(columns(30), (false, false, false));
        assert_eq!(columns(0), (false, false, false));
    }
}
