//! reStructuredText articles (`.rst`, `.rest`): Pelican's default post
//! format, Nikola's, and Sphinx-style documents.
//!
//! ```text
//! Pelican 4.7 released          the title: the first section title
//! ####################          (underlined, or over- and underlined)
//!
//! :date: 2021-10-01             the docinfo: the field list that comes
//! :tags: release, news          first after the title, read as a header
//!
//! Body with `links <https://e.com/>`_, ``code``, lists, directives...
//! ```
//!
//! - The header: YAML or TOML front matter if the file opens with it (as
//!   Nikola and Hugo allow), or `Key: value` lines (as Python's PEPs
//!   open), the docinfo fields (`:date:`, `:modified:`, `:tags:`,
//!   `:category:`, `:slug:`, `:authors:`, `:summary:`, ...) and Nikola's
//!   comment lines at the top (`.. title: ...`, `.. date: ...`, used when
//!   one of them is a core key such as the title or the date) mean what the
//!   same keys mean in any header ([`super::front_matter::Meta`]), and the
//!   date is settled by the same rules ([`super::header::head_from_block`]:
//!   the best date field that reads, else a date in the slug or the path,
//!   noted; unknown fields are a note in `check`).
//! - The title: the document title, else a `:title:` field, else the first
//!   paragraph, as for Markdown. A Nikola header's `.. title:` comes first
//!   (the document title then stays in the body, as Nikola shows it).
//! - The body: [`super::rst_blocks`] writes the blocks as HTML (inline
//!   markup by [`super::rst_inline`], with the file's `.. _name: url`
//!   targets and `|name|` substitutions, collected first), and the HTML is
//!   read as feeds' is ([`super::html::html_to_paragraphs`]).
//!
//! Why a parser of our own: of the crates on crates.io, `rst_parser`
//! (0.4.2, a pest grammar, rarely released) reads no field lists (so no
//! docinfo: Pelican's `:date:` came out as a paragraph), no enumerated
//! lists and no roles; `docutils-core` (0.1.0, a single release, no users
//! to speak of) loops forever on the six bytes `   :a: x` (an indented
//! field list at the start), which no timeout could contain without a
//! thread per file, and does not know Pelican's `code-block` and
//! `sourcecode` directives. What a reader needs of reST is a subset: the
//! title, the fields, the text, the links and the code; this reads it
//! line by line, in time linear in the file (nesting past
//! [`rst_blocks::MAX_DEPTH`](super::rst_blocks::MAX_DEPTH) is shown as
//! preformatted lines), and never fails: what it does not understand is
//! text.

use super::clean::{TAB_STOP, clean_line};
use super::formats::ParseOptions;
use super::front_matter::{self, Block, Field, Value, is_core_key};
use super::header::{Single, head_from_block, split_lines};
use super::html::html_to_paragraphs;
use super::page::LineNote;
use super::rst_blocks::Writer;
use super::rst_inline::{Refs, plain, ref_name};
use super::rst_lines::{block_end, dedent, directive, field_line, indent, is_blank, section_at};
use crate::article::Paragraph;

/// Parse a reStructuredText file (already decoded).
pub fn parse_rst(rel_path: &str, text: &str, opts: &ParseOptions) -> Result<Single, LineNote> {
    let mut lines: Vec<String> = split_lines(text).into_iter().map(expand_tabs).collect();
    let refs = collect_refs(&lines);
    let front = front_matter_block(&lines);
    if let Some(b) = &front {
        blank(&mut lines, 0, b.body_start);
    }
    let front_title = front
        .as_ref()
        .is_some_and(|b| b.fields.iter().any(|f| f.key.eq_ignore_ascii_case("title")));
    let mut top = read_top(&lines, &refs, front_title);
    for (a, b) in &top.taken {
        blank(&mut lines, *a, *b);
    }
    let block = match front {
        Some(mut b) => {
            b.fields.append(&mut top.fields);
            b
        }
        None => Block {
            fields: top.fields,
            body_start: 0,
            warnings: Vec::new(),
        },
    };
    let mut head = head_from_block(rel_path, block, opts);
    let mut writer = Writer::new(&refs, top.title_style);
    writer.blocks(&lines);
    let mut paragraphs = html_to_paragraphs(&writer.html);
    let field_title = head.meta.title.take();
    let title = top
        .title
        .or(field_title)
        .or_else(|| match paragraphs.first() {
            Some(p) if matches!(Paragraph::of(p), Paragraph::Prose(_)) => {
                Some(paragraphs.remove(0))
            }
            _ => None,
        });
    head.into_single(rel_path, title, paragraphs)
}

/// Empty the lines `a..b` (taken by the header): the body keeps its line
/// numbers and its structure.
fn blank(lines: &mut [String], a: usize, b: usize) {
    for l in lines.get_mut(a..b).unwrap_or_default() {
        l.clear();
    }
}

