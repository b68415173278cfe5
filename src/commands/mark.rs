//! `xemtin mark ID --read|--unread|--star|--unstar`: change the user's
//! marks from scripts; `xemtin mark --all-read [--date] [--source]
//! [--query]`: mark a whole selection read at once.

use std::io::Write;

use super::Failure;
use crate::catalog::{Catalog, Filter};

/// The marks asked for: Some(true) to set, Some(false) to clear.
pub struct Marks {
    pub read: Option<bool>,
    pub starred: Option<bool>,
}

pub fn run(
    catalog: &mut dyn Catalog,
    id: &str,
    marks: &Marks,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if marks.read.is_none() && marks.starred.is_none() {
        return Err(Failure::new(
            "say what to change: --read, --unread, --star or --unstar",
            2,
        ));
    }
    let fail = |e: crate::catalog::CatalogError| {
        Failure::new(format!("{e}: `xemtin list` prints the ids"), 1)
    };
    if let Some(read) = marks.read {
        catalog.set_read(id, read).map_err(fail)?;
    }
    if let Some(starred) = marks.starred {
        catalog.set_starred(id, starred).map_err(fail)?;
    }
    writeln!(out, "{}", crate::ingest::clean::escape_controls(id))?;
    Ok(())
}

/// Mark every unread article the filter matches read, in one transaction
/// (a store: one statement over the filter); prints how many.
pub fn all_read(
    catalog: &mut dyn Catalog,
    filter: &Filter,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let fail = |e: crate::catalog::CatalogError| Failure::new(e.0, 1);
    let ids = catalog.mark_view_read(filter, None).map_err(fail)?;
    writeln!(out, "{} articles marked read", ids.len())?;
    Ok(())
}
