//! One pass over a feed's XML before feed-rs reads it: fixing what makes
//! feed-rs drop a whole feed, and reading what it throws away.
//!
//! feed-rs is strict where real feeds are not, and loses the whole file for
//! one element. The pass rewrites, copying every other byte as it is:
//!
//! - an `<rss>` root without `version`, or with one feed-rs does not know
//!   (`0.93`, `0.94`, `2.01`...): read as RSS 2.0, the upward-compatible
//!   dialect;
//! - namespace URIs written another way than feed-rs expects
//!   ([`canonical_namespace`]): RSS 0.90's `my.netscape.com/rdf/simple/0.9/`
//!   and UserLand's RSS 2.0 namespaces as RSS, Atom 0.3's
//!   `purl.org/atom/ns#` as Atom, Media RSS and iTunes URIs without their
//!   trailing slash, in another case or over https;
//! - Atom text constructs: a `type` feed-rs refuses (`text/plain`,
//!   `application/xhtml+xml`, anything unknown) becomes `text`, `xhtml` or
//!   `html`; an empty `<title/>`, `<summary></summary>`... (which feed-rs
//!   calls missing content) is dropped; base64 text (Atom 0.3's
//!   `mode="base64"`, or an Atom 1.0 `type` naming a media type that is
//!   neither text nor XML) is decoded when it is UTF-8 text;
//! - items right under `<rss>`: a `<channel>` is put around them when there
//!   is none, and a channel closed before them ends with the root instead
//!   (items before the channel stay outside it: feed-rs does not see them);
//! - RSS 1.1 (a `<Channel>` root in `http://purl.org/net/rss1.1#`, its
//!   items in `<items>`): written as RSS 2.0's `<rss><channel>`, without
//!   the `<items>` wrapper.
//!
//! Line ends are kept, so a line feed-rs reports is a line of the file.
//!
//! It also reads what feed-rs keeps one of: every date field of each item
//! ([`RawItem`]), so that the best that can be read is taken (publication
//! before creation before modification, then the first written; see
//! [`super::date_field`]) rather than the last one written (feed-rs stores `<pubDate>` and
//! `<dc:date>` in one field, and a bad later one empties it).
//!
//! If the XML cannot be read, the text goes to feed-rs unchanged, which
//! then reports the error.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::date_field::{DateCandidates, date_rank};

/// The text for feed-rs and what the pass read.
#[derive(Debug)]
pub(super) struct Prepared<'a> {
    pub text: Cow<'a, str>,
    /// One per item or entry feed-rs will return, in order; None when the
    /// pass could not read the XML.
    pub items: Option<Vec<RawItem>>,
    /// The name of the root element, with its prefix, if the pass read it.
    pub root: Option<String>,
    /// Warnings about what the pass left out.
    pub notes: Vec<super::page::LineNote>,
}

/// What an item holds that feed-rs keeps only one of.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct RawItem {
    /// Every date element of the item (`pubDate`, `dc:date`, `published`,
    /// `updated`...), named with its prefix, for the project's one date
    /// reader to pick from ([`DateCandidates::pick`]).
    pub dates: DateCandidates,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    Rss,
    /// RSS 1.1: a `<Channel>` root in [`RSS_1_1`], its items in `<items>`.
    Rss11,
    Rdf,
    Atom,
    Other,
}

/// RSS 1.1's namespace, without scheme and trailing `#`.
const RSS_1_1: &str = "purl.org/net/rss1.1";

fn is_rss_1_1(uri: &str) -> bool {
    let lower = uri.trim().to_ascii_lowercase();
    lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
        .is_some_and(|bare| bare.trim_end_matches(['/', '#']) == RSS_1_1)
}

/// Where an `<rss>` item is, which decides whether feed-rs will see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// In the first `<channel>` (or an item of any other root).
    FirstChannel,
    /// A child of `<rss>` itself; `after_channel`: a `<channel>` came
    /// before it.
    Loose { after_channel: bool },
}

/// The RSS versions feed-rs reads as they are.
const KNOWN_RSS_VERSIONS: [&str; 4] = ["2.0", "0.91", "0.92", ""];

