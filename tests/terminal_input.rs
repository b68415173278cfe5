//! The terminal's input as the TUI reads it (crossterm's event reader, as
//! this crate builds it): a key is never held back by a resize.
//!
//! crossterm's default reader waits on the terminal and on its SIGWINCH
//! pipe with edge-triggered epoll (mio), and returns the resize as soon as
//! it sees it: a key that became readable in the same wait was dropped with
//! the rest of that wait's news and, edge-triggered, never reported again,
//! so it sat unread until the next key came (a key typed while the window
//! was resized, or on a loaded machine, where the reader wakes late). The
//! `use-dev-tty` reader polls level-triggered, and reads both.
//!
//! Its own test binary: it makes a pseudo-terminal this process's standard
//! input and output for the while, where the reader and the size are read.

#![cfg(target_os = "linux")]

use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode};

/// Standard input and output on the slave side of a new pseudo-terminal,
/// until dropped; its master side, to type on.
struct Pty {
    master: libc::c_int,
    slave: libc::c_int,
    saved: [libc::c_int; 2],
}

impl Pty {
    fn open() -> Pty {
        let (mut master, mut slave) = (-1, -1);
        let size = libc::winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: out-pointers to live locals; no name buffer, no termios
        let opened = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: plain descriptor calls on descriptors this process owns
        let saved = unsafe { [libc::dup(0), libc::dup(1)] };
        assert!(saved.iter().all(|&fd| fd >= 0));
        for fd in [0, 1] {
            // SAFETY: as above
            assert!(unsafe { libc::dup2(slave, fd) } == fd);
        }
        Pty {
            master,
            slave,
            saved,
        }
    }

    fn type_keys(&self, keys: &[u8]) {
        // SAFETY: a live buffer of that length
        let n = unsafe { libc::write(self.master, keys.as_ptr().cast(), keys.len()) };
        assert_eq!(usize::try_from(n).ok(), Some(keys.len()));
    }

    /// Wait until the typed bytes are readable on standard input (the
    /// pseudo-terminal hands them over on a kernel worker, not at once).
    fn wait_readable(&self) {
        let mut fds = libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one live pollfd
        let ready = unsafe { libc::poll(&mut fds, 1, 10_000) };
        assert_eq!(ready, 1, "the typed key never reached the terminal");
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
        // SAFETY: descriptors this process owns
        unsafe {
            libc::dup2(self.saved[0], 0);
            libc::dup2(self.saved[1], 1);
            for fd in [self.saved[0], self.saved[1], self.slave, self.master] {
                libc::close(fd);
            }
        }
    }
}

#[test]
fn a_key_typed_as_the_terminal_is_resized_is_read_at_once() {
    let pty = Pty::open();
    crossterm::terminal::enable_raw_mode().expect("raw mode");
    // the reader's first use sets it up, with its SIGWINCH handler
    assert!(!event::poll(Duration::ZERO).expect("poll"));
    // a resize reported (the handler runs before raise returns), then a
    // key typed, both before the reader looks
    signal_hook::low_level::raise(signal_hook::consts::SIGWINCH).expect("SIGWINCH");
    pty.type_keys(b"x");
    pty.wait_readable();
    // both come, in either order, each without waiting for another key
    let (mut resized, mut key) = (false, false);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !(resized && key) && Instant::now() < deadline {
        if !event::poll(Duration::from_millis(100)).expect("poll") {
            continue;
        }
        match event::read().expect("read") {
            Event::Resize(..) => resized = true,
            Event::Key(k) if k.code == KeyCode::Char('x') => key = true,
            other => panic!("unexpected {other:?}"),
        }
    }
    drop(pty);
    assert!(resized, "the resize was not reported");
    assert!(key, "the key typed with the resize was held back");
}
