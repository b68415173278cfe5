//! The App tests' shared catalog for the daily reader's actions (unread
//! navigation, catch-up): `n` dated articles from two sources.

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
            .map(|i| Article {
                id: format!("a{i}"),
                title: format!("Title {i}"),
                published: Some(Published {
                    date: day - chrono::Days::new(i),
                    time: None,
                    instant: None,
                }),
                views: None,
                source: Some(if i % 2 == 0 { "Even" } else { "Odd" }.into()),
                paragraphs: vec![format!("Text {i}.")],
                link: None,
                author: None,
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
