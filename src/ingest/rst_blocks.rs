//! reStructuredText body elements ([`super::rst`]) written as HTML for
//! [`super::html::html_to_paragraphs`], so that reST reads as feeds and
//! Markdown do (`• ` items, `1. ` items, `> ` quotes, `text (url)` links,
//! preformatted code).
//!
//! Lines come in with tabs expanded and trailing spaces removed; a block is
//! found by its first line and its indentation:
//!
//! | what | how it is read | written as |
//! | --- | --- | --- |
//! | section title (under- or over-and-underlined) | at the top level | `<h2>`..`<h6>` in the order styles appear |
//! | paragraph (a trailing `::` opens a literal block) | inline markup ([`super::rst_inline`]) | `<p>` |
//! | indented lines | a block quote | `<blockquote>` |
//! | `*`, `+`, `-`, `•` items; `1.`, `(a)`, `#.`, `iv)` items | nested blocks | `<ul>`, `<ol start>` |
//! | `term` over indented lines | a definition | `<dl>` |
//! | `:name: value` fields (after the header) | `name: value` | `<p>` |
//! | `\| line` blocks | one line each | `<p>` with `<br>` |
//! | literal blocks, `>>>` doctests, `code-block`, `code`, `sourcecode`, `math` | lines as written | `<pre>` |
//! | grid and simple tables | cells as text in aligned columns, no borders ([`table_rows`]) | `<pre>` |
//! | `image`, `figure` | their alt text, the figure's caption | `<img alt>` |
//! | `raw:: html` | passed through | HTML |
//! | `..` comments, targets, substitution definitions, `include`, `contents`, `toctree`, `meta`... | dropped | — |
//! | other directives (`note`, `admonition`, `topic`...) | their argument and content | blocks |
//! | `[1] text` footnotes and citations | their label and text | blocks |
//!
//! Nesting deeper than [`MAX_DEPTH`] is shown as preformatted lines, so no
//! input can exhaust the stack.

use std::fmt::Write as _;

use super::rst_inline::{Piece, Refs, inline, plain};
use super::rst_lines::{
    Enumerator, adornment, block_end, bullet, dedent, directive, enumerator, field_line,
    grid_border, indent, is_blank, min_indent, section_at, simple_border, skip_blank, table_rows,
};

/// Deepest nesting of lists, quotes and directives read as such.
pub const MAX_DEPTH: usize = 32;

/// HTML with its special characters escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes the body as HTML.
pub struct Writer<'a> {
    refs: &'a Refs,
    anonymous_used: usize,
    /// Section styles in the order met; the document title's first.
    styles: Vec<(char, bool)>,
    depth: usize,
    /// An enumerated item's marker, written before the item's first
    /// paragraph (or alone, when the item opens with another block).
    pending_marker: Option<String>,
    pub html: String,
}

impl<'a> Writer<'a> {
    /// `title_style`: the style of the document title taken out of the
    /// body, so that the sections under it start at `<h2>`.
    pub fn new(refs: &'a Refs, title_style: Option<(char, bool)>) -> Self {
        Writer {
            refs,
            anonymous_used: 0,
            styles: title_style.into_iter().collect(),
            depth: 0,
            pending_marker: None,
            html: String::new(),
        }
    }

    /// Inline markup as HTML.
    fn inline_html(&mut self, text: &str) -> String {
        let mut out = String::new();
        for piece in inline(text, self.refs, &mut self.anonymous_used) {
            match piece {
                Piece::Text(t) => out.push_str(&escape(&t)),
                Piece::Link { text, url } => {
                    let _ = write!(out, "<a href=\"{}\">{}</a>", escape(&url), escape(&text));
                }
            }
        }
        out
    }

    /// Write a pending item marker on its own: the item opens with a block
    /// that is no paragraph of its own (a list, a quote, a definition).
    fn flush_marker(&mut self) {
        if let Some(m) = self.pending_marker.take() {
            let _ = writeln!(self.html, "<p>{}</p>", escape(&m));
        }
    }

