//! Help text made from the live keymap: the help overlay's rows, the
//! status-bar hints and `xemtin keys`. Generated, so it never drifts from
//! the bindings in effect.

use crate::action::Action;
use crate::app::help::HelpEntry;
use crate::i18n::{Language, labels};
use crate::keymap::{Context, Keymap, display_sequence};
use crate::ui::Hints;

pub const CONTEXTS: [Context; 5] = [
    Context::Global,
    Context::List,
    Context::Reader,
    Context::Prompt,
    Context::Help,
];

fn context_index(ctx: Context) -> usize {
    CONTEXTS.iter().position(|&c| c == ctx).unwrap_or(0)
}

/// Every binding, context by context: keys that do the same thing share a
/// row, and rows follow the order of the action vocabulary.
pub fn help_entries(keymap: &Keymap, lang: Language) -> Vec<HelpEntry> {
    let names = labels(lang).contexts;
    let then = if lang == Language::Vi {
        ", rồi "
    } else {
        ", then "
    };
    let mut entries = Vec::new();
    for ctx in CONTEXTS {
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
                context: names[context_index(ctx)].to_string(),
                keys: keys.join(", "),
                actions: what.join(then),
            });
        }
    }
    entries
}

/// The first key that runs `action` in `ctx`, as the user would type it.
fn first_key(keymap: &Keymap, ctx: Context, action: Action) -> Option<String> {
    keymap
        .keys_for(ctx, action)
        .first()
        .map(|seq| display_sequence(seq))
}

/// `keys word` pairs for the actions that exist in `ctx`, joined with ` · `.
fn hint_line(keymap: &Keymap, ctx: Context, items: &[(&[Action], &str)]) -> String {
    items
        .iter()
        .filter_map(|(actions, word)| {
            let keys: Vec<String> = actions
                .iter()
                .filter_map(|&a| first_key(keymap, ctx, a))
                .collect();
            (keys.len() == actions.len()).then(|| format!("{} {word}", keys.join("/")))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The status-bar hints for each view.
pub fn hints(keymap: &Keymap, lang: Language) -> Hints {
    let vi = lang == Language::Vi;
    let w = |en: &'static str, vi_word: &'static str| if vi { vi_word } else { en };
    use Action::*;
    Hints {
        list: hint_line(
            keymap,
            Context::List,
            &[
                (&[Down, Up], w("move", "di chuyển")),
                (&[Open], w("open", "mở")),
                (&[DatePrompt], w("date", "theo ngày")),
                (&[DatePrev, DateNext], w("step date", "lùi/tiến")),
                (&[Help], w("help", "trợ giúp")),
                (&[Back], w("quit", "thoát")),
            ],
        ),
        reader: hint_line(
            keymap,
            Context::Reader,
            &[
                (&[Down, Up], w("scroll", "cuộn")),
                (&[PageDown], w("page", "trang")),
                (&[NextArticle, PrevArticle], w("next/prev", "tin sau/trước")),
                (&[Help], w("help", "trợ giúp")),
                (&[Back], w("back", "quay lại")),
            ],
        ),
        prompt: hint_line(
            keymap,
            Context::Prompt,
            &[
                (&[Submit], w("apply", "áp dụng")),
                (&[Cancel], w("cancel", "hủy")),
            ],
        ),
        help: hint_line(
            keymap,
            Context::Help,
            &[
                (&[Down, Up], w("scroll", "cuộn")),
                (&[Back], w("close", "đóng")),
            ],
        ),
    }
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
