//! Walks the spanned TOML tree of each file, applies what it finds over the
//! previous layers, and records every mistake with its position.
//!
//! This file holds the [`Builder`] (the merged result so far), the [`Layer`]
//! (one file being applied: positions, errors, the top-level tables) and the
//! readers of single values (booleans, bounded integers, strings, choices).
//! Each table has its own file: `options` (`[ui]`, `[reader]`, `[list]`),
//! `theme` (`[theme]`), `keys` (`[keys.*]` and the prefix check after
//! merging) and `feeds` (`[[feeds]]`).

mod feeds;
mod fetch;
mod keys;
mod options;
mod split;
mod terminal;
mod theme;
mod views;

use std::collections::HashMap;
use std::ops::Range;
use std::time::Duration;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::feeds::FeedEntry;
use super::theme::Theme;
use super::{
    CalendarPlace, ColorChoice, Column, Config, ConfigError, FetchConfig, LanguageChoice,
    ListConfig, ReaderConfig, UiConfig,
};
use crate::action::closest;
use crate::ingest::clean::escape_controls;
use crate::keymap::{Context, Key, Keymap};

const TABLES: &[&str] = &[
    "ui", "reader", "list", "theme", "keys", "feeds", "fetch", "views",
];
const FEED_OPTIONS: &[&str] = &["url", "name", "tags", "every_minutes"];
const FETCH_OPTIONS: &[&str] = &["on_start", "every_minutes"];
const UI_OPTIONS: &[&str] = &[
    "language",
    "ascii_borders",
    "color",
    "key_timeout_ms",
    "osc52",
    "calendar",
    "mouse",
    "scroll_lines",
    "hyperlinks",
    "title",
    "notify",
    "layout",
    "split_min_width",
    "split_arrangement",
    "split_mark_read",
];
const READER_OPTIONS: &[&str] = &["max_width", "justify", "paragraph_spacing"];
const LIST_OPTIONS: &[&str] = &["date_format", "columns"];

/// Where a binding was set, to report conflicts found after merging.
#[derive(Debug, Clone)]
struct Origin {
    layer: usize,
    pos: usize,
    line: usize,
    column: usize,
}

/// Where a feed was listed, to report a second use of its name or address.
#[derive(Debug, Clone)]
struct FeedOrigin {
    layer: usize,
    line: usize,
}

/// Options as set so far; `None` until a layer sets them.
#[derive(Debug, Default)]
struct Options {
    language: Option<LanguageChoice>,
    ascii_borders: Option<bool>,
    color: Option<ColorChoice>,
    key_timeout_ms: Option<u64>,
    osc52: Option<bool>,
    calendar: Option<CalendarPlace>,
    terminal: terminal::TerminalSet,
    split: split::SplitOptions,
    max_width: Option<u16>,
    justify: Option<bool>,
    paragraph_spacing: Option<u16>,
    date_format: Option<String>,
    columns: Option<Vec<Column>>,
    fetch_on_start: Option<bool>,
    fetch_every_minutes: Option<u32>,
    theme: Theme,
    theme_set: Vec<&'static str>,
}

/// Builds a [`Config`] from successive files, defaults first.
#[derive(Debug, Default)]
pub(super) struct Builder {
    options: Options,
    keys: Keymap,
    origins: HashMap<(Context, Vec<Key>), Origin>,
    feeds: Vec<(FeedEntry, FeedOrigin)>,
    /// Index in `feeds` by url, and by name in ASCII lower case: a file of
    /// thousands of feeds is checked for repeats in linear time.
    feed_urls: HashMap<String, usize>,
    feed_names: HashMap<String, usize>,
    views: Vec<(super::views::SavedView, views::ViewOrigin)>,
    files: Vec<String>,
    errors: Vec<(usize, usize, ConfigError)>,
}

/// Errors reported for one file at most; past this, one more error says
/// how many were left out. A file that is not TOML at all (a binary, a
/// file of the wrong kind) would otherwise give thousands of lines.
const MAX_ERRORS_PER_FILE: usize = 50;

/// One file being applied.
struct Layer<'b> {
    index: usize,
    file: &'b str,
    text: &'b str,
    /// Byte offset where each line starts, for positions in O(log n).
    line_starts: Vec<usize>,
    /// Errors reported so far, and the ones left out (with where the first
    /// of those was).
    reported: usize,
    left_out: usize,
    first_left_out: usize,
    builder: &'b mut Builder,
}

type Value<'i> = Spanned<DeValue<'i>>;

