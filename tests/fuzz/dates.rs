//! Target `dates`: the date expressions typed at the date prompt
//! (`dates::DateFilter::parse`) and the clock times of header text
//! (`dates::parse_clock`).

use chrono::NaiveDate;
use proptest::prelude::*;
use xemtin::dates::{DateFilter, parse_clock};
use xemtin::i18n::Language;

use crate::harness::{Input, clean, fuzz};
use crate::mutate::{mutated, tokens};

pub const TARGET: &str = "dates";

/// Days the expression is read on: an ordinary one, the first and last
/// days a user can type, and chrono's own ends.
fn todays() -> [NaiveDate; 5] {
    [
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default(),
        NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
        NaiveDate::MIN,
        NaiveDate::MAX,
    ]
}

/// The whole input and each of its lines: a filter that parses covers at
/// least one day, contains its bounds, steps both ways without panicking and
/// prints a label that parses back to itself; an error has a message in
/// both languages.
pub fn check(_name: &str, bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    for input in std::iter::once(text.as_ref()).chain(text.lines()) {
        let _ = parse_clock(input);
        for today in todays() {
            match DateFilter::parse(input, today) {
                Ok(f) => {
                    let (from, to) = f.bounds();
                    if from > to || !f.contains(from) || !f.contains(to) {
                        return Err(format!("{input:?} gave {f:?} with bounds {from}..{to}"));
                    }
                    for n in [1, -1, i32::MAX, i32::MIN] {
                        let s = f.step(n);
                        let (a, b) = s.bounds();
                        if a > b {
                            return Err(format!("{f:?} stepped by {n} is backwards: {s:?}"));
                        }
                    }
                    let label = f.label();
                    clean("label", &label)?;
                    if DateFilter::parse(&label, today) != Ok(f) {
                        return Err(format!(
                            "{input:?} gave {f:?}, whose label {label:?} reads back differently"
                        ));
                    }
                }
                Err(e) => {
                    let (en, vi) = (e.to_string(), e.message(Language::Vi));
                    if en.is_empty() || vi.is_empty() {
                        return Err(format!("{input:?}: empty error message"));
                    }
                    if en.chars().count() > 400 {
                        return Err(format!(
                            "{input:?}: error message of {} characters",
                            en.chars().count()
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,4}",
        "[0-9]{5,25}",
        Just("0".to_string()),
        Just("00".to_string()),
        Just("0000".to_string()),
        Just("9999".to_string()),
        Just("29".to_string()),
        Just("31".to_string()),
        "[０-９]{1,4}",
        "[٠-٩]{1,4}",
        "-[0-9]{1,4}",
        "\\+[0-9]{1,4}",
    ]
}

fn single() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (prop::collection::vec(number(), 1..4), prop::sample::select(vec!["/", "-", ".", " / ", "/-"]))
            .prop_map(|(nums, sep)| nums.join(sep)),
        1 => prop::sample::select(vec![
            "today", "TODAY", "yesterday", "hôm nay", "Hôm Nay", "hom qua", "hôm qua",
            "ho\u{302}m nay", "hôm  nay", "",
        ])
        .prop_map(String::from),
    ]
}

fn expression() -> impl Strategy<Value = Input> {
    (
        single(),
        prop::option::of((
            prop::sample::select(vec!["..", " .. ", "...", "....", "..."]),
            single(),
        )),
    )
        .prop_map(|(a, b)| {
            let s = match b {
                Some((sep, b)) => format!("{a}{sep}{b}"),
                None => a,
            };
            Input::text("date", &s)
        })
}

const DATE_TOKENS: &[&[u8]] = &[
    b"..",
    b"/",
    b"-",
    b".",
    b"31",
    b"02",
    b"2020",
    b"today",
    "hôm".as_bytes(),
    b":",
    b"60",
];

fn date_seeds() -> std::sync::Arc<Vec<crate::mutate::Seed>> {
    let seqs = [
        "31/12/2020",
        "12/2020",
        "2020",
        "1/12/2020..15/12/2020",
        "today",
        "hôm qua",
        "2020-12-31",
        "29.2.2024",
        "2020..2021",
        "12/2020..1/2021",
        "23:59:59",
        "07:05",
    ];
    std::sync::Arc::new(
        seqs.iter()
            .map(|s| crate::mutate::Seed {
                name: "date".into(),
                bytes: s.as_bytes().to_vec(),
            })
            .collect(),
    )
}

#[test]
fn arbitrary_text() {
    let s = any::<String>().prop_map(|t| Input::text("date", &t));
    fuzz(TARGET, "text", 200, s, check);
}

#[test]
fn grammar() {
    fuzz(TARGET, "grammar", 250, expression(), check);
}

#[test]
fn mutated_seeds() {
    fuzz(
        TARGET,
        "mutated",
        100,
        mutated(date_seeds(), tokens(DATE_TOKENS), crate::mutate::LINE_MAX),
        check,
    );
}
