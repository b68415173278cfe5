use super::*;
use crate::article::{Article, Published};
use crate::catalog::Memory;
use chrono::NaiveTime;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn article(id: &str, date: Option<NaiveDate>, paragraphs: usize, source: &str) -> Article {
    Article {
        id: id.into(),
        title: format!("Title {id}"),
        published: date.map(|date| Published {
            date,
            time: NaiveTime::from_hms_opt(8, 0, 0),
            instant: None,
        }),
        views: Some(1),
        source: Some(source.into()),
        paragraphs: (0..paragraphs)
            .map(|i| format!("Paragraph {i} of {id}."))
            .collect(),
        link: None,
        author: None,
    }
}

/// The app on five articles (three on 31/12/2020, one on 15/12/2020, one
/// undated) and the catalog it asks.
struct Fixture {
    app: App,
    catalog: Memory,
}

impl Fixture {
    fn new() -> Fixture {
        let mut catalog = Memory::new(vec![
            article("a", Some(day(2020, 12, 31)), 30, "Báo A"),
            article("b", Some(day(2020, 12, 31)), 2, "Báo B"),
            article("c", Some(day(2020, 12, 31)), 2, "Báo A"),
            article("d", Some(day(2020, 12, 15)), 2, "Báo B"),
            article("e", None, 2, "Báo A"),
        ]);
        let options = Options {
            layout: ReaderLayout::default(),
            language: Language::En,
            today: day(2021, 1, 1),
            help: vec![],
            skipped: 0,
        };
        let app = App::new(options, 80, 12, &mut catalog);
        Fixture { app, catalog }
    }

    fn apply(&mut self, actions: &[Action]) {
        for &a in actions {
            self.app.apply(a, &mut self.catalog);
        }
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.app.type_char(c, &mut self.catalog);
        }
    }

    fn selected(&self) -> Option<&str> {
        self.app.list.selected_row().map(|s| s.id.as_str())
    }

    fn reader_id(&self) -> Option<&str> {
        self.app.reader.as_ref().map(|r| r.article.id.as_str())
    }

    fn reader_len(&self) -> usize {
        self.app.reader.as_ref().map_or(0, |r| r.doc.lines.len())
    }

    fn scroll(&self) -> usize {
        self.app.reader.as_ref().map_or(0, |r| r.scroll)
    }

    fn listed(&mut self) -> Vec<String> {
        let total = self.app.list.total;
        self.catalog
            .window(&self.app.filter, 0, total)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect()
    }
}

#[test]
fn moves_and_opens_the_selected_article() {
    let mut f = Fixture::new();
    f.apply(&[Action::Down, Action::Down]);
    assert_eq!(f.selected(), Some("c"));
    f.apply(&[Action::Last]);
    assert_eq!(f.selected(), Some("e"));
    f.apply(&[Action::First, Action::Open]);
    assert_eq!(f.app.mode(), Context::Reader);
    assert_eq!(f.reader_id(), Some("a"));
    f.apply(&[Action::Back]);
    assert_eq!(f.app.mode(), Context::List);
    assert!(!f.app.quit);
    f.apply(&[Action::Back]);
    assert!(f.app.quit);
}

#[test]
fn reader_scrolls_within_bounds() {
    let mut f = Fixture::new();
    f.apply(&[Action::Open, Action::Down]);
    assert_eq!(f.scroll(), 1);
    f.apply(&[Action::Last]);
    let max = f.reader_len() - content_rows(12);
    assert_eq!(f.scroll(), max);
    f.apply(&[Action::PageDown]);
    assert_eq!(f.scroll(), max);
    f.apply(&[Action::HalfPageUp]);
    assert_eq!(f.scroll(), max - 5);
    f.apply(&[Action::First]);
    assert_eq!(f.scroll(), 0);
}

#[test]
fn next_and_previous_article_from_the_reader() {
    let mut f = Fixture::new();
    f.apply(&[Action::Open, Action::NextArticle]);
    assert_eq!(f.reader_id(), Some("b"));
    assert_eq!(f.selected(), Some("b"));
    f.apply(&[Action::PrevArticle, Action::PrevArticle]);
    assert_eq!(f.reader_id(), Some("a"));
    assert!(
        f.app.status.is_some(),
        "a message says there is no previous article"
    );
}

