//! The metadata block at the top of a text or Markdown file, in any of the
//! forms real files use, read into [`Field`]s and then into a [`Meta`]:
//!
//! - TOML between `+++` lines (Zola, Hugo);
//! - YAML between `---` lines (Jekyll, Hugo, most others), read with
//!   yaml-rust2's event parser (aliases are not expanded, so a "billion
//!   laughs" block costs nothing); YAML 1.2 scalars: `false` is a boolean,
//!   `2020-05-01` a string. A block that is not valid YAML is read line by
//!   line as `key: value` with a warning (as `title: A: B` often is); a
//!   block that is not a mapping is no front matter;
//! - header lines with no fences ([`header_block`]): `Key: value` (Pelican,
//!   scrapers, mail-like) or `# key = value` (CoNLL-style corpus comments:
//!   `# doc_id = ...`, `# newdoc id = ...`, `# date = 20201001`).
//!
//! Where a header of lines ends, and what counts as one:
//!
//! - it starts at the first non-blank line and is the run of header lines
//!   from there, known keys or not, so `Number: 119` between `Title:` and
//!   `Date:` belongs to it; a line indented by a tab or four spaces after a
//!   `Key: value` line continues its value (Python-Markdown's metadata);
//! - a blank line ends it, unless the next line is a header line with a
//!   [`core key`](is_core_key) (`Title`, `Date`, `Author`, `Source`,
//!   `URL`, ...); so a body paragraph `Note: ...` after a blank line stays
//!   in the body;
//! - a run of `Key: value` lines is a header only if one of its keys is a
//!   core key; a run of `# key = value` lines always is (the `=` form is not
//!   prose). So a headerless file whose first line is `Note: ...` or
//!   `Hà Nội: ...` keeps it as its title;
//! - a key is ASCII: a letter, then letters, digits, `_`, `-`, `.` or `:`
//!   (`dc:date`), at most 40 characters; in the `#` form words may be
//!   separated by single spaces (`newdoc id`). In the `:` form a space or
//!   the end of the line must follow the colon (so `https://...` is no
//!   header line).

use super::clean::clean_line;
use super::date_field::{DateCandidates, date_rank};
use super::page::LineNote;
use super::path_date::is_path_key;

/// A front matter block bigger than this is not parsed (it is skipped with
/// a warning): real ones are a few hundred bytes.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// One field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string, number or date, as written.
    Text(String),
    Bool(bool),
    /// A list of strings (tags, authors).
    List(Vec<String>),
    /// Null, a nested mapping, an alias: nothing to use.
    Other,
}

/// One `key: value` of a header or front matter; `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub value: Value,
    pub line: usize,
    /// In a nested table (`[extra]`, `params:`): used only where the top
    /// level said nothing, and never reported as unknown.
    pub nested: bool,
}

impl Field {
    fn text(key: &str, value: &str, line: usize) -> Self {
        Field {
            key: key.trim().to_string(),
            value: Value::Text(unquote(value).to_string()),
            line,
            nested: false,
        }
    }
}

/// `"x"` or `'x'` to `x`.
fn unquote(v: &str) -> &str {
    let v = v.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return v.get(1..v.len() - 1).unwrap_or(v);
        }
    }
    v
}

/// The fence of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fence {
    Toml,
    Yaml,
}

/// The front matter fence that opens `lines`, if any: the fence, the index
/// of the opening line and of the closing one.
pub fn fence(lines: &[&str]) -> Option<(Fence, usize, usize)> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let (kind, mark) = match lines.get(first)?.trim_end() {
        "+++" => (Fence::Toml, "+++"),
        "---" => (Fence::Yaml, "---"),
        _ => return None,
    };
    let close = lines
        .iter()
        .enumerate()
        .skip(first + 1)
        .find(|(_, l)| {
            let l = l.trim_end();
            l == mark || (kind == Fence::Yaml && l == "...")
        })
        .map(|(i, _)| i)?;
    Some((kind, first, close))
}

/// What the top of a file holds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Block {
    pub fields: Vec<Field>,
    /// Index of the first line after the block (0: there is none).
    pub body_start: usize,
    pub warnings: Vec<LineNote>,
}

