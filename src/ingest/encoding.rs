//! Bytes to text for every format: UTF-8, UTF-16 and every legacy encoding
//! encoding_rs knows (single-byte code pages, Shift_JIS, EUC-JP, ISO-2022-JP,
//! EUC-KR, GBK, GB18030, Big5).
//!
//! The order of the checks:
//!
//! 1. over [`MAX_FILE_BYTES`]: skipped;
//! 2. a UTF-8 BOM: UTF-8 (invalid sequences become U+FFFD, so a file that
//!    says it is UTF-8 is read as UTF-8);
//! 3. a UTF-16 BOM (`FF FE` little-endian, `FE FF` big-endian): UTF-16
//!    (an odd last byte or a lone surrogate becomes U+FFFD);
//! 4. UTF-16 without a BOM, told by its NUL bytes ([`bomless_utf16`]): ASCII
//!    text (XML markup, JSON, a header) in UTF-16 puts a NUL in every other
//!    byte, always the odd ones (little-endian) or always the even ones
//!    (big-endian);
//! 5. a NUL byte anywhere else: a binary file, skipped with the line of the
//!    first NUL;
//! 6. valid UTF-8: UTF-8 (but 7-bit ISO-2022-JP, declared and with its
//!    escape sequences, which is valid UTF-8 too). A valid UTF-8 file is read as UTF-8 even if an XML
//!    declaration names another encoding: text written by today's tools that
//!    happens to be valid UTF-8 almost never is something else;
//! 7. mostly control characters (over 30 % of the bytes): binary, skipped
//!    (a page of valid UTF-8 gets the same check in [`super::page`]);
//! 8. otherwise a legacy encoding. An XML declaration
//!    (`<?xml ... encoding="..."?>`), or else an HTML page's `<meta
//!    charset>` (or its `http-equiv` `Content-Type`), naming any encoding
//!    known to encoding_rs decides ([`declaration`]). A UTF-8 label decides
//!    only for text that is mostly UTF-8, a stray invalid byte aside
//!    ([`mostly_utf8`]): that is read as UTF-8, the stray byte becoming
//!    U+FFFD; a UTF-8 label on text with no UTF-8 in it leaves the choice
//!    to the letters. Without a declaration, the choice is between
//!    Windows-1258 (Vietnamese) and Windows-1252 (Western European), by
//!    [`looks_vietnamese`]. Windows-1258 keeps most tones as combining marks
//!    after the letter, so its text is NFC-normalized here.
//!
//! A feed fetched over HTTP whose document names no encoding gets the
//! `charset` of its `Content-Type` when it is saved (`fetch`), so it is read
//! here like any other file.
//!
//! The decoded text keeps every line end of the file, so line numbers in
//! warnings are those of the original file.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

use super::page::{LineNote, MAX_FILE_BYTES, too_big};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file's text and the encoding it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// `None` for UTF-8 (with or without BOM); else the encoding and how it
    /// was known.
    pub encoding: Option<ReadAs>,
}

/// The encoding a file that is not UTF-8 was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadAs {
    /// The encoding's WHATWG name as encoding_rs spells it: `UTF-16LE`,
    /// `UTF-16BE`, `windows-1258`, `windows-1252`, `EUC-KR`, ...
    pub name: &'static str,
    pub basis: Basis,
}

/// How a file's encoding was known: declared by the file, or guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// A UTF-16 byte order mark.
    ByteOrderMark,
    /// The `encoding` of the file's XML declaration.
    XmlDeclaration,
    /// The charset an HTML page's `<meta>` tag names.
    HtmlMeta,
    /// UTF-16 without a byte order mark or declaration, told by where its
    /// NUL bytes are.
    NulBytes,
    /// The `charset` of a fetched feed's `Content-Type`, applied when it
    /// is saved (the saved file is UTF-8).
    HttpCharset,
    /// Not UTF-8 and no encoding declared: Windows-1258 or Windows-1252 by
    /// the letters ([`looks_vietnamese`]).
    Fallback,
}

