//! End-to-end: a user's config.toml, NO_COLOR and Vietnamese, in a real
//! pseudo-terminal.

mod support;

use support::{Session, repo, write_article};

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, title) in ["Tin thứ nhất", "Tin thứ hai", "Tin thứ ba"]
        .iter()
        .enumerate()
    {
        write_article(
            dir.path(),
            &format!("{i}.txt"),
            title,
            &format!("ngày {} tháng 12 năm 2020 - 08:00", 20 - i),
            &["Nội dung bài báo."],
        );
    }
    dir
}

fn start(
    data: &std::path::Path,
    config: Option<&str>,
    env: &[(&str, &str)],
) -> (Session, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config.unwrap_or("")).unwrap();
    let s = Session::start(
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
    (s, dir)
}

#[test]
fn rebinding_to_a_sequence_and_a_list_of_actions_shows_in_help_and_status() {
    let data = corpus();
    let config = r#"
[keys.list]
g = "none"
"g g" = "first"
x = ["down", "open"]
"#;
    let (mut s, _dir) = start(data.path(), Some(config), &[]);
    s.wait_text("3 articles");
    s.send("G");
    s.send("g");
    s.wait_text("g … g first");
    s.send("g");
    s.wait_for("the pending keys to clear", |t| !t.contains("g …"));
    s.send("x");
    s.wait_text("Tin thứ hai");
    s.wait_text("Saturday, 19/12/2020");
    s.send("q?");
    s.wait_text("g g");
    s.send_and_wait_change("\x1b", "Esc to close help");
    // an unknown continuation cancels with a message
    s.send("gz");
    s.wait_text("not bound");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn key_timeout_ends_a_pending_sequence() {
    let data = corpus();
    let config = "[ui]\nkey_timeout_ms = 200\n[keys.list]\ng = \"none\"\n\"g g\" = \"first\"\n";
    let (mut s, _dir) = start(data.path(), Some(config), &[]);
    s.wait_text("3 articles");
    s.send("g");
    s.wait_text("g …");
    s.wait_for("the sequence to time out", |t| !t.contains("g …"));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn no_color_keeps_the_selection_visible_without_colours() {
    let data = corpus();
    let (mut s, _dir) = start(data.path(), None, &[("NO_COLOR", "1")]);
    s.wait_text("3 articles");
    let before = s.raw.len();
    s.send("j");
    s.wait_frame(before);
    let raw = String::from_utf8_lossy(&s.raw).to_string();
    for colour in [
        "\x1b[38;", "\x1b[48;", "\x1b[33m", "\x1b[36m", "\x1b[32m", "\x1b[90m",
    ] {
        assert!(
            !raw.contains(colour),
            "colour {colour:?} sent with NO_COLOR"
        );
    }
    let row = (0..24).find(|&r| s.row(r).contains("Tin thứ hai")).unwrap();
    assert!(s.parser.screen().cell(row, 40).unwrap().inverse());
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn vietnamese_interface_from_lang() {
    let data = corpus();
    let (mut s, _dir) = start(data.path(), None, &[("LANG", "vi_VN.UTF-8")]);
    s.wait_text("xemtin · 3 tin · 3 chưa đọc · mọi ngày");
    s.send("d");
    s.wait_text("Xem tin theo ngày:");
    s.send("32/12/2020\r");
    s.wait_text("không có ngày 32");
    s.send("\x1b");
    s.wait_for("Esc to close the prompt", |t| {
        !t.contains("không có ngày 32")
    });
    s.send("\r");
    s.wait_text("Chủ Nhật, 20/12/2020 08:00");
    s.send("?");
    s.wait_text("Phím tắt");
    s.send("tiếp theo");
    s.wait_text("lọc: tiếp theo");
    s.wait_text("Xem tin tiếp theo");
    assert!(
        !s.text().contains("Lên một dòng"),
        "the filter hides other rows"
    );
    s.send_and_wait_change("\x1b", "Esc to close help");
    s.send("qq");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn language_option_wins_over_lang() {
    let data = corpus();
    let (mut s, _dir) = start(
        data.path(),
        Some("[ui]\nlanguage = \"vi\"\n"),
        &[("LANG", "en_US.UTF-8")],
    );
    s.wait_text("3 tin");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let _ = repo();
}