/// YAML or TOML front matter at the top (Nikola and Hugo allow it in reST
/// files), or a header of `Key: value` lines ended by a blank line, as
/// Python's PEPs open (`PEP: 8`, `Title: ...`, `Created: 05-Jul-2001`; the
/// rules of any header, [`front_matter::header_block`]: it needs a title or
/// date key): its fields, warnings and where the body starts. A header
/// line followed by text is no header: `Title: a talk` underlined is a
/// section title.
fn front_matter_block(lines: &[String]) -> Option<Block> {
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    if front_matter::fence(&refs).is_none() {
        let block = front_matter::header_block(&refs)?;
        let ends_blank = refs
            .get(block.body_start)
            .is_none_or(|l| l.trim().is_empty());
        return ends_blank.then_some(block);
    }
    let block = front_matter::read_block(&refs);
    (!block.fields.is_empty() || !block.warnings.is_empty()).then_some(block)
}

/// A line with its tabs expanded to stops of 8 (as reST reads them) and its
/// trailing whitespace removed.
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = TAB_STOP - col % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// What the top of the file gives: the title, the header fields, and the
/// line ranges they took (left out of the body).
#[derive(Debug, Default)]
struct Top {
    title: Option<String>,
    title_style: Option<(char, bool)>,
    /// Whether a Nikola header names the title: it is then the title, and
    /// the document title stays in the body as a heading, as in Nikola.
    header_title: bool,
    fields: Vec<Field>,
    taken: Vec<(usize, usize)>,
}

/// The explicit markup at `lines[i]` that shows nothing and may come before
/// the title and the docinfo (a comment, a target, a substitution
/// definition): the index after it.
fn quiet_block_end(lines: &[String], i: usize) -> Option<usize> {
    let line = lines.get(i)?;
    let first = line.strip_prefix("..")?;
    if !(first.is_empty() || first.starts_with(' ')) {
        return None;
    }
    let first = first.trim();
    let is_directive = directive(first).is_some();
    let is_footnote = first.starts_with('[');
    if is_directive || is_footnote {
        return None;
    }
    if first.is_empty() && lines.get(i + 1).is_none_or(|l| is_blank(l)) {
        return Some(i + 1);
    }
    Some(block_end(lines, i + 1, 1))
}

/// Does `text` open with a Nikola header (`.. title: ...`, `.. date: ...`
/// lines, one of them a core key)? Nikola writes reStructuredText posts
/// as `.txt` too; such a file is read as reST.
pub fn opens_with_nikola_header(text: &str) -> bool {
    let mut core = false;
    for line in text
        .lines()
        .map(str::trim_end)
        .skip_while(|l| l.trim().is_empty())
        .take(40)
    {
        match comment_field(line) {
            Some((key, _)) => core |= is_core_key(key),
            None => return core && line.trim().is_empty(),
        }
    }
    core
}

/// A Nikola header line, `.. key: value`: (key, value).
fn comment_field(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(".. ")?;
    let (key, value) = rest.split_once(':')?;
    let key_ok = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
    (key_ok && (value.is_empty() || value.starts_with(' '))).then(|| (key, value.trim()))
}

/// The title, the Nikola header and the docinfo at the top of `lines`.
/// `title_given`: front matter named the title, which then wins.
fn read_top(lines: &[String], refs: &Refs, title_given: bool) -> Top {
    let mut top = Top {
        header_title: title_given,
        ..Top::default()
    };
    let mut comments = Vec::new();
    let skip = |mut i: usize, comments: &mut Vec<Field>| {
        loop {
            while lines.get(i).is_some_and(|l| is_blank(l)) {
                i += 1;
            }
            let Some(end) = quiet_block_end(lines, i) else {
                return i;
            };
            if let Some((key, value)) = lines.get(i).and_then(|l| comment_field(l))
                && end == i + 1
            {
                comments.push(Field {
                    key: key.to_string(),
                    value: Value::Text(plain(value, refs)),
                    line: i + 1,
                    nested: false,
                });
            }
            i = end;
        }
    };
    let mut i = skip(0, &mut comments);
    if comments.iter().any(|f| is_core_key(&f.key)) {
        top.header_title |= comments.iter().any(|f| f.key.eq_ignore_ascii_case("title"));
        top.fields.append(&mut comments);
    }
    if top.header_title
        && let Some((_, _, end)) = section_at(lines, i)
    {
        i = skip(end, &mut comments);
    } else if let Some((title, style, end)) = section_at(lines, i) {
        let title = clean_line(&plain(&title, refs));
        if !title.is_empty() {
            top.title = Some(title);
            top.title_style = Some(style);
            top.taken.push((i, end));
            i = skip(end, &mut comments);
            // a subtitle stays in the body; the docinfo may follow it
            if let Some((_, sub_style, sub_end)) = section_at(lines, i)
                && sub_style != style
            {
                i = skip(sub_end, &mut comments);
            }
        }
    }
    let start = i;
    while let Some((name, value)) = lines.get(i).and_then(|l| field_line(l)) {
        let end = block_end(lines, i + 1, 1);
        let mut raw = value.to_string();
        for l in dedent(lines.get(i + 1..end).unwrap_or_default(), usize::MAX) {
            if !l.is_empty() {
                raw.push(' ');
                raw.push_str(&l);
            }
        }
        top.fields.push(Field {
            key: plain(name, refs),
            value: Value::Text(plain(&raw, refs)),
            line: i + 1,
            nested: false,
        });
        i = end;
        while lines.get(i).is_some_and(|l| is_blank(l)) {
            i += 1;
        }
        if top.fields.len() > 10_000 {
            break;
        }
    }
    if i > start {
        top.taken.push((start, i));
    }
    top
}

