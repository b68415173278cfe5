//! HTML files (`.html`, `.htm`): blog posts kept as HTML with front matter
//! (Jekyll, Nikola) and whole pages saved by a browser or a scraper.
//!
//! - **Front matter first** (`---` YAML, `+++` TOML, or a `Key: value`
//!   header, as [`super::front_matter`] reads them): the title and date
//!   come from it ([`super::header::read_head`], a date in the path when it
//!   has none), the rest of the file is the body, read as feeds' HTML is
//!   ([`super::html::html_to_paragraphs`]). With no title in the front
//!   matter, the body's first `<h1>` is the title.
//! - **A whole page** (no front matter): the page is tokenized by html5ever
//!   (the tokenizer html2text parses with). Title: `og:title`, else
//!   `<title>`, else the first `<h1>`. Date: `article:published_time`
//!   (and the other meta names sites use for it), JSON-LD `datePublished`,
//!   `itemprop="datePublished"`, the first `<time datetime>`; else a date
//!   in the path. Body: the page's only `<article>`, else its `<main>`,
//!   else its `<body>`, with scripts, styles, `<nav>`, and the page's
//!   `<header>` and `<footer>` (those outside the article) left out. A
//!   first paragraph that repeats the title (an article's own heading) is
//!   dropped.
//! - **Skipped, with the reason**: a template (Liquid or Jinja `{%`/`{{`
//!   tags, no `<html>`/`<body>`, and front matter without title or date),
//!   and a page that has no text once the above is left out.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::clean::clean_line;
use super::date_field::parse_date_field;
use super::formats::ParseOptions;
use super::header::{Head, Meta, Single, read_head, split_lines};
use super::html::{html_to_line, html_to_paragraphs};
use super::page::LineNote;
use super::path_date::path_date;
use crate::article::Published;

/// Is this extension one of an HTML file?
pub fn is_html_extension(ext: &str) -> bool {
    matches!(ext, "html" | "htm" | "xhtml")
}

/// Parse an HTML file (already decoded).
pub fn parse_html_file(
    rel_path: &str,
    text: &str,
    opts: &ParseOptions,
) -> Result<Single, LineNote> {
    if super::header::has_header(text) {
        return front_matter_post(rel_path, text, opts);
    }
    if is_template(text) {
        return Err(template_note());
    }
    whole_page(rel_path, text, opts)
}

/// The reason a template is skipped.
fn template_note() -> LineNote {
    LineNote {
        line: None,
        message: "HTML template (Liquid/Jinja `{%` or `{{` tags stand where an article's title or text would be), not an article; move the site's templates (_layouts, _includes) out of the data folder".into(),
    }
}

/// Liquid or Jinja tags, and neither `<html` nor `<body`: a site's layout or
/// include, not a page. (A whole page with Liquid tags is a layout when its
/// title is one too, or it has none: see [`whole_page`].)
fn is_template(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    has_liquid(text) && !lower.contains("<html") && !lower.contains("<body")
}

/// Does `text` hold a Liquid or Jinja tag or output (`{%`, `{{`)?
fn has_liquid(text: &str) -> bool {
    text.contains("{%") || text.contains("{{")
}

/// `og:title`, else `<title>`, else the first `<h1>`; but the `<h1>` when
/// `<title>` is it followed by the site's name (`Post | Site`).
fn page_title(page: &PageParts) -> Option<String> {
    let cleaned = |t: &Option<String>| t.as_deref().map(clean_line).filter(|t| !t.is_empty());
    let (og, title, h1) = (
        cleaned(&page.og_title),
        cleaned(&page.title),
        cleaned(&page.h1),
    );
    if og.is_some() {
        return og;
    }
    match (title, h1) {
        (Some(t), Some(h)) if t.starts_with(&h) => Some(h),
        (t, h) => t.or(h),
    }
}

/// A post whose title and date are in its front matter.
fn front_matter_post(rel_path: &str, text: &str, opts: &ParseOptions) -> Result<Single, LineNote> {
    let lines = split_lines(text);
    let mut head = read_head(rel_path, &lines, opts);
    let body = lines.get(head.body_start..).unwrap_or_default().join("\n");
    if head.meta.title.is_none() && head.published.is_none() && is_template(&body) {
        return Err(template_note());
    }
    let title = head
        .meta
        .title
        .take()
        .map(|t| text_title(&t))
        .filter(|t| !t.is_empty());
    let page = read_page(&body);
    let title = title.or_else(|| page.h1.clone());
    let paragraphs = drop_repeated_title(html_to_paragraphs(&page.body), title.as_deref());
    if paragraphs.is_empty() {
        return Err(no_text_note("after the front matter"));
    }
    head.into_single(rel_path, title, paragraphs)
}

