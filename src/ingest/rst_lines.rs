//! The shapes of reStructuredText lines ([`super::rst`]): indentation,
//! indented blocks, section adornments, field, bullet and enumerator
//! markers, table borders, directives; and a table's rows as text. Shared
//! by the top of the file ([`super::rst`]) and the body
//! ([`super::rst_blocks`]).

use super::rst_inline::{Refs, plain};

/// Spaces at the start of `line`.
pub fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

pub fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The end of the indented block that starts at `from`: lines indented by
/// at least `min` columns, blank lines between them included, trailing
/// ones not.
pub fn block_end(lines: &[String], from: usize, min: usize) -> usize {
    let mut end = from;
    let mut i = from;
    while let Some(l) = lines.get(i) {
        if is_blank(l) {
            i += 1;
            continue;
        }
        if indent(l) < min {
            break;
        }
        i += 1;
        end = i;
    }
    end
}

/// `lines` with up to `n` leading spaces taken off each.
pub fn dedent(lines: &[String], n: usize) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.get(indent(l).min(n)..).unwrap_or_default().to_string())
        .collect()
}

/// The smallest indentation of the non-blank lines.
pub fn min_indent(lines: &[String]) -> usize {
    lines
        .iter()
        .filter(|l| !is_blank(l))
        .map(|l| indent(l))
        .min()
        .unwrap_or(0)
}

/// A line of one repeated punctuation character (a section adornment or a
/// transition): the character and the length.
pub fn adornment(line: &str) -> Option<(char, usize)> {
    let mut chars = line.chars();
    let c = chars.next()?;
    let punct = c.is_ascii_punctuation();
    (punct && chars.all(|x| x == c) && line.len() >= 2).then_some((c, line.len()))
}

/// The section title at `i`, if one is there: (title text, style, index of
/// the line after it). A style is the adornment character and whether
/// there is an overline.
pub fn section_at(lines: &[String], i: usize) -> Option<(String, (char, bool), usize)> {
    let first = lines.get(i)?;
    if indent(first) > 0 {
        return None;
    }
    let width = |t: &str| t.trim().chars().count();
    if let Some((c, n)) = adornment(first) {
        let text = lines.get(i + 1)?;
        let under = lines.get(i + 2)?;
        let long_enough = n >= 4 || n >= width(text);
        if !is_blank(text)
            && adornment(text).is_none()
            && adornment(under) == Some((c, n))
            && long_enough
        {
            return Some((text.trim().to_string(), (c, true), i + 3));
        }
        return None;
    }
    let (c, n) = adornment(lines.get(i + 1)?)?;
    let starts_block = i == 0 || lines.get(i - 1).is_some_and(|l| is_blank(l));
    (starts_block && (n >= width(first) || n >= 4) && c != ':')
        .then(|| (first.trim().to_string(), (c, false), i + 2))
}

/// A field line `:name: value`: (name, value).
pub fn field_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(':')?;
    let mut prev = ':';
    for (k, c) in rest.char_indices() {
        if c == ':' && prev != '\\' && k > 0 {
            let name = rest.get(..k)?;
            let value = rest.get(k + 1..)?;
            let ok = (value.is_empty() || value.starts_with(' '))
                && !name.starts_with(' ')
                && !name.ends_with(' ');
            return ok.then_some((name, value.trim()));
        }
        prev = c;
    }
    None
}

/// A bullet item's marker: its width (the bullet and the spaces after it).
pub fn bullet(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next()?;
    if !matches!(c, '*' | '+' | '-' | '•' | '‣' | '⁃') {
        return None;
    }
    let rest = line.get(c.len_utf8()..)?;
    if rest.is_empty() {
        return Some((c, c.len_utf8() + 1));
    }
    rest.starts_with(' ')
        .then(|| (c, c.len_utf8() + indent(rest)))
}

/// An enumerated list item's marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumerator {
    /// The punctuation: `.` (`1.`), `)` (`1)`) or `(` (`(1)`).
    pub form: u8,
    /// 0 arabic, 1 auto (`#`), 2 lower-case letter, 3 upper-case letter,
    /// 4 lower-case roman, 5 upper-case roman.
    pub style: u8,
    pub value: u32,
    /// The marker as written, without its spaces.
    pub text: String,
    /// Bytes taken by the marker and the spaces after it.
    pub width: usize,
}

impl Enumerator {
    /// Whether an item with this marker goes on a list started by `first`.
    pub fn continues(&self, first: &Enumerator) -> bool {
        self.form == first.form
            && (self.style == first.style || self.style == 1 || first.style == 1)
    }

    /// The marker to show: as written, an auto marker (`#.`) numbered `n`.
    pub fn shown(&self, n: u32) -> String {
        if self.style != 1 {
            return self.text.clone();
        }
        match self.form {
            b'(' => format!("({n})"),
            b')' => format!("{n})"),
            _ => format!("{n}."),
        }
    }
}

