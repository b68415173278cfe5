//! Every file in tests/config/valid must load; every file in
//! tests/config/invalid must fail with exactly the errors its `# expect:`
//! lines announce, in order. Each expectation is `LINE:COLUMN: message`, and
//! the message given may be the start of the real one. Adding a fixture adds
//! a test case.

use std::fs;
use std::path::{Path, PathBuf};

use xemtin::config::{self, DEFAULT_TOML};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/config")
        .join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

fn read(path: &Path) -> (String, String) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (name, text)
}

#[test]
fn valid_fixtures_load() {
    let mut failures = Vec::new();
    for path in fixtures("valid") {
        let (name, text) = read(&path);
        if let Err(errors) = config::load(Some((&name, &text))) {
            for e in errors {
                failures.push(e.to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "valid fixtures failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn invalid_fixtures_report_what_they_expect() {
    let mut failures = Vec::new();
    for path in fixtures("invalid") {
        let (name, text) = read(&path);
        let expected: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim_start_matches('\u{feff}').strip_prefix("# expect: "))
            .map(str::trim_end)
            .collect();
        if expected.is_empty() {
            failures.push(format!("{name}: no `# expect: LINE:COL: message` line"));
            continue;
        }
        let actual: Vec<String> = match config::load(Some((&name, &text))) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| {
                    assert_eq!(e.file, name, "{e}");
                    format!("{}:{}: {}", e.line, e.column, e.message)
                })
                .collect(),
        };
        let matches = actual.len() == expected.len()
            && actual.iter().zip(&expected).all(|(a, e)| a.starts_with(e));
        if !matches {
            failures.push(format!(
                "{name}:\n  expected:\n    {}\n  got:\n    {}",
                expected.join("\n    "),
                actual.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_embedded_defaults_are_the_file() {
    let file = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml"))
        .unwrap_or_else(|e| panic!("config.toml: {e}"));
    assert_eq!(file, DEFAULT_TOML);
    let defaults = config::load(None).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(Ok(defaults), config::load(Some(("config.toml", &file))));
}
