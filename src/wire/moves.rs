//! Cursor moves: where the cursor is known to be, and the shortest sequence
//! from there to a cell (`\r`, line feeds, a relative move, a column or row
//! address, or the full address), with the scrolling margins in mind.

use super::Enc;

/// Where the terminal's cursor is, as far as we know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    Unknown,
    /// `pending`: a character was just written in the last column, and the
    /// terminal waits to wrap; only absolute moves and `\r` are safe then.
    Known {
        x: u16,
        y: u16,
        pending: bool,
    },
}

pub(super) fn num(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(n.to_string().as_bytes());
}

/// `ESC [ n c`, with `n` left out when it is 1.
pub(super) fn csi_n(out: &mut Vec<u8>, n: u32, c: u8) {
    out.extend_from_slice(b"\x1b[");
    if n != 1 {
        num(out, n);
    }
    out.push(c);
}

fn cup(x: u16, y: u16) -> Vec<u8> {
    let mut s = b"\x1b[".to_vec();
    if (x, y) != (0, 0) {
        num(&mut s, u32::from(y) + 1);
    }
    if x != 0 {
        s.push(b';');
        num(&mut s, u32::from(x) + 1);
    }
    s.push(b'H');
    s
}

/// Moves along a row from column `from` to `to` (no pending wrap).
fn horizontal(from: u16, to: u16) -> Vec<u8> {
    let mut s = Vec::new();
    if to > from {
        csi_n(&mut s, u32::from(to - from), b'C');
    } else if to < from {
        csi_n(&mut s, u32::from(from - to), b'D');
    }
    s
}

/// `\r` and a move right to column `x`.
fn from_line_start(x: u16) -> Vec<u8> {
    let mut s = b"\r".to_vec();
    s.extend(horizontal(0, x));
    s
}

impl Enc {
    /// Set the scrolling margins to rows `start..end` (None: the whole screen).
    pub(super) fn set_margins(&mut self, margins: Option<(u16, u16)>) {
        if self.margins == margins {
            return;
        }
        self.out.extend_from_slice(b"\x1b[");
        if let Some((start, end)) = margins {
            num(&mut self.out, u32::from(start) + 1);
            self.out.push(b';');
            num(&mut self.out, u32::from(end));
        }
        self.out.push(b'r');
        self.margins = margins;
        // setting the margins homes the cursor, to the screen's or the
        // region's top depending on the terminal
        self.at = At::Unknown;
    }

    pub(super) fn move_to(&mut self, x: u16, y: u16) {
        let mut best = cup(x, y);
        if let At::Known {
            x: cx,
            y: cy,
            pending,
        } = self.at
        {
            if !pending && (cx, cy) == (x, y) {
                return;
            }
            let mut consider = |s: Vec<u8>| {
                if s.len() < best.len() {
                    best = s;
                }
            };
            if y == cy {
                consider(from_line_start(x));
                let mut cha = Vec::new();
                csi_n(&mut cha, u32::from(x) + 1, b'G');
                consider(cha);
                if !pending {
                    consider(horizontal(cx, x));
                }
            } else if y == cy.saturating_add(1)
                && self
                    .margins
                    .is_none_or(|(_, end)| cy.saturating_add(1) != end)
            {
                let mut s = b"\r\n".to_vec();
                s.extend(horizontal(0, x));
                consider(s);
                if !pending {
                    let mut s = b"\n".to_vec();
                    s.extend(horizontal(cx, x));
                    consider(s);
                }
            }
            // a few rows down by line feeds, none of them on the bottom margin
            if y > cy.saturating_add(1) && y - cy <= 4 {
                let feeds = usize::from(y - cy);
                let clear = self
                    .margins
                    .is_none_or(|(_, end)| !(cy..y).contains(&end.saturating_sub(1)));
                if clear {
                    let mut s = b"\r".to_vec();
                    s.extend(std::iter::repeat_n(b'\n', feeds));
                    s.extend(horizontal(0, x));
                    consider(s);
                    if !pending {
                        let mut s = vec![b'\n'; feeds];
                        s.extend(horizontal(cx, x));
                        consider(s);
                    }
                }
            }
            if !pending && x == cx && y != cy {
                let mut vpa = Vec::new();
                csi_n(&mut vpa, u32::from(y) + 1, b'd');
                consider(vpa);
            }
        }
        self.out.extend(best);
        self.at = At::Known {
            x,
            y,
            pending: false,
        };
    }
}