#[test]
fn opening_marks_read_and_toggles_work() {
    let mut f = Fixture::new();
    assert_eq!(f.app.unread, 5);
    f.apply(&[Action::Open, Action::Back]);
    assert_eq!(f.app.unread, 4);
    assert!(f.app.list.selected_row().unwrap().read);
    f.apply(&[Action::ToggleRead]);
    assert_eq!(f.app.unread, 5);
    assert!(!f.app.list.selected_row().unwrap().read);
    f.apply(&[Action::Down, Action::ToggleStar, Action::ToggleRead]);
    assert!(f.app.list.selected_row().unwrap().starred);
    f.apply(&[Action::StarredOnly]);
    assert_eq!(f.listed(), ["b"]);
    f.apply(&[Action::StarredOnly, Action::UnreadOnly]);
    assert_eq!(f.listed(), ["a", "c", "d", "e"]);
    assert_eq!(f.app.list.total, 4);
}

#[test]
fn source_prompt_filters_by_source() {
    let mut f = Fixture::new();
    f.apply(&[Action::SourcePrompt]);
    assert_eq!(f.app.mode(), Context::Prompt);
    f.type_text("bao b");
    f.apply(&[Action::Submit]);
    assert_eq!(f.app.filter.source.as_deref(), Some("Báo B"));
    assert_eq!(f.listed(), ["b", "d"]);
    f.apply(&[Action::SourcePrompt, Action::Submit]);
    assert_eq!(f.app.filter.source, None);
    assert_eq!(f.app.list.total, 5);
}

#[test]
fn date_prompt_filters_and_empty_entry_clears() {
    let mut f = Fixture::new();
    f.apply(&[Action::DatePrompt]);
    assert_eq!(f.app.mode(), Context::Prompt);
    f.type_text("15/12/2020");
    f.apply(&[Action::Submit]);
    assert_eq!(f.app.mode(), Context::List);
    assert_eq!(f.listed(), ["d"]);
    f.apply(&[Action::DatePrompt, Action::Submit]);
    assert_eq!(f.app.filter.dates, None);
    assert_eq!(
        f.app.list.total, 5,
        "undated articles come back when the filter is cleared"
    );
}

#[test]
fn invalid_date_keeps_the_prompt_and_the_view() {
    let mut f = Fixture::new();
    f.apply(&[Action::Down, Action::DatePrompt]);
    f.type_text("31/02/2021");
    f.apply(&[Action::Submit]);
    assert_eq!(f.app.mode(), Context::Prompt);
    assert!(f.app.prompt.as_ref().unwrap().error.is_some());
    f.apply(&[Action::Cancel]);
    assert_eq!(f.app.mode(), Context::List);
    assert_eq!(f.app.list.total, 5);
    assert_eq!(f.selected(), Some("b"));
}

#[test]
fn month_filter_excludes_undated_and_nothing_matches_elsewhere() {
    let mut f = Fixture::new();
    f.apply(&[Action::DatePrompt]);
    f.type_text("12/2020");
    f.apply(&[Action::Submit]);
    assert_eq!(f.listed(), ["a", "b", "c", "d"]);
    f.apply(&[Action::DateNext]);
    assert_eq!(
        f.app.filter.dates,
        Some(DateFilter::Month {
            year: 2021,
            month: 1
        })
    );
    assert_eq!(f.app.list.total, 0);
    f.apply(&[Action::Down, Action::Open]);
    assert_eq!(
        f.app.mode(),
        Context::List,
        "nothing to open in an empty list"
    );
}

