//! The last position (filter, selection, open article), saved in the user
//! state on the way out and restored on the next start.

use crate::app::App;
use crate::catalog::{Catalog, Filter};
use crate::dates::DateFilter;

/// Where the user was: what `App::restore` needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    pub filter: Filter,
    pub selected: Option<String>,
    pub reading: Option<String>,
}

/// Small key/value storage for the position (the store's session table).
pub trait SessionStore {
    fn get(&mut self, key: &str) -> Option<String>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
}

const KEYS: [&str; 7] = [
    "dates",
    "source",
    "unread_only",
    "starred_only",
    "text",
    "selected",
    "reading",
];

impl Position {
    pub fn of(app: &App) -> Position {
        Position {
            filter: app.filter().clone(),
            selected: app.list().selected_row().map(|s| s.id.clone()),
            reading: app.reader().map(|r| r.article.id.clone()),
        }
    }

    fn values(&self) -> [String; 7] {
        let f = &self.filter;
        [
            f.dates.map(|d| d.label()).unwrap_or_default(),
            f.source.clone().unwrap_or_default(),
            f.unread_only.to_string(),
            f.starred_only.to_string(),
            f.text.clone().unwrap_or_default(),
            self.selected.clone().unwrap_or_default(),
            self.reading.clone().unwrap_or_default(),
        ]
    }

    pub fn save(&self, store: &mut dyn SessionStore) -> Result<(), String> {
        for (key, value) in KEYS.iter().zip(self.values()) {
            store.set(&format!("position.{key}"), &value)?;
        }
        Ok(())
    }

    /// The saved position; anything missing or unreadable is left at its default.
    pub fn load(store: &mut dyn SessionStore, today: chrono::NaiveDate) -> Position {
        let mut get = |key: &str| {
            store
                .get(&format!("position.{key}"))
                .filter(|v| !v.is_empty())
        };
        let dates = get("dates").and_then(|d| DateFilter::parse(&d, today).ok());
        let source = get("source");
        let unread_only = get("unread_only").is_some_and(|v| v == "true");
        let starred_only = get("starred_only").is_some_and(|v| v == "true");
        let text = get("text");
        let by_relevance = text.is_some();
        Position {
            filter: Filter {
                dates,
                source,
                unread_only,
                starred_only,
                text,
                by_relevance,
                ..Filter::default()
            },
            selected: get("selected"),
            reading: get("reading"),
        }
    }

    /// Put the App where this position says, as far as the catalog still
    /// has it.
    pub fn restore(&self, app: &mut App, catalog: &mut dyn Catalog) {
        app.restore(
            self.filter.clone(),
            self.selected.as_deref(),
            self.reading.as_deref(),
            catalog,
        );
    }
}

/// Each data folder keeps its own position.
impl SessionStore for crate::store::Store {
    fn get(&mut self, key: &str) -> Option<String> {
        let key = self.folder_session_key(key);
        self.session_get(&key)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let key = self.folder_session_key(key);
        self.session_set(&key, value).map_err(|e| e.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Map(HashMap<String, String>);

    impl SessionStore for Map {
        fn get(&mut self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
            self.0.insert(key.to_string(), value.to_string());
            Ok(())
        }
    }

    #[test]
    fn position_round_trips() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let p = Position {
            filter: Filter {
                dates: Some(DateFilter::Month {
                    year: 2026,
                    month: 10,
                }),
                source: Some("Báo Tân Lâm Online".into()),
                unread_only: true,
                starred_only: false,
                text: Some("chiem hoa".into()),
                by_relevance: true,
                ..Filter::default()
            },
            selected: Some("2026/10/a.txt".into()),
            reading: None,
        };
        let mut store = Map::default();
        p.save(&mut store).unwrap();
        assert_eq!(Position::load(&mut store, today), p);
        assert_eq!(
            Position::load(&mut Map::default(), today),
            Position::default()
        );
        store.0.insert("position.dates".into(), "garbage".into());
        assert_eq!(Position::load(&mut store, today).filter.dates, None);
    }

    #[test]
    fn each_data_folder_keeps_its_own_position() {
        use crate::store::{Store, StorePaths};
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        // two data folders, one state file (the user's), two indexes
        let open = |name: &str| {
            let root = tmp.path().join(name);
            std::fs::create_dir_all(&root).unwrap();
            let paths =
                StorePaths::in_folders(&tmp.path().join("cache"), &tmp.path().join("share"), &root);
            Store::open(&paths, &root).unwrap().0
        };
        let searched = Position {
            filter: Filter {
                text: Some("zen of python".into()),
                by_relevance: true,
                ..Filter::default()
            },
            selected: Some("pep-0020.rst".into()),
            reading: None,
        };
        searched.save(&mut open("peps")).unwrap();
        assert_eq!(
            Position::load(&mut open("news"), today),
            Position::default()
        );
        assert_eq!(Position::load(&mut open("peps"), today), searched);
        // the same folder by another spelling is the same folder
        let again = tmp.path().join("news").join("..").join("peps");
        let paths =
            StorePaths::in_folders(&tmp.path().join("cache"), &tmp.path().join("share"), &again);
        let mut store = Store::open(&paths, &again).unwrap().0;
        assert_eq!(Position::load(&mut store, today), searched);
    }
}
