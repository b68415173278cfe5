//! Target `encoding`: `ingest::encoding::decode`, the byte-level front door
//! of every format (BOMs, UTF-16, Windows-1258/1252 guessing, binary files).

use proptest::prelude::*;
use xemtin::ingest::encoding::decode;

use crate::harness::{Input, fuzz};
use crate::mutate::{mutated, seeds, tokens};
use crate::page::check_note;

pub const TARGET: &str = "encoding";

pub fn check(_name: &str, bytes: &[u8]) -> Result<(), String> {
    match decode(bytes) {
        Ok(d) => {
            let plain_utf8 = !bytes.starts_with(b"\xEF\xBB\xBF")
                && !bytes.starts_with(b"\xFF\xFE")
                && !bytes.starts_with(b"\xFE\xFF");
            // NUL bytes may be BOM-less UTF-16, ESC bytes declared
            // ISO-2022-JP: both are valid UTF-8 read as something else.
            if plain_utf8
                && let Ok(s) = std::str::from_utf8(bytes)
                && !s.contains(['\0', '\u{1b}'])
                && (d.text != s || d.encoding.is_some())
            {
                return Err(format!(
                    "valid UTF-8 not kept as it is (read as {:?})",
                    d.encoding.map(|e| e.name)
                ));
            }
            if plain_utf8 && d.text.contains('\0') {
                // NUL in a file without a BOM means binary: it must be refused.
                return Err("a NUL byte came through as text".into());
            }
        }
        Err(n) => check_note(&n, bytes)?,
    }
    Ok(())
}

/// UTF-16 in either order with a BOM, made of code units that include lone
/// and reversed surrogates, odd lengths and line ends.
fn utf16() -> impl Strategy<Value = Input> {
    // A category and a value: cheaper to generate than a union.
    let unit = (0u8..8, any::<u16>()).prop_map(|(kind, v)| match kind {
        0 => 0x20 + v % 0x5f,
        1 => 0x000a,
        2 => 0x000d,
        3 => 0x0000,
        4 => 0xd800 + v % 0x400,
        5 => 0xdc00 + v % 0x400,
        6 => 0x00c0 + v % 0x1e40,
        _ => v,
    });
    (
        any::<bool>(),
        prop::collection::vec(unit, 0..200),
        any::<bool>(),
    )
        .prop_map(|(le, units, odd)| {
            let mut b: Vec<u8> = if le {
                vec![0xff, 0xfe]
            } else {
                vec![0xfe, 0xff]
            };
            for u in units {
                let pair = if le { u.to_le_bytes() } else { u.to_be_bytes() };
                b.extend_from_slice(&pair);
            }
            if odd {
                b.push(0xd8);
            }
            Input::new("u.txt", b)
        })
}

/// Mostly Latin-1 range bytes, as Windows-1258/1252 files are, with an
/// optional XML declaration naming an encoding.
fn eight_bit() -> impl Strategy<Value = Input> {
    (
        prop::option::of(prop::sample::select(vec![
            "<?xml version=\"1.0\" encoding=\"windows-1258\"?>",
            "<?xml version=\"1.0\" encoding='iso-8859-1'?>",
            "<?xml version=\"1.0\" encoding=\"utf-16\"?>",
            "<?xml version=\"1.0\" encoding=\"x-user-defined\"?>",
            "<?xml encoding=\"",
            "<?xml version=\"1.0\" encoding=\"replacement\"?>",
        ])),
        // Control bytes become line ends: mostly text, as such files are.
        prop::collection::vec(
            any::<u8>().prop_map(|b| if b < 0x20 { b'\n' } else { b }),
            0..2000,
        ),
    )
        .prop_map(|(decl, body)| {
            let mut b = decl.unwrap_or_default().as_bytes().to_vec();
            b.extend(body);
            Input::new("e.xml", b)
        })
}

/// UTF-8 cut at any byte: truncated sequences at the end and in the middle.
fn truncated_utf8() -> impl Strategy<Value = Input> {
    (".{0,200}", any::<prop::sample::Index>(), ".{0,200}").prop_map(|(a, cut, b)| {
        let mut bytes = a.as_bytes().to_vec();
        let at = cut.index(bytes.len() + 1);
        bytes.truncate(at);
        bytes.extend_from_slice(b.as_bytes());
        Input::new("c.txt", bytes)
    })
}

#[test]
fn arbitrary_bytes() {
    let s = prop::collection::vec(any::<u8>(), 0..4096).prop_map(|b| Input::new("b.txt", b));
    fuzz(TARGET, "bytes", 200, s, check);
}

#[test]
fn utf16_with_surrogates() {
    fuzz(TARGET, "utf16", 200, utf16(), check);
}

#[test]
fn eight_bit_text() {
    fuzz(TARGET, "8bit", 200, eight_bit(), check);
}

#[test]
fn truncated_utf8_text() {
    fuzz(TARGET, "truncated", 200, truncated_utf8(), check);
}

#[test]
fn mutated_seeds() {
    let s = mutated(
        seeds(&["tests/fixtures/formats", "tests/fixtures/messy"], |n| {
            !n.ends_with(".py")
        }),
        tokens(&[]),
        crate::mutate::FILE_MAX,
    );
    fuzz(TARGET, "mutated", 200, s, check);
}
