//! OPML: the subscription lists feed readers import and export.
//!
//! The reader is a small scanner, not a general XML parser: it finds the
//! `<outline>` elements (skipping comments, CDATA, processing instructions and
//! the doctype), reads their attributes with the five named entities and
//! numeric character references decoded, and follows their nesting. An
//! outline with `xmlUrl` is a feed; an outline without one that has children
//! is a folder, whose `text` (or `title`) becomes a tag of every feed inside.

use std::fmt::Write as _;

use crate::config::{
    FeedEntry, MAX_NAME_LEN, check_feed_name, check_feed_url, check_tag, feed_name_from_url,
    slugify,
};

/// One feed found in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlOutline {
    /// The feed as it would go into the configuration; its name comes from
    /// the outline's title (made unique within the file), else its address.
    pub entry: FeedEntry,
    /// `text`, else `title`, as written.
    pub title: Option<String>,
    /// `htmlUrl`: the site the feed belongs to.
    pub html_url: Option<String>,
    /// The line of the `<outline` in the file.
    pub line: usize,
}

/// What [`parse_opml_detailed`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpmlImport {
    pub outlines: Vec<OpmlOutline>,
    /// Outlines left out, each as `line N: reason`.
    pub skipped: Vec<String>,
}

/// The feeds of an OPML file, in document order, with the folders they are
/// in as tags. Outlines without a usable `xmlUrl` are left out (see
/// [`parse_opml_detailed`] for why). An error means the text is not OPML or
/// its markup is broken.
pub fn parse_opml(text: &str) -> Result<Vec<FeedEntry>, String> {
    parse_opml_detailed(text).map(|i| i.outlines.into_iter().map(|o| o.entry).collect())
}

/// An open `<outline>`: a folder gives its tag to what it holds.
struct Open {
    tag: Option<String>,
}

/// Counts lines as the scanner moves forward.
struct Lines<'t> {
    text: &'t str,
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let bytes = self.text.as_bytes();
        self.line += bytes[self.pos..pos].iter().filter(|&&b| b == b'\n').count();
        self.pos = pos;
        self.line
    }
}

/// Like [`parse_opml`], with each outline's title, site and line, and a
/// reason for every outline left out.
pub fn parse_opml_detailed(text: &str) -> Result<OpmlImport, String> {
    let mut lines = Lines {
        text,
        pos: 0,
        line: 1,
    };
    let mut out = OpmlImport::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut saw_opml = false;
    let mut names: Vec<String> = Vec::new();
    let mut urls: Vec<(String, usize)> = Vec::new();
    let mut pos = 0;
    while let Some(offset) = text.get(pos..).and_then(|rest| rest.find('<')) {
        let start = pos + offset;
        let rest = &text[start..];
        let line = lines.at(start);
        let unclosed = |what: &str| format!("line {line}: {what} is never closed");
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or_else(|| unclosed("a comment"))?;
            pos = start + end + 3;
        } else if rest.starts_with("<![CDATA[") {
            let end = rest
                .find("]]>")
                .ok_or_else(|| unclosed("a CDATA section"))?;
            pos = start + end + 3;
        } else if rest.starts_with("<?") {
            let end = rest
                .find("?>")
                .ok_or_else(|| unclosed("a processing instruction"))?;
            pos = start + end + 2;
        } else if rest.starts_with("<!") {
            pos = start + declaration_end(rest).ok_or_else(|| unclosed("a declaration"))?;
        } else if let Some(close) = rest.strip_prefix("</") {
            let end = close.find('>').ok_or_else(|| unclosed("an end tag"))?;
            let name = close[..end].trim();
            if name.eq_ignore_ascii_case("outline") && stack.pop().is_none() {
                return Err(format!(
                    "line {line}: </outline> without an <outline> before it"
                ));
            }
            pos = start + 2 + end + 1;
        } else {
            let tag = scan_tag(rest).ok_or_else(|| unclosed("a tag"))?;
            pos = start + tag.len;
            if tag.name.eq_ignore_ascii_case("opml") {
                saw_opml = true;
            } else if tag.name.eq_ignore_ascii_case("outline") {
                let opened = outline(&tag, line, &stack, &mut names, &mut urls, &mut out);
                if !tag.self_closing {
                    stack.push(opened);
                }
            }
        }
    }
    if !saw_opml {
        return Err("not an OPML file: there is no <opml> element".into());
    }
    if let Some(_open) = stack.last() {
        return Err(format!(
            "{} <outline> element(s) are never closed",
            stack.len()
        ));
    }
    Ok(out)
}

