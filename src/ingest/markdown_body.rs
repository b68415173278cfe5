//! The body of a Markdown article (what follows the front matter, see
//! [`super::markdown`]) as the reader's paragraphs.
//!
//! pulldown-cmark parses it as CommonMark (with tables, strikethrough,
//! task lists and footnotes) and its events are written as paragraphs
//! directly ([`super::markdown_events`]); only the HTML inside the Markdown
//! (blocks, inline tags, comments) goes through the path of feeds' HTML
//! ([`super::html::html_to_paragraphs`]). So Markdown and its HTML come
//! out as one text, the way a browser shows the page:
//!
//! - paragraphs, headings (without `#`), `• ` list items, `1. ` numbered
//!   items, `> ` quotes, `[image: alt]` (nothing without alt text), a
//!   table row as one line of its cells, footnotes numbered `¹` in the text
//!   and before the note, task items `[x] `/`[ ] `;
//! - a link is its text and its target: `text (https://...)`;
//! - fenced and indented code blocks are preformatted paragraphs
//!   ([`crate::article::Paragraph`]): their lines as written, never joined
//!   or re-wrapped;
//! - emphasis, code spans and strikethrough lose their markers, comments
//!   and scripts go, character references are resolved.
//!
//! Jekyll's Liquid code blocks, `{% highlight lang %}` to
//! `{% endhighlight %}` on lines of their own, are read as fenced code
//! ([`liquid_code_as_fences`]), and `{% raw %}`/`{% endraw %}` lines go:
//! Jekyll posts use them as much as fences, and they are not Markdown, so
//! no Markdown parser knows them (the liquid crate renders whole templates
//! with a site's data, which a reader does not have). A line that is only a
//! tag that writes nothing (`{% assign %}`, `{% if %}` … `{% endif %}`,
//! `{% for %}`, `{% include %}` of a file not here) goes too, and so does a
//! `{% capture %}` or `{% comment %}` block whole; a tag within a line of
//! text, and `{{ output }}`, stay as written: what they would write is
//! not known.
//!
//! Without a title in the front matter, the body gives it: the first
//! block when it is a heading, a paragraph or HTML (its first line of
//! prose), which is then not repeated in the body.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::markdown_events::MarkdownText;
use crate::article::Paragraph;

/// The title found in the body (when `want_title`) and the paragraphs.
pub fn markdown_body(markdown: &str, want_title: bool) -> (Option<String>, Vec<String>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let markdown = liquid_code_as_fences(markdown);
    let events: Vec<Event<'_>> = Parser::new_ext(&markdown, options).collect();
    let split = if want_title {
        title_block_end(&events)
    } else {
        0
    };
    let (head, rest) = events.split_at(split.min(events.len()));
    let mut text = MarkdownText::default();
    let mut paragraphs = text.paragraphs(head);
    let title = match paragraphs.first() {
        Some(first) if matches!(Paragraph::of(first), Paragraph::Prose(_)) => {
            Some(paragraphs.remove(0))
        }
        _ => None,
    };
    paragraphs.extend(text.paragraphs(rest));
    (title, paragraphs)
}

/// Liquid tags that write nothing where they stand (control flow, variables,
/// and includes of files a reader does not have).
const WRITES_NOTHING: [&str; 19] = [
    "assign",
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "case",
    "when",
    "endcase",
    "for",
    "endfor",
    "break",
    "continue",
    "cycle",
    "include",
    "include_relative",
    "tablerow",
    "endtablerow",
];

/// The fence written for `{% highlight %}`: longer than any a code block
/// of a blog holds, so that a fence inside the code is code.
const LIQUID_FENCE: &str = "~~~~~~~~~~~~";

