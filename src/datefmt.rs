//! Publication dates in the user's `list.date_format`. An article without a
//! time of day is shown with the date part of the format only, never with
//! an invented 00:00; a format chrono cannot apply falls back to 31/12/2020.

use std::fmt::Write;

use chrono::format::{Fixed, Item, Numeric, StrftimeItems};

use crate::article::Published;

fn is_time(item: &Item) -> bool {
    matches!(
        item,
        Item::Numeric(
            Numeric::Hour
                | Numeric::Hour12
                | Numeric::Minute
                | Numeric::Second
                | Numeric::Nanosecond,
            _
        ) | Item::Fixed(
            Fixed::LowerAmPm
                | Fixed::UpperAmPm
                | Fixed::Nanosecond
                | Fixed::Nanosecond3
                | Fixed::Nanosecond6
                | Fixed::Nanosecond9
        )
    )
}

fn is_filler(item: &Item) -> bool {
    matches!(
        item,
        Item::Literal(_) | Item::OwnedLiteral(_) | Item::Space(_) | Item::OwnedSpace(_)
    )
}

/// `p` written with `format`; `p.short()` when the format cannot be applied.
pub fn format_published(p: &Published, format: &str) -> String {
    let Ok(items) = StrftimeItems::new(format).parse() else {
        return p.short();
    };
    let mut out = String::new();
    let written = match p.time {
        Some(t) => write!(
            out,
            "{}",
            p.date.and_time(t).format_with_items(items.iter())
        ),
        None => {
            let mut date_items: Vec<Item> =
                items.iter().take_while(|i| !is_time(i)).cloned().collect();
            while date_items.last().is_some_and(is_filler) {
                date_items.pop();
            }
            write!(out, "{}", p.date.format_with_items(date_items.iter()))
        }
    };
    if written.is_err() || out.is_empty() {
        return p.short();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn published(time: Option<(u32, u32)>) -> Published {
        Published {
            date: NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
            time: time.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
            instant: None,
        }
    }

    #[test]
    fn formats_with_and_without_time() {
        assert_eq!(
            format_published(&published(Some((19, 20))), "%d/%m/%Y %H:%M"),
            "31/12/2020 19:20"
        );
        assert_eq!(
            format_published(&published(None), "%d/%m/%Y %H:%M"),
            "31/12/2020"
        );
        assert_eq!(
            format_published(&published(None), "%Y-%m-%d, %I:%M %p"),
            "2020-12-31"
        );
        assert_eq!(
            format_published(&published(Some((7, 5))), "%H:%M %d.%m."),
            "07:05 31.12."
        );
    }

    #[test]
    fn unusable_formats_fall_back() {
        assert_eq!(
            format_published(&published(Some((19, 20))), "%Q"),
            "31/12/2020 19:20"
        );
        assert_eq!(
            format_published(&published(Some((19, 20))), "%z"),
            "31/12/2020 19:20"
        );
        assert_eq!(format_published(&published(None), "%H:%M"), "31/12/2020");
    }
}