    fn paragraph_html(&mut self, text: &str) {
        let mut html = self.inline_html(text);
        if let Some(marker) = self.pending_marker.take() {
            html = format!("{} {html}", escape(&marker));
        }
        if !html.trim().is_empty() {
            let _ = writeln!(self.html, "<p>{html}</p>");
        }
    }

    fn pre(&mut self, lines: &[String]) {
        let lines = dedent(lines, min_indent(lines));
        let first = lines.iter().position(|l| !is_blank(l));
        let last = lines.iter().rposition(|l| !is_blank(l));
        if let (Some(a), Some(b)) = (first, last) {
            let body = lines.get(a..=b).unwrap_or_default().join("\n");
            let _ = writeln!(self.html, "<pre>{}</pre>", escape(&body));
        }
    }

    /// `lines` as blocks inside `<tag>` (none: no element of their own).
    fn nested(&mut self, tag: Option<&str>, lines: &[String]) {
        self.flush_marker();
        if self.depth >= MAX_DEPTH {
            self.pre(lines);
            return;
        }
        if let Some(t) = tag {
            let _ = write!(self.html, "<{t}>");
        }
        self.depth += 1;
        let lines = dedent(lines, min_indent(lines));
        self.blocks(&lines);
        self.depth -= 1;
        if let Some(t) = tag.and_then(|t| t.split(' ').next()) {
            let _ = writeln!(self.html, "</{t}>");
        }
    }

    /// Every block of `lines`, in order.
    pub fn blocks(&mut self, lines: &[String]) {
        let mut i = 0;
        while let Some(line) = lines.get(i) {
            let mark = self.html.len();
            let marker = self.pending_marker.clone().filter(|_| !is_blank(line));
            i = if is_blank(line) {
                i + 1
            } else if indent(line) > 0 {
                let end = block_end(lines, i, 1);
                self.nested(Some("blockquote"), lines.get(i..end).unwrap_or_default());
                end
            } else {
                self.block(lines, i)
            };
            // an item that opens with no paragraph: its marker alone first
            if let Some(m) = marker
                && self.pending_marker.take().is_some()
            {
                self.html
                    .insert_str(mark, &format!("<p>{}</p>", escape(&m)));
            }
        }
    }

    /// The block that starts with the unindented line `lines[i]`; returns
    /// the index after it.
    fn block(&mut self, lines: &[String], i: usize) -> usize {
        let line = lines.get(i).map(String::as_str).unwrap_or_default();
        let next_blank = lines.get(i + 1).is_none_or(|l| is_blank(l));
        if self.depth == 0
            && let Some((title, style, end)) = section_at(lines, i)
        {
            let level = match self.styles.iter().position(|s| *s == style) {
                Some(p) => p,
                None => {
                    self.styles.push(style);
                    self.styles.len() - 1
                }
            };
            let h = (level + 1).clamp(2, 6);
            let html = self.inline_html(&title);
            let _ = writeln!(self.html, "<h{h}>{html}</h{h}>");
            return end;
        }
        if adornment(line).is_some_and(|(_, n)| n >= 4) && next_blank {
            return i + 1; // a transition
        }
        if line == ".." || line.starts_with(".. ") {
            return self.explicit(lines, i);
        }
        if line == "__" || line.starts_with("__ ") {
            return block_end(lines, i + 1, 1); // an anonymous target
        }
        if let Some((c, _)) = bullet(line) {
            return self.bullet_list(lines, i, c);
        }
        if let Some(e) = enumerator(line)
            && (next_blank
                || lines
                    .get(i + 1)
                    .is_some_and(|l| indent(l) > 0 || enumerator(l).is_some()))
        {
            return self.enumerated_list(lines, i, &e);
        }
        if field_line(line).is_some() {
            return self.field_list(lines, i);
        }
        if line.starts_with(">>>") {
            let end = (i..lines.len())
                .find(|&k| lines.get(k).is_some_and(|l| is_blank(l)))
                .unwrap_or(lines.len());
            self.pre(lines.get(i..end).unwrap_or_default());
            return end;
        }
        if line == "|" || line.starts_with("| ") {
            return self.line_block(lines, i);
        }
        if grid_border(line) || simple_border(line, '=') {
            return self.table(lines, i);
        }
        if !next_blank && lines.get(i + 1).is_some_and(|l| indent(l) > 0) {
            return self.definition_list(lines, i);
        }
        self.paragraph(lines, i)
    }

