//! What a server says about asking again: `Retry-After` (with HTTP 429 and
//! 503), `Cache-Control: max-age`, and the feed's own RSS `<ttl>`. Dates
//! and numbers are read with chrono and the standard library; every wait is
//! held to at most [`MAX_WAIT`], so a server (or a static file served with a
//! year's max-age) can delay a feed, never silence it.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDateTime, Utc};

/// The longest wait any server's word imposes: a day.
pub const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// How long to wait after an HTTP 429 that gives no `Retry-After`.
pub const DEFAULT_TOO_MANY: Duration = Duration::from_secs(15 * 60);

/// An HTTP date in any of the three forms HTTP allows: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37
/// GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
pub fn http_date(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(d) = DateTime::parse_from_rfc2822(value) {
        return Some(d.with_timezone(&Utc));
    }
    ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
        .map(|naive| naive.and_utc())
}

/// `Retry-After`: a number of seconds, or an HTTP date, taken against the
/// server's own `Date` when it sent one (clocks disagree) and else against
/// `now`. A date past gives zero; anything unreadable gives `None`.
pub fn retry_after(value: &str, server_date: Option<&str>, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(MAX_WAIT));
    }
    let at = http_date(value)?;
    let base = server_date
        .and_then(http_date)
        .unwrap_or_else(|| DateTime::<Utc>::from(now));
    let wait = (at - base).to_std().unwrap_or(Duration::ZERO);
    Some(wait.min(MAX_WAIT))
}

/// `Cache-Control: max-age=N`, unless the same header also says
/// `no-cache` or `no-store` (ask every time).
pub fn max_age(cache_control: &str) -> Option<Duration> {
    let mut age = None;
    for directive in cache_control.split(',') {
        let directive = directive.trim();
        let (name, value) = directive.split_once('=').unwrap_or((directive, ""));
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "no-cache" | "no-store" => return None,
            "max-age" => {
                let digits = value.trim().trim_matches('"');
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    let secs = digits.parse::<u64>().unwrap_or(u64::MAX);
                    age = Some(Duration::from_secs(secs).min(MAX_WAIT));
                }
            }
            _ => {}
        }
    }
    age.filter(|a| !a.is_zero())
}

/// The longer of `max-age` and the feed's `<ttl>` (minutes), at most [`MAX_WAIT`].
pub fn fresh_for(max_age: Option<Duration>, ttl_minutes: Option<u32>) -> Option<Duration> {
    let ttl = ttl_minutes
        .filter(|&m| m > 0)
        .map(|m| Duration::from_secs(u64::from(m) * 60));
    max_age.max(ttl).map(|d| d.min(MAX_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rfc3339: &str) -> SystemTime {
        let d = DateTime::parse_from_rfc3339(rfc3339).unwrap_or_else(|e| panic!("{e}"));
        SystemTime::from(d)
    }

    #[test]
    fn http_dates_in_their_three_forms() {
        let expected = DateTime::parse_from_rfc3339("1994-11-06T08:49:37Z")
            .map(|d| d.with_timezone(&Utc))
            .ok();
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(http_date(form), expected, "{form}");
        }
        assert_eq!(http_date("soon"), None);
        assert_eq!(http_date(""), None);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = at("2026-12-02T12:00:00Z");
        assert_eq!(
            retry_after("120", None, now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(retry_after(" 0 ", None, now), Some(Duration::ZERO));
        // a date, against this machine's clock
        assert_eq!(
            retry_after("Wed, 02 Dec 2026 12:05:00 GMT", None, now),
            Some(Duration::from_secs(300))
        );
        // against the server's, when it says what time it is
        assert_eq!(
            retry_after(
                "Wed, 02 Dec 2026 12:05:00 GMT",
                Some("Wed, 02 Dec 2026 12:04:00 GMT"),
                now
            ),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            retry_after("Wed, 02 Dec 2026 11:00:00 GMT", None, now),
            Some(Duration::ZERO)
        );
        // never more than a day, whatever it says
        assert_eq!(
            retry_after("99999999999999999999999", None, now),
            Some(MAX_WAIT)
        );
        assert_eq!(
            retry_after("Fri, 01 Jan 2100 00:00:00 GMT", None, now),
            Some(MAX_WAIT)
        );
        for junk in ["", "-5", "1.5", "soon", "120 s"] {
            assert_eq!(retry_after(junk, None, now), None, "{junk:?}");
        }
    }

    #[test]
    fn max_age_and_ttl() {
        let min = |m: u64| Some(Duration::from_secs(m * 60));
        assert_eq!(max_age("public, max-age=600"), min(10));
        assert_eq!(max_age("Max-Age=\"600\", must-revalidate"), min(10));
        assert_eq!(max_age("max-age=600, no-cache"), None);
        assert_eq!(max_age("no-store"), None);
        assert_eq!(max_age("max-age=0"), None);
        assert_eq!(max_age("max-age=abc"), None);
        assert_eq!(max_age("max-age=31536000"), Some(MAX_WAIT));
        assert_eq!(fresh_for(min(10), Some(60)), min(60));
        assert_eq!(fresh_for(min(90), Some(60)), min(90));
        assert_eq!(fresh_for(None, Some(0)), None);
        assert_eq!(fresh_for(None, Some(u32::MAX)), Some(MAX_WAIT));
        assert_eq!(fresh_for(None, None), None);
    }
}