/// A front matter title as text, as Nikola and Jekyll's layouts write it
/// (escaped): entities decoded, a tag kept as written (`a tale of the
/// <datalist> element`).
fn text_title(title: &str) -> String {
    html_to_line(&title.replace('<', "&lt;"))
}

/// A saved web page: title, date and body found in its markup.
fn whole_page(rel_path: &str, text: &str, opts: &ParseOptions) -> Result<Single, LineNote> {
    let page = read_page(text);
    let mut warnings = Vec::new();
    let mut remarks = Vec::new();
    let published = match page
        .dates
        .iter()
        .find_map(|raw| parse_date_field(raw, opts.zone))
    {
        Some(p) => Some(p),
        None => match path_date(&[], rel_path) {
            Some((date, origin)) => {
                remarks.push(LineNote {
                    line: None,
                    message: origin.note(date),
                });
                Some(Published::floating(date, None))
            }
            None => {
                let message = match page.dates.first() {
                    Some(raw) => format!(
                        "date \"{}\" not understood (expected e.g. 2020-10-01T08:30:00+07:00); listed as undated",
                        clean_line(raw)
                    ),
                    None => "no date in the page (article:published_time, JSON-LD datePublished, <time datetime>) or its path; listed as undated".into(),
                };
                warnings.push(LineNote {
                    line: None,
                    message,
                });
                None
            }
        },
    };
    let title = page_title(&page);
    if has_liquid(text) && title.as_deref().is_none_or(has_liquid) {
        return Err(template_note());
    }
    let paragraphs = drop_repeated_title(html_to_paragraphs(&page.body), title.as_deref());
    if paragraphs.is_empty() {
        return Err(no_text_note(page.region.describe()));
    }
    let meta = Meta {
        link: page
            .canonical
            .map(|l| clean_line(&l))
            .filter(|l| !l.is_empty()),
        ..Meta::default()
    };
    let head = Head {
        meta,
        body_start: 0,
        published,
        warnings,
        remarks,
    };
    head.into_single(rel_path, title, paragraphs)
}

fn no_text_note(place: &str) -> LineNote {
    LineNote {
        line: None,
        message: format!(
            "no text {place} once scripts, styles, navigation and the page's header and footer are left out (a page drawn by JavaScript?); save the page after it has loaded, or remove the file"
        ),
    }
}

/// The paragraphs without a first one that only repeats the title (the
/// article's own heading, perhaps a link: `Title (https://...)`).
fn drop_repeated_title(mut paragraphs: Vec<String>, title: Option<&str>) -> Vec<String> {
    let repeats = |first: &str, title: &str| {
        let Some(rest) = first.trim().strip_prefix(title.trim()) else {
            return false;
        };
        rest.is_empty()
            || rest
                .strip_prefix(" (")
                .and_then(|r| r.strip_suffix(')'))
                .is_some_and(|target| !target.contains(' '))
    };
    if let (Some(first), Some(title)) = (paragraphs.first(), title)
        && !title.trim().is_empty()
        && repeats(first, title)
    {
        paragraphs.remove(0);
    }
    paragraphs
}

/// Which part of the page the body was taken from.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Region {
    Article,
    Main,
    #[default]
    Body,
}

impl Region {
    fn describe(self) -> &'static str {
        match self {
            Region::Article => "in the page's <article>",
            Region::Main => "in the page's <main>",
            Region::Body => "in the page's <body>",
        }
    }
}

/// What a page's markup says.
#[derive(Debug, Default)]
struct PageParts {
    og_title: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    /// Date values in the order they are trusted.
    dates: Vec<String>,
    canonical: Option<String>,
    /// The body's HTML, written back from the tokens.
    body: String,
    region: Region,
}

/// Tokenize `html` and gather its parts.
fn read_page(html: &str) -> PageParts {
    let sink = Sink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    // The sink never asks to run a script, so one feed reads all the input.
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.into_parts()
}

