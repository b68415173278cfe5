//! The reader's document: an article laid out as wrapped lines for one text
//! width, built when the article or the width changes, never while drawing.

use std::ops::Range;

use super::links::{self, LinkChoice};
use crate::addresses::find_links;
use crate::article::{Article, Paragraph};
use crate::i18n::{Language, labels, long_date};
use crate::search::{Column, Query, highlight_column};
use crate::textfit::hard_split;
use crate::wrap::{justify, wrap_paragraph};

/// How the reader lays out text (from `[reader]` in config.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderLayout {
    pub max_width: u16,
    pub justify: bool,
    pub paragraph_spacing: u16,
}

impl Default for ReaderLayout {
    fn default() -> Self {
        ReaderLayout {
            max_width: 100,
            justify: false,
            paragraph_spacing: 1,
        }
    }
}

/// What a line of the document is, so the theme can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Meta,
    Body,
    /// A line of a preformatted paragraph (code): as written, cut (not
    /// wrapped) where wider than the text.
    Preformatted,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub kind: LineKind,
    pub text: String,
    /// Byte ranges of `text` that are (part of) a web address.
    pub links: Vec<Range<usize>>,
    /// The whole address of each of `links`, in the same order (a wrapped
    /// address is in pieces on several lines, each with all of it here).
    pub link_urls: Vec<String>,
    /// Byte ranges of `text` that match the search.
    pub matches: Vec<Range<usize>>,
}

/// `paragraph` with `[n]` after each address (its number among `choices`),
/// and the byte ranges of the addresses in the result.
fn number_links(paragraph: &str, choices: &[LinkChoice]) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(paragraph.len() + 16);
    let mut ranges = Vec::new();
    let mut from = 0;
    for r in find_links(paragraph) {
        let (Some(before), Some(found)) = (paragraph.get(from..r.start), paragraph.get(r.clone()))
        else {
            continue;
        };
        out.push_str(before);
        let start = out.len();
        out.push_str(found);
        ranges.push(start..out.len());
        if let Some(n) = links::number_of(choices, &links::normalize(found)) {
            out.push_str(&format!("[{n}]"));
        }
        from = r.end;
    }
    out.push_str(paragraph.get(from..).unwrap_or_default());
    (out, ranges)
}

/// Where the wrapped `line` lies in `paragraph`, searching from `*from`
/// (wrapped lines are pieces of the paragraph, in order).
fn locate(paragraph: &str, line: &str, from: &mut usize) -> Option<Range<usize>> {
    let found = paragraph.get(*from..)?.find(line)?;
    let start = *from + found;
    *from = start + line.len();
    Some(start..*from)
}

