//! Links leaving xemtin: a browser started on one, or one put on the
//! clipboard through the terminal (OSC 52).
//!
//! No shell is ever involved. The browser is chosen as most Unix programs
//! choose it:
//!
//! - `$BROWSER` is a list of commands separated by `:`, tried in order until
//!   one starts. A command without `%s` is a program name or path, and the
//!   address is its one argument. A command with `%s` is split at spaces
//!   into a program and its arguments, and `%s` in them is replaced by the
//!   address (`%%` is a `%`); each word stays one argument, whatever the
//!   address holds. A command that would make the address the program
//!   itself is skipped.
//! - Then the platform's opener: `open` on macOS, `xdg-open` elsewhere.
//!
//! The program starts with stdin, stdout and stderr on the null device (it
//! cannot write over the screen) in a process group of its own (Ctrl-Z in
//! xemtin does not stop it), and is not waited for: a thread reaps it when
//! it exits. A browser that needs the terminal (lynx, w3m) therefore does
//! not work as `$BROWSER` here.
//!
//! Addresses reach this module checked by `app::links::check_url`; an
//! address that starts with `-` is refused here again, so it can never be
//! taken for an option.

use std::io;
use std::process::{Command, Stdio};

/// One way to start a browser on an address: a program and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub program: String,
    pub args: Vec<String>,
}

/// The platform's own opener, tried after `$BROWSER`.
pub const PLATFORM_OPENER: &str = if cfg!(target_os = "macos") {
    "open"
} else {
    "xdg-open"
};

/// Why a link was not opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// The address starts with `-` or is empty.
    Refused,
    /// No program could be started: each tried, with the system's error,
    /// or `None` when the program does not exist.
    NoBrowser(Vec<(String, Option<String>)>),
}