#[test]
fn stepping_without_a_filter_starts_from_the_selected_day() {
    let mut f = Fixture::new();
    f.apply(&[Action::Last, Action::Up]);
    assert_eq!(f.selected(), Some("d"));
    f.apply(&[Action::DatePrev]);
    assert_eq!(f.app.filter.dates, Some(DateFilter::Day(day(2020, 12, 15))));
    assert_eq!(f.listed(), ["d"]);
    assert_eq!(
        f.selected(),
        Some("d"),
        "the selection stays on the article"
    );
    f.apply(&[Action::DateNext]);
    assert_eq!(f.app.filter.dates, Some(DateFilter::Day(day(2020, 12, 16))));
}

#[test]
fn refresh_keeps_the_selected_article() {
    let mut f = Fixture::new();
    f.apply(&[Action::Down, Action::Down]);
    assert_eq!(f.selected(), Some("c"));
    f.catalog = Memory::new(vec![
        article("new", Some(day(2021, 1, 1)), 1, "Báo A"),
        article("b", Some(day(2020, 12, 31)), 2, "Báo B"),
        article("c", Some(day(2020, 12, 31)), 2, "Báo A"),
    ]);
    f.app.refresh(&mut f.catalog);
    assert_eq!(f.selected(), Some("c"));
    assert_eq!(f.app.list.selected, 2);
    assert_eq!(f.app.list.total, 3);
}

#[test]
fn refresh_at_the_top_follows_the_top_unless_an_article_is_open() {
    let newer = || {
        Memory::new(vec![
            article("new", Some(day(2021, 1, 1)), 1, "Báo A"),
            article("a", Some(day(2020, 12, 31)), 30, "Báo A"),
            article("b", Some(day(2020, 12, 31)), 2, "Báo B"),
        ])
    };
    let mut f = Fixture::new();
    assert_eq!(f.selected(), Some("a"));
    f.catalog = newer();
    f.app.refresh(&mut f.catalog);
    assert_eq!(f.selected(), Some("new"));
    assert_eq!(f.app.list.selected, 0);

    // Reading the top article: the list keeps it selected underneath.
    let mut f = Fixture::new();
    f.apply(&[Action::Open]);
    assert_eq!(f.reader_id(), Some("a"));
    f.catalog = newer();
    f.app.refresh(&mut f.catalog);
    assert_eq!(f.selected(), Some("a"));
    assert_eq!(f.app.list.selected, 1);
}

#[test]
fn quit_works_from_every_mode() {
    for setup in [
        vec![],
        vec![Action::Open],
        vec![Action::DatePrompt],
        vec![Action::Help],
    ] {
        let mut f = Fixture::new();
        f.apply(&setup);
        f.apply(&[Action::Quit]);
        assert!(f.app.quit);
    }
}

#[test]
fn resize_rewraps_the_reader_and_tiny_sizes_are_safe() {
    let mut f = Fixture::new();
    f.apply(&[Action::Open]);
    let wide = f.reader_len();
    f.app.resize(30, 10, &mut f.catalog);
    assert!(f.reader_len() > wide);
    assert_eq!(f.app.reader.as_ref().unwrap().doc.width, 28);
    for (w, h) in [(1, 1), (0, 0), (2, 1), (500, 200)] {
        f.app.resize(w, h, &mut f.catalog);
        f.apply(&[
            Action::Down,
            Action::PageDown,
            Action::Last,
            Action::NextArticle,
        ]);
    }
}

#[test]
fn help_filter_takes_typed_text() {
    let mut f = Fixture::new();
    f.app.options.help = vec![
        HelpEntry {
            context: "List".into(),
            keys: "j".into(),
            actions: "down: Move down".into(),
        },
        HelpEntry {
            context: "List".into(),
            keys: "d".into(),
            actions: "date_prompt: Filter by date".into(),
        },
    ];
    f.apply(&[Action::Help]);
    f.type_text("date");
    let h = f.app.help.as_ref().unwrap();
    assert_eq!(h.visible(&f.app.options.help).len(), 1);
    f.apply(&[Action::Back]);
    assert_eq!(f.app.mode(), Context::List);
}