/// The parts of `ranges` (in paragraph bytes) that fall in `line`, in line bytes.
fn clip(ranges: &[Range<usize>], line: &Range<usize>) -> Vec<Range<usize>> {
    clip_numbered(ranges, line)
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

/// [`clip`], each part with the index of the range it comes from.
fn clip_numbered(ranges: &[Range<usize>], line: &Range<usize>) -> Vec<(usize, Range<usize>)> {
    ranges
        .iter()
        .enumerate()
        .filter(|(_, r)| r.start < line.end && r.end > line.start)
        .map(|(i, r)| {
            (
                i,
                r.start.max(line.start) - line.start..r.end.min(line.end) - line.start,
            )
        })
        .collect()
}

/// The same pieces found again in a justified copy of the line.
fn relocate(original: &str, pieces: &[Range<usize>], justified: &str) -> Vec<Range<usize>> {
    let numbered: Vec<_> = pieces.iter().cloned().enumerate().collect();
    relocate_numbered(original, &numbered, justified)
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

/// [`relocate`], keeping each piece's number.
fn relocate_numbered(
    original: &str,
    pieces: &[(usize, Range<usize>)],
    justified: &str,
) -> Vec<(usize, Range<usize>)> {
    let mut from = 0;
    pieces
        .iter()
        .filter_map(|(i, r)| {
            let piece = original.get(r.clone())?;
            let at = from + justified.get(from..)?.find(piece)?;
            from = at + piece.len();
            Some((*i, at..at + piece.len()))
        })
        .collect()
}

/// An article wrapped to `width` columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub width: usize,
    pub lines: Vec<DocLine>,
}

/// The text column for a pane `pane_width` wide: the pane less a margin of
/// one column on each side, capped at `max_width`, at least one column.
pub fn text_width(pane_width: u16, max_width: u16) -> usize {
    usize::from(pane_width.saturating_sub(2).min(max_width).max(1))
}

/// The metadata line under the title: date with weekday, time, source,
/// author (feeds and headers give one), views.
pub fn meta_line(article: &Article, lang: Language) -> String {
    let l = labels(lang);
    let mut parts = Vec::new();
    match &article.published {
        Some(p) => {
            let mut date = long_date(lang, p.date);
            if let Some(t) = p.time {
                date.push_str(&t.format(" %H:%M").to_string());
            }
            parts.push(date);
        }
        None => parts.push(l.undated.to_string()),
    }
    if let Some(source) = &article.source {
        parts.push(source.clone());
    }
    if let Some(author) = article
        .author
        .as_ref()
        .filter(|a| Some(*a) != article.source.as_ref())
    {
        parts.push(author.clone());
    }
    if let Some(views) = article.views {
        parts.push(format!("{views} {}", l.views));
    }
    parts.join(" · ")
}

impl Document {
    pub fn build(
        article: &Article,
        width: usize,
        layout: ReaderLayout,
        lang: Language,
        query: Option<&Query>,
    ) -> Self {
        let mut lines = Vec::new();
        let mut add = |kind, text: &str, justified: bool, links: Vec<Range<usize>>| {
            let matches = match (kind, query) {
                (LineKind::Title, Some(q)) => highlight_column(text, q, Column::Title),
                (LineKind::Body | LineKind::Preformatted, Some(q)) => {
                    highlight_column(text, q, Column::Body)
                }
                _ => Vec::new(),
            };
            let wrapped = if kind == LineKind::Preformatted {
                hard_split(text, width)
            } else {
                wrap_paragraph(text, width)
            };
            let urls: Vec<String> = links
                .iter()
                .map(|r| links::normalize(text.get(r.clone()).unwrap_or_default()))
                .collect();
            let last = wrapped.len().saturating_sub(1);
            let mut from = 0;
            for (i, line) in wrapped.into_iter().enumerate() {
                let place = locate(text, &line, &mut from);
                let (mut line_links, mut line_matches) = match &place {
                    Some(p) => (clip_numbered(&links, p), clip(&matches, p)),
                    None => (Vec::new(), Vec::new()),
                };
                let text = if justified && i < last {
                    let j = justify(&line, width);
                    line_links = relocate_numbered(&line, &line_links, &j);
                    line_matches = relocate(&line, &line_matches, &j);
                    j
                } else {
                    line
                };
                let link_urls = line_links
                    .iter()
                    .map(|(n, _)| urls.get(*n).cloned().unwrap_or_default())
                    .collect();
                lines.push(DocLine {
                    kind,
                    text,
                    links: line_links.into_iter().map(|(_, r)| r).collect(),
                    link_urls,
                    matches: line_matches,
                });
            }
        };
        // numbers next to the links only when there is a choice to make
        let choices = links::choices(article);
        let numbered = choices.len() > 1;
        add(LineKind::Title, &article.title, false, Vec::new());
        add(LineKind::Meta, &meta_line(article, lang), false, Vec::new());
        if let Some(own) = choices.first().filter(|c| c.number == 0) {
            let mut text = own.url.clone();
            if numbered {
                text.push_str(" [0]");
            }
            let range: Range<usize> = 0..own.url.len();
            add(LineKind::Meta, &text, false, vec![range]);
        }
        for (n, paragraph) in article.paragraphs.iter().enumerate() {
            // one blank line always parts the header from the body
            let spacing = if n == 0 { 1 } else { layout.paragraph_spacing };
            for _ in 0..spacing {
                add(LineKind::Blank, "", false, Vec::new());
            }
            let (kind, lines) = match Paragraph::of(paragraph) {
                Paragraph::Prose(text) => (LineKind::Body, vec![text]),
                Paragraph::Preformatted(text) => (LineKind::Preformatted, text.lines().collect()),
            };
            let justified = layout.justify && kind == LineKind::Body;
            for line in lines {
                if numbered {
                    let (text, ranges) = number_links(line, &choices);
                    add(kind, &text, justified, ranges);
                } else {
                    add(kind, line, justified, find_links(line));
                }
            }
        }
        Document { width, lines }
    }

    /// Lines that hold a search match, in order.
    pub fn match_lines(&self) -> impl Iterator<Item = usize> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.matches.is_empty())
            .map(|(i, _)| i)
    }
}

