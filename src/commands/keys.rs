//! `xemtin keys [--json]`: the key bindings in effect.

use std::io::Write;

use serde::Serialize;

use super::Failure;
use crate::context::Context;
use crate::i18n::Language;
use crate::keymap::{Keymap, display_sequence};

#[derive(Serialize)]
struct JsonBinding {
    /// The `[keys.<context>]` table the binding is in.
    context: &'static str,
    /// The keys as config.toml writes them: `g g`, `C-d`.
    keys: String,
    /// The action names, in the order they run.
    actions: Vec<&'static str>,
}

/// The table for people (in `lang`), or one JSON object per binding, table
/// by table, with the names config.toml uses.
pub fn run(
    keymap: &Keymap,
    lang: Language,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if !json {
        write!(out, "{}", crate::keyhelp::keys_table(keymap, lang))?;
        return Ok(());
    }
    let rows: Vec<JsonBinding> = Context::ALL
        .into_iter()
        .flat_map(|ctx| {
            keymap
                .bindings(ctx)
                .into_iter()
                .map(move |(keys, actions)| JsonBinding {
                    context: ctx.name(),
                    keys: display_sequence(&keys),
                    actions: actions.iter().map(|a| a.name()).collect(),
                })
        })
        .collect();
    super::print_json(&rows, out)
}