/// Read the front matter or header at the top of `lines`.
pub fn read_block(lines: &[&str]) -> Block {
    if let Some((kind, first, close)) = fence(lines) {
        let inner = lines.get(first + 1..close).unwrap_or_default();
        let first_line = first + 2;
        let text = inner.join("\n");
        if text.len() > MAX_FRONT_MATTER_BYTES {
            return Block {
                fields: vec![],
                body_start: close + 1,
                warnings: vec![LineNote {
                    line: Some(first + 1),
                    message: format!(
                        "front matter is longer than {} KiB; it is left out",
                        MAX_FRONT_MATTER_BYTES / 1024
                    ),
                }],
            };
        }
        let read = match kind {
            Fence::Toml => toml_fields(&text, first_line).map(Some),
            Fence::Yaml => yaml_fields(&text, first_line),
        };
        return match read {
            Ok(Some(fields)) => Block {
                fields,
                body_start: close + 1,
                warnings: vec![],
            },
            // `---` that opens no mapping: a rule, not front matter
            Ok(None) => header_block(lines).unwrap_or_default(),
            Err(note) if kind == Fence::Yaml => Block {
                fields: yaml_lines(inner, first_line),
                body_start: close + 1,
                warnings: vec![note],
            },
            Err(note) => Block {
                fields: vec![],
                body_start: close + 1,
                warnings: vec![note],
            },
        };
    }
    header_block(lines).unwrap_or_default()
}

/// Does the text open with a header or front matter? (For format
/// detection: the same rules as [`read_block`].)
pub fn opens_with_block(lines: &[&str]) -> bool {
    if let Some((kind, first, close)) = fence(lines) {
        let inner = lines.get(first + 1..close).unwrap_or_default();
        let text = inner.join("\n");
        if text.len() > MAX_FRONT_MATTER_BYTES {
            return true;
        }
        return match kind {
            // invalid TOML is still front matter (reported when read)
            Fence::Toml => inner.iter().any(|l| {
                l.split_once('=')
                    .is_some_and(|(k, _)| is_key_word(k.trim().trim_matches('"')))
            }),
            Fence::Yaml => match yaml_fields(&text, first + 2) {
                Ok(Some(f)) => !f.is_empty(),
                Ok(None) => header_block(lines).is_some(),
                Err(_) => !yaml_lines(inner, first + 2).is_empty(),
            },
        };
    }
    header_block(lines).is_some()
}

// ---------------------------------------------------------------------------
// Header lines

/// A `# key = value` line: (key, value).
fn hash_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start().strip_prefix('#')?;
    let (k, v) = rest.split_once('=')?;
    let k = k.trim();
    let words_ok = k.split(' ').all(is_key_word) && !k.contains("  ");
    (words_ok && k.len() <= 40).then_some((k, v))
}

/// A `Key: value` line: (key, value).
fn colon_line(line: &str) -> Option<(&str, &str)> {
    let (k, v) = line.split_once(':')?;
    // `dc:date: x`: the key may hold one colon
    let (k, v) = match v.split_once(':') {
        Some((k2, v2))
            if is_key_word(k) && is_key_word(k2) && !k2.is_empty() && !v.starts_with(' ') =>
        {
            (line.get(..k.len() + 1 + k2.len())?, v2)
        }
        _ => (k, v),
    };
    let value_ok = v.is_empty() || v.starts_with([' ', '\t']);
    (value_ok && k.len() <= 40 && k.split(':').all(is_key_word)).then_some((k, v))
}

/// A letter, then ASCII letters, digits, `_`, `-`, `.`.
fn is_key_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Keys that make a run of `Key: value` lines a header.
pub fn is_core_key(key: &str) -> bool {
    let k = key.trim().to_ascii_lowercase();
    date_rank(&k).is_some()
        || matches!(
            role(&k),
            Role::Title | Role::Source | Role::Link | Role::Author
        )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Hash,
    Colon,
}

fn header_line(line: &str) -> Option<(Style, &str, &str)> {
    if let Some((k, v)) = hash_line(line) {
        return Some((Style::Hash, k, v));
    }
    // `Key: value` starts the line (no indentation)
    if line.starts_with([' ', '\t']) {
        return None;
    }
    colon_line(line).map(|(k, v)| (Style::Colon, k, v))
}

