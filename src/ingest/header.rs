//! Text with a metadata header, as written by scrapers and corpus tools:
//!
//! ```text
//! # date = 20201001                 `#` comment style: `# key = value`
//! # url = https://example.com/a
//! Title: Tin mới                    or `Key: value` style
//! Date: 2020-10-01 08:30
//!
//! <title>                           when no header gave one: first line
//! <paragraphs>
//! ```
//!
//! or a front matter block between `+++` lines (TOML) or `---` lines
//! (YAML), followed by the title and paragraphs. Where a header ends and
//! what counts as one: [`super::front_matter`].
//!
//! Decisions:
//!
//! - Keys are case-insensitive. Every key of the header is read, known or
//!   not, and none reaches the body; what each means is
//!   [`Meta::from_fields`]'s: title, source, link, author, tags, category,
//!   date fields; keys of no known use are a note in `check`.
//! - Paragraphs: when the body (after the title) has blank lines between
//!   its lines, paragraphs are the blank-line separated blocks, their lines
//!   joined with a space (hard-wrapped text); otherwise each line is one.
//! - Dates: the best date field that reads ([`super::date_field`]; each
//!   value read with [`parse_date`] and more). A date with a UTC offset is
//!   converted to the display offset; one without is taken as already
//!   local. With no date field that reads, a date in a path-like field or
//!   in the file's path ([`super::path_date`]) is used and noted; else the
//!   article is undated, with a warning for each date field that did not
//!   read.
//! - Front matter that is not valid TOML is a warning with its line; the
//!   block is dropped and the rest is read as usual. YAML that is not valid
//!   is read line by line, with a warning.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Timelike};

use super::clean::clean_line;
use super::formats::{ParseOptions, short_title, title_from_path};
use super::front_matter;
use super::page::LineNote;
use super::path_date::path_date;
use crate::article::{Article, Published};
use crate::zone::Zone;

pub(super) use super::front_matter::Meta;
pub(super) use super::page::split_lines;

/// Does the text open with a metadata header or front matter? (For format
/// detection; the rules are [`front_matter`](super::front_matter)'s.)
pub fn has_header(text: &str) -> bool {
    let mut lines = split_lines(super::head(text, 8192));
    lines.truncate(200);
    front_matter::opens_with_block(&lines)
}

/// The top of a header-style or Markdown file, read: its metadata, where
/// the body starts, its date, and what `check` says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Head {
    pub meta: Meta,
    /// Index of the first body line.
    pub body_start: usize,
    pub published: Option<Published>,
    pub warnings: Vec<LineNote>,
    /// Notes that are no warnings: a date taken from the path, header keys
    /// not used.
    pub remarks: Vec<LineNote>,
}

/// Read the front matter or header of `lines` (the file `rel_path`) and
/// settle its date: the best date field that reads
/// ([`DateCandidates::pick`](super::date_field::DateCandidates::pick)), else
/// a date in a path-like field or in the file's path
/// ([`path_date`](super::path_date::path_date)), noted; else undated, with a
/// warning for each date field that did not read (or that there was none).
pub(super) fn read_head(rel_path: &str, lines: &[&str], opts: &ParseOptions) -> Head {
    head_from_block(rel_path, front_matter::read_block(lines), opts)
}

/// [`read_head`] for fields read by another parser (reStructuredText's
/// docinfo, [`super::rst`]): the same meaning, date and notes.
pub(super) fn head_from_block(
    rel_path: &str,
    block: front_matter::Block,
    opts: &ParseOptions,
) -> Head {
    let meta = Meta::from_fields(&block.fields);
    let mut warnings = block.warnings;
    let mut remarks = Vec::new();
    let published = match meta.dates.pick(opts.zone) {
        Ok(p) => Some(p),
        Err(unread) => match path_date(&meta.path_fields, rel_path) {
            Some((date, origin)) => {
                let mut message = origin.note(date);
                for u in &unread {
                    message.push_str(&format!(" (the {} field \"{}\" is no date)", u.key, u.raw));
                }
                remarks.push(LineNote {
                    line: None,
                    message,
                });
                Some(Published::floating(date, None))
            }
            None if unread.is_empty() => {
                warnings.push(LineNote {
                    line: None,
                    message: "no date given; listed as undated".into(),
                });
                None
            }
            None => {
                warnings.extend(unread.into_iter().map(|u| LineNote {
                    line: u.line,
                    message: format!(
                        "date \"{}\" not understood (expected e.g. 2020-10-01, 2020-10-01 08:30, 20201001, 01/10/2020, a Unix time or an RFC 2822 date); listed as undated",
                        u.raw
                    ),
                }));
                None
            }
        },
    };
    if !meta.unknown_keys.is_empty() {
        remarks.push(LineNote {
            line: None,
            message: format!("header keys not used: {}", meta.unknown_keys.join(", ")),
        });
    }
    Head {
        meta,
        body_start: block.body_start,
        published,
        warnings,
        remarks,
    }
}

