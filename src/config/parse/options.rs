//! `[ui]`, `[reader]` and `[list]`: options read one by one over the
//! earlier files' values.

use std::fmt::Write as _;

use toml::de::{DeTable, DeValue};

use super::{
    LIST_OPTIONS, Layer, READER_OPTIONS, UI_OPTIONS, Value, describe, did_you_mean, in_file_order,
};
use crate::config::{CalendarPlace, ColorChoice, Column, LanguageChoice};

impl Layer<'_> {
    pub(super) fn ui(&mut self, table: &DeTable<'_>) {
        for (key, v) in in_file_order(table) {
            let name = key.get_ref().as_ref();
            match name {
                "language" => {
                    let choices = [
                        ("auto", LanguageChoice::Auto),
                        ("en", LanguageChoice::En),
                        ("vi", LanguageChoice::Vi),
                    ];
                    if let Some(c) = self.choice("ui.language", v, &choices) {
                        self.builder.options.language = Some(c);
                    }
                }
                "ascii_borders" => {
                    if let Some(b) = self.boolean("ui.ascii_borders", v) {
                        self.builder.options.ascii_borders = Some(b);
                    }
                }
                "color" => {
                    let choices = [
                        ("auto", ColorChoice::Auto),
                        ("always", ColorChoice::Always),
                        ("never", ColorChoice::Never),
                    ];
                    if let Some(c) = self.choice("ui.color", v, &choices) {
                        self.builder.options.color = Some(c);
                    }
                }
                "key_timeout_ms" => {
                    if let Some(n) = self.integer("ui.key_timeout_ms", v, 100, 10_000) {
                        self.builder.options.key_timeout_ms = u64::try_from(n).ok();
                    }
                }
                "osc52" => {
                    if let Some(b) = self.boolean("ui.osc52", v) {
                        self.builder.options.osc52 = Some(b);
                    }
                }
                "calendar" => {
                    let choices = [
                        ("sidebar", CalendarPlace::Sidebar),
                        ("popup", CalendarPlace::Popup),
                        ("off", CalendarPlace::Off),
                    ];
                    if let Some(c) = self.choice("ui.calendar", v, &choices) {
                        self.builder.options.calendar = Some(c);
                    }
                }
                _ if super::terminal::NAMES.contains(&name) => self.terminal_option(name, v),
                "layout" | "split_min_width" | "split_arrangement" | "split_mark_read" => {
                    self.split_option(name, v)
                }
                _ => self.unknown_option(key.span(), "ui", name, UI_OPTIONS),
            }
        }
    }

    pub(super) fn reader(&mut self, table: &DeTable<'_>) {
        for (key, v) in in_file_order(table) {
            let name = key.get_ref().as_ref();
            match name {
                "max_width" => {
                    if let Some(n) = self.integer("reader.max_width", v, 20, 1000) {
                        self.builder.options.max_width = u16::try_from(n).ok();
                    }
                }
                "justify" => {
                    if let Some(b) = self.boolean("reader.justify", v) {
                        self.builder.options.justify = Some(b);
                    }
                }
                "paragraph_spacing" => {
                    if let Some(n) = self.integer("reader.paragraph_spacing", v, 0, 4) {
                        self.builder.options.paragraph_spacing = u16::try_from(n).ok();
                    }
                }
                _ => self.unknown_option(key.span(), "reader", name, READER_OPTIONS),
            }
        }
    }

    pub(super) fn list(&mut self, table: &DeTable<'_>) {
        for (key, v) in in_file_order(table) {
            let name = key.get_ref().as_ref();
            match name {
                "date_format" => {
                    let Some(fmt) = self.string("list.date_format", v) else {
                        continue;
                    };
                    match check_date_format(fmt) {
                        Ok(()) => self.builder.options.date_format = Some(fmt.to_string()),
                        Err(msg) => self.error(v.span(), format!("list.date_format: {msg}")),
                    }
                }
                "columns" => {
                    if let Some(cols) = self.columns(v) {
                        self.builder.options.columns = Some(cols);
                    }
                }
                _ => self.unknown_option(key.span(), "list", name, LIST_OPTIONS),
            }
        }
    }

    fn columns(&mut self, v: &Value<'_>) -> Option<Vec<Column>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                v.span(),
                format!(
                    "list.columns must be an array such as [\"date\", \"title\"], not {}",
                    describe(v.get_ref())
                ),
            );
            return None;
        };
        if items.is_empty() {
            self.error(v.span(), "list.columns must name at least one column");
            return None;
        }
        let names = Column::ALL.map(Column::name);
        let mut cols = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            let Some(s) = self.string("each of list.columns", item) else {
                ok = false;
                continue;
            };
            match Column::ALL.into_iter().find(|c| c.name() == s) {
                Some(c) if cols.contains(&c) => {
                    self.error(item.span(), format!("column \"{s}\" is listed twice"));
                    ok = false;
                }
                Some(c) => cols.push(c),
                None => {
                    self.error(
                        item.span(),
                        format!("unknown column \"{s}\"{}", did_you_mean(s, &names)),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(cols)
    }
}

/// A chrono format must parse and must format a date without a time zone.
fn check_date_format(fmt: &str) -> Result<(), String> {
    use chrono::format::StrftimeItems;
    if fmt.is_empty() {
        return Err("the format is empty".into());
    }
    let items = StrftimeItems::new(fmt)
        .parse()
        .map_err(|_| format!("\"{fmt}\" is not a valid chrono format (see `%d/%m/%Y %H:%M`)"))?;
    let sample = chrono::NaiveDate::from_ymd_opt(2020, 12, 31)
        .and_then(|d| d.and_hms_opt(19, 20, 0))
        .ok_or("internal: sample date")?;
    let mut out = String::new();
    write!(out, "{}", sample.format_with_items(items.iter()))
        .map_err(|_| format!("\"{fmt}\" needs a time zone, which article dates do not have"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats() {
        assert!(check_date_format("%d/%m/%Y %H:%M").is_ok());
        assert!(check_date_format("%Q").is_err());
        assert!(check_date_format("%d %").is_err());
        assert!(check_date_format("%z").unwrap_err().contains("time zone"));
        assert!(check_date_format("").is_err());
    }
}
