//! `xemtin completions SHELL`: the completion script clap_complete writes
//! for the command line as clap defines it.

use std::io::Write;

use clap_complete::Shell;

use super::Failure;

/// Print the script for `shell`. It is made in memory first: the generator
/// cannot report a closed output, only panic on it.
pub fn run(shell: Shell, mut cmd: clap::Command, out: &mut dyn Write) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "xemtin", &mut script);
    out.write_all(&script)?;
    Ok(())
}
