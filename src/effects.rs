//! Carrying out what the App asks of the world ([`Effect`]): opening a link
//! in the browser, copying one through the terminal, starting a fetch. The
//! event loop calls [`Effects::perform`] after each key; each effect ends
//! with a line in the status bar saying what happened.

use std::io::Write;

use crate::app::{App, Effect, Indexing};
use crate::i18n::Language;
use crate::ingest::clean::escape_controls;
use crate::jobs::{FetchStart, Jobs};
use crate::links::{self, MAX_COPY, OpenError};

/// What effects need: the background jobs and two settings.
#[derive(Debug)]
pub struct Effects {
    pub jobs: Jobs,
    /// `ui.osc52`: copy with OSC 52 (else show the link).
    pub osc52: bool,
    /// `$BROWSER`, read once at start.
    pub browser: Option<String>,
}

fn say(lang: Language, en: String, vi: String) -> String {
    match lang {
        Language::En => en,
        Language::Vi => vi,
    }
}

impl Effects {
    /// Do `effect`; `out` is the terminal, written between frames.
    pub fn perform(&mut self, effect: Effect, app: &mut App, out: &mut dyn Write) {
        let lang = app.options.language;
        match effect {
            Effect::Open(url) => {
                let url = escape_controls(&url).into_owned();
                match links::open(&url, self.browser.as_deref()) {
                    Ok(program) => {
                        let program = escape_controls(&program);
                        let text = say(
                            lang,
                            format!("Opened {url} with {program}"),
                            format!("Đã mở {url} bằng {program}"),
                        );
                        app.set_status(text, false);
                    }
                    Err(e) => app.set_status(open_failed(lang, &url, &e), true),
                }
            }
            Effect::Copy(url) => {
                let url = escape_controls(&url).into_owned();
                let (text, is_error) = self.copy(lang, &url, out);
                app.set_status(text, is_error);
            }
            Effect::Fetch => {
                let start = self.jobs.start_fetch();
                if let FetchStart::Started { total } = start {
                    app.fetching = Some(Indexing {
                        done: 0,
                        total,
                        text: false,
                    });
                }
                if let Some(text) = start.message(lang) {
                    app.set_status(text, start != FetchStart::Running);
                }
            }
        }
    }

    fn copy(&self, lang: Language, url: &str, out: &mut dyn Write) -> (String, bool) {
        if !self.osc52 {
            let text = say(
                lang,
                format!("Copying is off (ui.osc52 = false in config.toml); the link: {url}"),
                format!(
                    "Tính năng chép đang tắt (ui.osc52 = false trong config.toml); liên kết: {url}"
                ),
            );
            return (text, false);
        }
        if url.len() > MAX_COPY {
            let text = say(
                lang,
                format!("Not copied: the link is longer than {MAX_COPY} bytes"),
                format!("Chưa chép: liên kết dài hơn {MAX_COPY} byte"),
            );
            return (text, true);
        }
        let written = out
            .write_all(links::osc52(url).as_bytes())
            .and_then(|()| out.flush());
        match written {
            Ok(()) => (
                say(lang, format!("Copied {url}"), format!("Đã chép {url}")),
                false,
            ),
            Err(e) => (
                say(
                    lang,
                    format!("Not copied: the terminal could not be written to ({e})"),
                    format!("Chưa chép: không ghi được ra terminal ({e})"),
                ),
                true,
            ),
        }
    }
}

fn open_failed(lang: Language, url: &str, e: &OpenError) -> String {
    match e {
        OpenError::Refused => say(
            lang,
            format!("Not opened: {url} looks like an option, not a link"),
            format!("Chưa mở: {url} trông như một tùy chọn, không phải liên kết"),
        ),
        OpenError::NoBrowser(tried) => {
            let list: Vec<String> = tried
                .iter()
                .map(|(p, why)| format!("{} ({why})", escape_controls(p)))
                .collect();
            let list = list.join(", ");
            say(
                lang,
                format!(
                    "Not opened: no browser could be started (tried {list}); set BROWSER to your browser's program"
                ),
                format!(
                    "Chưa mở: không chạy được trình duyệt nào (đã thử {list}); đặt biến BROWSER là chương trình trình duyệt"
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Options;
    use crate::app::reader::ReaderLayout;
    use crate::catalog::Memory;
    use crate::store::StorePaths;
    use chrono::NaiveDate;

    fn setup(osc52: bool) -> (Effects, App, tempfile::TempDir) {
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
            browser: None,
        };
        let options = Options {
            layout: ReaderLayout::default(),
            language: Language::En,
            today: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            help: vec![],
            skipped: 0,
        };
        let app = App::new(options, 80, 24, &mut Memory::new(Vec::new()));
        (effects, app, dir)
    }

    #[test]
    fn copy_writes_one_osc52_sequence_and_says_so() {
        let (mut fx, mut app, _dir) = setup(true);
        let mut out = Vec::new();
        fx.perform(Effect::Copy("https://x.vn/a".into()), &mut app, &mut out);
        assert_eq!(out, b"\x1b]52;c;aHR0cHM6Ly94LnZuL2E=\x07");
        let status = app.status.clone().unwrap();
        assert_eq!(status.text, "Copied https://x.vn/a");
        assert!(!status.is_error);
    }

    #[test]
    fn copy_turned_off_writes_nothing_and_shows_the_link() {
        let (mut fx, mut app, _dir) = setup(false);
        let mut out = Vec::new();
        fx.perform(Effect::Copy("https://x.vn/a".into()), &mut app, &mut out);
        assert!(out.is_empty());
        let text = app.status.clone().unwrap().text;
        assert!(
            text.contains("ui.osc52") && text.contains("https://x.vn/a"),
            "{text}"
        );
    }

    #[test]
    fn an_unusable_address_or_browser_is_reported() {
        let (mut fx, mut app, _dir) = setup(true);
        let mut out = Vec::new();
        fx.perform(Effect::Open("--help".into()), &mut app, &mut out);
        let status = app.status.clone().unwrap();
        assert!(status.is_error && status.text.starts_with("Not opened"));
        let e = OpenError::NoBrowser(vec![("firefox".into(), "not found".into())]);
        let text = open_failed(Language::En, "https://x.vn", &e);
        assert!(text.contains("firefox (not found)") && text.contains("set BROWSER"));
        assert!(out.is_empty());
    }

    #[test]
    fn fetch_without_feeds_says_how_to_add_one() {
        let (mut fx, mut app, _dir) = setup(true);
        fx.perform(Effect::Fetch, &mut app, &mut Vec::new());
        let text = app.status.clone().unwrap().text;
        if cfg!(feature = "http") {
            assert!(text.contains("[[feeds]]"), "{text}");
        } else {
            assert!(text.contains("without HTTP support"), "{text}");
        }
        assert_eq!(app.fetching, None);
    }
}
