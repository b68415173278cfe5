//! HTML from feeds (and Markdown, see [`super::markdown_body`]) turned into
//! readable paragraphs, through html2text with a decorator of our own:
//!
//! - block elements and `<br>` end a paragraph; every non-blank output line
//!   is one paragraph (the text is laid out at a very wide width, so a
//!   paragraph is never wrapped into several). The HTML5 elements browsers
//!   lay out as blocks but html2text runs inline (`<section>`, `<figure>`,
//!   `<figcaption>`, `<header>`...) are read as `<div>`, so their texts
//!   never run together;
//! - `<pre>` keeps its lines: one preformatted paragraph
//!   ([`crate::article::Paragraph`]) of the lines, spacing and indentation
//!   kept, tabs to stops of 8. Consecutive `<pre>` blocks and the blank lines
//!   between them make one paragraph (they look the same);
//! - list items become `• item` (numbered lists keep `1. item`);
//! - a link keeps its text followed by its target, the `href`:
//!   `text (https://...)`, or the address once when the text is the address
//!   itself. The `href` is written so that reading the address back out of
//!   the line gives it whole ([`crate::addresses`]): a parenthesis or quote
//!   after the link never becomes part of it;
//! - an image becomes `[image: alt]`; an image without alt text is left out
//!   (most are tracking pixels or decoration);
//! - emphasis, strikethrough and code lose their markers; headings are their own paragraph,
//!   without `#`; quotes are prefixed with `> `; scripts and styles are
//!   dropped by html2text;
//! - the C1 characters U+0080..U+009F are read as the Windows-1252
//!   characters of those bytes, as browsers do for `&#146;` (html2text
//!   already does) and for the raw character (which a feed's XML parser
//!   makes of `&#146;`, or a file decoded as ISO-8859-1 of its byte 0x92):
//!   both become `’`. The five bytes Windows-1252 leaves undefined stay
//!   control characters and are removed.
//!
//! Every paragraph goes through [`clean_line`] ([`clean_preformatted_line`]
//! for preformatted lines).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use html2text::render::{TaggedLine, TextDecorator};

use super::clean::{clean_line, clean_preformatted_line};
use crate::addresses::{readable_href, reads_back};
use crate::article::preformatted;

/// Width given to the renderer: wide enough that no real paragraph wraps.
const LAYOUT_WIDTH: usize = 1 << 16;

/// Deepest nesting of elements handed to html2text, whose time grows with
/// the square of the depth (8,000 nested `<div>`: half a second; a 10 MB
/// feed of them: hours). Tags deeper than this are dropped, their text kept.
const MAX_DEPTH: usize = 200;

/// Deepest nesting of tables handed to html2text. It pads every line of a
/// table's cells to the column's width, again at each level, so tables left
/// open inside each other took seconds for a few KB (a fuzzed page of 35 KB:
/// 5 s). Deeper tables lose their table, row and cell tags, their text kept
/// in the cell around them; pages laid out in tables nest three or four.
const MAX_TABLE_DEPTH: usize = 4;

/// The tags of a table's inside, left out with a table too deep.
const TABLE_PARTS: &[&str] = &[
    "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "col",
];

/// Elements that never hold others (so never nest), and those whose end
/// tag is usually left out (they close themselves when the next starts).
const NO_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
];

/// Elements that browsers lay out as blocks and html2text 0.17 runs inline
/// with the text around them: read as `<div>`.
const BLOCKS_READ_AS_DIV: &[&str] = &[
    "address",
    "article",
    "aside",
    "center",
    "details",
    "dialog",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "legend",
    "main",
    "nav",
    "search",
    "section",
    "summary",
];

