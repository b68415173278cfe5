//! The date forms that feeds brought, more loosely than RFC 2822 and 3339;
//! part of the project's one date reader,
//! [`super::date_field::parse_date_field`], through which every date field
//! (header, front matter, feed element, JSON key) is read:
//!
//! - Unix timestamps (`1518478934`, with a fraction `1518478934.25`, or in
//!   milliseconds: `1518478934000`), as some `<dc:date>`, `<pubDate>` and
//!   JSON fields hold;
//! - RFC 2822 as feed software gets it wrong: a weekday that is missing,
//!   wrong or long (`Thurs,`), long month names, month before day, one-digit
//!   days and hours, missing seconds, a zone written `UTC`, `Z`, `-0000` or as
//!   a common abbreviation (`CEST`, `ICT`, `JST`...), or no zone (local);
//!   the day, month and year joined by dashes (`05-Jul-2001`); the clock
//!   (and zone) before the year, as C's `asctime` and the `date` command
//!   write it (`Sun Jan  4 16:29:06 2004`);
//! - everything [`super::header::parse_date`] reads (RFC 3339 and ISO 8601
//!   forms, `YYYYMMDD`, `dd/mm/yyyy`).
//!
//! Booleans, empty values and numbers that cannot be a date are never one.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::header::parse_date;
use crate::article::Published;
use crate::zone::Zone;

/// Unix timestamps accepted, in seconds: 1973-03-03 to 2100-01-01. Smaller
/// numbers are more likely years, counts or ids than dates.
const UNIX_SECONDS: std::ops::Range<i64> = 100_000_000..4_102_444_800;

/// A date value in one of these forms: an instant shown in `zone` when it
/// names its zone (or is a Unix timestamp), else floating (as written);
/// None if it is no date. Read dates with
/// [`super::date_field::parse_date_field`], which adds the page layout's
/// forms.
pub(super) fn loose_date(raw: &str, zone: Zone) -> Option<Published> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    if let Some(dt) = unix_time(s) {
        return Published::at(dt.timestamp(), zone);
    }
    if let Some(p) = parse_date(s, zone) {
        return Some(p);
    }
    loose_rfc2822(s, zone)
}