/// The URI feed-rs knows for a namespace written another way, if it is one.
pub(super) fn canonical_namespace(uri: &str) -> Option<&'static str> {
    let lower = uri.trim().to_ascii_lowercase();
    let bare = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))?
        .trim_end_matches(['/', '#']);
    let canonical = match bare {
        "purl.org/rss/1.0"
        | "my.netscape.com/rdf/simple/0.9"
        | "channel.netscape.com/rdf/simple/0.9"
        | "backend.userland.com/rss"
        | "backend.userland.com/rss2"
        | "backend.userland.com/rss2.1"
        | "blogs.law.harvard.edu/tech/rss" => "http://purl.org/rss/1.0/",
        "www.w3.org/2005/atom" | "purl.org/atom/ns" => "http://www.w3.org/2005/Atom",
        "purl.org/rss/1.0/modules/content" => "http://purl.org/rss/1.0/modules/content/",
        "purl.org/dc/elements/1.1" => "http://purl.org/dc/elements/1.1/",
        "search.yahoo.com/mrss" | "video.search.yahoo.com/mrss" | "tools.search.yahoo.com/mrss" => {
            "http://search.yahoo.com/mrss/"
        }
        "www.itunes.com/dtds/podcast-1.0.dtd" | "itunes.com/dtds/podcast-1.0.dtd" => {
            "http://www.itunes.com/dtds/podcast-1.0.dtd"
        }
        "podcastindex.org/namespace/1.0" => "https://podcastindex.org/namespace/1.0",
        "wellformedweb.org/commentapi" => "http://wellformedweb.org/CommentAPI/",
        _ => return None,
    };
    (canonical != uri).then_some(canonical)
}

fn prefix_of(qname: &str) -> Option<&str> {
    qname.split_once(':').map(|(p, _)| p)
}

fn local_name(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// The `type` an Atom text construct should have for feed-rs, if it must
/// change: feed-rs knows `text`, `html`, `text/html` and `xhtml` (and, in
/// `<content>`, any media type).
fn atom_type(element: &str, value: &str) -> Option<&'static str> {
    let v = value.trim().to_ascii_lowercase();
    if matches!(v.as_str(), "text" | "html" | "xhtml" | "text/html") && v == value {
        return None;
    }
    let fixed = match v.as_str() {
        "text" | "text/plain" => "text",
        "html" | "text/html" | "escaped" => "html",
        t if t.ends_with("+xml") || t.ends_with("/xml") || t == "xhtml" => "xhtml",
        // a media type in <content> is read as such (base64 or escaped)
        t if element == "content" && t.contains('/') && value == t => return None,
        _ => "text",
    };
    Some(fixed)
}

const ATOM_TEXT_ELEMENTS: [&str; 6] = [
    "title", "subtitle", "summary", "rights", "content", "tagline",
];

/// A start tag rebuilt with changed attribute values, or None if nothing
/// changes. Line ends inside the tag are kept (at its end).
fn rewritten_start(
    e: &BytesStart<'_>,
    raw: &str,
    root: Option<Root>,
    atom_text: bool,
) -> Option<String> {
    let qname = e.name().into_inner();
    let local = local_name(qname);
    let mut attrs: Vec<(String, String)> = Vec::new();
    let mut changed = false;
    let mut has_version = false;
    for a in e.attributes() {
        let a = a.ok()?;
        let key = a.key.into_inner().to_string();
        let mut value = a.value.to_string();
        if key == "xmlns" || key.starts_with("xmlns:") {
            if let Some(c) = canonical_namespace(&value) {
                value = c.to_string();
                changed = true;
            }
        } else if root.is_none() && local == "rss" && key == "version" {
            has_version = true;
            if !KNOWN_RSS_VERSIONS.contains(&value.trim()) {
                value = "2.0".into();
                changed = true;
            }
        } else if atom_text
            && key == "type"
            && let Some(t) = atom_type(local, &value)
        {
            value = t.into();
            changed = true;
        }
        attrs.push((key, value));
    }
    if root.is_none() && local == "rss" && !has_version {
        attrs.push(("version".into(), "2.0".into()));
        changed = true;
    }
    if !changed {
        return None;
    }
    Some(start_tag(qname, &attrs, raw))
}