impl std::fmt::Display for ReadAs {
    /// `EUC-KR (declared in its XML declaration)`, `windows-1258 (guessed:
    /// not UTF-8, no encoding declared)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.basis {
            Basis::ByteOrderMark => "declared by its byte order mark",
            Basis::XmlDeclaration => "declared in its XML declaration",
            Basis::HtmlMeta => "declared by its HTML <meta> charset",
            Basis::HttpCharset => "declared by the HTTP charset",
            Basis::NulBytes => {
                "guessed: UTF-16 by its NUL bytes, no byte order mark or declaration"
            }
            Basis::Fallback => "guessed: not UTF-8, no encoding declared",
        };
        write!(f, "{} ({why})", self.name)
    }
}

/// Decode a whole file. Err is the reason the file is skipped.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, LineNote> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    if let Some(body) = bytes.strip_prefix(UTF8_BOM) {
        return Ok(Decoded {
            text: String::from_utf8_lossy(body),
            encoding: None,
        });
    }
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(UTF_16LE, body, Basis::ByteOrderMark));
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(UTF_16BE, body, Basis::ByteOrderMark));
    }
    // Text without a NUL byte (nearly every file) is neither UTF-16 without
    // a byte order mark nor binary: one search a vector at a time answers
    // both (a scan byte by byte for each was a sixth of a first sync's
    // article stage).
    let first_nul = memchr::memchr(0, bytes);
    if first_nul.is_some()
        && let Some(decoded) = bomless_utf16(bytes)
    {
        return Ok(decoded);
    }
    if let Some(pos) = first_nul {
        let line = 1 + count_line_ends(&bytes[..pos]);
        return Err(LineNote {
            line: Some(line),
            message: format!(
                "binary file (NUL byte at byte offset {pos}); only text articles and feeds can be read, move it out of the data folder"
            ),
        });
    }
    // ISO-2022-JP is 7-bit, so valid UTF-8: only its declaration and its
    // escape sequences tell it.
    if memchr::memchr(0x1b, bytes).is_some()
        && let Some((enc, basis)) = declaration(bytes)
        && enc == encoding_rs::ISO_2022_JP
    {
        return Ok(legacy(encoding_rs::ISO_2022_JP, bytes, basis));
    }
    // Checking UTF-8 a vector at a time: text with a letter outside ASCII
    // every few bytes (Vietnamese) defeats the standard library's ASCII
    // shortcut, and this check was a tenth of a first sync's work.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Borrowed(s),
            encoding: None,
        });
    }
    if mostly_control_bytes(bytes) {
        return Err(LineNote {
            line: None,
            message: "binary file (mostly control bytes); only text articles and feeds can be read, move it out of the data folder".into(),
        });
    }
    match declaration(bytes) {
        Some((enc, _)) if enc == encoding_rs::UTF_8 && mostly_utf8(bytes) => {
            return Ok(Decoded {
                text: String::from_utf8_lossy(bytes),
                encoding: None,
            });
        }
        Some((enc, basis)) if usable_legacy(enc) => return Ok(legacy(enc, bytes, basis)),
        _ => {}
    }
    let enc = if looks_vietnamese(bytes) {
        WINDOWS_1258
    } else {
        WINDOWS_1252
    };
    Ok(legacy(enc, bytes, Basis::Fallback))
}

pub(crate) fn legacy<'a>(enc: &'static Encoding, bytes: &'a [u8], basis: Basis) -> Decoded<'a> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let text = if enc == WINDOWS_1258 {
        Cow::Owned(text.nfc().collect())
    } else {
        text
    };
    Decoded {
        text,
        encoding: Some(ReadAs {
            name: enc.name(),
            basis,
        }),
    }
}

