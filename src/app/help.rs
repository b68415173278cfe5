//! The help overlay: the bindings in effect, filtered by what the user types.

use super::prompt::TextInput;

/// One row of the help screen, made from the live keymap by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    /// Which table the binding is in ("List", "Reader", ...), already translated.
    pub context: String,
    /// The key or sequence as written in config.toml (`g g`, `C-d`).
    pub keys: String,
    /// The action names and their descriptions.
    pub actions: String,
}

impl HelpEntry {
    fn matches(&self, needle: &str) -> bool {
        let needle = needle.to_lowercase();
        [&self.context, &self.keys, &self.actions]
            .iter()
            .any(|f| f.to_lowercase().contains(&needle))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpState {
    pub scroll: usize,
    pub filter: TextInput,
}

impl HelpState {
    /// The entries that match the filter, in order.
    pub fn visible<'a>(&self, entries: &'a [HelpEntry]) -> Vec<&'a HelpEntry> {
        entries
            .iter()
            .filter(|e| self.filter.text.is_empty() || e.matches(&self.filter.text))
            .collect()
    }

    pub fn scroll_by(&mut self, delta: isize, total: usize, page: usize) {
        let max = total.saturating_sub(page.max(1));
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ctx: &str, keys: &str, actions: &str) -> HelpEntry {
        HelpEntry {
            context: ctx.into(),
            keys: keys.into(),
            actions: actions.into(),
        }
    }

    #[test]
    fn filter_matches_keys_actions_and_context_ignoring_case() {
        let entries = vec![
            entry("List", "j", "down: Move down one line"),
            entry("Reader", "J", "next_article: Show the next article"),
            entry("Help", "esc", "back: Go back"),
        ];
        let mut h = HelpState::default();
        assert_eq!(h.visible(&entries).len(), 3);
        for c in "ARTICLE".chars() {
            h.filter.insert(c);
        }
        let v = h.visible(&entries);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].keys, "J");
    }

    #[test]
    fn scroll_is_clamped() {
        let mut h = HelpState::default();
        h.scroll_by(50, 10, 4);
        assert_eq!(h.scroll, 6);
        h.scroll_by(-50, 10, 4);
        assert_eq!(h.scroll, 0);
        h.scroll_by(3, 2, 4);
        assert_eq!(h.scroll, 0);
    }
}
