//! The reader on a real-looking Markdown post (issue 12, classes 4 and 7):
//! code blocks keep their lines at any width, and `o` opens the link's
//! `href`, not text that follows it.

use super::*;
use crate::app::reader::LineKind;
use crate::catalog::Memory;
use crate::ingest::formats::{ParseOptions, parse_file};

fn post() -> crate::article::Article {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/realworld/markdown/jekyll_post.markdown"
    );
    let bytes = std::fs::read(path).unwrap();
    let outcome = parse_file("post.markdown", &bytes, &ParseOptions::default()).unwrap();
    outcome.articles.into_iter().next().unwrap()
}

fn app(width: u16, catalog: &mut Memory) -> App {
    let options = Options {
        layout: ReaderLayout {
            justify: true,
            ..ReaderLayout::default()
        },
        language: Language::En,
        today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        help: vec![],
        skipped: 0,
    };
    let mut app = App::new(options, width, 30, catalog);
    app.open_article("post.markdown", catalog);
    app
}

fn lines(app: &App) -> Vec<(LineKind, String)> {
    let doc = &app.reader.as_ref().expect("the post is open").doc;
    doc.lines.iter().map(|l| (l.kind, l.text.clone())).collect()
}

#[test]
fn a_code_block_keeps_its_lines_in_the_reader_at_any_width() {
    let mut catalog = Memory::new(vec![post()]);
    let code = [
        "def parse(lines):",
        "    for n, line in enumerate(lines):",
        "",
        "        if line.startswith(\"#\"):   # a comment",
        "            continue",
    ];
    for width in [120, 62, 30] {
        let app = app(width, &mut catalog);
        let doc = lines(&app);
        let at = doc
            .iter()
            .position(|(_, t)| t == code[0])
            .unwrap_or_else(|| panic!("no code at {width}: {doc:?}"));
        let text_width = usize::from(width - 2).min(100);
        let mut at = at;
        for want in code {
            // as written: not re-flowed, not justified, not joined; a line
            // wider than the text is cut, the rest on the lines after it
            let mut got = String::new();
            loop {
                let (kind, piece) = &doc[at];
                assert_eq!(*kind, LineKind::Preformatted, "{piece:?} at width {width}");
                got.push_str(piece);
                at += 1;
                if got.len() >= want.len() {
                    break;
                }
            }
            assert_eq!(got, want, "at width {width}");
        }
        // prose around it is justified and wrapped as before
        let justified = doc.iter().find(|(k, _)| *k == LineKind::Body).unwrap();
        assert!(justified.1.starts_with("A "), "{justified:?}");
        assert_eq!(crate::textfit::width(&justified.1), text_width);
        assert!(
            doc.iter()
                .all(|(_, t)| crate::textfit::width(t) <= text_width),
            "at width {width}"
        );
    }
}

#[test]
fn o_opens_the_href_of_a_link_followed_by_text() {
    let mut catalog = Memory::new(vec![post()]);
    let mut app = app(80, &mut catalog);
    let shown = lines(&app);
    assert!(
        shown
            .iter()
            .any(|(_, t)| t.contains("Name (http://example.com/p7[1])'s work")),
        "{shown:?}"
    );
    for (number, url) in [
        ('1', "http://example.com/p7"),
        ('2', "https://en.example.org/wiki/Parser_(computing)"),
        ('3', "https://example.com/list"),
    ] {
        app.apply(Action::OpenLink, &mut catalog);
        assert_eq!(app.mode(), Context::Prompt);
        app.type_char(number, &mut catalog);
        assert_eq!(app.take_effects(), [Effect::Open(url.into())]);
    }
}
