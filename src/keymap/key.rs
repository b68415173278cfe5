//! Key syntax: one canonical spelling per key, in the style of helix.
//!
//! | written        | key                                           |
//! |----------------|-----------------------------------------------|
//! | `j`, `G`, `?`  | a printable character (never whitespace)      |
//! | `-`            | the minus key (`C--` is Ctrl+minus)           |
//! | `space`        | the space bar (the only spelling of `' '`)    |
//! | `enter` `esc` `tab` `backspace` `up` `down` `left` `right` `home` `end` `pageup` `pagedown` `insert` `delete` | named keys |
//! | `f1` .. `f24`  | function keys                                 |
//! | `C-d` `A-x` `S-tab` `C-S-left` | modifiers Ctrl, Alt, Shift, written in that order |
//!
//! Shift with a character is folded into the character: the terminal reports
//! Shift+g as `G`, so `S-g` parses as `G` and is displayed as `G`. `S-` in front
//! of a character that is not a letter (`S-1`) is an error, because the shifted
//! character depends on the keyboard layout; write the character itself (`!`).
//!
//! Accepted aliases, always displayed in the canonical form: `backtab`
//! (= `S-tab`), `minus` (= `-`), `ret`/`return` (= `enter`), `escape`
//! (= `esc`), `del` (= `delete`), `ins` (= `insert`), `pgup`/`pgdown`. Modifiers may be written in
//! any order (`A-C-x` is `C-A-x`). A sequence is keys separated by spaces:
//! `"g g"`.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{
    KeyCode as CtCode, KeyEvent, KeyEventKind, KeyModifiers as CtMods,
};

use crate::action::closest;

/// A key without its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A printable character; `' '` is the space bar, written `space`.
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Insert,
    Delete,
    /// Function key 1..=24.
    F(u8),
}

/// Modifier keys held with a key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mods {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Mods {
    pub const NONE: Mods = Mods {
        ctrl: false,
        alt: false,
        shift: false,
    };
    pub const CTRL: Mods = Mods {
        ctrl: true,
        alt: false,
        shift: false,
    };
    pub const ALT: Mods = Mods {
        ctrl: false,
        alt: true,
        shift: false,
    };
    pub const SHIFT: Mods = Mods {
        ctrl: false,
        alt: false,
        shift: true,
    };

    pub fn is_empty(self) -> bool {
        self == Mods::NONE
    }
}

/// One key press: a key and its modifiers, in canonical form (see
/// [`Key::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Mods,
}

/// Named keys and their canonical spellings, in display order.
const NAMES: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("insert", KeyCode::Insert),
    ("delete", KeyCode::Delete),
];

/// Other spellings accepted on input.
const ALIASES: &[(&str, KeyCode)] = &[
    ("minus", KeyCode::Char('-')),
    ("ret", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("escape", KeyCode::Esc),
    ("del", KeyCode::Delete),
    ("ins", KeyCode::Insert),
    ("pgup", KeyCode::PageUp),
    ("pgdown", KeyCode::PageDown),
];

/// Highest function key number accepted.
pub const MAX_F: u8 = 24;

impl Key {
    /// A key in canonical form: Shift on a character is folded into the
    /// character (Shift+`g` becomes `G`; Shift on any other character is
    /// dropped, since the terminal already reports the shifted character).
    pub fn new(code: KeyCode, mods: Mods) -> Key {
        let mut key = Key { code, mods };
        if let KeyCode::Char(c) = code
            && mods.shift
        {
            key.code = KeyCode::Char(upper(c));
            key.mods.shift = false;
        }
        key
    }

    /// A key with no modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: Mods::NONE,
        }
    }

    /// A character key with no modifiers.
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// Ctrl + a character.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: Mods::CTRL,
        }
    }

    /// True for a character typed without Ctrl or Alt (what a text prompt
    /// inserts), including the space bar.
    pub fn is_printable(self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.mods.ctrl && !self.mods.alt
    }

    /// The character a text prompt should insert for this key, if any.
    pub fn printable_char(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if self.is_printable() => Some(c),
            _ => None,
        }
    }
}

fn upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

fn is_letter_with_case(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase()
}

/// A key or key sequence that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    pub message: String,
}