fn utf16(enc: &'static Encoding, body: &[u8], basis: Basis) -> Decoded<'static> {
    let (text, _) = enc.decode_without_bom_handling(body);
    Decoded {
        text: Cow::Owned(text.into_owned()),
        encoding: Some(ReadAs {
            name: enc.name(),
            basis,
        }),
    }
}

/// Whether control bytes (other than tab, line ends, VT, FF and ESC) make
/// up more than 30 % of `bytes`: a binary file.
pub(crate) fn mostly_control_bytes(bytes: &[u8]) -> bool {
    // Counted without a branch a byte, in runs of 255 whose count fits a
    // byte, so that the compiler checks a vector of bytes at a time (a
    // filtered count, byte by byte, cost some 13,000 instructions a page).
    let mut controls = 0usize;
    for run in bytes.chunks(255) {
        let n = run.iter().fold(0u8, |n, &b| {
            let kept = b.wrapping_sub(b'\t') < 5 || b == 0x1b; // \t \n VT FF \r, ESC
            n + u8::from((b < 0x20 && !kept) || b == 0x7f)
        });
        controls += usize::from(n);
    }
    controls * 10 > bytes.len() * 3
}

/// Bytes looked at to tell UTF-16 without a BOM.
const UTF16_SAMPLE: usize = 4096;

/// UTF-16 without a BOM, told by where its NUL bytes are: in the first
/// [`UTF16_SAMPLE`] bytes, at least one code unit in eight is ASCII (a NUL
/// high byte) and no low byte of a code unit is NUL; then the whole file
/// must be well-formed UTF-16 with no U+0000 in it. None: not UTF-16 (a
/// binary file, or text with a stray NUL, is left to the NUL check).
fn bomless_utf16(bytes: &[u8]) -> Option<Decoded<'static>> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = bytes.get(..bytes.len().min(UTF16_SAMPLE))?;
    let units = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    let enc = if odd_nul * 8 >= units && even_nul == 0 {
        UTF_16LE
    } else if even_nul * 8 >= units && odd_nul == 0 {
        UTF_16BE
    } else {
        return None;
    };
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    if text.contains('\0') {
        return None;
    }
    // an XML declaration that names UTF-16 (in any byte order) declares it
    let declared = declared_label(text.as_bytes()).is_some_and(|e| e == UTF_16LE || e == UTF_16BE);
    Some(Decoded {
        text: Cow::Owned(text.into_owned()),
        encoding: Some(ReadAs {
            name: enc.name(),
            basis: if declared {
                Basis::XmlDeclaration
            } else {
                Basis::NulBytes
            },
        }),
    })
}

/// CRLF, CR and LF each end a line.
fn count_line_ends(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => n += 1,
            b'\r' => {
                n += 1;
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    n
}

/// The encoding named by a leading XML declaration, any that encoding_rs
/// knows (its WHATWG labels: `euc-kr`, `shift_jis`, `gb2312`, `big5`,
/// `koi8-r`, `iso-8859-5`, `windows-1258`, ...) but UTF-8 and UTF-16, which
/// the bytes already showed they are not, and the labels encoding_rs maps to
/// its "replacement" encoding (ISO-2022-KR, HZ: unsafe to decode).
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    declared_label(bytes).filter(|&enc| usable_legacy(enc))
}

/// Not UTF-8 nor UTF-16 (which bytes that are not valid UTF-8 and have no
/// byte order mark or NUL bytes showed they are not), nor encoding_rs's
/// "replacement" encoding (ISO-2022-KR, HZ: unsafe to decode).
fn usable_legacy(enc: &'static Encoding) -> bool {
    ![
        encoding_rs::UTF_8,
        UTF_16LE,
        UTF_16BE,
        encoding_rs::REPLACEMENT,
    ]
    .contains(&enc)
}

