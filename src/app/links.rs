//! The links of an article, numbered the same way in the reader and in the
//! link prompt of `o` (open) and `y` (copy), and the check an address must
//! pass before xemtin hands it to a browser.
//!
//! Numbering: the article's own link (from its feed or header) is 0; the
//! addresses found in the text follow from 1, in order of first appearance,
//! each once (an address repeated, or equal to the article's link, keeps its
//! first number). The reader shows the numbers only when there is more than
//! one link to choose from.
//!
//! Addresses in the text are found by [`crate::addresses::find_links`]; one
//! written `www.…` is opened as `https://www.…`.

use crate::article::Article;
use crate::i18n::{Language, Message, Word};

use crate::addresses::find_links;

/// The schemes xemtin opens or copies. `file:` is left out on purpose: an
/// article must not make the browser (or `xdg-open`) open a local file,
/// which may be a program or a desktop entry.
pub const SCHEMES: &[&str] = &["http", "https", "ftp", "mailto"];

/// One link the user can choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkChoice {
    /// The number shown in the reader and typed in the prompt.
    pub number: usize,
    pub url: String,
}

/// An address as found in the text, made usable: `www.` gains `https://`.
pub fn normalize(found: &str) -> String {
    let lower = found.get(..4).map(str::to_ascii_lowercase);
    if lower.as_deref() == Some("www.") {
        format!("https://{found}")
    } else {
        found.to_string()
    }
}

/// Every link of the article, numbered (see the module documentation).
pub fn choices(article: &Article) -> Vec<LinkChoice> {
    let mut out: Vec<LinkChoice> = Vec::new();
    if let Some(link) = article
        .link
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        out.push(LinkChoice {
            number: 0,
            url: link.to_string(),
        });
    }
    let mut next = 1;
    for paragraph in &article.paragraphs {
        for range in find_links(paragraph) {
            let Some(found) = paragraph.get(range) else {
                continue;
            };
            let url = normalize(found);
            if out.iter().any(|c| c.url == url) {
                continue;
            }
            out.push(LinkChoice { number: next, url });
            next += 1;
        }
    }
    out
}

/// The number of `url` among `choices`, if it is one of them.
pub fn number_of(choices: &[LinkChoice], url: &str) -> Option<usize> {
    choices.iter().find(|c| c.url == url).map(|c| c.number)
}

/// Why an address is not opened or copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// It starts with `-`: a program would take it for an option.
    Dash,
    /// It holds a space or a control character.
    Spaces,
    /// It has no scheme (`example.org/a`, `/a`): the start of it.
    NoScheme(String),
    /// Its scheme is not one of [`SCHEMES`].
    Scheme(String),
}

impl Refusal {
    /// Why the address was refused, in `lang`.
    pub fn message(&self, lang: Language) -> String {
        let allowed = SCHEMES.join(", ");
        let message = match self {
            Refusal::Empty => return Word::LinkEmpty.text(lang).to_string(),
            Refusal::Dash => return Word::LinkDash.text(lang).to_string(),
            Refusal::Spaces => return Word::LinkSpaces.text(lang).to_string(),
            Refusal::NoScheme(start) => Message::LinkNoScheme {
                start,
                allowed: &allowed,
            },
            Refusal::Scheme(scheme) => Message::LinkScheme {
                scheme,
                allowed: &allowed,
            },
        };
        message.text(lang)
    }
}

/// Check an address before it goes to a browser or the clipboard: one of
/// the [`SCHEMES`], no leading `-`, no spaces or control characters.
pub fn check_url(url: &str) -> Result<(), Refusal> {
    if url.is_empty() {
        return Err(Refusal::Empty);
    }
    if url.starts_with('-') {
        return Err(Refusal::Dash);
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Refusal::Spaces);
    }
    let scheme = match url.split_once(':') {
        Some((s, _))
            if s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            s
        }
        _ => {
            let start: String = url.chars().take(40).collect();
            return Err(Refusal::NoScheme(start));
        }
    };
    if SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        Ok(())
    } else {
        let shown: String = scheme.chars().take(20).collect();
        Err(Refusal::Scheme(shown))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(link: Option<&str>, paragraphs: &[&str]) -> Article {
        Article {
            id: "a.txt".into(),
            title: "T".into(),
            published: None,
            views: None,
            source: None,
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            link: link.map(String::from),
            author: None,
        }
    }

    fn urls(c: &[LinkChoice]) -> Vec<(usize, &str)> {
        c.iter().map(|c| (c.number, c.url.as_str())).collect()
    }

    #[test]
    fn article_link_is_zero_and_text_links_count_from_one_once_each() {
        let a = article(
            Some("https://báo.vn/tin"),
            &[
                "Xem www.a.vn/x, và https://b.vn/y.",
                "Lại https://b.vn/y và https://báo.vn/tin nữa; cả http://c.vn",
            ],
        );
        assert_eq!(
            urls(&choices(&a)),
            [
                (0, "https://báo.vn/tin"),
                (1, "https://www.a.vn/x"),
                (2, "https://b.vn/y"),
                (3, "http://c.vn"),
            ]
        );
        let none = article(None, &["Không có liên kết."]);
        assert!(choices(&none).is_empty());
        let blank = article(Some("  "), &["http://d.vn"]);
        assert_eq!(urls(&choices(&blank)), [(1, "http://d.vn")]);
        assert_eq!(number_of(&choices(&a), "https://b.vn/y"), Some(2));
        assert_eq!(number_of(&choices(&a), "https://z.vn"), None);
    }

    #[test]
    fn only_known_schemes_without_dashes_or_spaces_pass() {
        for ok in [
            "https://example.org/a?b=c#d",
            "HTTP://EXAMPLE.ORG",
            "ftp://ftp.example.org/f",
            "mailto:toa-soan@example.vn",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        assert_eq!(check_url(""), Err(Refusal::Empty));
        assert_eq!(check_url("--help"), Err(Refusal::Dash));
        assert_eq!(check_url("-https://x"), Err(Refusal::Dash));
        assert_eq!(check_url("https://a b"), Err(Refusal::Spaces));
        assert_eq!(
            check_url("https://a\u{1b}]52;c;x\u{7}"),
            Err(Refusal::Spaces)
        );
        assert_eq!(
            check_url("javascript:alert(1)"),
            Err(Refusal::Scheme("javascript".into()))
        );
        assert_eq!(
            check_url("file:///etc/passwd"),
            Err(Refusal::Scheme("file".into()))
        );
        assert_eq!(
            check_url("example.org"),
            Err(Refusal::NoScheme("example.org".into()))
        );
        assert_eq!(
            check_url("/tin/a.html?t=1:2"),
            Err(Refusal::NoScheme("/tin/a.html?t=1:2".into()))
        );
        assert_eq!(
            check_url("example.org/a?t=1:2"),
            Err(Refusal::NoScheme("example.org/a?t=1:2".into()))
        );
        let m = check_url("file:///x").unwrap_err().message(Language::En);
        assert!(m.contains("http, https, ftp, mailto"), "{m}");
        assert!(
            !Refusal::Dash.message(Language::Vi).is_empty()
                && Refusal::Dash.message(Language::Vi) != Refusal::Dash.message(Language::En)
        );
    }
}
