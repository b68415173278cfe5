//! Prompts on the bottom line: the date filter ("Xem tin theo ngày") and
//! the source picker, both over a one-line text entry.

use super::links::LinkChoice;

/// A one-line text entry with a cursor, edited by character (not byte).
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

/// What a prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Date,
    /// Search as you type; the list behind shows the results.
    Search,
    /// Sources with their article counts, and the highlighted match.
    Source {
        sources: Vec<(String, usize)>,
        selected: usize,
    },
    /// Mark these articles read? (y or Enter: yes; n or Esc: no)
    Confirm(super::catchup::CatchUp),
    /// Which link to open (`copy` false) or copy, by its number.
    Link {
        choices: Vec<LinkChoice>,
        copy: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: TextInput,
    /// Why the last Enter was refused; the prompt stays open to fix it.
    pub error: Option<String>,
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Prompt {
        Prompt {
            kind,
            input: TextInput::default(),
            error: None,
        }
    }

    /// The sources whose name contains what was typed (ignoring case and
    /// accents), in their order.
    pub fn source_matches(&self) -> Vec<&(String, usize)> {
        let PromptKind::Source { sources, .. } = &self.kind else {
            return Vec::new();
        };
        let needle = crate::fold::fold(&self.input.text);
        sources
            .iter()
            .filter(|(name, _)| crate::fold::fold(name).contains(&needle))
            .collect()
    }

    /// Move the highlighted source by `delta` among the matches.
    pub fn move_source(&mut self, delta: isize) {
        let count = self.source_matches().len();
        if let PromptKind::Source { selected, .. } = &mut self.kind {
            *selected = selected
                .saturating_add_signed(delta)
                .min(count.saturating_sub(1));
        }
    }

    /// After the text changed: highlight the first match again.
    pub fn text_changed(&mut self) {
        self.error = None;
        if let PromptKind::Source { selected, .. } = &mut self.kind {
            *selected = 0;
        }
    }

    /// The link whose number was typed; with nothing typed, the first.
    pub fn chosen_link(&self) -> Option<&LinkChoice> {
        let PromptKind::Link { choices, .. } = &self.kind else {
            return None;
        };
        let text = self.input.text.trim();
        if text.is_empty() {
            return choices.first();
        }
        let n: usize = text.parse().ok()?;
        choices.iter().find(|c| c.number == n)
    }

    /// The typed number names a link and no other number starts with it,
    /// so the prompt need not wait for Enter.
    pub fn link_settled(&self) -> bool {
        let PromptKind::Link { choices, .. } = &self.kind else {
            return false;
        };
        let text = self.input.text.trim();
        if text.is_empty() || self.chosen_link().is_none() {
            return false;
        }
        !choices.iter().any(|c| {
            let n = c.number.to_string();
            n.len() > text.len() && n.starts_with(text)
        })
    }

    /// The highlighted source, if any matches.
    pub fn chosen_source(&self) -> Option<String> {
        let PromptKind::Source { selected, .. } = &self.kind else {
            return None;
        };
        self.source_matches()
            .get(*selected)
            .map(|(name, _)| name.clone())
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

    #[test]
    fn link_prompt_takes_a_number_or_the_first() {
        let choices: Vec<LinkChoice> = (0..12)
            .map(|n| LinkChoice {
                number: n,
                url: format!("https://x.vn/{n}"),
            })
            .collect();
        let mut p = Prompt::new(PromptKind::Link {
            choices,
            copy: false,
        });
        assert_eq!(p.chosen_link().map(|c| c.number), Some(0));
        assert!(!p.link_settled(), "nothing typed: wait for Enter");
        p.input.insert('1');
        assert_eq!(p.chosen_link().map(|c| c.number), Some(1));
        assert!(!p.link_settled(), "10 and 11 start with 1");
        p.input.insert('1');
        assert_eq!(p.chosen_link().map(|c| c.number), Some(11));
        assert!(p.link_settled());
        p.input.clear();
        p.input.insert('7');
        assert!(p.link_settled());
        p.input.clear();
        for c in "99".chars() {
            p.input.insert(c);
        }
        assert_eq!(p.chosen_link(), None);
        assert!(!p.link_settled());
        p.input.clear();
        p.input.insert('x');
        assert_eq!(p.chosen_link(), None);
    }

    #[test]
    fn source_picker_filters_without_accents() {
        let sources = vec![
            ("Báo Tân Lâm Online".to_string(), 12),
            ("Đài PT-TH Tân Lâm".to_string(), 8),
            ("Tan Lam Today".to_string(), 5),
        ];
        let mut p = Prompt::new(PromptKind::Source {
            sources,
            selected: 0,
        });
        assert_eq!(p.source_matches().len(), 3);
        p.move_source(5);
        assert_eq!(p.chosen_source().as_deref(), Some("Tan Lam Today"));
        for c in "dai".chars() {
            p.input.insert(c);
        }
        p.text_changed();
        assert_eq!(p.chosen_source().as_deref(), Some("Đài PT-TH Tân Lâm"));
        for c in "zzz".chars() {
            p.input.insert(c);
        }
        p.text_changed();
        assert_eq!(p.chosen_source(), None);
        p.move_source(1);
    }
}
