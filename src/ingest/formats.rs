//! Every supported file format: detection and dispatch.
//!
//! [`parse_file`] decodes a file ([`super::encoding`]), decides its
//! [`Format`] ([`detect`]) and hands it to the parser for that format. Every
//! string in what comes back has been through [`clean_line`].
//!
//! Article ids:
//!
//! - a page, header-style text, Markdown or reStructuredText file gives one
//!   article whose id is the file's path relative to the data folder
//!   (`rel_path`);
//! - a feed gives one article per item, with id `<rel_path>#<key>`. The key
//!   is the item's guid / id, else its link, else `h` and 16 hex digits of
//!   the FNV-1a hash of its title and date ([`item_key`]). Keys are cleaned
//!   like any text (no control characters, single spaces, NFC); a key longer
//!   than [`MAX_KEY_CHARS`] is replaced by `h` + the hash of it. A key may
//!   contain `#` (links often do): the file part of an id is its `rel_path`
//!   prefix, never "everything before the first `#`". Two items with the same
//!   key in one feed: the later ones get `~2`, `~3`, ... and a warning.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::zone::Zone;

use super::clean::clean_line;
use super::encoding::{ReadAs, decode};
use super::page::{self, LineNote, MAX_TITLE_CHARS, Paragraphs};
use super::path_date::path_date;
use super::{feed, header, json_items, markdown, rst};
use crate::article::{Article, Published};

/// The formats a file in the data folder can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The newspaper page layout of DESIGN.md ([`super::page`]).
    Page,
    /// Text with a metadata header or TOML front matter ([`super::header`]).
    HeaderText,
    /// Markdown with optional front matter ([`super::markdown`]).
    Markdown,
    /// reStructuredText ([`super::rst`]).
    Rst,
    /// RSS, Atom or JSON Feed ([`super::feed`]).
    Feed,
    /// An HTML post or saved page ([`super::html_page`]).
    Html,
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOutcome {
    pub articles: Vec<Article>,
    /// Warnings: problems that still left the articles.
    pub notes: Vec<LineNote>,
    /// Notes that are no warnings (`check` prints them as `note:`): a date
    /// taken from the file's path, header keys not used.
    pub remarks: Vec<LineNote>,
    /// `None` for UTF-8; else the encoding the file was read from (as
    /// encoding_rs names it: `windows-1258`, `windows-1252`, `UTF-16LE`,
    /// ...) and whether the file declared it.
    pub encoding: Option<ReadAs>,
}

/// How to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Dates with a time zone are instants, shown as the wall clock of
    /// this zone at that instant. Dates without one are floating: shown as
    /// written (see [`crate::zone`]).
    pub zone: Zone,
}

impl ParseOptions {
    /// Dates shown in this machine's time zone, with the offset of each
    /// date's own instant (daylight saving included).
    pub fn local() -> Self {
        ParseOptions { zone: Zone::Local }
    }
}

impl Default for ParseOptions {
    /// UTC.
    fn default() -> Self {
        ParseOptions { zone: Zone::utc() }
    }
}

/// Longest feed item key kept as is, in characters.
pub const MAX_KEY_CHARS: usize = 200;
/// Longest title made from an item's text when it has no title.
const MAX_DERIVED_TITLE_CHARS: usize = 100;

const EXTENSIONS: [&str; 13] = [
    "txt", "md", "markdown", "rst", "rest", "xml", "rss", "atom", "json", "rdf", "html", "htm",
    "xhtml",
];

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Extensions worth reading: txt, md, markdown, rst, rest, xml, rss, atom,
/// json, rdf (RSS 0.90 and 1.0 feeds are often saved as `.rdf`), html, htm,
/// xhtml, in any case.
pub fn is_candidate(path: &Path) -> bool {
    EXTENSIONS.contains(&extension(path).as_str())
}

