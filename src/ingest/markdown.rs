//! Markdown articles (`.md`, `.markdown`) with optional front matter: TOML
//! between `+++` lines or `key: value` lines between `---` lines (see
//! [`super::header`] for the keys and dates).
//!
//! The body is read by [`super::markdown_body`]: CommonMark through
//! pulldown-cmark, with the HTML in it read as feeds' HTML is.

use super::clean::clean_line;
use super::formats::ParseOptions;
use super::header::{meta_date, read_meta, single, split_lines};
use super::markdown_body::markdown_body;
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
    let body = lines.get(body_start..).unwrap_or_default().join("\n");
    let front_title = meta.title.take().map(|t| inline_title(&t));
    let (body_title, paragraphs) = markdown_body(&body, front_title.is_none());
    let title = front_title.or(body_title);
    let parsed = single(rel_path, meta, title, paragraphs, published, &mut notes)?;
    Ok((parsed, notes))
}

/// A front matter title as text: Markdown and HTML in it resolved
/// (`title: "*Rust* &amp; C"` reads `Rust & C`).
fn inline_title(title: &str) -> String {
    let (_, paragraphs) = markdown_body(title, false);
    clean_line(&paragraphs.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_titles_lose_their_markup() {
        assert_eq!(inline_title("*Rust* &amp; `C`"), "Rust & C");
        assert_eq!(inline_title("# not a heading"), "not a heading");
        assert_eq!(inline_title("  "), "");
    }
}
