//! The App tests' shared catalog for the daily reader's actions (unread
//! navigation, catch-up): `n` dated articles from two sources, and the
//! article they are made of.

use crate::app::reader::ReaderLayout;
use crate::app::{App, Options};
use crate::article::{Article, Published};
use crate::catalog::Memory;
use crate::i18n::Language;
use chrono::NaiveDate;

/// `n` articles, newest first "a0".., half from "Even", half from "Odd",
/// on a screen of 10 rows.
pub(super) fn two_sources(n: u64, language: Language) -> (App, Memory) {
    let day = NaiveDate::from_ymd_opt(2020, 12, 1).unwrap();
    let mut catalog = Memory::new(
        (0..n)
            .map(|i| {
                let source = if i % 2 == 0 { "Even" } else { "Odd" };
                let date = day - chrono::Days::new(i);
                dated(
                    &format!("a{i}"),
                    format!("Title {i}"),
                    date,
                    source,
                    vec![format!("Text {i}.")],
                )
            })
            .collect(),
    );
    let options = Options {
        layout: ReaderLayout::default(),
        language,
        today: day,
        help: vec![],
        skipped: 0,
    };
    let app = App::new(options, 80, 12, &mut catalog);
    (app, catalog)
}

/// An article of the App tests: dated (no time of day), from `source`, no
/// views, link or author.
pub(super) fn dated(
    id: &str,
    title: String,
    date: NaiveDate,
    source: &str,
    paragraphs: Vec<String>,
) -> Article {
    Article {
        id: id.into(),
        title,
        published: Some(Published {
            date,
            time: None,
            instant: None,
        }),
        views: None,
        source: Some(source.into()),
        paragraphs,
        link: None,
        author: None,
    }
}
