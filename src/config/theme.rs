//! Colours and styles of the interface, one [`Style`] per slot.

use ratatui::style::{Color, Modifier, Style};

use crate::action::closest;

/// One style per part of the screen. The defaults live in `config.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    pub search_match: Style,
}

impl Theme {
    /// Slot names as written in `[theme]`.
    pub const SLOTS: &'static [&'static str] = &[
        "list_selected",
        "list_unread",
        "list_date",
        "list_source",
        "reader_title",
        "reader_meta",
        "reader_body",
        "reader_link",
        "status",
        "prompt",
        "search_match",
    ];

    /// The style of a slot by its config name.
    pub fn slot_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "list_selected" => &mut self.list_selected,
            "list_unread" => &mut self.list_unread,
            "list_date" => &mut self.list_date,
            "list_source" => &mut self.list_source,
            "reader_title" => &mut self.reader_title,
            "reader_meta" => &mut self.reader_meta,
            "reader_body" => &mut self.reader_body,
            "reader_link" => &mut self.reader_link,
            "status" => &mut self.status,
            "prompt" => &mut self.prompt,
            "search_match" => &mut self.search_match,
            _ => return None,
        })
    }

    /// The same theme with every colour removed and the attributes (bold,
    /// reversed, ...) kept: what `color = "never"` shows.
    pub fn without_colors(&self) -> Theme {
        let strip = |s: Style| Style {
            fg: None,
            bg: None,
            ..s
        };
        Theme {
            list_selected: strip(self.list_selected),
            list_unread: strip(self.list_unread),
            list_date: strip(self.list_date),
            list_source: strip(self.list_source),
            reader_title: strip(self.reader_title),
            reader_meta: strip(self.reader_meta),
            reader_body: strip(self.reader_body),
            reader_link: strip(self.reader_link),
            status: strip(self.status),
            prompt: strip(self.prompt),
            search_match: strip(self.search_match),
        }
    }
}

/// Colour names accepted in `[theme]`; the first spelling of each is the
/// documented one.
const COLORS: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("grey", Color::Gray),
    ("dark_gray", Color::DarkGray),
    ("darkgray", Color::DarkGray),
    ("dark_grey", Color::DarkGray),
    ("darkgrey", Color::DarkGray),
    ("light_red", Color::LightRed),
    ("lightred", Color::LightRed),
    ("light_green", Color::LightGreen),
    ("lightgreen", Color::LightGreen),
    ("light_yellow", Color::LightYellow),
    ("lightyellow", Color::LightYellow),
    ("light_blue", Color::LightBlue),
    ("lightblue", Color::LightBlue),
    ("light_magenta", Color::LightMagenta),
    ("lightmagenta", Color::LightMagenta),
    ("light_cyan", Color::LightCyan),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
    ("reset", Color::Reset),
    ("default", Color::Reset),
];

/// Parse a colour written as a name or `#rrggbb`.
pub fn parse_color_name(s: &str) -> Result<Color, String> {
    if let Some(hex) = s.strip_prefix('#') {
        let byte = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        if hex.len() == 6
            && hex.is_ascii()
            && let (Some(r), Some(g), Some(b)) = (byte(0), byte(2), byte(4))
        {
            return Ok(Color::Rgb(r, g, b));
        }
        return Err(format!(
            "bad colour \"{s}\": write #rrggbb with six hex digits"
        ));
    }
    let lower = s.to_ascii_lowercase().replace('-', "_");
    if let Some(&(_, c)) = COLORS.iter().find(|(n, _)| *n == lower) {
        return Ok(c);
    }
    let mut msg = format!("unknown colour \"{s}\"");
    if s.parse::<u8>().is_ok() {
        msg.push_str(&format!(" — write a 256-colour index as a number: {s}"));
    } else if let Some(near) = closest(&lower, COLORS.iter().map(|(n, _)| *n)) {
        msg.push_str(&format!(" — did you mean \"{near}\"?"));
    } else {
        msg.push_str(" (a name like \"yellow\" or \"dark_gray\", 0..255, or \"#rrggbb\")");
    }
    Err(msg)
}

/// Attribute flags allowed in a style table.
pub const ATTRIBUTES: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("dim", Modifier::DIM),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_names() {
        assert_eq!(parse_color_name("dark_gray"), Ok(Color::DarkGray));
        assert_eq!(parse_color_name("darkgray"), Ok(Color::DarkGray));
        assert_eq!(parse_color_name("Light-Blue"), Ok(Color::LightBlue));
        assert_eq!(parse_color_name("#ff8000"), Ok(Color::Rgb(255, 128, 0)));
        assert!(parse_color_name("#ff80").is_err());
        assert!(parse_color_name("#ééé").is_err());
        assert_eq!(
            parse_color_name("yelow"),
            Err("unknown colour \"yelow\" — did you mean \"yellow\"?".into())
        );
        assert!(parse_color_name("12").unwrap_err().contains("as a number"));
    }

    #[test]
    fn monochrome_keeps_attributes() {
        let t = Theme {
            list_selected: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::REVERSED),
            ..Theme::default()
        };
        let m = t.without_colors();
        assert_eq!(
            m.list_selected,
            Style::new().add_modifier(Modifier::REVERSED)
        );
    }
}