/// Turn an HTML fragment into cleaned, non-empty paragraphs: prose, and
/// preformatted paragraphs for `<pre>` (see the module documentation).
pub fn html_to_paragraphs(html: &str) -> Vec<String> {
    let urls = Rc::new(RefCell::new(Vec::new()));
    let decorator = Decorator {
        open_links: Rc::new(RefCell::new(Vec::new())),
        seen_urls: Rc::clone(&urls),
    };
    let html = c1_as_windows_1252(html);
    let html = drop_raw_escapes(&html);
    let html = prepare_tags(&html);
    let rendered = html2text::config::with_decorator(decorator)
        .link_footnotes(false)
        .no_table_borders()
        .unicode_strikeout(false)
        .allow_width_overflow()
        .lines_from_read(html.as_bytes(), LAYOUT_WIDTH);
    let lines: Vec<(String, bool)> = match rendered {
        Ok(lines) => lines.iter().map(line_text).collect(),
        // html2text only fails on I/O (none here) or impossible layouts:
        // fall back to the tag-stripped text rather than losing the item.
        Err(_) => strip_tags(&html)
            .lines()
            .map(|l| (l.to_string(), false))
            .collect(),
    };
    let urls = urls.borrow();
    let urls: HashMap<&str, &str> = urls.iter().map(|(w, h)| (w.as_str(), h.as_str())).collect();
    let mut out = Vec::new();
    let mut pre: Vec<String> = Vec::new();
    // blank lines seen since the last line of `pre`: inside it if another follows
    let mut blanks = 0;
    let end_pre = |pre: &mut Vec<String>, out: &mut Vec<String>| {
        if !pre.is_empty() {
            out.push(preformatted(pre.iter().map(String::as_str)));
            pre.clear();
        }
    };
    for (line, is_pre) in lines {
        if is_pre {
            let line = undouble_urls(&clean_preformatted_line(&line), &urls);
            if is_blank(&line) {
                blanks += usize::from(!pre.is_empty());
            } else {
                pre.extend(std::iter::repeat_n(String::new(), blanks));
                pre.push(line);
                blanks = 0;
            }
            continue;
        }
        let line = undouble_urls(&with_bullet(clean_line(&line)), &urls);
        if is_blank(&line) {
            blanks += usize::from(!pre.is_empty());
            continue;
        }
        end_pre(&mut pre, &mut out);
        blanks = 0;
        out.push(line);
    }
    end_pre(&mut pre, &mut out);
    out
}

/// A rendered line's text, and whether any of it is inside `<pre>`.
fn line_text(line: &TaggedLine<Vec<Pre>>) -> (String, bool) {
    let mut text = String::new();
    let mut pre = false;
    for piece in line.tagged_strings() {
        text.push_str(&piece.s);
        pre |= piece.tag.iter().any(|p| p.0);
    }
    (text, pre)
}

/// html2text's `* ` before a list item (after any quote marks) as `• `.
/// html2text is given the ASCII `*`: it lays out lists with the prefix's
/// display width but indents them by its length in bytes, and a
/// three-byte `•` made that subtraction overflow (a panic, or a width near
/// `usize::MAX`) on a list whose items hold no word of two letters. A
/// paragraph of the HTML's own that starts `* ` reads as a list item, which
/// is what it was meant to look like.
fn with_bullet(line: String) -> String {
    let quotes = line.len() - line.trim_start_matches(['>', ' ']).len();
    match line.get(quotes..).and_then(|r| r.strip_prefix("* ")) {
        Some(item) => format!("{}• {item}", line.get(..quotes).unwrap_or_default()),
        None => line,
    }
}

/// Nothing but quote marks (the empty line between two quoted paragraphs).
fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c == '>' || c == ' ')
}

/// The C1 characters U+0080..U+009F as the Windows-1252 characters of those
/// bytes (U+0092 → `’`); the five it leaves undefined stay as they are.
pub fn c1_as_windows_1252(text: &str) -> Cow<'_, str> {
    let is_c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !text.contains(is_c1) {
        return text.into();
    }
    text.chars()
        .map(|c| match u8::try_from(u32::from(c)) {
            Ok(b) if is_c1(c) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[b])
                .0
                .chars()
                .next()
                .unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .into()
}

/// `<a href="U">U</a>` reads `U (R)` (`R` is `U` made readable, see
/// [`readable_href`]; `urls` maps each `R` written to its `U`): write the
/// text alone when it is `U` or `R` and is read back whole in its place
/// ([`reads_back`]); else both stay, so that the target read is the
/// `href`. One pass over the line, whatever the number of URLs.
pub(super) fn undouble_urls(line: &str, urls: &HashMap<&str, &str>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find(" (") {
        let (before, from) = rest.split_at(open);
        let inner = from.get(2..).unwrap_or_default();
        let close = closing_parenthesis(inner);
        let readable = close.and_then(|c| inner.get(..c)).unwrap_or_default();
        let after = close.and_then(|c| inner.get(c + 1..)).unwrap_or_default();
        let doubled = urls.get(readable).is_some_and(|href| {
            [readable, href].iter().any(|text| {
                before
                    .strip_suffix(text)
                    .is_some_and(|head| !text.is_empty() && reads_back(head, text, after))
            })
        });
        out.push_str(before);
        if doubled {
            rest = after;
        } else {
            out.push_str(" (");
            rest = inner;
        }
    }
    out.push_str(rest);
    out
}

