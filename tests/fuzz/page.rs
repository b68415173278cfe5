//! Target `page`: the newspaper page layout, read as the program reads a
//! `.txt` file: `ingest::formats::parse_file` (decoding, the empty-file
//! check, detection, then `ingest::page::parse_page`), on inputs shaped like
//! pages.

use proptest::prelude::*;
use xemtin::article::{Article, Paragraph};
use xemtin::ingest::LineNote;
use xemtin::ingest::formats::{ParseOptions, parse_file};

use crate::harness::{Input, clean, fuzz, line_count, tidy};
use crate::mutate::{line_salad, mutated, seeds, tokens};

pub const TARGET: &str = "page";

/// Invariants of an article from any parser: a clean non-empty title, clean
/// non-empty paragraphs, clean optional fields, the given id.
pub fn check_article(a: &Article, id_prefix: &str) -> Result<(), String> {
    if !a.id.starts_with(id_prefix) {
        return Err(format!("id {:?} does not start with {id_prefix:?}", a.id));
    }
    tidy("title", &a.title)?;
    if a.title.is_empty() {
        return Err("empty title".into());
    }
    for p in &a.paragraphs {
        match Paragraph::of(p) {
            Paragraph::Prose(text) => clean("paragraph", text)?,
            Paragraph::Preformatted(text) => {
                if !text.ends_with('\n') {
                    return Err(format!(
                        "preformatted paragraph without its last line end: {text:?}"
                    ));
                }
                for line in text.lines() {
                    clean("preformatted line", line)?;
                }
            }
        }
        if p.trim().is_empty() {
            return Err("blank paragraph".into());
        }
    }
    for (field, v) in [
        ("source", &a.source),
        ("link", &a.link),
        ("author", &a.author),
    ] {
        if let Some(v) = v {
            tidy(field, v)?;
        }
    }
    Ok(())
}

/// A note's message is clean and its line, if any, is in the file.
pub fn check_note(n: &LineNote, bytes: &[u8]) -> Result<(), String> {
    clean("message", &n.message)?;
    if n.message.is_empty() {
        return Err("empty message".into());
    }
    if let Some(line) = n.line {
        let lines = line_count(bytes);
        if line == 0 || line > lines {
            return Err(format!(
                "line {line} outside the file's {lines} lines: {:?}",
                n.message
            ));
        }
    }
    Ok(())
}

pub fn check(name: &str, bytes: &[u8]) -> Result<(), String> {
    match parse_file(name, bytes, &ParseOptions::default()) {
        Ok(out) => {
            for a in &out.articles {
                check_article(a, name)?;
            }
            for n in out.notes.iter().chain(&out.remarks) {
                check_note(n, bytes)?;
            }
        }
        Err(n) => check_note(&n, bytes)?,
    }
    Ok(())
}

const PAGE_TOKENS: &[&[u8]] = &[
    "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20 Đã xem: 38".as_bytes(),
    "ngày 29 tháng 2 năm 2021".as_bytes(),
    "ngày 99999999999 tháng 12 năm 2020".as_bytes(),
    " - 25:61".as_bytes(),
    " - 23:59".as_bytes(),
    "Đã xem: 18446744073709551616".as_bytes(),
    "Đã xem: ".as_bytes(),
    "Thứ Hai, ".as_bytes(),
    "Chủ nhật".as_bytes(),
    "31/12/2020 08:00".as_bytes(),
    "2020-06-01".as_bytes(),
    "0000-00-00".as_bytes(),
    "Theo ".as_bytes(),
    "Theo Báo Mới\n".as_bytes(),
    "Xem tin theo ngày:   / /".as_bytes(),
    "\nXem tin theo ngày:".as_bytes(),
];

/// Lines in the page's vocabulary, numbers and words free.
fn page_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-zĐđàáảãạăắâấêếôốơớưứ ,.:!?-]{0,80}",
        (
            prop::option::of("(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật|Thứ [0-9]{1,3}), "),
            "[0-9]{1,12}",
            "[0-9]{1,12}",
            "[0-9]{1,12}",
            prop::option::of(" - [0-9]{1,4}:[0-9]{1,4}"),
            prop::option::of(" Đã xem: [0-9]{0,25}"),
        )
            .prop_map(|(w, d, m, y, t, v)| format!(
                "{}ngày {d} tháng {m} năm {y}{}{}",
                w.unwrap_or_default(),
                t.unwrap_or_default(),
                v.unwrap_or_default()
            )),
        "[0-9]{1,6}[/.-][0-9]{1,6}[/.-][0-9]{1,6}( [0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3})?)?",
        "Theo .{0,100}",
        Just("Xem tin theo ngày:   / /".to_string()),
        Just(String::new()),
        any::<String>(),
    ]
}

fn page_text() -> impl Strategy<Value = Input> {
    (
        prop::collection::vec(page_line(), 0..40),
        prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"]),
        any::<bool>(),
    )
        .prop_map(|(lines, end, bom)| {
            let mut text = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            text.push_str(&lines.join(end));
            Input::text("p.txt", &text)
        })
}

fn page_seeds() -> std::sync::Arc<Vec<crate::mutate::Seed>> {
    seeds(&["data", "tests/fixtures/messy"], |n| {
        n.to_ascii_lowercase().ends_with(".txt")
    })
}

#[test]
fn arbitrary_bytes() {
    let s = prop::collection::vec(any::<u8>(), 0..4096).prop_map(|b| Input::new("b.txt", b));
    fuzz(TARGET, "bytes", 200, s, check);
}

#[test]
fn arbitrary_text() {
    let s = any::<String>().prop_map(|t| Input::text("t.txt", &t));
    fuzz(TARGET, "text", 200, s, check);
}

#[test]
fn grammar() {
    fuzz(TARGET, "grammar", 200, page_text(), check);
}

#[test]
fn mutated_seeds() {
    let s = mutated(page_seeds(), tokens(PAGE_TOKENS), crate::mutate::FILE_MAX);
    fuzz(TARGET, "mutated", 200, s, check);
}

#[test]
fn line_salad_of_seeds() {
    fuzz(
        TARGET,
        "salad",
        120,
        line_salad(page_seeds(), "s.txt"),
        check,
    );
}