/// Handle one `<outline ...>`: record a feed or skip it, and say what it
/// opens for the outlines inside it.
fn outline(
    tag: &Tag,
    line: usize,
    stack: &[Open],
    names: &mut Vec<String>,
    urls: &mut Vec<(String, usize)>,
    out: &mut OpmlImport,
) -> Open {
    let text = tag.attr("text").or_else(|| tag.attr("title"));
    let text = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let Some(raw_url) = tag.attr("xmlUrl").map(str::trim).filter(|u| !u.is_empty()) else {
        if tag.self_closing {
            let what = text
                .as_deref()
                .map_or(String::new(), |t| format!(" \"{t}\""));
            out.skipped
                .push(format!("line {line}: outline{what} has no xmlUrl"));
            return Open { tag: None };
        }
        return Open {
            tag: text.as_deref().and_then(clean_tag),
        };
    };
    let url = normalize_url(raw_url);
    if let Err(why) = check_feed_url(&url) {
        out.skipped
            .push(format!("line {line}: the address \"{raw_url}\" {why}"));
        return Open { tag: None };
    }
    if let Some((_, first)) = urls.iter().find(|(u, _)| *u == url) {
        out.skipped.push(format!(
            "line {line}: \"{url}\" is already listed on line {first}"
        ));
        return Open { tag: None };
    }
    urls.push((url.clone(), line));
    let mut tags: Vec<String> = Vec::new();
    let folders = stack.iter().filter_map(|o| o.tag.clone());
    let categories = tag
        .attr("category")
        .unwrap_or("")
        .split(',')
        .filter_map(|c| clean_tag(c.trim().trim_start_matches('/')));
    for t in folders.chain(categories) {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let base = text
        .as_deref()
        .map(|t| {
            if check_feed_name(t).is_ok() {
                t.to_string()
            } else {
                slugify(t)
            }
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| feed_name_from_url(&url));
    let name = unique_name(&base, names);
    names.push(name.clone());
    out.outlines.push(OpmlOutline {
        entry: FeedEntry { url, name, tags },
        title: text,
        html_url: tag
            .attr("htmlUrl")
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty()),
        line,
    });
    Open { tag: None }
}

/// `base`, or `base-2`, `base-3`, ... whichever no name in `taken` is
/// (ignoring case); never longer than [`MAX_NAME_LEN`].
pub(super) fn unique_name(base: &str, taken: &[String]) -> String {
    let free = |n: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(n));
    if free(base) {
        return base.to_string();
    }
    for i in 2u32.. {
        let suffix = format!("-{i}");
        let mut stem = base.to_string();
        while stem.len() + suffix.len() > MAX_NAME_LEN && !stem.is_empty() {
            stem.pop();
        }
        let candidate = format!("{stem}{suffix}");
        if free(&candidate) {
            return candidate;
        }
    }
    base.to_string()
}

/// `feed://host/x` and `feed:https://host/x`, still found in old files, are
/// `http://host/x` and `https://host/x`.
fn normalize_url(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("feed:http://") || lower.starts_with("feed:https://") {
        url[5..].to_string()
    } else if lower.starts_with("feed://") {
        format!("http://{}", &url[7..])
    } else {
        url.to_string()
    }
}

