//! RSS 0.9x / 1.0 / 2.0, Atom and JSON Feed files, through feed-rs: one
//! article per item.
//!
//! - source: the feed's title; link: the item's `alternate` (or unnamed)
//!   link, else its first link; author: the item's first named author, else
//!   the feed's;
//! - date: the first of the item's date fields that can be read
//!   ([`super::feed_dates`]), publication dates (`pubDate`, `dc:date`,
//!   `published`, `issued`, `created`) before modification dates
//!   (`updated`, `modified`), each in document order (read by
//!   [`super::feed_prep`], since feed-rs keeps one of them), else the feed's
//!   (published, then updated), else undated with a warning that names the
//!   fields that could not be read; converted to the display offset;
//! - title: HTML entities decoded and tags stripped when it holds any
//!   (feeds often escape HTML in titles twice); an item without a title takes
//!   the start of its text (JSON Feed and microblog items have none);
//! - body: the item's content, else its summary/description, else a media
//!   description or `itunes:summary`, then its enclosures
//!   ([`super::feed_body`]);
//! - an item with neither title nor body is skipped with a warning; a feed
//!   that gives no article is skipped (an error, so `check` fails);
//! - id key: see [`super::formats::item_key`].
//!
//! Before feed-rs, [`super::feed_prep`] fixes what would make it refuse the
//! whole feed or lose its items (an `<rss>` without version or without a
//! channel around its items, RSS 1.1, namespaces written another way, Atom
//! text types, empty elements and base64 text), and [`super::feed_json`] does the
//! same for JSON (any version, no title, fields of other types).
//!
//! The text is decoded before it gets here, so the XML declaration's
//! encoding is replaced by UTF-8 before feed-rs (which would otherwise decode
//! the text a second time). feed-rs does not report where XML is malformed:
//! the line is found by parsing ever shorter prefixes of the file
//! (`error_line`).

use chrono::{DateTime, Utc};
use feed_rs::model::{Feed, Link};
use feed_rs::parser::{Builder, ParseFeedError};

use super::clean::clean_line;
use super::date_field::parse_date_field;
use super::feed_body::{body_of, enclosures_of};
use super::feed_json::{is_json_object, prepare_json};
use super::feed_prep::{Prepared, RawItem, prepare};
use super::formats::{ItemKeys, ParseOptions, derived_title, item_key, short_title};
use super::html::{html_to_line, looks_like_html};
use super::page::LineNote;
use crate::article::{Article, Published};
use crate::zone::Zone;

/// Above this size a malformed feed is reported without a line: finding it
/// takes about 20 parses of the file.
const LOCATE_ERRORS_UP_TO: usize = 4 * 1024 * 1024;

/// A date feed-rs reads itself (the feed's own), as an instant: read by the
/// project's date reader; a floating date is taken as UTC, one without a
/// time at midnight.
fn feed_instant(raw: &str, zone: Zone) -> Option<DateTime<Utc>> {
    let p = parse_date_field(raw, zone)?;
    if let Some(i) = p.instant {
        return DateTime::from_timestamp(i, 0);
    }
    Some(p.date.and_time(p.time.unwrap_or_default()).and_utc())
}

/// feed-rs over text already through [`prepare`].
fn parse_raw(text: &str, zone: Zone) -> Result<Feed, ParseFeedError> {
    let text = without_declared_encodings(text);
    Builder::new()
        // No invented ids: an item without one gets ours (link, then hash).
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(move |s| feed_instant(s, zone))
        .build()
        .parse(text.as_bytes())
}

/// The text with the `encoding` of every XML declaration (`<?xml ... ?>`)
/// renamed `ENCODING`, which nothing reads: the text is UTF-8 already, and
/// quick-xml (under feed-rs) panics when a declaration past the start of
/// the file names another encoding ("set_encoding() called after prefix
/// buffer was drained"). CDATA sections and comments are left alone: text
/// there is content, not markup. Byte lengths are kept, so lines count true.
fn without_declared_encodings(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<?xml") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // One pass: at each `<`, a CDATA section or comment is copied whole, a
    // declaration is copied with its `encoding` renamed.
    while let Some(at) = rest.find('<') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let Some((markup, close)) = [("<![CDATA[", "]]>"), ("<!--", "-->"), ("<?xml", "?>")]
            .into_iter()
            .find(|(m, _)| from.starts_with(m))
        else {
            out.push('<');
            rest = from.get(1..).unwrap_or_default();
            continue;
        };
        let end = from
            .get(markup.len()..)
            .and_then(|r| r.find(close))
            .map_or(from.len(), |i| markup.len() + i + close.len());
        let (piece, after) = from.split_at(end);
        if markup == "<?xml" {
            out.push_str(&piece.replace("encoding", "ENCODING"));
        } else {
            out.push_str(piece);
        }
        rest = after;
    }
    out.push_str(rest);
    out.into()
}

