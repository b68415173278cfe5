//! Search folding, shared by indexing, querying and highlighting.
//!
//! Vietnamese readers often type without diacritics ("dan van" for "dân vận",
//! "duong" for "đường"), so everything that is searched and everything that is
//! typed goes through [`fold`]:
//!
//! 1. canonical decomposition (NFD), character by character;
//! 2. full Unicode lower-casing (`char::to_lowercase`, so `İ` becomes `i` plus a
//!    dot that step 4 drops), then NFD again;
//! 3. letters that do not decompose but are typed without their mark:
//!    `đ ð → d`, `ø → o`, `ł ŀ → l`, `ħ → h`, `ŧ → t`, `ı → i`, `ſ → s`,
//!    `æ → ae`, `œ → oe`, `ß → ss`, `þ → th`, final sigma `ς → σ`;
//! 4. every combining mark (`General_Category=Mark`: Mn, and also Mc and Me,
//!    so the output never contains a mark) is dropped;
//! 5. Hangul jamo are recomposed into syllables, so that Korean text given in NFD
//!    folds to the same syllables as NFC text (NFD would otherwise split every
//!    syllable into jamo).
//!
//! Consequences worth knowing: kana lose their voicing marks (`が → か`), just as
//! Vietnamese loses its tones; CJK ideographs are unchanged (compatibility
//! ideographs become their unified twins, as NFD says). Compatibility forms
//! (full-width letters, ligatures such as `ﬁ`) are left as they are: this is
//! NFD, not NFKD.
//!
//! The result is idempotent (`fold(fold(s)) == fold(s)`), identical for NFC and
//! NFD input, and never panics.
//!
//! [`tokens`] splits folded text into search tokens, and [`index_text`] gives
//! the text to store in the full-text index (see `search` for why it is
//! pre-tokenized).

use std::ops::Range;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Fold `s` for searching: lower case, no diacritics, `đ → d`.
///
/// ```
/// use xemtin::fold::fold;
/// assert_eq!(fold("Tổng kết công tác dân vận"), "tong ket cong tac dan van");
/// assert_eq!(fold("ĐƯỜNG"), "duong");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut jamo = false;
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            jamo |= fold_char_into(c, &mut out);
        }
    }
    if jamo { compose_hangul(&out) } else { out }
}

/// Fold `s` and say where each folded char came from.
///
/// Returns the folded string (always equal to `fold(s)`) and **one byte range
/// of `s` per char of the folded string** (not per byte), in the folded
/// string's char order. Each range starts and ends on char boundaries of `s`.
///
/// - One input char can give several folded chars (`æ → ae`, `ß → ss`): they
///   all carry the range of that input char.
/// - Combining marks that are dropped belong to the folded char before them,
///   so the range of the `e` of NFD `"e\u{301}"` is `0..3` and a highlight never
///   splits a letter from its accents. Marks at the very start, with nothing
///   before them, belong to no folded char.
/// - Hangul jamo recomposed into one syllable give that syllable the range of
///   all of them.
///
/// Ranges never go backwards: each is either equal to the previous one (same
/// input char) or starts at or after its end.
pub fn fold_with_map(s: &str) -> (String, Vec<Range<usize>>) {
    // Groups of input chars with their folded piece; a group only has more than
    // one input char when marks were dropped or jamo recomposed.
    let mut groups: Vec<(Range<usize>, String)> = Vec::new();
    let mut piece = String::new();
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        piece.clear();
        let jamo = if c.is_ascii() {
            piece.push(c.to_ascii_lowercase());
            false
        } else {
            fold_char_into(c, &mut piece)
        };
        if piece.is_empty() {
            if let Some((range, _)) = groups.last_mut() {
                range.end = end;
            }
            continue;
        }
        let piece_now = if jamo {
            compose_hangul(&piece)
        } else {
            piece.clone()
        };
        if let Some((range, prev)) = groups.last_mut()
            && joins_hangul(prev, &piece_now)
        {
            range.end = end;
            prev.push_str(&piece_now);
            *prev = compose_hangul(prev);
            continue;
        }
        groups.push((i..end, piece_now));
    }
    let mut folded = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    for (range, piece) in groups {
        for _ in piece.chars() {
            map.push(range.clone());
        }
        folded.push_str(&piece);
    }
    (folded, map)
}

