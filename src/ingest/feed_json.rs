//! The pass over a JSON feed before feed-rs reads it: any JSON object with
//! an `items` array is read as a JSON Feed, however loosely it follows the
//! specification.
//!
//! feed-rs's JSON Feed model refuses the whole file for one field: a
//! `version` that is not `https://jsonfeed.org/version/1...` (real feeds
//! write `1.0`, `1.1`, `http://jsonfeed.org/version/1` or nothing), a
//! missing top-level `title`, an item `id` that is a number, a tag that is
//! no string, an attachment without `mime_type`, or any field of another
//! type than the specification's. This pass parses the JSON itself
//! (serde_json) and writes it again in the form feed-rs accepts, keeping
//! what can be read of each field and leaving out the rest:
//!
//! - the version is always `https://jsonfeed.org/version/1.1`; the feed's
//!   title is its `title` (text or number), else empty (the feed is then
//!   untitled);
//! - each element of `items` that is an object is one item; other values
//!   are skipped with a warning;
//! - an item's fields are read by their JSON Feed names first, then by the
//!   names scraper dumps use ([`super::json_items`]): title (`headline`,
//!   ...), link (`link`, `href`, ...), id (a number as text; `guid`,
//!   `uuid`), text (`content`, `body`, `description`, ... when it has none
//!   of `content_html`, `content_text`, `summary`), author (a string, an
//!   object's `name`, a list of either; `byline`, `creator`);
//! - tags: a list of texts or numbers, or one text; attachments: objects
//!   with a `url`, of type `application/octet-stream` when they name none;
//! - dates are not given to feed-rs: every date field of an item
//!   (`date_published`, `date_modified`, `date`, `pubDate`, ...: any key
//!   [`super::date_field::date_rank`] knows; a text, or a number of seconds
//!   or milliseconds since 1970) is kept in the item's [`RawItem`], so that
//!   the best that can be read is taken, as for XML feeds.
//!
//! A JSON object without an `items` array, or whose items hold no object,
//! is no feed: the file is skipped with the reason (and the keys it has).

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use super::clean::clean_line;
use super::feed_prep::{Prepared, RawItem};
use super::html::looks_like_html;
use super::json_items::{AUTHOR, ID, LINK, TEXT, TITLE, date_fields, first_line, line_of, values};
use super::page::LineNote;

/// The version feed-rs reads.
const VERSION: &str = "https://jsonfeed.org/version/1.1";

/// The JSON Feed's own names for an item's text, read as they are.
const CONTENT_FIELDS: [&str; 3] = ["content_html", "content_text", "summary"];

/// Does the text open with `{` (after whitespace and a BOM)?
pub(super) fn is_json_object(text: &str) -> bool {
    json_start(text).starts_with('{')
}

fn json_start(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// The pass (see the module documentation), for text that
/// [`is_json_object`]. Err: the file is no JSON Feed, and why.
pub(super) fn prepare_json(text: &str) -> Result<Prepared<'static>, LineNote> {
    let top: Value = serde_json::from_str(json_start(text)).map_err(|e| LineNote {
        line: (e.line() > 0).then_some(e.line() + leading_lines(text)),
        message: clean_line(&format!("not valid JSON: {e}")),
    })?;
    let Value::Object(top) = top else {
        return Err(no_feed("the JSON is no object"));
    };
    let items = match values(&top, &["items"]).first().copied() {
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(no_feed(&format!(
                "its \"items\" is {}, not a list of items",
                kind(other)
            )));
        }
        None => {
            let keys: Vec<String> = top.keys().take(8).map(|k| clean_line(k)).collect();
            return Err(no_feed(&format!(
                "a JSON object without an \"items\" list (keys: {})",
                keys.join(", ")
            )));
        }
    };
    let objects: Vec<&Map<String, Value>> = items.iter().filter_map(Value::as_object).collect();
    if objects.is_empty() && !items.is_empty() {
        return Err(no_feed(&format!(
            "its {} items are no JSON objects",
            items.len()
        )));
    }
    let mut notes = Vec::new();
    let skipped = items.len() - objects.len();
    if skipped > 0 {
        notes.push(LineNote {
            line: None,
            message: format!(
                "{skipped} of {} items are no JSON object; skipped",
                items.len()
            ),
        });
    }
    let (canonical, raw): (Vec<Value>, Vec<RawItem>) = objects.into_iter().map(item).unzip();
    let mut feed = Map::new();
    feed.insert("version".into(), VERSION.into());
    feed.insert(
        "title".into(),
        first_line(&top, &["title"]).unwrap_or_default().into(),
    );
    for name in [
        "home_page_url",
        "feed_url",
        "description",
        "icon",
        "favicon",
        "language",
    ] {
        if let Some(s) = string(&top, name) {
            feed.insert(name.into(), s.into());
        }
    }
    insert_authors(&mut feed, &top, &["authors", "author"]);
    feed.insert("items".into(), Value::Array(canonical));
    Ok(Prepared {
        text: Cow::Owned(Value::Object(feed).to_string()),
        items: Some(raw),
        root: None,
        notes,
    })
}

