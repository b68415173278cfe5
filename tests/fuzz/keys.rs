//! Target `keys`: the key syntax (`keymap::parse_sequence`, `Key::from_str`)
//! and a whole keymap built from the parsed sequences.

use proptest::prelude::*;
use xemtin::action::Action;
use xemtin::keymap::{Context, Key, Keymap, display_sequence, parse_sequence};

use crate::harness::{Input, fuzz};
use crate::mutate::{mutated, tokens};

pub const TARGET: &str = "keys";

/// Each line is a key sequence. A parsed one must print in its canonical
/// spelling and parse back to the same keys; bound in a keymap it must be
/// found again.
pub fn check(_name: &str, bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let mut map = Keymap::new();
    for line in std::iter::once(text.as_ref()).chain(text.split('\n')) {
        let _ = line.parse::<Key>();
        match parse_sequence(line) {
            Ok(keys) => {
                if keys.is_empty() {
                    return Err(format!("{line:?} parsed to no key"));
                }
                let shown = display_sequence(&keys);
                let again = parse_sequence(&shown)
                    .map_err(|e| format!("{line:?} shows as {shown:?}, which fails: {e}"))?;
                if again != keys {
                    return Err(format!(
                        "{line:?} shows as {shown:?}, which reads back as other keys"
                    ));
                }
                if display_sequence(&again) != shown {
                    return Err(format!("{shown:?} is not canonical"));
                }
                map.bind(Context::List, keys.clone(), vec![Action::Down]);
                if map.get(Context::List, &keys).is_none() {
                    return Err(format!("{shown:?} bound but not found"));
                }
            }
            Err(e) => {
                if e.message.is_empty() {
                    return Err(format!("{line:?}: empty error message"));
                }
            }
        }
    }
    let _ = map.prefix_conflicts(Context::List);
    Ok(())
}

fn key_word() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            prop::sample::select(vec!["C-", "A-", "S-", "c-", "M-", "C-C-"]),
            0..4,
        ),
        prop_oneof![
            prop::sample::select(vec![
                "space",
                "enter",
                "esc",
                "tab",
                "backtab",
                "backspace",
                "up",
                "pageup",
                "pgdown",
                "minus",
                "ret",
                "del",
                "f1",
                "f12",
                "f0",
                "f256",
                "f99999999999",
                "-",
                "--",
                "x",
                "G",
                "é",
                "ß",
                "ǅ",
                "İ",
                "中",
                "👍",
                "\u{301}",
                "\u{0}",
            ])
            .prop_map(String::from),
            any::<char>().prop_map(String::from),
            "[a-z]{2,8}",
        ],
    )
        .prop_map(|(mods, code)| format!("{}{code}", mods.concat()))
}

fn sequence() -> impl Strategy<Value = Input> {
    prop::collection::vec(
        (
            key_word(),
            prop::sample::select(vec![" ", "  ", "\t", "\u{a0}", "\u{3000}"]),
        ),
        0..6,
    )
    .prop_map(|words| {
        let s: String = words
            .into_iter()
            .map(|(w, sep)| format!("{w}{sep}"))
            .collect();
        Input::text("keys", s.trim_end())
    })
}

const KEY_TOKENS: &[&[u8]] = &[b"C-", b"A-", b"S-", b" ", b"space", b"f", b"tab", b"-"];

fn key_seeds() -> std::sync::Arc<Vec<crate::mutate::Seed>> {
    let seqs = [
        "g g", "C-d", "A-x", "S-tab", "C-S-left", "A--", "f5", "space", "C-x C-s", "pageup", "G",
        "enter", "esc",
    ];
    std::sync::Arc::new(
        seqs.iter()
            .map(|s| crate::mutate::Seed {
                name: "keys".into(),
                bytes: s.as_bytes().to_vec(),
            })
            .collect(),
    )
}

#[test]
fn arbitrary_text() {
    let s = any::<String>().prop_map(|t| Input::text("keys", &t));
    fuzz(TARGET, "text", 250, s, check);
}

#[test]
fn grammar() {
    fuzz(TARGET, "grammar", 250, sequence(), check);
}

#[test]
fn mutated_seeds() {
    fuzz(
        TARGET,
        "mutated",
        60,
        mutated(key_seeds(), tokens(KEY_TOKENS), crate::mutate::LINE_MAX),
        check,
    );
}