/// Decide the format by content first, the extension breaking ties:
///
/// 1. XML whose root element is `rss`, `feed` or `RDF` (any prefix): a
///    feed, whatever the extension;
/// 2. `.html`, `.htm`, `.xhtml`: HTML ([`super::html_page`]), an XHTML
///    page's `<?xml` prolog included;
/// 3. any other text that opens with `<?xml`: a feed (an XML file that is
///    no feed is then reported by the feed parser);
/// 4. JSON naming `jsonfeed.org/version` near its start, or any JSON object
///    in a `.json` file: a feed; a JSON array in a `.json` file: a list of
///    items ([`super::json_items`]);
/// 5. `.md` / `.markdown`: Markdown; `.rst` / `.rest`, and `.txt` opening
///    with a Nikola header (`.. title: ...`): reStructuredText;
/// 6. a header (`# date = ...`, `Title: ...`) or front matter (`+++`, `---`)
///    at the top: header-style text;
/// 7. anything starting with `<` in a `.xml`, `.rss`, `.atom` or `.rdf` file: a feed
///    (so that broken XML is reported as such);
/// 8. everything else, whatever its extension (a page saved as `.xml`
///    included): the page layout.
pub fn detect(path: &Path, text: &str) -> Format {
    let ext = extension(path);
    let head = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let head = super::head(head, 4096);
    if xml_feed_root(head) {
        return Format::Feed;
    }
    if super::html_page::is_html_extension(&ext) {
        return Format::Html;
    }
    if head.starts_with("<?xml") {
        return Format::Feed;
    }
    if head.starts_with('{') && (head.contains("jsonfeed.org/version") || ext == "json") {
        return Format::Feed;
    }
    if head.starts_with('[') && ext == "json" {
        return Format::Feed;
    }
    if ext == "md" || ext == "markdown" {
        return Format::Markdown;
    }
    if ext == "rst" || ext == "rest" || (ext == "txt" && rst::opens_with_nikola_header(head)) {
        return Format::Rst;
    }
    if header::has_header(text) {
        return Format::HeaderText;
    }
    if head.starts_with('<') && matches!(ext.as_str(), "xml" | "rss" | "atom" | "rdf") {
        return Format::Feed;
    }
    Format::Page
}

/// Is the first element (after comments, processing instructions and a
/// doctype) `rss`, `feed` or `RDF`?
fn xml_feed_root(head: &str) -> bool {
    let mut rest = head;
    loop {
        rest = rest.trim_start();
        let skip = if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!") {
            rest.find('>').map(|i| i + 1)
        } else {
            break;
        };
        match skip.and_then(|i| rest.get(i..)) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name: String = tag
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
        .collect();
    let local = name.rsplit(':').next().unwrap_or_default();
    matches!(local, "rss" | "feed" | "RDF")
}

/// Decode, detect and parse any supported file. `rel_path` is the path
/// relative to the data folder ('/' separated). Err: the whole file is
/// skipped, with the reason and its line if known.
pub fn parse_file(
    rel_path: &str,
    bytes: &[u8],
    opts: &ParseOptions,
) -> Result<FileOutcome, LineNote> {
    parse(rel_path, bytes, opts, Paragraphs::Kept)
}

/// [`parse_file`] for the list: every article without its paragraphs (the
/// same articles otherwise, and the same notes). A page's body lines are
/// then not cleaned, only told empty or not.
pub fn parse_file_heads(
    rel_path: &str,
    bytes: &[u8],
    opts: &ParseOptions,
) -> Result<FileOutcome, LineNote> {
    let mut outcome = parse(rel_path, bytes, opts, Paragraphs::Dropped)?;
    for article in &mut outcome.articles {
        article.paragraphs = Vec::new();
    }
    Ok(outcome)
}

fn parse(
    rel_path: &str,
    bytes: &[u8],
    opts: &ParseOptions,
    paragraphs: Paragraphs,
) -> Result<FileOutcome, LineNote> {
    let decoded = decode(bytes)?;
    let text: &str = &decoded.text;
    if is_blank(text) {
        return Err(empty_file());
    }
    let (articles, notes, remarks) = match detect(Path::new(rel_path), text) {
        Format::Page => {
            let (mut article, mut notes) = page::parse_page(rel_path, text, paragraphs)?;
            let mut remarks = Vec::new();
            if article.published.is_none()
                && let Some((date, origin)) = path_date(&[], rel_path)
            {
                article.published = Some(Published::floating(date, None));
                notes.retain(|n| n.message != page::NO_DATE_LINE);
                remarks.push(LineNote {
                    line: None,
                    message: origin.note(date),
                });
            }
            (vec![article], notes, remarks)
        }
        Format::HeaderText => {
            let s = header::parse_header_text(rel_path, text, opts)?;
            (vec![s.article], s.warnings, s.remarks)
        }
        Format::Markdown => {
            let s = markdown::parse_markdown(rel_path, text, opts)?;
            (vec![s.article], s.warnings, s.remarks)
        }
        Format::Html => {
            let s = super::html_page::parse_html_file(rel_path, text, opts)?;
            (vec![s.article], s.warnings, s.remarks)
        }
        Format::Rst => {
            let s = rst::parse_rst(rel_path, text, opts)?;
            (vec![s.article], s.warnings, s.remarks)
        }
        Format::Feed if json_items::is_json_array(text) => {
            let (articles, notes) = json_items::parse_json_array(rel_path, text, opts)?;
            (articles, notes, Vec::new())
        }
        Format::Feed => {
            let (articles, notes) = feed::parse_feed(rel_path, text, opts)?;
            (articles, notes, Vec::new())
        }
    };
    Ok(FileOutcome {
        articles,
        notes,
        remarks,
        encoding: decoded.encoding,
    })
}

