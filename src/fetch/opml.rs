//! OPML: the subscription lists feed readers import and export.
//!
//! The document is read with quick-xml's event reader, set to be lenient
//! the way real exports need (end tags need not match, a bare `&` in text
//! is text, attributes may be unquoted or valueless, as HTML-minded
//! exporters write them). Only `<opml>` and the `<outline>` elements
//! matter: their attributes are read with the five named entities and
//! numeric character references decoded (anything else after `&` kept as
//! written) and their nesting followed. An outline with `xmlUrl` is a feed;
//! an outline without one that has children is a folder, whose `text` (or
//! `title`) becomes a tag of every feed inside. Markup that never ends (a
//! comment, a tag, a CDATA section) is an error naming its line.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use quick_xml::errors::{Error as XmlError, SyntaxError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

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

/// Counts lines as the reader moves forward.
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
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    let mut lines = Lines {
        text,
        pos: 0,
        line: 1,
    };
    let mut out = OpmlImport::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut saw_opml = false;
    let mut seen = Seen::default();
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Err(format!("line {}: {}", lines.at(at), xml_error(&e)));
            }
        };
        // the event's markup starts after any white space left before it
        let at = text
            .get(start..)
            .map_or(start, |rest| start + (rest.len() - rest.trim_start().len()));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let self_closing = matches!(event, Event::Empty(_));
                let name = e.name();
                if name.as_ref().eq_ignore_ascii_case("opml") {
                    saw_opml = true;
                } else if name.as_ref().eq_ignore_ascii_case("outline") {
                    let tag = Tag::of(e, self_closing);
                    let line = lines.at(at);
                    let opened = outline(&tag, line, &stack, &mut seen, &mut out);
                    if !self_closing {
                        stack.push(opened);
                    }
                }
            }
            // every </outline> closes the innermost open one; one with none
            // open is an error
            Event::End(ref e)
                if e.name().as_ref().eq_ignore_ascii_case("outline") && stack.pop().is_none() =>
            {
                return Err(format!(
                    "line {}: </outline> without an <outline> before it",
                    lines.at(at)
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err("not an OPML file: there is no <opml> element".into());
    }
    if !stack.is_empty() {
        return Err(format!(
            "{} <outline> element(s) are never closed",
            stack.len()
        ));
    }
    Ok(out)
}

/// What quick-xml found wrong, in the words of this file's other messages.
fn xml_error(e: &XmlError) -> String {
    let never_closed = |what: &str| format!("{what} is never closed");
    match e {
        XmlError::Syntax(s) => match s {
            SyntaxError::UnclosedComment => never_closed("a comment"),
            SyntaxError::UnclosedCData => never_closed("a CDATA section"),
            SyntaxError::UnclosedPI | SyntaxError::UnclosedXmlDecl => {
                never_closed("a processing instruction")
            }
            SyntaxError::UnclosedDoctype => never_closed("a declaration"),
            SyntaxError::UnclosedTag
            | SyntaxError::UnclosedSingleQuotedAttributeValue
            | SyntaxError::UnclosedDoubleQuotedAttributeValue => format!(
                "{}; check its quotes (a \" inside a value is written &quot;)",
                never_closed("a tag")
            ),
            SyntaxError::InvalidBangMarkup => {
                "\"<!\" that starts no comment, CDATA section or declaration".into()
            }
        },
        other => format!("not well-formed XML: {other}"),
    }
}

/// Feed names and addresses taken so far: a file of thousands of feeds is
/// checked for repeats in linear time.
#[derive(Default)]
struct Seen {
    /// Names in ASCII lower case.
    names: HashSet<String>,
    /// Each address with the line it was first listed on.
    urls: HashMap<String, usize>,
}

/// Handle one `<outline ...>`: record a feed or skip it, and say what it
/// opens for the outlines inside it.
fn outline(tag: &Tag, line: usize, stack: &[Open], seen: &mut Seen, out: &mut OpmlImport) -> Open {
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
    if let Some(first) = seen.urls.get(&url) {
        out.skipped.push(format!(
            "line {line}: \"{url}\" is already listed on line {first}"
        ));
        return Open { tag: None };
    }
    seen.urls.insert(url.clone(), line);
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
    let name = unique_name(&base, |n| seen.names.contains(&n.to_ascii_lowercase()));
    seen.names.insert(name.to_ascii_lowercase());
    out.outlines.push(OpmlOutline {
        entry: FeedEntry {
            url,
            name,
            tags,
            every_minutes: None,
        },
        title: text,
        html_url: tag
            .attr("htmlUrl")
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty()),
        line,
    });
    Open { tag: None }
}

/// `base`, or `base-2`, `base-3`, ... whichever is not `taken` (which
/// should ignore case); never longer than [`MAX_NAME_LEN`].
pub(super) fn unique_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let free = |n: &str| !taken(n);
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

/// An `<outline>`'s attributes (values decoded) and whether it holds others.
struct Tag {
    attrs: Vec<(String, String)>,
    self_closing: bool,
}

impl Tag {
    /// Attributes as HTML-minded exports write them too (unquoted values,
    /// names without a value, a name twice: the first counts); the rest of
    /// the tag is left out after one that cannot be read.
    fn of(e: &BytesStart<'_>, self_closing: bool) -> Tag {
        let attrs = e
            .html_attributes()
            .with_checks(false)
            .map_while(Result::ok)
            .map(|a| (a.key.as_ref().to_string(), decode_entities(&a.value)))
            .collect();
        Tag {
            attrs,
            self_closing,
        }
    }

