//! The downloads themselves: a bounded pool of threads sharing one ureq
//! agent, each feed fetched, checked and saved on its own.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ureq::Agent;

use super::store::{
    FeedKind, FetchState, feed_path, feeds_dir, load_state, save_state, validate_feed, write_atomic,
};
use super::{FeedEntry, FeedOutcome, FeedResult, FetchEvent, FetchOptions};
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
    let results: Mutex<Vec<Option<FeedResult>>> = Mutex::new(vec![None; total]);
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
                    let result =
                        catch_unwind(AssertUnwindSafe(|| fetch_one(&agent, feed, data_dir, opts)))
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
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    feeds
        .iter()
        .zip(results)
        .map(|(feed, result)| FeedOutcome {
            name: feed.name.clone(),
            url: feed.url.clone(),
            result: result
                .unwrap_or_else(|| FeedResult::Failed("not fetched (a worker stopped)".into())),
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

fn fetch_one(agent: &Agent, feed: &FeedEntry, data_dir: &Path, opts: &FetchOptions) -> FeedResult {
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

    if status.as_u16() == 304 {
        let Some(mut state) = state.filter(|_| conditional) else {
            return FeedResult::Failed(
                "the server answered 304 Not Modified to a request that was not conditional".into(),
            );
        };
        // a server may hand out new validators with a 304
        if etag.is_some() || last_modified.is_some() {
            state.etag = etag.or(state.etag);
            state.last_modified = last_modified.or(state.last_modified);
            let _ = save_state(data_dir, &feed.name, &state);
        }
        return FeedResult::NotModified;
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
    if let Err(why) = validate_feed(&body, kind) {
        let saved = [FeedKind::Xml, FeedKind::Json]
            .into_iter()
            .any(|k| feed_path(data_dir, &feed.name, k).is_file());
        let kept = if saved {
            "; the saved copy was kept"
        } else {
            ""
        };
        return FeedResult::Failed(format!("{why}{kept}"));
    }
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
        saved_at: Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
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
