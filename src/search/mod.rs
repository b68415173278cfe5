//! Full-text search: the query language ([`query`]) and its in-memory
//! matching, and highlighting of hits in the original text
//! ([`mod@highlight`]).
//!
//! # The index this expects
//!
//! The store's full-text index (`store::text_index`) holds
//! [`crate::fold::index_text`] of each original field (title, body, source)
//! split on whitespace: the tokens are exactly the ones
//! [`crate::fold::tokens`] gives for queries (a run of CJK ideographs is
//! one token per ideograph; letters of any Unicode version), so no
//! tokenizer of the index decides what a word is. Queries ask it for those
//! tokens, never in a query syntax of its own. Its tests run queries on
//! such an index and compare with [`Query::matches`]
//! (`xemtin::store::search_texts`).

pub mod highlight;
pub mod query;

pub use highlight::{highlight, highlight_column};
pub use query::{Field, Query, Term, TermKind, parse};

/// A column of an article, for [`Field::covers`] and [`highlight_column`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Title,
    Body,
    Source,
}
