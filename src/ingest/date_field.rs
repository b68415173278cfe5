//! The value of one date field, whatever wrote it: a header line, front
//! matter, or a feed element (`<pubDate>`, `<dc:date>`, `updated`, ...).
//!
//! [`parse_date_field`] reads one value (feeds' looser forms included:
//! [`super::feed_dates`]); [`DateCandidates`] collects every date-like
//! field of an article and keeps the best that reads:
//!
//! - fields are ranked by what they mean ([`date_rank`]): publication
//!   (`date`, `published`, `pubDate`, `dc:date`, ...) before creation
//!   (`created`, ...) before modification (`updated`, `modified`,
//!   `lastmod`, ...); within a rank, the first in the file wins;
//! - a value that does not read is passed over, and reported only when no
//!   field gave a date (so `published: false` next to `date: 2020-05-01`
//!   is no problem);
//! - a boolean is never a date and is never reported: in Jekyll,
//!   `published: false` marks a draft.

use super::clean::clean_line;
use super::feed_dates::loose_date;
use crate::article::Published;
use crate::zone::Zone;

/// Read one date value: everything [`loose_date`] reads (the forms of
/// [`super::header::parse_date`], Unix timestamps of 9-10 digits or 13 in
/// milliseconds, RFC 2822 as feed software gets it wrong), an ISO date and
/// time with `UTC`/`GMT` before its offset (Nikola's), and the
/// Vietnamese date line of the page layout (`Thứ Năm, ngày 31 tháng 12 năm
/// 2020 - 19:20`). A date with a zone, and a Unix time, is an instant shown
/// in `zone`; one without is floating.
pub fn parse_date_field(raw: &str, zone: Zone) -> Option<Published> {
    loose_date(raw, zone)
        .or_else(|| zone_word(raw, zone))
        .or_else(|| super::date_line::date_line_value(raw))
}

/// An ISO 8601 date and time whose offset follows the word `UTC` or `GMT`,
/// as Nikola writes its posts' dates: `2012-09-15 19:52:05 UTC-03:00`,
/// `2012-09-15 19:52 UTC`, `2020-10-01 08:30 GMT+7`.
fn zone_word(raw: &str, zone: Zone) -> Option<Published> {
    let (head, tail) = raw.trim().rsplit_once(' ')?;
    let offset = tail
        .strip_prefix("UTC")
        .or_else(|| tail.strip_prefix("GMT"))?;
    let offset = match offset.get(1..) {
        None | Some("") if offset.is_empty() => "+00:00".to_string(),
        Some(h) if h.len() <= 2 && h.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}{h:0>2}:00", offset.get(..1)?)
        }
        _ => offset.to_string(),
    };
    if !head.contains(':') || !offset.starts_with(['+', '-']) {
        return None;
    }
    super::header::parse_date(&format!("{}{offset}", head.trim()), zone)
}

/// What a date field means, as a rank: 0 publication, 1 creation, 2
/// modification; `None` for a key that holds no date. A key with a
/// namespace prefix that is not known whole (`atom:updated`) ranks as its
/// local name.
pub fn date_rank(key: &str) -> Option<u8> {
    rank_of(key).or_else(|| rank_of(key.rsplit_once(':')?.1))
}

fn rank_of(key: &str) -> Option<u8> {
    let k = key
        .trim()
        .to_ascii_lowercase()
        .replace(['-', ' ', '.'], "_");
    let k = k.as_str();
    Some(match k {
        "date" | "published" | "pubdate" | "pub_date" | "publishdate" | "publish_date"
        | "published_at" | "publishedat" | "published_on" | "date_published" | "datepublished"
        | "dc:date" | "dc_date" | "dcterms:date" | "dcterms:issued" | "dcterms_issued"
        | "issued" | "posted" | "posted_at" | "post_date" | "postdate" | "datetime" | "time"
        | "timestamp" | "publication_date" => 0,
        "created" | "created_at" | "createdat" | "creation_date" | "date_created"
        | "datecreated" | "dcterms:created" | "crawled" | "crawled_at" => 1,
        "updated" | "updated_at" | "updatedat" | "modified" | "modified_at" | "lastmod"
        | "last_modified" | "lastmodified" | "date_modified" | "datemodified"
        | "dcterms:modified" | "last_updated" | "edited" => 2,
        _ => return None,
    })
}

/// A date field that did not read: its key, raw value and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub key: String,
    pub raw: String,
    pub line: Option<usize>,
}

/// Every date-like field of one article, in the order found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DateCandidates {
    /// (rank, key, raw value, line)
    fields: Vec<(u8, String, String, Option<usize>)>,
}

impl DateCandidates {
    /// Record `key: raw` if `key` names a date ([`date_rank`]); both are
    /// kept cleaned ([`clean_line`]), so they can go into messages.
    pub fn offer(&mut self, key: &str, raw: &str, line: Option<usize>) -> bool {
        let Some(rank) = date_rank(key) else {
            return false;
        };
        let raw = clean_line(raw);
        if !raw.is_empty() && self.fields.len() < 64 {
            self.fields.push((rank, clean_line(key), raw, line));
        }
        true
    }