/// Replace the encoding named in a leading XML declaration by UTF-8, keeping
/// the line ends inside the declaration so that lines still count true.
fn utf8_declaration(text: &str) -> std::borrow::Cow<'_, str> {
    let lead = text.len() - text.trim_start().len();
    let Some(rest) = text.get(lead..).and_then(|r| r.strip_prefix("<?xml")) else {
        return text.into();
    };
    let Some(end) = rest.find("?>") else {
        return text.into();
    };
    let decl = rest.get(..end).unwrap_or_default();
    if !decl.contains("encoding") {
        return text.into();
    }
    let newlines = "\n".repeat(decl.matches('\n').count());
    let after = rest.get(end + 2..).unwrap_or_default();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{newlines}{after}").into()
}

/// The message for a feed that cannot be read, and its line if known.
/// `root`: the name of the XML root element, if known.
fn feed_error(text: &str, e: &ParseFeedError, root: Option<&str>) -> LineNote {
    use feed_rs::parser::ParseErrorKind;
    let (line, message) = match e {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => (
            None,
            match root {
                Some(r) if r.rsplit(':').next() == Some("rss") => {
                    format!("not a feed: the <{r}> root holds no <channel> element with the feed")
                }
                Some(r) => format!(
                    "not a feed: the root element is <{r}>, not <rss>, <rdf:RDF> or Atom <feed>"
                ),
                None => "not a feed: no <rss>, <rdf:RDF> or Atom <feed> root element, and not a JSON Feed"
                    .to_string(),
            },
        ),
        ParseFeedError::JsonSerde(j) => (
            (j.line() > 0).then_some(j.line()),
            format!("not a valid JSON Feed: {j}"),
        ),
        ParseFeedError::JsonUnsupportedVersion(v) => {
            (None, format!("unsupported JSON Feed version {v:?}"))
        }
        other => (error_line(text, other), format!("malformed feed: {other}")),
    };
    LineNote {
        line,
        message: clean_line(&message),
    }
}

/// Where an XML error is: the smallest prefix of the text that fails with
/// the same message ends on the offending line. Errors about the end of the
/// input are on the last line. Best effort: `None` for big files.
fn error_line(text: &str, e: &ParseFeedError) -> Option<usize> {
    if text.len() > LOCATE_ERRORS_UP_TO {
        return None;
    }
    let message = e.to_string();
    let line_at = |pos: usize| 1 + text.get(..pos).map_or(0, |p| p.matches('\n').count());
    if message.contains("end of input") || message.contains("EOF") {
        return Some(line_at(text.trim_end().len()));
    }
    let same = |len: usize| {
        text.get(..len).is_some_and(|p| {
            parse_raw(&prepare(p).text, Zone::utc()).is_err_and(|e| e.to_string() == message)
        })
    };
    let (mut lo, mut hi) = (0, text.len());
    // Invariant: `same(hi)`; the answer is in lo..=hi.
    while lo < hi {
        let mut mid = lo + (hi - lo) / 2;
        while !text.is_char_boundary(mid) {
            mid += 1;
        }
        if mid >= hi {
            break;
        }
        if same(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(line_at(hi.saturating_sub(1)))
}

/// A feed's date is an instant (every feed format gives a zone): shown in
/// `zone`, to the second.
fn to_local(dt: DateTime<Utc>, zone: Zone) -> Option<Published> {
    Published::at(dt.timestamp(), zone)
}

/// A title or name: tags and entities resolved when it holds any.
fn text_line(s: &str) -> String {
    if looks_like_html(s) {
        html_to_line(s)
    } else {
        clean_line(s)
    }
}

fn link_of(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| links.first())
        .map(|l| clean_line(&l.href))
        .filter(|l| !l.is_empty())
}

fn author_of(people: &[feed_rs::model::Person]) -> Option<String> {
    people
        .iter()
        .filter_map(|p| p.name.as_deref().or(p.email.as_deref()))
        .map(text_line)
        .find(|n| !n.is_empty())
}

/// Whether `text` (decoded) is a feed xemtin can read, items or not; Err:
/// why not, as [`parse_feed`] would say it. For `fetch`, which keeps a
/// download only if it is one.
pub fn check_feed(text: &str) -> Result<(), String> {
    check_feed_ttl(text).map(|_| ())
}

/// [`check_feed`], giving the feed's RSS `<ttl>` (minutes) if it has one.
pub fn check_feed_ttl(text: &str) -> Result<Option<u32>, String> {
    let text = utf8_declaration(text);
    let prepared = prepared(&text).map_err(|e| e.message)?;
    parse_raw(&prepared.text, Zone::utc())
        .map(|feed| feed.ttl)
        .map_err(|e| feed_error(&text, &e, prepared.root.as_deref()).message)
}

/// The text through the JSON pass if it is a JSON object, else through the
/// XML pass. Err: JSON that is no feed.
fn prepared(text: &str) -> Result<Prepared<'_>, LineNote> {
    if is_json_object(text) {
        prepare_json(text)
    } else {
        Ok(prepare(text))
    }
}