    fn paragraph(&mut self, lines: &[String], i: usize) -> usize {
        let mut end = i + 1;
        while lines
            .get(end)
            .is_some_and(|l| !is_blank(l) && indent(l) == 0)
        {
            end += 1;
        }
        let text = lines.get(i..end).unwrap_or_default().join("\n");
        let trimmed = text.trim_end();
        let Some(head) = trimmed.strip_suffix("::") else {
            self.paragraph_html(&text);
            return end;
        };
        // `Text::` reads `Text:`, `Text ::` reads `Text`, `::` alone nothing
        let shown = if head.ends_with(char::is_whitespace) || head.is_empty() {
            head.trim_end().to_string()
        } else {
            format!("{head}:")
        };
        self.paragraph_html(&shown);
        let mut k = end;
        while lines.get(k).is_some_and(|l| is_blank(l)) {
            k += 1;
        }
        let Some(first) = lines.get(k) else {
            return k;
        };
        if indent(first) > 0 {
            let literal_end = block_end(lines, k, 1);
            self.pre(lines.get(k..literal_end).unwrap_or_default());
            return literal_end;
        }
        // a quoted literal block: every line starts with the same punctuation
        match first.chars().next() {
            Some(q) if q.is_ascii_punctuation() => {
                let mut e = k;
                while lines.get(e).is_some_and(|l| l.starts_with(q)) {
                    e += 1;
                }
                self.pre(lines.get(k..e).unwrap_or_default());
                e
            }
            _ => k,
        }
    }

    fn bullet_list(&mut self, lines: &[String], mut i: usize, c: char) -> usize {
        self.flush_marker();
        self.html.push_str("<ul>");
        while let Some((bc, width)) = lines.get(i).and_then(|l| bullet(l)) {
            if bc != c {
                break;
            }
            i = self.item(lines, i, width, "li");
            let next = skip_blank(lines, i);
            if lines
                .get(next)
                .is_none_or(|l| bullet(l).is_none_or(|(b, _)| b != c))
            {
                break;
            }
            i = next;
        }
        self.html.push_str("</ul>\n");
        i
    }

    /// An enumerated list: each item shown with its marker as written
    /// (`A.`, `(iv)`, `3)`; `#.` numbered), which html2text's `<ol>` could
    /// only write as arabic numbers.
    fn enumerated_list(&mut self, lines: &[String], mut i: usize, first: &Enumerator) -> usize {
        let mut n = first.value;
        while let Some(e) = lines.get(i).and_then(|l| enumerator(l)) {
            if !e.continues(first) {
                break;
            }
            if e.style != 1 {
                n = e.value;
            }
            self.pending_marker = Some(e.shown(n));
            i = self.item(lines, i, e.width, "div");
            // an item with nothing in it
            self.flush_marker();
            n = n.saturating_add(1);
            let next = skip_blank(lines, i);
            if lines
                .get(next)
                .and_then(|l| enumerator(l))
                .is_none_or(|e| !e.continues(first))
            {
                break;
            }
            i = next;
        }
        i
    }

    /// A list item whose marker is `width` bytes wide.
    fn item(&mut self, lines: &[String], i: usize, width: usize, tag: &str) -> usize {
        let end = block_end(lines, i + 1, 1);
        let first = lines
            .get(i)
            .and_then(|l| l.get(width..))
            .unwrap_or_default();
        let mut body = vec![first.trim_start().to_string()];
        let rest = lines.get(i + 1..end).unwrap_or_default();
        body.extend(dedent(rest, width.min(min_indent(rest).max(1))));
        // the item's text as its own block: no dedent of the whole by the
        // first line's zero indentation
        self.item_body(tag, &body);
        end
    }

