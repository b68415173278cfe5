//! The event loop, a pump: keys through the keymap resolver into
//! [`App::apply`], news from background jobs and the outcome of effects
//! into [`App::on_notice`], the App's effects to their performer, and a
//! redraw after each change. The only place where the terminal, the keymap
//! and the App meet; nothing else imports it.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use std::sync::mpsc::{Receiver, RecvTimeoutError};

use crate::action::Action;
use crate::app::mouse::MouseAction;
use crate::app::{App, Notice, coalesce};
use crate::catalog::Catalog;
use crate::config::HyperlinkChoice;
use crate::context::Context;
use crate::effects::Effects;
use crate::keymap::{self, Key, Keymap, Outcome, Resolver};
use crate::osc;
use crate::paint::Painter;
use crate::term::{self, Modes, Screen, StopSignals};
use crate::ui::Chrome;
use crate::wire::Hyperlink;

/// How long to wait for input before checking signals and key timeouts.
const TICK: Duration = Duration::from_millis(200);
/// Keys already waiting (typed ahead, or a held key) are read before the
/// next frame, which then shows them all at once; a frame is drawn at least
/// this often all the same.
const TYPEAHEAD_FRAME: Duration = Duration::from_millis(100);

/// Feed one key to the resolver and the App. Returns true when the user
/// asked to suspend, which only the event loop can do.
pub fn handle_key(
    app: &mut App,
    catalog: &mut dyn Catalog,
    keymap: &Keymap,
    resolver: &mut Resolver,
    key: Key,
    now: Instant,
) -> bool {
    let notice = match resolver.feed(keymap, app.mode(), key, now) {
        Outcome::Run(actions) => {
            let mut suspend = false;
            for action in actions {
                match action {
                    Action::Suspend => suspend = true,
                    _ => app.apply(action, catalog),
                }
            }
            return suspend;
        }
        Outcome::Pending => return false,
        Outcome::Unbound(key) => Notice::KeyUnbound {
            key: key.to_string(),
            typed: key.printable_char(),
        },
        Outcome::Cancelled { keys, by_escape } => Notice::SequenceEnded {
            keys: keymap::display_sequence(&keys),
            cancelled: by_escape,
        },
    };
    app.on_notice(notice, catalog);
    false
}

/// Read terminal events on a thread of their own. The event loop waits on
/// the channel, never inside crossterm, whose reader may spin without
/// returning once the terminal has hung up (reading it gives end of file),
/// or fail (an I/O error): the loop stays free to notice signals and a lost
/// terminal, and to exit.
fn spawn_input_reader() -> Receiver<io::Result<Event>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if tx.send(event).is_err() || failed {
                break;
            }
        }
    });
    rx
}

/// Give the terminal back to the shell and stop; when continued (`fg`),
/// take it again with a fresh screen, so the next frame is drawn whole.
fn suspend(screen: Screen, modes: Modes) -> io::Result<Screen> {
    drop(screen);
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    Screen::enter(modes)
}

/// Whether the reader's addresses go out as OSC 8 hyperlinks.
fn hyperlinks_on(choice: HyperlinkChoice) -> bool {
    match choice {
        HyperlinkChoice::Always => true,
        HyperlinkChoice::Never => false,
        HyperlinkChoice::Auto => osc::supports_hyperlinks(|name| std::env::var(name).ok()),
    }
}

/// A terminal's mouse report in the App's terms: the wheel by
/// `scroll_lines` a notch, a left press where it lands (see `ui::hit`).
pub fn mouse_action(app: &App, event: &MouseEvent, scroll_lines: u16) -> Option<MouseAction> {
    let lines = isize::try_from(scroll_lines.max(1)).unwrap_or(1);
    match event.kind {
        MouseEventKind::ScrollDown => Some(MouseAction::Scroll(lines)),
        MouseEventKind::ScrollUp => Some(MouseAction::Scroll(-lines)),
        MouseEventKind::Down(MouseButton::Left) => {
            let (width, height) = app.size();
            let area = Rect::new(0, 0, width, height);
            crate::ui::hit::click_at(app, area, event.column, event.row)
        }
        _ => None,
    }
}

/// The status-bar text for a pending sequence: the keys so far and what may follow.
pub fn pending_text(resolver: &Resolver, keymap: &Keymap, mode: Context) -> Option<String> {
    if resolver.pending().is_empty() {
        return None;
    }
    let next: Vec<String> = resolver
        .continuations(keymap, mode)
        .into_iter()
        .map(|(k, what)| format!("{k} {what}"))
        .collect();
    Some(format!(
        "{} … {}",
        keymap::display_sequence(resolver.pending()),
        next.join(" · ")
    ))
}

