//! The split layout in a real pseudo-terminal, on the shipped corpus
//! (`data/`), as a user at a 200x50 terminal sees it, and its fall-back at
//! 80x24 (issue 16). Also what a `j` costs over the wire in the split:
//! `cargo test --release --test e2e_split -- --nocapture` prints the figures.

mod support;

use support::{Session, repo};

const COLS: u16 = 200;
const ROWS: u16 = 50;
/// Where the reader pane starts at 200 columns: the list has two fifths,
/// then the divider.
const PANE_X: u16 = 81;
/// BENCHMARKS.md "Bytes over the wire": newsboat's list move ...
const LIST_MOVE: usize = 324;
/// ... and what drawing an article may cost per row beyond its text.
const OPEN_PER_ROW: usize = 8;
/// The end of a frame (synchronized output).
const FRAME_END: &[u8] = b"\x1b[?2026l";

fn wait_indexed(s: &mut Session) {
    s.wait_for("the indexed list", |t| {
        let header = t.lines().next().unwrap_or("");
        let count = header.split(" · ").nth(1).and_then(|p| p.split(' ').next());
        count
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| n >= 30)
            && !t.contains("Indexing")
    });
}

/// Row `y` of the reader pane.
fn pane_row(s: &Session, y: u16) -> String {
    s.parser.screen().contents_between(y, PANE_X, y, COLS)
}

/// Row `y` of the list pane.
fn list_row(s: &Session, y: u16) -> String {
    s.parser.screen().contents_between(y, 0, y, PANE_X - 1)
}

/// The bytes of the reader pane's text: what any program has to send to show it.
fn pane_text_bytes(s: &Session) -> usize {
    (0..ROWS - 1).map(|y| pane_row(s, y).trim().len()).sum()
}

/// The last whole words of the list row's title, before its cut.
fn title_words(row: &str) -> String {
    let words: Vec<&str> = row.trim_end_matches('…').split_whitespace().collect();
    let whole = if row.ends_with('…') {
        &words[..words.len().saturating_sub(1)]
    } else {
        &words[..]
    };
    whole[whole.len().saturating_sub(2)..].join(" ")
}

/// The reader pane shows the article of the list's `row`.
fn pane_shows_row(s: &Session, row: u16) -> bool {
    let words = title_words(&list_row(s, row));
    let title = format!("{} {}", pane_row(s, 1).trim(), pane_row(s, 2).trim());
    !words.is_empty() && title.contains(&words)
}

fn frames(bytes: &[u8]) -> usize {
    bytes
        .windows(FRAME_END.len())
        .filter(|w| *w == FRAME_END)
        .count()
}

