//! Every target over its committed corpus: `tests/fuzz_corpus/<target>/`.
//! Each file is one input (its name is the file name, which matters to the
//! formats target); a file ending in `.lines` holds one input per line, for
//! the targets that read a line typed by the user. `README.md` files are
//! documentation, not inputs.

use std::path::Path;

use crate::harness::{Check, Input, guarded, repo};

const TARGETS: [(&str, Check); 7] = [
    (crate::page::TARGET, crate::page::check),
    (crate::formats::TARGET, crate::formats::check),
    (crate::encoding::TARGET, crate::encoding::check),
    (crate::config::TARGET, crate::config::check),
    (crate::keys::TARGET, crate::keys::check),
    (crate::dates::TARGET, crate::dates::check),
    (crate::search::TARGET, crate::search::check),
];

fn inputs(dir: &Path) -> Vec<Input> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("corpus folder {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "README.md" {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        if name.ends_with(".lines") {
            for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
                out.push(Input::new(format!("{name}:{}", i + 1), line));
            }
        } else {
            out.push(Input::new(name, bytes));
        }
    }
    out
}

#[test]
fn every_target_over_its_corpus() {
    let mut failures = Vec::new();
    let mut total = 0;
    for (target, check) in TARGETS {
        let dir = repo().join("tests/fuzz_corpus").join(target);
        let inputs = inputs(&dir);
        assert!(
            inputs.len() >= 5,
            "{}: only {} inputs; the corpus folder is missing or nearly empty",
            dir.display(),
            inputs.len()
        );
        total += inputs.len();
        for input in &inputs {
            if let Err(why) = guarded(target, check, input) {
                failures.push(format!("{target}/{}: {why}", input.name));
            }
        }
    }
    eprintln!("fuzz corpus: {total} inputs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