impl KeyError {
    fn new(message: impl Into<String>) -> KeyError {
        KeyError {
            message: message.into(),
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeyError {}

fn parse_code(name: &str, whole: &str) -> Result<KeyCode, KeyError> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        if c.is_whitespace() {
            return Err(KeyError::new(format!(
                "key \"{}\" is a blank; write \"space\" for the space bar",
                whole.escape_debug()
            )));
        }
        if c.is_control() {
            return Err(KeyError::new(format!(
                "key \"{}\" is a control character; write it as C-x or by name",
                whole.escape_debug()
            )));
        }
        return Ok(KeyCode::Char(c));
    }
    if let Some(&(_, code)) = NAMES.iter().chain(ALIASES).find(|(n, _)| *n == name) {
        return Ok(code);
    }
    if let Some(num) = name.strip_prefix('f')
        && !num.is_empty()
        && num.bytes().all(|b| b.is_ascii_digit())
    {
        return match num.parse::<u8>() {
            Ok(n) if (1..=MAX_F).contains(&n) => Ok(KeyCode::F(n)),
            _ => Err(KeyError::new(format!(
                "no function key \"{name}\"; f1 to f{MAX_F} exist"
            ))),
        };
    }
    if name == "backtab" {
        // Handled by the caller, which adds Shift; reaching here means a
        // modifier string was already present and is fine too.
        return Ok(KeyCode::Tab);
    }
    let lower = name.to_lowercase();
    let candidates = NAMES
        .iter()
        .chain(ALIASES)
        .map(|(n, _)| *n)
        .chain(["backtab", "f1", "f12"]);
    let hint = if lower != name && NAMES.iter().chain(ALIASES).any(|(n, _)| *n == lower) {
        Some(format!(" — key names are lower case: \"{lower}\""))
    } else {
        closest(&lower, candidates).map(|s| format!(" — did you mean \"{s}\"?"))
    };
    Err(KeyError::new(format!(
        "unknown key \"{whole}\"{}",
        hint.unwrap_or_default()
    )))
}

impl FromStr for Key {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Key, KeyError> {
        if s.is_empty() {
            return Err(KeyError::new("empty key"));
        }
        let mut rest = s;
        let mut mods = Mods::NONE;
        // A modifier is "X-" followed by at least one more character, so "-"
        // and "C--" work.
        loop {
            let mut it = rest.char_indices();
            let (Some((_, m)), Some((_, '-')), Some((tail, _))) = (it.next(), it.next(), it.next())
            else {
                break;
            };
            let flag = match m {
                'C' => &mut mods.ctrl,
                'A' => &mut mods.alt,
                'S' => &mut mods.shift,
                'c' | 'a' | 's' => {
                    return Err(KeyError::new(format!(
                        "bad modifier in \"{s}\": modifiers are upper case C-, A-, S-"
                    )));
                }
                _ => break,
            };
            if *flag {
                return Err(KeyError::new(format!(
                    "modifier {m}- given twice in \"{s}\""
                )));
            }
            *flag = true;
            rest = &rest[tail..];
        }
        let mut code = parse_code(rest, s)?;
        if rest == "backtab" {
            if mods.shift {
                return Err(KeyError::new(format!(
                    "\"{s}\": backtab already means S-tab"
                )));
            }
            mods.shift = true;
            code = KeyCode::Tab;
        }
        if let KeyCode::Char(c) = code
            && mods.shift
            && c != ' '
            && !is_letter_with_case(c)
        {
            return Err(KeyError::new(format!(
                "\"{s}\": S- works only with letters and named keys; write the shifted character itself"
            )));
        }
        Ok(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = Key::new(self.code, self.mods);
        if key.mods.ctrl {
            f.write_str("C-")?;
        }
        if key.mods.alt {
            f.write_str("A-")?;
        }
        if key.mods.shift {
            f.write_str("S-")?;
        }
        match key.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMES
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| *n);
                f.write_str(name)
            }
        }
    }
}

/// Longest key sequence accepted. Nobody types more; and checking a keymap
/// for bindings that start another costs the square of a sequence's length.
pub const MAX_SEQUENCE_KEYS: usize = 16;

/// Parse a space-separated key sequence such as `"g g"` or `"C-x C-s"`, of
/// at most [`MAX_SEQUENCE_KEYS`] keys.
pub fn parse_sequence(s: &str) -> Result<Vec<Key>, KeyError> {
    let count = s.split_whitespace().count();
    if count > MAX_SEQUENCE_KEYS {
        return Err(KeyError::new(format!(
            "key sequence of {count} keys; at most {MAX_SEQUENCE_KEYS} are allowed"
        )));
    }
    let keys = s
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<Vec<Key>, KeyError>>()?;
    if keys.is_empty() {
        if !s.is_empty() {
            return Err(KeyError::new(format!(
                "key sequence \"{}\" is blank; write \"space\" for the space bar",
                s.escape_debug()
            )));
        }
        return Err(KeyError::new("empty key sequence"));
    }
    Ok(keys)
}

