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
/// some terminals obey) and DEL are escaped too ([`ControlsEscaped`]), so
/// no name or title reaches a terminal as a control character. The JSON
/// goes out as it is written, through a buffer: never whole in memory.
pub fn print_json(value: &impl serde::Serialize, out: &mut dyn io::Write) -> Result<(), Failure> {
    use io::Write;
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    let mut json = serde_json::Serializer::with_formatter(
        &mut buffered,
        ControlsEscaped(serde_json::ser::PrettyFormatter::new()),
    );
    serde::Serialize::serialize(value, &mut json).map_err(|e| match e.io_error_kind() {
        Some(kind) => Failure::from(io::Error::from(kind)),
        None => Failure::new(format!("cannot write JSON: {e}"), 1),
    })?;
    writeln!(buffered)?;
    buffered.flush()?;
    Ok(())
}

/// serde_json's pretty layout, with DEL and the C1 controls in strings
/// written as `\u00XX` (the same character to a JSON reader).
struct ControlsEscaped<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for ControlsEscaped<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // In UTF-8, DEL is the byte 7F and a C1 control the bytes C2 80 to
        // C2 9F; no other character has those byte sequences.
        let bytes = fragment.as_bytes();
        let mut written = 0;
        for at in memchr::memchr2_iter(0x7f, 0xc2, bytes) {
            let control = match bytes[at] {
                0x7f => 0x7f,
                _ => match bytes.get(at + 1) {
                    Some(&second @ 0x80..=0x9f) => second,
                    _ => continue,
                },
            };
            writer.write_all(&bytes[written..at])?;
            write!(writer, "\\u{control:04x}")?;
            written = at + if control == 0x7f { 1 } else { 2 };
        }
        writer.write_all(&bytes[written..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}
