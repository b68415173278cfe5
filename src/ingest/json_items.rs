//! A `.json` file whose top level is an array, as scrapers dump them: read as
//! a list of items when its objects look like articles, else skipped with
//! the reason (it used to become one article titled `[`).
//!
//! Each object is one article; the first key present (any case) of each
//! list gives:
//!
//! - title: `title`, `headline`, `name`, `subject`;
//! - link: `url`, `link`, `href`, `permalink`, `external_url`, `source_url`;
//! - date: any key that names a date (`date`, `published`, `pubDate`,
//!   `published_at`, `created_at`, `timestamp`, `updated`, ...: see
//!   [`super::date_field::date_rank`]) holding a text date or a number of
//!   seconds or milliseconds since 1970: the best that can be read
//!   (publication before creation before modification);
//! - text: `content_html`, `content`, `content_text`, `body`, `text`,
//!   `article`, `description`, `summary`, `abstract`, `sapo` (HTML if it
//!   looks like HTML, else one paragraph per line);
//! - id: `id`, `guid`, `uuid`; author: `author` (text, or an object's
//!   `name`), `byline`, `creator`; source: `source`, `site`, `publisher`,
//!   `category`.
//!
//! The file is read when at least one object has a title, a link or a text;
//! objects with none of them (and values that are no objects) are skipped
//! with a warning. Ids and keys as for feeds ([`item_key`]).

use serde_json::{Map, Value};

use super::clean::clean_line;
use super::date_field::DateCandidates;
use super::feed_body::plain_paragraphs;
use super::formats::{ItemKeys, ParseOptions, derived_title, item_key, short_title};
use super::html::{html_to_line, html_to_paragraphs, looks_like_html};
use super::page::LineNote;
use crate::article::{Article, Published};
use crate::zone::Zone;

pub(super) const TITLE: &[&str] = &["title", "headline", "name", "subject"];
pub(super) const LINK: &[&str] = &[
    "url",
    "link",
    "href",
    "permalink",
    "external_url",
    "source_url",
];
pub(super) const TEXT: &[&str] = &[
    "content_html",
    "content",
    "content_text",
    "body",
    "text",
    "article",
    "description",
    "summary",
    "abstract",
    "sapo",
];
pub(super) const ID: &[&str] = &["id", "guid", "uuid"];
pub(super) const AUTHOR: &[&str] = &["author", "byline", "creator"];
const SOURCE: &[&str] = &["source", "site", "publisher", "category"];

/// Does the text open with `[` (after whitespace and a BOM)?
pub fn is_json_array(text: &str) -> bool {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with('[')
}

/// The values of the keys of `names` present in `o`, in the order of
/// `names`, matched in any case.
pub(super) fn values<'a>(o: &'a Map<String, Value>, names: &[&str]) -> Vec<&'a Value> {
    names
        .iter()
        .flat_map(|n| {
            o.iter()
                .filter(move |(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| v)
        })
        .collect()
}

