//! End-to-end: the real binary in a pseudo-terminal, driven by keys.

mod support;

use support::{Session, repo, write_article};

const LONG: &str = "Đây là một đoạn văn dài để kiểm tra việc cuộn trang trong trình đọc, \
    với nhiều chữ tiếng Việt có dấu như người, đường, nghĩa, và những từ khác nữa.";

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let long: Vec<&str> = std::iter::repeat_n(LONG, 30).collect();
    write_article(
        dir.path(),
        "2020/12/tong-ket.txt",
        "Tổng kết năm của tỉnh",
        "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20 Đã xem: 38",
        &long,
    );
    write_article(
        dir.path(),
        "2020/12/chieu.txt",
        "Buổi chiều ở chợ phiên",
        "Thứ Năm, ngày 31 tháng 12 năm 2020 - 15:00",
        &["Ngắn gọn."],
    );
    write_article(
        dir.path(),
        "2020/12/giua-thang.txt",
        "Giữa tháng mười hai",
        "Thứ Ba, ngày 15 tháng 12 năm 2020 - 08:00 Đã xem: 5",
        &["Một đoạn."],
    );
    dir
}

/// The row on screen that contains `needle`.
fn row_of(s: &Session, needle: &str) -> Option<u16> {
    let (rows, _) = s.parser.screen().size();
    (0..rows.get()).find(|&r| s.row(r).contains(needle))
}

fn is_selected(s: &Session, row: u16) -> bool {
    // the title column starts well inside the row; reverse video marks the selection
    s.parser.screen().cell(row, 40).is_some_and(|c| c.inverse())
}

#[test]
fn start_move_open_scroll_and_quit_restores_the_terminal() {
    let data = corpus();
    let mut s = Session::open(data.path(), 80, 24);
    s.wait_text("Tổng kết năm của tỉnh");
    assert!(s.parser.screen().alternate_screen());
    assert!(s.text().contains("3 articles"));
    // newest first
    let first = row_of(&s, "Tổng kết").unwrap();
    let second = row_of(&s, "Buổi chiều").unwrap();
    let third = row_of(&s, "Giữa tháng").unwrap_or_else(|| panic!("{}", s.text()));
    assert!(first < second && second < third);
    assert!(is_selected(&s, first));

    s.send("j");
    s.wait_until("the selection to move to the second row", |s| {
        is_selected(s, second) && !is_selected(s, first)
    });

    s.send("k\r");
    s.wait_text("Thursday, 31/12/2020 19:20");
    assert!(s.text().contains("Báo Thử Nghiệm"));
    let top = s.row(1);
    s.send("j");
    s.wait_until("one line down to scroll the text", |s| s.row(1) != top);
    s.send("G");
    s.wait_text("100%");
    s.send("g");
    s.wait_text("Tổng kết năm của tỉnh");

    s.send("J");
    s.wait_text("Ngắn gọn.");
    s.send("q");
    s.wait_text("3 articles");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    assert!(
        !s.parser.screen().alternate_screen(),
        "left the alternate screen"
    );
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\x1b[?1049l"));
}

#[test]
fn date_filter_prompt_step_and_errors() {
    let data = corpus();
    let mut s = Session::open(data.path(), 80, 24);
    s.wait_text("3 articles");
    s.send("d");
    s.wait_text("Date:");
    s.send("15/12/2020\r");
    s.wait_text("1 article · 1 unread · 15/12/2020");
    assert!(s.text().contains("Giữa tháng mười hai"));
    assert!(!s.text().contains("Tổng kết"));

    s.send("]");
    s.wait_text("No articles for 16/12/2020");
    s.send("[[");
    s.wait_text("14/12/2020");

    s.send("d12/2020\r");
    s.wait_text("3 articles · 3 unread · 12/2020");
    s.send("d31/02/2021\r");
    s.wait_text("✗");
    assert!(
        s.text().contains("12/2020"),
        "the view is kept behind the error"
    );
    s.send("\x1b");
    s.wait_for("Esc to close the prompt", |t| !t.contains("✗"));
    s.send("d\r");
    s.wait_text("3 articles · 3 unread · all dates");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn shipped_corpus_opens_with_every_article_listed() {
    let data = repo().join("data");
    let mut s = Session::open(&data, 80, 24);
    // the first frame shows what the index holds; indexing fills in the rest
    let count = |t: &str| -> usize {
        t.lines()
            .next()
            .and_then(|h| h.split(" · ").nth(1))
            .and_then(|p| p.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    s.wait_for("every shipped article", move |t| {
        count(t) >= 30 && !t.contains("Indexing")
    });
    assert!(
        !s.text().contains("skipped"),
        "the shipped corpus has no bad files"
    );
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn messy_folder_lists_good_articles_and_counts_the_bad() {
    let data = repo().join("tests/fixtures/messy");
    let mut s = Session::open(&data, 100, 30);
    s.wait_text("files skipped — run xemtin check");
    assert!(!s.text().contains('\u{1b}'));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn tiny_and_huge_terminals_do_not_break() {
    let data = corpus();
    let mut s = Session::open(data.path(), 1, 1);
    s.wait_frame(0);
    for (c, r) in [(2, 2), (10, 3), (40, 12), (500, 200), (1, 1), (80, 24)] {
        // each size drawn before the next key
        let before = s.raw.len();
        s.resize(c, r);
        s.wait_frame(before);
        s.send("j");
    }
    // the j above may come before the first index is listed: the last
    // article is asked for again once the list is there
    s.wait_text("3 articles");
    s.send("G\r");
    s.wait_text("Tuesday, 15/12/2020");
    let before = s.raw.len();
    s.resize(20, 5);
    s.wait_frame(before);
    s.send("q");
    s.wait_text("articles");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_storm_of_resizes_ends_in_the_layout_of_the_last_size() {
    let data = corpus();
    let mut s = Session::open(data.path(), 80, 24);
    s.wait_text("Tổng kết năm của tỉnh");
    // Sizes from 1x1 to 500x200, one after the other with no pause: the
    // resize events pile up while frames are drawn.
    let mut seed = 7u32;
    for _ in 0..60 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let cols = 1 + (seed >> 8) % 500;
        let rows = 1 + (seed >> 20) % 200;
        s.resize(cols as u16, rows as u16);
    }
    s.resize(100, 30);
    // The same screen as a TUI started at 100x30: nothing left of an
    // earlier size.
    let mut fresh = Session::open(data.path(), 100, 30);
    fresh.wait_text("3 articles · 3 unread");
    fresh.wait_text("Tổng kết năm của tỉnh");
    // its status line settled too: the text stage's progress goes away
    fresh.wait_for("the end of the first index", |t| !t.contains("Indexing"));
    let expected = fresh.text();
    let what = format!("the screen of a TUI started at 100x30:\n{expected}");
    s.wait_for(&what, |t| t == expected);
    for t in [&mut s, &mut fresh] {
        t.send("q");
        assert_eq!(t.wait_exit(), 0);
    }
}