fn search_fixture() -> Fixture {
    let mut f = Fixture::new();
    let mut a = article("x", Some(day(2020, 10, 1)), 0, "Báo C");
    a.title = "Chiêm Hóa vào mùa gặt".into();
    a.paragraphs = (0..40).map(|i| format!("Đoạn {i}.")).collect();
    a.paragraphs.push("Nông dân Chiêm Hóa phấn khởi.".into());
    let mut b = article("y", Some(day(2020, 10, 2)), 0, "Báo C");
    b.title = "Tin khác".into();
    b.paragraphs = vec!["Ở Chiêm Hóa, trời nắng.".into()];
    f.catalog = Memory::new(vec![a, b, article("z", Some(day(2020, 10, 3)), 1, "Báo C")]);
    f.app.refresh(&mut f.catalog);
    f
}

#[test]
fn search_as_you_type_ranks_and_esc_restores() {
    let mut f = search_fixture();
    f.apply(&[Action::Down, Action::Down]);
    assert_eq!(f.selected(), Some("x"));
    f.apply(&[Action::Search]);
    f.type_text("chiem h");
    assert_eq!(
        f.app.list.total, 2,
        "results while typing, the last word a prefix"
    );
    assert_eq!(
        f.listed(),
        ["x", "y"],
        "a title match outranks a body match"
    );
    f.apply(&[Action::Cancel]);
    assert_eq!(f.app.filter.text, None);
    assert_eq!(f.app.list.total, 3);
    assert_eq!(
        f.selected(),
        Some("x"),
        "the selection from before the search"
    );

    f.apply(&[Action::Search]);
    f.type_text("chiem hoa");
    f.apply(&[Action::Submit]);
    assert_eq!(f.app.mode(), Context::List);
    assert_eq!(f.app.list.total, 2);
    assert!(f.app.status.as_ref().unwrap().text.starts_with("2 "));
    f.apply(&[Action::ToggleOrder]);
    assert_eq!(f.listed(), ["y", "x"], "newest first");
}

#[test]
fn reader_opens_at_the_first_match_and_n_steps_through_matches() {
    let mut f = search_fixture();
    f.apply(&[Action::Search]);
    f.type_text("nong dan");
    f.apply(&[Action::Submit, Action::Open]);
    let r = f.app.reader.as_ref().unwrap();
    let first = r.doc.match_lines().next().unwrap();
    assert!(
        first > content_rows(12),
        "the match is below the first page"
    );
    assert!(
        r.scroll <= first && first < r.scroll + content_rows(12),
        "and scrolled into view"
    );
    assert_eq!(r.focus, Some(first));
    let line = &r.doc.lines[first];
    let hit: String = line
        .matches
        .iter()
        .map(|m| &line.text[m.clone()])
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(hit, "Nông dân");
    f.apply(&[Action::NextMatch]);
    assert!(f.app.status.is_some(), "no further match");
    f.apply(&[Action::PrevMatch]);
    assert!(f.app.status.is_some(), "no match before the first");
    let focus = |f: &Fixture| f.app.reader.as_ref().unwrap().focus;
    f.apply(&[Action::First, Action::NextMatch]);
    assert_eq!(focus(&f), Some(first));
}

/// One article per case, newest first: "none" (no links), "own" (only its
/// own link), "text" (one link in its text), "many" (its own and two in the
/// text), "bad" (a link xemtin refuses).
fn links_fixture() -> Fixture {
    let mut f = Fixture::new();
    let mut none = article("none", Some(day(2020, 10, 5)), 2, "Báo L");
    none.link = None;
    let mut own = article("own", Some(day(2020, 10, 4)), 2, "Báo L");
    own.link = Some("https://bao.vn/own".into());
    let mut text = article("text", Some(day(2020, 10, 3)), 0, "Báo L");
    text.paragraphs = vec!["Xem tại www.bao.vn/text.".into()];
    let mut many = article("many", Some(day(2020, 10, 2)), 0, "Báo L");
    many.link = Some("https://bao.vn/many".into());
    many.paragraphs = vec!["Một http://a.vn/1 và http://a.vn/2.".into()];
    let mut bad = article("bad", Some(day(2020, 10, 1)), 1, "Báo L");
    bad.link = Some("javascript:alert(1)".into());
    f.catalog = Memory::new(vec![none, own, text, many, bad]);
    f.app.refresh(&mut f.catalog);
    f
}

