//! Operating-system commands written to the terminal: hyperlinks (OSC 8),
//! the window title (OSC 2) and notifications (OSC 9, OSC 777). Whatever
//! goes inside comes from articles and addresses, so it is cleaned here:
//! no byte of it can end the sequence or start another.

use crate::config::NotifyChoice;

/// Ends a hyperlink (OSC 8 with no address).
pub const HYPERLINK_CLOSE: &[u8] = b"\x1b]8;;\x1b\\";

/// The longest address sent as a hyperlink; terminals drop longer ones.
pub const MAX_HYPERLINK: usize = 2000;

/// The most characters of a title or a notification.
pub const MAX_TEXT: usize = 120;

/// Starts a hyperlink to `url`: every byte outside printable ASCII (the
/// OSC 8 rule) is percent-encoded, so no control byte can reach the
/// terminal whatever the address holds.
pub fn hyperlink_open(url: &str) -> Vec<u8> {
    let mut out = b"\x1b]8;;".to_vec();
    for &b in url.as_bytes() {
        if (0x21..=0x7e).contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
    out.extend_from_slice(b"\x1b\\");
    out
}

/// `text` without control characters (C0, DEL, C1), at most [`MAX_TEXT`]
/// characters (an ellipsis marks a cut).
pub fn clean_text(text: &str) -> String {
    let kept: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    if kept.len() <= MAX_TEXT {
        return kept.into_iter().collect();
    }
    let mut cut: String = kept.into_iter().take(MAX_TEXT - 1).collect();
    cut.push('…');
    cut
}

/// Sets the window title (OSC 2).
pub fn title(text: &str) -> Vec<u8> {
    format!("\x1b]2;{}\x1b\\", clean_text(text)).into_bytes()
}

/// Saves the window title on the terminal's stack, and gives it back
/// (XTWINOPS 22 and 23), around a run that sets its own.
pub const TITLE_PUSH: &[u8] = b"\x1b[22;0t";
pub const TITLE_POP: &[u8] = b"\x1b[23;0t";

/// A desktop notification in the form `kind` asks for; nothing for `Off`.
pub fn notification(kind: NotifyChoice, text: &str) -> Vec<u8> {
    let text = clean_text(text);
    match kind {
        NotifyChoice::Off => Vec::new(),
        // a leading digit and `;` would read as a ConEmu command
        NotifyChoice::Osc9 => format!("\x1b]9;xemtin: {text}\x1b\\").into_bytes(),
        NotifyChoice::Osc777 => format!("\x1b]777;notify;xemtin;{text}\x1b\\").into_bytes(),
    }
}

/// Whether the terminal shows OSC 8 hyperlinks, from its environment
/// (`var` reads one variable): terminals known to, by `TERM_PROGRAM`,
/// `TERM`, `VTE_VERSION` (0.50 and later), `KONSOLE_VERSION`, `WT_SESSION`.
/// Never inside tmux or screen, which may not pass them on.
pub fn supports_hyperlinks(var: impl Fn(&str) -> Option<String>) -> bool {
    let term = var("TERM").unwrap_or_default();
    if var("TMUX").is_some() || term.starts_with("screen") || term.starts_with("tmux") {
        return false;
    }
    let program = var("TERM_PROGRAM").unwrap_or_default();
    let programs = [
        "iTerm.app",
        "WezTerm",
        "vscode",
        "ghostty",
        "Hyper",
        "Tabby",
        "rio",
    ];
    let terms = ["kitty", "foot", "alacritty", "ghostty", "wezterm", "rio"];
    let vte = var("VTE_VERSION")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .is_some_and(|v| v >= 5000);
    programs.contains(&program.as_str())
        || terms.iter().any(|t| term.contains(t))
        || vte
        || var("KONSOLE_VERSION").is_some()
        || var("WT_SESSION").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_control(bytes: &[u8]) -> bool {
        // the sequence's own ESC ] ... ESC \ aside
        let inner = &bytes[2..bytes.len() - 2];
        inner.iter().any(|&b| b < 0x20 || b == 0x7f)
            || String::from_utf8_lossy(inner).contains('\u{9b}')
    }

    #[test]
    fn addresses_cannot_break_out() {
        let open = hyperlink_open("https://example.org/a\x1b]2;pwned\x07b c\u{9c}đ");
        assert_eq!(
            String::from_utf8(open.clone()).unwrap(),
            "\x1b]8;;https://example.org/a%1B]2;pwned%07b%20c%C2%9C%C4%91\x1b\\"
        );
        assert!(!has_control(&open));
    }

    #[test]
    fn titles_and_notifications_are_cleaned_and_capped() {
        let t = title("Tin \x1b]0;x\x07\u{9b}31m mới\n");
        assert_eq!(
            String::from_utf8(t.clone()).unwrap(),
            "\x1b]2;Tin ]0;x31m mới\x1b\\"
        );
        assert!(!has_control(&t));
        assert_eq!(clean_text(&"a".repeat(500)).chars().count(), MAX_TEXT);
        assert!(notification(NotifyChoice::Off, "x").is_empty());
        let n = notification(NotifyChoice::Osc777, "3 new\x1b\\ articles");
        assert_eq!(
            String::from_utf8(n.clone()).unwrap(),
            "\x1b]777;notify;xemtin;3 new\\ articles\x1b\\"
        );
        assert!(!has_control(&n));
        let n = notification(NotifyChoice::Osc9, "3 new articles");
        assert_eq!(n, b"\x1b]9;xemtin: 3 new articles\x1b\\");
    }

    #[test]
    fn hyperlinks_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(!supports_hyperlinks(env(&[("TERM", "xterm-256color")])));
        assert!(supports_hyperlinks(env(&[("TERM", "xterm-kitty")])));
        assert!(supports_hyperlinks(env(&[("TERM_PROGRAM", "WezTerm")])));
        assert!(supports_hyperlinks(env(&[("VTE_VERSION", "7600")])));
        assert!(!supports_hyperlinks(env(&[("VTE_VERSION", "4803")])));
        // inside tmux, even in a terminal that shows them
        assert!(!supports_hyperlinks(env(&[
            ("TERM", "tmux-256color"),
            ("TERM_PROGRAM", "tmux")
        ])));
        assert!(!supports_hyperlinks(env(&[
            ("TMUX", "/tmp/tmux-1/default,1,0"),
            ("TERM_PROGRAM", "iTerm.app")
        ])));
    }
}
