//! Markdown articles (`.md`, `.markdown`) with optional front matter: TOML
//! between `+++` lines or `key: value` lines between `---` lines (see
//! [`super::header`] for the keys and dates).
//!
//! The body becomes plain readable paragraphs; this is not a full CommonMark
//! parser, only what articles use:
//!
//! - paragraphs are blank-line separated blocks, their lines joined;
//! - `# Heading` (and setext `Heading` over `===`/`---`): the heading text as
//!   its own paragraph, case kept;
//! - the title is the front matter's, else a heading that comes before any
//!   text, else the first paragraph; it is then not repeated in the body;
//! - `- x`, `* x`, `+ x` become `• x`; `1. x` stays; a list item's indented
//!   continuation lines join it;
//! - `> quote` keeps a `> ` prefix once per paragraph;
//! - fenced code (```` ``` ```` or `~~~`): each line its own paragraph,
//!   nothing inside is interpreted;
//! - inline: `**strong**`, `*em*`, `_em_`, `~~del~~` and code backticks lose
//!   their markers (`_` inside a word, as in `snake_case`, stays); `[text](url)`
//!   becomes `text (url)`; `![alt](src)` becomes `[image: alt]`; `<https://...>`
//!   becomes the URL; `\*` escapes;
//! - horizontal rules are dropped.

use super::clean::clean_line;
use super::formats::ParseOptions;
use super::header::{meta_date, read_meta, single, split_lines};
use super::page::LineNote;
use crate::article::Article;

/// Parse a Markdown file (already decoded).
pub fn parse_markdown(
    rel_path: &str,
    text: &str,
    opts: &ParseOptions,
) -> Result<(Article, Vec<LineNote>), LineNote> {
    let lines = split_lines(text);
    let (mut meta, body_start, mut notes) = read_meta(&lines);
    let published = meta_date(&meta, opts, &mut notes);
    let blocks = blocks(lines.get(body_start..).unwrap_or_default());
    let mut title = meta.title.take().map(|t| inline(&t));
    let mut paragraphs = Vec::new();
    for b in blocks {
        let text = clean_line(&b.text);
        if text.is_empty() {
            continue;
        }
        if title.is_none() && paragraphs.is_empty() && b.kind != Kind::Code {
            title = Some(text);
            continue;
        }
        paragraphs.push(text);
    }
    let parsed = single(rel_path, meta, title, paragraphs, published, &mut notes)?;
    Ok((parsed, notes))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Heading,
    Code,
}

struct Block {
    kind: Kind,
    text: String,
}

/// The body's blocks, inline markup already converted.
fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Option<String> = None;
    let mut fence: Option<&str> = None;
    let flush = |cur: &mut Option<String>, out: &mut Vec<Block>| {
        if let Some(t) = cur.take() {
            out.push(Block {
                kind: Kind::Text,
                text: inline(&t),
            });
        }
    };
    for raw in lines {
        let line = raw.trim_end();
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f)
                && t.trim_start_matches(f.chars().next().unwrap_or('`'))
                    .is_empty()
            {
                fence = None;
            } else {
                out.push(Block {
                    kind: Kind::Code,
                    text: line.to_string(),
                });
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut cur, &mut out);
            fence = Some(if t.starts_with('`') { "```" } else { "~~~" });
            continue;
        }
        if t.is_empty() {
            flush(&mut cur, &mut out);
            continue;
        }
        if let Some(h) = atx_heading(t) {
            flush(&mut cur, &mut out);
            out.push(Block {
                kind: Kind::Heading,
                text: inline(h),
            });
            continue;
        }
        if is_rule(t) {
            let setext = t.starts_with(['=', '-']) && !t.contains(' ');
            match cur.take() {
                Some(h) if setext => out.push(Block {
                    kind: Kind::Heading,
                    text: inline(&h),
                }),
                other => {
                    cur = other;
                    flush(&mut cur, &mut out);
                }
            }
            continue;
        }
        if let Some(item) = list_item(t) {
            flush(&mut cur, &mut out);
            cur = Some(item);
            continue;
        }
        if let Some(q) = t.strip_prefix('>') {
            let q = q.trim_start_matches(['>', ' ']);
            match &mut cur {
                Some(c) => {
                    c.push(' ');
                    c.push_str(q);
                }
                None => cur = Some(format!("> {q}")),
            }
            continue;
        }
        match &mut cur {
            Some(c) => {
                c.push(' ');
                c.push_str(t);
            }
            None => cur = Some(t.to_string()),
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// `# Heading #` → `Heading`.
fn atx_heading(t: &str) -> Option<&str> {
    let n = t.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&n) {
        return None;
    }
    let rest = t.get(n..)?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    let closed = rest.trim_end_matches('#');
    Some(if closed.is_empty() || closed.ends_with(' ') {
        closed.trim_end()
    } else {
        rest
    })
}

/// `---`, `***`, `___`, `===` (three or more, spaces allowed).
fn is_rule(t: &str) -> bool {
    let Some(c) = t.chars().next() else {
        return false;
    };
    matches!(c, '-' | '*' | '_' | '=')
        && t.chars().filter(|x| *x == c).count() >= 3
        && t.chars().all(|x| x == c || x == ' ')
}

/// `- x` → `• x`; `12. x` / `12) x` → `12. x`.
fn list_item(t: &str) -> Option<String> {
    for m in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some(format!("• {}", rest.trim_start()));
        }
    }
    let n = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&n) {
        let rest = t.get(n..)?;
        let body = rest
            .strip_prefix(". ")
            .or_else(|| rest.strip_prefix(") "))?;
        return Some(format!("{}. {}", t.get(..n)?, body.trim_start()));
    }
    None
}

