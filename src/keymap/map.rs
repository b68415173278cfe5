//! Per-context binding tables and how they combine with the global table.

use std::collections::BTreeMap;

use super::key::Key;
use crate::action::Action;
pub use crate::context::{Context, UnknownContext};

/// What a sequence means in a context, global table included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The sequence is bound to these actions.
    Exact(&'a [Action]),
    /// The sequence is the start of at least one longer binding.
    Prefix,
    /// Nothing bound starts with this sequence.
    None,
}

/// Every binding, one table per context.
///
/// A context sees its own table merged over the global one: a global
/// sequence is hidden in a context whose table binds the same sequence, a
/// prefix of it, or an extension of it, so the merged view has no prefix
/// conflicts as long as each table has none. In the prompt, global sequences
/// that start with a printable key (no Ctrl or Alt) are not inherited either,
/// so every character can be typed whatever the global table holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    tables: [BTreeMap<Vec<Key>, Vec<Action>>; Context::COUNT],
}

type Entry<'a> = (&'a [Key], &'a [Action]);

impl Keymap {
    pub fn new() -> Keymap {
        Keymap::default()
    }

    /// Bind `seq` to `actions` (run in order) in `ctx`, replacing what was
    /// there. An empty sequence or empty action list is ignored.
    pub fn bind(&mut self, ctx: Context, seq: Vec<Key>, actions: Vec<Action>) {
        if seq.is_empty() || actions.is_empty() {
            return;
        }
        self.tables[ctx.index()].insert(seq, actions);
    }

    /// Remove `seq` from `ctx`'s own table.
    pub fn unbind(&mut self, ctx: Context, seq: &[Key]) {
        self.tables[ctx.index()].remove(seq);
    }

    /// The actions `seq` is bound to in `ctx`'s own table.
    pub fn get(&self, ctx: Context, seq: &[Key]) -> Option<&[Action]> {
        self.tables[ctx.index()].get(seq).map(Vec::as_slice)
    }

    /// (sequence, actions) in a context's own table, sorted by sequence.
    pub fn bindings(&self, ctx: Context) -> Vec<(Vec<Key>, Vec<Action>)> {
        self.tables[ctx.index()]
            .iter()
            .map(|(k, a)| (k.clone(), a.clone()))
            .collect()
    }