/// The canonical spelling of a sequence: keys joined by single spaces.
pub fn display_sequence(keys: &[Key]) -> String {
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Translate a terminal key event. Only presses and repeats count (releases
/// are ignored); keys xemtin cannot bind (media keys, lone modifiers, Super,
/// Hyper, Meta) give `None`. Shift on characters is normalised (`G` with
/// Shift is `G`), BackTab becomes `S-tab`.
pub fn from_crossterm(ev: &KeyEvent) -> Option<Key> {
    if !matches!(ev.kind, KeyEventKind::Press | KeyEventKind::Repeat) {
        return None;
    }
    if ev
        .modifiers
        .intersects(CtMods::SUPER | CtMods::HYPER | CtMods::META)
    {
        return None;
    }
    let mut mods = Mods {
        ctrl: ev.modifiers.contains(CtMods::CONTROL),
        alt: ev.modifiers.contains(CtMods::ALT),
        shift: ev.modifiers.contains(CtMods::SHIFT),
    };
    let code = match ev.code {
        CtCode::Char(c) if c.is_control() => return None,
        CtCode::Char(c) => KeyCode::Char(c),
        CtCode::Enter => KeyCode::Enter,
        CtCode::Esc => KeyCode::Esc,
        CtCode::Tab => KeyCode::Tab,
        CtCode::BackTab => {
            mods.shift = true;
            KeyCode::Tab
        }
        CtCode::Backspace => KeyCode::Backspace,
        CtCode::Up => KeyCode::Up,
        CtCode::Down => KeyCode::Down,
        CtCode::Left => KeyCode::Left,
        CtCode::Right => KeyCode::Right,
        CtCode::Home => KeyCode::Home,
        CtCode::End => KeyCode::End,
        CtCode::PageUp => KeyCode::PageUp,
        CtCode::PageDown => KeyCode::PageDown,
        CtCode::Insert => KeyCode::Insert,
        CtCode::Delete => KeyCode::Delete,
        CtCode::F(n) if (1..=MAX_F).contains(&n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key::new(code, mods))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::crossterm::event::KeyEventState;

    fn k(s: &str) -> Key {
        match s.parse() {
            Ok(k) => k,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn overlong_sequences_are_refused() {
        // Found by fuzzing: a binding of 20,000 keys took a minute in the
        // prefix check (quadratic in a sequence's length).
        let max = vec!["g"; MAX_SEQUENCE_KEYS].join(" ");
        assert_eq!(parse_sequence(&max).map(|k| k.len()), Ok(MAX_SEQUENCE_KEYS));
        let e = parse_sequence(&"C-x g ".repeat(10_000)).unwrap_err();
        assert_eq!(
            e.message,
            "key sequence of 20000 keys; at most 16 are allowed"
        );
    }

    #[test]
    fn canonical_spellings_round_trip() {
        for s in [
            "j",
            "G",
            "?",
            "[",
            "]",
            "-",
            "C--",
            "A--",
            "enter",
            "esc",
            "space",
            "tab",
            "backspace",
            "up",
            "down",
            "left",
            "right",
            "home",
            "end",
            "pageup",
            "pagedown",
            "insert",
            "delete",
            "f1",
            "f12",
            "f24",
            "C-d",
            "A-x",
            "S-tab",
            "C-S-left",
            "C-A-S-f5",
            "C-space",
            "é",
            "đ",
            "Đ",
            "\"",
        ] {
            assert_eq!(k(s).to_string(), s, "{s}");
        }
    }

    #[test]
    fn aliases_and_folding() {
        assert_eq!(k("S-g"), k("G"));
        assert_eq!(k("S-G"), k("G"));
        assert_eq!(k("C-S-g").to_string(), "C-G");
        assert_eq!(k("backtab"), k("S-tab"));
        assert_eq!(k("minus"), k("-"));
        assert_eq!(k("A-C-x").to_string(), "C-A-x");
        assert_eq!(k("S-C-up").to_string(), "C-S-up");
        assert_eq!(k("ret"), k("enter"));
        assert_eq!(k("del"), k("delete"));
        assert_eq!(k("S-đ").to_string(), "Đ");
        assert_eq!(k("-"), Key::char('-'));
        assert_eq!(k("space"), Key::char(' '));
    }

    #[test]
    fn malformed_keys_are_rejected_with_hints() {
        let err = |s: &str| s.parse::<Key>().unwrap_err().message;
        assert_eq!(
            err("entr"),
            "unknown key \"entr\" — did you mean \"enter\"?"
        );
        assert_eq!(
            err("Enter"),
            "unknown key \"Enter\" — key names are lower case: \"enter\""
        );
        assert!(err("c-d").contains("upper case"));
        assert!(err("C-C-d").contains("twice"));
        assert!(err("S-1").contains("shifted character"));
        assert!(err("f0").contains("f1 to f24"));
        assert!(err("f25").contains("f1 to f24"));
        assert!(err(" ").contains("space"));
        assert!(err("C-").starts_with("unknown key"));
        assert!(err("").contains("empty"));
        assert!(err("S-backtab").contains("backtab"));
        assert!(err("\u{1b}").contains("control"));
    }

    #[test]
    fn sequences() {
        let seq = parse_sequence("g  g").unwrap();
        assert_eq!(seq, vec![Key::char('g'), Key::char('g')]);
        assert_eq!(display_sequence(&seq), "g g");
        assert_eq!(
            display_sequence(&parse_sequence("C-x S-g").unwrap()),
            "C-x G"
        );
        assert!(parse_sequence("  ").is_err());
        assert!(parse_sequence("g entr").is_err());
    }

    fn ev(code: CtCode, mods: CtMods, kind: KeyEventKind) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: mods,
            kind,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn crossterm_events() {
        let press = |code, mods| from_crossterm(&ev(code, mods, KeyEventKind::Press));
        assert_eq!(press(CtCode::Char('G'), CtMods::SHIFT), Some(k("G")));
        assert_eq!(press(CtCode::Char('G'), CtMods::NONE), Some(k("G")));
        assert_eq!(press(CtCode::Char('g'), CtMods::SHIFT), Some(k("G")));
        assert_eq!(press(CtCode::Char('?'), CtMods::SHIFT), Some(k("?")));
        assert_eq!(press(CtCode::Char('d'), CtMods::CONTROL), Some(k("C-d")));
        assert_eq!(press(CtCode::BackTab, CtMods::SHIFT), Some(k("S-tab")));
        assert_eq!(press(CtCode::BackTab, CtMods::NONE), Some(k("S-tab")));
        assert_eq!(press(CtCode::Char(' '), CtMods::NONE), Some(k("space")));
        assert_eq!(
            press(CtCode::Left, CtMods::CONTROL | CtMods::SHIFT),
            Some(k("C-S-left"))
        );
        assert_eq!(press(CtCode::F(5), CtMods::NONE), Some(k("f5")));
        assert_eq!(press(CtCode::Null, CtMods::NONE), None);
        assert_eq!(press(CtCode::Char('x'), CtMods::SUPER), None);
        assert_eq!(
            from_crossterm(&ev(CtCode::Char('j'), CtMods::NONE, KeyEventKind::Release)),
            None
        );
        assert_eq!(
            from_crossterm(&ev(CtCode::Char('j'), CtMods::NONE, KeyEventKind::Repeat)),
            Some(k("j"))
        );
    }

    fn any_code() -> impl Strategy<Value = KeyCode> {
        prop_oneof![
            any::<char>()
                .prop_filter("printable", |c| !c.is_control()
                    && (*c == ' ' || !c.is_whitespace()))
                .prop_map(KeyCode::Char),
            prop::sample::select(NAMES.iter().map(|(_, c)| *c).collect::<Vec<_>>()),
            (1..=MAX_F).prop_map(KeyCode::F),
        ]
    }

    fn any_key() -> impl Strategy<Value = Key> {
        (any_code(), any::<(bool, bool, bool)>())
            .prop_map(|(code, (ctrl, alt, shift))| Key::new(code, Mods { ctrl, alt, shift }))
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(key in any_key()) {
            let shown = key.to_string();
            prop_assert_eq!(shown.parse::<Key>(), Ok(key), "{}", shown);
        }

        #[test]
        fn sequences_round_trip(keys in prop::collection::vec(any_key(), 1..5)) {
            let shown = display_sequence(&keys);
            prop_assert_eq!(parse_sequence(&shown), Ok(keys));
        }

        #[test]
        fn parsing_never_panics(s in ".{0,12}") {
            let _ = parse_sequence(&s);
        }
    }
}