/// Replace `%s` with `url` and `%%` with `%` in one word of a command.
fn substitute(word: &str, url: &str) -> String {
    let mut out = String::with_capacity(word.len() + url.len());
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('s') => out.push_str(url),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// The commands to try for `url`, in order: those of `browser` (the value
/// of `$BROWSER`), then the platform opener. Refuses an empty address or
/// one that starts with `-`.
pub fn launches(url: &str, browser: Option<&str>) -> Result<Vec<Launch>, OpenError> {
    if url.is_empty() || url.starts_with('-') {
        return Err(OpenError::Refused);
    }
    let mut out = Vec::new();
    for entry in browser.unwrap_or("").split(':').map(str::trim) {
        if entry.is_empty() {
            continue;
        }
        if entry.contains("%s") {
            let mut words = entry.split_whitespace();
            let Some(program) = words.next() else {
                continue;
            };
            if program.contains("%s") {
                continue;
            }
            out.push(Launch {
                program: substitute(program, ""),
                args: words.map(|w| substitute(w, url)).collect(),
            });
        } else {
            out.push(Launch {
                program: entry.to_string(),
                args: vec![url.to_string()],
            });
        }
    }
    out.push(Launch {
        program: PLATFORM_OPENER.to_string(),
        args: vec![url.to_string()],
    });
    Ok(out)
}

/// Start one command detached from the terminal; a thread reaps it.
fn spawn(launch: &Launch) -> io::Result<()> {
    let mut cmd = Command::new(&launch.program);
    cmd.args(&launch.args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn()?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

/// Open `url` with the first command of [`launches`] that starts; returns
/// the program that did.
pub fn open(url: &str, browser: Option<&str>) -> Result<String, OpenError> {
    start_first(launches(url, browser)?)
}

/// Start the first of `launches` that starts; returns its program.
fn start_first(launches: Vec<Launch>) -> Result<String, OpenError> {
    let mut tried = Vec::new();
    for launch in launches {
        match spawn(&launch) {
            Ok(()) => return Ok(launch.program),
            Err(e) => {
                let why = (e.kind() != io::ErrorKind::NotFound).then(|| e.to_string());
                tried.push((launch.program, why));
            }
        }
    }
    Err(OpenError::NoBrowser(tried))
}

/// The longest text put on the clipboard; terminals cap OSC 52 (xterm at
/// about 100 kB of base64) and a link is far shorter.
pub const MAX_COPY: usize = 64 * 1024;

/// The OSC 52 sequence that asks the terminal to put `text` on the
/// clipboard: `ESC ] 52 ; c ; <base64> BEL`. Control characters are
/// dropped first, and base64 holds only letters, digits, `+`, `/` and `=`,
/// so nothing of `text` can end the sequence or start another.
pub fn osc52(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    format!("\x1b]52;c;{}\x07", base64(clean.as_bytes()))
}

/// Standard base64 with padding (RFC 4648).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap_or(0);
                out.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn launch(program: &str, args: &[&str]) -> Launch {
        Launch {
            program: program.into(),
            args: args.iter().map(|a| a.to_string()).collect(),
        }
    }

    const URL: &str = "https://example.org/a?b=1&c=$(touch /tmp/x);d='e' f";

    #[test]
    fn without_browser_the_platform_opener_gets_the_address_as_one_argument() {
        assert_eq!(
            launches(URL, None),
            Ok(vec![launch(PLATFORM_OPENER, &[URL])])
        );
        assert_eq!(
            launches(URL, Some("")),
            Ok(vec![launch(PLATFORM_OPENER, &[URL])])
        );
    }

    #[test]
    fn browser_alternatives_are_tried_in_order_before_the_opener() {
        let got = launches(URL, Some("firefox:/usr/bin/chromium --new-window: :")).unwrap();
        assert_eq!(
            got,
            [
                launch("firefox", &[URL]),
                // without %s the entry is one program path, spaces and all
                launch("/usr/bin/chromium --new-window", &[URL]),
                launch(PLATFORM_OPENER, &[URL]),
            ]
        );
    }

    #[test]
    fn percent_s_is_replaced_inside_single_arguments() {
        let got = launches(URL, Some("my-browser --new-tab --url=%s 100%%")).unwrap();
        assert_eq!(
            got[0],
            launch(
                "my-browser",
                &["--new-tab", &format!("--url={URL}"), "100%"]
            )
        );
        // the address is never split, even where it has spaces or quotes
        assert_eq!(got[0].args.len(), 3);
        // a %s in the address itself is not replaced again
        let tricky = "https://x.vn/%s%%";
        let got = launches(tricky, Some("b %s")).unwrap();
        assert_eq!(got[0], launch("b", &[tricky]));
        // the address can never become the program
        let got = launches(URL, Some("%s:ok")).unwrap();
        assert_eq!(got[0], launch("ok", &[URL]));
    }

    #[test]
    fn addresses_that_look_like_options_are_refused() {
        assert_eq!(launches("--help", None), Err(OpenError::Refused));
        assert_eq!(launches("-x", Some("firefox %s")), Err(OpenError::Refused));
        assert_eq!(launches("", None), Err(OpenError::Refused));
        assert_eq!(open("--version", Some("true")), Err(OpenError::Refused));
    }

    #[test]
    fn a_missing_program_falls_through_and_is_reported() {
        // (never the platform opener here: a test must not start a browser)
        let missing = "/nonexistent/xemtin-test-browser";
        let other = "/nonexistent/xemtin-test-browser-2";
        let got = start_first(vec![launch(missing, &["https://x.vn"]), launch(other, &[])]);
        assert_eq!(
            got,
            Err(OpenError::NoBrowser(vec![
                (missing.to_string(), None),
                (other.to_string(), None),
            ]))
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_browser_runs_without_a_shell_and_gets_one_argument() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("argv");
        let script = dir.path().join("browser");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > {}.tmp\nmv {0}.tmp {0}\n",
                out.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let marker = dir.path().join("pwned");
        let url = format!(
            "https://x.vn/;touch {}`touch {0}`$(touch {0})",
            marker.display()
        );
        let program = open(&url, Some(script.to_str().unwrap())).unwrap();
        assert_eq!(program, script.to_str().unwrap());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !out.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(std::fs::read_to_string(&out).unwrap(), format!("{url}\n"));
        assert!(!marker.exists(), "no shell ran the address");
    }

    #[test]
    fn base64_matches_the_rfc_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn osc52_wraps_base64_and_lets_no_control_byte_through() {
        assert_eq!(
            osc52("https://example.org/"),
            "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLm9yZy8=\x07"
        );
        let hostile = "https://x.vn/\x1b]52;c;ZXZpbA==\x07\x1b[2J\u{9b}31m\r\nend";
        let seq = osc52(hostile);
        let inner = seq
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .unwrap();
        assert!(
            inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
            "{inner}"
        );
        assert_eq!(
            inner,
            base64("https://x.vn/]52;c;ZXZpbA==[2J31mend".as_bytes())
        );
        // the only control bytes are the sequence's own ESC and BEL
        let controls: Vec<u8> = seq.bytes().filter(|b| b.is_ascii_control()).collect();
        assert_eq!(controls, [0x1b, 0x07]);
    }
}
