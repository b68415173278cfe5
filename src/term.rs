//! The terminal: raw mode and the alternate screen on entry, and always
//! restored on the way out — on quit, on error, on panic, and when SIGTERM,
//! SIGHUP or SIGINT arrive.

use std::io::{self, Stdout, Write, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the TUI runs; dropping it restores the terminal.
pub struct Screen {
    pub terminal: Term,
}

impl Screen {
    pub fn enter() -> io::Result<Screen> {
        install_panic_hook();
        enable_raw_mode()?;
        if let Err(e) = execute!(stdout(), EnterAlternateScreen, Hide) {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Screen { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// Leave the alternate screen and raw mode. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(out, LeaveAlternateScreen, Show);
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        eprintln!("xemtin stopped on an internal error; the terminal has been restored.");
        eprintln!("Please report it with the lines below and what you were doing.");
        previous(info);
    }));
}

/// Set when a signal asks the program to stop.
#[derive(Clone)]
pub struct StopSignals {
    flag: Arc<AtomicBool>,
}

impl StopSignals {
    /// Catch SIGTERM, SIGHUP (a dropped SSH connection) and SIGINT.
    pub fn register() -> io::Result<StopSignals> {
        let flag = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register(sig, Arc::clone(&flag))?;
        }
        Ok(StopSignals { flag })
    }

    pub fn caught(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }
}