/// Split folded text into search tokens.
///
/// A token is a run of alphanumeric chars (Unicode `Alphabetic` or `Numeric`),
/// except that each CJK ideograph, kana and Hangul syllable is a token on its
/// own, so that text written without spaces can be searched (a word of several
/// ideographs is searched as a phrase of single ideographs). Everything else
/// (spaces, punctuation, symbols) separates tokens.
pub fn tokens(folded: &str) -> Vec<&str> {
    token_spans(folded)
        .into_iter()
        .map(|r| &folded[r])
        .collect()
}

/// The byte ranges in `folded` of the tokens [`tokens`] returns, in order.
pub fn token_spans(folded: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in folded.char_indices() {
        if is_standalone(c) {
            if let Some(s) = start.take() {
                spans.push(s..i);
            }
            spans.push(i..i + c.len_utf8());
        } else if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            spans.push(s..i);
        }
    }
    if let Some(s) = start {
        spans.push(s..folded.len());
    }
    spans
}

/// The text to store in the full-text index for `s`: its folded tokens joined by
/// single spaces. Any tokenizer that splits on spaces (FTS5 `ascii`) then sees
/// exactly the tokens that [`tokens`] gives for queries.
///
/// ```
/// use xemtin::fold::index_text;
/// assert_eq!(index_text("Đường  phố, Hà-Nội!"), "duong pho ha noi");
/// ```
pub fn index_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_index_text(s, &mut out);
    out
}

/// [`index_text`] of each of `parts`, as if they were joined by newlines: the
/// full-text index's body of an article, without joining its paragraphs first.
pub fn index_text_of_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        push_index_text(part, &mut out);
    }
    out
}

/// Append the folded tokens of `s` to `out`, each after a space unless `out`
/// is empty: `index_text` in one pass, folding, splitting and joining as it
/// goes (the indexing of a large folder spends a tenth of its time here).
/// Text with Hangul jamo, which folding recomposes across chars, takes the
/// three-step way.
fn push_index_text(s: &str, out: &mut String) {
    let start = out.len();
    // Inside a token: the next token char continues it, without a space.
    let mut in_token = false;
    let mut piece = String::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    // A byte at a time while the text is ASCII, a char at a time beyond:
    // decoding every char was a sixth of folding.
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            i += 1;
            push_ascii(b, out, &mut in_token);
            continue;
        }
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let folded = match folded_latin(c) {
            // Most letters beyond ASCII (all of Vietnamese) fold to one
            // ASCII letter.
            Some(f) => {
                if let &[f] = f.as_bytes() {
                    push_ascii(f, out, &mut in_token);
                    continue;
                }
                f
            }
            None => {
                piece.clear();
                if fold_char_slow(c, &mut piece) {
                    out.truncate(start);
                    let slow = tokens(&fold(s)).join(" ");
                    if !slow.is_empty() && !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(&slow);
                    return;
                }
                piece.as_str()
            }
        };
        for f in folded.chars() {
            if is_standalone(f) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push(f);
                in_token = false;
            } else if f.is_alphanumeric() {
                if !in_token && !out.is_empty() {
                    out.push(' ');
                }
                out.push(f);
                in_token = true;
            } else {
                in_token = false;
            }
        }
    }
}

/// One ASCII byte of folded text: a letter or digit continues or starts a
/// token (lowered), anything else ends one.
fn push_ascii(b: u8, out: &mut String, in_token: &mut bool) {
    if b.is_ascii_alphanumeric() {
        if !*in_token && !out.is_empty() {
            out.push(' ');
        }
        out.push(char::from(b.to_ascii_lowercase()));
        *in_token = true;
    } else {
        *in_token = false;
    }
}

/// CJK ideographs, kana and Hangul syllables: one token each.
fn is_standalone(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xAC00..=0xD7A3    // Hangul syllables
        | 0x20000..=0x323AF  // CJK extensions B..H, compatibility supplement
    ) && c.is_alphanumeric()
}

/// Fold one non-ASCII char into `out`. Returns whether a Hangul jamo was pushed
/// (the caller then recomposes).
fn fold_char_into(c: char, out: &mut String) -> bool {
    if let Some(folded) = folded_latin(c) {
        out.push_str(folded);
        return false;
    }
    fold_char_slow(c, out)
}

