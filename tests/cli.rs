//! The command line, run as a user would: the real binary, its output and
//! its exit status.

use std::path::PathBuf;
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn xemtin(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_xemtin"))
        .args(args)
        .current_dir(repo())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("XEMTIN_CONFIG")
        .output()
        .expect("run xemtin")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn list_json_is_newest_first_with_every_field() {
    let o = xemtin(&["list", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 30);
    for key in ["id", "title", "published", "source", "views"] {
        assert!(rows[0].get(key).is_some(), "missing {key}");
    }
    let dates: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["published"].as_str())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "not newest first");
}

#[test]
fn list_filters_by_date_and_global_options_go_anywhere() {
    let o = xemtin(&["list", "--date", "10/2026", "--json", "--data", "data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["published"].as_str().unwrap().starts_with("2026-10-"))
    );

    let o = xemtin(&["list", "--date", "31/02/2021"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("31/02/2021"), "{}", stderr(&o));
}

#[test]
fn show_wraps_and_unknown_ids_are_explained() {
    let o = xemtin(&["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = rows[0]["id"].as_str().unwrap().to_string();
    let title = rows[0]["title"].as_str().unwrap().to_string();
    let o = xemtin(&["show", &id, "--width", "30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 30)
    );
    let first_words: String = title.split(' ').take(2).collect::<Vec<_>>().join(" ");
    assert!(text.starts_with(&first_words));

    let o = xemtin(&["show", "no/such/file.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("xemtin list"));
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn check_reports_skipped_files_and_exits_non_zero() {
    let o = xemtin(&["check"]);
    assert!(
        o.status.success(),
        "the shipped corpus is clean: {}",
        stdout(&o)
    );
    let o = xemtin(&["check", "--data", "tests/fixtures/messy"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("skipped: bad-day.txt:3:"), "{out}");
    assert!(out.contains("warning: undated.txt:3:"), "{out}");
    assert!(out.contains("6 files skipped"), "{out}");
    // not UTF-8: read, and said so
    assert!(
        out.contains(
            "encoding: latin1.txt: read as windows-1258 (guessed: not UTF-8, no encoding declared)"
        ),
        "{out}"
    );
}

#[test]
fn missing_data_folder_is_a_clear_error() {
    let o = xemtin(&["list", "--data", "no-such-folder"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-folder"));
}

#[test]
fn invalid_config_stops_the_tui_before_touching_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "[keys.list]\nx = \"nxt\"\n\n[reader]\nmax_width = \"wide\"\n",
    )
    .unwrap();
    let o = xemtin(&["--config", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing was drawn");
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml:2:5: unknown action \"nxt\""),
        "{err}"
    );
    assert!(err.contains("bad.toml:5:"), "{err}");

    let o = xemtin(&["check", "--config", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("config: "));
}

#[test]
fn config_default_is_the_shipped_file_and_keys_lists_bindings() {
    let o = xemtin(&["config", "--default"]);
    let shipped = std::fs::read_to_string(repo().join("config.toml")).unwrap();
    assert_eq!(stdout(&o), shipped);
    let o = xemtin(&["config", "--path"]);
    // no path is no data: said on stderr, stdout stays empty for scripts
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    assert!(stderr(&o).contains("built-in defaults"));
    let o = xemtin(&["keys"]);
    assert!(stdout(&o).contains("j, down"), "{}", stdout(&o));
}
