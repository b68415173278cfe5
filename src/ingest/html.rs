//! HTML from feeds turned into readable paragraphs, through html2text with a
//! decorator of our own:
//!
//! - block elements and `<br>` end a paragraph; every non-blank output line
//!   is one paragraph (the text is laid out at a very wide width, so a
//!   paragraph is never wrapped into several);
//! - list items become `• item` (numbered lists keep `1. item`);
//! - a link keeps its text followed by its URL: `text (https://...)`, or the
//!   URL once when the text is the URL itself;
//! - an image becomes `[image: alt]`; an image without alt text is left out
//!   (most are tracking pixels or decoration);
//! - emphasis and code lose their markers; headings are their own paragraph,
//!   without `#`; quotes are prefixed with `> `; scripts and styles are
//!   dropped by html2text.
//!
//! Every paragraph goes through [`clean_line`].

use std::cell::RefCell;
use std::rc::Rc;

use html2text::render::{TaggedLine, TextDecorator};

use super::clean::clean_line;

/// Width given to the renderer: wide enough that no real paragraph wraps.
const LAYOUT_WIDTH: usize = 1 << 16;

/// Deepest nesting of elements handed to html2text, whose time grows with
/// the square of the depth (8,000 nested `<div>`: half a second; a 10 MB
/// feed of them: hours). Tags deeper than this are dropped, their text kept.
const MAX_DEPTH: usize = 200;

/// Elements that never hold others (so never nest), and those whose end
/// tag is usually left out (they close themselves when the next starts).
const NO_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
];

/// Turn an HTML fragment into cleaned, non-empty paragraphs.
pub fn html_to_paragraphs(html: &str) -> Vec<String> {
    let urls = Rc::new(RefCell::new(Vec::new()));
    let decorator = Decorator {
        open_links: Rc::new(RefCell::new(Vec::new())),
        seen_urls: Rc::clone(&urls),
    };
    let html = drop_raw_escapes(html);
    let html = flatten_deep(&html);
    let rendered = html2text::config::with_decorator(decorator)
        .link_footnotes(false)
        .no_table_borders()
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), LAYOUT_WIDTH);
    let text = match rendered {
        Ok(t) => t,
        // html2text only fails on I/O (none here) or impossible layouts:
        // fall back to the tag-stripped text rather than losing the item.
        Err(_) => strip_tags(&html),
    };
    let urls = urls.borrow();
    let urls: std::collections::HashSet<&str> = urls.iter().map(String::as_str).collect();
    text.lines()
        .map(|l| undouble_urls(&clean_line(l), &urls))
        .filter(|l| !l.is_empty())
        .collect()
}

/// `<a href="U">U</a>` reads `U (U)`: write `U` once, for the URLs in
/// `urls`. One pass over the line, whatever the number of URLs.
fn undouble_urls(line: &str, urls: &std::collections::HashSet<&str>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find(" (") {
        let (before, from) = rest.split_at(open);
        let inner = from.get(2..).unwrap_or_default();
        // A URL holds no space: look no further than the next one, so that
        // the line is read once however many " (" it holds.
        let close = inner
            .find([')', ' '])
            .filter(|&i| inner.get(i..).is_some_and(|r| r.starts_with(')')));
        let u = close.and_then(|c| inner.get(..c)).unwrap_or_default();
        if let Some(close) =
            close.filter(|_| !u.is_empty() && before.ends_with(u) && urls.contains(u))
        {
            out.push_str(before);
            rest = inner.get(close + 1..).unwrap_or_default();
        } else {
            out.push_str(before);
            out.push_str(" (");
            rest = inner;
        }
    }
    out.push_str(rest);
    out
}

