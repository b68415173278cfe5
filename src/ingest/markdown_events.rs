//! pulldown-cmark's events turned into the reader's paragraphs directly
//! (see [`super::markdown_body`] for what the text looks like). Only the
//! HTML in the Markdown goes through the HTML path
//! ([`super::html::html_to_paragraphs`]): an HTML block as it is, and a run
//! of inline content holding a tag (`<a href>`, `<b>`, a comment) written
//! back as HTML with its Markdown, so that a tag opened in it and closed
//! later in the run covers the text between.
//!
//! Laid out as html2text lays out the HTML pulldown-cmark would write: a
//! list item's first line starts with its bullet (`• ` or `1. `), quoted
//! lines with `> `, code lines with the quote marks and the indentation of
//! the list items around them; consecutive code blocks make one
//! preformatted paragraph, a blank line between them.

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::clean::{clean_line, clean_preformatted_line};
use super::html::{c1_as_windows_1252, html_to_paragraphs, undouble_urls};
use crate::addresses::readable_href;
use crate::article::{Paragraph, preformatted};

/// Turns events into paragraphs. One per document: footnotes are
/// numbered through it.
#[derive(Default)]
pub struct MarkdownText {
    w: Writer,
}

impl MarkdownText {
    /// The paragraphs of `events` (the whole document, or its first block
    /// and then the rest).
    pub fn paragraphs(&mut self, events: &[Event<'_>]) -> Vec<String> {
        let w = &mut self.w;
        let mut i = 0;
        while let Some(event) = events.get(i) {
            if w.code.is_none() && is_inline(event) {
                let run = events
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|e| is_inline(e))
                    .count();
                w.inline_run(events.get(i..i + run).unwrap_or_default());
                i += run;
            } else {
                w.block(event);
                i += 1;
            }
        }
        w.end_line();
        w.end_html();
        w.end_pre();
        std::mem::take(&mut w.out)
    }
}

/// A container around the text being written.
enum Container {
    Quote,
    /// A list, with the number of its next item (`None`: bullets).
    List(Option<u64>),
    /// A list item, with the width of its bullet (the indentation of the
    /// code inside it).
    Item(usize),
}

#[derive(Default)]
struct Writer {
    out: Vec<String>,
    containers: Vec<Container>,
    /// The text of the line being written, before cleaning.
    line: String,
    /// The bullet of the list item just started, written before its first line.
    bullet: Option<String>,
    /// Links open in `line`: their targets.
    open_links: Vec<String>,
    /// The links written in `line`: the target as written, and as it was.
    line_urls: Vec<(String, String)>,
    /// Inside an image: its alt text, and the depth of images.
    alt: String,
    images: usize,
    /// Inside a code block: its text.
    code: Option<String>,
    /// The HTML block being read.
    html: String,
    /// The lines of the preformatted paragraph being made, and the blank
    /// lines seen since its last (inside it if another line follows).
    pre: Vec<String>,
    blanks: usize,
    /// The numbers given to footnotes, in the order they first appear (as
    /// pulldown-cmark's HTML numbers them). They are written in superscript
    /// digits, the reference and the start of the note, where `[1]` would
    /// read as the reader's own numbering of links.
    footnotes: HashMap<String, usize>,
    /// `<blockquote>` tags left open by the HTML blocks read so far: the
    /// Markdown after them is quoted, as in a browser.
    html_quotes: usize,
}

/// Events that are part of a paragraph's text.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

impl Writer {
    /// The quote marks of the lines written now.
    fn quote_marks(&self) -> String {
        let quotes = self
            .containers
            .iter()
            .filter(|c| matches!(c, Container::Quote))
            .count();
        "> ".repeat(self.html_quotes + quotes)
    }

    /// What starts a code line: quote marks and list indentation, in order.
    fn code_prefix(&self) -> String {
        let mut p = "> ".repeat(self.html_quotes);
        for c in &self.containers {
            match c {
                Container::Quote => p.push_str("> "),
                Container::Item(width) => p.extend(std::iter::repeat_n(' ', *width)),
                Container::List(_) => {}
            }
        }
        p
    }

