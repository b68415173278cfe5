//! `[keys.*]`: one table of bindings per context, read over the earlier
//! files' bindings, and the check after merging that no binding is the
//! start of another.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

use super::{Builder, Layer, Origin, Value, describe, in_file_order};
use crate::action::Action;
use crate::config::ConfigError;
use crate::ingest::clean::escape_controls;
use crate::keymap::{Context, Key, display_sequence, parse_sequence};

impl Builder {
    /// A binding that is the start of another in the same table can never
    /// be reached; report it at whichever of the two was set last.
    pub(super) fn check_prefixes(&mut self) {
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
    pub(super) fn keys(&mut self, table: &DeTable<'_>) {
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