/// Latin-1 Supplement, Latin Extended-A and -B, and Latin Extended
/// Additional (every Vietnamese letter): the blocks most text beyond ASCII
/// is in, folded once into a table instead of decomposed char by char.
const LATIN: [(u32, u32); 2] = [(0x80, 0x250), (0x1E00, 0x1F00)];

fn folded_latin(c: char) -> Option<&'static str> {
    static TABLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        LATIN
            .iter()
            .flat_map(|&(lo, hi)| lo..hi)
            .map(|u| {
                let mut s = String::new();
                if let Some(c) = char::from_u32(u) {
                    // none of these gives Hangul jamo
                    fold_char_slow(c, &mut s);
                }
                s
            })
            .collect()
    });
    let u = c as u32;
    let mut offset = 0;
    for &(lo, hi) in &LATIN {
        if (lo..hi).contains(&u) {
            return table.get((offset + u - lo) as usize).map(String::as_str);
        }
        offset += hi - lo;
    }
    None
}

fn fold_char_slow(c: char, out: &mut String) -> bool {
    let mut jamo = false;
    decompose_canonical(c, |d| {
        for l in d.to_lowercase() {
            decompose_canonical(l, |e| {
                if is_combining_mark(e) {
                    return;
                }
                match e {
                    'đ' | 'ð' => out.push('d'),
                    'ø' => out.push('o'),
                    'ł' | 'ŀ' => out.push('l'),
                    'ħ' => out.push('h'),
                    'ŧ' => out.push('t'),
                    'ı' => out.push('i'),
                    'ſ' => out.push('s'),
                    'ς' => out.push('σ'),
                    'æ' => out.push_str("ae"),
                    'œ' => out.push_str("oe"),
                    'ß' => out.push_str("ss"),
                    'þ' => out.push_str("th"),
                    _ => {
                        jamo |= is_jamo(e);
                        out.push(e);
                    }
                }
            });
        }
    });
    jamo
}

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const S_COUNT: u32 = L_COUNT * V_COUNT * T_COUNT;

fn is_l(c: char) -> bool {
    (L_BASE..L_BASE + L_COUNT).contains(&(c as u32))
}
fn is_v(c: char) -> bool {
    (V_BASE..V_BASE + V_COUNT).contains(&(c as u32))
}
fn is_t(c: char) -> bool {
    (T_BASE + 1..T_BASE + T_COUNT).contains(&(c as u32))
}
fn is_lv(c: char) -> bool {
    let u = c as u32;
    (S_BASE..S_BASE + S_COUNT).contains(&u) && (u - S_BASE).is_multiple_of(T_COUNT)
}
fn is_jamo(c: char) -> bool {
    is_l(c) || is_v(c) || is_t(c)
}

/// Would the last char of `prev` and the first of `next` compose?
fn joins_hangul(prev: &str, next: &str) -> bool {
    match (prev.chars().next_back(), next.chars().next()) {
        (Some(a), Some(b)) => (is_l(a) && is_v(b)) || (is_lv(a) && is_t(b)),
        _ => false,
    }
}