    /// `body` inside `<tag>`, its first line taken as it is.
    fn item_body(&mut self, tag: &str, body: &[String]) {
        if self.depth >= MAX_DEPTH {
            self.pre(body);
            return;
        }
        let _ = write!(self.html, "<{tag}>");
        self.depth += 1;
        self.blocks(body);
        self.depth -= 1;
        let _ = writeln!(self.html, "</{tag}>");
    }

    fn field_list(&mut self, lines: &[String], mut i: usize) -> usize {
        while let Some((name, value)) = lines.get(i).and_then(|l| field_line(l)) {
            let end = block_end(lines, i + 1, 1);
            let rest = lines.get(i + 1..end).unwrap_or_default();
            let mut body = vec![format!("{name}: {value}")];
            body.extend(dedent(rest, min_indent(rest)));
            self.item_body("div", &body);
            let next = skip_blank(lines, end);
            i = end;
            if lines.get(next).is_none_or(|l| field_line(l).is_none()) {
                break;
            }
            i = next;
        }
        i
    }

    fn definition_list(&mut self, lines: &[String], mut i: usize) -> usize {
        self.flush_marker();
        self.html.push_str("<dl>");
        loop {
            let term = lines.get(i).map(String::as_str).unwrap_or_default();
            let term = self.inline_html(term);
            let _ = write!(self.html, "<dt>{term}</dt>");
            let end = block_end(lines, i + 1, 1);
            self.nested(Some("dd"), lines.get(i + 1..end).unwrap_or_default());
            i = end;
            let next = skip_blank(lines, i);
            let is_term = |k: usize| {
                lines.get(k).is_some_and(|l| indent(l) == 0 && !is_blank(l))
                    && lines
                        .get(k + 1)
                        .is_some_and(|l| !is_blank(l) && indent(l) > 0)
            };
            if !is_term(next) {
                break;
            }
            i = next;
        }
        self.html.push_str("</dl>\n");
        i
    }

    fn line_block(&mut self, lines: &[String], mut i: usize) -> usize {
        let mut out: Vec<String> = Vec::new();
        while let Some(l) = lines.get(i) {
            if let Some(rest) = l
                .strip_prefix('|')
                .filter(|r| r.is_empty() || r.starts_with(' '))
            {
                out.push(rest.trim().to_string());
            } else if indent(l) > 0 && !is_blank(l) {
                if let Some(last) = out.last_mut() {
                    last.push(' ');
                    last.push_str(l.trim());
                }
            } else {
                break;
            }
            i += 1;
        }
        let html: Vec<String> = out.iter().map(|l| self.inline_html(l)).collect();
        let _ = writeln!(self.html, "<p>{}</p>", html.join("<br>"));
        i
    }

    /// A grid or simple table: its rows as preformatted lines, without the
    /// border lines. A grid table ends at a blank line; a simple one at a
    /// border followed by a blank line (or at a blank line).
    fn table(&mut self, lines: &[String], i: usize) -> usize {
        let grid = lines.get(i).is_some_and(|l| grid_border(l));
        let mut end = i + 1;
        while let Some(l) = lines.get(end) {
            if is_blank(l) {
                break;
            }
            end += 1;
            if !grid && simple_border(l, '=') && lines.get(end).is_none_or(|n| is_blank(n)) {
                break;
            }
        }
        let rows = table_rows(lines.get(i..end).unwrap_or_default(), grid, self.refs);
        self.pre(&rows);
        end
    }

