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
//! (`key: value`, see `parse_yaml_meta`), followed by the title and
//! paragraphs.
//!
//! Decisions:
//!
//! - Keys are case-insensitive. Known keys: `title`; `date`, `published`,
//!   `pubdate`; `source`, `site`, `publisher`; `url`, `link`; `author`. In
//!   the `#` style any `# word = value` line belongs to the header (unknown
//!   keys are ignored); in the `Key: value` style only known keys do, so a
//!   body sentence such as `Note: ...` is never eaten. Blank lines between
//!   header lines are allowed.
//! - Paragraphs: when the body (after the title) has blank lines between
//!   its lines, paragraphs are the blank-line separated blocks, their lines
//!   joined with a space (hard-wrapped text); otherwise each line is one.
//! - Dates: see [`parse_date`]. A date with a UTC offset is converted to the
//!   display offset; one without is taken as already local. An unreadable
//!   date is a warning with its line; the article is then undated.
//! - Front matter that is not valid TOML is a warning with its line; the
//!   block is dropped and the rest is read as usual.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Timelike};

use super::clean::clean_line;
use super::formats::{ParseOptions, short_title, title_from_path};
use super::page::LineNote;
use crate::article::{Article, Published};
use crate::zone::Zone;

/// What a header or front matter says. Values are cleaned; `date` keeps the
/// raw value and its 1-based line for the warning if it cannot be read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<(String, usize)>,
    pub source: Option<String>,
    pub link: Option<String>,
    pub author: Option<String>,
}

enum Key {
    Title,
    Date,
    Source,
    Link,
    Author,
}

fn key_of(k: &str) -> Option<Key> {
    Some(match k.trim().to_ascii_lowercase().as_str() {
        "title" => Key::Title,
        "date" | "published" | "pubdate" => Key::Date,
        "source" | "site" | "publisher" => Key::Source,
        "url" | "link" => Key::Link,
        "author" => Key::Author,
        _ => return None,
    })
}

impl Meta {
    /// Set `key` (if known) to `value`, unless an earlier line set it.
    fn set(&mut self, key: &str, value: &str, line: usize) {
        let v = clean_line(value);
        if v.is_empty() {
            return;
        }
        let slot = match key_of(key) {
            Some(Key::Title) => &mut self.title,
            Some(Key::Source) => &mut self.source,
            Some(Key::Link) => &mut self.link,
            Some(Key::Author) => &mut self.author,
            Some(Key::Date) => {
                self.date.get_or_insert((v, line));
                return;
            }
            None => return,
        };
        slot.get_or_insert(v);
    }
}

/// `"x"` or `'x'` to `x`.
fn unquote(v: &str) -> &str {
    let v = v.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return v.get(1..v.len() - 1).unwrap_or(v);
        }
    }
    v
}

pub(super) use super::page::split_lines;

/// `# key = value`: (key, value).
fn hash_style(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start().strip_prefix('#')?;
    let (k, v) = rest.split_once('=')?;
    let k = k.trim();
    let word = !k.is_empty()
        && k.len() <= 32
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    word.then_some((k, v))
}

/// `Key: value` with a known key.
fn colon_style(line: &str) -> Option<(&str, &str)> {
    let (k, v) = line.trim_start().split_once(':')?;
    key_of(k)?;
    (!k.starts_with(' ') && !k.ends_with(' ')).then_some((k, v))
}

/// The front matter fence that opens the file, if any: `+++` or `---`, and
/// the index of the closing fence.
pub(super) fn front_matter(lines: &[&str]) -> Option<(&'static str, usize, usize)> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let fence = match lines.get(first)?.trim_end() {
        "+++" => "+++",
        "---" => "---",
        _ => return None,
    };
    let close = lines
        .iter()
        .enumerate()
        .skip(first + 1)
        .find(|(_, l)| l.trim_end() == fence)
        .map(|(i, _)| i)?;
    Some((fence, first, close))
}

/// Does the text open with a metadata header or front matter? (For format
/// detection.) Only a known key counts, so a page whose title has a `#` in
/// it is not taken for one.
pub fn has_header(text: &str) -> bool {
    let lines: Vec<&str> = split_lines(super::head(text, 8192))
        .into_iter()
        .take(60)
        .collect();
    if let Some((fence, first, close)) = front_matter(&lines) {
        return lines.get(first + 1..close).is_some_and(|block| {
            block.iter().any(|l| {
                if fence == "+++" {
                    l.split_once('=').is_some_and(|(k, _)| key_of(k).is_some())
                } else {
                    colon_style(l).is_some()
                }
            })
        });
    }
    let Some(first) = lines.iter().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    hash_style(first).is_some_and(|(k, _)| key_of(k).is_some()) || colon_style(first).is_some()
}