/// Seconds (9 or 10 digits, with or without a fraction) or milliseconds
/// (13 digits) since 1970, in [`UNIX_SECONDS`].
fn unix_time(s: &str) -> Option<DateTime<Utc>> {
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    let n: i64 = whole.parse().ok()?;
    let seconds = match whole.len() {
        9 | 10 => n,
        13 if fraction.is_none() => n / 1000,
        _ => return None,
    };
    if !UNIX_SECONDS.contains(&seconds) {
        return None;
    }
    DateTime::from_timestamp(seconds, 0)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Zones by abbreviation, in minutes east of UTC: the ones chrono's RFC 2822
/// reader knows, and the common ones it does not.
const ZONES: &[(&str, i32)] = &[
    ("ut", 0),
    ("utc", 0),
    ("gmt", 0),
    ("z", 0),
    ("wet", 0),
    ("bst", 60),
    ("cet", 60),
    ("met", 60),
    ("west", 60),
    ("cest", 120),
    ("mest", 120),
    ("eet", 120),
    ("eest", 180),
    ("msk", 180),
    ("ist", 330),
    ("ict", 420),
    ("wib", 420),
    ("hkt", 480),
    ("sgt", 480),
    ("awst", 480),
    ("jst", 540),
    ("kst", 540),
    ("acst", 570),
    ("aest", 600),
    ("aedt", 660),
    ("nzst", 720),
    ("nzdt", 780),
    ("est", -300),
    ("edt", -240),
    ("cst", -360),
    ("cdt", -300),
    ("mst", -420),
    ("mdt", -360),
    ("pst", -480),
    ("pdt", -420),
    ("akst", -540),
    ("hst", -600),
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let w = w.get(..3)?;
    MONTHS
        .iter()
        .position(|m| *m == w)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn zone_offset(word: &str) -> Option<FixedOffset> {
    let w = word.trim_matches(|c| c == '(' || c == ')');
    if let Some(sign) = w.strip_prefix(['+', '-']).map(|_| w.starts_with('-')) {
        let digits: String = w.chars().skip(1).filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let h: i32 = digits.get(..2)?.parse().ok()?;
        let m: i32 = digits.get(2..)?.parse().ok()?;
        let secs = (h * 60 + m) * 60;
        return FixedOffset::east_opt(if sign { -secs } else { secs });
    }
    let lower = w.to_ascii_lowercase();
    // "GMT+7", "UTC+07:00"
    for base in ["gmt", "utc"] {
        if let Some(rest) = lower.strip_prefix(base)
            && !rest.is_empty()
        {
            let hours: String = rest
                .chars()
                .skip(1)
                .take_while(char::is_ascii_digit)
                .collect();
            let h: i32 = hours.parse().ok()?;
            let secs = h * 3600;
            return FixedOffset::east_opt(if rest.starts_with('-') { -secs } else { secs });
        }
    }
    let minutes = ZONES.iter().find(|(n, _)| *n == lower)?.1;
    FixedOffset::east_opt(minutes * 60)
}

/// `[weekday,] d month yyyy [h:mm[:ss]] [zone]`, with the month first also
/// read (`Oct 16 2017`, `October 16, 2017`), words in any case.
fn loose_rfc2822(s: &str, zone: Zone) -> Option<Published> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // `05-Jul-2001` (Python's PEPs, logs): the day, month and year
    let words: Vec<&str> = words
        .iter()
        .flat_map(|w| match w.split('-').collect::<Vec<_>>()[..] {
            [d, m, y] if month(m).is_some() && !d.is_empty() && !y.is_empty() => vec![d, m, y],
            _ => vec![*w],
        })
        .collect();
    // a leading weekday, right or wrong, says nothing
    let words = match words.first() {
        Some(w) if w.chars().all(char::is_alphabetic) && month(w).is_none() => {
            words.get(1..).unwrap_or_default()
        }
        _ => &words[..],
    };
    // C's `asctime` and the `date` command put the clock (and zone) before
    // the year: `Jan  4 16:29:06 [UTC] 2004`
    let clock_first: Vec<&str>;
    let words = match words {
        [m, d, t, zone @ .., y] if month(m).is_some() && t.contains(':') && zone.len() <= 1 => {
            clock_first = [*d, *m, *y, *t]
                .into_iter()
                .chain(zone.iter().copied())
                .collect();
            &clock_first[..]
        }
        _ => words,
    };
    let (day, mon, year, rest) = match words {
        [d, m, y, rest @ ..] if month(m).is_some() => (*d, month(m)?, *y, rest),
        [m, d, y, rest @ ..] if month(m).is_some() => (*d, month(m)?, *y, rest),
        _ => return None,
    };
    let day: u32 = day
        .trim_end_matches(['.', 's', 't', 'h', 'n', 'd', 'r'])
        .parse()
        .ok()?;
    let year: i32 = match year.parse::<i32>().ok()? {
        y @ 0..=49 => 2000 + y,
        y @ 50..=99 => 1900 + y,
        y => y,
    };
    let date = NaiveDate::from_ymd_opt(year, mon, day)?;
    let (time, zone_word) = match rest {
        [] => return Some(Published::floating(date, None)),
        [t] => (*t, None),
        [t, z] => (*t, Some(*z)),
        [t, z, paren] if paren.starts_with('(') => (*t, Some(*z)),
        _ => return None,
    };
    let time = clock(time)?;
    let naive = NaiveDateTime::new(date, time);
    match zone_word {
        None => Some(Published::floating(date, Some(time))),
        Some(z) => {
            let dt = zone_offset(z)?.from_local_datetime(&naive).single()?;
            Published::at(dt.timestamp(), zone)
        }
    }
}

/// `h:mm` or `h:mm:ss`; 24:00 is midnight (seen in feeds).
fn clock(t: &str) -> Option<chrono::NaiveTime> {
    let mut parts = t.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let sec: u32 = match parts.next() {
        Some(x) => x.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    chrono::NaiveTime::from_hms_opt(if h == 24 { 0 } else { h }, m, sec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A wall clock (date and time, if any) and whether it is an instant.
    fn at(y: i32, mo: u32, d: u32, hms: Option<(u32, u32, u32)>) -> Option<(String, bool)> {
        let p = Published::floating(
            NaiveDate::from_ymd_opt(y, mo, d).unwrap(),
            hms.map(|(h, m, s)| chrono::NaiveTime::from_hms_opt(h, m, s).unwrap()),
        );
        Some((p.iso8601(), hms.is_some()))
    }

    fn floating(p: Option<(String, bool)>) -> Option<(String, bool)> {
        p.map(|(s, _)| (s, false))
    }

    fn shown(p: Option<Published>) -> Option<(String, bool)> {
        p.map(|p| {
            (
                Published { instant: None, ..p }.iso8601(),
                p.instant.is_some(),
            )
        })
    }

    fn utc(s: &str) -> Option<(String, bool)> {
        shown(loose_date(s, Zone::utc()))
    }

    #[test]
    fn unix_timestamps_in_seconds_and_milliseconds() {
        let t = at(2018, 2, 13, Some((0, 22, 14)));
        assert_eq!(utc("1518481334"), t);
        assert_eq!(utc(" 1518481334000 "), t);
        assert_eq!(utc("1518481334.75"), t);
        for s in ["1518481334.", ".5", "1518481334000.5", "1518481334.x"] {
            assert_eq!(utc(s), None, "{s}");
        }
        // years, counts and ids are no dates
        for s in ["2017", "0", "12345", "99999999999999", "-1518481334"] {
            assert_eq!(utc(s), None, "{s}");
        }
    }

    #[test]
    fn rfc2822_as_feeds_write_it() {
        let t = at(2017, 10, 16, Some((15, 10, 0)));
        for s in [
            "Mon, 16 Oct 2017 15:10:00 +0000",
            "Monday, 16 October 2017 15:10:00 GMT",
            "Thurs, 16 Oct 2017 15:10:00 UTC",
            "16 Oct 2017 15:10 Z",
            "Mon, 16 Oct 2017 17:10:00 CEST",
            "Mon, 16 Oct 2017 22:10:00 ICT",
            "Mon, 16 Oct 2017 22:10:00 +07:00",
            "Mon, 16 Oct 2017 11:10:00 EDT",
            "Oct 16 2017 15:10:00 -0000",
            "mon, 16 oct 2017 15:10:00 gmt",
            "Mon, 16 Oct 2017 15:10:00 GMT+0",
        ] {
            assert_eq!(utc(s), t, "{s}");
        }
        assert_eq!(
            utc("Mon, 6 Oct 2017 5:10:00 +0000"),
            at(2017, 10, 6, Some((5, 10, 0)))
        );
        assert_eq!(utc("October 16, 2017"), at(2017, 10, 16, None));
        // day, month and year joined by dashes, as PEP headers write them
        assert_eq!(utc("05-Jul-2001"), at(2001, 7, 5, None));
        assert_eq!(
            utc("5-jul-2001 15:10 +0000"),
            at(2001, 7, 5, Some((15, 10, 0)))
        );
        // the clock before the year: C's asctime, and `date`'s output
        assert_eq!(
            utc("Sun Jan  4 16:29:06 2004"),
            floating(at(2004, 1, 4, Some((16, 29, 6))))
        );
        assert_eq!(
            utc("Thu Dec  3 22:41:31 UTC 2026"),
            at(2026, 12, 3, Some((22, 41, 31)))
        );
        assert_eq!(
            utc("Thu Dec  3 22:41:31 +0700 2026"),
            at(2026, 12, 3, Some((15, 41, 31)))
        );
        assert_eq!(utc("Thu Dec 3 22:41:31 2026 extra"), None);
        // no zone: floating, as written in every zone
        let plus7 = Zone::Fixed(FixedOffset::east_opt(7 * 3600).unwrap());
        assert_eq!(
            shown(loose_date("Mon, 16 Oct 2017 15:10:00", plus7)),
            floating(at(2017, 10, 16, Some((15, 10, 0))))
        );
        // with one: the instant, shown in the zone
        assert_eq!(
            shown(loose_date("Mon, 16 Oct 2017 15:10:00 GMT", plus7)),
            at(2017, 10, 16, Some((22, 10, 0)))
        );
    }

    #[test]
    fn iso_forms_come_from_the_header_reader() {
        assert_eq!(
            utc("2017-10-16T15:10:00Z"),
            at(2017, 10, 16, Some((15, 10, 0)))
        );
        assert_eq!(utc("2020-05-01"), at(2020, 5, 1, None));
    }

    #[test]
    fn booleans_and_junk_are_no_dates() {
        for s in [
            "",
            "false",
            "true",
            "yes",
            "none",
            "soon",
            "32 Oct 2017",
            "Mon, 16 Foo 2017",
            "16 Oct 2017 25:00",
            "16 Oct 2017 10:00 XYZ",
            // no year of the first century: a year of two digits, not read
            "03-12-31",
            "03-12-31T10:00",
            "203-12-31",
            "32-Jul-2001",
            "-Jul-2001",
        ] {
            assert_eq!(utc(s), None, "{s}");
        }
    }

    proptest! {
        #[test]
        fn any_text_is_no_panic(s in "\\PC{0,60}", hours in -23i32..24) {
            let zone = Zone::Fixed(FixedOffset::east_opt(hours * 3600).unwrap());
            let _ = loose_date(&s, zone);
        }
    }
}
