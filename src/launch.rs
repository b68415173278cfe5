//! Everything a command needs from its environment, resolved once: the
//! configuration file, the data folder, the language, colour, and the store.
//! Failures come back as messages for main to print.

use std::path::{Path, PathBuf};

use crate::app::reader::ReaderLayout;
use crate::cli::{Cli, ColorArg};
use crate::commands::Failure;
use crate::config::{self, ColorChoice, Config};
use crate::i18n::Language;
use crate::store::{Notice, Store, StorePaths, SyncReport, sync};

/// The configuration file in effect, if any: --config, $XEMTIN_CONFIG, or
/// the platform folder.
pub fn config_path(cli: &Cli) -> Option<PathBuf> {
    let env = std::env::var_os("XEMTIN_CONFIG");
    let platform = dirs::config_dir();
    config::locate(cli.config.as_deref(), env.as_deref(), platform.as_deref())
}

/// Where the user's own configuration file goes when there is none yet.
pub fn user_config_file() -> Result<PathBuf, Failure> {
    dirs::config_dir()
        .map(|d| d.join("xemtin").join("config.toml"))
        .ok_or_else(|| {
            Failure::new(
                "cannot find the platform config folder: pass --config FILE",
                2,
            )
        })
}

/// Load the configuration; every error comes back as one line with its position.
pub fn load_config(path: Option<&Path>) -> Result<Config, Vec<String>> {
    let text = match path {
        None => None,
        Some(p) => match std::fs::read_to_string(p) {
            Ok(t) => Some((p.display().to_string(), t)),
            Err(e) => {
                return Err(vec![format!(
                    "{}: cannot read the configuration: {e}; check the path or remove --config",
                    p.display()
                )]);
            }
        },
    };
    config::load(text.as_ref().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

/// The configuration, or every error printed to stderr and exit status 2.
pub fn config_or_fail(path: Option<&Path>) -> Result<Config, Failure> {
    load_config(path).map_err(|errors| {
        for e in &errors {
            crate::commands::to_stderr(format_args!("{e}\n"));
        }
        Failure::new(
            format!(
                "{} error(s) in the configuration; nothing was started",
                errors.len()
            ),
            2,
        )
    })
}

/// --data, else ./data if it exists, else the platform data folder.
pub fn data_dir(cli: &Cli) -> Result<PathBuf, Failure> {
    if let Some(d) = &cli.data {
        if !d.is_dir() {
            return Err(Failure::new(
                format!(
                    "the data folder {} does not exist or is not a folder",
                    d.display()
                ),
                2,
            ));
        }
        return Ok(d.clone());
    }
    let local = PathBuf::from("data");
    if local.is_dir() {
        return Ok(local);
    }
    let platform = dirs::data_dir()
        .map(|d| d.join("xemtin").join("articles"))
        .ok_or_else(|| Failure::new("no data folder: pass --data DIR", 2))?;
    if !platform.is_dir() {
        crate::commands::to_stderr(format_args!(
            "xemtin: no ./data here and {} does not exist: put articles there or pass --data DIR\n",
            platform.display()
        ));
        std::fs::create_dir_all(&platform)
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", platform.display()), 2))?;
    }
    Ok(platform)
}

/// The language: `ui.language`, else LC_ALL, else LANG.
pub fn language(config: &Config) -> Language {
    let locale = ["LC_ALL", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty());
    config.ui.language.resolve(locale.as_deref())
}

/// Colour unless NO_COLOR, --color never or `ui.color = "never"` says otherwise.
pub fn use_color(cli: &Cli, config: &Config) -> bool {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return cli.color == Some(ColorArg::Always);
    }
    match cli.color {
        Some(ColorArg::Always) => true,
        Some(ColorArg::Never) => false,
        Some(ColorArg::Auto) | None => config.ui.color != ColorChoice::Never,
    }
}

pub fn reader_layout(config: &Config) -> ReaderLayout {
    ReaderLayout {
        max_width: config.reader.max_width,
        justify: config.reader.justify,
        paragraph_spacing: config.reader.paragraph_spacing,
    }
}

pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Where the index (--index, else the cache folder) and the state live.
pub fn store_paths(cli: &Cli, data: &Path) -> Result<StorePaths, Failure> {
    let mut paths = StorePaths::default_for(data).ok_or_else(|| {
        Failure::new(
            "cannot find the platform cache and data folders: set HOME",
            2,
        )
    })?;
    if let Some(index) = &cli.index {
        paths.index = index.clone();
    }
    Ok(paths)
}

fn store_failure(e: impl std::fmt::Display) -> Failure {
    Failure::new(e.to_string(), 1)
}

/// Open the store; notices (a moved-aside index, read-only state) go to stderr.
pub fn open_store(paths: &StorePaths, data: &Path) -> Result<Store, Failure> {
    let (store, notices) = Store::open(paths, data).map_err(store_failure)?;
    print_notices(&notices);
    Ok(store)
}

pub fn print_notices(notices: &[Notice]) {
    for n in notices {
        crate::commands::to_stderr(format_args!("xemtin: {n}\n"));
    }
}

/// Open the index, brought up to date first unless nothing says the data
/// folder changed: no folder changed since the last finished sync, and the
/// files of the articles `ids` (about to be shown or marked) are as it left
/// them (see `store/fresh.rs`). What every command that reads articles
/// does first; on an unchanged folder it lists nothing.
pub fn checked_store(cli: &Cli, ids: &[&str]) -> Result<Store, Failure> {
    let data = data_dir(cli)?;
    let paths = store_paths(cli, &data)?;
    if paths.index.exists() {
        let (mut store, notices) = Store::open(&paths, &data).map_err(store_failure)?;
        // said once, whichever way the store comes back
        print_notices(&notices);
        store.for_one_command();
        if store.folders_unchanged() && store.files_unchanged(ids) {
            return Ok(store);
        }
    }
    synced_store(cli)
}

/// Bring the index up to date (comparing every file), then open it.
pub fn synced_store(cli: &Cli) -> Result<Store, Failure> {
    let data = data_dir(cli)?;
    let paths = store_paths(cli, &data)?;
    let report: SyncReport = sync(&paths, &data, false, &mut |_| {}).map_err(store_failure)?;
    print_notices(&report.notices);
    let mut store = open_store(&paths, &data)?;
    store.for_one_command();
    Ok(store)
}
