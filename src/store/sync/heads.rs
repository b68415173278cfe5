//! Article heads as the article stage hands them from the parsing threads
//! to the writing one: each in one allocation.
//!
//! A parser makes an [`Article`] (its id, title and source each a string
//! of its own, in a vector) and the writer frees what it is handed. Freed
//! on another thread than the one that made them, blocks go back through
//! the C allocator's shared lock (`memory::few_allocator_pools`), four a
//! file at 1,000,000 files. A head packs the strings into one block on the
//! parser, which frees the article's own strings where it made them; a
//! file of one article (every page) keeps its head inline, with no vector.

use crate::article::{Article, Published};

/// What the writer needs of an article: its id, title, source, date and
/// views, the three strings one after the other in one block.
#[derive(Debug)]
pub(super) struct Head {
    /// The id, then the title, then the source (if any).
    text: Box<str>,
    /// Where the title starts in `text` (the id ends there).
    title_at: usize,
    /// Where the title ends, and the source starts when there is one.
    source_at: usize,
    has_source: bool,
    pub(super) published: Option<Published>,
    pub(super) views: Option<u64>,
}

impl Head {
    pub(super) fn of(article: &Article) -> Head {
        let source = article.source.as_deref();
        let mut text = String::with_capacity(
            article.id.len() + article.title.len() + source.map_or(0, str::len),
        );
        text.push_str(&article.id);
        let title_at = text.len();
        text.push_str(&article.title);
        let source_at = text.len();
        text.push_str(source.unwrap_or_default());
        Head {
            text: text.into_boxed_str(),
            title_at,
            source_at,
            has_source: source.is_some(),
            published: article.published,
            views: article.views,
        }
    }

    pub(super) fn id(&self) -> &str {
        self.text.get(..self.title_at).unwrap_or_default()
    }

    pub(super) fn title(&self) -> &str {
        self.text
            .get(self.title_at..self.source_at)
            .unwrap_or_default()
    }

    pub(super) fn source(&self) -> Option<&str> {
        self.has_source
            .then(|| self.text.get(self.source_at..).unwrap_or_default())
    }
}

/// The heads of a file's articles: one inline (a page, and most files),
/// else in a vector.
#[derive(Debug)]
pub(super) enum Heads {
    One(Head),
    Many(Vec<Head>),
}

impl Heads {
    /// The heads of `articles`, made on this thread; the articles are
    /// freed here.
    pub(super) fn of(articles: Vec<Article>) -> Heads {
        match articles.as_slice() {
            [one] => Heads::One(Head::of(one)),
            many => Heads::Many(many.iter().map(Head::of).collect()),
        }
    }

    pub(super) fn as_slice(&self) -> &[Head] {
        match self {
            Heads::One(head) => std::slice::from_ref(head),
            Heads::Many(heads) => heads,
        }
    }

    pub(super) fn as_mut_slice(&mut self) -> &mut [Head] {
        match self {
            Heads::One(head) => std::slice::from_mut(head),
            Heads::Many(heads) => heads,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Head, Heads};
    use crate::article::{Article, Published};
    use chrono::NaiveDate;

    fn article(id: &str, title: &str, source: Option<&str>) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            published: NaiveDate::from_ymd_opt(2026, 12, 4).map(|d| Published::floating(d, None)),
            views: Some(7),
            source: source.map(Into::into),
            paragraphs: vec!["text".into()],
            link: None,
            author: None,
        }
    }

    #[test]
    fn a_head_gives_back_each_field_of_its_article() {
        for (id, title, source) in [
            ("2020/01/a.txt", "Chiêm Hóa", Some("Báo Tuyên Quang")),
            ("b.txt", "", Some("")),
            ("c.xml#k", "Tiêu đề", None),
            ("", "", None),
        ] {
            let a = article(id, title, source);
            let h = Head::of(&a);
            assert_eq!(
                (h.id(), h.title(), h.source()),
                (id, title, source),
                "{a:?}"
            );
            assert_eq!((h.published, h.views), (a.published, a.views));
        }
    }

    #[test]
    fn heads_keep_every_article_in_order() {
        let one = vec![article("a", "A", None)];
        let mut heads = Heads::of(one);
        assert!(matches!(heads, Heads::One(_)));
        assert_eq!(heads.as_mut_slice().len(), 1);

        let three = vec![
            article("f#2", "B", Some("s")),
            article("f#1", "A", None),
            article("f#3", "C", Some("t")),
        ];
        let mut heads = Heads::of(three);
        let ids: Vec<&str> = heads.as_mut_slice().iter().map(Head::id).collect();
        assert_eq!(ids, ["f#2", "f#1", "f#3"]);
        assert_eq!(Heads::of(Vec::new()).as_mut_slice().len(), 0);
    }
}