/// How the TUI ended: the App, for the caller to save what it needs, the
/// signal that stopped it, if one did, and the terminal's error, if one did
/// (the App is handed back all the same, its position to be saved).
pub struct Finished {
    pub app: App,
    pub signal: Option<i32>,
    pub error: Option<io::Error>,
}

/// Run the TUI until the user quits or a signal arrives, or the terminal
/// is lost: a terminal gone while it is drawn on or asked its size (EIO)
/// ends the TUI as its hang-up does, whichever comes first.
pub fn run(
    mut app: App,
    catalog: &mut dyn Catalog,
    keymap: &Keymap,
    chrome: Chrome,
    key_timeout: Duration,
    inbox: Option<Receiver<Notice>>,
    effects: &mut Effects,
) -> io::Result<Finished> {
    let signals = StopSignals::register()?;
    let modes = Modes {
        mouse: effects.terminal.mouse,
        title: effects.terminal.title,
    };
    let screen = Screen::enter(modes)?;
    let looped = Loop {
        keymap,
        chrome,
        key_timeout,
        inbox,
        signals: &signals,
        modes,
    }
    .run(&mut app, catalog, effects, screen);
    let (hung_up, error) = loop_end(looped);
    // a lost terminal is a hang-up, whoever was told
    let signal = signals.caught().or(hung_up.then_some(1));
    Ok(Finished { app, signal, error })
}

/// How the event loop ended: (the terminal hung up, the terminal's
/// error). A terminal gone while it is drawn on or asked its size fails
/// with EIO, which is its hang-up, not an error: the position is saved and
/// xemtin exits as a hang-up ends it.
fn loop_end(looped: io::Result<bool>) -> (bool, Option<io::Error>) {
    match looped {
        Ok(hung_up) => (hung_up, None),
        Err(e) if term::input_lost(&e) => (true, None),
        Err(e) => (false, Some(e)),
    }
}

/// What the event loop runs with.
struct Loop<'a> {
    keymap: &'a Keymap,
    chrome: Chrome,
    key_timeout: Duration,
    inbox: Option<Receiver<Notice>>,
    signals: &'a StopSignals,
    modes: Modes,
}

