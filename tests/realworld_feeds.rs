//! Feeds as real sites and other feed libraries' test suites write them,
//! through the real binary: `check`'s exit status and report, `list --json`
//! and `show`. The fixtures in tests/fixtures/realworld/feeds/ are minimal
//! files written for issue #12, one per defect class.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary with a fresh HOME, XDG folders and index, on `data`.
fn command(home: &Path, data: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xemtin"));
    c.arg("--data")
        .arg(data)
        .arg("--index")
        .arg(home.join("index.db"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("TZ", "UTC")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("XEMTIN_CONFIG");
    c
}

fn run(data: &Path, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    command(home.path(), data, args)
        .output()
        .expect("run xemtin")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Reading one line of a long output and closing the pipe, as `| head -1`
/// does: the command ends quietly (exit 0, nothing on stderr).
fn closed_pipe_is_quiet(data: &Path, args: &[&str]) {
    let home = tempfile::tempdir().unwrap();
    let mut child = command(home.path(), data, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let stdout = child.stdout.take().unwrap();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    assert!(!first.is_empty());
    // the reader (and the pipe's read end) is dropped here
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stderr), "", "{args:?}");
    assert!(out.status.success(), "{args:?}: {:?}", out.status);
}

#[test]
fn a_closed_pipe_ends_every_printing_command_quietly() {
    let data = tempfile::tempdir().unwrap();
    // far more than a pipe's buffer (64 kB) of list output
    let items: String = (0..3000)
        .map(|i| {
            format!(
                "<item><title>Item number {i} with a title long enough to fill the pipe</title><link>https://example.com/{i}</link><pubDate>Mon, 16 Oct 2017 15:10:00 +0000</pubDate></item>\n"
            )
        })
        .collect();
    let feed =
        format!("<rss version=\"2.0\"><channel><title>Big</title>\n{items}</channel></rss>\n");
    std::fs::write(data.path().join("big.xml"), feed).unwrap();
    closed_pipe_is_quiet(data.path(), &["list"]);
    closed_pipe_is_quiet(data.path(), &["list", "--json"]);
    closed_pipe_is_quiet(data.path(), &["search", "item"]);
    closed_pipe_is_quiet(data.path(), &["keys"]);
    closed_pipe_is_quiet(data.path(), &["config", "--default"]);
    let o = run(data.path(), &["list"]);
    assert!(o.status.success());
    assert_eq!(text(&o.stdout).lines().count(), 3000);
}
