//! `[theme]`: each slot a colour or a table of colours and attributes.

use ratatui::style::{Color, Style};
use toml::de::{DeTable, DeValue};

use super::{Layer, Value, describe, did_you_mean, in_file_order};
use crate::config::theme::{ATTRIBUTES, Theme, parse_color_name};

impl Layer<'_> {
    pub(super) fn theme(&mut self, table: &DeTable<'_>) {
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
}