/// The encoding a file declares, and where: its XML declaration first, else
/// an HTML `<meta>` tag.
fn declaration(bytes: &[u8]) -> Option<(&'static Encoding, Basis)> {
    if let Some(enc) = declared_label(bytes) {
        return Some((enc, Basis::XmlDeclaration));
    }
    meta_charset(bytes).map(|enc| (enc, Basis::HtmlMeta))
}

/// How far into a file a `<meta>` naming its charset is looked for. The
/// HTML standard's prescan stops at 1,024 bytes, but pages put long scripts
/// and styles first: of 1,033 saved pages in a public test set, 1,012
/// declare a charset, 131 after the first 1,024 bytes and one 58 KB in.
const META_SCAN: usize = 64 * 1024;

/// The charset the first `<meta>` tag that names one gives: `<meta
/// charset="windows-1250">`, or `<meta http-equiv="Content-Type"
/// content="text/html; charset=gb2312">`, in the first [`META_SCAN`] bytes.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(META_SCAN))?;
    let mut from = 0;
    while let Some(at) = head.get(from..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let tag = head.get(from + at + 1..)?;
        from += at + 1;
        let is_meta = tag
            .get(..4)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"meta"))
            && tag
                .get(4)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/');
        if !is_meta {
            continue;
        }
        let end = memchr::memchr(b'>', tag).unwrap_or(tag.len());
        if let Some(enc) = tag.get(4..end).and_then(charset_in_tag) {
            return Some(enc);
        }
    }
    None
}

/// The encoding after `charset=` in a tag's attributes, quoted or not.
fn charset_in_tag(attributes: &[u8]) -> Option<&'static Encoding> {
    let at = attributes
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"charset"))?;
    let rest = attributes
        .get(at + 7..)?
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(rest.get(..len)?)
}

/// Text that is UTF-8 but for a few invalid bytes: more characters beyond
/// ASCII written correctly in UTF-8 than runs of bytes that are not UTF-8.
/// Text in a legacy encoding makes valid UTF-8 sequences only by chance.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid > invalid
}

/// The encoding a leading XML declaration names, whichever it is.
fn declared_label(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(512))?;
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = head.get(start..)?.strip_prefix(b"<?xml")?;
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let decl = decl.get(..end)?;
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = decl.get(at + 8..)?;
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let rest = rest.get(1..)?;
    let len = rest.iter().position(|b| *b == quote)?;
    Encoding::for_label(rest.get(..len)?)
}

/// Windows-1258 bytes for the five combining tone marks (grave, hook above,
/// tilde, acute, dot below). In Windows-1252 they are `Ì Ò Þ ì ò`.
fn is_tone_mark(b: u8) -> bool {
    matches!(b, 0xCC | 0xD2 | 0xDE | 0xEC | 0xF2)
}

/// A byte that can carry a Vietnamese tone in Windows-1258: an ASCII vowel
/// or `Â Ê Ô Ă Ơ Ư` in either case.
fn is_vowel(b: u8) -> bool {
    matches!(
        b.to_ascii_lowercase(),
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
    ) || matches!(
        b,
        0xC2 | 0xCA | 0xD4 | 0xE2 | 0xEA | 0xF4 | 0xC3 | 0xE3 | 0xD5 | 0xF5 | 0xDD | 0xFD
    )
}

/// High bytes that Vietnamese text in Windows-1258 uses (precomposed letters,
/// `đ ư ơ ă`, the tone marks). Any other byte from 0xC0 up (`ä ç ë î ñ ö ß
/// ü ...`) is a letter of another language.
fn is_vietnamese_letter_byte(b: u8) -> bool {
    matches!(
        b,
        0xC0..=0xC3
            | 0xC8..=0xCA
            | 0xCC
            | 0xCD
            | 0xD0
            | 0xD2..=0xD5
            | 0xD9
            | 0xDA
            | 0xDD
            | 0xDE
            | 0xE0..=0xE3
            | 0xE8..=0xEA
            | 0xEC
            | 0xED
            | 0xF0
            | 0xF2..=0xF5
            | 0xF9
            | 0xFA
            | 0xFD
    )
}