    /// Whether any date-like field was offered.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The best date that reads (lowest rank, then first); else every field
    /// that did not read, in the order found (empty when there was none).
    pub fn pick(&self, zone: Zone) -> Result<Published, Vec<Unread>> {
        let mut order: Vec<&(u8, String, String, Option<usize>)> = self.fields.iter().collect();
        order.sort_by_key(|f| f.0);
        for (_, _, raw, _) in &order {
            if let Some(p) = parse_date_field(raw, zone) {
                return Ok(p);
            }
        }
        Err(self
            .fields
            .iter()
            .map(|(_, key, raw, line)| Unread {
                key: key.clone(),
                raw: raw.clone(),
                line: *line,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, NaiveDate, NaiveTime};
    use proptest::prelude::*;

    fn utc() -> Zone {
        Zone::utc()
    }

    /// The wall clock of a date, whether it is an instant or floating.
    fn at(y: i32, m: u32, d: u32, hms: Option<(u32, u32, u32)>) -> (NaiveDate, Option<NaiveTime>) {
        (
            NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            hms.map(|(h, mi, s)| NaiveTime::from_hms_opt(h, mi, s).unwrap()),
        )
    }

    fn wall(p: Option<Published>) -> Option<(NaiveDate, Option<NaiveTime>)> {
        p.map(|p| (p.date, p.time))
    }

    #[test]
    fn timestamps_and_every_header_form() {
        let plus7 = Zone::Fixed(FixedOffset::east_opt(7 * 3600).unwrap());
        for (raw, want) in [
            ("1518478934", Some(at(2018, 2, 12, Some((23, 42, 14))))),
            ("1518478934000", Some(at(2018, 2, 12, Some((23, 42, 14))))),
            ("2020-05-01", Some(at(2020, 5, 1, None))),
            ("20201001", Some(at(2020, 10, 1, None))),
            (
                "Mon, 16 Oct 2017 15:10:00 +0000",
                Some(at(2017, 10, 16, Some((15, 10, 0)))),
            ),
            (
                "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20",
                Some(at(2020, 12, 31, Some((19, 20, 0)))),
            ),
            // Nikola's dates: the offset after `UTC`
            (
                "2012-09-15 19:52:05 UTC-03:00",
                Some(at(2012, 9, 15, Some((22, 52, 5)))),
            ),
            (
                "2012-09-15 19:52 UTC",
                Some(at(2012, 9, 15, Some((19, 52, 0)))),
            ),
            (
                "2020-10-01 08:30 GMT+7",
                Some(at(2020, 10, 1, Some((1, 30, 0)))),
            ),
            ("2020-10-01 UTC+07:00", None),
            ("08:30 UTC+7", None),
            ("false", None),
            ("true", None),
            ("119", None),
            ("12345678901", None),
            ("1518478934.x", None),
            ("", None),
        ] {
            assert_eq!(wall(parse_date_field(raw, utc())), want, "{raw}");
        }
        let p = parse_date_field("1518478934", plus7).unwrap();
        assert_eq!(wall(Some(p)), Some(at(2018, 2, 13, Some((6, 42, 14)))));
        assert_eq!(p.instant, Some(1_518_478_934));
    }

    #[test]
    fn the_best_field_that_reads_wins() {
        let mut c = DateCandidates::default();
        assert!(!c.offer("title", "x", Some(1)));
        assert!(c.offer("lastmod", "2021-01-01", Some(2)));
        assert!(c.offer("published", "false", Some(3)));
        assert!(c.offer("date", "2020-05-01", Some(4)));
        assert_eq!(wall(c.pick(utc()).ok()), Some(at(2020, 5, 1, None)));

        let mut c = DateCandidates::default();
        c.offer("pubDate", "Mon, 16 Oct 2017 15:10:00 +0000", None);
        c.offer("dc:date", "1518478934", None);
        assert_eq!(
            wall(c.pick(utc()).ok()),
            Some(at(2017, 10, 16, Some((15, 10, 0))))
        );

        let mut c = DateCandidates::default();
        c.offer("Date", "hôm qua", Some(2));
        c.offer("updated", "2022-02-02", Some(5));
        assert_eq!(wall(c.pick(utc()).ok()), Some(at(2022, 2, 2, None)));

        let mut c = DateCandidates::default();
        c.offer("Date", "hôm qua", Some(2));
        let unread = c.pick(utc()).unwrap_err();
        assert_eq!(
            unread,
            [Unread {
                key: "Date".into(),
                raw: "hôm qua".into(),
                line: Some(2)
            }]
        );
        assert_eq!(DateCandidates::default().pick(utc()), Err(vec![]));
    }

    proptest! {
        #[test]
        fn any_value_reads_or_not_without_panic(s in "\\PC{0,40}|[0-9.]{0,16}") {
            let _ = parse_date_field(&s, utc());
        }
    }
}
