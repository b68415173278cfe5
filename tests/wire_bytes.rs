//! Bytes written to the terminal per action, over a 120x40 pseudo-terminal
//! on the shipped corpus: what a slow SSH link has to carry (issue 7).
//!
//! The budgets are what newsboat, the reference reader, writes for the same
//! action on the same terminal. Byte counts are deterministic, so they are
//! asserted. Run with `--nocapture` to see the figures:
//! `cargo test --release --test wire_bytes -- --nocapture`.

mod support;

use support::{Session, repo};

const COLS: u16 = 120;
const ROWS: u16 = 40;

/// newsboat: one move in the list.
const LIST_MOVE: usize = 324;
/// newsboat: one line down in an article (curses scrolls the region).
const LINE: usize = 82;
/// newsboat: one page down in an article.
const PAGE: usize = 3_403;
/// Opening an article has no newsboat figure. It draws a whole screen, so
/// it may cost the text on the screen and at most this much per row more.
const OPEN_PER_ROW: usize = 8;

/// Bytes written in answer to `keys` (which must change the screen): the
/// frame drawn for them.
fn bytes_for(s: &mut Session, keys: &str) -> usize {
    let before = s.raw.len();
    s.send(keys);
    s.wait_frame(before);
    s.raw.len() - before
}

/// Bytes of the text in row `y`: what any program has to send to show it.
fn text_bytes(s: &Session, y: u16) -> usize {
    s.row(y).trim().len()
}

#[test]
fn bytes_per_action_at_120x40() {
    let mut s = Session::open(&repo().join("data"), COLS, ROWS);
    // every shipped article listed, indexing done: nothing else redraws
    s.wait_for("the indexed list", |t| {
        let header = t.lines().next().unwrap_or("");
        let count = header.split(" · ").nth(1).and_then(|p| p.split(' ').next());
        count
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| n >= 30)
            && !t.contains("Indexing")
    });
    let list_move = bytes_for(&mut s, "j");

    // the longest shipped article (55 lines at this width, so a page down
    // from the top moves 17 lines), second from the end of the list
    bytes_for(&mut s, "G");
    bytes_for(&mut s, "k");
    let open = bytes_for(&mut s, "\r");
    assert!(
        s.row(1).contains("Hơn 118.000 học sinh"),
        "the long article is open:\n{}",
        s.text()
    );
    let on_screen: usize = (0..ROWS).map(|y| text_bytes(&s, y)).sum();
    let page = bytes_for(&mut s, " ");
    bytes_for(&mut s, "g");

    // every line down to the end, with the bytes of the line that came in
    let mut lines = Vec::new();
    while !s.row(0).trim_end().ends_with("100%") && lines.len() < 200 {
        let bytes = bytes_for(&mut s, "j");
        lines.push((bytes, text_bytes(&s, ROWS - 2)));
    }
    let line_up = bytes_for(&mut s, "k");
    let line_up_text = text_bytes(&s, 1);
    s.send("qq");
    s.wait_exit();

    let first = lines.first().copied().unwrap_or_default();
    let blank = lines.iter().filter(|l| l.1 == 0).map(|l| l.0).max();
    let text_lines: Vec<_> = lines.iter().filter(|l| l.1 > 0).collect();
    let overhead = |l: &(usize, usize)| l.0.saturating_sub(l.1);
    let worst = lines.iter().map(overhead).max().unwrap_or(0);
    let mean = lines.iter().map(|l| l.0).sum::<usize>() / lines.len().max(1);
    eprintln!("bytes over the wire at {COLS}x{ROWS} (budget in brackets):");
    eprintln!("  list move (j)            {list_move} B [{LIST_MOVE}]");
    eprintln!(
        "  open the long article    {open} B [{} = {on_screen} B of text on screen + {OPEN_PER_ROW} B/row]",
        on_screen + OPEN_PER_ROW * usize::from(ROWS)
    );
    eprintln!("  page down (space)        {page} B [{PAGE}]");
    eprintln!(
        "  line down (j), {} steps: first {} B (new line {} B of text), blank new line {} B [{LINE}], \
         text lines {}..{} B, mean {mean} B",
        lines.len(),
        first.0,
        first.1,
        blank.unwrap_or(0),
        text_lines.iter().map(|l| l.0).min().unwrap_or(0),
        text_lines.iter().map(|l| l.0).max().unwrap_or(0),
    );
    eprintln!("  line down, bytes beyond the new line's text: at most {worst} B [{LINE}]");
    eprintln!("  line up (k)              {line_up} B (new line {line_up_text} B of text)");

    assert!(list_move <= LIST_MOVE, "list move {list_move} B");
    assert!(page <= PAGE, "page down {page} B");
    let open_budget = on_screen + OPEN_PER_ROW * usize::from(ROWS);
    assert!(open <= open_budget, "open {open} B, budget {open_budget} B");
    assert!(
        lines.len() >= 10,
        "the article scrolled {} lines",
        lines.len()
    );
    // scrolling draws the new line and the changed percentage, never the pane
    assert!(
        worst <= LINE,
        "a line down wrote {worst} B besides its text"
    );
    let blank = blank.expect("some line down brings in a blank line");
    assert!(blank <= LINE, "a line down to a blank line: {blank} B");
    assert!(
        line_up.saturating_sub(line_up_text) <= LINE,
        "line up {line_up} B"
    );
}
