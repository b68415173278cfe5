//! End-to-end: the terminal is restored when a signal or a panic stops xemtin.

mod support;

use support::{Session, write_article};

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_article(
        dir.path(),
        "a.txt",
        "Tin kiểm tra tín hiệu",
        "ngày 1 tháng 2 năm 2021 - 09:00",
        &["Nội dung."],
    );
    dir
}

fn stopped_by(signal: &str, code: u32) {
    let data = corpus();
    let mut s = Session::open(data.path(), 80, 24);
    s.wait_text("Tin kiểm tra tín hiệu");
    assert!(s.parser.screen().alternate_screen());
    let pid = s.pid().expect("pid").to_string();
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(s.wait_exit(), code, "exit status after SIG{signal}");
    assert!(
        !s.parser.screen().alternate_screen(),
        "left the alternate screen after SIG{signal}"
    );
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\x1b[?1049l"));
    assert!(raw.contains("\x1b[?25h"), "the cursor is shown again");
}

#[test]
fn sigterm_restores_the_terminal() {
    stopped_by("TERM", 143);
}

#[test]
fn sighup_restores_the_terminal() {
    stopped_by("HUP", 129);
}

#[test]
fn sigint_restores_the_terminal() {
    stopped_by("INT", 130);
}

#[test]
fn frames_use_synchronized_output() {
    let data = corpus();
    let mut s = Session::open(data.path(), 80, 24);
    s.wait_text("Tin kiểm tra tín hiệu");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\x1b[?2026h") && raw.contains("\x1b[?2026l"));
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_redraws_whole() {
    let data = corpus();
    let config = support::repo().join("config.toml");
    let mut s = Session::shell(80, 24);
    s.wait_text("$");
    s.send(&format!(
        "\"$XEMTIN\" --data '{}' --config '{}'\r",
        data.path().display(),
        config.display()
    ));
    s.wait_text("Tin kiểm tra tín hiệu");
    s.send("\x1a");
    s.wait_text("Stopped");
    assert!(
        !s.parser.screen().alternate_screen(),
        "the shell has the terminal back"
    );
    s.send("fg\r");
    s.wait_for("the redraw after fg", |t| {
        t.contains("Tin kiểm tra tín hiệu") && !t.contains("Stopped")
    });
    assert!(s.parser.screen().alternate_screen());
    s.send("q");
    // a fresh prompt on the last line: xemtin has exited and bash reads again
    s.wait_for("the shell prompt", |t| {
        t.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim() == "$")
    });
    s.send("exit\r");
    s.wait_exit();
}

/// xemtin on `data`, started by `sh` in an interactive bash, its first
/// frame drawn. bash leads the session: when it is killed, the kernel sends
/// the hang-up to its foreground job (`sh` and xemtin) and the terminal
/// goes.
fn under_a_shell(data: &std::path::Path) -> Session {
    let config = support::repo().join("config.toml");
    let mut s = Session::shell(80, 24);
    s.wait_text("$");
    s.send(&format!(
        "sh -c '\"$XEMTIN\" --data {} --config {}; sleep 30'\r",
        data.display(),
        config.display()
    ));
    s.wait_text("Tin kiểm tra tín hiệu");
    s
}

/// Whether an xemtin on `data` is running.
fn running_on(data: &std::path::Path) -> bool {
    std::process::Command::new("pgrep")
        .args(["-f", &format!("xemtin --data {}", data.display())])
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false)
}

/// Wait until no xemtin on `data` runs, or fail the test.
fn wait_gone(data: &std::path::Path) {
    let deadline = std::time::Instant::now() + support::wait_limit();
    while running_on(data) {
        assert!(
            std::time::Instant::now() < deadline,
            "xemtin outlived its terminal"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_terminal_lost_under_a_shell_ends_xemtin() {
    // it must notice and exit, not spin
    let data = corpus();
    let s = under_a_shell(data.path());
    assert!(running_on(data.path()));
    drop(s); // closes the pty: the terminal is gone
    wait_gone(data.path());
}

#[test]
fn a_terminal_closed_under_xemtin_leaves_the_last_position_saved() {
    // The terminal goes while xemtin is on it (the shell leading the
    // session killed, as when an SSH connection drops): the article being
    // read is remembered. A write failing with EIO before the hang-up is
    // noticed ends the TUI the same way (`tui::loop_end`).
    let data = corpus();
    write_article(
        data.path(),
        "b.txt",
        "Bài đang đọc khi mất kết nối",
        "ngày 1 tháng 1 năm 2021 - 09:00",
        &["Nội dung thứ hai."],
    );
    let mut s = under_a_shell(data.path());
    s.send("j\r");
    s.wait_text("Nội dung thứ hai.");
    let home = s.hang_up();
    wait_gone(data.path());
    let state = rusqlite::Connection::open(home.path().join("data/xemtin/state.sqlite")).unwrap();
    let reading: String = state
        .query_row(
            // each data folder's own: `position.reading@<its hash>`
            "SELECT value FROM session WHERE key LIKE 'position.reading@%'",
            [],
            |r| r.get(0),
        )
        .expect("a position saved");
    assert_eq!(reading, "b.txt");
}

#[test]
fn a_panic_restores_the_terminal_and_says_where_the_details_are() {
    let data = corpus();
    let config = support::repo().join("config.toml");
    let mut s = Session::start(
        &[
            "--data",
            data.path().to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ],
        80,
        24,
        &[("XEMTIN_DEBUG_PANIC", "1")],
    );
    // Rust's exit status for a panic
    assert_eq!(s.wait_exit(), 101);
    assert!(!s.parser.screen().alternate_screen());
    let raw = String::from_utf8_lossy(&s.raw).to_string();
    assert!(raw.contains("\x1b[?1049l"), "left the alternate screen");
    assert!(raw.contains("\x1b[?25h"), "the cursor is shown again");
    // the report comes after the terminal is restored, and is short
    let restored = raw.find("\x1b[?1049l").unwrap();
    let report = &raw[restored..];
    assert!(
        report.contains("xemtin stopped on an internal error"),
        "{report}"
    );
    assert!(report.contains("deliberate panic"), "{report}");
    let path = report
        .split("The details are in ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("no path to the details in {report}"));
    let details = std::fs::read_to_string(path.trim()).unwrap();
    assert!(details.contains("deliberate panic"), "{details}");
    assert!(details.contains("src/term.rs"), "{details}");
    let said: Vec<&str> = report
        .lines()
        .filter(|l| l.chars().any(|c| c.is_alphanumeric()))
        .collect();
    assert!(said.len() <= 4, "{said:?}");
}
