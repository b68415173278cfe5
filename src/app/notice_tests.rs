//! The App taking in notices: background progress, finished jobs, the
//! outcome of effects and keys that meant nothing, in both languages.

use super::daily_fixture::dated;
use super::*;
use crate::article::Article;
use crate::catalog::Memory;
use crate::i18n::Word;

fn article(id: &str, day: u32) -> Article {
    let date = NaiveDate::from_ymd_opt(2020, 12, day).unwrap();
    dated(
        id,
        format!("Title {id}"),
        date,
        "Báo A",
        vec![format!("Text of {id}.")],
    )
}

fn app(language: Language, catalog: &mut dyn Catalog) -> App {
    let options = Options {
        layout: reader::ReaderLayout::default(),
        language,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![],
        skipped: 0,
    };
    App::new(options, 80, 12, catalog)
}

fn status(app: &App) -> (String, bool) {
    let s = app.status().expect("a status message");
    (s.text.clone(), s.is_error)
}

#[test]
fn fetch_key_asks_the_event_loop_and_progress_shows() {
    let mut catalog = Memory::new(vec![article("a", 1)]);
    let mut app = app(Language::En, &mut catalog);
    app.apply(Action::Fetch, &mut catalog);
    assert_eq!(app.take_effects(), [Effect::Fetch]);
    let started = Notice::FetchAsked(FetchStart::Started { total: 10 });
    app.on_notice(started, &mut catalog);
    assert_eq!(app.fetching().map(|f| (f.done, f.total)), Some((0, 10)));
    assert!(app.status().is_none());
    app.on_notice(Notice::Fetching { done: 3, total: 10 }, &mut catalog);
    assert_eq!(app.fetching().map(|f| (f.done, f.total)), Some((3, 10)));
    let summary = FetchSummary {
        updated: 8,
        unchanged: 1,
        failed: 1,
        first_error: Some("x: HTTP 404 Not Found".into()),
        ..FetchSummary::default()
    };
    app.on_notice(Notice::Fetched(summary), &mut catalog);
    assert_eq!(app.fetching(), None);
    assert_eq!(
        status(&app),
        (
            "Fetched 8, unchanged 1, failed 1: x: HTTP 404 Not Found".into(),
            true
        )
    );
}

#[test]
fn a_fetch_without_failures_is_no_error_and_speaks_vietnamese() {
    let mut catalog = Memory::new(vec![article("a", 1)]);
    let mut app = app(Language::Vi, &mut catalog);
    let summary = FetchSummary {
        updated: 2,
        ..FetchSummary::default()
    };
    app.on_notice(Notice::Fetched(summary), &mut catalog);
    assert_eq!(status(&app), ("Đã tải 2, không đổi 0, lỗi 0".into(), false));
}

#[test]
fn a_fetch_that_does_not_start_says_why() {
    let mut catalog = Memory::new(Vec::new());
    let mut app = app(Language::En, &mut catalog);
    app.on_notice(Notice::FetchAsked(FetchStart::NoFeeds), &mut catalog);
    let (text, is_error) = status(&app);
    assert!(text.contains("[[feeds]]") && text.contains("import-opml") && is_error);
    app.on_notice(Notice::FetchAsked(FetchStart::Running), &mut catalog);
    let running = Word::FetchRunning.text(Language::En).to_string();
    assert_eq!(status(&app), (running, false));
    assert_eq!(app.fetching(), None);
}

#[test]
fn links_opened_copied_or_not_are_reported_in_the_language() {
    let mut catalog = Memory::new(Vec::new());
    let mut app = app(Language::Vi, &mut catalog);
    let url = || "https://x.vn/a".to_string();
    let opened = Notice::Opened {
        url: url(),
        program: "firefox".into(),
    };
    app.on_notice(opened, &mut catalog);
    assert_eq!(
        status(&app),
        ("Đã mở https://x.vn/a bằng firefox".into(), false)
    );
    let no_browser = Notice::NotOpened {
        url: url(),
        why: NotOpened::NoBrowser(vec![
            ("xdg-open".into(), None),
            ("firefox".into(), Some("Permission denied".into())),
        ]),
    };
    app.on_notice(no_browser, &mut catalog);
    let (text, is_error) = status(&app);
    let tried = "xdg-open (không tìm thấy), firefox (Permission denied)";
    assert!(text.contains(tried) && is_error, "{text}");
    app.on_notice(Notice::Copied { url: url() }, &mut catalog);
    assert_eq!(status(&app), ("Đã chép https://x.vn/a".into(), false));
    let off = Notice::NotCopied {
        url: url(),
        why: NotCopied::Off,
    };
    app.on_notice(off, &mut catalog);
    let (text, is_error) = status(&app);
    assert!(text.contains("ui.osc52") && text.ends_with("https://x.vn/a") && !is_error);
}