/// Elements left out wherever they are.
const ALWAYS_DROPPED: &[&str] = &[
    "script", "style", "nav", "noscript", "template", "iframe", "svg", "button", "form",
];
/// Elements left out of the page when outside its `<article>`/`<main>`.
const PAGE_CHROME: &[&str] = &["header", "footer", "aside"];
/// Attributes written back (what the HTML-to-text path reads).
const KEPT_ATTRIBUTES: &[&str] = &["href", "src", "alt", "colspan", "rowspan", "start"];
/// Meta names and properties that hold the publication date, most trusted
/// first.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "pubdate",
    "publish-date",
    "sailthru.date",
    "parsely-pub-date",
];

#[derive(Default)]
struct Sink {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    og_title: Option<String>,
    title: Option<String>,
    in_title: bool,
    h1: Option<String>,
    /// Text of the first `<h1>` while inside it.
    h1_text: Option<String>,
    /// Meta dates as (rank in DATE_METAS, value).
    meta_dates: Vec<(usize, String)>,
    json_ld: Vec<String>,
    /// Text of the JSON-LD script being read.
    json_ld_text: Option<String>,
    time_datetime: Option<String>,
    canonical: Option<String>,
    in_head: bool,
    /// The dropped element being skipped and how deep in it we are.
    dropping: Option<(String, usize)>,
    article_depth: usize,
    articles: usize,
    main_depth: usize,
    mains: usize,
    article_html: String,
    main_html: String,
    body_html: String,
}

impl Sink {
    fn into_parts(self) -> PageParts {
        let s = self.state.into_inner();
        let mut dates: Vec<String> = Vec::new();
        let mut metas = s.meta_dates;
        metas.sort_by_key(|(rank, _)| *rank);
        let (first_meta, other_meta): (Vec<_>, Vec<_>) =
            metas.into_iter().partition(|(rank, _)| *rank < 3);
        dates.extend(first_meta.into_iter().map(|(_, v)| v));
        dates.extend(s.json_ld.iter().filter_map(|j| json_ld_date(j)));
        dates.extend(s.time_datetime);
        dates.extend(other_meta.into_iter().map(|(_, v)| v));
        let (body, region) = if s.articles == 1 && !s.article_html.trim().is_empty() {
            (s.article_html, Region::Article)
        } else if s.mains >= 1 && !s.main_html.trim().is_empty() {
            (s.main_html, Region::Main)
        } else {
            (s.body_html, Region::Body)
        };
        PageParts {
            og_title: s.og_title,
            title: s.title,
            h1: s.h1.map(|h| clean_line(&h)).filter(|h| !h.is_empty()),
            dates,
            canonical: s.canonical,
            body,
            region,
        }
    }
}

fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.as_ref())
}

impl State {
    /// Whether a token at this point is part of the page's text.
    fn in_body(&self) -> bool {
        !self.in_head && !self.in_title && self.dropping.is_none()
    }

    fn write(&mut self, piece: &str) {
        if !self.in_body() {
            return;
        }
        if self.article_depth > 0 && self.articles == 1 {
            self.article_html.push_str(piece);
        }
        if self.main_depth > 0 && self.mains == 1 {
            self.main_html.push_str(piece);
        }
        self.body_html.push_str(piece);
    }

    fn text(&mut self, text: &str) {
        if self.in_title {
            self.title.get_or_insert_with(String::new).push_str(text);
            return;
        }
        if let Some(j) = self.json_ld_text.as_mut() {
            j.push_str(text);
            return;
        }
        if !self.in_body() {
            return;
        }
        if let Some(h) = self.h1_text.as_mut() {
            h.push_str(text);
        }
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        self.write(&escaped);
    }