/// A folder name or category as a tag: trimmed, commas and control
/// characters made spaces; `None` if nothing is left.
fn clean_tag(s: &str) -> Option<String> {
    let cleaned: String = s
        .chars()
        .map(|c| if c == ',' || c.is_control() { ' ' } else { c })
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    check_tag(&cleaned).is_ok().then_some(cleaned)
}

/// The end (exclusive, relative to `rest`) of `<!DOCTYPE ...>`, stepping over
/// an internal subset in brackets and quoted strings.
fn declaration_end(rest: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices().skip(2) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, '>') if depth == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// A start tag: its name, raw attributes (decoded) and length in bytes.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
    len: usize,
}

impl Tag {
    /// An attribute's value; names compare without regard to case, since
    /// exports in the wild write `xmlurl` and `XMLURL` too.
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Read the start tag at the beginning of `rest` (which starts with `<`);
/// `None` if the text ends inside it.
fn scan_tag(rest: &str) -> Option<Tag> {
    let mut chars = rest.char_indices().skip(1).peekable();
    let mut name = String::new();
    while let Some(&(_, c)) = chars.peek() {
        if c.is_whitespace() || c == '>' || c == '/' {
            break;
        }
        name.push(c);
        chars.next();
    }
    let mut attrs = Vec::new();
    loop {
        while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        let (i, c) = chars.next()?;
        match c {
            '>' => {
                return Some(Tag {
                    name,
                    attrs,
                    self_closing: false,
                    len: i + 1,
                });
            }
            '/' if chars.peek().is_some_and(|&(_, c)| c == '>') => {
                let (j, _) = chars.next()?;
                return Some(Tag {
                    name,
                    attrs,
                    self_closing: true,
                    len: j + 1,
                });
            }
            _ => {}
        }
        // an attribute name, starting at c
        let mut attr = String::from(c);
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '>' || c == '/' {
                break;
            }
            attr.push(c);
            chars.next();
        }
        while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        if chars.next_if(|&(_, c)| c == '=').is_none() {
            // a name without a value, as sloppy HTML-minded exports write
            attrs.push((attr, String::new()));
            continue;
        }
        while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        let mut raw = String::new();
        match chars.peek().map(|&(_, c)| c) {
            Some(q @ ('"' | '\'')) => {
                chars.next();
                loop {
                    let (_, c) = chars.next()?;
                    if c == q {
                        break;
                    }
                    raw.push(c);
                }
            }
            Some(_) => {
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() || c == '>' {
                        break;
                    }
                    raw.push(c);
                    chars.next();
                }
            }
            None => return None,
        }
        attrs.push((attr, decode_entities(&raw)));
    }
}

