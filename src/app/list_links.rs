//! The link keys in the list: `o` and `y` work on the selected article
//! as they do in the reader, without opening it.

use super::App;
use super::links;
use crate::catalog::Catalog;

impl App {
    pub(super) fn list_link_action(&mut self, copy: bool, catalog: &mut dyn Catalog) {
        let Some(id) = self.list.selected_row().map(|s| s.id.clone()) else {
            return;
        };
        match catalog.article(&id) {
            Ok(article) => self.offer_links(links::choices(&article), copy),
            Err(e) => self.error(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::action::Action;
    use crate::app::reader::ReaderLayout;
    use crate::app::{App, Effect, Options};
    use crate::article::Article;
    use crate::catalog::Memory;
    use crate::context::Context;
    use crate::i18n::Language;
    use chrono::NaiveDate;

    fn article(id: &str, link: Option<&str>, body: &str) -> Article {
        Article {
            id: id.into(),
            title: format!("Title {id}"),
            published: None,
            views: None,
            source: None,
            paragraphs: vec![body.into()],
            link: link.map(String::from),
            author: None,
        }
    }

    #[test]
    fn link_keys_work_on_the_selected_article_of_the_list() {
        let mut c = Memory::new(vec![
            article("a", Some("https://example.com/a"), "No other link."),
            article("b", None, "Nothing here."),
            article(
                "c",
                Some("https://example.com/c"),
                "See https://example.org/x too.",
            ),
        ]);
        let options = Options {
            layout: ReaderLayout::default(),
            language: Language::En,
            today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            help: vec![],
            skipped: 0,
        };
        let mut app = App::new(options, 80, 12, &mut c);
        assert_eq!(app.list().selected_row().map(|s| s.id.as_str()), Some("a"));
        app.apply(Action::OpenLink, &mut c);
        assert_eq!(
            app.take_effects(),
            [Effect::Open("https://example.com/a".into())]
        );
        assert_eq!(app.mode(), Context::List, "the article is not opened");
        app.apply(Action::Down, &mut c);
        app.apply(Action::CopyLink, &mut c);
        assert!(app.take_effects().is_empty());
        assert!(app.status().is_some(), "no links: said in the status bar");
        app.apply(Action::Down, &mut c);
        app.apply(Action::OpenLink, &mut c);
        assert_eq!(app.mode(), Context::Prompt, "two links: which one?");
    }
}
