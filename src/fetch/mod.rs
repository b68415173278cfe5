//! Downloading the `[[feeds]]` of the configuration into the data folder, and
//! OPML import and export.
//!
//! Layout in the data folder:
//!
//! ```text
//! feeds/<name>.xml            the last good download of each feed (.json for JSON Feed)
//! .xemtin-fetch/<name>.json   ETag, Last-Modified and the address it was fetched from
//! ```
//!
//! Both are written to a temporary file in the same folder and renamed over
//! the old one, so a reader never sees half a file and a failed, partial,
//! oversized or malformed download never replaces good data. The bookkeeping
//! folder starts with a dot, so the article scan skips it, and so do the
//! temporary files.
//!
//! HTTP lives behind the default cargo feature `http` ([`fetch_all`]); the
//! rest (OPML, appending feeds to a config file, the types) is always built.

mod append;
#[cfg(feature = "http")]
mod charset;
#[cfg(feature = "http")]
pub mod freshness;
#[cfg(feature = "http")]
mod http;
mod opml;
mod schedule;
mod store;

use std::time::Duration;

pub use crate::config::FeedEntry;
pub use append::append_feeds_to_config;
#[cfg(feature = "http")]
pub use http::fetch_all;
pub use opml::{OpmlImport, OpmlOutline, export_opml, parse_opml, parse_opml_detailed};
pub use schedule::Schedule;
pub use store::{
    FeedKind, Holds, STATE_DIR, feed_path, feeds_dir, holds, validate_feed, write_atomic,
};

/// How [`fetch_all`] downloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Feeds downloaded at the same time (at least 1).
    pub parallel: usize,
    /// Longest a whole download may take, from connecting to the last byte,
    /// redirects included.
    pub timeout: Duration,
    /// Longest connecting may take (within `timeout`).
    pub connect_timeout: Duration,
    /// Largest body accepted, in bytes; a bigger one is reported and not saved.
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Use the proxy named by `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` (and
    /// `NO_PROXY`). Tests turn this off so nothing leaves 127.0.0.1.
    pub proxy_from_env: bool,
}

/// `xemtin/<version>`
pub const USER_AGENT: &str = concat!("xemtin/", env!("CARGO_PKG_VERSION"));

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            parallel: 4,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            user_agent: USER_AGENT.to_string(),
            proxy_from_env: true,
        }
    }
}

/// What became of one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOutcome {
    pub name: String,
    pub url: String,
    pub result: FeedResult,
    /// What the server said about asking again.
    pub next: NextFetch,
}

/// What a server said about fetching a feed again (also kept in the
/// feed's bookkeeping, see [`holds`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NextFetch {
    /// HTTP 429 or 503: wait this long before asking again (its
    /// `Retry-After`, or 15 minutes after a 429 that does not say).
    pub retry_after: Option<Duration>,
    /// `Cache-Control: max-age` or the feed's `<ttl>`, the longer: the copy
    /// is fresh this long.
    pub fresh_for: Option<Duration>,
}

/// The result of downloading one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedResult {
    /// A new copy was saved; `bytes` is its size.
    Updated { bytes: u64 },
    /// The server said the copy we have is current (304); nothing was written.
    NotModified,
    /// Nothing was replaced; the message says why, in a sentence fragment such
    /// as `HTTP 500 Internal Server Error` or `timed out after 30 s`.
    Failed(String),
}

impl FeedResult {
    pub fn is_failed(&self) -> bool {
        matches!(self, FeedResult::Failed(_))
    }
}

/// Progress of [`fetch_all`], reported from the worker threads as it happens.
/// `index` is the feed's position in the list given, `total` its length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchEvent {
    Started {
        index: usize,
        total: usize,
        name: String,
    },
    Finished {
        index: usize,
        total: usize,
        name: String,
        result: FeedResult,
    },
}
