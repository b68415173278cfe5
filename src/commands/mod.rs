//! The subcommands other than the TUI. Each writes to the given output so
//! tests can run it, and returns a Failure with a message and exit status
//! instead of exiting.

pub mod calendar;
pub mod check;
pub mod completions;
pub mod feeds;
pub mod index;
pub mod keys;
pub mod list;
pub mod man;
mod man_config;
pub mod mark;
pub mod show;

use std::fmt;
use std::io;

/// Why a command could not do its job; main prints it and exits with `code`.
/// An empty message prints nothing (see [`Failure::output_closed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub fn new(message: impl Into<String>, code: u8) -> Failure {
        Failure {
            message: message.into(),
            code,
        }
    }

    /// The reader of the output went away (`xemtin list | head -1`): the
    /// command stops, prints nothing more and exits 0, as a pipe's writer
    /// is expected to.
    pub fn output_closed() -> Failure {
        Failure::new("", 0)
    }

    /// Whether main should print this failure's message.
    pub fn is_quiet(&self) -> bool {
        self.message.is_empty()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Failure::output_closed();
        }
        Failure::new(format!("cannot write the output: {e}"), 1)
    }
}

/// Print a line on stderr, ignoring a closed stderr (`eprintln!` would
/// panic on it).
pub fn to_stderr(args: fmt::Arguments<'_>) {
    use io::Write;
    let _ = io::stderr().lock().write_fmt(args);
}

/// Print `value` as pretty JSON and a newline: what every `--json` prints.
/// serde_json escapes the C0 controls; the C1 ones (U+0080..U+009F, which
/// some terminals obey) and DEL are escaped here too, so no name or title
/// reaches a terminal as a control character.
pub fn print_json(value: &impl serde::Serialize, out: &mut dyn io::Write) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(format!("cannot write JSON: {e}"), 1))?;
    writeln!(out, "{}", escape_json_controls(&text))?;
    Ok(())
}

/// JSON text with DEL and the C1 controls written as `\u00XX`. They can only
/// be inside strings, where the escape means the same character.
pub fn escape_json_controls(json: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| ('\u{7f}'..='\u{9f}').contains(&c);
    if !json.contains(is_control) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut escaped = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if is_control(c) {
            escaped.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    std::borrow::Cow::Owned(escaped)
}
