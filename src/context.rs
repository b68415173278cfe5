//! The key contexts, defined once. A context is where a key is pressed: the
//! global table every view inherits, and one per view of the App. From this
//! one definition come the `[keys.<name>]` tables of `config.toml` (and
//! their names in error messages), the App's modes ([`crate::app::App::mode`]),
//! the help screen's sections and `xemtin keys` (their titles are
//! [`Context::label`] in the string table), and the status-bar hints
//! ([`Context::hints`]).
//!
//! Adding a view means adding one line to the table below, its hints to
//! [`Context::hints`] (the `match` makes forgetting them a compile error) and
//! its words to `i18n`.

use std::fmt;
use std::str::FromStr;

use crate::action::{Action, closest};
use crate::i18n::Word;

macro_rules! contexts {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, $label:ident; )*) => {
        /// Where a key is pressed; each has its own table, `[keys.<name>]`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Context { $( $(#[$doc])* $variant, )* }

        impl Context {
            /// Every context, in the order help and `xemtin keys` list them.
            pub const ALL: [Context; [$( stringify!($variant) ),*].len()] =
                [ $( Context::$variant, )* ];

            /// The name of the context's table in `config.toml`.
            pub fn name(self) -> &'static str {
                match self { $( Context::$variant => $name, )* }
            }

            /// Its title in help and `xemtin keys`, from the string table.
            pub fn label(self) -> Word {
                match self { $( Context::$variant => Word::$label, )* }
            }
        }
    };
}

contexts! {
    /// Bindings every view inherits unless its own table binds the same keys.
    Global => "global", ContextGlobal;
    /// The article list.
    List => "list", ContextList;
    /// An article open for reading.
    Reader => "reader", ContextReader;
    /// A line being typed: date, source, search or link number.
    Prompt => "prompt", ContextPrompt;
    /// The help overlay.
    Help => "help", ContextHelp;
    /// The calendar: a month (or a year) of days with their article counts.
    Calendar => "calendar", ContextCalendar;
}

/// One item of a view's status-bar hints: the keys bound to `actions`
/// (joined with `/`), then `word`. Left out when an action has no key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub actions: &'static [Action],
    pub word: Word,
}

const fn hint(actions: &'static [Action], word: Word) -> Hint {
    Hint { actions, word }
}

impl Context {
    /// How many contexts there are: the keymap holds one table per context.
    pub const COUNT: usize = Context::ALL.len();

    /// Position in [`Context::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The status-bar hints shown while this context is in force.
    pub fn hints(self) -> &'static [Hint] {
        use Action::*;
        const LIST: &[Hint] = &[
            hint(&[Down, Up], Word::HintMove),
            hint(&[Open], Word::HintOpen),
            hint(&[DatePrompt], Word::HintDate),
            hint(&[DatePrev, DateNext], Word::HintStepDate),
            hint(&[Help], Word::HintHelp),
            hint(&[Back], Word::HintQuit),
            hint(&[FocusPane], Word::HintPane),
        ];
        const READER: &[Hint] = &[
            hint(&[Down, Up], Word::HintScroll),
            hint(&[PageDown], Word::HintPage),
            hint(&[NextArticle, PrevArticle], Word::HintNextPrev),
            hint(&[Help], Word::HintHelp),
            hint(&[Back], Word::HintBack),
            hint(&[FocusPane], Word::HintPane),
        ];
        const PROMPT: &[Hint] = &[
            hint(&[Submit], Word::HintApply),
            hint(&[Cancel], Word::HintCancel),
        ];
        const HELP: &[Hint] = &[
            hint(&[Down, Up], Word::HintScroll),
            hint(&[Back], Word::HintClose),
        ];
        const CALENDAR: &[Hint] = &[
            hint(&[Left, Right, Up, Down], Word::HintDay),
            hint(&[PrevMonth, NextMonth], Word::HintMonth),
            hint(&[Open], Word::HintShowDay),
            hint(&[ShowMonth], Word::HintShowMonth),
            hint(&[ToggleYear], Word::HintYear),
            hint(&[Back], Word::HintBack),
        ];
        match self {
            Context::Global => &[],
            Context::Calendar => CALENDAR,
            Context::List => LIST,
            Context::Reader => READER,
            Context::Prompt => PROMPT,
            Context::Help => HELP,
        }
    }

    /// Whether a printable key that no binding takes is typed as text (the
    /// prompt's line, the help filter).
    pub fn types_text(self) -> bool {
        match self {
            Context::Prompt | Context::Help => true,
            Context::Global | Context::List | Context::Reader | Context::Calendar => false,
        }
    }

    /// Whether every printable key must reach the text being typed, so the
    /// global table's printable sequences are not inherited (the prompt).
    /// The help filter keeps them: `q` and `?` still close help.
    pub fn hides_printable_globals(self) -> bool {
        self == Context::Prompt
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A context name that does not exist, with the nearest real one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownContext {
    pub given: String,
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown key context \"{}\"", self.given)?;
        match self.suggestion {
            Some(s) => write!(f, " — did you mean \"{s}\"?"),
            None => {
                let names = Context::ALL.map(Context::name);
                write!(f, " (contexts: {})", names.join(", "))
            }
        }
    }
}

impl std::error::Error for UnknownContext {}

impl FromStr for Context {
    type Err = UnknownContext;

    fn from_str(s: &str) -> Result<Context, UnknownContext> {
        Context::ALL
            .iter()
            .copied()
            .find(|c| c.name() == s)
            .ok_or_else(|| UnknownContext {
                given: s.to_string(),
                suggestion: closest(s, Context::ALL.iter().map(|c| c.name())),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_context_sits_at_its_index_and_reads_back_from_its_name() {
        for (i, &ctx) in Context::ALL.iter().enumerate() {
            assert_eq!(ctx.index(), i, "{ctx}");
            assert_eq!(ctx.name().parse::<Context>(), Ok(ctx));
        }
        let names: std::collections::BTreeSet<&str> =
            Context::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), Context::COUNT, "names are distinct");
    }

    #[test]
    fn unknown_names_suggest_the_nearest() {
        let err = "lst".parse::<Context>().unwrap_err();
        assert_eq!(err.suggestion, Some("list"));
        let err = "zzzzzzzz".parse::<Context>().unwrap_err();
        assert!(err.to_string().contains("global, list, reader"), "{err}");
    }

    #[test]
    fn every_view_has_hints_and_the_global_table_none() {
        for ctx in Context::ALL {
            assert_eq!(ctx.hints().is_empty(), ctx == Context::Global, "{ctx}");
        }
    }
}