#[test]
fn split_at_200x50_follows_the_selection_and_falls_back_when_narrow() {
    let mut s = Session::open(&repo().join("data"), COLS, ROWS);
    wait_indexed(&mut s);
    assert!(list_row(&s, 1).starts_with('N'), "{}", s.text());
    assert!(s.row(1).contains('│'), "a divider:\n{}", s.text());
    assert!(
        pane_shows_row(&s, 1),
        "the first article beside the list:\n{}",
        s.text()
    );
    assert!(
        s.row(ROWS - 1).contains("marked read when opened"),
        "the rule:\n{}",
        s.text()
    );
    let unread = |s: &Session| s.row(0).split(" · ").nth(2).map(str::to_string);
    let unread_at_start = unread(&s);

    // one j: the next article in the pane, within the budget
    let before = s.raw.len();
    s.send("j");
    s.wait_frame(before);
    s.wait_until("the second article in the pane", |s| pane_shows_row(s, 2));
    let one_j = s.raw.len() - before;
    let text = pane_text_bytes(&s);
    let budget = LIST_MOVE + text + OPEN_PER_ROW * usize::from(ROWS);
    assert_eq!(unread(&s), unread_at_start, "a preview is not marked read");

    // ten more, one at a time
    let mut each = Vec::new();
    for row in 3..13 {
        let before = s.raw.len();
        s.send("j");
        s.wait_frame(before);
        s.wait_until("the next article in the pane", |s| pane_shows_row(s, row));
        each.push((s.raw.len() - before, pane_text_bytes(&s)));
    }
    // four typed at once: the frames that show them
    let before = s.raw.len();
    s.send("jjjj");
    s.wait_until("four rows further", |s| pane_shows_row(s, 16));
    let ahead = &s.raw[before..];
    eprintln!("bytes over the wire at {COLS}x{ROWS}, split, list focused:");
    eprintln!(
        "  j: {one_j} B [{budget} = {LIST_MOVE} + {text} B of text in the pane + {OPEN_PER_ROW} B/row]"
    );
    for (bytes, text) in &each {
        eprintln!("  j: {bytes} B (pane text {text} B)");
    }
    eprintln!(
        "  jjjj typed at once: {} B in {} frame(s)",
        ahead.len(),
        frames(ahead)
    );
    assert!(one_j <= budget, "one j wrote {one_j} B, budget {budget} B");
    for (bytes, text) in &each {
        let budget = LIST_MOVE + text + OPEN_PER_ROW * usize::from(ROWS);
        assert!(*bytes <= budget, "a j wrote {bytes} B, budget {budget} B");
    }

    // tab: the reader has the focus, the article is read
    s.send("\t");
    s.wait_text("j/k scroll");
    assert_ne!(
        unread(&s),
        unread_at_start,
        "focusing the reader marks it read"
    );
    assert!(pane_shows_row(&s, 16));

    // narrower than 160: the reader alone; back to the list alone
    let before = s.raw.len();
    s.resize(80, 24);
    s.wait_frame(before);
    s.wait_for("the reader alone", |t| {
        !t.contains('│') && t.contains("j/k scroll")
    });
    s.send("q");
    s.wait_for("the list alone", |t| {
        t.contains("enter open") && !t.contains('│')
    });
    // wide again: split, the list focused, the selection beside it
    let before = s.raw.len();
    s.resize(COLS, ROWS);
    s.wait_frame(before);
    s.wait_until("the split again", |s| {
        s.row(1).contains('│') && pane_shows_row(s, 16)
    });
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn at_80x24_one_view_at_a_time_as_before() {
    let mut s = Session::open(&repo().join("data"), 80, 24);
    wait_indexed(&mut s);
    assert!(!s.text().contains('│'), "no divider:\n{}", s.text());
    assert!(s.row(23).contains("enter open"), "{}", s.text());
    let first = s.row(1);
    s.send("\r");
    s.wait_text("j/k scroll");
    let words = title_words(&first);
    assert!(
        s.text().contains(&words),
        "the article alone ({words}):\n{}",
        s.text()
    );
    assert!(
        !s.text().contains(&first),
        "the list is gone:\n{}",
        s.text()
    );
    // tab goes back too, and opens again
    s.send("\t");
    s.wait_text("enter open");
    s.send("\t");
    s.wait_text("j/k scroll");
    s.send("q");
    s.wait_text("enter open");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

/// Open the longest shipped article (second from the end of the list) in
/// the reader pane, then scroll it line by line to its end: the bytes of
/// each line down, and of the text of the row `new_row` that came in.
fn reader_lines(s: &mut Session, header_row: u16, new_row: u16) -> Vec<(usize, usize)> {
    wait_indexed(s);
    s.send("G");
    s.send("k");
    s.wait_until("the long article in the pane", |s| {
        s.text().contains("Hơn 118.000 học sinh") && s.row(ROWS - 1).contains("tab pane")
    });
    s.send("\t");
    s.wait_text("j/k scroll");
    let mut lines = Vec::new();
    while !s.row(header_row).trim_end().ends_with("100%") && lines.len() < 200 {
        let before = s.raw.len();
        s.send("j");
        s.wait_frame(before);
        let text = s.row(new_row).trim().len();
        lines.push((s.raw.len() - before, text));
    }
    s.send("qq");
    assert_eq!(s.wait_exit(), 0);
    lines
}

fn describe(lines: &[(usize, usize)]) -> String {
    let total: usize = lines.iter().map(|l| l.0).sum();
    let besides = lines
        .iter()
        .map(|l| l.0.saturating_sub(l.1))
        .max()
        .unwrap_or(0);
    format!(
        "{} lines, {}..{} B each (mean {}), at most {besides} B besides the new line's text",
        lines.len(),
        lines.iter().map(|l| l.0).min().unwrap_or(0),
        lines.iter().map(|l| l.0).max().unwrap_or(0),
        total / lines.len().max(1)
    )
}

#[test]
fn a_line_down_in_the_reader_pane_stacked_scrolls_the_region() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[ui]\nsplit_arrangement = \"stacked\"\n").unwrap();
    let data = repo().join("data");
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ];
    let mut s = Session::start(&args, COLS, ROWS, &[]);
    // 48 rows between the header and the status line: the list 18, the
    // reader's header, the reader 29 (rows 20 to 48)
    let stacked = reader_lines(&mut s, 19, ROWS - 2);

    let mut s = Session::open(&repo().join("data"), COLS, ROWS);
    let side = reader_lines(&mut s, 0, ROWS - 2);
    eprintln!("a line down in the reader pane at {COLS}x{ROWS}:");
    eprintln!("  stacked:      {}", describe(&stacked));
    eprintln!("  side by side: {}", describe(&side));
    assert!(
        stacked.len() >= 10,
        "the article scrolled {} lines",
        stacked.len()
    );
    // the 82 B budget of a line down, besides the new line's own text
    let worst = stacked
        .iter()
        .map(|l| l.0.saturating_sub(l.1))
        .max()
        .unwrap_or(0);
    assert!(worst <= 82, "a line down wrote {worst} B besides its text");
    // side by side the terminal cannot scroll half its width: the moved
    // rows are rewritten, but never more than the pane's text and moves
    assert!(!side.is_empty());
}
