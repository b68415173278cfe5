//! Help text made from the live keymap: the help overlay's rows, the
//! status-bar hints and `xemtin keys`. Generated, so it never drifts from
//! the bindings in effect.

use crate::action::Action;
use crate::app::help::HelpEntry;
use crate::context::{Context, Hint};
use crate::i18n::{Language, Word};
use crate::keymap::{Keymap, display_sequence};
use crate::ui::Hints;

/// Every binding, context by context: keys that do the same thing share a
/// row, and rows follow the order of the action vocabulary.
pub fn help_entries(keymap: &Keymap, lang: Language) -> Vec<HelpEntry> {
    let then = Word::ThenJoin.text(lang);
    let mut entries = Vec::new();
    for ctx in Context::ALL {
        let mut rows: Vec<(Vec<Action>, Vec<String>)> = Vec::new();
        for (keys, actions) in keymap.bindings(ctx) {
            let shown = display_sequence(&keys);
            match rows.iter_mut().find(|(a, _)| *a == actions) {
                Some((_, k)) => k.push(shown),
                None => rows.push((actions, vec![shown])),
            }
        }
        let rank = |actions: &[Action]| {
            let first = actions.first().copied();
            Action::ALL.iter().position(|&a| Some(a) == first)
        };
        rows.sort_by_key(|(actions, _)| rank(actions));
        for (actions, keys) in rows {
            let what: Vec<String> = actions
                .iter()
                .map(|a| {
                    let what = match lang {
                        Language::En => a.description(),
                        Language::Vi => a.description_vi(),
                    };
                    format!("{}: {what}", a.name())
                })
                .collect();
            entries.push(HelpEntry {
                context: ctx.label().text(lang).to_string(),
                keys: keys.join(", "),
                actions: what.join(then),
            });
        }
    }
    entries
}

/// The help screen's rows for the mouse (when `ui.mouse` is on).
pub fn mouse_entries(lang: Language) -> Vec<HelpEntry> {
    let words = crate::i18n::terminal_words(lang);
    words
        .mouse_rows
        .iter()
        .map(|(what, does)| HelpEntry {
            context: words.mouse.to_string(),
            keys: what.to_string(),
            actions: does.to_string(),
        })
        .collect()
}

/// The first key that runs `action` in `ctx`, as the user would type it.
fn first_key(keymap: &Keymap, ctx: Context, action: Action) -> Option<String> {
    keymap
        .keys_for(ctx, action)
        .first()
        .map(|seq| display_sequence(seq))
}

/// `keys word` pairs for the hints whose actions all have a key in `ctx`,
/// joined with ` · `.
fn hint_line(keymap: &Keymap, ctx: Context, lang: Language) -> String {
    ctx.hints()
        .iter()
        .filter_map(|&Hint { actions, word }| {
            let keys: Vec<String> = actions
                .iter()
                .filter_map(|&a| first_key(keymap, ctx, a))
                .collect();
            (keys.len() == actions.len()).then(|| format!("{} {}", keys.join("/"), word.text(lang)))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The status-bar hints for each view.
pub fn hints(keymap: &Keymap, lang: Language) -> Hints {
    Hints::new(
        Context::ALL
            .into_iter()
            .map(|ctx| (ctx, hint_line(keymap, ctx, lang))),
    )
}

/// `xemtin keys`: one line per binding, grouped by context.
pub fn keys_table(keymap: &Keymap, lang: Language) -> String {
    let mut out = String::new();
    let mut last = String::new();
    for e in help_entries(keymap, lang) {
        if e.context != last {
            if !last.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("[{}]\n", e.context));
            last = e.context.clone();
        }
        out.push_str(&format!("  {:<18} {}\n", e.keys, e.actions));
    }
    out
}
