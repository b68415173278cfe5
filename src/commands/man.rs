//! `xemtin man`: the manual page in roff, made from the same sources as
//! the program: clap's definitions for the commands and options,
//! `config.toml` (the built-in defaults) for the configuration, and the
//! query language's examples, which the tests run through the parsers.

use std::io::Write;

use clap_mangen::Man;
use roff::{Roff, bold, italic, roman};

use super::Failure;
use super::man_config;
use crate::config::DEFAULT_TOML;
use crate::search::Field;

/// A search example: what is typed, what it finds, and the shape the
/// query parser must give its first term (checked by the tests).
pub struct SearchExample {
    pub typed: &'static str,
    pub finds: &'static str,
    pub field: Field,
    pub negated: bool,
    pub phrase: bool,
}

pub const SEARCH_EXAMPLES: &[SearchExample] = &[
    SearchExample {
        typed: "dan van",
        finds: "articles with both words, in the title or the text, in any case and with any \
                marks (dân vận, Dân Vận); while typing, the last word also as the start of a \
                longer one",
        field: Field::Any,
        negated: false,
        phrase: false,
    },
    SearchExample {
        typed: "\"mua lua\"",
        finds: "the exact phrase: the words next to each other, in that order",
        field: Field::Any,
        negated: false,
        phrase: true,
    },
    SearchExample {
        typed: "-lua",
        finds: "articles without the word (also -\"mua lua\" for a phrase)",
        field: Field::Any,
        negated: true,
        phrase: false,
    },
    SearchExample {
        typed: "title:lua",
        finds: "the word in the title (also title:\"mua lua\", -title:lua; tieude: is the same)",
        field: Field::Title,
        negated: false,
        phrase: false,
    },
    SearchExample {
        typed: "source:tuyenquang",
        finds: "the word in the source (nguon: is the same); plain words never search the source",
        field: Field::Source,
        negated: false,
        phrase: false,
    },
];

/// Date expressions (for `--date`, the date prompt `d` and the calendar):
/// each example is parsed by the tests.
pub const DATE_EXAMPLES: &[(&[&str], &str)] = &[
    (&["31/12/2020", "2020-12-31"], "a day"),
    (&["31/12"], "a day of the current year"),
    (&["12/2020", "2020-12"], "a month"),
    (&["2020"], "a year"),
    (
        &["1/12/2020..15/12/2020", "2019..2020", "11/2020..1/2021"],
        "a range, both ends included; each end is a day, a month or a year",
    ),
    (
        &["today", "hôm nay", "yesterday", "hôm qua"],
        "the day in the run's time zone (accents may be left out: hom nay)",
    ),
];

/// One of clap_mangen's section renderers.
type RenderSection = fn(&Man, &mut dyn Write) -> std::io::Result<()>;

/// Print the page.
pub fn run(cmd: clap::Command, out: &mut dyn Write) -> Result<(), Failure> {
    write!(out, "{}", page(cmd))?;
    Ok(())
}

/// The whole page as roff source.
pub fn page(cmd: clap::Command) -> String {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let version = cmd.get_version().unwrap_or_default().to_string();
    let man = Man::new(cmd.clone())
        .title("XEMTIN")
        .section("1")
        .source(format!("xemtin {version}"))
        .manual("User Commands");
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    let sections: [RenderSection; 5] = [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ];
    for section in sections {
        let mut chunk = Vec::new();
        // writing to a Vec cannot fail
        if section(&man, &mut chunk).is_ok() {
            chunks.push(chunk);
        }
    }
    let mut own = Roff::new();
    commands_section(&mut own, &cmd);
    exit_status_section(&mut own);
    query_language_section(&mut own);
    own.control("SH", ["CONFIGURATION"]);
    man_config::render(&mut own, DEFAULT_TOML);
    files_section(&mut own);
    own.control("SH", ["VERSION"]);
    own.text([roman(version)]);
    chunks.push(own.render().into_bytes());
    join_chunks(&chunks)
}

/// The chunks one after the other, with the preamble every rendering
/// starts with kept only once.
fn join_chunks(chunks: &[Vec<u8>]) -> String {
    let preamble = Roff::new().render();
    let mut page = String::new();
    for (i, chunk) in chunks.iter().enumerate() {
        let text = String::from_utf8_lossy(chunk);
        match text.strip_prefix(preamble.as_str()) {
            Some(rest) if i > 0 => page.push_str(rest),
            _ => page.push_str(&text),
        }
    }
    page
}

