//! End-to-end: what xemtin writes besides frames, at the byte level: OSC 8
//! hyperlinks in the reader (present when asked or when the terminal is
//! known to show them, absent when off or inside tmux) and the window title.

mod support;

use std::path::Path;

use support::{Session, write_article};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Open the one article (it has a link) under `config` and `env`, then quit;
/// everything written.
fn run(config: &str, env: &[(&str, &str)]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_article(
        &data,
        "a.txt",
        "Bài có liên kết",
        "Thứ Năm, ngày 31 tháng 12 năm 2020 - 08:00",
        &["Xem https://example.org/tin\x1b]2;x\x07 nhé."],
    );
    let path: &Path = &dir.path().join("config.toml");
    std::fs::write(path, config).unwrap();
    let mut s = Session::start(
        &[
            "--data",
            data.to_str().unwrap(),
            "--config",
            path.to_str().unwrap(),
        ],
        80,
        24,
        env,
    );
    s.wait_text("Bài có liên kết");
    s.send("\r");
    s.wait_text("example.org/tin");
    s.send("qq");
    s.wait_exit();
    std::mem::take(&mut s.raw)
}

const LINK: &[u8] = b"\x1b]8;;https://example.org/tin\x1b\\https://example.org/tin";

#[test]
fn hyperlinks_when_asked_and_never_when_not() {
    let always = run("[ui]\nhyperlinks = \"always\"\n", &[]);
    assert!(
        contains(&always, LINK),
        "{}",
        String::from_utf8_lossy(&always)
    );
    let never = run("[ui]\nhyperlinks = \"never\"\n", &[("TERM", "xterm-kitty")]);
    assert!(!contains(&never, b"\x1b]8;"));
    // auto: a terminal known to show them, unless tmux is in between
    let kitty = run("", &[("TERM", "xterm-kitty")]);
    assert!(contains(&kitty, LINK));
    let tmux = run("", &[("TERM", "xterm-kitty"), ("TMUX", "/tmp/t,1,0")]);
    assert!(!contains(&tmux, b"\x1b]8;"));
    let plain = run("", &[]);
    assert!(
        !contains(&plain, b"\x1b]8;"),
        "xterm-256color: not known to"
    );
}

#[test]
fn the_window_title_names_the_view_when_asked() {
    let titled = run("[ui]\ntitle = true\n", &[]);
    let text = String::from_utf8_lossy(&titled);
    assert!(text.contains("\x1b[22;0t"), "the old title saved");
    assert!(text.contains("\x1b]2;xemtin — all dates\x1b\\"), "{text}");
    assert!(text.contains("\x1b]2;xemtin — Bài có liên kết\x1b\\"));
    assert!(text.contains("\x1b[23;0t"), "and given back");
    let untitled = run("", &[]);
    assert!(!contains(&untitled, b"\x1b]2;") && !contains(&untitled, b"\x1b[22;0t"));
}
