//! What the App hears besides actions: news from the work running in the
//! background (indexing, fetching) and the outcome of the [`Effect`]s it
//! asked for. The event loop hands each [`Notice`] to [`App::on_notice`];
//! the App alone decides what it changes and says, in the user's language.
//!
//! [`Effect`]: super::Effect

use super::{App, Status};
use crate::catalog::Catalog;
use crate::i18n::{Message, Word};

/// Work in the background, as far as it has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indexing {
    pub done: usize,
    pub total: usize,
    /// The second stage: the list is complete, the full-text index fills.
    pub text: bool,
}

/// What a fetch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchSummary {
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    /// The first failure: the feed's name and why (control characters
    /// escaped). In a scheduled fetch, only a feed not reported failing
    /// before in this run: each is said once.
    pub first_error: Option<String>,
    /// Articles the index gained from what was fetched ("12 new").
    pub new: usize,
    /// Started by `[fetch]` (on start, every N minutes), not by a key: says
    /// nothing unless something is new.
    pub scheduled: bool,
    /// Feeds the server asked to wait (HTTP 429, 503), with the seconds
    /// until the next try (control characters escaped).
    pub waiting: Vec<(String, u64)>,
}

/// What asking for a fetch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchStart {
    /// A fetch of `total` feeds started.
    Started { total: usize },
    /// There are no `[[feeds]]` to fetch.
    NoFeeds,
    /// A fetch is running already.
    Running,
    /// This xemtin was built without the `http` feature.
    NotBuilt,
}

/// Why a link was not opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotOpened {
    /// It starts with `-` and would be read as an option.
    LooksLikeOption,
    /// No browser program could be started: each tried, with the system's
    /// error, or `None` when the program does not exist.
    NoBrowser(Vec<(String, Option<String>)>),
}

/// Why a link was not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotCopied {
    /// `ui.osc52` is off: the link is shown instead.
    Off,
    /// Longer than this many bytes.
    TooLong(usize),
    /// The terminal could not be written to.
    Terminal(String),
}

/// News for the App. Text in it (addresses, program names, errors) has its
/// control characters escaped by whoever sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Index rows written so far; the list is asked again to show them.
    Indexing(Indexing),
    /// Indexing ended: how many files are skipped now, or why it failed.
    Indexed {
        skipped: usize,
        error: Option<String>,
    },
    /// Feeds downloaded so far.
    Fetching {
        done: usize,
        total: usize,
    },
    /// The fetch ended, and the index took in what it saved.
    Fetched(FetchSummary),
    /// What asking for a fetch ([`super::Effect::Fetch`]) did.
    FetchAsked(FetchStart),
    /// A link was handed to this browser program.
    Opened {
        url: String,
        program: String,
    },
    NotOpened {
        url: String,
        why: NotOpened,
    },
    /// A link was put on the clipboard.
    Copied {
        url: String,
    },
    NotCopied {
        url: String,
        why: NotCopied,
    },
    /// A key bound to nothing in the view in front, as the user would
    /// write it, and the character it types, if it is printable.
    KeyUnbound {
        key: String,
        typed: Option<char>,
    },
    /// A key sequence ended unfinished: Esc cancelled it, or its last key
    /// continues no binding.
    SequenceEnded {
        keys: String,
        cancelled: bool,
    },
    /// Something outside went wrong; the text says what.
    Problem(String),
    /// A catch-up's marks (or its undo's) were saved by a job, or not.
    MarksSaved(super::catchup::MarksSaved),
    /// A job to save marks started.
    MarksAsked,
    /// The list's counts, counted by a job ([`super::Effect::Count`]).
    Counted(super::counting::Counted),
    /// A count job was asked.
    CountAsked,
    /// What became of saving a view ([`super::Effect::SaveView`]).
    ViewSave(super::views::ViewSave),
}

