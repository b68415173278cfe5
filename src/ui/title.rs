//! The terminal window's title (`ui.title`): the program and the view,
//! `xemtin — 31/12/2020`, the article's title in the reader, the month in
//! the calendar. The caller cleans it (`osc::title`) before it is written.

use super::list::describe_filter;
use crate::app::App;
use crate::i18n::{labels, month_title};

pub fn window_title(app: &App) -> String {
    let name = labels(app.language()).app_name;
    let view = match (app.calendar(), app.reader()) {
        (Some(cal), _) => month_title(app.language(), cal.cursor),
        (None, Some(r)) => r.article.title.clone(),
        (None, None) => describe_filter(app),
    };
    format!("{name} — {view}")
}
