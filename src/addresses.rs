//! Web addresses in an article's text: how they are found ([`find_links`],
//! for the reader and the numbered links of `o` and `y`), and how ingest
//! writes a link's target so that finding it gives the target whole
//! ([`readable_href`], [`reads_back`]).
//!
//! HTML and Markdown links reach the reader as text: `Name (https://...)`.
//! The target written there is the `href`, never text around it; what makes
//! that hold is that the two sides below agree, which the tests check on
//! arbitrary targets followed by arbitrary text.

use crate::ingest::clean::is_invisible;
use std::ops::Range;

/// Byte ranges of the web addresses in `text`: those with an `http://`,
/// `https://` or `ftp://` scheme, and those that start with `www.`. The
/// boundaries are linkify's: an address stops at a space, a quote, a closing
/// parenthesis or bracket it did not open (`(see http://a.vn/x)` gives
/// `http://a.vn/x`, `http://a.vn/wiki/X_(y)` stays whole) and before
/// trailing punctuation.
pub fn find_links(text: &str) -> Vec<Range<usize>> {
    let mut finder = linkify::LinkFinder::new();
    finder
        .kinds(&[linkify::LinkKind::Url])
        .url_must_have_scheme(false);
    finder
        .links(text)
        .filter(|l| {
            let head = l.as_str().get(..8).unwrap_or(l.as_str());
            let head = head.to_ascii_lowercase();
            ["http://", "https://", "ftp://", "www."]
                .iter()
                .any(|p| head.starts_with(p))
        })
        .map(|l| l.start()..l.end())
        .collect()
}