/// `html` with the tags nested deeper than [`MAX_DEPTH`] left out (their
/// text stays). Comments are copied whole; an element that never nests or
/// whose end is usually omitted (`<br>`, `<p>`, `<li>`...) does not count.
fn flatten_deep(html: &str) -> std::borrow::Cow<'_, str> {
    let mut depth = 0usize;
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
        let name: String = rest
            .get(if closing { 2 } else { 1 }..)
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let Some(end) = rest.find('>').map(|e| start + e + 1) else {
            break;
        };
        at = end;
        if name.is_empty() || NO_NESTING.contains(&name.as_str()) {
            continue;
        }
        let self_closing = html.get(..end).is_some_and(|t| t.ends_with("/>"));
        let deep = if closing {
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
/// control go through [`clean_line`] first, which removes whole sequences
/// (their spacing is then collapsed, which only matters inside `<pre>`).
/// Escapes written as character references (`&#27;`) are resolved by
/// html2text after this, so only their control character goes.
fn drop_raw_escapes(html: &str) -> std::borrow::Cow<'_, str> {
    let is_esc = |c: char| c == '\u{1b}' || ('\u{80}'..='\u{9f}').contains(&c);
    if !html.contains(is_esc) {
        return html.into();
    }
    html.split('\n')
        .map(|l| {
            if l.contains(is_esc) {
                clean_line(l).into()
            } else {
                std::borrow::Cow::Borrowed(l)
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

#[derive(Clone)]
struct Decorator {
    /// URLs of the links being rendered, innermost last. Shared with the
    /// sub-block decorators, since a link can start in one block and end in
    /// another.
    open_links: Rc<RefCell<Vec<String>>>,
    /// Every URL written, to undo `U (U)`.
    seen_urls: Rc<RefCell<Vec<String>>>,
}

fn none() -> (String, ()) {
    (String::new(), ())
}

impl TextDecorator for Decorator {
    type Annotation = ();

    fn decorate_link_start(&mut self, url: &str) -> (String, ()) {
        self.open_links.borrow_mut().push(url.to_string());
        none()
    }
    fn decorate_link_end(&mut self) -> String {
        let url = self.open_links.borrow_mut().pop().unwrap_or_default();
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') || url.starts_with("javascript:") {
            return String::new();
        }
        self.seen_urls.borrow_mut().push(url.to_string());
        format!(" ({url})")
    }
    fn decorate_em_start(&self) -> (String, ()) {
        none()
    }
    fn decorate_em_end(&self) -> String {
        String::new()
    }
    fn decorate_strong_start(&self) -> (String, ()) {
        none()
    }
    fn decorate_strong_end(&self) -> String {
        String::new()
    }
    fn decorate_strikeout_start(&self) -> (String, ()) {
        none()
    }
    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }
    fn decorate_code_start(&self) -> (String, ()) {
        none()
    }
    fn decorate_code_end(&self) -> String {
        String::new()
    }
    fn decorate_preformat_first(&self) {}
    fn decorate_preformat_cont(&self) {}
    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, ()) {
        let alt = clean_line(title);
        if alt.is_empty() {
            ("[image]".to_string(), ())
        } else {
            (format!("[image: {alt}]"), ())
        }
    }
    fn header_prefix(&self, _level: usize) -> String {
        String::new()
    }
    fn quote_prefix(&self) -> String {
        "> ".to_string()
    }
    fn unordered_item_prefix(&self) -> String {
        "• ".to_string()
    }
    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }
    fn make_subblock_decorator(&self) -> Self {
        self.clone()
    }
    fn finalise(&mut self, _urls: Vec<String>) -> Vec<TaggedLine<()>> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn deep_nesting_is_flattened_and_its_text_kept() {
        // Found by the parsers bench: html2text is quadratic in depth.
        let deep = format!(
            "{}y &amp; z{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        let flat = flatten_deep(&deep);
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert_eq!(html_to_paragraphs(&deep), ["y & z"]);
        let shallow = "<div><p>a<br>b<p>c<!-- <div> --></div>";
        assert!(matches!(
            flatten_deep(shallow),
            std::borrow::Cow::Borrowed(_)
        ));
        let many_paragraphs = "<p>x".repeat(5000);
        assert!(matches!(
            flatten_deep(&many_paragraphs),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn doubled_urls_are_written_once() {
        let urls: std::collections::HashSet<&str> = ["https://a/1", "https://b/2"].into();
        assert_eq!(
            undouble_urls(
                "see https://a/1 (https://a/1) and https://b/2 (https://b/2) (x) ( (",
                &urls
            ),
            "see https://a/1 and https://b/2 (x) ( ("
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
        let p = html_to_paragraphs("<p>a&#27;[31mb&#x9b;2Jc\u{1b}]0;x\u{7}d\u{9b}1me</p>");
        assert_eq!(p, ["a[31mb\u{203a}2Jcde"]);
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

    proptest! {
        #[test]
        fn never_panics(s in "(<[a-z/!]{0,4}[ a-z=\"]{0,6}>|&#?[a-z0-9]{0,5};?|[a-zđ \n]{0,5}|\u{1b}\\[|\u{9b})*") {
            for p in html_to_paragraphs(&s) {
                prop_assert!(!p.is_empty());
                prop_assert!(!p.chars().any(|c| c.is_control()));
            }
        }
    }
}
