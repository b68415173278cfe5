//! The xemtin binary: parse the command line, load the configuration and
//! the data folder, run the TUI or a subcommand. The only place that exits.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use xemtin::app::reader::ReaderLayout;
use xemtin::app::{self, App};
use xemtin::catalog::Memory;
use xemtin::cli::{Cli, ColorArg, Command};
use xemtin::commands::{self, Failure};
use xemtin::config::{self, ColorChoice, Config};
use xemtin::i18n::Language;
use xemtin::ui::Chrome;
use xemtin::{ingest, keyhelp, tui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let mut err = io::stderr();
            let _ = writeln!(err, "xemtin: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// The configuration file in effect, if any, from --config, $XEMTIN_CONFIG
/// or the platform folder.
fn config_path(cli: &Cli) -> Option<PathBuf> {
    let env = std::env::var_os("XEMTIN_CONFIG");
    let platform = dirs::config_dir().map(|d| d.join("xemtin").join("config.toml"));
    config::locate(cli.config.as_deref(), env.as_deref(), platform.as_deref())
}

/// Load the configuration; every error comes back as one line with its position.
fn load_config(path: Option<&Path>) -> Result<Config, Vec<String>> {
    let text = match path {
        None => None,
        Some(p) => match std::fs::read_to_string(p) {
            Ok(t) => Some((p.display().to_string(), t)),
            Err(e) => {
                return Err(vec![format!(
                    "{}: cannot read the configuration: {e}",
                    p.display()
                )]);
            }
        },
    };
    config::load(text.as_ref().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

fn config_or_exit(path: Option<&Path>) -> Result<Config, Failure> {
    load_config(path).map_err(|errors| {
        let mut err = io::stderr();
        for e in &errors {
            let _ = writeln!(err, "{e}");
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
fn data_dir(cli: &Cli) -> Result<PathBuf, Failure> {
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
        .map(|d| d.join("xemtin"))
        .ok_or_else(|| Failure::new("no data folder: pass --data DIR", 2))?;
    if !platform.is_dir() {
        eprintln!(
            "xemtin: no ./data here and {} does not exist: put articles there or pass --data DIR",
            platform.display()
        );
    }
    Ok(platform)
}

fn language(config: &Config) -> Language {
    let locale = ["LC_ALL", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty());
    config.ui.language.resolve(locale.as_deref())
}

fn use_color(cli: &Cli, config: &Config) -> bool {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return cli.color == Some(ColorArg::Always);
    }
    match cli.color {
        Some(ColorArg::Always) => true,
        Some(ColorArg::Never) => false,
        Some(ColorArg::Auto) | None => config.ui.color != ColorChoice::Never,
    }
}

fn reader_layout(config: &Config) -> ReaderLayout {
    ReaderLayout {
        max_width: config.reader.max_width,
        justify: config.reader.justify,
        paragraph_spacing: config.reader.paragraph_spacing,
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn run(cli: Cli) -> Result<(), Failure> {
    let path = config_path(&cli);
    let mut out = io::stdout().lock();
    match &cli.command {
        Some(Command::Config {
            default,
            path: want_path,
        }) => {
            if *want_path {
                match &path {
                    Some(p) => writeln!(out, "{}", p.display())?,
                    None => writeln!(out, "(none: the built-in defaults are in effect)")?,
                }
            }
            if *default || !*want_path {
                write!(out, "{}", config::DEFAULT_TOML)?;
            }
            return Ok(());
        }
        Some(Command::Check) => {
            let config_errors = load_config(path.as_deref()).err().unwrap_or_default();
            let scan = ingest::scan(&data_dir(&cli)?);
            return commands::check::run(&scan, &config_errors, &mut out);
        }
        _ => {}
    }
    let config = config_or_exit(path.as_deref())?;
    let lang = language(&config);
    match &cli.command {
        Some(Command::Keys) => {
            write!(out, "{}", keyhelp::keys_table(&config.keys, lang))?;
            Ok(())
        }
        Some(Command::List {
            date,
            json,
            unread,
            starred,
            source,
        }) => {
            let filter = commands::list::filter(
                date.as_deref(),
                source.as_deref(),
                *unread,
                *starred,
                today(),
            )?;
            let mut catalog = Memory::new(ingest::scan(&data_dir(&cli)?).articles);
            commands::list::run(&mut catalog, &filter, *json, &mut out)
        }
        Some(Command::Search {
            query,
            date,
            newest,
            json,
        }) => {
            let mut filter = commands::list::filter(date.as_deref(), None, false, false, today())?;
            filter.text = Some(query.clone());
            filter.by_relevance = !*newest;
            let mut catalog = Memory::new(ingest::scan(&data_dir(&cli)?).articles);
            commands::list::run(&mut catalog, &filter, *json, &mut out)
        }
        Some(Command::Show { id, width }) => {
            let mut catalog = Memory::new(ingest::scan(&data_dir(&cli)?).articles);
            let layout = reader_layout(&config);
            commands::show::run(&mut catalog, id, *width, layout, lang, &mut out)
        }
        None => {
            drop(out);
            run_tui(&cli, &config, lang)
        }
        Some(
            Command::Config { .. } | Command::Check | Command::Mark { .. } | Command::Index { .. },
        ) => Ok(()),
    }
}

fn run_tui(cli: &Cli, config: &Config, lang: Language) -> Result<(), Failure> {
    let data = data_dir(cli)?;
    let scan = ingest::scan(&data);
    let options = app::Options {
        layout: reader_layout(config),
        language: lang,
        today: today(),
        help: keyhelp::help_entries(&config.keys, lang),
        skipped: scan.skipped.len(),
    };
    let mut catalog = Memory::new(scan.articles);
    let app = App::new(options, 80, 24, &mut catalog);
    let theme = if use_color(cli, config) {
        config.theme.clone()
    } else {
        config.theme.without_colors()
    };
    let chrome = Chrome {
        theme,
        ascii_borders: config.ui.ascii_borders,
        hints: keyhelp::hints(&config.keys, lang),
        pending: None,
        columns: config.list.columns.clone(),
        date_format: config.list.date_format.clone(),
    };
    let finished = tui::run(
        app,
        &mut catalog,
        &config.keys,
        chrome,
        config.ui.key_timeout,
        None,
    )
    .map_err(|e| Failure::new(format!("terminal error: {e}"), 1))?;
    match finished.signal {
        // the shell's convention for a process ended by a signal
        Some(sig) => Err(Failure::new(
            format!("stopped by signal {sig}; the terminal was restored"),
            u8::try_from(128 + sig).unwrap_or(1),
        )),
        None => Ok(()),
    }
}
