//! `[[feeds]]`: the feeds `xemtin fetch` downloads. Plain checks on strings,
//! shared by the config loader, OPML import and `fetch`.

use std::fmt::Write as _;

/// One `[[feeds]]` entry, with its name resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedEntry {
    /// An `http://` or `https://` address, as written (checked by [`check_feed_url`]).
    pub url: String,
    /// The file name stem the feed is saved under (`feeds/<name>.xml`):
    /// ASCII letters, digits, `-`, `_`, `.`, see [`check_feed_name`].
    pub name: String,
    /// Labels for grouping, in the order written.
    pub tags: Vec<String>,
    /// `every_minutes`: how often the TUI fetches this feed in the
    /// background, over `[fetch] every_minutes` (`Some(0)`: never).
    pub every_minutes: Option<u32>,
}

impl FeedEntry {
    /// A feed named after its address.
    pub fn from_url(url: &str) -> FeedEntry {
        FeedEntry {
            url: url.to_string(),
            name: feed_name_from_url(url),
            tags: Vec::new(),
            every_minutes: None,
        }
    }
}

/// The longest feed name, in bytes (names are ASCII).
pub const MAX_NAME_LEN: usize = 80;

/// Check that `url` is an absolute `http://` or `https://` address with a
/// host, no spaces and no characters outside ASCII. The message describes the
/// problem without repeating the address.
pub fn check_feed_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Err("is empty".into());
    }
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(if c == ' ' {
            "contains a space (write it as %20)".into()
        } else {
            format!("contains the character U+{:04X}", u32::from(c))
        });
    }
    if !url.is_ascii() {
        return Err("contains characters outside ASCII (percent-encode them)".into());
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("must start with http:// or https://".into());
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(format!(
            "must start with http:// or https://, not {}://",
            scheme.to_ascii_lowercase()
        ));
    }
    if url.contains('\\') {
        return Err("contains a backslash".into());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = match authority.rfind('@') {
        Some(i) => authority.get(i + 1..).unwrap_or(""),
        None => authority,
    };
    let (host, port) = if let Some(inner) = host_port.strip_prefix('[') {
        let Some((ip, after)) = inner.split_once(']') else {
            return Err("has an unclosed [ in its host".into());
        };
        if ip.is_empty()
            || !ip
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err("has a malformed IPv6 host".into());
        }
        match after {
            "" => (ip, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (ip, Some(p)),
                None => return Err("has characters after its IPv6 host".into()),
            },
        }
    } else {
        match host_port.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return Err("has no host".into());
    }
    if !host_port.starts_with('[') {
        if let Some(c) = host
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')))
        {
            return Err(format!("has the character '{c}' in its host"));
        }
        if host.starts_with('.') || host.contains("..") {
            return Err("has an empty part in its host name".into());
        }
    }
    if let Some(port) = port {
        let ok = !port.is_empty()
            && port.chars().all(|c| c.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !ok {
            return Err(format!("has a bad port \"{port}\""));
        }
    }
    Ok(())
}

/// Check a name given with `name = "..."`: 1 to [`MAX_NAME_LEN`] ASCII
/// letters, digits, `-`, `_` or `.`, starting with a letter or digit.
pub fn check_feed_name(name: &str) -> Result<(), String> {
    let file_safe = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if file_safe {
        return Ok(());
    }
    let mut msg = format!(
        "may only use ASCII letters, digits, \"-\", \"_\" and \".\", start with a letter or digit \
         and be at most {MAX_NAME_LEN} long: it names the file feeds/<name>.xml"
    );
    let suggestion = slugify(name);
    if !suggestion.is_empty() {
        let _ = write!(msg, " (try \"{suggestion}\")");
    }
    Err(msg)
}

/// Check one tag: not blank, no control characters, no comma (OPML separates
/// categories with commas).
pub fn check_tag(tag: &str) -> Result<(), String> {
    if tag.trim().is_empty() {
        return Err("is blank".into());
    }
    if tag.trim() != tag {
        return Err("starts or ends with a space".into());
    }
    if tag.chars().any(char::is_control) {
        return Err("contains a control character".into());
    }
    if tag.contains(',') {
        return Err("contains a comma".into());
    }
    Ok(())
}

