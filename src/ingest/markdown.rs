//! Markdown articles (`.md`, `.markdown`) with optional front matter: TOML
//! between `+++` lines, YAML between `---` lines, or `Key: value` header
//! lines (see [`super::front_matter`] and [`super::header`] for the keys
//! and dates).
//!
//! The body is read by [`super::markdown_body`]: CommonMark through
//! pulldown-cmark, with the HTML in it read as feeds' HTML is.

use super::clean::clean_line;
use super::formats::ParseOptions;
use super::header::{Single, read_head, split_lines};
use super::markdown_body::markdown_body;
use super::page::LineNote;

/// Parse a Markdown file (already decoded).
pub fn parse_markdown(rel_path: &str, text: &str, opts: &ParseOptions) -> Result<Single, LineNote> {
    let lines = split_lines(text);
    let mut head = read_head(rel_path, &lines, opts);
    let body = lines.get(head.body_start..).unwrap_or_default().join("\n");
    let front_title = head.meta.title.take().map(|t| inline_title(&t));
    let (body_title, paragraphs) = markdown_body(&body, front_title.is_none());
    let title = front_title.or(body_title);
    head.into_single(rel_path, title, paragraphs)
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