/// Windows-1258 rather than Windows-1252? A score for each:
///
/// - Vietnamese: 3 per tone-mark byte between a vowel and a letter (the
///   middle of a word: `kết`, `vận`), 1 per tone-mark byte after a vowel at a
///   word's end (`bộ`, `tế`), 1 per `đ Đ ư Ư ơ Ơ ă Ă` byte;
/// - Western: 2 per tone-mark byte after something that is not a vowel (in
///   Windows-1252 that is `ò ì` after a consonant: Italian `però`, `così`),
///   3 per letter byte that Vietnamese never uses (`ä ç ë ñ ö ß ü ...`).
///
/// Vietnamese needs at least one tone mark after a vowel, a score of at
/// least 2 and more than the Western score. So a lone Italian `può` stays
/// Windows-1252, a short Vietnamese `Bộ Y tế` becomes Windows-1258; `ã õ`
/// alone (Portuguese) never tip it.
pub fn looks_vietnamese(bytes: &[u8]) -> bool {
    let (mut vi, mut west, mut marks_after_vowel) = (0usize, 0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0xC0 {
            continue;
        }
        if is_tone_mark(b) {
            let before = i.checked_sub(1).and_then(|j| bytes.get(j)).copied();
            if before.is_some_and(is_vowel) {
                marks_after_vowel += 1;
                let after = bytes.get(i + 1).copied();
                vi += if after.is_some_and(|a| a.is_ascii_alphabetic() || a >= 0xC0) {
                    3
                } else {
                    1
                };
            } else {
                west += 2;
            }
        } else if matches!(b, 0xD0 | 0xF0 | 0xDD | 0xFD | 0xD5 | 0xF5 | 0xC3 | 0xE3) {
            vi += 1;
        } else if !is_vietnamese_letter_byte(b) {
            west += 3;
        }
    }
    marks_after_vowel > 0 && vi >= 2 && vi > west
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(bytes: &[u8]) -> (String, Option<&'static str>) {
        let d = decode(bytes).unwrap();
        (d.text.into_owned(), d.encoding.map(|e| e.name))
    }

    fn basis(bytes: &[u8]) -> Option<Basis> {
        decode(bytes).unwrap().encoding.map(|e| e.basis)
    }

    #[test]
    fn each_encoding_says_whether_it_was_declared_or_guessed() {
        let s = "Tin tức";
        let utf16le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let bom: Vec<u8> = [0xFF, 0xFE].into_iter().chain(utf16le.clone()).collect();
        assert_eq!(basis(&bom), Some(Basis::ByteOrderMark));
        assert_eq!(basis(&utf16le), Some(Basis::NulBytes));
        let declared_utf16: Vec<u8> = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(basis(&declared_utf16), Some(Basis::XmlDeclaration));
        assert_eq!(
            basis(&declared("euc-kr", "서울")),
            Some(Basis::XmlDeclaration)
        );
        assert_eq!(basis(&w1258("Bộ Y tế")), Some(Basis::Fallback));
        assert_eq!(basis(b"caf\xe9"), Some(Basis::Fallback));
        assert_eq!(basis("café".as_bytes()), None);
        let euc_kr = decode(&declared("euc-kr", "서울"))
            .unwrap()
            .encoding
            .unwrap();
        assert_eq!(
            euc_kr.to_string(),
            "EUC-KR (declared in its XML declaration)"
        );
        let guessed = decode(&w1258("Bộ Y tế")).unwrap().encoding.unwrap();
        assert_eq!(
            guessed.to_string(),
            "windows-1258 (guessed: not UTF-8, no encoding declared)"
        );
    }

    /// Windows-1258 as Vietnamese software writes it: a letter the code
    /// page lacks is written as its base letter and a combining tone mark.
    pub(crate) fn w1258(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for c in s.chars() {
            let one = c.to_string();
            let (b, _, bad) = WINDOWS_1258.encode(&one);
            if !bad {
                out.extend_from_slice(&b);
                continue;
            }
            let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
            let d: String = one.nfd().collect();
            let tone = d.chars().rfind(|x| tones.contains(x)).unwrap();
            let base: String = d
                .chars()
                .filter(|x| *x != tone)
                .collect::<String>()
                .nfc()
                .collect();
            let pair = format!("{base}{tone}");
            let (b, _, bad) = WINDOWS_1258.encode(&pair);
            assert!(!bad, "{c} not encodable");
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(dec("Tin tức".as_bytes()), ("Tin tức".into(), None));
        assert_eq!(dec(b"\xEF\xBB\xBFTin"), ("Tin".into(), None));
    }

    #[test]
    fn utf16_both_orders() {
        let s = "Tin tức\nđây";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(dec(&le), (s.into(), Some("UTF-16LE")));
        assert_eq!(dec(&be), (s.into(), Some("UTF-16BE")));
    }

    #[test]
    fn windows_1258_vietnamese_is_nfc() {
        let s = "Tổng kết công tác dân vận của Đảng ở tỉnh";
        let bytes = w1258(s);
        assert!(std::str::from_utf8(&bytes).is_err());
        let (text, enc) = dec(&bytes);
        assert_eq!(enc, Some("windows-1258"));
        assert_eq!(text, s);
        assert!(unicode_normalization::is_nfc(&text));
        assert_eq!(dec(&w1258("Bộ Y tế")).0, "Bộ Y tế");
    }

    #[test]
    fn windows_1252_western() {
        for s in [
            "café au lait",
            "Lui può venire, però",
            "São Paulo não",
            "Müller über Straße",
            "Þórður með",
        ] {
            let (b, _, _) = WINDOWS_1252.encode(s);
            assert_eq!(dec(&b), (s.to_string(), Some("windows-1252")), "{s}");
        }
    }

    #[test]
    fn xml_declaration_names_the_encoding() {
        let mut b = b"<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><a>".to_vec();
        b.push(0xA4); // euro sign in Latin-9
        let (text, enc) = dec(&b);
        assert_eq!(enc, Some("ISO-8859-15"));
        assert!(text.ends_with('€'));
        // A UTF-8 label on bytes that are not UTF-8: the heuristic decides.
        let mut b = b"<?xml version='1.0' encoding='utf-8'?>caf".to_vec();
        b.push(0xE9);
        assert_eq!(dec(&b).1, Some("windows-1252"));
    }

    /// `text` encoded in `label`, after an XML declaration naming it.
    fn declared(label: &str, text: &str) -> Vec<u8> {
        let enc = Encoding::for_label(label.as_bytes()).unwrap();
        let (body, _, bad) = enc.encode(text);
        assert!(!bad, "{label}: {text}");
        let mut b = format!("<?xml version=\"1.0\" encoding=\"{label}\"?>\n<rss>").into_bytes();
        b.extend_from_slice(&body);
        b
    }

    #[test]
    fn every_declared_encoding_is_honoured() {
        for (label, name, text) in [
            ("euc-kr", "EUC-KR", "한국어 뉴스"),
            ("shift_jis", "Shift_JIS", "日本語のニュース"),
            ("euc-jp", "EUC-JP", "日本語のニュース"),
            ("gb2312", "GBK", "中文新闻"),
            ("gbk", "GBK", "中文新闻"),
            ("gb18030", "gb18030", "中文新闻"),
            ("big5", "Big5", "中文新聞"),
            ("koi8-r", "KOI8-R", "Новости дня"),
            ("windows-1251", "windows-1251", "Новости дня"),
            ("iso-8859-7", "ISO-8859-7", "Ειδήσεις"),
            ("iso-8859-2", "ISO-8859-2", "Żółć gęślą"),
            ("windows-1258", "windows-1258", "Đà"),
        ] {
            let bytes = declared(label, text);
            assert!(std::str::from_utf8(&bytes).is_err(), "{label}");
            let (got, enc) = dec(&bytes);
            assert_eq!(enc, Some(name), "{label}");
            assert!(got.ends_with(&format!("<rss>{text}")), "{label}: {got}");
        }
    }

    /// An HTML page in `label` with `head` before its text, as a site
    /// that declares its charset in a `<meta>` tag serves it.
    fn page(label: &str, meta: &str, head: &str, text: &str) -> Vec<u8> {
        let enc = Encoding::for_label(label.as_bytes()).unwrap();
        let (body, _, bad) = enc.encode(text);
        assert!(!bad, "{label}: {text}");
        let mut b =
            format!("<!DOCTYPE html><html><head>{head}{meta}</head><body><h1>").into_bytes();
        b.extend_from_slice(&body);
        b.extend_from_slice(b"</h1></body></html>");
        b
    }

    #[test]
    fn an_html_meta_charset_is_honoured_wherever_the_head_puts_it() {
        let scripts = format!("<script>{}</script>", "var x = 1;\n".repeat(300));
        for (label, name, meta, head, text) in [
            (
                "windows-1250",
                "windows-1250",
                r#"<meta charset="Windows-1250">"#,
                "",
                "Sejm zagłosował",
            ),
            // after 3.6 KB of scripts, past the standard's 1,024-byte prescan
            (
                "iso-8859-2",
                "ISO-8859-2",
                "<META CHARSET=iso-8859-2 />",
                scripts.as_str(),
                "Żółć gęślą",
            ),
            (
                "gb2312",
                "GBK",
                r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#,
                "<title>x</title>",
                "话剧巡演结束",
            ),
        ] {
            let bytes = page(label, meta, head, text);
            assert!(std::str::from_utf8(&bytes).is_err(), "{label}");
            let got = decode(&bytes).unwrap();
            assert_eq!(
                got.encoding,
                Some(ReadAs {
                    name,
                    basis: Basis::HtmlMeta
                }),
                "{label}"
            );
            assert!(
                got.text.contains(&format!("<h1>{text}</h1>")),
                "{label}: {}",
                got.text
            );
        }
        // `<metadata>` is not `<meta>`, and an XML declaration comes first
        let mut b = b"<metadata charset=koi8-r><p>caf".to_vec();
        b.push(0xE9);
        assert_eq!(dec(&b).1, Some("windows-1252"));
        let mut b = declared("iso-8859-15", "x");
        b.extend_from_slice(b"<meta charset=koi8-r>");
        b.push(0xA4); // the euro sign in Latin-9, a box-drawing line in KOI8-R
        let (text, enc) = dec(&b);
        assert_eq!(enc, Some("ISO-8859-15"));
        assert!(text.ends_with("<meta charset=koi8-r>€"), "{text}");
    }

    #[test]
    fn text_declared_utf8_with_a_stray_byte_stays_utf8() {
        let mut b = page(
            "utf-8",
            "<meta charset=utf-8>",
            "",
            "Sprzeciw wobec ataków na Fundację",
        );
        b.push(0x97); // one byte of windows-1252 in a UTF-8 page
        b.extend_from_slice("zażółć".as_bytes());
        let got = decode(&b).unwrap();
        assert_eq!(got.encoding, None);
        assert!(got.text.contains("ataków na Fundację"), "{}", got.text);
        assert!(got.text.ends_with("\u{FFFD}zażółć"), "{}", got.text);
        // the same label on text with no UTF-8 in it: the letters decide
        let mut b = b"<meta charset=utf-8><p>caf".to_vec();
        b.push(0xE9);
        assert_eq!(
            dec(&b),
            (
                "<meta charset=utf-8><p>café".to_string(),
                Some("windows-1252")
            )
        );
    }

    #[test]
    fn iso_2022_jp_is_told_by_its_declaration_and_escapes() {
        let bytes = declared("iso-2022-jp", "日本語");
        assert!(std::str::from_utf8(&bytes).is_ok());
        let (got, enc) = dec(&bytes);
        assert_eq!(enc, Some("ISO-2022-JP"));
        assert!(got.ends_with("日本語"), "{got}");
        // escapes without the declaration are UTF-8 text like any other
        let plain = "a\u{1b}$Bb";
        assert_eq!(dec(plain.as_bytes()), (plain.to_string(), None));
    }

    #[test]
    fn utf16_without_a_bom_is_told_by_its_nul_bytes() {
        let s =
            "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<rss><title>Tin tức 日本</title></rss>";
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(dec(&le), (s.into(), Some("UTF-16LE")));
        assert_eq!(dec(&be), (s.into(), Some("UTF-16BE")));
        // an odd length, a lone surrogate or a U+0000 is no UTF-16 text
        let mut odd = le.clone();
        odd.push(b'x');
        let mut lone = le.clone();
        lone.extend_from_slice(&[0x00, 0xD8, b'a', 0]);
        let mut nul = le.clone();
        nul.extend_from_slice(&[0, 0]);
        for bad in [odd, lone, nul] {
            assert!(decode(&bad).unwrap_err().message.starts_with("binary file"));
        }
        // text with NULs in both byte positions stays binary
        assert!(decode(b"ab\x00c\x00\x00dd").is_err());
    }

    #[test]
    fn binary_and_oversized_files_are_refused() {
        let e = decode(b"Title\nbody\n\x00\x01").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.starts_with("binary file"));
        let e = decode(&[0x01, 0x02, 0x03, 0xFF, 0x04]).unwrap_err();
        assert!(e.message.starts_with("binary file"));
        let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
        assert!(decode(&big).unwrap_err().message.contains("limit"));
    }

    /// A byte is a control that marks a binary file (`mostly_control_bytes`).
    fn stray_control(b: u8) -> bool {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b)) || b == 0x7f
    }

    #[test]
    fn each_byte_is_a_control_or_not_as_the_rule_says() {
        // 10 bytes of one kind after 3 of 'a': 10 of 13 over 30 % if a control
        for b in 0..=255u8 {
            let mut bytes = b"aaa".to_vec();
            bytes.extend([b; 10]);
            assert_eq!(mostly_control_bytes(&bytes), stray_control(b), "{b:#04x}");
        }
        // every byte a control, over many runs; then 30 % exactly, and one more
        assert!(mostly_control_bytes(&[0x01; 1000]));
        let mut bytes = [b'a'; 3000];
        bytes[..900].fill(0x01);
        assert!(!mostly_control_bytes(&bytes));
        bytes[2999] = 0x7f;
        assert!(mostly_control_bytes(&bytes));
    }

    proptest! {
        #[test]
        fn control_bytes_are_counted_across_runs_of_any_length(
            bytes in prop::collection::vec(
                prop_oneof![Just(0u8), Just(b'\n'), Just(0x7f), Just(b'a'), any::<u8>()],
                0..2000,
            )
        ) {
            let controls = bytes.iter().filter(|&&b| stray_control(b)).count();
            prop_assert_eq!(mostly_control_bytes(&bytes), controls * 10 > bytes.len() * 3);
        }

        #[test]
        fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&bytes);
        }

        #[test]
        fn legacy_text_keeps_its_lines(lines in prop::collection::vec("[a-zà-ỹ ]{0,10}", 1..6)) {
            let s = lines.join("\n");
            let (b, _, _) = WINDOWS_1258.encode(&s);
            if let Ok(d) = decode(&b) {
                prop_assert_eq!(d.text.lines().count(), s.lines().count());
            }
        }
    }
}