/// Each subcommand: its usage, what it does and its own options.
fn commands_section(roff: &mut Roff, cmd: &clap::Command) {
    roff.control("SH", ["COMMANDS"]);
    roff.text([roman(
        "Without a command, xemtin opens the reader in the terminal. The global options \
         above go before or after the command.",
    )]);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut sub = sub.clone();
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        roff.control("SS", [sub.get_name()]);
        roff.text([bold(usage.to_string())]);
        roff.control("PP", []);
        let about = sub
            .get_long_about()
            .or_else(|| sub.get_about())
            .map(ToString::to_string)
            .unwrap_or_default();
        roff.text([roman(about)]);
        let own_args: Vec<&clap::Arg> = sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set())
            .filter(|a| a.get_id() != "help")
            .collect();
        for arg in own_args {
            roff.control("TP", []);
            roff.text(arg_heading(arg));
            let mut help = arg
                .get_long_help()
                .or_else(|| arg.get_help())
                .map(ToString::to_string)
                .unwrap_or_default();
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                help.push_str(&format!(" (one of: {})", values.join(", ")));
            }
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && arg.get_action().takes_values() {
                help.push_str(&format!(" (default: {})", defaults.join(", ")));
            }
            roff.text([roman(help)]);
        }
    }
}

/// `--name VALUE`, `-s`, or a positional's `NAME`, in the usual fonts.
fn arg_heading(arg: &clap::Arg) -> Vec<roff::Inline> {
    let value = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(ToString::to_string)
        .unwrap_or_else(|| arg.get_id().to_string().to_uppercase());
    let takes_value = arg.get_action().takes_values();
    if arg.is_positional() {
        return vec![italic(value)];
    }
    let mut parts = Vec::new();
    if let Some(short) = arg.get_short() {
        parts.push(bold(format!("-{short}")));
        if arg.get_long().is_some() {
            parts.push(roman(", "));
        }
    }
    if let Some(long) = arg.get_long() {
        parts.push(bold(format!("--{long}")));
    }
    if takes_value {
        parts.push(roman(" "));
        parts.push(italic(value));
    }
    parts
}

fn exit_status_section(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for (i, paragraph) in crate::cli::AFTER_HELP.lines().enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        roff.text([roman(paragraph)]);
    }
}

fn query_language_section(roff: &mut Roff) {
    roff.control("SH", ["QUERY LANGUAGE"]);
    roff.text([roman(
        "The search (/ in the reader, xemtin search, mark --all-read --query) and the \
         date filters (d in the reader, --date, the calendar) read the same expressions.",
    )]);
    roff.control("SS", ["Search"]);
    for example in SEARCH_EXAMPLES {
        roff.control("TP", []);
        roff.text([bold(example.typed)]);
        roff.text([roman(example.finds)]);
    }
    roff.control("PP", []);
    roff.text([roman(
        "All terms must hold. Case and every mark are ignored (đ is d). AND, OR, NOT and \
         NEAR are plain words, and punctuation separates words. xemtin search gives the \
         best matches first (--newest for newest first).",
    )]);
    roff.control("SS", ["Dates"]);
    for (examples, meaning) in DATE_EXAMPLES {
        roff.control("TP", []);
        roff.text([bold(examples.join(", "))]);
        roff.text([roman(*meaning)]);
    }
    roff.control("PP", []);
    roff.text([roman(
        "Years have four digits, days and months one or two; the separator may be /, - or \
         a dot. Days are those of the run's time zone (TZ). In the reader, [ and ] step a \
         date filter by its own span: a day, a month, a year or the length of the range.",
    )]);
}

fn files_section(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    let entries = [
        (
            "~/.config/xemtin/config.toml",
            "Your configuration (--config FILE, else $XEMTIN_CONFIG, else this file in the \
             platform config folder: $XDG_CONFIG_HOME on Linux). It holds only what it \
             changes; xemtin config --default prints a commented starting point.",
        ),
        (
            "./data, ~/.local/share/xemtin/articles",
            "The articles: --data DIR, else ./data if it exists, else this folder in the \
             platform data folder ($XDG_DATA_HOME on Linux).",
        ),
        (
            "~/.cache/xemtin/index-*.sqlite",
            "The index of a data folder (--index FILE to choose it; $XDG_CACHE_HOME on \
             Linux), one per folder. It is derived from the articles: deleting it only costs \
             a re-index.",
        ),
        (
            "~/.local/share/xemtin/state.sqlite",
            "Your read and starred marks and the last position, kept by the article's path \
             in the data folder. Never deleted by xemtin.",
        ),
    ];
    for (path, what) in entries {
        roff.control("TP", []);
        roff.text([italic(path)]);
        roff.text([roman(what)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    let variables = [
        (
            "XEMTIN_CONFIG",
            "The configuration file, when --config is not given.",
        ),
        (
            "LC_ALL, LANG",
            "The interface language when ui.language is \"auto\": vi* means Vietnamese.",
        ),
        (
            "NO_COLOR",
            "When set and not empty, no colour (unless --color always).",
        ),
        ("TZ", "The time zone dates are shown and filtered in."),
        (
            "TERM, TERM_PROGRAM, VTE_VERSION, KONSOLE_VERSION, WT_SESSION, TMUX",
            "What ui.hyperlinks = \"auto\" reads to tell whether the terminal shows \
             hyperlinks (never inside tmux or screen).",
        ),
        (
            "BROWSER",
            "The browser o opens links with (alternatives separated by :, %s for the \
             address); else xdg-open, or open on macOS.",
        ),
    ];
    for (name, what) in variables {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(what)]);
    }
}
