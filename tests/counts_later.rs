//! A list too long to count on the key path (issue 13, budget 5: a warm
//! start at 1,000,000 articles): the first frame shows the list's first
//! rows and says the articles are being counted; the counts come from a
//! job and then appear; an older job's answer, or one counted before a
//! read mark changed, is never shown.

mod support;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use xemtin::action::Action;
use xemtin::app::counting::{CountJob, count};
use xemtin::app::reader::ReaderLayout;
use xemtin::app::{App, Effect, Notice, Options};
use xemtin::article::{Article, Published};
use xemtin::catalog::{Catalog, Limits, Memory};
use xemtin::context::Context;
use xemtin::i18n::Language;
use xemtin::ui::{Chrome, Hints, render};

const ARTICLES: u32 = 40;

fn article(n: u32) -> Article {
    Article {
        id: format!("a{n:02}.txt"),
        title: format!("Bài số {n}"),
        published: Some(Published {
            date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(n.into()),
            time: None,
            instant: None,
        }),
        views: None,
        source: Some("Báo A".into()),
        paragraphs: vec![format!("Nội dung {n}.")],
        link: None,
        author: None,
    }
}

/// 40 articles, of which a list counts at most 10 at once.
fn catalog() -> Memory {
    let limits = Limits {
        small_archive: 10,
        counted_at_once: 10,
        ..Limits::PROGRAM
    };
    Memory::new((1..=ARTICLES).map(article).collect()).with_limits(limits)
}

fn app(lang: Language, catalog: &mut Memory) -> App {
    let options = Options {
        layout: ReaderLayout::default(),
        language: lang,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![],
        skipped: 0,
    };
    App::new(options, 80, 12, catalog)
}

fn chrome() -> Chrome {
    Chrome {
        theme: xemtin::config::load(None).unwrap().theme.without_colors(),
        ascii_borders: false,
        hints: Hints::new([(Context::List, "j/k move".into())]),
        pending: None,
        columns: xemtin::config::Column::ALL.to_vec(),
        date_format: "%d/%m/%Y".into(),
    }
}

fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 12)).unwrap();
    terminal.draw(|f| render(f, app, &chrome())).unwrap();
    support::screen_text(terminal.backend().buffer())
}

/// The count jobs the App asked for since the last call.
fn jobs(app: &mut App) -> Vec<CountJob> {
    app.take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Count(job) => Some(job),
            _ => None,
        })
        .collect()
}

/// Run `job` on a catalog of its own, as the counter thread does, and
/// hand the answer to the App.
fn answer(app: &mut App, catalog: &mut Memory, job: &CountJob) {
    let mut own = catalog.clone();
    let notice = count(&mut own, job);
    app.on_notice(notice, catalog);
}

#[test]
fn the_first_frame_shows_the_list_before_the_counts_and_the_counts_come_after() {
    for (lang, counting, counted) in [
        (
            Language::En,
            "counting the articles…",
            "40 articles · 40 unread",
        ),
        (Language::Vi, "đang đếm số tin…", "40 tin · 40 chưa đọc"),
    ] {
        let mut c = catalog();
        let mut app = app(lang, &mut c);
        let first = draw(&app);
        let header = first.lines().next().unwrap();
        assert!(header.contains(counting), "{lang:?}: {header}");
        assert!(
            !header.contains("40"),
            "no count before it is known: {header}"
        );
        assert!(
            first.contains("Bài số 40"),
            "the newest row is shown:\n{first}"
        );
        assert!(first.contains("Bài số 32"), "a screen of rows:\n{first}");
        assert!(app.counting());

        let asked = jobs(&mut app);
        assert_eq!(asked.len(), 1, "one count asked");
        answer(&mut app, &mut c, &asked[0]);
        assert!(!app.counting());
        let after = draw(&app);
        let header = after.lines().next().unwrap();
        assert!(header.contains(counted), "{lang:?}: {header}");
        assert!(!header.contains(counting), "{header}");
    }
}

