//! Bracketed paste: text pasted into a prompt (the search, the date, the
//! source, the help filter) is typed there as text, cleaned first, never
//! read as keys.

use super::App;
use super::prompt::PromptKind;
use crate::catalog::Catalog;

/// The most characters a paste adds: a prompt is one line.
pub const PASTE_MAX_CHARS: usize = 1000;

/// `text` made fit for a one-line entry: line ends and tabs become one
/// space each run, other control characters (escape sequences' ESC, C1,
/// DEL) are dropped, and at most [`PASTE_MAX_CHARS`] are kept.
pub fn clean_paste(text: &str) -> String {
    let mut out = String::new();
    let mut last_space = false;
    for c in text.chars() {
        let c = match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        out.push(c);
    }
    out.chars().take(PASTE_MAX_CHARS).collect()
}

impl App {
    /// Text pasted by the terminal (bracketed paste): typed into the prompt
    /// or the help filter once cleaned; anywhere else it is ignored, so
    /// nothing pasted runs as a key.
    pub fn paste(&mut self, text: &str, catalog: &mut dyn Catalog) {
        let text = clean_paste(text);
        if let Some(h) = &mut self.help {
            text.chars().for_each(|c| h.filter.insert(c));
            h.scroll = 0;
            return;
        }
        let Some(p) = &mut self.prompt else { return };
        match p.kind {
            // a yes/no answer is a key, never pasted
            PromptKind::Confirm { .. } => return,
            PromptKind::Link { .. } => {
                text.chars()
                    .filter(char::is_ascii_digit)
                    .for_each(|c| p.input.insert(c));
            }
            _ => text.chars().for_each(|c| p.input.insert(c)),
        }
        self.status = None;
        self.prompt_text_changed(catalog);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_and_controls_never_survive() {
        assert_eq!(clean_paste("Na Hang\r\nq"), "Na Hang q");
        assert_eq!(clean_paste("a\x1b[31mb\x07\u{9b}c\u{7f}"), "a[31mbc");
        assert_eq!(clean_paste("\n\n\t"), " ");
        assert_eq!(clean_paste(&"x".repeat(5000)).len(), PASTE_MAX_CHARS);
    }
}