/// The enumerated list item marker that starts `line`, if any.
pub fn enumerator(line: &str) -> Option<Enumerator> {
    let (open, rest) = match line.strip_prefix('(') {
        Some(r) => (1, r),
        None => (0, line),
    };
    let token_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
        .unwrap_or(rest.len());
    let token = rest.get(..token_len)?;
    let close = rest.get(token_len..)?.chars().next()?;
    let form = match (open, close) {
        (1, ')') => b'(',
        (0, ')') => b')',
        (0, '.') => b'.',
        _ => return None,
    };
    let (style, value) = enumerator_value(token)?;
    let after = rest.get(token_len + 1..)?;
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let marker_len = open + token_len + 1;
    Some(Enumerator {
        form,
        style,
        value,
        text: line.get(..marker_len)?.to_string(),
        width: marker_len + indent(after).max(1),
    })
}

/// The style ([`Enumerator::style`]) and value of an enumerator's token.
fn enumerator_value(token: &str) -> Option<(u8, u32)> {
    if token == "#" {
        return Some((1, 1));
    }
    if token.bytes().all(|b| b.is_ascii_digit()) {
        return token
            .parse()
            .ok()
            .filter(|v| *v < 1_000_000)
            .map(|v| (0, v));
    }
    let upper = token.bytes().all(|b| b.is_ascii_uppercase());
    if !upper && !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    if token.len() == 1 && !matches!(lower.as_str(), "i" | "v" | "x") {
        let v = lower
            .bytes()
            .next()
            .map(|b| u32::from(b.saturating_sub(b'a')) + 1)?;
        return Some((2 + u8::from(upper), v));
    }
    if token.len() > 8 {
        return None;
    }
    let mut total = 0u32;
    let mut last = 0u32;
    for b in lower.bytes().rev() {
        let v = match b {
            b'i' => 1,
            b'v' => 5,
            b'x' => 10,
            b'l' => 50,
            b'c' => 100,
            b'd' => 500,
            b'm' => 1000,
            _ => return None,
        };
        if v < last {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            last = v;
        }
    }
    Some((4 + u8::from(upper), total))
}

/// A grid table's border (`+---+---+`, `+===+`).
pub fn grid_border(line: &str) -> bool {
    (line.starts_with("+-") || line.starts_with("+=")) && line.ends_with('+')
}

/// A simple table's border: columns of `=` (or `-` rules) with spaces
/// between, at least two.
pub fn simple_border(line: &str, c: char) -> bool {
    line.starts_with(c)
        && line.chars().all(|x| x == c || x == ' ')
        && line.split(' ').filter(|w| !w.is_empty()).count() >= 2
}

/// A table's rows as aligned lines: each cell's inline markup reduced to
/// text, the columns (where the first border puts them: runs of `=` or
/// `-` between `+`) padded to their widest cell, border lines left out.
pub fn table_rows(lines: &[String], grid: bool, refs: &Refs) -> Vec<String> {
    let border = lines.first().map(String::as_str).unwrap_or_default();
    // the character index where each column starts
    let mut starts: Vec<usize> = Vec::new();
    let mut prev = ' ';
    for (k, c) in border.chars().enumerate() {
        let cell = if grid { c != '+' } else { c != ' ' };
        let prev_cell = if grid { prev != '+' } else { prev != ' ' };
        if cell && (k == 0 || !prev_cell) {
            starts.push(k);
        }
        prev = c;
    }
    if starts.len() > 64 {
        starts.clear(); // no real table: each line as it is
    }
    let rows: Vec<Vec<String>> = lines
        .iter()
        .filter(|l| !(grid_border(l) || simple_border(l, '=') || simple_border(l, '-')))
        .map(|l| {
            let chars: Vec<char> = l.chars().collect();
            let mut cells = Vec::with_capacity(starts.len());
            for (n, &a) in starts.iter().enumerate() {
                let b = starts
                    .get(n + 1)
                    .map_or(chars.len(), |&b| b.min(chars.len()));
                let cell: String = chars.get(a.min(b)..b).unwrap_or_default().iter().collect();
                let cell = cell.trim().trim_matches('|').trim();
                cells.push(plain(cell, refs).trim().to_string());
            }
            if starts.is_empty() {
                cells.push(plain(l, refs));
            }
            cells
        })
        .collect();
    let mut widths = vec![0usize; starts.len().max(1)];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (cell, w) in row.iter().zip(&widths) {
                let pad = w.saturating_sub(cell.chars().count());
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', pad + 2));
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// The index of the first non-blank line from `i`.
pub fn skip_blank(lines: &[String], mut i: usize) -> usize {
    while lines.get(i).is_some_and(|l| is_blank(l)) {
        i += 1;
    }
    i
}

/// `name:: args`: a directive's name and arguments.
pub fn directive(first: &str) -> Option<(String, &str)> {
    let (name, args) = first.split_once("::")?;
    let ok = !name.is_empty()
        && name.len() <= 60
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '+'));
    (ok && (args.is_empty() || args.starts_with(' '))).then(|| (name.to_string(), args.trim()))
}