/// The notices waiting, with each run of indexing reports of one stage cut
/// to its last: each asks the list again (counts over the whole index), and
/// a key pressed meanwhile waits for all of them. The last report of the
/// article stage is kept before the text stage's first: only it shows the
/// list complete.
pub fn coalesce(notices: impl Iterator<Item = Notice>) -> Vec<Notice> {
    let stage = |n: &Notice| match n {
        Notice::Indexing(i) => Some(i.text),
        _ => None,
    };
    let mut out: Vec<Notice> = Vec::new();
    for notice in notices {
        if stage(&notice).is_some() && out.last().and_then(stage) == stage(&notice) {
            out.pop();
        }
        out.push(notice);
    }
    out
}

impl App {
    /// Take in news from outside the App: background progress, finished
    /// jobs, what became of an effect, a key that meant nothing.
    pub fn on_notice(&mut self, notice: Notice, catalog: &mut dyn Catalog) {
        let lang = self.options.language;
        let say = |text: String, is_error: bool| Some(Status { text, is_error });
        let status = match notice {
            Notice::Indexing(progress) => {
                if self.indexing.is_none() {
                    catalog.indexing(true);
                }
                self.indexing = Some(progress);
                // the text stage adds nothing to the list
                if !progress.text {
                    self.refresh(catalog);
                }
                None
            }
            Notice::Indexed { skipped, error } => {
                self.indexing = None;
                catalog.indexing(false);
                self.options.skipped = skipped;
                self.refresh(catalog);
                error.and_then(|e| say(e, true))
            }
            Notice::Fetching { done, total } => {
                self.fetching = Some(Indexing {
                    done,
                    total,
                    text: false,
                });
                None
            }
            Notice::Fetched(s) => {
                self.fetching = None;
                self.fetched_status(&s)
            }
            Notice::FetchAsked(start) => {
                let word = match start {
                    FetchStart::Started { total } => {
                        self.fetching = Some(Indexing {
                            done: 0,
                            total,
                            text: false,
                        });
                        return;
                    }
                    FetchStart::NoFeeds => Word::FetchNoFeeds,
                    FetchStart::Running => Word::FetchRunning,
                    FetchStart::NotBuilt => Word::FetchNotBuilt,
                };
                say(word.text(lang).to_string(), start != FetchStart::Running)
            }
            Notice::Opened { url, program } => {
                let message = Message::Opened {
                    url: &url,
                    program: &program,
                };
                say(message.text(lang), false)
            }
            Notice::NotOpened { url, why } => {
                let text = match why {
                    NotOpened::LooksLikeOption => Message::NotOpenedOption { url: &url }.text(lang),
                    NotOpened::NoBrowser(tried) => {
                        let not_found = Word::NotFound.text(lang);
                        let tried: Vec<String> = tried
                            .iter()
                            .map(|(p, why)| {
                                format!("{p} ({})", why.as_deref().unwrap_or(not_found))
                            })
                            .collect();
                        Message::NoBrowser {
                            tried: &tried.join(", "),
                        }
                        .text(lang)
                    }
                };
                say(text, true)
            }
            Notice::Copied { url } => say(Message::Copied { url: &url }.text(lang), false),
            Notice::NotCopied { url, why } => match why {
                NotCopied::Off => say(Message::CopyOff { url: &url }.text(lang), false),
                NotCopied::TooLong(max) => say(Message::CopyTooLong { max }.text(lang), true),
                NotCopied::Terminal(why) => say(Message::CopyFailed { why: &why }.text(lang), true),
            },
            Notice::KeyUnbound { key, typed } => match typed {
                Some(c) if self.mode().types_text() => {
                    self.type_char(c, catalog);
                    return;
                }
                _ => say(Message::KeyUnbound { key: &key }.text(lang), false),
            },
            Notice::SequenceEnded { keys, cancelled } => {
                let message = match cancelled {
                    true => Message::SequenceCancelled { keys: &keys },
                    false => Message::SequenceUnbound { keys: &keys },
                };
                say(message.text(lang), false)
            }
            Notice::Problem(text) => say(text, true),
            Notice::MarksSaved(saved) => {
                self.marks_saved(saved, catalog);
                None
            }
            Notice::MarksAsked | Notice::CountAsked => None,
            Notice::Counted(counted) => {
                self.on_counted(counted, catalog);
                None
            }
            Notice::ViewSave(outcome) => return self.on_view_save(outcome),
        };
        if status.is_some() {
            self.status = status;
        }
    }
}
