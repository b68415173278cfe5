//! Turns key presses into actions, one key at a time, through multi-key
//! sequences.

use std::time::{Duration, Instant};

use super::key::{Key, KeyCode};
use super::map::{Context, Keymap, Lookup};
use crate::action::Action;

/// What a key press amounted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A binding is complete: run these actions in order.
    Run(Vec<Action>),
    /// Waiting for more keys; [`Resolver::pending`] and
    /// [`Resolver::continuations`] tell what.
    Pending,
    /// A single key bound nowhere. In the prompt the caller inserts it if it
    /// is printable ([`Key::printable_char`]).
    Unbound(Key),
    /// A sequence ended unfinished: `keys` are those typed before Esc
    /// (`by_escape`), or the whole sequence, whose last key continues no
    /// binding.
    Cancelled { keys: Vec<Key>, by_escape: bool },
}

/// The keys typed so far of a sequence not yet complete.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    pending: Vec<Key>,
    /// When the last pending key was pressed; the timeout counts from there.
    last: Option<Instant>,
}

impl Resolver {
    pub fn new() -> Resolver {
        Resolver::default()
    }

    /// Take one key press in context `ctx`.
    pub fn feed(&mut self, map: &Keymap, ctx: Context, key: Key, now: Instant) -> Outcome {
        let mut seq = std::mem::take(&mut self.pending);
        seq.push(key);
        match map.lookup(ctx, &seq) {
            Lookup::Exact(actions) => {
                self.last = None;
                Outcome::Run(actions.to_vec())
            }
            Lookup::Prefix => {
                self.pending = seq;
                self.last = Some(now);
                Outcome::Pending
            }
            Lookup::None => {
                self.last = None;
                if seq.len() == 1 {
                    Outcome::Unbound(key)
                } else if key == Key::plain(KeyCode::Esc) {
                    seq.pop();
                    Outcome::Cancelled {
                        keys: seq,
                        by_escape: true,
                    }
                } else {
                    Outcome::Cancelled {
                        keys: seq,
                        by_escape: false,
                    }
                }
            }
        }
    }

    /// End a pending sequence that has waited longer than `timeout` since
    /// its last key. Returns true if it did (the status bar should clear).
    pub fn expire(&mut self, now: Instant, timeout: Duration) -> bool {
        match self.last {
            Some(last)
                if !self.pending.is_empty() && now.saturating_duration_since(last) >= timeout =>
            {
                self.reset();
                true
            }
            _ => false,
        }
    }

    /// How long until a pending sequence expires, for the event loop's poll
    /// timeout; `None` when nothing is pending.
    pub fn time_left(&self, now: Instant, timeout: Duration) -> Option<Duration> {
        let last = self.last.filter(|_| !self.pending.is_empty())?;
        Some(timeout.saturating_sub(now.saturating_duration_since(last)))
    }

    /// Forget any pending keys (e.g. when the view changes under them).
    pub fn reset(&mut self) {
        self.pending.clear();
        self.last = None;
    }

    /// The keys typed so far of an incomplete sequence.
    pub fn pending(&self) -> &[Key] {
        &self.pending
    }

