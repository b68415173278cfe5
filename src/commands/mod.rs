//! The subcommands other than the TUI. Each writes to the given output so
//! tests can run it, and returns a Failure with a message and exit status
//! instead of exiting.

pub mod check;
pub mod feeds;
pub mod index;
pub mod list;
pub mod mark;
pub mod show;

use std::fmt;
use std::io;

/// Why a command could not do its job; main prints it and exits with `code`.
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
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::new(format!("cannot write the output: {e}"), 1)
    }
}