    /// `..` markup: a comment, a target, a substitution definition, a
    /// footnote or a directive.
    fn explicit(&mut self, lines: &[String], i: usize) -> usize {
        let line = lines.get(i).map(String::as_str).unwrap_or_default();
        let first = line.get(2..).unwrap_or_default().trim();
        if first.is_empty() && lines.get(i + 1).is_none_or(|l| is_blank(l)) {
            return i + 1; // an empty comment ends at the blank line
        }
        let end = block_end(lines, i + 1, 1);
        let body = lines.get(i + 1..end).unwrap_or_default();
        if first.starts_with('_') || first.starts_with('|') {
            return end; // a target or a substitution definition
        }
        if first.starts_with('[')
            && let Some(close) = first
                .find("] ")
                .or_else(|| first.ends_with(']').then(|| first.len() - 1))
        {
            let mut lines = vec![format!(
                "{} {}",
                first.get(..=close).unwrap_or_default(),
                first.get(close + 1..).unwrap_or_default().trim()
            )];
            lines.extend(dedent(body, min_indent(body)));
            self.item_body("div", &lines);
            return end;
        }
        if let Some((name, args)) = directive(first) {
            self.directive(&name, args, body);
        }
        end
    }

    fn directive(&mut self, name: &str, args: &str, body: &[String]) {
        let body = dedent(body, min_indent(body));
        // the argument's continuation lines, then the options, then content
        let mut k = 0;
        let mut head = vec![args.to_string()];
        while let Some(l) = body
            .get(k)
            .filter(|l| !is_blank(l) && field_line(l).is_none())
        {
            head.push(l.clone());
            k += 1;
        }
        let mut alt = String::new();
        let mut formats_html = args
            .split_whitespace()
            .any(|f| f.eq_ignore_ascii_case("html"));
        let options_start = k;
        while let Some((opt, value)) = body.get(k).and_then(|l| field_line(l)) {
            if opt == "alt" {
                alt = plain(value, self.refs);
            }
            if matches!(opt, "file" | "url") {
                formats_html = false;
            }
            k = block_end(&body, k + 1, 1).max(k + 1);
        }
        let content = body.get(k..).unwrap_or_default();
        match name.to_ascii_lowercase().as_str() {
            "code-block" | "code" | "sourcecode" | "doctest" | "testcode" | "testoutput"
            | "ipython" | "jupyter-execute" | "math" => {
                // code written right under the directive (no options) is code
                let mut code: Vec<String> = head.get(1..).unwrap_or_default().to_vec();
                if options_start < k || code.is_empty() {
                    code.clear();
                }
                code.extend(content.iter().cloned());
                if code.iter().all(|l| is_blank(l)) && name == "math" {
                    code = vec![args.to_string()];
                }
                self.pre(&code);
            }
            "parsed-literal" => {
                let text: Vec<String> = content.iter().map(|l| plain(l, self.refs)).collect();
                self.pre(&text);
            }
            "image" | "figure" => {
                if !alt.is_empty() {
                    let src = escape(args);
                    let _ = writeln!(
                        self.html,
                        "<p><img src=\"{src}\" alt=\"{}\"></p>",
                        escape(&alt)
                    );
                }
                if name == "figure" {
                    self.nested(None, content);
                }
            }
            "raw" => {
                if formats_html {
                    self.html.push_str(&content.join("\n"));
                    self.html.push('\n');
                }
            }
            "csv-table" => {
                self.paragraph_html(args);
                self.pre(content);
            }
            "include" | "literalinclude" | "contents" | "sectnum" | "section-numbering"
            | "header" | "footer" | "meta" | "title" | "default-role" | "role" | "highlight"
            | "toctree" | "index" | "target-notes" | "class" | "rst-class" | "cssclass"
            | "youtube" | "vimeo" | "tabularcolumns" | "autosummary" | "automodule"
            | "autoclass" | "autofunction" | "currentmodule" | "module" | "footbibliography"
            | "bibliography" => {}
            "only" | "ifconfig" => self.nested(None, content),
            _ => {
                let head: Vec<String> = head.into_iter().filter(|l| !is_blank(l)).collect();
                if !head.is_empty() {
                    self.paragraph_html(&head.join("\n"));
                }
                self.nested(None, content);
            }
        }
    }
}
