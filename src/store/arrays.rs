//! Many ids handed to one statement through SQLite's `rarray()` table
//! function (loaded on every connection, `index::configure`), sorted so
//! that the rows they reach are visited in key order rather than
//! scattered, and each once.

use std::rc::Rc;

use rusqlite::types::Value;

/// Text ids (article ids) in byte order, as SQLite compares text.
pub(crate) fn id_array<'a>(ids: impl IntoIterator<Item = &'a str>) -> Rc<Vec<Value>> {
    let mut sorted: Vec<&str> = ids.into_iter().collect();
    sorted.sort_unstable();
    sorted.dedup();
    Rc::new(
        sorted
            .into_iter()
            .map(|id| Value::Text(id.to_owned()))
            .collect(),
    )
}

/// Rowids in table order.
pub(crate) fn rowid_array(rowids: impl IntoIterator<Item = i64>) -> Rc<Vec<Value>> {
    let mut sorted: Vec<i64> = rowids.into_iter().collect();
    sorted.sort_unstable();
    sorted.dedup();
    Rc::new(sorted.into_iter().map(Value::Integer).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_sorted_and_hold_each_id_once() {
        assert_eq!(
            *id_array(["b", "a", "b"]),
            [Value::Text("a".into()), Value::Text("b".into())]
        );
        assert_eq!(
            *rowid_array([3, 1, 3, 2]),
            [Value::Integer(1), Value::Integer(2), Value::Integer(3)]
        );
    }
}