/// Where the `)` that closes the parenthesis `s` follows is, if it comes
/// before any space (an address holds none): the line is then read once
/// however many ` (` it holds. Parentheses opened inside are skipped.
fn closing_parenthesis(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            c if c.is_whitespace() => return None,
            _ => {}
        }
    }
    None
}

/// `html` with the tags nested deeper than [`MAX_DEPTH`] left out (their
/// text stays), the tables nested deeper than [`MAX_TABLE_DEPTH`] too, and
/// the names of [`BLOCKS_READ_AS_DIV`] changed to `div`. Comments are copied
/// whole; an element that never nests or whose end is usually omitted
/// (`<br>`, `<p>`, `<li>`...) does not count.
fn prepare_tags(html: &str) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut tables = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(lt) = html.get(at..).and_then(|r| r.find('<')) {
        let start = at + lt;
        let rest = html.get(start..).unwrap_or_default();
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = start + if closing { 2 } else { 1 };
        let name: String = html
            .get(name_start..)
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let Some(end) = rest.find('>').map(|e| start + e + 1) else {
            break;
        };
        at = end;
        let self_closing = html.get(..end).is_some_and(|t| t.ends_with("/>"));
        let table_too_deep = match name.as_str() {
            "table" if closing => {
                tables = tables.saturating_sub(1);
                tables >= MAX_TABLE_DEPTH
            }
            "table" if !self_closing => {
                tables += 1;
                tables > MAX_TABLE_DEPTH
            }
            part => tables > MAX_TABLE_DEPTH && TABLE_PARTS.contains(&part),
        };
        if !table_too_deep && (name.is_empty() || NO_NESTING.contains(&name.as_str())) {
            continue;
        }
        // a table's tag too deep leaves the count of nesting as it is
        let deep = table_too_deep
            || if closing {
                let deep = depth > MAX_DEPTH;
                depth = depth.saturating_sub(1);
                deep
            } else if self_closing {
                depth >= MAX_DEPTH
            } else {
                depth += 1;
                depth > MAX_DEPTH
            };
        if deep {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(html.get(copied..start).unwrap_or_default());
            copied = end;
        } else if BLOCKS_READ_AS_DIV.contains(&name.as_str()) {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(html.get(copied..name_start).unwrap_or_default());
            o.push_str("div");
            copied = name_start + name.len();
        }
    }
    match out {
        None => html.into(),
        Some(mut o) => {
            o.push_str(html.get(copied..).unwrap_or_default());
            o.into()
        }
    }
}

/// HTML (or text that may hold tags or entities) as one line: paragraphs
/// joined with a space. For titles.
pub fn html_to_line(html: &str) -> String {
    clean_line(&html_to_paragraphs(html).join(" "))
}

/// Does `s` hold something HTML would change: a tag (`<` then a letter, `/`
/// or `!`) or an entity (`&` then a name or `#`, then `;`)?
pub fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'<' => b
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/' || *n == b'!'),
        b'&' => {
            let rest = b.get(i + 1..).unwrap_or_default();
            let n = rest
                .iter()
                .take(32)
                .take_while(|x| x.is_ascii_alphanumeric() || **x == b'#')
                .count();
            n > 0 && rest.get(n) == Some(&b';')
        }
        _ => false,
    })
}