/// Inline markup to plain text.
fn inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.extend(chars.get(i + 1));
                i += 2;
            }
            '`' => {
                let run = chars[i..].iter().take_while(|x| **x == '`').count();
                let start = i + run;
                match find_run(&chars, start, '`', run) {
                    Some(end) => {
                        out.extend(chars.get(start..end).unwrap_or_default());
                        i = end + run;
                    }
                    None => {
                        out.extend(chars.get(i..start).unwrap_or_default());
                        i = start;
                    }
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => match link_at(&chars, i + 1) {
                Some((alt, _, next)) => {
                    let alt = clean_line(&inline(&alt));
                    if alt.is_empty() {
                        out.push_str("[image]");
                    } else {
                        out.push_str(&format!("[image: {alt}]"));
                    }
                    i = next;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '[' => match link_at(&chars, i) {
                Some((text, url, next)) => {
                    let text = inline(&text);
                    if url.is_empty() || text.trim() == url {
                        out.push_str(&text);
                    } else if text.trim().is_empty() {
                        out.push_str(&url);
                    } else {
                        out.push_str(&format!("{text} ({url})"));
                    }
                    i = next;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => {
                let close = chars[i..].iter().take(2048).position(|x| *x == '>');
                let inner: String = close
                    .map(|n| chars[i + 1..i + n].iter().collect())
                    .unwrap_or_default();
                if close.is_some()
                    && (inner.starts_with("http://")
                        || inner.starts_with("https://")
                        || inner.starts_with("mailto:"))
                    && !inner.contains(' ')
                {
                    out.push_str(&inner);
                    i += inner.chars().count() + 2;
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            '*' | '_' | '~' => {
                let run = chars[i..].iter().take_while(|x| **x == c).count();
                let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
                let after = chars.get(i + run).copied();
                let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
                let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
                let marker = match c {
                    // A tilde marks only in pairs (`~~del~~`).
                    '~' => run >= 2,
                    // `snake_case` keeps its underscores.
                    '_' => !(word(before) && word(after)),
                    _ => true,
                } && !(space(before) && space(after));
                if !marker {
                    out.extend(std::iter::repeat_n(c, run));
                }
                i += run;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Index of the next run of exactly `len` `c`s at or after `from`.
fn find_run(chars: &[char], from: usize, c: char, len: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == c {
            let run = chars[i..].iter().take_while(|x| **x == c).count();
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// `[text](url "title")` starting at `chars[i] == '['`: (text, url, index
/// after it).
fn link_at(chars: &[char], i: usize) -> Option<(String, String, usize)> {
    let mut depth = 0usize;
    let mut j = i;
    let close = loop {
        match chars.get(j)? {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            '\\' => j += 1,
            _ => {}
        }
        j += 1;
        if j - i > 4096 {
            return None;
        }
    };
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let start = close + 2;
    let end = start
        + chars
            .get(start..)?
            .iter()
            .take(4096)
            .position(|c| *c == ')')?;
    let text: String = chars.get(i + 1..close)?.iter().collect();
    let target: String = chars.get(start..end)?.iter().collect();
    let url = target
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    Some((text, url, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn inline_markup() {
        for (md, want) in [
            ("**đậm** và *nghiêng* và _x_", "đậm và nghiêng và x"),
            ("snake_case_name stays", "snake_case_name stays"),
            ("2 * 3 = 6", "2 * 3 = 6"),
            (
                "[Báo](https://e.vn/a \"t\") đây",
                "Báo (https://e.vn/a) đây",
            ),
            ("[https://e.vn](https://e.vn)", "https://e.vn"),
            ("![Ảnh](a.jpg) ![](b.png)", "[image: Ảnh] [image]"),
            ("code `a *b* c` end", "code a *b* c end"),
            ("see <https://e.vn/x>", "see https://e.vn/x"),
            ("\\*not em\\*", "*not em*"),
            ("~~gone~~ a~b", "gone a~b"),
            ("[unclosed](x", "[unclosed](x"),
        ] {
            assert_eq!(inline(md), want, "{md}");
        }
    }

    #[test]
    fn blocks_headings_lists_code() {
        let md = "# Tiêu đề\n\nĐoạn một\ntiếp tục.\n\n- mục *một*\n- mục hai\n  nối tiếp\n1. số\n\n> trích\n> dẫn\n\n```\nlet x = 1;\n\n  **raw**\n```\nSetext\n---\n\n***\n";
        let got: Vec<(Kind, String)> = blocks(&split_lines(md))
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect();
        let want = [
            (Kind::Heading, "Tiêu đề"),
            (Kind::Text, "Đoạn một tiếp tục."),
            (Kind::Text, "• mục một"),
            (Kind::Text, "• mục hai nối tiếp"),
            (Kind::Text, "1. số"),
            (Kind::Text, "> trích dẫn"),
            (Kind::Code, "let x = 1;"),
            (Kind::Code, ""),
            (Kind::Code, "  **raw**"),
            (Kind::Heading, "Setext"),
        ];
        let want: Vec<(Kind, String)> = want.iter().map(|(k, s)| (*k, s.to_string())).collect();
        assert_eq!(got, want);
    }

    proptest! {
        #[test]
        fn inline_never_panics(s in "([*_~`\\[\\]()!<>\\\\#-]|[a-zđ ]{0,3}|https://)*") {
            let _ = inline(&s);
            let _ = blocks(&split_lines(&s));
        }
    }
}
