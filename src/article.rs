//! The article as plain data: what every input format is turned into.
//! Depends on nothing but chrono's date types and [`crate::zone`].

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc};

use crate::zone::Zone;

/// Stable identity of an article: its path relative to the data folder,
/// with `/` as the separator on every platform.
pub type ArticleId = String;

/// When an article was published: always a day, sometimes a time of day.
///
/// `date` and `time` are what is shown. A date written with a zone or an
/// offset is an `instant`, and its date and time are that instant's wall
/// clock in the zone of the run that made this value ([`Published::at`]);
/// one written without (the newspaper's pages, `2020-10-01 08:30` in a
/// header) is floating: shown as written in every zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Published {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Seconds since the Unix epoch, when the source said which instant.
    pub instant: Option<i64>,
}

impl Published {
    /// A date (and time of day) as written, in no zone.
    pub fn floating(date: NaiveDate, time: Option<NaiveTime>) -> Published {
        Published {
            date,
            time,
            instant: None,
        }
    }

    /// The instant `instant` (seconds since the Unix epoch) as seen in
    /// `zone`; None outside chrono's range.
    pub fn at(instant: i64, zone: Zone) -> Option<Published> {
        let wall = zone.wall(instant)?;
        Some(Published {
            date: wall.date(),
            time: Some(wall.time()),
            instant: Some(instant),
        })
    }

    /// The offset from UTC of the wall clock shown, in seconds east, when
    /// this is an instant.
    pub fn offset_secs(&self) -> Option<i64> {
        let utc = DateTime::<Utc>::from_timestamp(self.instant?, 0)?.naive_utc();
        let wall = self.date.and_time(self.time?);
        Some((wall - utc).num_seconds())
    }

    /// ISO 8601: `2020-12-31T19:20:00` with a time, `2020-12-31` without;
    /// an instant with the offset of the wall clock shown,
    /// `2020-12-31T19:20:00+07:00` (`Z` never: the offset says the zone).
    pub fn iso8601(&self) -> String {
        let mut text = String::with_capacity(25);
        push_ymd(&mut text, self.date);
        if let Some(t) = self.time {
            text.push('T');
            match t.nanosecond() < 1_000_000_000 {
                true => {
                    push_two_digits(&mut text, t.hour());
                    text.push(':');
                    push_two_digits(&mut text, t.minute());
                    text.push(':');
                    push_two_digits(&mut text, t.second());
                }
                // a leap second, which chrono writes as :60
                false => text.push_str(&t.format("%H:%M:%S").to_string()),
            }
            if let Some(secs) = self.offset_secs() {
                push_offset(&mut text, secs);
            }
        }
        text
    }

    /// The list's short form: `31/12/2020 19:20`, or `31/12/2020` alone.
    pub fn short(&self) -> String {
        let Ok(year @ 0..=9999) = u32::try_from(self.date.year()) else {
            return match self.time {
                Some(t) => format!("{} {}", self.date.format("%d/%m/%Y"), t.format("%H:%M")),
                None => self.date.format("%d/%m/%Y").to_string(),
            };
        };
        let mut text = String::with_capacity(16);
        push_two_digits(&mut text, self.date.day());
        text.push('/');
        push_two_digits(&mut text, self.date.month());
        text.push('/');
        push_two_digits(&mut text, year / 100);
        push_two_digits(&mut text, year % 100);
        if let Some(t) = self.time {
            text.push(' ');
            push_two_digits(&mut text, t.hour());
            text.push(':');
            push_two_digits(&mut text, t.minute());
        }
        text
    }
}

/// `2020-12-31`: chrono's `%Y-%m-%d`, written directly for the years of
/// four digits (a command printing 10,000 rows parsed the format string for
/// each, and `format!` was a quarter of printing them as JSON).
fn push_ymd(text: &mut String, date: NaiveDate) {
    match u32::try_from(date.year()) {
        Ok(year) if year <= 9999 => {
            push_two_digits(text, year / 100);
            push_two_digits(text, year % 100);
            text.push('-');
            push_two_digits(text, date.month());
            text.push('-');
            push_two_digits(text, date.day());
        }
        _ => text.push_str(&date.format("%Y-%m-%d").to_string()),
    }
}