/// The best date of `raw` that can be read; else the fields that could
/// not be, as `pubDate "soon", dc:date "x"` (empty if it has none).
fn item_date(raw: &RawItem, zone: Zone) -> Result<Published, String> {
    raw.dates.pick(zone).map_err(|unread| {
        unread
            .iter()
            .map(|d| {
                let value = super::page::shorten(&d.raw, 40);
                format!("{} \"{value}\"", d.key)
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Parse a feed file (already decoded). Ok: the articles (at least one) and
/// warnings; Err: the file gives nothing, and why.
pub fn parse_feed(
    rel_path: &str,
    text: &str,
    opts: &ParseOptions,
) -> Result<(Vec<Article>, Vec<LineNote>), LineNote> {
    let text = utf8_declaration(text);
    let prepared = prepared(&text)?;
    let feed = parse_raw(&prepared.text, opts.zone)
        .map_err(|e| feed_error(&text, &e, prepared.root.as_deref()))?;
    // what the pass read lines up with feed-rs's entries only if it counted
    // the same items
    let raw_items = prepared
        .items
        .filter(|items| items.len() == feed.entries.len())
        .unwrap_or_default();
    let source = feed
        .title
        .as_ref()
        .map(|t| text_line(&t.content))
        .filter(|s| !s.is_empty());
    let feed_date = feed.published.or(feed.updated);
    let feed_author = author_of(&feed.authors);
    let name = source.as_deref().unwrap_or("(untitled feed)");
    if feed.entries.is_empty() {
        return Err(LineNote {
            line: None,
            message: format!(
                "feed \"{name}\" has no items: nothing to list (an empty or placeholder feed?)"
            ),
        });
    }
    let json = feed.feed_type == feed_rs::model::FeedType::JSON;
    let mut notes = prepared.notes;
    let mut out: Vec<Article> = Vec::with_capacity(feed.entries.len());
    let mut keys = ItemKeys::default();
    for (n, e) in feed.entries.iter().enumerate() {
        let item = n + 1;
        let title = e
            .title
            .as_ref()
            .map(|t| text_line(&t.content))
            .unwrap_or_default();
        let link = link_of(&e.links);
        let mut paragraphs = body_of(e);
        paragraphs.extend(enclosures_of(e, link.as_deref(), json));
        let title = match (title.is_empty(), paragraphs.first()) {
            (false, _) => short_title(&title),
            (true, Some(first)) => derived_title(first),
            (true, None) => {
                notes.push(LineNote {
                    line: None,
                    message: format!("item {item} has neither a title nor any text; skipped"),
                });
                continue;
            }
        };
        let picked = raw_items.get(n).map(|r| item_date(r, opts.zone));
        let published = picked.clone().and_then(Result::ok).or_else(|| {
            e.published
                .or(e.updated)
                .or(feed_date)
                .and_then(|dt| to_local(dt, opts.zone))
        });
        if published.is_none() {
            let fields = picked.and_then(Result::err).unwrap_or_default();
            let message = if fields.is_empty() {
                format!("item {item} (\"{title}\") has no date; listed as undated")
            } else {
                format!(
                    "item {item} (\"{title}\") has no date that can be read ({fields}); listed as undated"
                )
            };
            notes.push(LineNote {
                line: None,
                message,
            });
        }
        // The same in every zone: the instant as a UTC wall clock (what
        // the date gave under TZ=UTC before instants were kept, so those
        // ids stay as they were); a floating date as written.
        let when = published
            .and_then(|p| match p.instant {
                Some(i) => Published::at(i, Zone::utc()),
                None => Some(p),
            })
            .map(|p| Published { instant: None, ..p }.iso8601());
        let hash_input = format!("{title}\n{}", when.unwrap_or_default());
        let (key, repeated) = keys.unique(item_key(&e.id, link.as_deref(), &hash_input));
        if repeated {
            notes.push(LineNote {
                line: None,
                message: format!(
                    "item {item} (\"{title}\") has the same id as an earlier item; its key is \"{key}\""
                ),
            });
        }
        out.push(Article {
            id: format!("{rel_path}#{key}"),
            title,
            published,
            views: None,
            source: source.clone(),
            paragraphs,
            link,
            author: author_of(&e.authors).or_else(|| feed_author.clone()),
        });
    }
    if out.is_empty() {
        return Err(LineNote {
            line: None,
            message: format!(
                "feed \"{name}\" has {} items, none with a title or any text: nothing to list",
                feed.entries.len()
            ),
        });
    }
    Ok((out, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_is_rewritten_with_its_lines() {
        let t = "<?xml version=\"1.0\"\n encoding=\"windows-1258\"?>\n<rss/>";
        let u = utf8_declaration(t);
        assert_eq!(u, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n<rss/>");
        assert_eq!(utf8_declaration("<rss/>"), "<rss/>");
    }

    #[test]
    fn a_declaration_inside_the_feed_is_no_panic() {
        // Found by fuzzing: quick-xml panics on a second XML declaration
        // that names an encoding once its first buffer is read.
        let item = "<item><title>x</title><description>long enough to drain the first buffer of the reader</description></item>";
        let t = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>t</title>{}<item><title><?xml version=\"1.0\" encoding=\"windows-1258\"?>Banks</title></item>\n</channel></rss>",
            item.repeat(200)
        );
        let result = std::panic::catch_unwind(|| parse_feed("f.xml", &t, &ParseOptions::default()));
        let Ok(Ok((articles, _))) = result else {
            panic!("{:?}", result.map(|r| r.map(|(a, _)| a.len())));
        };
        assert_eq!(articles.len(), 201);
        assert_eq!(articles[200].title, "Banks");
    }

    #[test]
    fn declared_encodings_are_renamed_outside_cdata_and_comments() {
        let t = "<?xml encoding=\"x\"?><a><![CDATA[<?xml encoding=\"y\"?>]]><!-- <?xml encoding=\"z\"?> --><?xml encoding=\"w\"?></a>";
        let u = without_declared_encodings(t);
        assert_eq!(
            u,
            "<?xml ENCODING=\"x\"?><a><![CDATA[<?xml encoding=\"y\"?>]]><!-- <?xml encoding=\"z\"?> --><?xml ENCODING=\"w\"?></a>"
        );
        assert_eq!(u.len(), t.len());
        assert!(matches!(
            without_declared_encodings("<rss/>"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            without_declared_encodings("<?xml encoding"),
            "<?xml ENCODING"
        );
    }

    #[test]
    fn malformed_xml_reports_its_line() {
        let t = "<rss version=\"2.0\"><channel><title>x</title>\n<item>\n<title>a</title></itm>\n</item></channel></rss>";
        let e = parse_feed("f.xml", t, &ParseOptions::default()).unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        assert!(e.message.starts_with("malformed feed:"), "{e:?}");
        assert!(e.message.contains("</itm>"), "{e:?}");
    }
}
