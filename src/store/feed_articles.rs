//! Which articles the index holds from given files, asked by the fetcher
//! before and after a fetch so that "12 new" counts the articles its feeds
//! brought, whichever sync took them in (the sync of a start may read a
//! feed saved meanwhile, and a fetch's sync during a first index takes in
//! the whole archive).

use std::collections::HashSet;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::index::BUSY_WAIT;

/// The ids of the articles read from `files` (paths relative to the data
/// folder, `/`-separated, as the index keeps them). Empty when the index
/// does not exist yet or cannot be read: every article of the feed then
/// counts as new, which is what a first index makes of it too.
pub fn articles_of_files(index: &Path, files: &[String]) -> HashSet<String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(index, flags) else {
        return HashSet::new();
    };
    ids_of_files(&conn, files).unwrap_or_default()
}

fn ids_of_files(conn: &Connection, files: &[String]) -> rusqlite::Result<HashSet<String>> {
    conn.busy_timeout(BUSY_WAIT)?;
    let mut stmt = conn.prepare("SELECT id FROM articles WHERE file = ?1")?;
    let mut ids = HashSet::new();
    for file in files {
        let rows = stmt.query_map([file], |r| r.get::<_, String>(0))?;
        for id in rows {
            ids.insert(id?);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_of_the_named_files_only_and_none_without_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index.sqlite");
        let none = articles_of_files(&index, &["feeds/a.xml".into()]);
        assert!(none.is_empty());
        assert!(!index.exists(), "asking must not create the index");
        let conn = Connection::open(&index).unwrap();
        conn.execute_batch(
            "CREATE TABLE articles (id TEXT PRIMARY KEY, file TEXT);
             INSERT INTO articles VALUES ('feeds/a.xml#1', 'feeds/a.xml'),
               ('feeds/a.xml#2', 'feeds/a.xml'), ('feeds/b.xml#1', 'feeds/b.xml'),
               ('2020/x.txt', NULL);",
        )
        .unwrap();
        let ids = articles_of_files(&index, &["feeds/a.xml".into(), "feeds/a.json".into()]);
        let mut ids: Vec<String> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["feeds/a.xml#1", "feeds/a.xml#2"]);
    }
}
