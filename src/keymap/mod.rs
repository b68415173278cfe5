//! Key syntax, per-context bindings and the resolver for key sequences.
//!
//! - [`key`]: [`Key`] with one canonical spelling (`C-d`, `S-tab`, `space`),
//!   sequences (`"g g"`) and translation from crossterm events.
//! - [`map`]: [`Keymap`], one table per [`Context`], merged over the global
//!   table at lookup time.
//! - [`resolver`]: [`Resolver`], which feeds keys through multi-key
//!   sequences with a timeout and Esc to cancel.

pub mod key;
pub mod map;
pub mod resolver;

pub use key::{Key, KeyCode, KeyError, Mods, display_sequence, from_crossterm, parse_sequence};
pub use map::{Context, Keymap, Lookup, UnknownContext};
pub use resolver::{Outcome, Resolver};