/// `n` (under 100) as two digits, `07`.
fn push_two_digits(text: &mut String, n: u32) {
    for digit in [n / 10 % 10, n % 10] {
        text.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

/// `+07:00`, `-04:00`, `+05:45`, `+00:00` (seconds of an old local mean
/// time are dropped).
fn push_offset(text: &mut String, secs: i64) {
    text.push(if secs < 0 { '-' } else { '+' });
    let minutes = u32::try_from(secs.unsigned_abs() / 60).unwrap_or(0);
    push_two_digits(text, minutes / 60);
    text.push(':');
    push_two_digits(text, minutes % 60);
}

/// One article, already cleaned: NFC text, no control characters (but the
/// line ends of a preformatted paragraph, see [`Paragraph`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub published: Option<Published>,
    pub views: Option<u64>,
    pub source: Option<String>,
    /// The body, in order; each is prose or preformatted ([`Paragraph::of`]).
    pub paragraphs: Vec<String>,
    /// Where the article is on the web (feeds, headers), if known.
    pub link: Option<String>,
    pub author: Option<String>,
}

/// How a paragraph of [`Article::paragraphs`] is laid out.
///
/// Prose is one line of text (ingest cleans it to single spaces, so it never
/// holds a line break): the reader wraps it to its width. Preformatted text
/// (code blocks, `<pre>`) is kept as lines that are never re-flowed, joined
/// or trimmed at the start: it is stored as its lines, each ended by `\n`
/// ([`preformatted`]), so a paragraph holding a `\n` is preformatted. The
/// kind travels with the text wherever a paragraph goes (the index re-reads
/// the file, search and highlighting see plain lines), and no other field
/// has to be kept in step with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paragraph<'a> {
    Prose(&'a str),
    /// The paragraph, whose [`str::lines`] are the lines to show.
    Preformatted(&'a str),
}

impl<'a> Paragraph<'a> {
    pub fn of(paragraph: &'a str) -> Self {
        if paragraph.contains('\n') {
            Paragraph::Preformatted(paragraph)
        } else {
            Paragraph::Prose(paragraph)
        }
    }
}

/// A preformatted paragraph made of `lines` (which hold no line break).
pub fn preformatted<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Newest first; undated articles after every dated one, then by id so the
/// order is total and stable.
pub fn newest_first(a: &Article, b: &Article) -> std::cmp::Ordering {
    match (&a.published, &b.published) {
        (Some(x), Some(y)) => y.cmp(x).then_with(|| a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, date: Option<(i32, u32, u32)>, time: Option<(u32, u32)>) -> Article {
        Article {
            id: id.into(),
            title: id.into(),
            published: date.map(|(y, m, d)| {
                Published::floating(
                    NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                    time.map(|(h, mi)| NaiveTime::from_hms_opt(h, mi, 0).unwrap()),
                )
            }),
            views: None,
            source: None,
            paragraphs: vec![],
            link: None,
            author: None,
        }
    }

    #[test]
    fn newest_first_puts_undated_last_and_later_times_first() {
        let mut v = [
            art("undated", None, None),
            art("old", Some((2020, 1, 1)), Some((8, 0))),
            art("new-morning", Some((2020, 12, 31)), Some((8, 0))),
            art("new-evening", Some((2020, 12, 31)), Some((19, 20))),
        ];
        v.sort_by(newest_first);
        let ids: Vec<_> = v.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["new-evening", "new-morning", "old", "undated"]);
    }

    #[test]
    fn paragraph_kinds() {
        assert_eq!(Paragraph::of("Một câu."), Paragraph::Prose("Một câu."));
        let code = preformatted(["fn main() {", "", "    x();", "}"]);
        assert_eq!(code, "fn main() {\n\n    x();\n}\n");
        assert_eq!(Paragraph::of(&code), Paragraph::Preformatted(&code));
        let one = preformatted(["  one line"]);
        assert_eq!(Paragraph::of(&one), Paragraph::Preformatted("  one line\n"));
        assert_eq!(one.lines().collect::<Vec<_>>(), ["  one line"]);
    }

    #[test]
    fn published_formats() {
        let a = art("x", Some((2020, 12, 31)), Some((19, 20)));
        let p = a.published.unwrap();
        assert_eq!(p.iso8601(), "2020-12-31T19:20:00");
        assert_eq!(p.short(), "31/12/2020 19:20");
        let b = art("y", Some((2020, 2, 3)), None).published.unwrap();
        assert_eq!(b.iso8601(), "2020-02-03");
        assert_eq!(b.short(), "03/02/2020");
    }

    #[test]
    fn an_instant_prints_its_offset_and_the_wall_clock_of_its_zone() {
        // 2017-10-16T13:30:00Z
        let instant = 1_508_160_600;
        let utc = Published::at(instant, Zone::utc()).unwrap();
        assert_eq!(utc.short(), "16/10/2017 13:30");
        assert_eq!(utc.iso8601(), "2017-10-16T13:30:00+00:00");
        let hanoi = Zone::Fixed(chrono::FixedOffset::east_opt(7 * 3600).unwrap());
        let there = Published::at(instant, hanoi).unwrap();
        assert_eq!(there.short(), "16/10/2017 20:30");
        assert_eq!(there.iso8601(), "2017-10-16T20:30:00+07:00");
        let kathmandu = Zone::Fixed(chrono::FixedOffset::east_opt(5 * 3600 + 45 * 60).unwrap());
        assert_eq!(
            Published::at(instant, kathmandu).unwrap().iso8601(),
            "2017-10-16T19:15:00+05:45"
        );
        let west = Zone::Fixed(chrono::FixedOffset::west_opt(4 * 3600).unwrap());
        assert_eq!(
            Published::at(instant, west).unwrap().iso8601(),
            "2017-10-16T09:30:00-04:00"
        );
        assert_eq!(Published::at(i64::MAX, Zone::utc()), None);
    }

    proptest::proptest! {
        #[test]
        fn dates_are_written_as_chrono_writes_them(
            days in -800_000i32..4_000_000,
            secs in 0u32..86_400,
            leap in proptest::bool::ANY,
            timed in proptest::bool::ANY,
        ) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let nano = if leap && secs % 60 == 59 { 1_000_000_000 } else { 0 };
            let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, nano).unwrap();
            let p = Published::floating(date, timed.then_some(time));
            let expected = match timed {
                true => format!("{}T{}", date.format("%Y-%m-%d"), time.format("%H:%M:%S")),
                false => date.format("%Y-%m-%d").to_string(),
            };
            proptest::prop_assert_eq!(p.iso8601(), expected);
            let short = match timed {
                true => format!("{} {}", date.format("%d/%m/%Y"), time.format("%H:%M")),
                false => date.format("%d/%m/%Y").to_string(),
            };
            proptest::prop_assert_eq!(p.short(), short);
        }

        #[test]
        fn instants_are_written_as_chrono_writes_them(
            instant in -62_000_000_000i64..253_000_000_000,
            minutes in -(24 * 60 - 1)..(24i32 * 60),
        ) {
            let offset = chrono::FixedOffset::east_opt(minutes * 60).unwrap();
            let Some(p) = Published::at(instant, Zone::Fixed(offset)) else {
                return Ok(());
            };
            let expected = DateTime::<Utc>::from_timestamp(instant, 0)
                .unwrap()
                .with_timezone(&offset)
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string();
            proptest::prop_assert_eq!(p.iso8601(), expected);
        }
    }
}