/// `markdown` with the lines `{% highlight lang ... %}` and
/// `{% endhighlight %}` made fences (their indentation kept), and the lines
/// `{% raw %}` and `{% endraw %}` left out (the tags between them are kept
/// as written, which is what Jekyll shows).
fn liquid_code_as_fences(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains("{%") {
        return markdown.into();
    }
    let tag = |line: &str| -> Option<(String, String)> {
        let inner = line.trim().strip_prefix("{%")?.strip_suffix("%}")?;
        let inner = inner.trim_matches(['-', ' ', '\t']);
        let mut words = inner.split_whitespace();
        let name = words.next()?.to_string();
        Some((name, words.next().unwrap_or_default().to_string()))
    };
    let mut out = String::with_capacity(markdown.len());
    let mut changed = false;
    // between `{% raw %}` and `{% endraw %}` a tag is text to show
    let mut raw = false;
    // inside `{% capture %}` or `{% comment %}`: the end tag awaited
    let mut unwritten: Option<&str> = None;
    for line in markdown.split_inclusive('\n') {
        let indent = &line[..line.len() - line.trim_start().len()];
        match tag(line) {
            Some((name, _)) if !raw && unwritten.is_some_and(|end| end == name) => {
                unwritten = None;
                changed = true;
            }
            _ if !raw && unwritten.is_some() => changed = true,
            Some((name, _)) if name == "raw" || name == "endraw" => {
                raw = name == "raw";
                changed = true;
            }
            _ if raw => out.push_str(line),
            Some((name, _)) if name == "capture" || name == "comment" => {
                unwritten = Some(if name == "capture" {
                    "endcapture"
                } else {
                    "endcomment"
                });
                changed = true;
            }
            Some((name, _)) if WRITES_NOTHING.contains(&name.as_str()) => changed = true,
            Some((name, lang)) if name == "highlight" => {
                out.push_str(&format!("{indent}{LIQUID_FENCE}{lang}\n"));
                changed = true;
            }
            Some((name, _)) if name == "endhighlight" => {
                out.push_str(&format!("{indent}{LIQUID_FENCE}\n"));
                changed = true;
            }
            _ => out.push_str(line),
        }
    }
    if changed { out.into() } else { markdown.into() }
}

