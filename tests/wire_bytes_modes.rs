//! The mouse and hyperlinks cost nothing on the wire when they are not
//! used: on the shipped corpus at 120x40, the bytes of every frame are the
//! same with `ui.mouse = false` and `ui.hyperlinks = "never"` as with the
//! defaults (mouse on, hyperlinks auto, which is off for xterm), and with
//! the mouse off not one byte of mouse mode is written.

mod support;

use support::{Session, repo};

const STEPS: &[&str] = &["j", "G", "k", "\r", "j", "j", "k", " ", "g", "q", "k"];

/// The bytes before the first step, and the bytes of each step's frame.
fn frames(config: &str) -> (Vec<u8>, Vec<Vec<u8>>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    let data = repo().join("data");
    let mut s = Session::start(
        &[
            "--data",
            data.to_str().unwrap(),
            "--config",
            path.to_str().unwrap(),
        ],
        120,
        40,
        &[],
    );
    s.wait_for("the indexed list", |t| {
        let header = t.lines().next().unwrap_or("");
        let count = header.split(" · ").nth(1).and_then(|p| p.split(' ').next());
        count
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| n >= 30)
            && !t.contains("Indexing")
    });
    // A move down and back, not measured: the first measured frame then
    // starts from the styles a move leaves, not from whichever frame of
    // the start (its count, its first index) happened to be drawn last.
    for keys in ["j", "k"] {
        let before = s.raw.len();
        s.send(keys);
        s.wait_frame(before);
    }
    let start = s.raw.clone();
    let mut out = Vec::new();
    for keys in STEPS {
        let before = s.raw.len();
        s.send(keys);
        s.wait_frame(before);
        out.push(s.raw[before..].to_vec());
    }
    s.send("qq");
    s.wait_exit();
    (start, out, std::mem::take(&mut s.raw))
}

#[test]
fn frames_are_byte_for_byte_the_same_with_the_mouse_on_or_off() {
    // The month beside the list is left out: its counts are asked again
    // when the first index ends, which may come before or after the first
    // key, and would make the frames differ for a reason not measured here.
    let (_, off, all_off) =
        frames("[ui]\ncalendar = \"popup\"\nmouse = false\nhyperlinks = \"never\"\n");
    let (start_on, on, _) = frames("[ui]\ncalendar = \"popup\"\n");
    let sizes: Vec<usize> = off.iter().map(Vec::len).collect();
    eprintln!("bytes per step, mouse off and on: {sizes:?}");
    assert_eq!(off, on, "every frame the same");
    let mouse_modes = [
        &b"\x1b[?1000"[..],
        b"\x1b[?1002",
        b"\x1b[?1003",
        b"\x1b[?1006",
        b"\x1b[?1015",
    ];
    for mode in mouse_modes {
        let seen = all_off.windows(mode.len()).any(|w| w == mode);
        assert!(
            !seen,
            "mouse mode {:?} sent with ui.mouse = false",
            String::from_utf8_lossy(mode)
        );
    }
    assert!(
        start_on.windows(8).any(|w| w == b"\x1b[?1000h"),
        "on by default"
    );
}
