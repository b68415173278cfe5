//! The state's schema steps: a version 2 file (with `marks_read`) comes to
//! version 3 keeping every mark and session value.

use rusqlite::Connection;

use super::*;

/// A state file as a version 2 build left it: marks (read, starred, both,
/// opened), a session value, the change counter.
fn state_at_version_2(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(V1).unwrap();
    conn.execute_batch(V2).unwrap();
    conn.execute_batch(
        "INSERT INTO meta (key, value) VALUES ('state_id', 'f00'), ('changes', 7);
         INSERT INTO marks (id, read, starred, opened_at) VALUES
            ('a.txt', 1, 0, '2026-12-01T08:00:00Z'), ('b.txt', 0, 1, NULL),
            ('c.txt', 1, 1, NULL), ('d.txt', 0, 0, NULL);
         INSERT INTO session (key, value) VALUES ('last', 'c.txt');",
    )
    .unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
}

fn objects(conn: &Connection) -> Vec<String> {
    conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn a_state_of_version_2_loses_marks_read_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    state_at_version_2(&path);
    let before = Connection::open(&path).unwrap();
    assert_eq!(objects(&before), ["marks_read", "marks_starred"]);
    drop(before);

    prepare(&path, false).unwrap();

    let conn = Connection::open(&path).unwrap();
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, VERSION);
    assert_eq!(objects(&conn), ["marks_starred"]);
    let marks: Vec<(String, bool, bool, Option<String>)> = conn
        .prepare("SELECT id, read, starred, opened_at FROM marks ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let m = |id: &str, read, starred, opened: Option<&str>| {
        (id.to_string(), read, starred, opened.map(String::from))
    };
    assert_eq!(
        marks,
        [
            m("a.txt", true, false, Some("2026-12-01T08:00:00Z")),
            m("b.txt", false, true, None),
            m("c.txt", true, true, None),
            m("d.txt", false, false, None),
        ]
    );
    let meta: Vec<(String, String)> = conn
        .prepare("SELECT key, CAST(value AS TEXT) FROM meta ORDER BY key")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(meta, [kv("changes", "7"), kv("state_id", "f00")]);
    let last: String = conn
        .query_row("SELECT value FROM session WHERE key = 'last'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(last, "c.txt");
    // the read marks are still found without it (the mirror's refresh)
    let read: Vec<String> = conn
        .prepare("SELECT id FROM marks WHERE read = 1 ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read, ["a.txt", "c.txt"]);
}

#[test]
fn a_fresh_state_has_no_marks_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    prepare(&path, true).unwrap();
    let conn = Connection::open(&path).unwrap();
    assert_eq!(objects(&conn), ["marks_starred"]);
}
