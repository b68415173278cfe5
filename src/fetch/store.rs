//! Where feeds are saved, the per-feed bookkeeping, atomic writes, and the
//! check that a download is a feed. No network here.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

/// The folder, under the data folder, that holds what conditional GET needs.
/// Hidden, so the article scan skips it.
pub const STATE_DIR: &str = ".xemtin-fetch";

/// `data_dir/feeds`
pub fn feeds_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("feeds")
}

/// What a download holds, which decides the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// RSS, Atom or RDF: `.xml`
    Xml,
    /// JSON Feed: `.json`
    Json,
}

impl FeedKind {
    pub fn extension(self) -> &'static str {
        match self {
            FeedKind::Xml => "xml",
            FeedKind::Json => "json",
        }
    }

    /// JSON when the content type says so or the body starts with `{`
    /// (after a byte order mark and white space); XML otherwise.
    pub fn detect(content_type: Option<&str>, body: &[u8]) -> FeedKind {
        let ct_json = content_type.is_some_and(|ct| {
            let ct = ct.to_ascii_lowercase();
            ct.split(';')
                .next()
                .is_some_and(|m| m.trim().ends_with("json"))
        });
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let first = body.iter().find(|b| !b.is_ascii_whitespace());
        match first {
            Some(b'{') => FeedKind::Json,
            Some(b'<') => FeedKind::Xml,
            _ if ct_json => FeedKind::Json,
            _ => FeedKind::Xml,
        }
    }
}

/// `data_dir/feeds/<name>.<xml|json>`
pub fn feed_path(data_dir: &Path, name: &str, kind: FeedKind) -> PathBuf {
    feeds_dir(data_dir).join(format!("{name}.{}", kind.extension()))
}

/// Check that `body` is a whole RSS, Atom or JSON feed. The message is a
/// fragment such as `not a feed: no root element`.
pub fn validate_feed(body: &[u8], kind: FeedKind) -> Result<(), String> {
    validate_feed_ttl(body, kind).map(|_| ())
}

/// [`validate_feed`], giving the feed's RSS `<ttl>` (minutes) if it has one.
pub(crate) fn validate_feed_ttl(body: &[u8], kind: FeedKind) -> Result<Option<u32>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("the response is empty".into());
    }
    let decoded = crate::ingest::encoding::decode(body).map_err(|n| n.message)?;
    let ttl = crate::ingest::feed::check_feed_ttl(&decoded.text).map_err(|m| {
        if m.starts_with("not a feed") {
            m
        } else {
            format!("not a feed: {m}")
        }
    })?;
    if kind == FeedKind::Xml {
        check_xml_ends(body)?;
    }
    Ok(ttl)
}

/// A parser can accept a document cut short; a whole one ends by closing the
/// element it opened first.
fn check_xml_ends(body: &[u8]) -> Result<(), String> {
    let text = match encoding_rs::Encoding::for_bom(body) {
        Some((encoding, _)) => encoding.decode_with_bom_removal(body).0,
        None => String::from_utf8_lossy(body),
    };
    if text.contains('\0') {
        // UTF-16 without a byte order mark: the parser's word is all we have
        return Ok(());
    }
    let root = root_element(&text).ok_or("not a feed: no root element")?;
    let mut end = text.trim_end_matches(|c: char| c.is_whitespace() || c == '\0');
    // trailing comments and processing instructions may follow the root
    loop {
        if end.ends_with("-->") {
            match end.rfind("<!--") {
                Some(i) => end = end[..i].trim_end(),
                None => break,
            }
        } else if end.ends_with("?>") {
            match end.rfind("<?") {
                Some(i) => end = end[..i].trim_end(),
                None => break,
            }
        } else {
            break;
        }
    }
    let closed = end
        .strip_suffix('>')
        .and_then(|e| e.rfind("</").map(|i| &e[i + 2..]))
        .is_some_and(|tag| tag.trim_end() == root);
    if closed {
        Ok(())
    } else {
        Err(format!(
            "the XML is cut short: it never closes <{root}> (a partial download?)"
        ))
    }
}

/// The name of the first element of an XML document, past its declaration,
/// comments, processing instructions and doctype.
fn root_element(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        let i = rest.find('<')?;
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else {
            let name = &rest[1..];
            let end = name
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(name.len());
            let name = &name[..end];
            return (!name.is_empty()).then_some(name);
        }
    }
}

#[cfg_attr(not(feature = "http"), allow(dead_code))]
/// What conditional GET needs, kept in `.xemtin-fetch/<name>.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FetchState {
    /// The address the validators belong to; a feed whose address changed
    /// starts again.
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The file name saved under `feeds/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// When the file was last saved (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_at: Option<String>,
    /// Not to be asked before then (RFC 3339, UTC): the server answered
    /// HTTP 429 or 503 and said how long to wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<String>,
    /// The copy is fresh until then (RFC 3339, UTC): Cache-Control
    /// max-age or the feed's `<ttl>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fresh_until: Option<String>,
}

/// Until when a feed is not to be fetched again, as its bookkeeping says:
/// the server's `Retry-After`, and how long its copy is fresh. Times past
/// and a bookkeeping for another address count as nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holds {
    pub retry_until: Option<SystemTime>,
    pub fresh_until: Option<SystemTime>,
}

