//! Prompts on the bottom line: the date filter ("Xem tin theo ngày"), the
//! pane of sources and views, a view's name, all over a one-line text entry.

use super::links::LinkChoice;
use super::views::{PaneEntry, PaneItem};

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
    /// The pane of sources and views: "all sources", every source, then
    /// every saved view, each with its counts, and the highlighted match.
    Source {
        entries: Vec<PaneEntry>,
        selected: usize,
    },
    /// The name to save the list's filters under, as a view.
    ViewName,
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

    /// The lines of the pane whose name contains what was typed (ignoring
    /// case and accents), in their order; "all sources" only while nothing
    /// is typed.
    pub fn pane_matches(&self) -> Vec<&PaneEntry> {
        let PromptKind::Source { entries, .. } = &self.kind else {
            return Vec::new();
        };
        let needle = crate::fold::fold(&self.input.text);
        entries
            .iter()
            .filter(|e| match e.name() {
                None => needle.trim().is_empty(),
                Some(name) => crate::fold::fold(name).contains(&needle),
            })
            .collect()
    }

    /// Move the highlighted source by `delta` among the matches.
    pub fn move_source(&mut self, delta: isize) {
        let count = self.pane_matches().len();
        if let PromptKind::Source { selected, .. } = &mut self.kind {
            *selected = selected
                .saturating_add_signed(delta)
                .min(count.saturating_sub(1));
        }
    }

    /// After the text changed: highlight the best match again.
    pub fn text_changed(&mut self) {
        self.error = None;
        let best = self.best_pane_match();
        if let PromptKind::Source { selected, .. } = &mut self.kind {
            *selected = best;
        }
    }

    /// Which of the pane's matches to highlight: the first whose name
    /// starts with what was typed, else the first with a word that does,
    /// else the first ("na" picks "Na Hang 2020" before "Việt Nam", and
    /// that before "Tuyên Quang Online").
    fn best_pane_match(&self) -> usize {
        let needle = crate::fold::fold(&self.input.text);
        let needle = needle.trim();
        if needle.is_empty() {
            return 0;
        }
        let closeness = |name: &str| {
            let name = crate::fold::fold(name);
            if name.starts_with(needle) {
                0
            } else if name.match_indices(needle).any(|(at, _)| {
                name[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            }) {
                1
            } else {
                2
            }
        };
        let matches = self.pane_matches();
        (0..3)
            .find_map(|rank| {
                matches
                    .iter()
                    .position(|e| e.name().is_some_and(|n| closeness(n) == rank))
            })
            .unwrap_or(0)
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

    /// The highlighted line of the pane, if any matches.
    pub fn chosen_entry(&self) -> Option<&PaneEntry> {
        let PromptKind::Source { selected, .. } = &self.kind else {
            return None;
        };
        self.pane_matches().get(*selected).copied()
    }

    /// The highlighted source's name, if a source is highlighted.
    pub fn chosen_source(&self) -> Option<&str> {
        match &self.chosen_entry()?.item {
            PaneItem::Source(name) => Some(name),
            _ => None,
        }
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

    fn pane(names: &[(&str, usize)], views: &[&str]) -> Prompt {
        use crate::catalog::Counts;
        use crate::config::views::SavedView;
        let mut entries = vec![PaneEntry {
            item: PaneItem::AllSources,
            counts: Counts::default(),
        }];
        for (name, total) in names {
            entries.push(PaneEntry {
                item: PaneItem::Source(name.to_string()),
                counts: Counts {
                    total: *total,
                    unread: 0,
                },
            });
        }
        for name in views {
            entries.push(PaneEntry {
                item: PaneItem::View(SavedView {
                    name: name.to_string(),
                    ..SavedView::default()
                }),
                counts: Counts::default(),
            });
        }
        Prompt::new(PromptKind::Source {
            entries,
            selected: 0,
        })
    }

    #[test]
    fn typing_highlights_the_name_that_starts_with_it_first() {
        let mut p = pane(
            &[("Báo Tuyên Quang Online", 3), ("Đài Tiếng nói Việt Nam", 4)],
            &["Xem lại", "Na Hang 2020"],
        );
        let mut type_in = |text: &str| {
            p.input.clear();
            for c in text.chars() {
                p.input.insert(c);
            }
            p.text_changed();
            p.chosen_entry()
                .and_then(PaneEntry::name)
                .map(str::to_owned)
        };
        assert_eq!(type_in("na").as_deref(), Some("Na Hang 2020"));
        assert_eq!(type_in("nam").as_deref(), Some("Đài Tiếng nói Việt Nam"));
        assert_eq!(type_in("la").as_deref(), Some("Xem lại"), "a word's start");
        assert_eq!(
            type_in("ua").as_deref(),
            Some("Báo Tuyên Quang Online"),
            "inside a word: the first"
        );
    }

    #[test]
    fn source_picker_filters_without_accents() {
        let mut p = pane(
            &[
                ("Báo Tân Lâm Online", 12),
                ("Đài PT-TH Tân Lâm", 8),
                ("Tan Lam Today", 5),
            ],
            &["Tân Lâm hôm nay"],
        );
        assert_eq!(p.pane_matches().len(), 5);
        assert_eq!(
            p.chosen_entry().map(|e| &e.item),
            Some(&PaneItem::AllSources)
        );
        p.move_source(3);
        assert_eq!(p.chosen_source(), Some("Tan Lam Today"));
        p.move_source(5);
        assert!(p.chosen_entry().is_some_and(PaneEntry::is_view));
        for c in "dai".chars() {
            p.input.insert(c);
        }
        p.text_changed();
        assert_eq!(p.chosen_source(), Some("Đài PT-TH Tân Lâm"));
        p.input.clear();
        for c in "tan lam hom".chars() {
            p.input.insert(c);
        }
        p.text_changed();
        assert_eq!(p.pane_matches().len(), 1, "the view, not 'all sources'");
        assert_eq!(
            p.chosen_entry().and_then(PaneEntry::name),
            Some("Tân Lâm hôm nay")
        );
        for c in "zzz".chars() {
            p.input.insert(c);
        }
        p.text_changed();
        assert_eq!(p.chosen_entry(), None);
        p.move_source(1);
    }
}