    fn start(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if let Some((dropped, depth)) = self.dropping.as_mut() {
            if dropped == name && !tag.self_closing {
                *depth += 1;
            }
            return raw_kind(name);
        }
        match name {
            "head" => self.in_head = true,
            "body" => self.in_head = false,
            "title" if self.title.is_none() => {
                self.in_title = true;
                return TokenSinkResult::RawData(RawKind::Rcdata);
            }
            "meta" => self.meta(tag),
            "link" if attr(tag, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) => {
                self.canonical = attr(tag, "href").map(str::to_string);
            }
            "script"
                if attr(tag, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                    && self.json_ld.len() < 8 =>
            {
                self.json_ld_text = Some(String::new());
                return TokenSinkResult::RawData(RawKind::ScriptData);
            }
            _ => {}
        }
        if let Some(v) = attr(tag, "itemprop")
            .filter(|p| p.eq_ignore_ascii_case("datepublished"))
            .and(attr(tag, "content").or(attr(tag, "datetime")))
        {
            self.meta_dates.push((2, v.to_string()));
        }
        if name == "time"
            && self.time_datetime.is_none()
            && !self.in_head
            && let Some(dt) = attr(tag, "datetime")
        {
            self.time_datetime = Some(dt.to_string());
        }
        let outside_article = self.article_depth == 0 && self.main_depth == 0;
        if (ALWAYS_DROPPED.contains(&name) || (outside_article && PAGE_CHROME.contains(&name)))
            && !tag.self_closing
            && !self.in_head
        {
            self.dropping = Some((name.to_string(), 1));
            return raw_kind(name);
        }
        if self.in_head || matches!(name, "html" | "head" | "body") {
            return raw_kind(name);
        }
        match name {
            "article" => {
                if self.article_depth == 0 {
                    self.articles += 1;
                }
                self.article_depth += 1;
            }
            "main" => {
                if self.main_depth == 0 {
                    self.mains += 1;
                }
                self.main_depth += 1;
            }
            "h1" if self.h1.is_none() && self.h1_text.is_none() => {
                self.h1_text = Some(String::new());
            }
            _ => {}
        }
        let mut written = format!("<{name}");
        for a in &tag.attrs {
            let key: &str = &a.name.local;
            if KEPT_ATTRIBUTES.contains(&key) {
                let value = a.value.replace('&', "&amp;").replace('"', "&quot;");
                written.push_str(&format!(" {key}=\"{value}\""));
            }
        }
        written.push_str(if tag.self_closing { "/>" } else { ">" });
        self.write(&written);
        raw_kind(name)
    }

    fn end(&mut self, tag: &Tag) {
        let name: &str = &tag.name;
        if let Some((dropped, depth)) = self.dropping.as_mut() {
            if dropped == name {
                *depth -= 1;
                if *depth == 0 {
                    self.dropping = None;
                }
            }
            return;
        }
        if self.in_title && name == "title" {
            self.in_title = false;
            return;
        }
        if name == "script" {
            if let Some(j) = self.json_ld_text.take() {
                self.json_ld.push(j);
            }
            return;
        }
        if name == "head" {
            self.in_head = false;
            return;
        }
        if self.in_head || matches!(name, "html" | "body") {
            return;
        }
        if name == "h1"
            && let Some(h) = self.h1_text.take()
        {
            self.h1 = Some(h);
        }
        self.write(&format!("</{name}>"));
        match name {
            "article" => self.article_depth = self.article_depth.saturating_sub(1),
            "main" => self.main_depth = self.main_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn meta(&mut self, tag: &Tag) {
        let key = attr(tag, "property")
            .or(attr(tag, "name"))
            .or(attr(tag, "itemprop"))
            .map(|k| k.trim().to_ascii_lowercase());
        let (Some(key), Some(content)) = (key, attr(tag, "content")) else {
            return;
        };
        if key == "og:title" && self.og_title.is_none() {
            self.og_title = Some(content.to_string());
        } else if let Some(rank) = DATE_METAS.iter().position(|m| *m == key)
            && self.meta_dates.len() < 32
        {
            self.meta_dates.push((rank, content.to_string()));
        } else if key == "og:url" && self.canonical.is_none() {
            self.canonical = Some(content.to_string());
        }
    }
}

/// The tokenizer state an element's content needs (scripts and styles are
/// raw text, so a `<` in them opens no tag).
fn raw_kind(name: &str) -> TokenSinkResult<()> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut s = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return s.start(&tag),
                TagKind::EndTag => s.end(&tag),
            },
            Token::CharacterTokens(t) => s.text(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The first `datePublished` in a JSON-LD block (in the object, a `@graph`
/// or a list of objects), as text.
fn json_ld_date(json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(json.trim()).ok()?;
    let mut stack = vec![&value];
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            return None;
        }
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(d)) = map.get("datePublished") {
                    return Some(d.clone());
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
#[path = "html_page_tests.rs"]
mod tests;