/// An `href` written so that [`find_links`] reads it back whole from
/// `text (href)` whatever follows: the characters that would end an
/// address in running text (spaces, controls, invisible characters, `"<>|`
/// and backquote, a bracket that closes nothing opened in it or that is
/// never closed) are percent-encoded, and so is a last character that an
/// address cannot end with (`.`, `,`, `!`...), where a sentence would cut it
/// short. An address with a host and no path gets the `/` of the empty path
/// (before its query or fragment, if any), without which a letter right
/// after the link would hide it. The result is the same address for a
/// browser.
pub fn readable_href(href: &str) -> String {
    let href = href.trim();
    let after_scheme = href.find("://").map_or(0, |i| i + 3);
    let host_end = href
        .get(after_scheme..)
        .and_then(|r| r.find(['/', '?', '#']))
        .map_or(href.len(), |i| after_scheme + i);
    let unpaired = unpaired_brackets(href);
    let mut out = String::with_capacity(href.len() + 8);
    let mut quotes = 0usize;
    for (i, c) in href.char_indices() {
        if i == host_end && after_scheme > 0 && c != '/' {
            out.push('/');
        }
        quotes += usize::from(c == '\'');
        let last = i + c.len_utf8() == href.len();
        let cannot_end =
            matches!(c, '?' | '!' | '.' | ',' | ':' | ';' | '*') || (c == '\'' && quotes % 2 == 1);
        let encode = c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '<' | '>' | '|' | '`')
            || is_invisible(c)
            || unpaired.contains(&i)
            || (last && cannot_end);
        if encode {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    if host_end == href.len() && after_scheme > 0 && after_scheme < href.len() {
        out.push('/');
    }
    out
}

/// Byte offsets of the brackets of `s` that pair with none: a closer with
/// no opener of its kind before it, an opener never closed. Each kind,
/// `()`, `[]`, `{}`, is counted apart, as [`find_links`] counts them.
fn unpaired_brackets(s: &str) -> Vec<usize> {
    let mut open: [Vec<usize>; 3] = Default::default();
    let mut unpaired = Vec::new();
    for (i, c) in s.char_indices() {
        if let Some(k) = ['(', '[', '{'].iter().position(|o| *o == c) {
            open[k].push(i);
        } else if let Some(k) = [')', ']', '}'].iter().position(|o| *o == c)
            && open[k].pop().is_none()
        {
            unpaired.push(i);
        }
    }
    unpaired.extend(open.into_iter().flatten());
    unpaired
}

/// Would `address`, written right after `before` and followed by `after`,
/// be found whole by [`find_links`]? Only the words it touches matter.
pub fn reads_back(before: &str, address: &str, after: &str) -> bool {
    let head = before
        .rfind(char::is_whitespace)
        .and_then(|i| before.get(i..))
        .unwrap_or(before);
    let tail = after
        .find(char::is_whitespace)
        .and_then(|i| after.get(..i))
        .unwrap_or(after);
    let probe = format!("{head}{address}{tail}");
    let at = head.len();
    find_links(&probe).contains(&(at..at + address.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn found(text: &str) -> Vec<&str> {
        find_links(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn addresses_stop_where_running_text_takes_over() {
        assert_eq!(
            found("xem http://a.vn/x, và www.b.vn."),
            ["http://a.vn/x", "www.b.vn"]
        );
        assert_eq!(
            found("Name (http://example.com/p7)'s work"),
            ["http://example.com/p7"]
        );
        assert_eq!(
            found("(see https://e.vn/wiki/A_(b)) and \"https://e.vn/q?a=1\"!"),
            ["https://e.vn/wiki/A_(b)", "https://e.vn/q?a=1"]
        );
        assert_eq!(
            found("https://báo.vn/tin nữa; FTP://f.vn/a"),
            ["https://báo.vn/tin", "FTP://f.vn/a"]
        );
        // no scheme we open, or no address at all
        assert!(found("file:///etc/passwd javascript:x example.org không có").is_empty());
    }

    #[test]
    fn hrefs_are_written_to_be_read_back() {
        for (href, written) in [
            ("http://example.com/p7", "http://example.com/p7"),
            ("https://e.vn", "https://e.vn/"),
            ("https://e.vn#top", "https://e.vn/#top"),
            ("https://e.vn/a b.", "https://e.vn/a%20b%2E"),
            ("https://e.vn/wiki/A_(b)", "https://e.vn/wiki/A_(b)"),
            ("https://e.vn/a)b(c", "https://e.vn/a%29b%28c"),
            (" https://e.vn/\"q\" ", "https://e.vn/%22q%22"),
            ("mailto:a@b.vn", "mailto:a@b.vn"),
            ("/relative/path.html", "/relative/path.html"),
        ] {
            assert_eq!(readable_href(href), written, "{href}");
        }
        assert!(reads_back("Name (", "http://example.com/p7", ")'s work"));
        assert!(!reads_back("see ", "https://e.vn/p7", "'s work"));
        assert!(reads_back("see ", "https://e.vn/p7", ". Then"));
    }

    proptest! {
        /// Whatever the `href` and whatever follows the link, the address
        /// read back from the line is the `href` (made readable).
        #[test]
        fn the_address_read_back_is_the_href(
            scheme in "https?://",
            host in "[a-z]{1,8}\\.(vn|com)",
            path in "([/?#]([a-zA-Z0-9/._~:?#@!$&'*+,;=%()\\[\\]{} \"<>|`-]|đ|ư){0,24})?",
            after in "[)'.,:;!?\"\\]}]{0,3}[a-z ]{0,3}",
        ) {
            let href = format!("{scheme}{host}{path}");
            let readable = readable_href(&href);
            let line = format!("text ({readable}){after}");
            prop_assert_eq!(found(&line).first().copied(), Some(readable.as_str()), "{}", line);
            let closed = format!("){after}");
            prop_assert!(reads_back("text (", &readable, &closed));
            // the same address: only encoded characters and the `/` of an
            // empty path differ
            let mut decoded = percent_decoded(&readable);
            let at = scheme.len() + host.len();
            if !path.starts_with('/') && decoded.get(at..at + 1) == Some("/") {
                decoded.remove(at);
            }
            prop_assert_eq!(percent_decoded(href.trim()), decoded);
        }
    }

    /// `%XX` decoded.
    fn percent_decoded(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(v) if c == b'%' => {
                    out.push(v);
                    i += 3;
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}