/// Where the reader is in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderState {
    /// The article on screen, whole.
    pub article: Article,
    /// First document line shown.
    pub scroll: usize,
    pub doc: Document,
    /// The line of the search match last jumped to.
    pub focus: Option<usize>,
}

impl ReaderState {
    pub fn max_scroll(&self, page: usize) -> usize {
        self.doc.lines.len().saturating_sub(page.max(1))
    }

    /// Jump to the next (`forward`) or previous search match after or
    /// before the focused one (or the top of the page), two lines below the
    /// top of the page. False when there is none in that direction.
    pub fn jump_to_match(&mut self, forward: bool, page: usize) -> bool {
        let from = self.focus.unwrap_or(self.scroll);
        let target = if forward {
            let start = if self.focus.is_some() { from + 1 } else { from };
            self.doc.match_lines().find(|&l| l >= start)
        } else {
            self.doc.match_lines().filter(|&l| l < from).last()
        };
        let Some(line) = target else { return false };
        self.focus = Some(line);
        self.scroll = line.saturating_sub(2);
        self.scroll_by(0, page);
        true
    }

    pub fn scroll_by(&mut self, delta: isize, page: usize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll(page));
    }

    /// How far through the article the bottom of the page is, 0..=100.
    pub fn percent(&self, page: usize) -> usize {
        let total = self.doc.lines.len();
        if total == 0 {
            return 100;
        }
        ((self.scroll + page).min(total) * 100) / total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Published;
    use crate::textfit::width;
    use chrono::{NaiveDate, NaiveTime};

    fn article() -> Article {
        Article {
            id: "a.txt".into(),
            title: "Tổng kết công tác dân vận".into(),
            published: Some(Published {
                date: NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
                time: NaiveTime::from_hms_opt(19, 20, 0),
                instant: None,
            }),
            views: Some(38),
            source: Some("Báo Tuyên Quang Online".into()),
            paragraphs: vec![
                "Một hai ba bốn năm sáu bảy tám chín mười".into(),
                "Ngắn.".into(),
            ],
            link: None,
            author: None,
        }
    }

    #[test]
    fn meta_line_in_both_languages() {
        assert_eq!(
            meta_line(&article(), Language::Vi),
            "Thứ Năm, 31/12/2020 19:20 · Báo Tuyên Quang Online · 38 lượt xem"
        );
        let mut a = article();
        a.published = None;
        a.views = None;
        assert_eq!(
            meta_line(&a, Language::En),
            "undated · Báo Tuyên Quang Online"
        );
        a.author = Some("Thu Phương".into());
        assert_eq!(
            meta_line(&a, Language::En),
            "undated · Báo Tuyên Quang Online · Thu Phương"
        );
        // a feed naming itself as the author says it once
        a.author = a.source.clone();
        assert_eq!(
            meta_line(&a, Language::En),
            "undated · Báo Tuyên Quang Online"
        );
    }

    #[test]
    fn document_separates_paragraphs_and_fits_width() {
        let doc = Document::build(&article(), 20, ReaderLayout::default(), Language::Vi, None);
        let kinds: Vec<_> = doc.lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds[0], LineKind::Title);
        assert!(kinds.contains(&LineKind::Meta));
        let body: Vec<_> = doc
            .lines
            .iter()
            .filter(|l| l.kind != LineKind::Title && l.kind != LineKind::Meta)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            body,
            [
                "",
                "Một hai ba bốn năm",
                "sáu bảy tám chín",
                "mười",
                "",
                "Ngắn."
            ]
        );
        assert!(doc.lines.iter().all(|l| width(&l.text) <= 20));
    }

    #[test]
    fn justified_document_fills_all_but_last_lines() {
        let layout = ReaderLayout {
            justify: true,
            paragraph_spacing: 2,
            ..ReaderLayout::default()
        };
        let doc = Document::build(&article(), 20, layout, Language::En, None);
        let body: Vec<_> = doc
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Body)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(body[0], "Một  hai  ba bốn năm");
        assert_eq!(width(body[0]), 20);
        assert_eq!(body[2], "mười");
        let blanks = doc
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Blank)
            .count();
        assert_eq!(
            blanks, 3,
            "one after the header, two between the paragraphs"
        );
        let tight = ReaderLayout {
            paragraph_spacing: 0,
            ..ReaderLayout::default()
        };
        let doc = Document::build(&article(), 20, tight, Language::En, None);
        let blanks = doc
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Blank)
            .count();
        assert_eq!(blanks, 1);
    }

    #[test]
    fn links_are_found_and_follow_the_wrapping() {
        assert_eq!(
            find_links("xem http://a.vn/x, và www.b.vn."),
            [4..17, 23..31]
        );
        assert!(find_links("không có địa chỉ").is_empty());
        let mut a = article();
        let url = "https://example.org/một-đường-dẫn-rất-dài-để-ngắt-dòng";
        a.paragraphs = vec![format!("Xem tại {url} nhé")];
        for justify in [false, true] {
            let layout = ReaderLayout {
                justify,
                ..ReaderLayout::default()
            };
            let doc = Document::build(&a, 20, layout, Language::En, None);
            let joined: String = doc
                .lines
                .iter()
                .flat_map(|l| l.links.iter().map(|r| &l.text[r.clone()]))
                .collect();
            assert_eq!(joined, url, "justify {justify}");
        }
    }

    #[test]
    fn links_are_numbered_only_when_there_is_a_choice() {
        let texts = |doc: &Document| -> Vec<String> {
            doc.lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>()
        };
        let linked = |doc: &Document| -> Vec<String> {
            doc.lines
                .iter()
                .flat_map(|l| l.links.iter().map(|r| l.text[r.clone()].to_string()))
                .collect()
        };
        let mut a = article();
        a.paragraphs = vec!["Xem http://a.vn/x, rồi www.b.vn.".into()];
        let doc = Document::build(&a, 60, ReaderLayout::default(), Language::En, None);
        assert!(texts(&doc).contains(&"Xem http://a.vn/x[1], rồi www.b.vn[2].".to_string()));
        assert_eq!(linked(&doc), ["http://a.vn/x", "www.b.vn"]);

        a.paragraphs = vec!["Chỉ một: http://a.vn/x.".into()];
        let doc = Document::build(&a, 60, ReaderLayout::default(), Language::En, None);
        assert!(texts(&doc).contains(&"Chỉ một: http://a.vn/x.".to_string()));

        a.link = Some("https://bao.vn/tin".into());
        let doc = Document::build(&a, 60, ReaderLayout::default(), Language::En, None);
        let t = texts(&doc);
        let own = doc
            .lines
            .iter()
            .position(|l| l.text.starts_with("https://bao"));
        let own = own.unwrap();
        assert_eq!(t[own], "https://bao.vn/tin [0]");
        assert_eq!(doc.lines[own].kind, LineKind::Meta);
        assert_eq!(
            doc.lines[own + 1].kind,
            LineKind::Blank,
            "under the meta line"
        );
        assert!(t.contains(&"Chỉ một: http://a.vn/x[1].".to_string()));
        assert_eq!(linked(&doc), ["https://bao.vn/tin", "http://a.vn/x"]);

        a.paragraphs = vec!["Không có liên kết.".into()];
        let doc = Document::build(&a, 60, ReaderLayout::default(), Language::En, None);
        assert!(texts(&doc).contains(&"https://bao.vn/tin".to_string()));
    }

    #[test]
    fn text_width_caps_and_never_zero() {
        assert_eq!(text_width(200, 100), 100);
        assert_eq!(text_width(80, 100), 78);
        assert_eq!(text_width(1, 100), 1);
        assert_eq!(text_width(0, 100), 1);
    }

    #[test]
    fn scrolling_is_clamped_and_percent_reaches_100() {
        let doc = Document::build(&article(), 20, ReaderLayout::default(), Language::En, None);
        let n = doc.lines.len();
        let mut r = ReaderState {
            article: article(),
            scroll: 0,
            doc,
            focus: None,
        };
        r.scroll_by(1000, 3);
        assert_eq!(r.scroll, n - 3);
        assert_eq!(r.percent(3), 100);
        r.scroll_by(-1000, 3);
        assert_eq!(r.scroll, 0);
        assert!(r.percent(3) < 100);
    }
}
