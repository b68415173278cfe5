//! A one-line text entry with a cursor, edited by character (not byte).

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    /// Cursor position counted in chars.
    pub cursor: usize,
}

impl TextInput {
    fn byte_at(&self, char_pos: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_pos)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    pub fn delete_back(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete_forward(&mut self) {
        if self.cursor < self.len() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The text before the cursor (to place the terminal cursor by width).
    pub fn before_cursor(&self) -> &str {
        &self.text[..self.byte_at(self.cursor)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_character_with_vietnamese() {
        let mut t = TextInput::default();
        for c in "hôm nay".chars() {
            t.insert(c);
        }
        t.left();
        t.left();
        t.delete_back();
        assert_eq!(t.text, "hôm ay");
        t.home();
        t.delete_forward();
        assert_eq!(t.text, "ôm ay");
        t.end();
        t.insert('!');
        assert_eq!(t.text, "ôm ay!");
        t.right();
        assert_eq!(t.cursor, 6);
        assert_eq!(t.before_cursor(), "ôm ay!");
        t.insert('\u{1b}');
        assert_eq!(t.text, "ôm ay!");
        t.clear();
        t.delete_back();
        t.delete_forward();
        assert_eq!((t.text.as_str(), t.cursor), ("", 0));
    }
}