fn describe(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn did_you_mean(given: &str, candidates: &[&'static str]) -> String {
    match closest(given, candidates.iter().copied()) {
        Some(s) => format!(" — did you mean \"{s}\"?"),
        None => format!(" (expected one of: {})", candidates.join(", ")),
    }
}

/// Entries of a table in the order they appear in the file.
fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

impl Builder {
    /// Apply one file over what earlier files set.
    pub(super) fn layer(&mut self, file: &str, text: &str) {
        let index = self.files.len();
        self.files.push(file.to_string());
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut layer = Layer {
            index,
            file,
            text,
            line_starts,
            reported: 0,
            left_out: 0,
            first_left_out: 0,
            builder: self,
        };
        layer.apply();
        layer.report_left_out();
    }

    /// The merged configuration, or every error found.
    pub(super) fn finish(mut self) -> Result<Config, Vec<ConfigError>> {
        self.check_prefixes();
        let o = self.options;
        let missing = |name: &str| ConfigError {
            file: super::DEFAULT_NAME.to_string(),
            line: 1,
            column: 1,
            message: format!("option {name} is missing from the defaults"),
        };
        let mut errors: Vec<_> = std::mem::take(&mut self.errors);
        errors.sort_by_key(|a| (a.0, a.1));
        let mut errors: Vec<ConfigError> = errors.into_iter().map(|(_, _, e)| e).collect();
        for slot in Theme::SLOTS {
            if !o.theme_set.contains(slot) {
                errors.push(missing(&format!("theme.{slot}")));
            }
        }
        macro_rules! need {
            ($field:ident, $name:literal) => {
                match o.$field {
                    Some(v) => Some(v),
                    None => {
                        errors.push(missing($name));
                        None
                    }
                }
            };
        }
        let language = need!(language, "ui.language");
        let ascii_borders = need!(ascii_borders, "ui.ascii_borders");
        let color = need!(color, "ui.color");
        let key_timeout_ms = need!(key_timeout_ms, "ui.key_timeout_ms");
        let osc52 = need!(osc52, "ui.osc52");
        let calendar = need!(calendar, "ui.calendar");
        let terminal = o.terminal.finish().unwrap_or_else(|names| {
            errors.extend(names.into_iter().map(missing));
            Default::default()
        });
        let split = o.split.finish(&mut errors, missing);
        let max_width = need!(max_width, "reader.max_width");
        let justify = need!(justify, "reader.justify");
        let paragraph_spacing = need!(paragraph_spacing, "reader.paragraph_spacing");
        let date_format = need!(date_format, "list.date_format");
        let columns = need!(columns, "list.columns");
        let fetch = FetchConfig {
            on_start: need!(fetch_on_start, "fetch.on_start").unwrap_or_default(),
            every_minutes: need!(fetch_every_minutes, "fetch.every_minutes").unwrap_or_default(),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        match (
            language,
            ascii_borders,
            color,
            key_timeout_ms,
            osc52,
            calendar,
            max_width,
            justify,
            paragraph_spacing,
            date_format,
            columns,
        ) {
            (
                Some(language),
                Some(ascii_borders),
                Some(color),
                Some(key_timeout_ms),
                Some(osc52),
                Some(calendar),
                Some(max_width),
                Some(justify),
                Some(paragraph_spacing),
                Some(date_format),
                Some(columns),
            ) => Ok(Config {
                keys: self.keys,
                ui: UiConfig {
                    language,
                    ascii_borders,
                    color,
                    key_timeout: Duration::from_millis(key_timeout_ms),
                    osc52,
                    calendar,
                    terminal,
                    split,
                },
                reader: ReaderConfig {
                    max_width,
                    justify,
                    paragraph_spacing,
                },
                list: ListConfig {
                    date_format,
                    columns,
                },
                theme: o.theme,
                fetch,
                feeds: self.feeds.into_iter().map(|(f, _)| f).collect(),
                views: self.views.into_iter().map(|(v, _)| v).collect(),
            }),
            _ => Err(errors),
        }
    }
}

impl Layer<'_> {
    /// 1-based line and column (in characters) of a byte offset: a binary
    /// search of the line starts, then a count along that one line, so that
    /// a file with thousands of bindings or errors stays linear.
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = line
            .checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line.max(1), column)
    }

    /// Report a mistake at `span`. Control characters in the message (it
    /// quotes what the file says) are written as escapes, so that a message
    /// cannot drive the terminal it is printed on.
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        if self.reported >= MAX_ERRORS_PER_FILE {
            if self.left_out == 0 {
                self.first_left_out = span.start;
            }
            self.left_out += 1;
            return;
        }
        self.reported += 1;
        let (line, column) = self.position(span.start);
        let message = message.into();
        self.builder.errors.push((
            self.index,
            span.start,
            ConfigError {
                file: self.file.to_string(),
                line,
                column,
                message: escape_controls(&message).into_owned(),
            },
        ));
    }

    /// One last error saying how many were not reported, if any.
    fn report_left_out(&mut self) {
        if self.left_out == 0 {
            return;
        }
        let (line, column) = self.position(self.first_left_out);
        self.builder.errors.push((
            self.index,
            self.first_left_out,
            ConfigError {
                file: self.file.to_string(),
                line,
                column,
                message: format!(
                    "{} more errors from here on are not shown; fix the ones above first (is this a config.toml?)",
                    self.left_out
                ),
            },
        ));
    }

    fn apply(&mut self) {
        let text = self.text;
        let (root, parse_errors) = DeTable::parse_recoverable(text);
        if !parse_errors.is_empty() {
            // What the parser recovers after a syntax error can hold keys
            // nobody wrote; report the syntax errors alone.
            for e in parse_errors {
                let span = e.span().unwrap_or(0..0);
                self.error(span, format!("TOML syntax: {}", e.message().trim_end()));
            }
            return;
        }
        for (key, value) in in_file_order(root.get_ref()) {
            let name = key.get_ref().as_ref();
            match name {
                "feeds" => self.feeds(value),
                "views" => self.views(value),
                "ui" | "reader" | "list" | "theme" | "keys" | "fetch" => {
                    let Some(table) = self.table(name, value) else {
                        continue;
                    };
                    match name {
                        "ui" => self.ui(table),
                        "reader" => self.reader(table),
                        "list" => self.list(table),
                        "theme" => self.theme(table),
                        "fetch" => self.fetch(table),
                        _ => self.keys(table),
                    }
                }
                _ => {
                    let home = [
                        ("ui", UI_OPTIONS),
                        ("reader", READER_OPTIONS),
                        ("list", LIST_OPTIONS),
                        ("fetch", FETCH_OPTIONS),
                    ]
                    .into_iter()
                    .find(|(_, opts)| opts.contains(&name))
                    .map(|(t, _)| t)
                    .or_else(|| Theme::SLOTS.contains(&name).then_some("theme"));
                    let message = match home {
                        Some(t) => format!("\"{name}\" belongs in the [{t}] table"),
                        None if FEED_OPTIONS.contains(&name) => {
                            format!("\"{name}\" belongs in a [[feeds]] table")
                        }
                        None => format!("unknown table \"{name}\"{}", did_you_mean(name, TABLES)),
                    };
                    self.error(key.span(), message);
                }
            }
        }
    }

    fn table<'t, 'i>(&mut self, name: &str, value: &'t Value<'i>) -> Option<&'t DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(
                    value.span(),
                    format!("{name} must be a table, not {}", describe(other)),
                );
                None
            }
        }
    }

    fn unknown_option(
        &mut self,
        span: Range<usize>,
        table: &str,
        name: &str,
        known: &[&'static str],
    ) {
        self.error(
            span,
            format!(
                "unknown option \"{name}\" in [{table}]{}",
                did_you_mean(name, known)
            ),
        );
    }

    fn boolean(&mut self, what: &str, v: &Value<'_>) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.error(
                    v.span(),
                    format!("{what} must be true or false, not {}", describe(other)),
                );
                None
            }
        }
    }

    fn integer(&mut self, what: &str, v: &Value<'_>, min: i64, max: i64) -> Option<i64> {
        let DeValue::Integer(i) = v.get_ref() else {
            self.error(
                v.span(),
                format!(
                    "{what} must be a whole number, not {}",
                    describe(v.get_ref())
                ),
            );
            return None;
        };
        match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            Ok(n) => {
                self.error(
                    v.span(),
                    format!("{what} must be between {min} and {max}, not {n}"),
                );
                None
            }
            Err(_) => {
                self.error(v.span(), format!("{what} must be between {min} and {max}"));
                None
            }
        }
    }

    fn string<'v>(&mut self, what: &str, v: &'v Value<'_>) -> Option<&'v str> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            other => {
                self.error(
                    v.span(),
                    format!("{what} must be a string, not {}", describe(other)),
                );
                None
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        what: &str,
        v: &Value<'_>,
        choices: &[(&'static str, T)],
    ) -> Option<T> {
        let s = self.string(what, v)?;
        if let Some(&(_, c)) = choices.iter().find(|(n, _)| *n == s) {
            return Some(c);
        }
        let names: Vec<String> = choices.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        self.error(
            v.span(),
            format!("{what} must be one of {}, not \"{s}\"", names.join(", ")),
        );
        None
    }
}
