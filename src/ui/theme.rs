//! Styles for every part of the screen come from `[theme]` in config.toml.

pub use crate::config::Theme;
