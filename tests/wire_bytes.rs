//! Bytes written to the terminal per action, over a 120x40 pseudo-terminal
//! on the shipped corpus: what a slow SSH link has to carry.

mod support;

use support::{Session, repo};

/// Bytes written in answer to `keys`, after the screen has settled.
fn bytes_for(s: &mut Session, keys: &str) -> usize {
    s.settle();
    let before = s.raw.len();
    s.send(keys);
    s.settle();
    s.raw.len() - before
}

#[test]
fn bytes_per_action_at_120x40() {
    let mut s = Session::open(&repo().join("data"), 120, 40);
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
    let open = bytes_for(&mut s, "\r");
    let line = bytes_for(&mut s, "j");
    let page = bytes_for(&mut s, " ");
    eprintln!("list move {list_move} B, open {open} B, line down {line} B, page down {page} B");
    s.send("qq");
    s.wait_exit();
    assert!(
        list_move > 0 && open > list_move,
        "a move and an open both redraw"
    );
}
