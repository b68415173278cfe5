//! `xemtin show ID`: one article as wrapped text.

use std::io::Write;

use super::Failure;
use crate::app::reader::{Document, ReaderLayout};
use crate::catalog::Catalog;
use crate::i18n::Language;

pub fn run(
    catalog: &mut dyn Catalog,
    id: &str,
    width: u16,
    layout: ReaderLayout,
    lang: Language,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let wanted = id.trim_start_matches("./");
    let article = catalog
        .article(wanted)
        .map_err(|e| Failure::new(format!("{e}: `xemtin list` prints the ids"), 1))?;
    let doc = Document::build(&article, usize::from(width.max(1)), layout, lang, None);
    for line in &doc.lines {
        writeln!(out, "{}", line.text)?;
    }
    Ok(())
}
