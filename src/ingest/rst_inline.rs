//! reStructuredText inline markup ([`super::rst`]) reduced to text and
//! links.
//!
//! - `*emphasis*`, `**strong**`, ``` ``literal`` ```, `` `interpreted` ``
//!   and roles (`` :code:`x` ``, `` `x`:sub: ``, `` :ref:`text <label>` ``)
//!   become their text;
//! - `` `text <https://...>`_ ``, `` `text`_ `` and `name_` (whose target is
//!   a `.. _name: https://...` line anywhere in the file) and anonymous
//!   `` `text`__ `` (the `__ url` targets in order) become links when the
//!   target is an address with a scheme; a target that is a relative path
//!   (Pelican's `{filename}` links), a section or nothing at all leaves the
//!   text alone;
//! - `|name|` is the text of its `replace::`/`unicode::` substitution, the
//!   alt text of an image substitution, or nothing;
//! - `[1]_`, `[#note]_` footnote references keep their brackets;
//! - backslash escapes are resolved (`\*` is `*`, a backslash and a space
//!   are nothing); standalone addresses are copied as written.
//!
//! Markup is recognised as reStructuredText says, loosely: a start-string
//! follows the start, a space or an opening punctuation mark and is
//! followed by no space; an end-string follows no space and is followed
//! by the end, a space or punctuation. Unclosed markup is text.

use std::collections::HashMap;

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Link { text: String, url: String },
}

/// What references resolve to: named targets, anonymous ones in order,
/// substitutions.
#[derive(Debug, Default, Clone)]
pub struct Refs {
    /// Normalised name ([`ref_name`]) to the target as written: an address,
    /// or another name ending in `_` (an indirect target).
    pub targets: HashMap<String, String>,
    pub anonymous: Vec<String>,
    /// Normalised substitution name to its text.
    pub substitutions: HashMap<String, String>,
}

/// A reference name as targets are keyed: lower case, whitespace collapsed.
pub fn ref_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Refs {
    /// The address a named reference leads to, following indirect targets
    /// (`.. _a: b_`) a few steps; `None` when it leads to no address.
    fn resolve(&self, name: &str) -> Option<String> {
        let mut name = ref_name(name);
        for _ in 0..8 {
            let target = self.targets.get(&name)?;
            match target.strip_suffix('_') {
                Some(next) if !target.ends_with("\\_") && !is_address(target) => {
                    name = ref_name(next.trim_matches('`'));
                }
                _ => return Some(target.clone()),
            }
        }
        None
    }
}

/// A target that can be opened: it has a scheme.
pub fn is_address(target: &str) -> bool {
    let t = target.trim();
    t.starts_with("mailto:")
        || t.split_once("://").is_some_and(|(scheme, rest)| {
            !scheme.is_empty()
                && !rest.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// Can inline markup start after `prev` (`None`: the start of the text)?
fn start_ok(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || "-:/'\"<([{‘“«‹‚„".contains(p) || is_open_punct(p))
}

fn is_open_punct(c: char) -> bool {
    matches!(c, '〈' | '「' | '『' | '【' | '〔' | '（' | '［' | '｛')
}

/// Can inline markup end before `next` (`None`: the end of the text)?
fn end_ok(next: Option<char>) -> bool {
    next.is_none_or(|n| {
        n.is_whitespace() || "-.,:;!?\\/'\")]}>’”»›…".contains(n) || n.is_ascii_punctuation()
    })
}

/// Inline reader over one paragraph's text.
struct Reader<'a> {
    chars: Vec<char>,
    refs: &'a Refs,
    anonymous_used: &'a mut usize,
    out: Vec<Piece>,
    /// For each kind of end-string, the earliest position a search for it
    /// failed from: a later search from further on fails too, so a
    /// paragraph of a thousand lone `*` is read in linear time.
    failed: HashMap<&'static str, usize>,
}

/// The pieces of `text`. `anonymous_used` counts the anonymous references
/// already met in the document (each takes the next anonymous target).
pub fn inline(text: &str, refs: &Refs, anonymous_used: &mut usize) -> Vec<Piece> {
    let mut r = Reader {
        chars: text.chars().collect(),
        refs,
        anonymous_used,
        out: Vec::new(),
        failed: HashMap::new(),
    };
    r.run();
    r.out
}

/// `text` with its markup reduced to text and links to their text.
pub fn plain(text: &str, refs: &Refs) -> String {
    let mut unused = 0;
    inline(text, refs, &mut unused)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) | Piece::Link { text: t, .. } => t,
        })
        .collect()
}