/// Why a file with nothing to read ([`is_blank`]) is skipped.
pub(super) fn empty_file() -> LineNote {
    LineNote {
        line: None,
        message: "empty file: nothing but whitespace or control characters; add the article or remove the file".into(),
    }
}

/// Whether nothing would be left of `text` after [`clean_line`]. Cleaning
/// a prefix answers for almost every file: what survives cleaning a prefix
/// survives cleaning the whole (sequences are found left to right, and one
/// cut short by the prefix's end only hides text up to that end). The
/// prefixes grow, so a page (whose title is in its first line) costs a
/// short clean, not a second clean of the whole page.
pub(super) fn is_blank(text: &str) -> bool {
    for n in [256, 4096] {
        let prefix = super::head(text, n);
        if !clean_line(prefix).is_empty() {
            return false;
        }
        if prefix.len() == text.len() {
            return true;
        }
    }
    clean_line(text).is_empty()
}

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The key of a feed item (see the module docs): `guid` if it is usable,
/// else `link`, else a hash of `hash_input` (title and date).
pub fn item_key(guid: &str, link: Option<&str>, hash_input: &str) -> String {
    for raw in [Some(guid), link].into_iter().flatten() {
        let k = clean_line(raw);
        if k.is_empty() {
            continue;
        }
        if k.chars().count() > MAX_KEY_CHARS {
            return format!("h{:016x}", fnv1a(k.as_bytes()));
        }
        return k;
    }
    format!("h{:016x}", fnv1a(hash_input.as_bytes()))
}

/// The keys given so far to the items of one feed, so that each item's is
/// its own: a key already taken gets the first free `~2`, `~3`, ... One
/// look-up per item however many share a key (each key remembers the
/// last suffix it gave: the ones before it stay taken).
#[derive(Default)]
pub struct ItemKeys {
    taken: HashSet<String>,
    last_suffix: HashMap<String, usize>,
}

impl ItemKeys {
    /// `key`, or `key~N` when `key` is taken (then `true`, for a warning).
    pub fn unique(&mut self, key: String) -> (String, bool) {
        if self.taken.insert(key.clone()) {
            return (key, false);
        }
        let mut n = self.last_suffix.get(&key).copied().unwrap_or(1);
        loop {
            n += 1;
            let suffixed = format!("{key}~{n}");
            if self.taken.insert(suffixed.clone()) {
                self.last_suffix.insert(key, n);
                return (suffixed, true);
            }
        }
    }
}

/// A title, shortened past [`MAX_TITLE_CHARS`].
pub fn short_title(s: &str) -> String {
    super::page::shorten(s, MAX_TITLE_CHARS)
}

/// A title made from the start of a text (a preformatted paragraph's lines
/// joined by spaces).
pub fn derived_title(s: &str) -> String {
    super::page::shorten(&clean_line(s), MAX_DERIVED_TITLE_CHARS)
}

/// The file name without its extension, as a last-resort title.
pub fn title_from_path(rel_path: &str) -> String {
    let last = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let stem = match last.rfind('.') {
        Some(i) if i > 0 => last.get(..i).unwrap_or(last),
        _ => last,
    };
    let t = clean_line(stem);
    if t.is_empty() {
        "(untitled)".to_string()
    } else {
        t
    }
}

#[cfg(test)]
mod item_keys_tests {
    use super::ItemKeys;

    #[test]
    fn repeated_keys_get_the_first_free_suffix() {
        let mut keys = ItemKeys::default();
        let given: Vec<(String, bool)> = ["x", "x~3", "x", "x", "x~2", "x", "y", "y"]
            .into_iter()
            .map(|k| keys.unique(k.to_string()))
            .collect();
        let expected = [
            ("x", false),
            ("x~3", false),
            ("x~2", true),
            ("x~4", true),
            ("x~2~2", true),
            ("x~5", true),
            ("y", false),
            ("y~2", true),
        ];
        assert_eq!(given, expected.map(|(k, r)| (k.to_string(), r)).to_vec());
    }
}