/// Decode `&amp; &lt; &gt; &quot; &apos;` and `&#NNN;` / `&#xHH;`. Anything
/// else that starts with `&` (a bare ampersand, an unknown entity, a
/// reference to no character) is kept as written. Attribute white space
/// (tab, newline) becomes a space, as XML says.
pub(super) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['&', '\t', '\n', '\r']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if !rest.starts_with('&') {
            // "\r\n" is one line break, so one space
            let skip = if rest.starts_with("\r\n") { 2 } else { 1 };
            out.push(' ');
            rest = &rest[skip..];
            continue;
        }
        let entity = rest
            .get(1..)
            .and_then(|r| r.find(';').filter(|&j| j <= 10).map(|j| &r[..j]));
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let num = e.strip_prefix('#')?;
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse::<u32>().ok()?,
                };
                char::from_u32(code).filter(|&c| c != '\0')
            }
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escape for an XML attribute value in double quotes. Characters XML 1.0
/// cannot hold at all are dropped.
fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c if c.is_control() && u32::from(c) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The feeds as an OPML 2.0 document. A feed with tags sits in a folder
/// named after its first tag and lists all its tags in `category`, so
/// [`parse_opml`] gives back the same feeds, names and tags.
pub fn export_opml(feeds: &[FeedEntry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <opml version=\"2.0\">\n  <head>\n    <title>xemtin feeds</title>\n  </head>\n  <body>\n",
    );
    // folders in order of first appearance; untagged feeds at the top level
    let mut groups: Vec<(Option<&str>, Vec<&FeedEntry>)> = Vec::new();
    for feed in feeds {
        let key = feed.tags.first().map(String::as_str);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) if key.is_some() => members.push(feed),
            _ => groups.push((key, vec![feed])),
        }
    }
    for (folder, members) in groups {
        let indent = if folder.is_some() { "      " } else { "    " };
        if let Some(folder) = folder {
            let f = escape_attr(folder);
            let _ = writeln!(out, "    <outline text=\"{f}\" title=\"{f}\">");
        }
        for feed in members {
            let name = escape_attr(&feed.name);
            let _ = write!(
                out,
                "{indent}<outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{}\"",
                escape_attr(&feed.url)
            );
            if !feed.tags.is_empty() {
                let _ = write!(out, " category=\"{}\"", escape_attr(&feed.tags.join(",")));
            }
            out.push_str("/>\n");
        }
        if folder.is_some() {
            out.push_str("    </outline>\n");
        }
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: &str, name: &str, tags: &[&str]) -> FeedEntry {
        FeedEntry {
            url: url.into(),
            name: name.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn parse(text: &str) -> Vec<FeedEntry> {
        parse_opml(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn nested_folders_become_tags() {
        let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE opml [ <!ENTITY x "y>"> ]>
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="Top" xmlUrl="https://top.example/rss"/>
    <outline text="Tin tức" title="ignored">
      <!-- <outline text="commented" xmlUrl="https://no.example/"/> -->
      <outline text="Việt Nam">
        <outline type="rss" text="VnExpress" xmlUrl="https://vnexpress.net/rss/tin-moi-nhat.rss"
                 htmlUrl="https://vnexpress.net/"/>
      </outline>
      <outline title="Tuổi Trẻ" xmlUrl="https://tuoitre.vn/rss.rss" category="/Báo/Ngày,Tin tức"/>
    </outline>
    <outline text="Empty folder"></outline>
  </body>
</opml>"#;
        let detailed = parse_opml_detailed(text).unwrap_or_else(|e| panic!("{e}"));
        assert!(detailed.skipped.is_empty(), "{:?}", detailed.skipped);
        let feeds: Vec<_> = detailed.outlines.iter().map(|o| o.entry.clone()).collect();
        assert_eq!(
            feeds,
            vec![
                entry("https://top.example/rss", "Top", &[]),
                entry(
                    "https://vnexpress.net/rss/tin-moi-nhat.rss",
                    "VnExpress",
                    &["Tin tức", "Việt Nam"]
                ),
                entry(
                    "https://tuoitre.vn/rss.rss",
                    "tuoi-tre",
                    &["Tin tức", "Báo/Ngày"]
                ),
            ]
        );
        let vne = &detailed.outlines[1];
        assert_eq!(vne.html_url.as_deref(), Some("https://vnexpress.net/"));
        assert_eq!(vne.title.as_deref(), Some("VnExpress"));
        assert_eq!(vne.line, 10);
    }

    #[test]
    fn entities_are_decoded() {
        let text = "<opml><body>\
            <outline text='A &amp; B &lt;x&gt; &quot;q&quot; &apos;s&apos; &#273;&#x1EA1;i &#xZZ; &bogus; & end' \
             xmlUrl=\"https://e.com/rss?a=1&amp;b=2\"/>\
            </body></opml>";
        let detailed = parse_opml_detailed(text).unwrap_or_else(|e| panic!("{e}"));
        let o = &detailed.outlines[0];
        assert_eq!(
            o.title.as_deref(),
            Some("A & B <x> \"q\" 's' đại &#xZZ; &bogus; & end")
        );
        assert_eq!(o.entry.url, "https://e.com/rss?a=1&b=2");
        assert_eq!(o.entry.name, "a-b-x-q-s-dai-xzz-bogus-end");
        assert_eq!(
            decode_entities("&#0;&#x110000;&#55296;"),
            "&#0;&#x110000;&#55296;"
        );
        assert_eq!(decode_entities("a\r\nb\tc"), "a b c");
        assert_eq!(decode_entities("&amp"), "&amp");
    }

    #[test]
    fn outlines_without_a_usable_address_are_skipped() {
        let text = r#"<opml version="1.0"><body>
<outline text="no url"/>
<outline text="blank" xmlUrl="  "/>
<outline text="ftp" xmlUrl="ftp://e.com/x"/>
<outline text="ok" xmlURL="feed://e.com/rss"/>
<outline text="again" xmlUrl="http://e.com/rss"/>
<outline text="ok" xmlUrl="feed:https://e.com/atom"/>
</body></opml>"#;
        let d = parse_opml_detailed(text).unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<_> = d.outlines.iter().map(|o| o.entry.clone()).collect();
        assert_eq!(
            got,
            vec![
                entry("http://e.com/rss", "ok", &[]),
                entry("https://e.com/atom", "ok-2", &[]),
            ]
        );
        assert_eq!(d.skipped.len(), 4, "{:?}", d.skipped);
        assert!(d.skipped[0].starts_with("line 2: outline \"no url\" has no xmlUrl"));
        assert!(d.skipped[1].starts_with("line 3: outline \"blank\" has no xmlUrl"));
        assert!(d.skipped[2].contains("must start with http://"));
        assert!(d.skipped[3].contains("already listed on line 5"));
    }

    #[test]
    fn broken_documents_are_errors() {
        for (text, why) in [
            ("", "no <opml>"),
            ("<html><body></body></html>", "no <opml>"),
            ("<opml><body><outline text=\"x\"", "never closed"),
            ("<opml><body><outline text=\"x>", "never closed"),
            ("<opml><!-- x", "never closed"),
            ("<opml><body></outline>", "without an <outline>"),
            (
                "<opml><body><outline text=\"f\"><outline xmlUrl=\"http://a.b/\"/>",
                "never closed",
            ),
        ] {
            match parse_opml(text) {
                Ok(f) => panic!("{text:?} gave {f:?}"),
                Err(e) => assert!(e.contains(why), "{text:?}: {e}"),
            }
        }
    }

    #[test]
    fn never_panics_on_cut_documents() {
        let text = "<?xml version=\"1.0\"?><!DOCTYPE opml><opml><body><outline text=\"đ &amp; x\" \
                    title='t'><outline xmlUrl=\"https://a.vn/r&#x73;s\" category=\"/a,b\"/></outline>\
                    <![CDATA[ <outline> ]]></body></opml>";
        for (i, _) in text.char_indices() {
            let _ = parse_opml(&text[..i]);
            let _ = parse_opml(&text[i..]);
        }
        let all = parse(text);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].url, "https://a.vn/rss");
        assert_eq!(all[0].tags, vec!["đ & x", "a", "b"]);
    }

    #[test]
    fn export_round_trips() {
        let feeds = vec![
            entry(
                "https://a.example/rss?x=1&y=<2>",
                "a_feed.1",
                &["news", "Tin \"hay\""],
            ),
            entry("https://b.example/rss", "b", &[]),
            entry("https://c.example/rss", "c", &["news"]),
            entry("https://d.example/rss", "d", &["a&b 'x'"]),
        ];
        let text = export_opml(&feeds);
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">")
        );
        assert!(text.contains("xmlUrl=\"https://a.example/rss?x=1&amp;y=&lt;2&gt;\""));
        assert!(text.contains("category=\"news,Tin &quot;hay&quot;\""));
        let mut back = parse(&text);
        // the export groups by folder: a and c are in "news"
        back.sort_by(|x, y| x.url.cmp(&y.url));
        assert_eq!(back, feeds);
        assert_eq!(parse(&export_opml(&[])), Vec::<FeedEntry>::new());
    }
}
