//! Fuzz targets for every parser that reads input xemtin does not control,
//! with proptest as the engine (cargo-fuzz needs nightly). TESTING.md lists
//! the targets, their generators and what the long runs found.
//!
//! Each target (a module below) has:
//!
//! - a `check(name, bytes)` that runs the parser and asserts what must hold
//!   whatever the input (no panic, clean output, positions inside the input);
//! - proptest runs over arbitrary bytes or strings, a grammar of the format,
//!   and mutations of real inputs (the seed pages in `data/`, the fixtures in
//!   `tests/fixtures/{messy,formats}`, `tests/config/*`, `config.toml`);
//! - its committed corpus of nasty cases under `tests/fuzz_corpus/<target>/`,
//!   run by [`corpus::every_target_over_its_corpus`].
//!
//! Every case runs under a watchdog ([`harness::Watchdog`]): a case that runs
//! longer than `XEMTIN_FUZZ_CASE_SECS` (default 20 s in a debug build) ends
//! the test process with the input written to a file, since a hang cannot be
//! unwound like a panic.
//!
//! Case counts: each proptest run uses a small default (60 to 400 cases, so
//! the whole binary takes about 35 s of a debug `cargo test` on 2 cores)
//! unless `XEMTIN_FUZZ_CASES=N` is set:
//!
//! ```sh
//! XEMTIN_FUZZ_CASES=20000 cargo test --release --test fuzz -- --test-threads 1
//! ```
//!
//! A failing input (shrunk by proptest) is saved under
//! `$CARGO_TARGET_TMPDIR/fuzz-failures/`; once fixed, move it into the
//! target's corpus folder so it is checked on every run.

mod harness;
mod mutate;

mod config;
mod corpus;
mod dates;
mod encoding;
mod formats;
mod keys;
mod page;
mod search;
