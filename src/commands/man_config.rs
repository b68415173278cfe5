//! The manual's CONFIGURATION section, read from `config.toml` itself (the
//! defaults built into xemtin), so every option and key binding the
//! program knows is in the page, with its default and its comment.
//!
//! How the file is read: a `[table]` line starts a subsection; a comment
//! directly above `key = value` describes that key; other comments are
//! prose, where an empty `#` line ends a paragraph and lines that are
//! indented or written as TOML (a commented example) are kept as they are.

use roff::{Roff, bold, roman};

use crate::action::Action;

/// What a run of comment lines holds, line by line.
enum CommentLine {
    Prose(String),
    Literal(String),
    Break,
}

/// Append the configuration, table by table, to `roff`.
///
/// Prose between the keys of one table and the next table (what comes
/// after `[list]`'s keys but is about `[[feeds]]`, or about every
/// `[keys.*]` table) is not left under the table above it: a block that
/// shows a commented table header gets that header as its subsection, any
/// other is written under the next table's header.
pub fn render(roff: &mut Roff, toml: &str) {
    let mut comments: Vec<CommentLine> = Vec::new();
    let mut deferred: Vec<CommentLine> = Vec::new();
    let mut table = String::new();
    let mut keys_seen = false;
    for line in toml.lines() {
        let trimmed = line.trim();
        if let Some(comment) = trimmed.strip_prefix('#') {
            comments.push(classify(comment));
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('[') {
            if let Some(header) = commented_header(&comments) {
                roff.control("SS", [header.as_str()]);
                prose(roff, &mut comments);
            } else if keys_seen {
                deferred.push(CommentLine::Break);
                deferred.append(&mut comments);
            } else {
                prose(roff, &mut comments);
            }
        }
        if trimmed.starts_with('[') {
            roff.control("SS", [trimmed]);
            prose(roff, &mut deferred);
            table = trimmed.to_string();
            keys_seen = false;
        } else if !trimmed.is_empty() {
            keys_seen = true;
            roff.control("TP", []);
            roff.text([bold(trimmed)]);
            let mut text: Vec<String> = comments
                .drain(..)
                .filter_map(|c| match c {
                    CommentLine::Prose(t) | CommentLine::Literal(t) => Some(t.trim().to_string()),
                    CommentLine::Break => None,
                })
                .collect();
            if text.is_empty() && table.starts_with("[keys.") {
                text.extend(action_description(trimmed).map(String::from));
            }
            if !text.is_empty() {
                roff.text([roman(text.join(" "))]);
            }
        }
    }
    prose(roff, &mut deferred);
    prose(roff, &mut comments);
}

/// A table header written in a commented example (`# [[feeds]]`).
fn commented_header(comments: &[CommentLine]) -> Option<String> {
    comments.iter().find_map(|c| match c {
        CommentLine::Literal(t) if t.starts_with('[') && t.trim_end().ends_with(']') => {
            Some(t.trim().to_string())
        }
        _ => None,
    })
}

/// What a binding without a comment of its own does: the help line of
/// the action it names (`left = "left"`), from the action table.
fn action_description(binding: &str) -> Option<&'static str> {
    let (_, value) = binding.split_once('=')?;
    let name = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    Action::ALL
        .iter()
        .find(|a| a.name() == name)
        .map(|a| a.description())
}

/// One comment line without its `#`.
fn classify(comment: &str) -> CommentLine {
    let text = comment.strip_prefix(' ').unwrap_or(comment);
    if text.trim().is_empty() {
        return CommentLine::Break;
    }
    if text.starts_with(' ') || text.starts_with('[') || looks_like_assignment(text) {
        return CommentLine::Literal(text.to_string());
    }
    CommentLine::Prose(text.to_string())
}

/// `name = value`, as a commented-out example writes it.
fn looks_like_assignment(text: &str) -> bool {
    text.split_once(" = ").is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '"' | '.'))
    })
}

/// Write the comments gathered so far as paragraphs and literal blocks.
fn prose(roff: &mut Roff, comments: &mut Vec<CommentLine>) {
    if comments.is_empty() {
        return;
    }
    roff.control("PP", []);
    let mut words: Vec<String> = Vec::new();
    let mut literal: Vec<String> = Vec::new();
    for line in comments.drain(..) {
        match line {
            CommentLine::Prose(text) => {
                flush_literal(roff, &mut literal);
                words.push(text.trim().to_string());
            }
            CommentLine::Literal(text) => {
                flush_words(roff, &mut words);
                literal.push(text);
            }
            CommentLine::Break => {
                flush_words(roff, &mut words);
                flush_literal(roff, &mut literal);
            }
        }
    }
    flush_words(roff, &mut words);
    flush_literal(roff, &mut literal);
}

fn flush_words(roff: &mut Roff, words: &mut Vec<String>) {
    if !words.is_empty() {
        roff.text([roman(words.join(" "))]);
        roff.control("PP", []);
        words.clear();
    }
}

fn flush_literal(roff: &mut Roff, lines: &mut Vec<String>) {
    if lines.is_empty() {
        return;
    }
    roff.control("RS", []);
    roff.control("nf", []);
    for line in lines.drain(..) {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    roff.control("RE", []);
}