/// The name a feed gets when none is given: its host (without `www.`), path
/// and query, folded to ASCII and slugified:
/// `https://www.example.com/rss/Thời-sự.rss` gives `example-com-rss-thoi-su-rss`.
/// Never empty and never longer than [`MAX_NAME_LEN`].
pub fn feed_name_from_url(url: &str) -> String {
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest,
        None => url,
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
        None => (rest, ""),
    };
    let host = match authority.rfind('@') {
        Some(i) => authority.get(i + 1..).unwrap_or(""),
        None => authority,
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let slug = slugify(&format!("{host}{}", percent_decode(tail)));
    if slug.is_empty() {
        "feed".to_string()
    } else {
        slug
    }
}

/// Lower-case ASCII letters and digits, every other run of characters one
/// `-`, diacritics folded away (`đ` is `d`); at most [`MAX_NAME_LEN`] bytes,
/// cut at a `-` when it can be. May be empty.
pub fn slugify(s: &str) -> String {
    let folded = crate::fold::fold(s);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > MAX_NAME_LEN {
        out.truncate(MAX_NAME_LEN);
        if let Some(i) = out.rfind('-').filter(|&i| i >= MAX_NAME_LEN / 2) {
            out.truncate(i);
        }
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// Decode `%XX` escapes; bytes that do not form UTF-8 are replaced.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `s` as a TOML basic string, quotes included.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "http://example.com",
            "https://example.com/feed.xml?a=1&b=2#x",
            "HTTPS://Example.COM:8443/rss",
            "http://127.0.0.1:8080/",
            "http://[::1]:80/feed",
            "https://user:pw@host.example/feed",
        ] {
            assert_eq!(check_feed_url(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("example.com/feed", "must start"),
            ("ftp://example.com/feed", "not ftp://"),
            ("https://", "no host"),
            ("https:///feed", "no host"),
            ("https://exa mple.com", "space"),
            ("https://example.com:0/", "bad port"),
            ("https://example.com:99999/", "bad port"),
            ("https://example.com:/", "bad port"),
            ("https://exa_mple!.com/", "'!'"),
            ("https://tin.vn/thời-sự", "outside ASCII"),
            ("https://[::1/feed", "unclosed"),
            ("https://..com/", "empty part"),
            ("https://a.com\\feed", "backslash"),
        ] {
            match check_feed_url(bad) {
                Ok(()) => panic!("{bad:?} accepted"),
                Err(e) => assert!(e.contains(why), "{bad:?}: {e}"),
            }
        }
    }

    #[test]
    fn derived_names() {
        assert_eq!(
            feed_name_from_url("https://www.Example.com/rss/Th%E1%BB%9Di-s%E1%BB%B1.rss"),
            "example-com-rss-thoi-su-rss"
        );
        assert_eq!(
            feed_name_from_url("http://127.0.0.1:8080/a/b?x=1#frag"),
            "127-0-0-1-8080-a-b-x-1"
        );
        assert_eq!(feed_name_from_url("https://user@host.vn/"), "host-vn");
        assert_eq!(feed_name_from_url("https://%%%/"), "feed");
        let long = format!("https://example.com/{}", "abcdefghij-".repeat(20));
        let name = feed_name_from_url(&long);
        assert!(name.len() <= MAX_NAME_LEN && !name.ends_with('-'), "{name}");
        assert_eq!(check_feed_name(&name), Ok(()));
        // a cut with no dash near the end still fits
        let name = feed_name_from_url(&format!("https://e.com/{}", "x".repeat(200)));
        assert_eq!(name.len(), MAX_NAME_LEN);
    }

    #[test]
    fn names() {
        for ok in ["vnexpress", "a", "Tin_tuc-2.0"] {
            assert_eq!(check_feed_name(ok), Ok(()));
        }
        let e = check_feed_name("Tin tức").unwrap_err();
        assert!(e.ends_with("(try \"tin-tuc\")"), "{e}");
        for bad in ["", ".hidden", "-x", "a/b", "..", &"x".repeat(81)] {
            assert!(check_feed_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tags_and_toml_strings() {
        assert!(check_tag("tin tức").is_ok());
        assert!(check_tag(" x").is_err());
        assert!(check_tag("").is_err());
        assert!(check_tag("a,b").is_err());
        assert_eq!(toml_string("a\"b\\c\nd\u{1}"), r#""a\"b\\c\nd\u0001""#);
    }
}