/// An item or entry being read.
struct OpenItem {
    depth: usize,
    place: Place,
    dates: DateCandidates,
    has_link: bool,
}

/// A direct child of an item being read: a date or the link.
struct OpenField {
    name: String,
    link: bool,
    value: String,
}

/// A start tag with these attributes, ending as `raw` does (`/>` or `>`),
/// with the line ends of `raw` kept.
fn start_tag(qname: &str, attrs: &[(String, String)], raw: &str) -> String {
    let mut out = format!("<{qname}");
    for (k, v) in attrs {
        let q = if v.contains('"') { '\'' } else { '"' };
        out.push_str(&format!(" {k}={q}{v}{q}"));
    }
    out.push_str(&"\n".repeat(raw.matches('\n').count()));
    out.push_str(if raw.ends_with("/>") { "/>" } else { ">" });
    out
}

/// Only the line ends of `raw`: what an element removed leaves.
fn line_ends(raw: &str) -> String {
    "\n".repeat(raw.matches('\n').count())
}

/// The `<Channel>` root of RSS 1.1 as RSS 2.0's `<rss><channel>`: without
/// the RSS 1.1 namespace, the other namespaces canonical.
fn rss_1_1_root(e: &BytesStart<'_>, raw: &str) -> Option<String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.ok()?;
        let key = a.key.into_inner().to_string();
        let value = a.value.to_string();
        if key.starts_with("xmlns") && is_rss_1_1(&value) {
            continue;
        }
        let value = match canonical_namespace(&value) {
            Some(c) if key.starts_with("xmlns") => c.to_string(),
            _ => value,
        };
        attrs.push((key, value));
    }
    let channel = start_tag("channel", &attrs, raw.trim_end_matches("/>"));
    let close = if raw.ends_with("/>") {
        "</channel></rss>"
    } else {
        ""
    };
    Some(format!("<rss version=\"2.0\">{channel}{close}"))
}

/// An Atom text construct whose text is base64 (Atom 0.3's
/// `mode="base64"`, or Atom 1.0's `type` naming a media type that is
/// neither text nor XML): the `type` its decoded text gets.
fn base64_type(e: &BytesStart<'_>) -> Option<&'static str> {
    let attr = |name: &str| {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .map(|a| a.value.trim().to_ascii_lowercase())
    };
    let kind = attr("type");
    if attr("mode").as_deref() == Some("base64") {
        return Some(match kind.as_deref() {
            None | Some("text" | "text/plain" | "") => "text",
            Some(_) => "html",
        });
    }
    let kind = kind?;
    let textual = kind.starts_with("text/")
        || kind.ends_with("/xml")
        || kind.ends_with("+xml")
        || !kind.contains('/');
    (!textual).then_some("html")
}

/// Base64 text decoded, if it is base64 of UTF-8 text (no control
/// characters but line ends and tabs), escaped for XML with its line ends
/// as character references, then as many line ends as `raw` had.
fn decoded_base64(encoded: &str, raw: &str) -> Option<String> {
    use base64::Engine;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let compact: String = encoded.split_ascii_whitespace().collect();
    let text = String::from_utf8(LENIENT.decode(compact).ok()?).ok()?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out.push_str(&line_ends(raw));
    Some(out)
}

/// A base64 text construct being read.
struct OpenBase64 {
    depth: usize,
    /// Its start tag, and that tag with the decoded text's type.
    tag: Range<usize>,
    new_tag: String,
    /// Where its text starts.
    text_from: usize,
    edits_before: usize,
    encoded: String,
}

/// The pass (see the module documentation).
pub(super) fn prepare(text: &str) -> Prepared<'_> {
    let unchanged = |text| Prepared {
        text,
        items: None,
        root: None,
        notes: Vec::new(),
    };
    if !text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .starts_with('<')
    {
        return unchanged(Cow::Borrowed(text));
    }
    match scan(text) {
        Some((edits, items, root)) => Prepared {
            text: apply(text, &edits),
            items: Some(items),
            root,
            notes: Vec::new(),
        },
        None => unchanged(Cow::Borrowed(text)),
    }
}

