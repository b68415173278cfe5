//! The text of a feed item, from the best field it has, and its enclosures.
//!
//! Body, the first non-empty of:
//!
//! 1. the content (`content:encoded`, Atom `<content>`, JSON `content_html`
//!    / `content_text`);
//! 2. the summary (`<description>`, Atom `<summary>`, JSON `summary`);
//! 3. a media description: Media RSS `media:description` (YouTube's Atom
//!    entries keep their text in `media:group/media:description`), then the
//!    podcast's `itunes:summary`.
//!
//! HTML becomes paragraphs through [`super::html`]; plain text is split into
//! paragraphs at line ends.
//!
//! Enclosures (RSS `<enclosure>`, Atom `rel="enclosure"` links, JSON Feed
//! `attachments`, Media RSS `media:content` that is not an image) are listed after the text, one
//! paragraph each: `enclosure: URL (audio/mpeg, 12.3 MB)`, so that the
//! reader numbers them with the other links for `o` and `y`.

use feed_rs::model::{Entry, Text};

use super::clean::clean_line;
use super::html::{html_to_paragraphs, looks_like_html};

fn is_plain(t: &Text) -> bool {
    t.content_type.to_string().starts_with("text/plain")
}

/// Plain text: one paragraph per non-empty line.
pub(super) fn plain_paragraphs(s: &str) -> Vec<String> {
    s.lines()
        .map(clean_line)
        .filter(|l| !l.is_empty())
        .collect()
}

fn text_paragraphs(t: &Text) -> Vec<String> {
    if is_plain(t) && !looks_like_html(&t.content) {
        plain_paragraphs(&t.content)
    } else {
        html_to_paragraphs(&t.content)
    }
}

/// The item's text (see the module documentation), without enclosures.
pub(super) fn body_of(e: &Entry) -> Vec<String> {
    if let Some(c) = &e.content
        && let Some(body) = c.body.as_deref().filter(|b| !b.trim().is_empty())
    {
        let ct = c.content_type.to_string();
        let paragraphs = if ct.starts_with("text/plain") {
            plain_paragraphs(body)
        } else {
            html_to_paragraphs(body)
        };
        if !paragraphs.is_empty() {
            return paragraphs;
        }
    }
    let media = e.media.iter().filter_map(|m| m.description.as_ref());
    for t in e.summary.iter().chain(media) {
        let paragraphs = text_paragraphs(t);
        if !paragraphs.is_empty() {
            return paragraphs;
        }
    }
    Vec::new()
}

/// A size in bytes as people read it.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// One paragraph per enclosure, each address once, the item's own link
/// left out. `json`: the entry is a JSON Feed item, whose attachments
/// feed-rs keeps as links with a media type (and no `rel`).
pub(super) fn enclosures_of(e: &Entry, own_link: Option<&str>, json: bool) -> Vec<String> {
    let mut found: Vec<(String, Option<String>, Option<u64>)> = Vec::new();
    for m in &e.media {
        for c in &m.content {
            let Some(url) = &c.url else { continue };
            let kind = c.content_type.as_ref().map(ToString::to_string);
            if kind.as_deref().is_some_and(|k| k.starts_with("image/")) {
                continue;
            }
            found.push((url.as_str().to_string(), kind, c.size));
        }
    }
    for l in &e.links {
        let attachment = json && l.rel.is_none() && l.media_type.is_some();
        if attachment || l.rel.as_deref() == Some("enclosure") {
            found.push((l.href.clone(), l.media_type.clone(), l.length));
        }
    }
    let mut seen: Vec<String> = own_link.map(str::to_string).into_iter().collect();
    let mut out = Vec::new();
    for (url, kind, bytes) in found {
        let url = clean_line(&url);
        if url.is_empty() || url.contains(' ') || seen.contains(&url) {
            continue;
        }
        let about: Vec<String> = kind
            .map(|k| clean_line(&k))
            .filter(|k| !k.is_empty())
            .into_iter()
            .chain(bytes.filter(|b| *b > 0).map(size))
            .collect();
        let line = if about.is_empty() {
            format!("enclosure: {url}")
        } else {
            format!("enclosure: {url} ({})", about.join(", "))
        };
        out.push(clean_line(&line));
        seen.push(url);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size(999), "999 B");
        assert_eq!(size(12_345_678), "12.3 MB");
        assert_eq!(size(u64::MAX), "18446744.1 TB");
    }
}