/// html2text drops control characters but keeps what follows them, so a raw
/// `ESC [ 2 J` would leave `[2J` in the text. Lines holding ESC or a C1
/// control go through [`clean_preformatted_line`] first, which removes
/// whole sequences and keeps the spacing (which matters inside `<pre>`).
/// Escapes written as character references (`&#27;`) are resolved by
/// html2text after this, so only their control character goes.
fn drop_raw_escapes(html: &str) -> Cow<'_, str> {
    let is_esc = |c: char| c == '\u{1b}' || ('\u{80}'..='\u{9f}').contains(&c);
    if !html.contains(is_esc) {
        return html.into();
    }
    html.split('\n')
        .map(|l| {
            if l.contains(is_esc) {
                clean_preformatted_line(l).into()
            } else {
                Cow::Borrowed(l)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .into()
}

/// Last resort: drop everything between `<` and `>`.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// html2text's annotation of a piece of text: whether it is inside `<pre>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Pre(bool);

#[derive(Clone)]
struct Decorator {
    /// URLs of the links being rendered, innermost last. Shared with the
    /// sub-block decorators, since a link can start in one block and end in
    /// another.
    open_links: Rc<RefCell<Vec<String>>>,
    /// Every URL written, to undo `U (U)`.
    seen_urls: Rc<RefCell<Vec<(String, String)>>>,
}

fn none() -> (String, Pre) {
    (String::new(), Pre(false))
}

impl TextDecorator for Decorator {
    type Annotation = Pre;

    fn decorate_link_start(&mut self, url: &str) -> (String, Pre) {
        self.open_links.borrow_mut().push(url.to_string());
        none()
    }
    fn decorate_link_end(&mut self) -> String {
        let url = self.open_links.borrow_mut().pop().unwrap_or_default();
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') || url.starts_with("javascript:") {
            return String::new();
        }
        let readable = readable_href(url);
        let written = format!(" ({readable})");
        self.seen_urls
            .borrow_mut()
            .push((readable, url.to_string()));
        written
    }
    fn decorate_em_start(&self) -> (String, Pre) {
        none()
    }
    fn decorate_em_end(&self) -> String {
        String::new()
    }
    fn decorate_strong_start(&self) -> (String, Pre) {
        none()
    }
    fn decorate_strong_end(&self) -> String {
        String::new()
    }
    fn decorate_strikeout_start(&self) -> (String, Pre) {
        none()
    }
    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }
    fn decorate_code_start(&self) -> (String, Pre) {
        none()
    }
    fn decorate_code_end(&self) -> String {
        String::new()
    }
    fn decorate_preformat_first(&self) -> Pre {
        Pre(true)
    }
    fn decorate_preformat_cont(&self) -> Pre {
        Pre(true)
    }
    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, Pre) {
        let alt = clean_line(title);
        if alt.is_empty() {
            ("[image]".to_string(), Pre(false))
        } else {
            (format!("[image: {alt}]"), Pre(false))
        }
    }
    fn header_prefix(&self, _level: usize) -> String {
        String::new()
    }
    fn quote_prefix(&self) -> String {
        "> ".to_string()
    }
    fn unordered_item_prefix(&self) -> String {
        // made `• ` by `with_bullet`
        "* ".to_string()
    }
    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }
    fn make_subblock_decorator(&self) -> Self {
        self.clone()
    }
    fn finalise(&mut self, _urls: Vec<String>) -> Vec<TaggedLine<Pre>> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Paragraph;
    use proptest::prelude::*;

    #[test]
    fn deep_nesting_is_flattened_and_its_text_kept() {
        // Found by the parsers bench: html2text is quadratic in depth.
        let deep = format!(
            "{}y &amp; z{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        let flat = prepare_tags(&deep);
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert_eq!(html_to_paragraphs(&deep), ["y & z"]);
        let shallow = "<div><p>a<br>b<p>c<!-- <div> --></div>";
        assert!(matches!(prepare_tags(shallow), Cow::Borrowed(_)));
        let many_paragraphs = "<p>x".repeat(5000);
        assert!(matches!(prepare_tags(&many_paragraphs), Cow::Borrowed(_)));
    }

    #[test]
    fn tables_deeper_than_a_few_lose_their_cells_not_their_text() {
        // Found by the fuzz tests: tables left open inside each other took
        // html2text seconds for a few KB.
        let open: String = (0..50)
            .map(|i| format!("<table><tr><td>cell{i} "))
            .collect();
        let flat = prepare_tags(&open);
        assert_eq!(flat.matches("<table>").count(), MAX_TABLE_DEPTH);
        assert_eq!(flat.matches("<td>").count(), MAX_TABLE_DEPTH);
        let text = html_to_paragraphs(&open).join(" ");
        for i in 0..50 {
            assert!(text.contains(&format!("cell{i}")), "cell{i} in {text}");
        }
        // closed, they count back down: two tables side by side in a
        // table nested to the limit keep their cells
        let nested = |inner: &str| {
            format!(
                "{}{inner}{}",
                "<table><tr><td>".repeat(MAX_TABLE_DEPTH - 1),
                "</td></tr></table>".repeat(MAX_TABLE_DEPTH - 1)
            )
        };
        let side_by_side =
            nested("<table><tr><td>a</td></tr></table><table><tr><td>b</td></tr></table>");
        assert!(matches!(prepare_tags(&side_by_side), Cow::Borrowed(_)));
        let one_too_deep =
            nested("<table><tr><td><table><tr><td>c</td></tr></table></td></tr></table>");
        let flat = prepare_tags(&one_too_deep);
        assert_eq!(flat.matches("<table>").count(), MAX_TABLE_DEPTH);
        assert_eq!(flat.matches("</table>").count(), MAX_TABLE_DEPTH);
        assert_eq!(flat.matches("</td>").count(), MAX_TABLE_DEPTH);
    }

    #[test]
    fn doubled_urls_are_written_once() {
        let urls: HashMap<&str, &str> = [
            ("https://a/1", "https://a/1"),
            ("https://b/2/", "https://b/2"),
        ]
        .into();
        assert_eq!(
            undouble_urls(
                "see https://a/1 (https://a/1) and https://b/2 (https://b/2/) (x) ( (",
                &urls
            ),
            "see https://a/1 and https://b/2 (x) ( ("
        );
        // written once, the address would take in the "'s"
        assert_eq!(
            undouble_urls("see https://a/1 (https://a/1)'s page", &urls),
            "see https://a/1 (https://a/1)'s page"
        );
        assert_eq!(
            undouble_urls("text (https://c/3)", &urls),
            "text (https://c/3)"
        );
    }

    #[test]
    fn paragraphs_lists_links_images() {
        let html = r#"<p>Hội nghị <b>tổng kết</b> công tác &amp; dân vận.<br>Dòng hai.</p>
            <ul><li>Một</li><li>Hai <a href="https://e.com/x">liên kết</a></li></ul>
            <ol><li>first</li><li>second</li></ol>
            <p><img src="a.jpg" alt="Ảnh hội nghị"> <img src="b.jpg"></p>
            <h2>Heading</h2><blockquote>Quoted</blockquote>
            <p>See <a href="https://e.com">https://e.com</a>.<script>alert(1)</script></p>"#;
        assert_eq!(
            html_to_paragraphs(html),
            [
                "Hội nghị tổng kết công tác & dân vận.",
                "Dòng hai.",
                "• Một",
                "• Hai liên kết (https://e.com/x)",
                "1. first",
                "2. second",
                "[image: Ảnh hội nghị]",
                "Heading",
                "> Quoted",
                "See https://e.com.",
            ]
        );
    }

    #[test]
    fn lists_of_short_items_are_no_panic() {
        // html2text 0.17 subtracted the bullet's length in bytes from the
        // list's width in columns: a three-byte bullet overflowed on these
        assert_eq!(
            html_to_paragraphs(
                "<ul><li>a</li><li></li></ul><blockquote><ul><li>b</li></ul></blockquote>"
            ),
            ["• a", "> • b"]
        );
        assert_eq!(with_bullet("* x".into()), "• x");
        assert_eq!(with_bullet("> > * x".into()), "> > • x");
        assert_eq!(with_bullet("a * x".into()), "a * x");
    }

    #[test]
    fn long_paragraph_is_not_wrapped() {
        let words = "từ ".repeat(5000);
        let p = html_to_paragraphs(&format!("<p>{words}</p>"));
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn escapes_never_survive() {
        // The control characters go (html2text drops them, clean_line would
        // too); what follows them is ordinary text. `&#x9b;` is U+203A by the
        // HTML rules for character references 0x80..0x9F.
        // A raw U+009B is read as Windows-1252 (U+203A) too; the raw OSC
        // (U+009D, undefined in Windows-1252) goes with its string.
        let p = html_to_paragraphs(
            "<p>a&#27;[31mb&#x9b;2Jc\u{1b}]0;x\u{7}d\u{9b}1me\u{9d}0;t\u{7}f</p>",
        );
        assert_eq!(p, ["a[31mb\u{203a}2Jcd\u{203a}1mef"]);
    }

    #[test]
    fn html_detection() {
        assert!(looks_like_html("AT&amp;T"));
        assert!(looks_like_html("<b>x</b>"));
        assert!(looks_like_html("a &#8217; b"));
        assert!(!looks_like_html("a < b & c"));
        assert!(!looks_like_html("AT&T x"));
        assert_eq!(html_to_line("AT&amp;T <b>bold</b>"), "AT&T bold");
    }

    #[test]
    fn pre_keeps_its_lines_and_spacing() {
        let html = "<p>Before</p><pre><code class=\"py\"><span>def</span> f():\n\n\treturn 1  # x &lt; 2\n</code></pre><p>After <code>a  b</code></p><blockquote><pre>  q</pre></blockquote>";
        assert_eq!(
            html_to_paragraphs(html),
            [
                "Before".to_string(),
                preformatted(["def f():", "", "        return 1  # x < 2"]),
                "After a b".to_string(),
                preformatted([">   q"]),
            ]
        );
    }

    #[test]
    fn block_elements_never_run_together() {
        let html = "<section>exciting.</section><section>Nusaybah</section><figure><img src=a alt=A><figcaption>Caption</figcaption></figure><header>H</header><article>Art</article><aside>Aside</aside><footer>F</footer><details><summary>S</summary>D</details>";
        assert_eq!(
            html_to_paragraphs(html),
            [
                "exciting.",
                "Nusaybah",
                "[image: A]",
                "Caption",
                "H",
                "Art",
                "Aside",
                "F",
                "S",
                "D"
            ]
        );
        // only the names change: attributes, case and other tags stay
        assert_eq!(
            prepare_tags("<SECTION class=\"sectional\">x</Section><sections>"),
            "<div class=\"sectional\">x</div><sections>"
        );
        // empty quoted lines are no paragraphs
        assert_eq!(
            html_to_paragraphs("<blockquote><p>a</p><p>b</p></blockquote>"),
            ["> a", "> b"]
        );
    }

    #[test]
    fn c1_characters_read_as_windows_1252() {
        // `&#146;` (html2text), the raw U+0092 (what an XML parser makes of
        // `&#146;` in a feed), and the rest of the range
        assert_eq!(
            html_to_paragraphs("<p>it&#146;s, it\u{92}s, \u{93}q\u{94} \u{80}5 \u{85}</p>"),
            ["it’s, it’s, “q” €5 …"]
        );
        assert_eq!(
            c1_as_windows_1252("a\u{81}\u{8d}\u{8f}\u{90}\u{9d}b"),
            "a\u{81}\u{8d}\u{8f}\u{90}\u{9d}b"
        );
        assert!(matches!(c1_as_windows_1252("plain ’"), Cow::Borrowed(_)));
        assert_eq!(html_to_line("Don\u{92}t"), "Don’t");
    }

    #[test]
    fn a_link_is_its_href_whatever_follows() {
        let p = html_to_paragraphs(
            "<p><a href=\"http://example.com/p7\">Name</a>'s work, <a href=\"https://e.vn/wiki/A_(b)\">wiki</a>. <a href=\"https://e.vn/a b.\">odd</a>) <a href=\"https://e.vn#top\">top</a></p>",
        );
        assert_eq!(
            p,
            [
                "Name (http://example.com/p7)'s work, wiki (https://e.vn/wiki/A_(b)). odd (https://e.vn/a%20b%2E)) top (https://e.vn/#top)"
            ]
        );
        let found: Vec<&str> = crate::addresses::find_links(&p[0])
            .into_iter()
            .map(|r| &p[0][r])
            .collect();
        assert_eq!(
            found,
            [
                "http://example.com/p7",
                "https://e.vn/wiki/A_(b)",
                "https://e.vn/a%20b%2E",
                "https://e.vn/#top"
            ]
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in "(<[a-z/!]{0,4}[ a-z=\"]{0,6}>|<pre>|</pre>|<section>|&#?[a-z0-9]{0,5};?|[a-zđ \n\t]{0,5}|\u{1b}\\[|\u{9b}|\u{92})*") {
            for p in html_to_paragraphs(&s) {
                prop_assert!(!p.trim().is_empty());
                match Paragraph::of(&p) {
                    Paragraph::Prose(t) => prop_assert!(!t.chars().any(|c| c.is_control())),
                    Paragraph::Preformatted(t) => {
                        prop_assert!(t.ends_with('\n'));
                        for line in t.lines() {
                            prop_assert!(!line.chars().any(|c| c.is_control()));
                        }
                    }
                }
            }
        }
    }
}