/// The header of lines at the top of `lines` (see the module docs), or
/// `None` when there is none.
pub fn header_block(lines: &[&str]) -> Option<Block> {
    let mut i = lines.iter().position(|l| !l.trim().is_empty())?;
    let (style, _, _) = header_line(lines.get(i)?)?;
    // a line of this block's style: `Key: value` lines do not continue a
    // `# key = value` header (a title `TPHCM: ...` after `# date = ...`)
    fn same(l: &str, style: Style) -> Option<(Style, &str, &str)> {
        header_line(l).filter(|(s, _, _)| *s == style)
    }
    let mut fields: Vec<Field> = Vec::new();
    let mut end = 0;
    while let Some(line) = lines.get(i) {
        if line.trim().is_empty() {
            let next = lines
                .iter()
                .enumerate()
                .skip(i)
                .find(|(_, l)| !l.trim().is_empty());
            match next {
                Some((j, l)) if same(l, style).is_some_and(|(_, k, _)| is_core_key(k)) => {
                    i = j;
                    continue;
                }
                _ => break,
            }
        }
        match same(line, style) {
            Some((_, k, v)) => fields.push(Field::text(k, v, i + 1)),
            None if style == Style::Colon
                && (line.starts_with('\t') || line.starts_with("    ")) =>
            {
                // a continuation of the previous `Key: value`
                match fields.last_mut() {
                    Some(Field {
                        value: Value::Text(t),
                        ..
                    }) => {
                        t.push(' ');
                        t.push_str(line.trim());
                    }
                    _ => break,
                }
            }
            None => break,
        }
        i += 1;
        end = i;
        if fields.len() > 10_000 {
            break;
        }
    }
    if style == Style::Colon {
        // A header ends at a blank line; one that runs straight into text
        // gives its trailing unknown-key lines back to the body (a first
        // paragraph `PV: ...` after `Title:` and `Date:`).
        let into_text = lines.get(end).is_some_and(|l| !l.trim().is_empty());
        while into_text && fields.last().is_some_and(|f| !is_known_key(&f.key)) {
            if let Some(f) = fields.pop() {
                end = f.line - 1;
            }
        }
        if !fields.iter().any(|f| is_core_key(&f.key)) {
            return None;
        }
    }
    (!fields.is_empty()).then_some(Block {
        fields,
        body_start: end,
        warnings: vec![],
    })
}

/// A key with a meaning ([`Meta::from_fields`]), used or not.
fn is_known_key(key: &str) -> bool {
    let k = key.trim().to_ascii_lowercase();
    date_rank(&k).is_some() || role(&k) != Role::Unknown
}

// ---------------------------------------------------------------------------
// TOML

/// The fields of a `+++` block whose first line is line `first_line`.
pub fn toml_fields(block: &str, first_line: usize) -> Result<Vec<Field>, LineNote> {
    let table: toml::Table = toml::from_str(block).map_err(|e| {
        let line = e.span().map(|r| {
            first_line
                + block
                    .get(..r.start.min(block.len()))
                    .map_or(0, |b| b.matches('\n').count())
        });
        LineNote {
            line: line.or(Some(first_line)),
            message: format!(
                "front matter is not valid TOML ({}); it is left out",
                clean_line(e.message())
            ),
        }
    })?;
    // The table does not keep lines: find each key's line in the block.
    let line_of = |key: &str| {
        block
            .lines()
            .position(|l| {
                let l = l.trim_start();
                let l = l
                    .strip_prefix(key)
                    .or_else(|| l.strip_prefix(&format!("\"{key}\"")));
                l.is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map_or(first_line, |i| first_line + i)
    };
    let mut fields = Vec::new();
    let mut nested = Vec::new();
    for (k, v) in &table {
        match v {
            toml::Value::Table(t) => {
                for (k2, v2) in t {
                    nested.push(Field {
                        key: k2.clone(),
                        value: toml_value(v2),
                        line: line_of(k2),
                        nested: true,
                    });
                }
            }
            _ => fields.push(Field {
                key: k.clone(),
                value: toml_value(v),
                line: line_of(k),
                nested: false,
            }),
        }
    }
    fields.extend(nested);
    Ok(fields)
}

fn toml_value(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::Text(s.clone()),
        toml::Value::Datetime(d) => Value::Text(d.to_string()),
        toml::Value::Integer(i) => Value::Text(i.to_string()),
        toml::Value::Float(f) => Value::Text(f.to_string()),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Array(a) => Value::List(
            a.iter()
                .filter_map(|x| match x {
                    toml::Value::String(s) => Some(s.clone()),
                    toml::Value::Datetime(d) => Some(d.to_string()),
                    _ => None,
                })
                .collect(),
        ),
        toml::Value::Table(_) => Value::Other,
    }
}

// ---------------------------------------------------------------------------
// Meaning

/// What a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    Source,
    Link,
    Author,
    Tags,
    Category,
    /// Known and of no use to a reader (layout, draft, ids, ...).
    Ignored,
    Unknown,
}

