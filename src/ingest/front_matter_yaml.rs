//! YAML front matter (`---` blocks) read into [`Field`]s with yaml-rust2's
//! event parser: only the top-level mapping and the mappings under
//! `extra`, `params` and `taxonomies` are kept, and aliases are never
//! expanded (so a "billion laughs" block costs nothing).

use yaml_rust2::Yaml;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::{Field, Value, is_key_word};
use crate::ingest::clean::clean_line;
use crate::ingest::page::LineNote;

/// Collects the top-level fields of a YAML mapping, and those of the
/// mappings under `extra`, `params` and `taxonomies` as nested fields, from
/// the parser's events. Depth 1 is the root mapping's content.
#[derive(Default)]
struct YamlCollector {
    /// Containers open.
    depth: usize,
    root_is_map: Option<bool>,
    /// The key waiting for its value, in the root mapping (0) and in a
    /// nested mapping being read (1).
    key: [Option<(String, usize)>; 2],
    /// Reading a nested mapping (`extra:`) at depth 2.
    nested: bool,
    /// A list being read as a value: its items and the depth of its key.
    list: Option<(Vec<String>, usize)>,
    fields: Vec<Field>,
    nested_fields: Vec<Field>,
    first_line: usize,
}

impl YamlCollector {
    /// Whether scalars at the current depth are keys or values to keep.
    fn reading(&self) -> bool {
        self.depth == 1 || (self.depth == 2 && self.nested)
    }

    fn push(&mut self, at: usize, value: Value) {
        let Some(slot) = at.checked_sub(1).and_then(|i| self.key.get_mut(i)) else {
            return;
        };
        if let Some((key, line)) = slot.take() {
            let nested = at == 2;
            let f = Field {
                key,
                value,
                line,
                nested,
            };
            if nested {
                self.nested_fields.push(f);
            } else {
                self.fields.push(f);
            }
        }
    }

    fn scalar(&mut self, text: String, style: TScalarStyle, line: usize) {
        if let Some((items, at)) = &mut self.list {
            if self.depth == *at + 1 && items.len() < 1000 {
                items.push(text);
            }
            return;
        }
        if !self.reading() {
            return;
        }
        let d = self.depth;
        if self.key[d - 1].is_none() {
            self.key[d - 1] = Some((text, line));
            return;
        }
        let value = if style == TScalarStyle::Plain {
            match Yaml::from_str(&text) {
                Yaml::Boolean(b) => Value::Bool(b),
                Yaml::Null => Value::Other,
                _ => Value::Text(text),
            }
        } else {
            Value::Text(text)
        };
        self.push(d, value);
    }

    fn open(&mut self, is_map: bool) {
        let d = self.depth;
        self.depth += 1;
        if d == 0 {
            self.root_is_map.get_or_insert(is_map);
            return;
        }
        if self.list.is_some() || !self.reading_at(d) {
            return;
        }
        let Some((key, line)) = self.key[d - 1].take() else {
            return;
        };
        if !is_map {
            self.key[d - 1] = Some((key, line));
            self.list = Some((Vec::new(), d));
        } else if d == 1 {
            let k = key.to_ascii_lowercase();
            self.nested = matches!(k.as_str(), "extra" | "params" | "taxonomies");
        }
    }

    fn reading_at(&self, d: usize) -> bool {
        d == 1 || (d == 2 && self.nested)
    }

    fn close(&mut self) {
        let d = self.depth;
        self.depth = d.saturating_sub(1);
        if let Some((items, at)) = self.list.take() {
            if d == at + 1 {
                self.push(at, Value::List(items));
            } else {
                self.list = Some((items, at));
            }
            return;
        }
        if d == 2 {
            self.nested = false;
            self.key[1] = None;
        }
    }
}

impl MarkedEventReceiver for YamlCollector {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let line = self.first_line + mark.line().saturating_sub(1);
        match ev {
            Event::Scalar(text, style, _, _) => {
                if self.depth == 0 {
                    self.root_is_map.get_or_insert(false);
                } else {
                    self.scalar(text, style, line);
                }
            }
            Event::MappingStart(..) => self.open(true),
            Event::SequenceStart(..) => self.open(false),
            Event::MappingEnd | Event::SequenceEnd => self.close(),
            Event::Alias(_) if self.list.is_none() && self.reading() => {
                let d = self.depth;
                if self.key[d - 1].is_some() {
                    self.push(d, Value::Other);
                } else {
                    // an alias as a key: its value is dropped
                    self.key[d - 1] = Some((String::new(), line));
                }
            }
            _ => {}
        }
    }
}

/// The fields of a `---` block whose first line is line `first_line`:
/// `Ok(None)` when it is valid YAML but no mapping.
pub(super) fn yaml_fields(block: &str, first_line: usize) -> Result<Option<Vec<Field>>, LineNote> {
    if block.trim().is_empty() {
        return Ok(Some(vec![]));
    }
    let mut c = YamlCollector {
        first_line,
        ..YamlCollector::default()
    };
    let mut parser = Parser::new_from_str(block);
    parser.load(&mut c, false).map_err(|e| LineNote {
        line: Some(first_line + e.marker().line().saturating_sub(1)),
        message: format!(
            "front matter is not valid YAML ({}); read line by line",
            clean_line(e.info())
        ),
    })?;
    if c.root_is_map != Some(true) {
        return Ok(None);
    }
    let mut fields = c.fields;
    fields.extend(c.nested_fields);
    fields.retain(|f| !f.key.is_empty());
    Ok(Some(fields))
}

/// A `---` block that is no valid YAML, read as `key: value` lines
/// (indented lines, comments and list items are skipped).
pub(super) fn yaml_lines(block: &[&str], first_line: usize) -> Vec<Field> {
    block
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|(i, l)| {
            let (k, v) = l.split_once(':')?;
            is_key_word(k.trim()).then(|| Field::text(k, v, first_line + i))
        })
        .collect()
}
