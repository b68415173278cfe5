//! `[[feeds]]`: every file adds its feeds; a second use of a feed's address
//! or name (in ASCII lower case) is reported with where the first was.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{FEED_OPTIONS, FeedOrigin, Layer, Value, describe, did_you_mean, in_file_order};
use crate::config::feeds::{
    FeedEntry, check_feed_name, check_feed_url, check_tag, feed_name_from_url,
};

impl Layer<'_> {
    pub(super) fn feeds(&mut self, value: &Value<'_>) {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                value.span(),
                format!(
                    "feeds must be a list of [[feeds]] tables, not {}",
                    describe(value.get_ref())
                ),
            );
            return;
        };
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => self.feed(item.span(), t),
                other => self.error(
                    item.span(),
                    format!(
                        "each feed must be a table with url = \"https://...\", not {}",
                        describe(other)
                    ),
                ),
            }
        }
    }

    fn feed(&mut self, span: Range<usize>, table: &DeTable<'_>) {
        let mut url: Option<(String, Range<usize>)> = None;
        let mut name: Option<(String, Range<usize>)> = None;
        let mut tags = Vec::new();
        let mut every_minutes = None;
        let mut ok = true;
        let mut url_written = false;
        for (key, v) in in_file_order(table) {
            match key.get_ref().as_ref() {
                "url" => {
                    url_written = true;
                    let Some(s) = self.string("feeds.url", v) else {
                        ok = false;
                        continue;
                    };
                    match check_feed_url(s) {
                        Ok(()) => url = Some((s.to_string(), v.span())),
                        Err(why) => {
                            self.error(v.span(), format!("feeds.url \"{s}\" {why}"));
                            ok = false;
                        }
                    }
                }
                "name" => {
                    let Some(s) = self.string("feeds.name", v) else {
                        ok = false;
                        continue;
                    };
                    match check_feed_name(s) {
                        Ok(()) => name = Some((s.to_string(), v.span())),
                        Err(why) => {
                            self.error(v.span(), format!("feeds.name \"{s}\" {why}"));
                            ok = false;
                        }
                    }
                }
                "tags" => match self.tags(v) {
                    Some(t) => tags = t,
                    None => ok = false,
                },
                "every_minutes" => match self.every_minutes("feeds.every_minutes", v) {
                    Some(n) => every_minutes = Some(n),
                    None => ok = false,
                },
                other => {
                    self.error(
                        key.span(),
                        format!(
                            "unknown option \"{other}\" in [[feeds]]{}",
                            did_you_mean(other, FEED_OPTIONS)
                        ),
                    );
                    ok = false;
                }
            }
        }
        if !url_written {
            self.error(span, "a [[feeds]] table needs url = \"https://...\"");
            return;
        }
        let Some((url, url_span)) = url else { return };
        if !ok {
            return;
        }
        let (name, name_span, derived) = match name {
            Some((n, s)) => (n, s, false),
            None => (feed_name_from_url(&url), url_span.clone(), true),
        };
        let (line, _) = self.position(url_span.start);
        let here = self.index;
        let earlier = |o: &FeedOrigin, files: &[String]| {
            if o.layer == here {
                format!("line {}", o.line)
            } else {
                let file = files.get(o.layer).map_or("", String::as_str);
                format!("{file} line {}", o.line)
            }
        };
        let same_url = self
            .builder
            .feed_urls
            .get(&url)
            .and_then(|&i| self.builder.feeds.get(i))
            .map(|(_, o)| earlier(o, &self.builder.files));
        if let Some(at) = same_url {
            self.error(
                url_span,
                format!("feed \"{url}\" is already listed on {at}"),
            );
            return;
        }
        let same_name = self
            .builder
            .feed_names
            .get(&name.to_ascii_lowercase())
            .and_then(|&i| self.builder.feeds.get(i))
            .map(|(_, o)| earlier(o, &self.builder.files));
        if let Some(at) = same_name {
            let message = if derived {
                format!(
                    "feed name \"{name}\" (made from the url) is already used on {at}; \
                     give this feed its own name = \"...\""
                )
            } else {
                format!("feed name \"{name}\" is already used on {at}")
            };
            self.error(name_span, message);
            return;
        }
        let at = self.builder.feeds.len();
        self.builder.feed_urls.insert(url.clone(), at);
        self.builder
            .feed_names
            .insert(name.to_ascii_lowercase(), at);
        self.builder.feeds.push((
            FeedEntry {
                url,
                name,
                tags,
                every_minutes,
            },
            FeedOrigin { layer: here, line },
        ));
    }

    fn tags(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                v.span(),
                format!(
                    "feeds.tags must be a list such as [\"news\", \"local\"], not {}",
                    describe(v.get_ref())
                ),
            );
            return None;
        };
        let mut out: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut ok = true;
        for item in items.iter() {
            let Some(s) = self.string("each of feeds.tags", item) else {
                ok = false;
                continue;
            };
            if let Err(why) = check_tag(s) {
                self.error(item.span(), format!("tag \"{s}\" {why}"));
                ok = false;
            } else if !seen.insert(s) {
                self.error(item.span(), format!("tag \"{s}\" is listed twice"));
                ok = false;
            } else {
                out.push(s.to_string());
            }
        }
        ok.then_some(out)
    }
}
