//! Adding feeds to a user's config.toml without disturbing what is there.

use std::fmt::Write as _;

use toml::de::{DeTable, DeValue};

use super::opml::unique_name;
use crate::config::{
    FeedEntry, check_feed_name, check_feed_url, check_tag, feed_name_from_url, slugify, toml_string,
};

/// `config_text` with a `[[feeds]]` table appended for each feed of `new`
/// whose address it does not already hold (as a quoted string anywhere,
/// comments included, or as the url of a feed). The text is kept byte for
/// byte, comments and all, and the tables use its line ending.
///
/// Names are made unique against the feeds already there (a clash gets
/// `-2`, `-3`, ...); a name that cannot name a file is replaced by one made
/// from it or from the address; a name equal to the one the address would
/// give is left out; tags that are not valid are dropped; feeds whose
/// address is not a valid http(s) one are left out.
///
/// The result is meant to be checked with [`crate::config::load`] before it
/// is written: a file that defines `feeds = [...]` inline cannot take
/// `[[feeds]]` tables as well, and a file with a syntax error stays broken.
pub fn append_feeds_to_config(config_text: &str, new: &[FeedEntry]) -> String {
    let (mut urls, mut names) = existing_feeds(config_text);
    let newline = if config_text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut added = String::new();
    for feed in new {
        let url = feed.url.trim();
        if check_feed_url(url).is_err()
            || urls.iter().any(|u| u == url)
            || config_text.contains(&format!("\"{url}\""))
            || config_text.contains(&format!("'{url}'"))
        {
            continue;
        }
        let derived = feed_name_from_url(url);
        let wanted = if check_feed_name(&feed.name).is_ok() {
            feed.name.clone()
        } else {
            Some(slugify(&feed.name))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| derived.clone())
        };
        let name = unique_name(&wanted, |n| names.iter().any(|t| t.eq_ignore_ascii_case(n)));
        let mut tags: Vec<&String> = Vec::new();
        for tag in &feed.tags {
            if check_tag(tag).is_ok() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let _ = write!(
            added,
            "{newline}[[feeds]]{newline}url = {}{newline}",
            toml_string(url)
        );
        if name != derived {
            let _ = write!(added, "name = {}{newline}", toml_string(&name));
        }
        if !tags.is_empty() {
            let list: Vec<String> = tags.iter().map(|t| toml_string(t)).collect();
            let _ = write!(added, "tags = [{}]{newline}", list.join(", "));
        }
        urls.push(url.to_string());
        names.push(name);
    }
    if added.is_empty() {
        return config_text.to_string();
    }
    let mut out = config_text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(newline);
    }
    if out.is_empty() {
        // no blank line before the first table of an empty file
        added = added.split_off(newline.len());
    }
    out.push_str(&added);
    out
}

/// The addresses and names of the feeds a config text already lists, as far
/// as it can be read.
fn existing_feeds(text: &str) -> (Vec<String>, Vec<String>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (root, _) = DeTable::parse_recoverable(text);
    let mut urls = Vec::new();
    let mut names = Vec::new();
    let Some(feeds) = root.get_ref().get("feeds") else {
        return (urls, names);
    };
    let DeValue::Array(items) = feeds.get_ref() else {
        return (urls, names);
    };
    for item in items.iter() {
        let DeValue::Table(t) = item.get_ref() else {
            continue;
        };
        let url = t.get("url").and_then(|v| v.get_ref().as_str());
        let name = t.get("name").and_then(|v| v.get_ref().as_str());
        if let Some(url) = url {
            urls.push(url.to_string());
        }
        match (name, url) {
            (Some(n), _) => names.push(n.to_string()),
            (None, Some(u)) => names.push(feed_name_from_url(u)),
            (None, None) => {}
        }
    }
    (urls, names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    fn entry(url: &str, name: &str, tags: &[&str]) -> FeedEntry {
        FeedEntry {
            url: url.into(),
            name: name.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            every_minutes: None,
        }
    }

    fn feeds_of(text: &str) -> Vec<FeedEntry> {
        match config::load(Some(("appended.toml", text))) {
            Ok(c) => c.feeds,
            Err(e) => panic!("{e:#?}\n{text}"),
        }
    }

    #[test]
    fn appends_new_feeds_and_keeps_the_file() {
        let user = "# my settings\n[reader]\nmax_width = 80 # narrow\n\n[[feeds]]\nurl = \"https://a.example/rss\"\n# \"https://commented.example/rss\"\n[[feeds]]\nurl = \"https://b.example/x\"\nname = \"news\"";
        let new = vec![
            entry("https://a.example/rss", "a", &[]),
            entry("https://commented.example/rss", "c", &[]),
            entry(
                "https://c.example/feed",
                "news",
                &["bad,tag", "x \"quoted\" \\ y", "ok", "ok"],
            ),
            entry("https://d.example/feed?q=1", "d-example-feed-q-1", &[]),
            entry("https://e.example/rss", "Tin tức", &[]),
            entry("https://e.example/rss", "dup", &[]),
            entry("ftp://f.example/", "f", &[]),
            entry("https://a.example/rss2", "a-example-rss", &[]),
        ];
        let out = append_feeds_to_config(user, &new);
        assert!(out.starts_with(user), "{out}");
        assert_eq!(
            feeds_of(&out),
            vec![
                entry("https://a.example/rss", "a-example-rss", &[]),
                entry("https://b.example/x", "news", &[]),
                entry(
                    "https://c.example/feed",
                    "news-2",
                    &["x \"quoted\" \\ y", "ok"]
                ),
                entry("https://d.example/feed?q=1", "d-example-feed-q-1", &[]),
                entry("https://e.example/rss", "tin-tuc", &[]),
                entry("https://a.example/rss2", "a-example-rss-2", &[]),
            ]
        );
        assert!(!out.contains("name = \"d-example-feed-q-1\""), "{out}");
        // appending the same feeds again changes nothing
        assert_eq!(append_feeds_to_config(&out, &new), out);
    }

    #[test]
    fn empty_files_and_crlf() {
        let out = append_feeds_to_config("", &[entry("https://a.example/", "a", &["t"])]);
        assert_eq!(
            out,
            "[[feeds]]\nurl = \"https://a.example/\"\nname = \"a\"\ntags = [\"t\"]\n"
        );
        assert_eq!(feeds_of(&out).len(), 1);
        let crlf = "\u{feff}[ui]\r\ncolor = \"never\"\r\n";
        let out = append_feeds_to_config(crlf, &[entry("https://a.example/", "a", &[])]);
        assert!(out.starts_with(crlf));
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        assert_eq!(feeds_of(&out).len(), 1);
        assert_eq!(append_feeds_to_config(crlf, &[]), crlf);
    }
}
