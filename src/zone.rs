//! The time zone a run shows dates in, and how to tell two zones apart.
//!
//! A date that said which instant it is (an offset or `Z`: feeds, headers
//! and front matter with a zone) is kept as that instant and shown as the
//! wall clock of the run's zone at that instant, with that instant's own
//! offset (daylight saving included). A date written without a zone (the
//! pages of the newspaper, `2020-10-01 08:30` in a header) is *floating*:
//! shown as written, in every zone.
//!
//! The index keeps, beside each instant, its wall clock in one zone (for
//! ordering and date filters as index lookups), and records which zone by
//! its [`Zone::fingerprint`]: the zone's offsets, not its name, since names
//! alias (`Asia/Saigon` and `Asia/Ho_Chi_Minh`, `UTC` and `Etc/UTC`).

use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, Offset, TimeZone, Utc};

/// Where wall clocks are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// This machine's zone as chrono reads it: `TZ`, else `/etc/localtime`.
    Local,
    /// One offset all year (tests; a zone without daylight saving).
    Fixed(FixedOffset),
}

/// Seconds since the Unix epoch of the first and last day of the range a
/// fingerprint covers (1900-01-01 and 2100-01-01, UTC).
const FINGERPRINT_FROM: i64 = -2_208_988_800;
const FINGERPRINT_TO: i64 = 4_102_444_800;
/// Samples a fingerprint takes in its range: a week apart (about 10,400).
/// An offset change found between two samples is then narrowed down to its
/// second; two changes less than a week apart that undo each other are not
/// seen (none in the time zone database since 1970 that we know of).
const FINGERPRINT_STEP: i64 = 7 * 86_400;

impl Zone {
    /// UTC.
    pub fn utc() -> Zone {
        Zone::Fixed(Utc.fix())
    }

    /// The offset of this zone at the instant `utc`.
    pub fn offset_at(&self, utc: &NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Local => Local.offset_from_utc_datetime(utc).fix(),
            Zone::Fixed(offset) => *offset,
        }
    }

    /// The wall clock in this zone at `instant` (seconds since the Unix
    /// epoch); None outside chrono's range.
    pub fn wall(&self, instant: i64) -> Option<NaiveDateTime> {
        let utc = DateTime::<Utc>::from_timestamp(instant, 0)?.naive_utc();
        utc.checked_add_offset(self.offset_at(&utc))
    }

    /// The offset at `instant` in seconds east of UTC (0 outside chrono's
    /// range).
    fn offset_secs(&self, instant: i64) -> i32 {
        DateTime::<Utc>::from_timestamp(instant, 0)
            .map_or(0, |utc| self.offset_at(&utc.naive_utc()).local_minus_utc())
    }

    /// A short text that is the same for two zones exactly when they give
    /// every instant from 1900 to 2100 the same offset: the offset at the
    /// start and every change after it (found a day apart, then to the
    /// second), hashed. The local zone's is worked out once per process
    /// (some 10,000 to 20,000 offset look-ups).
    pub fn fingerprint(&self) -> String {
        static LOCAL: OnceLock<String> = OnceLock::new();
        match self {
            Zone::Local => LOCAL.get_or_init(|| fingerprint_of(self)).clone(),
            Zone::Fixed(_) => fingerprint_of(self),
        }
    }
}

fn fingerprint_of(zone: &Zone) -> String {
    let mut hash = Fnv::new();
    let mut offset = zone.offset_secs(FINGERPRINT_FROM);
    hash.add(&offset.to_le_bytes());
    let mut changes = 0u32;
    let mut at = FINGERPRINT_FROM;
    while at < FINGERPRINT_TO {
        let next = at.saturating_add(FINGERPRINT_STEP);
        let there = zone.offset_secs(next);
        if there != offset {
            // The first second of the new offset, in (at, next]; several
            // changes inside one step are taken as one.
            let (mut lo, mut hi) = (at, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if zone.offset_secs(mid) == there {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            hash.add(&hi.to_le_bytes());
            hash.add(&there.to_le_bytes());
            changes += 1;
            offset = there;
        }
        at = next;
    }
    format!("{changes}:{:016x}", hash.0)
}

/// FNV-1a, 64 bits: a hash that stays the same across builds.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