    /// Every sequence that runs `action` alone in `ctx`: the context's own
    /// table first, then the global bindings visible there; shortest first
    /// within each, for status bar hints.
    pub fn keys_for(&self, ctx: Context, action: Action) -> Vec<Vec<Key>> {
        let pick = |entries: Vec<Entry<'_>>| {
            let mut seqs: Vec<Vec<Key>> = entries
                .into_iter()
                .filter(|(_, a)| *a == [action])
                .map(|(s, _)| s.to_vec())
                .collect();
            seqs.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
            seqs
        };
        let own = self.tables[ctx.index()]
            .iter()
            .map(|(s, a)| (s.as_slice(), a.as_slice()))
            .collect();
        let mut out = pick(own);
        if ctx != Context::Global {
            out.extend(pick(self.inherited(ctx).collect()));
        }
        out
    }

    /// Global bindings visible in `ctx` (none for the global context itself).
    fn inherited(&self, ctx: Context) -> impl Iterator<Item = Entry<'_>> {
        let own = &self.tables[ctx.index()];
        let global = if ctx == Context::Global {
            None
        } else {
            Some(&self.tables[Context::Global.index()])
        };
        global
            .into_iter()
            .flatten()
            .filter_map(move |(seq, actions)| {
                if ctx.hides_printable_globals() && seq.first().is_some_and(|k| k.is_printable()) {
                    return None;
                }
                let clashes = (1..=seq.len()).any(|n| own.contains_key(&seq[..n]))
                    || own
                        .range(seq.clone()..)
                        .next()
                        .is_some_and(|(o, _)| o.starts_with(seq));
                (!clashes).then_some((seq.as_slice(), actions.as_slice()))
            })
    }

    /// All bindings in effect in `ctx`: its own table, then what it inherits
    /// from global. Sorted within each part.
    pub fn effective(&self, ctx: Context) -> Vec<(Vec<Key>, Vec<Action>, Context)> {
        let own = self.tables[ctx.index()]
            .iter()
            .map(|(s, a)| (s.clone(), a.clone(), ctx));
        let inherited = self
            .inherited(ctx)
            .map(|(s, a)| (s.to_vec(), a.to_vec(), Context::Global));
        own.chain(inherited).collect()
    }

    /// What `seq` means in `ctx`, the global table included.
    pub fn lookup(&self, ctx: Context, seq: &[Key]) -> Lookup<'_> {
        if seq.is_empty() {
            return Lookup::Prefix;
        }
        let own = &self.tables[ctx.index()];
        if let Some(actions) = own.get(seq) {
            return Lookup::Exact(actions);
        }
        if own
            .range(seq.to_vec()..)
            .next()
            .is_some_and(|(o, _)| o.starts_with(seq))
        {
            return Lookup::Prefix;
        }
        let mut prefix = false;
        for (s, actions) in self.inherited(ctx) {
            if s == seq {
                return Lookup::Exact(actions);
            }
            prefix |= s.starts_with(seq);
        }
        if prefix { Lookup::Prefix } else { Lookup::None }
    }

    /// Possible next keys after `pending` in `ctx`, each with the bindings
    /// it leads to: the actions if it completes one, or `None` if more keys
    /// must follow.
    pub fn next_keys(&self, ctx: Context, pending: &[Key]) -> BTreeMap<Key, Option<Vec<Action>>> {
        let mut out = BTreeMap::new();
        let own = self.tables[ctx.index()]
            .iter()
            .map(|(s, a)| (s.as_slice(), a.as_slice()));
        for (seq, actions) in own.chain(self.inherited(ctx)) {
            if seq.len() > pending.len() && seq.starts_with(pending) {
                let next = seq[pending.len()];
                let value = (seq.len() == pending.len() + 1).then(|| actions.to_vec());
                out.entry(next).or_insert(value);
            }
        }
        out
    }

    /// Pairs (shorter, longer) in `ctx`'s own table where the shorter
    /// sequence is a prefix of the longer, which would make the longer one
    /// unreachable. Configuration reports these as errors.
    pub fn prefix_conflicts(&self, ctx: Context) -> Vec<(Vec<Key>, Vec<Key>)> {
        let table = &self.tables[ctx.index()];
        let mut out = Vec::new();
        for seq in table.keys() {
            for n in 1..seq.len() {
                if table.contains_key(&seq[..n]) {
                    out.push((seq[..n].to_vec(), seq.clone()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::key::parse_sequence;

    pub(crate) fn seq(s: &str) -> Vec<Key> {
        match parse_sequence(s) {
            Ok(k) => k,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn sample() -> Keymap {
        let mut m = Keymap::new();
        m.bind(Context::Global, seq("C-c"), vec![Action::Quit]);
        m.bind(Context::Global, seq("?"), vec![Action::Help]);
        m.bind(Context::Global, seq("j"), vec![Action::Down]);
        m.bind(Context::Global, seq("down"), vec![Action::Down]);
        m.bind(Context::Global, seq("z z"), vec![Action::First]);
        m.bind(Context::List, seq("g g"), vec![Action::First]);
        m.bind(Context::List, seq("j"), vec![Action::Down, Action::Open]);
        m.bind(Context::List, seq("z"), vec![Action::Last]);
        m
    }

    #[test]
    fn context_names() {
        assert_eq!("list".parse::<Context>(), Ok(Context::List));
        let err = "lst".parse::<Context>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown key context \"lst\" — did you mean \"list\"?"
        );
    }

    #[test]
    fn context_table_shadows_global() {
        let m = sample();
        assert_eq!(
            m.lookup(Context::List, &seq("j")),
            Lookup::Exact(&[Action::Down, Action::Open])
        );
        assert_eq!(
            m.lookup(Context::Reader, &seq("j")),
            Lookup::Exact(&[Action::Down])
        );
        assert_eq!(
            m.lookup(Context::List, &seq("C-c")),
            Lookup::Exact(&[Action::Quit])
        );
        assert_eq!(m.lookup(Context::List, &seq("g")), Lookup::Prefix);
        assert_eq!(m.lookup(Context::Reader, &seq("g")), Lookup::None);
        // list binds "z", which hides the global "z z" there
        assert_eq!(
            m.lookup(Context::List, &seq("z")),
            Lookup::Exact(&[Action::Last])
        );
        assert_eq!(m.lookup(Context::Reader, &seq("z")), Lookup::Prefix);
        assert_eq!(
            m.lookup(Context::Reader, &seq("z z")),
            Lookup::Exact(&[Action::First])
        );
    }

    #[test]
    fn prompt_does_not_inherit_printable_global_keys() {
        let m = sample();
        assert_eq!(m.lookup(Context::Prompt, &seq("j")), Lookup::None);
        assert_eq!(m.lookup(Context::Prompt, &seq("?")), Lookup::None);
        assert_eq!(m.lookup(Context::Prompt, &seq("z")), Lookup::None);
        assert_eq!(
            m.lookup(Context::Prompt, &seq("C-c")),
            Lookup::Exact(&[Action::Quit])
        );
        assert_eq!(
            m.lookup(Context::Prompt, &seq("down")),
            Lookup::Exact(&[Action::Down])
        );
    }

    #[test]
    fn keys_for_lists_context_then_global() {
        let m = sample();
        assert_eq!(
            m.keys_for(Context::Reader, Action::Down),
            vec![seq("j"), seq("down")]
        );
        // list's "j" runs two actions, so it is not a key for Down alone
        assert_eq!(m.keys_for(Context::List, Action::Down), vec![seq("down")]);
        assert_eq!(m.keys_for(Context::List, Action::First), vec![seq("g g")]);
        assert_eq!(
            m.keys_for(Context::Prompt, Action::Help),
            Vec::<Vec<Key>>::new()
        );
    }

    #[test]
    fn bindings_unbind_and_conflicts() {
        let mut m = sample();
        assert_eq!(m.bindings(Context::List).len(), 3);
        m.unbind(Context::List, &seq("j"));
        assert_eq!(
            m.lookup(Context::List, &seq("j")),
            Lookup::Exact(&[Action::Down])
        );
        assert!(m.prefix_conflicts(Context::List).is_empty());
        m.bind(Context::List, seq("g"), vec![Action::First]);
        assert_eq!(
            m.prefix_conflicts(Context::List),
            vec![(seq("g"), seq("g g"))]
        );
        let next = m.next_keys(Context::Reader, &seq("z"));
        assert_eq!(next.get(&seq("z")[0]), Some(&Some(vec![Action::First])));
    }
}
