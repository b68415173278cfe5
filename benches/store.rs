//! Issue 4's performance budget on generated corpora of 10,000 and 100,000
//! articles (made and indexed on first run, see examples/bench_support):
//!
//! - `warm_start`: Store::open + App::new + one render into an 80x24
//!   TestBackend, the index already built (budget 100 ms at 100,000), and
//!   the three parts apart (`warm_start_parts`);
//! - `actions`: one `App::apply` with the Store as catalog, from a prepared
//!   state that is rebuilt (untimed) before every run, so each run does the
//!   real work: moving, jumping to either end, setting or stepping a date
//!   filter, the source picker and filter, unread and starred only
//!   (budget 10 ms each at 100,000).
//!
//! `cargo bench --bench store` (CARGO_TARGET_DIR decides where the corpora go);
//! `cargo bench --bench store -- actions` for one group. scripts/bench.sh runs
//! everything and summarizes.

#[path = "../examples/bench_support/mod.rs"]
mod support;

use std::cell::RefCell;

use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use xemtin::action::Action;
use xemtin::app::App;
use xemtin::catalog::{Catalog, Filter};
use xemtin::store::Store;
use xemtin::ui;

const SIZES: [usize; 2] = [10_000, 100_000];

fn main() {
    // Corpora and indexes first, so that no benchmark times their making.
    for n in SIZES {
        let c = support::indexed(n);
        star_some(&mut c.open(), n);
    }
    eprintln!(
        "bench: load average {} before the runs",
        support::load_average()
    );
    divan::main();
}

