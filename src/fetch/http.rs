//! The downloads themselves: a bounded pool of threads sharing one ureq
//! agent, each feed fetched, checked and saved on its own.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use ureq::Agent;

use super::freshness::{self, DEFAULT_TOO_MANY};
use super::store::{
    FeedKind, FetchState, feed_path, feeds_dir, load_state, save_state, stamp, validate_feed_ttl,
    write_atomic,
};
use super::{FeedEntry, FeedOutcome, FeedResult, FetchEvent, FetchOptions, NextFetch};
use crate::config::{check_feed_name, check_feed_url};

const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, \
                      application/json;q=0.8, */*;q=0.5";

/// Download every feed, `opts.parallel` at a time, into `data_dir` (see the
/// module documentation for the layout). Returns one outcome per feed, in
/// the order given; `progress` hears about each feed as it starts and ends,
/// from the worker threads. A failure of one feed never stops the others,
/// and never replaces a file saved before.
pub fn fetch_all(
    feeds: &[FeedEntry],
    data_dir: &Path,
    opts: &FetchOptions,
    progress: &(dyn Fn(FetchEvent) + Sync),
) -> Vec<FeedOutcome> {
    let total = feeds.len();
    if total == 0 {
        return Vec::new();
    }
    let agent = agent(opts);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<(FeedResult, NextFetch)>>> = Mutex::new(vec![None; total]);
    let workers = opts.parallel.clamp(1, total);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(feed) = feeds.get(index) else { break };
                    progress(FetchEvent::Started {
                        index,
                        total,
                        name: feed.name.clone(),
                    });
                    let mut next = NextFetch::default();
                    let result = catch_unwind(AssertUnwindSafe(|| {
                        fetch_one(&agent, feed, data_dir, opts, &mut next)
                    }))
                    .unwrap_or_else(|_| {
                        FeedResult::Failed("internal error while fetching (a bug)".into())
                    });
                    progress(FetchEvent::Finished {
                        index,
                        total,
                        name: feed.name.clone(),
                        result: result.clone(),
                    });
                    let mut slots = results.lock().unwrap_or_else(|p| p.into_inner());
                    if let Some(slot) = slots.get_mut(index) {
                        *slot = Some((result, next));
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    feeds
        .iter()
        .zip(results)
        .map(|(feed, result)| {
            let (result, next) = result.unwrap_or_else(|| {
                let why = "not fetched (a worker stopped)";
                (FeedResult::Failed(why.into()), NextFetch::default())
            });
            FeedOutcome {
                name: feed.name.clone(),
                url: feed.url.clone(),
                result,
                next,
            }
        })
        .collect()
}

fn agent(opts: &FetchOptions) -> Agent {
    let mut builder = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(opts.max_redirects)
        .user_agent(opts.user_agent.as_str())
        .timeout_global(Some(opts.timeout))
        .timeout_connect(Some(opts.connect_timeout.min(opts.timeout)));
    if !opts.proxy_from_env {
        builder = builder.proxy(None);
    }
    Agent::new_with_config(builder.build())
}

/// A header value we can send back as it came: visible ASCII and spaces.
fn sendable(v: &str) -> bool {
    !v.is_empty() && v.len() < 1024 && v.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn seconds(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

fn megabytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{bytes} bytes")
    }
}

fn too_big(max: u64) -> FeedResult {
    FeedResult::Failed(format!(
        "the response is larger than the {} limit; nothing was saved",
        megabytes(max)
    ))
}

fn describe(e: ureq::Error, opts: &FetchOptions) -> String {
    use ureq::{Error, Timeout};
    match e {
        Error::Timeout(Timeout::Connect) => {
            format!(
                "could not connect within {}",
                seconds(opts.connect_timeout.min(opts.timeout))
            )
        }
        Error::Timeout(Timeout::Resolve) => "looking up the host name timed out".into(),
        Error::Timeout(_) => format!("timed out after {}", seconds(opts.timeout)),
        Error::HostNotFound => "host not found".into(),
        Error::ConnectionFailed => "could not connect".into(),
        Error::TooManyRedirects => format!("more than {} redirects", opts.max_redirects),
        Error::RedirectFailed => "a redirect could not be followed".into(),
        Error::BadUri(s) => format!("bad address: {s}"),
        Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            std::io::ErrorKind::ConnectionReset => "the connection was reset".into(),
            std::io::ErrorKind::TimedOut => format!("timed out after {}", seconds(opts.timeout)),
            std::io::ErrorKind::UnexpectedEof => {
                "the connection closed before the response was complete".into()
            }
            _ => io.to_string(),
        },
        other => other.to_string(),
    }
}

/// Read at most `max` bytes; `None` when there is more.
fn read_capped(reader: impl Read, max: u64, hint: Option<u64>) -> std::io::Result<Option<Vec<u8>>> {
    let start = hint.unwrap_or(64 * 1024).min(max).min(1024 * 1024);
    let mut buf = Vec::with_capacity(usize::try_from(start).unwrap_or(0));
    reader.take(max.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= max).then_some(buf))
}

/// Download one feed; `next` learns what the server said about asking
/// again, which is also kept in the feed's bookkeeping.
fn fetch_one(
    agent: &Agent,
    feed: &FeedEntry,
    data_dir: &Path,
    opts: &FetchOptions,
    next: &mut NextFetch,
) -> FeedResult {
    if let Err(why) = check_feed_url(&feed.url) {
        return FeedResult::Failed(format!("the address {why}"));
    }
    if check_feed_name(&feed.name).is_err() {
        return FeedResult::Failed(format!(
            "\"{}\" cannot name a file; give the feed another name",
            feed.name
        ));
    }
    // Validators only count while the file they describe is still there.
    let state = load_state(data_dir, &feed.name)
        .filter(|s| s.url == feed.url)
        .filter(|s| {
            s.file
                .as_ref()
                .is_some_and(|f| feeds_dir(data_dir).join(f).is_file())
        });
    let mut request = agent.get(&feed.url).header("Accept", ACCEPT);
    let mut conditional = false;
    if let Some(s) = &state {
        if let Some(etag) = s.etag.as_deref().filter(|v| sendable(v)) {
            request = request.header("If-None-Match", etag);
            conditional = true;
        }
        if let Some(lm) = s.last_modified.as_deref().filter(|v| sendable(v)) {
            request = request.header("If-Modified-Since", lm);
            conditional = true;
        }
    }
    let mut response = match request.call() {
        Ok(r) => r,
        Err(e) => return FeedResult::Failed(describe(e, opts)),
    };
    let status = response.status();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let etag = header("etag").filter(|v| sendable(v));
    let last_modified = header("last-modified").filter(|v| sendable(v));
    let content_type = header("content-type");
    let content_length = header("content-length").and_then(|v| v.trim().parse::<u64>().ok());
    let now = SystemTime::now();
    let max_age = header("cache-control").and_then(|v| freshness::max_age(&v));

    if status.as_u16() == 304 {
        let Some(mut state) = state.filter(|_| conditional) else {
            return FeedResult::Failed(
                "the server answered 304 Not Modified to a request that was not conditional".into(),
            );
        };
        // a server may hand out new validators with a 304, and a new max-age
        next.fresh_for = freshness::fresh_for(max_age, None);
        let fresh_until = next.fresh_for.map(|d| stamp(now + d));
        if etag.is_some() || last_modified.is_some() || state.fresh_until != fresh_until {
            state.etag = etag.or(state.etag);
            state.last_modified = last_modified.or(state.last_modified);
            state.fresh_until = fresh_until;
            state.retry_at = None;
            let _ = save_state(data_dir, &feed.name, &state);
        }
        return FeedResult::NotModified;
    }
    if matches!(status.as_u16(), 429 | 503) {
        let asked = header("retry-after")
            .and_then(|v| freshness::retry_after(&v, header("date").as_deref(), now));
        let wait = match status.as_u16() {
            429 => asked.or(Some(DEFAULT_TOO_MANY)),
            _ => asked,
        };
        if let Some(wait) = wait {
            next.retry_after = Some(wait);
            remember_retry(data_dir, feed, now + wait);
        }
    }
    if !status.is_success() {
        let reason = status.canonical_reason().unwrap_or("");
        return FeedResult::Failed(
            format!("HTTP {} {reason}", status.as_u16())
                .trim_end()
                .into(),
        );
    }
    if content_length.is_some_and(|len| len > opts.max_bytes) {
        return too_big(opts.max_bytes);
    }
    let body = match read_capped(
        response.body_mut().as_reader(),
        opts.max_bytes,
        content_length,
    ) {
        Ok(Some(body)) => body,
        Ok(None) => return too_big(opts.max_bytes),
        Err(e) => return FeedResult::Failed(describe(ureq::Error::from(e), opts)),
    };
    let body = super::charset::apply_http_charset(body, content_type.as_deref());
    let kind = FeedKind::detect(content_type.as_deref(), &body);
    let ttl = match validate_feed_ttl(&body, kind) {
        Ok(ttl) => ttl,
        Err(why) => return invalid(data_dir, feed, why),
    };
    let path = feed_path(data_dir, &feed.name, kind);
    if let Err(e) = write_atomic(&path, &body) {
        return FeedResult::Failed(format!("could not save {}: {e}", path.display()));
    }
    // the feed changed format: drop the copy in the other one
    let other = match kind {
        FeedKind::Xml => FeedKind::Json,
        FeedKind::Json => FeedKind::Xml,
    };
    let _ = std::fs::remove_file(feed_path(data_dir, &feed.name, other));
    let new_state = FetchState {
        url: feed.url.clone(),
        etag,
        last_modified,
        file: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        saved_at: Some(stamp(now)),
        retry_at: None,
        fresh_until: None,
    };
    next.fresh_for = freshness::fresh_for(max_age, ttl);
    let new_state = FetchState {
        fresh_until: next.fresh_for.map(|d| stamp(now + d)),
        ..new_state
    };
    if let Err(e) = save_state(data_dir, &feed.name, &new_state) {
        return FeedResult::Failed(format!(
            "saved {}, but could not record its ETag and date ({e}); the next fetch downloads it again",
            path.display()
        ));
    }
    FeedResult::Updated {
        bytes: body.len() as u64,
    }
}

/// A download that is no feed: nothing replaced, and say whether a copy
/// from before is kept.
fn invalid(data_dir: &Path, feed: &FeedEntry, why: String) -> FeedResult {
    let saved = [FeedKind::Xml, FeedKind::Json]
        .into_iter()
        .any(|k| feed_path(data_dir, &feed.name, k).is_file());
    let kept = if saved {
        "; the saved copy was kept"
    } else {
        ""
    };
    FeedResult::Failed(format!("{why}{kept}"))
}

/// Keep the server's "not before" in the feed's bookkeeping, beside what
/// conditional GET needs (a bookkeeping for another address starts again).
fn remember_retry(data_dir: &Path, feed: &FeedEntry, at: SystemTime) {
    let mut state = load_state(data_dir, &feed.name)
        .filter(|s| s.url == feed.url)
        .unwrap_or_else(|| FetchState {
            url: feed.url.clone(),
            ..FetchState::default()
        });
    state.retry_at = Some(stamp(at));
    let _ = save_state(data_dir, &feed.name, &state);
}
