//! The reader's addresses as the cells they are drawn in, for the terminal
//! to show them as hyperlinks (OSC 8): the layout of `reader::body`. Only
//! an address that passes the same check as `o` is given.

use std::ops::Range;

use ratatui::layout::Rect;

use crate::app::App;
use crate::app::links::check_url;
use crate::osc::MAX_HYPERLINK;
use crate::textfit::width;

/// Cells of one screen row that show (part of) the address `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCells {
    pub row: u16,
    pub columns: Range<u16>,
    pub url: String,
}

/// The addresses on a screen of `area`, where the reader draws them; none
/// when the reader is not in front (help, a prompt or the calendar over it).
pub fn reader_links(app: &App, area: Rect) -> Vec<LinkCells> {
    // the reader, or (split) the article beside the list
    let Some(r) = app.reader_pane() else {
        return Vec::new();
    };
    if app.help().is_some() || app.prompt().is_some() || app.calendar().is_some() {
        return Vec::new();
    }
    let content = super::reader_body_area(app, area);
    let margin = usize::from(content.width).saturating_sub(r.doc.width) / 2;
    let right = usize::from(content.right());
    let mut cells = Vec::new();
    let shown = r.doc.lines.iter().skip(r.scroll);
    for (row, line) in (content.y..content.bottom()).zip(shown) {
        for (range, url) in line.links.iter().zip(&line.link_urls) {
            if url.len() > MAX_HYPERLINK || check_url(url).is_err() {
                continue;
            }
            let (Some(before), Some(text)) =
                (line.text.get(..range.start), line.text.get(range.clone()))
            else {
                continue;
            };
            let start = (usize::from(content.x) + margin + width(before)).min(right);
            let end = (start + width(text)).min(right);
            if let (Ok(start), Ok(end)) = (u16::try_from(start), u16::try_from(end))
                && start < end
            {
                cells.push(LinkCells {
                    row,
                    columns: start..end,
                    url: url.clone(),
                });
            }
        }
    }
    cells
}