/// One article from a header-style or Markdown file, with what `check`
/// says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Single {
    pub article: Article,
    pub warnings: Vec<LineNote>,
    /// Notes that are no warnings ([`Head::remarks`]).
    pub remarks: Vec<LineNote>,
}

/// Title and paragraphs from the lines after the header (`first` is the
/// 0-based index of `body[0]` in the file). The title is `title` if given,
/// else the first non-empty line.
pub(super) fn title_and_paragraphs(
    title: Option<String>,
    body: &[&str],
) -> (Option<String>, Vec<String>) {
    let mut body = body;
    let title = title.or_else(|| {
        let i = body.iter().position(|l| !clean_line(l).is_empty())?;
        let t = clean_line(body.get(i)?);
        body = body.get(i + 1..).unwrap_or_default();
        Some(t)
    });
    let cleaned: Vec<String> = body.iter().map(|l| clean_line(l)).collect();
    let first = cleaned.iter().position(|l| !l.is_empty());
    let last = cleaned.iter().rposition(|l| !l.is_empty());
    let inner = match (first, last) {
        (Some(a), Some(b)) => cleaned.get(a..=b).unwrap_or_default(),
        _ => &[],
    };
    let blocks = inner.iter().any(String::is_empty);
    let paragraphs = if blocks {
        inner
            .split(String::is_empty)
            .filter(|b| !b.is_empty())
            .map(|b| b.join(" "))
            .collect()
    } else {
        inner.to_vec()
    };
    (title, paragraphs)
}