    /// The keys that may follow the pending ones, each with what it leads
    /// to: the action names (joined by ", ") or "…" if more keys follow.
    pub fn continuations(&self, map: &Keymap, ctx: Context) -> Vec<(Key, String)> {
        if self.pending.is_empty() {
            return Vec::new();
        }
        map.next_keys(ctx, &self.pending)
            .into_iter()
            .map(|(key, actions)| {
                let what = match actions {
                    Some(actions) => actions
                        .iter()
                        .map(|a| a.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                    None => "…".to_string(),
                };
                (key, what)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::key::parse_sequence;

    fn seq(s: &str) -> Vec<Key> {
        match parse_sequence(s) {
            Ok(k) => k,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn key(s: &str) -> Key {
        seq(s)[0]
    }

    fn map() -> Keymap {
        let mut m = Keymap::new();
        m.bind(Context::Global, seq("C-c"), vec![Action::Quit]);
        m.bind(Context::Global, seq("?"), vec![Action::Help]);
        m.bind(Context::List, seq("g g"), vec![Action::First]);
        m.bind(Context::List, seq("g e"), vec![Action::Last]);
        m.bind(
            Context::List,
            seq("g d x"),
            vec![Action::DatePrompt, Action::Open],
        );
        m.bind(Context::List, seq("j"), vec![Action::Down]);
        m.bind(Context::Reader, seq("?"), vec![Action::Back]);
        m
    }

    #[test]
    fn single_keys_and_sequences() {
        let m = map();
        let t = Instant::now();
        let mut r = Resolver::new();
        assert_eq!(
            r.feed(&m, Context::List, key("j"), t),
            Outcome::Run(vec![Action::Down])
        );
        assert_eq!(r.feed(&m, Context::List, key("g"), t), Outcome::Pending);
        assert_eq!(r.pending(), &seq("g")[..]);
        assert_eq!(
            r.feed(&m, Context::List, key("g"), t),
            Outcome::Run(vec![Action::First])
        );
        assert!(r.pending().is_empty());
        assert_eq!(r.feed(&m, Context::List, key("g"), t), Outcome::Pending);
        assert_eq!(r.feed(&m, Context::List, key("d"), t), Outcome::Pending);
        assert_eq!(
            r.feed(&m, Context::List, key("x"), t),
            Outcome::Run(vec![Action::DatePrompt, Action::Open])
        );
    }

    #[test]
    fn shadowing_and_unbound() {
        let m = map();
        let t = Instant::now();
        let mut r = Resolver::new();
        assert_eq!(
            r.feed(&m, Context::List, key("?"), t),
            Outcome::Run(vec![Action::Help])
        );
        assert_eq!(
            r.feed(&m, Context::Reader, key("?"), t),
            Outcome::Run(vec![Action::Back])
        );
        assert_eq!(
            r.feed(&m, Context::Reader, key("g"), t),
            Outcome::Unbound(key("g"))
        );
        assert_eq!(
            r.feed(&m, Context::Prompt, key("?"), t),
            Outcome::Unbound(key("?"))
        );
        assert_eq!(
            r.feed(&m, Context::Prompt, key("C-c"), t),
            Outcome::Run(vec![Action::Quit])
        );
    }

    #[test]
    fn unknown_continuation_cancels() {
        let m = map();
        let t = Instant::now();
        let mut r = Resolver::new();
        r.feed(&m, Context::List, key("g"), t);
        assert_eq!(
            r.feed(&m, Context::List, key("x"), t),
            Outcome::Cancelled {
                keys: seq("g x"),
                by_escape: false
            }
        );
        assert!(r.pending().is_empty());
        // the next key starts afresh
        assert_eq!(
            r.feed(&m, Context::List, key("j"), t),
            Outcome::Run(vec![Action::Down])
        );
    }

    #[test]
    fn esc_cancels_a_pending_sequence() {
        let m = map();
        let t = Instant::now();
        let mut r = Resolver::new();
        r.feed(&m, Context::List, key("g"), t);
        r.feed(&m, Context::List, key("d"), t);
        assert_eq!(
            r.feed(&m, Context::List, key("esc"), t),
            Outcome::Cancelled {
                keys: seq("g d"),
                by_escape: true
            }
        );
        assert!(r.pending().is_empty());
        // Esc with nothing pending is an ordinary key
        assert_eq!(
            r.feed(&m, Context::List, key("esc"), t),
            Outcome::Unbound(key("esc"))
        );
    }

    #[test]
    fn timeout_ends_a_sequence() {
        let m = map();
        let t = Instant::now();
        let timeout = Duration::from_millis(1000);
        let mut r = Resolver::new();
        assert!(!r.expire(t, timeout));
        assert_eq!(r.time_left(t, timeout), None);
        r.feed(&m, Context::List, key("g"), t);
        assert!(!r.expire(t + Duration::from_millis(999), timeout));
        assert_eq!(
            r.time_left(t + Duration::from_millis(400), timeout),
            Some(Duration::from_millis(600))
        );
        r.feed(&m, Context::List, key("d"), t + Duration::from_millis(900));
        // counted from the last key
        assert!(!r.expire(t + Duration::from_millis(1500), timeout));
        assert!(r.expire(t + Duration::from_millis(1900), timeout));
        assert!(r.pending().is_empty());
        assert_eq!(
            r.feed(&m, Context::List, key("x"), t),
            Outcome::Unbound(key("x"))
        );
    }

    #[test]
    fn continuations_for_the_status_bar() {
        let m = map();
        let t = Instant::now();
        let mut r = Resolver::new();
        assert!(r.continuations(&m, Context::List).is_empty());
        r.feed(&m, Context::List, key("g"), t);
        assert_eq!(
            r.continuations(&m, Context::List),
            vec![
                (key("d"), "…".to_string()),
                (key("e"), "last".to_string()),
                (key("g"), "first".to_string()),
            ]
        );
    }
}
