//! Text from files is data: escape sequences and control characters in
//! titles, bodies, sources and file names never reach the terminal.

mod support;

use std::process::Command;

use support::Session;

const NASTY_TITLE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}Tiêu đề \u{1b}[31mđỏ\u{1b}[0m sạch";
const NASTY_BODY: &str =
    "Đoạn một \u{1b}]52;c;ZXZpbA==\u{7} có chuông \u{7} và \u{9b}2J C1 \u{85} xong.";
const NASTY_SOURCE: &str = "Theo Báo \u{1b}P+q\u{1b}\\Độc \u{1b}]8;;http://x\u{1b}\\hại";

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{NASTY_TITLE}\n\nngày 3 tháng 3 năm 2021 - 08:00\n\n{NASTY_BODY}\n\n{NASTY_SOURCE}\n"
    );
    std::fs::write(dir.path().join("bad\u{1b}]0;name\u{7}.txt"), &text).unwrap();
    std::fs::write(
        dir.path().join("ok.txt"),
        "Bình thường\n\nngày 1 tháng 3 năm 2021\n\nNội dung.\n",
    )
    .unwrap();
    dir
}

/// What an attacker would want to get through, as raw bytes.
const FORBIDDEN: [&[u8]; 9] = [
    b"\x1b]",    // OSC: window title, clipboard, hyperlinks
    b"\x07",     // BEL
    b"\x1b[2J",  // clear screen (xemtin never sends it)
    b"\x1bP",    // DCS
    b"\xc2\x9b", // C1 CSI
    b"\xc2\x85", // C1 NEL
    b"pwned",    // OSC payloads are dropped whole
    b"ZXZpbA==",
    b"\x1b[31m", // the article's own colour
];

fn assert_clean(raw: &[u8], what: &str) {
    for bad in FORBIDDEN {
        assert!(
            !raw.windows(bad.len()).any(|w| w == bad),
            "{what} let {:?} through",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn tui_shows_the_text_without_the_sequences() {
    let data = corpus();
    let mut s = Session::open(data.path(), 100, 30);
    s.wait_text("Tiêu đề đỏ sạch");
    s.send("\r");
    s.wait_text("Đoạn một có chuông và C1 xong.");
    s.wait_text("Báo");
    s.send("q?");
    s.wait_text("Keys");
    s.send("\x1b");
    s.wait_for("Esc to close help", |t| !t.contains("Keys"));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    assert_clean(&s.raw, "the TUI");
}

#[test]
fn command_line_output_is_clean_too() {
    let data = corpus();
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["check"],
        vec!["search", "doan"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_xemtin"))
            .args(&args)
            .arg("--data")
            .arg(data.path())
            .env("HOME", data.path())
            .output()
            .unwrap();
        assert_clean(&out.stdout, &format!("xemtin {}", args.join(" ")));
        assert_clean(&out.stderr, &format!("xemtin {} (stderr)", args.join(" ")));
        assert!(
            !out.stdout.contains(&0x1b),
            "no ESC at all in `xemtin {}`",
            args.join(" ")
        );
    }
}
