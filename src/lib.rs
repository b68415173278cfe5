//! xemtin: a keyboard-driven terminal browser for news articles.
//!
//! Data flows one way: `ingest` turns files into [`article::Article`]s,
//! `app` holds the state and updates it from [`action::Action`]s, and `ui`
//! draws that state without changing it. See `docs/ARCHITECTURE.md`.

// `unsafe` only where a C interface has no safe wrapper: `memory`
// (`malloc_trim`, `setpriority`), allowing it for itself with its SAFETY
// comments.
#![deny(unsafe_code)]
// Input never panics the program: no `unwrap` outside tests (`?`, `let else`,
// a default, or `expect` naming why the value is always there).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod action;
pub mod addresses;
pub mod app;
pub mod article;
pub mod calendar;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod datefmt;
pub mod dates;
pub mod effects;
pub mod fetch;
pub mod fold;
pub mod i18n;
pub mod ingest;
pub mod jobs;
pub mod keyhelp;
pub mod keymap;
pub mod launch;
pub mod links;
pub mod memory;
pub mod osc;
pub mod paint;
pub mod run_tui;
pub mod search;
pub mod session;
pub mod store;
pub mod term;
pub mod textfit;
pub mod tui;
pub mod ui;
pub mod wire;
pub mod wrap;
pub mod zone;
