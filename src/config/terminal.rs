//! `[ui]` options about the terminal itself: the mouse, hyperlinks, the
//! window title and notifications.

/// `ui.mouse`, `ui.scroll_lines`, `ui.hyperlinks`, `ui.title`, `ui.notify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminalOptions {
    /// Ask the terminal for mouse reports (SGR mode); off: not one byte of
    /// mouse mode is sent.
    pub mouse: bool,
    /// Lines one notch of the wheel scrolls.
    pub scroll_lines: u16,
    /// Links in the reader as OSC 8 hyperlinks.
    pub hyperlinks: HyperlinkChoice,
    /// Name the view in the terminal's window title.
    pub title: bool,
    /// How to notify when a background fetch brings new articles.
    pub notify: NotifyChoice,
}

impl Default for TerminalOptions {
    fn default() -> Self {
        TerminalOptions {
            mouse: true,
            scroll_lines: 3,
            hyperlinks: HyperlinkChoice::Auto,
            title: false,
            notify: NotifyChoice::Off,
        }
    }
}

/// `ui.hyperlinks`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HyperlinkChoice {
    /// When the terminal is known to show them (see `term::hyperlinks_supported`).
    #[default]
    Auto,
    Always,
    Never,
}

/// `ui.notify`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotifyChoice {
    #[default]
    Off,
    /// `OSC 9` (iTerm2, Windows Terminal, ConEmu, kitty, WezTerm, foot).
    Osc9,
    /// `OSC 777;notify` (urxvt, foot, Ghostty, VTE terminals with the patch).
    Osc777,
}