#[test]
fn a_short_list_is_counted_at_once() {
    let mut c = catalog();
    let mut app = app(Language::En, &mut c);
    let _ = jobs(&mut app);
    // a day with one article: nothing to wait for
    app.apply(Action::Calendar, &mut c);
    app.apply(Action::Open, &mut c);
    assert!(!app.counting(), "{}", draw(&app));
    assert!(jobs(&mut app).is_empty());
    assert!(
        draw(&app)
            .lines()
            .next()
            .unwrap()
            .contains("1 article · 1 unread")
    );
}

#[test]
fn only_the_newest_question_is_answered() {
    let mut c = catalog();
    let mut app = app(Language::En, &mut c);
    let first = jobs(&mut app).remove(0);
    // reading an article changes the unread count: the count asked before
    // may have been counted before it, so it is asked again
    app.apply(Action::Open, &mut c);
    app.apply(Action::Back, &mut c);
    let second = jobs(&mut app);
    assert_eq!(second.len(), 1, "asked again after a read mark");
    answer(&mut app, &mut c, &first);
    assert!(app.counting(), "an older answer is not taken");
    answer(&mut app, &mut c, &second[0]);
    assert!(!app.counting());
    assert_eq!((app.list().total, app.unread()), (40, 39));
    assert_eq!(c.unread(&app.filter().clone()).unwrap(), 39);
}

#[test]
fn the_list_moves_while_counting_and_the_last_row_counts_at_once() {
    let mut c = catalog();
    let mut app = app(Language::En, &mut c);
    let asked = jobs(&mut app);
    for _ in 0..5 {
        app.apply(Action::Down, &mut c);
    }
    assert_eq!(app.list().selected, 5);
    assert!(app.counting(), "moving needs no count");
    app.apply(Action::Last, &mut c);
    assert!(!app.counting(), "the last row needs the count");
    assert_eq!(app.list().selected, 39);
    let last = app.list().selected_row().map(|r| r.id.clone());
    assert_eq!(last.as_deref(), Some("a01.txt"), "{}", draw(&app));
    // the job's answer, late, changes nothing
    answer(&mut app, &mut c, &asked[0]);
    assert_eq!((app.list().selected, app.list().total), (39, 40));
}

#[test]
fn a_job_that_cannot_count_leaves_the_counting_to_the_app() {
    let mut c = catalog();
    let mut app = app(Language::En, &mut c);
    let job = jobs(&mut app).remove(0);
    let failed = Notice::Counted(xemtin::app::counting::Counted {
        ticket: job.ticket,
        counts: Err("the counter stopped".into()),
    });
    app.on_notice(failed, &mut c);
    assert!(!app.counting());
    assert_eq!((app.list().total, app.unread()), (40, 40));
}

#[test]
fn the_counter_counts_on_a_connection_of_its_own() {
    use xemtin::app::counting::Counted;
    use xemtin::catalog::{Counts, Filter};
    use xemtin::store::{StorePaths, sync};

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for n in 1..=3 {
        let title = format!("Bài số {n}");
        let date = format!("Thứ năm, {n}/12/2020, 19:20");
        support::write_article(&data, &format!("a{n}.txt"), &title, &date, &["Một đoạn."]);
    }
    let paths = StorePaths {
        index: dir.path().join("index.sqlite"),
        state: dir.path().join("state.sqlite"),
    };
    sync(&paths, &data, false, &mut |_| {}).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let jobs = xemtin::jobs::Jobs::new(tx, data, paths, Vec::new(), 0);
    let source = Filter {
        source: Some("nowhere".into()),
        ..Filter::default()
    };
    jobs.start_count(CountJob {
        ticket: 1,
        filter: Filter::default(),
    });
    let counted = |ticket, total| {
        Notice::Counted(Counted {
            ticket,
            counts: Ok(Counts {
                total,
                unread: total,
            }),
        })
    };
    assert_eq!(
        rx.recv_timeout(support::wait_limit()).unwrap(),
        counted(1, 3)
    );
    jobs.start_count(CountJob {
        ticket: 2,
        filter: source,
    });
    assert_eq!(
        rx.recv_timeout(support::wait_limit()).unwrap(),
        counted(2, 0)
    );
}
