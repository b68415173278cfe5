//! `[[views]]`: saved views, a name for a set of filters (a search, dates, a
//! source, unread or starred only), listed in the pane of sources and views.
//! Read by `parse::views`; [`add_view`] writes a new one into a user's file
//! through toml_edit, so that its comments and layout stay as they were.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value, value};

/// Longest name a view may have, in characters.
pub const MAX_VIEW_NAME: usize = 80;

/// One `[[views]]` table: a name and any of its filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedView {
    pub name: String,
    /// A search in the query language (the last word a prefix, as typed).
    pub query: Option<String>,
    /// A date expression, as the date prompt takes it ("2020", "12/2020").
    pub date: Option<String>,
    /// An exact source name.
    pub source: Option<String>,
    pub unread: bool,
    pub starred: bool,
}

/// Two view names are the same when they fold to the same text (case and
/// accents aside): the pane finds views by folded name.
pub fn same_view_name(a: &str, b: &str) -> bool {
    crate::fold::fold(a.trim()) == crate::fold::fold(b.trim())
}

/// Why a view name cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadViewName {
    Empty,
    Control,
    /// Longer than [`MAX_VIEW_NAME`] characters.
    TooLong,
}

impl BadViewName {
    /// What is wrong and what to do, in English (config.toml's messages).
    pub fn english(self) -> String {
        match self {
            BadViewName::Empty => "is empty; give the view a name".to_string(),
            BadViewName::Control => {
                "holds a control character; write it on one line of plain text".to_string()
            }
            BadViewName::TooLong => format!("is longer than {MAX_VIEW_NAME} characters"),
        }
    }
}

/// Why a view name cannot be used, if it cannot.
pub fn check_view_name(name: &str) -> Result<(), BadViewName> {
    if name.trim().is_empty() {
        return Err(BadViewName::Empty);
    }
    if name.chars().any(char::is_control) {
        return Err(BadViewName::Control);
    }
    if name.chars().count() > MAX_VIEW_NAME {
        return Err(BadViewName::TooLong);
    }
    Ok(())
}

/// Why [`add_view`] could not add a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddViewError {
    /// A view of that name is in the file already.
    Exists(String),
    /// The file is not TOML, or its `views` is not a list of tables, or it
    /// would not load with the view in it.
    Unreadable(String),
}

/// `text` (a config.toml, possibly empty) with `view` appended as a
/// `[[views]]` table; everything else is kept byte for byte.
pub fn add_view(text: &str, view: &SavedView) -> Result<String, AddViewError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| AddViewError::Unreadable(e.message().to_string()))?;
    let mut table = Table::new();
    table.insert("name", value(view.name.as_str()));
    if let Some(q) = &view.query {
        table.insert("query", value(q.as_str()));
    }
    if let Some(d) = &view.date {
        table.insert("date", value(d.as_str()));
    }
    if let Some(s) = &view.source {
        table.insert("source", value(s.as_str()));
    }
    if view.unread {
        table.insert("unread", value(true));
    }
    if view.starred {
        table.insert("starred", value(true));
    }
    let existing = doc
        .entry("views")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    let names: Vec<String> = match existing {
        Item::ArrayOfTables(list) => list
            .iter()
            .filter_map(|t| t.get("name").and_then(Item::as_str).map(String::from))
            .collect(),
        Item::Value(Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_inline_table())
            .filter_map(|t| t.get("name").and_then(Value::as_str).map(String::from))
            .collect(),
        _ => {
            return Err(AddViewError::Unreadable(
                "its \"views\" is not a list of [[views]] tables".to_string(),
            ));
        }
    };
    if let Some(same) = names.iter().find(|n| same_view_name(n, &view.name)) {
        return Err(AddViewError::Exists(same.clone()));
    }
    match existing {
        Item::ArrayOfTables(list) => list.push(table),
        Item::Value(Value::Array(list)) => list.push(table.into_inline_table()),
        _ => {}
    }
    let mut out = doc.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
#[path = "views_tests.rs"]
mod tests;