impl Loop<'_> {
    /// The event loop on `screen`, which it leaves (the terminal restored)
    /// however it ends. True when the terminal hung up.
    fn run(
        mut self,
        app: &mut App,
        catalog: &mut dyn Catalog,
        effects: &mut Effects,
        mut screen: Screen,
    ) -> io::Result<bool> {
        let (keymap, key_timeout, signals, modes) =
            (self.keymap, self.key_timeout, self.signals, self.modes);
        let hyperlinks = hyperlinks_on(effects.terminal.hyperlinks);
        let mut title_shown: Option<String> = None;
        let mut painter = Painter::new();
        let size = screen.terminal.size()?;
        app.resize(size.width, size.height, catalog);
        let mut resolver = Resolver::default();
        let mut dirty = true;
        let input = spawn_input_reader();
        let mut hung_up = false;
        let mut last_tty_check = Instant::now();
        let mut last_frame = Instant::now();
        let mut typed_ahead = None;
        // effects asked before the first frame (a count of the list)
        for effect in app.take_effects() {
            let outcome = effects.perform(effect, screen.terminal.backend_mut());
            app.on_notice(outcome, catalog);
        }
        while !app.wants_to_quit() && signals.caught().is_none() && !hung_up {
            if last_tty_check.elapsed() >= Duration::from_secs(1) {
                hung_up = term::terminal_lost();
                last_tty_check = Instant::now();
            }
            // the terminal's own size wins over resize events, which a storm of
            // resizes can leave behind: a layout is never drawn for a stale size
            let size = screen.terminal.size()?;
            if (size.width, size.height) != app.size() {
                app.resize(size.width, size.height, catalog);
                dirty = true;
            }
            if dirty && typed_ahead.is_none() && last_frame.elapsed() < TYPEAHEAD_FRAME {
                typed_ahead = input.try_recv().ok();
            }
            if dirty && typed_ahead.is_none() {
                self.chrome.pending = pending_text(&resolver, keymap, app.mode());
                // one write per frame, in synchronized output (see `wire`), the
                // reader's rows scrolled by the terminal when only they moved
                if hyperlinks {
                    let area = Rect::new(0, 0, size.width, size.height);
                    let links = crate::ui::hyperlinks::reader_links(app, area)
                        .into_iter()
                        .map(|l| Hyperlink {
                            row: l.row,
                            columns: l.columns,
                            url: l.url.into(),
                        })
                        .collect();
                    screen.terminal.backend_mut().set_links(links);
                }
                painter.draw(&mut screen.terminal, app, &self.chrome)?;
                if modes.title {
                    let title = crate::ui::window_title(app);
                    if title_shown.as_ref() != Some(&title) {
                        let out = screen.terminal.backend_mut();
                        out.write_all(&osc::title(&title))?;
                        out.flush()?;
                        title_shown = Some(title);
                    }
                }
                dirty = false;
                last_frame = Instant::now();
                term::debug_panic_if_asked();
            }
            let wait = resolver
                .time_left(Instant::now(), key_timeout)
                .map_or(TICK, |left| left.min(TICK));
            let next = match typed_ahead.take() {
                Some(event) => Ok(event),
                None => input.recv_timeout(wait),
            };
            match next {
                Ok(Ok(Event::Key(k))) => {
                    if let Some(key) = keymap::from_crossterm(&k) {
                        let now = Instant::now();
                        if handle_key(app, catalog, keymap, &mut resolver, key, now) {
                            screen = suspend(screen, modes)?;
                            painter.forget();
                            title_shown = None;
                            let size = screen.terminal.size()?;
                            app.resize(size.width, size.height, catalog);
                        }
                        // links opened or copied (OSC 52 goes out between frames), fetches started
                        for effect in app.take_effects() {
                            let outcome = effects.perform(effect, screen.terminal.backend_mut());
                            app.on_notice(outcome, catalog);
                        }
                        dirty = true;
                    }
                }
                Ok(Ok(Event::Mouse(m))) => {
                    if let Some(action) = mouse_action(app, &m, effects.terminal.scroll_lines) {
                        app.apply_mouse(action, catalog);
                        for effect in app.take_effects() {
                            let outcome = effects.perform(effect, screen.terminal.backend_mut());
                            app.on_notice(outcome, catalog);
                        }
                        dirty = true;
                    }
                }
                Ok(Ok(Event::Paste(text))) => {
                    app.paste(&text, catalog);
                    dirty = true;
                }
                Ok(Ok(Event::Resize(w, h))) => {
                    app.resize(w, h, catalog);
                    dirty = true;
                }
                Ok(Ok(_)) | Err(RecvTimeoutError::Timeout) => {}
                // reading a terminal that is gone fails: a hang-up, as below
                Ok(Err(e)) if term::input_lost(&e) => hung_up = true,
                Ok(Err(e)) => return Err(e),
                // the reader stopped: the terminal is gone
                Err(RecvTimeoutError::Disconnected) => hung_up = true,
            }
            if let Some(rx) = &self.inbox {
                for notice in coalesce(rx.try_iter()) {
                    // a fetch's news as a notification, if `ui.notify` asks
                    effects.announce(&notice, app.language(), screen.terminal.backend_mut())?;
                    app.on_notice(notice, catalog);
                    // a count asked after a sync's news
                    for effect in app.take_effects() {
                        let outcome = effects.perform(effect, screen.terminal.backend_mut());
                        app.on_notice(outcome, catalog);
                    }
                    dirty = true;
                }
            }
            if resolver.expire(Instant::now(), key_timeout) {
                dirty = true;
            }
            // ui.split_mark_read in seconds: the article shown long enough is read
            if app.split_tick(Instant::now(), catalog) {
                // a mark while the list is counted asks for the count again
                for effect in app.take_effects() {
                    let outcome = effects.perform(effect, screen.terminal.backend_mut());
                    app.on_notice(outcome, catalog);
                }
                dirty = true;
            }
        }
        drop(screen);
        Ok(hung_up)
    }
}

#[cfg(test)]
mod tests {
    use super::loop_end;

    #[test]
    fn a_terminal_failing_with_eio_ends_the_loop_as_a_hang_up() {
        let eio = std::io::Error::from_raw_os_error(libc::EIO);
        let (hung_up, error) = loop_end(Err(eio));
        assert!(hung_up && error.is_none());
        assert!(matches!(loop_end(Ok(false)), (false, None)));
        assert!(matches!(loop_end(Ok(true)), (true, None)));
    }
}
