//! Where the index and the state live, and the stable hash that names an index.

use std::path::{Path, PathBuf};

use super::StorePaths;

/// FNV-1a, 64 bits: small, and the same on every platform and Rust release
/// (std's `DefaultHasher` promises neither).
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The hash of a file's bytes, kept to tell a file whose time or size
/// changed but whose bytes did not: XXH3, 64 bits, a defined algorithm (the
/// same on every platform and release) that reads a vector at a time.
/// FNV-1a, a byte at a time, took a sixteenth of a first index's article
/// stage. In an index whose hashes are FNV-1a's (before December 2026), a
/// file whose size or time changes is parsed again once, to the same rows.
pub(crate) fn content_hash(bytes: &[u8]) -> i64 {
    // stored as SQLite's signed 64-bit integer: the same bits
    xxhash_rust::xxh3::xxh3_64(bytes) as i64
}

/// The file name of the index of `data_root`: `index-<16 hex>.sqlite`, the
/// hex being the hash of the canonical path (or of the path as given, made
/// absolute, when it cannot be canonicalized, e.g. it does not exist yet).
pub(crate) fn index_file_name(data_root: &Path) -> String {
    format!("index-{:016x}.sqlite", folder_hash(data_root))
}

/// The hash of `data_root`'s canonical path (or of the path as given, made
/// absolute, when it cannot be canonicalized): what tells data folders
/// apart in names and keys.
pub(crate) fn folder_hash(data_root: &Path) -> u64 {
    let canonical = std::fs::canonicalize(data_root)
        .or_else(|_| std::path::absolute(data_root))
        .unwrap_or_else(|_| data_root.to_path_buf());
    fnv1a64(canonical.as_os_str().as_encoded_bytes())
}

impl StorePaths {
    /// index: `<cache dir>/xemtin/index-<hash>.sqlite`; state:
    /// `<data dir>/xemtin/state.sqlite`. None when the platform has no such
    /// folders (no home directory).
    pub fn default_for(data_root: &Path) -> Option<StorePaths> {
        Some(StorePaths::in_folders(
            &dirs::cache_dir()?,
            &dirs::data_dir()?,
            data_root,
        ))
    }

    /// The same layout under given cache and data folders.
    pub fn in_folders(cache_dir: &Path, data_dir: &Path, data_root: &Path) -> StorePaths {
        StorePaths {
            index: cache_dir.join("xemtin").join(index_file_name(data_root)),
            state: data_dir.join("xemtin").join("state.sqlite"),
        }
    }
}

/// `path` with `suffix` appended to its file name.
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A `file:` URI for `path` with `query` (e.g. `mode=ro`) appended: the
/// characters URIs reserve, and every byte outside printable ASCII, escaped.
pub(crate) fn sqlite_uri(path: &Path, query: &str) -> String {
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_graphic() && !matches!(b, b'%' | b'?' | b'#') || b == b' ' {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_published_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    /// Stored in every index: a change of the function (or of the crate's
    /// output) would make every changed file read as changed. The values
    /// are the C reference implementation's (python's `xxhash` module).
    #[test]
    fn the_content_hash_is_xxh3_as_the_reference_gives_it() {
        let h = |b: &[u8]| content_hash(b) as u64;
        assert_eq!(h(b""), 0x2d06_8005_38d3_94c2);
        assert_eq!(h(b"a"), 0xe6c6_32b6_1e96_4e1f);
        assert_eq!(h(b"foobar"), 0xd78f_da63_144c_5c84);
        // longer than 240 bytes: the vector path
        let long: Vec<u8> = (0..=255u8).cycle().take(5120).collect();
        assert_eq!(h(&long), 0xf875_f2fa_2e99_df80);
    }

    #[test]
    fn index_names_are_stable_and_differ_by_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a");
        std::fs::create_dir(&a).unwrap();
        let name = index_file_name(&a);
        assert!(name.starts_with("index-") && name.ends_with(".sqlite"));
        assert_eq!(name.len(), "index-".len() + 16 + ".sqlite".len());
        // The same folder by another spelling gets the same index.
        assert_eq!(index_file_name(&a.join("..").join("a")), name);
        assert_ne!(index_file_name(&tmp.path().join("b")), name);
        let p = StorePaths::in_folders(Path::new("/c"), Path::new("/d"), &a);
        assert_eq!(p.index, Path::new("/c/xemtin").join(name));
        assert_eq!(p.state, Path::new("/d/xemtin/state.sqlite"));
    }

    #[test]
    fn uris_escape_reserved_characters() {
        assert_eq!(
            sqlite_uri(Path::new("/a b/x?%#.sqlite"), "mode=ro"),
            "file:/a b/x%3F%25%23.sqlite?mode=ro"
        );
        assert_eq!(sqlite_uri(Path::new("/đ"), "x"), "file:/%C4%91?x");
    }
}