/// The file's targets (`.. _name: url`, `.. __: url`, `__ url`) and
/// substitution definitions (`.. |name| replace:: text`, `unicode::`,
/// `image::` with `:alt:`), wherever they are.
fn collect_refs(lines: &[String]) -> Refs {
    let mut refs = Refs::default();
    let mut replacements: Vec<(String, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let Some(rest) = t
            .strip_prefix(".. ")
            .or_else(|| (t == "__" || t.starts_with("__ ")).then_some(t))
        else {
            continue;
        };
        let end = block_end(lines, i + 1, indent(line) + 1);
        let more = lines.get(i + 1..end).unwrap_or_default();
        if let Some(url) = rest
            .strip_prefix("__")
            .filter(|u| u.is_empty() || u.starts_with(' '))
        {
            refs.anonymous.push(join_target(url, more));
        } else if let Some(target) = rest.strip_prefix('_') {
            if let Some(url) = target.strip_prefix("_:") {
                refs.anonymous.push(join_target(url, more));
            } else if let Some((name, url)) = target_name(target) {
                let name = ref_name(&name);
                let url = join_target(url, more);
                if !url.is_empty() && !refs.targets.contains_key(&name) {
                    refs.targets.insert(name, url);
                }
            }
        } else if let Some(def) = rest.strip_prefix('|')
            && let Some((name, after)) = def.split_once('|')
            && let Some((kind, args)) = directive(after.trim())
        {
            let more_text: Vec<&str> = more.iter().map(|l| l.trim()).collect();
            let text = match kind.as_str() {
                "replace" => {
                    let lines: Vec<&str> = more_text
                        .iter()
                        .copied()
                        .filter(|l| !l.is_empty())
                        .collect();
                    std::iter::once(args)
                        .chain(lines)
                        .collect::<Vec<_>>()
                        .join(" ")
                }
                "unicode" => unicode_text(args),
                "image" => more_text
                    .iter()
                    .find_map(|l| field_line(l).filter(|(k, _)| *k == "alt").map(|(_, v)| v))
                    .map(|alt| format!("[image: {alt}]"))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            replacements.push((ref_name(name), text));
        }
    }
    // replacement text may hold markup and links: read it with the targets
    for (name, text) in replacements {
        let text = plain(&text, &refs);
        refs.substitutions.entry(name).or_insert(text);
    }
    refs
}

/// `name: url` after `.. _`: the name (backquoted or up to the first colon
/// followed by a space) and the rest.
fn target_name(s: &str) -> Option<(String, &str)> {
    if let Some(quoted) = s.strip_prefix('`') {
        let (name, rest) = quoted.split_once('`')?;
        return Some((name.to_string(), rest.strip_prefix(':')?));
    }
    let bytes = s.as_bytes();
    let colon = (0..bytes.len()).find(|&k| {
        bytes.get(k) == Some(&b':')
            && (k == 0 || bytes.get(k - 1) != Some(&b'\\'))
            && bytes.get(k + 1).is_none_or(|b| b.is_ascii_whitespace())
    })?;
    Some((s.get(..colon)?.replace("\\:", ":"), s.get(colon + 1..)?))
}

/// A target's text over its lines: an address has its whitespace removed,
/// a reference (`name_`) keeps single spaces.
fn join_target(first: &str, more: &[String]) -> String {
    let parts: Vec<&str> = std::iter::once(first.trim())
        .chain(more.iter().map(|l| l.trim()))
        .filter(|p| !p.is_empty())
        .collect();
    let joined = parts.join(" ");
    if joined.ends_with('_') && !joined.contains("://") {
        joined
    } else {
        parts.concat()
    }
}

/// `unicode::` arguments: `U+2014`, `0x2014`, `\u2014`, `&#x2014;` codes
/// and plain text, separated by spaces (`..` starts a comment).
fn unicode_text(args: &str) -> String {
    let mut out = String::new();
    for word in args.split_whitespace() {
        if word == ".." {
            break;
        }
        let lower = word.to_ascii_lowercase();
        let hex = ["u+", "0x", "\\u", "\\x", "&#x", "x", "u"]
            .iter()
            .find_map(|p| lower.strip_prefix(p))
            .map(|h| h.trim_end_matches(';'));
        let code = hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| {
                lower
                    .strip_prefix("&#")
                    .and_then(|d| d.trim_end_matches(';').parse().ok())
            })
            .or_else(|| {
                lower
                    .parse()
                    .ok()
                    .filter(|_| word.bytes().all(|b| b.is_ascii_digit()))
            });
        match code.and_then(char::from_u32) {
            Some(c) => out.push(c),
            None => out.push_str(word),
        }
    }
    out
}

#[cfg(test)]
#[path = "rst_tests.rs"]
mod tests;
