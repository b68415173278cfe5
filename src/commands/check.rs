//! `xemtin check`: every skipped file, every warning and every note, with
//! path and line; a non-zero exit when a file was skipped.

use std::io::Write;

use super::Failure;
use crate::ingest::Scan;

/// Print the report. Returns Err (exit 1) when any file was skipped.
pub fn run(scan: &Scan, config_errors: &[String], out: &mut dyn Write) -> Result<(), Failure> {
    for d in &scan.skipped {
        writeln!(out, "skipped: {d}")?;
    }
    for d in &scan.warnings {
        writeln!(out, "warning: {d}")?;
    }
    for d in &scan.remarks {
        writeln!(out, "note: {d}")?;
    }
    for (path, encoding) in &scan.encodings {
        let path = crate::ingest::clean::escape_controls(path);
        writeln!(out, "encoding: {path}: read as {encoding}")?;
    }
    for e in config_errors {
        writeln!(out, "config: {e}")?;
    }
    writeln!(
        out,
        "{} articles, {} files skipped, {} warnings, {} notes, {} configuration errors",
        scan.articles.len(),
        scan.skipped.len(),
        scan.warnings.len(),
        scan.remarks.len(),
        config_errors.len()
    )?;
    if !config_errors.is_empty() {
        return Err(Failure::new("the configuration has errors (see above)", 2));
    }
    if !scan.skipped.is_empty() {
        return Err(Failure::new(
            "some files were skipped: fix or remove them (see above)",
            1,
        ));
    }
    Ok(())
}