/// A value as one line of text: a string, a number, or an object's `name`.
pub(super) fn line_of(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => clean_line(s),
        Value::Number(n) => n.to_string(),
        Value::Object(o) => o.get("name").and_then(line_of)?,
        Value::Array(a) => a.iter().find_map(line_of)?,
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

pub(super) fn first_line(o: &Map<String, Value>, names: &[&str]) -> Option<String> {
    values(o, names).into_iter().find_map(line_of)
}

fn text_of(o: &Map<String, Value>) -> Vec<String> {
    for v in values(o, TEXT) {
        let Value::String(s) = v else { continue };
        let paragraphs = if looks_like_html(s) {
            html_to_paragraphs(s)
        } else {
            plain_paragraphs(s)
        };
        if !paragraphs.is_empty() {
            return paragraphs;
        }
    }
    Vec::new()
}

/// Every key of `o` that names a date ([`super::date_field::date_rank`])
/// and holds a text or a number.
pub(super) fn date_fields(o: &Map<String, Value>) -> DateCandidates {
    let mut dates = DateCandidates::default();
    for (key, v) in o {
        match v {
            Value::String(s) => dates.offer(key, s, None),
            Value::Number(n) => dates.offer(key, &n.to_string(), None),
            _ => false,
        };
    }
    dates
}

fn date_of(o: &Map<String, Value>, zone: Zone) -> Option<Published> {
    date_fields(o).pick(zone).ok()
}

/// Read a JSON array (already decoded). Err: the file gives nothing, and
/// why.
pub fn parse_json_array(
    rel_path: &str,
    text: &str,
    opts: &ParseOptions,
) -> Result<(Vec<Article>, Vec<LineNote>), LineNote> {
    let values: Vec<Value> = serde_json::from_str(text).map_err(|e| LineNote {
        line: (e.line() > 0).then_some(e.line()),
        message: clean_line(&format!("not valid JSON: {e}")),
    })?;
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut keys = ItemKeys::default();
    let mut seen_keys: Vec<String> = Vec::new();
    for (n, v) in values.iter().enumerate() {
        let item = n + 1;
        let Value::Object(o) = v else {
            continue;
        };
        for k in o.keys() {
            if seen_keys.len() < 8 && !seen_keys.contains(k) {
                seen_keys.push(clean_line(k));
            }
        }
        let title = first_line(o, TITLE)
            .map(|t| {
                if looks_like_html(&t) {
                    html_to_line(&t)
                } else {
                    t
                }
            })
            .filter(|t| !t.is_empty());
        let link = first_line(o, LINK).filter(|l| !l.contains(' '));
        let paragraphs = text_of(o);
        let title = match (title, paragraphs.first(), &link) {
            (Some(t), _, _) => short_title(&t),
            (None, Some(first), _) => derived_title(first),
            (None, None, Some(l)) => short_title(l),
            (None, None, None) => continue,
        };
        let published = date_of(o, opts.zone);
        let when = published
            .and_then(|p| match p.instant {
                Some(i) => Published::at(i, Zone::utc()),
                None => Some(p),
            })
            .map(|p| Published { instant: None, ..p }.iso8601());
        let id = first_line(o, ID).unwrap_or_default();
        let hash_input = format!("{title}\n{}", when.unwrap_or_default());
        let (key, _) = keys.unique(item_key(&id, link.as_deref(), &hash_input));
        if published.is_none() {
            notes.push(LineNote {
                line: None,
                message: format!("item {item} (\"{title}\") has no date; listed as undated"),
            });
        }
        out.push(Article {
            id: format!("{rel_path}#{key}"),
            title,
            published,
            views: None,
            source: first_line(o, SOURCE),
            paragraphs,
            link,
            author: first_line(o, AUTHOR),
        });
    }
    if out.is_empty() {
        let objects = values.iter().filter(|v| v.is_object()).count();
        let what = if objects == 0 {
            format!("a JSON array of {} values and no objects", values.len())
        } else {
            format!(
                "a JSON array of {objects} objects without a title, url or text (keys: {})",
                seen_keys.join(", ")
            )
        };
        return Err(LineNote {
            line: None,
            message: format!(
                "{what}: not a list of articles (xemtin reads arrays of objects with keys such as title, url, date, content)"
            ),
        });
    }
    let skipped = values.len() - out.len();
    if skipped > 0 {
        notes.push(LineNote {
            line: None,
            message: format!(
                "{skipped} of {} values are no object with a title, url or text; skipped",
                values.len()
            ),
        });
    }
    Ok((out, notes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn opts() -> ParseOptions {
        ParseOptions { zone: Zone::utc() }
    }

    #[test]
    fn scraper_dumps_become_items() {
        let t = r#"[
          {"headline": "Mưa lớn ở Huế", "URL": "https://tin.example.vn/1", "published_at": 1601543400, "body": "Đoạn một.\nĐoạn hai.", "author": {"name": "Lan"}},
          {"title": "<b>Bold</b> news", "link": "https://tin.example.vn/2", "date": "not yet", "updated": "2020-10-02T08:00:00+07:00", "content": "<p>HTML <i>body</i></p>"},
          {"text": "Only text here"},
          42
        ]"#;
        let (a, notes) = parse_json_array("dump.json", t, &opts()).unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].id, "dump.json#https://tin.example.vn/1");
        assert_eq!(a[0].title, "Mưa lớn ở Huế");
        assert_eq!(
            a[0].published.map(|p| p.iso8601()).as_deref(),
            Some("2020-10-01T09:10:00+00:00")
        );
        assert_eq!(a[0].paragraphs, ["Đoạn một.", "Đoạn hai."]);
        assert_eq!(a[0].author.as_deref(), Some("Lan"));
        assert_eq!(
            a[1].published.map(|p| p.iso8601()).as_deref(),
            Some("2020-10-02T01:00:00+00:00")
        );
        assert_eq!(a[1].title, "Bold news");
        assert_eq!(a[1].paragraphs, ["HTML body"]);
        assert_eq!(a[2].title, "Only text here");
        assert_eq!(a[2].published, None);
        let messages: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "item 3 (\"Only text here\") has no date; listed as undated",
                "1 of 4 values are no object with a title, url or text; skipped"
            ]
        );
    }

    #[test]
    fn arrays_of_other_things_are_skipped_with_the_reason() {
        let e = parse_json_array("n.json", "[1, 2, 3]", &opts()).unwrap_err();
        assert!(
            e.message
                .starts_with("a JSON array of 3 values and no objects"),
            "{e:?}"
        );
        let e = parse_json_array("p.json", r#"[{"x": 1, "y": 2}]"#, &opts()).unwrap_err();
        assert!(e.message.contains("(keys: x, y)"), "{e:?}");
        // found by the property below: a title that is all markup is none
        let e = parse_json_array("t.json", r#"[{"title": "<a"}]"#, &opts()).unwrap_err();
        assert!(e.message.contains("without a title"), "{e:?}");
        let e = parse_json_array("b.json", "[\n{\"title\": ", &opts()).unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
        assert!(e.message.starts_with("not valid JSON"), "{e:?}");
    }

    proptest! {
        #[test]
        fn any_array_is_no_panic(t in "\\[(\\{\"(title|url|date|body|x)\": (\"[a-z<>/ ]{0,8}\"|[0-9]{1,14}|null|\\[\\]|\\{\\})\\},? ?){0,6}\\]?") {
            if let Ok((articles, _)) = parse_json_array("a.json", &t, &opts()) {
                prop_assert!(articles.iter().all(|a| !a.title.is_empty()));
            }
        }
    }
}
