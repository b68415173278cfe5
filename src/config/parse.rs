//! Walks the spanned TOML tree of each file, applies what it finds over the
//! previous layers, and records every mistake with its position.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::time::Duration;

use ratatui::style::{Color, Style};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::feeds::{FeedEntry, check_feed_name, check_feed_url, check_tag, feed_name_from_url};
use super::theme::{ATTRIBUTES, Theme, parse_color_name};
use super::{
    ColorChoice, Column, Config, ConfigError, LanguageChoice, ListConfig, ReaderConfig, UiConfig,
};
use crate::action::{Action, closest};
use crate::ingest::clean::escape_controls;
use crate::keymap::{Context, Key, Keymap, display_sequence, parse_sequence};

const TABLES: &[&str] = &["ui", "reader", "list", "theme", "keys", "feeds"];
const FEED_OPTIONS: &[&str] = &["url", "name", "tags"];
const UI_OPTIONS: &[&str] = &[
    "language",
    "ascii_borders",
    "color",
    "key_timeout_ms",
    "osc52",
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
    max_width: Option<u16>,
    justify: Option<bool>,
    paragraph_spacing: Option<u16>,
    date_format: Option<String>,
    columns: Option<Vec<Column>>,
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
        let max_width = need!(max_width, "reader.max_width");
        let justify = need!(justify, "reader.justify");
        let paragraph_spacing = need!(paragraph_spacing, "reader.paragraph_spacing");
        let date_format = need!(date_format, "list.date_format");
        let columns = need!(columns, "list.columns");
        if !errors.is_empty() {
            return Err(errors);
        }
        match (
            language,
            ascii_borders,
            color,
            key_timeout_ms,
            osc52,
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
                feeds: self.feeds.into_iter().map(|(f, _)| f).collect(),
            }),
            _ => Err(errors),
        }
    }

    /// A binding that is the start of another in the same table can never
    /// be reached; report it at whichever of the two was set last.
    fn check_prefixes(&mut self) {
        for ctx in Context::ALL {
            for (short, long) in self.keys.prefix_conflicts(ctx) {
                let (Some(a), Some(b)) = (
                    self.origins.get(&(ctx, short.clone())),
                    self.origins.get(&(ctx, long.clone())),
                ) else {
                    continue;
                };
                let short_s = display_sequence(&short);
                let long_s = display_sequence(&long);
                let (at, message) = if (b.layer, b.pos) >= (a.layer, a.pos) {
                    (
                        b.clone(),
                        format!(
                            "\"{long_s}\" starts with \"{short_s}\", which is also bound in [keys.{ctx}]; \
                             a binding cannot be the start of another (unbind it with \"{short_s}\" = \"none\")"
                        ),
                    )
                } else {
                    (
                        a.clone(),
                        format!(
                            "\"{short_s}\" is the start of \"{long_s}\", which is also bound in [keys.{ctx}]; \
                             a binding cannot be the start of another (unbind it with \"{long_s}\" = \"none\")"
                        ),
                    )
                };
                let file = self.files.get(at.layer).cloned().unwrap_or_default();
                self.errors.push((
                    at.layer,
                    at.pos,
                    ConfigError {
                        file,
                        line: at.line,
                        column: at.column,
                        message: escape_controls(&message).into_owned(),
                    },
                ));
            }
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
                "ui" | "reader" | "list" | "theme" | "keys" => {
                    let Some(table) = self.table(name, value) else {
                        continue;
                    };
                    match name {
                        "ui" => self.ui(table),
                        "reader" => self.reader(table),
                        "list" => self.list(table),
                        "theme" => self.theme(table),
                        _ => self.keys(table),
                    }
                }
                _ => {
                    let home = [
                        ("ui", UI_OPTIONS),
                        ("reader", READER_OPTIONS),
                        ("list", LIST_OPTIONS),
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

    fn ui(&mut self, table: &DeTable<'_>) {
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
                _ => self.unknown_option(key.span(), "ui", name, UI_OPTIONS),
            }
        }
    }

    fn reader(&mut self, table: &DeTable<'_>) {
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

    fn list(&mut self, table: &DeTable<'_>) {
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

    fn theme(&mut self, table: &DeTable<'_>) {
        for (key, v) in in_file_order(table) {
            let name = key.get_ref().as_ref();
            let Some(slot) = Theme::SLOTS.iter().copied().find(|s| *s == name) else {
                self.error(
                    key.span(),
                    format!(
                        "unknown theme slot \"{name}\"{}",
                        did_you_mean(name, Theme::SLOTS)
                    ),
                );
                continue;
            };
            if let Some(style) = self.style(slot, v) {
                if let Some(s) = self.builder.options.theme.slot_mut(slot) {
                    *s = style;
                }
                if !self.builder.options.theme_set.contains(&slot) {
                    self.builder.options.theme_set.push(slot);
                }
            }
        }
    }

    fn color(&mut self, what: &str, v: &Value<'_>) -> Option<Color> {
        match v.get_ref() {
            DeValue::String(s) => match parse_color_name(s) {
                Ok(c) => Some(c),
                Err(msg) => {
                    self.error(v.span(), format!("{what}: {msg}"));
                    None
                }
            },
            DeValue::Integer(_) => self
                .integer(what, v, 0, 255)
                .and_then(|n| u8::try_from(n).ok())
                .map(Color::Indexed),
            other => {
                self.error(
                    v.span(),
                    format!(
                        "{what} must be a colour name, 0..255 or \"#rrggbb\", not {}",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    fn style(&mut self, slot: &str, v: &Value<'_>) -> Option<Style> {
        let what = format!("theme.{slot}");
        let DeValue::Table(t) = v.get_ref() else {
            return match v.get_ref() {
                DeValue::String(_) | DeValue::Integer(_) => {
                    self.color(&what, v).map(|c| Style::new().fg(c))
                }
                other => {
                    self.error(
                        v.span(),
                        format!(
                            "{what} must be a colour or a table like {{ fg = \"black\", bg = \"yellow\", bold = true }}, not {}",
                            describe(other)
                        ),
                    );
                    None
                }
            };
        };
        let mut style = Style::new();
        let mut ok = true;
        let mut fields = vec!["fg", "bg"];
        fields.extend(ATTRIBUTES.iter().map(|(n, _)| *n));
        for (key, fv) in in_file_order(t) {
            let name = key.get_ref().as_ref();
            let field_what = format!("{what}.{name}");
            match name {
                "fg" | "bg" => match self.color(&field_what, fv) {
                    Some(c) if name == "fg" => style = style.fg(c),
                    Some(c) => style = style.bg(c),
                    None => ok = false,
                },
                _ => match ATTRIBUTES.iter().find(|(n, _)| *n == name) {
                    Some(&(_, m)) => match self.boolean(&field_what, fv) {
                        Some(true) => style = style.add_modifier(m),
                        Some(false) => {}
                        None => ok = false,
                    },
                    None => {
                        self.error(
                            key.span(),
                            format!(
                                "unknown style field \"{name}\" in {what}{}",
                                did_you_mean(name, &fields)
                            ),
                        );
                        ok = false;
                    }
                },
            }
        }
        ok.then_some(style)
    }

    fn keys(&mut self, table: &DeTable<'_>) {
        for (key, v) in in_file_order(table) {
            let name = key.get_ref().as_ref();
            let ctx = match name.parse::<Context>() {
                Ok(ctx) => ctx,
                Err(e) => {
                    self.error(key.span(), e.to_string());
                    continue;
                }
            };
            let Some(bindings) = self.table(&format!("keys.{name}"), v) else {
                continue;
            };
            self.bindings(ctx, bindings);
        }
    }

    fn bindings(&mut self, ctx: Context, table: &DeTable<'_>) {
        // the line where each sequence was first written in this table
        let mut seen: HashMap<Vec<Key>, (String, usize)> = HashMap::new();
        for (key, v) in in_file_order(table) {
            let written = key.get_ref().as_ref();
            let seq = match parse_sequence(written) {
                Ok(seq) => Some(seq),
                Err(e) => {
                    self.error(key.span(), format!("{e} in [keys.{ctx}]"));
                    None
                }
            };
            let actions = self.actions(v);
            let Some(seq) = seq else { continue };
            let (line, column) = self.position(key.span().start);
            if let Some((first, first_line)) = seen.get(&seq) {
                let canonical = display_sequence(&seq);
                self.error(
                    key.span(),
                    format!(
                        "\"{written}\" is bound twice in [keys.{ctx}]: \"{first}\" on line {first_line} is the same key ({canonical})"
                    ),
                );
                continue;
            }
            seen.insert(seq.clone(), (written.to_string(), line));
            let Some(actions) = actions else { continue };
            if actions.is_empty() {
                self.builder.keys.unbind(ctx, &seq);
                self.builder.origins.remove(&(ctx, seq));
            } else {
                self.builder.keys.bind(ctx, seq.clone(), actions);
                self.builder.origins.insert(
                    (ctx, seq),
                    Origin {
                        layer: self.index,
                        pos: key.span().start,
                        line,
                        column,
                    },
                );
            }
        }
    }

    /// The actions of a binding's value; an empty list means "none".
    fn actions(&mut self, v: &Value<'_>) -> Option<Vec<Action>> {
        match v.get_ref() {
            DeValue::String(s) if s.as_ref() == "none" => Some(Vec::new()),
            DeValue::String(_) => self.action(v).map(|a| vec![a]),
            DeValue::Array(items) => {
                if items.is_empty() {
                    self.error(
                        v.span(),
                        "empty list of actions; write \"none\" to remove a binding",
                    );
                    return None;
                }
                let mut out = Vec::new();
                let mut ok = true;
                for item in items.iter() {
                    if item.get_ref().as_str() == Some("none") {
                        self.error(item.span(), "\"none\" cannot be part of a list of actions");
                        ok = false;
                        continue;
                    }
                    match self.action(item) {
                        Some(a) => out.push(a),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
            other => {
                self.error(
                    v.span(),
                    format!(
                        "a binding must be an action name, a list of action names or \"none\", not {}",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    fn action(&mut self, v: &Value<'_>) -> Option<Action> {
        let s = self.string("an action", v)?;
        match s.parse::<Action>() {
            Ok(a) => Some(a),
            Err(e) => {
                self.error(v.span(), e.to_string());
                None
            }
        }
    }
}

/// `[[feeds]]`
impl Layer<'_> {
    fn feeds(&mut self, value: &Value<'_>) {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                value.span(),
                format!(
                    "feeds must be a list of [[feeds]] tables, not {}",
                    describe(value.get_ref())
                ),
            );
            return;
        };
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => self.feed(item.span(), t),
                other => self.error(
                    item.span(),
                    format!(
                        "each feed must be a table with url = \"https://...\", not {}",
                        describe(other)
                    ),
                ),
            }
        }
    }

    fn feed(&mut self, span: Range<usize>, table: &DeTable<'_>) {
        let mut url: Option<(String, Range<usize>)> = None;
        let mut name: Option<(String, Range<usize>)> = None;
        let mut tags = Vec::new();
        let mut ok = true;
        let mut url_written = false;
        for (key, v) in in_file_order(table) {
            match key.get_ref().as_ref() {
                "url" => {
                    url_written = true;
                    let Some(s) = self.string("feeds.url", v) else {
                        ok = false;
                        continue;
                    };
                    match check_feed_url(s) {
                        Ok(()) => url = Some((s.to_string(), v.span())),
                        Err(why) => {
                            self.error(v.span(), format!("feeds.url \"{s}\" {why}"));
                            ok = false;
                        }
                    }
                }
                "name" => {
                    let Some(s) = self.string("feeds.name", v) else {
                        ok = false;
                        continue;
                    };
                    match check_feed_name(s) {
                        Ok(()) => name = Some((s.to_string(), v.span())),
                        Err(why) => {
                            self.error(v.span(), format!("feeds.name \"{s}\" {why}"));
                            ok = false;
                        }
                    }
                }
                "tags" => match self.tags(v) {
                    Some(t) => tags = t,
                    None => ok = false,
                },
                other => {
                    self.error(
                        key.span(),
                        format!(
                            "unknown option \"{other}\" in [[feeds]]{}",
                            did_you_mean(other, FEED_OPTIONS)
                        ),
                    );
                    ok = false;
                }
            }
        }
        if !url_written {
            self.error(span, "a [[feeds]] table needs url = \"https://...\"");
            return;
        }
        let Some((url, url_span)) = url else { return };
        if !ok {
            return;
        }
        let (name, name_span, derived) = match name {
            Some((n, s)) => (n, s, false),
            None => (feed_name_from_url(&url), url_span.clone(), true),
        };
        let (line, _) = self.position(url_span.start);
        let here = self.index;
        let earlier = |o: &FeedOrigin, files: &[String]| {
            if o.layer == here {
                format!("line {}", o.line)
            } else {
                let file = files.get(o.layer).map_or("", String::as_str);
                format!("{file} line {}", o.line)
            }
        };
        let same_url = self
            .builder
            .feed_urls
            .get(&url)
            .and_then(|&i| self.builder.feeds.get(i))
            .map(|(_, o)| earlier(o, &self.builder.files));
        if let Some(at) = same_url {
            self.error(
                url_span,
                format!("feed \"{url}\" is already listed on {at}"),
            );
            return;
        }
        let same_name = self
            .builder
            .feed_names
            .get(&name.to_ascii_lowercase())
            .and_then(|&i| self.builder.feeds.get(i))
            .map(|(_, o)| earlier(o, &self.builder.files));
        if let Some(at) = same_name {
            let message = if derived {
                format!(
                    "feed name \"{name}\" (made from the url) is already used on {at}; \
                     give this feed its own name = \"...\""
                )
            } else {
                format!("feed name \"{name}\" is already used on {at}")
            };
            self.error(name_span, message);
            return;
        }
        let at = self.builder.feeds.len();
        self.builder.feed_urls.insert(url.clone(), at);
        self.builder
            .feed_names
            .insert(name.to_ascii_lowercase(), at);
        self.builder.feeds.push((
            FeedEntry { url, name, tags },
            FeedOrigin { layer: here, line },
        ));
    }

    fn tags(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                v.span(),
                format!(
                    "feeds.tags must be a list such as [\"news\", \"local\"], not {}",
                    describe(v.get_ref())
                ),
            );
            return None;
        };
        let mut out: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut ok = true;
        for item in items.iter() {
            let Some(s) = self.string("each of feeds.tags", item) else {
                ok = false;
                continue;
            };
            if let Err(why) = check_tag(s) {
                self.error(item.span(), format!("tag \"{s}\" {why}"));
                ok = false;
            } else if !seen.insert(s) {
                self.error(item.span(), format!("tag \"{s}\" is listed twice"));
                ok = false;
            } else {
                out.push(s.to_string());
            }
        }
        ok.then_some(out)
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
