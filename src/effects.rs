//! Carrying out what the App asks of the world ([`Effect`]): opening a link
//! in the browser, copying one through the terminal, starting a fetch. The
//! event loop calls [`Effects::perform`] after each key and hands the
//! [`Notice`] it returns to the App, which says what happened.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::app::views::ViewSave;
use crate::app::{Effect, NotCopied, NotOpened, Notice};
use crate::config::views::{AddViewError, SavedView, add_view};
use crate::config::{NotifyChoice, TerminalOptions};
use crate::i18n::{Language, terminal_words};
use crate::ingest::clean::escape_controls;
use crate::jobs::Jobs;
use crate::links::{self, MAX_COPY, OpenError};
use crate::osc;

/// What effects need: the background jobs and two settings.
#[derive(Debug)]
pub struct Effects {
    pub jobs: Jobs,
    /// `ui.osc52`: copy with OSC 52 (else show the link).
    pub osc52: bool,
    /// `$BROWSER`, read once at start.
    pub browser: Option<String>,
    /// The mouse, hyperlinks, window title and notifications (`[ui]`).
    pub terminal: TerminalOptions,
    /// The config.toml views are saved in: the one in effect, else where
    /// the user's goes (None: no place for one is known).
    pub config_file: Option<PathBuf>,
}

impl Effects {
    /// Do `effect`; `out` is the terminal, written between frames.
    pub fn perform(&mut self, effect: Effect, out: &mut dyn Write) -> Notice {
        match effect {
            Effect::Open(url) => {
                let url = escape_controls(&url).into_owned();
                match links::open(&url, self.browser.as_deref()) {
                    Ok(program) => Notice::Opened {
                        url,
                        program: escape_controls(&program).into_owned(),
                    },
                    Err(e) => Notice::NotOpened {
                        url,
                        why: not_opened(e),
                    },
                }
            }
            Effect::Copy(url) => {
                let url = escape_controls(&url).into_owned();
                match self.copy(&url, out) {
                    Ok(()) => Notice::Copied { url },
                    Err(why) => Notice::NotCopied { url, why },
                }
            }
            Effect::Fetch => Notice::FetchAsked(self.jobs.start_fetch()),
            Effect::Marks(job) => {
                self.jobs.start_marks(job);
                Notice::MarksAsked
            }
            Effect::Count(job) => {
                self.jobs.start_count(job);
                Notice::CountAsked
            }
            Effect::SaveView(view) => Notice::ViewSave(match &self.config_file {
                Some(path) => save_view(path, view),
                None => ViewSave::Failed {
                    name: escape_controls(&view.name).into_owned(),
                    why: "no config folder is known: start xemtin with --config FILE".to_string(),
                },
            }),
        }
    }

    /// A desktop notification (`ui.notify`) when a fetch brought new
    /// articles: their count in the user's language, nothing else.
    pub fn announce(&self, notice: &Notice, lang: Language, out: &mut dyn Write) -> io::Result<()> {
        let Notice::Fetched(summary) = notice else {
            return Ok(());
        };
        if summary.new == 0 || self.terminal.notify == NotifyChoice::Off {
            return Ok(());
        }
        let text = format!("{} {}", summary.new, terminal_words(lang).new_articles);
        out.write_all(&osc::notification(self.terminal.notify, &text))?;
        out.flush()
    }

    fn copy(&self, url: &str, out: &mut dyn Write) -> Result<(), NotCopied> {
        if !self.osc52 {
            return Err(NotCopied::Off);
        }
        if url.len() > MAX_COPY {
            return Err(NotCopied::TooLong(MAX_COPY));
        }
        out.write_all(links::osc52(url).as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| NotCopied::Terminal(e.to_string()))
    }
}

/// Add `view` to the config file at `path` (created, with its folder, when
/// missing), keeping everything the file holds: the result must load as a
/// configuration, and replaces the file at once or not at all.
fn save_view(path: &Path, view: SavedView) -> ViewSave {
    let file = escape_controls(&path.display().to_string()).into_owned();
    let name = escape_controls(&view.name).into_owned();
    let failed = |why: String| ViewSave::Failed {
        name: name.clone(),
        why: escape_controls(&format!("{file}: {why}")).into_owned(),
    };
    let current = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return failed(format!("cannot read: {e}")),
    };
    let updated = match add_view(&current, &view) {
        Ok(text) => text,
        Err(AddViewError::Exists(name)) => {
            let name = escape_controls(&name).into_owned();
            return ViewSave::Exists { name, file };
        }
        Err(AddViewError::Unreadable(why)) => return failed(why),
    };
    if let Err(errors) = crate::config::load(Some((&file, &updated))) {
        let first = errors.first().map(ToString::to_string).unwrap_or_default();
        return failed(format!("the file would not load with the view: {first}"));
    }
    match crate::fetch::write_atomic(path, updated.as_bytes()) {
        Ok(()) => ViewSave::Saved { view, file },
        Err(e) => failed(format!("cannot write: {e}")),
    }
}

