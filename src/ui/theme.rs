//! Styles for every part of the screen. The defaults stay readable in
//! monochrome: the selection and the prompt use reverse video and bold.

use ratatui::style::{Modifier, Style};

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub list_selected: Style,
    pub list_unread: Style,
    pub list_date: Style,
    pub list_source: Style,
    pub reader_title: Style,
    pub reader_meta: Style,
    pub reader_body: Style,
    pub reader_link: Style,
    pub status: Style,
    pub prompt: Style,
}

impl Theme {
    /// Colour-free: what NO_COLOR and `--color never` get.
    pub fn monochrome() -> Theme {
        let plain = Style::default();
        Theme {
            list_selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            list_unread: plain.add_modifier(Modifier::BOLD),
            list_date: plain,
            list_source: plain,
            reader_title: plain.add_modifier(Modifier::BOLD),
            reader_meta: plain.add_modifier(Modifier::ITALIC),
            reader_body: plain,
            reader_link: plain.add_modifier(Modifier::UNDERLINED),
            status: plain.add_modifier(Modifier::REVERSED),
            prompt: plain.add_modifier(Modifier::BOLD),
        }
    }
}