    fn block(&mut self, event: &Event<'_>) {
        if let Event::Text(t) = event {
            // the text of a code block (the only text outside inline runs)
            match &mut self.code {
                Some(code) => code.push_str(t),
                None => self.line.push_str(t),
            }
            return;
        }
        if let Event::Html(h) = event {
            self.html.push_str(h);
            return;
        }
        match event {
            // a table row is one line, its cells spaced
            Event::Start(Tag::TableCell) => return,
            Event::End(TagEnd::TableCell) => {
                self.line.push(' ');
                return;
            }
            _ => {}
        }
        self.end_line();
        self.end_html();
        match event {
            Event::Start(Tag::BlockQuote(_)) => self.containers.push(Container::Quote),
            Event::Start(Tag::List(start)) => self.containers.push(Container::List(*start)),
            Event::Start(Tag::Item) => {
                let bullet = match self.containers.last_mut() {
                    Some(Container::List(Some(n))) => {
                        let b = format!("{n}. ");
                        *n += 1;
                        b
                    }
                    _ => "• ".to_string(),
                };
                let width = if bullet.starts_with('•') {
                    2
                } else {
                    bullet.len()
                };
                self.containers.push(Container::Item(width));
                self.bullet = Some(bullet);
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
                self.containers.pop();
                self.bullet = None;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.bullet = Some(format!("{} ", superscript(self.footnote(label))));
            }
            Event::Start(Tag::CodeBlock(_)) => self.code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                let code = self.code.take().unwrap_or_default();
                let prefix = self.code_prefix();
                self.blanks += usize::from(!self.pre.is_empty());
                let code = code.strip_suffix('\n').unwrap_or(&code);
                for line in code.split('\n') {
                    self.pre_line(c1_as_windows_1252(&format!("{prefix}{line}")).as_ref());
                }
            }
            Event::End(TagEnd::FootnoteDefinition) => self.bullet = None,
            _ => {}
        }
    }

    /// The number of the footnote `label`.
    fn footnote(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    /// A line of code (or of HTML's `<pre>`), with its prefix.
    fn pre_line(&mut self, line: &str) {
        let line = clean_preformatted_line(line);
        if line.chars().all(|c| c == '>' || c == ' ') {
            self.blanks += usize::from(!self.pre.is_empty());
        } else {
            self.pre
                .extend(std::iter::repeat_n(String::new(), self.blanks));
            self.pre.push(line);
            self.blanks = 0;
        }
    }

    fn end_pre(&mut self) {
        if !self.pre.is_empty() {
            self.out
                .push(preformatted(self.pre.iter().map(String::as_str)));
            self.pre.clear();
        }
        self.blanks = 0;
    }

    /// Write `line` (with its quote marks and bullet) as a paragraph, unless
    /// it is empty.
    fn end_line(&mut self) {
        if self.line.is_empty() {
            return;
        }
        let text = clean_line(&c1_as_windows_1252(&self.line));
        self.line.clear();
        if text.is_empty() {
            self.line_urls.clear();
            return;
        }
        self.prose(&text);
    }

    /// A paragraph of prose: after the preformatted one being made.
    fn prose(&mut self, text: &str) {
        let bullet = self.bullet.take().unwrap_or_default();
        let mut line = clean_line(&format!("{}{bullet}{text}", self.quote_marks()));
        if !self.line_urls.is_empty() {
            let urls: HashMap<&str, &str> = self
                .line_urls
                .iter()
                .map(|(w, h)| (w.as_str(), h.as_str()))
                .collect();
            line = undouble_urls(&line, &urls);
            self.line_urls.clear();
        }
        self.end_pre();
        self.out.push(line);
    }

    /// The HTML block read so far, through the HTML path.
    fn end_html(&mut self) {
        if self.html.is_empty() {
            return;
        }
        let html = std::mem::take(&mut self.html);
        self.html_paragraphs(&html_to_paragraphs(&html));
        let lower = html.to_ascii_lowercase();
        let opened = lower.matches("<blockquote").count();
        let closed = lower.matches("</blockquote").count();
        self.html_quotes = (self.html_quotes + opened).saturating_sub(closed);
    }

    /// Paragraphs from the HTML path, in the containers around them.
    fn html_paragraphs(&mut self, paragraphs: &[String]) {
        for p in paragraphs {
            match Paragraph::of(p) {
                Paragraph::Prose(text) => self.prose(text),
                Paragraph::Preformatted(text) => {
                    let prefix = self.code_prefix();
                    self.blanks += usize::from(!self.pre.is_empty());
                    for line in text.lines() {
                        self.pre_line(&format!("{prefix}{line}"));
                    }
                }
            }
        }
    }

    /// Inline content: written here, or through the HTML path when it
    /// holds a tag.
    fn inline_run(&mut self, run: &[Event<'_>]) {
        if run.iter().any(|e| matches!(e, Event::InlineHtml(_))) {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, run.iter().cloned());
            let paragraphs = html_to_paragraphs(&html);
            let last = paragraphs.len().saturating_sub(1);
            for (k, p) in paragraphs.iter().enumerate() {
                if matches!(Paragraph::of(p), Paragraph::Preformatted(_)) {
                    self.end_line();
                    self.html_paragraphs(std::slice::from_ref(p));
                    continue;
                }
                if !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.line.push_str(p);
                if k < last {
                    self.end_line();
                }
            }
            return;
        }
        for event in run {
            self.inline(event);
        }
    }

    fn inline(&mut self, event: &Event<'_>) {
        let text = if self.images > 0 {
            &mut self.alt
        } else {
            &mut self.line
        };
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak if self.images == 0 => self.end_line(),
            Event::HardBreak => text.push(' '),
            Event::FootnoteReference(label) => {
                let n = self.footnote(label);
                let text = if self.images > 0 {
                    &mut self.alt
                } else {
                    &mut self.line
                };
                text.push_str(&superscript(n));
            }
            Event::TaskListMarker(done) => text.push_str(if *done { "[x] " } else { "[ ] " }),
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => {
                self.images = self.images.saturating_sub(1);
                if self.images == 0 {
                    let alt = clean_line(&std::mem::take(&mut self.alt));
                    if !alt.is_empty() {
                        self.line.push_str(&format!("[image: {alt}]"));
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if self.images == 0 => {
                let mailto = if *link_type == LinkType::Email {
                    "mailto:"
                } else {
                    ""
                };
                self.open_links
                    .push(format!("{mailto}{}", non_ascii_encoded(dest_url)));
            }
            Event::End(TagEnd::Link) if self.images == 0 => {
                let url = self.open_links.pop().unwrap_or_default();
                let url = url.trim();
                if !(url.is_empty() || url.starts_with('#') || url.starts_with("javascript:")) {
                    let readable = readable_href(url);
                    self.line.push_str(&format!(" ({readable})"));
                    self.line_urls.push((readable, url.to_string()));
                }
            }
            _ => {}
        }
    }
}

/// `url` with its characters beyond ASCII percent-encoded (as UTF-8), as
/// pulldown-cmark writes an `href`: the link reads as it did when the
/// Markdown went through HTML.
fn non_ascii_encoded(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// `n` in superscript digits.
fn superscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|d| match d {
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            d => char::from_u32(u32::from(d) - u32::from('0') + 0x2070).unwrap_or(d),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::markdown_body::markdown_body;
    use super::superscript;

    fn body(md: &str) -> Vec<String> {
        markdown_body(md, false).1
    }

    #[test]
    fn footnotes_tables_tasks_and_mail() {
        assert_eq!(superscript(10), "¹⁰");
        assert_eq!(superscript(2349), "²³⁴⁹");
        assert_eq!(
            body("Said[^b] and[^a].\n\n[^a]: First *note*.\n[^b]: Other."),
            ["Said¹ and².", "² First note.", "¹ Other."]
        );
        // a table row is one line, a link in a cell whole
        assert_eq!(
            body(
                "| name | what |\n|---|---|\n| [x-y-z](https://e.vn/x-y-z.html) | long cell text |"
            ),
            [
                "name what",
                "x-y-z (https://e.vn/x-y-z.html) long cell text"
            ]
        );
        assert_eq!(
            body("- [x] done\n- [ ] todo\n\nMail <a@e.vn>, [wiki](https://e.vn/2019–20)."),
            [
                "• [x] done",
                "• [ ] todo",
                "Mail a@e.vn (mailto:a@e.vn), wiki (https://e.vn/2019%E2%80%9320)."
            ]
        );
    }

    #[test]
    fn markdown_inside_an_html_quote_is_quoted() {
        assert_eq!(
            body(
                "<blockquote>\n\n<!-- x -->\n\n- item\n\nText.\n\n    code\n\n</blockquote>\n\nAfter."
            ),
            [
                "> • item".to_string(),
                "> Text.".to_string(),
                crate::article::preformatted(["> code"]),
                "After.".to_string(),
            ]
        );
    }

    #[test]
    fn html_runs_in_containers() {
        assert_eq!(
            body(
                "> - a <b>bold</b> [l](https://e.vn/l) end\n>\n>   <pre>x\n>     y</pre>\n\n1. one<br>two\n2. three"
            ),
            [
                "> • a bold l (https://e.vn/l) end".to_string(),
                crate::article::preformatted([">   x", ">     y"]),
                "1. one".to_string(),
                "two".to_string(),
                "2. three".to_string(),
            ]
        );
    }
}