fn not_opened(e: OpenError) -> NotOpened {
    match e {
        OpenError::Refused => NotOpened::LooksLikeOption,
        OpenError::NoBrowser(tried) => NotOpened::NoBrowser(
            tried
                .into_iter()
                .map(|(p, why)| {
                    let why = why.map(|w| escape_controls(&w).into_owned());
                    (escape_controls(&p).into_owned(), why)
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::FetchStart;
    use crate::store::StorePaths;

    fn setup(osc52: bool) -> (Effects, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let (tx, _rx) = std::sync::mpsc::channel();
        let paths = StorePaths {
            index: dir.path().join("i.db"),
            state: dir.path().join("s.db"),
        };
        let jobs = Jobs::new(tx, dir.path().to_path_buf(), paths, Vec::new(), 0);
        let effects = Effects {
            jobs,
            osc52,
            terminal: TerminalOptions::default(),
            browser: None,
            config_file: Some(dir.path().join("config").join("config.toml")),
        };
        (effects, dir)
    }

    #[test]
    fn new_articles_are_announced_only_when_asked() {
        use crate::app::FetchSummary;
        let (mut fx, _dir) = setup(true);
        let news = |new| {
            Notice::Fetched(FetchSummary {
                new,
                ..FetchSummary::default()
            })
        };
        let mut out = Vec::new();
        fx.announce(&news(3), Language::En, &mut out).unwrap();
        assert!(out.is_empty(), "ui.notify is off by default");
        fx.terminal.notify = NotifyChoice::Osc777;
        fx.announce(&news(3), Language::Vi, &mut out).unwrap();
        assert_eq!(out, "\x1b]777;notify;xemtin;3 tin mới\x1b\\".as_bytes());
        out.clear();
        fx.terminal.notify = NotifyChoice::Osc9;
        fx.announce(&news(0), Language::En, &mut out).unwrap();
        fx.announce(&Notice::Problem("x".into()), Language::En, &mut out)
            .unwrap();
        assert!(out.is_empty(), "nothing new, nothing said");
        fx.announce(&news(12), Language::En, &mut out).unwrap();
        assert_eq!(out, b"\x1b]9;xemtin: 12 new articles\x1b\\");
    }

    #[test]
    fn copy_writes_one_osc52_sequence_and_says_so() {
        let (mut fx, _dir) = setup(true);
        let mut out = Vec::new();
        let notice = fx.perform(Effect::Copy("https://x.vn/a".into()), &mut out);
        assert_eq!(out, b"\x1b]52;c;aHR0cHM6Ly94LnZuL2E=\x07");
        assert_eq!(
            notice,
            Notice::Copied {
                url: "https://x.vn/a".into()
            }
        );
    }

    #[test]
    fn copy_turned_off_writes_nothing() {
        let (mut fx, _dir) = setup(false);
        let mut out = Vec::new();
        let notice = fx.perform(Effect::Copy("https://x.vn/a".into()), &mut out);
        assert!(out.is_empty());
        assert_eq!(
            notice,
            Notice::NotCopied {
                url: "https://x.vn/a".into(),
                why: NotCopied::Off
            }
        );
    }

    #[test]
    fn a_link_too_long_to_copy_is_refused_before_writing() {
        let (mut fx, _dir) = setup(true);
        let mut out = Vec::new();
        let url = format!("https://x.vn/{}", "a".repeat(MAX_COPY));
        let notice = fx.perform(Effect::Copy(url), &mut out);
        assert!(out.is_empty());
        assert!(
            matches!(notice, Notice::NotCopied { why: NotCopied::TooLong(max), .. } if max == MAX_COPY)
        );
    }

    #[test]
    fn an_option_like_address_is_refused_and_control_characters_escaped() {
        let (mut fx, _dir) = setup(true);
        let mut out = Vec::new();
        let notice = fx.perform(Effect::Open("--help\x1b[2J".into()), &mut out);
        match notice {
            Notice::NotOpened { url, why } => {
                assert_eq!(why, NotOpened::LooksLikeOption);
                assert!(!url.contains('\x1b'), "{url:?}");
            }
            other => panic!("{other:?}"),
        }
        let e = OpenError::NoBrowser(vec![("fire\x07fox".into(), None)]);
        let NotOpened::NoBrowser(tried) = not_opened(e) else {
            panic!("no browser")
        };
        assert!(!tried[0].0.contains('\x07') && tried[0].1.is_none());
        assert!(out.is_empty());
    }

    #[test]
    fn fetch_without_feeds_says_why() {
        let (mut fx, _dir) = setup(true);
        let notice = fx.perform(Effect::Fetch, &mut Vec::new());
        let expected = if cfg!(feature = "http") {
            FetchStart::NoFeeds
        } else {
            FetchStart::NotBuilt
        };
        assert_eq!(notice, Notice::FetchAsked(expected));
    }
}
