//! The reader: the article's wrapped document, centred in the pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Chrome;
use crate::app::App;
use crate::app::reader::{DocLine, LineKind, ReaderState};
use crate::i18n::labels;
use crate::textfit::{pad_left, truncate, width};

pub(super) fn header(frame: &mut Frame, area: Rect, app: &App, r: &ReaderState, chrome: &Chrome) {
    let l = labels(app.language());
    let total = usize::from(area.width);
    let position = match app.counting() {
        true => format!("{}/…", app.list().selected + 1),
        false => format!("{}/{}", app.list().selected + 1, app.list().total),
    };
    let percent = format!("{position} {:>3}%", r.percent(app.reader_rows()));
    let right = format!(" {percent}");
    let left_cols = total.saturating_sub(width(&right));
    let source = r.article.source.as_deref().unwrap_or("");
    let left = truncate(&format!("{} · {source}", l.app_name), left_cols);
    let line = Line::from(vec![
        Span::raw(left.clone()),
        Span::raw(pad_left(&right, total.saturating_sub(width(&left)))),
    ])
    .style(chrome.theme.reader_title);
    frame.render_widget(Paragraph::new(line), area);
}

pub(super) fn body(frame: &mut Frame, area: Rect, r: &ReaderState, chrome: &Chrome) {
    let margin = usize::from(area.width).saturating_sub(r.doc.width) / 2;
    let indent = " ".repeat(margin);
    let lines: Vec<Line> = r
        .doc
        .lines
        .iter()
        .skip(r.scroll)
        .take(usize::from(area.height))
        .map(|l| {
            let style = match l.kind {
                LineKind::Title => chrome.theme.reader_title,
                LineKind::Meta => chrome.theme.reader_meta,
                LineKind::Body | LineKind::Preformatted | LineKind::Blank => {
                    chrome.theme.reader_body
                }
            };
            let mut spans = vec![Span::raw(indent.clone())];
            spans.extend(styled_pieces(l, style, chrome));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The line cut where links and search matches begin and end, each piece
/// with its style (a match wins over a link).
fn styled_pieces<'a>(l: &'a DocLine, style: Style, chrome: &Chrome) -> Vec<Span<'a>> {
    let mut cuts = vec![0, l.text.len()];
    for r in l.links.iter().chain(&l.matches) {
        cuts.push(r.start);
        cuts.push(r.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let inside =
        |ranges: &[std::ops::Range<usize>], at: usize| ranges.iter().any(|r| r.contains(&at));
    cuts.windows(2)
        .filter_map(|w| {
            let piece = l.text.get(w[0]..w[1])?;
            let style = if inside(&l.matches, w[0]) {
                chrome.theme.search_match
            } else if inside(&l.links, w[0]) {
                chrome.theme.reader_link
            } else {
                style
            };
            Some(Span::styled(piece, style))
        })
        .collect()
}
