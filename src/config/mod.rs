//! config.toml: the embedded defaults, the user file merged over them, and
//! errors with positions.
//!
//! The top-level `config.toml` of the repository is the documented default
//! configuration and is compiled in as [`DEFAULT_TOML`]. A user file holds only
//! what it changes; [`load`] applies the defaults, then the user file, option
//! by option and binding by binding, and reports every mistake it finds with
//! its file, line and column.

mod feeds;
mod parse;
pub mod split;
mod terminal;
mod theme;
pub mod views;

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use feeds::{
    FeedEntry, MAX_NAME_LEN, check_feed_name, check_feed_url, check_tag, feed_name_from_url,
    slugify, toml_string,
};
pub use terminal::{HyperlinkChoice, NotifyChoice, TerminalOptions};
pub use theme::{Theme, parse_color_name};

use crate::keymap::Keymap;

/// The default configuration, documented; the same text as `config.toml`.
pub const DEFAULT_TOML: &str = include_str!("../../config.toml");

/// The name errors in the embedded defaults are reported under.
pub const DEFAULT_NAME: &str = "<built-in config.toml>";

/// Everything configurable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub keys: Keymap,
    pub ui: UiConfig,
    pub reader: ReaderConfig,
    pub list: ListConfig,
    pub theme: Theme,
    pub fetch: FetchConfig,
    /// `[[feeds]]`: every file adds its feeds to those of the files before
    /// (the defaults have none).
    pub feeds: Vec<FeedEntry>,
    /// `[[views]]`: saved views, those of the defaults (none) then each file's.
    pub views: Vec<views::SavedView>,
}

/// `[ui]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiConfig {
    pub language: LanguageChoice,
    pub ascii_borders: bool,
    pub color: ColorChoice,
    /// How long a multi-key sequence waits for its next key.
    pub key_timeout: Duration,
    /// `y` copies with the OSC 52 escape sequence (else it shows the link).
    pub osc52: bool,
    /// Where the calendar shows: beside the list on wide terminals, only
    /// as its own view, or not at all.
    pub calendar: CalendarPlace,
    /// Mouse, hyperlinks, window title, notifications.
    pub terminal: TerminalOptions,
    /// `ui.layout` and the split layout's options.
    pub split: split::SplitConfig,
}

/// `ui.calendar`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CalendarPlace {
    /// Its own view (`c`), and the month beside the list at 120 columns or more.
    #[default]
    Sidebar,
    /// Its own view only.
    Popup,
    /// Neither.
    Off,
}

/// `[reader]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderConfig {
    pub max_width: u16,
    pub justify: bool,
    pub paragraph_spacing: u16,
}

/// `[list]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListConfig {
    /// A chrono strftime format, checked to format a date without a time zone.
    pub date_format: String,
    pub columns: Vec<Column>,
}

/// `[fetch]`: fetching the feeds in the background while the TUI is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FetchConfig {
    /// Fetch every feed when the TUI starts.
    pub on_start: bool,
    /// Fetch every this many minutes (0: never); a feed's own
    /// `every_minutes` overrides it.
    pub every_minutes: u32,
}

/// The longest `every_minutes`: a week.
pub const MAX_EVERY_MINUTES: u32 = 7 * 24 * 60;

/// A column of the article list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Date,
    Source,
    Views,
    Title,
}

impl Column {
    pub const ALL: [Column; 4] = [Column::Date, Column::Source, Column::Views, Column::Title];

    pub fn name(self) -> &'static str {
        match self {
            Column::Date => "date",
            Column::Source => "source",
            Column::Views => "views",
            Column::Title => "title",
        }
    }
}

/// `ui.language`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageChoice {
    Auto,
    En,
    Vi,
}

pub use crate::i18n::Language;

impl LanguageChoice {
    /// The language to use. `lang_env` is the locale from the environment:
    /// the caller passes the first non-empty of `LC_ALL`, then `LANG`.
    /// A locale starting with "vi" (any case) means Vietnamese.
    pub fn resolve(self, lang_env: Option<&str>) -> Language {
        match self {
            LanguageChoice::En => Language::En,
            LanguageChoice::Vi => Language::Vi,
            LanguageChoice::Auto => match lang_env {
                Some(l) if l.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("vi")) => Language::Vi,
                _ => Language::En,
            },
        }
    }
}

