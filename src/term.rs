//! The terminal: raw mode and the alternate screen on entry, and always
//! restored on the way out — on quit, on error, on panic, and when SIGTERM,
//! SIGHUP or SIGINT arrive.

use std::io::{self, Stdout, Write, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::wire::Wire;

use ratatui::Terminal;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::execute;
use ratatui::crossterm::style::{Attribute, SetAttribute};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub type Term = Terminal<Wire<Stdout>>;

/// Whether the terminal is in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Owns the terminal while the TUI runs; dropping it restores the terminal.
pub struct Screen {
    pub terminal: Term,
}

/// Whether mouse reports were asked for, to stop them on the way out.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Bracketed paste (pasted text arrives as one event, not as keys).
const PASTE_ON: &[u8] = b"\x1b[?2004h";
const PASTE_OFF: &[u8] = b"\x1b[?2004l";
/// Mouse reports of presses, releases and the wheel (1000) in SGR form
/// (1006), which tmux and terminals over SSH pass on; no motion reports.
const MOUSE_ON: &[u8] = b"\x1b[?1000h\x1b[?1006h";
const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1000l";

/// Whether the window title was saved, to give it back on the way out.
static TITLE: AtomicBool = AtomicBool::new(false);

/// What the terminal is asked for besides the screen, from `[ui]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Modes {
    /// Mouse reports (else not one byte of mouse mode is sent).
    pub mouse: bool,
    /// The window title is set: the one before is saved and given back.
    pub title: bool,
}

impl Screen {
    /// Take the terminal, asking for `modes` too.
    pub fn enter(modes: Modes) -> io::Result<Screen> {
        let Modes { mouse, title } = modes;
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        MOUSE.store(mouse, Ordering::SeqCst);
        TITLE.store(title, Ordering::SeqCst);
        if let Err(e) = execute!(stdout(), EnterAlternateScreen, Hide) {
            restore();
            return Err(e);
        }
        let modes = [
            PASTE_ON,
            if mouse { MOUSE_ON } else { b"" },
            if title { crate::osc::TITLE_PUSH } else { b"" },
        ]
        .concat();
        if let Err(e) = stdout().write_all(&modes).and_then(|()| stdout().flush()) {
            restore();
            return Err(e);
        }
        let wire = Wire::new(stdout()).scroll_by_line_feeds(lacks_scroll_up());
        match Terminal::new(wire) {
            Ok(terminal) => Ok(Screen { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

/// Terminals without `SU`/`SD` (scroll up/down), by `TERM`.
fn lacks_scroll_up() -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    ["linux", "vt100", "vt102", "vt220"]
        .iter()
        .any(|t| term == *t || term.starts_with(&format!("{t}-")))
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// Leave the alternate screen and raw mode. Safe to call more than once.
pub fn restore() {
    // once per entry: a second restore (the screen dropped after the panic
    // hook restored it) would reset the margins on the shell's screen, and
    // that moves its cursor to the top
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let mut out = stdout();
    // the frames leave their colours and the reader's scrolling margins
    // set; the shell gets the defaults back
    let _ = out.write_all(b"\x1b[r");
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = out.write_all(MOUSE_OFF);
    }
    let _ = out.write_all(PASTE_OFF);
    if TITLE.swap(false, Ordering::SeqCst) {
        let _ = out.write_all(crate::osc::TITLE_POP);
    }
    let _ = execute!(
        out,
        SetAttribute(Attribute::Reset),
        LeaveAlternateScreen,
        Show
    );
    let _ = out.flush();
}

/// A panic on the thread that draws the screen ends the program: the
/// terminal is restored first. One on a background thread (indexing, a
/// fetch) does not: the TUI keeps running, so the screen is left alone and
/// nothing is printed over it; that thread's owner reports it (the sync
/// turns a parser panic into a problem of the file, `xemtin check` lists
/// it).
/// Installed once, however often the screen is entered (after Ctrl-Z).
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(set_panic_hook);
}

fn set_panic_hook() {
    let ui = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != ui {
            return;
        }
        restore();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let details = format!(
            "xemtin {} stopped on an internal error\n{what}\nat {place}\n\n{}\n",
            env!("CARGO_PKG_VERSION"),
            std::backtrace::Backtrace::force_capture()
        );
        eprintln!("xemtin stopped on an internal error; the terminal has been restored.");
        eprintln!("  {}", crate::ingest::clean::escape_controls(&what));
        match save_crash_report(&details) {
            Some(path) => eprintln!(
                "The details are in {}; please report the problem with that file and what you were doing.",
                path.display()
            ),
            None => eprintln!(
                "Please report the problem with these details and what you were doing:\n{details}"
            ),
        }
    }));
}

/// Write a crash report to the cache folder (`xemtin/crash-<time>.txt`);
/// where it went, if it could be written.
fn save_crash_report(details: &str) -> Option<std::path::PathBuf> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let dir = dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("xemtin");
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!("crash-{secs}.txt"));
    std::fs::write(&path, details).ok()?;
    Some(path)
}

/// Panic on purpose once the screen is up, when `XEMTIN_DEBUG_PANIC` is set:
/// how the end-to-end tests check that a panic restores the terminal.
pub fn debug_panic_if_asked() {
    if std::env::var_os("XEMTIN_DEBUG_PANIC").is_some() {
        panic!("XEMTIN_DEBUG_PANIC is set: a deliberate panic to test the crash report");
    }
}

/// Records the first signal that asks the program to stop.
#[derive(Clone)]
pub struct StopSignals {
    caught: Arc<AtomicUsize>,
}

impl StopSignals {
    /// Catch SIGTERM, SIGHUP (a dropped SSH connection) and SIGINT.
    pub fn register() -> io::Result<StopSignals> {
        let caught = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            let slot = Arc::clone(&caught);
            let number = usize::try_from(sig).unwrap_or(0);
            signal_hook::flag::register_usize(sig, slot, number)?;
        }
        Ok(StopSignals { caught })
    }

    /// The signal number that arrived, if any.
    pub fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::Relaxed) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

/// Whether the controlling terminal is gone (the SSH connection or the
/// terminal window closed while another process led the session, so no
/// SIGHUP reached us). Reading a hung-up terminal returns end of file,
/// which the event reader does not report; /dev/tty can no longer be opened.
pub fn terminal_lost() -> bool {
    #[cfg(unix)]
    {
        std::fs::File::open("/dev/tty").is_err()
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Whether reading the terminal failed because it is gone: a read that
/// comes as it hangs up fails with EIO (its other side closed) before
/// /dev/tty stops opening, else the reader sees end of file.
pub fn input_lost(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::EIO) || terminal_lost()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_read_that_fails_with_eio_is_a_lost_terminal() {
        let eio = std::io::Error::from_raw_os_error(libc::EIO);
        assert!(super::input_lost(&eio));
    }
}
