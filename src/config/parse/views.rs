//! `[[views]]`: every file adds its views; a second view of the same name
//! (case and accents aside) is reported with where the first was.

use std::ops::Range;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::{Layer, Value, describe, did_you_mean, in_file_order};
use crate::config::views::{SavedView, check_view_name, same_view_name};
use crate::dates::DateFilter;

pub(super) const VIEW_OPTIONS: &[&str] = &["name", "query", "date", "source", "unread", "starred"];

/// Where a view was defined, to report a second use of its name.
#[derive(Debug, Clone)]
pub(super) struct ViewOrigin {
    layer: usize,
    line: usize,
}

impl Layer<'_> {
    pub(super) fn views(&mut self, value: &Value<'_>) {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                value.span(),
                format!(
                    "views must be a list of [[views]] tables, not {}",
                    describe(value.get_ref())
                ),
            );
            return;
        };
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => self.view(item.span(), t),
                other => self.error(
                    item.span(),
                    format!(
                        "each view must be a table with name = \"...\", not {}",
                        describe(other)
                    ),
                ),
            }
        }
    }

    fn view(&mut self, span: Range<usize>, table: &DeTable<'_>) {
        let mut view = SavedView::default();
        let mut name_span = None;
        let mut ok = true;
        for (key, v) in in_file_order(table) {
            match key.get_ref().as_ref() {
                "name" => match self.string("views.name", v) {
                    Some(s) => match check_view_name(s) {
                        Ok(()) => {
                            view.name = s.trim().to_string();
                            name_span = Some(v.span());
                        }
                        Err(why) => {
                            self.error(v.span(), format!("views.name \"{s}\" {}", why.english()));
                            ok = false;
                        }
                    },
                    None => ok = false,
                },
                "query" => match self.view_text("views.query", v) {
                    Some(s) => view.query = Some(s),
                    None => ok = false,
                },
                "date" => match self.view_text("views.date", v) {
                    Some(s) => match check_date(&s) {
                        Ok(()) => view.date = Some(s),
                        Err(why) => {
                            self.error(v.span(), format!("views.date: {why}"));
                            ok = false;
                        }
                    },
                    None => ok = false,
                },
                "source" => match self.view_text("views.source", v) {
                    Some(s) => view.source = Some(s),
                    None => ok = false,
                },
                "unread" => match self.boolean("views.unread", v) {
                    Some(b) => view.unread = b,
                    None => ok = false,
                },
                "starred" => match self.boolean("views.starred", v) {
                    Some(b) => view.starred = b,
                    None => ok = false,
                },
                other => {
                    self.error(
                        key.span(),
                        format!(
                            "unknown option \"{other}\" in [[views]]{}",
                            did_you_mean(other, VIEW_OPTIONS)
                        ),
                    );
                    ok = false;
                }
            }
        }
        let Some(name_span) = name_span else {
            if ok {
                self.error(span, "a [[views]] table needs name = \"...\"");
            }
            return;
        };
        if !ok {
            return;
        }
        let (line, _) = self.position(name_span.start);
        let here = self.index;
        let earlier = self
            .builder
            .views
            .iter()
            .find(|(v, _)| same_view_name(&v.name, &view.name))
            .map(|(_, o)| match o.layer == here {
                true => format!("line {}", o.line),
                false => {
                    let file = self.builder.files.get(o.layer).map_or("", String::as_str);
                    format!("{file} line {}", o.line)
                }
            });
        if let Some(at) = earlier {
            self.error(
                name_span,
                format!(
                    "view name \"{}\" is already used on {at}; give this view another name",
                    view.name
                ),
            );
            return;
        }
        self.builder
            .views
            .push((view, ViewOrigin { layer: here, line }));
    }

    /// A string with something in it, on one line.
    fn view_text(&mut self, what: &str, v: &Value<'_>) -> Option<String> {
        let s = self.string(what, v)?;
        if s.trim().is_empty() {
            self.error(
                v.span(),
                format!("{what} is empty; write what to filter by, or leave it out"),
            );
            return None;
        }
        if s.chars().any(char::is_control) {
            self.error(
                v.span(),
                format!("{what} holds a control character; write it on one line of plain text"),
            );
            return None;
        }
        Some(s.to_string())
    }
}

/// Is `text` a date expression? Relative ones ("hôm nay") are read again
/// each time the view is chosen, so any day checks the syntax.
fn check_date(text: &str) -> Result<(), String> {
    let any_day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    DateFilter::parse(text, any_day)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
