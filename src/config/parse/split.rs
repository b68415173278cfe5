//! `ui.layout`, `ui.split_min_width`, `ui.split_arrangement` and
//! `ui.split_mark_read`, read over the earlier files' values.

use toml::de::DeValue;

use super::{Layer, Value, describe};
use crate::config::ConfigError;
use crate::config::split::{Arrangement, LayoutChoice, SplitConfig, SplitMarkRead};

/// The split options as set so far; `None` until a layer sets them.
#[derive(Debug, Default)]
pub(super) struct SplitOptions {
    layout: Option<LayoutChoice>,
    min_width: Option<u16>,
    arrangement: Option<Arrangement>,
    mark_read: Option<SplitMarkRead>,
}

impl SplitOptions {
    /// The options, or the names missing from the defaults added to `errors`.
    pub(super) fn finish(
        &self,
        errors: &mut Vec<ConfigError>,
        missing: impl Fn(&str) -> ConfigError,
    ) -> SplitConfig {
        let mut need = |set: bool, name: &str| {
            if !set {
                errors.push(missing(name));
            }
        };
        need(self.layout.is_some(), "ui.layout");
        need(self.min_width.is_some(), "ui.split_min_width");
        need(self.arrangement.is_some(), "ui.split_arrangement");
        need(self.mark_read.is_some(), "ui.split_mark_read");
        let fallback = SplitConfig::default();
        SplitConfig {
            layout: self.layout.unwrap_or(fallback.layout),
            min_width: self.min_width.unwrap_or(fallback.min_width),
            arrangement: self.arrangement.unwrap_or(fallback.arrangement),
            mark_read: self.mark_read.unwrap_or(fallback.mark_read),
        }
    }
}

impl Layer<'_> {
    /// `ui.layout` or one of `ui.split_*` (the caller has checked the name).
    pub(super) fn split_option(&mut self, name: &str, v: &Value<'_>) {
        match name {
            "layout" => {
                let choices = [
                    ("auto", LayoutChoice::Auto),
                    ("single", LayoutChoice::Single),
                    ("split", LayoutChoice::Split),
                ];
                if let Some(c) = self.choice("ui.layout", v, &choices) {
                    self.builder.options.split.layout = Some(c);
                }
            }
            "split_min_width" => {
                if let Some(n) = self.integer("ui.split_min_width", v, 40, 10_000) {
                    self.builder.options.split.min_width = u16::try_from(n).ok();
                }
            }
            "split_arrangement" => {
                let choices = [
                    ("side_by_side", Arrangement::SideBySide),
                    ("stacked", Arrangement::Stacked),
                ];
                if let Some(c) = self.choice("ui.split_arrangement", v, &choices) {
                    self.builder.options.split.arrangement = Some(c);
                }
            }
            _ => {
                if let Some(rule) = self.mark_read_rule(v) {
                    self.builder.options.split.mark_read = Some(rule);
                }
            }
        }
    }

    /// `"open"`, or a number of seconds (1 to 3600).
    fn mark_read_rule(&mut self, v: &Value<'_>) -> Option<SplitMarkRead> {
        const WHAT: &str = "ui.split_mark_read";
        match v.get_ref() {
            DeValue::String(s) if s.as_ref() == "open" => Some(SplitMarkRead::OnOpen),
            DeValue::Integer(_) => {
                let n = self.integer(WHAT, v, 1, 3600)?;
                u16::try_from(n).ok().map(SplitMarkRead::AfterSeconds)
            }
            DeValue::String(s) => {
                let message = format!(
                    "{WHAT} must be \"open\" or a number of seconds (1 to 3600), not \"{}\"",
                    s.as_ref()
                );
                self.error(v.span(), message);
                None
            }
            other => {
                let message = format!(
                    "{WHAT} must be \"open\" or a number of seconds (1 to 3600), not {}",
                    describe(other)
                );
                self.error(v.span(), message);
                None
            }
        }
    }
}