fn apply<'a>(text: &'a str, edits: &[(Range<usize>, String)]) -> Cow<'a, str> {
    if edits.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (range, with) in edits {
        out.push_str(text.get(at..range.start).unwrap_or_default());
        out.push_str(with);
        at = range.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    Cow::Owned(out)
}

type Scan = (Vec<(Range<usize>, String)>, Vec<RawItem>, Option<String>);

fn scan(text: &str) -> Option<Scan> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<String> = Vec::new();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut items: Vec<(Place, RawItem)> = Vec::new();
    let mut root: Option<Root> = None;
    // where the root's start tag ends and its end tag starts, and the first
    // channel's end tag: for items outside the channel
    let mut root_open_end = 0;
    let mut root_close: Option<usize> = None;
    let mut first_channel_close: Option<Range<usize>> = None;
    let mut base64: Option<OpenBase64> = None;
    let mut atom_prefix: Option<String> = None;
    let mut root_name: Option<String> = None;
    let mut channel_seen = false;
    let mut in_first_channel = false;
    let mut item: Option<OpenItem> = None;
    let mut field: Option<OpenField> = None;
    // an Atom text element opened and empty so far: where it started and
    // how many edits there were before it
    let mut empty_since: Option<(usize, usize)> = None;
    loop {
        let start = usize::try_from(reader.buffer_position()).ok()?;
        let event = reader.read_event().ok()?;
        let end = usize::try_from(reader.buffer_position()).ok()?;
        let raw = text.get(start..end)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                empty_since = None;
                let qname = e.name().into_inner().to_string();
                let local = local_name(&qname).to_string();
                let no_src = e.try_get_attribute("src").ok().flatten().is_none();
                // an Atom text construct: in the root's namespace (its
                // prefix), not Media RSS's <media:title> or <media:content>;
                // a <content src=...> holds a media type and no text
                let atom_text = root == Some(Root::Atom)
                    && prefix_of(&qname) == atom_prefix.as_deref()
                    && ATOM_TEXT_ELEMENTS.contains(&local.as_str())
                    && !stack.is_empty()
                    && no_src;
                let edits_before = edits.len();
                let depth = stack.len();
                base64 = None;
                let rss_1_1 = root.is_none()
                    && local == "Channel"
                    && e.attributes()
                        .flatten()
                        .any(|a| a.key.into_inner().starts_with("xmlns") && is_rss_1_1(&a.value));
                if rss_1_1 {
                    edits.push((start..end, rss_1_1_root(e, raw)?));
                } else if root == Some(Root::Rss11) && depth == 1 && local == "items" {
                    edits.push((start..end, line_ends(raw)));
                } else if let Some(tag) = rewritten_start(e, raw, root, atom_text) {
                    edits.push((start..end, tag));
                }
                if root.is_none() {
                    atom_prefix = prefix_of(&qname).map(str::to_string);
                    root_name = Some(qname.clone());
                    root_open_end = end;
                    root = Some(match local.as_str() {
                        _ if rss_1_1 => Root::Rss11,
                        "rss" => Root::Rss,
                        "RDF" => Root::Rdf,
                        "feed" => Root::Atom,
                        _ => Root::Other,
                    });
                }
                if atom_text
                    && !empty
                    && let Some(kind) = base64_type(e)
                {
                    let mut attrs: Vec<(String, String)> = e
                        .attributes()
                        .flatten()
                        .map(|a| (a.key.into_inner().to_string(), a.value.to_string()))
                        .filter(|(k, _)| k != "mode" && k != "type")
                        .collect();
                    attrs.push(("type".into(), kind.into()));
                    base64 = Some(OpenBase64 {
                        depth,
                        tag: start..end,
                        new_tag: start_tag(&qname, &attrs, raw),
                        text_from: end,
                        edits_before,
                        encoded: String::new(),
                    });
                }
                if atom_text {
                    if empty {
                        edits.truncate(edits_before);
                        edits.push((start..end, "\n".repeat(raw.matches('\n').count())));
                    } else {
                        empty_since = Some((start, edits_before));
                    }
                }
                if root == Some(Root::Rss) && depth == 1 && local == "channel" && !channel_seen {
                    channel_seen = true;
                    in_first_channel = !empty;
                }
                let place = match root {
                    Some(Root::Rss) if in_first_channel && depth == 2 && qname == "item" => {
                        Some(Place::FirstChannel)
                    }
                    Some(Root::Rss) if depth == 1 && qname == "item" => Some(Place::Loose {
                        after_channel: channel_seen,
                    }),
                    Some(Root::Rss11)
                        if depth == 2
                            && local == "item"
                            && stack.get(1).is_some_and(|p| local_name(p) == "items") =>
                    {
                        Some(Place::FirstChannel)
                    }
                    Some(Root::Rdf) if depth == 1 && qname == "item" => Some(Place::FirstChannel),
                    Some(Root::Atom) if depth == 1 && local == "entry" => Some(Place::FirstChannel),
                    _ => None,
                };
                if let Some(place) = place {
                    let open = OpenItem {
                        depth,
                        place,
                        dates: DateCandidates::default(),
                        has_link: false,
                    };
                    if empty {
                        close_item(open, root, &mut items);
                    } else {
                        item = Some(open);
                    }
                } else if let Some(it) = &item
                    && depth == it.depth + 1
                    && !empty
                {
                    let date = date_rank(&qname).is_some();
                    if date || local == "link" {
                        field = Some(OpenField {
                            name: qname.clone(),
                            link: !date,
                            value: String::new(),
                        });
                    }
                }
                if !empty {
                    stack.push(qname);
                }
            }
            Event::End(_) => {
                if let Some((from, edits_before)) = empty_since.take() {
                    edits.truncate(edits_before);
                    let removed = text.get(from..end)?;
                    edits.push((from..end, "\n".repeat(removed.matches('\n').count())));
                }
                let closed = stack.pop().unwrap_or_default();
                let depth = stack.len();
                if let Some(b) = base64.take_if(|b| b.depth == depth)
                    && let Some(decoded) = decoded_base64(&b.encoded, text.get(b.text_from..start)?)
                {
                    edits.truncate(b.edits_before);
                    edits.push((b.tag, b.new_tag));
                    edits.push((b.text_from..start, decoded));
                }
                match root {
                    Some(Root::Rss11) if depth == 0 => {
                        edits.push((start..end, format!("</channel></rss>{}", line_ends(raw))));
                    }
                    Some(Root::Rss11) if depth == 1 && local_name(&closed) == "items" => {
                        edits.push((start..end, line_ends(raw)));
                    }
                    Some(Root::Rss) if depth == 0 => root_close = Some(start),
                    Some(Root::Rss) if depth == 1 && in_first_channel => {
                        first_channel_close = Some(start..end);
                    }
                    _ => {}
                }
                if let Some(it) = &mut item {
                    if depth == it.depth + 1
                        && let Some(f) = field.take()
                    {
                        if f.link {
                            it.has_link |= !f.value.trim().is_empty();
                        } else {
                            it.dates.offer(&f.name, &f.value, None);
                        }
                    } else if depth == it.depth
                        && let Some(done) = item.take()
                    {
                        close_item(done, root, &mut items);
                    }
                }
                if root == Some(Root::Rss) && depth == 1 {
                    in_first_channel = false;
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                if !s.trim().is_empty() {
                    empty_since = None;
                }
                if let Some(b) = &mut base64 {
                    b.encoded.push_str(&s);
                }
                if let Some(f) = &mut field {
                    f.value.push_str(&s);
                }
            }
            Event::CData(c) => {
                empty_since = None;
                if let Some(b) = &mut base64 {
                    b.encoded.push_str(&c.xml10_content());
                }
                if let Some(f) = &mut field {
                    f.value.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                empty_since = None;
                base64 = None;
                if let Some(f) = &mut field {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match &*r {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    if let Some(c) = resolved {
                        f.value.push(c);
                    }
                }
            }
            Event::PI(_) => empty_since = None,
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::DocType(_) => {}
        }
    }
    let loose = items.iter().any(|(p, _)| *p != Place::FirstChannel);
    let keep: fn(Place) -> bool = match (loose, first_channel_close, root_close) {
        // items right under <rss>, no channel: one around them all
        (true, None, Some(close)) if !channel_seen => {
            edits.push((root_open_end..root_open_end, "<channel>".into()));
            edits.push((close..close, "</channel>".into()));
            |p| {
                p == Place::Loose {
                    after_channel: false,
                }
            }
        }
        // items after the channel: it ends where the root does
        (true, Some(channel_close), Some(close)) => {
            edits.push((channel_close, String::new()));
            edits.push((close..close, "</channel>".into()));
            |p| {
                p != Place::Loose {
                    after_channel: false,
                }
            }
        }
        _ => |p| p == Place::FirstChannel,
    };
    edits.sort_by_key(|(range, _)| range.start);
    let items = items
        .into_iter()
        .filter(|(p, _)| keep(*p))
        .map(|(_, item)| item)
        .collect();
    Some((edits, items, root_name))
}