/// Canonical composition of Hangul only (L+V → LV, LV+T → LVT); the input has
/// no combining marks left, so no other canonical composition can apply.
fn compose_hangul(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last: Option<char> = None;
    for c in s.chars() {
        if let Some(a) = last {
            let composed = if is_l(a) && is_v(c) {
                let (l, v) = (a as u32 - L_BASE, c as u32 - V_BASE);
                char::from_u32(S_BASE + (l * V_COUNT + v) * T_COUNT)
            } else if is_lv(a) && is_t(c) {
                char::from_u32(a as u32 + (c as u32 - T_BASE))
            } else {
                None
            };
            if let Some(s) = composed {
                out.pop();
                out.push(s);
                last = Some(s);
                continue;
            }
        }
        out.push(c);
        last = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn the_latin_table_folds_as_the_slow_path_does() {
        let mut checked = 0;
        for &(lo, hi) in &LATIN {
            for c in (lo..hi).filter_map(char::from_u32) {
                let (mut fast, mut slow) = (String::new(), String::new());
                assert!(!fold_char_into(c, &mut fast));
                fold_char_slow(c, &mut slow);
                assert_eq!(fast, slow, "{c:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 0x1d0 + 0x100);
        assert_eq!(folded_latin('ậ'), Some("a"));
        assert_eq!(folded_latin('Đ'), Some("d"));
        assert_eq!(folded_latin('ß'), Some("ss"));
        assert_eq!(folded_latin('a'), None);
        assert_eq!(folded_latin('中'), None);
    }

    #[test]
    fn vietnamese_examples() {
        assert_eq!(fold("dân vận"), "dan van");
        assert_eq!(fold("ĐƯỜNG"), "duong");
        assert_eq!(fold("đường"), "duong");
        assert_eq!(fold("Người"), "nguoi");
        assert_eq!(fold("ậ ữ ở"), "a u o");
        assert_eq!(fold("Chiêm Hóa"), "chiem hoa");
        assert_eq!(fold("Lâm Bình, Na Hang"), "lam binh, na hang");
        assert_eq!(fold("café"), "cafe");
        assert_eq!(fold("Tuyên Quang"), "tuyen quang");
    }

    #[test]
    fn nfd_input_folds_like_nfc() {
        let nfc = "Thứ Năm, ngày 31 tháng 12 năm 2020 - Đã xem: 38 ậ ữ ở Người";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(fold(&nfd), fold(nfc));
        assert_eq!(
            fold(&nfd),
            "thu nam, ngay 31 thang 12 nam 2020 - da xem: 38 a u o nguoi"
        );
    }

    #[test]
    fn letters_without_decomposition() {
        assert_eq!(fold("Øresund Łódź"), "oresund lodz");
        assert_eq!(
            fold("Æble Œuvre Straße STRASSE"),
            "aeble oeuvre strasse strasse"
        );
        assert_eq!(fold("İstanbul ıSTANBUL"), "istanbul istanbul");
        assert_eq!(fold("ΟΔΟΣ οδος"), "οδοσ οδοσ");
    }

    #[test]
    fn cjk_is_unchanged() {
        for s in [
            "中华人民共和国",
            "東京都",
            "ひらかな カタカナ",
            "한국어 뉴스",
        ] {
            assert_eq!(fold(s), s);
        }
        // Kana lose their voicing marks, as Vietnamese loses its tones.
        assert_eq!(fold("ひらがな"), "ひらかな");
        // Korean in NFD (jamo) folds back to syllables.
        let nfd: String = "한국어 뉴스".nfd().collect();
        assert_ne!(nfd, "한국어 뉴스");
        assert_eq!(fold(&nfd), "한국어 뉴스");
    }

    #[test]
    fn tokens_split_words_and_cjk() {
        assert_eq!(
            tokens("chiem hoa, mua lua!"),
            ["chiem", "hoa", "mua", "lua"]
        );
        assert_eq!(tokens("covid-19 10:30"), ["covid", "19", "10", "30"]);
        assert_eq!(tokens("abc中国xyz"), ["abc", "中", "国", "xyz"]);
        assert_eq!(tokens("한국어 뉴스"), ["한", "국", "어", "뉴", "스"]);
        assert_eq!(tokens("カタカナ"), ["カ", "タ", "カ", "ナ"]);
        assert_eq!(tokens("  ... \"AND\" (x*) ^ "), ["AND", "x"]);
        assert!(tokens("").is_empty());
        assert_eq!(index_text("Chiêm Hóa: mùa lúa"), "chiem hoa mua lua");
    }

    #[test]
    fn map_of_nfd_text_covers_the_marks() {
        let s: String = "Hóa".nfd().collect(); // H o U+0301 a
        let (f, map) = fold_with_map(&s);
        assert_eq!(f, "hoa");
        assert_eq!(map, vec![0..1, 1..4, 4..5]);
        let (f, map) = fold_with_map("Æ ß");
        assert_eq!(f, "ae ss");
        assert_eq!(map, vec![0..2, 0..2, 2..3, 3..5, 3..5]);
        let (f, map) = fold_with_map("\u{301}a");
        assert_eq!(f, "a");
        assert_eq!(map, vec![2..3]);
    }

    #[test]
    fn every_char_folds_idempotently_and_without_marks() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            let f = fold(s);
            assert!(!f.chars().any(is_combining_mark), "{c:?} -> {f:?}");
            assert_eq!(fold(&f), f, "{c:?}");
        }
    }

    fn interesting() -> impl Strategy<Value = String> {
        let chars = prop_oneof![
            any::<char>(),
            prop::sample::select(
                "aAeEoOuUiIyYdDđĐăâêôơưĂÂÊÔƠƯ \u{300}\u{301}\u{303}\u{309}\u{323}\u{302}\u{306}\u{31b}\u{307}İıßẞæÆœøς中国かが한\u{1100}\u{1161}\u{11a8}\u{1112}\u{1175}\"-:*^()"
                    .chars()
                    .collect::<Vec<_>>()
            ),
        ];
        prop::collection::vec(chars, 0..40).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in interesting()) {
            let f = fold(&s);
            prop_assert_eq!(fold(&f), f);
        }

        #[test]
        fn fold_ignores_normalization_form(s in interesting()) {
            let f = fold(&s);
            prop_assert_eq!(&fold(&s.nfd().collect::<String>()), &f);
            prop_assert_eq!(&fold(&s.nfc().collect::<String>()), &f);
        }

        #[test]
        fn fold_output_has_no_marks(s in interesting()) {
            prop_assert!(!fold(&s).chars().any(is_combining_mark));
        }

        #[test]
        fn map_agrees_with_fold(s in interesting()) {
            let (f, map) = fold_with_map(&s);
            prop_assert_eq!(&f, &fold(&s));
            prop_assert_eq!(map.len(), f.chars().count());
            let mut prev: Option<Range<usize>> = None;
            let mut pieces = String::new();
            for r in &map {
                prop_assert!(r.start < r.end && r.end <= s.len());
                prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
                if let Some(p) = &prev {
                    prop_assert!(p == r || p.end <= r.start, "{:?} then {:?}", p, r);
                    if p != r {
                        pieces.push_str(&fold(&s[p.clone()]));
                    }
                }
                prev = Some(r.clone());
            }
            if let Some(p) = prev {
                pieces.push_str(&fold(&s[p]));
            }
            // Folding each mapped piece on its own gives the folded string back
            // (marks before the first folded char belong to no piece).
            prop_assert_eq!(pieces, f);
        }

        #[test]
        fn tokens_are_slices_of_alphanumerics(s in interesting()) {
            let f = fold(&s);
            for t in tokens(&f) {
                prop_assert!(!t.is_empty());
                prop_assert!(t.chars().all(char::is_alphanumeric));
            }
        }
    }
}

/// The one-pass [`index_text`] against the three steps it stands for.
#[cfg(test)]
mod index_text_tests {
    use super::*;
    use proptest::prelude::*;

    /// What `index_text` must give: fold, split, join.
    fn three_steps(s: &str) -> String {
        tokens(&fold(s)).join(" ")
    }

    fn text() -> impl Strategy<Value = String> {
        let chars = prop_oneof![
            any::<char>(),
            prop::sample::select(
                "aAzZ09 đĐăâêôơưẠẶỸỹ\u{300}\u{301}\u{323}İıßæœøς中国かが한\u{1100}\u{1161}\u{11a8}\n\t.,-_'ǅǈɐəŋ"
                    .chars()
                    .collect::<Vec<_>>()
            ),
        ];
        prop::collection::vec(chars, 0..60).prop_map(|v| v.into_iter().collect())
    }

    #[test]
    fn examples_fold_split_and_join() {
        for s in [
            "",
            "  ",
            "Tổng kết công tác DÂN VẬN, năm 2020!",
            "中国かが",
            "ab中cd",
            "Straße Œuvre",
            "한국어 \u{1100}\u{1161}\u{11a8} x",
            "e\u{301}\u{301}e",
        ] {
            assert_eq!(index_text(s), three_steps(s), "{s:?}");
        }
        assert_eq!(index_text("Đường  phố, Hà-Nội!"), "duong pho ha noi");
    }

    #[test]
    fn parts_are_indexed_as_if_joined_by_newlines() {
        let parts = ["Một", "", "hai ba", "한\u{1100}", "\u{1161}b"];
        assert_eq!(index_text_of_parts(parts), three_steps(&parts.join("\n")));
    }

    proptest! {
        #[test]
        fn one_pass_equals_three_steps(s in text()) {
            prop_assert_eq!(index_text(&s), three_steps(&s));
        }

        #[test]
        fn parts_equal_the_joined_text(parts in prop::collection::vec(text(), 0..5)) {
            prop_assert_eq!(
                index_text_of_parts(parts.iter().map(String::as_str)),
                three_steps(&parts.join("\n"))
            );
        }
    }
}