impl Reader<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn prev(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|p| self.at(p))
    }

    fn text(&mut self, s: &str) {
        if let Some(Piece::Text(t)) = self.out.last_mut() {
            t.push_str(s);
        } else if !s.is_empty() {
            self.out.push(Piece::Text(s.to_string()));
        }
    }

    fn link_or_text(&mut self, text: String, url: Option<String>) {
        match url.filter(|u| is_address(u)) {
            Some(url) => {
                let text = if text.trim().is_empty() {
                    url.clone()
                } else {
                    text
                };
                self.out.push(Piece::Link { text, url });
            }
            None => self.text(&text),
        }
    }

    /// The index of `end` (a string of chars) closing markup opened before
    /// `from`: preceded by no space and no backslash, followed by what may
    /// end markup.
    fn find_end(&mut self, from: usize, end: &'static str, literal: bool) -> Option<usize> {
        let key = if literal { "literal" } else { end };
        if self.failed.get(key).is_some_and(|&f| f <= from) {
            return None;
        }
        let found = self.scan_end(from, end, literal);
        if found.is_none() {
            self.failed.insert(key, from);
        }
        found
    }

    fn scan_end(&self, from: usize, end: &str, literal: bool) -> Option<usize> {
        let end: Vec<char> = end.chars().collect();
        let n = end.len();
        let mut i = from;
        while i + n <= self.chars.len() {
            if !literal && self.at(i) == Some('\\') {
                i += 2;
                continue;
            }
            if self.chars.get(i..i + n) == Some(end.as_slice())
                && i > from
                && self.prev(i).is_some_and(|p| !p.is_whitespace())
                && end_ok(self.at(i + n))
            {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    fn slice(&self, a: usize, b: usize) -> String {
        self.chars.get(a..b).unwrap_or_default().iter().collect()
    }

    fn run(&mut self) {
        let mut i = 0;
        while let Some(c) = self.at(i) {
            let markup_ok = start_ok(self.prev(i));
            let next = self.at(i + 1);
            i = match c {
                '\\' => {
                    match next {
                        Some(n) if !n.is_whitespace() => self.text(&n.to_string()),
                        _ => {}
                    }
                    i + 2
                }
                '`' if markup_ok && next == Some('`') => self.literal(i),
                '*' if markup_ok => self.emphasis(i),
                '`' if markup_ok => self.interpreted(i, None),
                ':' if markup_ok => self.role(i),
                '|' if markup_ok => self.substitution(i),
                '[' if markup_ok => self.footnote(i),
                '_' if markup_ok && next == Some('`') => self.inline_target(i),
                c if markup_ok && c.is_alphanumeric() => self.word(i),
                _ => {
                    self.text(&c.to_string());
                    i + 1
                }
            };
        }
    }

    /// Text as is from `i` to `j`, then go on at `j`.
    fn literal_text(&mut self, i: usize, j: usize) -> usize {
        let s = self.slice(i, j);
        self.text(&s);
        j
    }

    fn literal(&mut self, i: usize) -> usize {
        match self.at(i + 2).filter(|c| !c.is_whitespace()) {
            Some(_) => match self.find_end(i + 2, "``", true) {
                Some(e) => {
                    let s = self.slice(i + 2, e);
                    self.text(&s);
                    e + 2
                }
                None => self.literal_text(i, i + 2),
            },
            None => self.literal_text(i, i + 2),
        }
    }

    fn emphasis(&mut self, i: usize) -> usize {
        let mark = if self.at(i + 1) == Some('*') {
            "**"
        } else {
            "*"
        };
        let open = mark.len();
        let Some(first) = self.at(i + open) else {
            return self.literal_text(i, i + open);
        };
        // `*` alone, `(*)` and `"*"` are no markup
        let closes = |c: char| matches!(c, ')' | ']' | '}' | '>' | '"' | '\'' | '’' | '”');
        if first.is_whitespace()
            || (first == '*' && open == 2)
            || self
                .prev(i)
                .is_some_and(|p| "(['\"<{".contains(p) && closes(first))
        {
            return self.literal_text(i, i + open);
        }
        match self.find_end(i + open, mark, false) {
            Some(e) => {
                let inner = self.slice(i + open, e);
                let s = unescape(&inner);
                self.text(&s);
                e + open
            }
            None => self.literal_text(i, i + open),
        }
    }

    /// `` `...` `` at `i`, with a role given before it (`:code:`) or not.
    fn interpreted(&mut self, i: usize, _role: Option<&str>) -> usize {
        if self.at(i + 1).is_none_or(char::is_whitespace) {
            return self.literal_text(i, i + 1);
        }
        let Some(e) = self.find_end_backquote(i + 1) else {
            return self.literal_text(i, i + 1);
        };
        let inner = self.slice(i + 1, e);
        let mut j = e + 1;
        let anonymous = self.at(j) == Some('_') && self.at(j + 1) == Some('_');
        let named = self.at(j) == Some('_');
        if anonymous || named {
            j += if anonymous { 2 } else { 1 };
            let (text, embedded) = split_embedded(&inner);
            let url = match embedded {
                Some(t) if t.ends_with('_') && !t.ends_with("\\_") => {
                    self.refs.resolve(t.trim_end_matches('_'))
                }
                Some(t) => Some(t.split_whitespace().collect::<String>()),
                None if anonymous => self.next_anonymous(),
                None => self.refs.resolve(&unescape(&inner)),
            };
            let text = unescape(&text);
            self.link_or_text(text, url);
            return j;
        }
        // a role after the text: `x`:sub:
        if self.at(j) == Some(':')
            && let Some(len) = self.role_name_len(j)
        {
            j += len;
        }
        let (text, embedded) = split_embedded(&inner);
        // `:ref:`text <label>`` reads `text`; `:ref:`label`` the label
        let shown = if embedded.is_some() && !text.trim().is_empty() {
            text
        } else {
            inner
        };
        let s = unescape(&shown);
        self.text(&s);
        j
    }

    /// A closing backquote for interpreted text or a reference: followed
    /// by what may end markup, or by `_`, `__` or a role.
    fn find_end_backquote(&mut self, from: usize) -> Option<usize> {
        if self.failed.get("`").is_some_and(|&f| f <= from) {
            return None;
        }
        let found = self.scan_end_backquote(from);
        if found.is_none() {
            self.failed.insert("`", from);
        }
        found
    }

    fn scan_end_backquote(&self, from: usize) -> Option<usize> {
        let mut i = from;
        while let Some(c) = self.at(i) {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '`' && i > from && self.prev(i).is_some_and(|p| !p.is_whitespace()) {
                let mut k = i + 1;
                while self.at(k) == Some('_') && k < i + 3 {
                    k += 1;
                }
                if end_ok(self.at(k)) || (k == i + 1 && self.role_name_len(k).is_some()) {
                    return Some(i);
                }
            }
            i += 1;
        }
        None
    }

    /// The length of a role `:name:` at `i`, if there is one.
    fn role_name_len(&self, i: usize) -> Option<usize> {
        if self.at(i) != Some(':') {
            return None;
        }
        let mut k = i + 1;
        while let Some(c) = self.at(k) {
            if c == ':' {
                break;
            }
            if !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+')) || k > i + 40 {
                return None;
            }
            k += 1;
        }
        (self.at(k) == Some(':') && k > i + 1).then_some(k + 1 - i)
    }

    fn role(&mut self, i: usize) -> usize {
        match self.role_name_len(i) {
            Some(len) if self.at(i + len) == Some('`') => {
                let name = self.slice(i + 1, i + len - 1);
                self.interpreted(i + len, Some(&name))
            }
            _ => self.literal_text(i, i + 1),
        }
    }

    fn next_anonymous(&mut self) -> Option<String> {
        let url = self.refs.anonymous.get(*self.anonymous_used).cloned();
        *self.anonymous_used += 1;
        url
    }

    fn substitution(&mut self, i: usize) -> usize {
        if self.at(i + 1).is_none_or(|c| c.is_whitespace() || c == '|') {
            return self.literal_text(i, i + 1);
        }
        let Some(e) = self.find_end_bar(i + 1) else {
            return self.literal_text(i, i + 1);
        };
        let name = self.slice(i + 1, e);
        let mut j = e + 1;
        while self.at(j) == Some('_') && j < e + 3 {
            j += 1;
        }
        let text = self
            .refs
            .substitutions
            .get(&ref_name(&name))
            .cloned()
            .unwrap_or_default();
        self.text(&text);
        j
    }

    /// The `|` closing a substitution reference: the next `|` on the same
    /// line, if it can end markup.
    fn find_end_bar(&self, from: usize) -> Option<usize> {
        let mut i = from;
        while let Some(c) = self.at(i) {
            if c == '|' {
                let mut k = i + 1;
                while self.at(k) == Some('_') && k < i + 3 {
                    k += 1;
                }
                let closes = self.prev(i).is_some_and(|p| !p.is_whitespace()) && end_ok(self.at(k));
                return closes.then_some(i);
            }
            if c == '\n' {
                return None;
            }
            i += 1;
        }
        None
    }

    /// `[1]_`, `[#]_`, `[#name]_`, `[*]_`, `[CIT2002]_`: the label in brackets.
    fn footnote(&mut self, i: usize) -> usize {
        let mut k = i + 1;
        while let Some(c) = self.at(k) {
            if c == ']' || !(c.is_alphanumeric() || matches!(c, '#' | '*' | '-' | '_' | '.')) {
                break;
            }
            k += 1;
        }
        if k > i + 1
            && self.at(k) == Some(']')
            && self.at(k + 1) == Some('_')
            && end_ok(self.at(k + 2))
        {
            let label = self.slice(i, k + 1);
            self.text(&label);
            return k + 2;
        }
        self.literal_text(i, i + 1)
    }

    /// `` _`target` ``: its text.
    fn inline_target(&mut self, i: usize) -> usize {
        match self.find_end(i + 2, "`", false) {
            Some(e) if self.at(i + 2).is_some_and(|c| !c.is_whitespace()) => {
                let s = unescape(&self.slice(i + 2, e));
                self.text(&s);
                e + 1
            }
            _ => self.literal_text(i, i + 1),
        }
    }

    /// A word at `i`: a standalone address (copied as written), a simple
    /// reference `name_` / `name__`, or text.
    fn word(&mut self, i: usize) -> usize {
        // a standalone address: up to a space or `<>`
        let scheme_end = (i..self.chars.len().min(i + 12))
            .find(|&k| self.at(k) == Some(':'))
            .filter(|&k| {
                (self.at(k + 1) == Some('/') && self.at(k + 2) == Some('/'))
                    || self.slice(i, k) == "mailto"
            });
        if scheme_end.is_some() {
            let mut k = i;
            while let Some(c) = self.at(k) {
                if c.is_whitespace() || c == '<' || c == '>' || c == '`' {
                    break;
                }
                k += 1;
            }
            return self.literal_text(i, k);
        }
        // a reference name: alphanumerics with single `-_.:+` between them
        let mut k = i;
        while let Some(c) = self.at(k) {
            let joiner = matches!(c, '-' | '_' | '.' | ':' | '+')
                && self.at(k + 1).is_some_and(char::is_alphanumeric);
            if c.is_alphanumeric() || joiner {
                k += 1;
            } else {
                break;
            }
        }
        if self.at(k) == Some('_') {
            let anonymous = self.at(k + 1) == Some('_');
            let after = k + if anonymous { 2 } else { 1 };
            if end_ok(self.at(after)) {
                let name = self.slice(i, k);
                let url = if anonymous {
                    self.next_anonymous()
                } else {
                    self.refs.resolve(&name)
                };
                self.link_or_text(name, url);
                return after;
            }
        }
        self.literal_text(i, k.max(i + 1))
    }
}

/// `text <target>` split into the text and the target; the text alone
/// when there is no embedded target.
fn split_embedded(inner: &str) -> (String, Option<String>) {
    let t = inner.trim_end();
    if let Some(body) = t.strip_suffix('>')
        && let Some(open) = body.rfind('<')
    {
        let before = body.get(..open).unwrap_or_default();
        let target = body.get(open + 1..).unwrap_or_default();
        if (before.is_empty() || before.ends_with(char::is_whitespace)) && !target.trim().is_empty()
        {
            return (
                before.trim_end().to_string(),
                Some(target.trim().to_string()),
            );
        }
    }
    (inner.to_string(), None)
}

/// Backslash escapes resolved: `\x` is `x`; a backslash before a space or
/// at the end is nothing.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n) if !n.is_whitespace() => out.push(n),
                _ => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
