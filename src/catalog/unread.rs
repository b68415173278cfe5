//! Finding the next or previous unread article of a list, asking the
//! catalog for windows that double in size, so a long run of read
//! articles costs a few questions, not one per screen.

use super::{Catalog, Filter, Result};

/// The first window asked for; each next one is twice as long, up to [`MAX_CHUNK`].
const FIRST_CHUNK: usize = 64;
const MAX_CHUNK: usize = 1 << 16;

/// The position of the nearest unread article after `from` (`forward`) or
/// before it, among the rows `filter` matches; None when there is none in
/// that direction (the list does not wrap).
pub fn find_unread(
    catalog: &mut dyn Catalog,
    filter: &Filter,
    from: usize,
    forward: bool,
) -> Result<Option<usize>> {
    let mut chunk = FIRST_CHUNK;
    if forward {
        let mut start = from.saturating_add(1);
        loop {
            let rows = catalog.window(filter, start, chunk)?;
            if let Some(i) = rows.iter().position(|s| !s.read) {
                return Ok(Some(start + i));
            }
            if rows.len() < chunk {
                return Ok(None);
            }
            start = start.saturating_add(chunk);
            chunk = (chunk * 2).min(MAX_CHUNK);
        }
    }
    let mut end = from;
    while end > 0 {
        let start = end.saturating_sub(chunk);
        let rows = catalog.window(filter, start, end - start)?;
        if let Some(i) = rows.iter().rposition(|s| !s.read) {
            return Ok(Some(start + i));
        }
        end = start;
        chunk = (chunk * 2).min(MAX_CHUNK);
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Published};
    use crate::catalog::Memory;
    use chrono::NaiveDate;

    fn catalog(n: usize) -> Memory {
        let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        Memory::new(
            (0..n)
                .map(|i| Article {
                    id: format!("{i:05}"),
                    title: format!("t{i}"),
                    published: Some(Published {
                        date: day + chrono::Days::new(i as u64),
                        time: None,
                        instant: None,
                    }),
                    views: None,
                    source: None,
                    paragraphs: vec![],
                    link: None,
                    author: None,
                })
                .collect(),
        )
    }

    #[test]
    fn finds_unread_across_many_windows_and_stops_at_the_ends() {
        let mut c = catalog(500);
        let f = Filter::default();
        // newest first: position p is article 499 - p; read all but 3 rows
        let unread = [3usize, 200, 450];
        for p in 0..500 {
            if !unread.contains(&p) {
                c.set_read(&format!("{:05}", 499 - p), true).unwrap();
            }
        }
        assert_eq!(find_unread(&mut c, &f, 0, true).unwrap(), Some(3));
        assert_eq!(find_unread(&mut c, &f, 3, true).unwrap(), Some(200));
        assert_eq!(find_unread(&mut c, &f, 200, true).unwrap(), Some(450));
        assert_eq!(find_unread(&mut c, &f, 450, true).unwrap(), None);
        assert_eq!(find_unread(&mut c, &f, 499, false).unwrap(), Some(450));
        assert_eq!(find_unread(&mut c, &f, 450, false).unwrap(), Some(200));
        assert_eq!(find_unread(&mut c, &f, 200, false).unwrap(), Some(3));
        assert_eq!(find_unread(&mut c, &f, 3, false).unwrap(), None);
        assert_eq!(find_unread(&mut c, &f, 0, false).unwrap(), None);
        assert_eq!(find_unread(&mut c, &f, usize::MAX, true).unwrap(), None);
    }
}