/// Star one article in a hundred (once), so that "starred only" shows a
/// real list rather than an empty one.
fn star_some(store: &mut Store, n: usize) {
    let starred = Filter {
        starred_only: true,
        ..Filter::default()
    };
    if store.count(&starred).unwrap_or(0) > 0 {
        return;
    }
    let ids: Vec<String> = (0..n)
        .step_by(100)
        .filter_map(|at| store.window(&Filter::default(), at, 1).ok()?.pop())
        .map(|s| s.id)
        .collect();
    for id in ids {
        if let Err(e) = store.set_starred(&id, true) {
            eprintln!("bench: cannot star {id}: {e}");
            return;
        }
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App, chrome: &ui::Chrome) {
    terminal
        .draw(|f| ui::render(f, app, chrome))
        .expect("draw into the TestBackend");
}

/// Open the store, build the App, paint the first frame: everything the
/// program does before its first frame except the terminal and the config.
#[divan::bench(args = SIZES, sample_count = 40, sample_size = 1)]
fn warm_start(bencher: Bencher, n: usize) {
    let c = support::corpus(n);
    let chrome = support::chrome();
    bencher.bench_local(|| {
        let mut store = c.open();
        let app = App::new(support::options(), 80, 24, &mut store);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a TestBackend");
        draw(&mut terminal, &app, &chrome);
        assert_eq!(app.list().total, n, "the index holds every article");
        (store, app, terminal)
    });
}

#[divan::bench_group(sample_count = 40, sample_size = 1)]
mod warm_start_parts {
    use super::*;

    #[divan::bench(args = SIZES)]
    fn store_open(bencher: Bencher, n: usize) {
        let c = support::corpus(n);
        bencher.bench_local(|| c.open());
    }

    #[divan::bench(args = SIZES)]
    fn app_new(bencher: Bencher, n: usize) {
        let c = support::corpus(n);
        let mut store = c.open();
        bencher.bench_local(|| App::new(support::options(), 80, 24, &mut store));
    }

    #[divan::bench(args = SIZES)]
    fn render(bencher: Bencher, n: usize) {
        let c = support::corpus(n);
        let mut store = c.open();
        let app = App::new(support::options(), 80, 24, &mut store);
        let chrome = support::chrome();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a TestBackend");
        bencher.bench_local(|| {
            // a fresh previous frame, so that every cell is compared and drawn
            terminal.clear().expect("clear the TestBackend");
            draw(&mut terminal, &app, &chrome);
        });
    }
}

/// Time `action` applied to the App that `prepare` leaves (prepared afresh,
/// untimed, before every run).
fn bench_action(
    bencher: Bencher,
    n: usize,
    prepare: impl Fn(&mut App, &mut Store),
    action: Action,
) {
    let c = support::corpus(n);
    let store = RefCell::new(c.open());
    let base = App::new(support::options(), 80, 24, &mut *store.borrow_mut());
    let check = {
        let mut app = base.clone();
        prepare(&mut app, &mut store.borrow_mut());
        app
    };
    assert!(
        check.status().is_none_or(|s| !s.is_error),
        "{:?}",
        check.status()
    );
    bencher
        .with_inputs(|| {
            let mut app = base.clone();
            prepare(&mut app, &mut store.borrow_mut());
            app
        })
        .bench_local_refs(|app| {
            app.apply(action, &mut *store.borrow_mut());
        });
}

fn nothing(_: &mut App, _: &mut Store) {}

fn apply_all(app: &mut App, store: &mut Store, actions: &[Action]) {
    for &a in actions {
        app.apply(a, store);
    }
}

/// Open the date prompt and type `expr` (Enter not pressed yet).
fn date_typed(app: &mut App, store: &mut Store, expr: &str) {
    app.apply(Action::DatePrompt, store);
    for ch in expr.chars() {
        app.type_char(ch, store);
    }
}

/// The second largest source, typed in full into the source picker.
fn source_typed(app: &mut App, store: &mut Store) {
    app.apply(Action::SourcePrompt, store);
    let name = match app.prompt() {
        // after the line of all sources, the largest
        Some(p) => p
            .pane_matches()
            .get(2)
            .and_then(|e| e.name())
            .map(String::from),
        None => None,
    };
    for ch in name.expect("the corpus has two sources or more").chars() {
        app.type_char(ch, store);
    }
}

#[divan::bench_group(sample_count = 40, sample_size = 1)]
mod actions {
    use super::*;

    /// `j` at the top: the rows are already fetched.
    #[divan::bench(args = SIZES)]
    fn down(bencher: Bencher, n: usize) {
        bench_action(bencher, n, nothing, Action::Down);
    }

    /// `j` in the middle of the list with no rows fetched around it: one
    /// window of rows read from position n/2.
    #[divan::bench(args = SIZES)]
    fn down_fetching_mid_list(bencher: Bencher, n: usize) {
        let prepare = |app: &mut App, store: &mut Store| {
            let middle = store.window(&Filter::default(), n / 2, 1).expect("a row");
            let id = middle.first().map(|row| row.id.as_str());
            app.restore(Filter::default(), id, None, store);
            app.forget_rows();
        };
        bench_action(bencher, n, prepare, Action::Down);
    }

    /// `pagedown` near the top, the one press that leaves the fetched
    /// rows: the next window is read.
    #[divan::bench(args = SIZES)]
    fn page_down_fetching(bencher: Bencher, n: usize) {
        let prepare = |app: &mut App, store: &mut Store| loop {
            let mut probe = app.clone();
            probe.apply(Action::PageDown, store);
            if probe.list().window_start != app.list().window_start {
                break;
            }
            app.apply(Action::PageDown, store);
        };
        bench_action(bencher, n, prepare, Action::PageDown);
    }

    /// `G`: jump to the end of the list.
    #[divan::bench(args = SIZES)]
    fn last(bencher: Bencher, n: usize) {
        bench_action(bencher, n, nothing, Action::Last);
    }

    /// `g` from the end.
    #[divan::bench(args = SIZES)]
    fn first_from_last(bencher: Bencher, n: usize) {
        let prepare = |app: &mut App, store: &mut Store| apply_all(app, store, &[Action::Last]);
        bench_action(bencher, n, prepare, Action::First);
    }

    /// Enter in the date prompt with `15/6/2020`: a day filter from none.
    #[divan::bench(args = SIZES)]
    fn date_set_day(bencher: Bencher, n: usize) {
        bench_action(
            bencher,
            n,
            |a, s| date_typed(a, s, "15/6/2020"),
            Action::Submit,
        );
    }

    /// Enter in the date prompt with `6/2020`.
    #[divan::bench(args = SIZES)]
    fn date_set_month(bencher: Bencher, n: usize) {
        bench_action(
            bencher,
            n,
            |a, s| date_typed(a, s, "6/2020"),
            Action::Submit,
        );
    }

    /// Enter in the date prompt with `2020`.
    #[divan::bench(args = SIZES)]
    fn date_set_year(bencher: Bencher, n: usize) {
        bench_action(bencher, n, |a, s| date_typed(a, s, "2020"), Action::Submit);
    }

    /// Enter in an empty date prompt while a year is shown: back to all dates.
    #[divan::bench(args = SIZES)]
    fn date_clear(bencher: Bencher, n: usize) {
        let prepare = |app: &mut App, store: &mut Store| {
            date_typed(app, store, "2020");
            app.apply(Action::Submit, store);
            app.apply(Action::DatePrompt, store);
        };
        bench_action(bencher, n, prepare, Action::Submit);
    }

    /// `[` on a day filter: the day before.
    #[divan::bench(args = SIZES)]
    fn date_step_day(bencher: Bencher, n: usize) {
        let prepare = |app: &mut App, store: &mut Store| {
            date_typed(app, store, "15/6/2020");
            app.apply(Action::Submit, store);
        };
        bench_action(bencher, n, prepare, Action::DatePrev);
    }

    /// `[` on a month filter.
    #[divan::bench(args = SIZES)]
    fn date_step_month(bencher: Bencher, n: usize) {
        let prepare = |app: &mut App, store: &mut Store| {
            date_typed(app, store, "6/2020");
            app.apply(Action::Submit, store);
        };
        bench_action(bencher, n, prepare, Action::DatePrev);
    }

    /// `[` on a year filter.
    #[divan::bench(args = SIZES)]
    fn date_step_year(bencher: Bencher, n: usize) {
        let prepare = |app: &mut App, store: &mut Store| {
            date_typed(app, store, "2020");
            app.apply(Action::Submit, store);
        };
        bench_action(bencher, n, prepare, Action::DatePrev);
    }

    /// `[` with no date filter: the day of the selected article.
    #[divan::bench(args = SIZES)]
    fn date_from_selected(bencher: Bencher, n: usize) {
        bench_action(bencher, n, nothing, Action::DatePrev);
    }

    /// `f`: the source picker, with every source and its count.
    #[divan::bench(args = SIZES)]
    fn source_picker_open(bencher: Bencher, n: usize) {
        bench_action(bencher, n, nothing, Action::SourcePrompt);
    }

    /// Enter in the source picker: filter by the second largest source.
    #[divan::bench(args = SIZES)]
    fn source_set(bencher: Bencher, n: usize) {
        bench_action(bencher, n, source_typed, Action::Submit);
    }

    /// `u`: unread only (every article is unread in the generated corpus).
    #[divan::bench(args = SIZES)]
    fn unread_only_on(bencher: Bencher, n: usize) {
        bench_action(bencher, n, nothing, Action::UnreadOnly);
    }

    #[divan::bench(args = SIZES)]
    fn unread_only_off(bencher: Bencher, n: usize) {
        let prepare =
            |app: &mut App, store: &mut Store| apply_all(app, store, &[Action::UnreadOnly]);
        bench_action(bencher, n, prepare, Action::UnreadOnly);
    }

    /// `S`: starred only (one article in a hundred is starred).
    #[divan::bench(args = SIZES)]
    fn starred_only_on(bencher: Bencher, n: usize) {
        bench_action(bencher, n, nothing, Action::StarredOnly);
    }

    #[divan::bench(args = SIZES)]
    fn starred_only_off(bencher: Bencher, n: usize) {
        let prepare =
            |app: &mut App, store: &mut Store| apply_all(app, store, &[Action::StarredOnly]);
        bench_action(bencher, n, prepare, Action::StarredOnly);
    }

    /// `G` with a year filter on: the end of a filtered list.
    #[divan::bench(args = SIZES)]
    fn last_in_year(bencher: Bencher, n: usize) {
        let prepare = |app: &mut App, store: &mut Store| {
            date_typed(app, store, "2020");
            app.apply(Action::Submit, store);
        };
        bench_action(bencher, n, prepare, Action::Last);
    }

    /// Enter: open the selected article in the reader (reads and wraps its file,
    /// marks it read).
    #[divan::bench(args = SIZES)]
    fn open_article(bencher: Bencher, n: usize) {
        bench_action(bencher, n, nothing, Action::Open);
        // leave the corpus as it was: every article unread
        let mut store = support::corpus(n).open();
        if let Some(first) = store
            .window(&Filter::default(), 0, 1)
            .ok()
            .and_then(|mut w| w.pop())
        {
            let _ = store.set_read(&first.id, false);
        }
    }
}
