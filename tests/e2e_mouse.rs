//! End-to-end: the mouse and bracketed paste in a real pseudo-terminal,
//! read back through vt100. The test writes the SGR mouse reports (mode
//! 1006) a terminal would send for a wheel notch, a click, a double click.

mod support;

use std::path::Path;
use std::time::Instant;

use support::{Session, wait_limit, write_article};

const MOUSE_ON: &[u8] = b"\x1b[?1000h\x1b[?1006h";
const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1000l";

/// A left press and release at the 0-based cell (`x`, `y`).
fn click(x: u16, y: u16) -> String {
    format!("\x1b[<0;{0};{1}M\x1b[<0;{0};{1}m", x + 1, y + 1)
}

fn wheel_down(x: u16, y: u16) -> String {
    format!("\x1b[<65;{};{}M", x + 1, y + 1)
}

fn wheel_up(x: u16, y: u16) -> String {
    format!("\x1b[<64;{};{}M", x + 1, y + 1)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Ten articles, the 10th to the 1st of December 2020 from the top, the
/// newest one with two links and a long body.
fn data(dir: &Path) {
    for d in 1..=9 {
        write_article(
            dir,
            &format!("a{d}.txt"),
            &format!("Bài số {d}"),
            &format!("Thứ Năm, ngày {d} tháng 12 năm 2020 - 08:00"),
            &["Một đoạn."],
        );
    }
    let lines: Vec<String> = (0..40).map(|i| format!("Đoạn thứ {i}.")).collect();
    let mut paragraphs = vec!["Xem https://example.org/mot và https://example.org/hai nhé."];
    paragraphs.extend(lines.iter().map(String::as_str));
    write_article(
        dir,
        "a10.txt",
        "Bài có liên kết",
        "Thứ Năm, ngày 10 tháng 12 năm 2020 - 08:00",
        &paragraphs,
    );
}

fn start(dir: &Path, config: &str, env: &[(&str, &str)]) -> Session {
    let path = dir.join("config.toml");
    std::fs::write(&path, config).unwrap();
    let data = dir.join("data");
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
    s.wait_for("the ten articles", |t| {
        t.contains("10 articles") && t.contains("Bài số 1")
    });
    s
}

/// The reader's position in the list, from its header (`7/10  12%`).
fn position(s: &Session) -> String {
    s.row(0)
        .split_whitespace()
        .find(|w| w.contains('/'))
        .unwrap_or("")
        .to_string()
}

#[test]
fn wheel_click_and_double_click() {
    let dir = tempfile::tempdir().unwrap();
    data(&dir.path().join("data"));
    let mut s = start(dir.path(), "", &[]);
    assert!(contains(&s.raw, MOUSE_ON), "mouse reports asked for");
    assert!(
        contains(&s.raw, b"\x1b[?2004h"),
        "bracketed paste asked for"
    );
    // a notch down moves the selection three rows (ui.scroll_lines), a
    // notch up one back; a click on the selected row then opens it: the
    // 3rd row
    s.send(&wheel_down(10, 5));
    s.send(&wheel_down(10, 5));
    s.send(&wheel_up(10, 5));
    let row = s.row(4);
    assert!(row.contains("Bài số"), "{row}");
    s.send(&click(30, 4));
    s.wait_for("the reader", |t| t.contains("4/10"));
    s.send("q");
    s.wait_text("10 articles");
    // a double click on another row opens it
    s.send(&click(30, 8));
    s.send(&click(30, 8));
    s.wait_until("the reader on the 8th row", |s| position(s) == "8/10");
    s.send("q");
    s.wait_text("10 articles");
    s.send("qq");
    s.wait_exit();
    assert!(contains(&s.raw, MOUSE_OFF), "mouse reports stopped on exit");
    assert!(contains(&s.raw, b"\x1b[?2004l"), "bracketed paste stopped");
}

#[test]
fn the_wheel_scrolls_the_article_and_a_click_opens_a_link() {
    let dir = tempfile::tempdir().unwrap();
    data(&dir.path().join("data"));
    let browser = dir.path().join("browser.sh");
    let argv = dir.path().join("argv");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}.tmp'\nmv '{0}.tmp' '{0}'\n",
            argv.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut s = start(
        dir.path(),
        "[ui]\nscroll_lines = 5\n",
        &[("BROWSER", browser.to_str().unwrap())],
    );
    s.send("\r");
    s.wait_text("example.org/hai");
    let link_row = (0..24)
        .find(|&y| s.row(y).contains("https://example.org/hai"))
        .expect("the link is on screen");
    let x = s.row(link_row).find("example.org/hai").unwrap();
    let x = u16::try_from(s.row(link_row)[..x].chars().count()).unwrap();
    s.send(&click(x + 3, link_row));
    let deadline = Instant::now() + wait_limit();
    while !argv.exists() {
        assert!(Instant::now() < deadline, "the browser was not started");
        // polled until the browser wrote it (or the limit), not a fixed wait
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let args = std::fs::read_to_string(&argv).unwrap();
    assert_eq!(args.trim(), "https://example.org/hai");
    // a notch down scrolls five lines: the title leaves the screen
    s.send(&wheel_down(10, 10));
    s.wait_for("the text scrolled", |t| !t.contains("Bài có liên kết\n"));
    s.wait_text("Đoạn thứ 0.");
    s.send("qqq");
    s.wait_exit();
}

#[test]
fn a_paste_is_text_in_the_prompt_never_keys() {
    let dir = tempfile::tempdir().unwrap();
    data(&dir.path().join("data"));
    let mut s = start(dir.path(), "", &[]);
    s.send_and_wait_change("d", "the date prompt");
    // a newline, an escape sequence and a `q` inside the paste: none of
    // them submits, moves or quits
    s.send("\x1b[200~10/12\r\n\x1b[2J\x07q\x1b[201~");
    s.wait_text("10/12 [2Jq");
    s.send("\x15");
    s.send("\x1b[200~10/12/2020\x1b[201~");
    s.wait_text("10/12/2020");
    s.send("\r");
    s.wait_for("the day listed", |t| {
        t.contains("1 article") && t.contains("Bài có")
    });
    s.send("qq");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn no_mouse_mode_when_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    data(&dir.path().join("data"));
    let mut s = start(dir.path(), "[ui]\nmouse = false\n", &[]);
    s.send("j");
    s.send("qq");
    s.wait_exit();
    for mode in [&b"?1000"[..], b"?1002", b"?1003", b"?1006", b"?1015"] {
        assert!(!contains(&s.raw, mode), "{}", String::from_utf8_lossy(mode));
    }
}
