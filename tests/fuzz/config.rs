//! Target `config`: `config::load` on a user file (TOML, the options, key
//! syntax, actions, the theme, `[[feeds]]`), merged over the defaults.

use std::time::Duration;

use proptest::prelude::*;
use xemtin::config::load;

use crate::harness::{Input, clean, fuzz};
use crate::mutate::{line_salad, mutated, seeds, tokens};

pub const TARGET: &str = "config";

pub fn check(name: &str, bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    match load(Some((name, &text))) {
        Ok(c) => {
            let t = c.ui.key_timeout;
            if t < Duration::from_millis(100) || t > Duration::from_millis(10_000) {
                return Err(format!("key timeout {t:?} out of its range"));
            }
            if !(20..=1000).contains(&c.reader.max_width) || c.reader.paragraph_spacing > 4 {
                return Err(format!("reader options out of range: {:?}", c.reader));
            }
        }
        Err(errors) => {
            if errors.is_empty() {
                return Err("Err with no error in it".into());
            }
            let lines: Vec<&str> = text.split('\n').collect();
            for e in &errors {
                if e.file != name {
                    return Err(format!("error in another file: {e}"));
                }
                clean("message", &e.message)?;
                if e.message.is_empty() {
                    return Err(format!("empty message at {}:{}", e.line, e.column));
                }
                let Some(line) = e.line.checked_sub(1).and_then(|i| lines.get(i)) else {
                    return Err(format!("line {} outside the file: {e}", e.line));
                };
                let width = line.chars().count() + 1;
                if e.column == 0 || e.column > width {
                    return Err(format!(
                        "column {} outside line {} ({width} columns): {e}",
                        e.column, e.line
                    ));
                }
            }
        }
    }
    Ok(())
}

const ACTIONS: &[&str] = &[
    "back",
    "cancel",
    "clear_input",
    "cursor_end",
    "date_next",
    "date_prev",
    "date_prompt",
    "down",
    "first",
    "help",
    "last",
    "open",
    "page_down",
    "quit",
    "search",
    "submit",
    "toggle_read",
    "none",
    "nxt",
    "",
];

const KEYS: &[&str] = &[
    "j",
    "g g",
    "C-d",
    "A-x",
    "S-tab",
    "C-S-left",
    "A--",
    "f5",
    "f0",
    "f99999",
    "space",
    "enter",
    "esc",
    "pageup",
    "backtab",
    "S-backtab",
    "c-x",
    "C-C-x",
    "",
    " ",
    "\t",
    "G",
    "S-g",
    "é",
    "g g g g g g g g g g",
    "C-",
    "-",
];

/// A user file put together from the real tables, options and values.
fn config_file() -> impl Strategy<Value = Input> {
    let value = prop_oneof![
        "\"[a-z_ #%0-9A-Z:-]{0,20}\"",
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        any::<bool>().prop_map(|b| b.to_string()),
        prop::sample::select(ACTIONS).prop_map(|a| format!("{a:?}")),
        prop::collection::vec(prop::sample::select(ACTIONS), 0..4).prop_map(|v| format!("{v:?}")),
        Just("{ fg = \"yellow\", reversed = true, bold = 3 }".to_string()),
        Just("[\"date\", \"date\", \"title\"]".to_string()),
        Just("\"%d/%m/%Y %H:%M %z %Q\"".to_string()),
        Just("{}".to_string()),
    ];
    let line = prop_oneof![
        prop::sample::select(vec![
            "[ui]",
            "[reader]",
            "[list]",
            "[theme]",
            "[keys.list]",
            "[keys.reader]",
            "[keys.global]",
            "[keys.prompt]",
            "[keys.help]",
            "[keys.nowhere]",
            "[[feeds]]",
            "[feeds]",
            "[keys]",
            "[[keys.list]]",
        ])
        .prop_map(String::from),
        (
            prop::sample::select(vec![
                "language",
                "ascii_borders",
                "color",
                "key_timeout_ms",
                "max_width",
                "justify",
                "paragraph_spacing",
                "date_format",
                "columns",
                "list_selected",
                "list_unread",
                "url",
                "name",
                "tags",
                "unknown",
            ]),
            value.clone(),
        )
            .prop_map(|(k, v)| format!("{k} = {v}")),
        (prop::sample::select(KEYS), value).prop_map(|(k, v)| format!("{k:?} = {v}")),
        Just("# comment".to_string()),
        ".{0,40}",
    ];
    (
        prop::collection::vec(line, 0..30),
        prop::sample::select(vec!["\n", "\r\n"]),
    )
        .prop_map(|(lines, end)| Input::text("fuzz.toml", &lines.join(end)))
}

const CONFIG_TOKENS: &[&[u8]] = &[
    b"[keys.list]\n",
    b"[ui]\n",
    b"[[feeds]]\nurl = \"http://x\"\n",
    b" = \"none\"\n",
    b" = [\"down\", \"open\"]\n",
    b"\"C-S-A-x\"",
    b"\"g g\"",
    b"key_timeout_ms = 99999999999999999999\n",
    b"max_width = -1\n",
    b"= = =",
    b"\"\"\"",
    b"'''",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"{a={a={a={a={a={a={a={a={a={a=1}}}}}}}}}}",
    b"\\u{D800}",
    b"\\uD800",
    b"1979-05-27T07:32:00Z",
    b"inf",
    b"nan",
    b"0x7fffffffffffffff",
];

fn config_seeds() -> std::sync::Arc<Vec<crate::mutate::Seed>> {
    let mut all: Vec<crate::mutate::Seed> = seeds(&["tests/config"], |n| n.ends_with(".toml"))
        .as_ref()
        .clone();
    all.extend(seeds(&["config.toml"], |_| true).iter().cloned());
    std::sync::Arc::new(all)
}

#[test]
fn arbitrary_text() {
    let s = any::<String>().prop_map(|t| Input::text("fuzz.toml", &t));
    fuzz(TARGET, "text", 120, s, check);
}

#[test]
fn grammar() {
    fuzz(TARGET, "grammar", 120, config_file(), check);
}

#[test]
fn mutated_seeds() {
    let s = mutated(
        config_seeds(),
        tokens(CONFIG_TOKENS),
        crate::mutate::FILE_MAX,
    );
    fuzz(TARGET, "mutated", 120, s, check);
}

#[test]
fn line_salad_of_seeds() {
    fuzz(
        TARGET,
        "salad",
        100,
        line_salad(config_seeds(), "fuzz.toml"),
        check,
    );
}
