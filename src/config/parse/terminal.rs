//! `[ui]` options about the terminal (see `config::terminal`).

use super::{Layer, Value};
use crate::config::terminal::{HyperlinkChoice, NotifyChoice, TerminalOptions};

/// The options of `config::terminal`, as set so far.
#[derive(Debug, Default)]
pub(super) struct TerminalSet {
    mouse: Option<bool>,
    scroll_lines: Option<u16>,
    hyperlinks: Option<HyperlinkChoice>,
    title: Option<bool>,
    notify: Option<NotifyChoice>,
}

/// The `[ui]` keys read here.
pub(super) const NAMES: &[&str] = &["mouse", "scroll_lines", "hyperlinks", "title", "notify"];

impl TerminalSet {
    /// The options, or the names of those no layer set.
    pub(super) fn finish(&self) -> Result<TerminalOptions, Vec<&'static str>> {
        match (
            self.mouse,
            self.scroll_lines,
            self.hyperlinks,
            self.title,
            self.notify,
        ) {
            (Some(mouse), Some(scroll_lines), Some(hyperlinks), Some(title), Some(notify)) => {
                Ok(TerminalOptions {
                    mouse,
                    scroll_lines,
                    hyperlinks,
                    title,
                    notify,
                })
            }
            _ => {
                let set = [
                    self.mouse.is_some(),
                    self.scroll_lines.is_some(),
                    self.hyperlinks.is_some(),
                    self.title.is_some(),
                    self.notify.is_some(),
                ];
                let names = [
                    "ui.mouse",
                    "ui.scroll_lines",
                    "ui.hyperlinks",
                    "ui.title",
                    "ui.notify",
                ];
                Err(names
                    .into_iter()
                    .zip(set)
                    .filter(|(_, s)| !s)
                    .map(|(n, _)| n)
                    .collect())
            }
        }
    }
}

impl Layer<'_> {
    fn terminal(&mut self) -> &mut TerminalSet {
        &mut self.builder.options.terminal
    }

    /// One of [`NAMES`] in `[ui]`.
    pub(super) fn terminal_option(&mut self, name: &str, v: &Value<'_>) {
        match name {
            "mouse" => {
                if let Some(b) = self.boolean("ui.mouse", v) {
                    self.terminal().mouse = Some(b);
                }
            }
            "scroll_lines" => {
                if let Some(n) = self.integer("ui.scroll_lines", v, 1, 100) {
                    self.terminal().scroll_lines = u16::try_from(n).ok();
                }
            }
            "hyperlinks" => {
                let choices = [
                    ("auto", HyperlinkChoice::Auto),
                    ("always", HyperlinkChoice::Always),
                    ("never", HyperlinkChoice::Never),
                ];
                if let Some(c) = self.choice("ui.hyperlinks", v, &choices) {
                    self.terminal().hyperlinks = Some(c);
                }
            }
            "title" => {
                if let Some(b) = self.boolean("ui.title", v) {
                    self.terminal().title = Some(b);
                }
            }
            "notify" => {
                let choices = [
                    ("off", NotifyChoice::Off),
                    ("osc9", NotifyChoice::Osc9),
                    ("osc777", NotifyChoice::Osc777),
                ];
                if let Some(c) = self.choice("ui.notify", v, &choices) {
                    self.terminal().notify = Some(c);
                }
            }
            _ => {}
        }
    }
}