/// An item as feed-rs will see it: RSS 1.0 items without a link are dropped
/// by feed-rs, so they are here too.
fn close_item(it: OpenItem, root: Option<Root>, items: &mut Vec<(Place, RawItem)>) {
    if root == Some(Root::Rdf) && !it.has_link {
        return;
    }
    items.push((it.place, RawItem { dates: it.dates }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text_of(t: &str) -> String {
        prepare(t).text.into_owned()
    }

    #[test]
    fn rss_without_a_known_version_becomes_2_0() {
        assert_eq!(
            text_of("<rss><channel/></rss>"),
            "<rss version=\"2.0\"><channel/></rss>"
        );
        assert_eq!(
            text_of("<rss\n  version='0.94'\n>x</rss>"),
            "<rss version=\"2.0\"\n\n>x</rss>"
        );
        for kept in [
            "<rss version=\"2.0\">x</rss>",
            "<rss version=\"0.91\">x</rss>",
        ] {
            assert!(matches!(prepare(kept).text, Cow::Borrowed(_)), "{kept}");
        }
        // only the root
        assert_eq!(
            text_of("<feed><rss>x</rss></feed>"),
            "<feed><rss>x</rss></feed>"
        );
    }

    #[test]
    fn namespaces_are_made_canonical() {
        let t = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><item/></rdf:RDF>";
        assert_eq!(
            text_of(t),
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><item/></rdf:RDF>"
        );
        assert_eq!(
            canonical_namespace("http://www.itunes.com/DTDs/Podcast-1.0.dtd"),
            Some("http://www.itunes.com/dtds/podcast-1.0.dtd")
        );
        assert_eq!(
            canonical_namespace("http://search.yahoo.com/mrss"),
            Some("http://search.yahoo.com/mrss/")
        );
        assert_eq!(
            canonical_namespace("http://purl.org/atom/ns#"),
            Some("http://www.w3.org/2005/Atom")
        );
        assert_eq!(canonical_namespace("http://purl.org/rss/1.0/"), None);
        assert_eq!(canonical_namespace("http://example.com/x"), None);
    }

    #[test]
    fn atom_text_types_and_empty_elements() {
        let t = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text/plain\">T</title>\n<entry><title type='text'></title><summary/><content type=\"application/xhtml+xml\"><div>x</div></content><rights type=\"application/octet-stream\">eA==</rights><content type=\"audio/mpeg\" src=\"a.mp3\"/></entry></feed>";
        assert_eq!(
            text_of(t),
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">T</title>\n<entry><content type=\"xhtml\"><div>x</div></content><rights type=\"html\">x</rights><content type=\"audio/mpeg\" src=\"a.mp3\"/></entry></feed>"
        );
        // Media RSS's title and content are no Atom text constructs
        let media = "<feed><entry><media:title type=\"plain\">m</media:title><media:content url=\"u\" type=\"video/mp4\"/><atom:title/></entry></feed>";
        assert!(matches!(prepare(media).text, Cow::Borrowed(_)));
        assert_eq!(
            text_of("<atom:feed><atom:entry><atom:title/><title/></atom:entry></atom:feed>"),
            "<atom:feed><atom:entry><title/></atom:entry></atom:feed>"
        );
        // a title that only holds a comment is empty too; one with a
        // character reference is not
        assert_eq!(
            text_of(
                "<feed><entry><title>\n<!-- c -->\n</title><summary>&#65;</summary></entry></feed>"
            ),
            "<feed><entry>\n\n<summary>&#65;</summary></entry></feed>"
        );
    }

    #[test]
    fn dates_of_each_item_in_the_order_to_try() {
        let t = "<rss version=\"2.0\"><channel><pubDate>1</pubDate>\
            <item><updated>u</updated><pubDate>Mon, 16 Oct 2017 15:10:00 +0000</pubDate><dc:date>1518478934</dc:date><source><pubDate>no</pubDate></source></item>\
            <item/>\
            <item><dc:date><![CDATA[ 2020 ]]>&amp;</dc:date></item>\
            </channel><channel><item/></channel></rss>";
        let items = prepare(t).items.unwrap();
        assert_eq!(items.len(), 3);
        let utc = crate::zone::Zone::utc();
        // the publication date, not the modification written first
        assert_eq!(
            items[0].dates.pick(utc).map(|p| p.iso8601()),
            Ok("2017-10-16T15:10:00+00:00".to_string())
        );
        assert!(items[1].dates.is_empty());
        // what could not be read, in the order written, values resolved
        let unread: Vec<(String, String)> = items[2]
            .dates
            .pick(utc)
            .unwrap_err()
            .into_iter()
            .map(|u| (u.key, u.raw))
            .collect();
        assert_eq!(unread, [("dc:date".to_string(), "2020 &".to_string())]);
        let t = "<feed><entry><atom:updated>x</atom:updated><dcterms:modified>y</dcterms:modified><created>z</created></entry></feed>";
        let keys: Vec<String> = prepare(t).items.unwrap()[0]
            .dates
            .pick(utc)
            .unwrap_err()
            .into_iter()
            .map(|u| u.key)
            .collect();
        assert_eq!(keys, ["atom:updated", "dcterms:modified", "created"]);
    }

    #[test]
    fn rss_1_items_without_a_link_are_not_counted() {
        let t = "<RDF><channel/><item><link> </link></item><item><link>http://a</link><dc:date>d</dc:date></item></RDF>";
        let items = prepare(t).items.unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(
            items[0].dates.pick(crate::zone::Zone::utc()).unwrap_err()[0].raw,
            "d"
        );
    }

    #[test]
    fn base64_text_is_decoded_keeping_its_lines() {
        // Atom 0.3's mode="base64", the type naming the decoded text's
        let t = "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry>\n<title mode=\"base64\">\nQSAmIEI=\n</title>\n<summary type=\"text/html\" mode=\"base64\">PHA+SGk8L3A+</summary></entry></feed>";
        assert_eq!(
            text_of(t),
            "<feed version=\"0.3\" xmlns=\"http://www.w3.org/2005/Atom\"><entry>\n<title type=\"text\">A &amp; B\n\n</title>\n<summary type=\"html\">&lt;p&gt;Hi&lt;/p&gt;</summary></entry></feed>"
        );
        // Atom 1.0: a media type that is neither text nor XML; decoded line
        // ends become references, so lines still count true
        let t = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"application/octet-stream\">\n  TGluZSAxCkxpbmUgMg\n</content></entry></feed>";
        assert_eq!(
            text_of(t),
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"html\">Line 1&#10;Line 2\n\n</content></entry></feed>"
        );
        // not base64, or base64 of binary: left as it was
        for kept in [
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"application/pdf\">not base64!</content></entry></feed>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"image/png\">iVBORw0KGgo=</content></entry></feed>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"text/plain\">QSAmIEI=</content></entry></feed>",
        ] {
            assert!(!text_of(kept).contains("type=\"html\""), "{kept}");
        }
        // outside Atom, mode="base64" means nothing
        let rss = "<rss version=\"2.0\"><channel><item><title mode=\"base64\">QSAmIEI=</title></item></channel></rss>";
        assert_eq!(text_of(rss), rss);
    }

    #[test]
    fn items_outside_the_channel_are_moved_into_one() {
        // no channel at all
        let t = "<rss version=\"2.0\">\n<title>T</title>\n<item><pubDate>a</pubDate></item>\n<item/>\n</rss>";
        let p = prepare(t);
        assert_eq!(
            p.text,
            "<rss version=\"2.0\"><channel>\n<title>T</title>\n<item><pubDate>a</pubDate></item>\n<item/>\n</channel></rss>"
        );
        assert_eq!(p.items.unwrap().len(), 2);
        // after the channel: the channel ends with the root; an item before
        // it stays outside and is not counted
        let t = "<rss><item><pubDate>x</pubDate></item><channel><title>T</title><item><pubDate>a</pubDate></item></channel>\n<item><pubDate>b</pubDate></item></rss>";
        let p = prepare(t);
        assert_eq!(
            p.text,
            "<rss version=\"2.0\"><item><pubDate>x</pubDate></item><channel><title>T</title><item><pubDate>a</pubDate></item>\n<item><pubDate>b</pubDate></item></channel></rss>"
        );
        let dates: Vec<String> = p
            .items
            .unwrap()
            .iter()
            .map(|i| {
                i.dates.pick(crate::zone::Zone::utc()).unwrap_err()[0]
                    .raw
                    .clone()
            })
            .collect();
        assert_eq!(dates, ["a", "b"]);
        // items in the channel only: unchanged
        let t = "<rss version=\"2.0\"><channel><item/></channel></rss>";
        assert!(matches!(prepare(t).text, Cow::Borrowed(_)));
    }

    #[test]
    fn rss_1_1_is_read_as_rss_2_0() {
        let t = "<Channel xmlns=\"http://purl.org/net/rss1.1#\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n rdf:about=\"http://x/\">\n<title>T</title>\n<items rdf:parseType=\"Collection\">\n<item rdf:about=\"http://x/1\"><title>One</title><dc:date>d</dc:date></item>\n</items>\n</Channel>";
        let p = prepare(t);
        assert_eq!(
            p.text,
            "<rss version=\"2.0\"><channel xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" rdf:about=\"http://x/\"\n>\n<title>T</title>\n\n<item rdf:about=\"http://x/1\"><title>One</title><dc:date>d</dc:date></item>\n\n</channel></rss>"
        );
        let unread = p.items.unwrap()[0]
            .dates
            .pick(crate::zone::Zone::utc())
            .unwrap_err();
        assert_eq!(unread[0].raw, "d");
        assert_eq!(p.root.as_deref(), Some("Channel"));
        // a <Channel> in another namespace (CDF) is no RSS 1.1
        let cdf = "<CHANNEL HREF=\"http://x/\"><ITEM/></CHANNEL>";
        assert_eq!(text_of(cdf), cdf);
    }

    #[test]
    fn broken_xml_and_json_pass_unchanged() {
        for t in ["<rss><channel></item></rss>", "{\"items\": []}", "<rss"] {
            let p = prepare(t);
            assert_eq!(p.text, t);
            assert!(p.items.is_none(), "{t}");
        }
    }

    proptest! {
        #[test]
        fn any_text_is_no_panic(t in "\\PC{0,200}") {
            let p = prepare(&t);
            if p.items.is_none() {
                prop_assert_eq!(p.text.as_ref(), t.as_str());
            }
        }

        #[test]
        fn line_ends_are_kept(t in "(<(rss|feed|entry|title|item|pubDate)( version=\"0.9\"| type=\"text/plain\"| xmlns=\"http://search.yahoo.com/mrss\")?/?>|</(rss|feed|entry|title|item)>|\n|x|&amp;){0,30}") {
            let p = prepare(&t);
            prop_assert_eq!(p.text.matches('\n').count(), t.matches('\n').count());
        }
    }
}