/// Read the `+++` TOML block `block` whose first line is line `first_line`.
pub(super) fn parse_toml_meta(block: &str, first_line: usize) -> Result<Meta, LineNote> {
    let table: toml::Table = toml::from_str(block).map_err(|e| {
        let line = e.span().map(|r| {
            first_line
                + block
                    .get(..r.start.min(block.len()))
                    .map_or(0, |b| b.matches('\n').count())
        });
        LineNote {
            line: line.or(Some(first_line)),
            message: format!(
                "front matter is not valid TOML ({}); it is left out",
                clean_line(e.message())
            ),
        }
    })?;
    let mut meta = Meta::default();
    // The table does not keep lines: find each key's line in the block.
    let line_of = |key: &str| {
        block
            .lines()
            .position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map_or(first_line, |i| first_line + i)
    };
    for (k, v) in &table {
        let text = match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            _ => continue,
        };
        meta.set(k, &text, line_of(k));
    }
    Ok(meta)
}

/// Read a `---` block: `key: value` lines, values optionally in single or
/// double quotes; anything else (lists, nesting, comments) is ignored. No
/// YAML crate: only this simple form is understood.
pub(super) fn parse_yaml_meta(block: &[&str], first_line: usize) -> Meta {
    let mut meta = Meta::default();
    for (i, l) in block.iter().enumerate() {
        if l.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some((k, v)) = l.split_once(':') {
            meta.set(k, unquote(v), first_line + i);
        }
    }
    meta
}

/// The front matter or header at the top of `lines`: the metadata, the
/// index of the first body line, and warnings.
pub(super) fn read_meta(lines: &[&str]) -> (Meta, usize, Vec<LineNote>) {
    if let Some((fence, first, close)) = front_matter(lines) {
        let block = lines.get(first + 1..close).unwrap_or_default();
        let first_line = first + 2;
        if fence == "+++" {
            return match parse_toml_meta(&block.join("\n"), first_line) {
                Ok(m) => (m, close + 1, vec![]),
                Err(n) => (Meta::default(), close + 1, vec![n]),
            };
        }
        return (parse_yaml_meta(block, first_line), close + 1, vec![]);
    }
    let mut meta = Meta::default();
    let mut end = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        match hash_style(l).or_else(|| colon_style(l)) {
            Some((k, v)) => {
                meta.set(k, unquote(v), i + 1);
                end = i + 1;
            }
            None => break,
        }
    }
    (meta, end, vec![])
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
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            return Some(Published::floating(dt.date(), dt.time().with_nanosecond(0)));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
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

/// The date of `meta`, read with [`parse_date`]; warnings go to `notes`.
pub(super) fn meta_date(
    meta: &Meta,
    opts: &ParseOptions,
    notes: &mut Vec<LineNote>,
) -> Option<Published> {
    let Some((raw, line)) = &meta.date else {
        notes.push(LineNote {
            line: None,
            message: "no date given; listed as undated".into(),
        });
        return None;
    };
    let p = parse_date(raw, opts.zone);
    if p.is_none() {
        notes.push(LineNote {
            line: Some(*line),
            message: format!(
                "date \"{raw}\" not understood (expected e.g. 2020-10-01, 2020-10-01 08:30, 20201001, 01/10/2020 or an RFC 2822 date); listed as undated"
            ),
        });
    }
    p
}

/// Build the article of a single-article file.
pub(super) fn single(
    rel_path: &str,
    meta: Meta,
    title: Option<String>,
    paragraphs: Vec<String>,
    published: Option<Published>,
    notes: &mut Vec<LineNote>,
) -> Result<Article, LineNote> {
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
            notes.push(LineNote {
                line: None,
                message: format!("no title; using the file name \"{t}\""),
            });
            t
        }
    };
    if paragraphs.is_empty() {
        notes.push(LineNote {
            line: None,
            message: "no article text after the title".into(),
        });
    }
    Ok(Article {
        id: rel_path.to_string(),
        title,
        published,
        views: None,
        source: meta.source,
        paragraphs,
        link: meta.link,
        author: meta.author,
    })
}

/// Parse header-style text (already decoded).
pub fn parse_header_text(
    rel_path: &str,
    text: &str,
    opts: &ParseOptions,
) -> Result<(Article, Vec<LineNote>), LineNote> {
    let lines = split_lines(text);
    let (mut meta, body_start, mut notes) = read_meta(&lines);
    let published = meta_date(&meta, opts, &mut notes);
    let body = lines.get(body_start..).unwrap_or_default();
    let (title, paragraphs) = title_and_paragraphs(meta.title.take(), body);
    let parsed = single(rel_path, meta, title, paragraphs, published, &mut notes)?;
    Ok((parsed, notes))
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

    #[test]
    fn paragraphs_one_per_line_or_blocks() {
        let (t, p) = title_and_paragraphs(None, &["", "T", "", "a", "b"]);
        assert_eq!((t.as_deref(), p), (Some("T"), vec!["a".into(), "b".into()]));
        let (_, p) = title_and_paragraphs(None, &["T", "a", "b", "", "c", ""]);
        assert_eq!(p, ["a b", "c"]);
    }

    #[test]
    fn toml_errors_carry_their_line() {
        let e = parse_toml_meta("title = \"x\"\ndate = = 1\n", 2).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.starts_with("front matter is not valid TOML"));
    }
}
