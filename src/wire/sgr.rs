//! Graphic rendition: the pen the terminal is set to, and the shortest SGR
//! sequence to another (only the attributes that change, colours 0-15 as
//! `30`-`37`/`90`-`97`), or to a pen that erases to plain blank cells.

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

use super::Enc;

/// Attributes that show on a blank cell: a cell with one of them (or a
/// background colour) cannot be made by erasing.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// The graphic rendition the terminal is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    pub(super) const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    pub(super) fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// Whether erasing with this pen leaves cells that look blank and plain.
    pub(super) fn erases_plain(self) -> bool {
        self.bg == Color::Reset && !self.modifier.intersects(VISIBLE_ON_BLANK)
    }
}

/// SGR parameters for a colour: `base` is 30 (foreground) or 40 (background).
fn color_params(c: Color, base: u32, p: &mut Vec<String>) {
    let named = |i: u32| {
        if i < 8 {
            (base + i).to_string()
        } else {
            (base + 60 + i - 8).to_string()
        }
    };
    let s = match c {
        Color::Reset => (base + 9).to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    };
    p.push(s);
}

/// SGR parameters for the underline colour (58/59).
fn underline_params(c: Color, p: &mut Vec<String>) {
    let index = match c {
        Color::Reset => return p.push("59".into()),
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => return p.push(format!("58;2;{r};{g};{b}")),
    };
    p.push(format!("58;5;{index}"));
}

const MODIFIER_ON: [(Modifier, &str); 9] = [
    (Modifier::BOLD, "1"),
    (Modifier::DIM, "2"),
    (Modifier::ITALIC, "3"),
    (Modifier::UNDERLINED, "4"),
    (Modifier::SLOW_BLINK, "5"),
    (Modifier::RAPID_BLINK, "6"),
    (Modifier::REVERSED, "7"),
    (Modifier::HIDDEN, "8"),
    (Modifier::CROSSED_OUT, "9"),
];

fn set_modifiers(m: Modifier, p: &mut Vec<String>) {
    for (flag, code) in MODIFIER_ON {
        if m.contains(flag) {
            p.push(code.into());
        }
    }
}

/// Parameters that set `to` from scratch.
fn full_params(to: Pen) -> Vec<String> {
    let mut p = vec!["0".to_string()];
    set_modifiers(to.modifier, &mut p);
    if to.fg != Color::Reset {
        color_params(to.fg, 30, &mut p);
    }
    if to.bg != Color::Reset {
        color_params(to.bg, 40, &mut p);
    }
    if to.underline != Color::Reset {
        underline_params(to.underline, &mut p);
    }
    p
}

/// Parameters that change `from` into `to`.
fn change_params(from: Pen, to: Pen) -> Vec<String> {
    let mut p = Vec::new();
    let removed = from.modifier - to.modifier;
    let mut add = to.modifier - from.modifier;
    let intensity = Modifier::BOLD | Modifier::DIM;
    let blink = Modifier::SLOW_BLINK | Modifier::RAPID_BLINK;
    if removed.intersects(intensity) {
        p.push("22".into());
        add |= to.modifier & intensity;
    }
    if removed.intersects(blink) {
        p.push("25".into());
        add |= to.modifier & blink;
    }
    for (flag, code) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::HIDDEN, "28"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if removed.contains(flag) {
            p.push(code.into());
        }
    }
    set_modifiers(add, &mut p);
    if from.fg != to.fg {
        color_params(to.fg, 30, &mut p);
    }
    if from.bg != to.bg {
        color_params(to.bg, 40, &mut p);
    }
    if from.underline != to.underline {
        underline_params(to.underline, &mut p);
    }
    p
}

fn sgr(params: &[String]) -> Vec<u8> {
    if params == ["0"] {
        return b"\x1b[m".to_vec();
    }
    let mut s = b"\x1b[".to_vec();
    s.extend_from_slice(params.join(";").as_bytes());
    s.push(b'm');
    s
}

/// A cell that erasing makes: blank, no background, nothing visible on it.
pub(super) fn erasable(c: &Cell) -> bool {
    c.symbol() == " " && c.bg == Color::Reset && !c.modifier.intersects(VISIBLE_ON_BLANK)
}

impl Enc {
    pub(super) fn set_pen(&mut self, to: Pen) {
        if self.pen == Some(to) {
            return;
        }
        let mut best = sgr(&full_params(to));
        if let Some(from) = self.pen {
            let change = sgr(&change_params(from, to));
            if change.len() < best.len() {
                best = change;
            }
        }
        self.out.extend(best);
        self.pen = Some(to);
    }

    /// A pen that erases to plain blank cells, changing as little as it can.
    pub(super) fn pen_for_erasing(&mut self) {
        // erased cells must not join a hyperlink
        self.close_link();
        match self.pen {
            Some(p) if p.erases_plain() => {}
            Some(p) => {
                let keep = Pen {
                    bg: Color::Reset,
                    modifier: p.modifier - VISIBLE_ON_BLANK,
                    ..p
                };
                let mut a = self.fork();
                a.set_pen(keep);
                let mut b = self.fork();
                b.set_pen(Pen::PLAIN);
                self.join(if a.out.len() < b.out.len() { a } else { b });
            }
            None => self.set_pen(Pen::PLAIN),
        }
    }
}