#[test]
fn an_unbound_printable_key_is_typed_where_text_is_typed_else_reported() {
    let mut catalog = Memory::new(vec![article("a", 1)]);
    let mut app = app(Language::En, &mut catalog);
    let x = || Notice::KeyUnbound {
        key: "x".into(),
        typed: Some('x'),
    };
    app.on_notice(x(), &mut catalog);
    assert_eq!(status(&app), ("x is not bound · ? help".into(), false));
    app.apply(Action::DatePrompt, &mut catalog);
    app.on_notice(x(), &mut catalog);
    assert_eq!(app.prompt().map(|p| p.input.text.as_str()), Some("x"));
    let cancelled = Notice::SequenceEnded {
        keys: "g".into(),
        cancelled: true,
    };
    let mut vi = self::app(Language::Vi, &mut catalog);
    vi.on_notice(cancelled, &mut catalog);
    assert_eq!(status(&vi), ("đã hủy g".into(), false));
}

#[test]
fn a_problem_from_outside_is_shown_as_an_error() {
    let mut catalog = Memory::new(Vec::new());
    let mut app = app(Language::En, &mut catalog);
    app.on_notice(Notice::Problem("index is read-only".into()), &mut catalog);
    assert_eq!(status(&app), ("index is read-only".into(), true));
}

/// A catalog that records what it is told of indexing.
struct Watched {
    inner: Memory,
    told: Vec<bool>,
}

impl crate::catalog::Catalog for Watched {
    fn count(&mut self, f: &Filter) -> crate::catalog::Result<usize> {
        self.inner.count(f)
    }
    fn unread(&mut self, f: &Filter) -> crate::catalog::Result<usize> {
        self.inner.unread(f)
    }
    fn window(
        &mut self,
        f: &Filter,
        start: usize,
        len: usize,
    ) -> crate::catalog::Result<Vec<crate::catalog::Summary>> {
        self.inner.window(f, start, len)
    }
    fn position(&mut self, f: &Filter, id: &str) -> crate::catalog::Result<Option<usize>> {
        self.inner.position(f, id)
    }
    fn article(&mut self, id: &str) -> crate::catalog::Result<Article> {
        self.inner.article(id)
    }
    fn sources(&mut self, f: &Filter) -> crate::catalog::Result<Vec<(String, usize)>> {
        self.inner.sources(f)
    }
    fn set_read(&mut self, id: &str, read: bool) -> crate::catalog::Result<()> {
        self.inner.set_read(id, read)
    }
    fn set_starred(&mut self, id: &str, starred: bool) -> crate::catalog::Result<()> {
        self.inner.set_starred(id, starred)
    }
    fn day_counts(
        &mut self,
        f: &crate::catalog::Filter,
        first: chrono::NaiveDate,
        last: chrono::NaiveDate,
    ) -> crate::catalog::Result<crate::calendar::DayCounts> {
        self.inner.day_counts(f, first, last)
    }
    fn day_with_articles(
        &mut self,
        f: &crate::catalog::Filter,
        date: chrono::NaiveDate,
        later: bool,
    ) -> crate::catalog::Result<Option<chrono::NaiveDate>> {
        self.inner.day_with_articles(f, date, later)
    }
    fn indexing(&mut self, busy: bool) {
        self.told.push(busy);
    }
}

#[test]
fn the_catalog_hears_once_when_indexing_starts_and_when_it_ends() {
    let mut catalog = Watched {
        inner: Memory::new(vec![article("a", 1)]),
        told: Vec::new(),
    };
    let mut app = app(Language::En, &mut catalog);
    for (done, text) in [(10, false), (20, false), (5, true)] {
        let progress = Indexing {
            done,
            total: 20,
            text,
        };
        app.on_notice(Notice::Indexing(progress), &mut catalog);
    }
    assert_eq!(catalog.told, [true]);
    assert_eq!(app.indexing().map(|i| i.text), Some(true));
    let end = Notice::Indexed {
        skipped: 3,
        error: None,
    };
    app.on_notice(end, &mut catalog);
    assert_eq!(catalog.told, [true, false]);
    assert_eq!(app.indexing(), None);
    assert_eq!(app.options().skipped, 3);
}

#[test]
fn rows_written_while_indexing_come_into_the_list() {
    let mut catalog = Memory::new(vec![article("a", 1)]);
    let mut app = app(Language::En, &mut catalog);
    assert_eq!(app.list().total, 1);
    let mut grown = Memory::new(vec![article("a", 1), article("b", 2)]);
    let progress = Indexing {
        done: 2,
        total: 2,
        text: false,
    };
    app.on_notice(Notice::Indexing(progress), &mut grown);
    assert_eq!(app.list().total, 2);
    assert_eq!(app.list().selected_row().map(|r| r.id.as_str()), Some("b"));
}

#[test]
fn waiting_progress_reports_are_cut_to_the_last_of_each_run() {
    let progress = |done, text| {
        Notice::Indexing(Indexing {
            done,
            total: 10,
            text,
        })
    };
    let end = Notice::Indexed {
        skipped: 0,
        error: None,
    };
    let fetching = Notice::Fetching { done: 1, total: 2 };
    let notices = vec![
        progress(1, false),
        progress(2, false),
        fetching.clone(),
        progress(3, false),
        progress(4, false),
        progress(5, false),
        progress(0, true),
        progress(4, true),
        end.clone(),
    ];
    // The article stage's last report stays: it refreshes the list.
    assert_eq!(
        coalesce(notices.into_iter()),
        [
            progress(2, false),
            fetching,
            progress(5, false),
            progress(4, true),
            end
        ]
    );
    assert_eq!(coalesce(std::iter::empty()), []);
}