/// The [`Holds`] recorded for `feed` under `data_dir`.
pub fn holds(data_dir: &Path, feed: &crate::config::FeedEntry) -> Holds {
    let Some(state) = load_state(data_dir, &feed.name).filter(|s| s.url == feed.url) else {
        return Holds::default();
    };
    let read = |t: &Option<String>| {
        t.as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(SystemTime::from)
    };
    Holds {
        retry_until: read(&state.retry_at),
        fresh_until: read(&state.fresh_until),
    }
}

#[cfg_attr(not(feature = "http"), allow(dead_code))]
/// `at` in the bookkeeping's form (RFC 3339, UTC, to the second).
pub(crate) fn stamp(at: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(at).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg_attr(not(feature = "http"), allow(dead_code))]
pub(crate) fn state_path(data_dir: &Path, name: &str) -> PathBuf {
    data_dir.join(STATE_DIR).join(format!("{name}.json"))
}

#[cfg_attr(not(feature = "http"), allow(dead_code))]
/// The bookkeeping of a feed, if there is any and it can be read: anything
/// unreadable just means an unconditional request.
pub(crate) fn load_state(data_dir: &Path, name: &str) -> Option<FetchState> {
    let text = fs::read(state_path(data_dir, name)).ok()?;
    serde_json::from_slice(&text).ok()
}

#[cfg_attr(not(feature = "http"), allow(dead_code))]
pub(crate) fn save_state(data_dir: &Path, name: &str, state: &FetchState) -> io::Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
    write_atomic(&state_path(data_dir, name), &json)
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Removes the temporary file unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    keep: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Write `bytes` to `path` through a hidden temporary file in the same
/// folder, flushed to disk, then renamed over `path`: readers see the old
/// file or the new one, never part of one. Creates the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other("no folder to write in"))?;
    fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (file, mut temp) = loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp_path = dir.join(format!(".{file_name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp_path)
        {
            Ok(f) => {
                break (
                    f,
                    TempFile {
                        path: temp_path,
                        keep: false,
                    },
                );
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    };
    write_and_sync(file, bytes)?;
    fs::rename(&temp.path, path)?;
    temp.keep = true;
    // make the rename itself durable where the platform allows it
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn write_and_sync(mut file: File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>T</title><link>http://x/</link><description>d</description>
<item><title>A</title><link>http://x/a</link></item></channel></rss>
"#;

    #[test]
    fn kinds() {
        assert_eq!(FeedKind::detect(None, b"  {\"version\":1}"), FeedKind::Json);
        assert_eq!(FeedKind::detect(None, b"\xEF\xBB\xBF<rss/>"), FeedKind::Xml);
        assert_eq!(
            FeedKind::detect(Some("application/feed+json; charset=utf-8"), b""),
            FeedKind::Json
        );
        assert_eq!(
            FeedKind::detect(Some("application/json"), b"<rss/>"),
            FeedKind::Xml
        );
        assert_eq!(FeedKind::detect(Some("text/xml"), b""), FeedKind::Xml);
    }

    #[test]
    fn validation() {
        assert_eq!(validate_feed(RSS.as_bytes(), FeedKind::Xml), Ok(()));
        let with_comment = format!("<!-- hi -->\n{RSS}<!-- bye -->\n");
        assert_eq!(
            validate_feed(with_comment.as_bytes(), FeedKind::Xml),
            Ok(())
        );
        let cut = &RSS[..RSS.len() - 20];
        let e = validate_feed(cut.as_bytes(), FeedKind::Xml).unwrap_err();
        assert!(e.contains("cut short") || e.contains("not a feed"), "{e}");
        assert!(validate_feed(b"", FeedKind::Xml).is_err());
        assert!(validate_feed(b"<html><body>hi</body></html>", FeedKind::Xml).is_err());
        assert!(validate_feed(b"{\"version\": ", FeedKind::Json).is_err());
        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","content_text":"x"}]}"#;
        assert_eq!(validate_feed(json, FeedKind::Json), Ok(()));
        // what a lenient parser may accept, the end check refuses
        assert!(check_xml_ends(b"<rss><channel><title>x</title>").is_err());
        assert!(
            check_xml_ends(b"<?xml?><!-- c --><rdf:RDF a='1'></rdf:RDF >\n<!-- end -->").is_ok()
        );
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in RSS.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(validate_feed(&utf16, FeedKind::Xml), Ok(()));
        for junk in [
            &b"\xff\xfe\x00<"[..],
            b"<",
            b"<!--",
            b"<?xml",
            b"{",
            b"\0\0",
        ] {
            assert!(validate_feed(junk, FeedKind::Xml).is_err());
        }
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("xemtin-atomic-{}", std::process::id()));
        let path = dir.join("sub").join("f.xml");
        write_atomic(&path, b"one").unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&path, b"two").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(&path).ok(), Some(b"two".to_vec()));
        let names: Vec<_> = fs::read_dir(dir.join("sub"))
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(names, vec![std::ffi::OsString::from("f.xml")]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn state_round_trip_and_garbage() {
        let dir = std::env::temp_dir().join(format!("xemtin-state-{}", std::process::id()));
        let s = FetchState {
            url: "http://x/".into(),
            etag: Some("\"abc\"".into()),
            ..FetchState::default()
        };
        save_state(&dir, "x", &s).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load_state(&dir, "x"), Some(s));
        fs::write(state_path(&dir, "y"), "{not json").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load_state(&dir, "y"), None);
        assert_eq!(load_state(&dir, "missing"), None);
        let _ = fs::remove_dir_all(&dir);
    }
}