/// Read a date value as written in headers and front matter:
///
/// - RFC 3339 / ISO 8601 with an offset or `Z` (`T` or a space before the
///   time; `+07:00` or `+0700`): an instant, shown in `zone`;
/// - RFC 2822 (`Thu, 01 Oct 2020 08:30:00 +0700`): an instant, shown in
///   `zone`;
/// - ISO 8601 without offset: `2020-10-01`, `2020-10-01 08:30`,
///   `2020-10-01T08:30:00(.fff)`: floating, shown as written;
/// - `YYYYMMDD`, optionally followed by ` HH:MM[:SS]`;
/// - `dd/mm/yyyy`, optionally followed by ` HH:MM[:SS]` (also with `-` or
///   `.` between the parts of the date).
///
/// Seconds are kept, fractions of a second dropped.
pub fn parse_date(raw: &str, zone: Zone) -> Option<Published> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let zoned = |dt: DateTime<FixedOffset>| Published::at(dt.timestamp(), zone);
    let z = match s.strip_suffix(['Z', 'z']) {
        Some(head) => format!("{head}+00:00"),
        None => s.to_string(),
    };
    if let Ok(dt) = DateTime::parse_from_rfc3339(&z) {
        return zoned(dt);
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M %z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(&z, f) {
            return zoned(dt);
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return zoned(dt);
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f)
            && year_of_four_digits(s)
        {
            return Some(Published::floating(dt.date(), dt.time().with_nanosecond(0)));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        && year_of_four_digits(s)
    {
        return Some(Published::floating(d, None));
    }
    let (date_part, time_part) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let date = compact_date(date_part).or_else(|| dmy_date(date_part))?;
    let time = match time_part {
        None => None,
        Some(t) => Some(crate::dates::parse_clock(t)?),
    };
    Some(Published::floating(date, time))
}

/// Whether `s` starts with a year of four digits and a `-`, as the ISO forms
/// that are read with chrono's `%Y` must: `%Y` takes any number of digits,
/// and `03-12-31` (a year of two, in feeds) is no date of the year 3.
fn year_of_four_digits(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 4 && b.iter().take(4).all(u8::is_ascii_digit) && b.get(4) == Some(&b'-')
}

/// `YYYYMMDD`.
fn compact_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y = s.get(..4)?.parse().ok()?;
    let m = s.get(4..6)?.parse().ok()?;
    let d = s.get(6..)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `d/m/yyyy` (or `-`, `.`), day first.
fn dmy_date(s: &str) -> Option<NaiveDate> {
    let sep = s.chars().find(|c| ['/', '-', '.'].contains(c))?;
    let mut parts = s.split(sep);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || !(1..=2).contains(&d.len())
        || !(1..=2).contains(&m.len())
        || y.len() != 4
    {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

impl Head {
    /// Build the article of a single-article file from its title and
    /// paragraphs. Err: nothing to show; the file is skipped.
    pub(super) fn into_single(
        self,
        rel_path: &str,
        title: Option<String>,
        paragraphs: Vec<String>,
    ) -> Result<Single, LineNote> {
        let Head {
            meta,
            published,
            mut warnings,
            remarks,
            ..
        } = self;
        let title = match title.filter(|t| !t.is_empty()) {
            Some(t) => short_title(&t),
            None if paragraphs.is_empty() => {
                return Err(LineNote {
                    line: None,
                    message:
                        "no title and no text after the header; add the article or remove the file"
                            .into(),
                });
            }
            None => {
                let t = title_from_path(rel_path);
                warnings.push(LineNote {
                    line: None,
                    message: format!("no title; using the file name \"{t}\""),
                });
                t
            }
        };
        if paragraphs.is_empty() {
            warnings.push(LineNote {
                line: None,
                message: "no article text after the title".into(),
            });
        }
        let article = Article {
            id: rel_path.to_string(),
            title,
            published,
            views: None,
            source: meta.source,
            paragraphs,
            link: meta.link,
            author: meta.author,
        };
        Ok(Single {
            article,
            warnings,
            remarks,
        })
    }
}

/// Parse header-style text (already decoded).
pub fn parse_header_text(
    rel_path: &str,
    text: &str,
    opts: &ParseOptions,
) -> Result<Single, LineNote> {
    let lines = split_lines(text);
    let mut head = read_head(rel_path, &lines, opts);
    let body = lines.get(head.body_start..).unwrap_or_default();
    let (title, paragraphs) = title_and_paragraphs(head.meta.title.take(), body);
    head.into_single(rel_path, title, paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, hm: Option<(u32, u32)>) -> Option<Published> {
        Some(Published {
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            time: hm.map(|(h, mi)| chrono::NaiveTime::from_hms_opt(h, mi, 0).unwrap()),
            instant: None,
        })
    }

    fn plus7() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(7 * 3600).unwrap())
    }

    #[test]
    fn zoned_values_are_instants_and_others_float() {
        // 2020-10-01T01:30:00Z
        let instant = 1_601_515_800;
        for raw in [
            "2020-10-01T08:30:00+07:00",
            "2020-10-01 01:30:00Z",
            "2020-10-01T01:30+0000",
            "Thu, 01 Oct 2020 08:30:00 +0700",
            "Thu, 01 Oct 2020 01:30:00 GMT",
            "2020-10-01T08:30:00.999+07:00",
        ] {
            let p = parse_date(raw, plus7()).unwrap();
            assert_eq!(p.instant, Some(instant), "{raw}");
            let utc = parse_date(raw, Zone::utc()).unwrap();
            assert_eq!(utc.instant, Some(instant), "{raw}");
            assert_eq!(utc.short(), "01/10/2020 01:30", "{raw}");
            assert_eq!(p.short(), "01/10/2020 08:30", "{raw}");
        }
        for raw in [
            "2020-10-01 08:30",
            "2020-10-01T08:30:00",
            "20201001 08:30",
            "01/10/2020",
        ] {
            let p = parse_date(raw, plus7()).unwrap();
            assert_eq!(p.instant, None, "{raw}");
            assert_eq!(Some(p), parse_date(raw, Zone::utc()), "{raw}");
        }
    }

    #[test]
    fn date_forms() {
        for (raw, want) in [
            ("2020-10-01", at(2020, 10, 1, None)),
            ("2020-10-01 08:30", at(2020, 10, 1, Some((8, 30)))),
            ("2020-10-01T08:30:00", at(2020, 10, 1, Some((8, 30)))),
            ("2020-10-01T08:30:00.123", at(2020, 10, 1, Some((8, 30)))),
            ("2020-12-31T23:30:00Z", at(2021, 1, 1, Some((6, 30)))),
            ("2020-12-31 23:30:00Z", at(2021, 1, 1, Some((6, 30)))),
            ("2020-10-01T08:30:00+07:00", at(2020, 10, 1, Some((8, 30)))),
            ("2020-10-01T08:30+0000", at(2020, 10, 1, Some((15, 30)))),
            (
                "Thu, 01 Oct 2020 08:30:00 +0700",
                at(2020, 10, 1, Some((8, 30))),
            ),
            (
                "Thu, 01 Oct 2020 01:30:00 GMT",
                at(2020, 10, 1, Some((8, 30))),
            ),
            ("20201001", at(2020, 10, 1, None)),
            ("20201001 08:30", at(2020, 10, 1, Some((8, 30)))),
            ("01/10/2020", at(2020, 10, 1, None)),
            ("1/10/2020 8:30", at(2020, 10, 1, Some((8, 30)))),
            ("01-10-2020", at(2020, 10, 1, None)),
        ] {
            // The wall clock at +07:00; which values are instants is
            // checked in `zoned_values_are_instants_and_others_float`.
            let wall = |p: Option<Published>| p.map(|p| (p.date, p.time));
            assert_eq!(wall(parse_date(raw, plus7())), wall(want), "{raw}");
        }
        for bad in [
            "",
            "tomorrow",
            "2020-13-01",
            "31/02/2021",
            "20201301",
            "1/10/20",
            "2020",
        ] {
            assert_eq!(parse_date(bad, plus7()), None, "{bad}");
        }
    }

    #[test]
    fn header_lines_and_detection() {
        assert!(has_header("# date = 20201001\n# url = x\nTitle\n"));
        assert!(has_header("\nTitle: T\nDate: 2020-10-01\n"));
        assert!(has_header("+++\ntitle = \"x\"\n+++\n"));
        assert!(has_header("---\ntitle: x\n---\n"));
        assert!(!has_header("Tin mới # 1\nbody"));
        assert!(!has_header("# not a header\n"));
        assert!(!has_header("Note: something\n"));
        assert!(!has_header("---\n\nHello\n"));
    }

    fn head(rel_path: &str, text: &str) -> Head {
        let opts = ParseOptions { zone: plus7() };
        read_head(rel_path, &split_lines(text), &opts)
    }

    fn messages(notes: &[LineNote]) -> Vec<(Option<usize>, &str)> {
        notes.iter().map(|n| (n.line, n.message.as_str())).collect()
    }

    #[test]
    fn the_first_date_field_that_reads_wins_and_booleans_are_no_dates() {
        let h = head("a.md", "---\npublished: false\ndate: 2020-05-01\n---\nBody");
        assert_eq!(h.published, at(2020, 5, 1, None));
        assert!(h.warnings.is_empty() && h.remarks.is_empty(), "{h:?}");
        let h = head(
            "a.txt",
            "Title: T\nDate: hôm qua\nUpdated: 1518478920\n\nBody",
        );
        let p = h.published.unwrap();
        assert_eq!(
            (p.short(), p.instant),
            ("13/02/2018 06:42".into(), Some(1_518_478_920))
        );
        assert!(h.warnings.is_empty(), "{h:?}");
        // only when nothing reads: a warning per field, at its line
        let h = head("a.txt", "Title: T\nDate: hôm qua\nUpdated: mai\n\nBody");
        assert_eq!(h.published, None);
        let w = messages(&h.warnings);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].0, Some(2));
        assert!(w[0].1.starts_with("date \"hôm qua\" not understood"));
        assert_eq!(w[1].0, Some(3));
        let h = head("a.md", "---\npublished: true\n---\nBody");
        assert_eq!(
            messages(&h.warnings),
            [(None, "no date given; listed as undated")]
        );
    }

    #[test]
    fn a_date_in_the_path_is_used_when_no_field_gives_one() {
        let h = head(
            "_posts/2017-01-04-clustering.markdown",
            "---\ntitle: C\n---\nB",
        );
        assert_eq!(h.published, at(2017, 1, 4, None));
        assert!(h.warnings.is_empty());
        assert_eq!(
            messages(&h.remarks),
            [(
                None,
                "no date field; date 2017-01-04 taken from the file name"
            )]
        );
        let h = head(
            "x.md",
            "+++\npath = \"2022/08/01/increasing-glibc\"\ntitle = \"G\"\n+++\nB",
        );
        assert_eq!(h.published, at(2022, 8, 1, None));
        // a field that does not read is named in the note
        let h = head("2020/12/31/tin.txt", "Title: T\nDate: hôm qua\n\nBody");
        assert_eq!(h.published, at(2020, 12, 31, None));
        assert!(h.warnings.is_empty());
        assert_eq!(
            messages(&h.remarks),
            [(
                None,
                "no date field; date 2020-12-31 taken from the folder names (the Date field \"hôm qua\" is no date)"
            )]
        );
        // a date field wins over the path
        let h = head("2017-01-04-x.md", "---\ndate: 2018-02-03\n---\nB");
        assert_eq!(h.published, at(2018, 2, 3, None));
        assert!(h.remarks.is_empty());
    }

    #[test]
    fn paragraphs_one_per_line_or_blocks() {
        let (t, p) = title_and_paragraphs(None, &["", "T", "", "a", "b"]);
        assert_eq!((t.as_deref(), p), (Some("T"), vec!["a".into(), "b".into()]));
        let (_, p) = title_and_paragraphs(None, &["T", "a", "b", "", "c", ""]);
        assert_eq!(p, ["a b", "c"]);
    }
}