impl Fixture {
    fn open_id(&mut self, id: &str) {
        self.app.open_article(id, &mut self.catalog);
        assert_eq!(self.reader_id(), Some(id));
    }

    fn status_text(&self) -> String {
        self.app
            .status
            .as_ref()
            .map_or(String::new(), |s| s.text.clone())
    }
}

#[test]
fn o_and_y_with_one_link_use_it_at_once() {
    let mut f = links_fixture();
    f.open_id("own");
    f.apply(&[Action::OpenLink]);
    assert_eq!(
        f.app.take_effects(),
        [Effect::Open("https://bao.vn/own".into())]
    );
    assert_eq!(f.app.mode(), Context::Reader);
    f.apply(&[Action::CopyLink]);
    assert_eq!(
        f.app.take_effects(),
        [Effect::Copy("https://bao.vn/own".into())]
    );
    assert!(f.app.take_effects().is_empty(), "taken once");

    f.open_id("text");
    f.apply(&[Action::OpenLink]);
    assert_eq!(
        f.app.take_effects(),
        [Effect::Open("https://www.bao.vn/text".into())],
        "a www. address is opened over https"
    );
}

#[test]
fn o_without_links_says_so_and_does_nothing() {
    let mut f = links_fixture();
    f.open_id("none");
    f.apply(&[Action::OpenLink]);
    assert!(f.app.take_effects().is_empty());
    assert_eq!(f.status_text(), "This article has no links");
    f.apply(&[Action::CopyLink]);
    assert!(f.app.take_effects().is_empty());
    assert_eq!(f.app.mode(), Context::Reader);
}

#[test]
fn o_with_several_links_asks_for_a_number() {
    let mut f = links_fixture();
    f.open_id("many");
    let shown: Vec<String> = f
        .app
        .reader
        .as_ref()
        .unwrap()
        .doc
        .lines
        .iter()
        .map(|l| l.text.clone())
        .collect();
    assert!(shown.contains(&"https://bao.vn/many [0]".to_string()));
    assert!(shown.contains(&"Một http://a.vn/1[1] và http://a.vn/2[2].".to_string()));

    f.apply(&[Action::OpenLink]);
    assert_eq!(f.app.mode(), Context::Prompt);
    assert!(f.app.take_effects().is_empty());
    // fewer than ten links: one digit is enough
    f.type_text("2");
    assert_eq!(f.app.mode(), Context::Reader);
    assert_eq!(f.app.take_effects(), [Effect::Open("http://a.vn/2".into())]);

    // Enter alone takes the first: the article's own link
    f.apply(&[Action::CopyLink, Action::Submit]);
    assert_eq!(
        f.app.take_effects(),
        [Effect::Copy("https://bao.vn/many".into())]
    );

    // a number that is not there keeps the prompt open with the range;
    // letters type nothing
    f.apply(&[Action::OpenLink]);
    f.type_text("ab7");
    assert_eq!(
        f.app.prompt.as_ref().map(|p| p.input.text.as_str()),
        Some("7")
    );
    assert_eq!(f.app.mode(), Context::Prompt);
    f.apply(&[Action::Submit]);
    let err = f.app.prompt.as_ref().and_then(|p| p.error.clone());
    assert_eq!(err.as_deref(), Some("No link numbered 7: 0–2"));
    f.apply(&[Action::Cancel]);
    assert_eq!(f.app.mode(), Context::Reader);
    assert!(f.app.take_effects().is_empty());
}

#[test]
fn a_refused_link_is_reported_not_opened() {
    let mut f = links_fixture();
    f.open_id("bad");
    f.apply(&[Action::OpenLink]);
    assert!(f.app.take_effects().is_empty());
    let status = f.app.status.clone().unwrap();
    assert!(status.is_error);
    assert!(
        status
            .text
            .starts_with("Not opened: \"javascript\" links are not opened"),
        "{}",
        status.text
    );
}
