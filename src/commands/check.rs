//! `xemtin check`: every skipped file, every warning and every note, with
//! path and line; a non-zero exit when a file was skipped.

use std::io::Write;

use serde::Serialize;

use super::Failure;
use crate::ingest::{Diagnostic, Scan};

#[derive(Serialize)]
struct JsonReport<'a> {
    articles: usize,
    skipped: Vec<JsonDiagnostic<'a>>,
    warnings: Vec<JsonDiagnostic<'a>>,
    notes: Vec<JsonDiagnostic<'a>>,
    encodings: Vec<JsonEncoding>,
    config_errors: &'a [String],
}

/// A file's problem: its id in the data folder, the line if known, what.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    line: Option<usize>,
    message: &'a str,
}

fn json_diagnostics(list: &[Diagnostic]) -> Vec<JsonDiagnostic<'_>> {
    list.iter()
        .map(|d| JsonDiagnostic {
            path: &d.path,
            line: d.line,
            message: &d.message,
        })
        .collect()
}

#[derive(Serialize)]
struct JsonEncoding {
    path: String,
    encoding: String,
}

/// Print the report, as text or (`json`) one object. Returns Err (exit 1)
/// when any file was skipped, exit 2 when the configuration has errors.
pub fn run(
    scan: &Scan,
    config_errors: &[String],
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if json {
        let report = JsonReport {
            articles: scan.articles.len(),
            skipped: json_diagnostics(&scan.skipped),
            warnings: json_diagnostics(&scan.warnings),
            notes: json_diagnostics(&scan.remarks),
            encodings: scan
                .encodings
                .iter()
                .map(|(path, encoding)| JsonEncoding {
                    path: path.clone(),
                    encoding: encoding.to_string(),
                })
                .collect(),
            config_errors,
        };
        super::print_json(&report, out)?;
        return outcome(scan, config_errors);
    }
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
    outcome(scan, config_errors)
}

/// The exit status the report gives.
fn outcome(scan: &Scan, config_errors: &[String]) -> Result<(), Failure> {
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