/// Lines before the JSON starts (serde_json counts from where it starts).
fn leading_lines(text: &str) -> usize {
    let lead = text.len() - json_start(text).len();
    text.get(..lead).map_or(0, |l| l.matches('\n').count())
}

fn no_feed(why: &str) -> LineNote {
    LineNote {
        line: None,
        message: format!(
            "not a JSON Feed: {why} (xemtin reads a JSON object whose \"items\" list holds objects with keys such as title, url, date_published, content_html)"
        ),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The value of `name` (any case) if it is a non-blank string, as written.
fn string<'a>(o: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    values(o, &[name])
        .into_iter()
        .find_map(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// One item: what feed-rs reads, and its date fields.
fn item(o: &Map<String, Value>) -> (Value, RawItem) {
    let mut out = Map::new();
    if let Some(id) = first_line(o, ID) {
        out.insert("id".into(), id.into());
    }
    if let Some(url) = first_line(o, LINK).filter(|l| !l.contains(' ')) {
        out.insert("url".into(), url.into());
    }
    if let Some(external) = string(o, "external_url") {
        out.insert("external_url".into(), external.into());
    }
    if let Some(title) = first_line(o, TITLE) {
        out.insert("title".into(), title.into());
    }
    let mut has_text = false;
    for name in CONTENT_FIELDS {
        if let Some(s) = string(o, name) {
            out.insert(name.into(), s.into());
            has_text = true;
        }
    }
    if !has_text
        && let Some(s) = values(o, TEXT)
            .into_iter()
            .filter_map(Value::as_str)
            .find(|s| !s.trim().is_empty())
    {
        let name = if looks_like_html(s) {
            "content_html"
        } else {
            "content_text"
        };
        out.insert(name.into(), s.into());
    }
    let authors: Vec<&str> = ["authors"]
        .into_iter()
        .chain(AUTHOR.iter().copied())
        .collect();
    insert_authors(&mut out, o, &authors);
    if let Some(tags) = o.get("tags").map(tags_of).filter(|t| !t.is_empty()) {
        out.insert("tags".into(), tags.into());
    }
    let attachments: Vec<Value> = match o.get("attachments") {
        Some(Value::Array(a)) => a.iter().filter_map(attachment).collect(),
        Some(one) => attachment(one).into_iter().collect(),
        None => Vec::new(),
    };
    if !attachments.is_empty() {
        out.insert("attachments".into(), attachments.into());
    }
    (
        Value::Object(out),
        RawItem {
            dates: date_fields(o),
        },
    )
}

/// A person as feed-rs reads one: `{"name", "url"}`; from a text, or an
/// object with a name (or only a url).
fn person(v: &Value) -> Option<Value> {
    match v {
        Value::String(s) => {
            let name = clean_line(s);
            (!name.is_empty()).then(|| json!({ "name": name }))
        }
        Value::Object(o) => {
            let name = first_line(o, &["name"]);
            let url = string(o, "url");
            if name.is_none() && url.is_none() {
                return None;
            }
            let mut p = Map::new();
            if let Some(n) = name {
                p.insert("name".into(), n.into());
            }
            if let Some(u) = url {
                p.insert("url".into(), u.into());
            }
            Some(Value::Object(p))
        }
        _ => None,
    }
}

/// The people of the first of `names` that holds any, as feed-rs's
/// `authors` list.
fn insert_authors(out: &mut Map<String, Value>, o: &Map<String, Value>, names: &[&str]) {
    let people = values(o, names).into_iter().find_map(|v| {
        let people: Vec<Value> = match v {
            Value::Array(a) => a.iter().filter_map(person).collect(),
            one => person(one).into_iter().collect(),
        };
        (!people.is_empty()).then_some(people)
    });
    if let Some(people) = people {
        out.insert("authors".into(), people.into());
    }
}

fn tags_of(v: &Value) -> Vec<Value> {
    let one = |v: &Value| line_of(v).map(Value::String);
    match v {
        Value::Array(a) => a.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

fn attachment(v: &Value) -> Option<Value> {
    let o = v.as_object()?;
    let url = string(o, "url")?;
    let mut a = Map::new();
    a.insert("url".into(), url.into());
    a.insert(
        "mime_type".into(),
        string(o, "mime_type")
            .unwrap_or("application/octet-stream")
            .into(),
    );
    if let Some(t) = first_line(o, &["title"]) {
        a.insert("title".into(), t.into());
    }
    let size = match o.get("size_in_bytes") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    if let Some(size) = size {
        a.insert("size_in_bytes".into(), size.into());
    }
    Some(Value::Object(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::Zone;
    use proptest::prelude::*;

    fn canonical(t: &str) -> Value {
        serde_json::from_str(&prepare_json(t).unwrap().text).unwrap()
    }

    #[test]
    fn any_version_and_no_title_is_a_json_feed() {
        for version in [
            "\"1.0\"",
            "\"1.1\"",
            "\"http://jsonfeed.org/version/1\"",
            "\"https://jsonfeed.org/version/1.1\"",
            "2",
            "null",
        ] {
            let t = format!(r#"{{"version": {version}, "items": [{{"id": "a", "title": "T"}}]}}"#);
            let c = canonical(&t);
            assert_eq!(c["version"], VERSION, "{t}");
            assert_eq!(c["title"], "", "{t}");
            assert_eq!(c["items"][0]["title"], "T", "{t}");
        }
        let c = canonical(r#"{"items": [], "title": 2024}"#);
        assert_eq!(c["title"], "2024");
        assert_eq!(c["items"], json!([]));
    }

    #[test]
    fn fields_of_other_types_are_read_or_left_out() {
        let t = r#"{"title": "F", "author": "Ann", "icon": 3, "items": [
            {"id": 123456, "url": "https://a.example/1", "title": "One",
             "content_html": "<p>x</p>", "summary": null,
             "tags": ["a", 2, null, {"x": 1}], "authors": [{"name": "Bo", "url": 4}, 7],
             "attachments": [{"url": "https://a.example/a.mp3", "size_in_bytes": "12"}, {"mime_type": "x/y"}],
             "date_published": 1518478934, "date_modified": "2020-01-01"},
            "no object",
            {"headline": "Two", "link": "https://a.example/2", "body": "plain text", "tags": "one", "pubDate": "Mon, 16 Oct 2017 15:10:00 +0000"}
        ]}"#;
        let p = prepare_json(t).unwrap();
        let c: Value = serde_json::from_str(&p.text).unwrap();
        assert_eq!(
            c,
            json!({
                "version": VERSION,
                "title": "F",
                "authors": [{"name": "Ann"}],
                "items": [
                    {"id": "123456", "url": "https://a.example/1", "title": "One",
                     "content_html": "<p>x</p>", "tags": ["a", "2"],
                     "authors": [{"name": "Bo"}],
                     "attachments": [{"url": "https://a.example/a.mp3", "mime_type": "application/octet-stream", "size_in_bytes": 12}]},
                    {"url": "https://a.example/2", "title": "Two", "content_text": "plain text", "tags": ["one"]}
                ]
            })
        );
        // the publication date before the modification, whatever the order
        let dates: Vec<Option<String>> = p
            .items
            .as_ref()
            .unwrap()
            .iter()
            .map(|i| i.dates.pick(Zone::utc()).ok().map(|d| d.iso8601()))
            .collect();
        assert_eq!(
            dates,
            [
                Some("2018-02-12T23:42:14+00:00".to_string()),
                Some("2017-10-16T15:10:00+00:00".to_string())
            ]
        );
        assert_eq!(p.notes.len(), 1);
        assert_eq!(
            p.notes[0].message,
            "1 of 3 items are no JSON object; skipped"
        );
    }

    #[test]
    fn objects_without_items_are_no_feed() {
        let e = prepare_json("{\"version\": \"1\", \"title\": \"x\"}").unwrap_err();
        assert!(
            e.message.starts_with(
                "not a JSON Feed: a JSON object without an \"items\" list (keys: title, version)"
            ),
            "{e:?}"
        );
        let e = prepare_json("{\"items\": {\"a\": 1}}").unwrap_err();
        assert!(
            e.message.contains("its \"items\" is an object, not a list"),
            "{e:?}"
        );
        let e = prepare_json("{\"items\": [1, \"two\"]}").unwrap_err();
        assert!(
            e.message.contains("its 2 items are no JSON objects"),
            "{e:?}"
        );
        let e = prepare_json("\n\n{\"items\": [\n{\"title\": }]}").unwrap_err();
        assert_eq!(e.line, Some(4), "{e:?}");
        assert!(e.message.starts_with("not valid JSON"), "{e:?}");
        assert!(is_json_object("\u{feff} {}"));
        assert!(!is_json_object("[{}]"));
    }

    /// Any JSON value, with keys an item or a feed may have.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| json!(f)),
            "[a-z<>/: ]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map(
                    "(id|url|title|name|content_html|content_text|summary|tags|authors|author|attachments|mime_type|size_in_bytes|date_published|body|link|x)",
                    inner,
                    0..5
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Whatever the fields hold, feed-rs reads what the pass writes,
        /// one entry per item object.
        #[test]
        fn feed_rs_reads_every_prepared_feed(
            top in prop::collection::btree_map("(version|title|author|authors|icon)", any_json(), 0..4),
            items in prop::collection::vec(any_json(), 0..5),
        ) {
            let mut top: Map<String, Value> = top.into_iter().collect();
            top.insert("items".into(), Value::from(items.clone()));
            let t = Value::Object(top).to_string();
            let objects = items.iter().filter(|v| v.is_object()).count();
            match prepare_json(&t) {
                Ok(p) => {
                    let feed = feed_rs::parser::parse(p.text.as_bytes());
                    prop_assert!(feed.is_ok(), "{t}\n{}\n{feed:?}", p.text);
                    prop_assert_eq!(feed.unwrap().entries.len(), objects);
                    prop_assert_eq!(p.items.map_or(0, |i| i.len()), objects);
                }
                Err(_) => prop_assert!(objects == 0 && !items.is_empty()),
            }
        }

        #[test]
        fn any_text_is_no_panic(t in "\\PC{0,200}") {
            let _ = prepare_json(&t);
        }
    }
}
