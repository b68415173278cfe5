//! `ui.layout` and the split layout's options: the list and the reader
//! side by side (or stacked) on wide terminals.

/// `ui.layout`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LayoutChoice {
    /// The split layout when the terminal is at least `ui.split_min_width`
    /// columns wide, one view at a time below that.
    #[default]
    Auto,
    /// One view at a time, whatever the width.
    Single,
    /// The list and the reader together, whatever the width (down to the
    /// smallest size they fit in).
    Split,
}

/// `ui.split_arrangement`: where the reader goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Arrangement {
    /// The list on the left, the reader on the right.
    #[default]
    SideBySide,
    /// The list above, the reader below.
    Stacked,
}

/// `ui.split_mark_read`: when an article shown in the split's reader pane
/// counts as read. Opening it (Enter, or moving the focus to the reader)
/// always marks it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitMarkRead {
    /// Only when opened.
    #[default]
    OnOpen,
    /// Also once it has been shown this many seconds while the list has the focus.
    AfterSeconds(u16),
}

/// The split layout's options from `[ui]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitConfig {
    pub layout: LayoutChoice,
    /// The narrowest terminal `ui.layout = "auto"` splits.
    pub min_width: u16,
    pub arrangement: Arrangement,
    pub mark_read: SplitMarkRead,
}

impl Default for SplitConfig {
    /// One view at a time: what an App starts with until it is told the
    /// configuration (the defaults of `config.toml` are `auto`).
    fn default() -> Self {
        SplitConfig {
            layout: LayoutChoice::Single,
            min_width: 160,
            arrangement: Arrangement::SideBySide,
            mark_read: SplitMarkRead::OnOpen,
        }
    }
}