    /// An attribute's value; names compare without regard to case, since
    /// exports in the wild write `xmlurl` and `XMLURL` too.
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
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
    use proptest::prelude::*;

    fn entry(url: &str, name: &str, tags: &[&str]) -> FeedEntry {
        FeedEntry {
            url: url.into(),
            name: name.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            every_minutes: None,
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

    #[test]
    fn markup_pasted_into_an_attribute_keeps_the_feed() {
        // an export that pasted HTML, quotes and all, into a description
        let text = "<opml><body>\n\
            <outline text=\"A\" description=\"x <em class=\"i\">y</em> z\" xmlUrl=\"https://a.example/rss\"/>\n\
            <outline text=\"B\" xmlUrl=\"https://b.example/rss\"/>\n\
            </body></opml>";
        let d = parse_opml_detailed(text).unwrap_or_else(|e| panic!("{e}"));
        let urls: Vec<_> = d.outlines.iter().map(|o| o.entry.url.as_str()).collect();
        assert_eq!(urls, ["https://a.example/rss", "https://b.example/rss"]);
    }

    #[test]
    fn a_tag_that_never_ends_is_reported_at_its_line() {
        // a quote inside a value opens a string that the file never closes
        let text = "<opml><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/rss\"/>\n\
            <outline text=\"B\" description=\"he said \"it's fine\" xmlUrl=\"https://b.example/rss\"/>\n\
            </body></opml>";
        let e = parse_opml(text).unwrap_err();
        assert_eq!(
            e,
            "line 3: a tag is never closed; check its quotes (a \" inside a value is written &quot;)"
        );
    }

    /// Any text: no panic, and an error names a line of the text (or says
    /// what is missing as a whole).
    fn check_any(text: &str) -> Result<(), TestCaseError> {
        let lines = text.split('\n').count();
        match parse_opml_detailed(text) {
            Ok(d) => {
                for o in &d.outlines {
                    prop_assert!((1..=lines).contains(&o.line), "line {} of {lines}", o.line);
                    prop_assert!(check_feed_url(&o.entry.url).is_ok());
                    prop_assert!(check_feed_name(&o.entry.name).is_ok(), "{:?}", o.entry.name);
                }
            }
            Err(e) => {
                if let Some(rest) = e.strip_prefix("line ") {
                    let n: usize = rest
                        .split(':')
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0);
                    prop_assert!((1..=lines).contains(&n), "{e} in {lines} lines");
                } else {
                    prop_assert!(
                        e.starts_with("not an OPML file") || e.ends_with("are never closed"),
                        "{e}"
                    );
                }
            }
        }
        Ok(())
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("<opml>".to_string()),
            Just("</opml>".to_string()),
            Just("<body>".to_string()),
            Just("<outline text=\"Tin &amp; bài\">".to_string()),
            Just("</outline>".to_string()),
            Just("<outline text='x' xmlUrl=\"https://a.example/r\"/>".to_string()),
            Just("<outline xmlurl=https://b.example/r title=\"B\" category=\"/a,b\"/>".to_string()),
            Just("<!-- c -->".to_string()),
            Just("<![CDATA[ <outline> ]]>".to_string()),
            Just("<?xml version=\"1.0\"?>".to_string()),
            Just("<!DOCTYPE opml [ <!ENTITY x \"y>\"> ]>".to_string()),
            Just("\n".to_string()),
            Just("&".to_string()),
            Just("\"".to_string()),
            Just("<".to_string()),
            any::<char>().prop_map(String::from),
        ]
    }

    proptest! {
        #[test]
        fn never_panics_and_errors_name_a_line(text in any::<String>()) {
            check_any(&text)?;
        }

        #[test]
        fn never_panics_on_opml_pieces(pieces in prop::collection::vec(piece(), 0..40)) {
            check_any(&pieces.concat())?;
        }

        /// What is exported reads back the same, whatever the names and tags.
        #[test]
        fn export_reads_back(
            feeds in prop::collection::vec(
                ("[a-z]{1,8}", "[A-Za-zđĐ _.-]{0,12}", prop::collection::vec("[a-zA-Zà-ỹ &<>\"']{1,10}", 0..3)),
                0..12,
            )
        ) {
            let mut entries: Vec<FeedEntry> = Vec::new();
            for (i, (host, name, tags)) in feeds.into_iter().enumerate() {
                let name = format!("f{i}{}", name.trim()).replace(' ', "-");
                let mut t: Vec<String> = Vec::new();
                for tag in tags {
                    let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
                    if check_tag(&tag).is_ok() && !t.contains(&tag) {
                        t.push(tag);
                    }
                }
                let url = format!("https://{host}.example/{i}?a=1&b=<2>");
                if check_feed_name(&name).is_ok() {
                    entries.push(entry(&url, &name, &t.iter().map(String::as_str).collect::<Vec<_>>()));
                }
            }
            let mut back = parse_opml(&export_opml(&entries)).map_err(TestCaseError::fail)?;
            back.sort_by(|x, y| x.url.cmp(&y.url));
            let mut want = entries.clone();
            want.sort_by(|x, y| x.url.cmp(&y.url));
            prop_assert_eq!(back, want);
        }
    }
}