fn role(lower_key: &str) -> Role {
    match lower_key {
        "title" | "headline" | "subject" => Role::Title,
        "source" | "site" | "site_name" | "sitename" | "publisher" | "newspaper" => Role::Source,
        "url" | "link" | "canonical" | "canonical_url" | "source_url" | "original_url" => {
            Role::Link
        }
        "author" | "authors" | "by" | "byline" | "creator" | "dc:creator" | "writer" => {
            Role::Author
        }
        "tags" | "tag" | "keywords" => Role::Tags,
        "category" | "categories" | "section" | "topic" => Role::Category,
        "path"
        | "slug"
        | "permalink"
        | "aliases"
        | "alias"
        | "layout"
        | "template"
        | "draft"
        | "comments"
        | "share"
        | "toc"
        | "lang"
        | "language"
        | "locale"
        | "status"
        | "type"
        | "image"
        | "images"
        | "cover"
        | "thumbnail"
        | "feature"
        | "featured_image"
        | "weight"
        | "id"
        | "doc_id"
        | "docid"
        | "guid"
        | "uuid"
        | "sent_id"
        | "newdoc id"
        | "newpar id"
        | "summary"
        | "description"
        | "excerpt"
        | "subtitle"
        | "series"
        | "menu"
        | "redirect_from"
        | "redirect_to"
        | "save_as"
        | "modified_by"
        | "header"
        | "translationkey"
        | "math"
        | "mathjax"
        | "katex"
        | "sitemap"
        | "published"
        | "hidden"
        | "featured"
        | "sticky"
        | "order"
        | "nav_order"
        | "robots"
        | "js"
        | "css"
        | "og_image"
        | "twitter"
        | "last_modified_at"
        | "render"
        | "in_search_index"
        | "insert_anchor_links"
        | "sort_by"
        | "paginate_by"
        | "transparent"
        | "extra"
        | "taxonomies"
        | "params"
        | "outputs"
        | "audio"
        | "video"
        | "text" => Role::Ignored,
        _ => Role::Unknown,
    }
}

/// What a header or front matter says. Values are cleaned.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub source: Option<String>,
    pub link: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub category: Option<String>,
    /// Every date-like field, to pick from.
    pub dates: DateCandidates,
    /// Path-like fields (`path`, `slug`, `permalink`, `url`) that may hold
    /// a date: (key, value).
    pub path_fields: Vec<(String, String)>,
    /// Keys no role was found for, as written, in order, once each.
    pub unknown_keys: Vec<String>,
}

impl Meta {
    /// Interpret `fields`: the first field for each role wins, top-level
    /// fields before nested ones.
    pub fn from_fields(fields: &[Field]) -> Meta {
        let mut meta = Meta::default();
        let (top, nested): (Vec<&Field>, Vec<&Field>) = fields.iter().partition(|f| !f.nested);
        for f in top.into_iter().chain(nested) {
            meta.take(f);
        }
        meta
    }

    fn take(&mut self, f: &Field) {
        let lower = f.key.trim().to_ascii_lowercase();
        let text = match &f.value {
            Value::Text(t) => clean_line(t),
            Value::List(items) => items
                .iter()
                .map(|s| clean_line(s))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            Value::Bool(_) | Value::Other => {
                // a boolean is never a date (`published: false`)
                if date_rank(&lower).is_none() && role(&lower) == Role::Unknown && !f.nested {
                    self.note_unknown(&f.key);
                }
                return;
            }
        };
        if is_path_key(&lower) && !text.is_empty() {
            self.path_fields
                .push((f.key.trim().to_string(), text.clone()));
        }
        if let Value::Text(raw) = &f.value
            && self.dates.offer(&f.key, raw, Some(f.line))
        {
            return;
        }
        if text.is_empty() {
            return;
        }
        let slot = match role(&lower) {
            Role::Title => &mut self.title,
            Role::Source => &mut self.source,
            // only an address that can be opened is a link
            Role::Link if text.contains("://") => &mut self.link,
            Role::Author => &mut self.author,
            Role::Category => &mut self.category,
            Role::Tags => {
                if self.tags.is_empty() {
                    self.tags = text.split(',').map(|t| t.trim().to_string()).collect();
                    self.tags.retain(|t| !t.is_empty());
                }
                return;
            }
            Role::Link | Role::Ignored => return,
            Role::Unknown => {
                if !f.nested {
                    self.note_unknown(&f.key);
                }
                return;
            }
        };
        slot.get_or_insert(text);
    }

    fn note_unknown(&mut self, key: &str) {
        let k = clean_line(key);
        if !k.is_empty() && !self.unknown_keys.contains(&k) && self.unknown_keys.len() < 20 {
            self.unknown_keys.push(k);
        }
    }
}

#[path = "front_matter_yaml.rs"]
mod yaml;
use yaml::{yaml_fields, yaml_lines};

#[cfg(test)]
#[path = "front_matter_tests.rs"]
mod tests;