/// How many events the first block takes when it can hold the title (a
/// heading, a paragraph or HTML); 0 when it cannot (code, a list...).
fn title_block_end(events: &[Event<'_>]) -> usize {
    match events.first() {
        Some(Event::Start(Tag::Heading { .. } | Tag::Paragraph | Tag::HtmlBlock)) => {}
        _ => return 0,
    }
    let mut depth = 0usize;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::preformatted;
    use proptest::prelude::*;

    fn body(md: &str) -> Vec<String> {
        markdown_body(md, false).1
    }

    #[test]
    fn inline_markup_and_links() {
        assert_eq!(
            body(
                "**đậm** và *nghiêng* và _x_, snake_case_name, 2 * 3 = 6, `a *b* c`, ~~gone~~ a~b, \\*not em\\*"
            ),
            ["đậm và nghiêng và x, snake_case_name, 2 * 3 = 6, a *b* c, gone a~b, *not em*"]
        );
        assert_eq!(
            body("[Báo](https://e.vn/a \"t\") đây, [https://e.vn](https://e.vn), <https://e.vn/x>"),
            ["Báo (https://e.vn/a) đây, https://e.vn, https://e.vn/x"]
        );
        // an image without alt text is left out, as in feeds
        assert_eq!(body("![Ảnh](a.jpg) ![](b.png)"), ["[image: Ảnh]"]);
        assert_eq!(body("[unclosed](x"), ["[unclosed](x"]);
    }

    #[test]
    fn html_inside_markdown_is_read_as_html() {
        let md = "Intro <!-- a comment --> with <a href=\"http://example.com/p7\">Name</a>'s work &amp; &#x60;&amp;&#x60;.\n\n<div class=\"imgcap\">\n<img src=\"/a.jpeg\" alt=\"Diagram\">\n<div class=\"thecap\">The caption.</div>\n</div>\n\nAfter.";
        assert_eq!(
            body(md),
            [
                "Intro with Name (http://example.com/p7)'s work & `&`.",
                "[image: Diagram]",
                "The caption.",
                "After."
            ]
        );
    }

    #[test]
    fn code_blocks_keep_their_lines() {
        let md = "Text:\n\n```python\ndef f(x):\n\n    return x  # two\n```\n\nThen:\n\n    indented\n    \tmore\n\nEnd.";
        assert_eq!(
            body(md),
            [
                "Text:".to_string(),
                preformatted(["def f(x):", "", "    return x  # two"]),
                "Then:".to_string(),
                preformatted(["indented", "        more"]),
                "End.".to_string(),
            ]
        );
        // two blocks with nothing between them read as one (they look the same)
        assert_eq!(
            body("```\na\n```\n```\nb\n```"),
            [preformatted(["a", "", "b"])]
        );
        // in a list and in a quote
        let md = "- item\n\n  ```\n  a\n    b\n  ```\n\nText.\n\n> ```\n> q\n> ```";
        assert_eq!(
            body(md),
            [
                "• item".to_string(),
                preformatted(["  a", "    b"]),
                "Text.".to_string(),
                preformatted(["> q"])
            ]
        );
    }

    #[test]
    fn blocks_headings_lists_quotes() {
        let md = "# Tiêu đề\n\nĐoạn một\ntiếp tục.\n\n- mục *một*\n- mục hai\n  nối tiếp\n\n1. số\n\n> trích\n> dẫn\n\nSetext\n---\n\n***\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(
            markdown_body(md, true),
            (
                Some("Tiêu đề".to_string()),
                [
                    "Đoạn một tiếp tục.",
                    "• mục một",
                    "• mục hai nối tiếp",
                    "1. số",
                    "> trích dẫn",
                    "Setext",
                    "a b",
                    "1 2"
                ]
                .map(String::from)
                .to_vec()
            )
        );
        // without a heading the first paragraph is the title; code never is
        assert_eq!(
            markdown_body("First *para*.\n\nSecond.", true),
            (Some("First para.".into()), vec!["Second.".to_string()])
        );
        assert_eq!(
            markdown_body("    code\n\nText.", true),
            (None, vec![preformatted(["code"]), "Text.".to_string()])
        );
    }

    #[test]
    fn liquid_highlight_blocks_are_code() {
        let md = "Before:\n\n{% highlight rust linenos %}\nfn main() {\n\n    let x = \"{{ not liquid }}\";\n```\n}\n{% endhighlight %}\n\n{% raw %}\n{{ page.title }}\n{% endraw %}\n\n- item\n\n  {%- highlight sh -%}\n  ls  -l\n  {% endhighlight %}\n\nSee {% post_url 2011-04-27-x %}.";
        assert_eq!(
            body(md),
            [
                "Before:".to_string(),
                preformatted([
                    "fn main() {",
                    "",
                    "    let x = \"{{ not liquid }}\";",
                    "```",
                    "}"
                ]),
                "{{ page.title }}".to_string(),
                "• item".to_string(),
                preformatted(["  ls  -l"]),
                "See {% post_url 2011-04-27-x %}.".to_string(),
            ]
        );
        assert!(matches!(
            liquid_code_as_fences("no tags {{ x }}"),
            Cow::Borrowed(_)
        ));
        // tags that write nothing go; a capture or comment block goes whole;
        // output and tags within text stay
        let md = "{% assign release = site.data.releases | where: \"version\", \"4.0.0\" | first %}\n\nRuby {{ release.version }} is out.\n\n{% capture note %}\nhidden\n{% endcapture %}\n{%- if page.lang == \"vi\" -%}\nXin chào.\n{% else %}\nHello.\n{% endif %}\n{% comment %}\nnot shown {% if x %}\n{% endcomment %}\n\nSee {% post_url 2011-04-27-x %}.\n{% include footer.html %}\n";
        assert_eq!(
            body(md),
            [
                "Ruby {{ release.version }} is out.",
                "Xin chào. Hello.",
                "See {% post_url 2011-04-27-x %}.",
            ]
        );
        // a post showing the tags themselves
        assert_eq!(
            body(
                "Write:\n\n{% raw %}\n    {% highlight ruby %}\n    def x; end\n    {% endhighlight %}\n{% endraw %}"
            ),
            [
                "Write:".to_string(),
                preformatted(["{% highlight ruby %}", "def x; end", "{% endhighlight %}"])
            ]
        );
    }

    #[test]
    fn entities_and_c1_characters() {
        assert_eq!(
            body("it&#146;s, it\u{92}s &copy; &#x1F600; &nbsp;x"),
            ["it’s, it’s © 😀 x"]
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_clean(s in "([*_~`\\[\\]()!<>\\\\#|-]|[a-zđ ]{0,3}|https://|\n|    |```|<pre>|</pre>|<div>|&#146;|\u{92}|\u{1b}\\[)*") {
            let (title, paragraphs) = markdown_body(&s, true);
            if let Some(t) = title {
                prop_assert!(!t.is_empty() && !t.chars().any(char::is_control));
            }
            for p in &paragraphs {
                prop_assert!(!p.trim().is_empty(), "{:?}", p);
                match Paragraph::of(p) {
                    Paragraph::Prose(t) => prop_assert!(!t.chars().any(char::is_control)),
                    Paragraph::Preformatted(t) => {
                        prop_assert!(t.ends_with('\n'));
                        for line in t.lines() {
                            prop_assert!(!line.chars().any(char::is_control));
                            prop_assert!(!line.ends_with(' '));
                        }
                    }
                }
            }
        }
    }
}
