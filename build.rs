//! Sets `XEMTIN_VERSION` for `xemtin --version`: the package version, and
//! when built from a git checkout the commit it was built from
//! (`0.1.0 (3f2a9c1)`). Without git or without `.git` (a crate unpacked
//! from a registry, a tarball) it is the package version alone: this script
//! never fails the build.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    // without this, a build outside git would run the script again after
    // any change to any file of the package
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let full = match commit(&manifest) {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=XEMTIN_VERSION={full}");
}

/// The short commit of HEAD, if `manifest` is a git checkout and git runs.
/// Asks cargo to run this again when HEAD or the branch it names moves.
fn commit(manifest: &Path) -> Option<String> {
    // `.git` is a folder in a clone and a file in a worktree: either will do.
    if !manifest.join(".git").exists() {
        return None;
    }
    let head = git(manifest, &["rev-parse", "--git-path", "HEAD"])?;
    watch(manifest, &head);
    if let Some(branch) = git(manifest, &["symbolic-ref", "-q", "HEAD"]) {
        let loose = git(manifest, &["rev-parse", "--git-path", &branch])?;
        watch(manifest, &loose);
        // a branch whose ref was packed moves by rewriting packed-refs
        if let Some(packed) = git(manifest, &["rev-parse", "--git-path", "packed-refs"]) {
            watch(manifest, &packed);
        }
    }
    git(manifest, &["rev-parse", "--short", "HEAD"])
}

/// Rerun when `path` (relative to the manifest, as git prints it) changes.
/// Only an existing file is named: cargo reruns a script every build for a
/// missing one.
fn watch(manifest: &Path, path: &str) {
    let full = manifest.join(path);
    if full.is_file() {
        println!("cargo:rerun-if-changed={}", full.display());
    }
}

/// git's trimmed output, or None if git is missing or says no.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}