/// `ui.color`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// One mistake in a configuration file, at a 1-based line and column
/// (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

/// Parse the embedded defaults merged with an optional user file, given as
/// (name for messages, text). Returns every error found, sorted by file and
/// position.
pub fn load(user: Option<(&str, &str)>) -> Result<Config, Vec<ConfigError>> {
    let mut builder = parse::Builder::default();
    builder.layer(DEFAULT_NAME, DEFAULT_TOML);
    if let Some((name, text)) = user {
        builder.layer(name, text);
    }
    builder.finish()
}

/// Which file is in effect: `--config FILE`, then `$XEMTIN_CONFIG` (if not
/// empty), then `<platform config dir>/xemtin/config.toml` if it exists,
/// else `None` (the embedded defaults alone). Reads no environment itself:
/// `platform_dir` is what `dirs::config_dir()` returned.
pub fn locate(
    cli: Option<&Path>,
    env: Option<&OsStr>,
    platform_dir: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(path) = cli {
        return Some(path.to_path_buf());
    }
    if let Some(path) = env.filter(|e| !e.is_empty()) {
        return Some(PathBuf::from(path));
    }
    platform_dir
        .map(|dir| dir.join("xemtin").join("config.toml"))
        .filter(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::keymap::{Context, parse_sequence};
    use ratatui::style::{Color, Modifier, Style};

    fn load_ok(text: &str) -> Config {
        match load(Some(("test.toml", text))) {
            Ok(c) => c,
            Err(errors) => panic!("{errors:#?}"),
        }
    }

    fn load_err(text: &str) -> Vec<String> {
        match load(Some(("test.toml", text))) {
            Ok(_) => panic!("expected errors for:\n{text}"),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    fn seq(s: &str) -> Vec<crate::keymap::Key> {
        match parse_sequence(s) {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        }
    }

    fn k_get(c: &Config, ctx: Context, keys: &str) -> Option<Vec<Action>> {
        c.keys.get(ctx, &seq(keys)).map(<[Action]>::to_vec)
    }

    #[test]
    fn defaults_load_cleanly_and_match_the_file() {
        let defaults = match load(None) {
            Ok(c) => c,
            Err(errors) => panic!("{errors:#?}"),
        };
        assert_eq!(
            Ok(defaults.clone()),
            load(Some(("config.toml", DEFAULT_TOML)))
        );
        assert_eq!(defaults.ui.key_timeout, Duration::from_millis(1000));
        assert!(defaults.ui.osc52);
        assert_eq!(
            k_get(&defaults, Context::Reader, "o"),
            Some(vec![Action::OpenLink])
        );
        assert_eq!(
            k_get(&defaults, Context::Reader, "y"),
            Some(vec![Action::CopyLink])
        );
        assert_eq!(
            k_get(&defaults, Context::List, "F"),
            Some(vec![Action::Fetch])
        );
        assert!(!load_ok("[ui]\nosc52 = false\n").ui.osc52);
        assert_eq!(defaults.reader.max_width, 100);
        assert_eq!(defaults.list.columns, Column::ALL.to_vec());
        let sel = defaults.theme.list_selected;
        assert!(
            sel.add_modifier
                .contains(Modifier::REVERSED | Modifier::BOLD)
        );
        let k = &defaults.keys;
        assert_eq!(k.get(Context::List, &seq("g")), Some(&[Action::First][..]));
        assert_eq!(
            k.get(Context::Global, &seq("C-c")),
            Some(&[Action::Quit][..])
        );
        assert_eq!(
            k.get(Context::Prompt, &seq("C-u")),
            Some(&[Action::ClearInput][..])
        );
        assert_eq!(
            k.get(Context::Reader, &seq("J")),
            Some(&[Action::NextArticle][..])
        );
    }

    #[test]
    fn every_action_has_a_default_key() {
        let defaults = load(None).unwrap_or_else(|e| panic!("{e:#?}"));
        for action in Action::ALL {
            let bound = Context::ALL
                .iter()
                .any(|c| !defaults.keys.keys_for(*c, *action).is_empty());
            assert!(bound, "{action} has no default key");
        }
    }

    #[test]
    fn user_file_merges_over_defaults() {
        let c = load_ok(
            r##"
[reader]
max_width = 72
[keys.list]
g = "none"
"g g" = "first"
x = ["down", "open"]
[theme]
list_date = 244
status = { fg = "#102030", bg = "black", italic = true }
"##,
        );
        assert_eq!(c.reader.max_width, 72);
        assert!(!c.reader.justify);
        assert_eq!(c.keys.get(Context::List, &seq("g")), None);
        assert_eq!(
            c.keys.get(Context::List, &seq("g g")),
            Some(&[Action::First][..])
        );
        assert_eq!(
            c.keys.get(Context::List, &seq("x")),
            Some(&[Action::Down, Action::Open][..])
        );
        assert_eq!(
            c.keys.get(Context::List, &seq("j")),
            Some(&[Action::Down][..])
        );
        assert_eq!(c.theme.list_date, Style::new().fg(Color::Indexed(244)));
        assert_eq!(
            c.theme.status,
            Style::new()
                .fg(Color::Rgb(16, 32, 48))
                .bg(Color::Black)
                .add_modifier(Modifier::ITALIC)
        );
    }

    #[test]
    fn all_errors_are_collected_in_order() {
        let errors = load_err(
            r#"[keys.list]
n = "dwn"
[reader]
max_width = 5
maxwidth = 80
[ui]
color = "sometimes"
"#,
        );
        assert_eq!(
            errors,
            vec![
                "test.toml:2:5: unknown action \"dwn\" — did you mean \"down\"?"
                    .to_string(),
                "test.toml:4:13: reader.max_width must be between 20 and 1000, not 5".into(),
                "test.toml:5:1: unknown option \"maxwidth\" in [reader] — did you mean \"max_width\"?"
                    .into(),
                "test.toml:7:9: ui.color must be one of \"auto\", \"always\", \"never\", not \"sometimes\""
                    .into(),
            ]
        );
    }

    #[test]
    fn feeds_are_added_by_the_user_file() {
        assert!(load(None).map(|c| c.feeds).unwrap_or_default().is_empty());
        let c = load_ok(
            r#"
[[feeds]]
url = "https://www.Example.com/rss/news.rss"
[[feeds]]
url = "http://127.0.0.1:8080/feed"
name = "local"
tags = ["test", "tin tức"]
"#,
        );
        assert_eq!(
            c.feeds,
            vec![
                FeedEntry {
                    url: "https://www.Example.com/rss/news.rss".into(),
                    name: "example-com-rss-news-rss".into(),
                    tags: vec![],
                    every_minutes: None,
                },
                FeedEntry {
                    url: "http://127.0.0.1:8080/feed".into(),
                    name: "local".into(),
                    tags: vec!["test".into(), "tin tức".into()],
                    every_minutes: None,
                },
            ]
        );
    }

    #[test]
    fn the_documented_feed_example_loads_as_described() {
        let example: String = DEFAULT_TOML
            .lines()
            .skip_while(|l| *l != "# [[feeds]]")
            .take_while(|l| l.starts_with("# "))
            .map(|l| format!("{}\n", &l[2..]))
            .collect();
        assert!(example.starts_with("[[feeds]]\nurl = "), "{example}");
        let c = load_ok(&example);
        assert_eq!(c.feeds.len(), 1);
        assert_eq!(c.feeds[0].name, "example-news");
        assert_eq!(
            feed_name_from_url(&c.feeds[0].url),
            "example-com-rss-news-rss",
            "the comment above the example says so"
        );
    }

    #[test]
    fn language_resolution() {
        assert_eq!(
            LanguageChoice::Auto.resolve(Some("vi_VN.UTF-8")),
            Language::Vi
        );
        assert_eq!(LanguageChoice::Auto.resolve(Some("VI")), Language::Vi);
        assert_eq!(
            LanguageChoice::Auto.resolve(Some("en_US.UTF-8")),
            Language::En
        );
        assert_eq!(LanguageChoice::Auto.resolve(Some("v")), Language::En);
        assert_eq!(LanguageChoice::Auto.resolve(None), Language::En);
        assert_eq!(LanguageChoice::Vi.resolve(Some("en_US")), Language::Vi);
        assert_eq!(LanguageChoice::En.resolve(Some("vi_VN")), Language::En);
    }

    #[test]
    fn locate_order() {
        let dir = std::env::temp_dir().join(format!("xemtin-locate-{}", std::process::id()));
        let file = dir.join("xemtin").join("config.toml");
        let cli = Path::new("/cli.toml");
        let env = OsStr::new("/env.toml");
        assert_eq!(
            locate(Some(cli), Some(env), Some(&dir)),
            Some(cli.to_path_buf())
        );
        assert_eq!(
            locate(None, Some(env), Some(&dir)),
            Some(PathBuf::from("/env.toml"))
        );
        assert_eq!(locate(None, Some(OsStr::new("")), Some(&dir)), None);
        assert_eq!(locate(None, None, Some(&dir)), None);
        assert_eq!(locate(None, None, None), None);
        std::fs::create_dir_all(file.parent().unwrap_or(&dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&file, "").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(locate(None, None, Some(&dir)), Some(file.clone()));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_of_errors_reports_fifty_and_how_many_more() {
        // Found by fuzzing: 35,000 lines of "}" took about a minute (every error
        // counted lines from the start of the file).
        let text = format!("[ui]\n{}", "}\n".repeat(10_000));
        let errors = load_err(&text);
        assert_eq!(errors.len(), 51);
        assert!(
            errors[0].starts_with("test.toml:2:1: TOML syntax:"),
            "{}",
            errors[0]
        );
        assert!(errors[49].starts_with("test.toml:51:1: "), "{}", errors[49]);
        assert_eq!(
            errors[50],
            "test.toml:52:1: 9950 more errors from here on are not shown; fix the ones above first (is this a config.toml?)"
        );
    }

    #[test]
    fn positions_far_down_a_long_file() {
        let mut text = String::from("[keys.list]\n");
        for c in ('\u{4e00}'..).take(5000) {
            text.push_str(&format!("\"{c}\" = \"down\"\n"));
        }
        text.push_str("  \"é y\" = \"nxt\"\n");
        let errors = load_err(&text);
        assert_eq!(errors.len(), 1);
        // column 11: characters, not bytes ("é" is two bytes)
        assert!(
            errors[0].starts_with("test.toml:5002:11: unknown action"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn repeats_among_thousands_of_feeds_are_found() {
        // The parsers bench found the repeat check quadratic in the number
        // of feeds; it is a lookup now.
        let mut text: String = (0..3000)
            .map(|i| format!("[[feeds]]\nurl = \"https://example.com/{i}.xml\"\n"))
            .collect();
        text.push_str("[[feeds]]\nurl = \"https://example.com/1234.xml\"\n");
        text.push_str(
            "[[feeds]]\nurl = \"https://other.example/x.xml\"\nname = \"EXAMPLE-COM-7-XML\"\n",
        );
        let errors = load_err(&text);
        assert_eq!(
            errors,
            [
                "test.toml:6002:7: feed \"https://example.com/1234.xml\" is already listed on line 2470",
                "test.toml:6005:8: feed name \"EXAMPLE-COM-7-XML\" is already used on line 16",
            ]
        );
    }

    #[test]
    fn quoted_control_characters_are_escaped_in_messages() {
        // Found by fuzzing: a table named by an escape sequence was quoted
        // raw, so printing the error cleared the screen.
        let errors = load_err("[\"\\u001b[2J\u{202e}\"]\nx = 1\n");
        assert_eq!(errors.len(), 1);
        assert!(!errors[0].contains('\u{1b}') && !errors[0].contains('\u{202e}'));
        assert!(errors[0].contains("\\u{1b}[2J\\u{202e}"), "{}", errors[0]);
    }
}
